"""Exports of a :class:`rasd.store.sqlite.Store`: JSON Lines of documents, CSV tables, events
as PLOVER JSON (:func:`export_plover`) and as GDELT-style TSV (:func:`export_gdelt`,
:func:`export_gdelt_mentions`; columns in :data:`GDELT_COLUMNS`).

CSV files are UTF-8 with a header row, written with :mod:`csv` (RFC 4180 quoting, so Arabic
text with commas, quotes and newlines round-trips).  Spreadsheet programs such as Excel need a
byte-order mark to read UTF-8 Arabic: pass ``bom=True`` (or open the file as ``utf-8-sig``).
"""

from __future__ import annotations

import csv
import json
import re
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
    "event_arms": "one row per arms-transfer frame (stage, supplier, recipient, system, "
                  "quantity, value)",
    "event_clusters": "one row per cross-article event (after merge_events)",
    "event_mentions": "one row per event mention: cluster id, doc_id, event id, outlet",
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
        if table in ("event_clusters", "event_mentions") and store.clusters_stale():
            store.merge_events()
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


# -- event exports: PLOVER JSON and GDELT-style TSV ---------------------------------------------

#: Columns of :func:`export_gdelt` (GDELT 2.0 event-table names where a column has a GDELT
#: counterpart; the last five are rasd's own).  One row per cross-article event cluster.
GDELT_COLUMNS = [
    "GLOBALEVENTID",        # cluster id (rasd.store event_clusters.cluster_id)
    "SQLDATE",              # YYYYMMDD: the event's day when known to the day, else the first
                            # publication date (the date GDELT itself mostly records)
    "MonthYear", "Year",    # YYYYMM, YYYY of SQLDATE
    "FractionDate",         # Year + day-of-year / 365
    "Actor1Code",           # CAMEO-style actor code without the dash: MARMIL, ISRGOV, IGOUNO
    "Actor1Name",           # surface text of the first actor as written in the article
    "Actor1CountryCode",    # ISO3 (or IGO-XXX)
    "Actor1Type1Code",      # sector: GOV, MIL, BUS, CVL ... (IGO for an IGO)
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent",          # 1 (every rasd event is coded from a main clause)
    "EventCode",            # CAMEO code (3-4 digits)
    "EventBaseCode",        # its first 3 digits
    "EventRootCode",        # its first 2 digits
    "QuadClass",            # 1 verbal coop. (CAMEO 01-05), 2 material coop. (06-09),
                            # 3 verbal conflict (10-14), 4 material conflict (15-20)
    "GoldsteinScale",       # -10 .. +10
    "NumMentions",          # mentions of the event across all stored articles
    "NumSources",           # distinct outlets (URL hosts, else input sources)
    "NumArticles",          # distinct articles
    "ActionGeo_FullName",   # English name of the event location entity, or empty
    "DATEADDED",            # first publication date YYYYMMDD
    "SOURCEURL",            # URL of the representative mention (else its document id)
    "PLOVERType", "PLOVERMode", "Status",  # rasd: PLOVER 2.0 type and mode, event status
    "EventDate",            # rasd: the event's TIMEX3 date value (2025-08, 2025-08-14 ...)
    "EvidenceText",         # rasd: the evidence sentence of the representative mention
]

#: Columns of :func:`export_gdelt_mentions` (GDELT 2.0 mentions-table names).
GDELT_MENTION_COLUMNS = ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType",
                         "MentionSourceName", "MentionIdentifier", "ActionCharOffset",
                         "Confidence", "MentionDocID", "MentionEventID"]


def quad_class(cameo: str | None) -> int | None:
    """GDELT QuadClass of a CAMEO code: 1 verbal cooperation (01-05), 2 material cooperation
    (06-09), 3 verbal conflict (10-14), 4 material conflict (15-20); None without a code."""
    if not cameo or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _clusters(store: Any, mentions: bool) -> list[dict[str, Any]]:
    if store.clusters_stale():
        store.merge_events()
    return store.clusters(limit=None, mentions=mentions)


