"""Schedule clashes: picked sessions against each other and against the user's own events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import InputError
from .i18n import _
from .models import Session
from .overlaps import NO_TIME, crossing_pairs, overlap, overlapping_pairs

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from .busy import Busy


@dataclass(frozen=True)
class Rule:
    """When two items clash: they overlap by more than `min_overlap`, or, with a `buffer`,
    they are closer than that (an overlap counts too)."""

    min_overlap: timedelta = NO_TIME
    buffer: timedelta = NO_TIME

    def __post_init__(self) -> None:
        if self.min_overlap and self.buffer:
            raise InputError(
                _("--min-overlap and --buffer do not combine"),
                _("--min-overlap tolerates short overlaps; --buffer asks for a gap. Pick one."),
            )

    @property
    def threshold(self) -> timedelta:
        return -self.buffer if self.buffer else self.min_overlap


@dataclass(frozen=True)
class Clash:
    first: Session | Busy
    second: Session | Busy

    @property
    def overlap(self) -> timedelta:
        """How long they overlap; negative: how far apart they are (with a buffer)."""
        return overlap(self.first, self.second)


def find_clashes(
    sessions: Sequence[Session], busy: Sequence[Busy] = (), rule: Rule = Rule()
) -> list[Clash]:
    """Clashing pairs among `sessions`, and between them and `busy`; in time order."""
    found = [Clash(a, b) for a, b in overlapping_pairs(sessions, rule.threshold)]
    found += [Clash(a, b) for a, b in crossing_pairs(sessions, busy, rule.threshold)]
    found.sort(key=lambda clash: (clash.first.start, clash.second.start))
    return found


def free_of(
    sessions: Sequence[Session], busy: Sequence[Busy], rule: Rule = Rule()
) -> list[Session]:
    """The sessions that clash with none of the busy times."""
    taken = {id(session) for session, _busy in crossing_pairs(sessions, busy, rule.threshold)}
    return [session for session in sessions if id(session) not in taken]


def span(sessions: Sequence[Session], margin: timedelta = NO_TIME) -> tuple[datetime, datetime]:
    """The time the sessions cover, widened by `margin`: what a calendar must be read for."""
    return min(s.start for s in sessions) - margin, max(s.end for s in sessions) + margin
