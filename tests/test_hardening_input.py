"""Hardening, round two (issue 15): what people type and what programmes hold, at the
edges: zones inside times, the ends of the calendar, Unicode digits, bidi controls in CSV,
the whole-day window. Each gets `Error:` with exit 2, or the right answer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import MINIMAL_PROGRAMME, Run, write_programme

AT = "2021-11-17T10:00"


# ---- a zone inside --at is read as --tz reads it -------------------------------------------


def test_a_time_with_a_zone_name_is_in_that_zone(run: Run) -> None:
    tokyo = json.loads(run("now", "--at", "17 Nov 2021 14:30 Asia/Tokyo", "-f", "json").stdout)
    assert tokyo["now"] == "2021-11-17T06:30:00+01:00"  # 14:30 in Tokyo, shown in Paris
    city = json.loads(run("now", "--at", "17 Nov 2021 14:30 tokyo", "-f", "json").stdout)
    assert city["now"] == tokyo["now"]


def test_an_abbreviation_is_resolved_with_a_note_or_refused(run: Run) -> None:
    cet = run("now", "--at", "17 Nov 2021 14:30 CET", "-f", "json")
    assert cet.exit_code == 0
    assert json.loads(cet.stdout)["now"] == "2021-11-17T14:30:00+01:00"
    assert cet.stderr.startswith("Note: 'CET' is an abbreviation, not a time zone; using Europe/")
    pst = run("now", "--at", "17 Nov 2021 14:30 PST")
    assert pst.exit_code == 2
    assert pst.stderr.splitlines() == [
        "Error: --at: 'PST' is an ambiguous abbreviation, not a time zone",
        "Name the zone you mean: America/Los_Angeles, America/Vancouver, Asia/Manila.",
    ]
    assert "Warning" not in pst.stderr and "dateutil" not in pst.stderr


def test_an_unknown_zone_word_is_an_error_not_a_library_warning(run: Run) -> None:
    result = run("now", "--at", "17 Nov 2021 14:30 XYZT")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --at: unknown time zone 'XYZT'")
    assert "Warning" not in result.stderr
    for env in ({"OCTOPUS_NOW": "17 Nov 2021 14:30 XYZT"},):
        assert run("now", env=env).stderr.startswith("Error: OCTOPUS_NOW: unknown time zone")


# ---- the ends of the calendar --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["today", "--day", "9999-12-31"], {}, "Error: --day: '9999-12-31' is outside"),
        (["now", "--at", "0001-01-01T00:00+14:00"], {}, "Error: --at: '0001-01-01T00:00+14:00'"),
        (["now"], {"OCTOPUS_NOW": "9999-12-31T23:59"}, "Error: OCTOPUS_NOW: '9999-12-31T23:59'"),
        (["list", "--day", "0001-01-01", "--tz", "Pacific/Kiritimati"], {}, "Error: --day:"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_refused(
    run: Run, args: list[str], env: dict[str, str], message: str
) -> None:
    result = run(*args, env=env)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(message)
    assert "outside the years octopus handles (1900–2999)" in result.stderr
    assert "Traceback" not in result.stderr


FAR = """\
[conference]
name = "Far"
timezone = "Asia/Tokyo"
start_date = 2021-11-16
end_date = 9999-12-31

[[sessions]]
id = "a"
title = "A"
kind = "talk"
start = 0001-01-01T00:00:00
end = 0001-01-01T01:00:00
"""


def test_a_programme_at_the_ends_of_the_calendar_is_invalid(run: Run, tmp_path: Path) -> None:
    path = write_programme(tmp_path, FAR)
    checked = run("validate", str(path))
    assert checked.exit_code == 1
    assert checked.stdout.splitlines()[1:] == [
        "  - conference: end_date: the year 9999 is outside 1900-2999 (got 9999-12-31)",
        "  - session 'a': start: the year 1 is outside 1900-2999 (got 0001-01-01T00:00:00)",
        "  - session 'a': end: the year 1 is outside 1900-2999 (got 0001-01-01T01:00:00)",
    ]
    for command in (["list"], ["export", "-o", "-"], ["today", "--at", AT]):
        result = run("--programme", str(path), *command)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: invalid programme file {path} (3 problems)")


# ---- Unicode digits are not numbers --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["export", "-o", "-", "--alarm", "²"], "--alarm"),
        (["clashes", "ws6", "--buffer", "²"], "--buffer"),
        (["clashes", "ws6", "--min-overlap", "١٠m"], "--min-overlap"),
        (["list", "--between", "٠٨:00-12:00"], "--between"),
    ],
)
def test_unicode_digits_are_refused(run: Run, args: list[str], option: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {option}: not a ")
    assert "Traceback" not in result.stderr


# ---- the whole day -------------------------------------------------------------------------


def test_the_window_from_midnight_to_midnight_is_the_whole_day(run: Run) -> None:
    everything = json.loads(run("list", "-f", "json").stdout)["sessions"]
    whole = json.loads(run("list", "--between", "00:00-24:00", "-f", "json").stdout)["sessions"]
    assert [s["id"] for s in whole] == [s["id"] for s in everything]
    evening = json.loads(run("list", "--between", "18:00-24:00", "-f", "json").stdout)["sessions"]
    assert [s["id"] for s in evening] == ["ws9"]  # 18:00-19:50, the one evening session
    empty = run("list", "--between", "08:00-08:00")
    assert empty.exit_code == 2
    assert empty.stderr.startswith("Error: --between: the window '08:00-08:00' is empty")


# ---- bidirectional overrides in CSV are inert ---------------------------------------------


def test_bidi_and_control_characters_are_inert_in_csv(run: Run, tmp_path: Path) -> None:
    hostile = MINIMAL_PROGRAMME.replace('title = "First"', 'title = "abc\\u202edef\\u001b[31m"')
    path = write_programme(tmp_path, hostile)
    listed = run("--programme", str(path), "list", "-f", "csv").stdout
    exported_file = tmp_path / "out.csv"
    assert run("--programme", str(path), "export", "-o", str(exported_file)).exit_code == 0
    for text in (listed, exported_file.read_text(encoding="utf-8")):
        assert "\u202e" not in text and "\x1b" not in text
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows[0]["title"] == "abc\\u202edef\\x1b[31m"
