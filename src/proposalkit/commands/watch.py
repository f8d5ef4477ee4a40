"""Watch a workspace and rebuild the variants a change affects, as a reviewer edits.

The loop builds once, then waits for changes under `templates/` and `evidence/` (watchfiles groups
the events of one save, or of a burst of saves, into one batch), works out which of the selected
variants each batch touches, and rebuilds only those, in this already-warm process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.inputs import InputRefused, input_files, read_input
from ..base.paths import (
    DONORS_DIR,
    PROPOSAL_FILE,
    TEMPLATES_DIR,
    WATCHED_DIRS,
    template_file,
)
from ..load.donors import load_donors
from ..load.workspace import load_proposal

# Editor droppings and our own temporary files: a change to one of these is no change to the workspace.
IGNORED_SUFFIXES = (".tmp", ".swp", ".swx", ".swo", "~", ".bak", ".part")
IGNORED_PREFIXES = (".#", "#", ".~lock")


@dataclass(frozen=True)
class Plan:
    """What a batch of changes asks for: the donors to rebuild and the changed files that explain why."""

    donors: tuple[str, ...]
    changed: tuple[str, ...]


def relevant(path: str) -> bool:
    """Whether a change to `path` can change a build (not a temporary, lock or backup file, nor a hidden one)."""
    name = Path(path).name
    return not (
        name.startswith(".")
        or name.startswith(IGNORED_PREFIXES)
        or name.endswith(IGNORED_SUFFIXES)
        or "__pycache__" in Path(path).parts
    )


def workspace_path(path: Path | str, root: Path) -> str | None:
    """`path` relative to the workspace at `root` ("templates/styles/eu.docx"), or None when outside it."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


class Dependencies:
    """Which selected variants read which workspace file, from the proposal and the donor profiles."""

    def __init__(self, root: Path, selected: tuple[str, ...], all_donors: bool) -> None:
        self.root = root
        self.selected = selected
        self.all_donors = all_donors
        self.refresh()

    def refresh(self) -> None:
        """Re-read the proposal and donor profiles (cheap: a handful of YAML files)."""
        quiet = Diagnostics()
        proposal = load_proposal(self.root, quiet)
        donors = load_donors(self.root, proposal, quiet)
        if self.all_donors:
            chosen = list(donors)
        elif self.selected:
            chosen = [d for d in self.selected if d in donors]
        else:
            default = proposal.default_donor if proposal else None
            chosen = [default] if default in donors else list(donors)[:1]
        self.donors = tuple(chosen) or ("",)  # "" stands for the default variant of a workspace without profiles
        self.templates: dict[str, set[str]] = {}
        self.references: dict[str, set[str]] = {}
        for donor_id in chosen:
            donor = donors[donor_id]
            for section in donor.sections:
                if section.template:
                    self.templates.setdefault(template_file(section.template), set()).add(donor_id)
            if donor.reference_docx is not None:
                ref = workspace_path(donor.reference_docx, self.root)
                if ref:
                    self.references.setdefault(ref, set()).add(donor_id)

    def affected(self, changed: Iterable[str]) -> tuple[str, ...]:
        """The selected donors whose documents a change to the `changed` workspace paths may alter."""
        hit: set[str] = set()
        everything = set(self.donors)
        for rel in changed:
            if rel.startswith(DONORS_DIR + "/"):
                donor_id = Path(rel).stem
                # A new or removed profile can change which donors --all selects; a selected one is itself.
                hit |= {donor_id} if donor_id in everything else (everything if self.all_donors else set())
            elif rel in self.references:
                hit |= self.references[rel]
            elif rel in self.templates and not self._shared_template(rel):
                hit |= self.templates[rel]
            else:
                # proposal.yaml, evidence, data and templates that are included by others: every variant.
                return tuple(d for d in self.donors if d or len(self.donors) == 1)
        return tuple(d for d in self.donors if d in hit)

    def _shared_template(self, rel: str) -> bool:
        """Whether another template names template `rel` (an include, import or extends), so may use it."""
        name = rel.split("/", 1)[1]
        folder = self.root / TEMPLATES_DIR
        for other in input_files(self.root, TEMPLATES_DIR, "*"):
            if other.suffix not in (".yaml", ".yml", ".docx") and other.relative_to(folder).as_posix() != name:
                try:  # bounded, and never blocked by a FIFO (base/inputs.py)
                    if name in read_input(other, self.root).decode("utf-8", errors="replace"):
                        return True
                except InputRefused:
                    return True
        return False


