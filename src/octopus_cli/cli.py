"""The command line: parse options, call the core, render. Logic lives elsewhere."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn
from zoneinfo import ZoneInfo

import typer
from typer.core import TyperGroup

from . import __version__
from .choices import ExportFormat, Kind, OutputFormat
from .errors import ExitStatus, InputError, OctopusError, ProgrammeError
from .text import printable

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .agenda import Picks
    from .filters import SessionFilter
    from .models import Programme, Session
    from .usercal import Busy


# ---- one error handler --------------------------------------------------------------------


def _error(message: str, hint: str | None = None, details: Sequence[str] = ()) -> None:
    lines = [f"Error: {printable(message)}", *(f"  - {printable(d)}" for d in details)]
    if hint:
        lines.append(printable(hint))
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def _silence_stdout() -> None:
    """After the reader of our stdout went away: send what is left nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests): nothing is flushed at exit anyway


class OctopusGroup(TyperGroup):
    """Maps every error a user can cause to `Error: ...` on stderr and an exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitStatus.OK) from None

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
        from typer.exceptions import Abort

        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except OctopusError as error:
            details = error.problems if isinstance(error, ProgrammeError) else ()
            _error(error.message, error.hint, details)
            sys.exit(error.exit_status)
        except NoArgsIsHelpError as error:
            # A bare `octopus` (or `octopus config`) asks for help: show it and succeed.
            sys.stdout.write(error.format_message())
            sys.exit(ExitStatus.OK)
        except UsageError as error:
            command = error.ctx.command_path if error.ctx else "octopus"
            # Typer's parameter adapters prefix messages with pydantic's "Value error, "
            message = error.format_message().replace("Value error, ", "")
            _error(message, f"See '{command} --help'.")
            sys.exit(ExitStatus.USAGE)
        except ClickException as error:
            _error(error.format_message())
            sys.exit(ExitStatus.USAGE)
        except (Abort, KeyboardInterrupt):
            sys.stderr.write("\n")
            sys.exit(ExitStatus.INTERRUPTED)
        sys.exit(result if isinstance(result, int) else ExitStatus.OK)


app = typer.Typer(
    cls=OctopusGroup,
    name="octopus",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=True,
)
config_app = typer.Typer(
    help="Show and change your settings (the default time zone).", no_args_is_help=True
)
app.add_typer(config_app, name="config")
agenda_app = typer.Typer(
    help="Your personal agenda: the sessions you pick. Marked ★ in list, today, now and next.",
    no_args_is_help=True,
)
app.add_typer(agenda_app, name="agenda")


# ---- global options -----------------------------------------------------------------------


@dataclass
class Settings:
    programme_path: Path | None
    no_color: bool


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"octopus {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    programme: Annotated[
        Path | None,
        typer.Option(
            "--programme",
            envvar="OCTOPUS_PROGRAMME",
            help="Programme file to read instead of the bundled 2021 programme.",
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="Plain output without colour.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """The Octopus Conference 2021 programme (Council of Europe, online, 16-18 November 2021)
    in your terminal and your time zone.

    Examples:

      octopus today --tz Asia/Manila

      octopus list --day 2 --format json

      octopus show ws6
    """
    ctx.obj = Settings(programme, no_color)


# ---- shared options -----------------------------------------------------------------------

TzOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tz",
        help="Display time zone: an IANA name (Asia/Tokyo), UTC, local or a city (new york). "
        "Repeat for more columns. Default: $OCTOPUS_TZ, 'octopus config set tz', else the "
        "conference zone.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, plain otherwise.",
        show_default=False,
        case_sensitive=False,
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Pretend the clock says this (2021-11-17T09:30, with or without offset; "
        "a time without offset is in the display zone). Default: $OCTOPUS_NOW, else now.",
        show_default=False,
    ),
]
IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Session ids, labels or patterns: ws6, 'WS 6', 'ws1*'.", show_default=False
    ),
]
DayOption = Annotated[
    list[str] | None,
    typer.Option(
        "--day",
        "-d",
        help="A day: 1-3, a weekday (wed) or a date (2021-11-17).",
        show_default=False,
    ),
]
KindOption = Annotated[
    list[Kind] | None,
    typer.Option(
        "--kind", "-k", help="Only this kind of session.", show_default=False, case_sensitive=False
    ),
]
TrackOption = Annotated[
    list[int] | None,
    typer.Option(
        "--track",
        "-t",
        help="Only this track (column of the programme).",
        show_default=False,
        min=1,
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", help="Only sessions with this tag (see 'octopus info').", show_default=False
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        help="Only sessions whose text contains this (any case).",
        show_default=False,
    ),
]
BetweenOption = Annotated[
    str | None,
    typer.Option(
        "--between",
        help="Only sessions entirely inside this daily window of your "
        "local time: HH:MM-HH:MM (22:00-06:00 crosses midnight).",
        show_default=False,
    ),
]


AgendaOption = Annotated[
    bool, typer.Option("--agenda", "-a", help="Only the sessions in your agenda.")
]
CalendarOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--calendar",
        "-c",
        metavar="FILE.ics",
        help="Your own calendar file: its events count as busy time. Repeatable.",
        show_default=False,
    ),
]
AllDayOption = Annotated[
    bool,
    typer.Option("--all-day-busy", help="Count all-day events of --calendar as busy."),
]

BreaksOption = Annotated[
    bool, typer.Option("--include-breaks/--no-breaks", help="Show the breaks.")
]


# ---- per-run context ----------------------------------------------------------------------


@dataclass
class Run:
    """What one command invocation works with: loaded once, passed down."""

    settings: Settings
    programme: Programme
    zones: list[ZoneInfo]
    now: datetime

    @property
    def zone(self) -> ZoneInfo:
        return self.zones[0]

    def agenda(self) -> Picks:
        """The user's picks for this programme; picks it does not have are reported."""
        from .agenda import agenda_path, read_picks, resolve_picks

        picks = resolve_picks(self.programme, read_picks(agenda_path(os.environ), self.programme))
        if picks.missing:
            count = len(picks.missing)
            sys.stderr.write(
                f"Note: {count} pick{'s are' if count != 1 else ' is'} not in this programme: "
                f"{', '.join(printable(i) for i in picks.missing)} (kept; "
                "'octopus agenda remove ID' drops one)\n"
            )
        return picks

    def picked(self) -> frozenset[str]:
        """Ids to mark as picked. A damaged agenda file is reported and marks nothing: the
        programme still shows (`--agenda` and `octopus agenda` refuse to go on instead)."""
        from .agenda import AgendaError, agenda_path, read_picks

        try:
            return frozenset(read_picks(agenda_path(os.environ), self.programme))
        except AgendaError as error:
            sys.stderr.write(f"Warning: {printable(error.message)}\n")
            return frozenset()


