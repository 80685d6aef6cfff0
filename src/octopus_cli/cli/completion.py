"""Shell completion: the values a user can type next, with a short description each.

Typer calls these while the shell completes a word; they must be quick and must never
fail loudly (a broken programme simply completes nothing)."""

from __future__ import annotations

from collections.abc import Callable

from ..core.errors import OctopusError
from ..core.i18n import _, ngettext
from ..core.models import Programme

Candidates = list[tuple[str, str]]
_MAX_ZONES = 200


def _programme(path: str | None) -> Programme | None:
    import os

    from ..sources.loader import load_programme
    from ..store.config import cache_dir

    try:
        # A URL's copy from the cache only: a shell waiting on a network would freeze.
        return load_programme(path, cache=cache_dir(os.environ), offline=True)
    except OctopusError:
        return None


def session_ids(path: str | None, incomplete: str) -> Candidates:
    programme = _programme(path)
    if programme is None:
        return []
    start = incomplete.casefold()
    return [(s.id, s.display_title) for s in programme.sessions if s.id.startswith(start)]


def tracks(path: str | None, incomplete: str) -> Candidates:
    """Track numbers, or the rooms' names when the programme names its tracks."""
    programme = _programme(path)
    if programme is None:
        return []
    counts: dict[str, int] = {}
    for session in sorted(programme.sessions, key=lambda s: s.track):
        counts[session.track_label] = counts.get(session.track_label, 0) + 1
    start = incomplete.casefold()
    return [
        (track, _sessions(count))
        for track, count in counts.items()
        if track.casefold().startswith(start)
    ]


def kinds(path: str | None, incomplete: str) -> Candidates:
    programme = _programme(path)
    if programme is None:
        return []
    counts: dict[str, int] = {}
    for session in programme.sessions:
        counts[session.kind] = counts.get(session.kind, 0) + 1
    start = incomplete.casefold()
    return [(kind, _sessions(n)) for kind, n in sorted(counts.items()) if kind.startswith(start)]


def tags(path: str | None, incomplete: str) -> Candidates:
    programme = _programme(path)
    if programme is None:
        return []
    counts: dict[str, int] = {}
    for session in programme.sessions:
        for tag in session.tags:
            counts[tag] = counts.get(tag, 0) + 1
    start = incomplete.casefold()
    return [(tag, _sessions(n)) for tag, n in sorted(counts.items()) if tag.startswith(start)]


def _sessions(count: int) -> str:
    """'12 sessions': how many sessions a completed value selects."""
    return ngettext("{count} session", "{count} sessions", count).format(count=count)


def zones(incomplete: str) -> Candidates:
    """IANA names starting with what was typed (any case), then UTC and local, then cities
    (`tok` offers `tokyo`, which `--tz` takes, described by its zone)."""
    from zoneinfo import available_timezones

    from ..core.timezones import cities_starting

    start = incomplete.casefold()
    names = sorted(name for name in available_timezones() if "/" in name)
    found = [(name, "") for name in names if name.casefold().startswith(start)]
    found += [
        (word, note)
        for word, note in (("UTC", _("universal time")), ("local", _("this computer's zone")))
        if word.casefold().startswith(start)
    ]
    if not found:
        found = cities_starting(incomplete)
    return found[:_MAX_ZONES]


# The candidates each completer key offers (the declarations in `options.py` name a key).
COMPLETERS: dict[str, Callable[[str | None, str], Candidates]] = {
    "ids": session_ids,
    "tracks": tracks,
    "kinds": kinds,
    "tags": tags,
    "zones": lambda _programme, incomplete: zones(incomplete),
}
