"""Changes since you last looked (issue 19): the snapshot of what each programme looked like
when last shown, the marks on `today`, `list`, `grid`, `now`, `next` and `show`, the note
said once, `octopus changes [--ack]`, `octopus diff @previous`, and the snapshot file
itself: damaged, from a newer octopus, written by two runs at once.

The history is `tests/readme/octopus-v1.toml` -> `octopus-v2.toml` (see test_diff.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Run
from test_clients import KHAL_CONFIG, needs

HISTORY = REPO / "tests" / "readme"
V1, V2 = str(HISTORY / "octopus-v1.toml"), str(HISTORY / "octopus-v2.toml")
AT = "2021-11-17T15:30"
NOTE = "Note: the programme has changed since you last looked: "


def snapshot(home: Path) -> Path:
    return home / "seen" / "octopus-conference-2021.json"


@pytest.fixture
def revised(run: Run) -> Run:
    """v1 was shown (ws6, ws7 and lt1 picked), and the programme in use is now v2."""
    assert run("--programme", V1, "list").exit_code == 0
    assert run("--programme", V1, "agenda", "add", "ws6", "ws7", "lt1").exit_code == 0

    def invoke(*args: str, env: dict[str, str] | None = None) -> object:
        return run(*args, env={"OCTOPUS_PROGRAMME": V2, **(env or {})})

    return invoke  # type: ignore[return-value]


# ---- the first look, and no change --------------------------------------------------------


def test_the_first_look_marks_nothing_and_says_nothing(run: Run, home: Path) -> None:
    result = run("list", "--day", "2", "--format", "plain")
    assert result.exit_code == 0
    assert result.stderr == "" and "[" not in result.stdout
    document = json.loads(snapshot(home).read_text(encoding="utf-8"))
    assert document["format"] == 1
    assert document["seen"] == document["acked"] and document["previous"] is None


def test_an_unchanged_programme_writes_nothing(run: Run, home: Path) -> None:
    run("today", "--at", AT)
    before = snapshot(home).stat().st_mtime_ns, snapshot(home).read_bytes()
    for command in (["list"], ["now", "--at", AT], ["show", "ws6"], ["grid", "--day", "2"]):
        result = run(*command)
        assert result.exit_code == 0 and result.stderr == "", command
    assert (snapshot(home).stat().st_mtime_ns, snapshot(home).read_bytes()) == before


def test_an_unchanged_programme_is_judged_from_the_files_head(run: Run, home: Path) -> None:
    """The snapshot starts with the versions last shown and acknowledged, so a run that
    finds both equal to the programme's (most runs) need not read the rest: a tail that
    only a full read would find wrong does not stop it; once the programme changes, the
    file is read whole and the damage is said."""
    run("today", "--at", AT)
    path = snapshot(home)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{"format":1,"seen":"') and '","acked":"' in text[:200]
    path.write_text(text[:200], encoding="utf-8")  # the head only: the rest is gone
    quiet = run("list", "--day", "2", "--format", "plain")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    changed = run("--programme", V2, "list", "--day", "2")
    assert changed.exit_code == 0
    assert changed.stderr.startswith(f"Warning: the file {path}, where octopus notes")


def test_a_refused_command_notes_nothing(run: Run, home: Path) -> None:
    assert run("list", "--day", "9").exit_code == 2
    assert run("show", "ws99").exit_code == 2
    assert not (home / "seen").exists()


# ---- marks and the note -------------------------------------------------------------------


def test_changed_sessions_are_marked_and_cancelled_ones_shown(revised: Run) -> None:
    result = revised("list", "--day", "2", "--no-breaks", "--format", "plain")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "14:00–15:50  ws7  WS 7: Ransomware  ★  [cancelled]" in lines
    assert (
        "15:00–16:50  ws6  WS 6: Automated detection of child sexual abuse materials  ★  [moved]"
        in lines
    )
    assert "18:00–19:50  lt1  Lightning talks I  ★  [moved]" in lines
    assert (
        "16:00–17:50  ws8  WS 8: Cybercrime, artificial intelligence and electronic evidence"
        "  [retitled]" in lines
    )
    assert "07:00–08:50  ws1  WS 1: Regional Workshop for Asia" in lines  # unchanged: no mark


def test_the_note_is_said_once_with_the_agenda_first(revised: Run) -> None:
    first = revised("today", "--at", AT)
    assert first.stderr.startswith(NOTE)
    assert "1 cancelled, 1 new, 2 moved" in first.stderr
    assert "In your agenda: ws7 cancelled, ws6 moved, lt1 moved." in first.stderr
    again = revised("today", "--at", AT)
    assert again.stderr == ""
    assert "[moved]" in again.stdout  # the marks stay until acknowledged


@pytest.mark.parametrize(
    ("zone", "day", "present"),
    [
        ("Asia/Manila", "2021-11-17", False),  # lt1 was at 23:00 on the 17th in Manila...
        ("Asia/Manila", "2021-11-18", True),  # ...and is now at 01:00 on the 18th
        ("Asia/Tokyo", "2021-11-18", True),
        ("America/Bogota", "2021-11-17", True),  # in Bogotá it stays on the 17th (12:00)
        ("Pacific/Auckland", "2021-11-18", True),
    ],
)
def test_a_move_across_the_viewers_midnight_lands_on_the_new_day(
    revised: Run, zone: str, day: str, present: bool
) -> None:
    result = revised("today", "--day", day, "--tz", zone, "--format", "json")
    assert result.exit_code == 0
    sessions = {s["id"]: s for s in json.loads(result.stdout)["sessions"]}
    assert ("lt1" in sessions) is present
    if present:
        assert sessions["lt1"]["changes"] == ["moved"]


def test_json_lists_each_sessions_changes(revised: Run) -> None:
    result = revised("list", "--format", "json")
    sessions = {s["id"]: s for s in json.loads(result.stdout)["sessions"]}
    assert sessions["ws7"]["changes"] == ["cancelled"]
    assert sessions["ws6"]["changes"] == ["moved", "track"]
    assert sessions["ws15"]["changes"] == ["new"]
    assert sessions["closing"]["changes"] == ["renamed"]
    assert sessions["ws1"]["changes"] == []


def test_show_says_what_changed(revised: Run) -> None:
    moved = revised("show", "ws6", "--format", "plain")
    assert (
        "  changed: moved: Wed 17 Nov 14:00–15:50 → Wed 17 Nov 15:00–16:50; track: 1 → 2"
        in moved.stdout.splitlines()
    )
    cancelled = revised("show", "ws7", "--tz", "Asia/Manila", "--format", "plain")
    assert cancelled.exit_code == 0
    assert (
        "  changed: cancelled: was Wed 17 Nov 21:00–22:50 | 14:00–15:50, track 2"
        in cancelled.stdout
    )
    table = revised("show", "ws6", "--format", "table")
    assert "Changed" in table.stdout and "moved" in table.stdout


def test_now_and_next_mark_changes(revised: Run) -> None:
    now = revised("now", "--at", AT, "--format", "plain")
    assert (
        "15:00–16:50  ws6  WS 6: Automated detection of child sexual abuse materials  ★  "
        "[moved]  (1h 20m left)" in now.stdout
    )
    following = revised("next", "1", "--at", "2021-11-17T17:00", "--format", "json")
    slot = {s["id"]: s["changes"] for s in json.loads(following.stdout)["next"]}
    assert slot == {"ws9": [], "lt1": ["moved"]}  # lt1 moved into the 18:00 slot
    table = revised("now", "--at", AT, "--format", "table")
    assert "[moved]" in table.stdout


def test_the_grid_marks_changes_and_lists_the_cancelled_under_it(revised: Run) -> None:
    result = revised("grid", "--day", "2", "--width", "100", "--no-breaks")
    assert result.exit_code == 0
    assert "ws6 ★ [moved]" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1] == (
        "cancelled: ws7  WS 7: Ransomware  Wed 17 Nov 14:00–15:50"
    )


# ---- octopus changes ----------------------------------------------------------------------


def test_changes_lists_the_agenda_first_and_exits_1(revised: Run) -> None:
    result = revised("changes", "--format", "plain")
    assert result.exit_code == 1
    ids = [line.split()[0] for line in result.stdout.splitlines() if line[:1] not in " "]
    assert ids[:3] == ["ws7", "ws6", "lt1"]  # picked, cancelled or moved: first
    assert set(ids[3:-1]) == {"ws8", "ws15", "ws12", "closing"}
    assert result.stdout.splitlines()[-1].startswith("7 sessions changed since you last looked")


def test_changes_json_and_ack(revised: Run) -> None:
    listed = json.loads(revised("changes", "--format", "json").stdout)
    assert listed["acknowledged"] is False and listed["changed"] is True
    assert listed["old"]["source"] == "@acknowledged"
    assert [entry["id"] for entry in listed["changes"]][:3] == ["ws7", "ws6", "lt1"]
    assert listed["changes"][0]["before"]["picked"] is True

    acked = revised("changes", "--ack")
    assert acked.exit_code == 0
    assert acked.stderr == "Marked 7 changes as seen.\n"
    after = revised("list", "--format", "plain")
    assert "[" not in after.stdout and "ws7" not in after.stdout  # gone for good, now
    again = revised("changes")
    assert again.exit_code == 0
    assert again.stdout == "No changes since you last looked (25 sessions).\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "plain", "json"])
def test_changes_gives_every_format_it_lists(revised: Run, fmt: str) -> None:
    result = revised("changes", "--format", fmt)
    assert result.exit_code == 1 and "ws6" in result.stdout
    if fmt == "csv":
        assert result.stdout.startswith("id,old_id,changes,title,old_title,old_start,")


def test_a_moved_pick_that_now_clashes_is_said(revised: Run) -> None:
    assert revised("agenda", "add", "ws8").exit_code == 0  # 16:00-17:50; ws6 now ends 16:50
    result = revised("changes")
    assert "Note: ws6 and ws8 now overlap (both picked); see 'octopus clashes'." in result.stderr


def test_diff_previous_compares_with_the_version_shown_before(revised: Run) -> None:
    before = revised("diff", "@previous", "--format", "json")  # v2 not shown yet: vs v1
    assert before.exit_code == 1
    assert json.loads(before.stdout)["old"]["source"] == "@previous"
    revised("list")  # v2 shown: @previous is still v1
    shown = revised("diff", "@previous", "--tz", "Asia/Manila")
    assert shown.exit_code == 1 and "7 sessions changed from @previous" in shown.stdout
    revised("changes", "--ack")  # acknowledging keeps the history
    assert revised("diff", "@previous").exit_code == 1


# ---- the snapshot file --------------------------------------------------------------------

DAMAGED = {
    "not-json": b"{",
    "not-an-object": b"[]",
    "no-versions": b'{"format": 1, "seen": "a", "acked": "a", "previous": null}',
    "seen-unknown": b'{"format": 1, "seen": "a", "acked": "a", "previous": null, '
    b'"versions": {}, "revisions": {}}',
    "bad-session": b'{"format": 1, "seen": "a", "acked": "b", "previous": null, '
    b'"versions": {"a": {"sessions": [[1]]}, "b": {"sessions": [[1, 2]]}}, "revisions": {}}',
    "binary": b"\xff\xfe\x00",
    "format-true": b'{"format": true}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_snapshot_is_reported_and_never_replaced(
    run: Run, home: Path, content: bytes
) -> None:
    path = snapshot(home)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    shown = run("--programme", V2, "list", "--day", "2")
    assert shown.exit_code == 0  # the programme still shows, unmarked
    assert shown.stderr.startswith(f"Warning: the file {path}, where octopus notes")
    assert "[" not in shown.stdout
    listed = run("--programme", V2, "changes")
    assert listed.exit_code == 2 and listed.stderr.startswith("Error: the file ")
    assert "Fix or move it away" in listed.stderr
    assert run("--programme", V2, "changes", "--ack").exit_code == 2
    assert run("--programme", V2, "diff", "@previous").exit_code == 2
    assert path.read_bytes() == content


def test_a_snapshot_from_a_newer_octopus_is_left_alone(run: Run, home: Path) -> None:
    path = snapshot(home)
    path.parent.mkdir(parents=True)
    content = b'{"format": 2, "anything": "new"}'
    path.write_bytes(content)
    shown = run("today", "--at", AT)
    assert shown.exit_code == 0
    assert "was written by a newer octopus (format 2; this one reads format 1)" in shown.stderr
    listed = run("changes")
    assert listed.exit_code == 2 and "Upgrade octopus" in listed.stderr
    assert path.read_bytes() == content


def test_marks_survive_a_damaged_file_that_is_put_back(revised: Run, home: Path) -> None:
    path = snapshot(home)
    good = path.read_bytes()
    path.write_bytes(b"garbage")
    assert "[moved]" not in revised("list").stdout
    path.write_bytes(good)
    assert "[moved]" in revised("list").stdout  # nothing was lost meanwhile


def test_a_read_only_data_directory_shows_without_marks(run: Run, home: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    home.chmod(0o500)
    try:
        result = run("list")
        assert result.exit_code == 0 and result.stderr == ""
    finally:
        home.chmod(0o700)


def test_the_snapshot_keeps_three_versions_at_most(revised: Run, home: Path) -> None:
    revised("list")  # v2 shown
    revised("list", env={"OCTOPUS_PROGRAMME": V1})  # v1 again
    document = json.loads(snapshot(home).read_text(encoding="utf-8"))
    assert len(document["versions"]) == 2  # seen (v1) = acked (v1); previous (v2)
    assert document["seen"] == document["acked"] != document["previous"]


# ---- two runs at once ---------------------------------------------------------------------

OCTOPUS = Path(sys.executable).parent / "octopus"


def _spawn(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {"OCTOPUS_HOME": str(home), "PATH": os.environ.get("PATH", ""), "NO_COLOR": "1"}
    return subprocess.Popen(
        [str(OCTOPUS), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_runs_at_once_announce_once_and_lose_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _spawn(home, "--programme", V1, "list").wait() == 0
    runs = [_spawn(home, "--programme", V2, "list") for _ in range(8)]
    runs += [_spawn(home, "--programme", V2, "agenda", "add", f"ws{n}") for n in (1, 2, 3)]
    results = [(process.wait(), *process.communicate()) for process in runs]
    assert all(status == 0 for status, _, _ in results), results
    notes = [err for _, _, err in results if err.startswith(NOTE)]
    assert len(notes) == 1, results
    document = json.loads(snapshot(home).read_text(encoding="utf-8"))
    assert document["previous"] == document["acked"] != document["seen"]
    listed = _spawn(home, "--programme", V2, "changes", "--format", "json")
    out, _ = listed.communicate()
    assert listed.returncode == 1 and len(json.loads(out)["changes"]) == 7
    picks = json.loads((home / "agenda.json").read_text(encoding="utf-8"))
    assert sorted(picks["programmes"]["octopus-conference-2021"]) == ["ws1", "ws2", "ws3"]


def test_an_ack_at_the_same_time_as_a_new_version_loses_neither(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _spawn(home, "--programme", V1, "list").wait() == 0
    assert _spawn(home, "--programme", V2, "list").wait() == 0
    both = [_spawn(home, "--programme", V2, "changes", "--ack")]
    both += [_spawn(home, "--programme", V1, "list") for _ in range(4)]
    assert [process.wait() for process in both] == [0] * 5
    document = json.loads(snapshot(home).read_text(encoding="utf-8"))
    assert set(document) >= {"seen", "acked", "previous", "versions", "revisions"}
    assert document["seen"] in document["versions"] and document["acked"] in document["versions"]
    # Whichever came last, the history agrees with the version last seen: its sessions
    # current, every other session ever seen cancelled; and both versions were counted.
    shown = {row[0] for row in document["versions"][document["seen"]]["sessions"]}
    revisions = document["revisions"]
    assert {ident for ident, (_, content) in revisions.items() if content} == shown
    assert {"ws7", "ws15", "conclusions", "closing"} <= set(revisions)


# ---- calendar SEQUENCE: only what changed moves ---------------------------------------------

CHANGED_IN_V2 = {"ws6", "ws8", "lt1", "ws12", "ws15", "closing"}


def sequences(ics: str) -> dict[str, int]:
    """Session id -> SEQUENCE of each event of an .ics file."""
    found: dict[str, int] = {}
    for event in ics.split("BEGIN:VEVENT")[1:]:
        fields = dict(line.split(":", 1) for line in event.splitlines() if ":" in line)
        found[fields["UID"].split(".", 1)[0]] = int(fields["SEQUENCE"])
    return found


def export(run: Run, programme: str) -> str:
    result = run("--programme", programme, "export", "-o", "-")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_sequence_grows_only_for_the_sessions_that_changed(run: Run) -> None:
    first = sequences(export(run, V1))
    assert set(first.values()) == {20211004}  # as before any history: the version date
    second = sequences(export(run, V2))
    bumped = {ident for ident, number in second.items() if number != first.get(ident)}
    assert bumped == CHANGED_IN_V2
    assert {second[ident] for ident in bumped} == {20211108}
    assert second["ws1"] == second["ws9"] == 20211004


def test_exports_are_the_same_bytes_for_the_same_history(tmp_path: Path, run: Run) -> None:
    export(run, V1)
    once, twice = export(run, V2), export(run, V2)
    assert once == twice
    other = tmp_path / "other-home"
    other.mkdir()
    env = {"OCTOPUS_HOME": str(other)}
    assert run("--programme", V1, "today", "--at", AT, env=env).exit_code == 0  # seen, not exported
    elsewhere = run("--programme", V2, "export", "-o", "-", env=env)
    assert elsewhere.stdout == once


def test_a_first_look_at_v2_numbers_every_event_by_its_date(run: Run) -> None:
    assert set(sequences(export(run, V2)).values()) == {20211108}


def test_versions_of_one_date_still_grow_and_a_session_back_grows_too(
    run: Run, tmp_path: Path
) -> None:
    export(run, V1)
    export(run, V2)
    v2 = Path(V2).read_text(encoding="utf-8")
    v3 = v2.replace("end = 2021-11-17T16:50:00", "end = 2021-11-17T16:40:00")  # ws6 shorter
    v3 = v3.replace(
        "start = 2021-11-17T18:00:00\nend = 2021-11-17T19:50:00\ntags = [",
        "start = 2021-11-17T18:10:00\nend = 2021-11-17T19:50:00\ntags = [",
    )  # ws9 later
    assert v3.count("16:40") == 1 and v3.count("18:10") == 1
    (tmp_path / "v3.toml").write_text(v3, encoding="utf-8")
    third = sequences(export(run, str(tmp_path / "v3.toml")))  # the same version date as v2
    assert (third["ws6"], third["ws9"], third["ws1"]) == (20211109, 20211108, 20211004)
    back = sequences(export(run, V1))  # v1 again: what came or moved back grows again
    assert (back["ws6"], back["ws7"], back["ws9"], back["ws1"]) == (
        20211110,
        20211109,
        20211109,
        20211004,
    )


@needs("khal", "khal")
def test_khal_updates_only_the_events_that_changed(run: Run, tmp_path: Path) -> None:
    """Version 1 imported into khal, then version 2: the events of the sessions that
    changed are replaced (a higher SEQUENCE, the new times); every other stays as it was."""
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    database = tmp_path / "khal.db"
    config.write_text(KHAL_CONFIG.format(calendar=calendar, zone="Asia/Manila", database=database))
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    khal = ["khal", "-c", str(config)]

    def load(programme: str) -> tuple[dict[str, str], list[str]]:
        ics = tmp_path / "octopus.ics"
        ics.write_text(export(run, programme), encoding="utf-8", newline="")
        subprocess.run(
            [*khal, "import", "--batch", "-a", "octopus", str(ics)],
            check=True,
            capture_output=True,
            env=environment,
            timeout=60,
        )
        stored = {
            path.name: path.read_text(encoding="utf-8") for path in sorted(calendar.iterdir())
        }
        listed = subprocess.run(
            [
                *khal,
                "list",
                "--once",
                "--day-format",
                "",
                "--format",
                "{start}|{end}|{title}",
                "2021-11-14",
                "7d",
            ],
            check=True,
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
        ).stdout.splitlines()
        return stored, listed

    before, listed_before = load(V1)
    after, listed_after = load(V2)
    seq_before = {k: v for text in before.values() for k, v in sequences(text).items()}
    seq_after = {k: v for text in after.values() for k, v in sequences(text).items()}
    replaced = {ident for ident, number in seq_after.items() if number != seq_before.get(ident)}
    assert replaced == CHANGED_IN_V2
    # In Manila, Lightning talks I now start at 01:00 on the 18th.
    assert "2021-11-18 01:00|2021-11-18 02:50|Lightning talks I" in listed_after
    assert "2021-11-17 23:00|2021-11-18 00:50|Lightning talks I" in listed_before
    unchanged = set(listed_before) & set(listed_after)
    assert "2021-11-17 14:00|2021-11-17 15:50|WS 1: Regional Workshop for Asia" in unchanged
