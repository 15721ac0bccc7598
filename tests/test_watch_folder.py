"""Consultations ahead as a folder of small files (issue 25): `watch/` with one YAML per consultation, read
beside watch.yaml with the same validation; `new --from-watch` and the `.ics` feed work from either, and every
problem names its own file, line and column. The feed is read back with icalendar's parser."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import run
from tests.factory import Bench
from tests.test_watch import WATCH

# the same three consultations as tests/test_watch.py's watch.yaml, one file each
FILES = {
    "send-review.yaml": """\
id: send-review
title: Support for disabled children in school
by: Department for Education
url: https://example.org/send-review
closes: 2026-12-15 23:59
decision: respond
""",
    "bus-passes.yaml": """\
title: Bus passes for carers
by: Northgate Combined Authority
closes: 2026-07-10 17:00
extended_from: 2026-06-30 17:00
decision: skip
reason: no capacity
""",
    "gp-access.yml": """\
title: Getting a GP appointment
by: NHS Northgate
closes: 2026-12-01 09:30
time_zone: America/New_York
""",
}


def _folder(bench: Bench, files: dict[str, str] = FILES) -> None:
    for name, text in files.items():
        bench.write(f"watch/{name}", text)


def _events(feed: bytes) -> dict[str, dt.datetime]:
    import icalendar

    cal = icalendar.Calendar.from_ical(feed)
    return {str(e["uid"]): e.decoded("dtstart").astimezone(dt.UTC) for e in cal.walk("VEVENT")}


def test_the_folder_gives_the_same_feed_as_the_list(bench: Bench, tmp_path: Path) -> None:
    bench.write("watch.yaml", WATCH)
    assert run(["watch", "--ics", str(tmp_path / "list.ics")], cwd=bench.root).exit_code == 0
    (bench.root / "watch.yaml").unlink()
    _folder(bench)
    result = run(["watch", "--ics", str(tmp_path / "folder.ics")], cwd=bench.root)
    assert result.exit_code == 0, result.output
    feed = (tmp_path / "folder.ics").read_bytes()
    assert feed == (tmp_path / "list.ics").read_bytes()  # the same consultations, the same bytes
    assert _events(feed) == {
        "send-review@coproduce.watch": dt.datetime(2026, 12, 15, 23, 59, tzinfo=dt.UTC),
        "bus-passes@coproduce.watch": dt.datetime(2026, 7, 10, 16, 0, tzinfo=dt.UTC),  # BST
        "gp-access@coproduce.watch": dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.UTC),  # New York
    }


def test_both_are_read_together(bench: Bench, tmp_path: Path) -> None:
    only_send = WATCH[: WATCH.index("  - id: bus-passes")]
    bench.write("watch.yaml", only_send)
    _folder(bench, {k: v for k, v in FILES.items() if k != "send-review.yaml"})
    result = run(["watch", "--all", "--ics", str(tmp_path / "both.ics")], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert set(_events((tmp_path / "both.ics").read_bytes())) == {
        "send-review@coproduce.watch",
        "bus-passes@coproduce.watch",
        "gp-access@coproduce.watch",
    }
    out = " ".join(run(["status"], cwd=bench.root).output.split())
    assert "gp-access: 11 days left" in out and "send-review: 25 days left" in out


@pytest.mark.parametrize("where", ["folder", "list"])
def test_a_response_starts_from_either(bench: Bench, where: str) -> None:
    if where == "folder":
        _folder(bench)
    else:
        bench.write("watch.yaml", WATCH)
    result = run(["new", "gp", "--from-watch", "gp-access", "--organisation", "Riverside Peer Network"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    text = (bench.root / "responses" / "gp" / "response.yaml").read_text("utf-8")
    assert yaml.safe_load(text)["consultation"] == {
        "title": "Getting a GP appointment",
        "by": "NHS Northgate",
        "closes": dt.date(2026, 12, 1),
    }
    source = "watch/gp-access.yml" if where == "folder" else "watch.yaml"
    assert f"# at 1 December 2026, 09:30 EST ({source}: gp-access)" in text


@pytest.mark.parametrize(
    ("name", "old", "new", "said", "line"),
    [
        ("bus-passes.yaml", "reason: no capacity\n", "", "no reason", None),
        ("send-review.yaml", "closes: 2026-12-15 23:59", "closes: 15th of December", "closes", 5),
        ("gp-access.yml", "time_zone: America/New_York", "time_zone: Mars/Olympus", "Mars/Olympus", 4),
        ("send-review.yaml", "url: https://", "url: http://", "url", 4),
        ("send-review.yaml", "title: Support", "titel: Support", "titel", 2),
    ],
)
def test_a_bad_file_is_named_with_its_line_as_watch_yaml_is(
    bench: Bench, name: str, old: str, new: str, said: str, line: int | None
) -> None:
    assert old in FILES[name]
    _folder(bench, {**FILES, name: FILES[name].replace(old, new)})
    result = run(["watch"], cwd=bench.root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"watch/{name}:" in result.output and said in result.output, result.output
    if line is not None:
        assert re.search(rf"watch/{re.escape(name)}:{line}\b", result.output), result.output
    assert run(["new", "x", "--from-watch", "gp-access", "--organisation", "R"], cwd=bench.root).exit_code != 0


def test_an_id_given_twice_across_both_is_named_where_it_is_given_again(bench: Bench) -> None:
    bench.write("watch.yaml", WATCH)
    _folder(bench, {"gp-access.yml": FILES["gp-access.yml"]})
    result = run(["watch"], cwd=bench.root)
    assert result.exit_code == 1, result.output
    written = (bench.root / "watch.yaml").read_text("utf-8").splitlines()
    first = next(i for i, ln in enumerate(written, 1) if "id: gp-access" in ln)
    # the id is the file's name: named at the file's first line, with no column
    said = f"watch/gp-access.yml:1: the id gp-access is used twice: watch.yaml line {first} gives it too"
    assert said in result.output, result.output


def test_an_id_that_is_not_the_file_name_is_named_at_its_column(bench: Bench) -> None:
    _folder(bench, {"send.yaml": FILES["send-review.yaml"]})
    result = run(["watch"], cwd=bench.root)
    assert result.exit_code == 1
    assert "watch/send.yaml:1:5" in result.output and "not the file's name" in result.output, result.output


def test_a_list_in_a_file_of_the_folder_is_said_plainly(bench: Bench) -> None:
    bench.write("watch/all.yaml", WATCH)
    result = run(["watch"], cwd=bench.root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "watch/all.yaml:1:" in result.output and "one consultation, not a list" in result.output


def test_other_files_in_the_folder_are_left_alone(bench: Bench) -> None:
    _folder(bench)
    bench.write("watch/README.md", "Each file here is one consultation.\n")
    bench.write("watch/.~lock.send-review.yaml#", "lock\n")
    result = run(["watch", "--all"], cwd=bench.root)
    assert result.exit_code == 0, result.output
    assert (
        len([ln for ln in result.output.splitlines() if ln.split(":")[0] in {"send-review", "bus-passes", "gp-access"}])
        == 3
    )
