"""Every page the workbench links to, timed on a generated 200-contribution workbench (make bench; issue 20).

The workbench is served in-process (Starlette's TestClient with the token cookie, as tests/web/conftest.py
serves it); each page is asked ROUNDS times and its median is printed beside the 0.3 s target, in CPU
time of this process (every thread: the page work runs in worker threads) and in wall time. The machine
may be shared, so CPU time is the figure to trust. The first view of each page is reported apart (a cold
cache after a change is what a coordinator meets right after a save). Nothing here is asserted: speed
targets are reported, never tests. COPRODUCE_BENCH_PAGES_SIZE=40 measures another size.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from tests.bench.generate import make_response
from tests.web.conftest import client_for

TARGET = 0.3  # seconds, every page at 200 contributions
ROUNDS = 5


def pages_of(slug: str, stem: str) -> list[tuple[str, str]]:
    """(what, address) for each page the dashboard leads to."""
    return [
        ("dashboard", "/"),
        ("response questions page", f"/r/{slug}"),
        ("a contribution", f"/r/{slug}/c/{stem}"),
        ("a question's form", f"/r/{slug}/q/q1"),
        ("people", "/people"),
        ("a person's record", "/people/p3"),
        ("withdraw preview", "/people/p3/withdraw"),
        ("new person form", "/people/new"),
        ("sessions", f"/r/{slug}/sessions"),
        ("a session's payments", f"/r/{slug}/sessions/0"),
        ("hours CSV", f"/r/{slug}/hours.csv"),
        ("intake", f"/r/{slug}/intake"),
        ("build page", f"/r/{slug}/build"),
        ("preview (around the draft)", f"/r/{slug}/preview"),
        ("preview (the draft itself)", f"/r/{slug}/preview/page"),
        ("review in Word", f"/r/{slug}/review"),
        ("new response form", "/responses/new"),
        ("who is acting", "/acting"),
    ]


def _timed(client: object, url: str) -> tuple[float, float, int]:
    cpu, wall = time.process_time(), time.perf_counter()
    answer = client.get(url)  # type: ignore[attr-defined]
    return time.process_time() - cpu, time.perf_counter() - wall, answer.status_code


def measure(folder: Path, rounds: int = ROUNDS) -> dict[str, dict[str, float]]:
    root = folder.parents[1]
    client = client_for(root, [folder], acting="p0")
    stem = sorted(folder.glob("*.md"))[len(list(folder.glob("*.md"))) // 2].stem
    out: dict[str, dict[str, float]] = {}
    for what, url in pages_of(folder.name, stem):
        first_cpu, first_wall, status = _timed(client, url)
        again = [_timed(client, url) for _ in range(rounds)]
        out[what] = {
            "url": url,  # type: ignore[dict-item]
            "status": status,
            "first_cpu": first_cpu,
            "first_wall": first_wall,
            "cpu": statistics.median(a[0] for a in again),
            "wall": statistics.median(a[1] for a in again),
        }
    return out


def report(figures: dict[str, dict[str, float]], size: int) -> None:
    print(f"\npages at {size} contributions: median of {ROUNDS} views after the first (seconds), target {TARGET}")
    print(f"{'page':<30}{'status':>7}{'1st cpu':>9}{'1st wall':>9}{'cpu':>8}{'wall':>8}   verdict (CPU)")
    for what, f in figures.items():
        verdict = "met" if f["cpu"] <= TARGET else f"NOT met ({f['cpu'] / TARGET:.1f} x)"
        first = "" if f["first_cpu"] <= TARGET else f"; first view NOT met ({f['first_cpu'] / TARGET:.1f} x)"
        print(
            f"{what:<30}{f['status']:>7}{f['first_cpu']:>9.3f}{f['first_wall']:>9.3f}{f['cpu']:>8.3f}{f['wall']:>8.3f}"
            f"   {verdict}{first}"
        )


def test_pages(tmp_path: Path) -> None:
    size = int(os.environ.get("COPRODUCE_BENCH_PAGES_SIZE", "200"))
    folder = make_response(tmp_path / "wb", size)
    report(measure(folder), size)
