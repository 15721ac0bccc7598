"""One numbering scheme for `add` and intake: file-name order is answer order, and numbers never run out.

Contributions are merged in file-name order (as text), so a new file's number must
sort after every file of its own place and the places before it, and before the
places after it, however many files a question already has.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from pipeline import model as m
from pipeline.assemble.document import assemble
from pipeline.load.workbench import load
from pipeline.settings import make_settings
from pipeline.vocabulary import NUMBER, next_number, numbered, place_files, rank_of
from tests.conftest import run
from tests.factory import Bench

QUESTIONS = ["q1", "q2", "q3"]


def order(bench: Bench) -> list[str]:
    """The contribution files as the build merges them: in file-name order."""
    return [p.name for p in sorted(bench.response.glob("*.md"))]


def answer_texts(bench: Bench, qid: str) -> list[str]:
    wb, response = load(bench.response)
    doc = assemble(wb, response, draft=True, today=make_settings().today).document
    answer = next(a for s in doc.sections for a in s.answers if a.question_id == qid)
    paragraphs = [b for b in answer.blocks if isinstance(b, m.Paragraph)]
    return ["".join(c.text for c in p.children if isinstance(c, m.Text)) for p in paragraphs]


def fill(path: Path, words: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + words + "\n", encoding="utf-8")


# ------------------------------------------------------------------ the scheme


def test_numbers_are_two_digits_then_fractions_and_sort_as_text_in_value_order() -> None:
    existing: list[tuple[str, int]] = [("40", 3), ("50", 5)]
    made = []
    for _ in range(300):  # far more than one question ever has, squeezed between two neighbours
        number = next_number(existing, 4, 3)
        existing.append((number, 4))
        made.append(number)
    assert made[:6] == ["45", "46", "47", "48", "49", "49.1"]
    keys = [f"{n}-" for n in made]
    assert keys == sorted(keys) and len(set(made)) == len(made)
    assert all("40-" < k < "50-" for k in keys)
    assert all(NUMBER.match(numbered(n, "q2-x.md")) for n in made)


@pytest.mark.parametrize("seed", range(5))
def test_a_new_file_always_lands_between_its_neighbours(seed: int) -> None:
    """Random folders and random places: the new number always sorts where its rank says."""
    rng = random.Random(seed)
    existing: list[tuple[str, int]] = []
    for _ in range(200):
        rank = rng.randrange(0, 8)
        number = next_number(existing, rank, 3)
        existing.append((number, rank))
        placed = place_files(existing)
        ranks = [r for _, r in placed]
        assert ranks == sorted(ranks), placed  # file-name order is the submission's order


def test_a_file_without_a_readable_place_ranks_with_the_one_before_it() -> None:
    assert place_files([("40", 3), ("41", None), ("60", 5)]) == [("40", 3), ("41", 3), ("60", 5)]
    assert next_number([("40", 3), ("41", 3), ("60", 5)], 3, 3) == "42"


def test_ranks_follow_the_submission() -> None:
    ranks = [rank_of(k, QUESTIONS) for k in ("summary", "about", "method", "q1", "q2", "q3", "recommendations", "own")]
    assert ranks == sorted(ranks)


# ------------------------------------------------------------------------ add


def test_a_hundred_answers_to_one_question_keep_their_order(bench: Bench) -> None:
    """q2 has 30- and 31-; the response's own section is 40-: a hundred more q2 answers fit between."""
    made = []
    for n in range(100):
        before = set(order(bench))
        result = run(["add", "crisis-house", "--answers", "q2", "--by", "ada"], cwd=bench.root)
        assert result.exit_code == 0, result.output
        [new] = set(order(bench)) - before
        fill(bench.response / new, f"Answer number {n}.")
        made.append(new)
    names = order(bench)
    assert [n for n in names if n in made] == made  # file-name order is the order they were added
    assert names.index("31-q2-referral.md") < names.index(made[0])
    assert names.index(made[-1]) < names.index("40-voices.md")
    texts = answer_texts(bench, "q2")
    assert texts[-100:] == [f"Answer number {n}." for n in range(100)]


