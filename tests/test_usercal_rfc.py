"""The user's calendars read as RFC 5545 (and RFC 5546 for versions) says, in the classes
of wrong readings found against an RFC-complete expander, and within bounded work per
file. Every calendar here is written for the test; every expectation is the exact UTC
interval the RFC gives, around the conference (16-18 November 2021: Paris is UTC+1,
Vancouver UTC-8, New York UTC-5; Lisbon is UTC+0, though a file may define it otherwise)."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Run

from octopus_cli.sources.usercal import CalendarError, parse_busy

PARIS = ZoneInfo("Europe/Paris")
WINDOW = (datetime(2021, 11, 16, tzinfo=PARIS), datetime(2021, 11, 19, tzinfo=PARIS))

Span = tuple[str, str, str]


def calendar(*lines: str) -> str:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//octopus tests//EN", *lines]
    return "\r\n".join([*body, "END:VCALENDAR", ""])


def event(*lines: str, uid: str = "series", summary: str = "Sync") -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", *lines, "END:VEVENT"]


def zone(tzid: str, *parts: tuple[str, str, str, str, str]) -> list[str]:
    """A VTIMEZONE; each part is (kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, RRULE or '')."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    for kind, start, offset_from, offset_to, rule in parts:
        lines += [f"BEGIN:{kind}", f"DTSTART:{start}"]
        lines += [f"TZOFFSETFROM:{offset_from}", f"TZOFFSETTO:{offset_to}"]
        lines += [f"RRULE:{rule}"] if rule else []
        lines += [f"END:{kind}"]
    return [*lines, "END:VTIMEZONE"]


