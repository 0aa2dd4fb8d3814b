"""Readers: files, directories and stdin -> a stream of :class:`~rasd.record.Record`.

:func:`read_path` accepts a file, a directory (walked recursively, in sorted path order,
hidden files and folders skipped) or ``-`` for standard input (read as bytes).  The format is
chosen by extension, else by sniffing the first bytes:

==========================  =============================================================
extension                   reader
==========================  =============================================================
``.txt`` ``.text`` ``.md``  one article per file -> ``Record.text`` (headline on line 1 ok)
``.html`` ``.htm`` ...      one page per file -> ``Record.html``
``.jsonl`` ``.ndjson``      one input record per line (``id, url, title, published, text,
                            html``), streamed, any file size
``.json``                   one object, an array of objects, or JSON Lines
``.xml`` ``.rss`` ``.atom`` RSS/Atom feed, one record per item (:mod:`rasd.ingest.feeds`)
``.warc`` ``.warc.gz``      HTML responses of a web archive, streamed (:mod:`rasd.ingest.warc`)
``.gz``                     decompressed, then read by the inner extension (or sniffed)
==========================  =============================================================

Bytes are decoded by :func:`rasd.ingest.decode.decode_bytes` (UTF-8, BOM, UTF-16, cp1256).
Nothing is ever raised for one bad input: a :class:`~rasd.record.ReadError` naming the file
(and line, for JSON Lines) is yielded and the next input is read.  Error codes: ``not-found``,
``too-large``, ``empty``, ``binary``, ``bad-json``, ``bad-record``, ``no-text``, ``bad-feed``,
``bad-warc``, ``unsupported``, ``io``.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from rasd.errors import InputError
from rasd.ingest.decode import decode_bytes, decode_markup, is_binary
from rasd.record import ReadError, Record

#: Documented size limit of one input file (text, HTML, feed, JSON document), in bytes, checked
#: with ``os.stat`` before reading (and on the decompressed size of ``.gz`` files and stdin).
#: JSON Lines and WARC inputs are streamed and have no total limit; each JSON line is limited
#: to this size too.
MAX_INPUT_BYTES = 50 * 1024 * 1024

TEXT_EXT = frozenset({".txt", ".text", ".md"})
HTML_EXT = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"})
JSONL_EXT = frozenset({".jsonl", ".ndjson"})
JSON_EXT = frozenset({".json"})
FEED_EXT = frozenset({".xml", ".rss", ".atom", ".rdf"})
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")

_HEAD = 65536
_GZIP_MAGIC = b"\x1f\x8b"
_HTML_SNIFF = re.compile(r"<(!doctype\s+html|html|head|body|p|div|article|meta|title|br|span|h1)"
                         r"[\s>/]", re.IGNORECASE)
_FIELDS = ("id", "url", "title", "published", "text", "html")


class _Prefixed(io.RawIOBase):
    """A binary stream that first returns ``head`` then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        """The underlying file's descriptor (for its size: the WARC reader compares it with
        the end of the last whole record); raises ``io.UnsupportedOperation`` without one."""
        try:
            return self._rest.fileno()
        except (AttributeError, ValueError) as e:
            raise io.UnsupportedOperation("no file descriptor") from e

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def _prefixed(head: bytes, rest: BinaryIO) -> BinaryIO:
    return io.BufferedReader(_Prefixed(head, rest), buffer_size=_HEAD)


