"""What is read from an event before it is expanded into busy time, and the wall-clock
helpers shared by reading and expanding."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from .scan import Block

# A moment as written: a wall clock and its zone (None: floating), or a date.
Moment = tuple[datetime, tzinfo | None] | date


@dataclass(frozen=True)
class Rule:
    """An RRULE or EXRULE, checked, without its UNTIL (dateutil needs it normalised)."""

    name: str
    shown: str  # as written, for messages
    parts: dict[str, list[Any]]
    freq: str
    interval: int
    until: Any  # date, datetime (aware or floating) or None
    count: int | None
    never: bool = False  # it can never occur (February 30): it adds nothing


@dataclass
class Event:
    block: Block
    uid: str | None
    summary: str
    busy: bool
    override: Moment | None  # RECURRENCE-ID
    sequence: int = 0
    this_and_future: bool = False  # RECURRENCE-ID;RANGE=THISANDFUTURE
    all_day: bool = False
    start: datetime = datetime.min  # wall clock in `tz` (all-day: midnight)
    tz: tzinfo = UTC  # the event's zone (floating and all-day: the display zone)
    length: timedelta = timedelta()  # exact duration (all-day: whole days)
    rules: list[Rule] = field(default_factory=list)
    exrules: list[Rule] = field(default_factory=list)
    rdates: dict[datetime, timedelta | None] = field(default_factory=dict)  # wall -> length
    exdates: set[datetime] = field(default_factory=set)
    exdays: set[date] = field(default_factory=set)
    starts: bool = True  # DTSTART is an occurrence (not when every UNTIL is before it)

    @property
    def recurring(self) -> bool:
        return bool(self.rules or self.rdates) and self.override is None


def show(moment: datetime | date) -> str:
    """A date or wall clock as a message shows it."""
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M" if not moment.second else "%Y-%m-%d %H:%M:%S")
    return moment.isoformat()


def wall_clock(moment: datetime, zone: tzinfo) -> datetime:
    """The wall clock of an aware moment in `zone`, clamped at the ends of time."""
    try:
        return moment.astimezone(zone).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return datetime.max if moment.year > 5000 else datetime.min
