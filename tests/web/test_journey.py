"""The coordinator's whole journey in a real browser, with no terminal after `coproduce init` (issue 20).

`coproduce init` makes a fresh workbench; the app is served; then Chromium does everything a coordinator does,
by clicking links and buttons and typing into labelled fields (never by posting forms itself): three people with
different credit and quote choices, a response from pasted questions with UK dates, two Word files uploaded (one
placed by its header, one left unsorted and then filed), a contribution's text edited, a session recorded by
ticking who came, everything approved, a final build whose PDF and Word file are downloaded through the page's
links and read back with pypdf and python-docx (each credit as chosen, no withheld name), one person withdrawn
after seeing what that leaves out, and a payment marked.

Then the same steps by command (`python -m pipeline.cli`, the same inputs, the same COPRODUCE_TODAY) in a second
workbench (tests/web/journey_steps.py), and the two workbenches' files are compared byte for byte: the same YAML
in contributors/, the same Markdown in responses/ with the same approval records, the same sessions in
response.yaml, the same intake record. Nothing is normalised: the page stores an upload under a name made of its
hash, never the volunteer's own file name, so the command's shared folder is given the files under those names.

On the way, screenshots of the dashboard, a contribution page and the people page are saved at 1280 px into
COPRODUCE_SCREENSHOTS (default: the test's tmp_path); `make screenshots` sets it to docs/, so the README's
pictures are the ones the suite takes (tests/web/test_screenshots.py checks the README's references).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

from tests.web import journey_steps as steps
from tests.web.conftest import chromium, serving

TOKEN = "journey-token"
SHOTS = {  # the README's pictures: docs/workbench-<name>.png
    "next-steps": "the dashboard",
    "contribution": "a contribution page",
    "people": "the people page",
}


def screenshot_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("COPRODUCE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


SOURCE = "tests/web/test_journey.py"  # written into each picture, so a test can tell the suite's from one by hand


def shoot(page: Any, folder: Path, name: str) -> None:
    """The page at 1280 px wide, whole, as workbench-<name>.png, marked as taken by this test (a PNG text chunk)."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    assert name in SHOTS
    page.set_viewport_size({"width": 1280, "height": 900})
    taken = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    marked = PngInfo()
    marked.add_text("Source", SOURCE)
    taken.save(folder / f"workbench-{name}.png", pnginfo=marked, optimize=True)


def click(page: Any, role: str, name: Any, **kw: Any) -> None:
    """Click a link or button by its words, and wait for the page it leads to."""
    target = page.get_by_role(role, name=name, **kw)
    assert target.count() >= 1, (role, name, page.url, flash(page)[:3000])
    with page.expect_navigation():
        target.first.click()


def flash(page: Any) -> str:
    return str(page.locator("main").inner_text())


def add_person(page: Any, p: steps.NewPerson) -> None:
    from pipeline.workflow.people import CREDIT_OPTIONS, QUESTIONS, QUOTES_OPTIONS

    if not page.url.endswith("/people/new"):
        click(page, "link", "People", exact=True)
        click(page, "link", "Add a person")
    page.get_by_label(QUESTIONS["name"]).fill(p.name)
    page.get_by_label(QUESTIONS["pid"]).fill(p.pid)
    page.get_by_role("group", name=QUESTIONS["credit"]).get_by_label(CREDIT_OPTIONS[p.credit], exact=True).check()
    if p.pseudonym:
        page.get_by_label(QUESTIONS["pseudonym"]).fill(p.pseudonym)
    if p.role:
        page.get_by_label(QUESTIONS["role"]).fill(p.role)
    page.get_by_role("group", name=QUESTIONS["quotes"]).get_by_label(QUOTES_OPTIONS[p.quotes], exact=True).check()
    lived = page.get_by_role("group", name=QUESTIONS["lived_experience"])
    lived.get_by_label("yes" if p.lived else "no", exact=True).check()
    page.get_by_label(QUESTIONS["consent_date"]).fill(p.consent)
    click(page, "button", "Add this person")
    assert page.url.endswith(f"/people/{p.pid}"), (page.url, flash(page))


