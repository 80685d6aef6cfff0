"""Resolving what people type as a time zone into an IANA zone. The one zone resolver.

Accepted: IANA names in any letter case, `UTC`, `local` (the system zone), city names
from the IANA database (`tokyo`, `new york`, `sao paulo`) and a few well-known cities
that the database files under another name (`beijing`, `mumbai`). Abbreviations such as
`CET` or `IST` are never zone ids: a few map to one zone (with a note), the rest are
refused with their candidates.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from .errors import ZoneError, did_you_mean
from .i18n import _

UTC = ZoneInfo("UTC")
_CASE_INSENSITIVE_FS = sys.platform in {"darwin", "win32"}

_UTC_NAMES = {"utc", "gmt", "z", "zulu", "etc/utc", "etc/gmt", "universal", "uct"}

# Abbreviation -> the IANA zones it commonly stands for. One candidate resolves (with a
# note on stderr); several are refused with the list. Never emitted as a zone id.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "CET": ("Europe/Paris",),
    "CEST": ("Europe/Paris",),
    "MET": ("Europe/Paris",),
    "WET": ("Europe/Lisbon",),
    "WEST": ("Europe/Lisbon",),
    "EET": ("Europe/Athens", "Europe/Bucharest", "Africa/Cairo"),
    "EEST": ("Europe/Athens", "Europe/Bucharest"),
    "BST": ("Europe/London", "Asia/Dhaka"),
    "IST": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "MSK": ("Europe/Moscow",),
    "EAT": ("Africa/Nairobi",),
    "WAT": ("Africa/Lagos",),
    "CAT": ("Africa/Maputo",),
    "SAST": ("Africa/Johannesburg",),
    "PKT": ("Asia/Karachi",),
    "NPT": ("Asia/Kathmandu",),
    "ICT": ("Asia/Bangkok", "Asia/Ho_Chi_Minh"),
    "WIB": ("Asia/Jakarta",),
    "SGT": ("Asia/Singapore",),
    "HKT": ("Asia/Hong_Kong",),
    "PHT": ("Asia/Manila",),
    "PHST": ("Asia/Manila",),
    "CST": ("America/Chicago", "Asia/Shanghai", "America/Havana"),
    "JST": ("Asia/Tokyo",),
    "KST": ("Asia/Seoul",),
    "AEST": ("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"),
    "AEDT": ("Australia/Sydney", "Australia/Melbourne"),
    "ACST": ("Australia/Adelaide", "Australia/Darwin"),
    "AWST": ("Australia/Perth",),
    "NZST": ("Pacific/Auckland",),
    "NZDT": ("Pacific/Auckland",),
    "HST": ("Pacific/Honolulu",),
    "AKST": ("America/Anchorage",),
    "PST": ("America/Los_Angeles", "America/Vancouver", "Asia/Manila"),
    "PDT": ("America/Los_Angeles", "America/Vancouver"),
    "MST": ("America/Denver", "America/Phoenix", "America/Edmonton"),
    "MDT": ("America/Denver", "America/Edmonton"),
    "CDT": ("America/Chicago", "America/Havana"),
    "EST": ("America/New_York", "America/Toronto", "America/Panama"),
    "EDT": ("America/New_York", "America/Toronto"),
    "NST": ("America/St_Johns",),
    "BRT": ("America/Sao_Paulo",),
    "ART": ("America/Argentina/Buenos_Aires",),
    "COT": ("America/Bogota",),
    "PET": ("America/Lima",),
    "CLT": ("America/Santiago",),
}

# Well-known cities that the IANA database files under another city.
_CITY_ALIASES = {
    "beijing": "Asia/Shanghai",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "washington": "America/New_York",
    "boston": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "strasbourg": "Europe/Paris",
    "geneva": "Europe/Zurich",
    "the hague": "Europe/Amsterdam",
    "canberra": "Australia/Sydney",
    "wellington": "Pacific/Auckland",
    "abuja": "Africa/Lagos",
    "rio de janeiro": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo",
    "ottawa": "America/Toronto",
}


def zone_forms_hint() -> str:
    """What a zone name looks like, for hints."""
    return _(
        "Zone names look like Asia/Tokyo or America/New_York; "
        "UTC, 'local' and city names (tokyo, new york) work too."
    )


@dataclass(frozen=True)
class ResolvedZone:
    """A zone as a user named it: the zone, and a note on how the name was read."""

    zone: ZoneInfo
    note: str | None = None  # something the user should know about how the name was read

    @property
    def name(self) -> str:
        return self.zone.key


def _fold(text: str) -> str:
    """Case- and accent-insensitive form: 'São_Paulo' -> 'sao paulo'."""
    decomposed = unicodedata.normalize("NFKD", text.replace("_", " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@cache
def _canonical_zones() -> dict[str, str]:
    """Folded name -> canonical IANA name, for Area/Location zones (the ones worth showing)."""
    return {_fold(name): name for name in available_timezones() if "/" in name}


@cache
def _cities() -> dict[str, tuple[str, ...]]:
    """Folded city -> canonical zones named after it (usually one)."""
    found: dict[str, list[str]] = {}
    for name in sorted(_canonical_zones().values()):
        if name.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/")):
            continue
        found.setdefault(_fold(name.rsplit("/", 1)[-1]), []).append(name)
    for city, name in _CITY_ALIASES.items():
        found.setdefault(city, [name])
    return {city: tuple(names) for city, names in found.items()}


def cities_starting(typed: str) -> list[tuple[str, str]]:
    """(city, its zone) for the cities starting with what was typed, any case or accent,
    as `--tz` takes them: 'tok' -> ('tokyo', 'Asia/Tokyo'), 'New' -> ('New_York', ...).
    A city in several zones is left out (`--tz` would ask which)."""
    start = _fold(typed)
    if not start or "/" in typed:
        return []
    found = []
    for city, zones in sorted(_cities().items()):
        if city.startswith(start) and len(zones) == 1:
            written = city.replace(" ", "_")  # one shell word, as `--tz` reads it
            if typed[:1].isupper():
                written = written.title()
            found.append((written, zones[0]))
    return found


@cache
def _links() -> dict[str, tuple[str, str]]:
    """Folded old alias -> (alias, target), from the database's own 'L target alias' lines
    (e.g. Japan -> Asia/Tokyo), read from the tzdata package or the system's copy."""
    import zoneinfo

    candidates = []
    try:
        from importlib.resources import files

        candidates.append(files("tzdata").joinpath("zoneinfo", "tzdata.zi"))
    except ModuleNotFoundError:
        pass
    candidates += [Path(directory) / "tzdata.zi" for directory in zoneinfo.TZPATH]
    for source in candidates:
        try:
            text = source.read_text(encoding="utf-8")
        except OSError:
            continue
        found = {}
        for line in text.splitlines():
            if line.startswith("L "):
                _link, target, alias = line.split()
                found[_fold(alias)] = (alias, target)
        return found
    return {}


