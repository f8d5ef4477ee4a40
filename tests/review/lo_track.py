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
tracked change. "author" may differ from one entry to the next; without it an entry is by DEFAULT_AUTHOR.
Searches run on the document as edited so far and also see text an earlier edit deleted (still present as
tracked deletion), so give each "find" text that occurs only where it is meant.

The script starts its own LibreOffice (soffice, found on PATH) with a private, temporary user profile, listening
on a private pipe; it loads IN.docx hidden, turns on recording of changes, applies the entries, stores OUT.docx
with the filter "MS Word 2007 XML", closes the document and terminates LibreOffice, which it waits for (and kills,
with its process group, if it hangs). A run takes a few seconds.

Exit status: 0 done; 2 the text of an entry ("find" or "on") was not found, with one line on stderr naming it and
no OUT.docx written; 1 any other error (bad arguments or EDITS.json, LibreOffice failing to start or to save).

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
            stderr=subprocess.PIPE,
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
                    err = self.proc.stderr.read().decode(errors="replace").strip() if self.proc.stderr else ""
                    raise Failure(f"soffice exited with status {self.proc.returncode} before accepting: {err}") from exc
                if time.monotonic() > deadline:
                    raise Failure(f"soffice did not accept a UNO connection within {CONNECT_TIMEOUT:.0f}s") from exc
                time.sleep(0.1)
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)

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
        if self.proc.stderr:
            self.proc.stderr.close()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


def find_first(doc, text: str):
    """The first range of the body holding `text` literally, or Failure with status 2."""
    desc = doc.createSearchDescriptor()
    desc.SearchString = text
    desc.SearchCaseSensitive = True
    desc.SearchRegularExpression = False
    desc.SearchWords = False
    found = doc.findFirst(desc)
    if found is None:
        raise Failure(f"text not found: {json.dumps(text, ensure_ascii=False)}", status=2)
    return found


def apply(office: Office, doc, edits: list[dict[str, str]]) -> None:
    """Makes the edits and adds the comments, in the order given.

    Writer in a nogui build aborts (a .ui file it lacks) when a view is to show a comment, and its search finds
    nothing without a view: the edits are made, and the comments' ranges found, while the hidden view exists;
    the comments are inserted after the view has been taken off the document.
    """
    doc.RecordChanges = True
    comments = []
    for edit in edits:
        if "find" in edit:
            office.set_author(edit["author"])  # read by Writer when it records the change
            find_first(doc, edit["find"]).setString(edit["replace"])
        else:
            comments.append((edit, find_first(doc, edit["on"])))  # a cursor: it follows later edits
    if not comments:
        return
    controller = doc.getCurrentController()
    if controller is not None:
        controller.getFrame().setComponent(None, None)  # the model stays open, without a view
    doc.RecordChanges = False  # a comment is no tracked change in Word: record only the edits
    for edit, found in comments:
        note = doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.Author = edit["author"]
        note.Initials = initials(edit["author"])
        note.Content = edit["comment"]
        note.DateTimeValue = now_struct(office.uno)
        found.getText().insertTextContent(found, note, True)  # absorb: the comment spans the found text
    doc.RecordChanges = True


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
        frame_props = (office.prop("Hidden", True),)
        doc = office.desktop.loadComponentFromURL(work_in.as_uri(), "_blank", 0, frame_props)
        if doc is None:
            raise Failure(f"LibreOffice could not open {src}")
        try:
            apply(office, doc, edits)
            store = (office.prop("FilterName", "MS Word 2007 XML"), office.prop("Overwrite", True))
            doc.storeToURL(work_out.as_uri(), store)
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
