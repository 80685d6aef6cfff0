"""`grid`: the timetable of each of the viewer's days, on the terminal, as text in a file,
or as an SVG picture."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.choices import GridFormat
from ...core.text import printable
from ..params import SessionFilters, Viewpoint
from ..runtime import Invocation, write
from .listing import select_sessions

if TYPE_CHECKING:
    from ..options import (
        DayOption,
        GridFormatOption,
        IdsArgument,
        OutputPathOption,
        WidthOption,
    )


def grid(
    invocation: Invocation,
    ids: IdsArgument = None,
    day: DayOption = None,
    filters: SessionFilters = SessionFilters(),
    view: Viewpoint = Viewpoint(),
    grid_format: GridFormatOption = None,
    output_path: OutputPathOption = None,
    width: WidthOption = None,
) -> None:
    """The timetable as a grid: one column per track, time down the side.

    Times are in your zone, with the conference's beside them when they differ; each of
    your calendar days has its own grid, so a session that crosses your midnight shows on
    both. Breaks are shaded, your picks starred, what runs at --at (or now) marked. Too
    narrow a terminal gets the list instead.

    Examples:

      octopus grid

      octopus grid --day wed --tz Asia/Tokyo

      octopus grid --agenda --tz America/Bogota

      octopus grid --tz Australia/Sydney -o octopus-sydney.svg
    """
    from ...core.filters import resolve_day
    from ...views import formats
    from ...views.consoles import export_svg, make_console, recording_console
    from ...views.grid import timetable
    from ...views.gridview import grid_width_needed, timetable_view

    run = view.start(invocation)
    chosen = grid_format or (
        GridFormat.SVG
        if output_path and output_path.casefold().endswith(".svg")
        else GridFormat.TEXT
    )
    on_terminal = output_path is None and chosen is GridFormat.TEXT
    wanted = filters.select(run, ids, day)
    sessions = select_sessions(run, wanted)
    if not sessions:
        if on_terminal:
            sys.stderr.write("No sessions match.\n")
            return
        from ...core.errors import InputError

        raise InputError(
            "no sessions match; nothing written",
            "See what the same options select with 'octopus list'.",
        )
    if on_terminal:
        console = make_console(no_color=run.settings.no_color, width=width)
    else:  # a picture or a file: drawn in memory at a fixed width
        console = recording_console(width or 100, color=chosen is GridFormat.SVG)
    days = [resolve_day(run.programme, spec, run.today) for spec in wanted.days] or None
    zones = formats.zone_columns(run.zones, run.programme.zone)
    picked = run.picked()
    grids = timetable(sessions, run.zone, days)
    drawing = timetable_view(
        grids, zones, run.programme.zone, console, width=console.width, now=run.now, picked=picked
    )
    drawn = "grid"
    if drawing is None:
        from ...views.render import sessions_tables

        needed = max(grid_width_needed(g, zones, run.programme.zone) for g in grids)
        advice = "" if width is not None else " (widen the window, or pass --width)"
        sys.stderr.write(
            f"Note: the grid needs {needed} columns and has {console.width}; showing a list "
            f"instead{advice}.\n"
        )
        drawing = sessions_tables(
            run.programme, sessions, zones, width=console.width, now=run.now, picked=picked
        )
        drawn = "list"
    console.print(drawing)
    if on_terminal:
        return
    if chosen is GridFormat.SVG:
        data = export_svg(console, title=f"octopus grid · {run.programme.conference.name}")
    else:
        data = console.export_text()
    if output_path is None or output_path == "-":
        write(data)
        return
    from ...store.fileio import write_atomic

    write_atomic(Path(output_path), data.encode("utf-8"))
    sys.stderr.write(f"Wrote the {drawn} to {printable(output_path)} ({chosen.value})\n")
