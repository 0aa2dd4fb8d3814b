"""A CRF named-entity tagger for Arabic news (PER, ORG, LOC, MISC), fast on one CPU core.

The model is a linear-chain CRF (CRFsuite, L-BFGS with elastic-net regularisation) over
hand-built features:

* lexical: the token's match key (:func:`rasd.normalize.key`), prefixes 1-3 and suffixes 1-4,
  the stem after proclitic stripping (و ف ب ل ك + ال, :func:`strip_proclitics`), the proclitic
  itself, shape (digits, Latin, punctuation, length bucket);
* distributional (from the word table shipped in ``models/ner-words.tsv``, built by
  :func:`build_word_table` from unlabeled news text): k-means clusters of SVD-reduced
  left/right co-occurrence vectors at three granularities, a corpus-frequency bucket, whether
  the word is ever seen with the article ال (names seldom are), and trigger-context scores
  (how often the word follows person titles, organisation heads or place words in the
  unlabeled text);
* context: keys, stems, stem affixes (2-3 letters), proclitics and clusters of the tokens at
  -2..+2, and key bigrams around the token;
* optional (off in the shipped model, see the model card): jackknifed corpus-label rates
  (:class:`PseudoTable`), i.e. how often a base tagger labelled the key/stem as each type in
  the unlabeled news.

After tagging, :func:`document_consistency` tags untagged repeats of names found elsewhere in
the same document (used by :meth:`CrfTagger.predict_spans`).

The tagger emits BIO tags over rasd's types ``PER``, ``ORG``, ``LOC``, ``MISC`` (ANERcorp's
``PERS`` is mapped to ``PER``; rasd's GPE is decided later by the knowledge base).

Public API: :class:`CrfTagger` (``load``, ``tag_tokens``, ``tag_sentences``,
``predict_spans``), :func:`train`, :func:`evaluate_conll`, :func:`build_word_table`.
Training and scores: ``rasd/ner/models/MODEL_CARD.md``.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rasd.normalize import key as norm_key
from rasd.ner.conll import chunks, read_conll, read_conll_multi, score, score_multi
from rasd.ner.precomputed import _prefixes, corpus_records

if TYPE_CHECKING:  # pragma: no cover
    from rasd.doc import Token

MODEL_DIR = Path(__file__).resolve().parent / "models"
#: leaf Brown clusters of the shipped word table's ``brown`` column (model card)
BROWN_CLUSTERS = 0
DEFAULT_MODEL = MODEL_DIR / "ner-crf.crfsuite"
DEFAULT_WORDS = MODEL_DIR / "ner-words.tsv"
DEFAULT_GAZ = MODEL_DIR / "ner-gazetteer.tsv"

# Proclitic sequences on the *key* (alef forms already folded), longest first.
_PROCLITICS = ("وبال", "وكال", "ولل", "وال", "فال", "بال", "كال", "لل", "ال", "وب", "ول", "وك",
               "فب", "فل", "و", "ف", "ب", "ل", "ك")
_PROCLITIC_FIRST = frozenset(p[0] for p in _PROCLITICS)
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_ARABIC_RE = re.compile(r"[\u0621-\u064a]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_DIGIT_RE = re.compile(r"\d")

# Trigger words (keys) whose right neighbours are mined from unlabeled text as name evidence.
_PER_TRIGGERS = frozenset(norm_key(w) for w in (
    "الرئيس", "رئيس", "الوزير", "وزير", "السيد", "السيدة", "الشيخ", "الأمير", "الملك", "الدكتور",
    "د", "النائب", "العقيد", "اللواء", "العميد", "الجنرال", "المستشار", "الزعيم", "المتحدث",
    "الناطق", "نظيره", "الأمين", "المبعوث", "السفير", "رئيسة", "الرئيسة", "الملكة", "الامام",
    "المرشد", "القاضي", "المدرب", "اللاعب", "الفنان", "الكاتب", "الصحفي", "زميله", "الشاعر",
    "قال", "وقال", "أكد", "وأكد", "أضاف", "وأضاف", "أعلن", "وأعلن", "صرح", "وصرح", "بن", "ابن",
))
_ORG_TRIGGERS = frozenset(norm_key(w) for w in (
    "شركة", "الشركة", "وزارة", "وكالة", "منظمة", "حركة", "حزب", "جماعة", "جمعية", "مجلس",
    "هيئة", "مؤسسة", "جامعة", "بنك", "مصرف", "صحيفة", "قناة", "اتحاد", "نادي", "فريق", "لجنة",
    "تنظيم", "جبهة", "مركز", "معهد", "محكمة", "برلمان", "مجموعة", "تحالف", "ائتلاف", "منتخب",
))
_LOC_TRIGGERS = frozenset(norm_key(w) for w in (
    "في", "مدينة", "محافظة", "ولاية", "منطقة", "إقليم", "جزيرة", "عاصمة", "بلدة", "قرية",
    "نهر", "بحر", "جبل", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "إلى",
    "من", "حي", "مخيم", "العاصمة", "المدينة", "دولة", "بلاد", "جمهورية", "مملكة",
))


def strip_proclitics(k: str) -> tuple[str, str]:
    """Split a token key into ``(proclitic, stem)``.

    The longest proclitic sequence from :data:`_PROCLITICS` is removed when at least two
    letters remain (three after a bare one-letter clitic, to spare short words such as
    ``بن``).  Purely orthographic: ``"والرئيس"`` -> ``("وال", "رئيس")``; ``"بوش"`` is left whole
    only if the rest would be too short (``"ب", "وش"`` is allowed: the CRF weighs the
    evidence, this is a feature, not an analysis).
    """
    if not k or k[0] not in _PROCLITIC_FIRST:
        return "", k
    for p in _PROCLITICS:
        if k.startswith(p):
            rest = k[len(p):]
            if len(rest) >= (3 if len(p) == 1 else 2):
                return p, rest
    return "", k


def _shape(w: str) -> str:
    if _DIGIT_RE.search(w):
        return "num" if w.replace(".", "").replace(",", "").isdigit() else "hasdig"
    if _LATIN_RE.search(w):
        return "latin"
    if _ARABIC_RE.search(w):
        return "ar"
    return "punct"


class WordTable:
    """Distributional word features from unlabeled text (``ner-words.tsv``).

    Columns: key, cluster ids at three granularities, frequency bucket, al-rate bucket,
    PER/ORG/LOC trigger buckets.  Loaded once per path and cached.
    """

    def __init__(self, path: Path | None):
        self.rows: dict[str, tuple[str, ...]] = {}
        if path is not None and Path(path).exists():
            with open(path, encoding="utf-8") as fh:
                header = fh.readline()
                if not header.startswith("#"):
                    fh.seek(0)
                # the columns are categorical (a few thousand distinct values in all): one
                # string object per value instead of one per cell (about 14 MB less)
                values: dict[str, str] = {}
                for line in fh:
                    parts = line.rstrip("\n").split("\t")
                    self.rows[parts[0]] = tuple([values.setdefault(v, v) for v in parts[1:]])

    def get(self, k: str) -> tuple[str, ...] | None:
        """The row for key ``k`` or None."""
        return self.rows.get(k)


class FeatureExtractor:
    """Turns a sentence (list of raw token strings) into CRFsuite feature lists.

    Per-word features are cached (LRU, 200k words) so running text costs a dict look-up
    per token plus the context features.
    """

    #: add prefixes/suffixes (2-3 letters) of the stems of the +-1 neighbours
    nb_affix = True
    #: Brown path prefixes (feature name, bits) of the word itself and of its neighbours,
    #: used when the word table has a ``brown`` column (Ratinov and Roth 2009: 4, 6, 10, 20)
    brown_own: tuple[tuple[str, int], ...] = (("b4", 4), ("b6", 6), ("b10", 10), ("b20", 20))
    brown_ctx: tuple[tuple[str, int], ...] = (("b6", 6), ("b10", 10))

    def __init__(self, words: WordTable, pseudo: PseudoTable | None = None,
                 gazetteer: dict[str, tuple[str, ...]] | None = None,
                 mined: dict[str, tuple[str, str, str, str]] | None = None):
        self.words = words
        self.pseudo = pseudo
        self.gaz = gazetteer
        self.mined = mined
        self._word_cache: dict[str, tuple[list[str], list[str], str, str]] = {}
        self._ctx_cache: dict[str, tuple[list[str], ...]] = {}
        self._ks_cache: dict[str, tuple[str, str]] = {}

    def word_feats(self, w: str) -> tuple[list[str], list[str], str, str]:
        """``(own, ctx, key, stem)`` for one raw token, cached.

        ``own`` are the features of the word itself; ``ctx`` the short set (key, stem,
        clusters) used when the word is a neighbour, without the offset prefix
        (:meth:`ctx_feats` adds it).
        """
        hit = self._word_cache.get(w)
        if hit is not None:
            return hit
        res = self.compute_word_feats(w)
        if len(self._word_cache) > 200_000:
            self._word_cache.clear()
        self._word_cache[w] = res
        return res

    def key_stem(self, w: str) -> tuple[str, str]:
        """``(key, stem)`` of a raw token (:func:`rasd.normalize.key`, then
        :func:`strip_proclitics`), cached (60k words)."""
        hit = self._ks_cache.get(w)
        if hit is None:
            k = norm_key(w) or w
            hit = (k, strip_proclitics(k)[1])
            if len(self._ks_cache) > 60_000:
                self._ks_cache.clear()
            self._ks_cache[w] = hit
        return hit

    def compute_word_feats(self, w: str) -> tuple[list[str], list[str], str, str]:
        """:meth:`word_feats` without the cache."""
        k = norm_key(w) or w
        proc, stem = strip_proclitics(k)
        shape = _shape(w)
        own = ["b", f"w={k}", f"sh={shape}", f"len={min(len(k), 8)}"]
        if shape == "ar":
            own += [f"p1={k[:1]}", f"p2={k[:2]}", f"p3={k[:3]}",
                    f"s1={k[-1:]}", f"s2={k[-2:]}", f"s3={k[-3:]}", f"s4={k[-4:]}",
                    f"st={stem}", f"pc={proc}", f"sts2={stem[-2:]}", f"stp2={stem[:2]}"]
        elif shape == "latin":
            own.append("cap" if w[:1].isupper() else "lower")
        ctx = [f"w={k}", f"st={stem}"]
        if self.nb_affix and shape == "ar":
            ctx += [f"sp2={stem[:2]}", f"ss2={stem[-2:]}", f"ss3={stem[-3:]}", f"pc={proc}"]
        if self.gaz:
            g = self.gaz.get(k, ())
            gs = self.gaz.get(stem, ()) if stem != k else ()
            own += [f"gz={c}" for c in g] + [f"gzs={c}" for c in gs]
            ctx += [f"gz={c}" for c in set(g) | set(gs)]
        row = self.words.get(k)
        src = "w"
        if row is None and stem != k:
            row = self.words.get(stem)
            src = "s"
        if row is not None:
            c1, c2, c3, fb, ab, pb, ob, lb = row[:8]
            own += [f"c1={c1}", f"c2={c2}", f"c3={c3}", f"fb={fb}", f"ab={ab}",
                    f"pt={pb}", f"ot={ob}", f"lt={lb}", f"src={src}"]
            ctx += [f"c2={c2}", f"c3={c3}"]
            if len(row) > 8 and row[8]:
                # Brown path prefixes (rasd.ner.brown), an optional ninth column
                bp = row[8]
                own += [f"{name}={bp[:n]}" for name, n in self.brown_own]
                ctx += [f"{name}={bp[:n]}" for name, n in self.brown_ctx]
        else:
            own.append("oov")
            ctx.append("oov")
        if stem != k:
            srow = self.words.get(stem)
            if srow is not None:
                own += [f"sc2={srow[1]}", f"sc3={srow[2]}", f"sab={srow[4]}", f"spt={srow[5]}"]
        if self.mined is not None:
            m = self.mined.get(k) or (self.mined.get(stem) if stem != k else None)
            if m is not None:
                own += [f"mp={m[0]}", f"ml={m[1]}", f"mo={m[2]}", f"mn={m[3]}"]
                ctx += [f"mp={m[0]}", f"mo={m[2]}"]
        own += self.extra_word_feats(k, stem)
        return (own, ctx, k, stem)

    def ctx_feats(self, w: str) -> tuple[list[str], ...]:
        """The word's neighbour attributes prefixed with each offset -2, -1, +1, +2 (in that
        order), e.g. ``"-1:w=<key>"``; cached."""
        cache = self._ctx_cache
        hit = cache.get(w)
        if hit is None:
            ctx = self.word_feats(w)[1]
            hit = tuple([f"{off}:{x}" for x in ctx] for off in (-2, -1, 1, 2))
            if len(cache) > 200_000:
                cache.clear()
            cache[w] = hit
        return hit

    def extra_word_feats(self, k: str, stem: str) -> list[str]:
        """Corpus-label features: how often the tagger labelled this key / stem as each type
        in the unlabeled corpus (:class:`PseudoTable`), bucketed."""
        if self.pseudo is None:
            return []
        out = self.pseudo.feats(k, "pk")
        if stem != k:
            out += self.pseudo.feats(stem, "ps")
        return out

    def sentence(self, words: Sequence[str], domain: str | None = None) -> list[list[str]]:
        """Features for every token of one sentence (list of lists of attribute strings).

        ``domain`` (e.g. ``"wiki"``): feature augmentation for a second training domain
        (Daume III, "Frustratingly easy domain adaptation", ACL 2007): every attribute gets a
        ``"<domain>|"``-prefixed copy, so weights shared by both domains sit on the plain
        attributes and what differs (AQMAR's wider MISC, say) on the copies.  ``None``: the
        main (news) domain, plain attributes only.
        """
        out = self._sentence(words)
        if domain:
            pre = domain + "|"
            out = [f + [pre + x for x in f] for f in out]
        return out

    def _sentence(self, words: Sequence[str]) -> list[list[str]]:
        n = len(words)
        wf = [(self.word_feats(w)[0], self.ctx_feats(w), self.word_feats(w)[2]) for w in words]
        keys = [f[2] for f in wf]
        out: list[list[str]] = []
        pad = (["-2:PAD"], ["-1:PAD"], ["1:PAD"], ["2:PAD"])
        for i in range(n):
            feats = wf[i][0] + (wf[i - 2][1][0] if i >= 2 else pad[0]) \
                + (wf[i - 1][1][1] if i >= 1 else pad[1]) \
                + (wf[i + 1][1][2] if i + 1 < n else pad[2]) \
                + (wf[i + 2][1][3] if i + 2 < n else pad[3])
            prev = keys[i - 1] if i > 0 else "<s>"
            nxt = keys[i + 1] if i + 1 < n else "</s>"
            feats.append(f"bg-={prev}|{keys[i]}")
            feats.append(f"bg+={keys[i]}|{nxt}")
            feats.append(f"tri={prev}|{nxt}")
            if i == 0:
                feats.append("BOS")
            if i == n - 1:
                feats.append("EOS")
            out.append(feats)
        return out


class PseudoTable:
    """Per-key entity-label rates of a tagger run over unlabeled news (``ner-pseudo.tsv``).

    Columns: key, occurrences, then occurrences inside a PER / ORG / LOC / MISC chunk.  Built
    by :func:`build_pseudo_table`; only keys seen at least twice and tagged at least once are
    kept.  For training, the rates of each sentence come from a tagger that did not see that
    sentence (jackknife, see :func:`train`).
    """

    TYPES = ("PER", "ORG", "LOC", "MISC")

    def __init__(self, path: Path | None = None, rows: dict[str, list[int]] | None = None):
        self.rows: dict[str, list[int]] = rows if rows is not None else {}
        if path is not None and Path(path).exists():
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("#"):
                        continue
                    parts = line.rstrip("\n").split("\t")
                    self.rows[parts[0]] = [int(x) for x in parts[1:6]]

    @staticmethod
    def merge(tables: Sequence[PseudoTable]) -> PseudoTable:
        """Sum the counts of several tables (used for the test-time table)."""
        rows: dict[str, list[int]] = {}
        for t in tables:
            for k, v in t.rows.items():
                r = rows.setdefault(k, [0, 0, 0, 0, 0])
                for i in range(5):
                    r[i] += v[i]
        return PseudoTable(rows=rows)

    def feats(self, k: str, prefix: str) -> list[str]:
        """Bucketed rates for key ``k``: e.g. ``["pkPER=3", "pkn=2"]``; ``[]`` when unknown."""
        r = self.rows.get(k)
        if r is None:
            return [f"{prefix}none"]
        tot = r[0]
        out = [f"{prefix}n={min(int(math.log2(tot)), 10)}"]
        for typ, c in zip(self.TYPES, r[1:]):
            if c:
                x = c / tot
                b = 4 if x > 0.9 else 3 if x > 0.6 else 2 if x > 0.3 else 1 if x > 0.1 else 0
                out.append(f"{prefix}{typ}={b}")
        return out


def build_pseudo_table(model: str | Path, words: str | Path, sources: Sequence[str | Path],
                       out_path: str | Path, *, exclude_prefixes: Sequence[str] = ()) -> dict:
    """Tag unlabeled news with a (base) model and count, per key and per proclitic-stripped
    stem, how often it falls inside each entity type.

    Args:
        model, words: the tagger to run (a model trained without pseudo features).
        sources: ``.jsonl`` news files (never a test set).
        out_path: TSV to write (``key, n, PER, ORG, LOC, MISC``).

    Returns:
        ``{"tokens", "keys", "seconds"}``.
    """
    t0 = time.time()
    tg = CrfTagger(Path(model), Path(words))
    counts: dict[str, list[int]] = {}
    tidx = {t: i + 1 for i, t in enumerate(PseudoTable.TYPES)}
    ntok = 0
    for toks in _iter_corpus_tokens(sources, exclude_prefixes):
        start = 0
        for i, w in enumerate(toks):
            if w in (".", "!", "?", "؟") or i == len(toks) - 1:
                sent = toks[start:i + 1]
                start = i + 1
                tags = tg.tag_tokens(sent)
                ntok += len(sent)
                for w2, t in zip(sent, tags):
                    k = tg.features.word_feats(w2)[2]
                    stem = strip_proclitics(k)[1]
                    ti = tidx.get(t[2:], 0) if t != "O" else 0
                    for kk in ((k,) if stem == k else (k, stem)):
                        r = counts.get(kk)
                        if r is None:
                            r = counts[kk] = [0, 0, 0, 0, 0]
                        r[0] += 1
                        if ti:
                            r[ti] += 1
    out = Path(out_path)
    kept = 0
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("#key\tn\tPER\tORG\tLOC\tMISC\n")
        for k, r in counts.items():
            if r[0] >= 2 and any(r[1:]):
                fh.write(k + "\t" + "\t".join(map(str, r)) + "\n")
                kept += 1
    return {"tokens": ntok, "keys": kept, "seconds": round(time.time() - t0, 1)}


def load_gazetteer(path: str | Path | None) -> dict[str, tuple[str, ...]] | None:
    """Read ``ner-gazetteer.tsv`` (key -> comma-separated classes); None when absent."""
    if path is None or not Path(path).exists():
        return None
    out: dict[str, tuple[str, ...]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            k, _, cls = line.rstrip("\n").partition("\t")
            out[k] = tuple(cls.split(","))
    return out


def build_gazetteer(kb_dir: str | Path, out_path: str | Path) -> dict:
    """Freeze name lists from rasd's knowledge base into the tagger's gazetteer file.

    Classes (per token key, also stored without proclitics/ال): ``FN`` first names and
    ``FNW`` weak first names and ``TTL`` titles (``person_cues.tsv``); from ``people.tsv``
    aliases: ``PF`` first token, ``PL`` last token; from ``orgs.tsv``/``igos.tsv``: ``O1``
    one-token alias, ``OT`` token of a longer alias; from ``countries``/``capitals``/
    ``cities``/``places``: ``L1`` one-token alias, ``LT`` token of a longer alias.  The file is
    a frozen copy so later KB edits do not shift the model's features.

    Returns:
        ``{"keys": N}``.
    """
    kb = Path(kb_dir)
    table: dict[str, set[str]] = {}

    def add(word: str, cls: str) -> None:
        k = norm_key(word)
        if not k or len(k) < 2:
            return
        table.setdefault(k, set()).add(cls)
        st = strip_proclitics(k)[1]
        if st != k:
            table.setdefault(st, set()).add(cls)

    def rows(name: str) -> Iterable[dict[str, str]]:
        f = kb / name
        if not f.exists():
            return []
        lines = f.read_text(encoding="utf-8").splitlines()
        head = lines[0].split("\t")
        return [dict(zip(head, ln.split("\t"))) for ln in lines[1:] if ln.strip()]

    kind_cls = {"first": "FN", "first_weak": "FNW", "title": "TTL"}
    for r in rows("person_cues.tsv"):
        c = kind_cls.get(r.get("kind", ""))
        if c:
            add(r["cue"], c)
    for r in rows("people.tsv"):
        for a in (r.get("aliases_ar") or "").split("|"):
            toks = a.split()
            if toks and not a.startswith("~"):
                add(toks[0], "PF")
                add(toks[-1], "PL")
    for name, one, many in (("orgs.tsv", "O1", "OT"), ("igos.tsv", "O1", "OT"),
                            ("countries.tsv", "L1", "LT"), ("capitals.tsv", "L1", "LT"),
                            ("cities.tsv", "L1", "LT"), ("places.tsv", "L1", "LT")):
        for r in rows(name):
            for a in (r.get("aliases_ar") or "").split("|"):
                if a.startswith("~"):  # a weak alias (a common word too): no gazetteer class
                    continue
                toks = a.split()
                if len(toks) == 1:
                    add(toks[0], one)
                else:
                    for t in toks:
                        add(t, many)
    out = Path(out_path)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("#key\tclasses\n")
        for k in sorted(table):
            fh.write(f"{k}\t{','.join(sorted(table[k]))}\n")
    return {"keys": len(table)}


@lru_cache(maxsize=8)
def _load_mined(folder: Path) -> dict | None:
    """The mined-name table (``ner-mined.tsv``, :mod:`rasd.ner.mine`) in ``folder``, or None."""
    from rasd.ner.mine import load_mined

    return load_mined(Path(folder) / "ner-mined.tsv")


def _load_words(path: str) -> WordTable:
    return WordTable(Path(path))


def _sha1(path: str | Path) -> str:
    import hashlib

    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


class CrfArrays:
    """A CRFsuite model's weights as NumPy arrays, for batched marginals without CRFsuite.

    CRFsuite scores a label sequence ``y`` of a sentence as ``sum_t sum_a w[a, y_t] +
    sum_t trans[y_{t-1}, y_t]`` over the attributes ``a`` of each token (binary attributes;
    no start/end transitions).  This class holds ``w`` for the attributes the model kept
    (L1 prunes the rest), the transition matrix and the label order, and computes per-token
    marginal probabilities by the forward-backward algorithm over many sentences at once.

    Built from a ``.crfsuite`` file with :meth:`from_crfsuite` (about 1-2 s: CRFsuite dumps
    the model as text) and cached as ``<model>.npz`` next to it (:meth:`save`, :meth:`load`,
    about 0.1 s to load).
    """

    def __init__(self, attrs: list[str], weights, trans, labels: list[str], source: str = ""):
        import numpy as np

        #: SHA-1 of the ``.crfsuite`` file these weights came from ("" if unknown)
        self.source = source
        self.index = {a: i for i, a in enumerate(attrs)}
        n = len(attrs)
        # one extra zero row for attributes the model does not know
        self.W = np.vstack([np.asarray(weights, dtype=np.float32),
                            np.zeros((1, len(labels)), dtype=np.float32)])
        self.unknown = n
        self.trans = np.asarray(trans, dtype=np.float32)
        self.labels = list(labels)
        self.attrs = attrs

    @classmethod
    def from_crfsuite(cls, model_path: str | Path) -> CrfArrays:
        """Read the weights of a CRFsuite model (``pycrfsuite.Tagger.info``)."""
        import numpy as np
        import pycrfsuite

        tg = pycrfsuite.Tagger()
        tg.open(str(model_path))
        info = tg.info()
        labels = sorted(info.labels, key=lambda x: int(info.labels[x]))
        li = {lab: i for i, lab in enumerate(labels)}
        attrs = sorted({a for a, _ in info.state_features})
        ai = {a: i for i, a in enumerate(attrs)}
        W = np.zeros((len(attrs), len(labels)), dtype=np.float32)
        for (a, lab), v in info.state_features.items():
            W[ai[a], li[lab]] = v
        T = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (a, b), v in info.transitions.items():
            T[li[a], li[b]] = v
        tg.close()
        return cls(attrs, W, T, labels, _sha1(model_path))

    def save(self, path: str | Path) -> None:
        """Write the arrays as ``.npz`` (attribute strings joined by newlines)."""
        import numpy as np

        with open(path, "wb") as fh:
            np.savez_compressed(fh, attrs=np.array("\n".join(self.attrs)), W=self.W[:-1],
                                trans=self.trans, labels=np.array("\n".join(self.labels)),
                                source=np.array(self.source))

    @classmethod
    def load(cls, path: str | Path) -> CrfArrays:
        """Read arrays written by :meth:`save`."""
        import numpy as np

        z = np.load(path, allow_pickle=False)
        return cls(str(z["attrs"]).split("\n"), z["W"], z["trans"], str(z["labels"]).split("\n"),
                   str(z["source"]) if "source" in z.files else "")

    def emissions(self, feats: Sequence[Sequence[str]]):
        """State scores ``(n_tokens, n_labels)`` of one sentence's attribute lists."""
        import numpy as np

        get = self.index.get
        unk = self.unknown
        ids = [get(a, unk) for f in feats for a in f]
        starts = np.cumsum([0] + [len(f) for f in feats[:-1]])
        return np.add.reduceat(self.W[ids], starts, axis=0)

    def marginals(self, emis: Sequence) -> list:
        """Per-token label marginals for many sentences (:func:`forward_backward` with this
        model's transitions)."""
        return forward_backward(emis, self.trans)


def forward_backward(emis: Sequence, trans) -> list:
    """Per-token label marginals of a linear-chain CRF for many sentences (scaled
    forward-backward, batched over the sentences; no start/end transitions, as CRFsuite).

    Args:
        emis: one ``(n_tokens, n_labels)`` array of state scores per sentence.
        trans: ``(n_labels, n_labels)`` transition scores, ``trans[from, to]``.

    Returns:
        one ``(n_tokens, n_labels)`` float32 array of probabilities per sentence (rows sum
        to 1).
    """
    import numpy as np

    from rasd.ner import kernels

    if kernels.AVAILABLE and len(emis):
        flat, starts, lens = kernels.join_rows(emis, np.asarray(trans).shape[0])
        p = kernels.crf_marginals(flat, starts, lens, np.asarray(trans, dtype=np.float64))
        return kernels.split_rows(p, lens)
    return _forward_backward_numpy(emis, trans)


def _forward_backward_numpy(emis: Sequence, trans) -> list:
    """:func:`forward_backward` in NumPy (batched over sentences, one pass per position):
    the fallback where the compiled kernels are unavailable, and their reference in tests."""
    import numpy as np

    n_lab = np.asarray(trans).shape[0]
    out: list = [None] * len(emis)
    live = [i for i, e in enumerate(emis) if len(e)]
    for i, e in enumerate(emis):
        if not len(e):
            out[i] = np.zeros((0, n_lab), dtype=np.float32)
    if not live:
        return out
    L = n_lab
    B = len(live)
    T = max(len(emis[i]) for i in live)
    lens = np.array([len(emis[i]) for i in live])
    E = np.zeros((B, T, L), dtype=np.float64)
    for b, i in enumerate(live):
        E[b, :lens[b]] = emis[i]
    E = np.exp(E - E.max(axis=2, keepdims=True))
    M = np.exp(np.asarray(trans, dtype=np.float64))
    rows = np.arange(B)[:, None]
    t_idx = np.arange(T)[None, :]
    rev = np.where(t_idx < lens[:, None], lens[:, None] - 1 - t_idx, t_idx)
    Er = E[rows, rev]
    alpha = np.empty((B, T, L))
    beta_r = np.empty((B, T, L))
    a = E[:, 0]
    a = a / a.sum(1, keepdims=True)
    alpha[:, 0] = a
    # backward on the reversed sentences: beta_r[:, k] is beta at position len-1-k
    bt = np.ones((B, L)) / L
    beta_r[:, 0] = bt
    for t in range(1, T):
        a = (a @ M) * E[:, t]
        a /= a.sum(1, keepdims=True)
        alpha[:, t] = a
        bt = (bt * Er[:, t - 1]) @ M.T
        bt /= bt.sum(1, keepdims=True)
        beta_r[:, t] = bt
    beta = beta_r[rows, rev]
    p = alpha * beta
    p /= p.sum(2, keepdims=True)
    for b, i in enumerate(live):
        out[i] = p[b, :lens[b]].astype(np.float32)
    return out


class _RowIndex(dict):
    """Attribute -> weight row; an unknown attribute gives the zero row (no insertion)."""

    def __init__(self, unknown: int):
        super().__init__()
        self.unknown = unknown

    def __missing__(self, key: str) -> int:
        return self.unknown


class CrfTagger:
    """A loaded CRF tagger.

    Use :meth:`load` (cached per process and path); the model file is opened lazily by
    CRFsuite (memory-mapped), so loading is fast and light.
    """

    _cache: dict[str, CrfTagger] = {}
    #: per-word partial scores kept for words outside the precomputed table (:attr:`table`,
    #: read directly): 180 bytes each
    cache_words = 60_000

    def __init__(self, model_path: Path, words_path: Path, pseudo_path: Path | None = None):
        self.model_path = Path(model_path)
        self.words_path = Path(words_path)
        with open(self.model_path, "rb") as fh:
            head = fh.read(8)
        # CRFsuite model files start with the magic "lCRF" and their size (little-endian)
        if head[:4] != b"lCRF" or int.from_bytes(head[4:8], "little") != self.model_path.stat().st_size:
            raise ValueError(f"Invalid model file {str(self.model_path)!r} (not a CRFsuite model)")
        self._em_cache = None  # RowCache of per-word partial scores, made on first use
        #: precomputed partial scores of the news vocabulary (set by :meth:`load`)
        self.table = None
        self._tagger_ = None  # CRFsuite, opened on first use (tag_tokens, marginals)
        pseudo = PseudoTable(Path(pseudo_path)) if pseudo_path is not None and Path(pseudo_path).exists() else None
        self.features = FeatureExtractor(_load_words(str(self.words_path)), pseudo,
                                         load_gazetteer(self.words_path.parent / "ner-gazetteer.tsv"),
                                         _load_mined(self.words_path.parent))

    @classmethod
    def load(cls, path: str | Path | None = None, words: str | Path | None = None,
             pseudo: str | Path | None = None) -> CrfTagger:
        """Load (once per process) the model at ``path``, default the shipped model.

        Args:
            path: a ``.crfsuite`` file; default :data:`DEFAULT_MODEL`.
            words: the word table; default: ``ner-words.tsv`` next to the model, else
                :data:`DEFAULT_WORDS`.
            pseudo: the corpus-label table; default ``ner-pseudo.tsv`` next to the model
                (none if absent: a model trained without it).

        Raises:
            FileNotFoundError: the model file does not exist.
            ValueError: the file is not a CRFsuite model (checked by its header; the model
                itself is opened lazily).
        """
        p = Path(path) if path is not None else DEFAULT_MODEL
        if not p.exists():
            raise FileNotFoundError(f"NER model not found: {p}")
        if words is None:
            cand = p.parent / "ner-words.tsv"
            words = cand if cand.exists() else DEFAULT_WORDS
        if pseudo is None:
            cand = p.parent / "ner-pseudo.tsv"
            pseudo = cand if cand.exists() else None
        ck = f"{p.resolve()}|{Path(words).resolve()}|{pseudo}"
        t = cls._cache.get(ck)
        if t is None:
            t = cls(p, Path(words), Path(pseudo) if pseudo is not None else None)
            if Path(words).resolve().parent == p.resolve().parent:
                from rasd.ner.precomputed import WordFeatureTable

                t.table = WordFeatureTable.for_models(p.parent)
            cls._cache[ck] = t
        return t

    def prepare(self) -> None:
        """Read the weights and build the per-attribute look-up tables now (about 0.1 s, once
        per process), not on the first word missing from the precomputed table."""
        self._ctx_tables  # noqa: B018 (a cached property: building it is the point)

    def tag_tokens(self, words: list[str], domain: str | None = None) -> list[str]:
        """BIO tags (``B-PER``, ``I-ORG``, ``O`` ...) for one sentence of raw token strings.

        ``domain``: a second training domain's name (model card), for scoring on that
        domain's test set; ``None`` (news) in the pipeline.
        """
        if not words:
            return []
        return list(self._tagger.tag(self.features.sentence(words, domain)))

    @property
    def _tagger(self):
        """The CRFsuite tagger over the model file (opened once; the pipeline's path uses
        :attr:`arrays` instead and never opens it)."""
        if self._tagger_ is None:
            import pycrfsuite

            tg = pycrfsuite.Tagger()
            tg.open(str(self.model_path))
            self._tagger_ = tg
        return self._tagger_

    @property
    def arrays(self) -> CrfArrays:
        """The model's weights as :class:`CrfArrays` (from ``<model>.npz`` when present and
        made from this very ``.crfsuite`` file, by SHA-1; else read from the ``.crfsuite``
        file, 1-3 s), loaded once."""
        arr = getattr(self, "_arrays", None)
        if arr is None:
            npz = self.model_path.with_suffix(".npz")
            arr = CrfArrays.load(npz) if npz.exists() else None
            if arr is None or arr.source != _sha1(self.model_path):
                arr = CrfArrays.from_crfsuite(self.model_path)
            self._arrays = arr
        return arr

    def _emissions(self, words: Sequence[str]):
        """State scores ``(n, n_labels)`` of one news-domain sentence, equal to
        ``arrays.emissions(features.sentence(words))`` but summed from per-word partial
        scores (a word's own attributes, and its attributes as each neighbour offset), which
        are cached, so a token costs three dictionary look-ups (its key bigrams) and a few
        vector additions."""
        return self._emissions_many([words])[0]

    def _emissions_many(self, sents: Sequence[Sequence[str]]) -> list:
        """:meth:`_emissions` for many non-empty sentences at once (see
        :meth:`_emissions_flat`): one ``(len(sentence), n_labels)`` array per sentence."""
        from rasd.ner.kernels import split_rows

        return split_rows(self._emissions_flat(sents), [len(s) for s in sents])

    def _emissions_flat(self, sents: Sequence[Sequence[str]]):
        """State scores of many non-empty sentences as one flat ``(n_tokens, n_labels)``
        array (sentences one after another): the partial scores of all new words in one
        gather, the neighbour sums over the flat token array (a neighbour outside the
        token's sentence contributes the padding attribute instead)."""
        import numpy as np

        arr = self.arrays
        W = arr.W
        get = arr.index.get
        unk = arr.unknown
        fx = self.features
        if self._em_cache is None:
            from rasd.ner.rowcache import RowCache

            self._em_cache = RowCache((5, W.shape[1]), self.cache_words)
        cache = self._em_cache
        flat = [w for s in sents for w in s]
        n = len(flat)
        tab = self.table
        if tab is None or tab.crf is None:
            EC = cache.array[cache.rows(flat, self._compute_partials)]
        else:
            # (n, 5, L): own, then as neighbour at -2, -1, +1, +2; the table's words are
            # read from it directly, the others' computed once into the cache
            found, trows, missing = tab.split(flat)
            EC = np.empty((n, 5, W.shape[1]), dtype=W.dtype)
            if found:
                EC[found] = tab.crf[trows]
            if missing:
                EC[missing] = cache.array[cache.rows([flat[i] for i in missing],
                                                     self._compute_partials)]
        E = EC[:, 0].copy()
        ks = fx.key_stem
        keys = [ks(w)[0] for w in flat]
        lens = [len(s) for s in sents]
        sid = np.repeat(np.arange(len(sents)), lens)
        pos = np.arange(n)
        pad = self._pad_em
        for j, off in enumerate((-2, -1, 1, 2)):
            src = np.clip(pos + off, 0, n - 1)
            ok = (pos + off >= 0) & (pos + off < n) & (sid[src] == sid)
            E += np.where(ok[:, None], EC[src, j + 1], pad[j])
        first_i = np.cumsum([0] + lens[:-1])
        last_i = np.cumsum(lens) - 1
        first = np.zeros(n, dtype=bool)
        first[first_i] = True
        last = np.zeros(n, dtype=bool)
        last[last_i] = True
        prevs = ["<s>", *keys[:-1]]
        nexts = [*keys[1:], "</s>"]
        for i in first_i.tolist():
            prevs[i] = "<s>"
        for i in last_i.tolist():
            nexts[i] = "</s>"
        bg = [get(a, unk) for p, k, x in zip(prevs, keys, nexts)
              for a in (f"bg-={p}|{k}", f"bg+={k}|{x}", f"tri={p}|{x}")]
        E += W[bg].reshape(n, 3, -1).sum(1)
        E[first] += W[get("BOS", unk)]
        E[last] += W[get("EOS", unk)]
        return E

    def _compute_partials(self, words: list[str]):
        """Per-word partial state scores ``(len(words), 5, n_labels)``: the sum of the
        weights of the word's own attributes, then of its neighbour attributes at offsets
        -2, -1, +1, +2 (one look-up per neighbour attribute: its four offset weights are
        stacked in one row of :attr:`_ctx_tables`).  :meth:`_emissions_flat` reads the words
        of the precomputed table (:attr:`table`) from it and calls this for the others."""
        import numpy as np

        W = self.arrays.W
        own_ix, ctx_ix, Wctx = self._ctx_tables
        own_get = own_ix.__getitem__
        ctx_get = ctx_ix.__getitem__
        compute = self.features.compute_word_feats
        ids: list[int] = []
        starts: list[int] = []
        cids: list[int] = []
        cstarts: list[int] = []
        for w in words:
            o, ctx, _, _ = compute(w)
            starts.append(len(ids))
            ids.extend(map(own_get, o))  # never empty: "b" is always there
            cstarts.append(len(cids))
            cids.extend(map(ctx_get, ctx))  # never empty: "w=" is always there
        n, L = len(words), W.shape[1]
        out = np.empty((n, 5, L), dtype=W.dtype)
        out[:, 0] = np.add.reduceat(W[ids], starts, axis=0)
        out[:, 1:] = np.add.reduceat(Wctx[cids], cstarts, axis=0)
        return out

    @property
    def _ctx_tables(self) -> tuple:
        """``(own_index, ctx_index, Wctx)``, built once from the model's attribute index:
        ``own_index`` maps every attribute to its weight row; ``ctx_index`` maps a neighbour
        attribute without its offset prefix (``"w=<key>"``) to a row of ``Wctx``
        ``(n, 4, n_labels)``, which holds the weights of ``"-2:"``, ``"-1:"``, ``"1:"``,
        ``"2:"`` + that attribute (zero where the model has none).  Missing attributes map to
        zero rows (``d[a]`` never raises)."""
        import numpy as np

        t = getattr(self, "_ctx_tables_", None)
        if t is None:
            arr = self.arrays
            pre = {"-2": 0, "-1": 1, "1": 2, "2": 3}
            own = _RowIndex(arr.unknown)
            own.update(arr.index)
            ctx = _RowIndex(0)
            cells: list[tuple[int, int, int]] = []
            for a, i in arr.index.items():
                head, sep, rest = a.partition(":")
                if sep and head in pre:
                    r = ctx.get(rest)
                    if r is None:
                        r = ctx[rest] = len(ctx) + 1
                    cells.append((r, pre[head], i))
            Wctx = np.zeros((len(ctx) + 1, 4, arr.W.shape[1]), dtype=arr.W.dtype)
            if cells:
                rr, oo, ii = (np.array(x) for x in zip(*cells))
                Wctx[rr, oo] = arr.W[ii]
            t = self._ctx_tables_ = (own, ctx, Wctx)
        return t

    @property
    def _pad_em(self):
        pe = getattr(self, "_pad_em_", None)
        if pe is None:
            arr = self.arrays
            pe = self._pad_em_ = [arr.W[arr.index.get(f"{o}:PAD", arr.unknown)] for o in (-2, -1, 1, 2)]
        return pe

    def marginals_batch(self, sents: Sequence[Sequence[str]], labels: Sequence[str],
                        domain: str | None = None) -> list:
        """Per-token marginal label probabilities for many sentences (NumPy, batched).

        Args:
            sents: sentences of raw token strings.
            labels: the column order of the result; a label the model never saw gets 0.
            domain: as in :meth:`tag_tokens`.

        Returns:
            one NumPy ``(len(sentence), len(labels))`` float32 array per sentence.
        """
        import numpy as np

        arr = self.arrays
        if domain is None:
            live = [s for s in sents if s]
            many = iter(self._emissions_many(live) if live else [])
            em = [next(many) if s else np.zeros((0, len(arr.labels)), dtype=np.float32)
                  for s in sents]
        else:
            em = [arr.emissions(self.features.sentence(s, domain)) if s else
                  np.zeros((0, len(arr.labels)), dtype=np.float32) for s in sents]
        marg = arr.marginals(em)
        li = {lab: i for i, lab in enumerate(arr.labels)}
        cols = [li.get(lab, -1) for lab in labels]
        out = []
        for m in marg:
            r = np.zeros((m.shape[0], len(labels)), dtype=np.float32)
            for j, c in enumerate(cols):
                if c >= 0:
                    r[:, j] = m[:, c]
            out.append(r)
        return out

    def marginals_flat(self, sents: Sequence[Sequence[str]], labels: Sequence[str]):
        """News-domain per-token marginals of many sentences as one flat array.

        Args:
            sents: sentences of raw token strings (empty ones contribute no rows).
            labels: the column order of the result; a label the model never saw gets 0.

        Returns:
            ``(n_tokens, len(labels))`` float32 probabilities, the sentences' tokens one
            after another (as :meth:`marginals_batch`, concatenated).
        """
        import numpy as np

        from rasd.ner import kernels

        arr = self.arrays
        live = [s for s in sents if s]
        if not live:
            return np.zeros((0, len(labels)), dtype=np.float32)
        if not kernels.AVAILABLE:
            return np.concatenate(self.marginals_batch(live, labels))
        E = self._emissions_flat(live)
        lens = np.array([len(s) for s in live], dtype=np.int64)
        m = kernels.crf_marginals(E, kernels.flat_starts(lens), lens, arr.trans)
        li = {lab: i for i, lab in enumerate(arr.labels)}
        cols = [li.get(lab, -1) for lab in labels]
        r = np.zeros((m.shape[0], len(labels)), dtype=np.float32)
        for j, c in enumerate(cols):
            if c >= 0:
                r[:, j] = m[:, c]
        return r

    def marginals(self, words: Sequence[str], labels: Sequence[str],
                  domain: str | None = None) -> list[list[float]]:
        """Per-token marginal label probabilities for one sentence, computed by CRFsuite.

        Args:
            words: raw token strings.
            labels: the label order of the result's columns (e.g. ``"O"``, ``"B-PER"`` ...);
                a label the model never saw gets 0.
            domain: as in :meth:`tag_tokens`.

        Returns:
            ``len(words)`` rows of ``len(labels)`` probabilities (forward-backward).
            :meth:`marginals_batch` gives the same numbers, faster, for many sentences.
        """
        if not words:
            return []
        tg = self._tagger
        tg.set(self.features.sentence(words, domain))
        known = set(tg.labels())
        n = len(words)
        cols = [[tg.marginal(lab, i) for i in range(n)] if lab in known else [0.0] * n
                for lab in labels]
        return [[c[i] for c in cols] for i in range(n)]

    def tag_sentences(self, sents: Iterable[Sequence[str]], domain: str | None = None) -> list[list[str]]:
        """:meth:`tag_tokens` over many sentences."""
        return [self.tag_tokens(list(s), domain) for s in sents]

    def predict_spans(self, text: str, tokens: list[Token]) -> list[tuple[int, int, str]]:
        """Entity spans over ``text``: ``(start, end, type)`` in characters, half-open.

        ``tokens`` are the document's tokens (``rasd.doc.Token``; only ``start``, ``end``,
        ``text``, ``stem_start`` are used).  The token list is cut into sentences at . ! ? ؟
        tokens, tagged, and each chunk becomes ``(tokens[first].stem_start,
        tokens[last].end, type)``: attached proclitics (و ب ل ...) stay outside the span.
        A document-level pass then tags untagged occurrences of a name (same token keys) that
        was tagged elsewhere in the document with the majority type.
        """
        if not tokens:
            return []
        from rasd.ner.tagger import spans_from_tags, tag_document

        stems = [self.features.key_stem(t.text)[1] for t in tokens]
        return spans_from_tags(tokens, tag_document(tokens, self.tag_sentences, stems), text)


def document_consistency(words: Sequence[str], tags: Sequence[str], min_len: int = 1,
                         stems: Sequence[str] | None = None) -> list[str]:
    """Tag untagged repeats of names tagged elsewhere in the same document.

    Entities found by the tagger give (key sequence -> type) votes; an untagged run of tokens
    whose stems (proclitics stripped) equal a voted multi-token name, or a single-token name
    of >= 3 letters that was tagged at least once and never left untagged as a sentence
    start, is tagged with the majority type.  Longest names are applied first; existing tags
    are never changed.  O(tokens x longest name).  ``stems`` (the proclitic-stripped keys of
    ``words``) may be passed when already known.
    """
    tags = list(tags)
    if stems is None:
        stems = [strip_proclitics(norm_key(w) or w)[1] for w in words]
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for s, e, typ in chunks(tags):
        seq = tuple(stems[s:e])
        if len(seq) >= min_len and all(len(x) >= 2 for x in seq):
            votes.setdefault(seq, Counter())[typ] += 1
    if not votes:
        return tags
    names = sorted(votes, key=len, reverse=True)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for nm in names:
        if len(nm) == 1 and len(nm[0]) < 3:
            continue
        by_first.setdefault(nm[0], []).append(nm)
    i = 0
    n = len(words)
    while i < n:
        cands = by_first.get(stems[i])
        done = False
        if cands and tags[i] == "O":
            for nm in cands:
                L = len(nm)
                if i + L <= n and tuple(stems[i:i + L]) == nm and all(t == "O" for t in tags[i:i + L]):
                    # do not extend an adjacent entity
                    if (i > 0 and tags[i - 1] != "O" and L == 1) or (i + L < n and tags[i + L].startswith("I-")):
                        continue
                    typ = votes[nm].most_common(1)[0][0]
                    tags[i] = f"B-{typ}"
                    for j in range(i + 1, i + L):
                        tags[j] = f"I-{typ}"
                    i += L
                    done = True
                    break
        if not done:
            i += 1
    return tags


# --------------------------------------------------------------------------- training


def train(train_path: str | Path, model_out: str | Path, *, words_path: str | Path | None = None,
          extra_train: Sequence[str | Path] = (), c1: float = 0.05, c2: float = 0.05,
          max_iterations: int = 150, min_freq: int = 1, verbose: bool = False,
          pseudo_folds: Sequence[tuple[int, str | Path]] = (),
          domain_train: Sequence[tuple[str | Path, str]] = (), oversample: int = 1) -> dict:
    """Train a CRF on CoNLL file(s) and write the model (``model_out``, plus its NumPy form
    ``model_out`` with suffix ``.npz``, :class:`CrfArrays`).

    Args:
        train_path: CoNLL training file (e.g. ANERcorp reconstructed train).
        model_out: where to write the ``.crfsuite`` model.
        words_path: the distributional word table; default :data:`DEFAULT_WORDS`.  The
            gazetteer is read from ``ner-gazetteer.tsv`` in the same folder (no gazetteer
            features when absent).  Ship both next to the model (``CrfTagger.load`` looks there).
        extra_train: more CoNLL files to add to the training sentences.
        domain_train: ``(CoNLL file, domain)`` pairs from another domain (e.g. AQMAR as
            ``"wiki"``), added with feature augmentation (:meth:`FeatureExtractor.sentence`).
        oversample: add every main-domain sentence that holds an entity this many times in
            all (1: once), a recall-for-precision trade.
        c1, c2: L1 / L2 regularisation coefficients (L-BFGS).
        max_iterations: L-BFGS iterations.
        min_freq: CRFsuite ``feature.minfreq`` (features seen fewer times are dropped).
        pseudo_folds: jackknifed corpus-label tables: ``(first_sentence_index, table)``
            pairs in increasing order; sentence i takes the table of the last pair whose index
            is <= i.  Each table must come from a tagger trained *without* that block (see
            :func:`build_pseudo_table`).  Empty: no corpus-label features.

    Returns:
        ``{"sentences", "tokens", "seconds", "model", "size_bytes", "params"}``.

    Raises:
        OSError: a file cannot be read or written.
    """
    import pycrfsuite

    wp = Path(words_path) if words_path is not None else DEFAULT_WORDS
    fx = FeatureExtractor(WordTable(wp), None, load_gazetteer(wp.parent / "ner-gazetteer.tsv"),
                          _load_mined(wp.parent))
    sents = read_conll(train_path)
    for p in extra_train:
        sents += read_conll(p)
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=verbose)
    ntok = 0
    folds = [(int(i), FeatureExtractor(fx.words, PseudoTable(Path(t)), fx.gaz)) for i, t in pseudo_folds]
    for si, (words, tags) in enumerate(sents):
        ext = fx
        for start, e in folds:
            if si >= start:
                ext = e
        feats = ext.sentence(words)
        reps = oversample if oversample > 1 and any(t != "O" for t in tags) else 1
        for _ in range(reps):
            trainer.append(feats, tags)
        ntok += len(words)
    for p, dom in domain_train:
        for words, tags in read_conll(p):
            trainer.append(fx.sentence(words, dom), tags)
            ntok += len(words)
    params = {"c1": c1, "c2": c2, "max_iterations": max_iterations,
              "feature.possible_transitions": True, "feature.minfreq": min_freq}
    trainer.set_params(params)
    out = Path(model_out)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    # the NumPy form of the weights, read by CrfTagger.arrays (batched marginals)
    CrfArrays.from_crfsuite(out).save(out.with_suffix(".npz"))
    return {"sentences": len(sents), "tokens": ntok, "seconds": round(time.time() - t0, 1),
            "model": str(out), "size_bytes": out.stat().st_size, "params": params}


