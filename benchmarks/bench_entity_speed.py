"""Speed of the pipeline's whole entity stage on one core, each configuration in a fresh process.

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_entity_speed.py [--shared ../shared] [--corpus-articles 300]

What is timed: ``Pipeline(stages=("sentences", "tokens", "entities"), ner_model=MODE)`` --
sentence splitting, tokenisation, the knowledge base and patterns, and the name taggers with
all their features -- as CPU time of the process, one BLAS thread.  Each configuration runs
in its own process, so the first pass is truly cold (the models' per-word caches empty; the
knowledge base and the models are loaded before timing, by one tiny document): a batch run
sees that pass.  Warm: best of two further passes over the same articles.

Configurations: ``MODE`` in ``ensemble`` (default: CRF + BiLSTM-CRF, with the precomputed
word features of ``ner-features.npz``), ``ensemble-computed`` (the same models computing every
word's features, ``RASD_NO_PRECOMPUTED=1``: the baseline, side by side), ``ensemble-cascade``
(the earlier cascade: the BiLSTMs only around tokens where the CRF is unsure, ``RASD_CASCADE=0.95``), ``crf``
(``--ner crf``) and ``off`` (knowledge base only), each as ``annotate`` (one article at a
time, as ``rasd analyze``) and ``pipe`` (``Pipeline.pipe``: groups of 16 records per model
run, as ``rasd ingest``), on the 22 dev gold articles, on the first ``--corpus-articles``
articles of the news corpus and on the ANERcorp official test text (``--sources``; ANERcorp
is held out: its words were not counted for the precomputed table).  ``load_s``: CPU time of
loading the name taggers (and the tables they need).  Tokens are counted after the cold
pass (counting first would fill the tokenizer's word cache before the timing).
``--modes``, ``--hows``: a subset; ``--repeat K``: K fresh processes per configuration, the
modes interleaved (this VM's speed drifts with its neighbours' load), medians printed.

``--stream N``: instead, one long batch run per mode over the first N corpus articles
(``Pipeline.pipe``), throughput per 500-article chunk and the process RSS after each.

Memory (ensemble processes): RSS growth from loading the two name taggers and running them
over the articles (``/proc/self/status`` VmRSS and VmHWM, Linux).
"""

from __future__ import annotations

import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ner import _articles  # title + text of each JSONL record


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def run_one(mode: str, how: str, source: str, shared: Path, n_corpus: int) -> dict:
    """One configuration in this process; returns the measurements."""
    from rasd.doc import Doc
    from rasd.pipeline import Pipeline
    from rasd.record import Record
    from rasd.text.tokenizer import tokenize

    texts = _source_texts(source, shared, n_corpus)
    ner = _NER[mode]
    kb_only = Pipeline(stages=("sentences", "tokens", "entities"), ner_model=False)
    kb_only.annotate(Doc(id="kb", text="زار الوزير القاهرة."))  # loads the knowledge base
    rss0 = _status_mb("VmRSS")
    pl = Pipeline(stages=("sentences", "tokens", "entities"), ner_model=ner)
    # loads the name taggers before timing; their per-word caches hold these two words only
    c0 = time.process_time()
    pl.annotate(Doc(id="load", text="زار الوزير."))
    load_s = time.process_time() - c0
    rss_loaded = _status_mb("VmRSS")

    def one_pass() -> float:
        c0 = time.process_time()
        if how == "pipe":
            for _ in pl.pipe([Record(id=str(i), text=t) for i, t in enumerate(texts)]):
                pass
        else:
            for i, t in enumerate(texts):
                pl.annotate(Doc(id=str(i), text=t))
        return time.process_time() - c0

    cold = one_pass()
    # counted after the cold pass: tokenising first would fill the tokenizer's word cache
    n_tok = sum(len(tokenize(t)) for t in texts)
    warm = min(one_pass() for _ in range(2))
    return {"mode": mode, "how": how, "source": source, "articles": len(texts), "tokens": n_tok,
            "cold_tok_s": round(n_tok / cold), "warm_tok_s": round(n_tok / warm),
            "load_s": round(load_s, 2), "models_loaded_mb": round(rss_loaded - rss0, 1),
            "models_warm_mb": round(_status_mb("VmRSS") - rss0, 1),
            "process_peak_mb": round(_status_mb("VmHWM"), 1)}


#: configurations: ``Pipeline(ner_model=...)``; "ensemble-computed" is the ensemble with the
#: precomputed word features turned off (``RASD_NO_PRECOMPUTED=1``); "ensemble-cascade" the
#: ensemble with the BiLSTMs only around tokens the CRF is unsure of (``RASD_CASCADE=0.95``)
_NER = {"ensemble": "ensemble", "ensemble-cascade": "ensemble", "ensemble-computed": "ensemble",
        "crf": "crf", "off": False}


def _env(mode: str) -> dict:
    env = dict(os.environ)
    env.pop("RASD_NO_PRECOMPUTED", None)
    env.pop("RASD_CASCADE", None)
    if mode == "ensemble-computed":
        env["RASD_NO_PRECOMPUTED"] = "1"
    if mode == "ensemble-cascade":
        env["RASD_CASCADE"] = "0.95"
    return env


