"""The commands. Each is a plain function `command(invocation, **options)` that parses
nothing and imports no Typer: the Typer app (`app.py`) and the fast path (`fast.py`) both
call it. This table is the one list of commands, in the order `--help` shows them."""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ..params import Command

# Command path -> (module in this package, function, summary for the command lists: a line
# that is never cut, where Click would cut the docstring's first sentence).
COMMANDS: dict[tuple[str, ...], tuple[str, str, str]] = {
    ("list",): ("listing", "list_command", "The programme by day, in your time zone."),
    ("grid",): ("grid", "grid", "The timetable as a grid, a column per track."),
    ("today",): ("listing", "today", "What is on today, in your time zone."),
    ("now",): ("moment", "now", "What is on now, and what comes next."),
    ("next",): ("moment", "next_command", "The next N time slots, with countdowns."),
    ("export",): ("export", "export", "Sessions to .ics, JSON, CSV or frab XML."),
    ("show",): ("listing", "show", "One session: times, agenda, what is parallel."),
    ("info",): ("about", "info", "The conference: dates, languages, contacts."),
    ("validate",): ("about", "validate", "Check a programme file (exit 1: problems)."),
    ("schema",): ("about", "schema", "The JSON Schema of programme files."),
    ("import",): ("importing", "import_command", "A published schedule as a programme file."),
    ("clashes",): ("clashes", "clashes", "Check sessions for clashes (exit 1: clashes)."),
    ("diff",): ("changes", "diff", "What changed between two versions (exit 1: changes)."),
    ("changes",): ("changes", "changes", "What changed since you last looked (exit 1)."),
    ("config", "show"): ("config", "show", "Show the settings and where they are."),
    ("config", "set"): ("config", "set_", "Change a setting."),
    ("config", "unset"): ("config", "unset", "Remove a setting."),
    ("agenda", "add"): ("agenda", "add", "Pick sessions."),
    ("agenda", "remove"): ("agenda", "remove", "Drop picks."),
    ("agenda", "show"): ("agenda", "show", "Your picks, by day, in your zone."),
    ("agenda", "clear"): ("agenda", "clear", "Remove every pick."),
}

# Groups of subcommands: their help, and their summary in the command list.
GROUPS: dict[str, tuple[str, str]] = {
    "config": (
        "Show and change your settings (the default time zone, the language).",
        "Your settings: show, set, unset.",
    ),
    "agenda": (
        "Your personal agenda: the sessions you pick. Marked ★ in list, today, now and next.",
        "Your picks: add, remove, show, clear.",
    ),
}


def command_function(path: tuple[str, ...]) -> Command:
    """The function of the command at `path`, importing only its module."""
    module, name, _ = COMMANDS[path]
    function: Command = getattr(import_module(f".{module}", __name__), name)
    return function
