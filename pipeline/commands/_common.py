"""What every command shares: printing problems, finding the workbench and the responses named.

User errors become messages and exit statuses in one place, the command group (`pipeline/cli.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline.errors import Problem, UsageError

if TYPE_CHECKING:  # loaded when a command runs: `--help` stays quick
    from pipeline.load.workbench import Workbench

    _DateType = click.ParamType[dt.date]  # generic in the click mypy checks against; plain before 8.2
else:
    _DateType = click.ParamType


def say_problems(problems: Iterable[Problem], err: bool = True) -> None:
    for p in problems:
        click.echo(f"  {p}", err=err)


def workbench_here(start: Path | None = None) -> Workbench:
    from pipeline.load.workbench import Workbench, find_root

    return Workbench(find_root(start or Path.cwd()))


def response_dirs(paths: tuple[Path, ...]) -> list[Path]:
    """The responses that `paths` name or touch, or every response when none are given.

    A path may be a response folder or any file in one (as a pre-commit hook passes
    changed files); a changed contributor or template touches every response.
    """
    if paths and all((p / "response.yaml").is_file() for p in paths):
        return list(dict.fromkeys(paths))
    wb = workbench_here(paths[0].parent if paths else None)
    every = list(wb.response_dirs())
    if not paths:
        if not every:
            raise UsageError(
                "this workbench has no responses yet",
                "create one with  coproduce new <slug>",
                code="usage.no-responses",
            )
        return every
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            found.append(response_dir(str(path)))  # a slug, or a usage error naming what exists
            continue
        resolved = path.resolve()
        owner = next((r for r in every if resolved == r.resolve() or resolved.is_relative_to(r.resolve())), None)
        if owner is not None:
            found.append(owner)
        elif resolved.is_relative_to((wb.root / "contributors").resolve()) or resolved.is_relative_to(
            (wb.root / "templates").resolve()
        ):
            found.extend(every)
        elif path.is_dir():
            found.append(path)  # not a response: load() says so
    return list(dict.fromkeys(found))


def response_dir(slug_or_path: str) -> Path:
    """Accept a slug (mental-health-act-review) or a folder (responses/mental-health-act-review)."""
    path = Path(slug_or_path)
    if path.is_dir():
        return path  # load() says precisely what is wrong with it, if anything
    wb = workbench_here()
    candidate = wb.root / "responses" / slug_or_path
    if (candidate / "response.yaml").is_file():
        return candidate
    known = ", ".join(p.name for p in wb.response_dirs()) or "none yet"
    raise UsageError(
        f"no response '{slug_or_path}'", f"give a response folder or one of: {known}", code="usage.unknown-response"
    )


def shown(path: Path) -> str:
    """A path as short as it can be shown: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class TypedDate(_DateType):
    """A date as people in the UK type it (16/12/2026, 16 December 2026, 2026-12-16), read by the one reader,
    `load.typed_dates.read_date`, for every date option and prompt; at a prompt a bad one is asked again at once."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        from pipeline.load.typed_dates import NotADate, read_date

        try:
            return read_date(value)
        except NotADate as exc:
            self.fail(str(exc), param, ctx)


DATE = TypedDate()
