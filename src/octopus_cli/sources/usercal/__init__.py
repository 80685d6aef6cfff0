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

The package reads a file in layers: `decode` (bytes to text), `scan` (the pre-scan),
`events` (a VEVENT as an Event, with `zones`, `moments` and `recurrence`), `expand` (its
occurrences) and `busy_time` (occurrences as Busy, minus overrides).
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ...core.busy import Busy
from ...core.errors import OctopusError
from ...store.fileio import read_input
from .busy_time import busy_intervals
from .calendar_file import CalendarFile
from .decode import decode
from .errors import DATE_HINT, EXPORT_HINT, RULE_HINT, CalendarError, calendar_error
from .events import EventReader
from .expand import MAX_INSTANCES, MAX_ITERATIONS
from .scan import may_touch, scan

__all__ = [
    "DATE_HINT",
    "EXPORT_HINT",
    "MAX_CALENDAR_BYTES",
    "MAX_INSTANCES",
    "MAX_ITERATIONS",
    "RULE_HINT",
    "Busy",
    "CalendarError",
    "parse_busy",
    "read_busy",
]

MAX_CALENDAR_BYTES = 200 * 1024 * 1024
_SLACK = timedelta(days=7)  # zone offsets (custom VTIMEZONEs included) are well inside it


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
            f"file too large: over {MAX_CALENDAR_BYTES // (1024 * 1024)} MB",
            "A calendar export is rarely over a few tens of megabytes; is this the right file?",
        )
    content = decode(text, source) if isinstance(text, bytes) else text.removeprefix("\ufeff")
    # icalendar splits lines on \r?\n only; old Mac files end lines with a bare \r.
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    blocks = scan(content, source)
    file = CalendarFile(content, source, zone, all_day_busy)
    reader = EventReader(file, blocks)
    lo, hi = low.astimezone(UTC), high.astimezone(UTC)
    first_day, last_day = (lo - _SLACK).date(), (hi + _SLACK).date()
    with warnings.catch_warnings():
        # icalendar warns on guessed TZIDs, dateutil on COUNT with UNTIL: not for the user.
        warnings.simplefilter("ignore")
        events = [
            event
            for block in blocks
            if block.kind == "VEVENT" and may_touch(block, first_day, last_day)
            for event in [reader.read(block)]
            if event is not None
        ]
        found = busy_intervals(events, file, lo, hi)
    return sorted(found, key=lambda b: (b.start, b.end, b.summary, b.uid or ""))
