"""The lean start-up path (entry.py) must answer exactly as the Typer commands do, and
must not import what the output does not need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Run

from octopus_cli.cli.lean import lean

AT = "2021-11-17T10:00"

# Arguments the lean path handles: its answer must equal Typer's, byte for byte.
HANDLED = [
    ["today", "--at", AT],
    ["today", "--at", AT, "--tz", "Asia/Manila", "--format", "json"],
    ["today", "--at", AT, "--tz", "America/Los_Angeles", "--tz", "Asia/Tokyo"],
    ["today", "--at", AT, "--date", "2021-11-18", "-k", "WORKSHOP", "--no-breaks"],
    ["today", "--at", AT, "--date", "tomorrow", "--between", "08:00-12:00", "-f", "csv"],
    ["today", "--at", "2021-11-20T10:00"],
    ["today", "--at", AT, "--tz", "CET"],  # a Note on stderr
    ["today", "--at", AT, "--agenda"],
    ["now", "--at", "2021-11-17T14:30"],
    ["now", "--at", "2021-11-17T14:30", "-f", "json", "--tz", "UTC"],
    ["now", "--at", "2020-01-01T00:00"],
    ["next", "--at", AT],
    ["next", "5", "--at", AT, "--include-breaks", "--format", "json"],
    ["next", "2", "--at", AT, "--include-breaks", "--no-breaks", "-f", "plain"],
    ["list"],
    ["list", "--format", "json"],
    ["list", "-f", "json", "--tz", "Asia/Tokyo", "--day", "2", "--track", "2"],
    ["list", "ws1*", "plenary", "--search", "asia", "--tag", "regional", "-f", "csv"],
    ["list", "--day", "wed", "--day", "3", "--kind", "outlook", "-k", "conclusions"],
    ["--no-color", "list", "--no-breaks", "--between", "22:00-06:00", "--tz", "Asia/Manila"],
    ["grid", "--at", AT],
    ["grid", "--at", AT, "--tz", "Asia/Tokyo", "--day", "wed", "-w", "80", "--agenda"],
    ["grid", "ws1*", "--tz", "America/Bogota", "--no-breaks", "-f", "TEXT", "-o", "-"],
    ["grid", "--track", "2", "--format", "svg", "-o", "-", "--width", "90"],
    ["grid", "--between", "22:00-06:00", "--tz", "Asia/Manila", "--search", "asia"],
    ["grid", "--at", AT, "-w", "40"],  # too narrow: the list, and a note
    # errors the core reports: the same message and exit status on both paths
    ["today", "--at", AT, "--tz", "Mars/Olympus"],
    ["today", "--at", "yesterday-ish"],
    ["list", "ws99"],
    ["list", "--day", "9"],
    ["list", "--tag", "nosuchtag"],
    ["list", "--track", "7"],
    ["next", "--at", AT, "--tz", "PST"],
    ["validate"],
    ["validate", "data/programme.toml"],
    ["validate", "no-such-file.toml"],
    ["export", "-o", "-"],
    ["export", "ws6", "-o", "-", "--format", "xml"],
    ["export", "--track", "2", "-o", "-", "--tz", "Asia/Tokyo", "--alarm", "15m"],
    ["export", "--day", "2", "-o", "-", "--utc", "-f", "JSON", "--include-breaks"],
    ["export", "--agenda", "-o", "-"],
    ["export"],
    ["export", "-o", "-", "--alarm", "ten"],
    ["export", "-o", "/nonexistent-dir/x.ics"],
    ["export", "--kind", "outlook", "--day", "1", "-o", "-"],
]

# Forms the lean path leaves to Typer (help, unknown options, values Typer judges).
DEFERRED = [
    ["--help"],
    ["today", "--help"],
    ["list", "-h"],
    ["today", "--bogus"],
    ["today", "--tz"],
    ["today", "--tz=Asia/Tokyo"],
    ["list", "--format", "xls"],
    ["list", "--kind", "nonsense"],
    ["list", "--track", "0"],
    ["list", "--track", "1_0"],
    ["next", "0"],
    ["next", "abc"],
    ["next", "3", "4"],
    ["validate", "a.toml", "b.toml"],
    ["validate", "--strict"],
    ["now", "extra"],
    ["list", "--free-in", "cal.ics"],
    ["show", "ws6"],
    ["export", "--at", AT, "-o", "-"],
    ["export", "-o", "-", "--format", "pdf"],
    ["export", "-o"],
    ["grid", "--width", "10"],
    ["grid", "-w", "wide"],
    ["grid", "--format", "png"],
    ["grid", "--help"],
    ["--programme"],
    [],
]


def _lean(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | None, str, str]:
    status = lean(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def isolated(run: Run, home: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The same isolated environment for the lean path as the `run` fixture gives Typer."""
    for name, value in {"OCTOPUS_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1"}.items():
        monkeypatch.setenv(name, value)
    return run


