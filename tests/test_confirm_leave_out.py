"""A decline that leaves the contribution out (issue 21, item 5).

Hal changes bo's quote in cy's contribution and the change is accepted; a final build waits for both. When the
person asked declines and chooses to have the contribution left out (`confirmations decline ... --leave-out`),
the text stays as it is, a `left-out` record is added, and from then every build leaves the contribution out,
says so and why (ids only), and tells how to bring it back. Nobody waits for a confirmation of words that are
not printed. The question it emptied is reported as one a withdrawal emptied. Read back with pypdf and
python-docx, not with the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import assert_user_error, findings, pdf_text, run
from tests.factory import Bench
from tests.test_confirmations import QUOTE_AFTER, QUOTE_BEFORE, REFERRAL, edited, unconfirmed

__all__ = ["edited"]  # the fixture: a staff edit to bo's quote in cy's contribution, accepted and approved again

# every passage of 31-q2-referral.md (some of it in both formats), and a passage of another contribution
REFERRAL_WORDS = ("refer themselves", "Ring the house", "Talk to a peer worker", QUOTE_AFTER, QUOTE_BEFORE)
KEPT_WORDS = "calm room"


def decline(bench: Bench, pid: str, *extra: str) -> str:
    result = run(["confirmations", "decline", str(bench.response), REFERRAL, "--by", pid, *extra], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return result.output


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def records(path: Path) -> list[dict[str, object]]:
    front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
    return list(yaml.safe_load(front)["confirmed"])


def mark_unanswered(bench: Bench, qid: str) -> None:
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8")
    line = "text: How should people be referred?\n"
    assert qid == "q2" and text.count(line) == 1
    path.write_text(text.replace(line, line + "    unanswered: true\n"), encoding="utf-8")


def docx_text(path: Path) -> str:
    import docx

    word = docx.Document(str(path))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def test_a_volunteer_declines_and_the_contribution_is_left_out_of_every_build(edited: Bench) -> None:
    bench = edited
    path = bench.response / REFERRAL
    final = run(["build", "--format", "pdf,docx", str(bench.response)], cwd=bench.root)
    assert final.exit_code != 0 and "confirmation" in final.output  # the staff edit blocks a final build
    words_before = body(path)

    said = decline(bench, "cy", "--leave-out")
    assert "cy declined the change to 31-q2-referral.md and asked for it to be left out" in said
    assert body(path) == words_before and QUOTE_AFTER in words_before  # the text is unchanged
    last = records(path)[-1]
    assert (last["by"], last["decision"]) == ("cy", "left-out") and str(last["text"]).startswith("sha256:")
    assert unconfirmed(bench) == set()  # nobody waits: neither cy, nor bo, whose quote is no longer printed
    listed = run(["confirmations", str(bench.response)], cwd=bench.root)
    assert "Nobody needs to be asked" in listed.output  # the list and the check agree

    found = findings(bench)
    (note,) = [f for f in found if f.get("code") == "edits.left-out"]
    assert "cy declined an edit" in str(note["message"]) and "confirmations record" in str(note["fix"])
    assert "left-out" in str(note["fix"])  # or remove the record
    (emptied,) = [f for f in found if f.get("code") == "answer.withdrawn"]  # as a withdrawal-emptied question
    assert emptied["severity"] != "warning" and "q2" in str(emptied["message"])
    assert "cy declined an edit and asked for it to be left out" in str(emptied["message"])
    assert "someone withdrew" in str(emptied["message"])  # gus's answer to q2 went too

    blocked = run(["build", "--format", "pdf,docx", str(bench.response)], cwd=bench.root)
    assert blocked.exit_code != 0 and "q2" in blocked.output  # the emptied question is the coordinator's decision
    mark_unanswered(bench, "q2")
    built = run(["build", "--format", "pdf,docx", str(bench.response)], cwd=bench.root)
    assert built.exit_code == 0, built.output
    assert "Left out of this build:" in built.output
    assert "31-q2-referral.md: left out, because cy declined an edit and asked for it to be left out" in built.output
    (pdf,) = bench.out.glob("*.pdf")
    (word,) = (p for p in bench.out.glob("*.docx") if "annex" not in p.name)
    for text in (pdf_text(pdf), docx_text(word)):
        assert KEPT_WORDS in text  # the reader reads the rest
        for words in REFERRAL_WORDS:
            assert words not in " ".join(text.split()), words
    for data in (pdf.read_bytes(), word.read_bytes()):
        assert b"Lindqvist" not in data and b"Cyrus" not in data


def test_status_says_left_out_at_their_request_not_a_withdrawal(edited: Bench) -> None:
    bench = edited
    decline(bench, "cy", "--leave-out")
    shown = run(["status", str(bench.response)], cwd=bench.root)
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.split())
    assert "left out at cy's request" in flat
    (data,) = json.loads(run(["status", "--json", str(bench.response)], cwd=bench.root).output)["responses"]
    (row,) = [c for c in data["contributions"] if c["file"] == REFERRAL]
    assert row["left_out"] is True and row["asked_left_out"] == ["cy"]
    gone = {p["id"]: p for p in data["withdrawn"]}
    assert set(gone) == {"gus"}  # cy withdrew nothing; gus's withdrawal is counted as before
    assert all(REFERRAL not in item for item in gone["gus"]["left_out"])


def test_a_confirmation_after_it_brings_the_contribution_back(edited: Bench) -> None:
    bench = edited
    decline(bench, "cy", "--leave-out")
    result = run(["confirmations", "record", str(bench.response), REFERRAL, "--by", "cy"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert [r["decision"] for r in records(bench.response / REFERRAL)][-2:] == ["left-out", "confirmed"]
    assert not [f for f in findings(bench) if f.get("code") in ("edits.left-out", "answer.withdrawn")]
    assert unconfirmed(bench) == {"bo"}  # bo's changed quote is printed again: bo is asked again


def test_someone_only_quoted_who_declines_with_leave_out_takes_the_contribution_out(edited: Bench) -> None:
    """bo is quoted in cy's contribution, not an author. Their quote sits inside cy's words, which introduce it,
    so leaving only the quote out would leave cy's words pointing at nothing: the whole contribution goes, and
    cy is told through the warning how it comes back."""
    bench = edited
    decline(bench, "bo", "--leave-out")
    assert unconfirmed(bench) == set()  # cy's confirmation is not waited for either: nothing of it is printed
    (note,) = [f for f in findings(bench) if f.get("code") == "edits.left-out"]
    assert "bo declined an edit" in str(note["message"])
    draft = run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root)
    assert draft.exit_code == 0, draft.output
    assert "left out, because bo declined an edit and asked for it to be left out" in draft.output
    (word,) = (p for p in bench.draft_out.glob("*.docx") if "annex" not in p.name)
    text = " ".join(docx_text(word).split())
    assert KEPT_WORDS in text and not any(words in text for words in REFERRAL_WORDS)


def test_a_decline_says_which_choice(edited: Bench) -> None:
    bench = edited
    before = (bench.response / REFERRAL).read_bytes()
    for extra in ([], ["--keep-original", "--leave-out"]):
        output = assert_user_error(
            run(["confirmations", "decline", str(bench.response), REFERRAL, "--by", "cy", *extra], cwd=bench.root),
            code=2,
        )
        assert "--leave-out" in output
    output = assert_user_error(
        run(["confirmations", "record", str(bench.response), REFERRAL, "--by", "cy", "--leave-out"], cwd=bench.root),
        code=2,
    )
    assert "go with decline" in output
    output = assert_user_error(
        run(["confirmations", "decline", str(bench.response), REFERRAL, "--by", "ada", "--leave-out"], cwd=bench.root),
        code=2,
    )
    assert "nothing in" in output  # nobody not asked can take someone's contribution out
    assert (bench.response / REFERRAL).read_bytes() == before


def test_no_clock_setting_brings_it_back(edited: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    """The request holds whatever day the computer says, before or after the day it was recorded."""
    bench = edited
    decline(bench, "cy", "--leave-out")
    for day in ("2026-01-01", "2026-11-20", "2031-06-30"):
        monkeypatch.setenv("COPRODUCE_TODAY", day)
        draft = run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root)
        assert draft.exit_code == 0, draft.output
        assert "31-q2-referral.md: left out, because cy declined an edit" in draft.output, day


def test_their_words_copied_elsewhere_are_found_as_a_withdrawn_persons_are(edited: Bench) -> None:
    """Left out at their request means their words are not used: a copy pasted into someone else's work, with
    Word's quotes and a hard space, is found at its line by `check`, and no build is made with it."""
    bench = edited
    decline(bench, "cy", "--leave-out")
    pasted = "People should be able to refer themselves,\u00a0by phone \u2018or\u2019 in person."
    copy = bench.contribution(
        "32-q2-staff.md",
        f"""
        ---
        answers: q2
        by: [hal]
        status: draft
        ---
        We agree with our volunteers.

        {pasted}
        """,
    )
    found = [f for f in findings(bench) if f.get("code") == "withdrawn.copied"]
    assert [(Path(str(f["file"])).name, f["line"]) for f in found] == [(copy.name, 8)]
    (problem,) = found
    assert "31-q2-referral.md" in str(problem["message"]) and "asked for it to be left out" in str(problem["message"])
    assert "withdrawn" not in str(problem["message"])  # cy did not withdraw: the words say why, rightly

    def outputs() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in bench.root.joinpath("build").rglob("*") if p.is_file()}

    before = outputs()
    assert before  # the draft made before the decline is there, and must stay as it was
    for args in (["--draft"], []):
        result = run(["build", *args, "--format", "pdf,docx", str(bench.response)], cwd=bench.root)
        assert_user_error(result)
        assert "32-q2-staff.md" in result.output
    assert outputs() == before  # nothing written: the last set stands


def test_once_they_confirm_the_words_are_theirs_to_use_again(edited: Bench) -> None:
    bench = edited
    decline(bench, "cy", "--leave-out")
    confirmed = run(["confirmations", "record", str(bench.response), REFERRAL, "--by", "cy"], cwd=bench.root)
    assert confirmed.exit_code == 0, confirmed.output
    assert not [f for f in findings(bench) if f.get("code") == "withdrawn.copied"]
    assert [f for f in findings(bench) if f.get("code") == "edits.left-out"] == []
