"""`export`: the selected sessions as a calendar file (.ics), JSON, CSV or frab XML."""

from __future__ import annotations

import os
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
    from ...core.models import Programme
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
    history = _History(run.programme) if chosen is ExportFormat.ICS else None
    revisions = history.revisions() if history else None
    data = export_bytes(
        chosen,
        run.programme,
        sessions,
        run.zone,
        utc=utc,
        alarms=before,
        subset=wanted.describe(),
        revisions=revisions,
    )
    if output_path == "-":
        write_bytes(data)
        if history:
            history.record()
        return
    from ...store.fileio import write_atomic

    write_atomic(Path(output_path), data)
    if history:
        history.record()
    count = len(sessions)
    where = "UTC" if utc else run.zone.key
    sys.stderr.write(
        f"Wrote {count} session{'s' if count != 1 else ''} to {printable(output_path)} "
        f"({NAMES[chosen]}, times in {where})\n"
    )


class _History:
    """The versions of the programme octopus has seen, which give each calendar event its
    SEQUENCE: the version in which its session last changed (`store/snapshots.py`)."""

    def __init__(self, programme: Programme) -> None:
        from ...store.snapshots import snapshot_path

        self.programme = programme
        self.path = snapshot_path(os.environ, programme)

    def revisions(self) -> dict[str, int] | None:
        """SEQUENCE by session id, this version counted; None (the version date for all)
        when the history cannot be read, which is said."""
        from ...store.snapshots import SnapshotError, revisions_for

        try:
            return revisions_for(self.path, self.programme)
        except SnapshotError as error:
            sys.stderr.write(f"Warning: {printable(error.message)}\n")
            return None

    def record(self) -> None:
        """Once the file is written: this version is part of the history."""
        from contextlib import suppress

        from ...store.snapshots import SnapshotError, record_history

        with suppress(SnapshotError):  # said by `revisions`, and left as it is
            record_history(self.path, self.programme)
