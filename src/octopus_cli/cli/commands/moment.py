"""`now` and `next`: what runs at the clock's moment and what follows, with countdowns."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.choices import OutputFormat
from ..params import Viewpoint
from ..runtime import Invocation, Run, choose_format, write

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any

    from ...core.models import Session
    from ..options import BreaksOption, CountArgument, FormatOption


def now(invocation: Invocation, view: Viewpoint = Viewpoint(), output: FormatOption = None) -> None:
    """What is on right now, how long it has left, and what comes next.

    Examples:

      octopus now

      octopus now --at 2021-11-17T14:30 --format plain
    """
    from ...core.schedule import in_progress, upcoming

    run = view.start(invocation)
    sessions = run.programme.sessions
    current, following = in_progress(sessions, run.now), upcoming(sessions, run.now, 1)
    show_moment(run, current, following, choose_format(output))


def next_command(
    invocation: Invocation,
    count: CountArgument = 3,
    include_breaks: BreaksOption = False,
    view: Viewpoint = Viewpoint(),
    output: FormatOption = None,
) -> None:
    """The next sessions after the clock, with countdowns.

    Examples:

      octopus next

      octopus next 5 --tz Africa/Nairobi --at '2021-11-17 08:00'
    """
    from ...core.schedule import upcoming

    run = view.start(invocation)
    sessions = [s for s in run.programme.sessions if include_breaks or not s.is_break]
    show_moment(run, [], upcoming(sessions, run.now, count), choose_format(output))


def show_moment(
    run: Run, current: Sequence[Session], following: Sequence[Session], output: OutputFormat
) -> None:
    from ...core.clock import format_duration
    from ...core.schedule import conference_span
    from ...views import formats

    zone, now_ = run.zone, run.now
    picked = frozenset() if output is OutputFormat.CSV else run.picked()
    if output is OutputFormat.JSON:

        def record(session: Session) -> dict[str, Any]:
            item = formats.session_record(session, zone, picked)
            item["starts_in_minutes"] = int((session.start - now_).total_seconds() // 60)
            item["ends_in_minutes"] = int((session.end - now_).total_seconds() // 60)
            return item

        write(
            formats.to_json(
                formats.envelope(
                    run.programme,
                    zone,
                    now=now_.astimezone(zone).isoformat(),
                    in_progress=[record(s) for s in current],
                    next=[record(s) for s in following],
                )
            )
        )
        return
    if output is OutputFormat.CSV:
        write(formats.sessions_csv([*current, *following], zone))
        return
    if not current and not following:
        span = conference_span(run.programme, zone).describe()
        ended = run.programme.sessions and now_ >= max(s.end for s in run.programme.sessions)
        write(f"Nothing on now; the conference {'ran' if ended else 'runs'} {span}.\n")
        return
    if output is OutputFormat.TABLE:
        from ...views.consoles import make_console
        from ...views.render import now_view

        console = make_console(no_color=run.settings.no_color)
        console.print(now_view(current, following, now_, zone, picked, width=console.width))
        return
    lines = [
        formats.session_line(
            s, [zone], run.today, f"  ({format_duration(s.end - now_)} left)", picked
        )
        for s in current
    ]
    lines += [
        formats.session_line(
            s, [zone], run.today, f"  ({formats.countdown(now_, s.start)})", picked
        )
        for s in following
    ]
    write("\n".join(lines) + "\n")
