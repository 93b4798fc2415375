"""A web address as an inline, vector QR code (SVG) for the HTML of a page."""

from __future__ import annotations

import re

import segno
from markupsafe import Markup

# The ink of base.css (--ink): a near-black that reads as black to a phone's camera.
INK = "#1b2230"
# The standard quiet zone, four modules wide, kept white even on the dark covers.
QUIET = 4


def qr_svg(url: str) -> Markup:
    """`url` as an SVG element: one path per colour, sized by the stylesheet (no width or height)."""
    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(dark=INK, light="#ffffff", border=QUIET, omitsize=True, svgclass="qr-code",
                                  lineclass=None, title=f"QR code: {url}"))


# segno writes web colours only; the press edition wants the modules on the black plate alone
# and no RGB anywhere, which WeasyPrint's SVG painter takes as device-cmyk() in the attributes.
_PRESS = {f'stroke="{INK}"': 'fill="none" stroke="device-cmyk(0 0 0 1)"', 'fill="#fff"': 'fill="device-cmyk(0 0 0 0)"'}
_CODE = re.compile(r'<svg [^>]*class="qr-code".*?</svg>', re.S)


def in_press_colours(html: str) -> str:
    """`html` with every QR code drawn in CMYK: black modules in K alone on unprinted white."""
    def recolour(match: re.Match) -> str:
        svg = match.group(0)
        for web, press in _PRESS.items():
            svg = svg.replace(web, press)
        return svg
    return _CODE.sub(recolour, html)
