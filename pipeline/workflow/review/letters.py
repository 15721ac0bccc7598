"""The letter each person is sent to confirm a change to their words: plain words, before and after, in DOCX and text.

One letter a person, covering every contribution where their words changed, written into a folder the user
names (never the build folder: the outputs folder holds only outputs). It names nobody: it opens "Hello,"
and the file is named by the person's contributor id, for the coordinator to send. The same answers give
the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from pipeline.load.schema import Response
from pipeline.render.write import write_atomic
from pipeline.vocabulary import long_date
from pipeline.workflow.review.confirm import Asked

NOT_KEPT = "(Your earlier words were not kept by coproduce; ask us and we will find them for you.)"


def _where(a: Asked, response: Response) -> str:
    meta = a.contribution.meta
    if meta.answers:
        question = next((q for q in response.questions if q.id == meta.answers), None)
        return f"Your answer to: {question.text}" if question else f"Your answer to question {meta.answers}"
    return f"Your part: {meta.title or meta.section}"


def letter_parts(asked: Sequence[Asked], response: Response) -> list[tuple[str, str]]:
    """(kind, text) in order: heading, paragraph, label, words."""
    org = response.organisation
    parts = [
        ("heading", f"A change to your words in our response to {response.consultation.title}"),
        ("paragraph", "Hello,"),
        (
            "paragraph",
            f"Someone at {org} has changed some of your words. Before we send our response, we would"
            " like you to see the change and tell us if you are happy with it.",
        ),
    ]
    for a in asked:
        what = "your words" if a.who.author else "what you said that we quote"
        parts += [
            ("heading", _where(a, response)),
            ("paragraph", f"This is {what}, as you last saw it ({long_date(a.who.seen.on)}) and as it is now."),
            ("label", "Before"),
            ("words", a.before if a.before is not None else NOT_KEPT),
            ("label", "After"),
            ("words", a.after),
        ]
    parts += [
        ("paragraph", "Please tell us one of these:"),
        ("paragraph", "1. I am happy with the change."),
        ("paragraph", "2. I am not happy: keep my words as they were."),
        ("paragraph", "3. I am not happy: leave this part out."),
        ("paragraph", f"You can reply by e-mail, by phone, or tell us in person. Thank you. From {org}."),
    ]
    return parts


def as_text(parts: list[tuple[str, str]]) -> str:
    lines: list[str] = []
    for kind, text in parts:
        if kind == "heading":
            lines += [text, "=" * min(len(text), 72), ""]
        elif kind == "label":
            lines += [f"{text}:", ""]
        elif kind == "words":
            lines += ["    " + line if line else "" for line in text.strip("\n").split("\n")] + [""]
        else:
            lines += [text, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def as_docx(parts: list[tuple[str, str]], response: Response) -> bytes:
    import datetime as dt

    import docx

    from pipeline.render.docx import _normalise_zip

    word = docx.Document()
    for kind, text in parts:
        if kind == "heading":
            word.add_heading(text, level=1 if not word.paragraphs else 2)
        elif kind == "label":
            word.add_paragraph().add_run(text).bold = True
        elif kind == "words":
            for block in text.strip("\n").split("\n\n"):
                word.add_paragraph(block, style="Quote")
        else:
            word.add_paragraph(text)
    props = word.core_properties
    props.author = props.last_modified_by = response.organisation
    props.title, props.comments, props.keywords = "A change to your words", "", ""
    stamp = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the letter's bytes do not depend on the clock
    props.created = props.modified = stamp
    props.revision = 1
    out = io.BytesIO()
    word.save(out)
    return _normalise_zip(out.getvalue())


def write_letters(asked: Sequence[Asked], response: Response, folder: Path, build_root: Path) -> list[Path]:
    from pipeline.render.out_folder import refuse_private_destination

    folder = Path(folder)
    why = "a letter shows someone their own words before and after"
    refuse_private_destination(
        folder, build_root.parent, why=why, example="--letters letters", code="usage.letters-in-build"
    )
    folder.mkdir(parents=True, exist_ok=True)
    by_person: dict[str, list[Asked]] = {}
    for a in asked:
        by_person.setdefault(a.who.pid, []).append(a)
    written = []
    for pid, theirs in sorted(by_person.items()):
        parts = letter_parts(theirs, response)
        for suffix, data in ((".txt", as_text(parts).encode("utf-8")), (".docx", as_docx(parts, response))):
            path = folder / f"{pid}{suffix}"
            write_atomic(path, data)
            written.append(path)
    return written
