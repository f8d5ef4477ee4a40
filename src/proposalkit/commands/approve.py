"""`proposalkit approve ID... --by NAME`: an approval recorded in each item's front matter, bound to its body.

The item gets `status: approved` and an `approved:` block naming who approved it, on what day and the body's
fingerprint (base.model.body_fingerprint); every other line of the file stays byte for byte as it was. A body
edited afterwards no longer matches the fingerprint: `check` warns and `--final` refuses the item
(`evidence.changed-since-approval`) until it is approved again. All files are written or none: an unknown
id writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..base.atomic import write_all
from ..base.diagnostics import Diagnostics, did_you_mean
from ..base.fingerprints import body_fingerprint
from ..base.inputs import InputRefused, read_input
from ..base.model import EvidenceItem, Position
from ..load.evidence import load_evidence
from ..load.source import split_front_matter
from ..load.workspace import load_proposal

_STATUS = re.compile(r"^status:[ \t]*[^\s#]*(?P<rest>[ \t]*(?:#.*)?)$")
_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def approved_text(text: str, item: EvidenceItem, by: str, on: dt.date) -> str:
    """The file's `text` with the item approved: its status line set, its `approved:` block written anew."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    end = next(n for n in range(1, len(lines)) if lines[n].strip() in ("---", "..."))
    front = lines[1:end]
    block = [
        "approved:",
        f"  by: {_quoted(by)}",
        f"  date: {on.isoformat()}",  # not `on:`, which YAML 1.1 reads as true
        f"  fingerprint: {body_fingerprint(item.body)}",
    ]
    start = next((n for n, line in enumerate(front) if line.startswith("approved:")), None)
    if start is not None:  # the earlier approval and its indented lines give way to this one
        stop = start + 1
        while stop < len(front) and not _TOP_KEY.match(front[stop]) and front[stop].strip() not in ("---",):
            stop += 1
        front[start:stop] = block
    else:
        front += block
    for n, line in enumerate(front):
        match = _STATUS.match(line)
        if match:
            front[n] = "status: approved" + match["rest"]
            break
    else:
        front.insert(0, "status: approved")
    return newline.join([lines[0], *front, *lines[end:]])


def approve(root: Path, ids: tuple[str, ...], by: str, on: dt.date, diags: Diagnostics) -> list[Path]:
    """Approve each item of `ids`; returns the files written ([] when anything was wrong)."""
    proposal = load_proposal(root, diags)
    evidence = load_evidence(root, proposal, diags)
    if not by.strip():
        diags.error(Position("evidence"), "approve.unknown-id", "--by names nobody: give the approver's name")
    for item_id in ids:
        if item_id not in evidence:
            diags.error(
                Position("evidence"),
                "approve.unknown-id",
                f"no evidence item '{item_id}'{did_you_mean(item_id, evidence)}",
            )
    if diags.has_errors:
        return []
    files = []
    for item_id in dict.fromkeys(ids):
        item = evidence[item_id]
        path = root / item.path
        try:
            text = read_input(path, root).decode("utf-8")
        except (InputRefused, UnicodeDecodeError) as exc:  # loaded a moment ago; changed since
            diags.error(item.position, getattr(exc, "code", "io.encoding"), str(exc))
            return []
        if split_front_matter(text.replace("\r\n", "\n")) is None:  # loaded a moment ago; changed since
            diags.error(item.position, "approve.unknown-id", f"'{item_id}' has no front matter any more")
            return []
        files.append((path, approved_text(text, item, by.strip(), on).encode("utf-8")))
    write_all(files)
    return [path for path, _ in files]
