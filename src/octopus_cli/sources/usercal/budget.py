"""The bound on the work one calendar file may ask for: occurrences expanded and rule
periods walked, counted over the whole file (events and time zones alike), so that a
handful of dense rules cannot take seconds however they are spread over events."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.i18n import _

MAX_INSTANCES = 10_000  # occurrences of one recurring event around the window
MAX_FILE_INSTANCES = 50_000  # occurrences of all the events of one file around the window
MAX_ITERATIONS = 1_000_000  # rule periods dateutil may walk for one rule
MAX_FILE_ITERATIONS = 1_000_000  # rule periods dateutil may walk for one file
MAX_ZONE_TRANSITIONS = 1_000  # offset changes of one VTIMEZONE within three years


def dense_hint() -> str:
    return _("Such a dense rule is not a meeting; check its RRULE.")


class OverBudget(Exception):
    """The file needs more work than the bounds allow; `problem` says what for."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass
class Budget:
    """What one file has used so far."""

    instances: int = 0
    iterations: int = 0

    def walk(self, periods: float, what: str, since: str) -> None:
        """Charge `periods` rule periods (an estimate made before dateutil walks them) of
        `what` ("RRULE 'FREQ=...'"), which starts at `since`."""
        if periods > MAX_ITERATIONS:
            raise OverBudget(f"{what} repeats too often from {since} to be expanded")
        self.iterations += int(periods)
        if self.iterations > MAX_FILE_ITERATIONS:
            raise OverBudget(
                f"{what} brings the calendar over {MAX_FILE_ITERATIONS} repetitions to "
                "walk through (its recurring events repeat too densely)"
            )

    def occur(self, count: int) -> None:
        """Count one more occurrence of an event that has had `count` so far."""
        self.instances += 1
        if count > MAX_INSTANCES:
            raise OverBudget(f"repeats more than {MAX_INSTANCES} times around the checked dates")
        if self.instances > MAX_FILE_INSTANCES:
            raise OverBudget(
                f"brings the calendar over {MAX_FILE_INSTANCES} occurrences around the "
                "checked dates (its recurring events repeat too densely)"
            )
