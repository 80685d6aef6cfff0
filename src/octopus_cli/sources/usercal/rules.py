"""RRULEs and EXRULEs (of events and of time-zone observances): read and checked, marked
when they can never occur (RFC 5545 §3.3.10: instances on dates that do not exist are
ignored, so such a rule adds nothing), and built for dateutil to walk only as far as
needed, charged to the file's budget."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn

from .budget import Budget
from .errors import shorten
from .model import Rule, show

if TYPE_CHECKING:
    from dateutil.rrule import rrule

PERIODS = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
    "MONTHLY": timedelta(days=28),  # the shortest, for estimates only
    "YEARLY": timedelta(days=365),
}
FIXED = frozenset({"SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY"})
_RANGES = {"BYMONTHDAY": 31, "BYYEARDAY": 366, "BYWEEKNO": 53, "BYMONTH": 12}
_WEEKDAY = re.compile(r"([+-]?\d{1,3})?(MO|TU|WE|TH|FR|SA|SU)", re.IGNORECASE)

Bad = Callable[[str], NoReturn]
_TEMPLATES: dict[str, Any] = {}  # rule text -> a dateutil rrule read from it, to replace()


def read_rule(recur: Any, name: str, start: datetime, bad: Bad) -> Rule:
    """A parsed RRULE or EXRULE (an icalendar vRecur) of something starting at `start`,
    checked; `bad` raises the error for a rule that cannot be read."""
    try:
        shown = shorten(bytes(recur.to_ical()).decode("utf-8", "replace"), 100)
        parts = {str(key).upper(): list(values) for key, values in recur.items()}
    except Exception:  # not a vRecur after all
        shown, parts = "?", {}

    def fail(problem: str) -> NoReturn:
        bad(f"{name} '{shown}' {problem}")

    freq = str(parts.get("FREQ", [""])[0]).upper()
    if freq not in PERIODS:
        fail("has no valid FREQ")
    numbers, never = _rule_numbers(parts, freq, fail)
    until = parts.pop("UNTIL", [None])[0]
    if str(parts.pop("RSCALE", ["GREGORIAN"])[0]).upper() != "GREGORIAN":
        fail("uses a non-Gregorian calendar (RSCALE), which is not supported")
    parts.pop("SKIP", None)  # only meaningful with RSCALE
    count = numbers["COUNT"][0] if "COUNT" in numbers else None
    never = never or _no_such_day(freq, start, numbers, "BYDAY" in parts or "BYWEEKNO" in parts)
    interval = numbers.get("INTERVAL", [1])[0]
    return Rule(name, shown, parts, freq, interval, until, count, never or count == 0)


def build_rule(
    rule: Rule,
    start: datetime,
    window: tuple[datetime, datetime],
    budget: Budget,
    bad: Bad,
    since: datetime | None = None,
) -> rrule | None:
    """A dateutil rrule over naive wall clocks from `start`, for occurrences up to the
    window's end (the caller has already cut the window at UNTIL); None when it has no
    occurrence left there. The periods it may walk are charged to `budget` first; `since`
    is DTSTART as written, for messages."""
    from dateutil.rrule import rrule, rrulestr
    from icalendar.prop import vRecur

    low, high = window
    period = PERIODS[rule.freq] * rule.interval
    filtered = any(key.startswith("BY") for key in rule.parts)
    parts = rule.parts
    if rule.freq in FIXED and low - start > 2 * period and (rule.count is None or not filtered):
        # Whole periods before the window change nothing but the COUNT left (each period
        # has one occurrence when no BY part filters them): start just before the window,
        # so that an old rule does not walk through years of occurrences.
        skipped = (low - start) // period - 1
        start += skipped * period
        if rule.count is not None:
            if rule.count <= skipped:
                return None
            parts = {**parts, "COUNT": [rule.count - skipped]}
    steps = (high - start) / (period if rule.freq in FIXED else PERIODS[rule.freq])
    if rule.count is not None and not filtered:
        steps = min(steps, rule.count)
    budget.walk(max(steps, 0), f"{rule.name} '{rule.shown}'", show(since or start))
    try:
        recurrence: Any = vRecur(parts)
        text = bytes(recurrence.to_ical()).decode()
        template = _TEMPLATES.get(text)
        if template is None:
            template = rrulestr(text, dtstart=start)
            if not isinstance(template, rrule):
                bad(f"{rule.name} '{rule.shown}' cannot be read")
            _TEMPLATES[text] = template
        # replace() builds the rule again from what was written, DTSTART's defaults too.
        return template.replace(dtstart=start, until=high)
    except Exception as error:  # dateutil raises ValueError, TypeError, ...
        if type(error).__name__ == "CalendarError":
            raise
        bad(f"{rule.name} '{rule.shown}' cannot be read ({shorten(str(error), 100)})")


def until_wall(value: Any, to_wall: Callable[[datetime], datetime], all_day: bool) -> datetime:
    """UNTIL as a wall clock: an aware UNTIL (RFC 5545 writes it in UTC when DTSTART has a
    zone) through `to_wall`, a date as the end of that day (its start for all-day)."""
    if value is None:
        return datetime.max
    if isinstance(value, datetime):
        return to_wall(value) if value.tzinfo is not None else value
    if isinstance(value, date):
        return datetime.combine(value, time() if all_day else time(23, 59, 59))
    raise ValueError(f"UNTIL is not a date: {value!r}")


def _rule_numbers(
    parts: dict[str, list[Any]], freq: str, bad: Bad
) -> tuple[dict[str, list[int]], bool]:
    """The numeric parts, and whether they make the rule never occur (BYMONTHDAY=40,
    February 30, the sixth Monday of a month, a BYSETPOS beyond the set): dateutil
    accepts those but would search up to the year 9999 for them. INTERVAL=0 would make it
    loop forever, so it is an error like any value that is not a number."""
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
    if any(value < 0 for value in numbers.get("COUNT", [0])):
        bad("has a negative COUNT")
    never = False
    for key, limit in _RANGES.items():
        values = numbers.get(key, [])
        if values and not any(value != 0 and abs(value) <= limit for value in values):
            never = True
        if key == "BYMONTH" and values and all(value < 1 for value in values):
            never = True
    limit = 5 if freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parts) else 53
    ordinals = []
    for value in parts.get("BYDAY", []):
        match = _WEEKDAY.fullmatch(str(value).strip())
        if match is None:
            bad(f"has BYDAY={value}, which is not a weekday")
        ordinals.append(abs(int(match.group(1) or 1)))
    if ordinals and all(not 1 <= ordinal <= limit for ordinal in ordinals):
        never = True
    # BYSETPOS picks from the occurrences of one period (one hour for HOURLY...): a
    # position beyond their number never occurs.
    size = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7}.get(freq, 1)
    order = ["DAILY", "HOURLY", "MINUTELY", "SECONDLY"]
    for key, finer in (("BYHOUR", "HOURLY"), ("BYMINUTE", "MINUTELY"), ("BYSECOND", "SECONDLY")):
        if freq not in order or order.index(freq) < order.index(finer):
            size *= len(numbers.get(key, [0]))
    positions = numbers.get("BYSETPOS", [])
    if positions and all(position == 0 or abs(position) > size for position in positions):
        never = True
    return numbers, never


def _no_such_day(freq: str, start: datetime, numbers: dict[str, list[int]], by_week: bool) -> bool:
    """Whether no date of any year has the rule's month, day of the month and day of the
    year (with dateutil's defaults from DTSTART): April 31 never comes. (Any date falls
    on any weekday in some year, so BYDAY cannot make a rule never occur.)"""
    months = numbers.get("BYMONTH")
    monthdays = numbers.get("BYMONTHDAY")
    yeardays = numbers.get("BYYEARDAY")
    if not (monthdays or yeardays or by_week):
        if freq == "YEARLY":
            months, monthdays = months or [start.month], [start.day]
        elif freq == "MONTHLY":
            monthdays = [start.day]
    if not (months or monthdays or yeardays):
        return False
    return not _some_day(tuple(months or ()), tuple(monthdays or ()), tuple(yeardays or ()))


@cache
def _some_day(
    months: tuple[int, ...], monthdays: tuple[int, ...], yeardays: tuple[int, ...]
) -> bool:
    """Whether some day of a leap or common year is in `months`, `monthdays` (counted
    from the end when negative) and `yeardays` (likewise); empty means any."""
    for year in (2023, 2024):
        length = 366 if year == 2024 else 365
        for number in range(1, length + 1):
            day = date(year, 1, 1) + timedelta(days=number - 1)
            if months and day.month not in months:
                continue
            if monthdays:
                following = date(year + day.month // 12, day.month % 12 + 1, 1)
                from_end = day.day - (following - timedelta(days=1)).day - 1
                if day.day not in monthdays and from_end not in monthdays:
                    continue
            if yeardays and number not in yeardays and number - length - 1 not in yeardays:
                continue
            return True
    return False
