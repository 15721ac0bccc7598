"""Sign-off you can trust: every way an approval could be made to cover what nobody approved.

An approval holds only for what it printed: its words, and beside them the pictures it shows
(by their bytes, not their names), the question it answers and how the people it names or quotes
are credited and may be quoted. In git, an approval committed from an address that is not the
approver's is reported, and stops a final build until the approver's own commit confirms it;
without git, the record says who ran the command. Outputs are read back with the tests' readers.
"""

from __future__ import annotations

import getpass
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from tests.attacks.kit import R, commit_as
from tests.conftest import run
from tests.factory import Bench

ANSWER = "60-q3-garden.md"
# Ada (credited by name) wrote it; it quotes Cy (Cygnet, quotes attributed) and shows a chart
TEXT = (
    "---\n"
    "answers: q3\n"
    "by: [ada]\n"
    "status: review\n"
    "---\n"
    "A garden would help people settle.\n"
    "\n"
    "![A bar chart of how long people waited](chart.png)\n"
    "\n"
    "> The garden was the only quiet place.\n"
    "> \u2014 @cy\n"
)
HAL = ("Hal Brennan", "hal@example.org")
BO = ("Bo Lindqvist", "bo@example.org")  # may not approve; writes an approval in Hal's name


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), colour).save(out, "PNG")
    return out.getvalue()


def approved(bench: Bench, by: str = "hal") -> Path:
    """The answer with its chart, approved with  coproduce approve --by hal."""
    (bench.response / "chart.png").write_bytes(png((31, 78, 121)))
    path = bench.response / ANSWER
    path.write_bytes(TEXT.encode("utf-8"))
    result = run(["approve", f"{R}/{ANSWER}", "--by", by], cwd=bench.root)
    assert result.exit_code == 0, result.output
    return path


def findings(bench: Bench, draft: bool = False) -> tuple[int, list[dict[str, object]]]:
    args = ["check", "--format", "json", *(["--draft"] if draft else []), R]
    result = run(args, cwd=bench.root)
    assert "Traceback" not in result.output
    return result.exit_code, [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def approval_codes(bench: Bench, draft: bool = False) -> dict[str, str]:
    """code -> severity of the approval findings about the answer."""
    _, found = findings(bench, draft)
    return {
        str(f["code"]): str(f["severity"])
        for f in found
        if f["file"] == f"{R}/{ANSWER}" and str(f["code"]).startswith("approval.")
    }


def final_build(bench: Bench) -> tuple[int, str]:
    result = run(["build", str(bench.response), "--format", "txt"])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_approval_holds_as_recorded(bench: Bench) -> None:
    approved(bench)
    assert approval_codes(bench) == {}
    assert final_build(bench)[0] == 0


# ------------------------------------------------------------------ what it prints beside its words


@pytest.mark.parametrize(
    "swap",
    [
        pytest.param(lambda p: p.write_bytes(png((200, 30, 30))), id="another-picture-same-name"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes() + b"\0"), id="one-byte-added"),
    ],
)
def test_a_picture_swapped_under_the_same_name_undoes_the_approval(bench: Bench, swap: object) -> None:
    approved(bench)
    swap(bench.response / "chart.png")  # type: ignore[operator]
    assert approval_codes(bench) == {"approval.beside-changed": "error"}
    code, out = final_build(bench)
    assert code == 1 and f"{R}/{ANSWER}:" in out and "a picture it shows" in out
    assert approval_codes(bench, draft=True) == {"approval.beside-changed": "warning"}  # a draft still builds


