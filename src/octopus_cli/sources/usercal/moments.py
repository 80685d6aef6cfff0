"""Date and date-time property values as Moments, with their TZID resolved."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from ...core.i18n import _
from .calendar_file import CalendarFile
from .errors import date_hint
from .model import Moment
from .scan import Block
from .zones import ZoneResolver


class MomentReader:
    """Reads the date and date-time values of one file's events."""

    def __init__(self, file: CalendarFile, zones: ZoneResolver) -> None:
        self.file = file
        self.zones = zones

    def from_property(self, block: Block, component: Any, name: str) -> Moment:
        """The moment of a property an event has once (DTSTART, DTEND, RECURRENCE-ID)."""
        value = component.get(name)
        if isinstance(value, list):
            self.file.fail(
                block,
                _("has {count} {name} lines; an event has one").format(count=len(value), name=name),
            )
        moment = self.from_value(block, value.dt, value.params)
        if moment is None:
            self.file.fail(
                block, _("{name} is not a date or date-time").format(name=name), date_hint()
            )
        return moment

    def from_value(self, block: Block, value: Any, params: Any) -> Moment | None:
        """A value icalendar parsed as a Moment, keeping its wall clock but resolving its
        TZID here (see ZoneResolver); None when it is not a date or date-time."""
        if isinstance(value, datetime):
            if str(params.get("VALUE", "")).upper() == "DATE":
                return value.date()  # icalendar turns VALUE=DATE with a TZID into midnight
            wall = value.replace(tzinfo=None)
            tzid = params.get("TZID")
            if tzid:
                return wall, self.zones.resolve(block, str(tzid))
            return wall, (UTC if value.tzinfo is not None else None)
        if isinstance(value, date):
            return value
        return None
