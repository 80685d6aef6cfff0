"""The commands. Each is a plain function `command(invocation, **options)` that parses
nothing and imports no Typer: the Typer app (`app.py`) and the fast path (`fast.py`) both
call it. This table is the one list of commands, in the order `--help` shows them."""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ..params import Command

# Command path -> (module in this package, function).
COMMANDS: dict[tuple[str, ...], tuple[str, str]] = {
    ("list",): ("listing", "list_command"),
    ("grid",): ("grid", "grid"),
    ("today",): ("listing", "today"),
    ("now",): ("moment", "now"),
    ("next",): ("moment", "next_command"),
    ("export",): ("export", "export"),
    ("show",): ("listing", "show"),
    ("info",): ("about", "info"),
    ("validate",): ("about", "validate"),
    ("schema",): ("about", "schema"),
    ("clashes",): ("clashes", "clashes"),
    ("config", "show"): ("config", "show"),
    ("config", "set"): ("config", "set_"),
    ("config", "unset"): ("config", "unset"),
    ("agenda", "add"): ("agenda", "add"),
    ("agenda", "remove"): ("agenda", "remove"),
    ("agenda", "show"): ("agenda", "show"),
    ("agenda", "clear"): ("agenda", "clear"),
}

# Groups of subcommands, with their help.
GROUPS: dict[str, str] = {
    "config": "Show and change your settings (the default time zone).",
    "agenda": "Your personal agenda: the sessions you pick. Marked ★ in list, today, now and next.",
}


def command_function(path: tuple[str, ...]) -> Command:
    """The function of the command at `path`, importing only its module."""
    module, name = COMMANDS[path]
    function: Command = getattr(import_module(f".{module}", __name__), name)
    return function
