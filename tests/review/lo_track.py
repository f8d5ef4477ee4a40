"""Make tracked edits and comments in a .docx with LibreOffice Writer (headless, over UNO): a test-input generator.

Usage:

    /usr/bin/python3 lo_track.py IN.docx OUT.docx EDITS.json

EDITS.json is a list, applied in order, of

    {"find": "exact text in one paragraph", "replace": "new text", "author": "Li Wei"}
    {"comment": "text of a comment", "on": "exact text to anchor it to", "author": "Li Wei"}

Each "find" replaces the first match only (case-sensitive, literal) as a tracked change: the saved file holds a
w:del of the old text and a w:ins of the new one, both with w:author = the edit's author. An empty "replace" is
a tracked deletion. Each "comment" becomes a Writer annotation spanning the first match of "on" and is saved as a
Word comment (word/comments.xml, commentRangeStart/commentRangeEnd around the text); adding it is not itself a
tracked change. "author" may differ from one entry to the next (the user name of LibreOffice's profile, set
before each edit); without it an entry is by DEFAULT_AUTHOR. Searches cover the body's paragraphs and table
cells of the document as edited so far: a text to find must lie in one paragraph and must not run across
deleted text (an earlier edit's or IN.docx's tracked deletions), a comment's anchor, a field or a footnote.

The script starts its own LibreOffice (soffice, found on PATH) with a private, temporary user profile, listening
on a private pipe; it loads a copy of IN.docx as a document without a view (no window, no lock file beside
IN.docx), turns on recording of changes, applies the entries, stores OUT.docx with the filter
"MS Word 2007 XML", closes the document and terminates LibreOffice, which it waits for (and kills, with its
process group, if it hangs). A run takes about 3 seconds.

Why no view and no search descriptor: with a view, LibreOffice from libreoffice-writer-nogui aborts as soon as
a comment is to be shown (the comment window's .ui files are not in that package), and Writer's findFirst finds
nothing without a view (it needs the layout); so the text is found through the paragraphs' text portions.

Exit status: 0 done; 2 the text of an entry ("find" or "on") was not found, with one line on stderr naming it and
no OUT.docx written; 1 any other error (bad arguments or EDITS.json, LibreOffice failing to start or to save;
LO_TRACK_DEBUG=1 in the environment shows the traceback of an unexpected one).

Needs (Debian): libreoffice-writer-nogui (or libreoffice-writer) and python3-uno, the UNO bindings for Debian's
own Python:

    apt-get install -y --no-install-recommends libreoffice-writer-nogui python3-uno

Run it with the interpreter that has `import uno`, Debian's /usr/bin/python3, with no third-party packages.
Started by another Python (a virtualenv's or pyenv's) where `import uno` fails, it re-executes itself under
/usr/bin/python3, or under $LO_TRACK_PYTHON if that is set.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

DEFAULT_AUTHOR = "lo_track"
SOFFICE_NAMES = ("soffice", "libreoffice")
CONNECT_TIMEOUT = 40.0  # seconds for soffice to start (a fresh profile is created first) and accept the pipe
EXIT_TIMEOUT = 15.0  # seconds for soffice to quit after terminate() before its process group is killed
_REEXEC_GUARD = "LO_TRACK_REEXEC"


class Failure(Exception):
    """An error that ends the run with `status` and a one-line message."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def _import_uno():
    """The uno module; re-executes this script under a Python that has it when this one does not."""
    try:
        import uno
    except ImportError:
        pass
    else:
        return uno
    candidates = [os.environ.get("LO_TRACK_PYTHON", ""), "/usr/bin/python3"]
    if not os.environ.get(_REEXEC_GUARD):
        here = os.path.realpath(sys.executable)
        for python in candidates:
            if python and os.access(python, os.X_OK) and os.path.realpath(python) != here:
                env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
                env[_REEXEC_GUARD] = "1"
                sys.stdout.flush()
                sys.stderr.flush()
                os.execve(python, [python, os.path.abspath(__file__), *sys.argv[1:]], env)
    raise Failure(
        f"the Python UNO bindings are missing ({sys.executable} cannot `import uno`): "
        "apt-get install python3-uno and run this script with /usr/bin/python3"
    )


