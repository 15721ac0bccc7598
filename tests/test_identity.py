"""The privacy rules decided once: folding, the forms of a private identity, the matcher."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import pytest

from pipeline.assemble.people import decide
from pipeline.load.schema import Contributor
from pipeline.privacy.identity import GitAuthor, credit_clashes, identities, name_variants
from pipeline.privacy.matcher import NameMatcher
from pipeline.privacy.normalise import decode_target, fold, fold_with_map

TODAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "Rebecca O’Farrell",  # Word's curly apostrophe
        "Rebecca O‘Farrell",
        "Rebecca Oʼfarrell",
        "REBECCA O'FARRELL",
        "Rebecca O'Far\u00adrell",  # soft hyphen
        "Rebecca O'Far\u200brell",  # zero-width space
        "Rebecca\u00a0O'Farrell",  # no-break space
        "Rebecca\nO'Farrell",  # a line break
        "\ufeffRebecca O'Farrell",  # byte-order mark
        "Rebecca O'Farr\u200eell",  # a bidi mark
        "Rеbecca O'Farrell",  # Cyrillic е
        "Ｒｅｂｅｃｃａ O'Farrell",  # fullwidth
        "Rebecca O-Farrell",
        "Rebecca O–Farrell",
    ],
)
def test_typing_does_not_hide_a_name(typed: str) -> None:
    assert fold(typed) == fold("Rebecca O'Farrell") == " rebecca o farrell "


def test_a_name_typed_without_its_apostrophe_is_found() -> None:
    contributors, decided = people(r={"name": "Rebecca O'Farrell"})
    matcher = NameMatcher(identities(contributors, decided))
    assert matcher.find("Rebecca OFarrell")[0].whole
    assert matcher.find("Ms O’Farrell")[0].whole


def test_accents_compare_with_and_without_marks() -> None:
    composed = "Zoë Núñez"
    decomposed = unicodedata.normalize("NFD", composed)
    assert fold(composed) == fold(decomposed) == fold("Zoe Nunez")


def test_ascii_is_left_alone_apart_from_case() -> None:
    # m is not folded to "rn", nor 0 to "o": ordinary text must not collide with names
    assert fold("Mum paid £10 for room 101") == " mum paid 10 for room 101 "


def test_fold_and_fold_with_map_always_agree() -> None:
    alphabet = "aZ09 _-’'—\u00ad\u200bоéÅß\u00a0\n\t.,@%мＡ\u0301ﬁ²"
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        folded, where = fold_with_map(text)
        assert folded == fold(text), text
        assert len(where) == len(folded)


def test_link_targets_are_decoded_however_often_encoded() -> None:
    assert decode_target("mailto:jordan.reeve%40example.com") == "mailto:jordan.reeve@example.com"
    assert decode_target("mailto:jordan.reeve%2540example.com") == "mailto:jordan.reeve@example.com"
    assert decode_target("https://x.org/?who=Jordan&#32;Reeve") == "https://x.org/?who=Jordan Reeve"


def forms(name: str) -> dict[str, str]:
    return {v.folded.strip(): v.kind for v in name_variants(name, "p")}


def test_a_name_has_many_forms() -> None:
    found = forms("Jordan Alex Reeve")
    for whole in ("jordan alex reeve", "jordan reeve", "reeve jordan", "ms reeve", "dr reeve", "jordanreeve"):
        assert found.get(whole) == "whole", whole
    for part in ("jordan", "reeve"):
        assert found.get(part) == "part", part
    assert "alex" not in found  # a middle name alone is not how people are known


def test_hyphenated_and_titled_names() -> None:
    found = forms("Dr Mary-Jane Okafor-Bell")
    assert found["mary jane okafor bell"] == "whole"
    assert found["maryjane okaforbell"] == "whole"
    assert found["mary jane"] == found["maryjane"] == found["okafor"] == found["bell"] == "part"
    assert "dr" not in found


def test_a_one_word_name_is_a_part() -> None:
    assert forms("Hope") == {"hope": "part"}


def people(**files: dict) -> tuple[dict[str, Contributor], dict]:
    contributors = {pid: Contributor.model_validate(data) for pid, data in files.items()}
    return contributors, {pid: decide(pid, c, TODAY) for pid, c in contributors.items()}


CONSENTED = {"recorded": "2025-01-01", "quotes": "attributed"}


def test_the_matcher_finds_each_form_and_nothing_public() -> None:
    contributors, decided = people(
        jordan={"name": "Jordan Reeve", "credit": "role", "role": "Peer Volunteer", "consent": CONSENTED},
        ada={"name": "Ada Fenwick", "credit": "name", "emails": ["ada@example.org"], "consent": CONSENTED},
    )
    matcher = NameMatcher(identities(contributors, decided, common=["Reeve House Trust"]))
    for text in ("As Jordan told us", "Ms Reeve agreed", "Reeve, Jordan", "@jordan", "write to ada@example.org"):
        assert matcher.find(text), text
    for text in ("Ada Fenwick and Ada agreed", "Peer Volunteer", "the Reeve House Trust", "we hope"):
        assert not matcher.find(text), text


def test_whole_beats_part_and_positions_map_back() -> None:
    contributors, decided = people(jordan={"name": "Jordan Reeve"})
    matcher = NameMatcher(identities(contributors, decided))
    text = "Thanks to Jor\u00addan  Reeve!"
    [(hit, start, end)] = list(matcher.find_mapped(text))
    assert hit.whole and text[start:end] == "Jor\u00addan  Reeve"


def test_git_identities_are_private_unless_the_person_is_named() -> None:
    contributors, decided = people(ada={"name": "Ada Fenwick", "credit": "name", "consent": CONSENTED})
    authors = [
        GitAuthor("Ada F", "ada.f@example.org", frozenset({"ada"})),
        GitAuthor("Quentin Marsh", "q@example.com", frozenset()),
        GitAuthor("laptop", "root@localhost", frozenset()),
    ]
    matcher = NameMatcher(identities(contributors, decided, authors))
    assert not matcher.find("Ada F")  # a named person's git name is theirs to print
    assert matcher.find("ada.f@example.org")  # but not their address
    assert matcher.find("Quentin Marsh")[0].whole
    assert not matcher.find("the laptop")[0].whole  # a one-word git name is a part


def test_a_credit_that_is_someone_elses_private_name_clashes() -> None:
    contributors, decided = people(
        kerry={"name": "Kerry Pollard", "credit": "anonymous", "consent": CONSENTED},
        nadia={"name": "Nadia Greaves", "credit": "pseudonym", "pseudonym": "Kerry", "consent": CONSENTED},
    )
    clashes = credit_clashes(contributors, decided, identities(contributors, decided))
    assert [(pid, credit, v.person) for pid, credit, v in clashes][0] == ("nadia", "Kerry", "kerry")
