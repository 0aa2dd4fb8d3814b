"""Actor coding for events: ``ISO3``, ``ISO3-SECTOR`` or ``IGO-XXX`` codes from entities and words.

Two layers are combined, both over a :class:`WordView` of the document (words with their
normalised keys and proclitic-stripped candidate stems):

* entities of ``doc.entities`` (their ``country``/``sector`` fields, or a ``kb`` id such as
  ``iso3:MAR``);
* a lexicon (data files, loaded lazily and cached): Arabic country names from CLDR (babel's Arabic
  locale) plus press variants, capitals used for governments, IGO names and sector head nouns
  (``rasd/events/actor_terms.tsv``), and nationality adjectives (``rasd/kb/nationalities.tsv``:
  المغربي/المغربية/المغاربة -> MAR).

A country-bearing word takes the sector of the nearest sector head noun before it in the same
noun phrase ("وفد من القيادة العليا للجيش المغربي" -> MAR-MIL, "شركات الدفاع الإسرائيلية" ->
ISR-BUS); "البلدين" and similar pair nouns stand for the two countries mentioned most so far.

All offsets are code-point offsets into ``Doc.text``; word indices index :attr:`WordView.words`.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rasd.doc import Doc, Entity
from rasd.normalize import key
from rasd.text.lexicon import accusative_nisba_pair
from rasd.text.sentences import dot_abbreviation

HERE = Path(__file__).resolve().parent

#: Word pattern of the fallback tokenizer (letters, digits, Arabic marks, tatweel, inner - and .).
_WORD_RE = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]+"
                      r"(?:[-.'][\w\u064B-\u065F\u0640]+)*")


@dataclass(slots=True)
class Word:
    """One word of the document (punctuation excluded).

    Attributes:
        i: index in :attr:`WordView.words`.
        start, end: code-point offsets of the whole word in ``Doc.text``.
        key: normalised key of the whole word (:func:`rasd.normalize.key`).
        cands: candidate stems (normalised, proclitics and the article stripped step by step),
            the whole key first.
        clitic: the proclitic letters stripped to reach the shortest candidate ("و", "ول", "" ...).
        future: True when a future prefix سـ was stripped (ستنسحب -> تنسحب is in ``cands``).
        gap: the non-space characters between the previous word and this one (punctuation).
    """

    i: int
    start: int
    end: int
    key: str
    cands: tuple[str, ...]
    clitic: str
    future: bool
    gap: str


@lru_cache(maxsize=65536)
def stem_candidates(k: str) -> tuple[tuple[str, ...], str, bool]:
    """Candidate stems of a normalised key, stripping proclitics conservatively.

    Strips a conjunction و/ف (if 2+ letters remain), then لل (+ article), or one of ب ل ك
    (if 3+ letters remain), then the article ال (if 2+ letters remain), and also offers a
    future سـ-stripped form of an imperfect verb (سيزور -> يزور).

    Args:
        k: a key from :func:`rasd.normalize.key`.
    Returns:
        ``(candidates, clitic, future)``: candidates in stripping order (``k`` first), the
        stripped proclitic letters, and whether a future prefix was stripped.
    """
    out = [k]
    clitic = ""
    s = k
    if len(s) >= 3 and s[0] in "وف":
        s = s[1:]
        clitic += k[0]
        out.append(s)
    if len(s) >= 4 and s.startswith("لل"):
        s = s[2:]
        clitic += "لل"
        out.append(s)
    elif len(s) >= 4 and s[0] in "بلك":
        clitic += s[0]
        s = s[1:]
        out.append(s)
    if len(s) >= 4 and s.startswith("ال"):
        s = s[2:]
        out.append(s)
    future = False
    # no future prefix after a preposition (بسيطرة، لسياسة): a verb cannot follow ب ل ك
    if len(s) >= 4 and s[0] == "س" and s[1] in "يتنا" and not clitic.endswith(("ب", "ل", "ك")):
        out.append(s[1:])
        future = True
    return tuple(dict.fromkeys(out)), clitic, future


class WordView:
    """The words of a document with keys and candidate stems, for lexicon and trigger matching.

    Built from ``doc.tokens`` when the tokenizer ran (their ``stem_key`` is added to the
    candidates), else from a regex over ``doc.text``.  Costs one pass over the text.

    Attributes:
        words: list of :class:`Word` in text order.
        sentences: list of ``(first_word, end_word)`` index ranges, one per sentence.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        text = doc.text
        words: list[Word] = []
        breaks: set[int] = set()  # words preceded by a line break (a headline, a paragraph)
        prev_end = 0
        # a lone dot after an initial or a title abbreviation that the sentence splitter did
        # not take for a sentence end («جي. دبليو. هاريسون»، «د. أحمد») is no punctuation here
        starts = {a for a, _ in doc.sentences} if doc.sentences else None
        if doc.tokens:
            has_word = _HAS_WORD.search
            spans = [(t.start, t.end, t.key, t.stem_key) for t in doc.tokens if has_word(t.text)]
        else:
            spans = [(m.start(), m.end(), None, None) for m in _WORD_RE.finditer(text)]
        for s, e, k, sk in spans:
            k = k if k is not None else key(text[s:e])
            cands, clitic, fut = stem_candidates(k)
            if sk and sk not in cands:
                cands = cands + (sk,)
            raw_gap = text[prev_end:s]
            if "\n" in raw_gap and words:
                breaks.add(len(words))
            gap = raw_gap.strip()
            if gap == "." and starts is not None and s not in starts and words \
                    and dot_abbreviation(text[words[-1].start:words[-1].end]):
                gap = ""
            words.append(Word(len(words), s, e, k, cands, clitic, fut, gap))
            prev_end = e
        self.words = words
        self._starts = [w.start for w in words]
        sents = doc.sentences or _fallback_sentences(text)
        self.sentences: list[tuple[int, int]] = []
        import bisect

        for s, e in sents:
            a = bisect.bisect_left(self._starts, s)
            b = bisect.bisect_left(self._starts, e)
            # a line break inside a "sentence" ends it: a headline or a paragraph without a
            # final stop is not part of the next sentence
            cut = a
            for x in range(a + 1, b):
                if x in breaks:
                    self.sentences.append((cut, x))
                    cut = x
            if b > cut:
                self.sentences.append((cut, b))
        #: first word of each sentence, for bisecting (``sentence_of``, distances in sentences)
        self.sentence_starts: list[int] = [a for a, _ in self.sentences]

    def index_at(self, offset: int) -> int:
        """Index of the first word starting at or after ``offset`` (len(words) if none)."""
        import bisect

        return bisect.bisect_left(self._starts, offset)

    def word_at(self, offset: int) -> int:
        """Index of the word containing ``offset`` (a mention may start after a proclitic:
        كوريا inside وكوريا), else of the first word starting after it."""
        import bisect

        k = bisect.bisect_right(self._starts, offset) - 1
        if k >= 0 and self.words[k].end > offset:
            return k
        return k + 1

    def sentence_of(self, wi: int) -> tuple[int, int]:
        """The ``(first, end)`` word range of the sentence containing word ``wi``."""
        import bisect

        k = bisect.bisect_right(self.sentence_starts, wi) - 1
        if k >= 0 and self.sentences[k][0] <= wi < self.sentences[k][1]:
            return self.sentences[k]
        return (wi, wi + 1)


