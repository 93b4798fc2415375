"""merge_fonts: every face's per-part subsets in an assembled document replaced by one program, references rewired, old objects freed."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .found import Font, is_type0, read_font
from .pdfobj import NewObjects, Unsupported, get, references, stream_size
from .variants import program_groups
from .write import rename, write_group


@dataclass
class MergeReport:
    """What one merge did: counts before and after, one entry per face, what it left alone."""

    fonts_before: int = 0  # Type0 font objects found
    programs_before: int = 0  # distinct embedded programs among them
    programs_after: int = 0
    type0_after: int = 0  # one per face, unless parts disagree on a width, a text or a code
    font_bytes_before: int = 0  # encoded stream bytes of the font objects freed
    font_bytes_after: int = 0  # encoded stream bytes of the objects that replace them
    faces: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.fonts_before} Type0 fonts / {self.programs_before} programs -> "
                f"{self.type0_after} Type0 fonts / {self.programs_after} programs; "
                f"font streams {self.font_bytes_before} -> {self.font_bytes_after} bytes; "
                f"{len(self.skipped)} left alone; {self.seconds * 1000:.0f} ms")


def merge_fonts(writer: PdfWriter, *, exact_widths: bool = True) -> MergeReport:
    """Replace every face's subsets in `writer` by one merged program, in place; call it last,
    just before the writer is written. `exact_widths=False` lets fonts whose /W widths differ by
    WeasyPrint's rounding share one CIDFont (the most common width wins): one Type0 per face,
    but glyphs after such a glyph move by up to 1/1000 em, so pages are no longer identical."""
    started = time.perf_counter()
    report = MergeReport()
    objects = writer._objects  # pypdf has no public view of a writer's objects (pinned version)
    links = {i + 1: references(obj, writer) for i, obj in enumerate(objects) if isinstance(obj, (DictionaryObject, ArrayObject))}
    fonts, old = _read_fonts(writer, _reachable(writer, links), report)
    new = NewObjects(writer)
    mapping: dict[int, IndirectObject] = {}
    for name, members in _faces(fonts):
        for group in program_groups(members):
            if len(group.programs) == 1:  # one subset, or a face merged before: nothing to merge
                _keep(report, group, "one program already: renamed in place")
                continue
            mark = len(new.added)
            try:
                refs, entry = write_group(new, name, group, exact_widths)
            except Exception as exc:  # one odd face never stops the document: it stays as it was
                new.rollback(mark)
                report.skipped.append(f"{name}: {exc if isinstance(exc, Unsupported) else repr(exc)}")
                _keep(report, group, "could not merge: renamed in place")
                continue
            report.faces.append(entry)
            report.programs_after += 1
            report.type0_after += entry["variants"]
            for font, ref in refs.items():
                mapping[font.idnum] = ref
                old |= font.owned
    users = [idnum for idnum, refs in links.items() if not refs.isdisjoint(mapping)]
    _retarget(writer, [objects[idnum - 1] for idnum in users], mapping)
    for idnum in users + [idnum for idnum, _ in new.added]:
        links[idnum] = references(objects[idnum - 1], writer)
    _drop_unreachable(writer, links, old, report)
    report.font_bytes_after = sum(stream_size(obj) for _, obj in new.added)
    report.seconds = time.perf_counter() - started
    return report


def merge_fonts_pdf(data: bytes, *, exact_widths: bool = True) -> tuple[bytes, MergeReport]:
    """Bytes in, bytes out: the document is cloned, merged and written whole by pypdf (an
    incremental update is folded in; no object streams)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    report = merge_fonts(writer, exact_widths=exact_widths)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), report


