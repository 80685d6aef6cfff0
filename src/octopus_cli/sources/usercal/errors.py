"""Errors about a calendar file, and the hints that go with them."""

from __future__ import annotations

from ...core.errors import InputError
from ...core.i18n import _


def export_hint() -> str:
    return _("Export the calendar again from your calendar app as an .ics (iCalendar) file.")


def date_hint() -> str:
    return _("iCalendar dates look like 20211117, times like 20211117T093000 (Z for UTC).")


def rule_hint() -> str:
    return _("A rule looks like FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20211231T230000Z (RFC 5545).")


class CalendarError(InputError):
    """A calendar file that cannot be read or has an event that cannot be used."""


def calendar_error(
    source: str, problem: str, hint: str | None = None, where: str = ""
) -> CalendarError:
    """'calendar work.ics: event 'Team sync' (line 12): <problem>'."""
    if where:
        message = _("calendar {source}: {where}: {problem}").format(
            source=source, where=where, problem=problem
        )
    else:
        message = _("calendar {source}: {problem}").format(source=source, problem=problem)
    return CalendarError(message, hint)


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to at most `limit` characters, for a message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
