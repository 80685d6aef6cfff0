"""An event's recurrence as read: RRULE and EXRULE checked (see rules), RDATE and EXDATE
as wall clocks in the event's zone. The parameters of an RDATE or EXDATE (VALUE=PERIOD,
VALUE=DATE, TZID) belong to the property and so to every value in it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any, NoReturn

from ...core.i18n import _
from .calendar_file import CalendarFile
from .errors import date_hint, rule_hint
from .model import Event, wall_clock
from .moments import MomentReader
from .rules import read_rule, until_wall
from .scan import Block

_LOOSE_DATE = re.compile(r"(\d{8})Z?")  # Google's birthdays: RDATE:20131210Z


class RecurrenceReader:
    """Adds the recurrence properties of a parsed VEVENT to its Event."""

    def __init__(self, file: CalendarFile, moments: MomentReader) -> None:
        self.file = file
        self.moments = moments

    def read(self, block: Block, component: Any, event: Event) -> None:
        def bad(problem: str) -> NoReturn:
            self.file.fail(block, problem, rule_hint())

        for name, target in (("RRULE", event.rules), ("EXRULE", event.exrules)):
            for recur in _values(component, name):
                target.append(read_rule(recur, name, event.start, bad))
        for name in ("RDATE", "EXDATE"):
            for group in _values(component, name):
                params = _params(group)
                for value in self._dates(block, event, name, group):
                    self._add_date(block, event, name, value, params)
        if event.rules:
            # RFC 5545 counts DTSTART as the first instance; a series whose every UNTIL
            # is before it (Confluence writes deleted series so) has no instance at all.
            event.starts = not all(
                rule.until is not None and until_of(rule.until, event) < event.start
                for rule in event.rules
            )
        if event.starts and (event.rules or event.rdates):
            event.rdates.setdefault(event.start, None)

    def _dates(self, block: Block, event: Event, name: str, group: Any) -> list[Any]:
        """The values of one RDATE or EXDATE line; dates written with a Z (which icalendar
        cannot parse) are read as dates for an all-day event."""
        try:
            return [item.dt for item in group.dts]
        except Exception:  # icalendar's BrokenCalendarProperty, or not a date list
            raw = str(group)
            matches = [_LOOSE_DATE.fullmatch(item.strip()) for item in raw.split(",")]
            if event.all_day and all(matches):
                return [datetime.strptime(m.group(1), "%Y%m%d").date() for m in matches if m]
            self.file.fail(
                block,
                _("{name} '{value}' is not a valid date or date-time").format(name=name, value=raw),
                date_hint(),
            )

    def _add_date(self, block: Block, event: Event, name: str, value: Any, params: Any) -> None:
        length: timedelta | None = None
        if isinstance(value, tuple) and len(value) == 2:  # a PERIOD: start/end or start/length
            first, second = value
            if isinstance(second, timedelta):
                length = second
            elif isinstance(second, datetime) and isinstance(first, datetime):
                tail = self.moments.from_value(block, second, params)
                head = self.moments.from_value(block, first, params)
                if isinstance(head, tuple) and isinstance(tail, tuple):
                    length = _instant(tail, event) - _instant(head, event)
            value = first
        moment = self.moments.from_value(block, value, params)
        if moment is None:
            self.file.fail(
                block,
                _("{name} holds a value that is not a date or date-time").format(name=name),
                date_hint(),
            )
        if isinstance(moment, tuple):
            wall = wall_clock(_instant(moment, event), event.tz) if moment[1] else moment[0]
            if event.all_day and name == "EXDATE":
                event.exdays.add(wall.date())
            elif name == "EXDATE":
                event.exdates.add(wall)
            elif event.all_day:
                event.rdates[datetime.combine(wall.date(), time())] = None
            else:
                event.rdates[wall] = None if length is None or length < timedelta() else length
        elif name == "EXDATE":
            event.exdays.add(moment)
        else:
            event.rdates[datetime.combine(moment, event.start.time())] = None


def until_of(value: Any, event: Event) -> datetime:
    """A rule's UNTIL as a wall clock in the event's zone (datetime.max when None)."""
    return until_wall(value, lambda moment: wall_clock(moment, event.tz), event.all_day)


def _params(group: Any) -> Any:
    try:
        return group.params
    except Exception:  # icalendar's BrokenCalendarProperty
        return {}


def _values(component: Any, name: str) -> list[Any]:
    value = component.get(name)
    return value if isinstance(value, list) else [] if value is None else [value]


def _instant(moment: tuple[datetime, tzinfo | None], event: Event) -> datetime:
    wall, zone = moment
    return wall.replace(tzinfo=zone or event.tz).astimezone(UTC)
