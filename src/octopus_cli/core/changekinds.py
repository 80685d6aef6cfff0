"""The kinds of change a session can have from one version of a programme to the next,
and the word it is marked with in listings. Apart from `changes.py` (the diff itself) so
that the views that mark sessions load only these few names."""

from __future__ import annotations

from collections.abc import Mapping

# In the order a session's changes are listed: the first is the one it is marked with.
CANCELLED = "cancelled"
NEW = "new"
MOVED = "moved"
RETITLED = "retitled"
TRACK = "track"
DESCRIPTION = "description"
DETAILS = "details"  # kind, tags, link
KINDS = (CANCELLED, NEW, MOVED, RETITLED, TRACK, DESCRIPTION, DETAILS)
RENAMED = "renamed"  # not a change of the session: its id changed (matched by title)

Marks = Mapping[str, tuple[str, ...]]  # session id -> its kinds of change

# How a session is marked in listings, by its first kind of change.
_WORDS = {TRACK: "new track", DESCRIPTION: "updated", DETAILS: "updated", RENAMED: "new id"}


def change_word(session_id: str, changed: Marks | None) -> str | None:
    """The word a changed session is marked with ('moved', 'cancelled'), else None."""
    kinds = changed.get(session_id) if changed else None
    return _WORDS.get(kinds[0], kinds[0]) if kinds else None
