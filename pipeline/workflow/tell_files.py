"""A letter's files (Word, PDF, text), made and guarded in memory: what `coproduce tell` writes and what
the browser workbench's button would offer as downloads (nothing here touches the disk)."""

from __future__ import annotations

import datetime as dt

from pipeline.load.workbench import ResponseFolder, Workbench


def letter_files(
    wb: Workbench,
    response: ResponseFolder,
    person: str,
    on: dt.date,
    *,
    easy: bool = False,
    large: bool = False,
    pdf: bool = True,
) -> dict[str, bytes]:
    """File name -> bytes for one person's letter about one response; raises if any private name is in it."""
    from pipeline.load.brand import read_brand
    from pipeline.workflow.plain_docx import write_docx
    from pipeline.workflow.plain_pdf import write_pdf
    from pipeline.workflow.tell import as_text, easy_read, letter, refuse_private

    made = (easy_read if easy else letter)(wb, response, person, on)
    brand, _ = read_brand(wb.template_dirs)
    stem = f"{made.slug}-letter-{person}" + ("-easy-read" if easy else "")
    # tagged in the language its own words are in (load/tell_labels.py); a person's words in another are marked
    language, author = made.language, response.data.organisation
    size, stamp = 18 if easy else 16 if large else 12, response.data.date or on
    outputs = {
        f"{stem}.docx": write_docx(
            made.title, made.parts, language=language, author=author, brand=brand, size_pt=size, stamp=stamp
        ),
        f"{stem}.txt": as_text(made).encode("utf-8"),
    }
    if pdf:
        outputs[f"{stem}.pdf"] = write_pdf(
            made.title, made.parts, language=language, author=author, brand=brand, size_pt=size, stamp=stamp
        )
    refuse_private(wb, response, outputs, on)
    return outputs
