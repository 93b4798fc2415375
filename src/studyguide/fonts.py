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


VARIABLE_SCRIPTS = ("Devanagari", "Tamil", "Telugu")
STATIC_SCRIPTS = ("Bengali", "Gujarati", "Gurmukhi", "Kannada", "Malayalam")


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
    # Icons and symbols the text face lacks: static files vendored with their licence (data/fonts).
    *(Face("Studyguide Emoji", "studyguide", f"data/fonts/NotoEmoji-{name}.ttf", weight)
      for weight, name in (("400", "Regular"), ("500", "Medium"))),
    Face("Studyguide Symbols", "studyguide", "data/fonts/NotoSansSymbols-Regular.ttf"),
    Face("Studyguide Symbols Extra", "studyguide", "data/fonts/NotoSansSymbols2-Regular.ttf"),
    # The scripts India's candidates write their names in (variable files from pinned packages,
    # static ones vendored where no package carries them), and Chinese, Japanese and Korean.
    *(Face(f"Studyguide {script}", f"fontpkg_noto_sans_{script.lower()}", f"files/NotoSans{script}[wdth,wght].ttf")
      for script in VARIABLE_SCRIPTS),
    *(Face(f"Studyguide {script}", "studyguide", f"data/fonts/NotoSans{script}-{name}.ttf", weight)
      for script in STATIC_SCRIPTS for weight, name in (("400", "Regular"), ("700", "Bold"))),
    Face("Studyguide CJK", "studyguide", "data/fonts/NotoSansCJKsc-Regular-names.otf"),
)


def _stack(*first: str) -> str:
    scripts = ("Devanagari", *STATIC_SCRIPTS, "Tamil", "Telugu", "CJK")
    return ", ".join(f'"Studyguide {family}"' for family in (*first, *scripts))


# The order in which a missing glyph is looked for; the text face comes first.
TEXT_STACK = _stack("Text", "Symbols", "Emoji", "Symbols Extra")
CODE_STACK = _stack("Code", "Text", "Symbols", "Emoji", "Symbols Extra")
EMOJI_STACK = '"Studyguide Emoji", "Studyguide Symbols", "Studyguide Symbols Extra", "Studyguide Text"'

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
