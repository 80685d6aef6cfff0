"""A cache of validated programmes, so that `octopus today` need not validate (and import
Pydantic) on every run.

An entry is keyed on the BLAKE2b hash of the programme file's bytes and of octopus's version,
so it can never serve stale data: an edited file or a new octopus is a different key.
Entries are written atomically (concurrent runs each write a whole file, the last rename
wins, and both are the same). A missing, unreadable or damaged entry is a miss, never an
error: the cache only saves time."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import __version__
from ..core.choices import Kind
from ..core.models import Conference, Organiser, Programme, Registration, RelatedEvent, Session

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

try:  # the C module hashlib wraps: importing hashlib loads OpenSSL, 3 ms of every run
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

# Raised when the layout of an entry or the rules of validation change (2: session times are
# compared in UTC and kept with fixed offsets; 3: dates only in the years 1900-2999), so no
# entry found valid by older rules is trusted.
FORMAT = 3


def cache_key(data: bytes) -> str:
    digest = blake2b(f"octopus {__version__} cache {FORMAT}\n".encode(), digest_size=32)
    digest.update(data)
    return digest.hexdigest()


def _entry(directory: Path, data: bytes) -> Path:
    return directory / f"programme-{cache_key(data)}.json"


def load_cached(directory: Path, data: bytes, source: str) -> Programme | None:
    """The programme validated earlier from exactly these bytes, or None."""
    try:
        document = json.loads(_entry(directory, data).read_bytes())
        return _programme(document, source)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no entry, or one we cannot use: validate again


def store(directory: Path, data: bytes, programme: Programme) -> None:
    """Keep the validated programme for the next run; failing to is not an error."""
    from ..core.errors import OctopusError
    from .fileio import write_atomic

    text = json.dumps(_document(programme), ensure_ascii=False, separators=(",", ":"))
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_atomic(_entry(directory, data), text.encode("utf-8"))
    except (OSError, OctopusError):
        pass  # a read-only home: every run validates, which is only slower


# ---- to and from JSON ----------------------------------------------------------------------


def _document(programme: Programme) -> dict[str, Any]:
    c = programme.conference
    return {
        "format": FORMAT,
        "zone": programme.zone.key,
        "conference": {
            "name": c.name,
            "timezone": c.timezone,
            "start_date": c.start_date.isoformat(),
            "end_date": c.end_date.isoformat(),
            "title": c.title,
            "edition": c.edition,
            "ends_at": c.ends_at.isoformat() if c.ends_at else None,
            "online": c.online,
            "languages": c.languages,
            "programme_version": _day(c.programme_version),
            "programme_status": c.programme_status,
            "themes": c.themes,
            "participation": c.participation,
            "project": c.project,
            "funders": c.funders,
            "url": c.url,
            "registration": (
                {
                    "opens": c.registration.opens.isoformat(),
                    "closes": c.registration.closes.isoformat(),
                    "where": c.registration.where,
                }
                if c.registration
                else None
            ),
            "organiser": _plain(c.organiser),
            "related_events": [
                {**_plain(event), "date": event.date.isoformat()} for event in c.related_events
            ],
        },
        "sessions": [
            {
                **_plain(s),
                "kind": s.kind.value,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
            }
            for s in programme.sessions
        ],
    }


def _plain(item: Any) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__slots__} if item is not None else {}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _programme(document: dict[str, Any], source: str) -> Programme:
    if document["format"] != FORMAT:
        raise ValueError("another cache format")
    zone = ZoneInfo(document["zone"])
    c = document["conference"]
    registration = c["registration"]
    conference = Conference(
        name=c["name"],
        timezone=c["timezone"],
        start_date=date.fromisoformat(c["start_date"]),
        end_date=date.fromisoformat(c["end_date"]),
        title=c["title"],
        edition=c["edition"],
        ends_at=datetime.fromisoformat(c["ends_at"]) if c["ends_at"] else None,
        online=c["online"],
        languages=tuple(c["languages"]),
        programme_version=_date_or_none(c["programme_version"]),
        programme_status=c["programme_status"],
        themes=tuple(c["themes"]),
        participation=c["participation"],
        project=c["project"],
        funders=tuple(c["funders"]),
        url=c["url"],
        registration=(
            Registration(
                opens=date.fromisoformat(registration["opens"]),
                closes=date.fromisoformat(registration["closes"]),
                where=registration["where"],
            )
            if registration
            else None
        ),
        organiser=Organiser(**c["organiser"]) if c["organiser"] else None,
        related_events=tuple(
            RelatedEvent(**{**event, "date": date.fromisoformat(event["date"])})
            for event in c["related_events"]
        ),
    )
    kinds = {kind.value: kind for kind in Kind}  # a dict lookup is 5x faster than Kind()
    parse = datetime.fromisoformat
    sessions = [
        Session(
            id=item["id"],
            label=item["label"],
            title=item["title"],
            kind=kinds[item["kind"]],
            track=item["track"],
            start=parse(item["start"]),  # with its offset, as `schema.py` makes it
            end=parse(item["end"]),
            tags=tuple(item["tags"]),
            description=item["description"],
            agenda=tuple(item["agenda"]),
            url=item["url"],
        )
        for item in document["sessions"]
    ]
    return Programme(conference, zone, sessions, source)


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
