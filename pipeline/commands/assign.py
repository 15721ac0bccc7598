"""`coproduce assign`: file a draft that intake left unsorted, with its question or section and its authors."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands._common import shown, workbench_here


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("question", required=False)
@click.option("--section", metavar="NAME", help="A section (summary, about, method, recommendations, or your own).")
@click.option("--by", "by", multiple=True, metavar="ID", help="Who wrote it, a contributor id; repeat for more.")
def command(file: Path, question: str | None, section: str | None, by: tuple[str, ...]) -> None:
    """File FILE, a draft in responses/<slug>/unsorted/, as an answer to QUESTION (q3, or 3).

    It is numbered as  coproduce add  numbers files and moved into the response
    folder, still a draft. A contribution already filed is moved to QUESTION the
    same way (renumbered, its words and other fields kept), as the workbench's
    "move" does. Who wrote it comes from --by, or from what intake
    already knew; it is never guessed. The volunteer's original is not touched.
    """
    from pipeline.settings import make_settings
    from pipeline.workflow.filing import file_contribution

    wb = workbench_here(file.parent if file.parent.is_dir() else None)
    new = file_contribution(wb, file, question, section, by, today=make_settings().today)
    from pipeline.workflow.support import avoided_in_file

    click.echo(f"{shown(file)} → {shown(new)} (a draft)")
    for touch in avoided_in_file(wb.root, new):
        click.echo(f"warning: {touch}", err=True)
    click.echo(f"Next: read it, then run  coproduce check --draft {shown(new.parent)}")
