"""The calendar-reading figures of benchmarks/run.py: a generated Google Calendar export
read as busy time for the conference week, against icalendar parsing the whole file."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import generate


def median_call(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def calendar_figures(
    workdir: Path, runs: int, seed: int
) -> list[tuple[str, float, str, bool | None]]:
    """Reading a Google-style export for the conference week (Monday 15 to Saturday 20
    November 2021, Paris) against icalendar parsing the whole file, in this process, after
    a warm-up read (so that neither side pays for imports)."""
    from zoneinfo import ZoneInfo

    import icalendar

    from octopus_cli.sources.usercal import read_busy

    paris = ZoneInfo("Europe/Paris")
    week = (datetime(2021, 11, 15, tzinfo=paris), datetime(2021, 11, 20, tzinfo=paris))
    rows: list[tuple[str, float, str, bool | None]] = []
    for events in (20_000, 100_000):
        path = workdir / f"google-{events}.ics"
        path.write_text(generate.google_calendar(events, seed), encoding="utf-8", newline="")
        size = f"{events // 1000}k events, {path.stat().st_size / 1e6:.0f} MB"
        found = read_busy(path, paris, week)
        if not found:
            raise SystemExit(f"reading {path} found no busy time in the conference week")
        reading = median_call(lambda path=path: read_busy(path, paris, week), runs)
        whole = median_call(
            lambda path=path: icalendar.Calendar.from_ical(path.read_bytes()), max(1, runs // 3)
        )
        ratio = reading / whole
        rows.append((f"icalendar parses a Google export, {size}", whole, "reference", None))
        rows.append(
            (
                f"--calendar reads it for a week ({len(found)} busy)",
                reading,
                f"{ratio:.3f} x icalendar (<= 0.06)",
                ratio <= 0.06,
            )
        )
    return rows
