"""Tokenisation with D3-like proclitic segmentation, offsets into the original text.

:func:`tokenize` cuts a text into :class:`rasd.doc.Token` objects:

* **Arabic words**: a letter followed by letters, combining marks and tatweel (ZWNJ/ZWJ allowed
  between letters).
* **Latin words**: ``[A-Za-z...]`` words that keep inner hyphens, dots, apostrophes and ``&``
  before a letter or digit (``D-Fend``, ``Nova-Tech``, ``S-400``, ``F-35``, ``www.x.com``);
  runs of initials keep their dots (``U.S.``); digit-led Latin words (``5G``) are Latin too.
* **Numbers**: ASCII, Arabic-Indic (U+0660-9) and Extended Arabic-Indic (U+06F0-9) digits with
  inner ``, . ٫ ٬`` separators and a glued ``%``/``٪`` on either side (``4.5%``, ``٪١٣``).
* A proclitic glued to a number or a Latin word is one token whose proclitic is split off:
  ``و116.7`` -> segments ``["و+", "116.7"]``, ``وD-Fend`` -> ``["و+", "D-Fend"]`` (is_latin).
* **Punctuation and symbols**: one token per character.
* Whitespace and bidi/zero-width controls (``rasd.normalize.BIDI_CONTROLS``) are not tokens.
* A stray combining mark separated from its word by spaces (``أن ّ``) is not a token of its
  own: the previous token is extended over the spaces and the mark (handed case N3); the key
  of such a token ignores the spaces (``key == "ان"``).  A stray mark at the start of the text
  or of a line is dropped like a bidi control.

Proclitic segmentation of Arabic words (handed case T1, ``../shared/cases/README.md``):
conjunctions و ف, prepositions ب ل ك, the article ال, and لل = ل + ال with the elided alef
restored (``للتعاون`` -> ``["ل+", "ال+", "تعاون"]``; ``للاجئين`` -> ``["ل+", "ال+", "لاجئين"]``
when the noun itself starts with ل).  The decision is lexicon based (see :func:`analyze_word`):
root letters stay (``وقعت``, ``فاز``, ``بحث``, ``كتب``, ``لبنان``, ``والي`` are one segment).

Fields of a word token (all offsets are code points into the original text, half-open):

* ``start``/``end``/``text``: the whole word, proclitics included.
* ``key``: ``rasd.normalize.key`` of the whole token text (spaces inside a repaired N3 token
  left out).
* ``stem_start``: offset after the proclitics و ف ب ل ك (and the diacritics/tatweel written on
  them).  The article is **not** skipped: ``text[stem_start:end]`` of ``والمغرب`` is ``المغرب``
  (entity mentions keep ال, ``rasd.gold/1``).  For لل (``للمغرب``) only the preposition ل is
  skipped, so the stem text is ``لمغرب`` (the ل of the article whose alef is elided).
  ``stem_start == start`` when there is no proclitic.  :func:`core_start` gives the offset after
  the article as well.
* ``segments``: D3-style list, proclitics with a trailing ``+`` written as bare letters
  (``و+``, ``ب+``, ``ال+``), then the stem as written (with its diacritics).
* ``stem_key``: ``key`` of the stem without proclitics and without the article (``مغرب``).
* A proclitic written alone with a tatweel (``لـ «حماس»``, ``بـ 100``) is a token with
  segments ``["ل+"]``, ``stem_start == end`` and ``stem_key == ""``.
* ``is_latin``: True for Latin (or digit-led Latin) tokens, also after a glued proclitic.

Numbers and punctuation: ``stem_start == start``, ``segments == [text]``, ``stem_key == key``.

Speed: one precompiled regex pass plus a per-process cache of word analyses (the lexicon,
~56k types, loads once in ~0.2 s): about 150-220k tokens/s on one core once the cache is warm,
4-6 ms for an 800-word article; 40-60k tokens/s on a cold cache (a new word costs ~0.1 ms) (``benchmarks/bench_text.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from rasd.doc import Token
from rasd.normalize import BIDI_CONTROLS, DIACRITICS, TATWEEL, key
from rasd.text.lexicon import AR_LETTER, AR_MARK, light, load_lexicon

_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_NUM = f"[%\u066a]?[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)*[%\u066a]?"
_LAT_L = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN = (
    f"(?:[A-Za-z]\\.){{2,}}(?![A-Za-z0-9])"  # initials U.S. / D.C.
    f"|[0-9]+[{_LAT_L}][{_LAT_L}0-9]*"  # digit-led Latin: 5G, 3D
    f"|[{_LAT_L}](?:[{_LAT_L}0-9]|['\u2019](?=[{_LAT_L}])|[-.&](?=[{_LAT_L}0-9]))*"
)
_CLITIC_GLUE = "(?:[\u0648\u0641][\u0628\u0644\u0643]?|[\u0628\u0644\u0643])(?:\u0627\u0644)?\u0640*|\u0627\u0644\u0640*"
_AR_WORD = f"[{AR_LETTER}][{AR_LETTER}{AR_MARK}]*(?:[\u200c\u200d]+[{AR_LETTER}{AR_MARK}]+)*"
_STRAY = "[" + AR_MARK.replace("\u0640", "") + "]+"
_SKIP = "".join(sorted(BIDI_CONTROLS))

TOKEN_RE = re.compile(
    f"(?P<ar>{_AR_WORD})"
    f"|(?P<lat>{_LATIN})"
    f"|(?P<num>{_NUM})"
    f"|(?P<mark>{_STRAY})"
    f"|(?P<other>[^\\W\\d_]+)"
    f"|(?P<p>[^\\s{_SKIP}])"
)
#: A proclitic (and/or article) glued to a number or a Latin word: و116.7, وD-Fend, بـ100.
GLUED_RE = re.compile(
    f"(?P<cl>{_CLITIC_GLUE})(?:(?P<cn>{_NUM})(?![{_LAT_L}])|(?P<clat>{_LATIN}))"
)
_GLUE_NEXT = frozenset(
    "0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9%\u066a"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
) | frozenset(chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha())

_REMOVED = DIACRITICS | BIDI_CONTROLS | {TATWEEL}
#: Proclitic letters written with a tatweel after them: وبـ لـ بـ.
_LETTER_RUN = re.compile(
    "^(?=[\u0648\u0641\u0628\u0644\u0643])([\u0648\u0641]?[\u0628\u0644\u0643]?)\u0640"
)

#: Per-prefix thresholds T_p of the frequency test (see :func:`analyze_word`).
#: Set on the corpus lexicon by listing the words whose decision changes between candidate
#: values (news writes و + verb far more often than the bare verb: وأضاف 2586 vs أضاف 101);
#: root-letter words inside the margins are listed in ``rasd/lang/ar/clitics.tsv``.
SPLIT_RATIO = {"و": 30.0, "ف": 1.5, "ب": 12.0, "ل": 3.5, "ك": 0.4}
#: Minimal stem length (letters) after a one-letter proclitic and after the article.
MIN_STEM = 2
#: Longest letter run segmented into proclitics: the news lexicon's longest word form has 16
#: letters; a longer run ("ببببب..." typed or pasted) is no word form, and reading each of its
#: letters as a proclitic would recurse once per letter (RecursionError past about 500).
MAX_WORD_LETTERS = 40
_HAMZA_ALEFS = ("أ", "إ", "آ")

#: What follows ال in a form-VIII verb or verbal noun of a ل-initial root (التزم, التقى,
#: التزام, التحاقه): ت + consonant, then a short verb ending or ا + consonant (+ ending).
_FORM8 = re.compile("^ت[^اوي](?:[^اوي](?:[ىاتي]|وا)?|ا[^اوي](?:ات|ه|ها|هم)?)$")

_EXCEPTIONS: frozenset[str] | None = None
_EXC_PATH = Path(__file__).resolve().parent.parent / "lang" / "ar" / "clitics.tsv"


def _exceptions() -> frozenset[str]:
    global _EXCEPTIONS
    if _EXCEPTIONS is None:
        out = set()
        with _EXC_PATH.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                out.add(line.split("\t", 1)[0].strip())
        _EXCEPTIONS = frozenset(out)
    return _EXCEPTIONS


def _c(w: str) -> int:
    return load_lexicon().get(w, 0)


def _article_split(x: str) -> int:
    """Decide the article of ``x`` (light form, no conjunction/preposition in front).

    Returns 2 when ``x`` = ال + stem, else 0.  ``ال`` is the article when written with bare
    alef, the stem has >= 2 letters, ``x`` is not an exception, and, when the stem is not in
    the lexicon: it has >= 3 letters (``والدة`` is not و + ال + دة), ``x`` is not a known
    form-VIII word (:data:`_FORM8`: التزام, التقى) and not a hamza-less spelling of a known hamzated word (الغاء for
    إلغاء, الية for آلية).
    """
    if not x.startswith("ال") or len(x) - 2 < MIN_STEM or x in _exceptions():
        return 0
    y = x[2:]
    if _c(y) > 0:
        return 2
    if len(y) < 3 or _FORM8.match(y) and _c(x) > 0:
        return 0
    rest = x[1:]
    if any(_c(h + rest) > 0 for h in _HAMZA_ALEFS):
        return 0
    return 2


def _est(x: str, depth: int = 0) -> float:
    """Estimated corpus count of ``x`` as a (possibly proclitic-bearing) word form."""
    n = _c(x)
    if n or depth > 2 or len(x) < MIN_STEM:
        return float(n)
    if x.startswith("لل") and len(x) >= 2 + MIN_STEM:
        return 0.1 * max(_est("ال" + x[2:], depth + 1), _est("ال" + x[1:], depth + 1), 1.0)
    if _article_split(x):
        return 1.0
    if x[0] in "بلك" and len(x) > MIN_STEM:
        return 0.1 * _est(x[1:], depth + 1)
    return 0.0


#: Inflectional endings used to judge an unseen remainder by its family (مزدهرا ~ مزدهر).
SUFFIXES = ("ها", "هم", "هما", "هن", "ه", "ة", "ات", "ا", "ين", "ون", "ان", "ي", "نا", "وا", "كم")


def _family(r: str) -> int:
    """Largest lexicon count among inflected relatives of ``r`` (same base +- one ending from
    :data:`SUFFIXES`, base >= 3 letters); 0 when ``r`` is shorter than 3 letters."""
    if len(r) < 3:
        return 0
    bases = [r] + [r[: -len(x)] for x in SUFFIXES if r.endswith(x) and len(r) - len(x) >= 3]
    best = 0
    for b in bases:
        n = _c(b)
        if n > best:
            best = n
        for x in SUFFIXES:
            n = _c(b + x)
            if n > best:
                best = n
    return best


def _stem_evidence(w: str, p: str) -> bool:
    """True when ``w`` itself behaves as a stem: it takes the article, or (for a word starting
    with و/ف) a conjunction, often enough (>= 3 times and >= 5 % of its own count)."""
    need = max(3, 0.05 * _c(w))
    if _c("ال" + w) >= need:
        return True
    return p in "وف" and _c("و" + w) >= need


def _split_one(w: str, p: str, forced: bool) -> bool:
    """Decide whether the first letter ``p`` of ``w`` (light form) is a proclitic."""
    r = w[1:]
    if forced:  # a tatweel after the letter (بـ100, لـحماس), unless it only elongates a known
        # word whose remainder is unknown (بـلغت)
        return len(r) > 0 and not (_c(w) > 0 and _est(r) <= 0 and _family(r) == 0)
    if len(r) < MIN_STEM or w in _exceptions():
        return False
    if _stem_evidence(w, p):
        return False
    cl, _art, has_art = analyze_word(r)
    if has_art or cl and p in "وف" and _c(r) > 0:
        # و + بال... / ب + ال...: a root letter is not followed by a clitic or the article
        return True
    n_w = _c(w)
    n_r = _est(r)
    if n_r <= 0:
        n_r = 0.3 * _family(r)
    if n_r <= 0:
        return n_w == 0 and p == "و" and len(r) >= 3
    return n_w <= SPLIT_RATIO[p] * n_r


@lru_cache(maxsize=200_000)
def analyze_word(w: str, forced: int = 0) -> tuple[tuple[str, ...], int, bool]:
    """Segment one Arabic word given in light form (see :func:`rasd.text.lexicon.light`).

    Args:
        w: the word's letters (no diacritics/tatweel/bidi).
        forced: number of leading letters known to be proclitics (written with a tatweel after
            them: ``بـ``, ``وبـ``).
    Returns:
        ``(clitics, article, has_article)``: ``clitics`` the proclitic letters in order
        (e.g. ``("و", "ب")``), ``article`` the number of letters of the article present in ``w``
        after them (2 for ال, 1 for the ل of لل, 0 when the noun's own ل absorbed it or there is
        no article), ``has_article`` whether the segmentation has ``ال+``.

    Method (source: a word-frequency lexicon of the news corpus, ``rasd/lang/ar/stems.tsv``,
    plus the exception list ``rasd/lang/ar/clitics.tsv``): for a first letter p in و ف (then
    p in ب ل ك) with remainder r, split when ``count(w) <= T_p * est(r)`` (T_p in
    :data:`SPLIT_RATIO`; est(r) is r's count, or a small estimate when r is itself
    article-bearing, or 0.3 x the count of its best inflected relative, see :func:`_family`),
    unless w behaves as a stem (it takes ال or و itself), or w is an
    exception.  An unknown w whose remainder is unknown is split only for و before >= 3
    letters.  The article is decided by :func:`_article_split`; لل is ل + ال.  A run longer
    than :data:`MAX_WORD_LETTERS` is left whole.
    """
    if len(w) > MAX_WORD_LETTERS:
        return (), 0, False
    clitics: list[str] = []
    i = 0
    # conjunction
    if i < len(w) and w[i] in "وف":
        if _split_one(w[i:], w[i], forced > i):
            clitics.append(w[i])
            i += 1
    # preposition
    if i < len(w) and w[i] in "بلك":
        rest = w[i:]
        if w[i] == "ل" and rest.startswith("لل") and len(rest) >= 2 + MIN_STEM \
                and rest not in _exceptions():
            y = rest[2:]
            clitics.append("ل")
            # لل + y: ل + ال + y, or ل + ال + (ل + y) when the noun starts with ل (للاجئين)
            if _c("الل" + y) > _c("ال" + y):
                return tuple(clitics), 0, True
            return tuple(clitics), 1, True
        if _split_one(rest, w[i], forced > i):
            clitics.append(w[i])
            i += 1
    art = _article_split(w[i:])
    return tuple(clitics), art, art > 0


_WORD_CACHE: dict[str, tuple[int, int, tuple[str, ...], str, str]] = {}


def _word_fields(s: str) -> tuple[int, int, tuple[str, ...], str, str]:
    """Analyse surface word ``s``: (stem offset, core offset, segments, key, stem key)."""
    got = _WORD_CACHE.get(s)
    if got is not None:
        return got
    parts = s.split()
    joined = parts[0] if len(parts) == 1 else "".join(parts)
    lw = light(joined)
    m = _LETTER_RUN.match(joined)
    forced = len(m.group(1)) if m else 0
    k = key(joined)
    if not lw:
        res = (0, 0, (joined,), k, k)
        _WORD_CACHE[s] = res
        return res
    if m and forced == len(lw):  # a detached proclitic written with tatweel: لـ «حماس»
        res = (len(joined), len(joined), tuple(c + "+" for c in lw), k, "")
        _WORD_CACHE[s] = res
        return res
    clitics, art, has_art = analyze_word(lw, forced)
    if not clitics and not has_art:
        res = (0, 0, (joined,), k, k)
    else:
        pos = [i for i, ch in enumerate(joined) if ch not in _REMOVED]
        n = len(clitics)
        stem = pos[n] if n < len(pos) else len(joined)
        core_i = n + art
        core = pos[core_i] if core_i < len(pos) else len(joined)
        segs = tuple(c + "+" for c in clitics) + (("ال+",) if has_art else ()) + (joined[core:],)
        if has_art and art == 0:  # لل + noun starting with ل: the noun begins after the ل+
            core = stem
            segs = segs[:-1] + (joined[core:],)
        res = (stem, core, segs, k, key(joined[core:]))
    if len(_WORD_CACHE) > 300_000:
        _WORD_CACHE.clear()
    _WORD_CACHE[s] = res
    return res


def _glued(start: int, text: str, cl: str, rest: str, latin: bool) -> Token:
    """A proclitic (and optional article) glued to a number or Latin word."""
    letters = cl.replace(TATWEEL, "")
    segs: list[str] = []
    i = 0
    if letters[i:i + 1] in ("و", "ف") and not letters.startswith("ال"):
        segs.append(letters[0] + "+")
        i += 1
    if letters[i:i + 1] in ("ب", "ل", "ك"):
        segs.append(letters[i] + "+")
        i += 1
    has_art = letters[i:] == "ال"
    stem_off = cl.find("ال") if has_art else len(cl)
    if has_art:
        segs.append("ال+")
    segs.append(rest)
    k = key(text)
    return Token(start, start + len(text), text, k, start + stem_off, segs, key(rest), latin)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with proclitic segmentation (see the module docstring).

    Args:
        text: the original document text (never modified).
    Returns:
        list of :class:`rasd.doc.Token`, in order, non-overlapping, with
        ``text[t.start:t.end] == t.text``; whitespace and bidi controls fall between tokens.
    """
    out: list[Token] = []
    append = out.append
    fields = _word_fields
    glue_next = _GLUE_NEXT
    n = len(text)
    pos = 0  # end of a glued token: later matches starting before it are part of it
    it = TOKEN_RE.finditer(text)
    nxt = next
    while True:
        m = nxt(it, None)
        if m is None:
            break
        s, e = m.span()
        if s < pos:
            if e > pos:  # a match running past the glued token: rescan after it
                it = TOKEN_RE.finditer(text, pos)
            continue
        kind = m.lastgroup
        t = text[s:e]
        if kind == "ar":
            if e < n and text[e] in glue_next and len(t) <= 6:
                g = GLUED_RE.match(text, s)
                if g is not None and g.end() > e:
                    pos = g.end()
                    cl = g.group("cl")
                    t = text[s:pos]
                    append(_glued(s, t, cl, t[len(cl):], g.lastgroup == "clat"))
                    continue
            so, _co, segs, k, sk = fields(t)
            append(Token(s, e, t, k, s + so, list(segs), sk, False))
        elif kind == "p" or kind == "num" or kind == "other":
            k = key(t)
            append(Token(s, e, t, k, s, [t], k, False))
        elif kind == "lat":
            k = key(t)
            append(Token(s, e, t, k, s, [t], k, True))
        elif kind == "mark":
            # a stray mark: extend the previous token over the gap (handed case N3)
            gap = text[out[-1].end:s] if out else "\n"
            if "\n" not in gap and "\r" not in gap and "\u2029" not in gap:
                prev = out[-1]
                nt = text[prev.start:e]
                if prev.is_latin or len(prev.segments) == 1 and prev.stem_key == prev.key \
                        and not any(ch.isalpha() for ch in prev.text):
                    k = key("".join(nt.split()))
                    out[-1] = Token(prev.start, e, nt, k, prev.stem_start, [nt], k, prev.is_latin)
                else:
                    so, _co, segs, k, sk = fields(nt)
                    out[-1] = Token(prev.start, e, nt, k, prev.start + so, list(segs), sk,
                                    prev.is_latin)
        else:  # pragma: no cover - every group is handled above
            raise AssertionError(kind)
    return out


