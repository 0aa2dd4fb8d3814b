"""Direct and indirect quotes with their speakers.

``extract_quotes(doc)`` finds

* **direct quotes**: text inside « », “ ” or straight double quotes, introduced by a reporting
  verb before it ("وقال X: «...»") or followed by one ('"..." قال X');
* **indirect reported speech**: a reporting verb or participle (قال، أضاف، أكد، أوضح، أعلن، ذكر،
  صرح، أشار، مضيفاً، مشيراً ...) followed by a complementiser أن/إن/بأن (harmonised gold
  convention 7: nominal reports such as "وفقاً لـ" are attribution, not quotes).

The speaker is the subject between the verb and the colon/complementiser ("قال مصدر مغربي لـ
موقع يابلادي إن ..." -> "مصدر مغربي", the outlet after لـ kept separately for event attribution),
an entity mention just before the verb ("X قالت إن"), or, when the verb has only a pronoun
subject ("وأضاف:"، "وقالت:") or is a participle, the previous speaker of the document.

The reporting cues, complementisers and the words that end a speaker phrase are data
(``rasd/lang/ar/reporting_verbs.tsv``), loaded lazily and cached.  Spans are code-point offsets
into ``Doc.text``; a quote's span covers the quoted or reported content only.
"""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rasd.doc import Doc, Quote
from rasd.events.actors import Word, word_view
from rasd.normalize import key
from rasd.spans import SpanIndex
from rasd.text.lexicon import imperfect_verb_key
from rasd.text.sentences import dot_abbreviation

DATA = Path(__file__).resolve().parent.parent / "lang" / "ar" / "reporting_verbs.tsv"

#: Quotation mark pairs; straight quotes pair left to right on one line.
_QUOTE_RE = re.compile(r"«([^«»]{1,3000})»|“([^“”]{1,3000})”|\"([^\"\n]{1,3000})\"")
#: Characters that end a sentence for cue search purposes.
_SENT_END = frozenset(".!?؟\n")
_MAX_SPEAKER_WORDS = 12
#: How far (in words) a complementiser may follow its reporting verb.
_MAX_COMP_DISTANCE = 24
_ALA = key("على")
_AN = key("أن")
#: reporting cues whose content may follow «على أن» (أكد على أن، شدد على أن، نص على أن); after
#: any other cue «على أن» is a condition, "provided that"
_ALA_CUES = frozenset(key(w) for w in (
    "أكد", "يؤكد", "تؤكد", "أكدت", "أكدوا", "تأكيد", "شدد", "يشدد", "تشدد", "شددت", "شددوا",
    "تشديد", "نص", "ينص", "تنص", "نصت", "اتفق", "يتفق", "تتفق", "اتفقت", "اتفقوا", "أصر",
    "يصر", "تصر", "أصرت", "إصرار", "حرص", "يحرص", "تحرص", "حرصت", "أجمع", "أجمعوا", "ركز",
    "يركز", "ركزت", "دلل", "برهن", "مؤكدا", "مشددا", "مؤكدة", "مشددة"))
#: At most this many words in a quoted name (an outlet or a project: لـ«الشرق الأوسط» إن).
_MAX_NAME_WORDS = 5
_OPEN_MARKS = ("«", "“", "\"")
#: A sentence end inside quotation marks (a name such as «العربية.نت» keeps its dot).
_NAME_BREAK = re.compile(r"[!?؟\n]|\.(?:\s|$)")
_AN_KEY = key("عن")
_NAQL = key("نقل")
_FI_KEY = key("في")
#: Prepositions with a pronoun after a reporting verb: its addressee (قال لنا، تقول لهم).
_ADDRESSEE_WORDS = frozenset(key(w) for w in ("لنا", "لهم", "له", "لها", "لي", "لك", "لكم", "لهما",
                                              "لكن", "لهن"))
#: «في» / «عن» + a pronoun right after a cue: where or of what it was said («وقال فيها إن»،
#: «قالت فيه الوزارة إن»), never the speaker; the speaker phrase starts after it.
_IN_IT_WORDS = frozenset(key(w) for w in ("فيه", "فيها", "فيهما", "فيهم", "فيهن", "عنه", "عنها",
                                          "عنهما", "عنهم"))
#: «بعد / قبل / منذ / حتى / عقب / إلى أنْ»: a time clause, never the content of a report
#: («وأعلنت واشنطن موافقتها ...، بعد أن كانت قد جمدت الصفقة»)
#: («إلى أن» is no time clause here: «أشار إلى أن» is the commonest report frame)
_TEMPORAL_AN = frozenset(key(w) for w in ("بعد", "قبل", "منذ", "عقب", "لحين", "ريثما"))
#: Keys of outlet nouns with the preposition ل (لموقع، لوكالة، لصحيفة، لقناة).
_OUTLET_PREFIXES = ("لموقع", "لوكاله", "لصحيفه", "لقناه")