def _sqldate(day: str | None) -> str:
    return day[:10].replace("-", "") if day and len(day) >= 10 else ""


def _actor_cols(actors: list[dict[str, Any]]) -> tuple[str, str, str, str]:
    if not actors:
        return "", "", "", ""
    a = actors[0]
    code = a.get("code") or ""
    if code.startswith("IGO-"):
        country, sector = code, "IGO"
    else:
        country, _, sector = code.partition("-")
    return code.replace("-", ""), a.get("text") or "", country, sector


def plover_record(c: dict[str, Any]) -> dict[str, Any]:
    """One event cluster (a :meth:`Store.clusters` row with mentions) as a PLOVER JSON object.

    Field names follow PLOVER 2.0 / POLECAT where one exists (``event_type``, ``mode``,
    ``context``, ``actor``/``recipient`` with ``code``/``country``/``sector``/``text``,
    ``event_date``, ``story_date``, ``source``), plus CAMEO and Goldstein, the evidence text and
    rasd's status, attribution, mentions and arms frame (when the store has one).
    """
    def party(a: dict[str, Any]) -> dict[str, Any]:
        code = a.get("code")
        if code and code.startswith("IGO-"):
            country, sector = code, "IGO"
        elif code:
            country, _, sector = code.partition("-")
        else:
            country = sector = None
        return {"code": code, "country": country, "sector": sector or None,
                "text": a.get("text"), "entity": a.get("entity")}

    actors = [party(a) for a in c.get("actors") or []]
    recips = [party(a) for a in c.get("recipients") or []]
    return {
        "id": f"rasd:{c['cluster_id']}" if c.get("cluster_id") is not None else
              f"{c['doc_id']}:{c['id']}",
        "event_type": c["type"], "mode": c.get("mode"), "context": c.get("contexts") or [],
        # a reciprocal event (meeting, joint exercise) lists its parties as actors: the second
        # one stands as the recipient, as in dyadic GDELT/POLECAT rows
        "actor": actors[0] if actors else None,
        "recipient": recips[0] if recips else (actors[1] if len(actors) > 1 else None),
        "actors": actors, "recipients": recips,
        "event_date": c.get("date"), "story_date": c.get("published"),
        "first_seen": c.get("first_seen"), "last_seen": c.get("last_seen"),
        "location": c.get("location_name"),
        "status": c.get("status"),
        "source": {"story_id": c.get("doc_id"), "url": c.get("url"),
                   "attribution": c.get("source_text")},
        "text": c.get("evidence_text"), "trigger": c.get("trigger_text"),
        "cameo": c.get("cameo"), "goldstein": c.get("goldstein"),
        "quad_class": quad_class(c.get("cameo")),
        "confidence": c.get("confidence"),
        "num_mentions": c.get("n_mentions", 1), "num_sources": c.get("n_sources", 1),
        "mentions": [{"story_id": m["doc_id"], "event": m["id"], "url": m.get("url"),
                      "outlet": m.get("source"), "story_date": m.get("published"),
                      "text": m.get("evidence_text")} for m in c.get("mentions") or []],
        **({"arms": c["arms"]} if c.get("arms") else {}),
    }


def export_plover(store: Any, out: str | Path | TextIO) -> int:
    """Write every cross-article event (cluster) as one PLOVER JSON object per line (layout in
    :func:`plover_record`); clusters are rebuilt first when stale (:meth:`Store.merge_events`).

    Returns:
        The number of events written.
    Raises:
        StoreError: the output file cannot be opened.
    """
    arms = {(r["doc_id"], r["vid"]): json.loads(r["frame_json"])
            for r in store.rows("event_arms") if r.get("frame_json")}
    n = 0
    with _open(out, False) as f:
        for c in _clusters(store, True):
            frame = arms.get((c["doc_id"], c["id"])) or next(
                (arms[(m["doc_id"], m["id"])] for m in c.get("mentions") or []
                 if (m["doc_id"], m["id"]) in arms), None)
            if frame:
                c["arms"] = frame
            f.write(json.dumps(plover_record(c), ensure_ascii=False))
            f.write("\n")
            n += 1
    return n


