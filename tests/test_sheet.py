"""The information and consent sheet each person keeps (issue 24): made for every example person in
both versions, read back with pymupdf, pypdf, pikepdf and python-docx (not the code that wrote them)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import assert_user_error, docx_parts, pdf_metadata, run

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.stem for p in (REPO / "contributors").glob("*.yaml"))
TITLES = {yaml.safe_load(p.read_text("utf-8"))["title"] for p in (REPO / "responses").glob("*/response.yaml")}
WITHDRAWN = {"kerry"}  # withdrew in 2024: no sheet is made for someone whose work is left out
TAKING_PART = [p for p in EXAMPLES if p not in WITHDRAWN]
# exactly what the submissions print for them, from their files (credit: and its value)
EXPECTED_CREDIT = {
    "alex": "A.D.",
    "bev": "Beverley Hollins",
    "dean": None,
    "jordan": "Service User Involvement Volunteer",
    "marcus": "Kestrel",
    "halima": "Volunteer Peer Researcher",
}


def _copy_examples(root: Path) -> Path:
    root.mkdir(parents=True)
    for folder in ("contributors", "responses"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workbench with a sheet, plain and Easy Read, made for every person taking part."""
    root = _copy_examples(tmp_path_factory.mktemp("sheets") / "wb")
    for pid in TAKING_PART:
        for extra in ([], ["--easy-read"]):
            result = run(["contributor", "sheet", pid, "--out", "sheets", *extra], cwd=root)
            assert result.exit_code == 0, result.output
    return root


def _sheet(root: Path, pid: str, easy: bool, suffix: str) -> Path:
    return root / "sheets" / f"{pid}-sheet{'-easy-read' if easy else ''}{suffix}"


