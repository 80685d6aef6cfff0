"""The programme loader and `octopus validate`, against a corpus of broken programmes.

Each case is checked two ways: `octopus validate PATH` reports it (exit 1, message on stdout)
and `octopus --programme PATH list` refuses the file (exit 2, `Error: invalid programme file`
and the message on stderr). Neither ever shows a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_PROGRAMME, Run, write_programme

from octopus_cli.core.errors import ProgrammeError
from octopus_cli.sources.loader import load_programme
from octopus_cli.sources.programme import default_programme_path

M = MINIMAL_PROGRAMME


def _edit(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text, f"corpus bug: {old!r} not in the programme"
        text = text.replace(old, new)
    return text


def _march(text: str) -> str:
    """The minimal programme moved to the spring clock change of 2021 in Paris."""
    return _edit(text, ("2021-11-17", "2021-03-29"), ("2021-11-16", "2021-03-28"))


def _october(text: str) -> str:
    """The minimal programme moved to the autumn clock change of 2021 in Paris."""
    return _edit(text, ("2021-11-17", "2021-11-01"), ("2021-11-16", "2021-10-31"))


@dataclass(frozen=True)
class Case:
    name: str
    content: str | bytes
    fragments: tuple[str, ...]


CORPUS = [
    Case("toml-syntax", _edit(M, ('title = "First"', 'title = "First')), ("line", "column")),
    Case("toml-syntax-bad-value", _edit(M, ("track = 2", "track = ")), ("line", "column")),
    Case("empty", "", ("missing [conference]",)),
    Case("only-comments", "# nothing here\n", ("missing [conference]",)),
    Case("no-sessions", M.split("[[sessions]]")[0], ("missing [[sessions]]",)),
    Case("binary-garbage", b"\x89PNG\r\n\x1a\n\x00\xff\xfe\x00garbage", ("not UTF-8",)),
    Case("latin-1", M.replace("First", "Premi\u00e8re").encode("latin-1"), ("not UTF-8",)),
    Case("wrong-type", _edit(M, ("track = 2", 'track = "two"')), ("session 'b1'", "track")),
    Case("missing-title", _edit(M, ('title = "First"\n', "")), ("missing field 'title'",)),
    Case(
        "missing-conference-name",
        _edit(M, ('name = "Test Conference"\n', "")),
        ("conference", "missing field 'name'"),
    ),
    Case(
        "unknown-field",
        _edit(M, ('title = "First"', 'title = "First"\nspeaker = "x"')),
        ("session 'a1'", "unknown field 'speaker'"),
    ),
    Case(
        "unknown-top-level",
        M + '\n[speakers]\nalice = "x"\n',
        ("unknown top-level field 'speakers'",),
    ),
    Case(
        "unknown-kind",
        _edit(M, ('kind = "workshop"\ntrack = 1', 'kind = "seminar"\ntrack = 1')),
        ("session 'a1'", "kind", "workshop"),
    ),
    # The night the clocks go back: 02:40+02:00 is half an hour before 02:10+01:00, though
    # its wall clock reads later (times of one zone compare by wall clock unless in UTC).
    Case(
        "end-before-start-across-the-fold",
        _edit(
            _october(M),
            ("start = 2021-10-31T09:00:00", "start = 2021-10-31T02:10:00+01:00"),
            ("end = 2021-10-31T10:00:00", "end = 2021-10-31T02:40:00+02:00"),
        ),
        ("session 'a1'", "end 2021-10-31 02:40+02:00 is not after start 2021-10-31 02:10+01:00"),
    ),
    Case(
        "track-overlap-across-the-fold",
        _edit(
            _october(M),
            ("track = 2", "track = 1"),
            ("start = 2021-10-31T09:00:00", "start = 2021-10-31T01:30:00"),
            ("end = 2021-10-31T10:00:00", "end = 2021-10-31T02:20:00+01:00"),
            ("start = 2021-10-31T09:30:00", "start = 2021-10-31T02:40:00+02:00"),
            ("end = 2021-10-31T10:30:00", "end = 2021-10-31T03:00:00"),
        ),
        ("session 'b1'", "overlaps 'a1' in track 1"),
    ),
    Case(
        "end-before-start",
        _edit(M, ("end = 2021-11-16T10:00:00", "end = 2021-11-16T08:00:00")),
        ("session 'a1'", "is not after start"),
    ),
    Case(
        "zero-length",
        _edit(M, ("end = 2021-11-16T10:00:00", "end = 2021-11-16T09:00:00")),
        ("session 'a1'", "is not after start"),
    ),
    Case("duplicate-id", _edit(M, ('id = "b1"', 'id = "a1"')), ("'a1'", "duplicate id")),
    Case(
        "overlap-in-track",
        _edit(M, ("track = 2", "track = 1")),
        ("overlaps", "'a1'", "'b1'", "track 1"),
    ),
    Case(
        "abbreviation-zone",
        _edit(M, ('"Europe/Paris"', '"CET"')),
        ("'CET'", "not an IANA zone name"),
    ),
    Case(
        "abbreviation-zone-pst",
        _edit(M, ('"Europe/Paris"', '"PST"')),
        ("conference.timezone", "'PST'", "abbreviation"),
    ),
    Case(
        "unknown-zone",
        _edit(M, ('"Europe/Paris"', '"Mars/Base"')),
        ("conference.timezone", "unknown time zone 'Mars/Base'"),
    ),
    Case(
        "outside-dates",
        _edit(
            M,
            ("start = 2021-11-16T09:30:00", "start = 2021-11-20T09:30:00"),
            ("end = 2021-11-16T10:30:00", "end = 2021-11-20T10:30:00"),
        ),
        ("session 'b1'", "outside the conference dates"),
    ),
    Case(
        "before-dates",
        _edit(
            M,
            ("start = 2021-11-16T09:00:00", "start = 2021-11-15T09:00:00"),
            ("end = 2021-11-16T10:00:00", "end = 2021-11-15T10:00:00"),
        ),
        ("session 'a1'", "outside the conference dates"),
    ),
    Case(
        "end-date-before-start-date",
        _edit(M, ("end_date = 2021-11-17", "end_date = 2021-11-15")),
        ("end_date is before start_date",),
    ),
    Case(
        "dst-gap",
        _edit(_march(M), ("start = 2021-03-28T09:00:00", "start = 2021-03-28T02:30:00")),
        ("2021-03-28 02:30", "does not exist"),
    ),
    Case(
        "dst-fold",
        _edit(
            _october(M),
            ("start = 2021-10-31T09:00:00", "start = 2021-10-31T02:30:00"),
        ),
        ("2021-10-31 02:30", "happens twice"),
    ),
    Case(
        "lowercase-zone",
        _edit(M, ('"Europe/Paris"', '"europe/paris"')),
        ("not an IANA zone name", "Europe/Paris"),
    ),
    Case("bad-id", _edit(M, ('id = "a1"', 'id = "A 1"')), ("session 'A 1'", "id:")),
    Case(
        "sessions-not-array",
        'sessions = "x"\n' + M.split("[[sessions]]")[0],
        ("'sessions' must be an array of tables",),
    ),
]


def _write(directory: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path = directory / "programme.toml"
        path.write_bytes(content)
        return path
    return write_programme(directory, content)


def _clean(result: Any) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_validate_reports(run: Run, tmp_path: Path, case: Case) -> None:
    path = _write(tmp_path, case.content)
    result = run("validate", str(path))
    _clean(result)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{path}: ")
    assert re.search(r": \d+ problems?$", first), first
    for fragment in case.fragments:
        assert fragment in result.stdout, (fragment, result.stdout)


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_other_commands_refuse(run: Run, tmp_path: Path, case: Case) -> None:
    path = _write(tmp_path, case.content)
    result = run("--programme", str(path), "list")
    _clean(result)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: invalid programme file {path}"), result.stderr
    for fragment in case.fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert "octopus validate" in result.stderr  # the way to the full list


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_loader_raises_programme_error(tmp_path: Path, case: Case) -> None:
    path = _write(tmp_path, case.content)
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    text = "\n".join([caught.value.message, *caught.value.problems])
    for fragment in case.fragments:
        assert fragment in text, (fragment, text)


def test_environment_variable_programme_is_checked_too(run: Run, tmp_path: Path) -> None:
    path = write_programme(tmp_path, _edit(M, ('id = "b1"', 'id = "a1"')))
    result = run("list", env={"OCTOPUS_PROGRAMME": str(path)})
    _clean(result)
    assert result.exit_code == 2
    assert "duplicate id" in result.stderr


def test_syntax_error_names_the_line(run: Run, tmp_path: Path) -> None:
    path = write_programme(tmp_path, _edit(M, ('title = "First"', 'title = "First')))
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "line 9" in result.stdout  # the line of `title = "First`


def test_every_problem_is_listed(run: Run, tmp_path: Path) -> None:
    broken = _edit(
        M,
        ('title = "First"', 'title = "First"\nspeaker = "x"'),  # unknown field in a1
        ('kind = "workshop"\ntrack = 2', 'kind = "seminar"\ntrack = 2'),  # unknown kind in b1
    )
    broken += """
