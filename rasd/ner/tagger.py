"""The entity stage's trained name recogniser: the CRF and the BiLSTM, probabilities combined.

:class:`NameTagger` runs both models of ``rasd/ner/models`` on the same sentences, mixes their
per-token label probabilities (log-linear: ``w * log p_crf + (1 - w) * log p_bilstm`` with
``w =`` :data:`CRF_WEIGHT`, chosen on the dev split of the ANERcorp train, see the model
card), decodes the best BIO-valid sequence (:func:`rasd.ner.neural.bio_viterbi`) and applies
the document-level consistency pass (:func:`rasd.ner.crf.document_consistency`).  When the
BiLSTM file is absent it is the CRF alone (marginal decoding).

The pipeline's entity stage calls :meth:`NameTagger.predict_spans`; the knowledge base then
gives ids and wins where both found something (``EntityRecognizer.add_spans``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rasd.ner.conll import chunks
from rasd.ner.crf import MODEL_DIR, CrfTagger, document_consistency
from rasd.text.tokenizer import without_joiners

if TYPE_CHECKING:  # pragma: no cover
    from rasd.doc import Token

#: Weight of the CRF's log-probabilities in the mix (the BiLSTM members' mean gets
#: ``1 - CRF_WEIGHT``); chosen on the ANERcorp dev split (last 10% of the reconstructed
#: train) with the two shipped BiLSTM-CRFs and no cascade: 0.5 / 0.4 / 0.33 / 0.25 / 0.15
#: gave 74.18 / 74.67 / 74.56 / 75.00 / 75.45 (model card, sixth round).
CRF_WEIGHT = 0.15

#: The BiLSTM runs only where the CRF is unsure: around each token whose most probable CRF
#: label has marginal probability below ``CASCADE_CONFIDENCE``, on the window of
#: ``CASCADE_CONTEXT`` tokens either side (clipped to the sentence, overlapping windows
#: merged), each window read by the BiLSTM as a sentence of its own; every other token keeps
#: the CRF's label probabilities alone.  Chosen on the two dev sets (model card): on the
#: ANERcorp dev split (last 10% of the train) the BiLSTM reads 48% of the tokens and the
#: ensemble scores 72.91 against 73.17 with the BiLSTM everywhere (0.90: 39%, 73.11; 0.98:
#: 58%, 73.36; noise is about 1 point); on the 22 dev gold articles the entities are the same
#: as without the cascade (0.90 loses one of 348).  None runs the BiLSTM everywhere: the
#: default since the BiLSTM became two averaged seeds, whose gain on the dev split (75.45
#: against 74.27) the cascade gives back (74.3-74.6 at any CRF weight) and whose cost without
#: it keeps the entity stage above its speed floor (model card, sixth round).
#: ``RASD_CASCADE=0.95`` turns the cascade on at that threshold (benchmarks, side by side).
CASCADE_CONFIDENCE: float | None = None
CASCADE_CONTEXT = 10

_SENT_END = frozenset((".", "!", "?", "؟"))


#: longest token run the taggers see as one sentence (a text without sentence punctuation is
#: cut into pieces this long; training sentences are far shorter)
MAX_SENTENCE_TOKENS = 300


def sentences_of(words: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` token ranges of sentences: cut after ``. ! ? ؟`` tokens, and every
    :data:`MAX_SENTENCE_TOKENS` tokens inside a longer run."""
    out = []
    start = 0
    for i, w in enumerate(words):
        if w in _SENT_END or i == len(words) - 1 or i + 1 - start >= MAX_SENTENCE_TOKENS:
            out.append((start, i + 1))
            start = i + 1
    return out


#: Opening quotation marks: a name right after one starts with its first letter (a proclitic
#: is written before the quote, لـ«فالكون», never inside it).
_OPEN_QUOTES = frozenset("«“„\"'‹")


def _span_start(tokens: list[Token], s: int, text: str | None, typ: str = "") -> int:
    """Start of a name whose first token is ``tokens[s]``: after its proclitics (وبغداد ->
    بغداد), except right after an opening quote, where the segmenter's proclitic is part of
    the name («فالكون» is not ف + الكون), and except in a person's name whose given name
    begins with a letter the segmenter took for a proclitic: «فراس» is not ف + «راس» (head),
    «لبنى» not ل + «بنى» (:func:`_given_name_start`)."""
    t = tokens[s]
    if text is not None and t.stem_start > t.start and t.start > 0 \
            and text[t.start - 1] in _OPEN_QUOTES:
        return t.start
    if typ == "PER" and t.stem_start > t.start:
        return _given_name_start(t)
    return t.stem_start


