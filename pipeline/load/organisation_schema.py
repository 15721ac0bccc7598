"""Who a response is from: `organisation:` (one, as a name or with its details) or `organisations:` (co-signed).

Kept apart from schema.py, which holds the files people write about their work. These are the
ORGANISATION's details, printed where the submission profile expects them (profiles/shape.py): its
name, a short "about us", its own logo, who leads the work for it and may sign it off, and how to
reach it: a contact person, an e-mail address, a phone number, a postal address, registered charity
numbers and a company number. The contact person is a contributor id, never a typed name: only a
person credited by their own name is printed (checks/organisations.py), as assemble/people.py decided.

Each detail is checked as a UK charity types it, with the rule in the fix shown when it is wrong:
e-mail addresses by their form (email-validator, without asking the network), phone numbers by
Ofcom's numbering plan (phonenumbers: spaces, brackets and +44 all fine), charity numbers by their
register (England and Wales: 6 or 7 digits; Scotland: SC0 and 5 digits; Northern Ireland: NIC1 and
5 digits), company numbers by Companies House's 8 characters (8 digits, or 2 letters and 6 digits).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from pipeline.load.validation import Date
from pipeline.vocabulary import FINGERPRINT_PATTERN, ID_PATTERN

Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]

# the three charity registers of the UK, as their numbers are written: (its label in load/labels.py, pattern)
CHARITY_REGISTERS = (
    ("register_ew", re.compile(r"[1-9][0-9]{5,6}")),  # the Charity Commission for England and Wales
    ("register_sc", re.compile(r"SC0[0-9]{5}")),  # OSCR, Scotland
    ("register_ni", re.compile(r"NIC1[0-9]{5}")),  # the Charity Commission for Northern Ireland
)


def register_of(number: str) -> str:
    """The label of the register a (valid) charity number is on."""
    return next(label for label, pattern in CHARITY_REGISTERS if pattern.fullmatch(number))


COMPANY_NUMBER = re.compile(r"[0-9]{8}|[A-Z]{2}[0-9]{6}")


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str | int) and not isinstance(value, bool) else value


def _squeezed(value: Any) -> str:
    """A number as typed, without its spaces, in capitals ("sc0 12345" is SC012345)."""
    return re.sub(r"\s+", "", str(value)).upper()


def _email(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("it is not an e-mail address")
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"it is not an e-mail address ({str(exc).rstrip('.')})") from None


def _phone(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError("a phone number must be written in quotes, so its leading 0 is kept")
    if not isinstance(value, str):
        raise ValueError("it is not a phone number")
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError("it is not a phone number") from None
    if number.country_code != 44 or not phonenumbers.is_valid_number(number):
        raise ValueError("it is not a UK phone number in use")
    return value.strip()


def _charity(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("it is not a charity number")
    typed = _squeezed(value)
    if not any(pattern.fullmatch(typed) for _, pattern in CHARITY_REGISTERS):
        raise ValueError("it is not a registered charity number")
    return typed


def _company(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError("a company number must be written in quotes, so its leading 0 is kept")
    if not isinstance(value, str):
        raise ValueError("it is not a company number")
    typed = _squeezed(value)
    if not COMPANY_NUMBER.fullmatch(typed):
        raise ValueError("it is not a company number (8 characters)")
    return typed


Email = Annotated[str, BeforeValidator(_email)]
Phone = Annotated[str, BeforeValidator(_phone)]
CharityNumber = Annotated[str, BeforeValidator(_charity)]
CompanyNumber = Annotated[str, BeforeValidator(_company)]
Lines = Annotated[list[Text], BeforeValidator(_as_list)]
Ids = Annotated[list[Id], BeforeValidator(_as_list)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


SIGNOFF = "run  coproduce signoff SLUG --by ID  rather than writing it by hand"


class SignedOff(_Strict):
    """That someone signed the whole submission off for their organisation (workflow/signoff.py writes it)."""

    by: Id = Field(description=f"write the contributor id of who signed off; {SIGNOFF}")
    on: Date = Field(description=f"write the date they signed it off, like 2026-11-20; {SIGNOFF}")
    submission: Annotated[str, Field(pattern=FINGERPRINT_PATTERN)] = Field(description=SIGNOFF)
    ran_as: Text | None = Field(None, description=SIGNOFF)


class Organisation(_Strict):
    """One organisation a response is from: printed as the profile lays it out."""

    name: Text = Field(description="write the organisation's name")
    about: Text | None = Field(None, description="write a few sentences about the organisation, printed in About us")
    logo: Text | None = Field(None, description="give the file name of its logo, an image inside templates/")
    logo_alt: Text | None = Field(None, description="write what a screen reader should say for its logo")
    lead: Id | None = Field(None, description="write the contributor id of who leads this work for the organisation")
    signoff: Ids = Field(
        default_factory=list,
        description="write the contributor ids of who, besides its lead, may approve for it, like [priya]",
    )
    signatories: Ids = Field(
        default_factory=list,
        description="write the contributor ids of who signs a letter for it, like [priya]; each must be credited"
        " by name and have consented",
    )
    contact: Id | None = Field(
        None,
        description="write the contributor id of the person to contact, credited by their own name (credit: name)",
    )
    contact_role: Text | None = Field(None, description="write the contact's role, like Policy Lead")
    email: Email | None = Field(None, description="write the organisation's e-mail address, like hello@example.org.uk")
    phone: Phone | None = Field(
        None, description='write a UK phone number in quotes, like "020 7946 0018" or "+44 20 7946 0018"'
    )
    address: Lines = Field(
        default_factory=list,
        description="write the postal address as a list of lines, like [1 High Street, Eastmoor, EM1 2AB]",
    )
    charity_number: Annotated[list[CharityNumber], BeforeValidator(_as_list)] = Field(
        default_factory=list,
        description="write each registered charity number: 6 or 7 digits in England and Wales (like 1123456),"
        " SC0 and 5 digits in Scotland (like SC012345), NIC1 and 5 digits in Northern Ireland (like NIC100123)",
    )
    company_number: CompanyNumber | None = Field(
        None,
        description='write the Companies House number in quotes: 8 characters, like "01234567" or "SC123456"',
    )
    # a co-signed response: that its lead or someone in its signoff: list signed the whole submission off
    signed_off: SignedOff | None = Field(None, description=SIGNOFF)


def _named(value: Any) -> Any:
    """`organisation: Name` is an organisation with just its name."""
    return {"name": value} if isinstance(value, str) else value


class OrganisationFields(_Strict):
    """`organisation:` or `organisations:` in response.yaml; `schema.Response` has them."""

    # required, so a response.yaml with neither says  'organisation' is missing; `_either` fills it in
    # (as None) when organisations: is given instead
    organisation_given: Annotated[Organisation | None, BeforeValidator(_named)] = Field(
        alias="organisation",
        description="write the organisation's name, or its name: and details (or list several in organisations:)",
    )
    organisations: list[Organisation] = Field(
        default_factory=list,
        description="write a list of the organisations that sign the response, each with its name:",
    )

    @model_validator(mode="before")
    @classmethod
    def _either(cls, data: Any) -> Any:
        if isinstance(data, dict) and "organisations" in data and "organisation" not in data:
            return {**data, "organisation": None}
        return data

    @model_validator(mode="after")
    def _one_way(self) -> OrganisationFields:
        if self.organisation_given is None and not self.organisations:
            raise ValueError("say who the response is from; write  organisation: <its name>")
        if self.organisation_given is not None and self.organisations:
            raise ValueError(
                "give either organisation: or organisations:, not both; put every organisation in organisations:"
            )
        names = [o.name.casefold() for o in self.signers]
        if len(set(names)) != len(names):
            raise ValueError("an organisation is listed twice in organisations:; list each once")
        return self

    @property
    def signers(self) -> tuple[Organisation, ...]:
        """Every organisation the response is from, in the order written (one, or the co-signers)."""
        return (self.organisation_given,) if self.organisation_given is not None else tuple(self.organisations)

    @property
    def organisation_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.signers)

    def organisation_path(self, index: int) -> tuple[str | int, ...]:
        """Where organisation `index` is written in response.yaml (for a line and column)."""
        return ("organisation",) if self.organisation_given is not None else ("organisations", index)

    def organisation_approvers(self) -> tuple[str, ...]:
        """Each organisation's lead and sign-off people, in order."""
        return tuple(pid for o in self.signers for pid in ((o.lead,) if o.lead else ()) + tuple(o.signoff))

    def organisation_people(self) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
        """(what they are, where the id is written, the id) for every person an organisation names."""
        for i, org in enumerate(self.signers):
            at = self.organisation_path(i)
            for key in ("lead", "contact"):
                if pid := getattr(org, key):
                    yield f"{org.name}'s {key}", (*at, key), pid
            for key, what in (("signoff", "signoff"), ("signatories", "signatory")):
                for j, pid in enumerate(getattr(org, key)):
                    yield f"{org.name}'s {what}", (*at, key, j), pid