def _sniff(head: bytes, jsonl_ok: bool) -> str:
    """Format of a document from its first bytes: gzip, warc, jsonl, json, feed, html, binary
    or text."""
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    utf16 = len(head) > 3 and (head[1] == 0 or head[0] == 0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16:
        try:
            s = decode_bytes(head[: len(head) // 2 * 2], "-")[0]
        except InputError:
            return "binary"
    else:
        if is_binary(head):
            return "binary"
        s = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "ignore")
    s = s.lstrip()
    if jsonl_ok and s[:1] == "{":
        first, nl, _ = s.partition("\n")
        if nl and len(first) < len(s) - 1:
            try:
                json.loads(first)
            except (json.JSONDecodeError, RecursionError):
                return "json"  # a pretty-printed object, not JSON Lines
        return "jsonl"
    if jsonl_ok and s[:1] == "[":
        return "json"
    if s[:1] == "<":
        from rasd.ingest.feeds import looks_like_feed

        if looks_like_feed(s):
            return "feed"
        if _HTML_SNIFF.search(s[:5000]):
            return "html"
    return "text"


def _kind_from_name(name: str) -> tuple[str | None, bool]:
    """(kind, gzipped) from a file name; kind None means: sniff the content."""
    low = name.lower()
    if low.endswith(WARC_SUFFIXES):
        return "warc", False
    gz = low.endswith(".gz")
    if gz:
        low = low[:-3]
    ext = os.path.splitext(low)[1]
    if ext in TEXT_EXT:
        return "text", gz
    if ext in HTML_EXT:
        return "html", gz
    if ext in JSONL_EXT:
        return "jsonl", gz
    if ext in JSON_EXT:
        return "json", gz
    if ext in FEED_EXT:
        return "feed", gz
    return None, gz


def _err(e: InputError, source: str, line: int | None = None, rid: str | None = None) -> ReadError:
    return ReadError(source, str(e).split(": ", 1)[-1], e.code, line=line, id=rid)


def _too_large(source: str, what: str = "input") -> ReadError:
    return ReadError(source, f"{what} is larger than {MAX_INPUT_BYTES:,} bytes "
                     "(rasd.ingest.readers.MAX_INPUT_BYTES)", "too-large")


def _opt_str(obj: dict[str, Any], name: str) -> str | None:
    v = obj.get(name)
    if v is None:
        return None
    if isinstance(v, (int, float)) and name == "id":
        return str(v)
    if not isinstance(v, str):
        raise TypeError(f"field {name!r} must be a string, not {type(v).__name__}")
    return v


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def record_from_json(obj: Any, source: str, line: int | None, encoding: str | None,
                     reader: str = "jsonl") -> Record | ReadError:
    """Turn one parsed input object (``rasd.document/1`` input fields) into a Record.

    Args:
        obj: the parsed JSON value; must be an object with ``text`` or ``html`` (str).
        source, line: where it came from (line: 1-based line or item number).
        encoding: detected encoding of the bytes.
    Returns:
        :class:`Record` (``raw`` is ``obj``) or :class:`ReadError` (``bad-record``: not an
        object, a field of the wrong type or holding a lone surrogate; ``no-text``: neither
        text nor html).
    """
    if not isinstance(obj, dict):
        return ReadError(source, f"expected a JSON object, got {type(obj).__name__}",
                         "bad-record", line=line)
    try:
        vals = {f: _opt_str(obj, f) for f in _FIELDS}
    except TypeError as e:
        rid = obj.get("id") if isinstance(obj.get("id"), str) else None
        return ReadError(source, str(e), "bad-record", line=line, id=rid)
    bad = [f for f, v in vals.items() if v is not None and _SURROGATE_RE.search(v)]
    if bad:
        # a \ud800-\udfff escape alone is valid JSON but no character: it cannot be stored
        # or printed as UTF-8, so the record fails here instead of crashing the batch later
        rid = vals["id"] if vals["id"] and not _SURROGATE_RE.search(vals["id"]) else None
        return ReadError(source, f"field {bad[0]!r} holds a lone UTF-16 surrogate "
                                 f"(\\ud800-\\udfff), which is no character", "bad-record",
                         line=line, id=rid)
    text, html = vals["text"], vals["html"]
    if not (text and text.strip()) and not (html and html.strip()):
        given = [f for f in ("text", "html") if vals[f] is not None]
        why = (f"record's {' and '.join(repr(f) for f in given)} "
               f"{'are' if len(given) > 1 else 'is'} empty" if given
               else "record has neither 'text' nor 'html'")
        return ReadError(source, why, "no-text", line=line, id=vals["id"])
    return Record(id=vals["id"], text=text if text and text.strip() else None,
                  html=html if not (text and text.strip()) else None,
                  url=vals["url"], title=vals["title"] or None, published=vals["published"] or None,
                  source=source, line=line, reader=reader, encoding=encoding, raw=obj)


def _decode_line(raw: bytes, source: str, n: int) -> tuple[str, str]:
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_bytes(raw, source)


def _read_jsonl_stream(stream: BinaryIO, source: str) -> Iterator[Record | ReadError]:
    """JSON Lines from a binary stream, one record per non-blank line, streamed."""
    head = stream.read(4)
    stream = _prefixed(head, stream)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) == 4 and 0 in head):
        data = stream.read(MAX_INPUT_BYTES + 1)   # UTF-16 JSON Lines: decode whole
        if len(data) > MAX_INPUT_BYTES:
            yield _too_large(source, "UTF-16 JSON Lines input")
            return
        try:
            text, enc = decode_bytes(data, source)
        except InputError as e:
            yield _err(e, source)
            return
        yield from _read_jsonl_lines(text.splitlines(), source, enc)
        return
    n = 0
    seen = False
    while True:
        raw = stream.readline(MAX_INPUT_BYTES + 1)
        if not raw:
            break
        n += 1
        if len(raw) > MAX_INPUT_BYTES and not raw.endswith(b"\n"):
            yield ReadError(source, f"line is longer than {MAX_INPUT_BYTES:,} bytes "
                            "(rasd.ingest.readers.MAX_INPUT_BYTES)", "too-large", line=n)
            while True:  # skip the rest of the over-long line
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            continue
        if n == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        seen = True
        try:
            line, enc = _decode_line(raw, source, n)
        except InputError as e:
            yield _err(e, source, n)
            continue
        yield _parse_line(line, source, n, enc)
    if not seen:
        yield ReadError(source, "no JSON records (empty input)", "empty")


