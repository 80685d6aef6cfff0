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


def next_slots(sessions: Iterable[Session], now: datetime, count: int) -> list[list[Session]]:
    """The next `count` slots after `now`. A slot is every session that starts at one moment,
    so parallel sessions come together and none is cut off. A slot of breaks only is not
    counted (a break is not what an attendee means by "next"): the slot after it comes too."""
    slots: list[list[Session]] = []
    for session in sorted((s for s in sessions if s.start > now), key=_slot_order):
        if slots and slots[-1][0].start == session.start:
            slots[-1].append(session)
        else:
            slots.append([session])
    chosen: list[list[Session]] = []
    counted = 0
    for slot in slots:
        if counted == count:
            break
        chosen.append(slot)
        counted += not all(s.is_break for s in slot)
    return chosen


def _slot_order(session: Session) -> tuple[datetime, int, str]:
    return session.start, session.track, session.id


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


def until(now: datetime, moment: datetime, zone: ZoneInfo) -> str:
    """A countdown: 'in 1h 30m'; more than a day ahead, in the viewer's calendar days
    ('tomorrow', 'in 15 days'), as the date shown beside it counts them; '35m ago'."""
    from .clock import format_duration

    if moment < now:
        return f"{format_duration(now - moment)} ago"
    if moment - now <= timedelta(days=1):
        return f"in {format_duration(moment - now)}"
    days = (moment.astimezone(zone).date() - now.astimezone(zone).date()).days
    return "tomorrow" if days == 1 else f"in {days} days"


def place(zone: ZoneInfo) -> str:
    """A zone as a sentence names it: 'Paris' for Europe/Paris, 'Buenos Aires', 'UTC'."""
    return zone.key.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True)
class Span:
    """The first and last date of the conference, published or as a viewer lives them."""

    first: date
    last: date

    def describe(self, *, year: bool = True) -> str:
        """'16–18 Nov 2021', '30 Nov – 2 Dec 2021', '16 Nov 2021'; '16–19 Nov' without the
        year (a span across years always has both)."""
        first, last = self.first, self.last
        y = f" {last.year}" if year else ""
        if first == last:
            return f"{first.day} {first:%b}{y}"
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{last.day} {last:%b}{y}"
        if first.year == last.year:
            return f"{first.day} {first:%b} – {last.day} {last:%b}{y}"
        return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def conference_span(programme: Programme, zone: ZoneInfo) -> Span:
    """The viewer's local dates from the first session to the last (the conference's own
    dates for a programme without sessions)."""
    if not programme.sessions:
        return published_span(programme)
    first = min(s.start for s in programme.sessions).astimezone(zone).date()
    last = max(local_dates(s, zone)[-1] for s in programme.sessions)
    return Span(first, last)


def published_span(programme: Programme) -> Span:
    """The conference's dates as published, in its own zone."""
    return Span(programme.conference.start_date, programme.conference.end_date)


def conference_dates(programme: Programme, zone: ZoneInfo) -> str:
    """'16–18 Nov 2021 (Paris)': the published dates, and the viewer's own where they
    differ: '16–18 Nov 2021 (Paris; 16–19 Nov in Asia/Manila)'."""
    published, local = published_span(programme), conference_span(programme, zone)
    text = f"{published.describe()} ({place(programme.zone)}"
    if zone.key != programme.zone.key and local != published:
        text += f"; {local.describe(year=local.last.year != published.last.year)} in {zone.key}"
    return text + ")"


def _at(moment: datetime, programme: Programme, zone: ZoneInfo, *, day_only: bool) -> str:
    """'Tue 16 Nov 2021 at 13:00 (Paris; Tue 16 Nov 20:00 in Asia/Manila)': a moment of the
    conference in its zone, and in the viewer's where that reads differently."""

    def text(where: ZoneInfo, year: bool) -> str:
        local = moment.astimezone(where)
        if day_only:  # the day a session ending at midnight ends is the day before
            local -= timedelta(microseconds=1)
        day = f"{local:%a} {local.day} {local:%b}" + (f" {local.year}" if year else "")
        return day if day_only else f"{day} at {local:%H:%M}"

    mine = text(zone, False)
    same = zone.key == programme.zone.key or text(programme.zone, False) == mine
    where = place(programme.zone) + ("" if same else f"; {mine} in {zone.key}")
    return f"{text(programme.zone, True)} ({where})"


def moment_sentence(
    programme: Programme,
    now: datetime,
    zone: ZoneInfo,
    *,
    found: bool,
    selection: str | None = None,
) -> str | None:
    """What `now` and `next` say beside (or instead of) sessions: that the conference ended,
    when it starts, or that nothing chosen is on; None when the sessions say it all.
    `found`: whether any session is on now or next; `selection` names the filters."""
    sessions = programme.sessions
    if not sessions:
        return "Nothing on now or next: the programme has no sessions."
    first, last = min(s.start for s in sessions), max(s.end for s in sessions)
    if now >= last:
        return (
            f"The conference ended on {_at(last, programme, zone, day_only=True)}; nothing is next."
        )
    nothing = "Nothing on now or next" + (f" matches {selection}." if selection else ".")
    if now < first:
        starts = f"The conference starts on {_at(first, programme, zone, day_only=False)}"
        starts += f", {until(now, first, zone)}."
        return starts if found else f"{nothing} {starts}"
    if found:
        return None
    return f"{nothing} The conference runs until {_at(last, programme, zone, day_only=False)}."


def nothing_on_sentence(programme: Programme, day: date, now: datetime, zone: ZoneInfo) -> str:
    """E.g. 'Nothing on Sat 28 Nov 2026 (Europe/Paris). The conference ran 16–18 Nov 2021
    (Paris), 5 years before this date.' The dates are the published ones, and the viewer's
    where they differ; the tense follows the clock, the distance the day asked (both by the
    viewer's dates)."""
    span = conference_span(programme, zone)
    today = now.astimezone(zone).date()
    if today > span.last:
        verb = "ran"
    elif today < span.first:
        verb = "runs"
    else:
        verb = "is running"
    where = f"The conference {verb} {conference_dates(programme, zone)}"
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
