"""Settings are made once and are the only reader of the clock: a test pins a day by passing it."""

from __future__ import annotations

import ast
import datetime as dt
import sys
from pathlib import Path

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


# ---------------------------------------------------------------- every command reads the clock once, in Settings

_STARTED_NEW = ["--title", "Crisis care", "--organisation", "Riverside", "--consultation", "Crisis", "--by", "A board"]


def _setup_assign(bench: Bench) -> list[str]:
    draft = bench.write("responses/crisis-house/unsorted/evening.md", "---\ntitle: An evening\n---\nWe met at six.\n")
    return ["assign", str(draft), "q3", "--by", "bo"]


def _setup_signoff(bench: Bench) -> list[str]:
    from tests.test_signoff import co_signed

    co_signed(bench)
    return ["signoff", "crisis-house", "--by", "hal", "--dry-run"]


def _setup_intake(bench: Bench) -> list[str]:
    bench.write("dropped/evening.md", "Question: 3\n\nWe met at six and talked until eight.\n")
    return ["intake", str(bench.root / "dropped"), "--into", "crisis-house"]


def _setup_review(bench: Bench) -> list[str]:
    assert run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root).exit_code == 0
    return ["review", str(bench.draft_out / "crisis-house.docx"), "crisis-house"]


def _setup_sheet(bench: Bench) -> list[str]:
    return ["contributor", "sheet", "ada", "--out", str(bench.root.parent / "sheets")]


