"""Settings are made once and are the only reader of the clock: a test pins a day by passing it."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline import vocabulary
from pipeline.build import build, check
from pipeline.settings import make_settings
from tests.conftest import run
from tests.factory import Bench


def _clock_that_must_not_be_read() -> dt.date:
    raise AssertionError("the clock was read after the settings were made")


def test_a_check_and_a_build_given_settings_never_read_the_clock(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_settings(today=dt.date(2026, 2, 20), draft=True, formats=("txt",), out_dir=bench.root / "out")
    monkeypatch.setattr(vocabulary, "today", _clock_that_must_not_be_read)
    assert check(bench.response, settings).settings is settings
    result = build(bench.response, settings)
    assert result.written and all(p.parent == bench.root / "out" for p in result.written)


@pytest.mark.parametrize("command", [["check"], ["build", "--draft", "--format", "txt"]])
def test_a_command_reads_the_clock_once(bench: Bench, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    reads: list[int] = []
    real = vocabulary.today

    def counted() -> dt.date:
        reads.append(1)
        return real()

    monkeypatch.setattr(vocabulary, "today", counted)
    args = [*command, str(bench.response)] if command[0] == "build" else command
    result = run(args, cwd=bench.root)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert len(reads) == 1, f"{command[0]} read the clock {len(reads)} times"


def test_the_day_given_is_the_day_every_check_sees(bench: Bench) -> None:
    """dates.closed looks at settings.today, not the calendar: the same response, two days, two answers."""
    early = check(bench.response, make_settings(today=dt.date(2000, 1, 1)))
    late = check(bench.response, make_settings(today=dt.date(2999, 1, 1)))
    codes_early = {p.code for p in early.problems.items}
    codes_late = {p.code for p in late.problems.items}
    assert "dates.closed" not in codes_early
    assert "dates.closed" in codes_late
