"""Questions about time over the sessions: a viewer's local day, what is on now and next,
what runs in parallel. Plain functions of aware datetimes; "now" is always a parameter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .i18n import _, day_label, month_label, ngettext
from .models import Programme, Session, utc


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
        return _("{duration} ago").format(duration=format_duration(now - moment))
    if moment - now <= timedelta(days=1):
        return _("in {duration}").format(duration=format_duration(moment - now))
    days = (moment.astimezone(zone).date() - now.astimezone(zone).date()).days
    if days == 1:
        return _("tomorrow")
    return ngettext("in {count} day", "in {count} days", days).format(count=days)


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
        year (a span across years always has both). As a sentence says them after 'ran' or
        'runs' (French: 'du 16 au 18 nov. 2021')."""
        first, last = self.first, self.last
        if first == last:
            # Translators: one day, as in "The conference ran 16 Nov 2021".
            template = _("{day} {month} {year}") if year else _("{day} {month}")
            return template.format(day=first.day, month=month_label(first), year=first.year)
        if (first.year, first.month) == (last.year, last.month):
            # Translators: days of one month, as in "The conference ran 16–18 Nov 2021".
            template = _("{first}–{last} {month} {year}") if year else _("{first}–{last} {month}")
            return template.format(
                first=first.day, last=last.day, month=month_label(last), year=last.year
            )
        if first.year == last.year:
            # Translators: days of two months, as in "The conference ran 30 Nov – 2 Dec 2021".
            template = (
                _("{first} {first_month} – {last} {last_month} {year}")
                if year
                else _("{first} {first_month} – {last} {last_month}")
            )
            return template.format(
                first=first.day,
                first_month=month_label(first),
                last=last.day,
                last_month=month_label(last),
                year=last.year,
            )
        # Translators: days of two years, as in "The conference ran 30 Dec 2021 – 2 Jan 2022".
        return _("{first} {first_month} {first_year} – {last} {last_month} {last_year}").format(
            first=first.day,
            first_month=month_label(first),
            first_year=first.year,
            last=last.day,
            last_month=month_label(last),
            last_year=last.year,
        )


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
    where = place(programme.zone)
    if zone.key != programme.zone.key and local != published:
        mine = local.describe(year=local.last.year != published.last.year)
        where = _in_zone(where, mine, zone)
    return f"{published.describe()} ({where})"


def _in_zone(where: str, when: str, zone: ZoneInfo) -> str:
    """'Paris; 16–19 Nov in Asia/Manila': the conference's place, and a date or time as
    the viewer's zone has it."""
    # Translators: in brackets after a date: the conference's city, then the date in the
    # viewer's time zone: "16–18 Nov 2021 (Paris; 16–19 Nov in Asia/Manila)".
    return _("{place}; {when} in {zone}").format(place=where, when=when, zone=zone.key)


