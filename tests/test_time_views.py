"""The programme seen from other time zones: local wall times, the viewer's own days, the
clock (`--at`, OCTOPUS_NOW), `now`/`next`, `--between`, and bad time inputs.

Every expectation below is written by hand from the programme (CET = UTC+1 in November
2021) and each zone's offset on 16-19 Nov 2021, not computed with the code under test.

The programme in UTC (Paris minus one hour):
  16 Nov  plenary 12:00-17:00
  17 Nov  ws1 06:00-07:50 · ws2/ws3 08:00-09:50 · ws4/ws5 10:00-11:50 · break1 12:00-13:00
          ws6/ws7 13:00-14:50 · ws8/lt1 15:00-16:50 · ws9 17:00-18:50
  18 Nov  ws10 06:00-07:50 · ws11/ws12 08:00-09:50 · ws13/ws14 10:00-11:50 · lt2 12:00-12:45
          break2 12:45-13:30 · outlook1 13:30-14:15 · break3 14:15-14:30
          outlook2 14:30-15:15 · break4 15:15-15:30 · outlook3 15:30-16:15
          conclusions 16:15-17:00
"""

from __future__ import annotations

import csv
import io
import json

import pytest

DAY16 = {"plenary"}
DAY17 = {"ws1", "ws2", "ws3", "ws4", "ws5", "break1", "ws6", "ws7", "ws8", "lt1", "ws9"}
DAY18 = {
    "ws10",
    "ws11",
    "ws12",
    "ws13",
    "ws14",
    "lt2",
    "break2",
    "outlook1",
    "break3",
    "outlook2",
    "break4",
    "outlook3",
    "conclusions",
}


def _json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _ids(result) -> list[str]:
    return [s["id"] for s in _json(result)["sessions"]]


def _record(result, session_id: str) -> dict:
    return next(s for s in _json(result)["sessions"] if s["id"] == session_id)


# ---- ws1 (07:00-08:50 Paris on 17 Nov = 06:00-07:50 UTC) in zones around the world ------

WS1_LOCAL = [
    # zone, start, end (hand-computed: UTC 06:00 plus the zone's offset that day)
    ("America/Los_Angeles", "2021-11-16T22:00:00-08:00", "2021-11-16T23:50:00-08:00"),
    ("America/St_Johns", "2021-11-17T02:30:00-03:30", "2021-11-17T04:20:00-03:30"),
    ("Asia/Kolkata", "2021-11-17T11:30:00+05:30", "2021-11-17T13:20:00+05:30"),
    ("Asia/Kathmandu", "2021-11-17T11:45:00+05:45", "2021-11-17T13:35:00+05:45"),
    ("Asia/Tokyo", "2021-11-17T15:00:00+09:00", "2021-11-17T16:50:00+09:00"),
    ("Australia/Sydney", "2021-11-17T17:00:00+11:00", "2021-11-17T18:50:00+11:00"),
    ("Pacific/Auckland", "2021-11-17T19:00:00+13:00", "2021-11-17T20:50:00+13:00"),
    ("Pacific/Kiritimati", "2021-11-17T20:00:00+14:00", "2021-11-17T21:50:00+14:00"),
    ("UTC", "2021-11-17T06:00:00+00:00", "2021-11-17T07:50:00+00:00"),
    ("Europe/Paris", "2021-11-17T07:00:00+01:00", "2021-11-17T08:50:00+01:00"),
]


@pytest.mark.parametrize(("zone", "start", "end"), WS1_LOCAL)
def test_list_json_gives_ws1_in_the_local_wall_time_and_offset(run, zone, start, end) -> None:
    result = run("list", "--format", "json", "--tz", zone)
    assert _json(result)["timezone"] == zone
    ws1 = _record(result, "ws1")
    assert (ws1["start"], ws1["end"]) == (start, end)
    assert ws1["duration_minutes"] == 110


