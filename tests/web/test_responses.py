"""Starting a response and changing its questions in the workbench: the same files as the command line,
every problem at once beside its field, what was typed kept, nothing written when anything is wrong."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from pipeline.load.workbench import load
from pipeline.web.addresses import contribution_url
from tests.conftest import run
from tests.factory import make_bench
from tests.web.conftest import Web, follow, post
from tests.web.conftest import text_of as _text_of


def text_of(page: str) -> str:
    return html.unescape(_text_of(page))


PASTED = (
    "Consultation questions\r\n"
    "1. Do you agree that crisis houses\r\n"
    "   should open at night? (250 words)\r\n"
    "Q2) How should people be referred: by GP or themselves? [max 300 words]\r\n"
    "3 - Anything else? (1,500 characters)\r\n"
)
FORM = {
    "slug": "night-care",
    "title": "Response: night care",
    "organisation": "Riverside Peer Network",
    "consultation": "Crisis care at night",
    "by": "Eastmoor Integrated Care Board",
    "closes": "16/12/2026",
    "url": "https://example.org/night",
    "lead": "hal",
    "questions": PASTED,
}


def test_a_new_response_is_the_file_coproduce_new_writes(web: Web, tmp_path: Path) -> None:
    answer = post(web.client, "/responses/new", FORM)
    assert answer.headers["location"] == "/r/night-care"
    shown = text_of(follow(web.client, answer).text)
    assert "Started night-care with 3 questions" in shown and "1 line before the first question" in shown
    written = (web.root / "responses" / "night-care" / "response.yaml").read_bytes()

    twin = make_bench(tmp_path / "twin")
    pasted = tmp_path / "questions.txt"
    pasted.write_bytes(PASTED.replace("\r\n", "\n").encode("utf-8"))
    args = ["new", "night-care", "--title", FORM["title"], "--organisation", FORM["organisation"]]
    args += ["--consultation", FORM["consultation"], "--by", FORM["by"], "--closes", "2026-12-16"]
    args += ["--url", FORM["url"], "--lead", "hal", "--questions", str(pasted)]
    result = run(args, cwd=twin.root)
    assert result.exit_code == 0, result.output
    assert written == (twin.root / "responses" / "night-care" / "response.yaml").read_bytes()
    _, response = load(web.root / "responses" / "night-care")
    assert [(q.id, q.limit, q.chars) for q in response.data.questions] == [
        ("q1", 250, None),
        ("q2", 300, None),
        ("q3", None, 1500),
    ]
    # it is served from now on
    assert web.client.get("/r/night-care").status_code == 200


def test_every_problem_is_shown_at_once_beside_its_field_and_nothing_is_written(web: Web) -> None:
    typed = {
        "slug": "Night Care!",
        "title": "  ",
        "organisation": "",
        "consultation": "Crisis care at night",
        "by": "",
        "closes": "31/02/2027",
        "url": "example.org/night",
        "lead": "zed",
        "questions": "We have no numbered questions here",
    }
    before = sorted(p.name for p in (web.root / "responses").iterdir())
    answer = post(web.client, "/responses/new", typed)
    assert answer.status_code == 400
    page = answer.text
    for field in ("slug", "title", "organisation", "by", "closes", "url", "lead", "questions"):
        assert f'id="{field}-error"' in page, field
        assert f'href="#{field}"' in page, field  # the summary links to the field
    assert 'id="consultation-error"' not in page
    said = text_of(page)
    assert "starting https://" in said and "not a day of the calendar" in said and "'zed' is not a contributor" in said
    assert 'value="example.org/night"' in page and 'value="31/02/2027"' in page  # what was typed is kept
    assert "We have no numbered questions here</textarea>" in page
    assert sorted(p.name for p in (web.root / "responses").iterdir()) == before


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"slug": "crisis-house"}, "slug", "responses/crisis-house already exists"),
        ({"url": "javascript:alert(1)"}, "url", "is not a web address"),
        ({"url": "http://example.org/night"}, "url", "is not a secure address"),
        ({"url": "https://"}, "url", "is not a web address"),
        ({"url": "https://example.org/a b"}, "url", "is not a web address"),
        ({"closes": "tomorrow"}, "closes", "is not a date"),
        ({"lead": "gus-x"}, "lead", "is not a contributor"),
        ({"questions": "1. One?\n1. One again?"}, "questions", "numbered twice"),
        ({"questions": "1. \n2. Two?"}, "questions", "has no text"),
    ],
)
def test_each_bad_answer_is_refused_at_its_field(web: Web, change: dict[str, str], field: str, said: str) -> None:
    answer = post(web.client, "/responses/new", {**FORM, **change})
    assert answer.status_code == 400, answer.text[:500]
    assert f'id="{field}-error"' in answer.text
    assert said in text_of(answer.text)
    assert not (web.root / "responses" / "night-care").exists()


@pytest.mark.parametrize("closes", ["16/12/2026", "16 December 2026", "16th Dec 2026", "2026-12-16", "16.12.26"])
def test_a_closing_date_typed_the_uk_way(web: Web, closes: str) -> None:
    answer = post(web.client, "/responses/new", {**FORM, "closes": closes, "questions": ""})
    assert answer.status_code == 303, text_of(answer.text)
    assert "  closes: 2026-12-16\n" in (web.root / "responses" / "night-care" / "response.yaml").read_text()


def test_a_form_from_another_site_writes_nothing(web: Web) -> None:
    answer = post(web.client, "/responses/new", FORM, origin="https://attacker.example")
    assert answer.status_code == 403
    answer = web.client.post("/responses/new", data=FORM, headers={"origin": "http://127.0.0.1:8765"})
    assert answer.status_code == 403  # no CSRF token
    assert not (web.root / "responses" / "night-care").exists()


# ------------------------------------------------------------------ questions

COMMENTED = """\
# our notes: keep this comment
title: Response to the Eastmoor crisis-house survey
organisation: Riverside Peer Network
responding_as: organisation
consultation:
  title: Crisis houses in Eastmoor
  by: Eastmoor Integrated Care Board
  closes: 2026-03-01
