"""Self-training data for the BiLSTM: confident sentences of unlabeled news, labelled by the
CRF + BiLSTM ensemble.

ANERcorp's train has 125k tokens; the news corpus has 2.8M unlabeled ones.  The ensemble tags
the corpus sentences; a sentence is kept when every token's decoded label has a mixed-score
probability of at least ``min_conf`` and it holds a name of the wanted types (by default
PER, ORG or MISC: a confident sentence with places only is the easy kind the model already
gets right); ``max_sentences`` of them, drawn with a fixed seed, are written as a CoNLL file
and the BiLSTM is trained again on ANERcorp train + that file (:func:`rasd.ner.crf.build_release`
step 4b).  Measured on the dev split (the last 10% of ANERcorp train, models trained on the
first 90%): see ``rasd/ner/models/MODEL_CARD.md``.

Source data: the news corpus (``../shared/data/news/corpus.jsonl``, research licence).  The
written file holds corpus sentences, so it stays in the training work folder and is never
shipped; the dev gold articles (by id and by text) and, by default, the non-commercial
SaudiNewsNet part (``SNN`` ids) are left out.

Measured, not shipped: the self-trained BiLSTM scores 73.07 on the dev split against 70.81,
but mixed with the CRF 73.4-73.8 against 73.17 (within the split's noise) and 70.74 on the
ANERcorp official test against 71.21 (``rasd train ner --self-train`` builds it).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

#: CRF weight of the labelling ensemble (the first BiLSTM's, chosen on the dev split with it);
#: the self-trained BiLSTM is then mixed with :data:`rasd.ner.tagger.CRF_WEIGHT`
LABELLER_CRF_WEIGHT = 0.5


def pseudo_label(tagger, corpus_paths: Sequence[str | Path], out_path: str | Path, *,
                 min_conf: float = 0.9, types: Sequence[str] = ("PER", "ORG", "MISC"),
                 max_sentences: int = 4000, min_tokens: int = 5, max_tokens: int = 60,
                 exclude: Sequence[str | Path] = (),
                 exclude_prefixes: Sequence[str] = ("SNN",), seed: int = 5,
                 batch: int = 2000) -> dict:
    """Write confident ensemble-labelled corpus sentences as CoNLL (``token TAG`` lines).

    Args:
        tagger: a :class:`rasd.ner.tagger.NameTagger` (its news-domain label scores are used).
        corpus_paths: JSON Lines files of records with ``id`` and ``text``.
        out_path: the CoNLL file written (tags ``B-PER`` ... as :data:`rasd.ner.neural.LABELS`).
        min_conf: least probability of every token's decoded label (softmax of the mixed
            log-scores, as :meth:`NameTagger.predict_spans_scored`), in [0, 1].
        types: a kept sentence holds at least one name of one of these types.
        max_sentences: sentences kept at most (a seeded random draw of the confident ones).
        min_tokens, max_tokens: sentence length bounds, in tokens (:func:`sentences_of`).
        exclude: JSON Lines files whose records are left out by id and by text (the dev gold
            articles; :func:`rasd.ner.precomputed.excluded_records`: the corpus holds some of
            them again under other ids).
        exclude_prefixes: record-id prefixes left out (``SNN``; a lone string is one prefix).
        seed: the draw's random seed (same inputs, same file).
        batch: sentences per model run.

    Returns:
        ``{"records", "candidates", "confident", "sentences", "tokens", "entities"}`` (counts).

    Raises:
        OSError: a file cannot be read or written.
    """
    import numpy as np

    from rasd.ner.kernels import flat_starts
    from rasd.ner.neural import LABELS, bio_viterbi_flat, record_sentences
    from rasd.ner.precomputed import corpus_records, excluded_records
    from rasd.ner.tagger import label_confidence

    want = frozenset(types)
    ex_ids, ex_digests = excluded_records(exclude)
    sents: list[list[str]] = []
    n_rec = 0
    for r in corpus_records(corpus_paths, ex_ids, exclude_prefixes, ex_digests):
        n_rec += 1
        sents += record_sentences(r, min_tokens, max_tokens)
    kept: list[tuple[list[str], list[str]]] = []
    for a in range(0, len(sents), batch):
        part = sents[a:a + batch]
        X = tagger.log_probs_flat(part)
        lens = np.array([len(s) for s in part], dtype=np.int64)
        best = bio_viterbi_flat(X, flat_starts(lens), lens)
        conf = label_confidence(X, best)
        i = 0
        for s in part:
            tags = [LABELS[j] for j in best[i:i + len(s)].tolist()]
            ok = float(conf[i:i + len(s)].min()) >= min_conf
            i += len(s)
            if ok and any(t[2:] in want for t in tags):
                kept.append((s, tags))
    n_conf = len(kept)
    random.Random(seed).shuffle(kept)
    kept = kept[:max_sentences]
    with open(out_path, "w", encoding="utf-8") as fh:
        for s, tags in kept:
            fh.writelines(f"{w} {t}\n" for w, t in zip(s, tags))
            fh.write("\n")
    return {"records": n_rec, "candidates": len(sents), "confident": n_conf,
            "sentences": len(kept), "tokens": sum(len(s) for s, _ in kept),
            "entities": sum(t.startswith("B-") for _, ts in kept for t in ts)}
