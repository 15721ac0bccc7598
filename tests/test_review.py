"""Word round trips (issue 21): a built Word file, reviewed as Word does, comes back as suggestions and notes.

The reviewed copy is made the way Word writes one: python-docx adds a comment, and tracked insertions and
deletions (w:ins, w:del with w:author) and an edit made without Track Changes are written into the raw
OOXML. `review` reads it; some suggestions are accepted, others rejected; the Markdown must then be
exactly the expected text, the comment's words must be in the notes, and no reviewer's name anywhere.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import assert_user_error, docx_parts, findings, run
from tests.factory import Bench, make_bench

DOCX = "crisis-house.docx"
ADA = "Ada Fenwick"  # credited by name: her Word author name folds to ada
BO = "Bo Lindqvist"  # credited by initials only: her name must appear nowhere
STRANGER = "Quentin Zebedee-Hart"  # nobody in the workbench


def _rewrite(data: bytes, part: str, edit: object) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == part:
                body = edit(body.decode("utf-8")).encode("utf-8")  # type: ignore[operator]
            dst.writestr(info, body)
    return out.getvalue()


def _replace_once(xml: str, old: str, new: str) -> str:
    assert xml.count(old) == 1, old
    return xml.replace(old, new)


def reviewed_copy(built: Path, target: Path) -> Path:
    """The build as a reviewer sends it back: a comment, tracked changes by two people, an untracked edit."""
    import docx

    word = docx.Document(str(built))
    ring = next(p for p in word.paragraphs if p.text == "Ring the house.")
    word.add_comment(ring.runs, text="Is this too harsh? Maybe say call.", author=BO, initials="BL")
    buffer = io.BytesIO()
    word.save(buffer)

    def edit(xml: str) -> str:
        w = 'w:id="9{n}" w:author="{a}" w:date="2026-11-18T10:00:00Z"'
        # a tracked insertion by Ada
        xml = _replace_once(
            xml,
            "<w:t>People should be able to refer themselves, by phone or in person.</w:t></w:r>",
            '<w:t xml:space="preserve">People should be able to refer themselves, by phone</w:t></w:r>'
            f"<w:ins {w.format(n=1, a=ADA)}><w:r><w:t>, text</w:t></w:r></w:ins>"
            '<w:r><w:t xml:space="preserve"> or in person.</w:t></w:r>',
        )
        # a tracked deletion by someone the workbench does not know
        xml = _replace_once(
            xml,
            "<w:t>We ask for a second crisis house and for peer workers on every shift.</w:t></w:r>",
            '<w:t xml:space="preserve">We ask for a</w:t></w:r>'
            f'<w:del {w.format(n=2, a=STRANGER)}><w:r><w:delText xml:space="preserve"> second</w:delText></w:r></w:del>'
            '<w:r><w:t xml:space="preserve"> crisis house and for peer workers on every shift.</w:t></w:r>',
        )
        # a tracked deletion in formatted text (the link and the footnote stay)
        xml = _replace_once(
            xml,
            '<w:t xml:space="preserve"> at any hour.</w:t>',
            f'<w:t xml:space="preserve"> </w:t></w:r><w:del {w.format(n=3, a=ADA)}><w:r>'
            "<w:delText>at any hour</w:delText></w:r></w:del><w:r><w:t>.</w:t>",
        )
        # an edit made without Track Changes
        return _replace_once(xml, "views across Eastmoor.</w:t>", "views across all of Eastmoor.</w:t>")

    target.write_bytes(_rewrite(buffer.getvalue(), "word/document.xml", edit))
    return target


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bench, Path]:
    bench = make_bench(tmp_path_factory.mktemp("review") / "wb")
    result = run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    copy = reviewed_copy(bench.draft_out / DOCX, bench.root.parent / "returned.docx")
    return bench, copy


def _record(bench: Bench) -> dict[str, object]:
    (path,) = sorted((bench.response / "review").glob("*.yaml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _by_old_new(record: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    return {(s["old"], s["new"]): s for s in record["suggestions"]}  # type: ignore[index, union-attr]


def body(bench: Bench, name: str) -> str:
    """A contribution's Markdown after its front matter."""
    return (bench.response / name).read_text(encoding="utf-8").split("---\n", 2)[2]


