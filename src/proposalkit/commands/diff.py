"""Two variants compared section by section: added, removed, renamed, moved, words, and numbers that changed.

Variants assembled from donor profiles carry section ids, so a renamed section is known exactly. Two
.docx files carry only their Heading 1 texts: sections match by heading, then, for those left over, by
the similarity of their text (a renamed section keeps most of its words).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.model import Assembly, Position
from ..base.text import count_words, visible_text
from ..check.words import section_words
from ..load.currencies import is_currency

# A grouped or plain number, a decimal, a percentage; with the word before it, to spot a currency code.
_NUMBER = re.compile(r"(?:\b([A-Z]{3}) )?(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?)")
SIMILAR = 0.6  # the least text similarity at which two unmatched sections count as one renamed


@dataclass(frozen=True)
class SectionText:
    """A section of one variant: its id when known, heading, words and the numbers in its text."""

    key: str
    title: str
    words: int
    numbers: tuple[str, ...]
    text: str = field(repr=False, default="")


@dataclass(frozen=True)
class Variant:
    """One side of a comparison."""

    label: str
    sections: tuple[SectionText, ...]
    ids_known: bool

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sections)


@dataclass
class SectionChange:
    """How one section differs between the two variants; `position_*` are 1-based, None when absent."""

    key: str
    status: str  # added | removed | changed | unchanged
    title_a: str | None
    title_b: str | None
    position_a: int | None
    position_b: int | None
    words_a: int | None
    words_b: int | None
    renamed: bool = False
    moved: bool = False
    numbers_removed: list[str] = field(default_factory=list)
    numbers_added: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    """The whole comparison of variant `a` with variant `b`."""

    a: str
    b: str
    words_a: int
    words_b: int
    sections: list[SectionChange]

    def counts(self) -> dict[str, int]:
        return {
            "added": sum(c.status == "added" for c in self.sections),
            "removed": sum(c.status == "removed" for c in self.sections),
            "renamed": sum(c.renamed for c in self.sections),
            "moved": sum(c.moved for c in self.sections),
            "numbers changed": sum(bool(c.numbers_added or c.numbers_removed) for c in self.sections),
        }


def numbers_in(text: str) -> tuple[str, ...]:
    """The numbers of `text` as written, amounts with their ISO 4217 currency code."""
    found = []
    for match in _NUMBER.finditer(text):
        code, number = match.groups()
        found.append(f"{code} {number}" if code and is_currency(code) else number)
    return tuple(found)


def from_assembly(assembly: Assembly) -> Variant:
    """A variant assembled from a donor profile: section ids known."""
    sections = []
    for s in assembly.sections:
        text = visible_text(s.tree)
        sections.append(SectionText(s.id, s.title, section_words(s), numbers_in(text), text))
    return Variant(f"{assembly.donor_id} ({assembly.donor_name})", tuple(sections), True)


def from_docx(path: Path) -> Variant:
    """A built .docx read back: each Heading 1 paragraph and the paragraphs and tables under it."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    body = document.element.body
    parts: list[tuple[str, list[str]]] = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            if paragraph.style is not None and paragraph.style.name == "Heading 1":
                parts.append((paragraph.text.strip(), []))
            elif parts:
                parts[-1][1].append(paragraph.text)
        elif tag == "tbl" and parts:
            for row in Table(child, document).rows:
                parts[-1][1].append(" ".join(cell.text for cell in row.cells))
    seen: Counter = Counter()
    sections = []
    for title, lines in parts:
        seen[title] += 1
        key = title if seen[title] == 1 else f"{title} ({seen[title]})"
        text = "\n".join(lines)
        sections.append(SectionText(key, title, count_words(title) + count_words(text), numbers_in(text), text))
    return Variant(str(path), tuple(sections), False)


def _match(a: Variant, b: Variant) -> dict[int, int]:
    """Index in `a` -> index in `b` of the sections that are the same section."""
    pairs: dict[int, int] = {}
    by_key = {s.key: j for j, s in enumerate(b.sections)}
    for i, s in enumerate(a.sections):
        if s.key in by_key:
            pairs[i] = by_key[s.key]
    if a.ids_known and b.ids_known:
        return pairs
    left = [i for i in range(len(a.sections)) if i not in pairs]
    right = [j for j in range(len(b.sections)) if j not in pairs.values()]
    scored = []
    for i in left:
        for j in right:
            ratio = difflib.SequenceMatcher(
                None, a.sections[i].text.split(), b.sections[j].text.split(), autojunk=False
            ).ratio()
            if ratio >= SIMILAR:
                scored.append((-ratio, i, j))
    for _, i, j in sorted(scored):
        if i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs


def _moved(pairs: dict[int, int]) -> set[int]:
    """Indexes in `a` of matched sections outside the longest run kept in the same relative order."""
    order = [pairs[i] for i in sorted(pairs)]
    keys = sorted(pairs)
    best: list[list[int]] = []  # longest increasing subsequence, as lists of positions in `order`
    for n, value in enumerate(order):
        candidates = [run for run in best if order[run[-1]] < value]
        longest: list[int] = max(candidates, key=len) if candidates else []
        best.append(longest + [n])
    kept_run: list[int] = max(best, key=len) if best else []
    kept = set(kept_run)
    return {keys[n] for n in range(len(order)) if n not in kept}


