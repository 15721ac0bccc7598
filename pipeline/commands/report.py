"""`coproduce report --from DATE --to DATE`: the year's impact across every response, as DOCX, PDF and CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pipeline.commands._common import DATE, shown, workbench_here
from pipeline.errors import UsageError


@click.command()
@click.option("--from", "start", type=DATE, required=True, help="The first day, like 1/4/2025 or 2025-04-01.")
@click.option("--to", "end", type=DATE, required=True, help="The last day, like 31/3/2026 or 2026-03-31.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="The folder to write impact-FROM-to-TO.docx, .pdf and .csv into (default: reports/ in the workbench).",
)
def command(start: dt.date, end: dt.date, out: Path | None) -> None:
    """Totals across every response in the period: hours, sessions, people, responses sent,
    questions answered, outcomes and payments; each response with what became of it.

    It names only the people credited by name, so it can go into an annual review."""
    from pipeline.render.out_folder import refuse_private_destination
    from pipeline.render.write import write_atomic
    from pipeline.settings import make_settings
    from pipeline.workflow.report import report_files

    if end < start:
        raise UsageError(
            f"--to ({end}) is before --from ({start})", "give the first day, then the last", code="usage.report-period"
        )
    wb = workbench_here()
    folder = (out or wb.root / "reports").expanduser()
    why = "the year's report is the organisation's own until it chooses to publish it"
    refuse_private_destination(folder, wb.root, why=why, example="--out reports", code="usage.report-out")
    outputs = report_files(wb.root, start, end, make_settings().today)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in outputs.items():
        write_atomic(folder / name, data)
        written.append(shown(folder / name))
    click.echo(f"Wrote {', '.join(written)}.")
