"""`proposalkit new translation ID --lang L` and `proposalkit translation status [--lang L]`.

A new translation is a stub beside its source holding the source's text to translate over and the source's
fingerprint; it never overwrites. The status lists, per evidence item and section template, whether each
language's translation is missing, stale or current (the languages of the donor profiles that need one, or
`--lang`).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..base.diagnostics import Diagnostics
from ..base.errors import NewItemError
from ..base.fingerprints import body_fingerprint, evidence_fingerprint
from ..base.inputs import InputRefused, read_input
from ..base.model import Workspace
from ..base.paths import TEMPLATES_DIR, resolves_inside, template_file
from ..check.translations import source_text
from ..load.translations import LANGUAGE_SUFFIX
from ..load.workspace import load_workspace


def _workspace(root: Path) -> tuple[Workspace, Diagnostics]:
    diags = Diagnostics()
    ws = load_workspace(root, diags)
    if ws is None:
        raise NewItemError("the workspace cannot be loaded: run proposalkit check")
    return ws, diags


def _check_language(language: str) -> None:
    if not LANGUAGE_SUFFIX.match(f"x.{language}"):
        raise NewItemError(f"'{language}' is not a language tag with a region or script, such as zh-CN or zh-Hans")


def new_translation(root: Path, source: str, language: str) -> Path:
    """The stub of `source`'s translation into `language` (an evidence id or a template under templates/)."""
    _check_language(language)
    ws, _ = _workspace(root)
    item = ws.evidence.get(source)
    if item is not None:
        path = root / f"{item.path.removesuffix('.md')}.{language}.md"
        title = item.title.replace('"', '\\"')
        text = (
            "---\n"
            f'title: "{title}"\n'
            f"source_fingerprint: {evidence_fingerprint(item.title, item.body)}\n"
            "---\n"
            f"{item.body}"
        )
    else:
        name = source.removeprefix(f"{TEMPLATES_DIR}/")
        template = root / TEMPLATES_DIR / name
        if not name.endswith(".md.j2") or not template.is_file():
            raise NewItemError(f"'{source}' is neither an evidence id nor a section template under templates/")
        if not resolves_inside(template, root / TEMPLATES_DIR):
            raise NewItemError(f"'{source}' resolves outside templates/; a translation is written beside its source")
        try:
            body = read_input(template, root).decode("utf-8-sig").replace("\r\n", "\n")
        except (InputRefused, UnicodeDecodeError) as exc:
            raise NewItemError(f"{template_file(name)} cannot be read: {exc}") from None
        path = template.with_name(f"{template.name.removesuffix('.md.j2')}.{language}.md.j2")
        text = f"{{#- translation of {name}, source_fingerprint: {body_fingerprint(body)} -#}}\n{body}"
    try:  # "x": nor a file there, nor a symlink, however dangling, is written through
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise NewItemError(
            f"{path.relative_to(root).as_posix()} exists already; a new translation never overwrites"
        ) from None
    except OSError as exc:
        raise NewItemError(f"cannot write {path.relative_to(root).as_posix()}: {exc.strerror or exc}") from None
    return path


def translation_status(root: Path, languages: tuple[str, ...], fmt: str = "text") -> tuple[Diagnostics, str]:
    """Each evidence item's and section template's translation per language: missing, stale or current."""
    for language in languages:
        _check_language(language)
    ws, diags = _workspace(root)
    wanted = languages or tuple(
        sorted(
            {
                d.language
                for d in ws.donors.values()
                if d.language and d.language.split("-")[0] != ws.proposal.language.split("-")[0]
            }
        )
    )
    templates = sorted({section.template for donor in ws.donors.values() for section in donor.sections})
    rows = []
    for language in wanted:
        for source in [*ws.evidence, *templates]:
            translation = ws.translations.get((source, language))
            fingerprint = None
            if translation is None:
                state = "missing"
            else:
                found = source_text(ws, translation)
                fingerprint = body_fingerprint(found[0]) if found is not None else None
                state = "current" if fingerprint == translation.fingerprint else "stale"
            rows.append(
                {
                    "language": language,
                    "source": source,
                    "state": state,
                    "path": translation.path if translation else None,
                    "source_fingerprint": fingerprint,  # the source's now: a stale translation records it once updated
                }
            )
    if fmt == "json":
        return diags, json.dumps(rows, indent=2, ensure_ascii=False)
    lines = [
        f"{r['language']}  {r['state']:<8} {r['source']}"
        + (f"  ({r['path']})" if r["path"] else "")
        + (f"  source now {r['source_fingerprint']}" if r["state"] == "stale" else "")
        for r in rows
    ]
    for language in wanted:
        counts = {
            state: sum(1 for r in rows if r["language"] == language and r["state"] == state)
            for state in ("current", "stale", "missing")
        }
        lines.append(f"{language}: {counts['current']} current, {counts['stale']} stale, {counts['missing']} missing")
    if not wanted:
        lines.append("no donor profile is in another language than the sources; name one with --lang")
    return diags, "\n".join(lines)