def without_joiners(text: str, tokens: list[Token]) -> list[Token]:
    """``tokens`` less the underscore tokens glued to a word on both sides: the joiners of a
    hashtag (``#حزب_الوفد_الجديد``), so that name patterns and taggers read its words as a
    phrase and a name's span runs over the underscores.

    Args:
        text: the document text the tokens index (code points).
        tokens: its tokens (:func:`tokenize`).
    Returns:
        a new list without those tokens, or ``tokens`` itself when ``text`` has no ``_``.
    """
    if "_" not in text:
        return tokens
    n = len(text)
    return [t for t in tokens
            if not (t.text.strip("_") == "" and 0 < t.start and t.end < n
                    and not text[t.start - 1].isspace() and not text[t.end].isspace())]


def word_at(tokens: list[Token], offset: int) -> int:
    """Return the index of the token containing character ``offset``, or -1 when none does.

    Args:
        tokens: a list from :func:`tokenize` (sorted, non-overlapping).
        offset: a code-point offset into the same text.
    Returns:
        int index into ``tokens`` with ``tokens[i].start <= offset < tokens[i].end``, else -1.
    Cost: O(log n) (bisection over the starts; no cached index).
    """
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].start <= offset:
            lo = mid + 1
        else:
            hi = mid
    i = lo - 1
    if i >= 0 and tokens[i].start <= offset < tokens[i].end:
        return i
    return -1


