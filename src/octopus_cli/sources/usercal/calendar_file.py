"""The calendar being read, shared by every step: its text and name, how to read it, and
the two things every step needs from it: parsing a block with icalendar and failing with
a message that names the block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from ...core.i18n import _
from .budget import Budget
from .errors import calendar_error, export_hint, shorten
from .scan import Block, label, line_number

# The properties of an event that busy time depends on; the others (DESCRIPTION, ATTENDEE,
# X- properties, those of its VALARMs...) are cut before icalendar parses the event, which
# makes that several times faster, and none of their problems can refuse the calendar.
_USED = (
    "UID|SUMMARY|DTSTART|DTEND|DURATION|RRULE|RDATE|EXDATE|EXRULE|RECURRENCE-ID|SEQUENCE"
    "|STATUS|TRANSP|X-MICROSOFT-CDO-BUSYSTATUS|BEGIN|END"
)
_UNUSED = re.compile(
    rf"^(?!(?:{_USED})[ \t]*[;:])[A-Za-z0-9-]+[ \t]*[;:][^\n]*(?:\n[ \t][^\n]*)*\n",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True)
class CalendarFile:
    """One calendar file being read, and the options it is read with."""

    text: str  # decoded, with \n line ends
    source: str  # the file name, for messages
    zone: ZoneInfo  # the display zone: floating and all-day times are in it
    all_day_busy: bool
    year: int = 2021  # of the window, where time zones are checked first
    budget: Budget = field(default_factory=Budget)  # the work the whole file may ask for

    def fail(self, block: Block, problem: str, hint: str | None = None) -> NoReturn:
        raise calendar_error(self.source, problem, hint, label(self.text, block))

    def parse(self, block: Block) -> Any:
        """The block as an icalendar component."""
        from icalendar import Component

        text = self.text[block.start : block.end]
        if block.kind == "VEVENT":
            text = _UNUSED.sub("", text)
        try:
            return Component.from_ical(text)
        except Exception as error:  # icalendar raises ValueError and, on odd input, others
            self.fail(block, str(self.unreadable(block, str(error))), export_hint())

    def unreadable(self, block: Block, detail: str, extensions: bool = True) -> str | None:
        """'line 14 cannot be read: ...', naming the first line icalendar cannot split
        (of an event, among those it parses); with `extensions` false, broken X-
        properties (Apple's X-APPLE-STRUCTURED-LOCATION with an unquoted '"', an
        X-NAME/WITH-SLASH) are skipped too, and None says that they are all there is."""
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
            if block.kind == "VEVENT" and _UNUSED.match(logical + "\n"):
                continue
            try:
                content_line(logical).parts()
            except Exception:  # any failure to split marks the line
                if not extensions and logical[:2].upper() == "X-":
                    continue
                line = line_number(self.text, block.start) + offset
                return _("line {line} cannot be read: '{text}'").format(
                    line=line, text=shorten(logical)
                )
        if not extensions:
            return None
        return _("cannot be read ({detail})").format(detail=shorten(detail, 200))
