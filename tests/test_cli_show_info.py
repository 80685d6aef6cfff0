"""`octopus show`, `info`, `schema`, `--version` and every command's `--help`."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from conftest import Run

import octopus_cli

PLENARY_AGENDA = [
    "Opening",
    "Interventions Part 1 by Ministers/senior officials",
    "Panel: 20 years of Budapest Convention – global impact",
    "Interventions Part 2 by Ministers/senior officials",
    "Panel: The 2nd Additional Protocol to the Convention on Cybercrime - expectations",
    "Interventions Part 3 by Ministers/senior officials",
    "Conclusions",
]


def _clean(result: Any) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    _clean(result)
    out: str = result.stdout
    return out


# ---- show ---------------------------------------------------------------------------------


def test_show_plain(run: Run) -> None:
    out = ok(run("show", "ws6"))
    lines = out.splitlines()
    assert lines[0] == "WS 6: Automated detection of child sexual abuse materials"
    assert "Wed 17 Nov 2021 14:00–15:50 (Europe/Paris)" in out
    assert "1h 50m" in out
    assert "child-sexual-abuse" in out
    assert "in parallel: ws7  WS 7: Ransomware (track 2)" in out


def test_show_table(run: Run) -> None:
    out = ok(run("show", "ws6", "--format", "table"))
    assert "WS 6: Automated detection of child sexual abuse materials" in out
    assert "Wed 17 Nov 2021" in out
    assert "14:00–15:50" in out
    assert "Europe/Paris" in out
    assert "In parallel" in out
    assert "ws7" in out
    assert "\x1b" not in out  # NO_COLOR


def test_show_json(run: Run) -> None:
    document = json.loads(ok(run("show", "ws6", "--format", "json")))
    assert document["version"] == 1
    assert document["timezone"] == "Europe/Paris"
    session = document["session"]
    assert session["id"] == "ws6"
    assert session["parallel"] == ["ws7"]
    assert session["track"] == 1
    start = datetime.fromisoformat(session["start"])
    assert start.tzinfo is not None
    assert session["start"] == "2021-11-17T14:00:00+01:00"
    assert session["end"] == "2021-11-17T15:50:00+01:00"


def test_show_json_in_another_zone(run: Run) -> None:
    document = json.loads(ok(run("show", "ws1", "--tz", "Asia/Tokyo", "--format", "json")))
    assert document["timezone"] == "Asia/Tokyo"
    assert document["session"]["start"] == "2021-11-17T15:00:00+09:00"


def test_show_by_label(run: Run) -> None:
    assert json.loads(ok(run("show", "WS 6", "--format", "json")))["session"]["id"] == "ws6"
    assert json.loads(ok(run("show", "Workshop 10", "--format", "json")))["session"]["id"] == (
        "ws10"
    )


def test_show_session_without_parallel(run: Run) -> None:
    document = json.loads(ok(run("show", "ws1", "--format", "json")))
    assert document["session"]["parallel"] == []
    assert "in parallel" not in ok(run("show", "ws1"))


def test_show_plenary_agenda_in_order_plain(run: Run) -> None:
    out = ok(run("show", "plenary"))
    positions = []
    for number, item in enumerate(PLENARY_AGENDA, start=1):
        line = f"agenda {number}: {item}"
        assert line in out, line
        positions.append(out.index(line))
    assert positions == sorted(positions)


def test_show_plenary_agenda_in_order_table(run: Run) -> None:
    out = ok(run("show", "plenary", "--format", "table"))
    positions = []
    for number, item in enumerate(PLENARY_AGENDA, start=1):
        marker = f"{number}. {item.split()[0]}"
        assert marker in out, marker
        positions.append(out.index(marker))
    assert positions == sorted(positions)


def test_show_plenary_agenda_json(run: Run) -> None:
    document = json.loads(ok(run("show", "plenary", "--format", "json")))
    assert document["session"]["agenda"] == PLENARY_AGENDA


def test_show_unknown_id(run: Run) -> None:
    result = run("show", "ws66")
    assert result.exit_code == 2
    _clean(result)
    assert result.stderr.startswith("Error: unknown session 'ws66'")
    assert "ws6" in result.stderr
    assert result.stdout == ""


def test_show_pattern_naming_several_sessions(run: Run) -> None:
    result = run("show", "ws1*")
    assert result.exit_code == 2
    _clean(result)
    assert result.stderr.startswith("Error: ")
    assert "6 sessions" in result.stderr


def test_show_without_id(run: Run) -> None:
    result = run("show")
    assert result.exit_code == 2
    _clean(result)
    assert "Missing argument" in result.stderr


# ---- info ---------------------------------------------------------------------------------


def test_info_plain(run: Run) -> None:
    out = ok(run("info"))
    assert "Octopus Conference 2021" in out
    assert "Tue 16 Nov 2021 to Thu 18 Nov 2021" in out
    assert "English, French, Spanish" in out
    assert "20 Sep 2021 to" in out and "20 Oct 2021" in out
    assert "+33-3-8841-2175" in out
    assert "cybercrime@coe.int" in out
    assert "Canada, Hungary, Japan, United Kingdom, USA" in out
    tcy = next(line for line in out.splitlines() if "T-CY" in line)
    assert "15 Nov 2021" in tcy
    assert "restricted" in tcy
    assert "Europe/Paris" in out


def test_info_table(run: Run) -> None:
    out = ok(run("info", "--format", "table"))
    assert "Octopus Conference 2021" in out
    assert "cybercrime@coe.int" in out
    assert "Languages" in out


def test_info_json(run: Run) -> None:
    document = json.loads(ok(run("info", "--format", "json")))
    conference = document["conference"]
    assert conference["timezone"] == "Europe/Paris"
    assert conference["start_date"] == "2021-11-16"
    assert conference["end_date"] == "2021-11-18"
    assert conference["languages"] == ["English", "French", "Spanish"]
    assert conference["registration"]["opens"] == "2021-09-20"
    assert conference["registration"]["closes"] == "2021-10-20"
    assert conference["organiser"]["email"] == "cybercrime@coe.int"
    assert conference["organiser"]["phone"] == "+33-3-8841-2175"
    assert conference["funders"] == ["Canada", "Hungary", "Japan", "United Kingdom", "USA"]
    assert document["sessions"] == 25


def test_info_json_times_carry_their_offset(run: Run) -> None:
    # GUIDE: "times in [the JSON] are ISO 8601 with their UTC offset".
    document = json.loads(ok(run("info", "--format", "json")))
    ends_at = datetime.fromisoformat(document["conference"]["ends_at"])
    assert ends_at.tzinfo is not None, document["conference"]["ends_at"]
    assert ends_at.isoformat() == "2021-11-18T18:00:00+01:00"


# ---- schema -------------------------------------------------------------------------------


def test_schema_is_json_schema(run: Run) -> None:
    schema = json.loads(ok(run("schema")))
    assert schema["type"] == "object"
    assert "conference" in schema["properties"]
    assert "sessions" in schema["properties"]
    assert set(schema["required"]) >= {"conference", "sessions"}


# ---- version and help ---------------------------------------------------------------------


def test_version(run: Run) -> None:
    out = ok(run("--version"))
    assert out == f"octopus {octopus_cli.__version__}\n"


def test_top_level_help_lists_every_command(run: Run) -> None:
    out = ok(run("--help"))
    for name in ("list", "today", "now", "next", "show", "info", "validate", "schema", "config"):
        assert name in out, name
