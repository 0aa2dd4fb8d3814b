"""Entity stage of the pipeline (knowledge base + patterns, with and without the trained
taggers) on CoNLL.

Usage::

    .venv/bin/python benchmarks/bench_entity_stage.py [--min-p P ...] [FILE ...]

``--min-p``: also run with ``rasd.pipeline.MODEL_SPAN_MIN_P`` set to each value (model-only
names below that confidence dropped); default: the shipped value only.

Default files: the ANERcorp CAMeL official and repaired test files in ``../shared``.  Sentences
are joined into 20-sentence documents (one sentence a line), run through ``sentences ->
tokens -> entities`` exactly as ``rasd analyze`` does, and each entity mention is projected back
onto the CoNLL words it covers (GPE counted as LOC, since ANERcorp has no GPE).  Scores are
entity-level micro-F1 (exact span and type, :func:`rasd.ner.conll.score`).  This is the number
that tells whether the trained tagger helps on text the knowledge base was not filled from.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rasd.doc import Doc
from rasd.ner.conll import read_conll, score
from rasd.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "ner" / "anercorp_camel"


def run(path: Path, pipe: Pipeline, block: int = 20) -> tuple[dict, float]:
    sents = read_conll(path)
    gold = [tags for _, tags in sents]
    pred: list[list[str]] = []
    t_entities = 0.0
    for b in range(0, len(sents), block):
        chunk = sents[b:b + block]
        lines, offs = [], []
        pos = 0
        for words, _ in chunk:
            o = []
            for w in words:
                o.append((pos, pos + len(w)))
                pos += len(w) + 1
            lines.append(" ".join(words))
            offs.append(o)
        doc = Doc(text="\n".join(lines))
        t0 = time.process_time()
        pipe.annotate(doc)
        t_entities += time.process_time() - t0
        for o in offs:
            tags = ["O"] * len(o)
            for e in doc.entities:
                typ = "LOC" if e.type == "GPE" else e.type
                for m in e.mentions:
                    idx = [i for i, (s, t) in enumerate(o) if s < m.end and t > m.start]
                    for k, i in enumerate(idx):
                        tags[i] = ("B-" if k == 0 else "I-") + typ
            pred.append(tags)
    return score(gold, pred), t_entities


def main() -> None:
    import rasd.pipeline as rp

    args = sys.argv[1:]
    mins: list[float] = []
    while "--min-p" in args:
        i = args.index("--min-p")
        mins.append(float(args[i + 1]))
        del args[i:i + 2]
    files = [Path(p) for p in args] or [SHARED / "ANERCorp_CamelLab_test.txt",
                                        *sorted((SHARED / "derived").glob("*test*repair*"))]
    shipped = rp.MODEL_SPAN_MIN_P
    for f in files:
        for model, min_p in [(False, None)] + [(True, m) for m in (mins or [shipped])]:
            if min_p is not None:
                rp.MODEL_SPAN_MIN_P = min_p
            pipe = Pipeline(stages=("sentences", "tokens", "entities"), ner_model=model)
            res, _ = run(f, pipe)
            o = res.get("overall", res)
            per = ", ".join(f"{t} {r['f1']:.1f}" for t, r in sorted(res.get("per_type", {}).items()))
            label = f"KB+model p>={min_p}" if model else "KB only"
            print(f"{f.name:40} {label:18} P {o['precision']:.2f} "
                  f"R {o['recall']:.2f} F1 {o['f1']:.2f}  ({per})", flush=True)
    rp.MODEL_SPAN_MIN_P = shipped


if __name__ == "__main__":
    main()
