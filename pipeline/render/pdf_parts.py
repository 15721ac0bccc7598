"""A long page laid out in parts, on every usable core, each part kept between builds (issue 23, 1-2).

WeasyPrint's layout is most of a build and uses one core. A page pdf_split.py cuts (a long one) is laid
out here as its parts: the answers' groups and the notes (each in a child process when more than one core
is free: one ProcessPoolExecutor for the whole render, with the forkserver, WeasyPrint imported once in
the server, which `warm` starts while the build checks a long response), each written and
tidied by pdf_structure.write as a whole file is, then joined by pdf_join.py and given its footers by
pdf_footer.py. The front matter is laid out last: first without its page numbers to learn how many pages
it takes (a placeholder of the same width), then with the page of each heading written in the contents,
beside the footers (also in the pool), which need only the page count.

Every layout is looked up first in pdf_cache.py by what it reads, so a rebuild after one edit lays out
only the part that changed, the front matter (its numbers may move) and the footers when the page count
changed. `LAYOUTS` records each layout that was done (not found in the cache), for the tests.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pipeline.render import pdf_cache, pdf_join
from pipeline.render.pdf_footer import footer_html, runs
from pipeline.render.pdf_split import NO_FOOTERS, NUMBERED_CONTENTS, Page, ids, link_across, numbered_contents
from pipeline.render.pdf_tree import id_prefix

LAYOUTS: list[str] = []  # the kind of each layout done, not found in the cache: "part", "front", "probe", "footers"
_PX = 0.75  # PDF points in a CSS pixel


@dataclass(frozen=True)
class Job:
    """One layout: everything it reads is here (and in the look's files and fonts, which pdf_cache keys)."""

    kind: str
    html: str
    base_url: str
    look: tuple[str, ...]  # the folders the fetcher may read: the look's, then the response folder (last)
    lang: str
    epoch: str  # SOURCE_DATE_EPOCH, the fonts' fixed timestamp (render/font_epoch.py)
    identifier: bytes = b"0" * 32
    tagged: bool = True
    ids: str = ""  # what each ID in it (table cells', notes') begins with: "<n>." in part n, none shared

    @property
    def key(self) -> str:
        return pdf_cache.key(self.html, lang=self.lang, epoch=self.epoch, tagged=self.tagged, ids=self.ids)

    @property
    def base(self) -> Path:
        return Path(self.look[-1])

    @property
    def roots(self) -> tuple[Path, ...]:
        return tuple(Path(folder).resolve() for folder in self.look)


def _noting_fetcher(job: Job) -> Any:
    """The locked-down fetcher (fetcher.py), noting each file it serves by its path from the response folder
    and its SHA-256, for the part's record in the cache."""
    from pipeline.render.fetcher import LockedFetcher

    class Noting(LockedFetcher):
        read: dict[str, str] = {}

        def _file(self, url: str) -> Any:
            served = super()._file(url)
            from urllib.parse import urlsplit
            from urllib.request import url2pathname

            path = url2pathname(urlsplit(served.url).path)
            self.read[os.path.relpath(path, job.base.resolve())] = pdf_cache.digest(Path(path).read_bytes())
            return served

    fetcher = Noting([Path(p) for p in job.look])
    fetcher.read = {}
    return fetcher


@dataclass
class _Reporting:
    """A weasyprint.HTML whose write_pdf also notes what the join needs: pages, anchors and bookmarks."""

    html: Any
    info: dict[str, Any] = field(default_factory=dict)

    def write_pdf(self, **options: Any) -> bytes:
        from weasyprint import DEFAULT_OPTIONS

        document = self.html.render(**options)
        anchors: dict[str, list[float]] = {}
        bookmarks: list[list[Any]] = []
        for i, page in enumerate(document.pages):
            for name, (x, y, *_) in page.anchors.items():
                anchors.setdefault(name, [i, x * _PX, (page.height - y) * _PX])
            for level, label, (x, y), state in page.bookmarks:
                bookmarks.append([i, level, label, x * _PX, (page.height - y) * _PX, state])
        self.info = {"pages": len(document.pages), "anchors": anchors, "bookmarks": bookmarks}
        data: bytes = document.write_pdf(**{k: v for k, v in options.items() if k in DEFAULT_OPTIONS})
        return data


def lay_out(job: Job) -> tuple[bytes, dict[str, Any]]:
    """One part laid out (in a child process, or here): its bytes and what the join needs of it, `ids` the
    prefix its IDs were given ("" when the tidying kept WeasyPrint's own file: the join then gives it)."""
    import weasyprint

    from pipeline.privacy import parsed
    from pipeline.render import pdf_structure
    from pipeline.render.fetcher import RefusedURL
    from pipeline.render.font_epoch import pinned

    fetcher = _noting_fetcher(job)
    html = _Reporting(weasyprint.HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher))
    options = {"pdf_identifier": job.identifier, "uncompressed_pdf": False}
    ids = ""
    try:
        with pinned(job.epoch):
            if job.tagged:
                data = pdf_structure.write(html, job.lang, ids=job.ids, pdf_variant="pdf/ua-1", **options)
                kept = parsed.take(data)  # only the joined file goes to the guard
                if kept is not None:  # kept only by a tidying that finished (pdf_structure.restructure)
                    kept.close()
                    ids = job.ids
            else:
                data = html.write_pdf(**options)
    except RefusedURL as exc:
        return b"", {
            "pages": 0,
            "anchors": {},
            "bookmarks": [],
            "ids": "",
            "refused": [r.url for r in fetcher.refused] or [exc.url],
        }
    read = dict(sorted(fetcher.read.items()))
    return data, {**html.info, "ids": ids, "refused": [r.url for r in fetcher.refused], "read": read}


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# imported once, in the forkserver: first what makes it and its children leave Ctrl-C to the builder
_PRELOAD = ["pipeline.render.pdf_forkserver", "weasyprint", "pipeline.render.pdf_parts"]


