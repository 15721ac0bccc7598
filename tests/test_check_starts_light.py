"""A small response's `check` is not dominated by imports (issue 23): it loads no output reader, no writer,
no web client and, outside git, not GitPython; inside git (or under a folder that is), history still reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.assemble.history import _may_be_in_git, in_repository
from tests.factory import make_bench

ROOT = Path(__file__).resolve().parents[1]
HEAVY = (
    "git",
    "pipeline.render.guard",
    "pipeline.render.write",
    "filelock",
    "urllib.request",
    "pipeline.privacy.readers",  # the guard's output readers: the check of the look needs only read_html's rule
    "pipeline.privacy.read_pdf",
    "pipeline.privacy.read_zip",
)


def _modules_after_check(bench_root: Path, response: Path, env: dict[str, str] | None = None) -> list[str]:
    code = (
        "import sys, json\nfrom pathlib import Path\nfrom pipeline.build import check\n"
        "from pipeline.settings import make_settings\n"
        f"check(Path({str(response)!r}), make_settings(draft=True))\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=bench_root,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_check_outside_git_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    assert not in_repository(bench.root)
    assert _modules_after_check(bench.root, bench.response) == []


def test_check_in_git_still_reads_the_history(tmp_path: Path) -> None:
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    outer = tmp_path / "repo"
    bench = make_bench(outer / "deep" / "wb")  # the repository is two folders above the workbench
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    assert _may_be_in_git(bench.root) and in_repository(bench.root)
    assert _modules_after_check(bench.root, bench.response) == ["git"]


def test_a_repository_named_by_git_dir_is_not_missed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bench = make_bench(tmp_path / "wb")
    assert not _may_be_in_git(bench.root)
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere.git"))
    assert _may_be_in_git(bench.root)  # left to GitPython to decide
    monkeypatch.delenv("GIT_DIR")
    (tmp_path / ".git").write_text("gitdir: /somewhere/else\n")  # a worktree's or submodule's .git file
    assert _may_be_in_git(bench.root)