_HAS_WORD = re.compile(r"\w")
_VIEWS: dict[int, tuple[weakref.ref, int, int, "WordView"]] = {}


def word_view(doc: Doc) -> WordView:
    """The :class:`WordView` of ``doc``, cached while the document and its tokens are unchanged
    (quotes and events share one view; at most 8 documents are cached)."""
    hit = _VIEWS.get(id(doc))
    if hit is not None and hit[0]() is doc and hit[1] == len(doc.tokens) and hit[2] == len(doc.text):
        return hit[3]
    view = WordView(doc)
    if len(_VIEWS) >= 8:
        _VIEWS.clear()
    _VIEWS[id(doc)] = (weakref.ref(doc), len(doc.tokens), len(doc.text), view)
    return view


_SENT_RE = re.compile(r"[^.!?؟\n]+(?:[.!?؟]+|\n|$)")


def _fallback_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans when ``doc.sentences`` is empty: split after . ! ? ؟ and newlines."""
    return [(m.start(), m.end()) for m in _SENT_RE.finditer(text) if m.group().strip()]


# --- lexicon -----------------------------------------------------------------------------------


def _stem(word: str) -> str:
    """Lexicon key of one word: its normalised key without a leading article ال.

    Text words offer every proclitic-stripped candidate (:func:`stem_candidates`), so a lexicon
    word written bare (بريطانيا، بكين) matches وبريطانيا، لبريطانيا، ببكين as well.
    """
    k = key(word)
    if k.startswith("ال") and len(k) >= 4:
        k = k[2:]
    return k


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One lexicon phrase: ``kind`` (country, capital, igo, sector, pair, nationality) and code."""

    kind: str
    code: str
    words: tuple[str, ...]


@dataclass
class Lexicon:
    """Phrase index keyed by the first word's stem; values sorted longest phrase first."""

    index: dict[str, list[LexEntry]] = field(default_factory=dict)

    def add(self, phrase_words: tuple[str, ...], kind: str, code: str) -> None:
        if not phrase_words or not all(phrase_words):
            return
        lst = self.index.setdefault(phrase_words[0], [])
        e = LexEntry(kind, code, phrase_words)
        if e not in lst:
            lst.append(e)
            lst.sort(key=lambda x: -len(x.words))

    def match(self, words: list[Word], i: int) -> tuple[LexEntry, int] | None:
        """Longest entry starting at word ``i``; returns ``(entry, end_word)`` or None."""
        best = None
        for c in words[i].cands:
            for e in self.index.get(c, ()):
                n = len(e.words)
                if i + n > len(words):
                    continue
                ok = True
                for k in range(1, n):
                    w = words[i + k]
                    if w.gap and w.gap not in "-":
                        ok = False
                        break
                    if e.words[k] not in w.cands:
                        ok = False
                        break
                if ok and (best is None or n > len(best[0].words)):
                    best = (e, i + n)
        return best


