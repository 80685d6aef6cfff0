"""Times as published schedules write them.

- An event's <date> is the instant ('2023-12-27T11:00:00+01:00'); <start> and <duration>
  are 'HH:MM' ('H:MM', 'HH:MM:SS' too). pretalx writes a duration of a day or more as
  'D:HH:MM' ('1:02:00' is 26 hours): three fields whose first is one digit, not 0, and
  whose second is below 24 are read so; other three-field forms are 'HH:MM:SS'.
- Times without a date ('HH:MM' on a <day>) are wall-clock times in the conference's
  zone (see `zones.py`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ...core.clock import FIRST_YEAR, LAST_YEAR

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_DURATION = re.compile(r"(\d{1,6}):(\d{2})(?::(\d{2}))?")
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
# When a file does not say (<day_change>, a day's start): pretalx's days run from 04:00 to
# 03:59, and it files a talk before 03:00 under the day before. (Giggity assumes 06:00.)
DEFAULT_DAY_CHANGE = timedelta(hours=4)


def in_years(moment: date) -> bool:
    return FIRST_YEAR <= moment.year <= LAST_YEAR


def parse_clock(text: str) -> timedelta | None:
    """'09:30' -> 9 h 30 min after midnight; None when it is not a time of day. Hours up
    to 47 are taken (some writers count past midnight: '25:30' is 01:30 the day after)."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if hours >= 48 or minutes >= 60 or seconds >= 60:
        return None
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_duration(text: str) -> timedelta | None:
    """'00:45', '1:30', '26:00', '01:30:00' (HH:MM:SS), '1:02:00' (pretalx's D:HH:MM);
    None when it is not a duration."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        return None
    first, second, third = match.groups()
    if third is None:
        if int(second) >= 60:
            return None
        return timedelta(hours=int(first), minutes=int(second))
    if len(first) == 1 and first != "0" and int(second) < 24:
        return timedelta(days=int(first), hours=int(second), minutes=int(third))
    if int(second) >= 60 or int(third) >= 60:
        return None
    return timedelta(hours=int(first), minutes=int(second), seconds=int(third))


def parse_moment(text: str) -> datetime | None:
    """An ISO 8601 date and time, with its offset (aware) or without (naive); None when
    the text is not one (a date alone is not a moment)."""
    text = text.strip()
    if len(text) < 16 or len(text) > 64 or text[10] not in "Tt ":
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_date(text: str, zone: ZoneInfo) -> date | None:
    """'2023-12-27', or a date and time (then its date in `zone`); None when neither."""
    text = text.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    moment = parse_moment(text)
    if moment is None:
        return None
    try:
        return (moment.astimezone(zone) if moment.tzinfo else moment).date()
    except OverflowError:
        return None


def pinned(moment: datetime) -> datetime:
    """`moment` with its UTC offset as its zone: same wall clock, same instant, and
    arithmetic that cannot be fooled by a clock change."""
    offset = moment.utcoffset() or timedelta(0)
    return moment.replace(tzinfo=timezone(offset))


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    """An aware moment on the conference's clock (pinned)."""
    return pinned(moment.astimezone(zone))


def wall_clock(day: date, clock: timedelta, zone: ZoneInfo) -> datetime:
    """`clock` after the midnight that starts `day`, on the wall clocks of `zone`. A time
    that a clock change repeats is its first occurrence; one that it skips is read with
    the offset before the change (and so lands after it)."""
    naive = datetime.combine(day, time()) + clock
    aware = naive.replace(tzinfo=zone)
    return local(aware.astimezone(UTC), zone)