def test_a_picture_named_another_way_is_still_the_same_picture(bench: Bench) -> None:
    """The file a reader sees is what counts: chart%2Epng is chart.png, and swapping it is caught."""
    path = approved(bench)
    replace_in(path, "](chart.png)", "](chart%2Epng)")
    # the text changed (the link as typed), so that alone is an edit: approve it, then swap the picture
    assert run(["approve", f"{R}/{ANSWER}", "--by", "hal"], cwd=bench.root).exit_code == 0
    assert approval_codes(bench) == {}
    (bench.response / "chart.png").write_bytes(png((0, 0, 0)))
    assert approval_codes(bench) == {"approval.beside-changed": "error"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("text: Anything else?", "text: Anything else about crisis houses?"),
        ("text: Anything else?", "text: Anything else\u2019s?"),  # Word punctuation is a rewording too
        ("text: Anything else?", "text: Anything else?\u200b"),  # so is an invisible character
    ],
)
def test_the_question_reworded_undoes_the_approval(bench: Bench, old: str, new: str) -> None:
    approved(bench)
    replace_in(bench.response / "response.yaml", old, new)
    assert approval_codes(bench).get("approval.beside-changed") == "error"


def test_the_question_reflowed_or_another_question_changed_does_not(bench: Bench) -> None:
    approved(bench)
    replace_in(bench.response / "response.yaml", "text: Anything else?", "text: >-\n          Anything   else?")
    replace_in(bench.response / "response.yaml", "How should people be referred?", "Who should refer people?")
    assert approval_codes(bench) == {}


@pytest.mark.parametrize(
    ("who", "old", "new"),
    [
        ("ada", "credit: name", "credit: initials"),  # the author is credited another way
        ("ada", "consent: {recorded: 2025-01-10, quotes: attributed}", "consent: {quotes: attributed}"),
        ("cy", "pseudonym: Cygnet", "pseudonym: Heron"),  # the quoted person's pseudonym
        ("cy", "quotes: attributed", "quotes: anonymous"),  # the quote is now printed without a credit
    ],
)
def test_a_change_to_how_someone_it_prints_is_credited_undoes_the_approval(
    bench: Bench, who: str, old: str, new: str
) -> None:
    approved(bench)
    replace_in(bench.root / "contributors" / f"{who}.yaml", old, new)
    assert approval_codes(bench).get("approval.beside-changed") == "error"


def test_someone_it_does_not_print_may_change_their_credit(bench: Bench) -> None:
    approved(bench)
    replace_in(bench.root / "contributors" / "dee.yaml", "role: Peer Researcher", "role: Peer Worker")
    assert approval_codes(bench) == {}


def test_approving_again_after_the_change_clears_it(bench: Bench) -> None:
    approved(bench)
    (bench.response / "chart.png").write_bytes(png((200, 30, 30)))
    assert run(["approve", f"{R}/{ANSWER}", "--by", "hal"], cwd=bench.root).exit_code == 0
    assert approval_codes(bench) == {}


def test_a_record_from_before_covers_holds_for_its_text_and_says_so(bench: Bench) -> None:
    """A record written before coproduce recorded what an approval covers: it still holds for its text
    (that is what was read), with a warning that asks for it to be approved again; approving clears it."""
    path = approved(bench)
    text = path.read_text(encoding="utf-8")
    start = text.index("covers: ")
    path.write_text(text[:start] + text[text.index(",", start) + 2 :], encoding="utf-8")
    assert "covers" not in path.read_text(encoding="utf-8")
    assert approval_codes(bench) == {"approval.old-record": "warning"}
    assert final_build(bench)[0] == 0
    assert run(["approve", f"{R}/{ANSWER}", "--by", "hal"], cwd=bench.root).exit_code == 0
    assert "covers: " in path.read_text(encoding="utf-8")
    assert approval_codes(bench) == {}


def test_a_covers_typed_by_hand_does_not_hold(bench: Bench) -> None:
    path = approved(bench)
    text = path.read_text(encoding="utf-8")
    start = text.index("covers: '") + len("covers: '")
    forged = text[:start] + "sha256:" + "0" * 64 + text[start + 71 :]
    path.write_text(forged, encoding="utf-8")
    assert approval_codes(bench) == {"approval.beside-changed": "error"}


# ------------------------------------------------------------------ who recorded it


def test_without_git_the_record_says_who_ran_the_command(bench: Bench) -> None:
    path = approved(bench)
    assert f"ran_as: {getpass.getuser()}" in path.read_text(encoding="utf-8")


