"""The fast path: every command, its help and shell completion, without importing Typer.

Importing Typer and building the app costs more than everything `octopus today` does.
So the entry point first tries this parser, which reads the grammar that
`generate.py` derived from the Typer app (`grammar.json`: options, flags, types,
choices, ranges, defaults, help texts) and calls the same command functions with the
values Typer would pass. It handles the forms commands are given in; anything it does not
fully understand (an unknown or malformed option, a value Typer would refuse, `--`) it
leaves to Typer, which gives the one canonical answer or error message, so there is one
grammar and one set of messages. Tests run both paths on the same arguments and compare
their output byte for byte."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..core.errors import ExitStatus

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

    Param = dict[str, Any]  # one parameter of grammar.json

GRAMMAR = Path(__file__).with_name("grammar.json")
PROGRAM = "octopus"
HELP_WIDTH = 80  # help texts are stored as Click wraps them from 80 columns up


@cache
def grammar() -> dict[str, dict[str, Any]]:
    """Every command path ('' is the root, 'agenda add' a subcommand) with its params."""
    loaded: dict[str, dict[str, Any]] = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    return loaded


class Defer(Exception):
    """Arguments only Typer should judge."""


@dataclass
class Level:
    """What was given to one command or group on the command line."""

    path: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)  # converted, by parameter name
    given: set[str] = field(default_factory=set)  # parameters given on the command line
    positional: list[str] = field(default_factory=list)
    help: bool = False
    refused: bool = False  # a value Typer would refuse (unless help is asked for)

    @property
    def entry(self) -> dict[str, Any]:
        return grammar()[" ".join(self.path)]


def _options(entry: Mapping[str, Any]) -> dict[str, tuple[Param, bool]]:
    """Each option string of a command: its parameter, and the value a flag name sets."""
    found: dict[str, tuple[Param, bool]] = {}
    for param in entry["params"]:
        if param["option"]:
            found |= dict.fromkeys(param["opts"], (param, True))
            found |= dict.fromkeys(param["secondary"], (param, False))
    return found


def parse_level(level: Level, tokens: list[str], *, resilient: bool = False) -> list[str]:
    """Read `tokens` for one command or group as Click's parser does; the tokens left for a
    subcommand (a group stops at its first positional token, the subcommand's name).
    Running defers where Click reports a usage error; completion (`resilient`) then stops
    reading, as Click's resilient parsing does, and the positional tokens read so far
    give no argument a value."""
    options = _options(level.entry)
    group = "commands" in level.entry
    while tokens:
        token = tokens.pop(0)
        if token == "--":
            if not resilient:
                raise Defer  # everything after it is positional: Typer's job
            if group:
                return tokens
            level.positional += tokens
            return []
        if token[:1] != "-" or token == "-":
            if group:
                return [token, *tokens]
            level.positional.append(token)
            continue
        try:
            _read_option(level, options, token, tokens, resilient)
        except Defer:
            if not resilient:
                raise
            level.positional.clear()
            return []
    return []


def _read_option(
    level: Level,
    options: dict[str, tuple[Param, bool]],
    token: str,
    tokens: list[str],
    resilient: bool,
) -> None:
    """One option token, as Click reads it: `--name`, `--name=value`, `-n value`, and when
    completing `-nvalue` and `-abc` too. Defer on a usage error (an unknown option, a
    missing value, `--flag=x`) and, when running, on forms Typer is left to judge."""
    name, equals, attached = token.partition("=")
    if name[:2] == "--" or (name in options and not equals):
        if name not in options:
            raise Defer  # no such option
        param, flag_value = options[name]
        if param["flag"]:
            if equals:
                raise Defer  # a flag takes no value
            _give(level, param, flag_value, resilient)
            return
        if equals:
            tokens.insert(0, attached)
        elif not resilient and tokens and tokens[0][:1] == "-" and tokens[0] != "-":
            raise Defer  # a value that looks like an option
        if not tokens:
            raise Defer  # its value is missing
        _give(level, param, tokens.pop(0), resilient)
        return
    if not resilient:
        raise Defer  # `-ab`, `-ovalue`, `-o=value`: Typer's job
    for index, letter in enumerate(token[1:], 2):
        if f"-{letter}" not in options:
            raise Defer
        param, flag_value = options[f"-{letter}"]
        if param["flag"]:
            _give(level, param, flag_value, resilient)
            continue
        if index < len(token):
            tokens.insert(0, token[index:])
        if not tokens:
            raise Defer
        _give(level, param, tokens.pop(0), resilient)
        return


def _give(level: Level, param: Param, value: bool | str, resilient: bool) -> None:
    """The parameter's value as given on the command line (a flag's, or text to convert)."""
    name = param["name"]
    if param["eager"] and not resilient:
        if name not in ("help", "version"):
            raise Defer  # --install-completion, --show-completion
        if level.help:
            return  # eager options act in the order given: help has answered
    level.given.add(name)
    if name == "help":
        level.help = True
    elif isinstance(value, bool):
        level.values[name] = value
    else:
        _store(level, param, value, resilient)


def _store(level: Level, param: Param, text: str, resilient: bool) -> None:
    try:
        value = convert(param, text)
    except Defer:
        level.refused = not resilient
        value = text
    if param["multiple"]:
        level.values.setdefault(param["name"], []).append(value)
    else:
        level.values[param["name"]] = value


def convert(param: Param, text: str) -> Any:
    """`text` as Typer would pass it to the command; Defer when Typer would refuse it."""
    kind = param["type"]
    if kind == "str":
        return text
    if not text:
        raise Defer  # an empty number, choice or path: Typer decides what that means
    if kind == "path":
        return Path(text)
    if kind == "int":
        if not (text.isascii() and text.isdigit()):
            raise Defer  # '+3', '1_0', '٣'
        number = int(text)
        low, high = param["min"], param["max"]
        if (low is not None and number < low) or (high is not None and number > high):
            raise Defer
        return number
    if kind == "choice":
        folded = text if param["case"] else text.casefold()
        matches = [c for c in param["choices"] if (c if param["case"] else c.casefold()) == folded]
        if not matches:
            raise Defer
        return enum_class(param["enum"])(matches[0]) if param["enum"] else matches[0]
    raise Defer  # a type this parser does not know


def enum_class(name: str) -> Any:
    from importlib import import_module

    module, _, qualname = name.partition(":")
    return getattr(import_module(module), qualname)


def assign_arguments(level: Level) -> None:
    """Give the positional tokens to the command's arguments, in order, as Click does."""
    arguments = [p for p in level.entry["params"] if not p["option"]]
    rest = list(level.positional)
    for param in arguments:
        if param["nargs"] == -1:
            if param["required"] and not rest:
                raise Defer  # Typer says what is missing
            level.values[param["name"]] = [convert(param, text) for text in rest] or None
            rest = []
        elif rest:
            level.values[param["name"]] = convert(param, rest.pop(0))
        elif param["required"]:
            raise Defer  # Typer says what is missing
    if rest:
        raise Defer  # extra arguments


