"""The Word template made for one response, filled in by a volunteer, comes back as one contribution a question.

`coproduce intake --template RESPONSE` lists the response's questions, each with its limit and a place to write,
and says truthfully that pictures are taken in with their alt text. Filled in with python-docx (and converted by
LibreOffice to .docx and .odt, when it is installed), three answered questions come in as three contributions,
each under its own question and credited to the writer; an empty question makes nothing; a heading retyped by
hand, with Word's punctuation and spaces, still lands. Read back with python-docx and the files on disk.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from tests.conftest import assert_user_error, run
from tests.factory import Bench

ANSWERS = {
    "1": "Somewhere to sleep that is not a ward, and a person to talk to at three in the morning.",
    "2": "Let people refer themselves, by phone or by text, without waiting for a GP.",
    "4": "Ask us again next year: we will tell you what changed.",
}


def with_four_questions(bench: Bench) -> None:
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8")
    found = re.search(r"(?m)^( *)- id: q3\n *text: Anything else\?\n", text)
    assert found is not None
    pad = found.group(1)
    extra = f"{pad}- id: q4\n{pad}  text: How should we hear back?\n{pad}  chars: 400\n"
    path.write_text(text[: found.end()] + extra + text[found.end() :], encoding="utf-8")


def make_template(bench: Bench, out: Path) -> Path:
    result = run(["intake", "--template", "crisis-house", "--out", str(out)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "the 4 questions of crisis-house" in result.output
    return out


def fill(template: Path, answers: dict[str, str], by: str = "Ada Fenwick") -> docx.document.Document:
    document = docx.Document(str(template))
    paragraphs = document.paragraphs
    for i, p in enumerate(paragraphs):
        if p.text.startswith("Written by:"):
            p.text = f"Written by: {by}"
        for number, answer in answers.items():
            if p.text.startswith(f"Question {number}:"):
                assert paragraphs[i + 1].text.endswith("Write your answer under this line.")
                paragraphs[i + 2].text = answer
    return document


def contributions(bench: Bench) -> dict[str, tuple[dict[str, object], str]]:
    found = {}
    for path in sorted(bench.response.glob("*-intake.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        found[path.name] = (yaml.safe_load(front), body.strip())
    return found


def test_the_template_lists_the_questions_with_their_limits_and_says_pictures_come_in(
    bench: Bench, tmp_path: Path
) -> None:
    with_four_questions(bench)
    path = make_template(bench, tmp_path / "form.docx")
    document = docx.Document(str(path))
    words = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    assert [h for h in headings if h.startswith("Question")] == [
        "Question 1: What should a crisis house offer?",
        "Question 2: How should people be referred?",
        "Question 3: Anything else?",
        "Question 4: How should we hear back?",
    ]
    assert "Up to 120 words. Write your answer under this line." in words
    assert "Up to 400 characters (spaces count). Write your answer under this line." in words
    assert "No limit. Write your answer under this line." in words
    text = "\n".join(words)
    assert "Pictures are taken in too, with their alt text" in text and "not taken in" not in text
    assert words[0] == "Response: crisis-house"
    # written once, where the user says, and never into build/ or where people's work is
    again = run(["intake", "--template", "crisis-house", "--out", str(path)], cwd=bench.root)
    assert "already exists" in assert_user_error(again, 2)
    for inside in ("build/t.docx", "Build/t.docx", "responses/t.docx", "contributors"):
        refused = run(["intake", "--template", "crisis-house", "--out", inside], cwd=bench.root)
        assert "write it elsewhere" in assert_user_error(refused, 2), inside
    assert not (bench.root / "build").exists() and not (bench.response.parent / "t.docx").exists()


def test_three_answers_in_one_file_are_three_contributions_and_an_empty_one_makes_nothing(
    bench: Bench, tmp_path: Path
) -> None:
    with_four_questions(bench)
    template = make_template(bench, tmp_path / "form.docx")
    shared = tmp_path / "shared"
    shared.mkdir()
    fill(template, ANSWERS).save(str(shared / "my answers.docx"))
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert "one of 3 answers in it, placed by its heading" in result.output
    made = contributions(bench)
    assert sorted((str(f["answers"]), f["by"], body) for f, body in made.values()) == [
        ("q1", ["ada"], ANSWERS["1"]),
        ("q2", ["ada"], ANSWERS["2"]),
        ("q4", ["ada"], ANSWERS["4"]),
    ]
    again = run(["intake", str(shared)], cwd=bench.root)
    assert "Taken in" not in again.output and len(contributions(bench)) == 3


def test_a_heading_retyped_by_hand_still_lands(bench: Bench, tmp_path: Path) -> None:
    with_four_questions(bench)
    template = make_template(bench, tmp_path / "form.docx")
    document = fill(template, ANSWERS)
    for p in document.paragraphs:
        if p.text.startswith("Question 2:"):
            p.style = document.styles["Normal"]
            p.text = "QUESTION\u200b\u00a02 \u2013 how should people be\u200b referred"
        if p.text.startswith("Question 4:"):
            p.text = "Q4\uff1a"
    shared = tmp_path / "shared"
    shared.mkdir()
    document.save(str(shared / "answers.docx"))
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    made = {str(f["answers"]): body for f, body in contributions(bench).values()}
    assert made == {"q1": ANSWERS["1"], "q2": ANSWERS["2"], "q4": ANSWERS["4"]}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_the_filled_template_after_libreoffice_still_lands(bench: Bench, tmp_path: Path, kind: str) -> None:
    with_four_questions(bench)
    template = make_template(bench, tmp_path / "form.docx")
    filled = tmp_path / "filled.docx"
    fill(template, ANSWERS).save(str(filled))
    shared = tmp_path / "shared"
    shared.mkdir()
    filter_ = "docx:MS Word 2007 XML" if kind == "docx" else "odt"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", filter_, "--outdir", str(shared), str(filled)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (shared / f"filled.{kind}").is_file()
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    made = {str(f["answers"]): body for f, body in contributions(bench).values()}
    assert made == {"q1": ANSWERS["1"], "q2": ANSWERS["2"], "q4": ANSWERS["4"]}


def test_a_file_of_its_own_answering_two_questions_is_split_at_their_headings(bench: Bench, tmp_path: Path) -> None:
    """No template: headings that start with the number and say the question's own words, typed as Word types."""
    shared = tmp_path / "shared"
    shared.mkdir()
    document = docx.Document()
    document.add_paragraph("Written by: Ada Fenwick")
    document.add_paragraph("Question\u200b 1 \u2013 What should a crisis\u00a0house offer?")
    document.add_paragraph(ANSWERS["1"])
    document.add_paragraph("Q2. How should people be referred?")
    document.add_paragraph(ANSWERS["2"])
    document.add_paragraph("Q2 was the hardest to answer.")  # words, not a heading
    document.save(str(shared / "two.docx"))
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    made = {str(f["answers"]): body for f, body in contributions(bench).values()}
    assert made == {"q1": ANSWERS["1"], "q2": ANSWERS["2"] + "\n\nQ2 was the hardest to answer."}


