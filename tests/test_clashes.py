"""`octopus clashes` and `list --free-in`: the clash rule (overlap, --min-overlap, --buffer),
exit statuses for scripts, JSON, patterns, the user's own calendar files, and a property test
of the sweep against brute force.

From data/programme.toml (Europe/Paris): ws6 and ws7 both run 14:00-15:50 on 17 Nov, ws8
16:00-17:50, so ws6/ws7 overlap 1h 50m and ws6/ws8 are 10 minutes apart."""

from __future__ import annotations

import fnmatch
import itertools
import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import Run
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from octopus_cli.core.choices import Kind
from octopus_cli.core.clashes import Clash, Rule, find_clashes
from octopus_cli.core.models import Session
from octopus_cli.sources.loader import load_programme

PARIS = ZoneInfo("Europe/Paris")


def clean(result: Result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def status(result: Result, expected: int) -> Result:
    assert result.exit_code == expected, (result.stdout, result.stderr)
    clean(result)
    return result


def clashes_json(result: Result, expected: int) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(status(result, expected).stdout)
    return document


def pair_ids(document: dict[str, Any]) -> list[frozenset[str]]:
    return [
        frozenset(item.get("id") or item["summary"] for item in (c["first"], c["second"]))
        for c in document["clashes"]
    ]


# ---- the rule -------------------------------------------------------------------------------


def test_parallel_workshops_clash(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws7", "--format", "plain"), 1)
    assert "ws6 WS 6: Automated detection of child sexual abuse materials" in result.stdout
    assert "ws7 WS 7: Ransomware" in result.stdout
    assert "overlap 1h 50m" in result.stdout
    assert "1 clash among 2 sessions (times in Europe/Paris)." in result.stdout
    assert result.stderr == ""


def test_clashes_are_listed_with_their_times(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws7", "--format", "plain"), 1)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Wed 17 Nov 14:00–15:50  ws6 ")
    assert lines[1].startswith("Wed 17 Nov 14:00–15:50  ws7 ")
    assert lines[2] == "  overlap 1h 50m"


def test_back_to_back_is_no_clash(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws8", "--format", "plain"), 0)
    assert "No clashes among 2 sessions." in result.stdout
    # outlook1 ends 15:15 when break3 starts; break3 ends 15:30 when outlook2 starts
    result = status(run("clashes", "outlook1", "break3", "outlook2", "--format", "plain"), 0)
    assert "No clashes among 3 sessions." in result.stdout


def test_buffer_reports_pairs_closer_than_it(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws8", "--buffer", "15m", "--format", "plain"), 1)
    assert "10m apart" in result.stdout
    assert "ws6" in result.stdout and "ws8" in result.stdout


def test_buffer_equal_to_the_gap_is_enough(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws8", "--buffer", "10m", "--format", "plain"), 0)
    assert "No clashes" in result.stdout
    status(run("clashes", "ws6", "ws8", "--buffer", "11m", "--format", "plain"), 1)
    status(run("clashes", "ws6", "ws8", "--buffer", "PT10M", "--format", "plain"), 0)


def test_buffer_still_reports_overlaps(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws7", "--buffer", "5m", "--format", "plain"), 1)
    assert "overlap 1h 50m" in result.stdout


def test_min_overlap(run: Run) -> None:
    status(run("clashes", "--min-overlap", "2h", "ws6", "ws7", "--format", "plain"), 0)
    status(run("clashes", "--min-overlap", "1h", "ws6", "ws7", "--format", "plain"), 1)
    # more than: exactly the overlap is tolerated
    status(run("clashes", "--min-overlap", "1h50m", "ws6", "ws7", "--format", "plain"), 0)
    status(run("clashes", "--min-overlap", "109", "ws6", "ws7", "--format", "plain"), 1)


def test_min_overlap_and_buffer_do_not_combine(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws7", "--min-overlap", "5m", "--buffer", "5m"), 2)
    assert result.stderr.startswith("Error: ")
    assert "--min-overlap" in result.stderr and "--buffer" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("option", "value"),
    [("--buffer", "ten"), ("--buffer", "10x"), ("--min-overlap", "-5m"), ("--buffer", "1h 5q")],
)
def test_bad_durations(run: Run, option: str, value: str) -> None:
    result = status(run("clashes", "ws6", "ws8", option, value), 2)
    assert f"Error: {option}: not a duration" in result.stderr


def test_buffer_ten_message(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws8", "--buffer", "ten"), 2)
    assert "Error: --buffer: not a duration" in result.stderr
    assert result.stdout == ""


def test_unknown_session_is_an_error(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws99"), 2)
    assert "Error: unknown session 'ws99'" in result.stderr


# ---- the agenda -----------------------------------------------------------------------------


def test_without_ids_checks_the_agenda(run: Run) -> None:
    status(run("agenda", "add", "ws6", "ws8"), 0)
    result = status(run("clashes", "--format", "plain"), 0)
    assert "No clashes among 2 sessions." in result.stdout
    status(run("agenda", "add", "ws7"), 0)
    result = status(run("clashes", "--format", "plain"), 1)
    assert "1 clash among 3 sessions" in result.stdout
    document = clashes_json(run("clashes", "--format", "json"), 1)
    assert document["checked"] == ["ws6", "ws7", "ws8"]
    assert pair_ids(document) == [frozenset({"ws6", "ws7"})]


def test_empty_agenda_is_nothing_to_check(run: Run) -> None:
    result = status(run("clashes"), 2)
    assert "Error: nothing to check" in result.stderr
    assert "octopus agenda add" in result.stderr
    assert result.stdout == ""


def test_ids_with_agenda_keep_only_picks(run: Run) -> None:
    status(run("agenda", "add", "ws6", "ws8"), 0)
    document = clashes_json(run("clashes", "ws*", "--agenda", "--format", "json"), 0)
    assert document["checked"] == ["ws6", "ws8"]


def test_stale_picks_are_noted(run: Run, home: Path) -> None:
    (home / "agenda.json").write_text(
        json.dumps({"version": 1, "programmes": {"octopus-conference-2021": ["ws6", "ws99"]}}),
        encoding="utf-8",
    )
    result = status(run("clashes", "--format", "plain"), 0)
    assert "ws99" in result.stderr and "Note:" in result.stderr
    assert "No clashes among 1 session." in result.stdout


def test_damaged_agenda_is_an_error(run: Run, home: Path) -> None:
    (home / "agenda.json").write_bytes(b"{not json")
    result = status(run("clashes"), 2)
    assert "Error: the agenda file" in result.stderr


# ---- JSON -----------------------------------------------------------------------------------


def test_json_structure(run: Run) -> None:
    document = clashes_json(run("clashes", "ws6", "ws7", "ws8", "--format", "json"), 1)
    assert document["version"] == 1
    assert document["programme"] == {"name": "Octopus Conference 2021", "timezone": "Europe/Paris"}
    assert document["timezone"] == "Europe/Paris"
    assert document["checked"] == ["ws6", "ws7", "ws8"]
    assert document["calendars"] == []
    assert len(document["clashes"]) == 1
    clash = document["clashes"][0]
    assert set(clash) == {"first", "second", "overlap_minutes"}
    assert clash["overlap_minutes"] == 110
    assert (clash["first"]["id"], clash["second"]["id"]) == ("ws6", "ws7")
    for item in (clash["first"], clash["second"]):
        assert item["type"] == "session"
        assert item["start"] == "2021-11-17T14:00:00+01:00"
        assert item["end"] == "2021-11-17T15:50:00+01:00"
        assert item["duration_minutes"] == 110
        assert {"id", "label", "title", "kind", "track", "tags"} <= set(item)


def test_json_without_clashes(run: Run) -> None:
    document = clashes_json(run("clashes", "ws6", "ws8", "--format", "json"), 0)
    assert document["clashes"] == []
    assert document["checked"] == ["ws6", "ws8"]


def test_json_times_in_the_display_zone(run: Run) -> None:
    document = clashes_json(
        run("clashes", "ws6", "ws7", "--tz", "Asia/Tokyo", "--format", "json"), 1
    )
    assert document["timezone"] == "Asia/Tokyo"
    first = document["clashes"][0]["first"]
    assert first["start"] == "2021-11-17T22:00:00+09:00"
    assert first["end"] == "2021-11-17T23:50:00+09:00"


def test_json_buffer_pairs_have_negative_overlap(run: Run) -> None:
    document = clashes_json(run("clashes", "ws6", "ws8", "--buffer", "15m", "--format", "json"), 1)
    assert document["clashes"][0]["overlap_minutes"] == -10


def test_csv_lists_the_pairs_with_the_same_exit_status(run: Run) -> None:
    found = status(run("clashes", "ws6", "ws7", "--format", "csv"), 1)
    assert found.stdout.splitlines()[1].startswith("session,ws6,2021-11-17T14:00:00+01:00,")
    assert found.stdout.splitlines()[1].endswith(",110")
    free = status(run("clashes", "ws6", "ws8", "--format", "csv"), 0)
    assert len(free.stdout.splitlines()) == 1  # the header alone


def test_table_format(run: Run) -> None:
    result = status(run("clashes", "ws6", "ws7", "--format", "table"), 1)
    assert "overlap 1h 50m" in result.stdout
    assert "1 clash among 2 sessions" in result.stdout
    result = status(run("clashes", "ws6", "ws8", "--format", "table"), 0)
    assert "No clashes among 2 sessions." in result.stdout


def test_table_keeps_each_time_beside_its_session(run: Run) -> None:
    """On an 80-column terminal ws6's title wraps; ws7's time must stay on ws7's line."""
    result = status(run("clashes", "ws6", "ws7", "--format", "table", env={"COLUMNS": "80"}), 1)
    ws7_line = next(line for line in result.stdout.splitlines() if "ws7" in line)
    assert "14:00–15:50" in ws7_line, result.stdout


# ---- patterns -------------------------------------------------------------------------------


def brute_force_pairs(ids: list[str]) -> set[frozenset[str]]:
    programme = load_programme(None)
    chosen = [s for s in programme.sessions if s.id in ids]
    return {
        frozenset({a.id, b.id})
        for a, b in itertools.combinations(chosen, 2)
        if min(a.end, b.end) - max(a.start, b.start) > timedelta(0)
    }


def test_pattern_reports_exactly_the_overlapping_workshops(run: Run) -> None:
    programme = load_programme(None)
    workshops = [s.id for s in programme.sessions if fnmatch.fnmatchcase(s.id, "ws*")]
    expected = brute_force_pairs(workshops)
    assert expected  # ws2/ws3, ws4/ws5, ws6/ws7, ws11/ws12, ws13/ws14
    document = clashes_json(run("clashes", "ws*", "--format", "json"), 1)
    assert sorted(document["checked"]) == sorted(workshops)
    found = pair_ids(document)
    assert len(found) == len(set(found))
    assert set(found) == expected
    starts = [c["first"]["start"] for c in document["clashes"]]
    assert starts == sorted(starts)


def test_everything_against_brute_force(run: Run) -> None:
    programme = load_programme(None)
    ids = [s.id for s in programme.sessions]
    document = clashes_json(run("clashes", "*", "--format", "json"), 1)
    assert set(pair_ids(document)) == brute_force_pairs(ids)
    assert len(document["clashes"]) == len(brute_force_pairs(ids))


# ---- in a shell -----------------------------------------------------------------------------


def shell(command: str, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("OCTOPUS_") and k != "TZ"
    }
    environment["OCTOPUS_HOME"] = str(home)
    return subprocess.run(
        ["sh", "-c", command],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="needs sh")
def test_exit_status_in_a_shell(home: Path) -> None:
    python = shlex.quote(sys.executable)
    done = shell(f"{python} -m octopus_cli clashes ws6 ws8 && echo ok", home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["No clashes among 2 sessions.", "ok"]
    done = shell(f"{python} -m octopus_cli clashes ws6 ws7 && echo ok", home)
    assert done.returncode == 1, done.stderr
    assert "ok" not in done.stdout.splitlines()
    assert "overlap 1h 50m" in done.stdout


# ---- the user's own calendar ----------------------------------------------------------------


def ics(*events: str) -> str:
    body = "".join(
        "BEGIN:VEVENT\r\n"
        + "".join(f"{line}\r\n" for line in event.strip().splitlines())
        + "END:VEVENT\r\n"
        for event in events
    )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//octopus tests//EN\r\n"
        + body
        + "END:VCALENDAR\r\n"
    )


def write_ics(directory: Path, name: str, *events: str) -> Path:
    path = directory / name
    path.write_bytes(ics(*events).encode("utf-8"))
    return path


MEETING = """
UID:meeting-1@example.com
DTSTAMP:20211101T120000Z
SUMMARY:Team sync
DTSTART;TZID=Europe/Paris:20211117T150000
DTEND;TZID=Europe/Paris:20211117T163000
"""


def test_calendar_event_clashes_with_sessions(run: Run, tmp_path: Path) -> None:
    calendar = write_ics(tmp_path, "work.ics", MEETING)
    result = status(
        run("clashes", "ws6", "ws8", "--calendar", str(calendar), "--format", "plain"), 1
    )
    assert '"Team sync" (' in result.stdout
    assert "work.ics" in result.stdout
    assert "overlap 50m" in result.stdout  # ws6 until 15:50
    assert "overlap 30m" in result.stdout  # ws8 from 16:00
    assert "2 clashes among 2 sessions" in result.stdout

    document = clashes_json(
        run("clashes", "ws6", "ws8", "-c", str(calendar), "--format", "json"), 1
    )
    assert document["calendars"] == [str(calendar)]
    assert [c["overlap_minutes"] for c in document["clashes"]] == [50, 30]
    for clash in document["clashes"]:
        kinds = {clash["first"]["type"], clash["second"]["type"]}
        assert kinds == {"session", "event"}
        event = clash["second"] if clash["second"]["type"] == "event" else clash["first"]
        assert event["summary"] == "Team sync"
        assert event["uid"] == "meeting-1@example.com"
        assert event["calendar"] == str(calendar)
        assert event["start"] == "2021-11-17T15:00:00+01:00"
        assert event["end"] == "2021-11-17T16:30:00+01:00"
    assert pair_ids(document) == [
        frozenset({"ws6", "Team sync"}),
        frozenset({"ws8", "Team sync"}),
    ]


def test_calendar_event_in_utc_and_display_zone(run: Run, tmp_path: Path) -> None:
    calendar = write_ics(
        tmp_path,
        "utc.ics",
        """
UID:utc-1@example.com
DTSTAMP:20211101T120000Z
SUMMARY:Call
DTSTART:20211117T140000Z
DTEND:20211117T153000Z
""",
    )
    document = clashes_json(
        run(
            "clashes",
            "ws6",
            "ws8",
            "--calendar",
            str(calendar),
            "--tz",
            "Asia/Tokyo",
            "--format",
            "json",
        ),
        1,
    )
    event = document["clashes"][0]["second"]
    assert event["type"] == "event"
    assert event["start"] == "2021-11-17T23:00:00+09:00"
    assert event["end"] == "2021-11-18T00:30:00+09:00"
    assert pair_ids(document) == [frozenset({"ws6", "Call"}), frozenset({"ws8", "Call"})]


@pytest.mark.parametrize("marker", ["TRANSP:TRANSPARENT", "STATUS:CANCELLED"])
def test_free_and_cancelled_events_do_not_count(run: Run, tmp_path: Path, marker: str) -> None:
    calendar = write_ics(tmp_path, "work.ics", MEETING + marker + "\n")
    result = status(
        run("clashes", "ws6", "ws8", "--calendar", str(calendar), "--format", "plain"), 0
    )
    assert "No clashes among 2 sessions." in result.stdout


ALL_DAY = """
UID:holiday-1@example.com
DTSTAMP:20211101T120000Z
SUMMARY:Day off
DTSTART;VALUE=DATE:20211117
DTEND;VALUE=DATE:20211118
"""


def test_all_day_events_count_only_with_all_day_busy(run: Run, tmp_path: Path) -> None:
    calendar = write_ics(tmp_path, "home.ics", ALL_DAY)
    status(run("clashes", "ws6", "ws8", "--calendar", str(calendar), "--format", "plain"), 0)
    document = clashes_json(
        run(
            "clashes",
            "ws6",
            "ws8",
            "--calendar",
            str(calendar),
            "--all-day-busy",
            "--format",
            "json",
        ),
        1,
    )
    assert pair_ids(document) == [frozenset({"ws6", "Day off"}), frozenset({"ws8", "Day off"})]
    # on 18 Nov the day off is over
    status(run("clashes", "ws10", "--calendar", str(calendar), "--all-day-busy", "-f", "plain"), 0)


def test_events_never_clash_with_each_other(run: Run, tmp_path: Path) -> None:
    calendar = write_ics(
        tmp_path,
        "work.ics",
        MEETING,
        """
UID:meeting-2@example.com
DTSTAMP:20211101T120000Z
SUMMARY:Overlapping call
DTSTART;TZID=Europe/Paris:20211117T154500
DTEND;TZID=Europe/Paris:20211117T155500
""",
    )
    document = clashes_json(
        run("clashes", "ws6", "--calendar", str(calendar), "--format", "json"), 1
    )
    assert sorted(map(sorted, pair_ids(document))) == [
        ["Overlapping call", "ws6"],
        ["Team sync", "ws6"],
    ]
    for clash in document["clashes"]:
        assert {clash["first"]["type"], clash["second"]["type"]} == {"session", "event"}


def test_several_calendars(run: Run, tmp_path: Path) -> None:
    work = write_ics(tmp_path, "work.ics", MEETING)
    home = write_ics(tmp_path, "home.ics", ALL_DAY)
    document = clashes_json(
        run(
            "clashes",
            "ws6",
            "-c",
            str(work),
            "-c",
            str(home),
            "--all-day-busy",
            "--format",
            "json",
        ),
        1,
    )
    assert document["calendars"] == [str(work), str(home)]
    calendars = {
        item["calendar"]
        for clash in document["clashes"]
        for item in (clash["first"], clash["second"])
        if item["type"] == "event"
    }
    assert calendars == {str(work), str(home)}


def test_buffer_applies_to_calendar_events(run: Run, tmp_path: Path) -> None:
    calendar = write_ics(
        tmp_path,
        "work.ics",
        """
UID:after@example.com
DTSTAMP:20211101T120000Z
SUMMARY:Right after
DTSTART;TZID=Europe/Paris:20211117T175500
DTEND;TZID=Europe/Paris:20211117T183000
""",
    )
    status(run("clashes", "ws8", "--calendar", str(calendar), "--format", "plain"), 0)
    result = status(
        run("clashes", "ws8", "--calendar", str(calendar), "--buffer", "10m", "-f", "plain"), 1
    )
    assert "5m apart" in result.stdout


def test_calendar_with_agenda_checks_the_picks(run: Run, tmp_path: Path) -> None:
    calendar = write_ics(tmp_path, "work.ics", MEETING)
    status(run("agenda", "add", "ws8", "ws10"), 0)
    document = clashes_json(run("clashes", "--calendar", str(calendar), "--format", "json"), 1)
    assert document["checked"] == ["ws8", "ws10"]
    assert pair_ids(document) == [frozenset({"ws8", "Team sync"})]


def test_calendar_with_ids_and_an_empty_agenda(run: Run, tmp_path: Path) -> None:
    """`--agenda` leaves no session to check: no crash reading the calendar for no time."""
    calendar = write_ics(tmp_path, "work.ics", MEETING)
    result = run("clashes", "ws6", "--agenda", "--calendar", str(calendar), "--format", "plain")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 2), (result.stdout, result.stderr)


def test_missing_calendar_file_is_an_error(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ics"
    result = status(run("clashes", "ws6", "ws8", "--calendar", str(missing)), 2)
    assert result.stderr.startswith("Error:")
    assert "nowhere.ics" in result.stderr
    result = status(run("list", "--free-in", str(missing)), 2)
    assert "nowhere.ics" in result.stderr


def test_unreadable_calendar_is_an_error(run: Run, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.ics"
    garbage.write_bytes(b"\x00\xffthis is not a calendar\n")
    result = status(run("clashes", "ws6", "--calendar", str(garbage)), 2)
    assert "Error:" in result.stderr and "garbage.ics" in result.stderr


def test_escape_sequences_in_a_summary_are_inert(run: Run, tmp_path: Path) -> None:
    calendar = write_ics(
        tmp_path,
        "evil.ics",
        """
UID:evil@example.com
DTSTAMP:20211101T120000Z
SUMMARY:\x1b[31mRed alert\x1b[0m
DTSTART;TZID=Europe/Paris:20211117T150000
DTEND;TZID=Europe/Paris:20211117T163000
""",
    )
    for fmt in ("plain", "table"):
        result = status(run("clashes", "ws6", "--calendar", str(calendar), "--format", fmt), 1)
        assert "\x1b" not in result.stdout
        assert "Red alert" in result.stdout
    document = clashes_json(
        run("clashes", "ws6", "--calendar", str(calendar), "--format", "json"), 1
    )
    assert "Red alert" in document["clashes"][0]["second"]["summary"]


def test_free_in_leaves_out_the_sessions_that_overlap(run: Run, tmp_path: Path) -> None:
    calendar = write_ics(tmp_path, "work.ics", MEETING)  # 15:00-16:30 on 17 Nov
    everything = clashes_json(run("list", "--day", "2", "--format", "json"), 0)["sessions"]
    free = clashes_json(
        run("list", "--day", "2", "--free-in", str(calendar), "--format", "json"), 0
    )["sessions"]
    busy_from = datetime(2021, 11, 17, 15, 0, tzinfo=PARIS)
    busy_until = datetime(2021, 11, 17, 16, 30, tzinfo=PARIS)
    expected = [
        s["id"]
        for s in everything
        if not (
            datetime.fromisoformat(s["start"]) < busy_until
            and datetime.fromisoformat(s["end"]) > busy_from
        )
    ]
    assert [s["id"] for s in free] == expected
    assert {s["id"] for s in everything} - {s["id"] for s in free} == {"ws6", "ws7", "ws8", "lt1"}


def test_free_in_without_timed_events_keeps_everything(run: Run, tmp_path: Path) -> None:
    calendar = write_ics(tmp_path, "home.ics", ALL_DAY)
    everything = clashes_json(run("list", "--day", "2", "--format", "json"), 0)["sessions"]
    free = clashes_json(
        run("list", "--day", "2", "--free-in", str(calendar), "--format", "json"), 0
    )["sessions"]
    assert free == everything
    busy = clashes_json(
        run(
            "list",
            "--day",
            "2",
            "--free-in",
            str(calendar),
            "--all-day-busy",
            "--format",
            "json",
        ),
        0,
    )["sessions"]
    assert busy == []


# ---- find_clashes against brute force ------------------------------------------------------


@dataclass(eq=False)
class FakeBusy:
    """Stands in for usercal.Busy: the sweep only needs start and end."""

    start: datetime
    end: datetime
    summary: str = "busy"
    uid: str = ""
    source: str = "fake.ics"
    index: int = field(default=0)


BASE = datetime(2021, 11, 17, 8, 0, tzinfo=PARIS)
MINUTES = st.integers(min_value=0, max_value=24).map(lambda n: n * 5)
SPANS = st.tuples(MINUTES, st.integers(min_value=0, max_value=8).map(lambda n: n * 5))
AMOUNTS = st.sampled_from([0, 5, 10, 15, 30, 60])


def make_session(index: int, start: int, length: int) -> Session:
    return Session(
        id=f"s{index}",
        title=f"Session {index}",
        kind=Kind.WORKSHOP,
        start=BASE + timedelta(minutes=start),
        end=BASE + timedelta(minutes=start + length),
    )


def overlap(a: Session | FakeBusy, b: Session | FakeBusy) -> timedelta:
    return min(a.end, b.end) - max(a.start, b.start)


@settings(max_examples=100, deadline=None)
@given(
    session_spans=st.lists(SPANS, max_size=8),
    busy_spans=st.lists(SPANS, max_size=6),
    amount=AMOUNTS,
    as_buffer=st.booleans(),
)
def test_find_clashes_matches_brute_force(
    session_spans: list[tuple[int, int]],
    busy_spans: list[tuple[int, int]],
    amount: int,
    as_buffer: bool,
) -> None:
    sessions = [make_session(i, start, length) for i, (start, length) in enumerate(session_spans)]
    busy = [
        FakeBusy(BASE + timedelta(minutes=s), BASE + timedelta(minutes=s + n), index=i)
        for i, (s, n) in enumerate(busy_spans)
    ]
    gap = timedelta(minutes=amount)
    rule = Rule(buffer=gap) if as_buffer else Rule(min_overlap=gap)
    threshold = -gap if as_buffer else gap

    expected = {
        frozenset({("session", a.id), ("session", b.id)})
        for a, b in itertools.combinations(sessions, 2)
        if overlap(a, b) > threshold
    } | {
        frozenset({("session", s.id), ("busy", b.index)})
        for s in sessions
        for b in busy
        if overlap(s, b) > threshold
    }

    def key(item: Session | FakeBusy) -> tuple[str, str | int]:
        return ("session", item.id) if isinstance(item, Session) else ("busy", item.index)

    found: list[Clash] = find_clashes(sessions, busy, rule)  # type: ignore[arg-type]
    keys = [frozenset({key(c.first), key(c.second)}) for c in found]
    assert len(keys) == len(set(keys)), "a pair reported twice"
    assert set(keys) == expected
    for clash in found:
        assert isinstance(clash.first, Session), "busy-busy or busy-first pair"
        assert clash.overlap == overlap(clash.first, clash.second)
        assert clash.overlap > threshold
        if isinstance(clash.second, Session):
            assert clash.first.start <= clash.second.start
    assert [(c.first.start, c.second.start) for c in found] == sorted(
        (c.first.start, c.second.start) for c in found
    )
