"""A sub-question keeps its own number everywhere (issue 18): q2a prints as "Question 2(a)" in the PDF, the Word
file, the web page and the answers export, and the question after it is still "Question 3". A volunteer's Word file
headed "Question: 2a", "Q2(a)", "2 (a)" or "Question 2a" is filed as q2a, not as the fourth question."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from pipeline.vocabulary import question_labels
from tests.conftest import pdf_text, run
from tests.factory import Bench

SUB = """
  - id: q2a
    text: And for people under 18?
"""


def _with_sub_question(bench: Bench) -> None:
    path = bench.response / "response.yaml"
    text = path.read_text()
    at = text.index("  - id: q3")
    path.write_text(text[:at] + SUB.lstrip("\n") + text[at:])
    bench.contribution(
        "35-q2a-young.md",
        """
        ---
        answers: q2a
        by: [hal]
        status: draft
        ---
        Young people should be able to refer themselves through their school nurse.
        """,
    )
    bench.contribution(
        "45-q3-else.md",
        """
        ---
        answers: q3
        by: [hal]
        status: draft
        ---
        Keep the garden open in the evenings.
        """,
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.factory import make_bench

    bench = make_bench(tmp_path_factory.mktemp("sub") / "wb")
    _with_sub_question(bench)
    result = run(["build", "--draft", str(bench.response), "--format", "pdf,docx,html,txt,answers"])
    assert result.exit_code == 0, result.output
    return bench.draft_out


def _headings(text: str) -> list[str]:
    return re.findall(r"Question (\S+):", text)


def test_labels_are_decided_once() -> None:
    assert question_labels(["q1", "q2", "q2a", "q2b", "q3"]) == {
        "q1": "1",
        "q2": "2",
        "q2a": "2(a)",
        "q2b": "2(b)",
        "q3": "3",
    }
    # sub-questions with no question of their own before them share one number
    assert question_labels(["q1", "q2a", "q2b", "visiting"]) == {
        "q1": "1",
        "q2a": "2(a)",
        "q2b": "2(b)",
        "visiting": "3",
    }


def test_pdf(outputs: Path) -> None:
    assert _headings(" ".join(pdf_text(next(outputs.glob("*.pdf"))).split())) == ["1", "2", "2(a)", "3"]


def test_docx(outputs: Path) -> None:
    document = docx.Document(io.BytesIO(next(outputs.glob("*.docx")).read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert _headings("\n".join(headings)) == ["1", "2", "2(a)", "3"]


def test_html(outputs: Path) -> None:
    from lxml import html

    page = html.fromstring(next(outputs.glob("*.html")).read_bytes())
    shown = [" ".join(h.text_content().split()) for h in page.xpath("//h3[@class='question']")]
    assert _headings(" ".join(shown)) == ["1", "2", "2(a)", "3"]


def test_answers_export(outputs: Path) -> None:
    text = next(outputs.glob("*-answers.txt")).read_text(encoding="utf-8")
    assert _headings(text) == ["1", "2", "2(a)", "3"]
    assert "school nurse" in (next(outputs.glob("*-answers")) / "q2a.txt").read_text(encoding="utf-8")


# ------------------------------------------------------------------ intake


@pytest.mark.parametrize(
    "heading",
    ["Question: 2a", "Question: 2(a)", "Question: Q2(a)", "Question: 2 (a)", "Question: Question 2a", "Question 2a",
     "Q2(a)", "Question 2 (a)"],
)  # fmt: skip
def test_a_word_file_headed_with_the_sub_question_is_filed_there(bench: Bench, tmp_path: Path, heading: str) -> None:
    _with_sub_question(bench)
    shared = tmp_path / "shared"
    shared.mkdir()
    document = docx.Document()
    for text in (heading, "Written by: Hal", "A school nurse could refer young people the same day."):
        document.add_paragraph(text)
    document.save(str(shared / "young people.docx"))
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    [made] = bench.response.glob("*-intake.md")
    assert "answers: q2a" in made.read_text(encoding="utf-8")
    assert heading not in made.read_text(encoding="utf-8")


def test_question_3_is_still_the_question_printed_3(bench: Bench, tmp_path: Path) -> None:
    _with_sub_question(bench)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "else.md").write_text("Question: 3\nWritten by: hal\n\nA bench by the door would help.\n")
    (shared / "q2(a) young.md").write_text("Written by: hal\n\nLet sixth-formers refer a friend.\n")
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    made = {
        p.read_text(encoding="utf-8").split("answers: ")[1].split("\n")[0] for p in bench.response.glob("*-intake.md")
    }
    assert made == {"q3", "q2a"}


def test_a_file_answering_several_questions_is_not_filed_whole_under_the_first(bench: Bench, tmp_path: Path) -> None:
    """Headings "Question 1" ... "Question 2" in one file are the volunteer's text: it waits unsorted, whole."""
    _with_sub_question(bench)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "all.md").write_text("Question 1\n\nA warm room.\n\nQuestion 2(a)\n\nAsk the school nurse.\n")
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert list(bench.response.glob("*-intake.md")) == []
    [waiting] = (bench.response / "unsorted").glob("*.md")
    text = waiting.read_text(encoding="utf-8")
    assert "Question 1" in text and "Question 2(a)" in text and "Ask the school nurse." in text


def test_a_question_that_is_not_there_is_refused_naming_how_questions_are_numbered(
    bench: Bench, tmp_path: Path
) -> None:
    _with_sub_question(bench)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "x.md").write_text("Question: 2b\nWritten by: hal\n\nWords.\n")
    result = run(["intake", str(shared)], cwd=bench.root)
    assert result.exit_code == 1, result.output
    assert "there is no question 2b in crisis-house" in result.output
    assert "write one of the numbers 1, 2, 2(a), 3" in result.output