def compare(a: Variant, b: Variant) -> Comparison:
    """The section-by-section comparison of `a` with `b`, in `b`'s order with removed sections after."""
    pairs = _match(a, b)
    moved = _moved(pairs)
    reverse = {j: i for i, j in pairs.items()}
    changes: list[SectionChange] = []
    for j, sb in enumerate(b.sections):
        i = reverse.get(j)
        if i is None:
            changes.append(SectionChange(sb.key, "added", None, sb.title, None, j + 1, None, sb.words))
            continue
        sa = a.sections[i]
        before, after = Counter(sa.numbers), Counter(sb.numbers)
        change = SectionChange(
            sb.key if b.ids_known else sa.key,
            "unchanged",
            sa.title,
            sb.title,
            i + 1,
            j + 1,
            sa.words,
            sb.words,
            renamed=sa.title != sb.title,
            moved=i in moved,
            numbers_removed=sorted((before - after).elements()),
            numbers_added=sorted((after - before).elements()),
        )
        if change.renamed or change.moved or change.numbers_added or change.numbers_removed or sa.words != sb.words:
            change.status = "changed"
        changes.append(change)
    for i, sa in enumerate(a.sections):
        if i not in pairs:
            changes.append(SectionChange(sa.key, "removed", sa.title, None, i + 1, None, sa.words, None))
    return Comparison(a.label, b.label, a.words, b.words, changes)


def compare_donors(root: Path, donors: tuple[str, str]) -> tuple[Diagnostics, Comparison | None]:
    """Two donors' variants of the workspace at `root`, assembled (not written) and compared."""
    from ..pipeline import run

    diags, _, assemblies = run(root, donors)
    errors = Diagnostics([d for d in diags.items if d.severity == "error"])  # a diff is no place for warnings
    if errors.has_errors or not assemblies:
        return errors, None
    by_id = {assembly.donor_id: assembly for assembly in assemblies}
    return errors, compare(from_assembly(by_id[donors[0]]), from_assembly(by_id[donors[1]]))


def compare_files(first: Path, second: Path) -> tuple[Diagnostics, Comparison | None]:
    """Two built .docx files read back with python-docx and compared."""
    diags = Diagnostics()
    variants = []
    for path in (first, second):
        try:
            variants.append(from_docx(path))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a Word package
            diags.error(Position(str(path)), "diff.unreadable", f"cannot read as a Word document: {exc}")
    if diags.has_errors:
        return diags, None
    return diags, compare(*variants)


def render_json(comparison: Comparison) -> str:
    """The comparison for tools: every section with its status, titles, positions, words and numbers."""
    data = asdict(comparison)
    data["summary"] = comparison.counts()
    return json.dumps(data, indent=2, ensure_ascii=False)


def _words(n: int | None) -> str:
    return "-" if n is None else f"{n:,}"


def render_text(comparison: Comparison) -> str:
    """The comparison for people: one line per section that differs, then word counts and numbers."""
    counts = comparison.counts()
    lines = [
        f"a: {comparison.a}",
        f"b: {comparison.b}",
        "sections: " + ", ".join(f"{n} {what}" for what, n in counts.items()),
    ]
    width = max((len(c.key) for c in comparison.sections), default=10)
    for c in comparison.sections:
        if c.status == "added":
            lines.append(f'  + added    {c.key:<{width}}  "{c.title_b}" at {c.position_b}')
        elif c.status == "removed":
            lines.append(f'  - removed  {c.key:<{width}}  "{c.title_a}" was at {c.position_a}')
        else:
            if c.renamed:
                lines.append(f'  ~ renamed  {c.key:<{width}}  "{c.title_a}" -> "{c.title_b}"')
            if c.moved:
                lines.append(f"  > moved    {c.key:<{width}}  {c.position_a} -> {c.position_b}")
    lines.append("words per section (a -> b):")
    for c in comparison.sections:
        delta = "" if c.words_a is None or c.words_b is None else f" ({c.words_b - c.words_a:+,})"
        lines.append(f"  {c.key:<{width}}  {_words(c.words_a):>7} -> {_words(c.words_b):>7}{delta}")
    lines.append(
        f"  {'total':<{width}}  {comparison.words_a:>7,} -> {comparison.words_b:>7,}"
        f" ({comparison.words_b - comparison.words_a:+,})"
    )
    changed = [c for c in comparison.sections if c.numbers_added or c.numbers_removed]
    lines.append("numbers changed:" if changed else "numbers changed: none in sections found in both")
    for c in changed:
        lines.append(
            f"  {c.key}: removed {', '.join(c.numbers_removed) or '-'}; added {', '.join(c.numbers_added) or '-'}"
        )
    return "\n".join(lines)
