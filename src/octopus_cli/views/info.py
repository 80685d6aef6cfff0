"""`octopus info`: the conference's facts as rows (table, plain, CSV) and as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime

from ..core.models import Programme
from ..core.text import printable
from .formats import JSON_VERSION, day_heading, to_csv

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any


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
    rows.append(("Tracks", ", ".join(track_labels(programme))))
    rows.append(("Kinds", ", ".join(sorted({s.kind for s in programme.sessions}))))
    rows.append(("Tags", ", ".join(sorted({t for s in programme.sessions for t in s.tags}))))
    return rows


def track_labels(programme: Programme) -> list[str]:
    """The tracks in order, by name where they have one ('Saal 1'), each once."""
    ordered = sorted({(s.track, s.track_label) for s in programme.sessions})
    return list(dict.fromkeys(label for _, label in ordered))


def info_csv(programme: Programme) -> str:
    """`info --format csv`: one row per fact, as `info` shows them."""
    return to_csv(("field", "value"), info_rows(programme))


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
        "kinds": sorted({s.kind for s in programme.sessions}),
        "tags": sorted({t for s in programme.sessions for t in s.tags}),
    }
