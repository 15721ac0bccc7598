"""Ctrl-C on a real `coproduce serve` while its build page lays out a long PDF (promises 4 and 5).

The server runs in a session of its own (tests/kill_build.py, so a long PDF is always cut into parts and laid
out by a pool of two children); the build page's button is pressed; once the pool's children are there,
Ctrl-C goes to the server's whole process group, as a terminal sends it. Then: serve says "Stopped." and
exits 0, with no traceback; every process it started has exited (its output pipe closes); and the output
folder holds no set or a whole one, never a part.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.bench.generate import make_response

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _in_session(session: int) -> list[str]:
    """The command lines of the processes running in `session` (Linux's /proc). A process whose memory is gone
    has an empty command line: it has ended, or is ending (its output was closed first), or is a zombie waiting
    for its parent to read its status (in a container whose first process does not reap them, the children of
    an ended process stay so)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != session:
                continue
            if (entry / "stat").read_text().rpartition(")")[2].split()[0] == "Z":
                continue
            if command := (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip():
                found.append(command)
        except (OSError, ProcessLookupError, IndexError):
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="reads the processes from Linux's /proc")
def test_ctrl_c_on_serve_during_a_build_stops_everything_quietly(tmp_path: Path) -> None:
    folder = make_response(tmp_path / "wb", 40)
    root = folder.parents[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPRODUCE_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.kill_build", "never", "--", "serve"],
        cwd=root,
        env={**env, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert server.stdout is not None
    try:
        line = server.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=([\w-]+)", line)
        assert found, line
        base, token = found.groups()
        client = httpx.Client(base_url=base, follow_redirects=False, timeout=600)
        assert client.get(f"/?token={token}").status_code == 303
        page = client.get(f"/r/{folder.name}/build").text
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
        assert xsrf, "the build page's form carries its token"

        def press() -> None:  # answered with an error page once serve stops, or not at all
            with contextlib.suppress(httpx.HTTPError):
                client.post(
                    f"/r/{folder.name}/build", data={"_xsrf": xsrf.group(1), "kind": "draft"}, headers={"origin": base}
                )

        pressing = threading.Thread(target=press, daemon=True)
        pressing.start()
        for _ in range(6000):  # until the pool's children are there: a wait, not a measurement
            if sum("multiprocessing.forkserver" in c for c in _in_session(server.pid)) >= 3:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the build's pool never started")
        os.killpg(server.pid, signal.SIGINT)
        said, _ = server.communicate(timeout=600)  # returns once every process holding its output has exited
        pressing.join(timeout=600)  # its answer came, or its connection closed with the server
        client.close()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    assert server.returncode == 0, said
    assert "Traceback" not in said and "Aborted" not in said, said
    assert said.rstrip().endswith("Stopped."), said
    assert _in_session(server.pid) == []
    out = root / "build" / f"{folder.name}.draft"
    if out.exists():  # the build finished within serve's two seconds' grace: its set is whole
        import pikepdf

        with pikepdf.open(out / f"{folder.name}.pdf") as pdf:
            assert len(pdf.pages) > 1
    assert not [p for p in (root / "build").rglob("*") if p.name.endswith(".part") or ".staging-" in p.name]