# what each reviewed contribution's Markdown must be once s1-s3 and the untracked edit are accepted and the
# deletion of "second" rejected: (the words before, the words after) in its body, all else unchanged
EXPECTED = {
    "31-q2-referral.md": ("by phone or in person.", "by phone, text or in person."),
    "10-summary.md": ("", ""),
    "20-q1-offer.md": ("(https://example.org/peer) at any hour.[^beds]", "(https://example.org/peer) .[^beds]"),
    "40-voices.md": ("views across Eastmoor.", "views across all of Eastmoor."),
}


def decide_and_compare(
    bench: Bench, found: dict[tuple[str, str], dict[str, object]], originals: dict[str, str]
) -> list[str]:
    """Accept the insertion, the formatted deletion and the untracked edit, reject the other deletion; each
    contribution's Markdown must then be exactly the expected text. The accepted ids."""
    untracked = next(s for s in found.values() if not s["tracked"])
    accept = [str(found[("", ", text")]["id"]), str(found[("at any hour", "")]["id"]), str(untracked["id"])]
    result = run(["review", "accept", str(bench.response), *accept], cwd=bench.root)
    assert result.exit_code == 0, result.output
    result = run(["review", "reject", str(bench.response), str(found[(" second", "")]["id"])], cwd=bench.root)
    assert result.exit_code == 0, result.output
    for name, (old, new) in EXPECTED.items():
        assert originals[name].count(old) >= 1
        assert body(bench, name) == originals[name].replace(old, new, 1), name
    return accept


def test_built_word_file_marks_each_contribution_without_names(built: Bench) -> None:
    xml = docx_parts(built.out / DOCX)["word/document.xml"]
    import re

    marks = re.findall(r'w:name="(_cp_[^"]*)"', xml)
    assert len(marks) >= 4 and all(re.fullmatch(r"_cp_\d+_[0-9a-f]{8}", m) for m in marks)
    assert "crisis-house" not in " ".join(marks) and ".md" not in xml


