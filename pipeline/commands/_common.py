"""What every command shares: printing problems, and turning user errors into exit statuses."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline.errors import CoproduceError, Problem, UsageError

F = TypeVar("F", bound=Callable[..., Any])


def say_problems(problems: Iterable[Problem], err: bool = True) -> None:
    for p in problems:
        click.echo(f"  {p}", err=err)


def user_errors(fn: F) -> F:
    """Turn a CoproduceError into its message and exit status: 1 for content, 2 for usage."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CoproduceError as exc:
            if exc.problems:
                n = len(exc.problems)
                click.echo(f"{n} {'problem' if n == 1 else 'problems'} to fix:", err=True)
                say_problems(exc.problems)
            if exc.summary:
                click.echo(exc.summary[0].upper() + exc.summary[1:] + ".", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)  # the reader (say, `| head`) has all it wanted
        except OSError as exc:
            click.echo(f"could not read or write {exc.filename or 'a file'}: {exc.strerror}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def workbench_here(start: Path | None = None) -> Any:
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
            raise UsageError("this workbench has no responses yet", "create one with  coproduce new <slug>")
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
    raise UsageError(f"no response '{slug_or_path}'", f"give a response folder or one of: {known}")


def shown(path: Path) -> str:
    """A path as short as it can be shown: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# Dates on the command line are written as in the YAML files: 2026-03-01.
ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])
