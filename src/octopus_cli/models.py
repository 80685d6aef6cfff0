"""Pydantic models of a programme file (`data/programme.toml`) and its sessions.

Session times in the file are wall-clock times in the conference's zone; validating a
session with `context={"zone": ZoneInfo(...)}` turns them into aware datetimes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from .choices import Kind as Kind  # re-exported: Kind is part of the model

SessionId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64),
    Field(description="Short stable id that people type, e.g. 'ws6' (lower case, digits, '-')."),
]
Line = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
Text = Annotated[str, StringConstraints(max_length=20_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Registration(_Strict):
    opens: date
    closes: date
    where: Line


class Organiser(_Strict):
    name: Line
    directorate: Line | None = None
    address: Line | None = None
    phone: Line | None = None
    email: Line | None = None


class RelatedEvent(_Strict):
    name: Line
    date: date
    relation: Line | None = None
    participation: Line | None = None


class Conference(_Strict):
    name: Line
    title: Line | None = None
    edition: int | None = None
    timezone: Line = Field(description="IANA zone of the programme's wall-clock times.")
    start_date: date
    end_date: date
    ends_at: datetime | None = Field(None, description="When the conference ends (wall clock).")
    online: bool = False
    languages: tuple[Line, ...] = ()
    programme_version: date | None = None
    programme_status: Line | None = None
    themes: tuple[Line, ...] = ()
    participation: Text | None = None
    project: Line | None = None
    funders: tuple[Line, ...] = ()
    url: Line | None = None
    registration: Registration | None = None
    organiser: Organiser | None = None
    related_events: tuple[RelatedEvent, ...] = ()

    @property
    def days(self) -> list[date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(max(count, 0))]


class Session(_Strict):
    id: SessionId
    label: Line | None = Field(None, description="The programme's own name, e.g. 'WS 6'.")
    title: Line
    kind: Kind
    track: int = Field(1, ge=1, le=1000, description="Parallel track (column) number.")
    start: datetime
    end: datetime
    tags: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")], ...] = ()
    description: Text = ""
    agenda: tuple[Line, ...] = ()
    url: Line | None = None

    @field_validator("start", "end")
    @classmethod
    def _in_programme_zone(cls, value: datetime, info: ValidationInfo) -> datetime:
        zone = info.context.get("zone") if isinstance(info.context, dict) else None
        if zone is None:
            if value.tzinfo is None:
                raise ValueError("a time without a zone needs the programme's time zone")
            return value
        return in_zone(value, zone)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def is_break(self) -> bool:
        return self.kind is Kind.BREAK

    @property
    def display_title(self) -> str:
        """'WS 6: Automated detection...', or the title alone when it already says it all."""
        if self.label and not self.title.startswith(self.label):
            return f"{self.label}: {self.title}"
        return self.title


def in_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """A programme time as an aware datetime in `zone`: a time with an offset is converted,
    a wall-clock time is placed in the zone (ValueError when a clock change skips or repeats it)."""
    return value.astimezone(zone) if value.tzinfo is not None else _attach(value, zone)


def _attach(wall: datetime, zone: ZoneInfo) -> datetime:
    """Wall-clock time in `zone`, refusing times that a clock change skips or repeats."""
    aware = wall.replace(tzinfo=zone)
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    if back != wall:
        raise ValueError(f"{wall:%Y-%m-%d %H:%M} does not exist in {zone.key} (clock change)")
    if aware.replace(fold=1).utcoffset() != aware.utcoffset():
        raise ValueError(
            f"{wall:%Y-%m-%d %H:%M} happens twice in {zone.key} (clock change); "
            "write it with its offset, e.g. 2021-10-31T02:30:00+02:00"
        )
    return aware


class ProgrammeFile(_Strict):
    """The whole TOML document. Used for `octopus schema`; loading validates piece by piece."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Octopus programme",
        json_schema_extra={"$comment": "Times are wall-clock times in conference.timezone."},
    )

    conference: Conference
    sessions: tuple[Session, ...]


def programme_order(session: Session) -> tuple[datetime, int, datetime, str]:
    """The order sessions are listed in: by start, then track."""
    return session.start, session.track, session.end, session.id


class Programme:
    """A validated programme: the conference, its zone, and its sessions in time order."""

    __slots__ = ("_by_id", "conference", "path", "sessions", "zone")

    def __init__(
        self, conference: Conference, zone: ZoneInfo, sessions: list[Session], path: str
    ) -> None:
        self.conference = conference
        self.zone = zone
        self.sessions: tuple[Session, ...] = tuple(sorted(sessions, key=programme_order))
        self.path = path
        self._by_id = {s.id: s for s in self.sessions}

    @property
    def key(self) -> str:
        """A slug naming the programme ('octopus-conference-2021'): part of every export UID
        and the key of the user's picks for it."""
        name = self.conference.name
        edition = self.conference.edition
        if edition is not None and str(edition) not in name:
            name = f"{name} {edition}"
        return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "programme"

    def get(self, session_id: str) -> Session | None:
        return self._by_id.get(session_id)

    @property
    def ends_at(self) -> datetime | None:
        ends = self.conference.ends_at
        return in_zone(ends, self.zone) if ends is not None else None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.conference.name, "timezone": self.zone.key}
