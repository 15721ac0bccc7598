"""A run of intake that fails or is interrupted part way leaves nothing that the next run copies twice.

The draft is written before the record; it names its original's sha256 in its front matter, so the
next run finds it and records it rather than writing a second draft from the same file.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.commands.intake import intake_time
from pipeline.load.workbench import Workbench
from pipeline.workflow.intake import contribution
from pipeline.workflow.intake.record import Record
from pipeline.workflow.intake.run import Intake
from tests.conftest import run
from tests.factory import Bench

CORPUS = Path(__file__).parent / "fixtures" / "intake"


def drafts(bench: Bench) -> list[str]:
    found = [p.relative_to(bench.response).as_posix() for p in bench.response.rglob("*-intake.md")]
    return sorted(found)


def pictures(bench: Bench) -> list[str]:
    return sorted(p.relative_to(bench.response).as_posix() for p in bench.response.rglob("*-picture-*"))


def entries(bench: Bench) -> list[dict[str, object]]:
    path = bench.response / "intake" / "record.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["taken_in"] if path.exists() else []


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    (folder / "ada" / "q1").mkdir(parents=True)
    (folder / "loose").mkdir()
    shutil.copy(CORPUS / "corpus-pictures.docx", folder / "ada" / "q1" / "photos.docx")  # filed by its folders
    shutil.copy(CORPUS / "corpus-web.odt", folder / "loose" / "evening.odt")  # unsorted
    return folder


def run_intake(bench: Bench, shared: Path) -> dict[str, str]:
    outcomes = Intake(Workbench(bench.root), bench.response, intake_time()).run(shared)
    return {o.source: o.status for o in outcomes}


def test_a_failure_after_the_draft_is_written_is_finished_by_the_next_run(
    bench: Bench, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(contribution, "write_original", broken)
        first = run_intake(bench, shared)
    assert set(first.values()) == {"refused"}  # reported as failed, each
    written = drafts(bench)
    assert written == ["21-q1-ada-intake.md", "unsorted/evening-intake.md"]  # the drafts were written
    assert entries(bench) == []  # but not recorded
    second = run_intake(bench, shared)
    assert second == {"ada/q1/photos.docx": "taken in", "loose/evening.odt": "unsorted"}
    assert drafts(bench) == written  # no second copy
    assert pictures(bench) == [
        "21-q1-ada-intake-picture-1.jpg",
        "21-q1-ada-intake-picture-2.png",
        "unsorted/evening-intake-picture-1.png",
    ]
    record = entries(bench)
    assert sorted(e["became"] for e in record) == written
    assert all("an earlier intake run stopped" in " ".join(e["notes"]) for e in record)  # type: ignore[arg-type]
    assert sorted((bench.response / "intake").rglob("*.docx")) == [bench.response / "intake/ada/q1/photos.docx"]
    assert set(run_intake(bench, shared).values()) == {"already"}
    assert drafts(bench) == written


def test_an_interrupted_run_is_finished_by_the_next(
    bench: Bench, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: Record) -> None:
        raise KeyboardInterrupt  # the coordinator pressed Ctrl+C as the first record was being saved

    with monkeypatch.context() as m:
        m.setattr(Record, "save", interrupted)
        with pytest.raises(KeyboardInterrupt):
            run_intake(bench, shared)
    assert drafts(bench) == ["21-q1-ada-intake.md"]  # the first file's draft; the run stopped there
    assert entries(bench) == []
    second = run_intake(bench, shared)
    assert second == {"ada/q1/photos.docx": "taken in", "loose/evening.odt": "unsorted"}
    assert drafts(bench) == ["21-q1-ada-intake.md", "unsorted/evening-intake.md"]
    assert len(pictures(bench)) == 3  # the pictures written before the stop were used again, not copied
    assert set(run_intake(bench, shared).values()) == {"already"}


def test_a_draft_filed_by_assign_keeps_its_original_sha_and_its_pictures(bench: Bench, shared: Path) -> None:
    run_intake(bench, shared)
    draft = bench.response / "unsorted" / "evening-intake.md"
    sha = contribution.original_sha(draft.read_text(encoding="utf-8"))
    assert len(sha) == 64
    result = run(["assign", str(draft), "q2", "--by", "bo"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    [filed] = [p for p in bench.response.glob("*-q2-bo-intake.md")]
    text = filed.read_text(encoding="utf-8")
    assert contribution.original_sha(text) == sha
    [(alt, target)] = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", text)
    assert alt == "Sketch of both bus routes and where they stop"
    assert target == filed.stem + "-picture-1.png"  # moved beside the filed draft, with it
    assert (bench.response / target).is_file()
    assert not list((bench.response / "unsorted").glob("*"))


def test_only_the_front_matter_can_name_an_original(bench: Bench, tmp_path: Path) -> None:
    """A volunteer's words that happen to hold the line intake writes do not stop their file coming in."""
    shared = tmp_path / "words"
    (shared / "ada" / "q1").mkdir(parents=True)
    first = shared / "ada" / "q1" / "first.txt"
    first.write_text("Some words about the crisis house.\n", encoding="utf-8")
    sha = hashlib.sha256(first.read_bytes()).hexdigest()
    bench.contribution(
        "25-q1-notes.md", f"---\nanswers: q1\nby: [ada]\nstatus: draft\n---\n# sha256 of the original: {sha}\n"
    )
    outcomes = run_intake(bench, shared)
    assert outcomes == {"ada/q1/first.txt": "taken in"}
    assert [d for d in drafts(bench) if d.endswith("-q1-ada-intake.md")]
