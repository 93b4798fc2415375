"""Font subsetting sends no glyph count through cffi's C parser, and prints the same bytes."""

from __future__ import annotations

import re

import weasyprint.pdf.fonts

from studyguide.typeset import subsetting, weasy
from studyguide.typeset.jobs import PartJob

SIZED_ARRAY = re.compile(r"\[\d+\]$")


def _sized_types(ffi) -> set[str]:
    return {key for key in ffi._parsed_types if isinstance(key, str) and SIZED_ARRAY.search(key)}


def _part(words: str) -> bytes:
    return weasy.typeset(PartJob(f"<h1>{words}</h1><p><b>{words}</b> <code>{words}</code></p>", ("base.css",),
                                 "subsetting test part", with_content=False), "a4").pdf


def test_the_unsized_spelling_builds_the_same_array_without_parsing_a_new_type():
    ffi = weasyprint.text.ffi.ffi
    before = _sized_types(ffi)
    ids = list(range(40, 40 + 7919 % 997))  # a count no other test asks for
    array = subsetting.UnsizedArrays(ffi).new(f"hb_codepoint_t[{len(ids)}]", ids)
    assert list(array) == ids
    assert ffi.sizeof(array) == len(ids) * ffi.sizeof("hb_codepoint_t")
    assert _sized_types(ffi) == before
    # without items, or with another count, the declaration is passed on as written
    assert len(subsetting.UnsizedArrays(ffi).new("hb_codepoint_t[3]")) == 3
    assert len(subsetting.UnsizedArrays(ffi).new("hb_codepoint_t[5]", [1, 2])) == 5


def test_typesetting_parses_no_array_type_per_glyph_count_and_prints_the_same_bytes(monkeypatch):
    ours = _part("Quartz jumps: vex’d bog fighting nymphs")  # installs the unsized ffi
    fonts_module = weasyprint.pdf.fonts
    assert isinstance(fonts_module.ffi, subsetting.UnsizedArrays)
    before = _sized_types(fonts_module.ffi.ffi)
    _part("Sphinx of black quartz, judge my vow — 0123456789")
    assert _sized_types(fonts_module.ffi.ffi) == before

    monkeypatch.setattr(subsetting, "install", lambda module: None)
    monkeypatch.setattr(fonts_module, "ffi", fonts_module.ffi.ffi)  # WeasyPrint as shipped
    assert _part("Quartz jumps: vex’d bog fighting nymphs") == ours
