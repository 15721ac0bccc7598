"""`coproduce add <slug>`: start a contribution file with its front matter filled in."""

from __future__ import annotations

import click

from pipeline import vocabulary
from pipeline.commands._common import response_dir, shown, workbench_here
from pipeline.errors import CoproduceError, Problems, UsageError
from pipeline.load.schema import STANDARD_SECTIONS
from pipeline.load.workbench import load_contributors, load_response
from pipeline.vocabulary import ID
from pipeline.workflow import scaffold
from pipeline.workflow.consent import known_person, left_on, withdrawn_on


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
    if bool(answers) == bool(section):
        raise UsageError(
            "say where it goes: give --answers QID or --section NAME (not both)",
            "like  --answers q1",
            code="usage.where",
        )
    if not by:
        raise UsageError(
            "say who writes it with --by ID", "like  --by jordan  (repeat --by for more)", code="usage.no-author"
        )
    if section and not ID.fullmatch(section):
        raise UsageError(
            f"'{section}' cannot be a section name",
            "use lowercase letters, digits and -, like next-steps",
            code="usage.bad-section",
        )
    if section and section not in STANDARD_SECTIONS and not title:
        raise UsageError(
            f"section '{section}' is your own, so it needs a title",
            'add  --title "..."',
            code="usage.section-needs-title",
        )
    folder = response_dir(slug)
    wb = workbench_here(folder)
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, folder, problems)
    if response is None:
        raise CoproduceError(problems.blocking(draft=True), "nothing was added")
    today = vocabulary.today()
    for pid in dict.fromkeys(by):
        person = known_person(wb, pid, "by")
        if d := withdrawn_on(person.data, today):
            raise UsageError(
                f"{pid} withdrew on {d}", "give the work to someone who is taking part", code="usage.person-withdrawn"
            )
        if d := left_on(person.data, today):
            raise UsageError(
                f"{pid} left on {d}", "give the work to someone who is taking part", code="usage.person-left"
            )
    ids = [q.id for q in response.data.questions]
    question = None
    if answers:
        question = next((q for q in response.data.questions if q.id == answers), None)
        if question is None:
            raise UsageError(
                f"question '{answers}' is not in {response.shown}",
                f"use one of: {', '.join(ids) or 'none yet'}",
                code="usage.unknown-question",
            )
    key = answers or section or ""
    number = scaffold.next_number(scaffold.existing_numbers(folder, ids), scaffold.rank_of(key, ids), len(ids))
    new = scaffold.NewContribution(tuple(dict.fromkeys(by)), answers, section, title, content_note)
    path = scaffold.write_contribution(
        folder, number, new, question.text if question else None, question.limit if question else None
    )
    from pipeline.workflow.support import avoided

    people = {pid: f.data for pid, f in wb.contributors.items()}
    for touch in avoided(people, by, content_note, question.text if question else None):
        click.echo(f"warning: {touch}", err=True)
    click.echo(f"Wrote {shown(path)} (status: draft)")
    click.echo("Write the text below its second --- line; set  status: review  when it is ready to be read.")
