"""`octopus grid`: the timetable as a grid, one column per track, time down the side.

Three layers are tested: the layout (`grid.py`: rows, blocks, widening, midnight cuts),
the drawing (`gridview.py`: widths, shading, marks) and the command (`octopus grid`:
filters, files, pictures, the fallback to a list, hostile data).

Expectations about the real programme are written by hand from data/programme.toml
(Europe/Paris, CET = UTC+1 in November 2021; Asia/Tokyo = UTC+9, so Tokyo is 8 hours
ahead of Paris):
  16 Nov  plenary 13:00-18:00 Paris = 21:00 16 Nov - 02:00 17 Nov Tokyo
  17 Nov  ws1 07:00-08:50 · ws2/ws3 09:00-10:50 · ws4/ws5 11:00-12:50 · break1 13:00-14:00
          ws6/ws7 14:00-15:50 · ws8/lt1 16:00-17:50 · ws9 18:00-19:50 (tracks 1/2)
  In Tokyo, 17 Nov holds the end of the plenary (00:00-02:00), nothing until ws1 at 15:00,
  then everything up to ws6/ws7 (22:00-23:50); ws8/lt1 begin at 00:00 on the 18th.
"""

from __future__ import annotations

import io
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import FALL_BACK_PROGRAMME, Run, write_programme
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, Group
from typer.testing import Result

from octopus_cli.core.choices import Kind
from octopus_cli.core.models import Session
from octopus_cli.sources.loader import load_programme
from octopus_cli.views.formats import zone_columns
from octopus_cli.views.grid import Block, DayGrid, day_grid, grid_days, timetable
from octopus_cli.views.gridview import MIN_TRACK_WIDTH, grid_view, grid_width_needed, zone_label

PARIS = ZoneInfo("Europe/Paris")
TOKYO = ZoneInfo("Asia/Tokyo")
KOLKATA = ZoneInfo("Asia/Kolkata")
UTC_ZONE = ZoneInfo("UTC")
BOX_CORNERS = set("┌┐└┘┼├┤┬┴")
GRID_LINE_STARTS = tuple("┌├│└")

PROGRAMME = load_programme()
NON_BREAK_IDS = [s.id for s in PROGRAMME.sessions if not s.is_break]
BREAK_IDS = [s.id for s in PROGRAMME.sessions if s.is_break]


# ---- helpers --------------------------------------------------------------------------------


