"""Batch analysis on all cores: one :class:`rasd.pipeline.Pipeline` per worker process.

The pipeline is pickled once into each worker (its models load lazily there, once), records are
sent in chunks, and results come back in input order, so the caller (``rasd ingest``) can keep
writing to one SQLite store from the parent process.  The same per-partition pattern is what a
Spark ``mapPartitions`` job uses.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
from collections.abc import Iterable, Iterator
from typing import Any

from rasd import one_blas_thread
from rasd.pipeline import Failure, Pipeline

_WORKER_PIPE: Pipeline | None = None
_WORKER_PUBLISHED: str | None = None


def _init(pipe: Pipeline, published: str | None) -> None:
    global _WORKER_PIPE, _WORKER_PUBLISHED
    _WORKER_PIPE = pipe
    _WORKER_PUBLISHED = published


def _work(items: list[Any]) -> list[Any]:
    """Analyse a group of records in a worker (one run of the name taggers for the group)."""
    assert _WORKER_PIPE is not None
    out = list(_WORKER_PIPE.pipe(items, published=_WORKER_PUBLISHED))
    for res in out:
        if not isinstance(res, Failure):
            res.tokens = []  # not stored; saves pickling work on the way back
    return out


def parallel_pipe(pipe: Pipeline, items: Iterable[Any], jobs: int,
                  published: str | None = None, chunksize: int = 8) -> Iterator[Any]:
    """Like :meth:`Pipeline.pipe` over ``jobs`` processes; yields Doc or Failure in input order.

    Args:
        pipe: the pipeline (pickled into each worker once).
        items: records or read errors.
        jobs: number of worker processes (>= 2).
        published: fallback publication date (``YYYY-MM-DD``).
        chunksize: records sent to a worker at a time; the worker analyses them as one group
            (:meth:`Pipeline.pipe`), so the name taggers run once per chunk.

    At most ``jobs * chunksize * 4`` records are read ahead of the results, so memory does not
    grow with the input (``Pool.imap`` alone would read the whole input at once).
    """
    one_blas_thread()
    ctx = mp.get_context("fork")
    window = jobs * chunksize * 4  # records in flight at most: memory stays flat on big inputs
    it = iter(items)
    with ctx.Pool(jobs, initializer=_init, initargs=(pipe, published)) as pool:
        while True:
            batch = list(itertools.islice(it, window))
            if not batch:
                break
            groups = [batch[i:i + chunksize] for i in range(0, len(batch), chunksize)]
            for done in pool.imap(_work, groups):
                yield from done
