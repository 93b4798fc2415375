"""A web address as an inline, vector QR code (SVG) for the HTML of a page."""

from __future__ import annotations

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
