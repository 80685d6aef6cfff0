"""Which items overlap: overlapping_pairs against its definition, and parallel_index on the
bundled programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from octopus_cli.core.models import Session
from octopus_cli.core.overlaps import overlapping_pairs, parallel_index
from octopus_cli.core.schedule import parallel_to
from octopus_cli.sources.loader import load_programme

PARIS = ZoneInfo("Europe/Paris")
BASE = datetime(2021, 11, 17, 9, 0, tzinfo=PARIS)


@dataclass(frozen=True)
class Slot:
    """A timed item; `n` tells identical intervals apart."""

    n: int
    start: datetime
    end: datetime


def slot(n: int, start: int, end: int) -> Slot:
    """A slot from minute offsets after 09:00."""
    return Slot(n, BASE + timedelta(minutes=start), BASE + timedelta(minutes=end))


def names(pairs: list[tuple[Slot, Slot]]) -> list[tuple[int, int]]:
    return [(first.n, second.n) for first, second in pairs]


def minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


# ---- unit cases ---------------------------------------------------------------------------


def test_no_items_and_one_item_have_no_pairs() -> None:
    assert overlapping_pairs([]) == []
    assert overlapping_pairs([slot(0, 0, 60)]) == []
    assert overlapping_pairs([slot(0, 0, 60)], minutes(-60)) == []


def test_touching_end_and_start_is_no_overlap() -> None:
    assert overlapping_pairs([slot(0, 0, 60), slot(1, 60, 120)]) == []


def test_one_minute_of_overlap_is_an_overlap() -> None:
    assert names(overlapping_pairs([slot(0, 0, 61), slot(1, 60, 120)])) == [(0, 1)]


def test_contained_intervals_overlap() -> None:
    outer, inner = slot(0, 0, 180), slot(1, 60, 90)
    assert names(overlapping_pairs([inner, outer])) == [(0, 1)]


def test_identical_intervals_overlap() -> None:
    assert names(overlapping_pairs([slot(0, 0, 30), slot(1, 0, 30)])) == [(0, 1)]


def test_positive_threshold_needs_more_than_that_much_overlap() -> None:
    items = [slot(0, 0, 60), slot(1, 30, 120)]  # 30 minutes of overlap
    assert names(overlapping_pairs(items, minutes(29))) == [(0, 1)]
    assert overlapping_pairs(items, minutes(30)) == []
    assert overlapping_pairs(items, minutes(45)) == []


def test_positive_threshold_with_a_short_contained_item() -> None:
    items = [slot(0, 0, 180), slot(1, 60, 80)]  # overlap is the inner item: 20 minutes
    assert names(overlapping_pairs(items, minutes(19))) == [(0, 1)]
    assert overlapping_pairs(items, minutes(20)) == []


def test_negative_threshold_is_a_buffer() -> None:
    items = [slot(0, 0, 60), slot(1, 75, 120)]  # 15 minutes apart
    assert overlapping_pairs(items) == []
    assert overlapping_pairs(items, minutes(-15)) == []  # exactly that far apart: no
    assert names(overlapping_pairs(items, minutes(-16))) == [(0, 1)]
    assert names(overlapping_pairs(items, minutes(-60))) == [(0, 1)]
    # touching items are closer than any gap
    touching = [slot(0, 0, 60), slot(1, 60, 90)]
    assert names(overlapping_pairs(touching, minutes(-1))) == [(0, 1)]


def test_buffer_reaches_past_an_item_in_between() -> None:
    items = [slot(0, 0, 100), slot(1, 10, 20), slot(2, 50, 60)]
    # 1 and 2 are 30 minutes apart; 0 overlaps both
    assert sorted(names(overlapping_pairs(items, minutes(-35)))) == [(0, 1), (0, 2), (1, 2)]
    assert sorted(names(overlapping_pairs(items, minutes(-30)))) == [(0, 1), (0, 2)]


def test_pairs_come_earlier_start_first() -> None:
    items = [slot(0, 120, 180), slot(1, 90, 150), slot(2, 0, 100)]
    pairs = overlapping_pairs(items)
    assert sorted(names(pairs)) == [(1, 0), (2, 1)]
    for first, second in pairs:
        assert first.start <= second.start


# ---- property: the sweep finds exactly the pairs of the definition ------------------------

slots = st.lists(
    st.tuples(st.integers(0, 500), st.integers(1, 120)),
    max_size=30,
).map(lambda raw: [slot(n, start, start + length) for n, (start, length) in enumerate(raw)])

# identical intervals are likely: repeat some of the generated ones
with_duplicates = st.tuples(slots, st.lists(st.integers(0, 29), max_size=5)).map(
    lambda pair: (
        pair[0]
        + [
            Slot(len(pair[0]) + k, pair[0][i].start, pair[0][i].end)
            for k, i in enumerate(j for j in pair[1] if j < len(pair[0]))
        ]
    )
)


def brute_force(items: list[Slot], threshold: timedelta) -> set[frozenset[int]]:
    return {
        frozenset((a.n, b.n))
        for i, a in enumerate(items)
        for b in items[i + 1 :]
        if min(a.end, b.end) - max(a.start, b.start) > threshold
    }


@settings(max_examples=200, deadline=None)
@given(items=with_duplicates, threshold=st.integers(-60, 60))
def test_overlapping_pairs_match_the_definition(items: list[Slot], threshold: int) -> None:
    limit = minutes(threshold)
    pairs = overlapping_pairs(items, limit)
    found = [frozenset((a.n, b.n)) for a, b in pairs]
    assert all(len(pair) == 2 for pair in found), "an item paired with itself"
    assert len(found) == len(set(found)), "a pair reported twice"
    assert set(found) == brute_force(items, limit)
    for first, second in pairs:
        assert first.start <= second.start


# ---- parallel_index on the bundled programme ----------------------------------------------

PROGRAMME = load_programme()
SESSIONS = list(PROGRAMME.sessions)
INDEX = parallel_index(SESSIONS)


def position(session_id: str) -> int:
    return next(n for n, s in enumerate(SESSIONS) if s.id == session_id)


def test_ws6_runs_in_parallel_with_ws7_only() -> None:
    # ws6 and ws7 are 14:00-15:50 on the 17th; break1 ends at 14:00, ws8 starts at 16:00
    assert [s.id for s in INDEX[position("ws6")]] == ["ws7"]
    assert [s.id for s in INDEX[position("ws7")]] == ["ws6"]


def test_parallel_index_has_every_session() -> None:
    assert sorted(INDEX) == list(range(len(SESSIONS)))


@pytest.mark.parametrize("session", SESSIONS, ids=[s.id for s in SESSIONS])
def test_parallel_index_agrees_with_parallel_to(session: Session) -> None:
    found = INDEX[SESSIONS.index(session)]
    expected = parallel_to(PROGRAMME, session)
    assert [s.id for s in found] == [s.id for s in expected]