def _in_git(bench: Bench) -> Path:
    commit_as(bench, *HAL, "the workbench")
    path = bench.response / ANSWER
    (bench.response / "chart.png").write_bytes(png((31, 78, 121)))
    path.write_bytes(TEXT.encode("utf-8"))
    commit_as(bench, *HAL, "an answer")
    assert run(["approve", f"{R}/{ANSWER}", "--by", "hal"], cwd=bench.root).exit_code == 0
    assert "ran_as" not in path.read_text(encoding="utf-8")  # in git, the commit is the evidence
    return path


def test_an_approval_committed_by_someone_else_stops_a_final_build(bench: Bench) -> None:
    _in_git(bench)
    commit_as(bench, *BO, "approved")  # Bo ran  approve --by hal  and committed it as himself
    assert approval_codes(bench) == {"approval.committed-by-another": "error"}
    assert approval_codes(bench, draft=True) == {"approval.committed-by-another": "warning"}
    code, out = final_build(bench)
    assert code == 1 and "not in hal's emails" in out
    for private in (*BO, "Bo", "Lindqvist"):  # a git identity is never printed, not even in a message
        assert private not in out
    assert run(["build", str(bench.response), "--format", "txt", "--draft"]).exit_code == 0


@pytest.mark.parametrize(
    "address",
    [
        "hal@ex\u0430mple.org",  # a Cyrillic a: looks the same, is another address
        "hal@example.org.evil.example",
        "hal+approve@example.org",
        "h.al@example.org",
    ],
)
def test_an_address_that_only_looks_like_the_approvers_is_another(bench: Bench, address: str) -> None:
    _in_git(bench)
    commit_as(bench, "Hal Brennan", address, "approved")  # the approver's name, typed by anyone
    assert approval_codes(bench) == {"approval.committed-by-another": "error"}


@pytest.mark.parametrize("address", ["hal@example.org", "HAL@Example.ORG", " hal@example.org"])
def test_the_approvers_own_address_confirms_it(bench: Bench, address: str) -> None:
    _in_git(bench)
    commit_as(bench, "H", address, "approved")
    assert approval_codes(bench) == {}
    assert final_build(bench)[0] == 0


def test_the_approvers_own_later_commit_confirms_it(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    _in_git(bench)
    commit_as(bench, *BO, "approved")
    assert approval_codes(bench) == {"approval.committed-by-another": "error"}
    # Hal reads it and approves it again on a later day, and commits it himself
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-11-21")
    assert run(["approve", f"{R}/{ANSWER}", "--by", "hal"], cwd=bench.root).exit_code == 0
    commit_as(bench, *HAL, "approved again")
    assert approval_codes(bench) == {}


def test_the_approvers_own_commit_confirms_it_the_same_day(bench: Bench) -> None:
    """Approving again the same day would write the same record: it also says who ran it, so the file changes
    and the approver has a change of their own to commit."""
    path = _in_git(bench)
    commit_as(bench, *BO, "approved")
    before = path.read_text(encoding="utf-8")
    assert run(["approve", f"{R}/{ANSWER}", "--by", "hal"], cwd=bench.root).exit_code == 0
    assert path.read_text(encoding="utf-8") != before and f"ran_as: {getpass.getuser()}" in path.read_text()
    assert approval_codes(bench) == {"approval.committed-by-another": "error"}  # not until it is committed
    commit_as(bench, *HAL, "approved again")
    assert approval_codes(bench) == {}


def test_a_commit_that_wrote_another_record_does_not_confirm_this_one(bench: Bench) -> None:
    """Hal committed an approval once; Bo later approved it again in Hal's name: Hal's old commit is no cover."""
    _in_git(bench)
    commit_as(bench, *HAL, "approved")
    assert approval_codes(bench) == {}
    replace_in(bench.response / ANSWER, "help people settle", "help people rest")
    assert run(["approve", f"{R}/{ANSWER}", "--by", "hal"], cwd=bench.root).exit_code == 0
    commit_as(bench, *BO, "reworded and approved")
    assert approval_codes(bench) == {"approval.committed-by-another": "error"}
