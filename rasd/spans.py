"""Half-open character spans indexed for overlap queries, shared by the stages.

One index serves every "which mentions/quotes/spans touch this offset range" question (entity
merging, quote speakers, event arguments), so per-item look-ups stay logarithmic and long
documents stay linear.
"""

from __future__ import annotations

import bisect


class SpanIndex:
    """Half-open character spans ``[start, end)`` indexed for overlap queries.

    Built once per document (O(n log n)); :meth:`overlapping` costs O(log n + spans walked),
    where the walk stops as soon as no earlier span can reach the query (a running maximum of
    ends), so per-trigger lookups never rescan the whole document.

    Args:
        spans: ``(start, end)`` pairs in their original order; results are original indexes.
    """

    __slots__ = ("_order", "_starts", "_ends", "_reach")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._order = sorted(range(len(spans)), key=lambda i: (spans[i][0], i))
        self._starts = [spans[i][0] for i in self._order]
        self._ends = [spans[i][1] for i in self._order]
        reach, m = [], -1
        for e in self._ends:
            m = max(m, e)
            reach.append(m)
        self._reach = reach

    def overlapping(self, start: int, end: int) -> list[int]:
        """Original indexes (ascending) of the spans with ``s < end`` and ``e > start``."""
        j = bisect.bisect_left(self._starts, end) - 1
        out = []
        while j >= 0 and self._reach[j] > start:
            if self._ends[j] > start:
                out.append(self._order[j])
            j -= 1
        out.sort()
        return out

    def starting_in(self, lo: int, hi: int) -> list[int]:
        """Original indexes (ascending) of the spans whose start lies in ``[lo, hi)``."""
        a = bisect.bisect_left(self._starts, lo)
        b = bisect.bisect_left(self._starts, hi)
        return sorted(self._order[a:b])
