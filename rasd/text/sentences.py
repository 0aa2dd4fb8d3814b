"""Sentence splitting for Arabic news text, as ``[start, end)`` spans of the original text.

Rules (each one a kind of input, not a string):

* A line break always ends a sentence (paragraphs, headlines, list items); so does the end of
  the text.
* ``. ! ? ؟ ۔`` (runs such as ``؟!``), the ellipsis ``…`` and runs of two or more dots
  (``..``, ``...``) end a sentence.  The Arabic semicolon ``؛`` and the comma ``،`` are clause
  separators and never end a sentence, nor does ``:``.
* A dot does not end a sentence: between two digits (``2.5``, ``٢.٥``; ``٢٫٥`` uses U+066B, not a
  dot), between two letters with no space (``www.site.com``, ``U.S``, ``ص.ب``), after a title
  abbreviation from ``rasd/lang/ar/abbreviations.tsv`` (``د.``, ``أ.``, ``Dr.``, ``U.S.``), after
  a single letter (an initial: ``J. Smith``, ``م. أحمد``), except calendar markers right after a
  number (``عام 2020 م.``, ``1445هـ.``, ``500 ق.م.``).
* A dot inside a dotted acronym of single letters never ends a sentence (``أ.ف.ب``، ``و.م.ع``،
  ``(ش.م.ع)``); the dot after its last letter (``أ.ف.ب.``) ends one only at the end of a line.
* Inside a quotation opened and closed on the same line (``«...»``, ``“...”``, ``"..."``) a
  terminal does not end a sentence; a terminal right before the closing quote ends the sentence
  after the quote (handed case Q1: the closing ``»`` stays with the first sentence), unless a
  reporting verb follows (``«...» قال الوزير.`` is one sentence).  Unmatched quotes are ignored.
* Closing quotes and brackets right after a terminal go with the sentence.
* A piece without any letter (``1.`` of a numbered list, a lone ``...``) does not become a
  sentence of its own; it joins the next one.

Spans are stripped of surrounding whitespace and bidi/zero-width controls, in order,
non-overlapping; together they cover every other character of the text.
"""

from __future__ import annotations

import heapq
import re
from pathlib import Path

from rasd.normalize import BIDI_CONTROLS, key
from rasd.text.lexicon import light, load_lexicon

_LANG = Path(__file__).resolve().parent.parent / "lang" / "ar"
_ABBR: dict[str, str] | None = None
_REPORTING: frozenset[str] | None = None

_LINE_RE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")
_TERM_RE = re.compile("[.!?\u061f\u2026\u06d4]+")
_QUOTE_RE = re.compile('[«»"\u201c\u201d]')
_CLOSERS = frozenset('»"\u201d\u2019\')]}')
_OPENERS = frozenset('«"\u201c\u2018\'([{')
_STRIP = frozenset(BIDI_CONTROLS) | {"\u2066", "\u2067", "\u2068", "\u2069"}
_SHORT_WORD_RE = re.compile("[\\s«\"\u201c\u2018'(\\[{]")
_ALPHA_RE = re.compile(r"[^\W\d_]")
_ERA_RE = re.compile(r"^[0-9\u0660-\u0669\u06f0-\u06f9]+")


def _abbreviations() -> dict[str, str]:
    """``{key(form): kind}`` from ``rasd/lang/ar/abbreviations.tsv``, loaded once."""
    global _ABBR
    if _ABBR is None:
        out: dict[str, str] = {}
        with (_LANG / "abbreviations.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 2:
                    out[key(cols[0])] = cols[1]
        _ABBR = out
    return _ABBR


def _reporting_verbs() -> frozenset[str]:
    """Keys of the finite reporting verbs (``rasd/lang/ar/reporting_verbs.tsv``, kind ``verb``);
    empty when that file is absent."""
    global _REPORTING
    if _REPORTING is None:
        out: set[str] = set()
        p = _LANG / "reporting_verbs.tsv"
        if p.exists():
            with p.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("#"):
                        continue
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) >= 2 and cols[1] == "verb":
                        k = key(cols[0])
                        out.add(k)
                        out.add("و" + k)
                        out.add("ف" + k)
        _REPORTING = frozenset(out)
    return _REPORTING


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _quote_pairs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Matched quotation pairs ``(open, close)`` (indices of the quote characters) in [a, b)."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # « and “ openers
    straight = -1
    for m in _QUOTE_RE.finditer(text, a, b):
        ch = m.group()
        i = m.start()
        if ch == '"':
            if straight < 0:
                straight = i
            else:
                pairs.append((straight, i))
                straight = -1
        elif ch in "«\u201c":
            stack.append((ch, i))
        else:  # » or ”
            want = "«" if ch == "»" else "\u201c"
            for j in range(len(stack) - 1, -1, -1):
                if stack[j][0] == want:
                    pairs.append((stack[j][1], i))
                    del stack[j:]
                    break
    return pairs


