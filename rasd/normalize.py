"""Arabic normalisation into match keys, with an offset map back to the original text.

Normalisation never rewrites :attr:`rasd.doc.Doc.text`.  It produces *keys*: strings used
to look things up (knowledge-base aliases, month names, trigger lemmas) and an
:class:`OffsetMap` that takes a ``[start, end)`` span of the key back to the original text.

What a full key (:func:`key`) folds, and why (conventions of CAMeL Tools' ``normalize_*``
functions and the ``rasd.gold/1`` matching rules):

* bidi and zero-width controls (U+200B-U+200F, U+202A-U+202E, U+2066-U+2069, U+061C, U+FEFF)
  are dropped: they are invisible and break matching (handed case M1);
* Arabic diacritics (U+064B-U+065F, U+0670, Quranic marks U+06D6-U+06ED) and tatweel (U+0640)
  are dropped (handed cases N2, N3);
* hamza/alef forms أ إ آ ٱ fold to ا; alef maqsura ى folds to ي (never to ا: handed case N1);
  taa marbuta ة folds to ه; ؤ -> و and ئ -> ي are *not* folded (they distinguish words);
* Arabic-Indic (U+0660-U+0669) and Extended/Persian (U+06F0-U+06F9) digits fold to ASCII
  (handed case N5); ٫ (U+066B) -> ".", ٬ (U+066C) -> ",", ٪ (U+066A) -> "%";
* Persian/Urdu letter variants ی ک ہ fold to ي ك ه; presentation forms go through NFKC;
* Latin letters are lower-cased.

Each character of the input maps to zero or more key characters; the map records, for each key
character, the index of the input character it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TATWEEL = "\u0640"
DIACRITICS = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"] + [chr(c) for c in range(0x06D6, 0x06EE)]
)
BIDI_CONTROLS = frozenset(
    ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
ALEF_FORMS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
NUMERIC_PUNCT = {"\u066b": ".", "\u066c": ",", "\u066a": "%"}
PERSIAN_LETTERS = {"ی": "ي", "ک": "ك", "ہ": "ه", "ۃ": "ة", "ھ": "ه"}

#: Characters that are Arabic letters (base letters, no marks).
ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B)) - {TATWEEL}


def is_mark(ch: str) -> bool:
    """True if ``ch`` is an Arabic diacritic/combining mark (no letter of its own)."""
    return ch in DIACRITICS or (unicodedata.combining(ch) > 0 and "\u0600" <= ch <= "\u06ff")


def is_arabic_letter(ch: str) -> bool:
    """True if ``ch`` is an Arabic base letter (U+0621-U+064A, tatweel excluded)."""
    return ch in ARABIC_LETTERS or ch in PERSIAN_LETTERS


@lru_cache(maxsize=4096)
def _fold_char(ch: str, alef: bool, yaa: bool, teh: bool, digits: bool, lower: bool) -> str:
    if ch in BIDI_CONTROLS or ch == TATWEEL or ch in DIACRITICS:
        return ""
    if ch in PERSIAN_LETTERS:
        ch = PERSIAN_LETTERS[ch]
    if alef and ch in ALEF_FORMS:
        return "ا"
    if yaa and ch == "ى":
        return "ي"
    if teh and ch == "ة":
        return "ه"
    if digits:
        if ch in DIGITS:
            return DIGITS[ch]
        if ch in NUMERIC_PUNCT:
            return NUMERIC_PUNCT[ch]
    o = ord(ch)
    if 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF or 0xFF00 <= o <= 0xFFEF:
        ch = unicodedata.normalize("NFKC", ch)
        if len(ch) == 1 and ch in ALEF_FORMS and alef:
            ch = "ا"
    if lower:
        ch = ch.lower()
    return ch


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """A normalised string and, for each of its characters, the source index in the original.

    Attributes:
        key: the normalised string.
        source: tuple of ``len(key) + 1`` ints; ``source[i]`` is the index in the original text
            of the character that produced ``key[i]``; ``source[len(key)]`` is ``len(original)``.
    """

    key: str
    source: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`key` to a span of the original text.

        The end is extended over characters that produced nothing (diacritics, tatweel) directly
        after the last mapped character, so ``وقّع`` keeps its shadda.

        Raises:
            ValueError: if the span is outside the key or empty-reversed.
        """
        if not 0 <= start <= end <= len(self.key):
            raise ValueError(f"span [{start}, {end}) outside key of length {len(self.key)}")
        if start == end:
            o = self.source[start]
            return (o, o)
        o_start = self.source[start]
        o_end = self.source[end - 1] + 1
        nxt = self.source[end]
        # swallow trailing marks that were dropped from the key
        if nxt > o_end:
            o_end = nxt if end < len(self.key) else nxt
        return (o_start, o_end)


