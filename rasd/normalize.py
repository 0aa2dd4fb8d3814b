"""Arabic normalisation into match keys, with an offset map back to the original text.

Normalisation never rewrites :attr:`rasd.doc.Doc.text`.  It produces *keys*: strings used
to look things up (knowledge-base aliases, month names, trigger lemmas) and an
:class:`OffsetMap` that takes a ``[start, end)`` span of the key back to the original text.

What a full key (:func:`key`) folds, and why (conventions of CAMeL Tools' ``normalize_*``
functions and the ``rasd.gold/1`` matching rules):

* bidi and zero-width controls (U+200B-U+200F, U+202A-U+202E, U+2066-U+2069, U+061C, U+FEFF)
  are dropped: they are invisible and break matching (handed case M1);
* Arabic diacritics (U+064B-U+065F, U+0670, the honorific signs U+0610-U+061A, Quranic marks
  U+06D6-U+06ED, extended marks U+08D3-U+08FF except U+08E2) and tatweel (U+0640) are dropped
  (handed cases N2, N3);
* hamza/alef forms أ إ آ ٱ fold to ا; alef maqsura ى folds to ي (never to ا: handed case N1);
  taa marbuta ة folds to ه; ؤ -> و and ئ -> ي are *not* folded (they distinguish words);
* Arabic-Indic (U+0660-U+0669) and Extended/Persian (U+06F0-U+06F9) digits fold to ASCII
  (handed case N5); ٫ (U+066B) -> ".", ٬ (U+066C) -> ",", ٪ (U+066A) -> "%";
* Persian/Urdu letter variants ی ک ہ fold to ي ك ه; presentation forms (U+FB50-U+FDFF,
  U+FE70-U+FEFF, half/full-width U+FF00-U+FFEF) go through NFKC and the result is folded again
  (``ﻷ`` -> ``لا``, ``ﷲ`` -> ``الله``);
* Latin letters are lower-cased, and lose their accents (Latin-1 Supplement and Extended-A/B
  letters fold to their base letter by canonical decomposition, ı ł ø đ ħ by a small table,
  combining accents U+0300-U+036F are dropped): ``Erdoğan`` and ``Erdogan`` are one key.

Each character of the input maps to zero or more key characters; the map records, for each key
character, the index of the input character it came from.

Speed: :func:`key` runs ``str.translate`` over a lazily filled per-character table (one Python
call per *distinct* character per process, then C speed), about 1-2 us for a word.
:func:`normalize_with_map` uses the same tables and stores only the positions of the dropped
characters (a span lookup is a binary search); the per-character map is built only for texts
with a character that folds to several characters (ligatures) or on first access to
:attr:`OffsetMap.source` / :attr:`OffsetMap.ends`.  It is the one offset-map implementation
(timexes, quantities and every other extractor use it).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

TATWEEL = "\u0640"
DIACRITICS = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"] + [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + [chr(c) for c in range(0x08D3, 0x0900) if c != 0x08E2]
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
    return ch in DIACRITICS or (unicodedata.combining(ch) > 0 and "\u0600" <= ch <= "\u08ff")


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
        nf = unicodedata.normalize("NFKC", ch)
        if nf != ch:
            # a ligature or presentation form: fold what it stands for (ﻷ -> لا, ﹰ -> " ")
            return "".join(_fold_char(c, alef, yaa, teh, digits, lower) for c in nf)
    if lower:
        if 0x0300 <= o <= 0x036F:
            return ""  # a combining accent over a Latin letter (decomposed Erdog\u0306an)
        if 0xC0 <= o <= 0x24F:
            ch = _LATIN_BASE.get(ch) or _latin_base(ch)
        ch = ch.lower()
    return ch


#: Latin letters without a canonical decomposition that fold to a base letter anyway
_LATIN_BASE = {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
               "ħ": "h", "Ħ": "H"}


def _latin_base(ch: str) -> str:
    """A Latin letter with accents (ğ é ü ç ş ...) as its base letter (g e u c s), by its
    canonical decomposition; any other character unchanged."""
    d = unicodedata.normalize("NFD", ch)
    if len(d) > 1 and d[0].isascii() and d[0].isalpha() \
            and all(unicodedata.category(c) == "Mn" for c in d[1:]):
        return d[0]
    return ch


class OffsetMap:
    """A normalised string and, for each of its characters, the source index in the original.

    Built by :func:`normalize_with_map` (or by hand: ``OffsetMap(key, source, ends)``).

    Attributes:
        key: the normalised string.
        source: tuple of ``len(key) + 1`` ints; ``source[i]`` is the index in the original text
            of the character that produced ``key[i]``; ``source[len(key)]`` is ``len(original)``.
            Computed on first access for maps built by the fast path (which stores only the
            positions of dropped characters).
        ends: tuple of ``len(key)`` ints (may be empty for maps built by hand); ``ends[i]`` is the
            exclusive end in the original of a span whose last key character is ``key[i]``: one
            past its source character, extended over the diacritics and tatweel dropped right
            after it (so ``وقّع`` keeps its shadda), but never over dropped bidi/zero-width
            controls or anything else.  Computed on first access for fast-path maps.
    """

    __slots__ = ("key", "_source", "_ends", "_kp", "_text")

    def __init__(self, key: str, source: tuple[int, ...] | None = None,
                 ends: tuple[int, ...] = (), *, _text: str | None = None,
                 _kp: list[int] | None = None) -> None:
        self.key = key
        self._source = source
        self._ends = ends
        self._text = _text  # fast path: the original text ...
        self._kp = _kp      # ... and, per dropped character, its key position (sorted)

    def __repr__(self) -> str:
        return f"OffsetMap(key={self.key!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OffsetMap):
            return NotImplemented
        return (self.key, self.source, self.ends) == (other.key, other.source, other.ends)

    __hash__ = None  # type: ignore[assignment]

    @property
    def source(self) -> tuple[int, ...]:
        if self._source is None:
            n = len(self.key)
            self._source = tuple(self._orig(i) for i in range(n)) + (len(self._text),)
        return self._source

    @property
    def ends(self) -> tuple[int, ...]:
        if self._text is not None and not self._ends and self.key:
            self._ends = tuple(self._end_after(i) for i in range(len(self.key)))
        return self._ends

    def _orig(self, i: int) -> int:
        """Fast path: original index of ``key[i]``."""
        kp = self._kp
        return i + bisect_right(kp, i) if kp else i

    def _end_after(self, i: int) -> int:
        """Fast path: the value of ``ends[i]``."""
        t = self._text
        n = len(t)
        o = self._orig(i) + 1
        while o < n and (t[o] in DIACRITICS or t[o] == TATWEEL):
            o += 1
        return o

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`key` to a span of the original text.

        The start is the source of ``key[start]`` (dropped characters before it, such as an
        RLM, are left out).  The end is extended over diacritics and tatweel dropped directly
        after the last mapped character (see :attr:`ends`); bidi controls after it are left out.
        An empty span maps to an empty span at the source of ``key[start]``.

        Args:
            start, end: key offsets, ``0 <= start <= end <= len(key)``.
        Returns:
            ``(o_start, o_end)`` half-open code-point offsets into the original text.
        Raises:
            ValueError: if the span is outside the key or reversed.
        """
        if not 0 <= start <= end <= len(self.key):
            raise ValueError(f"span [{start}, {end}) outside key of length {len(self.key)}")
        if self._text is not None:  # fast path: O(log dropped) per call
            if start == end:
                o = self._orig(start) if start < len(self.key) else len(self._text)
                return (o, o)
            return (self._orig(start), self._end_after(end - 1))
        source = self._source
        if start == end:
            o = source[start]
            return (o, o)
        o_start = source[start]
        if self._ends:
            o_end = self._ends[end - 1]
            # several key characters from one source character (a ligature): cut inside it
            # still ends after that character
            return (o_start, o_end)
        o_end = source[end - 1] + 1
        nxt = source[end]
        if nxt > o_end:  # legacy map without ends: swallow everything dropped before the next
            o_end = nxt
        return (o_start, o_end)