def read_edits(path: Path) -> list[dict[str, str]]:
    """The entries of EDITS.json, checked; each gets "author"."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Failure(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, list):
        raise Failure(f"{path}: expected a JSON list of edits")
    edits = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise Failure(f"{path}: entry {i} is not an object")
        if "find" in item:
            keys = ("find", "replace")
        elif "comment" in item:
            keys = ("comment", "on")
        else:
            raise Failure(f"{path}: entry {i} has neither 'find' nor 'comment'")
        entry = {"author": item.get("author", DEFAULT_AUTHOR)}
        for key in (*keys, "author"):
            value = entry["author"] if key == "author" else item.get(key)
            if not isinstance(value, str):
                raise Failure(f"{path}: entry {i}: {key!r} must be a string")
            entry[key] = value
        searched = "find" if "find" in entry else "on"
        if not entry[searched]:
            raise Failure(f"{path}: entry {i}: {searched!r} must not be empty")
        unknown = set(item) - {*keys, "author"}
        if unknown:
            raise Failure(f"{path}: entry {i}: unknown keys {sorted(unknown)}")
        edits.append(entry)
    return edits


def find_soffice() -> str:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise Failure("LibreOffice's soffice was not found on PATH (apt-get install libreoffice-writer-nogui)")


class Office:
    """A private soffice process and the UNO desktop of it; a context manager that always ends the process."""

    def __init__(self, uno) -> None:
        self.uno = uno
        self.workdir = Path(tempfile.mkdtemp(prefix="lo_track_"))
        self.profile = self.workdir / "profile"
        self.log = open(self.workdir / "soffice.log", "wb")  # noqa: SIM115 (soffice's stderr; closed in __exit__)
        self.pipe = f"lo_track_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        self.proc: subprocess.Popen | None = None
        self.ctx = None
        self.desktop = None

    def __enter__(self) -> Office:
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        args = [
            find_soffice(),
            f"-env:UserInstallation={self.profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "--nofirststartwizard",
            f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
        ]
        # Its own session and process group: soffice is a script that runs oosplash, which runs soffice.bin;
        # the group lets a hung instance be killed whole.
        env = dict(os.environ, TMPDIR=str(self.workdir))  # its lu*.tmp folders go with the work folder
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            env=env,
            start_new_session=True,
        )
        local = self.uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            try:
                self.ctx = resolver.resolve(url)
                break
            except Exception as exc:  # NoConnectException until soffice listens
                if self.proc.poll() is not None:
                    err = self.messages()
                    raise Failure(f"soffice exited with status {self.proc.returncode} before accepting: {err}") from exc
                if time.monotonic() > deadline:
                    raise Failure(f"soffice did not accept a UNO connection within {CONNECT_TIMEOUT:.0f}s") from exc
                time.sleep(0.1)
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)

    def raise_if_dead(self, exc: Exception) -> None:
        """Failure naming soffice's exit status and last message when it has died (the UNO error is then only
        "Binary URP bridge already disposed" or the like)."""
        time.sleep(0.2)
        if self.proc is not None and self.proc.poll() is not None:
            err = self.messages()
            raise Failure(f"soffice died with status {self.proc.returncode}: {err}") from exc

    def messages(self) -> str:
        """The first line soffice wrote to stderr, bar the usual warning about Java."""
        self.log.flush()
        text = (self.workdir / "soffice.log").read_text(encoding="utf-8", errors="replace")
        lines = [l.strip() for l in text.splitlines() if l.strip() and "javaldx" not in l]
        return lines[0] if lines else "no message"

    def prop(self, name: str, value):
        return self.uno.createUnoStruct("com.sun.star.beans.PropertyValue", Name=name, Value=value)

    def set_author(self, author: str) -> None:
        """The user name LibreOffice records tracked changes under (Tools > Options > User Data)."""
        provider = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", self.ctx
        )
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (self.prop("nodepath", "/org.openoffice.UserProfile/Data"),),
        )
        # The full name is given name + " " + surname, trimmed; the whole name as given name keeps it exact.
        access.setPropertyValue("givenname", author)
        access.setPropertyValue("sn", "")
        access.setPropertyValue("initials", initials(author))
        access.commitChanges()

    def __exit__(self, *exc_info) -> None:
        try:
            if self.desktop is not None:
                with contextlib.suppress(Exception):  # the bridge is disposed as soffice quits
                    self.desktop.terminate()
            if self.proc is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=EXIT_TIMEOUT if self.desktop is not None else 0.5)
                self._end_group()
                self._remove_pipes()
        finally:
            self.log.close()
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _remove_pipes(self) -> None:
        """Removes the socket files of soffice's pipes, which it leaves behind when it dies (it removes them
        itself when it quits): ours, and its single-instance pipe named by the MD5 of the profile's URL."""
        digest = hashlib.md5(self.profile.as_uri().encode("utf-16-le")).digest()
        ipc = "SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)  # soffice writes no leading zeros
        for folder in ("/tmp", "/var/tmp"):
            for name in (self.pipe, ipc):
                with contextlib.suppress(OSError):
                    os.unlink(f"{folder}/OSL_PIPE_{os.getuid()}_{name}")

    def _end_group(self) -> None:
        """Ends whatever of soffice's process group is still alive (normally nothing: it has quit)."""
        assert self.proc is not None
        pgid = self.proc.pid  # start_new_session: the group's id is the first process's id
        for sig in (None, signal.SIGTERM, signal.SIGKILL):
            if sig is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pgid, sig)
            deadline = time.monotonic() + (2.0 if sig is None else 5.0)
            while (self.proc.poll() is None or _group_alive(pgid)) and time.monotonic() < deadline:
                time.sleep(0.05)
            if self.proc.poll() is not None and not _group_alive(pgid):
                break


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group `pgid` is still running. Zombies do not count: soffice runs gpg and
    gpgconf, which linger as zombies until init reaps them."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        entries = []
    if not entries:  # no /proc: ask the kernel, zombies included
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, pgrp = fields[0], fields[2]  # after "pid (comm)": state, ppid, pgrp
        if pgrp == str(pgid) and state not in ("Z", "X"):
            return True
    return False


def initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word)[:8]


def now_struct(uno):
    t = datetime.now()
    return uno.createUnoStruct(
        "com.sun.star.util.DateTime",
        Year=t.year,
        Month=t.month,
        Day=t.day,
        Hours=t.hour,
        Minutes=t.minute,
        Seconds=t.second,
        NanoSeconds=0,
        IsUTC=False,
    )


# Text portions that take no place in the text: a match may run across them. Any other portion but "Text" (a
# field, a comment's anchor, a footnote, a frame) ends a stretch of text that a match must lie in.
ZERO_WIDTH_PORTIONS = {"Redline", "Bookmark", "SoftPageBreak"}


def find_first(doc, needle: str):
    """A text cursor selecting the first occurrence of `needle` (literal, case-sensitive) in the body's
    paragraphs and its tables' cells, within one paragraph and outside tracked deletions; or Failure with
    status 2.

    Writer's own search (a search descriptor and findFirst) needs the document's layout, which exists only with
    a view, and a nogui build cannot have a view of a document with comments (see load_model): the paragraphs'
    text portions are searched instead."""
    for para in _paragraphs(doc.getText()):
        if needle not in para.getString():  # cheap test: the paragraph's text, deleted text included
            continue
        found = _find_in_paragraph(para, needle)
        if found is not None:
            return found
    raise Failure(f"text not found: {json.dumps(text_for_message(needle), ensure_ascii=False)}", status=2)


def text_for_message(text: str) -> str:
    return text if len(text) <= 200 else text[:200] + "…"


def _paragraphs(text):
    for element in _elements(text):
        if element.supportsService("com.sun.star.text.Paragraph"):
            yield element
        elif element.supportsService("com.sun.star.text.TextTable"):
            for name in element.getCellNames():
                yield from _paragraphs(element.getCellByName(name))


def _find_in_paragraph(para, needle: str):
    # Stretches of adjacent, undeleted "Text" portions; each is a list of (portion, its text).
    stretches: list[list[tuple[object, str]]] = [[]]
    deleted = False
    for portion in _elements(para):
        kind = portion.TextPortionType
        if kind == "Redline" and portion.RedlineType == "Delete" and not portion.IsCollapsed:
            deleted = portion.IsStart
            stretches.append([])
        elif kind == "Text" and not deleted:
            stretches[-1].append((portion, portion.getString()))
        elif kind not in ZERO_WIDTH_PORTIONS:  # deleted text too
            stretches.append([])
    for stretch in stretches:
        joined = "".join(string for _, string in stretch)
        at = joined.find(needle)
        if at < 0:
            continue
        text = para.getText()
        cursor = _cursor_at(text, stretch, at)
        cursor.gotoRange(_cursor_at(text, stretch, at + len(needle), end=True), True)
        return cursor
    return None


