"""What changed between two versions of a programme: sessions added, cancelled, moved,
retitled, moved to another track, or changed in their description or details.

Sessions are matched by id; a session whose id changed is found again by its title (when
exactly one old and one new session share it) and the change says so. Plain functions of
two session lists: no files, no clock, no output."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .changekinds import (
    CANCELLED,
    DESCRIPTION,
    DETAILS,
    KINDS,
    MOVED,
    NEW,
    RENAMED,
    RETITLED,
    TRACK,
)
from .errors import InputError
from .i18n import _, ngettext
from .models import Programme, Session, utc


@dataclass(frozen=True, slots=True)
class SessionChange:
    """One session that changed: as it was (None: new) and as it is (None: cancelled)."""

    old: Session | None
    new: Session | None
    kinds: tuple[str, ...]
    renamed: bool = False  # matched by title: its id changed

    @property
    def session(self) -> Session:
        """The session as it is now, or as it was when it is gone."""
        found = self.new or self.old
        assert found is not None
        return found

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def old_id(self) -> str | None:
        """The id it had, where it changed."""
        return self.old.id if self.renamed and self.old is not None else None

    @property
    def labels(self) -> tuple[str, ...]:
        """Its kinds of change, and 'renamed' last when its id changed."""
        return (*self.kinds, RENAMED) if self.renamed else self.kinds

    @property
    def mark(self) -> str:
        """The one word it is marked with: its first kind ('renamed' if nothing else)."""
        return self.labels[0]


@dataclass(frozen=True)
class ProgrammeDiff:
    """Every change from one version to the next, in the order of the sessions' times."""

    changes: tuple[SessionChange, ...]
    unchanged: int  # sessions matched with nothing changed

    def __bool__(self) -> bool:
        return bool(self.changes)

    def counts(self) -> dict[str, int]:
        """How many sessions have each kind of change, and how many changed id."""
        counts = dict.fromkeys((*KINDS, RENAMED), 0)
        for change in self.changes:
            for kind in change.kinds:
                counts[kind] += 1
            counts[RENAMED] += change.renamed
        return counts

    def marks(self) -> dict[str, tuple[str, ...]]:
        """Session id -> its kinds of change (new ids for renamed sessions)."""
        return {change.id: change.labels for change in self.changes}

    def summary(self) -> str:
        """'2 moved, 1 cancelled, 1 new': what changed, in a few words."""
        counts = self.counts().items()
        return ", ".join(_count_words(kind, n).format(count=n) for kind, n in counts if n)


def _count_words(kind: str, count: int) -> str:
    """'{count} moved': how many sessions have one kind of change, in the active language."""
    # Translators: parts of "2 moved, 1 cancelled, 1 new" (sessions: séances, sesiones).
    if kind == CANCELLED:
        return ngettext("{count} cancelled", "{count} cancelled", count)
    if kind == NEW:
        return ngettext("{count} new", "{count} new", count)
    if kind == MOVED:
        return ngettext("{count} moved", "{count} moved", count)
    if kind == RETITLED:
        return ngettext("{count} retitled", "{count} retitled", count)
    if kind == TRACK:
        return ngettext("{count} new track", "{count} new track", count)
    if kind == DESCRIPTION:
        return ngettext("{count} new description", "{count} new description", count)
    if kind == DETAILS:
        return ngettext("{count} new details", "{count} new details", count)
    if kind == RENAMED:
        return ngettext("{count} new id", "{count} new id", count)
    return f"{{count}} {kind}"  # pragma: no cover - every kind is above


def kinds_of_change(old: Session, new: Session) -> tuple[str, ...]:
    """How `new` differs from `old` (the same session, two versions), in `KINDS` order."""
    kinds = []
    if utc(old.start) != utc(new.start) or utc(old.end) != utc(new.end):
        kinds.append(MOVED)
    if old.display_title != new.display_title:
        kinds.append(RETITLED)
    if old.track_label != new.track_label:  # a room keeps its name when rooms are added
        kinds.append(TRACK)
    if (old.description, old.details, old.agenda, old.persons, old.subtitle) != (
        new.description,
        new.details,
        new.agenda,
        new.persons,
        new.subtitle,
    ):
        kinds.append(DESCRIPTION)
    relabelled = old.label != new.label and RETITLED not in kinds  # 'WS 6' in the title
    if relabelled or (old.kind, old.tags, old.url) != (new.kind, new.tags, new.url):
        kinds.append(DETAILS)
    return tuple(kinds)


