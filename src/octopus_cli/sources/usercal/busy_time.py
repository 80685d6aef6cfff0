"""Busy intervals from Events: each occurrence in the window that no RECURRENCE-ID
override replaces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ...core.busy import Busy
from .calendar_file import CalendarFile
from .errors import CalendarError, shorten
from .expand import occurrences
from .model import Event, Moment


@dataclass
class _Replaced:
    """The occurrences of one UID that overrides replace, by how their RECURRENCE-ID
    was written."""

    instants: set[datetime] = field(default_factory=set)  # UTC, from TZID or Z
    floating: set[datetime] = field(default_factory=set)  # wall clocks in the master's zone
    days: set[date] = field(default_factory=set)  # from VALUE=DATE
    wall_days: set[date] = field(default_factory=set)  # dates of any of them

    def add(self, moment: Moment) -> None:
        if isinstance(moment, tuple):
            wall, zone = moment
            if zone is None:
                self.floating.add(wall)
            else:
                self.instants.add(wall.replace(tzinfo=zone).astimezone(UTC))
            self.wall_days.add(wall.date())
        else:
            self.days.add(moment)

    def covers(self, wall: datetime, start: datetime, all_day: bool) -> bool:
        if wall.date() in self.days:
            return True
        if all_day:
            return wall.date() in self.wall_days
        return wall in self.floating or start in self.instants


def busy_intervals(
    events: list[Event], file: CalendarFile, low: datetime, high: datetime
) -> set[Busy]:
    """The busy intervals of `events` that overlap [low, high] (UTC), in the display zone."""
    replaced: dict[str | None, _Replaced] = {}
    for event in events:
        if event.override is not None:
            replaced.setdefault(event.uid, _Replaced()).add(event.override)
    found: set[Busy] = set()
    for event in events:
        if not event.busy or (event.all_day and not file.all_day_busy):
            continue
        overrides = replaced.get(event.uid) if event.override is None else None
        try:
            for wall, start, end in occurrences(event, file, low, high):
                if end <= start or start >= high or end <= low:
                    continue
                if overrides is not None and overrides.covers(wall, start, event.all_day):
                    continue
                found.add(
                    Busy(
                        start.astimezone(file.zone),
                        end.astimezone(file.zone),
                        event.summary,
                        event.uid,
                        file.source,
                    )
                )
        except CalendarError:
            raise
        except Exception as error:  # dateutil or datetime at the ends of time, an odd rule
            file.fail(event.block, f"cannot be placed in time ({shorten(str(error), 100)})")
    return found
