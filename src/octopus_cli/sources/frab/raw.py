"""What the XML and JSON readers hand to the mapping: the schedule's own values, as the
file gives them (strings, not yet parsed), and the problems found so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.i18n import _
from .cleaning import line

MAX_LISTED = 50  # problems listed in one error; the rest are counted


class Problems:
    """Every problem found, in file order; the first MAX_LISTED are kept to be shown."""

    def __init__(self) -> None:
        self.count = 0
        self.items: list[str] = []

    def add(self, text: str) -> None:
        self.count += 1
        if len(self.items) < MAX_LISTED:
            self.items.append(line(text))  # names from the file: no escape sequences

    def listed(self) -> list[str]:
        more = self.count - len(self.items)
        return self.items + ([_("and {count} more").format(count=more)] if more > 0 else [])


@dataclass
class Day:
    where: str  # 'day 2', for messages
    date: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass
class Event:
    number: int  # 1-based position in the file, for messages when nothing names the event
    day: Day
    room: str
    id: str | None = None
    guid: str | None = None
    slug: str | None = None
    code: str | None = None
    title: str | None = None
    subtitle: str | None = None
    type: str | None = None
    track: str | None = None
    language: str | None = None
    abstract: str | None = None
    description: str | None = None
    url: str | None = None
    date: str | None = None
    start: str | None = None
    duration: str | None = None
    end: str | None = None  # c3voc JSON only: when there is no duration
    persons: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (title, url)

    @property
    def name(self) -> str:
        """How messages name the event: 'event 10496 ("Title")', or what the file gives."""
        title = line(self.title[:1000] if self.title else "")
        shown = f"{title[:40]}…" if len(title) > 40 else title
        ident = line((self.id or self.guid or self.slug or self.code or "")[:64])
        if ident and title:
            return _('event {id} ("{title}")').format(id=ident, title=shown)
        if ident:
            return _("event {id}").format(id=ident)
        if title:
            return _('event "{title}"').format(title=shown)
        return _("event #{number}").format(number=self.number)


@dataclass
class Schedule:
    format: str  # 'XML' or 'JSON', for messages
    title: str | None = None
    acronym: str | None = None
    version: str | None = None
    time_zone_name: str | None = None
    start: str | None = None
    end: str | None = None
    url: str | None = None
    base_url: str | None = None
    day_change: str | None = None
    rooms: list[str] = field(default_factory=list)  # declared order (JSON "rooms"), if any
    days: list[Day] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
