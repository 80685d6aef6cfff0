"""The conference's time zone.

It is <time_zone_name> when that names an IANA zone. Else it is worked out from the UTC
offsets the file's times carry (events' <date>, days' start and end): one offset all
through gives 'UTC' for +00:00, else the fixed-offset zone of that many hours
('Etc/GMT-1' for +01:00); offsets that change (daylight saving) or that are not whole
hours (+05:30) give the first real zone that has exactly those offsets at those
instants. A file with no offset anywhere (older pentabarf) is read as UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from ...core.errors import ZoneError
from ...core.i18n import _
from ...core.timezones import iana_zone, resolve_zone
from .raw import Problems, Schedule
from .timing import HOUR, in_years, parse_moment

# Zones worth naming first when several have the offsets a file shows (conferences meet
# in these cities' zones far more often than in their alphabetical neighbours').
_FIRST_TRIED = [
    "Europe/Berlin",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Helsinki",
    "Europe/Moscow",
    "Europe/Istanbul",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Halifax",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/Santiago",
    "America/Mexico_City",
    "Pacific/Honolulu",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tehran",
    "Asia/Kabul",
    "Asia/Yangon",
    "Asia/Dubai",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Singapore",
    "Australia/Adelaide",
    "Australia/Darwin",
    "Australia/Sydney",
    "Australia/Brisbane",
    "Australia/Perth",
    "Australia/Eucla",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Marquesas",
]


def named_zone(name: str) -> ZoneInfo | None:
    """The IANA zone `name` names (any letter case), as octopus writes zones; None when it
    names none, or only an abbreviation ('CET') or a bare offset."""
    zone = iana_zone(name.strip())
    if zone is None:
        return None
    try:
        resolved = resolve_zone(zone.key)
    except ZoneError:
        return None
    if resolved.note is not None:
        return None  # 'CET', 'EST': files may name them, octopus never writes them
    if "/" not in resolved.name and resolved.name != "UTC":
        return None
    return resolved.zone


def zone_for(samples: list[datetime]) -> ZoneInfo | None:
    """A zone that has, at each of these aware moments, the offset the moment is written
    with; None when no zone has."""
    if not samples:
        return ZoneInfo("UTC")
    # The earliest and the latest moment of each offset test a zone as well as all of them.
    spans: dict[timedelta, tuple[datetime, datetime]] = {}
    for moment in samples:
        offset = moment.utcoffset() or timedelta(0)
        instant = moment.astimezone(UTC)
        low, high = spans.get(offset, (instant, instant))
        spans[offset] = (min(low, instant), max(high, instant))
    if len(spans) == 1:
        (offset,) = spans
        if not offset:
            return ZoneInfo("UTC")
        hours, rest = divmod(offset, HOUR)
        if not rest and -12 <= hours <= 14:
            # The IANA fixed-offset zones are named the POSIX way, with the sign inverted:
            # 'Etc/GMT-1' is UTC+01:00 and 'Etc/GMT+5' is UTC-05:00.
            return ZoneInfo(f"Etc/GMT{-hours:+d}")
    checks = [(instant, offset) for offset, span in spans.items() for instant in span]
    for name in _candidates():
        zone = ZoneInfo(name)
        if all(instant.astimezone(zone).utcoffset() == offset for instant, offset in checks):
            return zone
    return None


@cache
def _candidates() -> tuple[str, ...]:
    from zoneinfo import available_timezones

    others = sorted(
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    )
    return tuple(_FIRST_TRIED) + tuple(name for name in others if name not in _FIRST_TRIED)


def conference_zone(schedule: Schedule, problems: Problems) -> ZoneInfo:
    if schedule.time_zone_name:
        zone = named_zone(schedule.time_zone_name)
        if zone is not None:
            return zone
        # Repair: a name that is no IANA zone ('CET', a typo): worked out from the offsets.
    texts = [event.date for event in schedule.events]
    texts += [text for day in schedule.days for text in (day.start, day.end)]
    texts += [schedule.start, schedule.end]
    samples = []
    for text in texts:
        moment = parse_moment(text) if text else None
        if moment is not None and moment.tzinfo is not None and in_years(moment):
            samples.append(moment)
    zone = zone_for(samples)
    if zone is None:
        offsets = sorted({moment.utcoffset() or timedelta(0) for moment in samples})
        shown = ", ".join(_shown(offset) for offset in offsets[:6])
        problems.add(
            _(
                "conference: no <time_zone_name>, and no time zone has the UTC offsets its "
                "times are written with ({offsets}) at those times"
            ).format(offsets=shown)
        )
        return ZoneInfo("UTC")
    return zone


def _shown(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}"
