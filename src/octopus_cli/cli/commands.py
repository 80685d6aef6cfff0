"""What the commands do once their options are parsed, free of Typer: the Typer
commands in `cli.py` and the lean start-up path in `lean.py` both call these."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..core.choices import ExportFormat, GridFormat, Kind, OutputFormat
from ..core.errors import ExitStatus, OctopusError, ProgrammeError
from ..core.text import printable

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..core.busy import Busy
    from ..core.filters import SessionFilter
    from ..core.models import Programme, Session
    from ..store.agenda import Picks


# ---- errors -------------------------------------------------------------------------------


def user_error_status(error: OctopusError | BrokenPipeError | KeyboardInterrupt) -> int:
    """Report an error a user can cause, the one way for every command; its exit status."""
    if isinstance(error, OctopusError):
        details = error.problems if isinstance(error, ProgrammeError) else ()
        report_error(error.message, error.hint, details)
        return error.exit_status
    if isinstance(error, BrokenPipeError):
        silence_stdout()
        return ExitStatus.OK
    sys.stderr.write("\n")
    return ExitStatus.INTERRUPTED


def stdout_silenced() -> bool:
    """Whether stdout was sent to the null device after its reader went away (by
    `silence_stdout`, or by Rich, which does the same and then exits 1)."""
    try:
        here, null = os.fstat(sys.stdout.fileno()), Path(os.devnull).stat()
    except (OSError, ValueError, AttributeError):
        return False
    return (here.st_dev, here.st_ino) == (null.st_dev, null.st_ino)


def silence_stdout() -> None:
    """After the reader of our stdout went away: send what is left nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests): nothing is flushed at exit anyway


def report_error(message: str, hint: str | None = None, details: Sequence[str] = ()) -> None:
    lines = [f"Error: {printable(message)}", *(f"  - {printable(d)}" for d in details)]
    if hint:
        lines.append(printable(hint))
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


@dataclass(frozen=True)
class Settings:
    """The global options."""

    programme_path: Path | None
    no_color: bool


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

    @cached_property
    def _picked_ids(self) -> list[str]:
        """The agenda file, read once per run (`--agenda` and the ★ marks both need it)."""
        from ..store.agenda import agenda_path, read_picks

        return read_picks(agenda_path(os.environ), self.programme)

    def agenda(self) -> Picks:
        """The user's picks for this programme; picks it does not have are reported."""
        from ..store.agenda import resolve_picks

        picks = resolve_picks(self.programme, self._picked_ids)
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
        from ..store.agenda import AgendaError

        try:
            return frozenset(self._picked_ids)
        except AgendaError as error:
            sys.stderr.write(f"Warning: {printable(error.message)}\n")
            return frozenset()


def load(settings: Settings) -> Programme:
    from ..sources.programme import load_programme
    from ..store.config import cache_dir

    return load_programme(settings.programme_path, cache=cache_dir(os.environ))


def start(
    settings: Settings,
    tz: Sequence[str] | None = None,
    at: str | None = None,
    *,
    viewer_zone: bool = True,
) -> Run:
    """Load the programme, choose the zones and read the clock, once per run. With
    `viewer_zone` False the default zone is the conference's, not the user's setting."""
    from ..core.clock import resolve_now
    from ..store.config import choose_zones

    programme = load(settings)
    environ = os.environ if viewer_zone or tz else {}
    choice = choose_zones(tz or (), environ, programme.zone)
    for note in choice.notes:
        sys.stderr.write(f"Note: {note}\n")
    now = resolve_now(at, os.environ, choice.zones[0], datetime.now(UTC))
    return Run(settings, programme, choice.zones, now)


def choose_format(requested: OutputFormat | None) -> OutputFormat:
    if requested is not None:
        return requested
    return OutputFormat.TABLE if sys.stdout.isatty() else OutputFormat.PLAIN


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def write_bytes(data: bytes) -> None:
    """Exports keep their own encoding and line ends (CRLF in .ics), whatever the terminal."""
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is not None:
        binary.write(data)
        binary.flush()
    else:
        write(data.decode())


def print_rich(run_or_settings: Run | Settings, renderable: RenderableType) -> None:
    from ..views.consoles import make_console

    settings = run_or_settings.settings if isinstance(run_or_settings, Run) else run_or_settings
    console: Console = make_console(no_color=settings.no_color)
    console.print(renderable)


def make_filter(
    ids: Sequence[str] | None,
    day: Sequence[str] | None,
    kind: Sequence[Kind] | None,
    track: Sequence[int] | None,
    tag: Sequence[str] | None,
    search: str | None,
    include_breaks: bool,
    between: str | None,
) -> SessionFilter:
    from ..core.clock import parse_window
    from ..core.filters import SessionFilter

    return SessionFilter(
        ids=tuple(ids or ()),
        days=tuple(day or ()),
        kinds=tuple(kind or ()),
        tracks=tuple(track or ()),
        tags=tuple(tag or ()),
        search=search,
        include_breaks=include_breaks,
        between=parse_window(between) if between is not None else None,
    )


