"""What a command killed while it wrote a file in the workbench leaves, and who removes it (promise 5).

`approve` runs in a child process (tests/kill_build.py) and is killed with SIGKILL at a step on the disk:
while it writes its batch of part files (none renamed yet), and half-way through the renames. Each
contribution is then its old bytes or its new ones, never a mix; the hidden part files (whole copies of
people's words) are there; the next `approve` finishes the job and removes them. Then the rule for what
is removed, with files made by hand: only this program's own part files, of this computer, whose process no
longer runs; never a running process's, another computer's, or anything a person or another program made.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pipeline.render import part_files
from pipeline.render.write import write_atomic, write_atomic_many
from tests.bench.generate import make_response

REPO = Path(__file__).resolve().parents[1]
DAY = "2026-03-01"  # every run approves on the same day, whatever the clock says


def _approve(root: Path, slug: str, when: str) -> subprocess.CompletedProcess[str]:
    files = sorted(str(p.relative_to(root)) for p in (root / "responses" / slug).glob("*.md"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPRODUCE_")}
    return subprocess.run(
        [sys.executable, "-m", "tests.kill_build", when, "--", "approve", *files, "--by", "p0"],
        cwd=root,
        env={**env, "PYTHONPATH": str(REPO), "COPRODUCE_TODAY": DAY},
        capture_output=True,
        text=True,
        timeout=600,  # only so a regression fails instead of hanging; nothing is timed
        check=False,
    )


def _texts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.fixture(scope="module")
def approved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("parts")
    folder = make_response(base / "before", 40)
    whole = base / "whole"
    shutil.copytree(base / "before", whole)
    done = _approve(whole, folder.name, "never")
    assert done.returncode == 0, done.stderr
    before, after = _texts(folder), _texts(whole / "responses" / folder.name)
    assert before.keys() == after.keys() and all(before[k] != after[k] for k in before)
    return {"base": base, "slug": folder.name, "before": before, "after": after}


@pytest.mark.slow
@pytest.mark.parametrize(("step", "renamed"), [(20, False), (100, True)])
def test_a_killed_approve_leaves_each_file_whole_and_the_next_one_removes_its_copies(
    approved: dict[str, object], tmp_path: Path, step: int, renamed: bool
) -> None:
    root = tmp_path / "wb"
    shutil.copytree(Path(str(approved["base"])) / "before", root)
    slug = str(approved["slug"])
    folder = root / "responses" / slug
    killed = _approve(root, slug, f"step:{step}")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    before, after = approved["before"], approved["after"]
    assert isinstance(before, dict) and isinstance(after, dict)
    now = _texts(folder)
    assert all(now[name] in (before[name], after[name]) for name in before)
    assert any(now[name] == after[name] for name in before) is renamed
    left = _parts(folder)
    assert left, "the kill came while part files were on the disk"
    assert all(part_files._OURS.fullmatch(name) for name in left)  # noqa: SLF001 - the rule under test

    again = _approve(root, slug, "never")
    assert again.returncode == 0, again.stderr
    assert _texts(folder) == after
    assert _parts(folder) == []


def _ended() -> int:
    """The id of a process of this computer that has ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_only_this_programs_part_files_of_ended_processes_are_removed(tmp_path: Path) -> None:
    gone, host = _ended(), part_files.HOST
    other_host = "0" * 8 if host != "0" * 8 else "1" * 8
    waiting = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        removed = [f".notes.md.{host}-{gone}-abc123xy.part", f".a.b.yaml.{host}-{gone}-z_9.part"]
        kept = [
            f".notes.md.{host}-{os.getpid()}-abc123xy.part",  # this process is writing it
            f".notes.md.{host}-{waiting.pid}-abc123xy.part",  # another running command is
            f".notes.md.{other_host}-{gone}-abc123xy.part",  # another computer's, on a synced folder
            "report.pdf.part",  # a browser's download
            ".notes.md.part",
            f"notes.md.{host}-{gone}-abc123xy.part",  # not hidden: not a name this program makes
            f".notes.md.{host}-{gone}-abc123xy.part.md",
            f".{host}-{gone}-abc123xy.part",
        ]
        for name in removed + kept:
            (tmp_path / name).write_text("Words someone wrote.\n", encoding="utf-8")
        (tmp_path / f".dir.{host}-{gone}-abcdefgh.part").mkdir()
        (tmp_path / f".link.{host}-{gone}-abcdefgh.part").symlink_to(tmp_path / "report.pdf.part")
        write_atomic(tmp_path / "notes.md", b"New words.\n")
    finally:
        waiting.communicate(b"")
    on_disk = sorted(p.name for p in tmp_path.iterdir())
    assert (
        sorted([*kept, "notes.md", f".dir.{host}-{gone}-abcdefgh.part", f".link.{host}-{gone}-abcdefgh.part"])
        == on_disk
    )


