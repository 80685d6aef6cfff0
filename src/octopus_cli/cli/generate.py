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

from .app import _resolved, app
from .commands import COMMANDS, command_function
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
    settings = {"terminal_width": HELP_WIDTH, **command.context_settings}
    ctx = core.Context(command, info_name=name, parent=parent, **settings)
    entry: dict[str, Any] = {
        "help": command.get_help(ctx) + "\n",
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


def grammar_text() -> str:
    return json.dumps(_walk(get_command(app), (), None), indent=1, ensure_ascii=False) + "\n"


def schema_text() -> str:
    from ..sources.schema import ProgrammeFile

    return json.dumps(ProgrammeFile.model_json_schema(), indent=2) + "\n"


def main() -> None:
    for path, text in ((GRAMMAR, grammar_text()), (SCHEMA, schema_text())):
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(PACKAGE.parent)}")


if __name__ == "__main__":
    main()
