"""`coproduce confirmations RESPONSE [--letters FOLDER]`, `... record|decline RESPONSE FILE --by ID`
(a decline with `--keep-original` or `--leave-out`)."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands._common import response_dir, shown, workbench_here


@click.command()
@click.argument("args", nargs=-1, required=True, metavar="RESPONSE | record|decline RESPONSE FILE")
@click.option(
    "--letters",
    "letters",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="FOLDER",
    help="Write each person's letter (DOCX and text) showing their words before and after.",
)
@click.option("--by", "by", metavar="ID", help="Whose answer it is (with record or decline).")
@click.option("--keep-original", is_flag=True, help="With decline: put their earlier words back.")
@click.option("--leave-out", is_flag=True, help="With decline: leave the contribution out of every build.")
def command(args: tuple[str, ...], letters: Path | None, by: str | None, keep_original: bool, leave_out: bool) -> None:
    """Who must confirm a change someone else made to their words, their letters, and their answers.

    \b
      coproduce confirmations my-response                       who must be asked, and why
      coproduce confirmations my-response --letters letters     and a letter for each, ready to send
      coproduce confirmations record my-response FILE --by ID   they are happy with the change
      coproduce confirmations decline my-response FILE --by ID --keep-original
                                                                they are not: their words go back
      coproduce confirmations decline my-response FILE --by ID --leave-out
                                                                they are not: leave it out of the response

    A final build waits for each answer. `confirm_edits: false` in response.yaml lets the lead's
    approval stand in for this.
    """
    from pipeline.errors import UsageError
    from pipeline.settings import make_settings

    if args[0] in ("record", "decline"):
        if len(args) != 3 or not by:
            raise UsageError(
                f"confirmations {args[0]} needs a response, a contribution file and --by ID",
                f"write it like  coproduce confirmations {args[0]} my-response 31-q2.md --by ada",
                code="usage.confirmations-args",
            )
        from pipeline.workflow.review.confirm import answer, said

        where = response_dir(args[1]).resolve()
        if args[0] == "decline" and keep_original == leave_out:
            raise UsageError(
                "say what they chose: their earlier words back (--keep-original), or leave it out (--leave-out)",
                "add one of --keep-original or --leave-out (coproduce withdraw for a person's whole consent)",
                code="usage.confirmations-args",
            )
        if args[0] == "record" and (keep_original or leave_out):
            raise UsageError(
                "--keep-original and --leave-out go with decline, not record",
                f"write  coproduce confirmations decline {args[1]} {args[2]} --by {by} --leave-out",
                code="usage.confirmations-args",
            )
        done, restored = answer(
            where, Path(args[2]).name, by, make_settings().today, declined=args[0] == "decline", leave_out=leave_out
        )
        click.echo(said(by, done, restored, args[2], where.name))
        return
    if len(args) != 1:
        raise UsageError(
            "confirmations takes one response",
            "write  coproduce confirmations my-response",
            code="usage.confirmations-args",
        )
    from pipeline.workflow.review.confirm import response_data, to_ask
    from pipeline.workflow.review.letters import write_letters

    where = response_dir(args[0]).resolve()
    asked = to_ask(where, make_settings().today)
    if not asked:
        click.echo(f"Nobody needs to be asked: no one's words in {where.name} changed since they last saw them.")
        return
    click.echo(f"To be asked before a final build of {where.name}:")
    for a in asked:
        what = "their words" if a.who.author else "their quote"
        click.echo(f"  {a.who.pid:<12} {a.contribution.name}: {what} changed since {a.who.seen.on}")
    if letters is not None:
        root = workbench_here().root
        written = write_letters(asked, response_data(where), letters, root / "build")
        click.echo(f"Letters written to {shown(letters)}: " + ", ".join(p.name for p in written))
    else:
        click.echo(f"Write their letters with  coproduce confirmations {where.name} --letters FOLDER")
