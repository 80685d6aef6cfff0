"""Reading the times people type: instants (`--at`, OCTOPUS_NOW), dates (`--day`), and
daily windows (`--between`). Every function gets "now" or "today" as a parameter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .errors import InputError
from .i18n import _, active_language

# The years octopus reads and shows: far enough for any conference, and far from the ends
# of Python's calendar (year 1, year 9999), where a day or an offset more overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def date_forms() -> str:
    """The forms of a date octopus reads, for hints ('Use ...')."""
    return _("an ISO date (2021-11-17), a written date (17 Nov 2021), today, yesterday or tomorrow")


def day_forms() -> str:
    """The forms of a --day octopus reads, for hints ('Use ...')."""
    return _(
        "a day number (1), a weekday (wed), an ISO date (2021-11-17), a written date "
        "(17 Nov 2021), today, yesterday or tomorrow"
    )


def instant_forms() -> str:
    """The forms of a date and time octopus reads, for hints ('Use ...')."""
    return _(
        "an ISO date and time (2021-11-17T09:30, 2021-11-17 09:30+01:00) "
        "or a written one (17 Nov 2021 9:30)"
    )


def _use(forms: str) -> str:
    return _("Use {forms}.").format(forms=forms)


def check_year(moment: date, what: str, raw: str) -> None:
    """Refuse a date outside the years octopus handles (see FIRST_YEAR, LAST_YEAR)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InputError(
            _("{what}: '{raw}' is outside the years octopus handles ({first}–{last})").format(
                what=what, raw=raw, first=FIRST_YEAR, last=LAST_YEAR
            ),
            _("Give a date from {first} to {last}.").format(first=FIRST_YEAR, last=LAST_YEAR),
        )


def parse_instant(text: str, zone: ZoneInfo, what: str = "--at") -> tuple[datetime, str | None]:
    """An aware datetime from user text, and a note when a zone in it needed one. A time
    without offset or zone is in `zone`; a zone name after it ('14:30 Asia/Tokyo',
    '14:30 CET') is read as `--tz` reads it."""
    raw = text.strip()
    note = None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        rest, named, note = _named_zone(raw, what)
        value = _parse_written(rest, what, instant_forms())
        if named is not None:
            if value.tzinfo is not None:
                raise InputError(
                    _("{what}: '{raw}' gives both an offset and a zone").format(what=what, raw=raw),
                    _use(instant_forms()),
                ) from None
            value = value.replace(tzinfo=named)
    check_year(value, what, raw)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value, note


_NOT_ZONES = {"am", "pm", "a.m.", "p.m.", "at", "on", "utc", "z", "gmt"}


def _named_zone(raw: str, what: str) -> tuple[str, ZoneInfo | None, str | None]:
    """Split '17 Nov 2021 14:30 PST' into the time and its zone, resolved as `--tz`
    resolves names: an IANA name or city, one abbreviation with a note, an ambiguous one
    refused. Text without a trailing word is returned as it is."""
    head, _space, last = raw.rpartition(" ")
    word = last.strip(",").casefold()
    if not head or word in _NOT_ZONES or not (last.isalpha() or "/" in last):
        return raw, None, None
    if word in _MONTH_OR_DAY_WORDS:
        return raw, None, None
    from .errors import ZoneError
    from .timezones import resolve_zone

    try:
        resolved = resolve_zone(last)
    except ZoneError as error:
        raise InputError(f"{what}: {error.message}", error.hint) from None
    return head, resolved.zone, resolved.note


_CALENDAR_WORDS = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december mon tue wed thu fri sat sun monday "
    "tuesday wednesday thursday friday saturday sunday"
)
_MONTH_OR_DAY_WORDS = frozenset(_CALENDAR_WORDS.split())