def _consistency_blocks(sents: Sequence[Sequence[str]], preds: list[list[str]], window: int) -> list[list[str]]:
    """Apply :func:`document_consistency` over consecutive blocks of ``window`` sentences."""
    out: list[list[str]] = []
    for b in range(0, len(sents), window):
        ws = [x for w in sents[b:b + window] for x in w]
        ps = [x for p in preds[b:b + window] for x in p]
        t = document_consistency(ws, ps)
        k = 0
        for w in sents[b:b + window]:
            out.append(t[k:k + len(w)])
            k += len(w)
    return out


_EMPTY_CONLL = "no sentences (expected 'word TAG' lines, a blank line between sentences)"


def evaluate_conll(path: str | Path, tagger: CrfTagger | None = None, *,
                   wojood: bool = False, doc_window: int = 0, domain: str | None = None) -> dict:
    """Entity-level micro P/R/F1 (percent) of ``tagger`` on a CoNLL file.

    Args:
        path: gold CoNLL file (ANERcorp, AQMAR or Wojood format).
        tagger: anything with ``tag_sentences(sents, domain)`` (a :class:`CrfTagger` or a
            :class:`rasd.ner.tagger.NameTagger`); default the shipped ensemble
            (:meth:`rasd.ner.tagger.NameTagger.load`).
        wojood: score against Wojood's nested layers, types PER/ORG/LOC/GPE; the tagger's
            ``LOC`` counts as ``GPE`` when a gold GPE has the same span (the model has no GPE
            type; see the model card).
        doc_window: if > 0, run :func:`document_consistency` over blocks of this many
            consecutive sentences, standing in for articles (CoNLL files here have no
            document boundaries; ANERcorp's sentences are in article order).  0: sentence by
            sentence, the literature's setting.
        domain: the training-domain name to tag with (``"wiki"`` for AQMAR with a model
            trained with ``domain_train``); ``None``: news.

    Returns:
        the dict of :func:`rasd.ner.conll.score` plus ``"tokens"``, ``"seconds"`` and
        ``"tokens_per_s"`` (tagging only, features included).

    Raises:
        rasd.errors.InputError: the file holds no sentence (code ``empty``) or is not UTF-8.
    """
    from rasd.errors import InputError

    if tagger is None:
        from rasd.ner.tagger import NameTagger

        tagger = NameTagger.load()
    tg = tagger
    if wojood:
        types = ("PER", "ORG", "LOC", "GPE")
        data = read_conll_multi(path, types)
        if not data:
            raise InputError(_EMPTY_CONLL, str(path), code="empty")
        t0 = time.perf_counter()
        preds = tg.tag_sentences([w for w, _ in data], domain)
        if doc_window:
            preds = _consistency_blocks([w for w, _ in data], preds, doc_window)
        dt = time.perf_counter() - t0
        # LOC predicted where gold has GPE over the same span -> GPE
        fixed = []
        for (w, layers), p in zip(data, preds):
            gpe = {(s, e) for lay in layers for s, e, t in chunks(lay) if t == "GPE"}
            p2 = list(p)
            for s, e, t in chunks(p):
                if t == "LOC" and (s, e) in gpe:
                    p2[s] = "B-GPE"
                    for j in range(s + 1, e):
                        p2[j] = "I-GPE"
            fixed.append(p2)
        res = score_multi([lay for _, lay in data], fixed, types)
        ntok = sum(len(w) for w, _ in data)
    else:
        data2 = read_conll(path)
        if not data2:
            raise InputError(_EMPTY_CONLL, str(path), code="empty")
        t0 = time.perf_counter()
        preds = tg.tag_sentences([w for w, _ in data2], domain)
        if doc_window:
            preds = _consistency_blocks([w for w, _ in data2], preds, doc_window)
        dt = time.perf_counter() - t0
        res = score([g for _, g in data2], preds)
        ntok = sum(len(w) for w, _ in data2)
    res["tokens"] = ntok
    res["seconds"] = round(dt, 3)
    res["tokens_per_s"] = round(ntok / dt) if dt else 0
    return res