def test_a_write_of_many_files_removes_the_leftovers_in_each_folder(tmp_path: Path) -> None:
    gone, host = _ended(), part_files.HOST
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f".a.md.{host}-{gone}-qwertyui.part").write_text("old copy\n", encoding="utf-8")
    (tmp_path / "three").mkdir()
    (tmp_path / "three" / f".a.md.{host}-{gone}-qwertyui.part").write_text("old copy\n", encoding="utf-8")
    write_atomic_many([(tmp_path / "one" / "a.md", b"1\n"), (tmp_path / "two" / "b.md", b"2\n")])
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["a.md"]
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == ["b.md"]
    assert len(list((tmp_path / "three").iterdir())) == 1  # nothing was written there


def test_the_part_file_names_no_one(tmp_path: Path) -> None:
    """The computer's name (often its owner's: 'Nye-Jessops-Laptop') is in a part file's name only as a hash."""
    fd, name = part_files.make(tmp_path / "notes.md")
    os.close(fd)
    host = platform.node().lower()
    assert len(host) < 4 or host not in Path(name).name.lower()  # a very short name could be in the random part
    assert part_files._OURS.fullmatch(Path(name).name)  # noqa: SLF001


def test_the_guards_page_store_removes_what_a_killed_save_left(tmp_path: Path) -> None:
    """The store of page texts (printed words) is saved as every file is: a killed save's copy, which could
    hold words withdrawn since, goes at the next save."""
    from pipeline.privacy.page_texts import PageTexts

    left = tmp_path / f".p.json.{part_files.HOST}-{_ended()}-abcdefgh.part"
    left.write_text('{"pages": {"k": "Words withdrawn since."}}', encoding="utf-8")
    store = PageTexts(tmp_path / "p.json")
    store.put("k2", "Words printed now.")
    store.save(write_atomic)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]
    assert "Words printed now." in (tmp_path / "p.json").read_text(encoding="utf-8")


def test_an_upload_left_in_the_temporary_folder_by_a_killed_serve_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upload or a reviewed copy waits in a private folder of the system's temporary folder; one a killed
    `serve` left (a volunteer's document) goes when the next is made, and nothing else there does."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone, host = _ended(), part_files.HOST
    other_host = "0" * 8 if host != "0" * 8 else "1" * 8
    removed = [f"coproduce-upload-{host}-{gone}-abc_12xy", f"coproduce-review-{host}-{gone}-k2"]
    kept = [
        f"coproduce-upload-{host}-{os.getpid()}-abc12xyz",  # this process's, in use
        f"coproduce-upload-{other_host}-{gone}-abc12xyz",
        "coproduce-upload-abc12xyz",  # an earlier version's: whose it is cannot be told
        f"someone-else-{host}-{gone}-abc12xyz",
    ]
    for name in removed + kept:
        (tmp_path / name).mkdir()
        (tmp_path / name / "upload-3f2a.docx").write_bytes(b"PK a volunteer's words")
    (tmp_path / f"coproduce-upload-{host}-{gone}-afile").write_bytes(b"not a folder")
    (tmp_path / f"coproduce-upload-{host}-{gone}-alink").symlink_to(tmp_path / kept[0])
    with part_files.staging("upload") as made:
        assert Path(made).parent == tmp_path
        assert re.fullmatch(rf"coproduce-upload-{host}-{os.getpid()}-[a-z0-9_]+", Path(made).name)
        assert oct(Path(made).stat().st_mode & 0o777) == oct(0o700)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([*kept, f"coproduce-upload-{host}-{gone}-afile", f"coproduce-upload-{host}-{gone}-alink"])
    assert (tmp_path / kept[0] / "upload-3f2a.docx").exists()  # the link was removed as a name, if at all
