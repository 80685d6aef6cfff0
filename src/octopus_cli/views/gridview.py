"""Drawing the timetable grid (`grid.py`) with box characters, as Rich `Text` lines.

Rich tables cannot span rows, so the grid is drawn here: every cell has an owner (a header,
a time label, a session block or nothing), and a border is drawn wherever neighbouring cells
have different owners. Data reaches Rich only as `Text`, made printable first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.text import Text

from ..core.changekinds import Marks, change_word
from ..core.text import printable
from .formats import PICKED, day_heading, time_range
from .grid import Block, DayGrid
from .wording import change_label, conference_mark, now_mark

MIN_TRACK_WIDTH = 14  # below this a title wraps to a word per line: the list reads better
# With an explicit --width the grid is drawn anyway, its tracks down to this (titles fold,
# time ranges stack their start over their end); narrower than that it is refused.
MIN_CRAMPED_TRACK_WIDTH = 5
SHADE = "░"  # fills break blocks, so they stand out without colour
_LINE, _GAP_LINE, _BAR = "─", "╌", "│"
# Junctions by which of (up, down, left, right) has a line.
_JUNCTIONS = {
    (True, True, True, True): "┼",
    (True, True, False, True): "├",
    (True, True, True, False): "┤",
    (False, True, True, True): "┬",
    (True, False, True, True): "┴",
    (False, True, False, True): "┌",
    (False, True, True, False): "┐",
    (True, False, False, True): "└",
    (True, False, True, False): "┘",
    (True, True, False, False): _BAR,
    (True, False, False, False): _BAR,
    (False, True, False, False): _BAR,
    (False, False, True, True): _LINE,
    (False, False, True, False): _LINE,
    (False, False, False, True): _LINE,
    (False, False, False, False): " ",
}


def zone_label(zone: ZoneInfo) -> str:
    """'Asia/Tokyo' -> 'Tokyo', 'America/Argentina/Buenos_Aires' -> 'Buenos Aires',
    'Etc/GMT+5' -> 'UTC-5' (the IANA's Etc names count the other way round)."""
    key = zone.key
    if key.startswith("Etc/GMT") and key[7:8] in ("+", "-"):
        return f"UTC{'-' if key[7] == '+' else '+'}{key[8:]}"
    return key.rsplit("/", 1)[-1].replace("_", " ")


def _headers(zones: Sequence[ZoneInfo], conference_zone: ZoneInfo) -> list[list[str]]:
    """The heading lines of the time columns: short names, unless two would read the same."""
    labels = [zone_label(zone) for zone in zones]
    if len(set(labels)) < len(labels):
        labels = [zone.key for zone in zones]
    mark = conference_mark()
    return [
        [label] + ([mark] if zone == conference_zone else [])
        for label, zone in zip(labels, zones, strict=True)
    ]


@dataclass
class _Cell:
    lines: list[Text] = field(default_factory=list)
    shaded: bool = False


def timetable_view(
    grids: Sequence[DayGrid],
    zones: Sequence[ZoneInfo],
    conference_zone: ZoneInfo,
    console: Console,
    *,
    width: int,
    now: datetime | None = None,
    picked: frozenset[str] = frozenset(),
    cramped: bool = False,
    changed: Marks | None = None,
) -> RenderableType | None:
    """The grids of several days, a blank line apart; None when one of them does not fit
    (better a list throughout than a grid for some days and a list for others). `cramped`
    (an explicit width): narrower tracks than a comfortable grid has, down to the least."""
    parts: list[RenderableType] = []
    for grid in grids:
        view = grid_view(
            grid,
            zones,
            conference_zone,
            console,
            width=width,
            now=now,
            picked=picked,
            cramped=cramped,
            changed=changed,
        )
        if view is None:
            return None
        parts.extend([view, Text("")])
    return Group(*parts[:-1])


def grid_width_needed(
    grid: DayGrid, zones: Sequence[ZoneInfo], conference_zone: ZoneInfo, *, cramped: bool = False
) -> int:
    """The narrowest terminal the grid of this day fits (`cramped`: at all)."""
    times = _time_widths(grid, zones, conference_zone, stacked=cramped)
    least = MIN_CRAMPED_TRACK_WIDTH if cramped else MIN_TRACK_WIDTH
    return _width_needed(times, len(grid.tracks), least)


def _width_needed(times: list[int], tracks: int, least: int) -> int:
    """Time columns, tracks of the least width, and a border and two spaces each."""
    return sum(times) + least * tracks + 3 * (len(times) + tracks) + 1


def _layout(
    grid: DayGrid,
    zones: Sequence[ZoneInfo],
    conference_zone: ZoneInfo,
    width: int,
    cramped: bool,
) -> tuple[list[int], bool] | None:
    """The widths of the time columns, and whether their ranges stack (start over end), for
    a grid `width` wide; None when it does not fit."""
    least = MIN_CRAMPED_TRACK_WIDTH if cramped else MIN_TRACK_WIDTH
    for stacked in (False, True) if cramped else (False,):
        times = _time_widths(grid, zones, conference_zone, stacked=stacked)
        if width >= _width_needed(times, len(grid.tracks), least):
            return times, stacked
    return None


def grid_view(
    grid: DayGrid,
    zones: Sequence[ZoneInfo],
    conference_zone: ZoneInfo,
    console: Console,
    *,
    width: int,
    now: datetime | None = None,
    picked: frozenset[str] = frozenset(),
    cramped: bool = False,
    changed: Marks | None = None,
) -> RenderableType | None:
    """The day's heading and grid, `width` columns wide; None when it does not fit."""
    layout = _layout(grid, zones, conference_zone, width, cramped)
    if layout is None:
        return None
    times, stacked = layout
    columns = len(times) + len(grid.tracks)
    spare = width - sum(times) - 3 * columns - 1
    share, extra = divmod(spare, len(grid.tracks))
    widths = times + [share + (1 if n < extra else 0) for n in range(len(grid.tracks))]

    # owner[r][c]: who fills row r (0 is the header), column c.
    owner: list[list[object]] = [[("head", c) for c in range(columns)]]
    owner += [
        [("time", r, c) if c < len(times) else ("free", r, c) for c in range(columns)]
        for r in range(len(grid.rows))
    ]
    cells: dict[object, _Cell] = {}
    for c, (zone, header) in enumerate(zip(zones, _headers(zones, conference_zone), strict=True)):
        cells[("head", c)] = _Cell([Text(line, style="bold") for line in header])
        for r in range(len(grid.rows)):
            cells[("time", r, c)] = _Cell([Text(x) for x in _time_lines(grid, r, zone, stacked)])
    for n, track_header in enumerate(grid.names):
        name = Text(printable(track_header), style="bold")  # folds in a cramped grid
        cells[("head", len(times) + n)] = _Cell(list(name.wrap(console, widths[len(times) + n])))
    for index, block in enumerate(grid.blocks):
        span = range(len(times) + block.column, len(times) + block.column + block.width)
        for r in range(block.first, block.last + 1):
            for c in span:
                owner[r + 1][c] = ("block", index)
        inner = _span_width(widths, span.start, span.stop - 1)
        cells[("block", index)] = _block_cell(
            block, grid, zones[0], console, inner, now, picked, changed
        )

    heights = _heights(owner, cells)
    dashed = {r + 1 for r, slot in enumerate(grid.rows) if slot.after_gap}
    lines = _heading(grid, zones, width)
    top: dict[object, int] = {}  # the screen line each owner's content starts on
    for r, height in enumerate(heights):
        lines.append(_rule(owner, r, widths, cells, top, len(lines), r in dashed))
        for key in owner[r]:
            top.setdefault(key, len(lines))
        for _line in range(height):
            lines.append(_content(owner[r], widths, cells, top, len(lines)))
    lines.append(_rule(owner, len(heights), widths, cells, top, len(lines), False))
    return Group(*lines)


def _time_lines(grid: DayGrid, row: int, zone: ZoneInfo, stacked: bool = False) -> list[str]:
    label = time_range(grid.rows[row], zone, grid.day)
    if " " not in label and not stacked:  # no day mark (' +1d')
        return [label]
    start, end = label.split("–")  # day marks make it long: start and end on two lines
    return [start, f"–{end}"]


def _time_widths(
    grid: DayGrid, zones: Sequence[ZoneInfo], conference_zone: ZoneInfo, *, stacked: bool = False
) -> list[int]:
    widths = []
    for zone, header in zip(zones, _headers(zones, conference_zone), strict=True):
        labels = [
            line for r in range(len(grid.rows)) for line in _time_lines(grid, r, zone, stacked)
        ]
        widths.append(max(cell_len(x) for x in [*header, *labels]))
    return widths


def _heading(grid: DayGrid, zones: Sequence[ZoneInfo], width: int) -> list[Text]:
    """The day, and the zones beside it (below it when the grid is narrower than both)."""
    heading = Text(day_heading(grid.day), style="bold")
    names = " · ".join(z.key for z in zones)
    if cell_len(heading.plain) + 2 + cell_len(names) > width:
        return [heading, Text(names, style="dim")]
    heading.append("  " + names, style="dim")
    return [heading]


def _block_cell(
    block: Block,
    grid: DayGrid,
    zone: ZoneInfo,
    console: Console,
    width: int,
    now: datetime | None,
    picked: frozenset[str],
    changed: Marks | None = None,
) -> _Cell:
    session = block.session
    style = "dim" if session.is_break else ""
    first = Text(printable(session.id), style="dim" if session.is_break else "cyan")
    if session.id in picked:
        first.append(f" {PICKED}", style="bold yellow")
    word = change_word(session.id, changed)
    if word:
        first.append(f" [{change_label(word)}]", style="bold magenta")
    if now is not None and session.start <= now < session.end:
        first.append(f" {now_mark()}", style="bold green")
    title = Text(printable(session.display_title), style=style)
    if session.id in picked:
        title.stylize("bold")
    parts = [first, title]
    if block.from_earlier_day or block.into_later_day:
        parts.append(Text(time_range(session, zone, grid.day), style="dim"))
    lines: list[Text] = []
    for part in parts:
        lines.extend(part.wrap(console, width, overflow="fold"))
    return _Cell(lines, shaded=session.is_break)


def _heights(owner: list[list[object]], cells: dict[object, _Cell]) -> list[int]:
    """Lines per row: enough for every cell. A block over several rows also has the rule
    lines between them; if that is not enough, its last row grows."""
    heights = [1] * len(owner)
    spans: dict[object, list[int]] = {}
    for r, row in enumerate(owner):
        for key in row:
            rows = spans.setdefault(key, [])
            if not rows or rows[-1] != r:  # rows come in order; a key fills a row's columns
                rows.append(r)
    for key, rows in sorted(spans.items(), key=lambda item: len(item[1])):
        room = sum(heights[r] for r in rows) + len(rows) - 1
        need = len(cells[key].lines) if key in cells else 0
        if need > room:
            heights[rows[-1]] += need - room
    return heights


def _bars(row: list[object]) -> list[bool]:
    """Where a row has a vertical border: the edges, and between different owners."""
    return [k in (0, len(row)) or row[k - 1] != row[k] for k in range(len(row) + 1)]


def _span_width(widths: list[int], first: int, last: int) -> int:
    """The text width of columns `first`..`last` as one cell (their inner borders included)."""
    return sum(widths[k] + 3 for k in range(first, last + 1)) - 3


def _cell_segment(
    key: object, cells: dict[object, _Cell], top: dict[object, int], y: int, width: int
) -> Text:
    """Screen line `y` of the cell `key` (blank where it has no text), `width` wide."""
    cell = cells.get(key)
    if cell is None:
        return _segment(Text(""), width, shaded=False)
    index = y - top[key]
    text = cell.lines[index] if 0 <= index < len(cell.lines) else Text("")
    return _segment(text, width, cell.shaded)


def _segment(text: Text, width: int, shaded: bool) -> Text:
    """A cell's line: a space each side, padded to the width (shaded for breaks)."""
    line = Text(" ")
    line.append_text(text)
    rest = width + 1 - cell_len(line.plain)
    if shaded and rest > 0:
        fill = rest if not text.plain else rest - 1
        line.append(" " * (rest - fill) + SHADE * fill, style="dim")
    else:
        line.append(" " * max(rest, 0))
    line.append(" ")
    return line


def _content(
    row: list[object],
    widths: list[int],
    cells: dict[object, _Cell],
    top: dict[object, int],
    y: int,
) -> Text:
    line = Text(_BAR)
    c = 0
    while c < len(row):
        end = c
        while end + 1 < len(row) and row[end + 1] == row[c]:
            end += 1
        line.append_text(_cell_segment(row[c], cells, top, y, _span_width(widths, c, end)))
        line.append(_BAR)
        c = end + 1
    return line


def _rule(
    owner: list[list[object]],
    r: int,
    widths: list[int],
    cells: dict[object, _Cell],
    top: dict[object, int],
    y: int,
    dashed: bool,
) -> Text:
    """The line above row `r` (`r` == len(owner): the bottom edge), dashed when time with
    nothing on passes there. Where a block goes on across it, the block's text goes on too."""
    above = owner[r - 1] if r > 0 else None
    below = owner[r] if r < len(owner) else None
    count = len(widths)
    across = [above is None or below is None or above[c] != below[c] for c in range(count)]
    up = _bars(above) if above else [False] * (count + 1)
    down = _bars(below) if below else [False] * (count + 1)
    line = Text()
    c = 0
    while c <= count:
        left = c > 0 and across[c - 1]
        right = c < count and across[c]
        junction = _JUNCTIONS[(up[c], down[c], left, right)]
        line.append(_GAP_LINE if dashed and junction == _LINE else junction)
        if c == count:
            break
        if across[c]:
            line.append((_GAP_LINE if dashed else _LINE) * (widths[c] + 2))
            c += 1
            continue
        # A block going on across this rule: its text continues over its columns.
        assert above is not None
        end = c
        while end + 1 < count and not across[end + 1] and above[end + 1] == above[c]:
            end += 1
        line.append_text(_cell_segment(above[c], cells, top, y, _span_width(widths, c, end)))
        c = end + 1
    return line
