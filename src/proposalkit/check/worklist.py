"""What stands between a draft and a submission: the errors of `check --final`, grouped into work a proposal
manager can hand out, one line per file to open.

- Evidence to complete and approve: each draft item cited, with what is still to collect and how often the
  variants cite it (one reviewer's job per file);
- Placeholders to replace: per file, the lines that hold one;
- Limits and budget rules: each breach, at the donor profile's line;
- Everything else, as the diagnostics give it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..base.diagnostics import Diagnostic, Diagnostics

_CITED_DRAFT = re.compile(r"^cites evidence '[^']+' \((?P<path>[^)]+)\), which is a draft")
_STILL = re.compile(r"still to collect: (?P<what>.+)$")
_PLACEHOLDER = re.compile(r"^placeholder '(?P<mark>[^']+)'")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def worklist(diags: Diagnostics) -> list[str]:
    """The lines of the worklist for the errors in `diags`; [] when nothing stands in the way."""
    errors = [d for d in diags.items if d.severity == "error"]
    if not errors:
        return []
    drafts: dict[str, str] = {}  # item file -> what is still to collect
    citations: dict[str, set[tuple[str, int]]] = defaultdict(set)  # item file -> the places citing it
    changed: set[str] = set()  # item files edited since their approval
    placeholders: dict[str, list[Diagnostic]] = defaultdict(list)
    limits: list[Diagnostic] = []
    other: list[Diagnostic] = []
    for d in errors:
        path = d.position.path
        if d.code == "evidence.draft-cited":
            cited = _CITED_DRAFT.match(d.message)
            if cited:
                citations[cited["path"]].add((path, d.position.line))
            else:
                still = _STILL.search(d.message)
                drafts[path] = still["what"] if still else ""
        elif d.code == "evidence.changed-since-approval":
            drafts.setdefault(path, "")
            changed.add(path)
        elif d.code == "content.placeholder":
            placeholders[path].append(d)
        elif d.code.startswith(("limit.", "budget.")):
            limits.append(d)
        else:
            other.append(d)
    lines = ["What stands between this draft and a submission:"]
    if drafts or citations:
        items = sorted(set(drafts) | set(citations))
        lines += ["", f"Evidence to complete and approve ({_plural(len(items), 'item')})"]
        for path in items:
            what = drafts.get(path, "")
            task = f"collect {what}, then approve" if what else "approve"
            if path in changed:
                task = "review the changes since its approval, then " + task
            places = len(citations.get(path, ()))
            lines.append(f"  {path}: {task}" + (f" (cited in {_plural(places, 'place')})" if places else ""))
    if placeholders:
        count = sum(len(found) for found in placeholders.values())
        lines += ["", f"Placeholders to replace ({count} in {_plural(len(placeholders), 'file')})"]
        for path in sorted(placeholders):
            marks = []
            for d in sorted(placeholders[path], key=lambda d: (d.position.line, d.position.column)):
                mark = _PLACEHOLDER.match(d.message)
                marks.append(f"line {d.position.line} '{mark['mark'] if mark else '?'}'")
            lines.append(f"  {path}: {', '.join(dict.fromkeys(marks))}")
    for title, group in (("Limits and budget rules to meet", limits), ("Other problems", other)):
        if group:
            lines += ["", f"{title} ({len(group)})"]
            lines += [f"  {d.position.path}:{d.position.line}: {d.message}" for d in group]
    return lines
