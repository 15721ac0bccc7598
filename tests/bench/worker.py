"""One timed command in a fresh process, for `make bench`: prints {"cpu": seconds, "peak_mb": MB} as JSON.

    python -m tests.bench.worker KIND RESPONSE_FOLDER OUT_FOLDER

KIND is approve (every file of the response), check (a first check: no parse kept), check-kept (a check after a
good build, nothing changed since: the parses the build kept are used, parse/kept_files.py), all (every format, PDF included), rebuild-all (the
same in a new process after one contribution changed), preview (serve's page again after a save, in the
process that showed it, with the collection serve runs when idle between them, web/tidy.py; `cpu_later` is the median of the three saves after that one, whose time does not
hold the first save's collection of the garbage the first view left), a format (docx, html, txt, pdf), rebuild-FORMAT (the build again in the
same process after one contribution changed, as `coproduce serve` rebuilds; the first build untimed) or weasyprint (WeasyPrint alone on
the HTML the PDF build gives it, with the same options). Imports happen before
the clock starts, so each figure is the work itself: CPU time of this process and of the processes it
started (a long PDF is laid out in parts by a pool of child processes: their CPU counts too, once the
forkserver that forked them is stopped and waited for), and the wall time, which both cores shorten.
A cold build (pdf, all) starts with nothing kept (build/.cache/ removed), and a first check or build of another
format with no parse kept (build/.cache/parse/); rebuild-all keeps what the build before it kept, as a person's
second build would.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(kind: str, folder: Path, out: Path) -> dict[str, float]:
    import shutil

    from pipeline.settings import tune_collector

    tune_collector()  # as every command runs (cli.main)

    import docx  # noqa: F401  (imported before timing, as a long-running process would have it)
    import weasyprint

    from pipeline.build import build, cache_folder, check
    from pipeline.settings import make_settings

    if kind in ("pdf", "all"):  # a first build: nothing kept from an earlier one
        shutil.rmtree(cache_folder(folder.parents[1]), ignore_errors=True)
    elif kind in ("check", "docx", "html", "txt"):  # a first run: no parse kept from an earlier one either
        shutil.rmtree(cache_folder(folder.parents[1]) / "parse", ignore_errors=True)
    elif kind == "check-kept":  # a check after a good build, nothing changed since: the parses the build kept
        build(folder, make_settings(draft=True, formats=("txt",), out_dir=out / "first"))

    if kind == "approve":  # every file of the response, by path, on a copy of the workbench (approve writes)
        import shutil

        from pipeline.workflow.approval import approve

        root = shutil.copytree(folder.parents[1], out / "wb")
        files = sorted((root / "responses" / folder.name).glob("*.md"))
        start, wall, children = _clock()
        approve(root, files, "p0", make_settings().today)
    elif kind in ("check", "check-kept"):
        start, wall, children = _clock()
        check(folder, make_settings(draft=True))
    elif kind == "weasyprint":
        from pipeline.render.context import RenderContext
        from pipeline.render.fetcher import make_fetcher
        from pipeline.render.html import render_page

        checked = check(folder, make_settings(draft=True))
        look = checked.workbench.template_dirs
        ctx = RenderContext(templates=look[0], response_dir=checked.response.dir, fallback=look[1:])
        page = render_page(checked.assembly.document, ctx, for_pdf=True)
        fetcher = make_fetcher([*ctx.template_dirs, ctx.response_dir])
        base_url = ctx.response_dir.resolve().as_uri() + "/"
        start, wall, children = _clock()
        weasyprint.HTML(string=page, base_url=base_url, url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/ua-1", pdf_identifier=b"0" * 32, uncompressed_pdf=False
        )
    elif kind == "all":  # every format a first build makes, PDF included
        start, wall, children = _clock()
        build(folder, make_settings(draft=True, formats=ALL, out_dir=out))
    elif kind == "rebuild-all":  # a new process after one contribution changed: what `coproduce build` costs then
        _edit_one(folder)
        start, wall, children = _clock()
        build(folder, make_settings(draft=True, formats=ALL, out_dir=out))
    elif kind == "preview":  # `coproduce serve`: the page again after a save, in the process that showed it
        from pipeline.load.cache import caching  # as serve answers every request: what did not change is kept
        from pipeline.settings import make_settings
        from pipeline.web.preview import preview
        from pipeline.web.tidy import tidy_now  # what serve does once idle after a view (web/tidy.py)

        with caching():
            preview(folder, make_settings().today)
            tidy_now()
            _edit_one(folder)
            start, wall, children = _clock()
            preview(folder, make_settings().today)
            cpu = time.process_time() - start
            wall = time.perf_counter() - wall
            later = []  # the saves after it, as a coordinator meets them while volunteers work
            for _ in range(3):
                tidy_now()
                _edit_one(folder)
                again = time.process_time()
                preview(folder, make_settings().today)
                later.append(time.process_time() - again)
        return {"cpu": cpu, "wall": wall, "cpu_later": sorted(later)[1], "peak_mb": _peak_mb(), "children_peak_mb": 0.0}
    elif kind.startswith("rebuild-"):
        fmt = kind.removeprefix("rebuild-")
        build(folder, make_settings(draft=True, formats=(fmt,), out_dir=out))
        _edit_one(folder)
        start, wall, children = _clock()
        build(folder, make_settings(draft=True, formats=(fmt,), out_dir=out))
    else:
        start, wall, children = _clock()
        build(folder, make_settings(draft=True, formats=(kind,), out_dir=out))
    cpu = time.process_time() - start
    wall = time.perf_counter() - wall
    _stop_forkserver()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu": cpu + _children() - children,
        "wall": wall,
        "peak_mb": _peak_mb(),
        "children_peak_mb": used.ru_maxrss / 1024,  # the largest child's (kilobytes on Linux)
    }


def _clock() -> tuple[float, float, float]:
    """When the timed work starts: this process's CPU, the wall clock, the CPU of its children so far."""
    return time.process_time(), time.perf_counter(), _children()


def _children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _stop_forkserver() -> None:
    """Stop the forkserver (and so wait for it) so the CPU of the children it forked is counted."""
    try:
        from multiprocessing import forkserver

        forkserver._forkserver._stop()  # noqa: SLF001 - no public way to wait for it
    except (ImportError, AttributeError, OSError):
        pass


ALL = ("docx", "html", "txt", "pdf")


def _edit_one(folder: Path) -> None:
    """One contribution, in the middle, gets one more sentence, as a volunteer's save would."""
    changed = sorted(folder.glob("*.md"))[len(list(folder.glob("*.md"))) // 2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence, added.\n", encoding="utf-8")


def _peak_mb() -> float:
    """This process's peak resident memory. Linux's ru_maxrss carries the parent's peak across exec, so
    read VmHWM (reset by exec) where there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))))
