"""The build end to end: what comes out, in what order, and that it is the same every time."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from tests.conftest import assert_user_error, pdf_text, run
from tests.factory import Bench, signed

SECTION_ORDER = [
    "Summary of key recommendations",
    "Answers to the consultation questions",
    "What should a crisis house offer?",
    "How should people be referred?",
    "In our own words",
    "Credits",
]


def test_pdf_reads_like_a_submission(built: Bench) -> None:
    pdf = built.out / "crisis-house.pdf"
    reader = PdfReader(pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Contents" not in text  # a short response has no contents list (issue 22)
    positions = [text.find(s) for s in SECTION_ORDER[:-1]] + [text.rfind("Credits")]
    assert all(p >= 0 for p in positions), dict(zip(SECTION_ORDER, positions, strict=True))
    assert positions == sorted(positions)
    first_page = " ".join(reader.pages[0].extract_text().split())
    for s in (
        "Response to the Eastmoor crisis-house survey",
        "Riverside Peer Network",
        "Crisis houses in Eastmoor",
        "Eastmoor Integrated Care Board",
        "1 March 2026",
        "20 February 2026",
    ):
        assert s in first_page
    assert "Content note" in text and "mentions self-harm" in text
    assert "Eastmoor has six crisis beds" in text  # the footnote
    assert reader.metadata.title == "Response to the Eastmoor crisis-house survey"
    assert reader.metadata.author == "Riverside Peer Network"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_docx_has_headings_in_order_and_core_properties(built: Bench) -> None:
    d = docx.Document(str(built.out / "crisis-house.docx"))
    assert d.paragraphs[0].style.name == "Title" or any(p.style.name == "Title" for p in d.paragraphs[:3])
    h1 = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert h1 == [
        "Summary of key recommendations",
        "How this response was co-produced",
        "Answers to the consultation questions",
        "In our own words",
        "Credits",
    ]
    h2 = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert h2 == ["Question 1: What should a crisis house offer?", "Question 2: How should people be referred?"]
    cp = d.core_properties
    assert (cp.title, cp.author, cp.last_modified_by) == (
        "Response to the Eastmoor crisis-house survey",
        "Riverside Peer Network",
        "Riverside Peer Network",
    )
    assert cp.created.date().isoformat() == "2026-02-20"


def test_answers_text_is_ready_for_an_online_form(built: Bench) -> None:
    text = (built.out / "crisis-house-answers.txt").read_text()
    assert "Question 1: What should a crisis house offer?\nWords: " in text
    assert "(limit 120)" in text
    assert "calm room" in text and "**" not in text  # plain text, no Markdown
    assert "— Peer Researcher" in text
    assert text.index("Question 1:") < text.index("Question 2:")


def test_the_method_section_lists_the_sessions(built: Bench) -> None:
    d = docx.Document(str(built.out / "crisis-house.docx"))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "Workshop on what helps in a crisis" in cells
    # gus withdrew: the workshop counts four people, not five
    row = next(r for t in d.tables for r in t.rows if r.cells[1].text == "Workshop on what helps in a crisis")
    assert [c.text for c in row.cells] == ["12 January 2026", "Workshop on what helps in a crisis", "4", "2.5"]


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_input_same_bytes(built: Bench, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run(["build", str(built.response), "--out", str(again)])
    assert result.exit_code == 0, result.output
    assert _digests(again) == _digests(built.out)
    assert len(_digests(again)) == 4


def test_format_and_out_choose_what_is_written(bench: Bench, tmp_path: Path) -> None:
    result = run(["build", str(bench.response), "--format", "txt,html", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["crisis-house-answers.txt", "crisis-house.html"]


def test_draft_builds_unapproved_work_and_marks_it(bench: Bench) -> None:
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [ada]\nstatus: draft\n---\nStill thinking.\n")
    result = run(["build", "--draft", str(bench.response), "--format", "docx,html,txt"])
    assert result.exit_code == 0, result.output
    assert "is 'draft', not approved" in result.output  # still said, as a warning
    assert "DRAFT" in (bench.draft_out / "crisis-house.html").read_text()
    header = docx.Document(str(bench.draft_out / "crisis-house.docx")).sections[0].header
    assert "DRAFT" in " ".join(p.text for p in header.paragraphs)
    assert "Still thinking." in (bench.draft_out / "crisis-house-answers.txt").read_text()


def test_final_build_is_not_marked_draft(built: Bench) -> None:
    assert "DRAFT" not in (built.out / "crisis-house.html").read_text()
    assert "DRAFT" not in pdf_text(built.out / "crisis-house.pdf")


def test_a_failed_build_leaves_the_last_good_outputs(bench: Bench) -> None:
    assert run(["build", str(bench.response), "--format", "txt,html"]).exit_code == 0
    before = _digests(bench.out)
    bench.contribution("70-x.md", "---\nanswers: q3\nby: [nobody]\nstatus: approved\n---\nNew text.\n")
    assert_user_error(run(["build", str(bench.response), "--format", "txt,html"]))
    assert _digests(bench.out) == before
    assert not [p for p in bench.out.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_a_crash_while_rendering_writes_nothing(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["build", str(bench.response), "--format", "txt,html"]).exit_code == 0
    before = _digests(bench.out)
    bench.contribution("70-x.md", signed("---\nanswers: q3\nby: [ada]\nstatus: approved\n---\nNew text.\n"))
    from pipeline.render import html

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(html, "render", broken)
    with pytest.raises(RuntimeError):
        from pipeline.build import build
        from pipeline.settings import make_settings

        build(bench.response, make_settings(formats=("txt", "html")))
    assert _digests(bench.out) == before


def test_printed_date_comes_from_source_date_epoch_when_not_given(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (bench.response / "response.yaml").read_text().replace("date: 2026-02-20\n", "")
    (bench.response / "response.yaml").write_text(text)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 1 January 2026
    assert run(["build", str(bench.response), "--format", "html"]).exit_code == 0
    assert "1 January 2026" in (bench.out / "crisis-house.html").read_text()


def test_internal_errors_are_reported_without_a_traceback() -> None:
    """In its own process: `main` ends the process (cli.leave), as the `coproduce` command does."""
    script = (
        "import pipeline.cli as cli_module\n"
        "def boom(*a, **k):\n    raise RuntimeError('unexpected')\n"
        "cli_module.cli = boom\n"
        "cli_module.main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "COPRODUCE_DEBUG"}
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env)
    assert ended.returncode == 3
    err = ended.stderr
    assert "internal error" in err and "Traceback" not in err
