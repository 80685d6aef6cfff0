"""The one session filter, shared by every command that selects sessions."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from .choices import Kind
from .clock import Window, parse_day
from .errors import InputError, NotFoundError
from .models import Programme, Session
from .schedule import overlaps_day

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class SessionFilter:
    """What to keep. Values of one option are alternatives (OR); options combine with AND."""

    ids: tuple[str, ...] = ()  # ids, labels ("WS 6") or patterns ("ws*")
    days: tuple[str, ...] = ()  # dates, weekday names or day numbers, as typed
    kinds: tuple[Kind, ...] = ()
    tracks: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    search: str | None = None
    include_breaks: bool = True
    between: Window | None = None
    picks: frozenset[str] | None = None  # only the user's agenda (`--agenda`)

    def describe(self) -> str | None:
        """What the filter keeps, in a few words ('ws6, ws8', 'track 2, workshop'), or None
        when it keeps everything."""
        parts = [", ".join(self.ids)] if self.ids else []
        if self.picks is not None:
            parts.append("my agenda")
        parts += [f"day {day}" for day in self.days]
        parts += [kind.value for kind in self.kinds]
        parts += [f"track {track}" for track in self.tracks]
        parts += [f"#{tag}" for tag in self.tags]
        if self.search:
            parts.append(f"'{self.search}'")
        if self.between:
            parts.append(f"{self.between.start:%H:%M}-{self.between.end:%H:%M}")
        return ", ".join(parts) or None


def normalise_id(text: str) -> str:
    """'WS 6' -> 'ws6', ' Outlook 2 ' -> 'outlook2': the form ids and labels are compared in."""
    return "".join(text.split()).casefold()


def _names(session: Session) -> set[str]:
    names = {session.id}
    if session.label:
        names.add(normalise_id(session.label))
        # 'Workshop 10' is also known as 'ws10'
        if session.id.startswith("ws") and normalise_id(session.label).startswith("workshop"):
            names.add("ws" + normalise_id(session.label).removeprefix("workshop"))
    return names


def match_ids(programme: Programme, patterns: Iterable[str]) -> list[Session]:
    """Sessions named by ids, labels or glob patterns, in programme order.

    A name or pattern that matches nothing raises NotFoundError with the closest ids."""
    wanted: set[str] = set()
    for pattern in patterns:
        key = normalise_id(pattern)
        if not key:
            raise InputError(
                "empty session id", "Give an id such as ws6; 'octopus list' shows them."
            )
        found = [
            s.id
            for s in programme.sessions
            if any(fnmatch.fnmatchcase(name, key) for name in _names(s))
        ]
        if not found:
            raise _unknown(programme, pattern, key)
        wanted.update(found)
    return [s for s in programme.sessions if s.id in wanted]


def find_session(programme: Programme, name: str) -> Session:
    """Exactly one session, by id or label."""
    matches = match_ids(programme, [name])
    if len(matches) > 1:
        raise InputError(
            f"'{name}' matches {len(matches)} sessions: " + ", ".join(s.id for s in matches[:8]),
            "Name one session.",
        )
    return matches[0]


def _unknown(programme: Programme, pattern: str, key: str) -> NotFoundError:
    names = sorted({name for s in programme.sessions for name in _names(s)})
    from difflib import get_close_matches  # only when something is not found

    close = get_close_matches(key, names, n=3, cutoff=0.5)
    if any(c in key for c in "*?["):
        return NotFoundError(
            f"no session matches '{pattern}'", "Run 'octopus list' to see the session ids."
        )
    hint = ("Did you mean " + " or ".join(close) + "? ") if close else ""
    return NotFoundError(f"unknown session '{pattern}'", hint + "Run 'octopus list' to see ids.")


def resolve_day(programme: Programme, spec: str, today: date) -> date:
    """A `--day` value: a day number of the conference (1, 2, 3), a weekday name of one of
    its days (wed, Thursday), or any date form `--date` takes."""
    days = programme.conference.days
    raw = spec.strip()
    if raw.isdigit() and len(raw) <= 2:
        number = int(raw)
        if 1 <= number <= len(days):
            return days[number - 1]
        raise InputError(
            f"--day: the conference has no day {number}",
            f"Day numbers run from 1 to {len(days)}; dates and weekday names work too.",
        )
    folded = raw.casefold()
    if len(folded) >= 3 and any(w.startswith(folded) for w in _WEEKDAYS):
        matching = [d for d in days if _WEEKDAYS[d.weekday()].startswith(folded)]
        if matching:
            return matching[0]
        names = ", ".join(f"{d:%a %d %b}" for d in days)
        raise InputError(f"--day: the conference has no {raw}", f"Its days are {names}.")
    return parse_day(raw, today, what="--day")


def select(
    programme: Programme, wanted: SessionFilter, zone: ZoneInfo, today: date
) -> list[Session]:
    """The sessions that pass every criterion, in programme order."""
    named = match_ids(programme, wanted.ids) if wanted.ids else None
    days = [resolve_day(programme, spec, today) for spec in wanted.days]
    tags = _check_tags(programme, wanted.tags)
    tracks = _check_tracks(programme, wanted.tracks)
    needle = wanted.search.casefold() if wanted.search else None
    keep_breaks = (
        wanted.include_breaks
        or Kind.BREAK in wanted.kinds
        or bool(wanted.ids)
        or wanted.picks is not None
    )

    chosen = []
    for session in named if named is not None else programme.sessions:
        if wanted.picks is not None and session.id not in wanted.picks:
            continue
        if session.is_break and not keep_breaks:
            continue
        if wanted.kinds and session.kind not in wanted.kinds:
            continue
        if tracks and session.track not in tracks:
            continue
        if tags and not tags.intersection(session.tags):
            continue
        if needle is not None and needle not in _haystack(session):
            continue
        if days and not any(overlaps_day(session, day, zone) for day in days):
            continue
        if wanted.between and not wanted.between.contains(
            session.start.astimezone(zone), session.end.astimezone(zone)
        ):
            continue
        chosen.append(session)
    return chosen


def _haystack(session: Session) -> str:
    parts = [session.id, session.title, session.label or "", session.description, *session.agenda]
    return "\n".join(parts).casefold()


def _check_tags(programme: Programme, tags: Sequence[str]) -> set[str]:
    known = {tag for s in programme.sessions for tag in s.tags}
    chosen = {tag.strip().casefold() for tag in tags}
    for tag in sorted(chosen - known):
        from difflib import get_close_matches  # only when something is not found

        close = get_close_matches(tag, sorted(known), n=3, cutoff=0.5)
        hint = ("Did you mean " + " or ".join(close) + "? ") if close else ""
        raise InputError(
            f"--tag: no session has the tag '{tag}'", hint + "'octopus info' lists tags."
        )
    return chosen


def _check_tracks(programme: Programme, tracks: Sequence[int]) -> set[int]:
    known = sorted({s.track for s in programme.sessions})
    for track in tracks:
        if track not in known:
            raise InputError(
                f"--track: the programme has no track {track}",
                "Its tracks are " + ", ".join(str(t) for t in known) + ".",
            )
    return set(tracks)