def _at(moment: datetime, programme: Programme, zone: ZoneInfo, *, day_only: bool) -> str:
    """'Tue 16 Nov 2021 at 13:00 (Paris; Tue 16 Nov 20:00 in Asia/Manila)': a moment of the
    conference in its zone, and in the viewer's where that reads differently."""

    def text(where: ZoneInfo, year: bool) -> str:
        local = moment.astimezone(where)
        if day_only:  # the day a session ending at midnight ends is the day before
            local -= timedelta(microseconds=1)
        day = day_label(local.date(), year=year)
        if day_only:
            return day
        # Translators: a day and a time of day: "Tue 16 Nov 2021 at 13:00".
        return _("{day} at {time}").format(day=day, time=f"{local:%H:%M}")

    mine = text(zone, False)
    same = zone.key == programme.zone.key or text(programme.zone, False) == mine
    where = place(programme.zone) if same else _in_zone(place(programme.zone), mine, zone)
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
        return _("Nothing on now or next: the programme has no sessions.")
    first, last = min(s.start for s in sessions), max(s.end for s in sessions)
    if now >= last:
        return _("The conference ended on {day}; nothing is next.").format(
            day=_at(last, programme, zone, day_only=True)
        )
    if selection:
        nothing = _("Nothing on now or next matches {selection}.").format(selection=selection)
    else:
        nothing = _("Nothing on now or next.")
    if now < first:
        # Translators: "The conference starts on Tue 16 Nov 2021 at 09:00 (Paris), in 2 days."
        starts = _("The conference starts on {moment}, {countdown}.").format(
            moment=_at(first, programme, zone, day_only=False), countdown=until(now, first, zone)
        )
        return starts if found else f"{nothing} {starts}"
    if found:
        return None
    until_then = _at(last, programme, zone, day_only=False)
    if not selection and any(utc(s.start) <= utc(now) < utc(s.end) for s in sessions):
        # `next` in the last slot: something is on, nothing follows it.
        return _("Nothing comes next: the last sessions are on now, until {moment}.").format(
            moment=until_then
        )
    runs = _("The conference runs until {moment}.").format(moment=until_then)
    return f"{nothing} {runs}"


def nothing_on_sentence(programme: Programme, day: date, now: datetime, zone: ZoneInfo) -> str:
    """E.g. 'Nothing on Sat 28 Nov 2026 (Europe/Paris). The conference ran 16–18 Nov 2021
    (Paris), 5 years before this date.' The dates are the published ones, and the viewer's
    where they differ; the tense follows the clock, the distance the day asked (both by the
    viewer's dates)."""
    span = conference_span(programme, zone)
    today = now.astimezone(zone).date()
    tense = "past" if today > span.last else "future" if today < span.first else "present"
    if day < span.first:
        relation, distance = "after", _distance(span.first - day)
    elif day > span.last:
        relation, distance = "before", _distance(day - span.last)
    else:
        relation, distance = "during", ""
    where = _conference_sentence(tense, relation).format(
        dates=conference_dates(programme, zone), distance=distance
    )
    nothing = _("Nothing on {day} ({zone}).").format(day=day_label(day), zone=zone.key)
    return f"{nothing} {where}"


def _conference_sentence(tense: str, relation: str) -> str:
    """When the conference ran, runs or is running ({dates}), and how far from the day
    asked ({distance}): each whole sentence, for translators."""
    # Translators: {dates} are "16–18 Nov 2021 (Paris)", {distance} "5 years"; "after this
    # date" says the conference came after the day asked about.
    sentences = {
        ("past", "after"): _("The conference ran {dates}, {distance} after this date."),
        ("past", "before"): _("The conference ran {dates}, {distance} before this date."),
        ("past", "during"): _("The conference ran {dates}; nothing on this day matches."),
        ("future", "after"): _("The conference runs {dates}, {distance} after this date."),
        ("future", "before"): _("The conference runs {dates}, {distance} before this date."),
        ("future", "during"): _("The conference runs {dates}; nothing on this day matches."),
        ("present", "after"): _("The conference is running {dates}, {distance} after this date."),
        ("present", "before"): _("The conference is running {dates}, {distance} before this date."),
        ("present", "during"): _("The conference is running {dates}; nothing on this day matches."),
    }
    return sentences[tense, relation]


def _distance(delta: timedelta) -> str:
    """'5 years', '3 months', '2 weeks', '1 day': how far, in the largest unit that fits."""
    days = delta.days
    if days >= 365:
        count = max(round(days / 365.25), 1)
        return ngettext("{count} year", "{count} years", count).format(count=count)
    if days >= 60:
        count = max(round(days / 30.44), 1)
        return ngettext("{count} month", "{count} months", count).format(count=count)
    if days >= 14:
        count = max(round(days / 7), 1)
        return ngettext("{count} week", "{count} weeks", count).format(count=count)
    count = max(days, 1)
    return ngettext("{count} day", "{count} days", count).format(count=count)
