"""The user's own calendar (.ics) as busy time, for `octopus clashes --calendar FILE`.

`read_busy` / `parse_busy` return the busy intervals of a calendar export (Google,
Outlook, Apple, Thunderbird...) that overlap a window, sorted by start:

- timed events in any zone: a TZID is an IANA name (in any letter case), a Windows
  name that icalendar maps to IANA ("W. Europe Standard Time"), a "globally unique"
  /vendor/Area/City id, or a zone defined by a VTIMEZONE in the file, in that order;
  UTC (Z) times; floating times (no TZID, no Z) are in the display zone;
- DTEND or DURATION; neither: a timed event lasts 0 (never busy), an all-day one a day;
- all-day events only with `all_day_busy`, from local midnight to local midnight;
- STATUS:CANCELLED, TRANSP:TRANSPARENT and Outlook's X-MICROSOFT-CDO-BUSYSTATUS:FREE
  are not busy; only VEVENTs count;
- recurrences (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are expanded in the
  event's wall clock, and only inside the window.

Speed: icalendar parses about 2,700 events a second, so a 100,000-event export would
take half a minute. The file is therefore scanned first (a regular expression over the
text checks BEGIN/END nesting and reads each event's DTSTART/DTEND dates); icalendar
then parses only the VTIMEZONEs it needs and the events that may touch the window:
every recurring event and override, and single events within a week of it. Problems in
events far from the window are therefore not reported.

Every problem is a CalendarError naming the file, the event and what is wrong; no other
exception escapes for any input.
"""

from __future__ import annotations

import codecs
import math
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from zoneinfo import ZoneInfo

from ..core.busy import Busy
from ..core.errors import InputError, OctopusError
from ..core.timezones import iana_zone
from ..store.fileio import read_input

if TYPE_CHECKING:
    from dateutil.rrule import rrule

MAX_CALENDAR_BYTES = 200 * 1024 * 1024
MAX_INSTANCES = 10_000  # occurrences of one recurring event inside the window
MAX_ITERATIONS = 1_000_000  # candidate occurrences dateutil may walk through per rule
_MAX_DEPTH = 10  # VCALENDAR > VEVENT > VALARM is 3
_SLACK = timedelta(days=7)  # zone offsets (custom VTIMEZONEs included) are well inside it

EXPORT_HINT = "Export the calendar again from your calendar app as an .ics (iCalendar) file."
DATE_HINT = "iCalendar dates look like 20211117, times like 20211117T093000 (Z for UTC)."
RULE_HINT = "A rule looks like FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20211231T230000Z (RFC 5545)."


class CalendarError(InputError):
    """A calendar file that cannot be read or has an event that cannot be used."""


def read_busy(
    path: Path, zone: ZoneInfo, window: tuple[datetime, datetime], *, all_day_busy: bool = False
) -> list[Busy]:
    """The busy intervals of the calendar file `path` that overlap `window`."""
    source = str(path)
    try:
        data = read_input(path, "calendar", "--calendar", MAX_CALENDAR_BYTES)
    except OctopusError as error:
        raise CalendarError(error.message, error.hint) from None
    return parse_busy(data, source, zone, window, all_day_busy=all_day_busy)


def parse_busy(
    text: str | bytes,
    source: str,
    zone: ZoneInfo,
    window: tuple[datetime, datetime],
    *,
    all_day_busy: bool = False,
) -> list[Busy]:
    """The busy intervals in iCalendar `text` that overlap `window` (aware datetimes),
    sorted by start; `source` names the file in errors."""
    low, high = window
    if low.tzinfo is None or high.tzinfo is None:
        raise ValueError("the window must be aware datetimes")  # a bug in the caller
    if len(text) > MAX_CALENDAR_BYTES:
        raise _error(
            source,
            f"file too large: over {MAX_CALENDAR_BYTES // (1024 * 1024)} MB",
            "A calendar export is rarely over a few tens of megabytes; is this the right file?",
        )
    content = _decode(text, source) if isinstance(text, bytes) else text.removeprefix("\ufeff")
    # icalendar splits lines on \r?\n only; old Mac files end lines with a bare \r.
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _scan(content, source)
    reader = _Reader(content, source, zone, blocks, all_day_busy)
    lo, hi = low.astimezone(UTC), high.astimezone(UTC)
    first_day, last_day = (lo - _SLACK).date(), (hi + _SLACK).date()
    with warnings.catch_warnings():
        # icalendar warns on guessed TZIDs, dateutil on COUNT with UNTIL: not for the user.
        warnings.simplefilter("ignore")
        events = [
            event
            for block in blocks
            if block.kind == "VEVENT" and _may_touch(block, first_day, last_day)
            for event in [reader.event(block)]
            if event is not None
        ]
        found = _busy(events, reader, lo, hi)
    return sorted(found, key=lambda b: (b.start, b.end, b.summary, b.uid or ""))


