"""rasd: offline, Arabic-first extraction of evidence-linked events from news.

Public API: :class:`rasd.pipeline.Pipeline` (``Pipeline()(text_or_record)`` -> :class:`Doc`),
:class:`rasd.doc.Doc`, :class:`rasd.record.Record`.  Nothing is loaded at import time.
"""

from rasd.doc import Doc
from rasd.record import ReadError, Record

__version__ = "0.1.0"
__all__ = ["Doc", "Record", "ReadError", "__version__"]