def _context() -> Any:
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    if os.name == "posix":
        context.set_forkserver_preload(_PRELOAD)
    return context


def warm(response_dir: Path, kept: Path | None) -> None:
    """Start the forkserver, importing WeasyPrint in it, while this process checks a response whose PDF will
    likely be laid out in parts: the pool then starts at once (WeasyPrint's import is about a second, on a
    core that would otherwise wait). Nothing is laid out here, and nothing starts on one core, nor when
    parts are kept (`kept`, the build's folder of PDF parts, holds some): a rebuild after an edit lays out
    one part, in this process, and the import would be CPU spent for nothing."""
    if os.name != "posix" or usable_cores() <= 1:
        return
    if kept is not None and kept.is_dir() and any(kept.iterdir()):
        return
    from pipeline.render.pdf_split import SPLIT

    try:
        size = sum(entry.stat().st_size for entry in os.scandir(response_dir) if entry.name.endswith(".md"))
    except OSError:
        return
    if SPLIT.likely(size):
        from multiprocessing import forkserver

        _context()
        forkserver.ensure_running()


def _follow(lifeline: Connection) -> None:
    """In each child: leave Ctrl-C to the process that started the pool, and exit as soon as it is gone.

    Ctrl-C in a terminal reaches every process in its group: a child printed Python's traceback of the
    interrupt. The builder stops the pool itself (`_Pool.__exit__`); a child of the forkserver ignores Ctrl-C
    from the fork already (pdf_forkserver.py), and this is for a pool started otherwise (spawn, on Windows).
    And a child blocked waiting for work never learns that the builder died (each holds its queue's writing
    end too), so a build killed with SIGKILL, or by the kernel when memory ran out, left the children, the
    forkserver and its resource tracker running for ever, each holding WeasyPrint (tests/test_pdf_kill.py)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Never ended half-way through sending a laid-out part: the builder's pool reads each result whole, and
    # one cut short left it waiting for the rest for ever (serve, stopped under load, never ended). This
    # process is the pool's own, and every message it sends goes through Connection._send_bytes.
    sending = threading.Lock()
    send = Connection._send_bytes  # type: ignore[attr-defined]

    def whole(self: Connection, data: Any) -> None:
        with sending:
            send(self, data)

    Connection._send_bytes = whole  # type: ignore[attr-defined]

    def wait() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv_bytes()  # nothing is ever sent: this returns only at end of file
        sending.acquire()  # a send under way finishes first (or fails, if the builder is gone)
        os._exit(0)  # not sys.exit: this is not the main thread, and nothing of the child is worth finishing

    threading.Thread(target=wait, name="lifeline", daemon=True).start()


_LIVE: set[_Pool] = set()  # the pools with children, for `stop_all`
_LIVE_LOCK = threading.Lock()


def stop_all() -> None:
    """End every pool's children now, each layout under way with them: `serve` stopping (Ctrl-C), whose builds
    run in threads that nothing else would stop, and whose children leave Ctrl-C to it. A build stopped so
    fails (its layouts never come back) and writes nothing."""
    with _LIVE_LOCK:
        pools = list(_LIVE)
    for pool in pools:
        pool.stop()


class _Pool:
    """One pool of child processes for a whole render, started when two layouts are first wanted at once:
    the front matter and footers go to the children that laid out the parts, whose fonts are loaded.

    Each child holds the reading end of a pipe whose only writing end is this process's (`_follow`): it reads
    end of file when this process closes it (`stop`, once the pool is done with or stopped), or dies however
    it dies."""

    def __init__(self, cores: int) -> None:
        self.cores = cores
        self.pool: ProcessPoolExecutor | None = None
        self.lifeline: tuple[Connection, Connection] | None = None  # (children's reading end, writing end)
        self.stopped = False

    def map(self, jobs: Sequence[Job], wanted: list[int]) -> dict[int, tuple[bytes, dict[str, Any]]]:
        if self.stopped:
            raise Stopped
        if min(len(wanted), self.cores) <= 1 and self.pool is None:
            return {i: lay_out(jobs[i]) for i in wanted}
        if self.pool is None:
            context = _context()
            self.lifeline = context.Pipe(duplex=False)  # children start as work is given: each gets the end
            self.pool = ProcessPoolExecutor(
                max_workers=self.cores, mp_context=context, initializer=_follow, initargs=(self.lifeline[0],)
            )
            with _LIVE_LOCK:
                _LIVE.add(self)
        longest_first = sorted(wanted, key=lambda i: -len(jobs[i].html))
        try:
            futures = {i: self.pool.submit(lay_out, jobs[i]) for i in longest_first}
            return {i: futures[i].result() for i in wanted}
        except (BrokenProcessPool, CancelledError, RuntimeError):  # RuntimeError: submitted after a stop
            if self.stopped:
                raise Stopped from None
            raise

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None and self.pool is not None:
            self.pool.shutdown()  # done: the children end once they are idle
        self.stop()  # else stopped (Ctrl-C, a refusal): what the children are doing is not wanted

    def stop(self) -> None:
        self.stopped = True
        with _LIVE_LOCK:
            _LIVE.discard(self)
        try:
            if self.pool is not None:
                self.pool.shutdown(wait=False, cancel_futures=True)
        finally:
            for end in self.lifeline or ():
                end.close()  # the children read end of file and exit (`_follow`)


def _laid(jobs: Sequence[Job], cache: Path | None, pool: _Pool) -> list[tuple[bytes, dict[str, Any]]]:
    """Each job's bytes and report: from the cache, else laid out (in parallel when it pays) and kept."""
    found = [pdf_cache.get(cache, job.key, job.base, job.roots) for job in jobs]
    missing = [i for i, got in enumerate(found) if got is None]
    done = pool.map(jobs, missing)
    for i, (data, info) in sorted(done.items()):
        LAYOUTS.append(jobs[i].kind)
        if not info["refused"]:
            pdf_cache.put(cache, jobs[i].key, data, info)
        found[i] = (data, info)
    return [got for got in found if got is not None]