def _error(source: str, problem: str, hint: str | None = None, where: str = "") -> CalendarError:
    place = f"{where}: " if where else ""
    return CalendarError(f"calendar {source}: {place}{problem}", hint)


# --- Reading bytes -------------------------------------------------------------------


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when text without a byte-order mark is plainly UTF-16:
    iCalendar is mostly ASCII, so every other byte is NUL."""
    if len(head) < 4 or head.count(0) * 3 < len(head):
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    return "utf-16-le" if odd > even else "utf-16-be"


def _decode(data: bytes, source: str) -> str:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"  # checked before UTF-16: its little-endian BOM starts the same
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif (guess := _utf16_without_bom(data[:400])) is not None:
        encoding = guess
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8-sig":
            raise _error(
                source, f"not valid {encoding.upper()} text (byte {error.start})", EXPORT_HINT
            ) from None
        if b"\x00" in data[:200]:
            raise _error(
                source,
                "not UTF-8 text: it looks like UTF-16 without a byte-order mark",
                "Save or export the calendar again as UTF-8.",
            ) from None
        line = data.count(b"\n", 0, error.start) + 1
        raise _error(
            source,
            f"not UTF-8 text (line {line}, byte {error.start})",
            "Export the calendar again as UTF-8, or convert it: "
            "iconv -f ITS-ENCODING -t UTF-8 old.ics > new.ics (e.g. WINDOWS-1252, SHIFT_JIS)",
        ) from None


# --- Scanning the structure ----------------------------------------------------------

# The lines the scan needs: component boundaries and the properties that place an event
# in time. Everything else is left to icalendar, for the events that are parsed.
_SCANNED = re.compile(
    r"^(BEGIN|END|DTSTART|DTEND|DURATION|RRULE|RDATE|EXRULE|RECURRENCE-ID)[ \t]*([;:][^\n]*)",
    re.MULTILINE | re.IGNORECASE,
)
_DATE_PROPERTIES = frozenset({"DTSTART", "DTEND"})


@dataclass
class _Block:
    """A VEVENT or VTIMEZONE directly inside a VCALENDAR: where it is in the text and
    the raw `;params:value` of the properties the scan reads."""

    kind: str
    start: int
    end: int = -1
    props: dict[str, list[str]] = field(default_factory=dict)
    folded: bool = False  # DTSTART or DTEND continues on a folded line


def _line(text: str, position: int) -> int:
    """The line number of a position (counted only when a message needs it)."""
    return text.count("\n", 0, position) + 1


def _logical_end(text: str, end: int) -> int:
    """The end of the content line that ends its first physical line at `end`."""
    while end + 1 < len(text) and text[end + 1] in " \t":
        following = text.find("\n", end + 1)
        end = len(text) if following < 0 else following
    return end


def _scan(text: str, source: str) -> list[_Block]:
    """Check that the text is an iCalendar object with balanced BEGIN/END lines (icalendar
    accepts a mismatched END and reports an unclosed component vaguely), and find its
    events and time zones."""
    head = text.lstrip(" \t\n\x00")
    if not head:
        raise _error(source, "the file is empty", EXPORT_HINT)
    first_line = head.split("\n", 1)[0].strip()
    if not re.fullmatch(r"BEGIN[ \t]*:[ \t]*VCALENDAR", first_line, re.IGNORECASE):
        raise _error(
            source,
            f"not an iCalendar file: it starts with '{_short(first_line, 40)}', "
            "not BEGIN:VCALENDAR",
            EXPORT_HINT,
        )
    blocks: list[_Block] = []
    stack: list[tuple[str, int]] = []  # component name, position of its BEGIN
    current: _Block | None = None
    size = len(text)
    for match in _SCANNED.finditer(text):
        name = match.group(1).upper()
        end = match.end()
        folded = end + 1 < size and text[end + 1] in " \t"
        if name != "BEGIN" and name != "END":
            if current is not None and len(stack) == 2:
                current.props.setdefault(name, []).append(match.group(2))
                current.folded = current.folded or (folded and name in _DATE_PROPERTIES)
            continue
        rest = match.group(2)
        if folded:
            end = _logical_end(text, end)
            rest = re.sub(r"\n[ \t]", "", text[match.start(2) : end])
        component = rest.partition(":")[2].strip().upper()
        where = match.start()
        if not component:
            raise _error(source, f"line {_line(text, where)}: {name} without a component name")
        if name == "BEGIN":
            if not stack and component != "VCALENDAR":
                raise _error(
                    source,
                    f"line {_line(text, where)}: BEGIN:{component} outside BEGIN:VCALENDAR",
                )
            stack.append((component, where))
            if len(stack) > _MAX_DEPTH:
                raise _error(source, f"line {_line(text, where)}: components nested too deeply")
            if len(stack) == 2 and component in ("VEVENT", "VTIMEZONE"):
                current = _Block(component, where)
            continue
        if not stack:
            raise _error(
                source,
                f"line {_line(text, where)}: END:{component} without a BEGIN:{component}",
            )
        opened, opened_at = stack.pop()
        if opened != component:
            raise _error(
                source,
                f"line {_line(text, where)}: END:{component} closes BEGIN:{opened} "
                f"from line {_line(text, opened_at)}",
                f"Each BEGIN:{opened} needs its own END:{opened}; is the file damaged?",
            )
        if len(stack) == 1 and current is not None:
            current.end = end
            blocks.append(current)
            current = None
    if stack:
        opened, opened_at = stack[-1]
        raise _error(
            source,
            f"BEGIN:{opened} on line {_line(text, opened_at)} is never closed (no END:{opened})",
            "The file seems cut short; export or download it again.",
        )
    return blocks


def _value(rest: str) -> str:
    """The value of a raw `;params:value` (quoted parameter values may hold colons)."""
    if not rest.startswith(";") or '"' not in rest:
        return rest.partition(":")[2]
    quoted = False
    for index, char in enumerate(rest):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return rest[index + 1 :]
    return ""


def _raw_day(rest: str) -> date | None:
    digits = _value(rest).strip()[:8]
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _may_touch(block: _Block, first_day: date, last_day: date) -> bool:
    """False only for a single event whose raw dates are all well outside the window."""
    props = block.props
    if block.folded or any(
        name in props for name in ("RRULE", "RDATE", "EXRULE", "RECURRENCE-ID", "DURATION")
    ):
        return True
    starts, ends = props.get("DTSTART", []), props.get("DTEND", [])
    if len(starts) != 1 or len(ends) > 1:
        return True  # icalendar will tell what is wrong
    begin = _raw_day(starts[0])
    finish = _raw_day(ends[0]) if ends else begin
    if begin is None or finish is None:
        return True
    return min(begin, finish) <= last_day and max(begin, finish) >= first_day


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: " " if m.group(1) in "nN" else m.group(1), value)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _raw_property(body: str, name: str) -> str:
    """The first `name` value in a block's text, unescaped, for messages."""
    match = re.search(rf"^{name}[ \t]*([;:][^\n]*)", body, re.MULTILINE | re.IGNORECASE)
    return _unescape(_value(match.group(1))).strip() if match else ""


