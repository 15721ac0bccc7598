"""Review in Word through the workbench: a reviewed copy uploaded, its suggestions accepted and rejected, edits
confirmed or declined; each leaves the files the commands leave on a twin workbench, byte for byte, and no
private name (a Word author's, or one typed in a comment) is on the page."""

from __future__ import annotations

import html
import io
import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.web.addresses import contribution_id
from tests.conftest import run
from tests.factory import WITHHELD, make_bench
from tests.test_confirmations import HAL, QUOTE_AFTER, QUOTE_BEFORE, REFERRAL
from tests.test_review import DOCX, _replace_once, _rewrite, reviewed_copy
from tests.web.conftest import ORIGIN, Web, follow, post
from tests.web.conftest import text_of as tags_off

CID = contribution_id(REFERRAL)  # how the page's forms name 31-q2-referral.md

COMMENT = "Ask Cyrus Marlow before changing this."  # a private name typed into a comment's words


def text_of(page: str) -> str:
    return html.unescape(tags_off(page))


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return make_copies(tmp_path_factory.mktemp("copies"))


def make_copies(where: Path) -> dict[str, bytes]:
    """Reviewed copies of the invented workbench's draft: "many" (tracked changes by two people, an untracked
    edit, a comment by bo and one naming cy) and "quote" (hal changes bo's quote in cy's contribution)."""
    import docx

    bench = make_bench(where / "wb")
    result = run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    built = bench.draft_out / DOCX
    many = reviewed_copy(built, where / "many.docx")
    word = docx.Document(str(many))
    para = next(p for p in word.paragraphs if "views across" in p.text)
    word.add_comment(para.runs, text=COMMENT, author="Ivy Castell", initials="IC")
    buffer = io.BytesIO()
    word.save(buffer)

    def edit(xml: str) -> str:
        return _replace_once(
            xml,
            f"<w:t>{QUOTE_BEFORE}</w:t></w:r>",
            '<w:t xml:space="preserve">Being able to ring them myself made </w:t></w:r>'
            f'<w:del w:id="91" w:author="{HAL}" w:date="2026-11-18T10:00:00Z"><w:r><w:delText>all the'
            f'</w:delText></w:r></w:del><w:ins w:id="92" w:author="{HAL}" w:date="2026-11-18T10:00:00Z"><w:r>'
            '<w:t>a real</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> difference.</w:t></w:r>',
        )

    return {"many": buffer.getvalue(), "quote": _rewrite(built.read_bytes(), "word/document.xml", edit)}


def send(web: Web, data: bytes, name: str = "returned by Bo Lindqvist.docx") -> object:
    return post(web.client, "/r/crisis-house/review/upload", files={"file": (name, data, "application/octet-stream")})


def twin(tmp_path: Path, data: bytes) -> Path:
    """The same workbench, the same copy read by  coproduce review : the record the command writes."""
    root = make_bench(tmp_path / "twin").root
    copy = tmp_path / "copy.docx"
    copy.write_bytes(data)
    result = run(["review", str(copy), "crisis-house"], cwd=root)
    assert result.exit_code == 0, result.output
    return root


def review_files(root: Path) -> dict[str, bytes]:
    folder = root / "responses/crisis-house/review"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def contributions(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "responses/crisis-house").glob("*.md"))}


