"""A volunteer's file sent through the workbench, taken in by the same rules as `coproduce intake`.

The upload is never executed and never served back. Its name is not kept: the volunteer's own file name
may hold their name, or a path (`../../x.docx`), so the stored name is made of the response's slug, the
chosen ids and the file's own hash, like `ada/q3/upload-1f2e3d4c5b6a.docx`. It is written into a private
temporary folder laid out as a shared folder would be (a contributor's folder, a question's folder, as
the intake rules read them) and taken in from there by `Intake`, which copies the original under the
response's `intake/` and records it; the temporary folder is then removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from pipeline.load.workbench import Workbench
from pipeline.render import part_files
from pipeline.vocabulary import ID
from pipeline.workflow.intake.gather import SAVE_AS, WRONG_KIND, Outcome
from pipeline.workflow.intake.refusal import Refused
from pipeline.workflow.intake.run import Intake, started

MAX_UPLOAD = 20 * 1024 * 1024  # far above any written answer with pictures; the body limit is larger
TAKEN = (".docx", ".odt")  # what the workbench takes in by upload


@dataclass(frozen=True)
class Upload:
    """What the browser sent: the bytes, and the name it gave (used only for its ending)."""

    data: bytes
    given_name: str
    question: str = ""  # a question id chosen on the form, or ""
    by: str = ""  # a contributor id chosen on the form, or ""


def ending(given_name: str) -> str:
    """The file's ending, lowercased, from the last part of whatever path the browser sent."""
    last = PureWindowsPath(PurePosixPath(given_name.replace("\x00", "")).name).name
    return PurePosixPath(last).suffix.lower()


def refuse_early(upload: Upload) -> None:
    """What is refused before anything is written: the wrong kind of file, nothing at all, too big."""
    suffix = ending(upload.given_name)
    if suffix in WRONG_KIND:
        raise Refused(WRONG_KIND[suffix], SAVE_AS, code="intake.wrong-kind")
    if suffix not in TAKEN:
        raise Refused(
            "the workbench takes in Word (.docx) and OpenDocument (.odt) files, "
            f"not {suffix or 'files with no ending'}",
            SAVE_AS,
            code="intake.wrong-kind",
        )
    if not upload.data:
        raise Refused("the file is empty", "choose the volunteer's file and send it again", code="intake.empty")
    if len(upload.data) > MAX_UPLOAD:
        raise Refused(
            f"it is {len(upload.data) // (1024 * 1024)} MB, too big to be a written answer",
            "take the pictures out, save it again and send that",
            code="intake.too-large",
        )
    for chosen in (upload.question, upload.by):
        if chosen and not ID.fullmatch(chosen):
            raise Refused(f"'{chosen}' is not an id", "choose from the lists", code="intake.bad-choice")


def stored_name(upload: Upload) -> str:
    """Where the file sits in the temporary shared folder: only ids and the hash, never the name it came with."""
    digest = hashlib.sha256(upload.data).hexdigest()[:12]
    parts = [p for p in (upload.by, upload.question) if p]
    return "/".join([*parts, f"upload-{digest}{ending(upload.given_name)}"])


def take_upload(wb: Workbench, response_dir: Path, upload: Upload, today: dt.date) -> list[Outcome]:
    """Take one uploaded file into `response_dir` by the intake rules, on `today` (the request's settings day);
    its outcome says what became of it."""
    refuse_early(upload)
    name = stored_name(upload)
    with part_files.staging("upload") as staging:
        shared = Path(staging)
        path = shared / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(upload.data)
        path.chmod(0o600)  # data, never run
        return Intake(wb, response_dir, started(today)).run(shared)
