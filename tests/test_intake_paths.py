"""Intake, the way a hurried volunteer and a busy coordinator use it: hidden LibreOffice fields, a Word file with a
document pasted in whole, an intake folder linked into the shared folder, names typed with Word's apostrophes or
in capitals, nicknames, one clock, and a cloud drive's copies of the same file."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from pipeline.workflow.intake.docx_reader import read_docx
from pipeline.workflow.intake.odt_reader import read_odt
from tests.conftest import assert_user_error, run
from tests.factory import Bench
from tests.test_intake_odt import odt

PEOPLE = {
    "siobhan": "name: Siobhan O'Neill\ncredit: initials\nconsent: {recorded: 2025-03-01, quotes: 'no'}\n",
    "tomasz": "name: Tomasz Wierzba\ncredit: initials\nknown_as: [Tom]\nconsent: {recorded: 2025-03-01, quotes: 'no'}\n",
}


def word(*paragraphs: str, title: str = "") -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = title  # what a cloud drive changes when it saves the file again
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def intake(bench: Bench, shared: Path) -> tuple[int, str]:
    result = run(["intake", str(shared)], cwd=bench.root)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def drafts(bench: Bench) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(bench.response.glob("*-intake.md"))}


def with_people(bench: Bench, extra: dict[str, str] | None = None) -> None:
    for pid, text in {**PEOPLE, **(extra or {})}.items():
        bench.write(f"contributors/{pid}.yaml", text)


# ------------------------------------------------------------------ hidden LibreOffice fields


HIDDEN_ODT = """<text:p>Question: 1</text:p><text:p>Written by: ada</text:p>
<text:p>The night bus matters.<text:variable-set text:name="v" text:display="none" office:value-type="string">
Isidore Fenwright rang the ward</text:variable-set> It runs till two.</text:p>
<text:p>Shown <text:user-field-get text:name="u" text:display="none">Quillon Ashgrove field</text:user-field-get>
words.</text:p>
<text:section text:name="S1" text:is-hidden="true"><text:p>Marisol Vantreece hid this section</text:p></text:section>
<text:p>Last line.</text:p>"""


def test_a_libreoffice_field_set_not_to_show_is_left_out_and_reported() -> None:
    reading = read_odt(odt(HIDDEN_ODT))
    for hidden in ("Isidore", "Fenwright", "Quillon", "Ashgrove", "Marisol", "Vantreece"):
        assert hidden not in reading.text
    assert "The night bus matters." in reading.text and "Last line." in reading.text and "Shown" in reading.text
    [note] = [n for n in reading.notes if "hidden text" in n]
    assert "(13 words)" in note  # five in the first field, three in the second, five in the section


def test_hidden_fields_through_intake(bench: Bench, shared: Path) -> None:
    (shared / "bus.odt").write_bytes(odt(HIDDEN_ODT))
    code, out = intake(bench, shared)
    assert code == 0, out
    [text] = drafts(bench).values()
    assert "Isidore" not in text and "Quillon" not in text and "Marisol" not in text
    assert "hidden text (13 words)" in out


# ------------------------------------------------------------------ Word altChunk

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
AF = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"


def with_alt_chunk(data: bytes, html: str) -> bytes:
    """`data` with a web page pasted in whole after its last paragraph (`w:altChunk`), as some tools write."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "word/document.xml":
                body = body.replace(b"<w:sectPr", f'<w:altChunk xmlns:r="{R}" r:id="rIdChunk1"/><w:sectPr'.encode(), 1)
            elif item.filename == "word/_rels/document.xml.rels":
                rel = f'<Relationship Id="rIdChunk1" Type="{AF}" Target="chunk1.html"/>'
                body = body.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                kind = '<Override PartName="/word/chunk1.html" ContentType="text/html"/>'
                body = body.replace(b"</Types>", kind.encode() + b"</Types>")
            dst.writestr(item, body)
        dst.writestr("word/chunk1.html", html)
    return out.getvalue()


