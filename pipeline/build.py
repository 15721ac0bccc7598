"""The build, start to finish: load, assemble, check, render every format, guard, write.

Everything is gathered before anything is written, so a problem anywhere leaves
the previous outputs exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from .assemble import Assembly, assemble
from .checks import CheckContext, run_checks
from .errors import CoproduceError, Problem, Problems, UsageError
from .leakguard import find_in_templates, find_leaks
from .printed import SourceLines, printed_texts
from .privacy.normalise import fold
from .render.context import RenderContext
from .workbench import ResponseFolder, Workbench, load
from .write import write_all

FORMATS = ("pdf", "docx", "html", "txt")
RENDERERS = {"pdf": "pdf", "docx": "docx", "html": "html", "txt": "text"}


@dataclass
class Checked:
    """A loaded, assembled and checked response: what `check` reports and `build` renders."""

    workbench: Workbench
    response: ResponseFolder
    assembly: Assembly
    problems: Problems = field(default_factory=Problems)


@dataclass
class BuildResult:
    written: list[Path]
    left_out: list[str]
    warnings: list[Problem]


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise UsageError(
            f"unknown format '{', '.join(unknown) or text}'",
            f"choose from {', '.join(FORMATS)}, like --format pdf,docx",
        )
    return wanted


def check_response(response_dir: Path, *, draft: bool = False, today: dt.date | None = None) -> Checked:
    """Load, validate, assemble and run every check; raise with every error at once."""
    wb, response = load(response_dir)
    return check_loaded(wb, response, draft=draft, today=today)


def check_loaded(
    wb: Workbench, response: ResponseFolder, *, draft: bool = False, today: dt.date | None = None
) -> Checked:
    """Assemble an already loaded response and run every check on it."""
    assembly = assemble(wb, response, draft=draft, today=today)
    problems = Problems()
    problems.extend(assembly.problems.items)
    # every check runs whatever else was found: problems come all at once, not in rounds
    problems.extend(run_checks(CheckContext(wb, response, assembly)))
    return Checked(wb, response, assembly, problems)


def guard(checked: Checked, outputs: dict[str, bytes]) -> list[Problem]:
    """The last line of defence over the rendered outputs, read as a reader reads them."""
    a = checked.assembly
    allowed = frozenset().union(*a.identities.ordinary.values(), *(w for f in a.ignores.values() for w in f.values()))

    def trace(folded: str) -> tuple[str, int | None, int | None] | None:
        """Where the user wrote it: a printed string of the response, else a template."""
        lines = SourceLines(checked.response, a.included)
        for printed in printed_texts(a.document, checked.response):
            if folded in fold(printed.text):
                line, column = lines.locate(printed.source, folded)
                return printed.source.path, line or None, column
        return find_in_templates(checked.workbench.templates, folded)

    return find_leaks(outputs, a.matcher, allowed_words=allowed, trace=trace)


def renderer(fmt: str) -> ModuleType:
    # imported on demand: WeasyPrint alone costs over a second at start-up
    return importlib.import_module(f".render.{RENDERERS[fmt]}", __package__)


def build(
    response_dir: Path,
    out_dir: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    *,
    draft: bool = False,
    today: dt.date | None = None,
) -> BuildResult:
    checked = check_response(response_dir, draft=draft, today=today)
    label = "draft" if draft else "final submission"
    checked.problems.raise_if_errors(draft=draft, summary=f"the {label} was not built")
    doc = checked.assembly.document
    out_dir = Path(out_dir) if out_dir else checked.workbench.root / "build" / doc.meta.slug
    ctx = RenderContext(templates=checked.workbench.templates, response_dir=checked.response.dir)

    rendered: dict[Path, bytes] = {}
    for fmt in formats:
        module = renderer(fmt)
        rendered[out_dir / f"{doc.meta.slug}{module.SUFFIX}"] = module.render(doc, ctx)
    leaks = guard(checked, {path.name: data for path, data in rendered.items()})
    if leaks:
        raise CoproduceError(leaks, "nothing was written")
    written = write_all(out_dir, {path.name: data for path, data in rendered.items()})
    return BuildResult(written, checked.assembly.left_out, checked.problems.notices(draft=draft))