@dataclass(frozen=True, slots=True)
class Cues:
    """Reporting-cue lexicon: key -> lemma for verbs and participles; complementiser keys
    (key -> True if it carries a pronoun, أنه/إنها); stop-word keys."""

    verbs: dict
    participles: dict
    comps: dict
    stops: frozenset
    #: prepositions of a cue frame (أشار إلى أن): they end a speaker phrase right before a
    #: complementiser only ("المبعوث إلى سوريا" elsewhere stays whole)
    frames: frozenset = frozenset()
    #: verbal nouns of saying with a pronoun (قوله، تأكيدها) in «نقلت X عن Y قوله إن ...»:
    #: their speaker is the phrase between عن and them
    sayings: dict = None  # type: ignore[assignment]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """Load ``rasd/lang/ar/reporting_verbs.tsv`` (cached).

    Raises:
        ValueError: a row has an unknown kind.
    """
    verbs, parts, comps, stops, frames, sayings = {}, {}, {}, set(), set(), {}
    for ln, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        form, kind, lemma = (line.split("\t") + ["", ""])[:3]
        k = key(form)
        if kind == "verb":
            verbs[k] = lemma
        elif kind == "participle":
            parts[k] = lemma
        elif kind == "comp":
            comps[k] = len(k) > 2 and not k.startswith("ب") or len(k) > 3
        elif kind == "stop":
            stops.add(k)
        elif kind == "frame":
            frames.add(k)
        elif kind == "saying":
            sayings[k] = lemma
        else:
            raise ValueError(f"{DATA}:{ln}: unknown kind {kind!r}")
    return Cues(verbs, parts, comps, frozenset(stops), frozenset(frames), sayings)


@dataclass(slots=True)
class QuoteRecord:
    """A quote with the extra facts events need: the outlet it was given to ("لموقع يابلادي")."""

    quote: Quote
    outlet_entity: str | None = None
    outlet_text: str | None = None


def _cue_of(w: Word, c: Cues) -> tuple[str, str] | None:
    """``(kind, cue surface key)`` if the word is a reporting verb or participle."""
    for k in w.cands[:3]:
        if k in c.verbs:
            return "verb", k
        if k in c.participles:
            return "participle", k
        if c.sayings and k in c.sayings:
            return "saying", k
    return None


def _finite_cue(w: Word, c: Cues) -> bool:
    """A reporting verb written as a verb: the word itself, or with a conjunction و/ف only
    (وقال، فأضاف), is a verb cue; a definite noun whose stem matches one (النقل، الكشف،
    التابع) is not."""
    k = w.key
    if k[:1] in ("و", "ف") and len(k) > 3:
        k2 = k[1:]
    else:
        k2 = k
    return (k in c.verbs or k2 in c.verbs) and not k2.startswith("ال")


def _comp_of(w: Word, c: Cues) -> str | None:
    for k in w.cands[:2]:
        if k in c.comps:
            return k
    return None


@lru_cache(maxsize=1)
def _speaker_heads() -> frozenset:
    """Keys of nouns that can be a speaking subject named only by a noun: the titles of
    ``rasd/kb/person_cues.tsv``, the sector heads of ``rasd/events/actor_terms.tsv`` and a few
    person nouns (المرأة، الرجل ...)."""
    from rasd.events.actors import actor_term_rows
    from rasd.kb import person_cues

    out = {key(w) for w in ("المرأة", "الرجل", "الفتاة", "الشاب", "السيدة", "الطفل", "الطفلة",
                            "المتظاهرون", "المحتجون", "الشاهد", "المصدر", "المسؤول")}
    out |= {t.split()[0] for t in person_cues().get("title", ())}
    out |= {key(r[0].split()[0]) for r in actor_term_rows() if len(r) >= 2 and r[1] == "sector"}
    return frozenset(out)


def _definite_word(w: Word) -> bool:
    """The word itself (no preposition before it) carries the article: الرئيس، والمرأة."""
    return w.clitic in ("", "و", "ف") and w.key.removeprefix("و").removeprefix("ف").startswith("ال") \
        and len(w.key) > 3


_CONTRAST = frozenset(key(w) for w in ("بينما", "فيما", "وفيما", "وبينما"))
#: calls and appeals (not reporting verbs of this module) that open a narrator's clause
_CALL_VERBS = frozenset(key(w) for w in ("دعا", "دعت", "طالب", "طالبت", "حث", "حثت", "ناشد",
                                         "ناشدت", "وعد", "وعدت"))
#: «فيما يتعلق بـ»: "regarding", the same report goes on
_FIMA_TOPIC = frozenset(key(w) for w in ("يتعلق", "يخص", "يتصل"))


def _contrast_after_comma(words: list, k: int) -> bool:
    """Whether word ``k`` opens a contrast clause after a comma (، بينما / ، فيما / ، في
    حين): the narrator's next statement, not the reported speech going on."""
    w = words[k]
    if not any(ch in w.gap for ch in "،,"):
        return False
    t = w.key
    if t in _CONTRAST:
        return not (t.endswith("فيما") and k + 1 < len(words)
                    and words[k + 1].key in _FIMA_TOPIC)
    return t in ("في", "وفي") and k + 1 < len(words) and words[k + 1].key == "حين"


def _org_over(doc: Doc, start: int, end: int) -> bool:
    """True when an organisation or MISC mention overlaps ``[start, end)`` (an acronym such as
    «سي. إن. إن» is an organisation; a person's name may end in إن: مون جاي إن)."""
    return _mention_index(doc).body_over(start, end)


def _acronym_letter(doc: Doc, words: list, k: int) -> bool:
    """True when word ``k`` (إن، أن ...) is a letter of a dotted acronym: inside an entity
    mention («سي. إن. إن», CNN in the knowledge base); not right after one («لشبكة سي. إن.
    إن. إن الاجتماع ...»: the fourth إن is the complementiser); else when a spelled letter or
    one letter and a dot stand before it («سي.إن. إن»، «سي.ان. بي») or its own dot and a spelled
    letter follow it («(إن. بي. سي)»)."""
    text = doc.text
    w = words[k]
    if _org_over(doc, w.start, w.end):
        return True
    if k > 0 and _org_over(doc, words[k - 1].start, words[k - 1].end):
        return False
    if k > 0:
        p = words[k - 1]
        if "." in text[p.end:w.start] and dot_abbreviation(text[p.start:p.end]):
            return True
    if k + 1 < len(words) and text.startswith(".", w.end):
        q = words[k + 1]
        return dot_abbreviation(text[q.start:q.end]) and dot_abbreviation(text[w.start:w.end])
    return False


