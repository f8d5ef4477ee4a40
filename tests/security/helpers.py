"""Shared helpers of the security tests: real builds through the CLI, and a snapshot of outputs/."""

from __future__ import annotations

from pathlib import Path


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