# --------------------------------------------------------------------------- word table


def _iter_corpus_tokens(paths: Sequence[str | Path], exclude_prefixes: Sequence[str]) -> Iterable[list[str]]:
    """Yield token-key lists, one per paragraph, from JSONL news (``text`` field) or CoNLL."""
    for p in paths:
        p = Path(p)
        if p.suffix == ".jsonl":
            for d in corpus_records([p], exclude_prefixes=exclude_prefixes):
                for para in (d.get("title") or "", d.get("text") or ""):
                    for chunk in para.split("\n"):
                        toks = _TOKEN_RE.findall(chunk)
                        if toks:
                            yield toks
        else:
            for words, _ in read_conll(p):
                yield words


def iter_corpus_keys(paths: Sequence[str | Path], exclude_prefixes: Sequence[str] = ()) -> Iterable[list[str]]:
    """:func:`_iter_corpus_tokens` with every token turned into its match key
    (:func:`rasd.normalize.key`, memoised per distinct token): one key list per paragraph."""
    kc: dict[str, str] = {}
    for toks in _iter_corpus_tokens(paths, exclude_prefixes):
        keys = []
        for t in toks:
            k = kc.get(t)
            if k is None:
                k = kc[t] = norm_key(t) or t
            keys.append(k)
        yield keys


