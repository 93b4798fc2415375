"""HTML + CSS -> PDF bytes with WeasyPrint, reading only the project's own files."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import fonts
from ..errors import RenderError, SystemSetupError
from . import libraries, subsetting
from .jobs import PartJob, Typeset
from .prune import prune
from .stack import roomy
from .styles import css_text, icc_dir, styles_dir
from .system import missing_libraries, setup_message
from .tagging import finish, mark_languages, one_link_each

FONT_EPOCH = "1767225600"  # 2026-01-01: the date embedded fonts carry, whatever the build date


def _load():
    import weasyprint
    import weasyprint.pdf.fonts

    return weasyprint


def _weasyprint():
    # Imported lazily: a build with nothing to render never pays for it, and a missing
    # Pango becomes a clear message instead of an OSError at import time.
    try:
        weasyprint = libraries.imported(_load)
    except OSError as exc:
        missing = missing_libraries()
        raise SystemSetupError(setup_message(missing or {"pango-1.0": "libpango-1.0-0"})) from exc
    subsetting.install(weasyprint.pdf.fonts)
    return weasyprint


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@functools.lru_cache(maxsize=1)
def _fetcher_class():
    weasyprint = _weasyprint()

    class ProjectOnlyFetcher(weasyprint.urls.URLFetcher):
        """Serves file: URLs under the allowed folders; refuses everything else, loudly."""

        def __init__(self, roots: tuple[Path, ...]):
            super().__init__(fail_on_errors=True, allowed_protocols=("file",))
            self.roots = roots

        def fetch(self, url, headers=None):
            # Never the network, never a file outside the roots (symlinks resolved first); a
            # refusal stops the render, so the build fails and names the part instead of
            # printing a document with a hole in it.
            parts = urlsplit(url)
            if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                    data = path.read_bytes()
                    if path.suffix.lower() == ".svg":
                        data = svg_in_our_fonts(data)
                    return weasyprint.urls.URLFetcherResponse(url, data, status=200)
            shown = url if len(url) <= 120 else url[:117] + "..."
            raise weasyprint.urls.FatalURLFetchingError(
                f"refused to fetch {shown}: only the project's own content, styles and fonts may be read")

    return ProjectOnlyFetcher


_FONT_ATTR = re.compile(rb'font-family\s*=\s*("[^"]*"|\'[^\']*\')')
_FONT_CSS = re.compile(rb"font-family\s*:\s*[^;\"'}]+")
_SVG_OPEN = re.compile(rb"<svg\b(?![^>]*font-family)")


def svg_in_our_fonts(data: bytes) -> bytes:
    """An SVG image with its text set in the embedded faces: a generic 'sans-serif' or a font
    the machine happens to have would otherwise print (the content check refused anything worse)."""
    code = any(word in data for word in (b"monospace", b"Courier", b"Consolas"))
    stack = (fonts.CODE_STACK if code else fonts.TEXT_STACK).replace('"', "'").encode()
    data = _FONT_ATTR.sub(b'font-family="' + stack + b'"', data)
    data = _FONT_CSS.sub(b"font-family: " + stack, data)
    return _SVG_OPEN.sub(b'<svg font-family="' + stack + b'"', data, count=1)


# This process's one font configuration. WeasyPrint copies every @font-face file into a folder
# of its own and removes it only when the configuration is garbage-collected, which a forked
# worker never does; so the folder is made where the command says (`keep_fonts_in`), and
# `release` removes it.
_fonts: dict = {"config": None, "root": None}


def keep_fonts_in(folder: Path | None) -> None:
    """Put the font configuration's copies of the font files in `folder` (the command's scratch folder)."""
    _fonts["root"] = folder


def _font_config():
    if _fonts["config"] is None:
        from weasyprint.text.fonts import FontConfiguration

        config = FontConfiguration()
        config._folder = Path(tempfile.mkdtemp(prefix="fonts-", dir=_fonts["root"]))  # see above
        _fonts["config"] = config
    return _fonts["config"]


def release() -> None:
    """Forget the compiled stylesheets and the font configuration, and remove its folder of fonts."""
    _stylesheets.cache_clear()
    config, _fonts["config"] = _fonts["config"], None
    if config is not None:
        folder, config._folder = config._folder, None
        shutil.rmtree(folder, ignore_errors=True)


@functools.lru_cache(maxsize=16)
def _stylesheets(names: tuple[str, ...], paper: str):
    weasyprint = _weasyprint()
    font_config = _font_config()  # one for every stylesheet: the same @font-face rules are added once
    profiles: dict = {}  # filled by the sheet's @color-profile rule: the press edition's output profile
    sheet = weasyprint.CSS(string=css_text(names, paper), font_config=font_config, color_profiles=profiles,
                           url_fetcher=_fetcher(()))
    return [sheet], font_config, profiles


def preload() -> None:
    """Import WeasyPrint now: in the process workers are forked from, so that they share it."""
    _weasyprint()


def warm_up(names: tuple[str, ...], paper: str) -> None:
    """Import WeasyPrint and compile the stylesheets now, before the first part needs them."""
    _stylesheets(names, paper)


def _fetcher(extra_roots: tuple[Path, ...]):
    roots = tuple(fonts.font_dirs()) + (styles_dir().resolve(), icc_dir().resolve()) + extra_roots
    return _fetcher_class()(roots)


@contextlib.contextmanager
def _fixed_font_timestamps():
    # fontTools stamps the current time into each variable font it instantiates (head.modified),
    # which would make every PDF differ from the last; it honours SOURCE_DATE_EPOCH instead.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FONT_EPOCH
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def _fixed_variant_metadata(document, variant: str):
    """A finisher that keeps a PDF/X part's bytes the same from run to run (None for other parts):
    WeasyPrint would date it now, give its XMP packet a random document ID and embed the output
    profile as LittleCMS saves it again (not always the same bytes): the profile goes in as the
    file is instead."""
    if not variant:
        return None
    stamp = dt.datetime.fromtimestamp(int(FONT_EPOCH), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = document.metadata.modified = stamp

    def finisher(_document, pdf) -> None:
        # profile.src is the file: URL of the @color-profile rule; only the project's own are allowed.
        files = {profile.pdf_reference: profile.src for profile in document.color_profiles.values()}
        for obj in pdf.objects:
            if getattr(obj, "extra", None) is not None and getattr(obj, "reference", None) in files:
                obj.stream = [Path(unquote(urlsplit(files[obj.reference]).path)).read_bytes()]
            if getattr(obj, "extra", {}).get("Type") == "/Metadata":
                packet = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in obj.stream)
                digest = hashlib.sha256(_XMP_DOCUMENT_ID.sub(b"", packet)).hexdigest()
                stable = f"xmp.did:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
                obj.stream = [_XMP_DOCUMENT_ID.sub(stable.encode(), packet)]

    return finisher


def laid_out(job: PartJob, paper: str = "a4", content: Path | None = None):
    """The part's pages as WeasyPrint lays them out (a Document); it may read files from the
    `content` folder if the job allows."""
    base = content if job.with_content else None
    sheets, font_config, profiles = _stylesheets(job.styles, paper)
    variant = {"pdf_variant": job.variant} if job.variant else {}
    mark_languages()
    return _weasyprint().HTML(
        string=job.html,
        base_url=(base.resolve().as_uri() + "/") if base else None,
        url_fetcher=_fetcher((base.resolve(),) if base else ()),
    ).render(stylesheets=sheets, font_config=font_config, color_profiles=profiles, **variant)


def typeset(job: PartJob, paper: str = "a4", content: Path | None = None) -> Typeset:
    """Lay out one part; it may read files from the `content` folder if the job allows."""
    return roomy(_typeset, job, paper, content)  # see stack.py: layout recurses deep


def _typeset(job: PartJob, paper: str, content: Path | None) -> Typeset:
    weasyprint = _weasyprint()
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        variant = {"pdf_variant": job.variant} if job.variant else {}
        document = laid_out(job, paper, content)
        links = one_link_each(document)
        with _fixed_font_timestamps():
            fixed = _fixed_variant_metadata(document, job.variant)

            def finisher(doc, written) -> None:
                if fixed is not None:
                    fixed(doc, written)
                if job.tagged:
                    prune(written)

            pdf = document.write_pdf(pdf_tags=job.tagged, **variant, finisher=finisher)
        if job.tagged:
            pdf = finish(pdf, links)
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise RenderError(f"{job.what}: {exc}") from None
    finally:
        logger.removeHandler(collector)
    # WeasyPrint keeps whether a page is blank (inserted for a right-hand opening) on its box only.
    blank = tuple(i for i, page in enumerate(document.pages) if page._page_box.page_type.blank)
    return Typeset(pdf=pdf, pages=len(document.pages), warnings=collector.messages, blank=blank,
                   anchors=anchor_pages(document))


def anchor_pages(document) -> dict[str, int]:
    """Each anchor's page (from 0): the first page it is on, as WeasyPrint names destinations."""
    found: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            found.setdefault(name, index)
    return found
