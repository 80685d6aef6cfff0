"""The corpus of bad inputs: every file in tests/corpus/ run through the commands that read it.

`tests/corpus/expected.toml` lists each input (a file in programmes/, calendars/, config/ or
agenda/, or one made at run time by a generator below), the commands to run on it, the exit
status and what the message must say. Bad command lines are the USAGE table below. Every
run is held to the README's contract: no traceback, `Error: ...` on stderr and nothing on
stdout for bad input (exit 2), problems on stdout for `validate` (exit 1), and a file that
octopus cannot use is never changed."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import tomllib
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_PROGRAMME, Run
from typer.testing import Result

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = CORPUS / "expected.toml"
KINDS = ("programmes", "calendars", "config", "agenda")

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
skip_as_root = pytest.mark.skipif(IS_ROOT, reason="root reads any file")


# ---- generated inputs ---------------------------------------------------------------------
# Inputs git cannot hold as they are: made in tmp_path at `path` by the test that uses them.

Generator = Callable[[Path], None]

HUGE_BYTES = 50 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024


def _calendar(summary: str) -> str:
    """One event that clashes with ws6 (14:00-15:50 on 17 Nov 2021, Paris); SUMMARY on line 9."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//octopus corpus//EN",
        "BEGIN:VEVENT",
        "UID:encoding@corpus",
        "DTSTAMP:20211101T000000Z",
        "DTSTART;TZID=Europe/Paris:20211117T143000",
        "DTEND;TZID=Europe/Paris:20211117T150000",
        f"SUMMARY:{summary}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


REUNION = "Réunion d'équipe"


