"""Busy intervals from Events, one UID (one series) at a time, as RFC 5545 and RFC 5546
say: the master with the highest SEQUENCE supersedes older ones (masters that tie are
all read: two events may share a UID by mistake); a RECURRENCE-ID override replaces one
occurrence (the highest SEQUENCE for each), or with RANGE=THISANDFUTURE that one and every
later one, moved by as much as it moves its own (§3.8.4.4); an override of an occurrence
the master no longer has (EXDATE, or an older override the new rule does not produce)
is dropped."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from ...core.busy import Busy
from .calendar_file import CalendarFile
from .errors import CalendarError, export_hint, shorten
from .expand import occurrences, placed, shifted
from .model import Event, wall_clock
from .vtimezone import ZoneProblem

_DAY = timedelta(days=1)
_YEAR = timedelta(days=366)


@dataclass
class _Overrides:
    """The overrides of one UID, found by how their RECURRENCE-ID was written: in UTC or
    with a TZID (an instant), floating (a wall clock in the master's zone), or a date."""

    instants: dict[datetime, Event] = field(default_factory=dict)
    floating: dict[datetime, Event] = field(default_factory=dict)
    days: dict[date, Event] = field(default_factory=dict)
    wall_days: dict[date, Event] = field(default_factory=dict)

    def add(self, event: Event) -> None:
        """Keep `event` unless an override of the same occurrence has a higher SEQUENCE."""
        moment = event.override
        if isinstance(moment, tuple):
            wall, zone = moment
            if zone is None:
                _keep(self.floating, wall, event)
            else:
                _keep(self.instants, wall.replace(tzinfo=zone).astimezone(UTC), event)
            _keep(self.wall_days, wall.date(), event)
        elif moment is not None:
            _keep(self.days, moment, event)

    def find(self, wall: datetime, start: datetime, all_day: bool) -> Event | None:
        """The override of the occurrence at `wall` (`start` in UTC)."""
        found = self.days.get(wall.date())
        if found is None and all_day:
            found = self.wall_days.get(wall.date())
        if found is None and not all_day:
            found = self.floating.get(wall) or self.instants.get(start)
        return found

    def all(self) -> set[int]:
        return {id(e) for d in (self.instants, self.floating, self.days) for e in d.values()}


def _keep(table: dict[datetime, Event] | dict[date, Event], key: object, event: Event) -> None:
    present = table.get(key)  # type: ignore[call-overload]
    if present is None or event.sequence >= present.sequence:
        table[key] = event  # type: ignore[index]


def busy_intervals(
    events: list[Event],
    file: CalendarFile,
    low: datetime,
    high: datetime,
    superseded: dict[str, int] | None = None,
) -> set[Busy]:
    """The busy intervals of `events` that overlap [low, high] (UTC), in the display zone.
    `superseded` gives, by UID, the highest SEQUENCE of masters the pre-scan left out."""
    series: dict[str | None, list[Event]] = defaultdict(list)
    for event in events:
        series[event.uid].append(event)
    found: set[Busy] = set()
    horizon = (shifted(low, -_YEAR), shifted(high, _YEAR))  # where the display zone works
    for uid, members in series.items():
        for event, start, end in _series(uid, members, file, low, high, superseded or {}):
            if end > start and start < high and end > low:
                start, end = max(start, horizon[0]), min(end, horizon[1])
                found.add(
                    Busy(
                        start.astimezone(file.zone),
                        end.astimezone(file.zone),
                        event.summary,
                        event.uid,
                        file.source,
                    )
                )
    return found


def _series(
    uid: str | None,
    members: list[Event],
    file: CalendarFile,
    low: datetime,
    high: datetime,
    superseded: dict[str, int],
) -> Iterator[tuple[Event, datetime, datetime]]:
    """(event, start, end) in UTC of every busy occurrence of one UID."""
    masters = [event for event in members if event.override is None]
    if uid is not None and masters:
        newest = max(event.sequence for event in masters)
        masters = [event for event in masters if event.sequence == newest]
        if superseded.get(uid, -1) > newest:
            masters = []  # a newer version, with no occurrence near the window
    overrides = _Overrides()
    for event in members:
        if event.override is not None:
            overrides.add(event)
    kept = overrides.all()
    for master in masters:
        for event in members:
            if id(event) in kept and _gone(event, master, file):
                kept.discard(id(event))
    futures = sorted(
        (
            (_instant(event, masters[0]), event)
            for event in members
            if masters and event.this_and_future and id(event) in kept
        ),
        key=lambda pair: pair[0],
    )
    for event in members:
        if event.override is not None and id(event) in kept:
            yield from _own(event, file, low, high)
    for master in masters:
        yield from _occurrences(master, overrides, kept, futures, file, low, high)


def _own(
    event: Event, file: CalendarFile, low: datetime, high: datetime
) -> Iterator[tuple[Event, datetime, datetime]]:
    """The occurrence an override describes, if it is busy."""
    if event.busy and (not event.all_day or file.all_day_busy):
        for _, start, end in _guarded(event, file, low, high):
            yield event, start, end


def _occurrences(
    master: Event,
    overrides: _Overrides,
    kept: set[int],
    futures: list[tuple[datetime, Event]],
    file: CalendarFile,
    low: datetime,
    high: datetime,
) -> Iterator[tuple[Event, datetime, datetime]]:
    """The master's occurrences that no override replaces, those after a THISANDFUTURE
    override moved and changed as it says."""
    if not futures and (not master.busy or (master.all_day and not file.all_day_busy)):
        return
    moves = [(instant, event, _moved_by(event, master, instant)) for instant, event in futures]
    early = max([timedelta(), *(delta for _, _, delta in moves)])
    late = min([timedelta(), *(delta for _, _, delta in moves)])
    longest = max([timedelta(), *(e.length - master.length for _, e, _ in moves)])
    window_low, window_high = shifted(low, -early - longest), shifted(high, -late)
    for wall, start, end in _guarded(master, file, window_low, window_high):
        replaced = overrides.find(wall, start, master.all_day)
        if replaced is not None and id(replaced) in kept:
            continue
        rest = [(event, delta) for instant, event, delta in moves if instant < start]
        if not rest:
            if master.busy and (not master.all_day or file.all_day_busy):
                yield master, start, end
            continue
        event, delta = rest[-1]
        if event.busy and (not event.all_day or file.all_day_busy):
            yield (event, *placed(master, wall + delta, event.length))


def _gone(override: Event, master: Event, file: CalendarFile) -> bool:
    """Whether `master` no longer has the occurrence `override` replaces: it excludes it
    (EXDATE), or, being newer than the override, does not produce it."""
    moment = override.override
    instant = _instant(override, master)
    wall = wall_clock(instant, master.tz)
    if isinstance(moment, date) and not isinstance(moment, datetime):
        if moment in master.exdays:
            return True
    elif wall in master.exdates or wall.date() in master.exdays:
        return True
    if override.sequence >= master.sequence or not master.recurring:
        return False
    return not any(
        start == instant
        or wall_ == wall
        or (isinstance(moment, date) and wall_.date() == wall.date())
        for wall_, start, _ in _guarded(master, file, instant - _DAY, instant + _DAY)
    )


def _instant(override: Event, master: Event) -> datetime:
    """The RECURRENCE-ID of `override` as an instant (UTC), read in the master's zone
    when floating or a date."""
    moment = override.override
    if isinstance(moment, tuple):
        wall, zone = moment
        return wall.replace(tzinfo=zone or master.tz).astimezone(UTC)
    assert moment is not None
    return datetime.combine(moment, master.start.time(), master.tz).astimezone(UTC)


def _moved_by(event: Event, master: Event, instant: datetime) -> timedelta:
    """How far a THISANDFUTURE override moves its occurrence, in the master's wall clock."""
    if not event.busy or event.start == datetime.min:
        return timedelta()
    start = placed(event, event.start)[0]
    return wall_clock(start, master.tz) - wall_clock(instant, master.tz)


def _guarded(
    event: Event, file: CalendarFile, low: datetime, high: datetime
) -> Iterator[tuple[datetime, datetime, datetime]]:
    """occurrences(), with any failure an error naming the event."""
    try:
        yield from occurrences(event, file, low, high)
    except CalendarError:
        raise
    except ZoneProblem as problem:
        file.fail(event.block, str(problem), export_hint())
    except Exception as error:  # dateutil or datetime at the ends of time, an odd rule
        file.fail(event.block, f"cannot be placed in time ({shorten(str(error), 100)})")
