"""Imposed decks of cards joined into one document with qpdf: their sheets, forms and structure
trees copied as they are, each face's font programs merged once more.

A deck of several chapters used to be imposed again from every face document, parsing each in
pypdf; each chapter's deck is imposed already (it is an output of its own), so the joined deck
copies their sheets across, renumbers their marked-content keys so that they never meet, and
lays one structure tree over them. Each deck is closed once copied (its streams' data copied
first): a real bank's six decks (8 MB) took 390 MB to join while all stayed open, 263 MB so.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from .assembly import Assembly, copy_pages, describe, finish
from .fonts.gathered import owners
from .tags import tops, tree_root

_KEYS = (Name.StructParents, Name.StructParent)


def join_decks(decks: tuple[bytes, ...], titles: tuple[str, ...], metadata: dict[str, str]) -> bytes:
    """The decks' sheets one after another, a bookmark titled `titles[i]` on deck i's first sheet."""
    doc = Assembly()
    out = doc.pdf
    try:
        describe(out, metadata)
        document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
        kids, nums, ids, firsts = [], [], {}, []
        for deck in decks:
            first = len(out.objects)
            firsts.append(len(out.pages))
            with pikepdf.open(io.BytesIO(deck)) as source:
                _renumber(source, int(nums[-2]) + 1 if nums else 0)
                copy_pages(out, source)  # before the tree, so that its elements find these pages
                root = source.Root.get(Name.StructTreeRoot)
                if root is not None:
                    tree = out.copy_foreign(root)
                    for kid in tops(tree):
                        kid.P = document
                        kids.append(kid)
                    nums += _numbers(tree.get(Name.ParentTree))
                    ids.update(_names(tree.get(Name.IDTree)))
                _own_streams(out, first)
        if kids:
            document.K = Array(kids)
            tree_root(out, document, nums, ids)
        if titles:
            with out.open_outline() as outline:
                outline.root.extend(pikepdf.OutlineItem(title, first) for title, first in zip(titles, firsts))
    except BaseException:
        doc.close()
        raise
    return finish(doc)


def _own_streams(pdf: pikepdf.Pdf, first: int) -> None:
    """Give the streams copied into `pdf` since object `first` their data, still compressed as it
    was: qpdf would otherwise read it from their document when `pdf` is saved, and keep that
    document's objects, parsed, until then."""
    for obj in list(pdf.objects)[first:]:
        if isinstance(obj, pikepdf.Stream):
            obj.write(obj.read_raw_bytes(), filter=obj.get(Name.Filter), decode_parms=obj.get(Name.DecodeParms))


def _renumber(source: pikepdf.Pdf, offset: int) -> None:
    """Move a deck's ParentTree keys, and the pages', forms' and annotations' that name them, up by `offset`."""
    if not offset:
        return
    for owner in owners(source):
        for key in _KEYS:
            if key in owner:
                owner[key] = int(owner[key]) + offset
    root = source.Root.get(Name.StructTreeRoot)
    if root is not None and Name.ParentTree in root:
        numbers = _numbers(root.ParentTree)
        root.ParentTree = Dictionary(Nums=Array([int(v) + offset if i % 2 == 0 else v for i, v in enumerate(numbers)]))


def _numbers(tree) -> list:
    """A number tree's key, value, ... pairs, in key order."""
    return [] if tree is None else [v for pair in pikepdf.NumberTree(tree).items() for v in pair]


def _names(tree) -> dict[str, Dictionary]:
    return {} if tree is None else dict(pikepdf.NameTree(tree).items())
