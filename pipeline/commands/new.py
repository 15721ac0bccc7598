"""`coproduce new <slug>`: start a response folder with its response.yaml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline.commands._common import DATE, shown, workbench_here
from pipeline.errors import CoproduceError, UsageError
from pipeline.load.files import read_text
from pipeline.workflow import scaffold
from pipeline.workflow.starting import REQUIRED, ResponseAnswers, check_new_slug, start_response

if TYPE_CHECKING:
    _AnswerType = click.ParamType[Any]  # generic in the click mypy checks against; plain before 8.2
else:
    _AnswerType = click.ParamType


@click.command()
@click.argument("slug")
@click.option("--title", help="The response's title.")
@click.option("--organisation", help="Your organisation's name.")
@click.option("--consultation", help="The consultation's title.")
@click.option("--by", help="Who runs the consultation.")
@click.option("--closes", type=DATE, help="The closing date, like 16/12/2026, 16 December 2026 or 2026-12-16.")
@click.option("--url", help="The consultation's web address, starting https://.")
@click.option("--lead", help="The contributor id of the worker who coordinates it.")
@click.option("--from-watch", "from_watch", metavar="ID", help="Carry over a consultation from watch.yaml or watch/.")
@click.option(
    "--questions",
    "questions_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A text file with the numbered questions pasted in, one after another.",
)
def command(
    slug: str,
    title: str | None,
    organisation: str | None,
    consultation: str | None,
    by: str | None,
    closes: dt.date | None,
    url: str | None,
    lead: str | None,
    questions_file: Path | None,
    from_watch: str | None = None,
) -> None:
    """Start the response SLUG (lowercase letters, digits and hyphens): responses/SLUG/response.yaml."""
    wb = workbench_here()
    check_new_slug(wb, slug)  # before asking anything, so nobody answers in vain
    watched = None
    if from_watch:  # its title, body, link and closing day; the closing time is noted beside the day
        from pipeline.workflow.watch import entry

        watched = entry(wb.root, from_watch)
        title = title or f"Response to {watched.title}"
        consultation, by = consultation or watched.title, by or watched.by
        closes, url = closes or watched.closes_at().date(), url or watched.url
    given = {"title": title, "organisation": organisation, "consultation": consultation, "by": by}
    missing = [k for k, v in given.items() if not (v and v.strip())]
    if missing and not scaffold.can_ask():
        raise UsageError(
            f"missing {', '.join('--' + k for k in missing)}",
            "give them as options, or run this in a terminal to be asked",
            code="usage.missing-options",
        )
    for key in missing:
        given[key] = click.prompt(REQUIRED[key]).strip()
    if missing:  # a person is answering: offer the optional ones too; Enter skips each, a bad one is asked again
        if closes is None:
            closes = _optional("Closing date (like 16/12/2026 or 16 December 2026)", DATE)
        # each answer checked at once by the rule start_response applies, so a bad one is asked again
        url = url or _optional("Web address (starting https://)", _checked(lambda u: _one(wb, slug, "url", u)))
        lead = lead or _optional("Your contributor id, as lead", _checked(lambda pid: _one(wb, slug, "lead", pid)))
        if questions_file is None:  # read at once, so a file with no questions in it is asked for again
            questions_file = _optional(
                "A text file with the numbered questions", _checked(lambda text: _questions_file(wb, slug, text))
            )
    pasted = _read_questions(questions_file) if questions_file is not None else None
    answers = ResponseAnswers(
        slug=slug,
        title=given["title"] or "",
        organisation=given["organisation"] or "",
        consultation=given["consultation"] or "",
        by=given["by"] or "",
        closes=closes,
        url=url or "",
        lead=lead or "",
        questions=pasted,
        questions_shown=str(questions_file),
    )
    path, new, skipped = start_response(wb, answers)  # the same rules and file as the workbench's form
    if watched is not None and closes == watched.closes_at().date():
        from pipeline.workflow.watch import note_closing_time, written_in

        note_closing_time(path, watched, written_in(wb.root, watched.id))
    questions = list(new.questions)
    for line, content in skipped:
        click.echo(f"  skipped {questions_file}:{line} (before the first question): {content[:60]}", err=True)
    click.echo(f"Wrote {shown(path)}" + (f" with {len(questions)} questions." if questions else "."))
    for q in questions:
        stated = [f"{q.limit} words" if q.limit else "", f"{q.chars} characters" if q.chars else ""]
        limit = f" ({', '.join(g for g in stated if g)})" if q.limit or q.chars else ""
        click.echo(f"  {q.id}: {q.text[:70]}{'…' if len(q.text) > 70 else ''}{limit}")
    unsure = [q for q in questions if q.unsure]
    for q in unsure:
        click.echo(
            f"  check {q.id} (line {q.line} of the questions file): it speaks of '{q.unsure}' but no limit was read "
            f"from it; if the consultation sets one, add  limit: N  (words) or  chars: N  under {q.id} "
            f"in {shown(path)}",
            err=True,
        )
    click.echo(f"Next: coproduce add {slug} --answers q1 --by <id>   (or --section summary)")


def _optional(prompt: str, kind: click.ParamType[Any] = click.STRING) -> Any:
    """Ask for an optional value; Enter gives None (a typed value is still checked, and asked again if bad)."""

    def convert(text: str) -> Any:
        return kind.convert(text, None, None) if text.strip() else None

    return click.prompt(f"{prompt} (Enter to skip)", default="", show_default=False, value_proc=convert)


def _one(wb: Any, slug: str, field: str, value: str) -> str:
    """One answer checked by start_response's own rule (workflow/starting.py): its problem, if it has one."""
    from pipeline.workflow.starting import AnswersRefused, plan_response

    try:
        plan_response(wb, ResponseAnswers(slug=slug, **{field: value}))
    except AnswersRefused as exc:
        if mine := [p for p in exc.problems if p.subject == field]:
            raise UsageError(mine[0].message, mine[0].fix, code=mine[0].code) from None
    return value


