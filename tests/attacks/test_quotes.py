"""Quotes: `@id` at the end of a block quote, in any common form, makes a lived-experience
quote that goes through consent. A form the parser misses would print `@id` (a private
id) or print words the speaker never agreed to have printed.
"""

from __future__ import annotations

import re

import pytest

from tests.attacks.kit import FORM_BODIES, FORM_IDS, built_clean, contribute, refused
from tests.factory import Bench

WORDS = "They kept the lights on all night and never asked me."

FORMS = list(zip(FORM_IDS, FORM_BODIES, strict=True))
IDS = FORM_IDS


def body(form: str, pid: str, words: str = WORDS) -> str:
    return "Intro sentence.\n\n" + form.format(w=words, p=pid)


@pytest.mark.parametrize("form", [f[1] for f in FORMS], ids=IDS)
def test_a_quote_by_someone_who_said_no_is_refused_in_every_form(bench: Bench, form: str) -> None:
    w = contribute(bench, "70-quote.md", body(form, "ivy"))
    refused(bench, w.rel, w.line_of("@ivy"), None, "ivy")


@pytest.mark.parametrize("form", [f[1] for f in FORMS], ids=IDS)
def test_an_anonymous_persons_quote_prints_their_words_and_never_their_id(bench: Bench, form: str) -> None:
    # eli: credit anonymous, quotes attributed -> the quote is printed, unattributed
    contribute(bench, "70-quote.md", body(form, "eli"))
    _, out = built_clean(bench, present=(WORDS,))
    assert not out.find("@eli")


@pytest.mark.parametrize("form", [f[1] for f in FORMS[::3]], ids=IDS[::3])
def test_a_quote_with_anonymous_consent_carries_no_attribution(bench: Bench, form: str) -> None:
    # bo: credited by initials, but quotes only anonymously
    contribute(bench, "70-quote.md", body(form, "bo"))
    _, out = built_clean(bench, present=(WORDS,))
    html = out.raw["html text (tags as spaces)"]
    assert not re.search(r"[\u2014\u2013-]\s*B\.L\.", html), "bo's quote carries their initials"


def test_a_same_line_attribution_is_printed_as_the_speaker_chose(bench: Bench) -> None:
    contribute(bench, "70-quote.md", "> Nobody listened. \u2014 @dee\n")
    _, out = built_clean(bench, present=("Nobody listened.",))
    html = out.raw["html text (tags as spaces)"]
    assert re.search(r"Nobody listened\.\s*(\S+\s*)?\u2014 Peer Researcher", html), (
        "the quote is not attributed to dee's role"
    )
    assert not out.find("@dee")


def test_a_list_item_attribution_is_printed_as_the_speaker_chose(bench: Bench) -> None:
    contribute(bench, "70-quote.md", "> Nobody listened to us.\n> - @cy\n")
    _, out = built_clean(bench, present=("Nobody listened to us.",))
    html = out.raw["html text (tags as spaces)"]
    assert re.search(r"Nobody listened to us\.\s*(\S+\s*)*?\u2014 Cygnet", html), (
        "the quote is not attributed to Cygnet"
    )


# ------------------------------------------------------------------ where a quote may hide


def test_a_refused_quote_inside_a_list_item_is_refused(bench: Bench) -> None:
    w = contribute(bench, "70-quote.md", f"- A point.\n\n  > {WORDS}\n  > \u2014 @ivy\n")
    refused(bench, w.rel, w.line_of("@ivy"), None, "ivy")


def test_a_refused_quote_nested_in_a_plain_quote_is_refused(bench: Bench) -> None:
    w = contribute(bench, "70-quote.md", f"> Intro.\n>\n> > {WORDS}\n> > \u2014 @ivy\n")
    refused(bench, w.rel, w.line_of("@ivy"), None, "ivy")


def test_a_refused_quote_inside_a_footnote_is_refused(bench: Bench) -> None:
    w = contribute(bench, "70-quote.md", f"Text.[^q]\n\n[^q]: Quoted:\n\n    > {WORDS}\n    > \u2014 @ivy\n")
    refused(bench, w.rel, w.line_of("@ivy"), None, "ivy")


def test_a_quote_by_someone_without_recorded_consent_is_refused(bench: Bench) -> None:
    w = contribute(bench, "70-quote.md", body("> {w}\n> \u2014 @{p}.\n", "fay"))
    refused(bench, w.rel, w.line_of("@fay"), None, "fay")


def test_a_quote_by_an_unknown_id_is_refused(bench: Bench) -> None:
    w = contribute(bench, "70-quote.md", body("> {w}\n> \u2013 @{p}\n", "zed"))
    refused(bench, w.rel, w.line_of("@zed"), None, None, also=("zed",))


def test_ivy_refused_and_gus_left_out_in_one_file(bench: Bench) -> None:
    w = contribute(
        bench,
        "70-quote.md",
        f"> {WORDS}\n> \u2014 @ivy\n\n> The night staff were kind to me.\n> \u2014 @gus\n",
        by="ada, hal",
    )
    refused(bench, w.rel, w.line_of("@ivy"), None, "ivy")


# ------------------------------------------------------------------ what is not an attribution

AFTER = [
    ("text-after-own-line", "> {w}\n> \u2014 @dee\n> And then I went home.\n"),
    ("lazy-line-after", "> {w}\n> \u2014 @dee\nAnd then I went home.\n"),
    ("text-after-same-line", "> {w} \u2014 @dee\n> And then I went home.\n"),
    ("text-after-list-item", "> {w}\n> - @dee\n> And then I went home.\n"),
]


@pytest.mark.parametrize("form", [a[1] for a in AFTER], ids=[a[0] for a in AFTER])
def test_text_straight_after_an_attribution_is_refused(bench: Bench, form: str) -> None:
    w = contribute(bench, "70-quote.md", body(form, "dee"))
    refused(bench, w.rel, {w.line_of("@dee"), w.line_of("And then")}, None)


@pytest.mark.parametrize(
    ("attribution", "pid"),
    [("\u2014 Ivy", "ivy"), ("\u2014 Ada Fenwick", "ada"), ("-- Elias Thorne", "eli"), ("\u2013 Ada", "ada")],
    ids=["private-first-name", "public-full-name", "private-full-name", "public-first-name"],
)
def test_a_name_instead_of_an_id_says_to_use_the_id(bench: Bench, attribution: str, pid: str) -> None:
    w = contribute(bench, "70-quote.md", f"> {WORDS}\n> {attribution}\n")
    refused(bench, w.rel, w.line_of(attribution), None, None, also=(f"@{pid}",))


def test_an_at_mention_inside_quoted_words_is_refused(bench: Bench) -> None:
    w = contribute(bench, "70-quote.md", "> I told @ivy about the rota.\n> \u2014 @dee\n")
    line, col = w.at("@ivy")
    refused(bench, w.rel, line, {col, col + 1}, "ivy")


@pytest.mark.parametrize(
    "attribution",
    ["\u2014 @\u0456vy", "\u2014 @IVY", "\u2014 \uff20ivy", "\u2014 @ivy\u200b"],
    ids=["cyrillic-letter-in-id", "id-in-capitals", "fullwidth-at-sign", "zero-width-space-after-id"],
)
def test_a_disguised_attribution_is_still_refused(bench: Bench, attribution: str) -> None:
    # whether read as ivy's quote (refused: no consent) or as an unknown id, the line is refused
    w = contribute(bench, "70-quote.md", f"> {WORDS}\n> {attribution}\n")
    refused(bench, w.rel, w.line_of(attribution), None)
