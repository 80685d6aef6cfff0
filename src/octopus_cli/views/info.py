"""`octopus info`: the conference's facts as rows (table, plain, CSV) and as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime

from ..core.i18n import _, activate, active_language
from ..core.models import Programme
from ..core.text import printable
from .formats import JSON_VERSION, day_heading, to_csv
from .wording import kind_label, sessions_count

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any


def info_rows(programme: Programme) -> list[tuple[str, str]]:
    """The conference facts as (label, text) rows, for the table and plain output, in the
    active language."""
    c = programme.conference
    rows = [(_("Conference"), c.name)]
    if c.title:
        rows.append((_("Title"), c.title))
    span = {"first": day_heading(c.start_date), "last": day_heading(c.end_date)}
    dates = _("{first} to {last}, online") if c.online else _("{first} to {last}")
    rows.append((_("Dates"), dates.format(**span)))
    ends = programme.ends_at
    if ends is not None:
        at = _("{time} on {day}").format(time=f"{ends:%H:%M}", day=day_heading(ends.date()))
        rows.append((_("Ends"), at))
    rows.append((_("Programme times"), _("{zone} (wall clock)").format(zone=programme.zone.key)))
    if c.languages:
        rows.append((_("Languages"), ", ".join(c.languages)))
    if c.registration:
        r = c.registration
        opening = _("{opens} to {closes}, {where}")
        rows.append(
            (
                _("Registration"),
                opening.format(
                    opens=day_heading(r.opens), closes=day_heading(r.closes), where=r.where
                ),
            )
        )
    if c.participation:
        rows.append((_("Participation"), c.participation))
    for event in c.related_events:
        extra = ""
        if event.participation:
            extra = ", " + _("participation {participation}").format(
                participation=event.participation
            )
        relation = f" ({event.relation})" if event.relation else ""
        rows.append(
            (_("Related event"), f"{event.name}, {day_heading(event.date)}{relation}{extra}")
        )
    rows += [(_("Theme"), theme) for theme in c.themes]
    if c.organiser:
        o = c.organiser
        rows.append((_("Organiser"), ", ".join(p for p in (o.name, o.directorate, o.address) if p)))
        if o.phone:
            rows.append((_("Phone"), o.phone))
        if o.email:
            rows.append((_("E-mail"), o.email))
    if c.funders:
        project = f" ({c.project})" if c.project else ""
        rows.append((_("Funded by"), ", ".join(c.funders) + project))
    if c.url:
        rows.append((_("Web"), c.url))
    version = ""
    if c.programme_version:
        version = _("version of {day}").format(day=day_heading(c.programme_version))
    status = f" ({c.programme_status})" if c.programme_status else ""
    count = len(programme.sessions)
    sessions = sessions_count(count)
    rows.append((_("Programme"), f"{sessions}, {version}{status}".strip(", ")))
    rows.append((_("Tracks"), ", ".join(track_labels(programme))))
    kinds = sorted({s.kind for s in programme.sessions})
    rows.append((_("Kinds"), ", ".join(kind_label(k) for k in kinds)))
    tags = sorted({t for s in programme.sessions for t in s.tags})
    if tags:  # a published schedule may have none
        rows.append((_("Tags"), ", ".join(tags)))
    return rows


def track_labels(programme: Programme) -> list[str]:
    """The tracks in order, by name where they have one ('Saal 1'), each once."""
    ordered = sorted({(s.track, s.track_label) for s in programme.sessions})
    return list(dict.fromkeys(label for _track, label in ordered))


def info_csv(programme: Programme) -> str:
    """`info --format csv`: one row per fact, as `info` shows them."""
    language = active_language()  # CSV is for scripts: in English, whatever the language
    activate("en")
    try:
        rows = info_rows(programme)
    finally:
        activate(language)
    return to_csv(("field", "value"), rows)


def info_plain(programme: Programme) -> str:
    rows = info_rows(programme)
    width = max(len(label) for label, _text in rows)
    return "".join(f"{label:<{width}}  {printable(text)}\n" for label, text in rows)


def _iso(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def info_document(programme: Programme) -> dict[str, Any]:
    conference = json.loads(json.dumps(asdict(programme.conference), default=_iso))
    ends = programme.ends_at
    conference["ends_at"] = ends.isoformat() if ends is not None else None  # with its offset
    return {
        "version": JSON_VERSION,
        "programme": programme.as_dict(),
        "conference": conference,
        "sessions": len(programme.sessions),
        "tracks": sorted({s.track for s in programme.sessions}),
        "kinds": sorted({s.kind for s in programme.sessions}),
        "tags": sorted({t for s in programme.sessions for t in s.tags}),
    }
