"""Objects of one PDF copied, under new numbers, into another's incremental update."""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from .assemble import OutlineNode

# Structure element IDs of added pages get a prefix of their own, so they never meet the base's.
ID_PREFIX = "tail-"
_RENAMED = frozenset({"/ID", "/Headers"})


def ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)


def rows(source: PdfReader) -> dict[int, PdfObject]:
    """The source's ParentTree as key -> value (a page's row of elements, or an annotation's element)."""
    tree = source.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]
    nums = tree.get("/Nums", [])
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


class Copier:
    """Copies objects of the source into new objects numbered from `first`, following references
    (some mapped in advance to objects of the base), refusing pages outside the copy's range."""

    def __init__(self, mapped: dict[int, int], refused: set[int], first: int):
        self.map, self.refused, self.next = dict(mapped), refused, first
        self.objects: dict[int, PdfObject] = {}
        self.ids: list[tuple[str, IndirectObject]] = []
        self.todo: list[IndirectObject] = []

    def ref(self, indirect: IndirectObject) -> IndirectObject:
        if indirect.idnum not in self.map:
            if indirect.idnum in self.refused:
                raise ValueError(f"object {indirect.idnum} belongs to another copy's pages")
            self.map[indirect.idnum] = self.next
            self.next += 1
            self.todo.append(indirect)
        return ref(self.map[indirect.idnum])

    def value(self, obj, holder: int | None = None):
        if isinstance(obj, IndirectObject):
            return self.ref(obj)
        if isinstance(obj, ArrayObject):
            return ArrayObject([self.value(v) for v in obj])
        if isinstance(obj, DictionaryObject):
            new = StreamObject() if isinstance(obj, StreamObject) else DictionaryObject()
            if isinstance(obj, StreamObject):
                new._data = obj._data  # still encoded: copied as the source has it
            # The keys are the source's names already; dict's own setter skips pypdf's checks
            # (a set's structure elements are thousands of small dictionaries).
            for key, item in dict.items(obj):
                dict.__setitem__(new, key, self._item(key, item, obj, holder) if key in _RENAMED else
                                 self.value(item))
            return new
        return obj

    def _item(self, key: str, item, obj: DictionaryObject, holder: int | None):
        if key == "/ID" and "/S" in obj:
            name = TextStringObject(ID_PREFIX + str(item))
            self.ids.append((str(name), ref(holder)))
            return name
        if key == "/Headers":
            return ArrayObject(TextStringObject(ID_PREFIX + str(h)) for h in item)
        return self.value(item)

    def run(self) -> None:
        while self.todo:
            indirect = self.todo.pop(0)
            number = self.map[indirect.idnum]
            self.objects[number] = self.value(indirect.get_object(), number)


def outline_items(out: dict, copier: Copier, parent: DictionaryObject, parent_number: int,
              nodes: list[OutlineNode], where: dict[int, int]) -> int:
    """`nodes` as outline items under `parent`, each opening at its heading; how many are shown."""
    numbers = list(range(copier.next, copier.next + len(nodes)))
    copier.next += len(nodes)
    shown = len(nodes)
    for i, (node, number) in enumerate(zip(nodes, numbers)):
        fit = [NameObject("/XYZ"), *(NullObject() if v is None else FloatObject(v) for v in
                                     (node.left, node.top)), NullObject()]
        item = DictionaryObject({NameObject("/Title"): TextStringObject(node.title),
                                 NameObject("/Parent"): ref(parent_number),
                                 NameObject("/Dest"): ArrayObject([ref(where[node.page]), *fit])})
        if i:
            item[NameObject("/Prev")] = ref(numbers[i - 1])
        if i + 1 < len(nodes):
            item[NameObject("/Next")] = ref(numbers[i + 1])
        shown += outline_items(out, copier, item, number, node.children, where)
        out[number] = item
    if nodes:
        parent.update({NameObject("/First"): ref(numbers[0]), NameObject("/Last"): ref(numbers[-1]),
                       NameObject("/Count"): NumberObject(shown)})
    return shown


def as_list(value) -> list:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return list(value) if isinstance(value, ArrayObject) else ([] if value is None else [value])


def shallow(value) -> DictionaryObject:
    """A copy of a dictionary whose values stay as they are (references not followed)."""
    return DictionaryObject({NameObject(key): value.raw_get(key) if hasattr(value, "raw_get") else value[key]
                             for key in value})


def own(out: dict, value):
    """A value of a copied object, its reference followed among the copies."""
    return out[value.idnum] if isinstance(value, IndirectObject) else value


def annots(out: dict, page: DictionaryObject) -> list[IndirectObject]:
    return list(own(out, page.raw_get("/Annots"))) if "/Annots" in page else []
