"""The C YAML loader (libyaml) gives the same data, line marks and problems as the pure-Python one (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.load import yamlsource
from pipeline.load.yamlsource import load_yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in ROOT.glob("*/**/*.yaml") if ".venv" not in p.parts and "build" not in p.parts)

TRICKY = [
    "quotes: no\nanswer: yes\nflag: True\nother: off\n",
    "date: 2024-13-01\nwhen: 2024-02-01 10:00:00\n",
    "a: 1\nb: [1, 2, {c: d}]\nc: |\n  block\n  text\nd: >\n  folded\n  text\n",
    'name: Ünïcødé “quotes”\nbad: "\\e escape"\nafter: "café \\x07"\n',
    "a: 1\na: 2\nlist:\n  - x\n  -   y\n  - {k: v, k: w}\n",
    "base: &b {x: 1}\nuse: *b\nnull_value:\nnumber: 0x1F\nfloat: 1e3\n",
    "---\n# comment only\n",
    "",
]
BROKEN = ["a: b: c\n", "a:\n\tb: c\n", "a: [1, 2\n", "- a\nb: c\n", "a: 'open\n", "k: *missing\n"]


def _both(text: str) -> tuple[object, object]:
    fast = load_yaml(text, "f.yaml", offset=3)
    original = yamlsource._Loader
    yamlsource._Loader = yamlsource._PureLoader
    try:
        pure = load_yaml(text, "f.yaml", offset=3)
    finally:
        yamlsource._Loader = original
    return fast, pure


def _same(text: str) -> None:
    (fast, fast_problems), (pure, pure_problems) = _both(text)
    assert fast_problems == pure_problems
    if pure is None:
        assert fast is None
        return
    assert fast is not None
    assert fast.data == pure.data
    assert type(fast.data) is type(pure.data)
    assert fast.lines == pure.lines


def test_the_c_loader_is_used_where_pyyaml_has_it() -> None:
    if yaml.__with_libyaml__:
        assert issubclass(yamlsource._Loader, yaml.CSafeLoader)
    else:
        assert yamlsource._Loader is yamlsource._PureLoader


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_examples_read_the_same(path: Path) -> None:
    _same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", TRICKY + BROKEN)
def test_surprises_marks_and_messages_are_the_same(text: str) -> None:
    _same(text)


def test_yaml_1_1_surprises_stay_removed() -> None:
    located, _ = load_yaml("quotes: no\nok: true\nwhen: 2024-02-01\n", "f.yaml")
    assert located is not None
    assert located.data == {"quotes": "no", "ok": True, "when": "2024-02-01"}
