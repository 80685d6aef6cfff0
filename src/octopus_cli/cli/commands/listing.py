"""`list`, `today` and `show`: sessions in the viewer's zones, in the chosen format."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from ...core.choices import OutputFormat
from ..params import SessionFilters, Viewpoint
from ..runtime import Invocation, Run, choose_format, print_rich, write

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ...core.busy import Busy
    from ...core.filters import SessionFilter
    from ...core.models import Session
    from ..options import (
        AllDayOption,
        DateOption,
        DayOption,
        FormatOption,
        FreeInOption,
        IdArgument,
        IdsArgument,
        TzOption,
    )


def list_command(
    invocation: Invocation,
    ids: IdsArgument = None,
    day: DayOption = None,
    filters: SessionFilters = SessionFilters(),
    free_in: FreeInOption = None,
    all_day_busy: AllDayOption = False,
    view: Viewpoint = Viewpoint(),
    output: FormatOption = None,
) -> None:
    """List the programme, grouped by day, parallel sessions side by side.

    Examples:

      octopus list --tz Asia/Manila

      octopus list --day wed --kind workshop --no-breaks

      octopus list 'ws1*' --format json

      octopus list --free-in my-calendar.ics
    """
    run = view.start(invocation)
    wanted = filters.select(run, ids, day)
    sessions = select_sessions(run, wanted)
    if free_in and sessions:
        from ...core.clashes import free_of

        sessions = free_of(sessions, busy_times(run, free_in, sessions, all_day_busy))
    # One day asked: everything that touches it sits under it, as in `today`.
    show_sessions(run, sessions, choose_format(output), day=one_day(run, wanted))


def today(
    invocation: Invocation,
    date_: DateOption = None,
    filters: SessionFilters = SessionFilters(),
    view: Viewpoint = Viewpoint(),
    output: FormatOption = None,
) -> None:
    """What is on today, in your own time zone and your own calendar day.

    A session that crosses midnight in your zone shows on both days.

    Examples:

      octopus today

      octopus today --tz America/Los_Angeles --date 2021-11-16

      octopus today --date '17 Nov 2021' --between 08:00-20:00
    """
    from ...core.clock import parse_day
    from ...core.schedule import nothing_on_sentence

    run = view.start(invocation)
    day = parse_day(date_, run.today) if date_ is not None else run.today
    sessions = select_sessions(run, filters.select(run, days=[day.isoformat()]))
    fmt = choose_format(output)
    if not sessions and fmt in (OutputFormat.TABLE, OutputFormat.PLAIN):
        write(nothing_on_sentence(run.programme, day, run.now, run.zone) + "\n")
        return
    show_sessions(run, sessions, fmt, day=day)


def show(
    invocation: Invocation,
    session_id: IdArgument,
    tz: TzOption = None,
    output: FormatOption = None,
) -> None:
    """Everything about one session: times, agenda, what runs in parallel.

    Examples:

      octopus show ws6

      octopus show plenary --tz Asia/Tokyo --format json
    """
    from ...core.filters import find_session
    from ...core.schedule import parallel_to
    from ...views import formats

    run = invocation.start(tz)
    session = find_session(run.programme, session_id)
    parallel = parallel_to(run.programme, session)
    fmt = choose_format(output)
    if fmt is OutputFormat.JSON:
        record = formats.session_record(session, run.zone)
        record["parallel"] = [other.id for other in parallel]
        write(formats.to_json(formats.envelope(run.programme, run.zone, session=record)))
    elif fmt is OutputFormat.CSV:
        write(formats.sessions_csv([session], run.zone))
    elif fmt is OutputFormat.PLAIN:
        write(formats.session_detail_plain(session, run.zones, parallel))
    else:
        from ...views.render import session_detail

        print_rich(run.settings, session_detail(run.programme, session, run.zones, parallel))


# ---- shared by the commands that list sessions --------------------------------------------


def select_sessions(run: Run, wanted: SessionFilter) -> list[Session]:
    from ...core.filters import select

    return select(run.programme, wanted, run.zone, run.today)


def one_day(run: Run, wanted: SessionFilter) -> date | None:
    from ...core.filters import resolve_day

    if len(wanted.days) != 1:
        return None
    return resolve_day(run.programme, wanted.days[0], run.today)


def show_sessions(
    run: Run,
    sessions: Sequence[Session],
    output: OutputFormat,
    *,
    day: date | None = None,
    empty: Callable[[], str] | None = None,
) -> None:
    """Render a list of sessions in the chosen format (the one place list, today and
    agenda show share)."""
    from ...views import formats

    if output is OutputFormat.CSV:
        write(formats.sessions_csv(sessions, run.zone))
        return
    picked = run.picked()
    if output is OutputFormat.JSON:
        write(formats.sessions_json(run.programme, sessions, run.zone, picked))
        return
    if not sessions:
        sys.stderr.write((empty() if empty else "No sessions match.") + "\n")
        return
    columns = formats.zone_columns(run.zones, run.programme.zone)
    if output is OutputFormat.PLAIN:
        write(formats.sessions_plain(sessions, columns, day, picked))
        return
    from ...views.consoles import make_console
    from ...views.render import sessions_tables

    console = make_console(no_color=run.settings.no_color)
    table = sessions_tables(
        run.programme, sessions, columns, width=console.width, day=day, now=run.now, picked=picked
    )
    console.print(table)


def busy_times(
    run: Run,
    files: Sequence[Path],
    sessions: Sequence[Session],
    all_day: bool,
    margin: timedelta = timedelta(0),
) -> list[Busy]:
    """The busy times of the user's calendar files, read for the span of `sessions`."""
    from ...core.clashes import span
    from ...sources.usercal import read_busy

    window = span(sessions, margin)
    return [
        event for file in files for event in read_busy(file, run.zone, window, all_day_busy=all_day)
    ]