def _ends_sentence(gap: str) -> bool:
    return any(ch in _SENT_END for ch in gap)


class _MentionIndex:
    """Entity mentions of a document, for "first mention overlapping this range" queries in
    O(log n + k) (a :class:`rasd.spans.SpanIndex` over mentions sorted by start)."""

    def __init__(self, doc: Doc) -> None:
        self.rows = sorted((m.start, m.end, e.id, m.text) for e in doc.entities for m in e.mentions)
        self.index = SpanIndex([(r[0], r[1]) for r in self.rows])
        self.persons = {e.id for e in doc.entities if e.type == "PER"}
        self.bodies = {e.id for e in doc.entities if e.type in ("ORG", "MISC")}

    def first_over(self, start: int, end: int) -> tuple[str, int, int, str] | None:
        """The mention overlapping ``[start, end)`` that starts first: (id, s, e, text)."""
        hits = self.index.overlapping(start, end)
        if not hits:
            return None
        s, e, eid, text = self.rows[hits[0]]
        return (eid, s, e, text)

    def body_over(self, start: int, end: int) -> bool:
        """Whether an ORG or MISC mention overlaps ``[start, end)``."""
        return any(self.rows[h][2] in self.bodies for h in self.index.overlapping(start, end))

    def person_over(self, start: int, end: int) -> bool:
        """Whether a PER mention covers ``[start, end)``."""
        return any(self.rows[h][0] <= start and end <= self.rows[h][1]
                   and self.rows[h][2] in self.persons
                   for h in self.index.overlapping(start, end))

    def person_within(self, start: int, end: int) -> tuple[str, int, int, str] | None:
        """The first PER mention lying inside ``[start, end)``: (id, s, e, text), or None."""
        for h in self.index.overlapping(start, end):
            s, e, eid, text = self.rows[h]
            if start <= s and e <= end and eid in self.persons:
                return (eid, s, e, text)
        return None


_INDEX: dict[int, tuple[Doc, int, _MentionIndex]] = {}


def _mention_index(doc: Doc) -> _MentionIndex:
    """The mention index of ``doc``, built once per document (and rebuilt if its entities
    change)."""
    n = sum(len(e.mentions) for e in doc.entities)
    hit = _INDEX.get(id(doc))
    if hit is None or hit[0] is not doc or hit[1] != n:
        _INDEX.clear()  # one document at a time: no growth over a batch
        hit = (doc, n, _MentionIndex(doc))
        _INDEX[id(doc)] = hit
    return hit[2]


def _entity_over(doc: Doc, start: int, end: int) -> tuple[str, int, int, str] | None:
    """The entity mention overlapping ``[start, end)`` that starts first: (id, s, e, text)."""
    return _mention_index(doc).first_over(start, end)


def _speaker_entity(doc: Doc, start: int, end: int) -> tuple[str, int, int, str] | None:
    """The entity a speaker phrase names: a person inside it first ("المتحدث باسم وزارة
    الخارجية فلان": the spokesman, not the ministry), else the first mention over it."""
    idx = _mention_index(doc)
    return idx.person_within(start, end) or idx.first_over(start, end)


def _titled_person(doc: Doc, phrase: str, before: int) -> str | None:
    """The person an untitled speaker description refers back to: «وأضاف الرئيس الفرنسي»
    after «الرئيس الفرنسي إيمانويل ماكرون» is Macron.  The last person mention before
    ``before`` (characters) written right after the same two-word-or-longer description;
    None when there is none."""
    k = key(phrase).strip()
    if len(k.split()) < 2 or k.split()[0] not in _person_titles():
        return None
    best: tuple[int, str] | None = None
    for e in doc.entities:
        if e.type != "PER":
            continue
        for m in e.mentions:
            if m.start >= before:
                continue
            lead = key(doc.text[max(0, m.start - len(phrase) - 12):m.start]).strip()
            # the description right before the name, perhaps with an honorific between
            if (lead.endswith(k) or " ".join(lead.split()[:-1]).endswith(k)) \
                    and (best is None or m.start > best[0]):
                best = (m.start, e.id)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _person_titles() -> frozenset[str]:
    """First-word keys of the person titles of ``rasd/kb/person_cues.tsv`` (الرئيس، المتحدثة،
    وزير ...): subject heads whose holder's name may follow them."""
    from rasd.kb import person_cues

    return frozenset(t.split()[0] for t in person_cues().get("title", ()))


