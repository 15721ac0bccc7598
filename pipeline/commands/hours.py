"""`coproduce hours RESPONSE`: hours and payments per person, for the organisation's finance team."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands._common import response_dir, shown


@click.command()
@click.argument("response")
@click.option("--csv", "as_csv", is_flag=True, help="Comma-separated values, for a spreadsheet.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file (never inside build/, responses/ or templates/) instead of the screen.",
)
def command(response: str, as_csv: bool, out: Path | None) -> None:
    """Per person: sessions, hours, amount due, expenses and what has been paid.

    INTERNAL: it names the people being paid, so it goes only to the screen or to
    the file given with --out, never into a build or a submission. Rates, payments,
    declined payments and expenses are recorded in response.yaml's involvement:
    sessions (see the README). A person who has withdrawn is still listed: their
    time is left out of the submission, but they are still owed for it.
    """
    from pipeline.load.workbench import load
    from pipeline.render.write import write_atomic
    from pipeline.settings import make_settings
    from pipeline.workflow.hours import check_destination, hours_report, render

    wb, folder = load(response_dir(response))
    if out is not None:
        check_destination(wb, out)
    text = render(hours_report(wb, folder, make_settings().today), as_csv)
    if out is None:
        click.echo(text, nl=False)
        return
    # a CSV file starts with the UTF-8 byte-order mark: without it Excel reads names like Zoë or Siân as
    # Windows-1252 (tests/test_hours_csv_safe.py opens it in LibreOffice Calc)
    write_atomic(out.expanduser(), text.encode("utf-8-sig" if as_csv else "utf-8"))
    out.expanduser().chmod(0o600)  # names and payments: readable by its owner only
    click.echo(f"Wrote {shown(out)}: internal, it names the people being paid; keep it out of any submission.")
