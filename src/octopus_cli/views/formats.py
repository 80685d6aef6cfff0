"""Machine and plain-text output: JSON (a versioned contract), CSV and plain lines.

No Rich here: these formats are what scripts and pipes read, and they start fast."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..core.clock import format_duration
from ..core.models import Programme, Session
from ..core.schedule import day_offset, group_by_local_date
from ..core.text import export_text, printable

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from ..core.busy import Busy
    from ..core.clashes import Clash
    from ..core.overlaps import Timed

JSON_VERSION = 1


# ---- times as people read them ----------------------------------------------------------


def day_heading(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _mark(days: int) -> str:
    return f" {days:+d}d" if days else ""


def time_range(session: Timed, zone: ZoneInfo, reference: date) -> str:
    """'07:00–08:50' on the `reference` day; each end marked with its distance from that
    day when it lies on another: '23:00–00:50 +1d', '20:00 -1d–01:00', '01:00 +1d–02:00 +1d'.
    A session ending at midnight ends at '24:00' of its last day."""
    start = session.start.astimezone(zone)
    end = session.end.astimezone(zone)
    end_day = end.date()
    if end.time() == time() and end_day > start.date():
        end_text, end_day = "24:00", end_day - timedelta(days=1)
    else:
        end_text = f"{end:%H:%M}"
    start_mark = _mark(day_offset(start, zone, reference))
    end_mark = _mark((end_day - reference).days)
    return f"{start:%H:%M}{start_mark}–{end_text}{end_mark}"


def zone_columns(zones: Sequence[ZoneInfo], conference_zone: ZoneInfo) -> list[ZoneInfo]:
    """The display zones, then the conference zone when it is not among them."""
    return [*zones, conference_zone] if conference_zone not in zones else list(zones)


# ---- JSON ---------------------------------------------------------------------------------


PICKED = "★"  # marks a session in the user's agenda (ASCII terminals get '*')


def session_record(
    session: Session, zone: ZoneInfo, picked: frozenset[str] = frozenset()
) -> dict[str, Any]:
    return {
        "id": session.id,
        "label": session.label,
        "title": session.title,
        "kind": session.kind.value,
        "track": session.track,
        "start": session.start.astimezone(zone).isoformat(),
        "end": session.end.astimezone(zone).isoformat(),
        "duration_minutes": int(session.duration.total_seconds() // 60),
        "tags": list(session.tags),
        "description": session.description,
        "agenda": list(session.agenda),
        "url": session.url,
        "picked": session.id in picked,
    }


def envelope(programme: Programme, zone: ZoneInfo, **content: Any) -> dict[str, Any]:
    """The shared top of every JSON document."""
    return {
        "version": JSON_VERSION,
        "programme": programme.as_dict(),
        "timezone": zone.key,
        **content,
    }


# JSON escapes C0 controls itself; these it would leave raw (C1 controls such as the CSI
# that starts escape sequences, bidirectional overrides), so they are escaped here.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def to_json(document: dict[str, Any]) -> str:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def sessions_json(
    programme: Programme,
    sessions: Sequence[Session],
    zone: ZoneInfo,
    picked: frozenset[str] = frozenset(),
) -> str:
    records = [session_record(s, zone, picked) for s in sessions]
    return to_json(envelope(programme, zone, sessions=records))


# ---- CSV ----------------------------------------------------------------------------------

CSV_FIELDS = (
    "id",
    "label",
    "title",
    "kind",
    "track",
    "start",
    "end",
    "duration_minutes",
    "tags",
    "description",
)


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (=, +, -, @ lead formulas)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def sessions_csv(sessions: Sequence[Session], zone: ZoneInfo) -> str:
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer)
    writer.writerow(CSV_FIELDS)
    for session in sessions:
        record = session_record(session, zone)
        record["tags"] = ";".join(session.tags)
        writer.writerow(
            spreadsheet_safe(export_text(v)) if isinstance(v, str) else ("" if v is None else v)
            for v in (record[field] for field in CSV_FIELDS)
        )
    return buffer.getvalue()


# ---- plain text ---------------------------------------------------------------------------


def session_line(
    session: Session,
    zones: Sequence[ZoneInfo],
    reference: date,
    marks: str = "",
    picked: frozenset[str] = frozenset(),
) -> str:
    times = " | ".join(time_range(session, zone, reference) for zone in zones)
    star = f"  {PICKED}" if session.id in picked else ""
    return f"{times}  {session.id}  {printable(session.display_title)}{star}{marks}"


def sessions_plain(
    sessions: Sequence[Session],
    zones: Sequence[ZoneInfo],
    day: date | None = None,
    picked: frozenset[str] = frozenset(),
) -> str:
    """Sessions under local-date headings of the first zone (or all under `day`)."""
    if not sessions:
        return ""
    groups = [(day, list(sessions))] if day is not None else group_by_local_date(sessions, zones[0])
    names = " | ".join(zone.key for zone in zones)
    blocks = []
    for heading, members in groups:
        lines = [f"{day_heading(heading)} ({names})"]
        lines += [session_line(s, zones, heading, picked=picked) for s in members]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def countdown(now: datetime, moment: datetime) -> str:
    """'in 1h 5m' or '35m ago'."""
    if moment >= now:
        return f"in {format_duration(moment - now)}"
    return f"{format_duration(now - moment)} ago"


def session_detail_plain(
    session: Session, zones: Sequence[ZoneInfo], parallel: Sequence[Session]
) -> str:
    lines = [printable(session.display_title), f"  id: {session.id}"]
    lines.append(f"  kind: {session.kind.value}, track {session.track}")
    for zone in zones:
        day = session.start.astimezone(zone).date()
        lines.append(f"  when: {day_heading(day)} {time_range(session, zone, day)} ({zone.key})")
    lines.append(f"  duration: {format_duration(session.duration)}")
    if session.tags:
        lines.append("  tags: " + ", ".join(session.tags))
    if session.description:
        lines.append("  about: " + printable(session.description))
    if session.url:
        lines.append("  link: " + printable(session.url))
    lines += [f"  agenda {n}: {printable(item)}" for n, item in enumerate(session.agenda, 1)]
    lines += [
        f"  in parallel: {other.id}  {printable(other.display_title)} (track {other.track})"
        for other in parallel
    ]
    return "\n".join(lines) + "\n"


# ---- conference facts ---------------------------------------------------------------------


def info_rows(programme: Programme) -> list[tuple[str, str]]:
    """The conference facts as (label, text) rows, for the table and plain output."""
    c = programme.conference
    rows = [("Conference", c.name)]
    if c.title:
        rows.append(("Title", c.title))
    span = f"{day_heading(c.start_date)} to {day_heading(c.end_date)}"
    rows.append(("Dates", span + (", online" if c.online else "")))
    ends = programme.ends_at
    if ends is not None:
        rows.append(("Ends", f"{ends:%H:%M} on {day_heading(ends.date())}"))
    rows.append(("Programme times", f"{programme.zone.key} (wall clock)"))
    if c.languages:
        rows.append(("Languages", ", ".join(c.languages)))
    if c.registration:
        r = c.registration
        rows.append(
            ("Registration", f"{day_heading(r.opens)} to {day_heading(r.closes)}, {r.where}")
        )
    if c.participation:
        rows.append(("Participation", c.participation))
    for event in c.related_events:
        extra = f", participation {event.participation}" if event.participation else ""
        relation = f" ({event.relation})" if event.relation else ""
        rows.append(("Related event", f"{event.name}, {day_heading(event.date)}{relation}{extra}"))
    rows += [("Theme", theme) for theme in c.themes]
    if c.organiser:
        o = c.organiser
        rows.append(("Organiser", ", ".join(p for p in (o.name, o.directorate, o.address) if p)))
        if o.phone:
            rows.append(("Phone", o.phone))
        if o.email:
            rows.append(("E-mail", o.email))
    if c.funders:
        project = f" ({c.project})" if c.project else ""
        rows.append(("Funded by", ", ".join(c.funders) + project))
    if c.url:
        rows.append(("Web", c.url))
    version = f"version of {day_heading(c.programme_version)}" if c.programme_version else ""
    status = f" ({c.programme_status})" if c.programme_status else ""
    rows.append(("Programme", f"{len(programme.sessions)} sessions, {version}{status}".strip(", ")))
    rows.append(
        ("Tracks", ", ".join(str(t) for t in sorted({s.track for s in programme.sessions})))
    )
    rows.append(("Tags", ", ".join(sorted({t for s in programme.sessions for t in s.tags}))))
    return rows


def info_plain(programme: Programme) -> str:
    rows = info_rows(programme)
    width = max(len(label) for label, _ in rows)
    return "".join(f"{label:<{width}}  {printable(text)}\n" for label, text in rows)


def _iso(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def info_document(programme: Programme) -> dict[str, Any]:
    conference = json.loads(json.dumps(asdict(programme.conference), default=_iso))
    ends = programme.ends_at
    conference["ends_at"] = ends.isoformat() if ends is not None else None  # with its offset
    return {
        "version": JSON_VERSION,
        "programme": programme.as_dict(),
        "conference": conference,
        "sessions": len(programme.sessions),
        "tracks": sorted({s.track for s in programme.sessions}),
        "tags": sorted({t for s in programme.sessions for t in s.tags}),
    }


# ---- clashes ------------------------------------------------------------------------------


def item_name(item: Session | Busy) -> str:
    """'ws6 WS 6: Automated…' for a session, '"Team sync" (work.ics)' for an own event."""
    if isinstance(item, Session):
        return f"{item.id} {printable(item.display_title)}"
    return f'"{printable(item.summary or "(no title)")}" ({printable(item.source)})'


def item_when(item: Session | Busy, zone: ZoneInfo) -> str:
    day = item.start.astimezone(zone).date()
    return f"{day:%a} {day.day} {day:%b} {time_range(item, zone, day)}"


def clash_amount(clash: Clash) -> str:
    amount = clash.overlap
    if amount > timedelta(0):
        return f"overlap {format_duration(amount)}"
    return "back to back" if not amount else f"{format_duration(-amount)} apart"


def _item_record(item: Session | Busy, zone: ZoneInfo) -> dict[str, Any]:
    if isinstance(item, Session):
        return {"type": "session", **session_record(item, zone)}
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
) -> str:
    return to_json(
        envelope(
            programme,
            zone,
            checked=[s.id for s in checked],
            calendars=list(calendars),
            clashes=[
                {
                    "first": _item_record(c.first, zone),
                    "second": _item_record(c.second, zone),
                    "overlap_minutes": int(c.overlap.total_seconds() // 60),
                }
                for c in clashes
            ],
        )
    )


def clashes_plain(clashes: Sequence[Clash], zone: ZoneInfo) -> str:
    lines = [
        f"{item_when(c.first, zone)}  {item_name(c.first)}\n"
        f"{item_when(c.second, zone)}  {item_name(c.second)}\n"
        f"  {clash_amount(c)}"
        for c in clashes
    ]
    return "\n\n".join(lines) + "\n"


def clash_summary(clashes: Sequence[Clash], checked: Sequence[Session], zone: ZoneInfo) -> str:
    count = len(clashes)
    sessions = f"{len(checked)} session{'s' if len(checked) != 1 else ''}"
    if not count:
        return f"No clashes among {sessions}."
    return f"{count} clash{'es' if count != 1 else ''} among {sessions} (times in {zone.key})."
