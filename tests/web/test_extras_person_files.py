"""A person's sheet and letter from their record page: the bytes the commands write, asked for by a POST with
CSRF from our own origin, sent as a download no cache keeps; the sheet's wording recorded as the command records it."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import docx
import pytest
import yaml

from tests.conftest import run
from tests.factory import WITHHELD, make_bench
from tests.web.conftest import ORIGIN, Web, csrf_of, post, text_of

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def words_of_docx(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def consent_of(root: Path, pid: str) -> dict[str, object]:
    return dict(yaml.safe_load((root / "contributors" / f"{pid}.yaml").read_text(encoding="utf-8"))["consent"])


def test_the_record_page_offers_the_sheet_and_the_letters_of_the_responses_they_took_part_in(web: Web) -> None:
    page = web.client.get("/people/ada").text
    assert 'action="/people/ada/sheet"' in page and 'action="/people/ada/letter"' in page
    assert 'value="crisis-house"' in page
    assert 'name="_xsrf" value="' + csrf_of(web.client) + '"' in page


@pytest.mark.parametrize("easy", [False, True])
def test_the_sheet_downloaded_is_the_one_the_command_writes_and_its_wording_is_recorded(
    web: Web, tmp_path: Path, easy: bool
) -> None:
    assert "sheet_version" not in consent_of(web.root, "ada")
    version = {"version": "easy-read"} if easy else {}
    answer = post(web.client, "/people/ada/sheet", {"format": "docx", **version})
    assert answer.status_code == 200, answer.text[:2000]
    stem = "ada-sheet" + ("-easy-read" if easy else "")
    assert answer.headers["content-type"] == WORD
    assert answer.headers["content-disposition"] == f'attachment; filename="{stem}.docx"'
    assert answer.headers["cache-control"] == "no-store"
    twin = make_bench(tmp_path / "twin").root
    args = ["contributor", "sheet", "ada", "--out", "sheets", *(["--easy-read"] if easy else [])]
    assert run(args, cwd=twin).exit_code == 0
    assert answer.content == (twin / "sheets" / f"{stem}.docx").read_bytes()
    assert "Ada Fenwick" in words_of_docx(answer.content)  # their own sheet: their own name
    recorded = consent_of(web.root, "ada")
    assert recorded["sheet_version"] == consent_of(twin, "ada")["sheet_version"]
    assert recorded["sheet_fingerprint"] == consent_of(twin, "ada")["sheet_fingerprint"]
    pdf = post(web.client, "/people/ada/sheet", {"format": "pdf", **version})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"] == f'attachment; filename="{stem}.pdf"'


@pytest.mark.parametrize("easy", [False, True])
def test_the_letter_downloaded_is_the_one_tell_writes(web: Web, tmp_path: Path, easy: bool) -> None:
    version = {"version": "easy-read"} if easy else {}
    answer = post(web.client, "/people/cy/letter", {"response": "crisis-house", "format": "docx", **version})
    assert answer.status_code == 200, answer.text[:2000]
    stem = "crisis-house-letter-cy" + ("-easy-read" if easy else "")
    assert answer.headers["content-disposition"] == f'attachment; filename="{stem}.docx"'
    assert answer.headers["cache-control"] == "no-store"
    twin = make_bench(tmp_path / "twin").root
    args = ["tell", "cy", "crisis-house", "--out", str(tmp_path / "letters"), "--no-pdf"]
    assert run([*args, *(["--easy-read"] if easy else [])], cwd=twin).exit_code == 0
    assert answer.content == (tmp_path / "letters" / f"{stem}.docx").read_bytes()
    text = post(web.client, "/people/cy/letter", {"response": "crisis-house", "format": "txt", **version})
    assert text.content == (tmp_path / "letters" / f"{stem}.txt").read_bytes()
    words = words_of_docx(answer.content)
    assert "Cygnet" in words  # addressed as they chose to be credited
    for private in WITHHELD:
        assert private.casefold() not in words.casefold(), private


@pytest.mark.parametrize("where", ["/people/ada/sheet", "/people/ada/letter"])
def test_refused_without_the_csrf_token_or_from_another_site(web: Web, where: str) -> None:
    fields = {"format": "docx", "response": "crisis-house"}
    bare = web.client.post(where, data=fields, headers={"origin": ORIGIN})
    assert bare.status_code == 403
    assert post(web.client, where, fields, origin="http://evil.example").status_code == 403
    forged = post(web.client, where, {**fields, "_xsrf": "not-the-token"})
    assert forged.status_code == 403
    assert b"Ada Fenwick" not in bare.content + forged.content
    assert "sheet_version" not in consent_of(web.root, "ada")  # nothing recorded
    assert web.client.get(where).status_code == 405  # a link cannot ask for it


@pytest.mark.parametrize(
    ("where", "fields", "status"),
    [
        ("/people/nobody/sheet", {"format": "pdf"}, 404),
        ("/people/ada/sheet", {"format": "yaml"}, 400),
        ("/people/ada/letter", {"format": "docx", "response": "../contributors"}, 400),
        ("/people/ada/letter", {"format": "docx", "response": "crisis-house/../x"}, 400),
        ("/people/ada/letter", {"format": "exe", "response": "crisis-house"}, 400),
        ("/people/ivy/letter", {"format": "txt", "response": "crisis-house"}, 400),  # took no part in it
    ],
)
def test_nothing_but_a_listed_person_response_and_format_is_made(
    web: Web, where: str, fields: dict[str, str], status: int
) -> None:
    answer = post(web.client, where, fields)
    assert answer.status_code == status
    assert "attachment" not in answer.headers.get("content-disposition", "")
    assert "Castell" not in answer.text and "Fenwick" not in answer.text


def test_the_offer_shows_on_no_page_but_their_own_record(web: Web) -> None:
    for page in ("/", "/people", "/people/cy", "/r/crisis-house/build"):
        shown = web.client.get(page).text
        assert "/people/ada/sheet" not in shown and "/people/ada/letter" not in shown, page
    own = text_of(web.client.get("/people/ada").text)
    assert "Ada Fenwick" in own
    others = [w for w in WITHHELD if w != "Ada Fenwick" and re.search(r"^[A-Z][a-z]+ [A-Z]", w)]
    for name in others:
        assert name not in own, name


def test_a_sheet_the_command_refuses_is_refused_in_the_same_words(web: Web, tmp_path: Path) -> None:
    twin = make_bench(tmp_path / "twin").root
    result = run(["contributor", "sheet", "gus", "--out", "sheets"], cwd=twin)  # gus withdrew
    assert result.exit_code != 0 and "Traceback" not in result.output
    before = (web.root / "contributors/gus.yaml").read_bytes()
    answer = post(web.client, "/people/gus/sheet", {"format": "pdf"})
    assert answer.status_code == 303 and answer.headers["location"] == "/people/gus"
    assert "attachment" not in answer.headers.get("content-disposition", "")
    said = html.unescape(text_of(web.client.get("/people/gus").text))
    assert "The sheet was not made." in said
    assert "gus withdrew on 2025-06-01" in result.output and "a sheet is for someone taking part" in result.output
    assert 'action="/people/gus/sheet"' not in web.client.get("/people/gus").text  # not offered, and refused
    assert "The sheet was not made. gus withdrew on 2025-06-01: a sheet is for someone taking part" in said
    assert (web.root / "contributors/gus.yaml").read_bytes() == before
