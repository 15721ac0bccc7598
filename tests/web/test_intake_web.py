"""Volunteers' files in the workbench: an upload is taken in by the intake rules under a name made of ids and its
hash (never the name it came with), a bad file is refused with a message and changes nothing, the shared folder
is read as `coproduce intake` reads it, an unsorted draft is filed as `coproduce assign` files it, and the page
never shows a name nobody chose to have shown."""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import run
from tests.factory import WITHHELD, make_bench
from tests.web.conftest import Web, follow, post
from tests.web.conftest import text_of as _text_of

R = "/r/crisis-house"
SECRET_NAME = "Elias Thorne"  # eli chose not to be credited


def text_of(page: str) -> str:
    return html.unescape(_text_of(page))


def word(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def send(web: Web, name: str, data: bytes, **choices: str) -> object:
    return post(web.client, f"{R}/intake/upload", choices, files={"file": (name, data, "application/octet-stream")})


def _no_private_string(page: str) -> None:
    for secret in WITHHELD:
        assert secret.lower() not in page.lower(), secret


def test_an_upload_with_its_question_and_writer_is_the_draft_coproduce_intake_makes(web: Web, tmp_path: Path) -> None:
    data = word("A calm room matters most at night.")
    answer = send(web, "Elias Thorne answer.docx", data, question="q3", by="ada")
    assert answer.status_code == 200  # type: ignore[attr-defined]
    said = text_of(answer.text)  # type: ignore[attr-defined]
    digest = hashlib.sha256(data).hexdigest()[:12]
    assert f"Taken in: ada/q3/upload-{digest}.docx, now responses/crisis-house/" in said
    drafts = sorted(web.bench.response.glob("*-q3-ada-intake.md"))
    assert len(drafts) == 1
    # the command, from a shared folder laid out the same way, writes the same draft
    twin = make_bench(tmp_path / "twin")
    shared = tmp_path / "shared" / "ada" / "q3"
    shared.mkdir(parents=True)
    (shared / f"upload-{digest}.docx").write_bytes(data)
    result = run(["intake", str(tmp_path / "shared")], cwd=twin.root)
    assert result.exit_code == 0, result.output
    assert drafts[0].read_bytes() == (twin.response / drafts[0].name).read_bytes()
    # the original is kept under intake/ by the same rule, byte for byte, and nothing names the file it came as
    assert (web.bench.response / "intake" / "ada" / "q3" / f"upload-{digest}.docx").read_bytes() == data
    for path in web.bench.response.rglob("*"):
        assert "elias" not in path.name.lower() and "thorne" not in path.name.lower(), path
    assert SECRET_NAME not in (web.bench.response / "intake" / "record.yaml").read_text(encoding="utf-8")
    _no_private_string(answer.text)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name", ["../../x.docx", "..\\..\\x.docx", "/etc/cron.d/x.docx", "C:\\Users\\Elias Thorne\\x.docx"]
)
def test_a_path_in_the_upload_name_is_never_followed(web: Web, name: str) -> None:
    outside = tree(web.root.parent)
    data = word("Nights are hardest.")
    answer = send(web, name, data)
    assert answer.status_code == 200, text_of(answer.text)  # type: ignore[attr-defined]
    digest = hashlib.sha256(data).hexdigest()[:12]
    assert (web.bench.response / "intake" / f"upload-{digest}.docx").is_file()
    assert (web.bench.response / "unsorted" / f"upload-{digest}-intake.md").is_file()
    added = set(tree(web.root.parent)) - set(outside)
    assert all(p.startswith("wb/responses/crisis-house/") for p in added), added
    _no_private_string(answer.text)  # type: ignore[attr-defined]


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w", force_zip64=True) as f:
        for _ in range(100):
            f.write(b"\0" * (1024 * 1024))
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("answer.docm", b"PK\x03\x04 macros", "macro-enabled Word document"),
        ("template.dotm", b"PK\x03\x04", "macro-enabled Word template"),
        ("answer.DOCM", b"PK\x03\x04", "macro-enabled Word document"),
        ("picture.docx", _png(), "this is not a Word document (.docx)"),
        ("bomb.docx", _bomb(), "zip bomb"),
        ("notes.pdf", b"%PDF-1.7", "it is a PDF"),
        ("run.exe", b"MZ", "not .exe"),
        ("noending", b"hello", "not files with no ending"),
        ("empty.docx", b"", "the file is empty"),
    ],
)
def test_a_bad_upload_is_refused_in_plain_words_and_changes_nothing(
    web: Web, name: str, data: bytes, said: str
) -> None:
    before = tree(web.root)
    answer = send(web, name, data)
    assert answer.status_code == 400  # type: ignore[attr-defined]
    assert said in text_of(answer.text)  # type: ignore[attr-defined]
    assert "Traceback" not in answer.text  # type: ignore[attr-defined]
    assert tree(web.root) == before