def moment(text: str, zone: ZoneInfo = UTC_ZONE) -> datetime:
    """'2021-11-16T09:00' as an aware datetime in `zone`."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def make_session(
    session_id: str,
    start: datetime,
    end: datetime,
    track: int = 1,
    kind: Kind = Kind.TALK,
    title: str | None = None,
) -> Session:
    return Session(
        id=session_id,
        title=title or f"Title of {session_id}",
        kind=kind,
        track=track,
        start=start,
        end=end,
    )


def on_16(session_id: str, start: str, end: str, track: int = 1) -> Session:
    """A session on 16 Nov 2021 in UTC, times as 'HH:MM'."""
    return make_session(
        session_id, moment(f"2021-11-16T{start}"), moment(f"2021-11-16T{end}"), track
    )


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), zone)


def blocks_by_id(grid: DayGrid) -> dict[str, Block]:
    found = {block.session.id: block for block in grid.blocks}
    assert len(found) == len(grid.blocks), "a session placed twice in one day"
    return found


def clock(grid: DayGrid, zone: ZoneInfo) -> list[tuple[str, str]]:
    """The rows as ('HH:MM', 'HH:MM') wall times in `zone`."""
    return [
        (f"{row.start.astimezone(zone):%H:%M}", f"{row.end.astimezone(zone):%H:%M}")
        for row in grid.rows
    ]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


def has_id(text: str, session_id: str) -> bool:
    """Whether the id shows as a word (ws1 is not found inside ws10)."""
    return re.search(rf"(?<![\w-]){re.escape(session_id)}(?![\w-])", text) is not None


def line_with(text: str, fragment: str) -> str:
    lines = [line for line in text.splitlines() if fragment in line]
    assert lines, f"no line contains {fragment!r}"
    return lines[0]


def plain_console(width: int) -> tuple[Console, io.StringIO]:
    """A console without colour drawing `width` columns into memory, and that memory."""
    screen = io.StringIO()
    console = Console(
        width=width,
        color_system=None,
        file=screen,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )
    return console, screen


def svg_text(data: str) -> str:
    """The visible text of an SVG from Rich (parsing it proves it well-formed)."""
    root = ET.fromstring(data)
    texts = ["".join(e.itertext()) for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "text"]
    return "".join(texts).replace("\xa0", " ")


def one_day_programme(tmp_path: Path, sessions_toml: str, name: str = "Small Conference") -> Path:
    head = textwrap.dedent(
        f"""\
        [conference]
        name = "{name}"
        timezone = "Europe/Paris"
        start_date = 2021-11-16
        end_date = 2021-11-16

        """
    )
    return write_programme(tmp_path, head + textwrap.dedent(sessions_toml))


# ---- layout: rows and blocks ----------------------------------------------------------------


def test_rows_are_the_intervals_between_starts_and_ends_where_something_runs() -> None:
    sessions = [
        on_16("a1", "09:00", "10:00"),
        on_16("a2", "10:00", "11:00"),
        on_16("b", "09:00", "11:00", track=2),
        on_16("c", "12:00", "13:00", track=2),
    ]
    grid = day_grid(sessions, date(2021, 11, 16), UTC_ZONE)
    assert grid.tracks == (1, 2)
    # 11:00-12:00 has nothing on: not a row.
    assert clock(grid, UTC_ZONE) == [("09:00", "10:00"), ("10:00", "11:00"), ("12:00", "13:00")]
    blocks = blocks_by_id(grid)
    assert (blocks["a1"].first, blocks["a1"].last, blocks["a1"].column) == (0, 0, 0)
    assert (blocks["a2"].first, blocks["a2"].last, blocks["a2"].column) == (1, 1, 0)
    # Track 2 runs 09:00-11:00 across both rows of track 1.
    assert (blocks["b"].first, blocks["b"].last, blocks["b"].column) == (0, 1, 1)
    assert (blocks["c"].first, blocks["c"].last, blocks["c"].column) == (2, 2, 1)
    assert all(b.width == 1 for b in grid.blocks)  # every block is boxed in on its right


def test_a_lone_session_widens_rightwards_over_free_columns_only() -> None:
    sessions = [
        # 09:00: only track 1 -> it takes the page.
        on_16("lone", "09:00", "10:00", track=1),
        # 10:00: tracks 1 and 3 -> track 1 may take track 2, not track 3.
        on_16("left", "10:00", "11:00", track=1),
        on_16("right", "10:00", "11:00", track=3),
        # 11:00-13:00 in track 1; track 2 busy for half of it -> no widening.
        on_16("long", "11:00", "13:00", track=1),
        on_16("half", "12:00", "13:00", track=2),
        # 14:00: only track 2 -> widens over track 3, never leftwards over track 1.
        on_16("middle", "14:00", "15:00", track=2),
        # 16:00: only track 3 -> nothing on its right, stays one column wide.
        on_16("last", "16:00", "17:00", track=3),
    ]
    grid = day_grid(sessions, date(2021, 11, 16), UTC_ZONE)
    placed = {sid: (b.column, b.width) for sid, b in blocks_by_id(grid).items()}
    assert placed == {
        "lone": (0, 3),
        "left": (0, 2),
        "right": (2, 1),
        "long": (0, 1),
        "half": (1, 2),
        "middle": (1, 2),
        "last": (2, 1),
    }


def test_a_session_crossing_the_viewers_midnight_is_cut_and_shown_on_both_dates() -> None:
    # 18:00-20:00 UTC on 16 Nov is 23:30 16 Nov - 01:30 17 Nov in Kolkata (UTC+5:30).
    night = make_session("night", moment("2021-11-16T18:00"), moment("2021-11-16T20:00"))
    # 17:30-18:30 UTC is 23:00-24:00 in Kolkata: it ends at midnight, so the 17th lacks it.
    to_midnight = make_session(
        "to-midnight", moment("2021-11-16T17:30"), moment("2021-11-16T18:30"), track=2
    )
    later = make_session("later", moment("2021-11-17T03:00"), moment("2021-11-17T04:00"))
    sessions = [night, to_midnight, later]

    assert grid_days(sessions, KOLKATA) == [date(2021, 11, 16), date(2021, 11, 17)]
    first, second = timetable(sessions, KOLKATA)
    assert (first.day, second.day) == (date(2021, 11, 16), date(2021, 11, 17))

    assert clock(first, KOLKATA) == [("23:00", "23:30"), ("23:30", "00:00")]
    assert utc(first.rows[-1].end) == utc(midnight(date(2021, 11, 17), KOLKATA))
    cut = blocks_by_id(first)["night"]
    assert (cut.first, cut.last) == (1, 1)
    assert (cut.from_earlier_day, cut.into_later_day) == (False, True)
    ends = blocks_by_id(first)["to-midnight"]
    assert (ends.from_earlier_day, ends.into_later_day) == (False, False)

    assert set(blocks_by_id(second)) == {"night", "later"}
    assert clock(second, KOLKATA) == [("00:00", "01:30"), ("08:30", "09:30")]
    assert utc(second.rows[0].start) == utc(midnight(date(2021, 11, 17), KOLKATA))
    rest = blocks_by_id(second)["night"]
    assert (rest.first, rest.last) == (0, 0)
    assert (rest.from_earlier_day, rest.into_later_day) == (True, False)


def test_days_restricts_the_grids_and_dates_with_nothing_are_left_out() -> None:
    night = make_session("night", moment("2021-11-16T18:00"), moment("2021-11-16T20:00"))
    early = make_session("early", moment("2021-11-16T04:00"), moment("2021-11-16T05:00"))
    sessions = [night, early]
    assert [g.day for g in timetable(sessions, KOLKATA)] == [date(2021, 11, 16), date(2021, 11, 17)]
    only = timetable(sessions, KOLKATA, days=[date(2021, 11, 17)])
    assert [g.day for g in only] == [date(2021, 11, 17)]
    assert set(blocks_by_id(only[0])) == {"night"}
    # An empty date is dropped; the rest come in date order whatever order was asked.
    chosen = [date(2021, 11, 20), date(2021, 11, 17), date(2021, 11, 16)]
    assert [g.day for g in timetable(sessions, KOLKATA, days=chosen)] == sorted(chosen[1:])
    assert timetable(sessions, KOLKATA, days=[date(2021, 11, 20)]) == []


def test_after_gap_marks_only_pauses_longer_than_half_an_hour() -> None:
    sessions = [
        on_16("a", "09:00", "10:00"),
        on_16("b", "10:30", "11:00"),  # exactly 30 minutes later: no mark
        on_16("c", "11:31", "12:00"),  # 31 minutes: marked
        on_16("d", "12:10", "13:00"),  # 10 minutes: no mark
        on_16("e", "14:00", "15:00"),  # an hour, but track 2 fills most of it
        on_16("f", "13:10", "13:50", track=2),
    ]
    grid = day_grid(sessions, date(2021, 11, 16), UTC_ZONE)
    starts = [f"{row.start:%H:%M}" for row in grid.rows if row.after_gap]
    assert starts == ["11:31"]
    assert grid.rows[0].after_gap is False


# ---- layout: properties over random programmes ------------------------------------------------

# Viewer zones: half- and quarter-hour offsets, both hemispheres' daylight saving time.
VIEWER_ZONES = [
    "UTC",
    "Europe/Paris",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "America/St_Johns",
    "America/New_York",
    "Asia/Tokyo",
    "Pacific/Chatham",
]
# Where random programmes begin: the conference's week, and days with clock changes in
# the viewer's zones (New York 7 Nov 2021; Adelaide 4 Apr and 3 Oct 2021) and in Paris, the
# programme's zone, as the loader makes the sessions (31 Oct 2021: 02:30 happens twice).
BASES = [
    datetime(2021, 11, 16, tzinfo=UTC),
    datetime(2021, 10, 30, 22, tzinfo=UTC),
    datetime(2021, 11, 6, tzinfo=UTC),
    datetime(2021, 4, 3, tzinfo=UTC),
    datetime(2021, 10, 2, tzinfo=UTC),
]
TITLE_PARTS = ["Cyber", "crime", " ", "-", "é", "日本語", "★", "[b]", "\x1b[31m", "x" * 30]
titles = st.lists(st.sampled_from(TITLE_PARTS), min_size=1, max_size=12).map("".join)


@st.composite
def programmes(draw: st.DrawFn) -> list[Session]:
    """1-3 tracks of up to 4 sessions each, never overlapping within a track; starting
    anywhere in the day and up to 6 hours long, so many cross some zone's midnight."""
    base = draw(st.sampled_from(BASES))
    sessions: list[Session] = []
    for track in range(1, draw(st.integers(1, 3)) + 1):
        cursor = base + timedelta(minutes=5 * draw(st.integers(0, 24 * 12)))
        for n in range(draw(st.integers(1 if track == 1 else 0, 4))):
            cursor += timedelta(minutes=5 * draw(st.integers(0, 24)))
            end = cursor + timedelta(minutes=5 * draw(st.integers(1, 72)))
            kind = draw(st.sampled_from([Kind.TALK, Kind.WORKSHOP, Kind.BREAK]))
            sessions.append(
                make_session(
                    f"t{track}s{n}",
                    cursor.astimezone(PARIS),
                    end.astimezone(PARIS),
                    track=track,
                    kind=kind,
                    title=draw(titles),
                )
            )
            cursor = end
    return sessions


