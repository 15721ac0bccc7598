"""The look-alike letters the privacy fold maps to Latin are TR39's, as confusable-homoglyphs ships them.

`privacy/normalise` reads `pipeline/privacy/latin_lookalikes.json` (1,300 characters) rather than sifting the
library's 900 KB of data on every command; this test makes the table again from the installed library and
compares. When the library's data changes, write the file again:

    .venv/bin/python -m tests.test_latin_lookalikes
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from pipeline.privacy import normalise
from pipeline.privacy.normalise import LOOKALIKES, fold, lookalikes

KEPT = Path(normalise.__file__).with_name(LOOKALIKES)


def _made() -> dict[str, str]:
    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    return lookalikes(data)


def _text(table: dict[str, str]) -> str:
    return json.dumps(table, ensure_ascii=True, sort_keys=True, indent=0) + "\n"


def test_the_kept_table_is_the_librarys() -> None:
    made = _made()
    assert len(made) > 1000
    assert KEPT.read_text(encoding="utf-8") == _text(made), "run  .venv/bin/python -m tests.test_latin_lookalikes"


def test_the_fold_reads_it() -> None:
    # Cyrillic a, e, o and Greek capital Epsilon, as someone hiding a name would type them
    assert fold("J\u043er\u0434\u0430n R\u0435\u0435v\u0395") != " jordan reeve "  # д is not a Latin look-alike
    assert fold("J\u043erdan R\u0435\u0435v\u0395") == " jordan reeve "
    assert normalise._confusables()["\u043e"] == "o"


if __name__ == "__main__":
    KEPT.write_text(_text(_made()), encoding="utf-8")
    sys.stdout.write(f"wrote {KEPT}\n")
