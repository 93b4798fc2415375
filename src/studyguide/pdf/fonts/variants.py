"""Which subsets of a face can share one program (program groups), and which need a Type0 font of their own (variants)."""

from __future__ import annotations

from collections import Counter

from .found import Font
from .program import Program, same_glyph


class ProgramGroup:
    """Subsets of one face that can share one merged program: no glyph id differs between them."""

    def __init__(self):
        self.fonts: list[Font] = []
        self.programs: list[Program] = []
        self.records: dict[int, tuple] = {}
        self.empty_used: set[int] = set()  # glyphs some member draws as empty (a space)
        self.count: int | None = None  # glyph slots of the program written; None: the largest subset's
        self.compact = False  # its glyphs only, no empty slots: a bare CFF, or a TrueType with a /CIDToGIDMap

    def accepts(self, font: Font) -> bool:
        records = font.program.records
        for gid, record in records.items():
            mine = self.records.get(gid)
            if record[0]:
                if gid in self.empty_used or (mine is not None and mine[0] and not same_glyph(mine, record)):
                    return False
            elif mine is not None and not mine[0] and mine[1] != record[1] and record[1][0] and mine[1][0]:
                return False  # an empty glyph (a space) with another advance
        for gid in font.used:
            record = records.get(gid)
            mine = self.records.get(gid)
            if not (record and record[0]) and mine is not None and mine[0]:
                return False  # drawn empty here, with an outline elsewhere
        return True

    def add(self, font: Font) -> None:
        self.fonts.append(font)
        if all(font.program is not p for p in self.programs):
            self.programs.append(font.program)
        for gid, record in font.program.records.items():
            mine = self.records.get(gid)
            if mine is None or (record[0] and not mine[0]):
                self.records[gid] = record
        for gid in font.used:
            record = font.program.records.get(gid)
            if not (record and record[0]):
                self.empty_used.add(gid)


def program_groups(fonts: list[Font]) -> list[ProgramGroup]:
    """First fit, in document order: a different font file under the same name gets its own group."""
    groups: list[ProgramGroup] = []
    for font in fonts:
        group = next((g for g in groups if g.accepts(font)), None)
        if group is None:
            group = ProgramGroup()
            groups.append(group)
        group.add(font)
    return groups


def most_common(values: list):
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)  # ties: the first in document order


class Variant:
    """Fonts sharing one Type0 + CIDFont pair, and the union of their maps."""

    def __init__(self, fonts: list[Font], exact_widths: bool):
        self.fonts = fonts
        self.custom = fonts[0].encoding is not None
        self.encoding: dict[int, int] = {}
        self.to_unicode: dict[int, bytes] = {}
        votes: dict[int, list] = {}
        for font in fonts:
            self.encoding.update(font.encoding or {})
            self.to_unicode.update(font.to_unicode)
            for cid, width in font.widths.items():
                votes.setdefault(cid, []).append(width)
        # exact widths: the members agree on every CID; otherwise the most common width wins
        self.widths = {cid: values[0] if exact_widths else most_common(values) for cid, values in votes.items()}


def _disagreeing(maps: list[dict | None], adjacent: list[set[int]]) -> None:
    """Join every two of `maps` (None: left out) that give one key two values. Grouped by key,
    not compared pair by pair: a real bank's guide has 80 subsets of a face, and comparing each
    pair's maps was over a million steps, where keys with two values are a few."""
    values: dict = {}
    for index, found in enumerate(maps):
        for key, value in (found or {}).items():
            values.setdefault(key, {}).setdefault(value, []).append(index)
    for groups in values.values():
        if len(groups) > 1:
            everyone = set().union(*groups.values())
            for group in groups.values():
                others = everyone.difference(group)
                for i in group:
                    adjacent[i] |= others


def conflicts(fonts: list[Font], exact_widths: bool) -> list[set[int]]:
    """For each font, the fonts it may NOT share one Type0 + CIDFont pair with: an Identity-H
    font never takes a made-up missing-glyph CMap, and two fonts that give one code another
    CID, one CID another text or (`exact_widths`) another width stay apart."""
    adjacent: list[set[int]] = [set() for _ in fonts]
    custom = [i for i, font in enumerate(fonts) if font.encoding is not None]
    identity = [i for i, font in enumerate(fonts) if font.encoding is None]
    for i in custom:
        adjacent[i].update(identity)
    for i in identity:
        adjacent[i].update(custom)
    _disagreeing([font.encoding for font in fonts], adjacent)
    _disagreeing([font.to_unicode for font in fonts], adjacent)
    if exact_widths:
        _disagreeing([font.widths for font in fonts], adjacent)
    return adjacent


def variants(fonts: list[Font], exact_widths: bool) -> list[Variant]:
    """The fewest sets of mutually compatible fonts, in document order of their first font."""
    n = len(fonts)
    adjacent = conflicts(fonts, exact_widths)
    colours = _fewest_colours(adjacent, _dsatur(adjacent))
    sets: dict[int, list[Font]] = {}
    for i in range(n):
        sets.setdefault(colours[i], []).append(fonts[i])
    return [Variant(members, exact_widths) for members in sets.values()]


def _dsatur(adjacent: list[set[int]]) -> list[int]:
    """A good colouring, deterministically: ties go to the font that comes first."""
    n = len(adjacent)
    colours = [-1] * n
    for _ in range(n):
        pick = max((i for i in range(n) if colours[i] < 0),
                   key=lambda i: (len({colours[j] for j in adjacent[i] if colours[j] >= 0}), len(adjacent[i]), -i))
        used = {colours[j] for j in adjacent[pick]}
        colours[pick] = next(c for c in range(n) if c not in used)
    return colours


def _fewest_colours(adjacent: list[set[int]], best: list[int], budget: int = 20000) -> list[int]:
    """Try one colour fewer than `best` by exact search, while it succeeds within the node budget."""
    n = len(adjacent)
    order = sorted(range(n), key=lambda i: (-len(adjacent[i]), i))
    nodes = [0]

    def search(k: int, at: int, trial: list[int]) -> bool:
        if at == n:
            return True
        nodes[0] += 1
        if nodes[0] > budget:
            raise TimeoutError
        vertex = order[at]
        used = {trial[j] for j in adjacent[vertex] if trial[j] >= 0}
        for c in range(min(k, max(trial) + 2)):
            if c not in used:
                trial[vertex] = c
                if search(k, at + 1, trial):
                    return True
                trial[vertex] = -1
        return False

    k = max(best, default=-1) + 1
    # Fonts that all conflict with one another need a colour each: when `best` uses no more, no
    # search can do better (a deck of 38 parts spent a fifth of a second failing to, every time).
    floor = _clique(adjacent)
    while k > max(floor, 1):
        trial = [-1] * n
        try:
            if not search(k - 1, 0, trial):
                break
        except TimeoutError:
            break
        best, k = trial, k - 1
    return best


def _clique(adjacent: list[set[int]]) -> int:
    """The size of a large set of fonts that all conflict with one another (greedy, from each font)."""
    largest = 0
    for seed in range(len(adjacent)):
        members = {seed}
        for other in sorted(adjacent[seed], key=lambda i: (-len(adjacent[i]), i)):
            if members <= adjacent[other]:
                members.add(other)
        largest = max(largest, len(members))
    return largest
