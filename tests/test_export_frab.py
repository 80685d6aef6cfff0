"""`octopus export` to frab schedule.xml (and the JSON and CSV exports): schema-valid,
one <day> per date that has sessions and one <room> per track, times that agree with the
programme, stable ids, and data that cannot break out of its element or cell.

The schema is c3voc's (`../shared/specs/frab-schedule.xsd`, never edited) with one
documented extension made here, in the test: `<conference><day_change>`, which frab and
pentabarf write and ConfClerk reads (without it ConfClerk assumes 04:00 and files a session
at 01:00 under the day before). Every export is also checked against the schema as it is,
with that one element taken out: nothing else departs from it."""

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
from test_export_ics import export_in_a_process

from octopus_cli.core.models import Session
from octopus_cli.exports.frab import DAY_CHANGE, session_guid
from octopus_cli.sources.loader import load_programme
from octopus_cli.views.formats import spreadsheet_safe

XSD = SHARED / "specs" / "frab-schedule.xsd"
NO_XSD = "../shared/specs/frab-schedule.xsd not found: the frab schema lives outside the repository"

PROGRAMME = load_programme()
PARIS = ZoneInfo("Europe/Paris")
BY_GUID: dict[str, Session] = {session_guid(PROGRAMME, s): s for s in PROGRAMME.sessions}
NOT_BREAKS = [s for s in PROGRAMME.sessions if not s.is_break]

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# ---- helpers ------------------------------------------------------------------------------


XS = "http://www.w3.org/2001/XMLSchema"


@pytest.fixture(scope="module")
def c3voc_schema() -> etree.XMLSchema:
    """The frab schema exactly as published."""
    if not XSD.is_file():
        pytest.skip(NO_XSD)
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """The frab schema with its one extension: an optional <day_change> among the children
    of <conference>, a time of day written as the schema writes <start> (HH:MM[:SS])."""
    if not XSD.is_file():
        pytest.skip(NO_XSD)
    document = etree.parse(str(XSD))
    (choice,) = document.xpath(
        "/xs:schema/xs:element[@name='schedule']//xs:element[@name='conference']"
        "/xs:complexType/xs:sequence/xs:choice",
        namespaces={"xs": XS},
    )
    assert not choice.xpath("xs:element[@name='day_change']", namespaces={"xs": XS})
    etree.SubElement(
        choice, f"{{{XS}}}element", name="day_change", type="start", minOccurs="0", maxOccurs="1"
    )
    return etree.XMLSchema(document)


def without_day_change(root: etree._Element) -> etree._Element:
    """A copy of the document without <conference><day_change>, the one extension."""
    copy = etree.fromstring(etree.tostring(root))
    for element in copy.iterfind("conference/day_change"):
        element.getparent().remove(element)
    return copy


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
    run: Run,
    tmp_path: Path,
    schema: etree.XMLSchema,
    c3voc_schema: etree.XMLSchema,
    args: tuple[str, ...],
) -> None:
    root = export_xml(run, tmp_path, *args)
    assert schema.validate(root), str(schema.error_log)
    # As published, the schema refuses <day_change> and nothing else.
    assert not c3voc_schema.validate(root)
    assert {error.path for error in c3voc_schema.error_log} == {"/schedule/conference/day_change"}
    assert c3voc_schema.validate(without_day_change(root)), str(c3voc_schema.error_log)


def test_the_schema_extension_accepts_a_time_of_day_only(
    run: Run, tmp_path: Path, schema: etree.XMLSchema
) -> None:
    root = export_xml(run, tmp_path)
    day_change = root.find("conference/day_change")
    assert day_change is not None
    for value, valid in [("04:00", True), ("09:00:00", True), ("4 am", False), ("", False)]:
        day_change.text = value
        assert schema.validate(root) is valid, value


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


# ---- as readers file it: days, links, tracks (issue 16) ----------------------------------


def confclerk_day(day: etree._Element, event: etree._Element, day_change: str) -> date:
    """The day ConfClerk 0.7 shows an event on. It keeps the <day>'s date with the event's
    <start> as a wall time, and a day runs from its date at day_change to the next date at
    day_change (04:00 when the file gives none). `tests/test_clients.py` checks the same
    with ConfClerk itself, where it is installed."""
    wall = datetime.combine(
        date.fromisoformat(day.get("date")),
        datetime.strptime(child_text(event, "start"), "%H:%M").time(),
    )
    hours, minutes = (int(part) for part in day_change.split(":")[:2])
    return (wall - timedelta(hours=hours, minutes=minutes)).date()


NIGHT_ZONES = ["Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu"]


@pytest.mark.parametrize("zone_name", NIGHT_ZONES)
def test_days_change_at_midnight_so_confclerk_files_night_sessions_on_their_day(
    run: Run, tmp_path: Path, zone_name: str
) -> None:
    root = export_xml(run, tmp_path, "--tz", zone_name, "--include-breaks")
    assert child_text(root, "conference/day_change") == DAY_CHANGE == "00:00"
    night = []
    for day in root.findall("day"):
        for event in day.iterfind("room/event"):
            assert confclerk_day(day, event, DAY_CHANGE) == date.fromisoformat(day.get("date"))
            if child_text(event, "start") < "04:00":
                night.append(BY_GUID[event.get("guid")].id)
    if zone_name == "Asia/Tokyo":
        # What issue 16 saw: without <day_change>, ConfClerk's 04:00 put these on Wednesday.
        assert {"ws8", "lt1", "ws9"} <= set(night)
    if zone_name == "Pacific/Kiritimati":
        assert "plenary" in night  # 02:00 on the 17th, not Tuesday the 16th


@pytest.mark.parametrize(
    "args",
    [
        ("--tz", "Pacific/Kiritimati"),
        ("--tz", "Pacific/Pago_Pago"),
        ("--tz", "Asia/Tokyo", "--track", "2"),
        ("--day", "2"),
        ("ws6", "conclusions"),
        (),
    ],
    ids=["kiritimati", "pago-pago", "tokyo-track-2", "day-2", "two-days", "paris"],
)
def test_every_day_written_has_sessions_and_the_conference_counts_them(
    run: Run, tmp_path: Path, schema: etree.XMLSchema, args: tuple[str, ...]
) -> None:
    root = export_xml(run, tmp_path, *args)
    assert schema.validate(root), str(schema.error_log)
    zone = ZoneInfo(child_text(root, "conference/time_zone_name"))
    days = root.findall("day")
    dates = [day.get("date") for day in days]
    for day in days:
        assert day.findall("room/event"), f"empty <day> {day.get('date')}"
    starts = {
        BY_GUID[e.get("guid")].start.astimezone(zone).date().isoformat() for e in events(root)
    }
    assert dates == sorted(starts)
    assert [day.get("index") for day in days] == [str(n) for n in range(1, len(days) + 1)]
    assert child_text(root, "conference/start") == dates[0]
    assert child_text(root, "conference/end") == dates[-1]
    assert child_text(root, "conference/days") == str(len(days))
    if args == ("--tz", "Pacific/Kiritimati"):
        # Nothing starts on the 16th there: the plenary is at 02:00 on the 17th.
        assert dates == ["2021-11-17", "2021-11-18", "2021-11-19"]
    if args == ("ws6", "conclusions"):
        assert dates == ["2021-11-17", "2021-11-18"]


def test_track_is_the_programmes_column_and_type_the_kind_of_session(
    run: Run, tmp_path: Path
) -> None:
    root = export_xml(run, tmp_path, "--include-breaks")
    for event in events(root):
        session = BY_GUID[event.get("guid")]
        assert child_text(event, "track") == f"Track {session.track}"
        assert child_text(event, "room") == f"Track {session.track}"
        assert child_text(event, "type") == session.kind
    assert {child_text(event, "track") for event in events(root)} == {"Track 1", "Track 2"}


LINKED_PROGRAMME = """\
[conference]
name = "Linked Conference"
timezone = "Europe/Paris"
start_date = 2021-11-16
end_date = 2021-11-16

[[sessions]]
id = "a1"
title = "With a page"
kind = "workshop"
track = 1
start = 2021-11-16T09:00:00
end = 2021-11-16T10:00:00
url = "https://www.coe.int/en/web/cybercrime/octopus?session=a1&lang=en"

[[sessions]]
id = "b1"
title = "Without one"
kind = "talk"
track = 2
start = 2021-11-16T09:00:00
end = 2021-11-16T10:00:00

[[sessions]]
id = "c1"
title = "Not a web page"
kind = "talk"
track = 2
start = 2021-11-16T10:00:00
end = 2021-11-16T11:00:00
url = "ftp://example.org/c1"
"""


