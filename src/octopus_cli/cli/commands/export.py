"""`export`: the selected sessions as a calendar file (.ics), JSON, CSV or frab XML."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ...core.choices import ExportFormat, format_for_file
from ...core.errors import InputError
from ...core.i18n import _, ngettext
from ...core.text import printable
from ..params import SessionFilters
from ..runtime import Invocation, named_file, warn, write_bytes
from .listing import select_sessions

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ...core.filters import SessionFilter
    from ...core.models import Programme, Session
    from ..options import (
        AlarmOption,
        DayOption,
        ExportFormatOption,
        IdsArgument,
        IncludeCancelledOption,
        OutputPathOption,
        TzOption,
        UtcOption,
    )
    from ..runtime import Run


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
    include_cancelled: IncludeCancelledOption = False,
) -> None:
    """Export sessions to a calendar file (.ics), JSON, CSV or frab XML.

    Takes the same session ids and filters as 'list'. Times are written in the zone of
    --tz (their instants never change). The .ics imports at the right times in Google
    Calendar, Outlook, Apple Calendar and Thunderbird, and importing it again updates the
    events instead of duplicating them. With --include-cancelled, the sessions gone from
    the programme since octopus first saw it are written too, as cancelled events, so that
    importing the file removes them from the calendar.

    Examples:

      octopus export -o octopus.ics

      octopus export ws6 -o ws6.ics --alarm 15m

      octopus export --track 2 --tz Asia/Tokyo -o track2.ics

      octopus export -o schedule.xml

      octopus export --agenda -o mine.ics

      octopus export --include-cancelled -o octopus.ics
    """
    from ...core.clock import parse_duration
    from ...exports.dispatch import NAMES, export_bytes

    before = [parse_duration(value, "--alarm") for value in alarm or ()]
    if not output_path:
        raise InputError(
            _("say where to write the export with -o"),
            _("For example: octopus export -o octopus.ics (or -o - for stdout)."),
        )
    if tz and len(tz) > 1:
        raise InputError(
            _("an export writes its times in one zone: give --tz once"),
            _("For example: octopus export --tz Asia/Tokyo -o octopus.ics"),
        )
    chosen = format_for_file(export_format, named_file(output_path), ExportFormat, ExportFormat.ICS)
    if include_cancelled and chosen is not ExportFormat.ICS:
        raise InputError(
            _("--include-cancelled writes cancelled calendar events: {format} has none").format(
                format=NAMES[chosen]
            ),
            _(
                "Export to an .ics file (-o octopus.ics or --format ics); "
                "'octopus changes' lists what was cancelled."
            ),
        )
    run = invocation.start(tz)
    wanted = filters.select(run, ids, day)
    history = _History(run.programme) if chosen is ExportFormat.ICS else None
    revisions = history.revisions(include_cancelled) if history else None
    if history and include_cancelled:
        sessions, cancelled = _with_cancelled(run, wanted, history.cancelled)
    else:
        sessions, cancelled = select_sessions(run, wanted), []
    if not (sessions or cancelled):
        raise InputError(
            _("no sessions match; nothing written"),
            _("See what the same options select with 'octopus list'."),
        )
    data = export_bytes(
        chosen,
        run.programme,
        sessions,
        run.zone,
        utc=utc,
        alarms=before,
        subset=wanted.describe(),
        revisions=revisions,
        cancelled=cancelled,
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
    if cancelled:
        line = ngettext(
            "Wrote {count} session and {cancelled} to {path} ({format}, times in {zone})",
            "Wrote {count} sessions and {cancelled} to {path} ({format}, times in {zone})",
            count,
        )
    elif include_cancelled:
        line = ngettext(
            "Wrote {count} session to {path} ({format}, times in {zone}); no cancelled "
            "session to include",
            "Wrote {count} sessions to {path} ({format}, times in {zone}); no cancelled "
            "session to include",
            count,
        )
    else:
        line = ngettext(
            "Wrote {count} session to {path} ({format}, times in {zone})",
            "Wrote {count} sessions to {path} ({format}, times in {zone})",
            count,
        )
    gone = ngettext("{count} cancelled", "{count} cancelled", len(cancelled))
    sys.stderr.write(
        line.format(
            count=count,
            cancelled=gone.format(count=len(cancelled)),
            path=printable(output_path),
            format=NAMES[chosen],
            zone="UTC" if utc else run.zone.key,
        )
        + "\n"
    )


def _with_cancelled(
    run: Run, wanted: SessionFilter, cancelled: list[tuple[Session, int]]
) -> tuple[list[Session], list[tuple[Session, int]]]:
    """The sessions `wanted` selects, and the cancelled ones it would select were they
    still in the programme (ids may name them, picks include them; day numbers count the
    programme's days as it is), each with its SEQUENCE."""
    if not cancelled:
        return select_sessions(run, wanted), []
    from dataclasses import replace

    from ...core.filters import resolve_days, select
    from ...core.models import Programme

    days = resolve_days(run.programme, wanted.days, run.zone, run.today)
    dated = replace(wanted, days=tuple(day.isoformat() for day in days))
    if wanted.picks is not None:  # the picks of sessions since cancelled are kept too
        gone = {session.id for session, _ in cancelled}
        dated = replace(dated, picks=wanted.picks | (run.picked() & gone))
    programme = run.programme
    every = [*programme.sessions, *(session for session, _ in cancelled)]
    both = Programme(programme.conference, programme.zone, every, programme.path)
    chosen = {session.id for session in select(both, dated, run.zone, run.today)}
    current = [session for session in programme.sessions if session.id in chosen]
    return current, [(session, number) for session, number in cancelled if session.id in chosen]


class _History:
    """The versions of the programme octopus has seen, which give each calendar event its
    SEQUENCE: the version in which its session last changed (`store/snapshots.py`)."""

    def __init__(self, programme: Programme) -> None:
        from ...store.snapshots import snapshot_path

        self.programme = programme
        self.path = snapshot_path(os.environ, programme)
        self.cancelled: list[tuple[Session, int]] = []  # once `revisions` has read them
        self.unusable = False  # the history could not be read: said, and left as it is

    def revisions(self, cancelled: bool) -> dict[str, int] | None:
        """SEQUENCE by session id, this version counted; None (the version date for all)
        when the history cannot be read, which is said. The sessions gone from the
        programme, with the SEQUENCE of their cancelled events, are read with them when
        `cancelled`."""
        from ...store.snapshots import SnapshotError, history_for

        try:
            revisions, self.cancelled = history_for(self.path, self.programme, cancelled=cancelled)
        except SnapshotError as error:
            warn(printable(error.message))
            self.unusable = True
            return None
        return revisions

    def record(self) -> None:
        """Once the file is written: this version is part of the history."""
        from contextlib import suppress

        from ...store.snapshots import SnapshotError, record_history

        if self.unusable:
            return
        with suppress(SnapshotError):  # said by `revisions`, and left as it is
            record_history(self.path, self.programme)