def test_the_template_sent_again_as_v2_revises_each_answer_it_changed(bench: Bench, tmp_path: Path) -> None:
    with_four_questions(bench)
    template = make_template(bench, tmp_path / "form.docx")
    shared = tmp_path / "shared"
    shared.mkdir()
    fill(template, ANSWERS).save(str(shared / "my answers.docx"))
    assert run(["intake", str(shared)], cwd=bench.root).exit_code == 0
    first = {str(f["answers"]): name for name, (f, _) in contributions(bench).items()}
    changed = {**ANSWERS, "2": ANSWERS["2"].replace("by phone or by text", "by phone, text or e-mail")}
    fill(template, changed).save(str(shared / "my answers v2.docx"))
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    made = contributions(bench)
    assert {str(f["answers"]): name for name, (f, _) in made.items()} == first  # no second answers
    assert made[first["q2"]][1] == changed["2"]
    assert (
        result.output.count("revision of") == 3
        and "changed: \u201cby text,\u201d \u2192 \u201ce-mail,\u201d" in result.output
    )
    assert result.output.count("its text is the same as before, so an approval of it still holds") == 2


def test_a_template_with_no_writer_waits_unsorted_saying_why_and_an_empty_one_is_refused(
    bench: Bench, tmp_path: Path
) -> None:
    with_four_questions(bench)
    template = make_template(bench, tmp_path / "form.docx")
    shared = tmp_path / "shared"
    shared.mkdir()
    document = fill(template, ANSWERS)
    for p in document.paragraphs:
        if p.text.startswith("Written by:"):
            p.text = "Written by: (your name, or the name you use with us)"
    document.save(str(shared / "nameless.docx"))
    fill(template, {}).save(str(shared / "empty.docx"))
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 1, result.output  # the empty one is refused, saying so
    assert "empty.docx" in result.output and "every question in it is empty" in result.output
    assert "answers several questions, each under its heading, but does not say who wrote it" in result.output
    [waiting] = (bench.response / "unsorted").glob("*.md")
    assert all(answer in waiting.read_text(encoding="utf-8") for answer in ANSWERS.values())  # nothing dropped
    assert contributions(bench) == {}