def _tsv(v: Any) -> str:
    if v is None:
        return ""
    return str(v).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def export_gdelt(store: Any, out: str | Path | TextIO, *, header: bool = True) -> int:
    """Write every cross-article event (cluster) as one GDELT-style TSV row
    (:data:`GDELT_COLUMNS`, UTF-8, tab-separated, tabs/newlines in text replaced by spaces).

    Returns:
        The number of rows written (header excluded).
    Raises:
        StoreError: the output file cannot be opened.
    """
    n = 0
    with _open(out, False) as f:
        if header:
            f.write("\t".join(GDELT_COLUMNS) + "\n")
        for c in _clusters(store, True):
            dk = c.get("date_key") or ""
            # a day only when the event's date names one («2026-W17» names a week, whose key
            # is its last day: like a month it falls back to the publication date)
            exact = re.match(r"\d{4}-\d\d-\d\d", c.get("date") or "") is not None
            day = dk if len(dk) >= 10 and exact else (c.get("first_seen") or c.get("published")
                                                      or "")
            sql = _sqldate(day)
            frac = ""
            if sql:
                from datetime import date as _d

                d = _d(int(sql[:4]), int(sql[4:6]), int(sql[6:8]))
                frac = f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}"
            a1 = _actor_cols(c.get("actors") or [])
            a2 = _actor_cols(c.get("recipients") or (c.get("actors") or [])[1:2])
            cameo = c.get("cameo") or ""
            ms = c.get("mentions") or []
            row = [c["cluster_id"], sql, sql[:6], sql[:4], frac, *a1, *a2, 1, cameo, cameo[:3],
                   cameo[:2], quad_class(cameo), c.get("goldstein"), c.get("n_mentions"),
                   c.get("n_sources"), len({m["doc_id"] for m in ms}) or 1,
                   c.get("location_name"), _sqldate(c.get("first_seen")),
                   c.get("url") or c.get("doc_id"), c["type"], c.get("mode"), c.get("status"),
                   c.get("date"), c.get("evidence_text")]
            f.write("\t".join(_tsv(v) for v in row) + "\n")
            n += 1
    return n


def export_gdelt_mentions(store: Any, out: str | Path | TextIO, *, header: bool = True) -> int:
    """Write one GDELT-style mentions row per stored event mention
    (:data:`GDELT_MENTION_COLUMNS`): which article reported which event (``GLOBALEVENTID`` of
    :func:`export_gdelt`), when, from which outlet, at which character offset.

    Returns:
        The number of rows written (header excluded).
    """
    n = 0
    with _open(out, False) as f:
        if header:
            f.write("\t".join(GDELT_MENTION_COLUMNS) + "\n")
        if store.clusters_stale():
            store.merge_events()
        sql = ("SELECT m.cluster_id, c.date_key, c.first_seen, m.published, m.source, m.url, "
               "e.trigger_start, e.confidence, m.doc_id, m.vid FROM event_mentions m "
               "JOIN event_clusters c ON c.cluster_id = m.cluster_id "
               "JOIN events e ON e.doc_id = m.doc_id AND e.vid = m.vid "
               "ORDER BY m.cluster_id, m.published, m.doc_id")
        for r in store.conn.execute(sql):
            dk = r[1] or ""
            row = [r[0], _sqldate(dk if len(dk) >= 10 else r[2]), _sqldate(r[3]), 1, r[4],
                   r[5] or r[8], r[6], r[7], r[8], r[9]]
            f.write("\t".join(_tsv(v) for v in row) + "\n")
            n += 1
    return n