class Stopped(Exception):
    """The pool was stopped (`stop_all`) while the page was laid out: the build ends, with nothing written."""


class Refused(Exception):
    """The page asked for files outside the look and the response folder (pdf.py says so to the user)."""

    def __init__(self, urls: list[str]) -> None:
        super().__init__(", ".join(urls))
        self.urls = urls


def render(
    page: Page,
    *,
    lang: str,
    base_url: str,
    look: tuple[str, ...],
    epoch: str,
    identifier: bytes,
    cache: Path | None,
    cores: int | None = None,
) -> bytes:
    """The page laid out in its parts and joined (the module docstring says how)."""
    cores = usable_cores() if cores is None else cores

    used: set[str] = set()

    def job(kind: str, html: str, *, tagged: bool = True, ids: str = "") -> Job:
        made = Job(kind, html, base_url, look, lang, epoch, tagged=tagged, ids=ids)
        used.add(made.key)
        return made

    bodies = [page.html(link_across(part.body, ids(part.body)), extra=NO_FOOTERS) for part in page.parts]
    here = ids(page.front)

    def front(pages: dict[str, int] | None, width: int) -> str:
        return page.html(
            link_across(numbered_contents(page.front, pages, width), here), extra=NO_FOOTERS + NUMBERED_CONTENTS
        )

    with _Pool(cores) as pool:
        front_laid, body_laid, footers = _all_laid(page, job, front, bodies, cache, pool, cores)
    parts = [(front_laid[0], front_laid[1], 0)] + [
        (data, info, part.continues) for (data, info), part in zip(body_laid, page.parts, strict=True)
    ]
    joined = pdf_join.join(parts, identifier, footers)
    pdf_cache.prune(cache, used)
    return joined


