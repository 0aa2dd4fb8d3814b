"""Benchmark rasd's quotes and events against the dev gold and the Arabic event GSR sentences.

Usage::

    python benchmarks/bench_events.py [--shared ../shared] [--gsr] [--errors]

* Dev gold (``shared/eval/dev``): runs the full :class:`rasd.pipeline.Pipeline` when every stage
  imports, else whatever stages are available (tokens, entities, timexes) plus quotes and events,
  and scores with :func:`rasd.eval.score.evaluate`: event type F1 (per article), type + dyad F1,
  false events per true event, status accuracy, quote detection and speaker accuracy.
* ``--gsr``: sentence-level precision/recall/F1 of the ASSAULT and PROTEST decisions on
  ``shared/data/events/arabic_event_gsr`` (label "yes" = positive; "easy no"/"difficult no" =
  negative; "ambiguous" rows skipped).  ``all``/``easy``: a sentence is positive when any event
  of the type is extracted; ``reported``: only events whose status says the act took place
  (asserted or historical; negated, hypothetical and planned acts are not reports of one).
* ``--store FILE``: cross-article clustering of a store's events (``Store.merge_events``, on the
  file itself: pass a copy): time, events, clusters, clusters with 2+ mentions and 2+ sources.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasd.doc import Doc  # noqa: E402
from rasd.events.rules import extract_events  # noqa: E402
from rasd.extract.quotes import extract_quotes  # noqa: E402


def analyse(text: str, published: str | None, title: str | None = None) -> Doc:
    """Analyse one article with the full pipeline, or with the stages that import."""
    try:
        from rasd.pipeline import Pipeline
        from rasd.record import Record

        return Pipeline()(Record(text=text, title=title, published=published)
                          if title else text, published=published)
    except Exception:  # noqa: BLE001 - fall back to the stages available
        pass
    doc = Doc(text=text, published=published, title=title)
    for stage in ("sentences", "tokens", "entities", "timexes"):
        try:
            if stage == "sentences":
                from rasd.text.sentences import split_sentences
                doc.sentences = split_sentences(text)
            elif stage == "tokens":
                from rasd.text.tokenizer import tokenize
                doc.tokens = tokenize(text)
            elif stage == "entities":
                from rasd.ner.rules import EntityRecognizer
                EntityRecognizer()(doc)
            elif stage == "timexes":
                from rasd.extract.timex import extract_timexes
                doc.timexes = extract_timexes(text, published, doc.sentences)
        except Exception:  # noqa: BLE001
            pass
    doc.quotes = extract_quotes(doc)
    doc.events = extract_events(doc)
    return doc


def bench_dev(shared: Path, errors: bool) -> None:
    recs = [json.loads(x) for x in (shared / "eval/dev/articles.jsonl").read_text().splitlines()
            if x.strip()]
    t0 = time.time()
    docs = []
    for r in recs:
        d = analyse(r.get("text") or "", r.get("published"), r.get("title"))
        d.id = r["id"]
        docs.append(d.to_dict())
    dt = time.time() - t0
    from rasd.eval.score import evaluate

    rep = evaluate(docs, shared / "eval/dev/gold")
    out = rep.to_dict(errors=errors)
    layers = out["layers"]
    for name in ("quotes", "quote_speakers", "events", "events_actors"):
        print(f"{name:16} {json.dumps(layers.get(name))}")
    print("accuracies", json.dumps({k: v for k, v in out["accuracies"].items()
                                    if k.startswith(("quote", "event"))}))
    print("false_events_per_true_event", out["false_events_per_true_event"])
    print(f"{len(docs)} articles in {dt:.2f}s")
    if errors:
        for e in out.get("errors", {}).get("events", [])[:400]:
            print("E", json.dumps(e, ensure_ascii=False))
        for e in out.get("errors", {}).get("quotes", [])[:200]:
            print("Q", json.dumps(e, ensure_ascii=False))


def bench_gsr(shared: Path) -> None:
    base = shared / "data/events/arabic_event_gsr"
    for typ, fn in (("ASSAULT", "assault_gsr.csv"), ("PROTEST", "protest_gsr.csv")):
        rows = []
        with open(base / fn, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["label"] == "ambiguous":
                    continue
                d = Doc(text=row["text"])
                evs = [e for e in extract_events(d) if e.type == typ]
                rows.append((row["label"], bool(evs),
                             any(e.status in ("asserted", "historical") for e in evs)))
        # all labelled rows; then "yes" against "easy no" only (annotators unanimous both ways);
        # then all rows counting only events reported as having happened
        for name, keep, k in (("all", lambda lab: True, 1),
                              ("easy", lambda lab: lab != "difficult no", 1),
                              ("reported", lambda lab: True, 2)):
            tp = fp = fn_ = tn = 0
            for r in rows:
                lab, pred = r[0], r[k]
                if not keep(lab):
                    continue
                gold = lab == "yes"
                tp += gold and pred
                fp += (not gold) and pred
                fn_ += gold and not pred
                tn += (not gold) and not pred
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn_) if tp + fn_ else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{typ:8} {name:8} P={p:.3f} R={r:.3f} F1={f:.3f} "
                  f"(tp={tp} fp={fp} fn={fn_} tn={tn})")


def bench_store(path: str) -> None:
    """Cluster the events of a store (modifies the file: pass a copy) and print statistics."""
    from rasd.store.sqlite import Store

    with Store(path) as s:
        t0 = time.time()
        n = s.merge_events()
        dt = time.time() - t0
        q = s.conn.execute("SELECT COUNT(*), SUM(n_mentions > 1), SUM(n_sources > 1), "
                           "MAX(n_mentions), SUM(n_mentions) FROM event_clusters").fetchone()
        arms = s.conn.execute("SELECT stage, COUNT(*) FROM event_arms GROUP BY stage "
                              "ORDER BY 2 DESC").fetchall()
    print(f"store {path}: {q[4]} events -> {n} clusters in {dt:.1f}s; "
          f"{q[1]} with 2+ mentions, {q[2]} with 2+ sources, largest {q[3]} mentions")
    print("arms frames by stage", json.dumps({r[0]: r[1] for r in arms}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--gsr", action="store_true", help="also score the ASSAULT/PROTEST GSR")
    ap.add_argument("--errors", action="store_true", help="print event and quote errors")
    ap.add_argument("--store", help="also cluster this store's events (modifies it: a copy)")
    a = ap.parse_args()
    if a.store:
        bench_store(a.store)
        return
    shared = Path(a.shared)
    bench_dev(shared, a.errors)
    if a.gsr:
        bench_gsr(shared)


if __name__ == "__main__":
    main()
