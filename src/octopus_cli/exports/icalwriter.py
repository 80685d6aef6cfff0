"""Writing iCalendar (RFC 5545): components, properties and the value types the export uses.

No value can leave its property, whatever it holds and whatever Python's flags: TEXT is
escaped, control characters never reach the file, a URI is percent-encoded, every other
value is checked, and a name or parameter that cannot be written is refused (ValueError).
Values are written, and lines folded, exactly as icalendar 7 wrote them for the export."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta

_NAME = re.compile(r"[A-Za-z0-9-]+")
# RFC 5545 CONTROL (all but HTAB) and C1. (A lone surrogate, not encodable in UTF-8, is
# written "?". It is left out of these classes: a range up to U+DFFF costs ms to compile.)
_NOT_TEXT = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_NOT_URI = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RECUR_ITEM = re.compile(r"[A-Z0-9+-]+")
_RECUR_ORDER = (
    *("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY"),
    *("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST"),
)
# The zones that are UTC itself (tzdata links to Etc/UTC): their times are written with Z.
_UTC_ZONES = {"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu"}
_FOLD_AT = 75  # octets


class Component:
    """VCALENDAR, VEVENT...: its properties in the order they are added, then its components."""

    def __init__(self, name: str) -> None:
        self.name = _checked_name(name)
        self.properties: list[str] = []  # unfolded content lines
        self.components: list[Component] = []

    def add(self, component: Component) -> Component:
        self.components.append(component)
        return component

    def text(self, name: str, value: str) -> None:
        self._property(name, escape_text(value))

    def texts(self, name: str, values: Iterable[str]) -> None:
        """A list of TEXT (CATEGORIES): each escaped, so a comma inside one stays inside it."""
        self._property(name, ",".join(escape_text(value) for value in values))

    def date_time(self, name: str, moment: datetime) -> None:
        """Local time with its zone's TZID, UTC with Z, or floating time if naive."""
        value, tzid = _date_time(moment)
        self._property(name, value, **({"TZID": tzid} if tzid else {}))

    def integer(self, name: str, value: int) -> None:
        self._property(name, str(int(value)))

    def duration(self, name: str, value: timedelta) -> None:
        """-PT15M, -P1D, P1DT2H: as icalendar writes a vDuration (days, then H, M, S)."""
        sign, value = ("-", -value) if value < timedelta(0) else ("", value)
        hours, rest = divmod(value.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        clock = "T" if value.seconds else ""
        clock += f"{hours}H" if hours else ""
        clock += f"{minutes}M" if minutes or (hours and seconds) else ""
        clock += f"{seconds}S" if seconds else ""
        days = f"{value.days}D" if value.days or not clock else ""
        self._property(name, f"{sign}P{days}{clock}")

    def utc_offset(self, name: str, value: timedelta) -> None:
        """+0100, -0330; +003730 when not whole minutes."""
        minutes, seconds = divmod(int(abs(value).total_seconds()), 60)
        written = f"{'-' if value < timedelta(0) else '+'}{minutes // 60:02}{minutes % 60:02}"
        self._property(name, written + (f"{seconds:02}" if seconds else ""))

    def recur(self, name: str, rule: Mapping[str, object]) -> None:
        """RECUR from a dict such as {"FREQ": "YEARLY", "BYDAY": "-1SU", "UNTIL": datetime},
        its parts in the order of RFC 5545 3.3.10 (FREQ first: Apple Calendar needs it)."""
        keys = sorted(rule, key=_RECUR_ORDER.index)  # an unknown part: ValueError
        self._property(name, ";".join(f"{key}={_recur_item(rule[key])}" for key in keys))

    def uri(self, name: str, value: str) -> None:
        """A URI is not escaped, but its control characters are percent-encoded (as a URI
        must have them anyway), so a line break cannot end the property."""
        self._property(name, _NOT_URI.sub(_percent_encoded, value))

    def cal_address(self, name: str, address: str, *, common_name: str | None = None) -> None:
        """CAL-ADDRESS (ORGANIZER): a URI such as mailto:x@example.org, written as `uri`
        writes one, with its CN parameter: any text (see `param_text`), quoted as
        icalendar quotes a CN (also when it holds a space or an apostrophe)."""
        head = _checked_name(name)
        if common_name:
            cn = _param_value(param_text(common_name), quote_also=" '")
            head += f";CN={cn}"
        self.properties.append(f"{head}:{_NOT_URI.sub(_percent_encoded, address)}")

    def _property(self, name: str, value: str, **params: str) -> None:
        head = [_checked_name(name)]
        head += [f"{_checked_name(key)}={_param_value(param)}" for key, param in params.items()]
        self.properties.append(f"{';'.join(head)}:{value}")

    def content_lines(self) -> Iterator[str]:
        yield f"BEGIN:{self.name}"
        yield from self.properties
        for component in self.components:
            yield from component.content_lines()
        yield f"END:{self.name}"

    def to_ical(self) -> bytes:
        return b"".join(fold(line) + b"\r\n" for line in self.content_lines())


def escape_text(value: str) -> str:
    """TEXT (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks (CRLF, LF or a
    lone CR, each one line break) escaped; other control characters become U+FFFD."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _NOT_TEXT.sub("\ufffd", escaped)


def param_text(value: str) -> str:
    """Any text as a parameter value (a CN): RFC 6868 writes a double quote as ^', a line
    break as ^n and a caret as ^^; other control characters become U+FFFD. The result is
    quoted, if it needs to be, where it is written."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    return _NOT_TEXT.sub("\ufffd", value)


def fold(line: str) -> bytes:
    """The content line in UTF-8, folded at 75 octets, never inside a character. Exactly as
    icalendar 7: every piece is at most 74 octets (a continuation adds its leading space), and
    a backslash or caret ending a piece moves to the next, so no escape is split."""
    data = line.encode(errors="replace")
    pieces = []
    start = 0
    while len(data) - start >= _FOLD_AT:
        end = start + _FOLD_AT - 1
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _date_time(moment: datetime) -> tuple[str, str | None]:
    """The DATE-TIME value and the TZID it needs, if any. An aware time without an IANA
    zone (a fixed offset) is written in UTC."""
    tzid = getattr(moment.tzinfo, "key", None)
    utc = moment.tzinfo is not None and (tzid is None or tzid in _UTC_ZONES)
    if utc:
        moment, tzid = moment.astimezone(UTC), None
    value = (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )
    return value + ("Z" if utc else ""), tzid


def _recur_item(value: object) -> str:
    item = _date_time(value)[0] if isinstance(value, datetime) else str(value).upper()
    if not _RECUR_ITEM.fullmatch(item):
        raise ValueError(f"not a recurrence rule value: {value!r}")
    return item


def _checked_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not an iCalendar name: {name!r}")
    return name.upper()


def _param_value(value: str, quote_also: str = "") -> str:
    """Quoted if it holds ':', ';' or ',' (or a character of `quote_also`). A DQUOTE or
    control character cannot be written in a parameter value at all (RFC 5545 3.1): refused."""
    if '"' in value or _NOT_TEXT.search(value):
        raise ValueError(f"not writable as a parameter value: {value!r}")
    quoted = re.search("[:;,]", value) or any(char in value for char in quote_also)
    return f'"{value}"' if quoted else value


def _percent_encoded(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode())
