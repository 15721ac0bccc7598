"""The year's impact (`coproduce report`): its sums are the responses' `hours --csv` sums, it names only
people credited by name, and its Word file is read back by python-docx with headings and header rows."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import run

ROOT = Path(__file__).resolve().parent.parent
SLUGS = ("homelessness-inquiry-evidence", "mental-health-act-review", "womens-health-strategy")
PLAIN_SESSION = "    hours: 2\n    people: [priya, bev, alex, nadia, lorraine]\n"
PAID_SESSION = (
    '    hours: 2\n    rate: "15.50"\n'
    "    people: [priya, {id: bev, paid: true, expenses: 3.10}, {id: alex, declined: true}, nadia, lorraine]\n"
)

WATCH = """
consultations:
  - {id: a, title: Bus passes, by: Northgate Council, closes: 2021-05-01 17:00, decision: skip, reason: no capacity}
  - {id: b, title: Libraries, by: Northgate Council, closes: 2021-09-01 17:00, decision: skip, reason: no capacity}
  - {id: c, title: Parking, by: Northgate Council, closes: 2021-10-01 17:00, decision: skip, reason: not our area}
  - {id: d, title: Parks, by: Northgate Council, closes: 2022-10-01 17:00, decision: skip, reason: no capacity}
"""


@pytest.fixture(scope="module")
def wb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped examples, one session given a rate, a payment, expenses and a declined payment."""
    root = tmp_path_factory.mktemp("report") / "wb"
    for folder in ("contributors", "responses", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    yaml = root / "responses" / "womens-health-strategy" / "response.yaml"
    text = yaml.read_text("utf-8")
    assert PLAIN_SESSION in text
    yaml.write_text(text.replace(PLAIN_SESSION, PAID_SESSION, 1), encoding="utf-8")
    (root / "watch.yaml").write_text(WATCH, encoding="utf-8")
    return root


def report(wb: Path, out: Path, start: str, end: str) -> dict[str, str]:
    result = run(["report", "--from", start, "--to", end, "--out", str(out)], cwd=wb)
    assert result.exit_code == 0, result.output
    (path,) = out.glob("*.csv")
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    return {row[0]: row[1] for row in rows if len(row) == 2}


def hours_total(wb: Path, slug: str) -> dict[str, Decimal]:
    result = run(["hours", "--csv", str(wb / "responses" / slug)], cwd=wb)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    header = next(r for r in rows if r[:2] == ["id", "name"])
    total = next((r for r in rows if r[:1] == ["total"]), None)
    assert total is not None, slug
    return {key: Decimal(total[header.index(key)]) for key in ("hours", "due", "expenses", "paid")}


def test_its_sums_equal_the_responses_hours_csv(wb: Path, tmp_path: Path) -> None:
    figures = report(wb, tmp_path, "01/01/2016", "31 December 2021")
    each = [hours_total(wb, slug) for slug in SLUGS]
    assert Decimal(figures["Hours given (hours per person at each session)"]) == sum(e["hours"] for e in each)
    assert (
        Decimal(figures["Payments due for time"]) == sum(e["due"] for e in each) == Decimal("124.00")
    )  # four of five paid for 2 hours at 15.50
    assert Decimal(figures["Expenses"]) == sum(e["expenses"] for e in each) == Decimal("3.10")
    assert Decimal(figures["Paid"]) == sum(e["paid"] for e in each) == Decimal("34.10")
    assert figures["Responses sent"] == "3"
    assert figures["Recommendations adopted"] == "2" and figures["Recommendations not adopted"] == "1"
    # what was not answered is evidence too (watch.yaml), counted by reason in the period
    assert figures["Consultations not answered: no capacity"] == "2"
    assert figures["Consultations not answered: not our area"] == "1"


def test_people_are_counted_once_with_staff_apart(wb: Path, tmp_path: Path) -> None:
    import yaml

    figures = report(wb, tmp_path, "2016-01-01", "2021-12-31")
    ids: set[str] = set()
    for slug in SLUGS:
        data = yaml.safe_load((wb / "responses" / slug / "response.yaml").read_text("utf-8"))
        for s in data["involvement"]:
            ids.update(p if isinstance(p, str) else p["id"] for p in s["people"])
    staff = {i for i in ids if not yaml.safe_load((wb / "contributors" / f"{i}.yaml").read_text())["lived_experience"]}
    assert staff and int(figures["Staff taking part"]) == len(staff)
    assert int(figures["People taking part, each counted once (staff apart)"]) == len(ids - staff)


def test_only_what_happened_in_the_period_counts(wb: Path, tmp_path: Path) -> None:
    figures = report(wb, tmp_path, "2021-01-01", "2021-04-30")
    # the mental health sessions (85 person-hours) and the women's health session of 27 April (10)
    assert figures["Hours given (hours per person at each session)"] == "95"
    assert figures["Responses sent"] == "1" and figures["Questions answered"] == "6"


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_the_word_file_names_only_those_credited_by_name(wb: Path, tmp_path: Path) -> None:
    import docx
    import yaml

    report(wb, tmp_path, "2016-01-01", "2021-12-31")
    (path,) = tmp_path.glob("*.docx")
    word = docx.Document(str(path))
    xml = docx_text(path)
    credited = set()
    took_part = {
        pid
        for slug in SLUGS
        for pid in re.findall(r"[a-z]+", (wb / "responses" / slug / "response.yaml").read_text("utf-8"))
    }
    for f in sorted((wb / "contributors").glob("*.yaml")):
        person = yaml.safe_load(f.read_text("utf-8"))
        name, consent = person["name"], person.get("consent") or {}
        # credited by name: chose it, consent recorded, not withdrawn (read from the files, not by people.py)
        if person.get("credit") == "name" and consent.get("recorded") and not consent.get("withdrawn"):
            credited.add(name)
            # named when they gave time in the year asked for: the examples of 2016 to 2021, not the later ones
            assert (name in xml) == (f.stem in took_part), f.name
        else:
            for part in name.split():  # no part of a private name, in any part of the file
                assert part not in xml, (f.name, part)
    assert {"Sam Whitlock", "Beverley Hollins", "Priya Chandra"} <= credited
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "The year in figures" in headings and "Hours by month" in headings
    assert word.paragraphs[0].style.name == "Title" and word.core_properties.language == "en-GB"
    for table in word.tables:  # each table: a header row that repeats, and a caption read before it
        assert table._tbl.tr_lst[0].trPr.xml.count("tblHeader") == 1
        assert table._tbl.tblPr.xml.count("tblCaption") == 1
    # each chart is a picture whose text alternative reads out every bar, and its figures a table beside it
    pictures = [el for el in word.element.body.iter() if el.tag.endswith("}docPr")]
    assert len(pictures) == 2
    assert pictures[0].get("descr").startswith("Bar chart, Hours given by month. Jan 2016: 18 hours;")
    months = word.tables[1]
    assert months.rows[1].cells[0].text == "January 2016"
    total = word.tables[0].rows[1].cells[1].text
    assert sum(Decimal(r.cells[1].text) for r in months.rows[1:]) == Decimal(total)


def test_the_pdf_has_the_submissions_structure_and_text_size(wb: Path, tmp_path: Path) -> None:
    import pymupdf

    from tests.conftest import pdf_text
    from tests.test_pdf_structure import assert_clean_structure

    report(wb, tmp_path, "2016-01-01", "2021-12-31")
    (path,) = tmp_path.glob("*.pdf")
    tree = assert_clean_structure(path)
    assert tree.of_type("/Table") and tree.of_type("/TH") and tree.of_type("/H1")
    alts = [str(f.get("/Alt", "")) for f in tree.of_type("/Figure")]  # the charts, each with its text alternative
    assert len(alts) == 2 and "Jan 2016: 18 hours" in alts[0] and "adopted: 2 recommendations" in alts[1]
    text = " ".join(pdf_text(path).split())
    assert "The year in figures" in text and "Hours by month" in text and "Tom Lacey" not in text
    with pymupdf.open(path) as pages:
        sizes = [
            round(span["size"], 1)
            for page in pages
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            for span in line["spans"]
            if span["text"].strip()
        ]
    assert min(sizes) >= 10 and max(set(sizes), key=sizes.count) >= 12


def test_the_same_period_gives_the_same_bytes(wb: Path, tmp_path: Path) -> None:
    report(wb, tmp_path / "a", "2016-01-01", "2021-12-31")
    report(wb, tmp_path / "b", "2016-01-01", "2021-12-31")
    for name in ("impact-2016-01-01-to-2021-12-31.docx", "impact-2016-01-01-to-2021-12-31.csv",
                 "impact-2016-01-01-to-2021-12-31.pdf"):  # fmt: skip
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--from", "2026-04-01", "--to", "2025-03-31"], "before --from"),
        (["--from", "31/02/2025", "--to", "2026-03-31"], "31/02/2025"),
        (["--from", "2025-04-01", "--to", "2026-03-31", "--out", "responses/x"], "inside responses/"),
    ],
)
def test_a_wrong_period_or_folder_is_said_plainly(wb: Path, args: list[str], said: str) -> None:
    result = run(["report", *args], cwd=wb)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert said in result.output


def test_a_broken_response_is_named_with_every_problem_and_nothing_is_written(tmp_path: Path) -> None:
    from tests.factory import make_bench

    bench = make_bench(tmp_path / "wb")
    yaml_file = bench.response / "response.yaml"
    yaml_file.write_text(yaml_file.read_text("utf-8") + "outcome: {published: http://example.org/x}\nsumary: x\n")
    result = run(
        ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(tmp_path / "out")], cwd=bench.root
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "response.yaml:" in result.output and "outcome.published" in result.output and "sumary" in result.output
    assert not (tmp_path / "out").exists()
