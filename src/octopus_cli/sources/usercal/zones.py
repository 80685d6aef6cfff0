"""TZIDs resolved to zones: an IANA name (in any letter case), a Windows name that
icalendar maps to IANA, a "globally unique" /vendor/Area/City id, or a VTIMEZONE of the
file, in that order."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from ...core.timezones import iana_zone
from .calendar_file import CalendarFile
from .errors import EXPORT_HINT, shorten
from .scan import Block


class ZoneResolver:
    """Resolves each TZID of one file once, parsing its VTIMEZONEs only if needed.

    icalendar also resolves TZIDs, but keeps zones from VTIMEZONEs in one cache for the
    whole process (the first file to define a custom TZID wins, and later files without
    its VTIMEZONE still find it) and leaves unknown TZIDs as floating times. So the wall
    clock it parsed is kept and the zone chosen here."""

    def __init__(self, file: CalendarFile, blocks: list[Block]) -> None:
        self.file = file
        self.timezone_blocks = [block for block in blocks if block.kind == "VTIMEZONE"]
        self.zones: dict[str, tzinfo] = {}
        self.defined: dict[str, tuple[Block, Any]] | None = None  # TZID -> its VTIMEZONE

    def resolve(self, block: Block, tzid: str) -> tzinfo:
        """The zone of a TZID used in `block`."""
        if tzid not in self.zones:
            name = tzid.strip()
            zone = (
                iana_zone(name)
                or _windows(name)
                or _globally_unique(name)
                or self._from_vtimezone(name)
            )
            if zone is None:
                self.file.fail(
                    block,
                    f"unknown time zone '{shorten(tzid)}' (TZID)",
                    "The TZID is not an IANA zone name (Europe/Paris), not a Windows zone "
                    "name, and no VTIMEZONE in the file defines it.",
                )
            self.zones[tzid] = zone
        return self.zones[tzid]

    def _from_vtimezone(self, tzid: str) -> tzinfo | None:
        from icalendar import Timezone

        if self.defined is None:
            self.defined = {}
            for definition in self.timezone_blocks:
                timezone = self.file.parse(definition)
                if isinstance(timezone, Timezone) and timezone.get("TZID") is not None:
                    self.defined.setdefault(str(timezone.tz_name).strip(), (definition, timezone))
        found = self.defined.get(tzid)
        if found is None:
            return None
        definition, timezone = found
        try:
            zone: tzinfo = timezone.to_tz(lookup_tzid=False)
            datetime(2021, 11, 17, tzinfo=zone).utcoffset()  # fails now rather than later
        except Exception as error:  # dateutil's tzical raises various errors
            self.file.fail(definition, f"cannot be used ({shorten(str(error), 200)})", EXPORT_HINT)
        return zone


def _windows(name: str) -> ZoneInfo | None:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    olson = WINDOWS_TO_OLSON.get(name)
    return iana_zone(olson) if olson else None


def _globally_unique(name: str) -> ZoneInfo | None:
    """'/freeassociation.sourceforge.net/Tzfile/Europe/Berlin' -> Europe/Berlin."""
    if not name.startswith("/"):
        return None
    parts = name.strip("/").split("/")
    for first in range(1, len(parts)):
        zone = iana_zone("/".join(parts[first:]))
        if zone is not None:
            return zone
    return None