class _FoldTable(dict):
    """``str.translate`` table for one set of folds, filled lazily one distinct character at a
    time; remembers the characters that fold to more than one character (ligatures, NFKC
    expansions), for which the fast offset map does not apply."""

    __slots__ = ("flags", "multi")

    def __init__(self, flags: tuple[bool, bool, bool, bool, bool]) -> None:
        super().__init__()
        self.flags = flags
        self.multi: set[str] = set()

    def __missing__(self, o: int) -> str:
        ch = chr(o)
        v = _fold_char(ch, *self.flags)
        if len(v) > 1 or (not v and not (ch in BIDI_CONTROLS or ch in DIACRITICS or ch == TATWEEL)):
            self.multi.add(ch)
        self[o] = v
        return v


_KEY_TABLE = _FoldTable((True, True, True, True, True))
_TABLES: dict[tuple[bool, bool, bool, bool, bool], _FoldTable] = {_KEY_TABLE.flags: _KEY_TABLE}
#: Characters dropped by every fold (bidi controls, diacritics, tatweel).
_DROPPED_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS | DIACRITICS | {TATWEEL})) + "]")


def normalize_with_map(text: str, *, alef: bool = True, yaa: bool = True, teh: bool = True,
                       digits: bool = True, lower: bool = True) -> OffsetMap:
    """Normalise ``text`` into a match key and keep the offset map.

    The key is computed with ``str.translate`` over a lazily filled per-character table, and
    only the positions of the dropped characters (bidi controls, diacritics, tatweel) are
    stored: an offset lookup is a binary search, about ten times faster to build than a full
    per-character map.  Texts holding a character that folds to several characters (a
    ligature such as ``ﻷ``) take the per-character path (:func:`_normalize_with_map_full`);
    both paths give the same key and the same spans.

    Args:
        text: any str (the original, untouched).
        alef, yaa, teh, digits, lower: which folds to apply (all on by default, as :func:`key`).
    Returns:
        :class:`OffsetMap` whose ``key`` is the folded text (equal to ``key(text)`` with the
        default flags) and whose spans map back into ``text``.
    """
    flags = (alef, yaa, teh, digits, lower)
    table = _TABLES.get(flags)
    if table is None:
        table = _TABLES.setdefault(flags, _FoldTable(flags))
    k = text.translate(table)
    if table.multi and any(c in text for c in table.multi):
        return _normalize_with_map_full(text, *flags)
    dropped = [m.start() for m in _DROPPED_RE.finditer(text)]
    if len(k) != len(text) - len(dropped):  # pragma: no cover - guarded by table.multi
        return _normalize_with_map_full(text, *flags)
    return OffsetMap(k, None, (), _text=text, _kp=[p - j for j, p in enumerate(dropped)])


