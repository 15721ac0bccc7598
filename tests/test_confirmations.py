"""Each person confirms edits to their own words (issue 21, item 5).

A staff member changes a volunteer's quote with Track Changes in the Word file; the change is accepted with
`coproduce review accept`. From then a final build waits for the volunteer's confirmation (and the author's,
whose contribution changed), even once the lead has approved it again; `confirmations` lists who must be
asked and writes each a letter showing their words before and after; recording the answers lets the final
build through. A decline puts the earlier words back. `confirm_edits: false` lets the approval stand in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_user_error, findings, run
from tests.factory import Bench, make_bench
from tests.test_review import DOCX, _record, _replace_once, _rewrite

HAL = "Hal Brennan"  # the lead: staff, credited by name
REFERRAL = "31-q2-referral.md"  # by cy, quoting bo (credited by initials only)
QUOTE_BEFORE = "Being able to ring them myself made all the difference."
QUOTE_AFTER = "Being able to ring them myself made a real difference."


def staff_edit(bench: Bench, tmp_path: Path) -> None:
    """Hal changes bo's quote with Track Changes; the coordinator accepts it; Hal approves the file again."""
    assert run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root).exit_code == 0

    def edit(xml: str) -> str:
        return _replace_once(
            xml,
            f"<w:t>{QUOTE_BEFORE}</w:t></w:r>",
            '<w:t xml:space="preserve">Being able to ring them myself made </w:t></w:r>'
            f'<w:del w:id="91" w:author="{HAL}" w:date="2026-11-18T10:00:00Z"><w:r><w:delText>all the'
            f'</w:delText></w:r></w:del><w:ins w:id="92" w:author="{HAL}" w:date="2026-11-18T10:00:00Z"><w:r>'
            '<w:t>a real</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> difference.</w:t></w:r>',
        )

    copy = tmp_path / "returned.docx"
    copy.write_bytes(_rewrite((bench.draft_out / DOCX).read_bytes(), "word/document.xml", edit))
    assert run(["review", str(copy), str(bench.response)], cwd=bench.root).exit_code == 0
    (suggestion,) = _record(bench)["suggestions"]  # type: ignore[misc]
    assert suggestion["by"] == "hal" and suggestion["file"] == REFERRAL
    result = run(["review", "accept", str(bench.response), suggestion["id"]], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert QUOTE_AFTER in (bench.response / REFERRAL).read_text(encoding="utf-8")
    result = run(["approve", str(bench.response / REFERRAL), "--by", "hal"], cwd=bench.root)
    assert result.exit_code == 0, result.output


def final_build(bench: Bench) -> tuple[int, str]:
    result = run(["build", "--format", "docx", str(bench.response)], cwd=bench.root)
    return result.exit_code, result.output


def unconfirmed(bench: Bench) -> set[str]:
    return {str(f["message"]).split("'s ")[0] for f in findings(bench) if f.get("code") == "edits.unconfirmed"}


@pytest.fixture
def edited(tmp_path: Path) -> Bench:
    bench = make_bench(tmp_path / "wb")
    staff_edit(bench, tmp_path)
    return bench


def test_a_staff_edit_to_a_quote_waits_for_the_volunteers_confirmation(edited: Bench, tmp_path: Path) -> None:
    bench = edited
    assert unconfirmed(bench) == {"bo", "cy"}  # the person quoted, and the author whose contribution changed
    code, output = final_build(bench)
    assert code != 0 and "confirmation" in output
    assert run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root).exit_code == 0

    listed = run(["confirmations", str(bench.response), "--letters", str(tmp_path / "letters")], cwd=bench.root)
    assert listed.exit_code == 0, listed.output
    assert "bo" in listed.output and "cy" in listed.output and "Lindqvist" not in listed.output
    letter = (tmp_path / "letters" / "bo.txt").read_text(encoding="utf-8")
    before, after = letter.index("Before:"), letter.index("After:")
    assert QUOTE_BEFORE in letter[before:after] and QUOTE_AFTER in letter[after:]
    assert QUOTE_BEFORE not in letter[after:]
    import docx

    paragraphs = [p.text for p in docx.Document(str(tmp_path / "letters" / "bo.docx")).paragraphs]
    at_before, at_after = paragraphs.index("Before"), paragraphs.index("After")
    assert QUOTE_BEFORE in paragraphs[at_before:at_after] and QUOTE_AFTER in paragraphs[at_after:]
    for path in (tmp_path / "letters").iterdir():
        data = path.read_bytes()
        assert b"Lindqvist" not in data and b"Cyrus" not in data  # the letters are named by id, open "Hello,"
    # the same answers, the same letters
    again = run(["confirmations", str(bench.response), "--letters", str(tmp_path / "again")], cwd=bench.root)
    assert again.exit_code == 0
    assert (tmp_path / "again" / "bo.docx").read_bytes() == (tmp_path / "letters" / "bo.docx").read_bytes()

    assert run(["confirmations", "record", str(bench.response), REFERRAL, "--by", "bo"], cwd=bench.root).exit_code == 0
    assert unconfirmed(bench) == {"cy"}
    assert final_build(bench)[0] != 0
    assert run(["confirmations", "record", str(bench.response), REFERRAL, "--by", "cy"], cwd=bench.root).exit_code == 0
    assert unconfirmed(bench) == set()
    code, output = final_build(bench)
    assert code == 0, output
    nothing = run(["confirmations", str(bench.response)], cwd=bench.root)
    assert nothing.exit_code == 0 and "Nobody needs to be asked" in nothing.output


