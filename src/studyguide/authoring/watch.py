"""`studyguide watch`: rebuild on save; a preview on 127.0.0.1 reloads the browser after each build."""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..build.options import Settings
from ..build.run import build
from ..errors import StudyGuideError, explain
from ..outputs.requests import default_requests

POLL_MS = 600  # how often the page asks whether a newer build exists
DEBOUNCE_MS = 300  # saves this close together make one rebuild
WAKE_MS = 500  # the watcher wakes at least this often (the first build waits for its first wake-up)


class State:
    """The last build, shared by the watcher (writes) and the preview's request threads (read)."""

    def __init__(self, out: Path):
        self.out, self.lock = Path(out), threading.Lock()
        self.version, self.ok, self.messages, self.when = 0, False, ["building…"], ""

    def finish(self, ok: bool, messages: list[str]) -> None:
        with self.lock:
            self.version, self.ok, self.messages = self.version + 1, ok, messages
            self.when = time.strftime("%H:%M:%S")

    def snapshot(self) -> dict:
        with self.lock:
            return {"version": self.version, "ok": self.ok, "messages": list(self.messages), "built": self.when}

    def pdfs(self) -> list[str]:
        """The PDFs under the output folder, the guide first (the page shows the first one)."""
        names = [p.relative_to(self.out).as_posix() for p in self.out.rglob("*.pdf")] if self.out.is_dir() else []
        return sorted(names, key=lambda name: (name != "guide.pdf", name))


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>studyguide preview</title>
<style>
 body {{ font: 15px/1.4 system-ui, sans-serif; margin: 0; display: flex; height: 100vh; }}
 nav {{ width: 18rem; padding: 1rem; overflow: auto; border-right: 1px solid #ccc; }}
 nav a {{ display: block; padding: .2rem 0; }} nav a.on {{ font-weight: bold; }}
 .bad {{ color: #a00; }} pre {{ white-space: pre-wrap; font-size: 13px; }}
 iframe {{ flex: 1; border: 0; }}
</style></head>
<body><nav><h1>Preview</h1><p class="{status_class}">{status}</p>{messages}{links}</nav>
<iframe name="pdf" title="PDF preview"></iframe>
<script>
const version = {version};
const links = [...document.querySelectorAll("nav a")];
function show(name) {{
  const link = links.find(a => a.dataset.name === name) || links[0];
  if (!link) return;
  links.forEach(a => a.classList.toggle("on", a === link));
  document.querySelector("iframe").src = link.href;
}}
links.forEach(a => a.addEventListener("click", e => {{ e.preventDefault(); location.hash = a.dataset.name; show(a.dataset.name); }}));
show(decodeURIComponent(location.hash.slice(1)));
async function poll() {{
  try {{
    const answer = await (await fetch("/version", {{cache: "no-store"}})).json();
    if (answer.version !== version) {{ location.reload(); return; }}
  }} catch (e) {{}}
  setTimeout(poll, {poll});
}}
setTimeout(poll, {poll});
</script></body></html>
"""


def page(state: State) -> str:
    snap = state.snapshot()
    status = (f"Built at {snap['built']} (build {snap['version']})" if snap["ok"] else
              "Building…" if not snap["version"] else f"Build failed at {snap['built']}: showing the last good PDFs")
    messages = "".join(f"<pre>{html.escape(m)}</pre>" for m in snap["messages"] if not snap["ok"] or m)
    links = "".join(f'<a data-name="{html.escape(name)}" href="/files/{quote(name)}?v={snap["version"]}">'
                    f"{html.escape(name)}</a>" for name in state.pdfs()) or "<p>No PDFs yet.</p>"
    return PAGE.format(status=html.escape(status), status_class="" if snap["ok"] else "bad",
                       messages=messages, links=links, version=snap["version"], poll=POLL_MS)


class Handler(BaseHTTPRequestHandler):
    server: Preview

    def do_GET(self):  # noqa: N802  (the name http.server calls)
        path = unquote(urlsplit(self.path).path)
        state = self.server.state
        if path == "/":
            self._send(200, "text/html; charset=utf-8", page(state).encode("utf-8"))
        elif path == "/version":
            self._send(200, "application/json", json.dumps(state.snapshot()).encode("utf-8"))
        elif path.startswith("/files/") and path.endswith(".pdf"):
            target = (state.out / path[len("/files/"):]).resolve()
            inside = target.is_relative_to(state.out.resolve()) and target.is_file()
            if inside:
                self._send(200, "application/pdf", target.read_bytes())
            else:
                self._send(404)
        else:
            self._send(404)

    def _send(self, status: int, kind: str = "text/plain; charset=utf-8", body: bytes = b"not found\n"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002  requests are not news
        pass


class Preview(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, state: State):
        self.state = state
        try:
            super().__init__(("127.0.0.1", port), Handler)  # never on other interfaces
        except OSError as exc:
            raise StudyGuideError(f"cannot serve the preview on 127.0.0.1:{port}: {exc.strerror or exc}; "
                                  "choose another with --port, or --port 0 for any free one") from None

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/"


def rebuild(settings: Settings, out: Path, state: State, echo: Callable[[str], None]) -> None:
    """Build everything once; on failure print why and leave the last good PDFs in place."""
    started = time.perf_counter()
    try:
        report = build(default_requests(), settings, out)
    except StudyGuideError as exc:
        lines = explain(exc).lines
        state.finish(False, lines)
        echo("\n".join(lines) + "\nbuild failed; the previous PDFs are kept")
        return
    written = ", ".join(str(p) for p in report.written) or "nothing changed"
    state.finish(True, [f"warning: {w}" for w in report.warnings])
    echo(f"built in {time.perf_counter() - started:.1f} s: {written}")


def _ignored(settings: Settings, out: Path) -> Callable:
    import watchfiles

    default = watchfiles.DefaultFilter()
    skip = [Path(out).resolve()] + ([Path(settings.cache).resolve()] if settings.cache else [])

    def keep(change, path: str) -> bool:
        # Writing the PDFs must never trigger another build, even with --out inside the content;
        # names without a suffix are editors' and sed's scratch files (4913, sedAbC123).
        return (default(change, path) and bool(Path(path).suffix)
                and not any(Path(path).is_relative_to(root) for root in skip))

    return keep


def watch(settings: Settings, out: Path, port: int = 8000, stop: threading.Event | None = None,
          echo: Callable = print, ready: Callable[[Preview], None] | None = None) -> None:
    """Serve the preview, build, then rebuild after each burst of saves until `stop` or Ctrl-C."""
    import watchfiles

    if not Path(settings.content).is_dir():
        raise StudyGuideError(f"{settings.content}: content folder not found")
    state = State(out)
    server = Preview(port, state)
    serving = threading.Thread(target=server.serve_forever, name="preview", daemon=True)
    serving.start()
    try:
        echo(f"preview: {server.address}  (Ctrl-C stops)")
        if ready:
            ready(server)
        # The first build runs at the first wake-up, once the watcher is live: a save made while
        # it runs is never missed. Quiet wake-ups after that do nothing.
        first = True
        for changes in watchfiles.watch(settings.content, watch_filter=_ignored(settings, out), debounce=DEBOUNCE_MS,
                                        stop_event=stop, rust_timeout=WAKE_MS, yield_on_timeout=True):
            if changes:
                echo(f"changed: {', '.join(sorted({Path(path).name for _, path in changes}))}")
            elif not first:
                continue
            first = False
            rebuild(settings, out, state, echo)
    finally:
        server.shutdown()
        server.server_close()
        serving.join(timeout=5)
