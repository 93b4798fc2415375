"""The pieces of the font merge that read a subset and decide which subsets share a Type0 font,
checked against their plain definitions."""

from __future__ import annotations

import io
import random
from types import SimpleNamespace

import pytest
from fontTools.ttLib import TTFont

from studyguide.fonts import font_dirs
from studyguide.pdf.fonts import variants as variants_module
from studyguide.pdf.fonts.program import glyf_outlines
from studyguide.pdf.fonts.variants import conflicts


def _pairwise(fonts, exact_widths):
    """The definition: two fonts conflict when one is Identity-H and the other not, or a key of
    both maps (encoding, text, and widths when exact) has two values."""
    def disagree(a, b):
        return any(key in b and b[key] != value for key, value in a.items())

    found = [set() for _ in fonts]
    for i, a in enumerate(fonts):
        for j, b in enumerate(fonts):
            if i == j:
                continue
            if ((a.encoding is None) != (b.encoding is None)
                    or (a.encoding is not None and disagree(a.encoding, b.encoding))
                    or disagree(a.to_unicode, b.to_unicode)
                    or (exact_widths and disagree(a.widths, b.widths))):
                found[i].add(j)
    return found


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("exact_widths", [True, False])
def test_conflicts_are_the_pairs_that_disagree_on_a_shared_key(seed, exact_widths):
    rng = random.Random(seed)
    fonts = []
    for _ in range(rng.randint(2, 30)):
        cids = rng.sample(range(60), rng.randint(0, 40))
        fonts.append(SimpleNamespace(
            # Rarely a made-up CMap (a missing glyph), and rarely a width or a text WeasyPrint
            # rounded or mapped otherwise: most subsets agree, as a real document's do.
            encoding={code: rng.choice([code, code, code, 0]) for code in cids[:5]} if rng.random() < 0.2 else None,
            to_unicode={cid: b"\x00a" if rng.random() < 0.05 else bytes([0, cid]) for cid in cids},
            widths={cid: 500.0 + (rng.random() < 0.05) for cid in cids}))
    assert conflicts(fonts, exact_widths) == _pairwise(fonts, exact_widths)


def test_conflicts_of_fonts_that_all_agree_are_none():
    same = [SimpleNamespace(encoding=None, to_unicode={1: b"\x00a"}, widths={1: 500.0}) for _ in range(5)]
    assert conflicts(same, True) == [set() for _ in same]


@pytest.mark.parametrize("name", ["NotoSansBengali-Regular.ttf", "NotoSansSymbols2-Regular.ttf"])
def test_glyph_outlines_are_fonttools_own_for_both_loca_formats(name):
    data = next(folder / name for folder in font_dirs() if (folder / name).exists()).read_bytes()
    font = TTFont(io.BytesIO(data), lazy=True)
    count = font["maxp"].numGlyphs
    locations, glyf = TTFont(io.BytesIO(data))["loca"].locations, font.reader["glyf"]
    expected = {gid: glyf[locations[gid]:locations[gid + 1]] for gid in range(count)
                if locations[gid + 1] != locations[gid]}
    assert glyf_outlines(font, count) == expected
    assert {0: "short", 1: "long"}[font["head"].indexToLocFormat] == (
        "short" if name.startswith("NotoSansBengali") else "long")


@pytest.mark.parametrize("seed", range(8))
def test_fewest_colours_is_unchanged_by_skipping_searches_a_clique_rules_out(seed, monkeypatch):
    rng = random.Random(seed)
    n = rng.randint(2, 40)
    adjacent = [set() for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < rng.choice([0.1, 0.5, 0.9]):
                adjacent[i].add(j)
                adjacent[j].add(i)
    found = variants_module._fewest_colours(adjacent, variants_module._dsatur(adjacent))
    assert all(found[i] != found[j] for i in range(n) for j in adjacent[i])
    monkeypatch.setattr(variants_module, "_clique", lambda adjacent: 0)  # every search tried
    assert variants_module._fewest_colours(adjacent, variants_module._dsatur(adjacent)) == found


def test_a_clique_bounds_the_colours():
    # Three fonts that all conflict, and a fourth that conflicts with none: three colours.
    adjacent = [{1, 2}, {0, 2}, {0, 1}, set()]
    assert variants_module._clique(adjacent) == 3
    assert len(set(variants_module._fewest_colours(adjacent, variants_module._dsatur(adjacent)))) == 3
