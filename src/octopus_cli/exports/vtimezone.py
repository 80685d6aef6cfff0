"""VTIMEZONE rules for any IANA zone, in the form every calendar client reads.

Outlook reads only yearly RRULE observances and ignores RDATE lists (MS-STANOICAL 2.2.47),
which is what `icalendar.Timezone.from_tzinfo` writes. So the transitions that zoneinfo
knows are found here and expressed as yearly rules ("last Sunday of October at 03:00"),
one component per rule, bounded by UNTIL only where a zone changed its rule within the
years of the events. A zone without clock changes gets one STANDARD component.

The result is plain data (`Observance`); `ics.py` writes it as VTIMEZONE components."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FAR_PAST = datetime(1970, 1, 1)  # onset of a zone's only observance
_CYCLE_DAYS = 146097  # 400 Gregorian years
# No zone lists a change this late (tzdata writes explicit changes to 2037, Morocco's to
# 2087); from here on zoneinfo applies each zone's yearly rule. A test checks every zone.
_RULES_FROM = 2200
# The instants zoneinfo can convert to any offset (UTC-24h to UTC+24h) without overflow.
_FIRST = datetime(1, 1, 2, tzinfo=UTC)
_LAST = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(frozen=True)
class Transition:
    at: datetime  # the UTC instant of the change
    offset_from: timedelta
    offset_to: timedelta
    daylight: bool  # the new offset is daylight saving time
    name: str | None  # the abbreviation zoneinfo gives (CET, CEST), if any

    @property
    def onset(self) -> datetime:
        """The naive local time of the change on the clock before it (RFC 5545 DTSTART)."""
        return (self.at + self.offset_from).replace(tzinfo=None)


@dataclass(frozen=True)
class Rule:
    """When a transition recurs every year: BYMONTH plus BYDAY or BYMONTHDAY, and the time."""

    month: int
    byday: str | None  # "-1SU", "2SU"
    bymonthday: int | None
    wall_time: tuple[int, int, int]
    offset_from: timedelta
    offset_to: timedelta
    daylight: bool

    def as_rrule(self, until: datetime | None = None) -> dict[str, object]:
        rule: dict[str, object] = {"FREQ": "YEARLY", "BYMONTH": self.month}
        if self.byday is not None:
            rule["BYDAY"] = self.byday
        else:
            rule["BYMONTHDAY"] = self.bymonthday
        if until is not None:
            rule["UNTIL"] = until
        return rule


@dataclass(frozen=True)
class Observance:
    """One STANDARD or DAYLIGHT component: an onset and, when it recurs, a yearly rule."""

    daylight: bool
    start: datetime  # naive local onset, on the clock before the change
    offset_from: timedelta
    offset_to: timedelta
    name: str | None
    rrule: dict[str, object] | None


def transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Every offset change of `zone` from 1 January `first_year` to the end of `last_year`."""
    found: list[Transition] = []
    for year in range(max(first_year, 1), min(last_year, 9999) + 1):
        found.extend(_year_transitions(zone, year))
    return found


@cache
def _year_transitions(zone: ZoneInfo, year: int) -> tuple[Transition, ...]:
    """The changes of one year (UTC). From _RULES_FROM on, a zone follows its yearly rule
    and the Gregorian calendar repeats every 400 years, dates and weekdays alike: a later
    year has the changes of its year in the first cycle, moved by whole cycles. So no year
    costs more than one scan, however far the programme reaches (year 9999 included)."""
    if year >= _RULES_FROM + 400:
        cycles = (year - _RULES_FROM) // 400
        shift = timedelta(days=_CYCLE_DAYS * cycles)
        return tuple(
            replace(change, at=change.at + shift)
            for change in _year_transitions(zone, year - 400 * cycles)
        )
    low = max(datetime(year, 1, 1, tzinfo=UTC), _FIRST)
    high = min(datetime(year + 1, 1, 1, tzinfo=UTC) if year < 9999 else _LAST, _LAST)
    return tuple(_scan(zone, low, high))


def _scan(zone: ZoneInfo, moment: datetime, end: datetime) -> list[Transition]:
    """The changes in (moment, end], found a day at a time, each to the second."""
    found: list[Transition] = []
    step = timedelta(days=1)
    offset = _offset(zone, moment)
    while moment < end:
        following = min(moment + step, end)
        if _offset(zone, following) != offset:
            at = _first_change(zone, moment, following, offset)
            new_offset = _offset(zone, at)
            found.append(
                Transition(
                    at=at,
                    offset_from=offset,
                    offset_to=new_offset,
                    # Moving the clock forward is daylight saving. (zoneinfo's dst() would
                    # call Irish winter time "daylight": tzdata gives it a negative save.)
                    daylight=new_offset > offset,
                    name=at.astimezone(zone).tzname(),
                )
            )
            offset = new_offset
            moment = at
            continue
        moment = following
    return found


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _first_change(zone: ZoneInfo, low: datetime, high: datetime, offset: timedelta) -> datetime:
    """The first second in (low, high] whose offset differs from `offset` (bisection)."""
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if _offset(zone, middle) == offset:
            low = middle
        else:
            high = middle
    return high


