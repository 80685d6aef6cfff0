"""`clashes`: sessions checked against each other and the user's own calendars."""

from __future__ import annotations

from datetime import timedelta

from ...core.choices import OutputFormat
from ...core.errors import InputError
from ...core.i18n import _
from ..runtime import Invocation, choose_format, write
from .listing import busy_times, select_sessions

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ..options import (
        AgendaOption,
        AllDayOption,
        BufferOption,
        CalendarOption,
        FormatOption,
        IdsArgument,
        MinOverlapOption,
        TzOption,
    )


def clashes(
    invocation: Invocation,
    ids: IdsArgument = None,
    agenda: AgendaOption = False,
    calendar: CalendarOption = None,
    all_day_busy: AllDayOption = False,
    min_overlap: MinOverlapOption = None,
    buffer: BufferOption = None,
    tz: TzOption = None,
    output: FormatOption = None,
) -> None:
    """Check sessions for clashes: with each other and with your own calendar.

    Checks the sessions named, else your agenda. Exit status 0: no clash; 1: clashes
    (listed); 2: an error. So it works in scripts.

    Examples:

      octopus clashes ws6 ws8 && echo ok

      octopus clashes --calendar ~/work.ics --buffer 10m

      octopus clashes 'ws*' --format json
    """
    from ...core.clashes import Rule, find_clashes
    from ...core.clock import parse_duration
    from ...core.filters import SessionFilter
    from ...views import clash_report, formats

    rule = Rule(
        min_overlap=(
            parse_duration(min_overlap, "--min-overlap")
            if min_overlap is not None
            else timedelta(0)
        ),
        buffer=parse_duration(buffer, "--buffer") if buffer is not None else timedelta(0),
    )
    run = invocation.start(tz)
    if ids:
        picks = run.agenda().ids if agenda else None
        sessions = select_sessions(run, SessionFilter(ids=tuple(ids), picks=picks))
    else:
        sessions = run.agenda().sessions
    if not sessions:
        raise InputError(
            _(
                "nothing to check: name sessions or pick some first (none of those is in "
                "your agenda)"
            )
            if ids
            else _("nothing to check: name sessions or pick some first"),
            _("For example: octopus clashes ws6 ws8, or octopus agenda add ws6 ws8."),
        )
    fmt = choose_format(output)
    if fmt not in (OutputFormat.JSON, OutputFormat.CSV):  # for people: their language
        sessions = run.shown(sessions)
    busy = busy_times(run, calendar, sessions, all_day_busy, rule.buffer) if calendar else []
    found = find_clashes(sessions, busy, rule)
    if found:
        invocation.found_something()
    columns = formats.zone_columns(run.zones, run.programme.zone)
    if fmt is OutputFormat.JSON:
        files = [str(f) for f in calendar or ()]
        picked = run.picked()
        write(clash_report.clashes_json(run.programme, run.zone, sessions, files, found, picked))
    elif fmt is OutputFormat.CSV:
        write(clash_report.clashes_csv(found, run.zone))
    elif found and fmt is OutputFormat.TABLE:
        from ...views.consoles import make_console
        from ...views.render import clashes_table

        console = make_console(no_color=run.settings.no_color)
        console.print(clashes_table(found, columns, width=console.width))
        console.print(clash_report.clash_summary(found, sessions, run.zone))  # wrapped to fit
    else:
        if found:
            write(clash_report.clashes_plain(found, columns) + "\n")
        write(clash_report.clash_summary(found, sessions, run.zone) + "\n")
