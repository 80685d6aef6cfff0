"""Shell completion: the values a user can type next, with a short description each.

Typer calls these while the shell completes a word; they must be quick and must never
fail loudly (a broken programme simply completes nothing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..core.errors import OctopusError
from ..core.i18n import _
from ..core.models import Programme
from ..views.wording import sessions_count

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
    ordered = sorted(programme.sessions, key=lambda s: s.track)
    return _with_counts((s.track_label for s in ordered), incomplete)


def kinds(path: str | None, incomplete: str) -> Candidates:
    programme = _programme(path)
    if programme is None:
        return []
    return _with_counts(sorted(s.kind for s in programme.sessions), incomplete)


def tags(path: str | None, incomplete: str) -> Candidates:
    programme = _programme(path)
    if programme is None:
        return []
    found = sorted(tag for session in programme.sessions for tag in session.tags)
    return _with_counts(found, incomplete)


def _with_counts(values: Iterable[str], incomplete: str) -> Candidates:
    """Each value, in the order given, that starts with what was typed (any case), with
    how many sessions it selects."""
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    start = incomplete.casefold()
    return [(v, sessions_count(n)) for v, n in counts.items() if v.casefold().startswith(start)]


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
