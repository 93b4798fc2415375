"""The CSS a part is laid out with: the embedded fonts' @font-face rules, the stylesheets, the paper;
and where the stylesheets, templates and colour profiles live."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from .. import fonts
from ..models import PAPERS


def styles_dir() -> Path:
    """The stylesheets: packaged beside the code in a wheel, at the top of a checkout."""
    packaged = Path(str(resources.files("studyguide").joinpath("styles")))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "styles"


def templates_dir():
    """The templates: package data, so an installed wheel finds them too."""
    return resources.files("studyguide").joinpath("typeset", "templates")


# The sheet that makes a part a press part; with it, the part's CSS names the CMYK output profile.
PRESS_SHEET = "press.css"


def icc_dir() -> Path:
    """The vendored colour profiles (with their licence and provenance)."""
    return Path(__file__).resolve().parents[1] / "data" / "icc"


def press_profile_css() -> str:
    """The press output condition: device-cmyk colours are meant for this profile, which
    WeasyPrint embeds as the output intent."""
    return (f'@color-profile device-cmyk {{ src: url("{(icc_dir() / "CoatedFOGRA39.icc").as_uri()}"); '
            "components: cyan, magenta, yellow, black; }\n")


def stylesheet_text(name: str) -> str:
    return (styles_dir() / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def font_face_css() -> str:
    """One @font-face rule per embedded file; the files are read from their packages, never the system."""
    rules = []
    for face in fonts.FACES:
        rules.append(
            "@font-face { "
            f'font-family: "{face.family}"; src: url("{face.path.as_uri()}"); '
            + (f"font-weight: {face.weight}; " if face.weight else "")
            + f"font-style: {face.style}; }}"
        )
    return "\n".join(rules) + "\n"


def stacks_css() -> str:
    """The font stacks: text on the root (margin boxes inherit from it), code, and icons."""
    return (
        f"html {{ font-family: {fonts.TEXT_STACK}; }}\n"
        f"code, pre, kbd, samp {{ font-family: {fonts.CODE_STACK}; font-variant-ligatures: none; }}\n"
        f".icon {{ font-family: {fonts.EMOJI_STACK}; }}\n"
    )


@functools.lru_cache(maxsize=16)
def css_text(names: tuple[str, ...], paper: str) -> str:
    """The complete CSS a part is laid out with (also part of its cache key)."""
    css = font_face_css() + stacks_css() + (press_profile_css() if PRESS_SHEET in names else "")
    css += "".join(stylesheet_text(name) for name in names)
    # Full-bleed blocks (the cover) need the sheet's height; --page-height carries it.
    sheet = PAPERS[paper]
    return css + f"@page {{ size: {sheet.css}; }}\n:root {{ --page-height: {sheet.height:g}mm; }}\n"