def touched_dates(session: Session, zone: ZoneInfo) -> set[date]:
    """The local dates in `zone` that the session runs on, by walking midnights."""
    day = session.start.astimezone(zone).date()
    dates = set()
    while utc(midnight(day, zone)) < utc(session.end):
        dates.add(day)
        day += timedelta(days=1)
    return dates


@given(sessions=programmes(), zone=st.sampled_from(VIEWER_ZONES).map(ZoneInfo))
def test_layout_properties_for_random_programmes(sessions: list[Session], zone: ZoneInfo) -> None:
    grids = timetable(sessions, zone)
    shown_on: dict[str, set[date]] = {s.id: set() for s in sessions}
    for grid in grids:
        opens, closes = utc(midnight(grid.day, zone)), utc(midnight(grid.day + timedelta(1), zone))
        rows = [(utc(row.start), utc(row.end)) for row in grid.rows]
        assert rows, "an empty grid is shown"
        assert all(opens <= start < end <= closes for start, end in rows)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(rows))
        gaps = [False] + [
            b_start - a_end > timedelta(minutes=30) for (_, a_end), (b_start, _) in pairwise(rows)
        ]
        assert [row.after_gap for row in grid.rows] == gaps

        covered: set[tuple[int, int]] = set()
        for block in grid.blocks:
            session = block.session
            shown_on[session.id].add(grid.day)
            # Its rows cover exactly its time clipped to this date, with no hole.
            assert 0 <= block.first <= block.last < len(rows)
            assert rows[block.first][0] == max(utc(session.start), opens)
            assert rows[block.last][1] == min(utc(session.end), closes)
            span = rows[block.first : block.last + 1]
            assert all(a_end == b_start for (_, a_end), (b_start, _) in pairwise(span))
            assert block.from_earlier_day == (utc(session.start) < opens)
            assert block.into_later_day == (utc(session.end) > closes)
            # Its own track's column, widened only rightwards and inside the grid.
            assert block.column == grid.tracks.index(session.track)
            assert 1 <= block.width <= len(grid.tracks) - block.column
            for r in range(block.first, block.last + 1):
                for c in range(block.column, block.column + block.width):
                    assert (r, c) not in covered, f"two blocks on row {r}, column {c}"
                    covered.add((r, c))
        # Every row has something on; the tracks are those of the day's sessions.
        assert {r for r, _ in covered} == set(range(len(rows)))
        assert grid.tracks == tuple(sorted({b.session.track for b in grid.blocks}))
        # Widening stops only at the edge or at a column busy in one of the block's rows.
        for block in grid.blocks:
            right = block.column + block.width
            rows_of_block = range(block.first, block.last + 1)
            assert right == len(grid.tracks) or any((r, right) in covered for r in rows_of_block)

    for session in sessions:
        assert shown_on[session.id] == touched_dates(session, zone), session.id
    assert [g.day for g in grids] == sorted({d for s in sessions for d in touched_dates(s, zone)})


