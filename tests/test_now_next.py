"""`now` and `next`: every session of a slot, slots counted by N, the filters of `list`,
every zone shown with the conference's, far times as dates, and sentences that say the
published dates (and the viewer's where they differ). Each test states what a user sees."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import MINIMAL_PROGRAMME, Run, write_programme

from octopus_cli.core.schedule import Span, conference_dates, next_slots, until
from octopus_cli.sources.loader import load_programme

PARIS = ZoneInfo("Europe/Paris")
MANILA = ZoneInfo("Asia/Manila")
WS6 = "WS 6: Automated detection of child sexual abuse materials"
WS8 = "WS 8: Cybercrime and artificial intelligence"
WS9 = "WS 9: Regional Workshop for Latin America and the Caribbean"


def out(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def lines(run: Run, *args: str) -> list[str]:
    """The lines of the output, without the spaces Rich pads table rows with."""
    return [line.rstrip() for line in out(run, *args).splitlines()]


def document(run: Run, *args: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(out(run, *args, "--format", "json"))
    return loaded


def ids(run: Run, *args: str) -> tuple[list[str], list[str]]:
    found = document(run, *args)
    return [s["id"] for s in found["in_progress"]], [s["id"] for s in found["next"]]


def pick(run: Run, *session_ids: str) -> None:
    assert run("agenda", "add", *session_ids).exit_code == 0


# ---- now: what is on, and every session of the next slot ----------------------------------


@pytest.mark.parametrize(
    ("zones", "at", "on", "following"),
    [
        ((), "2021-11-17T14:30", "14:00–15:50", "16:00–17:50"),
        # In Manila the Paris column is shown too, after the viewer's.
        (
            ("--tz", "Asia/Manila"),
            "2021-11-17T21:30",
            "21:00–22:50 | 14:00–15:50",
            "23:00–00:50 +1d | 16:00–17:50",
        ),
    ],
)
def test_now_names_every_session_of_the_next_slot(
    run: Run, zones: tuple[str, ...], at: str, on: str, following: str
) -> None:
    # WS 8 and Lightning talks I both start at 16:00 (Paris).
    assert lines(run, "now", *zones, "--at", at, "--format", "plain") == [
        f"{on}  ws6  {WS6}  (1h 20m left)",
        f"{on}  ws7  WS 7: Ransomware  (1h 20m left)",
        f"{following}  ws8  {WS8}  (in 1h 30m)",
        f"{following}  lt1  Lightning talks I  (in 1h 30m)",
    ]
    assert ids(run, "now", *zones, "--at", at) == (["ws6", "ws7"], ["ws8", "lt1"])


def test_now_between_sessions_shows_both_workshops_of_the_slot(run: Run) -> None:
    # WS 1 ended at 08:50; WS 2 and WS 3 (the Regional Workshop for Africa) start at 09:00.
    assert lines(run, "now", "--at", "2021-11-17T08:55", "--format", "plain") == [
        "09:00–10:50  ws2  WS 2: COVID-19 and cybercrime  (in 5m)",
        "09:00–10:50  ws3  WS 3: Regional Workshop for Africa  (in 5m)",
    ]
    assert ids(run, "now", "--at", "2021-11-17T08:55") == ([], ["ws2", "ws3"])


def test_a_break_next_comes_with_the_sessions_after_it(run: Run) -> None:
    assert lines(run, "now", "--at", "2021-11-17T12:55", "--format", "plain") == [
        "13:00–14:00  break1  Break  (in 5m)",
        f"14:00–15:50  ws6  {WS6}  (in 1h 5m)",
        "14:00–15:50  ws7  WS 7: Ransomware  (in 1h 5m)",
    ]
    assert ids(run, "now", "--at", "2021-11-17T12:55") == ([], ["break1", "ws6", "ws7"])


def test_a_break_in_progress_is_on_now_unless_breaks_are_left_out(run: Run) -> None:
    assert ids(run, "now", "--at", "2021-11-17T13:30") == (["break1"], ["ws6", "ws7"])
    assert ids(run, "now", "--at", "2021-11-17T13:30", "--no-breaks") == ([], ["ws6", "ws7"])
    assert ids(run, "now", "--at", "2021-11-17T12:55", "--no-breaks") == ([], ["ws6", "ws7"])


def test_now_table_labels_rows_and_rules_off_each_slot(run: Run) -> None:
    shown = lines(run, "now", "--at", "2021-11-17T14:30", "--format", "table")
    assert "Paris" in shown[0] and "ID" in shown[0] and "Session" in shown[0]
    cells = [line.split("  ") for line in shown[2:]]
    rows = [[cell.strip() for cell in row if cell.strip()] for row in cells]
    assert rows == [
        ["now", "14:00–15:50", "ws6", WS6, "1h 20m left"],
        ["now", "14:00–15:50", "ws7", "WS 7: Ransomware", "1h 20m left"],
        [],  # the rule after what is on now
        ["next", "16:00–17:50", "ws8", WS8, "in 1h 30m"],
        ["next", "16:00–17:50", "lt1", "Lightning talks I", "in 1h 30m"],
    ]


def test_now_csv_has_every_session_shown(run: Run) -> None:
    rows = out(run, "now", "--at", "2021-11-17T14:30", "--format", "csv").splitlines()
    assert [row.split(",")[0] for row in rows] == ["id", "ws6", "ws7", "ws8", "lt1"]


# ---- next N: N counts slots ---------------------------------------------------------------


def test_next_counts_slots_and_says_so(run: Run) -> None:
    assert lines(run, "next", "2", "--at", "2021-11-17T14:30", "--format", "plain") == [
        "Next 2 slots (Europe/Paris)",
        f"16:00–17:50  ws8  {WS8}  (in 1h 30m)",
        "16:00–17:50  lt1  Lightning talks I  (in 1h 30m)",
        f"18:00–19:50  ws9  {WS9}  (in 3h 30m)",
    ]


def test_next_one_never_cuts_a_slot_in_half(run: Run) -> None:
    assert ids(run, "next", "1", "--at", "2021-11-17T14:30") == ([], ["ws8", "lt1"])
    assert ids(run, "next", "1", "--at", "2021-11-17T08:55") == ([], ["ws2", "ws3"])


def test_next_defaults_to_three_slots(run: Run) -> None:
    shown = lines(run, "next", "--at", "2021-11-17T14:30", "--format", "table")
    assert shown[0] == "Next 3 slots"
    assert ids(run, "next", "--at", "2021-11-17T14:30")[1] == ["ws8", "lt1", "ws9", "ws10"]


def test_next_with_breaks_shows_a_break_slot_without_counting_it(run: Run) -> None:
    # 15:00 on Thu: break3 (15:15), outlook2, break4 (16:15), outlook3, conclusions.
    assert lines(run, "next", "2", "--at", "2021-11-18T15:00", "--include-breaks") == [
        "Next 2 slots (Europe/Paris)",
        "15:15–15:30  break3  Break  (in 15m)",
        "15:30–16:15  outlook2  Outlook 2: Human rights and rule of law in cyberspace  (in 30m)",
        "16:15–16:30  break4  Break  (in 1h 15m)",
        "16:30–17:15  outlook3  Outlook 3: Cooperation against cybercrime in 2022  (in 1h 30m)",
    ]
    assert ids(run, "next", "2", "--at", "2021-11-18T15:00")[1] == ["outlook2", "outlook3"]


def test_fewer_slots_left_than_asked_are_called_the_last(run: Run) -> None:
    shown = lines(run, "next", "5", "--at", "2021-11-18T16:00")
    assert shown[0] == "The last 2 slots (Europe/Paris)"
    assert [line.split()[1] for line in shown[1:]] == ["outlook3", "conclusions"]


def test_next_table_has_a_heading_and_a_rule_between_slots(run: Run) -> None:
    shown = lines(run, "next", "2", "--at", "2021-11-17T14:30", "--format", "table")
    assert shown[0] == "Next 2 slots"
    rows = shown[3:]
    assert rows[0].startswith("16:00–17:50") and " ws8 " in rows[0]
    assert rows[0].endswith("in 1h 30m")
    assert rows[1].startswith("16:00–17:50") and " lt1 " in rows[1]
    assert rows[2] == ""  # the slot ends
    assert rows[3].startswith("18:00–19:50") and " ws9 " in rows[3]


# ---- next's arguments: [N] [ID...] --------------------------------------------------------


def test_a_first_argument_of_digits_is_n_the_rest_are_ids(run: Run) -> None:
    assert ids(run, "next", "5", "--at", "2021-11-17T14:30")[1][:3] == ["ws8", "lt1", "ws9"]
    chosen = ids(run, "next", "2", "ws1*", "plenary", "--at", "2021-11-01T09:00")
    assert chosen == ([], ["plenary", "ws1"])
    # Without N, every argument names sessions (and N is 3).
    # ws11 and ws12 start together: the third slot has both.
    found = ids(run, "next", "ws1*", "--at", "2021-11-17T06:00")[1]
    assert found == ["ws1", "ws10", "ws11", "ws12"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("0",), "Error: 'N' is a number of slots from 1 to 1000, not 0"),
        (("1001",), "A session id made of digits goes after N: 'octopus next 3 1001'."),
        (("99999999999999999999",), "'N' is a number of slots from 1 to 1000"),
        (("3", "4"), "Error: unknown session '4'"),
        (("abc",), "Error: unknown session 'abc'"),
    ],
)
def test_bad_next_arguments_are_usage_errors(run: Run, args: tuple[str, ...], says: str) -> None:
    result = run("next", *args, "--at", "2021-11-17T14:30")
    assert result.exit_code == 2
    assert says in result.stderr and result.stdout == ""


def test_next_help_says_n_counts_slots(run: Run) -> None:
    shown = out(run, "next", "--help")
    assert "Usage: octopus next [OPTIONS] [N] [ID...]" in shown
    assert "N counts slots, not sessions" in shown
    assert "list[str]" not in shown and "int range" not in shown
    assert "The next N time slots" in out(run, "--help")


# ---- the filters of list ------------------------------------------------------------------


def test_my_next_picked_session(run: Run) -> None:
    pick(run, "ws6", "ws9", "outlook1")
    assert lines(run, "next", "1", "--agenda", "--at", "2021-11-17T14:30") == [
        "Next slot: my agenda (Europe/Paris)",
        f"18:00–19:50  ws9  {WS9}  ★  (in 3h 30m)",
    ]
    assert ids(run, "now", "--agenda", "--at", "2021-11-17T14:30") == (["ws6"], ["ws9"])


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--track", "2"), (["ws7"], ["lt1"])),
        (("--kind", "lightning-talks"), ([], ["lt1"])),
        (("--search", "ransom"), (["ws7"], [])),
        (("--tag", "regional"), ([], ["ws9"])),
        (("--between", "08:00-17:00"), (["ws6", "ws7"], ["ws11", "ws12"])),
        (("ws8", "ws9"), ([], ["ws8"])),
    ],
)
def test_now_takes_the_filters_and_ids_of_list(
    run: Run, options: tuple[str, ...], expected: tuple[list[str], list[str]]
) -> None:
    assert ids(run, "now", *options, "--at", "2021-11-17T14:30") == expected


def test_next_takes_the_filters_of_list(run: Run) -> None:
    found = ids(run, "next", "2", "--kind", "workshop", "--track", "1", "--at", "2021-11-17T14:30")
    assert found == ([], ["ws8", "ws9"])


def test_nothing_that_matches_says_so_and_when_the_conference_ends(run: Run) -> None:
    assert lines(run, "now", "--kind", "workshop", "--at", "2021-11-18T17:30") == [
        "Nothing on now or next matches workshop. "
        "The conference runs until Thu 18 Nov 2021 at 18:00 (Paris)."
    ]
    assert document(run, "now", "--kind", "workshop", "--at", "2021-11-18T17:30")["next"] == []


# ---- every zone, and the conference's -----------------------------------------------------


def test_every_zone_given_is_a_column(run: Run) -> None:
    args = ("next", "1", "--tz", "Asia/Tokyo", "--tz", "America/New_York")
    assert lines(run, *args, "--at", "2021-11-17T13:30") == [
        "Next slot (Asia/Tokyo | America/New_York | Europe/Paris)",
        "15:00–16:50 | 01:00 +1d–02:50 +1d | 07:00–08:50  ws1  WS 1: Regional Workshop for Asia"
        "  (in 1h 30m)",
    ]
    header = lines(run, *args, "--at", "2021-11-17T13:30", "--format", "table")[1]
    assert header.index("Tokyo") < header.index("New") < header.index("Paris")


def test_json_keeps_the_first_zone(run: Run) -> None:
    found = document(run, "now", "--tz", "Asia/Manila", "--tz", "UTC", "--at", "2021-11-17T21:30")
    assert found["timezone"] == "Asia/Manila"
    assert found["now"] == "2021-11-17T21:30:00+08:00"
    assert [s["start"] for s in found["next"]] == ["2021-11-17T23:00:00+08:00"] * 2
    assert found["next"][0]["starts_in_minutes"] == 90


# ---- far times, before and after the conference -------------------------------------------


def test_before_the_conference_it_says_when_it_starts_and_dates_far_times(run: Run) -> None:
    assert lines(run, "next", "2", "--at", "2021-11-01T09:00") == [
        "The conference starts on Tue 16 Nov 2021 at 13:00 (Paris), in 15 days.",
        "Next 2 slots (Europe/Paris)",
        "Tue 16 Nov 13:00–18:00  plenary  Plenary session: Special event: 20th anniversary of the "
        "Budapest Convention on Cybercrime & 2nd Additional Protocol on enhanced cooperation "
        "and disclosure of electronic evidence  (in 15 days)",
        "Wed 17 Nov 07:00–08:50  ws1  WS 1: Regional Workshop for Asia  (in 16 days)",
    ]


def test_before_the_conference_in_another_zone(run: Run) -> None:
    assert lines(run, "now", "ws1", "--tz", "Asia/Manila", "--at", "2021-11-01T09:00") == [
        "The conference starts on Tue 16 Nov 2021 at 13:00 (Paris; Tue 16 Nov at 20:00 in "
        "Asia/Manila), in 15 days.",
        "Wed 17 Nov 14:00–15:50 | Wed 17 Nov 07:00–08:50  ws1  WS 1: Regional Workshop for Asia"
        "  (in 16 days)",
    ]


def test_a_session_a_day_away_keeps_its_clock_time(run: Run) -> None:
    # Less than a day ahead: the time, marked +1d; more: the date.
    assert lines(run, "next", "1", "--at", "2021-11-17T20:00") == [
        "Next slot (Europe/Paris)",
        "07:00 +1d–08:50 +1d  ws10  Workshop 10: Regional Workshop for Pacific  (in 11h)",
    ]
    assert lines(run, "next", "1", "--at", "2021-11-16T06:00", "ws10")[-1] == (
        "Thu 18 Nov 07:00–08:50  ws10  Workshop 10: Regional Workshop for Pacific  (in 2 days)"
    )
    # 27 hours ahead, on the next calendar day
    assert lines(run, "next", "1", "--at", "2021-11-16T06:00", "ws2")[-1] == (
        "Wed 17 Nov 09:00–10:50  ws2  WS 2: COVID-19 and cybercrime  (tomorrow)"
    )


@pytest.mark.parametrize("command", ["now", "next"])
def test_after_the_conference_it_says_it_ended(run: Run, command: str) -> None:
    assert lines(run, command, "--at", "2021-11-19T10:00") == [
        "The conference ended on Thu 18 Nov 2021 (Paris); nothing is next."
    ]
    assert lines(run, command, "--at", "2021-11-19T10:00", "--tz", "Asia/Manila") == [
        "The conference ended on Thu 18 Nov 2021 (Paris; Fri 19 Nov in Asia/Manila); "
        "nothing is next."
    ]
    assert lines(run, command, "--at", "2021-11-19T10:00", "--format", "table") == [
        "The conference ended on Thu 18 Nov 2021 (Paris); nothing is next."
    ]


# ---- dates in messages --------------------------------------------------------------------


def test_an_empty_day_states_the_published_dates_and_the_viewers(run: Run) -> None:
    assert lines(run, "today", "--tz", "Asia/Manila", "--at", "2026-11-28T12:00") == [
        "Nothing on Sat 28 Nov 2026 (Asia/Manila). The conference ran 16–18 Nov 2021 "
        "(Paris; 16–19 Nov in Asia/Manila), 5 years before this date."
    ]
    # Los Angeles lives the conference on the same dates: no second span.
    shown = lines(run, "today", "--tz", "America/Los_Angeles", "--at", "2026-11-28T12:00")
    assert "ran 16–18 Nov 2021 (Paris), 5 years" in shown[0]


def test_conference_dates() -> None:
    programme = load_programme(None)
    assert conference_dates(programme, PARIS) == "16–18 Nov 2021 (Paris)"
    assert conference_dates(programme, MANILA) == "16–18 Nov 2021 (Paris; 16–19 Nov in Asia/Manila)"
    auckland = ZoneInfo("Pacific/Auckland")
    assert conference_dates(programme, auckland) == (
        "16–18 Nov 2021 (Paris; 17–19 Nov in Pacific/Auckland)"
    )


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        ("2021-11-16", "2021-11-16", "16 Nov 2021"),
        ("2021-11-16", "2021-11-18", "16–18 Nov 2021"),
        ("2021-11-30", "2021-12-02", "30 Nov – 2 Dec 2021"),
        ("2021-12-31", "2022-01-01", "31 Dec 2021 – 1 Jan 2022"),
    ],
)
def test_spans_read_naturally(first: str, last: str, text: str) -> None:
    from datetime import date

    assert Span(date.fromisoformat(first), date.fromisoformat(last)).describe() == text


# ---- the core: slots and countdowns -------------------------------------------------------


def test_next_slots_on_a_small_programme(tmp_path: Path) -> None:
    programme = load_programme(write_programme(tmp_path, MINIMAL_PROGRAMME))
    early = datetime(2021, 11, 16, 8, 0, tzinfo=PARIS)
    assert [[s.id for s in slot] for slot in next_slots(programme.sessions, early, 5)] == [
        ["a1"],
        ["b1"],
    ]
    assert next_slots(programme.sessions, early.replace(hour=9, minute=45), 1) == []


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(minutes=5), "in 5m"),
        (timedelta(hours=23, minutes=59), "in 23h 59m"),
        (timedelta(days=1), "in 1d"),
        (timedelta(days=1, hours=10), "tomorrow"),
        (timedelta(days=15, hours=4), "in 15 days"),
        (timedelta(minutes=-35), "35m ago"),
    ],
)
def test_until_counts_days_sensibly(delta: timedelta, text: str) -> None:
    now = datetime(2021, 11, 1, 9, 0, tzinfo=PARIS)
    assert until(now, now + delta, PARIS) == text


def test_next_in_the_last_slot_says_nothing_follows_what_is_on(run: Run) -> None:
    """During the last session nothing comes next, but something is on: `next` says so,
    not 'nothing on now or next'."""
    result = run("next", "--at", "2021-11-18T17:30", "--format", "plain")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Nothing comes next: the last sessions are on now, until Thu 18 Nov 2021 at 18:00"
    )
    assert "Nothing on now or next" not in result.stdout
