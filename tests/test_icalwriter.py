"""The iCalendar writer (`exports/icalwriter.py`) and the export built with it.

For every input without special characters the export is byte for byte what the
icalendar-based export it replaced wrote (kept below as the oracle); whatever the input,
every value stays inside its property, with or without `python -O`."""

from __future__ import annotations

import dataclasses
import itertools
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import icalendar
import pytest
from conftest import FALL_BACK_PROGRAMME, MINIMAL_PROGRAMME, Run, write_programme
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar.parser.string import _foldline
from test_export_ics import WINTER_SCHOOL, toml_string

from octopus_cli.core.models import Programme, Session
from octopus_cli.core.overlaps import parallel_index
from octopus_cli.core.text import export_text
from octopus_cli.exports.icalwriter import Component, escape_text, fold
from octopus_cli.exports.ics import (
    PRODID,
    calendar_bytes,
    describe,
    event_uid,
    organiser_address,
    sequence,
    timezone_component,
    version_stamp,
)
from octopus_cli.exports.vtimezone import observances
from octopus_cli.sources.loader import load_programme

ZONES = [
    None,  # --utc
    "Europe/Paris",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Kiritimati",
    "Australia/Lord_Howe",
    "UTC",
]
ALARMS = [(), (15,), (60,), (1440,), (15, 60, 1440)]  # minutes before


# ---- the oracle: the export as it was built with icalendar 7 --------------------------------


def old_calendar_bytes(
    programme: Programme,
    sessions: Sequence[Session],
    zone: ZoneInfo | None,
    *,
    alarms: Sequence[timedelta] = (),
    subset: str | None = None,
) -> bytes:
    conference = programme.conference
    name = export_text(f"{conference.name} ({subset})" if subset else conference.name)
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    if organiser_address(programme) is not None:  # PUBLISH needs an ORGANIZER (issue 16)
        calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if zone is not None:
        calendar.add("x-wr-timezone", zone.key)
        if sessions:
            instants = [moment for s in sessions for moment in (s.start, s.end)]
            calendar.add_component(old_timezone_component(zone, instants))
    parallel = parallel_index(programme.sessions)
    position = {s.id: index for index, s in enumerate(programme.sessions)}
    stamp, revision = version_stamp(programme), sequence(programme)
    for session in sessions:
        others = parallel.get(position.get(session.id, -1), [])
        calendar.add_component(
            old_event(programme, session, zone or UTC, others, stamp, revision, alarms)
        )
    data: bytes = calendar.to_ical()
    return data


def old_event(
    programme: Programme,
    session: Session,
    zone: tzinfo,
    parallel: Sequence[Session],
    stamp: datetime,
    revision: int,
    alarms: Sequence[timedelta],
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", event_uid(programme, session))
    event.add("dtstamp", stamp)
    event.add("sequence", revision)
    event.add("dtstart", session.start.astimezone(zone))
    event.add("dtend", session.end.astimezone(zone))
    summary = export_text(session.display_title)
    event.add("summary", summary)
    event.add("description", export_text(describe(programme, session, parallel)))
    if programme.conference.online:
        event.add("location", "Online")
    organiser = organiser_address(programme)
    if organiser is not None:  # issue 16: the organiser of a PUBLISH, breaks not busy
        address = icalendar.vCalAddress(f"mailto:{organiser.email}")
        address.params["cn"] = organiser.name
        event.add("organizer", address)
    if session.is_break:
        event.add("transp", "TRANSPARENT")
    event.add("categories", [export_text(c) for c in (session.kind, *session.tags)])
    url = session.url or programme.conference.url
    if url:
        event.add("url", export_text(url))
    for before in alarms:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -before)
        event.add_component(alarm)
    return event


def old_timezone_component(zone: ZoneInfo, instants: Sequence[datetime]) -> icalendar.Timezone:
    component = icalendar.Timezone()
    component.add("tzid", zone.key)
    for observance in observances(zone, instants):
        part = icalendar.TimezoneDaylight() if observance.daylight else icalendar.TimezoneStandard()
        part.add("dtstart", observance.start)
        part.add("tzoffsetfrom", observance.offset_from)
        part.add("tzoffsetto", observance.offset_to)
        if observance.name:
            part.add("tzname", export_text(observance.name))
        if observance.rrule is not None:
            part.add("rrule", observance.rrule)
        component.add_component(part)
    return component


# ---- helpers ------------------------------------------------------------------------------


@cache
def bundled() -> Programme:
    return load_programme(None)


