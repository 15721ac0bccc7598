"""One rule for where a private file may go (render/out_folder.refuse_private_destination): the hours
report, a letter, a person's sheet and the year's report are written where the user says, but never
into build/ (where submissions are made and sent from) nor where the workbench keeps people's work,
however the folder is typed: letter case, a Windows trailing dot, `..`, the workbench itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import assert_user_error, run

ROOT = Path(__file__).resolve().parent.parent
SLUG = "mental-health-act-review"
COMMANDS = {
    "hours": lambda out: ["hours", SLUG, "--csv", "--out", f"{out}/hours.csv"],
    "tell": lambda out: ["tell", "bev", SLUG, "--out", out, "--no-pdf"],
    "report": lambda out: ["report", "--from", "2021-01-01", "--to", "2021-12-31", "--out", out],
    "sheet": lambda out: ["contributor", "sheet", "bev", "--out", out],
}
TYPED = ["build", "Build/letters", "build./x", "responses/../contributors", "templates/x", "TEMPLATES", "."]


@pytest.fixture(scope="module")
def wb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("private") / "wb"
    for folder in ("contributors", "responses", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("typed", TYPED)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_private_file_is_never_written_where_builds_or_peoples_work_go(wb: Path, command: str, typed: str) -> None:
    before = _files(wb)
    output = assert_user_error(run(COMMANDS[command](typed), cwd=wb), code=2)
    assert "inside" in output or "top folder" in output, output
    assert "write it elsewhere" in output
    assert _files(wb) == before  # nothing written, nothing changed (a sheet records nothing either)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_folder_of_its_own_is_fine(wb: Path, tmp_path: Path, command: str) -> None:
    result = run(COMMANDS[command](str(tmp_path / "private")), cwd=wb)
    assert result.exit_code == 0, result.output
    assert any((tmp_path / "private").iterdir())
