"""An assembled document made ready for the press: PDF/X-4 output intent, XMP, boxes on every page."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from xml.sax.saxutils import escape

MM = 72 / 25.4
BLEED = 3 * MM
# Crop marks: from the bleed's edge outwards, on every plate (registration), hairline.
MARK, SLUG = 5 * MM, 7 * MM  # a mark's length; the room beyond the bleed that holds the marks
MARK_WIDTH = 0.25
VERSION = "PDF/X-4"
# The output condition the profile was built for, as the ICC registry names it.
CONDITION = {
    "/OutputConditionIdentifier": "FOGRA39",
    "/OutputCondition": "Offset printing, coated paper (ISO 12647-2:2004/Amd 1, FOGRA39)",
    "/RegistryName": "http://www.color.org",
    "/Info": "Coated FOGRA39",
}


def _date(epoch: int) -> tuple[str, str]:
    """The date as the Info dictionary (D:...) and as XMP (ISO 8601) write it."""
    when = dt.datetime.fromtimestamp(epoch, dt.UTC)
    return when.strftime("D:%Y%m%d%H%M%SZ"), when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _xmp(info: dict[str, str], iso: str, document_id: str, ua: bool) -> bytes:
    """The XMP packet PDF/X-4 asks for, its fields the same as the Info dictionary's; with the
    PDF/UA-1 claim the assembled document made (`ua`)."""
    fields = {
        "dc:title": f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(info.get("Title", ""))}</rdf:li></rdf:Alt>',
        "dc:creator": f'<rdf:Seq><rdf:li>{escape(info.get("Author", ""))}</rdf:li></rdf:Seq>',
        "dc:description": f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(info.get("Subject", ""))}</rdf:li></rdf:Alt>',
        "pdf:Producer": escape(info.get("Producer", "")),
        "pdf:Trapped": "False",
        "xmp:CreatorTool": escape(info.get("Creator", "")),
        "xmp:CreateDate": iso, "xmp:ModifyDate": iso, "xmp:MetadataDate": iso,
        "xmpMM:DocumentID": f"uuid:{document_id}", "xmpMM:VersionID": "1", "xmpMM:RenditionClass": "default",
        "pdfxid:GTS_PDFXVersion": VERSION,
    } | ({"pdfuaid:part": "1"} if ua else {})
    body = "".join(f"<{key}>{value}</{key}>" for key, value in fields.items())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        f"{body}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def _grown(box: list[float], by: float) -> list[float]:
    return [box[0] - by, box[1] - by, box[2] + by, box[3] + by]


def _marks(trim: list[float]) -> bytes:
    """Eight crop marks on the lines of the trim, each beginning where the bleed ends."""
    left, bottom, right, top = trim
    lines = []
    for x, y, outwards in ((left, bottom, -1), (right, bottom, 1), (left, top, -1), (right, top, 1)):
        up = 1 if y == top else -1
        lines.append((x + outwards * BLEED, y, x + outwards * (BLEED + MARK), y))  # along the horizontal trim line
        lines.append((x, y + up * BLEED, x, y + up * (BLEED + MARK)))  # along the vertical one
    path = "".join(f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l " for x0, y0, x1, y1 in lines)
    # Marks for the cutter, not the reader: an artifact, as PDF/UA asks of everything not content.
    return f"Q /Artifact BMC q {MARK_WIDTH} w 0 J [] 0 d 1 1 1 1 K {path}S Q EMC\n".encode()


def _boxes(pdf) -> None:
    """TrimBox, BleedBox and crop marks on every page. A page laid out without a bleed (an extra
    the trainer supplied, a card sheet) keeps its size as the trim and gets 3 mm of white bleed."""
    import pikepdf

    opening, marks = pdf.make_stream(b"q\n"), {}
    for page in pdf.pages:
        media = [float(v) for v in page.obj.MediaBox]
        trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
        bleed = _grown(trim, BLEED) if trim == media else [float(v) for v in page.obj.get("/BleedBox", media)]
        page.obj.TrimBox = pikepdf.Array(trim)
        page.obj.BleedBox = pikepdf.Array(bleed)
        page.obj.MediaBox = pikepdf.Array(_grown(bleed, SLUG))
        if "/CropBox" in page.obj:
            del page.obj["/CropBox"]
        key = tuple(trim)
        if key not in marks:
            marks[key] = pdf.make_stream(_marks(trim))
        # The page's own drawing is closed off (q ... Q) so its state cannot change the marks.
        page.contents_add(opening, prepend=True)
        page.contents_add(marks[key], prepend=False)


def _description(data: bytes) -> str:
    from PIL.ImageCms import ImageCmsProfile

    try:
        return ImageCmsProfile(io.BytesIO(data)).profile.profile_description or ""
    except (OSError, TypeError):
        return ""


def _one_profile(pdf, profile) -> None:
    """Every part carried its own copy of the output profile (as WeasyPrint re-saves it, not
    byte for byte the file): all point at the output intent's, found by the profile's name."""
    import pikepdf

    seen: set = set()
    ours = _description(profile.read_bytes())
    same: dict[tuple, bool] = {}

    def is_ours(stream) -> bool:
        key = stream.objgen
        if key not in same:
            same[key] = stream.get("/N") == 4 and _description(stream.read_bytes()) == ours
        return same[key]

    def walk(obj) -> None:
        if isinstance(obj, pikepdf.Array):
            if len(obj) == 2 and obj[0] == pikepdf.Name.ICCBased and is_ours(obj[1]):
                obj[1] = profile
                return
            items = list(obj)
        elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            items = [obj[key] for key in obj.keys() if key not in ("/Parent", "/P", "/Dest", "/D", "/Pg")]
        else:
            return
        for item in items:
            if not isinstance(item, pikepdf.Object):
                continue
            if item.is_indirect:
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
            walk(item)

    for page in pdf.pages:
        walk(page.obj)


def finish(data: bytes, profile_path: Path, epoch: int) -> bytes:
    """`data` (an assembled press document) as PDF/X-4: the output intent with the CMYK profile,
    the X-4 XMP packet, dates and Trapped in Info, bleed boxes on every page; a 1.6 header, as
    X-4 asks. The same inputs give the same bytes. A finished document (a press pack with a
    candidate's name stamped on) can be finished again: its XMP then follows its new title."""
    import pikepdf

    pdf_date, iso = _date(epoch)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/OutputIntents" not in pdf.Root:  # finished once already (a candidate's copy of the pack): no second marks
            _boxes(pdf)
        profile = pdf.make_stream(profile_path.read_bytes(), N=4)
        _one_profile(pdf, profile)
        intent = pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
                                    DestOutputProfile=profile,
                                    **{key[1:]: pikepdf.String(value) for key, value in CONDITION.items()})
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
        pdf.docinfo.CreationDate = pikepdf.String(pdf_date)
        pdf.docinfo.ModDate = pikepdf.String(pdf_date)
        pdf.docinfo.Trapped = pikepdf.Name("/False")
        info = {str(key)[1:]: str(value) for key, value in pdf.docinfo.items() if isinstance(value, pikepdf.String)}
        document_id = hashlib.sha256(data).hexdigest()
        ua = "/Metadata" in pdf.Root and b"<pdfuaid:part>1</pdfuaid:part>" in pdf.Root.Metadata.read_bytes()
        xmp = _xmp(info, iso, f"{document_id[:8]}-{document_id[8:12]}-{document_id[12:16]}-"
                              f"{document_id[16:20]}-{document_id[20:32]}", ua)
        pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True,
                 compress_streams=True, force_version="1.6")
    return out.getvalue()
