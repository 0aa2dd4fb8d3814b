"""A per-word cache of fixed-size NumPy rows (the name taggers' per-word partial scores and
input projections), stored in one 2-D array so that a batch's rows come out in one gather."""

from __future__ import annotations

from collections.abc import Callable, Sequence


class RowCache:
    """Word -> row of a preallocated ``(capacity, *shape)`` array.

    :meth:`rows` computes the rows of words not seen yet (one call of ``compute`` per batch)
    and returns the row index of every word; read the values as ``cache.array[rows]``.  When
    a batch's new words do not fit, the cache is emptied and refilled with that batch's
    words (a batch with more distinct words than ``capacity`` grows the array to fit).
    Memory: ``capacity * prod(shape) * itemsize`` bytes at most, committed as rows fill.
    """

    def __init__(self, shape: tuple[int, ...], capacity: int, dtype: str = "float32"):
        import numpy as np

        self.shape = tuple(shape)
        self.capacity = int(capacity)
        self.dtype = np.dtype(dtype)
        self.index: dict[str, int] = {}
        self.array = np.empty((self.capacity, *self.shape), dtype=self.dtype)

    def __len__(self) -> int:
        return len(self.index)

    def clear(self) -> None:
        """Forget every word (the array is reused)."""
        self.index.clear()

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

        index = self.index
        miss = [w for w in dict.fromkeys(words) if w not in index]
        if miss:
            if len(index) + len(miss) > self.capacity:
                index.clear()
                miss = list(dict.fromkeys(words))
                if len(miss) > self.capacity:
                    self.capacity = len(miss)
                    self.array = np.empty((self.capacity, *self.shape), dtype=self.dtype)
            vals = np.asarray(compute(miss), dtype=self.dtype)
            if vals.shape != (len(miss), *self.shape):
                raise ValueError(f"RowCache: computed rows have shape {vals.shape}, "
                                 f"expected {(len(miss), *self.shape)}")
            n0 = len(index)
            self.array[n0:n0 + len(miss)] = vals
            for i, w in enumerate(miss, n0):
                index[w] = i
        return np.fromiter((index[w] for w in words), dtype=np.int64, count=len(words))
