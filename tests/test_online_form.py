"""The online form (issue 10, item 3 and item 6): the answers export read back, its limits, pasted questions.

Every count in the export is checked against the text it gives to paste, as a form would count it:
`len(text.split())` words and characters as a form counts them (UTF-16 units, a line break as CR LF).
"""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest

from pipeline.render.write import write_all
from pipeline.workflow.scaffold import parse_questions
from tests.conftest import assert_user_error, findings, run
from tests.factory import RESPONSE, Bench

PASTE_FROM = "--- paste from here ---"
PASTE_TO = "--- to here ---"
BLOCK = re.compile(
    r"^Question (?P<number>\d+): (?P<question>.*)\n"
    r"Words: (?P<words>\d+)(?: \(limit (?P<limit>\d+)\))?; characters: (?P<chars>\d+)(?: \(limit (?P<climit>\d+)\))?"
    r"(?P<over>  OVER THE LIMIT.*)?\n"
    r"(?P<before>(?:.*\n)*?)" + re.escape(PASTE_FROM) + r"\n(?P<text>(?:.*\n)*?)" + re.escape(PASTE_TO) + r"$",
    re.MULTILINE,
)


def blocks(export: str) -> dict[int, re.Match[str]]:
    found = {int(b.group("number")): b for b in BLOCK.finditer(export)}
    assert found, export
    return found


def pasted(block: re.Match[str]) -> str:
    return block.group("text")[:-1]  # the line break before the closing marker is the export's, not the answer's


def build_txt(bench: Bench, *extra: str) -> str:
    result = run(["build", str(bench.response), "--format", "txt,answers", *extra])
    assert result.exit_code == 0, result.output
    out = bench.draft_out if "--draft" in extra else bench.out
    return (out / "crisis-house-answers.txt").read_text(encoding="utf-8")


def set_response(bench: Bench, old: str, new: str) -> None:
    assert old in RESPONSE
    bench.write("responses/crisis-house/response.yaml", RESPONSE.replace(old, new))


# ------------------------------------------------------------------ the export


def test_each_blocks_counts_are_of_exactly_the_text_to_paste(bench: Bench) -> None:
    export = build_txt(bench)
    found = blocks(export)
    assert sorted(found) == [1, 2]
    for block in found.values():
        text = pasted(block)
        assert int(block.group("words")) == len(text.split())
        assert int(block.group("chars")) == len(text.encode("utf-16-le")) // 2 + text.count("\n")  # a form: CR LF
    assert found[1].group("limit") == "120"
    # the rule is stated once, at the top, before the first question
    assert export.count("How the counts are made:") == 1
    assert export.index("How the counts are made:") < export.index("Question 1:")


def test_footnotes_follow_their_answer_and_the_content_note_is_not_pasted(bench: Bench) -> None:
    found = blocks(build_txt(bench))
    q1 = pasted(found[1])
    assert q1.endswith("[1] Eastmoor has six crisis beds for the whole county.")
    assert "at any hour.[1]" in q1
    assert "— Peer Researcher" in q1  # the attribution is pasted, so it is counted
    assert "self-harm" not in q1
    assert "Content note (not part of the answer): mentions self-harm" in found[1].group("before")
    assert "[1]" not in pasted(found[2])  # no stray footnote from another answer


def test_tables_are_readable_lines(bench: Bench) -> None:
    bench.contribution(
        "50-q3-table.md",
        """
        ---
        answers: q3
        by: [hal]
        status: draft
        ---
        Beds by place:

        | Place | Beds |
        |:--|--:|
        | Eastmoor | 6 |
        | Westfold | 4 |
        """,
    )
    found = blocks(build_txt(bench, "--draft"))
    text = pasted(found[3])
    assert "Place: Eastmoor; Beds: 6\nPlace: Westfold; Beds: 4" in text
    assert "|" not in text
    assert int(found[3].group("words")) == len(text.split())


def test_one_file_per_question_holds_only_the_text_to_paste(bench: Bench) -> None:
    found = blocks(build_txt(bench))
    folder = bench.out / "crisis-house-answers"
    assert sorted(p.name for p in folder.iterdir()) == ["q1.txt", "q2.txt"]
    for number, block in found.items():
        assert (folder / f"q{number}.txt").read_text(encoding="utf-8") == pasted(block)
    # the folder is replaced whole: an answer no longer there leaves no file behind
    (bench.response / "31-q2-referral.md").unlink()
    (bench.response / "30-q2-withdrawn.md").unlink()
    build_txt(bench)
    assert sorted(p.name for p in folder.iterdir()) == ["q1.txt"]
    # not in the default build
    assert run(["build", str(bench.response), "--out", str(bench.root / "default")]).exit_code == 0
    assert not (bench.root / "default" / "crisis-house-answers").exists()


