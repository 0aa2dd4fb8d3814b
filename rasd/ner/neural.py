"""A BiLSTM name tagger for Arabic news, trained with PyTorch, run with NumPy on one CPU core.

Why a second model: the CRF (:mod:`rasd.ner.crf`) sees a fixed window of hand-built features;
a bidirectional LSTM reads the whole sentence and learns its own character features, so the two
make different errors and their averaged label probabilities beat either (model card).

Input per token (all looked up from the token's match key, :func:`rasd.normalize.key`):

* embeddings of the key and of its proclitic-stripped stem (:func:`rasd.ner.crf.strip_proclitics`),
  learned on the training set (keys seen once are replaced by ``<unk>`` half of the time while
  training, so the model learns what to do with unknown words);
* embeddings of the word-table features shared with the CRF (``ner-words.tsv``: k-means clusters
  at 64/256/1024, frequency, ال-rate and trigger-context buckets), which carry what the unlabeled
  news says about words never seen in training;
* the gazetteer classes of key and stem (``ner-gazetteer.tsv``, multi-hot), the proclitic and the
  token shape;
* a character CNN over the key (24-dim characters, 64 filters of width 3, max-pooled).

Architecture: those inputs concatenated (dropout 0.5) -> one BiLSTM layer (128 units per
direction) -> dropout 0.5 -> a linear layer to the 9 BIO labels over PER/ORG/LOC/MISC, trained
with token cross-entropy (Adam).  Decoding: Viterbi over the label log-probabilities with the BIO
constraint (``I-X`` only after ``B-X``/``I-X``), see :func:`bio_viterbi`.

Inference needs only NumPy: :class:`NeuralTagger` reads the weights from one ``.npz`` file
(``models/ner-bilstm.npz``) and runs the LSTM over all sentences of a document at once.  PyTorch
is needed only to train (``pip install -e '.[train]'``; :func:`train`).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rasd.ner.conll import read_conll, score
from rasd.ner.crf import MODEL_DIR, WordTable, _shape, load_gazetteer, strip_proclitics
from rasd.normalize import key as norm_key

DEFAULT_NEURAL = MODEL_DIR / "ner-bilstm.npz"

#: The label inventory, in the model's output order.
LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
_GAZ_CLASSES = ("FN", "FNW", "TTL", "PF", "PL", "O1", "OT", "L1", "LT")
_MAX_CHARS = 16
# word-table columns used as categorical inputs: c64 c256 c1024 freq al per org loc
_WT_COLS = 8


def _allowed_matrix():
    """``allowed[i, j]``: label j may follow label i under BIO (I-X only after B-X or I-X)."""
    import numpy as np

    n = len(LABELS)
    allowed = np.ones((n, n), dtype=bool)
    for j, lj in enumerate(LABELS):
        if lj.startswith("I-"):
            typ = lj[2:]
            for i, li in enumerate(LABELS):
                allowed[i, j] = li in (f"B-{typ}", f"I-{typ}")
    start_ok = np.array([not lab.startswith("I-") for lab in LABELS])
    return allowed, start_ok


_ALLOWED: tuple | None = None  # filled on first use (NumPy is imported lazily)


def bio_viterbi(logp) -> list[int]:
    """Best BIO-valid label sequence for one sentence (:func:`bio_viterbi_batch` of one).

    Args:
        logp: NumPy array ``(n_tokens, len(LABELS))`` of per-token label log-probabilities.

    Returns:
        label indices into :data:`LABELS`, one per token; every ``I-X`` follows ``B-X``/``I-X``.
    """
    return bio_viterbi_batch([logp])[0]


def bio_viterbi_batch(logps: Sequence) -> list[list[int]]:
    """Best BIO-valid label sequences (Viterbi, ``I-X`` only after ``B-X``/``I-X``, never
    first) for many sentences at once: one NumPy pass per position; a sentence's result does
    not depend on the others in the batch.

    Args:
        logps: one ``(n_tokens, len(LABELS))`` array per sentence.

    Returns:
        one label-index list per sentence.
    """
    from rasd.ner import kernels

    if kernels.AVAILABLE and len(logps):
        flat, starts, lens = kernels.join_rows(logps, len(LABELS))
        return kernels.split_rows(bio_viterbi_flat(flat, starts, lens).tolist(), lens)
    return _bio_viterbi_numpy(logps)


def bio_viterbi_flat(X, starts, lens):
    """:func:`bio_viterbi_batch` over a flat layout: ``X`` ``(n_tokens, len(LABELS))``
    log-scores, sentence ``s`` at rows ``starts[s]:starts[s] + lens[s]`` (int64 arrays).

    Returns:
        ``(n_tokens,)`` int64 label indices.
    """
    import numpy as np

    from rasd.ner import kernels

    global _ALLOWED
    if _ALLOWED is None:
        _ALLOWED = _allowed_matrix()
    allowed, start_ok = _ALLOWED
    if kernels.AVAILABLE:
        return kernels.viterbi(np.asarray(X, dtype=np.float64), starts, lens, allowed, start_ok)
    seqs = _bio_viterbi_numpy([X[a:a + n] for a, n in zip(starts, lens)])
    return np.array([j for q in seqs for j in q], dtype=np.int64)


def _bio_viterbi_numpy(logps: Sequence) -> list[list[int]]:
    """:func:`bio_viterbi_batch` in NumPy (one pass per position over all sentences): the
    fallback without the compiled kernels, and their reference in tests."""
    import numpy as np

    global _ALLOWED
    if _ALLOWED is None:
        _ALLOWED = _allowed_matrix()
    allowed, start_ok = _ALLOWED
    out: list[list[int]] = [[] for _ in logps]
    live = [i for i, lp in enumerate(logps) if len(lp)]
    if not live:
        return out
    L = len(LABELS)
    lens = np.array([len(logps[i]) for i in live])
    B, T = len(live), int(lens.max())
    X = np.zeros((B, T, L), dtype=np.float64)
    for b, i in enumerate(live):
        X[b, :lens[b]] = logps[i]
    trans = np.where(allowed, 0.0, -1e9)
    score_ = np.where(start_ok, X[:, 0], -1e9)
    back = np.zeros((B, T, L), dtype=np.int64)
    for t in range(1, T):
        cand = score_[:, :, None] + trans  # (B, from, to)
        back[:, t] = cand.argmax(1)
        new = cand.max(1) + X[:, t]
        act = (t < lens)[:, None]
        score_ = np.where(act, new, score_)
    for b, i in enumerate(live):
        n = int(lens[b])
        best = [int(score_[b].argmax())]
        bk = back[b]
        for t in range(n - 1, 0, -1):
            best.append(int(bk[t, best[-1]]))
        out[i] = best[::-1]
    return out


class Featurizer:
    """Token strings -> integer input ids for the network.

    Vocabularies (keys, stems, characters, word-table values) are fixed at training time and
    stored in the model file.  Unknown values map to id 1 (``<unk>``); id 0 is padding.
    Per-word results are cached (200k words).
    """

    def __init__(self, vocab: dict[str, list[str]], words: WordTable, gaz: dict | None,
                 mined: dict | None = None):
        self.vocab = vocab
        self.mined = mined
        self.index = {name: {v: i for i, v in enumerate(vals)} for name, vals in vocab.items()}
        # pre-trained vectors: row i + 2 of the frozen matrix is vocab["vec"][i]
        self.vec_index = {k: i + 2 for i, k in enumerate(vocab.get("vec", ()))}
        self.words = words
        self.gaz = gaz or {}
        self._cache: dict[str, tuple] = {}
        #: precomputed ids of the news vocabulary (:mod:`rasd.ner.precomputed`), or None
        self.table = None

    @staticmethod
    def raw(w: str, words: WordTable, gaz: dict, mined: dict | None = None) -> dict:
        """The categorical values of one token before vocabulary look-up (``mined``: the
        :mod:`rasd.ner.mine` table, key -> four buckets)."""
        k = norm_key(w) or w
        proc, stem = strip_proclitics(k)
        row = words.get(k)
        if row is None and stem != k:
            row = words.get(stem)
        wt = list(row[:_WT_COLS]) if row is not None else ["oov"] * _WT_COLS
        g = set(gaz.get(k, ())) | {c + "s" for c in gaz.get(stem, ())} if gaz else set()
        m = None
        if mined:
            m = mined.get(k) or (mined.get(stem) if stem != k else None)
        m = m or ("-", "-", "-", "-")
        return {"key": k, "stem": stem, "proc": proc, "shape": _shape(w),
                **{f"m{i}": v for i, v in enumerate(m)},
                **{f"wt{i}": v for i, v in enumerate(wt)}, "gaz": g, "chars": k[:_MAX_CHARS]}

    def _tables(self) -> tuple:
        """Look-up tables for :meth:`compute`, made once: the id columns' vocabularies in
        order, the ids of an out-of-table word's word-table columns and of a word with no
        mined entry, and the gazetteer class -> vector position map."""
        t = getattr(self, "_tables_", None)
        if t is None:
            ix = self.index
            wt = [ix[f"wt{i}"] for i in range(_WT_COLS)]
            mined = [ix.get(f"m{i}") for i in range(4)]
            oov_wt = [d.get("oov", 1) for d in wt]
            no_mined = [d.get("-", 1) if d is not None else 1 for d in mined]
            gpos = {c: i for i, c in enumerate(_GAZ_FEATS)}
            t = self._tables_ = (ix["key"], ix["stem"], ix["proc"], ix["shape"], wt, mined,
                                 oov_wt, no_mined, gpos, ix["char"])
        return t

    def compute(self, w: str) -> tuple:
        """``(ids, gaz_vector, char_ids)`` for one raw token, not cached: the same values as
        :meth:`raw` looked up in the vocabularies, without building the intermediate dict."""
        k_ix, s_ix, p_ix, sh_ix, wt_ix, m_ix, oov_wt, no_mined, gpos, c_ix = self._tables()
        k = norm_key(w) or w
        proc, stem = strip_proclitics(k)
        words = self.words
        row = words.get(k)
        if row is None and stem != k:
            row = words.get(stem)
        ids = [k_ix.get(k, 1), s_ix.get(stem, 1), p_ix.get(proc, 1), sh_ix.get(_shape(w), 1)]
        if row is not None:
            ids += [d.get(v, 1) for d, v in zip(wt_ix, row[:_WT_COLS])]
        else:
            ids += oov_wt
        m = None
        if self.mined:
            m = self.mined.get(k) or (self.mined.get(stem) if stem != k else None)
        if m is not None:
            ids += [d.get(v, 1) if d is not None else 1 for d, v in zip(m_ix, m)]
        else:
            ids += no_mined
        vi = self.vec_index
        ids += [vi.get(k, 1), vi.get(stem, 1)]
        gv = [0.0] * len(_GAZ_FEATS)
        if self.gaz:
            for c in self.gaz.get(k, ()):
                j = gpos.get(c)
                if j is not None:
                    gv[j] = 1.0
            for c in self.gaz.get(stem, ()):
                j = gpos.get(c + "s")
                if j is not None:
                    gv[j] = 1.0
        ch = [c_ix.get(c, 1) for c in k[:_MAX_CHARS]] or [1]
        return ids, tuple(gv), ch

    def word(self, w: str) -> tuple:
        """``(ids, gaz_vector, char_ids)`` for one raw token (cached; :meth:`compute`)."""
        hit = self._cache.get(w)
        if hit is not None:
            return hit
        res = self.compute(w)
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[w] = res
        return res

    def batch(self, sents: Sequence[Sequence[str]], cache: bool = True):
        """Arrays for a batch of sentences (right-padded).

        ``cache=False``: per-word results are computed and not kept (the tagger caches the
        words' projections instead).

        Returns:
            ``(ids (B, T, 4 + 8 + 4 + 2) int64 (the last two: pre-trained vector rows of key
            and stem), gaz (B, T, G) float32, chars (B, T, C) int64, lengths (B,) int64)``.
        """
        import numpy as np

        B = len(sents)
        T = max((len(s) for s in sents), default=0) or 1
        lens = np.array([len(s) for s in sents], dtype=np.int64)
        fids, fgz, fch = self.flat([w for s in sents for w in s], cache)
        ids = np.zeros((B, T, fids.shape[1]), dtype=np.int64)
        gz = np.zeros((B, T, fgz.shape[1]), dtype=np.float32)
        ch = np.zeros((B, T, fch.shape[1]), dtype=np.int64)
        if len(fids):
            bi = np.repeat(np.arange(B), lens)
            ti = np.concatenate([np.arange(n) for n in lens.tolist()])
            ids[bi, ti] = fids
            gz[bi, ti] = fgz
            ch[bi, ti] = fch
        return ids, gz, ch, lens

    def flat(self, words: Sequence[str], cache: bool = False):
        """Arrays of a flat token list: ``(ids (n, 4 + 8 + 4 + 2) int64, gaz (n, G) float32,
        chars (n, C) int64)``, ``C`` the longest word's character count (at most 16).  Words
        of the precomputed table (:attr:`table`) are read from it, the others computed
        (:meth:`compute`, or :meth:`word` with ``cache``)."""
        import numpy as np

        n = len(words)
        n_cols = len(_ID_COLS) + 2
        tab = self.table
        if tab is not None and tab.ids is not None:
            found, rows, missing = tab.split(words)
        else:
            found, rows, missing = [], [], list(range(n))
        fn = self.word if cache else self.compute
        comp = [fn(words[i]) for i in missing]
        C = max((len(f[2]) for f in comp), default=1)
        if found:
            tch = tab.chars[rows]
            C = max(C, int((tch > 0).sum(1).max()))
        ids = np.zeros((n, n_cols), dtype=np.int64)
        gz = np.zeros((n, len(_GAZ_FEATS)), dtype=np.float32)
        ch = np.zeros((n, C), dtype=np.int64)
        if comp:
            ids[missing] = np.array([f[0] for f in comp], dtype=np.int64)
            gz[missing] = np.array([f[1] for f in comp], dtype=np.float32)
            ch[missing] = np.array([f[2] + [0] * (C - len(f[2])) for f in comp], dtype=np.int64)
        if found:
            ids[found] = tab.ids[rows]
            gz[found] = tab.gaz[rows]
            ch[found] = tch[:, :C]
        return ids, gz, ch


_GAZ_FEATS = _GAZ_CLASSES + tuple(c + "s" for c in _GAZ_CLASSES)
#: embedding tables kept in their stored float16 (the key, stem and word2vec tables)
_HALF_TABLES = frozenset({"emb_key", "emb_stem", "emb_vec"})

# embedding sizes per id column: key, stem, proc, shape, c64, c256, c1024, freq, al, per, org, loc
# ... then the four mined-name buckets (rasd.ner.mine): person-first, person-later, org, runs
_EMB_DIMS = (64, 64, 8, 4, 16, 24, 32, 8, 8, 8, 8, 8, 6, 6, 6, 4)
_ID_COLS = ("key", "stem", "proc", "shape") + tuple(f"wt{i}" for i in range(_WT_COLS)) \
    + tuple(f"m{i}" for i in range(4))
_CHAR_DIM = 24
_CHAR_FILTERS = 64
_CHAR_WIDTH = 3
_HIDDEN = 128
_CNN1, _CNN1_W, _CNN2_W = 256, 5, 3


def build_vocab(sents: Sequence[Sequence[str]], words: WordTable, gaz: dict | None,
                min_key_freq: int = 1, mined: dict | None = None) -> tuple[dict[str, list[str]], Counter]:
    """Vocabularies from training sentences.

    Returns:
        ``(vocab, key_counts)``: ``vocab[name]`` lists the values of each input column, with
        ``"<pad>"`` at 0 and ``"<unk>"`` at 1; ``key_counts`` counts training keys (singletons
        get word dropout).
    """
    cnt: dict[str, Counter] = {c: Counter() for c in _ID_COLS + ("char",)}
    for s in sents:
        for w in s:
            r = Featurizer.raw(w, words, gaz or {}, mined)
            for c in _ID_COLS:
                cnt[c][r[c]] += 1
            cnt["char"].update(r["chars"])
    vocab = {}
    for c, ct in cnt.items():
        mf = min_key_freq if c in ("key", "stem") else 1
        vocab[c] = ["<pad>", "<unk>"] + sorted(v for v, n in ct.items() if n >= mf)
    return vocab, cnt["key"]


def build_vectors(sources: Sequence[str | Path], out_path: str | Path, *, dim: int = 100,
                  max_words: int = 40000, min_count: int = 3, epochs: int = 10, seed: int = 13,
                  exclude_prefixes: Sequence[str] = (), workers: int = 1,
                  method: str = "word2vec") -> dict:
    """Skip-gram word vectors (gensim word2vec or fastText) over match keys of unlabeled text.

    The tagger feeds them, frozen, as an input, so names never seen in the labelled data still
    get a position near the names they behave like.  Needs the ``[train]`` extra (gensim).

    Args:
        sources: ``.jsonl`` news or CoNLL files (as :func:`rasd.ner.crf.build_word_table`;
            never a test set).
        out_path: ``.npz`` with ``keys`` (``max_words`` most frequent keys) and ``vectors``
            (float16, ``(len(keys), dim)``, L2-normalised rows).
        dim, min_count, epochs: skip-gram settings (window 5, 5 negative samples).
        method: ``"word2vec"`` (one vector per word), or ``"fasttext"`` (a word's vector is the
            sum of its character 2-5-gram vectors, Bojanowski et al. 2017, 200,000 hash
            buckets): rare words share what their letters share with frequent ones, so the
            words of 2-3 occurrences (most foreign names) get usable vectors.

    Returns:
        ``{"tokens", "words", "seconds", "method"}``.

    Raises:
        ValueError: an unknown ``method``.
    """
    import numpy as np

    from rasd.ner.crf import iter_corpus_keys

    if method not in ("word2vec", "fasttext"):
        raise ValueError(f"unknown vector method {method!r} (word2vec or fasttext)")
    t0 = time.time()
    paras = list(iter_corpus_keys(sources, exclude_prefixes))
    if method == "fasttext":
        from gensim.models import FastText

        m = FastText(paras, vector_size=dim, window=5, min_count=min_count, sg=1, negative=5,
                     epochs=epochs, seed=seed, workers=workers, min_n=2, max_n=5,
                     bucket=200_000)
    else:
        from gensim.models import Word2Vec

        m = Word2Vec(paras, vector_size=dim, window=5, min_count=min_count, sg=1, negative=5,
                     epochs=epochs, seed=seed, workers=workers, max_final_vocab=max_words)
    keys = list(m.wv.index_to_key)[:max_words]
    vec = np.stack([m.wv[k] for k in keys])
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        np.savez_compressed(fh, keys=np.array("\n".join(keys)), vectors=vec.astype(np.float16))
    return {"tokens": sum(len(p) for p in paras), "words": len(keys),
            "seconds": round(time.time() - t0, 1), "method": method}



def load_vectors(path: str | Path) -> tuple[list[str], object]:
    """Key vectors ``(keys, (len(keys), dim) float32 array)`` from a :func:`build_vectors`
    file, or from a BiLSTM model file (``rasd.ner.bilstm/1``: its frozen word2vec table, the
    two reserved rows left out), so that a model of another seed can be trained on exactly
    the vectors of a shipped one (``--vectors rasd/ner/models/ner-bilstm.npz``).

    Raises:
        ValueError: the file holds neither layout, or keys and rows disagree.
    """
    import numpy as np

    with np.load(path, allow_pickle=False) as z:
        if "keys" in z.files and "vectors" in z.files:
            keys, v = str(z["keys"]).split("\n"), z["vectors"]
        elif "meta" in z.files and "emb_vec" in z.files:
            keys, v = json.loads(str(z["meta"]))["vocab"]["vec"], z["emb_vec"][2:]
        else:
            raise ValueError(f"{path}: neither a vector file (keys, vectors) nor a BiLSTM model "
                             "with word2vec vectors (meta, emb_vec)")
        v = v.astype(np.float32)
    if len(keys) != len(v):
        raise ValueError(f"{path}: {len(keys)} keys for {len(v)} vectors")
    return keys, v

# --------------------------------------------------------------------------- NumPy inference


class NeuralTagger:
    """The BiLSTM tagger, run with NumPy (no PyTorch needed).

    Use :meth:`load` (cached per process and path).  Memory: the weights take 16 MB (the
    key, stem and word2vec tables in float16), the vocabularies and word table about 30 MB.
    """

    _cache: dict[str, NeuralTagger] = {}
    #: per-word input projections kept (2 KB each for the BiLSTM, float16)
    cache_words = 40_000
    #: tokens per packed run of the kernels (about 100 MB of working arrays at most)
    chunk_tokens = 20_000

    def __init__(self, path: Path, words: WordTable | None = None, gaz: dict | None = None,
                 mined: dict | None = None):
        import numpy as np

        z = np.load(path, allow_pickle=False)
        meta = json.loads(str(z["meta"]))
        self.meta = meta
        self.vocab = meta["vocab"]
        # the large embedding tables stay float16 as stored (22 MB less; a gathered row is
        # widened to float32 exactly when the inputs are concatenated), the rest float32
        self.W = {k: z[k] if k in _HALF_TABLES else z[k].astype(np.float32)
                  for k in z.files if k != "meta"}
        wpath = Path(path).parent / "ner-words.tsv"
        if words is None:
            from rasd.ner.crf import _load_words
            words = _load_words(str(wpath))
        if gaz is None:
            gaz = load_gazetteer(Path(path).parent / "ner-gazetteer.tsv")
        if mined is None:
            from rasd.ner.mine import load_mined

            mined = load_mined(Path(path).parent / "ner-mined.tsv")
        self.feat = Featurizer(self.vocab, words, gaz, mined)
        self._vec_cache = None  # RowCache, made on first use

    @classmethod
    def load(cls, path: str | Path | None = None) -> NeuralTagger:
        """Load (once per process) the model at ``path`` (default :data:`DEFAULT_NEURAL`).

        The word table and gazetteer are read from the model's folder.

        Raises:
            FileNotFoundError: the model file does not exist.
        """
        p = Path(path) if path is not None else DEFAULT_NEURAL
        if not p.exists():
            raise FileNotFoundError(f"neural NER model not found: {p}")
        ck = str(p.resolve())
        t = cls._cache.get(ck)
        if t is None:
            t = cls(p)
            from rasd.ner.precomputed import WordFeatureTable

            t.feat.table = WordFeatureTable.for_models(p.parent)
            if "cnn1_w" not in t.W:
                # the recurrence weights are arranged once here, with the model: the first
                # article may reach the BiLSTM only after the CRF (the cascade), and its
                # one-time work belongs to loading, not to that article
                t._prepare_lstm()
            cls._cache[ck] = t
        return t

    def _inputs(self, ids, gz, ch):
        """Network input ``(B, T, D)`` float32 of the id, gazetteer and character arrays of
        :meth:`Featurizer.batch`: the embeddings of every id column, then the two word2vec
        rows, the gazetteer vector and the character CNN, side by side (each written into one
        preallocated array; float16 tables widen exactly)."""
        import numpy as np

        W = self.W
        # a model trained before a column existed has no embedding for it: skipped
        tables = [(W[f"emb_{c}"], i) for i, c in enumerate(_ID_COLS) if f"emb_{c}" in W]
        if "emb_vec" in W:
            n = len(_ID_COLS)
            tables += [(W["emb_vec"], n), (W["emb_vec"], n + 1)]
        cnn = self._char_cnn(ch)
        B, T = ids.shape[:2]
        width = sum(E.shape[1] for E, _ in tables) + gz.shape[-1] + cnn.shape[-1]
        x = np.empty((B, T, width), dtype=np.float32)
        a = 0
        for E, i in tables:
            d = E.shape[1]
            x[..., a:a + d] = E[ids[:, :, i]]
            a += d
        x[..., a:a + gz.shape[-1]] = gz
        a += gz.shape[-1]
        x[..., a:] = cnn
        return x

    def _char_cnn(self, ch):
        """Character CNN ``(B, T, C)`` char ids -> ``(B, T, F)``: one convolution of width
        :data:`_CHAR_WIDTH` over the padded characters, max over the windows that touch a
        real character, tanh.  All words' windows go through one matrix product."""
        import numpy as np

        W = self.W
        B, T, C = ch.shape
        Cp = max(C, _CHAR_WIDTH)
        flat = ch.reshape(B * T, C)
        ce = W["emb_char"][np.pad(flat, ((0, 0), (1, 1 + Cp - C)))]  # (N, Cp+2, D)
        L = Cp + 2 - _CHAR_WIDTH + 1
        win = np.concatenate([ce[:, k:k + L] for k in range(_CHAR_WIDTH)], axis=-1)
        F = W["char_conv_w"].shape[1]
        conv = (win.reshape(-1, win.shape[-1]) @ W["char_conv_w"]).reshape(B * T, L, F)
        # window k covers padded chars k..k+2 -> valid if it touches a real char; the others
        # get -1e4 (never the maximum)
        nch = np.maximum((flat > 0).sum(-1), 1)
        conv += np.where(np.arange(L)[None, :] < nch[:, None], 0.0, -1e4).astype(np.float32)[..., None]
        out = conv.max(1)
        out += W["char_conv_b"]
        return np.tanh(out, out=out).reshape(B, T, F)

    def _prepare_lstm(self) -> None:
        """Stack both directions for one batched recurrence (done once at load).

        Per direction the gate rows are reordered from PyTorch's ``i f g o`` to ``i f o g``
        and the i, f, o rows are halved, so that one ``tanh`` over all gates gives
        ``sigmoid(z) = (1 + tanh(z / 2)) / 2`` for them and ``tanh(z)`` for the cell input g.
        """
        import numpy as np

        W = self.W
        H = W["lstm_whh_f"].shape[1]
        order = np.concatenate([np.arange(0, 2 * H), np.arange(3 * H, 4 * H), np.arange(2 * H, 3 * H)])
        scale = np.concatenate([np.full(3 * H, 0.5), np.ones(H)]).astype(np.float32)
        self._H = H
        self._wih = {d: (W[f"lstm_wih_{d}"][order] * scale[:, None]).T.copy() for d in "fb"}
        self._bias = {d: W[f"lstm_b_{d}"][order] * scale for d in "fb"}
        # both directions' input weights side by side: one matrix product per batch of words
        self._wih_fb = np.concatenate([self._wih["f"], self._wih["b"]], axis=1)
        self._bias_fb = np.concatenate([self._bias["f"], self._bias["b"]])
        self._rec = np.stack([(W[f"lstm_whh_{d}"][order] * scale[:, None]).T for d in "fb"])

    def _bilstm(self, x, lens):
        """Both LSTM directions over right-padded input projections ``x`` ``(B, T, 8H)``
        (:meth:`_embed`); returns ``(B, T, 2H)`` (forward states, then backward states, as
        PyTorch's bidirectional LSTM)."""
        import numpy as np

        if not hasattr(self, "_rec"):
            self._prepare_lstm()
        H = self._H
        B, T, _ = x.shape
        # the backward direction reads each sentence reversed inside its own length
        t_idx = np.arange(T)[None, :]
        rev = np.where(t_idx < lens[:, None], lens[:, None] - 1 - t_idx, t_idx)
        rows = np.arange(B)[:, None]
        xp = np.stack([x[..., :4 * H], x[..., 4 * H:][rows, rev]])  # (2, B, T, 4H)
        xp = np.ascontiguousarray(xp.transpose(2, 0, 1, 3))  # (T, 2, B, 4H)
        h = np.zeros((2, B, H), dtype=np.float32)
        c = np.zeros((2, B, H), dtype=np.float32)
        out = np.empty((T, 2, B, H), dtype=np.float32)
        rec = self._rec
        z = np.empty((2, B, 4 * H), dtype=np.float32)
        tc = np.empty((2, B, H), dtype=np.float32)
        for t in range(T):
            np.matmul(h, rec, out=z)
            z += xp[t]
            np.tanh(z, out=z)
            sg = z[..., :3 * H]
            sg *= 0.5
            sg += 0.5
            c *= z[..., H:2 * H]
            c += z[..., :H] * z[..., 3 * H:]
            np.tanh(c, out=tc)
            h = out[t]
            np.multiply(z[..., 2 * H:3 * H], tc, out=h)
        fwd = out[:, 0].transpose(1, 0, 2)
        bwd = out[:, 1].transpose(1, 0, 2)[rows, rev]
        return np.concatenate([fwd, bwd], axis=-1)

    def _project(self, words: list[str]):
        """Per-word input projections ``(len(words), width)`` float32, computed (not cached):
        the BiLSTM's input times both directions' input weights plus biases (``8H``), or the
        CNN's per-offset first-layer contributions (``K1 * F1``)."""
        import numpy as np

        ids, gz, ch = self.feat.flat(words)
        x = self._inputs(ids[None], gz[None], ch[None])[0]
        if "cnn1_w" in self.W:
            # (U, K1 * F1): the word's contribution at each offset of the first convolution
            return np.concatenate([x @ w for w in self.W["cnn1_w"]], axis=-1)
        if not hasattr(self, "_rec"):
            self._prepare_lstm()
        out = x @ self._wih_fb
        out += self._bias_fb
        return out

    def _embed_flat(self, words: Sequence[str]):
        """Input projections ``(len(words), width)`` float32 of a flat token list (see
        :meth:`_project`).  Each distinct word's projection depends on the word alone, so it
        is computed once and cached in a :class:`~rasd.ner.rowcache.RowCache` of
        :attr:`cache_words` rows, stored as float16 (2 KB a word for the BiLSTM, 80 MB when
        full; on 150 corpus articles the spans are identical to float32 storage)."""
        import numpy as np

        if self._vec_cache is None:
            from rasd.ner.rowcache import RowCache

            width = self._project(["."]).shape[1]
            self._vec_cache = RowCache((width,), self.cache_words, dtype="float16")
        cache = self._vec_cache
        rows = cache.rows(words, self._project)
        return cache.array[rows].astype(np.float32)

    def _embed(self, sents: Sequence[Sequence[str]]):
        """LSTM input projections ``(B, T, 8H)`` of right-padded sentences (:meth:`_embed_flat`;
        padding rows are arbitrary: they never reach a real token's state)."""
        import numpy as np

        flat = [w for s in sents for w in s]
        P = self._embed_flat(flat)
        T = max(len(s) for s in sents)
        out = np.zeros((len(sents), T, P.shape[1]), dtype=np.float32)
        i = 0
        for b, s in enumerate(sents):
            out[b, :len(s)] = P[i:i + len(s)]
            i += len(s)
        return out

    def _cnn_logits(self, sents: Sequence[Sequence[str]]) -> list:
        """Label scores of the convolutional architecture: all tokens of all sentences in one
        flat array; a neighbour outside the token's sentence counts as zeros (as the
        training's zero padding)."""
        import numpy as np

        W = self.W
        K1, _, F1 = W["cnn1_w"].shape
        K2 = W["cnn2_w"].shape[0] // F1
        flat = [w for s in sents for w in s]
        n = len(flat)
        P = self._embed_flat(flat).reshape(n, K1, F1)
        sid = np.repeat(np.arange(len(sents)), [len(s) for s in sents])
        pos = np.arange(n)

        def shifted(A, off):
            src = pos + off
            ok = (src >= 0) & (src < n)
            src_c = np.clip(src, 0, n - 1)
            ok &= sid[src_c] == sid
            return A[src_c], ok

        h1 = np.broadcast_to(W["cnn1_b"], (n, F1)).copy()
        for k in range(K1):
            rows, ok = shifted(P[:, k], k - K1 // 2)
            h1 += rows * ok[:, None]
        np.maximum(h1, 0, out=h1)
        parts = []
        for k in range(K2):
            rows, ok = shifted(h1, k - K2 // 2)
            parts.append(rows * ok[:, None])
        h2 = np.maximum(np.concatenate(parts, axis=1) @ W["cnn2_w"] + W["cnn2_b"], 0)
        from rasd.ner.kernels import split_rows

        return split_rows(h2 @ W["out_w"].T + W["out_b"], [len(s) for s in sents])

    def log_probs_flat(self, sents: Sequence[Sequence[str]]):
        """Per-token label log-probabilities of many sentences as one flat
        ``(n_tokens, 9)`` float32 array (the sentences' tokens one after another; columns in
        :data:`LABELS` order).

        With the compiled kernels (:mod:`rasd.ner.kernels`) a BiLSTM model runs all the
        sentences as one packed batch; otherwise this concatenates :meth:`log_probs`.
        """
        import numpy as np

        from rasd.ner import kernels

        live = [s for s in sents if s]
        if not live:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        if not kernels.AVAILABLE or "cnn1_w" in self.W:
            return np.concatenate(self.log_probs(live))
        if not hasattr(self, "_rec"):
            self._prepare_lstm()
        # chunks of whole sentences, at most chunk_tokens each (one long sentence alone):
        # the input projections take 4 KB a token, so memory stays bounded on long texts
        out, chunk, n_chunk = [], [], 0
        for s in live:
            if chunk and n_chunk + len(s) > self.chunk_tokens:
                out.append(self._log_probs_packed(chunk))
                chunk, n_chunk = [], 0
            chunk.append(s)
            n_chunk += len(s)
        out.append(self._log_probs_packed(chunk))
        return out[0] if len(out) == 1 else np.concatenate(out)

    def _log_probs_packed(self, sents: Sequence[Sequence[str]]):
        """:meth:`log_probs_flat` of non-empty sentences in one packed run of the kernels."""
        import numpy as np

        from rasd.ner import kernels

        lens = np.array([len(s) for s in sents], dtype=np.int64)
        starts = kernels.flat_starts(lens)
        P = self._embed_flat([w for s in sents for w in s])
        h = kernels.lstm_bidir(P, starts, lens, self._rec)
        del P
        logits = h @ self.W["out_w"].T + self.W["out_b"]
        if "crf_trans" in self.W:
            m = kernels.crf_marginals(logits.astype(np.float64), starts, lens,
                                      self.W["crf_trans"].astype(np.float64))
            return np.log(m + 1e-6)
        logits -= logits.max(-1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(-1, keepdims=True))

    def log_probs(self, sents: Sequence[Sequence[str]]) -> list:
        """Per-token label log-probabilities, one ``(n_tokens, 9)`` array per sentence
        (columns in :data:`LABELS` order).

        With the compiled kernels: :meth:`log_probs_flat`, split.  In NumPy, sentences are
        run in batches of similar length (a batch closes when the longest would be more
        than twice the shortest), which bounds the padding.
        """
        from rasd.ner import kernels

        if kernels.AVAILABLE and "cnn1_w" not in self.W:
            return kernels.split_rows(self.log_probs_flat(sents), [len(s) for s in sents])
        return self._log_probs_numpy(sents)

    def _log_probs_numpy(self, sents: Sequence[Sequence[str]]) -> list:
        import numpy as np

        res: list = [np.zeros((0, len(LABELS)), dtype=np.float32)] * len(sents)
        if "cnn1_w" in self.W:
            live = [i for i in range(len(sents)) if sents[i]]
            if not live:
                return res
            logits = self._cnn_logits([sents[i] for i in live])
            if "crf_trans" in self.W:
                from rasd.ner.crf import forward_backward

                lps = [np.log(m + 1e-6) for m in forward_backward(logits, self.W["crf_trans"])]
            else:
                lps = []
                for lg in logits:
                    lg = lg - lg.max(-1, keepdims=True)
                    lps.append(lg - np.log(np.exp(lg).sum(-1, keepdims=True)))
            for i, lp in zip(live, lps):
                res[i] = lp
            return res
        order = sorted((i for i in range(len(sents)) if sents[i]), key=lambda i: len(sents[i]))
        batches: list[list[int]] = []
        for i in order:
            if batches and len(sents[i]) <= 2 * len(sents[batches[-1][0]]) + 4 and len(batches[-1]) < 128:
                batches[-1].append(i)
            else:
                batches.append([i])
        for idxs in batches:
            batch = [sents[i] for i in idxs]
            x = self._embed(batch)
            lens = np.array([len(s) for s in batch], dtype=np.int64)
            h = self._bilstm(x, lens)
            logits = h @ self.W["out_w"].T + self.W["out_b"]
            if "crf_trans" in self.W:
                from rasd.ner.crf import forward_backward

                marg = forward_backward([logits[j, :len(sents[i])] for j, i in enumerate(idxs)],
                                        self.W["crf_trans"])
                for j, i in enumerate(idxs):
                    res[i] = np.log(marg[j] + 1e-6)
                continue
            logits = logits - logits.max(-1, keepdims=True)
            lp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
            for j, i in enumerate(idxs):
                res[i] = lp[j, :len(sents[i])]
        return res

    def tag_sentences(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for many sentences of raw token strings."""
        return [[LABELS[j] for j in seq] for seq in bio_viterbi_batch(self.log_probs(sents))]

    def tag_tokens(self, words: Sequence[str]) -> list[str]:
        """BIO tags for one sentence."""
        return self.tag_sentences([words])[0] if words else []


# --------------------------------------------------------------------------- training (PyTorch)


#: Files of further BiLSTM-CRF members beside ``ner-bilstm.npz``, in this order: the same
#: recipe and data with another random seed (model card); absent files are skipped.
EXTRA_MEMBERS = ("ner-bilstm-2.npz",)


class NeuralEnsemble:
    """Several BiLSTM-CRF taggers of one recipe (different random seeds), used as one: the
    per-token label log-probabilities of the members are averaged (Lakshminarayanan et al.
    2017's deep ensembles, in log space).  Same methods as :class:`NeuralTagger`.

    The members' per-word projection caches split :attr:`NeuralTagger.cache_words` between
    them, so the ensemble's memory grows with its weights only (about 20 MB a member).
    Members whose vocabularies are identical (the same training data and word table, as the
    shipped ones) share the first member's :class:`Featurizer`, so a word's features and
    precomputed table row are looked up once; a member with another vocabulary keeps its own
    featurizer and never reads ``ner-features.npz`` (its ids would not be that table's).

    Args:
        members: loaded :class:`NeuralTagger` objects (at least one).

    Raises:
        ValueError: no member, or members with different label sets.
    """

    def __init__(self, members: Sequence[NeuralTagger]):
        import numpy as np

        if not members:
            raise ValueError("a BiLSTM ensemble needs at least one member")
        labels = {tuple(m.meta.get("labels", LABELS)) for m in members}
        if len(labels) > 1:
            raise ValueError(f"BiLSTM members disagree on their labels: {sorted(labels)}")
        self.members = list(members)
        first = self.members[0]
        # the per-word projection caches share one budget: the ensemble keeps as many
        # projections in memory as one tagger (NeuralTagger.cache_words rows in all)
        for m in self.members:
            if m._vec_cache is None:
                m.cache_words = max(1, NeuralTagger.cache_words // len(self.members))

        for m in self.members[1:]:
            # the frozen word2vec table is the same in members built from one vector file
            # (7 MB each): one copy in memory
            v0, v = first.W.get("emb_vec"), m.W.get("emb_vec")
            if v0 is not None and v is not None and v is not v0 and v.shape == v0.shape \
                    and np.array_equal(v, v0):
                m.W["emb_vec"] = v0
            if m.feat is first.feat:
                continue
            if m.vocab == first.vocab:
                m.feat = first.feat
            else:
                m.feat.table = None

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> NeuralTagger | NeuralEnsemble:
        """The BiLSTM of ``model_dir`` (default the package's models): ``ner-bilstm.npz``
        alone as a :class:`NeuralTagger`, or with the :data:`EXTRA_MEMBERS` present beside
        it as an ensemble.  Members are loaded once per process (:meth:`NeuralTagger.load`).

        Raises:
            FileNotFoundError: no ``ner-bilstm.npz`` in ``model_dir``.
        """
        d = Path(model_dir) if model_dir is not None else MODEL_DIR
        first = NeuralTagger.load(d / "ner-bilstm.npz")
        extra = [NeuralTagger.load(d / name) for name in EXTRA_MEMBERS if (d / name).exists()]
        return cls([first, *extra]) if extra else first

    @property
    def meta(self) -> dict:
        """The first member's metadata (labels, vocabulary, training information)."""
        return self.members[0].meta

    @property
    def feat(self) -> Featurizer:
        """The first member's :class:`Featurizer` (shared by the members of its vocabulary)."""
        return self.members[0].feat

    def log_probs_flat(self, sents: Sequence[Sequence[str]]):
        """Mean of the members' :meth:`NeuralTagger.log_probs_flat`: one flat
        ``(n_tokens, 9)`` float32 array over the non-empty sentences' tokens."""
        out = self.members[0].log_probs_flat(sents)
        if len(self.members) == 1:
            return out
        out = out.copy()
        for m in self.members[1:]:
            out += m.log_probs_flat(sents)
        out /= len(self.members)
        return out

    def log_probs(self, sents: Sequence[Sequence[str]]) -> list:
        """:meth:`log_probs_flat` split per sentence: one ``(n_tokens, 9)`` array each."""
        from rasd.ner.kernels import split_rows

        return split_rows(self.log_probs_flat(sents), [len(s) for s in sents])

    def tag_sentences(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for many sentences of raw token strings."""
        return [[LABELS[j] for j in seq] for seq in bio_viterbi_batch(self.log_probs(sents))]

    def tag_tokens(self, words: Sequence[str]) -> list[str]:
        """BIO tags for one sentence."""
        return self.tag_sentences([words])[0] if words else []


def _crf_nll(emis, trans, y, mask):
    """Mean negative log-likelihood of gold label paths under a linear-chain CRF (PyTorch).

    ``emis (B, T, L)``, ``trans (L, L)``, ``y (B, T)`` label ids, ``mask (B, T)`` bool (True on
    real tokens, left-aligned).  No start/end transitions (as :func:`rasd.ner.crf.forward_backward`).
    """
    import torch

    B, T, L = emis.shape
    yc = y.clamp(min=0)
    gold = emis.gather(2, yc.unsqueeze(2)).squeeze(2) * mask
    tr = trans[yc[:, :-1], yc[:, 1:]] * (mask[:, 1:])
    score = gold.sum(1) + tr.sum(1)
    alpha = emis[:, 0]
    for t in range(1, T):
        nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + emis[:, t]
        alpha = torch.where(mask[:, t].unsqueeze(1), nxt, alpha)
    logz = torch.logsumexp(alpha, dim=1)
    return (logz - score).mean()


def _torch_model(vocab: dict[str, list[str]], vectors=None, hidden: int = _HIDDEN, crf: bool = False,
                 arch: str = "bilstm"):
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embs = nn.ModuleList([nn.Embedding(len(vocab[c]), d, padding_idx=0)
                                       for c, d in zip(_ID_COLS, _EMB_DIMS)])
            self.char = nn.Embedding(len(vocab["char"]), _CHAR_DIM, padding_idx=0)
            self.vec = (nn.Embedding.from_pretrained(torch.as_tensor(vectors), freeze=True)
                        if vectors is not None else None)
            vdim = 2 * vectors.shape[1] if vectors is not None else 0
            self.conv = nn.Linear(_CHAR_DIM * _CHAR_WIDTH, _CHAR_FILTERS)
            d_in = sum(_EMB_DIMS) + len(_GAZ_FEATS) + _CHAR_FILTERS + vdim
            self.drop = nn.Dropout(0.5)
            self.arch = arch
            if arch == "cnn":
                # two convolutions over the sentence (widths 5 and 3: 7 tokens seen); the
                # first one's per-word products are cached at run time
                self.conv1 = nn.Conv1d(d_in, _CNN1, _CNN1_W, padding=_CNN1_W // 2)
                self.conv2 = nn.Conv1d(_CNN1, hidden, _CNN2_W, padding=_CNN2_W // 2)
                self.out = nn.Linear(hidden, len(LABELS))
            else:
                self.lstm = nn.LSTM(d_in, hidden, batch_first=True, bidirectional=True)
                self.out = nn.Linear(2 * hidden, len(LABELS))
            self.trans = nn.Parameter(torch.zeros(len(LABELS), len(LABELS))) if crf else None

        def forward(self, ids, gz, ch, lens):
            h = self.encode(ids, gz, ch, lens)
            return self.out(self.drop(h)) if self.arch != "cnn" else h

        def encode(self, ids, gz, ch, lens):
            """The BiLSTM's states ``(B, T, 2 * hidden)`` (forward half first); for the CNN,
            its label scores."""
            parts = [e(ids[:, :, i]) for i, e in enumerate(self.embs)]
            if self.vec is not None:
                n = len(_ID_COLS)
                parts += [self.vec(ids[:, :, n]), self.vec(ids[:, :, n + 1])]
            parts.append(gz)
            B, T, C = ch.shape
            Cp = max(C, _CHAR_WIDTH)
            chp = nn.functional.pad(ch, (1, 1 + Cp - C))
            ce = self.char(chp)
            L = Cp + 2 - _CHAR_WIDTH + 1
            win = torch.cat([ce[:, :, k:k + L] for k in range(_CHAR_WIDTH)], dim=-1)
            conv = self.conv(win)
            nch = (ch > 0).sum(-1).clamp(min=1)
            valid = torch.arange(L)[None, None, :] < nch[..., None]
            conv = conv.masked_fill(~valid[..., None], -1e4)
            parts.append(torch.tanh(conv.max(2).values))
            x = self.drop(torch.cat(parts, dim=-1))
            if self.arch == "cnn":
                mask = (torch.arange(T)[None, :] < lens[:, None]).unsqueeze(1).float()  # (B,1,T)
                h1 = torch.relu(self.conv1(x.transpose(1, 2) * mask)) * mask
                h2 = torch.relu(self.conv2(self.drop(h1))) * mask
                return self.out(self.drop(h2.transpose(1, 2)))
            packed = nn.utils.rnn.pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=T)
            return h

    return Net()


def _export(net, vocab: dict, path: Path, info: dict) -> None:
    import numpy as np

    sd = {k: v.detach().cpu().numpy() for k, v in net.state_dict().items()}
    arrs = {}
    for i, c in enumerate(_ID_COLS):
        arrs[f"emb_{c}"] = sd[f"embs.{i}.weight"]
    arrs["emb_char"] = sd["char.weight"]
    if "vec.weight" in sd:
        arrs["emb_vec"] = sd["vec.weight"]
    arrs["char_conv_w"] = sd["conv.weight"].T.copy()
    arrs["char_conv_b"] = sd["conv.bias"]
    if "conv1.weight" in sd:
        w1 = sd["conv1.weight"]  # (F1, D, K1): out[t] = sum_k w1[:, :, k] . x[t + k - K1 // 2]
        arrs["cnn1_w"] = np.stack([w1[:, :, k].T for k in range(w1.shape[2])])  # (K1, D, F1)
        arrs["cnn1_b"] = sd["conv1.bias"]
        w2 = sd["conv2.weight"]  # (F2, F1, K2)
        arrs["cnn2_w"] = np.concatenate([w2[:, :, k].T for k in range(w2.shape[2])])  # (K2*F1, F2)
        arrs["cnn2_b"] = sd["conv2.bias"]
    else:
        for d, suf in (("f", ""), ("b", "_reverse")):
            arrs[f"lstm_wih_{d}"] = sd[f"lstm.weight_ih_l0{suf}"]
            arrs[f"lstm_whh_{d}"] = sd[f"lstm.weight_hh_l0{suf}"]
            arrs[f"lstm_b_{d}"] = sd[f"lstm.bias_ih_l0{suf}"] + sd[f"lstm.bias_hh_l0{suf}"]
    if "trans" in sd:
        arrs["crf_trans"] = sd["trans"]
    arrs["out_w"] = sd["out.weight"]
    arrs["out_b"] = sd["out.bias"]
    arrs = {k: v.astype(np.float16) if k.startswith("emb_") else v.astype(np.float32)
            for k, v in arrs.items()}
    meta = {"format": "rasd.ner.bilstm/1", "labels": list(LABELS), "vocab": vocab, **info}
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, meta=np.array(json.dumps(meta, ensure_ascii=False)), **arrs)


#: word-table column whose ids are the language-model pretraining targets (the 1024-cluster id)
_LM_TARGET_COL = _ID_COLS.index("wt2")


def lm_pretrain(net, feat: Featurizer, sents: Sequence[Sequence[str]], *, epochs: int = 1,
                batch_size: int = 32, lr: float = 1e-3, seed: int = 13, log=print) -> dict:
    """Pretrain a BiLSTM tagger's encoder as two class-based language models on unlabeled text.

    The forward LSTM's state at token ``t`` predicts the word cluster (the word table's
    1024-cluster id, :data:`_LM_TARGET_COL`) of token ``t + 1``, the backward state that of
    token ``t - 1`` (an end / start class at the sentence's edges), each through its own linear
    head that is thrown away afterwards; embeddings, character CNN and LSTM are trained, so the
    tagger then starts from states that already encode the neighbourhood a word appears in
    (language-model pretraining of the encoder: Dai & Le, NeurIPS 2015; the two directions kept
    apart as in Peters et al., ACL 2017).  Predicting clusters instead of words keeps the output
    layer small (about 1,000 classes, not 50,000).

    Args:
        net: the model of :func:`_torch_model` (``arch="bilstm"``); trained in place.
        feat: the featurizer of the tagger's vocabularies (corpus words outside them map to
            ``<unk>`` ids, as at run time).
        sents: unlabeled token sentences (:func:`corpus_sentences`).
        epochs: passes over ``sents``.
        batch_size: sentences per step; lr: Adam learning rate; seed: shuffling seed.

    Returns:
        ``{"sentences", "tokens", "seconds", "loss": [mean loss per epoch]}`` (loss in nats per
        token and direction).

    Raises:
        ImportError: PyTorch is not installed.
    """
    import numpy as np
    import torch
    from torch import nn

    n_cls = len(feat.vocab["wt2"]) + 1  # + the sentence-edge class
    edge = n_cls - 1
    H = net.lstm.hidden_size
    heads = nn.ModuleList([nn.Linear(H, n_cls), nn.Linear(H, n_cls)])
    opt = torch.optim.Adam(list(net.parameters()) + list(heads.parameters()), lr=lr)
    lossf = nn.CrossEntropyLoss(ignore_index=-100)
    rng = random.Random(seed)
    order = list(range(len(sents)))
    t0 = time.time()
    losses = []
    net.train()
    for ep in range(epochs):
        rng.shuffle(order)
        tot, n_tok, step = 0.0, 0, 0
        for a in range(0, len(order), batch_size * 50):
            chunk = sorted(order[a:a + batch_size * 50], key=lambda i: len(sents[i]))
            for b in range(0, len(chunk), batch_size):
                idx = chunk[b:b + batch_size]
                ids, gz, chs, lens = feat.batch([sents[i] for i in idx])
                tgt = ids[..., _LM_TARGET_COL]
                B, T = tgt.shape
                nxt = np.full((B, T), -100, dtype=np.int64)
                prv = np.full((B, T), -100, dtype=np.int64)
                for j, n in enumerate(lens.tolist()):
                    nxt[j, :n - 1] = tgt[j, 1:n]
                    nxt[j, n - 1] = edge
                    prv[j, 1:n] = tgt[j, :n - 1]
                    prv[j, 0] = edge
                h = net.encode(torch.from_numpy(ids), torch.from_numpy(gz), torch.from_numpy(chs),
                               torch.from_numpy(lens))
                h = net.drop(h)
                loss = (lossf(heads[0](h[..., :H]).reshape(-1, n_cls), torch.from_numpy(nxt).reshape(-1))
                        + lossf(heads[1](h[..., H:]).reshape(-1, n_cls), torch.from_numpy(prv).reshape(-1))) / 2
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                opt.step()
                k = int(lens.sum())
                tot += float(loss.detach()) * k
                n_tok += k
                step += 1
                if step % 500 == 0:
                    log(f"pretrain epoch {ep + 1}: {n_tok} tokens, loss {tot / n_tok:.4f} "
                        f"({time.time() - t0:.0f} s)")
        losses.append(round(tot / max(n_tok, 1), 4))
        log(f"pretrain epoch {ep + 1}: loss {losses[-1]} ({time.time() - t0:.0f} s)")
    return {"sentences": len(sents), "tokens": sum(len(s) for s in sents),
            "seconds": round(time.time() - t0, 1), "loss": losses}


def record_sentences(record: dict, min_tokens: int = 5, max_tokens: int = 60) -> list[list[str]]:
    """The token sentences of a corpus record's ``text`` (:func:`rasd.text.tokenizer.tokenize`,
    cut by :func:`rasd.ner.tagger.sentences_of`) of ``min_tokens`` to ``max_tokens`` tokens."""
    from rasd.ner.tagger import sentences_of
    from rasd.text.tokenizer import tokenize

    words = [t.text for t in tokenize(record.get("text") or "")]
    return [words[s:e] for s, e in sentences_of(words) if min_tokens <= e - s <= max_tokens]


def corpus_sentences(corpus_paths: Sequence[str | Path], *, exclude: Sequence[str | Path] = (),
                     exclude_prefixes: Sequence[str] | str = (), min_tokens: int = 5,
                     max_tokens: int = 60, max_total: int | None = None,
                     seed: int = 5) -> list[list[str]]:
    """Token sentences of unlabeled news for :func:`lm_pretrain`.

    Args:
        corpus_paths: JSON Lines files of records with ``id`` and ``text`` (the news corpus).
        exclude: JSON Lines files whose records are left out by id and by text (the dev gold
            articles, :func:`rasd.ner.precomputed.excluded_records`).
        exclude_prefixes: record-id prefixes left out (``SNN``: the non-commercial part).
        min_tokens, max_tokens: sentence length bounds, in tokens
            (:func:`rasd.ner.tagger.sentences_of` cuts).
        max_total: keep only the first sentences of that order holding at most this many
            tokens (None: all).
        seed: the sentences come in a random order with this seed (the shipped BiLSTM was
            pretrained on this order; :func:`lm_pretrain` shuffles again with its own seed).

    Raises:
        OSError, json.JSONDecodeError: a file cannot be read.
    """
    from rasd.ner.precomputed import corpus_records, excluded_records

    ex_ids, ex_digests = excluded_records(exclude)
    sents: list[list[str]] = []
    for r in corpus_records(corpus_paths, ex_ids, exclude_prefixes, ex_digests):
        sents += record_sentences(r, min_tokens, max_tokens)
    random.Random(seed).shuffle(sents)
    if max_total is not None:
        out, n = [], 0
        for s in sents:
            if n + len(s) > max_total:
                break
            out.append(s)
            n += len(s)
        sents = out
    return sents


def train(train_paths: Sequence[str | Path], model_out: str | Path, *,
          words_path: str | Path | None = None, dev_path: str | Path | None = None,
          epochs: int = 12, seed: int = 13, batch_size: int = 16, lr: float = 1e-3,
          threads: int = 1, vectors_path: str | Path | None = None, hidden: int = _HIDDEN,
          ema: float = 0.998, crf: bool = False, arch: str = "bilstm",
          pretrain: Sequence[Sequence[str]] | None = None, pretrain_epochs: int = 1,
          log=print) -> dict:
    """Train the BiLSTM on CoNLL files and write ``model_out`` (``.npz``, NumPy weights).

    Args:
        train_paths: CoNLL training files (types mapped by :func:`rasd.ner.conll.read_conll`).
        model_out: output ``.npz``; put it next to ``ner-words.tsv`` / ``ner-gazetteer.tsv``.
        words_path: the word table (default ``models/ner-words.tsv``); the gazetteer
            (``ner-gazetteer.tsv``) and the mined-name table (``ner-mined.tsv``, optional) are
            read from the same folder.
        dev_path: if given, entity F1 on it is logged after every epoch (model selection only).
        epochs: passes over the data; the model after the last one is written.
        seed: random seed (PyTorch and Python), for reproducibility on one thread.
        threads: PyTorch CPU threads.
        hidden: LSTM units per direction.
        arch: ``"bilstm"`` or ``"cnn"`` (two convolutions of widths 5 and 3 over the
            sentence, ``_CNN1`` then ``hidden`` filters: no recurrence, so inference is a few
            matrix products per document; the first layer's per-word products are cached).
        crf: a CRF output layer (transition scores, trained by the sentence log-likelihood)
            instead of per-token softmax; inference then takes forward-backward marginals.
        ema: decay of the exponential moving average of the weights (updated every step);
            the averaged weights are the ones evaluated and written (0: the raw weights).
        vectors_path: pre-trained key vectors (:func:`build_vectors`, or a BiLSTM model file
            whose stored vectors are reused: :func:`load_vectors`), fed frozen and stored
            in the model file (rows of keys absent from them are zero); None: no vectors.
        pretrain: unlabeled token sentences (:func:`corpus_sentences`): the encoder is first
            trained as two class-based language models on them (:func:`lm_pretrain`,
            ``pretrain_epochs`` passes), then on the labelled data; BiLSTM only.

    Returns:
        ``{"sentences", "tokens", "seconds", "epochs", "dev": [F1 per epoch], "model"}``.

    Raises:
        ImportError: PyTorch is not installed (``pip install -e '.[train]'``).
    """
    import numpy as np
    import torch

    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(threads)
    wp = Path(words_path) if words_path is not None else MODEL_DIR / "ner-words.tsv"
    words = WordTable(wp)
    gaz = load_gazetteer(wp.parent / "ner-gazetteer.tsv")
    from rasd.ner.mine import load_mined

    mined = load_mined(wp.parent / "ner-mined.tsv")
    data = []
    for p in train_paths:
        data += read_conll(p)
    sents = [w for w, _ in data]
    vocab, kcount = build_vocab(sents, words, gaz, mined=mined)
    vectors = None
    if vectors_path is not None:
        vocab["vec"], v = load_vectors(vectors_path)
        vectors = np.concatenate([np.zeros((2, v.shape[1]), dtype=np.float32), v])
    feat = Featurizer(vocab, words, gaz, mined)
    lab_ix = {lab: i for i, lab in enumerate(LABELS)}
    y_all = [[lab_ix.get(t, 0) for t in tags] for _, tags in data]
    single = {feat.index["key"][k] for k, n in kcount.items() if n == 1}
    stem_ix = feat.index["stem"]
    single_stems = (Featurizer.raw(k, words, gaz or {})["stem"] for k, n in kcount.items() if n == 1)
    single_stem = {stem_ix[st] for st in single_stems if st in stem_ix}
    net = _torch_model(vocab, vectors, hidden, crf, arch)
    pre = None
    if pretrain:
        if arch != "bilstm":
            raise ValueError("language-model pretraining needs arch='bilstm'")
        pre = lm_pretrain(net, feat, pretrain, epochs=pretrain_epochs, seed=seed, log=log)
    import copy

    avg = copy.deepcopy(net) if ema else net
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    lossf = torch.nn.CrossEntropyLoss(ignore_index=-100)
    dev = read_conll(dev_path) if dev_path else None
    t0 = time.time()
    dev_f1: list[float] = []
    single_arr = np.array(sorted(single)) if single else np.zeros(0, dtype=np.int64)
    single_stem_arr = np.array(sorted(single_stem)) if single_stem else np.zeros(0, dtype=np.int64)
    order = list(range(len(sents)))
    for ep in range(epochs):
        net.train()
        random.shuffle(order)
        # bucket by length for less padding
        chunks_ = [order[i:i + batch_size * 20] for i in range(0, len(order), batch_size * 20)]
        tot = 0.0
        for ch_ in chunks_:
            ch_ = sorted(ch_, key=lambda i: len(sents[i]))
            for b in range(0, len(ch_), batch_size):
                idx = ch_[b:b + batch_size]
                ids, gz, chs, lens = feat.batch([sents[i] for i in idx])
                # word dropout for training singletons
                drop = np.random.rand(*ids.shape[:2]) < 0.5
                ids[..., 0] = np.where(drop & np.isin(ids[..., 0], single_arr), 1, ids[..., 0])
                ids[..., 1] = np.where(drop & np.isin(ids[..., 1], single_stem_arr), 1, ids[..., 1])
                y = np.full(ids.shape[:2], -100, dtype=np.int64)
                for j, i in enumerate(idx):
                    y[j, :len(y_all[i])] = y_all[i]
                logits = net(torch.from_numpy(ids), torch.from_numpy(gz), torch.from_numpy(chs),
                             torch.from_numpy(lens))
                yt = torch.from_numpy(y)
                if crf:
                    loss = _crf_nll(logits, net.trans, yt, yt >= 0)
                else:
                    loss = lossf(logits.reshape(-1, len(LABELS)), yt.reshape(-1))
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                opt.step()
                if ema:
                    with torch.no_grad():
                        for pa, pn in zip(avg.parameters(), net.parameters()):
                            pa.mul_(ema).add_(pn.detach(), alpha=1.0 - ema)
                tot += float(loss.detach()) * len(idx)
        msg = f"epoch {ep + 1}: loss {tot / len(sents):.4f} ({time.time() - t0:.0f} s)"
        if dev is not None:
            _export(avg, vocab, Path(model_out), {})
            tg = NeuralTagger(Path(model_out), words, gaz, mined)
            pred = tg.tag_sentences([w for w, _ in dev])
            r = score([g for _, g in dev], pred)
            dev_f1.append(r["f1"])
            msg += f" dev F1 {r['f1']} (P {r['precision']} R {r['recall']})"
        log(msg)
    info = {"epochs": epochs, "seed": seed, "hidden": hidden, "ema": ema, "crf": crf, "arch": arch, "train": [str(Path(p).name) for p in train_paths],
            "sentences": len(sents), "tokens": sum(len(s) for s in sents)}
    if pre is not None:
        info["pretrain"] = {k: pre[k] for k in ("sentences", "tokens", "loss")}
    _export(avg, vocab, Path(model_out), info)
    return {**info, "seconds": round(time.time() - t0, 1), "dev": dev_f1, "model": str(model_out)}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m rasd.ner.neural train FILE... --out M.npz [--dev DEV] [--epochs N]``."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m rasd.ner.neural")
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("train_paths", nargs="+")
    t.add_argument("--out", required=True)
    t.add_argument("--words", default=None)
    t.add_argument("--dev", default=None)
    t.add_argument("--epochs", type=int, default=12)
    t.add_argument("--seed", type=int, default=13)
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--vectors", default=None)
    t.add_argument("--hidden", type=int, default=_HIDDEN)
    t.add_argument("--ema", type=float, default=0.998)
    t.add_argument("--crf", action="store_true")
    t.add_argument("--arch", choices=["bilstm", "cnn"], default="bilstm")
    t.add_argument("--pretrain-corpus", nargs="*", default=None,
                   help="JSON Lines news files: pretrain the encoder as language models first")
    t.add_argument("--pretrain-exclude", nargs="*", default=[],
                   help="JSON Lines files whose records are left out of the pretraining text")
    t.add_argument("--pretrain-tokens", type=int, default=None)
    t.add_argument("--pretrain-epochs", type=int, default=1)
    args = ap.parse_args(argv)
    pre = None
    if args.pretrain_corpus:
        pre = corpus_sentences(args.pretrain_corpus, exclude=args.pretrain_exclude,
                               max_total=args.pretrain_tokens)
    res = train(args.train_paths, args.out, words_path=args.words, dev_path=args.dev,
                epochs=args.epochs, seed=args.seed, threads=args.threads,
                vectors_path=args.vectors, hidden=args.hidden, ema=args.ema, crf=args.crf, arch=args.arch,
                pretrain=pre, pretrain_epochs=args.pretrain_epochs,
                log=lambda m: print(m, flush=True))
    print(json.dumps(res))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
