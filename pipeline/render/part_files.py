"""The temporary file a single-file write (write.write_atomic) fills before it renames it into place, the
private folder a file on its way in waits in, and the removal of those a killed process left.

A command that edits a file in the workbench (a consent, a contribution, an approval of thousands) writes
`.<name>.<host>-<pid>-<random>.part` beside it, flushes it and renames it over `<name>`. A SIGKILL, the
out-of-memory killer or a power cut between the two leaves that hidden copy, a whole copy of the file (a
person's words, their consent record), for ever: no one can see it in Explorer or Finder to remove it.

The next write into that folder removes the part files whose writer is gone: those named with this
computer's `host` (a hash of its name: a computer's name often holds its owner's) and a process id that no
longer runs. A part file of a running process (another command, `serve`) is left alone, and so is one from
another computer sharing the folder (a synced folder), whose processes cannot be asked, and anything not
named exactly this way, such as a browser's half-downloaded `report.pdf.part`: only this program's own
temporary copies are removed, never a file a person made.

An upload or a reviewed Word copy waits in `coproduce-<kind>-<host>-<pid>-<random>` in the system's folder
for temporary files (`staging`), removed when it has been taken in. One a killed `serve` left, a volunteer's
document, would stay there until the computer restarts: the next such folder made removes those of this
computer and this user whose process no longer runs. On Windows none is removed: a process cannot be
asked whether it runs there without a call this module does not make (os.kill would stop it).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import re
import shutil
import tempfile
from pathlib import Path

HOST = hashlib.sha256(platform.node().encode("utf-8", "surrogateescape")).hexdigest()[:8]
_OURS = re.compile(r"\..+\.(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})-[a-z0-9_]+\.part")
_STAGING = re.compile(r"coproduce-[a-z]+-(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})-[a-z0-9_]+")


def make(path: Path) -> tuple[int, str]:
    """A new part file beside `path`, open for writing: (descriptor, its path)."""
    return tempfile.mkstemp(prefix=f".{path.name}.{HOST}-{os.getpid()}-", suffix=".part", dir=path.parent)


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # on Windows, os.kill(pid, 0) would press Ctrl-C on it
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether it exists
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process (or a number the system will not ask about): not ours to judge
    return True


def sweep(folder: Path) -> list[str]:
    """Remove the part files in `folder` that a process of this computer, no longer running, left; their names."""
    removed: list[str] = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(".") and entry.name.endswith(".part")):
                continue
            found = _OURS.fullmatch(entry.name)
            if found is None or found["host"] != HOST or _running(int(found["pid"])):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return removed


def staging(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A private folder (0o700) in the system's folder for temporary files, for a file on its way in (`kind`:
    upload, review); first removes those of this computer and user that a process no longer running left."""
    with contextlib.suppress(OSError), os.scandir(tempfile.gettempdir()) as entries:
        for entry in entries:
            found = _STAGING.fullmatch(entry.name)
            if found is None or found["host"] != HOST or _running(int(found["pid"])):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_uid == os.getuid():
                    shutil.rmtree(entry.path, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"coproduce-{kind}-{HOST}-{os.getpid()}-")
