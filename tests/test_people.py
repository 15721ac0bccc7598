"""The module that decides what may be printed of each person: tested hardest."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.assemble.people import decide, initials
from pipeline.load.schema import Contributor
from pipeline.privacy.identity import identities
from pipeline.privacy.matcher import NameMatcher

TODAY = dt.date(2026, 3, 1)


def person(**fields):
    base = {
        "name": "Jordan Reeve",
        "emails": ["jordan@example.org"],
        "consent": {"recorded": "2025-01-01", "quotes": "attributed"},
    }
    base.update(fields)
    return decide("jordan", Contributor.model_validate(base), TODAY)


@pytest.mark.parametrize(
    "fields, credit",
    [
        ({"credit": "name"}, "Jordan Reeve"),
        ({"credit": "initials"}, "J.R."),
        ({"credit": "pseudonym", "pseudonym": "Kestrel"}, "Kestrel"),
        ({"credit": "role", "role": "Peer Volunteer"}, "Peer Volunteer"),
        ({"credit": "anonymous"}, None),
        ({}, None),  # missing credit means anonymous
        ({"credit": "name", "consent": {"quotes": "attributed"}}, None),  # no consent date
        ({"credit": "name", "consent": {"recorded": "2025-01-01", "withdrawn": "2026-02-01"}}, None),
    ],
)
def test_credit_is_exactly_what_they_chose(fields: dict, credit: str | None) -> None:
    assert person(**fields).credit == credit


@pytest.mark.parametrize(
    "fields, private, public",
    [
        ({"credit": "name"}, ["jordan@example.org"], ["Jordan Reeve", "Jordan", "Reeve"]),
        (
            {"credit": "initials"},
            ["Jordan Reeve", "Reeve, Jordan", "Ms Reeve", "Jordan", "jordan@example.org"],
            ["J.R."],
        ),
        ({"credit": "pseudonym", "pseudonym": "Kestrel"}, ["Jordan Reeve", "jordan@example.org"], ["Kestrel"]),
        ({"credit": "name", "consent": {}}, ["Jordan Reeve", "Jordan", "jordan@example.org"], []),
    ],
)
def test_private_forms_follow_the_credit(fields: dict, private: list[str], public: list[str]) -> None:
    base = {"name": "Jordan Reeve", "emails": ["jordan@example.org"], "consent": {"recorded": "2025-01-01"}}
    base.update(fields)
    c = Contributor.model_validate(base)
    matcher = NameMatcher(identities({"jordan": c}, {"jordan": decide("jordan", c, TODAY)}))
    for text in private:
        assert matcher.find(f"As {text} said."), text
    for text in public:
        assert not matcher.find(f"As {text} said."), text


def test_quote_use() -> None:
    assert person(credit="role", role="Peer Volunteer").quote_attribution() == "Peer Volunteer"
    assert person(credit="name", consent={"recorded": "2025-01-01", "quotes": "anonymous"}).quote_attribution() is None
    assert person(credit="name", consent={"recorded": "2025-01-01"}).quotes == "no"  # missing = no
    assert person(credit="name", consent={"quotes": "attributed"}).quotes == "no"  # no consent date
    assert person(credit="anonymous").quote_attribution() is None


def test_withdrawal_in_force_from_its_date(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import vocabulary

    monkeypatch.setattr(vocabulary, "system_today", lambda: TODAY)  # the computer's date is the day too
    assert person(consent={"recorded": "2025-01-01", "withdrawn": "2026-03-01"}).withdrawn  # today
    later = person(consent={"recorded": "2025-01-01", "withdrawn": "2026-04-01"}, credit="name")
    assert not later.withdrawn  # not yet in force
    assert later.withdrawn_on is None
    assert person(consent={"recorded": "2025-01-01", "withdrawn": "2026-04-01"}, credit="name").credit == "Jordan Reeve"


@pytest.mark.parametrize("name, expected", [("Jordan Reeve", "J.R."), ("Mary-Jane Okafor", "M.J.O."), ("prince", "P.")])
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_a_string_someone_chose_to_print_is_not_withheld() -> None:
    people = {
        "a": Contributor.model_validate({"name": "Sam Okoro", "credit": "name", "consent": {"recorded": "2025-01-01"}}),
        "b": Contributor.model_validate({"name": "Sam Lee", "credit": "anonymous"}),
    }
    matcher = NameMatcher(identities(people, {pid: decide(pid, c, TODAY) for pid, c in people.items()}))
    assert not matcher.find("Thanks to Sam Okoro.")  # b's first name, inside a's printed credit
    assert matcher.find("Thanks to Sam.")  # but alone it is b's (and a's public) first name
