"""Typed schemas for the three kinds of file a user writes, and their validation.

Each field's `description` doubles as the fix shown to the user when the field
is wrong. Unknown keys are refused (with a did-you-mean), so a typo such as
`credt: name` can never silently fall back to a default. How a file is checked against
them (`validate`), and the field types the outcome schema shares, are in load/validation.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from pipeline.load.labels import and_list
from pipeline.load.organisation_schema import OrganisationFields
from pipeline.load.outcome_schema import OutcomeFields
from pipeline.load.validation import Date, Strict, Text, validate
from pipeline.vocabulary import FINGERPRINT_PATTERN, ID_PATTERN


def _as_list(value: Any) -> Any:
    """`by: jordan` means `by: [jordan]`."""
    return [value] if isinstance(value, str) else value


def _fingerprint(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(FINGERPRINT_PATTERN, value.strip()):
        return value.strip()
    raise ValueError("it is not the fingerprint  coproduce approve  writes (sha256: and 64 hex digits)")


Fingerprint = Annotated[str, BeforeValidator(_fingerprint)]
IdList = Annotated[list[Annotated[str, Field(pattern=ID_PATTERN)]], BeforeValidator(_as_list)]
Texts = Annotated[list[Text], BeforeValidator(_as_list)]
# another name a person goes by: one name, so "Tom, Tommy" is two entries (intake splits a Written by: line there)
Nickname = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[^\n\r,;&/]*[^\s,;&/][^\n\r,;&/]*$")]


# --------------------------------------------------------------- contributors

CreditChoice = Literal["name", "initials", "pseudonym", "role", "anonymous"]
QuoteConsent = Literal["no", "anonymous", "attributed"]


class Consent(Strict):
    recorded: Date | None = Field(None, description="write the date consent was taken, like 2024-02-01")
    quotes: QuoteConsent = Field("no", description="write one of: no, anonymous, attributed")
    withdrawn: Date | None = Field(None, description="write the date consent was withdrawn, like 2024-06-01")
    sheet_version: Text | None = Field(None, description="run  coproduce contributor sheet ID  to record it")
    sheet_fingerprint: Fingerprint | None = Field(None, description="run  coproduce contributor sheet ID  to record it")


class Contributor(Strict):
    name: Text = Field(description="write the person's name; it is private unless credit is name")
    credit: CreditChoice = Field("anonymous", description="write one of: name, initials, pseudonym, role, anonymous")
    pseudonym: Text | None = Field(None, description="write the pseudonym the person chose")
    role: Text | None = Field(None, description="write the role to credit, like Peer Volunteer")
    lived_experience: bool = Field(False, description="write true or false")
    emails: Texts = Field(default_factory=list, description="write a list, like [jordan@example.org]")
    consent: Consent = Field(Consent(), description="see the consent fields in the README")
    left: Date | None = Field(
        None, description="write the date the person stopped taking part, like 2024-05-01 (their consent stands)"
    )
    known_as: Annotated[list[Nickname], BeforeValidator(_as_list)] = Field(
        default_factory=list,
        description="list the other names the person goes by, like [Tom]; private like their name, "
        "and each on its own, without commas",
    )
    ordinary_words: Texts = Field(
        default_factory=list,
        description="list words of the person's name that are ordinary words in the text, like [Hope]",
    )
    avoid_topics: Texts = Field(default_factory=list, description="list topics they would rather not work on")
    support_contact: Text | None = Field(None, description="write who supports them (private, never printed)")
    check_in: Text | None = Field(None, description="write how and when they want a check-in, like a call next day")
    # the organisation they take part for (load/affiliation.py): a co-signed response's credits list them under it
    organisation: Text | None = Field(
        None,
        description="write the name of the organisation they take part for, as a response.yaml's organisations:"
        " spells it, like Quayside Mind (optional)",
    )
    # the language their own letters are written in (`coproduce tell`), when it is not the response's
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")] | None = Field(
        None, description="write the language their letters should be in, like cy-GB"
    )

    @model_validator(mode="after")
    def _credit_needs_its_value(self) -> Contributor:
        if self.credit == "pseudonym" and not self.pseudonym:
            raise ValueError("credit is pseudonym but no pseudonym is given; add  pseudonym: ...")
        if self.credit == "role" and not self.role:
            raise ValueError("credit is role but no role is given; add  role: ...")
        return self


# ------------------------------------------------------------------ responses


class Consultation(Strict):
    title: Text = Field(description="write the consultation's title")
    by: Text = Field(description="write who runs the consultation, like Department of Health and Social Care")
    closes: Date | None = Field(None, description="write the closing date, like 2021-04-21")
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = Field(
        None, description="write the consultation's web address, starting https://"
    )


class Question(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        description="write a short id of lowercase letters and digits, like q1"
    )
    text: Text = Field(description="write the question as the consultation asks it")
    limit: Annotated[int, Field(gt=0)] | None = Field(None, description="write the word limit as a whole number")
    chars: Annotated[int, Field(gt=0)] | None = Field(
        None, description="write the character limit (spaces and line breaks count) as a whole number"
    )
    # left unanswered on purpose: the build prints "No response" for it when nothing answers it
    unanswered: bool | Text | None = Field(
        None, description="write true, or a short reason, if you chose to leave this question unanswered"
    )

    @property
    def left_unanswered(self) -> bool:
        return self.unanswered not in (None, False)


def _attendee(value: Any) -> Any:
    """`jordan` means `{id: jordan}`: the plain list of ids keeps working beside the fuller form."""
    return value if isinstance(value, dict) else {"id": value}


Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]


class Attendee(Strict):
    """One person at a session: an id, and what the finance team needs to pay them (`coproduce hours`)."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(description="write the contributor id, like jordan")
    paid: bool = Field(False, description="write true once they have been paid for this session")
    declined: bool = Field(
        False, description="write true if they chose not to be paid for this session (some must, for their benefits)"
    )
    expenses: Money | None = Field(None, description="write what they spent to take part, like 12.40")