def _questions_file(wb: Any, slug: str, text: str) -> Path:
    """A questions file named at the prompt, read at once (no file, unreadable, no numbered questions: asked again)."""
    path = _questions_path(text)
    pasted = _read_questions(path)
    from pipeline.workflow.starting import AnswersRefused, plan_response

    try:
        plan_response(wb, ResponseAnswers(slug=slug, questions=pasted, questions_shown=str(path)))
    except AnswersRefused as exc:
        if mine := [p for p in exc.problems if p.subject == "questions"]:
            raise UsageError(mine[0].message, mine[0].fix, path=str(path), code=mine[0].code) from None
    return path


def _questions_path(text: str) -> Path:
    path = Path(text.strip().strip("'\""))  # a path dragged into a terminal comes quoted
    if not path.is_file():
        raise UsageError(f"no file {path}", "give the text file the questions were pasted into", code="usage.no-file")
    return path


class _checked(_AnswerType):  # noqa: N801 - used like a function
    """An answer checked by the same rule as its option, so a bad one is asked again at once, not after the last."""

    name = "answer"

    def __init__(self, rule: Callable[[str], Any]) -> None:
        self.rule = rule

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return self.rule(value.strip())
        except CoproduceError as exc:
            first = exc.problems[0]
            self.fail(f"{first.message}: {first.fix}" if first.fix else first.message, param, ctx)


def _read_questions(path: Path) -> str:
    """The pasted questions' text; what they say is read by the same rules as the workbench's form."""
    path = _questions_path(str(path))
    text, found = read_text(path, str(path))
    if bad := next((p for p in found if p.severity == "error"), None):
        raise UsageError(bad.message, bad.fix, path=str(path), code=bad.code)
    return text or ""