def _given_name_start(t: Token) -> int:
    """Where the given name in token ``t`` starts (a character offset): the earliest point
    after 0 or more of its one-letter proclitics from which the rest of the token is a known
    given name (``person_cues.tsv`` first names, ``names_en.tsv`` name parts) while the
    segmenter's stem is not one («وفراس» -> «فراس»; «ولبنى» -> «لبنى»); else ``t.stem_start``."""
    from rasd.normalize import key

    names = _given_names()
    n_pro = t.stem_start - t.start
    if key(t.text[n_pro:]) in names:
        return t.stem_start
    for m in range(n_pro):
        if key(t.text[m:]) in names:
            return t.start + m
    return t.stem_start


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Keys of known given names and name parts (``rasd/kb/person_cues.tsv`` first and
    first_weak, ``rasd/kb/names_en.tsv``), loaded once."""
    from rasd.kb import person_cues
    from rasd.link.translit import name_parts

    cues = person_cues()
    return frozenset(cues.get("first", frozenset()) | cues.get("first_weak", frozenset())
                     | frozenset(name_parts()))


def spans_from_tags(tokens: list[Token], tags: Sequence[str],
                    text: str | None = None) -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, type)`` of the BIO chunks over ``tokens``.

    A span runs from the first token's ``stem_start`` (attached proclitics such as و ب ل stay
    outside; with ``text``, not right after an opening quote) to the last token's ``end``;
    offsets are half-open, in characters of the text.  A PER chunk whose first token the
    segmenter read as ك + the article, right after a PER chunk, continues that name: «خوان
    مانويل سانتوس كالديرون» is one person (no «كـ» "like" stands inside a name; ب and ل
    may: «قال أوباما لنتنياهو»).
    """
    return [(_span_start(tokens, s, text, typ), _end_without_tatweel(tokens[e - 1]), typ)
            for s, e, typ in _name_chunks(tokens, tags)]


