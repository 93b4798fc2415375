"""The screen edition: the guide on A6 pages for reading on a phone, in a light or a dark theme.

The same parts as the printed guide (chapters, front matter, outro), typeset with the screen
stylesheets laid over the guide's; the outline and the contents links come out of the same
assembly. No page is left blank for a chapter to start on the right: nothing is printed.
"""

from __future__ import annotations

from .build import FOLIO_STYLES, Edition, guide_pdf
from .models import Bank
from .parts import Options, Report

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
    )


def screen_pdf(bank: Bank, opts: Options, report: Report, theme: str = "light") -> bytes:
    """The whole guide as an A6 screen edition, PDF bytes."""
    return guide_pdf(bank, opts, report, edition=screen_edition(theme))


def screen_outputs(bank: Bank, opts: Options, report: Report, theme: str = "light"):
    return {opts.out / file_name(theme): screen_pdf(bank, opts, report, theme)}


def build_screen(opts: Options, theme: str = "light", report: Report | None = None) -> Report:
    """`studyguide guide --edition screen [--theme dark]`: write OUT/guide-screen[-dark].pdf."""
    from .build import run_build

    return run_build(f"guide --edition screen --theme {theme}", opts, report or Report(),
                lambda bank, report: screen_outputs(bank, opts, report, theme))
