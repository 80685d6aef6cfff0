"""One language across commands (issue 14): what a pick, a format, a path or Ctrl-C means is
the same on every command that has it."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Run

from octopus_cli.cli import entry

AT = "2021-11-17T10:00"


@pytest.fixture
def picked_ws6(run: Run) -> Run:
    assert run("agenda", "add", "ws6").exit_code == 0
    return run


# ---- a pick is a pick everywhere ----------------------------------------------------------


def test_show_marks_a_pick_in_every_form(picked_ws6: Run) -> None:
    record = json.loads(picked_ws6("show", "ws6", "-f", "json").stdout)["session"]
    assert record["picked"] is True
    assert json.loads(picked_ws6("show", "ws7", "-f", "json").stdout)["session"]["picked"] is False
    plain = picked_ws6("show", "ws6", "-f", "plain").stdout.splitlines()
    assert plain[:3] == [
        "WS 6: Automated detection of child sexual abuse materials",
        "  id: ws6",
        "  picked: yes, in your agenda",
    ]
    assert "picked" not in picked_ws6("show", "ws7", "-f", "plain").stdout
    table = picked_ws6("show", "ws6", "-f", "table").stdout
    assert "Picked" in table and "in your agenda" in table


def test_clashes_json_says_which_sessions_are_picked(picked_ws6: Run) -> None:
    result = picked_ws6("clashes", "ws6", "ws7", "-f", "json")
    assert result.exit_code == 1
    (clash,) = json.loads(result.stdout)["clashes"]
    assert (clash["first"]["id"], clash["first"]["picked"]) == ("ws6", True)
    assert (clash["second"]["id"], clash["second"]["picked"]) == ("ws7", False)


# ---- every --format a command lists produces that format ----------------------------------


def test_info_csv_is_csv(run: Run) -> None:
    result = run("info", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["field", "value"]
    assert ["Conference", "Octopus Conference 2021"] in rows
    assert all(len(row) == 2 for row in rows)


def test_clashes_csv_is_csv_and_keeps_its_exit_status(run: Run) -> None:
    result = run("clashes", "ws6", "ws7", "ws8", "--format", "csv")
    assert result.exit_code == 1  # a clash was found, whatever the format
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["first"], r["second"], r["overlap_minutes"]) for r in rows] == [
        ("ws6", "ws7", "110")
    ]
    assert rows[0]["first_start"] == "2021-11-17T14:00:00+01:00"
    free = run("clashes", "ws6", "ws8", "--format", "csv")
    assert free.exit_code == 0
    assert free.stdout.splitlines() == [
        "first_type,first,first_start,first_end,second_type,second,second_start,"
        "second_end,overlap_minutes"
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["today", "--at", AT],
        ["now", "--at", AT],
        ["next", "--at", AT],
        ["show", "ws6"],
        ["info"],
        ["agenda", "show"],
        ["clashes", "ws6", "ws8"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("fmt", ["json", "csv", "plain", "table"])
def test_every_listed_format_is_produced(run: Run, command: list[str], fmt: str) -> None:
    result = run(*command, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["version"] == 1
    elif fmt == "csv" and result.stdout:
        header = next(csv.reader(io.StringIO(result.stdout)))
        assert len(header) > 1 and all(name.isidentifier() for name in header), header


# ---- a path's hint names where the path was given ----------------------------------------


def test_validate_names_its_own_argument_for_a_missing_file(run: Run) -> None:
    result = run("validate", "my.toml")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: programme file not found: my.toml\nCheck the path given to 'octopus validate'.\n"
    )
    result = run("--programme", "nope.toml", "validate")
    assert result.exit_code == 2
    assert result.stderr.endswith("Check the path given to --programme.\n")


# ---- Ctrl-C at any moment: 130, no traceback ---------------------------------------------


def test_an_interrupt_wrapped_by_an_import_is_still_an_interrupt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while a class is made arrives as 'RuntimeError: Error calling __set_name__'."""

    def interrupted_import(argv: list[str]) -> int:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("Error calling __set_name__") from interrupt

    import octopus_cli.cli.fast

    monkeypatch.setattr(octopus_cli.cli.fast, "run_fast", interrupted_import)
    monkeypatch.setattr(sys, "argv", ["octopus", "today"])
    previous = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as stop:
            entry.main()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert stop.value.code == 130
    assert capsys.readouterr().err == "\n"