@given(
    sessions=programmes(),
    zone=st.sampled_from(VIEWER_ZONES).map(ZoneInfo),
    width=st.integers(20, 160),
    now_index=st.integers(0, 20),
)
def test_drawn_lines_fill_exactly_the_width_or_the_grid_is_refused(
    sessions: list[Session], zone: ZoneInfo, width: int, now_index: int
) -> None:
    zones = zone_columns([zone], PARIS)
    now = sessions[now_index % len(sessions)].start
    picked = frozenset(s.id for s in sessions[::2])
    for grid in timetable(sessions, zone):
        console, screen = plain_console(width)
        view = grid_view(grid, zones, PARIS, console, width=width, now=now, picked=picked)
        assert (view is None) == (width < grid_width_needed(grid, zones, PARIS))
        if view is None:
            continue
        console.print(view)
        output = screen.getvalue()
        assert "\x1b" not in output
        drawn = [line for line in output.splitlines() if line.startswith(GRID_LINE_STARTS)]
        # One screen line per drawn line (nothing wrapped), each exactly `width` cells; the
        # heading above them is one line, or two (the day, then the zones) when narrow.
        assert isinstance(view, Group)
        headings = [r for r in view.renderables if not str(r).startswith(GRID_LINE_STARTS)]
        assert len(headings) in (1, 2)
        assert len(drawn) == len(view.renderables) - len(headings)
        assert [cell_len(line) for line in drawn] == [width] * len(drawn)
        assert drawn[0].startswith("┌") and drawn[-1].startswith("└")
        # The top edge has one segment per column; a track is never narrower than the minimum.
        segments = drawn[0][1:-1].split("┬")
        assert len(segments) == len(zones) + len(grid.tracks)
        assert all(len(s) - 2 >= MIN_TRACK_WIDTH for s in segments[len(zones) :])
        for block in grid.blocks:
            assert has_id(output, block.session.id)


@given(
    sessions=programmes(),
    zone=st.sampled_from(VIEWER_ZONES).map(ZoneInfo),
    width=st.integers(20, 80),
)
def test_a_cramped_grid_fills_exactly_its_width_or_is_refused(
    sessions: list[Session], zone: ZoneInfo, width: int
) -> None:
    """With an explicit --width (`cramped`), tracks narrower than the comfortable minimum are
    drawn, down to the least width; every line still fills exactly the width."""
    zones = zone_columns([zone], PARIS)
    for grid in timetable(sessions, zone):
        console, screen = plain_console(width)
        view = grid_view(grid, zones, PARIS, console, width=width, cramped=True)
        assert (view is None) == (width < grid_width_needed(grid, zones, PARIS, cramped=True))
        if view is None:
            continue
        console.print(view)
        drawn = [
            line for line in screen.getvalue().splitlines() if line.startswith(GRID_LINE_STARTS)
        ]
        assert drawn and [cell_len(line) for line in drawn] == [width] * len(drawn)


# ---- drawing -------------------------------------------------------------------------------


