"""What became of a response, in words: for `status`, the letters (`tell`) and the year's report.

The reminder: once the body's usual response time has passed (`outcome_due_weeks:` after the
consultation closed, 12 by default) and the body's response is not recorded, `status` asks the
coordinator to record it. Nothing here reads the clock: the day is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from pipeline.load.outcome_schema import RESULTS, Outcome
from pipeline.load.schema import Response
from pipeline.vocabulary import long_date

# how each result reads in a sentence ("1 adopted, 2 partly adopted, ...")
RESULT_WORDS = {"adopted": "adopted", "partly": "partly adopted", "not": "not adopted", "unknown": "not yet known"}


@dataclass(frozen=True)
class OutcomeStatus:
    text: str  # one line, for `status`
    due: dt.date | None  # when the body's response was expected
    remind: bool  # the expected day has passed and nothing is recorded


def due(data: Response) -> dt.date | None:
    closes = data.consultation.closes
    return closes + dt.timedelta(weeks=data.outcome_due_weeks) if closes else None


def result_counts(outcome: Outcome | None) -> dict[str, int]:
    """How many recommendations had each result, every result present (0 when none)."""
    found: Counter[str] = Counter(r.result for r in outcome.recommendations) if outcome else Counter()
    return {result: found[result] for result in RESULTS}


def results_text(outcome: Outcome) -> str:
    counts = result_counts(outcome)
    parts = [f"{n} {RESULT_WORDS[r]}" for r, n in counts.items() if n]
    return ", ".join(parts)


def outcome_status(data: Response, on: dt.date) -> OutcomeStatus:
    outcome, expected = data.outcome, due(data)
    if outcome is not None and outcome.reply is not None:
        text = f"the body responded on {long_date(outcome.reply.date, 'en-GB')}"
        if outcome.recommendations:
            text += f": of {len(outcome.recommendations)} recommendations, {results_text(outcome)}"
        return OutcomeStatus(text, expected, False)
    sent = f"sent {long_date(outcome.submitted, 'en-GB')}; " if outcome and outcome.submitted else ""
    if expected is not None and on >= expected:
        return OutcomeStatus(
            f"{sent}no response from the body recorded; it was expected by {long_date(expected, 'en-GB')}"
            f" ({data.outcome_due_weeks} weeks after closing): record it under  outcome:  in response.yaml",
            expected,
            True,
        )
    if expected is not None and (sent or on > (data.consultation.closes or expected)):
        return OutcomeStatus(
            f"{sent}the body's response is expected by {long_date(expected, 'en-GB')}", expected, False
        )
    return OutcomeStatus(sent.removesuffix("; "), expected, False)


def outcome_line(data: Response) -> str:
    """What became of it, for a list of responses (the year's report, a letter): no instruction in it."""
    outcome = data.outcome
    if outcome is not None and outcome.reply is not None:
        text = f"the body responded on {long_date(outcome.reply.date, 'en-GB')}"
        if outcome.recommendations:
            text += f": of {len(outcome.recommendations)} recommendations, {results_text(outcome)}"
        return text
    expected = due(data)
    when = f" (expected by {long_date(expected, 'en-GB')})" if expected else ""
    return f"the body's response is not recorded yet{when}"
