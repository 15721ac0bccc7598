"""Issue 13's ratios at 40, 200 and 1,000 generated contributions (make bench).

Each command runs in a fresh process (tests/bench/worker.py), alternating the
commands round by round; each figure is the median CPU time of the work itself
(imports excluded) and each process's peak resident memory. Printed next to the
issue's targets and written to build/bench.json. Nothing here is asserted: speed
targets are reported, never enforced by a test.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.generate import make_response

ROOT = Path(__file__).resolve().parents[2]
SIZES = {40: 3, 200: 2, 1000: 1}  # contributions: rounds (one at 1,000 keeps make bench near five minutes)
KINDS = ("check", "docx", "html", "txt", "pdf", "weasyprint", "rebuild-docx", "rebuild-html", "rebuild-txt")
TARGETS = {
    "pdf / weasyprint": 1.1,
    "docx / pandoc": 0.8,
    "check / docx": 0.3,  # the target is set at 40 contributions
    "per contribution 1000 / 200": 1.3,
    # after one contribution changed, every format but the PDF; measured in the process that built first,
    # as `coproduce serve` rebuilds (a new `coproduce build` process has no cache: its rebuild is a first build)
    "rebuild / first build": 0.3,
    "pdf peak MB at 1000": 1024,
}


def _run(kind: str, folder: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.worker", kind, str(folder), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _merged_markdown(folder: Path) -> str:
    parts = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        parts.append(text.split("\n---\n", 1)[1] if text.startswith("---\n") else text)
    return "\n\n".join(parts)


def _pandoc(folder: Path, out: Path) -> float | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    source = out / "merged.md"
    source.write_text(_merged_markdown(folder), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([pandoc, str(source), "-f", "markdown", "-t", "docx", "-o", str(out / "pandoc.docx")], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _verdict(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    return "met" if value <= target else f"NOT met ({value / target:.2f} x the target)"


def test_ratios(tmp_path: Path) -> None:
    if os.environ.get("COPRODUCE_BENCH_SIZES"):
        sizes = {int(n): SIZES.get(int(n), 1) for n in os.environ["COPRODUCE_BENCH_SIZES"].split(",")}
    else:
        sizes = SIZES
    started = time.perf_counter()
    figures: dict[int, dict[str, dict[str, float]]] = {}
    for size, rounds in sizes.items():
        folder = make_response(tmp_path / f"w{size}", size)
        times: dict[str, list[float]] = {kind: [] for kind in (*KINDS, "pandoc")}
        peaks: dict[str, float] = {}
        for r in range(rounds):
            for kind in KINDS:  # alternating the commands, round by round
                result = _run(kind, folder, tmp_path / f"out{size}-{kind}-{r}")
                times[kind].append(result["cpu"])
                peaks[kind] = max(peaks.get(kind, 0.0), result["peak_mb"])
            (tmp_path / f"pandoc{size}-{r}").mkdir()
            if (seconds := _pandoc(folder, tmp_path / f"pandoc{size}-{r}")) is not None:
                times["pandoc"].append(seconds)
        figures[size] = {
            kind: {"cpu_median": statistics.median(t), "rounds": len(t), "peak_mb": peaks.get(kind, 0.0)}
            for kind, t in times.items()
            if t
        }
    report = _report(figures)
    report["seconds"] = time.perf_counter() - started
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to build/bench.json in {report['seconds']:.0f} s")


def _report(figures: dict[int, dict[str, dict[str, float]]]) -> dict[str, object]:
    def cpu(size: int, kind: str) -> float | None:
        return figures.get(size, {}).get(kind, {}).get("cpu_median")

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    ratios: dict[str, dict[str, float | None]] = {}
    print("\nratio (median CPU time)".ljust(44) + "".join(f"{n:>10}" for n in figures) + "   target")
    rows = {
        "pdf / weasyprint": lambda n: ratio(cpu(n, "pdf"), cpu(n, "weasyprint")),
        "docx / pandoc": lambda n: ratio(cpu(n, "docx"), cpu(n, "pandoc")),
        "check / docx": lambda n: ratio(cpu(n, "check"), cpu(n, "docx")),
    }
    for name, of in rows.items():
        ratios[name] = {str(n): of(n) for n in figures}
        cells = "".join(f"{v:>10.2f}" if v is not None else f"{'-':>10}" for v in ratios[name].values())
        first = next(iter(ratios[name].values()))
        print(
            f"{name:<44}{cells}   <= {TARGETS[name]}  {_verdict(first if name == 'check / docx' else max((v for v in ratios[name].values() if v is not None), default=None), TARGETS[name])}"
        )
    if shutil.which("pandoc") is None:
        print("  (pandoc is not installed here, so DOCX build / pandoc is not measured)")
    if 200 in figures and 1000 in figures:
        name = "per contribution 1000 / 200"
        ratios[name] = {}
        for kind in ("check", "docx", "html", "txt", "pdf"):
            value = ratio(cpu(1000, kind), cpu(200, kind))
            ratios[name][kind] = value / 5 if value is not None else None
            print(
                f"{(name + ': ' + kind):<44}{ratios[name][kind]:>10.2f}   <= {TARGETS[name]}  {_verdict(ratios[name][kind], TARGETS[name])}"
            )
    name = "rebuild / first build"
    ratios[name] = {}
    for kind in ("docx", "html", "txt"):
        for n in figures:
            ratios[name][f"{kind} {n}"] = ratio(cpu(n, f"rebuild-{kind}"), cpu(n, kind))
        cells = "".join(
            f"{v:>10.2f}" if (v := ratios[name][f"{kind} {n}"]) is not None else f"{'-':>10}" for n in figures
        )
        worst = max((v for k, v in ratios[name].items() if k.startswith(kind) and v is not None), default=None)
        print(f"{(name + ': ' + kind):<44}{cells}   <= {TARGETS[name]}  {_verdict(worst, TARGETS[name])}")
    print("peak memory (MB, resident, one process)".ljust(44) + "".join(f"{n:>10}" for n in figures))
    for kind in ("check", "docx", "pdf", "weasyprint"):
        print(f"{'  ' + kind:<44}" + "".join(f"{figures[n][kind]['peak_mb']:>10.0f}" for n in figures))
    largest = max(figures)
    print(
        f"{'pdf peak MB at ' + str(largest):<44}{figures[largest]['pdf']['peak_mb']:>10.0f}   < 1024  {_verdict(figures[largest]['pdf']['peak_mb'], 1024)}"
    )
    print("seconds (median CPU)".ljust(44) + "".join(f"{n:>10}" for n in figures))
    for kind in (*KINDS, "pandoc"):
        if all(kind in figures[n] for n in figures):
            print(f"{'  ' + kind:<44}" + "".join(f"{figures[n][kind]['cpu_median']:>10.2f}" for n in figures))
    return {"figures": {str(n): f for n, f in figures.items()}, "ratios": ratios, "targets": TARGETS}