def resolve_now(
    at: str | None, environ: Mapping[str, str], zone: ZoneInfo, system_now: datetime
) -> tuple[datetime, str | None]:
    """The run's clock (--at, else OCTOPUS_NOW, else the system clock read once by the
    caller), and a note about a zone named in it, if any."""
    if at is not None:
        return parse_instant(at, zone, "--at")
    if environ.get("OCTOPUS_NOW"):
        return parse_instant(environ["OCTOPUS_NOW"], zone, "OCTOPUS_NOW")
    return system_now, None


# today, yesterday, tomorrow in the other languages: accepted besides the English words
# while octopus speaks that language.
_RELATIVE_WORDS = {
    "fr": {"aujourd'hui": 0, "aujourd’hui": 0, "hier": -1, "demain": 1},
    "es": {"hoy": 0, "ayer": -1, "mañana": 1, "manana": 1},
}


def relative_day(text: str) -> int | None:
    """How many days from today a word names: 'today' 0, 'yesterday' -1, 'tomorrow' 1 (and
    the active language's words: 'demain', 'mañana'); None for any other text."""
    word = text.strip().casefold()
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}.get(word)
    if relative is None:
        relative = _RELATIVE_WORDS.get(active_language(), {}).get(word)
    return relative


def parse_day(text: str, today: date, what: str = "--day", forms: str | None = None) -> date:
    """A calendar date from user text: ISO, written forms, today/yesterday/tomorrow (from
    `today`, the viewer's date). Errors name the option `what` and suggest `forms` (by
    default `date_forms()`)."""
    raw = text.strip()
    relative = relative_day(raw)
    if relative is not None:
        return today + timedelta(days=relative)
    forms = forms or date_forms()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        written = _parse_written(raw, what, forms)
        if written.time() != time() or written.tzinfo is not None:
            raise InputError(
                _("{what}: '{raw}' is a date and time; give a date").format(what=what, raw=raw),
                _use(forms),
            ) from None
        day = written.date()
    check_year(day, what, raw)
    return day


def _parse_written(raw: str, what: str, forms: str) -> datetime:
    # A date needs at least a digit: dateutil would otherwise read 'monday' as some date.
    if not raw or not any(c.isdigit() for c in raw):
        raise InputError(_("{what}: not a date: '{raw}'").format(what=what, raw=raw), _use(forms))
    import warnings

    from dateutil import parser  # only for the forms fromisoformat does not read

    try:
        # Parsed with two different defaults: a part missing from the text (the year, the
        # month, the day) takes the default, so the two readings differ there. A library
        # warning (an unknown zone word) never reaches the user: such words are read above.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value: datetime = parser.parse(raw, default=datetime(1, 1, 1))
            other: datetime = parser.parse(raw, default=datetime(2, 2, 2))
    except (ValueError, OverflowError, Warning) as error:
        detail = str(error).split(":")[0]
        raise InputError(
            _("{what}: not a valid date: '{raw}' ({detail})").format(
                what=what, raw=raw, detail=detail
            ),
            _use(forms),
        ) from None
    missing = (value.year != other.year, value.month != other.month, value.day != other.day)
    if any(missing):
        message = _missing_parts(missing).format(what=what, raw=raw)
        raise InputError(message, _use(forms))
    return value


def _missing_parts(missing: tuple[bool, bool, bool]) -> str:
    """The message for a written date without a year, a month or a day (or several)."""
    return {
        (True, False, False): _("{what}: '{raw}' has no year"),
        (False, True, False): _("{what}: '{raw}' has no month"),
        (False, False, True): _("{what}: '{raw}' has no day"),
        (True, True, False): _("{what}: '{raw}' has no year or month"),
        (True, False, True): _("{what}: '{raw}' has no year or day"),
        (False, True, True): _("{what}: '{raw}' has no month or day"),
        (True, True, True): _("{what}: '{raw}' has no year or month or day"),
    }[missing]


