"""The fixed words a document prints, in one catalogue: headings the writer adds, caption and annex words,
the footer, and the words of the citation styles. One entry per language; English is the fallback."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import MONTHS


@dataclass(frozen=True)
class Strings:
    """The words of one language."""

    contents: str = "Contents"
    table: str = "Table"
    figure: str = "Figure"
    annex: str = "Annex"
    sources: str = "Sources"  # the list of sources of a notes style
    references: str = "References"  # the reference list of an author-date style
    evidence_base: str = "Evidence base (review copy)"
    page_of: str = "Page {page} of {pages}"
    ibid: str = "Ibid."
    no_date: str = "n.d."
    proposal_to: str = "Proposal to {donor}"
    caption_separator: str = ": "  # between "Table 3" and the caption text
    label_separator: str = ": "  # between a cover field's label and its value
    numbered: str = "{word} {number}"  # "Table 3", "Annex 2"
    annex_title: str = "{label} {number}: {title}"
    long_date: str = "{day} {month} {year}"  # {month} the month's name, {month_number} its number
    month_year: str = "{month} {year}"
    cited_title: str = "*{title}*"  # a source's title in a citation: emphasis in Markdown, italics in Word
    month_names: tuple[str, ...] = MONTHS

    def date(self, day: dt.date) -> str:
        """`day` as this language writes a date in full: "1 December 2009", "2009年12月1日"."""
        return self.long_date.format(
            day=day.day, month=self.month_names[day.month - 1], month_number=day.month, year=day.year
        )

    def month(self, day: dt.date) -> str:
        """The month of `day` as this language writes it: "March 2009", "2009年3月"."""
        return self.month_year.format(month=self.month_names[day.month - 1], month_number=day.month, year=day.year)

    def title(self, text: str) -> str:
        """A source's title as a citation prints it."""
        return self.cited_title.format(title=text)

    def caption_word(self, kind: str) -> str:
        """The word shown for a caption of SEQ identifier `kind` ("Table" or "Figure")."""
        return self.table if kind == "Table" else self.figure


ENGLISH = Strings()
# Simplified Chinese, as Chinese government and UN documents write them: full-width colons, no space
# between a number and its counter word, dates in year-month-day order.
CHINESE = Strings(
    contents="目录",
    table="表",
    figure="图",
    annex="附件",
    sources="资料来源",
    references="参考文献",
    evidence_base="证据库（审阅本）",
    page_of="第 {page} 页 共 {pages} 页",
    ibid="同上。",
    no_date="日期不详",
    proposal_to="致{donor}",
    caption_separator="：",
    label_separator="：",
    numbered="{word} {number}",
    annex_title="{label}{number}：{title}",
    long_date="{year}年{month_number}月{day}日",
    month_year="{year}年{month_number}月",
    cited_title="{title}",  # unmarked, as Chinese reference lists give titles: no italic in Han faces
)
CATALOGUE: dict[str, Strings] = {"en": ENGLISH, "zh": CHINESE, "zh-CN": CHINESE, "zh-Hans": CHINESE}


def strings_for(language: str) -> Strings:
    """The catalogue entry for a BCP 47 tag: its own, else its language's, else English."""
    return CATALOGUE.get(language) or CATALOGUE.get(language.split("-")[0]) or ENGLISH