def _settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings(None, False)


def _start(
    ctx: typer.Context,
    tz: Sequence[str] | None = None,
    at: str | None = None,
    *,
    viewer_zone: bool = True,
) -> Run:
    """Load the programme, choose the zones and read the clock, once per run. With
    `viewer_zone` False the default zone is the conference's, not the user's setting."""
    from .clock import resolve_now
    from .config import choose_zones
    from .programme import load_programme

    settings = _settings(ctx)
    programme = load_programme(settings.programme_path)
    environ = os.environ if viewer_zone or tz else {}
    choice = choose_zones(tz or (), environ, programme.zone)
    for note in choice.notes:
        sys.stderr.write(f"Note: {note}\n")
    now = resolve_now(at, os.environ, choice.zones[0], datetime.now(UTC))
    return Run(settings, programme, choice.zones, now)


def _format(requested: OutputFormat | None) -> OutputFormat:
    if requested is not None:
        return requested
    return OutputFormat.TABLE if sys.stdout.isatty() else OutputFormat.PLAIN


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _write_bytes(data: bytes) -> None:
    """Exports keep their own encoding and line ends (CRLF in .ics), whatever the terminal."""
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is not None:
        binary.write(data)
        binary.flush()
    else:
        _write(data.decode())


def _print_rich(run_or_settings: Run | Settings, renderable: RenderableType) -> None:
    from .render import make_console

    settings = run_or_settings.settings if isinstance(run_or_settings, Run) else run_or_settings
    console: Console = make_console(no_color=settings.no_color)
    console.print(renderable)


