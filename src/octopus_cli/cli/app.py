"""The command line: parse options, call the core, render. Logic lives elsewhere."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from .. import __version__
from ..core.choices import ExportFormat, GridFormat, Kind, OutputFormat
from ..core.errors import ExitStatus, InputError, OctopusError
from ..core.text import printable
from .commands import (
    Run,
    Settings,
    busy_times,
    choose_format,
    export_sessions,
    list_sessions,
    load,
    make_filter,
    print_rich,
    report_error,
    select_sessions,
    show_grid,
    show_next,
    show_now,
    show_sessions,
    show_today,
    start,
    stdout_silenced,
    user_error_status,
    validate_file,
    write,
)

if TYPE_CHECKING:
    pass


# ---- one error handler --------------------------------------------------------------------


def _given(error: Exception, message: str) -> str:
    """' (got 'abc')': the value a parameter error is about. Typer's messages come from
    Pydantic, which keeps the value, but does not say it."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return ""
    try:
        value = errors()[0].get("input")
    except (IndexError, TypeError, AttributeError):
        return ""
    if not isinstance(value, str | int) or len(str(value)) > 60 or f"'{value}'" in message:
        return ""
    return f" (got '{printable(str(value))}')"


FOUND_KEY = "octopus.found"  # ctx.meta: a check found something, whatever happens to stdout


def _found(ctx: typer.Context) -> Callable[[], None]:
    """Note that a check found something, so a closed pipe still ends with status 1."""

    def note() -> None:
        ctx.meta[FOUND_KEY] = ExitStatus.FOUND

    return note


