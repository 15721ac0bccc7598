"""`coproduce` killed with SIGKILL at a chosen step, for tests/test_pdf_kill.py (run as a child process).

    python -m tests.kill_build WHEN -- ARGS...

runs `coproduce ARGS...` with a long response always cut into parts and laid out by a pool of two children
(as on a two-core machine), and WHEN says where the process kills itself, as the kernel's out-of-memory
killer or a closed terminal would, with no chance to tidy up:

- `never`: not killed;
- `count:FILE`: not killed; the number of steps on the disk (below) is written to FILE at the end;
- `step:N`: at the Nth step on the disk: making a folder, flushing, renaming or removing a file;
- `waiting:N`: the Nth time this process waits for a layout in a child (the children are then working);
- `interrupt:N`: not killed, but at that moment Ctrl-C is pressed: SIGINT to the whole process group, as a
  terminal sends it (the test starts this process in a session of its own);
- `checking`: as the check starts, after the forkserver was started and before any pool.
"""

from __future__ import annotations

import concurrent.futures
import os
import signal
import sys
from pathlib import Path
from typing import Any

STEPS = ("mkdir", "fsync", "replace", "rename", "unlink", "rmdir")


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(when: str) -> None:
    kind, _, arg = when.partition(":")
    if kind in ("waiting", "interrupt"):
        wanted, seen = int(arg), [0]
        result = concurrent.futures.Future.result

        def waited(self: Any, *args: Any, **kwargs: Any) -> Any:
            seen[0] += 1
            if seen[0] == wanted and kind == "waiting":
                _die()
            if seen[0] == wanted:
                os.killpg(os.getpgid(0), signal.SIGINT)
            return result(self, *args, **kwargs)

        concurrent.futures.Future.result = waited  # type: ignore[method-assign]
    elif kind == "checking":
        import pipeline.build

        pipeline.build.check = lambda *_args, **_kwargs: _die()  # type: ignore[assignment]
    elif kind in ("step", "count"):
        wanted = int(arg) if kind == "step" else 0
        done = [0]
        for name in STEPS:
            real = getattr(os, name)

            def step(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
                done[0] += 1
                if done[0] == wanted:
                    _die()
                return _real(*args, **kwargs)

            setattr(os, name, step)
        if kind == "count":
            counted = Path(arg)
            import atexit

            atexit.register(lambda: counted.write_text(str(done[0])))


def main() -> None:
    args = sys.argv[1:]
    when, rest = args[0], args[args.index("--") + 1 :]
    from pipeline.render import pdf_parts, pdf_split

    pdf_split.SPLIT = pdf_split.Split(above=10_000, part=20_000)  # as tests/test_pdf_parts.py: always cut
    pdf_parts.usable_cores = lambda: 2
    _arm(when)
    from pipeline.cli import main as coproduce

    sys.argv = ["coproduce", *rest]
    coproduce()


if __name__ == "__main__":  # the forkserver's children import this module again: they must not run it
    main()
