"""Intake places Word files that have no header lines: by folder, by file name, else unsorted.

No file is refused for lacking a header; nothing is credited to a guess; what
cannot be placed waits in `unsorted/`, which no build reads, until
`coproduce assign` files it. The shared folder is never changed, and one file
that cannot be read does not stop the others.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import assert_user_error, run
from tests.factory import Bench

R = "responses/crisis-house"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word(*paragraphs: str) -> bytes:
    """A Word file with no header lines, as a volunteer writes one."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def put(shared: Path, relative: str, data: bytes) -> Path:
    path = shared / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def intake(bench: Bench, shared: Path) -> tuple[int, str]:
    result = run(["intake", str(shared)], cwd=bench.root)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1), (result.output, result.exception)
    return result.exit_code, result.output


def taken(bench: Bench) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(bench.response.glob("*-intake.md"))}


def unsorted(bench: Bench) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((bench.response / "unsorted").glob("*.md"))}


# ------------------------------------------------------------------ by folder


def test_placed_by_the_question_folder_inside_the_authors_folder(bench: Bench, shared: Path) -> None:
    put(shared, "ada/q3/visiting.docx", word("Visiting hours should be longer."))
    put(shared, "eli/question-2/calls.docx", word("Calls at night matter."))
    code, output = intake(bench, shared)
    assert code == 0, output
    files = taken(bench)
    assert [n for n in files if "-q3-ada-" in n] and [n for n in files if "-q2-eli-" in n], files
    q3 = next(t for n, t in files.items() if "-q3-ada-" in n)
    assert "answers: q3\nby: [ada]\nstatus: draft\n" in q3 and "Visiting hours should be longer." in q3
    assert "placed by its folder q3/; author from its folder ada/" in output
    assert not unsorted(bench)


def test_a_question_folder_without_an_author_comes_in_unsorted_with_its_question(bench: Bench, shared: Path) -> None:
    put(shared, "q3/visiting.docx", word("Visiting hours should be longer."))
    code, output = intake(bench, shared)
    assert code == 0, output
    assert not taken(bench)
    [(name, text)] = unsorted(bench).items()
    assert name == "visiting-intake.md"
    assert "answers: q3\nstatus: draft\n" in text and "by:" not in text  # never a guessed author
    assert "does not say who wrote it" in output
    assert f"coproduce assign {R}/unsorted/visiting-intake.md --by <contributor id>" in output


def test_header_lines_come_before_the_folder(bench: Bench, shared: Path) -> None:
    put(shared, "ada/q3/a.txt", b"Question: 2\n\nThe header says q2.\n")
    code, output = intake(bench, shared)
    assert code == 0, output
    [(name, text)] = taken(bench).items()
    assert "-q2-ada-" in name and "answers: q2" in text
    assert "its folder q3/ says q3, but its header line was followed" in output


# ------------------------------------------------------------------ by file name


@pytest.mark.parametrize("name", ["q3 visiting.docx", "Question 3.docx", "question-3.docx", "Q3.docx"])
def test_placed_by_its_file_name(bench: Bench, shared: Path, name: str) -> None:
    put(shared, f"ada/{name}", word("Words for the third question."))
    code, output = intake(bench, shared)
    assert code == 0, output
    [(made, text)] = taken(bench).items()
    assert made.endswith("-q3-ada-intake.md") and "answers: q3" in text
    assert f"placed by its file name ({name})" in output


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("faq3.docx", "does not say which question or section"),  # q3 inside a word is not a question
        ("q1 and q2.docx", "names more than one question (1, 2)"),
        ("Question 7.docx", "its file name says question 7, but there is no question 7"),
    ],
)
def test_a_file_name_that_is_not_clear_places_nothing(bench: Bench, shared: Path, name: str, why: str) -> None:
    put(shared, f"ada/{name}", word("Some words."))
    code, output = intake(bench, shared)
    assert code == 0, output
    assert not taken(bench) and len(unsorted(bench)) == 1
    assert why in output


# ------------------------------------------------------------------ unsorted, then assign


