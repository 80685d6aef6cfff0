"""What changed between two versions of a programme, as people and scripts read it: plain
lines, a JSON document (part of the versioned contract), CSV and a Rich table. Times are
in the viewer's zones, each change with the old and the new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..core import changekinds as kinds
from ..core.changes import ProgrammeDiff, SessionChange
from ..core.i18n import _, day_label, ngettext
from ..core.models import Programme, Session
from ..core.text import printable
from .formats import PICKED, envelope, session_record, time_range, to_csv, to_json
from .wording import change_label, clauses, kind_label

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from rich.console import RenderableType


@dataclass(frozen=True)
class Compared:
    """The two versions compared: where each came from, and the diff."""

    old: Programme
    new: Programme
    old_source: str  # a path, '@previous', or '@acknowledged' (`octopus changes`)
    new_source: str
    diff: ProgrammeDiff


def when(session: Session, zones: Sequence[ZoneInfo]) -> str:
    """'Wed 17 Nov 14:00–15:50', in each zone ('| '-joined), on the first zone's date."""
    day = session.start.astimezone(zones[0]).date()
    times = " | ".join(time_range(session, zone, day) for zone in zones)
    return f"{day_label(day, year=False)} {times}"


def _cut(text: str, most: int = 100) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _details(old: Session, new: Session) -> str:
    parts = []
    if old.kind != new.kind:
        kinds = {"old": kind_label(old.kind), "new": kind_label(new.kind)}
        parts.append(_("kind {old} → {new}").format(**kinds))
    if old.tags != new.tags:
        none = _("none")
        tags = {"old": ", ".join(old.tags) or none, "new": ", ".join(new.tags) or none}
        parts.append(_("tags {old} → {new}").format(**tags))
    if old.url != new.url:
        parts.append(_("link {url}").format(url=new.url) if new.url else _("link removed"))
    if old.label != new.label and not parts:
        labels = {"old": old.label or _("none"), "new": new.label or _("none")}
        parts.append(_("label {old} → {new}").format(**labels))
    return clauses(parts)


def change_lines(change: SessionChange, zones: Sequence[ZoneInfo]) -> list[tuple[str, str]]:
    """What changed, as (kind, text) pairs: ('moved', 'Wed 17 Nov 14:00–15:50 → ...'); the
    kind as it is (`wording.change_label` shows it), the text in the active language."""
    old, new = change.old, change.new
    if new is None:
        assert old is not None
        return [
            (
                kinds.CANCELLED,
                _("was {when}, {place}").format(when=when(old, zones), place=old.place),
            )
        ]
    if old is None:
        return [(kinds.NEW, f"{when(new, zones)}, {new.place}")]
    lines = []
    for kind in change.kinds:
        if kind == kinds.MOVED:
            text = f"{when(old, zones)} → {when(new, zones)}"
        elif kind == kinds.RETITLED:
            text = _('was "{title}"').format(title=old.display_title)
        elif kind == kinds.TRACK:
            text = f"{old.track_label} → {new.track_label}"
        elif kind == kinds.DESCRIPTION:
            text = (
                _('now "{description}"').format(description=_cut(new.description))
                if old.description != new.description
                else ""
            )
            if not text and old.persons != new.persons:
                speakers = ", ".join(new.persons) or _("none")
                text = _("speakers: {speakers}").format(speakers=speakers)
            if not text and old.agenda != new.agenda:
                count = len(new.agenda)
                text = ngettext("new agenda, {count} items", "new agenda, {count} items", count)
                text = text.format(count=count)
            text = text or _("new details")
        else:
            text = _details(old, new)
        lines.append((kind, text))
    if change.renamed:
        lines.append(("id", _("was {id} (found by its title)").format(id=old.id)))
    return lines


def _line(kind: str, text: str) -> str:
    """'moved: Wed 17 Nov 14:00–15:50 → ...'."""
    return _("{change}: {text}").format(change=change_label(kind), text=text)


def change_note(change: SessionChange, zones: Sequence[ZoneInfo]) -> str:
    """One line for `show`: 'moved: Wed 17 Nov 14:00–15:50 → ...; track: 1 → 2'."""
    return clauses(_line(kind, text) for kind, text in change_lines(change, zones))


# ---- plain --------------------------------------------------------------------------------


