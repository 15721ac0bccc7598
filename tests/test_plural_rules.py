"""The plural rules coproduce reads its counts by are CLDR's, as Babel's own locale data gives them (issue 23).

`load/labels.PLURAL_RULES` holds the rules for the languages with tables (English and Welsh), so a count need
not load Babel's locale data; this compares every category they give with `Locale.plural_form`, read from that
data, over whole numbers, hours with fractions (1.5, 0.25) and fractions written out (1.0, 2.00), which English
counts as "other" (CLDR's v, the visible fraction digits).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel import Locale

from pipeline.load.labels import PLURAL_RULES, plural, plural_category

NUMBERS: list[int | Decimal] = [
    *range(0, 250),
    *(Decimal(s) for s in ("0.5", "0.25", "1.0", "1.00", "1.5", "1.75", "2.0", "2.5", "3.0", "6.0", "6.5", "10.25")),
    1000,
    1_000_001,
]


@pytest.mark.parametrize("language", sorted(PLURAL_RULES))
def test_each_category_is_babels(language: str) -> None:
    cldr = Locale.parse(language).plural_form
    assert cldr.rules == PLURAL_RULES[language]  # the rules as Babel's data writes them
    for n in NUMBERS:
        assert plural_category(language, n) == cldr(n), n


def test_the_rules_give_every_category_the_tables_use() -> None:
    """The comparison compares something: Welsh's six categories and English's two all come up."""
    assert {plural_category("cy", n) for n in NUMBERS} == {"zero", "one", "two", "few", "many", "other"}
    assert {plural_category("en", n) for n in NUMBERS} == {"one", "other"}
    assert plural_category("en", Decimal("1.0")) == "other"


def test_a_language_without_rules_here_reads_babels_data() -> None:
    assert "fr" not in PLURAL_RULES
    assert plural_category("fr", 1) == Locale.parse("fr").plural_form(1) == "one"
    assert plural_category("fr", 0) == "one"  # French counts 0 as one, unlike English


def test_counts_print_by_the_rules() -> None:
    assert plural("en", "people", 1) == "1 person"
    assert plural("en", "hours", Decimal("1.5"), "1.5") == "1.5 hours"
    assert plural("cy", "sessions", 1) == "un sesiwn"
    assert plural("cy", "sessions", 3) == "3 sesiwn"