def test_zone_label_is_the_last_part_of_the_zone_name() -> None:
    assert zone_label(TOKYO) == "Tokyo"
    assert zone_label(ZoneInfo("America/Argentina/Buenos_Aires")) == "Buenos Aires"
    assert zone_label(UTC_ZONE) == "UTC"
    assert zone_label(ZoneInfo("Etc/GMT+5")) == "UTC-5"  # the IANA's sign is inverted
    assert zone_label(ZoneInfo("Etc/GMT-14")) == "UTC+14"


def test_time_columns_that_would_read_the_same_show_whole_zone_names(run: Run) -> None:
    zones = ("America/Indiana/Indianapolis", "America/Indianapolis")
    result = ok(run("grid", "--day", "tue", "--tz", zones[0], "--tz", zones[1], "-w", "140"))
    header = result.stdout.splitlines()[2]
    assert zones[0] in header and zones[1] in header


def test_grid_view_fits_at_the_width_it_says_it_needs_and_not_one_column_less() -> None:
    zones = zone_columns([TOKYO], PARIS)
    grids = timetable(PROGRAMME.sessions, TOKYO)
    assert grids
    for grid in grids:
        needed = grid_width_needed(grid, zones, PARIS)
        console, _ = plain_console(needed)
        assert grid_view(grid, zones, PARIS, console, width=needed) is not None
        assert grid_view(grid, zones, PARIS, console, width=needed - 1) is None


def test_tokyo_grid_has_both_zones_and_opens_with_the_plenary_from_the_day_before(
    run: Run,
) -> None:
    out = ok(run("grid", "--tz", "Asia/Tokyo", "--day", "wed")).stdout
    assert "Wed 17 Nov 2021" in out
    assert "Tue 16 Nov" not in out and "Thu 18 Nov" not in out
    header = [line for line in out.splitlines() if "Tokyo" in line and "│" in line]
    assert header and "Paris" in header[0] and "Track 1" in header[0] and "Track 2" in header[0]
    assert "(conf.)" in out
    # The first row after the header is the end of the plenary, 00:00-02:00 in Tokyo,
    # and its block shows the whole session: 21:00 the day before until 02:00.
    timed = [line for line in out.splitlines() if re.search(r"│ \d\d:\d\d–\d\d:\d\d", line)]
    assert "00:00–02:00" in timed[0] and has_id(timed[0], "plenary")
    assert "21:00 -1d–02:00" in out
    # ws1 is 15:00-16:50 in Tokyo and 07:00-08:50 in Paris, on one line.
    ws1 = line_with(out, " ws1 ")
    assert "15:00–16:50" in ws1 and "07:00–08:50" in ws1
    # ws8 starts at midnight in Tokyo: on the 18th, not here.
    assert not has_id(out, "ws8")


def test_a_long_pause_gets_a_dashed_rule_and_short_ones_do_not(run: Run) -> None:
    tokyo = ok(run("grid", "--tz", "Asia/Tokyo", "--day", "wed")).stdout.splitlines()
    dashed = [n for n, line in enumerate(tokyo) if "╌" in line]
    # 02:00-15:00 has nothing on: one dashed rule, right above the ws1 row.
    assert len(dashed) == 1
    assert "15:00–16:50" in tokyo[dashed[0] + 1]
    # In Paris the pauses of 17 Nov are 10 minutes: no dashed rule.
    paris = ok(run("grid", "--day", "wed")).stdout
    assert "╌" not in paris


def test_breaks_are_shaded_and_sessions_are_not(run: Run) -> None:
    out = ok(run("grid", "--day", "wed")).stdout
    assert "░" in line_with(out, "break1")
    for session_id in ("ws1", "ws2", "ws6", "ws9"):
        assert "░" not in line_with(out, f" {session_id} ")


def test_picks_get_a_star_after_the_id(run: Run) -> None:
    ok(run("agenda", "add", "ws6"))
    out = ok(run("grid", "--day", "wed")).stdout
    assert "ws6 ★" in out
    assert out.count("★") == 1
    ws7_cell = next(cell for cell in line_with(out, " ws7 ").split("│") if "ws7" in cell)
    assert "★" not in ws7_cell


def test_picked_argument_stars_sessions_in_the_view() -> None:
    grids = timetable(PROGRAMME.sessions, PARIS, days=[date(2021, 11, 17)])
    console, screen = plain_console(100)
    view = grid_view(grids[0], [PARIS], PARIS, console, width=100, picked=frozenset({"ws3"}))
    assert view is not None
    console.print(view)
    out = screen.getvalue()
    assert "ws3 ★" in out and out.count("★") == 1


def test_sessions_in_progress_at_the_given_time_are_marked_now(run: Run) -> None:
    out = ok(run("grid", "--day", "wed", "--at", "2021-11-17T09:30")).stdout
    assert "ws2 ◀ now" in out and "ws3 ◀ now" in out
    assert out.count("◀ now") == 2
    # Between sessions (10:55), nothing is marked; the mark follows OCTOPUS_NOW too.
    assert "◀ now" not in ok(run("grid", "--at", "2021-11-17T10:55")).stdout
    later = ok(run("grid", "--day", "wed", env={"OCTOPUS_NOW": "2021-11-17T18:30"})).stdout
    assert "ws9 ◀ now" in later and later.count("◀ now") == 1


