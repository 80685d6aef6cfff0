"""A published schedule's raw values (`raw.Schedule`) -> the programme document: the
dict a programme TOML file reads as, with aware datetimes. See the package's docstring
for the rules and the repairs."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from ...core.choices import Kind
from ...core.i18n import _
from .cleaning import cut, line, prose, slug
from .raw import Day, Event, Problems, Schedule
from .timing import (
    DAY,
    DEFAULT_DAY_CHANGE,
    in_years,
    local,
    parse_clock,
    parse_date,
    parse_duration,
    parse_moment,
    wall_clock,
)
from .zones import conference_zone

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

NO_ROOM = "(no room)"
LINE, TEXT = 1000, 20_000
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_HEX = re.compile(r"[0-9a-f]{8,}")
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_OCTOPUS_KINDS = frozenset(kind.value for kind in Kind)
# frab <type> (as a slug) -> octopus kind, for the clear matches; others keep their slug.
_KINDS = {
    **dict.fromkeys(("lecture", "lectures", "talk", "talks", "vortrag", "vortraege"), "talk"),
    **dict.fromkeys(("workshop", "workshops"), "workshop"),
    **dict.fromkeys(("keynote", "keynotes"), "keynote"),
    **dict.fromkeys(
        ("panel", "panels", "panel-discussion", "podium", "podiumsdiskussion"), "panel"
    ),
    **dict.fromkeys(
        ("lightning-talk", "lightning-talks", "lightningtalk", "lightningtalks"), "lightning-talks"
    ),
    **dict.fromkeys(("break", "pause", "coffee-break", "coffee", "lunch", "lunch-break"), "break"),
    **dict.fromkeys(("social", "party"), "social"),
    **dict.fromkeys(("plenary",), "plenary"),
}


def build(schedule: Schedule, problems: Problems) -> dict[str, Any]:
    zone = conference_zone(schedule, problems)
    day_change = _day_change(schedule, problems)
    day_dates = {id(day): _day_date(day, zone, problems) for day in schedule.days}
    rooms = _room_order(schedule)
    sessions: list[dict[str, Any]] = []
    titles: dict[str, str] = {}  # session id -> title, for duplicates
    suffixes: dict[str, int] = {}  # an id given again -> the next number to try for it
    dates: list[date] = []
    for event in schedule.events:
        try:
            session = _session(event, zone, day_change, day_dates, rooms, schedule, problems)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
            # A bug, never a traceback.
            problems.add(
                _("{where}: cannot be read ({error})").format(where=event.name, error=error)
            )
            continue
        if session is None:
            continue
        if session["id"] in titles:
            # pretalx repeats an event's id for each slot of a talk given more than once;
            # the later slots (in file order, which a new version keeps) get '-2', '-3'.
            # (The base cut so that 'ID-N' stays within the 64 characters of an id.)
            base = session["id"][:56].rstrip("-") or session["id"][:56]
            number = suffixes.get(base, 2)
            while f"{base}-{number}" in titles:
                number += 1
            suffixes[base] = number + 1
            session["id"] = f"{base}-{number}"
        titles.setdefault(session["id"], session["title"])
        sessions.append(session)
        dates.append(session["start"].date())
        end = session["end"]
        dates.append((end - timedelta(microseconds=1)).date())  # ends at midnight: that day
    conference = _conference(schedule, zone, dates, day_dates, rooms, sessions, problems)
    return {"conference": conference, "sessions": sessions}


def _conference(
    schedule: Schedule,
    zone: ZoneInfo,
    dates: list[date],
    day_dates: dict[int, date | None],
    rooms: dict[str, int],
    sessions: list[dict[str, Any]],
    problems: Problems,
) -> dict[str, Any]:
    name = line(schedule.title) or line(schedule.acronym)  # repair: no title, the acronym
    if not name:
        problems.add(_("conference: no <title> (and no <acronym>)"))
    elif len(name) > LINE:
        problems.add(_("conference: title: longer than {count} characters").format(count=LINE))
    for field in ("start", "end"):
        text = getattr(schedule, field)
        if not text:
            continue
        found = parse_date(text, zone)
        if found is None:
            problems.add(
                _("conference: {field}: '{text}' is not a date").format(
                    field=field, text=line(text)[:40]
                )
            )
        elif not in_years(found):
            problems.add(
                _("conference: {field}: {date} is outside the years octopus handles").format(
                    field=field, date=found
                )
            )
        else:
            dates.append(found)
    dates.extend(found for found in day_dates.values() if found is not None)
    document: dict[str, Any] = {"name": name[:LINE], "timezone": zone.key}
    if dates:
        document["start_date"], document["end_date"] = min(dates), max(dates)
    else:
        problems.add(_("conference: no dates (no <start>, <end>, days or events)"))
    optional = {
        "acronym": cut(line(schedule.acronym), LINE),
        "url": _http(schedule.url, None) or _http(schedule.base_url, None),
        "programme_release": cut(line(schedule.version), LINE),
        "tracks": list(rooms),
        "kinds": sorted({s["kind"] for s in sessions} - _OCTOPUS_KINDS),
    }
    document.update((key, value) for key, value in optional.items() if value)
    return document


def _session(
    event: Event,
    zone: ZoneInfo,
    day_change: timedelta | None,
    day_dates: dict[int, date | None],
    rooms: dict[str, int],
    schedule: Schedule,
    problems: Problems,
) -> dict[str, Any] | None:
    where = event.name
    count = problems.count
    session_id = _session_id(event)
    if session_id is None:
        problems.add(_("{where}: no id, guid or slug to name it by").format(where=where))
    title = line(event.title)
    if not title:
        problems.add(_("{where}: no title").format(where=where))
    elif len(title) > LINE:
        problems.add(
            _("{where}: title: longer than {count} characters").format(where=where, count=LINE)
        )
    times = _times(event, zone, day_change, day_dates.get(id(event.day)), problems)
    if problems.count > count or session_id is None or times is None:
        return None
    base = schedule.base_url
    description = cut(prose(event.abstract), TEXT)
    details = cut(prose(event.description), TEXT)
    agenda = _agenda(details)
    if agenda or details == description:
        details = ""  # an agenda is not details; a copy of the abstract says nothing more
    url = _http(event.url, base)
    # A link to the event's own page titled only by its address says nothing the url does
    # not: octopus's export writes one for ConfClerk, which reads only <links>.
    links = [link for link in _links(event.links, base) if link != {"title": url, "url": url}]
    session: dict[str, Any] = {
        "id": session_id,
        "title": title,
        "subtitle": cut(line(event.subtitle), LINE),
        "kind": _kind(event.type),
        "track": rooms[_room(event)],
        "start": times[0],
        "end": times[1],
        # frab's <track> is a topic; one that only repeats the room (as octopus's own
        # export writes it) says nothing a tag would.
        "tags": [tag] if (tag := slug(event.track)) and tag != slug(_room(event)) else [],
        "description": description,
        "details": details,
        "agenda": agenda,
        "persons": list(dict.fromkeys(p for p in (cut(line(p), LINE) for p in event.persons) if p)),
        "language": cut(line(event.language), LINE),
        "links": links,
        "url": url,
    }
    return {key: value for key, value in session.items() if value or key == "track"}


def _times(
    event: Event,
    zone: ZoneInfo,
    day_change: timedelta | None,
    day: date | None,
    problems: Problems,
) -> tuple[datetime, datetime] | None:
    """(start, end) on the conference's clock: <date> is the instant; without it (older
    pentabarf) the <day>'s date and <start>, a start before the day change falling on the
    next calendar date."""
    where = event.name
    moment = parse_moment(event.date) if event.date else None
    if moment is not None and not in_years(moment):
        problems.add(
            _("{where}: date: {date} is outside the years octopus handles").format(
                where=where, date=f"{moment:%Y-%m-%d}"
            )
        )
        return None
    if moment is not None:
        start = (
            local(moment, zone)
            if moment.tzinfo
            else wall_clock(moment.date(), moment - datetime.combine(moment.date(), time()), zone)
        )
    else:
        # Repair: a <date> that cannot be read gives way to the day and <start>.
        clock = parse_clock(event.start) if event.start else None
        if clock is None:
            if event.date or event.start:
                shown = line(event.date or event.start)[:40]
                problems.add(
                    _("{where}: start: '{text}' is not a date and time").format(
                        where=where, text=shown
                    )
                )
            else:
                problems.add(_("{where}: no start time (<date> or <start>)").format(where=where))
            return None
        if day is None:
            problems.add(
                _("{where}: no <date>, and its {day} has no date").format(
                    where=where, day=event.day.where
                )
            )
            return None
        threshold = day_change if day_change is not None else _day_start(event.day, zone)
        if clock < threshold:
            clock += DAY
        start = wall_clock(day, clock, zone)
    length = parse_duration(event.duration) if event.duration else None
    if event.duration and length is None:
        shown = line(event.duration)[:20]
        problems.add(
            _("{where}: duration: '{text}' is not a duration (HH:MM)").format(
                where=where, text=shown
            )
        )
        return None
    if length is None and event.end:
        until = parse_moment(event.end)  # c3voc JSON may give the end instead
        if until is not None and until.tzinfo is not None and in_years(until):
            length = until - start
    if length is None or length < timedelta(minutes=1):  # times are kept to the minute
        problems.add(_("{where}: no duration").format(where=where))
        return None
    if length > LONGEST:  # 114 years in one event is a typo; a camp's week is not
        problems.add(
            _("{where}: lasts {days} days, more than the {most} octopus reads").format(
                where=where, days=length.days, most=LONGEST.days
            )
        )
        return None
    end = local(start + length, zone)
    if not in_years(end):
        problems.add(_("{where}: ends after the years octopus handles").format(where=where))
        return None
    return start, end


LONGEST = timedelta(days=31)  # an event longer than a month is a mistake in the file


def _day_change(schedule: Schedule, problems: Problems) -> timedelta | None:
    if not schedule.day_change:
        return None
    clock = parse_clock(schedule.day_change)
    if clock is None or clock >= DAY:
        shown = line(schedule.day_change)[:20]
        problems.add(
            _("conference: day_change: '{text}' is not a time of day (HH:MM)").format(text=shown)
        )
        return None
    return clock


def _day_date(day: Day, zone: ZoneInfo, problems: Problems) -> date | None:
    """A <day>'s date: its date, else the date its start falls on."""
    for text in (day.date, day.start):
        if text:
            found = parse_date(text, zone)
            if found is not None and in_years(found):
                return found
            problems.add(
                _("{where}: '{text}' is not a date").format(where=day.where, text=line(text)[:40])
            )
            return None
    return None