@pytest.fixture(scope="module")
def programmes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Programme]:
    """The programmes of conftest and test_export_ics, loaded as the CLI loads them."""
    juba = (  # Africa/Juba's one-off change: an observance without RRULE
        MINIMAL_PROGRAMME.replace("Europe/Paris", "Africa/Juba")
        .replace("2021-11-16", "2021-01-20")
        .replace("2021-11-17", "2021-01-21")
    )
    texts = {
        "minimal": MINIMAL_PROGRAMME,
        "fall-back": FALL_BACK_PROGRAMME,
        "winter-school": WINTER_SCHOOL,  # a rule the zone dropped: RRULE with UNTIL
        "juba": juba,
    }
    directory = tmp_path_factory.mktemp("programmes")
    return {
        name: load_programme(write_programme(directory, text, f"{name}.toml"))
        for name, text in texts.items()
    }


def both(
    programme: Programme,
    sessions: Sequence[Session],
    zone: str | None,
    minutes: Sequence[int] = (),
    subset: str | None = None,
) -> tuple[bytes, bytes]:
    """The same export by the old builder and by the new one."""
    arguments = (programme, sessions, ZoneInfo(zone) if zone else None)
    alarms = [timedelta(minutes=m) for m in minutes]
    return (
        old_calendar_bytes(*arguments, alarms=alarms, subset=subset),
        calendar_bytes(*arguments, alarms=alarms, subset=subset),
    )


def unfolded(data: bytes) -> list[str]:
    return re.sub(r"\r\n ", "", data.decode()).split("\r\n")


def changed_lines(old: bytes, new: bytes) -> list[tuple[str, str]]:
    old_lines, new_lines = unfolded(old), unfolded(new)
    assert len(old_lines) == len(new_lines)
    return [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]


