"""Machine and plain-text output: JSON (a versioned contract), CSV and plain lines.

No Rich here: these formats are what scripts and pipes read, and they start fast."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..core.changekinds import Marks, change_word
from ..core.clock import format_duration
from ..core.i18n import _, day_label
from ..core.models import Programme, Session
from ..core.schedule import day_offset, group_by_local_date
from ..core.text import printable
from .wording import change_label, day_mark, kind_label

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from ..core.overlaps import Timed

JSON_VERSION = 1


# ---- times as people read them ----------------------------------------------------------


def day_heading(day: date) -> str:
    """'Wed 17 Nov 2021', 'mer. 17 nov. 2021', 'mié 17 nov 2021'."""
    return day_label(day)


def time_range(session: Timed, zone: ZoneInfo, reference: date) -> str:
    """'07:00–08:50' on the `reference` day; each end marked with its distance from that
    day when it lies on another: '23:00–00:50 +1d', '20:00 -1d–01:00', '01:00 +1d–02:00 +1d'.
    A session ending at midnight ends at '24:00' of its last day."""
    start = session.start.astimezone(zone)
    end = session.end.astimezone(zone)
    end_day = end.date()
    if end.time() == time() and end_day > start.date():
        end_text, end_day = "24:00", end_day - timedelta(days=1)
    else:
        end_text = f"{end:%H:%M}"
    start_mark = day_mark(day_offset(start, zone, reference))
    end_mark = day_mark((end_day - reference).days)
    return f"{start:%H:%M}{start_mark}–{end_text}{end_mark}"


def clock_range(session: Timed, zone: ZoneInfo, now: datetime) -> str:
    """`time_range` on the viewer's date in `zone` at `now`; a session more than a day away
    is shown with its date instead: 'Tue 16 Nov 13:00–18:00' (and its year when another)."""
    today = now.astimezone(zone).date()
    if session.start - now <= timedelta(days=1):
        return time_range(session, zone, today)
    day = session.start.astimezone(zone).date()
    return f"{day_label(day, year=day.year != today.year)} {time_range(session, zone, day)}"


def zone_columns(zones: Sequence[ZoneInfo], conference_zone: ZoneInfo) -> list[ZoneInfo]:
    """The display zones, then the conference zone when it is not among them."""
    return [*zones, conference_zone] if conference_zone not in zones else list(zones)


# The IANA spells its cities in ASCII; these are written as their people write them.
_ACCENTED = {
    "Asuncion": "Asunción",
    "Bahia_Banderas": "Bahía de Banderas",
    "Belem": "Belém",
    "Bogota": "Bogotá",
    "Cancun": "Cancún",
    "Chisinau": "Chișinău",
    "Ciudad_Juarez": "Ciudad Juárez",
    "Cuiaba": "Cuiabá",
    "Curacao": "Curaçao",
    "Galapagos": "Galápagos",
    "Lome": "Lomé",
    "Maceio": "Maceió",
    "Mazatlan": "Mazatlán",
    "Merida": "Mérida",
    "Noumea": "Nouméa",
    "Reykjavik": "Reykjavík",
    "Santarem": "Santarém",
    "Sao_Paulo": "São Paulo",
    "Sao_Tome": "São Tomé",
    "Tucuman": "Tucumán",
    "Zurich": "Zürich",
}


def zone_label(zone: ZoneInfo) -> str:
    """A zone as a column heading: its city ('America/Bogota' -> 'Bogotá',
    'America/Argentina/Buenos_Aires' -> 'Buenos Aires'), 'UTC', or 'UTC-5' for 'Etc/GMT+5'
    (the IANA's Etc names count the other way round)."""
    key = zone.key
    if key.startswith("Etc/GMT") and key[7:8] in ("+", "-"):
        hours = key[8:].lstrip("0")
        return f"UTC{'-' if key[7] == '+' else '+'}{hours}" if hours else "UTC"
    city = key.rsplit("/", 1)[-1]
    return _ACCENTED.get(city, city.replace("_", " "))


def zone_labels(zones: Sequence[ZoneInfo]) -> list[str]:
    """`zone_label` of each zone; their IANA names when two labels would read the same."""
    labels = [zone_label(zone) for zone in zones]
    return labels if len(set(labels)) == len(labels) else [zone.key for zone in zones]


def is_conference_zone(zone: ZoneInfo, conference_zone: ZoneInfo) -> bool:
    """Is this the zone the programme is published in, worth a '(conf.)' beside its name?
    (Not when the programme is in UTC: UTC is no place's own time.)"""
    return zone == conference_zone and zone.key != "UTC"


# ---- JSON ---------------------------------------------------------------------------------


PICKED = "★"  # marks a session in the user's agenda (ASCII terminals get '*')


def session_record(
    session: Session,
    zone: ZoneInfo,
    picked: frozenset[str] = frozenset(),
    changed: Marks | None = None,
) -> dict[str, Any]:
    return {
        "id": session.id,
        "label": session.label,
        "title": session.title,
        "kind": session.kind,
        "track": session.track,
        "track_name": session.track_name,
        "start": session.start.astimezone(zone).isoformat(),
        "end": session.end.astimezone(zone).isoformat(),
        "duration_minutes": int(session.duration.total_seconds() // 60),
        "tags": list(session.tags),
        "description": session.description,
        "agenda": list(session.agenda),
        "url": session.url,
        "subtitle": session.subtitle,
        "details": session.details,
        "persons": list(session.persons),
        "language": session.language,
        "links": [{"title": link.title, "url": link.url} for link in session.links],
        "picked": session.id in picked,
        "changes": list(changed.get(session.id, ())) if changed else [],
    }


def envelope(programme: Programme, zone: ZoneInfo, **content: Any) -> dict[str, Any]:
    """The shared top of every JSON document."""
    return {
        "version": JSON_VERSION,
        "programme": programme.as_dict(),
        "timezone": zone.key,
        **content,
    }


# JSON escapes C0 controls itself; these it would leave raw (C1 controls such as the CSI
# that starts escape sequences, bidirectional overrides), so they are escaped here.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def to_json(document: dict[str, Any], *, indented: bool | None = None) -> str:
    """The document as JSON text: indented on a terminal, for a person to read; on one line
    and in ASCII (other characters as \\u escapes) where a program reads it, a pipe or a
    file, as `gh` does: the same document, and for 1,000 sessions 15 ms of a 100 ms run
    saved. Either way no character that a terminal acts on is left raw. `indented` decides
    instead where the output is a file of the user's (an export: the same bytes always)."""
    import json

    if not (_on_terminal() if indented is None else indented):
        return json.dumps(document) + "\n"  # every character outside ASCII escaped
    from ..core.jsontext import dumps_indented

    text = dumps_indented(document)  # json.dumps(document, ensure_ascii=False, indent=2)
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def _on_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced, or closed
        return False


def sessions_json(
    programme: Programme,
    sessions: Sequence[Session],
    zone: ZoneInfo,
    picked: frozenset[str] = frozenset(),
    changed: Marks | None = None,
    *,
    indented: bool | None = None,
) -> str:
    records = [session_record(s, zone, picked, changed) for s in sessions]
    return to_json(envelope(programme, zone, sessions=records), indented=indented)


# ---- CSV ----------------------------------------------------------------------------------

CSV_FIELDS = (
    "id",
    "label",
    "title",
    "kind",
    "track",
    "start",
    "end",
    "duration_minutes",
    "tags",
    "description",
)


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (=, +, -, @ lead formulas)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV (RFC 4180, CRLF): text cells are never formulas, and control characters and
    bidirectional overrides in them are shown inert ('\\u202e'), as in every output."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            spreadsheet_safe(printable(v, keep_newlines=True))
            if isinstance(v, str)
            else ("" if v is None else v)
            for v in row
        )
    return buffer.getvalue()


def sessions_csv(sessions: Sequence[Session], zone: ZoneInfo) -> str:
    def row(session: Session) -> list[object]:
        record = session_record(session, zone)
        record["tags"] = ";".join(session.tags)
        return [record[field] for field in CSV_FIELDS]

    return to_csv(CSV_FIELDS, (row(session) for session in sessions))


# ---- plain text ---------------------------------------------------------------------------


def session_line(
    session: Session,
    zones: Sequence[ZoneInfo],
    reference: date,
    marks: str = "",
    picked: frozenset[str] = frozenset(),
    changed: Marks | None = None,
) -> str:
    times = [time_range(session, zone, reference) for zone in zones]
    return timed_line(session, times, marks, picked, changed)


def timed_line(
    session: Session,
    times: Sequence[str],
    marks: str = "",
    picked: frozenset[str] = frozenset(),
    changed: Marks | None = None,
) -> str:
    """'14:00–15:50 | 21:00–22:50  ws6  WS 6: …  ★  [moved]' and the marks: one session."""
    star = f"  {PICKED}" if session.id in picked else ""
    word = change_word(session.id, changed)
    star += f"  [{change_label(word)}]" if word else ""
    return f"{' | '.join(times)}  {session.id}  {printable(session.display_title)}{star}{marks}"


def sessions_plain(
    sessions: Sequence[Session],
    zones: Sequence[ZoneInfo],
    day: date | None = None,
    picked: frozenset[str] = frozenset(),
    changed: Marks | None = None,
) -> str:
    """Sessions under local-date headings of the first zone (or all under `day`)."""
    if not sessions:
        return ""
    groups = [(day, list(sessions))] if day is not None else group_by_local_date(sessions, zones[0])
    names = " | ".join(zone.key for zone in zones)
    blocks = []
    for heading, members in groups:
        lines = [f"{day_heading(heading)} ({names})"]
        lines += [session_line(s, zones, heading, "", picked, changed) for s in members]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def session_detail_plain(
    session: Session,
    zones: Sequence[ZoneInfo],
    parallel: Sequence[Session],
    picked: bool = False,
    change: str | None = None,
) -> str:
    lines = [printable(session.display_title), _("id: {id}").format(id=session.id)]
    if picked:
        lines.append(_("picked: yes, in your agenda"))
    if change:
        lines.append(_("changed: {change}").format(change=printable(change)))
    if session.subtitle:
        lines.append(_("subtitle: {subtitle}").format(subtitle=printable(session.subtitle)))
    kind, where = printable(kind_label(session.kind)), printable(session.place)
    lines.append(_("kind: {kind}, {place}").format(kind=kind, place=where))
    if session.persons:
        speakers = printable(", ".join(session.persons))
        lines.append(_("speakers: {speakers}").format(speakers=speakers))
    for zone in zones:
        day = session.start.astimezone(zone).date()
        when = _("when: {day} {time} ({zone})")
        lines.append(
            when.format(day=day_heading(day), time=time_range(session, zone, day), zone=zone.key)
        )
    lines.append(_("duration: {duration}").format(duration=format_duration(session.duration)))
    if session.tags:
        lines.append(_("tags: {tags}").format(tags=", ".join(session.tags)))
    if session.description:
        lines.append(_("about: {about}").format(about=printable(session.description)))
    if session.language:
        lines.append(_("language: {language}").format(language=printable(session.language)))
    if session.details:
        lines.append(_("details: {details}").format(details=printable(session.details)))
    if session.url:
        lines.append(_("link: {link}").format(link=printable(session.url)))
    lines += [
        _("link: {title} {url}").format(title=printable(link.title), url=printable(link.url))
        for link in session.links
    ]
    lines += [
        _("agenda {number}: {item}").format(number=n, item=printable(item))
        for n, item in enumerate(session.agenda, 1)
    ]
    lines += [
        _("in parallel: {id}  {title} ({place})").format(
            id=other.id, title=printable(other.display_title), place=printable(other.place)
        )
        for other in parallel
    ]
    return "\n".join(lines[:1] + ["  " + line for line in lines[1:]]) + "\n"