def test_an_upload_over_the_limit_is_refused(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.workflow.intake import upload

    monkeypatch.setattr(upload, "MAX_UPLOAD", 1024)
    before = tree(web.root)
    answer = send(web, "long.docx", word("words " * 2000))
    assert answer.status_code == 400 and "too big to be a written answer" in text_of(answer.text)  # type: ignore[attr-defined]
    assert tree(web.root) == before


def test_choices_that_are_not_ids_are_refused(web: Web) -> None:
    before = tree(web.root)
    answer = send(web, "a.docx", word("Words."), question="../q1", by="ada")
    assert answer.status_code == 400 and "is not an id" in text_of(answer.text)  # type: ignore[attr-defined]
    assert tree(web.root) == before


def test_an_upload_without_the_token_or_from_elsewhere_is_refused(web: Web) -> None:
    before = tree(web.root)
    files = {"file": ("a.docx", word("Words."), "application/octet-stream")}
    answer = post(web.client, f"{R}/intake/upload", {}, files=files, origin="https://attacker.example")
    assert answer.status_code == 403
    answer = web.client.post(f"{R}/intake/upload", files=files, headers={"origin": "http://127.0.0.1:8765"})
    assert answer.status_code == 403
    assert tree(web.root) == before


def test_the_same_file_twice_is_taken_in_once(web: Web) -> None:
    data = word("Said once.")
    send(web, "a.docx", data, question="q3", by="ada")
    answer = send(web, "b.docx", data, question="q3", by="ada")
    assert "Already taken in" in text_of(answer.text)  # type: ignore[attr-defined]
    assert len(list(web.bench.response.glob("*-q3-ada-intake.md"))) == 1


# ------------------------------------------------------------ the shared folder


def test_reading_the_shared_folder_is_coproduce_intake_and_shows_no_private_name(web: Web, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "ada").mkdir(parents=True)
    (shared / "ada" / "q3 night.docx").write_bytes(word("Question: 3", "The nights are long."))
    (shared / f"{SECRET_NAME} notes.docx").write_bytes(word("Some thoughts with no header."))
    (shared / "macro.docm").write_bytes(b"PK")
    before = tree(shared)
    answer = post(web.client, f"{R}/intake/shared", {"shared": str(shared)})
    assert answer.status_code == 200
    said = text_of(answer.text)
    assert (
        "Taken in: ada/q3 night.docx" in said and "Waiting to be filed" in said and "Not taken in: macro.docm" in said
    )
    _no_private_string(answer.text)
    assert "[a private name]" in said  # the file name that holds a name is shown without it
    assert tree(shared) == before  # only read
    twin = make_bench(tmp_path / "twin")
    result = run(["intake", str(shared)], cwd=twin.root)
    assert result.exit_code == 1, result.output  # the .docm is refused by both
    mine = {p.relative_to(web.bench.response).as_posix(): p.read_bytes() for p in web.bench.response.rglob("*.md")}
    theirs = {p.relative_to(twin.response).as_posix(): p.read_bytes() for p in twin.response.rglob("*.md")}
    assert mine == theirs


@pytest.mark.parametrize("where", ["", "/no/such/folder", "RESPONSE", "WORKBENCH"])
def test_a_shared_folder_that_cannot_be_read_from_is_refused(web: Web, where: str) -> None:
    typed = {"RESPONSE": str(web.bench.response), "WORKBENCH": str(web.root)}.get(where, where)
    before = tree(web.root)
    answer = post(web.client, f"{R}/intake/shared", {"shared": typed})
    assert answer.status_code == 400
    assert re.search(r"not a folder|overlap", text_of(answer.text))
    assert 'id="shared-error"' in answer.text
    assert tree(web.root) == before


# ------------------------------------------------------------------ filing


def test_filing_an_unsorted_draft_is_coproduce_assign(web: Web, tmp_path: Path) -> None:
    data = word("Referral by text message would help.")
    send(web, "x.docx", data)
    page = web.client.get(f"{R}/intake")
    key = re.search(r'name="draft" value="([0-9a-f]{16})"', page.text)
    assert key and "Draft 1:" in text_of(page.text)
    answer = post(web.client, f"{R}/intake/file", {"draft": key.group(1), "question": "q2", "by": "bo"})
    assert answer.status_code == 303
    assert "still a draft" in text_of(follow(web.client, answer).text)
    twin = make_bench(tmp_path / "twin")
    digest = hashlib.sha256(data).hexdigest()[:12]
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / f"upload-{digest}.docx").write_bytes(data)
    run(["intake", str(tmp_path / "shared")], cwd=twin.root)
    result = run(
        ["assign", f"responses/crisis-house/unsorted/upload-{digest}-intake.md", "q2", "--by", "bo"], cwd=twin.root
    )
    assert result.exit_code == 0, result.output
    mine = {p.name: p.read_bytes() for p in web.bench.response.glob("*.md")}
    theirs = {p.name: p.read_bytes() for p in twin.response.glob("*.md")}
    assert mine == theirs
    assert not list((web.bench.response / "unsorted").glob("*.md"))


