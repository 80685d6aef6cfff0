"""`octopus export`: the .ics file (instants, VTIMEZONE rules, UIDs, line folding, escaping,
alarms), selection and output, atomic writes, and the other formats chosen by extension."""

from __future__ import annotations

import bisect
import csv
import errno
import io
import itertools
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, available_timezones

import icalendar
import pytest
from conftest import MINIMAL_PROGRAMME, Run, write_programme
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.prop import vRecur

import octopus_cli.store.fileio
from octopus_cli.core.choices import Kind
from octopus_cli.core.models import Programme, Session
from octopus_cli.core.overlaps import parallel_index
from octopus_cli.exports.ics import event_uid, timezone_component
from octopus_cli.exports.parallel import parallel_summary
from octopus_cli.exports.vtimezone import transitions
from octopus_cli.sources.loader import load_programme

UID_DOMAIN = "octopus-conference-2021@octopus-cli"
CONFERENCE_ZONE = "Europe/Paris"
OTHER_ZONES = ["Asia/Tokyo", "America/New_York", "Australia/Sydney", "Pacific/Auckland"]
EXTRA_ZONES = [
    "America/St_Johns",
    "Asia/Kathmandu",
    "Europe/Dublin",
    "Asia/Jerusalem",
    "America/Santiago",
]
YEAR_START = datetime(2021, 1, 1, tzinfo=UTC)
YEAR_END = datetime(2022, 1, 1, tzinfo=UTC)
CONTENT_LINE = re.compile(r"^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$")


# ---- helpers -----------------------------------------------------------------------------


@cache
def programme() -> Programme:
    return load_programme(None)


def sessions_by_uid(include_breaks: bool = False) -> dict[str, Session]:
    return {
        f"{s.id}.{UID_DOMAIN}": s for s in programme().sessions if include_breaks or not s.is_break
    }


def export(
    run: Run, tmp_path: Path, *args: str, name: str = "out.ics", env: dict[str, str] | None = None
) -> bytes:
    """Run `octopus export ARGS -o tmp_path/name` and return the file's bytes."""
    target = tmp_path / name
    result = run("export", *args, "-o", str(target), env=env)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return target.read_bytes()


