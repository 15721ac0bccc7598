"""The Word template volunteers fill in: the header lines, plain-English help, then their answer."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx

from pipeline.render.write import write_atomic

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
    "links and tables. Pictures are not taken in, so if a picture matters, describe it in words.",
    "You can leave this help where it is: everything above the line below is taken out.",
)


def template_bytes(now: dt.datetime) -> bytes:
    """The template, dated `now` (from the caller: the one clock is `settings.make_settings().today`)."""
    document = docx.Document()
    document.add_paragraph("Question: 1")
    document.add_paragraph("Written by: (your name, or the name you use with us)")
    document.add_heading("How to fill this in", level=2)
    for text in HELP:
        document.add_paragraph(text, style="List Bullet")
    marker = document.add_paragraph()
    marker.add_run(MARKER).bold = True
    document.add_paragraph("")
    props = document.core_properties
    now = now.replace(microsecond=0, tzinfo=None)
    props.author = props.last_modified_by = "coproduce"
    props.title = TITLE
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
