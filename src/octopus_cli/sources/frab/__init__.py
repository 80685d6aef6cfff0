"""Reading published conference schedules: the frab/pentabarf `schedule.xml` and the
frab/pretalx `schedule.json`, into octopus's programme document (the dict a programme
TOML file reads as, with aware datetimes), which the programme loader then validates.

Rooms become tracks (in the schedule's room order, only rooms that hold events), the
frab <track> (a topic) becomes a tag, <type> a kind, <abstract> the description and
<description> the details (or the agenda, when it is only '- item' lines).

Repairs, made without a word, where a file leaves something out or says it oddly:
- An event without a room goes to a track named '(no room)', after the others.
- A conference without <title> is named by its <acronym>.
- Without a usable <time_zone_name> the zone comes from the times' UTC offsets
  ('Etc/GMT-1' for +01:00 throughout); a file with no offsets at all is read as UTC.
- An event's <date> is its instant and wins over its <day>'s date and its <start>; a
  <date> that cannot be read gives way to the day's date and <start>.
- Without <date>, a <start> before the day change (<day_change>, else the day's start,
  else 04:00, where pretalx's days change) is on the calendar date after the <day>'s.
- A start that a clock change repeats is its first occurrence.
- Details that repeat the abstract are dropped; links and URLs that are not http(s) are
  left out; '/path' URLs are read against the schedule's base_url. A link to the event's
  own <url> titled only by its address (octopus's export writes one, for ConfClerk) is
  left out too: the address stays the session's url.
- Descriptions longer than 20,000 characters (and names longer than 1,000) are cut,
  ending in '…'; control characters other than newline and tab are removed.
- An event id that octopus cannot use as a session id gives way to the first 8 hex
  digits of its guid, else its slug (or pretalx code) as a slug.
- An id given again (pretalx repeats it for each slot of a talk given twice) is made
  unique: the later events, in file order, are 'ID-2', 'ID-3'.
- A frab <track> (a topic) becomes a tag, unless it only repeats the room's name.
Refused (a `ProgrammeError` listing up to 50 problems, each naming its event): an event
without a title, a start time or a duration (under a minute counts as none: times are
kept to the minute), an event longer than 31 days, a title longer than 1,000 characters,
wrong types anywhere in JSON, malformed XML or JSON, an XML encoding Python cannot decode
(shift_jis, UTF-7, ...), and any XML that declares entities. (`loader.py` refuses, in one
message, a schedule needing more than 1,000 tracks: rooms, and lanes for sessions at once.)"""

from __future__ import annotations

from ...core.errors import ProgrammeError
from ...core.i18n import _, ngettext
from .raw import Problems

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["detect_format", "not_a_programme", "read_schedule"]

_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def detect_format(data: bytes) -> str:
    """'toml' | 'frab-xml' | 'frab-json', by content, not by the file's name: after a
    byte-order mark and white space, '<' is XML, '{' JSON (TOML can start with neither);
    anything else is left to the TOML reader."""
    for mark, encoding in _BOMS.items():
        if data.startswith(mark):
            head = data[len(mark) : len(mark) + 4096].decode(encoding, "ignore").lstrip()
            return _by_first(head[:1].encode())
    body = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    return _by_first(body[:1])


def not_a_programme(data: bytes) -> str | None:
    """Why a download is plainly no programme (a login page where a schedule was expected),
    from a look at its first bytes; None when it may be one (reading it will tell)."""
    kind = detect_format(data)
    head = data[:65536]
    if kind == "frab-xml" and b"<schedule" not in head:
        return _("the server sent a page that is not a schedule (no <schedule>)")
    if kind == "frab-json" and b'"schedule"' not in head:
        return _('the server sent JSON that is not a schedule (no "schedule")')
    if kind == "toml" and b"[conference]" not in data:
        return _("the server sent something that is not a programme")
    return None


def _by_first(first: bytes) -> str:
    if first == b"<":
        return "frab-xml"
    if first == b"{":
        return "frab-json"
    return "toml"


def read_schedule(data: bytes, source: str) -> dict[str, Any]:
    """A frab XML or JSON schedule as a programme document; a ProgrammeError naming
    `source` for anything wrong with it, listing its problems."""
    from .mapping import build

    problems = Problems()
    kind = detect_format(data)
    if kind == "frab-xml":
        from .xml_reader import read_xml

        schedule = read_xml(data, source, problems)
    elif kind == "frab-json":
        from .json_reader import read_json

        schedule = read_json(data, source, problems)
    else:
        raise ProgrammeError(
            _("{source} is not a frab schedule (neither XML nor JSON)").format(source=source),
            [_("{source}: starts with neither '<' nor '{{'").format(source=source)],
            hint=_(
                "octopus reads the schedule.xml and schedule.json that frab, pentabarf "
                "and pretalx publish."
            ),
        )
    document = build(schedule, problems)
    if problems.count:
        count = problems.count
        message = ngettext(
            "cannot read the schedule {source} ({count} problem)",
            "cannot read the schedule {source} ({count} problems)",
            count,
        )
        raise ProgrammeError(
            message.format(source=source, count=count),
            problems.listed(),
            hint=_("The schedule's publisher can fix these; octopus does not guess them."),
        )
    return document
