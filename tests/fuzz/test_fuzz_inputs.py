"""Property tests of the input families that once crashed a build: names (titles, authors, ids), workplan
dates, bytes under an image's name, damaged reference documents and chart labels. Each example either builds
a Word file python-docx opens or fails with located diagnostics and writes nothing, in `check` as in
`build`; never an unhandled exception.

Each family runs a fraction of the profile's examples (`dev`: 5-12, `ci`: 25-60; a build in-process takes
a fraction of a second, a chart's more), which keeps all five under a minute in CI; `explore` runs as many
as `ci` with a random seed.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit import pipeline
from proposalkit.commands.init import create_workspace

from .test_fuzz_build import DIAGNOSTIC, check_outcome

P = "templates/proposal.yaml"
D = "templates/donors/example-donor.yaml"
S = "templates/sections/summary.md.j2"
CSV = "evidence/data/activities.csv"
E = "evidence/pilot-training.md"
FULL = settings().max_examples >= 500  # the ci and explore profiles


def examples(n: int):
    """`n` examples under ci and explore, a fifth of them (at least 3) in a contributor's default run."""
    return settings(max_examples=n if FULL else max(3, n // 5))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-inputs") / "ws"
    create_workspace(root)
    return root


def outcome(root: Path, out: Path) -> None:
    """`check` and `build` of `root`: located diagnostics or a document, never an exception."""
    for line in pipeline.check(root, jobs=1).lines():
        assert DIAGNOSTIC.match(line), line
    check_outcome(pipeline.build(root, out=out, jobs=1, toc_pages="estimate"), out)


class Edited:
    """The files of the module's workspace changed for one example, and put back after it."""

    def __init__(self, root: Path, out: Path):
        self.root, self.out, self.saved = root, out, {}

    def write(self, rel: str, data: bytes | str) -> None:
        path = self.root / rel
        if rel not in self.saved:
            self.saved[rel] = path.read_bytes() if path.exists() else None
        path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        for rel, data in self.saved.items():
            if data is None:
                (self.root / rel).unlink()
            else:
                (self.root / rel).write_bytes(data)
        shutil.rmtree(self.out, ignore_errors=True)


def edited(base: Path, factory) -> Edited:
    return Edited(base, factory.mktemp("out"))


def starter(base: Path, rel: str) -> str:
    return (base / rel).read_text(encoding="utf-8")


# -- names ---------------------------------------------------------------------------------------------

pieces = st.sampled_from(list("abcXYZ019 -_.,:;'\"\\/$^{}[]()#*`~<>&%@!?\t") + ["绿色", "é", "\u200b", "\x00", "\x85"])


def joined(alphabet, min_size: int = 0, max_size: int = 40):
    return st.lists(alphabet, min_size=min_size, max_size=max_size).map("".join)


letters = joined(pieces, max_size=40)
name = st.one_of(
    letters,
    st.tuples(joined(pieces, 1, 8), st.integers(1, 800)).map(lambda t: t[0] * t[1]),
    st.characters(codec="utf-8", exclude_categories=["Cs"]).map(lambda c: c * 300),
)
identifier = st.one_of(
    st.just("skills-for-green-jobs"), st.from_regex(r"[a-z0-9][a-z0-9-]{0,300}", fullmatch=True), name
)


def _dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=10**9).removesuffix("\n...\n").strip()


@examples(60)
@given(title=name, organisation=name, donor=name, section=name, author=name, item=name, slug=identifier)
def test_any_names_build_or_are_located(
    base, tmp_path_factory, title, organisation, donor, section, author, item, slug
):
    with edited(base, tmp_path_factory) as files:
        proposal = starter(base, P)
        for old, new in (
            ("title: Skills for Green Jobs", f"title: {_dump(title)}"),
            ("organisation: Example Organisation", f"organisation: {_dump(organisation)}"),
            ("title: Summary", f"title: {_dump(section)}"),
            ("slug: skills-for-green-jobs", f"slug: {_dump(slug)}"),
        ):
            proposal = proposal.replace(old, new, 1)
        files.write(P, proposal + f"review_author: {_dump(author)}\n")
        files.write(D, starter(base, D).replace("name: Example Foundation", f"name: {_dump(donor)}", 1))
        sources = f"sources:\n  - title: {_dump(item)}\n    author: {_dump(author)}\n    date: 2020-01-01\n"
        files.write(E, starter(base, E).replace("title: ", f"{sources}title: {_dump(item)} ", 1))
        outcome(base, files.out)


# -- workplan dates ------------------------------------------------------------------------------------

day = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["", "0001-01-01", "9999-12-31", "0000-01-01", "2025-02-30", "2025-13-01", "10000-01-01"]),
    st.text(st.sampled_from(list("0123456789-/ T:")), max_size=12),
)
row = st.tuples(joined(pieces, max_size=15), day, day)


