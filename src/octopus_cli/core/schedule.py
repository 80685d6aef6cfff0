"""Questions about time over the sessions: a viewer's local day, what is on now and next,
what runs in parallel. Plain functions of aware datetimes; "now" is always a parameter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .models import Programme, Session


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants a local calendar day starts and ends (23 or 25 hours on clock-change days)."""
    return datetime.combine(day, time(), zone), datetime.combine(
        day + timedelta(days=1), time(), zone
    )


def overlaps_day(session: Session, day: date, zone: ZoneInfo) -> bool:
    """Does the session run at some moment of the viewer's local `day`?"""
    opens, closes = day_bounds(day, zone)
    return session.start < closes and session.end > opens


def local_dates(session: Session, zone: ZoneInfo) -> list[date]:
    """Every local date the session touches (a session 23:00-00:50 touches two)."""
    first = session.start.astimezone(zone).date()
    last = (session.end.astimezone(zone) - timedelta(microseconds=1)).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def group_by_local_date(
    sessions: Iterable[Session], zone: ZoneInfo
) -> list[tuple[date, list[Session]]]:
    """Sessions grouped under the viewer's local date of their start, in order."""
    groups: dict[date, list[Session]] = {}
    for session in sessions:
        groups.setdefault(session.start.astimezone(zone).date(), []).append(session)
    return sorted(groups.items())


def in_progress(sessions: Iterable[Session], now: datetime) -> list[Session]:
    return [s for s in sessions if s.start <= now < s.end]


def upcoming(sessions: Iterable[Session], now: datetime, count: int) -> list[Session]:
    later = sorted((s for s in sessions if s.start > now), key=lambda s: (s.start, s.track))
    return later[:count]


def parallel_to(programme: Programme, session: Session) -> list[Session]:
    """Other sessions that overlap this one in time (what a reader would have to choose from)."""
    from .overlaps import NO_TIME, overlap

    return [
        other
        for other in programme.sessions
        if other.id != session.id and overlap(other, session) > NO_TIME
    ]


def day_offset(moment: datetime, zone: ZoneInfo, reference: date) -> int:
    """How many days the local date of `moment` lies after `reference` (for '+1d' marks)."""
    return (moment.astimezone(zone).date() - reference).days


@dataclass(frozen=True)
class Span:
    """When the conference runs, for sentences about days that have nothing."""

    first: date
    last: date

    def describe(self) -> str:
        if self.first == self.last:
            return f"{self.first.day} {self.first:%b %Y}"
        if (self.first.year, self.first.month) == (self.last.year, self.last.month):
            return f"{self.first.day}-{self.last.day} {self.last:%b %Y}"
        if self.first.year == self.last.year:
            return f"{self.first.day} {self.first:%b} - {self.last.day} {self.last:%b %Y}"
        return f"{self.first.day} {self.first:%b %Y} - {self.last.day} {self.last:%b %Y}"


def conference_span(programme: Programme, zone: ZoneInfo) -> Span:
    """The viewer's local dates from the first session to the last (the conference's own
    dates for a programme without sessions)."""
    if not programme.sessions:
        return Span(programme.conference.start_date, programme.conference.end_date)
    first = min(s.start for s in programme.sessions).astimezone(zone).date()
    last = max(local_dates(s, zone)[-1] for s in programme.sessions)
    return Span(first, last)


def nothing_on_sentence(programme: Programme, day: date, now: datetime, zone: ZoneInfo) -> str:
    """E.g. 'Nothing on Sat 28 Nov 2026. The conference ran 16-18 Nov 2021, 5 years before this
    date.' Dates are the viewer's; the tense follows the clock, the distance the day asked."""
    span = conference_span(programme, zone)
    today = now.astimezone(zone).date()
    if today > span.last:
        verb = "ran"
    elif today < span.first:
        verb = "runs"
    else:
        verb = "is running"
    where = f"The conference {verb} {span.describe()}"
    if day < span.first:
        relation = f", {_distance(span.first - day)} after this date."
    elif day > span.last:
        relation = f", {_distance(day - span.last)} before this date."
    else:
        relation = "; nothing on this day matches."
    return f"Nothing on {day:%a} {day.day} {day:%b %Y} ({zone.key}). {where}{relation}"


def _distance(delta: timedelta) -> str:
    days = delta.days
    if days >= 365:
        count, unit = round(days / 365.25), "year"
    elif days >= 60:
        count, unit = round(days / 30.44), "month"
    elif days >= 14:
        count, unit = round(days / 7), "week"
    else:
        count, unit = days, "day"
    count = max(count, 1)
    return f"{count} {unit}{'s' if count != 1 else ''}"
