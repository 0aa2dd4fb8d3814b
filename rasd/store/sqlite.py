"""The embedded SQLite store of analysed documents.

One database file in WAL mode (readers never block the writer; ``synchronous=NORMAL``, which in
WAL mode keeps the database consistent on power loss and loses at most the last transactions),
foreign keys on.  The schema is created by named migrations (:data:`MIGRATIONS`) recorded in
``_rasd_migrations``, in the manner of sqlite-utils' ``Migrations``: a new schema change is a new
named entry, never an edit of an applied one.

Every document is written in its own ``BEGIN IMMEDIATE ... COMMIT`` transaction, so a crash
loses at most the document in flight.  Saving is idempotent: a document whose id and content
hash (SHA-256 of its ``rasd.document/1`` JSON, see :func:`content_hash`) are already stored
is not touched; a stored id with a different hash is replaced (old rows deleted through
``ON DELETE CASCADE``).

Tables (one row per item; offsets are code-point ``[start, end)`` indices into
``documents.text``, which equal SQLite's character positions for ``substr`` (1-based)):
``documents``, ``raw_records``, ``entities``, ``mentions``, ``timexes``, ``quantities``,
``quotes``, ``events``, ``event_actors`` (every actor and recipient, for dyad queries),
``failures``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from rasd.errors import StoreError
from rasd.eval.schema import code_country
from rasd.store.clusters import SYMMETRIC

#: Named schema migrations, applied in order, each recorded in ``_rasd_migrations``.
MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    url TEXT, title TEXT, published TEXT, language TEXT,
    text TEXT NOT NULL,
    removed_json TEXT,
    doc_json TEXT NOT NULL,          -- the rasd.document/1 JSON with "text": null
    source TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE TABLE raw_records (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    source TEXT, line INTEGER, reader TEXT, encoding TEXT,
    raw_json TEXT
);
CREATE TABLE entities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    eid TEXT NOT NULL,
    type TEXT NOT NULL, name TEXT, kb TEXT, country TEXT, sector TEXT,
    n_mentions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, eid)
);
CREATE INDEX entities_kb ON entities(kb);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_type ON entities(type);
CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    eid TEXT NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id, eid);
CREATE TABLE timexes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    type TEXT, value TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE quantities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    kind TEXT, value REAL, value_max REAL, unit TEXT, qualifier TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    direct INTEGER, speaker TEXT, speaker_text TEXT, cue TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE events (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    vid TEXT NOT NULL,
    type TEXT NOT NULL, mode TEXT, contexts_json TEXT,
    cameo TEXT, goldstein REAL,
    actor_code TEXT, recipient_code TEXT,
    actor_country TEXT, recipient_country TEXT,
    actors_json TEXT, recipients_json TEXT,
    location TEXT, date TEXT,
    date_key TEXT,
    status TEXT, attribution_json TEXT,
    trigger_start INTEGER, trigger_end INTEGER, trigger_text TEXT,
    evidence_start INTEGER, evidence_end INTEGER,
    confidence REAL,
    PRIMARY KEY (doc_id, vid)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date_key);
CREATE INDEX events_actor ON events(actor_code);
CREATE INDEX events_recipient ON events(recipient_code);
CREATE INDEX events_dyad ON events(actor_country, recipient_country);
CREATE TABLE event_actors (
    doc_id TEXT NOT NULL,
    vid TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    pos INTEGER NOT NULL,
    code TEXT, country TEXT, entity TEXT, text TEXT,
    FOREIGN KEY (doc_id, vid) REFERENCES events(doc_id, vid) ON DELETE CASCADE
);
CREATE INDEX event_actors_country ON event_actors(country, role);
CREATE INDEX event_actors_event ON event_actors(doc_id, vid);
CREATE TABLE failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT, line INTEGER, record_id TEXT,
    stage TEXT, code TEXT, reason TEXT,
    at TEXT NOT NULL
);
"""),
    ("0002_event_arms", """
CREATE TABLE event_arms (
    doc_id TEXT NOT NULL,
    vid TEXT NOT NULL,
    stage TEXT,
    supplier_code TEXT, supplier_country TEXT, supplier_text TEXT,
    recipient_code TEXT, recipient_country TEXT, recipient_text TEXT,
    system TEXT, system_kb TEXT, system_type TEXT,
    quantity REAL, quantity_text TEXT,
    value REAL, value_unit TEXT, value_text TEXT,
    frame_json TEXT,
    PRIMARY KEY (doc_id, vid),
    FOREIGN KEY (doc_id, vid) REFERENCES events(doc_id, vid) ON DELETE CASCADE
);
CREATE INDEX event_arms_recipient ON event_arms(recipient_country);
CREATE INDEX event_arms_supplier ON event_arms(supplier_country);
CREATE INDEX event_arms_system ON event_arms(system)
"""),
    ("0003_event_clusters", """
CREATE TABLE event_clusters (
    cluster_id INTEGER PRIMARY KEY,
    type TEXT NOT NULL, mode TEXT, cameo TEXT, goldstein REAL,
    actor_code TEXT, actor_country TEXT, recipient_code TEXT, recipient_country TEXT,
    date TEXT, date_key TEXT, status TEXT,
    first_seen TEXT, last_seen TEXT,
    n_mentions INTEGER NOT NULL, n_sources INTEGER NOT NULL,
    doc_id TEXT, vid TEXT              -- the representative mention (most precise date, first)
);
CREATE INDEX event_clusters_date ON event_clusters(date_key);
CREATE INDEX event_clusters_dyad ON event_clusters(actor_country, recipient_country);
CREATE TABLE event_mentions (
    cluster_id INTEGER NOT NULL REFERENCES event_clusters(cluster_id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL,
    vid TEXT NOT NULL,
    source TEXT, url TEXT, published TEXT,
    similarity REAL,
    PRIMARY KEY (doc_id, vid),
    FOREIGN KEY (doc_id, vid) REFERENCES events(doc_id, vid) ON DELETE CASCADE
);
CREATE INDEX event_mentions_cluster ON event_mentions(cluster_id)
"""),
]

