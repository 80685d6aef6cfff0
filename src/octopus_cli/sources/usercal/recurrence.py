"""An event's recurrence as read: RRULE and EXRULE checked so that dateutil can expand
them quickly, RDATE and EXDATE as wall clocks in the event's zone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any, NoReturn

from .calendar_file import CalendarFile
from .errors import DATE_HINT, RULE_HINT, shorten
from .model import Event, Rule, wall_clock
from .moments import MomentReader
from .scan import Block

PERIODS = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
    "MONTHLY": timedelta(days=28),  # the shortest, for estimates only
    "YEARLY": timedelta(days=365),
}
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_RANGES = {"BYMONTHDAY": 31, "BYYEARDAY": 366, "BYWEEKNO": 53, "BYMONTH": 12}
_WEEKDAY = re.compile(r"([+-]?\d{1,3})?(MO|TU|WE|TH|FR|SA|SU)", re.IGNORECASE)


class RecurrenceReader:
    """Adds the recurrence properties of a parsed VEVENT to its Event."""

    def __init__(self, file: CalendarFile, moments: MomentReader) -> None:
        self.file = file
        self.moments = moments

    def read(self, block: Block, component: Any, event: Event) -> None:
        for name, target in (("RRULE", event.rules), ("EXRULE", event.exrules)):
            value = component.get(name)
            for recur in value if isinstance(value, list) else [] if value is None else [value]:
                target.append(self._rule(block, recur, name))
        for name in ("RDATE", "EXDATE"):
            value = component.get(name)
            for group in value if isinstance(value, list) else [] if value is None else [value]:
                for item in getattr(group, "dts", []):
                    self._add_date(block, event, name, item.dt, item.params)
        if event.rules or event.rdates:
            event.rdates.setdefault(event.start, None)  # DTSTART is always an occurrence

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
                block, f"{name} holds a value that is not a date or date-time", DATE_HINT
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

    def _rule(self, block: Block, recur: Any, name: str) -> Rule:
        """Check a parsed RRULE or EXRULE (see _rule_numbers) and keep what expanding it
        needs."""
        try:
            shown = shorten(bytes(recur.to_ical()).decode("utf-8", "replace"), 100)
            parts = {str(key).upper(): list(values) for key, values in recur.items()}
        except Exception:  # not a vRecur after all
            shown, parts = "?", {}

        def bad(problem: str) -> NoReturn:
            self.file.fail(block, f"{name} '{shown}' {problem}", RULE_HINT)

        freq = str(parts.get("FREQ", [""])[0]).upper()
        if freq not in PERIODS:
            bad("has no valid FREQ")
        numbers = _rule_numbers(parts, freq, bad)
        until = parts.pop("UNTIL", [None])[0]
        if str(parts.pop("RSCALE", ["GREGORIAN"])[0]).upper() != "GREGORIAN":
            bad("uses a non-Gregorian calendar (RSCALE), which is not supported")
        parts.pop("SKIP", None)  # only meaningful with RSCALE
        count = numbers["COUNT"][0] if "COUNT" in numbers else None
        return Rule(name, shown, parts, freq, numbers.get("INTERVAL", [1])[0], until, count)


def _instant(moment: tuple[datetime, tzinfo | None], event: Event) -> datetime:
    wall, zone = moment
    return wall.replace(tzinfo=zone or event.tz).astimezone(UTC)


def _rule_numbers(
    parts: dict[str, list[Any]], freq: str, bad: Callable[[str], NoReturn]
) -> dict[str, list[int]]:
    """Check the numeric parts dateutil accepts but never matches (BYMONTHDAY=40 or
    February 30): it would search up to the year 9999 for them. INTERVAL=0 would
    make it loop forever."""
    numbers: dict[str, list[int]] = {}
    for key in ("INTERVAL", "COUNT", "BYSETPOS", "BYHOUR", "BYMINUTE", "BYSECOND", *_RANGES):
        if key in parts:
            try:
                numbers[key] = [int(str(value)) for value in parts[key]]
            except ValueError:
                bad(f"has a {key} that is not a number")
    if any(value < 1 for value in numbers.get("INTERVAL", [1])):
        bad("has an INTERVAL below 1")
    if any(value > 100_000 for value in numbers.get("INTERVAL", [1])):
        bad("has an INTERVAL over 100000")
    for key, limit in _RANGES.items():
        for value in numbers.get(key, []):
            if value == 0 or abs(value) > limit or (key == "BYMONTH" and value < 0):
                bad(f"has {key}={value}, which never occurs")
    days = numbers.get("BYMONTHDAY", [])
    months = numbers.get("BYMONTH", list(range(1, 13)))
    if days and not any(abs(day) <= _MONTH_DAYS[month - 1] for day in days for month in months):
        bad("never occurs (no such day in those months)")
    limit = 5 if freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parts) else 53
    for value in parts.get("BYDAY", []):
        match = _WEEKDAY.fullmatch(str(value).strip())
        if match is None:
            bad(f"has BYDAY={value}, which is not a weekday")
        elif match.group(1) and not 1 <= abs(int(match.group(1))) <= limit:
            bad(f"has BYDAY={value}, which never occurs")
    # BYSETPOS picks from the occurrences of one period (one hour for HOURLY...): a
    # position beyond their number never occurs, and dateutil would walk every period
    # up to the year 9999 looking for it.
    size = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7}.get(freq, 1)
    order = ["DAILY", "HOURLY", "MINUTELY", "SECONDLY"]
    for key, finer in (
        ("BYHOUR", "HOURLY"),
        ("BYMINUTE", "MINUTELY"),
        ("BYSECOND", "SECONDLY"),
    ):
        if freq not in order or order.index(freq) < order.index(finer):
            size *= len(numbers.get(key, [0]))
    positions = numbers.get("BYSETPOS", [])
    if positions and all(abs(position) > size for position in positions):
        bad(f"has BYSETPOS={positions[0]}, which never occurs")
    return numbers
