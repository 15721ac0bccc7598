"""Formats and profiles are found from the constants at the top of their source, without importing them."""

from __future__ import annotations

from pathlib import Path

from pipeline.discover import declared


def test_constants_at_the_top_are_read_and_nothing_is_imported(tmp_path: Path) -> None:
    module = tmp_path / "fmt.py"
    module.write_text(
        '"""A format."""\nimport does_not_exist\nFORMAT = "odt"\nORDER = 7\n\n\ndef render():\n    raise SystemExit\n',
        encoding="utf-8",
    )
    assert declared(module, {"FORMAT", "ORDER", "SUFFIX"}) == {"FORMAT": "odt", "ORDER": "7"}


def test_a_string_holding_a_line_like_code_does_not_cut_the_reading_short(tmp_path: Path) -> None:
    module = tmp_path / "fmt.py"
    module.write_text('CSS = """\n@media print { }\n"""\nFORMAT = "pdf"\n\n\nclass X:\n    pass\n', encoding="utf-8")
    assert declared(module, {"FORMAT"}) == {"FORMAT": "pdf"}