date: 2026-02-20
lead: hal
questions:
  - id: q1
    text: What should a crisis house offer?
    limit: 120   # from the form's box
  - id: q2
    text: How should people be referred?
    limit: 100
  - id: q3
    text: Anything else?
"""


def test_a_question_is_changed_in_place_keeping_the_rest_of_the_file(web: Web) -> None:
    path = web.bench.response / "response.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    answer = post(
        web.client,
        "/r/crisis-house/q/q1",
        {"text": "What should a\r\ncrisis house offer at night?", "limit": "", "chars": "1,200"},
    )
    assert answer.headers["location"] == "/r/crisis-house#q-q1"
    assert "Saved question q1" in text_of(follow(web.client, answer).text)
    expected = COMMENTED.replace(
        "    text: What should a crisis house offer?\n    limit: 120   # from the form's box\n",
        "    text: What should a crisis house offer at night?\n    chars: 1200\n",
    )
    assert path.read_text(encoding="utf-8") == expected


def test_a_question_left_unanswered_prints_no_response_and_check_stops_asking(web: Web) -> None:
    before = run(["check", "--draft", str(web.bench.response)])
    assert "question q3 has no answer" in before.output
    answer = post(
        web.client, "/r/crisis-house/q/q3", {"text": "Anything else?", "unanswered": "yes", "reason": "not ours to say"}
    )
    assert answer.status_code == 303
    text = (web.bench.response / "response.yaml").read_text(encoding="utf-8")
    assert "    text: Anything else?\n    unanswered: not ours to say\n" in text
    after = run(["check", "--draft", str(web.bench.response)])
    assert "q3" not in after.output, after.output
    built = run(["build", "--draft", "--format", "txt", str(web.bench.response)])
    assert built.exit_code == 0, built.output
    printed = (web.root / "build" / "crisis-house.draft" / "crisis-house-answers.txt").read_text(encoding="utf-8")
    assert re.search(r"Anything else\?\n.*\n--- paste from here ---\nNo response\n", printed), printed[-600:]
    # and marked back: the line goes, the warning returns
    post(web.client, "/r/crisis-house/q/q3", {"text": "Anything else?"})
    assert "unanswered" not in (web.bench.response / "response.yaml").read_text(encoding="utf-8")
    assert "question q3 has no answer" in run(["check", "--draft", str(web.bench.response)]).output


def test_a_question_marked_unanswered_that_is_answered_says_so(web: Web) -> None:
    post(web.client, "/r/crisis-house/q/q1", {"text": "What should a crisis house offer?", "unanswered": "yes"})
    said = run(["check", "--draft", str(web.bench.response)]).output
    assert "question q1 is marked unanswered, but a contribution answers it" in said
    built = run(["build", "--draft", "--format", "txt", str(web.bench.response)])
    assert "calm room" in (web.root / "build" / "crisis-house.draft" / "crisis-house-answers.txt").read_text(
        encoding="utf-8"
    ), built.output


@pytest.mark.parametrize(
    ("typed", "field", "said"),
    [
        ({"text": "  ", "limit": "120"}, "text", "has no text"),
        ({"text": "What?", "limit": "many"}, "limit", "'many' is not a whole number"),
        ({"text": "What?", "limit": "0"}, "limit", "not a whole number above 0"),
        ({"text": "What?", "limit": "-5"}, "limit", "not a whole number above 0"),
        ({"text": "What?", "chars": "12.5"}, "chars", "not a whole number above 0"),
    ],
)
def test_a_bad_question_edit_is_refused_and_changes_nothing(
    web: Web, typed: dict[str, str], field: str, said: str
) -> None:
    path = web.bench.response / "response.yaml"
    before = path.read_bytes()
    answer = post(web.client, "/r/crisis-house/q/q1", typed)
    assert answer.status_code == 400
    assert f'id="{field}-error"' in answer.text and said in text_of(answer.text)
    assert path.read_bytes() == before


def test_an_unknown_question_or_response_is_not_found(web: Web) -> None:
    assert web.client.get("/r/crisis-house/q/q9").status_code == 404
    assert post(web.client, "/r/crisis-house/q/q9", {"text": "x"}).status_code == 404
    assert web.client.get("/r/nowhere/q/q1").status_code == 404
    assert post(web.client, "/r/nowhere/q/q1", {"text": "x"}).status_code == 404


def test_a_question_edit_keeps_crlf_and_a_byte_order_mark(web: Web) -> None:
    path = web.bench.response / "response.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode("utf-8"))
    answer = post(
        web.client, "/r/crisis-house/q/q2", {"text": "How should people be referred?", "limit": "", "chars": "800"}
    )
    assert answer.status_code == 303
    expected = COMMENTED.replace("    limit: 100\n", "    chars: 800\n").replace("\n", "\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_a_question_written_on_one_line_is_refused_with_a_fix_not_guessed(web: Web) -> None:
    path = web.bench.response / "response.yaml"
    text = COMMENTED.replace(
        "  - id: q3\n    text: Anything else?\n", "  - {id: q3, text: Anything else?, limit: 50}\n"
    )
    path.write_text(text, encoding="utf-8")
    answer = post(web.client, "/r/crisis-house/q/q3", {"text": "Anything else?", "limit": ""})
    assert answer.status_code == 400
    assert "by hand" in text_of(answer.text)
    assert path.read_text(encoding="utf-8") == text


def test_starting_an_answer_is_the_file_coproduce_add_writes(web: Web, tmp_path: Path) -> None:
    answer = post(web.client, "/r/crisis-house/q/q3/add", {"by": "ada"})
    assert answer.status_code == 303
    made = sorted(p.name for p in web.bench.response.glob("*.md"))
    twin = make_bench(tmp_path / "twin")
    result = run(["add", "crisis-house", "--answers", "q3", "--by", "ada"], cwd=twin.root)
    assert result.exit_code == 0, result.output
    assert made == sorted(p.name for p in twin.response.glob("*.md"))
    new = next(n for n in made if "-q3-" in n)
    assert (web.bench.response / new).read_bytes() == (twin.response / new).read_bytes()
    assert answer.headers["location"] == contribution_url("crisis-house", new)


@pytest.mark.parametrize(
    ("by", "said"), [("", "say who writes it"), ("gus", "gus withdrew"), ("zed", "not a contributor")]
)
def test_an_answer_nobody_taking_part_writes_is_not_started(web: Web, by: str, said: str) -> None:
    before = sorted(p.name for p in web.bench.response.glob("*.md"))
    answer = post(web.client, "/r/crisis-house/q/q3/add", {"by": by})
    assert said in text_of(follow(web.client, answer).text)
    assert sorted(p.name for p in web.bench.response.glob("*.md")) == before
    assert post(web.client, "/r/crisis-house/q/q9/add", {"by": "ada"}).status_code == 404
