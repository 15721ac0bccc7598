"""Confidential material (issue 10, item 5): a contribution marked `confidential: true` goes only
into `<slug>-confidential.docx`, never into the submission, the web page or the answers.

Every output is read back with readers that are not the renderers: pypdf for the PDF, the DOCX's
own XML parts, the HTML as text, the text files as they are.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.conftest import assert_user_error, findings, pdf_text, run
from tests.factory import RESPONSE, Bench, make_bench, signed

ANNEX = "crisis-house-confidential.docx"
# written only in the confidential file: its text, its lived quote and its footnote
SECRET_TEXT = "night staff at the house are often agency workers with no training"
SECRET_QUOTE = "nobody on the night shift ever knew my name or my medication"
SECRET_NOTE = "said to us at the second workshop and not to be repeated in public"
SECRET_TITLE = "Notes for the board only"
SECRET_SECTION = "kept apart because the managers asked us not to publish these figures"
SECRETS = (SECRET_TEXT, SECRET_QUOTE, SECRET_NOTE, SECRET_TITLE, SECRET_SECTION)

CONFIDENTIAL = """
    ---
    answers: q1
    by: [ada]
    status: approved
    confidential: true
    ---
    The manager told us in private that night staff at the house are often agency workers with no
    training.[^told]

    > Nobody on the night shift ever knew my name or my medication.
    > — @dee

    [^told]: Said to us at the second workshop and not to be repeated in public.
"""
CONFIDENTIAL_SECTION = """
    ---
    section: board-notes
    title: Notes for the board only
    by: [hal]
    status: approved
    confidential: true
    ---
    Three rooms closed last winter; this is kept apart because the managers asked us not to publish these figures.
