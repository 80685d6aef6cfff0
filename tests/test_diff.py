"""`octopus diff OLD NEW` (issue 19): what changed between two versions of a programme.

The programme history is `tests/readme/octopus-v1.toml` (the bundled programme) and
`octopus-v2.toml`: WS 6 an hour later and in track 2, WS 7 cancelled, WS 8 retitled,
Lightning talks I from 16:00 to 18:00 CET (past midnight in Manila), Workshop 12 with a
new description, Workshop 15 added, and the conclusions with a new id ('closing')."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from conftest import MINIMAL_PROGRAMME, REPO, Run, write_programme
from hypothesis import given
from hypothesis import strategies as st

from octopus_cli.core import changekinds as kinds
from octopus_cli.core.changes import diff_programmes, diff_sessions
from octopus_cli.core.errors import InputError, ProgrammeError
from octopus_cli.core.models import Programme
from octopus_cli.sources.loader import load_programme

HISTORY = REPO / "tests" / "readme"
V1, V2 = str(HISTORY / "octopus-v1.toml"), str(HISTORY / "octopus-v2.toml")
BUNDLED = str(REPO / "data" / "programme.toml")

EXPECTED = {  # id -> (kinds, old id)
    "ws7": (["cancelled"], None),
    "ws6": (["moved", "track"], None),
    "ws8": (["retitled"], None),
    "lt1": (["moved"], None),
    "ws15": (["new"], None),
    "ws12": (["description"], None),
    "closing": (["renamed"], "conclusions"),
}


def _json(run: Run, *args: str) -> dict[str, object]:
    result = run("diff", *args, "--format", "json")
    assert result.exit_code == 1, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def _changes(document: dict[str, object]) -> dict[str, dict[str, object]]:
    entries = document["changes"]
    assert isinstance(entries, list)
    return {entry["id"]: entry for entry in entries}


# ---- what is found -----------------------------------------------------------------------


def test_v1_is_the_bundled_programme(run: Run) -> None:
    result = run("diff", BUNDLED, V1)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("No changes from ")


def test_every_kind_of_change_is_found_with_its_old_id(run: Run) -> None:
    found = _changes(_json(run, V1, V2))
    assert {key: (entry["changes"], entry["old_id"]) for key, entry in found.items()} == EXPECTED


def test_the_summary_counts_each_kind(run: Run) -> None:
    assert _json(run, V1, V2)["summary"] == {
        "cancelled": 1,
        "new": 1,
        "moved": 2,
        "retitled": 1,
        "track": 1,
        "description": 1,
        "details": 0,
        "renamed": 1,
    }


def test_changes_come_in_time_order(run: Run) -> None:
    assert list(_changes(_json(run, V1, V2))) == [
        "ws7",  # was at 14:00
        "ws6",  # now at 15:00
        "ws8",
        "lt1",
        "ws15",
        "ws12",
        "closing",
    ]


def test_the_reverse_diff_swaps_new_and_cancelled(run: Run) -> None:
    found = _changes(_json(run, V2, V1))
    assert found["ws7"]["changes"] == ["new"]
    assert found["ws15"]["changes"] == ["cancelled"]
    assert found["conclusions"]["old_id"] == "closing"


# ---- times in the viewer's zones ---------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "old_start", "new_start"),
    [
        ("Europe/Paris", "2021-11-17T16:00:00+01:00", "2021-11-17T18:00:00+01:00"),
        ("Asia/Manila", "2021-11-17T23:00:00+08:00", "2021-11-18T01:00:00+08:00"),
        ("America/Bogota", "2021-11-17T10:00:00-05:00", "2021-11-17T12:00:00-05:00"),
        ("Asia/Kathmandu", "2021-11-17T20:45:00+05:45", "2021-11-17T22:45:00+05:45"),
        ("Pacific/Kiritimati", "2021-11-18T05:00:00+14:00", "2021-11-18T07:00:00+14:00"),
    ],
)
def test_old_and_new_times_are_in_the_viewers_zone(
    run: Run, zone: str, old_start: str, new_start: str
) -> None:
    document = _json(run, V1, V2, "--tz", zone)
    assert document["timezone"] == zone
    lt1 = _changes(document)["lt1"]
    assert isinstance(lt1["before"], dict) and isinstance(lt1["after"], dict)
    assert (lt1["before"]["start"], lt1["after"]["start"]) == (old_start, new_start)


def test_a_move_across_the_viewers_midnight_changes_its_date(run: Run) -> None:
    result = run("diff", V1, V2, "--tz", "Asia/Manila", "--format", "plain")
    assert result.exit_code == 1
    assert (
        "  moved: Wed 17 Nov 23:00–00:50 +1d | 16:00–17:50 → "
        "Thu 18 Nov 01:00–02:50 | 18:00 -1d–19:50 -1d"
    ) in result.stdout.splitlines()


def test_every_zone_given_is_shown_then_the_conferences(run: Run) -> None:
    result = run("diff", V1, V2, "--tz", "Asia/Tokyo", "--tz", "America/Bogota", "-f", "plain")
    assert "  moved: Wed 17 Nov 22:00–23:50 | 08:00–09:50 | 14:00–15:50 → " in result.stdout
    assert result.stdout.rstrip().endswith("(times in Asia/Tokyo | America/Bogota | Europe/Paris).")


def test_plain_output_names_every_change(run: Run) -> None:
    result = run("diff", V1, V2, "--format", "plain")
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "ws7  WS 7: Ransomware",
        "  cancelled: was Wed 17 Nov 14:00–15:50, track 2",
        "ws6  WS 6: Automated detection of child sexual abuse materials",
    ]
    assert '  retitled: was "WS 8: Cybercrime and artificial intelligence"' in lines
    assert "  new: Thu 18 Nov 07:00–08:50, track 2" in lines
    assert "  id: was conclusions (found by its title)" in lines
    assert lines[-1].startswith("7 sessions changed from ")


# ---- formats and the JSON contract -------------------------------------------------------


def test_the_json_contract(run: Run) -> None:
    document = _json(run, V1, V2)
    # `before` and `after` are session objects, with the keys `list --format json` gives.
    listed = json.loads(run("list", "ws6", "--format", "json").stdout)["sessions"][0]
    assert set(document) == {
        "version",
        "programme",
        "timezone",
        "old",
        "new",
        "changed",
        "summary",
        "changes",
    }
    assert document["version"] == 1
    assert document["changed"] is True
    assert document["programme"] == {"name": "Octopus Conference 2021", "timezone": "Europe/Paris"}
    assert document["old"] == {"source": V1, "published": "2021-10-04", "sessions": 25}
    assert document["new"] == {"source": V2, "published": "2021-11-08", "sessions": 25}
    for entry in _changes(document).values():
        assert set(entry) == {"id", "old_id", "changes", "before", "after"}
        for side in (entry["before"], entry["after"]):
            assert side is None or set(side) == set(listed)  # type: ignore[arg-type]
    found = _changes(document)
    assert found["ws7"]["after"] is None and found["ws15"]["before"] is None


def test_json_says_nothing_changed(run: Run) -> None:
    result = run("diff", V1, V1, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["changed"], document["changes"]) == (False, [])
    assert set(document["summary"].values()) == {0}


def test_csv_has_a_row_per_changed_session(run: Run) -> None:
    result = run("diff", V1, V2, "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_id = {row["id"]: row for row in rows}
    assert list(by_id) == list(EXPECTED)
    assert by_id["ws6"]["changes"] == "moved;track"
    assert (by_id["ws6"]["old_start"], by_id["ws6"]["start"]) == (
        "2021-11-17T14:00:00+01:00",
        "2021-11-17T15:00:00+01:00",
    )
    assert (by_id["ws6"]["old_track"], by_id["ws6"]["track"]) == ("1", "2")
    assert by_id["ws7"]["start"] == "" and by_id["closing"]["old_id"] == "conclusions"


def test_the_table_shows_every_change(run: Run) -> None:
    result = run("diff", V1, V2, "--format", "table")
    assert result.exit_code == 1
    for word in ("cancelled", "moved", "retitled", "track", "description", "new", "id"):
        assert word in result.stdout
    assert "7 sessions changed" in result.stdout


# ---- bad input: exit 2 --------------------------------------------------------------------


def test_two_unrelated_programmes_are_refused(run: Run, tmp_path: Path) -> None:
    other = write_programme(tmp_path, MINIMAL_PROGRAMME)
    result = run("diff", V1, str(other))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: these are two different programmes, not two versions")
    assert "'Octopus Conference 2021' and 'Test Conference'" in result.stderr
    assert result.stdout == ""


def test_a_renamed_conference_with_the_same_sessions_is_still_one_programme() -> None:
    old = load_programme(V1)
    renamed = replace(old.conference, name="Octopus Conference 2021 (revised)")
    new = Programme(renamed, old.zone, list(old.sessions), "renamed")
    assert not diff_programmes(old, new)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/v1.toml", V2], "programme file not found: /nonexistent/v1.toml"),
        ([V1, "/nonexistent/v2.toml"], "Check the path given to 'octopus diff'."),
        (["@latest", V2], "unknown version '@latest'"),
        ([V1, "@previous"], "NEW is a programme file, not @previous"),
        (["@previous"], "octopus has not shown you an earlier version"),
    ],
)
def test_bad_input_exits_2(run: Run, args: list[str], message: str) -> None:
    result = run("diff", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr


def test_an_invalid_version_is_refused_with_its_problems(run: Run) -> None:
    result = run("diff", V1, str(HISTORY / "my-conference.toml"))
    assert result.exit_code == 2
    assert "Error: invalid programme file" in result.stderr


def test_new_defaults_to_the_programme_in_use(run: Run) -> None:
    result = run("--programme", V2, "diff", V1, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["new"]["source"] == V2
    bundled = run("diff", V2, "--format", "plain")
    assert bundled.exit_code == 1
    assert "from " + V2 + " to the bundled programme" in bundled.stdout


def test_the_installed_command_exits_1_when_something_changed(tmp_path: Path) -> None:
    octopus = Path(sys.executable).parent / "octopus"
    env = {"OCTOPUS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    result = subprocess.run(
        [str(octopus), "diff", V1, V2], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 1, result.stderr
    assert "7 sessions changed" in result.stdout
    assert list(tmp_path.iterdir()) in ([], [tmp_path / "cache"])  # diff notes nothing seen


# ---- the core: matching -------------------------------------------------------------------


def _programme() -> Programme:
    return load_programme(V1)


def test_a_title_shared_by_two_sessions_is_no_match() -> None:
    old = [s for s in _programme().sessions if s.kind == "break"][:2]
    assert old[0].title == old[1].title == "Break"
    new = [replace(session, id=f"{session.id}-x") for session in old]
    found = diff_sessions(old, new)
    assert sorted(change.kinds[0] for change in found.changes) == ["cancelled"] * 2 + ["new"] * 2
    assert not any(change.renamed for change in found.changes)


def test_a_new_id_and_a_move_are_both_said() -> None:
    ws6 = _programme().get("ws6")
    assert ws6 is not None
    moved = replace(ws6, id="ws-6", start=ws6.start + timedelta(hours=1))
    (change,) = diff_sessions([ws6], [moved]).changes
    assert (change.kinds, change.renamed, change.old_id, change.id) == (
        (kinds.MOVED,),
        True,
        "ws6",
        "ws-6",
    )


def test_tags_kind_and_link_are_details() -> None:
    ws6 = _programme().get("ws6")
    assert ws6 is not None
    changed = replace(ws6, tags=("csam",), url="https://example.org/ws6")
    (change,) = diff_sessions([ws6], [changed]).changes
    assert change.kinds == (kinds.DETAILS,)


def test_an_instant_written_in_another_offset_is_no_move() -> None:
    ws6 = _programme().get("ws6")
    assert ws6 is not None
    utc_written = replace(ws6, start=ws6.start.astimezone(UTC), end=ws6.end.astimezone(UTC))
    assert not diff_sessions([ws6], [utc_written])


def test_two_unrelated_programmes_raise_an_input_error(tmp_path: Path) -> None:
    other = load_programme(write_programme(tmp_path, MINIMAL_PROGRAMME))
    with pytest.raises(InputError, match="two different programmes"):
        diff_programmes(_programme(), other)


_SESSIONS = _programme().sessions


@given(
    st.lists(st.sampled_from(range(len(_SESSIONS))), unique=True),
    st.lists(st.sampled_from(range(len(_SESSIONS))), unique=True),
    st.integers(min_value=-180, max_value=180),
)
def test_every_session_is_accounted_for_once(
    dropped: list[int], shifted: list[int], minutes: int
) -> None:
    """Whatever is dropped and moved: each old session is unchanged or in one change with
    `old`, each new one unchanged or in one change with `new`; moves are found exactly."""
    shift = timedelta(minutes=minutes)
    new = [
        replace(s, start=s.start + shift, end=s.end + shift) if index in shifted else s
        for index, s in enumerate(_SESSIONS)
        if index not in dropped
    ]
    found = diff_sessions(_SESSIONS, new)
    olds = [c.old.id for c in found.changes if c.old is not None]
    news = [c.new.id for c in found.changes if c.new is not None]
    assert found.unchanged + len(olds) == len(_SESSIONS) and len(set(olds)) == len(olds)
    assert found.unchanged + len(news) == len(new) and len(set(news)) == len(news)
    moved = {c.id for c in found.changes if kinds.MOVED in c.kinds}
    expected = {_SESSIONS[i].id for i in shifted if i not in dropped} if minutes else set()
    assert moved == expected
    assert not diff_sessions(new, new)


def test_two_versions_read_at_once_are_both_cached_and_errors_still_name_the_file(
    tmp_path: Path,
) -> None:
    """`load_both` validates the second version in a child process (into the cache) while
    reading the first: afterwards both load from the cache, and a bad second version is
    still reported by this process, with its problems."""
    from octopus_cli.sources.loader import load_both, read_source
    from octopus_cli.store.cache import load_cached

    cache = tmp_path / "cache"
    first, second = (read_source(path, cache) for path in (V2, V1))
    later, earlier = load_both(first, second, cache)
    assert diff_programmes(earlier, later)  # the versions, each read from its own file
    assert load_cached(cache, second.data, second.name) is not None  # the child's work
    assert load_cached(cache, first.data, first.name) is not None
    bad = read_source(str(HISTORY / "my-conference.toml"), cache)
    with pytest.raises(ProgrammeError) as raised:
        load_both(first, bad, cache)
    assert raised.value.problems
