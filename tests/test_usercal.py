"""The user's own calendar as busy time (octopus_cli.sources.usercal).

The samples in tests/calendars/ are hand-written in the shapes Google Calendar, Outlook
and Apple Calendar export; every expectation is an exact UTC interval around the
conference (16-18 November 2021; CET = UTC+1, New York = UTC-5 that week)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from octopus_cli.core.errors import ExitStatus, InputError
from octopus_cli.sources import usercal
from octopus_cli.sources.usercal import Busy, CalendarError, parse_busy, read_busy

SAMPLES = Path(__file__).parent / "calendars"
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
WINDOW = (datetime(2021, 11, 16, tzinfo=PARIS), datetime(2021, 11, 19, tzinfo=PARIS))

Span = tuple[str, str, str]


def spans(found: list[Busy]) -> list[Span]:
    """(start, end, summary) with UTC times, in the order returned."""

    def utc(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%MZ")

    return [(utc(busy.start), utc(busy.end), busy.summary) for busy in found]


def calendar(*lines: str) -> str:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//octopus tests//EN", *lines]
    return "\r\n".join([*body, "END:VCALENDAR", ""])


def event(*lines: str, uid: str | None = "abc", summary: str | None = "Team sync") -> list[str]:
    head = ["BEGIN:VEVENT"]
    head += [f"UID:{uid}"] if uid is not None else []
    head += [f"SUMMARY:{summary}"] if summary is not None else []
    return [*head, "DTSTAMP:20211110T120000Z", *lines, "END:VEVENT"]


def busy(text: str | bytes, zone: ZoneInfo = PARIS, **options: bool) -> list[Span]:
    return spans(parse_busy(text, "work.ics", zone, WINDOW, **options))


def failure(text: str | bytes, **options: bool) -> CalendarError:
    with pytest.raises(CalendarError) as caught:
        parse_busy(text, "work.ics", PARIS, WINDOW, **options)
    return caught.value


def vtimezone(tzid: str, offset: str) -> list[str]:
    """A zone without daylight saving time, as Outlook writes it."""
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        "DTSTART:16010101T000000",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


# --- Real-world exports ----------------------------------------------------------------


def test_google_export() -> None:
    """Weekly TU/WE/TH 09:30 Paris since September (CEST): the Tuesday is moved by a
    RECURRENCE-ID override, the Wednesday removed by EXDATE, the Thursday stays at 09:30
    CET; a UTC event; the all-day events are not busy by default; Saturday is outside."""
    found = read_busy(SAMPLES / "google.ics", PARIS, WINDOW)
    assert spans(found) == [
        ("2021-11-16 10:00Z", "2021-11-16 10:30Z", "Team stand-up (moved)"),
        ("2021-11-16 15:00Z", "2021-11-16 16:00Z", "Call with the Accra team"),
        ("2021-11-18 08:30Z", "2021-11-18 09:00Z", "Team stand-up"),
    ]
    assert [b.uid for b in found] == [
        "5kq3v0t2h1b7n8d6m4c2a0s9e8@google.com",
        "2b8f6c1e9d4a@google.com",
        "5kq3v0t2h1b7n8d6m4c2a0s9e8@google.com",
    ]


def test_google_export_with_all_day_events_busy() -> None:
    """The opaque two-day event is busy from local midnight to local midnight; the
    transparent birthday never is."""
    found = read_busy(SAMPLES / "google.ics", PARIS, WINDOW, all_day_busy=True)
    assert spans(found) == [
        ("2021-11-16 10:00Z", "2021-11-16 10:30Z", "Team stand-up (moved)"),
        ("2021-11-16 15:00Z", "2021-11-16 16:00Z", "Call with the Accra team"),
        ("2021-11-16 23:00Z", "2021-11-18 23:00Z", "Travel to Strasbourg"),
        ("2021-11-18 08:30Z", "2021-11-18 09:00Z", "Team stand-up"),
    ]
    in_new_york = read_busy(SAMPLES / "google.ics", NEW_YORK, WINDOW, all_day_busy=True)
    assert ("2021-11-17 05:00Z", "2021-11-19 05:00Z", "Travel to Strasbourg") in spans(in_new_york)


def test_outlook_export() -> None:
    """Windows zone names ("W. Europe Standard Time", "Romance Standard Time"), a
    "Customized Time Zone" only its VTIMEZONE defines (+03:00), a weekly rule with UNTIL
    in UTC; the TRANSP:TRANSPARENT/FREE and the cancelled events are not busy."""
    found = read_busy(SAMPLES / "outlook.ics", PARIS, WINDOW)
    assert spans(found) == [
        ("2021-11-16 11:00Z", "2021-11-16 12:00Z", "Lunch with Ana"),
        ("2021-11-17 09:00Z", "2021-11-17 10:00Z", "Budget review"),
        ("2021-11-17 12:00Z", "2021-11-17 13:00Z", "Call with the Nairobi office"),
        ("2021-11-18 08:00Z", "2021-11-18 08:30Z", "Point hebdo avec Marc"),
    ]
    # The folded UID is read whole.
    assert found[1].uid == (
        "040000008200E00074C5B7101A82E0080000000010D2B9A1C5C5D70100000000000000"
        "0010000000A7A5F8B0B9C5A34F8D2D0E0D6C1D0B6A"
    )


def test_outlook_export_with_all_day_events_busy() -> None:
    found = read_busy(SAMPLES / "outlook.ics", PARIS, WINDOW, all_day_busy=True)
    assert spans(found)[0] == ("2021-11-15 23:00Z", "2021-11-16 23:00Z", "Out of office")
    assert len(found) == 5


def test_apple_export() -> None:
    """America/New_York with its VTIMEZONE, a floating event (in the display zone), a
    DURATION, an RDATE; the transparent all-day event and the VTODO are not busy."""
    found = read_busy(SAMPLES / "apple.ics", PARIS, WINDOW, all_day_busy=True)
    assert spans(found) == [
        ("2021-11-16 13:00Z", "2021-11-16 14:00Z", "Dentist"),
        ("2021-11-17 06:00Z", "2021-11-17 07:00Z", "Yoga"),
        ("2021-11-18 00:00Z", "2021-11-18 01:30Z", "Book club"),
        ("2021-11-18 17:30Z", "2021-11-18 18:15Z", "Physio"),
    ]


def test_floating_times_follow_the_display_zone() -> None:
    found = read_busy(SAMPLES / "apple.ics", NEW_YORK, WINDOW)
    assert ("2021-11-17 12:00Z", "2021-11-17 13:00Z", "Yoga") in spans(found)
    assert ("2021-11-16 13:00Z", "2021-11-16 14:00Z", "Dentist") in spans(found)


def test_busy_intervals_are_aware_in_the_display_zone_and_name_the_source() -> None:
    found = read_busy(Path("tests/calendars/apple.ics"), NEW_YORK, WINDOW)
    assert all(b.start.tzinfo is NEW_YORK and b.end.tzinfo is NEW_YORK for b in found)
    assert all(b.end > b.start for b in found)
    assert {b.source for b in found} == {"tests/calendars/apple.ics"}
    assert [b.start for b in found] == sorted(b.start for b in found)
    assert found[0].start == datetime(2021, 11, 16, 8, 0, tzinfo=NEW_YORK)


# --- Time zones ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tzid",
    [
        "Europe/Paris",
        "europe/paris",  # icalendar alone leaves this floating
        '"W. Europe Standard Time"',  # Windows names, mapped by icalendar's table
        "Romance Standard Time",
        "/freeassociation.sourceforge.net/Tzfile/Europe/Paris",  # Evolution, Lightning
    ],
)
def test_tzid_without_vtimezone(tzid: str) -> None:
    text = calendar(
        *event(f"DTSTART;TZID={tzid}:20211117T100000", f"DTEND;TZID={tzid}:20211117T110000")
    )
    assert busy(text) == [("2021-11-17 09:00Z", "2021-11-17 10:00Z", "Team sync")]


def test_tzid_defined_by_a_vtimezone_in_the_file() -> None:
    tzid = f"Custom {uuid.uuid4()}"
    text = calendar(
        *vtimezone(tzid, "+0500"),
        *event(f'DTSTART;TZID="{tzid}":20211117T100000', f'DTEND;TZID="{tzid}":20211117T110000'),
    )
    assert busy(text) == [("2021-11-17 05:00Z", "2021-11-17 06:00Z", "Team sync")]


def test_the_files_vtimezone_wins_over_iana_and_windows_names() -> None:
    """RFC 5545 §3.2.19: a TZID names the file's VTIMEZONE; the IANA and Windows names
    are only fallbacks for TZIDs the file does not define."""
    text = calendar(
        *vtimezone("W. Europe Standard Time", "+0500"),
        *event(
            'DTSTART;TZID="W. Europe Standard Time":20211117T100000',
            'DTEND;TZID="W. Europe Standard Time":20211117T110000',
        ),
    )
    assert busy(text) == [("2021-11-17 05:00Z", "2021-11-17 06:00Z", "Team sync")]


def test_vtimezone_after_the_events_that_use_it() -> None:
    tzid = f"Later {uuid.uuid4()}"
    text = calendar(
        *event(f"DTSTART;TZID={tzid}:20211117T100000", f"DTEND;TZID={tzid}:20211117T110000"),
        *vtimezone(tzid, "-0300"),
    )
    assert busy(text) == [("2021-11-17 13:00Z", "2021-11-17 14:00Z", "Team sync")]


def test_each_file_uses_its_own_definition_of_a_custom_tzid() -> None:
    """icalendar caches VTIMEZONEs for the whole process, first definition winning; here
    every file gets its own, and a file without the VTIMEZONE does not borrow one."""
    tzid = f"Office {uuid.uuid4()}"
    uses = event(f"DTSTART;TZID={tzid}:20211117T100000", f"DTEND;TZID={tzid}:20211117T110000")
    assert busy(calendar(*vtimezone(tzid, "+0500"), *uses)) == [
        ("2021-11-17 05:00Z", "2021-11-17 06:00Z", "Team sync")
    ]
    assert busy(calendar(*vtimezone(tzid, "+0300"), *uses)) == [
        ("2021-11-17 07:00Z", "2021-11-17 08:00Z", "Team sync")
    ]
    error = failure(calendar(*uses))
    assert f"unknown time zone '{tzid}' (TZID)" in error.message


def test_unknown_tzid_is_an_error_naming_it() -> None:
    text = calendar(
        *event(
            "DTSTART;TZID=Mars/Olympus_Mons:20211117T100000",
            "DTEND;TZID=Mars/Olympus_Mons:20211117T110000",
        )
    )
    error = failure(text)
    assert error.message == (
        "calendar work.ics: event 'Team sync' (uid abc, line 4): "
        "unknown time zone 'Mars/Olympus_Mons' (TZID)"
    )
    assert error.hint is not None and "VTIMEZONE" in error.hint


def test_icalendar_tzid_behaviour_this_module_works_around() -> None:
    """What icalendar 7.3 itself does with TZIDs at parse time (why usercal resolves
    them itself): IANA and Windows names become ZoneInfo; a VTIMEZONE is cached for the
    whole process and found again by a file without it; an unknown TZID leaves a naive
    (floating) datetime without any error."""
    from icalendar import Calendar

    def start(text: str) -> datetime:
        value = Calendar.from_ical(text).events[0].get("DTSTART").dt
        assert isinstance(value, datetime)
        return value

    windows = event('DTSTART;TZID="W. Europe Standard Time":20211117T100000')
    assert start(calendar(*windows)).tzinfo == ZoneInfo("Europe/Berlin")
    assert start(calendar(*event("DTSTART;TZID=Nowhere/Zone:20211117T100000"))).tzinfo is None
    tzid = f"Cached {uuid.uuid4()}"
    uses = event(f"DTSTART;TZID={tzid}:20211117T100000")
    start(calendar(*vtimezone(tzid, "+0500"), *uses))
    leaked = start(calendar(*uses))  # no VTIMEZONE in this one
    assert leaked.utcoffset() is not None and leaked.utcoffset().total_seconds() == 5 * 3600


# --- Recurrence ------------------------------------------------------------------------


def test_weekly_rule_keeps_its_wall_clock_across_the_clock_change() -> None:
    # 09:00 CEST (07:00Z) on 5 October; 09:00 CET (08:00Z) on 16 November.
    text = calendar(
        *event(
            "DTSTART;TZID=Europe/Paris:20211005T090000",
            "DTEND;TZID=Europe/Paris:20211005T100000",
            "RRULE:FREQ=WEEKLY",
        )
    )
    assert busy(text) == [("2021-11-16 08:00Z", "2021-11-16 09:00Z", "Team sync")]


def test_until_in_utc_with_a_zoned_start() -> None:
    text = calendar(
        *event(
            "DTSTART;TZID=Europe/Paris:20211101T090000",
            "DTEND;TZID=Europe/Paris:20211101T093000",
            "RRULE:FREQ=DAILY;UNTIL=20211117T080000Z",  # the 17th at 09:00 CET, included
        )
    )
    assert busy(text) == [
        ("2021-11-16 08:00Z", "2021-11-16 08:30Z", "Team sync"),
        ("2021-11-17 08:00Z", "2021-11-17 08:30Z", "Team sync"),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;UNTIL=20211117",  # a date
        "FREQ=DAILY;UNTIL=20211117T090000",  # floating, as some producers write it
        "FREQ=DAILY;COUNT=17",
        "FREQ=DAILY;INTERVAL=1;UNTIL=20211117T235959Z",
    ],
)
def test_rule_ends(rule: str) -> None:
    text = calendar(
        *event(
            "DTSTART;TZID=Europe/Paris:20211101T090000",
            "DTEND;TZID=Europe/Paris:20211101T093000",
            f"RRULE:{rule}",
        )
    )
    assert busy(text) == [
        ("2021-11-16 08:00Z", "2021-11-16 08:30Z", "Team sync"),
        ("2021-11-17 08:00Z", "2021-11-17 08:30Z", "Team sync"),
    ]


def test_endless_rules_from_long_ago_are_expanded_only_around_the_window() -> None:
    text = calendar(
        *event("DTSTART:19700101T120000Z", "DTEND:19700101T121500Z", "RRULE:FREQ=DAILY"),
        *event(
            "DTSTART:20000101T000000Z",
            "DURATION:PT5M",
            "RRULE:FREQ=MINUTELY;INTERVAL=30",
            uid="m",
            summary="Pulse",
        ),
    )
    found = busy(text)
    assert [s for s in found if s[2] == "Team sync"] == [
        ("2021-11-16 12:00Z", "2021-11-16 12:15Z", "Team sync"),
        ("2021-11-17 12:00Z", "2021-11-17 12:15Z", "Team sync"),
        ("2021-11-18 12:00Z", "2021-11-18 12:15Z", "Team sync"),
    ]
    pulses = [s for s in found if s[2] == "Pulse"]
    assert len(pulses) == 3 * 48  # every half hour from 15 Nov 23:00Z to 18 Nov 23:00Z
    assert pulses[0][0] == "2021-11-15 23:00Z" and pulses[-1][0] == "2021-11-18 22:30Z"


def test_exdate_rdate_and_periods() -> None:
    text = calendar(
        *event(
            "DTSTART;TZID=Europe/Paris:20211115T140000",
            "DTEND;TZID=Europe/Paris:20211115T150000",
            "RRULE:FREQ=DAILY;COUNT=3",  # 15, 16, 17
            "EXDATE:20211116T130000Z",  # the 16th, written in UTC
            "RDATE;VALUE=PERIOD:20211118T060000Z/PT2H",
        )
    )
    assert busy(text) == [
        ("2021-11-17 13:00Z", "2021-11-17 14:00Z", "Team sync"),
        ("2021-11-18 06:00Z", "2021-11-18 08:00Z", "Team sync"),
    ]


def test_overrides_move_and_cancel_occurrences() -> None:
    master = event(
        "DTSTART;TZID=Europe/Paris:20211108T100000",
        "DTEND;TZID=Europe/Paris:20211108T110000",
        "RRULE:FREQ=DAILY",
        uid="series",
    )
    moved_away = event(  # the 16th moved to the 25th: gone from the window
        "RECURRENCE-ID;TZID=Europe/Paris:20211116T100000",
        "DTSTART;TZID=Europe/Paris:20211125T100000",
        "DTEND;TZID=Europe/Paris:20211125T110000",
        uid="series",
    )
    moved_in = event(  # the 22nd moved into the window, on the 18th in the evening
        "RECURRENCE-ID:20211122T090000Z",
        "DTSTART;TZID=Europe/Paris:20211118T180000",
        "DTEND;TZID=Europe/Paris:20211118T190000",
        uid="series",
        summary="Team sync (evening)",
    )
    cancelled = event(
        "RECURRENCE-ID;TZID=Europe/Paris:20211117T100000",
        "DTSTART;TZID=Europe/Paris:20211117T100000",
        "DTEND;TZID=Europe/Paris:20211117T110000",
        "STATUS:CANCELLED",
        uid="series",
    )
    assert busy(calendar(*moved_away, *master, *moved_in, *cancelled)) == [
        ("2021-11-18 09:00Z", "2021-11-18 10:00Z", "Team sync"),
        ("2021-11-18 17:00Z", "2021-11-18 18:00Z", "Team sync (evening)"),
    ]


def test_recurring_all_day_event() -> None:
    text = calendar(
        *event(
            "DTSTART;VALUE=DATE:20191117",
            "RRULE:FREQ=YEARLY",
            "TRANSP:OPAQUE",
            summary="Anniversary",
        )
    )
    assert busy(text) == []
    assert busy(text, all_day_busy=True) == [
        ("2021-11-16 23:00Z", "2021-11-17 23:00Z", "Anniversary")
    ]


# --- Lengths, status and components ---------------------------------------------------


def test_lengths() -> None:
    text = calendar(
        *event("DTSTART:20211116T080000Z", "DURATION:PT45M", uid="d", summary="Duration"),
        *event("DTSTART:20211116T090000Z", uid="z", summary="No end"),  # lasts 0: not busy
        *event("DTSTART:20211116T100000Z", "DTEND:20211116T100000Z", uid="e", summary="Zero"),
        *event("DTSTART;VALUE=DATE:20211118", uid="a", summary="All day, no end"),
        *event("DTSTART;VALUE=DATE:20211117", "DURATION:P1D", uid="b", summary="All day, P1D"),
        *event("DTSTART:20211110T000000Z", "DTEND:20211130T000000Z", uid="w", summary="Whole"),
    )
    assert busy(text, all_day_busy=True) == [
        ("2021-11-10 00:00Z", "2021-11-30 00:00Z", "Whole"),
        ("2021-11-16 08:00Z", "2021-11-16 08:45Z", "Duration"),
        ("2021-11-16 23:00Z", "2021-11-17 23:00Z", "All day, P1D"),
        ("2021-11-17 23:00Z", "2021-11-18 23:00Z", "All day, no end"),
    ]


def test_window_edges() -> None:
    text = calendar(
        # Ends when the window opens (16 Nov 00:00 CET = 15 Nov 23:00Z): no overlap.
        *event("DTSTART:20211115T220000Z", "DTEND:20211115T230000Z", uid="1", summary="Before"),
        *event("DTSTART:20211115T223000Z", "DTEND:20211115T233000Z", uid="2", summary="Across"),
        *event("DTSTART:20211118T230000Z", "DTEND:20211119T000000Z", uid="3", summary="After"),
    )
    assert busy(text) == [("2021-11-15 22:30Z", "2021-11-15 23:30Z", "Across")]


def test_statuses_and_other_components_are_not_busy() -> None:
    times = ["DTSTART:20211116T100000Z", "DTEND:20211116T110000Z"]
    text = calendar(
        *event(*times, "STATUS:CANCELLED", uid="1"),
        *event(*times, "TRANSP:TRANSPARENT", uid="2"),
        *event(*times, "X-MICROSOFT-CDO-BUSYSTATUS:FREE", uid="3"),
        *event(*times, "STATUS:TENTATIVE", uid="4", summary="Maybe"),
        "BEGIN:VTODO",
        "UID:todo",
        *times,
        "END:VTODO",
        "BEGIN:VJOURNAL",
        "UID:journal",
        "DTSTART:20211116T100000Z",
        "END:VJOURNAL",
        "BEGIN:VFREEBUSY",
        "UID:fb",
        "FREEBUSY:20211116T100000Z/PT8H",
        "END:VFREEBUSY",
    )
    assert busy(text) == [("2021-11-16 10:00Z", "2021-11-16 11:00Z", "Maybe")]


def test_summary_is_unescaped_and_may_be_missing() -> None:
    times = ["DTSTART:20211116T100000Z", "DTEND:20211116T110000Z"]
    text = calendar(
        *event(*times, summary=r"Budget\, Q4\; draft\nv2 \x1b[31m"),
        *event(*times, uid="2", summary=None),
    )
    found = parse_busy(text, "work.ics", PARIS, WINDOW)
    assert sorted(b.summary for b in found) == ["", "Budget, Q4; draft\nv2 \\x1b[31m"]
    assert {b.uid for b in found} == {"abc", "2"}


def test_events_far_from_the_window_are_not_checked() -> None:
    """Only events that may touch the window are parsed: a broken event from 2015 does
    not stop the check, the same event in the window does."""
    broken = ["DTSTART:20150117T110000Z", "DTEND:20150117T100000Z"]
    assert busy(calendar(*event(*broken))) == []
    in_window = [line.replace("2015", "2021").replace("0117", "1117") for line in broken]
    assert "is before start" in failure(calendar(*event(*in_window))).message


def test_hundred_thousand_events() -> None:
    """A large export goes through the scan; icalendar parses only the events near the
    window (on its own it takes about 37 s for these). No timing here: see the report."""
    first = datetime(2016, 1, 1, tzinfo=UTC)
    lines: list[str] = []
    for number in range(100_000):  # one an hour, 2016 to 2027
        when = first + timedelta(hours=number)
        end = f"DTEND:{when:%Y%m%dT%H}3000Z" if number % 1000 else "DURATION:PT30M"
        lines += event(f"DTSTART:{when:%Y%m%dT%H%M%SZ}", end, uid=f"{number}@bulk")
    found = parse_busy(calendar(*lines), "bulk.ics", PARIS, WINDOW)
    assert len(found) == 72  # 15 Nov 23:00Z to 18 Nov 22:00Z
    assert spans(found[:1]) == [("2021-11-15 23:00Z", "2021-11-15 23:30Z", "Team sync")]
    assert found[-1].start == datetime(2021, 11, 18, 22, tzinfo=UTC)


# --- Errors ----------------------------------------------------------------------------


def test_the_error_names_the_file_the_event_and_the_problem() -> None:
    text = calendar(
        *event(
            "DTSTART;TZID=Europe/Paris:20211117T110000", "DTEND;TZID=Europe/Paris:20211117T100000"
        )
    )
    error = failure(text)
    assert error.message == (
        "calendar work.ics: event 'Team sync' (uid abc, line 4): "
        "end 2021-11-17 10:00 is before start 2021-11-17 11:00"
    )
    assert error.hint
    assert isinstance(error, InputError) and error.exit_status == ExitStatus.USAGE


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (event("DTSTART:2021-13-45"), "DTSTART '2021-13-45' is not a valid date or date-time"),
        (event("DTSTART:20211345T100000"), "DTSTART '20211345T100000' is not a valid date"),
        (
            event("DTSTART:20211116T100000Z", "DTEND:2021111"),
            "DTEND '2021111' is not a valid date",
        ),
        (event("DTEND:20211117T100000Z"), "has no DTSTART"),
        (
            event("DTSTART:20211116T100000Z", "DTSTART:20211116T110000Z"),
            "has 2 DTSTART lines",
        ),
        (
            event("DTSTART:20211116T100000Z", "DURATION:1 hour"),
            "DURATION '1 hour' is not a valid duration",
        ),
        (event("DTSTART:20211116T100000Z", "DURATION:-PT1H"), "DURATION -PT1H is negative"),
        (
            event("DTSTART:20211116T100000Z", "DTEND;VALUE=DATE:20211117"),
            "DTSTART is a date-time but DTEND is a date",
        ),
        (
            event("DTSTART;VALUE=DATE:20211117", "DTEND;VALUE=DATE:20211116"),
            "end 2021-11-16 is before start 2021-11-17",
        ),
        (
            event("DTSTART:20211116T100000Z", "EXDATE:yesterday", "RRULE:FREQ=DAILY"),
            "EXDATE 'yesterday' is not a valid date",
        ),
        (
            event("DTSTART:20211116T100000Z", "this line has no colon"),
            "line 9 cannot be read: 'this line has no colon'",
        ),
    ],
)
def test_bad_events(lines: list[str], problem: str) -> None:
    error = failure(calendar(*lines), all_day_busy=True)
    assert error.message.startswith("calendar work.ics: event 'Team sync' (uid abc, line 4): ")
    assert problem in error.message


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ("FREQ=SOMETIMES", "RRULE 'FREQ=SOMETIMES' cannot be read"),
        ("FREQ=DAILY;FOO=BAR", "cannot be read (unknown parameter 'FOO')"),
        ("FREQ=DAILY;COUNT=x", "RRULE 'FREQ=DAILY;COUNT=x' cannot be read"),
        ("BYDAY=MO", "has no valid FREQ"),
        ("FREQ=WEEKLY;INTERVAL=0", "has an INTERVAL below 1"),  # dateutil would loop forever
        ("FREQ=DAILY;BYHOUR=25", "cannot be read (hour must be in 0..23)"),
        ("FREQ=SECONDLY", "repeats more than 10000 times"),
    ],
)
def test_bad_rules(rule: str, problem: str) -> None:
    text = calendar(*event("DTSTART:20211116T100000Z", "DTEND:20211116T103000Z", f"RRULE:{rule}"))
    error = failure(text)
    assert error.message.startswith("calendar work.ics: event 'Team sync' (uid abc, line 4): ")
    assert problem in error.message


def test_event_named_by_line_when_it_has_no_uid_or_summary() -> None:
    error = failure(calendar(*event("DTSTART:2021-13-45", uid=None, summary=None)))
    assert error.message.startswith("calendar work.ics: event (line 4): DTSTART '2021-13-45'")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "calendar work.ics: the file is empty"),
        ("  \r\n\r\n", "calendar work.ics: the file is empty"),
        (
            "<!DOCTYPE html>\n<html><body>Not found</body></html>",
            "not an iCalendar file: it starts with '<!DOCTYPE html>', not BEGIN:VCALENDAR",
        ),
        ("BEGIN:VCARD\r\nFN:Jane\r\nEND:VCARD\r\n", "it starts with 'BEGIN:VCARD'"),
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
            "BEGIN:VCALENDAR on line 1 is never closed (no END:VCALENDAR)",
        ),
        (
            calendar(*event("DTSTART:20211116T100000Z"))[: -len("END:VEVENT\r\nEND:VCALENDAR\r\n")],
            "BEGIN:VEVENT on line 4 is never closed (no END:VEVENT)",
        ),
        (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20211116T100000Z\r\nEND:VCALENDAR\r\n",
            "line 4: END:VCALENDAR closes BEGIN:VEVENT from line 2",
        ),
        (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
            "line 3: END:VTODO closes BEGIN:VEVENT from line 2",
        ),
        (
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VEVENT\r\n",
            "line 3: END:VEVENT without a BEGIN:VEVENT",
        ),
        (
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n",
            "line 3: BEGIN:VEVENT outside BEGIN:VCALENDAR",
        ),
        (
            "BEGIN:VCALENDAR\r\n" + "BEGIN:X\r\n" * 20 + "END:X\r\n" * 20 + "END:VCALENDAR\r\n",
            "components nested too deeply",
        ),
    ],
)
def test_bad_structure(text: str, problem: str) -> None:
    error = failure(text)
    assert error.message.startswith("calendar work.ics: ")
    assert problem in error.message


def test_bad_vtimezone() -> None:
    text = calendar(
        "BEGIN:VTIMEZONE",
        "TZID:Broken Zone",
        "END:VTIMEZONE",
        *event(
            "DTSTART;TZID=Broken Zone:20211116T100000", "DTEND;TZID=Broken Zone:20211116T110000"
        ),
    )
    error = failure(text)
    assert error.message.startswith("calendar work.ics: time zone 'Broken Zone' (line 4): ")


def test_encodings() -> None:
    text = calendar(*event("DTSTART:20211116T100000Z", "DTEND:20211116T110000Z", summary="Café"))
    expected = [("2021-11-16 10:00Z", "2021-11-16 11:00Z", "Café")]
    assert busy(text.encode("utf-8")) == expected
    assert busy(b"\xef\xbb\xbf" + text.encode("utf-8")) == expected  # Outlook's BOM
    assert busy("\ufeff" + text) == expected
    assert busy(text.encode("utf-16")) == expected  # with a byte-order mark
    assert busy(text.encode("utf-16-le")) == expected  # without one
    assert busy(text.encode("utf-16-be")) == expected
    assert busy(text.replace("\r\n", "\n")) == expected
    assert busy(text.replace("\r\n", "\r")) == expected  # classic Mac line ends
    error = failure(text.encode("latin-1"))
    assert error.message == "calendar work.ics: not UTF-8 text (line 6, byte 93)"
    assert error.hint is not None and "iconv" in error.hint
    assert "not valid UTF-16" in failure(b"\xff\xfe" + b"B\x00E\x00\x00\xd8").message


def test_file_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def error(path: Path) -> str:
        with pytest.raises(CalendarError) as caught:
            read_busy(path, PARIS, WINDOW)
        return caught.value.message

    assert error(tmp_path / "missing.ics") == f"calendar file not found: {tmp_path}/missing.ics"
    assert error(tmp_path) == f"calendar path is a directory, not a file: {tmp_path}"
    big = tmp_path / "big.ics"
    big.write_text(calendar(), encoding="utf-8")
    monkeypatch.setattr(usercal, "MAX_CALENDAR_BYTES", 20)
    assert error(big) == f"calendar file too large: {big} is over 0 MB"
    monkeypatch.undo()

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # root could read a chmod 000 file
    assert error(big) == f"no permission to read the calendar file: {big}"


# --- Any input ------------------------------------------------------------------------

_FRAGMENTS = [
    "BEGIN:VCALENDAR",
    "END:VCALENDAR",
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VTIMEZONE",
    "END:VTIMEZONE",
    "BEGIN:STANDARD",
    "END:STANDARD",
    "BEGIN:VALARM",
    "END:VALARM",
    "BEGIN:VTODO",
    "END:VTODO",
    "TZID:Custom",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0500",
    "UID:x",
    "SUMMARY:Meeting",
    "DTSTART:20211116T100000Z",
    "DTSTART:20211116T100000",
    "DTSTART;VALUE=DATE:20211117",
    "DTSTART;TZID=Europe/Paris:20211117T093000",
    "DTSTART;TZID=Custom:20211117T093000",
    "DTSTART;TZID=Nowhere:20211117T093000",
    "DTSTART:16010101T000000",
    "DTSTART:00010101T000000",
    "DTSTART:99991231T235959Z",
    "DTSTART:2021-13-45",
    "DTEND:20211116T110000Z",
    "DTEND;VALUE=DATE:20211118",
    "DTEND:99991231T235959Z",
    "DURATION:PT1H",
    "DURATION:P10000W",
    "DURATION:-P1D",
    "RRULE:FREQ=DAILY",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20211231T000000Z",
    "RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=5",
    "RRULE:FREQ=HOURLY;INTERVAL=7",
    "RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
    "RRULE:FREQ=SECONDLY;COUNT=100000",
    "RRULE:FREQ=DAILY;UNTIL=99991231",
    "RRULE:FREQ=",
    "RDATE:20211118T120000Z",
    "RDATE;VALUE=PERIOD:20211118T120000Z/PT1H",
    "EXDATE:20211117T100000Z",
    "RECURRENCE-ID:20211117T100000Z",
    "RECURRENCE-ID;VALUE=DATE:20211117",
    "STATUS:CANCELLED",
    "TRANSP:TRANSPARENT",
    " folded continuation",
    "garbage without colon",
    ":",
    ";",
    "",
    'X-A;P="quoted:colon":v',
]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: profile
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_any_text_is_busy_time_or_a_calendar_error(data: str | bytes) -> None:
    try:
        found = parse_busy(data, "any.ics", PARIS, WINDOW, all_day_busy=True)
    except CalendarError as error:
        assert error.message.startswith("calendar any.ics: ")
    else:
        assert isinstance(found, list)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: profile
@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40),
    st.booleans(),
    st.sampled_from(["\r\n", "\n"]),
    st.booleans(),
)
def test_any_lines_are_busy_time_or_a_calendar_error(
    lines: list[str], wrap: bool, newline: str, all_day: bool
) -> None:
    if wrap:
        lines = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"]
    try:
        found = parse_busy(newline.join(lines), "any.ics", PARIS, WINDOW, all_day_busy=all_day)
    except CalendarError as error:
        assert error.message.startswith("calendar any.ics: ")
    else:
        for item in found:
            assert item.start < item.end and item.start.tzinfo is PARIS
            assert item.start < WINDOW[1] and item.end > WINDOW[0]


def test_a_calendar_of_100k_events_is_read_whole() -> None:
    """Years of meetings in one export: every one inside the window is found, none lost."""
    lines = []
    start = datetime(2019, 1, 1, 8, 0, tzinfo=UTC)
    for number in range(100_000):
        begins = start + timedelta(minutes=23 * number)
        ends = begins + timedelta(minutes=15)
        lines += [
            "BEGIN:VEVENT",
            f"UID:bulk-{number}",
            f"DTSTART:{begins:%Y%m%dT%H%M%SZ}",
            f"DTEND:{ends:%Y%m%dT%H%M%SZ}",
            f"SUMMARY:Meeting {number}",
            "END:VEVENT",
        ]
    found = parse_busy(calendar(*lines), "big.ics", PARIS, WINDOW)
    low, high = WINDOW
    expected = [
        number
        for number in range(100_000)
        if start + timedelta(minutes=23 * number) < high
        and start + timedelta(minutes=23 * number + 15) > low
    ]
    assert [b.summary for b in found] == [f"Meeting {n}" for n in expected]
    assert len(expected) > 100