def unescape(value: str) -> str:
    """RFC 5545 TEXT unescaping (icalendar reads NAME and X-WR-CALNAME raw, as UNKNOWN)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def parse(data: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(data)
    assert isinstance(calendar, icalendar.Calendar)
    return calendar


def assert_lines_well_formed(data: bytes) -> None:
    """CRLF line ends only, every physical line at most 75 octets of whole UTF-8 characters."""
    assert data.endswith(b"\r\n")
    assert re.search(rb"\r(?!\n)|(?<!\r)\n", data) is None, "a bare CR or LF"
    for line in data[:-2].split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")


# ---- 1. the same bytes as before, for ordinary input ----------------------------------------


@pytest.mark.parametrize(("zone", "minutes"), list(itertools.product(ZONES, ALARMS)))
def test_bundled_programme_is_written_as_before(zone: str | None, minutes: tuple[int, ...]) -> None:
    programme = bundled()
    talks = [s for s in programme.sessions if not s.is_break]
    old, new = both(programme, talks, zone, minutes)
    assert new == old
    old, new = both(programme, programme.sessions, zone, minutes, subset="track 2")
    assert new == old


@pytest.mark.parametrize("name", ["minimal", "fall-back", "winter-school", "juba"])
@pytest.mark.parametrize("zone", ["programme", *ZONES])
def test_other_programmes_are_written_as_before(
    programmes: dict[str, Programme], name: str, zone: str | None
) -> None:
    programme = programmes[name]
    written_zone = programme.zone.key if zone == "programme" else zone
    old, new = both(programme, programme.sessions, written_zone, (15, 1440))
    assert new == old
    old, new = both(programme, [], written_zone)
    assert new == old


def test_cli_export_is_written_as_before(run: Run) -> None:
    result = run("export", "-o", "-")
    assert result.exit_code == 0, result.stderr
    programme = bundled()
    talks = [s for s in programme.sessions if not s.is_break]
    assert result.stdout_bytes == old_calendar_bytes(programme, talks, programme.zone)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.sampled_from(sorted(available_timezones())), st.integers(1900, 2037))
@example("Europe/Amsterdam", 1935)  # an offset of +00:19:32: UTC-OFFSET with seconds
@example("America/Mexico_City", 2023)  # UNTIL
def test_vtimezone_is_written_as_before_in_any_zone(name: str, year: int) -> None:
    zone = ZoneInfo(name)
    instants = [datetime(year, 1, 10, tzinfo=UTC), datetime(year, 7, 10, tzinfo=UTC)]
    assert timezone_component(zone, instants).to_ical() == (
        old_timezone_component(zone, instants).to_ical()
    )


# ---- 2. the value types, against icalendar's --------------------------------------------------


def ours(write: Callable[[Component], None]) -> bytes:
    event = Component("VEVENT")
    write(event)
    return event.to_ical()


def theirs(name: str, value: object) -> bytes:
    event = icalendar.Event()
    event.add(name, value)
    data: bytes = event.to_ical()
    return data


ODD_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\r\n\\;,^N"))


@given(ODD_TEXT)
@example("C:\\New")
def test_text_is_escaped_as_icalendar_escapes_it(text: str) -> None:
    assert unescape(escape_text(text)) == text.replace("\r\n", "\n").replace("\r", "\n")
    if "\\N" not in text:  # icalendar reads a literal backslash-N as a line break: section 3
        assert escape_text(text) == icalendar.vText(text).to_ical().decode()


@given(
    st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\\^é日🐙"), max_size=400)
)
@example("x" * 61 + "\\" + "y" * 20)  # a backslash or caret ends the first 74 octets:
@example("x" * 61 + "^" + "y" * 20)  # it moves to the next line
@example("🐙" * 40)
def test_lines_are_folded_as_icalendar_folds_them(text: str) -> None:
    line = "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")
    assert fold(line) == _foldline(line).encode()


@given(st.timedeltas(min_value=timedelta(days=-40), max_value=timedelta(days=40)))
@example(timedelta(minutes=-15))
@example(timedelta(days=-1))
def test_durations_are_written_as_icalendar_writes_them(value: timedelta) -> None:
    assert ours(lambda e: e.duration("TRIGGER", value)) == theirs("TRIGGER", value)


@given(st.integers(-86399, 86399))
@example(5 * 3600 + 30 * 60)  # +0530
@example(-(3 * 3600 + 30 * 60))  # -0330
@example(19 * 60 + 32)  # +001932
def test_utc_offsets_are_written_as_icalendar_writes_them(seconds: int) -> None:
    value = timedelta(seconds=seconds)
    assert ours(lambda e: e.utc_offset("TZOFFSETTO", value)) == theirs("TZOFFSETTO", value)


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from([None, "UTC", "Europe/Paris", "Asia/Kathmandu", "America/St_Johns"]),
)
def test_date_times_are_written_as_icalendar_writes_them(
    moment: datetime, zone: str | None
) -> None:
    if zone is not None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    assert ours(lambda e: e.date_time("DTSTART", moment)) == theirs("DTSTART", moment)


def test_a_fixed_offset_is_written_in_utc() -> None:
    moment = datetime(2021, 11, 16, 9, tzinfo=timezone(timedelta(hours=1)))
    assert ours(lambda e: e.date_time("DTSTART", moment)) == (
        b"BEGIN:VEVENT\r\nDTSTART:20211116T080000Z\r\nEND:VEVENT\r\n"
    )


@given(
    st.integers(1, 12),
    st.sampled_from(["-1SU", "2SU", "1FR", None]),
    st.integers(1, 31),
    st.none() | st.datetimes(min_value=datetime(1970, 1, 1), timezones=st.just(UTC)),
)
def test_recurrence_rules_are_written_as_icalendar_writes_them(
    month: int, byday: str | None, bymonthday: int, until: datetime | None
) -> None:
    rule: dict[str, object] = {"FREQ": "YEARLY", "BYMONTH": month}
    rule |= {"BYDAY": byday} if byday else {"BYMONTHDAY": bymonthday}
    rule |= {"UNTIL": until} if until else {}
    assert ours(lambda e: e.recur("RRULE", rule)) == theirs("RRULE", rule)


def test_integers_and_lists_of_text_are_written_as_icalendar_writes_them() -> None:
    assert ours(lambda e: e.integer("SEQUENCE", 20211004)) == theirs("SEQUENCE", 20211004)
    tags = ["talk", "a, b", "c;d", "e\\f", "g\nh"]
    assert ours(lambda e: e.texts("CATEGORIES", tags)) == theirs("CATEGORIES", tags)
    (event,) = parse(
        b"BEGIN:VCALENDAR\r\n" + ours(lambda e: e.texts("CATEGORIES", tags)) + b"END:VCALENDAR\r\n"
    ).walk("VEVENT")
    assert [str(c) for c in event["CATEGORIES"].cats] == tags


def test_a_uri_is_not_escaped_but_its_control_characters_are_percent_encoded() -> None:
    plain = "https://example.com/a b?q=1;x,y\\z"
    assert ours(lambda e: e.uri("URL", plain)) == theirs("URL", plain)
    hostile = "https://example.com/\r\nBEGIN:VEVENT\x00\t\x7f\x85"
    assert ours(lambda e: e.uri("URL", hostile)) == (
        b"BEGIN:VEVENT\r\nURL:https://example.com/%0D%0ABEGIN:VEVENT%00%09%7F%C2%85\r\n"
        b"END:VEVENT\r\n"
    )


def test_a_lone_surrogate_is_written_as_a_question_mark() -> None:
    """Not encodable in UTF-8 (the exporter's export_text has made it U+FFFD already)."""

    def write(event: Component) -> None:
        event.text("SUMMARY", "a\ud800b")
        event.uri("URL", "https://x/\udfff")

    assert ours(write) == b"BEGIN:VEVENT\r\nSUMMARY:a?b\r\nURL:https://x/?\r\nEND:VEVENT\r\n"
    assert fold("DESCRIPTION:" + "\ud800" * 100).count(b"\r\n ") == 1


class Named(tzinfo):
    """A zone named anyhow, to reach the TZID parameter with any value."""

    def __init__(self, key: str) -> None:
        self.key = key

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


def test_parameter_values_are_quoted_or_refused() -> None:
    moment = datetime(2021, 1, 1, tzinfo=Named("Odd:Zone;a,b"))
    assert ours(lambda e: e.date_time("DTSTART", moment)).split(b"\r\n")[1] == (
        b'DTSTART;TZID="Odd:Zone;a,b":20210101T000000'
    )
    for key in ['Say "hi"', "two\nlines", "car\rriage", "nul\x00"]:
        bad = datetime(2021, 1, 1, tzinfo=Named(key))
        with pytest.raises(ValueError, match="parameter value"):
            ours(lambda e, bad=bad: e.date_time("DTSTART", bad))


@pytest.mark.parametrize("name", ["", "X Y", "SUMMARY:forged", "A\nB", "DTSTART;TZID=x", "É"])
def test_names_that_cannot_be_written_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="name"):
        Component(name)
    with pytest.raises(ValueError, match="name"):
        Component("VEVENT").text(name, "value")


