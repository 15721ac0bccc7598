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
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.assemble.document import Assembly, assemble
from pipeline.errors import CoproduceError, Problem, Problems
from pipeline.load.workbench import ResponseFolder, Workbench, load_partial, usable_part
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
    """Load, validate, assemble and run every check; raise with every error at once.

    A file that does not load stops only what depends on it: the rest is assembled and checked
    (`check_what_loads`), and the error raised lists the load problems and every check's
    together, so one run of `check`, `build` or the preview shows them all."""
    wb, response, loading = load_partial(Path(response_dir))
    if response is not None and not loading.blocking(draft=True):
        return check_loaded(wb, replace(response, notices=tuple(loading.items)), draft=draft, today=today)
    _, found = check_what_loads(wb, response, loading, draft=draft, today=today)
    raise CoproduceError([*found.blocking(draft), *found.notices(draft)])


def check_what_loads(
    wb: Workbench,
    response: ResponseFolder | None,
    loading: Problems,
    *,
    draft: bool = False,
    today: dt.date | None = None,
) -> tuple[Checked | None, Problems]:
    """When some files did not load: every check run on what did (`load.workbench.usable_part`), and
    every problem, the load's and the checks', in one list. `status` and the dashboard ask this too."""
    found = Problems()
    found.extend(loading.items)
    if response is None:
        return None, found
    usable = usable_part(wb, response, loading)
    checked = check_loaded(wb, usable, draft=draft, today=today)
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
