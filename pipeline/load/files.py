"""Read a user's file safely: the one place every Markdown, YAML and image file is opened.

A file is refused, with a reason a person can act on, when it is a link to
somewhere outside the workbench (a contribution must not be able to pull in
~/.ssh or another project), when it is not an ordinary file (a folder named
q1.md, a pipe, a device: opening a pipe would wait forever), or when it is too
large to be what it claims. Everything is checked with stat before opening.

Text is then decoded as UTF-8, line endings made \\n, and control characters
dealt with: the two Word leaves behind (vertical tab, form feed) become spaces
with a warning; any other is an error, because it is invisible and can hide or
split a word (a name among them) from every later check.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from pipeline.errors import Problem

TEXT_LIMIT = 5 * 1024 * 1024  # Markdown and YAML
IMAGE_LIMIT = 20 * 1024 * 1024
# Not every system has these; where missing, the stat checks before opening still hold.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_HARMLESS = "\x0b\x0c"  # vertical tab and form feed: Word's line and page breaks
# C0 controls but tab and newline (CR is already a newline), DEL, and C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MAX_REPORTED = 20  # per file and kind, so a file full of them does not bury every other message
_CONTROL_FIX = "delete it; it is invisible in most editors, so retype the word around it"


class Refused(Exception):
    """Why a file was not read. `why` follows a subject: "this" or "the image 'x.png'"."""

    def __init__(self, code: str, why: str, fix: str) -> None:
        super().__init__(why)
        self.code, self.why, self.fix = code, why, fix


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not an ordinary file"


def _check_mode(mode: int, size: int, limit: int, suffix: str) -> None:
    if not stat.S_ISREG(mode):
        kind = _kind(mode)
        fix = (
            f"rename the folder so its name does not end in {suffix}"
            if stat.S_ISDIR(mode) and suffix
            else "remove it and put an ordinary file in its place"
        )
        raise Refused("file.not-regular", f"is {kind}, not a file", fix)
    if size > limit:
        raise Refused(
            "file.too-large",
            f"is {_megabytes(size)}; files over {_megabytes(limit)} are not read",
            "make it smaller: split a long text into several contributions, or save a picture at a lower resolution",
        )


def read_bytes(path: Path, *, limit: int, root: Path | None = None) -> bytes:
    """The bytes of `path`, or `Refused`. With `root`, its real path must lie inside `root`."""
    try:
        real = path.resolve(strict=True)
        if root is not None and not real.is_relative_to(root.resolve()):
            raise Refused(
                "file.symlink-outside",
                "is a link to a file outside the workbench",
                "copy the file into the workbench instead of linking to it",
            )
        before = os.stat(real)
        _check_mode(before.st_mode, before.st_size, limit, path.suffix)
        # Checked again on the open file: it may have been swapped for a pipe or a link since.
        fd = os.open(real, _OPEN_FLAGS)
    except FileNotFoundError:
        raise Refused("file.missing", "does not exist", "check the file name") from None
    except RuntimeError:  # Python 3.11's word for a loop of links
        raise Refused("file.not-regular", "is a link that leads nowhere", "replace the link with the file") from None
    except OSError as exc:  # a loop of links (ELOOP), no permission, ...
        why = f"could not be opened ({exc.strerror or exc})"
        raise Refused("file.unreadable", why, "check that it is an ordinary file you may read") from None
    with os.fdopen(fd, "rb") as f:
        now = os.fstat(f.fileno())
        _check_mode(now.st_mode, now.st_size, limit, path.suffix)
        data = f.read(limit + 1)
    _check_mode(stat.S_IFREG, len(data), limit, path.suffix)
    return data


def read_text(
    path: Path, shown: str, *, root: Path | None = None, limit: int = TEXT_LIMIT
) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file; `shown` names it in messages, `root` is the folder it must lie in.

    Returns (None, problems) when it could not be read at all, else the text and any
    problems in it (control characters), which the caller must report: some are errors.
    """
    try:
        raw = read_bytes(path, limit=limit, root=root)
    except Refused as why:
        return None, [Problem(shown, None, f"this {why.why}", why.fix, code=why.code)]
    return decode_text(raw, shown)


def decode_text(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (a byte-order mark is accepted) with \\n line ends and control characters dealt with."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                "this file is not UTF-8 text",
                "save it again as UTF-8 (in Word: Save As, Plain Text, Unicode (UTF-8); "
                "in most editors: Encoding, UTF-8)",
                code="text.not-utf8",
            )
        ]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not CONTROL.search(text):
        return text, []
    return CONTROL.sub(" ", text), _control_problems(text, shown)


def _control_problems(text: str, shown: str) -> list[Problem]:
    """A problem for each control character (each became a space, so no line moved), a few of each kind at most."""
    shown_each: dict[bool, list[Problem]] = {True: [], False: []}
    counts = {True: 0, False: 0}
    for match in CONTROL.finditer(text):
        char, at = match.group(), match.start()
        harmless = char in _HARMLESS
        counts[harmless] += 1
        if counts[harmless] > _MAX_REPORTED:
            continue
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        code = f"U+{ord(char):04X}"
        if harmless:
            what = "vertical tab" if char == "\x0b" else "form feed"
            message = f"a {what} ({code}), as Word leaves, was read as a space"
            fix = "nothing to do; delete it to silence this"
            shown_each[True].append(
                Problem(shown, line, message, fix, "warning", column, "text.normalised", end_column=column + 1)
            )
        else:
            message = f"an invisible control character ({code})"
            problem = Problem(
                shown, line, message, _CONTROL_FIX, "error", column, "text.control-character", end_column=column + 1
            )
            shown_each[False].append(problem)
    if counts[True] > _MAX_REPORTED:
        more = f"{counts[True] - _MAX_REPORTED} more vertical tabs or form feeds were read as spaces"
        shown_each[True].append(Problem(shown, None, more, "", "warning", code="text.normalised"))
    if counts[False] > _MAX_REPORTED:
        more = f"{counts[False] - _MAX_REPORTED} more invisible control characters"
        shown_each[False].append(Problem(shown, None, more, _CONTROL_FIX, "error", code="text.control-character"))
    return shown_each[False] + shown_each[True]
