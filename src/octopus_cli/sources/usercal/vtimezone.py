"""A VTIMEZONE of the file as a tzinfo (RFC 5545 §3.6.5). Its offset changes are worked
out three years at a time, around the moments asked for, within the file's budget: a
real zone changes its offset a few times a year, so an observance that repeats every
second is refused instead of expanded (icalendar's own `to_tz` expands every observance
from its DTSTART to 2038, which never ends for FREQ=SECONDLY)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, NoReturn

from .budget import MAX_ZONE_TRANSITIONS, Budget, OverBudget
from .model import Rule
from .rules import build_rule, read_rule, until_wall

_MARGIN = timedelta(days=2)  # beyond any UTC offset, so wall clocks near a span's edge are safe
_SPAN_YEARS = 3

# (UTC times of the changes, offsets from then on, their names, fold=0 and fold=1 wall-clock
# thresholds, the offset and name in force before the first change)
_Span = tuple[
    list[datetime], list[timedelta], list[str], list[datetime], list[datetime], timedelta, str
]


class ZoneProblem(Exception):
    """A VTIMEZONE whose offset changes cannot be worked out within the bounds."""


@dataclass(frozen=True)
class Observance:
    """A STANDARD or DAYLIGHT part: from `start` (a wall clock in `offset_from`) on, and
    at each repetition of `rule` or `dates`, the offset becomes `offset_to`."""

    kind: str
    start: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    rule: Rule | None
    dates: tuple[datetime, ...]


def read_observance(part: Any, bad: Callable[[str], NoReturn]) -> Observance:
    """An icalendar STANDARD or DAYLIGHT component as an Observance."""
    kind = str(part.name).upper()
    values: dict[str, Any] = {}
    for name in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
        prop = part.get(name)
        if prop is None or isinstance(prop, list):
            bad(f"{kind} needs one {name}")
        value = _attribute(prop, "dt" if name == "DTSTART" else "td")
        if name == "DTSTART" and not isinstance(value, datetime):
            bad(f"{kind} has DTSTART '{_raw(prop)}', which is not a date-time")
        if name != "DTSTART" and not isinstance(value, timedelta):
            bad(f"{kind} has {name} '{_raw(prop)}', which is not a UTC offset")
        values[name] = value
    start = values["DTSTART"].replace(tzinfo=None)
    rule = None
    recur = part.get("RRULE")
    if isinstance(recur, list):
        recur = recur[0] if len(recur) == 1 else bad(f"{kind} has {len(recur)} RRULEs")
    if recur is not None:
        rule = read_rule(recur, f"{kind} RRULE", start, lambda problem: bad(problem))
    dates = [start]
    rdates = part.get("RDATE")
    for group in rdates if isinstance(rdates, list) else [] if rdates is None else [rdates]:
        for item in _attribute(group, "dts") or bad(f"{kind} has an RDATE that is not a date"):
            moment = item.dt[0] if isinstance(item.dt, tuple) else item.dt
            if not isinstance(moment, datetime):
                bad(f"{kind} has an RDATE that is not a date-time")
            dates.append(moment.replace(tzinfo=None))
    offset_from, offset_to = values["TZOFFSETFROM"], values["TZOFFSETTO"]
    name = str(part.get("TZNAME", "") or "")
    return Observance(kind, start, offset_from, offset_to, name, rule, tuple(sorted(dates)))


class FileZone(tzinfo):
    """A zone defined by the file. Wall clocks in a gap or a fold are read as RFC 5545
    says (§3.3.5): with the offset before the change (fold=0)."""

    def __init__(self, tzid: str, where: str, observances: list[Observance], budget: Budget):
        self.tzid = tzid
        self.where = where  # "time zone 'X' (line 4)", for messages
        self.observances = observances
        self.budget = budget
        first = min(observances, key=lambda o: o.start - o.offset_from)
        self.initial = (first.offset_from, first.name)
        self.spans: dict[int, _Span] = {}

    def __repr__(self) -> str:
        return f"FileZone({self.tzid!r})"

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        span = self._span(dt.year)
        thresholds = span[4] if dt.fold else span[3]
        index = bisect_right(thresholds, dt.replace(tzinfo=None, fold=0)) - 1
        return span[1][index] if index >= 0 else span[5]

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        if dt is None:
            return self.tzid
        span = self._span(dt.year)
        index = bisect_right(span[3], dt.replace(tzinfo=None, fold=0)) - 1
        return (span[2][index] if index >= 0 else span[6]) or self.tzid

    def fromutc(self, dt: datetime) -> datetime:
        moment = dt.replace(tzinfo=None)
        span = self._span(moment.year)
        index = bisect_right(span[0], moment) - 1
        offset = span[1][index] if index >= 0 else span[5]
        return (moment + offset).replace(tzinfo=self)

    def _span(self, year: int) -> _Span:
        key = max(1, min(year, 9990)) // _SPAN_YEARS
        if key not in self.spans:
            try:
                self.spans[key] = self._changes(key * _SPAN_YEARS)
            except OverBudget as error:
                raise ZoneProblem(f"{self.where}: {error.problem}") from None
        return self.spans[key]

    def _changes(self, year: int) -> _Span:
        """The offset changes of `_SPAN_YEARS` years from `year`, and the offset before."""
        low = datetime(year, 1, 1) - _MARGIN
        high = datetime(year + _SPAN_YEARS, 1, 1) + _MARGIN
        changes: list[tuple[datetime, timedelta, str]] = []
        before: tuple[datetime, timedelta, str] | None = None
        for observance in self.observances:
            shift = observance.offset_from
            onsets, latest = self._onsets(observance, low + shift, high + shift)
            changes += [(onset - shift, observance.offset_to, observance.name) for onset in onsets]
            if latest is not None and (before is None or latest - shift > before[0]):
                before = (latest - shift, observance.offset_to, observance.name)
            if len(changes) > MAX_ZONE_TRANSITIONS:
                raise self._too_many(observance)
        changes.sort()
        offset, name = (before[1], before[2]) if before else self.initial
        times, offsets, names, early, late = [], [], [], [], []
        previous = offset
        for moment, after, label in changes:
            times.append(moment)
            offsets.append(after)
            names.append(label)
            early.append(moment + max(previous, after))
            late.append(moment + min(previous, after))
            previous = after
        return times, offsets, names, early, late, offset, name

    def _too_many(self, observance: Observance) -> ZoneProblem:
        return ZoneProblem(
            f"{self.where}: its {observance.kind} observance changes the UTC offset more "
            f"than {MAX_ZONE_TRANSITIONS} times in {_SPAN_YEARS} years; a time zone changes "
            "it a few times a year"
        )

    def _onsets(
        self, observance: Observance, low: datetime, high: datetime
    ) -> tuple[list[datetime], datetime | None]:
        """The onsets (wall clocks) of `observance` in [low, high), and the last before."""
        onsets = [moment for moment in observance.dates if low <= moment < high]
        earlier = [moment for moment in observance.dates if moment < low]
        latest = earlier[-1] if earlier else None
        rule = observance.rule
        if rule is None or rule.never or observance.start >= high:
            return onsets, latest

        def to_wall(value: datetime) -> datetime:
            return value.astimezone(UTC).replace(tzinfo=None) + observance.offset_from

        end = min(until_wall(rule.until, to_wall, False), high)
        if end < observance.start:
            return onsets, latest

        def bad(problem: str) -> NoReturn:
            raise ZoneProblem(f"{self.where}: {problem}")

        window = (min(low, end), end)
        built = build_rule(rule, observance.start, window, self.budget, bad, observance.start)
        found: list[datetime] = []
        for moment in () if built is None else built:
            found.append(moment)
            if len(found) > MAX_ZONE_TRANSITIONS + _SPAN_YEARS * 366:  # a yearly rule from 1601
                raise self._too_many(observance)
        onsets += [moment for moment in found if low <= moment < high]
        earlier = [moment for moment in found if moment < low]
        if earlier and (latest is None or earlier[-1] > latest):
            latest = earlier[-1]
        return sorted(onsets), latest


def _attribute(prop: Any, name: str) -> Any:
    """An attribute of a parsed property; None when icalendar could not parse it."""
    try:
        return getattr(prop, name, None)
    except Exception:  # icalendar's BrokenCalendarProperty
        return None


def _raw(prop: Any) -> str:
    try:
        return bytes(prop.to_ical()).decode("utf-8", "replace")
    except Exception:  # only for a message
        return str(prop)
