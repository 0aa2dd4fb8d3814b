"""WARC / WARC.gz archives -> one :class:`~rasd.record.Record` per HTML response (warcio).

Only ``response`` records with HTTP status 2xx (or no status line) and an HTML content type
(``text/html``, ``application/xhtml+xml``) become records; requests, metadata, images,
scripts and redirects are skipped silently.  Each record's body is decoded with the HTTP
``charset``, else the page's own declaration, else :func:`rasd.ingest.decode.decode_bytes`.

``Record.url`` is ``WARC-Target-URI``; ``Record.id`` is ``WARC-Record-ID``.  The crawl date
(``WARC-Date``) and the HTTP ``Last-Modified``/``Date`` headers are *not* publication dates:
they are kept in ``Record.raw`` (``warc_date``, ``http_last_modified``, ``http_date``) and
``Record.published`` stays None so the page's own date (found by
:func:`rasd.ingest.html.extract_html`) is used; a caller may fall back to ``raw["warc_date"]``.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Iterator
from typing import BinaryIO

from rasd.errors import InputError
from rasd.ingest.decode import decode_markup
from rasd.record import ReadError, Record

#: Largest HTML payload of one WARC record, in bytes; bigger ones yield ``too-large``.
MAX_RECORD_BYTES = 20 * 1024 * 1024
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, source: str) -> Iterator[Record | ReadError]:
    """Yield the HTML responses of a WARC or WARC.gz stream, in archive order.

    Args:
        stream: binary file object positioned at the start of the archive (gzip or not).
        source: file path or ``"-"``.
    Yields:
        :class:`Record` (``reader="warc"``, ``html`` set, ``line`` = 1-based record number in
        the archive) or :class:`ReadError` (``bad-warc`` for a corrupt archive, after which
        reading stops; ``too-large``, ``binary``, ``empty`` for one response).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    found = False
    it = ArchiveIterator(stream)
    try:
        for rec in it:
            n += 1
            if rec.rec_type != "response":
                continue
            http = rec.http_headers
            ctype = ""
            status = None
            if http is not None:
                ctype = (http.get_header("Content-Type") or "").lower()
                status = http.get_statuscode()
            if not ctype.startswith(_HTML_TYPES):
                continue
            if status and not str(status).startswith("2"):
                continue
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            rid = rec.rec_headers.get_header("WARC-Record-ID") or uri
            payload = rec.content_stream().read(MAX_RECORD_BYTES + 1)
            found = True
            if len(payload) <= MAX_RECORD_BYTES and getattr(rec.raw_stream, "limit", 0) > 0:
                # the block is shorter than its Content-Length: the archive was cut here
                yield ReadError(source, f"response for {uri} is cut short (the archive ends "
                                "inside it: truncated download or copy?)", "bad-warc", line=n,
                                id=rid)
                continue
            if len(payload) > MAX_RECORD_BYTES:
                yield ReadError(source, f"response for {uri} is over {MAX_RECORD_BYTES:,} bytes "
                                "(rasd.ingest.warc.MAX_RECORD_BYTES)", "too-large", line=n,
                                id=rid)
                continue
            m = _CHARSET.search(ctype)
            try:
                html, enc = decode_markup(payload, f"{source}#{n}", m.group(1) if m else None)
            except InputError as e:
                yield ReadError(source, f"response for {uri}: {str(e).split(': ', 1)[-1]}",
                                e.code, line=n, id=rid)
                continue
            raw = {"html": html, "url": uri,
                   "warc_date": rec.rec_headers.get_header("WARC-Date"),
                   "http_date": http.get_header("Date") if http is not None else None,
                   "http_last_modified": (http.get_header("Last-Modified")
                                          if http is not None else None)}
            yield Record(id=rid, html=html, url=uri, source=source, line=n, reader="warc",
                         encoding=enc, raw=raw)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, TypeError,
            KeyError, IndexError) as e:
        # warcio meets a cut or damaged archive with its own errors and, on a header block cut
        # short, with AttributeError/TypeError from inside its parser: the records read so far
        # stand, the rest is one failure
        left = _bytes_left(stream, it.offset)
        lost = f" ({left:,} bytes not read)" if left else ""
        yield ReadError(source, f"corrupt, truncated or unreadable WARC after record {n}{lost}: "
                        f"{type(e).__name__}: {e}", "bad-warc", line=n + 1)
        return
    left = _bytes_left(stream, it.offset)
    if left:
        # warcio stops quietly at a gzip member cut short; say so instead of losing its records
        yield ReadError(source, f"the archive ends inside a record after record {n}: the last "
                        f"{left:,} bytes could not be read (truncated download or copy?)",
                        "bad-warc", line=n + 1)
    elif not found and n == 0:
        yield ReadError(source, "WARC archive holds no records", "empty")


def _bytes_left(stream: BinaryIO, offset: int) -> int:
    """Bytes of a regular-file ``stream`` after ``offset`` (the end of the last whole record,
    as warcio's ``ArchiveIterator.offset`` counts it); 0 for pipes and other streams whose size
    is unknown."""
    try:
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 0
    return max(size - offset, 0) if stat.S_ISREG(os.fstat(stream.fileno()).st_mode) else 0