def test_publish_is_shown_at_the_top(bench: Bench) -> None:
    set_response(bench, "confidentiality: none", "confidentiality: none\n    publish: anonymous")
    export = build_txt(bench)
    top = export[: export.index("=" * 72)]
    assert "Publishing (the form's question): anonymous" in top
    set_response(bench, "confidentiality: none", "confidentiality: none\n    publish: sometimes")
    assert "publish" in assert_user_error(run(["check", str(bench.response)]))


# ------------------------------------------------------------------ the limits


def counts(bench: Bench) -> tuple[int, int]:
    q1 = blocks(build_txt(bench, "--draft"))[1]
    return int(q1.group("words")), int(q1.group("chars"))


@pytest.mark.parametrize("kind", ["words", "chars"])
def test_a_final_build_refuses_an_answer_over_either_limit(bench: Bench, kind: str) -> None:
    words, chars = counts(bench)
    exact = words if kind == "words" else chars
    field = "limit" if kind == "words" else "chars"
    # exactly at the limit: built
    set_response(bench, "limit: 120", f"{field}: {exact}")
    build_txt(bench)
    assert not [f for f in findings(bench) if str(f["code"]).startswith("limit.")]
    # one over: refused, naming the question and the count
    set_response(bench, "limit: 120", f"{field}: {exact - 1}")
    out = assert_user_error(run(["build", str(bench.response), "--format", "txt"]))
    unit = "words" if kind == "words" else "characters"
    assert f"the answer to q1 has {exact} {unit}" in out
    [found] = [f for f in findings(bench) if str(f["code"]).startswith("limit.")]
    assert found["code"] == f"limit.{kind}"
    assert found["severity"] == "error"
    # a draft still builds, and says so in the block's header
    q1 = blocks(build_txt(bench, "--draft"))[1]
    assert "OVER THE LIMIT" in (q1.group("over") or "")


# ------------------------------------------------------------ writing a folder


def test_a_folder_of_outputs_is_written_and_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_all(out, {"a.txt": b"1", "f/q1.txt": b"x", "f/q2.txt": b"y"})
    write_all(out, {"a.txt": b"2", "f/q1.txt": b"z"})
    assert (out / "a.txt").read_bytes() == b"2"
    assert sorted(p.name for p in (out / "f").iterdir()) == ["q1.txt"]
    with pytest.raises(ValueError):
        write_all(out, {"../escape.txt": b"!"})


def test_a_failure_after_the_folder_moved_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_all(out, {"f/q1.txt": b"old", "f/q2.txt": b"old", "z.txt": b"old"})
    real = os.replace

    def failing(src: str | Path, dst: str | Path) -> None:
        if Path(src).name == ".out.new":  # the new set, complete, cannot go in
            raise OSError(errno.EACCES, "Permission denied")
        real(src, dst)

    monkeypatch.setattr("pipeline.render.write.os.replace", failing)
    from pipeline.errors import CoproduceError

    with pytest.raises(CoproduceError):
        write_all(out, {"f/q1.txt": b"new", "z.txt": b"new"})
    assert sorted(p.name for p in (out / "f").iterdir()) == ["q1.txt", "q2.txt"]
    assert (out / "f" / "q1.txt").read_bytes() == b"old"
    assert (out / "z.txt").read_bytes() == b"old"


# ------------------------------------------------------- questions pasted in


@pytest.mark.parametrize(
    "line, text, words, chars",
    [
        ("1. Do you agree? Max 100 words", "Do you agree?", 100, None),
        ("1. Do you agree? Max 100 words.", "Do you agree?", 100, None),
        ("1. Do you agree? (Maximum 250 words)", "Do you agree?", 250, None),
        ("1. Do you agree? [500 word limit]", "Do you agree?", 500, None),
        ("1. Why do you say that? (500 characters)", "Why do you say that?", None, 500),
        ("1. Why do you say that? Up to 2,000 characters", "Why do you say that?", None, 2000),
        ("1. Explain your answer. No more than 300 words.", "Explain your answer.", 300, None),
        ("1. Max 100 words. Do you agree?", "Do you agree?", 100, None),
        ("1. Do you agree? (250 words) (1,500 characters)", "Do you agree?", 250, 1500),
        ("1. Do you agree? Please keep your answer to a maximum of 250 words.", "Do you agree?", 250, None),
        # forms seen on other consultation pages
        ("1. Why? (up to 2000 characters including spaces)", "Why?", None, 2000),
        ("1. Why? - max 100 words", "Why?", 100, None),
        ("1. Why? [Maximum 250 words]", "Why?", 250, None),
        ("1. Why? (Max 100 words.)", "Why?", 100, None),
        ("1. Why? Character limit: 1,200", "Why?", None, 1200),
        ("1. Why? 250 words max.", "Why?", 250, None),
        ("1. Explain your answer. no more than 300 words", "Explain your answer.", 300, None),
        # a number of words inside the question is not a limit
        ("1. Is 100 words of guidance - or more - enough?", "Is 100 words of guidance - or more - enough?", None, None),
        ("1. Should up to 500 words of guidance be given?", "Should up to 500 words of guidance be given?", None, None),
        ("1. In 200 words, tell us why.", "In 200 words, tell us why.", None, None),
    ],
)
def test_limits_however_written_become_limit_and_chars(
    line: str, text: str, words: int | None, chars: int | None
) -> None:
    [q] = parse_questions(line + "\n")[0]
    assert (q.text, q.limit, q.chars) == (text, words, chars)


