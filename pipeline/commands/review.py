"""`coproduce review FILE.docx [RESPONSE]`, `coproduce review accept|reject RESPONSE ID...`: Word round trips."""

from __future__ import annotations

import click

from pipeline.commands._common import response_dir, shown


@click.command()
@click.argument("args", nargs=-1, required=True, metavar="FILE.docx [RESPONSE] | accept|reject RESPONSE ID...")
def command(args: tuple[str, ...]) -> None:
    """Read a reviewed copy of a build and keep its tracked changes and comments as suggestions and notes.

    \b
      coproduce review reviewed.docx my-response     read it: each tracked insertion or deletion, each
                                                     edit made without Track Changes, each comment
      coproduce review accept my-response s3 s4      write suggestions s3 and s4 into the Markdown
      coproduce review reject my-response s5         drop suggestion s5

    Nothing is applied until you accept it; an accepted change means the contribution needs approving
    again. The suggestions are kept in responses/<slug>/review/, which no build reads; reviewers are
    recorded by their contributor id, or as "a reviewer", never by the name in their copy of Word.
    `coproduce status` lists what is still open.
    """
    from pathlib import Path

    from pipeline.errors import UsageError
    from pipeline.settings import make_settings

    if args[0] in ("accept", "reject"):
        if len(args) < 3:
            raise UsageError(
                f"review {args[0]} needs a response and at least one suggestion id",
                f"write it like  coproduce review {args[0]} my-response s3",
                code="usage.review-args",
            )
        from pipeline.workflow.review.apply import decide

        where = response_dir(args[1]).resolve()

        today = make_settings().today
        for a in decide(where, list(args[2:]), args[0] == "accept", shown(where / "response.yaml"), today):
            if a.already:
                click.echo(f"{a.sid} ({a.file}) was already {a.state}; nothing changed.")
            else:
                click.echo(f"{a.sid} {a.state}" + (f": written into {a.file}" if a.state == "accepted" else "."))
        if args[0] == "accept":
            click.echo("The changed contributions need approving again (coproduce approve FILE --by ID).")
        return
    if len(args) > 2:
        raise UsageError(
            "review takes one Word file and a response",
            "write  coproduce review FILE.docx my-response",
            code="usage.review-args",
        )
    from pipeline.workflow.review.record import review

    docx = Path(args[0])
    where = response_dir(args[1] if len(args) > 1 else ".").resolve()
    if not docx.is_file():
        raise UsageError(f"there is no file {args[0]}", "give the path of the reviewed .docx", code="usage.review-args")
    result = review(docx, shown(docx), where, make_settings())
    click.echo(f"Read {shown(docx)} for {where.name}; kept in {shown(result.record)}.")
    for s in result.suggestions:
        how = "tracked" if s["tracked"] else "untracked edit"
        click.echo(
            f"  {s['id']:<5} {s['file']}: \u201c{s['old']}\u201d \u2192 \u201c{s['new']}\u201d ({how}, by {s['by']}; "
            f"{s['state']})"
        )
    for n in result.notes:
        click.echo(f"  {n['id']:<5} {n['file'] or 'unsorted'}: note by {n['by']}: \u201c{n['words']}\u201d")
    for u in result.unsorted:
        click.echo(f"  unsorted: \u201c{u['text'][:60]}\u201d ({u['reason']})")
    if not (result.suggestions or result.notes or result.unsorted):
        click.echo("  No changes and no comments were found.")
    else:
        click.echo(f"Accept or reject each:  coproduce review accept {where.name} ID   (or reject)")