def test_a_decline_puts_the_earlier_words_back(edited: Bench) -> None:
    bench = edited
    result = run(
        ["confirmations", "decline", str(bench.response), REFERRAL, "--by", "cy", "--keep-original"], cwd=bench.root
    )
    assert result.exit_code == 0, result.output
    text = (bench.response / REFERRAL).read_text(encoding="utf-8")
    assert QUOTE_BEFORE in text and QUOTE_AFTER not in text
    assert unconfirmed(bench) == set()  # bo's quote is as bo last saw it again


def test_the_leads_approval_can_stand_in(edited: Bench) -> None:
    bench = edited
    yaml_path = bench.response / "response.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8") + "confirm_edits: false\n", encoding="utf-8")
    assert unconfirmed(bench) == set()
    code, output = final_build(bench)
    assert code == 0, output


def test_letters_never_go_into_the_build_folder_and_wrong_answers_are_refused(edited: Bench) -> None:
    bench = edited
    output = assert_user_error(
        run(["confirmations", str(bench.response), "--letters", str(bench.root / "build" / "letters")], cwd=bench.root),
        code=2,
    )
    assert "build folder" in output
    assert not (bench.root / "build" / "letters").exists()
    output = assert_user_error(
        run(["confirmations", "record", str(bench.response), REFERRAL, "--by", "ada"], cwd=bench.root), code=2
    )
    assert "nothing in" in output and "ada" in output


def test_nobody_is_asked_about_words_a_withdrawal_took_out(edited: Bench) -> None:
    bench = edited
    result = run(["withdraw", "bo"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert unconfirmed(bench) == {"cy"}  # bo's quote is no longer printed: nothing of bo's to confirm
    listed = run(["confirmations", str(bench.response)], cwd=bench.root)
    assert listed.exit_code == 0 and "cy" in listed.output and " bo " not in listed.output  # check and list agree


@pytest.mark.parametrize(("editor", "asked"), [("cyrus.marlow@example.com", set()), ("delphine@example.org", {"cy"})])
def test_in_git_an_authors_own_edit_needs_no_confirmation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, editor: str, asked: set[str]
) -> None:
    """The text changed after approval and was approved again: in git, coproduce knows who changed it. The
    author's own edit needs nobody's confirmation; someone else's waits for the author's."""
    from git import Actor, Repo

    monkeypatch.setenv("COPRODUCE_TODAY", "2026-02-20")
    bench = make_bench(tmp_path / "wb")
    repo = Repo.init(bench.root)
    lead = Actor("Hal Brennan", "hal@example.org")
    repo.index.add([str(p) for p in bench.root.rglob("*") if p.is_file() and ".git" not in p.parts])
    repo.index.commit("start", author=lead, committer=lead)
    path = bench.response / REFERRAL
    path.write_text(path.read_text(encoding="utf-8").replace("by phone or in person", "by phone, text or in person"))
    repo.index.add([str(path)])
    who = Actor("Someone", editor)
    repo.index.commit("edit", author=who, committer=who)
    assert run(["approve", str(path), "--by", "hal"], cwd=bench.root).exit_code == 0
    assert unconfirmed(bench) == asked
    repo.close()
