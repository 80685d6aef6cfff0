"""The frab/Pentabarf `schedule.xml` export read by Giggity, EventFahrplan, ConfClerk and
pyfahrplan: conference, then one <day> per date that has sessions, one <room> per track, the
events.

ElementTree escapes text and attributes, so no data can break out of its element."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .. import __version__
from ..core.errors import InputError
from ..core.i18n import _
from ..core.models import Programme, Session
from ..core.text import export_text, printable
from .ics import event_uid

# guids are UUIDv5 of the iCalendar UID: stable, and the same session in both exports.
_NAMESPACE = uuid.UUID("8d5f0a52-5c6e-4b8e-9d0e-6f3c2b1a7e10")
# <conference><day_change>: days change at midnight, so a <day> is a calendar date.
DAY_CHANGE = "00:00"
_LONGEST = timedelta(hours=99, minutes=59)
_ROOMS_WRITTEN = 10_000  # at most this many <room>s written only to keep columns aligned


def session_guid(programme: Programme, session: Session) -> str:
    return str(uuid.uuid5(_NAMESPACE, event_uid(programme, session)))


def _hhmm(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = export_text(value)
    return element


def schedule_bytes(programme: Programme, sessions: Sequence[Session], zone: ZoneInfo) -> bytes:
    """schedule.xml for `sessions`, with days and times in `zone`."""
    conference = programme.conference
    for session in sessions:
        if session.duration > _LONGEST:
            raise InputError(
                _(
                    "frab XML cannot hold session '{id}': it lasts {length}, and frab "
                    "durations are HH:MM (at most 99:59)"
                ).format(id=printable(session.id), length=_length(session.duration)),
                _("Export it as .ics, JSON or CSV, or leave it out of the selection."),
            )
    number = event_ids(programme)
    # A <day> for each date a session starts on, in `zone`, and only those: never a loop
    # over the dates in between, which may be millennia.
    by_day: dict[date, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(_written(session.start, zone).date(), []).append(session)
    days = sorted(by_day)

    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="octopus-cli", version=__version__)
    version = conference.programme_version
    release = conference.programme_release or (version.isoformat() if version else "1")
    _text(root, "version", release)
    head = ET.SubElement(root, "conference")
    _text(head, "title", conference.name)
    # The programme's own acronym, else its key (read back, either gives the same key). The
    # schema wants at least four characters: 'ccc' becomes 'ccc-conf'.
    acronym = conference.acronym or programme.key
    _text(head, "acronym", acronym if len(acronym) >= 4 else f"{acronym}-conf")
    first, last = (days[0], days[-1]) if days else (conference.start_date, conference.end_date)
    _text(head, "start", first.isoformat())
    _text(head, "end", last.isoformat())
    _text(head, "days", str(len(days)))
    # Each <day> is a calendar date in `zone`, midnight to midnight. Readers that file
    # sessions by time (ConfClerk) otherwise assume the day changes at 04:00 and put a
    # session at 01:00 under the day before. The c3voc schema lacks this element; frab and
    # pentabarf write it (the one extension of the schema, see the README).
    _text(head, "day_change", DAY_CHANGE)
    if conference.url and conference.url.startswith(("http://", "https://")):
        _text(head, "url", conference.url)
    _text(head, "time_zone_name", zone.key)

    room_names = {s.track: room_name(s) for s in sessions}
    tracks = sorted(room_names)
    # Every day lists the room of every track, as frab does, so apps keep their columns;
    # unless that alone would make the file huge (thousands of days times thousands of
    # tracks): then a day lists the rooms it uses.
    every_room = len(days) * len(tracks) <= _ROOMS_WRITTEN
    for index, day in enumerate(days, start=1):
        todays = by_day[day]
        in_room: dict[int, list[Session]] = {}
        for session in todays:
            in_room.setdefault(session.track, []).append(session)
        first_start = _written(min(s.start for s in todays), zone)
        last_end = _written(max(s.end for s in todays), zone)
        element = ET.SubElement(
            root,
            "day",
            index=str(index),
            date=day.isoformat(),
            start=first_start.isoformat(),
            end=last_end.isoformat(),
        )
        for track in tracks if every_room else sorted(in_room):
            room = ET.SubElement(element, "room", name=room_names[track])
            for session in in_room.get(track, []):
                _event(room, programme, session, zone, number[session.id])
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _written(moment: datetime, zone: ZoneInfo) -> datetime:
    """`moment` in `zone`, as the file writes it. An offset of seconds (local mean time,
    before 1912 in Paris) cannot be written (the schema's offsets are HH:MM): the same
    instant is written at the offset cut to whole minutes, and so are <start> and <day>."""
    local = moment.astimezone(zone)
    offset = local.utcoffset() or timedelta(0)
    if offset % timedelta(minutes=1):
        minutes = timedelta(minutes=int(offset.total_seconds() / 60))
        local = moment.astimezone(timezone(minutes))
    return local


def room_name(session: Session) -> str:
    """A session's room as readers show it: the track's name ('Saal 1'), else 'Track 2'
    (a column of the printed programme)."""
    return session.track_name or f"Track {session.track}"


def event_ids(programme: Programme) -> dict[str, int]:
    """Each session's frab event id (an integer, stable whatever the selection): its own
    id where that is a number (a schedule octopus read keeps its ids), else its position
    in the whole programme, after the largest numeric id."""
    numeric = {s.id: int(s.id) for s in programme.sessions if s.id.isdigit()}
    if len(set(numeric.values())) < len(numeric):  # '007' and '7': positions for all
        numeric = {}
    start = max(numeric.values(), default=0)
    others = (s.id for s in programme.sessions if s.id not in numeric)
    return numeric | {ident: start + n for n, ident in enumerate(others, start=1)}


def _length(length: timedelta) -> str:
    days, rest = divmod(int(length.total_seconds()) // 60, 24 * 60)
    return (f"{days} days " if days else "") + f"{rest // 60}:{rest % 60:02d}"


def _event(
    room: ET.Element, programme: Programme, session: Session, zone: ZoneInfo, number: int
) -> None:
    start = _written(session.start, zone)
    event = ET.SubElement(room, "event", id=str(number), guid=session_guid(programme, session))
    _text(event, "room", room_name(session))
    _text(event, "title", session.display_title)
    if session.subtitle:
        _text(event, "subtitle", session.subtitle)
    # What kind of session it is; the track is the programme's column.
    _text(event, "type", session.kind)
    # Apps show <date>; <start> must agree with it (both in `zone`), and ConfClerk files
    # the event by its <day>'s date and <start>, which agree with <date> too.
    _text(event, "date", start.isoformat())
    _text(event, "start", f"{start:%H:%M}")
    _text(event, "duration", _hhmm(session.duration))
    _text(event, "abstract", session.description)
    _text(event, "track", room_name(session))
    if session.persons:
        persons = ET.SubElement(event, "persons")
        for person in session.persons:
            _text(persons, "person", person)
    if session.language:
        _text(event, "language", session.language)
    # The agenda as '- item' lines, which octopus reads back as an agenda.
    agenda = "\n".join(f"- {item}" for item in session.agenda)
    details = "\n\n".join(part for part in (session.details, agenda) if part)
    if details:
        _text(event, "description", details)
    url = session.url if session.url and session.url.startswith(("http://", "https://")) else None
    addresses = [(link.title, link.url) for link in session.links]
    if url and url not in (address for _, address in addresses):
        addresses.insert(0, (url, url))
    if addresses:
        # ConfClerk reads only <links>; others read <url>. Both, with the same address.
        links = ET.SubElement(event, "links")
        for title, address in addresses:
            _text(links, "link", title).set("href", export_text(address))
    if url:
        _text(event, "url", url)