def build_word_table(sources: Sequence[str | Path], out_path: str | Path, *,
                     exclude_prefixes: Sequence[str] = (), vocab_size: int = 50000,
                     n_context: int = 1000, dim: int = 100, ks: tuple[int, int, int] = (64, 256, 1024),
                     seed: int = 13, brown: int = 0, brown_xp=None, log=None) -> dict:
    """Derive the distributional word table from unlabeled text (needs numpy).

    Method: tokens are keyed with :func:`rasd.normalize.key`; for the ``vocab_size`` most
    frequent keys, counts of the left and right neighbours among the ``n_context`` most
    frequent keys (positions -2, -1, +1, +2) form a sparse context vector; PPMI weighting,
    a randomised SVD to ``dim`` dimensions, row L2-normalisation, then spherical k-means at
    the three granularities ``ks``.  Also per key: a log2 frequency bucket, how often the
    key's ``ال`` form occurs relative to the key (bucketed), and how often the key follows
    PER / ORG / LOC trigger words (bucketed ratios).

    Args:
        sources: ``.jsonl`` news files (``id``, ``title``, ``text``) or CoNLL files (tokens
            only, labels ignored).  Never pass a test set.
        out_path: TSV to write.
        exclude_prefixes: skip JSONL records whose ``id`` starts with one of these.
        brown: C > 0 adds a ``brown`` column: each key's Brown cluster path from C leaf
            clusters over the same vocabulary and paragraphs (:mod:`rasd.ner.brown`; about
            20 ms a word on one core at C = 256, so about 17 minutes for 50,000 keys; C = 1000
            needs a GPU, ``brown_xp=cupy``, about 4 minutes).  0: no column.
        brown_xp: the array module for the clustering (NumPy by default, or CuPy).
        log: optional ``callable(str)`` for the clustering's progress.

    Returns:
        ``{"tokens", "vocab", "seconds"}`` (+ ``"brown_seconds"`` with ``brown``).
    """
    import numpy as np

    t0 = time.time()
    paras: list[list[str]] = []
    freq: Counter[str] = Counter()
    for ks_ in iter_corpus_keys(sources, exclude_prefixes):
        paras.append(ks_)
        freq.update(ks_)
    ntok = sum(freq.values())
    vocab = [w for w, _ in freq.most_common(vocab_size)]
    vidx = {w: i for i, w in enumerate(vocab)}
    cidx = {w: i for i, w in enumerate(vocab[:n_context])}
    V, C = len(vocab), len(cidx)
    M = np.zeros((V, 4 * C + 4), dtype=np.float32)
    per_t: Counter[str] = Counter()
    org_t: Counter[str] = Counter()
    loc_t: Counter[str] = Counter()
    OTHER = C
    for ks_ in paras:
        n = len(ks_)
        ids = [vidx.get(k, -1) for k in ks_]
        cids = [cidx.get(k, OTHER) for k in ks_]
        for i in range(n):
            r = ids[i]
            if i > 0:
                pk = ks_[i - 1]
                if pk in _PER_TRIGGERS:
                    per_t[ks_[i]] += 1
                if pk in _ORG_TRIGGERS:
                    org_t[ks_[i]] += 1
                if pk in _LOC_TRIGGERS:
                    loc_t[ks_[i]] += 1
            if r < 0:
                continue
            if i > 1:
                M[r, cids[i - 2]] += 1
            if i > 0:
                M[r, (C + 1) + cids[i - 1]] += 1
            if i + 1 < n:
                M[r, 2 * (C + 1) + cids[i + 1]] += 1
            if i + 2 < n:
                M[r, 3 * (C + 1) + cids[i + 2]] += 1
    # PPMI
    tot = M.sum()
    rs = M.sum(axis=1, keepdims=True) + 1e-9
    cs = M.sum(axis=0, keepdims=True) + 1e-9
    with np.errstate(divide="ignore"):
        P = np.log(M * tot / rs / cs)
    P[~np.isfinite(P)] = 0
    np.maximum(P, 0, out=P)
    del M
    rng = np.random.default_rng(seed)
    # randomised SVD
    Om = rng.standard_normal((P.shape[1], dim + 20)).astype(np.float32)
    Y = P @ Om
    Y = P @ (P.T @ Y)
    Q, _ = np.linalg.qr(Y)
    B = Q.T @ P
    Ub, S, _ = np.linalg.svd(B, full_matrices=False)
    U = (Q @ Ub[:, :dim]) * np.sqrt(S[:dim])
    U /= np.linalg.norm(U, axis=1, keepdims=True) + 1e-9
    del P
    labels = []
    for k in ks:
        cent = U[rng.choice(V, size=k, replace=False)].copy()
        for _ in range(25):
            sim = U @ cent.T
            a = sim.argmax(axis=1)
            for j in range(k):
                m = a == j
                if m.any():
                    c = U[m].sum(axis=0)
                    cent[j] = c / (np.linalg.norm(c) + 1e-9)
        labels.append(a)

    def bucket(x: float) -> str:
        return str(min(int(x * 10), 9)) if x > 0 else "0"

    paths: dict[str, str] | None = None
    brown_seconds = 0.0
    if brown:
        from rasd.ner.brown import cluster_bigrams, count_bigrams

        bres = cluster_bigrams(*count_bigrams(paras, vocab=vocab), brown, xp=brown_xp, log=log)
        paths, brown_seconds = bres["paths"], bres["seconds"]

    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("#key\tc64\tc256\tc1024\tfreq_log2\tal_rate\tper_trig\torg_trig\tloc_trig"
                 + ("\tbrown" if paths is not None else "") + "\n")
        for i, w in enumerate(vocab):
            f = freq[w]
            al = freq.get("ال" + w, 0) if not w.startswith("ال") else f
            cols = [w, str(labels[0][i]), str(labels[1][i]), str(labels[2][i]),
                    str(min(int(math.log2(f)), 15)), bucket(al / (al + f)),
                    bucket(per_t[w] / f), bucket(org_t[w] / f), bucket(loc_t[w] / f)]
            if paths is not None:
                cols.append(paths.get(w, ""))
            fh.write("\t".join(cols) + "\n")
    res = {"tokens": ntok, "vocab": V, "seconds": round(time.time() - t0, 1)}
    if brown:
        res["brown_seconds"] = brown_seconds
    return res


