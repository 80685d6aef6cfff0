"""`export`: the selected sessions as a calendar file (.ics), JSON, CSV or frab XML."""

from __future__ import annotations

import sys
from pathlib import Path

from ...core.choices import ExportFormat, format_for_file
from ...core.errors import InputError
from ...core.text import printable
from ..params import SessionFilters
from ..runtime import Invocation, named_file, write_bytes
from .listing import select_sessions

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ..options import (
        AlarmOption,
        DayOption,
        ExportFormatOption,
        IdsArgument,
        OutputPathOption,
        TzOption,
        UtcOption,
    )


def export(
    invocation: Invocation,
    ids: IdsArgument = None,
    day: DayOption = None,
    filters: SessionFilters = SessionFilters(include_breaks=False),
    output_path: OutputPathOption = None,
    export_format: ExportFormatOption = None,
    tz: TzOption = None,
    utc: UtcOption = False,
    alarm: AlarmOption = None,
) -> None:
    """Export sessions to a calendar file (.ics), JSON, CSV or frab XML.

    Takes the same session ids and filters as 'list'. Times are written in the zone of
    --tz (their instants never change). The .ics imports at the right times in Google
    Calendar, Outlook, Apple Calendar and Thunderbird, and importing it again updates the
    events instead of duplicating them.

    Examples:

      octopus export -o octopus.ics

      octopus export ws6 -o ws6.ics --alarm 15m

      octopus export --track 2 --tz Asia/Tokyo -o track2.ics

      octopus export -o schedule.xml

      octopus export --agenda -o mine.ics
    """
    from ...core.clock import parse_duration
    from ...exports.dispatch import NAMES, export_bytes

    before = [parse_duration(value, "--alarm") for value in alarm or ()]
    if not output_path:
        raise InputError(
            "say where to write the export with -o",
            "For example: octopus export -o octopus.ics (or -o - for stdout).",
        )
    if tz and len(tz) > 1:
        raise InputError(
            "an export writes its times in one zone: give --tz once",
            "For example: octopus export --tz Asia/Tokyo -o octopus.ics",
        )
    chosen = format_for_file(export_format, named_file(output_path), ExportFormat, ExportFormat.ICS)
    run = invocation.start(tz)
    wanted = filters.select(run, ids, day)
    sessions = select_sessions(run, wanted)
    if not sessions:
        raise InputError(
            "no sessions match; nothing written",
            "See what the same options select with 'octopus list'.",
        )
    data = export_bytes(
        chosen, run.programme, sessions, run.zone, utc=utc, alarms=before, subset=wanted.describe()
    )
    if output_path == "-":
        write_bytes(data)
        return
    from ...store.fileio import write_atomic

    write_atomic(Path(output_path), data)
    count = len(sessions)
    where = "UTC" if utc else run.zone.key
    sys.stderr.write(
        f"Wrote {count} session{'s' if count != 1 else ''} to {printable(output_path)} "
        f"({NAMES[chosen]}, times in {where})\n"
    )