class _Extractor:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.view = word_view(doc)
        self.words = self.view.words
        self.c = cues()
        self.text = doc.text
        #: opening-mark offset -> content end of the quoted names (outlets) of the document
        self.name_ends: dict[int, int] = {}

    def cue_surface(self, w: Word) -> str:
        """The cue as written without proclitics (قال for وقال)."""
        n = len(w.clitic) if w.clitic and w.clitic in ("و", "ف") else 0
        return self.text[w.start + n:w.end]

    def speaker_after(self, i: int, limit: int) -> tuple[int, int, int] | None:
        """Speaker words after the cue word ``i`` up to word ``limit`` (exclusive).

        Returns ``(first, end, outlet_first)``: the speaker phrase stops at punctuation, a stop
        word (time words, في، لـ ...) or an outlet introduced by لـ; ``outlet_first`` is the
        outlet's first word or -1.
        """
        words, c = self.words, self.c
        j = i + 1
        while j < limit and words[j].key in _IN_IT_WORDS and not words[j].gap.strip():
            j += 1  # «وقال فيها الوزير إن»: the speaker comes after «فيها»
        end = j
        outlet = -1
        tx = {(t.start) for t in self.doc.timexes}
        if j < limit and (words[j].key in _ADDRESSEE_WORDS or (
                self.has_lam_proclitic(words[j]) and not self.entity_starts_after_clitic(words[j])
                and not words[j].key.startswith(_OUTLET_PREFIXES))):
            # "أن يقول للنساء ..."، "تقول لنا إنه": the one addressed, not the speaker (an
            # outlet right after the cue, "قال لـ«العربية»", is handled below)
            return None
        while end < limit and end - j < _MAX_SPEAKER_WORDS:
            w = words[end]
            if end > j and w.gap and any(ch in w.gap for ch in "،,:;(–—"):
                break
            if end > j and w.key in _ADDRESSEE_WORDS:
                break  # «وقالت المتحدثة باسم الحكومة | لنا إن»
            if (w.key in c.comps or (len(w.cands) > 1 and w.cands[1] in c.comps
                                     and w.clitic == "و")) \
                    and not _acronym_letter(self.doc, words, end):
                break
            if w.key in c.frames and end + 1 == limit:
                break  # "أشار الوزير إلى أن": the preposition belongs to the cue frame
            if (w.key in c.stops or w.cands[-1] in c.stops or w.start in tx) \
                    and not self.in_person(w):
                # "قال X لـ«Y»"، "قال X في تصريح لصحيفة Y": the outlet the words were given to
                for o in range(end, min(limit, end + 4)):
                    wo = words[o]
                    if o > end and wo.gap and any(ch in wo.gap for ch in "،,:;(–—"):
                        break
                    if wo.key in (key("لـ"), key("ل")) or wo.key.startswith(_OUTLET_PREFIXES):
                        outlet = o + 1 if wo.key in (key("لـ"), key("ل")) else o
                        break
                    if o > end and wo.clitic.endswith("ل") and not wo.clitic.endswith("لل") \
                            and self.entity_starts_after_clitic(wo):
                        outlet = o
                        break
                break
            if end > j and w.clitic.endswith("ل") and not w.clitic.endswith("لل") \
                    and self.entity_starts_after_clitic(w):
                outlet = end  # "قال مصدر لصحيفة X" / "لـيابلادي": an outlet, not the speaker
                break
            end += 1
        if end == j:
            return None
        # "القيادي في حماس أسامة حمدان إن" / "عضو المكتب السياسي لحركة حماس موسى أبو مرزوق
        # إن": a role in or of an organisation, then the person (not an outlet)
        if end < limit and limit - end <= 8 and (
                words[end].key == _FI_KEY or outlet == end and words[end].clitic.endswith("ل")):
            for e in self.doc.entities:
                if e.type != "PER":
                    continue
                for m in e.mentions:
                    if words[end].end <= m.start and m.end <= words[limit - 1].end:
                        k = end
                        while k < limit and words[k].end <= m.end:
                            k += 1
                        if k == limit or _comp_of(words[k], c) is not None:
                            return (j, k, -1 if outlet == end else outlet)
        # "المتحدث باسم الحلف، فلان الفلاني، إن": a person named right after a title
        if end < limit and words[end].gap == "،" and not any(
                e.type == "PER" and any(words[j].start <= m.start < words[end - 1].end
                                        for m in e.mentions) for e in self.doc.entities):
            per = _entity_over(self.doc, words[end].start, words[end].end)
            if per is not None and any(e.id == per[0] and e.type == "PER"
                                       for e in self.doc.entities):
                k = end
                while k < limit and words[k].end <= per[2]:
                    k += 1
                return (end, k, outlet)
        return (j, end, outlet)

    def speaker_after_an(self, i: int) -> tuple[int, int] | None:
        """«نقلت الوكالة عن وزير الدفاع قوله»: the speaker of the saying noun at word ``i`` is
        the phrase between the nearest عن before it (at most eight words back, same sentence)
        and it; None when there is no such عن."""
        words = self.words
        k = i - 1
        while k >= 0 and i - k <= 8:
            if _ends_sentence(words[k + 1].gap):
                return None
            if words[k].key == _AN_KEY:
                # the wire form needs نقل (نقلت، ونقل، نقلا) before عن: «عبر عن دهشته من
                # تصريحه» is no report
                if k + 1 < i and any(words[x].key.removeprefix("و").startswith(_NAQL)
                                     for x in range(max(0, k - 8), k)):
                    return words[k + 1].start, words[i - 1].end
                return None
            k -= 1
        return None

    def has_lam_proclitic(self, w: Word) -> bool:
        """Whether the tokenizer segments a ل/لل proclitic off word ``w`` (للنساء، لنا; not
        لوكهيد or لقطات, whose ل is a root letter) and no entity starts at the word itself."""
        from rasd.text.tokenizer import word_at

        toks = self.doc.tokens
        if not toks:
            return False
        ti = word_at(toks, w.start)
        if ti < 0 or "ل+" not in toks[ti].segments[:2]:
            return False
        ent = _entity_over(self.doc, w.start, w.end)
        return ent is None or ent[1] > w.start

    def in_person(self, w: Word) -> bool:
        """Whether word ``w`` lies inside a PER mention (العميد علي قانصو: علي, which is على
        in match keys, is a name there, not a stop word)."""
        return _mention_index(self.doc).person_over(w.start, w.end)

    def entity_starts_after_clitic(self, w: Word) -> bool:
        """True if an entity mention starts inside word ``w`` after its proclitic ل (لرويترز),
        or, without entities, if the word's stem is an outlet noun (لموقع، لوكالة ...).
        A root-initial ل (لوبيز، لبنان) is part of the speaker's name."""
        for e in self.doc.entities:
            for m in e.mentions:
                if w.start < m.start < w.end:
                    return True
                if m.start == w.start:
                    return False
        return w.key in self.c.stops

    def outlet_phrase(self, first: int, limit: int) -> tuple[str | None, str] | None:
        if first < 0 or first >= limit:
            return None
        words = self.words
        k = first
        while k < limit and k - first < 5 and (k == first or not words[k].gap
                                                or words[k].gap.strip() in _OPEN_MARKS):
            if self.c.comps.get(words[k].key) is not None:
                break
            k += 1
        s = words[first].start
        if words[first].clitic.endswith("ل"):
            s += len(words[first].clitic) if self.text[s:s + 1] != "ل" else 1
            s = words[first].start + 1 if self.text[words[first].start] in "لو" else s
        e = words[k - 1].end
        # "لصحيفة «الشرق الأوسط»": the outlet's name is the quoted part
        o = max(self.text.rfind(m, max(0, s - 1), e) for m in _OPEN_MARKS)
        if o >= 0 and o + 1 < e:
            s = o + 1
            e = self.name_ends.get(o, e)  # the whole quoted name («العربية.نت»)
        ent = _entity_over(self.doc, s, e)
        if ent:
            return ent[0], ent[3]
        return None, self.text[s:e]

    def speaker_before(self, i: int) -> tuple[str, int, int, str] | None:
        """An entity mention ending right before cue word ``i`` ("الوزارة قالت")."""
        if i == 0 or self.words[i].gap:
            return None
        prev = self.words[i - 1]
        ent = _entity_over(self.doc, prev.start, prev.end)
        if ent and ent[2] >= prev.end - 1:
            return ent
        return None

    def speaker_without_phrase(self, i: int) -> tuple[int, int] | None:
        """Character span of the speaker of the cue verb at word ``i`` when no speaker phrase
        follows it: after «فيه / فيها» (:data:`_IN_IT_WORDS`, «وأصدرت الوزارة بيانا قالت فيه
        إن») the subject of the clause's verb (the word before the cue is that verb's object:
        the statement, «شبكة سي إن إن»); otherwise an entity ending right before the cue
        («الوزارة قالت»), or before the statement noun («نشر مجلة فرانس فوتبول تقريرا قالت
        فيه»); None: the caller takes the previous speaker."""
        if i + 1 < len(self.words) and self.words[i + 1].key in _IN_IT_WORDS:
            subj = self.clause_subject(i)
            if subj is not None or i < 2:
                return subj
            # «نشر مجلة فرانس فوتبول تقريرا قالت فيه»: the body or person named before the
            # statement (a place there is its topic: «انتقادات روحاني للولايات المتحدة التي»)
            b = self.speaker_before(i - 1)
            typ = next((e.type for e in self.doc.entities if b and e.id == b[0]), None)
            return (b[1], b[2]) if typ in ("ORG", "PER") else None
        b = self.speaker_before(i)
        return (b[1], b[2]) if b else None

    def clause_subject(self, i: int) -> tuple[int, int] | None:
        """Character span of the subject of the sentence's verb before the participle at word
        ``i`` (VSO order): the first run of up to three definite words (a noun and its
        adjectives: الرئيس الأمريكي، المرأة) after the sentence's first word; None when there
        is none before ``i``."""
        words = self.words
        s = self.sentence_first(i)
        j = s + 1
        while j < i and not _definite_word(words[j]):
            j += 1
            if j - s > 4:
                return None
        if j >= i:
            return None
        ent = _entity_over(self.doc, words[j].start, words[j].end)
        hk = words[j - 1].key
        # a construct title before the first definite word: «أكد وزير الخارجية ...» is the
        # minister, not the ministry
        construct = j > s + 1 and not words[j].gap.strip() \
            and (hk in _speaker_heads() or hk.removeprefix("و") in _speaker_heads())
        if construct and ent is not None and ent[2] <= words[i].start:
            return words[j - 1].start, ent[2]
        if ent is None and j > s + 1:
            ent = _entity_over(self.doc, words[j - 1].start, words[j - 1].end)
        if ent is not None and ent[2] <= words[i].start:
            return ent[1], ent[2]  # «وانتقدت منظمة العفو الدولية الحكومة قائلة»
        k = words[j].key.removeprefix("و").removeprefix("ف")
        if k not in _speaker_heads():
            return None  # «وخاطب الحشود قائلا»: the first noun may be the object
        e = j
        if construct:
            j -= 1  # the construct title without entities: «وزير الخارجية»
        # its adjectives: nisba forms (الرئيس الأمريكي), not the object (الملك | الوفد)
        while e + 1 < i and e - j < 2 and not words[e + 1].gap and _definite_word(words[e + 1]) \
                and not words[e + 1].clitic and words[e + 1].key.endswith(("ي", "يه")):
            e += 1
        end = words[e].end
        if e + 1 < i and not words[e].gap:
            # the title's name right after it («الرئيس الفرنسي ماكرون»)
            nm = _entity_over(self.doc, words[e + 1].start, words[e + 1].end)
            if nm is not None and nm[1] == words[e + 1].start and nm[2] <= words[i].start:
                end = nm[2]
        w = words[j]
        # a conjunction و/ف glued to the subject is not part of it (but وزير's و is its own)
        skip = len(w.clitic) if w.clitic in ("و", "ف") and w.key not in _speaker_heads() else 0
        return w.start + skip, end

    def person_subject(self, subj: tuple[int, int], cue_w: Word) -> tuple[str, int, int] | None:
        """``(entity id, start, end)`` of the clause subject ``subj`` (a character span from
        :meth:`clause_subject`) when it names a person and stands right after the clause's verb
        (VSO): a PER entity, or a title whose holder is the first person named within 60
        characters after it («المتحدثة باسم الخارجية الروسية ماريا زاخاروفا»); else None."""
        words = self.words
        s = self.sentence_first(cue_w.i)
        if s + 1 >= cue_w.i or not words[s + 1].start <= subj[0] <= words[s + 1].start + 1:
            return None
        ss, se = subj
        idx = _mention_index(self.doc)
        ent = _speaker_entity(self.doc, ss, se)
        if ent is not None:
            return (ent[0], ss, se) if ent[0] in idx.persons else None
        # a title's holder: the title is a person title (not «المصدر», «الشركة») and the words
        # up to the name hold no comma, complementiser or second clause
        head = words[s + 1].key.removeprefix("و")
        if head not in _person_titles():
            return None
        p1 = idx.person_within(se, min(se + 60, cue_w.start))
        if p1 is None:
            return None
        between = self.text[se:p1[1]]
        if any(ch in between for ch in "،,.:؛") or any(
                key(w) in ("ان", "بان", "لان", "بعد", "ثم") for w in between.split()):
            return None
        return p1[0], ss, p1[2]

    def sentence_first(self, i: int) -> int:
        """Index of the first word of the sentence holding word ``i``."""
        words = self.words
        s = i
        while s > 0 and not _ends_sentence(words[s].gap):
            s -= 1
        return s

    def recent_person(self, lo: int, hi: int) -> tuple[str, int, int, str] | None:
        """The last PER entity mention inside ``[lo, hi)``: ``(id, start, end, text)``."""
        best = None
        for e in self.doc.entities:
            if e.type != "PER":
                continue
            for m in e.mentions:
                if lo <= m.start and m.end <= hi and (best is None or m.start > best[1]):
                    best = (e.id, m.start, m.end, m.text)
        return best

    def make(self, cs: int, ce: int, direct: bool, cue_w: Word, spk: tuple | None,
             last: dict) -> QuoteRecord | None:
        """Build a record; ``spk`` is (start, end) of an explicit speaker or None (previous)."""
        text = self.text
        # trim quote marks and spaces around the content
        while cs < ce and text[cs] in " \t\"«»“”:":
            cs += 1
        while ce > cs and text[ce - 1] in " \t\"«»“”":
            ce -= 1
        if ce <= cs:
            return None
        if spk is not None and spk[0] < ce and cs < spk[1]:
            return None  # the "quote" is the speaker's own name in quotation marks
        if spk is not None:
            ss, se = spk
            while ss < se and text[ss] in " \"«»“”":
                ss += 1
            while se > ss and text[se - 1] in " \"«»“”،,":
                se -= 1
            ent = _speaker_entity(self.doc, ss, se)
            sid = ent[0] if ent else None
            stext = text[ss:se]
            if sid is None:
                sid = _titled_person(self.doc, stext, ss)
            last.update(id=sid, text=stext, start=ss, end=se)
        else:
            # a participle's speaker is the subject of its clause's verb when that subject is a
            # person right after the verb («وخاطب الرئيس الفرنسي ماكرون المستشارة ميركل قائلا»:
            # Macron, not the person named last); otherwise, as for a pronoun subject, the most
            # recent person named since the last speaker, else the last speaker, else the
            # clause's subject named or not («وخرج الرئيس الأمريكي من القاعة قائلا»)
            cue_kind = _cue_of(cue_w, self.c)
            subj = self.clause_subject(cue_w.i) if cue_kind and cue_kind[0] == "participle" \
                else None
            first = self.person_subject(subj, cue_w) if subj is not None else None
            per = None if first is not None else \
                self.recent_person(max(last.get("end", 0), last.get("qend", 0)), cue_w.start)
            if first is not None:
                sid, ss, se = first
                stext = text[ss:se]
            elif per is not None:
                sid, ss, se, stext = per
            elif last.get("text"):
                sid, stext, ss, se = last["id"], last["text"], last["start"], last["end"]
            elif subj is not None:
                ss, se = subj
                ent = _speaker_entity(self.doc, ss, se)
                sid, stext = (ent[0] if ent else None), text[ss:se]
            else:
                return None
            last.update(id=sid, text=stext, start=ss, end=se)
        last["qend"] = ce
        q = Quote(start=cs, end=ce, text=text[cs:ce], direct=direct, speaker=sid,
                  speaker_text=stext, cue=self.cue_surface(cue_w), speaker_start=ss,
                  speaker_end=se)
        return QuoteRecord(q)

    def run(self) -> list[QuoteRecord]:
        words, c, text = self.words, self.c, self.text
        n = len(words)
        # direct quote spans
        direct = []
        for m in _QUOTE_RE.finditer(text):
            g = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
            direct.append((m.start(), m.end(), m.start(g), m.end(g)))
        starts = [w.start for w in words]
        qstarts = [d[0] for d in direct]

        def inside_quote(a: int, b: int) -> bool:
            """True if the gap ``[a, b)`` lies inside one quotation (its content goes on)."""
            x = bisect.bisect_right(qstarts, a) - 1
            return x >= 0 and direct[x][1] > b and not (direct[x][0] in names)

        def inside_name(a: int) -> bool:
            """True if offset ``a`` lies inside a quoted name («العربية.نت»)."""
            x = bisect.bisect_right(qstarts, a - 1) - 1
            return x >= 0 and direct[x][0] in names and direct[x][1] > a

        events: list[tuple[int, str, tuple]] = []  # (position, kind, data) in text order
        used_cues: set[int] = set()
        names: set[int] = set()  # opening-mark offsets of quoted names (لـ«العربية» أن)
        for qs, qe, cs, ce in direct:
            wi = bisect.bisect_left(starts, qs)  # first word inside/after the opening mark
            we = bisect.bisect_left(starts, qe)  # first word after the closing mark
            short = we - wi <= _MAX_NAME_WORDS and not _NAME_BREAK.search(text[cs:ce])
            # a short quotation given to someone (لـ«العربية»، لصحيفة «الأفق») names an outlet
            if short and wi > 0 and (text[max(0, qs - 2):qs] in ("لـ", " ل") or (
                    text[words[wi - 1].end:qs].strip() == "" and
                    words[wi - 1].key.startswith(_OUTLET_PREFIXES))):
                names.add(qs)
                self.name_ends[qs] = ce
                continue
            # a quoted name followed by أن is a speaker or an addressee (an outlet), not a quote
            if we < n and not _ends_sentence(text[qe:words[we].start]) and \
                    _comp_of(words[we], c) is not None:
                if short and words[we].clitic[:1] != "و" and \
                        _comp_of(words[wi - 1] if wi > 0 else words[we], c) is None:
                    names.add(qs)  # not the content of a report (أن «...» وأن ...)
                    self.name_ends[qs] = ce
                continue
            cue = None
            k = wi - 1
            while k >= 0 and wi - k <= 2 * _MAX_SPEAKER_WORDS:
                if _ends_sentence(words[k + 1].gap if k + 1 < n else "") and k + 1 != wi:
                    break
                if k + 1 < wi and _ends_sentence(words[k + 1].gap):
                    break
                cu = _cue_of(words[k], c)
                if cu is not None:
                    cue = k
                    break
                if _comp_of(words[k], c) is not None:
                    break  # reported speech containing a quotation: the indirect path handles it
                k -= 1
            if cue is not None:
                between = text[words[cue].end:qs]
                if ":" not in between and wi - cue - 1 > _MAX_SPEAKER_WORDS:
                    cue = None
                elif ":" not in between and wi - cue > 1 and len(text[cs:ce].split()) <= 2:
                    cue = None  # a short quoted name after a speaker phrase ("سد "إليسو"")
                elif ":" not in between and len(text[cs:ce].split()) <= 5 and not any(
                        "\u0600" <= ch <= "\u06ff" for ch in text[cs:ce]):
                    cue = None  # a quoted Latin name («Delta Grid SA»), not words said
            if cue is not None:
                used_cues.add(cue)
                spk = self.speaker_after(cue, wi)
                sp = None
                if _cue_of(words[cue], c)[0] == "saying":
                    spk = None
                    sp = self.speaker_after_an(cue)
                elif spk is not None and _cue_of(words[cue], c)[0] == "verb":
                    sp = (words[spk[0]].start, words[spk[1] - 1].end)
                elif _cue_of(words[cue], c)[0] == "verb":
                    sp = self.speaker_without_phrase(cue)
                events.append((qs, "direct", (cs, ce, cue, sp, spk[2] if spk else -1, wi)))
                continue
            # a cue right after the closing mark: '"..." قال X'
            if we < n and not _ends_sentence(words[we].gap.replace("\"", "")):
                for k in range(we, min(n, we + 2)):
                    cu = _cue_of(words[k], c)
                    if cu and cu[0] == "verb":
                        spk = self.speaker_after(k, min(n, k + _MAX_SPEAKER_WORDS))
                        sp = (words[spk[0]].start, words[spk[1] - 1].end) if spk else None
                        used_cues.add(k)
                        events.append((qs, "direct", (cs, ce, k, sp, -1, wi)))
                        break
        # indirect reported speech
        for i in range(n):
            if i in used_cues:
                continue
            cu = _cue_of(words[i], c)
            if cu is None or cu[0] == "verb" and not _finite_cue(words[i], c):
                continue  # (a definite noun such as النقل، الكشف is no reporting verb)
            kind = cu[0]
            if kind != "verb":
                x = bisect.bisect_right(qstarts, words[i].start) - 1
                if x >= 0 and direct[x][1] > words[i].end and direct[x][0] not in names:
                    continue  # «... خرج من الاجتماع قائلا إنه ...» inside someone's quotation
            # find the complementiser
            comp = None
            k = i + 1
            while k < n and k - i <= _MAX_COMP_DISTANCE:
                if (_ends_sentence(words[k].gap) or ":" in words[k].gap) \
                        and not inside_name(words[k].start - 1):
                    break
                if any(ch in words[k].gap for ch in "«“"):
                    o = words[k].start - len(words[k].gap)
                    o += max(words[k].gap.rfind("«"), words[k].gap.rfind("“"))
                    if o not in names:
                        break  # a quotation opens: the direct path handles it
                if _comp_of(words[k], c) is not None and not _acronym_letter(self.doc, words, k) \
                        and not (any(x in _TEMPORAL_AN for x in words[k - 1].cands[:2])
                                 and not words[k].gap.strip()):
                    comp = k
                    break
                later = _cue_of(words[k], c)
                if _finite_cue(words[k], c) or later is not None and later[0] != "verb":
                    break  # "أعلن X ...، وقال Y إن", "نقل عن Y تأكيده أن": the later cue's
                k += 1
            if comp is None:
                continue
            if comp - 1 > i and words[comp - 1].key == _ALA and cu[1] not in _ALA_CUES \
                    and words[comp].key == _AN and comp + 1 < n \
                    and imperfect_verb_key(words[comp + 1].key):
                continue  # «أعلن البنك موافقته على القرض على أن يُسدد»: «على أنْ» + a verb is
                # a condition ("provided that"), not what the bank said; «لافتا على أنّ
                # الحديث ...» and «شدد على أن يتم ...» are reports
            if kind in ("participle", "saying") and comp - i > 2:
                continue
            # content: after the complementiser to the end of the sentence
            cs = words[comp].end
            ck = comp + 1
            if ck >= n:
                continue
            e = ck
            x = bisect.bisect_right(qstarts, words[ck].start) - 1
            if x >= 0 and direct[x][0] >= cs and direct[x][0] not in names:
                # "أن «...»": the content is the quotation, up to its closing mark
                while e + 1 < n and words[e + 1].start < direct[x][1]:
                    e += 1
            else:
                while e + 1 < n and (not _ends_sentence(words[e + 1].gap)
                                     or inside_quote(words[e].end, words[e + 1].start)):
                    nxt = _cue_of(words[e + 1], c) if any(
                        ch in words[e + 1].gap for ch in "،,") else None
                    if nxt is not None and (words[e + 1].clitic == "و" or nxt[0] == "participle"):
                        break  # "...، وقال مصدر إن" / "...، مضيفا:": the next report starts
                    if _contrast_after_comma(words, e + 1) and any(
                            _cue_of(words[x], c) is not None or words[x].key in _CALL_VERBS
                            for x in range(e + 2, min(n, e + 4))):
                        # "...، بينما دعا مجلس الأمن" / "...، فيما أكد الوزير": the narrator's
                        # next report; a contrast inside the speech (", بينما انخفض الرقم")
                        # goes on
                        break
                    e += 1
            ce = words[e].end
            # include a closing punctuation-free tail; stop before the sentence period
            sp = None
            outlet = -1
            if kind == "saying":
                sp = self.speaker_after_an(i)
            elif kind == "verb":
                spk = self.speaker_after(i, comp)
                if spk is not None:
                    sp = (words[spk[0]].start, words[spk[1] - 1].end)
                    outlet = spk[2]
                else:
                    sp = self.speaker_without_phrase(i)
            # "قال إن «...»": the whole content is a quotation, hence a direct quote
            whole = any(m in text[cs:words[ck].start] for m in _OPEN_MARKS) and \
                text[ce:ce + 1] in ("»", "”", "\"") and inside_quote(words[ck].start, ce - 1)
            events.append((words[i].start, "direct" if whole else "indirect",
                           (words[ck].start, ce, i, sp, outlet, comp)))
        events.sort(key=lambda x: x[0])
        out: list[QuoteRecord] = []
        last: dict = {}
        for _, kind, (cs, ce, cue, sp, outlet, lim) in events:
            rec = self.make(cs, ce, kind == "direct", words[cue], sp, last)
            if rec is None:
                continue
            if outlet >= 0:
                op = self.outlet_phrase(outlet, lim)
                if op:
                    rec.outlet_entity, rec.outlet_text = op
            out.append(rec)
        # drop exact duplicates (a quotation inside reported speech found twice)
        seen = set()
        final = []
        for r in out:
            k2 = (r.quote.start, r.quote.end)
            if k2 not in seen:
                seen.add(k2)
                final.append(r)
        return final


