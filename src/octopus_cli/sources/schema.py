"""The programme file format (`data/programme.toml`) as Pydantic models: what validation
and `octopus schema` use. A validated file becomes the plain objects of `models.py`, which
the rest of octopus works with (and which load from the cache without Pydantic).

Session times in the file are wall-clock times in the conference's zone; validating a
session with `context={"zone": ZoneInfo(...)}` turns them into aware datetimes.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from ..core import models
from ..core.choices import Kind
from ..core.clock import FIRST_YEAR, LAST_YEAR
from ..core.i18n import _
from ..core.models import in_zone, pinned

SessionId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64),
    Field(description="Short stable id that people type, e.g. 'ws6' (lower case, digits, '-')."),
]
Line = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(max_length=20_000)]


# TOML has real dates, times, integers and booleans: a string or a number of the wrong
# kind is a mistake to report, not something to convert ("2" is not track 2, a date
# without a time is not midnight).
def _in_years(value: date) -> date:
    """Dates far from Python's calendar ends, where a day or an offset more overflows."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            _("the year {year} is outside {first}-{last}").format(
                year=value.year, first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return value


Day = Annotated[date, Strict(), AfterValidator(_in_years)]
Moment = Annotated[datetime, Strict(), AfterValidator(_in_years)]
Integer = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Registration(_Strict):
    opens: Day
    closes: Day
    where: Line


class Organiser(_Strict):
    name: Line
    directorate: Line | None = None
    address: Line | None = None
    phone: Line | None = None
    email: Line | None = None


class RelatedEvent(_Strict):
    name: Line
    date: Day
    relation: Line | None = None
    participation: Line | None = None


class Conference(_Strict):
    name: Line
    title: Line | None = None
    edition: Integer | None = None
    timezone: Line = Field(description="IANA zone of the programme's wall-clock times.")
    start_date: Day
    end_date: Day
    ends_at: Moment | None = Field(None, description="When the conference ends (wall clock).")
    online: Flag = False
    languages: tuple[Line, ...] = ()
    programme_version: Day | None = None
    programme_status: Line | None = None
    themes: tuple[Line, ...] = ()
    participation: Text | None = None
    project: Line | None = None
    funders: tuple[Line, ...] = ()
    url: Line | None = None
    acronym: Line | None = Field(
        None, description="A published schedule's short name ('37c3'); the programme's key."
    )
    programme_release: Line | None = Field(
        None, description="The publisher's own version label, when it is not a date."
    )
    tracks: tuple[Line, ...] = Field(
        (), description="Names of tracks 1, 2, ... (rooms), in the programme's order."
    )
    kinds: tuple[Slug, ...] = Field(
        (), description="Kinds of session this programme uses besides octopus's own."
    )
    registration: Registration | None = None
    organiser: Organiser | None = None
    related_events: tuple[RelatedEvent, ...] = ()

    def to_model(self) -> models.Conference:
        fields = dict(self)
        registration, organiser = self.registration, self.organiser
        fields["registration"] = models.Registration(**dict(registration)) if registration else None
        fields["organiser"] = models.Organiser(**dict(organiser)) if organiser else None
        fields["related_events"] = tuple(
            models.RelatedEvent(**dict(e)) for e in self.related_events
        )
        return models.Conference(**fields)


class Link(_Strict):
    title: Line
    url: Line


class SessionText(_Strict):
    """A session's text in another language (any of title, description, agenda)."""

    title: Line | None = None
    description: Text | None = None
    agenda: tuple[Line, ...] | None = None


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]


class Session(_Strict):
    id: SessionId
    label: Line | None = Field(None, description="The programme's own name, e.g. 'WS 6'.")
    title: Line
    subtitle: Line | None = None
    kind: Slug = Field(
        description="One of octopus's kinds (" + ", ".join(Kind) + ") or of conference.kinds."
    )
    track: Integer = Field(
        1, ge=1, le=1000, description="Parallel track (column) number; conference.tracks names it."
    )
    start: Moment
    end: Moment
    tags: tuple[Slug, ...] = ()
    persons: tuple[Line, ...] = Field((), description="Speakers, as published.")
    language: Line | None = None
    description: Text = ""
    details: Text = Field("", description="A longer description, as published.")
    agenda: tuple[Line, ...] = ()
    links: tuple[Link, ...] = ()
    url: Line | None = None
    translations: dict[LanguageCode, SessionText] = Field(
        default_factory=dict,
        description="The session's title, description or agenda in other languages, by "
        "language code ('fr', 'es'): shown to people who chose that language.",
    )

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str, info: ValidationInfo) -> str:
        declared = info.context.get("kinds", ()) if isinstance(info.context, dict) else ()
        if value not in _KINDS and value not in declared:
            known = ", ".join(f"'{kind}'" for kind in (*Kind, *declared))
            raise ValueError(
                _("unknown kind; expected one of {kinds} (conference.kinds declares more)").format(
                    kinds=known
                )
            )
        return value

    @field_validator("track")
    @classmethod
    def _named_track(cls, value: int, info: ValidationInfo) -> int:
        names = info.context.get("tracks", ()) if isinstance(info.context, dict) else ()
        if names and value > len(names):
            raise ValueError(
                _("conference.tracks names {count} tracks, not {track}").format(
                    count=len(names), track=value
                )
            )
        return value

    @field_validator("start", "end")
    @classmethod
    def _in_programme_zone(cls, value: datetime, info: ValidationInfo) -> datetime:
        zone = info.context.get("zone") if isinstance(info.context, dict) else None
        if zone is None:
            if value.tzinfo is None:
                raise ValueError(_("a time without a zone needs the programme's time zone"))
            return value
        return _placed(value, zone)

    def to_model(self, tracks: tuple[str, ...] = ()) -> models.Session:
        fields = dict(self.__dict__)  # the validated fields, as they are
        fields["links"] = tuple(models.Link(link.title, link.url) for link in self.links)
        fields["translations"] = tuple(
            models.Translation(language, text.title, text.description, text.agenda)
            for language, text in sorted(self.translations.items())
        )
        return models.Session(
            **fields, track_name=tracks[self.track - 1] if self.track <= len(tracks) else None
        )


_KINDS = frozenset(Kind)


@lru_cache(maxsize=4096)
def _placed(value: datetime, zone: ZoneInfo) -> datetime:
    """A programme time in its zone, with a fixed offset. Sessions share their times (a
    slot starts many), so each is worked out once: a sixth of validating 10,000 sessions."""
    return pinned(in_zone(value, zone))


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
