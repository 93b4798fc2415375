"""Writes outputs safely: temporary files beside the targets, then renames, under a folder lock.

A reader, a crash, Ctrl-C, a kill or a full disk never leaves a half-written PDF: the bytes go
to temporary files first (flushed to disk), and only when every one of them is complete are
they renamed over the targets, all together. Two builds into one folder take turns.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from ..errors import OutputError
from ..names import reserved
from ..stored import Stored

LOCK_NAME = ".studyguide.lock"
LOCK_WAIT_SECONDS = 30.0  # writing takes well under a second; a longer wait means a stuck build
TEMP_SUFFIX = ".sg.tmp"
# .<name>.<8 random characters from mkstemp>.sg.tmp: only files we make ever match.
_TEMP_RE = re.compile(r"^\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")

_commits = 0


def commit_count() -> int:
    """How many times this process has replaced outputs (so Ctrl-C can say whether it did)."""
    return _commits


def _fail(path: Path, exc: OSError, doing: str = "cannot write") -> OutputError:
    return OutputError(f"{path}: {doing}: {exc.strerror or exc}")


def _same(path: Path, value: bytes | Stored) -> bool:
    size = value.size if isinstance(value, Stored) else len(value)
    try:
        if not path.is_file() or path.stat().st_size != size:
            return False
        return path.read_bytes() == (value.read() if isinstance(value, Stored) else value)
    except OSError:
        return False


def _write_temp(path: Path, value: bytes | Stored) -> str:
    """`value` in a flushed temporary file beside `path`; the caller renames or removes it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(value, Stored):  # copied across, never held whole
                with open(value.path, "rb") as stored:
                    shutil.copyfileobj(stored, handle)
            else:
                handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_atomic(path: Path, data: bytes) -> bool:
    """Write one file (no folder lock) unless it already holds `data`; return True if written."""
    path = Path(path)
    if _same(path, data):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _write_temp(path, data)
    except OSError as exc:
        raise _fail(path, exc) from None
    try:
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise _fail(path, exc) from None
    return True


def write_all(outputs: dict[Path, bytes | Stored], root: Path | None = None) -> list[Path]:
    """Write every output (only after all of them rendered); return those that changed.

    Either every changed output is replaced or none is: a failure while writing the temporary
    files removes them and leaves the earlier outputs byte-identical.
    """
    global _commits
    if not outputs:
        return []
    root = Path(root) if root is not None else Path(os.path.commonpath([Path(p).parent for p in outputs]))
    targets = {Path(p): data for p, data in sorted(outputs.items())}
    for path in targets:
        _check_target(path, root)
    _make_folder(root)
    with folder_lock(root):
        remove_stale_temps(root)
        changed = {path: data for path, data in targets.items() if not _same(path, data)}
        temps: dict[Path, str] = {}
        try:
            for path, data in changed.items():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    temps[path] = _write_temp(path, data)
                except OSError as exc:
                    raise _fail(path, exc) from None
        except BaseException:
            for tmp in temps.values():
                _remove(tmp)
            raise
        with _signals_deferred():
            try:
                for path, tmp in temps.items():
                    os.replace(tmp, path)
            except OSError as exc:  # pragma: no cover - a rename in one folder does not fail in practice
                for tmp in temps.values():
                    _remove(tmp)
                raise _fail(path, exc) from None
            finally:
                _commits += bool(temps)
            _sync_folders({path.parent for path in temps})
    return list(changed)


def _check_target(path: Path, root: Path) -> None:
    # Ids and slugs are validated where they are read; this is the last line of defence.
    resolved, folder = path.resolve(), root.resolve()
    if not resolved.is_relative_to(folder):
        raise OutputError(f"{path}: refusing to write outside the output folder {root}")
    for part in resolved.relative_to(folder).parts:
        if reserved(part):
            raise OutputError(f"{path}: '{part}' is a name Windows reserves for a device")
    if path.exists() and not path.is_file():
        raise OutputError(f"{path}: cannot write: a folder or special file is in the way")


def check_folder(root: Path) -> None:
    """Fail early (before minutes of rendering) if the output folder cannot be made or written."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise OutputError(f"{root}: cannot create the output folder: a file of that name is in the way")
    existing = root
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{root}: cannot create the output folder: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{root}: cannot write: permission denied on {existing}")


def _make_folder(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{root}: cannot create the output folder: a file of that name is in the way") from None
    except OSError as exc:
        raise _fail(root, exc, "cannot create the output folder") from None


@contextmanager
def folder_lock(root: Path, wait: float | None = None):
    """Hold the output folder's lock; refuse with the holder's pid if it is not freed in time."""
    from filelock import FileLock, Timeout

    path = Path(root) / LOCK_NAME
    lock = FileLock(str(path), timeout=LOCK_WAIT_SECONDS if wait is None else wait)
    try:
        lock.acquire()
    except Timeout:
        holder = _read_pid(path)
        raise OutputError(f"another build is writing to {root}{f' (pid {holder})' if holder else ''}; "
                          "try again when it finishes") from None
    except OSError as exc:
        raise _fail(Path(root), exc) from None
    try:
        _write_pid(path, str(os.getpid()))
        yield
    finally:
        # Removed while still held, so the folder keeps only outputs; a waiting build notices
        # the file is gone once it gets the lock, and starts over on a fresh one (filelock).
        _remove(path)
        lock.release()


def _write_pid(path: Path, text: str) -> None:
    try:
        with open(path, "r+", encoding="ascii") as handle:
            handle.truncate(0)
            handle.write(text)
    except OSError:
        pass  # the pid only makes the refusal message more helpful


def _read_pid(path: Path) -> str:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return text if text.isdigit() else ""


def remove_stale_temps(root: Path) -> list[Path]:
    """Remove temporary files a killed build left behind (call only while holding the lock)."""
    removed = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if _TEMP_RE.match(name):
                _remove(os.path.join(folder, name))
                removed.append(Path(folder, name))
    return removed


@contextmanager
def _signals_deferred():
    """Ctrl-C or SIGTERM waits until the renames are done (they take microseconds)."""
    blockable = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if not blockable:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _sync_folders(folders: set[Path]) -> None:
    # The renames themselves reach the disk only when each folder is synced (POSIX).
    if os.name != "posix":
        return
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
