"""Cross-script name matching and romanisation.

* :func:`ar_skeleton` / :func:`latin_skeleton`: a deterministic *consonant skeleton* of an
  Arabic-script or Latin-script name in one shared reduced alphabet, so that ``ريثيون`` and
  ``Raytheon`` both give ``RTN``, ``إلبيت سيستمز`` and ``Elbit Systems`` both ``LBTSSTMS``,
  ``لوكهيد`` and ``Lockheed`` both ``LKD``. Vowels, ``w``/``y`` (و/ي), ``h`` (ه/ح), ``ع`` and
  hamza are dropped; letters the two scripts render differently share a class: ``p``=``b``
  (ب), ``v``=``f`` (ف/ڤ), ``s/z/sh/c(e,i)``=``S`` (س ص ش ز ظ ث), ``k/q/c/ck/ch/kh/x``=``K``
  (ك ق خ), ``g/j``=``G`` (ج غ گ), ``t/th``=``T`` (ت ط ث), ``d/dh``=``D`` (د ض ذ); doubled
  consonants collapse; ``tion`` reads ``shon`` and ``gh`` after a vowel is silent (``Brightwater``
  = ``برايتووتر``). The classes are a design choice of rasd (how Arabic news sites
  transcribe English and European names), not a standard transliteration.
* :func:`skeleton_similarity`: rapidfuzz ratio (0-100) of two skeletons.
* :func:`romanize`: a readable English-press romanisation of an Arabic person name: known name
  parts from ``rasd/kb/names_en.tsv`` (``محمد`` -> Mohammed, ``ميتشل`` -> Mitchell), otherwise
  letter by letter with long vowels (``ا و ي``) read as a/ou/i and the article as ``al-``.

All functions are pure and cheap (a pass over the characters, a few replacements) and cached
per process (``lru_cache``: names repeat across articles).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from rasd.normalize import key

_KB_DIR = Path(__file__).resolve().parent.parent / "kb"

_AR_MAP = {
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "T", "ج": "G", "چ": "G", "غ": "G", "گ": "G",
    "ك": "K", "ک": "K", "ق": "K", "خ": "K", "د": "D", "ض": "D", "ذ": "D", "ر": "R", "ز": "S",
    "س": "S", "ص": "S", "ش": "S", "ظ": "S", "ف": "F", "ڤ": "F", "ل": "L", "م": "M", "ن": "N",
}
_AR_TABLE = {ord(c): v for c, v in _AR_MAP.items()}
_LAT_DIGRAPHS = (("sch", "S"), ("tch", "S"), ("ch", "S"), ("sh", "S"), ("th", "T"),
                 ("ph", "F"), ("kh", "K"), ("ck", "K"), ("gh", "G"), ("dh", "D"), ("qu", "K"),
                 ("x", "KS"))
_SILENT_GH = re.compile(r"([aeiou])gh")
_LAT_MAP = {"b": "B", "p": "B", "t": "T", "d": "D", "k": "K", "q": "K", "g": "G", "j": "G",
            "f": "F", "v": "F", "s": "S", "z": "S", "l": "L", "m": "M", "n": "N", "r": "R"}


def _collapse(s: str) -> str:
    out = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def ar_skeleton(text: str) -> str:
    """Consonant skeleton (str over ``BTGKDRSFLMN`` and digits) of an Arabic-script name;
    Latin letters inside are read with :func:`latin_skeleton`. Empty when no consonant."""
    out = []
    for ch in key(text):
        if "a" <= ch <= "z" or "A" <= ch <= "Z":
            out.append(latin_skeleton(ch))
        elif ch.isdigit():
            out.append(ch)
        else:
            v = _AR_MAP.get(ch)
            if v:
                out.append(v)
    return _collapse("".join(out))


def _fold_latin(text: str) -> str:
    s = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def latin_skeleton(text: str) -> str:
    """Consonant skeleton of a Latin-script name (accents folded, case ignored); see the module
    doc for the classes. ``c`` is ``S`` before e/i/y, else ``K``."""
    s = _fold_latin(text)
    if "tion" in s:
        s = s.replace("tion", "shon")  # Solutions -> سوليوشنز
    if "gh" in s:
        s = _SILENT_GH.sub(r"\1", s)  # Brightwater, Vaughan: gh after a vowel is silent
    for a, b in _LAT_DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    out = []
    n = len(s)
    for i, ch in enumerate(s):
        if ch in "SKTFGD":  # digraph results (upper case)
            out.append(ch)
        elif ch == "c":
            out.append("S" if i + 1 < n and s[i + 1] in "eiy" else "K")
        elif ch.isdigit():
            out.append(ch)
        else:
            v = _LAT_MAP.get(ch)
            if v:
                out.append(v)
    return _collapse("".join(out))


def skeleton(text: str) -> str:
    """Skeleton of a name in either script (Arabic letters present -> :func:`ar_skeleton`)."""
    if any("\u0600" <= c <= "\u06ff" for c in text):
        return ar_skeleton(text)
    return latin_skeleton(text)


def skeleton_similarity(a: str, b: str) -> float:
    """rapidfuzz ``ratio`` (0-100) of two skeletons; 0 when either is empty."""
    if not a or not b:
        return 0.0
    from rapidfuzz.fuzz import ratio

    return float(ratio(a, b))


@lru_cache(maxsize=1)
def name_parts() -> dict[str, str]:
    """Map name-part keys (:func:`rasd.normalize.key`) to English spellings.

    Sources, in priority order: ``rasd/kb/names_en.tsv`` (curated), then the knowledge
    base's people (``rasd/kb/people.tsv``): each Arabic alias with as many words as the
    person's English name gives its words that name's words, position by position (``ميشال
    عون`` / Michel Aoun: ``عون`` -> Aoun), so a relative or namesake the knowledge base does not
    hold is spelled as the press spells the family (``نعيم عون`` -> Naim Aoun).  A pair is
    learnt only when both words have the same consonant skeleton (:func:`ar_skeleton`), so a
    nickname (Jim for «جيمس») is not; function words (بن، ال-) are not learnt either."""
    out: dict[str, str] = {}
    with (_KB_DIR / "names_en.tsv").open(encoding="utf-8") as f:
        header = True
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            if header:
                header = False
                continue
            ar, en = (line.rstrip("\n").split("\t") + [""])[:2]
            if ar.strip() and en.strip():
                out.setdefault(key(ar.strip()), en.strip())
    for ar_word, en_word in _people_name_parts():
        out.setdefault(ar_word, en_word)
    return out


#: words an aligned alias never teaches (connectors and titles, whose spelling depends on the
#: name around them)
_NO_PART = frozenset(key(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "آل", "عبد", "ال"))


def _people_name_parts() -> list[tuple[str, str]]:
    """``(Arabic word key, English word)`` pairs aligned from the people table (see
    :func:`name_parts`); a word that two people spell differently is left out."""
    from rasd.kb import read_table

    seen: dict[str, set[str]] = {}
    order: list[str] = []
    for e in read_table(_KB_DIR / "people.tsv"):
        en = e.name_en.split()
        if len(en) < 2 or not all(w[:1].isalpha() for w in en):
            continue
        for alias in e.aliases_ar:
            ar = alias.lstrip("~").split()
            if len(ar) != len(en):
                continue
            for a, b in zip(ar, en):
                k = key(a)
                if k in _NO_PART or len(k) < 2 or not b[:1].isupper():
                    continue
                if k.startswith("ال") != b.lower().startswith("al-"):
                    continue  # «السيسي» / al-Sisi aligns; «الفتاح» / Fattah does not
                if ar_skeleton(a) != latin_skeleton(b):
                    continue  # a nickname or another order: «جيمس» is not Jim
                if k not in seen:
                    seen[k] = set()
                    order.append(k)
                seen[k].add(b)
    return [(k, next(iter(seen[k]))) for k in order if len(seen[k]) == 1]


_ROM = {"ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
        "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
        "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
        "ه": "h", "ة": "a", "ء": "", "ئ": "", "ؤ": "", "پ": "p", "ڤ": "v", "چ": "ch", "گ": "g"}


def _romanize_word(w: str) -> str:
    k = key(w)
    # the match key folds ة into ه; a name ending in ة (عمارة، طلحة) ends in "a", not "h"
    bare = "".join(c for c in w if not "\u064b" <= c <= "\u0652" and c != "\u0640")
    taa = bare.endswith("ة") and k.endswith("ه")
    parts = name_parts()
    if k in parts:
        return parts[k]
    prefix = ""
    if k.startswith("ال") and len(k) > 3:
        stem = k[2:]
        if stem in parts:
            return "al-" + parts[stem]
        prefix, k = "al-", stem
    out = []
    n = len(k)
    # a long vowel و reads "ou" in Arabic names (with the article: al-Jubouri), "o" in the
    # foreign names the press transcribes without it (فومين Fomin, برانسون Branson)
    long_o = "ou" if prefix else "o"
    for i, ch in enumerate(k):
        if ch == "ا":
            if i == 0 and n > 2 and k[1] == "و" and k[2] not in "اوي":
                continue  # initial او + consonant: the و is the vowel (أوباما Obama, أوستن Osten)
            out.append("a")
        elif ch == "و":
            prev_cons = i > 0 and k[i - 1] not in "اوي"
            if i == 1 and k[0] == "ا" and n > 2 and k[2] not in "اوي":
                out.append("o")
                continue
            if i == n - 2 and k[-1] in "يى":
                out.append("aw" if prev_cons else "w")  # بدوي Bdawi, علوي Alawi
                continue
            out.append("w" if i == 0 or (i + 1 < n and k[i + 1] in "اي" and not prev_cons)
                       else (long_o if prev_cons or i == n - 1 else "w"))
        elif ch == "ع":
            out.append("a" if i == 0 or (i + 1 < n and k[i + 1] not in "اويى") else "")
        elif ch == "ئ":
            out.append("i")
        elif ch == "ؤ":
            out.append("u")
        elif ch in "يى":
            out.append("y" if i == 0 or (i + 1 < n and k[i + 1] in "او") else "i")
        else:
            r = _ROM.get(ch)
            if r is None:
                r = ch if ch.isascii() else ""
            out.append(r)
    if taa and out and out[-1] == "h":
        out[-1] = "a"
    s = "".join(out)
    return prefix + (s[:1].upper() + s[1:] if s else s)


@lru_cache(maxsize=65536)
def romanize(name: str) -> str:
    """Readable romanisation of an Arabic-script person name (``عبد القادر عبد الرحمن``
    -> ``Abdel Qader Abdel al-Rahman``-style; known parts take their usual English spelling).
    Latin-script input is returned unchanged. The output is a display aid, not a standard."""
    if not any("\u0600" <= c <= "\u06ff" for c in name):
        return name
    parts = name_parts()
    words = name.replace("_", " ").split()  # a hashtag's words (#محمد_صلاح)
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words):
            two = key(words[i] + " " + words[i + 1])
            if two in parts:
                out.append(parts[two])
                i += 2
                continue
            if key(words[i]) == _ABD and key(words[i + 1]).startswith("ال"):
                stem = key(words[i + 1])[2:]  # عبد القادر -> Abdel Qader
                out.append("Abdel " + (parts.get(stem) or _romanize_word(stem)))
                i += 2
                continue
        out.append(_romanize_word(words[i]))
        i += 1
    return " ".join(w for w in out if w)


_ABD = key("عبد")

__all__ = ["ar_skeleton", "latin_skeleton", "name_parts", "romanize", "skeleton",
           "skeleton_similarity"]
