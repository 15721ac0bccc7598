"""Stage 5, render: one module per output format, each walking the same `model.Document`.

A format module declares, as plain constants at its top:

    FORMAT = "pdf"            # its name on the command line (--format pdf)
    SUFFIX = ".pdf"           # the end of the file name it writes
    TITLE = "tagged PDF ..."  # what it is, for the README's table and --help
    READER = "pdf"            # how the last guard reads it: pdf, zip, html or text
    ORDER = 1                 # its place in the default build

and `render(doc, ctx) -> bytes`. A format whose SUFFIX ends in `/` is a folder of files:
its `render` returns {file name: bytes}, written as `<slug><SUFFIX><file name>`, the folder
replaced whole. `DEFAULT = False` leaves a format out of the default build (asked for
with --format). `DOCUMENT = "annex"` renders the confidential annex (`Assembly.annex`) instead of
the submission: it is built for every profile when there is one, and skipped when there is none.
Formats are discovered here from those constants, read from the source (discover.py) without importing
anything (WeasyPrint alone takes a second to import), so `--format`, the README's table and
`build` come from one list, and a new format is one new module. Modules without FORMAT
(context, fetcher, guard, write, docx_xml) are helpers.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from pipeline.discover import declared

_FIELDS = ("FORMAT", "SUFFIX", "TITLE", "READER", "ORDER")
# `build --large-print`: these formats are also made at 18pt, as <slug>-large-print<suffix>.
LARGE_PRINT = "-large-print"
LARGE_PRINT_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    title: str
    reader: str
    order: int
    module: str  # the module's name in this package
    default: bool = True  # built when no --format is given
    document: str = "document"  # which document of the Assembly it renders: the submission, or "annex"

    @property
    def folder(self) -> bool:
        """A folder of files (`-answers/`): `render` gives {file name: bytes}."""
        return self.suffix.endswith("/")

    def load(self) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self.module}")


def _declared(path: Path) -> dict[str, str]:
    return declared(path, (*_FIELDS, "DEFAULT", "DOCUMENT"))


@cache
def formats() -> dict[str, Format]:
    """Every output format, in the default build's order."""
    found = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        d = _declared(path)
        if "FORMAT" in d:
            found.append(
                Format(
                    str(d["FORMAT"]),
                    str(d["SUFFIX"]),
                    str(d["TITLE"]),
                    str(d["READER"]),
                    int(d["ORDER"]),
                    path.stem,
                    d.get("DEFAULT", "True") == "True",
                    d.get("DOCUMENT", "document"),
                )
            )
    return {f.name: f for f in sorted(found, key=lambda f: (f.order, f.name))}


def default_formats() -> tuple[str, ...]:
    """The formats a build makes when none is asked for."""
    return tuple(name for name, f in formats().items() if f.default)


def annex_formats() -> tuple[str, ...]:
    """The formats of the confidential annex: built by default for every profile, when there is one."""
    return tuple(name for name, f in formats().items() if f.document == "annex" and f.default)
