"""The clash report in every format: plain lines, JSON, CSV and the summary sentence (the
terminal table is `render.clashes_table`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from ..core.clock import format_duration
from ..core.i18n import _, day_label, ngettext
from ..core.models import Programme, Session
from ..core.text import printable
from .formats import envelope, session_record, time_range, to_csv, to_json, zone_labels
from .wording import sessions_count

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from ..core.busy import Busy
    from ..core.clashes import Clash


def item_name(item: Session | Busy) -> str:
    """'ws6 WS 6: Automated…' for a session, '"Team sync" (work.ics)' for an own event."""
    if isinstance(item, Session):
        return f"{item.id} {printable(item.display_title)}"
    summary = printable(item.summary) if item.summary else _("(no title)")
    return _('"{title}" ({calendar})').format(title=summary, calendar=printable(item.source))


def item_when(item: Session | Busy, zones: Sequence[ZoneInfo]) -> str:
    """'Wed 17 Nov 14:00–15:50' in the first zone, then the same times in the others:
    ' (22:00–23:50 Manila)' (cities, as in the tables), with +1d where the date differs."""
    first, *others = zones
    day = item.start.astimezone(first).date()
    text = f"{day_label(day, year=False)} {time_range(item, first, day)}"
    labels = zone_labels(zones)[1:]
    return text + "".join(
        f" ({time_range(item, zone, day)} {label})"
        for zone, label in zip(others, labels, strict=True)
    )


def clash_amount(clash: Clash) -> str:
    amount = clash.overlap
    if amount > timedelta(0):
        return _("overlap {duration}").format(duration=format_duration(amount))
    if not amount:
        return _("back to back")
    return _("{duration} apart").format(duration=format_duration(-amount))


def _item_record(item: Session | Busy, zone: ZoneInfo, picked: frozenset[str]) -> dict[str, Any]:
    if isinstance(item, Session):
        return {"type": "session", **session_record(item, zone, picked)}
    return {
        "type": "event",
        "summary": item.summary,
        "uid": item.uid,
        "calendar": item.source,
        "start": item.start.astimezone(zone).isoformat(),
        "end": item.end.astimezone(zone).isoformat(),
    }


def clashes_json(
    programme: Programme,
    zone: ZoneInfo,
    checked: Sequence[Session],
    calendars: Sequence[str],
    clashes: Sequence[Clash],
    picked: frozenset[str] = frozenset(),
) -> str:
    return to_json(
        envelope(
            programme,
            zone,
            checked=[s.id for s in checked],
            calendars=list(calendars),
            clashes=[
                {
                    "first": _item_record(c.first, zone, picked),
                    "second": _item_record(c.second, zone, picked),
                    "overlap_minutes": int(c.overlap.total_seconds() // 60),
                }
                for c in clashes
            ],
        )
    )


CLASH_CSV_FIELDS = (
    "first_type",
    "first",
    "first_start",
    "first_end",
    "second_type",
    "second",
    "second_start",
    "second_end",
    "overlap_minutes",
)


def clashes_csv(clashes: Sequence[Clash], zone: ZoneInfo) -> str:
    """`clashes --format csv`: one row per clashing pair; a session by its id, an event of
    your calendar by its summary; times in `zone` with their offset."""

    def side(item: Session | Busy) -> list[object]:
        kind, name = ("session", item.id) if isinstance(item, Session) else ("event", item.summary)
        return [
            kind,
            name,
            item.start.astimezone(zone).isoformat(),
            item.end.astimezone(zone).isoformat(),
        ]

    rows = (
        [*side(c.first), *side(c.second), int(c.overlap.total_seconds() // 60)] for c in clashes
    )
    return to_csv(CLASH_CSV_FIELDS, rows)


def clashes_plain(clashes: Sequence[Clash], zones: Sequence[ZoneInfo]) -> str:
    lines = [
        f"{item_when(c.first, zones)}  {item_name(c.first)}\n"
        f"{item_when(c.second, zones)}  {item_name(c.second)}\n"
        f"  {clash_amount(c)}"
        for c in clashes
    ]
    return "\n\n".join(lines) + "\n"


def clash_summary(clashes: Sequence[Clash], checked: Sequence[Session], zone: ZoneInfo) -> str:
    count = len(clashes)
    sessions = sessions_count(len(checked))
    if not count:
        return _("No clashes among {sessions}.").format(sessions=sessions)
    sentence = ngettext(
        "{count} clash among {sessions} (times in {zone}).",
        "{count} clashes among {sessions} (times in {zone}).",
        count,
    )
    return sentence.format(count=count, sessions=sessions, zone=zone.key)
