"""How old consent may be is the response's `consent_valid_months`, decided once (consent_reconsent.consent_months):
`reconsent` without --older-than, the check and the people pages agree."""

from __future__ import annotations

import re

from tests.conftest import run
from tests.factory import Bench
from tests.web.conftest import client_for

# the invented bench's consents were recorded 2025-01-10; the suite's day is 2026-11-20: 22 months on


def _valid_for(bench: Bench, months: int) -> None:
    path = bench.root / "responses" / "crisis-house" / "response.yaml"
    text = re.sub(r"consent_valid_months: \d+\n", "", path.read_text(encoding="utf-8"))  # set once, never twice
    path.write_text(text.replace("lead: hal\n", f"lead: hal\nconsent_valid_months: {months}\n", 1), encoding="utf-8")


def _old(out: str) -> str:
    found = re.search(r"Consent recorded more than (\d+) months ago", out)
    return found.group(1) if found else ""


def test_reconsent_asks_by_the_responses_own_months(bench: Bench) -> None:
    assert _old(run(["reconsent", "crisis-house"], cwd=bench.root).output) == "12"  # the default, unset
    _valid_for(bench, 24)
    out = run(["reconsent", "crisis-house"], cwd=bench.root).output
    assert _old(out) == ""  # 22 months is within the response's 24
    assert "Consent current for: ada, bo, cy, dee, eli, hal" in out
    _valid_for(bench, 18)
    assert _old(run(["reconsent", "crisis-house"], cwd=bench.root).output) == "18"
    assert _old(run(["reconsent", "crisis-house", "--older-than", "30"], cwd=bench.root).output) == ""  # given wins


def test_the_check_and_reconsent_agree(bench: Bench) -> None:
    checked = run(["check", "responses/crisis-house"], cwd=bench.root).output
    assert "more than 12 months" in checked  # 13 months before the response's date, by the default
    _valid_for(bench, 24)
    checked = run(["check", "responses/crisis-house"], cwd=bench.root).output
    assert "consent.aged" not in checked and "more than 24 months" not in checked
    assert "Consent recorded more than" not in run(["reconsent", "crisis-house"], cwd=bench.root).output


def test_the_people_pages_ask_again_by_the_same_months(bench: Bench) -> None:
    client = client_for(bench.root, [bench.root / "responses" / "crisis-house"])
    assert "ask again before submitting" in client.get("/people").text
    assert "ask again before submitting" in client.get("/people/ada").text
    _valid_for(bench, 24)
    client = client_for(bench.root, [bench.root / "responses" / "crisis-house"])
    listed = client.get("/people").text
    assert "ask again before submitting" in listed  # fay: never recorded
    assert "ask again before submitting" not in client.get("/people/ada").text
