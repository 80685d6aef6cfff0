"""The grid of the whole 2021 programme, compared with reviewed snapshots.

Each snapshot was read against the printed programme: every session in its slot and
column, the conference times beside the viewer's, days cut at the viewer's midnight. After a
deliberate change to the grid, regenerate them with

    OCTOPUS_UPDATE_SNAPSHOTS=1 uv run pytest tests/test_grid_snapshots.py

and review the diff before committing it."""

from __future__ import annotations

import os

import pytest
from conftest import REPO, Run

SNAPSHOTS = REPO / "tests" / "snapshots"
ZONES = ["Europe/Paris", "Asia/Tokyo", "America/Bogota"]
WIDTHS = [80, 120]
# During WS 2 and WS 3, with two picks: the marks for now and for picks are in the pictures.
AT = "2021-11-17T09:30+01:00"
PICKS = ["ws6", "lt2"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("zone", ZONES)
def test_the_whole_programme_matches_its_reviewed_grid(run: Run, zone: str, width: int) -> None:
    assert run("agenda", "add", *PICKS).exit_code == 0
    result = run("grid", "--tz", zone, "--at", AT, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    snapshot = SNAPSHOTS / f"grid-{zone.replace('/', '-').lower()}-{width}.txt"
    if os.environ.get("OCTOPUS_UPDATE_SNAPSHOTS"):
        snapshot.write_text(result.stdout, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with OCTOPUS_UPDATE_SNAPSHOTS=1"
    assert result.stdout == snapshot.read_text(encoding="utf-8")
    assert max(len(line) for line in result.stdout.splitlines()) == width
