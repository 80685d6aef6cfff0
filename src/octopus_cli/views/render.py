"""Rich output for people at a terminal. Data reaches Rich only as `Text` (never markup),
after control characters are made visible."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.clock import format_duration
from ..core.models import Programme, Session
from ..core.schedule import group_by_local_date
from ..core.text import printable
from .formats import PICKED, countdown, day_heading, time_range

if TYPE_CHECKING:
    from ..core.clashes import Clash


def _t(text: str, style: str = "") -> Text:
    return Text(printable(text), style=style)


def _title(session: Session, picked: frozenset[str]) -> Text:
    title = _t(session.display_title)
    if session.id in picked:
        title.append(f"  {PICKED}", style="bold yellow")
    return title


def _zone_header(zone: ZoneInfo, conference_zone: ZoneInfo) -> str:
    return f"{zone.key} (conf.)" if zone == conference_zone and zone.key != "UTC" else zone.key


def sessions_tables(
    programme: Programme,
    sessions: Sequence[Session],
    zones: Sequence[ZoneInfo],
    *,
    width: int,
    day: date | None = None,
    now: datetime | None = None,
    picked: frozenset[str] = frozenset(),
) -> RenderableType:
    """One table per local date of the first zone; parallel sessions share a slot section.

    Below the width a full row needs, times stack in one column and the id joins the title."""
    compact = width < 16 * len(zones) + 48
    groups = [(day, list(sessions))] if day is not None else group_by_local_date(sessions, zones[0])
    parts: list[RenderableType] = []
    for heading, members in groups:
        title = Text(day_heading(heading), style="bold")
        shown = zones if compact else zones[:1]
        title.append("  " + " / ".join(z.key for z in shown), style="dim")
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        if compact:
            table.add_column("Time", overflow="fold")
            table.add_column("Session", ratio=1, min_width=10, overflow="fold")
        else:
            for zone in zones:
                table.add_column(_zone_header(zone, programme.zone), no_wrap=True)
            table.add_column("ID", no_wrap=True, style="cyan")
            table.add_column("Session", ratio=1, min_width=12, overflow="fold")
            table.add_column("Track", justify="right")
        for index, session in enumerate(members):
            last_in_slot = index + 1 == len(members) or members[index + 1].start != session.start
            style = "dim" if session.is_break else ""
            times = [time_range(session, zone, heading) for zone in zones]
            title_text = _title(session, picked)
            title_text.stylize(style)
            if now is not None and session.start <= now < session.end:
                title_text.append("  ◀ now", style="bold green")
            if compact:
                label = Text(session.id, style="cyan")
                label.append(" ")
                label.append_text(title_text)
                table.add_row(Text("\n".join(times), style=style), label, end_section=last_in_slot)
            else:
                table.add_row(
                    *(Text(t, style=style) for t in times),
                    _t(session.id),
                    title_text,
                    Text(str(session.track), style="dim"),
                    end_section=last_in_slot,
                )
        parts.extend([title, table, Text("")])
    return Group(*parts[:-1]) if parts else Text("")


def session_detail(
    programme: Programme, session: Session, zones: Sequence[ZoneInfo], parallel: Sequence[Session]
) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row("Session", _t(session.display_title, "bold"))
    grid.add_row("ID", _t(session.id, "cyan"))
    grid.add_row("Kind", _t(session.kind.value))
    grid.add_row("Track", _t(str(session.track)))
    for zone in zones:
        day = session.start.astimezone(zone).date()
        grid.add_row(
            "When", _t(f"{day_heading(day)}  {time_range(session, zone, day)}  {zone.key}")
        )
    grid.add_row("Duration", _t(format_duration(session.duration)))
    if session.tags:
        grid.add_row("Tags", _t(", ".join(session.tags)))
    if session.description:
        grid.add_row("About", _t(session.description))
    if session.url:
        grid.add_row("Link", _t(session.url))
    if session.agenda:
        agenda = Text()
        for number, item in enumerate(session.agenda, start=1):
            agenda.append(f"{number}. ")
            agenda.append(printable(item))
            if number < len(session.agenda):
                agenda.append("\n")
        grid.add_row("Agenda", agenda)
    if parallel:
        lines = Text()
        for index, other in enumerate(parallel):
            lines.append(f"{other.id}", style="cyan")
            lines.append(f"  {printable(other.display_title)} (track {other.track})")
            if index + 1 < len(parallel):
                lines.append("\n")
        grid.add_row("In parallel", lines)
    return grid


def info_table(rows: Sequence[tuple[str, str]]) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for key, value in rows:
        grid.add_row(key, _t(value))
    return grid


def now_view(
    current: Sequence[Session],
    following: Sequence[Session],
    now: datetime,
    zone: ZoneInfo,
    picked: frozenset[str] = frozenset(),
    *,
    width: int = 80,
) -> RenderableType:
    """What is on and what comes next; below 60 columns, times and countdowns stack beside
    the title instead of being cut."""
    compact = width < 60
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    today = now.astimezone(zone).date()
    rows = [
        (
            Text("now", style="bold green"),
            session,
            f"{format_duration(now - session.start)} in, {format_duration(session.end - now)} left",
        )
        for session in current
    ]
    rows += [(Text("next", style="bold"), s, countdown(now, s.start)) for s in following]
    if compact:
        table.add_column(zone.key, overflow="fold")
        table.add_column("Session", ratio=1, min_width=10, overflow="fold")
        for label, session, when in rows:
            stacked = label.copy()
            stacked.append("\n" + time_range(session, zone, today))
            title = Text(session.id, style="cyan")
            title.append(" ")
            title.append_text(_title(session, picked))
            title.append("\n" + when, style="dim")
            table.add_row(stacked, title)
        return table
    table.add_column("", no_wrap=True)
    table.add_column(zone.key, no_wrap=True)
    table.add_column("ID", no_wrap=True, style="cyan")
    table.add_column("Session", ratio=1, min_width=12, overflow="fold")
    table.add_column("", no_wrap=True)
    for label, session, when in rows:
        table.add_row(
            label,
            Text(time_range(session, zone, today)),
            _t(session.id),
            _title(session, picked),
            Text(when),
        )
    return table


def clashes_table(clashes: Sequence[Clash], zone: ZoneInfo, *, width: int) -> RenderableType:
    from .formats import clash_amount, clashes_plain, item_name, item_when

    if width < 60:  # too narrow for three columns: the plain lines, wrapped between words
        return Text(clashes_plain(clashes, zone).rstrip("\n"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(f"When ({zone.key})", no_wrap=width >= 70, overflow="fold")
    table.add_column("Session or event", ratio=1, min_width=12, overflow="fold")
    table.add_column("Clash", no_wrap=width >= 70, style="bold red", overflow="fold")
    for clash in clashes:
        # One row per item, so each time stays beside its own title when titles wrap.
        table.add_row(
            Text(item_when(clash.first, zone)), Text(item_name(clash.first)), clash_amount(clash)
        )
        table.add_row(
            Text(item_when(clash.second, zone)), Text(item_name(clash.second)), "", end_section=True
        )
    return table
