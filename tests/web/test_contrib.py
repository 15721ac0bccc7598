"""A response's questions and contributions in the workbench: shown with ids and credits as printed, read as they
print, and every change made by the function the command line calls, so the files equal the command's."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

from pipeline.web.addresses import contribution_id
from tests.conftest import run
from tests.factory import WITHDRAWN_WORDS, WITHHELD, make_bench
from tests.web.conftest import Web, follow, post
from tests.web.conftest import text_of as _text_of

R = "/r/crisis-house"


def cid(stem: str) -> str:
    """A contribution's address id (web/addresses.py): its file name never appears in an address."""
    return contribution_id(stem if stem.endswith(".md") else f"{stem}.md")


def text_of(page: str) -> str:
    return html.unescape(_text_of(page))


def printed_part(page: str) -> str:
    """The 'As it will print' section of a contribution page."""
    said = text_of(page)
    return said[said.index("As it will print") : said.index("Change the text")]


def _no_private_string(text: str) -> None:
    for secret in WITHHELD:
        assert secret.lower() not in text.lower(), secret


def test_the_questions_page_shows_contributions_status_words_and_credits(web: Web) -> None:
    page = web.client.get(R)
    assert page.status_code == 200
    said = text_of(page.text)
    assert "q1: What should a crisis house offer?" in said and "47 words of 120" in said
    assert "ada (Ada Fenwick) , fay (not named)" in said  # ids, and credits exactly as printed
    assert "cy (Cygnet)" in said and "dee (Peer Researcher)" in said
    assert "30-q2-withdrawn.md : approved left out" in said
    assert f'href="{R}/c/{cid("31-q2-referral")}"' in page.text and f'href="{R}/q/q3"' in page.text
    _no_private_string(page.text)


def test_a_contribution_reads_as_it_prints_and_shows_no_private_string(web: Web) -> None:
    page = web.client.get(f"{R}/c/{cid('20-q1-offer')}")
    assert page.status_code == 200
    printed = printed_part(page.text)
    assert "A crisis house should offer a calm room" in printed
    assert "Someone sat with me until morning." in printed and "Peer Researcher" in printed  # dee's quote, credited
    assert "coproduce check finds no problem" in text_of(page.text)
    _no_private_string(page.text)
    assert "Approve as hal" in page.text  # hal leads: approving is offered


def test_a_withdrawn_persons_contribution_is_not_printed(web: Web) -> None:
    page = web.client.get(f"{R}/c/{cid('30-q2-withdrawn')}")
    assert "left out of every build" in printed_part(page.text)
    assert WITHDRAWN_WORDS not in printed_part(page.text)


def test_unknown_or_crafted_contribution_addresses_are_not_found(web: Web) -> None:
    # an old address by file name is refused, not served: a file name may be a person's
    for stem in ("20-q1-offer", "20-q1-offer.md", "99-nothing", "..%2F..%2Fcontributors%2Fada", "response", "unsorted"):
        assert web.client.get(f"{R}/c/{stem}").status_code == 404, stem
        assert post(web.client, f"{R}/c/{stem}/text", {"body": "x"}).status_code in (404, 409), stem
    assert web.client.get(f"/r/elsewhere/c/{cid('20-q1-offer')}").status_code == 404
    assert post(web.client, f"{R}/c/99-nothing/text", {"body": "x"}).status_code in (404, 409)


# ------------------------------------------------------------------ the text


def _was(web: Web, stem: str) -> str:
    import hashlib

    return hashlib.sha256((web.bench.response / f"{stem}.md").read_bytes()).hexdigest()


HEAD = "---\n# Jo's notes: keep this\nanswers: q2   # moved from q1\nby: [cy]\nstatus: draft\n---\n"


def test_saving_the_text_keeps_the_front_matter_byte_for_byte_and_makes_crlf_lf(web: Web) -> None:
    path = web.bench.contribution("31-q2-referral.md", HEAD + "Old words.\n")
    body = "People should ring the house.\r\n\r\nOr walk in, day or night."
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/text", {"body": body, "was": _was(web, "31-q2-referral")})
    assert answer.headers["location"] == f"{R}/c/{cid('31-q2-referral')}"
    assert path.read_bytes() == (HEAD + "People should ring the house.\n\nOr walk in, day or night.\n").encode()
    assert not list(path.parent.glob(".*.part"))  # written to a temporary file, then renamed
    shown = follow(web.client, answer)
    assert "Saved the text of 31-q2-referral.md" in text_of(shown.text)
    assert "Or walk in, day or night." in printed_part(shown.text)


def test_a_save_shows_that_contributions_problems_at_once(web: Web) -> None:
    path = web.bench.response / "31-q2-referral.md"
    head = path.read_text(encoding="utf-8").split("---\n", 2)
    body = "Thanks to Elias Thorne for this.\n\nSee [the form](javascript:alert(1)).\n"
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/text", {"body": body, "was": _was(web, "31-q2-referral")})
    page = follow(web.client, answer)
    said = text_of(page.text)
    assert "Problems" in said and "contributor 'eli'" in said  # the check's own words, in plain words
    assert "31-q2-referral.md, answer to q2 (How should people be referred?)" in said  # where, in words
    assert "Elias Thorne" not in printed_part(page.text)  # nothing shown as printed while a name would leak
    assert path.read_text(encoding="utf-8").startswith("---\n" + head[1] + "---\n")
    check = run(["check", "--draft", str(web.bench.response)])
    assert "31-q2-referral.md:" in check.output and "contributor 'eli'" in check.output  # check agrees


