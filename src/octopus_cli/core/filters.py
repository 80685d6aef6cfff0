"""The one session filter, shared by every command that selects sessions."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from .choices import Kind
from .clock import Window, day_forms, parse_day
from .errors import InputError, NotFoundError, did_you_mean
from .i18n import _, day_label, month_label, ngettext
from .models import Programme, Session
from .schedule import local_dates, overlaps_day
from .text import searchable
from .weekdays import plain, weekday_name, weekday_of, weekdays_name


@dataclass(frozen=True)
class SessionFilter:
    """What to keep. Values of one option are alternatives (OR); options combine with AND."""

    ids: tuple[str, ...] = ()  # ids, labels ("WS 6") or patterns ("ws*")
    days: tuple[str, ...] = ()  # day numbers, weekday names or dates, as typed (`resolve_day`)
    kinds: tuple[str, ...] = ()  # octopus's kinds or the programme's own, any case
    tracks: tuple[str, ...] = ()  # track numbers or names ('2', 'Saal 1'), any case
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
            parts.append(_("my agenda"))
        parts += [_("day {day}").format(day=day) for day in self.days]
        parts += list(self.kinds)
        parts += [
            _("track {number}").format(number=track) if track.isdigit() else track
            for track in self.tracks
        ]
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
                _("empty session id"), _("Give an id such as ws6; 'octopus list' shows them.")
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
            _("'{name}' matches {count} sessions: {ids}").format(
                name=name, count=len(matches), ids=", ".join(s.id for s in matches[:8])
            ),
            _("Name one session."),
        )
    return matches[0]


def _unknown(programme: Programme, pattern: str, key: str) -> NotFoundError:
    names = sorted({name for s in programme.sessions for name in _names(s)})
    from difflib import get_close_matches  # only when something is not found

    close = get_close_matches(key, names, n=3, cutoff=0.5)
    if any(c in key for c in "*?["):
        return NotFoundError(
            _("no session matches '{pattern}'").format(pattern=pattern),
            _("Run 'octopus list' to see the session ids."),
        )
    words = searchable(pattern.strip())
    found = [s.id for s in programme.sessions if words and words in _haystack(s)]
    if found and not close:
        # Words, not an id: say where they are, and how to search for them.
        where = ", ".join(found[:5])
        if len(found) > 5:
            where = _("{ids} and {count} more").format(ids=where, count=len(found) - 5)
        from shlex import quote

        hint = _("'{words}' is in {where}. Search with: {command}").format(
            words=pattern.strip(),
            where=where,
            command=f"octopus list --search {quote(pattern.strip())}",
        )
        return NotFoundError(_("no session has the id '{pattern}'").format(pattern=pattern), hint)
    hint = _("Run 'octopus list' to see ids.")
    if close:
        hint = f"{did_you_mean(close)} {hint}"
    return NotFoundError(_("unknown session '{pattern}'").format(pattern=pattern), hint)


def programme_days(programme: Programme, zone: ZoneInfo) -> list[date]:
    """The viewer's local dates (in `zone`) on which the programme has sessions, in order:
    what day numbers count and weekday names pick from. A programme without sessions has
    the conference's own dates."""
    if not programme.sessions:
        return list(programme.conference.days)
    return session_days(programme.sessions, zone)


def session_days(sessions: Iterable[Session], zone: ZoneInfo) -> list[date]:
    """Every local date in `zone` that some session runs on (one crossing midnight: two)."""
    return sorted({day for session in sessions for day in local_dates(session, zone)})


def describe_days(days: Sequence[date], zone: ZoneInfo) -> str:
    """'In Asia/Manila the conference runs on Tue 16 – Fri 19 Nov; day numbers 1–4.'"""
    if not days:
        return _("In {zone} the conference has no days.").format(zone=zone.key)
    first, last = days[0], days[-1]
    if len(days) == 1:
        return _("In {zone} the conference runs on {day}; day number 1.").format(
            zone=zone.key, day=_day_text(first)
        )
    if (last - first).days + 1 == len(days):  # one run of dates
        year = first.year != last.year
        month = year or first.month != last.month
        start = day_label(first, year=year)
        if not month:  # 'Tue 16 – Fri 19 Nov': the month once
            start = start.removesuffix(f" {month_label(first)}")
        dates = f"{start} – {_day_text(last, year)}"
    else:
        dates = ", ".join(_day_text(day) for day in days)
    return _("In {zone} the conference runs on {dates}; day numbers 1–{count}.").format(
        zone=zone.key, dates=dates, count=len(days)
    )