def test_a_session_page_is_written_as_url_and_as_a_link(
    run: Run, tmp_path: Path, schema: etree.XMLSchema
) -> None:
    path = write_programme(tmp_path, LINKED_PROGRAMME)
    root = export_xml(run, tmp_path, programme=path)
    assert schema.validate(root), str(schema.error_log)
    by_title = {child_text(event, "title"): event for event in events(root)}
    page = "https://www.coe.int/en/web/cybercrime/octopus?session=a1&lang=en"
    linked = by_title["With a page"]
    assert child_text(linked, "url") == page  # Giggity, EventFahrplan, pyfahrplan
    links = linked.findall("links/link")  # ConfClerk reads only these
    assert [(link.get("href"), link.text) for link in links] == [(page, page)]
    for title in ("Without one", "Not a web page"):
        assert by_title[title].find("url") is None
        assert by_title[title].find("links") is None


# ---- bounded: whatever the programme, an answer in bounded time (issue 15, item 19) -------


MILLENNIUM_PROGRAMME = """\
[conference]
name = "Millennium"
timezone = "Europe/Paris"
start_date = 1900-01-01
end_date = 2999-12-31

[[sessions]]
id = "a"
title = "A"
kind = "workshop"
start = 1900-01-01T09:00:00
end = 1900-01-01T10:00:00

[[sessions]]
id = "z"
title = "Z"
kind = "workshop"
start = 2999-12-31T23:00:00
end = 2999-12-31T23:59:00
"""


def test_a_conference_spanning_a_millennium_writes_only_the_days_with_sessions(
    tmp_path: Path, schema: etree.XMLSchema
) -> None:
    path = write_programme(tmp_path, MILLENNIUM_PROGRAMME)
    target = tmp_path / "x.xml"
    export_in_a_process(tmp_path, path, target)
    root = etree.fromstring(target.read_bytes())
    assert schema.validate(root), str(schema.error_log)
    assert [day.get("date") for day in root.findall("day")] == ["1900-01-01", "2999-12-31"]
    assert child_text(root, "conference/days") == "2"
    assert len(target.read_bytes()) < 5_000


def test_a_session_longer_than_frab_can_say_is_refused(run: Run, tmp_path: Path) -> None:
    text = MILLENNIUM_PROGRAMME.replace("end = 1900-01-01T10:00:00", "end = 1900-01-05T13:00:00")
    path = write_programme(tmp_path, text)
    target = tmp_path / "x.xml"
    result = run("--programme", str(path), "export", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: frab XML cannot hold session 'a': it lasts 4 days 4:00, and frab durations"
    )
    assert "Export it as .ics, JSON or CSV" in result.stderr
    assert not target.exists()
    assert "Traceback" not in result.stderr


def test_days_times_tracks_never_fill_the_file_with_empty_rooms(run: Run, tmp_path: Path) -> None:
    """Each day lists every track's room (as frab does) while that is cheap; 200 days of
    100 tracks would be 20,000 rooms, nearly all empty: then a day lists the rooms it uses."""
    lines = [
        "[conference]",
        'name = "Spread Out"',
        'timezone = "Europe/Paris"',
        "start_date = 2021-01-01",
        "end_date = 2021-07-19",
    ]
    for number in range(200):
        day = date(2021, 1, 1) + timedelta(days=number)
        lines += ["[[sessions]]", f'id = "s{number}"', f'title = "S{number}"']
        lines += ['kind = "talk"', f"track = {number % 100 + 1}"]
        lines += [f"start = {day}T09:00:00", f"end = {day}T10:00:00"]
    path = write_programme(tmp_path, "\n".join(lines) + "\n")
    root = export_xml(run, tmp_path, programme=path)
    days = root.findall("day")
    assert len(days) == 200
    for number, day in enumerate(days):
        assert [room.get("name") for room in day.findall("room")] == [f"Track {number % 100 + 1}"]
