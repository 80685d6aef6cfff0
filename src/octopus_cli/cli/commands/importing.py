"""`import`: a published schedule (frab XML, frab/pretalx JSON, a URL of one) as an octopus
programme file, which can then be edited, validated and used like the bundled one."""

from __future__ import annotations

import sys
from pathlib import Path

from ...core.errors import InputError, ProgrammeError
from ...core.i18n import _, ngettext
from ...core.text import printable
from ..runtime import Invocation, read_programme, write

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any
    from zoneinfo import ZoneInfo

    from ..options import ImportSourceArgument, OutputPathOption


def import_command(
    invocation: Invocation,
    source: ImportSourceArgument,
    output_path: OutputPathOption = None,
) -> None:
    """Convert a published schedule to an octopus programme file (TOML).

    SOURCE is a frab/pentabarf schedule.xml, a frab/pretalx schedule.json, or the http(s)
    URL of one. Rooms become named tracks, speakers, links and abstracts are kept, times
    are written in the conference's zone. The file validates ('octopus validate') and
    works with every command through --programme.

    Examples:

      octopus import schedule.xml -o programme.toml

      octopus import https://example.org/schedule.json -o programme.toml
    """
    from ...sources.loader import read_document
    from ...sources.programme import check_document, invalid_programme
    from ...views.wording import sessions_count

    if not output_path:
        raise InputError(
            _("say where to write the programme with -o"),
            _("For example: octopus import schedule.xml -o programme.toml (or -o - for stdout)."),
        )
    found = read_programme(invocation.settings, source, "'octopus import'")
    from ...sources.frab import not_a_programme

    document = read_document(found.data, found.name)
    if document is None and not_a_programme(found.data):  # empty, 'null', '[[['
        raise InputError(
            _("{file} is not a schedule octopus reads").format(file=printable(found.name)),
            _("octopus imports a frab schedule.xml or a frab/pretalx schedule.json."),
        )
    if document is None:
        raise InputError(
            _("{file} is already an octopus programme file").format(file=printable(found.name)),
            _("Use it as it is: octopus --programme FILE today (or 'octopus validate FILE')."),
        )
    programme, problems = check_document(document, found.name)
    if programme is None or problems:
        raise invalid_programme(found.name, problems)
    text = _toml(document, programme.zone, found.name)
    if output_path == "-":
        write(text)
        return
    from ...store.fileio import write_atomic

    write_atomic(Path(output_path), text.encode("utf-8"))
    count, tracks = len(programme.sessions), len(set(programme.conference.tracks))
    line = _("Wrote {sessions} in {tracks} to {path} (times in {zone}).").format(
        sessions=sessions_count(count),
        tracks=ngettext("{count} track", "{count} tracks", tracks).format(count=tracks),
        path=printable(output_path),
        zone=programme.zone.key,
    )
    sys.stderr.write(line + "\n")


def _toml(document: dict[str, Any], zone: ZoneInfo, name: str) -> str:
    """The document as TOML, its times on the conference's clock (with their offsets) and
    its sessions in programme order, so that it reads like the bundled file."""
    from ...core.models import pinned  # TOML has offsets, not zones
    from ...sources.tomlwrite import dump_programme

    sessions = []
    for session in document["sessions"]:
        start, end = session["start"].astimezone(zone), session["end"].astimezone(zone)
        sessions.append({**session, "start": pinned(start), "end": pinned(end)})
    sessions.sort(key=lambda s: (s["start"], s["track"], s["id"]))
    # A file name is bytes: one that is not UTF-8 is written with its bytes escaped.
    shown = printable(name).encode("utf-8", "backslashreplace").decode("utf-8")
    header = (
        f"Imported by octopus from {shown}.\n"
        "Times are the conference's, with their UTC offsets. Format: 'octopus schema'."
    )
    try:
        return dump_programme({**document, "sessions": sessions}, header=header)
    except ValueError as error:  # an offset of seconds (local mean time before ~1900)
        raise ProgrammeError(
            _("cannot write {file} as TOML: {error}").format(file=printable(name), error=error),
            hint=_("TOML offsets are hours and minutes; such times cannot be written."),
        ) from None