def _filter(
    ids: Sequence[str] | None,
    day: Sequence[str] | None,
    kind: Sequence[Kind] | None,
    track: Sequence[int] | None,
    tag: Sequence[str] | None,
    search: str | None,
    include_breaks: bool,
    between: str | None,
    picks: frozenset[str] | None = None,
) -> SessionFilter:
    from .clock import parse_window
    from .filters import SessionFilter

    return SessionFilter(
        ids=tuple(ids or ()),
        days=tuple(day or ()),
        kinds=tuple(kind or ()),
        tracks=tuple(track or ()),
        tags=tuple(tag or ()),
        search=search,
        include_breaks=include_breaks,
        between=parse_window(between) if between is not None else None,
        picks=picks,
    )


def _select(run: Run, wanted: SessionFilter) -> list[Session]:
    from .filters import select

    return select(run.programme, wanted, run.zone, run.now.astimezone(run.zone).date())


def _one_day(run: Run, wanted: SessionFilter) -> date | None:
    from .filters import resolve_day

    if len(wanted.days) != 1:
        return None
    return resolve_day(run.programme, wanted.days[0], run.now.astimezone(run.zone).date())


def _show_sessions(
    run: Run,
    sessions: Sequence[Session],
    output: OutputFormat,
    *,
    day: date | None = None,
    empty: Callable[[], str] | None = None,
) -> None:
    """Render a list of sessions in the chosen format (the one place list and today share)."""
    from . import formats

    if output is OutputFormat.CSV:
        _write(formats.sessions_csv(sessions, run.zone))
        return
    picked = run.picked()
    if output is OutputFormat.JSON:
        _write(formats.sessions_json(run.programme, sessions, run.zone, picked))
        return
    if not sessions:
        sys.stderr.write((empty() if empty else "No sessions match.") + "\n")
        return
    columns = formats.zone_columns(run.zones, run.programme.zone)
    if output is OutputFormat.PLAIN:
        _write(formats.sessions_plain(sessions, columns, day, picked))
        return
    from .render import make_console, sessions_tables

    console = make_console(no_color=run.settings.no_color)
    table = sessions_tables(
        run.programme, sessions, columns, width=console.width, day=day, now=run.now, picked=picked
    )
    console.print(table)


# ---- commands -----------------------------------------------------------------------------


@app.command("list")
def list_command(
    ctx: typer.Context,
    ids: IdsArgument = None,
    day: DayOption = None,
    kind: KindOption = None,
    track: TrackOption = None,
    tag: TagOption = None,
    search: SearchOption = None,
    between: BetweenOption = None,
    include_breaks: BreaksOption = True,
    agenda: AgendaOption = False,
    free_in: Annotated[
        list[Path] | None,
        typer.Option(
            "--free-in",
            metavar="FILE.ics",
            help="Only sessions that clash with no event of this calendar file. Repeatable.",
            show_default=False,
        ),
    ] = None,
    all_day_busy: AllDayOption = False,
    tz: TzOption = None,
    output: FormatOption = None,
    at: AtOption = None,
) -> None:
    """List the programme, grouped by day, parallel sessions side by side.

    Examples:

      octopus list --tz Asia/Manila

      octopus list --day wed --kind workshop --no-breaks

      octopus list 'ws1*' --format json

      octopus list --free-in my-calendar.ics
    """
    run = _start(ctx, tz, at)
    picks = run.agenda().ids if agenda else None
    wanted = _filter(ids, day, kind, track, tag, search, include_breaks, between, picks)
    sessions = _select(run, wanted)
    if free_in and sessions:
        from .clashes import free_of

        sessions = free_of(sessions, _busy(run, free_in, sessions, all_day_busy))
    # One day asked: everything that touches it sits under it, as in `today`.
    single_day = _one_day(run, wanted)
    _show_sessions(run, sessions, _format(output), day=single_day)


