"""A private name or address typed into an organisation's details (issue 22), the ways people type.

The organisation's details are printed on the title page, the letterhead or the evidence's last lines,
so every one of them is read like any other printed text: a name or an e-mail address nobody chose to
have printed is refused at the line it was written on, by `check` and `build` alike, in either form of
the organisation (`organisation:` with details, or one of the co-signers in `organisations:`), and the
contact person is a contributor id printed only as they chose.
"""

from __future__ import annotations

import pytest

from tests.attacks.kit import ANY, OPTIONAL, R, add_people, built_clean, edit, refused
from tests.factory import Bench

RY = f"{R}/response.yaml"
ONE = "organisation: Riverside Peer Network"
DETAILS = (
    "organisation:\n"
    "  name: Riverside Peer Network\n"
    "  about: runs a peer line every evening.\n"
    "  contact_role: Peer Lead\n"
    "  email: hello@riverside.example.org.uk\n"
    "  address: [2 Quay Street, Eastmoor]\n"
)
CO_SIGNED = (
    "organisations:\n"
    "  - name: Riverside Peer Network\n"
    "    lead: hal\n"
    "  - name: Quayside Mind\n"
    "    about: runs a peer line every evening.\n"
    "    contact_role: Peer Lead\n"
    "    email: hello@riverside.example.org.uk\n"
    "    address: [2 Quay Street, Eastmoor]\n"
)

# (where, what it replaces, the private text typed there, whose it is)
TYPED = [
    ("about", "runs a peer line every evening.", "runs a peer line that Orla O'Farrell began.", "orla"),
    ("about-curly", "runs a peer line every evening.", "runs a peer line that Orla O\u2019Farrell began.", "orla"),
    ("about-nfd", "runs a peer line every evening.", "was begun by Rene\u0301e Pa\u0301lsdo\u0301ttir.", "renee"),
    ("role", "Peer Lead", "deputy to ZOË ÅNGSTRÖM", "zoe"),
    ("role-invisible", "Peer Lead", "deputy to Mary-Jane Achebe\u00adLund", "mj"),
    ("address", "2 Quay Street", "c/o Rosalind Quayle, 2 Quay Street", "ros"),
    ("email", "hello@riverside.example.org.uk", "orla.ofarrell@example.org", "orla"),
    ("email-case", "hello@riverside.example.org.uk", "Orla.OFarrell@Example.org", "orla"),
]


@pytest.mark.parametrize("form", ["one", "co-signed"])
@pytest.mark.parametrize(("where", "old", "new", "pid"), TYPED, ids=[t[0] for t in TYPED])
def test_a_private_name_in_an_organisations_details_is_refused_where_written(
    bench: Bench, form: str, where: str, old: str, new: str, pid: str
) -> None:
    add_people(bench, "orla", "zoe", "renee", "mj", "ros")
    edit(bench, RY, ONE, DETAILS if form == "one" else CO_SIGNED)
    written = edit(bench, RY, old, new)
    refused(bench, RY, written.at(new)[0], OPTIONAL if "email" in where else ANY, pid)


def test_a_private_name_as_a_co_signers_name_is_refused(bench: Bench) -> None:
    add_people(bench, "ros")
    edit(bench, RY, ONE, CO_SIGNED)
    written = edit(bench, RY, "name: Quayside Mind", "name: Rosalind Amara Quayle Trust")
    refused(bench, RY, written.at("Rosalind")[0], ANY, "ros")


@pytest.mark.parametrize("pid", ["orla", "zoe", "renee", "mj"])  # a role, a pseudonym, anonymous, anonymous
def test_a_contact_who_did_not_choose_their_name_is_never_printed(bench: Bench, pid: str) -> None:
    """Their private name is in no output, however they are credited; the draft is built and read back."""
    add_people(bench, "orla", "zoe", "renee", "mj")
    edit(bench, RY, ONE, DETAILS + f"  contact: {pid}\n")
    built_clean(bench)
