"""Shell completion on the fast path: Typer's completion protocol for bash, zsh and fish
(the scripts `--install-completion` installs call `octopus` with `_OCTOPUS_COMPLETE`
set), answered from the grammar without importing Typer, because people press Tab
constantly. It follows Click's rules (`shell_completion.py`): option names after `-`,
an option's values after it, the next argument's values, else subcommand names.
Anything else (PowerShell, `source_…` instructions) is left to Typer."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping

from ..core.i18n import _
from .fast import Level, grammar, parse_level

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from .fast import Param

Item = tuple[str, str]  # a value and its description


def complete(environ: Mapping[str, str]) -> int | None:
    """Answer one completion request; its exit status, or None to leave it to Typer."""
    instruction, _sep, shell = environ.get("_OCTOPUS_COMPLETE", "").partition("_")
    if instruction != "complete" or shell not in ("bash", "zsh", "fish"):
        return None
    request = _request(shell, environ)
    if request is None:
        return None
    from .language import start_language

    start_language(request[0], environ)  # `octopus --lang fr list --<Tab>`: described in French
    items = candidates(*request, environ)
    if shell == "bash":
        out = "\n".join(value for value, _help in items)
    elif shell == "zsh":
        out = _zsh(items)
    else:
        lines = [f"{value}\t{_one_line(help)}" if help else value for value, help in items]
        action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":
            return 0 if lines else 1
        out = "\n".join(lines) if action == "get-args" else ""
    sys.stdout.write(out + "\n")
    return 0


def _one_line(text: str) -> str:
    return re.sub(r"\s", " ", text)


def _request(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str] | None:
    """The words before the one being completed, and that word so far; None when Typer
    would fail to read them (its error is its own)."""
    if shell == "bash":
        try:
            words = split_arg_string(environ["COMP_WORDS"])
            cword = int(environ["COMP_CWORD"])
        except (KeyError, ValueError):
            return None
        return words[1:cword], words[cword] if -len(words) <= cword < len(words) else ""
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    args = split_arg_string(line)[1:]
    if args and not line.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


def split_arg_string(text: str) -> list[str]:
    """Words as the shell would split them; an unfinished quote keeps what was typed."""
    import shlex

    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def _zsh(items: list[Item]) -> str:
    def escape(text: str) -> str:
        for old, new in (('"', '""'), ("'", "''"), ("$", "\\$"), ("`", "\\`"), (":", r"\\:")):
            text = text.replace(old, new)
        return text

    if not items:
        return "_files"
    lines = [f'"{escape(v)}":"{escape(h)}"' if h else f'"{escape(v)}"' for v, h in items]
    return "_arguments '*: :((" + "\n".join(lines) + "))'"


def _context(args: list[str]) -> tuple[Level, Level]:
    """The root, and the command (or group) the words before the cursor lead to, read
    leniently."""
    root = level = Level(())
    tokens = parse_level(level, list(args), resilient=True)
    while tokens and "commands" in level.entry and tokens[0] in level.entry["commands"]:
        level = Level((*level.path, tokens.pop(0)))
        tokens = parse_level(level, tokens, resilient=True)
    return root, level


def candidates(args: list[str], incomplete: str, environ: Mapping[str, str]) -> list[Item]:
    """What may come next, as Click's `_resolve_incomplete` decides."""
    root, level = _context(args)
    if incomplete == "=":
        incomplete = ""
    elif "=" in incomplete and incomplete.startswith("-"):
        name, _sep, incomplete = incomplete.partition("=")
        args = [*args, name]
    params = level.entry["params"]
    if "--" not in args and incomplete.startswith("-"):
        return _command_items(level, incomplete)
    last = args[-1] if args else ""
    for param in params:
        if param["option"] and not param["flag"] and last.startswith("-") and last in param["opts"]:
            return _values(param, incomplete, root, environ)
    filled = _filled_arguments(level)
    for param in params:
        if not param["option"] and (param["nargs"] == -1 or param["name"] not in filled):
            return _values(param, incomplete, root, environ)
    return _command_items(level, incomplete)


def _filled_arguments(level: Level) -> set[str]:
    """The arguments the words already give a value to (Click fills them in order)."""
    remaining = len(level.positional)
    filled = set()
    for param in level.entry["params"]:
        if param["option"] or not remaining:
            continue
        filled.add(param["name"])
        remaining = 0 if param["nargs"] == -1 else remaining - 1
    return filled


def _command_items(level: Level, incomplete: str) -> list[Item]:
    """Subcommand names (with their summaries), then option names after a '-'."""
    entry = level.entry
    items = [
        (name, _(grammar()[" ".join((*level.path, name))]["summary"]))
        for name in entry.get("commands", ())
        if name.startswith(incomplete)
    ]
    if incomplete and not incomplete[0].isalnum():
        for param in entry["params"]:
            if not param["option"] or (not param["multiple"] and param["name"] in level.given):
                continue
            names = [*param["opts"], *param["secondary"]]
            described = _(param["help"]) if param["help"] else ""
            items += [(name, described) for name in names if name.startswith(incomplete)]
    return items


def _values(param: Param, incomplete: str, root: Level, environ: Mapping[str, str]) -> list[Item]:
    """The values a parameter offers: its completer's, else its choices."""
    if param["complete"]:
        from .completion import COMPLETERS

        given = root.values.get("programme") or environ.get("OCTOPUS_PROGRAMME")
        found = COMPLETERS[param["complete"]](given or None, incomplete)
        # Typer keeps only the values that start with what was typed, in its case.
        return [(value, help) for value, help in found if value.startswith(incomplete)]
    if param["type"] == "choice":
        fold = (lambda text: text) if param["case"] else str.lower
        return [(c, "") for c in param["choices"] if fold(c).startswith(fold(incomplete))]
    return []