@pytest.mark.parametrize("args", HANDLED, ids=" ".join)
def test_lean_path_answers_as_typer_does(
    isolated: Run, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _lean(args, capsys)
    assert status is not None, "the lean path should handle these arguments"
    typer_result = isolated(*args)
    typer_out = typer_result.stdout_bytes.decode()  # as written: CSV keeps its CRLF
    assert (status, out, err) == (typer_result.exit_code, typer_out, typer_result.stderr)


@pytest.mark.parametrize("args", DEFERRED, ids=lambda a: " ".join(a) or "(none)")
def test_lean_path_leaves_the_rest_to_typer(
    isolated: Run, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _lean(args, capsys)
    assert (status, out, err) == (None, "", ""), "deferring must leave no trace"


def test_version_is_answered_without_typer(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _lean(["--version"], capsys)
    assert status == 0
    assert out.startswith("octopus ")


def test_the_programme_option_and_variable_are_honoured(
    isolated: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from conftest import MINIMAL_PROGRAMME, write_programme

    path = write_programme(tmp_path, MINIMAL_PROGRAMME)
    status, out, _ = _lean(["--programme", str(path), "list", "-f", "json"], capsys)
    assert status == 0
    assert [s["id"] for s in json.loads(out)["sessions"]] == ["a1", "b1"]
    monkeypatch.setenv("OCTOPUS_PROGRAMME", str(path))
    status, out, _ = _lean(["list", "-f", "json"], capsys)
    assert [s["id"] for s in json.loads(out)["sessions"]] == ["a1", "b1"]


HEAVY = ("typer", "pydantic", "icalendar", "dateutil", "rich.table", "lxml")
PROBE = """
import sys
from octopus_cli.cli.lean import lean
status = lean(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m in {heavy!r})
print(status, *heavy, file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["today", "--at", AT],
        ["now", "--at", AT],
        ["next", "--at", AT],
        ["list", "--format", "json"],
        ["list", "--format", "plain", "--tz", "Asia/Manila"],
        ["grid", "--at", AT, "-o", "-"],
    ],
    ids=" ".join,
)
def test_hot_commands_import_only_what_they_use(tmp_path: Path, args: list[str]) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("OCTOPUS_") and key not in ("TZ", "COLUMNS")
    }
    env["OCTOPUS_HOME"] = str(tmp_path)
    probe = [sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), *args]
    # The first run validates the programme (Pydantic) and fills the cache; later runs
    # read the cache, and import nothing heavy that plain or JSON output does not need.
    subprocess.run(probe, env=env, cwd=REPO, capture_output=True, check=True)
    result = subprocess.run(probe, env=env, cwd=REPO, capture_output=True, text=True)
    assert result.stderr.split() == ["0"], f"imported: {result.stderr}"


def test_validate_reports_problems_as_typer_does(
    isolated: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import MINIMAL_PROGRAMME, write_programme

    broken = MINIMAL_PROGRAMME.replace("track = 2", "track = 1").replace('"b1"', '"a1"')
    path = write_programme(tmp_path, broken)
    status, out, err = _lean(["validate", str(path)], capsys)
    typer_result = isolated("validate", str(path))
    assert status == 1
    assert "duplicate id" in out and "overlaps" in out
    assert (status, out, err) == (typer_result.exit_code, typer_result.stdout, typer_result.stderr)


def test_export_to_a_file_writes_what_typer_writes(
    isolated: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lean_file, typer_file = tmp_path / "lean.ics", tmp_path / "typer.ics"
    status, out, err = _lean(["export", "--track", "2", "-o", str(lean_file)], capsys)
    typer_result = isolated("export", "--track", "2", "-o", str(typer_file))
    assert status == typer_result.exit_code == 0
    assert out == typer_result.stdout == ""
    assert err.replace(str(lean_file), "FILE") == typer_result.stderr.replace(
        str(typer_file), "FILE"
    )
    assert lean_file.read_bytes() == typer_file.read_bytes()
