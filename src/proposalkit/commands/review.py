"""`proposalkit review import REVIEWED.docx`: a reviewed copy of a built document read back onto the files
that made it.

The variant is rebuilt in memory (load, render, parse: nothing is written) and each paragraph of the reviewed
file is found among the variant's blocks by its text as built (read/mapping.py). Then:

- every comment is a note at the file, line and column of the text it is anchored to (`review.comment`);
- every tracked change is a note where it changes the text (`review.change`); a change to text a person
  typed (a template's own text, an evidence body) goes into the patch, `--patch FILE`, as a unified diff
  that `git apply` and `patch -p1` take; nothing is ever edited in place;
- a change to generated text (a table cell from a CSV, a computed total, a title the profile gives, a caption
  number) is a warning pointing at what makes it (`review.generated`), never patched;
- what cannot be found is a warning with its text (`review.unmapped`), never dropped;
- a source changed since the build (its hash in the trace file beside the built document differs) is a
  warning at that source (`review.source-changed`): its hunks are made against the file as it is now.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.errors import ReviewFileError
from ..base.inputs import InputRefused, read_input
from ..base.model import Donor, Position, Workspace
from ..base.paths import OUTPUTS_DIR, PROPOSAL_FILE
from ..base.sourcemap import EVIDENCE, TEMPLATE
from ..base.text import line_column
from ..load.workspace import load_workspace
from ..parse.assemble import assemble_variant
from ..parse.sections import parse_sections
from ..read.docx import Change, Comment, Paragraph, ReviewedDocument, UnreadableDocument, read_reviewed
from ..read.mapping import Block, Blocks, align, generated, section_blocks, to_markdown
from ..render.variant import render_variant
from ..write.trace import file_sha256

OWN_COMMENT = re.compile(r"^From evidence/\S+ \(evidence '[^']+'\): status ")  # a review copy's own comments


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Edit:
    """A change to one source file: replace [start, end) of its text (LF line ends) with `text`."""

    start: int
    end: int
    text: str


@dataclass
class Review:
    """What `review import` found: the diagnostics, and the edits per source file for the patch."""

    diags: Diagnostics
    edits: dict[str, list[Edit]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # rel path -> the file's text as read


def _variant(ws: Workspace, reviewed: ReviewedDocument, path: Path, donor_id: str | None) -> Donor:
    """The donor whose variant the reviewed file is: --donor, else its identifier, else its file name."""
    slug = ws.proposal.slug
    if donor_id is None and reviewed.identifier.startswith(f"{slug}/"):
        donor_id = reviewed.identifier.split("/", 1)[1]
    if donor_id is None and reviewed.identifier and "/" in reviewed.identifier:
        raise ReviewFileError(
            f"{path.name} was built from another workspace (proposal '{reviewed.identifier.split('/', 1)[0]}', "
            f"this one is '{slug}')"
        )
    if donor_id is None:
        stem = path.stem.removesuffix("-review")
        if stem.startswith(f"{slug}-"):
            donor_id = stem[len(slug) + 1 :]
    if donor_id is None:
        raise ReviewFileError(f"{path.name} does not say which variant it is: name it with --donor")
    donor = ws.donors.get(donor_id)
    if donor is None:
        raise ReviewFileError(f"{path.name} is the '{donor_id}' variant, which this workspace has no profile for")
    return donor


def _blocks(ws: Workspace, donor: Donor) -> tuple[Blocks, dict[str, tuple[str, ...]]]:
    """Every block of the donor's variant as a build makes it now, and the tables each section read."""
    quiet = Diagnostics()  # the variant's own problems are check's business, not the review's
    rendered, cover = render_variant(ws, donor, quiet)
    parsed = parse_sections(ws, donor, rendered, quiet)
    assembly = assemble_variant(ws, donor, rendered, parsed, cover, set(), quiet)
    titles = {s.id: s.position for s in donor.sections}  # where the profile names each section
    found: list[Block] = []
    for section in assembly.sections:
        found += section_blocks(section, titles.get(section.id) or Position(PROPOSAL_FILE))
    return Blocks(found), {s.id: s.tables for s in assembly.sources}