def parse(data: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(data)
    assert isinstance(calendar, icalendar.Calendar)
    return calendar


def events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def unfold(data: bytes) -> list[str]:
    """The logical content lines of the file (RFC 5545 3.1 unfolding)."""
    text = re.sub(r"\r\n[ \t]", "", data.decode("utf-8"))
    assert text.endswith("\r\n")
    return text[: -len("\r\n")].split("\r\n")


def raw_events(data: bytes) -> dict[str, dict[str, str]]:
    """UID -> {property name: the raw 'NAME;PARAMS:VALUE' line} for each VEVENT (its own
    properties, not those of nested VALARMs)."""
    found: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    depth = 0
    for line in unfold(data):
        if line == "BEGIN:VEVENT":
            current, depth = {}, 0
            continue
        if current is None:
            continue
        if line == "END:VEVENT":
            found[current["UID"].split(":", 1)[1]] = current
            current = None
        elif line.startswith("BEGIN:"):
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
        elif depth == 0:
            match = CONTENT_LINE.match(line)
            assert match, line
            current[match.group(1).upper()] = line
    return found


def wall_time(line: str) -> tuple[str | None, datetime]:
    """('Europe/Paris', naive wall time) from 'DTSTART;TZID=Europe/Paris:20211116T130000'."""
    match = CONTENT_LINE.match(line)
    assert match, line
    params, value = match.group(2), match.group(3)
    tzid = re.search(r";TZID=([^;:]+)", params)
    assert re.fullmatch(r"\d{8}T\d{6}Z?", value), line
    wall = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return "UTC", wall.replace(tzinfo=UTC)
    return (tzid.group(1) if tzid else None), wall


def vtimezones(calendar: icalendar.Calendar) -> dict[str, icalendar.Timezone]:
    return {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}


def component_from_ical(component: icalendar.Timezone) -> icalendar.Timezone:
    """Serialise the component and read it back, as a calendar client would."""
    data = b"BEGIN:VCALENDAR\r\n" + component.to_ical() + b"END:VCALENDAR\r\n"
    (parsed,) = parse(data).walk("VTIMEZONE")
    assert isinstance(parsed, icalendar.Timezone)
    return parsed


def file_tz(component: icalendar.Timezone) -> tzinfo:
    """The tzinfo the VTIMEZONE's own rules define. (`to_tz()` without lookup_tzid=False
    would return zoneinfo's zone for the TZID and ignore the component.)"""
    tz: tzinfo = component.to_tz(lookup_tzid=False)
    assert not isinstance(tz, ZoneInfo)
    return tz


class Onsets:
    """An independent reading of a VTIMEZONE: every onset of every observance (DTSTART and
    its RRULE, bounded by UNTIL) as a UTC instant, and the offset each one sets."""

    def __init__(self, component: icalendar.Timezone, last_year: int) -> None:
        found: list[tuple[datetime, timedelta]] = []
        for part in component.subcomponents:
            assert part.name in ("STANDARD", "DAYLIGHT"), part.name
            assert "RDATE" not in part
            start = part.decoded("DTSTART")
            assert isinstance(start, datetime)
            assert start.tzinfo is None, "an observance's DTSTART is local time"
            offset_from: timedelta = part["TZOFFSETFROM"].td
            offset_to: timedelta = part["TZOFFSETTO"].td
            walls = [start]
            if "RRULE" in part:
                recur = part["RRULE"]
                until = recur.get("UNTIL")
                rule = vRecur({k: v for k, v in recur.items() if k != "UNTIL"})
                expanded = rrulestr(rule.to_ical().decode(), dtstart=start)
                walls = list(expanded.between(start, datetime(last_year + 1, 12, 31), inc=True))
                if until:
                    limit = until[0].astimezone(UTC).replace(tzinfo=None)
                    walls = [w for w in walls if w - offset_from <= limit]
            found += [((w - offset_from).replace(tzinfo=UTC), offset_to) for w in walls]
        found.sort()
        self.instants = [at for at, _ in found]
        self.offsets = [offset for _, offset in found]

    def offset_at(self, instant: datetime) -> timedelta | None:
        """The offset in force at `instant`; None before the first onset (undefined)."""
        index = bisect.bisect_right(self.instants, instant) - 1
        return self.offsets[index] if index >= 0 else None


def checkpoints_every_6_hours() -> list[datetime]:
    count = int((YEAR_END - YEAR_START) / timedelta(hours=6))
    return [YEAR_START + timedelta(hours=6 * n) for n in range(count)]


def around_transitions(zone: ZoneInfo, year: int = 2021) -> list[datetime]:
    points: list[datetime] = []
    for change in transitions(zone, year, year):
        for delta in (timedelta(hours=-1), timedelta(seconds=-1), timedelta(0), timedelta(hours=1)):
            points.append(change.at + delta)
    return points


def assert_component_matches_zone(
    zone: ZoneInfo, instants: Sequence[datetime], checkpoints: Iterable[datetime]
) -> None:
    """timezone_component(zone, instants), read back, gives zoneinfo's offset at every
    checkpoint, both by icalendar's own evaluation and by expanding the rules here."""
    component = component_from_ical(timezone_component(zone, instants))
    assert str(component["TZID"]) == zone.key
    assert b"RDATE" not in component.to_ical()
    tz = file_tz(component)
    onsets = Onsets(component, last_year=max(i.year for i in instants) + 1)
    wrong = []
    for moment in checkpoints:
        expected = moment.astimezone(zone).utcoffset()
        by_icalendar = moment.astimezone(tz).utcoffset()
        by_rules = onsets.offset_at(moment)
        if not expected == by_icalendar == by_rules:
            wrong.append((moment.isoformat(), expected, by_icalendar, by_rules))
    assert not wrong, (
        f"{zone.key}: (instant, zoneinfo, to_tz, rules) differ at {len(wrong)} instants, "
        f"first {wrong[:3]}\n{component.to_ical().decode()}"
    )


# ---- 1. instants --------------------------------------------------------------------------


@pytest.mark.parametrize("zone", [None, *OTHER_ZONES])
def test_events_are_at_the_programme_instants_in_any_zone(
    run: Run, tmp_path: Path, zone: str | None
) -> None:
    data = export(run, tmp_path, *(["--tz", zone] if zone else []))
    expected_zone = zone or CONFERENCE_ZONE
    calendar = parse(data)
    expected = sessions_by_uid()
    found = events(calendar)
    assert len(found) == len(expected) == 21
    assert {str(e["UID"]) for e in found} == set(expected)
    for event in found:
        session = expected[str(event["UID"])]
        for name, instant in (("DTSTART", session.start), ("DTEND", session.end)):
            assert event[name].params["TZID"] == expected_zone
            value = event.decoded(name)
            assert value == instant, (session.id, name, value, instant)

    # The same instants from the file's own VTIMEZONE rules, not from zoneinfo.
    (component,) = calendar.walk("VTIMEZONE")
    assert str(component["TZID"]) == expected_zone
    tz = file_tz(component)
    onsets = Onsets(component, last_year=2022)
    for uid, lines in raw_events(data).items():
        session = expected[uid]
        for name, instant in (("DTSTART", session.start), ("DTEND", session.end)):
            tzid, wall = wall_time(lines[name])
            assert tzid == expected_zone
            assert wall.replace(tzinfo=tz).astimezone(UTC) == instant, (uid, name, wall)
            offset = onsets.offset_at(instant)
            assert offset is not None
            assert wall - offset == instant.astimezone(UTC).replace(tzinfo=None), (uid, name)


def test_utc_export_writes_z_times_and_no_vtimezone(run: Run, tmp_path: Path) -> None:
    data = export(run, tmp_path, "--utc")
    calendar = parse(data)
    assert not calendar.walk("VTIMEZONE")
    assert b"BEGIN:VTIMEZONE" not in data
    assert b"TZID" not in data
    expected = sessions_by_uid()
    raw = raw_events(data)
    assert set(raw) == set(expected)
    for uid, lines in raw.items():
        for name, instant in (("DTSTART", expected[uid].start), ("DTEND", expected[uid].end)):
            assert lines[name].endswith("Z"), lines[name]
            zone, value = wall_time(lines[name])
            assert zone == "UTC"
            assert value == instant
    for event in events(calendar):
        assert event.decoded("DTSTART") == expected[str(event["UID"])].start


def test_times_are_written_in_the_viewers_zone_as_on_every_command(
    run: Run, tmp_path: Path
) -> None:
    """--tz, then OCTOPUS_TZ (or the config), then the conference zone: the same default as
    every command that shows times. The instants never change."""
    default = raw_events(export(run, tmp_path))
    mine = raw_events(export(run, tmp_path, env={"OCTOPUS_TZ": "Asia/Manila"}))
    given = raw_events(export(run, tmp_path, "--tz", "America/Bogota", env={"OCTOPUS_TZ": "UTC"}))
    for uid in default:
        instants = set()
        for events_, zone in (
            (default, CONFERENCE_ZONE),
            (mine, "Asia/Manila"),
            (given, "America/Bogota"),
        ):
            tzid, wall = wall_time(events_[uid]["DTSTART"])
            assert tzid == zone
            instants.add(wall.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC))
        assert len(instants) == 1, uid  # the same moment, written in three zones


