"""RSS / Atom feeds -> one :class:`~rasd.record.Record` per item (through feedparser).

Each item gives: ``id`` (the item's guid/id, else its link), ``url`` (link), ``title``,
``published`` (the item's published, else updated date, as ISO 8601 with the offset the feed
wrote, else UTC) and its body: the full ``content`` when present, else the ``summary``; bodies
with markup go to ``Record.html`` and plain ones (or HTML without any tag) to ``Record.text``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import html as html_lib
import re
from collections.abc import Iterator
from typing import Any

from rasd.record import ReadError, Record

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_TAG = re.compile(r"<[a-zA-Z!/][^>]*>")
_FEED_SNIFF = re.compile(r"<(rss|feed|rdf:RDF|channel)[\s>]", re.IGNORECASE)


def looks_like_feed(head: str) -> bool:
    """True when the first characters of a document (str) open an RSS, Atom or RDF feed."""
    return bool(_FEED_SNIFF.search(head[:2000]))


def _date(entry: Any) -> str | None:
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed"),
                                ("created", "created_parsed")):
        raw = entry.get(raw_key)
        if raw:
            try:
                d = email.utils.parsedate_to_datetime(raw)
                if d is not None:
                    return d.isoformat()
            except (TypeError, ValueError, IndexError):
                pass
            try:
                return dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).isoformat()
            except ValueError:
                pass
        parsed = entry.get(parsed_key)
        if parsed:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).isoformat()
    return None


def _body(entry: Any) -> tuple[str | None, str | None]:
    """(text, html) of an item: its longest content block, else its summary."""
    best = None
    for c in entry.get("content") or []:
        if c.get("value") and (best is None or len(c["value"]) > len(best.get("value", ""))):
            best = c
    if best is None:
        val = entry.get("summary")
        if not val:
            return None, None
        detail = entry.get("summary_detail") or {}
        best = {"value": val, "type": detail.get("type", "text/html")}
    value: str = best["value"]
    typ = (best.get("type") or "").lower()
    if typ != "text/plain" and _TAG.search(value):
        return None, value
    if typ in _HTML_TYPES:  # declared HTML without any tag: plain text with entities
        return html_lib.unescape(value), None
    return value, None


def read_feed(data: bytes, source: str) -> Iterator[Record | ReadError]:
    """Parse feed bytes and yield one Record per item, in feed order.

    Args:
        data: the feed document (bytes; feedparser reads its encoding declaration).
        source: file path or ``"-"`` (each record's ``source``).
    Yields:
        :class:`Record` (``reader="feed"``, ``raw`` = the item's fields as a dict) or a
        :class:`ReadError`: ``bad-feed`` when the document is not a readable feed,
        ``empty`` when the feed has no items, ``no-text`` for an item without body (its
        ``line`` is the 1-based item number).
    """
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            yield ReadError(source, f"not a readable RSS/Atom feed ({exc})", "bad-feed")
        else:
            yield ReadError(source, "feed has no items", "empty")
        return
    enc = parsed.get("encoding")
    for n, entry in enumerate(entries, 1):
        text, html = _body(entry)
        rid = entry.get("id") or entry.get("link")
        if not (text or html):
            yield ReadError(source, f"feed item {n} has neither content nor summary", "no-text",
                            line=n, id=rid)
            continue
        raw = {"id": rid, "url": entry.get("link"), "title": entry.get("title"),
               "published": entry.get("published") or entry.get("updated")}
        raw["html" if html else "text"] = html or text
        yield Record(id=rid, text=text, html=html, url=entry.get("link"),
                     title=entry.get("title") or None, published=_date(entry), source=source,
                     line=n, reader="feed", encoding=enc, raw=raw)
