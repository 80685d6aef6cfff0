"""The session list on a terminal: a table a day, parallel sessions in one slot section.

One layout serves all the days a command shows (the same columns, the same widths), chosen
for the terminal's width: the time columns as wide as their widest cell and the title the
rest; or, where titles would get too little room, the times stacked in one column and the
id before the title (and, narrower still, a range with day marks broken after its dash).
Of the layouts that fit, the one that takes the fewest lines wins. Titles are wrapped here,
between words, so that the marks after them ('★', '◀ now') are never split."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.changekinds import CANCELLED, Marks, change_word
from ..core.i18n import _
from ..core.models import Session
from ..core.schedule import group_by_local_date
from ..core.text import printable
from .formats import PICKED, day_heading, is_conference_zone, time_range, zone_labels
from .wording import change_label, conference_mark, now_mark

if TYPE_CHECKING:
    from rich.console import ConsoleOptions

# In English: after the title of a session running at --at (or now), and beside (or under)
# the name of the conference's zone. Shown in the active language: `wording.now_mark()`.
NOW_MARK = "◀ now"
CONFERENCE_MARK = "(conf.)"
MIN_TITLE = 12  # a title column narrower than this wraps a word a line: stack the times
WIDE_TITLE = 30  # a title column this wide keeps the table's columns, even where titles wrap
GAP = 2  # columns between two columns
_WORD = re.compile(r"\S+")


class RuleBox(box.Box):
    """A rule under the header and a blank line between sections (Rich's SIMPLE_HEAD), the
    rule drawn with '-' on a terminal that cannot show '─'. (Rich would switch to its grid
    of '|' and '+', a column wider at each border, so the layout would not fit.)"""

    def substitute(self, options: ConsoleOptions, safe: bool = True) -> box.Box:
        return _ASCII_RULE if options.ascii_only else self


RULE = RuleBox("    \n    \n ── \n    \n    \n    \n    \n    \n")
_ASCII_RULE = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def time_cell(session: Session, zone: ZoneInfo, day: date, *, split: bool = False) -> list[str]:
    """The session's time in `zone` on `day` as the lines of a cell: '07:00–08:50'. A range
    that starts on another day gets spaces round its dash, so that the dash does not run
    into the day mark ('20:00 -1d – 01:00'; in ASCII '-1d-01:00' would read as one);
    `split` breaks a range with day marks after its dash ('20:00 -1d', '– 01:00')."""
    return _time_cells(time_range(session, zone, day))[split]


def _zone_cells(
    session: Session, zones: Sequence[ZoneInfo], day: date
) -> dict[bool, list[list[str]]]:
    """`time_cell` in each zone, not split (False) and split (True)."""
    cells = [_time_cells(time_range(session, zone, day)) for zone in zones]
    return {False: [whole for whole, _split in cells], True: [split for _whole, split in cells]}


def _time_cells(text: str) -> tuple[list[str], list[str]]:
    """A `time_range` as a cell (whole, split)."""
    start, end = text.split("–")
    whole = [f"{start} – {end}" if " " in start else f"{start}–{end}"]
    return whole, [start, f"– {end}"] if len(start) + len(end) > 10 else whole


def _breaks(plain: str, width: int) -> list[int]:
    """Where `plain` breaks into lines of at most `width` cells: between words, and inside
    a word only where it is longer than a line."""
    measure = len if plain.isascii() else cell_len  # (made printable: no controls)
    offsets: list[int] = []
    column = 0  # cells on the current line
    line_end = 0  # where the current line's last word ends
    for match in _WORD.finditer(plain):
        start, word = match.start(), match.group()
        space = measure(plain[line_end:start]) if column else 0
        if column and column + space + measure(word) > width:
            offsets.append(start)
            column = space = 0
        pieces = chop_cells(word, width) if measure(word) > width else [word]
        for piece in pieces[:-1]:
            start += len(piece)
            offsets.append(start)
        column += space + measure(pieces[-1])
        line_end = match.end()
    return offsets


def _own_lines(last: int, width: int, marks: Sequence[int]) -> list[bool]:
    """Which marks (of these widths) go on a line of their own, after a last line `last`
    cells wide: each goes two spaces after the line where it fits."""
    own = []
    for mark in marks:
        own.append(last > 0 and last + 2 + mark > width)
        last = mark if own[-1] or not last else last + 2 + mark
    return own


def _line_count(plain: str, width: int, marks: Sequence[int]) -> int:
    """How many lines `wrap` makes, without making them."""
    offsets = _breaks(plain, width)
    last = cell_len(plain[offsets[-1] if offsets else 0 :].rstrip())
    return len(offsets) + 1 + sum(_own_lines(last, width, marks))


def wrap(text: Text, width: int, marks: Sequence[Text] = ()) -> list[Text]:
    """`text` in lines of at most `width` cells, broken between words (a word longer than a
    line is folded), then each mark two spaces after the last line, or on a line of its own
    where it does not fit: a mark is never split."""
    lines = list(text.divide(_breaks(text.plain, width))) if text.plain else [Text()]
    for line in lines:
        line.rstrip()
    own = _own_lines(lines[-1].cell_len, width, [mark.cell_len for mark in marks])
    for mark, alone in zip(marks, own, strict=True):
        if alone:
            lines.append(mark.copy())
            continue
        if lines[-1].cell_len:
            lines[-1].append("  ")
        lines[-1].append_text(mark)
    return lines


@dataclass(frozen=True)
class _Row:
    session: Session
    day: date
    title: Text  # the title alone, made printable and styled
    marks: tuple[Text, ...]
    ends_slot: bool
    times: dict[bool, list[list[str]]]  # split or not: the lines of its time in each zone

    @property
    def style(self) -> str:
        return "dim" if self.session.is_break else ""

    @cached_property
    def with_id(self) -> Text:
        """The title after the id, as the stacked layout shows it."""
        return Text.assemble((printable(self.session.id), "cyan"), " ", self.title)

    def label(self, stacked: bool) -> Text:
        """The Session cell's text: in the stacked layout the id goes first."""
        return self.with_id if stacked else self.title

    def needs(self, stacked: bool) -> int:
        """The cells the Session column needs to show it on one line."""
        return self._needs[stacked]

    @cached_property
    def _needs(self) -> tuple[int, int]:
        marks = sum(2 + mark.cell_len for mark in self.marks)
        return self.title.cell_len + marks, self.with_id.cell_len + marks

    def lines(self, stacked: bool, width: int) -> int:
        """The lines of its Session cell, `width` wide."""
        if self.needs(stacked) <= width:
            return 1
        marks = [mark.cell_len for mark in self.marks]
        return _line_count(self.label(stacked).plain, width, marks)


@dataclass(frozen=True)
class _Layout:
    stacked: bool  # the times of every zone in one column, the id before the title
    split: bool  # a range with day marks broken after its dash, over two lines
    inline: bool  # '(conf.)' beside the conference zone's name, else under it


_LAYOUTS = [
    _Layout(stacked, split, inline)
    for stacked in (False, True)
    for split in (False, True)
    for inline in (True, False)
]


@dataclass
class _Plan:
    """A layout worked out for one width: its headers, the columns' widths, and its length."""

    layout: _Layout
    headers: list[str]  # the time columns' (one when stacked)
    times: list[int]  # the time columns' widths
    title: int  # the Session column's width
    fits: bool  # the title column is wide enough to be of use
    roomy: bool  # ...or wide enough for the table's columns to be kept
    lines: int  # the rows' (the headers' apart)
    header_lines: int


class _SessionList:
    def __init__(
        self,
        days: list[tuple[date, list[Session]]],
        zones: Sequence[ZoneInfo],
        conference_zone: ZoneInfo,
        now: datetime | None,
        picked: frozenset[str],
        changed: Marks | None = None,
    ) -> None:
        self.days = days
        self.zones = list(zones)
        self.labels = zone_labels(zones)
        self.marked = [is_conference_zone(zone, conference_zone) for zone in zones]
        self.rows = [
            _Row(
                session,
                day,
                _title(session, changed),
                _marks(session, now, picked, changed),
                index + 1 == len(members) or members[index + 1].start != session.start,
                _zone_cells(session, zones, day),
            )
            for day, members in days
            for index, session in enumerate(members)
        ]
        ids = (cell_len(printable(row.session.id)) for row in self.rows)
        self.id_width = max(cell_len(_("ID")), *ids)
        # A room's name can be long ('Saal Grace Hopper'): beyond 16 columns it is cut with '…'.
        widest = max(cell_len(printable(row.session.track_label)) for row in self.rows)
        self.track_width = min(max(cell_len(_("Track")), widest), _TRACK_WIDTH)

    def layouts(self) -> list[_Layout]:
        """The layouts worth weighing: a split only where a range has day marks, '(conf.)'
        under the name only where a zone is the conference's."""
        splits = any(len(cell) > 1 for row in self.rows for cell in row.times[True])
        return [
            layout
            for layout in _LAYOUTS
            if (splits or not layout.split) and (any(self.marked) or layout.inline)
        ]

    def headers(self, layout: _Layout) -> list[str]:
        """The time columns' headers: 'Bogotá', 'Paris (conf.)' or 'Paris' over '(conf.)';
        stacked, one line a zone in a single header."""
        between = " " if layout.inline else "\n"
        mark = conference_mark()
        names = [
            f"{label}{between}{mark}" if marked else label
            for label, marked in zip(self.labels, self.marked, strict=True)
        ]
        return ["\n".join(names)] if layout.stacked else names

    def plan(self, layout: _Layout, width: int) -> _Plan:
        headers = self.headers(layout)
        cells = [row.times[layout.split] for row in self.rows]
        if layout.stacked:
            columns = [[line for row in cells for cell in row for line in cell]]
        else:
            columns = [[line for row in cells for line in row[i]] for i in range(len(self.zones))]
        times = [
            max(cell_len(line) for line in [*column, *header.split("\n")])
            for column, header in zip(columns, headers, strict=True)
        ]
        others = [] if layout.stacked else [self.id_width, self.track_width]
        room = width - sum(times) - sum(others) - GAP * (len(times) + len(others))
        needs = max(row.needs(layout.stacked) for row in self.rows)
        title = min(needs, max(room, 4))
        count = sum if layout.stacked else max  # the lines of the time cells
        return _Plan(
            layout,
            headers,
            times,
            title=title,
            fits=room >= min(needs, MIN_TITLE),
            roomy=room >= min(needs, WIDE_TITLE),
            lines=sum(
                max(count(len(cell) for cell in row_cells), row.lines(layout.stacked, title))
                for row, row_cells in zip(self.rows, cells, strict=True)
            ),
            header_lines=max(1 + header.count("\n") for header in headers),
        )

    def choose(self, width: int) -> _Plan:
        """Of the layouts that keep the table's columns and leave titles room, else of those
        that fit, the one whose rows take the fewest lines, then whose header does (the
        earlier of two as long); where none fits, the one that leaves titles the most room."""
        plans = [self.plan(layout, width) for layout in self.layouts()]
        roomy = [plan for plan in plans if plan.roomy and not plan.layout.stacked]
        fitting = roomy or [plan for plan in plans if plan.fits]
        if fitting:
            return min(fitting, key=lambda plan: (plan.lines, plan.header_lines))
        return max(plans, key=lambda plan: plan.title)

    def tables(self, plan: _Plan, width: int) -> list[RenderableType]:
        def top(header: str) -> Text:  # Rich sets headers at the bottom of their row
            return Text(header + "\n" * (plan.header_lines - 1 - header.count("\n")))

        parts: list[RenderableType] = []
        rows = iter(self.rows)
        for day, members in self.days:
            table = Table(
                box=RULE, show_edge=False, pad_edge=False, collapse_padding=True, expand=False
            )
            for header, time_width in zip(plan.headers, plan.times, strict=True):
                table.add_column(top(header), width=time_width, no_wrap=True)
            if not plan.layout.stacked:
                table.add_column(top(_("ID")), width=self.id_width, no_wrap=True, style="cyan")
            table.add_column(top(_("Session")), width=plan.title, overflow="fold")
            if not plan.layout.stacked:
                table.add_column(
                    top(_("Track")),
                    width=self.track_width,
                    justify="right",
                    no_wrap=True,
                    style="dim",
                )
            for row in (next(rows) for _member in members):
                table.add_row(*self.cells(row, plan), end_section=row.ends_slot)
            parts.extend([_heading(day, self.zones, width), table, Text("")])
        return parts[:-1]

    def cells(self, row: _Row, plan: _Plan) -> list[Text]:
        stacked = plan.layout.stacked
        title = Text("\n").join(wrap(row.label(stacked), plan.title, row.marks))
        times = [Text("\n".join(cell), style=row.style) for cell in row.times[plan.layout.split]]
        if stacked:
            return [Text("\n", style=row.style).join(times), title]
        track = "" if row.session.is_break else printable(row.session.track_label)  # breaks span
        return [*times, Text(printable(row.session.id)), title, Text(track)]


_TRACK_WIDTH = 16


def _title(session: Session, changed: Marks | None) -> Text:
    """The title, dim for a break, struck through for a cancelled session."""
    cancelled = change_word(session.id, changed) == CANCELLED
    style = "dim" if session.is_break else ("strike" if cancelled else "")
    return Text(printable(session.display_title), style=style)


def _marks(
    session: Session, now: datetime | None, picked: frozenset[str], changed: Marks | None = None
) -> tuple[Text, ...]:
    marks = [Text(PICKED, style="bold yellow")] if session.id in picked else []
    word = change_word(session.id, changed)
    if word:
        marks.append(Text(f"[{change_label(word)}]", style="bold magenta"))
    if now is not None and session.start <= now < session.end and word != CANCELLED:
        marks.append(Text(now_mark(), style="bold green"))
    return tuple(marks)


def _heading(day: date, zones: Sequence[ZoneInfo], width: int) -> Text:
    """'Wed 17 Nov 2021', and the zones' names when they fit beside it."""
    heading = Text(day_heading(day), style="bold")
    names = "  " + " · ".join(zone.key for zone in zones)
    if heading.cell_len + cell_len(names) <= width:
        heading.append(names, style="dim")
    return heading


def session_list(
    sessions: Sequence[Session],
    zones: Sequence[ZoneInfo],
    conference_zone: ZoneInfo,
    *,
    width: int,
    day: date | None = None,
    now: datetime | None = None,
    picked: frozenset[str] = frozenset(),
    changed: Marks | None = None,
) -> RenderableType:
    """The sessions under the local dates of the first zone (or all under `day`), `width`
    columns wide at the most."""
    if not sessions:
        return Text("")
    days = [(day, list(sessions))] if day is not None else group_by_local_date(sessions, zones[0])
    view = _SessionList(days, zones, conference_zone, now, picked, changed)
    return Group(*view.tables(view.choose(width), width))