@lru_cache(maxsize=1)
def actor_term_rows() -> tuple[tuple[str, ...], ...]:
    """Rows ``(phrase, kind, code)`` of ``rasd/events/actor_terms.tsv`` (cached)."""
    from rasd.lang.ar import read_tsv

    return tuple(tuple(r) for r in read_tsv(HERE / "actor_terms.tsv"))


def _nisba_forms(stem: str) -> list[str]:
    """Regular forms of a nationality adjective stem: masc., fem., plurals, duals, and the
    accusative with tanween alef (مغربياً)."""
    return [stem, stem + "ة", stem + "ين", stem + "ون", stem + "تين", stem + "ان", stem + "تان",
            stem + "ا"]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The actor lexicon (cached; loaded on first use).

    Sources: CLDR Arabic territory names via babel (when installed), ``actor_terms.tsv`` and
    the KB's nationality table (:func:`rasd.kb.nationality_rows`, ``rasd/kb/nationalities.tsv``).
    """
    lex = Lexicon()
    try:  # CLDR country names in Arabic
        from babel import Locale
        import pycountry

        for a2, name in Locale("ar").territories.items():
            if not (len(a2) == 2 and a2.isalpha()):
                continue
            c = pycountry.countries.get(alpha_2=a2)
            if c is None or a2 in ("EH",):
                continue
            lex.add(tuple(_stem(w) for w in name.split()), "country", c.alpha_3)
    except Exception:  # noqa: BLE001 - babel/pycountry are optional for this lexicon
        pass
    for row in actor_term_rows():
        phrase, kind, code = row[0], row[1], row[2]
        lex.add(tuple(_stem(w) for w in phrase.split()), kind, code)
    from rasd.kb import nationality_rows  # the one nationality table (rasd/kb)

    for row in nationality_rows():
        for stem in row.masc:
            parts = stem.split()
            for suffix_form in range(len(_nisba_forms("x"))):
                # only the nisba words inflect: كوري جنوبي -> كورية جنوبية, جنوب أفريقي ->
                # جنوب أفريقية
                lex.add(tuple(key(_nisba_forms(p)[suffix_form] if p.endswith("ي") else p)
                              for p in parts), "nationality", row.iso3)
        for x in row.fem + row.plural:
            lex.add(tuple(key(w) for w in x.split()), "nationality", row.iso3)
    return lex


#: Prepositions that end a noun phrase: a head before them does not govern the words after.
_K_MIN = key("من")
_CHAIN_BREAK = frozenset(key(w) for w in ("في", "على", "إلى", "الى", "مع", "عن", "ضد", "بين",
                                          # place adverbs: «المحتجين أمام السفارة الأمريكية»
                                          "أمام", "امام", "خلف", "قرب", "داخل", "خارج", "عند",
                                          "حول", "نحو", "تجاه"))
#: Complementisers (إن، أن، بأن، لأن، وأن ...): a reported clause opens after them, so no actor
#: phrase reaches back across one («قال الوزير إن الرئيس الكيني ...»: the actor is «الرئيس
#: الكيني», the speaker «الوزير» stays outside it).
_K_COMP = key("إن")
_COMP_KEYS = frozenset(key(w) for w in ("بأن", "لأن", "إنه", "أنه", "إنها", "أنها"))


def _complementiser(w: Word) -> bool:
    """Whether word ``w`` is the complementiser إن/أن (with a proclitic و/ف/ب/ل)."""
    return _K_COMP in w.cands or w.key in _COMP_KEYS


def _after_complementiser(words: list[Word], lo: int, hi: int) -> int:
    """The first word of ``[lo, hi)`` after its last complementiser (``lo`` when none)."""
    for x in range(hi - 1, lo - 1, -1):
        if _complementiser(words[x]):
            return x + 1
    return lo



def _preposition_between(words: list[Word], head: int, w0: int) -> bool:
    """Whether a preposition stands between a sector head noun at word ``head`` and the
    country-bearing word ``w0`` after it: a word of :data:`_CHAIN_BREAK` (في، على، إلى ...) or
    a word after the head carrying the proclitic ب («مدنيين بغارة تركية»).  A nationality
    adjective agrees with the noun it follows; across a preposition that noun is the
    prepositional object, not the head: in «قتل خمسة مدنيين في غارة تركية» the raid is
    Turkish and the civilians are not (the rule is Arabic noun-phrase agreement; «وفد من
    الأردن» keeps its من, handled by the caller).

    A cardinal number after the head's own words (a digit, ثلاثة، عشرات) ends its phrase
    too: it opens the object that follows («اعتقال قوات الاحتلال خمسة فلسطينيين»).

    Args:
        words: the document's words; head: the head noun's word index; w0: the first word of
            the country-bearing phrase (``head < w0``).
    Returns:
        True when the head must not take the phrase.
    """
    for x in range(head + 1, w0):
        w = words[x]
        if w.key in _CHAIN_BREAK or w.clitic.endswith("ب") and _bi_proclitic(w.key):
            return True
        if x > head + 1 and (w.key[:1].isdigit() or w.key in _cardinals()):
            # «اعتقال قوات الاحتلال خمسة فلسطينيين»: a number after the head's phrase opens
            # the next noun phrase (the object), whose adjective is not the head's
            return True
    return False


@lru_cache(maxsize=1)
def _cardinals() -> frozenset:
    """Keys of the cardinal number words of ``rasd/lang/ar/numbers.tsv`` (ثلاثة، عشرة، مئات
    ...) and of the plural counts عشرات/مئات/آلاف, with and without the article.

    Raises:
        FileNotFoundError: the data file is missing from the package.
    """
    base = set(number_word_keys()) | {key(w) for w in ("عشرات", "مئات", "آلاف", "ألوف")}
    return frozenset(base | {"ال" + k for k in base})


@lru_cache(maxsize=1)
def number_word_keys() -> frozenset[str]:
    """Keys of the cardinal number words of ``rasd/lang/ar/numbers.tsv`` (ثلاثة، خمسة، مئة
    ...), as written there: the one reader of that file for the actor and event rules.

    Raises:
        FileNotFoundError: the data file is missing from the package.
    """
    from rasd.lang.ar import read_tsv

    return frozenset(key(r[0]) for r in read_tsv("numbers.tsv"))


@lru_cache(maxsize=4096)
def _bi_proclitic(k: str) -> bool:
    """Whether the word of key ``k`` starts with the preposition ب by the tokenizer's lexicon
    (بغارة، وبقصف), not with a root ب (بارزين، برلمان); the key writes ة as ه, so both
    spellings are asked."""
    from rasd.text.tokenizer import analyze_word

    forms = [k] + ([k[:-1] + "ة"] if k.endswith("ه") else [])
    return all("ب" in analyze_word(f)[0] for f in forms)


# --- actor mentions ----------------------------------------------------------------------------


@dataclass(slots=True)
class ActorMention:
    """A coded actor phrase in the text.

    Attributes:
        w0, w1: word index range ``[w0, w1)`` of the whole phrase (head noun .. country word).
        start, end: character span of the phrase in ``Doc.text``.
        country: ISO3 code, or an ``IGO-XXX`` code.
        sector: GOV, MIL, BUS, MED, CVL, OPP, REB, NGO or None (decided by the event).
        entity: entity id the phrase overlaps (``"E3"``) or None.
        kind: what coded it: entity, country, capital, nationality, igo, pair, person (a name
            first seen after a coded title), bare (a sector head with no country: ``country``
            is "" until the caller resolves it, e.g. from the speaker of a quote), coref and
            place (a bare head the caller resolved by an earlier phrase with the same head, or,
            for police and security forces, by the place they act in), coded (a phrase of
            ``actor_terms.tsv`` that carries its own ISO3-SECTOR code).
    """

    w0: int
    w1: int
    start: int
    end: int
    country: str
    sector: str | None
    entity: str | None
    kind: str
    #: for ``coded`` phrases of an occupying body («قوات الاحتلال»): the ISO3 of the people it
    #: acts on (PSE), the population a domestic-event rule infers instead of the body's own
    acts_on: str | None = None
    #: for the phrase of an entity linked to the knowledge base: its type (PER, ORG, GPE,
    #: LOC, MISC); None otherwise
    kb_type: str | None = None

    def code(self, default_sector: str | None = "GOV") -> str:
        """The actor code: ``IGO-XXX`` as is, else ``ISO3-SECTOR`` (sector or the default)."""
        if self.country.startswith("IGO"):
            return self.country
        sec = self.sector or default_sector
        return f"{self.country}-{sec}" if sec else self.country


def entity_country(ent: Entity) -> str | None:
    """ISO3 (or IGO code) of an entity: its ``country`` field, else an ``iso3:``/``igo:`` kb id."""
    if ent.country:
        c = ent.country
        if c.upper().startswith("IGO-") and not valid_code(c):
            suffix = c[4:].upper()  # a KB code outside the spec (IGO-G7): its spec spelling
            return valid_code("IGO-" + _IGO_ALIASES.get(suffix, suffix))
        return c
    kb = ent.kb or ""
    if kb.startswith("iso3:"):
        return kb[5:].upper()
    if kb.upper().startswith("IGO"):
        return kb.upper()
    if kb.startswith("igo:"):
        return "IGO-" + kb[4:].upper()
    if kb.startswith("rasd:igo/"):
        noted = _kb_noted_code(kb)
        if noted:
            return noted
        code = kb[9:].upper()
        return valid_code("IGO-" + _IGO_ALIASES.get(code, code))
    return None


@lru_cache(maxsize=256)
def _kb_noted_code(kb_id: str) -> str | None:
    """The actor code a knowledge-base IGO row names at the start of its notes ("IGO-UNO" for
    the Security Council, "IGO-EUR" for the Commission), when it is a valid spec code."""
    try:
        from rasd.kb import load_kb

        row = load_kb().get(kb_id)
    except Exception:  # noqa: BLE001 - no KB: fall back to the id
        return None
    if row is None or not row.notes:
        return None
    first = row.notes.replace(";", " ").split()[0]
    return valid_code(first) if first.startswith("IGO-") else None


#: Short IGO ids used by knowledge bases -> the CAMEO/PLOVER IGO codes (the spec allows
#: ``IGO-`` + 2-8 capital letters, no digits; multinational coalitions get short codes of their
#: own: GCD the Global Coalition against Daesh, ARC the Arab coalition in Yemen; G7 and G20 are
#: spelled out: GSEVEN, GTWENTY).
_IGO_ALIASES = {"EU": "EUR", "UN": "UNO", "AU": "AFU", "ARAB-LEAGUE": "ARL", "GCC": "GCC",
                "IMF": "IMF", "WB": "WBK", "WORLD-BANK": "WBK", "ANTI-ISIS-COALITION": "GCD",
                "SAUDI-COALITION": "ARC", "G7": "GSEVEN", "G20": "GTWENTY"}

#: An actor code of the ``rasd.document/1`` spec: ISO3, ISO3-SECTOR or IGO-XXX.
_VALID_CODE = re.compile(r"^(?:IGO-[A-Z]{2,8}|[A-Z]{3}(?:-[A-Z]{2,6})?)$")


def valid_code(code: str | None) -> str | None:
    """``code`` when it is a spec actor code (``ISO3``, ``ISO3-SECTOR``, ``IGO-XXX`` with 2-8
    capital letters), else None (the actor keeps its text; ``IGO-ANTI-ISIS-COALITION`` -> None)."""
    if code and _VALID_CODE.match(code):
        return code
    return None


def _sector_heads(words: list[Word], lex: Lexicon, lo: int, hi: int) -> list[tuple[str, int]]:
    """Sector head nouns lying wholly inside words ``[lo, hi)``, nearest first: ``(sector, w)``."""
    out = []
    j = hi - 1
    while j >= lo:
        found = None
        cands = words[j].cands
        # an indefinite accusative head (صحفيا، دبلوماسيا، جنديا): its stem, one word only
        acc = tuple(c[:-1] for c in cands if c.endswith("يا") and len(c) >= 4)
        for c in cands + acc:
            for e in lex.index.get(c, ()):
                if e.kind != "sector":
                    continue
                n = len(e.words)
                if c in acc and n > 1:
                    continue
                if j + n <= hi and all(e.words[k] in words[j + k].cands for k in range(1, n)):
                    found = e
                    break
            if found:
                break
        if found:
            # a longer head containing a nearer one replaces it: «وزير الجيوش» (GOV) is one
            # head, not «الجيوش» (MIL) with «وزير» before it
            n = len(found.words)
            out = [(sec, w) for sec, w in out if not j < w < j + n]
            out.append((found.code, j))
        j -= 1
    # prefer the longest head at the nearest position (وزارة الدفاع over الدفاع alone)
    return out


def find_actor_mentions(doc: Doc, view: WordView) -> list[ActorMention]:
    """All coded actor phrases of the document, sorted by start.

    Entities come first (their mentions are coded from ``entity_country`` and ``sector``);
    lexicon phrases fill the words no coded entity covers.  Each country-bearing phrase is
    extended back (up to 5 words, within the same punctuation-free stretch) to the nearest
    sector head noun, whose sector it takes.

    Args:
        doc: the analysed document (``entities`` may be empty).
        view: its :class:`WordView`.
    Returns:
        list of :class:`ActorMention`.
    """
    lex = lexicon()
    words = view.words
    n = len(words)
    covered = [None] * n  # type: list[ActorMention | None]
    out: list[ActorMention] = []
    # entity mentions
    for ent in doc.entities:
        country = entity_country(ent)
        for m in ent.mentions:
            w0 = view.word_at(m.start)
            w1 = view.index_at(m.end)
            if w1 <= w0:
                continue
            sector = ent.sector
            if country is None:
                # a person or organisation: code it from the words of / around the mention later
                continue
            if sector is None and ent.type == "GPE" and not (ent.kb or "").startswith("iso3:"):
                sector = "GOV"  # a capital or city standing for its government
            am = ActorMention(w0, w1, m.start, m.end, country, sector, ent.id, "entity",
                              kb_type=ent.type if ent.kb else None)
            out.append(am)
            for k in range(w0, w1):
                covered[k] = am
    # the currency adjective of an amount («فرنك سويسري»، «دينار جزائري») names no party
    in_money: set[int] = set()
    for q in doc.quantities:
        if q.kind == "money":
            in_money.update(range(view.word_at(q.start), view.index_at(q.end)))
    # lexicon
    bare: list[ActorMention] = []
    i = 0
    recent: list[str] = []
    while i < n:
        if covered[i] is not None or i in in_money:
            i += 1
            continue
        hit = lex.match(words, i)
        if hit is not None and hit[0].kind == "sector":
            e, j = hit
            bare.append(ActorMention(i, j, words[i].start, words[j - 1].end, "", e.code, None,
                                     "bare"))
            i = j
            continue
        if hit is None or hit[0].kind == "function":
            i += 1
            continue
        e, j = hit
        if any(covered[k] is not None for k in range(i, j)):
            i += 1
            continue
        kind = e.kind
        if kind == "country" and j - i == 1 and i > 0 and not words[i].gap \
                and accusative_nisba_pair(doc.text[words[i - 1].start:words[i - 1].end],
                                          doc.text[words[i].start:words[i].end]):
            kind = "nationality"  # «صحفيا بريطانيا»: a British journalist, not Britain
        sector = "GOV" if kind == "capital" else None
        code = e.code
        acts_on = None
        if kind == "coded":  # «قوات الاحتلال»: a country and a sector in one phrase (ISR-MIL)
            code, _, acts_on = e.code.partition(">")
            code, sector = code.split("-", 1)
            nxt = lex.match(words, j) if j < n else None
            if nxt is not None and nxt[0].kind == "nationality":
                # «قوات الاحتلال الأمريكي»: the adjective names the occupier (and not whom)
                code, j, acts_on = nxt[0].code, nxt[1], ""
        out.append(ActorMention(i, j, words[i].start, words[j - 1].end, code, sector, None, kind,
                                acts_on or None))
        i = j
    out.sort(key=lambda a: a.w0)
    # sector heads, entity overlap for lexicon mentions, pair resolution
    ent_at: dict[int, str] = {}
    for ent in doc.entities:
        for m in ent.mentions:
            for k in range(view.word_at(m.start), view.index_at(m.end)):
                ent_at.setdefault(k, ent.id)
    ent_type = {ent.id: ent.type for ent in doc.entities}
    final: list[ActorMention] = []
    prev_end = 0
    # (mentions so far, position of the latest) per country, kept up to date as ``recent``
    # grows, so a pair costs O(countries) rather than a rescan of every earlier mention
    score: dict[str, tuple[int, int]] = {}
    for am in out:
        if am.kind == "pair":
            # the two countries most mentioned so far (ties: the most recent)
            pair = sorted(score, key=lambda c: score[c], reverse=True)[:2]
            for c in pair:
                final.append(ActorMention(am.w0, am.w1, am.start, am.end, c, None, None, "pair"))
            continue
        if am.kind == "entity" and ent_type.get(am.entity) == "PER" and final \
                and final[-1].w1 <= am.w0 <= final[-1].w1 + 2 \
                and all(words[x].key in _HONORIFICS for x in range(final[-1].w1, am.w0)) \
                and final[-1].kind == "nationality" \
                and final[-1].entity is None and final[-1].sector \
                and am.country in ("", final[-1].country) \
                and not any(words[x].gap for x in range(final[-1].w1, am.w0 + 1)):
            # "الرئيس التركي رجب طيب أردوغان", "العاهل الأردني الملك عبد الله الثاني": the
            # titled phrase (and an honorific) and the name are one actor, the person
            final[-1].w1, final[-1].end, final[-1].entity = am.w1, am.end, am.entity
            prev_end = am.w1
            continue
        if am.kind == "entity" and ent_type.get(am.entity) in ("GPE", "LOC") and final \
                and final[-1].w1 == am.w0 and final[-1].kind == "nationality" \
                and final[-1].sector is None and final[-1].entity is None \
                and final[-1].country == am.country and not words[am.w0].gap:
            # «العاصمة الإيرانية طهران»، «مدينة حلب»: the adjective describes the place
            # named next, one phrase (the place's entity, as a destination or a location)
            prev = final[-1]
            prev.w1, prev.end, prev.entity, prev.kind, prev.sector = \
                am.w1, am.end, am.entity, "entity", am.sector
            before = final[-2].w1 if len(final) > 1 else 0
            if prev.w0 > before and words[prev.w0 - 1].key in _PLACE_NOUNS \
                    and not words[prev.w0].gap:
                prev.w0 -= 1
                prev.start = words[prev.w0].start
            prev_end = am.w1
            continue
        if am.kind == "nationality" and final and final[-1].w1 == am.w0 \
                and final[-1].kind != "pair" and final[-1].country == am.country \
                and not words[am.w0].gap:
            # "شركة لوكهيد مارتن الأمريكية": the adjective qualifies the phrase before it
            final[-1].w1, final[-1].end = am.w1, am.end
            prev_end = am.w1
            continue
        if am.kind == "entity" and am.sector == "GOV" and ent_type.get(am.entity) == "GPE" \
                and am.w0 - 2 >= prev_end and _K_MIN in words[am.w0 - 1].cands[:1] \
                and not words[am.w0].gap and not words[am.w0 - 1].gap:
            # "وفد عسكري من الأردن": a head noun (and its adjective) before من + country
            heads = _sector_heads(words, lex, _after_complementiser(
                words, max(prev_end, am.w0 - 3), am.w0 - 1), am.w0 - 1)
            if heads and not any(words[x].gap for x in range(heads[0][1] + 1, am.w0)):
                am.sector = heads[0][0]
                am.w0 = heads[0][1]
                am.start = words[am.w0].start
        elif am.kind in ("nationality", "country", "entity") and am.sector is None:
            lo = am.w0
            # extend back over a punctuation-free stretch of up to 6 words, not into another actor
            while lo > prev_end and am.w0 - lo < 6 and not words[lo].gap:
                lo -= 1
            lo = _after_complementiser(words, lo, am.w0)
            heads = [h for h in _sector_heads(words, lex, lo, am.w0)
                     if not _preposition_between(words, h[1], am.w0)]
            if heads:
                sec, first = heads[0]
                near = 4 if am.kind == "nationality" else \
                    3 if _K_MIN in words[am.w0 - 1].cands[:1] else 2  # "وفد أمني من مصر"
                if first >= am.w0 - near:
                    am.sector = sec
                    am.w0 = first
                    for _, w in heads[1:]:  # a chain of heads: وفد من القيادة العليا للجيش
                        if am.w0 - w > 3 or any(words[x].key in _CHAIN_BREAK
                                                for x in range(w + 1, am.w0)):
                            break
                        if w + 1 == am.w0 and words[w].cands[-1] != words[w].key \
                                and words[w].key.startswith("ال") \
                                and words[am.w0].clitic[-1:] not in ("ل", "ب"):
                            break  # "الوفد وزير الداخلية": a definite noun opens no genitive
                        am.w0 = w
                    am.start = words[am.w0].start
        elif am.kind == "entity" and am.w0 > prev_end and words[am.w0].clitic[-1:] in ("ب", "ل") \
                and not words[am.w0].gap:
            # "مسؤول كبير بوزارة الخارجية الأميركية": the head noun before a genitive entity
            # (or a title before a name whose first letter reads as ب: «الرئيس بوتين»), not
            # across a preposition: «المحتجين في وسط بغداد»
            lo = _after_complementiser(words, max(prev_end, am.w0 - 3), am.w0)
            while lo < am.w0 and any(words[x].gap for x in range(lo + 1, am.w0 + 1)):
                lo += 1
            heads = [h for h in _sector_heads(words, lex, lo, am.w0)
                     if not _preposition_between(words, h[1], am.w0)]
            if heads:
                am.w0 = heads[-1][1]
                am.start = words[am.w0].start
        elif am.kind == "entity" and am.sector is not None and am.w0 - 1 >= prev_end \
                and not words[am.w0].gap and ent_type.get(am.entity) == "ORG":
            # "شركة إلبيت سيستمز": a head noun of the organisation's own sector right before
            # its name (titles before a person's name stay out: "للقاء الملك سلمان")
            heads = _sector_heads(words, lex, am.w0 - 1, am.w0)
            if heads and heads[0][0] == am.sector:
                am.w0 = heads[0][1]
                am.start = words[am.w0].start
        if am.entity is None:
            for k in range(am.w0, am.w1):
                if k in ent_at:
                    am.entity = ent_at[k]
                    break
        if am.kind != "pair":
            if not am.country.startswith("IGO"):
                score[am.country] = (score.get(am.country, (0, 0))[0] + 1, len(recent))
            recent.append(am.country)
        final.append(am)
        prev_end = am.w1
    out2 = _person_aliases(view, lex, _person_entities(doc, view, final))
    # sector heads with no country of their own ("الجيش"), for the caller to resolve
    taken = set()
    for am in out2:
        taken.update(range(am.w0, am.w1))
    out2.extend(b for b in bare if not any(k in taken for k in range(b.w0, b.w1)))
    out2.sort(key=lambda a: (a.w0, a.w1))
    return out2


#: place nouns before a nationality adjective and a place name («العاصمة الإيرانية طهران»,
#: «ميناء الحديدة اليمني» is the other order and needs none)
_PLACE_NOUNS = frozenset(key(w) for w in (
    "العاصمة", "عاصمة", "المدينة", "مدينة", "البلدة", "بلدة", "القرية", "قرية", "الميناء",
    "ميناء", "المحافظة", "محافظة", "الولاية", "ولاية", "المنطقة", "منطقة"))

#: honorifics between a titled phrase and a name («العاهل الأردني الملك عبد الله الثاني»)
_HONORIFICS = frozenset(key(w) for w in (
    "الملك", "الأمير", "الأميرة", "الشيخ", "الشيخة", "السلطان", "السيد", "السيدة", "الدكتور",
    "المشير", "الفريق", "اللواء", "العميد", "الجنرال"))


def _not_name_keys() -> frozenset:
    """Keys that never start a person name after a title (cue words, complementisers, time words)."""
    try:
        from rasd.extract.quotes import cues

        c = cues()
        return frozenset(c.verbs) | frozenset(c.participles) | frozenset(c.comps) | c.stops
    except Exception:  # noqa: BLE001 - the quotes module is optional here
        return frozenset()


def _person_entities(doc: Doc, view: WordView, mentions: list[ActorMention]) -> list[ActorMention]:
    """Code every mention of a person entity that has no country by the titled phrase right
    before one of its mentions ("الرئيس التركي، رجب طيب أردوغان" codes all of أردوغان TUR-GOV)."""
    words = view.words
    starts: dict[int, tuple[str, str | None]] = {}
    for am in mentions:
        if am.sector and am.kind != "pair" and not am.country.startswith("IGO") and am.w1 < len(words):
            starts.setdefault(am.w1, (am.country, am.sector))  # also after a comma
    covered = set()
    for am in mentions:
        covered.update(range(am.w0, am.w1))
    extra = []
    for ent in doc.entities:
        if ent.type != "PER" or entity_country(ent):
            continue
        code = None
        for m in ent.mentions:
            w0 = view.word_at(m.start)
            if w0 in starts:
                code = starts[w0]
                break
        if code is None:
            continue
        for m in ent.mentions:
            w0, w1 = view.word_at(m.start), view.index_at(m.end)
            if w1 > w0 and not any(k in covered for k in range(w0, w1)):
                extra.append(ActorMention(w0, w1, m.start, m.end, code[0], code[1], ent.id,
                                          "person"))
                covered.update(range(w0, w1))
    return sorted(mentions + extra, key=lambda a: (a.w0, a.w1))


#: Units of ``qty_count_nouns.tsv`` that count people (the victims, captives and forces a
#: casualty report counts), not things or countries.
PEOPLE_UNITS = frozenset({
    "people", "civilians", "dead", "wounded", "injured", "injuries", "victims", "deaths",
    "missing", "troops", "militants", "fighters", "officers", "personnel", "children", "women",
    "prisoners", "detainees", "displaced", "refugees", "migrants", "workers", "employees",
    "tourists"})


@lru_cache(maxsize=1)
def count_words() -> frozenset[str]:
    """Keys of the words that count people, never part of a person's name nor an actor.

    The cardinal number words of ``rasd/lang/ar/numbers.tsv`` (ثلاثة، عشرات ...) and the
    counted nouns of ``rasd/lang/ar/qty_count_nouns.tsv`` whose unit is in
    :data:`PEOPLE_UNITS` (أشخاص، مدنيين، قتلى، جنود ...), each also with the dual/plural
    endings -ين/-ان/-ا (شخصين، جنديين) and the article.  Both files are written for rasd (see
    ``rasd/lang/ar/README.md``).

    Returns:
        frozenset of :func:`rasd.normalize.key` keys.
    Raises:
        FileNotFoundError: a data file is missing from the package.
    """
    from rasd.lang.ar import read_tsv

    base = set(number_word_keys())
    base |= {key(r[0].split()[0]) for r in read_tsv("qty_count_nouns.tsv")
             if len(r) > 1 and r[1].strip() in PEOPLE_UNITS}
    base |= {key(w) for w in ("عشرات", "مئات", "آلاف", "ألوف")}
    out = set()
    for k in base:
        stem = k.removesuffix("ه")
        out |= {k, stem + "ين", stem + "ان", k + "ا", stem + "تين", stem + "تان"}
    return frozenset(out | {"ال" + k for k in out})


def _person_aliases(view: WordView, lex: Lexicon, mentions: list[ActorMention]) -> list[ActorMention]:
    """Code later bare mentions of a titled person by the title's actor code.

    "الرئيس الأمريكي دونالد ترامب" codes "ترامب" as USA-GOV wherever it recurs in the document:
    the (up to 3) words right after a coded phrase that has a sector head are taken as a name
    when they are not lexicon words, cue words or time words; a name word seen at least twice
    in the document becomes an alias.  A run of words that holds a number or a noun counting
    people (:func:`count_words`: "الحكومة اللبنانية مقتل ثلاثة أشخاص") is a count, not a
    name: none of its words becomes an alias (a victim count is never an actor).  Returns the
    mentions plus the alias mentions, sorted.
    """
    words = view.words
    n = len(words)
    if not mentions:
        return mentions
    skip = _not_name_keys()
    counting = count_words()
    counts: dict[str, int] = {}
    for w in words:
        for k in w.cands[:2]:  # the word and its form without one proclitic (بالجبير، برانسون)
            counts[k] = counts.get(k, 0) + 1
    covered = set()
    for am in mentions:
        covered.update(range(am.w0, am.w1))
    alias: dict[str, tuple[str, str | None]] = {}
    for am in mentions:
        if am.sector is None or am.kind == "pair" or am.country.startswith("IGO"):
            continue
        if not _sector_heads(words, lex, am.w0, am.w0 + 1) and \
                not _sector_heads(words, lex, am.w0, min(am.w0 + 2, am.w1)):
            continue  # a name follows a title (الرئيس الأمريكي ترامب), not a place (باريس)
        j = am.w1
        taken = 0
        while j < n and taken < 3:
            w = words[j]
            if w.gap and not (taken == 0 and w.gap == "،"):
                break
            if w.key[:1].isdigit() or any(c in counting for c in w.cands[:3]):
                taken = 0  # "مقتل ثلاثة أشخاص"، "مقتل 3": a count follows, no name
                break
            if j in covered or w.key in skip or lex.match(words, j) is not None \
                    or (taken > 0 and w.clitic.startswith("و")) or len(w.key) < 3:
                break
            taken += 1
            j += 1
        if taken:
            last = words[j - 1].key
            lw = words[j - 1]
            if lw.clitic[-1:] in ("ب", "ل", "ك"):
                # a name right after a title carries no preposition: «الحكومة الأردنية
                # مساعدات مالية بقيمة» names no one (a stricter test, words that take
                # possessive suffixes, removed 30 junk aliases of 550 articles but also the
                # accidental right partners of 3 dev gold events, so it is not applied)
                continue
            if counts.get(last, 0) >= 2:
                alias.setdefault(last, (am.country, am.sector))
    if not alias:
        return mentions
    extra = []
    for w in words:
        if w.i in covered:
            continue
        for c in w.cands[:2]:
            if c in alias:
                country, sector = alias[c]
                extra.append(ActorMention(w.i, w.i + 1, w.start, w.end, country, sector, None,
                                          "person"))
                break
    return sorted(mentions + extra, key=lambda a: (a.w0, a.w1))