class Session(Strict):
    date: Date = Field(description="write the session's date, like 2021-03-02")
    activity: Text = Field(description="write what the session was, like Workshop on detention")
    # a decimal, so 1.75 hours stays 1.75 and totals are exact
    hours: Annotated[Decimal, Field(gt=0, le=24, allow_inf_nan=False)] = Field(
        description="write the length in hours, like 2.5"
    )
    rate: Money | None = Field(None, description="write the payment per hour for this session, like 15 or 12.50")
    difficult: bool = Field(False, description="write true if it was a hard session: check-ins asked for fall due")
    attendance: Annotated[list[Annotated[Attendee, BeforeValidator(_attendee)]], BeforeValidator(_as_list)] = Field(
        alias="people",
        description="write the contributor ids of who took part, like [jordan, alex], or {id: jordan, paid: true}",
    )

    @property
    def people(self) -> list[str]:
        """The ids of who took part, in the order given."""
        return [a.id for a in self.attendance]

    @model_validator(mode="after")
    def _each_person_once(self) -> Session:
        terms: dict[str, Attendee] = {}
        for a in self.attendance:
            if terms.setdefault(a.id, a) != a:
                raise ValueError(f"'{a.id}' is listed twice in one session, differently; list each person once")
        return self


# outcome: (outcome_schema.py), organisation: or organisations: (organisation_schema.py)
class Response(OutcomeFields, OrganisationFields):
    title: Text = Field(description="write the response's title")
    responding_as: Literal["organisation", "individual", "group"] = Field(
        "organisation", description="write one of: organisation, individual, group"
    )
    consultation: Consultation = Field(description="add a consultation: block with title and by")
    date: Date | None = Field(None, description="write the date to print on the submission, like 2021-04-19")
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")] = Field(
        "en-GB", description="write a language tag like en-GB or cy-GB"
    )
    lead: Annotated[str, Field(pattern=ID_PATTERN)] | None = Field(
        None, description="write the contributor id of the coordinating worker"
    )
    signoff: IdList = Field(
        default_factory=list,
        description="write the contributor ids of who, besides the lead, may approve contributions, like [priya]",
    )
    confidentiality: Text = Field("none", description="write none, or the reason a part must not be published")
    submit_to: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        "report",
        description="write where the response is going: report, online-form, commons-committee,"
        " lords-committee or letter",
    )
    # written evidence to a committee (submit_to: commons-committee or lords-committee)
    reference: Text | None = Field(
        None, description="write the reference the committee gave the submission, like MHA0042 (optional)"
    )
    word_limit: Annotated[int, Field(gt=0)] | None = Field(
        None, description="write the whole submission's word limit as a whole number, like 3000"
    )
    # a letter (submit_to: letter)
    to: Annotated[list[Text], BeforeValidator(_as_list)] = Field(
        default_factory=list,
        description="write the addressee's lines as a list, like [The Rt Hon A Minister MP, Department of Health]",
    )
    salutation: Text | None = Field(None, description="write how the letter opens, like Dear Minister")
    signatories: IdList = Field(
        default_factory=list,
        description="write the contributor ids of who signs the letter, like [priya, sam]; each must be credited"
        " by name and have consented",
    )
    publish: Literal["full", "anonymous", "none"] | None = Field(
        None,
        description="write the answer to the form's publishing question: full, anonymous or none",
    )
    questions: list[Question] = Field(default_factory=list, description="write a list of questions")
    involvement: list[Session] = Field(default_factory=list, description="write a list of sessions")
    confirm_edits: bool = Field(
        True, description="write false to let the lead's approval stand in for confirming edits"
    )
    consent_valid_months: Annotated[int, Field(gt=0, le=120)] = Field(
        12, description="write how many months a recorded consent is taken as current, like 12"
    )

    def people_named(self) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
        """(what they are, where the id is written, the id) for everyone response.yaml names outside sessions."""
        if self.lead:
            yield "lead", ("lead",), self.lead
        yield from (("signoff", ("signoff", j), pid) for j, pid in enumerate(self.signoff))
        yield from (("signatory", ("signatories", j), pid) for j, pid in enumerate(self.signatories))
        yield from self.organisation_people()

    @property
    def lead_and_signoff(self) -> tuple[str, ...]:
        return ((self.lead,) if self.lead else ()) + tuple(self.signoff)

    @property
    def organisation(self) -> str:
        """Who the response is from, as printed: one name, or the co-signers' joined ("A and B")."""
        return and_list(self.language, list(self.organisation_names))


