"""Tagged parts finished for assembly: one annotation per link with its text, margin boxes as artifacts, languages."""

from __future__ import annotations

import functools
import io
import re
import zlib
from dataclasses import dataclass, field

SCALE = 0.75  # PDF points per CSS pixel
_DECOR = "SgDecorative"  # a private mark on the elements of decorative icons, removed by `finish`
_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


@dataclass
class Link:
    """One link as a reader meets it: its text, and the boxes (one per line) it covers, in PDF points."""

    text: str
    quads: list[tuple[float, float, float, float]] = field(default_factory=list)

    def add(self, rect: tuple[float, float, float, float]) -> None:
        x1, y1, x2, y2 = rect
        if not any(a <= x1 and b <= y1 and x2 <= c and y2 <= d for a, b, c, d in self.quads):
            self.quads.append(rect)


DECORATIVE = "icon"  # the class of category icons: each stands beside its category's name


def _decorative(element) -> bool:
    return element is not None and DECORATIVE in (element.get("class") or "").split()


def _text(element) -> str:
    """What a link says: its text, without the icons beside its words."""

    def pieces(node):
        if _decorative(node):
            yield node.tail or ""
            return
        yield node.text or ""
        for child in node:
            yield from pieces(child)
        if node is not element:
            yield node.tail or ""

    return " ".join("".join(pieces(element)).split())


def one_link_each(document) -> list[list[Link]]:
    """Rewrite each page's links so that WeasyPrint writes one annotation per link.

    WeasyPrint gives every box a link passes through its own annotation: each line of a link, and
    each box inside it (7 for one line of the contents). Boxes that inherit the link join the
    link of the element that has it; the lines of one element on one page become one annotation
    spanning them (the union of the lines as its rectangle, each line in its QuadPoints)."""
    found = []
    for page in document.pages:
        height = page.height
        kept, links, owner = [], [], None
        for link_type, target, rect, box in page.links:
            mine = box.link is not None
            x1, y1, x2, y2 = rect
            points = (x1 * SCALE, (height - y2) * SCALE, x2 * SCALE, (height - y1) * SCALE)
            if mine and kept and box.element is owner and kept[-1][:2] == (link_type, target):
                _, _, (a, b, c, d), first = kept[-1]
                kept[-1] = (link_type, target, (min(a, x1), min(b, y1), max(c, x2), max(d, y2)), first)
                links[-1].add(points)
            elif mine or not kept:
                owner = box.element
                kept.append((link_type, target, rect, box))
                links.append(Link(_text(box.element) if box.element is not None else target))
                links[-1].add(points)
        page.links[:] = kept
        found.append([link for (kind, *_), link in zip(kept, links) if kind in ("internal", "external")])
    return found


@functools.lru_cache(maxsize=1)
def mark_languages() -> None:
    """Give the structure element of every HTML element with a `lang` attribute that language,
    and mark the elements of decorative icons, which `finish` turns into artifacts.

    WeasyPrint (pinned) tags elements without their language, so a screen reader would read a
    name in Devanagari with the document's voice, and tags every icon as text ("cloud, AWS").
    Its tree builder is wrapped once per process."""
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def with_language(box, *args):
        element = getattr(getattr(box, "_box", box), "element", None)
        lang = element.get("lang") if element is not None and element.tag != "html" else None
        for item in build(box, *args):
            if lang and "Lang" not in item:
                item["Lang"] = pydyf.String(lang)
            if _decorative(element):
                item[_DECOR] = "true"
            yield item

    tags._build_box_tree = with_language


