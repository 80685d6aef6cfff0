"""The timetable grid as a layout: for each of the viewer's dates, rows of time, one column per
track, and each session as a block over the rows (and free columns) it covers.

Pure data and arithmetic on aware datetimes; drawing it is `gridview.py`'s job."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from ..core.filters import session_days as grid_days
from ..core.i18n import _
from ..core.models import Session, utc
from ..core.schedule import day_bounds

# A pause longer than this between rows is worth a mark (a change of room is not).
LONG_GAP = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Slot:
    """One row: a stretch of time with no session starting or ending inside it."""

    start: datetime
    end: datetime
    after_gap: bool  # over LONG_GAP with nothing on lies between the previous row and this


@dataclass(frozen=True, slots=True)
class Block:
    """A session placed in the grid: rows `first`..`last` and columns `column`.. (inclusive
    ranges; `width` > 1 when the columns to its right are free for all of its rows, as the
    printed programme lets a lone session span the page; a session in a named room spans
    only that room's columns)."""

    session: Session
    first: int
    last: int
    column: int
    width: int
    from_earlier_day: bool  # began before this local date (crosses midnight)
    into_later_day: bool  # goes on past this local date


@dataclass(frozen=True, slots=True)
class DayGrid:
    day: date
    tracks: tuple[int, ...]
    names: tuple[str, ...]  # each track's header: its room ('Saal 1'), else 'Track 2'
    rows: tuple[Slot, ...]
    blocks: tuple[Block, ...]


def day_grid(sessions: Sequence[Session], day: date, zone: ZoneInfo) -> DayGrid:
    """The grid of one local date: the part of each session that falls on it, so a session
    crossing midnight appears on both dates, each time cut at midnight."""
    # In UTC: Python compares and subtracts datetimes of one zone by their wall clocks, which
    # would merge 02:30 summer time and 02:30 winter time on the night the clocks go back.
    opens, closes = (utc(moment) for moment in day_bounds(day, zone))
    members, spans = [], []
    for session in sessions:
        start, end = utc(session.start), utc(session.end)
        if start < closes and end > opens:
            members.append(session)
            spans.append((max(start, opens), min(end, closes)))
    named = {s.track: s.track_name for s in members}
    tracks = tuple(sorted(named))
    names = tuple(named[track] or _("Track {number}").format(number=track) for track in tracks)

    rows: list[Slot] = []
    edges = sorted({moment for span in spans for moment in span})
    # How many sessions run between each edge and the next: +1 where one starts, -1 where
    # one ends, summed in order (one pass, not every span for every stretch).
    change = dict.fromkeys(edges, 0)
    for opening, closing in spans:
        change[opening] += 1
        change[closing] -= 1
    running = 0
    for start, end in pairwise(edges):
        running += change[start]
        if running > 0:
            rows.append(Slot(start, end, after_gap=bool(rows) and start - rows[-1].end > LONG_GAP))
    row_of_start = {row.start: index for index, row in enumerate(rows)}
    row_of_end = {row.end: index for index, row in enumerate(rows)}

    taken = [[False] * len(tracks) for _row in rows]
    placed: list[tuple[Session, int, int, int]] = []
    for session, (start, end) in zip(members, spans, strict=True):
        first, last, column = row_of_start[start], row_of_end[end], tracks.index(session.track)
        for row in range(first, last + 1):
            taken[row][column] = True
        placed.append((session, first, last, column))

    blocks = []
    for session, first, last, column in placed:
        width = 1
        # A session in a named room spans only that room's other tracks (its parallel
        # sessions'), never the next room, which it is not in.
        while (
            column + width < len(tracks)
            and named[tracks[column + width]] == session.track_name
            and not any(taken[row][column + width] for row in range(first, last + 1))
        ):
            for row in range(first, last + 1):
                taken[row][column + width] = True
            width += 1
        blocks.append(
            Block(
                session,
                first,
                last,
                column,
                width,
                from_earlier_day=utc(session.start) < opens,
                into_later_day=utc(session.end) > closes,
            )
        )
    return DayGrid(day, tracks, names, tuple(rows), tuple(blocks))


def timetable(
    sessions: Sequence[Session], zone: ZoneInfo, days: Sequence[date] | None = None
) -> list[DayGrid]:
    """The grids of `days` (default: every local date the sessions run on), empty dates left out."""
    chosen = grid_days(sessions, zone) if days is None else sorted(set(days))
    grids = [day_grid(sessions, day, zone) for day in chosen]
    return [grid for grid in grids if grid.blocks]
