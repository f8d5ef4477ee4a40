"""A reviewed .docx read as a reviewer left it: each paragraph's text before and after the tracked changes,
the changes themselves, and the comments with their anchored text, replies and resolved state.

Whoever saved the file (Word, LibreOffice, python-docx), WordprocessingML says the same things the same way:
`w:ins` and `w:del` (and `w:moveTo`, `w:moveFrom`) wrap the runs a tracked change inserted or deleted, with
`w:author` and `w:date`; `w:commentRangeStart`/`w:commentRangeEnd` mark a comment's text and
`word/comments.xml` holds it; `word/commentsExtended.xml` (Word 2013 and later) links replies to the comment
they answer and says which are done. Paragraphs are read in document order from the body, its tables and
content controls, then the footnotes.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..base.inputs import InputRefused, checked_argument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MAX_PART = 200 * 1024 * 1024  # bytes of one XML part read at most: a reviewed proposal is far smaller


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class UnreadableDocument(Exception):
    """The file is not a Word document this reader can open; the message says why."""


@dataclass
class Change:
    """One tracked change in a paragraph: `kind` insert or delete, the text, who made it and when, and
    where it stands in the paragraph's original text (`at`; an insertion goes in before that offset)."""

    kind: str
    text: str
    author: str
    date: str
    at: int


@dataclass
class Comment:
    """A comment: its text, author, date, the text it is anchored to and where (paragraph index and offset in
    that paragraph's original text), the replies to it and whether it is marked done."""

    id: str
    author: str
    date: str
    text: str
    paragraph: int | None = None
    at: int = 0
    anchored: str = ""
    replies: list[Comment] = field(default_factory=list)
    done: bool = False
    para_id: str = ""  # w14:paraId of the comment's last paragraph, which commentsExtended refers to


@dataclass
class Paragraph:
    """One paragraph of the reviewed document: its text as built (deleted text kept, inserted text left out)
    and as revised, its tracked changes, and where it stands (`body`, `table` or `footnote`)."""

    index: int
    where: str
    original: str
    revised: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class ReviewedDocument:
    paragraphs: list[Paragraph]
    comments: list[Comment]  # top-level comments in document order; replies hang under them
    identifier: str = ""  # the core properties' dc:identifier, which proposalkit sets to "slug/donor"
    title: str = ""


