"""Imposed decks of cards joined into one document with qpdf: their sheets, forms and structure
trees copied as they are, each face's font programs merged once more.

A deck of several chapters used to be imposed again from every face document, parsing each in
pypdf; each chapter's deck is imposed already (it is an output of its own), so the joined deck
copies their sheets across, renumbers their marked-content keys so that they never meet, and
lays one structure tree over them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

from .fonts import merge_fonts_pdf
from .objects import document_info
from .tags import tree_root

_KEYS = (Name.StructParents, Name.StructParent)


def join_decks(decks: tuple[bytes, ...], titles: tuple[str, ...], metadata: dict[str, str]) -> bytes:
    """The decks' sheets one after another, a bookmark titled `titles[i]` on deck i's first sheet."""
    out, sources = pikepdf.new(), []
    try:
        _describe(out, metadata)
        document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
        kids, nums, ids, firsts = [], [], {}, []
        for deck in decks:
            source = pikepdf.open(io.BytesIO(deck))
            sources.append(source)  # open until saved: qpdf reads copied streams only then
            firsts.append(len(out.pages))
            _renumber(source, int(nums[-2]) + 1 if nums else 0)
            out.pages.extend(source.pages)  # before the tree, so that its elements find these pages
            root = source.Root.get(Name.StructTreeRoot)
            if root is not None:
                tree = out.copy_foreign(root)
                for kid in _tops(tree):
                    kid.P = document
                    kids.append(kid)
                nums += _numbers(tree.get(Name.ParentTree))
                ids.update(_names(tree.get(Name.IDTree)))
        if kids:
            document.K = Array(kids)
            tree_root(out, document, nums, ids)
        sources.append(_merge_fonts(out))
        if titles:
            with out.open_outline() as outline:
                outline.root.extend(pikepdf.OutlineItem(title, first) for title, first in zip(titles, firsts))
        packed = io.BytesIO()
        out.save(packed, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True,
                 compress_streams=True, min_version="1.7")
        return packed.getvalue()
    finally:
        for source in sources:
            if source is not None:
                source.close()
        out.close()


def _owners(pdf: pikepdf.Pdf) -> Iterator[Dictionary]:
    """Every page, annotation and form (however deep) of `pdf` that may own marked content, once."""
    seen: set[tuple[int, int]] = set()
    todo = [page.obj for page in pdf.pages]
    while todo:
        obj = todo.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        yield obj
        todo += [annot for annot in obj.get(Name.Annots, ()) if isinstance(annot, Dictionary)]
        xobjects = obj.get(Name.Resources, Dictionary()).get(Name.XObject, Dictionary())
        todo += [form for form in xobjects.values() if form.get(Name.Subtype) == Name.Form]


def _renumber(source: pikepdf.Pdf, offset: int) -> None:
    """Move a deck's ParentTree keys, and the pages', forms' and annotations' that name them, up by `offset`."""
    if not offset:
        return
    for owner in _owners(source):
        for key in _KEYS:
            if key in owner:
                owner[key] = int(owner[key]) + offset
    root = source.Root.get(Name.StructTreeRoot)
    if root is not None and Name.ParentTree in root:
        numbers = _numbers(root.ParentTree)
        root.ParentTree = Dictionary(Nums=Array([int(v) + offset if i % 2 == 0 else v for i, v in enumerate(numbers)]))


def _numbers(tree) -> list:
    """A number tree's key, value, ... pairs, leaves in order (a flat /Nums, or /Kids)."""
    if tree is None:
        return []
    found = list(tree.get(Name.Nums, ()))
    for kid in tree.get(Name.Kids, ()):
        found += _numbers(kid)
    return found


def _names(tree) -> dict[str, Dictionary]:
    if tree is None:
        return {}
    found = list(tree.get(Name.Names, ()))
    pairs = {str(found[i]): found[i + 1] for i in range(0, len(found), 2)}
    for kid in tree.get(Name.Kids, ()):
        pairs.update(_names(kid))
    return pairs


def _tops(tree: Dictionary) -> list[Dictionary]:
    """The elements just below a deck's Document element (or its root, had it none)."""
    tops = []
    for top in _listed(tree.get(Name.K)):
        tops += _listed(top.get(Name.K)) if top.get(Name.S) == Name.Document else [top]
    return [top for top in tops if isinstance(top, Dictionary)]


def _listed(value) -> list:
    return list(value) if isinstance(value, Array) else ([] if value is None else [value])


def _merge_fonts(out: pikepdf.Pdf) -> pikepdf.Pdf | None:
    """One program per face across the decks: their Type0 fonts, gathered in a document of their
    own, go through the same merge as any assembled document, and the resources take the merged
    fonts instead. Returns the merged document, to be closed once `out` is saved."""
    users, fonts = [], {}
    for owner in _owners(out):
        named = owner.get(Name.Resources, Dictionary()).get(Name.Font)
        if named is not None:
            users.append(named)
            fonts.update({font.objgen: font for font in named.values()
                          if font.is_indirect and font.get(Name.Subtype) == Name.Type0})
    if len(fonts) < 2:
        return None
    gathered = pikepdf.new()
    for font in fonts.values():
        gathered.add_blank_page().Resources = Dictionary(Font=Dictionary(F0=gathered.copy_foreign(font)))
    buffer = io.BytesIO()
    gathered.save(buffer)
    result = pikepdf.open(io.BytesIO(merge_fonts_pdf(buffer.getvalue())[0]))
    merged = {objgen: out.copy_foreign(page.Resources.Font.F0) for objgen, page in zip(fonts, result.pages)}
    for named in users:
        for key, font in list(named.items()):
            if font.is_indirect and font.objgen in merged:
                named[key] = merged[font.objgen]
    return result


def _describe(out: pikepdf.Pdf, metadata: dict[str, str]) -> None:
    """Document information, language, and the title shown rather than the file name."""
    language, info = document_info(metadata)
    out.docinfo = out.make_indirect(Dictionary({key: pikepdf.String(value) for key, value in info.items()}))
    if language:
        out.Root.Lang = pikepdf.String(language)
    if info.get("/Title"):
        out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
