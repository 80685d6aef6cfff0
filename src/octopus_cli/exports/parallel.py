"""What runs in parallel with each session, bounded: the first few and how many in all.

An event's description names what runs beside it. Listing every parallel session makes the
file grow with the square of the programme (1,000 sessions in one slot: 999 titles in each
of 1,000 events, 628 MB), and so does building the full list of pairs. Here each session
costs O(limit + log n): a count by bisection and the first `limit` by a segment tree over
the end times, so an export stays linear in the programme whatever runs beside what.

The rule is `core.overlaps`' (threshold 0): two items are parallel when they overlap by
more than nothing; an item without length overlaps nothing. The order is the programme's
(start, then position), as `parallel_index` gives it."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from ..core.models import Session


@dataclass(frozen=True)
class Parallel:
    """The first sessions running beside one, in order, and how many there are in all."""

    first: list[Session]
    total: int


class _FirstLater:
    """Segment tree of maxima: the first position in [low, high) whose value is > x."""

    def __init__(self, values: Sequence[datetime]) -> None:
        self.size = 1
        while self.size < max(len(values), 1):
            self.size *= 2
        self.tree: list[datetime | None] = [None] * (2 * self.size)
        for index, value in enumerate(values):
            self.tree[self.size + index] = value
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = _max(self.tree[2 * node], self.tree[2 * node + 1])

    def first_above(self, low: int, high: int, x: datetime) -> int | None:
        return self._find(1, 0, self.size, low, high, x)

    def _find(
        self, node: int, left: int, right: int, low: int, high: int, x: datetime
    ) -> int | None:
        best = self.tree[node]
        if right <= low or high <= left or best is None or best <= x:
            return None
        if right - left == 1:
            return left
        middle = (left + right) // 2
        found = self._find(2 * node, left, middle, low, high, x)
        if found is None:
            found = self._find(2 * node + 1, middle, right, low, high, x)
        return found


def _max(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None:
        return second
    if second is None:
        return first
    return max(first, second)


def parallel_summary(items: Sequence[Session], limit: int) -> dict[int, Parallel]:
    """For each item (by position in `items`, which is ordered by start), the first `limit`
    items overlapping it, in order, and how many overlap it in all."""
    if any(later.start < earlier.start for earlier, later in pairwise(items)):
        raise ValueError("items must be ordered by start")
    # Positions among the items with a length: only they can overlap anything.
    timed = [index for index, item in enumerate(items) if item.end > item.start]
    starts = [items[index].start for index in timed]
    ends = [items[index].end for index in timed]
    sorted_ends = sorted(ends)
    tree = _FirstLater(ends)
    found: dict[int, Parallel] = {index: Parallel([], 0) for index in range(len(items))}
    for rank, index in enumerate(timed):
        start, end = starts[rank], ends[rank]
        # Later items overlap when they start before this one ends; earlier ones when they end
        # after it starts (every item ending by then starts before it: it is among them).
        after = bisect_left(starts, end)
        total = after - bisect_right(sorted_ends, start) - 1
        first: list[Session] = []
        low = 0
        while len(first) < limit:
            earlier = tree.first_above(low, rank, start)
            if earlier is None:
                break
            first.append(items[timed[earlier]])
            low = earlier + 1
        later = rank + 1
        while len(first) < limit and later < after:
            first.append(items[timed[later]])
            later += 1
        found[index] = Parallel(first, total)
    return found
