"""`agenda add|remove|show|clear`: the user's picks for this programme."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from ...core.i18n import _, ngettext
from ...core.text import printable
from ..params import Viewpoint
from ..runtime import Invocation, Run, choose_format, note
from .listing import show_sessions

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ..options import FormatOption, RequiredIdsArgument


def add(invocation: Invocation, ids: RequiredIdsArgument) -> None:
    """Pick sessions: add them to your agenda.

    Examples:

      octopus agenda add ws6 ws8

      octopus agenda add 'outlook*'
    """
    from ...core.filters import match_ids
    from ...core.overlaps import overlapping_pairs

    run = invocation.start()
    chosen = [s.id for s in match_ids(run.programme, ids)]
    before, after = _change(run, lambda picks: [*picks, *chosen])
    earlier, now_picked = set(before), set(after)
    added = [i for i in after if i not in earlier]
    if added:
        count = len(after)
        line = ngettext(
            "Picked {ids}; {count} in your agenda.", "Picked {ids}; {count} in your agenda.", count
        )
        _say(line.format(ids=_ids_text(added), count=count))
    already = [i for i in chosen if i in earlier]
    if already:
        line = ngettext("Already picked: {ids}.", "Already picked: {ids}.", len(already))
        _say(line.format(ids=_ids_text(already)))
    # A friendly warning now saves a surprise later; `clashes` is the check to script.
    new = set(added)
    picked = [s for s in run.programme.sessions if s.id in now_picked]
    overlapping = [(a, b) for a, b in overlapping_pairs(picked) if a.id in new or b.id in new]
    for first, second in overlapping[:5]:
        note(
            _("{first} and {second} overlap (both picked).").format(
                first=first.id, second=second.id
            )
        )
    if len(overlapping) > 5:
        more = len(overlapping) - 5
        note(
            ngettext(
                "{count} more overlap; see 'octopus clashes'.",
                "{count} more overlaps; see 'octopus clashes'.",
                more,
            ).format(count=more)
        )


def remove(invocation: Invocation, ids: RequiredIdsArgument) -> None:
    """Drop sessions from your agenda (also picks the programme no longer has).

    Example:

      octopus agenda remove ws8
    """
    from ...core.filters import match_ids, normalise_id

    run = invocation.start()
    picks = run.agenda()
    stale = {normalise_id(i) for i in ids} & set(picks.missing)
    named = [i for i in ids if normalise_id(i) not in stale]
    dropping = set(stale) | {s.id for s in match_ids(run.programme, named)}
    before, after = _change(run, lambda current: [i for i in current if i not in dropping])
    remaining = set(after)
    removed = [i for i in before if i not in remaining]
    if removed:
        count = len(after)
        line = ngettext(
            "Removed {ids}; {count} in your agenda.",
            "Removed {ids}; {count} in your agenda.",
            count,
        )
        _say(line.format(ids=_ids_text(removed), count=count))
    else:
        _say(_("None of those was in your agenda."))


def show(
    invocation: Invocation, view: Viewpoint = Viewpoint(), output: FormatOption = None
) -> None:
    """Your agenda: the sessions you picked, by day, in your zone.

    Examples:

      octopus agenda show

      octopus agenda show --tz Asia/Manila --format json
    """
    run = view.start(invocation)
    show_sessions(
        run,
        run.agenda().sessions,
        choose_format(output),
        empty=lambda: _("Your agenda is empty. Pick sessions with: octopus agenda add ws6"),
    )


def clear(invocation: Invocation) -> None:
    """Remove every pick for this programme (it says which, so you can add them back).

    Example:

      octopus agenda clear
    """
    before, _after = _change(invocation.start(), lambda current: [])
    if before:
        count = len(before)
        line = ngettext("Removed {count} pick: {ids}.", "Removed {count} picks: {ids}.", count)
        _say(line.format(count=count, ids=_ids_text(before)))
    else:
        _say(_("Your agenda was already empty."))


def _change(run: Run, change: Callable[[list[str]], list[str]]) -> tuple[list[str], list[str]]:
    from ...store.agenda import agenda_path, update_picks

    return update_picks(agenda_path(os.environ), run.programme, change)


def _ids_text(ids: Sequence[str], shown: int = 10) -> str:
    """'ws6, ws8' or, for many, the first few and how many more."""
    text = ", ".join(printable(i) for i in ids[:shown])
    if len(ids) <= shown:
        return text
    more = len(ids) - shown
    return ngettext("{ids} and {count} more", "{ids} and {count} more", more).format(
        ids=text, count=more
    )


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
