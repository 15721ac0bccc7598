"""The careful editor uses libyaml where it writes what PyYAML writes (issue 23: approving thousands of files):
its composer gives the same marks, and its emitter the same one line for ASCII values; anything else is
written by PyYAML's own emitter. Compared here over hand-picked awkward values and thousands of random ones."""

from __future__ import annotations

import datetime as dt
import random
import string

import pytest
import yaml

from pipeline.workflow import yamledit
from pipeline.workflow.yamledit import set_front_matter, yaml_value

if not getattr(yaml, "__with_libyaml__", False):
    pytest.skip("PyYAML was built without libyaml here: nothing to compare", allow_module_level=True)

AWKWARD = [
    "",
    " ",
    " a",
    "a ",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "null",
    "~",
    "true",
    "0o12",
    "012",
    "1e3",
    ".inf",
    "1_000",
    "1:20",
    "2026-01-01",
    "a: b",
    "a:b",
    "#x",
    "x #y",
    "- x",
    "-",
    "---",
    "...",
    "? x",
    "@x",
    "`x",
    "!x",
    "&x",
    "*x",
    "%x",
    "|",
    ">",
    "'",
    '"',
    "a\tb",
    "x\n",
    "a\nb",
    "a\r\nb",
    "[x]",
    "{x}",
    "a, b",
    ":",
    "sha256:0f3a",
    "O'Neil",
    "back\\slash",
    "\x7f",
    "\x01",
    dt.date(2026, 2, 20),
    None,
    True,
    0,
    -1,
    3.5,
    [],
    {},
    ["a", "b, c"],
    {"by": "sam", "on": dt.date(2026, 2, 20), "text": "sha256:ab", "covers": "sha256:cd", "ran_as": "jo smith"},
]
NOT_ASCII = ["Zoë", "’quoted’ “too”", "emoji 😀", "a\u2028b", {"ran_as": "renée"}, ["ŵ"]]


def pure(value: object) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return text.removesuffix("\n...\n").rstrip("\n")


def randoms(n: int) -> list[object]:
    rng = random.Random(23)

    def word() -> str:
        return "".join(rng.choice(string.printable) for _ in range(rng.randrange(0, 12)))

    values: list[object] = [word() for _ in range(n)]
    keys = ["by", "on", "text", "covers", "ran_as", "withdrawn", "x_1", "On", "yes", "null", "true"]
    values += [{rng.choice(keys): word() for _ in range(3)} for _ in range(n // 5)]  # the fast emitter's keys
    values += [{rng.choice(keys): [word(), word()]} for _ in range(n // 10)]
    values += [{word(): word() for _ in range(3)} for _ in range(n // 10)]  # any other key: PyYAML's emitter
    values += [[word() for _ in range(3)] for _ in range(n // 10)]
    return values


@pytest.mark.parametrize("value", [*AWKWARD, *NOT_ASCII], ids=repr)
def test_one_line_as_pyyaml_writes_it(value: object) -> None:
    assert yaml_value(value) == pure(value)


def test_thousands_of_random_ascii_values_are_written_as_pyyaml_writes_them() -> None:
    differ = [v for v in randoms(5000) if yaml_value(v) != pure(v)]
    assert differ == []


def test_a_value_beyond_ascii_is_written_by_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[object] = []
    real = yaml.dump

    def spy(value: object, **kwargs: object) -> str:
        used.append(kwargs["Dumper"])
        return str(real(value, **kwargs))  # type: ignore[call-overload]

    monkeypatch.setattr(yaml, "dump", spy)
    yaml_value("emoji 😀")
    yaml_value("plain")
    assert used == [yaml.SafeDumper, yamledit._FAST_DUMPER]


def test_an_edit_with_word_punctuation_and_crlf_lands_where_pyyaml_would_put_it() -> None:
    text = "---\r\ntitle: “Café” 😀 notes\r\nby: [ada]\r\nstatus: draft   # ’til Friday\r\n---\r\nBody.\r\n"
    edited = set_front_matter(text, {"status": "approved", "approved": {"by": "hal", "on": dt.date(2026, 2, 20)}})
    assert edited == (
        "---\r\ntitle: “Café” 😀 notes\r\nby: [ada]\r\nstatus: approved   # ’til Friday\r\n"
        "approved: {by: hal, 'on': 2026-02-20}\r\n---\r\nBody.\r\n"
    )
