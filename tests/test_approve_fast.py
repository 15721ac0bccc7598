"""`coproduce approve` of thousands of files, made faster (issue 23), writes what it wrote before, byte for byte.

Each short cut is held against the long way it replaces: the references an approval's `covers:` fingerprints
found from the blocks alone (`assemble/approval._references`) against the whole parse; YAML read without the
scan for aliases and depth when it cannot hold either (`load/yamlsource.could_be_a_bomb`) against the scan;
`Workbench.shown` and approve's real paths with each folder resolved once against `Path.resolve`; the files
written a batch at a time (`render/write.write_atomic_many`) against one at a time. And the whole command, on a
generated workbench with pictures, quotes in footnotes and links among its files, against the long way.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from pipeline.assemble import approval as covers_module
from pipeline.load import yamlsource
from pipeline.load.workbench import Workbench
from pipeline.load.yamlsource import MAX_DEPTH, load_yaml
from pipeline.parse import markdown
from pipeline.parse.markdown import parse
from pipeline.render import write
from pipeline.settings import make_settings
from pipeline.workflow import approval, yamledit
from tests.bench.generate import make_response

PIECES = [
    "> Nobody listened to us.\n> — @ana",
    "> We waited. — @bo.",
    "> - @cy",
    "> Signed by hand.\n> — Dee Example",
    "Plain words with an address, ana@example.org, in them.",
    "Words with a note.[^a]",
    "[^a]: The note.\n\n    > quoted inside the note\n    > — @dee",
    "[^b]: A note nothing refers to.\n\n    > quoted\n    > — @eve",
    "![A picture](pic.png)",
    "Text with ![an inline picture](other.png) and more.",
    "![By reference][pic]\n\n[pic]: ref.png",
    "[^c]: A note with ![a picture](note.png) in it.",
    "See the note.[^c]",
    "    > indented: code, not a quote\n    > — @fay",
    "```\n> fenced: not a quote\n> — @gus\n![no](fence.png)\n```",
    "<div>\n> html block\n> — @hal\n</div>",
    "- a list\n\n  > quoted in the list\n  > — @ivy",
    "> outer\n>\n> > inner\n> > — @jo\n>\n> — @kit",
    "> lazy\ncontinued — @lu",
    "Escaped \\![not a picture](x.png) and an @mention.",
    "| a | b |\n| - | - |\n| > — @mo | ![t](t.png) |",
]


def bodies(n: int) -> list[str]:
    rng = random.Random(23)
    out = list(PIECES)
    for _ in range(n):
        picked = rng.sample(PIECES, rng.randint(1, 5))
        out.append(rng.choice(["\n\n", "\n"]).join(picked) + "\n")
    return out


def _whole(body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rule read from the whole parse, written out here: ids in the order their quotes open, then pictures."""
    quoted: list[str] = []
    pictures: list[str] = []
    for tok in parse(body):
        if tok.type == "blockquote_open" and tok.meta.get("lived_by"):
            quoted.append(str(tok.meta["lived_by"]))
        pictures += [str(c.attrs.get("src", "")) for c in tok.children or () if c.type == "image"]
    return tuple(dict.fromkeys(quoted)), tuple(dict.fromkeys(pictures))


def test_references_from_the_blocks_are_those_of_the_whole_parse() -> None:
    for body in bodies(600):
        markdown._noted.clear()  # nothing noted by a whole parse: the blocks, or the whole parse for a picture
        found = covers_module._references.__wrapped__(body)
        assert found == _whole(body) == covers_module._parsed_references(body), body


