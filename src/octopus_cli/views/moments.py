"""`now` and `next` as rows: what is on, then the sessions of each slot that follows, with
how long is left or how long until; as plain lines and JSON. The Rich table is
`render.now_view`. No Rich here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ..core.changekinds import Marks
from ..core.i18n import _, ngettext
from ..core.models import Programme, Session
from ..core.schedule import until
from ..core.text import printable
from .formats import clock_range, envelope, session_record, timed_line, to_json
from .wording import time_left

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class MomentRow:
    """One session of `now` or `next`: on now, or starting later."""

    session: Session
    on_now: bool
    when: str  # '1h 20m left', 'in 1h 30m', 'in 15 days'
    ends_slot: bool  # the last row of its slot (tables draw a rule after it)


def moment_rows(
    current: Sequence[Session], slots: Sequence[Sequence[Session]], now: datetime, zone: ZoneInfo
) -> list[MomentRow]:
    """The sessions on now, then those of each slot; countdowns by the calendar of `zone`."""
    rows = [
        MomentRow(s, True, time_left(s.end - now), i + 1 == len(current))
        for i, s in enumerate(current)
    ]
    for slot in slots:
        rows += [
            MomentRow(s, False, until(now, s.start, zone), i + 1 == len(slot))
            for i, s in enumerate(slot)
        ]
    return rows


def row_times(row: MomentRow, zones: Sequence[ZoneInfo], now: datetime) -> list[str]:
    """The row's times, one per zone: on the viewer's date there, dated when far."""
    return [clock_range(row.session, zone, now) for zone in zones]


def next_heading(counted: int, asked: int, selection: str | None) -> str:
    """'Next 3 slots'; 'The last 2 slots' when fewer remain than asked; ': my agenda'."""
    if counted >= asked:
        heading = ngettext("Next slot", "Next {count} slots", counted)
    else:
        heading = ngettext("The last slot", "The last {count} slots", counted)
    heading = heading.format(count=counted)
    if selection:
        return _("{heading}: {selection}").format(heading=heading, selection=selection)
    return heading


def moment_plain(
    rows: Sequence[MomentRow],
    zones: Sequence[ZoneInfo],
    now: datetime,
    picked: frozenset[str],
    note: str | None = None,
    heading: str | None = None,
    changed: Marks | None = None,
) -> str:
    """The `note` (a sentence) and `heading`, then one line per session:
    '21:00–22:50 | 14:00–15:50  ws6  WS 6: …  (1h 20m left)'. The heading names the zones."""
    lines = [printable(note)] if note else []
    if heading:
        lines.append(printable(f"{heading} ({' | '.join(zone.key for zone in zones)})"))
    lines += [
        timed_line(row.session, row_times(row, zones, now), f"  ({row.when})", picked, changed)
        for row in rows
    ]
    return "".join(line + "\n" for line in lines)


def moment_json(
    programme: Programme,
    zone: ZoneInfo,
    now: datetime,
    current: Sequence[Session],
    following: Sequence[Session],
    picked: frozenset[str],
    changed: Marks | None = None,
) -> str:
    """The JSON contract of `now` and `next`: the clock, `in_progress` and `next` (every
    session of the slots shown), with minutes to their start and end."""

    def record(session: Session) -> dict[str, Any]:
        item = session_record(session, zone, picked, changed)
        item["starts_in_minutes"] = int((session.start - now).total_seconds() // 60)
        item["ends_in_minutes"] = int((session.end - now).total_seconds() // 60)
        return item

    return to_json(
        envelope(
            programme,
            zone,
            now=now.astimezone(zone).isoformat(),
            in_progress=[record(s) for s in current],
            next=[record(s) for s in following],
        )
    )
