"""How `coproduce` ends (cli.leave): as `sys.exit` would, with every exit handler run, the output flushed and the
same status, but without taking the interpreter apart (issue 23: that was 40 to 60 ms of CPU after every
command). Each case runs in its own process, since ending it is what is tested."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factory import make_bench

# output buffered as on a person's machine (some set PYTHONUNBUFFERED, and then nothing waits to be flushed)
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _ending(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    script = "import atexit, sys, threading, time\nfrom pipeline.cli import leave\n" + body
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=tmp_path, env=BUFFERED
    )


@pytest.mark.parametrize(("code", "status"), [("None", 0), ("0", 0), ("1", 1), ("2", 2), ("130", 130), ("256", 0)])
def test_the_status_is_the_one_sys_exit_gives(tmp_path: Path, code: str, status: int) -> None:
    normal = subprocess.run([sys.executable, "-c", f"import sys; sys.exit({code})"], check=False)
    assert normal.returncode == status
    assert _ending(tmp_path, f"leave({code})").returncode == status


def test_a_message_is_printed_and_the_status_is_one(tmp_path: Path) -> None:
    ended = _ending(tmp_path, "leave('no such response')")
    assert (ended.returncode, ended.stderr.strip()) == (1, "no such response")


def test_exit_handlers_run_and_buffered_output_is_written(tmp_path: Path) -> None:
    body = (
        "atexit.register(lambda: open('handled', 'w').write('yes'))\n"
        "for i in range(5_000):\n    sys.stdout.write(f'line {i}\\n')\n"  # the last of it still in the buffer
        "sys.stderr.write('said')\n"
        "leave(4)\n"
    )
    ended = _ending(tmp_path, body)
    assert ended.returncode == 4
    assert ended.stdout == "".join(f"line {i}\n" for i in range(5_000))
    assert ended.stderr == "said"
    assert (tmp_path / "handled").read_text() == "yes"


def test_a_thread_still_at_work_is_waited_for(tmp_path: Path) -> None:
    body = (
        "def work():\n    time.sleep(0.3)\n    open('finished', 'w').write('yes')\n"
        "threading.Thread(target=work).start()\n"
        "leave(5)\n"
    )
    ended = _ending(tmp_path, body)
    assert ended.returncode == 5
    assert (tmp_path / "finished").read_text() == "yes", "the usual exit, which waits for the thread"


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """The reader has gone (`| head` that has all it wanted): what is left in the buffer cannot be written, and
    that is no error: no traceback, and the command's own status."""
    reader = subprocess.Popen(["true"], stdin=subprocess.PIPE)
    reader.wait()  # the pipe has no reader now
    script = "import sys\nfrom pipeline.cli import leave\nsys.stdout.write('left in the buffer')\nleave(0)\n"
    assert reader.stdin is not None
    writer = subprocess.run(
        [sys.executable, "-c", script], stdout=reader.stdin, stderr=subprocess.PIPE, check=False, env=BUFFERED
    )
    reader.stdin.close()
    assert (writer.returncode, writer.stderr) == (0, b"")


def test_the_command_ends_with_its_outputs_whole(tmp_path: Path) -> None:
    """A whole build through the console entry point: every output there and complete, status 0."""
    bench = make_bench(tmp_path / "wb")
    out = tmp_path / "out"
    script = "from pipeline.cli import main\nmain()\n"
    ran = subprocess.run(
        [sys.executable, "-c", script, "build", "--draft", "--format", "docx,txt", "--out", str(out),
         str(bench.response)],
        capture_output=True, text=True, check=False, cwd=bench.root,
        env={**BUFFERED, "COPRODUCE_TODAY": "2026-02-20"},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    made = sorted(p.name for p in out.iterdir())
    assert any(name.endswith(".docx") for name in made) and any(name.endswith(".txt") for name in made)
    import zipfile

    for docx in out.glob("*.docx"):
        assert zipfile.ZipFile(docx).testzip() is None
    ran = subprocess.run([sys.executable, "-c", script, "check", "nosuch"], capture_output=True, text=True, check=False)
    assert ran.returncode == 2 and "Traceback" not in ran.stderr