def test_a_save_over_someone_elses_newer_save_is_refused_and_keeps_what_was_typed(web: Web) -> None:
    path = web.bench.response / "31-q2-referral.md"
    was = _was(web, "31-q2-referral")
    path.write_text(path.read_text(encoding="utf-8") + "\nA volunteer's late addition.\n", encoding="utf-8")
    before = path.read_bytes()
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/text", {"body": "My rewrite.", "was": was})
    assert answer.status_code == 409
    assert "changed by someone else" in text_of(answer.text) and "My rewrite.</textarea>" in answer.text
    assert path.read_bytes() == before


# -------------------------------------------------------------- pictures


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_each_pictures_alt_text_is_a_field_and_only_it_changes(web: Web) -> None:
    (web.bench.response / "room.png").write_bytes(_png())
    body = (
        "The quiet room:\n\n![a room](room.png)\n\n`![not a picture](x.png)`\n\n"
        '```\n![in code](y.png)\n```\n\nAnd again ![](room.png "Room").\n'
    )
    path = web.bench.contribution("31-q2-referral.md", HEAD + body)
    page = web.client.get(f"{R}/c/{cid('31-q2-referral')}")
    assert 'id="alt-1"' in page.text and 'id="alt-2"' in page.text and 'id="alt-3"' not in page.text
    fields = {
        "alt-1": "A calm room [with] a sofa\r\nand a lamp",
        "alt-2": "The same room",
        "was": _was(web, "31-q2-referral"),
    }
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/pictures", fields)
    assert answer.status_code == 303
    expected = body.replace("![a room]", "![A calm room (with) a sofa and a lamp]").replace("![](", "![The same room](")
    assert path.read_text(encoding="utf-8") == HEAD + expected
    shown = follow(web.client, answer)
    assert 'alt="A calm room (with) a sofa and a lamp"' in shown.text and 'alt="The same room"' in shown.text


# --------------------------------------------------------------- writers


def test_who_wrote_it_is_saved_by_the_rules_of_coproduce_add(web: Web) -> None:
    path = web.bench.contribution("31-q2-referral.md", HEAD + "Words.\n")
    answer = post(
        web.client,
        f"{R}/c/{cid('31-q2-referral')}/by",
        {"by-cy": "yes", "by-bo": "yes", "was": _was(web, "31-q2-referral")},
    )
    assert answer.status_code == 303
    assert path.read_text(encoding="utf-8") == HEAD.replace("by: [cy]", "by: [cy, bo]") + "Words.\n"


@pytest.mark.parametrize(
    ("ticked", "said"),
    [
        ({"by-gus": "yes"}, "gus withdrew on"),
        ({"by-zed": "yes"}, "'zed' is not a contributor"),
        ({}, "say who writes it"),
    ],
)
def test_a_writer_who_cannot_be_named_is_refused(web: Web, ticked: dict[str, str], said: str) -> None:
    path = web.bench.response / "31-q2-referral.md"
    before = path.read_bytes()
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/by", ticked)
    assert answer.status_code == 400
    assert said in text_of(answer.text) and 'id="by-error"' in answer.text
    assert path.read_bytes() == before


# ------------------------------------------------------------------ moving


def test_moving_to_another_question_is_what_coproduce_assign_does(web: Web, tmp_path: Path) -> None:
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/move", {"question": "q3"})
    assert answer.status_code == 303
    moved = sorted(p.name for p in web.bench.response.glob("*.md"))
    twin = make_bench(tmp_path / "twin")
    result = run(["assign", "responses/crisis-house/31-q2-referral.md", "q3"], cwd=twin.root)
    assert result.exit_code == 0, result.output
    assert moved == sorted(p.name for p in twin.response.glob("*.md"))
    new = next(n for n in moved if n.endswith("-q3-referral.md"))
    assert answer.headers["location"] == f"{R}/c/{cid(new)}"
    assert (web.bench.response / new).read_bytes() == (twin.response / new).read_bytes()
    assert "answers: q3\n" in (web.bench.response / new).read_text(encoding="utf-8")
    assert not (web.bench.response / "31-q2-referral.md").exists()


def test_moving_to_a_question_that_is_not_there_is_refused(web: Web) -> None:
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/move", {"question": "q9"})
    assert answer.status_code == 400 and "no question" in text_of(answer.text)
    assert (web.bench.response / "31-q2-referral.md").exists()


# --------------------------------------------------------------- approving


