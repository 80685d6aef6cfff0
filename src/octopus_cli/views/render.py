"""Rich output for people at a terminal. Data reaches Rich only as `Text` (never markup),
after control characters are made visible."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.changekinds import Marks, change_word
from ..core.clock import format_duration
from ..core.i18n import _
from ..core.models import Programme, Session
from ..core.text import printable
from .formats import PICKED, day_heading, is_conference_zone, time_range, zone_label
from .wording import change_label, conference_mark, kind_label

if TYPE_CHECKING:
    from ..core.clashes import Clash
    from .moments import MomentRow


def _t(text: str, style: str = "") -> Text:
    return Text(printable(text), style=style)


def _title(session: Session, picked: frozenset[str], changed: Marks | None = None) -> Text:
    title = _t(session.display_title)
    if session.id in picked:
        title.append(f"  {PICKED}", style="bold yellow")
    word = change_word(session.id, changed)
    if word:
        title.append(f"  [{change_label(word)}]", style="bold magenta")
    return title


def _zone_header(zone: ZoneInfo, conference_zone: ZoneInfo) -> str:
    """A time column's header: the zone's city ('Bogotá'), 'Paris (conf.)' for the
    conference's."""
    label = zone_label(zone)
    return f"{label} {conference_mark()}" if is_conference_zone(zone, conference_zone) else label


def session_detail(
    programme: Programme,
    session: Session,
    zones: Sequence[ZoneInfo],
    parallel: Sequence[Session],
    picked: bool = False,
    change: str | None = None,
) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(_("Session"), _t(session.display_title, "bold"))
    grid.add_row(_("ID"), _t(session.id, "cyan"))
    if picked:
        grid.add_row(_("Picked"), _t(_("{star} in your agenda").format(star=PICKED), "bold yellow"))
    if change:
        grid.add_row(_("Changed"), _t(change, "bold magenta"))
    if session.subtitle:
        grid.add_row(_("Subtitle"), _t(session.subtitle))
    grid.add_row(_("Kind"), _t(kind_label(session.kind)))
    grid.add_row(_("Track"), _t(session.track_label))
    if session.persons:
        grid.add_row(_("Speakers"), _t(", ".join(session.persons)))
    for zone in zones:
        day = session.start.astimezone(zone).date()
        grid.add_row(
            _("When"), _t(f"{day_heading(day)}  {time_range(session, zone, day)}  {zone.key}")
        )
    grid.add_row(_("Duration"), _t(format_duration(session.duration)))
    if session.tags:
        grid.add_row(_("Tags"), _t(", ".join(session.tags)))
    if session.description:
        grid.add_row(_("About"), _t(session.description))
    if session.language:
        grid.add_row(_("Language"), _t(session.language))
    if session.details:
        grid.add_row(_("Details"), _t(session.details))
    if session.url:
        grid.add_row(_("Link"), _t(session.url))
    for link in session.links:
        grid.add_row(_("Link"), _t(f"{link.title}  {link.url}"))
    if session.agenda:
        agenda = Text()
        for number, item in enumerate(session.agenda, start=1):
            agenda.append(f"{number}. ")
            agenda.append(printable(item))
            if number < len(session.agenda):
                agenda.append("\n")
        grid.add_row(_("Agenda"), agenda)
    if parallel:
        lines = Text()
        for index, other in enumerate(parallel):
            lines.append(f"{other.id}", style="cyan")
            lines.append(f"  {printable(other.display_title)} ({printable(other.place)})")
            if index + 1 < len(parallel):
                lines.append("\n")
        grid.add_row(_("In parallel"), lines)
    return grid


def info_table(rows: Sequence[tuple[str, str]]) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for key, value in rows:
        grid.add_row(key, _t(value))
    return grid


def now_view(
    rows: Sequence[MomentRow],
    now: datetime,
    zones: Sequence[ZoneInfo],
    conference_zone: ZoneInfo,
    picked: frozenset[str] = frozenset(),
    *,
    width: int = 80,
    labels: bool = True,
    note: str | None = None,
    heading: str | None = None,
    changed: Marks | None = None,
) -> RenderableType:
    """What is on and what comes next, one time column per zone, a rule after each slot.
    `labels`: a first column saying 'now' or 'next'; `note` (a sentence) and `heading` go
    above. Where a full row does not fit, times and countdowns stack beside the title."""
    from .moments import row_times

    times = [row_times(row, zones, now) for row in rows]
    headers = [_zone_header(zone, conference_zone) for zone in zones]
    widths = [max(cell_len(h), *(cell_len(t[i]) for t in times)) for i, h in enumerate(headers)]
    widths += [max(len(row.session.id) for row in rows), max(cell_len(row.when) for row in rows)]
    now_word, next_word = _("now"), _("next")
    label_width = max(cell_len(now_word), cell_len(next_word)) + 2
    # A full row: the label, the times, id and countdown, and 28 columns for the title.
    compact = width < (label_width if labels else 0) + sum(w + 2 for w in widths) + 28
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    if compact:
        table.add_column(" / ".join(headers), overflow="fold")
        table.add_column(_("Session"), ratio=1, min_width=10, overflow="fold")
    else:
        if labels:
            table.add_column("", no_wrap=True)
        for header in headers:
            table.add_column(header, no_wrap=True)
        table.add_column(_("ID"), no_wrap=True, style="cyan")
        table.add_column(_("Session"), ratio=1, min_width=12, overflow="fold")
        table.add_column("", no_wrap=True)
    for row, row_time in zip(rows, times, strict=True):
        session = row.session
        style = "dim" if session.is_break else ""
        label = Text(now_word, style="bold green") if row.on_now else Text(next_word, style="bold")
        if compact:
            stacked = Text("\n".join(row_time), style=style)
            if labels:
                stacked = Text.assemble(label, "\n", stacked)
            title = Text(session.id, style="cyan")
            title.append(" ")
            title.append_text(_title(session, picked, changed))
            title.append("\n" + row.when, style="dim")
            table.add_row(stacked, title, end_section=row.ends_slot)
            continue
        cells: list[RenderableType] = [label] if labels else []
        cells += [Text(t, style=style) for t in row_time]
        cells += [_t(session.id), _title(session, picked, changed), Text(row.when)]
        table.add_row(*cells, end_section=row.ends_slot)
    above = [_t(note)] if note else []
    above += [_t(heading, "bold")] if heading else []
    return Group(*above, table) if above else table


def clashes_table(
    clashes: Sequence[Clash], zones: Sequence[ZoneInfo], *, width: int
) -> RenderableType:
    from .clash_report import clash_amount, clashes_plain, item_name, item_when

    if width < 60:  # too narrow for three columns: the plain lines, wrapped between words
        return Text(clashes_plain(clashes, zones).rstrip("\n"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    wide = width >= 70 and len(zones) == 1
    when = _("When ({zone})").format(zone=zones[0].key)
    table.add_column(when, no_wrap=wide, overflow="fold")
    table.add_column(_("Session or event"), ratio=1, min_width=12, overflow="fold")
    table.add_column(_("Clash"), no_wrap=width >= 70, style="bold red", overflow="fold")
    for clash in clashes:
        # One row per item, so each time stays beside its own title when titles wrap.
        table.add_row(
            Text(item_when(clash.first, zones)), Text(item_name(clash.first)), clash_amount(clash)
        )
        table.add_row(
            Text(item_when(clash.second, zones)),
            Text(item_name(clash.second)),
            "",
            end_section=True,
        )
    return table
