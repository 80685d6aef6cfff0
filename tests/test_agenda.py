"""`octopus agenda`: picks round trip, the ★ marks, `--agenda`, stale picks, damaged files,
concurrent writers and atomic writes.

The agenda lives in $OCTOPUS_HOME/agenda.json (the `home` fixture). Expectations come from
data/programme.toml: ws6 and ws7 both run 14:00-15:50 on 17 Nov, ws8 16:00-17:50."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, write_programme
from typer.testing import Result

KEY = "octopus-conference-2021"  # Programme.key of the bundled programme
WS1_STAR = {"ws1", "ws10", "ws11", "ws12", "ws13", "ws14"}  # what 'ws1*' matches


def agenda_file(home: Path) -> Path:
    return home / "agenda.json"


def stored(home: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(agenda_file(home).read_text(encoding="utf-8"))
    return document


def picks(home: Path, key: str = KEY) -> list[str]:
    ids: list[str] = stored(home)["programmes"].get(key, [])
    return ids


def clean(result: Result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stderr
    clean(result)
    return result


def json_of(result: Result) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ok(result).stdout)
    return document


def picked_flags(document: dict[str, Any], key: str = "sessions") -> dict[str, bool]:
    return {s["id"]: s["picked"] for s in document[key]}


def starred(plain: str) -> set[str]:
    """Ids of the plain-output lines that carry the ★ mark."""
    return {line.split("  ")[1] for line in plain.splitlines() if "★" in line}


def line_ids(plain: str) -> list[str]:
    """Session ids of plain session lines ('14:00–15:50  ws6  WS 6: ...')."""
    ids = []
    for line in plain.splitlines():
        if "  " in line and "–" in line.split("  ")[0]:
            ids.append(line.split("  ")[1])
    return ids


def pick(run: Run, *ids: str) -> Result:
    return ok(run("agenda", "add", *ids))


# ---- add / remove / show / clear ----------------------------------------------------------


def test_add_show_remove_clear_round_trip(run: Run, home: Path) -> None:
    result = pick(run, "ws6")
    assert "Picked ws6; 1 in your agenda." in result.stderr
    assert result.stdout == ""
    assert picks(home) == ["ws6"]

    result = pick(run, "WS 8", "Workshop 10")
    assert "Picked ws8, ws10; 3 in your agenda." in result.stderr
    assert picks(home) == ["ws6", "ws8", "ws10"]

    shown = json_of(run("agenda", "show", "--format", "json"))
    assert [s["id"] for s in shown["sessions"]] == ["ws6", "ws8", "ws10"]
    assert all(s["picked"] is True for s in shown["sessions"])

    result = ok(run("agenda", "remove", "ws8"))
    assert "Removed ws8; 2 in your agenda." in result.stderr
    assert picks(home) == ["ws6", "ws10"]

    result = ok(run("agenda", "clear"))
    assert "Removed 2 picks: ws6, ws10." in result.stderr
    assert picks(home) == []
    result = ok(run("agenda", "clear"))
    assert "already empty" in result.stderr


def test_add_accepts_ids_labels_and_patterns(run: Run, home: Path) -> None:
    result = pick(run, "ws1*")
    assert set(picks(home)) == WS1_STAR
    assert "Picked " in result.stderr
    pick(run, "WS 6", "workshop 10", "Outlook 2")
    assert set(picks(home)) == WS1_STAR | {"ws6", "outlook2"}
    shown = json_of(run("agenda", "show", "--format", "json"))
    assert {s["id"] for s in shown["sessions"]} == WS1_STAR | {"ws6", "outlook2"}
    assert all(s["picked"] for s in shown["sessions"])


def test_show_lists_exactly_the_picks_in_programme_order(run: Run, home: Path) -> None:
    pick(run, "ws8")
    pick(run, "ws2")
    pick(run, "plenary")
    shown = json_of(run("agenda", "show", "--format", "json"))
    assert [s["id"] for s in shown["sessions"]] == ["plenary", "ws2", "ws8"]
    assert shown["timezone"] == "Europe/Paris"
    plain = ok(run("agenda", "show", "--format", "plain")).stdout
    assert line_ids(plain) == ["plenary", "ws2", "ws8"]


def test_show_in_another_zone(run: Run) -> None:
    pick(run, "ws6")
    shown = json_of(run("agenda", "show", "--tz", "Asia/Manila", "--format", "json"))
    assert shown["timezone"] == "Asia/Manila"
    assert shown["sessions"][0]["start"] == "2021-11-17T21:00:00+08:00"


def test_adding_again_says_already_picked_and_keeps_one_copy(run: Run, home: Path) -> None:
    pick(run, "ws6")
    before = agenda_file(home).read_bytes()
    result = pick(run, "WS 6")
    assert "Already picked: ws6." in result.stderr
    assert "Picked ws6" not in result.stderr
    assert picks(home) == ["ws6"]
    assert agenda_file(home).read_bytes() == before

    result = pick(run, "ws6", "ws8")
    assert "Picked ws8; 2 in your agenda." in result.stderr
    assert "Already picked: ws6." in result.stderr
    assert picks(home) == ["ws6", "ws8"]


def test_removing_what_is_not_picked_says_so(run: Run, home: Path) -> None:
    pick(run, "ws6")
    result = ok(run("agenda", "remove", "ws8"))
    assert "None of those was in your agenda." in result.stderr
    assert picks(home) == ["ws6"]


def test_remove_with_a_pattern(run: Run, home: Path) -> None:
    pick(run, "ws1*", "ws6")
    result = ok(run("agenda", "remove", "ws1*"))
    assert "Removed " in result.stderr
    assert picks(home) == ["ws6"]


def test_empty_agenda_show_says_how_to_add(run: Run, home: Path) -> None:
    result = ok(run("agenda", "show", "--format", "plain"))
    assert result.stdout == ""
    assert "Your agenda is empty" in result.stderr
    assert "octopus agenda add" in result.stderr
    assert json_of(run("agenda", "show", "--format", "json"))["sessions"] == []
    assert not agenda_file(home).exists()  # reading never creates the file


def test_adding_overlapping_picks_notes_the_overlap(run: Run) -> None:
    result = pick(run, "ws6")
    assert "overlap" not in result.stderr
    result = pick(run, "ws7")
    assert "Note: ws6 and ws7 overlap (both picked)." in result.stderr
    result = pick(run, "ws8")  # 16:00, after ws6/ws7 end at 15:50
    assert "overlap" not in result.stderr


def test_back_to_back_picks_are_no_overlap(run: Run) -> None:
    result = pick(run, "outlook1", "break3", "outlook2")  # 14:30-15:15, 15:15-15:30, 15:30-
    assert "overlap" not in result.stderr


def test_agenda_without_arguments_shows_help(run: Run) -> None:
    result = run("agenda")
    assert result.exit_code == 0
    assert "add" in result.stdout and "remove" in result.stdout


# ---- unknown ids ----------------------------------------------------------------------------


def test_unknown_id_is_an_error_and_creates_no_file(run: Run, home: Path) -> None:
    result = run("agenda", "add", "ws99")
    assert result.exit_code == 2
    clean(result)
    assert "Error: unknown session 'ws99'" in result.stderr
    assert "Did you mean ws9" in result.stderr
    assert not agenda_file(home).exists()


def test_one_unknown_id_adds_nothing(run: Run, home: Path) -> None:
    pick(run, "ws6")
    before = agenda_file(home).read_bytes()
    result = run("agenda", "add", "ws8", "ws99")
    assert result.exit_code == 2
    assert agenda_file(home).read_bytes() == before


def test_pattern_matching_nothing_is_an_error(run: Run, home: Path) -> None:
    result = run("agenda", "add", "zz*")
    assert result.exit_code == 2
    assert "Error: no session matches 'zz*'" in result.stderr
    assert not agenda_file(home).exists()


# ---- the ★ marks ----------------------------------------------------------------------------


def test_list_plain_marks_exactly_the_picks(run: Run) -> None:
    assert "★" not in ok(run("list", "--format", "plain")).stdout
    pick(run, "ws6", "ws8", "plenary")
    plain = ok(run("list", "--format", "plain")).stdout
    assert starred(plain) == {"ws6", "ws8", "plenary"}
    assert plain.count("★") == 3
    for line in plain.splitlines():
        if "  ws6  " in line:
            assert line.endswith("★")


def test_list_json_has_picked_true_and_false(run: Run) -> None:
    pick(run, "ws6", "ws8")
    document = json_of(run("list", "--format", "json"))
    flags = picked_flags(document)
    assert len(flags) == 25
    assert {i for i, flag in flags.items() if flag} == {"ws6", "ws8"}
    assert all(isinstance(flag, bool) for flag in flags.values())


def test_today_marks_picks(run: Run) -> None:
    pick(run, "ws2", "ws6", "ws10")  # ws10 is on another day
    plain = ok(run("today", "--at", "2021-11-17T10:00", "--format", "plain")).stdout
    assert starred(plain) == {"ws2", "ws6"}
    assert "ws7" in line_ids(plain)
    document = json_of(run("today", "--at", "2021-11-17T10:00", "--format", "json"))
    flags = picked_flags(document)
    assert {i for i, flag in flags.items() if flag} == {"ws2", "ws6"}
    assert flags["ws7"] is False


def test_now_marks_picks(run: Run) -> None:
    pick(run, "ws6", "ws8")
    plain = ok(run("now", "--at", "2021-11-17T14:30", "--format", "plain")).stdout
    lines = plain.splitlines()
    assert [line.split()[1] for line in lines] == ["ws6", "ws7", "ws8", "lt1"]
    assert ["★" in line for line in lines] == [True, False, True, False]
    document = json_of(run("now", "--at", "2021-11-17T14:30", "--format", "json"))
    assert picked_flags(document, "in_progress") == {"ws6": True, "ws7": False}
    assert picked_flags(document, "next") == {"ws8": True, "lt1": False}


def test_next_marks_picks(run: Run) -> None:
    pick(run, "ws8", "ws9")
    plain = ok(run("next", "2", "--at", "2021-11-17T14:30", "--format", "plain")).stdout
    heading, *lines = plain.splitlines()
    assert heading == "Next 2 slots (Europe/Paris)"
    assert [line.split()[1] for line in lines] == ["ws8", "lt1", "ws9"]
    assert starred(plain) == {"ws8", "ws9"}
    document = json_of(run("next", "2", "--at", "2021-11-17T14:30", "--format", "json"))
    assert picked_flags(document, "next") == {"ws8": True, "lt1": False, "ws9": True}


def test_no_picks_no_marks(run: Run) -> None:
    plain = ok(run("now", "--at", "2021-11-17T14:30", "--format", "plain")).stdout
    assert "★" not in plain
    document = json_of(run("list", "--format", "json"))
    assert not any(picked_flags(document).values())


# ---- --agenda -------------------------------------------------------------------------------


def test_list_agenda_restricts_to_picks(run: Run) -> None:
    pick(run, "ws6", "ws10")
    document = json_of(run("list", "--agenda", "--format", "json"))
    assert [s["id"] for s in document["sessions"]] == ["ws6", "ws10"]
    assert all(s["picked"] for s in document["sessions"])
    plain = ok(run("list", "-a", "--format", "plain")).stdout
    assert line_ids(plain) == ["ws6", "ws10"]
    # combined with another filter: both must hold
    document = json_of(run("list", "--agenda", "--day", "3", "--format", "json"))
    assert [s["id"] for s in document["sessions"]] == ["ws10"]


def test_list_agenda_with_empty_agenda_lists_nothing(run: Run) -> None:
    document = json_of(run("list", "--agenda", "--format", "json"))
    assert document["sessions"] == []


def test_today_agenda_restricts_to_picks(run: Run) -> None:
    pick(run, "ws2", "ws6", "ws10")
    document = json_of(run("today", "--agenda", "--at", "2021-11-17T10:00", "--format", "json"))
    assert [s["id"] for s in document["sessions"]] == ["ws2", "ws6"]
    plain = ok(run("today", "--agenda", "--at", "2021-11-17T10:00", "--format", "plain")).stdout
    assert line_ids(plain) == ["ws2", "ws6"]


def ics_uids(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line[4:] for line in text.splitlines() if line.startswith("UID:")]


def test_export_agenda_writes_exactly_the_picks(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pick(run, "ws6", "ws8", "outlook1")
    monkeypatch.chdir(tmp_path)
    result = ok(run("export", "--agenda", "-o", "mine.ics"))
    assert "Wrote 3 sessions to mine.ics" in result.stderr
    uids = ics_uids(tmp_path / "mine.ics")
    assert sorted(uids) == sorted(f"{i}.{KEY}@octopus-cli" for i in ("ws6", "ws8", "outlook1"))
    text = (tmp_path / "mine.ics").read_text(encoding="utf-8")
    calname = next(line for line in text.splitlines() if line.startswith("X-WR-CALNAME:"))
    assert "my agenda" in calname


def test_export_agenda_json_is_list_agenda_json(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pick(run, "ws6", "ws8")
    monkeypatch.chdir(tmp_path)
    ok(run("export", "--agenda", "-o", "mine.json"))
    exported = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in exported["sessions"]] == ["ws6", "ws8"]


def test_export_agenda_with_empty_agenda_writes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "--agenda", "-o", "mine.ics")
    assert result.exit_code == 2
    assert "Error: no sessions match" in result.stderr
    assert not (tmp_path / "mine.ics").exists()


# ---- picks the programme does not have ----------------------------------------------------


def write_agenda(home: Path, programmes: dict[str, list[str]]) -> Path:
    path = agenda_file(home)
    path.write_text(json.dumps({"version": 1, "programmes": programmes}), encoding="utf-8")
    return path


def test_stale_pick_is_reported_and_kept(run: Run, home: Path) -> None:
    path = write_agenda(home, {KEY: ["ws6", "ws99"]})
    before = path.read_bytes()
    result = ok(run("agenda", "show", "--format", "plain"))
    assert line_ids(result.stdout) == ["ws6"]
    assert "Note:" in result.stderr and "ws99" in result.stderr
    assert "ws99" not in result.stdout
    document = json_of(run("agenda", "show", "--format", "json"))
    assert [s["id"] for s in document["sessions"]] == ["ws6"]
    assert path.read_bytes() == before
    assert picks(home) == ["ws6", "ws99"]


def test_stale_pick_is_noted_by_agenda_filter(run: Run, home: Path) -> None:
    write_agenda(home, {KEY: ["ws6", "ws99"]})
    result = ok(run("list", "--agenda", "--format", "json"))
    assert [s["id"] for s in json.loads(result.stdout)["sessions"]] == ["ws6"]
    assert "ws99" in result.stderr


def test_stale_pick_survives_add_and_can_be_removed(run: Run, home: Path) -> None:
    write_agenda(home, {KEY: ["ws6", "ws99"]})
    pick(run, "ws8")
    assert picks(home) == ["ws6", "ws99", "ws8"]
    result = ok(run("agenda", "remove", "ws99"))
    assert "Removed ws99; 2 in your agenda." in result.stderr
    assert picks(home) == ["ws6", "ws8"]
    result = ok(run("agenda", "show", "--format", "plain"))
    assert "ws99" not in result.stderr


def test_other_programmes_picks_are_untouched(run: Run, home: Path) -> None:
    other = {"other-conference-2020": ["x1", "ws6"], "empty-one": []}
    write_agenda(home, {**other, KEY: ["ws99"]})

    pick(run, "ws6")
    assert stored(home)["programmes"] == {**other, KEY: ["ws99", "ws6"]}
    ok(run("agenda", "remove", "ws6", "ws99"))
    assert stored(home)["programmes"] == other
    pick(run, "ws7", "ws8")
    ok(run("agenda", "clear"))
    assert stored(home)["programmes"] == other
    assert stored(home)["version"] == 1


def test_picks_are_per_programme(run: Run, home: Path, tmp_path: Path) -> None:
    programme = write_programme(
        tmp_path,
        textwrap.dedent(
            """\
            [conference]
            name = "Other Conference"
            timezone = "Europe/Paris"
            start_date = 2021-11-16
            end_date = 2021-11-16

            [[sessions]]
            id = "ws6"
            title = "Not the same ws6"
            kind = "workshop"
            start = 2021-11-16T09:00:00
            end = 2021-11-16T10:00:00
            """
        ),
    )
    pick(run, "ws6", "ws8")
    ok(run("--programme", str(programme), "agenda", "add", "ws6"))
    assert stored(home)["programmes"] == {KEY: ["ws6", "ws8"], "other-conference": ["ws6"]}
    shown = json_of(run("--programme", str(programme), "agenda", "show", "--format", "json"))
    assert [s["title"] for s in shown["sessions"]] == ["Not the same ws6"]
    ok(run("--programme", str(programme), "agenda", "clear"))
    assert stored(home)["programmes"] == {KEY: ["ws6", "ws8"]}


# ---- damaged agenda files -------------------------------------------------------------------

DAMAGED: dict[str, bytes] = {
    "invalid-json": b'{"version": 1, "programmes": {',
    "wrong-types": b'{"version": 1, "programmes": {"x": "ws6"}}',
    "ids-not-strings": b'{"version": 1, "programmes": {"octopus-conference-2021": [6]}}',
    "programmes-a-list": b'{"version": 1, "programmes": ["ws6"]}',
    "no-programmes": b'{"version": 1}',
    "not-an-object": b'["ws6"]',
    "unknown-version": b'{"version": 2, "programmes": {}}',
    "version-true": b'{"version": true, "programmes": {}}',  # JSON true is not the number 1
    "no-version": b'{"programmes": {}}',
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "deeply-nested": b"[" * 100_000,
    "latin-1": '{"version": 1, "programmes": {"é": []}}'.encode("latin-1"),
}


def assert_refused(result: Result) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    clean(result)
    assert "Error: the agenda file " in result.stderr
    assert "agenda.json" in result.stderr


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_file_is_reported_and_never_replaced(run: Run, home: Path, content: bytes) -> None:
    path = agenda_file(home)
    path.write_bytes(content)
    for args in (
        ("agenda", "add", "ws6"),
        ("agenda", "show"),
        ("agenda", "remove", "ws6"),
        ("agenda", "clear"),
        ("list", "--agenda"),
    ):
        assert_refused(run(*args))
        assert path.read_bytes() == content
    assert sorted(
        p.name for p in home.iterdir() if p.name not in ("agenda.json.lock", "cache")
    ) == ["agenda.json"]


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_file_still_lets_the_programme_show(run: Run, home: Path, content: bytes) -> None:
    agenda_file(home).write_bytes(content)
    result = ok(run("list", "--format", "plain"))
    assert "Warning:" in result.stderr and "agenda" in result.stderr
    assert "ws6" in line_ids(result.stdout)
    assert "★" not in result.stdout
    document = json_of(run("list", "--format", "json"))
    assert len(document["sessions"]) == 25
    assert not any(picked_flags(document).values())
    assert agenda_file(home).read_bytes() == content


def test_a_directory_at_the_agenda_path(run: Run, home: Path) -> None:
    path = agenda_file(home)
    path.mkdir()
    (path / "keep.txt").write_text("mine", encoding="utf-8")
    for args in (("agenda", "add", "ws6"), ("agenda", "show")):
        result = run(*args)
        assert_refused(result)
        assert "is a directory" in result.stderr
    assert path.is_dir()
    assert [p.name for p in path.iterdir()] == ["keep.txt"]
    result = ok(run("list", "--format", "plain"))
    assert "Warning:" in result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file(run: Run, home: Path) -> None:
    path = agenda_file(home)
    content = b'{"version": 1, "programmes": {"octopus-conference-2021": ["ws8"]}}'
    path.write_bytes(content)
    path.chmod(0)
    try:
        for args in (("agenda", "add", "ws6"), ("agenda", "show")):
            result = run(*args)
            assert_refused(result)
            assert "cannot be read" in result.stderr
        result = ok(run("list", "--format", "plain"))
        assert "Warning:" in result.stderr
    finally:
        path.chmod(0o600)
    assert path.read_bytes() == content


def test_error_message_names_the_problem(run: Run, home: Path) -> None:
    agenda_file(home).write_bytes(b'{"version": 7, "programmes": {}}')
    result = run("agenda", "show")
    assert_refused(result)
    assert "unknown version 7" in result.stderr
    agenda_file(home).write_bytes(b"{oops")
    assert "is not valid JSON" in run("agenda", "show").stderr


# ---- a failed write leaves the old file ---------------------------------------------------


def test_failed_write_keeps_the_previous_agenda(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pick(run, "ws6")
    before = agenda_file(home).read_bytes()

    def broken_fsync(descriptor: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("octopus_cli.store.fileio.os.fsync", broken_fsync)
    result = run("agenda", "add", "ws8")
    assert result.exit_code == 2
    clean(result)
    assert "Error: cannot write" in result.stderr
    assert "Input/output error" in result.stderr
    assert agenda_file(home).read_bytes() == before
    leftovers = [p.name for p in home.iterdir() if p.name.startswith(".agenda.json.")]
    assert leftovers == []

    monkeypatch.undo()
    pick(run, "ws8")
    assert picks(home) == ["ws6", "ws8"]


def test_failed_rename_keeps_the_previous_agenda(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pick(run, "ws6", "ws7")
    before = agenda_file(home).read_bytes()

    def broken_replace(self: Path, target: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "replace", broken_replace)
    result = run("agenda", "clear")
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert agenda_file(home).read_bytes() == before
    assert [p.name for p in home.iterdir() if p.name.startswith(".agenda.json.")] == []


# ---- many writers at once -----------------------------------------------------------------

LOAD_TEST_KEY = "load-test"


def many_sessions_programme(directory: Path, count: int) -> Path:
    """A one-day programme with sessions s1..s<count>, 10 minutes each, back to back."""
    lines = [
        "[conference]",
        'name = "Load Test"',
        'timezone = "Europe/Paris"',
        "start_date = 2021-11-16",
        "end_date = 2021-11-16",
        "",
    ]
    for n in range(1, count + 1):
        start, end = 8 * 60 + (n - 1) * 10, 8 * 60 + n * 10
        lines += [
            "[[sessions]]",
            f'id = "s{n}"',
            f'title = "Session {n}"',
            'kind = "workshop"',
            "track = 1",
            f"start = 2021-11-16T{start // 60:02d}:{start % 60:02d}:00",
            f"end = 2021-11-16T{end // 60:02d}:{end % 60:02d}:00",
            "",
        ]
    return write_programme(directory, "\n".join(lines))


def child_environment(home: Path) -> dict[str, str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("OCTOPUS_") and k != "TZ"
    }
    environment.update({"OCTOPUS_HOME": str(home), "NO_COLOR": "1"})
    return environment


# Starting 50 interpreters costs ~0.7 s of CPU each (importing typer and pydantic): over
# 30 s on a 2-core machine. So one interpreter imports octopus once and forks 50 real
# processes, which wait at a shared pipe and run `octopus agenda add ID` at the same moment,
# each with its own lock descriptor, exactly as 50 separate commands would.
FORKING_LAUNCHER = """\
import os, sys
import octopus_cli.core.clock, octopus_cli.core.filters, octopus_cli.core.overlaps
import octopus_cli.sources.programme, octopus_cli.store.agenda, octopus_cli.store.config
from octopus_cli.cli.entry import main

