"""Extract the examples of the CommonMark spec into tests/data/commonmark-spec.json.

The spec text ships in the `commonmark` package's source distribution on PyPI:

    pip download --no-deps --no-binary :all: commonmark==0.9.2 -d /tmp/cm
    python tests/data/extract_commonmark_examples.py /tmp/cm/commonmark-0.9.2.tar.gz

The argument may be the .tar.gz itself (its `*/spec.txt` member is read) or an unpacked spec.txt.
An example in spec.txt is a block fenced by a line of 32 backticks followed by " example" and a
line of 32 backticks; inside it a line holding a single "." separates the Markdown from the
expected HTML, and "→" stands for a tab. Each example is numbered from 1 in document order and
named after the heading (of any level) it appears under.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tarfile
from pathlib import Path

FENCE = "`" * 32
OPEN = FENCE + " example"
END_OF_TESTS = "<!-- END TESTS -->"
HEADING = re.compile(r"#{1,6} +(.*?)\s*$")
FRONT_MATTER_FIELD = re.compile(r"^(\w+):\s*(.*?)\s*$")
DEFAULT_OUTPUT = Path(__file__).with_name("commonmark-spec.json")


def read_spec(source: Path) -> bytes:
    """The bytes of spec.txt, from the file itself or from a source tarball holding it."""
    if source.name.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(source) as archive:
            members = [m for m in archive.getmembers() if m.isfile() and m.name.endswith("/spec.txt")]
            if len(members) != 1:
                raise SystemExit(f"{source}: expected one */spec.txt member, found {len(members)}")
            return archive.extractfile(members[0]).read()
    return source.read_bytes()


def front_matter(lines: list[str]) -> dict[str, str]:
    """The simple `key: value` fields of the YAML block between the leading '---' and '...'."""
    fields: dict[str, str] = {}
    if not lines or lines[0] != "---":
        return fields
    for line in lines[1:]:
        if line in ("...", "---"):
            break
        match = FRONT_MATTER_FIELD.match(line)
        if match:
            fields[match.group(1)] = match.group(2).strip("'\"")
    return fields


def extract(text: str) -> list[dict]:
    """The examples of spec text `text`, in order."""
    examples: list[dict] = []
    section = ""
    state = "prose"  # prose -> markdown -> html -> prose
    markdown: list[str] = []
    html: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if state == "prose":
            if line.strip() == END_OF_TESTS:
                break
            if line == OPEN:
                state, markdown, html, start = "markdown", [], [], number
                continue
            heading = HEADING.match(line)
            if heading:
                section = heading.group(1)
        elif state == "markdown":
            if line == ".":
                state = "html"
            else:
                markdown.append(line)
        elif state == "html":
            if line == FENCE:
                examples.append(
                    {
                        "example": len(examples) + 1,
                        "section": section,
                        "start_line": start,
                        "end_line": number,
                        "markdown": "".join(l + "\n" for l in markdown).replace("→", "\t"),
                        "html": "".join(l + "\n" for l in html).replace("→", "\t"),
                    }
                )
                state = "prose"
            else:
                html.append(line)
    if state != "prose":
        raise SystemExit(f"unterminated example starting at line {start}")
    return examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="commonmark-X.tar.gz or spec.txt")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    raw = read_spec(args.source)
    text = raw.decode("utf-8")
    meta = front_matter(text.split("\n"))
    examples = extract(text)
    document = {
        "title": meta.get("title", ""),
        "version": meta.get("version", ""),
        "date": meta.get("date", ""),
        "author": meta.get("author", ""),
        "license": "CC-BY-SA 4.0 (http://creativecommons.org/licenses/by-sa/4.0/)",
        "source": f"spec.txt from {args.source.name}",
        "spec_sha256": hashlib.sha256(raw).hexdigest(),
        "examples": examples,
    }
    args.output.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(examples)} examples of spec {document['version']} written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
