"""`coproduce --help` lists every command without importing one (issue 13), with the summaries click gives."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from pipeline import cli


@pytest.mark.parametrize("name", cli.cli.list_commands(click.Context(cli.cli)))
def test_each_listed_summary_is_the_commands_own(name: str) -> None:
    ctx = click.Context(cli.cli)
    real = cli.cli.get_command(ctx, name)
    stand_in = cli._listed(name)
    assert real is not None
    if stand_in is not None:  # a command written another way is imported for its summary
        for limit in (30, 45, 60, 200):
            assert stand_in.get_short_help_str(limit) == real.get_short_help_str(limit)


def test_help_imports_no_command_module() -> None:
    code = (
        "import sys\nfrom pipeline import cli\n"
        "try:\n    cli.cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('pipeline.commands.') and m != 'pipeline.commands._common'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