def _normalize_with_map_full(text: str, alef: bool = True, yaa: bool = True, teh: bool = True,
                             digits: bool = True, lower: bool = True) -> OffsetMap:
    """Per-character :func:`normalize_with_map` (any fold, ligatures included): the reference
    implementation, with a full ``source``/``ends`` map."""
    out: list[str] = []
    src: list[int] = []
    ends: list[int] = []
    last = -1  # index in ends of the last key character emitted
    for i, ch in enumerate(text):
        f = _fold_char(ch, alef, yaa, teh, digits, lower)
        if f:
            for c in f:
                out.append(c)
                src.append(i)
                ends.append(i + 1)
            last = len(ends)
        elif last > 0 and (ch in DIACRITICS or ch == TATWEEL) and ends[last - 1] == i:
            # a mark or tatweel right after the last kept character (or after marks that were
            # themselves swallowed): spans ending there take it along
            e = i + 1
            j = last - 1
            while j >= 0 and src[j] == src[last - 1]:
                ends[j] = e
                j -= 1
    src.append(len(text))
    return OffsetMap("".join(out), tuple(src), tuple(ends))


def key(text: str) -> str:
    """Return the full match key of ``text`` (all folds of this module; see module docstring).

    Equal to ``normalize_with_map(text).key``.  Whitespace and punctuation are kept as they are.

    >>> key("الحكـــومة") == key("الحكومه")
    True
    """
    return text.translate(_KEY_TABLE)


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

    Spaces directly before a run of marks are removed when the last character before the spaces
    that is not itself a mark is an Arabic letter (or tatweel).  This *does* change length and is
    meant for display and tests, never for ``Doc.text`` (handed case N3).
    """
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == " " and out:
            k = len(out) - 1
            while k >= 0 and is_mark(out[k]):
                k -= 1
            if k >= 0 and (is_arabic_letter(out[k]) or out[k] == TATWEEL):
                j = i
                while j < n and text[j] == " ":
                    j += 1
                if j < n and is_mark(text[j]):
                    i = j
                    continue
        out.append(ch)
        i += 1
    return "".join(out)
