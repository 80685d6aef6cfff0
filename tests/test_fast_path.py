"""The fast path (`cli/fast.py`, `cli/shell.py`) must answer exactly as the Typer app does,
for every command, its help and shell completion, must leave to Typer what it does not
fully understand, and must not import what the output does not need. Its grammar is
generated from the Typer app and must be current."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO, Run

from octopus_cli.cli import generate
from octopus_cli.cli.fast import run_fast

AT = "2021-11-17T10:00"

# Arguments the fast path handles: its answer must equal Typer's, byte for byte.
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
    ["next", "1", "--agenda", "--at", AT, "--tz", "Asia/Manila", "--tz", "UTC"],
    ["next", "2", "ws1*", "plenary", "--at", "2021-11-01T09:00", "-f", "table"],
    ["now", "ws6", "ws8", "--kind", "workshop", "--at", "2021-11-17T14:30", "--tz", "Asia/Manila"],
    ["next", "0"],  # N out of range, and ids that name no session: the command says so
    ["next", "abc"],
    ["next", "3", "4"],
    ["now", "extra"],
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
    ["export", "-o", "-", "--tz", "UTC", "--tz", "Asia/Tokyo"],  # one zone only
    ["export", "-o", "-", "--tz=Asia/Tokyo", "--format=csv"],
    ["today", "--tz=Asia/Tokyo", f"--at={AT}"],
    # every other command
    ["show", "ws6"],
    ["show", "WS 6", "--tz", "Asia/Tokyo", "-f", "json"],
    ["show", "ws99"],
    ["info"],
    ["info", "--format", "json"],
    ["schema"],
    ["clashes", "ws6", "ws7"],
    ["clashes", "ws6", "ws8", "-f", "json"],
    ["clashes"],
    ["clashes", "ws6", "--buffer", "soon"],
    ["agenda", "show"],
    ["agenda", "show", "--tz", "Asia/Manila", "-f", "json"],
    ["config", "show"],
    ["config", "set", "colour", "red"],
    ["config", "unset", "tz"],
    ["--programme", "", "list"],
    # help: stored texts, as Typer prints them
    ["--help"],
    ["-h"],
    [],
    ["list", "--help"],
    ["grid", "-h"],
    ["agenda"],
    ["agenda", "--help"],
    ["agenda", "add", "--help"],
    ["config", "set", "-h"],
    ["show", "--help"],  # help wins over the missing argument
    ["list", "--format", "xls", "--help"],  # and over a value it would refuse
    ["--version"],
    ["--version", "list"],
    ["list", "--kind", "nonsense"],  # kinds and tracks are the programme's: octopus judges
    ["list", "--track", "0"],
    ["list", "--track", "1_0"],
]

# Forms the fast path leaves to Typer (unknown options, values Typer judges).
DEFERRED = [
    ["today", "--bogus"],
    ["today", "--bogus", "--help"],
    ["today", "--tz"],
    ["list", "--format", "xls"],
    ["validate", "a.toml", "b.toml"],
    ["validate", "--strict"],
    ["export", "--at", AT, "-o", "-"],
    ["export", "-o", "-", "--format", "pdf"],
    ["export", "-o"],
    ["grid", "--width", "10"],
    ["grid", "-w", "wide"],
    ["grid", "--format", "png"],
    ["--programme"],
    ["--no-color"],  # options but no command
    ["lst"],  # Typer suggests the command
    ["show"],
    ["config", "set", "tz"],
    ["today", "--", "x"],
    ["today", "-af", "json"],
    ["today", "--agenda=yes"],
    ["--install-completion"],
    ["--show-completion", "zsh"],
]


def _fast(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | None, str, str]:
    status = run_fast(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def isolated(run: Run, home: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The same isolated environment for the fast path as the `run` fixture gives Typer,
    run as `octopus` (help texts name the program)."""
    for name, value in {"OCTOPUS_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["octopus"])
    # Help wrapped as on a terminal (Click: min(columns, 80) - 2), not at the 80 columns
    # CliRunner forces by setting this module attribute, which a stand-in absorbs here.
    monkeypatch.setattr("typer.testing.formatting", SimpleNamespace(FORCED_WIDTH=None))
    return run


@pytest.mark.parametrize("args", HANDLED, ids=" ".join)
def test_fast_path_answers_as_typer_does(
    isolated: Run, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _fast(args, capsys)
    assert status is not None, "the fast path should handle these arguments"
    typer_result = isolated(*args)
    typer_out = typer_result.stdout_bytes.decode()  # as written: CSV keeps its CRLF
    assert (status, out, err) == (typer_result.exit_code, typer_out, typer_result.stderr)


@pytest.mark.parametrize("args", DEFERRED, ids=lambda a: " ".join(a) or "(none)")
def test_fast_path_leaves_the_rest_to_typer(
    isolated: Run, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _fast(args, capsys)
    assert (status, out, err) == (None, "", ""), "deferring must leave no trace"


def test_the_programme_option_and_variable_are_honoured(
    isolated: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from conftest import MINIMAL_PROGRAMME, write_programme

    path = write_programme(tmp_path, MINIMAL_PROGRAMME)
    status, out, _ = _fast(["--programme", str(path), "list", "-f", "json"], capsys)
    assert status == 0
    assert [s["id"] for s in json.loads(out)["sessions"]] == ["a1", "b1"]
    monkeypatch.setenv("OCTOPUS_PROGRAMME", str(path))
    status, out, _ = _fast(["list", "-f", "json"], capsys)
    assert [s["id"] for s in json.loads(out)["sessions"]] == ["a1", "b1"]


HEAVY = ("typer", "pydantic", "icalendar", "dateutil", "rich.table", "lxml")
PROBE = """
import sys
sys.argv[0] = "octopus"
from octopus_cli.cli.fast import run_fast
status = run_fast(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m in {heavy!r})
print("imported:", *heavy, file=sys.stderr)
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
        ["show", "ws6"],
        ["info"],
        ["agenda", "show"],
        ["clashes", "ws6", "ws7"],
        ["config", "show"],
        ["validate"],
        ["schema"],
        ["export", "-o", "-", "--format", "json"],
        ["list", "--help"],
        ["--help"],
        ["--version"],
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
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr.splitlines()[-1] == "imported:", result.stderr


def test_validate_reports_problems_as_typer_does(
    isolated: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import MINIMAL_PROGRAMME, write_programme

    broken = MINIMAL_PROGRAMME.replace("track = 2", "track = 1").replace('"b1"', '"a1"')
    path = write_programme(tmp_path, broken)
    status, out, err = _fast(["validate", str(path)], capsys)
    typer_result = isolated("validate", str(path))
    assert status == 1
    assert "duplicate id" in out and "overlaps" in out
    assert (status, out, err) == (typer_result.exit_code, typer_result.stdout, typer_result.stderr)


def test_export_to_a_file_writes_what_typer_writes(
    isolated: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fast_file, typer_file = tmp_path / "fast.ics", tmp_path / "typer.ics"
    status, out, err = _fast(["export", "--track", "2", "-o", str(fast_file)], capsys)
    typer_result = isolated("export", "--track", "2", "-o", str(typer_file))
    assert status == typer_result.exit_code == 0
    assert out == typer_result.stdout == ""
    assert err.replace(str(fast_file), "FILE") == typer_result.stderr.replace(
        str(typer_file), "FILE"
    )
    assert fast_file.read_bytes() == typer_file.read_bytes()


# Completion requests: (shell, the command line so far). The fast answer must be Typer's.
COMPLETIONS = [
    ("bash", "octopus "),
    ("bash", "octopus li"),
    ("bash", "octopus show ws1"),
    ("bash", "octopus show ws6 "),
    ("bash", "octopus today --tz Asia/Ma"),
    ("bash", "octopus today --tz=Europe/Pa"),
    ("bash", "octopus list --track "),
    ("bash", "octopus list --kind OUT"),
    ("bash", "octopus list --t"),
    ("bash", "octopus list -"),
    ("bash", "octopus list --agenda -"),
    ("bash", "octopus grid --format "),
    ("bash", "octopus agenda "),
    ("bash", "octopus agenda add out"),
    ("bash", "octopus agenda add ws6 ws1"),
    ("bash", "octopus config set "),
    ("bash", "octopus --programme data/programme.toml show ws2"),
    ("bash", "octopus --no-color today --tag reg"),
    ("bash", "octopus --tz Asia/"),
    ("bash", "octopus today --bogus --tz UT"),
    ("bash", "octopus nosuch --tz UT"),
    ("bash", "octopus export -o "),
    ("bash", "octopus clashes --calendar "),
    ("bash", "octopus next "),
    ("bash", "octopus 'list"),
    ("zsh", "octopus show ws"),
    ("zsh", "octopus "),
    ("zsh", "octopus list --"),
    ("zsh", "octopus today --tz America/St"),
    ("zsh", "octopus config set "),
    ("fish", "octopus show ws6"),
    ("fish", "octopus "),
]


def _completion_env(shell: str, line: str) -> dict[str, str]:
    env = {"_OCTOPUS_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split()
        env["COMP_WORDS"] = line
        env["COMP_CWORD"] = str(len(words) - (0 if line.endswith(" ") else 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return env


@pytest.mark.parametrize(("shell", "line"), COMPLETIONS, ids=lambda v: v)
def test_completion_answers_as_typer_does(
    isolated: Run,
    shell: str,
    line: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = _completion_env(shell, line)
    typer_result = isolated(env=env)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    status, out, err = _fast([], capsys)
    assert (status, err) == (typer_result.exit_code, "")
    expected = typer_result.stdout
    if shell == "zsh":
        # Typer renders zsh descriptions with Rich, which wraps them at the terminal's
        # width (a newline inside a description) and reads markup in them; the fast
        # path writes each description whole and as it is.
        expected = re.sub(r" *\n(?=[^\"\n])", " ", expected)
    # Click keeps the names of the help option in a set: their order varies between runs.
    assert _help_names_sorted(out) == _help_names_sorted(expected)


def _help_names_sorted(out: str) -> str:
    help_text = "Show this message and exit."
    for shell_form in ("-h", f'"-h":"{help_text}"', f"-h\t{help_text}"):
        long_form = shell_form.replace("-h", "--help")
        out = out.replace(f"{long_form}\n{shell_form}", f"{shell_form}\n{long_form}")
    return out


def test_fish_asks_whether_there_are_candidates(
    isolated: Run, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for line, expected in (("octopus show ws6", 0), ("octopus config set ", 1)):
        env = {**_completion_env("fish", line), "_TYPER_COMPLETE_FISH_ACTION": "is-args"}
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert _fast([], capsys) == (expected, "", "")
        assert isolated(env=env).exit_code == expected


def test_other_shells_and_instructions_are_left_to_typer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for value in ("complete_powershell", "source_bash", "nonsense"):
        monkeypatch.setenv("_OCTOPUS_COMPLETE", value)
        assert _fast([], capsys) == (None, "", "")


def test_the_grammar_and_schema_files_are_generated_from_the_app() -> None:
    """The fast path reads what `python -m octopus_cli.cli.generate` writes: when the app
    or the programme model changes, that command must be run again."""
    fix = "regenerate with: uv run python -m octopus_cli.cli.generate"
    assert generate.GRAMMAR.read_text(encoding="utf-8") == generate.grammar_text(), fix
    assert generate.SCHEMA.read_text(encoding="utf-8") == generate.schema_text(), fix
    assert json.loads(generate.SCHEMA.read_text(encoding="utf-8"))["title"]


def test_every_command_of_the_app_is_in_the_grammar() -> None:
    from octopus_cli.cli.commands import COMMANDS
    from octopus_cli.cli.fast import grammar

    paths = {tuple(key.split()) for key in grammar() if key}
    assert set(COMMANDS) <= paths
    assert {("config",), ("agenda",)} <= paths


def test_help_for_another_program_name_or_a_narrow_terminal_is_left_to_typer(
    isolated: Run, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["python -m octopus_cli"])
    assert _fast(["list", "--help"], capsys) == (None, "", "")
    monkeypatch.setattr(sys, "argv", ["octopus"])
    monkeypatch.setenv("COLUMNS", "60")
    assert _fast(["list", "--help"], capsys) == (None, "", "")
