"""`diff` and `changes`: what changed between two versions of a programme, and since the
user last looked."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ...core.choices import OutputFormat
from ...core.errors import InputError
from ...core.i18n import _, ngettext
from ...core.text import printable
from ..runtime import Invocation, choose_format, note, print_rich, read_programme, write

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ...core.changes import SessionChange
    from ...core.models import Programme
    from ...sources.loader import Source
    from ...views.changes import Compared
    from ..options import (
        AckOption,
        FormatOption,
        NewProgrammeArgument,
        OldProgrammeArgument,
        TzOption,
    )
    from ..runtime import Settings

PREVIOUS = "@previous"


def diff(
    invocation: Invocation,
    old: OldProgrammeArgument,
    new: NewProgrammeArgument = None,
    tz: TzOption = None,
    output: FormatOption = None,
) -> None:
    """What changed from one version of a programme to another: sessions new, cancelled,
    moved (old and new times, in your zone), retitled, in another track, or with a new
    description. Sessions are matched by id, else by title (and the new id is said).

    NEW defaults to the programme in use; OLD may be @previous, the version octopus showed
    you before. Exit status 0: nothing changed; 1: something did (listed); 2: an error.

    Examples:

      octopus diff programme-v1.toml programme-v2.toml

      octopus diff @previous

      octopus diff old.toml new.toml --tz Asia/Manila --format json

      octopus diff old.toml new.toml > /dev/null || notify-send 'The programme changed'
    """
    from ...core.changes import diff_programmes
    from ...views.changes import Compared

    if new is not None and new.startswith("@"):
        raise InputError(
            _("NEW is a programme file, not {new}").format(new=new),
            _("Only OLD can be {previous}.").format(previous=PREVIOUS),
        )
    if old == PREVIOUS:
        later = _programme(invocation.settings, new)
        earlier = _previous(later)
    elif old.startswith("@"):
        raise InputError(
            _("unknown version '{old}'").format(old=old),
            _("The version octopus names is {previous}.").format(previous=PREVIOUS),
        )
    else:
        earlier, later = _versions(invocation.settings, old, new)
    found = diff_programmes(earlier, later)
    in_use = invocation.settings.programme
    newer = new or (str(in_use) if in_use is not None else "the bundled programme")
    compared = Compared(earlier, later, _source(old), _source(newer), found)
    if found:
        invocation.found_something()
    _show(invocation, compared, list(found.changes), _zones(tz, later), output)


def changes(
    invocation: Invocation,
    ack: AckOption = False,
    tz: TzOption = None,
    output: FormatOption = None,
) -> None:
    """What changed in the programme since you last acknowledged it: the sessions that
    today, list, grid, now, next and show mark (moved, new, cancelled, retitled...), the
    ones in your agenda that moved or were cancelled first. --ack marks them seen.

    Exit status 0: nothing changed (or --ack); 1: changes (listed); 2: an error.

    Examples:

      octopus changes

      octopus changes --tz Asia/Manila --format json

      octopus changes --ack
    """
    from ...core.changes import ProgrammeDiff, agenda_first, diff_sessions
    from ...core.models import Programme
    from ...store.snapshots import acknowledge, look, see, snapshot_path
    from ...views.changes import Compared

    run = invocation.start(tz)
    current = run.programme
    path = snapshot_path(os.environ, current)
    looked = look(path, current)
    if looked.acked is None:
        acked, found = list(current.sessions), ProgrammeDiff((), 0)
    else:
        acked, found = looked.acked, diff_sessions(looked.acked, current.sessions)
    earlier = Programme(current.conference, current.zone, acked, "@acknowledged")
    compared = Compared(earlier, current, "@acknowledged", str(current.path), found)
    picked = run.picked()
    ordered = agenda_first(found.changes, picked)
    if found and not ack:
        invocation.found_something()
    _show(invocation, compared, ordered, run.zones, output, picked=picked, acknowledged=ack)
    if ack:
        acknowledge(path, current)
        if found:
            count = len(found.changes)
            line = ngettext(
                "Marked {count} change as seen.", "Marked {count} changes as seen.", count
            )
            sys.stderr.write(line.format(count=count) + "\n")
    else:
        see(path, current)
    _recheck_agenda(ordered, current, picked)


def _recheck_agenda(
    ordered: Sequence[SessionChange], programme: Programme, picked: frozenset[str]
) -> None:
    """After picks moved: do they clash now? Said on stderr, pointing to `clashes`."""
    from ...core.changekinds import MOVED

    moved = {change.id for change in ordered if change.id in picked and MOVED in change.kinds}
    if not moved:
        return
    from ...core.overlaps import overlapping_pairs

    sessions = [session for session in programme.sessions if session.id in picked]
    for first, second in overlapping_pairs(sessions):
        if {first.id, second.id} & moved:
            line = _("{first} and {second} now overlap (both picked); see 'octopus clashes'.")
            note(line.format(first=printable(first.id), second=printable(second.id)))


def _show(
    invocation: Invocation,
    compared: Compared,
    listed: Sequence[SessionChange],
    zones: Sequence[ZoneInfo],
    output: OutputFormat | None,
    *,
    picked: frozenset[str] = frozenset(),
    acknowledged: bool | None = None,
) -> None:
    from ...views import changes as view
    from ...views.formats import zone_columns

    fmt = choose_format(output)
    since = "since you last looked" if acknowledged is not None else None
    if fmt is OutputFormat.JSON:
        extra = {} if acknowledged is None else {"acknowledged": acknowledged}
        write(view.diff_json(compared, zones[0], listed, picked, **extra))
    elif fmt is OutputFormat.CSV:
        write(view.diff_csv(listed, zones[0]))
    else:
        columns = zone_columns(zones, compared.new.zone)
        if fmt is OutputFormat.TABLE and listed:
            from ...views.consoles import make_console

            console = make_console(no_color=invocation.settings.no_color)
            console.print(view.diff_table(listed, columns, picked, width=console.width))
            print_rich(invocation.settings, view.summary(compared, columns, since))
        else:
            write(view.diff_plain(compared, columns, listed, picked, since))


def _zones(tz: Sequence[str] | None, programme: Programme) -> list[ZoneInfo]:
    from ...store.config import choose_zones

    choice = choose_zones(tz or (), os.environ, programme.zone)
    for zone_note in choice.notes:
        note(zone_note)
    return choice.zones


def _programme(settings: Settings, path: str | None) -> Programme:
    """A programme named on the command line, else the one in use."""
    from ...sources.loader import programme_from
    from ...store.config import cache_dir

    return programme_from(_read(settings, path), cache_dir(os.environ))


def _read(settings: Settings, path: str | None) -> Source:
    """A programme named on the command line, else the one in use."""
    return read_programme(settings, path, "'octopus diff'" if path is not None else "--programme")


def _versions(settings: Settings, old: str, new: str | None) -> tuple[Programme, Programme]:
    """OLD and NEW, NEW checked first (its problems are reported first), both at once."""
    from ...sources.loader import load_both
    from ...store.config import cache_dir

    later_source = _read(settings, new)
    later, earlier = load_both(later_source, _read(settings, old), cache_dir(os.environ))
    return earlier, later


def _previous(current: Programme) -> Programme:
    """The version octopus showed before `current` (its snapshot), as a programme."""
    from ...core.models import Programme
    from ...store.snapshots import previous_sessions, snapshot_path

    sessions = previous_sessions(snapshot_path(os.environ, current), current)
    if sessions is None:
        raise InputError(
            _("octopus has not shown you an earlier version of {conference}").format(
                conference=current.conference.name
            ),
            _(
                "It notes each version that today, list and the others show; {previous} is "
                "the one before the last. To compare files: octopus diff OLD.toml NEW.toml"
            ).format(previous=PREVIOUS),
        )
    return Programme(current.conference, current.zone, sessions, PREVIOUS)


def _source(given: str) -> str:
    return given if given.startswith("@") else printable(given)