# --------------------------------------------------------------- contributions

STANDARD_SECTIONS = ("summary", "about", "method", "recommendations")
APPROVE = "run  coproduce approve FILE --by ID  rather than writing it by hand"
CONFIRM = "run  coproduce confirmations record RESPONSE FILE --by ID  rather than writing it by hand"


class Approval(Strict):
    """Who approved a contribution, when, and the fingerprint of the text they approved."""

    by: Annotated[str, Field(pattern=ID_PATTERN)] = Field(description=f"write the approver's contributor id; {APPROVE}")
    on: Date = Field(description=f"write the date it was approved, like 2026-02-20; {APPROVE}")
    text: Fingerprint = Field(description=APPROVE)
    # what it printed beside its text (pictures, the question, how the people it names are credited);
    # a record written before coproduce recorded it has none (assemble/approval.py says what that means)
    covers: Fingerprint | None = Field(None, description=APPROVE)
    # who ran  coproduce approve  on this computer, when the workbench is not in git: the evidence git would give
    ran_as: Text | None = Field(None, description=APPROVE)


class Confirmation(Strict):
    """A person's answer about a change someone else made to their words (coproduce confirmations)."""

    by: Annotated[str, Field(pattern=ID_PATTERN)] = Field(description=f"write their contributor id; {CONFIRM}")
    on: Date = Field(description=f"write the date, like 2026-11-20; {CONFIRM}")
    text: Annotated[str, BeforeValidator(_fingerprint)] = Field(description=CONFIRM)  # their words as they saw them
    # as-written: their words before someone else changed them (review accept); declined: their words put back;
    # left-out: they declined and asked for the contribution to be left out of every build (text unchanged)
    decision: Literal["confirmed", "declined", "as-written", "left-out"] = Field("confirmed", description=CONFIRM)


class FrontMatter(Strict):
    answers: Annotated[str, Field(pattern=ID_PATTERN)] | None = Field(
        None, description="write the question id this answers, like q1"
    )
    section: Annotated[str, Field(pattern=ID_PATTERN)] | None = Field(
        None, description="write summary, about, method, recommendations, or your own slug with a title"
    )
    title: Text | None = Field(None, description="write the section's title")
    by: IdList = Field(min_length=1, description="write the contributor ids of who wrote it, like [jordan, sam]")
    reviewed_by: IdList = Field(default_factory=list, description="write a list of contributor ids")
    handed_over_from: IdList = Field(
        default_factory=list, description="write the ids of who began this work before handing it over"
    )
    status: Literal["draft", "review", "approved"] = Field("draft", description="write one of: draft, review, approved")
    content_note: Text | None = Field(None, description="write a short note, like discusses detention")
    confidential: bool = Field(
        False,
        description="write true to keep this out of the submission: it goes only into the confidential annex",
    )
    approved: Approval | None = Field(None, description=f"this records who approved it, when, and what; {APPROVE}")
    confirmed: list[Confirmation] = Field(default_factory=list, description=CONFIRM)  # edits to their words
    # a contribution in another language than the response (English words in a Welsh response): marked as
    # such in every format, so a screen reader reads it in the right voice and Word checks it in its language
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")] | None = Field(
        None, description="write the language this is written in, like en-GB, when it is not the response's"
    )

    @model_validator(mode="after")
    def _one_place(self) -> FrontMatter:
        if self.answers and self.section:
            raise ValueError("give either answers: or section:, not both")
        if not self.answers and not self.section:
            raise ValueError("say where this goes: add  answers: q1  or  section: summary")
        if self.section and self.section not in STANDARD_SECTIONS and not self.title:
            raise ValueError(f"section '{self.section}' is your own, so it needs a title: line")
        return self


__all__ = ["Date", "Strict", "Text", "validate"]  # re-exported: importers take them from here as before
