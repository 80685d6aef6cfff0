"""Busy time from outside the programme (the user's own calendars), as the core sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Busy:
    """One interval when the user is busy: an event of their calendar, or one occurrence."""

    start: datetime  # aware, in the display zone
    end: datetime  # aware, > start
    summary: str  # '' when missing; may hold control characters
    uid: str | None
    source: str  # the file name as the user gave it
