"""Validating a programme: TOML text or a programme document -> `Programme`, or one
`ProgrammeError` that lists every problem, each naming the file and, where it can, the
session and the line. (`loader.py` finds the bytes and the format.)"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.errors import OctopusError, ProgrammeError, ZoneError
from ..core.i18n import _, active_language, ngettext
from ..core.models import Conference, Programme, Session, in_zone, utc
from ..core.timezones import resolve_zone
from ..store.fileio import read_input

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from pydantic import ValidationError

MAX_PROGRAMME_BYTES = 20 * 1024 * 1024  # far above any real conference (10k sessions ≈ 3 MB)

_PACKAGE_DATA = Path(__file__).parents[1] / "data" / "programme.toml"  # inside an installed wheel
_SOURCE_DATA = Path(__file__).resolve().parents[3] / "data" / "programme.toml"  # in a checkout


def default_programme_path() -> Path:
    """The bundled 2021 programme, wherever the package was installed from."""
    return _PACKAGE_DATA if _PACKAGE_DATA.is_file() else _SOURCE_DATA


def read_programme_text(file: Path) -> str:
    """The file's text, or a ProgrammeError saying why it cannot be read."""
    return decode_programme(read_programme_bytes(file), file)


def read_programme_bytes(file: Path, given_to: str = "--programme") -> bytes:
    """The file's bytes; `given_to` names where its path came from, for the hint."""
    try:
        return read_input(file, "programme", given_to, MAX_PROGRAMME_BYTES)
    except OctopusError as error:
        raise ProgrammeError(error.message, hint=error.hint) from None


def decode_programme(data: bytes, file: Path) -> str:
    try:
        return data.decode("utf-8-sig")  # a byte-order mark (Notepad) is not content
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise invalid_programme(
            str(file),
            [_("line {line}: not UTF-8 text (byte {byte})").format(line=line, byte=error.start)],
        ) from None


def parse_programme(text: str, source: str) -> Programme:
    """Validate TOML text into a Programme, or raise ProgrammeError with every problem."""
    programme, problems = check_programme_text(text, source)
    if programme is None or problems:
        raise invalid_programme(source, problems)
    return programme


def check_programme_text(text: str, source: str) -> tuple[Programme | None, list[str]]:
    """Every problem in a programme document, and the programme when it could be built."""
    import tomllib  # here: a cached programme is not parsed again

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [_("TOML syntax error: {error}").format(error=error)]
    except RecursionError:
        return None, [_("TOML syntax error: nesting too deep")]
    except ValueError as error:  # a number of thousands of digits, which Python refuses
        detail = str(error).split(";")[0]
        return None, [_("TOML: a value octopus cannot read ({detail})").format(detail=detail)]
    return check_document(document, source)


def check_document(document: dict[str, Any], source: str) -> tuple[Programme | None, list[str]]:
    """Every problem in a programme document (TOML as read, or a published schedule
    converted), and the programme when it could be built."""
    problems: list[str] = []
    for key in document:
        if key not in ("conference", "sessions"):
            problems.append(
                _("unknown top-level field '{key}' (expected [conference], [[sessions]])").format(
                    key=key
                )
            )
    raw_conference = document.get("conference")
    raw_sessions = document.get("sessions")
    if not isinstance(raw_conference, dict):
        problems.append(_("missing [conference] table"))
        return None, problems
    if not isinstance(raw_sessions, list):
        problems.append(
            _("missing [[sessions]] entries")
            if raw_sessions is None
            else _("'sessions' must be an array of tables ([[sessions]])")
        )
        return None, problems

    from pydantic import ValidationError

    from . import schema

    conference: Conference | None = None
    try:
        conference = schema.Conference.model_validate(raw_conference).to_model()
    except ValidationError as error:
        problems.extend(_describe(error, "conference"))
    zone = _programme_zone(raw_conference.get("timezone"), problems)
    if zone is None:
        return None, problems

    sessions = _sessions(raw_sessions, zone, conference, problems)

    if conference is None:
        return None, problems
    problems.extend(_check_conference(conference, zone))
    problems.extend(_check_sessions(conference, zone, sessions))
    return Programme(conference, zone, sessions, source), problems


