"""Citation styles: how each citation of a variant reads (a footnote, or a reference in the running text) and
the list of sources the document ends with. One object per style, asked in document order; `cite_variant`
writes each citation's text onto its node (`node.meta["cite"]`), so the Word and Markdown writers and the
page estimate all print the same words.

- `notes`: footnotes, the first citation of a source in full, later ones short (`notes-ibid`: "Ibid." for a
  source cited again in the very next note); the document ends with its sources, listed by author.
- `author-date`: "(ILO 2008, p. 4)" in the text, with "2008a", "2008b" where one author has several sources of
  a year; the document ends with its references, listed by author and year.

Titles print as the variant's language marks them (`Strings.title`): in italics in English (`*title*`, which
the footnote writer and Markdown both read as emphasis), unmarked in Chinese, as Chinese reference lists give
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..base.model import CITATION_STYLES, EvidenceItem, ParsedSection, Source
from ..base.strings import Strings
from .extensions.typography import smarten

SHORT_WORDS = 4  # a short title is at most this many words of the title, before any subtitle
_SUBTITLE = re.compile(r"\s*[:–—]\s")
_MINOR = {"a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "at", "by", "from"}


@dataclass(frozen=True)
class Cite:
    """One source a citation names, with the locator written for it ("p. 4")."""

    source: Source
    locator: str = ""


def who(source: Source) -> str:
    """The name a citation leads with: the author, else the publisher."""
    return source.author or source.publisher


def short_title(source: Source) -> str:
    """The source's short title: its own `short`, else the words of its title (before any subtitle) up to the
    fourth that is not an article or preposition."""
    if source.short:
        return source.short
    main = _SUBTITLE.split(source.title, maxsplit=1)[0]
    words = main.split()
    taken: list[str] = []
    significant = 0
    for word in words:
        taken.append(word)
        significant += word.lower() not in _MINOR
        if significant == SHORT_WORDS:
            break
    return " ".join(taken)


def _join(parts: Iterable[str], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _end(text: str) -> str:
    """`text` closed by a full stop unless it ends in punctuation of its own."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?" else text + "."


def dated(source: Source, strings: Strings) -> str:
    """The source's date in the variant's language when it was written as a day or a month; else as written."""
    if source.issued is not None and source.exact == "day":
        return strings.date(source.issued)
    if source.issued is not None and source.exact == "month":
        return strings.month(source.issued)
    return source.date


def full(source: Source, strings: Strings) -> str:
    """A source in full, as a first note gives it: author, title, publisher, number, date."""
    if source.text:
        return source.text
    publisher = source.publisher if source.publisher != source.author else ""
    return _join(
        [
            source.author,
            strings.title(source.title),
            publisher,
            source.number,
            dated(source, strings),
            _pages(source.pages),
        ]
    )


def _pages(pages: str) -> str:
    """Pages as a note gives them: "p. 12", "pp. 12–14"; anything else as written."""
    if re.fullmatch(r"\d+", pages):
        return f"p. {pages}"
    if re.fullmatch(r"\d+\s*[-–]\s*\d+", pages):
        return "pp. " + re.sub(r"\s*[-–]\s*", "–", pages)
    return pages


def _once(cites: list[Cite]) -> list[Cite]:
    """A citation's cites with a publication named twice (through two items) kept once, its locators joined."""
    kept: dict[tuple[str, ...], Cite] = {}
    for cite in cites:
        first = kept.get(cite.source.identity)
        if first is None:
            kept[cite.source.identity] = cite
        elif cite.locator and cite.locator not in first.locator:
            kept[cite.source.identity] = Cite(first.source, _join([first.locator, cite.locator]))
    return list(kept.values())


def _located(text: str, locator: str) -> str:
    return f"{text}, {locator}" if locator else text


class Style:
    """A citation style: `cite` gives each citation's text in document order, `entries` the list of sources."""

    name = ""
    notes = True  # True: each citation is a footnote; False: text in the running text

    def __init__(self, strings: Strings):
        self.strings = strings

    def start(self, cites: list[Cite]) -> None:
        """See every cite of the document once, in order, before the first `cite`."""

    def cite(self, cites: list[Cite]) -> str:
        raise NotImplementedError

    def entries(self, sources: list[Source]) -> list[str]:
        raise NotImplementedError

    @property
    def title(self) -> str:
        return self.strings.sources


class NotesStyle(Style):
    """Footnotes: the first citation of a source in full, later ones short; "Ibid." when asked."""

    name = "notes"

    def __init__(self, strings: Strings, ibid: bool = False):
        super().__init__(strings)
        self.ibid = ibid
        self.seen: set[tuple[str, ...]] = set()
        self.previous: tuple[str, ...] | None = None  # the identity of the last note's only source

    def one(self, cite: Cite, alone: bool) -> str:
        source = cite.source
        if alone and self.ibid and self.previous == source.identity:
            return _located(self.strings.ibid, cite.locator)
        if source.identity in self.seen:
            text = _short(source, self.strings)
        else:
            self.seen.add(source.identity)
            text = full(source, self.strings)
        return _located(text, cite.locator)

    def cite(self, cites: list[Cite]) -> str:
        cites = _once(cites)
        texts = [self.one(c, alone=len(cites) == 1) for c in cites]
        self.previous = cites[0].source.identity if len(cites) == 1 else None
        return _end("; ".join(t.rstrip(".") if n < len(texts) - 1 else t for n, t in enumerate(texts)))

    def entries(self, sources: list[Source]) -> list[str]:
        ordered = sorted(sources, key=lambda s: ((who(s) or s.title or s.text).lower(), s.title.lower(), s.key))
        return [_end(s.text) if s.text else _entry(s, self.strings) for s in ordered]


