"""One VEVENT, parsed by icalendar, as an Event: whether it is busy, when it starts, how
long it lasts and how it recurs."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NoReturn

from ...core.i18n import _
from .calendar_file import CalendarFile
from .errors import CalendarError, date_hint, export_hint, rule_hint, shorten
from .model import Event, show
from .moments import MomentReader
from .recurrence import RecurrenceReader
from .scan import Block
from .vtimezone import ZoneProblem
from .zones import ZoneResolver


def _duration_hint() -> str:
    return _("Durations look like PT1H30M or P1D.")


class EventReader:
    """Turns the scanned VEVENT blocks of one file into Events."""

    def __init__(self, file: CalendarFile, blocks: list[Block]) -> None:
        self.file = file
        self.moments = MomentReader(file, ZoneResolver(file, blocks, file.budget))
        self.recurrence = RecurrenceReader(file, self.moments)

    def read(self, block: Block) -> Event | None:
        """The event of a VEVENT block; None when it can never be busy, replace an
        occurrence of another, nor supersede another with its UID."""
        try:
            return self._read(block)
        except CalendarError:
            raise
        except ZoneProblem as problem:
            self.file.fail(block, str(problem), export_hint())
        except Exception as error:  # a shape of data this module did not foresee
            self.file.fail(
                block,
                _("cannot be read ({detail})").format(detail=shorten(str(error), 200)),
                export_hint(),
            )

    def _read(self, block: Block) -> Event | None:
        component = self.file.parse(block)
        busy = (
            _text(component, "STATUS").upper() != "CANCELLED"
            and _text(component, "TRANSP").upper() != "TRANSPARENT"
            and _text(component, "X-MICROSOFT-CDO-BUSYSTATUS").upper() != "FREE"
        )
        recurrence_id = component.get("RECURRENCE-ID")
        uid = _text(component, "UID") or None
        if not busy and recurrence_id is None and uid is None:
            return None  # never busy and replaces nothing: nothing else matters
        errors = {str(name).upper(): message for name, message in component.errors if name}
        if recurrence_id is not None:
            self._check_broken(block, component, "RECURRENCE-ID", errors)
        event = Event(
            block,
            uid,
            str(_first(component, "SUMMARY") or ""),
            busy,
            None
            if recurrence_id is None
            else self.moments.from_property(block, component, "RECURRENCE-ID"),
            _sequence(component),
            str(getattr(recurrence_id, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE",
        )
        if not busy:
            return event  # it only removes an occurrence, or supersedes an older version
        if component.get("DTSTART") is None:
            self.file.fail(
                block, _("has no DTSTART (start)"), _("Every event needs a DTSTART line.")
            )
        self._check_broken(block, component, "DTSTART", errors)
        start = self.moments.from_property(block, component, "DTSTART")
        if not isinstance(start, tuple) and not self.file.all_day_busy:
            event.all_day = True  # not busy, but it may replace an occurrence
            return event
        for name in errors:
            self._check_broken(block, component, name, errors)
        if any(name is None for name, _message in component.errors):
            problem = self.file.unreadable(block, "", extensions=False)
            if problem is not None:  # broken X- properties do not change busy time
                self.file.fail(block, problem, export_hint())
        if not isinstance(start, tuple):
            event.all_day = True
            self._all_day_length(block, component, event, start)
        else:
            event.start, zone = start
            event.tz = zone or self.file.zone
            self._timed_length(block, component, event)
        if event.override is None:
            self.recurrence.read(block, component, event)
        return event

    def _check_broken(
        self, block: Block, component: Any, name: str, errors: dict[str, str]
    ) -> None:
        """Fail for a property icalendar could not parse, if busy time depends on it."""
        if name not in errors:
            return
        from icalendar.prop import vBroken

        value = component.get(name)
        values = value if isinstance(value, list) else [value]
        raw = next((str(v) for v in values if isinstance(v, vBroken)), "")
        if name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            self.file.fail(
                block,
                _("{name} '{value}' is not a valid date or date-time").format(
                    name=name, value=shorten(raw)
                ),
                date_hint(),
            )
        if name == "DURATION":
            self.file.fail(
                block,
                _("DURATION '{value}' is not a valid duration").format(value=shorten(raw)),
                _duration_hint(),
            )
        if name in ("RRULE", "EXRULE"):
            self.file.fail(
                block,
                _("{name} '{value}' cannot be read ({detail})").format(
                    name=name, value=shorten(raw), detail=errors[name]
                ),
                rule_hint(),
            )
        # RDATE and EXDATE are read leniently (see recurrence); anything else (a broken
        # GEO, ATTENDEE or X- property) does not change busy time.

    def _timed_length(self, block: Block, component: Any, event: Event) -> None:
        start = event.start.replace(tzinfo=event.tz)
        if component.get("DTEND") is not None:
            end_moment = self.moments.from_property(block, component, "DTEND")
            if not isinstance(end_moment, tuple):
                self.file.fail(block, _("DTSTART is a date-time but DTEND is a date"), date_hint())
            wall, zone = end_moment
            end = wall.replace(tzinfo=zone or event.tz)
            event.length = end.astimezone(UTC) - start.astimezone(UTC)
            if event.length < timedelta():
                self._fail_end_before_start(block, wall, event.start)
        elif component.get("DURATION") is not None:
            event.length = self._duration(block, component)

    def _all_day_length(self, block: Block, component: Any, event: Event, day: date) -> None:
        event.start = datetime.combine(day, time())
        event.tz = self.file.zone
        days = 1
        if component.get("DTEND") is not None:
            end = self.moments.from_property(block, component, "DTEND")
            if isinstance(end, tuple):
                self.file.fail(block, _("DTSTART is a date but DTEND is a date-time"), date_hint())
            if end < day:
                self._fail_end_before_start(block, end, day)
            days = max(1, (end - day).days)  # DTEND equal to DTSTART: read as one day
        elif component.get("DURATION") is not None:
            length = self._duration(block, component)
            days = max(1, math.ceil(length / timedelta(days=1)))
        event.length = timedelta(days=days)

    def _fail_end_before_start(
        self, block: Block, end: datetime | date, start: datetime | date
    ) -> NoReturn:
        self.file.fail(
            block,
            _("end {end} is before start {start}").format(end=show(end), start=show(start)),
            _("DTEND must not be before DTSTART."),
        )

    def _duration(self, block: Block, component: Any) -> timedelta:
        """The event's DURATION, which must not be negative."""
        value = component.get("DURATION")
        if isinstance(value, list):
            self.file.fail(
                block,
                _("has {count} {name} lines; an event has one").format(
                    count=len(value), name="DURATION"
                ),
            )
        length = value.dt
        if not isinstance(length, timedelta):
            self.file.fail(block, _("DURATION is not a duration"), _duration_hint())
        if length < timedelta():
            self.file.fail(
                block,
                _("DURATION {value} is negative").format(value=_raw(component, "DURATION")),
            )
        return length


def _sequence(component: Any) -> int:
    """SEQUENCE, the revision of an event (RFC 5546); 0 when missing or unreadable."""
    try:
        return int(str(_first(component, "SEQUENCE") or 0).strip())
    except ValueError:
        return 0


def _first(component: Any, name: str) -> Any:
    value = component.get(name)
    return value[0] if isinstance(value, list) and value else value


def _text(component: Any, name: str) -> str:
    value = _first(component, name)
    return "" if value is None else str(value).strip()


def _raw(component: Any, name: str) -> str:
    """A property as written, for a message."""
    try:
        return bytes(_first(component, name).to_ical()).decode("utf-8", "replace")
    except Exception:  # only for a message
        return "?"
