"""The lean start-up path for the commands people run constantly (`today`, `now`, `next`,
`list`, `grid`, `--version`), and for the ones that handle big programmes (`validate`, `export`).

Typer resolves every parameter through a Pydantic adapter, so any command it parses pays
for importing Typer and Pydantic (over 100 ms here) before octopus does anything. When the
arguments are in the plain form these commands are usually given, this module reads them
itself and calls the same functions the Typer commands call (`commands.py`). Anything it
does not fully understand (help, an unknown or malformed option, a bad choice) goes to
Typer, which gives the one canonical answer or error message. A test runs both paths on
the same arguments and compares their output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import ExitStatus

# Each lean command: options taking a value, repeatable ones, flags, and the positional
# arguments it takes ("ids": any number, "count": at most one).
_VALUE = {"--tz", "--at", "--format", "-f"}
_FILTERS = {"--kind", "-k", "--track", "-t", "--tag", "--search", "-s", "--between"}
_BREAKS = {"--include-breaks", "--no-breaks"}
_SELECT = _BREAKS | {"--agenda", "-a"}
_COMMANDS: dict[str, tuple[set[str], set[str], str | None]] = {
    "today": (_VALUE | _FILTERS | {"--date"}, _SELECT, None),
    "list": (_VALUE | _FILTERS | {"--day", "-d"}, _SELECT, "ids"),
    "grid": (
        _VALUE | _FILTERS | {"--day", "-d", "--output", "-o", "--width", "-w"},
        _SELECT,
        "ids",
    ),
    "now": (_VALUE, set(), None),
    "next": (_VALUE, _BREAKS, "count"),
    "validate": (set(), set(), "path"),
    "export": (
        {"--output", "-o", "--format", "-f", "--tz", "--alarm", "--day", "-d"} | _FILTERS,
        _SELECT | {"--utc"},
        "ids",
    ),
}
_ALIASES = {
    "-f": "--format",
    "-k": "--kind",
    "-t": "--track",
    "-s": "--search",
    "-d": "--day",
    "-a": "--agenda",
    "-o": "--output",
    "-w": "--width",
}


@dataclass
class _Parsed:
    command: str
    programme: Path | None = None
    no_color: bool = False
    values: dict[str, list[str]] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    positional: list[str] = field(default_factory=list)
    breaks_flag: str | None = None  # the last of --include-breaks / --no-breaks

    def one(self, name: str) -> str | None:
        given = self.values.get(name)
        return given[-1] if given else None  # like Click: the last one wins

    def many(self, name: str) -> list[str]:
        return self.values.get(name, [])

    def breaks(self, default: bool) -> bool:
        return default if self.breaks_flag is None else self.breaks_flag == "--include-breaks"


def _parse(argv: Sequence[str], environ: Mapping[str, str]) -> _Parsed | None:
    """The arguments, when they are in the plain form the lean path handles; else None."""
    args = list(argv)
    programme = environ.get("OCTOPUS_PROGRAMME") or None
    no_color = False
    while args and args[0].startswith("-"):
        if args[0] == "--no-color":
            no_color = True
            args.pop(0)
        elif args[0] == "--programme" and len(args) > 1 and args[1].strip()[:1] not in ("", "-"):
            programme = args[1]
            del args[:2]
        else:
            return None
    if not args or args[0] not in _COMMANDS:
        return None
    parsed = _Parsed(args[0], Path(programme) if programme else None, no_color)
    takes_value, flags, positional = _COMMANDS[args[0]]
    rest = args[1:]
    while rest:
        token = rest.pop(0)
        if token in takes_value:
            if not rest or not rest[0] or (rest[0].startswith("-") and rest[0] != "-"):
                return None  # let Typer say what is missing
            parsed.values.setdefault(_ALIASES.get(token, token), []).append(rest.pop(0))
        elif token in flags:
            name = _ALIASES.get(token, token)
            parsed.flags.add(name)
            if name in _BREAKS:
                parsed.breaks_flag = name
        elif token.startswith("-") or not token:
            return None  # help, an unknown option, `--`, `--tz=X`: Typer's job
        elif positional == "ids" or (positional in ("count", "path") and not parsed.positional):
            parsed.positional.append(token)
        else:
            return None
    return parsed


def _run(parsed: _Parsed, found: list[bool]) -> int:
    """Convert the values exactly as the Typer command would, and call the same function.
    A value Typer would refuse raises _Defer."""
    from ..core.choices import ExportFormat, GridFormat, Kind, OutputFormat
    from . import commands

    if parsed.command == "validate":
        file = Path(parsed.positional[0]) if parsed.positional else parsed.programme
        return commands.validate_file(file, on_found=lambda: found.append(True))

    # Every value is converted before anything runs: a deferred run must leave no trace.
    kinds = [_convert(v, lambda v: Kind(v.casefold())) for v in parsed.many("--kind")]
    tracks = [_convert(v, _track) for v in parsed.many("--track")]
    settings = commands.Settings(parsed.programme, parsed.no_color)
    filters = (kinds, tracks, parsed.many("--tag"), parsed.one("--search"))
    between = parsed.one("--between")
    agenda = "--agenda" in parsed.flags
    if parsed.command == "export":
        export_format = _convert(parsed.one("--format"), lambda v: ExportFormat(v.casefold()))
        wanted = commands.make_filter(
            parsed.positional, parsed.many("--day"), *filters, parsed.breaks(False), between
        )
        commands.export_sessions(
            settings,
            parsed.one("--output"),
            wanted,
            export_format,
            tz=parsed.one("--tz"),
            utc="--utc" in parsed.flags,
            alarms=parsed.many("--alarm"),
            agenda=agenda,
        )
        return ExitStatus.OK
    if parsed.command == "grid":
        grid_format = _convert(parsed.one("--format"), lambda v: GridFormat(v.casefold()))
        width = _convert(parsed.one("--width"), _width)
        run = commands.start(settings, parsed.many("--tz") or None, parsed.one("--at"))
        wanted = commands.make_filter(
            parsed.positional, parsed.many("--day"), *filters, parsed.breaks(True), between
        )
        commands.show_grid(
            run,
            wanted,
            agenda=agenda,
            grid_format=grid_format,
            output_path=parsed.one("--output"),
            width=width,
        )
        return ExitStatus.OK
    output = _convert(parsed.one("--format"), lambda v: OutputFormat(v.casefold()))
    given = parsed.positional[0] if parsed.command == "next" and parsed.positional else None
    count = _convert(given, _count)

    run = commands.start(settings, parsed.many("--tz") or None, parsed.one("--at"))
    fmt = commands.choose_format(output)
    if parsed.command == "list":
        days = parsed.many("--day")
        wanted = commands.make_filter(
            parsed.positional, days, *filters, parsed.breaks(True), between
        )
        commands.list_sessions(run, wanted, fmt, agenda=agenda)
    elif parsed.command == "today":
        wanted = commands.make_filter(None, None, *filters, parsed.breaks(True), between)
        commands.show_today(run, parsed.one("--date"), wanted, fmt, agenda=agenda)
    elif parsed.command == "now":
        commands.show_now(run, fmt)
    else:
        commands.show_next(run, count or 3, fmt, include_breaks=parsed.breaks(False))
    return ExitStatus.OK


class _Defer(Exception):
    """A value only Typer should judge (it gives the canonical error message)."""


def _convert(value: str | None, convert: Callable[[str], Any]) -> Any:
    if value is None:
        return None
    try:
        return convert(value)
    except ValueError:
        raise _Defer from None


def _digits(value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise ValueError(value)  # '+3', '1_0', '٣': Typer decides what those mean
    return int(value)


def _track(value: str) -> int:
    number = _digits(value)
    if number < 1:
        raise ValueError(value)
    return number


def _width(value: str) -> int:
    number = _digits(value)
    if not 20 <= number <= 1000:
        raise ValueError(value)
    return number


def _count(value: str) -> int:
    number = _digits(value)
    if not 1 <= number <= 1000:
        raise ValueError(value)
    return number


def lean(argv: Sequence[str]) -> int | None:
    """Run `argv` on the lean path and return the exit status, or None to use Typer."""
    if list(argv) == ["--version"]:
        from .. import __version__

        sys.stdout.write(f"octopus {__version__}\n")
        return ExitStatus.OK
    parsed = _parse(argv, os.environ)
    if parsed is None:
        return None
    from ..core.errors import OctopusError
    from .commands import stdout_silenced, user_error_status

    found: list[bool] = []  # a check found something: the status even if stdout is gone
    try:
        status = _run(parsed, found)
        sys.stdout.flush()
    except _Defer:
        return None
    except (OctopusError, BrokenPipeError, KeyboardInterrupt) as error:
        status = user_error_status(error)
        return ExitStatus.FOUND if found and isinstance(error, BrokenPipeError) else status
    except SystemExit as stop:
        if stop.code == 1 and stdout_silenced():  # Rich's answer to a closed pipe
            return ExitStatus.FOUND if found else ExitStatus.OK
        raise
    return status
