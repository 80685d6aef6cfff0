"""A cache of validated programmes, so that `octopus today` need not validate (and import
Pydantic) on every run.

An entry is keyed on the BLAKE2b hash of the programme file's bytes and of octopus's version,
and holds the digest of the zone file its times were computed with, so it can never serve
stale data: an edited file, a new octopus or new zone rules (a tzdata update) is a miss.

The cache trusts nothing it finds. It lives in a directory of the user's own (a real
directory, not a link, made private), and reads only regular files of the user's, of a
sane size, never through a link, whose checksum matches: anything else (a damaged entry, a
FIFO, a link planted at an entry's name) is a miss, never an error, a hang or a write
elsewhere. Entries are written as new files and renamed into place (concurrent runs each
write a whole file, the last rename wins, and both are the same)."""

from __future__ import annotations

import json
from datetime import date, datetime
from itertools import starmap
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import __version__
from ..core.models import (
    Conference,
    Link,
    Organiser,
    Programme,
    Registration,
    RelatedEvent,
    Session,
    Translation,
)
from .fileio import checksum, owned_directory, read_limited

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

try:  # the C module hashlib wraps: importing hashlib loads OpenSSL, 3 ms of every run
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

# Raised when the layout of an entry or the rules of validation change (2: session times are
# compared in UTC and kept with fixed offsets; 3: dates only in the years 1900-2999; 4: a
# checksummed header line, the zone file's digest; 5: published schedules' fields, open
# kinds, named tracks; 6: the sessions' snapshot fingerprint, sessions as rows in the order
# of `SESSION_FIELDS`; 7: the programme's translations of sessions' text), so no entry found
# valid by older rules is trusted.
FORMAT = 7
# A session's row in an entry: rows, not objects, halve the time JSON takes to read them.
SESSION_FIELDS = (
    *("id", "label", "title", "kind", "track", "track_name", "start", "end", "tags"),
    *("description", "agenda", "url", "subtitle", "details", "persons", "language", "links"),
    "translations",
)
MAGIC = b"octopus-cache "
MAX_ENTRY_BYTES = 128 * 1024 * 1024  # a 20 MB programme (the largest read) makes about 40 MB


def cache_key(data: bytes) -> str:
    digest = blake2b(f"octopus {__version__} cache {FORMAT}\n".encode(), digest_size=32)
    digest.update(data)
    return digest.hexdigest()


def _entry(directory: Path, data: bytes) -> Path:
    return directory / f"programme-{cache_key(data)}.json"


def load_cached(directory: Path, data: bytes, source: str) -> Programme | None:
    """The programme validated earlier from exactly these bytes, or None."""
    try:
        if not owned_directory(directory):
            return None
        entry = read_limited(
            _entry(directory, data),
            MAX_ENTRY_BYTES,
            regular_only=True,
            mine_only=True,
            follow_links=False,
        )
        header, _, body = entry.partition(b"\n")
        if header != MAGIC + checksum(body).encode():
            return None  # damaged (or not ours to begin with): validate again
        document = json.loads(body)
        if document["format"] != FORMAT or document["zone_rules"] != zone_rules(document["zone"]):
            return None  # another layout, or the zone's rules changed since
        return _programme(document, source)
    except Exception:  # whatever is wrong with an entry (or its directory), it is only a miss
        return None


def store(directory: Path, data: bytes, programme: Programme) -> None:
    """Keep the validated programme for the next run; failing to is not an error."""
    from .fileio import keep_private

    document = _document(programme)
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(body) > MAX_ENTRY_BYTES // 2:
        return  # would be refused when read
    entry = MAGIC + checksum(body).encode() + b"\n" + body
    keep_private(directory, _entry(directory, data), entry)  # read-only home: only slower


def zone_rules(key: str) -> str:
    """A digest of the TZif file `ZoneInfo(key)` reads, found as zoneinfo finds it: the
    first of that name on zoneinfo.TZPATH, else the tzdata package's. A tzdata update (or
    PYTHONTZPATH) changes it, and with it the UTC offsets of wall-clock session times."""
    import zoneinfo

    for base in zoneinfo.TZPATH:
        found = _digest_of(Path(base, key))
        if found is not None:
            return found
    from importlib import import_module

    try:
        package = import_module("tzdata").__file__
    except ImportError:
        package = None
    if package:
        found = _digest_of(Path(package).parent.joinpath("zoneinfo", *key.split("/")))
        if found is not None:
            return found
    return "none"


def _digest_of(path: Path) -> str | None:
    """The digest of a zone file, None when there is none at `path`."""
    try:
        return checksum(read_limited(path, 1024 * 1024, regular_only=True))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError:
        return "unreadable"


# ---- to and from JSON ----------------------------------------------------------------------


def _document(programme: Programme) -> dict[str, Any]:
    from .snapshots import fingerprint

    c = programme.conference
    return {
        "format": FORMAT,
        "zone": programme.zone.key,
        "zone_rules": zone_rules(programme.zone.key),
        "fingerprint": fingerprint(programme),
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
            "acronym": c.acronym,
            "programme_release": c.programme_release,
            "tracks": c.tracks,
            "kinds": c.kinds,
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
            [
                s.id,
                s.label,
                s.title,
                s.kind,
                s.track,
                s.track_name,
                s.start.isoformat(),
                s.end.isoformat(),
                s.tags,
                s.description,
                s.agenda,
                s.url,
                s.subtitle,
                s.details,
                s.persons,
                s.language,
                [[link.title, link.url] for link in s.links],
                [[t.language, t.title, t.description, t.agenda] for t in s.translations],
            ]
            for s in programme.sessions
        ],
    }


def _plain(item: Any) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__slots__} if item is not None else {}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _programme(document: dict[str, Any], source: str) -> Programme:
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
        acronym=c["acronym"],
        programme_release=c["programme_release"],
        tracks=tuple(c["tracks"]),
        kinds=tuple(c["kinds"]),
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
    kinds: dict[str, str] = {}  # one string per kind, shared by its sessions
    parse = datetime.fromisoformat
    sessions = [
        Session(
            id=ident,
            label=label,
            title=title,
            kind=kinds.setdefault(kind, kind),
            track=track,
            track_name=track_name,
            start=parse(start),  # with its offset, as `schema.py` makes it
            end=parse(end),
            tags=tuple(tags),
            description=description,
            agenda=tuple(agenda),
            url=url,
            subtitle=subtitle,
            details=details,
            persons=tuple(persons),
            language=language,
            links=tuple(starmap(Link, links)),  # [title, url] pairs
            translations=tuple(_translation(*item) for item in translations),
        )
        for (
            ident,
            label,
            title,
            kind,
            track,
            track_name,
            start,
            end,
            tags,
            description,
            agenda,
            url,
            subtitle,
            details,
            persons,
            language,
            links,
            translations,
        ) in document["sessions"]
    ]
    programme = Programme(conference, zone, sessions, source)
    if isinstance(document["fingerprint"], str):
        programme.fingerprint = document["fingerprint"]
    return programme


def _translation(
    language: str, title: str | None, description: str | None, agenda: list[str] | None
) -> Translation:
    return Translation(language, title, description, tuple(agenda) if agenda is not None else None)


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