def start_response(page: Any) -> None:
    r = steps.RESPONSE
    click(page, "link", "Next steps")
    click(page, "link", "Start a new response")
    labels = {
        "slug": "A short name for its folder",
        "title": "The title of your response",
        "organisation": "Your organisation's name",
        "consultation": "The consultation's title",
        "by": "Who runs the consultation",
        "closes": "Closing date (optional)",
        "url": "The consultation's web address (optional)",
        "lead": "Contributor id of the worker who coordinates it (optional)",
    }
    for key, label in labels.items():
        page.get_by_label(label, exact=True).fill(r[key])
    page.get_by_label("The consultation's questions (optional)").fill(steps.QUESTIONS)
    click(page, "button", "Start the response")
    assert "Started respite-breaks with 3 questions." in flash(page), flash(page)


def upload(page: Any, data: bytes, given: str) -> str:
    click(page, "link", "Take in volunteers' files")
    page.get_by_label("The file (.docx or .odt)").set_input_files(
        files=[{"name": given, "mimeType": "application/octet-stream", "buffer": data}]
    )
    click(page, "button", "Take it in")
    return flash(page)


def back_to_questions(page: Any) -> None:
    click(page, "link", "Back to the questions")


def read_pdf(data: bytes) -> str:
    """The PDF's words as pypdf extracts them, its document information and its XMP metadata (pikepdf)."""
    import pikepdf
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp = str(pdf.open_metadata())
    return " ".join([*(page.extract_text() or "" for page in reader.pages), str(reader.metadata), xmp])


def read_docx(data: bytes) -> str:
    """The Word file's paragraphs and tables as python-docx reads them, and every XML part of it, raw."""
    import zipfile

    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        raw = [parts.read(name).decode("utf-8", "replace") for name in parts.namelist() if name.endswith(".xml")]
    return " ".join([*(p.text for p in document.paragraphs), *cells, *raw])


def download(page: Any, name: str) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("link", name=name, exact=True).click()
    path = started.value.path()
    return Path(path).read_bytes()