def test_nothing_says_so_it_comes_in_unsorted_and_assign_files_it(bench: Bench, shared: Path) -> None:
    put(shared, "notes.docx", word("A quiet room helps more than anything.", "Staff who listen."))
    before = hashes(shared)
    code, output = intake(bench, shared)
    assert code == 0, output
    assert not taken(bench)
    draft = bench.response / "unsorted" / "notes-intake.md"
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("---\n# taken in from notes.docx by coproduce intake")
    assert "status: draft\n---\nA quiet room helps more than anything.\n\nStaff who listen.\n" in text
    assert "Unsorted (1): taken in as drafts that no build prints until you file them:" in output
    assert "notes.docx → responses/crisis-house/unsorted/notes-intake.md" in output
    assert "which question or section" in output and "who wrote it" in output
    assert (bench.response / "intake" / "notes.docx").read_bytes() == (shared / "notes.docx").read_bytes()

    # check and status say what waits, and which file to file
    checked = run(["check", "--format", "json", str(bench.response)], cwd=bench.root)
    found = [json.loads(line) for line in checked.output.splitlines() if line.startswith("{")]
    [problem] = [f for f in found if f["code"] == "intake.unsorted"]
    assert problem["file"] == f"{R}/unsorted/notes-intake.md" and problem["severity"] == "error"  # stops a final build
    assert "coproduce assign" in problem["fix"]
    status = run(["status", str(bench.response)], cwd=bench.root)
    assert "Unsorted" in status.output and "notes-intake.md" in status.output, status.output
    as_json = json.loads(run(["status", "--json", str(bench.response)], cwd=bench.root).output)
    [entry] = as_json["responses"][0]["unsorted"] if "responses" in as_json else as_json["crisis-house"]["unsorted"]
    assert entry["file"] == f"{R}/unsorted/notes-intake.md"

    # a draft build leaves it out
    out = bench.root / "o1"
    built = run(["build", "--draft", str(bench.response), "--format", "txt", "--out", str(out)], cwd=bench.root)
    assert built.exit_code == 0, built.output
    assert "A quiet room" not in "".join(p.read_text() for p in out.glob("*.txt"))

    # assign files it: numbered as add numbers, still a draft, the volunteer's original untouched
    assigned = run(["assign", f"{R}/unsorted/notes-intake.md", "q3", "--by", "ada"], cwd=bench.root)
    assert assigned.exit_code == 0, assigned.output
    assert not draft.exists()
    [(name, filed)] = taken(bench).items()
    assert name.endswith("-q3-ada-intake.md") and name in assigned.output
    assert "answers: q3\nby: [ada]\nstatus: draft\n" in filed and "# taken in from notes.docx" in filed
    record = (bench.response / "intake" / "record.yaml").read_text(encoding="utf-8")
    assert f"became: {name}" in record
    out = bench.root / "o2"
    built = run(["build", "--draft", str(bench.response), "--format", "txt", "--out", str(out)], cwd=bench.root)
    assert built.exit_code == 0, built.output
    assert "A quiet room helps more than anything." in "".join(p.read_text() for p in out.glob("*.txt"))
    assert "unsorted" not in run(["status", str(bench.response)], cwd=bench.root).output.lower()
    assert hashes(shared) == before
    # running intake again takes in nothing new
    assert "Already taken in (1)" in intake(bench, shared)[1]


def test_assign_uses_what_intake_knew_and_refuses_what_it_cannot(bench: Bench, shared: Path) -> None:
    put(shared, "q2/calls.docx", word("Calls at night matter."))
    assert intake(bench, shared)[0] == 0
    draft = f"{R}/unsorted/calls-intake.md"
    assert "say who wrote it" in assert_user_error(run(["assign", draft], cwd=bench.root), 2)
    assert "no question 9" in assert_user_error(run(["assign", draft, "q9", "--by", "ada"], cwd=bench.root), 2)
    assert "'nobody' is not a contributor" in assert_user_error(
        run(["assign", draft, "--by", "nobody"], cwd=bench.root), 2
    )
    assert "not a draft" in assert_user_error(
        run(["assign", f"{R}/response.yaml", "q1", "--by", "ada"], cwd=bench.root), 2
    )
    result = run(["assign", draft, "--by", "bo"], cwd=bench.root)  # the question intake knew is kept
    assert result.exit_code == 0, result.output
    [(name, text)] = taken(bench).items()
    assert name.endswith("-q2-bo-intake.md") and "answers: q2\nby: [bo]" in text


