"""A per-word cache of fixed-size NumPy rows (the name taggers' per-word partial scores and
input projections), stored in one 2-D array so that a batch's rows come out in one gather."""

from __future__ import annotations

from collections.abc import Callable, Sequence


class RowCache:
    """Word -> row of a preallocated ``(capacity, *shape)`` array, evicting the least used.

    :meth:`rows` computes the rows of words not seen yet (one call of ``compute`` per batch)
    and returns the row index of every word; read the values as ``cache.array[rows]``.  Each
    row counts its uses.  When a batch's new words do not fit, the cache keeps the most used
    half of its words (least-frequently-used eviction), compacted to the front, and drops the
    rest: in news text a few thousand frequent words make most tokens, and they stay.  A batch with more distinct words than the capacity grows the array to fit.
    Memory: ``capacity * prod(shape) * itemsize`` bytes at most, committed as rows fill.
    """

    def __init__(self, shape: tuple[int, ...], capacity: int, dtype: str = "float32"):
        import numpy as np

        self.shape = tuple(shape)
        self.capacity = int(capacity)
        self.dtype = np.dtype(dtype)
        self.index: dict[str, int] = {}
        self.words: list[str] = []
        self.array = np.empty((self.capacity, *self.shape), dtype=self.dtype)
        self.hits = np.zeros(self.capacity, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.index)

    def clear(self) -> None:
        """Forget every word (the array is reused)."""
        self.index.clear()
        self.words.clear()
        self.hits[:] = 0

    def _evict(self, keep_free: int, pinned: list[int]) -> None:
        """Keep the most used words (and every row in ``pinned``) so that ``keep_free`` rows
        are free; at most half the capacity is kept."""
        import numpy as np

        n = len(self.words)
        keep_n = max(len(pinned), min(n, self.capacity // 2, self.capacity - keep_free))
        score = self.hits[:n].copy()
        score[pinned] = np.iinfo(np.int64).max
        order = np.argsort(-score, kind="stable")[:keep_n]
        order.sort()  # keep the survivors in their old relative order
        self.array[:keep_n] = self.array[order]
        self.hits[:keep_n] = self.hits[order]
        self.hits[keep_n:] = 0
        self.words = [self.words[i] for i in order.tolist()]
        self.index = {w: i for i, w in enumerate(self.words)}

    def rows(self, words: Sequence[str], compute: Callable[[list[str]], object]):
        """Row indices ``(len(words),)`` int64 of ``words`` in :attr:`array`.

        Args:
            words: token strings (repeats allowed).
            compute: given the list of words not cached yet, returns their rows as an array
                ``(len(list), *shape)``.

        Raises:
            ValueError: ``compute`` returned the wrong shape.
        """
        import numpy as np

        uniq = list(dict.fromkeys(words))
        miss = [w for w in uniq if w not in self.index]
        if miss:
            if len(self.words) + len(miss) > self.capacity:
                if len(uniq) > self.capacity // 2:
                    # this batch alone fills the cache: start over with its words
                    self.clear()
                    miss = uniq
                    if len(miss) > self.capacity:
                        self.capacity = len(miss)
                        self.array = np.empty((self.capacity, *self.shape), dtype=self.dtype)
                        self.hits = np.zeros(self.capacity, dtype=np.int64)
                else:
                    # the batch's cached words must survive the eviction
                    self._evict(len(miss), [self.index[w] for w in uniq if w in self.index])
            vals = np.asarray(compute(miss), dtype=self.dtype)
            if vals.shape != (len(miss), *self.shape):
                raise ValueError(f"RowCache: computed rows have shape {vals.shape}, "
                                 f"expected {(len(miss), *self.shape)}")
            n0 = len(self.words)
            self.array[n0:n0 + len(miss)] = vals
            for i, w in enumerate(miss, n0):
                self.index[w] = i
            self.words.extend(miss)
        index = self.index
        rows = np.fromiter((index[w] for w in words), dtype=np.int64, count=len(words))
        np.add.at(self.hits, rows, 1)
        return rows
