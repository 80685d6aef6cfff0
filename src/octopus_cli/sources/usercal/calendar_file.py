"""The calendar being read, shared by every step: its text and name, how to read it, and
the two things every step needs from it: parsing a block with icalendar and failing with
a message that names the block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from .errors import EXPORT_HINT, calendar_error, shorten
from .scan import Block, label, line_number


@dataclass(frozen=True)
class CalendarFile:
    """One calendar file being read, and the options it is read with."""

    text: str  # decoded, with \n line ends
    source: str  # the file name, for messages
    zone: ZoneInfo  # the display zone: floating and all-day times are in it
    all_day_busy: bool

    def fail(self, block: Block, problem: str, hint: str | None = None) -> NoReturn:
        raise calendar_error(self.source, problem, hint, label(self.text, block))

    def parse(self, block: Block) -> Any:
        """The block as an icalendar component."""
        from icalendar import Component

        try:
            return Component.from_ical(self.text[block.start : block.end])
        except Exception as error:  # icalendar raises ValueError and, on odd input, others
            self.fail(block, self.unreadable(block, str(error)), EXPORT_HINT)

    def unreadable(self, block: Block, detail: str) -> str:
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
                line = line_number(self.text, block.start) + offset
                return f"line {line} cannot be read: '{shorten(logical)}'"
        return f"cannot be read ({shorten(detail, 200)})"
