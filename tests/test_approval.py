"""Approval as a record (issue 8): `coproduce approve` writes who, when and a fingerprint of the text;
`check`, a final build and `status` hold the text to it."""

from __future__ import annotations

import getpass
import json
import re
from pathlib import Path

import pytest

from pipeline.load.schema import FrontMatter
from pipeline.vocabulary import fingerprint
from tests.conftest import assert_user_error, run
from tests.factory import Bench

R = "responses/crisis-house"
ON = "2026-02-20"

# An answer as a person typed it: comments, uneven spacing, a block list, a final line without a newline.
TYPED = (
    "---\n"
    "answers: q3   # the last question\n"
    "by:\n"
    "  - ada       # Ada wrote it\n"
    "# Bo read it on Tuesday\n"
    "reviewed_by: [bo]\n"
    "status: review    # ready for Hal\n"
    "---\n"
    "We agree with the plan for a second crisis house.\n"
    "\n"
    "<!-- Hal: check the numbers -->\n"
    "It should open at weekends too."
)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", ON)


def typed(bench: Bench, text: str = TYPED) -> Path:
    path = bench.response / "60-q3.md"
    path.write_bytes(text.encode("utf-8"))
    return path


def approve(bench: Bench, *args: str) -> str:
    result = run(["approve", *args], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return result.output


def findings(bench: Bench, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = run(["check", "--format", "json", *args, R], cwd=bench.root)
    return result.exit_code, [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def codes(found: list[dict[str, object]], file: str = f"{R}/60-q3.md") -> set[object]:
    return {f["code"] for f in found if f["file"] == file and str(f["code"]).startswith("approval.")}


def status_of(bench: Bench, file: str = "60-q3.md") -> dict[str, object]:
    result = run(["status", "crisis-house", "--json"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    contributions = json.loads(result.output)["responses"][0]["contributions"]
    return next(c for c in contributions if c["file"] == file)


def agree_to_disagree(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert "We agree" in text
    path.write_bytes(text.replace("We agree", "We strongly disagree").encode("utf-8"))


# ------------------------------------------------------------------ the record


def test_approve_writes_the_record_and_keeps_the_persons_own_formatting(bench: Bench) -> None:
    path = typed(bench)
    out = approve(bench, f"{R}/60-q3.md", "--by", "hal")
    assert f"Recorded: {R}/60-q3.md approved by hal on {ON}." in out
    after = path.read_bytes().decode("utf-8")
    meta = FrontMatter(answers="q3", by=["ada"], reviewed_by=["bo"])
    body = "We agree with the plan for a second crisis house.\n\n<!-- Hal: check the numbers -->\nIt should open at weekends too."
    beside = re.search(r"covers: '(sha256:[0-9a-f]{64})'", after)
    assert beside, (
        after
    )  # what it prints beside its text: assemble/approval.py, tested in tests/attacks/test_signoff_paths.py
    # not in git: who ran the command on this computer is recorded beside who approved
    record = (
        f"approved: {{by: hal, covers: '{beside[1]}', 'on': {ON}, ran_as: {getpass.getuser()},"
        f" text: '{fingerprint(meta, body)}'}}\n"
    )
    # every line as it was, status set in place (its comment kept), the record added at the end of the front matter
    assert after == TYPED.replace("status: review    #", "status: approved    #").replace(
        "# ready for Hal\n---\n", "# ready for Hal\n" + record + "---\n"
    )
    code, found = findings(bench)
    assert not codes(found), found
    assert status_of(bench)["approval"] == "approved"
    assert (status_of(bench)["approved_by"], status_of(bench)["approved_on"]) == ("hal", ON)


def test_approve_keeps_windows_line_ends_and_a_byte_order_mark(bench: Bench) -> None:
    path = typed(bench, "\ufeff" + TYPED.replace("\n", "\r\n"))
    approve(bench, str(path), "--by", "hal")
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\napproved: {by: hal, " in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")  # no bare line end added
    assert not codes(findings(bench)[1])


def test_a_person_who_is_not_the_lead_or_in_signoff_is_refused(bench: Bench) -> None:
    path = typed(bench)
    before = path.read_bytes()
    offer = bench.response / "20-q1-offer.md"
    offer_before = offer.read_bytes()
    result = run(["approve", f"{R}/20-q1-offer.md", f"{R}/60-q3.md", "--by", "ada"], cwd=bench.root)
    out = assert_user_error(result, 1)
    assert f"{R}/60-q3.md: ada may not approve this: only the lead (hal)" in out
    assert "signoff:" in out and "Nothing was approved." in out
    assert path.read_bytes() == before and offer.read_bytes() == offer_before  # nothing written, not even the first


def test_someone_in_signoff_may_approve(bench: Bench) -> None:
    yaml = bench.response / "response.yaml"
    yaml.write_text(yaml.read_text().replace("lead: hal\n", "lead: hal\nsignoff: [dee]\n"))
    typed(bench)
    assert f"approved by dee on {ON}" in approve(
        bench, "60-q3.md", "--by", "dee"
    )  # a file name unique in the workbench
    assert not codes(findings(bench)[1])


def test_an_unknown_id_in_signoff_is_reported_like_any_reference(bench: Bench) -> None:
    yaml = bench.response / "response.yaml"
    yaml.write_text(yaml.read_text().replace("lead: hal\n", "lead: hal\nsignoff: [dee, zed]\n"))
    out = assert_user_error(run(["check", R], cwd=bench.root))
    line = yaml.read_text().split("\n").index("signoff: [dee, zed]") + 1
    assert f"{R}/response.yaml:{line}: signoff 'zed' is not a contributor; add contributors/zed.yaml" in out


def test_an_approver_who_withdrew_is_refused(bench: Bench) -> None:
    hal = bench.root / "contributors" / "hal.yaml"
    hal.write_text(hal.read_text().replace("quotes: attributed}", "quotes: attributed, withdrawn: 2026-02-01}"))
    typed(bench)
    out = assert_user_error(run(["approve", f"{R}/60-q3.md", "--by", "hal"], cwd=bench.root), 1)
    assert "hal withdrew on 2026-02-01, so cannot approve work now" in out


def test_a_dry_run_writes_nothing(bench: Bench) -> None:
    path = typed(bench)
    result = run(["approve", str(path), "--by", "hal", "--dry-run"], cwd=bench.root)
    assert result.exit_code == 0 and "Nothing was written." in result.output
    assert path.read_bytes() == TYPED.encode()


def test_approving_again_an_unchanged_text_changes_nothing(bench: Bench) -> None:
    path = typed(bench)
    approve(bench, str(path), "--by", "hal")
    once = path.read_bytes()
    assert f"already approved by hal on {ON}; nothing to change" in approve(bench, str(path), "--by", "hal")
    assert path.read_bytes() == once


# ------------------------------------------------------------------ changed after approval


def test_a_change_after_approval_fails_check_and_a_final_build_but_a_draft_builds(bench: Bench) -> None:
    path = typed(bench)
    approve(bench, str(path), "--by", "hal")
    agree_to_disagree(path)

    code, found = findings(bench)
    assert code == 1 and codes(found) == {"approval.changed"}
    changed = next(f for f in found if f["code"] == "approval.changed")
    assert changed["message"] == f"changed since hal approved it on {ON}"
    assert changed["severity"] == "error" and changed["line"] == 8  # the approved: line
    assert f"coproduce approve {R}/60-q3.md --by ID" in str(changed["fix"])

    out = assert_user_error(run(["check", R], cwd=bench.root))
    assert f"{R}/60-q3.md:8: changed since hal approved it on {ON}" in out

    final = assert_user_error(run(["build", R, "--format", "txt"], cwd=bench.root))
    assert f"{R}/60-q3.md:8: changed since hal approved it on {ON}" in final
    assert not (bench.out / "crisis-house-answers.txt").exists()

    draft = run(["build", R, "--format", "txt", "--draft"], cwd=bench.root)
    assert draft.exit_code == 0, draft.output
    assert f"{R}/60-q3.md:8: changed since hal approved it on {ON}" in draft.output and "(warning)" in draft.output
    assert "strongly disagree" in (bench.draft_out / "crisis-house-answers.txt").read_text()


def test_status_shows_a_changed_file_back_in_review(bench: Bench) -> None:
    path = typed(bench)
    approve(bench, str(path), "--by", "hal")
    agree_to_disagree(path)
    entry = status_of(bench)
    assert (entry["status"], entry["approval"], entry["approved_by"]) == ("review", "changed", "hal")
    assert entry["approval_note"] == f"changed since hal approved it on {ON}: back in review"
    text = run(["status", "crisis-house"], cwd=bench.root).output
    assert f"- changed since hal approved it on {ON}: back in review" in text
    assert "60-q3.md (changed since approval)" in text
    data = json.loads(run(["status", "crisis-house", "--json"], cwd=bench.root).output)["responses"][0]
    assert "60-q3.md" in data["approval_missing"] and "60-q3.md" in data["by_status"]["review"]


def test_approving_again_after_the_change_clears_it(bench: Bench) -> None:
    path = typed(bench)
    approve(bench, str(path), "--by", "hal")
    agree_to_disagree(path)
    out = approve(bench, str(path), "--by", "hal")
    assert f"(it had changed since hal approved it on {ON})" in out
    assert path.read_text().count("approved: {by: hal") == 1  # the record replaced, not added twice
    code, found = findings(bench)
    assert not codes(found), found
    assert status_of(bench)["approval"] == "approved"
    assert run(["build", R, "--format", "txt"], cwd=bench.root).exit_code == 0


def test_what_counts_as_a_change(bench: Bench) -> None:
    path = typed(bench)
    approve(bench, str(path), "--by", "hal")
    text = path.read_text()
    # how the front matter is written, who reviewed it, and comments in it change nothing printed
    path.write_text(text.replace("by:\n  - ada       # Ada wrote it\n", "by: ada\n").replace("[bo]", "[bo, cy]"))
    assert not codes(findings(bench)[1])
    # a printed field does: a content note is shown before the text
    path.write_text(text.replace("reviewed_by: [bo]\n", "reviewed_by: [bo]\ncontent_note: mentions self-harm\n"))
    assert codes(findings(bench)[1]) == {"approval.changed"}
    # and so does another author
    path.write_text(text.replace("  - ada ", "  - ada\n  - bo "))
    assert codes(findings(bench)[1]) == {"approval.changed"}


# ------------------------------------------------------------------ approved by hand


def test_status_approved_written_by_hand_is_not_yet_approved(bench: Bench) -> None:
    typed(bench, TYPED.replace("status: review ", "status: approved "))
    code, found = findings(bench)
    assert code == 1 and codes(found) == {"approval.no-record"}
    problem = next(f for f in found if f["code"] == "approval.no-record")
    assert problem["line"] == 7 and "no record of who approved it" in str(problem["message"])
    assert f"run  coproduce approve {R}/60-q3.md --by ID" in str(problem["fix"]) and "hal" in str(problem["fix"])
    assert assert_user_error(run(["build", R, "--format", "txt"], cwd=bench.root))
    assert run(["build", R, "--format", "txt", "--draft"], cwd=bench.root).exit_code == 0
    entry = status_of(bench)
    assert (entry["status"], entry["approval"]) == ("review", "no-record")


def test_a_record_by_someone_who_may_not_approve_does_not_count(bench: Bench) -> None:
    path = typed(bench)
    approve(bench, str(path), "--by", "hal")
    path.write_text(path.read_text().replace("approved: {by: hal", "approved: {by: ada"))  # copied by hand
    code, found = findings(bench)
    assert code == 1 and codes(found) == {"approval.not-approver"}
    assert status_of(bench)["approval"] == "not-approver"


def test_a_broken_record_is_reported_with_its_line(bench: Bench) -> None:
    typed(bench, TYPED.replace("---\nWe agree", "approved: {by: hal, on: 2026-02-31, text: sha256:abc}\n---\nWe agree"))
    out = assert_user_error(run(["check", R], cwd=bench.root))
    assert f"{R}/60-q3.md:8:25: 'approved.on' ('2026-02-31') is not valid" in out
    assert f"{R}/60-q3.md:8:43: 'approved.text' ('sha256:abc') is not valid" in out
    assert "coproduce approve FILE --by ID" in out


def test_a_file_that_does_not_read_cleanly_is_not_approved(bench: Bench) -> None:
    path = typed(bench, TYPED.replace("status: review", "status: review\nstatus: draft"))
    before = path.read_bytes()
    out = assert_user_error(run(["approve", str(path), "--by", "hal"], cwd=bench.root), 1)
    assert f"{R}/60-q3.md:8: 'status' is given twice (first on line 7)" in out and "Nothing was approved." in out
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_contribution_is_a_usage_error(bench: Bench) -> None:
    out = assert_user_error(run(["approve", f"{R}/response.yaml", "--by", "hal"], cwd=bench.root), 2)
    assert "is not a contribution" in out
    assert "no contribution 'nope.md'" in assert_user_error(
        run(["approve", "nope.md", "--by", "hal"], cwd=bench.root), 2
    )
