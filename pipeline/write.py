"""Write outputs so that a failed or interrupted build leaves the last good ones.

Every file is written to a temporary file in the same folder and then renamed
over the old one: a rename is atomic, so a reader sees the old file or the new
one, never half of one. Nothing is written until every format has rendered.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(outputs: dict[Path, bytes]) -> list[Path]:
    for path, data in outputs.items():
        write_atomic(path, data)
    return list(outputs)
