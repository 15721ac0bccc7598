"""Build and download in the workbench: the same files as the command, a draft that never replaces a final,
downloads only of the set just made (the annex only when there is one), a refused build told in plain words."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.web.addresses import contribution_url
from tests.conftest import run
from tests.factory import WITHHELD, make_bench
from tests.test_confidential import with_confidential
from tests.web.conftest import Web, client_for, follow, post, text_of


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _links(page: str) -> list[str]:
    return re.findall(r'href="(/r/crisis-house/download/[^"]+)"', page)


def test_the_final_submission_is_the_commands_byte_for_byte(web: Web, tmp_path: Path) -> None:
    made = post(web.client, "/r/crisis-house/build", {"kind": "final"})
    page = follow(web.client, made)
    assert "Made the final submission" in text_of(page.text)
    by_page = _files(web.root / "build" / "crisis-house")
    twin = make_bench(tmp_path / "twin")
    result = run(["build", str(twin.response)], cwd=twin.root)
    assert result.exit_code == 0, result.output
    assert by_page == _files(twin.root / "build" / "crisis-house")  # same names, same bytes
    assert {link.rsplit("/", 1)[1] for link in _links(page.text)} == set(by_page)


def test_a_draft_is_the_commands_draft_byte_for_byte_in_the_same_folder(web: Web, tmp_path: Path) -> None:
    follow(web.client, post(web.client, "/r/crisis-house/build", {"kind": "draft"}))
    twin = make_bench(tmp_path / "twin")
    result = run(["build", "--draft", str(twin.response)], cwd=twin.root)
    assert result.exit_code == 0, result.output
    by_command = _files(twin.root / "build" / "crisis-house.draft")
    assert by_command and _files(web.root / "build" / "crisis-house.draft") == by_command
    assert not (web.root / "build" / "crisis-house").exists()  # no final was made, none appeared


def test_a_draft_goes_to_its_own_folder_and_never_replaces_the_final(web: Web) -> None:
    follow(web.client, post(web.client, "/r/crisis-house/build", {"kind": "final"}))
    final = _files(web.root / "build" / "crisis-house")
    page = follow(web.client, post(web.client, "/r/crisis-house/build", {"kind": "draft"}))
    assert _files(web.root / "build" / "crisis-house") == final  # the final set is untouched
    draft = _files(web.root / "build" / "crisis-house.draft")
    assert draft and set(draft) == set(final) and draft != final
    links = _links(page.text)
    assert links and all("/download/draft/" in link for link in links)  # only the set just made is offered
    pdf = web.client.get(next(link for link in links if link.endswith(".pdf")))
    assert pdf.status_code == 200 and pdf.content == draft["crisis-house.pdf"]
    assert pdf.headers["content-disposition"] == 'attachment; filename="crisis-house.pdf"'
    assert web.client.get("/r/crisis-house/download/final/crisis-house.pdf").status_code == 404


def test_what_was_left_out_is_said_and_no_private_name_is_shown(web: Web) -> None:
    page = follow(web.client, post(web.client, "/r/crisis-house/build", {"kind": "draft"}))
    shown = text_of(page.text)
    assert "Left out" in shown and "written by gus (withdrew on 2025-06-01)" in shown
    for secret in WITHHELD:
        assert secret.lower() not in page.text.lower(), secret


def test_the_confidential_annex_is_offered_only_when_there_is_one(tmp_path: Path) -> None:
    plain = make_bench(tmp_path / "plain")
    with client_for(plain.root, [plain.response]) as client:
        page = follow(client, post(client, "/r/crisis-house/build", {"kind": "draft"}))
        assert not [link for link in _links(page.text) if "confidential" in link]
        assert "confidential annex" not in text_of(page.text)
    secret = with_confidential(make_bench(tmp_path / "secret"))
    with client_for(secret.root, [secret.response]) as client:
        page = follow(client, post(client, "/r/crisis-house/build", {"kind": "draft"}))
        annex = [link for link in _links(page.text) if "confidential" in link]
        assert annex == ["/r/crisis-house/download/draft/crisis-house-confidential.docx"]
        assert "never send it with the submission" in text_of(page.text)
        assert client.get(annex[0]).content[:2] == b"PK"
        # the contribution was built without it; taken out, the next build offers no annex (the old file is retired)
        for name in ("45-q1-private.md", "60-board.md"):
            (secret.response / name).unlink()
        page = follow(client, post(client, "/r/crisis-house/build", {"kind": "draft"}))
        assert not [link for link in _links(page.text) if "confidential" in link]
        assert client.get(annex[0]).status_code == 404


def test_a_refused_build_says_why_in_plain_words_and_writes_nothing(web: Web) -> None:
    follow(web.client, post(web.client, "/r/crisis-house/build", {"kind": "draft"}))
    before = _files(web.root / "build")
    web.bench.contribution("70-q3-thanks.md", "---\nanswers: q3\nby: [hal]\n---\nThanks to Elias Thorne.\n")
    answer = post(web.client, "/r/crisis-house/build", {"kind": "draft"})
    assert answer.status_code == 422
    shown = text_of(answer.text).replace(" :", ":")
    assert "A draft was not made" in shown and "Nothing was written" in shown
    assert "70-q3-thanks.md, answer to q3 (Anything else?)" in shown  # where, in words
    assert f'href="{contribution_url("crisis-house", "70-q3-thanks.md")}"' in answer.text  # a link to open it
    assert re.search(r"<summary>Where exactly</summary><p class=\"details\">responses/crisis-house/70-q3-thanks"
                     r"\.md:5:11</p>", answer.text)  # fmt: skip
    assert "Elias" not in answer.text and "Thorne" not in answer.text
    assert _files(web.root / "build") == before
    assert not _links(answer.text)  # a refused build offers nothing to download


def test_only_the_two_buttons_build(web: Web) -> None:
    answer = post(web.client, "/r/crisis-house/build", {"kind": "../../contributors"})
    assert answer.status_code == 400 and not (web.root / "build").exists()
    assert post(web.client, "/r/elsewhere/build", {"kind": "draft"}).status_code == 404
