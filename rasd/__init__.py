"""rasd: offline, Arabic-first extraction of evidence-linked events from news.

Public API: :class:`rasd.pipeline.Pipeline` (``Pipeline()(text_or_record)`` -> :class:`Doc`),
:class:`rasd.doc.Doc`, :class:`rasd.record.Record`.  Nothing is loaded at import time.
"""

from rasd.doc import Doc
from rasd.record import ReadError, Record

__version__ = "0.1.0"
__all__ = ["Doc", "Record", "ReadError", "__version__", "one_blas_thread"]


def one_blas_thread() -> None:
    """Ask BLAS (OpenBLAS, MKL, OpenMP) for one thread per process unless the user chose.

    The name taggers' matrices are small, so BLAS threads only contend, above all between
    worker processes (measured: ``rasd ingest --jobs 2`` on 200 articles, 34 s with default
    threads, 12 s with one).  Effective only before NumPy is first imported in the process;
    the ``rasd`` command and :func:`rasd.batch.parallel_pipe` call it.
    """
    import os

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
