"""Benchmark the CRF NER tagger: speed on one core, memory, and F1 on the NER test sets.

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_ner.py [--shared ../shared] [--model PATH] [--no-f1]

Speed is measured (CPU time of this process, so other load on the machine does not count;
wall time is printed too) on the dev gold articles (``shared/eval/dev/articles.jsonl``): the
articles are tokenised first (rasd's tokenizer when present, else a regex), then the clock
runs over ``CrfTagger.predict_spans`` (features, CRF decoding, document consistency), i.e.
the whole entity stage of the model, in one process (one core; CRFsuite is single-threaded).
Memory: peak RSS growth of the process when the model is loaded and used (Linux ru_maxrss).
F1: entity-level micro-F1 (exact span and type) on ANERcorp official and repaired test,
AQMAR test and the Wojood sample test (PER/ORG/LOC/GPE).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_TOK = re.compile(r"\w+|[^\w\s]")


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    stem_start: int


def _tokenize(text: str) -> list:
    try:
        from rasd.text.tokenizer import tokenize  # type: ignore

        return list(tokenize(text))
    except Exception:  # tokenizer not available yet: regex fallback
        return [_Tok(m.start(), m.end(), m.group(), m.start()) for m in _TOK.finditer(text)]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--no-f1", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    shared = Path(args.shared)

    rss0 = _rss_mb()
    from rasd.ner.crf import CrfTagger, evaluate_conll

    t0 = time.perf_counter()
    tg = CrfTagger.load(args.model)
    load_s = time.perf_counter() - t0

    arts = []
    p = shared / "eval/dev/articles.jsonl"
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = d.get("text") or ""
            arts.append((text, _tokenize(text)))
    ntok = sum(len(t) for _, t in arts)
    best = None
    best_cpu = None
    for _ in range(args.repeat):
        tg.features._word_cache.clear()  # cold cache each round: no help from repeats
        t0 = time.perf_counter()
        c0 = time.process_time()
        nspans = 0
        for text, toks in arts:
            nspans += len(tg.predict_spans(text, toks))
        dt = time.perf_counter() - t0
        dc = time.process_time() - c0
        best = dt if best is None else min(best, dt)
        best_cpu = dc if best_cpu is None else min(best_cpu, dc)
    # warm: word-feature cache already filled (a long-running pipeline over many articles)
    c0 = time.process_time()
    for text, toks in arts:
        tg.predict_spans(text, toks)
    warm_cpu = time.process_time() - c0
    res = {"articles": len(arts), "tokens": ntok, "spans": nspans, "wall_seconds": round(best, 3),
           "tokens_per_s_wall": round(ntok / best),
           "tokens_per_cpu_s_cold_cache": round(ntok / best_cpu),
           "tokens_per_cpu_s_warm_cache": round(ntok / warm_cpu), "load_s": round(load_s, 3),
           "peak_rss_growth_mb": round(_rss_mb() - rss0, 1),
           "model_bytes": tg.model_path.stat().st_size}
    print(json.dumps(res))
    if not args.no_f1:
        ner = shared / "data/ner"
        sets = [("anercorp_official", ner / "anercorp_camel/ANERCorp_CamelLab_test.txt", False),
                ("anercorp_repaired", ner / "anercorp_camel/derived/ANERCorp_CamelLab_test.repaired.txt", False),
                ("aqmar_test", ner / "aqmar/split_liu2019/test.txt", False),
                ("wojood_sample_test", ner / "wojood_sample/test.txt", True)]
        for name, path, woj in sets:
            r = evaluate_conll(path, tg, wojood=woj)
            per = {t: v["f1"] for t, v in r["per_type"].items()}
            print(json.dumps({"set": name, "precision": r["precision"], "recall": r["recall"],
                              "f1": r["f1"], "per_type": per, "tokens_per_s": r["tokens_per_s"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