def _title_key(session: Session) -> str:
    return " ".join(session.display_title.casefold().split())


def _by_unique_title(sessions: Iterable[Session]) -> dict[str, Session]:
    """Sessions by title, leaving out titles that more than one of them has."""
    found: dict[str, Session | None] = {}
    for session in sessions:
        key = _title_key(session)
        found[key] = None if key in found else session
    return {key: session for key, session in found.items() if session is not None}


def diff_sessions(old: Sequence[Session], new: Sequence[Session]) -> ProgrammeDiff:
    """The changes from the sessions `old` to the sessions `new` (linear in their number)."""
    old_by_id = {session.id: session for session in old}
    new_ids = {session.id for session in new}
    pairs: list[tuple[Session | None, Session | None, bool]] = []
    added = []
    for session in new:
        before = old_by_id.get(session.id)
        if before is None:
            added.append(session)
        else:
            pairs.append((before, session, False))
    gone = [session for session in old if session.id not in new_ids]
    if gone and added:  # an id that changed: the same title on both sides, once each
        old_titles, new_titles = _by_unique_title(gone), _by_unique_title(added)
        by_title = [(old_titles[key], new_titles[key]) for key in old_titles if key in new_titles]
        pairs += [(before, after, True) for before, after in by_title]
        was = {before.id for before, _after in by_title}
        now = {after.id for _before, after in by_title}
        gone = [session for session in gone if session.id not in was]
        added = [session for session in added if session.id not in now]
    pairs += [(session, None, False) for session in gone]
    pairs += [(None, session, False) for session in added]

    changes = []
    unchanged = 0
    for before, after, renamed in pairs:
        if before is None or after is None:
            changes.append(SessionChange(before, after, (CANCELLED if after is None else NEW,)))
            continue
        kinds = kinds_of_change(before, after)
        if kinds or renamed:
            changes.append(SessionChange(before, after, kinds, renamed))
        else:
            unchanged += 1
    changes.sort(key=_change_order)
    return ProgrammeDiff(tuple(changes), unchanged)


def _change_order(change: SessionChange) -> tuple[object, ...]:
    session = change.session
    return utc(session.start), session.track, utc(session.end), session.id


def diff_programmes(old: Programme, new: Programme) -> ProgrammeDiff:
    """The changes from `old` to `new`; an InputError when they are two different
    programmes (other names, and not half of the sessions of either in common)."""
    found = diff_sessions(old.sessions, new.sessions)
    if old.key != new.key:
        common = found.unchanged + sum(1 for c in found.changes if c.old and c.new)
        fewer = min(len(old.sessions), len(new.sessions))
        if common * 2 < fewer or not fewer:
            raise InputError(
                _(
                    "these are two different programmes, not two versions of one: "
                    "'{old}' and '{new}' ({common} of {count} sessions in common)"
                ).format(
                    old=old.conference.name, new=new.conference.name, common=common, count=fewer
                ),
                _(
                    "octopus diff compares two versions of the same programme, e.g. "
                    "octopus diff programme-v1.toml programme-v2.toml."
                ),
            )
    return found


def agenda_first(changes: Iterable[SessionChange], picked: frozenset[str]) -> list[SessionChange]:
    """The changes with the picked sessions that moved or were cancelled first, each part
    in time order."""
    listed = list(changes)

    def urgent(change: SessionChange) -> bool:
        ids = {change.id, change.old.id if change.old else change.id}
        return bool(ids & picked) and bool({MOVED, CANCELLED} & set(change.kinds))

    return [c for c in listed if urgent(c)] + [c for c in listed if not urgent(c)]
