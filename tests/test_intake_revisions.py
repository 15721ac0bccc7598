"""A volunteer's new version of a file they sent before replaces the words of the contribution it made.

Same writer, same question, and a name that says so ("v2", "final", "(2)") or mostly the same words: the
contribution's text is replaced (its front matter kept byte for byte), the report says "a new version of" and
shows what changed, the approval no longer holds, and every revision stays in the intake record. A different
answer by the same writer is a second contribution, and the report says how to make it the other.
Read back with python-docx-free readers: the files on disk, yaml, and the loaded workbench.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
import yaml

from pipeline.assemble.approval import approval_of
from pipeline.assemble.people import decide_all
from pipeline.errors import Problems
from pipeline.load.workbench import Workbench, load_contributors, load_response
from pipeline.workflow.intake.revision import SIMILAR, base_name, name_says, similarity, word_diff
from tests.conftest import run
from tests.factory import Bench

FIRST = (
    "A crisis house should feel like a home, not a ward. "
    "There should be a kitchen we can use at night, a garden, and staff who have been there themselves. "
    "Nobody should be turned away because they are not ill enough."
)
SECOND = FIRST.replace("a garden", "a quiet garden").replace("at night", "at any hour")
OTHER = (
    "Referrals from a GP take weeks. Let people refer themselves by phone or text, and let a friend "
    "ring on their behalf when they cannot speak."
)


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def intake(bench: Bench, *args: str) -> str:
    result = run(["intake", *args], cwd=bench.root)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == 0, result.output
    return result.output


def drafts(bench: Bench) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(bench.response.glob("*-intake.md"))}


def record(bench: Bench) -> list[dict[str, object]]:
    data = yaml.safe_load((bench.response / "intake" / "record.yaml").read_text(encoding="utf-8"))
    return data["taken_in"]


def approval_state(bench: Bench, name: str) -> str:
    wb = Workbench(bench.root)
    problems = Problems()
    load_contributors(wb, problems)
    response = load_response(wb, bench.response, problems)
    assert response is not None
    people = decide_all({pid: c.data for pid, c in wb.contributors.items()}, dt.date(2026, 11, 20))
    c = next(c for c in response.contributions if c.name == name)
    return approval_of(c, response, people).state


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    (folder / "ada" / "q1").mkdir(parents=True)
    (folder / "ada" / "q1" / "crisis house.docx").write_bytes(word_file(FIRST))
    return folder


def take_first(bench: Bench, shared: Path) -> tuple[str, str]:
    intake(bench, str(shared))
    [(name, text)] = drafts(bench).items()
    return name, text


def test_a_v2_with_small_edits_replaces_the_text_and_the_approval_no_longer_holds(bench: Bench, shared: Path) -> None:
    name, first = take_first(bench, shared)
    result = run(["approve", f"responses/crisis-house/{name}", "--by", "hal"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert approval_state(bench, name) == "approved"
    approved = (bench.response / name).read_text(encoding="utf-8")
    front = approved[: approved.index("---", 4) + 4]
    (shared / "ada" / "q1" / "crisis house v2.docx").write_bytes(word_file(SECOND))
    said = intake(bench, str(shared))
    assert f"→ responses/crisis-house/{name} (a new version of it, its text replaced)" in said
    assert f"decided: revision of responses/crisis-house/{name} (its name says so; 95% of its words" in said
    assert "changed: \u201cnight,\u201d \u2192 \u201cany hour,\u201d" in said
    assert "changed: added: \u201cquiet\u201d" in said
    assert "run  coproduce intake --into crisis-house --separate 'ada/q1/crisis house v2.docx'" in said
    assert list(drafts(bench)) == [name]  # no second answer
    now = (bench.response / name).read_text(encoding="utf-8")
    assert now.startswith(front)  # the front matter, approval record and all, byte for byte
    assert "a quiet garden" in now and "at any hour" in now and "at night" not in now
    assert approval_state(bench, name) == "changed"
    entries = record(bench)
    assert [e["became"] for e in entries] == [name, name]
    assert entries[1]["revision"] == 2 and entries[0]["sha256"] != entries[1]["sha256"]
    kept = [(bench.response / str(e["kept"])).read_text(encoding="utf-8") for e in entries]
    assert "at night" in kept[0] and "at any hour" in kept[1]  # every revision's text, where the record says
    assert entries[0]["kept"] == f"intake/revisions/{Path(name).stem}/r1.md"
    originals = bench.response / "intake" / "ada" / "q1"
    for sent in ("crisis house.docx", "crisis house v2.docx"):  # both originals kept, byte for byte
        assert (originals / sent).read_bytes() == (shared / "ada" / "q1" / sent).read_bytes()
    again = intake(bench, str(shared))
    assert "Already taken in (2)" in again and "Taken in" not in again

    # the coordinator decides it was a second answer after all: the first text comes back, the second stands alone
    said = intake(bench, "--into", "crisis-house", "--separate", "ada/q1/crisis house v2.docx")
    assert "is now a contribution of its own" in said
    texts = drafts(bench)
    assert len(texts) == 2
    assert "at night" in texts[name] and "at any hour" not in texts[name]
    [other] = [t for n, t in texts.items() if n != name]
    assert "at any hour" in other and "by: [ada]" in other and "answers: q1" in other


def test_a_different_answer_by_the_same_writer_is_a_second_contribution(bench: Bench, shared: Path) -> None:
    name, _ = take_first(bench, shared)
    (shared / "ada" / "q1" / "referrals.docx").write_bytes(word_file(OTHER))
    said = intake(bench, str(shared))
    assert "a second answer by ada to q1, beside responses/crisis-house/" in said
    assert (
        "a new version of that one, run  coproduce intake --into crisis-house --revision ada/q1/referrals.docx" in said
    )
    assert "new version of" not in said.split("decided:")[0]
    texts = drafts(bench)
    assert len(texts) == 2 and "Referrals from a GP" not in texts[name]
    # and the reverse: the coordinator says it is a new version after all
    said = intake(bench, "--into", "crisis-house", "--revision", "ada/q1/referrals.docx")
    assert "is now a new version of" in said
    texts = drafts(bench)
    assert list(texts) == [name] and "Referrals from a GP" in texts[name]
    assert any(p.name.endswith(".draft.md") for p in (bench.response / "intake" / "revisions").rglob("*"))


def test_a_v2_after_the_coordinator_edited_the_first_keeps_both(bench: Bench, shared: Path) -> None:
    name, first = take_first(bench, shared)
    path = bench.response / name
    path.write_text(first.replace("not a ward", "not a hospital ward"), encoding="utf-8")
    edited = path.read_bytes()
    (shared / "ada" / "q1" / "crisis house final.docx").write_bytes(word_file(SECOND))
    said = intake(bench, str(shared))
    assert "was changed in the workbench since intake wrote it, so it was not replaced: both are kept" in said
    assert path.read_bytes() == edited  # the coordinator's edit is not lost
    texts = drafts(bench)
    assert len(texts) == 2
    assert any("at any hour" in t for n, t in texts.items() if n != name)
    # nor can the decision be changed into overwriting it
    result = run(["intake", "--into", "crisis-house", "--revision", "ada/q1/crisis house final.docx"], cwd=bench.root)
    assert result.exit_code != 0 and "changed in the workbench since intake wrote it" in result.output
    assert "Traceback" not in result.output and path.read_bytes() == edited


def test_words_as_word_types_them_do_not_hide_a_new_version(bench: Bench, shared: Path) -> None:
    """Smart quotes, no-break and zero-width spaces, soft hyphens: a new name that says nothing, same words."""
    take_first(bench, shared)
    retyped = (
        SECOND.replace("'", "\u2019")
        .replace("A crisis", "A\u00a0crisis")
        .replace("kitchen", "kit\u00adchen")
        .replace("garden", "gar\u200bden")
        .replace("staff", "\ufeffstaff")
    )
    retyped = retyped.replace("there themselves", "\u201cthere\u201d themselves")
    (shared / "ada" / "q1" / "from my phone.docx").write_bytes(word_file(retyped))
    said = intake(bench, str(shared))
    assert "revision of" in said and "its name says so" not in said
    assert len(drafts(bench)) == 1


def test_the_rule_in_small() -> None:
    assert similarity(FIRST, SECOND) >= SIMILAR
    assert similarity(FIRST, OTHER) < SIMILAR
    assert similarity(FIRST, FIRST.replace(" ", "\u00a0").replace("a", "\u0430")) == 1.0  # Cyrillic look-alike a
    for new in (
        "q3 answer v2.docx",
        "Q3_answer (2).docx",
        "q3 answer - final.docx",
        "q3 answer revised.docx",
        "q3 answer updated.odt",
        "q3 answer version 3.docx",
    ):
        assert name_says(f"ada/{new}", "ada/q3 answer.docx"), new
        assert base_name(new) == "q3 answer"
    assert not name_says("ada/q3 thoughts.docx", "ada/q3 answer.docx")
    assert name_says("ada/q3 answer.docx", "ada/q3 answer.docx")  # the same file, saved again with new words
    assert not name_says("ada/q3 answer (conflicted copy 2026-11-20).docx", "ada/q3 answer.docx")
    assert word_diff("one two three", "one two three") == ["no change to the words (only how they are laid out)"]
    assert word_diff("a b c d", "a x c d") == ["\u201cb\u201d \u2192 \u201cx\u201d"]


def test_a_run_stopped_after_writing_a_new_version_is_finished_by_the_next(
    bench: Bench, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.workflow.intake.record import Record

    name, _ = take_first(bench, shared)
    (shared / "ada" / "q1" / "crisis house v2.docx").write_bytes(word_file(SECOND))
    real_add = Record.add

    def full_disk(self: Record, entry: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Record, "add", full_disk)
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 1 and "could not be taken in" in result.output  # said, not hidden
    assert "at any hour" in (bench.response / name).read_text(encoding="utf-8")  # written, not recorded
    monkeypatch.setattr(Record, "add", real_add)
    said = intake(bench, str(shared))
    assert "revision of" in said and list(drafts(bench)) == [name]  # recorded now, no second answer
    assert [e.get("revision", 1) for e in record(bench)] == [1, 2]
    assert "at night" in (bench.response / str(record(bench)[0]["kept"])).read_text(encoding="utf-8")


def test_the_same_file_saved_over_with_new_words_is_a_new_version(bench: Bench, shared: Path) -> None:
    """A cloud folder: the volunteer saves over their file with a different answer; its name says it is theirs."""
    name, _ = take_first(bench, shared)
    (shared / "ada" / "q1" / "crisis house.docx").write_bytes(word_file(OTHER))
    said = intake(bench, str(shared))
    assert "revision of" in said and "its name says so" in said
    assert list(drafts(bench)) == [name] and "Referrals from a GP" in drafts(bench)[name]
    originals = sorted(p.name for p in (bench.response / "intake" / "ada" / "q1").glob("*.docx"))
    assert originals == ["crisis house-2.docx", "crisis house.docx"]  # both kept, neither overwritten


def test_a_new_version_with_a_picture_brings_it_beside_the_contribution_with_its_alt_text(
    bench: Bench, shared: Path
) -> None:
    from PIL import Image

    name, _ = take_first(bench, shared)
    picture = io.BytesIO()
    Image.new("RGB", (6, 4), (20, 120, 60)).save(picture, "PNG")
    document = docx.Document()
    document.add_paragraph(SECOND)
    shape = document.add_paragraph().add_run().add_picture(io.BytesIO(picture.getvalue()))
    shape._inline.docPr.set("descr", "The garden behind the house, with two benches")
    out = io.BytesIO()
    document.save(out)
    (shared / "ada" / "q1" / "crisis house v2.docx").write_bytes(out.getvalue())
    said = intake(bench, str(shared))
    assert "revision of" in said
    text = (bench.response / name).read_text(encoding="utf-8")
    stem = Path(name).stem
    assert f"![The garden behind the house, with two benches]({stem}-r2-picture-1.png)" in text
    with Image.open(bench.response / f"{stem}-r2-picture-1.png") as saved:
        assert saved.size == (6, 4)


def test_words_typed_between_the_template_line_and_the_first_question_are_said_not_dropped(
    bench: Bench, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    document = docx.Document()
    for line in (
        "Written by: Ada Fenwick",
        "Write your answer below this line",
        "I wrote these on the bus, sorry they are short.",
        "Question 1: What should a crisis house offer?",
        "A door that locks from the inside.",
        "Question 2: How should people be referred?",
        "By text message.",
    ):
        document.add_paragraph(line)
    document.save(str(shared / "bus.docx"))
    said = intake(bench, str(shared))
    assert "words before its first question, not taken in: \u201cI wrote these on the bus" in said
    assert len(drafts(bench)) == 2
