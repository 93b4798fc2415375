"""A candidate's stamp page cut into its two stamps (the name, the footer line), each drawing
only its own text, marked so that viewers copy the text as it is written.

The roster's stamps are one page a candidate: WeasyPrint's cost is mostly a page's own (its
page and margin boxes), and two pages a candidate took 0.8 s for 100 candidates against 0.45 s
for one. The two stamps are sibling boxes, each painted inside a q ... Q group of its own; a
stamp's drawing is the page's without the other's group, so nothing of the name is in the
footer's form (copying the page's text would give the name twice) and the reverse."""

from __future__ import annotations

import re

import pikepdf

# Operators that put marks on the page: a group holding none of them draws nothing.
_PAINTING = frozenset({"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "EI"})


def groups(instructions: list) -> list[tuple[int, int]]:
    """The (first, last) instruction of each group that paints, at the shallowest depth that
    parts the painting: the page's boxes in the order they are painted. A painting operator
    outside every such group raises ValueError, as the drawing cannot be cut at it."""
    operators = [str(instruction.operator) for instruction in instructions]
    depth, depths = 0, []
    for operator in operators:
        depth -= operator == "Q"
        depths.append(depth)  # a group's q and Q stand at the depth around it
        depth += operator == "q"
    painted = [i for i, operator in enumerate(operators) if operator in _PAINTING]
    if not painted:
        return []
    shallowest = min(depths[painted[0]:painted[-1] + 1])
    if any(depths[i] == shallowest for i in painted):  # one box: the group around all of it
        shallowest -= 1
    found, start = [], None
    for index, operator in enumerate(operators):
        if depths[index] != shallowest:
            continue
        if operator == "q":
            start = index
        elif operator == "Q" and start is not None:
            if any(start < i < index for i in painted):
                found.append((start, index))
            start = None
    if not all(any(first < i < last for first, last in found) for i in painted):
        raise ValueError("a stamp page paints outside its boxes' groups")
    return found


def cut(instructions: list, keep: int, parts: list[tuple[int, int]]) -> bytes:
    """The drawing with every group of `parts` but the `keep`-th left out (each is balanced, so
    the graphics state after it is as before it)."""
    dropped = [span for index, span in enumerate(parts) if index != keep]
    kept = [instruction for index, instruction in enumerate(instructions)
            if not any(first <= index <= last for first, last in dropped)]
    return pikepdf.unparse_content_stream(kept)


_TAGGED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+\d+\s*>>\s*BDC")
_TEXT_OBJECT = re.compile(rb"(?s)\bBT\b(.*?)\bET\b")
# A run of text in a script set in a face of its own (Indic, CJK), spaces inside it included.
_COMPLEX = "\u0900-\u0dff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_SCRIPT_RUN = re.compile(f"([{_COMPLEX}](?:[{_COMPLEX}\u200c\u200d ]*[{_COMPLEX}])?)")


def as_stamp(content: bytes, text: str) -> bytes:
    """A stamp's drawing as an artifact's (marks tying its text to a structure tree have no
    place in it), with `text` as what its glyphs stand for (/ActualText).

    WeasyPrint leaves some glyphs of Devanagari clusters without a Unicode mapping, so copying
    the name would give stray characters; /ActualText makes viewers copy exactly `text`. The
    marked span sits inside each text object, after its font is set: wrapped around the whole
    drawing, poppler places the replacement where nothing is shown and drops it. A line mixing
    scripts is one text object a script run (each in its own face): each run goes with its
    object; when the objects do not match the runs (a name on two lines), the first carries the
    whole text and the rest nothing."""
    content = _TAGGED.sub(rb"/\1 BMC", content)
    runs = [run for run in _SCRIPT_RUN.split(text) if run]
    spans = iter(runs if len(runs) == len(_TEXT_OBJECT.findall(content)) else [text])

    def mark(match: re.Match) -> bytes:
        body = match.group(1)
        head, font, tail = body.partition(b" Tf\n")
        if not font:
            head, tail = b"", body
        encoded = ("\ufeff" + next(spans, "")).encode("utf-16-be").hex().upper().encode()
        return b"BT" + head + font + b"/Span <</ActualText <" + encoded + b">>> BDC\n" + tail + b"\nEMC\nET"

    return _TEXT_OBJECT.sub(mark, content)
