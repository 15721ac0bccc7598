"""Support a person asked for (issue 24): topics they would rather not work on warn where work is
given (`add`, `assign`, `handover`), and nothing of their support (the topics, who supports them,
their check-ins) gets into any output, however it is typed."""

from __future__ import annotations

import re

import pytest

from tests.attacks.kit import R, built_clean, contribute, refused
from tests.conftest import run
from tests.factory import Bench

# invented: bo would rather not work on restraint or on self-harm, and has a support worker
SUPPORT = (
    "avoid_topics: [restraint, self-harm]\n"
    "support_contact: Ottoline Quarry at Brackley Mind, 07700 900461\n"
    "check_in: a phone call the morning after a hard session\n"
)


def _support(bench: Bench, pid: str = "bo") -> None:
    path = bench.root / "contributors" / f"{pid}.yaml"
    path.write_text(path.read_text("utf-8") + SUPPORT, "utf-8")


def _warned(output: str, pid: str = "bo") -> list[str]:
    return [ln for ln in output.splitlines() if ln.startswith("warning:") and f" {pid} asked not to work on" in ln]


@pytest.mark.parametrize(
    "note",
    [
        "discusses restraint",
        "Discusses RESTRAINT by staff",
        "mentions restraints on the ward",  # a plural
        "mentions self harming",  # hyphen left out
        "mentions selfharm",  # joined
        "mentions self\u2011harm",  # a non-breaking hyphen, as Word types it
        "mentions self\u00adharm and re\u200bstraint",  # a soft hyphen, a zero-width space
    ],
)
def test_add_warns_when_the_content_note_touches_an_avoided_topic(bench: Bench, note: str) -> None:
    _support(bench)
    result = run(["add", "crisis-house", "--answers", "q3", "--by", "bo", "--content-note", note], cwd=bench.root)
    assert result.exit_code == 0, result.output
    [warning] = _warned(result.output)
    assert "content note" in warning
    for topic in ("restraint", "self-harm", "self harm"):
        assert topic not in warning.casefold()  # the id, never the topic: terminals are shared on screen


@pytest.mark.parametrize("note", ["discusses night staff", "mentions pharmacy hours", "harmless tea rounds"])
def test_no_warning_for_other_topics_or_for_someone_else(bench: Bench, note: str) -> None:
    _support(bench)
    result = run(["add", "crisis-house", "--answers", "q3", "--by", "bo", "--content-note", note], cwd=bench.root)
    assert result.exit_code == 0 and not _warned(result.output), result.output
    other = run(
        ["add", "crisis-house", "--answers", "q3", "--by", "ada", "--content-note", "discusses restraint"],
        cwd=bench.root,
    )
    assert other.exit_code == 0 and "warning:" not in other.output, other.output


