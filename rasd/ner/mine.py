"""Name evidence mined from unlabeled news with trigger patterns (``ner-mined.tsv``).

The word table (:func:`rasd.ner.crf.build_word_table`) records how often a word comes *right
after* a trigger.  Names seldom do: ``الرئيس السوداني عمر البشير`` puts an adjective between the
title and the name, and the family name is the second or third word.  This miner reads the runs
of name-like words that follow a title after its modifiers, and the words that follow an
organisation head noun:

* person pattern: a title (:data:`PER_TITLES`: الرئيس, وزير, الشيخ, اللاعب ...), then up to three
  modifiers (words that start with ال: nationality, ministry, ``السابق``), then a run of up to
  four words that do not start with ال (except inside ``عبد``/``أبو`` + ال compounds, and ``آل``
  / ``بن`` chains) and are not function words (:data:`STOP`); each word of the run is counted,
  the first one apart;
* organisation pattern: a head noun (:data:`ORG_HEADS`: شركة, حزب, نادي, صحيفة ...) then the next
  one or two words that are not function words.

Per key the table stores bucketed ratios (count / corpus frequency, in tenths, 0-9) of:
``pf`` first word of a person run, ``pl`` later word of a person run, ``org`` organisation run;
plus ``n``, the log2 bucket of the number of runs.  The CRF reads it as features
(``mp``/``ml``/``mo``).  The keys are :func:`rasd.normalize.key` forms.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rasd.normalize import key as norm_key

#: Person titles and roles (source: rasd's own list, written for this miner; keys).
PER_TITLES = frozenset(norm_key(w) for w in (
    "الرئيس", "رئيس", "الوزير", "وزير", "وزيرة", "السيد", "السيدة", "الشيخ", "الأمير", "الأميرة",
    "الملك", "الملكة", "الدكتور", "الدكتورة", "النائب", "العقيد", "اللواء", "العميد", "الجنرال",
    "المستشار", "الزعيم", "المتحدث", "الناطق", "الأمين", "المبعوث", "السفير", "رئيسة", "الرئيسة",
    "الإمام", "المرشد", "القاضي", "المدرب", "اللاعب", "الفنان", "الفنانة", "الكاتب", "الكاتبة",
    "الصحفي", "الشاعر", "المخرج", "الممثل", "الممثلة", "المطرب", "المطربة", "النجم", "الأستاذ",
    "المهندس", "الفريق", "المشير", "الرائد", "النقيب", "البابا", "الحاخام", "المفتي", "زعيم",
    "قائد", "القائد", "مدرب", "نائب", "سفير", "مستشار", "محافظ", "المحافظ", "حاكم", "الحاكم",
    "عمدة", "رئيسه", "نظيره", "نظيرته", "زميله", "الحارس", "المهاجم", "المدافع", "لاعب",
))

#: Organisation head nouns (keys).
ORG_HEADS = frozenset(norm_key(w) for w in (
    "شركة", "حركة", "حزب", "جماعة", "منظمة", "جمعية", "مؤسسة", "جامعة", "بنك", "مصرف", "صحيفة",
    "جريدة", "مجلة", "قناة", "وكالة", "نادي", "فريق", "منتخب", "تنظيم", "جبهة", "ائتلاف", "تحالف",
    "مجموعة", "اتحاد", "مركز", "معهد", "هيئة", "الشركة", "مجلس", "إذاعة", "تلفزيون", "مصنع",
))

#: Function words that end a run (keys).
STOP = frozenset(norm_key(w) for w in (
    "في", "من", "إلى", "على", "عن", "مع", "أن", "إن", "أنه", "إنه", "التي", "الذي", "الذين", "هذا",
    "هذه", "ذلك", "تلك", "كان", "كانت", "قد", "لقد", "لم", "لن", "لا", "ما", "ثم", "أو", "و", "أمس",
    "اليوم", "بعد", "قبل", "خلال", "حول", "منذ", "حتى", "عند", "بين", "وقال", "قال", "وأضاف", "أضاف",
    "وأكد", "أكد", "كما", "وهو", "وهي", "هو", "هي", "أيضا", "يوم", "عام", "سنة", "الذي", "لدى",
    "إنها", "أنها", "فقد", "وقد", "كل", "غير", "بعض", "أي", "له", "لها", "به", "بها", "فيه", "فيها",
))
_COMPOUND_HEADS = frozenset(norm_key(w) for w in ("عبد", "أبو", "ابو", "أبي", "ذو"))
_CHAIN = frozenset(norm_key(w) for w in ("بن", "ابن", "بنت", "آل", "ولد"))


def _arabic_word(k: str) -> bool:
    return bool(k) and all("\u0621" <= ch <= "\u064a" for ch in k)


def mine_runs(keys: Sequence[str]) -> tuple[list[int], list[int], list[int]]:
    """Indices of mined words in one paragraph of keys.

    Returns:
        ``(person_first, person_later, org)``: token indices (into ``keys``) of the first
        word of each person run, the later words of person runs, and organisation-run words.
    """
    pf: list[int] = []
    pl: list[int] = []
    org: list[int] = []
    n = len(keys)
    for i, k in enumerate(keys):
        if k in PER_TITLES:
            j = i + 1
            skipped = 0
            while j < n and skipped < 3 and keys[j].startswith("ال") and _arabic_word(keys[j]):
                j += 1
                skipped += 1
            run: list[int] = []
            while j < n and len(run) < 4:
                w = keys[j]
                if not _arabic_word(w) or w in STOP or w in PER_TITLES or len(w) < 2:
                    break
                if w.startswith("ال") and not (run and (keys[run[-1]] in _COMPOUND_HEADS
                                                        or keys[run[-1]] in _CHAIN)):
                    break
                run.append(j)
                j += 1
            if run:
                pf.append(run[0])
                pl.extend(run[1:])
        elif k in ORG_HEADS:
            for j in range(i + 1, min(i + 3, n)):
                w = keys[j]
                if not _arabic_word(w) and not w[:1].isalpha():
                    break
                if w in STOP or w in ORG_HEADS:
                    break
                org.append(j)
    return pf, pl, org


def build_mined_table(sources: Sequence[str | Path], out_path: str | Path, *,
                      exclude_prefixes: Sequence[str] = (), min_runs: int = 2) -> dict:
    """Mine the corpus and write ``ner-mined.tsv``.

    Args:
        sources: ``.jsonl`` news or CoNLL files (tokens only; never a test set).
        out_path: the TSV to write (``#key pf pl org n`` header; buckets as described above).
        exclude_prefixes: JSONL record-id prefixes to skip (``SNN`` for SaudiNewsNet).
        min_runs: keep keys seen in at least this many runs.

    Returns:
        ``{"tokens", "keys", "seconds"}``.
    """
    from rasd.ner.crf import iter_corpus_keys

    t0 = time.time()
    freq: Counter[str] = Counter()
    c_pf: Counter[str] = Counter()
    c_pl: Counter[str] = Counter()
    c_org: Counter[str] = Counter()
    for keys in iter_corpus_keys(sources, exclude_prefixes):
        freq.update(keys)
        pf, pl, org = mine_runs(keys)
        c_pf.update(keys[i] for i in pf)
        c_pl.update(keys[i] for i in pl)
        c_org.update(keys[i] for i in org)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    nk = 0

    def b(x: float) -> str:
        return str(min(int(x * 10), 9))

    with open(out, "w", encoding="utf-8") as fh:
        fh.write("#key\tpf\tpl\torg\tn\n")
        for k in sorted(set(c_pf) | set(c_pl) | set(c_org)):
            runs = c_pf[k] + c_pl[k] + c_org[k]
            if runs < min_runs:
                continue
            f = freq[k]
            fh.write(f"{k}\t{b(c_pf[k] / f)}\t{b(c_pl[k] / f)}\t{b(c_org[k] / f)}\t"
                     f"{min(int(math.log2(runs)), 9)}\n")
            nk += 1
    return {"tokens": sum(freq.values()), "keys": nk, "seconds": round(time.time() - t0, 1)}


def load_mined(path: str | Path | None) -> dict[str, tuple[str, str, str, str]] | None:
    """Read ``ner-mined.tsv`` into ``{key: (pf, pl, org, n)}``; None if ``path`` is absent."""
    if path is None or not Path(path).exists():
        return None
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) == 5:
                out[p[0]] = (p[1], p[2], p[3], p[4])
    return out