def test_approving_records_the_acting_person_as_coproduce_approve_does(web: Web, tmp_path: Path) -> None:
    path = web.bench.contribution("31-q2-referral.md", HEAD + "Ring the house.\n")
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/approve", {"was": _was(web, "31-q2-referral")})
    assert "approved by hal on 2026-11-20" in text_of(follow(web.client, answer).text)
    twin = make_bench(tmp_path / "twin")
    other = twin.contribution("31-q2-referral.md", HEAD + "Ring the house.\n")
    result = run(["approve", str(other), "--by", "hal"], cwd=twin.root)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == other.read_bytes()
    record = path.read_text(encoding="utf-8")  # main's record also says what it covers and who ran it
    assert "approved: {by: hal, " in record and "'on': 2026-11-20" in record and "text: 'sha256:" in record


def test_someone_who_may_not_approve_is_not_offered_it_and_is_refused(web_as: object) -> None:
    web = web_as("ada")  # type: ignore[operator]
    path = web.bench.contribution("31-q2-referral.md", HEAD + "Ring the house.\n")
    page = web.client.get(f"{R}/c/{cid('31-q2-referral')}")
    assert "Approve as" not in page.text and "Only hal may approve" in text_of(page.text)
    before = path.read_bytes()
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/approve", {})
    assert answer.status_code == 400 and "ada may not approve this" in text_of(answer.text)
    assert path.read_bytes() == before


def test_moving_to_where_it_already_is_says_so(web: Web) -> None:
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/move", {"question": "q2"})
    assert answer.status_code == 400 and "already filed under q2" in text_of(answer.text)


def test_a_text_too_long_to_be_read_again_is_not_written(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.workflow import editing

    monkeypatch.setattr(editing, "TEXT_LIMIT", 2000)
    path = web.bench.response / "31-q2-referral.md"
    before = path.read_bytes()
    answer = post(web.client, f"{R}/c/{cid('31-q2-referral')}/text", {"body": "word " * 1000})
    assert answer.status_code == 400 and "split a long text" in text_of(answer.text)
    assert "word word word" in answer.text  # what was typed is kept in the field
    assert path.read_bytes() == before


def test_a_response_that_does_not_load_says_why_in_plain_words(web: Web) -> None:
    path = web.bench.response / "response.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("lead: hal", "lead: [hal"), encoding="utf-8")
    page = web.client.get(R)
    assert page.status_code == 200 and "cannot be read until these problems are fixed" in text_of(page.text)
    assert "response settings (crisis-house)" in text_of(page.text)
    for url in (f"{R}/c/{cid('20-q1-offer')}", f"{R}/q/q1"):
        answer = web.client.get(url)
        assert answer.status_code == 409 and "response settings (crisis-house)" in text_of(answer.text), url
        assert "Traceback" not in answer.text
    before = (web.bench.response / "20-q1-offer.md").read_bytes()
    assert post(web.client, f"{R}/c/{cid('20-q1-offer')}/text", {"body": "x"}).status_code == 409
    assert (web.bench.response / "20-q1-offer.md").read_bytes() == before


def test_a_withdrawn_persons_work_never_passes_to_another_name(web: Web) -> None:
    path = web.bench.response / "30-q2-withdrawn.md"
    before = path.read_bytes()
    answer = post(web.client, f"{R}/c/{cid('30-q2-withdrawn')}/by", {"by-ada": "yes"})
    assert answer.status_code == 400 and "gus withdrew on 2025-06-01, so their work stays theirs" in text_of(
        answer.text
    )
    assert path.read_bytes() == before
    result = run(["assign", "responses/crisis-house/30-q2-withdrawn.md", "q3", "--by", "ada"], cwd=web.root)
    assert result.exit_code == 2 and "their work stays theirs" in result.output
    assert path.read_bytes() == before
    built = run(["build", "--draft", "--format", "txt", str(web.bench.response)])
    assert WITHDRAWN_WORDS not in (web.root / "build" / "crisis-house.draft" / "crisis-house-answers.txt").read_text(
        encoding="utf-8"
    ), built.output


def test_a_file_named_after_a_person_shows_no_private_name_on_the_pages(web: Web) -> None:
    (web.bench.response / "bo-lindqvist.png").write_bytes(_png())
    web.bench.contribution(
        "35-q3-elias-thorne.md",
        "---\nanswers: q3\nby: [eli]\nstatus: draft\n---\nA picture:\n\n![The room](bo-lindqvist.png)\n",
    )
    stem = "35-q3-elias-thorne"
    for url in (R, f"{R}/c/{cid(stem)}"):
        page = web.client.get(url)
        assert page.status_code == 200, url
        # the text field holds the Markdown as written (the editor's job); everything else shows no private name
        visible = text_of(re.sub(r"(?s)<textarea.*?</textarea>", "", page.text))
        assert "elias thorne" not in visible.replace("-", " ").lower(), url
        assert "lindqvist" not in visible.lower(), url
        assert "[a private name]" in visible, url
    answer = post(web.client, f"{R}/c/{cid(stem)}/text", {"body": "New words.\n"})
    shown = text_of(follow(web.client, answer).text)
    assert "Saved the text of" in shown and "thorne" not in shown.lower().split("saved the text of")[1][:60]