def select_sessions(run: Run, wanted: SessionFilter) -> list[Session]:
    from ..core.filters import select

    return select(run.programme, wanted, run.zone, run.now.astimezone(run.zone).date())


def one_day(run: Run, wanted: SessionFilter) -> date | None:
    from ..core.filters import resolve_day

    if len(wanted.days) != 1:
        return None
    return resolve_day(run.programme, wanted.days[0], run.now.astimezone(run.zone).date())


def show_sessions(
    run: Run,
    sessions: Sequence[Session],
    output: OutputFormat,
    *,
    day: date | None = None,
    empty: Callable[[], str] | None = None,
) -> None:
    """Render a list of sessions in the chosen format (the one place list and today share)."""
    from ..views import formats

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
    from ..views.consoles import make_console
    from ..views.render import sessions_tables

    console = make_console(no_color=run.settings.no_color)
    table = sessions_tables(
        run.programme, sessions, columns, width=console.width, day=day, now=run.now, picked=picked
    )
    console.print(table)


def show_moment(
    run: Run, current: Sequence[Session], following: Sequence[Session], output: OutputFormat
) -> None:
    from ..core.clock import format_duration
    from ..core.schedule import conference_span
    from ..views import formats

    zone, now_ = run.zone, run.now
    picked = frozenset() if output is OutputFormat.CSV else run.picked()
    if output is OutputFormat.JSON:

        def record(session: Session) -> dict[str, Any]:
            item = formats.session_record(session, zone, picked)
            item["starts_in_minutes"] = int((session.start - now_).total_seconds() // 60)
            item["ends_in_minutes"] = int((session.end - now_).total_seconds() // 60)
            return item

        write(
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
        write(formats.sessions_csv([*current, *following], zone))
        return
    if not current and not following:
        span = conference_span(run.programme, zone).describe()
        ended = run.programme.sessions and now_ >= max(s.end for s in run.programme.sessions)
        write(f"Nothing on now; the conference {'ran' if ended else 'runs'} {span}.\n")
        return
    if output is OutputFormat.TABLE:
        from ..views.consoles import make_console
        from ..views.render import now_view

        console = make_console(no_color=run.settings.no_color)
        console.print(now_view(current, following, now_, zone, picked, width=console.width))
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
    write("\n".join(lines) + "\n")


# ---- the commands people run most (also reached by the lean start-up path) ----------------


def list_sessions(
    run: Run,
    wanted: SessionFilter,
    output: OutputFormat,
    *,
    agenda: bool = False,
    free_in: Sequence[Path] = (),
    all_day_busy: bool = False,
) -> None:
    if agenda:
        wanted = replace(wanted, picks=run.agenda().ids)
    sessions = select_sessions(run, wanted)
    if free_in and sessions:
        from ..core.clashes import free_of

        sessions = free_of(sessions, busy_times(run, free_in, sessions, all_day_busy))
    # One day asked: everything that touches it sits under it, as in `today`.
    show_sessions(run, sessions, output, day=one_day(run, wanted))


def show_today(
    run: Run, date_text: str | None, wanted: SessionFilter, output: OutputFormat, *, agenda: bool
) -> None:
    from ..core.clock import parse_day
    from ..core.schedule import nothing_on_sentence

    local_today = run.now.astimezone(run.zone).date()
    day = parse_day(date_text, local_today) if date_text is not None else local_today
    picks = run.agenda().ids if agenda else None
    wanted = replace(wanted, days=(day.isoformat(),), picks=picks)
    sessions = select_sessions(run, wanted)
    if not sessions and output in (OutputFormat.TABLE, OutputFormat.PLAIN):
        write(nothing_on_sentence(run.programme, day, run.now, run.zone) + "\n")
        return
    show_sessions(run, sessions, output, day=day)


def show_now(run: Run, output: OutputFormat) -> None:
    from ..core.schedule import in_progress, upcoming

    sessions = run.programme.sessions
    show_moment(run, in_progress(sessions, run.now), upcoming(sessions, run.now, 1), output)


def show_next(run: Run, count: int, output: OutputFormat, *, include_breaks: bool) -> None:
    from ..core.schedule import upcoming

    sessions = [s for s in run.programme.sessions if include_breaks or not s.is_break]
    show_moment(run, [], upcoming(sessions, run.now, count), output)


def busy_times(
    run: Run,
    files: Sequence[Path],
    sessions: Sequence[Session],
    all_day: bool,
    margin: timedelta = timedelta(0),
) -> list[Busy]:
    """The busy times of the user's calendar files, read for the span of `sessions`."""
    from ..core.clashes import span
    from ..sources.usercal import read_busy

    window = span(sessions, margin)
    return [
        event for file in files for event in read_busy(file, run.zone, window, all_day_busy=all_day)
    ]


def validate_file(path: Path | None, on_found: Callable[[], None] = lambda: None) -> int:
    """`octopus validate`: every problem of a programme file; the exit status (1: problems)."""
    from ..sources.programme import (
        check_programme_text,
        decode_programme,
        default_programme_path,
        read_programme_bytes,
    )
    from ..store.cache import load_cached, store
    from ..store.config import cache_dir

    file = path or default_programme_path()
    try:
        data = read_programme_bytes(file)
        # These exact bytes were found valid before by this same octopus: still valid.
        cache = cache_dir(os.environ)
        programme = load_cached(cache, data, str(file))
        problems: list[str] = []
        if programme is None:
            programme, problems = check_programme_text(decode_programme(data, file), str(file))
            if programme is not None and not problems:
                store(cache, data, programme)
    except ProgrammeError as error:
        if not error.problems:
            raise  # unreadable: bad input, exit 2
        programme, problems = None, error.problems
    if problems:
        on_found()
        count = len(problems)
        write(f"{printable(str(file))}: {count} problem{'s' if count != 1 else ''}\n")
        write("".join(f"  - {printable(p)}\n" for p in problems))
        return ExitStatus.FOUND
    assert programme is not None
    write(f"{printable(str(file))}: valid, {len(programme.sessions)} sessions\n")
    return ExitStatus.OK


def export_sessions(
    settings: Settings,
    output_path: str | None,
    wanted: SessionFilter,
    export_format: ExportFormat | None,
    *,
    tz: str | None,
    utc: bool,
    alarms: Sequence[str],
    agenda: bool,
) -> None:
    """`octopus export`: the selection, in one format, to a file (atomically) or stdout."""
    from ..core.clock import parse_duration
    from ..core.errors import InputError
    from ..exports.dispatch import NAMES, export_bytes

    before = [parse_duration(value, "--alarm") for value in alarms]
    if not output_path:
        raise InputError(
            "say where to write the export with -o",
            "For example: octopus export -o octopus.ics (or -o - for stdout).",
        )
    chosen = export_format or ExportFormat.for_path(output_path) or ExportFormat.ICS
    run = start(settings, [tz] if tz is not None else None, viewer_zone=False)
    if agenda:
        wanted = replace(wanted, picks=run.agenda().ids)
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
    from ..store.fileio import write_atomic

    write_atomic(Path(output_path), data)
    count = len(sessions)
    where = "UTC" if utc else run.zone.key
    sys.stderr.write(
        f"Wrote {count} session{'s' if count != 1 else ''} to {printable(output_path)} "
        f"({NAMES[chosen]}, times in {where})\n"
    )


def show_grid(
    run: Run,
    wanted: SessionFilter,
    *,
    agenda: bool,
    grid_format: GridFormat | None,
    output_path: str | None,
    width: int | None,
) -> None:
    """`octopus grid`: the timetable of each of the viewer's days, on the terminal, as text
    in a file, or as an SVG picture."""
    from ..core.filters import resolve_day
    from ..views import formats
    from ..views.consoles import export_svg, make_console, recording_console
    from ..views.grid import timetable
    from ..views.gridview import grid_width_needed, timetable_view

    chosen = grid_format or (
        GridFormat.SVG
        if output_path and output_path.casefold().endswith(".svg")
        else GridFormat.TEXT
    )
    on_terminal = output_path is None and chosen is GridFormat.TEXT
    if agenda:
        wanted = replace(wanted, picks=run.agenda().ids)
    sessions = select_sessions(run, wanted)
    if not sessions:
        if on_terminal:
            sys.stderr.write("No sessions match.\n")
            return
        from ..core.errors import InputError

        raise InputError(
            "no sessions match; nothing written",
            "See what the same options select with 'octopus list'.",
        )
    if on_terminal:
        console = make_console(no_color=run.settings.no_color, width=width)
    else:  # a picture or a file: drawn in memory at a fixed width
        console = recording_console(width or 100, color=chosen is GridFormat.SVG)
    today_ = run.now.astimezone(run.zone).date()
    days = [resolve_day(run.programme, spec, today_) for spec in wanted.days] or None
    zones = formats.zone_columns(run.zones, run.programme.zone)
    picked = run.picked()
    grids = timetable(sessions, run.zone, days)
    view = timetable_view(
        grids, zones, run.programme.zone, console, width=console.width, now=run.now, picked=picked
    )
    drawn = "grid"
    if view is None:
        from ..views.render import sessions_tables

        needed = max(grid_width_needed(g, zones, run.programme.zone) for g in grids)
        advice = "" if width is not None else " (widen the window, or pass --width)"
        sys.stderr.write(
            f"Note: the grid needs {needed} columns and has {console.width}; showing a list "
            f"instead{advice}.\n"
        )
        view = sessions_tables(
            run.programme, sessions, zones, width=console.width, now=run.now, picked=picked
        )
        drawn = "list"
    console.print(view)
    if on_terminal:
        return
    if chosen is GridFormat.SVG:
        data = export_svg(console, title=f"octopus grid · {run.programme.conference.name}")
    else:
        data = console.export_text()
    if output_path is None or output_path == "-":
        write(data)
        return
    from ..store.fileio import write_atomic

    write_atomic(Path(output_path), data.encode("utf-8"))
    sys.stderr.write(f"Wrote the {drawn} to {printable(output_path)} ({chosen.value})\n")
