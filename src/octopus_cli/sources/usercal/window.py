"""Which scanned events may touch the window, from their raw dates alone: single events
near it, series that neither end before it nor start after it, overrides whose own time
or whose RECURRENCE-ID is near it. Only these are parsed by icalendar; when the raw text
does not tell (a folded date, an odd value), the event is kept."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from functools import cache

from .scan import Block, raw_day, raw_value

# Rule periods in days, for the frequencies whose periods all have the same length.
_FIXED_DAYS = {
    "SECONDLY": 1 / 86400,
    "MINUTELY": 1 / 1440,
    "HOURLY": 1 / 24,
    "DAILY": 1,
    "WEEKLY": 7,
}
_DURATION = re.compile(
    r"\+?P(?:(\d{1,6})W)?(?:(\d{1,7})D)?(?:T(?:(\d{1,8})H)?(?:(\d{1,9})M)?(?:(\d{1,10})S)?)?",
    re.IGNORECASE,
)


def may_touch(block: Block, first_day: date, last_day: date) -> bool:
    """False only for an event whose raw dates show it is well outside the window."""
    props = block.props
    if len(props) == 2 and not block.folded:
        # Most events: one DTSTART and one DTEND, compared as YYYYMMDD text.
        starts, ends = props.get("DTSTART"), props.get("DTEND")
        if starts and ends and len(starts) == 1 and len(ends) == 1:
            begin, end = _digits(starts[0]), _digits(ends[0])
            if begin and end:
                low, high = (begin, end) if begin <= end else (end, begin)
                return low <= _text(last_day) and high >= _text(first_day)
    try:
        return _may_touch(block, first_day, last_day)
    except OverflowError:  # dates near the year 9999
        return True


def _digits(rest: str) -> str | None:
    """The eight digits of the date a raw `;params:value` starts with, if it has them."""
    colon = rest.rfind(":")  # a date holds no colon, so its value follows the last one
    digits = rest[colon + 1 : colon + 9]
    valid = len(digits) == 8 and digits.isascii() and digits.isdigit()
    return digits if valid and "01" <= digits[4:6] <= "12" and "01" <= digits[6:] <= "31" else None


@cache
def _text(day: date) -> str:
    return day.strftime("%Y%m%d")


def _may_touch(block: Block, first_day: date, last_day: date) -> bool:
    props = block.props
    starts = props.get("DTSTART", [])
    if block.folded or len(starts) != 1 or "RDATE" in props:
        return True
    begin = raw_day(starts[0])
    days = _length_days(props, begin)
    if begin is None or days is None:
        return True
    end = begin + timedelta(days=days)
    first, last = (begin, end) if days >= 0 else (end, begin)
    if "RECURRENCE-ID" in props:
        ids = props["RECURRENCE-ID"]
        if len(ids) != 1 or "RANGE" in ids[0].partition(":")[0].upper():
            return True  # RANGE=THISANDFUTURE moves the rest of the series
        day = raw_day(ids[0])
        if day is None or first_day <= day <= last_day:
            return True  # it replaces an occurrence near the window
    elif "RRULE" in props:
        if first > last_day:
            return False  # a series does not start before its DTSTART
        ends = [_rule_end(rule, begin) for rule in props["RRULE"]]
        if any(end is None for end in ends):
            return True
        last = max(last, *(end + timedelta(days=max(days, 0)) for end in ends if end))
    return first <= last_day and last >= first_day


def _length_days(props: dict[str, list[str]], begin: date | None) -> int | None:
    """Days from DTSTART's date to DTEND's (or DTSTART's plus DURATION), rounded up;
    None when the raw text does not tell."""
    ends, durations = props.get("DTEND", []), props.get("DURATION", [])
    if len(ends) + len(durations) > 1 or begin is None:
        return None
    if ends:
        end = raw_day(ends[0])
        return None if end is None else (end - begin).days
    if durations:
        match = _DURATION.fullmatch(raw_value(durations[0]).strip())
        if match is None:
            return None
        weeks, days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return math.ceil(weeks * 7 + days + (hours * 3600 + minutes * 60 + seconds) / 86400)
    return 1


def _rule_end(rule: str, begin: date) -> date | None:
    """The latest date an RRULE can reach, from UNTIL, or from COUNT when every period
    has an occurrence (no BY parts but a weekly BYDAY); None when endless or unknown."""
    parts: dict[str, str] = {}
    for item in raw_value(rule).split(";"):
        key, _, value = item.partition("=")
        parts[key.strip().upper()] = value.strip()
    if "UNTIL" in parts:
        return raw_day(":" + parts["UNTIL"])
    freq = parts.get("FREQ", "").upper()
    if "COUNT" not in parts or freq not in _FIXED_DAYS:
        return None
    by = {key for key in parts if key.startswith("BY")}
    weekdays = by == {"BYDAY"} and freq == "WEEKLY" and not re.search(r"[\d+-]", parts["BYDAY"])
    if by and not weekdays:
        return None
    try:
        count, interval = int(parts["COUNT"]), int(parts.get("INTERVAL", "1"))
        span = count * max(interval, 1) * _FIXED_DAYS[freq] + (7 if by else 0)
        return begin + timedelta(days=math.ceil(span) + 1)
    except (ValueError, OverflowError):
        return None
