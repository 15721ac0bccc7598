"""Withdrawal by the paths the first attack suite did not walk (issue 18, promise 2): a quote signed
by hand with the credit they had, a sentence they added through git to someone else's file, a
short or reordered copy of their words, a clock set back, and the question their withdrawal empties.

Every case reads the outputs with the attack kit's own readers (tests/attacks/readers.py).
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from pipeline import vocabulary
from tests.attacks.kit import R, built_clean, check, commit_as, contribute, edit, refused, write_file
from tests.conftest import run
from tests.factory import RESPONSE, Bench

RY = f"{R}/response.yaml"
RESPONSE_LINES = textwrap.dedent(RESPONSE).lstrip("\n").split("\n")

# Invented people. Kerry withdrew; each of the others withdrew too, credited another way.
WITHDRAWN_PEOPLE = {
    "kerry": "name: Kerry Pym\ncredit: initials\nlived_experience: true\nemails: [kerry.pym@example.org]\n",
    "moss": "name: Ottilie Brack\ncredit: pseudonym\npseudonym: Moss\nlived_experience: true\n",
    "lark": "name: Sunniva Hale\ncredit: role\nrole: Night Volunteer\nlived_experience: true\n",
}
CONSENT = "consent: {recorded: 2025-01-10, quotes: attributed, withdrawn: 2026-01-15}\n"
KERRY_WORDS = "Staff on the night shift walked past my door without a word."


def add_withdrawn(bench: Bench, consent: str = CONSENT) -> None:
    for pid, text in WITHDRAWN_PEOPLE.items():
        write_file(bench, f"contributors/{pid}.yaml", text + consent)


# ------------------------------------------------------------------ quotes signed by hand

SIGNED_FORMS = [
    ("em-dash-initials", "> {w}\n> \u2014 K.P.\n"),
    ("hyphen-initials-no-stops", "> {w}\n> - KP\n"),
    ("tilde-spaced-initials", "> {w}\n> ~ K. P.\n"),
    ("en-dash-no-break-space", "> {w}\n> \u2013\u00a0K.P.\n"),
    ("same-line", "> {w} \u2014 K.P.\n"),
    ("signature-after-the-quote", "> {w}\n\n\u2014 K.P.\n"),
    ("running-text", "\u201c{w}\u201d \u2014 K.P.\n"),
    ("full-name", "> {w}\n> \u2014 Kerry Pym\n"),
    ("word-dash-narrow-space", "> {w}\n> \u2014\u202fK.\u00a0P.\n"),
]


@pytest.mark.parametrize("form", [f[1] for f in SIGNED_FORMS], ids=[f[0] for f in SIGNED_FORMS])
def test_a_quote_signed_by_hand_with_the_credit_they_had_is_left_out(bench: Bench, form: str) -> None:
    add_withdrawn(bench)
    w = contribute(bench, "70-signed.md", "Kept words before.\n\n" + form.format(w=KERRY_WORDS), by="dee")
    result, _ = built_clean(
        bench,
        phrases=(KERRY_WORDS, "walked past my door", "K.P."),
        present=("Kept words before.",),
    )
    assert f"{w.rel}:" in result.output and "kerry" in result.output, result.output  # the build says so


@pytest.mark.parametrize(
    ("pid", "signature"),
    [("moss", "Moss"), ("lark", "Night Volunteer"), ("moss", "MOSS."), ("lark", "night-volunteer")],
)
def test_a_quote_signed_with_a_withdrawn_pseudonym_or_role_is_left_out(bench: Bench, pid: str, signature: str) -> None:
    add_withdrawn(bench)
    contribute(bench, "70-signed.md", f"Kept.\n\n> {KERRY_WORDS}\n> \u2014 {signature}\n", by="dee")
    result, _ = built_clean(bench, phrases=(KERRY_WORDS,), present=("Kept.",))
    assert pid in result.output, result.output


def test_a_citation_signed_with_an_ordinary_source_is_kept(bench: Bench) -> None:
    add_withdrawn(bench)
    contribute(bench, "70-cited.md", "> Everyone has the right to respect.\n> \u2014 Human Rights Act 1998\n", by="dee")
    built_clean(bench, present=("Everyone has the right to respect.", "Human Rights Act 1998"))


def test_a_quote_signed_by_hand_for_someone_still_taking_part_must_use_the_id(bench: Bench) -> None:
    # Cygnet is cy's pseudonym: "- cygnet" must be "— @cy", so their consent is checked
    w = contribute(bench, "70-signed.md", "> We were heard at last.\n> - CYGNET\n", by="dee")
    refused(bench, w.rel, w.line_of("CYGNET"), also=("@cy",))


# ------------------------------------------------------------------ the clock


def test_a_clock_set_back_never_prints_words_whose_withdrawal_has_passed(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_withdrawn(bench)
    contribute(bench, "70-quote.md", f"Kept.\n\n> {KERRY_WORDS}\n> \u2014 @kerry\n", by="dee")
    # the computer says February 2026; the build is told December 2025, before kerry's withdrawal
    monkeypatch.setattr(vocabulary, "system_today", lambda: dt.date(2026, 2, 1))
    monkeypatch.setenv("COPRODUCE_TODAY", "2025-12-01")
    result, out = built_clean(bench, phrases=(KERRY_WORDS, "Kerry Pym", "K.P."), present=("Kept.",))
    assert "Using COPRODUCE_TODAY=2025-12-01 (the computer's date is 2026-02-01)" in result.output, result.output
    assert "kerry" in result.output  # said as left out
    checked = check(bench)
    assert "Using COPRODUCE_TODAY=2025-12-01" in checked.output and "kerry" in checked.output, checked.output


def test_a_withdrawal_still_ahead_on_the_computers_date_is_not_yet_in_force(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_withdrawn(bench, CONSENT.replace("2026-01-15", "2026-06-01"))
    contribute(bench, "70-quote.md", f"> {KERRY_WORDS}\n> \u2014 @kerry\n", by="dee")
    monkeypatch.setattr(vocabulary, "system_today", lambda: dt.date(2026, 2, 1))
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-02-01")
    result, _ = built_clean(bench, present=(KERRY_WORDS, "K.P."))
    assert "Using COPRODUCE_TODAY" not in result.output  # the same day: nothing overridden


@pytest.mark.parametrize("command", [["status"], ["check", "--draft"], ["hours"]])
def test_every_command_says_the_clock_was_set(
    bench: Bench, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setattr(vocabulary, "system_today", lambda: dt.date(2026, 12, 24))
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-02-25")
    result = run(command, cwd=bench.root)
    assert "Using COPRODUCE_TODAY=2026-02-25 (the computer's date is 2026-12-24)" in result.output, result.output


def test_status_counts_a_withdrawal_the_clock_would_hide(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    add_withdrawn(bench)
    contribute(bench, "70-quote.md", f"> {KERRY_WORDS}\n> \u2014 @kerry\n", by="dee")
    monkeypatch.setattr(vocabulary, "system_today", lambda: dt.date(2026, 2, 1))
    monkeypatch.setenv("COPRODUCE_TODAY", "2025-12-01")
    result = run(["status", "--json"], cwd=bench.root)
    data = json.loads(result.stdout)
    assert "kerry" in [p["id"] for p in data["responses"][0]["withdrawn"]], result.stdout


# ------------------------------------------------------------------ a sentence added through git


def _git_bench(bench: Bench) -> None:
    add_withdrawn(bench)
    commit_as(bench, "Hal Brennan", "hal@example.org", "The response as it stood")


def test_a_sentence_a_withdrawn_person_added_through_git_is_never_printed(bench: Bench) -> None:
    _git_bench(bench)
    w = edit(
        bench,
        f"{R}/31-q2-referral.md",
        "People should be able to refer themselves, by phone or in person.\n",
        "People should be able to refer themselves, by phone or in person.\n"
        "A locked ward on a Sunday felt like a punishment for asking for help.\n",
    )
    commit_as(bench, "Kerry Pym", "kerry.pym@example.org", "A sentence of mine")
    line = w.line_of("A locked ward")
    result, _ = built_clean(bench, phrases=("locked ward on a Sunday", "punishment for asking"))
    # the build names the file and the line kerry added, and who
    assert f"{w.rel}:{line}" in result.output and "kerry" in result.output, result.output
    checked = check(bench)
    assert f"{w.rel}:{line}" in checked.output, checked.output
    import json

    status = json.loads(run(["status", "--json"], cwd=bench.root).stdout)["responses"][0]
    row = next(c for c in status["contributions"] if c["file"] == "31-q2-referral.md")
    assert row["left_out"] and row["edited_by"] == ["kerry"], row


def test_their_git_lines_pasted_into_a_new_version_are_refused(bench: Bench) -> None:
    _git_bench(bench)
    edit(
        bench,
        f"{R}/31-q2-referral.md",
        "People should be able to refer themselves, by phone or in person.\n",
        "People should be able to refer themselves, by phone or in person.\n"
        "A locked ward on a Sunday felt like a punishment for asking for help.\n",
    )
    commit_as(bench, "Kerry Pym", "kerry.pym@example.org", "A sentence of mine")
    w = contribute(
        bench,
        "32-q2-again.md",
        "Cy's answer again. A locked ward on a Sunday felt like a punishment.\n",
        answers="q2",
        by="cy",
    )
    refused(bench, w.rel, w.line_of("Cy's"), also=("31-q2-referral.md",))


def test_a_withdrawn_persons_git_sign_off_leaves_the_words_in(bench: Bench) -> None:
    _git_bench(bench)
    # a commit that changes nothing printed (the status line) is a sign-off, not words of theirs
    edit(bench, f"{R}/31-q2-referral.md", "status: approved", "status: review")
    commit_as(bench, "Kerry Pym", "kerry.pym@example.org", "Back to review")
    built_clean(bench, present=("refer themselves",))


# ------------------------------------------------------------------ copies: short and reordered


@pytest.mark.parametrize(
    "copy",
    [
        "Night staff walked past my door without a word.",  # a part, under eight words
        "They walked past my door without a word, the night shift staff.",  # reordered and cut
        "Walked past my door, the night shift staff did, without a word.",  # reordered
        "STAFF \u2018walked past my door\u2019\u00a0without a WORD!",  # Word's characters, a part
        "I sat up; staff walked past my\u00a0door \u2014 without a word.",  # a part, split by punctuation
    ],
)
def test_a_short_or_reordered_copy_of_withdrawn_words_is_refused(bench: Bench, copy: str) -> None:
    add_withdrawn(bench)
    contribute(bench, "70-quote.md", f"> {KERRY_WORDS}\n> \u2014 @kerry\n", by="dee")
    w = contribute(bench, "71-paste.md", f"Said at a workshop.\n\n{copy}\n", by="hal")
    refused(bench, w.rel, w.line_of(copy[:12]), also=("70-quote.md",))


@pytest.mark.parametrize(
    "ordinary",
    [
        "Staff on the night shift should be trained in crisis care.",
        "Nobody should be left without a word of explanation.",
        "We would like to see more peer workers on every shift.",
        "The night shift is when people most need someone to talk to.",
        "My door was always open to anyone who needed to talk.",
    ],
)
def test_ordinary_shared_phrases_are_not_copies(bench: Bench, ordinary: str) -> None:
    add_withdrawn(bench)
    contribute(bench, "70-quote.md", f"> {KERRY_WORDS}\n> \u2014 @kerry\n", by="dee")
    contribute(bench, "71-own.md", f"{ordinary}\n", by="hal")
    built_clean(bench, phrases=(KERRY_WORDS,), present=(ordinary,))


def test_a_short_withdrawn_quote_pasted_whole_is_refused(bench: Bench) -> None:
    add_withdrawn(bench)
    contribute(bench, "70-quote.md", "> The night nurse never knocked once.\n> \u2014 @kerry\n", by="dee")
    w = contribute(bench, "71-paste.md", "One person told us: the night nurse NEVER knocked once!\n", by="hal")
    refused(bench, w.rel, w.line_of("One person"), also=("70-quote.md",))


# ------------------------------------------------------------------ the rule, measured both ways

# Words of withdrawn people (invented), as a workbench might hold them.
PROTECTED = [
    "Staff on the night shift walked past my door without a word.",
    "The night nurse never knocked once.",
    "I waited three days for a bed and slept in the corridor.",
    "Peer workers listened when the doctors were too busy to sit with me.",
    "My mum drove forty miles every evening because there was nothing closer.",
    "Being sent home at two in the morning felt like being thrown away.",
    "The crisis line rang out eleven times before someone answered.",
]
# Ordinary sentences others wrote, sharing the phrases a consultation answer shares.
ORDINARY = [
    "Staff on the night shift need training in crisis care.",
    "We would like to see peer workers on every shift.",
    "Nobody should wait days for a bed in a crisis.",
    "The doctors were too busy, families told us.",
    "People told us the crisis line is hard to reach at night.",
    "A crisis house should be closer than forty miles for most people.",
    "Being sent home without a plan is the commonest complaint we hear.",
    "Families often drive long distances to visit.",
    "The night nurse role should be kept in the new service.",
    "We heard that the corridor is used when the ward is full.",
    "Peer workers should be paid for the time they give.",
    "Someone should answer the phone within a few rings.",
    "There was nothing closer than the general hospital for many people.",
    "At two in the morning there are no buses in Eastmoor.",
]
# Copies of them that a hurried or careful copier would make.
COPIES = [
    "Night staff walked past my door without a word.",
    "the night nurse never knocked once",
    "I slept in the corridor and waited three days for a bed.",
    "When the doctors were too busy to sit with me, peer workers listened.",
    "Every evening my mum drove forty miles, as there was nothing closer.",
    "It felt like being thrown away, being sent home at two in the morning.",
    "Eleven times the crisis line rang out before someone answered.",
]


def test_the_copy_rule_flags_every_copy_and_no_ordinary_sentence() -> None:
    from pipeline.privacy.passages import Passages

    passages = Passages((text, f"w{n}.md", "kerry") for n, text in enumerate(PROTECTED))
    flagged = [s for s in ORDINARY if list(passages.find(s))]
    missed = [s for s in COPIES if not list(passages.find(s))]
    assert not flagged, f"ordinary sentences taken for copies: {flagged}"
    assert not missed, f"copies not found: {missed}"


# ------------------------------------------------------------------ the question a withdrawal empties


def _only_kerry_answers_q3(bench: Bench) -> None:
    add_withdrawn(bench)
    contribute(bench, "70-q3.md", "A whole answer of my own about nights.\n", answers="q3", by="kerry", signed_off=True)


def test_a_question_a_withdrawal_leaves_empty_stops_the_final_build(bench: Bench) -> None:
    _only_kerry_answers_q3(bench)
    refused(bench, RY, RESPONSE_LINES.index("  - id: q3") + 1, also=("q3", "70-q3.md"), draft=False)


def test_a_draft_still_builds_and_says_the_question_is_empty(bench: Bench) -> None:
    _only_kerry_answers_q3(bench)
    result, _ = built_clean(bench, phrases=("A whole answer of my own about nights",))
    assert "q3 has no answer now" in result.output, result.output


def test_marked_unanswered_the_final_build_prints_no_response(bench: Bench) -> None:
    _only_kerry_answers_q3(bench)
    edit(
        bench,
        RY,
        "  - id: q3\n    text: Anything else?",
        "  - id: q3\n    text: Anything else?\n    unanswered: true",
    )
    result, out = built_clean(
        bench, draft=False, phrases=("A whole answer of my own about nights",), present=("No response",)
    )
    checked = check(bench, draft=False)
    assert checked.exit_code == 0 and "ready to submit" in checked.output, checked.output


def test_check_never_says_ready_to_submit_with_a_question_empty(bench: Bench) -> None:
    checked = check(bench, draft=False)  # the invented response leaves q3 unanswered
    assert checked.exit_code == 0, checked.output
    assert "ready to submit" not in checked.output and "q3 still has no answer" in checked.output, checked.output


# ------------------------------------------------------------------ consent never given

ROWAN = "name: Rowan Idris\ncredit: name\nlived_experience: true\nconsent: {quotes: attributed}\n"


def test_a_co_author_who_never_consented_is_named_nowhere_and_counted(bench: Bench) -> None:
    import json

    write_file(bench, "contributors/rowan.yaml", ROWAN)
    contribute(bench, "70-joint.md", "Written together about the garden.\n", by="hal, rowan", signed_off=True)
    contribute(
        bench,
        "71-private.md",
        "Kept for the board.\n",
        answers="q1",
        by="rowan",
        extra="confidential: true\nreviewed_by: [ada]",
    )
    contribute(bench, "72-read.md", "Read by someone.\n", answers="q2", by="hal", extra="reviewed_by: [rowan]")
    built_clean(
        bench,
        formats="html,docx,txt,confidential",
        present=("Written together about the garden.", "Kept for the board."),
    )
    contribute(bench, "73-quote.md", "> Words of Wren.\n> \u2014 @ivy\n", answers="q2", by="dee")
    status = json.loads(run(["status", "--json"], cwd=bench.root).stdout)["responses"][0]
    missing = {p["contributor"]: p["did"] for p in status["consent_missing"]}
    assert set(missing) == {"fay", "rowan"}, missing
    assert {"wrote 70-joint.md", "wrote 71-private.md", "reviewed 72-read.md"} <= set(missing["rowan"]), missing
    text = run(["status"], cwd=bench.root).output
    assert "3 people in all" in " ".join(text.split()), text  # ivy's quote, fay and rowan


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        (
            "templates/response.html.j2",
            '  <p class="organisation">{{ meta.organisation }}</p>',
            '  <p class="organisation">{{ meta.organisation }}</p>\n  <p>Night staff walked past my door without a word.</p>',
        ),
        (
            "templates/brand.yaml",
            "# logo_alt: Our organisation's logo",
            "logo_alt: staff walked past my door without a word",
        ),
    ],
    ids=["page-template", "brand-alt-text"],
)
def test_withdrawn_words_typed_into_the_look_are_refused(bench: Bench, file: str, old: str, new: str) -> None:
    from tests.attacks.kit import own_templates

    add_withdrawn(bench)
    contribute(bench, "70-quote.md", f"> {KERRY_WORDS}\n> \u2014 @kerry\n", by="dee")
    own_templates(bench)
    w = edit(bench, file, old, new)
    refused(bench, file, w.line_of("walked past"), also=("70-quote.md",))


def test_withdrawn_words_split_over_two_files_are_refused(bench: Bench) -> None:
    add_withdrawn(bench)
    contribute(bench, "70-quote.md", f"> {KERRY_WORDS}\n> \u2014 @kerry\n", by="dee", answers="q1")
    w = contribute(bench, "71-a.md", "One thing we heard: staff on the night shift walked\n", by="hal")
    contribute(bench, "72-b.md", "past my door without a word, every time.\n", by="ada")
    refused(bench, w.rel, w.line_of("staff"), w.cols(w.line_of("staff"), "staff"), also=("70-quote.md",))
