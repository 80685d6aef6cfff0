"""Errors about a calendar file, and the hints that go with them."""

from __future__ import annotations

from ...core.errors import InputError

EXPORT_HINT = "Export the calendar again from your calendar app as an .ics (iCalendar) file."
DATE_HINT = "iCalendar dates look like 20211117, times like 20211117T093000 (Z for UTC)."
RULE_HINT = "A rule looks like FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20211231T230000Z (RFC 5545)."


class CalendarError(InputError):
    """A calendar file that cannot be read or has an event that cannot be used."""


def calendar_error(
    source: str, problem: str, hint: str | None = None, where: str = ""
) -> CalendarError:
    """'calendar work.ics: event 'Team sync' (line 12): <problem>'."""
    place = f"{where}: " if where else ""
    return CalendarError(f"calendar {source}: {place}{problem}", hint)


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to at most `limit` characters, for a message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
