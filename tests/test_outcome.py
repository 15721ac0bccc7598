"""What became of a response (`outcome:` in response.yaml): validated by `check`, reminded by `status`,
and never a change to what was approved or what a build prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import findings, run
from tests.factory import Bench, cover, signed

RECOMMENDATIONS = """
    ---
    section: recommendations
    by: [hal]
    status: approved
    ---
    We ask the board to:

    1. Open the crisis house at weekends.
    2. Let people refer themselves.
    3. Pay peer workers the same as other staff.
"""

OUTCOME = """
outcome:
  submitted: 2026-02-24
  route: online form
  reference: ECH-0007
  published: https://example.org/crisis-houses/responses
  reply:
    date: 2026-05-02
    link: https://example.org/crisis-houses/outcome
    summary: The board will open at weekends from next spring and is still looking at self-referral.
  recommendations:
    - {id: r1, result: adopted, evidence: "p. 4"}
    - {id: r2, result: unknown}
    - {id: r3, result: not, evidence: "no change to pay bands this year"}
"""


@pytest.fixture
def recs(bench: Bench) -> Bench:
    bench.contribution("90-recommendations.md", signed(RECOMMENDATIONS))
    cover(bench)
    return bench


def with_outcome(bench: Bench, text: str = OUTCOME) -> None:
    yaml = bench.response / "response.yaml"
    yaml.write_text(yaml.read_text("utf-8") + text, encoding="utf-8")


def codes(bench: Bench) -> list[str]:
    return sorted(str(f["code"]) for f in findings(bench))


def test_an_outcome_changes_neither_the_check_nor_a_single_byte_of_the_submission(recs: Bench) -> None:
    before = codes(recs)
    assert run(["build", str(recs.response), "--format", "html,docx"]).exit_code == 0
    first = {p.name: p.read_bytes() for p in recs.out.iterdir()}
    with_outcome(recs)
    after = codes(recs)
    assert after == before  # every approval still holds: no approval.* finding appears
    assert not [c for c in after if c.startswith("approval")]
    result = run(["build", str(recs.response), "--format", "html,docx"])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in recs.out.iterdir()} == first


def test_a_recommendation_the_response_does_not_have_is_named_with_its_line(recs: Bench) -> None:
    with_outcome(recs, OUTCOME.replace("{id: r2, result: unknown}", "{id: r4, result: unknown}"))
    found = [f for f in findings(recs) if f["code"] == "outcome.unknown-recommendation"]
    assert len(found) == 1
    text = (recs.response / "response.yaml").read_text("utf-8").splitlines()
    assert "r4" in text[int(found[0]["line"]) - 1]  # type: ignore[call-overload]
    assert "r1 to r3" in str(found[0]["fix"])


def test_without_a_recommendations_section_every_id_is_unknown(bench: Bench) -> None:
    with_outcome(bench)
    found = [f for f in findings(bench) if f["code"] == "outcome.unknown-recommendation"]
    assert len(found) == 3 and all(
        "r1" in str(f["message"]) or "r2" in str(f["message"]) or "r3" in str(f["message"]) for f in found
    )
    assert "has no numbered recommendations" in str(found[0]["fix"])


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("https://example.org/crisis-houses/responses", "http://example.org/crisis-houses/responses", "published"),
        ("https://example.org/crisis-houses/outcome", "javascript:alert(1)", "reply.link"),
        ("result: not,", "result: maybe,", "result"),
        ("id: r2,", "id: 2,", "id"),
        ("date: 2026-05-02", "date: 31/13/2026", "reply.date"),
    ],
)
def test_bad_outcome_fields_are_named_all_at_once(recs: Bench, old: str, new: str, field: str) -> None:
    with_outcome(recs, OUTCOME.replace(old, new).replace("{id: r1, result: adopted", "{id: r1, result: yes"))
    result = run(["check", str(recs.response)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert field in result.output and "recommendations[1].result" in result.output  # both at once
    assert "response.yaml:" in result.output


def test_a_recommendation_given_twice_is_refused(recs: Bench) -> None:
    with_outcome(recs, OUTCOME.replace("{id: r2, result: unknown}", "{id: r1, result: unknown}"))
    result = run(["check", str(recs.response)])
    assert result.exit_code == 1 and "r1 is given twice" in result.output


def status_json(bench: Bench) -> dict[str, object]:
    result = run(["status", "--json", str(bench.response)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return next(r for r in data["responses"] if r["slug"] == "crisis-house")  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("today", "extra", "reminded"),
    [
        ("2026-05-23", "", False),  # closes 2026-03-01: 12 weeks later is 2026-05-24
        ("2026-05-24", "", True),
        ("2026-11-20", "outcome_due_weeks: 40\n", False),  # due 2026-12-06
        ("2026-12-06", "outcome_due_weeks: 40\n", True),
        ("2026-11-20", OUTCOME, False),  # the body's response is recorded
        ("2026-11-20", "outcome: {submitted: 2026-02-24}\n", True),  # sent, but nothing back yet
    ],
)
def test_status_reminds_once_the_bodys_response_is_due(
    recs: Bench, monkeypatch: pytest.MonkeyPatch, today: str, extra: str, reminded: bool
) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", today)
    with_outcome(recs, extra)
    status = status_json(recs)
    assert status["outcome_reminder"] is reminded
    text = run(["status", str(recs.response)]).output
    assert ("record it under outcome:" in " ".join(text.split())) is reminded


def test_status_says_what_the_body_did(recs: Bench) -> None:
    with_outcome(recs)
    assert "of 3 recommendations, 1 adopted, 1 not adopted, 1 not yet known" in str(status_json(recs)["outcome"])


def test_the_example_response_has_an_outcome_and_checks_clean() -> None:
    root = Path(__file__).resolve().parent.parent / "responses" / "mental-health-act-review"
    assert "outcome:" in (root / "response.yaml").read_text("utf-8")
    result = run(["check", str(root)])
    assert result.exit_code == 0 and "outcome" not in result.output, result.output