def _day_text(day: date, year: bool = False) -> str:
    return day_label(day, year=year)


def resolve_day(programme: Programme, spec: str, zone: ZoneInfo, today: date) -> date:
    """A `--day` value as the viewer's local date in `zone` (see "Days" in the README):
    a day number N is the N-th of the viewer's dates with sessions (`programme_days`), a
    weekday name (wed, Thursday) the one of those dates on that weekday, and a date (any
    form `parse_day` reads, today/yesterday/tomorrow from `today`) is itself."""
    raw = spec.strip()
    if raw.isdigit() and len(raw) <= 3:
        days = programme_days(programme, zone)
        number = int(raw)
        if 1 <= number <= len(days):
            return days[number - 1]
        raise InputError(
            _("--day: there is no day {number} in {zone}").format(number=number, zone=zone.key),
            describe_days(days, zone),
        )
    weekday = weekday_of(raw)
    if weekday is None:
        return parse_day(raw, today, what="--day", forms=day_forms())
    days = programme_days(programme, zone)
    matching = [day for day in days if day.weekday() == weekday]
    if not matching:
        raise InputError(
            _("--day: the conference has no {weekday} in {zone}").format(
                weekday=weekday_name(weekday), zone=zone.key
            ),
            describe_days(days, zone),
        )
    if len(matching) > 1:
        raise InputError(
            _("--day: the conference has {count} {weekdays} in {zone}: {dates}").format(
                count=len(matching),
                weekdays=weekdays_name(weekday),
                zone=zone.key,
                dates=", ".join(_day_text(day) for day in matching),
            ),
            _("Give the date ({date}) or the day number.").format(date=matching[0].isoformat()),
        )
    return matching[0]


def resolve_days(
    programme: Programme, specs: Iterable[str], zone: ZoneInfo, today: date
) -> list[date]:
    """The `--day` values given, as the viewer's local dates, in order, each once."""
    return sorted({resolve_day(programme, spec, zone, today) for spec in specs})


def group_by_days(
    sessions: Iterable[Session], days: Iterable[date], zone: ZoneInfo
) -> list[tuple[date, list[Session]]]:
    """The sessions under each of the viewer's `days` that they run on (a session crossing
    midnight under both dates), days without sessions left out."""
    members = list(sessions)
    groups = [(day, [s for s in members if overlaps_day(s, day, zone)]) for day in days]
    return [(day, found) for day, found in groups if found]


def select(
    programme: Programme, wanted: SessionFilter, zone: ZoneInfo, today: date
) -> list[Session]:
    """The sessions that pass every criterion, in programme order."""
    named = match_ids(programme, wanted.ids) if wanted.ids else None
    days = resolve_days(programme, wanted.days, zone, today)
    tags = _check_tags(programme, wanted.tags)
    tracks = _check_tracks(programme, wanted.tracks)
    kinds = _check_kinds(programme, wanted.kinds)
    needle = searchable(wanted.search) if wanted.search else None
    keep_breaks = (
        wanted.include_breaks or Kind.BREAK in kinds or bool(wanted.ids) or wanted.picks is not None
    )

    chosen = []
    for session in named if named is not None else programme.sessions:
        if wanted.picks is not None and session.id not in wanted.picks:
            continue
        if session.is_break and not keep_breaks:
            continue
        if kinds and session.kind not in kinds:
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
    parts = [session.id, session.title, session.label or "", session.subtitle or ""]
    parts += [session.description, session.details, *session.agenda, *session.persons]
    for translation in session.translations:  # what people reading another language see
        parts += [translation.title or "", translation.description or ""]
        parts += translation.agenda or ()
    return searchable("\n".join(parts))


