"""A session as a row of JSON values, as snapshots keep it, and back."""

from __future__ import annotations

from datetime import datetime

from ..core.models import Link, Session

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any


def session_row(session: Session) -> list[Any]:
    row = [
        session.id,
        session.label,
        session.title,
        session.kind,
        session.track,
        session.start.isoformat(),
        session.end.isoformat(),
        list(session.tags),
        session.description,
        list(session.agenda),
        session.url,
    ]
    # What published schedules add, only where a session has it: rows of a programme
    # without it (the bundled one) are as before, and so is its fingerprint.
    more = {
        "track_name": session.track_name,
        "subtitle": session.subtitle,
        "details": session.details,
        "persons": list(session.persons),
        "language": session.language,
        "links": [[link.title, link.url] for link in session.links],
    }
    more = {key: value for key, value in more.items() if value}
    return [*row, more] if more else row


def row_session(row: Any) -> Session:
    """A row back as a Session; ValueError, TypeError or KeyError when it is not one."""
    ident, label, title, kind, track, start, end, tags, description, agenda, url, *rest = row
    more = rest[0] if rest else {}
    texts = (ident, title, kind, description, *tags, *agenda, *more.get("persons", ()))
    links = tuple(Link(str(title), str(url)) for title, url in more.get("links", ()))
    if not all(isinstance(t, str) for t in texts) or type(track) is not int:
        raise TypeError("not a session")
    starts, ends = datetime.fromisoformat(start), datetime.fromisoformat(end)
    if starts.tzinfo is None or ends.tzinfo is None:
        raise ValueError("a time without its offset")
    return Session(
        id=ident,
        label=label if isinstance(label, str) else None,
        title=title,
        kind=kind,
        track=track,
        start=starts,
        end=ends,
        tags=tuple(tags),
        description=description,
        agenda=tuple(agenda),
        url=url if isinstance(url, str) else None,
        track_name=_text_or_none(more.get("track_name")),
        subtitle=_text_or_none(more.get("subtitle")),
        details=_text_or_none(more.get("details")) or "",
        persons=tuple(more.get("persons", ())),
        language=_text_or_none(more.get("language")),
        links=links,
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
