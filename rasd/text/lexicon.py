"""Word-frequency lexicon for proclitic segmentation: build it from a corpus, load it lazily.

The lexicon (``rasd/lang/ar/stems.tsv``) lists Arabic word *types* with their frequency in an
unlabeled news corpus: derived data (no article text, no sentence, no order), see the provenance
note in ``rasd/lang/ar/README.md``.  :mod:`rasd.text.tokenizer` uses it to decide whether a
leading و ف ب ل ك / ال is a clitic (``وشركة`` = و + شركة) or a root letter (``وقعت``, ``بحث``).

Forms are *light* forms (:func:`light`): diacritics, tatweel and bidi/zero-width controls
removed, nothing else folded, so ``إلى`` and a sloppy ``الى`` stay apart (they decide different
segmentations: ``والي`` "governor" is not و + إلى).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from rasd.normalize import BIDI_CONTROLS, DIACRITICS, TATWEEL, key

#: Arabic base letters (incl. Persian/Urdu/extended letters and presentation forms), as a
#: regex character-class body.
AR_LETTER = (
    "\u0621-\u063f\u0641-\u064a\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufd3d\ufd50-\ufdfb\ufe70-\ufefc"
)
#: Arabic combining marks and tatweel, as a regex character-class body.
AR_MARK = (
    "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u08d3-\u08e1\u08e3-\u08ff"
)
#: One Arabic word: a letter, then letters/marks/tatweel; ZWNJ/ZWJ allowed between letters.
AR_WORD_RE = re.compile(f"[{AR_LETTER}][{AR_LETTER}{AR_MARK}]*(?:[\u200c\u200d]+[{AR_LETTER}{AR_MARK}]+)*")

_LIGHT_TABLE = {ord(c): None for c in DIACRITICS | BIDI_CONTROLS | {TATWEEL}}

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "lang" / "ar" / "stems.tsv"

_LEXICON: dict[str, int] | None = None


def light(word: str) -> str:
    """Return the light form of ``word``: diacritics, tatweel and bidi controls removed.

    Args:
        word: str (usually one Arabic word).
    Returns:
        str, never longer than ``word``; letters (hamza forms, ى, ة) are untouched.
    """
    return word.translate(_LIGHT_TABLE)


def count_words(texts) -> Counter:
    """Count the light forms of the Arabic words in ``texts`` (an iterable of str)."""
    c: Counter = Counter()
    find = AR_WORD_RE.findall
    for t in texts:
        c.update(light(w) for w in find(t))
    return c


def build_lexicon(corpus_path: str | Path, out_path: str | Path = DEFAULT_PATH, *,
                  min_count: int = 3) -> int:
    """Build the word-frequency lexicon from a JSON Lines corpus and write it as TSV.

    Args:
        corpus_path: JSON Lines file, one article per line with ``text`` (and optional
            ``title``) fields, e.g. ``../shared/data/news/corpus.jsonl`` (~8,000 articles,
            about 20 s on one core).  Lines that are blank or not JSON objects are skipped.
        out_path: where to write the TSV (default ``rasd/lang/ar/stems.tsv``).
        min_count: keep only word types seen at least this many times (default 3; with it the
            file stays well under 3 MB and holds no rare strings such as names of private people).
    Returns:
        int: number of word types written.
    Raises:
        OSError: if the corpus cannot be read or the output cannot be written.

    The file is ``form<TAB>count`` lines sorted by descending count then form, after ``#``
    comment lines naming the source and the parameters.  The result is deterministic for a given
    corpus.
    """
    corpus_path = Path(corpus_path)

    def texts():
        with corpus_path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if not isinstance(rec, dict):
                    continue
                for f in ("title", "text"):
                    v = rec.get(f)
                    if isinstance(v, str):
                        yield v

    counts = count_words(texts())
    items = sorted(((w, n) for w, n in counts.items() if n >= min_count), key=lambda x: (-x[1], x[0]))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# rasd word-frequency lexicon (derived data: word types and counts only, no text)\n")
        fh.write(f"# source: {corpus_path.name}; forms: rasd.text.lexicon.light(); min_count={min_count}\n")
        fh.write("# rebuild: python -c \"from rasd.text.lexicon import build_lexicon; "
                 "build_lexicon('../shared/data/news/corpus.jsonl')\"\n")
        fh.write("# columns: form<TAB>count\n")
        for w, n in items:
            fh.write(f"{w}\t{n}\n")
    if out_path.resolve() == DEFAULT_PATH.resolve():
        _reset_cache()
    return len(items)


def _reset_cache() -> None:
    """Forget the loaded default lexicon and the tokenizer's cached analyses."""
    global _LEXICON
    _LEXICON = None
    try:
        from rasd.text import tokenizer
    except ImportError:  # pragma: no cover
        return
    tokenizer.analyze_word.cache_clear()
    tokenizer._WORD_CACHE.clear()


