"""The build's progress line (issue 13): on a terminal after a second, never in a pipe or a log."""

from __future__ import annotations

import io

from pipeline.commands._progress import Progress
from tests.conftest import run
from tests.factory import Bench


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_each_step_and_the_line_is_wiped_at_the_end() -> None:
    screen = Terminal()
    with Progress(screen, delay=0) as step:
        step("Checking")
        step("Making the PDF")
    shown = screen.getvalue()
    assert "Checking" in shown and "Making the PDF" in shown
    assert shown.endswith("\r\033[K")  # nothing of it is left for what prints next


def test_a_quick_build_draws_nothing() -> None:
    screen = Terminal()
    with Progress(screen, delay=3600) as step:
        step("Checking")
    assert screen.getvalue() == ""


def test_a_pipe_or_a_log_gets_no_progress_at_all() -> None:
    log = io.StringIO()  # not a terminal
    with Progress(log, delay=0) as step:
        step("Checking")
    assert log.getvalue() == ""


def test_the_build_command_prints_no_progress_when_not_on_a_terminal(bench: Bench) -> None:
    result = run(["build", "--draft", "--format", "txt", str(bench.response)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output and "\033[K" not in result.output