def _load(name: str) -> ZoneInfo | None:
    if not name or len(name) > 100:
        return None
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None


def iana_zone(name: str) -> ZoneInfo | None:
    """An IANA name as a file gives it (a TZID), in any letter case; None when it is not
    one. No cities or abbreviations: those are for people typing, not for data."""
    zone = _load(name)
    if zone is None:
        canonical = _canonical_zones().get(_fold(name))
        zone = _load(canonical) if canonical else None
    return zone


def system_zone_name() -> str:
    """The IANA name of the system's zone, from TZ, /etc/localtime or /etc/timezone."""
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env and "/" in tz_env and not tz_env.startswith("/") and _load(tz_env):
        return tz_env
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve(strict=True))
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    try:
        return Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except OSError:
        raise ZoneError(
            _("cannot tell the system's time zone"),
            _("Name your zone instead, e.g. --tz Europe/Berlin, or set OCTOPUS_TZ."),
        ) from None


def resolve_zone(text: str) -> ResolvedZone:
    """Turn a user's zone name into an IANA zone, or raise ZoneError with suggestions."""
    raw = text.strip()
    if not raw:
        raise ZoneError(_("empty time zone name"), zone_forms_hint())
    folded = _fold(raw)
    if folded in _UTC_NAMES:
        return ResolvedZone(UTC)
    if folded == "local":
        local = system_zone_name()
        resolved = resolve_zone(local) if local.casefold() != "local" else None
        if resolved is None:
            raise ZoneError(_("cannot tell the system's time zone"), zone_forms_hint())
        return ResolvedZone(resolved.zone, resolved.note)

    candidates = _ABBREVIATIONS.get(raw.upper())
    if candidates is not None:
        if len(candidates) == 1:
            return ResolvedZone(
                ZoneInfo(candidates[0]),
                _(
                    "'{name}' is an abbreviation, not a time zone; using {zone}. "
                    "Name your own zone to be sure, e.g. --tz Europe/Berlin."
                ).format(name=raw, zone=candidates[0]),
            )
        raise ZoneError(
            _("'{name}' is an ambiguous abbreviation, not a time zone").format(name=raw),
            _("Name the zone you mean: {zones}.").format(zones=", ".join(candidates)),
        )
    if _looks_like_offset(raw):
        raise ZoneError(
            _("'{name}' is a UTC offset, not a time zone").format(name=raw), _zones_at_offset(raw)
        )

    # Fast path: an exact IANA name costs one file read, not a scan of the database.
    # (On a case-insensitive file system ZoneInfo would also take 'asia/tokyo' under that key.)
    if "/" in raw and not _CASE_INSENSITIVE_FS and (zone := _load(raw)) is not None:
        return ResolvedZone(zone)

    canonical = _canonical_zones().get(folded.replace(" ", "_")) or _canonical_zones().get(folded)
    if canonical is not None:
        return ResolvedZone(ZoneInfo(canonical))
    city_zones = _cities().get(folded)
    if city_zones is not None:
        if len(city_zones) == 1:
            return ResolvedZone(ZoneInfo(city_zones[0]))
        raise ZoneError(
            _("'{name}' names more than one time zone").format(name=raw),
            _("Name one of: {zones}.").format(zones=", ".join(city_zones)),
        )
    link = _links().get(folded.replace(" ", "_"))
    if link is not None and "/" in link[1]:
        alias, target = link
        return ResolvedZone(
            ZoneInfo(target),
            _("'{alias}' is an old alias; using {zone}.").format(alias=alias, zone=target),
        )
    raise ZoneError(_("unknown time zone '{name}'").format(name=raw), _suggest(folded))


