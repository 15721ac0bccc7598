"""What became of a response (`outcome:` in response.yaml) and the consultations ahead (`watch.yaml`).

Kept apart from schema.py (which holds the files people write about their work) because neither
is part of a submission: an outcome is recorded after the response was sent, and nothing here is
covered by an approval's fingerprint (vocabulary.fingerprint reads contributions only), so
recording an outcome never changes an approved submission.

Links here must be https: they are followed by coordinators from letters and the year's report.
A recommendation is named by `r` and its number as printed in the recommendations section
(`r3` is the third numbered recommendation); checks/outcome.py says when no such item exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field, model_validator

from pipeline.load.validation import Date, Strict, Text
from pipeline.vocabulary import ID_PATTERN

HTTPS = r"^https://\S+$"
Https = Annotated[str, Field(pattern=HTTPS)]
RECOMMENDATION_ID = r"^r[1-9][0-9]{0,2}$"
Result = Literal["adopted", "partly", "not", "unknown"]
RESULTS: tuple[str, ...] = ("adopted", "partly", "not", "unknown")


class Reply(Strict):
    """The body's own response to the consultation."""

    date: Date = Field(description="write the date the body published its response, like 2022-01-24")
    link: Https | None = Field(None, description="write the web address of the body's response, starting https://")
    summary: Text | None = Field(None, description="write a sentence or two on what the body said")


class RecommendationOutcome(Strict):
    id: Annotated[str, Field(pattern=RECOMMENDATION_ID)] = Field(
        description="write r and the recommendation's number as printed, like r3"
    )
    result: Result = Field(description="write one of: adopted, partly, not, unknown")
    evidence: Text | None = Field(
        None, description="write a short quote from the body's response or a page reference, like p. 14"
    )


class Outcome(Strict):
    submitted: Date | None = Field(None, description="write the date the response was sent, like 2021-04-19")
    route: Text | None = Field(None, description="write how it was sent, like online form or e-mail")
    reference: Text | None = Field(None, description="write the reference the body gave, like MHA0042")
    published: Https | None = Field(
        None, description="write the web address where the body published the response, starting https://"
    )
    reply: Reply | None = Field(None, description="add the body's response: date, link and summary")
    recommendations: list[RecommendationOutcome] = Field(
        default_factory=list, description="list what became of each recommendation, like {id: r1, result: adopted}"
    )

    @model_validator(mode="after")
    def _each_once(self) -> Outcome:
        seen: set[str] = set()
        for r in self.recommendations:
            if r.id in seen:
                raise ValueError(f"recommendation {r.id} is given twice; give each recommendation once")
            seen.add(r.id)
        return self

    @property
    def recorded(self) -> bool:
        """Whether the body's response is known: what the reminder in `status` waits for."""
        return self.reply is not None


class OutcomeFields(Strict):
    """The fields of response.yaml about what became of it; `schema.Response` has them."""

    outcome: Outcome | None = Field(None, description="see the outcome fields in the README")
    outcome_due_weeks: Annotated[int, Field(gt=0, le=104)] = Field(
        12, description="write how many weeks after closing the body usually responds, like 12"
    )


# ------------------------------------------------------------------ watch.yaml

Decision = Literal["respond", "skip", "undecided"]


def _closing(value: Any) -> Any:
    """`2026-12-15 23:59` (YAML reads it as a naive datetime) or `2026-12-15` (the end of that day)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(23, 59))
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace(" ", "T", 1))
        except ValueError:
            raise ValueError(f"'{value}' is not a date and time") from None
    raise ValueError(f"'{value}' is not a date and time")


def _zone(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("it is not a time zone")
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{value}' is not a time zone name") from None
    return value.strip()


Closing = Annotated[dt.datetime, BeforeValidator(_closing)]


class WatchEntry(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        description="write a short id of lowercase letters, digits and -, like send-review"
    )
    title: Text = Field(description="write the consultation's title")
    by: Text = Field(description="write who runs the consultation")
    url: Https | None = Field(None, description="write the consultation's web address, starting https://")
    closes: Closing = Field(description="write the closing date and time, like 2026-12-15 23:59")
    time_zone: Annotated[str, BeforeValidator(_zone)] = Field(
        "Europe/London", description="write the time zone of the closing time, like Europe/London"
    )
    extended_from: Closing | None = Field(
        None, description="write the closing date and time before it was extended, like 2026-12-01 17:00"
    )
    decision: Decision = Field("undecided", description="write one of: respond, skip, undecided")
    reason: Text | None = Field(None, description="write why, like no capacity")

    @model_validator(mode="after")
    def _skip_has_reason(self) -> WatchEntry:
        if self.decision == "skip" and not self.reason:
            raise ValueError("decision is skip but no reason is given; add  reason: ..., like no capacity")
        if self.closes.tzinfo is not None:
            raise ValueError("give the closing time without an offset; write the zone in  time_zone:")
        return self

    def closes_at(self) -> dt.datetime:
        """The closing time in its own time zone (so summer time is right)."""
        return self.closes.replace(tzinfo=ZoneInfo(self.time_zone))

    def closes_utc(self) -> dt.datetime:
        return self.closes_at().astimezone(dt.UTC)


class WatchList(Strict):
    consultations: list[WatchEntry] = Field(default_factory=list, description="write a list of consultations")

    @model_validator(mode="after")
    def _ids_once(self) -> WatchList:
        ids = [e.id for e in self.consultations]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"the id {twice[0]} is used twice; give each consultation its own id")
        return self
