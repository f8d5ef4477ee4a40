"""Compare the page model with LibreOffice's layout of each donor variant of a workspace.

    .venv/bin/python tools/page_model.py [WORKSPACE] [--donor ID ...]

For each variant it prints the estimated and the laid-out page count, their difference in per cent, and the
level-1 headings whose estimated page differs from LibreOffice's. Needs LibreOffice (soffice).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from proposalkit.base.diagnostics import Diagnostics
from proposalkit.check.pages import estimate_pages
from proposalkit.convert.outline import heading_pages, outline_pages
from proposalkit.convert.pdf import docx_to_pdf, pdf_pages
from proposalkit.load.workspace import load_workspace
from proposalkit.parse.assemble import assemble_variant
from proposalkit.parse.sections import parse_sections
from proposalkit.render.sections import render_cover, render_sections
from proposalkit.write.document import write_docx


def compare(root: Path, donors: list[str]) -> int:
    diags = Diagnostics()
    ws = load_workspace(root, diags)
    if ws is None:
        print("\n".join(diags.lines()), file=sys.stderr)
        return 1
    worst = 0.0
    for donor in ws.donors.values():
        if donors and donor.id not in donors:
            continue
        rendered = render_sections(ws, donor, diags)
        cover = render_cover(ws, donor, diags)
        parsed = parse_sections(ws, donor, rendered, diags)
        assembly = assemble_variant(ws, donor, rendered, parsed, cover, set(), diags)
        estimate = estimate_pages(assembly)
        entries: list[tuple[int, str, str]] = []
        docx = write_docx(assembly, pages=estimate.headings, headings=entries, cover_excess=estimate.cover_excess)
        pdf = docx_to_pdf(docx, donor.id)
        laid, model = pdf_pages(pdf), estimate.total
        off = 100 * (model - laid) / laid
        worst = max(worst, abs(off))
        print(f"{donor.id:8} model {model:6.1f}  LibreOffice {laid:4d}  {off:+6.1f}%")
        for (level, text, _), page, guess in zip(
            entries, heading_pages(entries, outline_pages(pdf)), estimate.headings
        ):
            if level == 1 and page is not None and page != guess:
                print(f"    {text[:60]:60} model p. {guess:3d}  LibreOffice p. {page:3d}")
    print(f"largest difference: {worst:.1f}%")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", nargs="?", default=".", type=Path)
    parser.add_argument("--donor", action="append", default=[])
    args = parser.parse_args()
    return compare(args.workspace.resolve(), args.donor)


if __name__ == "__main__":
    sys.exit(main())
