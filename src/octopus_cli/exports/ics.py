"""The iCalendar export: one VEVENT per session, times with a TZID and its VTIMEZONE.

Two exports of the same programme are byte-identical: UIDs come from the programme and
the session id, DTSTAMP from the programme's version date, and SEQUENCE from the version
in which the session last changed (`revisions`, from the history of versions octopus has
seen: `store/snapshots.py`), else from the programme's version date. Sessions gone from the
programme (`cancelled`) are written last, as their events were, with STATUS:CANCELLED and
the higher SEQUENCE their history gives them, so that calendars remove them. The file is written
with `icalwriter` (importing icalendar would cost more than the whole export)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from ..core.i18n import _, ngettext
from ..core.models import Organiser, Programme, Session
from ..core.text import export_text
from .icalwriter import Component
from .parallel import parallel_summary
from .vtimezone import observances

PRODID = "-//octopus-cli//Octopus conference schedule//EN"
# An event's description names at most this many of the sessions running beside it, then
# says how many more there are: the file grows with the programme, not with its square.
PARALLEL_LISTED = 10


def event_uid(programme: Programme, session: Session) -> str:
    """The same for a session in every export, whatever the filters, zone or format."""
    return f"{session.id}.{programme.key}@octopus-cli"


def version_stamp(programme: Programme) -> datetime:
    """DTSTAMP: when this version of the programme was published (midnight UTC)."""
    conference = programme.conference
    published = conference.programme_version or conference.start_date
    return datetime.combine(published, time(), tzinfo=UTC)


def sequence(programme: Programme) -> int:
    """The SEQUENCE of a session without a recorded history: the programme's version date
    (20211004). A session that changes in a later version gets that version's, so calendars
    that imported it update that event, and only that one."""
    published: date | None = programme.conference.programme_version
    return int(published.strftime("%Y%m%d")) if published else 0


def calendar_bytes(
    programme: Programme,
    sessions: Sequence[Session],
    zone: ZoneInfo | None,
    *,
    alarms: Sequence[timedelta] = (),
    subset: str | None = None,
    revisions: Mapping[str, int] | None = None,
    cancelled: Sequence[tuple[Session, int]] = (),
) -> bytes:
    """The .ics file. `zone` None writes UTC times and no VTIMEZONE; `subset` names the
    selection in the calendar's display name; `revisions` gives sessions their SEQUENCE;
    `cancelled` are sessions gone from the programme, each with its SEQUENCE."""
    conference = programme.conference
    name = export_text(f"{conference.name} ({subset})" if subset else conference.name)
    # Properties are added in the order icalendar 7 wrote them (its canonical order, then
    # alphabetical), so the files are the same as those of earlier versions.
    calendar = Component("VCALENDAR")
    calendar.text("VERSION", "2.0")
    calendar.text("PRODID", PRODID)
    calendar.text("CALSCALE", "GREGORIAN")
    organiser = organiser_address(programme)
    if organiser is not None:
        # RFC 5546 3.2.1: every VEVENT of a PUBLISH has an ORGANIZER. Without the
        # organiser's address the file is a plain calendar, with no iTIP method at all.
        calendar.text("METHOD", "PUBLISH")
    calendar.text("NAME", name)
    calendar.text("X-WR-CALNAME", name)
    if zone is not None:
        calendar.text("X-WR-TIMEZONE", zone.key)
        if sessions or cancelled:
            every = [*sessions, *(gone for gone, _number in cancelled)]
            instants = [moment for s in every for moment in (s.start, s.end)]
            calendar.add(timezone_component(zone, instants))

    parallel = parallel_summary(programme.sessions, PARALLEL_LISTED)
    position = {s.id: index for index, s in enumerate(programme.sessions)}
    stamp, revision = version_stamp(programme), sequence(programme)
    for session in sessions:
        beside = parallel.get(position.get(session.id, -1))
        others, count = (beside.first, beside.total) if beside else ([], 0)
        number = revisions.get(session.id, revision) if revisions else revision
        event = _event(programme, session, zone or UTC, others, stamp, number, alarms, count)
        calendar.add(event)
    for session, number in cancelled:  # no reminder, nothing beside it: it will not happen
        calendar.add(_event(programme, session, zone or UTC, [], stamp, number, (), 0, True))
    return calendar.to_ical()


def organiser_address(programme: Programme) -> Organiser | None:
    """The organiser, when the programme gives an e-mail address to write as ORGANIZER."""
    organiser = programme.conference.organiser
    email = organiser.email if organiser else None
    if organiser is None or not email or "@" not in email or any(c.isspace() for c in email):
        return None
    return organiser


def _event(
    programme: Programme,
    session: Session,
    zone: tzinfo,
    parallel: Sequence[Session],
    stamp: datetime,
    revision: int,
    alarms: Sequence[timedelta],
    parallel_count: int,
    cancelled: bool = False,
) -> Component:
    event = Component("VEVENT")
    summary = export_text(session.display_title)
    event.text("SUMMARY", summary)
    event.date_time("DTSTART", session.start.astimezone(zone))
    event.date_time("DTEND", session.end.astimezone(zone))
    event.date_time("DTSTAMP", stamp)
    event.text("UID", event_uid(programme, session))
    event.integer("SEQUENCE", revision)
    event.texts("CATEGORIES", [export_text(c) for c in (session.kind, *session.tags)])
    event.text("DESCRIPTION", export_text(describe(programme, session, parallel, parallel_count)))
    if session.track_name:  # the room, as the schedule names it
        event.text("LOCATION", export_text(session.track_name))
    elif programme.conference.online:
        event.text("LOCATION", _("Online"))
    organiser = organiser_address(programme)
    if organiser is not None and organiser.email:
        event.cal_address("ORGANIZER", f"mailto:{organiser.email}", common_name=organiser.name)
    if cancelled:
        event.text("STATUS", "CANCELLED")  # RFC 5545 3.8.1.11: what clients act on
    if session.is_break or cancelled:
        event.text("TRANSP", "TRANSPARENT")  # a break, or what will not happen, leaves one free
    url = session.url or programme.conference.url
    if url:
        event.uri("URL", url)
    for before in alarms:
        alarm = event.add(Component("VALARM"))
        alarm.text("ACTION", "DISPLAY")
        alarm.text("DESCRIPTION", summary)
        alarm.duration("TRIGGER", -before)
    return event


def describe(
    programme: Programme,
    session: Session,
    parallel: Sequence[Session],
    parallel_count: int | None = None,
) -> str:
    """The event's DESCRIPTION: what the session is, its agenda, what runs beside it (the
    first PARALLEL_LISTED of `parallel`, then how many more of `parallel_count` in all).
    octopus's own words are in the active language; the programme's text as it is."""
    parts = [session.subtitle] if session.subtitle else []
    if session.persons:
        parts.append(_("Speakers: {speakers}").format(speakers=", ".join(session.persons)))
    if session.description:
        parts.append(session.description)
    if session.details:
        parts.append(session.details)
    if session.agenda:
        parts.append(_("Agenda:") + "\n" + "\n".join(f"- {item}" for item in session.agenda))
    if parallel:
        listed = parallel[:PARALLEL_LISTED]
        lines = [f"- {other.display_title}" for other in listed]
        more = max(len(parallel), parallel_count or 0) - len(listed)
        if more:
            lines.append(
                ngettext("… and {count} more", "… and {count} more", more).format(count=more)
            )
        parts.append(_("In parallel:") + "\n" + "\n".join(lines))
    where = [programme.conference.name, session.place]
    if session.label:
        where.append(session.label)
    parts.append(" · ".join(where))
    return "\n\n".join(parts)


def timezone_component(zone: ZoneInfo, instants: Sequence[datetime]) -> Component:
    """A VTIMEZONE for `zone` in the RRULE form, correct for the years of `instants`."""
    component = Component("VTIMEZONE")
    component.text("TZID", zone.key)
    for observance in observances(zone, instants):
        part = component.add(Component("DAYLIGHT" if observance.daylight else "STANDARD"))
        part.date_time("DTSTART", observance.start)
        if observance.rrule is not None:
            part.recur("RRULE", observance.rrule)
        if observance.name:
            part.text("TZNAME", export_text(observance.name))
        part.utc_offset("TZOFFSETFROM", observance.offset_from)
        part.utc_offset("TZOFFSETTO", observance.offset_to)
    return component