def test_an_export_takes_one_zone(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "two.ics"
    result = run("export", "-o", str(out), "--tz", "UTC", "--tz", "Asia/Tokyo")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: an export writes its times in one zone: give --tz once")
    assert not out.exists()


# ---- 2. VTIMEZONE in the file ------------------------------------------------------------


@pytest.mark.parametrize("zone", [None, *OTHER_ZONES])
def test_every_tzid_has_a_vtimezone_with_rrules_and_no_rdate(
    run: Run, tmp_path: Path, zone: str | None
) -> None:
    data = export(run, tmp_path, *(["--tz", zone] if zone else []), "--include-breaks")
    calendar = parse(data)
    used = set(re.findall(r";TZID=([^;:]+)", "\r\n".join(unfold(data))))
    assert used == {zone or CONFERENCE_ZONE}
    defined = vtimezones(calendar)
    assert used <= set(defined)
    assert len(calendar.walk("VTIMEZONE")) == len(defined)  # one VTIMEZONE per zone
    assert b"RDATE" not in data
    for component in defined.values():
        parts = component.subcomponents
        assert parts
        if zone == "Asia/Tokyo":
            assert [p.name for p in parts] == ["STANDARD"]
            assert parts[0]["TZOFFSETTO"].td == timedelta(hours=9)
        else:
            assert {p.name for p in parts} == {"STANDARD", "DAYLIGHT"}
            assert all("RRULE" in p for p in parts), component.to_ical().decode()


# ---- 3. VTIMEZONE rules against zoneinfo ---------------------------------------------------


@pytest.mark.parametrize("name", [CONFERENCE_ZONE, *OTHER_ZONES, *EXTRA_ZONES])
def test_vtimezone_offsets_equal_zoneinfo_all_year(name: str) -> None:
    zone = ZoneInfo(name)
    every_6_hours = checkpoints_every_6_hours()
    assert_component_matches_zone(zone, every_6_hours, every_6_hours + around_transitions(zone))


@pytest.mark.parametrize("name", ["Asia/Tokyo", "Asia/Kathmandu"])
def test_zone_without_clock_changes_has_one_standard_observance(name: str) -> None:
    component = component_from_ical(timezone_component(ZoneInfo(name), [YEAR_START]))
    assert [p.name for p in component.subcomponents] == ["STANDARD"]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.sampled_from(sorted(available_timezones())))
def test_vtimezone_offsets_equal_zoneinfo_in_any_zone(name: str) -> None:
    zone = ZoneInfo(name)
    months = [datetime(2021, month, 1, tzinfo=UTC) for month in range(1, 13)]
    local_months = [datetime(2021, month, 1, tzinfo=zone).astimezone(UTC) for month in range(1, 13)]
    for change in transitions(zone, 2021, 2021):
        assert (change.at - timedelta(seconds=1)).astimezone(zone).utcoffset() == (
            change.offset_from
        )
        assert change.at.astimezone(zone).utcoffset() == change.offset_to
    assert_component_matches_zone(zone, months, months + local_months + around_transitions(zone))


def test_vtimezone_describes_the_offset_before_a_one_off_change(run: Run, tmp_path: Path) -> None:
    """Africa/Juba went from +03 to +02 on 1 February 2021 and has no other change in
    2020-2021. An event on 20 January 2021 needs an observance in force then (+03)."""
    text = (
        MINIMAL_PROGRAMME.replace("Europe/Paris", "Africa/Juba")
        .replace("2021-11-16", "2021-01-20")
        .replace("2021-11-17", "2021-01-21")
    )
    path = write_programme(tmp_path, text)
    data = export_programme(run, tmp_path, path)
    (component,) = parse(data).walk("VTIMEZONE")
    onsets = Onsets(component, last_year=2022)
    start = datetime(2021, 1, 20, 9, tzinfo=ZoneInfo("Africa/Juba"))
    assert start.utcoffset() == timedelta(hours=3)
    assert onsets.offset_at(start) == timedelta(hours=3), component.to_ical().decode()
    assert start.astimezone(file_tz(component)).utcoffset() == timedelta(hours=3)


WINTER_SCHOOL = """\
[conference]
name = "Winter School"
timezone = "America/Mexico_City"
start_date = 2022-12-15
end_date = 2023-04-20

[[sessions]]
id = "opening"
title = "Opening"
kind = "workshop"
start = 2022-12-15T10:00:00
end = 2022-12-15T11:00:00

[[sessions]]
id = "closing"
title = "Closing"
kind = "workshop"
start = 2023-04-20T10:00:00
end = 2023-04-20T11:00:00
"""