def _looks_like_offset(text: str) -> bool:
    body = text.upper().removeprefix("UTC").removeprefix("GMT")
    return bool(body) and body[0] in "+-" and body[1:].replace(":", "").isdigit()


def _offset_minutes(text: str) -> int | None:
    """+8 -> 480, -03:30 -> -210, +0545 -> 345; None for what is no offset at all."""
    body = text.upper().removeprefix("UTC").removeprefix("GMT")
    digits = body[1:].replace(":", "")
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    elif len(digits) in (3, 4):
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    else:
        return None
    if hours > 14 or minutes >= 60:
        return None
    return (-1 if body[0] == "-" else 1) * (hours * 60 + minutes)


# Zones people know, shown first among the zones at an offset (the rest come alphabetically).
_WELL_KNOWN_NAMES = (
    "America/Anchorage America/Argentina/Buenos_Aires America/Bogota America/Caracas "
    "America/Chicago America/Denver America/Halifax America/Los_Angeles "
    "America/Mexico_City America/New_York America/Santiago America/Sao_Paulo "
    "America/St_Johns Atlantic/Azores Atlantic/Cape_Verde Africa/Cairo Africa/Casablanca "
    "Africa/Johannesburg Africa/Lagos Africa/Nairobi Asia/Almaty Asia/Bangkok Asia/Dhaka "
    "Asia/Dubai Asia/Jakarta Asia/Kabul Asia/Karachi Asia/Kathmandu Asia/Kolkata "
    "Asia/Manila Asia/Riyadh Asia/Seoul Asia/Shanghai Asia/Singapore Asia/Tehran "
    "Asia/Tokyo Asia/Yangon Australia/Adelaide Australia/Brisbane Australia/Perth "
    "Australia/Sydney Europe/Berlin Europe/Istanbul Europe/London Europe/Moscow "
    "Europe/Paris Pacific/Auckland Pacific/Chatham Pacific/Fiji Pacific/Honolulu "
    "Pacific/Kiritimati Pacific/Marquesas Pacific/Pago_Pago Pacific/Tongatapu"
)
_WELL_KNOWN = frozenset(_WELL_KNOWN_NAMES.split())


def _zones_at_offset(text: str) -> str:
    """The hint for an offset given as a zone: zones that keep that offset all year (or
    have it for part of it), since a zone's offset changes with daylight saving."""
    from datetime import datetime, timedelta

    minutes = _offset_minutes(text)
    if minutes is None:
        return _("Name a zone such as Asia/Tokyo: offsets run from -12:00 to +14:00.")
    offset = timedelta(minutes=minutes)
    winter, summer = datetime(2021, 1, 15), datetime(2021, 7, 15)  # fixed: no clock is read
    all_year, part_year = [], []
    aliases = _links()
    for name in sorted(_canonical_zones().values()):
        if name.startswith(("Etc/", "Antarctica/", "SystemV/")) or _fold(name) in aliases:
            continue
        zone = ZoneInfo(name)
        offsets = {zone.utcoffset(winter), zone.utcoffset(summer)}
        if offsets == {offset}:
            all_year.append(name)
        elif offset in offsets:
            part_year.append(name)
    candidates = all_year + part_year
    # Known cities first; within each, zones at that offset all year before the others.
    shown = sorted(candidates, key=lambda name: name not in _WELL_KNOWN)[:4]
    sign = "-" if minutes < 0 else "+"
    written = f"{sign}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}"
    if not shown:
        return _("No zone is at {offset}; name a zone such as Asia/Tokyo.").format(offset=written)
    if len(all_year) + len(part_year) > len(shown):
        template = _(
            "Zones at {offset}: {zones} and others. Name yours: offsets change with "
            "daylight saving, zones keep track of it."
        )
    else:
        template = _(
            "Zones at {offset}: {zones}. Name yours: offsets change with "
            "daylight saving, zones keep track of it."
        )
    return template.format(offset=written, zones=", ".join(shown))


def _suggest(folded: str) -> str:
    import difflib  # only when a name is not found

    names = _canonical_zones()
    choices = list(names) + list(_cities())
    close = difflib.get_close_matches(folded.replace(" ", "_"), choices, n=3, cutoff=0.6)
    close += difflib.get_close_matches(folded, choices, n=3, cutoff=0.6)
    shown: list[str] = []
    for match in close:
        name = names.get(match) or _cities()[match][0]
        if name not in shown:
            shown.append(name)
    if shown:
        return did_you_mean(shown[:3]) + " " + zone_forms_hint()
    return zone_forms_hint()
