"""Rules about time that hold for every session, every zone and every daily window."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from octopus_cli.core.clock import Window, parse_window
from octopus_cli.core.schedule import local_dates, overlaps_day
from octopus_cli.sources.loader import load_programme

PROGRAMME = load_programme()
PARIS = ZoneInfo("Europe/Paris")
ZONES = sorted(available_timezones())

sessions = st.sampled_from(PROGRAMME.sessions)
zones = st.sampled_from(ZONES).map(ZoneInfo)
FAST = settings(max_examples=100, deadline=None)


# ---- converting to any zone and back ------------------------------------------------------


@FAST
@given(session=sessions, zone=zones)
def test_converting_to_any_zone_and_back_is_the_identity(session, zone) -> None:
    for moment in (session.start, session.end):
        local = moment.astimezone(zone)
        assert local == moment
        back = local.astimezone(PARIS)
        assert back == moment
        assert back.replace(tzinfo=None) == moment.replace(tzinfo=None)  # same wall clock
        assert back.utcoffset() == timedelta(hours=1)  # CET in November 2021


@FAST
@given(session=sessions, zone=zones)
def test_local_dates_are_the_zones_dates_of_the_session(session, zone) -> None:
    days = local_dates(session, zone)
    assert days[0] == session.start.astimezone(zone).date()
    # the last date is the one of the session's last minute (an end at 00:00 is the day before)
    last_minute = session.end - timedelta(minutes=1)
    assert days[-1] == last_minute.astimezone(zone).date()
    assert days == [days[0] + timedelta(days=n) for n in range(len(days))]
    # `today` shows the session on exactly these days
    for day in [days[0] - timedelta(days=1), *days, days[-1] + timedelta(days=1)]:
        assert overlaps_day(session, day, zone) == (day in days)


# Every Area/Location name must work on the command line (bare legacy names such as EST
# or CET are abbreviations, refused or noted by design: see test_timezones.py).
AREA_ZONES = [name for name in ZONES if "/" in name]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(zone=st.sampled_from(AREA_ZONES))
def test_json_times_are_the_same_instants_in_the_zones_wall_clock(run, zone) -> None:
    result = run("list", "--format", "json", "--tz", zone)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    tz = ZoneInfo(zone)
    assert ZoneInfo(document["timezone"]).utcoffset(datetime(2021, 11, 17)) == tz.utcoffset(
        datetime(2021, 11, 17)
    )
    by_id = {s.id: s for s in PROGRAMME.sessions}
    assert [r["id"] for r in document["sessions"]] == [s.id for s in PROGRAMME.sessions]
    for record in document["sessions"]:
        session = by_id[record["id"]]
        start = datetime.fromisoformat(record["start"])
        end = datetime.fromisoformat(record["end"])
        assert start == session.start
        assert end == session.end
        assert start.utcoffset() == session.start.astimezone(tz).utcoffset()
        assert start.date() == session.start.astimezone(tz).date()
        assert start.date() == local_dates(session, tz)[0]


# ---- --between: Window.contains against a minute-by-minute check --------------------------


def _open(window: Window, wall: time) -> bool:
    if window.start < window.end:
        return window.start <= wall < window.end
    return wall >= window.start or wall < window.end


def brute_force_contains(window: Window, start: datetime, end: datetime, zone: ZoneInfo) -> bool:
    """Is the window open, on the local wall clock, during every minute of [start, end)?"""
    minute = start.astimezone(UTC)
    while minute < end:
        if not _open(window, minute.astimezone(zone).time()):
            return False
        minute += timedelta(minutes=1)
    return True


@st.composite
def windows(draw) -> Window:
    h1, h2 = draw(st.integers(0, 23)), draw(st.integers(0, 24))
    m1 = draw(st.sampled_from([0, 15, 30, 45]) | st.integers(0, 59))
    m2 = 0 if h2 == 24 else draw(st.sampled_from([0, 15, 30, 45]) | st.integers(0, 59))
    text = f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"
    if (h1, m1) == (h2 % 24, m2):
        return parse_window("08:00-20:00")  # an empty window is refused (tested elsewhere)
    return parse_window(text)


@FAST
@given(window=windows(), session=sessions, zone=zones)
def test_window_contains_agrees_with_brute_force_for_the_programme(window, session, zone) -> None:
    start, end = session.start.astimezone(zone), session.end.astimezone(zone)
    assert window.contains(start, end) == brute_force_contains(window, start, end, zone)


# Any session in 2021, in any zone; one that straddles a clock change is checked below.
YEAR_START = datetime(2021, 1, 1, tzinfo=UTC)


@FAST
@given(
    window=windows(),
    minute=st.integers(0, 364 * 24 * 60),
    length=st.integers(1, 20 * 60),
    zone=zones,
)
def test_window_contains_agrees_with_brute_force_for_any_session(
    window, minute, length, zone
) -> None:
    start_utc = YEAR_START + timedelta(minutes=minute)
    end_utc = start_utc + timedelta(minutes=length)
    start, end = start_utc.astimezone(zone), end_utc.astimezone(zone)
    if start.utcoffset() != end.utcoffset():
        return  # across a clock change: see test_window_contains_across_a_clock_change
    assert window.contains(start, end) == brute_force_contains(window, start, end, zone)


@pytest.mark.parametrize(
    ("window", "start_utc", "end_utc"),
    [
        # Paris, 28 Mar 2021: 02:00 CET -> 03:00 CEST (01:00 UTC).
        ("22:00-06:00", "2021-03-28T00:30", "2021-03-28T01:30"),  # 01:30-03:30: inside
        ("01:00-03:00", "2021-03-28T00:30", "2021-03-28T01:30"),  # 01:30-03:30: not inside
        ("01:00-04:00", "2021-03-28T00:10", "2021-03-28T01:20"),  # 01:10-03:20: inside
        # Paris, 31 Oct 2021: 03:00 CEST -> 02:00 CET (01:00 UTC); 02:00-02:59 happens twice.
        ("01:00-04:00", "2021-10-31T00:20", "2021-10-31T01:10"),  # 02:20 -> 02:10: inside
        # 02:20 CEST -> 02:10 CET passes through 02:30-02:59 CEST: not inside 01:00-02:30
        ("01:00-02:30", "2021-10-31T00:20", "2021-10-31T01:10"),
    ],
)
def test_window_contains_across_a_clock_change(window, start_utc, end_utc) -> None:
    start = datetime.fromisoformat(start_utc).replace(tzinfo=UTC).astimezone(PARIS)
    end = datetime.fromisoformat(end_utc).replace(tzinfo=UTC).astimezone(PARIS)
    parsed = parse_window(window)
    assert parsed.contains(start, end) == brute_force_contains(parsed, start, end, PARIS)


def test_brute_force_reference_itself() -> None:
    # The reference used above, on cases worked out by hand.
    paris_day = date(2021, 11, 17)

    def at(hour: int, minute: int = 0, day: date = paris_day) -> datetime:
        return datetime.combine(day, time(hour, minute), PARIS)

    w = parse_window("08:00-20:00")
    assert brute_force_contains(w, at(8), at(20), PARIS)
    assert not brute_force_contains(w, at(7, 59), at(9), PARIS)
    assert not brute_force_contains(w, at(19), at(20, 1), PARIS)
    night = parse_window("22:00-06:00")
    assert brute_force_contains(night, at(23), at(5, day=paris_day + timedelta(days=1)), PARIS)
    assert not brute_force_contains(night, at(21), at(23), PARIS)
