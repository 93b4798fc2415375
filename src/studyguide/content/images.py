"""Images an answer shows: files inside the content folder, that are the image they claim to be.

Untrusted images get the care untrusted YAML gets: a picture from the web is never fetched, a
file is checked by its content (not its name), a raster image may not unpack to more than 50
megapixels, and an SVG may not refer to anything outside itself (no entities, no links to other
files or the web, no scripts or embedded HTML).
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .files import resolve_inside

MAX_BYTES = 20_000_000
MAX_PIXELS = 50_000_000
# File name endings and the formats their content must be.
RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
SVG_NS = "{http://www.w3.org/2000/svg}"
_URL_IN_CSS = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.I)


def image_problem(content_dir: Path, src: str) -> str | None:
    """Why the image `src` (as written in the markdown) cannot print, or None when it can."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return (f"image '{src}' is on the web; images are never fetched while printing: save it in the "
                "content folder (e.g. images/) and refer to it from there")
    path, error = resolve_inside(content_dir, unquote(parts.path))
    if error:
        return f"image {error}"
    kind = path.suffix.lower()
    if kind != ".svg" and kind not in RASTER:
        return f"image '{src}' is not a PNG, JPEG, GIF, WebP or SVG file"
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        return f"image '{src}' is {len(data):,} bytes; the limit is {MAX_BYTES:,}"
    why = _svg_problem(data) if kind == ".svg" else _raster_problem(data, RASTER[kind])
    return f"image '{src}' {why}" if why else None


def _raster_problem(data: bytes, expected: str) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns of (and past twice its limit refuses) a decompression bomb; ours is lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    return f"is {width:,} x {height:,} pixels; the limit is {MAX_PIXELS // 1_000_000} megapixels"
                image.verify()
    except Image.DecompressionBombError:
        return f"unpacks to more than {MAX_PIXELS // 1_000_000} megapixels"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return f"is not a readable {expected} image"
    if found != expected:
        return f"is a {found} image, not the {expected} its name says"
    return None


def _svg_problem(data: bytes) -> str | None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ParseError, ValueError):
        return "is not an SVG file without entities or a DTD"
    if root.tag != f"{SVG_NS}svg":
        return "is not an SVG file"
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in ("script", "foreignObject", "iframe"):
            return f"contains <{name}>, which is never printed"
        refs = [value for key, value in element.attrib.items() if key.rsplit("}", 1)[-1] in ("href", "src")]
        refs += _URL_IN_CSS.findall(element.attrib.get("style", "") + (element.text or "" if name == "style" else ""))
        outside = [ref for ref in refs if ref.strip() and not ref.strip().startswith("#")]
        if outside or (name == "style" and "@import" in (element.text or "")):
            shown = (outside or ["@import"])[0]
            return f"refers to '{shown[:80]}' outside itself; an image must contain all it shows"
    return None
