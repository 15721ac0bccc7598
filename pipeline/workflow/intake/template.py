"""The Word template volunteers fill in: the header lines, plain-English help, then their answer."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx

from pipeline.load.schema import Question
from pipeline.load.workbench import ResponseFolder
from pipeline.render.write import write_atomic
from pipeline.vocabulary import question_labels
from pipeline.workflow.intake.parts import GUIDE

TITLE = "Your words for our consultation response"
MARKER = "Write your answer below this line"
HELP = (
    "Change the 1 after “Question:” to the number of the question you are answering "
    "(for a part of a question, like 3(a), write 3a). Please use one form for each question.",
    "If you are writing a part that is not an answer to a question, such as the part about who we are, "
    "write “Section: about” in place of the Question line.",
    "After “Written by:”, write your name, or the name you use with us. It tells us who wrote this; it is not printed.",
    "You choose how you are credited in what we send: your full name, your initials, a name you make up, "
    "your role, or no name at all. Tell the person you are working with which you want. "
    "We will not print your name unless you have said yes.",
    "Write in your own words, as much or as little as you like. You can use headings, bold, lists, "
    "links and tables. Pictures are taken in too, with their alt text: right-click a picture, choose "
    "Edit Alt Text (View Alt Text on a Mac) and say in words what it shows, for people who cannot see it.",
    "You can leave this help where it is: everything above the line below is taken out.",
)


def template_bytes(now: dt.datetime) -> bytes:
    """The template, dated `now` (from the caller: the one clock is `settings.make_settings().today`)."""
    document = docx.Document()
    _header(document)
    return _saved(document, now, TITLE)


def _header(document: Any) -> None:
    document.add_paragraph("Question: 1")
    document.add_paragraph("Written by: (your name, or the name you use with us)")
    document.add_heading("How to fill this in", level=2)
    for text in HELP:
        document.add_paragraph(text, style="List Bullet")
    marker = document.add_paragraph()
    marker.add_run(MARKER).bold = True
    document.add_paragraph("")


def _saved(document: Any, now: dt.datetime, title: str) -> bytes:
    props = document.core_properties
    now = now.replace(microsecond=0, tzinfo=None)
    props.author = props.last_modified_by = "coproduce"
    props.title = title
    props.subject = "A contribution to a consultation response"
    props.comments = props.keywords = props.category = ""
    props.created = props.modified = now
    props.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_template(path: Path, now: dt.datetime) -> None:
    if path.exists():
        raise FileExistsError(17, "File exists", str(path))
    write_atomic(path, template_bytes(now))


RESPONSE_HELP = (
    "After \u201cWritten by:\u201d, write your name, or the name you use with us. It tells us who wrote this; it is "
    "not printed.",
    "You choose how you are credited in what we send: your full name, your initials, a name you make up, "
    "your role, or no name at all. Tell the person you are working with which you want. "
    "We will not print your name unless you have said yes.",
    "Answer as many of the questions below as you like, each under its own heading, in your own words. Leave a "
    "question empty to skip it: nothing is made from an empty question. Please keep the headings: each answer is "
    "taken in under the question its heading names (if you type a heading again, start it with the question's "
    "number, like \u201cQuestion 2\u201d).",
    "Each question says how long its answer may be. You can use headings, bold, lists, links and tables. "
    "Pictures are taken in too, with their alt text: right-click a picture, choose Edit Alt Text (View Alt Text "
    "on a Mac) and say in words what it shows, for people who cannot see it.",
    "You can leave this help where it is: everything above the line below is taken out.",
)


def limit_words(q: Question) -> str:
    """How long an answer may be, in words a volunteer reads."""
    if q.limit and q.chars:
        return f"Up to {q.limit:,} words and {q.chars:,} characters (spaces count)."
    if q.limit:
        return f"Up to {q.limit:,} words."
    if q.chars:
        return f"Up to {q.chars:,} characters (spaces count)."
    return "No limit."


def response_template_bytes(response: ResponseFolder, now: dt.datetime) -> bytes:
    """The template for one response: its questions, each with its limit and a place to write, dated `now`."""
    document = docx.Document()
    data = response.data
    document.add_paragraph(f"Response: {response.slug}")
    document.add_paragraph("Written by: (your name, or the name you use with us)")
    document.add_heading(f"Your answers for: {data.consultation.title}", level=1)
    document.add_heading("How to fill this in", level=2)
    for text in RESPONSE_HELP:
        document.add_paragraph(text, style="List Bullet")
    marker = document.add_paragraph()
    marker.add_run(MARKER).bold = True
    labels = question_labels([q.id for q in data.questions])
    for q in data.questions:
        if q.left_unanswered:
            continue
        document.add_heading(f"Question {labels[q.id]}: {q.text}", level=2)
        guide = document.add_paragraph()
        guide.add_run(f"{limit_words(q)} {GUIDE}").italic = True
        document.add_paragraph("")
    return _saved(document, now, f"Your answers for: {data.consultation.title}")


def write_response_template(path: Path, response: ResponseFolder, now: dt.datetime) -> None:
    if path.exists():
        raise FileExistsError(17, "File exists", str(path))
    write_atomic(path, response_template_bytes(response, now))