def suggestions(root: Path) -> dict[tuple[str, str], str]:
    (path,) = sorted((root / "responses/crisis-house/review").glob("*.yaml"))
    return {(s["old"], s["new"]): s["id"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["suggestions"]}


def assert_nothing_private(page: str) -> None:
    for private in (*WITHHELD, "Castell", "Lindqvist", "Cyrus"):
        assert private not in page, private


def test_an_uploaded_copy_is_recorded_as_the_command_records_it(web: Web, copies: dict[str, bytes], tmp_path: Path):
    answer = send(web, copies["many"])
    assert answer.status_code == 303, text_of(answer.text)[:3000]
    page = follow(web.client, answer).text
    assert review_files(web.root) == review_files(twin(tmp_path, copies["many"]))
    shown = text_of(page)
    assert "Read returned by [a private name].docx" in shown
    expected = run(["status", "crisis-house"], cwd=web.root).output
    for sid in suggestions(web.root).values():
        assert f'name="sid" value="{sid}"' in page and f"{sid}: " in shown and f"{sid}: " in expected
    assert "note by bo" in shown and "[a private name] before changing this" in shown  # the comment's words
    assert "Accept" in shown and "Reject" in shown
    assert_nothing_private(page)


def test_accept_and_reject_write_what_the_commands_write(web: Web, copies: dict[str, bytes], tmp_path: Path) -> None:
    assert send(web, copies["many"]).status_code == 303
    other = twin(tmp_path, copies["many"])
    found = suggestions(web.root)
    assert found == suggestions(other)
    accept, reject = found[("", ", text")], found[(" second", "")]
    page = follow(web.client, post(web.client, "/r/crisis-house/review/decide", {"sid": accept, "decision": "accept"}))
    assert f"{accept} accepted: written into {REFERRAL}" in text_of(page.text)
    answer = post(web.client, "/r/crisis-house/review/decide", {"sid": reject, "decision": "reject"})
    assert answer.status_code == 303
    assert run(["review", "accept", "crisis-house", accept], cwd=other).exit_code == 0
    assert run(["review", "reject", "crisis-house", reject], cwd=other).exit_code == 0
    assert contributions(web.root) == contributions(other)
    assert review_files(web.root) == review_files(other)
    page = web.client.get("/r/crisis-house/review").text
    assert f'name="sid" value="{accept}"' not in page and f'name="sid" value="{reject}"' not in page
    again = post(web.client, "/r/crisis-house/review/decide", {"sid": accept, "decision": "reject"})
    assert "was already accepted; nothing changed" in text_of(follow(web.client, again).text)


def test_an_unknown_suggestion_is_told_in_plain_words(web: Web, copies: dict[str, bytes]) -> None:
    assert send(web, copies["many"]).status_code == 303
    before = contributions(web.root)
    answer = post(web.client, "/r/crisis-house/review/decide", {"sid": "s999", "decision": "accept"})
    assert answer.status_code == 400
    assert "there is no suggestion s999" in text_of(answer.text) and "Traceback" not in answer.text
    assert contributions(web.root) == before


@pytest.mark.parametrize(
    ("choice", "args"),
    [("record", ["record"]), ("decline", ["decline", "--keep-original"]), ("leave-out", ["decline", "--leave-out"])],
)
def test_confirmations_are_recorded_as_the_command_records_them(
    web: Web, copies: dict[str, bytes], tmp_path: Path, choice: str, args: list[str]
) -> None:
    assert send(web, copies["quote"]).status_code == 303
    other = twin(tmp_path, copies["quote"])
    ((_, sid),) = suggestions(web.root).items()
    assert post(web.client, "/r/crisis-house/review/decide", {"sid": sid, "decision": "accept"}).status_code == 303
    assert run(["review", "accept", "crisis-house", sid], cwd=other).exit_code == 0
    page = web.client.get("/r/crisis-house/review").text
    listed = run(["confirmations", "crisis-house"], cwd=other).output
    for pid in ("bo", "cy"):
        assert f'name="pid" value="{pid}"' in page and f"  {pid} " in listed
    # the forms name the contribution by its opaque id (a file may be named after someone), never by file name
    assert f'name="file" value="{CID}"' in page and f'value="{REFERRAL}"' not in page
    assert QUOTE_BEFORE in text_of(page) and QUOTE_AFTER in text_of(page)  # before and after, to show them
    assert_nothing_private(page)
    answer = post(web.client, "/r/crisis-house/review/confirm", {"file": CID, "pid": "cy", "answer": choice})
    said = text_of(follow(web.client, answer).text)
    assert f"Recorded: cy {'confirmed' if choice == 'record' else 'declined'} the change to {REFERRAL}" in said
    result = run(["confirmations", *args[:1], "crisis-house", REFERRAL, "--by", "cy", *args[1:]], cwd=other)
    assert result.exit_code == 0, result.output
    assert contributions(web.root) == contributions(other)
    text = (web.root / "responses/crisis-house" / REFERRAL).read_text(encoding="utf-8")
    assert (QUOTE_BEFORE in text) == (choice == "decline")


def test_they_declined_leave_it_out_is_shown_as_their_request(web: Web, copies: dict[str, bytes]) -> None:
    assert send(web, copies["quote"]).status_code == 303
    ((_, sid),) = suggestions(web.root).items()
    assert post(web.client, "/r/crisis-house/review/decide", {"sid": sid, "decision": "accept"}).status_code == 303
    page = web.client.get("/r/crisis-house/review").text
    assert 'value="leave-out"' in page and "They declined: leave it out" in text_of(page)
    answer = post(web.client, "/r/crisis-house/review/confirm", {"file": CID, "pid": "bo", "answer": "leave-out"})
    said = text_of(follow(web.client, answer).text)
    assert f"bo declined the change to {REFERRAL} and asked for it to be left out" in said
    assert 'name="pid" value="cy"' not in web.client.get("/r/crisis-house/review").text  # nobody waits now
    listing = " ".join(text_of(web.client.get("/r/crisis-house").text).split())
    assert "left out at bo's request (declined an edit)" in listing
    home = " ".join(text_of(web.client.get("/").text).split())
    assert "(emptied by a withdrawal and left out at bo's request: its answer was left out)" in home  # q2
    assert_nothing_private(listing + home)
    page = web.client.get("/r/crisis-house/review").text
    assert "They confirmed after all: bring it back" in page and 'name="pid" value="bo"' in page
    answer = post(web.client, "/r/crisis-house/review/confirm", {"file": CID, "pid": "bo", "answer": "record"})
    assert "Recorded: bo confirmed the change" in text_of(follow(web.client, answer).text)
    assert "left out at" not in " ".join(text_of(web.client.get("/r/crisis-house").text).split())  # back in


def test_nothing_waits_for_someone_not_asked(web: Web) -> None:
    answer = post(web.client, "/r/crisis-house/review/confirm", {"file": CID, "pid": "ada", "answer": "record"})
    assert answer.status_code == 400
    assert "nothing in 31-q2-referral.md waits for ada" in text_of(answer.text)
    bad_ones = ({"file": "../response.yaml", "pid": "ada"}, {"file": CID, "pid": "../ada"}, {"file": ""},
                {"file": REFERRAL, "pid": "cy"})  # fmt: skip  # a file name is not an id: names never travel
    for bad in bad_ones:
        assert post(web.client, "/r/crisis-house/review/confirm", {"answer": "record", **bad}).status_code == 400


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("notes.pdf", b"%PDF-1.7 made up", "it is a PDF"),
        ("notes.txt", b"plain", "must be a Word (.docx) file, not .txt"),
        ("copy.odt", b"PK\x03\x04 not really", "save it as Word Document (.docx)"),
        ("empty.docx", b"", "the file is empty"),
        ("note.docx", b"I am a note, not a Word file", "not a Word file"),
        ("../../etc/passwd.docx", b"plain words", "not a Word file"),
    ],
)
def test_uploads_are_refused_as_intake_refuses_them(web: Web, name: str, data: bytes, said: str) -> None:
    answer = send(web, data, name)
    assert answer.status_code == 400
    assert said in text_of(answer.text), text_of(answer.text)[:3000]
    assert "Traceback" not in answer.text
    assert not (web.root / "responses/crisis-house/review").exists()


