"""`coproduce tell`: a private letter per contributor of the example response with an outcome, read back
with python-docx and as text: their words are in it, nobody else's private name is, a withdrawn person's
letter says their words were left out and holds none of them."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import run

ROOT = Path(__file__).resolve().parent.parent
SLUG = "mental-health-act-review"


@pytest.fixture(scope="module")
def wb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tell") / "wb"
    for folder in ("contributors", "responses", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def people_of(wb: Path) -> dict[str, dict[str, object]]:
    return {f.stem: yaml.safe_load(f.read_text("utf-8")) for f in sorted((wb / "contributors").glob("*.yaml"))}


def taking_part(wb: Path) -> list[str]:
    """Everyone in the response's sessions or `by:` lines, read from the files (not by the code under test)."""
    data = yaml.safe_load((wb / "responses" / SLUG / "response.yaml").read_text("utf-8"))
    ids = {p for s in data["involvement"] for p in s["people"]}
    for md in (wb / "responses" / SLUG).glob("*.md"):
        ids |= set(re.findall(r"[a-z]+", re.search(r"^by: \[(.*)\]", md.read_text("utf-8"), re.M).group(1)))  # type: ignore[union-attr]
    return sorted(ids)


def named_by_choice(person: dict[str, object]) -> bool:
    consent = person.get("consent") or {}
    assert isinstance(consent, dict)
    return person.get("credit") == "name" and bool(consent.get("recorded")) and not consent.get("withdrawn")