def _docx_lines(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def _pdf_spans(path: Path) -> list[tuple[str, float]]:
    import pymupdf

    out = []
    with pymupdf.open(path) as doc:
        for page in doc:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        if span["text"].strip():
                            out.append((span["text"], span["size"]))
    return out


def _pdf_text(path: Path) -> str:
    import pymupdf

    with pymupdf.open(path) as doc:
        return " ".join(" ".join(page.get_text().split()) for page in doc)


@pytest.mark.parametrize("pid", TAKING_PART)
def test_every_example_person_gets_both_sheets_as_pdf_and_docx(examples: Path, pid: str) -> None:
    for easy in (False, True):
        for suffix in (".pdf", ".docx"):
            assert _sheet(examples, pid, easy, suffix).stat().st_size > 1000
        name = yaml.safe_load((examples / "contributors" / f"{pid}.yaml").read_text("utf-8"))["name"]
        assert name in _pdf_text(_sheet(examples, pid, easy, ".pdf"))  # it is theirs: their own name is on it
        # but not in what a file shows without being opened: its properties and its name
        assert name not in pdf_metadata(_sheet(examples, pid, easy, ".pdf"))
        core = docx_parts(_sheet(examples, pid, easy, ".docx"))["docProps/core.xml"]
        assert name not in core and name.split()[0] not in core


@pytest.mark.parametrize("pid", TAKING_PART)
def test_easy_read_text_is_16pt_or_more_in_pdf_and_docx(examples: Path, pid: str) -> None:
    spans = _pdf_spans(_sheet(examples, pid, True, ".pdf"))
    assert spans
    small = [(t, s) for t, s in spans if s < 15.95]
    assert not small, small
    plain = _pdf_spans(_sheet(examples, pid, False, ".pdf"))
    assert min(s for _, s in plain) < 16  # the plain sheet is ordinary print: the rule above can fail

    import docx

    word = docx.Document(str(_sheet(examples, pid, True, ".docx")))
    for p in word.paragraphs:
        for r in p.runs:
            size = r.font.size or p.style.font.size or word.styles["Normal"].font.size
            assert size is not None and size.pt >= 16, (p.text, size)


@pytest.mark.parametrize("pid", TAKING_PART)
def test_easy_read_has_short_sentences_one_idea_a_line(examples: Path, pid: str) -> None:
    for line in _docx_lines(_sheet(examples, pid, True, ".docx")):
        if line.startswith("Version ") or line in TITLES:
            continue  # the wording's version, or a response's title on a line of its own: names, not sentences
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", line) if s.strip()]
        assert len(sentences) <= 2, line
        for s in sentences:
            assert len(s.split()) <= 15, s


@pytest.mark.parametrize("pid", sorted(EXPECTED_CREDIT))
def test_the_credit_is_shown_exactly_as_it_prints(examples: Path, pid: str) -> None:
    credit = EXPECTED_CREDIT[pid]
    for easy in (False, True):
        lines = _docx_lines(_sheet(examples, pid, easy, ".docx"))
        text = _pdf_text(_sheet(examples, pid, easy, ".pdf"))
        if credit is None:
            assert any("not be named" in ln or "will not be in the answer" in ln for ln in lines), lines
        else:
            assert any(ln.endswith(f": {credit}") and "like this" in ln for ln in lines), lines
            assert credit in text


def test_each_credit_on_a_sheet_is_the_string_the_submission_prints(examples: Path) -> None:
    printed = ""
    for folder in sorted((examples / "responses").iterdir()):
        out = examples / "built" / folder.name
        result = run(["build", folder.name, "--draft", "--format", "html", "--out", str(out)], cwd=examples)
        assert result.exit_code == 0, result.output
        page = next(out.glob("*.html")).read_text("utf-8")
        printed += html.unescape(re.sub(r"<[^>]+>", " ", page))
    printed = " ".join(printed.split())
    checked = []
    for pid in TAKING_PART:
        lines = _docx_lines(_sheet(examples, pid, False, ".docx"))
        credit = next((ln.split(": ", 1)[1] for ln in lines if ln.startswith("Your credit will print exactly")), None)
        agreed = not any(ln.startswith("This is what will print once you agree.") for ln in lines)
        if credit is not None and agreed and not any("not yet working on a response" in ln for ln in lines):
            assert credit in printed, f"{pid}'s sheet says {credit!r}; the submissions print no such credit"
            checked.append(pid)
    assert len(checked) >= 8, checked


def test_someone_not_yet_agreed_is_told_it_starts_when_they_agree(examples: Path) -> None:
    # tom asked to be named, but his consent was never recorded: today nothing of his is printed
    plain = _docx_lines(_sheet(examples, "tom", False, ".docx"))
    assert "Your credit will print exactly like this: Tom Lacey" in plain
    assert any(ln.startswith("This is what will print once you agree.") for ln in plain)
    assert "This starts when you say yes." in _docx_lines(_sheet(examples, "tom", True, ".docx"))
    assert "This starts when you say yes." not in _docx_lines(_sheet(examples, "bev", True, ".docx"))


@pytest.mark.parametrize("easy", [False, True])
def test_the_withdrawal_route_and_whom_to_tell(examples: Path, easy: bool) -> None:
    text = " ".join(_docx_lines(_sheet(examples, "jordan", easy, ".docx")))
    if easy:
        assert "You can stop at any time." in text and "Then we will not use your words." in text
    else:
        assert "You can also withdraw at any time." in text and "You do not have to give a reason." in text
        assert "left out of everything we send" in text
    assert "Tell the engagement worker you talk to" in text


def test_the_consent_record_names_the_sheet_version(examples: Path) -> None:
    from pipeline.load.workbench import SHIPPED_TEMPLATES

    shipped = yaml.safe_load((SHIPPED_TEMPLATES / "sheets" / "sheet.yaml").read_text("utf-8"))
    for pid in TAKING_PART:
        consent = yaml.safe_load((examples / "contributors" / f"{pid}.yaml").read_text("utf-8"))["consent"]
        assert consent["sheet_version"] == shipped["version"]
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", consent["sheet_fingerprint"])
        text = _pdf_text(_sheet(examples, pid, False, ".pdf"))
        assert consent["sheet_fingerprint"] in text.replace(" ", "")  # the sheet prints what was recorded


def test_the_sheet_pdf_is_tagged_with_language_and_title(examples: Path) -> None:
    import pikepdf

    with pikepdf.open(_sheet(examples, "marcus", True, ".pdf")) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.open_metadata().get("dc:title", "")) == "Taking part"


def test_same_person_same_day_same_bytes(examples: Path, tmp_path: Path) -> None:
    result = run(["contributor", "sheet", "alex", "--out", str(tmp_path), "--no-record"], cwd=examples)
    assert result.exit_code == 0, result.output
    for suffix in (".pdf", ".docx"):
        assert (tmp_path / f"alex-sheet{suffix}").read_bytes() == _sheet(examples, "alex", False, suffix).read_bytes()


def test_changing_the_shipped_wording_flags_earlier_consents(
    examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.load.workbench import SHIPPED_TEMPLATES

    result = run(["reconsent"], cwd=examples)
    assert result.exit_code == 0, result.output
    assert "older sheet wording" not in result.output  # everyone saw the wording in force
    changed = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, changed)
    wording = changed / "sheets" / "sheet.yaml"
    # one word changed, the version string left alone: the fingerprint still tells
    wording.write_text(wording.read_text("utf-8").replace("Please keep it.", "Please keep this."), "utf-8")
    monkeypatch.setattr("pipeline.workflow.sheet.SHIPPED_TEMPLATES", changed)
    result = run(["reconsent"], cwd=examples)
    assert result.exit_code == 0, result.output
    older = result.output.split("older sheet wording", 1)[1].split("\n\n", 1)[0]
    for pid in ("jordan", "marcus", "alex"):
        assert f"[ ] {pid} " in older
    assert "kerry" not in older


