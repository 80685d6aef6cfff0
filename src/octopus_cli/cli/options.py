"""Every option and argument of the command line, declared once for Typer.

Command functions name these aliases in their annotations; `app.py` resolves them when it
builds the Typer app, and `grammar.py` (generated from that app) gives the fast path the
same grammar. A new option on one session-showing command goes on all of them by being
added here and to the command functions (or to `params.SessionFilters`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ..core.choices import ExportFormat, GridFormat, Kind, Language, OutputFormat


def _completer(key: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Typer's completion callback for the candidates `completion.COMPLETERS[key]` offers.
    The fast path reads the key back (`completer_key`) to call the same function."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from .completion import COMPLETERS

        given = ctx.find_root().params.get("programme") or os.environ.get("OCTOPUS_PROGRAMME")
        return COMPLETERS[key](given or None, incomplete)

    complete.completer_key = key  # type: ignore[attr-defined]
    return complete


def _option(*names: str, metavar: str | None = None, **settings: Any) -> Any:
    """An option with the defaults every octopus option shares: no default shown in help
    (each help text says its default in words)."""
    return typer.Option(*names, metavar=metavar, show_default=False, **settings)


def _format(help: str) -> Any:
    """`--format`/`-f`: one declaration; the choices are the type of each command's."""
    return _option("--format", "-f", metavar="FORMAT", help=help, case_sensitive=False)


# ---- global options -----------------------------------------------------------------------

ProgrammeOption = Annotated[
    str | None,
    _option(
        "--programme",
        envvar="OCTOPUS_PROGRAMME",
        metavar="SOURCE",
        help="The programme to read instead of the bundled 2021 programme: an octopus TOML "
        "file, a frab/pentabarf schedule.xml or a frab/pretalx schedule.json, or the "
        "http(s) URL of one.",
    ),
]
RefreshOption = Annotated[
    bool,
    _option(
        "--refresh",
        help="Fetch a URL programme now, even if the copy octopus keeps is fresh (under 10 "
        "minutes old).",
    ),
]
LangOption = Annotated[
    Language | None,
    _option(
        "--lang",
        metavar="LANG",
        help="The language of everything octopus writes for people: en, fr or es. Default: "
        "OCTOPUS_LANG, your setting, then your locale.",
        case_sensitive=False,
    ),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="Plain output without colour.")]

# ---- what to show: zones, clock, format ---------------------------------------------------

TzOption = Annotated[
    list[str] | None,
    _option(
        "--tz",
        metavar="ZONE",
        autocompletion=_completer("zones"),
        help="Time zone: an IANA name (Asia/Tokyo), UTC, local or a city (new york). Repeat "
        "for more columns. Default: $OCTOPUS_TZ, 'octopus config set tz', else the "
        "conference zone.",
    ),
]
AtOption = Annotated[
    str | None,
    _option(
        "--at",
        metavar="TIME",
        help="Pretend the clock says this (2021-11-17T09:30, with or without offset; "
        "a time without offset is in the display zone). Default: $OCTOPUS_NOW, else now.",
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    _format("table, json, csv or plain. Default: table on a terminal, plain otherwise."),
]
GridFormatOption = Annotated[
    GridFormat | None,
    _format("text or svg (a picture). Default: svg when -o names a .svg file, else text."),
]
ExportFormatOption = Annotated[
    ExportFormat | None,
    _format(
        "ics, json, csv or xml (frab schedule.xml). Default: from the file's extension, else ics."
    ),
]
OutputPathOption = Annotated[
    str | None,
    _option(
        "--output",
        "-o",
        metavar="FILE",
        help="File to write (replaced atomically) instead of the terminal; - for stdout.",
    ),
]
WidthOption = Annotated[
    int | None,
    _option(
        "--width",
        "-w",
        metavar="N",
        help="Draw the grid N columns wide, cramped if need be (titles fold); narrower than "
        "the grid can be drawn is an error. Default: the terminal's width, where a grid too "
        "wide gives way to the list (100 for files and pictures).",
        min=20,
        max=1000,
    ),
]

# ---- which sessions -----------------------------------------------------------------------

IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="ID...",
        autocompletion=_completer("ids"),
        help="Session ids, labels or patterns: ws6, 'WS 6', 'ws1*'.",
        show_default=False,
    ),
]
RequiredIdsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="ID...",
        autocompletion=_completer("ids"),
        help="Session ids, labels or patterns: ws6, 'WS 6', 'ws1*'.",
    ),
]
IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID", autocompletion=_completer("ids"), help="Session id or label: ws6, 'WS 6'."
    ),
]
DayOption = Annotated[
    list[str] | None,
    _option(
        "--day",
        "-d",
        "--date",
        metavar="DAY",
        help="A day of your calendar, in your zone (the first --tz): a day number (1 is your "
        "first date with sessions), a weekday (wed), a date (2021-11-17, '17 Nov 2021'), "
        "today, yesterday or tomorrow. Repeat for several days (sessions on any of them; "
        "'today' shows one). See 'Days' in docs/guides/time-zone.md.",
    ),
]
KindOption = Annotated[
    list[str] | None,
    _option(
        "--kind",
        "-k",
        metavar="KIND",
        autocompletion=_completer("kinds"),
        help="Only this kind of session: " + ", ".join(Kind) + ", or a kind of the "
        "programme's own ('octopus info' lists them).",
    ),
]
TrackOption = Annotated[
    list[str] | None,
    _option(
        "--track",
        "-t",
        metavar="TRACK",
        autocompletion=_completer("tracks"),
        help="Only this track: its number (a column of the programme) or its room's name.",
    ),
]
TagOption = Annotated[
    list[str] | None,
    _option(
        "--tag",
        metavar="TAG",
        autocompletion=_completer("tags"),
        help="Only sessions with this tag (see 'octopus info').",
    ),
]
SearchOption = Annotated[
    str | None,
    _option(
        "--search", "-s", metavar="TEXT", help="Only sessions whose text contains this (any case)."
    ),
]
BetweenOption = Annotated[
    str | None,
    _option(
        "--between",
        metavar="HH:MM-HH:MM",
        help="Only sessions entirely inside this daily window of your "
        "local time: HH:MM-HH:MM (22:00-06:00 crosses midnight).",
    ),
]
BreaksOption = Annotated[
    bool, typer.Option("--include-breaks/--no-breaks", help="Show the breaks.")
]
AgendaOption = Annotated[
    bool, typer.Option("--agenda", "-a", help="Only the sessions in your agenda.")
]

