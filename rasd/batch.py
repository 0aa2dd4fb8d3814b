"""Batch analysis on all cores: one :class:`rasd.pipeline.Pipeline` per worker process.

The pipeline is pickled once into each worker (its models load lazily there, once), records are
sent in chunks, and results come back in input order, so the caller (``rasd ingest``) can keep
writing to one SQLite store from the parent process.  The same per-partition pattern is what a
Spark ``mapPartitions`` job uses.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from typing import Any

from rasd.pipeline import Failure, Pipeline

_WORKER_PIPE: Pipeline | None = None
_WORKER_PUBLISHED: str | None = None


def _init(pipe: Pipeline, published: str | None) -> None:
    global _WORKER_PIPE, _WORKER_PUBLISHED
    _WORKER_PIPE = pipe
    _WORKER_PUBLISHED = published


def _work(item: Any) -> Any:
    assert _WORKER_PIPE is not None
    (res,) = list(_WORKER_PIPE.pipe([item], published=_WORKER_PUBLISHED))
    if not isinstance(res, Failure):
        res.tokens = []  # not stored; saves pickling work on the way back
    return res


def parallel_pipe(pipe: Pipeline, items: Iterable[Any], jobs: int,
                  published: str | None = None, chunksize: int = 8) -> Iterator[Any]:
    """Like :meth:`Pipeline.pipe` over ``jobs`` processes; yields Doc or Failure in input order.

    Args:
        pipe: the pipeline (pickled into each worker once).
        items: records or read errors.
        jobs: number of worker processes (>= 2).
        published: fallback publication date (``YYYY-MM-DD``).
        chunksize: records sent to a worker at a time.
    """
    ctx = mp.get_context("fork") if hasattr(mp, "get_context") else mp
    with ctx.Pool(jobs, initializer=_init, initargs=(pipe, published)) as pool:
        yield from pool.imap(_work, items, chunksize=chunksize)