def test_after_a_whole_parse_what_it_noted_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a check or build the assembly has parsed each contribution whole: its references are not parsed again."""
    seen = 0
    for body in bodies(300):
        expected = _whole(body)  # parses it whole, and so notes it
        with monkeypatch.context() as m:
            m.setattr(covers_module, "block_tokens", _no_parse)
            m.setattr(covers_module, "parse", _no_parse)
            assert covers_module._references.__wrapped__(body) == expected, body
        seen += bool(expected[0]) and bool(expected[1])
    assert seen >= 20
    # two people quoted, one inside the other's quote: in the order their quotes open (what covers: fingerprints)
    assert _whole("> outer\n>\n> > inner\n> > — @jo\n>\n> — @kit")[0] == ("kit", "jo")


def _no_parse(text: str) -> list[object]:
    raise AssertionError("parsed again")


def test_a_quote_in_a_note_nothing_refers_to_is_left_to_the_whole_parse() -> None:
    # the whole parse drops a note nothing refers to; the blocks alone still hold its quote
    body = "[^a]: Note.\n\n    > quoted\n    > — @bo\n\nno reference here\n"
    assert covers_module._block_references(body) is None
    assert covers_module._references.__wrapped__(body) == ((), ())


YAMLS = [
    "answers: q1\nby: [p0]\nstatus: draft\n",
    "a: {b: {c: [1, 2, {d: e}]}}\n",
    "name: Ann\nemails: [ann@example.org]\nconsent: {recorded: 2025-01-01, quotes: no}\n",
    "a: &x 1\nb: *x\n",
    "list:\n- - - - x\n",
    "a: [1, 2\n",  # unclosed
    "a: b: c\n",  # a value that needs quotes
    "\tindented: with a tab\n",
    "key: 'unclosed\n",
    "? complex\n: value\n",
    "",
    "- one\n- two\n",
    "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "".join(f"{' ' * (2 * k)}k{k}:\n" for k in range(MAX_DEPTH + 2)) + " " * (2 * MAX_DEPTH + 4) + "v\n",
    "a: " + ", ".join(["*x"] * 25) + "\n",
    "x: &a [1]\n" + "".join(f"y{k}: *a\n" for k in range(25)),
    "text: sha256:abc\nmore: 2026-11-20\n",
]


def test_yaml_read_without_the_scan_is_read_as_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def read(text: str) -> object:
        located, problems = load_yaml(text, "x.yaml", offset=1)
        return (located.data, located.lines, located.columns) if located else None, problems

    quick = [read(t) for t in YAMLS]
    monkeypatch.setattr(yamlsource, "could_be_a_bomb", lambda text: True)
    assert [read(t) for t in YAMLS] == quick


def test_a_text_the_scan_is_skipped_for_cannot_nest_deeper_or_use_aliases() -> None:
    for text in YAMLS:
        if not yamlsource.could_be_a_bomb(text):
            assert "*" not in text
            located, problems = load_yaml(text, "x.yaml")
            assert not any(p.code in ("yaml.too-deep", "yaml.too-many-aliases") for p in problems)
    assert yamlsource.could_be_a_bomb(YAMLS[12]) and yamlsource.could_be_a_bomb(YAMLS[13])


def _resolved_shown(root: Path, path: Path) -> str:
    """Workbench.shown as it was: the folder resolved every time."""
    path = Path(os.path.abspath(path))
    try:
        return str(path.parent.resolve().joinpath(path.name).relative_to(root.resolve()))
    except ValueError:
        return str(path)


def test_shown_and_real_paths_with_each_folder_resolved_once_are_as_resolved(tmp_path: Path) -> None:
    root = tmp_path / "wb"
    (root / "responses" / "r").mkdir(parents=True)
    (root / "responses" / "r" / "a.md").write_text("x", encoding="utf-8")
    (root / "linked").symlink_to(root / "responses" / "r")
    (root / "responses" / "r" / "b.md").symlink_to(root / "responses" / "r" / "a.md")
    (tmp_path / "outside").mkdir()
    (root / "responses" / "r" / "out.md").symlink_to(tmp_path / "outside" / "o.md")
    paths = [
        root / "responses" / "r" / "a.md",
        root / "linked" / "a.md",
        root / "responses" / "r" / "b.md",
        root / "responses" / "r" / "out.md",
        root / "responses" / "r" / ".." / "r" / "a.md",
        root,
        root / "responses",
        tmp_path / "outside" / "o.md",
        Path("/"),
    ]
    for wb_root in (root, root / "responses" / ".."):
        wb = Workbench(wb_root)
        real = approval._RealPaths()
        for _ in range(2):  # the second time from what was kept
            for path in paths:
                assert wb.shown(path) == _resolved_shown(wb_root, path), path
                assert real(path) == path.resolve(), path


def test_files_written_a_batch_at_a_time_are_whole_and_leave_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [(tmp_path / f"f{k}.md", f"new {k}\n".encode()) for k in range(write.BATCH + 10)]
    for path, _ in files:
        path.write_bytes(b"old\n")
    write.write_atomic_many(files)
    assert all(path.read_bytes() == data for path, data in files)
    assert all((path.stat().st_mode & 0o777) == 0o644 for path, _ in files)

    later = [(path, data + b"again\n") for path, data in files]
    renamed = 0
    real_replace = os.replace

    def fails_on_the_fifth(src: str, dst: object) -> None:
        nonlocal renamed
        if renamed == write.BATCH + 4:
            raise OSError(28, "No space left on device")
        renamed += 1
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(write.os, "replace", fails_on_the_fifth)
    with pytest.raises(OSError):
        write.write_atomic_many(later)
    got = [path.read_bytes() for path, _ in files]
    assert got[: write.BATCH + 4] == [data for _, data in later[: write.BATCH + 4]]  # replaced whole
    assert got[write.BATCH + 4 :] == [data for _, data in files[write.BATCH + 4 :]]  # or not at all
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def _workbench(root: Path) -> list[Path]:
    folder = make_response(root, 60)
    from PIL import Image

    Image.new("RGB", (4, 4), "white").save(folder / "pic.png")
    extra = {
        "0900-picture.md": "Words and a picture.\n\n![A white square](pic.png)\n",
        "0901-note-quote.md": "Words.[^a]\n\n[^a]: A note.\n\n    > quoted in a note\n    > — @p1\n",
        "0902-unreferenced.md": "Words.\n\n[^a]: A note.\n\n    > quoted\n    > — @p2\n",
        "0903-plain.md": "Plain words, no quote, no picture.\n",
    }
    for name, body in extra.items():
        (folder / name).write_text(f"---\nanswers: q1\nby: [p1]\nstatus: draft\n---\n{body}", encoding="utf-8")
    return sorted(folder.glob("*.md"))


def test_approve_writes_the_same_bytes_as_the_long_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quick_files = _workbench(tmp_path / "quick")
    shutil.copytree(tmp_path / "quick", tmp_path / "long")
    long_files = [tmp_path / "long" / p.relative_to(tmp_path / "quick") for p in quick_files]
    today = make_settings().today

    quick = approval.approve(tmp_path / "quick", quick_files, "p0", today)

    with monkeypatch.context() as m:  # every short cut replaced by the long way it stands for
        m.setattr(covers_module, "_references", covers_module._parsed_references)
        m.setattr(yamlsource, "could_be_a_bomb", lambda text: True)
        m.setattr(approval, "_RealPaths", lambda: Path.resolve)
        m.setattr(
            approval, "write_raw_many", lambda writes: [yamledit.write_raw(p, t, b) for p, t, b in writes] and None
        )
        m.setattr(Workbench, "shown", lambda self, path: _resolved_shown(self.root, path))
        long = approval.approve(tmp_path / "long", long_files, "p0", today)

    assert [(a.shown, a.text, a.already) for a in quick] == [(a.shown, a.text, a.already) for a in long]
    assert len(quick) == len(quick_files)
    for q, slow in zip(quick_files, long_files, strict=True):
        assert q.read_bytes() == slow.read_bytes(), q.name
        assert b"covers: 'sha256:" in q.read_bytes()
    leftovers = [p for p in (tmp_path / "quick").rglob("*") if p.name.endswith(".part")]
    assert leftovers == []


def test_a_scalar_written_once_is_written_as_ever() -> None:
    values: list[object] = ["approved", True, 1, "1", "true", None, "", 0, False, "null", "é", "a: b", "-0"]
    values += [__import__("datetime").date(2026, 11, 20), "2026-11-20", 12345678901234567890]
    for value in values * 2:  # the second time from what was kept
        assert yamledit.yaml_value(value) == yamledit._yaml_value(value), value
    assert yamledit.yaml_value(True) != yamledit.yaml_value(1)
