"""The embedded fonts: which files from pinned packages print which text, and in what order."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Face:
    family: str  # distinctive names, so fontconfig never swaps in a system font
    package: str
    file: str
    weight: str | None = None  # None: one file serves every weight
    style: str = "normal"

    @functools.cached_property
    def path(self) -> Path:
        return Path(str(resources.files(self.package).joinpath(self.file)))


# The weights the stylesheets use; fewer files keep the per-process font set-up quick.
_LATO = {300: "Light", 400: "Regular", 500: "Medium", 600: "SemiBold", 700: "Bold", 800: "ExtraBold", 900: "Black"}
_LATO_ITALIC = {400: "Regular", 600: "SemiBold", 700: "Bold"}
_PLEX = {400: "Regular", 500: "Medium", 600: "SemiBold", 700: "Bold"}
_PLEX_ITALIC = {400: "Regular"}


def _italic_name(upright: str) -> str:
    return "Italic" if upright == "Regular" else f"{upright}Italic"


FACES = (
    # Text: Lato, one static file per weight and style.
    *(Face("Studyguide Text", "fontpkg_lato", f"files/Lato-{name}.ttf", str(weight))
      for weight, name in _LATO.items()),
    *(Face("Studyguide Text", "fontpkg_lato", f"files/Lato-{_italic_name(name)}.ttf", str(weight), "italic")
      for weight, name in _LATO_ITALIC.items()),
    # Code: IBM Plex Mono, which has no programming ligatures.
    *(Face("Studyguide Code", "fontpkg_ibm_plex_mono", f"files/IBMPlexMono-{name}.ttf", str(weight))
      for weight, name in _PLEX.items()),
    *(Face("Studyguide Code", "fontpkg_ibm_plex_mono", f"files/IBMPlexMono-{_italic_name(name)}.ttf", str(weight),
           "italic") for weight, name in _PLEX_ITALIC.items()),
    # Icons and scripts the text face lacks (variable fonts, used only where needed).
    Face("Studyguide Emoji", "manimgx_fonts", "NotoEmoji[wght].ttf"),
    Face("Studyguide Symbols", "manimgx_fonts", "NotoSansSymbols[wght].ttf"),
    Face("Studyguide Devanagari", "fontpkg_noto_sans_devanagari", "files/NotoSansDevanagari[wdth,wght].ttf"),
    Face("Studyguide CJK", "noto_cjk_sans_otc", "NotoSansCJK-Regular.ttc"),
)

# The order in which a missing glyph is looked for; the text face comes first.
TEXT_STACK = '"Studyguide Text", "Studyguide Symbols", "Studyguide Emoji", "Studyguide Devanagari", "Studyguide CJK"'
CODE_STACK = '"Studyguide Code", "Studyguide Text", "Studyguide Symbols", "Studyguide Emoji", "Studyguide Devanagari", "Studyguide CJK"'
EMOJI_STACK = '"Studyguide Emoji", "Studyguide Symbols", "Studyguide Text"'

def font_dirs() -> list[Path]:
    """Folders the renderer may read fonts from (and nothing else outside the project)."""
    return sorted({face.path.parent for face in FACES})


def fingerprint() -> str:
    """Identifies the exact font files, for the render cache key."""
    import hashlib

    digest = hashlib.sha256()
    for face in FACES:
        stat = face.path.stat()
        digest.update(f"{face.path.name}:{stat.st_size}".encode())
    return digest.hexdigest()[:16]
