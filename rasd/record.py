"""Input records: what every reader yields and the pipeline consumes.

A :class:`Record` is one article as read from a source (a text file, an HTML page, a JSON Lines
line, a feed item, a WARC response).  Readers never raise for one bad article inside a batch:
they yield a :class:`ReadError` that names the source (and line, for JSON Lines) and go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Record:
    """One input article (the ``rasd.document/1`` input-record fields plus provenance).

    Attributes:
        id: the record's id, or None (the pipeline then uses a content hash).
        text: plain-text body (may still contain boilerplate lines) or None.
        html: raw HTML (decoded str) or None; one of ``text``/``html`` is set.
        url, title: str or None.
        published: ``YYYY-MM-DD`` or ISO 8601 date-time with offset (feeds:
            ``2024-03-10T01:15:00+03:00``), or None.
        source: where it came from (file path, ``"-"`` for stdin, feed URL).
        line: 1-based line number for JSON Lines input, else None.
        reader: name of the reader (``"text"``, ``"html"``, ``"jsonl"``, ``"json"``, ``"feed"``,
            ``"warc"``).
        encoding: the detected encoding of the bytes (``"utf-8"``, ``"utf-8-sig"``, ``"cp1256"``,
            ``"iso8859-6"``, ``"utf-16-le"``/``"utf-16-be"``).
        raw: the original record as stored (the JSON object, or ``{"text"|"html": ...}``).
    """

    id: str | None = None
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str = "-"
    line: int | None = None
    reader: str = "text"
    encoding: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def where(self) -> str:
        """``"path"`` or ``"path:line"``, for error messages."""
        return f"{self.source}:{self.line}" if self.line is not None else self.source


@dataclass(slots=True)
class ReadError:
    """A record that could not be read: ``source`` (path), ``line`` (1-based or None),
    ``reason`` (a specific, human-readable message) and ``code`` (a short error code such as
    ``"empty"``, ``"binary"``, ``"bad-json"``, ``"too-large"``, ``"bad-html"``)."""

    source: str
    reason: str
    code: str
    line: int | None = None
    id: str | None = None

    def where(self) -> str:
        """``"path"`` or ``"path:line"``."""
        return f"{self.source}:{self.line}" if self.line is not None else self.source

    def __str__(self) -> str:
        rid = f" (id {self.id})" if self.id else ""
        return f"{self.where()}{rid}: {self.code}: {self.reason}"
