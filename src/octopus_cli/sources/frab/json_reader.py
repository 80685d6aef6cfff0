"""frab/pretalx schedule.json -> the schedule's raw values (`raw.Schedule`).

{"schedule": {"version", "base_url", "conference": {"acronym", "title", "start", "end",
"time_zone_name", "url", "rooms": [{"name"}], "days": [{"index", "date", "day_start",
"day_end", "rooms": {"Room name": [event, ...]}}]}}}, each event an object with id,
guid, code, date, start, duration, room, slug, url, title, subtitle, track, type,
language, abstract, description, persons [{name | public_name}], links [{url, title}].

JSON can put anything anywhere: every value is checked for its type, and a wrong one is a
problem naming the event (or the day) and the field, never a KeyError or TypeError."""

from __future__ import annotations

import json

from ...core.errors import ProgrammeError
from ...core.i18n import _
from .raw import Day, Event, Problems, Schedule

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

_TEXT_FIELDS = [
    "guid",
    "slug",
    "code",
    "subtitle",
    "type",
    "track",
    "language",
    "abstract",
    "description",
    "url",
]
_TIME_FIELDS = ("date", "start", "duration", "end")


def _hint() -> str:
    return _("octopus reads the schedule.json that frab and pretalx publish.")


def read_json(data: bytes, source: str, problems: Problems) -> Schedule:
    document = _load(data, source)
    body = document.get("schedule") if isinstance(document, dict) else None
    if not isinstance(body, dict):
        if isinstance(document, dict):
            message = _(
                "{source} is JSON but not a frab/pretalx schedule: it is an object without a "
                '"schedule" object'
            )
        else:
            message = _(
                "{source} is JSON but not a frab/pretalx schedule: it is {kind}, not a "
                '"schedule" object'
            )
        raise ProgrammeError(
            message.format(source=source, kind=_kind(document)),
            [_('expected {{"schedule": {{"conference": ...}}}}').format()],
            hint=_hint(),
        )
    schedule = Schedule("JSON")
    schedule.version = _string(body, "version", "schedule", problems, numbers=True)
    schedule.base_url = _string(body, "base_url", "schedule", problems)
    conference = body.get("conference")
    if not isinstance(conference, dict):
        problems.add(
            _("schedule: conference: must be an object, not {kind}").format(kind=_kind(conference))
        )
        return schedule
    where = "conference"
    schedule.title = _string(conference, "title", where, problems)
    schedule.acronym = _string(conference, "acronym", where, problems)
    schedule.start = _string(conference, "start", where, problems)
    schedule.end = _string(conference, "end", where, problems)
    schedule.time_zone_name = _string(conference, "time_zone_name", where, problems)
    schedule.url = _string(conference, "url", where, problems)
    schedule.day_change = _string(conference, "day_change", where, problems)
    schedule.rooms = _rooms(conference.get("rooms"), problems)
    days = conference.get("days")
    if not isinstance(days, list):
        problems.add(_("conference: days: must be a list, not {kind}").format(kind=_kind(days)))
        return schedule
    for number, raw_day in enumerate(days, start=1):
        _day(raw_day, number, schedule, problems)
    return schedule


