"""Benchmark the trained name taggers: speed on one core, memory, and F1 on the NER test sets.

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_ner.py [--shared ../shared] [--models DIR] [--f1]
        [--corpus-articles 300]

Speed is CPU time of this process (other load on the machine does not count; wall time is
printed too), one thread (``OPENBLAS_NUM_THREADS=1`` etc. are set before NumPy loads).  Three
configurations run side by side on the same tokenised articles:

* ``crf``: :meth:`rasd.ner.crf.CrfTagger.predict_spans` (features, CRFsuite Viterbi,
  document consistency): the previous release's model stage, the baseline;
* ``ensemble``: :meth:`rasd.ner.tagger.NameTagger.predict_spans` (CRF marginals + BiLSTM,
  mixed, BIO Viterbi, consistency): the shipped model stage;
* ``Pipeline.pipe``: the same whole entity stage as a batch run does it, groups of
  ``Pipeline.batch_docs`` records per model run (dev articles after the other
  configurations, so warm; the corpus stream likewise);
* ``entity stage``: the pipeline's whole entity stage (knowledge base, patterns and the
  ensemble, the CRF alone, or no model: ``Pipeline(stages=("sentences", "tokens",
  "entities"), ner_model=...)``), sentence splitting and tokenisation included.  The
  configurations run in this order in one process, so the later ones find the per-word caches
  of the shared models warm; compare ``dev warm`` across configurations.

Inputs: the 22 dev gold articles (``eval/dev/articles.jsonl``), first pass (cold per-word
caches) and best of ``--repeat`` further passes (warm); and the first ``--corpus-articles``
articles of ``data/news/corpus.jsonl`` in one pass, which is how a batch run sees them
(caches warm up as the stream goes).  Memory: peak RSS growth of the process (ru_maxrss).
F1 (``--f1``): entity-level micro-F1 on ANERcorp official and repaired test, AQMAR test
(``wiki`` domain) and the Wojood sample (PER/ORG/LOC/GPE).
"""

from __future__ import annotations

import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _articles(path: Path, limit: int | None = None) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append(((d.get("title") or "") + "\n" + (d.get("text") or "")).strip())
            if limit and len(out) >= limit:
                break
    return out


def _time(fn, docs) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    for d in docs:
        fn(d)
    return time.process_time() - c0, time.perf_counter() - w0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--models", default=None, help="models folder (default: the package's)")
    ap.add_argument("--f1", action="store_true", help="also score the NER test sets")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus-articles", type=int, default=300)
    args = ap.parse_args()
    shared = Path(args.shared)

    from rasd.text.tokenizer import tokenize

    dev = [(t, tokenize(t)) for t in _articles(shared / "eval/dev/articles.jsonl")]
    corpus = [(t, tokenize(t)) for t in _articles(shared / "data/news/corpus.jsonl",
                                                   args.corpus_articles)]
    n_dev = sum(len(k) for _, k in dev)
    n_corpus = sum(len(k) for _, k in corpus)
    print(f"dev: {len(dev)} articles, {n_dev} tokens; corpus: {len(corpus)} articles, "
          f"{n_corpus} tokens")

    rss0 = _rss_mb()
    from rasd.ner.crf import CrfTagger
    from rasd.ner.tagger import NameTagger

    t0 = time.perf_counter()
    ens = NameTagger.load(args.models)
    load_s = time.perf_counter() - t0
    crf = ens.crf
    print(f"load: {load_s:.2f} s; BiLSTM {'present' if ens.neural is not None else 'ABSENT'}")

    for text, toks in dev:
        ens.predict_spans(text, toks)
    print(f"RSS growth with the models loaded and warm on the dev articles: {_rss_mb() - rss0:.0f} MB")

    def stage_fn(mode):
        from rasd.doc import Doc
        from rasd.pipeline import Pipeline

        pl = Pipeline(stages=("sentences", "tokens", "entities"), ner_model=mode)
        pl.annotate(Doc(id="warm", text="تمهيد."))  # load the knowledge base before timing

        def run(item):
            text, _ = item
            doc = Doc(id="b", text=text)
            pl.annotate(doc)

        return run

    configs = [("crf", lambda it: CrfTagger.predict_spans(crf, it[0], it[1])),
               ("ensemble", lambda it: ens.predict_spans(it[0], it[1])),
               ("entity stage, KB + ensemble (+ tokens)", stage_fn("ensemble")),
               ("entity stage, KB + CRF (+ tokens)", stage_fn("crf")),
               ("entity stage, KB only (+ tokens)", stage_fn(False))]
    res = {}
    for name, fn in configs:
        cold = _time(fn, dev)
        warm = min((_time(fn, dev) for _ in range(args.repeat)), key=lambda x: x[0])
        stream = _time(fn, corpus)
        res[name] = {"dev_cold_tok_s": round(n_dev / cold[0]), "dev_warm_tok_s": round(n_dev / warm[0]),
                     "corpus_tok_s": round(n_corpus / stream[0]),
                     "corpus_wall_tok_s": round(n_corpus / stream[1])}
        print(f"{name:45s} dev cold {res[name]['dev_cold_tok_s']:>7,} tok/s | dev warm "
              f"{res[name]['dev_warm_tok_s']:>7,} | corpus stream {res[name]['corpus_tok_s']:>7,} "
              f"(wall {res[name]['corpus_wall_tok_s']:,})")
    # batch path: Pipeline.pipe analyses groups of records with one model run per group
    from rasd.pipeline import Pipeline
    from rasd.record import Record

    for mode in ("ensemble", "crf"):
        pl = Pipeline(stages=("sentences", "tokens", "entities"), ner_model=mode)
        list(pl.pipe([Record(id="warm", text=dev[0][0])]))  # load the knowledge base first
        for label, items in (("dev", dev), ("corpus stream", corpus)):
            recs = [Record(id=str(i), text=t) for i, (t, _) in enumerate(items)]
            ntok = n_dev if label == "dev" else n_corpus
            c0 = time.process_time()
            for _ in pl.pipe(recs):
                pass
            dt = time.process_time() - c0
            res[f"pipe {mode} {label}"] = round(ntok / dt)
            print(f"entity stage via Pipeline.pipe (groups of {pl.batch_docs}), {mode:8s} {label:13s} "
                  f"{ntok / dt:>9,.0f} tok/s")
    print(f"peak RSS growth after loading and running: {_rss_mb() - rss0:.0f} MB "
          f"(process peak {_rss_mb():.0f} MB)")

    if args.f1:
        from rasd.ner.crf import evaluate_conll

        sets = [("ANERcorp official", shared / "data/ner/anercorp_camel/ANERCorp_CamelLab_test.txt", {}),
                ("ANERcorp repaired", shared / "data/ner/anercorp_camel/derived/ANERCorp_CamelLab_test.repaired.txt", {}),
                ("AQMAR test (wiki)", shared / "data/ner/aqmar/split_liu2019/test.txt", {"domain": "wiki"}),
                ("Wojood sample", shared / "data/ner/wojood_sample/test.txt", {"wojood": True})]
        for label, path, kw in sets:
            for win in (0, 20):
                r = evaluate_conll(path, ens, doc_window=win, **kw)
                pt = " ".join(f"{t}={v['f1']}" for t, v in r["per_type"].items())
                print(f"{label:20s} consistency={win:<3d} P={r['precision']} R={r['recall']} "
                      f"F1={r['f1']} [{pt}]")
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
