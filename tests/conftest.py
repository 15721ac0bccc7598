from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import cli
from tests.factory import Bench, make_bench

# The one clock, pinned for the whole suite: no test reads the calendar. A test that needs another
# day sets COPRODUCE_TODAY itself (monkeypatch); subprocesses inherit this one. CI runs the suite
# again under faketime years ahead (.ci/run) to prove nothing reads the wall clock behind it.
PINNED_TODAY = "2026-11-20"


def pytest_configure(config: pytest.Config) -> None:
    os.environ["COPRODUCE_TODAY"] = PINNED_TODAY


@pytest.fixture(autouse=True)
def computer_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """The computer's date (vocabulary.system_today, the one read of the real clock) is the day the test
    sets in COPRODUCE_TODAY, so no test reads the calendar. A test of a clock set back patches it itself."""
    import datetime as dt

    from pipeline import vocabulary

    def pinned() -> dt.date:
        value = os.environ.get(vocabulary.TODAY_VARIABLE, "").strip()
        try:
            return dt.date.fromisoformat(value or PINNED_TODAY)
        except ValueError:
            return dt.date.fromisoformat(PINNED_TODAY)

    monkeypatch.setattr(vocabulary, "system_today", pinned)


@pytest.fixture
def bench(tmp_path: Path) -> Bench:
    return make_bench(tmp_path / "wb")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Bench:
    """The invented workbench, built once in every format (PDFs are slow to make)."""
    b = make_bench(tmp_path_factory.mktemp("built") / "wb")
    result = run(["build", str(b.response)])
    assert result.exit_code == 0, result.output
    return b


def run(args: list[str], cwd: Path | None = None) -> Result:
    """Run the command line as a user would; its output is stdout and stderr together."""
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, args, catch_exceptions=True)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, args, catch_exceptions=True)
    finally:
        os.chdir(old)


def findings(bench: Bench, *args: str, response: str | None = None) -> list[dict[str, object]]:
    """`check --format json` as a tool reads it: every line one finding (the exit code is not looked at)."""
    result = run(["check", "--format", "json", *args, response or str(bench.response)], cwd=bench.root)
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """The folder volunteers drop their files into (a synced drive, say), empty."""
    folder = tmp_path / "shared"
    folder.mkdir()
    return folder


def assert_user_error(result: Result, code: int = 1) -> str:
    """A bad input ends with a message, the given status and no traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.output


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_metadata(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return " ".join(f"{k}={v}" for k, v in (reader.metadata or {}).items())


def docx_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        return {name: z.read(name).decode("utf-8", "replace") for name in z.namelist()}