def _label(text: str, block: _Block) -> str:
    """'event 'Team sync' (uid abc, line 12)', from the raw text (the event may not parse)."""
    body = text[block.start : block.end]
    if block.kind == "VTIMEZONE":
        name = f"time zone '{_short(_raw_property(body, 'TZID'))}'"
    else:
        summary = _raw_property(body, "SUMMARY")
        name = f"event '{_short(summary)}'" if summary else "event"
    uid = _raw_property(body, "UID")
    details = ([f"uid {_short(uid)}"] if uid else []) + [f"line {_line(text, block.start)}"]
    return f"{name} ({', '.join(details)})"


# --- Time zones ----------------------------------------------------------------------


def _windows(name: str) -> ZoneInfo | None:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    olson = WINDOWS_TO_OLSON.get(name)
    return iana_zone(olson) if olson else None


def _globally_unique(name: str) -> ZoneInfo | None:
    """'/freeassociation.sourceforge.net/Tzfile/Europe/Berlin' -> Europe/Berlin."""
    if not name.startswith("/"):
        return None
    parts = name.strip("/").split("/")
    for first in range(1, len(parts)):
        zone = iana_zone("/".join(parts[first:]))
        if zone is not None:
            return zone
    return None


# --- Events --------------------------------------------------------------------------

# A moment as written: a wall clock and its zone (None: floating), or a date.
_Moment = tuple[datetime, tzinfo | None] | date


@dataclass(frozen=True)
class _Rule:
    """An RRULE or EXRULE, checked, without its UNTIL (dateutil needs it normalised)."""

    name: str
    shown: str  # as written, for messages
    parts: dict[str, list[Any]]
    freq: str
    interval: int
    until: Any  # date, datetime (aware or floating) or None
    count: int | None


@dataclass
class _Event:
    block: _Block
    uid: str | None
    summary: str
    busy: bool
    override: _Moment | None  # RECURRENCE-ID
    all_day: bool = False
    start: datetime = datetime.min  # wall clock in `tz` (all-day: midnight)
    tz: tzinfo = UTC  # the event's zone (floating and all-day: the display zone)
    length: timedelta = timedelta()  # exact duration (all-day: whole days)
    rules: list[_Rule] = field(default_factory=list)
    exrules: list[_Rule] = field(default_factory=list)
    rdates: dict[datetime, timedelta | None] = field(default_factory=dict)  # wall -> length
    exdates: set[datetime] = field(default_factory=set)
    exdays: set[date] = field(default_factory=set)

    @property
    def recurring(self) -> bool:
        return bool(self.rules or self.rdates) and self.override is None


def _first(component: Any, name: str) -> Any:
    value = component.get(name)
    return value[0] if isinstance(value, list) and value else value


