"""Exports of a :class:`rasd.store.sqlite.Store`: JSON Lines of documents and CSV tables.

CSV files are UTF-8 with a header row, written with :mod:`csv` (RFC 4180 quoting, so Arabic
text with commas, quotes and newlines round-trips).  Spreadsheet programs such as Excel need a
byte-order mark to read UTF-8 Arabic: pass ``bom=True`` (or open the file as ``utf-8-sig``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from rasd.errors import StoreError

#: Tables :func:`export_csv` can write, with a one-line description.
CSV_TABLES = {
    "events": "one row per event, actors and recipients joined with ';', evidence text included",
    "entities": "one row per entity per document (doc_id, eid, type, name, kb, country, sector, "
                "n_mentions)",
    "entity_summary": "entities aggregated over documents (name, type, kb, documents, mentions)",
    "mentions": "one row per entity mention (doc_id, eid, start, end, text)",
    "timexes": "one row per time expression",
    "quantities": "one row per quantity",
    "quotes": "one row per quote",
    "documents": "one row per document (id, url, title, published, language, source, "
                 "ingested_at, content_hash, text)",
    "failures": "one row per input that could not be read or analysed",
    "event_actors": "one row per event participant (role actor|recipient)",
}

_EVENT_COLUMNS = ["doc_id", "id", "type", "mode", "contexts", "cameo", "goldstein",
                  "actor_codes", "actor_texts", "recipient_codes", "recipient_texts",
                  "location_name", "date", "status", "source_text", "trigger_text",
                  "evidence_text", "confidence", "published", "title", "url"]
_DOC_COLUMNS = ["id", "url", "title", "published", "language", "source", "ingested_at",
                "content_hash", "text"]


@contextmanager
def _open(out: str | Path | TextIO, bom: bool) -> Iterator[TextIO]:
    if isinstance(out, (str, Path)):
        try:
            f = open(out, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        except OSError as e:
            raise StoreError(f"{out}: cannot write export: {e}") from e
        with f:
            yield f
    else:
        if bom:
            out.write("\ufeff")
        yield out


def export_jsonl(store: Any, out: str | Path | TextIO) -> int:
    """Write every stored document as one ``rasd.document/1`` JSON object per line.

    Args:
        store: an open :class:`rasd.store.sqlite.Store`.
        out: a file path (written UTF-8, created or truncated) or a writable text stream.
    Returns:
        The number of documents written.
    Raises:
        StoreError: the output file cannot be opened.
    """
    n = 0
    with _open(out, False) as f:
        for d in store.iter_documents():
            f.write(json.dumps(d, ensure_ascii=False))
            f.write("\n")
            n += 1
    return n


def _join(xs: list[Any]) -> str:
    return ";".join(str(x) for x in xs if x not in (None, ""))


def _event_rows(store: Any) -> Iterator[dict[str, Any]]:
    for e in store.events(dyad=None, since=None, type=None, limit=None):
        yield {
            **{k: e.get(k) for k in _EVENT_COLUMNS},
            "contexts": _join(e.get("contexts") or []),
            "actor_codes": _join(e.get("actor_codes") or []),
            "actor_texts": _join([a.get("text") for a in e.get("actors") or []]),
            "recipient_codes": _join(e.get("recipient_codes") or []),
            "recipient_texts": _join([a.get("text") for a in e.get("recipients") or []]),
        }


def export_csv(store: Any, out: str | Path | TextIO, table: str = "events", *,
               bom: bool = False) -> int:
    """Write one table of the store as CSV with a header row.

    Args:
        store: an open :class:`rasd.store.sqlite.Store`.
        out: a file path (created or truncated) or a writable text stream (open it with
            ``newline=""``; the CLI does).
        table: one of :data:`CSV_TABLES` (``events`` by default).
        bom: write a UTF-8 byte-order mark first (for Excel and Arabic text).
    Returns:
        The number of data rows written (header excluded).
    Raises:
        StoreError: unknown table, or the output file cannot be opened.
    """
    if table not in CSV_TABLES:
        raise StoreError(f"unknown export table {table!r}; one of: {', '.join(CSV_TABLES)}")
    rows: Iterator[dict[str, Any]]
    columns: list[str] | None
    if table == "events":
        rows, columns = _event_rows(store), list(_EVENT_COLUMNS)
    elif table == "entity_summary":
        rows = iter(store.entities(type=None, limit=None))
        columns = ["name", "type", "kb", "documents", "mentions"]
    elif table == "documents":
        rows, columns = store.rows("documents"), list(_DOC_COLUMNS)
    else:
        rows, columns = store.rows(table), None
    n = 0
    with _open(out, bom) as f:
        w = csv.writer(f)
        if columns is None:
            columns = store.columns(table)
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
            n += 1
    return n
