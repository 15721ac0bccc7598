"""`coproduce reconsent [<slug>]`: before a submission, who must be asked again, and recording that they were.

The checklist names people by their contributor id, never by name or e-mail:
it is for the coordinator, but terminals get shared on screen and pasted into
notes, and the id is also what `--confirm` takes. The name is one file away.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pipeline.commands._common import DATE, workbench_here


@click.command()
@click.argument("slug", required=False)
@click.option(
    "--older-than",
    "months",
    type=click.IntRange(min=0),
    default=None,
    help="Ask again when consent was recorded more than this many months ago"
    " (default: the response's consent_valid_months, 12 unless response.yaml says otherwise).",
)
@click.option("--confirm", "confirm", multiple=True, metavar="ID", help="Record that ID re-confirmed (repeatable).")
@click.option(
    "--on",
    "on",
    type=DATE,
    help="The date they re-confirmed, with --confirm, like 16/12/2026 (default: today).",
)
def command(slug: str | None, months: int | None, confirm: tuple[str, ...], on: dt.date | None) -> None:
    """List who must be asked before SLUG is submitted (default: every response), or record --confirm ID."""
    from pipeline.errors import UsageError
    from pipeline.settings import make_settings
    from pipeline.workflow.consent_reconsent import confirm_consent

    root = workbench_here().root
    today = make_settings().today
    if on and not confirm:
        raise UsageError(
            "--on goes with --confirm ID",
            "like  coproduce reconsent --confirm jordan --on 2026-01-12",
            code="usage.on-without-confirm",
        )
    if confirm:
        day = on if on else today
        for pid in dict.fromkeys(confirm):
            shown, before, version = confirm_consent(root, pid, day, today)
            was = f" (was {before})" if before else " (none was recorded before)"
            click.echo(f"Recorded in {shown}: {pid} re-confirmed consent on {day}{was}, on sheet wording {version}.")
        return
    _print_checklist(root, slug, months, today)


def _print_checklist(root: Path, slug: str | None, months: int | None, today: dt.date) -> None:
    from pipeline.workflow.consent_reconsent import REASON_TITLES, checklist

    found = checklist(root, slug, months, today)
    months = found.months  # as the responses say when --older-than is not given
    scope = f"responses/{slug}" if slug else "every response"
    click.echo(f"Before submitting {scope}: whose credit or words appear, and who to ask.")
    reasons_words = {"not-recorded": "never recorded", "left": "has left", "old": f"over {months} months old"}
    any_to_ask = False
    for reason, people in found.groups.items():
        if not people:
            continue
        any_to_ask = True
        click.echo("")
        click.echo(REASON_TITLES[reason].format(months=months) + ":")
        for p in people:
            extra = [reasons_words[r] for r in p.reasons[1:]]
            recorded = f"recorded {p.recorded}" if p.recorded else "not recorded"
            left = f", left {p.left}" if p.left else ""
            also = f"; also {', '.join(extra)}" if extra else ""
            click.echo(f"  [ ] {p.pid}  ({recorded}{left}{also}) {p.summary()}")
    if not any_to_ask:
        click.echo("")
        click.echo(f"Nobody needs asking: everyone's consent was recorded in the last {months} months.")
    _print_older_sheets(root, found.fine + [p.pid for group in found.groups.values() for p in group])
    if found.withdrawn:
        click.echo("")
        click.echo("Withdrawn (do not ask; their work is left out of every build):")
        for pid, day in found.withdrawn:
            click.echo(f"  {pid} (withdrew on {day})")
    if found.flagged:
        click.echo("")
        click.echo("Contributions whose authors have withdrawn or left:")
        for f in found.flagged:
            click.echo(f"  {f}")
    if found.fine:
        click.echo("")
        click.echo(f"Consent current for: {', '.join(found.fine)}")
    if any_to_ask:
        click.echo("")
        click.echo("After asking each person, record it:  coproduce reconsent --confirm ID [--on DATE]")
    for shown in found.unreadable:
        click.echo(f"  could not read {shown}; run  coproduce check  to see why", err=True)


def _print_older_sheets(root: Path, pids: list[str]) -> None:
    """Who agreed on sheet wording that has changed since: give them the new sheet and ask again."""
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, load_contributors
    from pipeline.workflow.sheet import agreed_to_older, load_wording, sheet_language

    wb = Workbench(root)
    load_contributors(wb, Problems())
    older = agreed_to_older(wb, pids)
    if older:
        click.echo("")
        click.echo("Agreed on older sheet wording: give them the new sheet, then ask again:")
        for pid, version in older:
            now = load_wording(wb, sheet_language(wb.contributors[pid].data)).version  # in their own language
            click.echo(
                f"  [ ] {pid}  (saw version {version}, now {now}; make it with  coproduce contributor sheet {pid}"
                " --out DIR)"
            )
