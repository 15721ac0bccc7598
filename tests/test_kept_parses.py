"""Parses kept on disk between runs (pipeline/parse/kept_files.py): a run that uses them prints exactly what a run
without them prints, after a withdrawal, a change of credit, another day, a new footnote or a change of code; a
file that is not what the tool wrote makes nothing and costs only a fresh parse; a withdrawn person's words are
never copied into it, and its name holds nothing from the workbench.

Each comparison is with a build whose kept parses were removed first (what a new workbench gives), and each
test also counts the fresh parses, so it is known to have used what was kept: a test that never hit the cache
would compare two fresh builds and could not fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import os
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.build import build, cache_folder, check
from pipeline.errors import CoproduceError
from pipeline.parse import blocks, kept_files
from pipeline.settings import make_settings
from tests.factory import WITHDRAWN_WORDS, WITHHELD, Bench, make_bench

DAY = dt.date(2026, 2, 20)


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own user cache folder, so its signing key is its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return tmp_path / "user-cache"


@pytest.fixture
def fresh_parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The file name of each contribution parsed afresh (not taken from what was kept)."""
    seen: list[str] = []
    real = blocks.parse_contribution

    def counted(body: str, shown: str, *rest: object, **kw: object) -> blocks.Parsed:
        seen.append(Path(shown).name)
        return real(body, shown, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(blocks, "parse_contribution", counted)
    yield seen


def _pack(bench: Bench) -> Path:
    return kept_files.pack_path(cache_folder(bench.root), bench.response)


def _text(bench: Bench, out: Path, today: dt.date = DAY, formats: tuple[str, ...] = ("txt", "html")) -> bytes:
    build(bench.response, make_settings(today=today, draft=True, formats=formats, out_dir=out))
    return b"".join(p.read_bytes() for p in sorted(out.iterdir()) if p.is_file())


def _uncached(bench: Bench, out: Path, today: dt.date = DAY) -> bytes:
    _pack(bench).unlink(missing_ok=True)
    made = _text(bench, out, today)
    return made


def _set(bench: Bench, pid: str, old: str, new: str) -> None:
    path = bench.root / "contributors" / f"{pid}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_second_run_parses_nothing_that_did_not_change(tmp_path: Path, fresh_parses: list[str]) -> None:
    bench = make_bench(tmp_path / "wb")
    every = ("txt", "html", "docx", "pdf")
    first = _text(bench, tmp_path / "a", formats=every)
    assert "20-q1-offer.md" in fresh_parses and _pack(bench).is_file()
    fresh_parses.clear()
    again = _text(bench, tmp_path / "b", formats=every)
    assert "20-q1-offer.md" not in fresh_parses and "31-q2-referral.md" not in fresh_parses
    assert again == first
    # the contribution that quotes a withdrawn person left words out: it is parsed afresh each time
    assert fresh_parses == ["40-voices.md"]
    bench.contribution("31-q2-referral.md", (bench.response / "31-q2-referral.md").read_text().replace("phone", "text"))
    fresh_parses.clear()
    changed = _text(bench, tmp_path / "c")
    assert fresh_parses == ["31-q2-referral.md", "40-voices.md"]
    assert changed == _uncached(bench, tmp_path / "d")


def test_the_problems_found_are_the_same(tmp_path: Path, fresh_parses: list[str]) -> None:
    bench = make_bench(tmp_path / "wb")
    bench.contribution(
        "50-link.md",
        "---\nsection: extra\ntitle: Notes\nby: [hal]\nstatus: draft\n---\nSee [the notes](../notes.txt).\n",
    )
    first = check(bench.response, make_settings(today=DAY, draft=True)).problems.items
    _text(bench, tmp_path / "a")  # a good build keeps the parses
    fresh_parses.clear()
    again = check(bench.response, make_settings(today=DAY, draft=True)).problems.items
    assert "50-link.md" not in fresh_parses
    assert [str(p) for p in again] == [str(p) for p in first]
    assert any(p.code == "link.not-web" for p in again), [p.code for p in again]


def test_a_withdrawal_after_a_run_leaves_the_words_out(tmp_path: Path, fresh_parses: list[str]) -> None:
    bench = make_bench(tmp_path / "wb")
    assert b"Someone sat with me until morning" in _text(bench, tmp_path / "a")
    _set(bench, "dee", "quotes: attributed}", "quotes: attributed, withdrawn: 2026-02-01}")
    fresh_parses.clear()
    after = _text(bench, tmp_path / "b")
    assert "20-q1-offer.md" in fresh_parses, "the decision the kept parse asked about changed"
    assert b"Someone sat with me until morning" not in after
    assert after == _uncached(bench, tmp_path / "c")


def test_a_change_of_credit_after_a_run_is_printed(tmp_path: Path, fresh_parses: list[str]) -> None:
    """dee is quoted in 20-q1-offer.md: the kept parse printed her credit in the quote's attribution."""
    bench = make_bench(tmp_path / "wb")
    assert b"Peer Researcher" in _text(bench, tmp_path / "a")
    _set(bench, "dee", "role: Peer Researcher", "role: Peer Mentor")
    fresh_parses.clear()
    after = _text(bench, tmp_path / "b")
    assert "20-q1-offer.md" in fresh_parses
    assert b"Peer Mentor" in after and b"Peer Researcher" not in after
    assert after == _uncached(bench, tmp_path / "c")


def test_another_day_decides_again_both_ways(tmp_path: Path, fresh_parses: list[str]) -> None:
    """A withdrawal dated ahead: in force on the later day only. Kept parses never carry one day's into another."""
    bench = make_bench(tmp_path / "wb")
    _set(bench, "dee", "quotes: attributed}", "quotes: attributed, withdrawn: 2099-03-01}")
    later = dt.date(2099, 3, 2)
    before = _text(bench, tmp_path / "a")
    assert b"Someone sat with me until morning" in before
    fresh_parses.clear()
    after = _text(bench, tmp_path / "b", later)
    assert "20-q1-offer.md" in fresh_parses
    assert b"Someone sat with me until morning" not in after
    assert after == _uncached(bench, tmp_path / "c", later)
    _text(bench, tmp_path / "d", later)  # kept: the later day's parses
    fresh_parses.clear()
    back = _text(bench, tmp_path / "e")
    assert "20-q1-offer.md" in fresh_parses
    assert back == before == _uncached(bench, tmp_path / "f")


def test_a_new_footnote_before_others_renumbers_them(tmp_path: Path, fresh_parses: list[str]) -> None:
    bench = make_bench(tmp_path / "wb")
    bench.contribution(
        "32-q2-more.md",
        "---\nanswers: q2\nby: [cy]\nstatus: draft\n---\nA later note.[^late]\n\n[^late]: Said in March.\n",
    )
    _text(bench, tmp_path / "a")
    bench.contribution(
        "15-q1-first.md",
        "---\nanswers: q1\nby: [bo]\nstatus: draft\n---\nA door.[^door]\n\n[^door]: Said at the first workshop.\n",
    )
    fresh_parses.clear()
    after = _text(bench, tmp_path / "b")
    assert "15-q1-first.md" in fresh_parses
    assert after == _uncached(bench, tmp_path / "c")
    assert after.index(b"Said at the first workshop") < after.index(b"Said in March")


def test_no_withdrawn_words_and_no_name_are_kept(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    # what is written but never printed: a comment, and a directive whose phrase is a private surname
    bench.contribution(
        "50-notes.md",
        "---\nsection: extra\ntitle: Notes\nby: [hal]\nstatus: draft\n---\n"
        "<!-- Bo\u00a0Lindqvist said this first; Cyrus Marlow too -->\nA room that is calm.\n\n"
        "<!-- coproduce-ignore: Lindqvist -->\nWe want more beds.\n",
    )
    _text(bench, tmp_path / "a")
    pack = _pack(bench)
    data = pack.read_bytes()
    assert WITHDRAWN_WORDS.encode() not in data
    assert b"Someone sat with me until morning" in data, "the test reads the file the parses are kept in"
    for private in (*WITHHELD, "Lindqvist", "Marlow"):
        assert private.encode() not in data, private
    for path in cache_folder(bench.root).rglob("*"):
        for word in ("crisis", "eastmoor", *(w.split()[0].lower() for w in WITHHELD if "@" not in w)):
            assert word not in path.name.lower(), path


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch " + str(Path.cwd() / "PWNED"),))


def _signed(data: bytes, key: bytes | None = None) -> bytes:
    key = key or kept_files.key_path().read_bytes()
    return hmac.new(key, data, hashlib.sha256).hexdigest().encode() + b"\n" + data


@pytest.mark.parametrize(
    "damage",
    ["malicious-signed", "malicious", "another-users", "truncated", "other-code", "not-a-dict", "empty"],
)
def test_a_file_that_is_not_ours_costs_a_fresh_parse_and_makes_nothing(
    tmp_path: Path, fresh_parses: list[str], damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signed with this user's key, or not, a file the tool did not write is a miss; what it would make is
    never made (the signature is checked first, and the reader makes only the model's classes)."""
    monkeypatch.chdir(tmp_path)
    bench = make_bench(tmp_path / "wb")
    first = _text(bench, tmp_path / "a")
    pack = _pack(bench)
    _, _, signed = pack.read_bytes().partition(b"\n")
    head, _, body = signed.partition(b"\n")
    bomb = head + b"\n" + pickle.dumps({"x": _Boom()})
    made = {
        "malicious-signed": _signed(bomb),
        "malicious": b"0" * 64 + b"\n" + bomb,
        "another-users": _signed(signed, key=b"k" * 32),
        "truncated": _signed(signed)[: len(signed) // 2],
        "other-code": _signed(b"0" * len(head) + b"\n" + body),
        "not-a-dict": _signed(head + b"\n" + pickle.dumps(["a list"])),
        "empty": b"",
    }[damage]
    pack.write_bytes(made)
    fresh_parses.clear()
    assert _text(bench, tmp_path / "b") == first
    assert "20-q1-offer.md" in fresh_parses
    assert not (tmp_path / "PWNED").exists()
    assert pack.read_bytes() != made, "written afresh"


def test_the_key_is_the_users_alone_and_without_one_nothing_is_kept(
    tmp_path: Path, own_key: Path, monkeypatch: pytest.MonkeyPatch, fresh_parses: list[str]
) -> None:
    bench = make_bench(tmp_path / "wb")
    _text(bench, tmp_path / "a")
    key = kept_files.key_path()
    assert key.is_relative_to(own_key) and not key.is_relative_to(bench.root)
    assert len(key.read_bytes()) == kept_files.KEY_BYTES
    assert key.stat().st_mode & 0o777 == 0o600
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the user's cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _pack(bench).unlink()
    first = _text(bench, tmp_path / "b")
    assert not _pack(bench).exists(), "no key: nothing kept"
    fresh_parses.clear()
    assert _text(bench, tmp_path / "c") == first
    assert "20-q1-offer.md" in fresh_parses


def test_the_reader_makes_only_the_models_classes() -> None:
    for module, name in (
        ("os", "system"),
        ("builtins", "eval"),
        ("builtins", "getattr"),
        ("pipeline.build", "build"),
        ("pipeline.model", "dt"),
        ("subprocess", "Popen"),
        ("pipeline.parse.kept_files", "Pack"),
    ):
        with pytest.raises(pickle.UnpicklingError):
            kept_files._Reader(io.BytesIO(b"")).find_class(module, name)
    assert kept_files._Reader(io.BytesIO(b"")).find_class("pipeline.model", "Paragraph").__name__ == "Paragraph"


def test_a_change_to_the_code_changes_the_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline

    copy = tmp_path / "pipeline"
    shutil.copytree(Path(pipeline.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pipeline, "__file__", str(copy / "__init__.py"))
    before = kept_files.tool_fingerprint.__wrapped__()
    module = copy / "parse" / "blocks.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert kept_files.tool_fingerprint.__wrapped__() != before


def test_another_version_of_the_parser_changes_the_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """markdown-it-py and its plugins are not imported to read their versions (a check of kept parses needs
    neither): each package's __init__, which holds its version, is read instead."""
    import importlib.machinery
    import importlib.util

    real = importlib.util.find_spec
    before = kept_files.tool_fingerprint.__wrapped__()
    for library in ("markdown_it", "mdit_py_plugins"):
        found = real(library)
        assert found is not None and found.origin is not None
        copy = tmp_path / library / "__init__.py"
        copy.parent.mkdir()
        copy.write_text(
            Path(found.origin).read_text(encoding="utf-8").replace("__version__ = ", "__version__ = '9' or ")
        )

        def other(name: str, *rest: object, _library: str = library, _copy: Path = copy) -> object:
            if name == _library:
                return importlib.machinery.ModuleSpec(name, None, origin=str(_copy))
            return real(name, *rest)  # type: ignore[arg-type]

        monkeypatch.setattr(importlib.util, "find_spec", other)
        assert kept_files.tool_fingerprint.__wrapped__() != before, library
        monkeypatch.setattr(importlib.util, "find_spec", real)
    assert kept_files.tool_fingerprint.__wrapped__() == before


def test_a_check_of_kept_parses_imports_no_markdown_parser(tmp_path: Path) -> None:
    """The parser is imported when a text is parsed (parse/markdown.py): a check after a good build, nothing
    changed, parses nothing, so it does not pay for the import (issue 23: a twentieth of `check` at 40). The
    generated response of `make bench`: no withdrawal and no picture, so every parse is kept."""
    import subprocess
    import sys

    from tests.bench.generate import make_response

    response = make_response(tmp_path / "wb", 12)
    day = "datetime.date(2026, 2, 20)"
    run = "from pipeline.build import {0}\nfrom pipeline.settings import make_settings\n{0}(pathlib.Path({1!r}), make_settings({2}))\n"
    good = run.format(
        "build", str(response), f"today={day}, draft=True, formats=('txt',), out_dir={str(tmp_path / 'out')!r}"
    )
    checked = run.format("check", str(response), f"today={day}, draft=True")
    seen = "print(sorted(m for m in sys.modules if m.startswith(('markdown_it', 'mdit_py_plugins'))))\n"

    def python(script: str) -> str:
        ran = subprocess.run(
            [sys.executable, "-c", f"import sys, datetime, pathlib\n{script}{seen}"],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ,
        )
        assert ran.returncode == 0, ran.stderr
        return ran.stdout.strip()

    assert "markdown_it" in python(good)
    assert python(checked) == "[]"
    shutil.rmtree(cache_folder(response.parents[1]) / "parse")  # nothing kept: the check parses, so imports it
    assert "markdown_it" in python(checked)


def test_nothing_is_kept_in_an_output_folder_or_where_it_cannot_be_written(tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    build(bench.response, make_settings(today=DAY, draft=True, formats=("txt",), out_dir=bench.root / "build"))
    assert not _pack(bench).exists(), "--out build/: nothing but the outputs there"
    shutil.rmtree(bench.root / "build")
    blocked = _pack(bench).parent
    blocked.parent.mkdir(parents=True)
    blocked.write_text("a file where the folder would be", encoding="utf-8")  # no folder can be made there
    _text(bench, tmp_path / "out")  # no error: the cache is a help only
    assert blocked.read_text(encoding="utf-8") == "a file where the folder would be"


def test_a_refused_build_and_a_check_write_nothing(tmp_path: Path, fresh_parses: list[str]) -> None:
    """Only a build whose outputs were written (its guard read every one) keeps parses: a refused build writes
    nothing in build/, and `check` only reads what a good build kept."""
    bench = make_bench(tmp_path / "wb")
    bench.contribution("50-bad.md", "---\nsection: extra\ntitle: Notes\nby: [nobody]\nstatus: draft\n---\nWords.\n")
    with pytest.raises(CoproduceError):
        build(bench.response, make_settings(today=DAY, formats=("txt",), out_dir=tmp_path / "a"))
    with pytest.raises(CoproduceError):
        check(bench.response, make_settings(today=DAY, draft=True))
    assert not (bench.root / "build").exists()
    (bench.response / "50-bad.md").unlink()
    _text(bench, tmp_path / "b")
    kept = _pack(bench).read_bytes()
    bench.contribution("50-bad.md", "---\nsection: extra\ntitle: Notes\nby: [nobody]\nstatus: draft\n---\nWords.\n")
    fresh_parses.clear()
    with pytest.raises(CoproduceError):
        check(bench.response, make_settings(today=DAY, draft=True))
    assert "20-q1-offer.md" not in fresh_parses, "the check used what the good build kept"
    assert _pack(bench).read_bytes() == kept