def test_vtimezone_ends_a_rule_the_zone_has_dropped(run: Run, tmp_path: Path) -> None:
    """Mexico City kept daylight saving time until October 2022 and not after: the closing
    session on 20 April 2023 is at 10:00 CST (-06). The file's VTIMEZONE must not go on
    applying the old April-October summer-time rule in 2023."""
    data = export_programme(run, tmp_path, write_programme(tmp_path, WINTER_SCHOOL))
    (component,) = parse(data).walk("VTIMEZONE")
    onsets = Onsets(component, last_year=2024)
    tz = file_tz(component)
    zone = ZoneInfo("America/Mexico_City")
    raw = raw_events(data)
    for uid, expected in (
        ("opening", datetime(2022, 12, 15, 10, tzinfo=zone)),
        ("closing", datetime(2023, 4, 20, 10, tzinfo=zone)),
    ):
        _, wall = wall_time(raw[f"{uid}.winter-school@octopus-cli"]["DTSTART"])
        assert wall == expected.replace(tzinfo=None)
        shown = component.to_ical().decode()
        assert onsets.offset_at(expected) == expected.utcoffset(), (uid, shown)
        assert wall.replace(tzinfo=tz).astimezone(UTC) == expected, (uid, shown)


# ---- 4. UIDs, DTSTAMP, SEQUENCE, reproducibility -------------------------------------------


def test_uids_are_unique_and_the_same_in_every_export(run: Run, tmp_path: Path) -> None:
    variants: dict[str, Sequence[str]] = {
        "full": [],
        "ids": ["ws6"],
        "track": ["--track", "1"],
        "tokyo": ["--tz", "Asia/Tokyo"],
        "utc": ["--utc"],
        "breaks": ["--include-breaks"],
    }
    stamps: set[str] = set()
    sequences: set[str] = set()
    ws6_uids: set[str] = set()
    for label, args in variants.items():
        data = export(run, tmp_path, *args, name=f"{label}.ics")
        raw = raw_events(data)
        uids = [str(e["UID"]) for e in events(parse(data))]
        assert len(uids) == len(set(uids)), f"{label}: duplicate UIDs"
        assert set(uids) == set(raw)
        assert set(uids) <= set(sessions_by_uid(include_breaks=True))
        assert f"ws6.{UID_DOMAIN}" in uids, label
        ws6_uids.add(raw[f"ws6.{UID_DOMAIN}"]["UID"])
        stamps |= {lines["DTSTAMP"] for lines in raw.values()}
        sequences |= {lines["SEQUENCE"] for lines in raw.values()}
    assert ws6_uids == {f"UID:ws6.{UID_DOMAIN}"}
    assert stamps == {"DTSTAMP:20211004T000000Z"}
    assert len(sequences) == 1
    assert int(sequences.pop().split(":")[1]) >= 0


@pytest.mark.parametrize("args", [[], ["ws6", "--alarm", "15m"], ["--track", "2", "--utc"]])
def test_two_exports_of_the_same_selection_are_byte_identical(
    run: Run, tmp_path: Path, args: list[str]
) -> None:
    first = export(run, tmp_path, *args, name="first.ics")
    second = export(run, tmp_path, *args, name="second.ics")
    assert first == second
    streamed = run("export", *args, "-o", "-")
    assert streamed.exit_code == 0, streamed.stderr
    assert streamed.stdout_bytes == first


# ---- 5. serialisation ---------------------------------------------------------------------


def assert_well_formed_lines(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    assert re.search(rb"(?<!\r)\n", data) is None, "bare LF"
    assert re.search(rb"\r(?!\n)", data) is None, "bare CR"
    data.decode("utf-8")  # the whole file is UTF-8
    lines = data[: -len(b"\r\n")].split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert lines[-1] == b"END:VCALENDAR"
    for line in lines:
        assert len(line) <= 75, (len(line), line)
        line.decode("utf-8")  # folding never splits a multibyte character
        if not re.match(rb"^[A-Za-z0-9-]+[;:]", line):
            assert line.startswith(b" "), line
    assert any(line.startswith(b" ") for line in lines), "nothing was folded"


def test_bundled_export_lines_are_crlf_folded_and_short(run: Run, tmp_path: Path) -> None:
    data = export(run, tmp_path, "--include-breaks", "--alarm", "15m")
    assert_well_formed_lines(data)
    assert "–".encode() in data  # the programme's en dash and middle dot survive
    assert "·".encode() in data


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return {'"': '\\"', "\\": "\\\\", "\n": "\\n"}.get(char, f"\\u{ord(char):04x}")

    return '"' + re.sub(r'["\\\x00-\x1f\x7f-\x9f]', escape, text) + '"'


def programme_with(tmp_path: Path, title: str, description: str = "") -> Path:
    """MINIMAL_PROGRAMME with session a1's title and description replaced."""
    text = MINIMAL_PROGRAMME.replace(
        'title = "First"',
        f"title = {toml_string(title)}\ndescription = {toml_string(description)}",
    )
    return write_programme(tmp_path, text)


def export_programme(run: Run, tmp_path: Path, path: Path, *args: str) -> bytes:
    target = tmp_path / "custom.ics"
    result = run("--programme", str(path), "export", *args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target.read_bytes()


def test_multibyte_text_is_folded_between_characters(run: Run, tmp_path: Path) -> None:
    title = "Ünïcödé — " + "日本語のタイトル" * 12 + " 🐙" * 30 + " é" * 40
    description = "Ωμέγα " * 40 + "\n" + "🦑" * 50
    path = programme_with(tmp_path, title, description)
    data = export_programme(run, tmp_path, path, "a1")
    assert_well_formed_lines(data)
    (event,) = events(parse(data))
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]).startswith(description + "\n\n")