#: WAL pages between automatic checkpoints (SQLite's default is 1000).
WAL_AUTOCHECKPOINT_PAGES = 10000

_CHILD_TABLES = ("raw_records", "entities", "mentions", "timexes", "quantities", "quotes",
                 "events", "event_actors")
#: Tables added by later migrations (readable with rows()/columns(); not in counts()).
_EXTRA_TABLES = ("event_arms", "event_clusters", "event_mentions")
#: SQL for an event's evidence sentence, cut from its document's text (``e`` the events
#: table, ``d`` documents; SQLite's substr counts characters from 1).
_EVIDENCE_TEXT = ("substr(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start) "
                  "AS evidence_text")
#: select-list columns every event query adds for :meth:`Store._event_dict`: the evidence
#: text and the name of the location entity (trailing space: ``FROM ...`` follows).
_EVENT_TEXT_COLS = (_EVIDENCE_TEXT + ", (SELECT name FROM entities n "
                    "WHERE n.doc_id = e.doc_id AND n.eid = e.location) AS location_name ")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATE_ARG_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})")


def content_hash(doc_json: str, text: str, extra: Any = None) -> str:
    """``"sha256:"`` + hex SHA-256 of a stored document: its JSON without the body
    (``doc_json``, as written by :meth:`Store.save`), the body ``text`` and ``extra`` (the
    entities' country/sector, stored in columns outside the contract), so that any change of
    the analysis output gives a new hash.  Key order is that of ``Doc.to_dict`` (fixed)."""
    h = hashlib.sha256(doc_json.encode("utf-8"))
    h.update(b"\x00")
    h.update(text.encode("utf-8"))
    if extra:
        h.update(b"\x00")
        h.update(json.dumps(extra, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return "sha256:" + h.hexdigest()


def date_key(value: str | None) -> str | None:
    """A sortable calendar prefix of a TIMEX3 value, for ``since`` filters.

    ``2025-08-14`` / ``2025-08`` / ``2025`` stay as they are (time of day dropped); a range
    ``A/B`` uses its end ``B`` (an event lasting into the period counts); an ISO week
    ``2018-W34`` becomes the date of its Sunday; quarters, halves, seasons and decades keep only
    what is certain (``2018-Q2`` -> ``2018``); vague values (``PAST_REF``) give None.
    """
    if not value:
        return None
    v = value.split("/")[-1].strip()
    m = _WEEK_RE.match(v)
    if m:
        try:
            return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 7).isoformat()
        except ValueError:
            return m.group(1)
    m = _DATE_RE.match(v)
    if not m:
        return None
    return "-".join(g for g in m.groups() if g)


def _event_date_key(value: str | None, published_key: str | None) -> str | None:
    """The date key an event is filtered and sorted by: its own TIMEX3 value's key
    (:func:`date_key`); an event with no date takes the publication date's key; one dated
    only vaguely before or after it (``PAST_REF`` «سابقا», ``FUTURE_REF`` «لاحقا») has an unknown
    date and gets None, so ``--since``/``--until`` do not count it at the publication date."""
    if value in ("PAST_REF", "FUTURE_REF"):
        return None
    return date_key(value) or published_key


def _arms_frames(doc: Any, d: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Arms-transfer frames of a document's events, ``{vid: frame}``: the JSON field ``"arms"``
    of each event when present, else ``Event.attrs["arms"]`` of a :class:`rasd.doc.Doc`."""
    out = {}
    for v in d.get("events") or []:
        if isinstance(v.get("arms"), dict):
            out[v["id"]] = v["arms"]
    if not out and not isinstance(doc, dict):
        for ev in getattr(doc, "events", None) or []:
            f = (getattr(ev, "attrs", None) or {}).get("arms")
            if isinstance(f, dict):
                out[ev.id] = f
    return out


def _doc_from_row(doc_json: str, text: str) -> dict[str, Any]:
    """Rebuild a document dict: ``doc_json`` is stored with ``"text": null`` (the body lives
    once, in ``documents.text``), keeping the key order of ``Doc.to_dict``."""
    d = json.loads(doc_json)
    if d.get("text") is None:
        d["text"] = text
    return d


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _j(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False)


def _limit(sql: str, args: list[Any], limit: int | None) -> str:
    """``sql`` with ``" LIMIT ?"`` appended and ``int(limit)`` appended to ``args`` (in place);
    ``sql`` unchanged when ``limit`` is None."""
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    return sql


def parse_dyad(dyad: str | tuple[str, str]) -> tuple[str, str]:
    """Split a dyad into (actor country, recipient country).

    Accepts ``"MAR-ISR"``, ``"MAR:ISR"``, ``"MAR,ISR"``, ``"MAR ISR"``, IGO codes
    (``"IGO-NATO-RUS"`` -> ``("IGO-NATO", "RUS")``) or a 2-tuple; a side may be a full code
    (``MAR-MIL`` is not accepted in the string form; use the tuple form), whose country part
    is used.

    Raises:
        StoreError: if the dyad does not name exactly two sides.
    """
    if isinstance(dyad, tuple):
        parts = list(dyad)
    else:
        toks = [t for t in re.split(r"[-:,/\s]+", dyad.strip().upper()) if t]
        parts = []
        i = 0
        while i < len(toks):
            if toks[i] == "IGO" and i + 1 < len(toks):
                parts.append(f"IGO-{toks[i + 1]}")
                i += 2
            else:
                parts.append(toks[i])
                i += 1
    if len(parts) != 2:
        raise StoreError(f"dyad {dyad!r}: expected two actor countries such as 'MAR-ISR'")
    a, b = (code_country(p) for p in parts)
    if not a or not b:
        raise StoreError(f"dyad {dyad!r}: empty side")
    return a, b


class Store:
    """A SQLite database of analysed documents (see the module docstring for the schema).

    Args:
        path: database file (created with its schema if missing) or ``":memory:"``.
        readonly: open an existing store for queries only (``mode=ro``, immutable), for a
            file or folder this user cannot write.
    Raises:
        StoreError: the path is a directory, its folder does not exist, the file is not a
            SQLite database, or the database cannot be opened/migrated (message names the path).

    Use as a context manager or call :meth:`close`.  One ``Store`` is meant for one thread.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        #: opened read-only (a store on a read-only disk or another user's file): queries work,
        #: writes raise StoreError
        self.readonly = readonly
        #: whether the last :meth:`save` replaced a document stored before under its id
        self.replaced = False
        if self.path != ":memory:":
            p = Path(self.path)
            if p.is_dir():
                raise StoreError(f"{p}: is a directory, not a SQLite database file")
            parent = p.resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{p}: folder {parent} does not exist")
            if p.exists() and p.stat().st_size > 0:
                with open(p, "rb") as f:
                    head = f.read(16)
                if head != b"SQLite format 3\x00":
                    raise StoreError(f"{p}: not a SQLite database (unexpected file header)")
        if readonly:
            try:
                # immutable: no -wal/-shm files are made next to it (the folder may be
                # read-only); the store merges its WAL on close, so the file is complete
                uri = Path(self.path).resolve().as_uri() + "?mode=ro&immutable=1"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None)
                self.conn.row_factory = sqlite3.Row
                self.conn.execute("SELECT count(*) FROM documents").fetchone()
            except sqlite3.Error as e:
                raise StoreError(f"{self.path}: cannot read SQLite store: {e}") from e
            return
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            # checkpoint (the only fsync in WAL + NORMAL) every ~40 MB of WAL instead of ~4 MB:
            # measured 251 -> 398 documents/s on a 2-core VM; the WAL is merged on close.
            self.conn.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
            self._migrate()
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot open SQLite store: {e}") from e

    # -- lifecycle ------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        if getattr(self, "conn", None) is not None:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _migrate(self) -> None:
        c = self.conn
        c.execute("CREATE TABLE IF NOT EXISTS _rasd_migrations "
                  "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {r[0] for r in c.execute("SELECT name FROM _rasd_migrations")}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            c.execute("BEGIN IMMEDIATE")
            try:
                for stmt in sql.split(";"):
                    if stmt.strip():
                        c.execute(stmt)
                c.execute("INSERT INTO _rasd_migrations(name, applied_at) VALUES (?, ?)",
                          (name, _now()))
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise

    def migrations(self) -> list[str]:
        """Names of the applied migrations, in order of application."""
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM _rasd_migrations ORDER BY applied_at, name")]

    # -- writing --------------------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        """True if a document with this id is stored."""
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    def save(self, doc: Any, record: Any = None) -> bool:
        """Store one analysed document (and its input record) in one transaction.

        Args:
            doc: a :class:`rasd.doc.Doc` (or an already serialised ``rasd.document/1`` dict;
                then entity ``country``/``sector`` are unknown).
            record: the :class:`rasd.record.Record` it came from, or None.
        Returns:
            True if rows were written (new document, or same id with new content replacing
            the old rows; then :attr:`replaced` is True until the next save); False if the
            same id and content hash were already stored.
        Raises:
            StoreError: on any SQLite error; the transaction is rolled back first, so no part
                of this document stays.  Other exceptions are re-raised after the rollback.
        """
        d = doc if isinstance(doc, dict) else doc.to_dict()
        ents_extra: dict[str, tuple[Any, Any]] = {}
        arms = _arms_frames(doc, d)
        if not isinstance(doc, dict):
            ents_extra = {e.id: (e.country, e.sector) for e in doc.entities}
        text = d.get("text") or ""
        doc_json = json.dumps({**d, "text": None}, ensure_ascii=False)
        extra: dict[str, Any] = {k: v for k, v in ents_extra.items() if v != (None, None)}
        if arms and not any("arms" in v for v in d.get("events") or []):
            extra["_arms"] = arms  # frames outside the JSON still change the hash
        h = content_hash(doc_json, text, extra)
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot start a transaction: {e}") from e
        try:
            row = c.execute("SELECT content_hash FROM documents WHERE id = ?",
                            (d["id"],)).fetchone()
            if row is not None and row[0] == h:
                c.execute("COMMIT")
                return False
            self.replaced = row is not None
            if row is not None:
                c.execute("DELETE FROM documents WHERE id = ?", (d["id"],))
            self._insert_document(d, h, doc_json, doc, record)
            self._insert_entities(d, ents_extra)
            self._insert_layers(d)
            self._insert_events(d)
            self._insert_arms(d["id"], arms)
            c.execute("COMMIT")
            return True
        except BaseException as e:
            try:
                c.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            if isinstance(e, sqlite3.Error):
                raise StoreError(f"{self.path}: cannot save document {d.get('id')!r}: {e}") from e
            raise

    def _insert_document(self, d: dict[str, Any], h: str, doc_json: str, doc: Any,
                         record: Any) -> None:
        meta = {} if isinstance(doc, dict) else (getattr(doc, "meta", None) or {})
        source = getattr(record, "source", None) or meta.get("source")
        self.conn.execute(
            "INSERT INTO documents(id, content_hash, url, title, published, language, text, "
            "removed_json, doc_json, source, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (d["id"], h, d.get("url"), d.get("title"), d.get("published"), d.get("language"),
             d.get("text") or "", _j(d.get("boilerplate_removed")),
             doc_json, source, _now()))
        if record is not None:
            self.conn.execute(
                "INSERT INTO raw_records(doc_id, source, line, reader, encoding, raw_json) "
                "VALUES (?,?,?,?,?,?)",
                (d["id"], getattr(record, "source", None), getattr(record, "line", None),
                 getattr(record, "reader", None), getattr(record, "encoding", None),
                 _j(getattr(record, "raw", None) or None)))

    def _insert_entities(self, d: dict[str, Any], extra: dict[str, tuple[Any, Any]]) -> None:
        did = d["id"]
        ents, ments = [], []
        for e in d.get("entities") or []:
            country, sector = extra.get(e["id"], (None, None))
            ms = e.get("mentions") or []
            if country is None and isinstance(e.get("kb"), str) and e["kb"].startswith("iso3:"):
                country = e["kb"][5:]
            ents.append((did, e["id"], e["type"], e.get("name"), e.get("kb"), country, sector,
                         len(ms)))
            ments.extend((did, e["id"], m["start"], m["end"], m["text"]) for m in ms)
        self.conn.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?,?,?)", ents)
        self.conn.executemany('INSERT INTO mentions(doc_id, eid, "start", "end", text) '
                              "VALUES (?,?,?,?,?)", ments)

    def _insert_layers(self, d: dict[str, Any]) -> None:
        did = d["id"]
        c = self.conn
        c.executemany(
            'INSERT INTO timexes(doc_id, idx, "start", "end", text, type, value) '
            "VALUES (?,?,?,?,?,?,?)",
            [(did, i, t["start"], t["end"], t["text"], t.get("type"), t.get("value"))
             for i, t in enumerate(d.get("timexes") or [])])
        c.executemany(
            'INSERT INTO quantities(doc_id, idx, "start", "end", text, kind, value, value_max, '
            "unit, qualifier) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(did, i, q["start"], q["end"], q["text"], q.get("kind"), q.get("value"),
              q.get("value_max"), q.get("unit"), q.get("qualifier"))
             for i, q in enumerate(d.get("quantities") or [])])
        c.executemany(
            'INSERT INTO quotes(doc_id, idx, "start", "end", text, direct, speaker, speaker_text, '
            "cue) VALUES (?,?,?,?,?,?,?,?,?)",
            [(did, i, q["start"], q["end"], q["text"], int(bool(q.get("direct"))),
              q.get("speaker"), q.get("speaker_text"), q.get("cue"))
             for i, q in enumerate(d.get("quotes") or [])])

    def _insert_events(self, d: dict[str, Any]) -> None:
        did = d["id"]
        fallback = date_key(d.get("published"))
        rows, parts = [], []
        for v in d.get("events") or []:
            actors, recips = v.get("actors") or [], v.get("recipients") or []
            a0 = actors[0].get("code") if actors else None
            r0 = recips[0].get("code") if recips else None
            tr, ev = v.get("trigger") or {}, v.get("evidence") or {}
            rows.append((
                did, v["id"], v["type"], v.get("mode"), _j(v.get("contexts") or []),
                v.get("cameo"), v.get("goldstein"), a0, r0, code_country(a0), code_country(r0),
                _j(actors), _j(recips), v.get("location"), v.get("date"),
                _event_date_key(v.get("date"), fallback), v.get("status"), _j(v.get("attribution")),
                tr.get("start"), tr.get("end"), tr.get("text"), ev.get("start"), ev.get("end"),
                v.get("confidence")))
            for role, lst in (("actor", actors), ("recipient", recips)):
                for pos, a in enumerate(lst):
                    parts.append((did, v["id"], role, pos, a.get("code"),
                                  code_country(a.get("code")), a.get("entity"), a.get("text")))
        self.conn.executemany(f"INSERT INTO events VALUES ({','.join('?' * 24)})", rows)
        self.conn.executemany("INSERT INTO event_actors VALUES (?,?,?,?,?,?,?,?)", parts)

    def _insert_arms(self, did: str, arms: dict[str, dict[str, Any]]) -> None:
        rows = []
        for vid, f in arms.items():
            sup, rec = f.get("supplier") or {}, f.get("recipient") or {}
            systems = f.get("systems") or []
            q, v = f.get("quantity") or {}, f.get("value") or {}
            rows.append((did, vid, f.get("stage"), sup.get("code"),
                         sup.get("country") or code_country(sup.get("code")), sup.get("text"),
                         rec.get("code"), rec.get("country") or code_country(rec.get("code")),
                         rec.get("text"), f.get("system"),
                         systems[0].get("kb") if systems else None, f.get("system_type"),
                         q.get("value"), q.get("text"), v.get("value"), v.get("unit"),
                         v.get("text"), _j(f)))
        self.conn.executemany(f"INSERT INTO event_arms VALUES ({','.join('?' * 18)})", rows)

    def save_failure(self, source: Any = None, reason: str = "", *, line: int | None = None,
                     record_id: str | None = None, stage: str = "read",
                     code: str = "error") -> None:
        """Record an input that could not be read or analysed (its own small transaction).

        Args:
            source: file path / ``"-"`` (or a :class:`rasd.record.ReadError`, whose source,
                line, id, code and reason are used).
            reason: human-readable message; line: 1-based JSONL line or None;
            record_id: the record's id or None; stage: ``"read"``, ``"analyze"``, ...;
            code: short error code (``"empty"``, ``"bad-json"`` ...).
        Raises:
            StoreError: on a SQLite error.
        """
        if source is not None and hasattr(source, "reason") and hasattr(source, "code"):
            err = source
            source, reason = err.source, reason or err.reason
            line = line if line is not None else getattr(err, "line", None)
            record_id = record_id or getattr(err, "id", None)
            code = err.code if code == "error" else code
        src = None if source is None else str(source)
        try:
            # the same failure seen again (a re-run of the same batch) updates its time only
            cur = self.conn.execute(
                "UPDATE failures SET at = ? WHERE source IS ? AND line IS ? AND record_id IS ? "
                "AND stage IS ? AND code IS ? AND reason IS ?",
                (_now(), src, line, record_id, stage, code, reason))
            if cur.rowcount == 0:
                self.conn.execute(
                    "INSERT INTO failures(source, line, record_id, stage, code, reason, at) "
                    "VALUES (?,?,?,?,?,?,?)",
                    (src, line, record_id, stage, code, reason, _now()))
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot record failure: {e}") from e

    # -- reading --------------------------------------------------------------------------------
    def iter_documents(self, batch: int = 500) -> Iterator[dict[str, Any]]:
        """Yield every stored document as its ``rasd.document/1`` dict, in ingestion order.

        Reads in batches of ``batch`` rows (memory stays flat on large stores).
        """
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT rowid, doc_json, text FROM documents WHERE rowid > ? "
                "ORDER BY rowid LIMIT ?",
                (last, batch)).fetchall()
            if not rows:
                return
            for r in rows:
                yield _doc_from_row(r[1], r[2])
            last = rows[-1][0]

    def get(self, doc_id: str) -> dict[str, Any] | None:
        """The stored ``rasd.document/1`` dict of ``doc_id``, or None if absent."""
        r = self.conn.execute("SELECT doc_json, text FROM documents WHERE id = ?",
                              (doc_id,)).fetchone()
        return None if r is None else _doc_from_row(r[0], r[1])

    def raw_record(self, doc_id: str) -> dict[str, Any] | None:
        """The stored input record of ``doc_id``: ``{"source", "line", "reader", "encoding",
        "raw"}``, or None."""
        r = self.conn.execute("SELECT * FROM raw_records WHERE doc_id = ?", (doc_id,)).fetchone()
        if r is None:
            return None
        return {"source": r["source"], "line": r["line"], "reader": r["reader"],
                "encoding": r["encoding"],
                "raw": json.loads(r["raw_json"]) if r["raw_json"] else None}

    def entities(self, type: str | None = None, limit: int | None = 50,
                 name: str | None = None) -> list[dict[str, Any]]:
        """Entities aggregated over documents, most frequent first.

        Entities with a kb id are grouped by (kb, type); others by (name, type).

        Args:
            type: keep only this entity type (PER, ORG, GPE, LOC, MISC) or None for all.
            limit: at most this many rows (None: all).
            name: keep only entities whose name contains this substring (case-insensitive).
        Returns:
            list of ``{"name", "type", "kb", "documents", "mentions"}`` (``documents``: number
            of documents mentioning it; ``mentions``: number of distinct mention spans).
        """
        where, args = [], []
        if type:
            where.append("type = ?")
            args.append(type)
        if name:
            where.append("name LIKE ?")
            args.append(f"%{name}%")
        sql = ("SELECT MIN(name) AS name, type, kb, COUNT(DISTINCT doc_id) AS documents, "
               "SUM(n_mentions) AS mentions FROM entities"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " GROUP BY COALESCE(kb, 'name:' || name), type"
               " ORDER BY documents DESC, mentions DESC, name")
        sql = _limit(sql, args, limit)
        return [dict(r) for r in self.conn.execute(sql, args)]

    def events(self, dyad: str | tuple[str, str] | None = None, since: str | None = None,
               type: str | None = None, limit: int | None = None, *, symmetric: bool = False,
               until: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
        """Stored events, newest first.

        Args:
            dyad: ``"MAR-ISR"``: some actor's country is MAR and some recipient's is ISR
                (see :func:`parse_dyad`); None for any.
            symmetric: with a dyad, also match the reverse direction and events where both
                countries are among the actors of any type.  Without it, reciprocal types
                (:data:`rasd.store.clusters.SYMMETRIC`: CONSULT, COOPERATE, AGREE, SUPPORT) with
                both countries among the actors match too: they have no direction.
            since / until: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; compared on the common
                prefix of the event's date key (its TIMEX3 value, see :func:`date_key`, else the
                document's publication date), so a ``2025`` event passes ``since="2025-06"``;
                an event dated only ``PAST_REF``/``FUTURE_REF`` has no key and never passes.
            type: PLOVER type; status: event status; limit: at most this many rows.
        Returns:
            list of dicts: ``doc_id, id, type, mode, contexts, cameo, goldstein, actor_codes,
            recipient_codes, actors, recipients, location (entity id), location_name, date,
            date_key, status, attribution, source_text (attribution surface), trigger_text,
            trigger (start, end), evidence (start, end), evidence_text, confidence, published,
            title, url``.
        Raises:
            StoreError: a malformed dyad or date.
        """
        where, args = self._event_where(dyad, since, type, symmetric, until, status)
        sql = ("SELECT e.*, d.published, d.title, d.url, " + _EVENT_TEXT_COLS +
               "FROM events e JOIN documents d ON d.id = e.doc_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY e.date_key DESC, d.published DESC, e.doc_id, e.rowid")
        sql = _limit(sql, args, limit)
        return [self._event_dict(r) for r in self.conn.execute(sql, args)]

    @staticmethod
    def _event_where(dyad: str | tuple[str, str] | None, since: str | None, type: str | None,
                     symmetric: bool, until: str | None,
                     status: str | None) -> tuple[list[str], list[Any]]:
        """SQL conditions on the events table aliased ``e`` (see :meth:`events`)."""
        where: list[str] = []
        args: list[Any] = []
        if type:
            where.append("e.type = ?")
            args.append(type.upper())
        if status:
            where.append("e.status = ?")
            args.append(status)
        for val, op in ((since, ">="), (until, "<=")):
            if val:
                if not _DATE_ARG_RE.match(val):
                    raise StoreError(f"date {val!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
                n = len(val)
                where.append("e.date_key IS NOT NULL AND "
                             "substr(e.date_key, 1, min(length(e.date_key), ?)) "
                             f"{op} substr(?, 1, min(length(e.date_key), ?))")
                args += [n, val, n]
                # a necessary condition on the year alone lets SQLite use the date index
                where.append(f"e.date_key {op} ?")
                args.append(val[:4] if op == ">=" else val[:4] + "\uffff")
        if dyad:
            a, b = parse_dyad(dyad)
            has = ("EXISTS (SELECT 1 FROM event_actors x WHERE x.doc_id = e.doc_id "
                   "AND x.vid = e.vid AND x.role = ? AND x.country = ?)")
            directed = f"({has} AND {has})"
            if symmetric:
                where.append(f"({directed} OR {directed} OR {directed})")
                args += ["actor", a, "recipient", b, "actor", b, "recipient", a,
                         "actor", a, "actor", b]
            else:
                # a reciprocal event (a meeting, an agreement, joint exercises) lists both
                # sides as actors and has no direction: it belongs to the dyad either way
                where.append(f"({directed} OR (e.type IN ({','.join('?' * len(SYMMETRIC))})"
                             f" AND {directed}))")
                args += ["actor", a, "recipient", b, *sorted(SYMMETRIC),
                         "actor", a, "actor", b]
        return where, args

    @staticmethod
    def _event_dict(r: sqlite3.Row) -> dict[str, Any]:
        actors = json.loads(r["actors_json"] or "[]")
        recips = json.loads(r["recipients_json"] or "[]")
        att = json.loads(r["attribution_json"]) if r["attribution_json"] else None
        return {
            "doc_id": r["doc_id"], "id": r["vid"], "type": r["type"], "mode": r["mode"],
            "contexts": json.loads(r["contexts_json"] or "[]"), "cameo": r["cameo"],
            "goldstein": r["goldstein"],
            "actor_codes": [a.get("code") for a in actors if a.get("code")],
            "recipient_codes": [a.get("code") for a in recips if a.get("code")],
            "actors": actors, "recipients": recips,
            "location": r["location"], "location_name": r["location_name"],
            "date": r["date"], "date_key": r["date_key"], "status": r["status"],
            "attribution": att, "source_text": (att or {}).get("text"),
            "trigger_text": r["trigger_text"],
            "trigger": [r["trigger_start"], r["trigger_end"]],
            "evidence": [r["evidence_start"], r["evidence_end"]],
            "evidence_text": r["evidence_text"], "confidence": r["confidence"],
            "published": r["published"], "title": r["title"], "url": r["url"],
        }

    # -- arms-transfer frames -------------------------------------------------------------------
    def arms(self, country: str | None = None, since: str | None = None,
             until: str | None = None, stage: str | None = None, system: str | None = None,
             limit: int | None = None) -> list[dict[str, Any]]:
        """Arms-transfer frames of stored events, grouped so a deal reads from talks to delivery:
        ordered by recipient country, supplier country, system, then date.

        Args:
            country: keep frames whose supplier or recipient country is this ISO3 (or IGO) code.
            since / until: as in :meth:`events` (on the event's date key).
            stage: talks, selection, approval, order, production or delivery.
            system: substring of the system name (case-insensitive), e.g. ``"F-35"``.
            limit: at most this many rows.
        Returns:
            list of the :meth:`events` dicts with an added ``"arms"`` frame (supplier,
            recipient, system, system_type, systems, quantity, value, stage).
        Raises:
            StoreError: a malformed date.
        """
        where, args = self._event_where(None, since, None, False, until, None)
        if country:
            where.append("(a.supplier_country = ? OR a.recipient_country = ?)")
            args += [country.upper(), country.upper()]
        if stage:
            where.append("a.stage = ?")
            args.append(stage)
        if system:
            where.append("a.system LIKE ?")
            args.append(f"%{system}%")
        sql = ("SELECT e.*, d.published, d.title, d.url, a.frame_json, " + _EVENT_TEXT_COLS +
               "FROM event_arms a JOIN events e ON e.doc_id = a.doc_id AND e.vid = a.vid "
               "JOIN documents d ON d.id = e.doc_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY a.recipient_country, a.supplier_country, a.system, e.date_key, "
                 "d.published, e.doc_id, e.rowid")
        sql = _limit(sql, args, limit)
        out = []
        for r in self.conn.execute(sql, args):
            d = self._event_dict(r)
            d["arms"] = json.loads(r["frame_json"]) if r["frame_json"] else None
            out.append(d)
        return out

    def deals(self, country: str | None = None, system: str | None = None,
              since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
        """Arms deals followed across articles: the frames of :meth:`arms` grouped by supplier
        country, recipient country and system (its name, else its category), each deal with its
        mentions in date order, so a deal reads from talks to delivery.

        Args:
            country, system, since, until: as in :meth:`arms`.
        Returns:
            list of ``{"supplier", "recipient", "system", "system_type", "stages" (distinct,
            in order of first report, from mentions neither negated nor hypothetical: a deal
            only denied has none), "latest_stage" (None then), "first", "last", "n_mentions",
            "n_documents", "mentions": [{"date", "published", "stage", "status", "doc_id", "id",
            "url", "quantity", "value", "evidence_text"}]}``, deals with most mentions first.
        Raises:
            StoreError: a malformed date.
        """
        groups: dict[tuple, dict[str, Any]] = {}
        for r in self.arms(country=country, since=since, until=until, system=system):
            f = r.get("arms") or {}
            sup = (f.get("supplier") or {}).get("country")
            rec = (f.get("recipient") or {}).get("country")
            what = f.get("system") or f.get("system_type")
            g = groups.setdefault((sup, rec, what), {
                "supplier": sup, "recipient": rec, "system": f.get("system"),
                "system_type": f.get("system_type"), "mentions": []})
            g["mentions"].append({
                "date": r.get("date_key"), "published": r.get("published"),
                "stage": f.get("stage"), "status": r.get("status"), "doc_id": r["doc_id"],
                "id": r["id"], "url": r.get("url"),
                "quantity": (f.get("quantity") or {}).get("value"),
                "value": (f.get("value") or {}).get("value"),
                "evidence_text": r.get("evidence_text")})
        out = []
        for g in groups.values():
            ms = sorted(g["mentions"], key=lambda m: (m["date"] or "", m["published"] or ""))
            g["mentions"] = ms
            # a denied or hypothetical report («نفت الجزائر أنها اشترت») is listed but moves
            # the deal to no stage
            real = [m for m in ms if m["stage"] and m["status"] not in ("negated", "hypothetical")]
            g["stages"] = list(dict.fromkeys(m["stage"] for m in real))
            g["latest_stage"] = real[-1]["stage"] if real else None
            g["first"], g["last"] = ms[0]["date"], ms[-1]["date"]
            g["n_mentions"] = len(ms)
            g["n_documents"] = len({m["doc_id"] for m in ms})
            out.append(g)
        out.sort(key=lambda g: (-g["n_documents"], -g["n_mentions"], g["first"] or ""))
        return out

    # -- cross-article clusters -----------------------------------------------------------------
    def merge_events(self, window_days: int = 7) -> int:
        """Group the stored events into cross-article clusters (same event reported by several
        outlets or repeated later), rebuilding ``event_clusters`` and ``event_mentions``; the
        rules are in :mod:`rasd.store.clusters`.

        Args:
            window_days: most days between two day-grain dates of one event.
        Returns:
            The number of clusters (every event belongs to exactly one).
        Raises:
            StoreError: on a SQLite error (the old clusters stay).
        """
        from rasd.store.clusters import merge_events

        try:
            return merge_events(self.conn, window_days)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot merge events: {e}") from e

    def clusters_stale(self) -> bool:
        """True when some stored event is in no cluster (documents were saved or replaced since
        the last :meth:`merge_events`)."""
        n_ev = self.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        n_me = self.conn.execute("SELECT COUNT(*) FROM event_mentions").fetchone()[0]
        return n_ev != n_me

    def clusters(self, dyad: str | tuple[str, str] | None = None, since: str | None = None,
                 type: str | None = None, limit: int | None = None, *, symmetric: bool = False,
                 until: str | None = None, status: str | None = None,
                 mentions: bool = False) -> list[dict[str, Any]]:
        """Cross-article event clusters, newest first, filtered like :meth:`events` on each
        cluster's representative mention (run :meth:`merge_events` first).

        Returns:
            list of the representative event's :meth:`events` dict plus ``cluster_id``,
            ``n_mentions``, ``n_sources``, ``first_seen``, ``last_seen`` and, with
            ``mentions=True``, ``"mentions"``: ``[{"doc_id", "id", "source", "url",
            "published", "similarity", "trigger_text", "evidence_text"}]`` in publication order.
        Raises:
            StoreError: a malformed dyad or date.
        """
        where, args = self._event_where(dyad, since, type, symmetric, until, status)
        sql = ("SELECT e.*, d.published, d.title, d.url, c.cluster_id, c.n_mentions, "
               "c.n_sources, c.first_seen, c.last_seen, " + _EVENT_TEXT_COLS +
               "FROM event_clusters c JOIN events e ON e.doc_id = c.doc_id AND e.vid = c.vid "
               "JOIN documents d ON d.id = e.doc_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY e.date_key DESC, c.n_mentions DESC, c.cluster_id")
        sql = _limit(sql, args, limit)
        out = []
        for r in self.conn.execute(sql, args):
            d = self._event_dict(r)
            for k in ("cluster_id", "n_mentions", "n_sources", "first_seen", "last_seen"):
                d[k] = r[k]
            if mentions:
                d["mentions"] = [dict(m) for m in self.conn.execute(
                    "SELECT m.doc_id, m.vid AS id, m.source, m.url, m.published, m.similarity, "
                    "e.trigger_text, " + _EVIDENCE_TEXT + " "
                    "FROM event_mentions m JOIN events e ON e.doc_id = m.doc_id AND e.vid = m.vid "
                    "JOIN documents d ON d.id = m.doc_id WHERE m.cluster_id = ? "
                    "ORDER BY m.published, m.doc_id", (r["cluster_id"],))]
            out.append(d)
        return out

    def failures(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Recorded failures, oldest first: ``{"source", "line", "record_id", "stage", "code",
        "reason", "at"}``."""
        sql = "SELECT source, line, record_id, stage, code, reason, at FROM failures ORDER BY id"
        args: list[Any] = []
        sql = _limit(sql, args, limit)
        return [dict(r) for r in self.conn.execute(sql, args)]

    def counts(self) -> dict[str, int]:
        """Row counts: ``documents``, ``raw_records``, ``entities``, ``mentions``, ``timexes``,
        ``quantities``, ``quotes``, ``events``, ``event_actors``, ``failures``."""
        return {t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("documents", *_CHILD_TABLES, "failures")}

    def columns(self, table: str) -> list[str]:
        """Column names of one of the store's tables, in schema order.

        Raises:
            StoreError: ``table`` is not one of the store's tables.
        """
        self._check_table(table)
        return [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]

    @staticmethod
    def _check_table(table: str) -> None:
        if table not in ("documents", *_CHILD_TABLES, "failures", *_EXTRA_TABLES):
            raise StoreError(f"unknown table {table!r}; one of: documents, "
                             f"{', '.join(_CHILD_TABLES)}, failures, "
                             f"{', '.join(_EXTRA_TABLES)}")

    def rows(self, table: str, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Yield every row of one table as a dict (column -> value), in insertion order.

        Raises:
            StoreError: ``table`` is not one of the store's tables.
        """
        self._check_table(table)
        last = 0
        while True:
            rs = self.conn.execute(f"SELECT rowid AS _rowid, * FROM {table} WHERE rowid > ? "
                                   "ORDER BY rowid LIMIT ?", (last, batch)).fetchall()
            if not rs:
                return
            for r in rs:
                d = dict(r)
                last = d.pop("_rowid")
                yield d

    def size_bytes(self) -> int:
        """Size of the database file plus its WAL on disk, in bytes (0 for ``:memory:``)."""
        if self.path == ":memory:":
            return 0
        return sum(os.path.getsize(p) for p in (self.path, self.path + "-wal")
                   if os.path.exists(p))
