"""TZIDs resolved to zones, in the order RFC 5545 gives (§3.2.19) and then as real files
need: the file's own VTIMEZONE with exactly that TZID; else an IANA name in any letter
case, a Windows name that icalendar maps to IANA ("W. Europe Standard Time"), or a
"globally unique" id ("/freeassociation.sourceforge.net/Tzfile/Europe/Berlin",
"/Europe/Stockholm")."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import NoReturn
from zoneinfo import ZoneInfo

from ...core.i18n import _
from ...core.timezones import iana_zone
from .budget import Budget
from .calendar_file import CalendarFile
from .errors import export_hint, shorten
from .scan import Block, label, raw_value
from .vtimezone import FileZone, Observance, read_observance

_TZID = re.compile(r"^TZID[ \t]*([;:][^\n]*)", re.MULTILINE | re.IGNORECASE)


class ZoneResolver:
    """Resolves each TZID of one file once, reading its VTIMEZONEs only when used.

    icalendar also resolves TZIDs, but keeps zones from VTIMEZONEs in one cache for the
    whole process (the first file to define a custom TZID wins, and later files without
    its VTIMEZONE still find it), prefers IANA names to the file's definitions and leaves
    unknown TZIDs as floating times. So the wall clock it parsed is kept and the zone
    chosen here."""

    def __init__(self, file: CalendarFile, blocks: list[Block], budget: Budget) -> None:
        self.file = file
        self.budget = budget
        self.zones: dict[str, tzinfo] = {}
        self.defined: dict[str, Block] = {}  # TZID -> its VTIMEZONE (the first one)
        for block in blocks:
            if block.kind == "VTIMEZONE":
                body = re.sub(r"\n[ \t]", "", file.text[block.start : block.end])
                match = _TZID.search(body)
                if match:
                    self.defined.setdefault(raw_value(match.group(1)).strip(), block)

    def resolve(self, block: Block, tzid: str) -> tzinfo:
        """The zone of a TZID used in `block`."""
        if tzid not in self.zones:
            name = tzid.strip()
            definition = self.defined.get(name)
            zone = (
                self._from_vtimezone(name, definition)
                if definition is not None
                else iana_zone(name) or _windows(name) or _globally_unique(name)
            )
            if zone is None:
                self.file.fail(
                    block,
                    _("unknown time zone '{name}' (TZID)").format(name=shorten(tzid)),
                    _(
                        "The TZID is not an IANA zone name (Europe/Paris), not a Windows zone "
                        "name, and no VTIMEZONE in the file defines it."
                    ),
                )
            self.zones[tzid] = zone
        return self.zones[tzid]

    def _from_vtimezone(self, tzid: str, definition: Block) -> tzinfo:
        from icalendar import Timezone

        def bad(problem: str) -> NoReturn:
            self.file.fail(definition, problem, export_hint())

        timezone = self.file.parse(definition)
        if not isinstance(timezone, Timezone):
            bad(_("cannot be read"))
        observances: list[Observance] = [
            read_observance(part, bad)
            for part in timezone.subcomponents
            if str(part.name).upper() in ("STANDARD", "DAYLIGHT")
        ]
        if not observances:
            bad(_("has no STANDARD or DAYLIGHT part, so it defines no UTC offset"))
        where = label(self.file.text, definition).split(" (uid")[0]
        zone = FileZone(tzid, where, observances, self.budget)
        datetime(self.file.year, 6, 1, tzinfo=zone).utcoffset()  # fails here rather than later
        return zone


def _windows(name: str) -> ZoneInfo | None:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    olson = WINDOWS_TO_OLSON.get(name)
    return iana_zone(olson) if olson else None


def _globally_unique(name: str) -> ZoneInfo | None:
    """'/freeassociation.sourceforge.net/Tzfile/Europe/Berlin' or '/Europe/Stockholm' ->
    the IANA zone its last parts name."""
    if not name.startswith("/"):
        return None
    parts = name.strip("/").split("/")
    for first in range(len(parts)):
        zone = iana_zone("/".join(parts[first:]))
        if zone is not None:
            return zone
    return None