def _check_tags(programme: Programme, tags: Sequence[str]) -> set[str]:
    known = {tag for s in programme.sessions for tag in s.tags}
    chosen = {tag.strip().casefold() for tag in tags}
    for tag in sorted(chosen - known):
        from difflib import get_close_matches  # only when something is not found

        close = get_close_matches(tag, sorted(known), n=3, cutoff=0.5)
        hint = _("'octopus info' lists tags.")
        if close:
            hint = f"{did_you_mean(close)} {hint}"
        raise InputError(_("--tag: no session has the tag '{tag}'").format(tag=tag), hint)
    return chosen


def _check_kinds(programme: Programme, kinds: Sequence[str]) -> set[str]:
    """The kinds asked for, each one octopus knows or the programme uses (any case), or
    the word the active language shows one of octopus's kinds by ('atelier', 'taller')."""
    used = {s.kind for s in programme.sessions}
    chosen = {_kind_of(kind.strip().casefold(), used) for kind in kinds}
    for kind in sorted(chosen - used - set(Kind)):
        raise InputError(
            _("--kind: the programme has no session of kind '{kind}'").format(kind=kind),
            _("Its kinds are {kinds}.").format(kinds=", ".join(sorted(used))),
        )
    return chosen


def _kind_of(word: str, used: set[str]) -> str:
    """The kind a word names: itself (a kind of octopus's or of the programme's), or the
    kind whose translation it is ('atelier' -> 'workshop' in French)."""
    if word in used or word in set(Kind):
        return word
    wanted = " ".join(word.split())
    for kind in Kind:
        label = _(kind.value)
        if label != kind.value and wanted in (label.casefold(), plain(label.casefold())):
            return kind.value
    return word


def _check_tracks(programme: Programme, tracks: Sequence[str]) -> set[int]:
    """The track numbers asked for: by number ('2') or by name ('Saal 1', any case; a name
    shared by several tracks, as a room with sessions at once, chooses them all; a room
    named with a remark, 'K.1.105 (La Fontaine)', is also 'K.1.105')."""
    known: dict[int, str | None] = {}
    for session in programme.sessions:
        known.setdefault(session.track, session.track_name)
    chosen: set[int] = set()
    for given in tracks:
        wanted = " ".join(given.split()).casefold()
        found = {
            number
            for number, name in known.items()
            if wanted == str(number) or (name and wanted in _room_names(name))
        }
        if not found:
            raise InputError(
                _("--track: the programme has no track {track}").format(track=given),
                _track_hint(wanted, _track_names(known)),
            )
        chosen |= found
    return chosen


def _room_names(name: str) -> set[str]:
    """What a room answers to: its name, and its name without a closing remark."""
    full = " ".join(name.split()).casefold()
    return {full, re.sub(r"\s*\(.*\)$", "", full) or full}


_LISTED_TRACKS = 12  # a hint lists this many tracks, then says how many more


def _track_hint(wanted: str, names: list[str]) -> str:
    """The tracks there are (the first dozen, when there are dozens of rooms), after the
    names closest to what was typed."""
    from difflib import get_close_matches  # only when something is not found

    folded = {name.casefold(): name for name in names}
    close = [folded[n] for n in get_close_matches(wanted, list(folded), n=3, cutoff=0.6)]
    listed = ", ".join(names[:_LISTED_TRACKS])
    more = len(names) - _LISTED_TRACKS
    if more > 0:
        listed = ngettext("{ids} and {count} more", "{ids} and {count} more", more).format(
            ids=listed, count=more
        )
    tracks = _("Its tracks are {tracks}.").format(tracks=listed)
    return f"{did_you_mean(close)} {tracks}" if close else tracks


def _track_names(known: dict[int, str | None]) -> list[str]:
    """'1, 2', or the rooms' names ('Saal 1, K.1.105'), each once, in track order."""
    names = [name or str(number) for number, name in sorted(known.items())]
    return list(dict.fromkeys(names))