def _sessions(
    raw_sessions: list[Any], zone: ZoneInfo, conference: Conference | None, problems: list[str]
) -> list[Session]:
    """The valid sessions; a problem for each invalid one, naming it. All sessions are
    validated in one call (fast), and one by one only when that finds something."""
    from pydantic import TypeAdapter, ValidationError

    from . import schema

    tracks = conference.tracks if conference else ()
    context = {"zone": zone, "tracks": tracks, "kinds": conference.kinds if conference else ()}
    try:
        valid = TypeAdapter(list[schema.Session]).validate_python(raw_sessions, context=context)
        return [session.to_model(tracks) for session in valid]
    except ValidationError:
        pass
    sessions: list[Session] = []
    for number, raw in enumerate(raw_sessions, start=1):
        where = _session_name(raw, number)
        if not isinstance(raw, dict):
            problems.append(_("{where}: must be a table").format(where=where))
            continue
        try:
            session = schema.Session.model_validate(raw, context=context)
            sessions.append(session.to_model(tracks))
        except ValidationError as error:
            problems.extend(_describe(error, where))
    return sessions


def _programme_zone(value: Any, problems: list[str]) -> ZoneInfo | None:
    if not isinstance(value, str):
        return None  # the Conference model already reported it
    try:
        resolved = resolve_zone(value)
    except ZoneError as error:
        problems.append(f"conference.timezone: {error.message}")
        return None
    if resolved.note is not None or resolved.name != value:
        problems.append(
            _("conference.timezone: '{value}' is not an IANA zone name; write '{name}'").format(
                value=value, name=resolved.name
            )
        )
        return None
    return resolved.zone