def _load(data: bytes, source: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ProgrammeError(
            _("{source} is not UTF-8 text (line {line})").format(source=source, line=line),
            [_("line {line}: not UTF-8 (byte {byte})").format(line=line, byte=error.start)],
            hint=_hint(),
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ProgrammeError(
            _("{source} is not valid JSON (line {line}): {reason}").format(
                source=source, line=error.lineno, reason=error.msg
            ),
            [
                _("line {line}, column {column}: {reason}").format(
                    line=error.lineno, column=error.colno, reason=error.msg
                )
            ],
            hint=_(
                "Check that the file is the schedule.json itself, not an error page, and whole."
            ),
        ) from None
    except RecursionError:
        raise ProgrammeError(
            _("{source} is nested too deeply to read").format(source=source),
            [_("{source}: JSON nested too deeply").format(source=source)],
        ) from None
    except ValueError as error:  # an integer of thousands of digits, which Python refuses
        raise ProgrammeError(
            _("{source}: a value octopus cannot read").format(source=source),
            [str(error).split(";")[0]],
        ) from None


def _rooms(value: Any, problems: Problems) -> list[str]:
    """The declared room order: conference.rooms, [{"name": ...}] (or plain names)."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(_("conference: rooms: must be a list, not {kind}").format(kind=_kind(value)))
        return []
    names: dict[str, None] = {}
    for number, room in enumerate(value, start=1):
        name = room.get("name") if isinstance(room, dict) else room
        if isinstance(name, str):
            names.setdefault(name)
        else:
            problems.add(
                _("conference: rooms: room #{number}: its name must be text").format(number=number)
            )
    return list(names)


def _day(raw_day: Any, number: int, schedule: Schedule, problems: Problems) -> None:
    if not isinstance(raw_day, dict):
        problems.add(
            _("day #{number}: must be an object, not {kind}").format(
                number=number, kind=_kind(raw_day)
            )
        )
        return
    index = raw_day.get("index")
    if isinstance(index, int) and not isinstance(index, bool):
        where = _("day {number}").format(number=index)
    else:
        where = _("day #{number}").format(number=number)
    day = Day(where)
    day.date = _string(raw_day, "date", where, problems)
    day.start = _string(raw_day, "day_start", where, problems)
    day.end = _string(raw_day, "day_end", where, problems)
    schedule.days.append(day)
    rooms = raw_day.get("rooms")
    if rooms is None:
        return
    if not isinstance(rooms, dict):
        problems.add(
            _('{where}: rooms: must be an object ({{"Room": [events]}}), not {kind}').format(
                where=where, kind=_kind(rooms)
            )
        )
        return
    for room_name, events in rooms.items():
        if not isinstance(events, list):
            problems.add(
                _('{where}: room "{room}": must be a list of events').format(
                    where=where, room=room_name[:40]
                )
            )
            continue
        for raw_event in events:
            number_in_file = len(schedule.events) + 1
            if not isinstance(raw_event, dict):
                problems.add(
                    _(
                        '{where}: room "{room}": event #{number} must be an object, not {kind}'
                    ).format(
                        where=where,
                        room=room_name[:40],
                        number=number_in_file,
                        kind=_kind(raw_event),
                    )
                )
                continue
            schedule.events.append(_event(raw_event, day, room_name, number_in_file, problems))


def _event(raw: dict[str, Any], day: Day, room: str, number: int, problems: Problems) -> Event:
    event = Event(number, day, room)
    raw_id, raw_title = raw.get("id"), raw.get("title")
    # Named first, so that every later problem can say which event it is about.
    event.id = (
        str(raw_id) if isinstance(raw_id, int | str) and not isinstance(raw_id, bool) else None
    )
    event.title = raw_title if isinstance(raw_title, str) else None
    if raw_id is not None and event.id is None:
        problems.add(
            _("{where}: id: must be a number or text, not {kind}").format(
                where=event.name, kind=_kind(raw_id)
            )
        )
    if raw_title is not None and event.title is None:
        problems.add(
            _("{where}: title: must be text, not {kind}").format(
                where=event.name, kind=_kind(raw_title)
            )
        )
    for field in _TEXT_FIELDS:
        setattr(event, field, _string(raw, field, event.name, problems))
    for field in _TIME_FIELDS:
        setattr(event, field, _string(raw, field, event.name, problems))
    if not room:
        event.room = _string(raw, "room", event.name, problems) or ""
    event.persons = _persons(raw.get("persons"), event.name, problems)
    event.links = _links(raw.get("links"), event.name, problems)
    return event


def _persons(value: Any, where: str, problems: Problems) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(
            _("{where}: persons: must be a list, not {kind}").format(where=where, kind=_kind(value))
        )
        return []
    names = []
    for number, person in enumerate(value, start=1):
        if isinstance(person, str):
            names.append(person)
            continue
        name = None
        if isinstance(person, dict):
            name = next(
                (
                    person[key]
                    for key in ("name", "public_name")
                    if isinstance(person.get(key), str)
                ),
                None,
            )
        if name is None:
            problems.add(
                _("{where}: persons: person #{number} has no name (name or public_name)").format(
                    where=where, number=number
                )
            )
        else:
            names.append(name)
    return names


def _links(value: Any, where: str, problems: Problems) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(
            _("{where}: links: must be a list, not {kind}").format(where=where, kind=_kind(value))
        )
        return []
    links = []
    for number, link in enumerate(value, start=1):
        url = link.get("url") if isinstance(link, dict) else None
        title = link.get("title") if isinstance(link, dict) else None
        if not isinstance(url, str):
            problems.add(
                _("{where}: links: link #{number} must be an object with a url").format(
                    where=where, number=number
                )
            )
            continue
        links.append((title if isinstance(title, str) else "", url))
    return links


def _string(
    container: dict[str, Any], key: str, where: str, problems: Problems, *, numbers: bool = False
) -> str | None:
    """The text at `key`, None when absent or null; a problem when it is something else
    (a number, unless `numbers`, a list, an object, true or false)."""
    value = container.get(key)
    if value is None or isinstance(value, str):
        return value
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    problems.add(
        _("{where}: {field}: must be text, not {kind}").format(
            where=where, field=key, kind=_kind(value)
        )
    )
    return None


def _kind(value: Any) -> str:
    """What a JSON value is, as a message names it: 'a number', 'a list'."""
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("text")
    if value is None:
        return "null"
    return type(value).__name__