"""
ANNEX_SENTENCE = "A confidential annex was sent to the board with this response."


def with_confidential(bench: Bench) -> Bench:
    bench.contribution("45-q1-private.md", signed(CONFIDENTIAL))
    bench.contribution("60-board.md", signed(CONFIDENTIAL_SECTION))
    return bench


def set_response(bench: Bench, old: str, new: str) -> None:
    assert old in RESPONSE
    bench.write("responses/crisis-house/response.yaml", RESPONSE.replace(old, new))


def squeeze(text: str) -> str:
    """Lower case, one space between words, no punctuation: how a reader would search the text."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def docx_text(path: Path) -> str:
    """Every XML part of a Word file (body, notes, headers, properties), tags taken out, paragraphs apart."""
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        parts = [z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels"))]
    return "\n".join(re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", p)) for p in parts)


def read_back(path: Path) -> str:
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        meta = " ".join(str(v) for v in (reader.metadata or {}).values())
        return pdf_text(path) + "\n" + meta
    if path.suffix == ".docx":
        return docx_text(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return html.unescape(re.sub(r"<[^>]+>", " ", text)) + text
    return text


def outputs(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): read_back(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bench, str]:
    """The invented workbench with two confidential contributions, built in every default format,
    then its answers folder too, and as an online form."""
    bench = with_confidential(make_bench(tmp_path_factory.mktemp("conf") / "wb"))
    result = run(["build", str(bench.response)])
    assert result.exit_code == 0, result.output
    # the folder holds one set: every format at once, the answers folder too
    extra = run(["build", str(bench.response), "--format", "pdf,docx,html,txt,answers,confidential"])
    assert extra.exit_code == 0, extra.output
    return bench, result.output


# ------------------------------------------------------------------ where it goes


def test_the_annex_holds_the_confidential_text_its_quote_and_its_note(built: tuple[Bench, str]) -> None:
    import docx

    bench, _ = built
    annex = docx.Document(str(bench.out / ANNEX))
    paragraphs = [p.text for p in annex.paragraphs]
    assert "Confidential annex to Response to the Eastmoor crisis-house survey" in paragraphs
    assert annex.core_properties.title.startswith("Confidential annex to")
    whole = squeeze(docx_text(bench.out / ANNEX))
    for secret in SECRETS:
        assert squeeze(secret) in whole, secret
    # the lived quote kept its consented attribution, the footnote is a real Word footnote
    in_quotes = [p.text for t in annex.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    assert "— Peer Researcher" in in_quotes  # inside its quote's own box (issue 22)
    with zipfile.ZipFile(bench.out / ANNEX) as z:
        assert squeeze(SECRET_NOTE) in squeeze(re.sub(r"<[^>]+>", " ", z.read("word/footnotes.xml").decode()))
    # only what is confidential: the submission's own answers are not in it
    assert squeeze("a calm room") not in whole
    assert squeeze("refer themselves") not in whole


def test_no_other_output_holds_any_confidential_word(built: tuple[Bench, str]) -> None:
    bench, _ = built
    found = outputs(bench.out)
    others = {name: text for name, text in found.items() if name != ANNEX}
    # every kind of output was made and read: PDF, Word, web page, the export, one file a question
    assert {"crisis-house.pdf", "crisis-house.docx", "crisis-house.html", "crisis-house-answers.txt"} <= set(others)
    assert "crisis-house-answers/q1.txt" in others
    for name, text in others.items():
        for secret in SECRETS:
            assert squeeze(secret) not in squeeze(text), (name, secret)
    # the public answer to the same question is there, and its own footnote keeps number 1
    q1 = others["crisis-house-answers/q1.txt"]
    assert "calm room" in q1 and q1.endswith("[1] Eastmoor has six crisis beds for the whole county.")
    assert "board-notes" not in others["crisis-house.html"]


def test_the_build_says_how_many_went_to_the_annex(built: tuple[Bench, str]) -> None:
    bench, output = built
    assert f"2 confidential contributions kept out of the submission: only in {ANNEX}" in output
    status = run(["status", str(bench.response)]).output
    assert "Confidential" in status and "2 contributions in the confidential annex only" in status
    data = json.loads(run(["status", str(bench.response), "--json"]).output)
    [response] = data["responses"]
    flagged = sorted(c["file"] for c in response["contributions"] if c["confidential"])
    assert flagged == ["45-q1-private.md", "60-board.md"]


def test_no_annex_without_confidential_material(bench: Bench) -> None:
    result = run(["build", str(bench.response), "--format", "docx,txt,confidential"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in bench.out.iterdir()) == ["crisis-house-answers.txt", "crisis-house.docx"]
    assert "confidential" not in result.output


def test_every_profile_builds_the_annex(bench: Bench) -> None:
    with_confidential(bench)
    set_response(bench, "confidentiality: none", "confidentiality: none\n    submit_to: online-form")
    result = run(["build", str(bench.response)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in bench.out.iterdir())
    assert names == sorted([ANNEX, "crisis-house-answers", "crisis-house-answers.txt"])
    export = (bench.out / "crisis-house-answers.txt").read_text(encoding="utf-8")
    assert squeeze(SECRET_TEXT) not in squeeze(export)
    # asked for other formats by name, the annex is made only when asked for too
    only = run(["build", str(bench.response), "--format", "txt", "--out", str(bench.root / "only")])
    assert only.exit_code == 0, only.output
    assert [p.name for p in (bench.root / "only").iterdir()] == ["crisis-house-answers.txt"]
    assert "the annex was not asked for" in only.output


def test_the_annex_is_the_same_bytes_each_time(bench: Bench) -> None:
    with_confidential(bench)
    first = run(["build", str(bench.response), "--format", "confidential"])
    assert first.exit_code == 0, first.output
    before = (bench.out / ANNEX).read_bytes()
    again = run(["build", str(bench.response), "--format", "confidential", "--out", str(bench.root / "again")])
    assert again.exit_code == 0, again.output
    assert (bench.root / "again" / ANNEX).read_bytes() == before


# ------------------------------------------------------------- what the submission says


@pytest.mark.parametrize("confidentiality", ["none", ANNEX_SENTENCE])
def test_the_submission_mentions_an_annex_only_when_confidentiality_says_so(bench: Bench, confidentiality: str) -> None:
    with_confidential(bench)
    set_response(bench, "confidentiality: none", f"confidentiality: {confidentiality}")
    result = run(["build", str(bench.response), "--format", "docx,html,txt,confidential"])
    assert result.exit_code == 0, result.output
    for name in ("crisis-house.docx", "crisis-house.html"):
        text = squeeze(read_back(bench.out / name))
        if confidentiality == "none":
            assert "annex" not in text, name  # the tool never announces it by itself
        else:
            assert squeeze(ANNEX_SENTENCE) in text, name
        assert squeeze(SECRET_TEXT) not in text


# ------------------------------------------------------------------ withdrawal


def test_a_withdrawn_persons_confidential_words_are_in_no_output(bench: Bench) -> None:
    # gus withdrew: his confidential contribution is left out of the annex as of everything else
    bench.contribution(
        "46-q1-gus-private.md",
        signed(
            """
            ---
            answers: q1
            by: [gus]
            status: approved
            confidential: true
            ---
            The back door of the crisis house was left unlocked every single night in March.
            """
        ),
    )
    with_confidential(bench)
    result = run(["build", str(bench.response), "--format", "docx,html,txt,answers,confidential"])
    assert result.exit_code == 0, result.output
    assert "46-q1-gus-private.md: left out, written by gus" in result.output
    found = outputs(bench.out)
    assert ANNEX in found and squeeze(SECRET_TEXT) in squeeze(found[ANNEX])
    for name, text in found.items():
        assert "unlocked every single night" not in squeeze(text), name
        assert "Gustav" not in text and "Pell" not in text, name
    # with only his confidential file left, there is no annex at all, and the earlier one is not left behind
    for name in ("45-q1-private.md", "60-board.md"):
        (bench.response / name).unlink()
    again = run(["build", str(bench.response), "--format", "docx,confidential"])
    assert again.exit_code == 0, again.output
    assert not (bench.out / ANNEX).exists()
    assert (bench.out / "crisis-house.docx").is_file()


# ------------------------------------------------------------- check and build agree


def line_of(path: Path, words: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if words in line)


def test_confidential_words_copied_into_the_submission_are_refused_by_check_and_build(bench: Bench) -> None:
    with_confidential(bench)
    bench.contribution(
        "55-q3-copy.md",
        signed(
            """
            ---
            answers: q3
            by: [hal]
            status: approved
            ---
            We heard that night staff at the house are often agency workers with no training at all.
            """
        ),
    )
    [found] = [f for f in findings(bench) if f["code"] == "confidential.copied"]
    assert found["file"] == "responses/crisis-house/55-q3-copy.md"
    assert found["line"] == line_of(bench.response / "55-q3-copy.md", "night staff")
    assert found["severity"] == "error"
    assert "45-q1-private.md" in str(found["message"])
    out = assert_user_error(run(["build", str(bench.response), "--draft", "--format", "html"]))
    assert "confidential.copied" in out or "45-q1-private.md" in out
    assert not bench.draft_out.exists()


def test_a_private_name_in_a_confidential_file_is_refused_by_check_and_build(bench: Bench) -> None:
    with_confidential(bench)
    bench.contribution(
        "47-q1-named.md",
        signed(
            """
            ---
            answers: q1
            by: [hal]
            status: approved
            confidential: true
            ---
            Faye Grindle told the managers what had happened.
            """
        ),
    )
    [found] = [f for f in findings(bench) if f["code"] == "name.withheld"]
    line = line_of(bench.response / "47-q1-named.md", "Faye Grindle")
    assert found["file"] == "responses/crisis-house/47-q1-named.md" and found["line"] == line
    out = assert_user_error(run(["build", str(bench.response), "--format", "confidential"]))
    assert f"47-q1-named.md:{line}" in out
    assert not (bench.out / ANNEX).exists()


def test_the_guard_reads_the_annex(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private name that reached the annex by a renderer's mistake is refused (promise 1)."""
    from pipeline.render import confidential

    real = confidential.render

    def leaky(doc, ctx):  # type: ignore[no-untyped-def]
        import dataclasses

        meta = dataclasses.replace(doc.meta, organisation="Riverside Peer Network and Elias Thorne")
        return real(dataclasses.replace(doc, meta=meta), ctx)

    monkeypatch.setattr(confidential, "render", leaky)
    with_confidential(bench)
    out = assert_user_error(run(["build", str(bench.response), "--format", "confidential"]))
    assert "refusing to write" in out and ANNEX in out
    assert not (bench.out / ANNEX).exists()


def test_the_guard_refuses_confidential_words_in_any_other_output(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last line of defence: a renderer that let confidential words through is refused, nothing written."""
    from pipeline.render import text

    real = text.render
    monkeypatch.setattr(
        text,
        "render",
        lambda doc, ctx: (
            real(doc, ctx) + b"\nThe manager said night staff at the\nhouse are often AGENCY workers, with no training."
        ),
    )
    with_confidential(bench)
    out = assert_user_error(run(["build", str(bench.response), "--format", "txt,confidential"]))
    assert "crisis-house-answers.txt would contain words of responses/crisis-house/45-q1-private.md" in out
    assert "confidential annex" in out
    assert not bench.out.exists()


def test_marking_approved_work_confidential_needs_a_new_approval(bench: Bench) -> None:
    """Where a contribution is printed is part of what was approved; leaving the mark off changes nothing."""
    assert not [f for f in findings(bench) if f["code"] == "approval.changed"]  # approved before the field existed
    path = bench.response / "20-q1-offer.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: approved", "status: approved\nconfidential: true")
    )
    [found] = [f for f in findings(bench) if f["code"] == "approval.changed"]
    assert found["file"] == "responses/crisis-house/20-q1-offer.md"