def _part(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise UnreadableDocument(f"its part {name} is larger than {MAX_PART // (1024 * 1024)} MB")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(archive.read(name), parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(f"its part {name} is not well-formed XML ({exc})") from None


class _Walker:
    """Collects paragraphs and comment anchors, in document order."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.open: dict[str, tuple[int, int]] = {}  # comment id -> (paragraph, offset) where its range starts
        self.ranges: dict[str, tuple[int, int, int, int]] = {}  # comment id -> start and end
        self.references: dict[str, tuple[int, int]] = {}  # comment id -> where its reference mark stands

    def paragraph(self, p, where: str) -> None:
        index = len(self.paragraphs)
        original: list[str] = []
        revised: list[str] = []
        changes: list[Change] = []

        def visit(el, state: str | None, author: str, date: str) -> None:
            for child in el:
                tag = child.tag
                if not isinstance(tag, str):
                    continue
                if tag in (w("ins"), w("moveTo")):
                    visit(child, "insert", child.get(w("author"), ""), child.get(w("date"), ""))
                elif tag in (w("del"), w("moveFrom")):
                    visit(child, "delete", child.get(w("author"), ""), child.get(w("date"), ""))
                elif tag in (w("t"), w("delText")):
                    text = child.text or ""
                    at = sum(len(t) for t in original)
                    if state != "insert":
                        original.append(text)
                    if state != "delete":
                        revised.append(text)
                    if state is not None and text:
                        last = changes[-1] if changes else None
                        if (
                            last
                            and last.kind == state
                            and last.author == author
                            and last.at + (len(last.text) if state == "delete" else 0) == at
                        ):
                            last.text += text
                        else:
                            changes.append(Change(state, text, author, date, at))
                elif tag in (w("tab"), w("br")):
                    if state != "insert":
                        original.append(" ")
                    if state != "delete":
                        revised.append(" ")
                elif tag == w("commentRangeStart"):
                    self.open[child.get(w("id"), "")] = (index, sum(len(t) for t in original))
                elif tag == w("commentRangeEnd"):
                    cid = child.get(w("id"), "")
                    start = self.open.pop(cid, (index, 0))
                    self.ranges[cid] = (*start, index, sum(len(t) for t in original))
                elif tag == w("commentReference"):
                    self.references.setdefault(child.get(w("id"), ""), (index, sum(len(t) for t in original)))
                elif tag in (w("instrText"), w("delInstrText"), w("pPr"), w("rPr")):
                    continue
                else:  # runs, hyperlinks, fields, smart tags; a text box's paragraphs read as part of this one
                    visit(child, state, author, date)

        visit(p, None, "", "")
        self.paragraphs.append(Paragraph(index, where, "".join(original), "".join(revised), changes))

    def block(self, el, where: str) -> None:
        for child in el:
            tag = child.tag
            if tag == w("p"):
                self.paragraph(child, where)
            elif tag == w("tbl"):
                self.block(child, "table")
            elif isinstance(tag, str) and tag in (w("tr"), w("tc"), w("sdt"), w("sdtContent"), w("customXml")):
                self.block(child, where)


def read_reviewed(path: Path) -> ReviewedDocument:
    """The paragraphs, tracked changes and comments of the Word file at `path`."""
    try:
        checked_argument(path)
    except InputRefused as exc:
        raise UnreadableDocument(str(exc)) from None
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableDocument(f"it is not a Word document (.docx is a zip package: {exc})") from None
    with archive:
        document = _part(archive, "word/document.xml")
        if document is None:
            raise UnreadableDocument("it has no word/document.xml: not a Word document")
        body = document.find(w("body"))
        walker = _Walker()
        if body is not None:
            walker.block(body, "body")
        notes = _part(archive, "word/footnotes.xml")
        if notes is not None:
            for note in notes.findall(w("footnote")):
                if note.get(w("type")) in (None, "normal"):
                    walker.block(note, "footnote")
        comments = _comments(archive, walker)
        core = _part(archive, "docProps/core.xml")
    identifier = title = ""
    if core is not None:
        dc = "{http://purl.org/dc/elements/1.1/}"
        identifier = (core.findtext(f"{dc}identifier") or "").strip()
        title = (core.findtext(f"{dc}title") or "").strip()
    return ReviewedDocument(walker.paragraphs, comments, identifier, title)


def _comments(archive: zipfile.ZipFile, walker: _Walker) -> list[Comment]:
    part = _part(archive, "word/comments.xml")
    if part is None:
        return []
    found: dict[str, Comment] = {}
    by_para: dict[str, Comment] = {}
    for el in part.findall(w("comment")):
        cid = el.get(w("id"), "")
        paragraphs = el.findall(f".//{w('p')}")
        text = "\n".join("".join(t.text or "" for t in p.iter(w("t"))) for p in paragraphs).strip()
        comment = Comment(cid, el.get(w("author"), ""), el.get(w("date"), ""), text)
        if paragraphs:
            comment.para_id = paragraphs[-1].get(f"{{{W14}}}paraId", "")
            if comment.para_id:
                by_para[comment.para_id] = comment
        where = walker.ranges.get(cid)
        if where is not None:
            start_p, start_at, end_p, end_at = where
            comment.paragraph, comment.at = start_p, start_at
            if start_p == end_p:
                comment.anchored = walker.paragraphs[start_p].original[start_at:end_at]
            else:
                pieces = [walker.paragraphs[start_p].original[start_at:]]
                pieces += [walker.paragraphs[n].original for n in range(start_p + 1, end_p)]
                pieces.append(walker.paragraphs[end_p].original[:end_at])
                comment.anchored = "\n".join(pieces)
        elif cid in walker.references:
            comment.paragraph, comment.at = walker.references[cid]
        found[cid] = comment
    parents: dict[str, str] = {}
    extended = _part(archive, "word/commentsExtended.xml")
    if extended is not None:
        for ex in extended.iter(f"{{{W15}}}commentEx"):
            para = ex.get(f"{{{W15}}}paraId", "")
            if para in by_para:
                by_para[para].done = ex.get(f"{{{W15}}}done") == "1"
                parent = ex.get(f"{{{W15}}}paraIdParent")
                if parent and parent in by_para:
                    parents[by_para[para].id] = by_para[parent].id
    top: list[Comment] = []
    for cid, comment in found.items():
        parent_id = parents.get(cid)
        if parent_id is not None and parent_id in found:
            found[parent_id].replies.append(comment)
        else:
            top.append(comment)
    return top
