"""A build killed with SIGKILL at any moment (promise 5), on the path where a long PDF is laid out in parts.

The build runs as a child process (tests/kill_build.py) and kills itself, as the out-of-memory killer or a
closed terminal would: while its pool of children lays out, before any pool, and at each step on the disk
(a folder made, a file flushed, renamed or removed) of a build that replaces an earlier one and keeps its
parts. Then:

- nothing it started is left running: its output pipe closes only when every process holding it (the
  forkserver, the pool's children, the resource tracker) has exited. Before `pdf_parts._follow`, they all
  waited for ever, each holding WeasyPrint;
- the output folder holds the last good set, whole, or the new one, whole: never a mix, never a part file;
- the next build gives the bytes a cold build gives (nothing half-kept in the cache is used).

Also two builds of the same response at once, sharing the folder of kept parts: both finish, with a cold
build's bytes, and what they kept serves the next build.

No timer decides anything here: the kills are at counted steps, not after a delay.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.generate import make_response
from tests.bench.worker import _edit_one

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
FORMATS = "pdf,docx,html,txt"
HANG = 60  # seconds: only so a regression fails instead of hanging the suite; nothing is timed


def _run(root: Path, slug: str, when: str) -> subprocess.CompletedProcess[str]:
    """`coproduce build` of `slug` in the workbench `root`, killed as `when` says; returns once every process
    that could hold its output has closed it."""
    started = _start(root, slug, when)
    out, err = started.communicate(timeout=HANG)
    return subprocess.CompletedProcess(started.args, started.returncode, out, err)


def _start(root: Path, slug: str, when: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.kill_build", when, "--", "build", f"responses/{slug}", "--draft"]
        + ["--format", FORMATS],
        cwd=root,
        env={**_env(), "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a Ctrl-C it sends its own group reaches nothing of the test's
    )


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("COPRODUCE_")}


def _outputs(root: Path, slug: str) -> dict[str, str]:
    """Every file in the output folder, by name, as a SHA-256 of its bytes."""
    out = root / "build" / f"{slug}.draft"
    if not out.exists():
        return {}
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A workbench whose last build (parts kept) is `old`, one contribution edited since; what a cold build of
    the edited workbench gives (`new`); and how many steps on the disk the rebuild takes."""
    base = tmp_path_factory.mktemp("kill")
    folder = make_response(base / "before", 40)
    slug = folder.name
    done = _run(base / "before", slug, "never")
    assert done.returncode == 0, done.stderr
    old = _outputs(base / "before", slug)
    assert (base / "before" / "build" / ".cache" / "pdf").is_dir()  # parts were kept: the path under test
    _edit_one(folder)  # as a volunteer's save would
    cold = base / "cold"
    shutil.copytree(base / "before", cold, ignore=shutil.ignore_patterns("build"))
    done = _run(cold, slug, "never")
    assert done.returncode == 0, done.stderr
    new = _outputs(cold, slug)
    assert set(new) == set(old) and new != old and len(new) == 4
    counting = base / "counting"
    shutil.copytree(base / "before", counting)
    done = _run(counting, slug, f"count:{base / 'steps'}")
    assert done.returncode == 0, done.stderr
    assert _outputs(counting, slug) == new  # a warm rebuild gives a cold build's bytes
    steps = int((base / "steps").read_text())
    assert steps > 10
    return {"base": base, "slug": slug, "old": old, "new": new, "steps": steps}


def _killed_then_rebuilt(states: dict[str, object], tmp_path: Path, when: str, *, kept: bool = True) -> None:
    """`kept`: the parts the last build kept are there, so the rebuild lays out only the edited part, in this
    process; without them every part is laid out again, by the pool."""
    root = tmp_path / "wb"
    shutil.copytree(
        Path(str(states["base"])) / "before", root, ignore=None if kept else shutil.ignore_patterns(".cache")
    )
    slug = str(states["slug"])
    killed = _run(root, slug, when)  # returning at all: nothing it started holds its output any longer
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert "Traceback" not in killed.stderr
    left = _outputs(root, slug)
    assert left in (states["old"], states["new"]), f"{when}: a mix of sets: {sorted(left)}"
    again = _run(root, slug, "never")
    assert again.returncode == 0, again.stderr
    assert _outputs(root, slug) == states["new"], f"{when}: the build after the kill is not a cold build's bytes"
    build = root / "build"  # no staging folder or part file left beside the outputs or in the cache
    assert sorted(os.listdir(build)) == sorted([".cache", f"{slug}.draft", f".{slug}.draft.lock"])
    assert not [p for p in (build / ".cache").rglob("*") if p.name.startswith(".") or p.name.endswith(".part")]


