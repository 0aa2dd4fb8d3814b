"""Cross-article event clusters (rasd.store.clusters via Store.merge_events) and the event
exports built on them (PLOVER JSON, GDELT-style TSV).

Articles here are short ones written for these tests: two outlets report one visit on adjacent
days, a third reports another dyad, a fourth the same dyad months later.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from rasd.doc import Actor, Doc, Event
from rasd.store.clusters import interval, outlet
from rasd.store.export import (GDELT_COLUMNS, GDELT_MENTION_COLUMNS, export_gdelt,
                               export_gdelt_mentions, export_plover, quad_class)
from rasd.store.sqlite import Store


def visit_doc(doc_id: str, text: str, published: str, date_value: str | None,
              visitor: str = "MAR-GOV", host: str = "ISR-GOV", url: str | None = None,
              typ: str = "CONSULT", mode: str | None = "visit", cameo: str = "042") -> Doc:
    """One article with one event whose evidence is the whole text."""
    d = Doc(text=text, id=doc_id, published=published, url=url, sentences=[(0, len(text))])
    d.events = [Event("V1", typ, mode, ["diplomatic"], cameo, 1.9,
                      [Actor(visitor, None, "الوزير")], [Actor(host, None, "البلد المضيف")],
                      None, date_value, "asserted", None, (0, 3), (0, len(text)), 0.8)]
    return d


A = "زار وزير الخارجية المغربي تل أبيب أمس والتقى نظيره الإسرائيلي لبحث التعاون الأمني"
B = "وصل وزير الخارجية المغربي إلى تل أبيب في زيارة رسمية التقى خلالها نظيره الإسرائيلي"


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "m.db")
    s.save(visit_doc("a1", A, "2025-03-11", "2025-03-10", url="https://www.outlet-one.example/a1"))
    s.save(visit_doc("b1", B, "2025-03-12", "2025-03-11", url="https://outlet-two.example/x/b1"))
    # another dyad on the same day
    s.save(visit_doc("c1", A.replace("المغربي", "الأردني"), "2025-03-11", "2025-03-10",
                     visitor="JOR-GOV", url="https://outlet-two.example/c1"))
    # the same dyad four months later: another visit
    s.save(visit_doc("d1", A, "2025-07-20", "2025-07-19", url="https://outlet-one.example/d1"))
    yield s
    s.close()


def test_two_outlets_same_visit_adjacent_days_make_one_cluster(store: Store) -> None:
    assert store.clusters_stale()
    assert store.merge_events(window_days=7) == 3
    assert not store.clusters_stale()
    rows = store.clusters(dyad="MAR-ISR", mentions=True)
    by_n = sorted((r["n_mentions"], r["n_sources"], r["date"]) for r in rows)
    assert by_n == [(1, 1, "2025-07-19"), (2, 2, "2025-03-10")]
    two = next(r for r in rows if r["n_mentions"] == 2)
    assert two["first_seen"] == "2025-03-11" and two["last_seen"] == "2025-03-12"
    assert [m["doc_id"] for m in two["mentions"]] == ["a1", "b1"]
    assert {m["source"] for m in two["mentions"]} == {"outlet-one.example", "outlet-two.example"}
    assert all(m["evidence_text"] in (A, B) for m in two["mentions"])
    # the other dyad stays apart
    assert [r["n_mentions"] for r in store.clusters(dyad="JOR-ISR")] == [1]


def test_window_and_rebuild_are_idempotent(store: Store) -> None:
    assert store.merge_events(window_days=0) == 4     # a one-day gap exceeds a 0-day window
    assert store.merge_events(window_days=7) == 3
    assert store.merge_events(window_days=7) == 3
    n = store.conn.execute("SELECT COUNT(*) FROM event_mentions").fetchone()[0]
    assert n == 4                                       # every event exactly once


def test_same_type_other_mode_or_same_article_does_not_merge(tmp_path) -> None:
    with Store(tmp_path / "x.db") as s:
        s.save(visit_doc("a1", A, "2025-03-11", "2025-03-10"))
        s.save(visit_doc("b1", B, "2025-03-11", "2025-03-10", mode=None, cameo="040"))
        assert s.merge_events() == 2
        # month-grain dates merge only within the month, and need similar evidence
        s.save(visit_doc("e1", A, "2025-04-02", "2025-03"))
        s.save(visit_doc("f1", "زار وفد اقتصادي مغربي إسرائيل لحضور معرض تجاري للزراعة",
                         "2025-03-20", "2025-03"))
        s.merge_events()
        groups = sorted(sorted(m["doc_id"] for m in r["mentions"])
                        for r in s.clusters(mentions=True))
        # e1 joins a1 (same month, same wording); f1 (other wording) and b1 (other mode) do not
        assert groups == [["a1", "e1"], ["b1"], ["f1"]]


def test_new_document_makes_clusters_stale(store: Store) -> None:
    store.merge_events()
    store.save(visit_doc("g1", B, "2025-03-13", "2025-03-12", url="https://third.example/g"))
    assert store.clusters_stale()
    store.merge_events()
    two = [r for r in store.clusters(dyad="MAR-ISR") if r["n_mentions"] > 1]
    assert [(r["n_mentions"], r["n_sources"]) for r in two] == [(3, 3)]


def test_interval_and_outlet() -> None:
    assert interval("2025-02") == (date(2025, 2, 1), date(2025, 2, 28), 2)
    assert interval("2024-02-29") == (date(2024, 2, 29), date(2024, 2, 29), 3)
    assert interval("2025")[2] == 1 and interval("PAST_REF") is None
    assert outlet("https://www.aljazeera.net/news/1", None, "d") == "aljazeera.net"
    assert outlet(None, "feed.jsonl", "d") == "feed.jsonl"
    assert outlet(None, None, "d") == "d"


def test_quad_class() -> None:
    assert [quad_class(c) for c in ("042", "062", "111", "190", "0871", None)] == \
        [1, 2, 3, 4, 2, None]


def test_export_plover_json(store: Store) -> None:
    buf = io.StringIO()
    assert export_plover(store, buf) == 3
    recs = [json.loads(x) for x in buf.getvalue().splitlines()]
    two = next(r for r in recs if r["num_mentions"] == 2)
    assert two["event_type"] == "CONSULT" and two["mode"] == "visit"
    assert two["actor"]["code"] == "MAR-GOV" and two["actor"]["country"] == "MAR"
    assert two["recipient"] == {"code": "ISR-GOV", "country": "ISR", "sector": "GOV",
                                "text": "البلد المضيف", "entity": None}
    assert two["event_date"] == "2025-03-10" and two["story_date"] in ("2025-03-11", "2025-03-12")
    assert two["cameo"] == "042" and two["goldstein"] == 1.9 and two["quad_class"] == 1
    assert two["num_sources"] == 2 and len(two["mentions"]) == 2
    assert two["text"] in (A, B)


def test_export_gdelt_tsv(store: Store) -> None:
    buf = io.StringIO()
    assert export_gdelt(store, buf) == 3
    rows = list(csv.DictReader(io.StringIO(buf.getvalue()), delimiter="\t"))
    assert list(rows[0].keys()) == GDELT_COLUMNS
    two = next(r for r in rows if r["NumMentions"] == "2")
    assert two["SQLDATE"] == "20250310" and two["Actor1Code"] == "MARGOV"
    assert two["Actor1CountryCode"] == "MAR" and two["Actor2CountryCode"] == "ISR"
    assert (two["EventCode"], two["EventRootCode"], two["QuadClass"]) == ("042", "04", "1")
    assert two["NumSources"] == "2" and two["NumArticles"] == "2"
    assert two["DATEADDED"] == "20250311" and two["SOURCEURL"].startswith("https://")
    buf = io.StringIO()
    assert export_gdelt_mentions(store, buf) == 4
    ms = list(csv.DictReader(io.StringIO(buf.getvalue()), delimiter="\t"))
    assert list(ms[0].keys()) == GDELT_MENTION_COLUMNS
    assert sum(m["GLOBALEVENTID"] == two["GLOBALEVENTID"] for m in ms) == 2


@pytest.mark.parametrize("value, sqldate", [
    ("2025-03-08", "20250308"),   # a day: the event's day
    ("2025-W10", "20250312"),     # a week or a month: the publication date, as GDELT records
    ("2025-02", "20250312"),
])
def test_gdelt_sqldate_is_the_events_day_only_when_it_names_one(tmp_path, value, sqldate):
    with Store(tmp_path / "g.db") as s:
        s.save(visit_doc("g1", A, "2025-03-12", value))
        buf = io.StringIO()
        export_gdelt(s, buf)
    (row,) = list(csv.DictReader(io.StringIO(buf.getvalue()), delimiter="\t"))
    assert row["SQLDATE"] == sqldate


def test_events_dated_only_by_publication_need_a_short_window(tmp_path) -> None:
    with Store(tmp_path / "u.db") as s:
        s.save(visit_doc("a1", A, "2025-03-10", None))
        s.save(visit_doc("b1", A, "2025-03-11", None))   # next day, same wording: one event
        s.save(visit_doc("c1", A, "2025-03-15", None))   # five days later: another one
        s.merge_events(window_days=7)
        groups = sorted(sorted(m["doc_id"] for m in r["mentions"])
                        for r in s.clusters(mentions=True))
        assert groups == [["a1", "b1"], ["c1"]]


def test_one_article_never_makes_two_mentions_of_one_cluster(tmp_path) -> None:
    with Store(tmp_path / "o.db") as s:
        d = visit_doc("a1", A, "2025-03-11", "2025-03-10")
        second = Event("V2", "CONSULT", "visit", ["diplomatic"], "042", 1.9,
                       [Actor("MAR-GOV", None, "الوزير")], [Actor("ISR-GOV", None, "تل أبيب")],
                       None, "2025-03-12", "asserted", None, (0, 3), (0, len(A)), 0.8)
        d.events.append(second)
        s.save(d)
        s.save(visit_doc("b1", B, "2025-03-12", "2025-03-11"))
        assert s.merge_events() == 2
        assert sorted(r["n_mentions"] for r in s.clusters()) == [1, 2]


def test_cluster_tables_export_as_csv(store: Store) -> None:
    from rasd.store.export import export_csv

    buf = io.StringIO()
    assert export_csv(store, buf, table="event_clusters") == 3     # merged on demand
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert sorted(int(r["n_mentions"]) for r in rows) == [1, 1, 2]
    buf = io.StringIO()
    assert export_csv(store, buf, table="event_mentions") == 4


def test_one_sided_events_need_close_wording(tmp_path) -> None:
    with Store(tmp_path / "p.db") as s:
        for doc_id, text in (("w1", "حذر مسؤول خليجي الشركات الأمريكية من أزمة في الأسواق"),
                             ("w2", "حذرت المسؤولة الأوروبية في مداخلتها من أن شركات منافسة "
                                    "ستملأ الفراغ")):
            d = visit_doc(doc_id, text, "2025-06-06", "2025-06-05", typ="THREATEN", mode=None,
                          cameo="130")
            d.events[0].actors = []          # the speaker is not coded
            d.events[0].recipients = [Actor("USA-BUS", None, "الشركات الأمريكية")]
            s.save(d)
        assert s.merge_events() == 2