def _read_fonts(writer: PdfWriter, reachable: set[int], report: MergeReport) -> tuple[list[Font], set[int]]:
    """Every Type0 font the document uses; the objects of those it cannot reach (WeasyPrint writes
    an orphan when two of its fonts share a file hash; a resource dictionary replaced after
    cloning leaves its fonts behind) are returned to be freed."""
    fonts, orphans, programs = [], set(), {}
    seen_programs = set()
    for index, obj in enumerate(writer._objects):
        if not is_type0(obj):
            continue
        report.fonts_before += 1
        try:
            font = read_font(obj, index + 1, programs)
        except Exception as exc:  # one odd font never stops the document: it is left as it is
            reason = str(exc) if isinstance(exc, Unsupported) else f"{type(exc).__name__}: {exc}"
            report.skipped.append(f"{obj.get('/BaseFont')} (object {index + 1}): {reason}")
            continue
        seen_programs.add(font.program_ref)
        if index + 1 in reachable:
            fonts.append(font)
        else:
            orphans |= font.owned
    report.programs_before = len(seen_programs)
    return fonts, orphans


def _faces(fonts: list[Font]) -> list[tuple[str, list[Font]]]:
    """Fonts of one face: same name, kind and program identity (head, hhea, OS/2, name table, CFF)."""
    faces: dict[tuple, list[Font]] = {}
    for font in fonts:
        # CIDSystemInfo compared by value: writers differ in the order of its keys.
        system = get(font.cidfont, "/CIDSystemInfo")
        system = sorted((str(k), repr(v)) for k, v in system.items()) if hasattr(system, "items") else repr(system)
        key = (font.name, font.cidfont.get("/Subtype"), font.program_key, font.program.identity(),
               repr(system), repr(get(font.cidfont, "/DW")))
        faces.setdefault(key, []).append(font)
    return [(key[0], members) for key, members in faces.items()]


def _keep(report: MergeReport, group, note: str) -> None:
    """Fonts left as they are, each renamed from its own program, so no name names two programs."""
    names = sorted({rename(font) for font in group.fonts})
    report.programs_after += len(group.programs)
    report.type0_after += len(group.fonts)
    for program in group.programs:
        report.faces.append({"name": ", ".join(names), "fonts": len(group.fonts), "programs": 1,
                             "variants": len(group.fonts), "program_bytes": len(program.data), "note": note,
                             "glyphs": sum(1 for r in program.records.values() if r[0])})


def _retarget(writer: PdfWriter, users: list, mapping: dict[int, IndirectObject]) -> None:
    """Point every reference to an old Type0 font at its replacement (resources anywhere: pages,
    forms such as page-number stamps, annotations' appearances)."""
    for obj in users:
        stack = [obj]
        while stack:
            current = stack.pop()
            pairs = list(current.items()) if isinstance(current, DictionaryObject) else list(enumerate(current))
            for key, value in pairs:
                if isinstance(value, IndirectObject):
                    if value.pdf is writer and value.idnum in mapping:
                        current[key] = mapping[value.idnum]
                elif isinstance(value, (DictionaryObject, ArrayObject)):
                    stack.append(value)


def _reachable(writer: PdfWriter, links: dict[int, set[int]]) -> set[int]:
    """Object numbers reachable from the trailer's /Root and /Info: what the document uses."""
    roots = [writer.root_object.indirect_reference, writer._info.indirect_reference if writer._info is not None else None]
    found: set[int] = set()
    stack = [ref.idnum for ref in roots if isinstance(ref, IndirectObject) and ref.pdf is writer]
    while stack:
        idnum = stack.pop()
        if idnum not in found:
            found.add(idnum)
            stack.extend(links.get(idnum, ()))
    return found


def _drop_unreachable(writer: PdfWriter, links: dict[int, set[int]], candidates: set[int], report: MergeReport) -> None:
    """Free the old font objects the document no longer reaches (pypdf writes them as free
    entries); one something still uses stays and is reported."""
    reachable = _reachable(writer, links)
    for idnum in sorted(candidates - reachable):
        obj = writer._objects[idnum - 1]
        if obj is not None:
            report.font_bytes_before += stream_size(obj)
            writer._objects[idnum - 1] = None
    if candidates & reachable:
        report.skipped.append(f"{len(candidates & reachable)} old font objects kept: still used outside the fonts")
