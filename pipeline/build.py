"""The build, start to finish: load, assemble, check, render every format, guard, write.

Everything is gathered before anything is written, so a problem anywhere leaves
the previous outputs exactly as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from pipeline.checks import check_response
from pipeline.errors import CoproduceError, Problem, UsageError
from pipeline.model import LeftOut
from pipeline.profiles import profiles
from pipeline.profiles.shape import PUBLICATION_NOTE
from pipeline.render import LARGE_PRINT, LARGE_PRINT_FORMATS, annex_formats, default_formats, formats
from pipeline.render.context import RenderContext
from pipeline.render.guard import guard
from pipeline.render.out_folder import refuse_unsafe_out
from pipeline.render.write import repair, write_all

DRAFT_FOLDER = ".draft"  # build/<slug>.draft/: a dot is never in a slug, so a draft never replaces a final


@dataclass
class BuildResult:
    written: list[Path]
    left_out: list[LeftOut]  # each reads as its note
    warnings: list[Problem]
    annexed: tuple[str, ...] = ()  # the contributions kept out of the submission, in the confidential annex


def parse_formats(text: str) -> tuple[str, ...]:
    known = formats()
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in known]
    if unknown or not wanted:
        raise UsageError(
            f"unknown format '{', '.join(unknown) or text}'",
            f"choose from {', '.join(known)}, like --format pdf,docx",
            code="usage.unknown-format",
        )
    return wanted


def output_folder(root: Path, slug: str, draft: bool) -> Path:
    """Where a build goes without --out: build/<slug>/ for a final submission, build/<slug>.draft/ for a draft."""
    return root / "build" / f"{slug}{DRAFT_FOLDER if draft else ''}"


def possible_outputs(slug: str) -> list[str]:
    """Every name a build of `slug` can write (a folder of outputs ends in /): what an earlier set may hold."""
    every = [f"{slug}{f.suffix}" for f in formats().values()]
    every += [f"{slug}{LARGE_PRINT}{formats()[n].suffix}" for n in LARGE_PRINT_FORMATS if n in formats()]
    return [*every, f"{slug}{PUBLICATION_NOTE}"]


def renderer(fmt: str) -> ModuleType:
    # imported on demand: WeasyPrint alone costs over a second at start-up
    return formats()[fmt].load()


def build(
    response_dir: Path,
    out_dir: Path | None = None,
    wanted: tuple[str, ...] | None = None,
    *,
    draft: bool = False,
    today: dt.date | None = None,
    large_print: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Load, assemble and check once; render each format from the one model; guard; write all or nothing.

    `large_print` adds the large-print edition of the PDF and DOCX asked for: `<slug>-large-print.pdf`.
    `progress` is told each step as it starts (the command line draws it: commands/_progress.py)."""
    step = progress or (lambda label: None)
    step("Checking the response")
    checked = check_response(response_dir, draft=draft, today=today)
    label = "draft" if draft else "final submission"
    checked.problems.raise_if_errors(draft=draft, summary=f"the {label} was not built")
    doc = checked.assembly.document
    root = checked.workbench.root
    if out_dir is not None:
        refuse_unsafe_out(Path(out_dir), root, checked.response.dir)
    out_dir = Path(out_dir) if out_dir else output_folder(root, doc.meta.slug, draft)
    repair(out_dir)  # a build killed while swapping its set in: finished now, whatever happens next
    look = checked.workbench.template_dirs  # its own templates/ first, then the shipped look
    ctx = RenderContext(templates=look[0], response_dir=checked.response.dir, fallback=look[1:])

    rendered: dict[str, bytes] = {}
    profile = profiles().get(checked.response.data.submit_to)  # an unknown one was refused by the check
    names = wanted or (profile.formats if profile and profile.formats else default_formats())
    if not wanted:  # the confidential annex goes with every profile, when there is one
        names = (*names, *(n for n in annex_formats() if n not in names))
    for name in names:
        fmt = formats()[name]
        step(f"Making {doc.meta.slug}{fmt.suffix}")
        # the submission, or the confidential annex: a document apart, None when nothing is confidential
        source = doc if fmt.document == "document" else getattr(checked.assembly, fmt.document)
        if source is None:  # nothing is confidential: no annex (an earlier one goes with the old set)
            continue
        if fmt.folder:  # a folder of files, like one file per question
            for file_name, data in fmt.load().render(source, ctx).items():
                rendered[f"{doc.meta.slug}{fmt.suffix}{file_name}"] = data
            continue
        rendered[f"{doc.meta.slug}{fmt.suffix}"] = fmt.load().render(source, ctx)
        if large_print and name in LARGE_PRINT_FORMATS:
            large = replace(ctx, large_print=True)
            rendered[f"{doc.meta.slug}{LARGE_PRINT}{fmt.suffix}"] = fmt.load().render(source, large)
    if doc.layout.publication_note:  # the destination publishes it first: a note beside the outputs says so
        rendered[f"{doc.meta.slug}{PUBLICATION_NOTE}"] = doc.layout.publication_note.encode("utf-8")
    step("Reading every output for names that must not be printed")
    leaks = guard(checked, rendered)
    if leaks:
        raise CoproduceError(leaks, "nothing was written")
    step("Writing")
    written = write_all(out_dir, rendered, replaces=possible_outputs(doc.meta.slug))
    annexed = tuple(checked.assembly.annexed)
    return BuildResult(written, checked.assembly.left_out, checked.problems.notices(draft=draft), annexed)