def central_european(tzid: str) -> list[str]:
    return zone(
        tzid,
        ("DAYLIGHT", "19700329T020000", "+0100", "+0200", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
        ("STANDARD", "19701025T030000", "+0200", "+0100", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
    )


def busy(text: str, window: tuple[datetime, datetime] = WINDOW, **options: bool) -> list[Span]:
    def utc(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%MZ")

    found = parse_busy(text, "mine.ics", PARIS, window, **options)
    return [(utc(b.start), utc(b.end), b.summary) for b in found]


def refusal(text: str) -> str:
    with pytest.raises(CalendarError) as caught:
        parse_busy(text, "mine.ics", PARIS, WINDOW)
    return caught.value.message


# --- 1. RDATE and EXDATE parameters belong to the property ----------------------------


def test_rdate_periods_keep_the_propertys_tzid() -> None:
    text = calendar(
        *event(
            "DTSTART;TZID=America/Vancouver:20211101T090000",
            "DTEND;TZID=America/Vancouver:20211101T093000",
            "RDATE;VALUE=PERIOD;TZID=America/Vancouver:20211116T120000/20211116T150000,"
            "20211117T090000/PT1H",
        )
    )
    assert busy(text) == [
        ("2021-11-16 20:00Z", "2021-11-16 23:00Z", "Sync"),
        ("2021-11-17 17:00Z", "2021-11-17 18:00Z", "Sync"),
    ]


def test_rdate_and_exdate_in_a_zone_only_the_file_defines() -> None:
    """DTSTART in Paris; the RDATE and EXDATE in a zone of the file at +05:00."""
    text = calendar(
        *zone("Office", ("STANDARD", "19700101T000000", "+0500", "+0500", "")),
        *event(
            "DTSTART;TZID=Europe/Paris:20211115T100000",
            "DTEND;TZID=Europe/Paris:20211115T110000",
            "RRULE:FREQ=DAILY;COUNT=4",  # 15, 16, 17, 18 at 09:00Z
            "EXDATE;TZID=Office:20211116T140000,20211117T140000",  # 09:00Z both
            "RDATE;TZID=Office:20211117T200000",  # 15:00Z
        ),
    )
    assert busy(text) == [
        ("2021-11-17 15:00Z", "2021-11-17 16:00Z", "Sync"),
        ("2021-11-18 09:00Z", "2021-11-18 10:00Z", "Sync"),
    ]


# --- 2. A TZID names the file's VTIMEZONE first ---------------------------------------


def test_a_vtimezone_in_the_file_wins_over_the_iana_zone_of_that_name() -> None:
    """A file defining 'Europe/lisbon' with Central European rules: 10:00 there is 09:00Z
    (IANA Lisbon would say 10:00Z), and the moved occurrence matches its RECURRENCE-ID."""
    text = calendar(
        *central_european("Europe/lisbon"),
        *event(
            "DTSTART;TZID=Europe/lisbon:20211101T100000",
            "DTEND;TZID=Europe/lisbon:20211101T110000",
            "RRULE:FREQ=DAILY",
        ),
        *event(
            "RECURRENCE-ID;TZID=Europe/lisbon:20211117T100000",
            "DTSTART;TZID=Europe/lisbon:20211117T150000",
            "DTEND;TZID=Europe/lisbon:20211117T160000",
            summary="Sync, later",
        ),
    )
    assert busy(text) == [
        ("2021-11-16 09:00Z", "2021-11-16 10:00Z", "Sync"),
        ("2021-11-17 14:00Z", "2021-11-17 15:00Z", "Sync, later"),
        ("2021-11-18 09:00Z", "2021-11-18 10:00Z", "Sync"),
    ]


def test_a_windows_named_zone_defined_in_the_file() -> None:
    """'Tokyo Standard Time' is +09:00 by its Windows name; this file says -03:00."""
    text = calendar(
        *zone("Tokyo Standard Time", ("STANDARD", "16010101T000000", "-0300", "-0300", "")),
        *event(
            'DTSTART;TZID="Tokyo Standard Time":20211117T100000',
            'DTEND;TZID="Tokyo Standard Time":20211117T110000',
        ),
    )
    assert busy(text) == [("2021-11-17 13:00Z", "2021-11-17 14:00Z", "Sync")]


def test_a_vtimezone_with_daylight_saving_time() -> None:
    """The file's rules, on both sides of their change (last Sunday of October)."""
    text = calendar(
        *zone(
            "Office",
            ("DAYLIGHT", "19700329T020000", "+0100", "+0200", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
            (
                "STANDARD",
                "19701025T030000",
                "+0200",
                "+0100",
                "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
            ),
        ),
        *event(
            "DTSTART;TZID=Office:20211018T090000",
            "DTEND;TZID=Office:20211018T100000",
            "RRULE:FREQ=WEEKLY;COUNT=10",
        ),
    )
    october = (datetime(2021, 10, 18, tzinfo=UTC), datetime(2021, 10, 19, tzinfo=UTC))
    assert busy(text, october) == [("2021-10-18 07:00Z", "2021-10-18 08:00Z", "Sync")]
    november = (datetime(2021, 11, 15, tzinfo=UTC), datetime(2021, 11, 16, tzinfo=UTC))
    assert busy(text, november) == [("2021-11-15 08:00Z", "2021-11-15 09:00Z", "Sync")]


@pytest.mark.parametrize(
    ("tzid", "expected"),
    [
        ("/Europe/Stockholm", "09:00Z"),
        ("/softwarestudio.org/Olson_20011030_5/America/New_York", "15:00Z"),
        ("america/new_york", "15:00Z"),
        ("Eastern Standard Time", "15:00Z"),
    ],
)
def test_fallbacks_for_tzids_the_file_does_not_define(tzid: str, expected: str) -> None:
    text = calendar(
        *event(f'DTSTART;TZID="{tzid}":20211117T100000', f'DTEND;TZID="{tzid}":20211117T103000')
    )
    assert busy(text)[0][0] == f"2021-11-17 {expected}"


# --- 3. RECURRENCE-ID;RANGE=THISANDFUTURE ---------------------------------------------


def daily_at_ten(*extra: str) -> list[str]:
    return event(
        "DTSTART;TZID=Europe/Paris:20211115T100000",
        "DTEND;TZID=Europe/Paris:20211115T110000",
        "RRULE:FREQ=DAILY",
        *extra,
    )


def test_this_and_future_moves_the_rest_of_the_series() -> None:
    """From the 17th on, the series is at 14:00 for 90 minutes, with the override's
    summary (RFC 5545 §3.8.4.4)."""
    text = calendar(
        *daily_at_ten(),
        *event(
            "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Paris:20211117T100000",
            "DTSTART;TZID=Europe/Paris:20211117T140000",
            "DTEND;TZID=Europe/Paris:20211117T153000",
            summary="Sync (afternoons)",
        ),
    )
    assert busy(text) == [
        ("2021-11-16 09:00Z", "2021-11-16 10:00Z", "Sync"),
        ("2021-11-17 13:00Z", "2021-11-17 14:30Z", "Sync (afternoons)"),
        ("2021-11-18 13:00Z", "2021-11-18 14:30Z", "Sync (afternoons)"),
    ]


def test_this_and_future_from_before_the_window_with_a_single_override_after_it() -> None:
    text = calendar(
        *daily_at_ten(),
        *event(
            "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Paris:20211110T100000",
            "DTSTART;TZID=Europe/Paris:20211110T080000",
            "DTEND;TZID=Europe/Paris:20211110T083000",
            summary="Early sync",
        ),
        *event(
            "RECURRENCE-ID;TZID=Europe/Paris:20211117T100000",
            "DTSTART;TZID=Europe/Paris:20211117T170000",
            "DTEND;TZID=Europe/Paris:20211117T180000",
            summary="Late sync",
        ),
    )
    assert busy(text) == [
        ("2021-11-16 07:00Z", "2021-11-16 07:30Z", "Early sync"),
        ("2021-11-17 16:00Z", "2021-11-17 17:00Z", "Late sync"),
        ("2021-11-18 07:00Z", "2021-11-18 07:30Z", "Early sync"),
    ]


def test_this_and_future_cancelled_ends_the_series() -> None:
    text = calendar(
        *daily_at_ten(),
        *event(
            "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Paris:20211117T100000",
            "DTSTART;TZID=Europe/Paris:20211117T100000",
            "STATUS:CANCELLED",
        ),
    )
    assert busy(text) == [("2021-11-16 09:00Z", "2021-11-16 10:00Z", "Sync")]


# --- 4. A higher SEQUENCE supersedes ---------------------------------------------------


def test_the_newer_master_wins_and_drops_the_override_it_excluded() -> None:
    """Thunderbird and Nextcloud keep both versions of a series: the newer one deleted
    the 17th (EXDATE), so the old override of the 17th goes too (RFC 5546)."""
    text = calendar(
        *daily_at_ten("SEQUENCE:0"),
        *daily_at_ten("SEQUENCE:1", "EXDATE;TZID=Europe/Paris:20211117T100000"),
        *event(
            "RECURRENCE-ID;TZID=Europe/Paris:20211117T100000",
            "DTSTART;TZID=Europe/Paris:20211117T160000",
            "DTEND;TZID=Europe/Paris:20211117T170000",
            "SEQUENCE:0",
            summary="Sync (moved)",
        ),
    )
    assert busy(text) == [
        ("2021-11-16 09:00Z", "2021-11-16 10:00Z", "Sync"),
        ("2021-11-18 09:00Z", "2021-11-18 10:00Z", "Sync"),
    ]


def test_an_older_override_of_an_occurrence_the_new_rule_no_longer_has() -> None:
    text = calendar(
        *event(
            "DTSTART;TZID=Europe/Paris:20211115T110000",
            "DTEND;TZID=Europe/Paris:20211115T120000",
            "RRULE:FREQ=DAILY",
            "SEQUENCE:2",
        ),
        *event(
            "RECURRENCE-ID;TZID=Europe/Paris:20211117T100000",  # the old time
            "DTSTART;TZID=Europe/Paris:20211117T160000",
            "DTEND;TZID=Europe/Paris:20211117T170000",
            "SEQUENCE:1",
            summary="Sync (moved)",
        ),
    )
    assert busy(text) == [
        ("2021-11-16 10:00Z", "2021-11-16 11:00Z", "Sync"),
        ("2021-11-17 10:00Z", "2021-11-17 11:00Z", "Sync"),
        ("2021-11-18 10:00Z", "2021-11-18 11:00Z", "Sync"),
    ]


def test_a_newer_cancelled_master_cancels_the_series() -> None:
    text = calendar(*daily_at_ten("SEQUENCE:3"), *daily_at_ten("SEQUENCE:4", "STATUS:CANCELLED"))
    assert busy(text) == []


def test_a_newer_master_that_ended_long_before_the_window_still_supersedes() -> None:
    """The pre-scan leaves the newer version out (it ended in 2019); it still wins."""
    text = calendar(
        *event(
            "DTSTART;TZID=Europe/Paris:20190107T100000",
            "DTEND;TZID=Europe/Paris:20190107T110000",
            "RRULE:FREQ=WEEKLY",
            "SEQUENCE:0",
        ),
        *event(
            "DTSTART;TZID=Europe/Paris:20190107T100000",
            "DTEND;TZID=Europe/Paris:20190107T110000",
            "RRULE:FREQ=WEEKLY;UNTIL=20190301T000000Z",
            "SEQUENCE:1",
        ),
    )
    assert busy(text) == []


def test_judgement_two_events_sharing_a_uid_without_recurrence_id_are_both_busy() -> None:
    text = calendar(
        *event("DTSTART:20211116T100000Z", "DTEND:20211116T110000Z", summary="One"),
        *event("DTSTART:20211117T100000Z", "DTEND:20211117T110000Z", summary="Two"),
    )
    assert busy(text) == [
        ("2021-11-16 10:00Z", "2021-11-16 11:00Z", "One"),
        ("2021-11-17 10:00Z", "2021-11-17 11:00Z", "Two"),
    ]


# --- 5. Refusals that should not be ---------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "X-BAD/SLASH:value",
        'X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS=Rue "du" Parc;X-APPLE-RADIUS=49.91;'
        "X-TITLE=Parc:geo:48.58,7.75",
        "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-APPLE-RADIUS;X-TITLE=Parc:geo:48.58,7.75",
        'ATTENDEE;CN="Ana "the boss"":mailto:ana@example.org',
    ],
)
def test_broken_lines_busy_time_does_not_depend_on_are_ignored(line: str) -> None:
    text = calendar(*event("DTSTART:20211116T100000Z", "DTEND:20211116T110000Z", line))
    assert busy(text) == [("2021-11-16 10:00Z", "2021-11-16 11:00Z", "Sync")]


def test_a_broken_line_that_is_no_property_still_refuses() -> None:
    text = calendar(*event("DTSTART:20211116T100000Z", "DTEND:20211116T110000Z", "NO COLON"))
    assert "line 9 cannot be read: 'NO COLON'" in refusal(text)


def test_google_birthdays_rdate_with_z_on_an_all_day_event() -> None:
    birthdays = calendar(
        *event(
            "DTSTART;VALUE=DATE:20131117",
            "RRULE:FREQ=YEARLY",
            "RDATE:20131117Z",
            "RDATE:20211116Z",
            summary="Ana's birthday",
        )
    )
    assert busy(birthdays) == []  # all-day events are not busy by default
    assert busy(birthdays, all_day_busy=True) == [
        ("2021-11-15 23:00Z", "2021-11-16 23:00Z", "Ana's birthday"),
        ("2021-11-16 23:00Z", "2021-11-17 23:00Z", "Ana's birthday"),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11",
        "FREQ=DAILY;BYMONTH=1;BYYEARDAY=60",
        "FREQ=MONTHLY;BYDAY=6MO",
        "FREQ=MONTHLY;BYMONTHDAY=40",
        "FREQ=WEEKLY;BYSETPOS=8",
        "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=-30",
    ],
)
def test_a_rule_that_never_occurs_adds_nothing(rule: str) -> None:
    """RFC 5545 §3.3.10: instances on dates that do not exist are ignored; DTSTART is
    still the first instance."""
    text = calendar(*event("DTSTART:20211116T100000Z", "DTEND:20211116T110000Z", f"RRULE:{rule}"))
    assert busy(text) == [("2021-11-16 10:00Z", "2021-11-16 11:00Z", "Sync")]
    never = calendar(
        *event(
            "DTSTART:20211116T100000Z",
            "DTEND:20211116T110000Z",
            "RRULE:FREQ=DAILY;COUNT=2",
            f"EXRULE:{rule}",
        )
    )
    assert len(busy(never)) == 2  # and excludes nothing


def test_events_of_a_nested_vcalendar_are_read() -> None:
    text = calendar(
        *event("DTSTART:20211116T100000Z", "DTEND:20211116T110000Z", summary="Outer"),
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        *event("DTSTART:20211117T100000Z", "DTEND:20211117T110000Z", uid="in", summary="Inner"),
        "END:VCALENDAR",
    )
    assert busy(text) == [
        ("2021-11-16 10:00Z", "2021-11-16 11:00Z", "Outer"),
        ("2021-11-17 10:00Z", "2021-11-17 11:00Z", "Inner"),
    ]


# --- Judgement calls -------------------------------------------------------------------


def test_judgement_until_before_dtstart_is_not_busy() -> None:
    """Confluence writes deleted series so; khal and recurring-ical-events agree."""
    text = calendar(
        *event(
            "DTSTART;TZID=Europe/Paris:20211116T100000",
            "DTEND;TZID=Europe/Paris:20211116T110000",
            "RRULE:FREQ=DAILY;UNTIL=20211101T000000Z",
        )
    )
    assert busy(text) == []


def test_judgement_all_day_event_ending_when_it_starts_lasts_a_day() -> None:
    text = calendar(*event("DTSTART;VALUE=DATE:20211117", "DTEND;VALUE=DATE:20211117"))
    assert busy(text, all_day_busy=True) == [("2021-11-16 23:00Z", "2021-11-17 23:00Z", "Sync")]


# --- Bounded work per file (issue 15, items 16 to 18) ---------------------------------


def timed(
    text: str, window: tuple[datetime, datetime] = WINDOW, memory: bool = False
) -> tuple[float, int, object]:
    """(seconds, peak bytes allocated (when `memory`, which slows the reading), busy
    intervals or the CalendarError)."""
    if memory:
        tracemalloc.start()
    began = time.perf_counter()
    try:
        outcome: object = parse_busy(text, "mine.ics", PARIS, window)
    except CalendarError as error:
        outcome = error
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if memory else 0
    tracemalloc.stop()
    return seconds, peak, outcome


def minutely_events(count: int) -> str:
    return calendar(
        *(
            line
            for number in range(count)
            for line in event(
                "DTSTART:20211101T000000Z",
                "DTEND:20211101T000100Z",
                "RRULE:FREQ=MINUTELY",
                uid=f"m{number}",
                summary=f"Tick {number}",
            )
        )
    )


def test_many_dense_rules_are_bounded_per_file_not_per_event() -> None:
    text = minutely_events(300)  # each under the per-event bound, together far over
    assert len(text) < 1_000_000
    seconds, _, outcome = timed(text)
    assert isinstance(outcome, CalendarError)
    assert outcome.message.startswith("calendar mine.ics: event 'Tick ")
    assert "over 50000 occurrences around the checked dates" in outcome.message
    assert seconds < 2


def test_a_minutely_count_from_2019_ends_before_the_window() -> None:
    text = calendar(
        *(
            line
            for number in range(5)
            for line in event(
                "DTSTART:20190101T000000Z",
                "DTEND:20190101T000100Z",
                "RRULE:FREQ=MINUTELY;COUNT=999999",  # until 25 November 2020
                uid=f"c{number}",
            )
        )
    )
    seconds, _, outcome = timed(text)
    assert outcome == [] and seconds < 2
    # Read for a window inside it, its occurrences are counted, not walked.
    may_2020 = (datetime(2020, 5, 16, tzinfo=UTC), datetime(2020, 5, 16, 0, 10, tzinfo=UTC))
    seconds, _, outcome = timed(text, may_2020)
    assert isinstance(outcome, list) and len(outcome) == 5 * 10 and seconds < 2
    assert outcome[0].start == datetime(2020, 5, 16, tzinfo=UTC)


def test_a_vtimezone_observance_repeating_every_second_is_refused() -> None:
    text = calendar(
        *zone("Pulse", ("STANDARD", "19700101T000000", "+0100", "+0200", "FREQ=SECONDLY")),
        *event("DTSTART;TZID=Pulse:20211117T100000", "DTEND;TZID=Pulse:20211117T110000"),
    )
    seconds, peak, outcome = timed(text, memory=True)
    assert isinstance(outcome, CalendarError)
    assert outcome.message.startswith(
        "calendar mine.ics: event 'Sync' (uid series, line 13): time zone 'Pulse' (line 4): "
    )
    assert "RRULE 'FREQ=SECONDLY' repeats too often" in outcome.message
    assert seconds < 2 and peak < 100_000_000


@pytest.mark.parametrize(
    ("events", "status", "message"),
    [
        (minutely_events(300), 2, "over 50000 occurrences"),
        (
            calendar(
                *zone("Pulse", ("DAYLIGHT", "19700101T000000", "+0100", "+0200", "FREQ=HOURLY")),
                *event("DTSTART;TZID=Pulse:20211117T140000", "DTEND;TZID=Pulse:20211117T150000"),
            ),
            2,
            "time zone 'Pulse' (line 4): its DAYLIGHT observance changes the UTC offset more",
        ),
    ],
)
def test_the_cli_refuses_with_an_error_and_status_2(
    run: Run, tmp_path: Path, events: str, status: int, message: str
) -> None:
    path = tmp_path / "mine.ics"
    path.write_text(events, encoding="utf-8")
    result = run("clashes", "ws6", "--calendar", str(path))
    assert result.exit_code == status
    assert result.stderr.startswith(f"Error: calendar {path}: event ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