_ID_FIELD = re.compile(r'^\s*\{\s*"id"\s*:\s*"((?:[^"\\]|\\.){1,200})"')


def _id_in_broken_line(line: str) -> str | None:
    """The ``id`` of a JSON Lines record that does not parse, when the line opens with it
    (``{"id": "t2", "text": "...`` cut short): the failure report can then name the record.
    None when the id is not the first field or is not a plain string."""
    m = _ID_FIELD.match(line)
    if not m:
        return None
    try:
        return json.loads(f'"{m.group(1)}"')
    except json.JSONDecodeError:
        return None


def _parse_line(line: str, source: str, n: int, enc: str | None) -> Record | ReadError:
    line = line.rstrip("\r\n")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        where = "end of line" if e.pos >= len(line.rstrip()) else f"character {e.pos + 1}"
        # some messages end in "at" already ("Unterminated string starting at")
        at = "" if e.msg.endswith(" at") else " at"
        return ReadError(source, f"invalid JSON: {e.msg}{at} {where}", "bad-json", line=n,
                         id=_id_in_broken_line(line))
    except RecursionError:
        return ReadError(source, "invalid JSON: nested too deeply", "bad-json", line=n)
    return record_from_json(obj, source, n, enc)


def _read_jsonl_lines(lines: list[str], source: str, enc: str) -> Iterator[Record | ReadError]:
    seen = False
    for n, line in enumerate(lines, 1):
        if line.strip():
            seen = True
            yield _parse_line(line, source, n, enc)
    if not seen:
        yield ReadError(source, "no JSON records (empty input)", "empty")


def _read_json_doc(data: bytes, source: str) -> Iterator[Record | ReadError]:
    """A ``.json`` document: one object, an array of objects, or JSON Lines."""
    try:
        text, enc = decode_bytes(data, source)
    except InputError as e:
        yield _err(e, source)
        return
    try:
        obj = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        yield from _read_jsonl_lines(text.splitlines(), source, enc)
        return
    if isinstance(obj, list):
        if not obj:
            yield ReadError(source, "empty JSON array", "empty")
        for i, item in enumerate(obj, 1):
            yield record_from_json(item, source, i, enc, reader="json")
    else:
        yield record_from_json(obj, source, None, enc, reader="json")


def _read_document(data: bytes, kind: str, source: str) -> Iterator[Record | ReadError]:
    """A whole document already in memory: text, html, feed or json."""
    if kind == "json":
        yield from _read_json_doc(data, source)
        return
    if kind == "feed":
        from rasd.ingest.feeds import read_feed

        if not data.strip():
            yield ReadError(source, "empty input (no text)", "empty")
            return
        yield from read_feed(data, source)
        return
    try:
        if kind == "html":
            text, enc = decode_markup(data, source)
        else:
            text, enc = decode_bytes(data, source)
    except InputError as e:
        yield _err(e, source)
        return
    if kind == "html":
        yield Record(html=text, source=source, reader="html", encoding=enc, raw={"html": text})
    else:
        yield Record(text=text, source=source, reader="text", encoding=enc, raw={"text": text})


def _read_stream(stream: BinaryIO, source: str, kind: str | None, jsonl_ok: bool,
                 depth: int = 0) -> Iterator[Record | ReadError]:
    """Read one input from a binary stream; ``kind`` None means sniff the first bytes."""
    head = stream.read(_HEAD)
    stream = _prefixed(head, stream)
    if kind is None:
        if not head.strip():
            yield ReadError(source, "empty input (no text)", "empty")
            return
        kind = _sniff(head, jsonl_ok)
    if kind == "gzip":
        if depth > 1:
            yield ReadError(source, "nested gzip compression", "unsupported")
            return
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error as e:
            yield ReadError(source, f"corrupt gzip data: {e}", "binary")
            return
        if inner.startswith(b"WARC/"):
            kind = "warc"
        else:
            yield from _read_stream(gzip.GzipFile(fileobj=stream), source, None, jsonl_ok,
                                    depth + 1)
            return
    if kind == "warc":
        from rasd.ingest.warc import read_warc

        yield from read_warc(stream, source)
        return
    if kind == "jsonl":
        if not jsonl_ok:
            yield ReadError(source, "JSON Lines input is not accepted here", "unsupported")
            return
        yield from _read_jsonl_stream(stream, source)
        return
    if kind == "binary":
        yield ReadError(source, "binary data, not text (NUL or control bytes)", "binary")
        return
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        yield _too_large(source, "input (decompressed)" if depth else "input")
        return
    yield from _read_document(data, kind, source)


