"""Avoided topics in the browser (issue 24): when work is given to someone on the workbench's forms (start an
answer, file a draft, move a contribution, change who wrote it), the coordinator who gave it sees the warning
`add`, `assign` and `handover` print, in the same words, on the next page, once; the warning names the person's
id, never the topic. The topic itself appears on no page and in no output (read back as an attacker would:
every page visited, then a build read with the attack kit's readers). Invented people only.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from pipeline.web.addresses import contribution_url
from tests.attacks.kit import built_clean, contribute
from tests.conftest import run
from tests.factory import Bench, make_bench
from tests.web.conftest import Web, follow, post, text_of

R = "/r/crisis-house"
# bo asked not to work on crisis houses (q1 asks about them) or on restraint; "restraint" is written nowhere
# else in the workbench: a content note below says "restrained"
TOPICS = "avoid_topics: [crisis house, restraint]\n"
HIDDEN = ("restraint",)
WARNING = "touches a topic bo asked not to work on"


def _avoids(root: Path) -> None:
    path = root / "contributors" / "bo.yaml"
    path.write_text(path.read_text("utf-8") + TOPICS, "utf-8")


def _said(page: str) -> str:
    return html.unescape(text_of(page))


def _banners(page: str) -> list[str]:
    return [html.unescape(text_of(b)) for b in re.findall(r'<div class="banner"[^>]*>(.*?)</div>', page, re.S)]


def _form_action(page: str, ending: str) -> str:
    found = re.findall(r'<form[^>]*action="([^"]*' + re.escape(ending) + r')"', page)
    assert found, f"no form ending {ending} on the page"
    return html.unescape(found[0])


def _was(page: str) -> dict[str, str]:
    found = re.search(r'name="was" value="([^"]*)"', page)
    return {"was": found.group(1)} if found else {}


@pytest.fixture
def avoiding(web: Web) -> Web:
    _avoids(web.root)
    return web


def _command_warning(root: Path, args: list[str]) -> str:
    result = run(args, cwd=root)
    assert result.exit_code == 0, result.output
    [line] = [ln for ln in result.output.splitlines() if ln.startswith("warning:")]
    return line.removeprefix("warning: ")


def test_starting_an_answer_warns_as_coproduce_add_does(avoiding: Web, tmp_path: Path) -> None:
    web = avoiding
    answer = post(web.client, f"{R}/q/q1/add", {"by": "bo"})
    assert answer.status_code == 303
    page = follow(web.client, answer).text
    warnings = [b for b in _banners(page) if WARNING in b]
    twin = make_bench(tmp_path / "twin")
    _avoids(twin.root)
    said = _command_warning(twin.root, ["add", "crisis-house", "--answers", "q1", "--by", "bo"])
    assert warnings == [f"Warning: {said}"]  # the command's words, from the same function
    assert "The question" in said
    again = web.client.get(answer.headers["location"]).text
    assert not [b for b in _banners(again) if WARNING in b]  # once, to the coordinator who gave the work


def test_no_warning_for_someone_who_avoids_nothing_here(avoiding: Web) -> None:
    answer = post(avoiding.client, f"{R}/q/q2/add", {"by": "bo"})  # q2 is about referral: not a topic of bo's
    assert not [b for b in _banners(follow(avoiding.client, answer).text) if "asked not to work on" in b]
    answer = post(avoiding.client, f"{R}/q/q1/add", {"by": "ada"})
    assert not [b for b in _banners(follow(avoiding.client, answer).text) if "asked not to work on" in b]


def test_changing_who_wrote_it_warns_the_one_it_is_given_to(avoiding: Web) -> None:
    web = avoiding
    contribute(web.bench, "70-q3-holds.md", "Two staff held the door.\n", by="ada", status="draft",
               extra="content_note: staff restrained people")  # fmt: skip
    url = contribution_url("crisis-house", "70-q3-holds.md")
    page = web.client.get(url).text
    answer = post(web.client, _form_action(page, "/by"), {"by-ada": "yes", "by-bo": "yes", **_was(page)})
    assert answer.status_code == 303
    warnings = [b for b in _banners(follow(web.client, answer).text) if "asked not to work on" in b]
    assert warnings == ["Warning: The content note touches a topic bo asked not to work on (see their file); "
                        "talk it through with them before the work is theirs"]  # fmt: skip
    # ada was a writer already and avoids nothing; ticking bo again warns nobody new
    page = web.client.get(url).text
    answer = post(web.client, _form_action(page, "/by"), {"by-ada": "yes", "by-bo": "yes", **_was(page)})
    assert not [b for b in _banners(follow(web.client, answer).text) if "asked not to work on" in b]


def test_moving_a_contribution_to_an_avoided_question_warns_as_assign_does(avoiding: Web) -> None:
    web = avoiding
    contribute(web.bench, "70-q3-nights.md", "Nights were long.\n", by="bo", status="draft")
    page = web.client.get(contribution_url("crisis-house", "70-q3-nights.md")).text
    answer = post(web.client, _form_action(page, "/move"), {"question": "q1", **_was(page)})
    assert answer.status_code == 303
    warnings = [b for b in _banners(follow(web.client, answer).text) if WARNING in b]
    assert len(warnings) == 1 and warnings[0].startswith("Warning: The question touches")


def test_filing_a_draft_warns_as_assign_does(avoiding: Web) -> None:
    web = avoiding
    draft = web.bench.response / "unsorted" / "notes-intake.md"
    draft.parent.mkdir()
    draft.write_text("---\nstatus: draft\n---\nThe night was long.\n", "utf-8")
    key = re.search(r'name="draft" value="([0-9a-f]{16})"', web.client.get(f"{R}/intake").text)
    assert key
    answer = post(web.client, f"{R}/intake/file", {"draft": key.group(1), "question": "q1", "by": "bo"})
    assert answer.status_code == 303
    warnings = [b for b in _banners(follow(web.client, answer).text) if WARNING in b]
    assert len(warnings) == 1 and warnings[0].startswith("Warning: The question touches")


def _every_page(web: Web) -> dict[str, str]:
    """Every page a coordinator reaches from the dashboard, the contributions and people included."""
    pages: dict[str, str] = {}
    todo = ["/", R, "/people", f"{R}/intake", f"{R}/sessions", f"{R}/preview", f"{R}/build"]
    while todo:
        url = todo.pop()
        if url in pages or len(pages) > 80:
            continue
        got = web.client.get(url)
        pages[url] = got.text
        todo += [u for u in re.findall(r'href="(/[^"#?]*)"', got.text) if not u.startswith("/static")]
    return pages


def test_the_topic_is_on_no_page_and_in_no_output(tmp_path: Path) -> None:
    from tests.web.conftest import client_for

    bench: Bench = make_bench(tmp_path / "wb")
    _avoids(bench.root)
    contribute(bench, "70-q3-holds.md", "Two staff held the door.\n", by="ada", status="draft",
               extra="content_note: staff restrained people")  # fmt: skip
    with client_for(bench.root, [bench.response]) as client:
        web = Web(bench, client)
        for qid in ("q1", "q3"):
            post(client, f"{R}/q/{qid}/add", {"by": "bo"})
        pages = _every_page(web)
        assert len(pages) > 8 and any("/people/bo" in u for u in pages)
        for url, page in pages.items():
            folded = _said(page).casefold() + page.casefold()
            for word in HIDDEN:
                assert word not in folded, (url, word)
            assert "crisis house" not in " ".join(_banners(page)).casefold(), url
    built_clean(bench, extra_secrets=HIDDEN)