def _source_texts(source: str, shared: Path, n_corpus: int) -> list[str]:
    """Article texts: ``dev`` (the 22 dev gold articles), ``corpus`` (the first ``n_corpus``
    news-corpus articles) or ``anercorp`` (the ANERcorp official test sentences, 20 to a
    document: 2007 news, none of it in the corpus the precomputed features were counted on)."""
    if source == "dev":
        return _articles(shared / "eval/dev/articles.jsonl")
    if source == "corpus":
        return _articles(shared / "data/news/corpus.jsonl", n_corpus)
    from rasd.ner.conll import read_conll

    sents = read_conll(shared / "data/ner/anercorp_camel/ANERCorp_CamelLab_test.txt")
    return ["\n".join(" ".join(w) for w, _ in sents[b:b + 20]) for b in range(0, len(sents), 20)]


def run_stream(mode: str, shared: Path, n: int, chunk: int = 500) -> list[dict]:
    """A long batch run: ``n`` corpus articles through ``Pipeline.pipe`` in one process,
    throughput per consecutive ``chunk`` of articles (the caches warm up as the stream goes,
    as in ``rasd ingest`` over a large collection)."""
    from rasd.doc import Doc
    from rasd.pipeline import Pipeline
    from rasd.record import Record
    from rasd.text.tokenizer import tokenize

    texts = _articles(shared / "data/news/corpus.jsonl", n)
    ner = _NER[mode]
    pl = Pipeline(stages=("sentences", "tokens", "entities"), ner_model=ner)
    pl.annotate(Doc(id="load", text="زار الوزير القاهرة."))
    out = []
    for a in range(0, len(texts), chunk):
        part = texts[a:a + chunk]
        c0 = time.process_time()
        for _ in pl.pipe([Record(id=str(a + i), text=t) for i, t in enumerate(part)]):
            pass
        dt = time.process_time() - c0
        n_tok = sum(len(tokenize(t)) for t in part)  # after: the timed run tokenises cold
        out.append({"mode": mode, "articles": f"{a + 1}-{a + len(part)}", "tokens": n_tok,
                    "tok_s": round(n_tok / dt), "rss_mb": round(_status_mb("VmRSS"), 1)})
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpus-articles", type=int, default=300)
    ap.add_argument("--stream", type=int, default=0, metavar="N",
                    help="instead: a long batch run over N corpus articles, per 500-article chunk")
    ap.add_argument("--sources", nargs="+", default=["dev", "corpus", "anercorp"],
                    choices=["dev", "corpus", "anercorp"])
    ap.add_argument("--modes", nargs="+", default=list(_NER), choices=list(_NER))
    ap.add_argument("--hows", nargs="+", default=["annotate", "pipe"], choices=["annotate", "pipe"])
    ap.add_argument("--repeat", type=int, default=1,
                    help="fresh processes per configuration, the modes interleaved; medians printed")
    ap.add_argument("--one", nargs=3, metavar=("MODE", "HOW", "SOURCE"), help=argparse.SUPPRESS)
    ap.add_argument("--one-stream", metavar="MODE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    shared = Path(args.shared)
    if args.one:
        print(json.dumps(run_one(*args.one, shared, args.corpus_articles)))
        return 0
    if args.one_stream:
        print(json.dumps(run_stream(args.one_stream, shared, args.stream)))
        return 0
    if args.stream:
        for mode in args.modes:
            cmd = [sys.executable, __file__, "--shared", str(shared), "--stream", str(args.stream),
                   "--one-stream", mode]
            rows = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True,
                                             env=_env(mode)).stdout)
            for r in rows:
                print(f"stream {mode:8s} articles {r['articles']:>11s}: {r['tok_s']:>7,} tok/s, "
                      f"RSS {r['rss_mb']} MB", flush=True)
        return 0
    rows = []
    for source in args.sources:
        for how in args.hows:
            got: dict[str, list[dict]] = {m: [] for m in args.modes}
            for _ in range(args.repeat):
                for mode in args.modes:  # interleaved: the machine's load hits every mode alike
                    cmd = [sys.executable, __file__, "--shared", str(shared), "--corpus-articles",
                           str(args.corpus_articles), "--one", mode, how, source]
                    r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True,
                                                  env=_env(mode)).stdout)
                    rows.append(r)
                    got[mode].append(r)
                    print(f"{source:8s} {how:8s} {mode:17s} cold {r['cold_tok_s']:>7,} tok/s  warm "
                          f"{r['warm_tok_s']:>7,}  load {r['load_s']} s, models loaded "
                          f"+{r['models_loaded_mb']} MB, warm +{r['models_warm_mb']} MB", flush=True)
            if args.repeat > 1:
                for mode, rs in got.items():
                    cold = sorted(r["cold_tok_s"] for r in rs)
                    warm = sorted(r["warm_tok_s"] for r in rs)
                    print(f"{source:8s} {how:8s} {mode:17s} median of {len(rs)}: cold "
                          f"{statistics.median(cold):>9,} ({cold[0]:,}-{cold[-1]:,})  warm "
                          f"{statistics.median(warm):>9,} ({warm[0]:,}-{warm[-1]:,})  load "
                          f"{statistics.median(r['load_s'] for r in rs)} s", flush=True)
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
