"""Consultations ahead (watch.yaml): a closing time becomes a response with `new --from-watch`, the
`.ics` feed is read back by icalendar's parser with the right time in UTC (summer and winter),
status shows days left, and a bad entry is named with its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from tests.conftest import run
from tests.factory import Bench

WATCH = """
consultations:
  - id: send-review
    title: Support for disabled children in school
    by: Department for Education
    url: https://example.org/send-review
    closes: 2026-12-15 23:59
    decision: respond
  - id: bus-passes
    title: Bus passes for carers
    by: Northgate Combined Authority
    closes: 2026-07-10 17:00
    extended_from: 2026-06-30 17:00
    decision: skip
    reason: no capacity
  - id: gp-access
    title: Getting a GP appointment
    by: NHS Northgate
    closes: 2026-12-01 09:30
    time_zone: America/New_York
"""


@pytest.fixture
def watched(bench: Bench) -> Bench:
    bench.write("watch.yaml", WATCH)
    return bench


def test_the_feed_opens_in_icalendar_with_each_closing_time_in_utc(watched: Bench, tmp_path: Path) -> None:
    import icalendar

    feed = tmp_path / "closing.ics"
    result = run(["watch", "--ics", str(feed)], cwd=watched.root)
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical(feed.read_bytes())
    starts = {str(e["uid"]): e.decoded("dtstart").astimezone(dt.UTC) for e in cal.walk("VEVENT")}
    assert starts == {
        "send-review@coproduce.watch": dt.datetime(2026, 12, 15, 23, 59, tzinfo=dt.UTC),  # GMT: the same
        "bus-passes@coproduce.watch": dt.datetime(2026, 7, 10, 16, 0, tzinfo=dt.UTC),  # BST: an hour earlier
        "gp-access@coproduce.watch": dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.UTC),  # New York, EST
    }
    summaries = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert "Closes: Bus passes for carers (Northgate Combined Authority)" in summaries
    again = tmp_path / "again.ics"
    run(["watch", "--ics", str(again)], cwd=watched.root)
    assert again.read_bytes() == feed.read_bytes()  # same list, same bytes


def test_a_watch_entry_becomes_a_response(watched: Bench) -> None:
    result = run(["new", "send", "--from-watch", "send-review", "--organisation", "Riverside Peer Network"],
                 cwd=watched.root)  # fmt: skip
    assert result.exit_code == 0, result.output
    path = watched.root / "responses" / "send" / "response.yaml"
    text = path.read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["consultation"] == {
        "title": "Support for disabled children in school",
        "by": "Department for Education",
        "closes": dt.date(2026, 12, 15),
        "url": "https://example.org/send-review",
    }
    assert "# at 15 December 2026, 23:59 GMT (watch.yaml: send-review)" in text  # the time carried beside it
    assert run(["check", str(path.parent)], cwd=watched.root).exit_code in (0, 1)  # it loads
    assert "not valid" not in run(["check", str(path.parent)], cwd=watched.root).output


def test_an_unknown_entry_is_named_with_the_ones_there_are(watched: Bench) -> None:
    result = run(["new", "x", "--from-watch", "sen-review", "--organisation", "R"], cwd=watched.root)
    assert result.exit_code == 2 and "sen-review" in result.output and "send-review, bus-passes" in result.output


def test_status_shows_the_ones_still_open_by_days_left(watched: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-11-20")
    out = run(["status"], cwd=watched.root).output
    ahead = " ".join(out[out.index("Consultations ahead") :].split())
    assert ahead.index("gp-access: 11 days left") < ahead.index("send-review: 25 days left")
    assert "bus-passes" not in ahead  # closed
    monkeypatch.setenv("COPRODUCE_TODAY", "2026-07-01")
    out = " ".join(run(["watch"], cwd=watched.root).output.split())
    assert "bus-passes: 9 days left, closes 10 July 2026, 17:00 BST; extended from 30 June 2026, 17:00" in out
    assert "not responding (no capacity)" in out


def test_status_json_gives_the_dashboard_the_watch_list(watched: Bench, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setenv("COPRODUCE_TODAY", "2026-11-20")
    data = json.loads(run(["status", "--json"], cwd=watched.root).output)
    assert [w["id"] for w in data["watch"]] == ["bus-passes", "gp-access", "send-review"]
    gp = data["watch"][1]
    assert (gp["days_left"], gp["closes_utc"], gp["decision"]) == (11, "2026-12-01T14:30:00+00:00", "undecided")
    assert data["watch"][0]["extended_from"] == "2026-06-30T17:00:00"


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("reason: no capacity", "", "no reason"),
        ("closes: 2026-12-15 23:59", "closes: 15th of December", "closes"),
        ("time_zone: America/New_York", "time_zone: Mars/Olympus", "Mars/Olympus"),
        ("url: https://example.org/send-review", "url: http://example.org/send-review", "url"),
        ("id: gp-access", "id: send-review", "used twice"),
    ],
)
def test_a_bad_entry_is_said_plainly(watched: Bench, old: str, new: str, said: str) -> None:
    watched.write("watch.yaml", WATCH.replace(old, new))
    result = run(["watch"], cwd=watched.root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "watch.yaml:" in result.output and said in result.output
