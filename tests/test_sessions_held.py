"""A session dated after the response's date has not happened yet (or the date is mistyped):
it is neither printed nor credited, and the check says so at its line."""

from __future__ import annotations

from tests.conftest import run
from tests.factory import Bench

LATER = """  - date: 2026-03-05
    activity: Celebration lunch
    hours: 3
    people: [ada, hal]
"""


def _add_later_session(bench: Bench) -> None:
    path = bench.response / "response.yaml"
    path.write_text(path.read_text(encoding="utf-8") + LATER, encoding="utf-8")


def _text(bench: Bench) -> str:
    result = run(["build", "--draft", "--format", "txt", str(bench.response)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return next(bench.draft_out.glob("*.txt")).read_text(encoding="utf-8")


def test_a_later_session_is_not_printed_or_credited(bench: Bench) -> None:
    before = _text(bench)
    _add_later_session(bench)
    after = _text(bench)
    assert "Celebration lunch" not in after and "5 March 2026" not in after
    assert after == before  # the credits' counts of sessions and hours are as they were


def test_the_check_warns_at_the_session_line(bench: Bench) -> None:
    _add_later_session(bench)
    line = (bench.response / "response.yaml").read_text(encoding="utf-8").splitlines().index("  - date: 2026-03-05")
    result = run(["check", "--draft", str(bench.response)], cwd=bench.root)
    assert result.exit_code == 0, result.output  # a warning: it never stops a build
    assert f"response.yaml:{line + 1}:" in result.output and "Celebration lunch" in result.output
    assert "after the response's date" in result.output
