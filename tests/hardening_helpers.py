"""Helpers for the hardening tests: output snapshots, failing-command checks, a canary web server."""

from __future__ import annotations

import hashlib
import http.server
import os
import threading
import time
from pathlib import Path

from bankfactory import make_bank, question

ALPHA_HEAD = "title: Alpha\nicon: ☁️\nsummary: About alpha.\nquestions:\n"


def tiny_bank(tmp_path: Path, batches: dict | None = None) -> Path:
    """Two one-question categories and no batch (unless given): the cheapest bank that builds."""
    return make_bank(tmp_path, {"alpha": [question(1, "alpha")], "beta": [question(1, "beta")]},
                     batches=batches if batches is not None else {})


def earlier_outputs(tmp_path: Path) -> Path:
    """An output folder holding what an earlier build left: files a failed build must not touch."""
    out = tmp_path / "dist"
    (out / "cheatsheets").mkdir(parents=True)
    (out / "guide.pdf").write_bytes(b"%PDF-1.7 earlier guide")
    (out / "cheatsheets" / "all.pdf").write_bytes(b"%PDF-1.7 earlier sheets")
    (out / "notes.txt").write_text("a file the user keeps here\n")
    return out


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) -> sha256 of its bytes."""
    if not folder.exists():
        return {}
    result = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root, name)
            result[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def temp_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.tmp"))


def assert_fails(result, expected: list[str], out: Path, before: dict[str, str], code: int = 1) -> None:
    """The command failed with exactly these stderr lines, no traceback, and `out` untouched."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert lines == expected, "\n".join(["stderr was:", *lines, "expected:", *expected])
    assert "Traceback" not in result.stderr + result.stdout
    after = snapshot(out)
    assert after == before, (before, after)  # byte-identical, and no temporary file left behind


def problems_footer(count: int) -> str:
    return f"error: {count} problem{'s' if count != 1 else ''} found; nothing was written"


class Canary:
    """A web server on 127.0.0.1 that records every request; it must see none.

    It answers with a tiny PNG/CSS so a fetch that got through would succeed (and be noticed),
    and it stops by itself after `lifetime` seconds even if a test forgets to stop it.
    """

    def __init__(self, lifetime: float = 120.0):
        self.requests: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server API
                canary.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 0.2
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._stop = threading.Event()
        self._deadline = time.monotonic() + lifetime
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            self.server.handle_request()
        self.server.server_close()

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
