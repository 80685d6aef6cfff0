"""The user's personal agenda: the sessions they picked, per programme.

One JSON file in the data directory holds the picks of every programme, keyed by the
programme (`Programme.key`). Every change happens under a file lock and is written
atomically; a file that cannot be read is reported and never replaced. Picks whose
session is not in the programme (another edition, an edited file) are kept and reported."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ConfigError
from ..core.i18n import _
from ..core.models import Programme, Session
from .config import data_dir
from .fileio import NotRegularError, TooLargeError, locked, megabytes, read_limited, write_atomic

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

FORMAT_VERSION = 1
MAX_AGENDA_BYTES = 32 * 1024 * 1024  # 100,000 picks take about 2 MB


def agenda_path(environ: Mapping[str, str]) -> Path:
    return data_dir(environ) / "agenda.json"


class AgendaError(ConfigError):
    """The agenda file exists but cannot be used (exit 2); it is left as it is."""


def _damaged(message: str, path: Path, **values: object) -> AgendaError:
    """The error for an agenda file octopus cannot use; `message` (translated) names the
    file as {path} and what is wrong with it."""
    return AgendaError(
        message.format(path=path, **values),
        _("Fix or move it away; octopus never overwrites an agenda it cannot read."),
    )


def _read_document(path: Path) -> dict[str, Any]:
    try:
        data = read_limited(path, MAX_AGENDA_BYTES, regular_only=True)
    except FileNotFoundError:
        return {"version": FORMAT_VERSION, "programmes": {}}
    except IsADirectoryError:
        raise _damaged(_("the agenda file {path} is a directory"), path) from None
    except NotRegularError:
        message = _("the agenda file {path} is not a regular file (a FIFO, a device or a socket)")
        raise _damaged(message, path) from None
    except TooLargeError:
        message = _("the agenda file {path} is too large (over {size})")
        raise _damaged(message, path, size=megabytes(MAX_AGENDA_BYTES)) from None
    except OSError as error:
        message = _("the agenda file {path} cannot be read: {reason}")
        raise _damaged(message, path, reason=error.strerror or error) from None
    try:
        text = data.decode("utf-8")
        document = json.loads(text)
    except UnicodeDecodeError:
        raise _damaged(_("the agenda file {path} is not UTF-8 text"), path) from None
    except json.JSONDecodeError as error:
        message = _("the agenda file {path} is not valid JSON ({error}, line {line})")
        raise _damaged(message, path, error=error.msg, line=error.lineno) from None
    except (RecursionError, ValueError):  # absurd nesting, a number of thousands of digits
        message = _("the agenda file {path} is not an agenda (nested too deeply or absurd numbers)")
        raise _damaged(message, path) from None
    if not isinstance(document, dict):
        raise _damaged(_("the agenda file {path} is not a JSON object"), path)
    version = document.get("version")
    if isinstance(version, bool) or version != FORMAT_VERSION:  # true == 1 in Python
        message = _("the agenda file {path} has an unknown version {version}")
        raise _damaged(message, path, version=repr(document.get("version")))
    programmes = document.get("programmes")
    if not isinstance(programmes, dict) or not all(
        isinstance(picks, list) and all(isinstance(i, str) for i in picks)
        for picks in programmes.values()
    ):
        message = _(
            "the agenda file {path} has no valid 'programmes' object (lists of session ids)"
        )
        raise _damaged(message, path)
    if _LONE_SURROGATE.search(text):
        try:  # valid JSON, but not text: it could be neither shown nor written back
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            message = _(
                "the agenda file {path} holds text that is not Unicode (a lone surrogate, \\ud800)"
            )
            raise _damaged(message, path) from None
    return document


# A JSON escape of half a surrogate pair: only with one can a string fail to encode as UTF-8.
_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def read_picks(path: Path, programme: Programme) -> list[str]:
    """The ids picked for this programme, in the order they were picked ([] without a file)."""
    picks: list[str] = _read_document(path)["programmes"].get(programme.key, [])
    return picks


def update_picks(
    path: Path, programme: Programme, change: Callable[[list[str]], list[str]]
) -> tuple[list[str], list[str]]:
    """Apply `change` to this programme's picks under the lock; returns (before, after)."""
    with locked(path):
        document = _read_document(path)
        before = list(document["programmes"].get(programme.key, []))
        after = list(dict.fromkeys(change(list(before))))  # no duplicates, order kept
        if after != before:
            if after:
                document["programmes"][programme.key] = after
            else:
                document["programmes"].pop(programme.key, None)
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
            write_atomic(path, text.encode("utf-8"))
    return before, after


@dataclass(frozen=True)
class Picks:
    """The picks, split into sessions of the programme and ids it does not have."""

    sessions: list[Session]
    missing: list[str]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.sessions)


def resolve_picks(programme: Programme, ids: Sequence[str]) -> Picks:
    wanted = set(ids)
    sessions = [s for s in programme.sessions if s.id in wanted]  # already in programme order
    return Picks(sessions, [i for i in ids if programme.get(i) is None])