def test_add_puts_an_earlier_question_before_later_ones_with_no_room(bench: Bench) -> None:
    """Files made by hand at 20- (q1) and 21- (q3) leave no whole number for q2 between them."""
    for name in ("30-q2-withdrawn.md", "31-q2-referral.md", "40-voices.md"):
        (bench.response / name).unlink()
    (bench.response / "21-q3-else.md").write_text("---\nanswers: q3\nby: [ada]\n---\nLast.\n", encoding="utf-8")
    result = run(["add", "crisis-house", "--answers", "q2", "--by", "ada"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    names = order(bench)
    [new] = [n for n in names if "-q2-" in n]
    assert new.startswith("20.1-") and names.index("20-q1-offer.md") < names.index(new) < names.index("21-q3-else.md")


# --------------------------------------------------------------------- intake


def drop(shared: Path, name: str, question: str, by: str, words: str) -> None:
    (shared / name).write_text(f"Question: {question}\nWritten by: {by}\n\n{words}\n", encoding="utf-8")


def intake(bench: Bench, shared: Path) -> str:
    result = run(["intake", str(shared), "--into", "crisis-house"], cwd=bench.root)
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    return result.output


def test_intake_of_q1_sorts_before_the_q3_files(bench: Bench, shared: Path) -> None:
    (bench.response / "20-q1-offer.md").unlink()  # q1 has no file yet; q3 has two
    for name in ("60-q3-one.md", "61-q3-two.md"):
        (bench.response / name).write_text("---\nanswers: q3\nby: [hal]\n---\nMore.\n", encoding="utf-8")
    drop(shared, "late.txt", "1", "ada", "A calm room.")
    intake(bench, shared)
    names = order(bench)
    [new] = [n for n in names if n.endswith("-intake.md")]
    assert new.split("-", 1)[1] == "q1-ada-intake.md"
    assert names.index(new) < names.index("30-q2-withdrawn.md") < names.index("60-q3-one.md")
    assert answer_texts(bench, "q1") == ["A calm room."]


def test_a_full_question_does_not_stop_intake_and_every_later_file_comes_in(bench: Bench, shared: Path) -> None:
    """q1 already has files numbered up to 99- (as the old intake left them): numbers go on, in order."""
    for name in ("30-q2-withdrawn.md", "31-q2-referral.md", "40-voices.md"):
        (bench.response / name).unlink()
    for n in range(90, 100):
        body = f"---\nanswers: q1\nby: [ada]\n---\nOld {n}.\n"
        (bench.response / f"{n}-q1-ada-intake.md").write_text(body, encoding="utf-8")
    # named by hand: the old intake found no name after it and stopped with StopIteration
    (bench.response / "99-q1-zz-last.md").write_text("---\nanswers: q1\nby: [ada]\n---\nOld 99b.\n")
    drop(shared, "a.txt", "1", "ada", "New one.")
    drop(shared, "b.txt", "2", "bo", "For q2.")
    drop(shared, "c.txt", "1", "hal", "New two.")
    drop(shared, "d.txt", "3", "cy", "For q3.")
    output = intake(bench, shared)
    assert "Taken in (4)" in output, output
    names = order(bench)
    new = [n for n in names if n.split("-", 1)[0] not in {str(k) for k in range(90, 100)} and "intake" in n]
    assert [n.split("-", 1)[1] for n in new] == [
        "q1-ada-intake.md",
        "q1-hal-intake.md",
        "q2-bo-intake.md",
        "q3-cy-intake.md",
    ]
    assert names.index("99-q1-zz-last.md") < names.index(new[0])
    assert answer_texts(bench, "q1")[-2:] == ["New one.", "New two."]
    assert answer_texts(bench, "q2") == ["For q2."] and answer_texts(bench, "q3") == ["For q3."]


def test_intake_of_many_files_for_one_question_keeps_their_order(bench: Bench, shared: Path) -> None:
    for n, letters in zip(range(120), itertools.product("abcdefghij", repeat=3), strict=False):
        drop(shared, f"{''.join(letters)}.txt", "2", "ada", f"Part {n}.")
    output = intake(bench, shared)
    assert "Taken in (120)" in output
    names = order(bench)
    new = [n for n in names if n.endswith("-intake.md")]
    assert len(new) == 120
    assert names.index("31-q2-referral.md") < names.index(new[0])
    assert names.index(new[-1]) < names.index("40-voices.md")
    assert answer_texts(bench, "q2")[-120:] == [f"Part {n}." for n in range(120)]


def test_a_place_with_no_number_left_refuses_that_file_and_takes_in_the_rest(bench: Bench, shared: Path) -> None:
    """Only a name made by hand can leave no room: nothing sorts between 20- and 20.0-."""
    (bench.response / "20.0-q2-squeezed.md").write_text("---\nanswers: q2\nby: [ada]\n---\nIn the way.\n")
    drop(shared, "a.txt", "1", "ada", "No room for me.")
    drop(shared, "b.txt", "3", "bo", "Room for me.")
    result = run(["intake", str(shared), "--into", "crisis-house"], cwd=bench.root)
    assert "Traceback" not in result.output and result.exit_code == 1, result.output
    assert "Taken in (1)" in result.output and "b.txt" in result.output
    assert "no file number fits between 20 and 20.0" in result.output
    out = run(["add", "crisis-house", "--answers", "q1", "--by", "ada"], cwd=bench.root)
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "rename the file that starts 20.0-" in out.output
