"""Shell completion: the values a user can type next, with a short description each.

Typer calls these while the shell completes a word; they must be quick and must never
fail loudly (a broken programme simply completes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core.errors import OctopusError
from ..core.models import Programme

Candidates = list[tuple[str, str]]
_MAX_ZONES = 200


def _programme(path: Path | None) -> Programme | None:
    import os

    from ..sources.programme import load_programme
    from ..store.config import cache_dir

    try:
        return load_programme(path, cache=cache_dir(os.environ))
    except OctopusError:
        return None


def session_ids(path: Path | None, incomplete: str) -> Candidates:
    programme = _programme(path)
    if programme is None:
        return []
    start = incomplete.casefold()
    return [(s.id, s.display_title) for s in programme.sessions if s.id.startswith(start)]


def tracks(path: Path | None, incomplete: str) -> Candidates:
    programme = _programme(path)
    if programme is None:
        return []
    counts: dict[int, int] = {}
    for session in programme.sessions:
        counts[session.track] = counts.get(session.track, 0) + 1
    return [
        (str(track), f"{count} sessions")
        for track, count in sorted(counts.items())
        if str(track).startswith(incomplete)
    ]


def tags(path: Path | None, incomplete: str) -> Candidates:
    programme = _programme(path)
    if programme is None:
        return []
    counts: dict[str, int] = {}
    for session in programme.sessions:
        for tag in session.tags:
            counts[tag] = counts.get(tag, 0) + 1
    start = incomplete.casefold()
    return [(tag, f"{n} sessions") for tag, n in sorted(counts.items()) if tag.startswith(start)]


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
        for word, note in (("UTC", "universal time"), ("local", "this computer's zone"))
        if word.casefold().startswith(start)
    ]
    if not found:
        found = cities_starting(incomplete)
    return found[:_MAX_ZONES]


# The candidates each completer key offers (the declarations in `options.py` name a key).
COMPLETERS: dict[str, Callable[[Path | None, str], Candidates]] = {
    "ids": session_ids,
    "tracks": tracks,
    "tags": tags,
    "zones": lambda _programme, incomplete: zones(incomplete),
}
