"""Write the files derived from the Typer app and the Pydantic schema, so that the fast path
answers without importing either:

    uv run python -m octopus_cli.cli.generate

- `cli/grammar.json`: every command's parameters as Click sees them (names, flags, types,
  choices, ranges, defaults, completers) and its `--help` text, read from the app itself;
- `sources/programme.schema.json`: what `octopus schema` prints.

`tests/test_fast_path.py` fails when either file differs from what this writes."""

from __future__ import annotations

import json
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from typer._click import core, types
from typer._types import TyperChoice
from typer.core import TyperGroup, TyperOption
from typer.main import get_command
from typer.models import TyperPath

from ..core.i18n import LANGUAGES
from .app import _resolved, app
from .commands import COMMANDS, command_function
from .language import speak, translate_tree
from .params import command_line_parameters

PACKAGE = Path(__file__).parents[1]
GRAMMAR = PACKAGE / "cli" / "grammar.json"
SCHEMA = PACKAGE / "sources" / "programme.schema.json"
# On a terminal Click wraps help at min(columns, 80) - 2, so the text is the same from 80
# columns up: stored as wrapped at 78 (the fast path answers help from 80 columns up).
HELP_WIDTH = 78


def _enum_of(annotation: Any) -> str | None:
    """'octopus_cli.core.choices:Kind' for `Annotated[list[Kind] | None, ...]`, else None."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return f"{candidate.__module__}:{candidate.__qualname__}"
        if typing.get_args(candidate) and candidate is not annotation:
            found = _enum_of(candidate)
            if found:
                return found
    return None


def _completer_of(annotation: Any) -> str | None:
    """The key of the completer declared in `Annotated[..., typer.Option(autocompletion=...)]`."""
    for info in typing.get_args(annotation)[1:]:
        key = getattr(getattr(info, "autocompletion", None), "completer_key", None)
        if key:
            return str(key)
    return None


Python = dict[str, tuple[Any, str | None, str | None]]


def _python_values(path: tuple[str, ...]) -> Python:
    """For each command-line parameter of the command at `path`: the value Typer passes
    when it is not given (the function's default), the enum its values become, and the
    key of its completer."""
    if path not in COMMANDS:
        return {}
    command = command_function(path)
    hints = _resolved(command)
    found = {}
    for parameter, group in command_line_parameters(command):
        annotation = (_resolved(group) if group else hints)[parameter.name]
        default = None if parameter.default is parameter.empty else parameter.default
        found[parameter.name] = (default, _enum_of(annotation), _completer_of(annotation))
    return found


def _type(param: core.Parameter) -> dict[str, Any]:
    kind = param.type
    if isinstance(kind, TyperChoice):
        return {"type": "choice", "choices": list(kind.choices), "case": kind.case_sensitive}
    if isinstance(kind, types.IntRange):
        return {"type": "int", "min": kind.min, "max": kind.max}
    if isinstance(kind, types.IntParamType):
        return {"type": "int", "min": None, "max": None}
    if isinstance(kind, TyperPath):
        return {"type": "path"}
    if isinstance(kind, types.BoolParamType):
        return {"type": "bool"}
    return {"type": "str"}


def _param(param: core.Parameter, python: Python) -> dict[str, Any]:
    option = isinstance(param, TyperOption)
    default, enum, key = python.get(param.name or "", (None, None, None))
    return {
        "name": param.name,
        "option": option,
        # Click keeps the help option's names in a set: sorted here, as its help shows them.
        "opts": sorted(param.opts, key=len) if param.name == "help" else list(param.opts),
        "secondary": list(param.secondary_opts),
        "flag": bool(option and param.is_flag),  # type: ignore[attr-defined]
        "multiple": param.multiple,
        "nargs": param.nargs,
        **_type(param),
        "enum": enum,
        "default": default,
        "required": param.required,
        "envvar": param.envvar,
        "eager": param.is_eager or param.callback is not None,
        "complete": key,
        "help": getattr(param, "help", None) or "",
    }


def _walk(
    command: core.Command, path: tuple[str, ...], parent: core.Context | None
) -> dict[str, Any]:
    name = path[-1] if path else "octopus"
    ctx = _context(command, name, parent)
    entry: dict[str, Any] = {
        "help": {"en": command.get_help(ctx) + "\n"},
        "summary": command.get_short_help_str(limit=45),
        # Click's own order, the help option (named "help") last.
        "params": [_param(p, _python_values(path)) for p in command.get_params(ctx)],
    }
    found = {" ".join(path): entry}
    if isinstance(command, TyperGroup):
        entry["commands"] = list(command.list_commands(ctx))
        for name in entry["commands"]:
            child = command.get_command(ctx, name)
            assert child is not None
            found |= _walk(child, (*path, name), ctx)
    return found


def _context(command: core.Command, name: str, parent: core.Context | None) -> core.Context:
    settings = {"terminal_width": HELP_WIDTH, **command.context_settings}
    return command.context_class(command, info_name=name, parent=parent, **settings)


def _helps(
    command: core.Command, path: tuple[str, ...], parent: core.Context | None
) -> dict[str, str]:
    """Each command's --help as Click writes it in the active language."""
    ctx = _context(command, path[-1] if path else "octopus", parent)
    found = {" ".join(path): command.get_help(ctx) + "\n"}
    if isinstance(command, TyperGroup):
        for name in command.list_commands(ctx):
            child = command.get_command(ctx, name)
            assert child is not None
            found |= _helps(child, (*path, name), ctx)
    return found


def help_texts() -> list[str]:
    """The English help of every command and option, as Click holds it: messages of the
    catalog, translated when shown (`language.translate_tree`)."""
    texts: list[str] = []

    def visit(command: Any) -> None:
        texts.extend(t for t in (command.help, command.short_help) if t)
        texts.extend(p.help for p in command.params if getattr(p, "help", None))
        for child in (getattr(command, "commands", None) or {}).values():
            visit(child)

    speak("en")
    visit(get_command(app))
    return list(dict.fromkeys(texts))


def grammar_text() -> str:
    """`grammar.json`, with each command's help in every language (the catalogs compiled)."""
    speak("en")
    grammar = _walk(get_command(app), (), None)
    for lang in LANGUAGES[1:]:
        speak(lang)
        command = get_command(app)
        translate_tree(command)
        for path, text in _helps(command, (), None).items():
            grammar[path]["help"][lang] = text
    speak("en")
    return json.dumps(grammar, indent=1, ensure_ascii=False) + "\n"


def schema_text() -> str:
    from ..sources.schema import ProgrammeFile

    return json.dumps(ProgrammeFile.model_json_schema(), indent=2) + "\n"


def catalog_files() -> dict[Path, bytes]:
    """The calendar words, the template, and each language's catalog and compiled file."""
    from . import catalogs

    pot = catalogs.template(help_texts())
    files = {catalogs.CLDR: catalogs.cldr_text().encode(), catalogs.POT: catalogs.po_bytes(pot)}
    for lang in LANGUAGES[1:]:
        catalog = catalogs.updated(pot, lang)
        po = catalogs.po_path(lang)
        files[po] = catalogs.po_bytes(catalog)
        files[po.with_suffix(".mo")] = catalogs.mo_bytes(catalog)
    return files


def main() -> None:
    written = catalog_files()  # first: the help in other languages needs the catalogs
    for path, data in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    written = {GRAMMAR: grammar_text().encode(), SCHEMA: schema_text().encode()}
    for path, data in written.items():
        path.write_bytes(data)
    for path in [*catalog_paths(), GRAMMAR, SCHEMA]:
        print(f"wrote {path.relative_to(PACKAGE.parent)}")


def catalog_paths() -> list[Path]:
    from . import catalogs

    paths = [catalogs.CLDR, catalogs.POT]
    for lang in LANGUAGES[1:]:
        paths += [catalogs.po_path(lang), catalogs.po_path(lang).with_suffix(".mo")]
    return paths


if __name__ == "__main__":
    main()