@dataclass(frozen=True)
class Window:
    """A daily window of local wall-clock time, e.g. 08:00-20:00, or 22:00-06:00 across midnight."""

    start: time
    end: time

    def contains(self, start: datetime, end: datetime) -> bool:
        """True when [start, end] lies inside one occurrence of the window in start's zone."""
        zone = start.tzinfo
        # Compared in UTC: datetimes sharing a tzinfo compare by wall clock, ignoring the
        # fold, which is wrong across a clock change.
        first, last = start.astimezone(UTC), end.astimezone(UTC)
        for day in (start.date() - timedelta(days=1), start.date()):
            opens = datetime.combine(day, self.start, zone).astimezone(UTC)
            closes_day = day if self.end > self.start else day + timedelta(days=1)
            closes = datetime.combine(closes_day, self.end, zone).astimezone(UTC)
            if opens <= first and last <= closes:
                return True
        return False


_WINDOW = re.compile(r"^\s*([0-9]{1,2})(?::([0-9]{2}))?\s*-\s*([0-9]{1,2})(?::([0-9]{2}))?\s*$")


def parse_window(text: str) -> Window:
    match = _WINDOW.match(text)
    hint = _("Use HH:MM-HH:MM, e.g. 08:00-20:00, or 22:00-06:00 for a window across midnight.")
    if match is None:
        raise InputError(_("--between: not a time window: '{text}'").format(text=text), hint)
    h1, m1, h2, m2 = (int(part) if part else 0 for part in match.groups())
    try:
        start = time(h1, m1)
        end = time(0, 0) if (h2, m2) == (24, 0) else time(h2, m2)
    except ValueError:
        raise InputError(
            _("--between: not a time of day in '{text}'").format(text=text), hint
        ) from None
    if start == end and (h2, m2) != (24, 0):  # 00:00-24:00 is the whole day
        raise InputError(_("--between: the window '{text}' is empty").format(text=text), hint)
    return Window(start, end)


def format_duration(delta: timedelta) -> str:
    """'1h 50m', '45m', '2d 3h' — for elapsed, left and countdowns: '1 h 50', '45 min',
    '2 j 3 h' in French, '1 h 50 min', '45 min', '2 d 3 h' in Spanish. The one place a
    duration is written for people: each combination of units is one whole template, so
    that a language can leave a unit out or put it where it goes."""
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        if hours and minutes:
            template = _("{days}d {hours}h {minutes}m")
        elif hours:
            template = _("{days}d {hours}h")
        elif minutes:
            template = _("{days}d {minutes}m")
        else:
            template = _("{days}d")
    elif hours:
        template = _("{hours}h {minutes}m") if minutes else _("{hours}h")
    else:
        template = _("{minutes}m")
    return template.format(days=days, hours=hours, minutes=minutes)


_DURATION_PART = re.compile(r"([0-9]+)\s*([dhms])")  # ASCII digits: '²' is no number
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_MAX_DURATION = timedelta(days=366)


def parse_duration(text: str, what: str) -> timedelta:
    """'15m', '1h30m', '2d', '90' (minutes) or ISO 8601 'PT15M' as a timedelta >= 0."""
    hint = _("Use a number with a unit: 15m, 1h, 1h30m, 2d (a bare number is minutes).")
    raw = text.strip().casefold()
    if raw.startswith("pt"):
        raw = raw[2:]
    elif raw.startswith("p") and raw.endswith("d"):
        raw = raw[1:]
    if len(raw) > 40:
        raise InputError(
            _("{what}: not a duration: '{text}'").format(what=what, text=f"{text[:40]}..."), hint
        )
    if raw.isascii() and raw.isdigit():
        seconds = int(raw) * 60
    else:
        parts = _DURATION_PART.findall(raw)
        if not parts or _DURATION_PART.sub("", raw).strip():
            raise InputError(
                _("{what}: not a duration: '{text}'").format(what=what, text=text), hint
            )
        seconds = sum(int(amount) * _UNITS[unit] for amount, unit in parts)
    if seconds > _MAX_DURATION.total_seconds():
        raise InputError(
            _("{what}: '{text}' is longer than a year").format(what=what, text=text), hint
        )
    return timedelta(seconds=seconds)
