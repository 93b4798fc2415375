"""`studyguide watch`: rebuild after a save, keep the last good PDFs, and tell the browser to reload."""

from __future__ import annotations

import json
import queue
import threading
import time
import urllib.error
import urllib.request

import pytest
import yaml

from studyguide.authoring import watch as watching
from studyguide.build.options import Settings

from bankfactory import make_bank, question
from pdfutil import norm, page_texts

TIMEOUT = 60  # seconds for one rebuild on a busy machine; the usual is under 3


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def snapshot(base: str) -> dict:
    return json.loads(get(base + "version")[2])


def wait_for_version(base: str, version: int) -> dict:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        state = snapshot(base)
        if state["version"] >= version:
            return state
        time.sleep(0.1)
    pytest.fail(f"no build {version} within {TIMEOUT} s; last state {state}")


@pytest.fixture
def watching_bank(tmp_path, monkeypatch):
    """watch() on a one-chapter bank in a thread, port 0; yields (content, out, base URL, messages)."""
    content = make_bank(tmp_path, categories={"alpha": [question(1, "alpha")]}, batches={})
    out = tmp_path / "dist"
    stop, ready, messages = threading.Event(), queue.Queue(), []
    monkeypatch.setattr(watching, "DEBOUNCE_MS", 100)
    thread = threading.Thread(target=watching.watch, args=(Settings(content=content), out, 0),
                              kwargs={"stop": stop, "echo": messages.append, "ready": ready.put})
    thread.start()
    try:
        server = ready.get(timeout=10)
        yield content, out, server.address, messages
    finally:
        stop.set()
        thread.join(timeout=15)
    assert not thread.is_alive(), "watch did not stop"
    with pytest.raises(OSError):  # the preview is gone with it
        urllib.request.urlopen(server.address + "version", timeout=2)


def test_watch_rebuilds_on_save_and_signals_a_reload(watching_bank):
    content, out, base, messages = watching_bank
    assert base.startswith("http://127.0.0.1:") and not base.endswith(":0/")
    assert messages[0] == f"preview: {base}  (Ctrl-C stops)"
    first = wait_for_version(base, 1)
    assert first["ok"] is True
    pdf = (out / "guide.pdf").read_bytes()
    status, kind, body = get(base)
    assert (status, kind) == (200, "text/html; charset=utf-8")
    page = body.decode()
    assert f'href="/files/guide.pdf?v={first["version"]}"' in page
    assert 'fetch("/version"' in page and "location.reload()" in page
    assert get(base + "files/guide.pdf")[1:] == ("application/pdf", pdf)

    # A save: the version moves on, the PDF is rewritten with the new text.
    path = content / "categories" / "alpha.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc["questions"][0]["question"] = "What changed while watching?"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    second = wait_for_version(base, first["version"] + 1)
    assert second["ok"] is True
    rebuilt = (out / "guide.pdf").read_bytes()
    assert rebuilt != pdf
    assert "What changed while watching?" in norm(" ".join(page_texts(rebuilt)))
    assert "changed: alpha.yaml" in messages
    assert any(m.startswith("built in ") and "guide.pdf" in m for m in messages)

    # A broken save: the problem is shown, the last good PDF stays.
    path.write_text("title: [unclosed\n", encoding="utf-8")
    third = wait_for_version(base, second["version"] + 1)
    assert third["ok"] is False
    assert any(m.startswith(f"{path}:") for m in third["messages"])
    assert (out / "guide.pdf").read_bytes() == rebuilt
    assert "Build failed at" in get(base)[2].decode()
    assert any("build failed; the previous PDFs are kept" in m for m in messages)


def test_preview_serves_only_pdfs_inside_the_output_folder(watching_bank, tmp_path):
    _, out, base, _ = watching_bank
    wait_for_version(base, 1)
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.7 private")
    assert get(base + "files/../secret.pdf")[0] == 404
    assert get(base + "files/%2e%2e/secret.pdf")[0] == 404
    assert get(base + "files/guide.yaml")[0] == 404
    assert get(base + "nothing-here")[0] == 404


def test_a_busy_port_is_explained(run, tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("watch", "--content", make_bank(tmp_path), "--port", port)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot serve the preview on 127.0.0.1:{port}: ")
    assert result.stderr.endswith("choose another with --port, or --port 0 for any free one\n")
