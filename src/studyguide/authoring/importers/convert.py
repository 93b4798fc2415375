"""One piece of imported text (a question, an answer, a title, an intro) from GitHub Markdown to tidy
Markdown: code set aside, HTML converted, <br> placed, emoji, links and images, then laid out."""

from __future__ import annotations

import re
from collections import Counter

from .htmlmd import NESTED, Code, breaks, to_markdown
from .notes import Notes
from .outline import strip_number
from .refs import Refs, Where
from .text import answer_text, emojize, plain, question_blocks, take_badge

_IMAGE_ALONE = re.compile(r"[ \t]*(!\[[^\]]*\]\([^)\s]*\))[ \t]*")
_BOLD_ALL = re.compile(r"^\*\*((?:(?!\*\*).)+)\*\*$")


class Converter:
    def __init__(self, refs: Refs, notes: Notes):
        self.refs, self.notes = refs, notes

    def _markdown(self, raw: str, where: Where, question: bool) -> tuple[str, Code]:
        code = Code()
        unknown: Counter = Counter()
        text = to_markdown(code.protect(raw), code, unknown)
        for tag, count in unknown.items():
            message = (f"HTML <{tag}> has no Markdown form; its text kept" if tag != NESTED
                       else "HTML nested too deep to convert; its text kept")
            for _ in range(count):
                self.notes.note(where.at(f"<{tag}"), message)
        text = emojize(breaks(text, question))
        return self.refs.rewrite(text, where), code

    def question(self, raw: str, where: Where) -> tuple[str, str | None]:
        """The question's Markdown, every paragraph kept, and the level its badge names."""
        text, code = self._markdown(raw, where, question=True)
        text = _IMAGE_ALONE.sub(r"\n\n\1\n\n", text)  # a picture is not part of the sentence shown in the contents
        found, level = take_badge(question_blocks(text, code))
        # <b> round the question is styling, and its number or "Q:" is the source's own numbering.
        found[:1] = [strip_number(_BOLD_ALL.sub(r"\1", block)) if "\n" not in block else block for block in found[:1]]
        return code.restore("\n\n".join(found)), level

    def answer(self, raw: str, where: Where) -> str:
        text, code = self._markdown(raw, where, question=False)
        return code.restore(answer_text(text, code))

    def plain(self, raw: str, where: Where) -> str:
        """A title or summary: one line of plain text."""
        text, code = self._markdown(raw, Where(where.path, where.rel, where.lines, None), question=True)
        return plain(code.restore(text))
