"""What every command shares once its options are parsed, free of Typer: the global
settings, the per-run context (programme, zones, clock), output to stdout, and the one
place that turns an error a user can cause into `Error: ...` and an exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.choices import OutputFormat
from ..core.errors import ExitStatus, InputError, OctopusError, ProgrammeError
from ..core.i18n import _, ngettext
from ..core.text import printable

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..core.models import Programme, Session
    from ..sources.loader import Source
    from ..store.agenda import Picks


# ---- the global options and one invocation ------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The global options (given before the command)."""

    programme: str | None  # a file's path or an http(s) URL; None: the bundled programme
    no_color: bool
    refresh: bool = False  # fetch a URL programme even when its copy is fresh


def make_settings(programme: str | None, no_color: bool, refresh: bool = False) -> Settings:
    """The global options as given on the command line (or OCTOPUS_PROGRAMME)."""
    if programme is not None and not programme.strip():
        raise InputError(
            _("--programme: empty path"), _("Give the path or the http(s) URL of a programme.")
        )
    return Settings(programme, no_color, refresh)


@dataclass
class Invocation:
    """One command being run: its global settings, and whether a check found something
    (noted before the output is written, so a closed pipe still ends with status 1)."""

    settings: Settings
    found: bool = False

    def found_something(self) -> None:
        self.found = True

    def start(self, tz: Sequence[str] | None = None, at: str | None = None) -> Run:
        return start(self.settings, tz, at)


def execute(invocation: Invocation, work: Callable[[], None]) -> int:
    """Run a command's work; its exit status. The one error handler for every command."""
    try:
        work()
        sys.stdout.flush()
    except (OctopusError, BrokenPipeError, KeyboardInterrupt) as error:
        status = user_error_status(error)
        if isinstance(error, BrokenPipeError) and invocation.found:
            return ExitStatus.FOUND
        return status
    except SystemExit as stop:
        if stop.code == 1 and stdout_silenced():  # Rich's answer to a closed pipe
            return ExitStatus.FOUND if invocation.found else ExitStatus.OK
        raise
    except OSError as error:  # files octopus names fail as OctopusErrors: this is stdout
        return output_error_status(error)
    return ExitStatus.FOUND if invocation.found else ExitStatus.OK


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


def output_error_status(error: OSError) -> int:
    """Standard output failed (a full disk, a closed descriptor): say so, once; what is left
    goes nowhere, so nothing fails again at exit. A reader that went away is not an error."""
    silence_stdout()
    if isinstance(error, BrokenPipeError):
        return ExitStatus.OK
    reason = error.strerror or error
    if error.filename is not None:  # not stdout after all: name the file
        report_error(_("cannot use {file}: {reason}").format(file=error.filename, reason=reason))
    else:
        report_error(_("cannot write the output: {reason}").format(reason=reason))
    return ExitStatus.USAGE


def report_error(message: str, hint: str | None = None, details: Sequence[str] = ()) -> None:
    """'Error: ...' on stderr, the details one a line, then the hint."""
    first = _("Error: {message}").format(message=printable(message))
    lines = [first, *(f"  - {printable(d)}" for d in details)]
    if hint:
        lines.append(printable(hint))
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def note(message: str) -> None:
    """'Note: ...' on stderr (`message` already translated, and made printable where it
    holds data)."""
    sys.stderr.write(_("Note: {message}").format(message=message) + "\n")


def warn(message: str) -> None:
    """'Warning: ...' on stderr (`message` already translated)."""
    sys.stderr.write(_("Warning: {message}").format(message=message) + "\n")


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


# ---- the per-run context ------------------------------------------------------------------


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

    @property
    def today(self) -> date:
        """The viewer's calendar date at `now`."""
        return self.now.astimezone(self.zone).date()

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
            ids = ", ".join(printable(i) for i in picks.missing)
            note(
                ngettext(
                    "{count} pick is not in this programme: {ids} (kept; "
                    "'octopus agenda remove ID' drops one)",
                    "{count} picks are not in this programme: {ids} (kept; "
                    "'octopus agenda remove ID' drops one)",
                    count,
                ).format(count=count, ids=ids)
            )
        return picks

    def shown(self, sessions: Sequence[Session]) -> list[Session]:
        """`sessions` as people read them in the active language: with the programme's own
        translations of their text, where it has them (JSON and exports keep the original)."""
        from ..core.i18n import active_language
        from ..core.models import in_language

        return in_language(sessions, active_language())

    def picked(self) -> frozenset[str]:
        """Ids to mark as picked. A damaged agenda file is reported and marks nothing: the
        programme still shows (`--agenda` and `octopus agenda` refuse to go on instead)."""
        from ..store.agenda import AgendaError

        try:
            return frozenset(self._picked_ids)
        except AgendaError as error:
            warn(printable(error.message))
            return frozenset()


def load(settings: Settings) -> Programme:
    """The programme in use; a note on stderr when it is an old copy of a URL's."""
    from ..sources.loader import programme_from
    from ..store.config import cache_dir

    return programme_from(read_programme(settings), cache_dir(os.environ))


def read_programme(
    settings: Settings, given: str | None = None, given_to: str = "--programme"
) -> Source:
    """The bytes of the programme a command names (`given`; `given_to` says where, for the
    hint when it cannot be read), else of the one in use; a note on stderr when they are an
    old copy of an address's. The one place a command reads a programme's source."""
    from ..sources.loader import read_source
    from ..store.config import cache_dir

    # The real clock, not --at: a URL's copy is as old as it is, whatever moment is shown.
    source = read_source(
        given if given is not None else settings.programme,
        cache_dir(os.environ),
        given_to,
        now=datetime.now(UTC),
        refresh=settings.refresh,
    )
    if source.note:
        note(printable(source.note))
    return source


def start(settings: Settings, tz: Sequence[str] | None = None, at: str | None = None) -> Run:
    """Load the programme, choose the zones (--tz, else the user's, else the conference's)
    and read the clock (--at, else OCTOPUS_NOW, else now), once per run."""
    from ..core.clock import resolve_now
    from ..store.config import choose_zones

    programme = load(settings)
    choice = choose_zones(tz or (), os.environ, programme.zone)
    for zone_note in choice.notes:
        note(zone_note)
    now, clock_note = resolve_now(at, os.environ, choice.zones[0], datetime.now(UTC))
    if clock_note:
        note(clock_note)
    return Run(settings, programme, choice.zones, now)


# ---- output -------------------------------------------------------------------------------


def choose_format(requested: OutputFormat | None) -> OutputFormat:
    if requested is not None:
        return requested
    return OutputFormat.TABLE if sys.stdout.isatty() else OutputFormat.PLAIN


def named_file(path: str | None) -> str | None:
    """The path of `-o` when its name decides the format: not stdout (`-`), nor a pipe or
    a device that is written to as it is (`/dev/stdout`, a FIFO)."""
    if path is None or path == "-":
        return None
    target = Path(path)
    try:
        special = target.exists() and not target.is_file()
    except OSError:  # a directory one may not enter, a name too long: the writer says so
        special = False
    return None if special else path


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


def print_rich(settings: Settings, renderable: RenderableType) -> None:
    from ..views.consoles import make_console

    make_console(no_color=settings.no_color).print(renderable)
