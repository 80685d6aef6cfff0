"""Command functions and their parameters, as both command-line parsers see them.

A command is a plain function `command(invocation, **params)` whose annotations name the
option declarations of `options.py` (resolved only when the Typer app is built). A
parameter whose default is a dataclass instance is a *group*: on the command line it
stands for the dataclass's fields, each an option declared once on the dataclass itself
(`SessionFilters` below), so the commands that take a group never repeat its options."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from ..core.filters import SessionFilter
    from .options import (
        AgendaOption,
        AtOption,
        BetweenOption,
        BreaksOption,
        KindOption,
        SearchOption,
        TagOption,
        TrackOption,
        TzOption,
    )
    from .runtime import Invocation, Run

Command = Callable[..., None]


@dataclass(frozen=True)
class SessionFilters:
    """The filters of every command that selects sessions (`list`, `today`, `grid`,
    `export`). Values of one option are alternatives (OR); options combine with AND."""

    kind: KindOption = None
    track: TrackOption = None
    tag: TagOption = None
    search: SearchOption = None
    between: BetweenOption = None
    include_breaks: BreaksOption = True
    agenda: AgendaOption = False

    def select(
        self, run: Run, ids: Sequence[str] | None = None, days: Sequence[str] | None = None
    ) -> SessionFilter:
        """The core's filter for these options, the session ids and the days given."""
        from ..core.clock import parse_window
        from ..core.filters import SessionFilter

        return SessionFilter(
            ids=tuple(ids or ()),
            days=tuple(days or ()),
            kinds=tuple(self.kind or ()),
            tracks=tuple(self.track or ()),
            tags=tuple(self.tag or ()),
            search=self.search,
            include_breaks=self.include_breaks,
            between=parse_window(self.between) if self.between is not None else None,
            picks=run.agenda().ids if self.agenda else None,
        )


@dataclass(frozen=True)
class Viewpoint:
    """Where and when the viewer is, for every command that shows times around a moment:
    the zones to show them in, and the clock."""

    tz: TzOption = None
    at: AtOption = None

    def start(self, invocation: Invocation) -> Run:
        """Load the programme and read the clock for these zones and this moment."""
        return invocation.start(self.tz, self.at)


def _is_group(parameter: inspect.Parameter) -> bool:
    return dataclasses.is_dataclass(parameter.default) and not isinstance(parameter.default, type)


def command_line_parameters(command: Command) -> list[tuple[inspect.Parameter, type | None]]:
    """The parameters of `command` as the command line sees them, in order, each with the
    group class it belongs to (None for a plain parameter). The first parameter (the
    invocation) is not on the command line."""
    found: list[tuple[inspect.Parameter, type | None]] = []
    for parameter in list(inspect.signature(command).parameters.values())[1:]:
        if not _is_group(parameter):
            found.append((parameter, None))
            continue
        group = type(parameter.default)
        for field in dataclasses.fields(group):
            default = getattr(parameter.default, field.name)
            flat = inspect.Parameter(
                field.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=field.type
            )
            found.append((flat, group))
    return found


def call(command: Command, invocation: object, given: Mapping[str, Any]) -> None:
    """Call `command` with the values of its command-line parameters, groups packed."""
    params: dict[str, Any] = {}
    for parameter in list(inspect.signature(command).parameters.values())[1:]:
        if _is_group(parameter):
            names = [field.name for field in dataclasses.fields(parameter.default)]
            values = {name: given[name] for name in names if name in given}
            params[parameter.name] = dataclasses.replace(parameter.default, **values)
        elif parameter.name in given:
            params[parameter.name] = given[parameter.name]
    command(invocation, **params)
