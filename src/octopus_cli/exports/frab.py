"""The frab/Pentabarf `schedule.xml` export read by Giggity, EventFahrplan, ConfClerk and
pyfahrplan: conference, then one <day> per date, one <room> per track, the events.

ElementTree escapes text and attributes, so no data can break out of its element."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .. import __version__
from ..core.models import Programme, Session
from ..core.text import export_text
from .ics import event_uid

# guids are UUIDv5 of the iCalendar UID: stable, and the same session in both exports.
_NAMESPACE = uuid.UUID("8d5f0a52-5c6e-4b8e-9d0e-6f3c2b1a7e10")


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
    # Event ids are positions in the whole programme: the same whatever the selection.
    number = {s.id: index for index, s in enumerate(programme.sessions, start=1)}

    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="octopus-cli", version=__version__)
    version = conference.programme_version
    _text(root, "version", version.isoformat() if version else "1")
    head = ET.SubElement(root, "conference")
    _text(head, "title", conference.name)
    # The schema wants at least four characters: 'ccc' becomes 'ccc-conf'.
    key = programme.key
    _text(head, "acronym", key if len(key) >= 4 else f"{key}-conf")
    days = _days(programme, sessions, zone)
    _text(head, "start", days[0].isoformat())
    _text(head, "end", days[-1].isoformat())
    _text(head, "days", str(len(days)))
    if conference.url and conference.url.startswith(("http://", "https://")):
        _text(head, "url", conference.url)
    _text(head, "time_zone_name", zone.key)

    tracks = sorted({s.track for s in sessions})
    for index, day in enumerate(days, start=1):
        todays = [s for s in sessions if s.start.astimezone(zone).date() == day]
        midnight = datetime.combine(day, time(), tzinfo=zone)
        first = min((s.start for s in todays), default=midnight).astimezone(zone)
        last = max((s.end for s in todays), default=midnight + timedelta(days=1))
        element = ET.SubElement(
            root,
            "day",
            index=str(index),
            date=day.isoformat(),
            start=first.isoformat(),
            end=last.astimezone(zone).isoformat(),
        )
        for track in tracks:
            room = ET.SubElement(element, "room", name=f"Track {track}")
            for session in (s for s in todays if s.track == track):
                _event(room, programme, session, zone, number[session.id])
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _days(programme: Programme, sessions: Sequence[Session], zone: ZoneInfo) -> list[date]:
    """The conference days, widened to every local date a session starts on in `zone`."""
    conference = programme.conference
    starts = [s.start.astimezone(zone).date() for s in sessions]
    first = min([conference.start_date, *starts])
    last = max([conference.end_date, *starts])
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _event(
    room: ET.Element, programme: Programme, session: Session, zone: ZoneInfo, number: int
) -> None:
    start = session.start.astimezone(zone)
    event = ET.SubElement(room, "event", id=str(number), guid=session_guid(programme, session))
    _text(event, "room", f"Track {session.track}")
    _text(event, "title", session.display_title)
    _text(event, "type", session.kind.value)
    # Apps show <date>; <start> must agree with it (both in `zone`).
    _text(event, "date", start.isoformat())
    _text(event, "start", f"{start:%H:%M}")
    _text(event, "duration", _hhmm(session.duration))
    _text(event, "abstract", session.description)
    _text(event, "track", session.kind.value.replace("-", " ").capitalize())
    if session.agenda:
        _text(event, "description", "\n".join(f"- {item}" for item in session.agenda))
    if session.url and session.url.startswith(("http://", "https://")):
        _text(event, "url", session.url)
