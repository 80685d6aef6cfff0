"""What the user last saw of each programme, so that what changed since can be marked.

One small JSON file per programme in the data directory (`seen/<Programme.key>.json`)
holds up to three versions of its sessions: the one last shown (`seen`), the one shown
before it (`previous`, for `octopus diff @previous`) and the one the user last
acknowledged (`acked`: changes are marked since it, until `octopus changes --ack`), each
under the fingerprint of its sessions; for each session ever seen, the revision its
calendar events carry (`revisions`: the SEQUENCE of the .ics export); and the last content
of the sessions gone from the programme, for their cancelled events (`gone.py`).

Reading it costs one small file when it exists; it is written (under a file lock, then
atomically) only when a programme is seen for the first time or has changed, or when the
user acknowledges. A file that cannot be read, or that a newer octopus wrote, is reported
and never replaced."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from ..core.errors import ConfigError, OctopusError
from ..core.i18n import _
from ..core.models import Programme, Session
from . import gone
from .config import data_dir
from .fileio import NotRegularError, TooLargeError, locked, megabytes, read_limited, write_atomic
from .rows import row_session, session_row
from .snapshothead import nothing_new

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

FORMAT = 1
MAX_SNAPSHOT_BYTES = 96 * 1024 * 1024  # four versions of a 20 MB programme's sessions


class SnapshotError(ConfigError):
    """The snapshot file exists but cannot be used (exit 2); it is left as it is."""


def snapshot_path(environ: Mapping[str, str], programme: Programme) -> Path:
    return data_dir(environ) / "seen" / f"{programme.key}.json"


# ---- sessions as rows, and the fingerprint of a version -----------------------------------


def _fingerprint(text: str) -> str:
    try:  # the C module hashlib wraps: importing hashlib loads OpenSSL, 3 ms of every run
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Version:
    """One version of a programme's sessions, as the snapshot keeps it. (Plain classes
    here: making a dataclass costs a few tenths of a millisecond of every `octopus today`.)"""

    __slots__ = ("fingerprint", "published", "rows")

    def __init__(self, fingerprint: str, rows: list[list[Any]], published: str | None) -> None:
        self.fingerprint = fingerprint
        self.rows = rows
        self.published = published  # the programme's version date, ISO

    @classmethod
    def of(cls, programme: Programme) -> Version:
        """Every row of `programme`: for writing it (or diffing against it)."""
        rows = [session_row(session) for session in programme.sessions]
        published = programme.conference.programme_version
        return cls(_fingerprint(_dumps(rows)), rows, published.isoformat() if published else None)

    def sessions(self) -> list[Session]:
        return [row_session(row) for row in self.rows]


def fingerprint(programme: Programme) -> str:
    """The fingerprint `Version.of(programme)` has: kept with a cached programme, which
    spares every run that only compares it the rows of 1,000 sessions made and hashed."""
    if programme.fingerprint is None:
        programme.fingerprint = Version.of(programme).fingerprint
    return programme.fingerprint


# ---- reading ------------------------------------------------------------------------------


def _damaged(path: Path, problem: str, **values: object) -> SnapshotError:
    """The error for a snapshot file octopus cannot use: `problem` says what is wrong."""
    from .snapshotproblems import problem_sentence

    return SnapshotError(
        problem_sentence(problem).format(path=path, **values),
        _(
            "Fix or move it away (changes are not marked meanwhile); octopus never "
            "overwrites a file it cannot read."
        ),
    )


def read_snapshot(path: Path) -> dict[str, Any] | None:
    """The snapshot document (None when there is none); SnapshotError when it is damaged or
    from a newer octopus."""
    try:
        data = read_limited(path, MAX_SNAPSHOT_BYTES, regular_only=True)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _damaged(path, "directory") from None
    except NotRegularError:
        raise _damaged(path, "not regular") from None
    except TooLargeError:
        raise _damaged(path, "too large", size=megabytes(MAX_SNAPSHOT_BYTES)) from None
    except OSError as error:
        raise _damaged(path, "unreadable", reason=error.strerror or error) from None
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise _damaged(path, "not utf-8") from None
    except json.JSONDecodeError as error:
        raise _damaged(path, "not json", error=error.msg, line=error.lineno) from None
    except (RecursionError, ValueError):
        raise _damaged(path, "absurd") from None
    if not isinstance(document, dict):
        raise _damaged(path, "not object")
    found = document.get("format")
    if type(found) is int and found > FORMAT:
        raise SnapshotError(
            _(
                "the file {path} was written by a newer octopus (format {found}; this one "
                "reads format {format})"
            ).format(path=path, found=found, format=FORMAT),
            _("Upgrade octopus; this one leaves the file as it is and marks no changes."),
        )
    if found != FORMAT or type(found) is not int:
        raise _damaged(path, "unknown format", found=repr(found))
    if not (_well_formed(document) and gone.well_formed(document)):
        raise _damaged(path, "not snapshot")
    return document


def _well_formed(document: dict[str, Any]) -> bool:
    versions = document.get("versions")
    if not isinstance(versions, dict) or not isinstance(document.get("revisions"), dict):
        return False
    for name in ("seen", "acked", "previous"):
        value = document.get(name)
        if not (value is None and name == "previous") and value not in versions:
            return False
    return all(
        isinstance(v, dict) and isinstance(v.get("sessions"), list) for v in versions.values()
    ) and all(
        isinstance(r, list) and len(r) == 2 and type(r[0]) is int and isinstance(r[1], str)
        for r in document["revisions"].values()
    )


def _version(document: dict[str, Any], name: str, path: Path) -> Version | None:
    fingerprint = document.get(name)
    if fingerprint is None:
        return None
    entry = document["versions"][fingerprint]
    version = Version(fingerprint, entry["sessions"], entry.get("published"))
    try:
        version.sessions()
    except (ValueError, TypeError, KeyError):
        raise _damaged(path, "damaged version", version=name) from None
    return version


# ---- what the commands ask ----------------------------------------------------------------


class Look:
    """What the snapshot says of a programme about to be shown: the sessions as the user
    last acknowledged them (None: nothing changed since), and whether this version is the
    one last shown (else `see` notes it, once it has been shown)."""

    __slots__ = ("acked", "known")

    def __init__(self, acked: list[Session] | None, *, known: bool) -> None:
        self.acked = acked
        self.known = known


def look(path: Path, programme: Programme) -> Look:
    """Read only. SnapshotError when the file is unusable."""
    current = fingerprint(programme)
    if nothing_new(path, current, FORMAT):
        return Look(None, known=True)
    document = read_snapshot(path)
    if document is None:
        return Look(None, known=False)
    return Look(_acked(document, current, path), known=document["seen"] == current)


def see(path: Path, programme: Programme) -> bool:
    """Note `programme` as shown; whether this run is the first to show this version (so
    says what changed). A failure to write notes nothing and is not an error (the data
    directory may be read-only); SnapshotError when the file is unusable."""
    try:
        return _update(path, programme, acknowledge=False)
    except SnapshotError:
        raise
    except (OctopusError, OSError):  # cannot lock or write: shown, but not remembered
        return False


def record_history(path: Path, programme: Programme) -> None:
    """Note this version in the sessions' revisions only (an export): which version was
    shown last stays as it is, so the next command that shows the programme still says
    what changed. Quiet when it cannot write, as `see`."""
    try:
        _update(path, programme, acknowledge=False, history_only=True)
    except SnapshotError:
        raise
    except (OctopusError, OSError):
        pass


def acknowledge(path: Path, programme: Programme) -> None:
    """The changes since the last acknowledgement are seen: mark none from now on."""
    _update(path, programme, acknowledge=True)


def previous_sessions(path: Path, programme: Programme) -> list[Session] | None:
    """The version shown before this one ('@previous'): the last one seen when this one is
    new, else the one seen before it; None when there is none."""
    document = read_snapshot(path)
    if document is None:
        return None
    current = Version.of(programme)
    name = "previous" if document["seen"] == current.fingerprint else "seen"
    version = _version(document, name, path)
    return version.sessions() if version is not None else None


def _acked(document: dict[str, Any], current: str, path: Path) -> list[Session] | None:
    if document["acked"] == current:
        return None
    version = _version(document, "acked", path)
    return version.sessions() if version is not None else None


def _update(
    path: Path, programme: Programme, *, acknowledge: bool, history_only: bool = False
) -> bool:
    """Under the lock: read again (another run may have been first), then write; whether
    this version is new here."""
    current = Version.of(programme)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path):
        document = read_snapshot(path)
        first_time = document is None or document["seen"] != current.fingerprint
        if document is not None and history_only:
            before = dict(document["revisions"]), document.get("recorded")
            gone.note(document, current.fingerprint, current.published, current.rows)
            record_revisions(document["revisions"], programme, current.published)
            versions = document["versions"]
            document["versions"] = {k: v for k, v in versions.items() if k in gone.kept(document)}
            if (document["revisions"], document["recorded"]) != before:
                write_atomic(path, (_dumps(document) + "\n").encode("utf-8"))
            return False
        if document is None:
            document = {"format": FORMAT, "programme": programme.key, "previous": None}
            document |= {"acked": current.fingerprint, "versions": {}, "revisions": {}}
        elif first_time:
            document["previous"] = document["seen"]
        if not (first_time or acknowledge):
            return False
        if acknowledge:
            document["acked"] = current.fingerprint
        document["seen"] = current.fingerprint
        versions = document["versions"]
        versions[current.fingerprint] = {"published": current.published, "sessions": current.rows}
        if first_time:  # before older versions go: a session leaving is found in them
            gone.note(document, current.fingerprint, current.published, current.rows)
        document["versions"] = {k: v for k, v in versions.items() if k in gone.kept(document)}
        if first_time:
            record_revisions(document["revisions"], programme, current.published)
        # These three first, as `_nothing_new` reads them.
        head = {key: document.pop(key) for key in ("format", "seen", "acked")}
        write_atomic(path, (_dumps(head | document) + "\n").encode("utf-8"))
    return first_time


# ---- revisions: what the calendar's SEQUENCE comes from -----------------------------------


def _calendar_content(session: Session) -> str:
    """What a calendar shows of a session: when, what, where, about what."""
    fields: list[Any] = [session.start.isoformat(), session.end.isoformat()]
    # Where: the room when tracks have names (a room's lanes, or rooms added before it,
    # renumber tracks without moving anyone), else the track's number.
    where = session.track_name or session.track
    fields += [session.display_title, where, session.description, list(session.agenda)]
    # The room, speakers and the rest a published schedule has, only where it has them:
    # the bundled programme's sessions keep the content (and SEQUENCE) they had.
    fields += [
        value
        for value in (session.subtitle, session.details)
        + (tuple(session.persons) if session.persons else ())
        if value
    ]
    return _fingerprint(_dumps(fields))


def _published_number(published: str | None) -> int:
    """20211004 for a programme of 4 October 2021 (0 without a version date)."""
    return int(date.fromisoformat(published).strftime("%Y%m%d")) if published else 0


def record_revisions(
    revisions: dict[str, list[Any]], programme: Programme, published: str | None
) -> None:
    """Each session's revision: the version number (`_published_number`) of the programme
    in which what a calendar shows of it last changed, one more than before where versions
    share a date. A session gone from the programme gets a revision more, once, and the
    content '' (cancelled)."""
    base = _published_number(published)
    present = set()
    for session in programme.sessions:
        present.add(session.id)
        content = _calendar_content(session)
        known = revisions.get(session.id)
        if known is None:
            revisions[session.id] = [base, content]
        elif known[1] != content:
            revisions[session.id] = [max(base, known[0] + 1), content]
    for ident, known in revisions.items():
        if ident not in present and known[1]:
            revisions[ident] = [max(base, known[0] + 1), ""]


def revisions_for(path: Path, programme: Programme) -> dict[str, int]:
    """Each session's revision (the SEQUENCE of its calendar event) once `programme` is
    recorded: as `see` would record it, without writing. Without a snapshot, every session
    has the number of this version, as when SEQUENCE came from the version date alone."""
    return history_for(path, programme, cancelled=False)[0]


def history_for(
    path: Path, programme: Programme, *, cancelled: bool = True
) -> tuple[dict[str, int], list[tuple[Session, int]]]:
    """`revisions_for`, and (when `cancelled`) the sessions gone from `programme` whose
    last content the history has, each with the revision of its cancelled event (one more
    than its last, or the number of the version that dropped it), by time, then id."""
    document = read_snapshot(path)
    current = Version.of(programme)
    if document is None:
        document = {"seen": None, "acked": None, "previous": None, "versions": {}}
        document["revisions"] = {}
    else:  # recorded as `see` would record it, on copies: nothing is written
        document = dict(document, revisions=dict(document["revisions"]))
        document["versions"] = dict(document["versions"])
    gone.note(document, current.fingerprint, current.published, current.rows)
    record_revisions(document["revisions"], programme, current.published)  # idempotent
    numbers = {ident: number for ident, (number, _) in document["revisions"].items()}
    rows = gone.cancelled_rows(document) if cancelled else []
    try:
        found = [(row_session(row), numbers[ident]) for ident, row in rows]
    except (ValueError, TypeError, KeyError):
        raise _damaged(path, "damaged gone") from None
    found.sort(key=lambda pair: (pair[0].start, pair[0].end, pair[0].id))
    return numbers, found
