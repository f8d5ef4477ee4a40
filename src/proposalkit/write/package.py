"""Deterministic .docx bytes: python-docx's parts zipped once, in a fixed order with fixed times."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
# Extensions whose parts are declared once by a Default entry rather than one Override each.
DEFAULT_TYPES = {
    "rels": RELS_TYPE,
    "xml": "application/xml",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "emf": "image/x-emf",
    "wmf": "image/x-wmf",
    "svg": "image/svg+xml",  # a chart's SVG, beside the PNG that readers without SVG show
}


def escape(value: str) -> str:
    """`value` with &, < and > escaped, as xml.sax.saxutils.escape writes it (whose import brings urllib.request,
    http.client and ssl along, a noticeable part of a small build's start)."""
    return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(value: str) -> str:
    """`value` as a quoted XML attribute value, as xml.sax.saxutils.quoteattr writes it."""
    value = escape(value)
    value = value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"%s"' % value.replace('"', "&quot;")


def content_types(parts) -> bytes:
    """The [Content_Types].xml of `parts`: a Default per image or plain-XML extension, an Override per other part."""
    defaults = {"rels": RELS_TYPE, "xml": DEFAULT_TYPES["xml"]}
    overrides = {}
    for part in parts:
        name, kind = str(part.partname), part.content_type
        ext = name.rsplit(".", 1)[-1].lower()
        if DEFAULT_TYPES.get(ext) == kind:
            defaults[ext] = kind
        else:
            overrides[name] = kind
    lines = ["<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<Types xmlns=\"%s\">" % TYPES_NS]
    lines += [
        "<Default Extension=%s ContentType=%s/>" % (quoteattr(e), quoteattr(defaults[e])) for e in sorted(defaults)
    ]
    lines += [
        "<Override PartName=%s ContentType=%s/>" % (quoteattr(n), quoteattr(overrides[n])) for n in sorted(overrides)
    ]
    lines.append("</Types>")
    return "".join(lines).encode("utf-8")


def fresh_part(document, partname: str, content_type: str, reltype: str, xml: str):
    """A new XML part `partname` related to the main document as its only `reltype` part; returns its root element.

    Any part of that relationship type the reference document brought (its own footnotes, comments) is dropped.
    """
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml

    main = document.part
    for rid in [rid for rid, rel in main.rels.items() if rel.reltype == reltype]:
        del main.rels[rid]
        main.rels.related_parts.pop(rid, None)
    element = parse_xml(xml)
    main.relate_to(XmlPart(PackURI(partname), content_type, element, main.package), reltype)
    return element


def package_entries(document) -> dict[str, bytes]:
    """Every zip entry of `document`'s package, by member name, serialised once."""
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    entries = {CONTENT_TYPES: content_types(parts), "_rels/.rels": package.rels.xml}
    for part in parts:
        entries[part.partname.membername] = part.blob
        if len(part.rels):
            entries[part.partname.rels_uri.membername] = part.rels.xml
    return entries


def zip_entries(entries: dict[str, bytes]) -> bytes:
    """`entries` zipped: [Content_Types].xml first, the rest sorted by name, fixed dates and attributes."""
    names = sorted(entries, key=lambda name: (name != CONTENT_TYPES, name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


def document_bytes(document) -> bytes:
    """The reproducible .docx bytes of a python-docx Document."""
    return zip_entries(package_entries(document))