def test_review_finds_tracked_changes_comments_and_untracked_edits(reviewed: tuple[Bench, Path]) -> None:
    bench, copy = reviewed
    result = run(["review", str(copy), str(bench.response)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    record = _record(bench)
    found = _by_old_new(record)
    assert found[("", ", text")]["file"] == "31-q2-referral.md"
    assert found[("", ", text")]["by"] == "ada" and found[("", ", text")]["tracked"] is True
    assert found[(" second", "")]["file"] == "10-summary.md"
    assert found[(" second", "")]["by"] == "a reviewer"
    assert found[("at any hour", "")]["file"] == "20-q1-offer.md"
    untracked = [s for s in record["suggestions"] if not s["tracked"]]  # type: ignore[union-attr, index]
    assert [(s["file"], s["new"].strip()) for s in untracked] == [("40-voices.md", "all of")]
    (note,) = record["notes"]  # type: ignore[misc]
    assert note["words"] == "Is this too harsh? Maybe say call."
    assert note["about"] == "Ring the house." and note["file"] == "31-q2-referral.md" and note["by"] == "bo"
    text = "\n".join(p.read_text(encoding="utf-8") for p in (bench.response / "review").glob("*"))
    for name in (ADA, BO, STRANGER, "Lindqvist", "Zebedee"):
        assert name not in text and name not in result.output
    # status shows what is open, per contribution, with the comment's words
    status = run(["status", str(bench.response)], cwd=bench.root)
    assert status.exit_code == 0, status.output
    shown = status.output[status.output.index("From reviewed Word files") :]
    assert "31-q2-referral.md" in shown and "Is this too harsh? Maybe say call." in shown
    assert found[("", ", text")]["id"] + ":" in shown and BO not in status.output
    import json

    as_json = json.loads(run(["status", "--json", str(bench.response)], cwd=bench.root).output)
    review = as_json["responses"][0]["review"]
    assert any("too harsh" in line for line in review["31-q2-referral.md"]) and BO not in json.dumps(as_json)
    # reviewing the same copy again keeps the same ids and makes no second record
    again = run(["review", str(copy), str(bench.response)], cwd=bench.root)
    assert again.exit_code == 0 and _record(bench) == record


def test_accept_and_reject_write_the_expected_markdown(reviewed: tuple[Bench, Path]) -> None:
    bench, copy = reviewed
    if not (bench.response / "review").is_dir():
        assert run(["review", str(copy), str(bench.response)], cwd=bench.root).exit_code == 0
    found = _by_old_new(_record(bench))
    originals = {name: body(bench, name) for name in EXPECTED}
    accept = decide_and_compare(bench, found, originals)
    states = {s["id"]: s["state"] for s in _record(bench)["suggestions"]}  # type: ignore[union-attr, index]
    assert {states[i] for i in accept} == {"accepted"} and states[found[(" second", "")]["id"]] == "rejected"
    # the accepted changes undo the approvals of what they changed, and nothing else
    changed = {f["file"] for f in findings(bench) if str(f.get("code", "")).startswith("approval.")}
    assert any("31-q2-referral.md" in str(c) for c in changed) and any("40-voices.md" in str(c) for c in changed)
    assert not any("10-summary.md" in str(c) for c in changed)
    # no reviewer's name and no note reaches a build
    assert run(["build", "--draft", "--format", "docx,html,txt", str(bench.response)], cwd=bench.root).exit_code == 0
    from pipeline.privacy.readers import read_output

    outputs = " ".join(
        piece.text
        for path in bench.draft_out.iterdir()
        if path.is_file()
        for piece in read_output(path.name, path.read_bytes())
    )
    assert "too harsh" not in outputs and "Lindqvist" not in outputs and "Zebedee" not in outputs
    status = run(["status", str(bench.response)], cwd=bench.root).output
    assert found[("", ", text")]["id"] + ":" not in status and "too harsh" in status  # accepted: no longer open
    # accepting again changes nothing
    again = run(["review", "accept", str(bench.response), accept[0]], cwd=bench.root)
    assert again.exit_code == 0 and "already accepted" in again.output


def _soffice(source: Path, to: str, out: Path, profile: Path) -> Path:
    """Convert with LibreOffice Writer headless, in a profile of its own (other runs may share the machine)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
         "--outdir", str(out), str(source)],
        check=False, capture_output=True, timeout=240,
    )  # fmt: skip
    return out / f"{source.stem}.{to.split(':')[0]}"


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice profile folder, once Writer is known to convert (soffice may be there with only Calc)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer)")
    folder = tmp_path_factory.mktemp("lo")
    tiny = folder / "tiny.txt"
    tiny.write_text("hello\n", encoding="utf-8")
    if not _soffice(tiny, "docx", folder / "probe", folder / "profile").is_file():
        pytest.skip("LibreOffice Writer is not installed (apt-get install libreoffice-writer)")
    return folder / "profile"


@pytest.mark.parametrize("route", ["docx", "odt"])
def test_libreoffice_round_trip_keeps_marks_changes_and_comments(route: str, writer: Path, tmp_path: Path) -> None:
    bench = make_bench(tmp_path / "wb")
    assert run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root).exit_code == 0
    copy = reviewed_copy(bench.draft_out / DOCX, tmp_path / "returned.docx")
    through = _soffice(copy, "odt" if route == "odt" else "docx:MS Word 2007 XML", tmp_path / "lo1", writer)
    if route == "odt":
        through = _soffice(through, "docx:MS Word 2007 XML", tmp_path / "lo2", writer)
    assert through.is_file()
    assert "_cp_" in docx_parts(through)["word/document.xml"]
    result = run(["review", str(through), str(bench.response)], cwd=bench.root)
    assert result.exit_code == 0, result.output
    record = _record(bench)
    found = _by_old_new(record)
    assert found[("", ", text")]["file"] == "31-q2-referral.md" and found[("", ", text")]["by"] == "ada"
    assert found[(" second", "")]["file"] == "10-summary.md"
    assert [n["words"] for n in record["notes"]] == ["Is this too harsh? Maybe say call."]  # type: ignore[union-attr]
    assert any(s["file"] == "40-voices.md" and "all of" in s["new"] for s in record["suggestions"])  # type: ignore[union-attr]
    text = (bench.response / "review").joinpath(next((bench.response / "review").glob("*.yaml")).name).read_text()
    assert BO not in text and ADA not in text and STRANGER not in text
    decide_and_compare(bench, found, {name: body(bench, name) for name in EXPECTED})


def test_a_copy_without_marks_is_placed_paragraph_by_paragraph(tmp_path: Path) -> None:
    """An older build, or a copy not from this workbench: what is like a contribution's paragraph is placed, a
    changed paragraph like none is offered as unsorted with the reason; nothing is guessed as an untracked edit."""
    import re

    bench = make_bench(tmp_path / "wb")
    assert run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root).exit_code == 0
    copy = reviewed_copy(bench.draft_out / DOCX, tmp_path / "returned.docx")

    def unmark(xml: str) -> str:
        xml = re.sub(r'<w:bookmarkStart w:id="(\d+)" w:name="_cp_[^"]*"/>', "", xml)
        stranger = (
            '<w:p><w:r><w:t xml:space="preserve">A paragraph the reviewer wrote from scratch about buses</w:t></w:r>'
            f'<w:ins w:id="99" w:author="{STRANGER}"><w:r><w:t> and trains</w:t></w:r></w:ins></w:p>'
        )
        return xml.replace("<w:sectPr", stranger + "<w:sectPr", 1)

    copy.write_bytes(_rewrite(copy.read_bytes(), "word/document.xml", unmark))
    assert "_cp_" not in docx_parts(copy)["word/document.xml"]
    result = run(["review", str(copy)], cwd=bench.response)  # from inside the response folder
    assert result.exit_code == 0, result.output
    record = _record(bench)
    found = _by_old_new(record)
    assert found[("", ", text")]["file"] == "31-q2-referral.md" and found[(" second", "")]["file"] == "10-summary.md"
    assert all(s["tracked"] for s in record["suggestions"])  # type: ignore[union-attr]
    (unsorted,) = record["unsorted"]  # type: ignore[misc]
    assert "buses" in unsorted["text"] and "no mark from this workbench" in unsorted["reason"]
    assert [n["file"] for n in record["notes"]] == ["31-q2-referral.md"]  # type: ignore[union-attr]


def test_bad_input_gets_a_message_not_a_traceback(built: Bench, tmp_path: Path) -> None:
    fake = tmp_path / "not-word.docx"
    fake.write_text("I am a note, not a Word file", encoding="utf-8")
    output = assert_user_error(run(["review", str(fake), str(built.response)], cwd=built.root))
    assert "not-word.docx" in output and "not a Word file" in output
    output = assert_user_error(run(["review", "accept", str(built.response), "s999"], cwd=built.root))
    assert "s999" in output and "coproduce status" in output
    assert_user_error(run(["review", "accept", str(built.response)], cwd=built.root), code=2)
    assert_user_error(run(["review", str(tmp_path / "missing.docx"), str(built.response)], cwd=built.root), code=2)


def test_an_accepted_suggestion_that_no_longer_fits_writes_nothing(
    reviewed: tuple[Bench, Path], tmp_path: Path
) -> None:
    bench = make_bench(tmp_path / "wb")
    assert run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root).exit_code == 0
    copy = reviewed_copy(bench.draft_out / DOCX, tmp_path / "returned.docx")
    assert run(["review", str(copy), str(bench.response)], cwd=bench.root).exit_code == 0
    found = _by_old_new(_record(bench))
    summary = bench.response / "10-summary.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("a second crisis house", "two more houses"))
    before = {p.name: p.read_bytes() for p in bench.response.glob("*.md")}
    output = assert_user_error(
        run(["review", "accept", str(bench.response), found[(" second", "")]["id"], found[("", ", text")]["id"]],
            cwd=bench.root)
    )  # fmt: skip
    assert "10-summary.md" in output and "by hand" in output
    assert {p.name: p.read_bytes() for p in bench.response.glob("*.md")} == before


def test_the_marks_are_the_same_wherever_the_workbench_is(tmp_path: Path) -> None:
    """Same input, same bytes: the marks hash the contribution and its text (a picture by its bytes), not the
    folder the workbench sits in."""
    import re

    from PIL import Image

    def marked(where: Path) -> tuple[list[str], bytes]:
        bench = make_bench(where / "wb")
        Image.new("RGB", (6, 4), (200, 30, 30)).save(bench.response / "chart.png")
        summary = bench.response / "10-summary.md"
        summary.write_text(summary.read_text(encoding="utf-8") + "\n![A chart of beds](chart.png)\n")
        assert run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root).exit_code == 0
        data = (bench.draft_out / DOCX).read_bytes()
        return re.findall(r'w:name="(_cp_[^"]*)"', docx_parts(bench.draft_out / DOCX)["word/document.xml"]), data

    here, there = marked(tmp_path / "a"), marked(tmp_path / "somewhere" / "else")
    assert here[0] and here == there


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Ada Fenwick", "ada"),
        ("FENWICK, Ada", "ada"),
        ("ada\u00a0fenwick", "ada"),  # a no-break space, as Word's user name may hold
        ("A\u200bda Fenwick", "ada"),  # an invisible character typed or pasted in
        ("Bo Lindqvist", "bo"),  # credited by initials only: still matched, never stored by name
        ("Ada Smith", "a reviewer"),  # a first name alone in a longer name is nobody
        ("", "a reviewer"),
        ("Quentin Zebedee-Hart", "a reviewer"),
    ],
)
def test_a_reviewer_is_matched_the_one_way_names_are_folded(built: Bench, written: str, expected: str) -> None:
    from pipeline.errors import Problems
    from pipeline.load.workbench import Workbench, load_contributors
    from pipeline.workflow.review.record import reviewer

    wb = Workbench(built.root)
    load_contributors(wb, Problems())
    assert reviewer([written], {pid: cf.data for pid, cf in wb.contributors.items()}) == expected


def test_a_word_file_that_declares_a_dtd_is_refused_with_a_message(built: Bench, tmp_path: Path) -> None:
    def bomb(xml: str) -> str:
        return xml.replace("?>", '?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>', 1)

    copy = tmp_path / "returned.docx"
    copy.write_bytes(_rewrite((built.out / DOCX).read_bytes(), "word/document.xml", bomb))
    output = assert_user_error(run(["review", str(copy), str(built.response)], cwd=built.root))
    assert "returned.docx" in output and "could not be read" in output
    assert not (built.response / "review").exists()


def test_a_paragraph_added_with_track_changes_goes_in_after_the_one_before_it(tmp_path: Path) -> None:
    import re

    bench = make_bench(tmp_path / "wb")
    assert run(["build", "--draft", "--format", "docx", str(bench.response)], cwd=bench.root).exit_code == 0
    added = "We met people in libraries and cafés."

    def insert(xml: str) -> str:
        tracked = f'w:id="95" w:author="{ADA}" w:date="2026-11-18T10:00:00Z"'
        paragraph = f"<w:p><w:pPr><w:rPr><w:ins {tracked}/></w:rPr></w:pPr><w:ins {tracked}><w:r><w:t>{added}</w:t></w:r></w:ins></w:p>"
        found = re.search(r"views across Eastmoor\.</w:t></w:r>(<w:bookmarkEnd[^>]*/>)?</w:p>", xml)
        assert found
        return xml[: found.end()] + paragraph + xml[found.end() :]

    copy = tmp_path / "returned.docx"
    copy.write_bytes(_rewrite((bench.draft_out / DOCX).read_bytes(), "word/document.xml", insert))
    before = body(bench, "40-voices.md")
    assert run(["review", str(copy), str(bench.response)], cwd=bench.root).exit_code == 0
    (suggestion,) = _record(bench)["suggestions"]  # type: ignore[misc]
    assert suggestion["file"] == "40-voices.md" and suggestion["by"] == "ada"
    result = run(["review", "accept", str(bench.response), suggestion["id"]], cwd=bench.root)
    assert result.exit_code == 0, result.output
    old = "gathered these views across Eastmoor.\n"
    assert body(bench, "40-voices.md") == before.replace(old, f"{old}\n{added}\n", 1)


def test_word_text_elements_read_as_a_reader_sees_them() -> None:
    """Word's own ways of writing text: a no-break hyphen, a soft hyphen, a tab, runs split mid-word, proofing
    marks, a field's instruction (never text), and a tracked move."""
    from pipeline.workflow.review.reading import read_bytes

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (
        f'<w:document {w}><w:body><w:p><w:bookmarkStart w:id="1" w:name="_cp_1_0123abcd"/>'
        "<w:r><w:t>self</w:t><w:noBreakHyphen/><w:t>harm and well</w:t><w:softHyphen/><w:t>being</w:t></w:r>"
        '<w:proofErr w:type="spellStart"/><w:r><w:t xml:space="preserve"> at ho</w:t></w:r><w:r><w:t>me</w:t></w:r>'
        '<w:proofErr w:type="spellEnd"/><w:r><w:instrText xml:space="preserve"> HYPERLINK "x" </w:instrText></w:r>'
        '<w:moveFrom w:id="2" w:author="Ada Fenwick"><w:r><w:delText> today</w:delText></w:r></w:moveFrom>'
        '<w:r><w:tab/><w:t>end</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p></w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", body)
    (para,) = read_bytes(out.getvalue()).paragraphs
    assert para.mark == "_cp_1_0123abcd"
    assert para.original == "self-harm and wellbeing at home today end"
    assert para.revised == "self-harm and wellbeing at home end"
    (change,) = para.changes
    assert (change.old, change.new, change.authors) == (" today", "", ["Ada Fenwick"])