def test_sub_questions_are_their_own_questions() -> None:
    questions, _ = parse_questions(
        "3. Do you agree with the proposals? (100 words)\n"
        "(a) For adults? Max 50 words.\n"
        "b) For children, and for young people\n"
        "   leaving care? (300 characters)\n"
        "4. Anything else?\n"
    )
    assert [(q.id, q.text, q.limit, q.chars) for q in questions] == [
        ("q3", "Do you agree with the proposals?", 100, None),
        ("q3a", "For adults?", 50, None),
        ("q3b", "For children, and for young people leaving care?", None, 300),
        ("q4", "Anything else?", None, None),
    ]


def test_new_writes_limit_and_chars_into_response_yaml(bench: Bench, tmp_path: Path) -> None:
    pasted_page = tmp_path / "questions.txt"
    pasted_page.write_text(
        "Consultation questions\n1. Do you agree? [250 word limit]\n(a) Why? (1,000 characters)\n",
        encoding="utf-8",
    )
    result = run(
        [
            "new", "online-survey", "--title", "Our answers", "--organisation", "Riverside Peer Network",
            "--consultation", "Crisis houses", "--by", "Eastmoor ICB", "--questions", str(pasted_page),
        ],
        cwd=bench.root,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = (bench.root / "responses" / "online-survey" / "response.yaml").read_text(encoding="utf-8")
    assert "text: Do you agree?\n    limit: 250\n" in written
    assert "id: q1a\n    text: Why?\n    chars: 1000\n" in written
    assert run(["check", str(bench.root / "responses" / "online-survey"), "--draft"]).exit_code == 0


# ------------------------------------------------------------------ profiles


def test_every_profile_names_formats_that_exist() -> None:
    from pipeline.profiles import profiles
    from pipeline.render import formats

    found = profiles()
    assert {"report", "online-form"} <= set(found)
    for profile in found.values():
        assert profile.title
        assert set(profile.formats) <= set(formats())


def test_an_online_form_builds_the_answers_by_default(bench: Bench) -> None:
    set_response(bench, "confidentiality: none", "confidentiality: none\n    submit_to: online-form")
    result = run(["build", str(bench.response)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in bench.out.iterdir()) == ["crisis-house-answers", "crisis-house-answers.txt"]
    assert sorted(p.name for p in (bench.out / "crisis-house-answers").iterdir()) == ["q1.txt", "q2.txt"]
    # --format still chooses
    assert run(["build", str(bench.response), "--format", "html"]).exit_code == 0
    assert (bench.out / "crisis-house.html").is_file()


def test_an_unknown_profile_is_refused_with_a_suggestion(bench: Bench) -> None:
    set_response(bench, "confidentiality: none", "confidentiality: none\n    submit_to: online-from")
    [found] = [f for f in findings(bench) if f["code"] == "profile.unknown"]
    assert "online-from" in str(found["message"]) and "online-form" in str(found["fix"])
    assert found["line"] == 13  # the submit_to: line
    assert_user_error(run(["build", str(bench.response)]))


def test_status_shows_characters_against_their_limit(bench: Bench) -> None:
    words, chars = counts(bench)
    set_response(bench, "limit: 120", f"limit: 120\n        chars: {chars - 5}")
    out = run(["status", str(bench.response)]).output
    assert f"{words} / 120; {chars} / {chars - 5} characters (5 over)" in out
    data = json.loads(run(["status", str(bench.response), "--json"]).output)
    text = json.dumps(data)
    assert f'"chars": {chars}' in text and f'"chars_limit": {chars - 5}' in text


def test_the_guard_reads_each_file_of_the_folder(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.render import answers_files

    real = answers_files.render
    monkeypatch.setattr(
        answers_files, "render", lambda doc, ctx: {**real(doc, ctx), "q9.txt": b"Thanks to Bo Lindqvist."}
    )
    out = assert_user_error(run(["build", str(bench.response), "--format", "answers"]))
    assert "crisis-house-answers/q9.txt" in out
    assert not (bench.out / "crisis-house-answers").exists()