def test_add_warns_when_the_question_touches_an_avoided_topic(bench: Bench) -> None:
    path = bench.root / "contributors" / "bo.yaml"
    path.write_text(path.read_text("utf-8") + "avoid_topics: crisis houses\n", "utf-8")
    result = run(["add", "crisis-house", "--answers", "q1", "--by", "ada", "--by", "bo"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    [warning] = _warned(result.output)
    assert "The question" in warning
    assert not _warned(result.output, "ada")


def test_assign_warns_for_a_draft_filed_to_someone_who_avoids_its_topic(bench: Bench) -> None:
    path = bench.root / "contributors" / "bo.yaml"
    path.write_text(path.read_text("utf-8") + "avoid_topics: [Crisis House]\n", "utf-8")
    draft = bench.response / "unsorted" / "notes-intake.md"
    draft.parent.mkdir()
    draft.write_text(
        "---\n# taken in from notes.docx by coproduce intake; the original is kept in intake/\nstatus: draft\n---\n"
        "The night was long.\n",
        "utf-8",
    )
    result = run(["assign", f"{R}/unsorted/notes-intake.md", "q1", "--by", "bo"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    [warning] = _warned(result.output)
    assert "The question" in warning


def test_handover_warns_the_one_it_is_handed_to(bench: Bench) -> None:
    _support(bench)
    contribute(bench, "70-q3-night.md", "The night was long.\n", by="ada", extra="content_note: touches on self-harm")
    result = run(["handover", f"{R}/70-q3-night.md", "--to", "bo"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert len(_warned(result.output)) == 1, result.output


# ------------------------------------------------------------------ never printed

SECRETS = ("Ottoline", "Quarry", "Brackley", "07700 900461", "07700900461", "phone call the morning after")


def test_support_fields_reach_no_output(bench: Bench) -> None:
    _support(bench)
    # the topics are ordinary words, printed where a contribution is about them; the contact and the
    # check-in are private text that no output may hold
    built_clean(bench, extra_secrets=SECRETS, present=("B.L.",))
    status = run(["status", "--json", str(bench.response)], cwd=bench.root)
    for secret in (*SECRETS, "restraint"):
        assert secret not in status.output


@pytest.mark.parametrize(
    "typed",
    [
        "Ottoline Quarry",
        "OTTOLINE QUARRY",
        "Quarry, Ottoline",
        "Ottoline\u00a0Quarry",  # a non-breaking space
        "Otto\u200bline Quarry",  # a zero-width space inside
        "Ms Quarry",
        "07700 900461",
        "07700900461",
        "a phone call the morning after a hard session",
    ],
)
def test_typing_the_support_contact_or_check_in_is_refused(bench: Bench, typed: str) -> None:
    _support(bench)
    written = contribute(bench, "70-q3-support.md", f"Thanks to {typed} for the help.\n", by="ada")
    refused(bench, written.rel, written.line_of("Thanks"), pid="bo")


def test_a_support_contact_credited_by_name_is_still_private(bench: Bench) -> None:
    # ada chose to be credited by name: her name is public, her support contact is not
    _support(bench, "ada")
    written = contribute(bench, "70-q3-support.md", "We thank Ottoline Quarry.\n", by="hal")
    refused(bench, written.rel, written.line_of("We thank"), pid="ada")


# ------------------------------------------------------------------ check-ins after a hard session


def _hard_session(bench: Bench) -> None:
    path = bench.response / "response.yaml"
    text = path.read_text("utf-8")
    old = "  - date: 2026-01-12\n    activity: Workshop on what helps in a crisis\n    hours: 2.5\n"
    assert old in text
    path.write_text(text.replace(old, old + "    difficult: true\n"), "utf-8")


@pytest.mark.parametrize(
    ("today", "due"),
    [("2026-01-12", True), ("2026-01-20", True), ("2026-01-26", True), ("2026-01-27", False), ("2026-01-11", False)],
)
def test_status_lists_check_ins_due_after_a_hard_session(
    bench: Bench, monkeypatch: pytest.MonkeyPatch, today: str, due: bool
) -> None:
    _support(bench)  # bo asked for a call after a hard session; ada did not ask
    _hard_session(bench)
    monkeypatch.setenv("COPRODUCE_TODAY", today)
    result = run(["status", str(bench.response)], cwd=bench.root)
    lines = [ln for ln in result.output.splitlines() if ln.startswith("Check-in due")]
    if due:
        assert lines == [
            "Check-in due   bo after the hard session on 2026-01-12 (Workshop on what helps in a crisis);"
            " how is in their file"
        ], result.output
    else:
        assert lines == [], result.output
    for secret in SECRETS:
        assert secret not in result.output  # how they asked to be checked in with is theirs


def test_no_check_in_without_a_hard_session_or_after_withdrawal(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    _support(bench)
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-01-13")
    assert "Check-in due" not in run(["status", str(bench.response)], cwd=bench.root).output
    _hard_session(bench)
    path = bench.root / "contributors" / "bo.yaml"
    path.write_text(path.read_text("utf-8").replace("quotes: anonymous}", "quotes: anonymous, withdrawn: 2026-01-13}"))
    assert "withdrawn: 2026-01-13" in path.read_text("utf-8")
    assert "Check-in due" not in run(["status", str(bench.response)], cwd=bench.root).output


def test_status_flags_who_agreed_on_an_older_sheet(bench: Bench, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run(["contributor", "sheet", "bo", "--out", str(tmp_path / "sheets")], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "Older sheet" not in run(["status", str(bench.response)], cwd=bench.root).output
    path = bench.root / "contributors" / "bo.yaml"
    text = path.read_text("utf-8")
    assert "sheet_fingerprint: sha256:" in text
    # the wording changed since: another fingerprint than the one in force
    path.write_text(re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64, text), "utf-8")
    output = run(["status", str(bench.response)], cwd=bench.root).output
    assert "Older sheet    bo agreed on sheet version" in output, output


def test_a_supporter_credited_by_name_stays_public(bench: Bench) -> None:
    # bo's support is hal, the lead, who is credited by name: hal's name may still be printed
    path = bench.root / "contributors" / "bo.yaml"
    path.write_text(path.read_text("utf-8") + "support_contact: Hal Brennan, the lead\n", "utf-8")
    contribute(bench, "70-q3-thanks.md", "Hal Brennan ran the group.\n", by="ada")
    built_clean(bench, present=("Hal Brennan",))


# the topic as the person wrote it, and the text as a content note or question puts it: each pair both ways
FORMS = [
    ("restraint", "restrained"),
    ("restraint", "restraining"),
    ("restraint", "restraints"),
    ("restrain", "restraint"),
    ("self-harm", "self harm"),
    ("self-harm", "selfharm"),
    ("self-harm", "self-harmers"),
    ("self harm", "self-harming"),
    ("selfharm", "self harmed"),
    ("suicide", "suicidal"),
    ("gambling", "gamblers"),
    ("drug use", "drug users"),
    ("eating disorder", "Eating Disorders"),
    ("abuse", "abusive"),
]


@pytest.mark.parametrize(("topic", "text"), FORMS)
def test_every_form_of_an_avoided_topic_is_found_both_ways(topic: str, text: str) -> None:
    from pipeline.workflow.support import touches

    assert touches([topic], f"This part talks about {text} on wards.")
    assert touches([text], f"This part talks about {topic} on wards.")


@pytest.mark.parametrize(
    ("topic", "text"),
    [
        ("self-harm", "harmless"),
        ("self-harm", "harmony in the group"),
        ("self-harm", "no harm was done to yourself"),  # the words apart, not the topic
        ("care", "a career in the NHS"),
        ("care", "unpaid carers"),
        ("weight", "we weigh up the options"),
        ("police", "the policy says"),
        ("restraint", "restrictions on visiting"),
        ("drug use", "drug prices"),
        ("abuse", "a bus stop"),  # two words are joined only when each could be a word of a topic
        ("therapy", "the rapist"),
    ],
)
def test_ordinary_words_that_begin_the_same_are_not_a_topic(topic: str, text: str) -> None:
    from pipeline.workflow.support import touches

    assert not touches([topic], text)
    assert not touches([text], topic)


def test_add_warns_for_a_derived_form_the_person_did_not_write(bench: Bench) -> None:
    _support(bench)  # bo wrote "restraint" and "self-harm"
    for note in ("staff restrained people", "for people who self-harmed", "self-harmers' stories"):
        result = run(["add", "crisis-house", "--answers", "q3", "--by", "bo", "--content-note", note], cwd=bench.root)
        assert result.exit_code == 0, result.output
        assert _warned(result.output), (note, result.output)
