"""Checks over an assembled response: one module per check.

Each module in this package defines `check(ctx: CheckContext) -> Iterable[Problem]`.
Adding a check is adding a module; they run in module-name order. Severity says
what a problem does: "error" stops every build, "final" stops a final build
(a warning in a --draft build), "warning" only informs.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.assemble.assembly import Assembly
from pipeline.errors import Problem, Problems
from pipeline.load.workbench import ResponseFolder, Workbench
from pipeline.settings import Settings


@dataclass(frozen=True)
class CheckContext:
    workbench: Workbench
    response: ResponseFolder
    assembly: Assembly
    settings: Settings


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
    """A loaded, assembled, shaped and checked response: what `check` reports and `build` renders.

    Made by the check stage of the pipeline (pipeline/build.py); the guard reads it too."""

    workbench: Workbench
    response: ResponseFolder
    assembly: Assembly
    settings: Settings
    problems: Problems = field(default_factory=Problems)