# ---- 6. text escaping ---------------------------------------------------------------------

TRICKY_TITLE = "Commas, semicolons; back\\slash \\n\nBEGIN:VEVENT\nEND:VCALENDAR"
TRICKY_DESCRIPTION = (
    "Line one, with a comma; and a semicolon\nBEGIN:VEVENT\nEND:VEVENT\nEND:VCALENDAR\n"
    "UID:injected@example.com\nC:\\path\\to\\file"
)


def test_special_characters_round_trip_and_cannot_inject_lines(run: Run, tmp_path: Path) -> None:
    path = programme_with(tmp_path, TRICKY_TITLE, TRICKY_DESCRIPTION)
    data = export_programme(run, tmp_path, path)
    calendar = parse(data)
    found = events(calendar)
    assert len(found) == 2
    by_uid = {str(e["UID"]): e for e in found}
    assert set(by_uid) == {"a1.test-conference@octopus-cli", "b1.test-conference@octopus-cli"}
    tricky = by_uid["a1.test-conference@octopus-cli"]
    assert str(tricky["SUMMARY"]) == TRICKY_TITLE
    assert str(tricky["DESCRIPTION"]).startswith(TRICKY_DESCRIPTION + "\n\n")
    assert str(by_uid["b1.test-conference@octopus-cli"]["SUMMARY"]) == "Second"

    raw_lines = data.split(b"\r\n")
    assert raw_lines.count(b"BEGIN:VEVENT") == 2
    assert raw_lines.count(b"END:VEVENT") == 2
    assert raw_lines.count(b"END:VCALENDAR") == 1
    assert sum(line.startswith(b"BEGIN:VEVENT") for line in raw_lines) == 2
    assert sum(line.startswith(b"UID:") for line in raw_lines) == 2
    assert_well_formed_lines(data)


def test_control_characters_are_not_written_raw(run: Run, tmp_path: Path) -> None:
    title = "\u001b[31mRed alert\u001b[0m bell\u0007 del\u007f c1\u009b"
    path = programme_with(tmp_path, title, "escape \u001b]0;pwned\u0007 done")
    data = export_programme(run, tmp_path, path)
    assert b"\x1b" not in data
    assert b"\x07" not in data
    assert b"\x7f" not in data
    assert "\u009b".encode() not in data
    assert re.search(rb"[\x00-\x09\x0b\x0c\x0e-\x1f]", data) is None
    summary = str(events(parse(data))[0]["SUMMARY"])
    assert "Red alert" in summary
    assert "[31m" in summary  # the printable rest of the text is kept


# ---- 7. calendar and event properties ------------------------------------------------------


def test_calendar_properties(run: Run, tmp_path: Path) -> None:
    calendar = parse(export(run, tmp_path))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).strip()
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["NAME"]) == "Octopus Conference 2021"
    assert str(calendar["X-WR-CALNAME"]) == "Octopus Conference 2021"


@pytest.mark.parametrize(
    ("args", "mention"), [(["--track", "2"], "track 2"), (["ws6", "ws8"], "ws6")]
)
def test_filtered_calendar_name_says_what_was_selected(
    run: Run, tmp_path: Path, args: list[str], mention: str
) -> None:
    calendar = parse(export(run, tmp_path, *args))
    for key in ("NAME", "X-WR-CALNAME"):
        name = str(calendar[key])
        assert name.startswith("Octopus Conference 2021")
        assert mention in name
        assert name != "Octopus Conference 2021"


def test_event_properties(run: Run, tmp_path: Path) -> None:
    calendar = parse(export(run, tmp_path, "--include-breaks"))
    expected = sessions_by_uid(include_breaks=True)
    found = events(calendar)
    assert len(found) == len(expected) == 25
    for event in found:
        session = expected[str(event["UID"])]
        assert str(event["SUMMARY"]) == session.display_title
        assert str(event["DESCRIPTION"]).strip()
        assert str(event["LOCATION"]) == "Online"
        categories = [str(c) for c in event["CATEGORIES"].cats]
        assert session.kind in categories
        assert set(session.tags) <= set(categories)
    ws6 = next(e for e in found if str(e["UID"]) == f"ws6.{UID_DOMAIN}")
    description = str(ws6["DESCRIPTION"])
    assert "In parallel" in description
    assert "WS 7" in description
    assert "Ransomware" in description


# ---- 8. alarms ----------------------------------------------------------------------------


def test_alarms_on_every_event(run: Run, tmp_path: Path) -> None:
    calendar = parse(export(run, tmp_path, "--alarm", "15m", "--alarm", "1h"))
    found = events(calendar)
    assert len(found) == 21
    for event in found:
        alarms = [c for c in event.subcomponents if c.name == "VALARM"]
        assert len(alarms) == 2
        triggers = sorted(a.decoded("TRIGGER") for a in alarms)
        assert triggers == [timedelta(hours=-1), timedelta(minutes=-15)]
        for alarm in alarms:
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert str(alarm["DESCRIPTION"]).strip()


def test_no_alarm_unless_asked(run: Run, tmp_path: Path) -> None:
    data = export(run, tmp_path)
    assert b"VALARM" not in data


@pytest.mark.parametrize("value", ["ten", "15x", "-15m"])
def test_bad_alarm_is_refused_and_nothing_written(run: Run, tmp_path: Path, value: str) -> None:
    directory = tmp_path / "out"
    directory.mkdir()
    result = run("export", "--alarm", value, "-o", str(directory / "octopus.ics"))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --alarm")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert list(directory.iterdir()) == []