[[sessions]]
id = "c1"
title = "Third"
kind = "talk"
track = 3
start = 2021-11-16T12:00:00
end = 2021-11-16T11:00:00

[[sessions]]
id = "c1"
title = "Fourth"
kind = "talk"
track = 4
start = 2021-11-16T12:00:00
end = 2021-11-16T13:00:00
"""
    path = write_programme(tmp_path, broken)
    result = run("validate", str(path))
    _clean(result)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: 4 problems"
    problems = [line for line in lines[1:] if line.startswith("  - ")]
    assert len(problems) == 4, lines
    out = result.stdout
    assert "unknown field 'speaker'" in out
    assert "session 'b1'" in out and "kind" in out
    assert "is not after start" in out
    assert "duplicate id" in out

    refused = run("--programme", str(path), "list")
    _clean(refused)
    assert refused.exit_code == 2
    assert "(4 problems)" in refused.stderr
    for fragment in ("unknown field 'speaker'", "is not after start", "duplicate id"):
        assert fragment in refused.stderr


def test_one_problem_is_singular(run: Run, tmp_path: Path) -> None:
    path = write_programme(tmp_path, _edit(M, ('id = "b1"', 'id = "a1"')))
    result = run("validate", str(path))
    assert result.stdout.splitlines()[0] == f"{path}: 1 problem"


# ---- unreadable paths: bad input, exit 2 --------------------------------------------------


def test_directory_as_path(run: Run, tmp_path: Path) -> None:
    for args in (["validate", str(tmp_path)], ["--programme", str(tmp_path), "list"]):
        result = run(*args)
        _clean(result)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("Error: ")
        assert "directory" in result.stderr
        assert result.stdout == ""


def test_missing_file(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    for args in (["validate", str(missing)], ["--programme", str(missing), "list"]):
        result = run(*args)
        _clean(result)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("Error: ")
        assert "not found" in result.stderr
        assert str(missing) in result.stderr
        assert result.stdout == ""


# ---- valid programmes ---------------------------------------------------------------------


def test_validate_bundled_programme(run: Run) -> None:
    result = run("validate")
    _clean(result)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stdout == f"{default_programme_path()}: valid, 25 sessions\n"


def test_validate_minimal_programme(run: Run, tmp_path: Path) -> None:
    path = write_programme(tmp_path, M)
    result = run("validate", str(path))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stdout == f"{path}: valid, 2 sessions\n"


def test_validate_uses_the_global_programme_option(run: Run, tmp_path: Path) -> None:
    path = write_programme(tmp_path, _edit(M, ('id = "b1"', 'id = "a1"')))
    result = run("--programme", str(path), "validate")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}: 1 problem")


def test_explicit_offset_resolves_the_autumn_fold(tmp_path: Path) -> None:
    text = _edit(
        _october(M),
        ("start = 2021-10-31T09:00:00", "start = 2021-10-31T02:30:00+01:00"),
    )
    programme = load_programme(write_programme(tmp_path, text))
    a1 = programme.get("a1")
    assert a1 is not None
    assert a1.start.utcoffset() is not None
    assert a1.start.isoformat() == "2021-10-31T02:30:00+01:00"


def test_a_session_over_the_repeated_hour_lasts_its_real_length(tmp_path: Path) -> None:
    """02:30+02:00 to 02:30+01:00 reads as no time on the wall clock, and is one hour."""
    text = _edit(
        _october(M),
        ("start = 2021-10-31T09:00:00", "start = 2021-10-31T02:30:00+02:00"),
        ("end = 2021-10-31T10:00:00", "end = 2021-10-31T02:30:00+01:00"),
    )
    a1 = load_programme(write_programme(tmp_path, text)).get("a1")
    assert a1 is not None
    assert a1.duration.total_seconds() == 3600


def test_programme_from_file_is_used_by_list(run: Run, tmp_path: Path) -> None:
    path = write_programme(tmp_path, M)
    result = run("--programme", str(path), "list", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert "09:00–10:00  a1  First" in result.stdout
    assert "09:30–10:30  b1  Second" in result.stdout


def test_an_ends_at_that_a_clock_change_skips_is_a_problem_not_a_crash(
    run: Run, tmp_path: Path
) -> None:
    text = (
        MINIMAL_PROGRAMME.replace("2021-11-16", "2021-03-28")
        .replace("2021-11-17", "2021-03-28")
        .replace(
            "start_date = 2021-03-28\n", "start_date = 2021-03-28\nends_at = 2021-03-28T02:30:00\n"
        )
    )
    path = write_programme(tmp_path, text)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "conference: ends_at: 2021-03-28 02:30 does not exist in Europe/Paris" in result.stdout
    result = run("--programme", str(path), "info")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: invalid programme file")
    assert "Traceback" not in result.stdout + result.stderr