def parse(argv: Sequence[str]) -> list[Level]:
    """The levels (root, then group and command) the arguments name; Defer otherwise."""
    if {"--install-completion", "--show-completion"} & set(argv):
        raise Defer  # the app reads these itself, before Click does (and a shell after them)
    levels = [Level(())]
    given, tokens = list(argv), parse_level(levels[0], list(argv))
    if levels[0].values.get("version"):
        return levels  # eager: answered before anything else is looked at, as in Click
    while tokens and not levels[-1].help:
        if tokens[0] not in levels[-1].entry["commands"]:
            raise Defer  # an unknown command: Typer suggests one
        levels.append(Level((*levels[-1].path, tokens.pop(0))))
        given, tokens = list(tokens), parse_level(levels[-1], tokens)
    last = levels[-1]
    if "commands" in last.entry and not last.help:
        if given:
            raise Defer  # options but no command: Typer says what is missing
        last.help = True  # a bare group shows its help, as `no_args_is_help` does
    if last.help:
        return levels  # help is eager: it wins over values Typer would refuse
    if any(level.refused for level in levels):
        raise Defer
    assign_arguments(last)
    return levels


def defaults(level: Level) -> dict[str, Any]:
    """Every parameter's value: given, else its default (what Typer passes)."""
    values = {p["name"]: p["default"] for p in level.entry["params"] if not p["eager"]}
    return values | {k: v for k, v in level.values.items() if k in values}


def run_fast(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> int | None:
    """Run `argv` on the fast path and return the exit status, or None to use Typer."""
    environ = os.environ if environ is None else environ
    if environ.get(f"_{PROGRAM.upper()}_COMPLETE"):
        from .shell import complete

        return complete(environ)
    try:
        levels = parse(argv)
    except Defer:
        return None
    root = levels[0]
    if root.values.get("version"):
        from .. import __version__

        sys.stdout.write(f"{PROGRAM} {__version__}\n")
        return ExitStatus.OK
    if root.help:
        return _help(root)
    from ..core.errors import OctopusError
    from .runtime import Invocation, execute, make_settings, user_error_status

    programme = root.values.get("programme", environ.get("OCTOPUS_PROGRAMME") or None)
    try:
        no_color, refresh = bool(root.values.get("no_color")), bool(root.values.get("refresh"))
        settings = make_settings(programme, no_color, refresh)
    except OctopusError as error:
        return user_error_status(error)
    command_level = levels[-1]
    if command_level.help:
        return _help(command_level)
    from . import params
    from .commands import command_function

    command = command_function(command_level.path)
    invocation = Invocation(settings)
    values = defaults(command_level)
    return execute(invocation, lambda: params.call(command, invocation, values))


def _help(level: Level) -> int | None:
    """The stored help text, when Typer would print exactly that."""
    import shutil

    if Path(sys.argv[0]).name != PROGRAM or shutil.get_terminal_size().columns < HELP_WIDTH:
        return None  # `python -m octopus_cli` names itself so; narrower help is rewrapped
    from ..core.i18n import active_language

    sys.stdout.write(level.entry["help"][active_language()])
    return ExitStatus.OK