# ---- 9. selection and where the output goes ------------------------------------------------


def test_one_session_by_id(run: Run, tmp_path: Path) -> None:
    result = run("export", "ws6", "-o", str(tmp_path / "ws6.ics"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"Wrote 1 session to {tmp_path / 'ws6.ics'}" in result.stderr
    found = events(parse((tmp_path / "ws6.ics").read_bytes()))
    assert [str(e["UID"]) for e in found] == [f"ws6.{UID_DOMAIN}"]


def test_breaks_only_with_include_breaks(run: Run, tmp_path: Path) -> None:
    breaks = {f"break{n}.{UID_DOMAIN}" for n in range(1, 5)}
    without = {str(e["UID"]) for e in events(parse(export(run, tmp_path, name="a.ics")))}
    with_breaks = {
        str(e["UID"])
        for e in events(parse(export(run, tmp_path, "--include-breaks", name="b.ics")))
    }
    assert not without & breaks
    assert breaks <= with_breaks
    assert with_breaks - without == breaks


def test_dash_writes_the_calendar_to_stdout(run: Run, tmp_path: Path) -> None:
    result = run("export", "ws6", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    assert len(events(parse(result.stdout_bytes))) == 1
    assert "Wrote" not in result.stderr
    assert result.stderr == ""
    assert not (tmp_path / "-").exists()
    assert not Path("-").exists()


def test_file_output_reports_on_stderr_only(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "octopus.ics"
    result = run("export", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"Wrote 21 sessions to {target}")
    assert len(events(parse(target.read_bytes()))) == 21


def test_export_without_output_is_refused(run: Run) -> None:
    result = run("export")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")
    assert "-o" in result.stderr
    assert result.stdout == ""


# ---- 10. atomic writes --------------------------------------------------------------------


def test_existing_file_is_replaced_and_keeps_its_permissions(run: Run, tmp_path: Path) -> None:
    directory = tmp_path / "out"
    directory.mkdir()
    target = directory / "octopus.ics"
    target.write_text("old content that is much longer than nothing\n" * 1000)
    target.chmod(0o640)
    result = run("export", "ws6", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR")
    assert b"old content" not in data
    assert len(events(parse(data))) == 1
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in directory.iterdir()] == ["octopus.ics"]


def test_a_symbolic_link_is_written_through_and_kept(run: Run, tmp_path: Path) -> None:
    (tmp_path / "calendars").mkdir()
    real = tmp_path / "calendars" / "octopus.ics"
    real.write_text("old\n")
    link = tmp_path / "octopus.ics"
    link.symlink_to(real)
    result = run("export", "ws6", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_is_written_to_not_replaced(run: Run, tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "calendar.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    # A daemon: if the pipe were replaced by a file, the reader would wait for ever.
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("export", "ws6", "-o", str(fifo))
    reader.join(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert fifo.is_fifo()
    assert received and received[0].startswith(b"BEGIN:VCALENDAR")


def _fail(*args: Any, **kwargs: Any) -> NoReturn:
    raise OSError(errno.ENOSPC, "No space left on device")


FAILURES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "fsync": lambda mp: mp.setattr(octopus_cli.store.fileio.os, "fsync", _fail),
    "os.replace": lambda mp: mp.setattr(octopus_cli.store.fileio.os, "replace", _fail),
    "Path.replace": lambda mp: mp.setattr(octopus_cli.store.fileio.Path, "replace", _fail),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    directory = tmp_path / "out"
    directory.mkdir()
    target = directory / "octopus.ics"
    target.write_bytes(b"previous calendar\r\n")
    FAILURES[failure](monkeypatch)
    result = run("export", "-o", str(target))
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot write")
    assert str(target) in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == b"previous calendar\r\n"
    assert [p.name for p in directory.iterdir()] == ["octopus.ics"]


def test_failed_write_of_a_new_file_leaves_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "out"
    directory.mkdir()
    monkeypatch.setattr(octopus_cli.store.fileio.os, "fsync", _fail)
    result = run("export", "-o", str(directory / "new.ics"))
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot write")
    assert list(directory.iterdir()) == []


# ---- 11. the format follows the extension ------------------------------------------------


@pytest.mark.parametrize("selection", [[], ["--track", "2"], ["ws6", "ws7"]])
def test_json_export_equals_list_json(run: Run, tmp_path: Path, selection: list[str]) -> None:
    exported = json.loads(export(run, tmp_path, *selection, name="x.json"))
    listed = run("list", *selection, "--format", "json", "--no-breaks")
    assert listed.exit_code == 0, listed.stderr
    assert exported == json.loads(listed.stdout)
    assert exported["sessions"]


def test_csv_export(run: Run, tmp_path: Path) -> None:
    text = export(run, tmp_path, "--track", "2", name="x.csv").decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = [s for s in programme().sessions if s.track == 2 and not s.is_break]
    assert [row["id"] for row in rows] == [s.id for s in expected]
    for row, session in zip(rows, expected, strict=True):
        assert datetime.fromisoformat(row["start"]) == session.start
    listed = run("list", "--track", "2", "--format", "csv", "--no-breaks")
    assert listed.exit_code == 0, listed.stderr
    assert list(csv.reader(io.StringIO(text))) == list(csv.reader(io.StringIO(listed.stdout)))


def test_xml_export(run: Run, tmp_path: Path) -> None:
    root = ET.fromstring(export(run, tmp_path, name="x.xml"))
    assert root.tag == "schedule"
    assert len(root.findall(".//event")) == 21


@pytest.mark.parametrize("name", ["x.txt", "x.json", "x"])
def test_format_option_beats_the_extension(run: Run, tmp_path: Path, name: str) -> None:
    data = export(run, tmp_path, "--format", "ics", name=name)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert len(events(parse(data))) == 21


def test_no_extension_is_ics_and_an_unknown_one_needs_format(run: Run, tmp_path: Path) -> None:
    assert export(run, tmp_path, name="calendar").startswith(b"BEGIN:VCALENDAR\r\n")
    refused = run("export", "-o", str(tmp_path / "calendar.txt"))
    assert refused.exit_code == 2
    assert "'.txt' is not a format octopus writes here" in refused.stderr
    assert not (tmp_path / "calendar.txt").exists()
    data = export(run, tmp_path, "--format", "ics", name="calendar.txt")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")


# ---- 12. as clients read it: the organiser, free/busy (issue 16) --------------------------

ORGANIZER_LINE = 'ORGANIZER;CN="Cybercrime Division":mailto:cybercrime@coe.int'


def test_every_event_names_the_organiser_a_publish_requires(run: Run, tmp_path: Path) -> None:
    """RFC 5546 3.2.1: in a METHOD:PUBLISH calendar every VEVENT has an ORGANIZER (libical's
    check_restrictions flagged the file without one). The programme gives the Council of
    Europe's Cybercrime Division and its address."""
    data = export(run, tmp_path, "--include-breaks")
    calendar = parse(data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    found = events(calendar)
    assert len(found) == 25
    for event in found:
        assert str(event["ORGANIZER"]) == "mailto:cybercrime@coe.int"
        assert event["ORGANIZER"].params["CN"] == "Cybercrime Division"
    for lines in raw_events(data).values():
        assert lines["ORGANIZER"] == ORGANIZER_LINE


ORGANISER_TABLE = """
[conference.organiser]
name = {name}
email = {email}
"""


@pytest.mark.parametrize(
    "email",
    [None, "not an address", "cyber crime@coe.int"],
    ids=["none", "words", "space"],
)
def test_without_an_organiser_address_the_file_is_a_plain_calendar(
    run: Run, tmp_path: Path, email: str | None
) -> None:
    text = MINIMAL_PROGRAMME
    if email is not None:
        table = ORGANISER_TABLE.format(name=toml_string("Someone"), email=toml_string(email))
        text = text.replace("\n[[sessions]]", table + "\n[[sessions]]", 1)
    data = export_programme(run, tmp_path, write_programme(tmp_path, text))
    lines = unfold(data)
    assert not [line for line in lines if line.startswith(("METHOD", "ORGANIZER"))]
    assert len(events(parse(data))) == 2


@pytest.mark.parametrize(
    "name",
    [
        'Division "Cyber", Council of Europe; Strasbourg: 67075',
        "Caret ^ and a\nline break, and l'apostrophe",
        "Bidi \u202eevil\u202c and bell \u0007",
        "Plain",
    ],
    ids=["quotes-commas", "caret-newline", "controls", "plain"],
)
def test_the_organiser_name_is_quoted_and_escaped_and_stays_in_its_property(
    run: Run, tmp_path: Path, name: str
) -> None:
    table = ORGANISER_TABLE.format(name=toml_string(name), email=toml_string("team@example.org"))
    text = MINIMAL_PROGRAMME.replace("\n[[sessions]]", table + "\n[[sessions]]", 1)
    data = export_programme(run, tmp_path, write_programme(tmp_path, text))
    assert re.search(rb"\r(?!\n)|(?<!\r)\n", data) is None, "a bare CR or LF"
    calendar = parse(data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    for event in events(calendar):
        assert str(event["ORGANIZER"]) == "mailto:team@example.org"
        cn = event["ORGANIZER"].params["CN"]
        assert cn.replace("\ufffd", "") == name.replace("\u0007", "")
    lines = unfold(data)
    assert sum(line.startswith("ORGANIZER;") for line in lines) == 2
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 2


def test_breaks_leave_the_attendee_free(run: Run, tmp_path: Path) -> None:
    """TRANSP:TRANSPARENT: a break does not block free/busy time; sessions do (OPAQUE is the
    default, RFC 5545 3.8.2.7)."""
    calendar = parse(export(run, tmp_path, "--include-breaks"))
    expected = sessions_by_uid(include_breaks=True)
    breaks = 0
    for event in events(calendar):
        session = expected[str(event["UID"])]
        if session.is_break:
            breaks += 1
            assert str(event["TRANSP"]) == "TRANSPARENT"
        else:
            assert str(event.get("TRANSP", "OPAQUE")) == "OPAQUE"
    assert breaks == 4


# ---- 13. bounded, whatever the programme (issue 15, items 19 and 20) -----------------------


def parallel_programme(count: int, title_length: int = 0) -> str:
    lines = [
        "[conference]",
        'name = "Parallel"',
        'timezone = "Europe/Paris"',
        "start_date = 2021-11-16",
        "end_date = 2021-11-16",
    ]
    for number in range(count):
        lines += [
            "[[sessions]]",
            f'id = "s{number}"',
            f'title = "Session {number} {"x" * title_length}"',
            'kind = "workshop"',
            f"track = {number + 1}",
            "start = 2021-11-16T09:00:00",
            "end = 2021-11-16T10:00:00",
        ]
    return "\n".join(lines) + "\n"


def parallel_part(description: str) -> list[str]:
    return description.split("In parallel:\n", 1)[1].split("\n\n", 1)[0].split("\n")


def test_what_runs_in_parallel_lists_ten_then_counts_the_rest(run: Run, tmp_path: Path) -> None:
    path = write_programme(tmp_path, parallel_programme(30))
    calendar = parse(export_programme(run, tmp_path, path))
    for event in events(calendar):
        own = str(event["SUMMARY"])
        others = [f"- Session {n} " for n in range(30) if f"Session {n} " != own]
        assert parallel_part(str(event["DESCRIPTION"])) == [*others[:10], "… and 19 more"]


def export_in_a_process(tmp_path: Path, programme: Path, target: Path) -> None:
    """`octopus --programme P export -o TARGET` in its own process, stopped if it takes more
    than ten times what it needs (it used to take a minute and gigabytes)."""
    environment = {**os.environ, "OCTOPUS_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "octopus_cli", "--programme", str(programme)]
    result = subprocess.run(
        [*command, "export", "-o", str(target)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=20,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_thousand_parallel_sessions_make_a_file_the_size_of_the_programme(
    tmp_path: Path,
) -> None:
    """It was 628 MB: every event listed the 999 others."""
    path = write_programme(tmp_path, parallel_programme(1000, title_length=300))
    target = tmp_path / "parallel.ics"
    export_in_a_process(tmp_path, path, target)
    data = target.read_bytes()
    assert len(data) < 8_000_000
    found = events(parse(data))
    assert len(found) == 1000
    for event in found:
        listed = parallel_part(str(event["DESCRIPTION"]))
        assert len(listed) == 11
        assert listed[-1] == "… and 989 more"


LONG_SESSIONS = """\
[conference]
name = "Long"
timezone = "{zone}"
start_date = 1900-01-01
end_date = 2999-12-31
"""


@pytest.mark.parametrize("zone_name", ["Europe/Paris", "America/Santiago", "Africa/Casablanca"])
def test_sessions_over_a_millennium_keep_their_instants_in_the_files_own_zone(
    tmp_path: Path, zone_name: str
) -> None:
    """50 sessions from 1900 to 2999: the VTIMEZONE describes the years the events fall in
    (not every day of eleven centuries), and read with that VTIMEZONE alone every event is
    at its instant."""
    text = LONG_SESSIONS.format(zone=zone_name)
    for number in range(50):
        text += (
            f'\n[[sessions]]\nid = "s{number}"\ntitle = "Long {number}"\nkind = "workshop"\n'
            f"track = {number + 1}\nstart = {1900 + 20 * number}-07-01T09:00:00\n"
            f"end = 2999-12-31T10:00:00\n"
        )
    path = write_programme(tmp_path, text)
    target = tmp_path / "long.ics"
    export_in_a_process(tmp_path, path, target)
    data = target.read_bytes()
    assert len(data) < 200_000
    calendar = parse(data)
    own = file_tz(vtimezones(calendar)[zone_name])
    loaded = load_programme(path)
    by_uid = {event_uid(loaded, session): session for session in loaded.sessions}
    for event in events(calendar):
        session = by_uid[str(event["UID"])]
        for key, instant in (("DTSTART", session.start), ("DTEND", session.end)):
            wall = event.decoded(key).replace(tzinfo=None)
            assert wall.replace(tzinfo=own) == instant, (session.id, key)


@pytest.mark.parametrize("year", [2600, 2999, 9998])
def test_zone_rules_found_for_far_years_are_zoneinfos_in_every_zone(year: int) -> None:
    """Years from 2600 on take the changes of the same year in the first 400-year cycle
    from 2200 (the calendar repeats). Checked against zoneinfo itself, day by day."""
    start = datetime(year, 1, 1, tzinfo=UTC)
    for name in sorted(available_timezones()):
        zone = ZoneInfo(name)
        changes = transitions(zone, year, year)
        for change in changes:
            assert (change.at - timedelta(seconds=1)).astimezone(zone).utcoffset() == (
                change.offset_from
            ), name
            assert change.at.astimezone(zone).utcoffset() == change.offset_to, name
        offsets = [(start + timedelta(days=n)).astimezone(zone).utcoffset() for n in range(366)]
        flips = sum(a != b for a, b in itertools.pairwise(offsets))
        assert flips == len(changes), name


def make_session(number: int, start: int, length: int) -> Session:
    moment = datetime(2021, 11, 16, 9, tzinfo=UTC) + timedelta(minutes=15 * start)
    return Session(
        id=f"s{number}",
        title=f"S{number}",
        kind=Kind.WORKSHOP,
        start=moment,
        end=moment + timedelta(minutes=15 * length),
    )


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(st.integers(0, 12), st.integers(0, 6)), max_size=40),
    st.integers(0, 12),
)
def test_the_bounded_parallel_list_is_the_start_of_the_full_one(
    shapes: list[tuple[int, int]], limit: int
) -> None:
    """Against `core.overlaps.parallel_index` (all pairs): the same first sessions, in the
    same order, and the same count, with ties, zero-length sessions and nesting."""
    sessions = sorted(
        (make_session(number, start, length) for number, (start, length) in enumerate(shapes)),
        key=lambda session: session.start,
    )
    full = parallel_index(sessions)
    bounded = parallel_summary(sessions, limit)
    for index in range(len(sessions)):
        assert bounded[index].first == full[index][:limit]
        assert bounded[index].total == len(full[index])
