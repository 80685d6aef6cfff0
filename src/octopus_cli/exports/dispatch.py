"""Turning a selection of sessions into the bytes of an export file, in any format."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from ..core.choices import ExportFormat
from ..core.models import Programme, Session

NAMES = {
    ExportFormat.ICS: "iCalendar",
    ExportFormat.JSON: "JSON",
    ExportFormat.CSV: "CSV",
    ExportFormat.XML: "frab schedule XML",
}


def export_bytes(
    output: ExportFormat,
    programme: Programme,
    sessions: Sequence[Session],
    zone: ZoneInfo,
    *,
    utc: bool = False,
    alarms: Sequence[timedelta] = (),
    subset: str | None = None,
    revisions: Mapping[str, int] | None = None,
    cancelled: Sequence[tuple[Session, int]] = (),
) -> bytes:
    """The whole file. Times are written in `zone`, or in UTC when `utc`. `revisions` and
    `cancelled` (sessions gone, as cancelled events) are for the .ics only."""
    written_zone = ZoneInfo("UTC") if utc else zone
    if output is ExportFormat.ICS:
        from .ics import calendar_bytes

        written = None if utc else zone
        return calendar_bytes(
            programme,
            sessions,
            written,
            alarms=alarms,
            subset=subset,
            revisions=revisions,
            cancelled=cancelled,
        )
    if output is ExportFormat.XML:
        from .frab import schedule_bytes

        return schedule_bytes(programme, sessions, written_zone)
    from ..views import formats

    if output is ExportFormat.JSON:
        # A file: indented and the same bytes whatever the terminal, as every export.
        return formats.sessions_json(programme, sessions, written_zone, indented=True).encode()
    return formats.sessions_csv(sessions, written_zone).encode()
