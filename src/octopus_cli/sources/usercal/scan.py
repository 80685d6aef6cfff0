"""The fast pre-scan of a calendar's text: a regular expression checks BEGIN/END nesting
and finds each VEVENT and VTIMEZONE with the raw properties that place an event in time,
so that icalendar parses only what may touch the window."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ...core.i18n import _
from .errors import calendar_error, export_hint, shorten

_MAX_DEPTH = 10  # VCALENDAR > VEVENT > VALARM is 3

# The lines the scan needs: component boundaries and the properties that place an event
# in time. Everything else is left to icalendar, for the events that are parsed.
# A VALARM with no component inside is matched whole: it holds nothing to read. The empty
# third group is there when the line is folded (the next one starts with a space).
_SCANNED = re.compile(
    r"^(?:BEGIN:VALARM\n(?:(?!BEGIN|END)[^\n]*\n)*END:VALARM$|"
    r"(BEGIN|END|DTSTART|DTEND|DURATION|RRULE|RDATE|EXRULE|RECURRENCE-ID)[ \t]*([;:][^\n]*)"
    r"((?=\n[ \t]))?)",
    re.MULTILINE | re.IGNORECASE,
)
_BLANK = re.compile(r"[ \t\n\x00]*")
_NAMES = {
    name: name
    for name in (
        "BEGIN", "END", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXRULE",
        "RECURRENCE-ID",
    )
}  # fmt: skip
_COMPONENTS = {
    f":{name}": name
    for name in (
        "VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VALARM", "VTODO",
        "VJOURNAL",
    )
}  # fmt: skip
_DAYS: dict[str, date | None] = {}  # raw digits -> date, as a file has few distinct days
_BLOCKS = frozenset({"VEVENT", "VTIMEZONE"})


@dataclass
class Block:
    """A VEVENT or VTIMEZONE directly inside a VCALENDAR: where it is in the text and
    the raw `;params:value` of the properties the scan reads."""

    kind: str
    start: int
    depth: int = 2  # 2 in a VCALENDAR, 3 in a VCALENDAR nested in one...
    end: int = -1
    props: dict[str, list[str]] = field(default_factory=dict)
    folded: bool = False  # a scanned property continues on a folded line


def line_number(text: str, position: int) -> int:
    """The line number of a position (counted only when a message needs it)."""
    return text.count("\n", 0, position) + 1


def scan(text: str, source: str) -> list[Block]:
    """Check that the text is an iCalendar object with balanced BEGIN/END lines (icalendar
    accepts a mismatched END and reports an unclosed component vaguely), and find its
    events and time zones."""
    skipped = _BLANK.match(text)
    head = skipped.end() if skipped else 0
    if head == len(text):
        raise calendar_error(source, _("the file is empty"), export_hint())
    line_end = text.find("\n", head)
    first_line = text[head : line_end if line_end >= 0 else len(text)].strip()
    if not re.fullmatch(r"BEGIN[ \t]*:[ \t]*VCALENDAR", first_line, re.IGNORECASE):
        raise calendar_error(
            source,
            _("not an iCalendar file: it starts with '{line}', not BEGIN:VCALENDAR").format(
                line=shorten(first_line, 40)
            ),
            export_hint(),
        )
    blocks: list[Block] = []
    stack: list[tuple[str, int]] = []  # component name, position of its BEGIN
    current: Block | None = None
    depth = 0  # of `current`: its properties are the lines at that depth
    names = _NAMES
    for match in _SCANNED.finditer(text):
        raw_name, rest, folded = match.group(1, 2, 3)
        if raw_name is None:
            continue  # a VALARM
        name = names.get(raw_name) or raw_name.upper()
        if name != "BEGIN" and name != "END":
            if current is not None and len(stack) == depth:
                current.props.setdefault(name, []).append(rest)
                current.folded = current.folded or folded is not None
            continue
        end = match.end()
        if folded is not None:
            end = _logical_end(text, end)
            rest = re.sub(r"\n[ \t]", "", text[match.start(2) : end])
        component = _COMPONENTS.get(rest) or rest.partition(":")[2].strip().upper()
        where = match.start()
        if not component:
            raise calendar_error(
                source,
                _("line {line}: {name} without a component name").format(
                    line=line_number(text, where), name=name
                ),
            )
        if name == "BEGIN":
            if not stack and component != "VCALENDAR":
                raise calendar_error(
                    source,
                    _("line {line}: BEGIN:{component} outside BEGIN:VCALENDAR").format(
                        line=line_number(text, where), component=component
                    ),
                )
            if current is None and component in _BLOCKS and stack[-1][0] == "VCALENDAR":
                # Events of a VCALENDAR nested in another are read like the others.
                depth = len(stack) + 1
                current = Block(component, where, depth)
            stack.append((component, where))
            if len(stack) > _MAX_DEPTH:
                raise calendar_error(
                    source,
                    _("line {line}: components nested too deeply").format(
                        line=line_number(text, where)
                    ),
                )
            continue
        if not stack:
            raise calendar_error(
                source,
                _("line {line}: END:{component} without a BEGIN:{component}").format(
                    line=line_number(text, where), component=component
                ),
            )
        opened, opened_at = stack.pop()
        if opened != component:
            raise calendar_error(
                source,
                _("line {line}: END:{component} closes BEGIN:{opened} from line {begin}").format(
                    line=line_number(text, where),
                    component=component,
                    opened=opened,
                    begin=line_number(text, opened_at),
                ),
                _("Each BEGIN:{opened} needs its own END:{opened}; is the file damaged?").format(
                    opened=opened
                ),
            )
        if current is not None and len(stack) == depth - 1:
            current.end = end
            blocks.append(current)
            current = None
    if stack:
        opened, opened_at = stack[-1]
        raise calendar_error(
            source,
            _("BEGIN:{opened} on line {line} is never closed (no END:{opened})").format(
                opened=opened, line=line_number(text, opened_at)
            ),
            _("The file seems cut short; export or download it again."),
        )
    return blocks


def label(text: str, block: Block) -> str:
    """'event 'Team sync' (uid abc, line 12)', from the raw text (the event may not parse)."""
    body = text[block.start : block.end]
    line = line_number(text, block.start)
    uid = raw_property(body, "UID")
    if block.kind == "VTIMEZONE":
        name = shorten(raw_property(body, "TZID"))
        if uid:
            return _("time zone '{name}' (uid {uid}, line {line})").format(
                name=name, uid=shorten(uid), line=line
            )
        return _("time zone '{name}' (line {line})").format(name=name, line=line)
    summary = raw_property(body, "SUMMARY")
    if summary and uid:
        return _("event '{title}' (uid {uid}, line {line})").format(
            title=shorten(summary), uid=shorten(uid), line=line
        )
    if summary:
        return _("event '{title}' (line {line})").format(title=shorten(summary), line=line)
    if uid:
        return _("event (uid {uid}, line {line})").format(uid=shorten(uid), line=line)
    return _("event (line {line})").format(line=line)


def _logical_end(text: str, end: int) -> int:
    """The end of the content line that ends its first physical line at `end`."""
    while end + 1 < len(text) and text[end + 1] in " \t":
        following = text.find("\n", end + 1)
        end = len(text) if following < 0 else following
    return end


def raw_value(rest: str) -> str:
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


def raw_day(rest: str) -> date | None:
    """The date a raw `;params:value` starts with (20211117 of 20211117T100000Z)."""
    digits = rest[1:9] if rest[:1] == ":" else raw_value(rest).strip()[:8]
    if digits not in _DAYS:
        if len(_DAYS) > 100_000:
            _DAYS.clear()
        _DAYS[digits] = _day(digits)
    return _DAYS[digits]


def _day(digits: str) -> date | None:
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def raw_property(body: str, name: str) -> str:
    """The first `name` value in a block's text, unescaped, for messages."""
    match = re.search(rf"^{name}[ \t]*([;:][^\n]*)", body, re.MULTILINE | re.IGNORECASE)
    return _unescape(raw_value(match.group(1))).strip() if match else ""


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: " " if m.group(1) in "nN" else m.group(1), value)
