"""Precomputed per-word features of the news vocabulary for the two name taggers.

A name tagger spends most of its time on the first occurrence of each word: the CRF builds
the word's attribute strings and sums their weights (its *partial scores*), the BiLSTM looks
the word up in its vocabularies (its *input ids*); both are pure functions of the token
string and the model files.  This module computes them once, at build time, for the words
that occur in at least ``min_df`` articles of the unlabeled news corpus, and stores them in
``ner-features.npz`` beside the models, like a table of word vectors.  At run time a word in
the table costs an array row instead of about 100 microseconds of Python.  The BiLSTM ids are
exact; the CRF partial scores are stored as float16 (within 0.01 of the float32 sums), and
the spans on 172 news articles are identical with and without the table
(``tests/test_precomputed.py`` compares sampled stored values with a fresh computation, and
the label scores with and without the table).

File layout (NumPy ``.npz``, compressed):

* ``words``: the word strings joined by ``"\\n"`` (0-d unicode array);
* ``crf``: ``(N, 5, L)`` float16: the CRF partial scores of :meth:`CrfTagger._compute_partials`
  (own attributes, then as a neighbour at -2, -1, +1, +2; ``L`` labels);
* ``ids``: ``(N, n_id_cols)`` uint16, ``gaz``: ``(N, n_gaz)`` uint8, ``chars``: ``(N, 16)``
  uint8 (0-padded): :meth:`Featurizer.compute` of the BiLSTM;
* ``meta``: JSON: ``fingerprint`` (of the model files the values come from), ``min_df``,
  ``n_docs``, ``sources``, ``excluded_ids``.

A table whose fingerprint does not match the model files beside it (a retrained model) is
not used: the taggers then compute every word, with a warning.  The environment variable
``RASD_NO_PRECOMPUTED=1`` turns the table off (benchmarks, tests); a damaged file is not
used either, with a warning.

Build: ``rasd train features`` (:func:`build`).  Source data: the news corpus
(``../shared/data/news/corpus.jsonl``, research licence: the file holds derived numbers and
word types only, no text).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "ner-features.npz"
#: model files whose contents the stored values depend on
_INPUT_FILES = ("ner-crf.crfsuite", "ner-crf.npz", "ner-bilstm.npz", "ner-bilstm-2.npz", "ner-words.tsv",
                "ner-gazetteer.tsv", "ner-mined.tsv", "ner-pseudo.tsv")


def fingerprint(model_dir: str | Path) -> str:
    """BLAKE2b digest (hex, 32 characters) of the names and contents of the model files in
    ``model_dir`` that the per-word features depend on (absent files are skipped)."""
    h = hashlib.blake2b(digest_size=16)
    for name in _INPUT_FILES:
        p = Path(model_dir) / name
        if p.exists():
            h.update(name.encode())
            with open(p, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
    return h.hexdigest()


class WordFeatureTable:
    """The loaded ``ner-features.npz``: word -> row of precomputed CRF partial scores and
    BiLSTM input ids.

    Attributes:
        index: word string -> row number.
        crf: ``(N, 5, L)`` float16 CRF partial scores (or None).
        ids, gaz, chars: the BiLSTM featurizer's arrays (or None).
        meta: the build information.
    """

    _cache: dict[str, WordFeatureTable | None] = {}

    def __init__(self, path: str | Path):
        import numpy as np

        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as z:
            self.meta = json.loads(str(z["meta"]))
            words = str(z["words"]).split("\n") if z["words"].size else []
            self.crf = z["crf"] if "crf" in z.files else None
            self.ids = z["ids"] if "ids" in z.files else None
            self.gaz = z["gaz"] if "gaz" in z.files else None
            self.chars = z["chars"] if "chars" in z.files else None
        self.index = {w: i for i, w in enumerate(words)}
        n = len(words)
        for name in ("crf", "ids", "gaz", "chars"):
            a = getattr(self, name)
            if a is not None and len(a) != n:
                raise ValueError(f"{path}: {name} has {len(a)} rows for {n} words")

    def __len__(self) -> int:
        return len(self.index)

    @classmethod
    def for_models(cls, model_dir: str | Path) -> WordFeatureTable | None:
        """The table beside the models in ``model_dir`` (loaded once per process), or None
        when there is none, when it is damaged (not a readable ``.npz``, rows and words
        disagreeing) or was built from other model files (a warning naming the file is logged
        in both cases), or when ``RASD_NO_PRECOMPUTED`` is set to anything but ``0``."""
        if os.environ.get("RASD_NO_PRECOMPUTED", "") not in ("", "0"):
            return None  # benchmarks and tests: compute every word
        d = Path(model_dir).resolve()
        ck = str(d)
        if ck in cls._cache:
            return cls._cache[ck]
        p = d / FILE_NAME
        t: WordFeatureTable | None = None
        if p.exists():
            try:
                t = cls(p)
            except Exception as e:  # noqa: BLE001 (BadZipFile, EOFError, zlib.error, ...)
                # only a speed-up: the taggers compute every word instead
                log.warning("%s is damaged (%s: %s): not used; rebuild it with `rasd train "
                            "features` or delete it", p, type(e).__name__, e)
                cls._cache[ck] = None
                return None
            fp = fingerprint(d)
            if t.meta.get("fingerprint") != fp:
                log.warning("%s was built from other model files (fingerprint %s, models %s): "
                            "not used; rebuild it with `rasd train features`",
                            p, t.meta.get("fingerprint"), fp)
                t = None
        cls._cache[ck] = t
        return t

    def split(self, words: Sequence[str]) -> tuple[list[int], list[int], list[int]]:
        """``(positions found, their table rows, positions not found)`` of ``words``."""
        get = self.index.get
        found: list[int] = []
        rows: list[int] = []
        missing: list[int] = []
        for i, w in enumerate(words):
            r = get(w)
            if r is None:
                missing.append(i)
            else:
                found.append(i)
                rows.append(r)
        return found, rows, missing


def text_digest(text: str | None) -> str:
    """BLAKE2b digest (hex, 16 characters) of an article text's letters and digits only
    (spacing and punctuation dropped): the same article stored twice under two ids, or again
    with a comma more, has one digest."""
    return hashlib.blake2b("".join(ch for ch in (text or "") if ch.isalnum()).encode("utf-8"),
                           digest_size=8).hexdigest()


def excluded_records(paths: Iterable[str | Path]) -> tuple[frozenset[str], frozenset[str]]:
    """``(ids, text digests)`` of the records of JSON Lines files ``paths`` (the dev gold
    articles): a corpus record is left out when its id *or* its text matches, since a corpus
    may hold the same article under another id (two of the 22 dev articles do).

    Raises:
        OSError, json.JSONDecodeError: a file cannot be read.
    """
    ids: set[str] = set()
    digests: set[str] = set()
    for r in corpus_records(paths):
        ids.add(str(r.get("id")))
        if r.get("text"):
            digests.add(text_digest(r.get("text")))
    return frozenset(ids), frozenset(digests)


def _prefixes(p: Sequence[str] | str) -> tuple[str, ...]:
    """A tuple of record-id prefixes; a lone string is one prefix, not its characters."""
    return (p,) if isinstance(p, str) else tuple(p)


def corpus_records(paths: Iterable[str | Path], exclude_ids: frozenset[str] = frozenset(),
                   exclude_prefixes: Sequence[str] | str = (),
                   exclude_digests: frozenset[str] = frozenset()) -> Iterator[dict]:
    """The records (dicts) of JSON Lines files ``paths`` in order, without blank lines and
    without those whose ``id`` is in ``exclude_ids`` or starts with one of ``exclude_prefixes``
    or whose text digest (:func:`text_digest`) is in ``exclude_digests``.

    Raises:
        OSError, json.JSONDecodeError: a file cannot be read.
    """
    prefixes = _prefixes(exclude_prefixes)
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                r = json.loads(line)
                rid = str(r.get("id"))
                if rid in exclude_ids or (prefixes and rid.startswith(prefixes)) \
                        or (exclude_digests and text_digest(r.get("text")) in exclude_digests):
                    continue
                yield r


def corpus_vocabulary(paths: Iterable[str | Path], min_df: int,
                      exclude_ids: frozenset[str] = frozenset(),
                      exclude_prefixes: Sequence[str] = (),
                      exclude_digests: frozenset[str] = frozenset()) -> tuple[list[str], int]:
    """Token strings (as :func:`rasd.text.tokenizer.tokenize` writes them) that occur in at
    least ``min_df`` records of the JSON Lines files ``paths`` (title and text), most
    frequent first; records whose ``id`` is in ``exclude_ids``, starts with one of
    ``exclude_prefixes`` or whose text digest (:func:`text_digest`) is in ``exclude_digests``
    are skipped.

    Returns:
        ``(words, number of records read)``.
    """
    from rasd.text.tokenizer import tokenize

    df: Counter[str] = Counter()
    n_docs = 0
    for r in corpus_records(paths, exclude_ids, exclude_prefixes, exclude_digests):
        text = "\n".join(x for x in (r.get("title"), r.get("text")) if x)
        df.update({t.text for t in tokenize(text)})
        n_docs += 1
    # most frequent first, ties in code-point order: the same corpus gives the same file
    words = [w for w, c in sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))
             if c >= min_df and "\n" not in w]
    return words, n_docs


def build(sources: Sequence[str | Path], model_dir: str | Path, out_path: str | Path | None = None,
          *, min_df: int = 3, exclude: Sequence[str | Path] = (),
          exclude_prefixes: Sequence[str] = ()) -> dict:
    """Compute and write ``ner-features.npz`` for the models in ``model_dir``.

    Args:
        sources: JSON Lines corpora (records with ``id``, ``title``, ``text``).
        model_dir: the folder of the name-tagger models.
        out_path: output file; default ``model_dir/ner-features.npz``.
        min_df: least number of records a word must occur in.
        exclude: JSON Lines files whose records are left out of the counts, by id and by
            text (the dev gold articles, so that their rare words do not enter the table
            through the corpus; :func:`excluded_records`).
        exclude_prefixes: record-id prefixes left out (``SNN``: as ``rasd train ner``).
    Returns:
        a summary dict (words, records, file size in bytes, fingerprint).
    Raises:
        FileNotFoundError: a source or the models are missing.
        ValueError: no word occurs in ``min_df`` records (nothing to store).
    """
    import numpy as np

    from rasd.ner.crf import CrfTagger
    from rasd.ner.neural import _MAX_CHARS, NeuralTagger

    d = Path(model_dir)
    out = Path(out_path) if out_path is not None else d / FILE_NAME
    excluded, digests = excluded_records(exclude)
    words, n_docs = corpus_vocabulary(sources, min_df, excluded, exclude_prefixes, digests)
    if not words:
        raise ValueError(f"no word occurs in {min_df} or more of the {n_docs} corpus records: "
                         "nothing to precompute (a larger corpus or a lower --min-df)")
    crf = CrfTagger(d / "ner-crf.crfsuite", d / "ner-words.tsv",
                    d / "ner-pseudo.tsv" if (d / "ner-pseudo.tsv").exists() else None)
    arrays: dict = {}
    parts = []
    for i in range(0, len(words), 5000):
        parts.append(crf._compute_partials(words[i:i + 5000]))
    arrays["crf"] = (np.concatenate(parts) if parts else np.zeros((0, 5, 9))).astype(np.float16)
    if (d / "ner-bilstm.npz").exists():
        nt = NeuralTagger(d / "ner-bilstm.npz")
        feat = nt.feat
        rows = [feat.compute(w) for w in words]
        ids = np.array([r[0] for r in rows], dtype=np.int64).reshape(len(words), -1)
        if ids.size and (ids.min() < 0 or ids.max() > np.iinfo(np.uint16).max):
            raise ValueError("BiLSTM ids do not fit uint16")
        arrays["ids"] = ids.astype(np.uint16)
        arrays["gaz"] = np.array([r[1] for r in rows], dtype=np.uint8).reshape(len(words), -1)
        ch = np.zeros((len(words), _MAX_CHARS), dtype=np.uint8)
        for i, r in enumerate(rows):
            if max(r[2]) > 255:
                raise ValueError("character ids do not fit uint8")
            ch[i, :len(r[2])] = r[2]
        arrays["chars"] = ch
    meta = {"fingerprint": fingerprint(d), "min_df": min_df, "n_docs": n_docs,
            "sources": [Path(s).name for s in sources], "excluded_ids": len(excluded), "excluded_texts": len(digests),
            "excluded_prefixes": list(_prefixes(exclude_prefixes)),
            "n_words": len(words)}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, words=np.array("\n".join(words)), meta=np.array(json.dumps(meta)),
                        **arrays)
    WordFeatureTable._cache.pop(str(out.parent.resolve()), None)
    return {**meta, "path": str(out), "bytes": out.stat().st_size}
