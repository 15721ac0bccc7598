"""Dates that a submission cannot afford to get wrong: the deadline, and consent that has aged.

- A response dated after the consultation closed, or built final after it closed,
  gets a warning: it may not be read.
- A session in the involvement log dated after the response's date is not printed
  or credited (assemble/document.held), and gets a warning.
- Consent recorded more than `consent_valid_months` (12 unless response.yaml says
  otherwise) before the response's date gets a warning naming the person's file:
  ask them again (`coproduce reconsent`) before submitting. Consent exactly that
  many months old is still current.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline import vocabulary
from pipeline.checks import CheckContext
from pipeline.errors import Problem


def check(ctx: CheckContext) -> Iterator[Problem]:
    data, located, shown = ctx.response.data, ctx.response.located, ctx.response.shown
    meta = ctx.assembly.document.meta
    closes = data.consultation.closes
    if closes and data.date and data.date > closes:
        yield Problem(
            shown,
            located.line(("date",)),
            f"the response is dated {data.date}, after the consultation closed on {closes}",
            "check the date; a response sent after the closing date may not be read",
            "warning",
            code="dates.after-closing",
        )
    today = ctx.settings.today
    if closes and not meta.draft and today > closes:
        yield Problem(
            shown,
            located.line(("consultation", "closes")),
            f"the consultation closed on {closes}; this final submission is being built after it closed",
            "check with the consultation's organisers that a late response will be read",
            "warning",
            code="dates.closed",
        )
    for i, session in enumerate(data.involvement):
        if not vocabulary.in_force(session.date, meta.date):
            yield Problem(
                shown,
                located.line(("involvement", i, "date")),
                f"the session '{session.activity}' is dated {session.date}, after the response's date ({meta.date}):"
                " it is not printed or credited",
                "check the date; a session that has not happened yet is counted from its day",
                "warning",
                code="dates.session-later",
            )
    current_from = vocabulary.months_before(meta.date, data.consent_valid_months)
    involved = {pid for c in ctx.assembly.included for pid in (*c.meta.by, *c.meta.reviewed_by)}
    involved |= {pid for s in data.involvement for pid in s.people}
    for pid in sorted(involved):
        cf = ctx.workbench.contributors.get(pid)
        person = ctx.assembly.people.get(pid)
        if cf is None or person is None or person.withdrawn:
            continue
        recorded = cf.data.consent.recorded
        if recorded is not None and recorded < current_from:
            yield Problem(
                cf.shown,
                cf.located.line(("consent", "recorded")),
                f"{pid}'s consent was recorded on {recorded}, more than {data.consent_valid_months} months"
                f" before the response's date ({meta.date})",
                f"ask them again and record it:  coproduce reconsent --confirm {pid}",
                "warning",
                code="consent.aged",
                subject=pid,
            )
