"""Next steps: each to-do the dashboard lists comes from the workbench's files, links to where it is done, and
names people only by id; problems are told in plain words with where they are and how to fix them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from pipeline.web.addresses import contribution_url
from tests.factory import RESPONSE, WITHHELD, Bench
from tests.web.conftest import Web, post, text_of


def _section(page: str, heading: str) -> str:
    """The list under one to-do heading, as HTML."""
    found = re.search(rf"<h3>{re.escape(heading)} \(\d+\)</h3>\s*<ul class=\"todo\">(.*?)</ul>", page, re.S)
    return found.group(1) if found else ""


def _shown(web: Web) -> str:
    page = web.client.get("/")
    assert page.status_code == 200
    for secret in WITHHELD:
        assert secret.lower() not in page.text.lower(), secret
    return page.text


def test_a_contribution_waiting_for_approval_links_to_it(web: Web) -> None:
    assert "waiting for approval" not in _shown(web)  # every contribution of the invented bench is signed
    web.bench.contribution("25-q1-more.md", "---\nanswers: q1\nby: [ada]\nstatus: review\n---\nMore beds.\n")
    waiting = _section(_shown(web), "Contributions waiting for approval")
    assert f'<a href="{contribution_url("crisis-house", "25-q1-more.md")}">25-q1-more.md</a>: q1, by ada' in waiting


def test_a_question_a_withdrawal_emptied_says_so(web: Web) -> None:
    page = _shown(web)
    assert '<a href="/r/crisis-house/q/q3">q3</a>: Anything else?</li>' in _section(page, "Questions with no answer")
    assert "emptied by a withdrawal" not in page
    web.bench.contribution("50-q3-gus.md", "---\nanswers: q3\nby: [gus]\nstatus: draft\n---\nSomething else.\n")
    said = text_of(_section(_shown(web), "Questions with no answer"))
    assert "q3: Anything else? (emptied by a withdrawal: its answer was left out)" in said.replace(" :", ":")


def test_drafts_waiting_in_unsorted_are_listed(web: Web) -> None:
    web.bench.write("responses/crisis-house/unsorted/from-a-volunteer.md", "Some words with no header.\n")
    listed = _section(_shown(web), "Drafts from intake to sort")
    assert '<a href="/r/crisis-house/intake">responses/crisis-house/unsorted/from-a-volunteer.md</a>: needs' in listed


def test_consent_to_ask_again_links_to_each_persons_record(web: Web) -> None:
    asked = _section(_shown(web), "Consent to ask again")
    assert '<a href="/people/ada">ada</a>' in asked and '<a href="/people/gus">' not in asked  # not a withdrawn one


def test_a_quote_without_consent_links_to_its_contribution(web: Web) -> None:
    assert "Quotes without consent" not in _shown(web)
    web.bench.contribution(
        "55-q3-quote.md", "---\nanswers: q3\nby: [hal]\nstatus: draft\n---\n> Quiet helps.\n> — @ivy\n"
    )
    quoted = _section(_shown(web), "Quotes without consent")
    assert re.search(
        rf'<a href="{contribution_url("crisis-house", "55-q3-quote.md")}">55-q3-quote\.md line \d+</a>: quotes ivy',
        quoted,
    )


def test_people_owed_payment_are_listed_by_id_with_what_is_owed(web: Web) -> None:
    assert "People owed payment" not in _shown(web)
    paid = RESPONSE.replace(
        "        hours: 2\n        people: [ada, dee, eli, fay]",
        "        hours: 2\n        rate: 15\n        people: [{id: ada, paid: true}, dee, {id: eli, declined: true}, fay]",
    )
    assert paid != RESPONSE
    web.bench.write("responses/crisis-house/response.yaml", paid)
    listed = _section(_shown(web), "People owed payment")
    assert '<a href="/r/crisis-house/sessions">dee</a>' in listed
    owed = text_of(listed).replace(" :", ":")
    assert "dee: £30.00 to pay" in owed and "fay: £30.00 to pay" in owed
    assert "ada" not in owed and "eli" not in owed  # paid, and declined


@pytest.mark.parametrize(("day", "said"), [("2026-02-20", "9 days left"), ("2026-03-01", "Closes today."),
                                           ("2026-03-03", "Closed 2 days ago")])  # fmt: skip
def test_the_days_left_follow_the_settings_day(web: Web, monkeypatch: pytest.MonkeyPatch, day: str, said: str) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", day)
    assert said in text_of(_shown(web))


def test_a_problem_is_told_with_its_contribution_question_link_and_fix(web: Web) -> None:
    web.bench.contribution(
        "60-q3-link.md", "---\nanswers: q3\nby: [hal]\nstatus: draft\n---\nThanks to Elias Thorne.\n"
    )
    page = _shown(web)
    mine = [li for li in re.findall(r'<li class="problem[^"]*">(.*?)</li>', page, re.S) if "60-q3-link.md:6" in li]
    assert len(mine) == 1, mine  # the private name on line 6 (and _shown proves the name is not on the page)
    problem = mine[0]
    assert (
        f'<a href="{contribution_url("crisis-house", "60-q3-link.md")}">60-q3-link.md, answer to q3 (Anything else?)</a>'
        in problem
    )
    assert "To fix it:" in problem
    where = re.search(r"<details><summary>Where exactly</summary><p class=\"details\">([^<]+)</p></details>", problem)
    assert where and where.group(1) == "responses/crisis-house/60-q3-link.md:6:11"
    before_details = problem.split("<details>")[0]
    assert ":6:" not in before_details  # the file, line and column only in the details line


def test_nobody_acting_is_asked_first(web_as: Callable[[str | None], Web]) -> None:
    web = web_as(None)
    first = web.client.get("/")
    assert first.status_code == 303 and first.headers["location"] == "/acting"
    listed = text_of(web.client.get("/acting").text)
    assert "hal – lead of crisis-house" in listed
    assert "ada" not in listed  # a volunteer (lived experience) is not offered: staff, leads and sign-off only


def test_serve_as_fixes_who_is_acting(web_as: Callable[[str | None], Web]) -> None:
    web = web_as("hal")
    page = text_of(web.client.get("/acting").text)
    assert "started with --as hal" in page and "Acting as hal" in page
    assert "Acting as hal" in text_of(web.client.get("/").text)


def test_the_dashboard_lists_a_file_name_as_text(web: Web, bench: Bench) -> None:
    web.bench.contribution("26-q1-<b>x.md", "---\nanswers: q1\nby: [ada]\nstatus: review\n---\nMore.\n")
    page = _shown(web)
    assert "26-q1-&lt;b&gt;x.md" in page and "<b>x" not in page


PRIVATE_WORDS = ("Elias", "Thorne", "Delphine", "Oduya", "elias@example.net", "Castell")  # ("ivy" is an id)


def test_no_page_of_the_core_shows_a_private_name_a_problem_quotes_or_a_file_is_named_after(web: Web) -> None:
    """check's messages quote the word they found ('elias'), and a file may be named after someone: the command
    line prints those to the coordinator's terminal, but a page shows ids and credits only."""
    web.bench.contribution(
        "60-q3-names.md",
        "---\nanswers: q3\nby: [hal]\nstatus: draft\n---\n"
        "Elias helped, and Mr Thorne. Delphine and Oduya came; write to ELIAS@example.net. Ivy Castell too.\n",
    )
    web.bench.contribution("61-q3-elias-thorne.md", "---\nanswers: q3\nby: [hal]\nstatus: draft\n---\nA note.\n")
    pages = {
        "next steps": web.client.get("/").text,
        "preview": web.client.get("/r/crisis-house/preview").text,
        "build refused": post(web.client, "/r/crisis-house/build", {"kind": "draft"}).text,
    }
    for name, page in pages.items():
        shown = text_of(page)
        assert "the first name of contributor 'eli'" in shown.replace("&#39;", "'"), name  # the problem is told
        if name == "next steps":  # the file still waits for approval, listed by what may be shown of its name
            assert "61-q3-[a private name].md" in shown
        for word in PRIVATE_WORDS:
            assert word.lower() not in shown.lower(), (name, word)
