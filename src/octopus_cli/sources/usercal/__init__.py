"""The user's own calendar (.ics) as busy time, for `octopus clashes --calendar FILE`.

`read_busy` / `parse_busy` return the busy intervals of a calendar export (Google,
Outlook, Apple, Thunderbird, Nextcloud...) that overlap a window, sorted by start, as RFC
5545 (and RFC 5546 for versions) says; README's "Checking picks against your own
calendar" lists the rules. In short:

- timed events in their zone: a TZID names the file's own VTIMEZONE first; a TZID the
  file does not define may be an IANA name (any letter case), a Windows name, or a
  "globally unique" /vendor/Area/City id (zones); floating times are in the display zone;
- all-day events only with `all_day_busy`; cancelled and free events are not busy;
- recurrences (RRULE, EXRULE, RDATE, EXDATE) are expanded in the event's wall clock, and
  only around the window; RECURRENCE-ID overrides (RANGE=THISANDFUTURE too) and versions
  (SEQUENCE) are applied per UID (busy_time);
- the work is bounded per file (budget): a calendar that would need more is refused.

Speed: icalendar parses about 2,700 events a second. The file is therefore scanned
first (scan: a regular expression checks BEGIN/END nesting and reads the raw dates and
rules of each event); icalendar then parses, stripped of the properties busy time does
not use, only the events that may touch the window (window: single events near it,
series that neither end before it nor start after it, overrides near it) and the
VTIMEZONEs they use. Problems in events far from the window are therefore not reported.

Every problem is a CalendarError naming the file, the event and what is wrong; no other
exception escapes for any input.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ...core.busy import Busy
from ...core.errors import OctopusError
from ...core.i18n import _
from ...store.fileio import read_input
from .budget import MAX_FILE_INSTANCES, MAX_INSTANCES, MAX_ITERATIONS
from .busy_time import busy_intervals
from .calendar_file import CalendarFile
from .decode import decode
from .errors import CalendarError, calendar_error
from .events import EventReader
from .model import Event
from .scan import Block, raw_property, scan
from .window import may_touch

__all__ = [
    "MAX_CALENDAR_BYTES",
    "MAX_FILE_INSTANCES",
    "MAX_INSTANCES",
    "MAX_ITERATIONS",
    "Busy",
    "CalendarError",
    "parse_busy",
    "read_busy",
]

MAX_CALENDAR_BYTES = 200 * 1024 * 1024
_SLACK = timedelta(days=2)  # UTC offsets are under a day (RFC 5545 §3.3.14)


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
        raise calendar_error(
            source,
            _("file too large: over {size} MB").format(size=MAX_CALENDAR_BYTES // (1024 * 1024)),
            _("A calendar export is rarely over a few tens of megabytes; is this the right file?"),
        )
    content = decode(text, source) if isinstance(text, bytes) else text.removeprefix("\ufeff")
    # icalendar splits lines on \r?\n only; old Mac files end lines with a bare \r.
    content = content.replace("\r\n", "\n")
    if "\r" in content:
        content = content.replace("\r", "\n")
    blocks = scan(content, source)
    lo, hi = low.astimezone(UTC), high.astimezone(UTC)
    file = CalendarFile(content, source, zone, all_day_busy, year=lo.year)
    reader = EventReader(file, blocks)
    first_day, last_day = (lo - _SLACK).date(), (hi + _SLACK).date()
    kept: list[Block] = []
    left: list[Block] = []
    for block in blocks:
        if block.kind == "VEVENT":
            (kept if may_touch(block, first_day, last_day) else left).append(block)
    with warnings.catch_warnings():
        # icalendar warns on guessed TZIDs, dateutil on COUNT with UNTIL: not for the user.
        warnings.simplefilter("ignore")
        events = [event for block in kept for event in [reader.read(block)] if event is not None]
        found = busy_intervals(events, file, lo, hi, _superseded(content, events, left))
    return sorted(found, key=lambda b: (b.start, b.end, b.summary, b.uid or ""))


def _superseded(text: str, events: list[Event], left: list[Block]) -> dict[str, int]:
    """By UID, the highest SEQUENCE of the recurring masters the pre-scan left out, for
    the UIDs of masters it kept: a newer version of a series that ended before the window
    supersedes an older one that did not."""
    uids = {event.uid for event in events if event.uid is not None and event.override is None}
    found: dict[str, int] = {}
    for block in left if uids else []:
        if "RRULE" in block.props and "RECURRENCE-ID" not in block.props:
            body = text[block.start : block.end]
            uid = raw_property(body, "UID")
            if uid in uids:
                sequence = raw_property(body, "SEQUENCE")
                number = int(sequence) if sequence.isdigit() else 0
                found[uid] = max(found.get(uid, 0), number)
    return found