def test_the_organisation_lays_its_own_wording_over(tmp_path: Path) -> None:
    root = _copy_examples(tmp_path / "wb")
    (root / "templates" / "sheets").mkdir(parents=True)
    (root / "templates" / "sheets" / "sheet.yaml").write_text(
        'version: "ours-3"\ncontact: "Wenna on 01632 960 418"\n', "utf-8"
    )
    result = run(["contributor", "sheet", "bev", "--out", "out"], cwd=root)
    assert result.exit_code == 0, result.output
    lines = _docx_lines(root / "out" / "bev-sheet.docx")
    assert any("Tell Wenna on 01632 960 418" in ln for ln in lines)
    assert lines[-1].startswith("Sheet wording version ours-3 (sha256:")
    assert yaml.safe_load((root / "contributors" / "bev.yaml").read_text("utf-8"))["consent"]["sheet_version"] == (
        "ours-3"
    )


def test_bad_wording_is_a_plain_message(tmp_path: Path) -> None:
    root = _copy_examples(tmp_path / "wb")
    (root / "templates" / "sheets").mkdir(parents=True)
    (root / "templates" / "sheets" / "sheet.yaml").write_text("plain:\n  title: Only a title\n", "utf-8")
    output = assert_user_error(run(["contributor", "sheet", "bev", "--out", "out"], cwd=root))
    assert "templates/sheets/sheet.yaml" in output and "needs title, for, sections" in output
    assert not (root / "out").exists() or not any((root / "out").iterdir())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["jordan", "--out", "build"], "inside the build folder"),
        (["jordan", "--out", "build/mine"], "inside the build folder"),
        (["jordan", "--out", "Build/Mine"], "inside the build folder"),  # as macOS and Windows disks compare
        (["jordan", "--out", "contributors"], "where the workbench keeps people's work"),
        (["jordan", "--out", "responses/mental-health-act-review"], "where the workbench keeps people's work"),
        (["jordan", "--out", "."], "where the workbench keeps people's work"),
        (["kerry", "--out", "out"], "kerry withdrew on 2024-05-14"),
        (["nobody", "--out", "out"], "'nobody' is not a contributor"),
    ],
)
def test_refused_with_a_plain_message(tmp_path: Path, args: list[str], says: str) -> None:
    root = _copy_examples(tmp_path / "wb")
    output = assert_user_error(run(["contributor", "sheet", *args], cwd=root), code=2)
    assert says in output
    assert not (root / "build").exists() and not (root / "Build").exists()
    assert not list(root.rglob("*-sheet*"))
    assert "sheet_version" not in (root / "contributors" / "jordan.yaml").read_text("utf-8")


def test_support_fields_and_other_peoples_names_are_not_on_the_sheet(tmp_path: Path) -> None:
    root = _copy_examples(tmp_path / "wb")
    path = root / "contributors" / "jordan.yaml"
    path.write_text(
        path.read_text("utf-8")
        + "avoid_topics: [seclusion rooms]\nsupport_contact: Ottoline Quarry 07700 900461\n"
        + "check_in: a call on Thursday mornings\n",
        "utf-8",
    )
    for extra in ([], ["--easy-read"]):
        result = run(["contributor", "sheet", "jordan", "--out", "out", *extra], cwd=root)
        assert result.exit_code == 0, result.output
    others = []
    for p in (root / "contributors").glob("*.yaml"):
        if p.stem != "jordan":
            others.append(yaml.safe_load(p.read_text("utf-8"))["name"])
    for f in (root / "out").iterdir():
        text = _pdf_text(f) if f.suffix == ".pdf" else " ".join(_docx_lines(f))
        for secret in ("seclusion", "Ottoline", "07700 900461", "Thursday", *others):
            assert secret.casefold() not in text.casefold(), (f.name, secret)


def test_the_sheet_speaks_the_language_of_its_wording(tmp_path: Path) -> None:
    # a Welsh response: the shipped wording is English, so a screen reader must read the sheet as English
    import pikepdf

    root = _copy_examples(tmp_path / "wb")
    for path in (root / "responses").glob("*/response.yaml"):
        text = path.read_text("utf-8")
        path.write_text(
            re.sub(r"(?m)^language: .*$", "language: cy-GB", text)
            if "language:" in text
            else text + "language: cy-GB\n",
            "utf-8",
        )
    result = run(["contributor", "sheet", "bev", "--out", "out", "--no-record"], cwd=root)
    assert result.exit_code == 0, result.output
    with pikepdf.open(root / "out" / "bev-sheet.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
    assert (
        'w:lang w:val="en-GB"' in docx_parts(root / "out" / "bev-sheet.docx")["word/styles.xml"]
        or "en-GB" in (docx_parts(root / "out" / "bev-sheet.docx")["docProps/core.xml"])
    )