@pytest.mark.parametrize(
    "rule",
    [
        {"FREQ": "YEARLY\r\nBEGIN:VEVENT"},
        {"FREQ": "YEARLY;COUNT=1"},
        {"FREQ": "YEARLY", "BYDAY": "1SU:"},
        {"FREQ": "YEARLY", "X-FORGED": "1"},
    ],
)
def test_recurrence_rules_that_cannot_be_written_are_refused(rule: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Component("STANDARD").recur("RRULE", rule)


# ---- 3. where the bytes differ from icalendar's, and why ---------------------------------------


def test_the_calendar_name_is_escaped_where_icalendar_wrote_it_raw() -> None:
    """icalendar writes NAME and X-WR-CALNAME as UNKNOWN values, unescaped: the selection
    'ws6, ws8' went out with a raw comma, and a line break in a conference name could forge
    lines. Both are TEXT (RFC 7986 5.1; an X- property is TEXT by default) and are escaped
    now. Only those two lines differ; icalendar reads them back raw, so they are compared
    after TEXT unescaping."""
    programme = bundled()
    picked = [s for s in programme.sessions if s.id in ("ws6", "ws8")]
    old, new = both(programme, picked, "Europe/Paris", subset="ws6, ws8")
    name = "Octopus Conference 2021 (ws6, ws8)"
    escaped = "Octopus Conference 2021 (ws6\\, ws8)"
    assert changed_lines(old, new) == [
        (f"NAME:{name}", f"NAME:{escaped}"),
        (f"X-WR-CALNAME:{name}", f"X-WR-CALNAME:{escaped}"),
    ]
    for key in ("NAME", "X-WR-CALNAME"):
        assert unescape(str(parse(new)[key])) == str(parse(old)[key]) == name


def test_a_literal_backslash_n_is_kept_where_icalendar_made_it_a_line_break(
    programmes: dict[str, Programme],
) -> None:
    """icalendar's TEXT escaping first turns a literal backslash-N into a line break, so
    'C:\\New' was read back as 'C:', a line break, 'ew'. It is escaped as any backslash now."""
    minimal = programmes["minimal"]
    first, *rest = minimal.sessions
    title = "C:\\New folder"
    programme = Programme(
        minimal.conference, minimal.zone, [dataclasses.replace(first, title=title), *rest], ""
    )
    old, new = both(programme, programme.sessions, "Europe/Paris")
    changed = changed_lines(old, new)  # the SUMMARY and the other session's "In parallel"
    assert [line.split(":")[0] for line, _ in changed] == ["SUMMARY", "DESCRIPTION"]
    for before, after in changed:
        assert after.replace("C:\\\\New", "C:\\new") == before
    summaries = [str(e["SUMMARY"]) for e in parse(new).walk("VEVENT")]
    assert title in summaries
    assert "C:\new folder" in [str(e["SUMMARY"]) for e in parse(old).walk("VEVENT")]


@pytest.mark.parametrize("name", ["Atlantic/Reykjavik", "Africa/Abidjan", "Etc/GMT"])
def test_zones_icalendar_took_for_utc_keep_their_tzid(name: str) -> None:
    """icalendar writes the times of every zone its table finds equivalent to UTC (GMT,
    Reykjavik, Abidjan...) with Z and no TZID, beside a VTIMEZONE for the zone that nothing
    uses. Only UTC itself (and its aliases) is written with Z now; these zones get their
    TZID. Only DTSTART and DTEND differ, and they are the same instants."""
    programme = bundled()
    old, new = both(programme, programme.sessions, name)
    changed = changed_lines(old, new)
    assert changed
    for before, after in changed:
        assert before.startswith(("DTSTART:", "DTEND:")) and before.endswith("Z")
        assert after.startswith((f"DTSTART;TZID={name}:", f"DTEND;TZID={name}:"))
    for old_event, new_event in zip(
        parse(old).walk("VEVENT"), parse(new).walk("VEVENT"), strict=True
    ):
        for key in ("DTSTART", "DTEND"):
            assert new_event.decoded(key) == old_event.decoded(key)


def test_a_url_with_a_line_break_is_percent_encoded_where_icalendar_refused_it(
    programmes: dict[str, Programme],
) -> None:
    minimal = programmes["minimal"]
    first, *rest = minimal.sessions
    url = "https://example.com/a\nBEGIN:VEVENT"
    programme = Programme(
        minimal.conference, minimal.zone, [dataclasses.replace(first, url=url), *rest], ""
    )
    with pytest.raises(ValueError, match="URI"):
        old_calendar_bytes(programme, programme.sessions, programme.zone)
    new = calendar_bytes(programme, programme.sessions, programme.zone)
    assert "URL:https://example.com/a%0ABEGIN:VEVENT" in unfolded(new)


# ---- 4. no value leaves its property, whatever it holds -----------------------------------------

CONFERENCE = "Evil, Inc.; \\ Con\r\nBEGIN:VEVENT\nUID:forged\rEND:VCALENDAR 🐙"
TITLE = (
    "Title; with, all \\ of it\r\nBEGIN:VEVENT\rEND:VEVENT\nDTSTART:19700101T000000Z "
    + "Ünïcödé — "
    + "日本語のタイトル" * 12
    + " 🐙" * 30
)
DESCRIPTION = (
    "One, two; three \\ four\r\nBEGIN:VEVENT\nEND:VEVENT\r" + "Ωμέγα " * 40 + "\n" + "🦑" * 50
)
URL = "https://example.com/a b;c,d\\e\r\nBEGIN:VEVENT\n🐙"
URL_WRITTEN = "https://example.com/a b;c,d\\e%0D%0ABEGIN:VEVENT%0A🐙"
SUBSET = "a, b; c\\d\nBEGIN:VEVENT"


def tricky_programme_file(directory: Path) -> Path:
    """MINIMAL_PROGRAMME with every special character in the conference name and in the
    first session's title, description and URL."""
    text = MINIMAL_PROGRAMME.replace(
        'name = "Test Conference"', f"name = {toml_string(CONFERENCE)}"
    ).replace(
        'title = "First"',
        f"title = {toml_string(TITLE)}\ndescription = {toml_string(DESCRIPTION)}\n"
        f"url = {toml_string(URL)}",
    )
    return write_programme(directory, text, "tricky.toml")


def assert_every_value_stays_in_its_property(
    data: bytes, programme: Programme, alarms: int, subset: str | None = None
) -> None:
    assert_lines_well_formed(data)
    structure = [line for line in data.split(b"\r\n") if line.startswith((b"BEGIN:", b"END:"))]
    zone = [line for line in structure if line.endswith((b"TIMEZONE", b":STANDARD", b":DAYLIGHT"))]
    assert structure[1 : 1 + len(zone)] == zone  # one whole VTIMEZONE after BEGIN:VCALENDAR
    assert zone[:1] + zone[-1:] in ([], [b"BEGIN:VTIMEZONE", b"END:VTIMEZONE"])
    per_event = [b"BEGIN:VEVENT", *[b"BEGIN:VALARM", b"END:VALARM"] * alarms, b"END:VEVENT"]
    assert [structure[0], *structure[1 + len(zone) :]] == [
        b"BEGIN:VCALENDAR",
        *per_event * len(programme.sessions),
        b"END:VCALENDAR",
    ]
    calendar = parse(data)
    name = programme.conference.name + (f" ({subset})" if subset else "")
    for key in ("NAME", "X-WR-CALNAME"):
        assert unescape(str(calendar[key])) == export_text(name)
    events = calendar.walk("VEVENT")
    assert len(events) == len(programme.sessions)
    for event, session in zip(events, programme.sessions, strict=True):
        assert str(event["UID"]) == event_uid(programme, session)
        summary = export_text(session.display_title)
        assert str(event["SUMMARY"]) == summary
        assert str(event["DESCRIPTION"]).startswith(export_text(session.description))
        assert [str(c) for c in event["CATEGORIES"].cats] == [
            session.kind,
            *map(export_text, session.tags),
        ]
        if session.url:
            assert str(event["URL"]) == URL_WRITTEN
        assert [str(a["DESCRIPTION"]) for a in event.walk("VALARM")] == [summary] * alarms


@pytest.mark.parametrize("zone", ["Europe/Paris", "Asia/Kathmandu", None])
def test_special_characters_round_trip_and_cannot_forge_lines(
    tmp_path: Path, zone: str | None
) -> None:
    loaded = load_programme(tricky_programme_file(tmp_path))
    first, *rest = loaded.sessions
    tags = ("comma, tag", "semi;colon", "back\\slash", "line\nbreak\rEND:VEVENT")
    # The loader only takes slugs as tags; the writer must still keep any tag in its place.
    programme = Programme(
        loaded.conference, loaded.zone, [dataclasses.replace(first, tags=tags), *rest], ""
    )
    assert first.title == TITLE and first.url == URL
    data = calendar_bytes(
        programme,
        programme.sessions,
        ZoneInfo(zone) if zone else None,
        alarms=[timedelta(minutes=15), timedelta(days=1)],
        subset=SUBSET,
    )
    assert_every_value_stays_in_its_property(data, programme, alarms=2, subset=SUBSET)


def test_special_characters_through_the_command_line(run: Run, tmp_path: Path) -> None:
    path = tricky_programme_file(tmp_path)
    result = run("--programme", str(path), "export", "--alarm", "1h", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert_every_value_stays_in_its_property(result.stdout_bytes, load_programme(path), alarms=1)


OPTIMISED = """\
import sys
from datetime import timedelta

from octopus_cli.exports.icalwriter import Component
from octopus_cli.exports.ics import calendar_bytes
from octopus_cli.sources.loader import load_programme

if not sys.flags.optimize:
    sys.exit("not run with -O")
# The writer itself, given raw line breaks, without the exporter's clean-up.
raw = Component("VEVENT")
raw.text("SUMMARY", "a\\r\\nBEGIN:VEVENT\\rEND:VCALENDAR\\n")
raw.uri("URL", "https://example.com/\\nBEGIN:VEVENT")
lines = raw.to_ical().split(b"\\r\\n")
if [line for line in lines if line.startswith(b"BEGIN")] != [b"BEGIN:VEVENT"]:
    sys.exit(f"forged lines: {lines!r}")
try:
    Component("VEVENT").text("X\\nBEGIN", "value")
except ValueError:
    pass
else:
    sys.exit("a name with a line break was written")
programme = load_programme(sys.argv[1])
sessions, alarms = programme.sessions, [timedelta(minutes=15)]
data = calendar_bytes(programme, sessions, programme.zone, alarms=alarms, subset=sys.argv[2])
sys.stdout.buffer.write(data)
"""


def test_nothing_rests_on_assert_statements(tmp_path: Path) -> None:
    """Under `python -O` (asserts stripped) the same guarantees hold."""
    path = tricky_programme_file(tmp_path)
    result = subprocess.run(
        [sys.executable, "-O", "-c", OPTIMISED, str(path), SUBSET],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    programme = load_programme(path)
    assert_every_value_stays_in_its_property(result.stdout, programme, alarms=1, subset=SUBSET)
