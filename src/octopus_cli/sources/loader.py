"""Where a programme comes from: the bundled 2021 programme, a file or an http(s) URL, in
any format octopus reads (its own TOML, a frab/pentabarf schedule.xml, a frab/pretalx
schedule.json: recognised by content). Everything becomes a validated `Programme`, kept in
the content-keyed cache so the next run need not parse or validate it again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.errors import ProgrammeError
from ..core.i18n import _
from ..core.models import Programme
from .addresses import is_url
from .programme import (
    check_document,
    check_programme_text,
    decode_programme,
    default_programme_path,
    invalid_programme,
    read_programme_bytes,
)

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Source:
    """A programme's bytes, the name to report it by, and a note when the copy is old."""

    data: bytes
    name: str
    note: str | None = None


def read_source(
    source: str | Path | None,
    cache: Path | None,
    given_to: str = "--programme",
    *,
    now: datetime | None = None,
    refresh: bool = False,
    offline: bool = False,
) -> Source:
    """The bytes of the programme `source` names (None: the bundled one). A URL is fetched,
    or read from the cache while fresh (`offline`: always from the cache, for completion,
    which must never wait on a network)."""
    if isinstance(source, str) and is_url(source):
        return _fetched(source, cache, now, refresh=refresh, offline=offline)
    file = Path(source) if source is not None else default_programme_path()
    return Source(read_programme_bytes(file, given_to), str(file))


def _fetched(
    url: str, cache: Path | None, now: datetime | None, *, refresh: bool, offline: bool
) -> Source:
    from datetime import UTC

    from .frab import not_a_programme
    from .remote import fetch

    if cache is None:
        raise ProgrammeError(
            _("cannot fetch {url}: octopus has no cache directory to keep it").format(url=url)
        )
    moment = now or datetime.now(UTC)
    fetched = fetch(
        url, cache, now=moment, refresh=refresh, offline=offline, accept=not_a_programme
    )
    return Source(fetched.data, url, fetched.note)


def load_programme(
    source: str | Path | None = None,
    cache: Path | None = None,
    given_to: str = "--programme",
    *,
    now: datetime | None = None,
    refresh: bool = False,
    offline: bool = False,
) -> Programme:
    """Read and validate a programme; raise ProgrammeError listing all problems. `given_to`
    names where its path came from, for the hint when it cannot be read."""
    found = read_source(source, cache, given_to, now=now, refresh=refresh, offline=offline)
    return programme_from(found, cache)


def load_both(first: Source, second: Source, cache: Path | None) -> tuple[Programme, Programme]:
    """Two programmes (a diff's versions). Where the system can fork, the second is read
    and validated by a child process into the cache while this one does the first: a
    10,000-session TOML file takes about 0.6 s (TOML parsing and validation, pure Python),
    so two cold ones take half the time on two cores. The child only fills the cache;
    whatever goes wrong in it (an invalid file, a read-only home), this process then reads
    the second itself and reports what is wrong, as without the child."""
    import os

    child = None
    if cache is not None and hasattr(os, "fork") and first.data != second.data:
        child = os.fork()
        if child == 0:  # pragma: no cover - the child; its only trace is the cache entry
            try:
                programme_from(second, cache)
            finally:
                os._exit(0)
    try:
        earlier = programme_from(first, cache)
    finally:
        if child:
            os.waitpid(child, 0)
    return earlier, programme_from(second, cache)


def programme_from(source: Source, cache: Path | None) -> Programme:
    """The programme in `source`'s bytes: from the cache when these exact bytes were
    validated before by this octopus, else parsed, validated and cached."""
    if cache is None:
        return parse_source(source.data, source.name)
    from ..store.cache import load_cached, store

    cached = load_cached(cache, source.data, source.name)
    if cached is not None:
        return cached
    programme = parse_source(source.data, source.name)
    store(cache, source.data, programme)
    return programme


def parse_source(data: bytes, name: str) -> Programme:
    programme, problems = check_source(data, name)
    if programme is None or problems:
        raise invalid_programme(name, problems)
    return programme


def check_source(data: bytes, name: str) -> tuple[Programme | None, list[str]]:
    """Every problem of a programme in any format, and the programme when it was built.
    A published schedule that cannot be read at all raises its ProgrammeError."""
    document = read_document(data, name)
    if document is None:
        return check_programme_text(decode_programme(data, Path(name)), name)
    return check_document(document, name)


def read_document(data: bytes, name: str) -> dict[str, Any] | None:
    """A published schedule (frab XML or JSON) as a programme document with its rooms made
    fit for octopus (`separate_parallel_sessions`); None for octopus's own TOML."""
    from .frab import detect_format

    if detect_format(data) == "toml":
        return None
    from .frab import read_schedule

    document = read_schedule(data, name)
    separate_parallel_sessions(document, name)
    return document


def separate_parallel_sessions(document: dict[str, Any], name: str = "") -> None:
    """Give sessions that overlap in one room a track each, named as the room.

    Real schedules have them (two lightning talks at once in one hall, a slip of the
    organisers'); octopus's tracks never overlap, so that the grid has one block per cell.
    The room keeps its name on every one of its tracks, so `--track NAME` chooses them
    all; the room's extra tracks come right after it. A session takes the room's first
    free track (one pass in time order, with heaps: 20,000 sessions at once take no time).
    More than MAX_TRACKS tracks in all is one ProgrammeError."""
    import heapq

    sessions = document.get("sessions")
    conference = document.get("conference")
    if not isinstance(sessions, list) or not isinstance(conference, dict):
        return
    names = list(conference.get("tracks") or [])
    lanes: dict[int, list[list[dict[str, Any]]]] = {}  # per room: its lanes, each in order
    busy: dict[int, list[tuple[datetime, int]]] = {}  # per room: (end, lane) of busy lanes
    free: dict[int, list[int]] = {}  # per room: lanes free again
    ordered = sorted(
        (s for s in sessions if isinstance(s, dict) and _timed(s)),
        key=lambda s: (s["start"], s["end"]),
    )
    for session in ordered:
        track = session.get("track", 1)
        room = lanes.setdefault(track, [])
        ending = busy.setdefault(track, [])
        idle = free.setdefault(track, [])
        while ending and ending[0][0] <= session["start"]:
            heapq.heappush(idle, heapq.heappop(ending)[1])
        first_free = heapq.heappop(idle) if idle else len(room)
        if first_free == len(room):
            room.append([])
        room[first_free].append(session)
        heapq.heappush(ending, (session["end"], first_free))
    count = sum(max(len(lanes.get(n, ())), 1) for n in range(1, len(names) + 1))
    if count > MAX_TRACKS:
        raise ProgrammeError(
            _(
                "cannot read the schedule {source}: it needs {count} tracks (its rooms, and "
                "sessions at once in one room), more than the {most} octopus shows"
            ).format(source=name, count=count, most=MAX_TRACKS),
            hint=_(
                "The schedule's publisher can split it; octopus does not guess which "
                "sessions to leave out."
            ),
        )
    if all(len(room) <= 1 for room in lanes.values()):
        return
    new_names: list[str] = []
    for number, room_name in enumerate(names, start=1):
        for lane in lanes.get(number, [[]]):
            new_names.append(room_name)
            for session in lane:
                session["track"] = len(new_names)
    conference["tracks"] = new_names


MAX_TRACKS = 1000  # as the programme file's `track` allows


def _timed(session: dict[str, Any]) -> bool:
    start, end = session.get("start"), session.get("end")
    return isinstance(start, datetime) and isinstance(end, datetime) and start.tzinfo is not None