def token_starts(tokens: list[Token]) -> list[int]:
    """Return ``[t.start for t in tokens]`` for repeated :func:`bisect.bisect_right` lookups."""
    return [t.start for t in tokens]


def index_at(starts: list[int], tokens: list[Token], offset: int) -> int:
    """Like :func:`word_at` with precomputed ``starts`` (from :func:`token_starts`)."""
    i = bisect_right(starts, offset) - 1
    if i >= 0 and offset < tokens[i].end:
        return i
    return -1


def core_start(token: Token) -> int:
    """Offset in the original text where the token's core begins: after the proclitics *and*
    the article (``والمغرب`` -> offset of ``مغرب``; ``للاجئين`` -> offset of ``لاجئين``).

    Equals ``token.stem_start`` when the token has no article.
    """
    if "ال+" not in token.segments or token.stem_start >= token.end:
        return token.stem_start
    rel = token.stem_start - token.start
    core = token.segments[-1]
    # the core is the written tail of the token (its text without inner spaces)
    joined = "".join(token.text.split())
    off = len(joined) - len(core)
    if off < rel:
        off = rel
    # map the joined offset back to the token text (spaces only occur in repaired N3 tokens)
    if joined is not token.text and joined != token.text:
        j = 0
        for i, ch in enumerate(token.text):
            if j == off:
                return token.start + i
            if not ch.isspace():
                j += 1
    return token.start + off


def has_article(token: Token) -> bool:
    """True when the token's segmentation contains the article ``ال+``."""
    return "ال+" in token.segments