def load_lexicon(path: str | Path | None = None) -> dict[str, int]:
    """Return the lexicon as ``{light form: count}``, loaded once per process and cached.

    Args:
        path: TSV file; default ``rasd/lang/ar/stems.tsv`` (cached).  A given path is read
            each time and not cached (the tokenizer always uses the default file).
    Returns:
        dict (empty when the default file is missing: segmentation then falls back to rules).
    """
    global _LEXICON
    if path is None and _LEXICON is not None:
        return _LEXICON
    p = Path(path) if path is not None else DEFAULT_PATH
    lex: dict[str, int] = {}
    if p.exists():
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                w, _, n = line.rstrip("\n").partition("\t")
                if w and n:
                    lex[w] = int(n)
    if path is None:
        _LEXICON = lex
    return lex


#: masculine nouns a nationality adjective qualifies in the accusative («دبلوماسيا روسيا»),
#: beside the counted nouns of ``rasd/lang/ar/qty_count_nouns.tsv`` (جندي، صاروخ ...)
_NISBA_NOUNS = ("دبلوماسي", "صحفي", "صحافي", "شرطي", "مستثمر", "طالب", "جهادي", "حارس", "طيار",
                "بحار", "رياضي", "لاعب", "مسؤول", "مسئول", "خبير", "مراسل", "ناشط", "رجل",
                "فصيل", "مدرب", "مواطن", "عسكري", "زورق", "وفد", "نظام", "عميل", "جاسوس")


@lru_cache(maxsize=1)
def _nisba_nouns() -> frozenset[str]:
    from rasd.lang.ar import read_tsv

    return frozenset(key(w) for w in _NISBA_NOUNS) | frozenset(
        key(r[0]) for r in read_tsv("qty_count_nouns.tsv") if " " not in r[0])


def accusative_nisba_pair(prev: str, word: str) -> bool:
    """True when the written ``word`` (a country name ending in ا: بريطانيا، روسيا، إيطاليا) is
    the adjective agreeing with ``prev``, an indefinite masculine noun in the accusative right
    before it: «دبلوماسيا روسيا» is "a Russian diplomat", not Russia.  ``prev`` must end in ا
    (tanween allowed) and, without it, be a noun of :data:`_NISBA_NOUNS` or of the counted
    nouns (جندي، صاروخ): adverbs (رسميا), names (يوليا), plurals (نوايا), participles and
    other countries («حملت بريطانيا روسيا») stay apart.  Both are surface words.
    """
    k = key(prev)
    if not word.endswith(("ا", "اً", "ًا")) or not k.endswith("ا") or k.startswith("ال"):
        return False
    return k[:-1] in _nisba_nouns()


def imperfect_verb_key(k: str) -> bool:
    """True when the match key ``k`` reads as an imperfect verb: ي + at least two more letters
    (يبدأ، يتم، يسدد), or ت + letters whose ي form the news lexicon holds (تتحول: يتحول; not
    تركيا).  Used after «على أنْ», where a verb makes a condition and a noun reported content."""
    if len(k) < 3 or not k.isalpha():
        return False
    if k[0] == "ي":
        return True
    if k[0] == "ت":
        return load_lexicon().get("ي" + k[1:], 0) >= 3
    return False