def test_a_word_file_with_a_page_pasted_in_whole_says_so() -> None:
    data = with_alt_chunk(word("Question: 1", "Written by: ada", "My own words."), "<p>Chunk words pasted</p>")
    assert re.search(rb"<w:altChunk", zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    reading = read_docx(data)
    assert "My own words." in reading.text and "Chunk words" not in reading.text
    [note] = [n for n in reading.notes if "pasted in whole" in n]
    assert "1 document" in note and "NOT taken in" in note and "save it again" in note


def test_a_word_file_that_is_only_a_pasted_page_is_refused_with_the_reason(bench: Bench, shared: Path) -> None:
    data = with_alt_chunk(word("Question: 1", "Written by: ada"), "<p>All of the answer</p>")
    (shared / "all pasted.docx").write_bytes(data)
    code, out = intake(bench, shared)
    assert code == 1, out
    assert "no text under its header lines" in out and "pasted in whole" in out
    assert drafts(bench) == {}


# ------------------------------------------------------------------ the intake folder linked


def test_the_intake_folder_linked_into_the_shared_folder_is_refused(bench: Bench, shared: Path) -> None:
    (shared / "records").mkdir()
    (bench.response / "intake").symlink_to(shared / "records", target_is_directory=True)
    (shared / "q1.docx").write_bytes(word("Written by: ada", "Words."))
    before = sorted(p.relative_to(shared).as_posix() for p in shared.rglob("*"))
    out = assert_user_error(run(["intake", str(shared)], cwd=bench.root), 2)
    assert "responses/crisis-house/intake is a link into the shared folder" in out
    assert "remove the link" in out
    assert sorted(p.relative_to(shared).as_posix() for p in shared.rglob("*")) == before
    assert drafts(bench) == {}


def test_the_intake_folder_linked_anywhere_else_is_refused(bench: Bench, shared: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (bench.response / "intake").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (shared / "q1.docx").write_bytes(word("Written by: ada", "Words."))
    out = assert_user_error(run(["intake", str(shared)], cwd=bench.root), 2)
    assert "is a link elsewhere" in out
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_link_in_the_shared_folder_to_the_intake_folder_is_not_followed(bench: Bench, shared: Path) -> None:
    (bench.response / "intake").mkdir()
    (bench.response / "intake" / "record.yaml").write_text("taken_in: []\n")
    (shared / "records").symlink_to(bench.response / "intake", target_is_directory=True)
    code, out = intake(bench, shared)
    assert code == 1 and "records" in out and "link" in out
    assert drafts(bench) == {}


# ------------------------------------------------------------------ names, one folding rule


@pytest.mark.parametrize(
    "written",
    [
        "Siobhán O’Neill",
        "SIOBHAN ONEILL",
        "siobhan o'neill",
        "O’Neill, Siobhán",
        "Siob\u00adhan O\u2019Neill",
        "Siobhan",
    ],
)
def test_a_name_is_found_however_it_is_typed(bench: Bench, shared: Path, written: str) -> None:
    with_people(bench)
    (shared / "answer.docx").write_bytes(word("Question: 1", f"Written by: {written}", "The ferry should wait."))
    code, out = intake(bench, shared)
    assert code == 0, out
    [text] = drafts(bench).values()
    assert "by: [siobhan]" in text


def test_a_nickname_in_the_person_s_file_finds_them(bench: Bench, shared: Path) -> None:
    with_people(bench)
    (shared / "tom.docx").write_bytes(word("Question: 2", "Written by: Tom", "Ask at the library."))
    code, out = intake(bench, shared)
    assert code == 0, out
    [text] = drafts(bench).values()
    assert "by: [tomasz]" in text


def test_an_ambiguous_nickname_is_reported_not_guessed(bench: Bench, shared: Path) -> None:
    other = "name: Thomas Ebbage\ncredit: initials\nknown_as: [Tom, Tommy]\nconsent: {quotes: 'no'}\n"
    with_people(bench, {"thomas": other})
    (shared / "tom.docx").write_bytes(word("Question: 2", "Written by: Tom", "Ask at the library."))
    code, out = intake(bench, shared)
    assert code == 1, out
    assert "'Tom' could be any of thomas, tomasz" in out
    assert drafts(bench) == {} and not (bench.response / "unsorted").exists()


@pytest.mark.parametrize("known_as", ["[Tom, '']", "['Tom, Tommy']", "[' ']", '"Tom\\nTommy"', "[Tom & Tommy]"])
def test_known_as_is_checked(bench: Bench, known_as: str) -> None:
    bench.write("contributors/tomasz.yaml", f'name: Tomasz Wierzba\nknown_as: {known_as}\nconsent: {{quotes: "no"}}\n')
    out = assert_user_error(run(["check", str(bench.response)]), 1)
    assert "contributors/tomasz.yaml" in out and "known_as" in out


@pytest.mark.parametrize(
    "typed, start",
    [("Tommo", "Tommo"), ("TOMMO", "TOMMO"), ("Tom\u00admo", "Tom"), ("Tｏmmo", "T"), ("Tommo Wierzba", "Tommo")],
)
def test_a_nickname_is_as_private_as_the_name(bench: Bench, typed: str, start: str) -> None:
    """A name a person goes by, recorded for intake, is refused by check and build alike, however it is typed."""
    from tests.attacks.kit import contribute, refused

    bench.write(
        "contributors/tomasz.yaml",
        "name: Tomasz Wierzba\ncredit: initials\nknown_as: [Tommo]\nconsent: {recorded: 2025-03-01, quotes: 'no'}\n",
    )
    w = contribute(bench, "70-nick.md", f"As {typed} told the group, the ferry should wait.\n")
    line, col = w.at(start)
    refused(bench, w.rel, line, col, "tomasz")


# ------------------------------------------------------------------ one clock


def test_intake_reads_no_clock_of_its_own() -> None:
    folder = Path(__file__).parent.parent / "pipeline" / "workflow" / "intake"
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"datetime\.now|date\.today|time\.time\(|utcnow", source), path.name


def test_the_record_is_dated_by_the_one_clock(bench: Bench, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "2027-01-05")
    (shared / "q1.docx").write_bytes(word("Written by: ada", "Words for the first question."))
    code, out = intake(bench, shared)
    assert code == 0, out
    record = yaml.safe_load((bench.response / "intake" / "record.yaml").read_text(encoding="utf-8"))
    assert [e["taken_in"][:10] for e in record["taken_in"]] == ["2027-01-05"]


def test_the_template_is_dated_by_the_one_clock(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "2027-01-05")
    result = run(["intake", "--template", "t.docx"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    core = zipfile.ZipFile(bench.root / "t.docx").read("docProps/core.xml").decode()
    assert "2027-01-05T00:00:00" in core and str(2026) + "-12" not in core


# ------------------------------------------------------------------ the same words, saved again


def test_a_file_a_cloud_drive_saved_again_is_not_taken_in_twice(bench: Bench, shared: Path) -> None:
    words = ("Question: 1", "Written by: ada", "A quiet room with a kettle.")
    (shared / "mine.docx").write_bytes(word(*words))
    assert intake(bench, shared)[0] == 0
    resaved = word(*words, title="Saved by the drive")
    assert resaved != (shared / "mine.docx").read_bytes()
    (shared / "mine.docx").write_bytes(resaved)
    code, out = intake(bench, shared)
    assert code == 0, out
    assert "Already taken in (1)" in out and "same words as mine.docx (saved again)" in out
    assert len(drafts(bench)) == 1


@pytest.mark.parametrize(
    "copy",
    [
        "mine (1).docx",
        "mine-DESKTOP-AB12CD3.docx",
        "mine (conflicted copy 2026-11-20).docx",
        "mine (Ada's conflicted copy 2026-11-20).docx",
        "mine - Copy.docx",
        "mine.sync-conflict-20261120-101010-ABCDEFG.docx",
    ],
)
def test_a_sync_client_s_copy_with_the_same_words_is_the_same_file(bench: Bench, shared: Path, copy: str) -> None:
    words = ("Question: 1", "Written by: ada", "A quiet room with a kettle.")
    (shared / "mine.docx").write_bytes(word(*words))
    (shared / copy).write_bytes(word(*words, title="copy"))
    code, out = intake(bench, shared)
    assert code == 0, out
    [(name, text)] = drafts(bench).items()
    assert "source: mine.docx" in text or "mine.docx" in text
    assert f"{copy}: on 2026-11-20" in out and "a sync client's copy of it" in out


def test_a_sync_client_s_copy_with_other_words_is_taken_in_and_said_to_be_a_copy(bench: Bench, shared: Path) -> None:
    (shared / "mine.docx").write_bytes(word("Question: 1", "Written by: ada", "A quiet room with a kettle."))
    copy = "mine (conflicted copy 2026-11-20).docx"
    (shared / copy).write_bytes(word("Question: 1", "Written by: ada", "Staff who listen, day and night."))
    code, out = intake(bench, shared)
    assert code == 0, out
    assert len(drafts(bench)) == 2
    assert "copy of mine.docx, but its words differ" in out


def test_a_numbered_copy_with_other_words_is_a_new_version(bench: Bench, shared: Path) -> None:
    """ "x (1).docx" is how a drive names a file saved again beside itself: by the same writer for the same
    question, a new version of it (test_intake_revisions.py), its text replacing the earlier one."""
    (shared / "mine.docx").write_bytes(word("Question: 1", "Written by: ada", "A quiet room with a kettle."))
    (shared / "mine (1).docx").write_bytes(word("Question: 1", "Written by: ada", "Staff who listen, day and night."))
    code, out = intake(bench, shared)
    assert code == 0, out
    [text] = drafts(bench).values()
    assert "Staff who listen" in text and "revision of" in out and "its name says so" in out


def test_another_file_with_the_same_words_is_taken_in_with_a_note(bench: Bench, shared: Path) -> None:
    """Another file (not a copy of it) with the same words, header and all: by the same writer for the same
    question, it is not a second answer but a version with no change (test_intake_revisions.py); when the first
    draft was changed in the workbench, both are kept and the note says to check it is not the same answer twice."""
    words = ("Question: 1", "Written by: ada", "A quiet room with a kettle.")
    (shared / "ada.docx").write_bytes(word(*words))
    (shared / "from the group.docx").write_bytes(word(*words, title="group"))
    code, out = intake(bench, shared)
    assert code == 0, out
    assert len(drafts(bench)) == 1 and "revision of" in out and "no change to the words" in out
    [draft] = bench.response.glob("*-intake.md")
    draft.write_text(draft.read_text(encoding="utf-8") + "\nAdded by the coordinator.\n", encoding="utf-8")
    (shared / "from the choir.docx").write_bytes(word(*words, title="choir"))
    code, out = intake(bench, shared)
    assert code == 0, out
    assert len(drafts(bench)) == 2
    assert "same words as ada.docx" in out and "not the same answer twice" in out