def normalize_with_map(text: str, *, alef: bool = True, yaa: bool = True, teh: bool = True,
                       digits: bool = True, lower: bool = True) -> OffsetMap:
    """Normalise ``text`` into a match key and keep the offset map.

    Args:
        text: any str (the original, untouched).
        alef, yaa, teh, digits, lower: which folds to apply (all on by default, as :func:`key`).
    Returns:
        :class:`OffsetMap` whose ``key`` is the folded text.
    """
    out: list[str] = []
    src: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch, alef, yaa, teh, digits, lower)
        for c in f:
            out.append(c)
            src.append(i)
    src.append(len(text))
    # trailing dropped characters: the end sentinel stays len(text) so spans reaching the end
    # of the key cover them.
    return OffsetMap("".join(out), tuple(src))


def key(text: str) -> str:
    """Return the full match key of ``text`` (all folds of this module; see module docstring).

    >>> key("الحكـــومة") == key("الحكومه")
    True
    """
    return "".join(_fold_char(ch, True, True, True, True, True) for ch in text)


def fold_alef(text: str) -> str:
    """Map أ إ آ ٱ to ا and nothing else (ى stays ى: handed case N1)."""
    return "".join(ALEF_FORMS.get(ch, ch) for ch in text)


def fold_yaa(text: str) -> str:
    """Map alef maqsura ى to ي."""
    return text.replace("ى", "ي")


def fold_teh_marbuta(text: str) -> str:
    """Map taa marbuta ة to ه."""
    return text.replace("ة", "ه")


def remove_tatweel(text: str) -> str:
    """Remove U+0640 ARABIC TATWEEL everywhere (handed case N2)."""
    return text.replace(TATWEEL, "")


def remove_diacritics(text: str) -> str:
    """Remove Arabic diacritics (harakat, shadda, sukun, superscript alef, Quranic marks)."""
    return "".join(ch for ch in text if ch not in DIACRITICS)


def remove_bidi(text: str) -> str:
    """Remove bidi and zero-width control characters (LRM, RLM, LRE ... PDF, isolates, BOM)."""
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


def fold_digits(text: str) -> str:
    """Fold Arabic-Indic and Extended Arabic-Indic digits to ASCII; ٫ -> '.', ٬ -> ',', ٪ -> '%'.

    Digits glued to a clitic (``و١٢``) fold too (handed case N5).
    """
    return "".join(DIGITS.get(ch, NUMERIC_PUNCT.get(ch, ch)) for ch in text)


def repair_stray_marks(text: str) -> str:
    """Re-attach combining marks separated from their letter by spaces (``أن ّ`` -> ``أنّ``).

    Only spaces directly before a run of marks that follows an Arabic letter are removed; this
    *does* change length and is meant for display and tests, never for ``Doc.text``
    (handed case N3).
    """
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == " " and out and is_arabic_letter(out[-1]):
            j = i
            while j < n and text[j] == " ":
                j += 1
            if j < n and is_mark(text[j]):
                i = j
                continue
        out.append(ch)
        i += 1
    return "".join(out)