def _text(component: Any, name: str) -> str:
    value = _first(component, name)
    return "" if value is None else str(value).strip()


def _show(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M" if not moment.second else "%Y-%m-%d %H:%M:%S")
    return moment.isoformat()


def _wall(moment: datetime, zone: tzinfo) -> datetime:
    """The wall clock of an aware moment in `zone`, clamped at the ends of time."""
    try:
        return moment.astimezone(zone).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return datetime.max if moment.year > 5000 else datetime.min


def _shift(moment: datetime, delta: timedelta) -> datetime:
    try:
        return moment + delta
    except OverflowError:
        return (
            datetime.max.replace(tzinfo=moment.tzinfo)
            if delta > timedelta()
            else (datetime.min.replace(tzinfo=moment.tzinfo))
        )


_PERIODS = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
    "MONTHLY": timedelta(days=28),  # the shortest, for estimates only
    "YEARLY": timedelta(days=365),
}
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_RANGES = {"BYMONTHDAY": 31, "BYYEARDAY": 366, "BYWEEKNO": 53, "BYMONTH": 12}
_WEEKDAY = re.compile(r"([+-]?\d{1,3})?(MO|TU|WE|TH|FR|SA|SU)", re.IGNORECASE)


class _Reader:
    """Turns scanned blocks into _Events with icalendar, resolving TZIDs once per file."""

    def __init__(
        self, text: str, source: str, zone: ZoneInfo, blocks: list[_Block], all_day_busy: bool
    ) -> None:
        self.text = text
        self.source = source
        self.zone = zone
        self.all_day_busy = all_day_busy
        self.timezone_blocks = [block for block in blocks if block.kind == "VTIMEZONE"]
        self.zones: dict[str, tzinfo] = {}
        self.defined: dict[str, Any] | None = None  # TZID -> icalendar Timezone

    def fail(self, block: _Block, problem: str, hint: str | None = None) -> NoReturn:
        raise _error(self.source, problem, hint, _label(self.text, block))

    # Parsing with icalendar

    def parse(self, block: _Block) -> Any:
        from icalendar import Component

        try:
            return Component.from_ical(self.text[block.start : block.end])
        except Exception as error:  # icalendar raises ValueError and, on odd input, others
            self.fail(block, self.unreadable(block, str(error)), EXPORT_HINT)

    def unreadable(self, block: _Block, detail: str) -> str:
        """'line 14 cannot be read: ...', naming the first line icalendar cannot split."""
        from icalendar.parser import Contentline

        content_line: Any = Contentline  # untyped in icalendar

        lines = self.text[block.start : block.end].split("\n")
        for offset, physical in enumerate(lines):
            if not physical or physical[0] in " \t":
                continue
            logical = physical
            for following in lines[offset + 1 :]:
                if not following or following[0] not in " \t":
                    break
                logical += following[1:]
            try:
                content_line(logical).parts()
            except Exception:  # any failure to split marks the line
                line = _line(self.text, block.start) + offset
                return f"line {line} cannot be read: '{_short(logical)}'"
        return f"cannot be read ({_short(detail, 200)})"

    def event(self, block: _Block) -> _Event | None:
        try:
            return self._event(block)
        except CalendarError:
            raise
        except Exception as error:  # a shape of data this module did not foresee
            self.fail(block, f"cannot be read ({_short(str(error), 200)})", EXPORT_HINT)

    def _event(self, block: _Block) -> _Event | None:
        from icalendar.prop import vBroken

        component = self.parse(block)
        busy = (
            _text(component, "STATUS").upper() != "CANCELLED"
            and _text(component, "TRANSP").upper() != "TRANSPARENT"
            and _text(component, "X-MICROSOFT-CDO-BUSYSTATUS").upper() != "FREE"
        )
        if not busy and component.get("RECURRENCE-ID") is None:
            return None  # never busy and replaces nothing: nothing else matters
        for name, message in getattr(component, "errors", []):
            if name is None:
                self.fail(block, self.unreadable(block, message), EXPORT_HINT)
            value = component.get(name)
            values = value if isinstance(value, list) else [value]
            raw = next((str(v) for v in values if isinstance(v, vBroken)), "")
            self.broken(block, str(name).upper(), raw, message)
        override = None
        if component.get("RECURRENCE-ID") is not None:
            override = self.moment(block, component, "RECURRENCE-ID")
        uid = _text(component, "UID") or None
        event = _Event(block, uid, str(_first(component, "SUMMARY") or ""), busy, override)
        if not busy:
            return event  # a cancelled or free override: it only removes an occurrence
        if component.get("DTSTART") is None:
            self.fail(block, "has no DTSTART (start)", "Every event needs a DTSTART line.")
        start = self.moment(block, component, "DTSTART")
        if not isinstance(start, tuple):
            event.all_day = True
            if not self.all_day_busy:
                return event if override is not None else None
            self.all_day_length(block, component, event, start)
        else:
            event.start, zone = start
            event.tz = zone or self.zone
            self.timed_length(block, component, event)
        if override is None:
            self.recurrence(block, component, event)
        return event

    def broken(self, block: _Block, name: str, raw: str, message: str) -> None:
        """Fail for a property icalendar could not parse, if busy time depends on it."""
        if name in ("DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE"):
            self.fail(block, f"{name} '{_short(raw)}' is not a valid date or date-time", DATE_HINT)
        if name == "DURATION":
            self.fail(
                block,
                f"DURATION '{_short(raw)}' is not a valid duration",
                "Durations look like PT1H30M or P1D.",
            )
        if name in ("RRULE", "EXRULE"):
            self.fail(block, f"{name} '{_short(raw)}' cannot be read ({message})", RULE_HINT)
        # Anything else (a broken GEO, ATTENDEE or X- property) does not change busy time.

    def moment(self, block: _Block, component: Any, name: str) -> _Moment:
        value = component.get(name)
        if isinstance(value, list):
            self.fail(block, f"has {len(value)} {name} lines; an event has one")
        moment = self.read_moment(block, name, value.dt, value.params)
        if moment is None:
            self.fail(block, f"{name} is not a date or date-time", DATE_HINT)
        return moment

    def read_moment(self, block: _Block, name: str, value: Any, params: Any) -> _Moment | None:
        """A parsed value as a _Moment, with its TZID resolved here (see resolve)."""
        if isinstance(value, datetime):
            if str(params.get("VALUE", "")).upper() == "DATE":
                return value.date()  # icalendar turns VALUE=DATE with a TZID into midnight
            wall = value.replace(tzinfo=None)
            tzid = params.get("TZID")
            if tzid:
                return wall, self.resolve(block, str(tzid))
            return wall, (UTC if value.tzinfo is not None else None)
        if isinstance(value, date):
            return value
        return None

    def resolve(self, block: _Block, tzid: str) -> tzinfo:
        """A TZID's zone. icalendar also resolves them, but keeps zones from VTIMEZONEs in
        one cache for the whole process (the first file to define a custom TZID wins, and
        later files without its VTIMEZONE still find it) and leaves unknown TZIDs as
        floating times. So the wall clock it parsed is kept and the zone chosen here."""
        if tzid not in self.zones:
            name = tzid.strip()
            zone = (
                iana_zone(name)
                or _windows(name)
                or _globally_unique(name)
                or self.from_vtimezone(block, name)
            )
            if zone is None:
                self.fail(
                    block,
                    f"unknown time zone '{_short(tzid)}' (TZID)",
                    "The TZID is not an IANA zone name (Europe/Paris), not a Windows zone "
                    "name, and no VTIMEZONE in the file defines it.",
                )
            self.zones[tzid] = zone
        return self.zones[tzid]

    def from_vtimezone(self, block: _Block, tzid: str) -> tzinfo | None:
        from icalendar import Timezone

        if self.defined is None:
            self.defined = {}
            for definition in self.timezone_blocks:
                timezone = self.parse(definition)
                if isinstance(timezone, Timezone) and timezone.get("TZID") is not None:
                    self.defined.setdefault(str(timezone.tz_name).strip(), (definition, timezone))
        found = self.defined.get(tzid)
        if found is None:
            return None
        definition, timezone = found
        try:
            zone: tzinfo = timezone.to_tz(lookup_tzid=False)
            datetime(2021, 11, 17, tzinfo=zone).utcoffset()  # fails now rather than later
        except Exception as error:  # dateutil's tzical raises various errors
            self.fail(definition, f"cannot be used ({_short(str(error), 200)})", EXPORT_HINT)
        return zone

    # Lengths

    def timed_length(self, block: _Block, component: Any, event: _Event) -> None:
        start = event.start.replace(tzinfo=event.tz)
        if component.get("DTEND") is not None:
            end_moment = self.moment(block, component, "DTEND")
            if not isinstance(end_moment, tuple):
                self.fail(block, "DTSTART is a date-time but DTEND is a date", DATE_HINT)
            wall, zone = end_moment
            end = wall.replace(tzinfo=zone or event.tz)
            event.length = end.astimezone(UTC) - start.astimezone(UTC)
            if event.length < timedelta():
                self.fail(
                    block,
                    f"end {_show(wall)} is before start {_show(event.start)}",
                    "DTEND must not be before DTSTART.",
                )
        elif component.get("DURATION") is not None:
            event.length = self.duration(block, component)
            if event.length < timedelta():
                self.fail(block, f"DURATION {self.raw(component, 'DURATION')} is negative")

    def all_day_length(self, block: _Block, component: Any, event: _Event, day: date) -> None:
        event.start = datetime.combine(day, time())
        event.tz = self.zone
        days = 1
        if component.get("DTEND") is not None:
            end = self.moment(block, component, "DTEND")
            if isinstance(end, tuple):
                self.fail(block, "DTSTART is a date but DTEND is a date-time", DATE_HINT)
            if end < day:
                self.fail(
                    block,
                    f"end {_show(end)} is before start {_show(day)}",
                    "DTEND must not be before DTSTART.",
                )
            days = max(1, (end - day).days)  # DTEND equal to DTSTART: read as one day
        elif component.get("DURATION") is not None:
            length = self.duration(block, component)
            if length < timedelta():
                self.fail(block, f"DURATION {self.raw(component, 'DURATION')} is negative")
            days = max(1, math.ceil(length / timedelta(days=1)))
        event.length = timedelta(days=days)

    def duration(self, block: _Block, component: Any) -> timedelta:
        value = component.get("DURATION")
        if isinstance(value, list):
            self.fail(block, f"has {len(value)} DURATION lines; an event has one")
        length = value.dt
        if not isinstance(length, timedelta):
            self.fail(block, "DURATION is not a duration", "Durations look like PT1H30M or P1D.")
        return length

    @staticmethod
    def raw(component: Any, name: str) -> str:
        try:
            return bytes(_first(component, name).to_ical()).decode("utf-8", "replace")
        except Exception:  # only for a message
            return "?"

    # Recurrence

    def recurrence(self, block: _Block, component: Any, event: _Event) -> None:
        for name, target in (("RRULE", event.rules), ("EXRULE", event.exrules)):
            value = component.get(name)
            for recur in value if isinstance(value, list) else [] if value is None else [value]:
                target.append(self.read_rule(block, recur, name))
        for name in ("RDATE", "EXDATE"):
            value = component.get(name)
            for group in value if isinstance(value, list) else [] if value is None else [value]:
                for item in getattr(group, "dts", []):
                    self.add_date(block, event, name, item.dt, item.params)
        if event.rules or event.rdates:
            event.rdates.setdefault(event.start, None)  # DTSTART is always an occurrence

    def add_date(self, block: _Block, event: _Event, name: str, value: Any, params: Any) -> None:
        length: timedelta | None = None
        if isinstance(value, tuple) and len(value) == 2:  # a PERIOD: start/end or start/length
            first, second = value
            if isinstance(second, timedelta):
                length = second
            elif isinstance(second, datetime) and isinstance(first, datetime):
                tail = self.read_moment(block, name, second, params)
                head = self.read_moment(block, name, first, params)
                if isinstance(head, tuple) and isinstance(tail, tuple):
                    length = self.instant(tail, event) - self.instant(head, event)
            value = first
        moment = self.read_moment(block, name, value, params)
        if moment is None:
            self.fail(block, f"{name} holds a value that is not a date or date-time", DATE_HINT)
        if isinstance(moment, tuple):
            wall = _wall(self.instant(moment, event), event.tz) if moment[1] else moment[0]
            if event.all_day and name == "EXDATE":
                event.exdays.add(wall.date())
            elif name == "EXDATE":
                event.exdates.add(wall)
            elif event.all_day:
                event.rdates[datetime.combine(wall.date(), time())] = None
            else:
                event.rdates[wall] = None if length is None or length < timedelta() else length
        elif name == "EXDATE":
            event.exdays.add(moment)
        else:
            event.rdates[datetime.combine(moment, event.start.time())] = None

    @staticmethod
    def instant(moment: tuple[datetime, tzinfo | None], event: _Event) -> datetime:
        wall, zone = moment
        return wall.replace(tzinfo=zone or event.tz).astimezone(UTC)

    def read_rule(self, block: _Block, recur: Any, name: str) -> _Rule:
        """Check a parsed RRULE or EXRULE (see rule_numbers) and keep what expanding it needs."""
        try:
            shown = _short(bytes(recur.to_ical()).decode("utf-8", "replace"), 100)
            parts = {str(key).upper(): list(values) for key, values in recur.items()}
        except Exception:  # not a vRecur after all
            shown, parts = "?", {}

        def bad(problem: str) -> NoReturn:
            self.fail(block, f"{name} '{shown}' {problem}", RULE_HINT)

        freq = str(parts.get("FREQ", [""])[0]).upper()
        if freq not in _PERIODS:
            bad("has no valid FREQ")
        numbers = self.rule_numbers(parts, freq, bad)
        until = parts.pop("UNTIL", [None])[0]
        if str(parts.pop("RSCALE", ["GREGORIAN"])[0]).upper() != "GREGORIAN":
            bad("uses a non-Gregorian calendar (RSCALE), which is not supported")
        parts.pop("SKIP", None)  # only meaningful with RSCALE
        count = numbers["COUNT"][0] if "COUNT" in numbers else None
        return _Rule(name, shown, parts, freq, numbers.get("INTERVAL", [1])[0], until, count)

    def build_rule(
        self, event: _Event, rule: _Rule, low: datetime, high: datetime, shift: timedelta
    ) -> rrule:
        """A dateutil rrule over naive wall-clock times in the event's zone (so a weekly
        09:00 stays at 09:00 across a clock change), moved `shift` forward (see
        _occurrences) and ending at `high`."""
        from dateutil.rrule import rrule, rrulestr
        from icalendar.prop import vRecur

        def bad(problem: str) -> NoReturn:
            self.fail(event.block, f"{rule.name} '{rule.shown}' {problem}", RULE_HINT)

        start = event.start + shift
        period = _PERIODS[rule.freq] * rule.interval
        fixed_period = rule.freq in ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY")
        if rule.count is None and fixed_period and low - start > 2 * period:
            # Whole periods before the window change nothing: start just before it, so
            # an old rule does not walk through decades of occurrences.
            start += ((low - start) // period - 1) * period
        steps = (high - start) / (period if fixed_period else _PERIODS[rule.freq])
        if rule.count is not None and not any(key.startswith("BY") for key in rule.parts):
            steps = min(steps, rule.count)
        if steps > MAX_ITERATIONS:
            bad(f"repeats too often from {_show(event.start)} to be expanded")
        try:
            recurrence: Any = vRecur(rule.parts)
            built = rrulestr(bytes(recurrence.to_ical()).decode(), dtstart=start)
            if not isinstance(built, rrule):
                bad("cannot be read")
            if rule.until is not None or rule.count is None:
                until = self.until(rule.until, event)
                built = built.replace(until=high if until > high - shift else until + shift)
        except CalendarError:
            raise
        except Exception as error:  # dateutil raises ValueError, TypeError, ...
            bad(f"cannot be read ({_short(str(error), 100)})")
        return built

    @staticmethod
    def rule_numbers(
        parts: dict[str, list[Any]], freq: str, bad: Callable[[str], NoReturn]
    ) -> dict[str, list[int]]:
        """Check the numeric parts dateutil accepts but never matches (BYMONTHDAY=40 or
        February 30): it would search up to the year 9999 for them. INTERVAL=0 would
        make it loop forever."""
        numbers: dict[str, list[int]] = {}
        for key in ("INTERVAL", "COUNT", "BYSETPOS", "BYHOUR", "BYMINUTE", "BYSECOND", *_RANGES):
            if key in parts:
                try:
                    numbers[key] = [int(str(value)) for value in parts[key]]
                except ValueError:
                    bad(f"has a {key} that is not a number")
        if any(value < 1 for value in numbers.get("INTERVAL", [1])):
            bad("has an INTERVAL below 1")
        if any(value > 100_000 for value in numbers.get("INTERVAL", [1])):
            bad("has an INTERVAL over 100000")
        for key, limit in _RANGES.items():
            for value in numbers.get(key, []):
                if value == 0 or abs(value) > limit or (key == "BYMONTH" and value < 0):
                    bad(f"has {key}={value}, which never occurs")
        days = numbers.get("BYMONTHDAY", [])
        months = numbers.get("BYMONTH", list(range(1, 13)))
        if days and not any(abs(day) <= _MONTH_DAYS[month - 1] for day in days for month in months):
            bad("never occurs (no such day in those months)")
        limit = 5 if freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parts) else 53
        for value in parts.get("BYDAY", []):
            match = _WEEKDAY.fullmatch(str(value).strip())
            if match is None:
                bad(f"has BYDAY={value}, which is not a weekday")
            elif match.group(1) and not 1 <= abs(int(match.group(1))) <= limit:
                bad(f"has BYDAY={value}, which never occurs")
        # BYSETPOS picks from the occurrences of one period (one hour for HOURLY...): a
        # position beyond their number never occurs, and dateutil would walk every period
        # up to the year 9999 looking for it.
        size = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7}.get(freq, 1)
        order = ["DAILY", "HOURLY", "MINUTELY", "SECONDLY"]
        for key, finer in (
            ("BYHOUR", "HOURLY"),
            ("BYMINUTE", "MINUTELY"),
            ("BYSECOND", "SECONDLY"),
        ):
            if freq not in order or order.index(freq) < order.index(finer):
                size *= len(numbers.get(key, [0]))
        positions = numbers.get("BYSETPOS", [])
        if positions and all(abs(position) > size for position in positions):
            bad(f"has BYSETPOS={positions[0]}, which never occurs")
        return numbers

    def until(self, value: Any, event: _Event) -> datetime:
        """UNTIL as a wall clock in the event's zone: RFC 5545 writes it in UTC when
        DTSTART has a zone, and dateutil refuses to mix aware and naive times."""
        if value is None:
            return datetime.max
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                return _wall(value, event.tz)
            return value
        if isinstance(value, date):
            return datetime.combine(value, time() if event.all_day else time(23, 59, 59))
        raise ValueError(f"UNTIL is not a date: {value!r}")


