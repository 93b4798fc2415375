"""Links and images of imported Markdown: #anchors made text, relative links resolved against --base-url
or made text, local images planned for copying into the content folder, remote ones never fetched."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .notes import Notes

MAX_BYTES = 20_000_000  # a larger "image" in a question bank is a mistake, not a diagram
_URL = r"<?((?:[^\s()<>]|\([^\s()]*\))*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
_IMAGE = re.compile(r"!\[((?:[^\[\]\\]|\\.)*)\]\(\s*" + _URL)
# One level of brackets inside a link's text ([![badge](src)](url)); each character has one way to match.
_LINK = re.compile(r"(?<![!\\])\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]\(\s*" + _URL)
_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$", re.M)
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF87a", ".gif"), (b"GIF89a", ".gif"))
_SUFFIXES = {".png": (".png",), ".jpg": (".jpg", ".jpeg"), ".gif": (".gif",), ".webp": (".webp",), ".svg": (".svg",)}


@dataclass
class Where:
    """Where a piece of text comes from: for messages, relative links and image paths."""

    path: Path  # the source file, as messages show it
    rel: str  # its path inside the bank folder, for --base-url
    lines: list[tuple[int, str]]  # its numbered lines, to find the line a link or image is on
    cid: str | None  # the category whose image folder takes its images; None leaves images out

    def at(self, snippet: str = "") -> str:
        first = self.lines[0][0] if self.lines else 1
        return f"{self.path}:{next((n for n, line in self.lines if snippet and snippet in line), first)}"


class Images:
    """The local images an import copies: content path -> the file in the bank folder."""

    def __init__(self, root: Path):
        self.root, self.real_root = Path(os.path.abspath(root)), Path(root).resolve()
        self.copies: dict[str, Path] = {}
        self._placed: dict[tuple[str, Path], str] = {}

    def place(self, src: str, folder: Path, cid: str) -> tuple[str | None, str | None]:
        """(content path, None) for an image that can be copied, else (None, why not)."""
        name = unquote(src.split("#")[0].split("?")[0])
        if "\x00" in name:
            return None, "it is not a file name"
        # Like GitHub: a path from "/" starts at the top of the repository, never at the machine's root.
        wanted = self.root / name.lstrip("/") if name.startswith("/") else Path(os.path.abspath(folder)) / name
        if not Path(os.path.normpath(wanted)).is_relative_to(self.root):
            return None, "it is outside the bank folder"
        try:
            return self._check(name, wanted.resolve(), cid)
        except OSError as exc:
            return None, f"it cannot be read ({exc.strerror or exc})"

    def _check(self, name: str, real: Path, cid: str) -> tuple[str | None, str | None]:
        if not real.is_relative_to(self.real_root):
            return None, "it is a link to a file outside the bank folder"
        if not real.is_file():
            return None, "no such file in the bank folder" if not real.exists() else "it is not a file"
        if real.stat().st_size > MAX_BYTES:
            return None, f"it is larger than {MAX_BYTES // 1_000_000} MB"
        with open(real, "rb") as handle:
            suffix = _kind(handle.read(1024))
        if suffix is None:
            return None, "its content is not a PNG, JPEG, GIF, WebP or SVG image"
        return self._name(Path(name).name, suffix, real, cid), None

    def _name(self, name: str, suffix: str, real: Path, cid: str) -> str:
        if (cid, real) in self._placed:
            return self._placed[cid, real]
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).stem).strip("-.") or "image"
        # The name's ending must say what the content is: the printer checks the two agree.
        ext = Path(name).suffix.lower() if Path(name).suffix.lower() in _SUFFIXES[suffix] else suffix
        rel, number = f"images/{cid}/{stem}{ext}", 2
        while rel in self.copies:  # two files of one name in one category
            rel, number = f"images/{cid}/{stem}-{number}{ext}", number + 1
        self.copies[rel], self._placed[cid, real] = real, rel
        return rel


def _kind(head: bytes) -> str | None:
    """The file's image type from its first bytes (never from its name), or None."""
    for signature, suffix in _SIGNATURES:
        if head.startswith(signature):
            return suffix
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return ".svg" if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")) and b"<svg" in text else None


class Refs:
    """Rewrites the links and images of imported text, counting what it changed."""

    def __init__(self, root: Path, base_url: str | None, notes: Notes):
        self.images, self.base_url, self.notes = Images(root), base_url, notes

    def rewrite(self, text: str, where: Where) -> str:
        text = _IMAGE.sub(lambda m: self._image(m[1], m[2], where) or _in_running_text(m), text)
        text = _DEFINITION.sub(lambda m: f"[{m[1]}]: {url}" if (url := self._target(m[2], where)) else "", text)
        return _LINK.sub(lambda m: f"[{m[1]}]({url})" if (url := self._target(m[2], where)) and m[1].strip()
                         else m[1], text)

    def _target(self, target: str, where: Where) -> str | None:
        """The link's address as printed, or None when only its text can stay."""
        parts = urlsplit(target)
        if not target:
            return None
        if target.startswith("#"):
            self.notes.note(where.at(target), "links to #anchors made plain text")
            return None
        if target.startswith("//"):
            return "https:" + target
        if parts.scheme.lower() in ("http", "https", "mailto"):
            return target
        if parts.scheme:
            self.notes.note(where.at(target), f"{parts.scheme}: links made plain text")
            return None
        if self.base_url:
            self.notes.note(where.at(target), f"relative links resolved against {self.base_url}")
            return urljoin(urljoin(self.base_url, where.rel), target)
        self.notes.note(where.at(target), "relative links made plain text (--base-url keeps them as links)")
        return None

    def _image(self, alt: str, src: str, where: Where) -> str | None:
        """The image as the content shows it, or None when it is left out."""
        label = alt.strip() or re.sub(r"[-_]+", " ", Path(urlsplit(src).path).stem) or "image"
        if src.startswith("//") or urlsplit(src).scheme.lower() in ("http", "https"):
            self.notes.note(where.at(src), "remote images not fetched, kept as links", item=src)
            return f"[{label}]({'https:' + src if src.startswith('//') else src})"
        if not src or urlsplit(src).scheme:
            self.notes.warn(where.at(src), "images that are not files of the bank left out")
            return None
        if where.cid is None:
            self.notes.note(where.at(src), "images outside any question left out")
            return None
        rel, why = self.images.place(src, where.path.parent, where.cid)
        if rel is None:
            self.notes.warn(where.at(src), f"image '{src}' left out: {why}")
            return None
        return f"![{label}]({rel})"


def _in_running_text(m: re.Match) -> str:
    """What stays of an image left out: nothing on a line of its own; inside a sentence, its name."""
    start, end = m.string.rfind("\n", 0, m.start()) + 1, m.string.find("\n", m.end())
    line = m.string[start:end if end >= 0 else len(m.string)]
    alone = not line.replace(m[0], "").strip()
    return "" if alone else m[1].strip() or Path(urlsplit(m[2]).path).name
