"""Helpers the tests share: reading built documents back, the real readers (Pandoc, LibreOffice) that skip
with a reason locally and are required in CI, and workspace files and output snapshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

# -- built documents read back -------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def all_text(document) -> str:
    """Body paragraphs and table cells, one a line."""
    body = document.element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p"))


def footnote_texts(path: Path) -> list[str]:
    """The text of each real footnote (separators left out)."""
    with zipfile.ZipFile(path) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    notes = []
    for note in root.findall("w:footnote", NS):
        if note.get(f"{{{W}}}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        notes.append("".join(t.text or "" for t in note.iter(f"{{{W}}}t")).strip())
    return notes


# -- the real readers ----------------------------------------------------------------------------------


def need(program: str) -> str:
    """The program's path; when missing, skip (or fail where PROPOSALKIT_REQUIRE_READERS is set)."""
    found = shutil.which(program)
    if found:
        return found
    reason = f"{program} is not installed (.ci/run installs it from Debian's packages)"
    if os.environ.get("PROPOSALKIT_REQUIRE_READERS"):
        pytest.fail(reason)
    pytest.skip(reason)


def need_font(family: str) -> None:
    """Skip (or fail where PROPOSALKIT_REQUIRE_READERS is set) unless matplotlib's font list holds `family`;
    .ci/run installs the metric-compatible faces (Carlito, Liberation) the readers also render with."""
    from matplotlib import font_manager

    if any(entry.name == family for entry in font_manager.fontManager.ttflist):
        return
    reason = f"the font {family} is not installed (.ci/run installs it from Debian's packages)"
    if os.environ.get("PROPOSALKIT_REQUIRE_READERS"):
        pytest.fail(reason)
    pytest.skip(reason)


def pandoc_text(docx: Path, to: str = "plain") -> str:
    """The document as Pandoc reads it."""
    result = subprocess.run(
        [need("pandoc"), "-f", "docx", "-t", to, "--wrap=none", str(docx)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def soffice_pdf(docx: Path, outdir: Path) -> Path:
    """The document converted to PDF by LibreOffice headless."""
    profile = outdir / "lo-profile"
    result = subprocess.run(
        [
            need("soffice"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = outdir / (docx.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stdout + result.stderr
    return pdf


# -- workspaces and their outputs ------------------------------------------------------------------------


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built(run, root: Path) -> dict[str, bytes]:
    """A first, good build of `root`; its outputs, which a failed build must leave as they are."""
    result = run("build", "-w", root)
    assert result.code == 0, result.err
    outputs = snapshot(root / "outputs")
    assert outputs
    return outputs


def fails_located(run, root: Path, before: dict[str, bytes], prefix: str, code: str) -> list[str]:
    """Build again: exit 1, a diagnostic starting with `prefix` and ending with `[code]`, outputs unchanged."""
    result = run("build", "-w", root)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    hits = [line for line in result.lines if line.startswith(prefix) and line.endswith(f"[{code}]")]
    assert hits, (prefix, code, result.lines)
    assert snapshot(root / "outputs") == before
    return hits


def track_changes(src: Path, dst: Path, edits, author: str = "Li Wei", date: str = "2026-01-20T10:00:00Z") -> None:
    """A copy of `src` with each (find, replace) made as Word records a tracked change: the run holding `find`
    split, `find` in a w:del, `replace` (if any) in a w:ins after it."""
    import copy

    w_ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def q(tag: str) -> str:
        return f"{{{w_ns}}}{tag}"

    with zipfile.ZipFile(src) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
        infos = archive.infolist()
    root = etree.fromstring(parts["word/document.xml"])
    next_id = 900
    for find, replace in edits:
        for r in root.iter(q("r")):
            t = r.find(q("t"))
            if t is None or not t.text or find not in t.text:
                continue
            before, after = t.text.split(find, 1)
            parent, at = r.getparent(), r.getparent().index(r)

            def piece(text: str, tag: str = "t", run=r):
                made = copy.deepcopy(run)
                made_t = made.find(q("t"))
                made_t.tag, made_t.text = q(tag), text
                made_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                return made

            new = [piece(before)]
            for kind, text, tag in (("del", find, "delText"), ("ins", replace, "t")):
                if text:
                    mark = etree.Element(q(kind))
                    mark.set(q("id"), str(next_id))
                    mark.set(q("author"), author)
                    mark.set(q("date"), date)
                    mark.append(piece(text, tag))
                    new.append(mark)
                    next_id += 1
            new.append(piece(after))
            parent.remove(r)
            for k, element in enumerate(new):
                parent.insert(at + k, element)
            break
        else:
            raise AssertionError(f"no run holds {find!r}")
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            out.writestr(info, parts[info.filename])
