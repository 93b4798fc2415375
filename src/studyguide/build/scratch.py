"""The command's scratch folder in $TMPDIR, and the leftovers of commands that were killed.

Everything the typesetter writes to the temporary folder (WeasyPrint's copies of the fonts, tens
of megabytes a process), and the parts and documents a build's processes hand to each other
(`stored`), go into one folder per command, studyguide-<pid>-<random>, removed
when the command ends, on Ctrl-C and SIGTERM too. A command killed outright (SIGKILL, a power
cut) cannot remove its own; the next command removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PREFIX = "studyguide-"
_OURS = re.compile(rf"^{PREFIX}(\d+)-")
# Folders earlier versions (and WeasyPrint on its own) left; one this old is nobody's any more.
OLD_FONT_FOLDER = re.compile(r"^weasyprint-")
OLD_AFTER_SECONDS = 3600
# Python's multiprocessing keeps the socket of the server workers are forked from in a folder
# pymp-<random> (on Python 3.11; later versions use no file), removed when the command exits.
_RUNTIME = re.compile(r"^pymp-")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # someone else's live process
    return False


def leftovers(include_old_font_folders: bool = False) -> list[Path]:
    """Scratch folders in $TMPDIR whose command has ended (and, if asked, old WeasyPrint font folders)."""
    root, found = Path(tempfile.gettempdir()), []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    for entry in entries:
        ours = _OURS.match(entry.name)
        if ours and entry.is_dir(follow_symlinks=False) and _gone(int(ours[1])):
            found.append(Path(entry.path))
        elif _RUNTIME.match(entry.name) and entry.is_dir(follow_symlinks=False) and _dead_server(Path(entry.path)):
            found.append(Path(entry.path))
        elif include_old_font_folders and OLD_FONT_FOLDER.match(entry.name) and entry.is_dir(follow_symlinks=False):
            if time.time() - entry.stat(follow_symlinks=False).st_mtime > OLD_AFTER_SECONDS:
                found.append(Path(entry.path))
    return sorted(found)


def _dead_server(folder: Path) -> bool:
    """A multiprocessing folder whose command was killed: it holds only server sockets, and none
    is bound any more (Linux lists every bound socket in /proc/net/unix; connecting to a live
    server to find out would disturb it)."""
    try:
        entries = list(os.scandir(folder))
        bound = Path("/proc/net/unix").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if not entries or not all(entry.name.startswith("listener-") and _is_socket(entry) for entry in entries):
        return False
    return not any(entry.path in bound for entry in entries)


def _is_socket(entry: os.DirEntry) -> bool:
    return stat.S_ISSOCK(entry.stat(follow_symlinks=False).st_mode)


def size(paths: list[Path]) -> int:
    return sum(p.stat().st_size for path in paths for p in path.rglob("*") if p.is_file())


def remove(paths: list[Path]) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A fresh scratch folder for this command, removed when the block ends however it ends."""
    remove(leftovers())
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-") as folder:
        yield Path(folder)