@pytest.mark.parametrize("when", ["waiting:1", "waiting:3", "checking"])
def test_a_kill_while_laying_out_leaves_nothing_running_and_the_old_set(
    states: dict[str, object], tmp_path: Path, when: str
) -> None:
    _killed_then_rebuilt(states, tmp_path, when, kept=False)


def test_a_kill_at_any_step_on_the_disk_leaves_one_whole_set(states: dict[str, object], tmp_path: Path) -> None:
    steps = int(str(states["steps"]))
    # the first and last steps, and eight between: each is its own killed build and rebuild
    chosen = sorted({1, 2, steps - 1, steps, *(1 + (steps - 1) * k // 9 for k in range(1, 9))})
    for n in chosen:
        _killed_then_rebuilt(states, tmp_path / f"step{n}", f"step:{n}")


def test_a_kill_at_a_step_of_a_build_that_lays_out_every_part(states: dict[str, object], tmp_path: Path) -> None:
    for n in (1, int(str(states["steps"])) // 2):  # the pool's children are running or have been
        _killed_then_rebuilt(states, tmp_path / f"step{n}", f"step:{n}", kept=False)


@pytest.mark.parametrize("when", ["interrupt:1", "interrupt:4", "interrupt:6"])
def test_ctrl_c_while_laying_out_stops_every_process_quietly_and_keeps_the_old_set(
    states: dict[str, object], tmp_path: Path, when: str
) -> None:
    """Ctrl-C reaches every process in the terminal's group: before `_follow`, a child waiting for work
    printed Python's traceback of the interrupt (at the 4th and 6th wait here, when one child has finished
    its part), and the builder waited for the layouts under way to finish before stopping."""
    root = tmp_path / "wb"
    shutil.copytree(Path(str(states["base"])) / "before", root, ignore=shutil.ignore_patterns(".cache"))
    slug = str(states["slug"])
    stopped = _run(root, slug, when)
    assert stopped.returncode == 1, stopped.stderr
    assert "Traceback" not in stopped.stderr and "KeyboardInterrupt" not in stopped.stderr, stopped.stderr
    assert _outputs(root, slug) == states["old"]
    again = _run(root, slug, "never")
    assert again.returncode == 0, again.stderr
    assert _outputs(root, slug) == states["new"]


def test_two_builds_at_once_both_give_a_cold_builds_bytes_and_keep_whole_parts(
    states: dict[str, object], tmp_path: Path
) -> None:
    """Both lay out every part (no parts kept) and keep them in the same folder, each pruning what it did not
    use; the second waits for the first to finish writing the outputs."""
    root = tmp_path / "wb"
    shutil.copytree(Path(str(states["base"])) / "before", root, ignore=shutil.ignore_patterns(".cache"))
    slug = str(states["slug"])
    builds = [_start(root, slug, "never") for _ in range(2)]
    for build in builds:
        _, err = build.communicate(timeout=HANG)
        assert build.returncode == 0, err
    assert _outputs(root, slug) == states["new"]
    kept = [p for p in (root / "build" / ".cache" / "pdf").rglob("*") if p.is_file()]
    assert kept and not [p for p in kept if p.name.startswith(".") or p.suffix not in (".pdf", ".json")]
    assert sorted(p.with_suffix("") for p in kept if p.suffix == ".pdf") == sorted(
        p.with_suffix("") for p in kept if p.suffix == ".json"
    )
    again = _run(root, slug, "never")  # what they kept is whole: the next build gives the same bytes
    assert again.returncode == 0, again.stderr
    assert _outputs(root, slug) == states["new"]
