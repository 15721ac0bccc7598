"""Issue 23's ratios at 40, 200 and 1,000 generated contributions (make bench), each beside its target.

Each command runs in a fresh process (tests/bench/worker.py), alternating the commands round by round;
each figure is the median CPU time of the work itself, its child processes' included (imports excluded; `check` at 40 is also measured
as a whole command, imports included, for start-up), the median wall time (both cores: WALL_RATIOS), and
each process's peak resident memory and its largest child's. The tools
compared with run in the same bench, on the same input: WeasyPrint alone on the HTML the PDF build gives
it, pandoc on the merged Markdown (to DOCX and to HTML; Debian's `pandoc`), alex on the same text (npm's
`alex`, on PATH or COPRODUCE_ALEX). A tool that is not installed is reported as not measured. Printed
and written to build/bench.json. Nothing here is asserted: speed targets are reported, never tests.

COPRODUCE_BENCH_SIZES=40,200 runs fewer sizes; a size above 1,000 (5,000) measures check, DOCX, HTML,
text and pandoc only, for the per-contribution growth.
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
from collections.abc import Callable
from pathlib import Path

from tests.bench.generate import make_response

ROOT = Path(__file__).resolve().parents[2]
SIZES = {40: 3, 200: 2, 1000: 1}  # contributions: rounds
KINDS = ("check", "check-kept", "docx", "html", "txt", "pdf", "weasyprint", "all", "rebuild-all", "preview")
LARGE_KINDS = ("check", "check-kept", "docx", "html", "txt")  # above 1,000: no PDF (the table has none)
EXTERNAL = ("pandoc-docx", "pandoc-html", "alex", "check-command", "check-command-kept", "docx-command")

Figures = dict[int, dict[str, dict[str, float]]]
# name: (numerator, denominator, {size: target})
RATIOS: dict[str, tuple[str, str, dict[int, float]]] = {
    "PDF build / WeasyPrint alone": ("pdf", "weasyprint", {40: 1.05, 200: 1.05, 1000: 1.05}),
    # a command against a command: pandoc and alex are whole processes, so coproduce's start-up counts too
    "DOCX build / pandoc (both whole commands)": (
        "docx-command",
        "pandoc-docx",
        {40: 1.5, 200: 0.8, 1000: 0.8, 5000: 0.8},
    ),
    "DOCX build, the work alone / pandoc": ("docx", "pandoc-docx", {}),
    "HTML build, the work alone / pandoc to HTML": ("html", "pandoc-html", {}),
    # a first check parses every contribution; a check after a good build, nothing changed since, uses its parses
    "check / alex (both whole commands; nothing kept)": ("check-command", "alex", {40: 0.25, 200: 0.15}),
    "check / alex (both whole commands; after a build)": ("check-command-kept", "alex", {40: 0.25, 200: 0.15}),
    "rebuild after one edit / first build (new process, all formats)": ("rebuild-all", "all", {200: 0.3, 1000: 0.3}),
}
# the same, in wall time: what both cores buy (a long PDF laid out in parts, render/pdf_parts.py)
WALL_RATIOS: dict[str, tuple[str, str, dict[int, float]]] = {
    "PDF build, wall time with both cores / WeasyPrint alone": ("pdf", "weasyprint", {200: 0.7, 1000: 0.7}),
    "rebuild after one edit / first build, wall time (all formats)": ("rebuild-all", "all", {200: 0.3, 1000: 0.3}),
}
PREVIEW_TARGET = {40: 0.15, 200: 0.3, 1000: 1.0}  # seconds after a save
PEAK_TARGET = 512  # MB, PDF build at 1,000
LINEAR = 1.1  # time per contribution, 200 -> 1,000 and 1,000 -> 5,000


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


def _children_cpu(args: list[str], cwd: Path | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, cwd=cwd, capture_output=True, check=False)  # alex exits 1 when it has warnings
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _external(kind: str, folder: Path, out: Path) -> float | None:
    """CPU seconds of another tool on the same input, or None when it is not installed."""
    out.mkdir(parents=True, exist_ok=True)
    source = out / "merged.md"
    source.write_text(_merged_markdown(folder), encoding="utf-8")
    if kind.startswith("pandoc-"):
        if (pandoc := shutil.which("pandoc")) is None:
            return None
        to = kind.removeprefix("pandoc-")
        return _children_cpu([pandoc, str(source), "-f", "markdown", "-t", to, "-s", "-o", str(out / f"p.{to}")])
    if kind == "alex":
        local = Path(__file__).parent / "alex" / "node_modules" / ".bin" / "alex"  # make bench installs it here
        alex = os.environ.get("COPRODUCE_ALEX") or (str(local) if local.exists() else shutil.which("alex"))
        return _children_cpu([alex, str(source)]) if alex else None
    # `coproduce check` or `coproduce build --draft --format docx` as a person runs it: a new process, imports and all;
    # a first run (no parse kept: build/.cache/parse/ removed), or a check after a good build (check-command-kept)
    what = ["check"] if kind.startswith("check-") else ["build", "--draft", "--format", "docx", "--out", str(out / "b")]
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", *what, str(folder)]
    shutil.rmtree(folder.parents[1] / "build" / ".cache" / "parse", ignore_errors=True)
    if kind == "check-command-kept":  # a good build first, untimed: it keeps the parses (parse/kept_files.py)
        first = ["build", "--draft", "--format", "txt", "--out", str(out / "first"), str(folder)]
        subprocess.run([*command[:3], *first], cwd=folder.parents[1], capture_output=True, check=True)
    return _children_cpu(command, cwd=folder.parents[1])


def test_ratios(tmp_path: Path) -> None:
    if os.environ.get("COPRODUCE_BENCH_SIZES"):
        sizes = {int(n): SIZES.get(int(n), 1) for n in os.environ["COPRODUCE_BENCH_SIZES"].split(",")}
    else:
        sizes = SIZES
    started = time.perf_counter()
    figures: Figures = {}
    for size, rounds in sizes.items():
        folder = make_response(tmp_path / f"w{size}", size)
        kinds = KINDS if size <= 1000 else LARGE_KINDS
        times: dict[str, list[float]] = {}
        walls: dict[str, list[float]] = {}
        peaks: dict[str, float] = {}
        child_peaks: dict[str, float] = {}
        for r in range(rounds):
            for kind in kinds:  # alternating the commands, round by round
                result = _run(kind, folder, tmp_path / f"out{size}-{kind}-{r}")
                times.setdefault(kind, []).append(result["cpu"])
                walls.setdefault(kind, []).append(result["wall"])
                if "cpu_later" in result:  # the preview: the saves after the first one too
                    times.setdefault(f"{kind}-later", []).append(result["cpu_later"])
                peaks[kind] = max(peaks.get(kind, 0.0), result["peak_mb"])
                child_peaks[kind] = max(child_peaks.get(kind, 0.0), result["children_peak_mb"])
            for kind in EXTERNAL:
                if kind.startswith("check-command") and size > 1000:
                    continue
                if (seconds := _external(kind, folder, tmp_path / f"{kind}{size}-{r}")) is not None:
                    times.setdefault(kind, []).append(seconds)
        figures[size] = {
            kind: {
                "cpu_median": statistics.median(t),
                "rounds": len(t),
                "peak_mb": peaks.get(kind, 0.0),
                "children_peak_mb": child_peaks.get(kind, 0.0),
                **({"wall_median": statistics.median(walls[kind])} if kind in walls else {}),
            }
            for kind, t in times.items()
        }
    report = _report(figures)
    report["seconds"] = time.perf_counter() - started
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to build/bench.json in {report['seconds']:.0f} s")


def _verdict(value: float | None, target: float | None) -> str:
    if value is None:
        return "not measured"
    if target is None:
        return "no target"
    return "met" if value <= target else f"NOT met ({value / target:.2f} x)"


def _row(name: str, sizes: list[int], of: Callable[[int], float | None], target: dict[int, float]) -> dict[str, object]:
    values = {n: of(n) for n in sizes}
    cells = "".join(f"{v:>9.2f}" if v is not None else f"{'-':>9}" for v in values.values())
    verdicts = [f"{n}: {_verdict(values[n], target[n])} (<= {target[n]})" for n in sizes if n in target]
    print(f"{name:<66}{cells}   " + ("; ".join(verdicts) or "no target in the issue"))
    return {"values": {str(n): v for n, v in values.items()}, "targets": {str(n): t for n, t in target.items()}}


def _report(figures: Figures) -> dict[str, object]:
    sizes = sorted(figures)

    def cpu(n: int, kind: str) -> float | None:
        return figures.get(n, {}).get(kind, {}).get("cpu_median")

    def wall(n: int, kind: str) -> float | None:
        return figures.get(n, {}).get(kind, {}).get("wall_median")

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    rows: dict[str, object] = {}
    print("\n" + "ratio (median CPU time)".ljust(66) + "".join(f"{n:>9}" for n in sizes) + "   target")
    for name, (top, bottom, target) in RATIOS.items():
        rows[name] = _row(name, sizes, lambda n, t=top, b=bottom: ratio(cpu(n, t), cpu(n, b)), target)  # type: ignore[misc]
    print("ratio (median wall time)".ljust(66) + "".join(f"{n:>9}" for n in sizes) + "   target")
    for name, (top, bottom, target) in WALL_RATIOS.items():
        rows[name] = _row(name, sizes, lambda n, t=top, b=bottom: ratio(wall(n, t), wall(n, b)), target)  # type: ignore[misc]
    rows["preview updated after a save (CPU s)"] = _row(
        "preview updated after a save (CPU s)", sizes, lambda n: cpu(n, "preview"), PREVIEW_TARGET
    )
    rows["preview updated after a later save (CPU s)"] = _row(
        "preview updated after a later save (CPU s)", sizes, lambda n: cpu(n, "preview-later"), PREVIEW_TARGET
    )
    rows["PDF build peak memory (MB)"] = _row(
        "PDF build peak memory (MB)",
        sizes,
        lambda n: figures[n].get("pdf", {}).get("peak_mb") or None,
        {1000: PEAK_TARGET} if 1000 in sizes else {},
    )
    rows["PDF build peak memory of its largest child (MB)"] = _row(
        "PDF build peak memory of its largest child (MB)",
        sizes,
        lambda n: figures[n].get("pdf", {}).get("children_peak_mb") or None,
        {1000: PEAK_TARGET} if 1000 in sizes else {},
    )
    for small, large in ((200, 1000), (1000, 5000)):
        if small in figures and large in figures:
            for kind in ("check", "docx", "html", "txt", "pdf"):
                growth = ratio(cpu(large, kind), cpu(small, kind))
                value = growth * small / large if growth is not None else None
                name = f"time per contribution {large} / {small}: {kind}"
                print(f"{name:<66}{value if value is not None else float('nan'):>9.2f}   {_verdict(value, LINEAR)}")
                rows[name] = value
    if 40 in figures and (whole := cpu(40, "check-command")) is not None:
        work = cpu(40, "check") or 0.0
        print(f"{'check at 40: the command (CPU s, imports included) / the work alone':<66}{whole:>9.2f}{work:>9.2f}")
        rows["check at 40 as a command"] = {"whole": whole, "work": work}
    for tool, kinds in (("pandoc", ("pandoc-docx", "pandoc-html")), ("alex", ("alex",))):
        if not any(k in figures[n] for n in sizes for k in kinds):
            print(f"  ({tool} is not installed here, so its ratios are not measured)")
    print("seconds (median CPU, then wall) and peak MB (the process; its largest child)".ljust(66))
    for kind in (*KINDS, *EXTERNAL):
        if any(kind in figures[n] for n in sizes):
            secs = "".join(f"{cpu(n, kind):>9.2f}" if cpu(n, kind) is not None else f"{'-':>9}" for n in sizes)
            walls = "".join(f"{w:>9.2f}" if (w := wall(n, kind)) is not None else f"{'-':>9}" for n in sizes)
            peak = "".join(
                f"{figures[n].get(kind, {}).get('peak_mb', 0):>7.0f}MB"
                f"{figures[n].get(kind, {}).get('children_peak_mb', 0):>5.0f}MB"
                for n in sizes
            )
            print(f"{'  ' + kind:<66}{secs}{walls if kind in KINDS else ''}  {peak if kind in KINDS else ''}")
    return {"figures": {str(n): f for n, f in figures.items()}, "ratios": rows}
