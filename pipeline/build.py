"""The pipeline, start to finish, as every command and the browser run it.

    settings (made once: the only reader of the clock)
      → load → assemble → shape (the profile's layout) → check      `check()`: what check, status, serve stop at
      → render (every format from the one model) → guard → write    `build()`: the rest

Each stage is a function below, taking what the one before returned. Everything is gathered before
anything is written, so a problem anywhere leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from pipeline.assemble.assembly import Assembly
from pipeline.assemble.document import assemble
from pipeline.checks import CheckContext, Checked, run_checks
from pipeline.errors import CoproduceError, Problem, Problems, UsageError
from pipeline.load.cache import memo, workbench_of
from pipeline.load.workbench import ResponseFolder, Workbench, load, load_partial, usable_part
from pipeline.model import LeftOut
from pipeline.parse.kept_files import keeping, pack_path
from pipeline.profiles import profile_of, profiles
from pipeline.profiles.shape import PUBLICATION_NOTE, shape
from pipeline.render import LARGE_PRINT, LARGE_PRINT_FORMATS, annex_formats, default_formats, formats
from pipeline.render.context import RenderContext
from pipeline.settings import Settings

DRAFT_FOLDER = (
    ".draft"  # build/<slug>.draft/: `coproduce new` makes no slug with a dot, so a draft never replaces a final
)


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


def cache_folder(root: Path) -> Path:
    """What builds keep for the next (a long PDF's laid-out parts): build/.cache/, beside the outputs' folders
    (a slug cannot begin with a dot), never one of them; safe to delete."""
    return root / "build" / ".cache"


def possible_outputs(slug: str) -> list[str]:
    """Every name a build of `slug` can write (a folder of outputs ends in /): what an earlier set may hold."""
    every = [f"{slug}{f.suffix}" for f in formats().values()]
    every += [f"{slug}{LARGE_PRINT}{formats()[n].suffix}" for n in LARGE_PRINT_FORMATS if n in formats()]
    return [*every, f"{slug}{PUBLICATION_NOTE}"]


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


@memo(lambda response_dir, settings: workbench_of(response_dir))  # serve: kept while no file changes (load/cache)
def check(response_dir: Path, settings: Settings) -> Checked:
    """load → assemble → shape → check: what `check`, `status`, the preview and `build` all run first.

    A file that does not load stops only what depends on it: the rest is assembled and checked
    (`check_what_loads`), and the error raised lists the load's problems and every check's together,
    so one run of `check`, `build` or the preview shows them all."""
    with keeping(kept_parses(Path(response_dir), settings), None):  # what the last build parsed, if unchanged
        wb, response, loading = load_partial(Path(response_dir))
        if response is not None and not loading.blocking(draft=True):
            return check_loaded(Loaded(wb, replace(response, notices=tuple(loading.items))), settings)
        _, found = check_what_loads(wb, response, loading, settings)
        raise CoproduceError([*found.blocking(settings.draft), *found.notices(settings.draft)])


def kept_parses(response_dir: Path, settings: Settings) -> Path | None:
    """build/.cache/parse/<hash>.pickle: each contribution's parse a good build kept (parse/kept_files.py);
    None where nothing may be kept (`kept_cache`)."""
    cache = kept_cache(workbench_of(response_dir), settings)
    return pack_path(cache, response_dir) if cache is not None else None


def _write_kept(path: Path, data: bytes) -> None:
    from pipeline.render.write import write_atomic  # the writer, imported only when there is something to keep

    write_atomic(path, data)


def check_what_loads(
    wb: Workbench, response: ResponseFolder | None, loading: Problems, settings: Settings
) -> tuple[Checked | None, Problems]:
    """When some files did not load: every check run on what did (`load.workbench.usable_part`), and every
    problem, the load's and the checks', in one list. `check` and `status` (the dashboard) both ask this."""
    found = Problems()
    found.extend(loading.items)
    if response is None:
        return None, found
    usable = usable_part(wb, response, loading)
    checked = check_loaded(Loaded(wb, usable), settings)
    # what only follows from a file left out is no problem of its own: a quote by someone whose file did
    # not load (that file's problem says what is wrong), a question whose answer was left out with it
    answered = {c.meta.answers for c in response.contributions if c not in usable.contributions}
    found.extend(
        p
        for p in checked.problems.items
        if not (p.code == "quote.unknown-person" and p.subject in wb.unusable)
        and not (p.code == "answer.missing" and p.subject in answered)
    )
    return checked, found


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]  # output file name: bytes, the whole set (an output an earlier set had goes with it)


def render_stage(checked: Checked, settings: Settings, step: Callable[[str], None]) -> Rendered:
    """Every format asked for (else the profile's), each from the one model; the annex with it when there is one."""
    doc = checked.assembly.document
    look = checked.workbench.template_dirs  # its own templates/ first, then the shipped look
    cache = kept_cache(checked.workbench.root, settings)
    ctx = RenderContext(
        templates=look[0],
        response_dir=checked.response.dir,
        fallback=look[1:],
        cache=cache / "pdf" if cache else None,
    )
    files: dict[str, bytes] = {}
    profile = profiles().get(checked.response.data.submit_to)  # an unknown one was refused by the check
    wanted = settings.formats
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
                files[f"{doc.meta.slug}{fmt.suffix}{file_name}"] = data
            continue
        files[f"{doc.meta.slug}{fmt.suffix}"] = fmt.load().render(source, ctx)
        if settings.large_print and name in LARGE_PRINT_FORMATS:
            large = replace(ctx, large_print=True)
            files[f"{doc.meta.slug}{LARGE_PRINT}{fmt.suffix}"] = fmt.load().render(source, large)
    if doc.layout.publication_note:  # the destination publishes it first: a note beside the outputs says so
        files[f"{doc.meta.slug}{PUBLICATION_NOTE}"] = doc.layout.publication_note.encode("utf-8")
    return Rendered(files)


def kept_cache(root: Path, settings: Settings) -> Path | None:
    """build/.cache/, where a build keeps work for the next; None when --out is build/ itself or holds it
    (nothing may be in an output folder that the build did not make), or cannot be resolved (a loop of links,
    which prepare_stage refuses in words). build/<slug>/ never holds it: a slug cannot begin with a dot."""
    cache = cache_folder(root)
    if settings.out_dir is None:
        return cache
    try:
        return None if cache.resolve().is_relative_to(settings.out_dir.resolve()) else cache
    except (OSError, RuntimeError):
        return None


def guard_stage(checked: Checked, rendered: Rendered, settings: Settings) -> None:
    """The last line of defence: every output read as a reader would, for names and confidential passages."""
    from pipeline.privacy.page_texts import PageTexts, kept, store_path
    from pipeline.render.guard import guard  # the output readers: not imported by check, status or the preview
    from pipeline.render.write import write_atomic

    cache = kept_cache(checked.workbench.root, settings)
    shown = checked.workbench.shown(checked.response.dir)
    store = PageTexts(store_path(cache, shown, settings.draft) if cache else None)
    with kept(store):  # a PDF page whose exact bytes an earlier build's guard read is not read by pdfium again
        leaks = guard(checked, rendered.files)
    if leaks:
        # what this build kept may hold what the guard refused: nothing of it is kept for the next
        shutil.rmtree(cache_folder(checked.workbench.root), ignore_errors=True)
        raise CoproduceError(leaks, "nothing was written")
    store.save(write_atomic)


def out_dir_of(checked: Checked, settings: Settings) -> Path:
    """Where the set goes: --out as given, else build/<slug>/, or build/<slug>.draft/ for a draft."""
    slug = checked.assembly.document.meta.slug
    return settings.out_dir or output_folder(checked.workbench.root, slug, settings.draft)


def prepare_stage(checked: Checked, settings: Settings) -> None:
    """Before anything is made: --out is nowhere people's work is kept, and what a killed build left is put right."""
    from pipeline.render.out_folder import refuse_unsafe_out
    from pipeline.render.write import repair  # the writer: not imported by check, status or the preview

    if settings.out_dir is not None:
        refuse_unsafe_out(settings.out_dir, checked.workbench.root, checked.response.dir)
    repair(out_dir_of(checked, settings))


def write_stage(checked: Checked, rendered: Rendered, settings: Settings) -> list[Path]:
    """The whole set replaces the folder's, or nothing changes; under the build's lock."""
    from pipeline.render.write import write_all

    slug = checked.assembly.document.meta.slug
    return write_all(out_dir_of(checked, settings), rendered.files, replaces=possible_outputs(slug))


# ----------------------------------------------------------------------------- the whole run


def build(response_dir: Path, settings: Settings, progress: Callable[[str], None] | None = None) -> BuildResult:
    """load → assemble → shape → check, then render → guard → write, all or nothing.

    `progress` is told each step as it starts (the command line draws it: commands/_progress.py)."""
    # each contribution's parse is taken from the last good build's when nothing it read changed, and what this
    # build parsed is kept for the next only once its outputs are written (parse/kept_files.py)
    with keeping(kept_parses(Path(response_dir), settings), _write_kept):
        return _build(response_dir, settings, progress or (lambda label: None))


def _build(response_dir: Path, settings: Settings, step: Callable[[str], None]) -> BuildResult:
    if settings.formats is None or "pdf" in settings.formats:  # a long PDF's pool starts while we check
        from pipeline.render.pdf_parts import warm

        warm(response_dir, cache_folder(workbench_of(response_dir)) / "pdf")
    step("Checking the response")
    checked = check(response_dir, settings)
    label = "draft" if settings.draft else "final submission"
    checked.problems.raise_if_errors(draft=settings.draft, summary=f"the {label} was not built")
    prepare_stage(checked, settings)
    rendered = render_stage(checked, settings, step)
    step("Reading every output for names that must not be printed")
    guard_stage(checked, rendered, settings)
    step("Writing")
    written = write_stage(checked, rendered, settings)
    notices = checked.problems.notices(draft=settings.draft)
    return BuildResult(written, checked.assembly.left_out, notices, tuple(checked.assembly.annexed))
