"""The project's errors and exit codes: one base class, one mapping to exit statuses."""

from __future__ import annotations

from enum import IntEnum

from .i18n import _

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from collections.abc import Sequence


class ExitStatus(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    FOUND = 1  # a check found something: clashes, an invalid programme in `validate`
    USAGE = 2  # bad usage or bad input
    INTERRUPTED = 130


class OctopusError(Exception):
    """An error a user can cause. The CLI prints `Error: <message>` and the hint, and exits."""

    exit_status = ExitStatus.USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ProgrammeError(OctopusError):
    """A programme file that cannot be read or is invalid; `problems` lists every finding."""

    def __init__(self, message: str, problems: list[str] | None = None, hint: str | None = None):
        super().__init__(message, hint)
        self.problems = problems or []


class NotFoundError(OctopusError):
    """An id or pattern that names no session."""


class ZoneError(OctopusError):
    """A time zone name that cannot be resolved."""


class InputError(OctopusError):
    """A bad option value: a date, a time window, a duration."""


class ConfigError(OctopusError):
    """A user configuration file that cannot be read, parsed or written."""


def did_you_mean(names: Sequence[str]) -> str:
    """'Did you mean ws6?', 'Did you mean ws6 or ws8?', ... (one to three names), for hints."""
    first, *others = names
    if not others:
        return _("Did you mean {first}?").format(first=first)
    if len(others) == 1:
        return _("Did you mean {first} or {second}?").format(first=first, second=others[0])
    return _("Did you mean {first} or {second} or {third}?").format(
        first=first, second=others[0], third=others[1]
    )
