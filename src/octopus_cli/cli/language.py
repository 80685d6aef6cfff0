"""Choosing the language of a run, before anything is written, and making the command-line
library (Click, inside Typer) speak it too: its own words ('Usage:', 'Show this message
and exit.', 'No such option') and the help of every command and option, which are kept in
English in the code and translated through the catalog when they are shown."""

from __future__ import annotations

import re
import sys

from ..core.i18n import LANGUAGES, _, activate, active_language, choose_language, ngettext

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

OPTION = "--lang"
# The global options that take a value (the rest are flags), for scanning before parsing.
VALUED = ("--programme", OPTION)


def given_language(args: Sequence[str]) -> str | None:
    """The value of `--lang` among the global options (before the command), as typed:
    `--lang fr`, `--lang=fr`; the last one when given twice, as the parser takes it. The
    parser judges it later (an unknown one is its error)."""
    found, index = None, 0
    while index < len(args) and args[index].startswith("-"):
        word = args[index]
        if word == OPTION:
            found = args[index + 1] if index + 1 < len(args) else None
        elif word.startswith(OPTION + "="):
            found = word.partition("=")[2]
        index += 2 if word in VALUED else 1
    return found


def start_language(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """Speak the language this run asks for: --lang, OCTOPUS_LANG, the setting, the locale
    (see `choose_language`). A value the parser will refuse counts as none here."""
    given = given_language(args)
    option = given if given and given.casefold() in LANGUAGES else None
    from_env = environ.get("OCTOPUS_LANG")
    configured = None
    if not option and not (from_env and from_env.casefold() in LANGUAGES):
        from ..store.config import configured_language

        configured = configured_language(environ)
    language = choose_language(option, environ, configured)
    speak(language)
    return language


def speak(language: str) -> None:
    """Octopus, and the command-line library's own words, in `language` from now on."""
    activate(language)
    if language != "en" or "typer" in sys.modules:
        _library_speaks_octopus()


def _library_speaks_octopus() -> None:
    """Click (and Typer) call gettext's functions for their words; point those of every
    module they have loaded at octopus's catalog, which holds their translations."""
    import gettext

    for name, module in list(sys.modules.items()):
        if not name.startswith(("typer", "click")):
            continue
        if getattr(module, "_", None) in (gettext.gettext, _):
            module._ = _  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) in (gettext.ngettext, ngettext):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def translate_tree(command: Any) -> None:
    """The help of `command`, its options and its subcommands, in the active language.
    Click builds these objects afresh for every run, from the English of the code."""
    if active_language() == "en":
        return
    _library_speaks_octopus()
    # Its help, and the words of its usage line ('[OPTIONS]', 'COMMAND [ARGS]...').
    for attribute in ("help", "short_help", "options_metavar", "subcommand_metavar"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, _(text))
    for param in getattr(command, "params", ()):
        if getattr(param, "help", None):
            param.help = _(param.help)
    for child in (getattr(command, "commands", None) or {}).values():
        translate_tree(child)


# ---- Click's own words ----------------------------------------------------------------------
# Typer's copy of Click writes its messages in English, without gettext: they are read back
# here by their English form and written again from octopus's catalog.

_USAGE = (
    (r"No such option: (?P<name>.+?)(?: \(Possible options: (?P<possibilities>.+)\))?", ""),
    (r"Missing argument (?P<param>.+)\.", "Missing argument {param}."),
    (r"Missing option (?P<param>.+)\.", "Missing option {param}."),
    (r"Missing parameter (?P<param>.+)\.", "Missing parameter {param}."),
    (r"Invalid value for (?P<param>.+?): (?P<message>.*)", "Invalid value for {param}: {message}"),
    (r"Invalid value: (?P<message>.*)", "Invalid value: {message}"),
    (r"Option (?P<name>'[^']+') requires an argument\.", "Option {name} requires an argument."),
    (r"Option (?P<name>'[^']+') does not take a value\.", "Option {name} does not take a value."),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", "Got unexpected extra argument ({args})"),
    (
        r"Got unexpected extra argument\(s\) \((?P<args>.*)\)",
        "Got unexpected extra argument ({args})",
    ),
    (r"No such command (?P<name>.+)\.", "No such command {name}."),
    (r"Missing command\.", "Missing command."),
)
_VALUES = (
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", "{value} is not one of {choices}."),
    (r"(?P<value>.+) is not a valid integer\.", "{value} is not a valid integer."),
    (r"(?P<value>.+) is not a valid int range\.", "{value} is not a valid integer."),
    (r"(?P<value>.+) is not in the range (?P<range>.+)\.", "{value} is not in the range {range}."),
)


def translate_usage(message: str) -> str:
    """A usage error of Click's in the active language: 'No such option: --x' becomes
    'Option inconnue : --x'. A message it does not know is left as it is."""
    if active_language() == "en":
        return message

    for pattern, template in _USAGE:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found is None:
            continue
        parts = found.groupdict()
        if not template:  # no such option, perhaps with the options it could have meant
            text = _("No such option: {name}").format(name=parts["name"])
            if parts.get("possibilities"):
                more = _("(Possible options: {possibilities})")
                text += " " + more.format(possibilities=parts["possibilities"])
            return text
        if "message" in parts:
            parts["message"] = _translate_value(parts["message"])
        return _(template).format(**parts)
    return message


def _translate_value(message: str) -> str:

    for pattern, template in _VALUES:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found is not None:
            return _(template).format(**found.groupdict())
    return message


# What Click adds to an option's help: '[env var: OCTOPUS_PROGRAMME]', '[default: ...]'.
_EXTRAS = (
    (r"\[env var: (?P<var>[^\]]+)\]", "[env var: {var}]"),
    (r"\[default: (?P<value>[^\]]+)\]", "[default: {value}]"),
    (r"\[required\]", "[required]"),
)


def translate_extras(text: str) -> str:
    """An option's help with the bracketed notes Click adds in the active language."""
    if active_language() == "en" or "[" not in text:
        return text

    for pattern, template in _EXTRAS:
        text = re.sub(pattern, _Filled(_(template)), text)
    return text


class _Filled:
    """A template filled with what a match found, for `re.sub`."""

    def __init__(self, template: str) -> None:
        self.template = template

    def __call__(self, found: re.Match[str]) -> str:
        return self.template.format(**found.groupdict())
