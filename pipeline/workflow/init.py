"""Make a workbench (`coproduce init`): the folders, a brand.yaml to fill in, a .gitignore and a README.

Nothing that exists is overwritten: if any file it would write is already there,
it says which and writes nothing. The look is not copied: the workbench's
templates/ holds only brand.yaml, laid key by key over coproduce's own look, so a
team changes only what it wants to (see `Workbench.template`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.render.write import write_atomic

BRAND = """\
# Your organisation's look, for the PDF, the Word file and the web page.
# Anything left out here (or left with a # in front) keeps coproduce's own look:
# take the # off a line, and its section's line above it, to change just that.
#
# Colours are six hex digits in quotes. Keep them dark enough to read on white
# (a contrast of at least 4.5 to 1).
# colours:
#   primary: "#1f4e79"   # headings, links and rules
#   accent: "#c55a11"    # the edge of lived-experience quotes and content notes
#
# Fonts must be installed on the computer that builds the PDF.
# fonts:
#   body: DejaVu Sans
#   headings: DejaVu Sans
#
# Your logo: a PNG, JPEG or GIF file that you put in this templates/ folder.
# Until you do, no logo is printed (coproduce never prints one of its own).
# logo: our-logo.png
# logo_alt: Our organisation's logo   # what a screen reader says for it
#
# To change the page itself, copy response.html.j2 or style.css from coproduce's
# templates/ folder into this one and edit the copy: a file here replaces
# coproduce's own file of the same name, and only that file.
"""

GITIGNORE_TOP = """\
# Made by coproduce init.
# What coproduce builds: made again from the files here, whenever needed.
/build/
# The internal hours report (coproduce hours), if someone saves it here: it names people.
/hours*.csv
/hours*.txt
# The private letters to each person (coproduce tell): what they gave and are paid; send them, do not share them.
/letters/
# Left behind by Word and by Macs.
~$*
.DS_Store
"""

GITIGNORE_ORIGINALS = """\
# The volunteers' own files that intake took in, copied as they sent them, and
# intake's record of them: they hold volunteers' real names (in the text, in the
# file names and in the documents' own details), so they stay out of git.
# To keep them in the repository, delete the next line.
/responses/*/intake/
"""

GITIGNORE_KEPT = """\
# The volunteers' own files that intake takes in are kept in this repository
# (coproduce init --keep-originals). They hold volunteers' real names: keep the
# repository private, and delete an original if its author asks.
"""

README = """\
# Consultation responses, co-produced

This folder is a coproduce workbench: the responses we write **with** people with
lived experience, and what each person chose about how they are credited. One
command builds each response as an accessible PDF, a Word file, a web page and
plain text for online forms.

## What goes where

- `contributors/`: one file per person who takes part: their name, how they
  want to be credited, their consent. **Private**: a name is printed only where
  its person chose that.
- `responses/<name>/`: one folder per consultation response: `response.yaml`
  (the consultation, its questions, the sessions people gave time to) and the
  contributions, one `.md` file each.
- `templates/`: `brand.yaml`, our colours, fonts and logo. Everything else
  comes from coproduce's own look.
- `build/`: what coproduce builds; not kept in git.

## Day to day

Run these anywhere inside this folder (`coproduce <command> --help` says more):

```sh
coproduce contributor add                               # someone new: asks the consent questions
coproduce new crisis-survey --questions questions.txt   # start a response (asks for the rest)
coproduce add crisis-survey --answers q1 --by jordan    # a file for someone to write an answer in
coproduce intake ~/Shared/consultation --into crisis-survey   # take in volunteers' Word files
coproduce status                                        # where each response stands
coproduce check                                         # every problem, all at once
coproduce build crisis-survey --draft                   # a draft to share, in build/crisis-survey.draft/
coproduce approve responses/crisis-survey/40-q1-offer.md --by sam   # the lead signs off a contribution
coproduce build crisis-survey                           # the final submission, in build/crisis-survey/
coproduce withdraw jordan                               # someone withdraws: nothing is deleted
coproduce hours crisis-survey --csv --out ~/hours.csv   # internal: hours and pay, for finance
```
"""


@dataclass(frozen=True)
class Made:
    root: Path
    files: tuple[Path, ...]


def planned_files(keep_originals: bool) -> dict[str, str]:
    """What init writes, by path inside the workbench."""
    gitignore = GITIGNORE_TOP + (GITIGNORE_KEPT if keep_originals else GITIGNORE_ORIGINALS)
    return {
        "contributors/.gitkeep": "",  # git keeps no empty folder, and coproduce finds a workbench by this one
        "responses/.gitkeep": "",
        "templates/brand.yaml": BRAND,
        ".gitignore": gitignore,
        "README.md": README,
    }


def init(folder: Path, *, keep_originals: bool = False) -> Made:
    """Make a workbench in `folder` (made if missing; it may already hold other files)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"{folder} is a file, not a folder",
            "give a folder to make the workbench in, or leave it out to use this one",
            code="usage.not-a-folder",
        )
    files = planned_files(keep_originals)
    there = [name for name in files if (folder / name).exists() or (folder / name).is_symlink()]
    if there:
        raise UsageError(
            f"{'this folder' if str(folder) == '.' else folder} already has {', '.join(there)}, so nothing was written",
            "run it in an empty folder, or move those files away first (coproduce init never overwrites a file)",
            path=str(folder),
            code="usage.file-exists",
        )
    written = []
    for name, text in files.items():
        path = folder / name
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    return Made(folder, tuple(written))