def test_a_real_bug_still_shows_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import octopus_cli.cli.fast

    def broken(argv: list[str]) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(octopus_cli.cli.fast, "run_fast", broken)
    monkeypatch.setattr(sys, "argv", ["octopus", "today"])
    previous = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(RuntimeError, match="a bug"):
            entry.main()
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_ctrl_c_while_octopus_is_being_imported_exits_130_quietly() -> None:
    """The moment the entry module is imported, an interrupt ends the run at once (before
    `main`, nothing has been written that needs cleaning up)."""
    probe = (
        "import os, signal\n"
        "import octopus_cli.cli.entry\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "import time; time.sleep(5)\n"
        "print('not reached')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=30
    )
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "\n")


# ---- completion: the shell named is the shell served ---------------------------------------


def test_show_completion_honours_the_shell_named(run: Run) -> None:
    assert run("--show-completion", "zsh").stdout.startswith("#compdef octopus")
    assert "complete --command octopus" in run("--show-completion", "fish").stdout
    assert run("--show-completion", "bash").stdout.startswith("_octopus_completion()")


def test_an_unknown_shell_is_refused(run: Run) -> None:
    for flag in ("--show-completion", "--install-completion"):
        result = run(flag, "tcsh")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            "Error: cannot set up completion for the shell 'tcsh'",
            f"Name the shell: bash, zsh, fish, powershell, pwsh (for example {flag} zsh).",
        ]


def test_install_completion_installs_for_the_shell_named(tmp_path: Path, home: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "OCTOPUS_HOME": str(home), "SHELL": "/bin/bash"}
    octopus = Path(sys.executable).parent / "octopus"
    result = subprocess.run(
        [str(octopus), "--install-completion", "fish"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    installed = tmp_path / ".config" / "fish" / "completions" / "octopus.fish"
    assert "complete --command octopus" in installed.read_text()
    assert not (tmp_path / ".bashrc").exists()  # not bash, though bash is the shell here
    assert result.stderr == f"Installed fish completion in {installed}; it works in new shells.\n"


def test_city_names_complete_as_the_zones_tz_takes() -> None:
    from octopus_cli.cli.completion import zones

    assert zones("tok") == [("tokyo", "Asia/Tokyo")]
    assert ("New_York", "America/New_York") in zones("New")
    assert ("sao_paulo", "America/Sao_Paulo") in zones("sao")
    assert zones("Asia/Tok") == [("Asia/Tokyo", "")]  # an IANA prefix offers IANA names


def test_a_completed_city_is_a_zone_tz_accepts(run: Run) -> None:
    for city in ("tokyo", "New_York", "sao_paulo"):
        assert run("now", "--at", AT, "--tz", city, "-f", "json").exit_code == 0, city


# ---- help that reads well ------------------------------------------------------------------


def test_command_summaries_are_never_cut(run: Run) -> None:
    listing = run("--help").stdout.split("Commands:")[1]
    assert "..." not in listing
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "...\n" not in reference.split("**Commands**")[1].split("## ")[0]


def test_a_missing_value_points_to_the_commands_own_help(run: Run) -> None:
    result = run("list", "--tz")
    assert result.exit_code == 2
    assert (
        result.stderr == "Error: Option '--tz' requires an argument.\nSee 'octopus list --help'.\n"
    )
    result = run("agenda", "show", "--format")
    assert result.stderr.endswith("See 'octopus agenda show --help'.\n")


@pytest.mark.parametrize(
    ("offset", "zones"),
    [
        ("UTC+8", ["Asia/Manila", "Asia/Shanghai", "Asia/Singapore"]),
        ("+05:30", ["Asia/Colombo", "Asia/Kolkata"]),
        ("GMT+5:45", ["Asia/Kathmandu"]),
        ("UTC-3:30", ["America/St_Johns"]),
    ],
)
def test_an_offset_suggests_zones_at_that_offset(run: Run, offset: str, zones: list[str]) -> None:
    result = run("now", "--tz", offset)
    assert result.exit_code == 2
    first, hint = result.stderr.splitlines()
    assert first == f"Error: '{offset}' is a UTC offset, not a time zone"
    assert all(zone in hint for zone in zones), hint
    assert "Asia/Kolkata" not in hint or offset == "+05:30"


# ---- an output file's extension names its format -------------------------------------------


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["export", "-o", "x.pdf"], "Name the file .ics, .json, .csv or .xml, or give --format"),
        (["grid", "-o", "grid.png"], "Name the file .svg or .txt, or give --format"),
    ],
)
def test_an_extension_that_names_no_format_is_refused(
    run: Run, tmp_path: Path, args: list[str], hint: str
) -> None:
    name = args[-1]
    args[-1] = str(tmp_path / name)
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"Error: -o {args[-1]}: '.{name.rsplit('.', 1)[1]}' is not a format octopus writes here"
    )
    assert result.stderr.splitlines()[1].startswith(hint)
    assert not (tmp_path / name).exists()


