"""The occurrences of an Event near the window, expanded with dateutil in the event's wall
clock (so a weekly 09:00 stays at 09:00 across a clock change)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, NoReturn

from .calendar_file import CalendarFile
from .errors import RULE_HINT, CalendarError, shorten
from .model import Event, Rule, show, wall_clock
from .recurrence import PERIODS

if TYPE_CHECKING:
    from dateutil.rrule import rrule

MAX_INSTANCES = 10_000  # occurrences of one recurring event inside the window
MAX_ITERATIONS = 1_000_000  # candidate occurrences dateutil may walk through per rule


def occurrences(
    event: Event, file: CalendarFile, low: datetime, high: datetime
) -> Iterator[tuple[datetime, datetime, datetime]]:
    """(wall clock, start, end) of each occurrence that may overlap [low, high]."""

    def bounds(wall: datetime, length: timedelta | None) -> tuple[datetime, datetime]:
        if event.all_day:
            day = wall.date()
            begin = datetime.combine(day, time(), event.tz).astimezone(UTC)
            return begin, datetime.combine(day + event.length, time(), event.tz).astimezone(UTC)
        begin = wall.replace(tzinfo=event.tz).astimezone(UTC)
        return begin, _shifted(begin, event.length if length is None else length)

    if not event.recurring:
        yield event.start, *bounds(event.start, None)
        return
    from dateutil.rrule import rruleset

    longest = max([event.length, *(v for v in event.rdates.values() if v is not None)])
    first = wall_clock(_shifted(_shifted(low, -longest), -timedelta(days=1)), event.tz)
    last = wall_clock(_shifted(high, timedelta(days=1)), event.tz)
    # dateutil stops looking for the next occurrence only at the year 9999, which takes
    # seconds for a rule that never occurs again (FREQ=DAILY;BYMONTH=1;BYYEARDAY=60).
    # The Gregorian calendar repeats every 400 years (146,097 days, whole weeks), so the
    # expansion is moved forward by whole cycles to end a few centuries before 9999.
    shift = timedelta(days=146_097 * _cycles(event, last))
    rules = rruleset()
    for rule in event.rules:
        rules.rrule(_build_rule(file, event, rule, first + shift, last + shift, shift))
    for rule in event.exrules:
        rules.exrule(_build_rule(file, event, rule, first + shift, last + shift, shift))
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
        if count > MAX_INSTANCES:
            file.fail(
                event.block,
                f"repeats more than {MAX_INSTANCES} times around the checked dates",
                "Such a dense rule is not a meeting; check its RRULE.",
            )
        yield wall, *bounds(wall, event.rdates.get(wall))


def _cycles(event: Event, last: datetime) -> int:
    """How many 400-year cycles the expansion of `event` can move forward (none for a
    monthly or yearly rule whose interval does not divide 400 years)."""
    for rule in [*event.rules, *event.exrules]:
        months = {"MONTHLY": 1, "YEARLY": 12}.get(rule.freq)
        if months is not None and 4800 % (months * rule.interval):
            return 0
    latest = max([last, event.start, *event.rdates, *event.exdates]).year
    return max(0, (9990 - latest) // 400)


def _build_rule(
    file: CalendarFile, event: Event, rule: Rule, low: datetime, high: datetime, shift: timedelta
) -> rrule:
    """A dateutil rrule over naive wall-clock times in the event's zone, moved `shift`
    forward (see occurrences) and ending at `high`."""
    from dateutil.rrule import rrule, rrulestr
    from icalendar.prop import vRecur

    def bad(problem: str) -> NoReturn:
        file.fail(event.block, f"{rule.name} '{rule.shown}' {problem}", RULE_HINT)

    start = event.start + shift
    period = PERIODS[rule.freq] * rule.interval
    fixed_period = rule.freq in ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY")
    if rule.count is None and fixed_period and low - start > 2 * period:
        # Whole periods before the window change nothing: start just before it, so
        # an old rule does not walk through decades of occurrences.
        start += ((low - start) // period - 1) * period
    steps = (high - start) / (period if fixed_period else PERIODS[rule.freq])
    if rule.count is not None and not any(key.startswith("BY") for key in rule.parts):
        steps = min(steps, rule.count)
    if steps > MAX_ITERATIONS:
        bad(f"repeats too often from {show(event.start)} to be expanded")
    try:
        recurrence: Any = vRecur(rule.parts)
        built = rrulestr(bytes(recurrence.to_ical()).decode(), dtstart=start)
        if not isinstance(built, rrule):
            bad("cannot be read")
        if rule.until is not None or rule.count is None:
            until = _until(rule.until, event)
            built = built.replace(until=high if until > high - shift else until + shift)
    except CalendarError:
        raise
    except Exception as error:  # dateutil raises ValueError, TypeError, ...
        bad(f"cannot be read ({shorten(str(error), 100)})")
    return built


def _until(value: Any, event: Event) -> datetime:
    """UNTIL as a wall clock in the event's zone: RFC 5545 writes it in UTC when
    DTSTART has a zone, and dateutil refuses to mix aware and naive times."""
    if value is None:
        return datetime.max
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return wall_clock(value, event.tz)
        return value
    if isinstance(value, date):
        return datetime.combine(value, time() if event.all_day else time(23, 59, 59))
    raise ValueError(f"UNTIL is not a date: {value!r}")


def _shifted(moment: datetime, delta: timedelta) -> datetime:
    """`moment` + `delta`, clamped at the ends of time."""
    try:
        return moment + delta
    except OverflowError:
        return (
            datetime.max.replace(tzinfo=moment.tzinfo)
            if delta > timedelta()
            else (datetime.min.replace(tzinfo=moment.tzinfo))
        )
