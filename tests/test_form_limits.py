"""Online forms (issue 10): the box's hard cap, limits pasted from a consultation page, and the
answers export in Welsh.

The cap and the counts are read back from the export and `check --format json`, never from the code
that makes them: a pasted text of `len(text)` characters is what the form counts.
"""

from __future__ import annotations

import pytest

from pipeline.workflow.scaffold import parse_questions
from tests.conftest import assert_user_error, findings, run
from tests.factory import RESPONSE, Bench, signed

PASTE_FROM = "--- paste from here ---"
PASTE_TO = "--- to here ---"
CAP = 32_000  # Citizen Space's, as the README states it


def set_response(bench: Bench, old: str, new: str) -> None:
    assert old in RESPONSE
    bench.write("responses/crisis-house/response.yaml", RESPONSE.replace(old, new))


def long_answer(n: int) -> str:
    """A plain paragraph of exactly `n` characters."""
    words = " ".join(["We need calm rooms and kind people."] * (n // 30 + 2))[: n - 1]
    return (words[:-1] + "s" if words.endswith(" ") else words) + "."


def answer_q3(bench: Bench, chars: int) -> None:
    text = long_answer(chars)
    assert len(text) == chars
    bench.contribution(
        "50-q3-long.md",
        signed(f"---\nanswers: q3\nby: [hal]\nstatus: approved\n---\n{text}\n"),
    )


def pasted_q3(bench: Bench) -> str:
    result = run(["build", str(bench.response), "--format", "txt", "--draft", "--out", str(bench.root / "draft")])
    assert result.exit_code == 0, result.output
    export = (bench.root / "draft" / "crisis-house-answers.txt").read_text(encoding="utf-8")
    block = export.split("Question 3:")[1]
    return block.split(PASTE_FROM + "\n")[1].split("\n" + PASTE_TO)[0]


# ------------------------------------------------------------------ the box's hard cap


@pytest.mark.parametrize("chars", [CAP, CAP + 1])
def test_an_online_form_refuses_an_answer_over_the_box_cap_without_any_chars_limit(bench: Bench, chars: int) -> None:
    set_response(bench, "confidentiality: none", "confidentiality: none\n    submit_to: online-form")
    answer_q3(bench, chars)
    assert len(pasted_q3(bench)) == chars  # what the form would count
    capped = [f for f in findings(bench) if f["code"] == "limit.form-box"]
    result = run(["build", str(bench.response), "--format", "txt"])
    if chars <= CAP:
        assert capped == []
        assert result.exit_code == 0, result.output
    else:
        [found] = capped
        assert found["severity"] == "error" and found["file"] == "responses/crisis-house/response.yaml"
        lines = (bench.response / "response.yaml").read_text(encoding="utf-8").splitlines()
        assert found["line"] == lines.index("    text: Anything else?") + 1  # the question's text: line
        out = assert_user_error(result)
        assert f"the answer to q3 has {chars} characters" in out and "32,000" in out


def test_the_cap_is_only_an_online_forms(bench: Bench) -> None:
    answer_q3(bench, CAP + 1)  # a report has no box to fit
    assert not [f for f in findings(bench) if f["code"] == "limit.form-box"]
    result = run(["build", str(bench.response), "--format", "txt"])
    assert result.exit_code == 0, result.output


def test_the_cap_holds_over_a_higher_chars_limit(bench: Bench) -> None:
    online = RESPONSE.replace("confidentiality: none", "confidentiality: none\n    submit_to: online-form")
    bench.write("responses/crisis-house/response.yaml", online.replace("else?", "else?\n        chars: 40000"))
    answer_q3(bench, CAP + 1)
    codes = [f["code"] for f in findings(bench) if str(f["code"]).startswith("limit.")]
    assert codes == ["limit.form-box"]


def test_the_readme_states_the_cap() -> None:
    from pathlib import Path

    from pipeline.profiles.online_form import BOX_CHARS

    assert BOX_CHARS == CAP
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "32,000 characters" in readme


# ------------------------------------------------------- limits pasted from a page


# every form issue 10 names is in tests/test_online_form.py


def test_lettered_sub_questions_with_their_limits_are_their_own_questions() -> None:
    questions, skipped = parse_questions(
        "Have your say\n"
        "5. How should crisis care change?\n"
        "(a) In the first hour? Max 100 words.\n"
        "(b) Over the next week? [500 word limit]\n"
        "(c) After leaving? up to 2,000 characters\n"
        "6. Anything else? (Maximum 250 words)\n"
    )
    assert [(q.id, q.text, q.limit, q.chars) for q in questions] == [
        ("q5", "How should crisis care change?", None, None),
        ("q5a", "In the first hour?", 100, None),
        ("q5b", "Over the next week?", 500, None),
        ("q5c", "After leaving?", None, 2000),
        ("q6", "Anything else?", 250, None),
    ]
    assert skipped == [(1, "Have your say")]


# ------------------------------------------------------------------ in Welsh


def test_the_answers_export_speaks_welsh_when_the_response_does(bench: Bench) -> None:
    set_response(bench, "language: en-GB", "language: cy-GB\n    publish: anonymous")
    result = run(["build", str(bench.response), "--format", "txt", "--draft"])
    assert result.exit_code == 0, result.output
    export = (bench.draft_out / "crisis-house-answers.txt").read_text(encoding="utf-8")
    for welsh in (
        "yn ymateb i:",
        "DRAFFT: nid i'w gyflwyno",
        "Cyhoeddi (cwestiwn y ffurflen): dienw",
        "Sut y gwneir y cyfrif:",
        "Cwestiwn 1:",
        "Geiriau: ",
        "nodau: ",
        "(terfyn 120)",
        "Nodyn cynnwys (nid yw'n rhan o'r ateb): mentions self-harm",
        "--- gludo o fan hyn ---",
        "--- hyd fan hyn ---",
    ):
        assert welsh in export, welsh
    for english in ("responding to", "DRAFT", "Publishing", "How the counts", "Words:", "paste from here"):
        assert english not in export, english
    # the counts are still of exactly the text between the markers
    block = export.split("Cwestiwn 1:")[1]
    text = block.split("--- gludo o fan hyn ---\n")[1].split("\n--- hyd fan hyn ---")[0]
    header = block.split("\n")[1]
    form_count = len(text.encode("utf-16-le")) // 2 + text.count("\n")  # as a form counts: a line break is CR LF
    assert header.startswith(f"Geiriau: {len(text.split())} (terfyn 120); nodau: {form_count}")