def _cursor_at(text, stretch: list[tuple[object, str]], offset: int, end: bool = False):
    """A collapsed cursor `offset` characters into the stretch; at the end of a portion rather than the start of
    the next one when `end`."""
    for portion, string in stretch:
        if offset < len(string) or (end and offset == len(string)):
            cursor = text.createTextCursorByRange(portion.getStart())
            if offset:
                cursor.goRight(offset, False)
            return cursor
        offset -= len(string)
    raise AssertionError("offset past the stretch")


def _elements(access) -> list:
    items = []
    enum = access.createEnumeration()
    while enum.hasMoreElements():
        items.append(enum.nextElement())
    return items


def apply(office: Office, doc, edits: list[dict[str, str]]) -> None:
    """Makes the edits and adds the comments, in the order given."""
    for edit in edits:
        if "find" in edit:
            office.set_author(edit["author"])  # read by Writer when it records the change
            doc.RecordChanges = True
            find_first(doc, edit["find"]).setString(edit["replace"])
        else:
            found = find_first(doc, edit["on"])
            note = doc.createInstance("com.sun.star.text.textfield.Annotation")
            note.Author = edit["author"]
            note.Initials = initials(edit["author"])
            note.Content = edit["comment"]
            note.DateTimeValue = now_struct(office.uno)
            doc.RecordChanges = False  # a comment is no tracked change in Word: record only the edits
            found.getText().insertTextContent(found, note, True)  # absorb: the comment spans the found text
    doc.RecordChanges = True  # and the saved document asks Word to go on tracking changes


def load_model(office: Office, path: Path):
    """The document at `path` as a Writer model without a view (no frame, window or layout).

    With a view, a nogui build of LibreOffice (libreoffice-writer-nogui) aborts as soon as a comment is to be
    shown: the comment's sidebar window needs modules/swriter/ui/*.ui files the package does not ship
    (std::terminate on a NoSuchElementException from the .ui loader), whether the comment was in the file or is
    added. A model loaded through XLoadable has no view."""
    doc = office.ctx.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", office.ctx)
    doc.load((office.prop("URL", path.as_uri()), office.prop("FilterName", "MS Word 2007 XML")))
    return doc


def run(src: Path, dst: Path, edits_path: Path) -> None:
    edits = read_edits(edits_path)
    if not src.is_file():
        raise Failure(f"no such file: {src}")
    uno = _import_uno()
    with Office(uno) as office:
        # Work on a copy: LibreOffice leaves no lock file beside IN.docx, and a stale one cannot block it.
        work_in = office.workdir / ("in" + src.suffix)
        work_out = office.workdir / "out.docx"
        shutil.copyfile(src, work_in)
        try:
            doc = load_model(office, work_in)
        except Exception as exc:
            office.raise_if_dead(exc)
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise Failure(f"LibreOffice could not open {src}: {first}") from exc
        try:
            apply(office, doc, edits)
            store = (office.prop("FilterName", "MS Word 2007 XML"), office.prop("Overwrite", True))
            doc.storeToURL(work_out.as_uri(), store)
        except Failure:
            raise
        except Exception as exc:
            office.raise_if_dead(exc)
            raise
        finally:
            with contextlib.suppress(Exception):
                doc.close(True)
        shutil.copyfile(work_out, dst)  # OUT.docx is written only when everything succeeded


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(f"usage: {Path(sys.argv[0]).name} IN.docx OUT.docx EDITS.json", file=sys.stderr)
        return 1
    try:
        run(Path(argv[0]), Path(argv[1]), Path(argv[2]))
    except Failure as exc:
        print(f"lo_track: {exc}", file=sys.stderr)
        return exc.status
    except Exception as exc:  # a UNO error: one line, not a traceback
        if os.environ.get("LO_TRACK_DEBUG"):
            raise
        print(f"lo_track: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
