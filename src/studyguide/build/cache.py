"""Content-addressed store of rendered parts: a part is rendered again only when its key changes."""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from importlib import metadata
from pathlib import Path

from .. import __version__, fonts
from ..errors import OutputError
from ..stored import Stored, data
from ..typeset.jobs import Typeset
from ..typeset.styles import icc_dir
from .write import write_atomic

FORMAT = 2  # bump when the layout of entries changes
FOLDER = ".studyguide-cache"  # beside the content folder, unless --cache names another


def default_folder(content: Path) -> Path:
    return Path(content).resolve().parent / FOLDER


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Identifies this copy of the program's own code, so an edited checkout never reuses stale entries."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def versions() -> str:
    """Everything outside the inputs that can change a part's bytes."""
    parts = [f"studyguide={__version__}", f"code={code_fingerprint()}", f"format={FORMAT}",
             f"fonts={fonts.fingerprint()}"]
    for dist in ("weasyprint", "pypdf", "pydyf", "fonttools", "tinycss2", "cssselect2", "markdown-it-py", "pygments"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=absent")
    return ";".join(parts)


@functools.lru_cache(maxsize=1)
def profiles_fingerprint() -> str:
    """Identifies the vendored colour profiles a press part embeds."""
    digest = hashlib.sha256()
    for path in sorted(icc_dir().glob("*.icc")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def part_key(html: str, styles_text: str, paper: str, base: str, variant: str = "") -> str:
    """The key of a part: its HTML, the full CSS it is laid out with, paper, and versions; for a
    PDF variant (the press edition's PDF/X-4), the variant and the profile it embeds too."""
    digest = hashlib.sha256()
    pieces = (versions(), paper, base, styles_text, html) + ((variant, profiles_fingerprint()) if variant else ())
    for piece in pieces:
        data = piece.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class PartCache:
    """Entries live in DIR/parts/ab/<key>.pdf with a <key>.json beside it; numbers derived from
    outputs (pages shipped) in DIR/numbers/ab/<key>.json."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.root / "parts" / key[:2]
        return folder / f"{key}.pdf", folder / f"{key}.json"

    def _read(self, key: str) -> tuple[dict, bytes] | None:
        """An entry's record and bytes, or None when absent, truncated or corrupt."""
        pdf_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            pdf = pdf_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("sha256") != hashlib.sha256(pdf).hexdigest():
            return None
        return meta, pdf

    def get(self, key: str) -> Typeset | None:
        """The part for `key`, or None when absent, truncated or corrupt (it is then re-rendered)."""
        found = self._read(key)
        if found is None:
            return None
        meta, pdf = found
        if not isinstance(meta.get("pages"), int) or not isinstance(meta.get("warnings"), list):
            return None
        if not isinstance(meta.get("blank", []), list) or not isinstance(meta.get("anchors"), dict):
            return None
        return Typeset(pdf=pdf, pages=meta["pages"], warnings=[str(w) for w in meta["warnings"]],
                       blank=tuple(int(i) for i in meta.get("blank", [])),
                       anchors={str(name): int(page) for name, page in meta["anchors"].items()})

    def put(self, key: str, entry: Typeset) -> None:
        self._write(key, data(entry.pdf), {"pages": entry.pages, "warnings": entry.warnings, "blank": list(entry.blank),
                                           "anchors": entry.anchors})

    def recall(self, key: str) -> bytes | tuple[bytes, ...] | None:
        """What `keep` kept under `key` (one document's bytes, or several files), or None."""
        found = self._read(key)
        if found is None:
            return None
        meta, data = found
        sizes = meta.get("files")
        if sizes is None:
            return data
        if not isinstance(sizes, list) or sum(sizes) != len(data):
            return None
        ends = list(itertools.accumulate(sizes))
        return tuple(data[end - size:end] for size, end in zip(sizes, ends))

    def keep(self, key: str, value: bytes | Stored | tuple[bytes | Stored, ...]) -> None:
        """Keep an assembled document, or several files as one entry (found or lost together)."""
        if not isinstance(value, tuple):
            self._write(key, data(value), {})
        else:
            files = [data(f) for f in value]
            self._write(key, b"".join(files), {"files": [len(f) for f in files]})

    def _write(self, key: str, data: bytes, meta: dict) -> None:
        pdf_path, meta_path = self._paths(key)
        meta = {**meta, "sha256": hashlib.sha256(data).hexdigest()}
        # The PDF first, then the record that vouches for it: a crash between the two
        # leaves an entry that fails the checksum and is simply rendered again. A cache that
        # cannot be written (full disk, read-only folder) only costs speed, never the build.
        try:
            write_atomic(pdf_path, data)
            write_atomic(meta_path, json.dumps(meta, sort_keys=True).encode("utf-8"))
        except (OSError, OutputError):
            pass

    def fragments(self) -> dict:
        """The Markdown fragments the last command kept (`keep_fragments`), for this program's versions."""
        try:
            found = json.loads(self._fragments_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def keep_fragments(self, entries: dict, known: dict) -> None:
        """Keep the fragments a command used, when they are not the ones it found; other
        versions' files go, so the folder holds one bank's worth."""
        if entries.keys() == known.keys():
            return
        path = self._fragments_path()
        try:
            write_atomic(path, json.dumps(entries, sort_keys=True).encode("utf-8"))
            for other in path.parent.glob("*.json"):
                if other != path:
                    other.unlink(missing_ok=True)
        except (OSError, OutputError):
            pass

    def _fragments_path(self) -> Path:
        return self.root / "fragments" / f"{hashlib.sha256(versions().encode('utf-8')).hexdigest()[:24]}.json"

    def number(self, key: str, compute) -> int:
        """compute(), an int derived from values whose digest is `key`, kept across builds: an
        output that did not change is not read again to count its pages."""
        path = self.root / "numbers" / key[:2] / f"{key}.json"
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        except (OSError, ValueError):
            pass
        value = compute()
        try:
            write_atomic(path, json.dumps(value).encode("utf-8"))
        except (OSError, OutputError):
            pass
        return value
