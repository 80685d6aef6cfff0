"""`grid`: the timetable of each of the viewer's days, on the terminal, as text in a file,
or as an SVG picture."""

from __future__ import annotations

import sys
from pathlib import Path

from ...core.changekinds import CANCELLED, change_word
from ...core.choices import GridFormat, format_for_file
from ...core.i18n import _
from ...core.text import printable
from ..marks import noticing
from ..params import SessionFilters, Viewpoint
from ..runtime import Invocation, named_file, note, write
from .listing import asked_days, select_sessions, sessions_view

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ..options import (
        DayOption,
        GridFormatOption,
        IdsArgument,
        OutputPathOption,
        WidthOption,
    )


_FEW_TRACKS = 4  # more than this side by side, and the note says how to choose some


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
    narrow a terminal gets what 'octopus list' shows for the same options instead, unless
    --width asks for the grid.

    Examples:

      octopus grid

      octopus grid --day wed --tz Asia/Tokyo

      octopus grid --agenda --tz America/Bogota

      octopus grid --tz Australia/Sydney -o octopus-sydney.svg
    """
    from ...views import formats
    from ...views.consoles import export_svg, make_console, recording_console
    from ...views.grid import timetable
    from ...views.gridview import grid_width_needed, timetable_view

    with noticing(view.start(invocation)) as noticed:
        run, changed = noticed.run, noticed.marks
        chosen = format_for_file(grid_format, named_file(output_path), GridFormat, GridFormat.TEXT)
        on_terminal = output_path is None and chosen is GridFormat.TEXT
        wanted = filters.select(run, ids, day)
        sessions = select_sessions(run, wanted)
        if not sessions:
            if on_terminal:
                sys.stderr.write(_("No sessions match.") + "\n")
                return
            from ...core.errors import InputError

            raise InputError(
                _("no sessions match; nothing written"),
                _("See what the same options select with 'octopus list'."),
            )
        sessions = run.shown(sessions)  # a grid is for people: the programme's translations
        if on_terminal:
            console = make_console(no_color=run.settings.no_color, width=width)
        else:  # a picture or a file: drawn in memory at a fixed width
            console = recording_console(width or 100, color=chosen is GridFormat.SVG)
        days = asked_days(run, wanted.days)
        zones = formats.zone_columns(run.zones, run.programme.zone)
        picked = run.picked()
        # Cancelled sessions are listed under the grid: their blocks could cover new ones.
        gone = [s for s in sessions if change_word(s.id, changed) == CANCELLED]
        drawn_ids = {s.id for s in sessions} - {s.id for s in gone}
        grids = timetable([s for s in sessions if s.id in drawn_ids], run.zone, days or None)
        drawing = timetable_view(
            grids,
            zones,
            run.programme.zone,
            console,
            width=console.width,
            now=run.now,
            picked=picked,
            cramped=width is not None,  # asked for: drawn however cramped, if it can be
            changed=changed,
        )
        drawn = "grid"
        if drawing is None and width is not None:
            from ...core.errors import InputError

            least = max(
                grid_width_needed(g, zones, run.programme.zone, cramped=True) for g in grids
            )
            raise InputError(
                _(
                    "--width {width} is too narrow for this grid: it needs at least {least} columns"
                ).format(width=width, least=least),
                _(
                    "Give --width {least} or more, or use 'octopus list' with the same options."
                ).format(least=least),
            )
        if drawing is None:
            needed = max(grid_width_needed(g, zones, run.programme.zone) for g in grids)
            if on_terminal:
                message = _(
                    "the grid needs {needed} columns and has {width}; showing a list instead "
                    "(widen the window, or give --width to draw the grid anyway)."
                )
            else:
                message = _(
                    "the grid needs {needed} columns and has {width}; showing a list instead "
                    "(give --width to draw the grid anyway)."
                )
            message = message.format(needed=needed, width=console.width)
            if max(len(g.tracks) for g in grids) > _FEW_TRACKS:  # dozens of rooms: choose
                message += " " + _("To see a few rooms side by side: --track NAME, repeated.")
            note(message)
            drawing = sessions_view(run, sessions, zones, console.width, days, changed)
            drawn = "list"
        elif gone:
            from rich.console import Group
            from rich.text import Text

            from ...views.changes import when

            cancelled = _("cancelled: {id}  {title}  {when}")
            lines = [
                cancelled.format(id=s.id, title=printable(s.display_title), when=when(s, zones))
                for s in gone
            ]
            drawing = Group(drawing, Text(""), *(Text(line, style="magenta") for line in lines))
        console.print(drawing)
        if on_terminal:
            return
        if chosen is GridFormat.SVG:
            title = _("octopus grid · {conference}").format(
                conference=run.programme.conference.name
            )
            data = export_svg(console, title=title)
        else:
            data = console.export_text()
        if output_path is None or output_path == "-":
            write(data)
            return
        from ...store.fileio import write_atomic

        write_atomic(Path(output_path), data.encode("utf-8"))
        if drawn == "grid":
            line = _("Wrote the grid to {path} ({format})")
        else:
            line = _("Wrote the list to {path} ({format})")
        sys.stderr.write(line.format(path=printable(output_path), format=chosen.value) + "\n")
