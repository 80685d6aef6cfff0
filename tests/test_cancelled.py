"""Sessions gone from the programme, exported as cancelled events (issue 19):
`octopus export --include-cancelled`, the history that keeps their last content, and the
selection, the SEQUENCE and the bytes of those events. khal's view of them is in
tests/test_clients.py.

The history is `tests/readme/octopus-v1.toml` -> `octopus-v2.toml`: v2 drops ws7 and
renames `conclusions` to `closing` (a new event for a calendar: the old one is cancelled)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, Run

HISTORY = REPO / "tests" / "readme"
V1, V2 = str(HISTORY / "octopus-v1.toml"), str(HISTORY / "octopus-v2.toml")
GONE_IN_V2 = {"ws7", "conclusions"}


def snapshot(home: Path) -> Path:
    return home / "seen" / "octopus-conference-2021.json"


def events(ics: str) -> dict[str, dict[str, str]]:
    """Session id -> the properties of its event (unfolded lines are enough here)."""
    found = {}
    for event in ics.split("BEGIN:VEVENT")[1:]:
        fields = dict(line.split(":", 1) for line in event.splitlines() if ":" in line)
        found[fields["UID"].split(".", 1)[0]] = fields
    return found


def cancelled(ics: str) -> set[str]:
    return {ident for ident, fields in events(ics).items() if fields.get("STATUS") == "CANCELLED"}


def export(run: Run, programme: str, *args: str) -> str:
    result = run("--programme", programme, "export", *args, "-o", "-")
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


# ---- what is written --------------------------------------------------------------------


def test_a_session_gone_is_its_last_event_cancelled_with_a_higher_sequence(run: Run) -> None:
    first = events(export(run, V1, "--alarm", "15m"))
    text = export(run, V2, "--include-cancelled", "--alarm", "15m")
    second = events(text)
    assert cancelled(text) == GONE_IN_V2
    for ident in GONE_IN_V2:
        before, after = first[ident], second[ident]
        assert after["UID"] == before["UID"] == f"{ident}.octopus-conference-2021@octopus-cli"
        assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
        for name in ("SUMMARY", "DTSTART;TZID=Europe/Paris", "DTEND;TZID=Europe/Paris"):
            assert after[name] == before[name]  # as it was: the status says it is off
        assert after["TRANSP"] == "TRANSPARENT"
    # The cancelled events come last, with no reminder.
    tail = text.split("UID:ws7.", 1)[1]
    assert "BEGIN:VALARM" not in tail and "STATUS:CANCELLED" in tail
    assert text.count("BEGIN:VALARM") == len(second) - len(GONE_IN_V2)
    assert "STATUS:" not in export(run, V2)  # without the option: none


def test_the_message_counts_the_cancelled_events(run: Run, tmp_path: Path) -> None:
    export(run, V1)
    target = tmp_path / "v2.ics"
    result = run("--programme", V2, "export", "--include-cancelled", "-o", str(target))
    assert result.exit_code == 0
    assert result.stderr == (
        f"Wrote 21 sessions and 2 cancelled to {target} (iCalendar, times in Europe/Paris)\n"
    )


def test_without_history_there_is_nothing_to_include_and_it_is_said(
    run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "v2.ics"
    result = run("--programme", V2, "export", "--include-cancelled", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(
        "(iCalendar, times in Europe/Paris); no cancelled session to include\n"
    )
    assert "STATUS:" not in target.read_text(encoding="utf-8")
    quiet = run("--programme", V2, "export", "--include-cancelled", "-o", "-")
    assert quiet.exit_code == 0 and quiet.stderr == ""  # stdout is the file: nothing said


@pytest.mark.parametrize("where", [["-o", "out.json"], ["-o", "out.csv"], ["-f", "xml", "-o", "-"]])
def test_a_format_without_cancelled_events_refuses_the_option(
    run: Run, tmp_path: Path, where: list[str]
) -> None:
    args = [str(tmp_path / a) if a.startswith("out.") else a for a in where]
    result = run("--programme", V2, "export", "--include-cancelled", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --include-cancelled writes cancelled calendar events")
    assert "Export to an .ics file" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("out.*"))


# ---- reproducible, and back again ---------------------------------------------------------


def test_the_same_history_gives_the_same_bytes(run: Run, tmp_path: Path) -> None:
    export(run, V1)
    once = export(run, V2, "--include-cancelled")
    twice = export(run, V2, "--include-cancelled")
    assert once == twice
    other = tmp_path / "other-home"
    other.mkdir()
    env = {"OCTOPUS_HOME": str(other)}
    assert run("--programme", V1, "list", env=env).exit_code == 0  # shown, not exported
    elsewhere = run("--programme", V2, "export", "--include-cancelled", "-o", "-", env=env)
    assert elsewhere.stdout == once


def test_a_session_back_is_not_cancelled_and_its_sequence_grows(run: Run) -> None:
    export(run, V1)
    gone = events(export(run, V2, "--include-cancelled"))
    back_text = export(run, V1, "--include-cancelled")
    back = events(back_text)
    assert "STATUS" not in back["ws7"] and "STATUS" not in back["conclusions"]
    assert int(back["ws7"]["SEQUENCE"]) > int(gone["ws7"]["SEQUENCE"])
    assert cancelled(back_text) == {"ws15", "closing"}  # v2's, gone again in v1


def test_a_session_seen_only_in_an_export_is_cancelled_from_it(run: Run, tmp_path: Path) -> None:
    """v1 then v2 exported (not shown), then a v3 without ws15, which only v2 had: the
    history kept v2 as the version recorded, so ws15's last content is known."""
    export(run, V1)
    export(run, V2)
    v3 = Path(V2).read_text(encoding="utf-8").replace('id = "ws15"', 'id = "ws16"')
    (tmp_path / "v3.toml").write_text(v3, encoding="utf-8")
    text = export(run, str(tmp_path / "v3.toml"), "--include-cancelled")
    assert cancelled(text) == GONE_IN_V2 | {"ws15"}
    assert events(text)["ws15"]["SUMMARY"] == "Workshop 15: Electronic evidence in the cloud"


