"""`coproduce signoff SLUG --by ID`: record that ID signed a co-signed response off for their organisation."""

from __future__ import annotations

import click

from pipeline.commands._common import response_dir


@click.command()
@click.argument("response")
@click.option("--by", "by", required=True, metavar="ID", help="Who signs off: an organisation's lead, or signoff:.")
@click.option("--dry-run", is_flag=True, help="Show what would be recorded without writing it.")
def command(response: str, by: str, dry_run: bool) -> None:
    """Record that ID signed RESPONSE off, as a whole, for their organisation.

    For a response signed by several organisations (organisations: in response.yaml): each one's lead,
    or someone in its signoff: list, signs off the submission as it would print today. This writes
    signed_off: {by, on, submission} under their organisation, keeping the rest of the file as it is.
    If anything that prints changes afterwards (a contribution, the question, a credit, a withdrawal),
    check and a final build say so until they sign off again. In git, commit it from your own address.
    """
    from pipeline.settings import make_settings
    from pipeline.workflow.signoff import sign_off

    done = sign_off(response_dir(response), by, make_settings().today, dry_run=dry_run)
    for s in done:
        if s.already:
            click.echo(f"{s.organisation}: already signed off by {s.by} on {s.on}; nothing to change.")
            continue
        was = " (what prints had changed since the last sign-off)" if s.before == "changed" else ""
        verb = "Dry run, would record" if dry_run else "Recorded"
        click.echo(f"{verb}: {by} signed off for {s.organisation} on {s.on}{was}.")
        if s.ran_as:
            click.echo(f"  The record also says who ran this on this computer: {s.ran_as}.")
    if dry_run:
        click.echo("Nothing was written.")