_RECORDS: dict[int, tuple[weakref.ref, tuple[int, int, int], list[QuoteRecord]]] = {}


def find_quote_records(doc: Doc) -> list[QuoteRecord]:
    """Quotes with outlet information (see :class:`QuoteRecord`), in text order.

    Cached while the document's text, tokens and entities are unchanged (events reuse the
    quotes' speakers and outlets); at most 8 documents are cached.
    """
    if not doc.text:
        return []
    sig = (len(doc.text), len(doc.tokens), len(doc.entities))
    hit = _RECORDS.get(id(doc))
    if hit is not None and hit[0]() is doc and hit[1] == sig:
        return hit[2]
    recs = _Extractor(doc).run()
    if len(_RECORDS) >= 8:
        _RECORDS.clear()
    _RECORDS[id(doc)] = (weakref.ref(doc), sig, recs)
    return recs


def extract_quotes(doc: Doc) -> list[Quote]:
    """Direct and indirect quotes of a document with their speakers.

    Args:
        doc: a Doc with ``text`` and ideally ``sentences``, ``tokens``, ``entities`` (speaker
            ids) and ``timexes`` (time words do not belong to a speaker phrase).
    Returns:
        list of :class:`rasd.doc.Quote` in text order; ``speaker`` is an entity id when the
        speaker phrase overlaps an entity mention, else None; ``speaker_text`` is the speaker's
        surface (the previous explicit speaker for "وأضاف:"); ``cue`` is the reporting word
        without proclitics.
    """
    return [r.quote for r in find_quote_records(doc)]
