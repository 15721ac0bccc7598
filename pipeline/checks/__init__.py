"""Checks over an assembled response: one module per check.

Each module in this package defines `check(ctx: CheckContext) -> Iterable[Problem]`.
Adding a check is adding a module; they run in module-name order. Severity says
what a problem does: "error" stops every build, "final" stops a final build
(a warning in a --draft build), "warning" only informs.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.assemble.document import Assembly, assemble
from pipeline.errors import Problem, Problems
from pipeline.load.workbench import ResponseFolder, Workbench, load
from pipeline.profiles import profile_of
from pipeline.profiles.shape import shape


@dataclass(frozen=True)
class CheckContext:
    workbench: Workbench
    response: ResponseFolder
    assembly: Assembly


def check_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))


def run_checks(ctx: CheckContext) -> list[Problem]:
    found: list[Problem] = []
    for name in check_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        result: Iterable[Problem] = module.check(ctx)
        found.extend(result)
    return found


@dataclass
class Checked:
    """A loaded, assembled and checked response: what `check` reports and `build` renders."""

    workbench: Workbench
    response: ResponseFolder
    assembly: Assembly
    problems: Problems = field(default_factory=Problems)


def check_response(response_dir: Path, *, draft: bool = False, today: dt.date | None = None) -> Checked:
    """Load, validate, assemble and run every check; raise with every error at once."""
    wb, response = load(response_dir)
    return check_loaded(wb, response, draft=draft, today=today)


def check_loaded(
    wb: Workbench, response: ResponseFolder, *, draft: bool = False, today: dt.date | None = None
) -> Checked:
    """Assemble an already loaded response and run every check on it."""
    assembly = assemble(wb, response, draft=draft, today=today)
    # the layout of where it is going (submit_to:), in the model, so the checks and renderers see one document
    profile = profile_of(response.data.submit_to)
    assembly.document = shape(assembly.document, profile, response.data, assembly.people)
    problems = Problems()
    problems.extend(assembly.problems.items)
    # every check runs whatever else was found: problems come all at once, not in rounds
    problems.extend(run_checks(CheckContext(wb, response, assembly)))
    return Checked(wb, response, assembly, problems)
