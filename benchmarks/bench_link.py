"""Benchmark entity linking: English names / KB codes on the dev gold, split entities, and
cross-article merging over a store.

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_link.py [--shared ../shared] [--db COPY.db] [--sample 50]

* ``name_share``: share of gold entities (``shared/eval/dev/gold``) matched by a predicted
  entity whose English name equals the gold ``name_en`` (:func:`rasd.eval.score.score_entity_names`),
  ``kb_share``: share of gold entities with an ISO code whose predicted kb ends in it.
* ``split_share``: share of gold entities whose mentions (surfaces, matched with
  :func:`rasd.eval.score.surfaces_match`) are found in two or more predicted entities.
* ``--db``: a *copy* of a store (the command writes the ``entity_identities`` and
  ``entity_aliases`` tables into it): distinct entities before/after
  :func:`rasd.link.store_merge.merge_entities`, and ``--sample`` random merges printed for a
  hand check.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def dev_scores(shared: Path) -> dict:
    from rasd.eval.score import load_gold, score_entity_names, surfaces_match
    from rasd.pipeline import Pipeline
    from rasd.record import Record

    pipe = Pipeline(stages=("sentences", "tokens", "entities"))
    docs = []
    t0 = time.perf_counter()
    with open(shared / "eval/dev/articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            rec = Record(id=d.get("id"), text=d.get("text"), title=d.get("title"),
                         published=d.get("published"))
            docs.append(pipe(rec).to_dict())
    secs = time.perf_counter() - t0
    gold_dir = shared / "eval/dev/gold"
    res = score_entity_names(docs, gold_dir)
    gold = load_gold(gold_dir)
    by_id = {d.get("id"): d for d in docs}
    n = split = 0
    splits = []
    for gid, g in gold.items():
        d = by_id.get(gid)
        if d is None:
            continue
        for ge in g.get("entities") or []:
            n += 1
            owners = set()
            for pe in d.get("entities") or []:
                if pe["type"] != ge["type"]:
                    continue
                if any(surfaces_match(m["text"], gm) for m in pe["mentions"]
                       for gm in ge.get("mentions") or []):
                    owners.add(pe["id"])
            if len(owners) >= 2:
                split += 1
                splits.append({"doc": gid, "gold": ge.get("name_en"), "pred": sorted(owners)})
    res.update({"split": split, "split_share": round(split / n, 4) if n else None,
                "splits": splits, "seconds": round(secs, 2)})
    return res


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--db", default=None, help="a COPY of a store (tables are added to it)")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    if (shared / "eval/dev/articles.jsonl").exists():
        r = dev_scores(shared)
        wrong, splits = r.pop("wrong"), r.pop("splits")
        print(json.dumps(r, ensure_ascii=False))
        if args.errors:
            for w in wrong:
                print("WRONG", json.dumps(w, ensure_ascii=False))
            for s in splits:
                print("SPLIT", json.dumps(s, ensure_ascii=False))
    if args.db:
        from rasd.link.store_merge import merge_entities, sample_merges
        from rasd.store.sqlite import Store

        st = Store(args.db)
        t0 = time.perf_counter()
        counts = merge_entities(st)
        counts["seconds"] = round(time.perf_counter() - t0, 2)
        print(json.dumps(counts, ensure_ascii=False))
        for m in sample_merges(st, args.sample, random.Random(args.seed)):
            print("MERGE", json.dumps(m, ensure_ascii=False))
        st.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
