"""How to put a problem right, in the workbench's own words: its buttons and pages, not a command to type.

A check's fix is written for the command line (`run  coproduce approve FILE --by ID`). The pages present
the same problem through `kit.plain`, which asks `in_page_words` here by the problem's code; the command's
words stay in the details line for those who use both. Rules as data: one row per code, a row whose page
is `None` keeps the link `kit.plain` found (the file the problem is in).
"""

from __future__ import annotations

from typing import NamedTuple


class PageFix(NamedTuple):
    fix: str
    page: str | None  # where to do it, `{slug}` filled in; None: the problem's own file


_WHO = "(the button shows for the response's lead and sign-off people)"
PAGE_FIXES: dict[str, PageFix] = {
    "approval.not-approved": PageFix(
        f"When it has been signed off, open it and press Approve {_WHO}. A draft needs no approval.", None
    ),
    "approval.no-record": PageFix(f"Open it and press Approve {_WHO}.", None),
    "approval.changed": PageFix(
        f"It changed after it was approved: have it read again, then open it and press Approve {_WHO}."
        " A draft needs no approval.",
        None,
    ),
    "approval.beside-changed": PageFix(
        "What prints beside it (its question, pictures or credits) changed after it was approved: have it read"
        f" again in the preview, then open it and press Approve {_WHO}.",
        None,
    ),
    "approval.not-approver": PageFix(
        "Whoever approved it may not approve this response: ask its lead or someone on its sign-off list to open"
        " it and press Approve.",
        None,
    ),
    "approval.old-record": PageFix(
        f"Read it again as it prints, then open it and press Approve {_WHO}, so the approval covers its pictures,"
        " question and credits too.",
        None,
    ),
    "organisation.not-signed-off": PageFix(
        "Ask its lead, or someone on its sign-off list, to read the whole submission, then to open Build and"
        " download and press Sign off for their organisation. A draft needs no sign-off.",
        "/r/{slug}/build",
    ),
    "organisation.signoff-changed": PageFix(
        "What the submission prints changed after it was signed off: have it read again, then open Build and"
        " download and press Sign off for the organisation again.",
        "/r/{slug}/build",
    ),
    "edits.unconfirmed": PageFix(
        "Open Review in Word: download their letter showing their words before and after, send it, then record"
        " their answer there.",
        "/r/{slug}/review",
    ),
    "intake.unsorted": PageFix(
        "Open Volunteers' files: read it, then file it under its question with who wrote it.", "/r/{slug}/intake"
    ),
    "consent.aged": PageFix(
        "Open their record, ask them again, and press Record that they confirmed when they have.", None
    ),
}


def in_page_words(code: str, slug: str | None) -> PageFix | None:
    """The fix for `code` as the workbench's pages say it, with its page for response `slug`; None: the check's own."""
    found = PAGE_FIXES.get(code)
    if found is None or found.page is None:
        return found
    if slug is None:
        return PageFix(found.fix, None)
    return PageFix(found.fix, found.page.format(slug=slug))
