"""The pool a long PDF is laid out by (issue 23, item 1): started early, once, and only when it pays.

`build` starts the forkserver (WeasyPrint imported in it) before checking a response whose Markdown is long
enough that its PDF will likely be cut, so the pool's children start at once; never on one core, for a
short response, or for a build without a PDF. A render uses one pool for the parts, the front matter and the
footers (children that have laid out a part have their fonts loaded), and a rebuild that lays out one part
does it in this process, with no pool. The PDF is the same bytes however it was laid out.
"""

from __future__ import annotations

import multiprocessing.forkserver
import shutil
from pathlib import Path
from typing import Any

import pytest

import pipeline.build
from pipeline.build import build
from pipeline.render import pdf_parts, pdf_split
from pipeline.settings import make_settings
from tests.bench.generate import make_response

pytestmark = pytest.mark.slow

FORCED = pdf_split.Split(above=10_000, part=20_000)  # 40 contributions: several groups of answers


@pytest.fixture(scope="module")
def response(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_response(tmp_path_factory.mktemp("pool") / "wb", 40)


def _starts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    started: list[str] = []
    monkeypatch.setattr(multiprocessing.forkserver, "ensure_running", lambda: started.append("forkserver"))
    return started


@pytest.mark.parametrize(
    ("split", "cores", "formats", "warmed"),
    [
        (FORCED, 2, ("pdf",), True),
        (FORCED, 2, None, True),  # the profile's formats, which hold a PDF
        (FORCED, 1, ("pdf",), False),  # one core: no pool to warm
        (pdf_split.Split(), 2, ("pdf",), False),  # 40 contributions are not cut
        (FORCED, 2, ("docx", "txt"), False),  # no PDF in this build
    ],
)
def test_the_forkserver_is_started_before_the_check_only_when_a_pdf_will_be_cut(
    response: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    split: pdf_split.Split,
    cores: int,
    formats: tuple[str, ...] | None,
    warmed: bool,
) -> None:
    started = _starts(monkeypatch)
    monkeypatch.setattr(pdf_split, "SPLIT", split)
    monkeypatch.setattr(pdf_parts, "usable_cores", lambda: cores)
    pdf_parts.warm(response, None)  # it knows the response, not the build's formats
    assert started == (["forkserver"] if split is FORCED and cores > 1 else [])
    started.clear()

    # and build() asks for it before it checks (a check stopped here: nothing is laid out)
    def stop(*_: object, **__: object) -> None:
        raise RuntimeError("checked")

    monkeypatch.setattr(pipeline.build, "check", stop)
    with pytest.raises(RuntimeError, match="checked"):
        build(response, make_settings(draft=True, formats=formats, out_dir=tmp_path / "out"))
    assert started == (["forkserver"] if warmed else [])


def test_a_folder_that_cannot_be_read_starts_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = _starts(monkeypatch)
    monkeypatch.setattr(pdf_parts, "usable_cores", lambda: 2)
    pdf_parts.warm(tmp_path / "not-there", None)
    assert started == []


def test_likely_follows_the_cut() -> None:
    split = pdf_split.Split(above=1_000)
    assert not split.likely(0)
    assert not split.likely(600)
    assert split.likely(700)  # 1.3 times as much HTML is within a tenth of the cut
    assert split.likely(10_000)


def _pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made: list[int] = []
    real = pdf_parts.ProcessPoolExecutor

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs.get("max_workers", 0))
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_parts, "ProcessPoolExecutor", counting)
    return made


