"""`coproduce init [DIR]`: make a workbench, ready for `coproduce new`."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands._common import shown


@click.command()
@click.argument("folder", metavar="[DIR]", required=False, type=click.Path(path_type=Path), default=Path("."))
@click.option(
    "--keep-originals",
    is_flag=True,
    help="Keep the volunteers' own files that intake takes in under git (they hold their real names).",
)
def command(folder: Path, keep_originals: bool) -> None:
    """Make a workbench in DIR (default: this folder): contributors/, responses/,
    templates/brand.yaml to fill in, a .gitignore and a README for the team.

    It never overwrites a file: if one it would write is there, it says which and writes nothing.
    """
    from pipeline.workflow.init import init

    made = init(folder, keep_originals=keep_originals)
    where = shown(made.root)
    click.echo(f"Made a workbench in {where}:")
    click.echo("  contributors/         one file per person who takes part (private)")
    click.echo("  responses/            one folder per consultation response")
    click.echo("  templates/brand.yaml  your colours, fonts and logo; the rest is coproduce's own look")
    if keep_originals:
        click.echo("  .gitignore            keeps build/ out of git; volunteers' original files are kept in it")
    else:
        click.echo("  .gitignore            keeps build/ and volunteers' original files (their real names) out of git")
    click.echo("  README.md             what goes where, and the commands for every day")
    into = "" if where == "." else f"cd {where}, then "
    click.echo(f"Next: {into}add the people taking part with  coproduce contributor add,")
    click.echo("and start a response with  coproduce new <name>  (like  coproduce new crisis-survey).")