def _file_offset(text: str, position: Position) -> int:
    """The offset in `text` of a 1-based line and column."""
    at = 0
    for _ in range(position.line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at + position.column - 1


class _Importer:
    def __init__(self, ws: Workspace, blocks: Blocks, tables, review: Review, document: Path):
        self.ws, self.blocks, self.review, self.document = ws, blocks, review, document
        self.tables: dict[str, tuple[str, ...]] = tables  # section id -> stems of the tables it read

    # -- positions ------------------------------------------------------------------------------------

    def source_text(self, rel: str) -> str:
        found = self.review.texts.get(rel)
        if found is None:
            try:
                found = read_input(self.ws.root / rel, self.ws.root).decode("utf-8", errors="replace")
                found = found.replace("\r\n", "\n")
            except InputRefused:
                found = ""
            self.review.texts[rel] = found
        return found

    def where(self, block: Block | None, paragraph: Paragraph, offset: int, *, after: bool = False):
        """(position, origin) of `offset` in the paragraph's text as built (`after`: of the text just before
        it, where an insertion goes); the document itself when unknown."""
        if block is None:
            return Position(self.document.name, paragraph.index + 1, 1), None
        if block.start is None:
            return block.title_position or Position(PROPOSAL_FILE), None
        stretches = align(paragraph.original, block.markdown)
        at = to_markdown(offset, stretches, end=after and offset > 0)
        at = block.start + (at if at is not None else 0)
        origin = block.origin(min(at, max(block.end - 1, block.start)) if block.end else at)
        return (origin.position if origin is not None else Position(block.section.source.path)), origin

    # -- findings -------------------------------------------------------------------------------------

    def comment(self, comment: Comment, paragraphs: list[Paragraph]) -> None:
        diags = self.review.diags
        if OWN_COMMENT.match(comment.text):
            return
        replies = "".join(f" | reply, {r.author}: {_short(r.text, 80)}" for r in comment.replies)
        state = " (resolved)" if comment.done else ""
        anchored = f" on '{_short(comment.anchored)}'" if comment.anchored.strip() else ""
        message = f"{comment.author or 'anonymous'}: {comment.text}{anchored}{state}{replies}"
        if comment.paragraph is None:
            diags.warning(
                Position(self.document.name), "review.unmapped", f"comment not anchored to any text: {message}"
            )
            return
        paragraph = paragraphs[comment.paragraph]
        block, how = self.find(paragraph)
        position, _ = self.where(block, paragraph, comment.at)
        if block is None:
            diags.warning(
                position,
                "review.unmapped",
                f"comment on a paragraph no source was found for ('{_short(paragraph.original)}'): {message}",
            )
            return
        diags.note(
            position, "review.comment", message + (" (paragraph matched by its closest text)" if how == "close" else "")
        )

    def find(self, paragraph: Paragraph) -> tuple[Block | None, str]:
        if paragraph.where == "footnote":
            return None, "none"
        return self.blocks.find(paragraph.original)

    def changes(self, paragraph: Paragraph) -> None:
        diags = self.review.diags
        block, how = self.find(paragraph)
        for change in paragraph.changes:
            position, origin = self.where(block, paragraph, change.at, after=change.kind == "insert")
            verb = "inserted" if change.kind == "insert" else "deleted"
            said = f"{change.author or 'anonymous'} {verb} '{_short(change.text)}'" + (
                f" ({change.date[:10]})" if change.date else ""
            )
            if block is None:
                where = (
                    "a footnote (notes are made from the sources: edit the item's sources)"
                    if (paragraph.where == "footnote")
                    else f"a paragraph no source was found for ('{_short(paragraph.original)}')"
                )
                diags.warning(position, "review.unmapped", f"tracked change in {where}: {said}")
                continue
            if block.kind == "title":
                diags.warning(
                    position,
                    "review.generated",
                    f"{said} in a heading this profile or proposal.yaml names; edit the title there",
                )
                continue
            if generated(origin):
                diags.warning(
                    *self.generated_at(block, paragraph, position), f"{said} in generated text; {self.maker(block)}"
                )
                continue
            diags.note(
                position, "review.change", said + (" (paragraph matched by its closest text)" if how == "close" else "")
            )
        if block is not None and block.kind != "title":
            self.patch(block, paragraph)

    def maker(self, block: Block) -> str:
        if block.kind == "cell":
            return "a table cell made from the section's data (or a total computed from it): edit the CSV rows it comes from"
        if block.kind == "caption":
            return "captions are numbered by the document: edit the caption text in the template"
        return "it is made by a template expression: edit what the expression prints"

    def generated_at(self, block: Block, paragraph: Paragraph, position: Position) -> tuple[Position, str]:
        """Where to point at what made a generated text: the row of a table the section read that holds it,
        else the first such table (a computed total), else the expression."""
        if block.kind == "cell":
            data = [f"evidence/data/{stem}.csv" for stem in self.tables.get(block.section.id, ())]
            cell = " ".join(paragraph.original.split())
            for rel in data:
                text = self.source_text(rel)
                for wanted in dict.fromkeys((cell, cell.replace(",", ""))):
                    at = text.find(wanted) if wanted else -1
                    if at != -1:
                        return Position(rel, *line_column(text, at)), "review.generated"
            if data:
                return Position(data[0]), "review.generated"
        return position, "review.generated"

    # -- the patch ------------------------------------------------------------------------------------

    def patch(self, block: Block, paragraph: Paragraph) -> None:
        """The paragraph's tracked changes as edits to the file its text was typed in, where they map."""
        if not paragraph.changes or paragraph.original == paragraph.revised:
            return
        stretches = align(paragraph.original, block.markdown)
        for start, end, new in _replacements(paragraph.changes):
            m_start = to_markdown(start, stretches, end=end == start and start > 0)
            m_end = to_markdown(end, stretches, end=True) if end > start else m_start
            if m_start is None or m_end is None or m_end < m_start:
                self.unpatched(block, paragraph, "its text could not be aligned with the source")
                continue
            first = block.origin(block.start + m_start) if block.start is not None else None
            last = block.origin(block.start + max(m_end - 1, m_start)) if block.start is not None else None
            if generated(first) and generated(last):
                return  # reported as generated text, pointed at what makes it
            if (
                first is None
                or last is None
                or first.kind not in (TEMPLATE, EVIDENCE)
                or (first.position.path != last.position.path)
            ):
                self.unpatched(block, paragraph, "it changes text that is not typed in one file")
                continue
            rel = first.position.path
            text = self.source_text(rel)
            f_start = _file_offset(text, first.position)
            f_end = f_start + (m_end - m_start)
            written = block.markdown[m_start:m_end]
            if text[f_start:f_end] != written:
                self.unpatched(block, paragraph, f"the source at {rel}:{first.position.line} no longer reads as built")
                continue
            self.review.edits.setdefault(rel, []).append(Edit(f_start, f_end, new))

    def unpatched(self, block: Block, paragraph: Paragraph, why: str) -> None:
        position, _ = self.where(block, paragraph, 0)
        self.review.diags.warning(
            position,
            "review.unpatched",
            f"tracked change in '{_short(paragraph.original)}' left out of the patch: {why}",
        )


def _replacements(changes: list[Change]) -> list[tuple[int, int, str]]:
    """The changes as (start, end, new text) over the text as built; an insertion right after (or before) a
    deletion replaces it."""
    found: list[tuple[int, int, str]] = []
    for change in sorted(changes, key=lambda c: (c.at, c.kind != "delete")):
        if change.kind == "delete":
            found.append((change.at, change.at + len(change.text), ""))
        elif found and found[-1][2] == "" and change.at in (found[-1][0], found[-1][1]):
            start, end, _ = found[-1]
            found[-1] = (start, end, change.text)
        else:
            found.append((change.at, change.at, change.text))
    return found


def _changed_sources(ws: Workspace, document: Path, donor: Donor, diags: Diagnostics) -> None:
    """Each source whose hash differs from the one the trace beside the built document recorded."""
    stem = f"{ws.proposal.slug}-{donor.id}"
    for folder in (document.parent, ws.root / OUTPUTS_DIR):
        trace = folder / f"{stem}.trace.json"
        if trace.is_file():
            break
    else:
        return
    try:
        recorded = json.loads(trace.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    seen: set[str] = set()

    def visit(value) -> None:
        if isinstance(value, dict):
            rel, digest = value.get("path"), value.get("sha256")
            if isinstance(rel, str) and isinstance(digest, str) and rel not in seen:
                seen.add(rel)
                if file_sha256(ws.root, rel) != digest:
                    diags.warning(
                        Position(rel),
                        "review.source-changed",
                        f"{rel} changed since the build the reviewer read; the patch is made against it as it is now",
                    )
            for item in value.values():
                visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(recorded)


def unified_patch(review: Review, root: Path) -> str:
    """The edits as one unified diff, paths relative to the workspace (`git apply`, `patch -p1`)."""
    out: list[str] = []
    for rel in sorted(review.edits):
        raw = read_input(root / rel, root).decode("utf-8", errors="replace")
        crlf = "\r\n" in raw
        text = review.texts[rel]
        new = text
        for edit in sorted(review.edits[rel], key=lambda e: (e.start, e.end), reverse=True):
            new = new[: edit.start] + edit.text + new[edit.end :]
        before, after = (raw, new.replace("\n", "\r\n")) if crlf else (text, new)
        out += difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{rel}", f"b/{rel}", n=3
        )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)


def import_review(root: Path, document: Path, donor_id: str | None = None) -> Review:
    """The findings of a reviewed copy of one of the workspace's documents, and the patch's edits."""
    diags = Diagnostics()
    try:
        reviewed = read_reviewed(document)
    except UnreadableDocument as exc:
        raise ReviewFileError(f"cannot read {document.name}: {exc}") from None
    ws = load_workspace(root, diags)
    if ws is None:
        return Review(diags)
    donor = _variant(ws, reviewed, document, donor_id)
    review = Review(Diagnostics())
    blocks, tables = _blocks(ws, donor)
    importer = _Importer(ws, blocks, tables, review, document)
    _changed_sources(ws, document, donor, review.diags)
    for comment in reviewed.comments:
        importer.comment(comment, reviewed.paragraphs)
    for paragraph in reviewed.paragraphs:
        if paragraph.changes:
            importer.changes(paragraph)
    return review