def _name_chunks(tokens: list[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """:func:`rasd.ner.conll.chunks` of ``tags`` (token indices), with a PER chunk that starts
    with ك + the article right after a PER chunk joined to it (see :func:`spans_from_tags`)."""
    merged: list[list] = []
    for s, e, typ in chunks(tags):
        if merged and typ == "PER" and merged[-1][2] == "PER" and merged[-1][1] == s \
                and tokens[s].segments[:2] == ["ك+", "ال+"]:
            merged[-1][1] = e
            continue
        merged.append([s, e, typ])
    return [(s, e, typ) for s, e, typ in merged]


def tag_document(tokens: list[Token], tag_sentences: Callable[[list[list[str]]], list[list[str]]],
                 stems: Sequence[str]) -> list[str]:
    """Tag a document's tokens sentence by sentence, then apply document consistency.

    Args:
        tokens: the document's tokens (``rasd.doc.Token``).
        tag_sentences: a tagger's batch method (list of token-string lists -> BIO tag lists).
        stems: proclitic-stripped keys of the tokens (for the consistency pass).

    Returns:
        one BIO tag per token.
    """
    words = [t.text for t in tokens]
    ranges = sentences_of(words)
    tagged = tag_sentences([words[s:e] for s, e in ranges])
    tags = [t for ts in tagged for t in ts]
    return document_consistency(words, tags, stems=stems)


def _cascade_from_env() -> float | None:
    """The cascade threshold: ``RASD_CASCADE`` when it is a number in (0, 1), else
    :data:`CASCADE_CONFIDENCE`; ``0`` or empty: none.  Any other value is ignored with a
    warning that names it (a benchmark setting never stops an analysis)."""
    raw = os.environ.get("RASD_CASCADE", "").strip()
    if not raw:
        return CASCADE_CONFIDENCE
    try:
        v = float(raw)
    except ValueError:
        v = -1.0
    if not 0.0 <= v < 1.0:
        import logging

        logging.getLogger(__name__).warning(
            "RASD_CASCADE=%r ignored: a probability in [0, 1) is expected (0.95: the BiLSTMs "
            "only around tokens the CRF is less sure of; 0: everywhere)", raw)
        return CASCADE_CONFIDENCE
    return v or None


class NameTagger:
    """CRF + BiLSTM ensemble over BIO labels of PER, ORG, LOC, MISC.

    Args:
        crf: a loaded :class:`rasd.ner.crf.CrfTagger`.
        neural: a loaded :class:`rasd.ner.neural.NeuralTagger`, or None (CRF alone).
        crf_weight: see :data:`CRF_WEIGHT`.
        cascade: see :data:`CASCADE_CONFIDENCE` (None: the BiLSTM on every token).
        context: see :data:`CASCADE_CONTEXT` (tokens).
    """

    _cache: dict[str, NameTagger] = {}

    def __init__(self, crf: CrfTagger, neural=None, crf_weight: float = CRF_WEIGHT,
                 cascade: float | None = CASCADE_CONFIDENCE, context: int = CASCADE_CONTEXT):
        self.crf = crf
        self.neural = neural
        self.crf_weight = crf_weight
        self.cascade = cascade
        self.context = context

    @classmethod
    def load(cls, model_dir: str | Path | None = None, neural: bool = True) -> NameTagger:
        """Load (once per process) the models in ``model_dir`` (default the package's).

        Reads ``ner-crf.crfsuite`` (required) and, unless ``neural=False`` (the CRF alone,
        ``--ner crf``: the BiLSTM is not even read), ``ner-bilstm.npz`` (optional).
        ``RASD_CASCADE`` set to a probability in (0, 1) runs the BiLSTM only around the
        tokens whose top CRF label is less sure than that (:data:`CASCADE_CONFIDENCE`);
        unset, empty or ``0``: the BiLSTM on every token.

        Raises:
            FileNotFoundError: no CRF model in ``model_dir``.
        """
        d = Path(model_dir) if model_dir is not None else MODEL_DIR
        ck = f"{d.resolve()}|{neural}"
        t = cls._cache.get(ck)
        if t is None:
            crf = CrfTagger.load(d / "ner-crf.crfsuite", d / "ner-words.tsv")
            use_neural = neural
            neural = None
            if use_neural and (d / "ner-bilstm.npz").exists():
                from rasd.ner.neural import NeuralEnsemble

                neural = NeuralEnsemble.load(d)
            # RASD_CASCADE=0.95: the earlier cascade (benchmarks, side by side)
            t = cls(crf, neural, cascade=_cascade_from_env())
            crf.prepare()
            cls._cache[ck] = t
        return t

    def log_probs(self, sents: Sequence[Sequence[str]], domain: str | None = None) -> list:
        """Mixed per-token label log-scores, one NumPy ``(n_tokens, 9)`` array per sentence,
        columns in :data:`rasd.ner.neural.LABELS` order."""
        import numpy as np

        from rasd.ner.kernels import split_rows
        from rasd.ner.neural import LABELS

        if domain is None:
            return split_rows(self.log_probs_flat(sents), [len(s) for s in sents])
        # the BiLSTM knows only news: another domain (AQMAR's "wiki") is the CRF's alone
        return [np.log(m + 1e-6) for m in self.crf.marginals_batch(sents, LABELS, domain)]

    def log_probs_flat(self, sents: Sequence[Sequence[str]]):
        """News-domain :meth:`log_probs` as one flat ``(n_tokens, 9)`` array (the non-empty
        sentences' tokens one after another): the CRF's log-probabilities, mixed with the
        BiLSTM's on the windows around unsure tokens (:data:`CASCADE_CONFIDENCE`), or on every
        token when ``cascade`` is None."""
        import numpy as np

        from rasd.ner.neural import LABELS

        w = self.crf_weight if self.neural is not None else 1.0
        if w <= 0.0:
            return self.neural.log_probs_flat(sents)
        pc = self.crf.marginals_flat(sents, LABELS)
        lp = np.log(pc + 1e-6)
        if w >= 1.0:
            return lp
        if self.cascade is None:
            lp *= w
            lp += (1.0 - w) * self.neural.log_probs_flat(sents)
            return lp
        lens = [len(s) for s in sents if len(s)]
        words = [x for s in sents for x in s]
        unsure = np.flatnonzero(pc.max(1) < self.cascade)
        if not len(unsure):
            return lp
        ends = np.cumsum(lens)
        sid = np.searchsorted(ends, unsure, side="right")  # sentence of each unsure token
        k = self.context
        wins: list[list[int]] = []
        last = -1
        for u, si in zip(unsure.tolist(), sid.tolist()):
            lo = max(int(ends[si]) - lens[si], u - k)
            hi = min(int(ends[si]), u + k + 1)
            if wins and si == last and lo <= wins[-1][1]:
                wins[-1][1] = hi
            else:
                wins.append([lo, hi])
                last = si
        nn = self.neural.log_probs_flat([words[lo:hi] for lo, hi in wins])
        rows = np.concatenate([np.arange(lo, hi) for lo, hi in wins])
        lp[rows] = w * lp[rows] + (1.0 - w) * nn
        return lp

    def tag_sentences(self, sents: Sequence[Sequence[str]], domain: str | None = None) -> list[list[str]]:
        """BIO tags for many sentences of raw token strings (sentence by sentence: no
        consistency pass)."""
        from rasd.ner.neural import LABELS, bio_viterbi_batch

        return [[LABELS[j] for j in seq] for seq in bio_viterbi_batch(self.log_probs(sents, domain))]

    def tag_tokens(self, words: Sequence[str], domain: str | None = None) -> list[str]:
        """BIO tags for one sentence."""
        return self.tag_sentences([words], domain)[0] if words else []

    def predict_spans(self, text: str, tokens: list[Token]) -> list[tuple[int, int, str]]:
        """Entity spans ``(start, end, type)`` in characters over ``text`` (half-open).

        ``tokens``: the document's tokens (``start``, ``end``, ``text``, ``stem_start`` used).
        Sentences are cut at ``. ! ? ؟`` tokens; see :func:`tag_document`.
        """
        return [sp[:3] for sp in self.predict_spans_scored(text, tokens)]

    def predict_spans_scored(self, text: str, tokens: list[Token]) -> list[tuple[int, int, str, float]]:
        """:meth:`predict_spans` with a confidence per span: ``(start, end, type, p)``.

        ``p`` is the mean over the span's tokens of the mixed label distribution
        (``softmax`` of the mixed log-scores per token) at the decoded label, in [0, 1];
        spans added by the document-consistency pass get the highest ``p`` of a tagged
        occurrence of the same name.
        """
        return self.predict_spans_scored_many([(text, tokens)])[0]

    def predict_spans_scored_many(self, docs: Sequence[tuple[str, list[Token]]]
                                  ) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`predict_spans_scored` for several documents ``(text, tokens)`` at once: all
        their sentences go through the models together (larger batches, same results)."""
        import numpy as np

        from rasd.ner.kernels import flat_starts
        from rasd.ner.neural import LABELS, bio_viterbi_flat

        # a hashtag's underscores (#البنك_المركزي_المصري) join its words: the taggers read
        # the words as a phrase and a name's span runs over the underscores
        docs = [(text, without_joiners(text, tokens)) for text, tokens in docs]
        per_doc = []
        all_sents: list[list[str]] = []
        n_tok = 0
        for _, tokens in docs:
            words = [t.text for t in tokens]
            ranges = [(s, e) for s, e in (sentences_of(words) if tokens else []) if e > s]
            per_doc.append((words, ranges, n_tok))
            all_sents += [words[s:e] for s, e in ranges]
            n_tok += sum(e - s for s, e in ranges)
        out = []
        if not all_sents:
            return [[] for _ in docs]
        X = self.log_probs_flat(all_sents)
        lens = np.array([len(s) for s in all_sents], dtype=np.int64)
        best = bio_viterbi_flat(X, flat_starts(lens), lens)
        conf_all = label_confidence(X, best).tolist()
        labels_all = [LABELS[j] for j in best.tolist()]
        ks = self.crf.features.key_stem
        for (text, tokens), (words, ranges, first) in zip(docs, per_doc):
            if not tokens:
                out.append([])
                continue
            stems = [ks(w)[1] for w in words]
            tags = ["O"] * len(words)
            conf = [0.0] * len(words)
            i = first
            for s, e in ranges:
                tags[s:e] = labels_all[i:i + e - s]
                conf[s:e] = conf_all[i:i + e - s]
                i += e - s
            out.append(_scored_spans(tokens, stems, tags, conf, text))
        return out


def label_confidence(X, best):
    """Confidence of each decoded label: its softmax probability under the token's mixed
    log-scores.  ``X``: ``(n_tokens, 9)`` log-scores; ``best``: ``(n_tokens,)`` label indices;
    returns ``(n_tokens,)`` floats in [0, 1]."""
    import numpy as np

    z = np.exp(X - X.max(1, keepdims=True))
    return z[np.arange(len(best)), best] / z.sum(1)


def _scored_spans(tokens: list[Token], stems: Sequence[str], tags: list[str],
                  conf: list[float], text: str | None = None) -> list[tuple[int, int, str, float]]:
    """Consistency pass over one document's tags, then character spans with confidences."""
    words = [t.text for t in tokens]
    tagged = set(i for i, t in enumerate(tags) if t != "O")
    full = document_consistency(words, tags, stems=stems)
    best: dict[tuple[str, ...], float] = {}
    rows = []
    for s, e, typ in _name_chunks(tokens, full):
        key = tuple(stems[s:e])
        if s in tagged:
            p = sum(conf[s:e]) / (e - s)
            best[key] = max(best.get(key, 0.0), p)
        else:
            p = -1.0
        rows.append((s, e, typ, p, key))
    return [(_span_start(tokens, s, text, typ), _end_without_tatweel(tokens[e - 1]), typ,
             p if p >= 0 else best.get(key, 0.5))
            for s, e, typ, p, key in rows]


def _end_without_tatweel(tok: Token) -> int:
    """The token's end offset, before any trailing tatweel (U+0640, a justification stroke
    that is not part of the name: ``القاهرةــ`` -> ``القاهرة``)."""
    text = tok.text
    n = len(text) - len(text.rstrip("\u0640"))
    return tok.end - n if n < len(text) else tok.end