@pytest.mark.parametrize(("zone", "start", "end"), WS1_LOCAL)
def test_list_csv_gives_ws1_with_the_display_zone_offset(run, zone, start, end) -> None:
    result = run("list", "--format", "csv", "--tz", zone)
    assert result.exit_code == 0, result.stderr
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["ws1"]["start"], rows["ws1"]["end"]) == (start, end)


# ---- `today --date D` in each zone: the viewer's own calendar day ----------------------------

TODAY_BY_ZONE = {
    # Los Angeles (-8): the Asia workshop is on the evening of 16 Nov; ws2 starts at 00:00
    # on 17 Nov; ws10 at 22:00 on 17 Nov; the conclusions end 09:00 on 18 Nov.
    "America/Los_Angeles": {
        "2021-11-15": set(),
        "2021-11-16": {"plenary", "ws1"},
        "2021-11-17": (DAY17 - {"ws1"}) | {"ws10"},
        "2021-11-18": DAY18 - {"ws10"},
        "2021-11-19": set(),
    },
    # St John's (-3:30): every session stays on its Paris date (ws1 02:30, ws9 13:30).
    "America/St_Johns": {
        "2021-11-16": DAY16,
        "2021-11-17": DAY17,
        "2021-11-18": DAY18,
        "2021-11-19": set(),
    },
    # Kolkata (+5:30): ws9 runs 22:30-00:20, on both 17 and 18 Nov.
    "Asia/Kolkata": {
        "2021-11-16": DAY16,
        "2021-11-17": DAY17,
        "2021-11-18": DAY18 | {"ws9"},
        "2021-11-19": set(),
    },
    # Kathmandu (+5:45): ws9 runs 22:45-00:35.
    "Asia/Kathmandu": {
        "2021-11-16": DAY16,
        "2021-11-17": DAY17,
        "2021-11-18": DAY18 | {"ws9"},
        "2021-11-19": set(),
    },
    # Tokyo (+9): plenary 21:00-02:00, ws8 at 00:00 on 18 Nov, outlook2 23:30-00:15.
    "Asia/Tokyo": {
        "2021-11-16": {"plenary"},
        "2021-11-17": {"plenary", "ws1", "ws2", "ws3", "ws4", "ws5", "break1", "ws6", "ws7"},
        "2021-11-18": {
            "ws8",
            "lt1",
            "ws9",
            "ws10",
            "ws11",
            "ws12",
            "ws13",
            "ws14",
            "lt2",
            "break2",
            "outlook1",
            "break3",
            "outlook2",
        },
        "2021-11-19": {"outlook2", "break4", "outlook3", "conclusions"},
    },
    # Sydney (+11, summer time): plenary 23:00-04:00; break1 23:00-00:00 ends at midnight
    # and stays on 17 Nov; ws6 at 00:00 on 18 Nov; break2 23:45-00:30.
    "Australia/Sydney": {
        "2021-11-16": {"plenary"},
        "2021-11-17": {"plenary", "ws1", "ws2", "ws3", "ws4", "ws5", "break1"},
        "2021-11-18": {
            "ws6",
            "ws7",
            "ws8",
            "lt1",
            "ws9",
            "ws10",
            "ws11",
            "ws12",
            "ws13",
            "ws14",
            "lt2",
            "break2",
        },
        "2021-11-19": {
            "break2",
            "outlook1",
            "break3",
            "outlook2",
            "break4",
            "outlook3",
            "conclusions",
        },
    },
    # Auckland (+13): plenary 01:00-06:00 on 17 Nov; ws4/ws5 23:00-00:50; ws13/14 too.
    "Pacific/Auckland": {
        "2021-11-16": set(),
        "2021-11-17": {"plenary", "ws1", "ws2", "ws3", "ws4", "ws5"},
        "2021-11-18": {
            "ws4",
            "ws5",
            "break1",
            "ws6",
            "ws7",
            "ws8",
            "lt1",
            "ws9",
            "ws10",
            "ws11",
            "ws12",
            "ws13",
            "ws14",
        },
        "2021-11-19": {
            "ws13",
            "ws14",
            "lt2",
            "break2",
            "outlook1",
            "break3",
            "outlook2",
            "break4",
            "outlook3",
            "conclusions",
        },
    },
    # Kiritimati (+14): nothing on 16 Nov; ws9 (18:00 CET on 17 Nov) is 07:00 on 18 Nov;
    # ws4/ws5 start at 00:00 on 18 Nov; the conclusions end 07:00 on 19 Nov.
    "Pacific/Kiritimati": {
        "2021-11-16": set(),
        "2021-11-17": {"plenary", "ws1", "ws2", "ws3"},
        "2021-11-18": {
            "ws4",
            "ws5",
            "break1",
            "ws6",
            "ws7",
            "ws8",
            "lt1",
            "ws9",
            "ws10",
            "ws11",
            "ws12",
        },
        "2021-11-19": {
            "ws13",
            "ws14",
            "lt2",
            "break2",
            "outlook1",
            "break3",
            "outlook2",
            "break4",
            "outlook3",
            "conclusions",
        },
    },
    "UTC": {
        "2021-11-15": set(),
        "2021-11-16": DAY16,
        "2021-11-17": DAY17,
        "2021-11-18": DAY18,
        "2021-11-19": set(),
    },
}


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        (zone, day, expected)
        for zone, days in TODAY_BY_ZONE.items()
        for day, expected in days.items()
    ],
)
def test_today_lists_the_sessions_of_the_viewers_own_day(run, zone, day, expected) -> None:
    result = run("today", "--date", day, "--tz", zone, "--format", "json")
    document = _json(result)
    assert document["timezone"] == zone
    ids = [s["id"] for s in document["sessions"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    # every session listed really touches that local day
    for record in document["sessions"]:
        assert record["start"][:10] <= day <= record["end"][:10]


def test_the_issue_example_los_angeles_sees_ws1_on_the_evening_of_16_nov(run) -> None:
    result = run(
        "today", "--tz", "America/Los_Angeles", "--date", "2021-11-16", "--format", "plain"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Tue 16 Nov 2021")
    assert "America/Los_Angeles" in lines[0]
    ws1 = next(line for line in lines if "  ws1  " in line)
    # LA column first; the conference column shows the next day's morning
    assert ws1.startswith("22:00–23:50 | 07:00 +1d–08:50 +1d")
    plenary = next(line for line in lines if "  plenary  " in line)
    assert plenary.startswith("04:00–09:00 | 13:00–18:00")


def test_a_session_across_local_midnight_shows_on_both_days_with_marks(run) -> None:
    # Tokyo: the plenary (13:00-18:00 CET, 16 Nov) runs 21:00-02:00.
    first = run("today", "--tz", "Asia/Tokyo", "--date", "2021-11-16", "--format", "plain")
    second = run("today", "--tz", "Asia/Tokyo", "--date", "2021-11-17", "--format", "plain")
    assert first.exit_code == 0 and second.exit_code == 0
    on_16 = next(line for line in first.stdout.splitlines() if "  plenary  " in line)
    on_17 = next(line for line in second.stdout.splitlines() if "  plenary  " in line)
    assert on_16.startswith("21:00–02:00 +1d |")
    assert on_17.startswith("21:00 -1d–02:00 |")


def test_table_output_shows_day_marks(run) -> None:
    result = run("today", "--tz", "Asia/Tokyo", "--date", "2021-11-17", "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "Wed 17 Nov 2021" in result.stdout
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    plenary = next(n for n, line in enumerate(lines) if " plenary " in line)
    # Each range broken after its dash (a column a zone, each time whole) to give the
    # titles room: Tokyo 21:00 the day before to 02:00, Paris 13:00-18:00 the day before.
    assert lines[plenary].startswith("21:00 -1d    13:00 -1d    plenary  Plenary session:")
    assert lines[plenary + 1].startswith("– 02:00      – 18:00 -1d           Budapest")


def test_list_groups_by_the_viewers_dates(run) -> None:
    # Manila (+8): ws8 runs 23:00-00:50 from 17 Nov; ws9 (18:00 CET) is 01:00-02:50 on
    # 18 Nov; the conclusions (17:15 CET, 18 Nov) are 00:15-01:00 on 19 Nov.
    result = run("list", "--tz", "Asia/Manila", "--format", "table")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    headings = ["Tue 16 Nov 2021", "Wed 17 Nov 2021", "Thu 18 Nov 2021", "Fri 19 Nov 2021"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    blocks = {
        heading: text[start:end]
        for heading, start, end in zip(
            headings, positions, [*positions[1:], len(text)], strict=True
        )
    }
    assert "ws9 " in blocks["Thu 18 Nov 2021"]
    assert "ws9 " not in blocks["Wed 17 Nov 2021"]
    ws9 = next(line for line in blocks["Thu 18 Nov 2021"].splitlines() if " ws9 " in line)
    assert ws9.startswith("01:00–02:50")
    wednesday = blocks["Wed 17 Nov 2021"].splitlines()
    ws8 = next(n for n, line in enumerate(wednesday) if " ws8 " in line)
    assert wednesday[ws8].startswith("23:00        16:00–17:50  ws8 ")
    assert wednesday[ws8 + 1].startswith("– 00:50 +1d ")  # ends on the next day
    assert "conclusions" in blocks["Fri 19 Nov 2021"]
    assert "conclusions" not in blocks["Thu 18 Nov 2021"]
    assert "ws1 " in blocks["Wed 17 Nov 2021"]


def test_today_in_manila_on_18_nov_includes_the_end_of_ws8(run) -> None:
    result = run("today", "--tz", "Asia/Manila", "--date", "2021-11-18", "--format", "json")
    ids = _ids(result)
    assert {"ws8", "lt1", "ws9", "ws10", "outlook3"} <= set(ids)
    assert "ws7" not in ids  # 21:00-22:50 on 17 Nov
    assert "conclusions" not in ids  # 00:15 on 19 Nov


def test_repeated_tz_gives_one_column_per_zone_plus_the_conference_zone(run) -> None:
    result = run(
        "list", "ws1", "--tz", "Asia/Tokyo", "--tz", "America/New_York", "--format", "table"
    )
    assert result.exit_code == 0, result.stderr
    heading, header = result.stdout.splitlines()[:2]
    assert heading == "Wed 17 Nov 2021  Asia/Tokyo · America/New_York · Europe/Paris"
    assert header.startswith("Tokyo        New York     Paris (conf.)  ID   Session")
    row = next(line for line in result.stdout.splitlines() if " ws1 " in line)
    # Tokyo 15:00, New York (-5) 01:00, Paris 07:00
    assert row.split()[:3] == ["15:00–16:50", "01:00–02:50", "07:00–08:50"]


def test_single_tz_table_header_also_has_the_conference_zone(run) -> None:
    result = run("list", "--tz", "Asia/Tokyo", "--format", "table")
    assert result.exit_code == 0, result.stderr
    heading, header = result.stdout.splitlines()[:2]
    assert heading == "Tue 16 Nov 2021  Asia/Tokyo · Europe/Paris"
    assert header.startswith("Tokyo        Paris (conf.)  ID ")


def test_repeated_tz_in_plain_output(run) -> None:
    result = run(
        "list", "ws9", "--tz", "Asia/Tokyo", "--tz", "America/New_York", "--format", "plain"
    )
    assert result.exit_code == 0, result.stderr
    heading, line = result.stdout.splitlines()[:2]
    assert "Asia/Tokyo | America/New_York | Europe/Paris" in heading
    assert heading.startswith("Thu 18 Nov 2021")  # Tokyo's date of ws9 (02:00)
    assert line.startswith("02:00–03:50 | 12:00 -1d–13:50 -1d | 18:00 -1d–19:50 -1d  ws9")


def test_the_same_zone_twice_gives_one_column(run) -> None:
    result = run("list", "ws1", "--tz", "tokyo", "--tz", "Asia/Tokyo", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert "(Asia/Tokyo | Europe/Paris)" in result.stdout
    paris = run("list", "ws1", "--tz", "Europe/Paris", "--format", "plain")
    assert "(Europe/Paris)" in paris.stdout
    assert paris.stdout.splitlines()[1].startswith("07:00–08:50  ws1")


# ---- today's "today": the clock, --date forms -------------------------------------------------


def test_today_without_date_uses_at(run) -> None:
    result = run("today", "--at", "2021-11-17T10:00", "--tz", "Europe/Paris", "--format", "json")
    assert set(_ids(result)) == DAY17


def test_today_without_date_uses_octopus_now(run) -> None:
    result = run("today", "--format", "json", env={"OCTOPUS_NOW": "2021-11-18T09:00"})
    assert set(_ids(result)) == DAY18


def test_at_wins_over_octopus_now(run) -> None:
    result = run(
        "today",
        "--at",
        "2021-11-16T15:00",
        "--format",
        "json",
        env={"OCTOPUS_NOW": "2021-11-18T09:00"},
    )
    assert set(_ids(result)) == DAY16


def test_today_is_the_viewers_date_of_the_clock(run) -> None:
    # Noon in Paris on 17 Nov is midnight, 18 Nov, in Auckland (+13).
    result = run(
        "today", "--tz", "Pacific/Auckland", "--at", "2021-11-17T12:00:00+01:00", "--format", "json"
    )
    assert set(_ids(result)) == TODAY_BY_ZONE["Pacific/Auckland"]["2021-11-18"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("17 Nov 2021", DAY17),
        ("2021/11/17", DAY17),
        ("November 18, 2021", DAY18),
        ("today", DAY17),
        ("yesterday", DAY16),
        ("tomorrow", DAY18),
        ("Tomorrow", DAY18),
    ],
)
def test_date_forms(run, typed, expected) -> None:
    result = run("today", "--date", typed, "--at", "2021-11-17T10:00", "--format", "json")
    assert set(_ids(result)) == expected


def test_relative_dates_follow_the_display_zone(run) -> None:
    # 20:00 on 17 Nov in Paris is 04:00 on 18 Nov in Tokyo: Tokyo's yesterday is 17 Nov.
    result = run(
        "today",
        "--tz",
        "Asia/Tokyo",
        "--at",
        "2021-11-17T20:00:00+01:00",
        "--date",
        "yesterday",
        "--format",
        "json",
    )
    assert set(_ids(result)) == TODAY_BY_ZONE["Asia/Tokyo"]["2021-11-17"]


def test_an_empty_day_after_the_conference_says_so_in_one_sentence(run) -> None:
    result = run("today", "--at", "2026-11-28T12:00")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "Sat 28 Nov 2026" in result.stdout
    assert "The conference ran 16–18 Nov 2021 (Paris)" in result.stdout
    assert "5 years before this date" in result.stdout


def test_an_empty_day_before_the_conference_with_the_clock_before_it(run) -> None:
    result = run("today", "--at", "2020-03-01T12:00", "--date", "2020-03-01", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "The conference runs 16–18 Nov 2021 (Paris)" in result.stdout
    assert "after this date" in result.stdout


def test_an_empty_day_in_json_is_an_empty_list(run) -> None:
    result = run("today", "--at", "2026-11-28T12:00", "--format", "json")
    assert _json(result)["sessions"] == []


def test_an_emptied_day_that_had_sessions_locally_is_not_called_after_the_conference(run) -> None:
    # In Kiritimati (+14) the conference runs 17-19 Nov: ten sessions fall on 19 Nov there.
    # When a filter leaves none, the sentence must not claim that 19 Nov is after the
    # conference ("1 day before this date"); nothing on this day matches the filter.
    result = run(
        "today",
        "--tz",
        "Pacific/Kiritimati",
        "--date",
        "2021-11-19",
        "--search",
        "no such words",
        "--at",
        "2021-11-17T12:00",
        "--format",
        "plain",
    )
    assert result.exit_code == 0, result.stderr
    assert "before this date" not in result.stdout
    assert "nothing on this day matches" in result.stdout


# ---- now and next -------------------------------------------------------------------------


def _moment(result) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    document = _json(result)
    current = [(s["id"], s["ends_in_minutes"]) for s in document["in_progress"]]
    following = [(s["id"], s["starts_in_minutes"]) for s in document["next"]]
    return current, following


def test_now_json(run) -> None:
    result = run("now", "--at", "2021-11-17T14:30", "--format", "json")
    assert _moment(result) == ([("ws6", 80), ("ws7", 80)], [("ws8", 90), ("lt1", 90)])
    assert _json(result)["now"] == "2021-11-17T14:30:00+01:00"


def test_now_plain_shows_time_left_and_countdown(run) -> None:
    result = run("now", "--at", "2021-11-17T14:30", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert "ws6" in lines[0] and "1h 20m left" in lines[0]
    assert "ws7" in lines[1] and "1h 20m left" in lines[1]
    assert "ws8" in lines[2] and "in 1h 30m" in lines[2]
    assert "lt1" in lines[3] and "in 1h 30m" in lines[3]


def test_now_after_the_conference(run) -> None:
    result = run("now", "--at", "2021-11-19T10:00", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "The conference ended on Thu 18 Nov 2021 (Paris); nothing is next.\n"


def test_now_with_an_offset_at_gives_the_same_answer(run) -> None:
    # 05:30 in Los Angeles (-8) = 13:30 UTC = 14:30 in Paris
    result = run("now", "--at", "2021-11-17T05:30:00-08:00", "--format", "json")
    assert _moment(result) == ([("ws6", 80), ("ws7", 80)], [("ws8", 90), ("lt1", 90)])
    assert _json(result)["now"] == "2021-11-17T14:30:00+01:00"


def test_a_naive_at_is_read_in_the_display_zone(run) -> None:
    # 22:30 in Tokyo (+9) = 13:30 UTC = 14:30 in Paris
    result = run("now", "--tz", "Asia/Tokyo", "--at", "2021-11-17T22:30", "--format", "json")
    assert _moment(result) == ([("ws6", 80), ("ws7", 80)], [("ws8", 90), ("lt1", 90)])
    document = _json(result)
    assert document["now"] == "2021-11-17T22:30:00+09:00"
    assert document["in_progress"][0]["start"] == "2021-11-17T22:00:00+09:00"


def test_a_naive_octopus_now_is_read_in_the_display_zone(run) -> None:
    result = run(
        "now",
        "--format",
        "json",
        env={"OCTOPUS_NOW": "2021-11-17T05:30", "OCTOPUS_TZ": "America/Los_Angeles"},
    )
    assert _moment(result) == ([("ws6", 80), ("ws7", 80)], [("ws8", 90), ("lt1", 90)])


def test_next_gives_the_sessions_of_the_next_slots(run) -> None:
    # N counts slots: ws8 and lt1 (16:00) are one, ws9 (18:00) the second.
    result = run("next", "2", "--at", "2021-11-17T14:30", "--format", "json")
    current, following = _moment(result)
    assert current == []
    assert following == [("ws8", 90), ("lt1", 90), ("ws9", 210)]


def test_next_leaves_breaks_out_unless_asked(run) -> None:
    without = run("next", "1", "--at", "2021-11-17T12:30", "--format", "json")
    assert _moment(without)[1] == [("ws6", 90), ("ws7", 90)]
    # A slot of breaks only is shown, but not counted: the slot after it comes too.
    with_breaks = run(
        "next", "1", "--at", "2021-11-17T12:30", "--include-breaks", "--format", "json"
    )
    assert _moment(with_breaks)[1] == [("break1", 30), ("ws6", 90), ("ws7", 90)]


def test_next_plain_has_countdowns(run) -> None:
    result = run("next", "1", "--at", "2021-11-17T12:30", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Next slot (Europe/Paris)",
        "14:00–15:50  ws6  WS 6: Automated detection of child sexual abuse materials  (in 1h 30m)",
        "14:00–15:50  ws7  WS 7: Ransomware  (in 1h 30m)",
    ]


# ---- --between ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "window", "expected"),
    [
        # Sydney (+11): ws1 17:00, ws2/3 19:00, ws4/5 21:00-22:50 (out), ws10-12 same hours
        ("Australia/Sydney", "08:00-22:00", {"ws1", "ws2", "ws3", "ws10", "ws11", "ws12"}),
        # across midnight: plenary 23:00-04:00, break1 23:00-00:00, 17 Nov from ws6 on
        # (00:00-05:50), 18 Nov from lt2 on (23:00-04:00)
        (
            "Australia/Sydney",
            "22:00-06:00",
            {
                "plenary",
                "break1",
                "ws6",
                "ws7",
                "ws8",
                "lt1",
                "ws9",
                "lt2",
                "break2",
                "outlook1",
                "break3",
                "outlook2",
                "break4",
                "outlook3",
                "conclusions",
            },
        ),
        (
            "Europe/Paris",
            "09:00-13:00",
            {"ws2", "ws3", "ws4", "ws5", "ws11", "ws12", "ws13", "ws14"},
        ),
        # a session ending exactly when the window closes is inside it
        ("Europe/Paris", "07:00-08:50", {"ws1", "ws10"}),
        ("Europe/Paris", "7-9", {"ws1", "ws10"}),
        # Los Angeles (-8): ws1 and ws10 at 22:00-23:50; ws2/3 and ws11/12 at 00:00-01:50
        ("America/Los_Angeles", "21:00-24:00", {"ws1", "ws10"}),
        (
            "America/Los_Angeles",
            "21:00-02:00",
            {"ws1", "ws10", "ws2", "ws3", "ws11", "ws12"},
        ),
    ],
)
def test_between_keeps_sessions_fully_inside_the_local_window(run, zone, window, expected) -> None:
    result = run("list", "--tz", zone, "--between", window, "--format", "json")
    assert set(_ids(result)) == expected


def test_between_with_today(run) -> None:
    result = run(
        "today",
        "--tz",
        "Asia/Tokyo",
        "--date",
        "2021-11-18",
        "--between",
        "00:00-06:00",
        "--format",
        "json",
    )
    # Tokyo 18 Nov: ws8/lt1 00:00-01:50, ws9 02:00-03:50
    assert set(_ids(result)) == {"ws8", "lt1", "ws9"}


# ---- bad time inputs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (("now", "--at", "garbage"), {}, ["--at", "'garbage'", "2021-11-17T09:30"]),
        (("now", "--at", "2021-11-17T25:00"), {}, ["--at", "2021-11-17T09:30"]),
        (("today",), {"OCTOPUS_NOW": "garbage"}, ["OCTOPUS_NOW", "'garbage'", "2021-11-17T09:30"]),
        # --date is --day: one option, so the messages name it --day
        (("today", "--date", "2021-02-30"), {}, ["--day", "2021-02-30", "17 Nov 2021"]),
        (("today", "--date", "Nov 17"), {}, ["--day", "no year", "17 Nov 2021"]),
        (("today", "--date", "someday"), {}, ["--day", "someday", "weekday", "tomorrow"]),
        (("list", "--between", "10:00"), {}, ["--between", "'10:00'", "HH:MM-HH:MM"]),
        (("list", "--between", "25:00-03:00"), {}, ["--between", "25:00-03:00", "HH:MM-HH:MM"]),
        (("list", "--between", "10:00-10:00"), {}, ["--between", "empty", "HH:MM-HH:MM"]),
        (("list",), {"OCTOPUS_TZ": "Nowhere/Land"}, ["OCTOPUS_TZ", "Nowhere/Land", "Asia/Tokyo"]),
    ],
)
def test_bad_time_inputs_exit_2_with_a_message(run, args, env, expected) -> None:
    result = run(*args, "--format", "json", env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    for fragment in expected:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr
