"""checks/unanswered.py: each of its three findings at its place in response.yaml, read as `check --format json`
gives them (the finding builder is shared by all three, so each is pinned here)."""

from __future__ import annotations

from tests.conftest import findings
from tests.factory import Bench


def _about(bench: Bench, code: str) -> list[dict[str, object]]:
    return [f for f in findings(bench) if f.get("code") == code]  # as a final build sees them


def _line_of(bench: Bench, text: str) -> int:
    lines = (bench.response / "response.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_an_answer_to_a_question_marked_unanswered_is_a_warning_at_the_mark(bench: Bench) -> None:
    yaml = bench.response / "response.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("limit: 120", "limit: 120\n    unanswered: true"))
    found = _about(bench, "answer.marked-unanswered")
    assert len(found) == 1, found
    assert found[0]["severity"] == "warning" and found[0]["line"] == _line_of(bench, "unanswered: true")
    assert "question q1 is marked unanswered" in str(found[0]["message"])


def test_a_question_with_no_answer_is_a_warning_at_its_id(bench: Bench) -> None:
    for c in bench.response.glob("*-q3*.md"):
        c.unlink()
    found = _about(bench, "answer.missing")
    assert [(f["severity"], f["line"]) for f in found] == [("warning", _line_of(bench, "id: q3"))], found


def test_an_answer_a_withdrawal_took_out_stops_a_final_build_at_the_question(bench: Bench) -> None:
    # q2's only other answer moves to q3: what is left of q2 was written by gus, who withdrew
    moved = bench.response / "31-q2-referral.md"
    moved.write_text(moved.read_text(encoding="utf-8").replace("answers: q2", "answers: q3"))
    found = _about(bench, "answer.withdrawn")
    assert [(f["severity"], f["line"]) for f in found] == [("error", _line_of(bench, "id: q2"))], (
        found
    )  # "final": an error to a final build
    assert "30-q2-withdrawn.md" in str(found[0]["message"])
