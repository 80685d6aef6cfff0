"""The programme as octopus works with it: plain, immutable objects with aware datetimes.

They are built by validating a file (`schema.py`, Pydantic) or from the content-keyed
cache (`cache.py`), so a command that shows the programme never has to import Pydantic."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .i18n import _

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True, slots=True)
class Registration:
    """How to register: when registration opens and closes, and where."""

    opens: date
    closes: date
    where: str


@dataclass(frozen=True, slots=True)
class Organiser:
    """Who organises the conference, and how to reach them."""

    name: str
    directorate: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class RelatedEvent:
    """An event beside the conference (before or after it)."""

    name: str
    date: date
    relation: str | None = None
    participation: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Conference:
    """The conference: its name, zone, dates and the facts the programme states."""

    name: str
    title: str | None = None
    edition: int | None = None
    timezone: str
    start_date: date
    end_date: date
    ends_at: datetime | None = None  # wall clock in `timezone` or with an offset, as written
    online: bool = False
    languages: tuple[str, ...] = ()
    programme_version: date | None = None
    programme_status: str | None = None
    themes: tuple[str, ...] = ()
    participation: str | None = None
    project: str | None = None
    funders: tuple[str, ...] = ()
    url: str | None = None
    acronym: str | None = None  # a published schedule's own short name ('37c3')
    programme_release: str | None = None  # its publisher's version label ('2023-12-27 12:00')
    tracks: tuple[str, ...] = ()  # names of tracks 1, 2, ... (rooms), when the source has them
    kinds: tuple[str, ...] = ()  # the source's own kinds of session, beyond octopus's
    registration: Registration | None = None
    organiser: Organiser | None = None
    related_events: tuple[RelatedEvent, ...] = ()

    @property
    def days(self) -> list[date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(max(count, 0))]


@dataclass(frozen=True, slots=True)
class Link:
    """A link a session carries: its title and address."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Translation:
    """A session's text in another language, as the programme itself provides it."""

    language: str  # 'fr', 'es', 'en'
    title: str | None = None
    description: str | None = None
    agenda: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """One session of the programme, its times aware with fixed offsets."""

    id: str
    label: str | None = None
    title: str
    kind: str  # one of `choices.Kind`, or one the programme declares (`Conference.kinds`)
    track: int = 1
    track_name: str | None = None  # the room ('Saal 1') when the programme names its tracks
    start: datetime  # aware, with a fixed offset (see `pinned`)
    end: datetime
    tags: tuple[str, ...] = ()
    description: str = ""
    agenda: tuple[str, ...] = ()
    url: str | None = None
    subtitle: str | None = None
    details: str = ""  # the long description of a published schedule
    persons: tuple[str, ...] = ()
    language: str | None = None
    links: tuple[Link, ...] = ()
    translations: tuple[Translation, ...] = ()

    @property
    def duration(self) -> timedelta:
        return utc(self.end) - utc(self.start)

    @property
    def is_break(self) -> bool:
        return self.kind == "break"

    @property
    def track_label(self) -> str:
        """The track as a column shows it: its room's name ('Saal 1'), else its number."""
        return self.track_name or str(self.track)

    @property
    def place(self) -> str:
        """The track in a sentence: 'Saal 1', or 'track 2' when tracks have no names."""
        return self.track_name or _("track {number}").format(number=self.track)

    @property
    def display_title(self) -> str:
        """'WS 6: Automated detection...', or the title alone when it already says it all."""
        if self.label and not self.title.startswith(self.label):
            return f"{self.label}: {self.title}"
        return self.title


def in_language(sessions: Iterable[Session], language: str) -> list[Session]:
    """The sessions as a person reading `language` sees them: with the title, description
    and agenda the programme gives in that language, where it gives them (the programme's
    own text otherwise; octopus never translates it). JSON and exports keep the original."""
    shown = []
    for session in sessions:
        found = next((t for t in session.translations if t.language == language), None)
        if found is not None:
            session = replace(
                session,
                title=found.title or session.title,
                description=found.description or session.description,
                agenda=found.agenda if found.agenda is not None else session.agenda,
            )
        shown.append(session)
    return shown


def pinned(moment: datetime) -> datetime:
    """`moment` with its own UTC offset as its zone, the same wall clock and instant. Session
    times are kept so: datetimes sharing a ZoneInfo compare and subtract by wall clock,
    ignoring `fold`, which is wrong across the hour the clocks go back; with fixed offsets
    every comparison and difference, anywhere, is between the real instants."""
    offset = moment.utcoffset()
    return moment.replace(tzinfo=timezone(offset)) if offset is not None else moment


