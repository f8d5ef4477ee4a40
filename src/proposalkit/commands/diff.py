"""Two variants compared section by section: added, removed, renamed, moved, words, and numbers that changed.

Variants assembled from donor profiles carry section ids, so a renamed section is known exactly. Two
.docx files carry only their Heading 1 texts: sections match by heading, then, for those left over, by
the similarity of their text (a renamed section keeps most of its words).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.inputs import checked_argument
from ..base.model import Assembly, Position
from ..base.text import count_words, visible_text
from ..check.words import section_words
from ..load.currencies import is_currency

# A grouped or plain number, a decimal, a percentage; with the word before it, to spot a currency code.
_NUMBER = re.compile(r"(?:\b([A-Z]{3}) )?(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?)")
SIMILAR = 0.6  # the least text similarity at which two unmatched sections count as one renamed
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _T = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}t"
_TAB, _BR, _CR, _PSTYLE, _VAL = f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}pPr/{_W}pStyle", f"{_W}val"


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


def _text(element) -> str:
    """The text of a paragraph (or table cell) element as python-docx's `Paragraph.text` gives it: runs' text,
    tabs and breaks, read straight from the XML."""
    parts = []
    for node in element.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == _TAB else "\n")
    return "".join(parts)


def from_docx(path: Path) -> Variant:
    """A built .docx read back: each Heading 1 paragraph and the paragraphs and tables under it.

    Each element is read once, straight from the XML, with the style names looked up in a table made once:
    python-docx's `Paragraph.style` searches the styles part for every paragraph, and `_Row.cells` lays out
    the whole table for every row, which made reading a long document quadratic.
    """
    import docx

    checked_argument(path)  # never a device or a FIFO: refused before python-docx opens it
    document = docx.Document(str(path))
    names = {style.style_id: style.name for style in document.styles}
    default = next((style.name for style in document.styles if style.type == 1 and style.element.default), None)
    body = document.element.body
    parts: list[tuple[str, list[str]]] = []
    for child in body.iterchildren():
        if child.tag == _P:
            style = child.find(_PSTYLE)
            name = names.get(style.get(_VAL)) if style is not None else default
            if name == "Heading 1":
                parts.append((_text(child).strip(), []))
            elif parts:
                parts[-1][1].append(_text(child))
        elif child.tag == _TBL and parts:
            for row in child.iterchildren(_TR):
                parts[-1][1].append(" ".join(_cell_text(cell) for cell in row.iterchildren(_TC)))
    seen: Counter = Counter()
    sections = []
    for title, lines in parts:
        seen[title] += 1
        key = title if seen[title] == 1 else f"{title} ({seen[title]})"
        text = "\n".join(lines)
        sections.append(SectionText(key, title, count_words(title) + count_words(text), numbers_in(text), text))
    return Variant(str(path), tuple(sections), False)


def _cell_text(cell) -> str:
    return "\n".join(_text(p) for p in cell.iterchildren(_P))


def similarity(a: Counter, b: Counter) -> float:
    """How alike two texts are, from their words counted (Dice's coefficient of the two bags of words): 1 for
    the same words, 0 for none in common. Linear in the words, where an alignment of the two word sequences
    (difflib) is quadratic on text that repeats its words, as short paragraphs do."""
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    shared = sum(min(n, large[word]) for word, n in small.items() if word in large)
    return 2 * shared / total


def _match(a: Variant, b: Variant) -> dict[int, int]:
    """Index in `a` -> index in `b` of the sections that are the same section."""
    pairs: dict[int, int] = {}
    by_key = {s.key: j for j, s in enumerate(b.sections)}
    for i, s in enumerate(a.sections):
        if s.key in by_key:
            pairs[i] = by_key[s.key]
    if a.ids_known and b.ids_known:
        return pairs
    taken = set(pairs.values())
    by_text: dict[str, list[int]] = {}  # a renamed section whose text is unchanged: matched by its text
    for j in reversed(range(len(b.sections))):  # each list last-first: pop() gives the earliest
        if j not in taken:
            by_text.setdefault(b.sections[j].text, []).append(j)
    for i, s in enumerate(a.sections):
        if i not in pairs and by_text.get(s.text):
            pairs[i] = by_text[s.text].pop()
            taken.add(pairs[i])
    left = [i for i in range(len(a.sections)) if i not in pairs]
    right = [j for j in range(len(b.sections)) if j not in taken]
    words_a = {i: Counter(a.sections[i].text.split()) for i in left}
    words_b = {j: Counter(b.sections[j].text.split()) for j in right}
    sizes_a = {i: sum(c.values()) for i, c in words_a.items()}
    sizes_b = {j: sum(c.values()) for j, c in words_b.items()}
    scored = []
    for i in left:
        for j in right:
            # Dice is at most 2 * min / (sum) of the two sizes: a pair too unequal in length is never counted
            # as one section, and is skipped without counting its words.
            most = 2 * min(sizes_a[i], sizes_b[j]) / max(sizes_a[i] + sizes_b[j], 1)
            if most < SIMILAR:
                continue
            ratio = similarity(words_a[i], words_b[j])
            if ratio >= SIMILAR:
                scored.append((-ratio, i, j))
    for _, i, j in sorted(scored):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def _moved(pairs: dict[int, int]) -> set[int]:
    """Indexes in `a` of matched sections outside the longest run kept in the same relative order: a longest
    increasing subsequence of their places in `b`, each step extending the longest run before it (of equal
    ones, the earliest), in n log n with a Fenwick tree of prefix maxima over the places."""
    keys = sorted(pairs)
    order = [pairs[i] for i in keys]
    rank = {value: r for r, value in enumerate(sorted(order), 1)}  # places in `b` are distinct
    tree: list[tuple[int, int]] = [(0, 1)] * (len(order) + 1)  # (run length, -(its last index)) per rank prefix
    previous = [-1] * len(order)
    best = (0, 1)
    for n, value in enumerate(order):
        found, r = (0, 1), rank[value] - 1
        while r > 0:  # the longest run ending on a smaller place, the earliest of equal ones
            found = max(found, tree[r])
            r -= r & -r
        previous[n] = -found[1] if found[0] else -1
        here = (found[0] + 1, -n)
        best = max(best, here)
        r = rank[value]
        while r < len(tree):
            tree[r] = max(tree[r], here)
            r += r & -r
    kept = set()
    n = -best[1] if best[0] else -1
    while n >= 0:
        kept.add(n)
        n = previous[n]
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