def test_the_whole_journey_in_the_browser_leaves_the_files_the_commands_leave(tmp_path: Path) -> None:
    shots = screenshot_folder(tmp_path)
    by_page, by_command = tmp_path / "page" / "wb", tmp_path / "command" / "wb"
    for root in (by_page, by_command):
        root.parent.mkdir(parents=True)
        steps.cli(root.parent, "init", root.name)  # the real init; after this, no terminal on the page side

    with serving(by_page, [], token=TOKEN, acting=None) as address, chromium(accept_downloads=True) as context:
        page = context.new_page()
        page.set_default_timeout(15000)  # a wait for a page that does not come fails in seconds, not minutes
        page.goto(f"{address}/?token={TOKEN}")
        assert page.url.endswith("/acting")  # a fresh workbench: nobody to act as yet, so add yourself first
        click(page, "link", "Add yourself as a person")
        for person in steps.PEOPLE:
            add_person(page, person)
        click(page, "link", "Who is acting")
        page.get_by_label(re.compile(r"^sam\b")).check()  # a worker: offered before any response exists
        click(page, "button", "Continue")
        assert "You are acting as sam" in flash(page)
        start_response(page)

        # the command takes a shared folder's files in name order; the page one upload at a time, in that order
        files = sorted([steps.placed_file(), steps.unsorted_file()], key=steps.upload_name)
        given = {steps.placed_file(): "Rhiannon Blaise q1.docx", steps.unsorted_file(): "my dad.docx"}
        for data in files:
            said = upload(page, data, given[data])
            assert "Not taken in" not in said, said
            back_to_questions(page)
        assert "Rhiannon" not in page.content()  # the volunteer's own file name is not kept or shown
        click(page, "link", "file it")
        draft = page.locator("form.draft")
        draft.get_by_label("The question it answers").select_option("q2")
        draft.get_by_label("Who wrote it").select_option("tj")
        click(page, "button", "File draft 1")
        assert "Filed as" in flash(page), flash(page)

        # the filed draft opens at its own page: edit its text
        page.get_by_label("The text, in Markdown").fill(steps.EDITED_WORDS)
        click(page, "button", "Save the text")
        assert "Saved the text of" in flash(page)
        assert "so send one to every carer" in page.locator(".printed").inner_text()
        back_to_questions(page)

        # sam writes the answer to q3 in the page
        page.get_by_label("Who writes a new answer to q3").select_option("sam")
        click(page, "button", "Start an answer to q3")
        page.get_by_label("The text, in Markdown").fill(steps.SAM_WORDS)
        click(page, "button", "Save the text")

        # a session, by ticking who came
        click(page, "link", "People", exact=True)
        click(page, "link", steps.SLUG, exact=True)
        s = steps.SESSION
        page.get_by_label("The day it was held").fill(s["date"])
        page.get_by_label("What it was").fill(s["activity"])
        page.get_by_label("How many hours it lasted").fill(s["hours"])
        page.get_by_label("Payment per hour, in pounds").fill(s["rate"])
        for pid in steps.CAME:
            page.get_by_role("group", name="Who came").get_by_label(re.compile(f"^{pid}\\b")).check()
        click(page, "button", "Record this session")
        assert "Recorded the session" in flash(page) and "Workshop on short breaks" in flash(page), flash(page)

        # approve everything: each contribution waiting, from the dashboard's next steps
        click(page, "link", "Next steps")
        shoot(page, shots, "next-steps")
        for n in range(3):
            waiting = page.locator("section.response ul.todo").first.get_by_role("link").first
            with page.expect_navigation():
                waiting.click()
            if n == 0:
                shoot(page, shots, "contribution")
            click(page, "button", "Approve as sam")
            assert "approved by sam" in flash(page), flash(page)
            click(page, "link", "Next steps")
        assert "Contributions waiting for approval" not in flash(page)

        # the final build, and its PDF and Word file downloaded through the page's links
        click(page, "link", "Build and download")
        click(page, "button", "Make the final submission")
        assert "The final submission: what was made" in flash(page), flash(page)
        printed = {
            "pdf": read_pdf(download(page, f"{steps.SLUG}.pdf")),
            "docx": read_docx(download(page, f"{steps.SLUG}.docx")),
        }
        for kind, text in printed.items():
            for pid, credit in steps.CREDITS.items():
                assert credit in text, (kind, pid, credit)
            for secret in steps.WITHHELD:
                assert secret.lower() not in text.lower(), (kind, secret)
            assert "so send one to every carer" in text, kind

        # the people page; then withdraw tj, seeing first what that leaves out
        click(page, "link", "People", exact=True)
        shoot(page, shots, "people")
        click(page, "link", steps.WITHDRAWS, exact=True)
        click(page, "link", f"See what withdrawing {steps.WITHDRAWS} leaves out")
        preview = flash(page)
        assert "50-q2-tj-intake.md" in preview, preview  # their contribution, left out whole
        assert not (by_page / "contributors" / "tj.yaml").read_text(encoding="utf-8").count("withdrawn:")
        click(page, "button", re.compile(f"^Record that {steps.WITHDRAWS} withdrew"))
        assert "withdrawn: 2026-11-20" in (by_page / "contributors" / "tj.yaml").read_text(encoding="utf-8")

        # and a payment, marked on the session's page
        click(page, "link", "People", exact=True)
        click(page, "link", steps.SLUG, exact=True)
        click(page, "link", re.compile("Workshop on short breaks"))
        page.get_by_role("group", name=steps.PAID, exact=True).get_by_label("Paid for this session").check()
        click(page, "button", f"Save for {steps.PAID}")
        assert f"Saved what {steps.PAID} was paid for this session." in flash(page), flash(page)
        assert page.get_by_role("group", name=steps.PAID, exact=True).get_by_label("Paid for this session").is_checked()

    steps.by_command(by_command, tmp_path / "command")
    made_by_page, made_by_command = steps.workbench_files(by_page), steps.workbench_files(by_command)
    assert sorted(made_by_page) == sorted(made_by_command)
    for name, data in made_by_command.items():
        assert made_by_page[name] == data, (name, made_by_page[name][:3000], data[:3000])
