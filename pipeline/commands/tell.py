"""`coproduce tell ID [RESPONSE]`: a private letter to one contributor about what became of their part."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands._common import response_dir, shown, workbench_here
from pipeline.errors import UsageError


@click.command()
@click.argument("person", metavar="ID")
@click.argument("response", required=False)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="The folder for the letters (default: letters/ in the workbench; never build/ or responses/).",
)
@click.option("--large", is_flag=True, help="16pt text throughout, for people who read large print or Easy Read.")
@click.option(
    "--easy-read", is_flag=True, help="The Easy Read letter: short sentences, one idea a line, 16pt, room for pictures."
)
@click.option("--no-pdf", is_flag=True, help="Only the Word file and the text (the PDF takes a few seconds).")
def command(person: str, response: str | None, out: Path | None, large: bool, easy_read: bool, no_pdf: bool) -> None:
    """Write a letter to the contributor ID, as Word, PDF and plain text: what of theirs went into RESPONSE
    (every response they took part in when none is given), how they were credited, what was left out
    and why, their hours and payment, and what the body did.

    The letter is private: it is addressed as they chose to be credited and names nobody else."""
    from pipeline.load.workbench import Workbench, load
    from pipeline.render.out_folder import refuse_private_destination
    from pipeline.render.write import write_atomic
    from pipeline.settings import make_settings
    from pipeline.workflow.tell import involved
    from pipeline.workflow.tell_files import letter_files

    on = make_settings().today
    root: Workbench = workbench_here()
    folder = (out or root.root / "letters").expanduser()
    why = "a letter is private to the person it is written to"
    refuse_private_destination(folder, root.root, why=why, example="--out letters", code="usage.tell-out")
    if response is not None:
        dirs = [response_dir(response)]
    else:
        dirs = [d for d in root.response_dirs() if involved(load(d)[1], person)]
        if not dirs:
            known = any((root.root / "contributors" / f"{person}{ext}").is_file() for ext in (".yaml", ".yml"))
            what = f"{person} took part in no response" if known else f"'{person}' is not a contributor"
            raise UsageError(what, "give the id of a file in contributors/, like jordan", code="usage.tell")
    written: list[str] = []
    for d in dirs:
        wb, folder_data = load(d)
        outputs = letter_files(wb, folder_data, person, on, easy=easy_read, large=large, pdf=not no_pdf)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in outputs.items():
            write_atomic(folder / name, data)
            (folder / name).chmod(0o600)  # private to the person: readable by the coordinator's account only
            written.append(shown(folder / name))
    click.echo(f"Wrote {', '.join(written)}: private letters, for {person} only.")