# ---- the command -----------------------------------------------------------------------------


def test_grid_shows_every_session_of_the_programme(run: Run) -> None:
    result = ok(run("grid"))
    for session_id in NON_BREAK_IDS + BREAK_IDS:
        assert has_id(result.stdout, session_id), session_id
    for heading in ("Tue 16 Nov 2021", "Wed 17 Nov 2021", "Thu 18 Nov 2021"):
        assert heading in result.stdout
    assert "┌" in result.stdout
    assert result.stderr == ""


def test_day_filter_shows_that_day_only(run: Run) -> None:
    out = ok(run("grid", "--day", "wed")).stdout
    assert "Wed 17 Nov 2021" in out
    assert has_id(out, "ws1") and has_id(out, "ws9")
    for absent in ("plenary", "ws10", "conclusions"):
        assert not has_id(out, absent)
    assert ok(run("grid", "--day", "2")).stdout == out


def test_tz_adds_the_viewers_zone_beside_the_conferences(run: Run) -> None:
    out = ok(run("grid", "--tz", "America/New_York", "--day", "wed")).stdout
    assert "New York" in out and "Paris" in out
    # New York is UTC-5 in November: ws1 at 01:00-02:50 there, 07:00-08:50 in Paris.
    ws1 = line_with(out, " ws1 ")
    assert "01:00–02:50" in ws1 and "07:00–08:50" in ws1


def test_track_filter_keeps_one_track(run: Run) -> None:
    out = ok(run("grid", "--track", "2")).stdout
    track2 = {s.id for s in PROGRAMME.sessions if s.track == 2}
    assert track2
    for session in PROGRAMME.sessions:
        assert has_id(out, session.id) == (session.id in track2), session.id
    assert "Track 2" in out and "Track 1" not in out


def test_kind_and_search_filters_narrow_the_grid(run: Run) -> None:
    talks = ok(run("grid", "--kind", "lightning-talks")).stdout
    assert [s.id for s in PROGRAMME.sessions if has_id(talks, s.id)] == ["lt1", "lt2"]
    found = ok(run("grid", "--search", "ransomware")).stdout
    assert has_id(found, "ws7") and "WS 7: Ransomware" in found
    assert not has_id(found, "ws6")


def test_no_breaks_drops_the_shaded_breaks(run: Run) -> None:
    out = ok(run("grid", "--no-breaks")).stdout
    assert "░" not in out
    for session_id in BREAK_IDS:
        assert not has_id(out, session_id)
    for session_id in NON_BREAK_IDS:
        assert has_id(out, session_id)


