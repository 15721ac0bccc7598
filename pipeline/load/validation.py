"""How a file a user writes is checked against its schema (load/schema.py, load/outcome_schema.py): every error
a `Problem` with its line and column, the field's description as the fix, a did-you-mean for an unknown key;
and the field types both schemas share (a date, a text, a strict model)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from pipeline.errors import Problem
from pipeline.load.yamlsource import Located


def iso_date(value: Any) -> Any:
    """Accept a YAML date (a date and time is taken as its date) or an ISO string; refuse the rest clearly."""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a date") from None
    raise ValueError(f"'{value}' is not a date")


Date = Annotated[dt.date, BeforeValidator(iso_date)]
Text = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], located: Located, shown: str) -> tuple[M | None, list[Problem]]:
    """Validate located YAML against `model`; every error becomes a Problem with its line."""
    data = located.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [
            Problem(
                shown,
                located.start,
                "expected  key: value  lines here",
                "see the README for an example",
                code="schema.not-a-mapping",
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(model, located, shown, err) for err in exc.errors()]


def _problem(model: type[BaseModel], located: Located, shown: str, err: Any) -> Problem:
    loc = tuple(err["loc"])
    field_name = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    line = located.line(loc)
    kind = err["type"]
    if kind == "missing":
        fix = _fix_for(model, loc) or f"add  {loc[-1]}: ..."
        return Problem(shown, line, f"'{field_name}' is missing", fix, code="schema.missing")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _known_fields(model, loc[:-1])
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"the known fields are: {', '.join(sorted(known))}"
        column = located.column(loc, value=False)
        return Problem(shown, line, f"unknown field '{field_name}'", hint, column=column, code="schema.unknown-field")
    message = re.sub(r"^Value error, ", "", err["msg"])
    if kind == "string_pattern_mismatch":
        message = "it may use only lowercase letters, digits, - and _"
    if kind == "value_error" and not loc:
        # a rule across fields: the message says how to fix it
        what, _, fix = message.partition("; ")
        return Problem(shown, line, what, fix, code="schema.invalid")
    value = err.get("input")
    shown_value = f" ('{value}')" if isinstance(value, str | int | float) and not isinstance(value, bool) else ""
    what = f"'{field_name}'{shown_value} is not valid: {message}"
    return Problem(shown, line, what, _fix_for(model, loc), column=located.column(loc), code="schema.invalid")


def _field_model(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[type[BaseModel] | None, str | None]:
    """Follow `loc` through nested models; return the model holding the last field and its name."""
    current: Any = model
    name: str | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        field_name = _field_name(current, part)
        if field_name is None:
            return None, None
        holder, name = current, field_name
        annotation = current.model_fields[field_name].annotation
        current = _inner_model(annotation)
        if current is None:
            return holder, name
    return (current if name is None else holder), name


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _fix_for(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    holder, name = _field_model(model, loc)
    if holder is None or name is None:
        return ""
    return holder.model_fields[name].description or ""


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_name = _field_name(current, part)
        current = _inner_model(current.model_fields[field_name].annotation) if field_name else None
        if current is None:
            return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _field_name(model: Any, key: Any) -> str | None:
    """The field a YAML key sets: the field of that name, or the one whose alias it is (`people`)."""
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    if key in model.model_fields:
        return str(key)
    return next((name for name, f in model.model_fields.items() if f.alias == key), None)