@app.command()
def today(
    ctx: typer.Context,
    date_: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Another day: 2021-11-17, '17 Nov 2021', yesterday, tomorrow.",
            show_default=False,
        ),
    ] = None,
    kind: KindOption = None,
    track: TrackOption = None,
    tag: TagOption = None,
    search: SearchOption = None,
    between: BetweenOption = None,
    include_breaks: BreaksOption = True,
    agenda: AgendaOption = False,
    tz: TzOption = None,
    output: FormatOption = None,
    at: AtOption = None,
) -> None:
    """What is on today, in your own time zone and your own calendar day.

    A session that crosses midnight in your zone shows on both days.

    Examples:

      octopus today

      octopus today --tz America/Los_Angeles --date 2021-11-16

      octopus today --date '17 Nov 2021' --between 08:00-20:00
    """
    from .clock import parse_day
    from .schedule import nothing_on_sentence

    run = _start(ctx, tz, at)
    local_today = run.now.astimezone(run.zone).date()
    day = parse_day(date_, local_today) if date_ is not None else local_today
    picks = run.agenda().ids if agenda else None
    wanted = _filter(
        None, [day.isoformat()], kind, track, tag, search, include_breaks, between, picks
    )
    sessions = _select(run, wanted)
    if not sessions and _format(output) in (OutputFormat.TABLE, OutputFormat.PLAIN):
        _write(nothing_on_sentence(run.programme, day, run.now, run.zone) + "\n")
        return
    _show_sessions(run, sessions, _format(output), day=day)


@app.command()
def now(
    ctx: typer.Context,
    tz: TzOption = None,
    output: FormatOption = None,
    at: AtOption = None,
) -> None:
    """What is on right now, how long it has left, and what comes next.

    Examples:

      octopus now

      octopus now --at 2021-11-17T14:30 --format plain
    """
    from .schedule import in_progress, upcoming

    run = _start(ctx, tz, at)
    sessions = run.programme.sessions
    current = in_progress(sessions, run.now)
    following = upcoming(sessions, run.now, 1)
    _show_moment(run, current, following, _format(output))


@app.command("next")
def next_command(
    ctx: typer.Context,
    count: Annotated[int, typer.Argument(help="How many sessions.", min=1, max=1000)] = 3,
    include_breaks: BreaksOption = False,
    tz: TzOption = None,
    output: FormatOption = None,
    at: AtOption = None,
) -> None:
    """The next sessions after the clock, with countdowns.

    Examples:

      octopus next

      octopus next 5 --tz Africa/Nairobi --at '2021-11-17 08:00'
    """
    from .schedule import upcoming

    run = _start(ctx, tz, at)
    sessions = [s for s in run.programme.sessions if include_breaks or not s.is_break]
    _show_moment(run, [], upcoming(sessions, run.now, count), _format(output))