def test_too_big_is_refused(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.workflow.intake import upload

    monkeypatch.setattr(upload, "MAX_UPLOAD", 1000)
    answer = send(web, b"PK" + b"x" * 2000, "big.docx")
    assert answer.status_code == 400 and "too big" in text_of(answer.text)


@pytest.mark.parametrize(
    ("where", "fields"),
    [
        ("/r/crisis-house/review/decide", {"sid": "s1", "decision": "accept"}),
        ("/r/crisis-house/review/confirm", {"file": CID, "pid": "cy", "answer": "record"}),
    ],
)
def test_refused_without_the_csrf_token_or_from_another_site(
    web: Web, copies: dict[str, bytes], where: str, fields: dict[str, str]
) -> None:
    assert send(web, copies["quote"]).status_code == 303
    ((_, sid),) = suggestions(web.root).items()
    if "confirm" in where:
        assert post(web.client, "/r/crisis-house/review/decide", {"sid": sid, "decision": "accept"}).status_code == 303
    before = (contributions(web.root), review_files(web.root))
    assert web.client.post(where, data=fields, headers={"origin": ORIGIN}).status_code == 403
    assert post(web.client, where, fields, origin="http://evil.example").status_code == 403
    assert post(web.client, where, {**fields, "_xsrf": "forged"}).status_code == 403
    assert (contributions(web.root), review_files(web.root)) == before


def test_an_upload_from_another_site_is_refused(web: Web, copies: dict[str, bytes]) -> None:
    files = {"file": ("x.docx", copies["many"], "application/octet-stream")}
    answer = post(web.client, "/r/crisis-house/review/upload", files=files, origin="http://evil.example")
    assert answer.status_code == 403
    bare = web.client.post("/r/crisis-house/review/upload", files=files, headers={"origin": ORIGIN})
    assert bare.status_code == 403
    assert not (web.root / "responses/crisis-house/review").exists()


def test_no_such_response(web: Web, tmp_path: Path) -> None:
    assert web.client.get("/r/no-such/review").status_code == 404
    shutil.rmtree(tmp_path / "none", ignore_errors=True)


@pytest.mark.parametrize(
    "name",
    [
        "LINDQVIST, Bo - reviewed.docx",
        "bo\u00a0lindqvist’s copy.docx",
        "B\u200bo Lind\u00adqvist.docx",
        "C:\\Users\\Bo Lindqvist\\Desktop\\copy.docx",
    ],
)
def test_a_private_name_in_the_uploaded_files_name_is_shown_nowhere(
    web: Web, copies: dict[str, bytes], name: str
) -> None:
    answer = send(web, copies["many"], name)
    page = follow(web.client, answer).text
    assert "Read " in text_of(page)
    for word in ("lindqvist", "lind\u00adqvist", "desktop\\"):
        assert word not in page.casefold().replace("\u200b", ""), (name, word)
    record = b"".join(review_files(web.root).values()).decode("utf-8")
    assert "Lindqvist" not in record and "Castell" not in record and "Users" not in record