def test_one_pool_for_the_parts_the_front_matter_and_the_footers(
    response: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = shutil.copytree(response.parents[1], tmp_path / "wb")
    folder = root / "responses" / response.name
    monkeypatch.setattr(pdf_split, "SPLIT", FORCED)
    monkeypatch.setattr(pdf_parts, "usable_cores", lambda: 2)
    made = _pools(monkeypatch)
    pdf_parts.LAYOUTS.clear()
    settings = make_settings(draft=True, formats=("pdf",), out_dir=tmp_path / "out")
    build(folder, settings)
    assert {"part", "front", "footers"} <= set(pdf_parts.LAYOUTS)
    assert made == [2]  # one pool, for all of them
    pooled = (tmp_path / "out" / f"{folder.name}.pdf").read_bytes()

    changed = sorted(folder.glob("*.md"))[20]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence, added.\n", encoding="utf-8")
    made.clear()
    pdf_parts.LAYOUTS.clear()
    build(folder, settings)
    assert pdf_parts.LAYOUTS.count("part") == 1
    if len(pdf_parts.LAYOUTS) == 1:
        assert made == []  # one part to lay out: here, with no pool

    # the same bytes laid out in one process, from nothing kept
    shutil.rmtree(root / "build" / ".cache")
    monkeypatch.setattr(pdf_parts, "usable_cores", lambda: 1)
    made.clear()
    build(folder, make_settings(draft=True, formats=("pdf",), out_dir=tmp_path / "one"))
    assert made == []
    assert (tmp_path / "one" / f"{folder.name}.pdf").read_bytes() == (
        tmp_path / "out" / f"{folder.name}.pdf"
    ).read_bytes()
    assert pooled != (tmp_path / "out" / f"{folder.name}.pdf").read_bytes()  # the edit is in it


def test_no_forkserver_when_parts_are_kept(response: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild after an edit lays out one part here: WeasyPrint imported in a server would be CPU for nothing."""
    started = _starts(monkeypatch)
    monkeypatch.setattr(pdf_split, "SPLIT", FORCED)
    monkeypatch.setattr(pdf_parts, "usable_cores", lambda: 2)
    kept = tmp_path / "pdf"
    pdf_parts.warm(response, kept)  # no folder yet: a first build
    kept.mkdir()
    pdf_parts.warm(response, kept)  # an empty one, as after a build that kept nothing
    assert started == ["forkserver", "forkserver"]
    (kept / "0f3a").mkdir()
    pdf_parts.warm(response, kept)
    assert started == ["forkserver", "forkserver"]


def test_a_rebuild_starts_no_forkserver(response: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = shutil.copytree(response.parents[1], tmp_path / "wb")
    folder = root / "responses" / response.name
    shutil.rmtree(root / "build", ignore_errors=True)
    monkeypatch.setattr(pdf_split, "SPLIT", FORCED)
    monkeypatch.setattr(pdf_parts, "usable_cores", lambda: 2)
    settings = make_settings(draft=True, formats=("pdf",), out_dir=tmp_path / "out")
    build(folder, settings)
    started = _starts(monkeypatch)
    changed = sorted(folder.glob("*.md"))[20]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence, added.\n", encoding="utf-8")
    build(folder, settings)
    assert started == []


def test_stopping_serve_ends_the_layouts_of_a_build_under_way(
    response: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` builds in a thread that nothing stops, and the pool's children leave Ctrl-C to it: its shutdown
    calls stop_all, which ends the children at once. The build fails and writes nothing; no child is left."""
    import concurrent.futures
    import threading

    monkeypatch.setattr(pdf_split, "SPLIT", FORCED)
    monkeypatch.setattr(pdf_parts, "usable_cores", lambda: 2)
    waiting, stopped, pools = threading.Event(), threading.Event(), []
    result, start = concurrent.futures.Future.result, pdf_parts._Pool.map

    def noted(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not waiting.is_set():  # the build waits for its first layout: held there until the pool is stopped
            waiting.set()
            stopped.wait(timeout=600)
        return result(self, *args, **kwargs)

    def mapping(self: Any, *args: Any) -> Any:
        pools.append(self)
        return start(self, *args)

    monkeypatch.setattr(concurrent.futures.Future, "result", noted)
    monkeypatch.setattr(pdf_parts._Pool, "map", mapping)
    failed: list[BaseException] = []

    def run() -> None:
        try:
            build(response, make_settings(draft=True, formats=("pdf",), out_dir=tmp_path / "out"))
        except BaseException as exc:  # noqa: BLE001 - what the build thread ends with is the finding
            failed.append(exc)

    builder = threading.Thread(target=run)
    builder.start()
    assert waiting.wait(timeout=600)  # the children are laying out (a guard against hanging, not a timing)
    children = [p for pool in pools if pool.pool is not None for p in list(pool.pool._processes.values())]
    assert children
    pdf_parts.stop_all()
    stopped.set()
    builder.join(timeout=600)
    assert not builder.is_alive() and failed, "the build ran on"
    assert isinstance(failed[0], pdf_parts.Stopped), repr(failed[0])  # not laid out whole instead
    assert not (tmp_path / "out").exists()
    assert not pdf_parts._LIVE
    for child in children:
        child.join(timeout=600)
        assert child.exitcode is not None


def test_serve_stops_every_pool_when_it_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import make_bench
    from tests.web.conftest import client_for

    stopped: list[str] = []
    monkeypatch.setattr(pdf_parts, "stop_all", lambda: stopped.append("stopped"))
    bench = make_bench(tmp_path / "wb")
    with client_for(bench.root, [bench.response]) as client:
        assert client.get("/").status_code == 200
        assert stopped == []
    assert stopped == ["stopped"]


@pytest.mark.parametrize(
    ("code", "ignored"),
    [
        # as the forkserver imports its preload list: python -c, with multiprocessing.forkserver imported
        ("import multiprocessing.forkserver, pipeline.render.pdf_forkserver", True),
        ("import pipeline.render.pdf_forkserver", False),  # a person's own -c: Ctrl-C stays theirs
    ],
)
def test_only_the_forkserver_leaves_ctrl_c_to_the_builder(code: str, ignored: bool) -> None:
    import subprocess
    import sys

    probe = f"{code}; import signal; print(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)"
    said = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert said.strip() == str(ignored)


def test_the_forkserver_module_is_imported_by_nothing_but_the_preload_list() -> None:
    import re

    package = Path(pdf_parts.__file__).parents[1]
    importers = [
        p.name
        for p in package.rglob("*.py")
        if re.search(r"import pdf_forkserver|\.pdf_forkserver import", p.read_text())
    ]
    assert importers == []
    assert pdf_parts._PRELOAD[0] == "pipeline.render.pdf_forkserver"  # before WeasyPrint's long import
