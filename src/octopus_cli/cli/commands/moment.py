"""`now` and `next`: what runs at the clock's moment and what follows, slot by slot (a slot
is every session that starts at one time), with the filters of `list`."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.choices import OutputFormat
from ...core.errors import InputError
from ...core.i18n import _
from ..marks import noticing
from ..params import SessionFilters, Viewpoint
from ..runtime import Invocation, Run, choose_format, write

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ...core.changekinds import Marks
    from ...core.filters import SessionFilter
    from ...core.models import Session
    from ..options import FormatOption, IdsArgument, SlotsAndIdsArgument

DEFAULT_SLOTS = 3
MAX_SLOTS = 1000


def now(
    invocation: Invocation,
    ids: IdsArgument = None,
    filters: SessionFilters = SessionFilters(),
    view: Viewpoint = Viewpoint(),
    output: FormatOption = None,
) -> None:
    """What is on right now, how long it has left, and every session of the next slot.

    A break on now is shown as on now (--no-breaks hides breaks); when the next slot holds
    only breaks, the slot after it is shown too.

    Examples:

      octopus now

      octopus now --at 2021-11-17T14:30 --tz Asia/Manila

      octopus now --agenda --format plain
    """
    from ...core.schedule import in_progress, next_slots

    with noticing(view.start(invocation)) as noticed:
        run = noticed.run
        wanted = filters.select(run, ids)
        sessions = _chosen(run, wanted)
        current, slots = in_progress(sessions, run.now), next_slots(sessions, run.now, 1)
        show_moment(run, wanted, current, slots, None, choose_format(output), noticed.marks)


def next_command(
    invocation: Invocation,
    slots_and_ids: SlotsAndIdsArgument = None,
    filters: SessionFilters = SessionFilters(include_breaks=False),
    view: Viewpoint = Viewpoint(),
    output: FormatOption = None,
) -> None:
    """The next N slots after the clock (default 3), with countdowns.

    N counts slots, not sessions: a slot is every session that starts at one time, so
    parallel sessions always come together. Breaks are left out unless --include-breaks;
    a slot of breaks only is then shown but not counted. A first argument of digits is N;
    the others name sessions.

    Examples:

      octopus next

      octopus next 5 --tz Africa/Nairobi --at '2021-11-17 08:00'

      octopus next 1 --agenda

      octopus next 2 'ws1*' --format json
    """
    from ...core.schedule import next_slots

    count, ids = count_and_ids(slots_and_ids)
    with noticing(view.start(invocation)) as noticed:
        run = noticed.run
        wanted = filters.select(run, ids)
        slots = next_slots(_chosen(run, wanted), run.now, count)
        show_moment(run, wanted, [], slots, count, choose_format(output), noticed.marks)


def count_and_ids(words: Sequence[str] | None) -> tuple[int, list[str]]:
    """`next`'s arguments: a first one of ASCII digits is the number of slots; the rest
    are session ids, labels or patterns."""
    given = list(words or ())
    first = given[0] if given else ""
    if not (first.isascii() and first.isdigit()):
        return DEFAULT_SLOTS, given
    if len(first) > 4 or not 1 <= int(first) <= MAX_SLOTS:
        hint = _("For example 'octopus next 3'.")
        if int(first):  # perhaps a session id made of digits
            hint += " " + _(
                "A session id made of digits goes after N: 'octopus next 3 {id}'."
            ).format(id=first)
        message = _("'N' is a number of slots from 1 to {most}, not {given}")
        raise InputError(message.format(most=MAX_SLOTS, given=first), hint)
    return int(first), given[1:]


def _chosen(run: Run, wanted: SessionFilter) -> list[Session]:
    from ...core.filters import select

    return select(run.programme, wanted, run.zone, run.today)


def show_moment(
    run: Run,
    wanted: SessionFilter,
    current: Sequence[Session],
    slots: Sequence[Sequence[Session]],
    asked: int | None,
    output: OutputFormat,
    changed: Marks | None = None,
) -> None:
    """Show what is on and the slots that follow. `asked`: the slots `next` was asked for
    (it then has a heading); None for `now` (whose rows say 'now' or 'next')."""
    from ...core.schedule import moment_sentence
    from ...views import formats, moments

    zone, now_ = run.zone, run.now
    following = [session for slot in slots for session in slot]
    picked = frozenset() if output is OutputFormat.CSV else run.picked()
    if output is OutputFormat.JSON:
        write(moments.moment_json(run.programme, zone, now_, current, following, picked, changed))
        return
    if output is OutputFormat.CSV:
        write(formats.sessions_csv([*current, *following], zone))
        return
    selection = wanted.describe()
    found = bool(current or following)
    note = moment_sentence(run.programme, now_, zone, found=found, selection=selection)
    if not found:
        write(f"{note}\n")
        return
    current, slots = run.shown(current), [run.shown(slot) for slot in slots]
    rows = moments.moment_rows(current, slots, now_, zone)
    zones = formats.zone_columns(run.zones, run.programme.zone)
    heading = None
    if asked is not None:
        counted = sum(1 for slot in slots if not all(s.is_break for s in slot))
        heading = moments.next_heading(counted, asked, selection)
    if output is OutputFormat.PLAIN:
        write(moments.moment_plain(rows, zones, now_, picked, note, heading, changed))
        return
    from ...views.consoles import make_console
    from ...views.render import now_view

    console = make_console(no_color=run.settings.no_color)
    view = now_view(
        rows,
        now_,
        zones,
        run.programme.zone,
        picked,
        width=console.width,
        labels=asked is None,
        note=note,
        heading=heading,
        changed=changed,
    )
    console.print(view)
