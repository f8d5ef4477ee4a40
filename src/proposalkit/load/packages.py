"""What a donor's reference document must hold to be written into: every zip entry readable, every XML part
well-formed, and the parts a Word document is made of where Word looks for them.

This runs after the zip's central directory has promised a small package (load/donors.py bounds entries and
sizes), so reading every entry is bounded too. XML is parsed without entities, DTDs or network access.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from posixpath import dirname, join, normpath

from lxml import etree

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_SUFFIXES = (".xml", ".rels")


def safe_parser() -> etree.XMLParser:
    """The parser for a reference document's XML: no entities resolved, no DTD loaded, no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _read_all(package: zipfile.ZipFile) -> tuple[dict[str, bytes], str | None]:
    """Every entry's bytes by name, or why one cannot be read (a bad checksum, damaged compressed data)."""
    parts: dict[str, bytes] = {}
    for info in package.infolist():
        if info.is_dir():
            continue
        try:
            parts[info.filename] = package.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
            return parts, f"has a damaged zip entry '{info.filename}'"
    return parts, None


def _root(data: bytes, name: str) -> tuple[etree._Element | None, str | None]:
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        return None, f"has a part '{name}' that is not well-formed XML (line {line}, column {column})"
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        # Word never writes one; entities it declares are what other readers would expand
        return None, f"has a part '{name}' with a document type declaration (<!DOCTYPE>), which Word never writes"
    return root, None


def _main_part(roots: dict[str, etree._Element]) -> str | None:
    """The part name the package relationships give as the main document, if any."""
    rels = roots.get("_rels/.rels")
    if rels is None:
        return None
    for rel in rels.iter(f"{{{PACKAGE_RELS}}}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return normpath(join("/", rel.get("Target") or "")).lstrip("/")
    return None


def package_problem(path: Path) -> str | None:
    """Why the Word package at `path` cannot serve as a reference document, or None."""
    try:
        with zipfile.ZipFile(path) as package:
            parts, problem = _read_all(package)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "is not a Word (.docx) file"
    if problem is not None:
        return problem
    roots: dict[str, etree._Element] = {}
    for name in sorted(parts):
        if name.endswith(_XML_SUFFIXES) or name == "[Content_Types].xml":
            root, problem = _root(parts[name], name)
            if problem is not None:
                return problem
            if root is not None:
                roots[name] = root
    main = _main_part(roots)
    if main is None:
        return "has no package relationship (_rels/.rels) naming its main document"
    if main not in roots:
        return f"names a main document '{main}' it does not hold"
    document = roots[main]
    if document.tag != f"{{{W_MAIN}}}document" or document.find(f"{{{W_MAIN}}}body") is None:
        return f"has a main document '{main}' that is not a Word document with a body"
    if document.find(f"{{{W_MAIN}}}body/{{{W_MAIN}}}sectPr") is None:
        return f"has a main document '{main}' whose body has no section properties (w:sectPr)"
    rels_name = join(dirname(main), "_rels", main.rsplit("/", 1)[-1] + ".rels")
    for rel in roots[rels_name].iter(f"{{{PACKAGE_RELS}}}Relationship") if rels_name in roots else ():
        if rel.get("TargetMode") == "External" or not rel.get("Type", "").endswith("/styles"):
            continue
        styles = normpath(join(dirname(main), rel.get("Target") or ""))
        if styles not in roots or roots[styles].tag != f"{{{W_MAIN}}}styles":
            return f"has a styles part '{styles}' that is missing or not Word styles"
    return None