# ---- your own calendars -------------------------------------------------------------------

CalendarOption = Annotated[
    list[Path] | None,
    _option(
        "--calendar",
        "-c",
        metavar="FILE.ics",
        help="Your own calendar file: its events count as busy time. Repeatable.",
    ),
]
FreeInOption = Annotated[
    list[Path] | None,
    _option(
        "--free-in",
        metavar="FILE.ics",
        help="Only sessions that clash with no event of this calendar file. Repeatable.",
    ),
]
AllDayOption = Annotated[
    bool, typer.Option("--all-day-busy", help="Count all-day events of your calendars as busy.")
]

# ---- command-specific ---------------------------------------------------------------------

UtcOption = Annotated[bool, typer.Option("--utc", help="Write times in UTC (.ics: no VTIMEZONE).")]
AlarmOption = Annotated[
    list[str] | None,
    _option(
        "--alarm",
        metavar="DURATION",
        help="Add a reminder this long before each event (.ics): 15m, 1h, 1d. Repeatable.",
    ),
]
IncludeCancelledOption = Annotated[
    bool,
    typer.Option(
        "--include-cancelled",
        help="Also write the sessions gone from the programme since octopus saw them, as "
        "cancelled events, so calendars remove them (.ics only).",
    ),
]
MinOverlapOption = Annotated[
    str | None,
    _option(
        "--min-overlap",
        metavar="DURATION",
        help="Only overlaps longer than this count (10m). Default: any overlap; "
        "touching end and start is never a clash.",
    ),
]
BufferOption = Annotated[
    str | None,
    _option(
        "--buffer",
        metavar="DURATION",
        help="Ask for this much time between sessions (10m): closer pairs are reported.",
    ),
]
ProgrammePathArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="SOURCE",
        help="Programme file or http(s) URL (default: the one in use).",
        show_default=False,
    ),
]
ImportSourceArgument = Annotated[
    str,
    typer.Argument(
        metavar="SOURCE",
        help="A frab schedule.xml, a frab/pretalx schedule.json, or the http(s) URL of one.",
        show_default=False,
    ),
]
OldProgrammeArgument = Annotated[
    str,
    typer.Argument(
        metavar="OLD",
        help="The earlier version: a programme file, or @previous (the version octopus "
        "showed you before the one it showed last).",
        show_default=False,
    ),
]
NewProgrammeArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="NEW",
        help="The later version: a programme file. Default: the programme in use "
        "(--programme, else the bundled one).",
        show_default=False,
    ),
]
AckOption = Annotated[
    bool,
    typer.Option("--ack", help="Mark the changes as seen: no session is marked until the next."),
]
KeyArgument = Annotated[str, typer.Argument(metavar="KEY", help="Setting name: tz or lang.")]
ValueArgument = Annotated[str, typer.Argument(metavar="VALUE", help="New value.")]

# ---- `next`: a count of slots, then session ids ------------------------------------------

SlotsAndIdsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[N] [ID...]",
        autocompletion=_completer("ids"),
        help="N: how many slots (1-1000, default 3; a slot is every session that starts at "
        "one time). Then session ids, labels or patterns to choose from: ws6, 'ws1*'.",
        show_default=False,
    ),
]
