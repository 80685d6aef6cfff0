"""`octopus export` to frab schedule.xml (and the JSON and CSV exports): schema-valid,
one <day> per date and one <room> per track, times that agree with the programme, stable
ids, and data that cannot break out of its element or cell."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import SHARED, Run, write_programme
from lxml import etree

from octopus_cli.core.models import Session
from octopus_cli.exports.frab import session_guid
from octopus_cli.sources.programme import load_programme
from octopus_cli.views.formats import spreadsheet_safe

XSD = SHARED / "specs" / "frab-schedule.xsd"
NO_XSD = "../shared/specs/frab-schedule.xsd not found: the frab schema lives outside the repository"

PROGRAMME = load_programme()
PARIS = ZoneInfo("Europe/Paris")
BY_GUID: dict[str, Session] = {session_guid(PROGRAMME, s): s for s in PROGRAMME.sessions}
NOT_BREAKS = [s for s in PROGRAMME.sessions if not s.is_break]

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# ---- helpers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not XSD.is_file():
        pytest.skip(NO_XSD)
    return etree.XMLSchema(etree.parse(str(XSD)))


def export_file(run: Run, target: Path, *args: str, programme: Path | None = None) -> bytes:
    """Run `octopus [--programme P] export ARGS -o TARGET` and return the file's bytes."""
    prefix = ("--programme", str(programme)) if programme is not None else ()
    result = run(*prefix, "export", *args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert "Wrote" in result.stderr
    return target.read_bytes()


def export_xml(
    run: Run, directory: Path, *args: str, programme: Path | None = None
) -> etree._Element:
    target = directory / f"schedule-{uuid.uuid4().hex}.xml"
    data = export_file(run, target, *args, programme=programme)
    return etree.fromstring(data)


def events(root: etree._Element) -> list[etree._Element]:
    return list(root.iterfind("day/room/event"))


def child_text(element: etree._Element, tag: str) -> str:
    child = element.find(tag)
    assert child is not None, f"<{element.tag}> has no <{tag}>"
    return child.text or ""


def hhmm(length: timedelta) -> str:
    minutes = int(length.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def ids_by_guid(root: etree._Element) -> dict[str, str]:
    return {event.get("guid"): event.get("id") for event in events(root)}


# ---- schema validity ----------------------------------------------------------------------

SELECTIONS = {
    "full": (),
    "include-breaks": ("--include-breaks",),
    "tokyo": ("--tz", "Asia/Tokyo"),
    "utc": ("--utc",),
    "single-session": ("ws6",),
    "track-2": ("--track", "2"),
}


@pytest.mark.parametrize("args", SELECTIONS.values(), ids=SELECTIONS.keys())
def test_export_is_valid_against_the_frab_schema(
    run: Run, tmp_path: Path, schema: etree.XMLSchema, args: tuple[str, ...]
) -> None:
    root = export_xml(run, tmp_path, *args)
    assert schema.validate(root), str(schema.error_log)


SHORT_NAME_PROGRAMME = """\
[conference]
name = "CCC"
timezone = "Europe/Paris"
start_date = 2021-11-16
end_date = 2021-11-16

[[sessions]]
id = "a1"
title = "First"
kind = "workshop"
track = 1
start = 2021-11-16T09:00:00
end = 2021-11-16T10:00:00
"""


def test_export_of_a_short_named_conference_is_valid(
    run: Run, tmp_path: Path, schema: etree.XMLSchema
) -> None:
    """The schema wants an <acronym> of at least four of [a-z0-9_-]; a conference called
    'CCC' (no edition) must still give a valid file."""
    path = write_programme(tmp_path, SHORT_NAME_PROGRAMME)
    root = export_xml(run, tmp_path, programme=path)
    assert schema.validate(root), str(schema.error_log)


# ---- structure ----------------------------------------------------------------------------


def test_one_day_per_conference_day_with_one_room_per_track(run: Run, tmp_path: Path) -> None:
    root = export_xml(run, tmp_path)
    days = root.findall("day")
    assert [d.get("index") for d in days] == ["1", "2", "3"]
    assert [d.get("date") for d in days] == ["2021-11-16", "2021-11-17", "2021-11-18"]
    for day in days:
        assert [room.get("name") for room in day.findall("room")] == ["Track 1", "Track 2"]
        # every event sits in the room of its own track
        for room in day.findall("room"):
            for event in room.findall("event"):
                assert child_text(event, "room") == room.get("name")
                session = BY_GUID[event.get("guid")]
                assert room.get("name") == f"Track {session.track}"
    assert child_text(root, "conference/days") == "3"
    assert child_text(root, "conference/start") == "2021-11-16"
    assert child_text(root, "conference/end") == "2021-11-18"
    assert child_text(root, "conference/time_zone_name") == "Europe/Paris"


def test_breaks_are_left_out_unless_asked_for(run: Run, tmp_path: Path) -> None:
    default = {BY_GUID[e.get("guid")].id for e in events(export_xml(run, tmp_path))}
    assert default == {s.id for s in NOT_BREAKS}
    with_breaks = export_xml(run, tmp_path, "--include-breaks")
    assert {BY_GUID[e.get("guid")].id for e in events(with_breaks)} == {
        s.id for s in PROGRAMME.sessions
    }


def check_times(root: etree._Element, zone: ZoneInfo) -> list[Session]:
    """Every event's <date> is its session's instant written in `zone`, <start> agrees with
    it, <duration> is end - start, and the event sits in the <day> of its <date>'s date.
    Returns the sessions found, in file order."""
    found = []
    for day in root.findall("day"):
        day_date = date.fromisoformat(day.get("date"))
        for event in day.iterfind("room/event"):
            session = BY_GUID[event.get("guid")]
            found.append(session)
            written = datetime.fromisoformat(child_text(event, "date"))
            assert written.tzinfo is not None, "the <date> needs an offset"
            assert written == session.start  # the same instant
            local = session.start.astimezone(zone)
            assert written.utcoffset() == local.utcoffset()  # written in `zone`
            assert written.replace(tzinfo=None) == local.replace(tzinfo=None)
            assert child_text(event, "start") == f"{written:%H:%M}"
            assert child_text(event, "duration") == hhmm(session.end - session.start)
            assert written.date() == day_date, f"{session.id} is in the wrong <day>"
    return found


@pytest.mark.parametrize("zone_name", ["Europe/Paris", "Asia/Tokyo", "America/Bogota"])
def test_dates_starts_and_durations_agree_with_the_programme(
    run: Run, tmp_path: Path, zone_name: str
) -> None:
    args = () if zone_name == "Europe/Paris" else ("--tz", zone_name)
    zone = ZoneInfo(zone_name)
    root = export_xml(run, tmp_path, *args)
    found = check_times(root, zone)
    assert sorted(s.id for s in found) == sorted(s.id for s in NOT_BREAKS)
    assert len(found) == len(set(found))
    assert child_text(root, "conference/time_zone_name") == zone_name
    # days are consecutive, numbered from 1, and cover every date a session starts on
    days = root.findall("day")
    dates = [date.fromisoformat(d.get("date")) for d in days]
    assert [d.get("index") for d in days] == [str(n) for n in range(1, len(days) + 1)]
    assert dates == [dates[0] + timedelta(days=n) for n in range(len(dates))]
    assert {s.start.astimezone(zone).date() for s in found} <= set(dates)
    assert child_text(root, "conference/days") == str(len(days))


def test_in_tokyo_late_sessions_move_to_the_next_date(run: Run, tmp_path: Path) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    root = export_xml(run, tmp_path, "--tz", "Asia/Tokyo")
    check_times(root, tokyo)
    day_of = {
        BY_GUID[event.get("guid")].id: day.get("date")
        for day in root.findall("day")
        for event in day.iterfind("room/event")
    }
    assert day_of["ws9"] == "2021-11-18"  # 18:00 Paris on the 17th is 02:00 in Tokyo
    assert day_of["conclusions"] == "2021-11-19"  # 17:15 Paris on the 18th: 01:15 in Tokyo
    assert day_of["ws1"] == "2021-11-17"
    assert [d.get("date") for d in root.findall("day")][-1] == "2021-11-19"


def test_utc_export_writes_utc_times(run: Run, tmp_path: Path) -> None:
    root = export_xml(run, tmp_path, "--utc")
    check_times(root, ZoneInfo("UTC"))
    assert child_text(root, "conference/time_zone_name") == "UTC"


def test_track_filter_keeps_only_that_room(run: Run, tmp_path: Path) -> None:
    root = export_xml(run, tmp_path, "--track", "2")
    for day in root.findall("day"):
        assert [room.get("name") for room in day.findall("room")] == ["Track 2"]
    found = check_times(root, PARIS)
    assert {s.id for s in found} == {s.id for s in NOT_BREAKS if s.track == 2}


def test_guids_are_unique_uuids_and_ids_positive_unique_integers(run: Run, tmp_path: Path) -> None:
    root = export_xml(run, tmp_path, "--include-breaks")
    guids = [event.get("guid") for event in events(root)]
    ids = [event.get("id") for event in events(root)]
    assert len(guids) == len(set(guids)) == len(PROGRAMME.sessions)
    for guid in guids:
        assert str(uuid.UUID(guid)) == guid
    assert len(ids) == len(set(ids))
    for value in ids:
        assert value.isdigit()
        assert int(value) > 0


@pytest.mark.parametrize(
    "args",
    [("ws6",), ("--track", "2"), ("--day", "2"), ("--tz", "Asia/Tokyo"), ("ws6", "--utc")],
    ids=["ws6", "track-2", "day-2", "tokyo", "ws6-utc"],
)
def test_guids_and_ids_are_the_same_whatever_the_selection_or_zone(
    run: Run, tmp_path: Path, args: tuple[str, ...]
) -> None:
    full = ids_by_guid(export_xml(run, tmp_path))
    part = ids_by_guid(export_xml(run, tmp_path, *args))
    assert part
    for guid, number in part.items():
        assert full[guid] == number
    if args[0] == "ws6":
        ws6 = next(s for s in PROGRAMME.sessions if s.id == "ws6")
        assert list(part) == [session_guid(PROGRAMME, ws6)]


# ---- data that tries to break out ---------------------------------------------------------

NASTY_TITLE = "Evil </title></event><event> & <b> > ]]> <!-- \"q\" 'a' &amp;"
NASTY_DESCRIPTION = "bell\u0007 escape\u001b[31m red nul\u0000 end"

INJECTION_PROGRAMME = """\
[conference]
name = "Test <Conference> & Co"
timezone = "Europe/Paris"
start_date = 2021-11-16
end_date = 2021-11-17

[[sessions]]
id = "a1"
title = "Evil </title></event><event> & <b> > ]]> <!-- \\"q\\" 'a' &amp;"
description = "bell\\u0007 escape\\u001b[31m red nul\\u0000 end"
kind = "workshop"
track = 1
start = 2021-11-16T09:00:00
end = 2021-11-16T10:00:00

[[sessions]]
id = "b1"
title = "Second"
kind = "workshop"
track = 2
start = 2021-11-16T09:30:00
end = 2021-11-16T10:30:00
"""


@pytest.fixture
def injection_programme(tmp_path: Path) -> Path:
    return write_programme(tmp_path, INJECTION_PROGRAMME)


def test_markup_and_control_characters_cannot_break_the_xml(
    run: Run, tmp_path: Path, injection_programme: Path
) -> None:
    target = tmp_path / "evil.xml"
    data = export_file(run, target, programme=injection_programme)
    assert not CONTROL.search(data.decode("utf-8")), "raw control characters in the XML"
    root = etree.fromstring(data)  # parses: nothing broke out
    found = events(root)
    assert len(found) == 2
    titles = [child_text(event, "title") for event in found]
    assert titles == [NASTY_TITLE, "Second"]
    assert child_text(root, "conference/title") == "Test <Conference> & Co"
    abstract = child_text(found[0], "abstract")
    assert not CONTROL.search(abstract)
    # control characters may be dropped or replaced with U+FFFD; the rest survives
    assert abstract.replace("\ufffd", "") == CONTROL.sub("", NASTY_DESCRIPTION)


def test_markup_and_control_characters_export_valid_against_the_schema(
    run: Run, tmp_path: Path, injection_programme: Path, schema: etree.XMLSchema
) -> None:
    root = export_xml(run, tmp_path, programme=injection_programme)
    assert schema.validate(root), str(schema.error_log)


# ---- CSV ----------------------------------------------------------------------------------

FORMULA_TITLES = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "Plain title"]


def formula_programme() -> str:
    lines = [
        "[conference]",
        'name = "Formula Conference"',
        'timezone = "Europe/Paris"',
        "start_date = 2021-11-16",
        "end_date = 2021-11-16",
    ]
    for number, title in enumerate(FORMULA_TITLES):
        lines += [
            "",
            "[[sessions]]",
            f'id = "s{number}"',
            f"title = {json.dumps(title)}",
            'description = "=HYPERLINK(\\"http://example.com\\")"',
            'kind = "workshop"',
            f"track = {number + 1}",
            "start = 2021-11-16T09:00:00",
            "end = 2021-11-16T10:00:00",
        ]
    return "\n".join(lines) + "\n"


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_export_neutralises_formulas_like_list(run: Run, tmp_path: Path) -> None:
    programme = write_programme(tmp_path, formula_programme())
    data = export_file(run, tmp_path / "x.csv", programme=programme).decode("utf-8")
    rows = parse_csv(data)
    assert len(rows) == len(FORMULA_TITLES)
    assert [row["title"] for row in rows] == [spreadsheet_safe(t) for t in FORMULA_TITLES]
    for row, title in zip(rows, FORMULA_TITLES, strict=True):
        if title[0] in "=+-@":
            assert row["title"] == "'" + title
        else:
            assert row["title"] == title
        assert row["description"].startswith("'=")
    listed = run("--programme", str(programme), "list", "--format", "csv", "--no-breaks")
    assert listed.exit_code == 0, listed.stderr
    assert rows == parse_csv(listed.stdout)


# ---- JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [(), ("--day", "2"), ("--track", "2", "--tz", "Asia/Tokyo"), ("ws6", "ws7")],
    ids=["all", "day-2", "track-2-tokyo", "ids"],
)
def test_json_export_equals_list_json(run: Run, tmp_path: Path, args: tuple[str, ...]) -> None:
    target = tmp_path / "x.json"
    exported = json.loads(export_file(run, target, *args))
    listed = run("list", *args, "--format", "json", "--no-breaks")
    assert listed.exit_code == 0, listed.stderr
    assert exported == json.loads(listed.stdout)
    assert exported["sessions"]
