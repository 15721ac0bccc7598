"""The consent lifecycle: withdrawal, re-confirmation, flagging and handover."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.load.workbench import Workbench
from pipeline.settings import make_settings
from pipeline.workflow.consent import flagged_contributions
from pipeline.workflow.yamledit import set_front_matter, set_yaml_field
from tests.conftest import PINNED_TODAY, assert_user_error, run
from tests.factory import Bench, signed

TODAY = dt.date.fromisoformat(PINNED_TODAY)  # the suite's one clock (conftest)

ADA_WITH_COMMENTS = """\
# Ada chose to be named; we spoke on 10 January.
name: Ada Fenwick
credit: name   # she asked for this
lived_experience: true
emails: [ada.fenwick@example.org]
consent:
  recorded: 2025-01-10
  quotes: attributed  # yes, with her name
# a note at the end
"""

SECOND = "responses/day-services"


def add_second_response(bench: Bench) -> None:
    """A second response in which ada writes, reviews, is quoted and takes part."""
    bench.write(
        f"{SECOND}/response.yaml",
        """
        title: Response on day services
        organisation: Riverside Peer Network
        consultation:
          title: Day services in Eastmoor
          by: Eastmoor Council
        date: 2026-03-01
        lead: hal
        questions:
          - id: q1
            text: What helps you most?
        involvement:
          - date: 2026-02-01
            activity: Listening session
            hours: 2
            people: [ada, hal]
        """,
    )
    bench.write(
        f"{SECOND}/20-q1-help.md",
        signed(
            """
            ---
            answers: q1
            by: [ada]
            status: approved
            ---
            The bus pass matters more than anything else to us.
            """
        ),
    )
    bench.write(
        f"{SECOND}/30-q1-more.md",
        signed(
            """
            ---
            answers: q1
            by: [hal]
            reviewed_by: [ada]
            status: approved
            ---
            Day centres should stay open at weekends.

            > The centre kept me going through the winter.
            > — @ada
            """
        ),
    )


# ------------------------------------------------------------------- editor


def test_editor_changes_one_field_and_nothing_else() -> None:
    flow = "name: A\nconsent: {recorded: 2025-01-10, quotes: attributed}\n"
    assert set_yaml_field(flow, ("consent", "withdrawn"), dt.date(2026, 1, 2)) == (
        "name: A\nconsent: {recorded: 2025-01-10, quotes: attributed, withdrawn: 2026-01-02}\n"
    )
    assert set_yaml_field("name: A\n", ("consent", "withdrawn"), dt.date(2026, 1, 2)) == (
        "name: A\nconsent:\n  withdrawn: 2026-01-02\n"
    )
    crlf = "name: A\r\nconsent:\r\n  quotes: x # note\r\nleft: 2026-01-01\r\n"
    assert set_yaml_field(crlf, ("consent", "recorded"), dt.date(2026, 1, 2)) == (
        "name: A\r\nconsent:\r\n  quotes: x # note\r\n  recorded: 2026-01-02\r\nleft: 2026-01-01\r\n"
    )
    text = "---\nanswers: q1\nby:\n  - a\n  - b\nstatus: approved # ok\n---\nbody: not yaml\n"
    assert set_front_matter(text, {"by": ["c"], "handed_over_from": ["a", "b"], "status": "review"}) == (
        "---\nanswers: q1\nby: [c]\nstatus: review # ok\nhanded_over_from: [a, b]\n---\nbody: not yaml\n"
    )


# ----------------------------------------------------------------- withdraw


def test_withdraw_records_the_date_and_keeps_the_file(bench: Bench) -> None:
    path = bench.write("contributors/ada.yaml", ADA_WITH_COMMENTS)
    result = run(["withdraw", "ada", "--on", "2026-05-01"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "Recorded in contributors/ada.yaml: ada withdrew on 2026-05-01." in result.output
    before = ADA_WITH_COMMENTS.splitlines()
    after = path.read_text().splitlines()
    assert after == [*before[:8], "  withdrawn: 2026-05-01", *before[8:]]
    assert "Nothing has been deleted" in result.output


def test_withdraw_defaults_to_today(bench: Bench) -> None:
    assert run(["withdraw", "bo"], cwd=bench.root).exit_code == 0
    assert f"withdrawn: {TODAY}" in (bench.root / "contributors" / "bo.yaml").read_text()


def test_withdraw_lists_everything_it_affects_across_responses(bench: Bench) -> None:
    add_second_response(bench)
    out = run(["withdraw", "ada"], cwd=bench.root).output
    assert "The next build leaves out, across all responses:" in out
    crisis = out[out.index("  crisis-house:") : out.index("  day-services:")]
    day = out[out.index("  day-services:") : out.index("Contributions left out whole")]
    assert re.search(r"20-q1-offer\.md:3 +the whole contribution \(they wrote it\)", crisis)
    assert re.search(r"response\.yaml:26 +their time in the session on 2026-01-12", crisis)
    assert "their time in the session on 2026-01-26" in crisis
    assert re.search(r"20-q1-help\.md:3 +the whole contribution", day)
    assert re.search(r"30-q1-more\.md:4 +their name, from the reviewers' credit", day)
    assert re.search(r"30-q1-more\.md:11 +their quote", day)  # line 6 is its approval record
    assert "their time in the session on 2026-02-01" in day
    assert "coproduce add day-services --answers q1 --by <id>" in out


def test_the_next_build_leaves_the_withdrawn_work_out(bench: Bench) -> None:
    add_second_response(bench)
    assert run(["withdraw", "ada"], cwd=bench.root).exit_code == 0
    built = run(["build", str(bench.response), "--format", "txt"])
    assert built.exit_code == 1 and "question q1 has no answer now" in built.output  # the coordinator decides
    yaml = bench.response / "response.yaml"
    yaml.write_text(yaml.read_text().replace("limit: 120", "limit: 120\n    unanswered: true"))
    built = run(["build", str(bench.response), "--format", "txt"])
    assert built.exit_code == 0, built.output
    assert f"responses/crisis-house/20-q1-offer.md: left out, written by ada (withdrew on {TODAY})" in built.output
    assert "calm room" not in (bench.out / "crisis-house-answers.txt").read_text()
    second = run(["build", str(bench.root / SECOND), "--format", "txt"])
    assert second.exit_code == 0, second.output
    assert "20-q1-help.md: left out" in second.output and "a quote by ada" in second.output
    text = (bench.root / "build" / "day-services" / "day-services-answers.txt").read_text()
    assert "bus pass" not in text and "kept me going" not in text and "weekends" in text


def test_withdrawing_twice_keeps_the_first_date(bench: Bench) -> None:
    path = bench.root / "contributors" / "gus.yaml"
    before = path.read_bytes()
    result = run(["withdraw", "gus", "--on", "2026-09-09"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "gus already withdrew on 2025-06-01; keeping that first date; 2026-09-09 is not recorded." in result.output
    assert "30-q2-withdrawn.md" in result.output and "Every build since then leaves out" in result.output
    assert path.read_bytes() == before


def test_withdraw_dry_run_writes_nothing(bench: Bench) -> None:
    files = {p: p.read_bytes() for p in bench.root.rglob("*") if p.is_file()}
    result = run(["withdraw", "ada", "--dry-run"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "Dry run: would record in contributors/ada.yaml" in result.output and "20-q1-offer.md" in result.output
    assert {p: p.read_bytes() for p in bench.root.rglob("*") if p.is_file()} == files


def test_a_future_withdrawal_says_when(bench: Bench) -> None:
    out = run(["withdraw", "ada", "--on", "2999-01-01"], cwd=bench.root).output
    assert "Every build from 2999-01-01 leaves out" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["withdraw", "zed"], "'zed' is not a contributor; add contributors/zed.yaml or correct the id"),
        (["withdraw", "ada", "--on", "2026-02-30"], "--on"),
        (["withdraw"], "Missing argument"),
    ],
)
def test_withdraw_refuses_bad_input(bench: Bench, args: list[str], message: str) -> None:
    assert message in assert_user_error(run(args, cwd=bench.root), 2)


# ---------------------------------------------------------------- reconsent


def _group(out: str, heading: str) -> list[str]:
    """The ids listed under a heading of the checklist."""
    if heading not in out:
        return []
    block = out[out.index(heading) :].split("\n\n")[0]
    return re.findall(r"^\s+(?:\[ \] )?([a-z0-9_-]+)\b", block, re.M)


def test_reconsent_lists_who_to_ask_by_reason(bench: Bench) -> None:
    cy = bench.root / "contributors" / "cy.yaml"
    cy.write_text(cy.read_text() + "left: 2026-01-01\n")
    out = run(["reconsent", "crisis-house", "--older-than", "1200"], cwd=bench.root).output
    assert _group(out, "Consent never recorded") == ["fay"]
    assert _group(out, "Has left") == ["cy"]
    assert _group(out, "Consent recorded more than") == []
    assert _group(out, "Withdrawn (do not ask") == ["gus"]
    assert "31-q2-referral.md: its author has left: cy (left on 2026-01-01)" in out
    assert "30-q2-withdrawn.md: left out of every build, written by gus" in out
    assert "Consent current for: ada, bo, dee, eli, hal" in out  # ivy takes no part in this response

    out = run(["reconsent", "crisis-house", "--older-than", "0"], cwd=bench.root).output
    assert _group(out, "Consent recorded more than 0 months ago") == ["ada", "bo", "dee", "eli", "hal"]
    assert "[ ] hal  (recorded 2025-01-10) coordinates, wrote 1, 1 session" in out
    assert "[ ] cy  (recorded 2025-01-10, left 2026-01-01; also over 0 months old)" in out
    assert "Fay" not in out and "@example" not in out  # ids only: no names or e-mail addresses


def test_reconsent_confirm_records_a_fresh_date(bench: Bench) -> None:
    result = run(["reconsent", "--confirm", "fay", "--on", "2026-11-01"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "fay re-confirmed consent on 2026-11-01 (none was recorded before)" in result.output
    # the date, and the sheet wording she agreed on (test_reconsent_sheet.py), set in the flow mapping in place
    assert re.search(
        r"consent: \{quotes: attributed, recorded: 2026-11-01, sheet_version: '2026.1', "
        r"sheet_fingerprint: sha256:[0-9a-f]{64}\}\n\Z",
        (bench.root / "contributors" / "fay.yaml").read_text(),
    )
    assert run(["reconsent", "--confirm", "ada", "--confirm", "bo"], cwd=bench.root).exit_code == 0
    out = run(["reconsent", "crisis-house", "--older-than", "1"], cwd=bench.root).output
    assert "Consent never recorded" not in out
    assert _group(out, "Consent recorded more than 1 months ago") == ["cy", "dee", "eli", "hal"]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--confirm", "gus"], 1, "gus withdrew on 2025-06-01; re-confirming does not undo a withdrawal"),
        (["--confirm", "zed"], 2, "'zed' is not a contributor"),
        (["--confirm", "ada", "--on", "2999-01-01"], 2, "2999-01-01 has not come yet"),
        (["--on", "2026-01-01"], 2, "--on goes with --confirm ID"),
        (["nope"], 2, "no response 'nope'; give one of: crisis-house"),
        (["--older-than", "-1"], 2, "--older-than"),
    ],
)
def test_reconsent_refuses_bad_input(bench: Bench, args: list[str], code: int, message: str) -> None:
    before = (bench.root / "contributors" / "gus.yaml").read_bytes()
    assert message in assert_user_error(run(["reconsent", *args], cwd=bench.root), code)
    assert (bench.root / "contributors" / "gus.yaml").read_bytes() == before


# ----------------------------------------------------------------- flagging


def test_flagged_contributions(bench: Bench) -> None:
    cy = bench.root / "contributors" / "cy.yaml"
    cy.write_text(cy.read_text() + "left: 2026-01-01\n")
    flagged = flagged_contributions(Workbench(bench.root), make_settings().today)
    assert [(f.contribution.name, f.left_out) for f in flagged] == [
        ("30-q2-withdrawn.md", True),
        ("31-q2-referral.md", False),
    ]
    assert flagged[0].withdrawn == (("gus", dt.date(2025, 6, 1)),)
    assert flagged[1].left == (("cy", dt.date(2026, 1, 1)),)


# ----------------------------------------------------------------- handover


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_handover_edits_only_the_front_matter(bench: Bench) -> None:
    path = bench.response / "31-q2-referral.md"
    before = path.read_text()
    result = run(["handover", str(path), "--to", "ada"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    after = path.read_text()
    assert _body(after) == _body(before)
    head = after.partition("\n---\n")[0]
    # the approval record stays, as a record; with status: review (and a new author) it approves nothing
    assert head.startswith("---\nanswers: q2\nby: [ada]\nstatus: review\napproved: {by: hal, ")
    assert head.endswith("\nhanded_over_from: [cy]")
    assert "status: approved -> review: with a new author it needs signing off again" in result.output
    assert "cy will be credited as having begun work that others finished" in result.output


def test_handover_by_file_name_keeps_a_draft_a_draft_and_adds_to_earlier_hands(bench: Bench) -> None:
    bench.contribution(
        "33-q2-more.md", "---\nanswers: q2\nby: [bo]\nhanded_over_from: [dee]\nstatus: draft\n---\nText.\n"
    )
    result = run(["handover", "33-q2-more.md", "--to", "hal"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    text = (bench.response / "33-q2-more.md").read_text()
    assert "by: [hal]\nhanded_over_from: [dee, bo]\nstatus: draft\n---\nText.\n" in text
    assert "status stays draft" in result.output


def test_credits_after_a_handover_say_began_work_that_others_finished(bench: Bench) -> None:
    assert run(["handover", str(bench.response / "31-q2-referral.md"), "--to", "ada"], cwd=bench.root).exit_code == 0
    built = run(["build", str(bench.response), "--format", "html", "--draft"])
    assert built.exit_code == 0, built.output
    html = (bench.draft_out / "crisis-house.html").read_text()
    entry = re.search(r"<strong>Cygnet</strong>[^<]*", html)
    assert entry and "began work that others finished" in entry.group(0)
    assert "Cyrus Marlow" not in html  # credited only as they chose


def test_a_first_authors_withdrawal_still_leaves_handed_over_work_out(bench: Bench) -> None:
    assert run(["handover", "31-q2-referral.md", "--to", "ada"], cwd=bench.root).exit_code == 0
    out = run(["withdraw", "cy"], cwd=bench.root).output
    assert re.search(r"31-q2-referral\.md:\d+ +the whole contribution \(they began it", out)
    built = run(["build", str(bench.response), "--format", "txt", "--draft"])
    assert "31-q2-referral.md: left out, written by cy" in built.output


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["30-q2-withdrawn.md", "--to", "ada"], 1, "gus withdrew on 2025-06-01: their words cannot be used"),
        (["31-q2-referral.md", "--to", "zed"], 2, "--to 'zed' is not a contributor"),
        (["31-q2-referral.md", "--to", "gus"], 2, "gus withdrew on 2025-06-01; hand the work to someone"),
        (["31-q2-referral.md", "--to", "cy"], 2, "is already by cy"),
        (["nothing.md", "--to", "ada"], 2, "no contribution 'nothing.md'"),
        (["31-q2-referral.md"], 2, "Missing option '--to'"),
    ],
)
def test_handover_refuses(bench: Bench, args: list[str], code: int, message: str) -> None:
    files = {p: p.read_bytes() for p in bench.response.iterdir()}
    out = assert_user_error(run(["handover", *args], cwd=bench.root), code)
    assert message in out
    if "withdrawn" in args[0]:
        assert "coproduce add crisis-house --answers q2 --by ada" in out
    assert {p: p.read_bytes() for p in bench.response.iterdir()} == files