def test_filing_needs_a_writer_and_a_known_draft(web: Web) -> None:
    send(web, "x.docx", word("Words."))
    key = re.search(r'name="draft" value="([0-9a-f]{16})"', web.client.get(f"{R}/intake").text)
    assert key
    answer = post(web.client, f"{R}/intake/file", {"draft": key.group(1), "question": "q2", "by": ""})
    assert answer.status_code == 400 and "say who wrote it" in text_of(answer.text)
    assert post(web.client, f"{R}/intake/file", {"draft": "0" * 16, "question": "q2", "by": "bo"}).status_code == 404
    assert post(web.client, f"{R}/intake/file", {"draft": "../../response.yaml", "by": "bo"}).status_code == 404


def _word_with_marks() -> bytes:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    first = document.add_paragraph("Question: 3")
    said = document.add_paragraph("People should be able to ring ")
    said._p.append(  # a tracked change: "at night" replaced with "at any hour"
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="Gustav Pell" w:date="2026-11-01T10:00:00Z">'
            "<w:r><w:delText>at night</w:delText></w:r></w:del>"
        )
    )
    said._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="Gustav Pell" w:date="2026-11-01T10:00:00Z">'
            "<w:r><w:t>at any hour</w:t></w:r></w:ins>"
        )
    )
    document.add_comment(first.runs, text="Ask Elias Thorne whether this is right", author="Gustav Pell", initials="GP")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_comments_and_tracked_changes_are_shown_in_words_without_who_made_them(web: Web) -> None:
    answer = send(web, "x.docx", _word_with_marks(), by="ada")
    assert answer.status_code == 200, text_of(answer.text)  # type: ignore[attr-defined]
    said = text_of(answer.text)  # type: ignore[attr-defined]
    assert "a tracked change replaced “at night” with “at any hour”" in said
    assert "a comment says: “Ask [a private name] whether this is right”" in said
    _no_private_string(answer.text)  # type: ignore[attr-defined]  # the name in the comment, and its author's
    draft = next(web.bench.response.glob("*-q3-ada-intake.md")).read_text(encoding="utf-8")
    assert "ring at any hour" in draft and "at night" not in draft and "Ask" not in draft  # taken as accepted


def test_an_opendocument_upload_is_taken_in_and_a_word_file_named_odt_is_refused(web: Web) -> None:
    from tests.test_intake_odt import odt

    answer = send(web, "reply.odt", odt("<text:p>Question: 2</text:p><text:p>Ring the house first.</text:p>"), by="cy")
    assert answer.status_code == 200, text_of(answer.text)  # type: ignore[attr-defined]
    assert "Taken in: cy/upload-" in text_of(answer.text)  # type: ignore[attr-defined]
    assert "Ring the house first." in next(web.bench.response.glob("*-q2-cy-intake.md")).read_text(encoding="utf-8")
    before = tree(web.root)
    answer = send(web, "disguised.odt", word("Words."))
    assert answer.status_code == 400  # type: ignore[attr-defined]
    assert "it is not an OpenDocument text file" in text_of(answer.text)  # type: ignore[attr-defined]
    assert tree(web.root) == before


def test_a_draft_intake_knew_was_by_someone_who_withdrew_is_not_filed_under_another_name(web: Web) -> None:
    send(web, "x.docx", word("Written by: gus", "The quiet room matters."))
    page = web.client.get(f"{R}/intake")
    key = re.search(r'name="draft" value="([0-9a-f]{16})"', page.text)
    assert key, text_of(page.text)
    answer = post(web.client, f"{R}/intake/file", {"draft": key.group(1), "question": "q2", "by": "ada"})
    assert answer.status_code == 400 and "gus withdrew" in text_of(answer.text)
    assert not list(web.bench.response.glob("*-q2-ada-intake.md"))


def test_an_opendocuments_comments_and_deletions_are_shown_without_who_made_them(web: Web) -> None:
    from tests.test_intake_odt import odt

    answer = send(web, "reply.odt", odt(), question="q1", by="ada")
    said = text_of(answer.text)  # type: ignore[attr-defined]
    assert "a comment says: “an aside”" in said and "a tracked change took out “removed words”" in said
    assert "Ottoline Brackenbury" not in said and "Isidore Fenwright" not in said  # who commented, who changed
