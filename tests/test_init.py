"""`coproduce init [DIR]`: a workbench from nothing, ready for `new`, never overwriting a file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.load.brand import read_brand
from pipeline.load.workbench import SHIPPED_TEMPLATES, Workbench
from tests.conftest import assert_user_error, run

MADE = ("contributors/.gitkeep", "responses/.gitkeep", "templates/brand.yaml", ".gitignore", "README.md")
NEW = ["--title", "Crisis care", "--organisation", "Riverside", "--consultation", "Crisis", "--by", "A board"]


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_makes_a_workbench_in_a_new_folder(tmp_path: Path) -> None:
    result = run(["init", "bench"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    root = tmp_path / "bench"
    assert files_under(root) == sorted(MADE)
    assert "Made a workbench in bench" in result.output and "coproduce new" in result.output
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "contributors/" in readme and "coproduce build" in readme and "coproduce check" in readme


def test_init_works_in_an_existing_empty_folder_and_new_works_straight_after(tmp_path: Path) -> None:
    root = tmp_path / "ours"
    root.mkdir()
    assert run(["init"], cwd=root).exit_code == 0
    result = run(["new", "crisis-care", *NEW], cwd=root)
    assert result.exit_code == 0, result.output
    assert (root / "responses" / "crisis-care" / "response.yaml").is_file()
    check = run(["check", "--draft"], cwd=root)
    assert check.exit_code == 0, check.output


def test_check_in_a_new_workbench_says_there_are_no_responses_yet(tmp_path: Path) -> None:
    assert run(["init", str(tmp_path)]).exit_code == 0
    out = assert_user_error(run(["check"], cwd=tmp_path), 2)
    assert "this workbench has no responses yet" in out and "coproduce new" in out


def test_init_refuses_to_overwrite_and_says_which_files(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("Our own notes.\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "brand.yaml").write_text('colours:\n  primary: "#123456"\n')
    out = assert_user_error(run(["init"], cwd=tmp_path), 2)
    assert "already has templates/brand.yaml, README.md, so nothing was written" in out
    assert (tmp_path / "README.md").read_text() == "Our own notes.\n"
    assert files_under(tmp_path) == ["README.md", "templates/brand.yaml"]  # nothing else was written


def test_init_refuses_a_file_as_the_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    out = assert_user_error(run(["init", "notes.txt"], cwd=tmp_path), 2)
    assert "notes.txt is a file, not a folder" in out


def test_the_brand_file_to_fill_in_changes_nothing_until_it_is_filled_in(tmp_path: Path) -> None:
    assert run(["init", str(tmp_path)]).exit_code == 0
    wb = Workbench(tmp_path)
    assert read_brand(wb.template_dirs) == read_brand(SHIPPED_TEMPLATES)
    assert read_brand(wb.template_dirs)[1] == []
    brand = tmp_path / "templates" / "brand.yaml"
    # taking the # off a section and one key changes that key only
    text = brand.read_text().replace('# colours:\n#   primary: "#1f4e79"', 'colours:\n  primary: "#123456"')
    brand.write_text(text)
    changed, problems = read_brand(wb.template_dirs)
    assert problems == [] and changed.primary == "#123456"
    assert changed.accent == read_brand(SHIPPED_TEMPLATES)[0].accent


def test_a_draft_builds_in_a_new_workbench_with_the_shipped_look(tmp_path: Path) -> None:
    assert run(["init", str(tmp_path)]).exit_code == 0
    added = run(["contributor", "add", "ada", "--name", "Ada Fenwick", "--credit", "name", "--quotes", "attributed",
                 "--lived-experience", "--agreed"], cwd=tmp_path)  # fmt: skip
    assert added.exit_code == 0, added.output
    questions = tmp_path / "questions.txt"
    questions.write_text("1. What should a crisis house offer?\n")
    made = run(["new", "crisis-care", *NEW, "--questions", str(questions)], cwd=tmp_path)
    assert made.exit_code == 0, made.output
    result = run(["add", "crisis-care", "--answers", "q1", "--by", "ada"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    [answer] = (tmp_path / "responses" / "crisis-care").glob("*-q1-*.md")
    answer.write_text(answer.read_text() + "A calm room.\n")
    built = run(["build", "crisis-care", "--draft", "--format", "html"], cwd=tmp_path)
    assert built.exit_code == 0, built.output
    page = (tmp_path / "build" / "crisis-care.draft" / "crisis-care.html").read_text(encoding="utf-8")
    assert "A calm room." in page and "<img" not in page  # the shipped look has no logo: never the tool's own


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("keep", [False, True])
def test_gitignore_keeps_builds_and_volunteers_originals_out_unless_asked(tmp_path: Path, keep: bool) -> None:
    assert run(["init", str(tmp_path), *(["--keep-originals"] if keep else [])]).exit_code == 0
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)

    def ignored(path: str) -> bool:
        found = subprocess.run(["git", "check-ignore", "-q", path], cwd=tmp_path, check=False)
        return found.returncode == 0

    assert ignored("build/crisis-care/crisis-care.pdf")
    assert ignored("responses/crisis-care/intake/Jordan answers.docx") is not keep
    assert ignored("responses/crisis-care/intake/record.yaml") is not keep
    assert not ignored("responses/crisis-care/40-q1-answer.md")
    assert not ignored("contributors/ada.yaml") and not ignored("templates/brand.yaml")
