"""`coproduce add <slug>`: start a contribution file with its front matter filled in."""

from __future__ import annotations

import click

from pipeline.commands._common import response_dir, shown, workbench_here
from pipeline.workflow.starting import add_contribution


@click.command()
@click.argument("slug")
@click.option("--answers", metavar="QID", help="The question it answers, like q3.")
@click.option("--section", help="Or the section it is: summary, about, method, recommendations, or your own.")
@click.option("--title", help="The section's title (needed for a section of your own).")
@click.option("--by", "by", multiple=True, metavar="ID", help="Who writes it (repeat for more than one).")
@click.option("--content-note", help="A short note for readers, like: discusses detention.")
def command(
    slug: str,
    answers: str | None,
    section: str | None,
    title: str | None,
    by: tuple[str, ...],
    content_note: str | None,
) -> None:
    """Start a contribution in response SLUG, named in file order, with status: draft."""
    folder = response_dir(slug)
    wb = workbench_here(folder)
    from pipeline.settings import make_settings

    path = add_contribution(  # the same rules and file as the workbench's form
        wb,
        folder,
        answers=answers,
        section=section,
        title=title,
        by=by,
        content_note=content_note,
        today=make_settings().today,
    )
    from pipeline.workflow.support import avoided_in_file

    for touch in avoided_in_file(wb.root, path):  # the file as written: its content note, its question
        click.echo(f"warning: {touch}", err=True)
    click.echo(f"Wrote {shown(path)} (status: draft)")
    click.echo("Write the text below its second --- line; set  status: review  when it is ready to be read.")
