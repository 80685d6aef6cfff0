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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FAR_PAST = datetime(1970, 1, 1)  # onset of a zone's only observance


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
    step = timedelta(days=1)
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    offset = _offset(zone, moment)
    while moment < end:
        following = moment + step
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
    rest of their years). The year before the first is included, so that the observance in
    force at the first instant has its onset in the file."""
    years = sorted({instant.astimezone(zone).year for instant in instants})
    if not years:
        return []
    first_year, last_year = years[0] - 1, years[-1]
    changes = transitions(zone, first_year, last_year)
    earliest = min(instants)
    result: list[Observance] = []
    if not changes or earliest < changes[0].at:
        # The offset in force before the first change (or for ever): one plain observance.
        offset = _offset(zone, earliest)
        name = earliest.astimezone(zone).tzname()
        result.append(Observance(False, _FAR_PAST, offset, offset, name, None))

    # Changes in the same direction (to daylight, to standard, or a one-off offset change)
    # form series; each series is cut into runs of consecutive years sharing one rule.
    series: dict[tuple[timedelta, timedelta, bool], list[Transition]] = {}
    for change in changes:
        series.setdefault((change.offset_from, change.offset_to, change.daylight), []).append(
            change
        )
    for members in series.values():
        result.extend(_runs(members, last_year))
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
            # (a later rule, or no more clock changes) stops at its last change.
            still_followed = end == len(members) and last.onset.year == last_year
            until = None if still_followed else last.at.replace(tzinfo=UTC)
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