def _word_before(text: str, i: int, lo: int) -> tuple[str, int]:
    """The run of non-space characters ending at ``i`` (exclusive) and its start."""
    j = i
    while j > lo and not text[j - 1].isspace() and i - j < 40:
        j -= 1
    w = text[j:i]
    k = 0
    while k < len(w) and w[k] in _OPENERS:
        k += 1
    return w[k:], j + k


def _single_letter_before(text: str, i: int, lo: int) -> bool:
    """True if ``text[i - 1]`` is a letter standing alone (no letter right before it)."""
    return (i > lo and _is_letter(text[i - 1])
            and (i - 1 == lo or not _is_letter(text[i - 2])))


def _in_letter_chain(text: str, i: int, lo: int, hi: int) -> bool:
    """True if the dot at ``i`` belongs to a dotted acronym of single letters (أ.ف.ب، و.م.ع،
    ش.م.ع، ق.م) and does not end it at the end of a line.

    A dot between two single letters (``أ.ف``) never ends a sentence; the dot after the last
    letter of a chain of two or more (``أ.ف.ب.``) ends one only at the end of the line (an
    acronym is usually followed by more words: ``وكالة أ.ف.ب. عن مصدر``); chains listed in
    ``abbreviations.tsv`` (``ق.م.`` after a year) keep the table's rule.
    """
    if not _single_letter_before(text, i, lo):
        return False
    j = i + 1
    if j < hi and _is_letter(text[j]) and (j + 1 >= hi or not _is_letter(text[j + 1])):
        return True  # X.Y with Y a single letter
    # the last dot of a chain: a single letter and a dot before this letter
    if i - 2 >= lo and text[i - 2] == "." and _single_letter_before(text, i - 2, lo):
        word, _ = _word_before(text, i, lo)
        if key(word) in _abbreviations() or _abbreviations().get(key(word) + ".") is not None:
            return False  # a listed abbreviation (ق.م era marker, ص.ب): its own rule decides
        k = j
        while k < hi and (text[k].isspace() or text[k] in _STRIP or text[k] in _CLOSERS):
            k += 1
        return k < hi
    return False


#: Latin letters spelled in Arabic (keys): with a dot, the initials of a foreign name
#: («جي. دبليو. هاريسون»); without, an acronym («بي بي سي»).  Source: Arabic press usage.
SPELLED_LETTERS = frozenset(key(w) for w in (
    "إيه", "بي", "سي", "دي", "إي", "إف", "جي", "إتش", "آي", "جيه", "كيه", "إل", "إم", "إن",
    "أو", "كيو", "آر", "إس", "تي", "يو", "في", "إكس", "واي", "زد", "كاي", "دبليو", "إيتش"))


def abbreviation_kind(k: str) -> str | None:
    """The kind (``title``, ``era``) of the abbreviation whose key is ``k`` in
    ``rasd/lang/ar/abbreviations.tsv`` (``د`` -> ``title``), or None."""
    return _abbreviations().get(k)


def dot_abbreviation(word: str) -> bool:
    """True when a dot right after ``word`` marks an initial or an abbreviation, not the end
    of a sentence as such: one letter (ت., J.), a spelled Latin letter (جي.) or a title form of
    ``abbreviations.tsv`` (د.، Dr.).  Where the sentence really ends is for
    :func:`split_sentences` to decide."""
    k = key(word)
    letters = [c for c in k if c.isalpha()]
    return len(letters) == 1 or k in SPELLED_LETTERS or _abbreviations().get(k) == "title"


def _word_after(text: str, j: int, hi: int) -> str:
    """The run of non-space characters after the spaces from ``j`` (inside ``[j, hi)``)."""
    while j < hi and text[j].isspace():
        j += 1
    e = j
    while e < hi and not text[e].isspace() and text[e] != ".":
        e += 1
    return text[j:e]


def _definite_letter(k: str) -> bool:
    """True for a spelled letter with the article opening a definite acronym (الإف in «الإف.
    بي. آي.»), not a common word that reads so (الآن، الأم: frequent in the news lexicon)."""
    if not k.startswith("ال") or k[2:] not in SPELLED_LETTERS:
        return False
    return load_lexicon().get(light(k), 0) < 20


def _spelled_initial(text: str, wstart: int, i: int, lo: int, hi: int) -> bool:
    """Whether the spelled letter ``text[wstart:i]`` before the dot at ``i`` is an initial:
    the word before it is not an undotted spelled letter (``بي بي سي.`` ends a sentence), and
    a word follows on the line that is not a common word after the conjunction و or ف
    (``... إف. بي. آي. وقال`` ends one too; ``جي. دي. فانس`` does not)."""
    b, _ = _word_before(text, _skip_space_back(text, wstart, lo), lo)
    if b and key(b) in SPELLED_LETTERS and not _definite_letter(key(text[wstart:i])):
        return False  # (with the article the letter opens the acronym: «في الإف. بي. آي.»)
    j = i + 1
    while j < hi and (text[j].isspace() or text[j] in _CLOSERS):
        j += 1  # «(إف. بي. آي.) اعتقال»: a closing bracket or quote, then the sentence goes on
    if j >= hi or not _is_letter(text[j]):
        return False
    if text[j] in "وف":
        e = j
        while e < hi and not text[e].isspace():
            e += 1
        return load_lexicon().get(light(text[j + 1:e]), 0) < 20
    return True


