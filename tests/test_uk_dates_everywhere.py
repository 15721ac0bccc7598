"""Every date option and prompt takes a date as people in the UK type it, through the one reader
(`load.typed_dates.read_date`, by way of `commands._common.DATE`), and names the forms it accepts."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.commands import _common
from pipeline.workflow import scaffold
from tests.conftest import assert_user_error, run
from tests.factory import Bench

NEW = [
    "--title",
    "Our answer",
    "--organisation",
    "Harbourside Voices",
    "--consultation",
    "Ferry fares",
    "--by",
    "Ferry Board",
]
TYPED = ["16/12/2026", "16 December 2026", "16th Dec 2026", "2026-12-16", "16.12.26"]
EARLIER = ["03/04/2026", "3 April 2026", "2026-04-03"]  # day first: the 3rd of April


def _yaml(bench: Bench, relative: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((bench.root / relative).read_text())


@pytest.mark.parametrize("typed", TYPED)
def test_new_closes(bench: Bench, typed: str) -> None:
    result = run(["new", "ferry", *NEW, "--closes", typed], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert str(_yaml(bench, "responses/ferry/response.yaml")["consultation"]["closes"]) == "2026-12-16"


@pytest.mark.parametrize("typed", EARLIER)
def test_contributor_add_consent_date(bench: Bench, typed: str) -> None:
    args = ["contributor", "add", "gwen", "--name", "Gwen Talbot", "--credit", "initials", "--quotes", "no"]
    result = run([*args, "--no-lived-experience", "--consent-date", typed], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert str(_yaml(bench, "contributors/gwen.yaml")["consent"]["recorded"]) == "2026-04-03"


@pytest.mark.parametrize("typed", EARLIER)
def test_withdraw_on(bench: Bench, typed: str) -> None:
    result = run(["withdraw", "bo", "--on", typed], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert str(_yaml(bench, "contributors/bo.yaml")["consent"]["withdrawn"]) == "2026-04-03"


@pytest.mark.parametrize("typed", EARLIER)
def test_reconsent_on(bench: Bench, typed: str) -> None:
    result = run(["reconsent", "--confirm", "ada", "--on", typed], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert str(_yaml(bench, "contributors/ada.yaml")["consent"]["recorded"]) == "2026-04-03"


@pytest.mark.parametrize(
    "args",
    [
        ["new", "ferry", *NEW, "--closes", "31/02/2027"],
        ["withdraw", "bo", "--on", "next Tuesday"],
        ["reconsent", "--confirm", "ada", "--on", "12/13/2026"],
        ["contributor", "add", "gwen", "--name", "G T", "--credit", "initials", "--quotes", "no",
         "--no-lived-experience", "--consent-date", "2026/04"],
    ],
)  # fmt: skip
def test_a_bad_date_names_the_forms_accepted(bench: Bench, args: list[str]) -> None:
    out = assert_user_error(run(args, cwd=bench.root), 2)
    assert "16/12/2026, 16 December 2026 or 2026-12-16" in out
    assert not (bench.root / "responses/ferry").exists() and not (bench.root / "contributors/gwen.yaml").exists()


def test_the_closing_date_prompt_takes_a_uk_date_and_asks_again_at_once(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scaffold, "can_ask", lambda: True)
    monkeypatch.chdir(bench.root)
    answers = "T\nO\nC\nB\n31/02/2027\n16 December 2026\n\n\n\n"
    result = CliRunner().invoke(cli, ["new", "asked"], input=answers, catch_exceptions=True)
    assert result.exit_code == 0, result.output
    said = result.output
    assert said.index("is not a day of the calendar") < said.index("Web address")
    assert str(_yaml(bench, "responses/asked/response.yaml")["consultation"]["closes"]) == "2026-12-16"


def test_every_date_option_uses_the_one_type() -> None:
    """No command reads a date its own way: every option whose value is a date is the one ParamType."""
    import importlib
    import pkgutil

    import click

    import pipeline.commands as commands

    def options(cmd: click.Command) -> list[click.Parameter]:
        found = list(cmd.params)
        if isinstance(cmd, click.Group):
            for sub in cmd.commands.values():
                found += options(sub)
        return found

    dated = 0
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"pipeline.commands.{info.name}")
        command = getattr(module, "command", None)
        if not isinstance(command, click.Command):
            continue
        for param in options(command):
            assert not isinstance(param.type, click.DateTime), f"{info.name} {param.name} reads dates its own way"
            dated += param.type is _common.DATE
    assert dated >= 4  # new --closes, contributor add --consent-date, withdraw --on, reconsent --on