def finish(pdf: bytes, links: list[list[Link]]) -> bytes:
    """The part's links given their text and lines; content outside the structure tree (running
    headers and other margin boxes, which WeasyPrint marks but leaves out) made artifacts."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root.get("/StructTreeRoot")
        if root is None:
            return pdf
        _drop_decorative(root)
        reachable = _reachable(root)
        nums = root.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        rows = {page.obj.objgen: parents.get(int(page.obj.get("/StructParents", -1))) for page in doc.pages}
        _join_links(doc, reachable, rows)
        for index, page in enumerate(doc.pages):
            row = rows[page.obj.objgen]
            if row is not None:
                _artifacts(doc, page, row, reachable)
            for annot, link in zip([a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"],
                                   links[index]):
                annot.Contents = pikepdf.String(link.text)
                annot.QuadPoints = pikepdf.Array([v for x1, y1, x2, y2 in link.quads for v in (x1, y2, x2, y2, x1, y1, x2, y1)])
        out = io.BytesIO()
        # Objects in streams of a hundred, in reading order: the one stream WeasyPrint writes would
        # be parsed whole (tens of thousands of structure elements) by the first page pypdf reads.
        doc.save(out, deterministic_id=False, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _reachable(root) -> set:
    import pikepdf

    seen, todo = set(), [root]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if hasattr(kid, "objgen") and kid.objgen != (0, 0) and kid.get("/Type") != "/OBJR":
                if kid.objgen not in seen and kid.get("/S") is not None:
                    seen.add(kid.objgen)
                    todo.append(kid)
    return seen


def _drop_decorative(root) -> None:
    """Take the marked icons' elements out of the tree: their content becomes artifacts."""
    import pikepdf

    todo = [root]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        if not isinstance(kids, pikepdf.Array):
            continue
        kept = [kid for kid in kids if not (isinstance(kid, pikepdf.Dictionary) and f"/{_DECOR}" in kid)]
        if len(kept) != len(kids):
            node.K = pikepdf.Array(kept)
        todo += [kid for kid in kept if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") is not None]


def _join_links(doc, reachable: set, rows: dict) -> None:
    """One Link element per link: the elements WeasyPrint makes for the link's later lines (no
    annotation of their own) join the one holding the annotation, their text with them."""
    import pikepdf

    for objgen in reachable:
        elem = doc.get_object(objgen)
        kids = elem.get("/K")
        if not isinstance(kids, pikepdf.Array):
            continue
        kept, holder = [], None
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Link":
                own = _list(kid.get("/K"))
                if any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR" for k in own):
                    holder = kid
                elif holder is not None:
                    _move(kid, holder, own, rows)
                    continue
            else:
                holder = None
            kept.append(kid)
        if len(kept) != len(kids):
            elem.K = pikepdf.Array(kept)


def _list(value) -> list:
    import pikepdf

    return list(value) if isinstance(value, pikepdf.Array) else ([] if value is None else [value])


def _move(kid, holder, own: list, rows: dict) -> None:
    import pikepdf

    row = rows.get(kid.Pg.objgen) if "/Pg" in kid else None
    moved = []
    for item in own:
        if isinstance(item, int) and kid.get("/Pg") is not None and holder.get("/Pg") is not None \
                and kid.Pg.objgen != holder.Pg.objgen:
            item = pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=item, Pg=kid.Pg)
        moved.append(item)
        mcid = item if isinstance(item, int) else int(item.get("/MCID", -1))
        if row is not None and 0 <= mcid < len(row):
            row[mcid] = holder
    holder.K = pikepdf.Array(_list(holder.get("/K")) + moved)


def _artifacts(doc, page, row, reachable: set) -> None:
    """Marked content whose element is not in the tree becomes an /Artifact sequence."""
    import pikepdf

    orphans = {i for i, elem in enumerate(row) if hasattr(elem, "objgen") and elem.objgen not in reachable}
    if not orphans:
        return
    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    for stream in streams:
        data = stream.read_bytes()
        new = _MARKED.sub(lambda m: b"/Artifact BMC" if int(m.group(2)) in orphans else m.group(0), data)
        if new != data:
            stream.write(zlib.compress(new), filter=pikepdf.Name.FlateDecode)
