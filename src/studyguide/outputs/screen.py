"""The screen edition: the guide on A6 pages for reading on a phone, in a light or a dark theme.

The same parts as the printed guide (chapters, front matter, outro), typeset with the screen
stylesheets laid over the guide's; the outline and the contents links come out of the same
assembly. No page is left blank for a chapter to start on the right: nothing is printed.
"""

from __future__ import annotations

from ..errors import StudyGuideError
from ..models import Bank
from .base import Context, Output, Request, selected
from .guide import FOLIO_STYLES, Edition, guide_pdf

THEMES = ("light", "dark")


def screen_styles(theme: str) -> tuple[str, ...]:
    return ("screen.css",) + (("screen-dark.css",) if theme == "dark" else ())


def file_name(theme: str) -> str:
    return "guide-screen.pdf" if theme == "light" else f"guide-screen-{theme}.pdf"


def screen_edition(theme: str = "light") -> Edition:
    return Edition(
        name="guide-screen",
        styles=screen_styles(theme),
        # The page-number layer never takes the dark theme: its pages must stay transparent.
        folio_styles=FOLIO_STYLES + screen_styles("light"),
        # 'Page N of M' alone: the guide's title beside it would not fit an A6 footer.
        footer_label=False,
        title_suffix=" — screen edition" + (" (dark)" if theme == "dark" else ""),
        page_layout="/SinglePage",  # one page at a time on a small screen
        code_columns=41,  # 9 pt code across an A6 page's answer box
        two_sided=False,  # read on a screen: no blank pages
    )


def screen_pdf(ctx: Context, theme: str = "light") -> bytes:
    """The whole guide as an A6 screen edition, PDF bytes."""
    return guide_pdf(ctx, edition=screen_edition(theme))


class Screen(Output):
    """OUT/guide-screen.pdf (ids: themes, 'light' when none; 'dark' writes guide-screen-dark.pdf)."""

    name = "screen"

    def targets(self, bank: Bank, ids: tuple[str, ...]) -> tuple[str, ...]:
        for theme in ids:
            if theme not in THEMES:
                raise StudyGuideError(f"unknown theme '{theme}'; themes: {', '.join(THEMES)}")
        return tuple(dict.fromkeys(ids)) or ("light",)

    def produce(self, ctx: Context, request: Request) -> dict[str, bytes]:
        ctx = selected(ctx, tuple(ctx.bank.guide.chapters), request.data)[0]  # --tags, --level, ...
        return {file_name(theme): screen_pdf(ctx, theme) for theme in request.ids}
