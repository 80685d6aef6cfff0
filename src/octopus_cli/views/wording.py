"""The words octopus puts round the programme for people to read, in the active language:
durations and countdowns, octopus's own kinds of session, the marks of changed sessions.
Never for JSON or CSV, which keep their English values. No Rich here: plain output and
exports use these too."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from ..core.clock import format_duration
from ..core.i18n import _, ngettext


def N_(message: str) -> str:
    """Marks a message for translation where it is defined; `_` translates it where used."""
    return message


# octopus's own kinds (`core.choices.Kind`): shown translated (the catalogs have them from
# `Kind` itself). A programme's own kinds (a frab 'meeting') stay as it wrote them.
OWN_KINDS = frozenset(
    (
        N_("plenary"),
        N_("keynote"),
        N_("panel"),
        N_("workshop"),
        N_("talk"),
        N_("lightning-talks"),
        N_("outlook"),
        N_("conclusions"),
        N_("break"),
        N_("social"),
    )
)


def kind_label(kind: str) -> str:
    """'workshop' as people read it ('atelier', 'taller'); a programme's own kind as it is."""
    return _(kind) if kind in OWN_KINDS else kind


def change_label(word: str) -> str:
    """A kind of change, or a changed session's mark ('moved'), as people read it (JSON and
    CSV keep the English values of `core.changekinds`)."""
    labels = {
        "cancelled": _("cancelled"),
        "new": _("new"),
        "moved": _("moved"),
        "retitled": _("retitled"),
        "track": _("track"),
        "description": _("description"),
        "details": _("details"),
        "id": _("id"),
        "new track": _("new track"),
        "updated": _("updated"),
        "new id": _("new id"),
    }
    return labels.get(word, word)


def clauses(parts: Iterable[str]) -> str:
    """'moved: ...; track: 1 → 2': clauses one after the other ('; ' in English, with a
    no-break space before the semicolon in French)."""
    joined = ""
    for part in parts:
        joined = _("{first}; {second}").format(first=joined, second=part) if joined else part
    return joined


def now_mark() -> str:
    """After the title of a session running now."""
    return _("◀ now")


def conference_mark() -> str:
    """Beside (or under) the name of the conference's zone."""
    return _("(conf.)")


def day_mark(days: int) -> str:
    """' +1d' after a time on another day than the one shown; '' on the same day."""
    return " " + _("{days}d").format(days=f"{days:+d}") if days else ""


def time_left(delta: timedelta) -> str:
    """'1h 20m left': how long a session on now still runs."""
    return _("{duration} left").format(duration=format_duration(delta))


def sessions_count(count: int) -> str:
    """'1 session', '3 sessions'."""
    return ngettext("{count} session", "{count} sessions", count).format(count=count)