# ---- which cancelled sessions: the same selection ------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--track", "2"], {"ws7"}),
        (["--track", "1"], {"conclusions"}),
        (["--day", "2"], {"ws7"}),  # Wed 17: the programme's second day
        (["--day", "thu"], {"conclusions"}),
        (["--kind", "workshop"], {"ws7"}),
        (["--search", "ransomware"], {"ws7"}),
        (["ws7"], {"ws7"}),  # an id may name a cancelled session
        (["ws*"], {"ws7"}),
        (["--agenda"], {"ws7"}),
        (["lt1"], set()),
    ],
)
def test_the_filters_choose_among_cancelled_sessions_too(
    run: Run, args: list[str], expected: set[str]
) -> None:
    export(run, V1)
    assert run("--programme", V1, "agenda", "add", "ws7", "lt1").exit_code == 0
    text = export(run, V2, "--include-cancelled", *args)
    assert cancelled(text) == expected
    without = events(export(run, V2, *args)) if args != ["ws7"] else {}
    assert set(events(text)) - expected == set(without)  # the rest: as without the option


def test_an_id_of_a_cancelled_session_is_unknown_without_the_option(run: Run) -> None:
    export(run, V1)
    result = run("--programme", V2, "export", "ws7", "-o", "-")
    assert result.exit_code != 0 and "unknown session 'ws7'" in result.stderr


# ---- the history file ---------------------------------------------------------------------


def test_a_history_from_before_keeps_working(run: Run, home: Path) -> None:
    """A snapshot written before octopus kept `gone` and `recorded`: the last content of a
    session gone is found in the versions it keeps."""
    assert run("--programme", V1, "list").exit_code == 0
    document = json.loads(snapshot(home).read_text(encoding="utf-8"))
    del document["gone"], document["recorded"]
    snapshot(home).write_text(json.dumps(document), encoding="utf-8")
    assert cancelled(export(run, V2, "--include-cancelled")) == GONE_IN_V2
    after = json.loads(snapshot(home).read_text(encoding="utf-8"))
    assert after["format"] == 1 and set(after["gone"]) == GONE_IN_V2
    assert after["acked"] == document["acked"] and after["seen"] == document["seen"]


def test_a_damaged_list_of_cancelled_sessions_is_said_and_left_alone(
    run: Run, home: Path, tmp_path: Path
) -> None:
    export(run, V1)
    export(run, V2)
    document = json.loads(snapshot(home).read_text(encoding="utf-8"))
    document["gone"]["ws7"] = ["ws7", "not a session"]
    snapshot(home).write_text(json.dumps(document), encoding="utf-8")
    kept = snapshot(home).read_bytes()
    v3 = Path(V2).read_text(encoding="utf-8").replace('id = "ws15"', 'id = "ws16"')
    (tmp_path / "v3.toml").write_text(v3, encoding="utf-8")
    result = run(
        "--programme", str(tmp_path / "v3.toml"), "export", "--include-cancelled", "-o", "-"
    )
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: the file ") and "damaged session" in result.stderr
    assert "STATUS:" not in result.stdout
    assert snapshot(home).read_bytes() == kept  # never replaced, v3 not recorded
