"""Runs of text in another script marked with their language (lang="hi"), so the PDF tags them for screen readers."""

from __future__ import annotations

import re

# Script -> the language a screen reader should read it in. A script serves several languages
# (Devanagari: Hindi, Marathi, Nepali); the most common one here is the best guess the text allows.
SCRIPTS = {
    "hi": "\u0900-\u097f", "bn": "\u0980-\u09ff", "pa": "\u0a00-\u0a7f", "gu": "\u0a80-\u0aff",
    "ta": "\u0b80-\u0bff", "te": "\u0c00-\u0c7f", "kn": "\u0c80-\u0cff", "ml": "\u0d00-\u0d7f",
    "ja": "\u3040-\u30ff", "ko": "\uac00-\ud7af\u1100-\u11ff", "zh": "\u4e00-\u9fff\u3400-\u4dbf",
}
_RUNS = {lang: re.compile(f"[{chars}](?:[{chars}\u200c\u200d \u00a0]*[{chars}])?") for lang, chars in SCRIPTS.items()}
_ANY = re.compile("[" + "".join(SCRIPTS.values()) + "]")
# Text between tags, except inside elements whose content is not markup (a span would show).
_SPLIT = re.compile(r"(<title>.*?</title>|<style>.*?</style>|<script>.*?</script>|<[^>]*>)", re.S | re.I)


def mark_languages(html: str, language: str = "en") -> str:
    """`html` with every run of another script's letters in <span lang="..">, unless the document
    is itself in that language."""
    if not _ANY.search(html):
        return html
    pieces = _SPLIT.split(html)
    for index in range(0, len(pieces), 2):
        text = pieces[index]
        if not _ANY.search(text):
            continue
        for lang, run in _RUNS.items():
            if lang != language.split("-")[0]:
                text = run.sub(lambda m, lang=lang: f'<span lang="{lang}">{m.group(0)}</span>', text)
        pieces[index] = text
    return "".join(pieces)


def language_of(text: str, language: str = "en") -> str | None:
    """The language of `text` when it is written in another script than the document's (a
    candidate's name in Devanagari), else None."""
    counts = {lang: sum(len(m) for m in run.findall(text)) for lang, run in _RUNS.items()}
    lang, count = max(counts.items(), key=lambda item: item[1])
    return lang if count and lang != language.split("-")[0] else None