def test_assign_to_a_section(bench: Bench, shared: Path) -> None:
    put(shared, "about us.docx", word("We are a peer group."))
    assert intake(bench, shared)[0] == 0
    result = run(["assign", f"{R}/unsorted/about-us-intake.md", "--section", "about", "--by", "ada"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    [(name, text)] = taken(bench).items()
    assert name.endswith("-about-ada-intake.md") and "section: about" in text


# ------------------------------------------------------------------ the shared folder, and damaged files


def damaged_docx() -> bytes:
    """A Word file cut short, as a sync client leaves one."""
    good = word("This one is fine.")
    return good[: len(good) // 2]


def broken_inside() -> bytes:
    """A zip that says it is a Word file, whose document is not XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {W}><w:body><w:p>")
    return out.getvalue()


@pytest.mark.parametrize("bad", [damaged_docx(), broken_inside(), b"not a zip at all"])
def test_a_damaged_file_between_two_good_ones_stops_nothing(bench: Bench, shared: Path, bad: bytes) -> None:
    put(shared, "ada/a q1.docx", word("First answer."))
    put(shared, "ada/b q2.docx", bad)
    put(shared, "ada/c q3.docx", word("Third answer."))
    before = hashes(shared)
    code, output = intake(bench, shared)
    assert code == 1, output
    files = taken(bench)
    assert len(files) == 2, output
    assert any("First answer." in t for t in files.values()) and any("Third answer." in t for t in files.values())
    assert "b q2.docx" in output.split("Not taken in")[1]
    assert hashes(shared) == before


def test_the_shared_folder_is_never_changed(bench: Bench, shared: Path) -> None:
    put(shared, "ada/q1/a.docx", word("One."))
    put(shared, "Question 2.docx", word("Two."))
    put(shared, "nobody/loose.docx", word("Three."))
    put(shared, "notes.txt", b"Just some words.\n")
    before = hashes(shared)
    code, output = intake(bench, shared)
    assert code == 0, output
    assert "Intake from" in output and "1 taken in, 3 unsorted" in output
    assert "the folder nobody/ is not a contributor, a question or a section" in output
    for draft in sorted((bench.response / "unsorted").glob("*.md")):
        run(["assign", str(draft.relative_to(bench.root)), "q1", "--by", "ada"], cwd=bench.root)
    assert not unsorted(bench) and len(taken(bench)) == 4
    assert hashes(shared) == before


def test_the_report_says_what_was_left_out(bench: Bench, shared: Path) -> None:
    hidden = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>'
        '<w:p><w:r><w:t xml:space="preserve">Seen. </w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">Unseen.</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    base = word("x")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, hidden if item.filename == "word/document.xml" else src.read(item))
    put(shared, "loose.docx", out.getvalue())
    code, output = intake(bench, shared)
    assert code == 0, output
    assert "note: it has hidden text (1 word)" in output
    assert "Unseen" not in unsorted(bench)["loose-intake.md"]


def test_a_reader_that_fails_in_a_way_nobody_foresaw_skips_only_that_file(
    bench: Bench, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.workflow.intake import run as intake_run

    read_docx = intake_run.READERS[".docx"]

    def fussy(data: bytes) -> object:
        if b"Second" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"):
            raise KeyError("word/styles.xml")
        return read_docx(data)

    monkeypatch.setitem(intake_run.READERS, ".docx", fussy)
    for name, words in (("a q1.docx", "First"), ("b q2.docx", "Second"), ("c q3.docx", "Third")):
        put(shared, f"ada/{name}", word(f"{words} answer."))
    code, output = intake(bench, shared)
    assert code == 1 and len(taken(bench)) == 2, output
    assert "b q2.docx: it could not be read as a Word document (KeyError), so it was skipped" in output