def build_release(shared: str | Path, out_dir: str | Path = MODEL_DIR, *, c1: float = 0.05,
                  c2: float = 0.05, max_iterations: int = 150, exclude_prefixes: Sequence[str] = (),
                  pseudo: bool = False, work_dir: str | Path | None = None,
                  kb_dir: str | Path | None = None, reuse_tables: bool = False,
                  neural: bool = True, neural_epochs: int = 20, neural_seeds: Sequence[int] = (13, 7),
                  aqmar: bool = True, self_train: bool = False, brown: int = BROWN_CLUSTERS,
                  brown_gpu: bool = False, lm_pretrain: bool = True, log=print) -> dict:
    """Rebuild the shipped models from ``shared`` (the whole recipe of the model card).

    Steps: (0) the gazetteer frozen from ``kb_dir`` (default ``rasd/kb``,
    :func:`build_gazetteer`); (1) the word table from ``data/news/corpus.jsonl`` + the
    ANERcorp train tokens (:func:`build_word_table`, about 1 minute); (2) word2vec key vectors
    from the same text (:func:`rasd.ner.neural.build_vectors`, needs gensim); (3) the CRF on the
    whole ANERcorp reconstructed train, plus AQMAR train+dev as a second domain (``"wiki"``,
    feature augmentation, :meth:`FeatureExtractor.sentence`), about 8 minutes on one core;
    (4) two BiLSTM-CRFs on the ANERcorp train, seeds 13 and 7 (:func:`rasd.ner.neural.train`,
    needs PyTorch; about 12 minutes per seed on one core), each encoder first pretrained as two
    class-based language models on the corpus sentences (``lm_pretrain``; the dev gold articles
    left out; :func:`rasd.ner.neural.lm_pretrain`, about 11 minutes per seed); (4b, only with ``self_train``: measured, not shipped)
    self-training: the CRF + that BiLSTM label the news corpus, and 4,000 confident sentences
    with a person, organisation or other name (:func:`rasd.ner.selftrain.pseudo_label`; not
    the dev gold articles, not SaudiNewsNet) are added to the ANERcorp train for a second
    BiLSTM that replaces the first (about 28 minutes);
    (5) the precomputed per-word features of the corpus
    vocabulary (:func:`rasd.ner.precomputed.build`, about 40 s).  Writes ``ner-gazetteer.tsv``,
    ``ner-words.tsv``, ``ner-crf.crfsuite``, ``ner-bilstm.npz`` and ``ner-features.npz`` to
    ``out_dir`` (the vectors are stored inside
    the BiLSTM file; the intermediate ``ner-vectors.npz`` stays in ``work_dir``).

    With ``pseudo=True`` (an experiment, not the shipped model: it did not help on the dev
    split) step 3 is replaced by: two base CRFs, one per half of the train; each tags the
    unlabeled news (:func:`build_pseudo_table`); the final CRF on the whole train, where the
    sentences of each half take the corpus-label table of the model trained on the *other*
    half; the test-time table ``ner-pseudo.tsv`` is the sum of both (about 25 minutes).

    Args:
        shared: the shared data folder (``../shared``).
        out_dir: where the model files go.
        exclude_prefixes: corpus record-id prefixes to leave out (e.g. ``["SNN"]`` drops the
            non-commercial SaudiNewsNet part).
        reuse_tables: keep the gazetteer and word table already in ``out_dir`` (steps 0-1
            skipped); the word table is not bit-identical between builds (cluster ids permute),
            so this is how to retrain the models over the shipped tables.
        neural: also train the BiLSTM (steps 2 and 4).
        neural_epochs, neural_seeds: BiLSTM epochs; one model per seed, each pretrained and
            trained with its seed: the first seed's is ``ner-bilstm.npz``, the second's
            ``ner-bilstm-2.npz`` (their log-probabilities are averaged, model card), any
            further ones go to ``work_dir`` (measured, not shipped).
        aqmar: add AQMAR (``data/ner/aqmar/split_liu2019`` train + dev) to the CRF as the
            ``"wiki"`` domain.
        brown: C leaf Brown clusters for the word table's ``brown`` column (step 1;
            :mod:`rasd.ner.brown`); 0: none.
        brown_gpu: cluster on a GPU with CuPy (C = 1000: about 4 minutes on an H200,
            against hours with NumPy on one core).
        lm_pretrain: pretrain the BiLSTM's encoder on the corpus (step 4) before the labels;
            False: the earlier recipe (model card, selection table).
        self_train: step 4b (with ``neural``), an experiment: the self-trained BiLSTM scores
            2.3 more on the dev split alone, but the ensemble's gain there is within noise and
            on the ANERcorp test it scores 0.5 less (model card); default False.

    Returns:
        per-step results and timings.
    """
    import tempfile

    shared = Path(shared)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    exclude_prefixes = _prefixes(exclude_prefixes)  # a lone string is one prefix
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="rasd-ner-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = shared / "data/news/corpus.jsonl"
    train_path = shared / "data/ner/anercorp_camel/derived/ANERCorp_CamelLab_train.reconstructed.txt"
    aq = shared / "data/ner/aqmar/split_liu2019"
    domain_train = [(aq / "train.txt", "wiki"), (aq / "dev.txt", "wiki")] if aqmar else []
    res: dict = {}
    words = out / "ner-words.tsv"
    if not reuse_tables:
        res["gazetteer"] = build_gazetteer(Path(kb_dir) if kb_dir else Path(__file__).resolve().parent.parent / "kb",
                                           out / "ner-gazetteer.tsv")
        log(f"gazetteer: {res['gazetteer']}")
        xp = None
        if brown and brown_gpu:
            import cupy as xp  # optional: only for --brown-gpu
        res["words"] = build_word_table([corpus, train_path], words, exclude_prefixes=exclude_prefixes,
                                        brown=brown, brown_xp=xp, log=log)
        log(f"word table: {res['words']}")
    if not pseudo:
        stale = out / "ner-pseudo.tsv"
        if stale.exists():
            stale.unlink()
        res["final"] = train(train_path, out / "ner-crf.crfsuite", words_path=words, c1=c1,
                             c2=c2, max_iterations=max_iterations, domain_train=domain_train)
        log(f"CRF: {res['final']}")
        if neural:
            from rasd.ner import neural as nn

            vec = work / "ner-vectors.npz"
            res["vectors"] = nn.build_vectors([corpus, train_path], vec,
                                              exclude_prefixes=exclude_prefixes)
            log(f"vectors: {res['vectors']}")
            dev = shared / "eval/dev/articles.jsonl"
            pre = None
            if lm_pretrain:
                pre = nn.corpus_sentences([corpus], exclude=[dev] if dev.exists() else [],
                                          exclude_prefixes=exclude_prefixes)
                res["pretrain_text"] = {"sentences": len(pre), "tokens": sum(map(len, pre))}
                log(f"pretraining text: {res['pretrain_text']}")
            stale = out / "ner-bilstm-2.npz"
            if len(neural_seeds) < 2 and stale.exists():
                stale.unlink()  # a second member of an earlier build would be averaged in
            for i, seed in enumerate(neural_seeds):
                target = (out / "ner-bilstm.npz" if i == 0 else out / "ner-bilstm-2.npz" if i == 1
                          else work / f"ner-bilstm-{seed}.npz")
                # the shipped recipe: a CRF output layer, no weight averaging (model card)
                res[f"bilstm_{seed}"] = nn.train([train_path], target, words_path=words,
                                                 epochs=neural_epochs, seed=seed, vectors_path=vec,
                                                 crf=True, ema=0.0, pretrain=pre, log=log)
                log(f"BiLSTM seed {seed}: {res[f'bilstm_{seed}']}")
            if self_train:
                # (4b) the ensemble labels confident corpus sentences; the shipped BiLSTM is
                # trained again on ANERcorp train + those sentences
                from rasd.ner.selftrain import LABELLER_CRF_WEIGHT, pseudo_label
                from rasd.ner.tagger import NameTagger

                first = out / "ner-bilstm.npz"
                crf_t = CrfTagger(out / "ner-crf.crfsuite", words)
                crf_t.prepare()
                dev = shared / "eval/dev/articles.jsonl"
                pseudo_path = work / "ner-selftrain.conll"
                res["pseudo_labels"] = pseudo_label(
                    # both models on every token, as the measured experiment (no cascade)
                    NameTagger(crf_t, nn.NeuralTagger(first), crf_weight=LABELLER_CRF_WEIGHT,
                               cascade=None),
                    [corpus], pseudo_path, exclude=[dev] if dev.exists() else [],
                    exclude_prefixes=tuple(sorted({"SNN", *exclude_prefixes})))
                log(f"self-training sentences: {res['pseudo_labels']}")
                seed = neural_seeds[0]
                res["bilstm_selftrained"] = nn.train([train_path, pseudo_path], first,
                                                     words_path=words, epochs=neural_epochs,
                                                     seed=seed, vectors_path=vec, crf=True,
                                                     ema=0.0, pretrain=pre, log=log)
                log(f"BiLSTM self-trained: {res['bilstm_selftrained']}")
        # (5) the precomputed per-word features of the news vocabulary for these models
        from rasd.ner.precomputed import build as build_features

        dev = shared / "eval/dev/articles.jsonl"
        res["features"] = build_features([corpus], out, exclude=[dev] if dev.exists() else [],
                                         exclude_prefixes=exclude_prefixes)
        log(f"precomputed features: {res['features']}")
        return res
    sents = Path(train_path).read_text(encoding="utf-8").strip("\n").split("\n\n")
    half = len(sents) // 2
    halves = []
    for name, part in (("A", sents[:half]), ("B", sents[half:])):
        fp = work / f"half{name}.txt"
        fp.write_text("\n\n".join(part) + "\n", encoding="utf-8")
        mp = work / f"half{name}.crfsuite"
        res[f"base{name}"] = train(fp, mp, words_path=words, c1=c1, c2=c2,
                                   max_iterations=max_iterations)
        log(f"base model {name}: {res[f'base{name}']}")
        pp = work / f"pseudo{name}.tsv"
        res[f"pseudo{name}"] = build_pseudo_table(mp, words, [corpus], pp,
                                                  exclude_prefixes=exclude_prefixes)
        log(f"corpus labels {name}: {res[f'pseudo{name}']}")
        halves.append(pp)
    merged = PseudoTable.merge([PseudoTable(halves[0]), PseudoTable(halves[1])])
    with open(out / "ner-pseudo.tsv", "w", encoding="utf-8") as fh:
        fh.write("#key\tn\tPER\tORG\tLOC\tMISC\n")
        for k, r in merged.rows.items():
            fh.write(k + "\t" + "\t".join(map(str, r)) + "\n")
    # half A's sentences take the table of the model trained on B, and vice versa
    res["final"] = train(train_path, out / "ner-crf.crfsuite", words_path=words, c1=c1, c2=c2,
                         max_iterations=max_iterations,
                         pseudo_folds=[(0, halves[1]), (half, halves[0])])
    log(f"final model: {res['final']}")
    return res


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m rasd.ner.crf {words,train,eval} ...`` (development entry point)."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m rasd.ner.crf")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("words")
    a.add_argument("sources", nargs="+")
    a.add_argument("--out", default=str(DEFAULT_WORDS))
    a.add_argument("--exclude-prefix", action="append", default=[])
    b = sub.add_parser("train")
    b.add_argument("train_path")
    b.add_argument("--out", default=str(DEFAULT_MODEL))
    b.add_argument("--words", default=None)
    b.add_argument("--extra", action="append", default=[])
    b.add_argument("--c1", type=float, default=0.05)
    b.add_argument("--c2", type=float, default=0.05)
    b.add_argument("--iters", type=int, default=150)
    b.add_argument("--min-freq", type=int, default=1)
    b.add_argument("--pseudo-fold", action="append", default=[],
                   help="START:TABLE (jackknifed corpus-label table for sentences >= START)")
    d = sub.add_parser("pseudo")
    d.add_argument("sources", nargs="+")
    d.add_argument("--model", required=True)
    d.add_argument("--words", default=str(DEFAULT_WORDS))
    d.add_argument("--out", required=True)
    d.add_argument("--merge", nargs="*", default=None, help="merge these tables into --out instead")
    r = sub.add_parser("release", help="rebuild the shipped model from ../shared")
    r.add_argument("--shared", required=True)
    r.add_argument("--out", default=str(MODEL_DIR))
    r.add_argument("--work", default=None)
    r.add_argument("--exclude-prefix", action="append", default=[])
    r.add_argument("--pseudo", action="store_true", help="add jackknifed corpus-label features")
    r.add_argument("--reuse-tables", action="store_true",
                   help="keep the gazetteer and word table in --out")
    r.add_argument("--no-neural", action="store_true", help="CRF only")
    c = sub.add_parser("eval")
    c.add_argument("conll", nargs="+")
    c.add_argument("--model", default=None)
    c.add_argument("--words", default=None)
    c.add_argument("--pseudo", default=None)
    c.add_argument("--wojood", action="store_true")
    c.add_argument("--doc-window", type=int, default=0)
    args = ap.parse_args(argv)
    if args.cmd == "words":
        print(json.dumps(build_word_table(args.sources, args.out,
                                          exclude_prefixes=args.exclude_prefix)))
    elif args.cmd == "train":
        print(json.dumps(train(args.train_path, args.out, words_path=args.words,
                               extra_train=args.extra, c1=args.c1, c2=args.c2,
                               max_iterations=args.iters, min_freq=args.min_freq,
                               pseudo_folds=[(int(x.split(":", 1)[0]), x.split(":", 1)[1])
                                             for x in args.pseudo_fold])))
    elif args.cmd == "release":
        build_release(args.shared, args.out, work_dir=args.work,
                      exclude_prefixes=args.exclude_prefix, pseudo=args.pseudo,
                      reuse_tables=args.reuse_tables, neural=not args.no_neural)
    elif args.cmd == "pseudo":
        if args.merge:
            m = PseudoTable.merge([PseudoTable(Path(x)) for x in args.merge])
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write("#key\tn\tPER\tORG\tLOC\tMISC\n")
                for k, r in m.rows.items():
                    fh.write(k + "\t" + "\t".join(map(str, r)) + "\n")
        else:
            print(json.dumps(build_pseudo_table(args.model, args.words, args.sources, args.out)))
    else:
        tg = CrfTagger.load(args.model, args.words, args.pseudo)
        for p in args.conll:
            r = evaluate_conll(p, tg, wojood=args.wojood, doc_window=args.doc_window)
            pt = " ".join(f"{t}={v['f1']}" for t, v in r["per_type"].items())
            print(f"{p}: P={r['precision']} R={r['recall']} F1={r['f1']} [{pt}] "
                  f"{r['tokens_per_s']} tok/s")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