class OctopusGroup(TyperGroup):
    """Maps every error a user can cause to `Error: ...` on stderr and an exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as error:
            user_error_status(error)
            # The reader went away; what the command found still decides the status.
            raise typer.Exit(ctx.meta.get(FOUND_KEY, ExitStatus.OK)) from None
        except SystemExit as stop:
            if stop.code == 1 and stdout_silenced():  # Rich's answer to a closed pipe
                raise typer.Exit(ctx.meta.get(FOUND_KEY, ExitStatus.OK)) from None
            raise

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
        from typer.exceptions import Abort

        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except (OctopusError, KeyboardInterrupt) as error:
            sys.exit(user_error_status(error))
        except NoArgsIsHelpError as error:
            # A bare `octopus` (or `octopus config`) asks for help: show it and succeed.
            sys.stdout.write(error.format_message())
            sys.exit(ExitStatus.OK)
        except UsageError as error:
            command = error.ctx.command_path if error.ctx else "octopus"
            # Typer's parameter adapters prefix messages with pydantic's "Value error, "
            message = error.format_message().replace("Value error, ", "")
            message += _given(error, message)
            report_error(message, f"See '{command} --help'.")
            sys.exit(ExitStatus.USAGE)
        except ClickException as error:
            report_error(error.format_message())
            sys.exit(ExitStatus.USAGE)
        except Abort:
            sys.exit(user_error_status(KeyboardInterrupt()))
        except SystemExit as stop:
            from typer._click.utils import PacifyFlushWrapper

            # Help written into a closed pipe: Typer (or Rich, which printed it) exits 1.
            closed = isinstance(sys.stdout, PacifyFlushWrapper) or stdout_silenced()
            if stop.code == 1 and closed:
                sys.exit(ExitStatus.OK)
            raise
        sys.exit(result if isinstance(result, int) else ExitStatus.OK)


app = typer.Typer(
    cls=OctopusGroup,
    # Plain help: readable at any width and in any terminal, and it does not load Rich.
    rich_markup_mode=None,
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
    return start(_settings(ctx), tz, at, viewer_zone=viewer_zone)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"octopus {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    programme: Annotated[
        str | None,
        typer.Option(
            "--programme",
            envvar="OCTOPUS_PROGRAMME",
            metavar="PATH",
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
    if programme is not None and not programme.strip():
        raise InputError("--programme: empty path", "Give the path of a programme file.")
    ctx.obj = Settings(Path(programme) if programme is not None else None, no_color)


# ---- shell completion ---------------------------------------------------------------------


def _completion_programme(ctx: typer.Context) -> Path | None:
    given = ctx.find_root().params.get("programme") or os.environ.get("OCTOPUS_PROGRAMME")
    return Path(given) if given else None


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from .completion import session_ids

    return session_ids(_completion_programme(ctx), incomplete)


def _complete_tracks(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from .completion import tracks

    return tracks(_completion_programme(ctx), incomplete)


def _complete_tags(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from .completion import tags

    return tags(_completion_programme(ctx), incomplete)


def _complete_zones(incomplete: str) -> list[tuple[str, str]]:
    from .completion import zones

    return zones(incomplete)


# ---- shared options -----------------------------------------------------------------------

TzOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        autocompletion=_complete_zones,
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
        metavar="FORMAT",
        help="table, json, csv or plain. Default: table on a terminal, plain otherwise.",
        show_default=False,
        case_sensitive=False,
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="TIME",
        help="Pretend the clock says this (2021-11-17T09:30, with or without offset; "
        "a time without offset is in the display zone). Default: $OCTOPUS_NOW, else now.",
        show_default=False,
    ),
]
IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="ID",
        autocompletion=_complete_ids,
        help="Session ids, labels or patterns: ws6, 'WS 6', 'ws1*'.",
        show_default=False,
    ),
]
DayOption = Annotated[
    list[str] | None,
    typer.Option(
        "--day",
        "-d",
        metavar="DAY",
        help="A day: 1-3, a weekday (wed) or a date (2021-11-17).",
        show_default=False,
    ),
]
KindOption = Annotated[
    list[Kind] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="Only this kind of session: " + ", ".join(kind.value for kind in Kind) + ".",
        show_default=False,
        case_sensitive=False,
    ),
]
TrackOption = Annotated[
    list[int] | None,
    typer.Option(
        "--track",
        "-t",
        metavar="N",
        autocompletion=_complete_tracks,
        help="Only this track (column of the programme).",
        show_default=False,
        min=1,
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        autocompletion=_complete_tags,
        help="Only sessions with this tag (see 'octopus info').",
        show_default=False,
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        metavar="TEXT",
        help="Only sessions whose text contains this (any case).",
        show_default=False,
    ),
]
BetweenOption = Annotated[
    str | None,
    typer.Option(
        "--between",
        metavar="HH:MM-HH:MM",
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
    list_sessions(
        run,
        make_filter(ids, day, kind, track, tag, search, include_breaks, between),
        choose_format(output),
        agenda=agenda,
        free_in=free_in or (),
        all_day_busy=all_day_busy,
    )


@app.command()
def grid(
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
    tz: TzOption = None,
    grid_format: Annotated[
        GridFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text or svg (a picture). Default: svg when -o names a .svg file, else text.",
            show_default=False,
            case_sensitive=False,
        ),
    ] = None,
    output_path: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (replaced atomically) instead of the terminal; - for stdout.",
            show_default=False,
        ),
    ] = None,
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            "-w",
            metavar="N",
            help="Lay the grid out N columns wide. Default: the terminal's width "
            "(100 for files and pictures).",
            show_default=False,
            min=20,
            max=1000,
        ),
    ] = None,
    at: AtOption = None,
) -> None:
    """The timetable as a grid: one column per track, time down the side.

    Times are in your zone, with the conference's beside them when they differ; each of
    your calendar days has its own grid, so a session that crosses your midnight shows on
    both. Breaks are shaded, your picks starred, what runs at --at (or now) marked. Too
    narrow a terminal gets the list instead.

    Examples:

      octopus grid

      octopus grid --day wed --tz Asia/Tokyo

      octopus grid --agenda --tz America/Bogota

      octopus grid --tz Australia/Sydney -o octopus-sydney.svg
    """
    run = _start(ctx, tz, at)
    show_grid(
        run,
        make_filter(ids, day, kind, track, tag, search, include_breaks, between),
        agenda=agenda,
        grid_format=grid_format,
        output_path=output_path,
        width=width,
    )


@app.command()
def today(
    ctx: typer.Context,
    date_: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
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
    run = _start(ctx, tz, at)
    wanted = make_filter(None, None, kind, track, tag, search, include_breaks, between)
    show_today(run, date_, wanted, choose_format(output), agenda=agenda)


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
    show_now(_start(ctx, tz, at), choose_format(output))


@app.command("next")
def next_command(
    ctx: typer.Context,
    count: Annotated[
        int, typer.Argument(metavar="N", help="How many sessions.", min=1, max=1000)
    ] = 3,
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
    show_next(_start(ctx, tz, at), count, choose_format(output), include_breaks=include_breaks)


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
            metavar="FORMAT",
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
            metavar="ZONE",
            autocompletion=_complete_zones,
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
            metavar="DURATION",
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
    export_sessions(
        _settings(ctx),
        output_path,
        make_filter(ids, day, kind, track, tag, search, include_breaks, between),
        export_format,
        tz=tz,
        utc=utc,
        alarms=alarm or (),
        agenda=agenda,
    )


@app.command()
def show(
    ctx: typer.Context,
    session_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", autocompletion=_complete_ids, help="Session id or label: ws6, 'WS 6'."
        ),
    ],
    tz: TzOption = None,
    output: FormatOption = None,
) -> None:
    """Everything about one session: times, agenda, what runs in parallel.

    Examples:

      octopus show ws6

      octopus show plenary --tz Asia/Tokyo --format json
    """
    from ..core.filters import find_session
    from ..core.schedule import parallel_to
    from ..views import formats

    run = _start(ctx, tz)
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
        from ..views.render import session_detail

        print_rich(run, session_detail(run.programme, session, run.zones, parallel))


@app.command()
def info(ctx: typer.Context, output: FormatOption = None) -> None:
    """The conference: dates, languages, registration, organiser, contact, funders.

    Examples:

      octopus info

      octopus info --format json
    """
    from ..views import formats

    settings = _settings(ctx)
    programme = load(settings)
    fmt = choose_format(output)
    if fmt is OutputFormat.JSON:
        write(formats.to_json(formats.info_document(programme)))
    elif fmt is OutputFormat.TABLE:
        from ..views.render import info_table

        print_rich(settings, info_table(formats.info_rows(programme)))
    else:
        write(formats.info_plain(programme))


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH", help="Programme file (default: the one in use).", show_default=False
        ),
    ] = None,
) -> None:
    """Check a programme file and list every problem; exit 1 if there is any.

    Examples:

      octopus validate

      octopus validate my-programme.toml && echo valid
    """
    status = validate_file(path or _settings(ctx).programme_path, on_found=_found(ctx))
    if status:
        raise typer.Exit(status)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the programme file format, for editors and validators.

    Example:

      octopus schema > programme.schema.json
    """
    import json

    from ..sources.schema import ProgrammeFile

    write(json.dumps(ProgrammeFile.model_json_schema(), indent=2) + "\n")


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
            metavar="DURATION",
            help="Only overlaps longer than this count (10m). Default: any overlap; "
            "touching end and start is never a clash.",
            show_default=False,
        ),
    ] = None,
    buffer: Annotated[
        str | None,
        typer.Option(
            "--buffer",
            metavar="DURATION",
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
    from ..core.clashes import Rule, find_clashes
    from ..core.clock import parse_duration
    from ..views import formats

    rule = Rule(
        min_overlap=(
            parse_duration(min_overlap, "--min-overlap")
            if min_overlap is not None
            else timedelta(0)
        ),
        buffer=parse_duration(buffer, "--buffer") if buffer is not None else timedelta(0),
    )
    run = _start(ctx, tz)
    if ids:
        from dataclasses import replace

        wanted = make_filter(ids, None, None, None, None, None, True, None)
        if agenda:
            wanted = replace(wanted, picks=run.agenda().ids)
        sessions = select_sessions(run, wanted)
    else:
        sessions = run.agenda().sessions
    if not sessions:
        raise InputError(
            "nothing to check: name sessions or pick some first"
            + (" (none of those is in your agenda)" if ids else ""),
            "For example: octopus clashes ws6 ws8, or octopus agenda add ws6 ws8.",
        )
    busy = busy_times(run, calendar, sessions, all_day_busy, rule.buffer) if calendar else []
    found = find_clashes(sessions, busy, rule)
    if found:
        ctx.meta[FOUND_KEY] = ExitStatus.FOUND
    fmt = choose_format(output)
    if fmt is OutputFormat.JSON:
        files = [str(f) for f in calendar or ()]
        write(formats.clashes_json(run.programme, run.zone, sessions, files, found))
    elif fmt is OutputFormat.CSV:
        raise InputError("clashes has no CSV form", "Use --format json, plain or table.")
    elif found and fmt is OutputFormat.TABLE:
        from ..views.consoles import make_console
        from ..views.render import clashes_table

        console = make_console(no_color=run.settings.no_color)
        console.print(clashes_table(found, run.zone, width=console.width))
        console.print(formats.clash_summary(found, sessions, run.zone))  # wrapped to fit
    else:
        if found:
            write(formats.clashes_plain(found, run.zone) + "\n")
        write(formats.clash_summary(found, sessions, run.zone) + "\n")
    if found:
        raise typer.Exit(ExitStatus.FOUND)


# ---- agenda -------------------------------------------------------------------------------


def _agenda_change(
    run: Run, change: Callable[[list[str]], list[str]]
) -> tuple[list[str], list[str]]:
    from ..store.agenda import agenda_path, update_picks

    return update_picks(agenda_path(os.environ), run.programme, change)


def _ids_text(ids: Sequence[str], shown: int = 10) -> str:
    """'ws6, ws8' or, for many, the first few and how many more."""
    text = ", ".join(printable(i) for i in ids[:shown])
    return text + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


@agenda_app.command("add")
def agenda_add(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            autocompletion=_complete_ids,
            help="Session ids, labels or patterns: ws6, 'WS 6', 'ws1*'.",
        ),
    ],
) -> None:
    """Pick sessions: add them to your agenda.

    Examples:

      octopus agenda add ws6 ws8

      octopus agenda add 'outlook*'
    """
    from ..core.filters import match_ids
    from ..core.overlaps import overlapping_pairs

    run = _start(ctx)
    chosen = [s.id for s in match_ids(run.programme, ids)]
    before, after = _agenda_change(run, lambda picks: [*picks, *chosen])
    earlier, now_picked = set(before), set(after)
    added = [i for i in after if i not in earlier]
    if added:
        sys.stderr.write(f"Picked {_ids_text(added)}; {len(after)} in your agenda.\n")
    already = [i for i in chosen if i in earlier]
    if already:
        sys.stderr.write(f"Already picked: {_ids_text(already)}.\n")
    # A friendly warning now saves a surprise later; `clashes` is the check to script.
    new = set(added)
    picked = [s for s in run.programme.sessions if s.id in now_picked]
    overlapping = [(a, b) for a, b in overlapping_pairs(picked) if a.id in new or b.id in new]
    for first, second in overlapping[:5]:
        sys.stderr.write(f"Note: {first.id} and {second.id} overlap (both picked).\n")
    if len(overlapping) > 5:
        sys.stderr.write(f"Note: {len(overlapping) - 5} more overlaps; see 'octopus clashes'.\n")


