"""Changes since the user last looked, for the commands that show the programme (`today`,
`list`, `grid`, `now`, `next`, `show`): where the programme differs from the version the
user last acknowledged, the changed sessions are marked and the cancelled ones put back
(marked, not silently gone); once the command has shown it, the version is noted as seen,
and the first run to show a new version says on stderr what changed.

The cost when nothing changed: one small JSON file read (`store/snapshots.py`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ..core.i18n import _
from ..core.text import printable
from .runtime import Run, warn

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ..core.changekinds import Marks
    from ..core.changes import ProgrammeDiff, SessionChange
    from ..core.models import Programme


class Noticed:
    """The run (the cancelled sessions back in its programme) and what changed. (A plain
    class: making a dataclass costs a few tenths of a millisecond of every run.)"""

    __slots__ = ("diff", "programme", "run", "snapshot")

    def __init__(
        self,
        run: Run,
        diff: ProgrammeDiff | None = None,
        snapshot: Path | None = None,
        programme: Programme | None = None,
    ) -> None:
        self.run = run
        self.diff = diff
        self.snapshot = snapshot  # where to note the version as seen (None: nothing to)
        self.programme = programme  # the programme as it is, without the cancelled

    @property
    def marks(self) -> Marks:
        return self.diff.marks() if self.diff else {}

    def change_of(self, session_id: str) -> SessionChange | None:
        changes = self.diff.changes if self.diff else ()
        return next((change for change in changes if change.id == session_id), None)

    def remember(self) -> None:
        """Note the version as shown; the first run to show it says what changed."""
        if self.snapshot is None or self.programme is None:
            return
        from ..store.snapshots import SnapshotError, see

        try:
            first = see(self.snapshot, self.programme)
        except SnapshotError as error:  # damaged since it was read: said, and left alone
            warn(printable(error.message))
            return
        if first and self.diff:
            sys.stderr.write(announcement(self.diff, self.run.picked()) + "\n")


@contextmanager
def noticing(run: Run) -> Iterator[Noticed]:
    """What changed since the user last looked (`notice`); noted as seen when the command
    it wraps succeeds (a refused command writes nothing)."""
    noticed = notice(run)
    yield noticed
    noticed.remember()


def notice(run: Run) -> Noticed:
    """The changes since the user acknowledged the programme. A snapshot file octopus
    cannot use is reported and marks nothing."""
    from ..store.snapshots import SnapshotError, look, snapshot_path

    path = snapshot_path(os.environ, run.programme)
    try:
        looked = look(path, run.programme)
    except SnapshotError as error:
        warn(printable(error.message))
        return Noticed(run)
    original = run.programme
    found = None
    if looked.acked is not None:
        from ..core.changes import diff_sessions

        found = diff_sessions(looked.acked, original.sessions) or None
    cancelled = [c.old for c in found.changes if c.new is None and c.old] if found else []
    if cancelled:
        from ..core.models import Programme

        sessions = [*original.sessions, *cancelled]
        back = Programme(original.conference, original.zone, sessions, original.path)
        run = replace(run, programme=back)
    return Noticed(run, found, None if looked.known else path, original)


def announcement(diff: ProgrammeDiff, picked: frozenset[str]) -> str:
    """'Note: the programme has changed since you last looked: 2 moved, ...'; the picks
    that moved or were cancelled named."""
    from ..core.changekinds import CANCELLED, MOVED

    urgent = [
        (_("{id} moved") if change.mark == MOVED else _("{id} cancelled")).format(
            id=printable(change.id)
        )
        for change in diff.changes
        if change.id in picked and change.mark in (MOVED, CANCELLED)
    ]
    if urgent:
        message = _(
            "the programme has changed since you last looked: {changes}. In your agenda: "
            "{picks}. Changed sessions are marked until 'octopus changes --ack'."
        ).format(changes=diff.summary(), picks=", ".join(urgent))
    else:
        message = _(
            "the programme has changed since you last looked: {changes}. Changed sessions "
            "are marked until 'octopus changes --ack'."
        ).format(changes=diff.summary())
    return _("Note: {message}").format(message=message)