def binary_garbage(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe\x00garbage" + bytes(range(256)))


def latin_1_programme(path: Path) -> None:
    path.write_bytes(MINIMAL_PROGRAMME.replace("First", "Première").encode("latin-1"))


def huge_programme(path: Path) -> None:
    """A valid programme padded with comment lines to over 50 MB, written 1 MB at a time."""
    line = b"# padding: a programme no real conference would need\n"
    chunk = line * (CHUNK_BYTES // len(line))
    with path.open("wb") as handle:
        handle.write(MINIMAL_PROGRAMME.encode("utf-8"))
        for _ in range(HUGE_BYTES // len(chunk) + 1):
            handle.write(chunk)


def directory(path: Path) -> None:
    path.mkdir()
    (path / "keep.txt").write_text("mine\n", encoding="utf-8")


def _unreadable(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.chmod(0)


def unreadable_programme(path: Path) -> None:
    _unreadable(path, MINIMAL_PROGRAMME.encode("utf-8"))


def unreadable_calendar(path: Path) -> None:
    _unreadable(path, _calendar("Team sync").encode("utf-8"))


def unreadable_config(path: Path) -> None:
    _unreadable(path, b'tz = "UTC"\n')


def unreadable_agenda(path: Path) -> None:
    _unreadable(path, b'{"version": 1, "programmes": {"octopus-conference-2021": ["ws8"]}}\n')


def calendar_utf_16_le(path: Path) -> None:
    path.write_bytes(_calendar(REUNION).encode("utf-16-le"))


def calendar_utf_16_be(path: Path) -> None:
    path.write_bytes(_calendar(REUNION).encode("utf-16-be"))


def calendar_utf_16_bom(path: Path) -> None:
    path.write_bytes(_calendar(REUNION).encode("utf-16"))  # with the byte-order mark


def calendar_utf_16_le_blank_first_line(path: Path) -> None:
    path.write_bytes(("\r\n" + _calendar("Team sync")).encode("utf-16-le"))


def calendar_latin_1(path: Path) -> None:
    path.write_bytes(_calendar(REUNION).encode("latin-1"))


def calendar_shift_jis(path: Path) -> None:
    path.write_bytes(_calendar("定例会議").encode("shift_jis"))


def config_latin_1(path: Path) -> None:
    path.write_bytes(b'tz = "Am\xe9rica/Bogota"\n')


GENERATORS: dict[str, Generator] = {
    generator.__name__: generator
    for generator in (
        binary_garbage,
        latin_1_programme,
        huge_programme,
        directory,
        unreadable_programme,
        unreadable_calendar,
        unreadable_config,
        unreadable_agenda,
        calendar_utf_16_le,
        calendar_utf_16_be,
        calendar_utf_16_bom,
        calendar_utf_16_le_blank_first_line,
        calendar_latin_1,
        calendar_shift_jis,
        config_latin_1,
    )
}


# ---- the manifest -------------------------------------------------------------------------

CASE_KEYS = {"file", "generate", "install", "skip_root", "why", "runs"}
COMMAND_KEYS = {"args", "exit", "stderr", "stdout", "changes"}


@dataclass(frozen=True)
class Command:
    args: tuple[str, ...]
    exit: int
    stderr: tuple[str, ...] = ()
    stdout: tuple[str, ...] | None = None  # None: stdout must be empty
    changes: bool = False  # the command may change the input

    @property
    def name(self) -> str:
        """'list', 'validate', 'clashes-ws6-ws8', 'agenda-add-ws6': for test ids."""
        return "-".join(a for a in self.args if a != "{file}" and not a.startswith("-"))


@dataclass(frozen=True)
class Case:
    file: str
    runs: tuple[Command, ...]
    generate: str | None = None
    install: str | None = None
    skip_root: bool = False
    why: str = ""
    extra_keys: frozenset[str] = field(default_factory=frozenset)  # typos, checked below


def _command(raw: Mapping[str, Any]) -> Command:
    stdout = raw.get("stdout")
    return Command(
        args=tuple(raw["args"]),
        exit=raw["exit"],
        stderr=tuple(raw.get("stderr", ())),
        stdout=tuple(stdout) if stdout is not None else None,
        changes=raw.get("changes", False),
    )


def load_manifest() -> list[Case]:
    document = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    cases = []
    for raw in document["case"]:
        extra = set(raw) - CASE_KEYS
        extra |= {f"runs.{k}" for run in raw.get("runs", []) for k in set(run) - COMMAND_KEYS}
        cases.append(
            Case(
                file=raw["file"],
                runs=tuple(_command(run) for run in raw.get("runs", [])),
                generate=raw.get("generate"),
                install=raw.get("install"),
                skip_root=raw.get("skip_root", False),
                why=raw.get("why", ""),
                extra_keys=frozenset(extra),
            )
        )
    return cases


CASES = load_manifest()


def _params() -> list[Any]:
    return [
        pytest.param(
            case,
            command,
            id=f"{case.file}:{command.name}",
            marks=[skip_as_root] if case.skip_root else [],
        )
        for case in CASES
        for command in case.runs
    ]


# ---- checks shared by every run -----------------------------------------------------------


def _no_crash(result: Result) -> None:
    """No exception escaped (CliRunner catches them: they never reach stderr) and no
    traceback was printed."""
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        shown = "".join(traceback.format_exception(error))
        pytest.fail(f"exception instead of an error message:\n{shown}")
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def _outcome(result: Result) -> str:
    return f"exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"


def _snapshot(path: Path) -> tuple[object, ...]:
    """What must not change: a directory's entries, or a file's inode, mode and content (a
    digest, read in chunks; a file we cannot read is compared by inode, mode and size)."""
    info = path.stat()
    if path.is_dir():
        return ("directory", info.st_ino, sorted(p.name for p in path.iterdir()))
    if not os.access(path, os.R_OK):
        return ("file", info.st_ino, info.st_mode, info.st_size, info.st_mtime_ns)
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return ("file", info.st_ino, info.st_mode, info.st_size, digest)


def _prepare(case: Case, home: Path, tmp_path: Path) -> Path:
    """Put the input where the command will read it; returns that path."""
    if case.install is not None:
        target = home / case.install
    else:
        inputs = tmp_path / "inputs"
        inputs.mkdir()
        target = inputs / Path(case.file).name
    if case.generate is not None:
        GENERATORS[case.generate](target)
    else:
        shutil.copyfile(CORPUS / case.file, target)
    return target


def _cleanup(path: Path) -> None:
    if path.is_dir() or not path.exists():
        return
    path.chmod(0o600)  # unreadable inputs: let pytest remove them
    if path.stat().st_size > CHUNK_BYTES:
        path.unlink()  # the 50 MB file: not kept among pytest's last three runs


@pytest.mark.parametrize(("case", "command"), _params())
def test_corpus(run: Run, home: Path, tmp_path: Path, case: Case, command: Command) -> None:
    path = _prepare(case, home, tmp_path)
    try:
        before = _snapshot(path)
        result = run(*(str(path) if a == "{file}" else a for a in command.args))
        _no_crash(result)
        assert result.exit_code == command.exit, _outcome(result)

        def expand(text: str) -> str:
            return text.replace("{file}", str(path))

        if command.exit == 2:
            assert result.stderr.startswith("Error: "), _outcome(result)
        elif not command.stderr:
            assert result.stderr == "", _outcome(result)
        for fragment in map(expand, command.stderr):
            assert fragment in result.stderr, (fragment, _outcome(result))

        if command.stdout is None:
            assert result.stdout == "", _outcome(result)
        for fragment in map(expand, command.stdout or ()):
            assert fragment in result.stdout, (fragment, _outcome(result))
        if command.args[0] == "validate" and command.exit == 1:
            lines = result.stdout.splitlines()
            assert re.fullmatch(rf"{re.escape(str(path))}: \d+ problems?", lines[0]), lines
            assert lines[1:] and all(line.startswith("  - ") for line in lines[1:]), lines

        if not command.changes:
            assert _snapshot(path) == before, "the input was changed"
        allowed = {case.install, f"{case.install}.lock"} if case.install else set()
        allowed.add("cache")  # validated programmes, kept to start faster (cache.py)
        allowed.add("seen")  # what the user last saw of each programme (snapshots.py)
        assert {p.name for p in home.iterdir()} <= allowed, "stray files in OCTOPUS_HOME"
    finally:
        _cleanup(path)


# ---- the manifest itself ------------------------------------------------------------------


def test_manifest_has_no_unknown_keys() -> None:
    assert {case.file: sorted(case.extra_keys) for case in CASES if case.extra_keys} == {}


def test_every_corpus_file_is_in_the_manifest_and_every_entry_exists() -> None:
    on_disk = {
        path.relative_to(CORPUS).as_posix()
        for kind in KINDS
        for path in (CORPUS / kind).iterdir()
        if path.is_file()
    }
    stored = [case.file for case in CASES if case.generate is None]
    generated = [case.file for case in CASES if case.generate is not None]
    assert sorted(on_disk - set(stored)) == [], "corpus files the manifest does not list"
    assert sorted(set(stored) - on_disk) == [], "manifest entries without a file"
    assert sorted(set(generated) & on_disk) == [], "generated inputs must not be stored"
    files = stored + generated
    assert len(files) == len(set(files)), "a file is listed twice"
    assert all(case.file.split("/", 1)[0] in KINDS for case in CASES)


def test_every_generator_exists_and_is_used() -> None:
    used = {case.generate for case in CASES if case.generate is not None}
    assert sorted(used - set(GENERATORS)) == []
    assert sorted(set(GENERATORS) - used) == []


def test_every_case_runs_something_with_a_message_to_check() -> None:
    for case in CASES:
        assert case.runs, case.file
        for command in case.runs:
            assert "{file}" in command.args or case.install is not None, case.file
            assert command.exit in (0, 1, 2), case.file
            if command.exit == 2:
                assert command.stderr, f"{case.file}: exit 2 needs the message it must show"


# ---- bad command lines: every one exits 2 and names what is wrong ---------------------------


@dataclass(frozen=True)
class Usage:
    args: tuple[str, ...]
    fragments: tuple[str, ...]  # substrings of stderr; the bad value among them
    env: Mapping[str, str] | None = None


def usage(*args: str, says: tuple[str, ...], env: Mapping[str, str] | None = None) -> Usage:
    return Usage(args, says, env)


NO_PROGRAMME = "/nonexistent/programme.toml"
NO_CALENDAR = "/nonexistent/work.ics"
USAGE = [
    # the command line itself
    usage("frobnicate", says=("No such command 'frobnicate'",)),
    usage("list", "--frobnicate", says=("No such option: --frobnicate",)),
    usage("--frobnicate", "list", says=("No such option: --frobnicate",)),
    usage("agenda", "frobnicate", says=("No such command 'frobnicate'",)),
    usage("config", "frobnicate", says=("No such command 'frobnicate'",)),
    usage("list", "--tz", says=("'--tz' requires an argument",)),
    usage("show", "ws6", "ws8", says=("unexpected extra argument", "ws8")),
    # the programme file
    usage("--programme", NO_PROGRAMME, "list", says=("not found", NO_PROGRAMME)),
    usage("--programme", "", "list", says=("empty",)),
    usage("validate", NO_PROGRAMME, says=("not found", NO_PROGRAMME)),
    # --tz, on every command that takes it
    usage("list", "--tz", "garbage", says=("unknown time zone 'garbage'",)),
    usage("list", "--tz", "", says=("empty time zone name",)),
    usage("list", "--tz", "PST", says=("'PST'", "ambiguous", "America/Los_Angeles")),
    usage("list", "--tz", "+05:30", says=("'+05:30'", "UTC offset")),
    usage("list", "--tz", "UTC", "--tz", "Mars/Olympus", says=("'Mars/Olympus'",)),
    usage("today", "--tz", "garbage", says=("'garbage'",)),
    usage("now", "--tz", "Mars/Olympus", says=("'Mars/Olympus'",)),
    usage("next", "--tz", "IST", says=("'IST'", "ambiguous", "Asia/Kolkata")),
    usage("show", "ws6", "--tz", "+05:30", says=("'+05:30'",)),
    usage("export", "-o", "-", "--tz", "PST", says=("'PST'", "ambiguous")),
    usage("clashes", "ws6", "ws8", "--tz", "garbage", says=("'garbage'",)),
    usage("agenda", "show", "--tz", "garbage", says=("'garbage'",)),
    usage("list", env={"OCTOPUS_TZ": "garbage"}, says=("OCTOPUS_TZ", "'garbage'")),
    # --at and OCTOPUS_NOW
    usage("now", "--at", "yesterday-ish", says=("--at", "'yesterday-ish'")),
    usage("now", "--at", "2021-02-30T10:00", says=("--at", "'2021-02-30T10:00'", "out of range")),
    usage("now", "--at", "2021", says=("--at", "'2021'")),
    usage("next", "--at", "17 Nov", says=("--at", "'17 Nov' has no year")),
    usage("list", "--at", "nope", says=("--at", "'nope'")),
    usage("today", "--at", "2021-13-01", says=("--at", "'2021-13-01'")),
    usage("agenda", "show", "--at", "nope", says=("--at", "'nope'")),
    usage("now", env={"OCTOPUS_NOW": "garbage"}, says=("OCTOPUS_NOW", "'garbage'")),
    # --day (also spelt --date: one option, named --day in its messages)
    usage("today", "--date", "2021-02-30", says=("--day", "'2021-02-30'", "day is out of range")),
    usage("today", "--date", "", says=("--day", "not a date: ''")),
    usage("today", "--date", "17 Nov", says=("--day", "'17 Nov' has no year")),
    usage("today", "--date", "2021", says=("--day", "'2021'")),
    usage("today", "--date", "Nov 2021", says=("--day", "'Nov 2021'")),
    usage("today", "--date", "2021-11-17T10:00", says=("--day", "is a date and time")),
    usage("today", "--day", "wed", "-d", "thu", says=("--day", "one day", "list --day wed")),
    usage("list", "--day", "0", says=("--day", "no day 0")),
    usage("list", "--day", "9", says=("--day", "no day 9", "day numbers 1–3")),
    usage("list", "--day", "123", says=("--day", "123")),
    usage("list", "--day", "funday", says=("--day", "'funday'")),
    usage("list", "--day", "sun", says=("--day", "no Sunday", "Tue 16 – Thu 18 Nov")),
    usage("list", "--day", "", says=("--day", "not a date: ''")),
    usage("list", "--date", "5", "--tz", "Asia/Manila", says=("no day 5 in Asia/Manila", "1–4")),
    usage("grid", "--date", "sat", says=("--day", "no Saturday")),
    usage("export", "--day", "9", "-o", "-", says=("--day", "no day 9")),
    # --kind, --track, --tag, --between
    usage("list", "--kind", "nonsense", says=("--kind", "'nonsense'", "workshop")),
    usage("today", "--kind", "nonsense", says=("--kind", "'nonsense'")),
    usage("export", "--kind", "nonsense", "-o", "-", says=("--kind", "'nonsense'")),
    usage("list", "--track", "0", says=("--track", "0")),
    usage("list", "--track", "99", says=("--track", "no track 99", "1, 2")),
    usage("list", "--track", "abc", says=("--track", "abc")),
    usage("today", "--track", "99", says=("--track", "no track 99")),
    usage("export", "--track", "99", "-o", "-", says=("--track", "no track 99")),
    usage("list", "--tag", "nosuchtag", says=("--tag", "'nosuchtag'")),
    usage("today", "--tag", "nosuchtag", says=("--tag", "'nosuchtag'")),
    usage("export", "--tag", "nosuchtag", "-o", "-", says=("--tag", "'nosuchtag'")),
    usage("list", "--between", "25:00-26:00", says=("--between", "'25:00-26:00'")),
    usage("list", "--between", "10:00", says=("--between", "'10:00'")),
    usage("list", "--between", "10:00-10:00", says=("--between", "'10:00-10:00'", "empty")),
    usage("today", "--between", "10:60-11:00", says=("--between", "'10:60-11:00'")),
    usage("export", "--between", "-", "-o", "-", says=("--between", "'-'")),
    # --format
    usage("list", "--format", "xls", says=("--format", "'xls'", "json")),
    usage("today", "--format", "xls", says=("--format", "'xls'")),
    usage("now", "--format", "xls", says=("--format", "'xls'")),
    usage("next", "--format", "xls", says=("--format", "'xls'")),
    usage("show", "ws6", "--format", "xls", says=("--format", "'xls'")),
    usage("info", "--format", "xls", says=("--format", "'xls'")),
    usage("clashes", "ws6", "ws8", "--format", "xls", says=("--format", "'xls'")),
    usage("agenda", "show", "--format", "xls", says=("--format", "'xls'")),
    usage("export", "--format", "pdf", "-o", "x", says=("--format", "'pdf'", "ics")),
    # session ids
    usage("next", "0", says=("'N'", "0")),
    usage("next", "abc", says=("unknown session 'abc'",)),  # not digits: a session id
    usage("next", "1001", says=("'N'", "1001")),
    usage("show", says=("Missing argument 'ID'",)),
    usage("show", "ws99", says=("unknown session 'ws99'", "ws9")),
    usage("show", "", says=("empty session id",)),
    usage("show", "ws*", says=("'ws*' matches 14 sessions",)),
    usage("list", "ws99", says=("unknown session 'ws99'",)),
    usage("list", "", says=("empty session id",)),
    usage("list", "ws1[", says=("no session matches 'ws1['",)),
    usage("export", "ws99", "-o", "-", says=("unknown session 'ws99'",)),
    usage("clashes", "ws99", says=("unknown session 'ws99'",)),
    usage("agenda", "add", "ws99", says=("unknown session 'ws99'",)),
    usage("agenda", "add", "", says=("empty session id",)),
    usage("agenda", "add", says=("Missing argument",)),
    usage("agenda", "remove", "ws99", says=("unknown session 'ws99'",)),
    # export
    usage("export", says=("-o",)),
    usage("export", "-o", "/nonexistent-dir/x.ics", says=("/nonexistent-dir", "does not exist")),
    usage("export", "-o", ".", says=("cannot write .", "directory")),
    usage("export", "--alarm", "ten", "-o", "-", says=("--alarm", "'ten'")),
    usage("export", "--alarm", "-5m", "-o", "-", says=("--alarm", "'-5m'")),
    usage("export", "--alarm", "400d", "-o", "-", says=("--alarm", "'400d'", "longer than a year")),
    usage("export", "--alarm", "", "-o", "-", says=("--alarm", "''")),
    usage("export", "--search", "zzzzzz", "-o", "-", says=("no sessions match",)),
    # clashes
    usage("clashes", "ws6", "ws8", "--buffer", "ten", says=("--buffer", "'ten'")),
    usage("clashes", "ws6", "ws8", "--buffer", "400d", says=("--buffer", "'400d'")),
    usage("clashes", "ws6", "ws8", "--buffer", "", says=("--buffer", "''")),
    usage("clashes", "ws6", "ws8", "--min-overlap", "-5m", says=("--min-overlap", "'-5m'")),
    usage("clashes", "ws6", "ws8", "--min-overlap", "", says=("--min-overlap", "''")),
    usage("clashes", says=("nothing to check",)),
    usage("clashes", "ws6", "ws8", "--calendar", NO_CALENDAR, says=("not found", NO_CALENDAR)),
    usage("list", "--free-in", NO_CALENDAR, says=("not found", NO_CALENDAR)),
    # config
    usage("config", "set", "nosuch", "value", says=("unknown setting 'nosuch'", "tz")),
    usage("config", "set", "tz", "Nowhere/City", says=("unknown time zone 'Nowhere/City'",)),
    usage("config", "set", "tz", "", says=("empty time zone name",)),
    usage("config", "set", "tz", "PST", says=("'PST'", "ambiguous")),
    usage("config", "set", says=("Missing argument 'KEY'",)),
    usage("config", "unset", "nosuch", says=("unknown setting 'nosuch'",)),
]


def _usage_id(case: Usage) -> str:
    """The command line as typed, e.g. "list --tz ''"; the environment when it is set."""
    given = [f"{name}={value}" for name, value in (case.env or {}).items()]
    return shlex.join([*given, *case.args])


@pytest.mark.parametrize("case", USAGE, ids=_usage_id)
def test_bad_command_line(
    run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Usage
) -> None:
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)  # `export -o x` must not leave a file in the repository
    result = run(*case.args, env=case.env)
    _no_crash(result)
    assert result.exit_code == 2, _outcome(result)
    assert result.stderr.startswith("Error: "), _outcome(result)
    assert result.stdout == "", _outcome(result)
    for fragment in case.fragments:
        assert fragment in result.stderr, (fragment, _outcome(result))
    # Only the cache of validated programmes may appear (it saves time, holds no user data).
    written = [p.name for p in home.iterdir() if p.name != "cache"]
    assert written == [], "a refused command wrote in OCTOPUS_HOME"
    assert list(workdir.iterdir()) == [], "a refused command wrote a file"