@agenda_app.command("remove")
def agenda_remove(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", autocompletion=_complete_ids, help="Session ids, labels or patterns."
        ),
    ],
) -> None:
    """Drop sessions from your agenda (also picks the programme no longer has).

    Example:

      octopus agenda remove ws8
    """
    from ..core.filters import match_ids, normalise_id

    run = _start(ctx)
    picks = run.agenda()
    stale = {normalise_id(i) for i in ids} & set(picks.missing)
    named = [i for i in ids if normalise_id(i) not in stale]
    dropping = set(stale) | {s.id for s in match_ids(run.programme, named)}
    before, after = _agenda_change(run, lambda current: [i for i in current if i not in dropping])
    remaining = set(after)
    removed = [i for i in before if i not in remaining]
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
    show_sessions(
        run,
        sessions,
        choose_format(output),
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
    from ..store.config import SETTINGS, config_path, read_config

    path = config_path(os.environ)
    settings = read_config(path)
    write(f"# {printable(str(path))}{'' if path.exists() else ' (not created yet)'}\n")
    for key, meaning in SETTINGS.items():
        value = settings.get(key)
        shown = printable(value) if value is not None else "(not set)"
        write(f"{key} = {shown}    # {meaning}\n")
    if os.environ.get("OCTOPUS_TZ"):
        write(f"# OCTOPUS_TZ={printable(os.environ['OCTOPUS_TZ'])} overrides tz\n")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(metavar="KEY", help="Setting name: tz.")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="New value.")],
) -> None:
    """Change a setting.

    Example:

      octopus config set tz Asia/Manila
    """
    from ..store.config import config_path, set_setting

    path = config_path(os.environ)
    stored = set_setting(path, key, value)
    sys.stderr.write(f"Set {key} = {stored} in {path}\n")


@config_app.command("unset")
def config_unset(
    key: Annotated[str, typer.Argument(metavar="KEY", help="Setting name: tz.")],
) -> None:
    """Remove a setting, going back to the default.

    Example:

      octopus config unset tz
    """
    from ..store.config import config_path, unset_setting

    path = config_path(os.environ)
    removed = unset_setting(path, key)
    sys.stderr.write(f"{'Removed' if removed else 'Not set:'} {key} ({path})\n")
