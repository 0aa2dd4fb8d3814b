"""The SQLite store (rasd.store.sqlite) and its exports (rasd.store.export).

Documents here are small ones written for these tests."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import SHARED, needs_shared

from rasd.doc import Actor, Doc, Entity, Event, Mention, Quantity, Quote, Timex
from rasd.errors import StoreError
from rasd.eval.schema import validate_document
from rasd.record import ReadError, Record
from rasd.store.export import export_csv, export_jsonl
from rasd.store.sqlite import MIGRATIONS, Store, date_key, parse_dyad


def _find(text: str, s: str) -> tuple[int, int]:
    i = text.index(s)
    return i, i + len(s)


def make_doc(doc_id: str = "d1", *, published: str = "2025-09-15",
             visit_date: str | None = "2025-08", extra: str = "") -> Doc:
    """A Moroccan military delegation visits Israel; a company signs a 100 M$ contract."""
    text = ("زار وفد عسكري مغربي إسرائيل في أغسطس الماضي، "
            "وقال مصدر إن شركة إلبيت سيستمز وقعت عقداً بقيمة 100 مليون دولار مع الرباط." + extra)
    d = Doc(text=text, id=doc_id, published=published, sentences=[(0, len(text))])
    isr, rab, elb = _find(text, "إسرائيل"), _find(text, "الرباط"), _find(text, "إلبيت سيستمز")
    d.entities = [
        Entity("E1", "GPE", "Israel", "iso3:ISR", [Mention(*isr, "إسرائيل")], country="ISR"),
        Entity("E2", "GPE", "Rabat", None, [Mention(*rab, "الرباط")], country="MAR"),
        Entity("E3", "ORG", "Elbit Systems", "rasd:org/elbit",
               [Mention(*elb, "إلبيت سيستمز")], country="ISR", sector="BUS"),
    ]
    d.timexes = [Timex(*_find(text, "أغسطس الماضي"), "أغسطس الماضي", "DATE", "2025-08")]
    d.quantities = [Quantity(*_find(text, "100 مليون دولار"), "100 مليون دولار", "money",
                             1e8, "USD")]
    qs, qe = text.index("شركة"), text.index(".") if "." in text else len(text)
    d.quotes = [Quote(qs, qe, text[qs:qe], False, None, "مصدر", "قال")]
    s1 = text.index("،")
    d.events = [
        Event("V1", "CONSULT", "visit", ["military"], "042", 1.9,
              [Actor("MAR-MIL", None, "وفد عسكري مغربي")], [Actor("ISR-GOV", "E1", "إسرائيل")],
              "E1", visit_date, "asserted", None, (0, 3), (0, s1), 0.8),
        Event("V2", "COOPERATE", None, ["military", "economic"], "061", 6.4,
              [Actor("ISR-BUS", "E3", "إلبيت سيستمز")], [Actor("MAR-GOV", "E2", "الرباط")],
              None, None, "asserted", {"source": None, "text": "مصدر"},
              _find(text, "وقعت"), (qs, qe), 0.7),
    ]
    return d


def _rows(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


ALL_TABLES = ("documents", "raw_records", "entities", "mentions", "timexes", "quantities",
              "quotes", "events", "event_actors")


def _rows_of(db: Path, doc_id: str) -> dict[str, int]:
    out = {}
    for t in ALL_TABLES:
        col = "id" if t == "documents" else "doc_id"
        out[t] = _rows(db, f"SELECT COUNT(*) FROM {t} WHERE {col} = '{doc_id}'")[0][0]
    return out


# -- schema and settings -----------------------------------------------------------------------
def test_new_store_is_wal_with_recorded_migrations(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 1   # NORMAL
        assert s.migrations() == [name for name, _ in MIGRATIONS]
    # reopening applies nothing twice
    with Store(db) as s:
        assert s.migrations() == [name for name, _ in MIGRATIONS]
    assert _rows(db, "SELECT COUNT(*) FROM _rasd_migrations")[0][0] == len(MIGRATIONS)
    idx = {r[0] for r in _rows(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"events_type", "events_date", "events_actor", "events_recipient", "entities_kb",
            "entities_name"} <= idx


def test_store_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)
    bad = tmp_path / "notes.txt"
    bad.write_text("هذا ليس قاعدة بيانات", encoding="utf-8")
    with pytest.raises(StoreError, match="notes.txt: not a SQLite database"):
        Store(bad)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing" / "s.db")


# -- saving ------------------------------------------------------------------------------------
def test_save_writes_every_layer_and_the_raw_record(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    rec = Record(id="d1", text="...", source="in.jsonl", line=3, reader="jsonl",
                 encoding="utf-8", raw={"id": "d1", "text": "نص"})
    with Store(db) as s:
        assert s.save(make_doc(), rec) is True
        assert s.counts() == {"documents": 1, "raw_records": 1, "entities": 3, "mentions": 3,
                              "timexes": 1, "quantities": 1, "quotes": 1, "events": 2,
                              "event_actors": 4, "failures": 0}
        assert s.get("d1") == make_doc().to_dict()
        assert s.get("nope") is None
        assert s.raw_record("d1") == {"source": "in.jsonl", "line": 3, "reader": "jsonl",
                                      "encoding": "utf-8", "raw": {"id": "d1", "text": "نص"}}
    ent = _rows(db, "SELECT eid, type, name, kb, country, sector, n_mentions FROM entities "
                    "ORDER BY eid")
    assert ent[2] == ("E3", "ORG", "Elbit Systems", "rasd:org/elbit", "ISR", "BUS", 1)
    ev = _rows(db, "SELECT vid, actor_code, recipient_code, actor_country, recipient_country, "
                   "date, date_key FROM events ORDER BY vid")
    # V2 has no date of its own: date_key falls back to the publication date
    assert ev == [("V1", "MAR-MIL", "ISR-GOV", "MAR", "ISR", "2025-08", "2025-08"),
                  ("V2", "ISR-BUS", "MAR-GOV", "ISR", "MAR", None, "2025-09-15")]
    src = _rows(db, "SELECT source FROM documents")[0][0]
    assert src == "in.jsonl"


def test_same_document_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as s:
        assert s.save(make_doc()) is True
        before = _rows(db, "SELECT id, content_hash, ingested_at FROM documents")
        counts = s.counts()
        assert s.save(make_doc()) is False
        assert s.counts() == counts
        assert _rows(db, "SELECT id, content_hash, ingested_at FROM documents") == before


def test_same_id_new_content_replaces_rows(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as s:
        s.save(make_doc())
        d2 = make_doc(extra=" وأضاف المصدر أن التسليم سيبدأ العام المقبل.")
        d2.events = d2.events[:1]
        d2.entities = d2.entities[:1]
        assert s.save(d2) is True
        c = s.counts()
        assert (c["documents"], c["entities"], c["mentions"], c["events"], c["event_actors"]) == \
               (1, 1, 1, 1, 2)
        assert s.get("d1")["text"].endswith("العام المقبل.")


def test_changed_actor_sector_alone_replaces(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as s:
        s.save(make_doc())
        d = make_doc()
        d.entities[2].sector = "MIL"       # not in the JSON contract, stored in a column
        assert s.save(d) is True
        assert s.save(d) is False
    assert _rows(db, "SELECT sector FROM entities WHERE eid = 'E3'") == [("MIL",)]


def test_crash_inside_save_leaves_nothing_half_written(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "s.db"
    s = Store(db)
    assert s.save(make_doc("d1"))

    def boom(self, d):
        raise RuntimeError("simulated crash after documents, entities and layers were written")

    monkeypatch.setattr(Store, "_insert_events", boom)
    with pytest.raises(RuntimeError, match="simulated crash"):
        s.save(make_doc("d2"), Record(id="d2", source="x.txt"))
    # a replacement that fails keeps the old version whole
    with pytest.raises(RuntimeError):
        s.save(make_doc("d1", visit_date="2025-07"))
    monkeypatch.undo()
    s.close()
    assert _rows_of(db, "d2") == dict.fromkeys(ALL_TABLES, 0)
    assert _rows_of(db, "d1") == {"documents": 1, "raw_records": 0, "entities": 3, "mentions": 3,
                                  "timexes": 1, "quantities": 1, "quotes": 1, "events": 2,
                                  "event_actors": 4}
    with Store(db) as s2:
        assert s2.get("d1")["events"][0]["date"] == "2025-08"
        assert s2.save(make_doc("d2")) is True     # the store is usable after the failure


def test_sqlite_error_becomes_store_error_and_rolls_back(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    d = make_doc("bad")
    d.entities[1].id = "E1"          # a pipeline bug: duplicate entity ids in one document
    with Store(db) as s:
        with pytest.raises(StoreError, match="cannot save document 'bad'.*UNIQUE"):
            s.save(d)
        assert s.counts()["documents"] == 0
    assert _rows_of(db, "bad") == dict.fromkeys(ALL_TABLES, 0)


def test_process_killed_mid_document_loses_only_that_document(tmp_path: Path) -> None:
    """A real crash: the child process dies (os._exit) in the middle of writing d2."""
    db = tmp_path / "s.db"
    root = Path(__file__).resolve().parent.parent
    code = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(root)!r})
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import make_doc
        from rasd.store.sqlite import Store
        s = Store({str(db)!r})
        s.save(make_doc("d1"))
        Store._insert_events = lambda self, d: os._exit(3)
        s.save(make_doc("d2"))
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 3, res.stderr
    with Store(db) as s:
        assert [d["id"] for d in s.iter_documents()] == ["d1"]
        assert s.counts()["entities"] == 3
    assert _rows_of(db, "d2") == dict.fromkeys(ALL_TABLES, 0)


def test_failures_are_recorded(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as s:
        s.save_failure(source="a.jsonl", line=7, record_id="r7", stage="read", code="bad-json",
                       reason="Expecting ',' delimiter")
        s.save_failure(ReadError(source="b.txt", reason="file is empty", code="empty"))
        f = s.failures()
        assert [(x["source"], x["line"], x["record_id"], x["stage"], x["code"]) for x in f] == \
               [("a.jsonl", 7, "r7", "read", "bad-json"), ("b.txt", None, None, "read", "empty")]
        assert f[1]["reason"] == "file is empty"
        assert s.counts()["failures"] == 2


_WORDS = st.sampled_from(["المغرب", "وإسرائيل", "وفد", "زار", "Elbit", "٢٠٢٥", "«قال»", "\n",
                          "صفقة،", "مُحَمَّد", "الـــرباط", "🙂"])


@settings(max_examples=25, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=30),
       picks=st.lists(st.integers(0, 29), min_size=1))
def test_round_trip_property(tmp_path_factory, words: list[str], picks: list[int]) -> None:
    """Whatever the text and spans, get() returns exactly Doc.to_dict() and saving again is a
    no-op."""
    text = " ".join(words)
    starts, pos = [], 0
    for w in words:
        starts.append((pos, pos + len(w), w))
        pos += len(w) + 1
    d = Doc(text=text, published="2025-01-01", sentences=[(0, len(text))])
    spans = sorted({starts[i % len(starts)] for i in picks})
    d.entities = [Entity(f"E{k + 1}", "MISC", w, None, [Mention(a, b, w)])
                  for k, (a, b, w) in enumerate(spans)]
    a, b, _ = spans[-1]
    d.events = [Event("V1", "CONSULT", None, [], None, None, [], [], None, None, "asserted",
                      None, (a, b), (0, b), 0.5)]
    assert validate_document(d.to_dict()) == []
    db = tmp_path_factory.mktemp("prop") / "s.db"
    with Store(db) as s:
        assert s.save(d) is True
        # SQLite substr counts code points like Python (emoji included)
        assert s.events()[0]["evidence_text"] == text[0:b]
        assert s.get(d.id) == d.to_dict()
        assert s.save(d) is False
        got = _rows(db, 'SELECT "start", "end", text FROM mentions ORDER BY "start"')
        assert all(text[a:b] == t for a, b, t in got)
        assert len(got) == len(spans)


# -- queries -----------------------------------------------------------------------------------
@pytest.fixture()
def filled(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.db")
    s.save(make_doc("d1"))                                           # visit 2025-08
    s.save(make_doc("d2", published="2024-03-01", visit_date="2024-02"))
    d3 = make_doc("d3", published="2025-01-10", visit_date=None)
    d3.events = [Event("V1", "CONSULT", None, [], "040", 1.0,
                       [Actor("MAR-GOV", None, "المغرب"), Actor("ISR-GOV", "E1", "إسرائيل")], [],
                       None, "2025", "asserted", None, (0, 3), (0, 10), 0.5)]
    s.save(d3)
    yield s
    s.close()


def test_entities_aggregate_over_documents(filled: Store) -> None:
    d4 = make_doc("d4", extra=" وردت إسرائيل مرة أخرى.")
    second = d4.text.rindex("إسرائيل")
    d4.entities[0].mentions.append(Mention(second, second + len("إسرائيل"), "إسرائيل"))
    d4.entities = d4.entities[:2]
    filled.save(d4)
    rows = filled.entities()
    # most documents first, then most mentions, then name
    assert rows == [
        {"name": "Israel", "type": "GPE", "kb": "iso3:ISR", "documents": 4, "mentions": 5},
        {"name": "Rabat", "type": "GPE", "kb": None, "documents": 4, "mentions": 4},
        {"name": "Elbit Systems", "type": "ORG", "kb": "rasd:org/elbit", "documents": 3,
         "mentions": 3},
    ]
    assert filled.entities(type="ORG") == rows[2:]
    assert filled.entities(limit=1) == rows[:1]
    assert [r["name"] for r in filled.entities(name="rab")] == ["Rabat"]


def test_events_by_dyad_since_and_type(filled: Store) -> None:
    ids = lambda rows: sorted((r["doc_id"], r["id"]) for r in rows)  # noqa: E731
    # a directed dyad, and the reciprocal meeting of d3 (both countries among its actors)
    assert ids(filled.events(dyad="MAR-ISR")) == [("d1", "V1"), ("d2", "V1"), ("d3", "V1")]
    assert ids(filled.events(dyad="ISR-MAR")) == [("d1", "V2"), ("d2", "V2"), ("d3", "V1")]
    # symmetric: both directions and reciprocal events (both countries among the actors)
    assert len(filled.events(dyad="MAR-ISR", symmetric=True)) == 5
    assert ids(filled.events(dyad="MAR-ISR", since="2025-01")) == [("d1", "V1"), ("d3", "V1")]
    # a year-only event date passes a month filter of the same year
    assert ids(filled.events(since="2025-06", type="consult")) == [("d1", "V1"), ("d3", "V1")]
    # no date of its own: the document date counts
    assert ids(filled.events(since="2025-09", type="COOPERATE")) == [("d1", "V2")]
    assert ids(filled.events(until="2024")) == [("d2", "V1"), ("d2", "V2")]
    assert len(filled.events(limit=2)) == 2
    ev = filled.events(dyad="MAR-ISR", since="2025")[0]
    assert ev["actor_codes"] == ["MAR-MIL"] and ev["recipient_codes"] == ["ISR-GOV"]
    assert ev["evidence_text"] == "زار وفد عسكري مغربي إسرائيل في أغسطس الماضي"
    assert ev["trigger_text"] == "زار" and ev["location_name"] == "Israel"
    assert filled.events(dyad="IGO-NATO-RUS") == []
    with pytest.raises(StoreError, match="expected YYYY"):
        filled.events(since="last year")


@pytest.mark.parametrize("value, key", [
    ("2025-08-14", "2025-08-14"), ("2025-08", "2025-08"), ("2025", "2025"),
    ("2025-08-14T10:30", "2025-08-14"), ("2018-08-06/2018-08-07", "2018-08-07"),
    ("2018-W34", "2018-08-26"), ("2018-Q2", "2018"), ("PAST_REF", None), (None, None),
])
def test_date_key(value, key) -> None:
    assert date_key(value) == key


def test_parse_dyad() -> None:
    assert parse_dyad("mar-isr") == ("MAR", "ISR")
    assert parse_dyad("IGO-NATO:RUS") == ("IGO-NATO", "RUS")
    assert parse_dyad(("MAR-MIL", "ISR-GOV")) == ("MAR", "ISR")
    with pytest.raises(StoreError, match="two actor countries"):
        parse_dyad("MAR")


# -- exports -----------------------------------------------------------------------------------
def test_export_jsonl_round_trips(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "docs.jsonl"
    assert export_jsonl(filled, out) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["d1", "d2", "d3"]
    assert json.loads(lines[0]) == make_doc("d1").to_dict()
    buf = io.StringIO()
    assert export_jsonl(filled, buf) == 3


def test_export_csv_events_with_bom(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export_csv(filled, out, table="events", bom=True) == 5
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    r = next(x for x in rows if x["doc_id"] == "d1" and x["id"] == "V2")
    assert r["actor_codes"] == "ISR-BUS" and r["recipient_texts"] == "الرباط"
    assert r["contexts"] == "military;economic"
    assert "،" not in r["evidence_text"] and r["evidence_text"].startswith("شركة إلبيت")


@pytest.mark.parametrize("table, n, first_cols", [
    ("entities", 9, ["doc_id", "eid", "type", "name", "kb"]),
    ("mentions", 9, ["doc_id", "eid", "start", "end", "text"]),
    ("timexes", 3, ["doc_id", "idx", "start", "end", "text"]),
    ("quantities", 3, ["doc_id", "idx", "start", "end", "text"]),
    ("quotes", 3, ["doc_id", "idx", "start", "end", "text"]),
    ("documents", 3, ["id", "url", "title", "published"]),
    ("entity_summary", 3, ["name", "type", "kb", "documents", "mentions"]),
])
def test_export_csv_tables(filled: Store, table: str, n: int, first_cols: list[str]) -> None:
    buf = io.StringIO(newline="")
    assert export_csv(filled, buf, table=table) == n
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[0][: len(first_cols)] == first_cols
    assert len(rows) == n + 1


def test_export_csv_keeps_arabic_with_commas_and_newlines(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as s:
        d = make_doc("d1", extra='\nسطر ثانٍ، فيه "اقتباس"')
        s.save(d)
        buf = io.StringIO(newline="")
        export_csv(s, buf, table="documents")
        row = list(csv.DictReader(io.StringIO(buf.getvalue())))[0]
        assert row["text"] == d.text


def test_export_csv_unknown_table(filled: Store) -> None:
    with pytest.raises(StoreError, match="unknown export table 'people'"):
        export_csv(filled, io.StringIO(), table="people")


# -- the seed article, end to end -----------------------------------------------------------------
@needs_shared
def test_seed_article_events_by_dyad_since(tmp_path: Path, capsys) -> None:
    """``rasd events --dyad MAR-ISR --since 2025-01`` on a store holding the seed article."""
    from rasd.cli import main

    db = tmp_path / "seed.db"
    seed = SHARED / "examples" / "seed-article.txt"
    assert main(["ingest", str(seed), "--db", str(db), "--published", "2025-09-15",
                 "--quiet"]) == 0
    capsys.readouterr()
    assert main(["events", "--db", str(db), "--dyad", "MAR-ISR", "--since", "2025-01",
                 "--format", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    got = {(r["type"], r["mode"], r["date"]) for r in rows}
    # the August invitation of the Moroccan delegation and the March visit, both to Israel
    assert ("CONSULT", "visit", "2025-08") in got and ("CONSULT", "visit", "2025-03") in got
    assert all(r["date_key"] >= "2025" for r in rows)
    # directed MAR -> ISR, or reciprocal with both among the actors
    assert all(any(c.startswith("MAR") for c in r["actor_codes"]) and
               any(c.startswith("ISR") for c in r["recipient_codes"] + (
                   r["actor_codes"] if r["type"] in ("CONSULT", "AGREE", "COOPERATE", "SUPPORT")
                   else [])) for r in rows)
    assert all(r["n_mentions"] == 1 and r["evidence_text"] for r in rows)
    visit = next(r for r in rows if r["date"] == "2025-08")
    assert visit["actor_codes"] == ["MAR-MIL"] and visit["status"] == "asserted"
    # the table form prints too
    assert main(["events", "--db", str(db), "--dyad", "MAR-ISR", "--since", "2025-01",
                 "--rtl", "logical"]) == 0
    assert "CONSULT" in capsys.readouterr().out
    # exports of the same store
    out = tmp_path / "ev.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:3] == ["GLOBALEVENTID", "SQLDATE", "MonthYear"]
    assert len(lines) - 1 == len(Store(db).clusters())
    out = tmp_path / "ev.jsonl"
    assert main(["export", "--db", str(db), "--format", "plover", "-o", str(out)]) == 0
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert any(r.get("arms", {}).get("stage") == "talks" for r in recs)


def test_vague_past_event_is_not_dated_at_publication(tmp_path: Path) -> None:
    """An event dated only «سابقا» (PAST_REF) happened at some unknown time before the
    article: a --since filter must not count it at the publication date, as it counts an
    undated event; it is still listed without a filter."""
    s = Store(tmp_path / "v.db")
    s.save(make_doc("p1", published="2025-09-15", visit_date="PAST_REF"))
    s.save(make_doc("p2", published="2025-09-15", visit_date=None))
    since = {(r["doc_id"], r["id"]) for r in s.events(since="2025-09", type="CONSULT")}
    assert since == {("p2", "V1")}
    assert {(r["doc_id"], r["id"]) for r in s.events(type="CONSULT")} == {("p1", "V1"), ("p2", "V1")}
    s.close()