# --- Busy time -----------------------------------------------------------------------


@dataclass
class _Replaced:
    """The occurrences of one UID that overrides replace, by how their RECURRENCE-ID
    was written."""

    instants: set[datetime] = field(default_factory=set)  # UTC, from TZID or Z
    floating: set[datetime] = field(default_factory=set)  # wall clocks in the master's zone
    days: set[date] = field(default_factory=set)  # from VALUE=DATE
    wall_days: set[date] = field(default_factory=set)  # dates of any of them

    def add(self, moment: _Moment) -> None:
        if isinstance(moment, tuple):
            wall, zone = moment
            if zone is None:
                self.floating.add(wall)
            else:
                self.instants.add(wall.replace(tzinfo=zone).astimezone(UTC))
            self.wall_days.add(wall.date())
        else:
            self.days.add(moment)

    def covers(self, wall: datetime, start: datetime, all_day: bool) -> bool:
        if wall.date() in self.days:
            return True
        if all_day:
            return wall.date() in self.wall_days
        return wall in self.floating or start in self.instants


def _busy(events: list[_Event], reader: _Reader, low: datetime, high: datetime) -> set[Busy]:
    replaced: dict[str | None, _Replaced] = {}
    for event in events:
        if event.override is not None:
            replaced.setdefault(event.uid, _Replaced()).add(event.override)
    found: set[Busy] = set()
    for event in events:
        if not event.busy or (event.all_day and not reader.all_day_busy):
            continue
        overrides = replaced.get(event.uid) if event.override is None else None
        try:
            for wall, start, end in _occurrences(event, reader, low, high):
                if end <= start or start >= high or end <= low:
                    continue
                if overrides is not None and overrides.covers(wall, start, event.all_day):
                    continue
                found.add(
                    Busy(
                        start.astimezone(reader.zone),
                        end.astimezone(reader.zone),
                        event.summary,
                        event.uid,
                        reader.source,
                    )
                )
        except CalendarError:
            raise
        except Exception as error:  # dateutil or datetime at the ends of time, an odd rule
            reader.fail(event.block, f"cannot be placed in time ({_short(str(error), 100)})")
    return found


