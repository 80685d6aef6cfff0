"""frab/pentabarf schedule.xml -> the schedule's raw values (`raw.Schedule`).

schedule > version, conference (title, acronym, start, end, day_change, time_zone_name,
url, base_url), day* (date, start, end) > room* (name) > event* (id, guid; date, start,
duration, room, slug, url, title, subtitle, track, type, language, abstract, description,
persons > person*, links > link*). As pentabarf, frab, pretalx and octopus write it; every
element but the nesting may be missing. An event's room is the <room> it sits in (its own
<room> element only when that one has no name)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ...core.errors import ProgrammeError
from ...core.i18n import _
from .raw import Day, Event, Problems, Schedule
from .safexml import parse_xml

_EVENT_FIELDS = [
    "slug",
    "title",
    "subtitle",
    "type",
    "track",
    "language",
    "abstract",
    "description",
    "url",
    "date",
    "start",
    "duration",
]


def read_xml(data: bytes, source: str, problems: Problems) -> Schedule:
    root = parse_xml(data, source)
    if root.tag != "schedule":
        raise ProgrammeError(
            _(
                "{source} is XML but not a frab schedule: its root is <{root}>, not <schedule>"
            ).format(source=source, root=root.tag[:40]),
            [_("root element <{root}>: expected <schedule>").format(root=root.tag[:40])],
            hint=_("octopus reads the schedule.xml that frab, pentabarf and pretalx publish."),
        )
    schedule = Schedule("XML")
    children = _first_children(root)
    schedule.version = _text(children.get("version"))
    conference = children.get("conference")
    if conference is None:
        problems.add(_("no <conference> element (its title and time zone)"))
    else:
        fields = _first_children(conference)
        schedule.title = _text(fields.get("title"))
        schedule.acronym = _text(fields.get("acronym"))
        schedule.start = _text(fields.get("start"))
        schedule.end = _text(fields.get("end"))
        schedule.day_change = _text(fields.get("day_change"))
        schedule.time_zone_name = _text(fields.get("time_zone_name"))
        schedule.url = _text(fields.get("url"))
        schedule.base_url = _text(fields.get("base_url"))
    number = 0
    rooms: dict[str, None] = {}  # in order of first appearance
    for day_number, day_element in enumerate(root.iterfind("day"), start=1):
        day = Day(
            _("day {number}").format(number=day_element.get("index") or day_number)[:40],
            day_element.get("date"),
            day_element.get("start"),
            day_element.get("end"),
        )
        schedule.days.append(day)
        for room in day_element.iterfind("room"):
            room_name = room.get("name") or ""
            rooms.setdefault(room_name)
            for element in room.iterfind("event"):
                number += 1
                schedule.events.append(_event(element, day, room_name, number))
    schedule.rooms = list(rooms)
    return schedule


def _event(element: ET.Element, day: Day, room_name: str, number: int) -> Event:
    fields = _first_children(element)
    event = Event(number, day, room_name or _text(fields.get("room")) or "")
    for name in _EVENT_FIELDS:
        setattr(event, name, _text(fields.get(name)))
    event.id = element.get("id")
    event.guid = element.get("guid")
    event.code = element.get("code")
    persons = fields.get("persons")
    if persons is not None:
        event.persons = [_text(person) or "" for person in persons.iterfind("person")]
    links = fields.get("links")
    if links is not None:
        event.links = [
            (_text(link) or "", link.get("href") or "") for link in links.iterfind("link")
        ]
    return event


def _first_children(element: ET.Element) -> dict[str, ET.Element]:
    """Each child tag's first element: one pass, however many children there are."""
    found: dict[str, ET.Element] = {}
    for child in element:
        found.setdefault(child.tag, child)
    return found


def _text(element: ET.Element | None) -> str | None:
    """An element's text (markup inside it, if any, as its text); None when absent."""
    if element is None:
        return None
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())
