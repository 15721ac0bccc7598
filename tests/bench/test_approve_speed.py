"""`coproduce approve` of every file of a generated response at 500, 2,000 and 5,000 files (make bench, issue 23).

Each size runs in a fresh process (tests/bench/worker.py, kind `approve`) on its own copy of the workbench;
the figure is the CPU time of the approval itself, imports excluded. The issue measured 263 s of CPU for
5,000 files before approve was linear; the target is 2% of that. Per-file time from 500 to 2,000 and 2,000 to
5,000 should stay flat (linear). Reported, never asserted: speed targets are not tests.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.bench.generate import make_response
from tests.bench.test_ratios import _run

SIZES = (500, 2000, 5000)
BEFORE_5000 = 263.0  # CPU seconds, issue 23's measurement of the quadratic approve
TARGET = 0.02 * BEFORE_5000


def test_approve_is_linear(tmp_path: Path) -> None:
    sizes = [int(n) for n in os.environ.get("COPRODUCE_BENCH_APPROVE", "").split(",") if n] or list(SIZES)
    cpu: dict[int, float] = {}
    for n in sizes:
        folder = make_response(tmp_path / f"w{n}", n)
        cpu[n] = _run("approve", folder, tmp_path / f"out{n}")["cpu"]
    print("\napprove every file (CPU s)".ljust(44) + "".join(f"{n:>10}" for n in cpu))
    print(f"{'  seconds':<44}" + "".join(f"{cpu[n]:>10.2f}" for n in cpu))
    print(f"{'  ms per file':<44}" + "".join(f"{1000 * cpu[n] / n:>10.2f}" for n in cpu))
    for small, large in zip(sizes, sizes[1:], strict=False):
        growth = (cpu[large] / large) / (cpu[small] / small)
        print(f"{f'  per file {large} / {small}':<44}{growth:>10.2f}   <= 1.1  {'met' if growth <= 1.1 else 'NOT met'}")
    if 5000 in cpu:
        verdict = "met" if cpu[5000] <= TARGET else f"NOT met ({cpu[5000] / TARGET:.2f} x the target)"
        print(f"{'  5,000 files / 263 s before':<44}{cpu[5000] / BEFORE_5000:>10.3f}   <= 0.02  {verdict}")
