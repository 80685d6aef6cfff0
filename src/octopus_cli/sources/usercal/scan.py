"""The fast pre-scan of a calendar's text: a regular expression checks BEGIN/END nesting
and finds each VEVENT and VTIMEZONE with the raw properties that place an event in time,
so that icalendar parses only what may touch the window."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .errors import EXPORT_HINT, calendar_error, shorten

_MAX_DEPTH = 10  # VCALENDAR > VEVENT > VALARM is 3

# The lines the scan needs: component boundaries and the properties that place an event
# in time. Everything else is left to icalendar, for the events that are parsed.
_SCANNED = re.compile(
    r"^(BEGIN|END|DTSTART|DTEND|DURATION|RRULE|RDATE|EXRULE|RECURRENCE-ID)[ \t]*([;:][^\n]*)",
    re.MULTILINE | re.IGNORECASE,
)
_DATE_PROPERTIES = frozenset({"DTSTART", "DTEND"})


@dataclass
class Block:
    """A VEVENT or VTIMEZONE directly inside a VCALENDAR: where it is in the text and
    the raw `;params:value` of the properties the scan reads."""

    kind: str
    start: int
    end: int = -1
    props: dict[str, list[str]] = field(default_factory=dict)
    folded: bool = False  # DTSTART or DTEND continues on a folded line


def line_number(text: str, position: int) -> int:
    """The line number of a position (counted only when a message needs it)."""
    return text.count("\n", 0, position) + 1


def scan(text: str, source: str) -> list[Block]:
    """Check that the text is an iCalendar object with balanced BEGIN/END lines (icalendar
    accepts a mismatched END and reports an unclosed component vaguely), and find its
    events and time zones."""
    head = text.lstrip(" \t\n\x00")
    if not head:
        raise calendar_error(source, "the file is empty", EXPORT_HINT)
    first_line = head.split("\n", 1)[0].strip()
    if not re.fullmatch(r"BEGIN[ \t]*:[ \t]*VCALENDAR", first_line, re.IGNORECASE):
        raise calendar_error(
            source,
            f"not an iCalendar file: it starts with '{shorten(first_line, 40)}', "
            "not BEGIN:VCALENDAR",
            EXPORT_HINT,
        )
    blocks: list[Block] = []
    stack: list[tuple[str, int]] = []  # component name, position of its BEGIN
    current: Block | None = None
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
            raise calendar_error(
                source, f"line {line_number(text, where)}: {name} without a component name"
            )
        if name == "BEGIN":
            if not stack and component != "VCALENDAR":
                raise calendar_error(
                    source,
                    f"line {line_number(text, where)}: BEGIN:{component} outside BEGIN:VCALENDAR",
                )
            stack.append((component, where))
            if len(stack) > _MAX_DEPTH:
                raise calendar_error(
                    source, f"line {line_number(text, where)}: components nested too deeply"
                )
            if len(stack) == 2 and component in ("VEVENT", "VTIMEZONE"):
                current = Block(component, where)
            continue
        if not stack:
            raise calendar_error(
                source,
                f"line {line_number(text, where)}: END:{component} without a BEGIN:{component}",
            )
        opened, opened_at = stack.pop()
        if opened != component:
            raise calendar_error(
                source,
                f"line {line_number(text, where)}: END:{component} closes BEGIN:{opened} "
                f"from line {line_number(text, opened_at)}",
                f"Each BEGIN:{opened} needs its own END:{opened}; is the file damaged?",
            )
        if len(stack) == 1 and current is not None:
            current.end = end
            blocks.append(current)
            current = None
    if stack:
        opened, opened_at = stack[-1]
        raise calendar_error(
            source,
            f"BEGIN:{opened} on line {line_number(text, opened_at)} is never closed "
            f"(no END:{opened})",
            "The file seems cut short; export or download it again.",
        )
    return blocks


def may_touch(block: Block, first_day: date, last_day: date) -> bool:
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


def label(text: str, block: Block) -> str:
    """'event 'Team sync' (uid abc, line 12)', from the raw text (the event may not parse)."""
    body = text[block.start : block.end]
    if block.kind == "VTIMEZONE":
        name = f"time zone '{shorten(_raw_property(body, 'TZID'))}'"
    else:
        summary = _raw_property(body, "SUMMARY")
        name = f"event '{shorten(summary)}'" if summary else "event"
    uid = _raw_property(body, "UID")
    details = ([f"uid {shorten(uid)}"] if uid else []) + [f"line {line_number(text, block.start)}"]
    return f"{name} ({', '.join(details)})"


def _logical_end(text: str, end: int) -> int:
    """The end of the content line that ends its first physical line at `end`."""
    while end + 1 < len(text) and text[end + 1] in " \t":
        following = text.find("\n", end + 1)
        end = len(text) if following < 0 else following
    return end


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


def _raw_property(body: str, name: str) -> str:
    """The first `name` value in a block's text, unescaped, for messages."""
    match = re.search(rf"^{name}[ \t]*([;:][^\n]*)", body, re.MULTILINE | re.IGNORECASE)
    return _unescape(_value(match.group(1))).strip() if match else ""


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: " " if m.group(1) in "nN" else m.group(1), value)
