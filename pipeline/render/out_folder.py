"""Where a build's outputs may go, and what may already be there.

A build replaces its output folder whole (render/write.py), so two rules keep
what people made safe from it:

- `refuse_unsafe_out`: `--out` may not be the workbench, a folder that holds it,
  a file at its top, or anything in `responses/`, `contributors/`, `templates/`
  or `.git/`. The path is compared as the disk will find it: links followed,
  `..` and trailing slashes resolved, letter case ignored and a name's last
  dots and spaces dropped (as the disks of Windows and macOS, where most
  workbenches live, do).
- `in_the_way`: an output folder may hold only a set an earlier build made.
  Anything else (a file of the user's, a folder where a file goes, a link)
  stops the build, named, and nothing is moved.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Collection, Iterable
from pathlib import Path

from pipeline.errors import Problem, UsageError
from pipeline.vocabulary import ID

# the folders of a workbench that hold people's work, and its history
WHAT_IS_IN = {
    "responses": "where the contributions are",
    "contributors": "where people's consent is recorded",
    "templates": "where the look is kept",
    ".git": "the workbench's history",
}
PROTECTED = tuple(WHAT_IS_IN)
# files the operating system writes into any folder it shows; not anyone's work
FOLDER_FILES = ".txt"  # what a folder of outputs holds: one file a question, named by its id
LITTER = frozenset(name.casefold() for name in (".DS_Store", "Thumbs.db", "Desktop.ini", "Icon\r"))


def _key(path: Path) -> tuple[str, ...]:
    """A path's parts as the disks of Windows and macOS compare them: letter case ignored, and
    (Windows) dots and spaces at the end of a name dropped, so `responses.` is `responses`."""
    return tuple(unicodedata.normalize("NFC", part).casefold().rstrip(". ") or part for part in path.parts)


def _within(path: tuple[str, ...], folder: tuple[str, ...]) -> bool:
    return path[: len(folder)] == folder


def refuse_unsafe_out(out_dir: Path, root: Path, response_dir: Path) -> None:
    """Raise a usage error if `out_dir` would put a build's outputs where people's work is kept."""
    try:
        real = _key(Path(os.path.abspath(out_dir)).resolve())
    except (OSError, RuntimeError):  # links that lead round in a loop (Python 3.11 raises RuntimeError)
        raise UsageError(
            f"--out {out_dir} is a link that leads round in a loop",
            "give a folder that exists, or one that can be made",
            path=str(out_dir),
            code="usage.build-out",
        ) from None
    home = Path(root).resolve()
    where = None
    if _within(_key(home), real):
        where = "the workbench itself" if _key(home) == real else "a folder that holds the workbench"
    elif _within(real, _key(Path(response_dir).resolve())):
        where = "in the response's own folder"
    elif _within(real, _key(home)):
        top = real[len(_key(home))]
        if top in PROTECTED:
            where = f"in {top}/, {WHAT_IS_IN[top]}"
        elif any(_key(Path(p.name)) == (top,) and not p.is_dir() for p in home.iterdir()):
            where = "a file of the workbench"
    if where is None:
        return
    raise UsageError(
        f"--out is {where}, and a build replaces its output folder whole",
        "leave out --out (the outputs go to build/<slug>/), or give a folder outside responses/, contributors/,"
        " templates/ and .git, like --out build/for-the-committee",
        path=str(out_dir),
        code="usage.build-out",
    )


def refuse_private_destination(out: Path, root: Path, *, why: str, example: str, code: str) -> None:
    """A private file (the hours report, a letter, a person's sheet, the year's report) goes where the user
    says, but never into the build folder, where submissions are made and sent from, nor where the workbench
    keeps people's work, nor the workbench's top folder; compared as the disk compares names (`_key`).

    `why` says why this file is private, `example` the option to suggest (`--out letters`); `code` is the caller's."""
    try:
        real = _key(Path(os.path.abspath(out)).resolve())
    except (OSError, RuntimeError):  # links that lead round in a loop
        raise UsageError(f"{out} is a link that leads round in a loop", "give another folder", code=code) from None
    home = _key(Path(root).resolve())
    if real == home:  # a folder that holds the workbench (Documents, say) is the user's own: fine
        where = "the workbench's top folder, where the workbench keeps people's work"
    elif _within(real, home) and real[len(home)] == "build":
        where = "inside the build folder, where the submissions go"
    elif _within(real, home) and real[len(home)] in PROTECTED:
        where = f"inside {real[len(home)]}/, where the workbench keeps people's work"
    else:
        return
    raise UsageError(f"this is {where}, and {why}", f"write it elsewhere, like  {example}", path=str(out), code=code)


