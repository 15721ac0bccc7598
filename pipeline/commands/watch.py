"""`coproduce watch`: the consultations ahead (watch.yaml, watch/), by days left; `--ics FILE` for a calendar."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands._common import shown, workbench_here


@click.command()
@click.option(
    "--ics",
    "ics_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write every closing time as an iCalendar file (.ics), to add to a shared calendar.",
)
@click.option("--all", "show_all", is_flag=True, help="List closed consultations too.")
def command(ics_file: Path | None, show_all: bool) -> None:
    """List the consultations in watch.yaml or watch/ not yet closed, soonest first, with the decision on each.

    Start a response from one with  coproduce new SLUG --from-watch ID."""
    from pipeline.render.write import write_atomic
    from pipeline.settings import make_settings
    from pipeline.workflow.watch import WATCH_NAMES, ahead, ics, line, load_watch

    wb = workbench_here()
    entries = load_watch(wb.root)
    on = make_settings().today
    listed = sorted(entries, key=lambda e: (e.closes_utc(), e.id)) if show_all else ahead(entries, on)
    if not entries:
        click.echo(f"No consultations are listed in {WATCH_NAMES} yet.")
    for e in listed:
        click.echo(line(e, on))
    if ics_file is not None:
        write_atomic(ics_file.expanduser(), ics(entries))
        click.echo(f"Wrote {shown(ics_file)}: {len(entries)} closing times.")