def diff_plain(
    compared: Compared,
    zones: Sequence[ZoneInfo],
    changes: Sequence[SessionChange],
    picked: frozenset[str] = frozenset(),
    since: str | None = None,
) -> str:
    """Each changed session, then what changed in it; a summary line last. `since` words
    the old version ('since you last looked') instead of naming both sources."""
    lines = []
    for change in changes:
        star = f"  {PICKED}" if change.id in picked else ""
        lines.append(f"{change.id}  {printable(change.session.display_title)}{star}")
        lines += [f"  {_line(kind, printable(text))}" for kind, text in change_lines(change, zones)]
    closing = summary(compared, zones, since)
    return "\n".join([*lines, "", closing] if lines else [closing]) + "\n"


def summary(compared: Compared, zones: Sequence[ZoneInfo], since: str | None = None) -> str:
    """'6 sessions changed from a.toml to b.toml: 2 moved, ... (times in Europe/Paris).'"""
    where = since or _("from {old} to {new}").format(
        old=compared.old_source, new=compared.new_source
    )
    diff = compared.diff
    if not diff:
        count = len(compared.new.sessions)
        sentence = ngettext(
            "No changes {where} ({count} session).", "No changes {where} ({count} sessions).", count
        )
        return sentence.format(where=where, count=count)
    count = len(diff.changes)
    names = " | ".join(zone.key for zone in zones)
    sentence = ngettext(
        "{count} session changed {where}: {changes} (times in {zones}).",
        "{count} sessions changed {where}: {changes} (times in {zones}).",
        count,
    )
    return sentence.format(count=count, where=where, changes=diff.summary(), zones=names)


# ---- JSON and CSV -------------------------------------------------------------------------


def _side(programme: Programme, source: str) -> dict[str, Any]:
    published = programme.conference.programme_version
    return {
        "source": source,
        "published": published.isoformat() if published else None,
        "sessions": len(programme.sessions),
    }


def diff_json(
    compared: Compared,
    zone: ZoneInfo,
    changes: Sequence[SessionChange],
    picked: frozenset[str] = frozenset(),
    **extra: Any,
) -> str:
    """The JSON contract of `diff` and `changes` (see the README)."""

    def record(session: Session | None) -> dict[str, Any] | None:
        return session_record(session, zone, picked) if session is not None else None

    entries = [
        {
            "id": change.id,
            "old_id": change.old_id,
            "changes": list(change.labels),
            "before": record(change.old),
            "after": record(change.new),
        }
        for change in changes
    ]
    document = envelope(
        compared.new,
        zone,
        old=_side(compared.old, compared.old_source),
        new=_side(compared.new, compared.new_source),
        changed=bool(compared.diff),
        summary=compared.diff.counts(),
        changes=entries,
        **extra,
    )
    return to_json(document)


CSV_FIELDS = (
    "id",
    "old_id",
    "changes",
    "title",
    "old_title",
    "old_start",
    "old_end",
    "start",
    "end",
    "old_track",
    "track",
)


def diff_csv(changes: Sequence[SessionChange], zone: ZoneInfo) -> str:
    """One row per changed session: what it was and what it is (empty where it is not)."""

    def row(change: SessionChange) -> list[object]:
        old, new = change.old, change.new
        return [
            change.id,
            change.old_id,
            ";".join(change.labels),
            new.display_title if new else None,
            old.display_title if old else None,
            old.start.astimezone(zone).isoformat() if old else None,
            old.end.astimezone(zone).isoformat() if old else None,
            new.start.astimezone(zone).isoformat() if new else None,
            new.end.astimezone(zone).isoformat() if new else None,
            old.track if old else None,
            new.track if new else None,
        ]

    return to_csv(CSV_FIELDS, (row(change) for change in changes))


# ---- a table on a terminal ----------------------------------------------------------------


def diff_table(
    changes: Sequence[SessionChange],
    zones: Sequence[ZoneInfo],
    picked: frozenset[str],
    *,
    width: int,
) -> RenderableType:
    """The session, then a row per change beside it: its kind, what it was and is."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(_("Session"), ratio=2, min_width=12, overflow="fold")
    table.add_column(_("Change"), no_wrap=width >= 60, style="bold magenta", overflow="fold")
    what = _("What ({zone})").format(zone=zones[0].key)
    table.add_column(what, ratio=3, min_width=12, overflow="fold")
    for change in changes:
        session = Text(change.id, style="cyan")
        session.append(" ")
        title = printable(change.session.display_title)
        session.append(title, style="strike" if change.new is None else "")
        if change.id in picked:
            session.append(f"  {PICKED}", style="bold yellow")
        lines = change_lines(change, zones)
        for index, (kind, text) in enumerate(lines):  # a row each: a kind beside its text
            first = session if index == 0 else Text("")
            table.add_row(
                first,
                change_label(kind),
                Text(printable(text)),
                end_section=index + 1 == len(lines),
            )
    return table