def utc(moment: datetime) -> datetime:
    """`moment` in UTC. Arithmetic and comparison between datetimes of one zone go by the
    wall clock and ignore `fold`, which is wrong across the hour the clocks go back."""
    return moment.astimezone(UTC)


def in_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """A programme time as an aware datetime in `zone`: a time with an offset is converted,
    a wall-clock time is placed in the zone (ValueError when a clock change skips or repeats it)."""
    return value.astimezone(zone) if value.tzinfo is not None else _attach(value, zone)


def _attach(wall: datetime, zone: ZoneInfo) -> datetime:
    """Wall-clock time in `zone`, refusing times that a clock change skips or repeats."""
    aware = wall.replace(tzinfo=zone)
    if aware.utcoffset() == aware.replace(fold=1).utcoffset():
        return aware  # the usual case: one offset whatever the fold, so no clock change here
    back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != wall:
        raise ValueError(
            _("{time} does not exist in {zone} (clock change)").format(
                time=f"{wall:%Y-%m-%d %H:%M}", zone=zone.key
            )
        )
    if aware.replace(fold=1).utcoffset() != aware.utcoffset():
        raise ValueError(
            _(
                "{time} happens twice in {zone} (clock change); "
                "write it with its offset, e.g. 2021-10-31T02:30:00+02:00"
            ).format(time=f"{wall:%Y-%m-%d %H:%M}", zone=zone.key)
        )
    return aware


def programme_order(session: Session) -> tuple[datetime, int, datetime, str]:
    """The order sessions are listed in: by start, then track."""
    return session.start, session.track, session.end, session.id


# ASCII characters that tell one name from another but that a slug drops: C++ and C# are
# not C. With them, or with any character outside ASCII, the key adds a digest of the name.
_SIGNIFICANT = re.compile(r"[+#]")
_DIGESTED = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*--[0-9a-f]{12}")


def programme_key(name: str) -> str:
    """The key of the programme of that name: distinct for distinct names, stable for the
    same one (its case, spacing and punctuation aside), whatever the script.

    A name in ASCII keeps the slug it always had ('octopus-conference-2021'), so existing
    calendars and agendas keep working; any other name (another script, accents, C++) gets
    its readable slug (accents stripped, 'programme' when nothing is left), '--' and 12 hex
    digits of the BLAKE2b digest of the name: 'Конференция по киберпреступности' is
    'programme--51c21382ab21'. A plain slug never contains '--': the two never meet."""
    if _DIGESTED.fullmatch(name):  # a key already ('programme--51c21382ab21'), as exported
        return name
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    if slug and name.isascii() and not _SIGNIFICANT.search(name):
        return slug
    import unicodedata  # here: only names outside ASCII need it

    try:  # the C module hashlib wraps: importing hashlib loads OpenSSL, 3 ms of every run
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b

    folded = unicodedata.normalize("NFKC", name).casefold()
    identity = re.sub(r"[\s\-_.,:;!?/|&'\"()\[\]{}]+", " ", folded).strip() or folded
    digest = blake2b(identity.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
    plain = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:48].strip("-")
    return f"{readable or 'programme'}--{digest}"


class Programme:
    """A validated programme: the conference, its zone, and its sessions in time order."""

    __slots__ = ("_by_id", "conference", "fingerprint", "path", "sessions", "zone")

    def __init__(
        self, conference: Conference, zone: ZoneInfo, sessions: list[Session], path: str
    ) -> None:
        self.conference = conference
        self.zone = zone
        self.sessions: tuple[Session, ...] = tuple(sorted(sessions, key=programme_order))
        self.path = path
        self._by_id = {s.id: s for s in self.sessions}
        # The fingerprint of this version of its sessions (`store/snapshots.py`), when it
        # is known without computing it: the cache keeps it with the programme.
        self.fingerprint: str | None = None

    @property
    def key(self) -> str:
        """A slug naming the programme ('octopus-conference-2021'): part of every export UID
        and the key of the user's picks for it. See `programme_key`."""
        if self.conference.acronym:  # a published schedule's own short name ('37c3')
            return programme_key(self.conference.acronym)
        name = self.conference.name
        edition = self.conference.edition
        if edition is not None and str(edition) not in name:
            name = f"{name} {edition}"
        return programme_key(name)

    def get(self, session_id: str) -> Session | None:
        return self._by_id.get(session_id)

    @property
    def ends_at(self) -> datetime | None:
        ends = self.conference.ends_at
        return in_zone(ends, self.zone) if ends is not None else None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.conference.name, "timezone": self.zone.key}