def _skip_space_back(text: str, j: int, lo: int) -> int:
    """The index after the last non-space character before ``j`` (not before ``lo``)."""
    while j > lo and text[j - 1].isspace():
        j -= 1
    return j


def _dot_ends(text: str, i: int, lo: int, hi: int) -> bool:
    """Decide whether the single dot at ``i`` (inside line ``[lo, hi)``) ends a sentence."""
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    if prev.isdigit() and nxt.isdigit():
        return False
    if _in_letter_chain(text, i, lo, hi):
        return False
    if prev and nxt and _is_letter(prev) and (_is_letter(nxt) or nxt.isdigit()):
        # no space after the dot: a URL, U.S, ص.ب ... ; between two Arabic words of >= 2
        # letters it is a missing space after a sentence end (التداولات.وقال)
        if not ("\u0600" <= prev <= "\u06ff" and "\u0600" <= nxt <= "\u06ff"):
            return False
    if i - lo > 8 and _SHORT_WORD_RE.search(text, i - 8, i) is None:
        return True  # the word before is longer than any abbreviation, initial or year marker
    word, wstart = _word_before(text, i, lo)
    if not word:
        return True
    k = key(word)
    kind = _ABBR.get(k) if _ABBR is not None else _abbreviations().get(k)
    era_chunk = _ERA_RE.sub("", k)
    if kind is None and era_chunk != k and _abbreviations().get(era_chunk) == "era":
        return True  # 2020م. / 1445هـ.
    if kind == "title":
        return False
    if kind == "era":
        # after a number: a calendar marker, the sentence may end; else a title (م. = engineer)
        j = _skip_space_back(text, wstart, lo)
        return j > lo and text[j - 1].isdigit()
    letters = [c for c in word if c.isalpha()]
    if len(letters) == 1 and "." not in word:
        return False  # an initial
    parts = k.split(".")
    if (all(p in SPELLED_LETTERS for p in parts) or (
            # «في الإف. بي. آي.»: a definite letter only when another spelled letter follows
            _definite_letter(parts[0]) and all(p in SPELLED_LETTERS for p in parts[1:])
            and key(_word_after(text, i + 1, hi)) in SPELLED_LETTERS)) \
            and _spelled_initial(text, wstart, i, lo, hi):
        return False  # «جي. دبليو. هاريسون»، «سي.إن. إن»: Latin letters spelled in Arabic
    if "\u0600" <= prev <= "\u06ff" and "\u0600" <= nxt <= "\u06ff" and len(letters) < 2:
        return False
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences (see the module docstring for the rules).

    Args:
        text: the original document text (never modified).
    Returns:
        list of ``(start, end)`` half-open code-point spans, in order, non-overlapping, each
        stripped of surrounding whitespace and bidi controls and non-empty.
    """
    abbr = _abbreviations()  # noqa: F841 - loads the table once
    out: list[tuple[int, int]] = []

    def emit(s: int, e: int) -> None:
        while s < e and (text[s].isspace() or text[s] in _STRIP):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in _STRIP):
            e -= 1
        if s < e:
            out.append((s, e))

    for lm in _LINE_RE.finditer(text):
        lo, hi = lm.span()
        pairs: list[tuple[int, int]] | None = None
        active: list[tuple[int, int]] = []  # heap of (close, open) of quotations open at ts
        nxt_pair = 0
        cur = lo
        for tm in _TERM_RE.finditer(text, lo, hi):
            ts, te = tm.span()
            run = tm.group()
            if run == ".":
                if not _dot_ends(text, ts, lo, hi):
                    continue
            be = te
            while be < hi and text[be] in _CLOSERS:
                be += 1
            if pairs is None:
                pairs = sorted(_quote_pairs(text, lo, hi))
            # sweep: terminals come in order, so quotations open before ts join the heap once
            while nxt_pair < len(pairs) and pairs[nxt_pair][0] < ts:
                heapq.heappush(active, (pairs[nxt_pair][1], pairs[nxt_pair][0]))
                nxt_pair += 1
            while active and active[0][0] <= ts:
                heapq.heappop(active)
            if active:
                close = active[0][0]
                j = te
                while j < close and text[j].isspace():
                    j += 1
                if j != close:
                    continue  # a terminal inside a quotation
                # the terminal closes the quotation: end after the closing quote(s) ...
                be = close + 1
                while be < hi and text[be] in _CLOSERS:
                    be += 1
                if any(c >= be for c, _o in active):
                    continue  # still inside an outer quotation
                # ... unless a reporting verb follows (the attribution of the quote)
                k = be
                while k < hi and text[k].isspace():
                    k += 1
                m2 = k
                while m2 < hi and text[m2].isalpha():
                    m2 += 1
                if m2 > k and key(text[k:m2]) in _reporting_verbs():
                    continue
            if _ALPHA_RE.search(text, cur, be) is None:
                continue  # "1." or a lone "...": joins the next sentence
            emit(cur, be)
            cur = be
        emit(cur, hi)
    return out
