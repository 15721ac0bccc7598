"""`coproduce build`: the submission of one response, in every format asked for."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands._common import response_dir, say_problems, shown
from pipeline.render import default_formats, formats


@click.command()
@click.argument("response")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the outputs, replaced whole by each build (default build/<slug>; a --draft: build/<slug>.draft).",
)
@click.option(
    "--format",
    "wanted",
    default=None,
    help="Which outputs, comma-separated: "
    + "; ".join(f"{f.name}: {f.title}" for f in formats().values())
    + f". Default: what the response's submit_to: profile builds; for a report, {','.join(default_formats())}.",
)
@click.option(
    "--draft", is_flag=True, help="Build even with unapproved work or failed final checks; marks every page DRAFT."
)
@click.option(
    "--large-print",
    is_flag=True,
    help="Also make the PDF and DOCX in large print (18pt, wider spacing): <slug>-large-print.pdf and .docx.",
)
def command(response: str, out: Path | None, wanted: str | None, draft: bool, large_print: bool) -> None:
    """Build the submission of RESPONSE (a folder, or a response's slug): PDF, DOCX, HTML and the answers as text."""
    from pipeline.build import build, parse_formats
    from pipeline.commands._progress import Progress
    from pipeline.settings import make_settings

    chosen = parse_formats(wanted) if wanted is not None else None  # None: the profile's formats
    settings = make_settings(draft=draft, formats=chosen, large_print=large_print, out_dir=out)
    with Progress() as step:  # drawn on a terminal only, after a second
        result = build(response_dir(response), settings, progress=step)
    if result.left_out:
        click.echo("Left out of this build:")
        for item in result.left_out:
            click.echo(f"  {item}")
    if result.annexed:
        n = len(result.annexed)
        suffixes = tuple(f.suffix for f in formats().values() if f.document == "annex")
        annex = next((p.name for p in result.written if p.name.endswith(suffixes)), None)
        click.echo(
            f"{n} confidential contribution{'' if n == 1 else 's'} kept out of the submission: "
            + (f"only in {annex}" if annex else "the annex was not asked for (--format confidential)")
        )
    if result.warnings:
        click.echo(f"{len(result.warnings)} to consider:", err=True)
        say_problems(result.warnings)
    click.echo("Built a DRAFT:" if draft else "Built:")
    for path in result.written:
        click.echo(f"  {shown(path)}")