@examples(50)
@given(rows=st.lists(row, max_size=6), grouped=st.booleans())
def test_any_workplan_dates_build_or_are_located(base, tmp_path_factory, rows, grouped):
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    lines = ["activity,start,end,component"]
    lines += [",".join((cell(label), start, end, cell(label[:3]))) for label, start, end in rows]
    with edited(base, tmp_path_factory) as files:
        files.write(CSV, "\n".join(lines) + "\n")
        group = ", group='component'" if grouped else ""
        files.write(S, starter(base, S) + "\n{{ gantt(tables.activities, title='Plan'" + group + ") }}\n")
        outcome(base, files.out)


# -- images --------------------------------------------------------------------------------------------


def _good_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(buffer, "PNG")
    return buffer.getvalue()


GOOD = _good_png()
mutated_png = st.tuples(
    st.integers(0, len(GOOD)), st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), max_size=4)
).map(lambda t: bytes(dict(t[1]).get(i, b) for i, b in enumerate(GOOD))[: t[0]])
image_bytes = st.one_of(
    st.binary(max_size=200), mutated_png, st.just(b""), st.sampled_from([b"<svg>", b"GIF89a\x01\x00", b"\xff\xd8\xff"])
)


@examples(50)
@given(data=image_bytes, suffix=st.sampled_from([".png", ".jpg", ".gif", ".svg", ".bmp", ".tif"]))
def test_any_bytes_under_an_image_name_build(base, tmp_path_factory, data, suffix):
    with edited(base, tmp_path_factory) as files:
        files.write(f"evidence/fuzzed{suffix}", data)
        files.write(S, starter(base, S) + f"\n![A fuzzed picture](evidence/fuzzed{suffix})\n")
        outcome(base, files.out)
        (built,) = files.out.glob("*.docx")  # an image never stops a build: embedded, or its alt text
        text = "\n".join(p.text for p in docx.Document(str(built)).paragraphs)
        with zipfile.ZipFile(built) as package:
            embedded = any(n.startswith("word/media/") for n in package.namelist())
        assert embedded or "A fuzzed picture" in text


# -- reference documents -------------------------------------------------------------------------------


def _reference() -> dict[str, bytes]:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {n: package.read(n) for n in package.namelist()}


PARTS = _reference()
NAMES = sorted(PARTS)
change = st.one_of(
    st.tuples(st.just("drop"), st.sampled_from(NAMES), st.just(b"")),
    st.tuples(st.just("replace"), st.sampled_from(NAMES), st.binary(max_size=60)),
    st.tuples(st.just("cut"), st.sampled_from(NAMES), st.integers(0, 400).map(lambda n: n.to_bytes(2, "big"))),
)


def _package(changes, flips, cut) -> bytes:
    parts = dict(PARTS)
    for how, part, data in changes:
        if how == "drop":
            parts.pop(part, None)
        elif how == "replace":
            parts[part] = data
        elif part in parts:
            parts[part] = parts[part][: int.from_bytes(data, "big")]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for part, data in parts.items():
            package.writestr(part, data)
    raw = bytearray(buffer.getvalue())
    for at, value in flips:
        raw[at % len(raw)] = value
    return bytes(raw[:cut]) if cut is not None else bytes(raw)


@examples(60)
@given(
    changes=st.lists(change, max_size=2),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=3),
    cut=st.one_of(st.none(), st.integers(0, 20_000)),
)
def test_any_damaged_reference_document_builds_or_is_located(base, tmp_path_factory, changes, flips, cut):
    with edited(base, tmp_path_factory) as files:
        files.write("templates/fuzzed.docx", _package(changes, flips, cut))
        files.write(D, starter(base, D) + "reference_docx: fuzzed.docx\n")
        outcome(base, files.out)


# -- chart labels --------------------------------------------------------------------------------------

label = joined(st.sampled_from(list("$$$\\^_{}ab 1%#&~") + ["\\frac", "\\alpha", "$x$", "\\$", "\u2212"]), max_size=25)


def _jinja_literal(text: str) -> str:
    """`text` as a Jinja string literal (escapes as Python's unicode-escape reads them)."""
    return "'" + "".join(f"\\U{ord(c):08x}" for c in text) + "'"


@examples(25)
@given(labels=st.lists(label, min_size=1, max_size=4), title=label)
def test_any_chart_labels_print_literally(base, tmp_path_factory, labels, title):
    rows = ["activity,start,end,component"] + [
        f'"{text.replace(chr(34), chr(34) * 2)}",2025-0{n % 9 + 1}-01,2025-10-01,"{text[:2]}"'
        for n, text in enumerate(labels)
    ]
    with edited(base, tmp_path_factory) as files:
        files.write(CSV, "\n".join(rows) + "\n")
        call = f"gantt(tables.activities, title={_jinja_literal(title)}, group='component')"
        files.write(S, starter(base, S) + "\n{{ " + call + " }}\n")
        outcome(base, files.out)
        built = list(files.out.glob("*.docx"))
        if built:
            with zipfile.ZipFile(built[0]) as package:
                svg = "".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".svg"))
            for text in labels:
                words = text.split()
                assert all(word.replace("&", "&amp;") in svg for word in words if "-" not in word), (text, words)