def _short(source: Source, strings: Strings) -> str:
    if source.text:
        first = source.text.split(", ")[0]
        return first if len(first) <= 60 else first[:60].rsplit(" ", 1)[0] + "…"
    return _join([who(source), strings.title(short_title(source))])


def _entry(source: Source, strings: Strings) -> str:
    """A source as the list of sources gives it: author. Title. Publisher, number, date. Address."""
    publisher = source.publisher if source.publisher != source.author else ""
    head = _end(who(source)) if who(source) else ""
    body = _end(strings.title(source.title))
    tail = _end(_join([publisher, source.number, dated(source, strings), _pages(source.pages)]))
    return _join([head, body, tail, source.url], " ")


class AuthorDateStyle(Style):
    """In the text: (Author Year, locator); the document ends with the references by author and year."""

    name = "author-date"
    notes = False

    def __init__(self, strings: Strings):
        super().__init__(strings)
        self.labels: dict[tuple[str, ...], str] = {}  # by source identity

    def _name(self, source: Source) -> str:
        return who(source) or (short_title(source) if source.title else _short(source, self.strings))

    def _year(self, source: Source) -> str:
        return source.year or self.strings.no_date

    def start(self, cites: list[Cite]) -> None:
        by_name_year: dict[tuple[str, str], list[tuple[str, ...]]] = {}
        for cite in cites:
            keys = by_name_year.setdefault((self._name(cite.source), self._year(cite.source)), [])
            if cite.source.identity not in keys:
                keys.append(cite.source.identity)
        for (name, year), keys in by_name_year.items():
            for n, key in enumerate(keys):
                suffix = "abcdefghijklmnopqrstuvwxyz"[n % 26] if len(keys) > 1 else ""
                self.labels[key] = f"{name} {year}{suffix}"

    def cite(self, cites: list[Cite]) -> str:
        cites = _once(cites)
        return "(" + "; ".join(_located(self.labels[c.source.identity], c.locator) for c in cites) + ")"

    def entries(self, sources: list[Source]) -> list[str]:
        ordered = sorted(sources, key=lambda s: (self.labels.get(s.identity, "").lower(), s.key))
        out = []
        for s in ordered:
            label = self.labels.get(s.identity, self._name(s))
            name, _, year = label.rpartition(" ")
            if s.text:  # a source written as one line: as written, with its year where the line has none
                out.append(_end(s.text if s.year and s.year in s.text else f"{s.text} ({year})"))
                continue
            publisher = s.publisher if s.publisher != s.author else ""
            out.append(
                _join(
                    [f"{name} ({year}).", _end(self.strings.title(s.title)), _end(_join([publisher, s.number])), s.url],
                    " ",
                )
            )
        return out

    @property
    def title(self) -> str:
        return self.strings.references


def make_style(name: str, strings: Strings) -> Style:
    """The style a donor profile names (`citation_style:`, one of CITATION_STYLES); `notes` when it names none."""
    assert name in CITATION_STYLES
    if name == "author-date":
        return AuthorDateStyle(strings)
    return NotesStyle(strings, ibid=name == "notes-ibid")


def resolve_cites(node, evidence: Mapping[str, EvidenceItem], languages: tuple[str, str]) -> list[Cite]:
    """The sources a citation node names: each item's sources (or the one named with `item/source`), the
    locator going with the last of an item's sources. Unknown ids and sources are left out (reported
    where citations are resolved). `languages`: the variant's and the proposal's, see `in_language`."""
    cites: list[Cite] = []
    for key, locator in zip(node.meta.get("ids", ()), node.meta.get("locators", ())):
        named = source_of(key, evidence)
        if named is None:
            continue
        if "/" not in key:
            named = in_language(named, *languages)
        for n, source in enumerate(named):
            cites.append(Cite(source, locator if n == len(named) - 1 else ""))
    return cites


def source_of(key: str, evidence: Mapping[str, EvidenceItem]) -> list[Source] | None:
    """The sources `key` ("item" or "item/source") names, or None when it names none."""
    item_id, _, wanted = key.partition("/")
    item = evidence.get(item_id)
    if item is None:
        return None
    sources = list(item.sources) or [Source(key=item.id, item=item.id, title=item.title, position=item.position)]
    if not wanted:
        return sources
    for n, source in enumerate(sources, start=1):
        if source.key == key or (wanted.isdigit() and int(wanted) == n):
            return [source]
    return None


def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


def in_language(sources: list[Source], variant: str, proposal: str) -> list[Source]:
    """Of the sources an item cited whole (`[@item]`) gives, those written in the variant's language (a source
    without `language:` is in the proposal's), so each reader gets the sources they can read; all of them when
    none is. Languages compare by their first subtag: en-GB matches en-US, zh-CN matches zh."""
    wanted = _primary(variant)
    chosen = [s for s in sources if _primary(s.language or proposal) == wanted]
    return chosen or sources


def cite_variant(
    citations: list[tuple[ParsedSection, list]],
    evidence: Mapping[str, EvidenceItem],
    style: Style,
    languages: tuple[str, str],
) -> list[Source]:
    """Write each citation's text onto its node in document order (`citations`: each section's citation nodes,
    references.section_citations); the cited sources, in order of first use. `languages`: the variant's and
    the proposal's, which choose among the sources of an item cited whole."""
    nodes = [(node, resolve_cites(node, evidence, languages)) for _, found in citations for node in found]
    cited: dict[tuple[str, ...], Source] = {}  # one entry per publication, however many items cite it
    for _, cites in nodes:
        for cite in cites:
            cited.setdefault(cite.source.identity, cite.source)
    style.start([cite for _, cites in nodes for cite in cites])
    for node, cites in nodes:
        node.meta["cite"] = smarten(style.cite(cites)) if cites else None
        node.meta["note"] = style.notes
    return list(cited.values())