def _session_name(raw: Any, number: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
        return _session(raw["id"][:64])
    return _("session #{number}").format(number=number)


def _session(session_id: str) -> str:
    """How a problem names a session: "session 'ws6'"."""
    return _("session '{id}'").format(id=session_id)


def _describe(error: ValidationError, where: str) -> list[str]:
    found = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "value"
        if item["type"] == "extra_forbidden":
            found.append(_("{where}: unknown field '{field}'").format(where=where, field=field))
        elif item["type"] == "missing":
            found.append(_("{where}: missing field '{field}'").format(where=where, field=field))
        else:
            message = _pydantic_message(item["type"], item["msg"], item.get("ctx"))
            shown = _given(item.get("input"))
            template = (
                _("{where}: {field}: {message} (got {value})")
                if shown is not None
                else _("{where}: {field}: {message}")
            )
            found.append(template.format(where=where, field=field, message=message, value=shown))
    return found


def _pydantic_message(kind: str, message: str, context: dict[str, Any] | None) -> str:
    """Pydantic's `message` about a value: in English as Pydantic writes it; in another
    language octopus's translation of it, for the mistakes people make in a programme file
    (a string for a number, a text too long...), else Pydantic's English. octopus's own
    (a validator's ValueError) is in the active language already."""
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if active_language() == "en":
        return message
    values = context or {}
    template = _pydantic_template(kind, values)
    if template is None:
        return message
    try:
        return template.format(**values)
    except (KeyError, ValueError, IndexError):  # a context another Pydantic gives
        return message


def _pydantic_template(kind: str, values: dict[str, Any]) -> str | None:
    """The translation of Pydantic's message of this kind (its own placeholders), if any."""
    if kind == "string_too_long":
        count = _count(values.get("max_length"))
        return ngettext(
            "String should have at most {max_length} character",
            "String should have at most {max_length} characters",
            count,
        )
    if kind == "string_too_short":
        count = _count(values.get("min_length"))
        return ngettext(
            "String should have at least {min_length} character",
            "String should have at least {min_length} characters",
            count,
        )
    templates = {
        "string_type": _("Input should be a valid string"),
        "int_type": _("Input should be a valid integer"),
        "bool_type": _("Input should be a valid boolean"),
        "date_type": _("Input should be a valid date"),
        "datetime_type": _("Input should be a valid datetime"),
        "tuple_type": _("Input should be a valid tuple"),
        "model_type": _("Input should be a valid dictionary or instance of {class_name}"),
        "greater_than_equal": _("Input should be greater than or equal to {ge}"),
        "less_than_equal": _("Input should be less than or equal to {le}"),
        "string_pattern_mismatch": _("String should match pattern '{pattern}'"),
    }
    return templates.get(kind)


def _count(value: Any) -> int:
    return value if isinstance(value, int) else 2


def _given(value: object) -> str | None:
    """'"2"': the value a type error is about, when it is short enough to show."""
    if isinstance(value, dict | list) or value is None:
        return None
    shown = repr(value) if not isinstance(value, str) else f'"{value}"'
    if isinstance(value, date | datetime | time):
        shown = value.isoformat()
    elif isinstance(value, bool):
        shown = str(value).lower()  # as TOML writes it
    return shown if len(shown) <= 40 else None


def _check_conference(conference: Conference, zone: ZoneInfo) -> Iterable[str]:
    if conference.end_date < conference.start_date:
        yield _("conference: end_date is before start_date")
    registration = conference.registration
    if registration is not None and registration.closes < registration.opens:
        yield _("conference.registration: closes before it opens")
    if conference.ends_at is not None:
        try:
            ends = in_zone(conference.ends_at, zone)
        except ValueError as error:
            yield f"conference: ends_at: {error}"
            return
        if not conference.start_date <= ends.date() <= conference.end_date:
            yield _("conference: ends_at is outside the conference dates")


def _check_sessions(
    conference: Conference, zone: ZoneInfo, sessions: list[Session]
) -> Iterable[str]:
    first = datetime.combine(conference.start_date, time(), zone)
    last = datetime.combine(conference.end_date + timedelta(days=1), time(), zone)
    seen: set[str] = set()
    for session in sessions:
        where = _session(session.id)
        if session.id in seen:
            yield _("{where}: duplicate id (ids must be unique)").format(where=where)
        seen.add(session.id)
        # Compared in UTC: times of one zone compare by wall clock, so on the night the clocks
        # go back 02:40+02:00 would pass for later than 02:10+01:00.
        start, end = utc(session.start), utc(session.end)
        if end <= start:
            until, since = _shown(session.end, session.start), _shown(session.start, session.end)
            yield _("{where}: end {end} is not after start {start}").format(
                where=where, end=until, start=since
            )
        elif start < first or end > last:
            yield _("{where}: {start} is outside the conference dates ({first} to {last})").format(
                where=where,
                start=f"{session.start:%Y-%m-%d %H:%M}",
                first=conference.start_date,
                last=conference.end_date,
            )
    yield from _track_overlaps(sessions)


def _shown(moment: datetime, other: datetime) -> str:
    """'2021-11-17 10:00', with the offset when the other time has another (clock change)."""
    if moment.utcoffset() != other.utcoffset():
        return moment.isoformat(sep=" ", timespec="minutes")
    return f"{moment:%Y-%m-%d %H:%M}"


def _track_overlaps(sessions: list[Session]) -> Iterable[str]:
    """Sessions of one track must not overlap: sort by track and start, sweep once."""
    ordered = sorted(sessions, key=lambda s: (s.track, utc(s.start), utc(s.end)))
    latest: Session | None = None
    for session in ordered:
        if (
            latest is not None
            and latest.track == session.track
            and utc(session.start) < utc(latest.end)
        ):
            yield _("{where}: overlaps '{other}' in {place} ({start} is before {end})").format(
                where=_session(session.id),
                other=latest.id,
                place=session.place,
                start=f"{session.start:%Y-%m-%d %H:%M}",
                end=f"{latest.end:%H:%M}",
            )
        if latest is None or latest.track != session.track or utc(session.end) > utc(latest.end):
            latest = session


def invalid_programme(source: str, problems: list[str]) -> ProgrammeError:
    count = len(problems)
    message = ngettext(
        "invalid programme file {source} ({count} problem)",
        "invalid programme file {source} ({count} problems)",
        count,
    )
    return ProgrammeError(
        message.format(source=source, count=count),
        problems,
        hint=_(
            "Run 'octopus validate PATH' to list the problems, 'octopus schema' for the format."
        ),
    )
