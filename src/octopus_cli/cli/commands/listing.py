"""`list`, `today` and `show`: sessions in the viewer's zones, in the chosen format."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from ...core.choices import OutputFormat
from ...core.errors import InputError
from ...core.i18n import _
from ..marks import noticing
from ..params import SessionFilters, Viewpoint
from ..runtime import Invocation, Run, choose_format, print_rich, write

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from rich.console import RenderableType

    from ...core.busy import Busy
    from ...core.changekinds import Marks
    from ...core.filters import SessionFilter
    from ...core.models import Session
    from ..options import (
        AllDayOption,
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
    with noticing(view.start(invocation)) as noticed:
        run = noticed.run
        wanted = filters.select(run, ids, day)
        sessions = select_sessions(run, wanted)
        if free_in and sessions:
            from ...core.clashes import free_of

            sessions = free_of(sessions, busy_times(run, free_in, sessions, all_day_busy))
        # Days asked: everything that touches each sits under it, as in `today`.
        days = asked_days(run, wanted.days)
        show_sessions(run, sessions, choose_format(output), days=days, changed=noticed.marks)


def today(
    invocation: Invocation,
    day: DayOption = None,
    filters: SessionFilters = SessionFilters(),
    view: Viewpoint = Viewpoint(),
    output: FormatOption = None,
) -> None:
    """What is on today, in your own time zone and your own calendar day.

    A session that crosses midnight in your zone shows on both days. --day (or --date)
    shows another day, named as on list, grid and export: a day number, a weekday or a
    date, always your own local date.

    Examples:

      octopus today

      octopus today --tz America/Los_Angeles --date 2021-11-16

      octopus today --day 1 --tz Pacific/Auckland

      octopus today --date '17 Nov 2021' --between 08:00-20:00
    """
    from ...core.schedule import nothing_on_sentence

    if day and len(day) > 1:
        from shlex import quote

        raise InputError(
            _("--day: 'today' shows one day, and {count} were given ({days})").format(
                count=len(day), days=", ".join(day)
            ),
            _("Give --day once; for several days: {command}").format(
                command="octopus list --day " + " --day ".join(quote(given) for given in day)
            ),
        )
    with noticing(view.start(invocation)) as noticed:
        run = noticed.run
        when = asked_days(run, day)[0] if day else run.today
        sessions = select_sessions(run, filters.select(run, days=[when.isoformat()]))
        fmt = choose_format(output)
        if not sessions and fmt in (OutputFormat.TABLE, OutputFormat.PLAIN):
            write(nothing_on_sentence(run.programme, when, run.now, run.zone) + "\n")
            return
        show_sessions(run, sessions, fmt, days=[when], changed=noticed.marks)


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

    with noticing(invocation.start(tz)) as noticed:
        run = noticed.run
        session = find_session(run.programme, session_id)
        parallel = parallel_to(run.programme, session)
        fmt = choose_format(output)
        picked = frozenset() if fmt is OutputFormat.CSV else run.picked()
        columns = formats.zone_columns(run.zones, run.programme.zone)
        change = noticed.change_of(session.id)
        note = None
        if change is not None:
            from ...views.changes import change_note

            note = change_note(change, columns)
        if fmt is OutputFormat.JSON:
            record = formats.session_record(session, run.zone, picked, noticed.marks)
            record["parallel"] = [other.id for other in parallel]
            write(formats.to_json(formats.envelope(run.programme, run.zone, session=record)))
        elif fmt is OutputFormat.CSV:
            write(formats.sessions_csv([session], run.zone))
        elif fmt is OutputFormat.PLAIN:
            picks = session.id in picked
            session, *parallel = run.shown([session, *parallel])
            write(formats.session_detail_plain(session, columns, parallel, picks, note))
        else:
            from ...views.render import session_detail

            picks = session.id in picked
            session, *parallel = run.shown([session, *parallel])
            detail = session_detail(run.programme, session, columns, parallel, picks, note)
            print_rich(run.settings, detail)


# ---- shared by the commands that list sessions --------------------------------------------


def select_sessions(run: Run, wanted: SessionFilter) -> list[Session]:
    from ...core.filters import select

    return select(run.programme, wanted, run.zone, run.today)


def asked_days(run: Run, given: Sequence[str] | None) -> list[date]:
    """The `--day` values given, as the viewer's local dates (none given: empty)."""
    from ...core.filters import resolve_days

    return resolve_days(run.programme, given or (), run.zone, run.today)


def show_sessions(
    run: Run,
    sessions: Sequence[Session],
    output: OutputFormat,
    *,
    days: Sequence[date] = (),
    empty: Callable[[], str] | None = None,
    changed: Marks | None = None,
) -> None:
    """Render a list of sessions in the chosen format (the one place list, today and
    agenda show share): under each of `days` the sessions that run on it, else under the
    local date each starts on."""
    from ...views import formats

    if output is OutputFormat.CSV:
        write(formats.sessions_csv(sessions, run.zone))
        return
    picked = run.picked()
    if output is OutputFormat.JSON:
        write(formats.sessions_json(run.programme, sessions, run.zone, picked, changed))
        return
    if not sessions:
        sys.stderr.write((empty() if empty else _("No sessions match.")) + "\n")
        return
    sessions = run.shown(sessions)
    columns = formats.zone_columns(run.zones, run.programme.zone)
    if output is OutputFormat.PLAIN:
        if not days:
            write(formats.sessions_plain(sessions, columns, None, picked, changed))
            return
        from ...core.filters import group_by_days

        groups = group_by_days(sessions, days, run.zone)
        blocks = [formats.sessions_plain(found, columns, d, picked, changed) for d, found in groups]
        write("\n".join(blocks))
        return
    from ...views.consoles import make_console

    console = make_console(no_color=run.settings.no_color)
    console.print(sessions_view(run, sessions, columns, console.width, days, changed))


def sessions_view(
    run: Run,
    sessions: Sequence[Session],
    zones: Sequence[ZoneInfo],
    width: int,
    days: Sequence[date],
    changed: Marks | None = None,
) -> RenderableType:
    """The tables of `show_sessions` (and of `grid` on a terminal too narrow for it)."""
    from ...views.listview import session_list

    picked = run.picked()

    def tables(found: Sequence[Session], day: date | None) -> RenderableType:
        return session_list(
            found,
            zones,
            run.programme.zone,
            width=width,
            day=day,
            now=run.now,
            picked=picked,
            changed=changed,
        )

    if not days:
        return tables(sessions, None)
    from rich.console import Group
    from rich.text import Text

    from ...core.filters import group_by_days

    parts: list[RenderableType] = []
    for day, found in group_by_days(sessions, days, run.zone):
        parts += [tables(found, day), Text("")]
    return Group(*parts[:-1])


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
