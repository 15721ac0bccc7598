"""The pipeline, start to finish, as every command and the browser run it.

    settings (made once: the only reader of the clock)
      → load → assemble → shape (the profile's layout) → check      `check()`: what check, status, serve stop at
      → render (every format from the one model) → guard → write    `build()`: the rest

Each stage is a function below, taking what the one before returned. Everything is gathered before
anything is written, so a problem anywhere leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from pipeline.assemble.document import Assembly, assemble
from pipeline.checks import CheckContext, Checked, run_checks
from pipeline.errors import CoproduceError, Problem, Problems, UsageError
from pipeline.load.workbench import ResponseFolder, Workbench, load
from pipeline.model import LeftOut
from pipeline.profiles import profile_of, profiles
from pipeline.profiles.shape import PUBLICATION_NOTE, shape
from pipeline.render import LARGE_PRINT, LARGE_PRINT_FORMATS, annex_formats, default_formats, formats
from pipeline.render.context import RenderContext
from pipeline.render.guard import guard
from pipeline.render.write import write_all
from pipeline.settings import Settings


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


def renderer(fmt: str) -> ModuleType:
    # imported on demand: WeasyPrint alone costs over a second at start-up
    return formats()[fmt].load()


# ----------------------------------------------------------------------------- the stages


@dataclass(frozen=True)
class Loaded:
    workbench: Workbench
    response: ResponseFolder


def load_stage(response_dir: Path) -> Loaded:
    """Read the workbench and the response, every value with its file, line and column."""
    wb, response = load(response_dir)
    return Loaded(wb, response)


def assemble_stage(loaded: Loaded, settings: Settings) -> Assembly:
    """Decide who is named and how, what is in force on settings.today, and build the one document."""
    return assemble(loaded.workbench, loaded.response, draft=settings.draft, today=settings.today)


def shape_stage(loaded: Loaded, assembly: Assembly) -> Assembly:
    """Lay the document out for where it is going (submit_to:), in the model, so checks and renderers see one."""
    profile = profile_of(loaded.response.data.submit_to)
    assembly.document = shape(assembly.document, profile, loaded.response.data, assembly.people)
    return assembly


def check_stage(loaded: Loaded, assembly: Assembly, settings: Settings) -> Checked:
    """Every check, whatever else was found: problems come all at once, not in rounds."""
    problems = Problems()
    problems.extend(assembly.problems.items)
    problems.extend(run_checks(CheckContext(loaded.workbench, loaded.response, assembly, settings)))
    return Checked(loaded.workbench, loaded.response, assembly, settings, problems)


def check_loaded(loaded: Loaded, settings: Settings) -> Checked:
    """assemble → shape → check, for a response already loaded (status reuses its load)."""
    return check_stage(loaded, shape_stage(loaded, assemble_stage(loaded, settings)), settings)


def check(response_dir: Path, settings: Settings) -> Checked:
    """load → assemble → shape → check: what `check`, `status`, the preview and `build` all run first."""
    return check_loaded(load_stage(response_dir), settings)


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]  # output file name: bytes, the whole set
    stale: tuple[str, ...]  # outputs an earlier build made that no longer apply (an annex with nothing confidential)


def render_stage(checked: Checked, settings: Settings, step: Callable[[str], None]) -> Rendered:
    """Every format asked for (else the profile's), each from the one model; the annex with it when there is one."""
    doc = checked.assembly.document
    look = checked.workbench.template_dirs  # its own templates/ first, then the shipped look
    ctx = RenderContext(templates=look[0], response_dir=checked.response.dir, fallback=look[1:])
    files: dict[str, bytes] = {}
    profile = profiles().get(checked.response.data.submit_to)  # an unknown one was refused by the check
    wanted = settings.formats
    names = wanted or (profile.formats if profile and profile.formats else default_formats())
    if not wanted:  # the confidential annex goes with every profile, when there is one
        names = (*names, *(n for n in annex_formats() if n not in names))
    stale: list[str] = []
    for name in names:
        fmt = formats()[name]
        step(f"Making {doc.meta.slug}{fmt.suffix}")
        # the submission, or the confidential annex: a document apart, None when nothing is confidential
        source = doc if fmt.document == "document" else getattr(checked.assembly, fmt.document)
        if source is None:  # an annex an earlier build made is not left to look current
            stale.append(f"{doc.meta.slug}{fmt.suffix}")
            continue
        if fmt.folder:  # a folder of files, like one file per question: replaced whole
            for file_name, data in fmt.load().render(source, ctx).items():
                files[f"{doc.meta.slug}{fmt.suffix}{file_name}"] = data
            continue
        files[f"{doc.meta.slug}{fmt.suffix}"] = fmt.load().render(source, ctx)
        if settings.large_print and name in LARGE_PRINT_FORMATS:
            large = replace(ctx, large_print=True)
            files[f"{doc.meta.slug}{LARGE_PRINT}{fmt.suffix}"] = fmt.load().render(source, large)
    if doc.layout.publication_note:  # the destination publishes it first: a note beside the outputs says so
        files[f"{doc.meta.slug}{PUBLICATION_NOTE}"] = doc.layout.publication_note.encode("utf-8")
    return Rendered(files, tuple(stale))


def guard_stage(checked: Checked, rendered: Rendered) -> None:
    """The last line of defence: every output read as a reader would, for names and confidential passages."""
    leaks = guard(checked, rendered.files)
    if leaks:
        raise CoproduceError(leaks, "nothing was written")


def write_stage(checked: Checked, rendered: Rendered, settings: Settings) -> list[Path]:
    """All of the set or none of it, under the build's lock."""
    out_dir = settings.out_dir or checked.workbench.root / "build" / checked.assembly.document.meta.slug
    return write_all(out_dir, rendered.files, retire=rendered.stale)


# ----------------------------------------------------------------------------- the whole run


def build(response_dir: Path, settings: Settings, progress: Callable[[str], None] | None = None) -> BuildResult:
    """load → assemble → shape → check, then render → guard → write, all or nothing.

    `progress` is told each step as it starts (the command line draws it: commands/_progress.py)."""
    step = progress or (lambda label: None)
    step("Checking the response")
    checked = check(response_dir, settings)
    label = "draft" if settings.draft else "final submission"
    checked.problems.raise_if_errors(draft=settings.draft, summary=f"the {label} was not built")
    rendered = render_stage(checked, settings, step)
    step("Reading every output for names that must not be printed")
    guard_stage(checked, rendered)
    step("Writing")
    written = write_stage(checked, rendered, settings)
    notices = checked.problems.notices(draft=settings.draft)
    return BuildResult(written, checked.assembly.left_out, notices, tuple(checked.assembly.annexed))