def test_svg_file_is_a_wellformed_picture_with_the_titles(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "grid.svg"
    result = ok(run("grid", "-o", str(target)))
    assert result.stdout == ""
    assert "Wrote the grid to" in result.stderr and "grid.svg" in result.stderr
    data = target.read_text(encoding="utf-8")
    text = svg_text(data)
    for title in ("WS 7: Ransomware", "Lightning talks II", "Regional Workshop for Asia"):
        assert title in text
    assert "woff" not in data and "cdnjs" not in data


def test_svg_is_the_same_bytes_every_time(run: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    ok(run("grid", "--tz", "Asia/Tokyo", "-o", str(first)))
    ok(run("grid", "--tz", "Asia/Tokyo", "-o", str(second)))
    assert first.read_bytes() == second.read_bytes()


def test_svg_to_stdout_with_format_and_dash(run: Run) -> None:
    result = ok(run("grid", "--day", "thu", "--format", "svg", "-o", "-"))
    assert result.stdout.lstrip().startswith("<svg")
    assert "Workshop 12: Cybercrime victims" in svg_text(result.stdout)


def test_text_file_is_plain_text(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "grid.txt"
    result = ok(run("grid", "--day", "wed", "-o", str(target)))
    assert result.stdout == ""
    assert "Wrote the grid to" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert "\x1b" not in text
    assert "┌" in text and "WS 7: Ransomware" in text and "<svg" not in text
    # A file gets 100 columns whatever the terminal.
    drawn = [line for line in text.splitlines() if line.startswith(GRID_LINE_STARTS)]
    assert {cell_len(line) for line in drawn} == {100}


def test_output_replaces_an_existing_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "grid.txt"
    target.write_text("old content\n" * 5000, encoding="utf-8")
    ok(run("grid", "--day", "thu", "-o", str(target)))
    text = target.read_text(encoding="utf-8")
    assert "old content" not in text and "Thu 18 Nov 2021" in text


def test_output_into_a_missing_directory_fails_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    before = sorted(tmp_path.iterdir())
    result = run("grid", "-o", str(tmp_path / "missing" / "grid.svg"))
    assert result.exit_code == 2
    assert "Error:" in result.stderr and "Traceback" not in result.stderr
    assert "Wrote" not in result.stderr
    assert result.stdout == ""
    assert sorted(tmp_path.iterdir()) == before


def test_width_below_the_minimum_is_refused(run: Run) -> None:
    result = run("grid", "--width", "5")
    assert result.exit_code == 2
    assert "Error" in result.stderr and "--width" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("day", ["sun", "not-a-day", "9"])
def test_a_bad_day_is_refused(run: Run, day: str) -> None:
    result = run("grid", "--day", day)
    assert result.exit_code == 2
    assert "Error:" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_filter_matching_nothing_says_so(run: Run) -> None:
    result = run("grid", "--search", "no such words anywhere")
    assert result.exit_code == 0
    assert "No sessions match." in result.stderr
    assert result.stdout == ""


def test_a_narrow_terminal_gets_the_list_for_every_day(run: Run) -> None:
    result = ok(run("grid", env={"COLUMNS": "40"}))
    note = re.search(
        r"Note: the grid needs (\d+) columns and has 40; showing a list", result.stderr
    )
    assert note is not None, result.stderr
    needed = int(note.group(1))
    assert needed > 40
    assert not BOX_CORNERS.intersection(result.stdout)
    for heading in ("Tue 16 Nov 2021", "Wed 17 Nov 2021", "Thu 18 Nov 2021"):
        assert heading in result.stdout
    for session_id in NON_BREAK_IDS:
        assert has_id(result.stdout, session_id), session_id
    # The number in the note is true: at that width the grid fits, one less it does not.
    wide = ok(run("grid", env={"COLUMNS": str(needed)}))
    assert "Note:" not in wide.stderr and "┌" in wide.stdout
    assert "Note: the grid needs" in ok(run("grid", env={"COLUMNS": str(needed - 1)})).stderr


def test_width_option_overrides_a_narrow_terminal(run: Run) -> None:
    result = ok(run("grid", "--day", "wed", "--width", "120", env={"COLUMNS": "40"}))
    assert "Note:" not in result.stderr
    drawn = [line for line in result.stdout.splitlines() if line.startswith(GRID_LINE_STARTS)]
    assert drawn and {cell_len(line) for line in drawn} == {120}


def test_output_that_is_not_a_terminal_has_no_escape_sequences(run: Run) -> None:
    # NO_COLOR unset: still no colour, since the output is not a terminal.
    result = ok(run("grid", "--at", "2021-11-17T09:30", env={"NO_COLOR": ""}))
    assert "\x1b" not in result.stdout
    assert "◀ now" in result.stdout and "░" in result.stdout


HOSTILE_SESSIONS = r"""
[[sessions]]
id = "h1"
title = "[bold]x[/bold] \u001b[31mred"
kind = "talk"
track = 1
start = 2021-11-16T09:00:00
end = 2021-11-16T10:00:00

[[sessions]]
id = "h2"
label = "[link=http://example.com]L[/link]"
title = "Bidi \u202e tricks"
kind = "break"
track = 2
start = 2021-11-16T09:30:00
end = 2021-11-16T10:30:00
"""


def test_markup_and_escape_sequences_in_titles_are_shown_literally(
    run: Run, tmp_path: Path
) -> None:
    programme = one_day_programme(tmp_path, HOSTILE_SESSIONS)
    out = ok(run("--programme", str(programme), "grid", "--width", "160")).stdout
    assert "[bold]x[/bold] \\x1b[31mred" in out
    assert "[link=http://example.com]L[/link]" in out
    assert "\\u202e" in out
    assert "\x1b" not in out and "\u202e" not in out
    drawn = [line for line in out.splitlines() if line.startswith(GRID_LINE_STARTS)]
    assert {cell_len(line) for line in drawn} == {160}
    # The picture and the text file show the same, and the picture stays well-formed.
    picture = tmp_path / "hostile.svg"
    ok(run("--programme", str(programme), "grid", "--width", "160", "-o", str(picture)))
    data = picture.read_text(encoding="utf-8")
    assert "\x1b" not in data
    assert "[bold]x[/bold] \\x1b[31mred" in svg_text(data)


# ---- bugs these tests found (fixed) ------------------------------------------------


def test_svg_stays_wellformed_with_control_characters_in_the_conference_name(
    run: Run, tmp_path: Path
) -> None:
    sessions = """
        [[sessions]]
        id = "s1"
        title = "Plain title"
        kind = "talk"
        start = 2021-11-16T09:00:00
        end = 2021-11-16T10:00:00
        """
    programme = one_day_programme(tmp_path, sessions, name=r"Evil \u001b[31m Conf \u000b")
    picture = tmp_path / "grid.svg"
    ok(run("--programme", str(programme), "grid", "-o", str(picture)))
    data = picture.read_text(encoding="utf-8")
    assert "Plain title" in svg_text(data)
    assert "\x1b" not in data


def test_svg_stays_wellformed_with_a_noncharacter_in_a_title(run: Run, tmp_path: Path) -> None:
    sessions = r"""
        [[sessions]]
        id = "s1"
        title = "Odd \uFFFF title"
        kind = "talk"
        start = 2021-11-16T09:00:00
        end = 2021-11-16T10:00:00
        """
    programme = one_day_programme(tmp_path, sessions)
    picture = tmp_path / "grid.svg"
    ok(run("--programme", str(programme), "grid", "-o", str(picture)))
    assert "Odd" in svg_text(picture.read_text(encoding="utf-8"))


# 31 Oct 2021 in Paris: at 03:00 CEST the clocks go back to 02:00 CET, so 02:30 happens
# twice. `early` runs 02:00-02:30 CEST (00:00-00:30 UTC), `late` 02:30-03:00 CET
# (01:30-02:00 UTC): an hour with nothing on lies between them.
def fall_back_sessions() -> Sequence[Session]:
    early = make_session(
        "early",
        datetime(2021, 10, 31, 2, 0, tzinfo=PARIS),
        datetime(2021, 10, 31, 2, 30, tzinfo=PARIS),
    )
    late = make_session(
        "late",
        datetime(2021, 10, 31, 2, 30, fold=1, tzinfo=PARIS),
        datetime(2021, 10, 31, 3, 0, tzinfo=PARIS),
        track=2,
    )
    assert utc(late.start) - utc(early.end) == timedelta(hours=1)  # the premise
    return [early, late]


@pytest.mark.parametrize("zone", [UTC_ZONE, PARIS], ids=["UTC", "Paris"])
def test_rows_on_a_fall_back_night_keep_real_instants(zone: ZoneInfo) -> None:
    (grid,) = timetable(fall_back_sessions(), zone)
    rows = [(utc(row.start), utc(row.end)) for row in grid.rows]
    assert rows == [
        (datetime(2021, 10, 31, 0, 0, tzinfo=UTC), datetime(2021, 10, 31, 0, 30, tzinfo=UTC)),
        (datetime(2021, 10, 31, 1, 30, tzinfo=UTC), datetime(2021, 10, 31, 2, 0, tzinfo=UTC)),
    ]
    assert [row.after_gap for row in grid.rows] == [False, True]


def test_grid_on_a_fall_back_night_shows_the_times_list_shows(run: Run, tmp_path: Path) -> None:
    programme = write_programme(tmp_path, FALL_BACK_PROGRAMME)
    listed = ok(run("--programme", str(programme), "list", "--tz", "UTC", "--format", "plain"))
    assert "01:30–02:00" in line_with(listed.stdout, "late")
    out = ok(run("--programme", str(programme), "grid", "--tz", "UTC")).stdout
    assert "01:30–02:00" in out
    assert "00:30–02:00" not in out
    assert "╌" in out  # an hour with nothing on


def test_width_holds_on_a_dumb_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich ignores a width without a height on TERM=dumb: --width must still hold."""
    from octopus_cli.views.consoles import make_console

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("COLUMNS", raising=False)
    assert make_console(width=120).width == 120
    assert make_console(width=40).width == 40


def test_an_svg_on_stdout_that_selects_nothing_is_an_error(run: Run) -> None:
    result = run("grid", "--format", "svg", "--search", "no such session")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no sessions match; nothing written")


def test_a_file_that_gets_the_list_says_so(run: Run, tmp_path: Path) -> None:
    # No --width: a file is drawn 100 wide, and a grid that needs more gets the list.
    zones = ("--tz", "Asia/Kolkata", "--tz", "America/St_Johns", "--tz", "Asia/Kathmandu")
    target = tmp_path / "grid.txt"
    result = run("grid", *zones, "--tz", "Pacific/Chatham", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert "has 100; showing a list instead" in result.stderr
    assert f"Wrote the list to {target}" in result.stderr
    assert "┌" not in target.read_text(encoding="utf-8")


def test_a_file_with_an_explicit_width_gets_the_grid_however_cramped(
    run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "grid.txt"
    result = run("grid", "--width", "30", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote the grid to {target} (text)\n"
    drawn = [
        line
        for line in target.read_text(encoding="utf-8").splitlines()
        if line.startswith(GRID_LINE_STARTS)
    ]
    assert drawn and {cell_len(line) for line in drawn} == {30}


def test_on_an_ascii_terminal_wide_and_composed_characters_keep_the_grid_aligned() -> None:
    """The look-alikes an ASCII terminal gets take the columns the characters took."""
    from octopus_cli.core.text import register_ascii_fallback

    start = datetime(2021, 11, 16, 9, tzinfo=PARIS)
    sessions = [
        make_session("a", start, start + timedelta(hours=1), title="東京会議 ½ day™ café 🎉"),
        make_session("b", start, start + timedelta(hours=1), track=2, title="Other"),
    ]
    (grid,) = timetable(sessions, PARIS)
    console = Console(width=60, color_system=None, file=io.StringIO())
    view = grid_view(grid, [PARIS], PARIS, console, width=60)
    assert view is not None
    console.print(view)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    ascii_lines = shown.encode("ascii", register_ascii_fallback()).decode().splitlines()[1:]
    assert {len(line) for line in ascii_lines} == {60}
    assert any("cafe" in line for line in ascii_lines)