def plan(deps: Dependencies, root: Path, paths: Iterable[str]) -> Plan | None:
    """The rebuild a batch of changed absolute `paths` asks for, or None when none of them matters."""
    changed = []
    for path in paths:
        rel = workspace_path(path, root)
        if rel is not None and relevant(rel) and rel.split("/", 1)[0] in WATCHED_DIRS:
            changed.append(rel)
    if not changed:
        return None
    if any(rel.startswith(DONORS_DIR + "/") or rel == PROPOSAL_FILE for rel in changed):
        deps.refresh()
    donors = deps.affected(changed)
    return Plan(donors, tuple(sorted(set(changed)))) if donors else None


def settled(batch) -> list[str]:
    """The paths of a watchfiles batch, less files that came and went within it (an editor's or sed's temp file)."""
    from watchfiles import Change

    added = {path for change, path in batch if change == Change.added}
    return sorted({path for _, path in batch if not (path in added and not Path(path).exists())})


def _stamps(folders: list[str]) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file under `folders`, by path."""
    found = {}
    for folder in folders:
        for path in Path(folder).rglob("*"):
            try:
                info = path.stat()
            except OSError:
                continue
            if path.is_file():
                found[str(path)] = (info.st_mtime_ns, info.st_size)
    return found


def watch(
    root: Path,
    rebuild: Callable[[tuple[str, ...] | None], Iterable[Path] | None],
    announce: Callable[[Plan], None],
    *,
    selected: tuple[str, ...] = (),
    all_donors: bool = False,
    stop: threading.Event | None = None,
    debounce_ms: int = 1600,
    step_ms: int = 50,
) -> None:
    """Build the selected variants, then rebuild the affected ones after each batch of changes, until `stop`.

    `rebuild(donor_ids)` builds and reports, and returns the files it wrote; None means the variants selected
    at the start. `announce(plan)` is told what changed before each rebuild. A change to a file a rebuild
    wrote is never a change to the workspace: outputs are kept out of templates/ and evidence/ (`--out` is
    checked), and should one land there all the same, it sets off no rebuild.
    """
    import watchfiles

    deps = Dependencies(root, selected, all_donors)
    folders = [str(root / name) for name in WATCHED_DIRS if (root / name).is_dir()]
    own: set[str] = set()  # the real paths of every file a rebuild wrote

    def build(donor_ids: tuple[str, ...] | None) -> None:
        own.update(os.path.realpath(path) for path in rebuild(donor_ids) or ())

    before = _stamps(folders)  # files saved while the first build runs, before the watcher starts, are not lost
    build(None)
    started = False
    for batch in watchfiles.watch(
        *folders,
        stop_event=stop,
        debounce=debounce_ms,
        step=step_ms,
        raise_interrupt=False,
        watch_filter=None,
        yield_on_timeout=True,
        rust_timeout=500,
    ):
        if not started:  # the watcher runs now: what changed since the first build began is a change too
            started = True
            now = _stamps(folders)
            missed = {path for path in before.keys() | now.keys() if before.get(path) != now.get(path)}
            batch = set(batch) | {(watchfiles.Change.modified, path) for path in missed}
        if not batch:
            continue
        todo = plan(deps, root, [path for path in settled(batch) if os.path.realpath(path) not in own])
        if todo is None:
            continue
        announce(todo)
        build(None if set(todo.donors) == set(deps.donors) else todo.donors)
