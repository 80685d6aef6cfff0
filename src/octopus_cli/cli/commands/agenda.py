"""`agenda add|remove|show|clear`: the user's picks for this programme."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from ...core.text import printable
from ..params import Viewpoint
from ..runtime import Invocation, Run, choose_format
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
        sys.stderr.write(f"Picked {_ids_text(added)}; {len(after)} in your agenda.\n")
    already = [i for i in chosen if i in earlier]
    if already:
        sys.stderr.write(f"Already picked: {_ids_text(already)}.\n")
    # A friendly warning now saves a surprise later; `clashes` is the check to script.
    new = set(added)
    picked = [s for s in run.programme.sessions if s.id in now_picked]
    overlapping = [(a, b) for a, b in overlapping_pairs(picked) if a.id in new or b.id in new]
    for first, second in overlapping[:5]:
        sys.stderr.write(f"Note: {first.id} and {second.id} overlap (both picked).\n")
    if len(overlapping) > 5:
        sys.stderr.write(f"Note: {len(overlapping) - 5} more overlaps; see 'octopus clashes'.\n")


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
        sys.stderr.write(f"Removed {_ids_text(removed)}; {len(after)} in your agenda.\n")
    else:
        sys.stderr.write("None of those was in your agenda.\n")


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
        empty=lambda: "Your agenda is empty. Pick sessions with: octopus agenda add ws6",
    )


def clear(invocation: Invocation) -> None:
    """Remove every pick for this programme (it says which, so you can add them back).

    Example:

      octopus agenda clear
    """
    before, _ = _change(invocation.start(), lambda current: [])
    if before:
        sys.stderr.write(f"Removed {len(before)} picks: {_ids_text(before)}.\n")
    else:
        sys.stderr.write("Your agenda was already empty.\n")


def _change(run: Run, change: Callable[[list[str]], list[str]]) -> tuple[list[str], list[str]]:
    from ...store.agenda import agenda_path, update_picks

    return update_picks(agenda_path(os.environ), run.programme, change)


def _ids_text(ids: Sequence[str], shown: int = 10) -> str:
    """'ws6, ws8' or, for many, the first few and how many more."""
    text = ", ".join(printable(i) for i in ids[:shown])
    return text + (f" and {len(ids) - shown} more" if len(ids) > shown else "")
