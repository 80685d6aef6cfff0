"""The occurrences of an Event near the window, expanded with dateutil in the event's wall
clock (so a weekly 09:00 stays at 09:00 across a clock change), within the file's budget."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import NoReturn

from .budget import OverBudget, dense_hint
from .calendar_file import CalendarFile
from .errors import rule_hint
from .model import Event, wall_clock
from .recurrence import until_of
from .rules import build_rule

_DAY = timedelta(days=1)
# The Gregorian calendar repeats every 400 years (146,097 days, whole weeks).
_CYCLE = timedelta(days=146_097)


def placed(
    event: Event, wall: datetime, length: timedelta | None = None
) -> tuple[datetime, datetime]:
    """(start, end) in UTC of an occurrence of `event` at `wall`, lasting `length` (the
    event's own length when None)."""
    if event.all_day:
        day = wall.date()
        begin = datetime.combine(day, time(), event.tz).astimezone(UTC)
        days = (length or event.length) // _DAY or 1
        return begin, datetime.combine(day + timedelta(days=days), time(), event.tz).astimezone(UTC)
    begin = wall.replace(tzinfo=event.tz).astimezone(UTC)
    return begin, shifted(begin, event.length if length is None else length)


def occurrences(
    event: Event, file: CalendarFile, low: datetime, high: datetime
) -> Iterator[tuple[datetime, datetime, datetime]]:
    """(wall clock, start, end) of each occurrence that may overlap [low, high]."""
    if not event.recurring:
        yield event.start, *placed(event, event.start)
        return
    from dateutil.rrule import rruleset

    def bad(problem: str) -> NoReturn:
        file.fail(event.block, problem, rule_hint())

    longest = max([event.length, *(v for v in event.rdates.values() if v is not None)])
    first = wall_clock(shifted(shifted(low, -longest), -_DAY), event.tz)
    last = wall_clock(shifted(high, _DAY), event.tz)
    # dateutil stops looking for the next occurrence only at the year 9999, which takes
    # seconds for a rule whose occurrences are years apart (February 29 on a Monday). The
    # expansion is moved forward by whole 400-year cycles to end a few centuries before.
    shift = _CYCLE * _cycles(event, last)
    rules = rruleset()
    try:
        for rule in [*event.rules, *event.exrules]:
            end = min(until_of(rule.until, event), last)
            if rule.never or end < event.start:
                continue  # it adds (or excludes) nothing
            window = (first + shift, end + shift)
            built = build_rule(rule, event.start + shift, window, file.budget, bad, event.start)
            if built is not None:
                (rules.rrule if rule.name == "RRULE" else rules.exrule)(built)
    except OverBudget as error:
        file.fail(event.block, error.problem, dense_hint())
    for wall in event.rdates:
        rules.rdate(wall + shift)
    for wall in event.exdates:
        rules.exdate(wall + shift)
    count = 0
    for moved in rules.xafter(first + shift, inc=True):
        wall = moved - shift
        if wall > last:
            break
        if wall.date() in event.exdays:
            continue
        count += 1
        try:
            file.budget.occur(count)
        except OverBudget as error:
            file.fail(event.block, error.problem, dense_hint())
        yield wall, *placed(event, wall, event.rdates.get(wall))


def _cycles(event: Event, last: datetime) -> int:
    """How many 400-year cycles the expansion of `event` can move forward (none for a
    monthly or yearly rule whose interval does not divide 400 years)."""
    for rule in [*event.rules, *event.exrules]:
        months = {"MONTHLY": 1, "YEARLY": 12}.get(rule.freq)
        if months is not None and 4800 % (months * rule.interval):
            return 0
    latest = max([last, event.start, *event.rdates, *event.exdates]).year
    return max(0, (9990 - latest) // 400)


def shifted(moment: datetime, delta: timedelta) -> datetime:
    """`moment` + `delta`, clamped at the ends of time."""
    try:
        return moment + delta
    except OverflowError:
        return (
            datetime.max.replace(tzinfo=moment.tzinfo)
            if delta > timedelta()
            else (datetime.min.replace(tzinfo=moment.tzinfo))
        )
