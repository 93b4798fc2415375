"""Values -> HTML: the Jinja environment (autoescape, StrictUndefined) every document is written with."""

from __future__ import annotations

import functools

import jinja2

from ..names import LINK_SCHEME, plural
from .languages import mark_languages
from .markdown import inline_markdown, markdown, plain_text, split_question
from .styles import templates_dir

# Answers shorter than this are kept on one page with their question.
SHORT_ANSWER_CHARS = 700
# A bookmark shows a question's first paragraph, up to this many characters of it.
BOOKMARK_CHARS = 160


def part_link(anchor: str) -> str:
    """A link to an element id that may live in another part of the assembled document."""
    return f"{LINK_SCHEME}:{anchor}"


def no_runt(text: str) -> str:
    """Tie a heading's last two words together so it never ends on a lone word."""
    head, space, last = text.rpartition(" ")
    return f"{head}\u00a0{last}" if space and len(last) <= 12 else text


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_source),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown
    env.filters["inline_markdown"] = inline_markdown
    env.filters["plain"] = lambda text: plain_text(text, limit=BOOKMARK_CHARS)
    env.filters["question_parts"] = split_question
    env.filters["no_runt"] = no_runt
    env.filters["plural"] = plural  # {{ n|plural("chapter") }}: "1 chapter", "12 chapters"
    env.globals["part_link"] = part_link
    env.globals["SHORT_ANSWER_CHARS"] = SHORT_ANSWER_CHARS
    return env


def _template_source(name: str):
    source = templates_dir().joinpath(name).read_text(encoding="utf-8")
    return source, None, lambda: True


def render_template(name: str, **context) -> str:
    """The template filled in; in a document of the guide, runs of text in another script than the
    guide's are marked with their language. Stamps (no guide) are left as they are: they are drawn
    as artifacts, and a stamped name gets its language where it is placed."""
    html = environment().get_template(name).render(**context)
    guide = context.get("guide")
    return html if guide is None else mark_languages(html, guide.language)