@pytest.fixture(scope="module")
def letters(wb: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """Each person's letter: (everything in the Word file, the text file)."""
    out = tmp_path_factory.mktemp("letters")
    found = {}
    for pid in taking_part(wb):
        result = run(["tell", pid, SLUG, "--out", str(out), "--no-pdf"], cwd=wb)
        assert result.exit_code == 0, result.output
        docx_path = out / f"{SLUG}-letter-{pid}.docx"
        with zipfile.ZipFile(docx_path) as z:
            xml = " ".join(z.read(n).decode("utf-8") for n in z.namelist())
        found[pid] = (xml, (out / f"{SLUG}-letter-{pid}.txt").read_text("utf-8"))
        assert docx_path.stat().st_mode & 0o077 == 0  # private: its owner only
    return found


def their_sentences(wb: Path, pid: str) -> list[str]:
    """A plain sentence from each file they wrote, as typed."""
    found = []
    for md in sorted((wb / "responses" / SLUG).glob("*.md")):
        text = md.read_text("utf-8")
        front, body = text.split("---", 2)[1:]
        if pid not in yaml.safe_load(front)["by"]:
            continue
        plain = [line for line in body.splitlines() if re.fullmatch(r"[A-Za-z ,.']{40,}", line.strip())]
        if plain:
            found.append(plain[0].strip())
    return found


def test_every_person_taking_part_gets_a_letter_with_their_own_words(wb: Path, letters: dict) -> None:

    assert {"bev", "dean", "kerry", "sam", "tom"} <= set(letters)
    withdrawn = {pid for pid, p in people_of(wb).items() if (p.get("consent") or {}).get("withdrawn")}
    checked = 0
    for pid, (xml, text) in letters.items():
        for sentence in their_sentences(wb, pid):
            if pid in withdrawn:
                assert sentence not in xml and sentence not in text
            else:
                assert sentence in text, (pid, sentence)
                checked += 1
    assert checked >= 3


def test_no_private_name_but_their_chosen_one_is_in_any_letter(wb: Path, letters: dict) -> None:
    people = people_of(wb)
    for pid, (xml, text) in letters.items():
        for other, person in people.items():
            if named_by_choice(person):
                continue  # printed in the response as they chose: public
            for word in str(person["name"]).split():
                assert word not in xml and word not in text, (pid, other, word)


def test_addressed_as_they_chose_to_be_credited(letters: dict) -> None:
    assert "Dear Beverley Hollins," in letters["bev"][1]
    assert "Dear Kestrel," in letters["marcus"][1]  # a pseudonym
    assert "Dear Service User Involvement Volunteer," in letters["jordan"][1]  # a role
    assert letters["dean"][1].splitlines()[3] == "Hello,"  # chose not to be named
    assert "no record of your consent" in letters["tom"][1]  # asked for his name, consent never recorded


def test_a_withdrawn_persons_letter_says_their_words_were_left_out(letters: dict) -> None:
    xml, text = letters["kerry"]
    assert "Your words were left out, as you asked" in text and "14 May 2024" in text
    assert "left out, as you asked" in xml
    assert "What of yours went in" not in text and "replied on" not in text


def test_the_letter_says_what_the_body_did_and_did_not(letters: dict) -> None:
    text = letters["bev"][1]
    assert "replied on 24 August 2021" in text
    assert "This was not taken up. Where it says so: no new funding" in text
    assert "We do not know yet what became of this." in text


def test_hours_in_the_letter_are_the_sessions_in_response_yaml(wb: Path, letters: dict) -> None:
    data = yaml.safe_load((wb / "responses" / SLUG / "response.yaml").read_text("utf-8"))
    for pid in ("bev", "kerry", "sam"):
        hours = sum(float(s["hours"]) for s in data["involvement"] if pid in s["people"])
        shown = f"{hours:g}"
        assert f"You gave {shown} hours" in letters[pid][1], pid


def test_the_word_file_reads_as_a_document(wb: Path, tmp_path: Path) -> None:
    import docx

    assert run(["tell", "bev", SLUG, "--out", str(tmp_path), "--large", "--no-pdf"], cwd=wb).exit_code == 0
    word = docx.Document(str(tmp_path / f"{SLUG}-letter-bev.docx"))
    assert word.paragraphs[0].style.name == "Title"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["What of yours went in", "What was left out"]
    assert word.styles["Normal"].font.size.pt >= 16


@pytest.mark.parametrize("out", ["build", "build/letters", "responses/x", "contributors"])
def test_never_written_where_a_build_or_peoples_work_goes(wb: Path, out: str) -> None:
    result = run(["tell", "bev", SLUG, "--out", out], cwd=wb)
    assert result.exit_code == 2 and "private" in result.output and "Traceback" not in result.output


def test_a_letter_holding_a_private_name_is_refused_and_not_written(
    wb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.workflow import plain_docx, tell

    real = tell.letter

    def leaky(*args: object, **kwargs: object) -> tell.Letter:
        made = real(*args, **kwargs)  # type: ignore[arg-type]
        return tell.Letter(made.pid, made.slug, made.title, (*made.parts, plain_docx.Para("Love from Marcus")), False)

    monkeypatch.setattr(tell, "letter", leaky)
    result = run(["tell", "bev", SLUG, "--out", str(tmp_path / "x"), "--no-pdf"], cwd=wb)
    assert result.exit_code == 1 and "refusing to write" in result.output and "marcus" in result.output
    assert not (tmp_path / "x").exists()


@pytest.fixture(scope="module")
def pdfs(wb: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdfs")
    for pid in ("bev", "kerry"):
        result = run(["tell", pid, SLUG, "--out", str(out)], cwd=wb)
        assert result.exit_code == 0, result.output
    return {pid: out / f"{SLUG}-letter-{pid}.pdf" for pid in ("bev", "kerry")}


def test_the_pdf_letters_read_back_with_their_words_and_no_other_name(wb: Path, pdfs: dict[str, Path]) -> None:
    from tests.conftest import pdf_metadata, pdf_text
    from tests.test_pdf_structure import assert_clean_structure

    bev, kerry = (" ".join(pdf_text(pdfs[p]).split()) for p in ("bev", "kerry"))
    for sentence in their_sentences(wb, "bev"):
        assert sentence in bev
    for sentence in their_sentences(wb, "kerry"):
        assert sentence not in kerry
    assert "Your words were left out, as you asked" in kerry and "Dear Beverley Hollins," in bev
    for other, person in people_of(wb).items():
        if not named_by_choice(person):
            for word in str(person["name"]).split():
                for pid in pdfs:
                    assert word not in pdf_text(pdfs[pid]) + pdf_metadata(pdfs[pid]), (pid, other, word)
    for path in pdfs.values():
        assert_clean_structure(path)


def test_a_person_who_took_no_part_is_told_so(wb: Path) -> None:
    result = run(["tell", "gethin", SLUG, "--out", "letters"], cwd=wb)
    assert result.exit_code == 2 and "took no part" in result.output


@pytest.mark.parametrize("pid", ["bev", "kerry"])
def test_the_easy_read_letter_is_short_lines_large_type_and_room_for_pictures(
    wb: Path, tmp_path: Path, pid: str
) -> None:
    import docx

    result = run(["tell", pid, SLUG, "--out", str(tmp_path), "--easy-read", "--no-pdf"], cwd=wb)
    assert result.exit_code == 0, result.output
    word = docx.Document(str(tmp_path / f"{SLUG}-letter-{pid}-easy-read.docx"))
    assert word.styles["Normal"].font.size.pt >= 16
    paragraphs = word.paragraphs[1:]
    mine = set(their_sentences(wb, pid))
    texts = [p.text for p in paragraphs]
    if "Your words" in texts:  # their own words, as printed, run from that heading to the credit line
        start = texts.index("Your words")
        end = next(k for k, t in enumerate(texts) if t.startswith(("Our answer thanks you", "Your name is not")))
        paragraphs = paragraphs[:start] + paragraphs[end:]
    for p in paragraphs:  # the letter's own lines: one short sentence each, with room on its left for a picture
        assert len(re.findall(r"[.!?](\s|$)", p.text)) <= 1, p.text
        assert len(p.text.split()) <= 16, p.text
        assert p.paragraph_format.left_indent is not None and p.paragraph_format.left_indent.mm >= 40
    text = (tmp_path / f"{SLUG}-letter-{pid}-easy-read.txt").read_text("utf-8")
    if pid == "kerry":
        assert "You asked us to take your words out." in text and "Some of your words" not in text
        assert not any(s in text for s in their_sentences(wb, "kerry"))
    else:
        assert "Some of your words are in our answer." in text and all(s in text for s in mine)
        assert "They said no to 1 of our ideas." in text


@pytest.mark.parametrize("typed", ["Dean Ashworth", "dean\u00a0ASHWORTH", "Ashworth", "Dеan Ashworth"])  # Cyrillic е
def test_a_private_name_typed_in_the_outcome_stops_the_letter_and_names_the_line(
    wb: Path, tmp_path: Path, typed: str
) -> None:
    bench = tmp_path / "wb"
    shutil.copytree(wb, bench)
    yaml_file = bench / "responses" / SLUG / "response.yaml"
    text = yaml_file.read_text("utf-8")
    yaml_file.write_text(text.replace("    summary: The Government", f"    summary: Thanks to {typed}. The Government"))
    line = next(n for n, t in enumerate(yaml_file.read_text("utf-8").splitlines(), 1) if "summary:" in t)
    result = run(["tell", "bev", SLUG, "--out", str(tmp_path / "out"), "--no-pdf"], cwd=bench)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"response.yaml:{line}" in result.output and "dean" in result.output
    assert not (tmp_path / "out").exists()
    checked = run(["check", "--format", "json", str(bench / "responses" / SLUG)], cwd=bench)  # check says it first
    assert f'"line": {line}' in checked.output and "outcome.private-name" in checked.output


def test_without_a_response_every_response_they_took_part_in_gets_a_letter(wb: Path, tmp_path: Path) -> None:
    assert run(["tell", "bev", "--out", str(tmp_path), "--no-pdf"], cwd=wb).exit_code == 0
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == [
        "mental-health-act-review-letter-bev.docx",
        "womens-health-strategy-letter-bev.docx",
    ]
    result = run(["tell", "nobody", "--out", str(tmp_path)], cwd=wb)
    assert result.exit_code == 2 and "'nobody' is not a contributor" in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_new_workbench_keeps_the_letters_out_of_git(tmp_path: Path) -> None:
    import subprocess

    assert run(["init", str(tmp_path)]).exit_code == 0
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    ignored = subprocess.run(["git", "check-ignore", "-q", "letters/x-letter-ada.docx"], cwd=tmp_path, check=False)
    assert ignored.returncode == 0
