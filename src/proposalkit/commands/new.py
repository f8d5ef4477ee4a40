"""`proposalkit new evidence`: a correctly formed draft evidence item, in the folder its kind lives in."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections import Counter
from pathlib import Path

from ..base.atomic import create_atomic
from ..base.diagnostics import Diagnostics
from ..base.errors import NewItemError, UnknownKind
from ..base.paths import EVIDENCE_DIR, resolves_inside
from ..load.evidence import load_evidence
from ..load.fields import ID_PATTERN
from ..load.workspace import load_proposal, slugify

# Where the example and the starter keep each kind; a kind already in use goes where most of its items are.
KIND_FOLDERS = {
    "pilot-result": "pilots",
    "research-finding": "research",
    "lesson-learned": "lessons",
    "context": "context",
}
MAX_ID_LENGTH = 60


def did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    """'; did you mean X?' for the closest choice, else the list of choices."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(choices)}"


def item_id(title: str) -> str:
    """The id made from a title: lowercase ASCII words joined by hyphens, cut at a word within 60 characters."""
    slug = slugify(title)
    if slug == "proposal" and "proposal" not in title.lower():
        return ""
    if len(slug) > MAX_ID_LENGTH:
        slug = slug[:MAX_ID_LENGTH].rsplit("-", 1)[0]
    return slug


def _scalar(value: str) -> str:
    """A YAML scalar for `value` on one line: plain when safe, else double-quoted (JSON strings are valid YAML)."""
    if (
        re.fullmatch(r"[A-Za-z][\w ,.()'/–—-]*", value)
        and not re.search(r"(:\s|\s#)", value)
        and value.lower() not in ("yes", "no", "true", "false", "null", "on", "off")
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def kind_folder(kind: str, existing: list[tuple[str, str]]) -> str:
    """The folder, relative to the workspace, for a new item of `kind` given (kind, path) of the items there are."""
    parents = Counter(str(Path(path).parent.as_posix()) for k, path in existing if k == kind)
    if parents:
        return sorted(parents.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return f"{EVIDENCE_DIR}/{KIND_FOLDERS.get(kind, kind)}"


def new_evidence(
    root: Path, kind: str, title: str, date: dt.date | None = None, *, id_: str | None = None, source: str | None = None
) -> Path:
    """Write a draft evidence item and return its path; never overwrites a file or reuses an id."""
    diags = Diagnostics()
    proposal = load_proposal(root, diags)
    if proposal is None:
        raise NewItemError("templates/proposal.yaml does not load; run `proposalkit check` to see why")
    if not ID_PATTERN.match(kind):  # a kind names a folder: never one outside evidence/
        refused = [str(d) for d in diags.items if d.code == "proposal.bad-id" and f"'{kind}'" in d.message]
        raise NewItemError(
            f"kind '{kind}' is not a valid name (lowercase letters, digits and hyphens); nothing was written"
            + "".join(f"\n{line}" for line in refused)
        )
    if kind not in proposal.evidence_kinds:
        raise UnknownKind(f"unknown kind '{kind}'{did_you_mean(kind, proposal.evidence_kinds)}")
    title = " ".join(title.split())
    if not title:
        raise NewItemError("the title must not be empty")
    new_id = id_ if id_ is not None else item_id(title)
    if not new_id or not ID_PATTERN.match(new_id):
        raise NewItemError(
            f"'{new_id}' is not a valid id: use lowercase letters, digits and hyphens (give one with --id)"
            if new_id
            else "the title gives no id: give one with --id"
        )
    items = load_evidence(root, proposal, Diagnostics())
    if new_id in items:
        raise NewItemError(f"evidence id '{new_id}' is already used by {items[new_id].path}; give another with --id")
    folder = kind_folder(kind, [(i.kind, i.path) for i in items.values()])
    target = root / folder / f"{new_id}.md"
    if not resolves_inside(target.parent, root / EVIDENCE_DIR):  # a folder of items symlinked elsewhere
        raise NewItemError(f"{folder}/ resolves outside {EVIDENCE_DIR}/; nothing was written")
    lines = ["---", f"id: {_scalar(new_id)}", f"kind: {kind}", f"title: {_scalar(title)}"]
    lines.append(f"source: {_scalar(source.strip())}" if source and source.strip() else "source: to be completed")
    lines += [f"date: {(date or dt.date.today()).isoformat()}", "status: draft", "tags: []"]
    lines += [
        "metrics: {}",
        "missing: []" if source and source.strip() else "missing: [source]",
        "---",
        "Summarise the evidence here, in Markdown, in your own words. Record figures under `metrics:`",
        "and quote them from templates; list figures still to be collected under `missing:`.",
        "",
    ]
    try:
        data = "\n".join(lines).encode("utf-8")
    except UnicodeEncodeError:
        raise NewItemError("the title or source holds characters that are not text (lone surrogates)") from None
    try:
        create_atomic(target, data)  # whole or not at all, never over a file
    except FileExistsError:
        raise NewItemError(f"{target.relative_to(root).as_posix()} already exists; it was left as it was") from None
    except OSError as exc:
        raise NewItemError(f"cannot write {target.relative_to(root).as_posix()}: {exc.strerror or exc}") from None
    return target
