"""`coproduce handover <file> --to <id>`: pass a contribution on, keeping the first author's credit."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands._common import workbench_here


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "to", multiple=True, required=True, metavar="ID", help="Who takes it over (repeatable).")
@click.option("--dry-run", is_flag=True, help="Show the change without writing it.")
def command(file: Path, to: tuple[str, ...], dry_run: bool) -> None:
    """Hand FILE over to ID: they become its author; the authors before are credited for beginning it."""
    from pipeline.settings import make_settings
    from pipeline.workflow.consent_handover import handover

    done = handover(workbench_here().root, file, list(to), make_settings().today, dry_run=dry_run)
    click.echo(f"{'Dry run, nothing written: ' if dry_run else ''}{done.shown}")
    click.echo(f"  by: {', '.join(done.by_before)}  ->  {', '.join(done.by_after)}")
    click.echo(f"  handed_over_from: {', '.join(done.handed_over_from)}")
    passed = [p for p in done.handed_over_from if p in done.by_before]
    click.echo(
        f"  {', '.join(passed)} will be credited as having begun work that others finished "
        "(as they chose to be credited); if they withdraw, this contribution is left out."
    )
    if done.left:
        click.echo(f"  {', '.join(done.left)} left; their consent stands, so they keep the credit they chose.")
    if done.status_before != done.status_after:
        click.echo(
            f"  status: {done.status_before} -> {done.status_after}: with a new author it needs signing off again."
        )
    else:
        click.echo(f"  status stays {done.status_after}.")
    from pipeline.workflow.support import avoided_in_file

    root = workbench_here().root
    for touch in avoided_in_file(root, root / done.shown, done.by_after):
        click.echo(f"warning: {touch}", err=True)