def _rules_for(change: Transition) -> set[Rule]:
    """Every yearly rule that describes this transition's date (several may fit one year)."""
    onset = change.onset
    days_in_month = calendar.monthrange(onset.year, onset.month)[1]
    weekday = _WEEKDAYS[onset.weekday()]

    def rule(byday: str | None, bymonthday: int | None) -> Rule:
        return Rule(
            month=onset.month,
            byday=byday,
            bymonthday=bymonthday,
            wall_time=(onset.hour, onset.minute, onset.second),
            offset_from=change.offset_from,
            offset_to=change.offset_to,
            daylight=change.daylight,
        )

    rules = {rule(f"{(onset.day - 1) // 7 + 1}{weekday}", None), rule(None, onset.day)}
    if onset.day + 7 > days_in_month:
        rules.add(rule(f"-1{weekday}", None))
    return rules


def _preference(rule: Rule) -> tuple[int, str]:
    # Prefer "last Sunday" over "4th Sunday" and weekday rules over fixed dates: they are
    # what the zone's own rules say in almost every case, and what people expect to read.
    if rule.byday is None:
        return (2, "")
    return (0 if rule.byday.startswith("-") else 1, rule.byday)


def observances(zone: ZoneInfo, instants: Sequence[datetime]) -> list[Observance]:
    """The observances that describe `zone` correctly at every one of `instants` (and the
    rest of their years). The year before each is included, so that the observance in
    force at an instant has its onset in the file. Only those years are scanned: events
    spread over millennia cost their few years, not every day between them."""
    if not instants:
        return []
    local_year = {instant: instant.astimezone(zone).year for instant in instants}
    # Scanned by UTC year: an instant's own year may be the one after its local year.
    seen = set(local_year.values()) | {instant.astimezone(UTC).year for instant in instants}
    years = sorted({y for year in seen for y in (year - 1, year) if 1 <= y <= 9999})
    groups: list[list[int]] = []  # runs of consecutive years
    group_of: dict[int, int] = {}
    for year in years:
        if not groups or groups[-1][-1] != year - 1:
            groups.append([])
        groups[-1].append(year)
        group_of[year] = len(groups) - 1
    earliest_in: dict[int, datetime] = {}
    for instant, year in local_year.items():
        index = group_of[year]
        if index not in earliest_in or instant < earliest_in[index]:
            earliest_in[index] = instant
    result: list[Observance] = []
    changes: list[Transition] = []
    for index, group in enumerate(groups):
        found = transitions(zone, group[0], group[-1])
        earliest = earliest_in[index]  # every group holds an instant's local year
        if not found or earliest < found[0].at:
            # The offset in force before the group's first change (or for ever): a plain
            # observance. After a gap in the years, it starts the group (nothing is known
            # of the years between, and no instant needs them).
            offset = _offset(zone, earliest)
            onset = datetime(group[0], 1, 1)
            start = min(_FAR_PAST, onset) if index == 0 else onset
            name = earliest.astimezone(zone).tzname()
            result.append(Observance(False, start, offset, offset, name, None))
        changes.extend(found)

    # Changes in the same direction (to daylight, to standard, or a one-off offset change)
    # form series; each series is cut into runs of consecutive years sharing one rule.
    series: dict[tuple[timedelta, timedelta, bool], list[Transition]] = {}
    for change in changes:
        series.setdefault((change.offset_from, change.offset_to, change.daylight), []).append(
            change
        )
    for members in series.values():
        result.extend(_runs(members, years[-1]))
    result.sort(key=lambda observance: observance.start)
    return result


def _runs(members: list[Transition], last_year: int) -> list[Observance]:
    runs: list[Observance] = []
    index = 0
    while index < len(members):
        first = members[index]
        candidates = _rules_for(first)
        end = index + 1
        while end < len(members) and members[end].onset.year == members[end - 1].onset.year + 1:
            narrowed = candidates & _rules_for(members[end])
            if not narrowed:
                break
            candidates, end = narrowed, end + 1
        last = members[end - 1]
        recurring = end - index > 1
        if recurring:
            rule = min(candidates, key=_preference)
            # A rule still followed in the last year goes on for ever; one the zone dropped
            # (a later rule, or no more clock changes) stops at its last change. UNTIL is
            # UTC (RFC 5545 3.3.10) and any time from that change to the next year's does:
            # the later of its UTC time and its local time (east of UTC), so that readers
            # comparing UNTIL with the local onset (icalendar 7, dateutil) keep it too.
            still_followed = end == len(members) and last.onset.year == last_year
            until_at = last.at + max(last.offset_from, timedelta(0))
            until = None if still_followed else until_at.replace(tzinfo=UTC)
            rrule: dict[str, object] | None = rule.as_rrule(until)
        else:
            rrule = None  # a one-off change: an onset without a rule (not an RDATE list)
        runs.append(
            Observance(
                daylight=first.daylight,
                start=first.onset,
                offset_from=first.offset_from,
                offset_to=first.offset_to,
                name=first.name,
                rrule=rrule,
            )
        )
        index = end
    return runs
