"""The letter each person is sent to confirm a change to their words: plain words, before and after, in DOCX and text.

One letter a person, in the response's language (English or Welsh, `load.labels.LETTERS`), covering every
contribution where their words changed, written into a folder the user names (never the build folder: the
outputs folder holds only outputs). It names nobody: it opens "Hello," (in Welsh "Helo,") and the file is
named by the person's contributor id, for the coordinator to send. The same answers give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.load.labels import letter_labels
from pipeline.load.schema import Response
from pipeline.render.write import write_atomic
from pipeline.vocabulary import long_date
from pipeline.workflow.review.confirm import Asked


def _where(a: Asked, response: Response, say: dict[str, str]) -> str:
    meta = a.contribution.meta
    if meta.answers:
        question = next((q for q in response.questions if q.id == meta.answers), None)
        if question:
            return say["answer_to"].format(question=question.text)
        return say["answer_to_number"].format(question=meta.answers)
    return say["your_part"].format(part=meta.title or meta.section)


def letter_parts(asked: Sequence[Asked], response: Response) -> list[tuple[str, str]]:
    """(kind, text) in order: heading, paragraph, label, words; in the response's language (`load.labels.LETTERS`:
    English and Welsh), its dates too."""
    say = letter_labels(response.language)
    org = response.organisation
    parts = [
        ("heading", say["heading"].format(consultation=response.consultation.title)),
        ("paragraph", say["hello"]),
        ("paragraph", say["why"].format(organisation=org)),
    ]
    for a in asked:
        what = say["your_words"] if a.who.author else say["quoted"]
        parts += [
            ("heading", _where(a, response, say)),
            ("paragraph", say["as_seen"].format(what=what, date=long_date(a.who.seen.on, response.language))),
            ("label", say["before"]),
            ("words", a.before if a.before is not None else say["not_kept"]),
            ("label", say["after"]),
            ("words", a.after),
        ]
    parts += [
        ("paragraph", say["tell_us"]),
        ("paragraph", say["happy"]),
        ("paragraph", say["keep"]),
        ("paragraph", say["leave_out"]),
        ("paragraph", say["reply"].format(organisation=org)),
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

    from pipeline.render.docx import package_bytes

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
    props.title, props.comments, props.keywords = letter_labels(response.language)["title"], "", ""
    props.language = response.language
    _language(word, response.language)
    stamp = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the letter's bytes do not depend on the clock
    props.created = props.modified = stamp
    props.revision = 1
    return package_bytes(word)


def _language(word: Any, tag: str) -> None:
    """The letter's language on its default run properties, so Word checks and reads it aloud in that language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = word.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if r_pr is None:
        return
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), tag)


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
