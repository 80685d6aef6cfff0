"""Which timed items overlap: one sort-and-sweep, O(n log n) plus the size of the answer.

Used for what runs in parallel (show, export), for clashes between picks, and for clashes
with a user's own calendar. Never all pairs."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:  # the protocol and type variables exist for type checkers only
    from typing import Protocol, TypeVar

    class Timed(Protocol):
        @property
        def start(self) -> datetime: ...

        @property
        def end(self) -> datetime: ...

    T = TypeVar("T", bound=Timed)
    U = TypeVar("U", bound=Timed)

NO_TIME = timedelta(0)


def overlap(first: Timed, second: Timed) -> timedelta:
    """How long two items overlap; negative: the gap between them."""
    return min(first.end, second.end) - max(first.start, second.start)


def overlapping_pairs(items: Iterable[T], threshold: timedelta = NO_TIME) -> list[tuple[T, T]]:
    """Pairs whose overlap is more than `threshold`, earlier-starting item first.

    threshold 0: any positive overlap (touching end and start is no overlap); positive: more
    than that much overlap; negative: also pairs closer than that gap (a buffer)."""
    ordered = sorted(enumerate(items), key=lambda pair: (pair[1].start, pair[0]))
    active: list[tuple[datetime, int, T]] = []  # heap of (end, order, item)
    pairs: list[tuple[T, T]] = []
    for order, item in ordered:
        # An active item ending too early for this one ends too early for every later one.
        while active and active[0][0] - item.start <= threshold:
            heapq.heappop(active)
        if active and item.end - item.start > threshold:
            # Every active item now overlaps enough unless this one is shorter than that.
            others = sorted(active, key=_order) if len(active) > 1 else active
            pairs.extend((other, item) for _, _, other in others)
        heapq.heappush(active, (item.end, order, item))
    return pairs


def _order(entry: tuple[datetime, int, Timed]) -> tuple[datetime, int]:
    return entry[2].start, entry[1]


def parallel_index(items: Sequence[T]) -> dict[int, list[T]]:
    """For each item (by position), the other items that overlap it in time."""
    position = {id(item): index for index, item in enumerate(items)}
    found: dict[int, list[T]] = {index: [] for index in range(len(items))}
    for first, second in overlapping_pairs(items):
        found[position[id(first)]].append(second)
        found[position[id(second)]].append(first)
    for others in found.values():
        others.sort(key=lambda other: (other.start, position[id(other)]))
    return found


def crossing_pairs(
    first: Iterable[T], second: Iterable[U], threshold: timedelta = NO_TIME
) -> list[tuple[T, U]]:
    """Pairs (one of `first`, one of `second`) overlapping by more than `threshold`: the
    same rule as `overlapping_pairs`, without the pairs inside each group (a user's own
    meetings may overlap each other; only their clashes with sessions matter)."""
    second = list(second)
    if not second:
        return []
    tagged: list[tuple[datetime, int, int, Timed]] = [
        (item.start, 0, order, item) for order, item in enumerate(first)
    ]
    tagged += [(item.start, 1, order, item) for order, item in enumerate(second)]
    tagged.sort(key=lambda entry: entry[:3])
    active: tuple[list[tuple[datetime, int, Timed]], list[tuple[datetime, int, Timed]]] = ([], [])
    pairs: list[tuple[T, U]] = []
    for start, group, order, item in tagged:
        others = active[1 - group]
        for heap in active:
            while heap and heap[0][0] - start <= threshold:
                heapq.heappop(heap)
        if item.end - start > threshold:
            for _, _, other in sorted(others, key=_order):
                pair = (item, other) if group == 0 else (other, item)
                pairs.append(pair)  # type: ignore[arg-type]
        heapq.heappush(active[group], (item.end, order, item))
    return pairs