# Each command with arguments that make it do its work (exit 0): a command that stopped at a usage
# error before its work would prove nothing about the clock.
COMMANDS: dict[str, list[str] | object] = {
    "check": ["check", "--draft"],
    "build": ["build", "--draft", "--format", "txt", "responses/crisis-house"],
    "status": ["status"],
    "hours": ["hours", "crisis-house"],
    "tell": ["tell", "ada", "crisis-house", "--no-pdf"],
    "watch": ["watch"],
    "withdraw": ["withdraw", "ada", "--dry-run"],
    "reconsent": ["reconsent"],
    "reconsent --confirm": ["reconsent", "--confirm", "ada"],
    "approve": ["approve", "responses/crisis-house/20-q1-offer.md", "--by", "hal", "--dry-run"],
    "signoff": _setup_signoff,
    "handover": ["handover", "responses/crisis-house/20-q1-offer.md", "--to", "bo", "--dry-run"],
    "add": ["add", "crisis-house", "--answers", "q3", "--by", "ada"],
    "assign": _setup_assign,
    "intake": _setup_intake,
    "review": _setup_review,
    "new": ["new", "crisis-care", *_STARTED_NEW],
    "contributor add": [
        "contributor",
        "add",
        "zed",
        "--name",
        "Zed Quarrie",
        "--credit",
        "name",
        "--quotes",
        "attributed",
        "--no-lived-experience",
        "--agreed",
    ],  # fmt: skip
    "contributor credit": ["contributor", "credit", "ada", "--credit", "initials"],
    "session add": [
        "session",
        "add",
        "crisis-house",
        "--date",
        "2026-11-02",
        "--activity",
        "Reading group",
        "--hours",
        "2",
        "--person",
        "ada",
    ],  # fmt: skip
    "monitoring": ["monitoring"],
    "confirmations": ["confirmations", "crisis-house"],
    "language": ["language", "--readability", "crisis-house"],
    "session pay": ["session", "pay", "crisis-house", "1", "ada", "--paid"],
    "contributor ordinary-word": ["contributor", "ordinary-word", "fay", "Faye"],
    "contributor sheet": _setup_sheet,
    "report": ["report", "--from", "2026-01-01", "--to", "2026-11-20", "--out", "../reports"],
    "init": ["init", "../fresh"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_reads_the_clock_once_in_settings(
    bench: Bench, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The clock may be read by `make_settings` alone, and once a command: a read from anywhere else, or a
    second one (settings made twice, or a step reading the clock after them), raises inside the command."""
    how = COMMANDS[name]
    args = how(bench) if callable(how) else list(how)  # type: ignore[arg-type]
    reads: list[str] = []
    real = vocabulary.today

    def guarded() -> dt.date:
        caller = sys._getframe(1).f_code
        reads.append(f"{caller.co_filename}:{caller.co_name}")
        if caller.co_name != "make_settings" or not caller.co_filename.endswith("settings.py"):
            raise AssertionError(f"the clock was read by {caller.co_name}, not by make_settings")
        if len(reads) > 1:
            raise AssertionError("the clock was read again after the settings were made")
        return real()

    monkeypatch.setattr(vocabulary, "today", guarded)
    result = run(args, cwd=bench.root)
    assert result.exit_code == 0 and "Traceback" not in result.output, (result.output, result.exception)
    assert len(reads) <= 1, reads  # also when the command caught what the guard raised


def _clock_calls(tree: ast.AST) -> list[tuple[int, str]]:
    """Calls that read a clock: today(), x.today(), system_today(), now(), utcnow()."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name in {"today", "system_today", "now", "utcnow"}:
                found.append((node.lineno, name))
    return found


# where the clock may be read: the Settings, and vocabulary's own definitions of the clock's rules
_MAY_READ = {
    "pipeline/settings.py": {"make_settings"},
    "pipeline/vocabulary.py": {"system_today", "today", "clock_override", "withdrawal_in_force"},
    # what serve keeps is keyed by the computer's date too, as withdrawal_in_force reads it (a kept page never
    # outlives the day a withdrawal comes into force)
    "pipeline/load/cache.py": {"fingerprint"},
}


def test_no_module_but_settings_reads_the_clock() -> None:
    root = Path(__file__).resolve().parent.parent
    wrong = []
    for path in sorted((root / "pipeline").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = _MAY_READ.get(rel, set())
        for fn in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name in allowed]:
            for sub in ast.walk(fn):
                if isinstance(sub, ast.Call):
                    sub.func = ast.Name(id="_allowed")  # read here on purpose
        wrong += [f"{rel}:{line} calls {name}()" for line, name in _clock_calls(tree)]
    assert wrong == [], "read the clock outside Settings:\n" + "\n".join(wrong)


def test_the_clock_check_finds_a_read() -> None:
    """The AST test can fail: a module that calls vocabulary.today() is found."""
    planted = ast.parse("from pipeline import vocabulary\n\ndef f():\n    return vocabulary.today()\n")
    assert _clock_calls(planted) == [(4, "today")]


# ---------------------------------------------------------------- the browser: once a request

PAGES: list[str | tuple[str, str]] = [
    "/",
    "/r/crisis-house",
    ("contribution", "20-q1-offer.md"),
    "/r/crisis-house/q/q1",
    "/r/crisis-house/preview",
    "/r/crisis-house/preview/page",
    "/r/crisis-house/sessions",
    "/r/crisis-house/sessions/1",
    "/r/crisis-house/hours.csv",
    "/r/crisis-house/intake",
    "/r/crisis-house/build",
    "/r/crisis-house/review",
    "/people",
    "/people/ada",
    "/people/ada/withdraw",
]


def test_every_page_reads_the_clock_once_a_request_in_settings(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbench makes its settings per request (web/kit.state): each page reads the clock there at most
    once, and nowhere else, so a page and the problems it shows see the same day."""
    from pipeline.web.addresses import contribution_url
    from tests.web.conftest import client_for

    reads: list[str] = []
    real = vocabulary.today

    def guarded() -> dt.date:
        caller = sys._getframe(1).f_code
        reads.append(f"{caller.co_filename}:{caller.co_name}")
        if caller.co_name != "make_settings" or not caller.co_filename.endswith("settings.py"):
            raise AssertionError(f"the clock was read by {caller.co_name}, not by make_settings")
        return real()

    with client_for(bench.root, [bench.response]) as client:
        monkeypatch.setattr(vocabulary, "today", guarded)
        for page in PAGES:
            if isinstance(page, tuple):  # a contribution's address is made from its file name (web/addresses.py)
                page = contribution_url("crisis-house", page[1])
            reads.clear()
            answer = client.get(page)
            assert answer.status_code == 200, (page, answer.status_code)
            assert len(reads) <= 1, (page, reads)


def test_every_command_is_run_with_the_guarded_clock() -> None:
    """A new command joins COMMANDS above (serve is the browser: its pages are opened one by one in the test of every page)."""
    import click

    from pipeline.cli import cli

    listed = set(cli.list_commands(click.Context(cli)))
    covered = {name.split()[0] for name in COMMANDS}
    assert listed - covered == {"serve"}, listed - covered