def read_file(path: str, *, jsonl_ok: bool = True) -> Iterator[Record | ReadError]:
    """Read one file (see the module docstring for formats and errors)."""
    kind, gz = _kind_from_name(path)
    try:
        size = os.stat(path).st_size
    except OSError as e:
        yield ReadError(path, f"cannot read file: {e.strerror or e}", "not-found")
        return
    streamed = kind in ("jsonl", "warc")
    if size == 0:
        yield ReadError(path, "empty file", "empty")
        return
    if not streamed and kind is not None and not gz and size > MAX_INPUT_BYTES:
        yield _too_large(path, f"file ({size:,} bytes)")
        return
    try:
        with open(path, "rb") as fh:
            stream: BinaryIO = fh
            if gz and kind != "warc":
                stream = gzip.GzipFile(fileobj=fh)  # type: ignore[assignment]
            elif kind is None and size > MAX_INPUT_BYTES:
                head = fh.read(_HEAD)
                sniffed = _sniff(head, jsonl_ok)
                if sniffed not in ("jsonl", "warc", "gzip"):
                    yield _too_large(path, f"file ({size:,} bytes)")
                    return
                stream = _prefixed(head, fh)
            yield from _read_stream(stream, path, kind, jsonl_ok,
                                    depth=1 if gz and kind != "warc" else 0)
    except (OSError, EOFError, zlib.error) as e:
        code = "binary" if isinstance(e, (gzip.BadGzipFile, zlib.error)) else "io"
        yield ReadError(path, f"cannot read file: {e}", code)


#: suffixes of files a folder walk passes over: images, documents, archives, media and fonts
#: sit beside saved pages (a crawl folder's .png/.pdf made every run exit 1); named on the
#: command line they are still read, and fail with their reason
NOT_TEXT_SUFFIXES = frozenset((
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".zip", ".tar", ".7z",
    ".rar", ".bz2", ".xz", ".mp3", ".mp4", ".wav", ".ogg", ".webm", ".avi", ".mov", ".woff",
    ".woff2", ".ttf", ".otf", ".eot", ".css", ".js", ".map", ".db", ".sqlite", ".sqlite3",
    ".db-wal", ".db-shm", ".db-journal", ".sqlite-wal", ".sqlite-shm", ".sqlite-journal"))


def _walk(root: str) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for f in filenames:
            if not f.startswith(".") and os.path.splitext(f)[1].lower() not in NOT_TEXT_SUFFIXES:
                out.append(os.path.join(dirpath, f))
    return sorted(out, key=lambda p: Path(p).relative_to(root).parts)


def read_path(path: str, *, published: str | None = None,
              jsonl_ok: bool = True) -> Iterator[Record | ReadError]:
    """Read every article under ``path``, in input order.

    Args:
        path: a file, a directory (walked recursively in sorted order, hidden entries and
            files with a :data:`NOT_TEXT_SUFFIXES` suffix skipped) or ``"-"`` for standard
            input (bytes; format sniffed).
        published: publication date (``YYYY-MM-DD``) given to records that have none (HTML
            records keep None here: their page's metadata date is read later and wins, and
            :meth:`rasd.pipeline.Pipeline.pipe` gives them the default when there is none).
        jsonl_ok: when False, JSON Lines input is refused (``unsupported``) and text that
            starts with ``{`` is read as plain text.
    Yields:
        :class:`Record` or :class:`ReadError` (never raises for bad input).
    """
    if path == "-":
        items: Iterator[Record | ReadError] = _read_stream(sys.stdin.buffer, "-", None, jsonl_ok)
    elif os.path.isdir(path):
        items = (item for f in _walk(path) for item in read_file(f, jsonl_ok=jsonl_ok))
    elif not os.path.exists(path):
        items = iter([ReadError(path, "no such file or directory", "not-found")])
    else:
        items = read_file(path, jsonl_ok=jsonl_ok)
    for item in items:
        if published and isinstance(item, Record) and not item.published \
                and not (item.html is not None and item.text is None):
            # an HTML page (file, feed page, WARC response) may carry its own date in its
            # metadata, which wins: the pipeline gives it the default only when it has none
            item.published = published
        yield item
