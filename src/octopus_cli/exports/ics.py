"""The iCalendar export: one VEVENT per session, times with a TZID and its VTIMEZONE.

Two exports of the same programme are byte-identical: UIDs come from the programme and
the session id, DTSTAMP and SEQUENCE from the programme's version date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import icalendar

from ..core.models import Programme, Session
from ..core.overlaps import parallel_index
from ..core.text import export_text
from .vtimezone import observances

PRODID = "-//octopus-cli//Octopus conference schedule//EN"


def event_uid(programme: Programme, session: Session) -> str:
    """The same for a session in every export, whatever the filters, zone or format."""
    return f"{session.id}.{programme.key}@octopus-cli"


def version_stamp(programme: Programme) -> datetime:
    """DTSTAMP: when this version of the programme was published (midnight UTC)."""
    conference = programme.conference
    published = conference.programme_version or conference.start_date
    return datetime.combine(published, time(), tzinfo=UTC)


def sequence(programme: Programme) -> int:
    """SEQUENCE grows with every new version of the programme (20211004), so calendars
    that imported an older version update its events."""
    published: date | None = programme.conference.programme_version
    return int(published.strftime("%Y%m%d")) if published else 0


def calendar_bytes(
    programme: Programme,
    sessions: Sequence[Session],
    zone: ZoneInfo | None,
    *,
    alarms: Sequence[timedelta] = (),
    subset: str | None = None,
) -> bytes:
    """The .ics file. `zone` None writes UTC times and no VTIMEZONE; `subset` names the
    selection in the calendar's display name."""
    conference = programme.conference
    name = export_text(f"{conference.name} ({subset})" if subset else conference.name)
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if zone is not None:
        calendar.add("x-wr-timezone", zone.key)
        if sessions:
            instants = [moment for s in sessions for moment in (s.start, s.end)]
            calendar.add_component(timezone_component(zone, instants))

    parallel = parallel_index(programme.sessions)
    position = {s.id: index for index, s in enumerate(programme.sessions)}
    stamp, revision = version_stamp(programme), sequence(programme)
    for session in sessions:
        others = parallel.get(position.get(session.id, -1), [])
        calendar.add_component(
            _event(programme, session, zone or UTC, others, stamp, revision, alarms)
        )
    data: bytes = calendar.to_ical()
    return data


def _event(
    programme: Programme,
    session: Session,
    zone: tzinfo,
    parallel: Sequence[Session],
    stamp: datetime,
    revision: int,
    alarms: Sequence[timedelta],
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", event_uid(programme, session))
    event.add("dtstamp", stamp)
    event.add("sequence", revision)
    event.add("dtstart", session.start.astimezone(zone))
    event.add("dtend", session.end.astimezone(zone))
    summary = export_text(session.display_title)
    event.add("summary", summary)
    event.add("description", export_text(describe(programme, session, parallel)))
    if programme.conference.online:
        event.add("location", "Online")
    event.add("categories", [export_text(c) for c in (session.kind.value, *session.tags)])
    url = session.url or programme.conference.url
    if url:
        event.add("url", export_text(url))
    for before in alarms:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -before)
        event.add_component(alarm)
    return event


def describe(programme: Programme, session: Session, parallel: Sequence[Session]) -> str:
    """The event's DESCRIPTION: what the session is, its agenda, what runs beside it."""
    parts = []
    if session.description:
        parts.append(session.description)
    if session.agenda:
        parts.append("Agenda:\n" + "\n".join(f"- {item}" for item in session.agenda))
    if parallel:
        parts.append("In parallel:\n" + "\n".join(f"- {o.display_title}" for o in parallel))
    where = [programme.conference.name, f"track {session.track}"]
    if session.label:
        where.append(session.label)
    parts.append(" · ".join(where))
    return "\n\n".join(parts)


def timezone_component(zone: ZoneInfo, instants: Sequence[datetime]) -> icalendar.Timezone:
    """A VTIMEZONE for `zone` in the RRULE form, correct for the years of `instants`."""
    component = icalendar.Timezone()
    component.add("tzid", zone.key)
    for observance in observances(zone, instants):
        part = icalendar.TimezoneDaylight() if observance.daylight else icalendar.TimezoneStandard()
        part.add("dtstart", observance.start)
        part.add("tzoffsetfrom", observance.offset_from)
        part.add("tzoffsetto", observance.offset_to)
        if observance.name:
            part.add("tzname", export_text(observance.name))
        if observance.rrule is not None:
            part.add("rrule", observance.rrule)
        component.add_component(part)
    return component
