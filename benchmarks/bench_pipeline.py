"""Throughput and memory of the whole pipeline, per stage, on real articles.

Usage::

    .venv/bin/python benchmarks/bench_pipeline.py [--n 500] [--corpus ../shared/data/news/corpus.jsonl]

Prints articles/s, tokens/s, the share of time per stage and the peak resident memory (MB).
The peer run side by side is trafilatura's own plain-text cleaning cost is not comparable, so the
baseline here is the cost of tokenisation alone (the cheapest stage every NLP tool pays).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from rasd.pipeline import Pipeline
from rasd.record import Record


def main() -> None:
    ap = argparse.ArgumentParser()
    here = Path(__file__).resolve().parent.parent
    ap.add_argument("--corpus", default=str(here.parent / "shared" / "data" / "news" / "corpus.jsonl"))
    ap.add_argument("--n", type=int, default=500)
    a = ap.parse_args()
    recs = []
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            recs.append(Record(id=d.get("id"), text=d.get("text"), title=d.get("title"),
                               published=d.get("published"), url=d.get("url")))
            if len(recs) >= a.n:
                break
    pipe = Pipeline()
    pipe(recs[0])  # warm-up: loads tables and models once
    from rasd.text.sentences import split_sentences
    from rasd.text.tokenizer import tokenize
    from rasd.extract.timex import extract_timexes
    from rasd.extract.quantities import extract_quantities
    from rasd.extract.quotes import extract_quotes
    from rasd.events.rules import extract_events

    stages = {k: 0.0 for k in ("prepare", "sentences", "tokens", "entities", "timexes",
                                "quantities", "quotes", "events")}
    ntok = 0
    t_all = time.perf_counter()
    for r in recs:
        t = time.perf_counter(); doc = pipe.prepare(r); stages["prepare"] += time.perf_counter() - t
        t = time.perf_counter(); doc.sentences = split_sentences(doc.text); stages["sentences"] += time.perf_counter() - t
        t = time.perf_counter(); doc.tokens = tokenize(doc.text); stages["tokens"] += time.perf_counter() - t
        ntok += len(doc.tokens)
        t = time.perf_counter(); pipe._entities()(doc); stages["entities"] += time.perf_counter() - t
        t = time.perf_counter(); doc.timexes = extract_timexes(doc.text, doc.published, doc.sentences); stages["timexes"] += time.perf_counter() - t
        t = time.perf_counter(); doc.quantities = extract_quantities(doc.text); stages["quantities"] += time.perf_counter() - t
        t = time.perf_counter(); doc.quotes = extract_quotes(doc); stages["quotes"] += time.perf_counter() - t
        t = time.perf_counter(); doc.events = extract_events(doc); stages["events"] += time.perf_counter() - t
    total = time.perf_counter() - t_all
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(recs)}  tokens: {ntok}  time: {total:.2f} s")
    print(f"articles/s: {len(recs) / total:.1f}  tokens/s: {ntok / total:,.0f}  peak RSS: {peak_mb:.0f} MB")
    for k, v in stages.items():
        print(f"  {k:11} {v:7.2f} s  {100 * v / total:5.1f}%  {ntok / v if v else 0:12,.0f} tokens/s")
    print(f"ratio whole pipeline / tokenisation alone: {total / max(stages['tokens'], 1e-9):.1f}x")


if __name__ == "__main__":
    main()
