"""The dashboard's outcome reminder and consultations ahead: what `coproduce status` says, on the page."""

from __future__ import annotations

import html
import json
import re
import textwrap

from tests.conftest import run
from tests.factory import WITHHELD
from tests.web.conftest import Web
from tests.web.conftest import text_of as tags_off

WATCH = """
    consultations:
      - id: later-one
        title: Community mental health funding
        by: Westholm Council
        url: https://example.org/funding
        closes: 2027-01-30 17:00
        decision: undecided
      - id: soon-one
        title: Peer support in Eastmoor
        by: Eastmoor Integrated Care Board
        url: https://example.org/peer
        closes: 2026-11-24 23:59
        decision: skip
        reason: no capacity while Bo Lindqvist is away
      - id: gone-one
        title: Closed already
        by: Someone Else
        url: https://example.org/closed
        closes: 2026-10-01 12:00
        decision: respond
"""


def text_of(page: str) -> str:
    return html.unescape(tags_off(page))


def status_lines(web: Web) -> str:
    return run(["status", "crisis-house"], cwd=web.root).output


def test_the_outcome_reminder_shows_when_status_gives_it(web: Web) -> None:
    data = json.loads(run(["status", "crisis-house", "--json"], cwd=web.root).output)["responses"][0]
    assert data["outcome_reminder"] is True  # closed 1 March 2026: the reply was due before 20 November
    page = text_of(web.client.get("/").text)
    assert "The body's reply to record (1)" in page
    assert " ".join(data["outcome"].split()) in page


def test_no_reminder_once_the_reply_is_recorded(web: Web) -> None:
    path = web.root / "responses/crisis-house/response.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + textwrap.dedent("""
            outcome:
              submitted: 2026-02-20
              reply:
                date: 2026-06-01
                summary: The board will open two crisis houses.
        """),
        encoding="utf-8",
    )
    data = json.loads(run(["status", "crisis-house", "--json"], cwd=web.root).output)["responses"][0]
    assert data["outcome_reminder"] is False, data["outcome"]
    page = text_of(web.client.get("/").text)
    assert "The body's reply to record" not in page


def test_consultations_ahead_in_the_order_and_words_of_status(web: Web) -> None:
    (web.root / "watch.yaml").write_text(textwrap.dedent(WATCH), encoding="utf-8")
    page = web.client.get("/").text
    shown = text_of(page)
    assert "Consultations ahead" in shown
    said = re.sub(r"\s+", " ", status_lines(web).split("Consultations ahead", 1)[1])
    soon, later = shown.index("soon-one: 4 days left"), shown.index("later-one: 71 days left")
    assert soon < later and "gone-one" not in shown
    for ident in ("soon-one", "later-one"):  # the status line, word for word (but any private name)
        theirs = re.search(rf"{ident}: .*?\)", said)
        assert theirs, said
        expected = theirs.group(0).replace("Bo Lindqvist", "[a private name]")
        assert expected in shown, expected
    for private in WITHHELD:
        assert private not in page, private


def test_watch_yaml_problems_are_told_in_plain_words(web: Web) -> None:
    (web.root / "watch.yaml").write_text("consultations:\n  - id: x\n    closes: someday\n", encoding="utf-8")
    page = text_of(web.client.get("/").text)
    assert "Problems in the watch list" in page and "watch.yaml:" in page
    assert "Traceback" not in page


def test_no_watch_yaml_says_none(web: Web) -> None:
    assert "None listed in watch.yaml" in text_of(web.client.get("/").text)