def _show_moment(
    run: Run, current: Sequence[Session], following: Sequence[Session], output: OutputFormat
) -> None:
    from . import formats
    from .clock import format_duration
    from .schedule import conference_span

    zone, now_ = run.zone, run.now
    picked = frozenset() if output is OutputFormat.CSV else run.picked()
    if output is OutputFormat.JSON:

        def record(session: Session) -> dict[str, Any]:
            item = formats.session_record(session, zone, picked)
            item["starts_in_minutes"] = int((session.start - now_).total_seconds() // 60)
            item["ends_in_minutes"] = int((session.end - now_).total_seconds() // 60)
            return item

        _write(
            formats.to_json(
                formats.envelope(
                    run.programme,
                    zone,
                    now=now_.astimezone(zone).isoformat(),
                    in_progress=[record(s) for s in current],
                    next=[record(s) for s in following],
                )
            )
        )
        return
    if output is OutputFormat.CSV:
        _write(formats.sessions_csv([*current, *following], zone))
        return
    if not current and not following:
        span = conference_span(run.programme, zone).describe()
        ended = run.programme.sessions and now_ >= max(s.end for s in run.programme.sessions)
        _write(f"Nothing on now; the conference {'ran' if ended else 'runs'} {span}.\n")
        return
    if output is OutputFormat.TABLE:
        from .render import now_view

        _print_rich(run, now_view(current, following, now_, zone, picked))
        return
    today_ = now_.astimezone(zone).date()
    lines = [
        formats.session_line(s, [zone], today_, f"  ({format_duration(s.end - now_)} left)", picked)
        for s in current
    ]
    lines += [
        formats.session_line(s, [zone], today_, f"  ({formats.countdown(now_, s.start)})", picked)
        for s in following
    ]
    _write("\n".join(lines) + "\n")


@app.command()
def export(
    ctx: typer.Context,
    output_path: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="File to write (replaced atomically), or - for stdout.",
            show_default=False,
        ),
    ] = None,
    ids: IdsArgument = None,
    day: DayOption = None,
    kind: KindOption = None,
    track: TrackOption = None,
    tag: TagOption = None,
    search: SearchOption = None,
    between: BetweenOption = None,
    include_breaks: BreaksOption = False,
    agenda: AgendaOption = False,
    export_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="ics, json, csv or xml (frab schedule.xml). Default: from the file's "
            "extension, else ics.",
            show_default=False,
            case_sensitive=False,
        ),
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            help="Zone the times are written in (their instants never change). "
            "Default: the conference zone.",
            show_default=False,
        ),
    ] = None,
    utc: Annotated[
        bool, typer.Option("--utc", help="Write times in UTC (.ics: no VTIMEZONE).")
    ] = False,
    alarm: Annotated[
        list[str] | None,
        typer.Option(
            "--alarm",
            help="Add a reminder this long before each event (.ics): 15m, 1h, 1d. Repeatable.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export sessions to a calendar file (.ics), JSON, CSV or frab XML.

    Takes the same session ids and filters as 'list'. The .ics imports at the right times
    in Google Calendar, Outlook, Apple Calendar and Thunderbird, and importing it again
    updates the events instead of duplicating them.

    Examples:

      octopus export -o octopus.ics

      octopus export ws6 -o ws6.ics --alarm 15m

      octopus export --track 2 --tz Asia/Tokyo -o track2.ics

      octopus export -o schedule.xml

      octopus export --agenda -o mine.ics
    """
    from .clock import parse_duration
    from .exports import NAMES, export_bytes

    alarms = [parse_duration(value, "--alarm") for value in alarm or ()]
    if not output_path:
        raise InputError(
            "say where to write the export with -o",
            "For example: octopus export -o octopus.ics (or -o - for stdout).",
        )
    chosen = export_format or ExportFormat.for_path(output_path) or ExportFormat.ICS
    run = _start(ctx, [tz] if tz is not None else None, viewer_zone=False)
    picks = run.agenda().ids if agenda else None
    wanted = _filter(ids, day, kind, track, tag, search, include_breaks, between, picks)
    sessions = _select(run, wanted)
    if not sessions:
        raise InputError(
            "no sessions match; nothing written",
            "See what the same options select with 'octopus list'.",
        )
    data = export_bytes(
        chosen,
        run.programme,
        sessions,
        run.zone,
        utc=utc,
        alarms=alarms,
        subset=wanted.describe(),
    )
    if output_path == "-":
        _write_bytes(data)
        return
    from .fileio import write_atomic

    target = Path(output_path)
    write_atomic(target, data)
    count = len(sessions)
    where = "UTC" if utc else run.zone.key
    sys.stderr.write(
        f"Wrote {count} session{'s' if count != 1 else ''} to {output_path} "
        f"({NAMES[chosen]}, times in {where})\n"
    )


@app.command()
def show(
    ctx: typer.Context,
    session_id: Annotated[
        str, typer.Argument(metavar="ID", help="Session id or label: ws6, 'WS 6'.")
    ],
    tz: TzOption = None,
    output: FormatOption = None,
) -> None:
    """Everything about one session: times, agenda, what runs in parallel.

    Examples:

      octopus show ws6

      octopus show plenary --tz Asia/Tokyo --format json
    """
    from . import formats
    from .filters import find_session
    from .schedule import parallel_to

    run = _start(ctx, tz)
    session = find_session(run.programme, session_id)
    parallel = parallel_to(run.programme, session)
    fmt = _format(output)
    if fmt is OutputFormat.JSON:
        record = formats.session_record(session, run.zone)
        record["parallel"] = [other.id for other in parallel]
        _write(formats.to_json(formats.envelope(run.programme, run.zone, session=record)))
    elif fmt is OutputFormat.CSV:
        _write(formats.sessions_csv([session], run.zone))
    elif fmt is OutputFormat.PLAIN:
        _write(formats.session_detail_plain(session, run.zones, parallel))
    else:
        from .render import session_detail

        _print_rich(run, session_detail(run.programme, session, run.zones, parallel))


@app.command()
def info(ctx: typer.Context, output: FormatOption = None) -> None:
    """The conference: dates, languages, registration, organiser, contact, funders.

    Examples:

      octopus info

      octopus info --format json
    """
    from . import formats
    from .programme import load_programme

    settings = _settings(ctx)
    programme = load_programme(settings.programme_path)
    fmt = _format(output)
    if fmt is OutputFormat.JSON:
        _write(formats.to_json(formats.info_document(programme)))
    elif fmt is OutputFormat.TABLE:
        from .render import info_table

        _print_rich(settings, info_table(formats.info_rows(programme)))
    else:
        _write(formats.info_plain(programme))


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="Programme file (default: the one in use).", show_default=False),
    ] = None,
) -> None:
    """Check a programme file and list every problem; exit 1 if there is any.

    Examples:

      octopus validate

      octopus validate my-programme.toml && echo valid
    """
    from .programme import check_programme_text, default_programme_path, read_programme_text

    file = path or _settings(ctx).programme_path or default_programme_path()
    try:
        text = read_programme_text(file)
        programme, problems = check_programme_text(text, str(file))
    except ProgrammeError as error:
        if not error.problems:
            raise  # unreadable: bad input, exit 2
        programme, problems = None, error.problems
    if problems:
        count = len(problems)
        _write(f"{file}: {count} problem{'s' if count != 1 else ''}\n")
        _write("".join(f"  - {p}\n" for p in problems))
        raise typer.Exit(ExitStatus.FOUND)
    assert programme is not None
    _write(f"{file}: valid, {len(programme.sessions)} sessions\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the programme file format, for editors and validators.

    Example:

      octopus schema > programme.schema.json
    """
    import json

    from .models import ProgrammeFile

    _write(json.dumps(ProgrammeFile.model_json_schema(), indent=2) + "\n")


def _busy(
    run: Run,
    files: Sequence[Path],
    sessions: Sequence[Session],
    all_day: bool,
    margin: timedelta = timedelta(0),
) -> list[Busy]:
    """The busy times of the user's calendar files, read for the span of `sessions`."""
    from .clashes import span
    from .usercal import read_busy

    window = span(sessions, margin)
    return [
        event for file in files for event in read_busy(file, run.zone, window, all_day_busy=all_day)
    ]


@app.command()
def clashes(
    ctx: typer.Context,
    ids: IdsArgument = None,
    agenda: AgendaOption = False,
    calendar: CalendarOption = None,
    all_day_busy: AllDayOption = False,
    min_overlap: Annotated[
        str | None,
        typer.Option(
            "--min-overlap",
            help="Only overlaps longer than this count (10m). Default: any overlap; "
            "touching end and start is never a clash.",
            show_default=False,
        ),
    ] = None,
    buffer: Annotated[
        str | None,
        typer.Option(
            "--buffer",
            help="Ask for this much time between sessions (10m): closer pairs are reported.",
            show_default=False,
        ),
    ] = None,
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
    from . import formats
    from .clashes import Rule, find_clashes
    from .clock import parse_duration

    rule = Rule(
        min_overlap=parse_duration(min_overlap, "--min-overlap") if min_overlap else timedelta(0),
        buffer=parse_duration(buffer, "--buffer") if buffer else timedelta(0),
    )
    run = _start(ctx, tz)
    if ids:
        picks = run.agenda().ids if agenda else None
        sessions = _select(run, _filter(ids, None, None, None, None, None, True, None, picks))
    else:
        sessions = run.agenda().sessions
    if not sessions:
        raise InputError(
            "nothing to check: name sessions or pick some first"
            + (" (none of those is in your agenda)" if ids else ""),
            "For example: octopus clashes ws6 ws8, or octopus agenda add ws6 ws8.",
        )
    busy = _busy(run, calendar, sessions, all_day_busy, rule.buffer) if calendar else []
    found = find_clashes(sessions, busy, rule)
    fmt = _format(output)
    if fmt is OutputFormat.JSON:
        files = [str(f) for f in calendar or ()]
        _write(formats.clashes_json(run.programme, run.zone, sessions, files, found))
    elif fmt is OutputFormat.CSV:
        raise InputError("clashes has no CSV form", "Use --format json, plain or table.")
    elif found and fmt is OutputFormat.TABLE:
        from .render import clashes_table, make_console

        console = make_console(no_color=run.settings.no_color)
        console.print(clashes_table(found, run.zone, width=console.width))
        _write(formats.clash_summary(found, sessions, run.zone) + "\n")
    else:
        if found:
            _write(formats.clashes_plain(found, run.zone) + "\n")
        _write(formats.clash_summary(found, sessions, run.zone) + "\n")
    if found:
        raise typer.Exit(ExitStatus.FOUND)


# ---- agenda -------------------------------------------------------------------------------


def _agenda_change(
    run: Run, change: Callable[[list[str]], list[str]]
) -> tuple[list[str], list[str]]:
    from .agenda import agenda_path, update_picks

    return update_picks(agenda_path(os.environ), run.programme, change)


def _ids_text(ids: Sequence[str]) -> str:
    return ", ".join(printable(i) for i in ids)


@agenda_app.command("add")
def agenda_add(
    ctx: typer.Context,
    ids: Annotated[
        list[str], typer.Argument(help="Session ids, labels or patterns: ws6, 'WS 6', 'ws1*'.")
    ],
) -> None:
    """Pick sessions: add them to your agenda.

    Examples:

      octopus agenda add ws6 ws8

      octopus agenda add 'outlook*'
    """
    from .filters import match_ids
    from .overlaps import overlapping_pairs

    run = _start(ctx)
    chosen = [s.id for s in match_ids(run.programme, ids)]
    before, after = _agenda_change(run, lambda picks: [*picks, *chosen])
    added = [i for i in after if i not in before]
    if added:
        sys.stderr.write(f"Picked {_ids_text(added)}; {len(after)} in your agenda.\n")
    already = [i for i in chosen if i in before]
    if already:
        sys.stderr.write(f"Already picked: {_ids_text(already)}.\n")
    # A friendly warning now saves a surprise later; `clashes` is the check to script.
    new = set(added)
    picked = [s for s in run.programme.sessions if s.id in set(after)]
    for first, second in overlapping_pairs(picked):
        if first.id in new or second.id in new:
            sys.stderr.write(f"Note: {first.id} and {second.id} overlap (both picked).\n")


@agenda_app.command("remove")
def agenda_remove(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(help="Session ids, labels or patterns.")],
) -> None:
    """Drop sessions from your agenda (also picks the programme no longer has).

    Example:

      octopus agenda remove ws8
    """
    from .filters import match_ids, normalise_id

    run = _start(ctx)
    picks = run.agenda()
    stale = {normalise_id(i) for i in ids} & set(picks.missing)
    named = [i for i in ids if normalise_id(i) not in stale]
    dropping = set(stale) | {s.id for s in match_ids(run.programme, named)}
    before, after = _agenda_change(run, lambda current: [i for i in current if i not in dropping])
    removed = [i for i in before if i not in after]
    if removed:
        sys.stderr.write(f"Removed {_ids_text(removed)}; {len(after)} in your agenda.\n")
    else:
        sys.stderr.write("None of those was in your agenda.\n")


@agenda_app.command("show")
def agenda_show(
    ctx: typer.Context,
    tz: TzOption = None,
    output: FormatOption = None,
    at: AtOption = None,
) -> None:
    """Your agenda: the sessions you picked, by day, in your zone.

    Examples:

      octopus agenda show

      octopus agenda show --tz Asia/Manila --format json
    """
    run = _start(ctx, tz, at)
    sessions = run.agenda().sessions
    _show_sessions(
        run,
        sessions,
        _format(output),
        empty=lambda: "Your agenda is empty. Pick sessions with: octopus agenda add ws6",
    )


@agenda_app.command("clear")
def agenda_clear(ctx: typer.Context) -> None:
    """Remove every pick for this programme (it says which, so you can add them back).

    Example:

      octopus agenda clear
    """
    run = _start(ctx)
    before, _ = _agenda_change(run, lambda current: [])
    if before:
        sys.stderr.write(f"Removed {len(before)} picks: {_ids_text(before)}.\n")
    else:
        sys.stderr.write("Your agenda was already empty.\n")


# ---- config -------------------------------------------------------------------------------


@config_app.command("show")
def config_show(ctx: typer.Context) -> None:
    """Show the settings and where they are stored.

    Example:

      octopus config show
    """
    from .config import SETTINGS, config_path, read_config

    path = config_path(os.environ)
    settings = read_config(path)
    _write(f"# {path}{'' if path.exists() else ' (not created yet)'}\n")
    for key, meaning in SETTINGS.items():
        value = settings.get(key)
        _write(f"{key} = {value if value is not None else '(not set)'}    # {meaning}\n")
    if os.environ.get("OCTOPUS_TZ"):
        _write(f"# OCTOPUS_TZ={os.environ['OCTOPUS_TZ']} overrides tz\n")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="Setting name: tz.")],
    value: Annotated[str, typer.Argument(help="New value.")],
) -> None:
    """Change a setting.

    Example:

      octopus config set tz Asia/Manila
    """
    from .config import config_path, set_setting

    path = config_path(os.environ)
    stored = set_setting(path, key, value)
    sys.stderr.write(f"Set {key} = {stored} in {path}\n")


@config_app.command("unset")
def config_unset(key: Annotated[str, typer.Argument(help="Setting name: tz.")]) -> None:
    """Remove a setting, going back to the default.

    Example:

      octopus config unset tz
    """
    from .config import config_path, unset_setting

    path = config_path(os.environ)
    removed = unset_setting(path, key)
    sys.stderr.write(f"{'Removed' if removed else 'Not set:'} {key} ({path})\n")


def main() -> None:
    """Console-script entry point."""
    _prepare_streams()
    try:
        app()
    except KeyboardInterrupt:  # before the group's handler is in place
        sys.exit(ExitStatus.INTERRUPTED)


def _prepare_streams() -> None:
    """Never crash on a terminal that cannot show a character: fall back to ASCII look-alikes."""
    from .text import register_ascii_fallback

    handler = register_ascii_fallback()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=handler)