def _day_start(day: Day, zone: ZoneInfo) -> timedelta:
    """When a <day> begins on the clock, for a file that has no <day_change>: its start
    attribute's time, else 04:00."""
    moment = parse_moment(day.start) if day.start else None
    if moment is None or not in_years(moment):
        return DEFAULT_DAY_CHANGE
    clock = local(moment, zone) if moment.tzinfo else moment
    return timedelta(hours=clock.hour, minutes=clock.minute)


def _room(event: Event) -> str:
    return cut(line(event.room), LINE) or NO_ROOM


def _room_order(schedule: Schedule) -> dict[str, int]:
    """Room -> track number: the rooms that hold events, in the schedule's order (its
    rooms list, else first appearance), then the rooms only events name, then '(no room)'."""
    used = dict.fromkeys(_room(event) for event in schedule.events)
    declared = dict.fromkeys(cut(line(name), LINE) for name in schedule.rooms)
    order = [name for name in declared if name in used and name != NO_ROOM]
    order += [name for name in used if name not in declared and name != NO_ROOM]
    if NO_ROOM in used:
        order.append(NO_ROOM)
    return {name: number for number, name in enumerate(order, start=1)}


def _session_id(event: Event) -> str | None:
    """The event's id ('10496'); else the first 8 hex digits of its guid; else its slug
    (or pretalx code) as a slug."""
    given = (event.id or "").strip().lower()
    if _ID.fullmatch(given):
        return given
    guid = (event.guid or "").strip().lower().replace("-", "")
    if _HEX.fullmatch(guid):
        return guid[:8]
    return slug(event.slug) or slug(event.code) or None


def _kind(frab_type: str | None) -> str:
    name = slug(frab_type)
    if name in _OCTOPUS_KINDS:
        return name
    return _KINDS.get(name, name) or "other"


def _agenda(details: str) -> list[str]:
    """The items of a description that is only '- item' lines (octopus's own export
    writes its agenda so); [] for any other description."""
    lines = [text.strip() for text in details.split("\n") if text.strip()]
    if not lines or not all(text.startswith("- ") for text in lines):
        return []
    return [item for item in (cut(line(text[2:]), LINE) for text in lines) if item]


def _links(links: list[tuple[str, str]], base: str | None) -> list[dict[str, str]]:
    found = []
    for title, url in links:
        address = _http(url, base)
        if address:
            found.append({"title": cut(line(title), LINE) or address, "url": address})
    return found


def _http(url: str | None, base: str | None) -> str:
    """An http(s) address, '' for anything else; '/path' is read against the base URL."""
    address = (url or "").strip()
    if address.startswith("/") and not address.startswith("//") and base:
        base_address = _http(base, None)
        address = urljoin(base_address, address) if base_address else ""
    return address if len(address) <= LINE and _URL.fullmatch(address) else ""