def _all_laid(
    page: Page,
    job: Callable[..., Job],
    front: Callable[[dict[str, int] | None, int], str],
    bodies: list[str],
    cache: Path | None,
    pool: _Pool,
    cores: int,
) -> tuple[tuple[bytes, dict[str, Any]], list[tuple[bytes, dict[str, Any]]], list[bytes]]:
    """The parts, then the front matter and the footers once the parts' pages are known."""
    # the front matter's length is learnt with a placeholder as wide as the numbers can be
    width = 4
    parts = [job("part", body, ids=id_prefix(n)) for n, body in enumerate(bodies, start=1)]  # the front is 0
    laid = _laid([job("probe", front(None, width), tagged=False), *parts], cache, pool)
    refused = [url for _, info in laid for url in info["refused"]]
    if refused:
        raise Refused(refused)
    body_laid = laid[1:]
    front_pages = int(laid[0][1]["pages"])
    for _ in range(3):  # its numbers make it no longer in practice; if they do, once more
        numbers: dict[str, int] = {}
        total = front_pages
        for _, info in body_laid:
            for name, (index, _x, _y) in info["anchors"].items():
                numbers.setdefault(name, total + int(index) + 1)
            total += int(info["pages"])
        # the front matter and the footers, side by side: both wait only for the parts' page counts
        footer_jobs = [job("footers", footer_html(page, a, b, total), tagged=False) for a, b in runs(total, cores)]
        last = _laid([job("front", front(numbers, width)), *footer_jobs], cache, pool)
        front_laid, footers = last[0], [data for data, _ in last[1:]]
        refused = [url for _, info in last for url in info["refused"]]
        if refused:
            raise Refused(refused)
        if int(front_laid[1]["pages"]) == front_pages:
            break
        front_pages = int(front_laid[1]["pages"])
    else:
        raise ValueError("the front matter's length does not settle")
    return front_laid, body_laid, footers