def test_format_given_or_no_extension_writes(run: Run, tmp_path: Path) -> None:
    assert run("export", "-o", str(tmp_path / "x.pdf"), "--format", "ics").exit_code == 0
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert run("export", "-o", str(tmp_path / "calendar")).exit_code == 0
    assert (tmp_path / "calendar").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert run("grid", "-o", str(tmp_path / "grid.txt"), "--at", AT).exit_code == 0
    assert run("grid", "-o", str(tmp_path / "g.SVG"), "--at", AT).exit_code == 0
    assert (tmp_path / "g.SVG").read_text().startswith("<svg")


# ---- every zone given, and the conference's beside them ------------------------------------


def test_show_gives_every_zone_and_the_conference_zone(run: Run) -> None:
    plain = run("show", "ws6", "--tz", "Asia/Manila", "--tz", "UTC", "-f", "plain").stdout
    assert [line for line in plain.splitlines() if line.startswith("  when:")] == [
        "  when: Wed 17 Nov 2021 21:00–22:50 (Asia/Manila)",
        "  when: Wed 17 Nov 2021 13:00–14:50 (UTC)",
        "  when: Wed 17 Nov 2021 14:00–15:50 (Europe/Paris)",
    ]


def test_clashes_give_the_conference_time_beside_the_viewers(run: Run) -> None:
    result = run("clashes", "ws6", "ws7", "--tz", "Asia/Manila", "-f", "plain")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "Wed 17 Nov 21:00–22:50 (14:00–15:50 Paris)  "
        "ws6 WS 6: Automated detection of child sexual abuse materials"
    )


def test_words_given_as_an_id_point_to_search(run: Run) -> None:
    result = run("show", "Ransomware")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: no session has the id 'Ransomware'",
        "'Ransomware' is in ws4, ws7. Search with: octopus list --search Ransomware",
    ]
    quoted = run("show", "artificial intelligence").stderr.splitlines()[1]
    assert quoted.endswith("octopus list --search 'artificial intelligence'")
    assert run("list", "--search", "artificial intelligence", "-f", "json").exit_code == 0
    typo = run("show", "ws66").stderr.splitlines()
    assert typo[0] == "Error: unknown session 'ws66'"
    assert typo[1].startswith("Did you mean ws6")


def test_validate_counts_one_session_in_the_singular(run: Run, tmp_path: Path) -> None:
    from conftest import MINIMAL_PROGRAMME, write_programme

    one = MINIMAL_PROGRAMME.split('[[sessions]]\nid = "b1"')[0]
    path = write_programme(tmp_path, one)
    result = run("validate", str(path))
    assert (result.exit_code, result.stdout) == (0, f"{path}: valid, 1 session\n")
