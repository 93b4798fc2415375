"""A Type0 font's maps: ToUnicode and Encoding CMaps and /W width arrays, read and written as WeasyPrint writes them."""

from __future__ import annotations

import re

from pypdf.generic import ArrayObject, NumberObject

from .pdfobj import Unsupported, number, resolve

_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_FULL_RANGE = re.compile(rb"<0000>\s*<[Ff]{4}>")
_HEADER = (b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo")
_FOOTER = (b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end")


def _hex(token: bytes) -> bytes:
    return bytes.fromhex(token.decode())  # fromhex skips whitespace


def parse_to_unicode(data: bytes) -> dict[int, bytes]:
    """ToUnicode CMap -> {code: UTF-16BE bytes}; 2-byte codes only."""
    if not _FULL_RANGE.search(data):
        raise Unsupported("ToUnicode with a codespace other than <0000> <FFFF>")
    result: dict[int, bytes] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        tokens = _HEX.findall(block)
        for source, target in zip(tokens[0::2], tokens[1::2]):
            result[int.from_bytes(_hex(source), "big")] = _hex(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])", block):
            low, high, target = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
            if target.startswith(b"["):
                for k, token in enumerate(_HEX.findall(target)):
                    result[low + k] = _hex(token)
                continue
            base = _hex(target[1:-1])
            if base:
                start = int.from_bytes(base, "big")
                for k in range(high - low + 1):
                    result[low + k] = (start + k).to_bytes(len(base), "big")
    return result


def _batches(items: list, keyword: bytes, line) -> list[bytes]:
    lines = []
    for i in range(0, len(items), 100):
        batch = items[i:i + 100]
        lines.append(f"{len(batch)} begin".encode() + keyword)
        lines += [line(*item) for item in batch]
        lines.append(b"end" + keyword)
    return lines


def build_to_unicode(mapping: dict[int, bytes]) -> bytes:
    """The layout WeasyPrint writes (weasyprint/pdf/fonts.py, build_fonts_dictionary)."""
    lines = [*_HEADER, b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def", b"1 begincodespacerange",
             b"<0000> <ffff>", b"endcodespacerange"]
    lines += _batches(sorted(mapping.items()), b"bfchar", lambda code, text: f"<{code:04x}> <{text.hex()}>".encode())
    return b"\n".join([*lines, *_FOOTER])


def parse_encoding(data: bytes) -> dict[int, int]:
    """A custom Encoding CMap (WeasyPrint's missing-glyph 'WP-Encod-0') -> {code: CID}."""
    if b"usecmap" in data.lower() or not _FULL_RANGE.search(data):
        raise Unsupported("Encoding CMap with usecmap or a codespace other than <0000> <FFFF>")
    result: dict[int, int] = {}
    for block in re.findall(rb"begincidchar(.*?)endcidchar", data, re.S):
        for code, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*(\d+)", block):
            result[int(code, 16)] = int(cid)
    for block in re.findall(rb"begincidrange(.*?)endcidrange", data, re.S):
        for low, high, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
            for k in range(int(high, 16) - int(low, 16) + 1):
                result[int(low, 16) + k] = int(cid) + k
    return result


def build_encoding(mapping: dict[int, int], name: str) -> bytes:
    lines = [*_HEADER, b"3 dict dup begin", b"/Registry (Adobe) def", b"/Ordering (Identity) def",
             b"/Supplement 0 def", b"end def", f"/CMapName /{name} def".encode(), b"/CMapType 1 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    lines += _batches(sorted(mapping.items()), b"cidchar", lambda code, cid: f"<{code:04x}> {cid}".encode())
    return b"\n".join([*lines, *_FOOTER])


def parse_w(w) -> dict[int, float]:
    """/W -> {CID: width}: runs `c [w1 w2 ...]` and ranges `c1 c2 w`."""
    out: dict[int, float] = {}
    items = list(resolve(w) or [])
    i = 0
    while i < len(items):
        first, following = int(items[i]), resolve(items[i + 1])
        if isinstance(following, ArrayObject):
            for k, value in enumerate(following):
                out[first + k] = float(value)
            i += 2
        else:
            for cid in range(first, int(following) + 1):
                out[cid] = float(items[i + 2])
            i += 3
    return out


def build_w(widths: dict[int, float]) -> ArrayObject:
    """{CID: width} -> /W as runs of consecutive CIDs, as WeasyPrint writes it."""
    result = ArrayObject()
    run = None
    for cid in sorted(widths):
        if run is None or cid - 1 not in widths:
            result.append(NumberObject(cid))
            run = ArrayObject()
            result.append(run)
        run.append(number(widths[cid]))
    return result
