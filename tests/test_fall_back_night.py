"""The night the clocks go back (`FALL_BACK_PROGRAMME`): every command must see the real
instants, an hour apart, though the wall clocks of `early` and `late` touch (session times
carry fixed offsets; see `models.pinned`)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FALL_BACK_PROGRAMME, Run, write_programme


def _run(run: Run, tmp_path: Path, *args: str) -> dict[str, object]:
    path = write_programme(tmp_path, FALL_BACK_PROGRAMME)
    result = run("--programme", str(path), *args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_between_the_two_nothing_is_on(run: Run, tmp_path: Path) -> None:
    # 02:15 winter time is 01:15 UTC: after `early`, before `late`.
    moment = _run(run, tmp_path, "now", "--at", "2021-10-31T02:15+01:00")
    assert moment["in_progress"] == []
    assert [s["id"] for s in moment["next"]] == ["late"]  # type: ignore[attr-defined]
    assert moment["next"][0]["starts_in_minutes"] == 15  # type: ignore[index]


def test_an_hour_apart_is_not_a_clash_within_a_45_minute_buffer(run: Run, tmp_path: Path) -> None:
    found = _run(run, tmp_path, "clashes", "early", "late", "--buffer", "45m")
    assert found["clashes"] == []
    found = _run(run, tmp_path, "clashes", "early", "late", "--buffer", "75m")
    assert [c["overlap_minutes"] for c in found["clashes"]] == [-60]  # type: ignore[attr-defined]


def test_both_last_half_an_hour_and_list_in_real_order(run: Run, tmp_path: Path) -> None:
    listed = _run(run, tmp_path, "list", "--tz", "UTC")
    sessions = listed["sessions"]
    assert [(s["id"], s["start"], s["duration_minutes"]) for s in sessions] == [  # type: ignore[attr-defined]
        ("early", "2021-10-31T00:00:00+00:00", 30),
        ("late", "2021-10-31T01:30:00+00:00", 30),
    ]