def in_the_way(folder: Path, shown: Path, outputs: Iterable[str], replaces: Collection[str]) -> list[Problem]:
    """What in `folder` (the output folder, real path) a build may not replace, each as a problem.

    Ours: the outputs of this set and those `replaces` names (an earlier build's; `name/` for a
    folder of outputs), of the right kind (a file where a file goes, a folder of plain files where
    a folder goes), and the operating system's litter. Anything else is somebody's.
    """
    if not os.path.lexists(folder):
        return []
    if not folder.is_dir():
        return [_problem(shown, "this is a file, not a folder, so the outputs cannot go here", "a file")]
    names = {*outputs, *replaces}
    files = {n for n in names if "/" not in n}
    folders = {n.split("/")[0] for n in names if "/" in n}
    found: list[Problem] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        name, at = entry.name, shown / entry.name
        if entry.is_symlink():
            found.append(_problem(at, "a link is in the output folder; coproduce never makes one", "it"))
        elif entry.is_file(follow_symlinks=False):
            if name in folders:
                found.append(_problem(at, "a file has the name of a folder of outputs", "this file"))
            elif name not in files and name.casefold() not in LITTER and not _leftover(name, files):
                found.append(_problem(at, "this is in the output folder, but no build made it", "it"))
        elif entry.is_dir(follow_symlinks=False):
            if name in files:
                found.append(_problem(at, "a folder has the name of an output file", "this folder"))
            elif name not in folders:
                found.append(_problem(at, "this folder is in the output folder, but no build made it", "it"))
            else:
                found.extend(_foreign_inside(Path(entry.path), at))
        else:
            found.append(_problem(at, "this is in the output folder, but no build made it", "it"))
    return found


def _foreign_inside(folder: Path, shown: Path) -> list[Problem]:
    """A folder of outputs holds one plain file a question, named by its id (`q3a.txt`, render/answers_files.py);
    anything else in it (a file of someone's, a folder, a link) is not ours."""
    return [
        _problem(shown / e.name, "this is in a folder of outputs, but no build made it", "it")
        for e in sorted(os.scandir(folder), key=lambda e: e.name)
        if not e.is_file(follow_symlinks=False)
        or not (e.name.endswith(FOLDER_FILES) and ID.fullmatch(e.name[: -len(FOLDER_FILES)]))
        and e.name.casefold() not in LITTER
    ]


def _leftover(name: str, files: Collection[str]) -> bool:
    """What programs leave beside an output, none of it anyone's work: `._<output>` (macOS, on a
    disk that cannot hold a file's details), `~$<end of output>` (Word's note of who has it open;
    left behind when Word stops), `.~lock.<output>#` (LibreOffice's), and `.<output>.XXXX.part`
    (what the one-file-at-a-time writer of earlier versions of coproduce left when killed)."""
    if name.startswith("._"):
        return name[2:] in files
    if name.startswith("~$"):
        return len(name) > 2 and any(f.endswith(name[2:]) for f in files)
    if name.startswith(".~lock.") and name.endswith("#"):
        return name[len(".~lock.") : -1] in files
    return name.startswith(".") and name.endswith(".part") and any(name.startswith(f".{f}.") for f in files)


def _problem(at: Path, message: str, what: str) -> Problem:
    return Problem(
        _shown(at),
        None,
        f"{message}, and a build replaces the whole output folder",
        f"move {what} somewhere else (nothing there is deleted), or build into another folder with --out",
        code="build.in-the-way",
    )


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