def _cycles(event: _Event, last: datetime) -> int:
    """How many 400-year cycles the expansion of `event` can move forward (none for a
    monthly or yearly rule whose interval does not divide 400 years)."""
    for rule in [*event.rules, *event.exrules]:
        months = {"MONTHLY": 1, "YEARLY": 12}.get(rule.freq)
        if months is not None and 4800 % (months * rule.interval):
            return 0
    latest = max([last, event.start, *event.rdates, *event.exdates]).year
    return max(0, (9990 - latest) // 400)


def _occurrences(
    event: _Event, reader: _Reader, low: datetime, high: datetime
) -> Iterator[tuple[datetime, datetime, datetime]]:
    """(wall clock, start, end) of each occurrence that may overlap [low, high]."""

    def bounds(wall: datetime, length: timedelta | None) -> tuple[datetime, datetime]:
        if event.all_day:
            day = wall.date()
            begin = datetime.combine(day, time(), event.tz).astimezone(UTC)
            return begin, datetime.combine(day + event.length, time(), event.tz).astimezone(UTC)
        begin = wall.replace(tzinfo=event.tz).astimezone(UTC)
        return begin, _shift(begin, event.length if length is None else length)

    if not event.recurring:
        yield event.start, *bounds(event.start, None)
        return
    from dateutil.rrule import rruleset

    longest = max([event.length, *(v for v in event.rdates.values() if v is not None)])
    first = _wall(_shift(_shift(low, -longest), -timedelta(days=1)), event.tz)
    last = _wall(_shift(high, timedelta(days=1)), event.tz)
    # dateutil stops looking for the next occurrence only at the year 9999, which takes
    # seconds for a rule that never occurs again (FREQ=DAILY;BYMONTH=1;BYYEARDAY=60).
    # The Gregorian calendar repeats every 400 years (146,097 days, whole weeks), so the
    # expansion is moved forward by whole cycles to end a few centuries before 9999.
    shift = timedelta(days=146_097 * _cycles(event, last))
    rules = rruleset()
    for rule in event.rules:
        rules.rrule(reader.build_rule(event, rule, first + shift, last + shift, shift))
    for rule in event.exrules:
        rules.exrule(reader.build_rule(event, rule, first + shift, last + shift, shift))
    for wall in event.rdates:
        rules.rdate(wall + shift)
    for wall in event.exdates:
        rules.exdate(wall + shift)
    count = 0
    for moved in rules.xafter(first + shift, inc=True):
        wall = moved - shift
        if wall > last:
            break
        if wall.date() in event.exdays:
            continue
        count += 1
        if count > MAX_INSTANCES:
            reader.fail(
                event.block,
                f"repeats more than {MAX_INSTANCES} times around the checked dates",
                "Such a dense rule is not a meeting; check its RRULE.",
            )
        yield wall, *bounds(wall, event.rdates.get(wall))