programme, ids = sys.argv[1], sys.argv[2:]
gate, opener = os.pipe()
children = []
for session_id in ids:
    pid = os.fork()
    if pid == 0:
        os.close(opener)
        os.read(gate, 1)  # blocks until every child exists and the parent closes the pipe
        sys.argv = ["octopus", "--programme", programme, "agenda", "add", session_id]
        code = 3
        try:
            main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    children.append(pid)
os.close(gate)
os.close(opener)  # go
codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
print(" ".join(str(code) for code in codes))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_fifty_concurrent_adds_keep_every_pick(home: Path, tmp_path: Path) -> None:
    programme = many_sessions_programme(tmp_path, 50)
    ids = [f"s{n}" for n in range(1, 51)]
    finished = subprocess.run(
        [sys.executable, "-c", FORKING_LAUNCHER, str(programme), *ids],
        env=child_environment(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split() == ["0"] * 50, finished.stderr
    assert "Traceback" not in finished.stderr
    assert finished.stderr.count("Picked s") == 50
    saved = picks(home, LOAD_TEST_KEY)
    assert sorted(saved) == sorted(ids)
    assert len(saved) == 50
    assert stored(home)["version"] == 1
    assert [p.name for p in home.iterdir() if p.name.startswith(".agenda.json.")] == []


def test_concurrent_commands_keep_every_pick(home: Path, tmp_path: Path) -> None:
    """The same through `python -m octopus_cli`: separate interpreters started at once
    (few of them, since each pays the full start-up)."""
    programme = many_sessions_programme(tmp_path, 50)
    ids = ["s1", "s25", "s50"]
    environment = child_environment(home)
    command = [sys.executable, "-m", "octopus_cli", "--programme", str(programme), "agenda", "add"]
    processes = [
        subprocess.Popen(
            [*command, session_id],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for session_id in ids
    ]
    outcomes = [process.communicate(timeout=120) for process in processes]
    for process, (_, stderr) in zip(processes, outcomes, strict=True):
        assert process.returncode == 0, stderr
        assert "Picked s" in stderr
    assert sorted(picks(home, LOAD_TEST_KEY)) == sorted(ids)
