"""Rule-based PLOVER 2.0 event extraction from Arabic text.

``extract_events(doc)`` finds trigger words (``rasd/events/triggers.tsv``) on the normalised,
proclitic-stripped words of the document, then fills each event's arguments by rules:

* **actor / recipient** from coded actor phrases (:mod:`rasd.events.actors`) in the trigger's
  sentence: the subject is the nearest phrase before a verb with no preposition (SVO) or the
  first one after it (VSO); the recipient is the next phrase after the trigger (object, or
  governed by مع/إلى/على/ل/ضد/من قبل).  Passive "دُعي وفد ... إلى X من قبل Y" makes the
  delegation the actor and X/Y the hosts; "استقبل" swaps host and visitor; reciprocal types
  (meetings, joint exercises, agreements) put every party among the actors.  Phrases joined by
  و ("المغرب وإسرائيل") are taken together.
* **type / mode / contexts / CAMEO / Goldstein** from the trigger row and ``cameo.tsv``;
  military exercises become COOPERATE with two or more countries, else MOBILIZE.
* **location**: the first GPE/LOC entity after "في" in the sentence; **date**: the resolved
  timex nearest the trigger in the sentence (a bare year when no timex layer exists).
* **status**: negated (لم، لن، نفى ...), hypothetical (قد + imperfect, إذا، لو، ربما),
  planned (سـ/سوف، من المقرر، يعتزم ...), negotiating (محادثات، مفاوضات، يبحث ...), historical
  (the date starts a year or more before ``doc.published``), else asserted.
* **attribution**: the speaker (or the outlet, "لموقع يابلادي") of the quote containing the
  trigger, or "وفقاً لـ / حسب / بحسب / نقلاً عن X", or "ذكرت X أن".

* **clauses**: a subject or an object is never taken across ", و + verb" (a new coordinated
  clause); passive "تعرض X لـ ... من Y" and vocalised "قُتل X" make X the recipient and take
  the actor only from an explicit agent, and so do casualty words and counted victims
  ("أعلنت الوزارة مقتل ثلاثة أشخاص في غارة إسرائيلية", "أربعة أشخاص قتلوا": the announcer, the
  speaker and the count are never the actor); a protest that is the object of a repression is
  made by the population against the authorities; a definite head ("الوفد") refers back to the
  phrase it heads in the two sentences before; polls and statistics are not events.

Events of one sentence with the same type and actor/recipient codes are one event; across the
article, events with the same type, actor countries, recipient countries and date are merged (one
event per distinct event per article).  Data files are loaded lazily and cached.  Every
per-trigger lookup is confined to the trigger's sentence (bisection over sorted mentions, quote,
timex and entity-mention spans), so the work is linear in the length of the article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as _date
from functools import lru_cache
from pathlib import Path

from rasd.doc import Actor, Doc, Event
from rasd.spans import SpanIndex
from rasd.events.arms import arms_frame, forget_index, is_arms_candidate, merge_frames
from rasd.events.actors import (ActorMention, Word, WordView, actor_term_rows, count_words,
                                find_actor_mentions, key, lexicon, number_word_keys, valid_code,
                                word_view)
from rasd.lang.ar import read_tsv
from rasd.text.lexicon import imperfect_verb_key, light, load_lexicon

HERE = Path(__file__).resolve().parent
GAP = "…"
LONG_GAP = "……"
MAX_GAP = 4
MAX_LONG_GAP = 8
#: Arguments after the trigger are looked for at most this many words after it.
POST_WINDOW = 40
#: An undated mention merges into an earlier event of the same type and participants.
MERGE_UNDATED = True

#: Types whose recipient defaults to the actor's own population when one country is in view.
DOMESTIC = frozenset({"COERCE", "PROTEST", "ASSAULT", "ACCUSE", "REQUEST"})

#: Speech-act types: an evaluative noun inside a quote is the speaker's act.
SPEECH_ACTS = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT"})

#: A "sentence" longer than this many words (a splitter failure, a list without full stops) is
#: cut to a window of half this size either side of the trigger, so argument search stays local.
MAX_SENTENCE_WORDS = 200

#: Directed types kept only with a recipient (or a domestic one).
NEEDS_RECIPIENT = frozenset({"THREATEN", "SANCTION", "AID", "REJECT", "COERCE"})

#: Reciprocal types kept only when two or more parties are known.
PAIRED = frozenset({"CONSULT", "AGREE", "COOPERATE"})

#: PLOVER types whose participants are reported symmetrically (see rasd.eval.score).
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT"})


@dataclass(frozen=True, slots=True)
class CameoRow:
    """One row of ``cameo.tsv``: PLOVER type, default mode, Goldstein weight, description."""

    code: str
    type: str
    mode: str | None
    goldstein: float
    label: str


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger pattern of ``triggers.tsv``.

    Attributes:
        slots: tuple of slots; each slot is a frozenset of exact keys plus a tuple of prefixes
            (from ``x*``), or None for a gap ``…``.
        cameo: CAMEO code; type/mode/contexts: PLOVER coding; flags: frozenset of flag names.
        line: source line number (for debugging).
        spelled: first-slot keys that match only as spelled in the table (``x!``): key ->
            the light spellings (hamza kept) the written word must end with, so that «هنأ»
            (congratulated) does not match «هنا» (here), which has the same key.
    """

    slots: tuple
    cameo: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    flags: frozenset
    line: int
    spelled: tuple[tuple[str, frozenset], ...] = ()


def _slot_key(w: str) -> str:
    k = key(w)
    if k.startswith("ال") and len(k) >= 4:
        k = k[2:]
    return k


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoRow]:
    """CAMEO code -> :class:`CameoRow` from ``rasd/events/cameo.tsv`` (cached)."""
    out = {}
    for line in (HERE / "cameo.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, typ, mode, gold, label = line.split("\t")[:5]
        out[code] = CameoRow(code, typ, None if mode == "-" else mode, float(gold), label)
    return out


@lru_cache(maxsize=1)
def triggers() -> tuple[dict[str, list[Trigger]], list[tuple[str, Trigger]]]:
    """The trigger table indexed by first-slot key: ``(exact_index, prefix_list)`` (cached).

    Raises:
        ValueError: a row names a CAMEO code missing from ``cameo.tsv``.
    """
    table = cameo_table()
    exact: dict[str, list[Trigger]] = {}
    prefix: list[tuple[str, Trigger]] = []
    path = HERE / "triggers.tsv"
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        pat, cameo, mode, ctx, flags = (cols + ["-"] * 5)[:5]
        if cameo not in table:
            raise ValueError(f"{path}:{ln}: CAMEO code {cameo} not in cameo.tsv")
        row = table[cameo]
        slots = []
        spelled: dict[str, set[str]] = {}
        for n, tok in enumerate(pat.split()):
            if tok == GAP:
                slots.append(None)
                continue
            if tok == LONG_GAP:
                slots.append("long")
                continue
            ex, pre = set(), []
            for alt in tok.split("|"):
                if alt.endswith("!"):
                    if n:
                        raise ValueError(f"{path}:{ln}: {alt}: '!' only in the first slot")
                    alt = alt[:-1]
                    for k in (_slot_key(alt), key(alt)):
                        spelled.setdefault(k, set()).add(light(alt))
                if alt.endswith("*"):
                    pre.append(_slot_key(alt[:-1]))
                    pre.append(key(alt[:-1]))
                else:
                    ex.add(_slot_key(alt))
                    ex.add(key(alt))
            slots.append((frozenset(ex), tuple(dict.fromkeys(pre))))
        trig = Trigger(tuple(slots), cameo, row.type, row.mode if mode == "-" else mode,
                       tuple(c for c in ctx.split(",") if c and c != "-"),
                       frozenset(f for f in flags.split(",") if f and f != "-"), ln,
                       tuple((k, frozenset(v)) for k, v in spelled.items()))
        first_ex, first_pre = slots[0]
        for k in first_ex:
            exact.setdefault(k, []).append(trig)
        for p in first_pre:
            prefix.append((p, trig))
    for lst in exact.values():
        lst.sort(key=lambda t: -len(t.slots))
    return exact, prefix


#: Types whose nominal or definite triggers need a sentence cue (``event_cues.tsv``).
CUED = frozenset({"ASSAULT", "PROTEST"})


@lru_cache(maxsize=1)
def event_cues() -> dict[str, tuple[frozenset, tuple[str, ...]]]:
    """``kind -> (exact keys, prefixes)`` from ``rasd/events/event_cues.tsv`` (cached): the
    casualty/perpetration cues of ASSAULT, the participant cues of PROTEST and the ``ref``
    nouns after which an ASSAULT word names a charge or topic."""
    out: dict[str, tuple[set, list]] = {}
    for line in (HERE / "event_cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, words = line.split("\t")[:2]
        ex, pre = out.setdefault(kind, (set(), []))
        for w in words.split("|"):
            if w.endswith("*"):
                pre += [_slot_key(w[:-1]), key(w[:-1])]
            else:
                ex |= {_slot_key(w), key(w)}
    return {k: (frozenset(ex), tuple(dict.fromkeys(pre))) for k, (ex, pre) in out.items()}


#: Verbal nouns of the ``patient`` rows whose letters are also the past verb (قصف، قمع).
_PATIENT_VERB_FORMS = frozenset(key(w) for w in ("قصف", "قمع"))
#: Heavy ground weapons that make a shelling (قصف) CAMEO 194, not aerial 195
#: («قصفت المدفعية الروسية مواقع»، «قصف مدفعي»، «قصفت الدبابات»); keys of the word without
#: proclitics (بالمدفعية -> مدفعيه).
_ARTILLERY = frozenset(key(w) for w in (
    "مدفعية", "مدفعي", "مدفعيا", "مدافع", "دبابات", "دبابة", "هاون", "راجمات", "راجمة"))
_SHELL_FORMS = frozenset(key(w) for w in ("قصف", "قصفت", "يقصف", "تقصف", "قصفوا"))
#: Event types whose nominal trigger, when it is what a REQUEST asks for, is no event of
#: its own (a call for a ceasefire, for talks, for aid).
_REQUESTABLE = frozenset({"RETREAT", "AGREE", "CONCEDE", "AID", "CONSULT", "COOPERATE"})
#: Words after which a clause starts (the verb may open it).
_CLAUSE_OPENERS = frozenset(key(w) for w in ("ثم", "كما", "حيث", "بينما", "فيما", "عندما", "حين"))


def _clause_initial_verb(words: list[Word], s0: int, s1: int, ti: int, tj: int) -> bool:
    """Whether the one-word trigger at ``ti`` (a ``patient`` verbal noun such as قصف) is the
    past verb: its bare form (at most و/ف before it) opens the sentence or a clause (after a
    comma or ثم/كما/حيث ...) and a definite word follows it (the subject of a VSO clause).
    «نفت قصف المستشفى» and «بعد قصف المستشفى» stay verbal nouns (a word before them)."""
    w = words[ti]
    if tj != ti + 1 or w.clitic not in ("", "و", "ف") or w.cands[-1] not in _PATIENT_VERB_FORMS \
            or ti + 1 >= s1:
        return False
    nxt = words[ti + 1]
    if ti > s0 and not w.gap.strip() and w.clitic == "" and _definite(words[ti - 1]) \
            and words[ti - 1].clitic in ("", "و") and not _definite(nxt):
        # SVO: «الجيش الإسرائيلي قصف مدرسة»: a definite subject before, an indefinite object
        # after (a verbal noun is never bare right after a definite noun)
        return True
    opens = ti == s0 or w.gap.strip() in (",", "،", "؛", ";") \
        or words[ti - 1].key in _CLAUSE_OPENERS
    # the subject after the verb is definite (قصف الجيش); an indefinite construct head after
    # it (قصف طيران التحالف مواقع) is left alone: its object runs into the actor phrase
    return opens and _definite(nxt)


def _definite(w: Word) -> bool:
    """The word carries the article (الهجوم، بالهجوم، للتظاهر)."""
    return "لل" in w.clitic or any(c.startswith("ال") and len(c) > 4 for c in w.cands[:3])


def _cue_ok(words: list[Word], s0: int, s1: int, ti: int, trig: Trigger) -> bool:
    """Whether a trigger of a :data:`CUED` type may stand: finite verbs and casualty words
    (``self`` cues: مقتل، قتلى، غارة) always; definite triggers, nominal triggers and the
    ambiguous verbal nouns of ASSAULT (``noun`` cues: هجوم، اعتداء، قتل) only with another cue
    of their type in the sentence; an ASSAULT word never right after a ``ref`` noun (تهم قتل)."""
    cues = event_cues()
    w = words[ti]
    if trig.type == "ASSAULT" and ti > s0 and not w.gap:
        ex, pre = cues.get("ref", (frozenset(), ()))
        if any(c in ex or (pre and c.startswith(pre)) for c in words[ti - 1].cands[:3]):
            return False
        if words[ti - 1].key in _RELATIVE:
            return False  # "النائب الذي قتل في تفجير": background on a person, not the news
    def has(kind: str, word: Word) -> bool:
        ex, pre = cues.get(kind, (frozenset(), ()))
        return any(c in ex or (pre and c.startswith(pre)) for c in word.cands[:3])

    if has("self", w) and trig.type == "ASSAULT" and not _definite(w):
        return True
    nominal = _definite(w) or "noun" in trig.flags or (trig.type == "ASSAULT" and has("noun", w))
    if not nominal:
        return True
    if "verb" in trig.flags and not _definite(w) and trig.type == "PROTEST":
        return True
    return any(has(trig.type, words[k]) for k in range(s0, s1) if k != ti)


def _slot_ok(slot: tuple, w: Word) -> bool:
    ex, pre = slot
    for c in w.cands:
        if c in ex:
            return True
        for p in pre:
            if c.startswith(p):
                return True
    return False


def _match_at(words: list[Word], i: int, end: int, trig: Trigger,
              names: dict[int, int] | None = None) -> int | None:
    """Match ``trig`` starting at word ``i`` (sentence ends at ``end``); returns end word or None.

    ``names`` maps the first word of a multi-word entity mention to its end word: a gap counts
    such a name as one word («وصل رئيس الوزراء محمد بن عبد الرحمن آل ثاني إلى ...»)."""
    j = i + 1
    slots = trig.slots
    k = 1
    while k < len(slots):
        s = slots[k]
        if s is None or s == "long":
            nxt = slots[k + 1]
            width = MAX_GAP if s is None else MAX_LONG_GAP
            allowed = "-\"«»“”" if s is None else "-\"«»“”،,"
            g, steps, found = j, 0, False
            while g < end and steps <= width:
                if g > j and words[g].gap and not all(ch in allowed for ch in words[g].gap):
                    break
                if _slot_ok(nxt, words[g]):
                    j = g + 1
                    found = True
                    break
                g = max(g + 1, min(names.get(g, g + 1), end)) if names else g + 1
                steps += 1
            if not found:
                return None
            if j > end or not _slot_ok(nxt, words[j - 1]):
                return None
            k += 2
            continue
        if j >= end or not _slot_ok(s, words[j]):
            return None
        j += 1
        k += 1
    return j


def _spelled_ok(trig: Trigger, w: Word, text: str) -> bool:
    """Whether word ``w`` is written as the first slot of ``trig`` requires: a key marked
    ``x!`` in ``triggers.tsv`` matches only when the light form of the written word (hamza
    kept) ends with one of the table's spellings («وهنأ» for هنأ!, not «هنا»); words whose
    candidate keys carry no such mark always pass."""
    if not trig.spelled:
        return True
    ex, _ = trig.slots[0]
    surface = light(text[w.start:w.end])
    for k, spellings in trig.spelled:
        if k in w.cands and surface.endswith(tuple(spellings)):
            return True
    # another, unmarked alternative of the slot matches
    marked = {k for k, _ in trig.spelled}
    return any(c in ex and c not in marked for c in w.cands) or _slot_ok(
        (frozenset(), trig.slots[0][1]), w)


def find_triggers(view: WordView) -> list[tuple[int, int, Trigger, tuple[int, int]]]:
    """All trigger matches: ``(first_word, end_word, trigger, sentence_range)``, non-overlapping
    starts, the longest pattern winning at each word.  A first-slot alternative marked ``x!`` in
    ``triggers.tsv`` matches only as spelled there (:func:`_spelled_ok`)."""
    exact, prefix = triggers()
    prefixes = tuple(p for p, _ in prefix)
    words = view.words
    text = view.doc.text
    names: dict[int, int] = {}  # first word of a multi-word name -> its end word
    for ent in view.doc.entities:
        for m in ent.mentions:
            w0, w1 = view.word_at(m.start), view.index_at(m.end)
            if w1 - w0 > 1:
                names[w0] = max(names.get(w0, 0), w1)
    out = []
    for s0, s1 in view.sentences:
        i = s0
        while i < s1:
            w = words[i]
            cands_tr: list[Trigger] = []
            for c in w.cands:
                cands_tr.extend(exact.get(c, ()))
            if prefixes and any(c.startswith(prefixes) for c in w.cands):
                for p, t in prefix:
                    if any(c.startswith(p) for c in w.cands):
                        cands_tr.append(t)
            if not cands_tr:
                i += 1
                continue
            best = None
            for t in sorted(cands_tr, key=lambda t: -len(t.slots)):
                if not _spelled_ok(t, w, text):
                    continue
                j = _match_at(words, i, s1, t, names)
                if j is not None:
                    best = (i, j, t)
                    break
            if best:
                out.append((best[0], best[1], best[2], (s0, s1)))
            i += 1
    return out


# --- arguments ---------------------------------------------------------------------------------

_PREPS = {key(p): p for p in ("مع", "إلى", "الى", "على", "من", "في", "عن", "ضد", "بين", "لدى",
                              "تجاه", "حول", "بشأن", "عبر", "نحو")}
_NEG = {key(w) for w in ("لم", "لن", "لا", "ليس", "ليست", "نفى", "نفت", "ينفي", "تنفي", "عدم",
                         "دون", "بدون", "رفض")}
#: Denial verbs: "نفت الوزارة أن يكون الوفد قد زار ..." denies the event of the clause after
#: أن, however far the trigger lies from the verb.
_DENY = {key(w) for w in ("نفى", "نفت", "ينفي", "تنفي", "ينفون", "نفوا", "نفيا", "كذب", "كذبت",
                          "يكذب", "تكذب", "أنكر", "أنكرت", "ينكر", "تنكر", "ينكرون")}
_OR = {key(w) for w in ("أو", "ولا")}
#: the content of a denial: "نفت الوزارة أن/بأن ..."
_THAT = {key(w) for w in ("أن", "أنه", "أنها", "بأن", "بأنه", "بأنها")}
#: a denied noun object right before the trigger: "نفى وجود مناورات"
_EXISTENCE = {key(w) for w in ("وجود", "إجراء", "حدوث", "وقوع", "تنفيذ", "عقد")}
#: "any" before the denied event noun: «نفت الحكومة أي مفاوضات مع تركيا»
_ANY = frozenset(key(w) for w in ("أي", "أية", "اي", "ايه"))
#: negation particles that turn a denial verb around ("لا ينفي", "لم ينف")
_NOT = {key(w) for w in ("لا", "لم", "لن", "ما")}
#: Words that open a new clause after a denied one: reporting participles the quote lexicon
#: lacks, contrast and concession.
_CLAUSE_BREAK = {key(w) for w in ("قائلا", "قائلة", "قائلين", "مشددا", "مشددة", "علما",
                                  "مشيرين", "مؤكدين", "حين", "بينما", "فيما", "لكن", "ولكن",
                                  "إلا")}
#: these open a new clause only before أن: "غير أن"، "رغم أن"، "كما أن"، "بيد أن" (غير alone
#: is "non-": "وفد غير رسمي")
_BREAK_BEFORE_THAT = {key(w) for w in ("غير", "رغم", "برغم", "كما", "بيد", "مع")}
_K_WAQT = key("الوقت")
#: أن after these is temporal ("بعد أن زار"), not the content of a denial.
_TEMPORAL = {key(w) for w in ("بعد", "قبل", "منذ", "حتى", "عقب")}
_CLAUSE_PUNCT = "،,;:؛-–—"
_HYPO = {key(w) for w in ("إذا", "اذا", "لو", "ربما", "حال", "المحتمل", "محتمل", "يمكن", "قد",
                          "إن", "لعل")}
_PLAN = {key(w) for w in ("سوف", "المقرر", "المتوقع", "يعتزم", "تعتزم", "اعتزام", "اعتزامها",
                          "تخطط", "يخطط", "خطة", "خطط", "خططها", "تنوي", "ينوي", "المزمع",
                          "المرتقب", "سيتم", "ستتم", "سيجري", "ستجري", "تسعى", "يسعى")}
_NEGOT = {key(w) for w in ("محادثات", "مفاوضات", "مباحثات", "يبحث", "تبحث", "بحث", "بحثا",
                           "وبحث", "تدرس", "يدرس",
                           "تتفاوض", "يتفاوض", "محتملة", "المحتملة", "محتمل", "المحتمل",
                           "مناقشة", "يناقش", "تناقش", "دراسة")}
_ATTR_MARKERS = (("وفقا", "ل"), ("وفقا", "ما"), ("وفق", "ما"), ("حسب",), ("بحسب",), ("حسبما",),
                 ("بحسبما",), ("نقلا", "عن"), ("استنادا", "الي"), ("استنادا", "ل"), ("طبقا", "ل"))
_REPORT_VERBS = {key(w) for w in ("ذكرت", "ذكر", "أفادت", "أفاد", "أوردت", "أورد", "نقلت",
                                  "كشفت", "كشف", "أعلنت", "أعلن", "قالت", "قال", "أكدت", "أكد")}
#: Verbs whose subject undergoes the event named after them (تعرض لـ، واجه).
_UNDERGO = {key(w) for w in ("تعرض", "تعرضت", "يتعرض", "تتعرض", "واجه", "واجهت", "يواجه",
                             "تواجه", "خضع", "خضعت")}
#: Relative pronouns: an ASSAULT verb right after one describes a person or thing.
_RELATIVE = {key(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان")}
#: Place head nouns between "في" and a place name ("في العاصمة الرباط").
#: (direction and outskirts words too: «في جنوب لبنان»، «في ريف حلب»، «في شمالي العراق»)
_PLACE_HEADS = {key(w) for w in ("جنوب", "شمال", "شرق", "غرب", "وسط", "جنوبي", "شمالي",
                                 "شرقي", "غربي", "ريف", "ضواحي", "أطراف",
                                 "العاصمة", "مدينة", "المدينة", "محافظة", "ولاية", "منطقة",
                                 "إقليم", "بلدة", "قرية", "ميناء", "مخيم",
                                 # «تظاهروا في شوارع الخرطوم»
                                 "شوارع", "ساحات", "أحياء")}
_K_QABL, _K_MIN, _K_FI, _K_QAD = key("قبل"), key("من"), key("في"), key("قد")
_K_ILA = key("إلى")
_K_BAYN = key("بين")
_K_ALA, _K_AN = key("على"), key("أن")
_COND_OPEN = frozenset(key(w) for w in ("إذا", "اذا", "لو", "لولا"))
_K_HAL = key("حال")
_COND = frozenset(key(w) for w in ("إذا", "لو", "ربما", "المحتمل",
                                   # readiness for an act is not the act («مستعدون لمعركة»)
                                   "مستعد", "مستعدة", "مستعدون", "مستعدين", "جاهز", "جاهزة",
                                   "جاهزون", "جاهزين", "استعداد", "استعدادها", "استعداده",
                                   "استعدادهم"))
_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


#: words that open a contrasting clause with its own subject
_CONTRAST_OPEN = {key(w) for w in ("بينما", "وبينما", "فيما", "حين", "لكن", "ولكن", "بيد")}


#: verbs (stems without clitics) whose complement is «على أن + verb»: «وافقت على أن تنسحب»،
#: «اتفقوا على أن يلتقوا»; after any other word «على أن + imperfect verb» is a condition
_ALA_GOVERNORS = frozenset(key(w) for w in (
    "وافق", "وافقت", "وافقوا", "يوافق", "توافق", "يوافقون", "اتفق", "اتفقت", "اتفقا", "اتفقوا",
    "يتفق", "تتفق", "يتفقون", "أصر", "أصرت", "يصر", "تصر", "حرص", "حرصت", "يحرص", "تحرص",
    "شدد", "شددت", "يشدد", "تشدد", "أكد", "أكدت", "يؤكد", "تؤكد", "نص", "ينص", "تنص", "نصت",
    "عمل", "عملت", "يعمل", "تعمل", "حث", "حثت", "يحث", "تحث", "أجمع", "أجمعوا", "عزم", "عزمت",
    "تعهد", "تعهدت", "يتعهد", "تتعهد", "وقع", "وقعت", "يوقع", "توقع", "قادر", "قادرة", "قادرون",
    "موافقة", "موافقته", "موافقتها", "الاتفاق", "اتفاق", "اتفاقا", "حريص", "حريصة", "مصر", "مصرة"))


def _governed_ala(words: list[Word], x: int) -> bool:
    """Whether the «على» at word ``x`` is the complement of a verb of :data:`_ALA_GOVERNORS`
    up to six words before it («وافقت إسرائيل على أن»، «وافق الرئيس الأمريكي دونالد ترامب
    على أن»), with no punctuation and no earlier «على» between (in «وافقت إسرائيل على وقف
    إطلاق النار على أن تنسحب» the verb's على is the first one)."""
    for y in range(x - 1, max(-1, x - 7), -1):
        if words[y + 1].gap.strip() or words[y].key == _K_ALA:
            return False
        if words[y].cands[-1] in _ALA_GOVERNORS or words[y].key in _ALA_GOVERNORS:
            return True
    return False


def _clause_break(words: list[Word], lo: int, hi: int) -> bool:
    """Whether a new coordinated clause starts at a word of ``[lo, hi]``: punctuation (، , ;)
    before a word carrying the conjunction و/ف alone that is not definite ("... في غزة، وطالب
    المغرب"; not "، والمعروف باسم"، "، والتي"، "، وبالتنسيق مع"), or a contrast word
    (:data:`_CONTRAST_OPEN`: بينما، فيما، لكن); a subject or an object is not looked for
    across it."""
    for x in range(max(lo, 0), min(hi + 1, len(words))):
        w = words[x]
        if w.gap and w.clitic in ("و", "ف") and any(ch in "،,;؛" for ch in w.gap) \
                and len(w.cands) > 1 and not w.cands[1].startswith("ال"):
            return True
        if w.key in _CONTRAST_OPEN:
            return True  # "نفت إيران الاتهامات بينما اتهمت السعودية إيران": a new clause
        if w.key in _THEN and w.gap and any(ch in "،,;؛" for ch in w.gap):
            return True  # "قصف الطيران الروسي إدلب، ثم قصفت المدفعية السورية بلدة": a new clause
        if w.key == _K_ALA and x + 2 < len(words) and words[x + 1].key == _K_AN \
                and imperfect_verb_key(words[x + 2].key) and (
                    any(ch in "،,;؛" for ch in w.gap) or not _governed_ala(words, x)):
            return True  # "استدعت السفير، على أن تعقد جلسة": a condition, a clause of its own
            # ("اتفق مع ماي، على أن إيران ..." is what they agreed; without a comma after
            # a verb that governs على, «وافقت على أن تنسحب», it is the verb's complement)
    return False


def _is_place(am: ActorMention, loc_ids) -> bool:
    """Whether an actor mention names a place (a country, a capital, a place entity)."""
    return am.kind in ("country", "capital") or am.entity in loc_ids


#: Light verbs whose following verbal noun carries the event (قام بزيارة "paid a visit",
#: أجرى محادثات "held talks"): the phrase takes and gives a subject like a finite verb.
_LIGHT_VERBS = frozenset(key(w) for w in (
    "قام", "قامت", "قاما", "قاموا", "يقوم", "تقوم", "يقومان", "تقومان", "يقومون",
    "أجرى", "أجرت", "أجريا", "أجروا", "يجري", "تجري", "يجريان", "يجرون"))

#: "then": after a comma it opens a new clause (its own subject and object).
_THEN = frozenset({key("ثم")})


_DAMMA = "\u064f"
_HARAKAT = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")


def _passive_surface(text: str, w: Word) -> bool:
    """Whether the written word is vocalised as a passive verb: a damma on the first letter of
    its stem (قُتل، وقُتل، اُغتيل)."""
    skip = len(w.clitic)
    letters = 0
    surf = text[w.start:w.end]
    for n, ch in enumerate(surf):
        if ch in _HARAKAT:
            continue
        letters += 1
        if letters == skip + 1:
            return n + 1 < len(surf) and surf[n + 1] == _DAMMA
    return False


def _victim_side(words: list[Word], s0: int, ti: int, attack_at: set | None = None) -> bool:
    """Whether the ASSAULT trigger at word ``ti`` names its victims, not its agent, on the side
    where a subject would stand: a casualty word (``victim`` cues of ``event_cues.tsv``: مقتل،
    قتلى، إصابة، لقي ... مصرعه، أصيب) or a verb right after a count of people («ثلاثة أشخاص
    قتلوا»: the unvocalised passive, the count is its subject).  The actor of such an event
    comes only from an agent phrase (غارة X، برصاص X، على يد X).

    A bare verb opening its clause right before a count of people («قتل خمسة مدنيين في غارة
    تركية»، «، وأصيب 20 شخصا») is the unvocalised passive as well: an active verb has its
    subject, not a count, right after it (``قتلت القوات ثلاثة``).  A trigger carrying the
    preposition ب/ل/ك («مدنيين بغارة تركية») is a noun governed by it, never such a verb.
    So is a bare killing or wounding verb (قتل، جرح) opening its clause before a short
    indefinite noun phrase and an attack («قتل شرطي تركي في هجوم»، «قتل جندي وأصيب آخر»:
    :func:`_harmed_before_attack`, needs ``attack_at``).

    Args:
        words: the document's words; s0: first word of the sentence; ti: the trigger word;
            attack_at: first words of the sentence's ASSAULT triggers, or None.
    Returns:
        True when the subject side holds the victims.
    """
    w = words[ti]
    if _cue_in("victim", w):
        return True
    if w.clitic[-1:] in ("ب", "ل", "ك") or _definite(w):
        return False
    opens = ti == s0 or any(ch in w.gap for ch in "،,;؛:") or words[ti - 1].key in _CLAUSE_OPENERS
    if ti + 1 < len(words) and not words[ti + 1].gap and _counts_people(words[ti + 1]) and opens \
            and not _subject_then_object(words, ti):
        return True
    if attack_at is not None and (opens or w.clitic in ("و", "ف")) \
            and any(c in _HARM_VERBS for c in w.cands[:2]):
        return _harmed_before_attack(words, ti, attack_at)
    if ti <= s0 or w.gap:
        return False
    return _counts_people(words[ti - 1])


#: Killing and wounding verbs whose unvocalised past is also the passive (قَتل/قُتل، جَرح/جُرح).
_HARM_VERBS = frozenset(key(w) for w in ("قتل", "جرح"))
#: Words before an attack noun that make it the setting of a casualty («في هجوم»، «جراء القصف»).
_ATTACK_SETTING = frozenset(key(w) for w in ("في", "جراء", "إثر", "خلال", "أثناء", "عقب"))


def _harmed_before_attack(words: list[Word], ti: int, attack_at: set) -> bool:
    """Whether the bare killing or wounding verb at ``ti`` (قتل، جرح, unvocalised) is the
    passive: its noun phrase (one to three words, the victims) is followed right away by an
    attack (في/جراء/إثر/خلال or بـ + an ASSAULT trigger: «قتل شرطي تركي في هجوم شنه
    مسلحون») or by a coordinated casualty verb («قتل شرطي وأصيب آخر»).  The active verb has
    its object between, which the phrase excludes: an attacker noun (``attacker`` cues of
    ``event_cues.tsv``: «قتل مسلحون شرطيا»), an accusative -ا word (the object «شرطيا»),
    a definite word (the subject «قتل الجيش»), punctuation.

    Args:
        words: the document's words; ti: the verb; attack_at: first words of the ASSAULT
            triggers of the sentence.
    Returns:
        True when the phrase after the verb holds its victims.
    """
    for x in range(ti + 1, min(len(words), ti + 5)):
        w = words[x]
        if w.gap:
            return False
        if x > ti + 1 and (w.key in _ATTACK_SETTING and x + 1 in attack_at and not words[x + 1].gap
                           or w.clitic[-1:] == "ب" and x in attack_at
                           or w.clitic == "و" and _cue_in("victim", w)):
            return True
        if _definite(w) or w.clitic or _cue_in("attacker", w) or w.key.endswith("ا"):
            return False
    return False


def _agent_after_harm(words: list[Word], ams: list[ActorMention], s0: int, s1: int, ti: int,
                      tj: int) -> bool:
    """Whether the bare killing or wounding word at ``ti`` (قتل، جرح: the past verb or the
    ambiguous verbal noun, a ``noun`` cue of ``event_cues.tsv``) opens its clause with a
    definite party right after it and an object after that: «قتل الجيش الإسرائيلي ثلاثة
    فلسطينيين في غزة».  Read as the VSO verb or as the maṣdar with its agent genitive
    (:func:`_agent_first`), the party is the killer and the counted people the killed, so the
    act stands without another casualty cue in the sentence (a bare «قتل» with no agent and
    object after it, «تبرير قتل المدنيين», still needs one).

    Args:
        words: the document's words; ams: the actor phrases (sorted by first word); s0, s1:
            the sentence; ti, tj: the trigger's words.
    Returns:
        True when a definite agent and its object follow the clause-initial verb.
    """
    w = words[ti]
    if tj != ti + 1 or w.clitic not in ("", "و", "ف") or not any(
            c in _HARM_VERBS for c in w.cands[:2]):
        return False
    if not (ti == s0 or any(ch in w.gap for ch in "،,;؛:") or words[ti - 1].key in _CLAUSE_OPENERS):
        return False
    return any(a.w0 == ti + 1 and _agent_first(words, ams, k, ti, tj, s1)
               for k, a in enumerate(ams) if a.w0 == ti + 1)


def _subject_then_object(words: list[Word], ti: int) -> bool:
    """Whether the verb at ``ti`` is followed by a definite phrase (its VSO subject: «قتل
    الجنود الإسرائيليون»، «أصاب الجنود») and then an object: a number or a count of people,
    or an indefinite accusative or -ين noun («عشرة متظاهرين»، «فلسطينيا»).  The definite
    people noun after such a verb is then its agent, not the counted victims of an
    unvocalised passive («قتل الجنود الثلاثة في هجوم» has no object and stays passive)."""
    x = ti + 1
    if x >= len(words) or not _definite(words[x]):
        return False
    while x < len(words) and _definite(words[x]) and not words[x].clitic and x - ti <= 3:
        if x > ti + 1 and words[x].gap:
            return False
        x += 1
    if x >= len(words) or x == ti + 1 or words[x].gap or words[x].clitic:
        return False
    o = words[x]
    if o.key in _ADVERBS or o.key in _OBJECT_STOPS:
        return False
    return _counts_people(o) or o.key in _NUMBER_WORDS or o.key.endswith(("ا", "ين"))


#: Nouns of armed opponents besides the ``attacker`` cues of ``event_cues.tsv``: fighters and
#: members of an armed group («خمسة مقاتلين»، «عناصر التنظيم»).
_ARMED_PEOPLE = ("مقاتل", "عناصر", "عنصر", "مسلح", "ارهابي", "متشدد", "متمرد", "جهادي")


#: military sites an attack's object may name (positions, strongholds, barracks): no civilians
_MILITARY_SITES = frozenset(key(w) for w in (
    "مواقع", "موقع", "معاقل", "معقل", "تمركزات", "ثكنات", "ثكنة", "تحصينات", "خنادق"))
#: «مع» / «ضد» before the opponents of a clash or an operation
_WITH_AGAINST = frozenset(key(w) for w in ("مع", "ضد"))


def _armed_object(words: list[Word], o0: int, s1: int) -> bool:
    """Whether the object phrase starting at word ``o0`` (up to a number and two words after
    it) names armed opponents: «خمسة مسلحين»، «20 مقاتلا»، «عناصر من التنظيم»، «إرهابيين».
    They are never the civilians of a domestic event (:func:`extract_events`).  A leading
    «مع» or «ضد» is skipped: «اشتبك الجيش مع مسلحين»، «عملية ضد إرهابيين»."""
    if o0 < s1 and words[o0].key in _WITH_AGAINST:
        o0 += 1
    if o0 < s1 and any(c in _MILITARY_SITES for c in words[o0].cands[:2]):
        return True  # «قصف الجيش مواقع الدعم السريع»: positions, not people
    for x in range(o0, min(s1, o0 + 3)):
        w = words[x]
        if x > o0 and w.gap.strip():
            break
        if _cue_in("attacker", w) or any(c.startswith(_ARMED_PEOPLE) for c in w.cands[:3]):
            return True
        if not (_counts_people(w) or w.key in _NUMBER_WORDS or w.key in number_word_keys()):
            break
    return False


def _people_between(words: list[Word], ams: list[ActorMention], lo: int, hi: int) -> bool:
    """Whether words ``[lo, hi)`` (the gap of a ``wound`` pattern of ``triggers.tsv``, between
    أصاب and بالرصاص/بجروح) name people hit: a count of people (a number, «عشرة متظاهرين»،
    «آلاف الأشخاص»), an indefinite accusative person noun («فلسطينيا»، «شابا») or a party
    phrase after the subject («أصابت الشرطة صحفيا فرنسيا»).  A thing or a figure hit
    («أصاب الهدف») makes no wounding.

    Args:
        words: the document's words; ams: the actor phrases; lo, hi: the gap.
    Returns:
        True when people stand in the gap.
    """
    for x in range(lo, hi):
        w = words[x]
        if _counts_people(w) or any(c in count_words() for c in w.cands[:3]):
            return True
        if x > lo and not _definite(w) and w.key.endswith(("ا", "ين")) and w.key not in _ADVERBS:
            return True  # «فلسطينيا»، «شابين فلسطينيين»: an indefinite object after the subject
    return False


def _counts_people(w: Word) -> bool:
    """Whether word ``w`` is a number or a noun counting people (:func:`count_words`)."""
    return w.key[:1].isdigit() or any(c in count_words() for c in w.cands[:3])


#: Nouns of an organisation's premises: the body named after them in a construct («مقر
#: قناة الجزيرة»، «مكتب الوكالة»، «مبنى السفارة») is the place acted on.
_PREMISES = frozenset(key(w) for w in (
    "مقر", "مقار", "مقرات", "مكتب", "مكاتب", "مبنى", "مباني", "مبان", "منشآت", "منزل", "منازل",
    "مستودع", "مستودعات", "مخازن", "استوديو", "استوديوهات"))


def _premises_of(words: list[Word], am: ActorMention) -> bool:
    """Whether the actor phrase ``am`` is the genitive of a premises noun (:data:`_PREMISES`)
    right before it: «هاجمت قوات الأمن مقر قناة الجزيرة»، «داهمت الشرطة مكتب الوكالة».  The
    construct «مقر X» is one noun phrase, the verb's object: X is the target whose premises
    were acted on, never the verb's subject (Arabic iḍāfa; a subject follows the verb
    directly).

    Args:
        words: the document's words; am: an actor phrase.
    Returns:
        True when the word right before the phrase, with no punctuation between, is a
        premises noun (with or without a proclitic: بمقر، لمكتب).
    """
    if am.w0 == 0 or words[am.w0].gap:
        return False
    return any(c in _PREMISES for c in words[am.w0 - 1].cands)


#: Adverbs that may follow a verbal noun's agent without being its object.
_ADVERBS = frozenset(key(w) for w in (
    "أيضا", "مجددا", "حاليا", "سابقا", "مؤخرا", "أخيرا", "فجرا", "صباحا", "مساء", "ليلا",
    "ظهرا", "عصرا", "أمس", "غدا", "رسميا", "تماما", "مباشرة", "فورا", "جزئيا", "عمدا", "مرارا",
    "يوميا", "أسبوعيا", "حتى", "اليوم"))


def _agent_first(words: list[Word], ams: list[ActorMention], k: int, ti: int, tj: int,
                 s1: int) -> bool:
    """Whether the actor phrase ``ams[k]`` right after the verbal noun at ``ti`` is its agent,
    with the patient after it: «اعتقال السلطات الإيرانية صحفيا»، «اعتقال قوات الاحتلال
    الإسرائيلي خمسة فلسطينيين»، «اقتحام الجيش الليبي لمنزل».

    A verbal noun may take its agent as its genitive and its object after it, in the
    accusative or with لـ (إضافة المصدر إلى فاعله, Arabic grammar of the maṣdar): the
    construct «noun + definite party + indefinite or counted object» is agent-then-patient.
    Here the phrase starts right after the noun, is definite (its last word carries the
    article, or it is a name), does not name people acted on (CVL/MED/OPP/NGO: «اعتقال
    الصحفي الجزائري» is the patient), and is followed directly by an object: a number or a
    count of people (a number before a people noun), an indefinite noun in the accusative
    (-ا) or the plural -ين (صحفيا، ناشطين; not an adverb such as أمس، مجددا), a phrase
    with لـ, or the place word of a raid
    pattern matched after it (``tj`` lies past the phrase: «اقتحام الجيش المسجد»).  A
    casualty word («مقتل»، intransitive) has no agent genitive.

    Args:
        words: the document's words; ams: the actor phrases; k: the phrase right after the
            noun; ti, tj: the trigger's words; s1: the sentence end.
    Returns:
        True when the phrase is the agent and an object follows it.
    """
    a = ams[k]
    if a.w0 != ti + 1 or words[a.w0].gap or a.sector in _PERSON_SECTORS or a.w1 >= s1:
        return False
    if _cue_in("victim", words[ti]):
        return False
    if not (_definite(words[a.w1 - 1]) or a.kind in ("entity", "country", "capital")):
        return False
    if a.w1 < tj:
        return True  # the place of a raid pattern, matched after the agent
    o = words[a.w1]
    if o.gap or o.key in _ADVERBS or o.key in _OBJECT_STOPS:
        return False
    if o.key[:1].isdigit() or o.key in _NUMBER_WORDS or o.key in number_word_keys():
        # a number counts the people acted on («خمسة فلسطينيين»، «20 ناشطا»), not times or
        # years («اغتيال القذافي ثلاث مرات»)
        nxt = a.w1 + 1
        return nxt < s1 and not words[nxt].gap and (
            any(c in count_words() for c in words[nxt].cands[:3])
            or any(b.w0 == nxt for b in ams))
    if any(c in count_words() for c in o.cands[:3]):
        return True  # a counted noun of people: «جنودا»، «مدنيين»
    if o.clitic[-1:] == "ل" and any(b.w0 == a.w1 for b in ams):
        return True  # «لـ» + the object party
    if _definite(o) or o.clitic:
        return False
    return o.key.endswith(("ا", "ين")) or _counted_noun(o)


#: CAMEO codes of condemning and denouncing (أدان، استنكر، شجب، ندد، انتقد).
CONDEMN_CAMEO = frozenset({"111"})


def _condemners(words: list[Word], ams: list[ActorMention], pre: list[int],
                condemn_at: list[int], s0: int, ti: int) -> list[int]:
    """The phrases that condemn the act named by the nominal trigger at word ``ti``.

    When a condemning verb or noun (:data:`CONDEMN_CAMEO`, rows of ``triggers.tsv``) stands
    before the trigger in its clause («أدان المغرب اعتقال الصحفي»، «المغرب يستنكر قصف
    المستشفى»), the trigger is that verb's object: its subject, before it (SVO) or the first
    free phrase right after it (VSO, with the phrases joined to it by و), is the condemner,
    never the agent of the condemned act.  A phrase after that subject («أدان المغرب قيام
    السلطات الجزائرية باعتقال ...») may still be the agent.  The rule is Arabic clause
    structure (a verbal noun object of a verb of judgement), as in the PLOVER ACCUSE type.

    Args:
        words: the document's words; ams: the actor phrases; pre: indexes (into ``ams``) of
            the phrases of the sentence before the trigger; condemn_at: sorted first words of
            the condemnation triggers; s0: the sentence's first word; ti: the trigger word.
    Returns:
        indexes into ``ams`` of the condemning phrases; empty when no condemnation governs
        the trigger.
    """
    lo = bisect.bisect_left(condemn_at, s0)
    hi = bisect.bisect_left(condemn_at, ti)
    cands = [x for x in condemn_at[lo:hi] if not _clause_break(words, x + 1, ti)]
    if not cands:
        return []
    cx = cands[-1]
    out = [k for k in pre if ams[k].w1 <= cx and not _clause_break(words, ams[k].w1, cx)]
    after = [k for k in pre if ams[k].w0 > cx and _prep_of(words, ams[k]) is None]
    if after and ams[after[0]].w0 - cx <= 3:
        out += _conj(words, ams, after[0])
    return out


#: Sectors of people an act is done to (arrested journalists, killed civilians), never the
#: target of a condemnation of that act.
_PERSON_SECTORS = frozenset({"CVL", "MED", "OPP", "NGO"})


def _condemned_patient(words: list[Word], am: ActorMention, tj: int, patient_at: set) -> bool:
    """Whether the phrase ``am`` after a condemnation trigger ending at word ``tj`` is the
    patient of the act it condemns: it names people (:data:`_PERSON_SECTORS`) and follows a
    ``patient`` verbal noun of ``triggers.tsv`` (اعتقال، اغتيال، قمع) at most one word before it
    («أدان المغرب اعتقال الصحفي الجزائري»: the journalist is arrested, not condemned).  A
    state after the noun («قصف إسرائيل») may be its agent and is left alone."""
    if am.sector not in _PERSON_SECTORS:
        return False
    return any(x in patient_at for x in range(max(tj, am.w0 - 2), am.w0))


def _agent_cued(words: list[Word], am: ActorMention, lo: int) -> bool:
    """Whether an ``agent`` cue of ``event_cues.tsv`` (غارة، برصاص، قصف، شنه، نفذه ...) stands
    in the two words before the actor phrase ``am`` (not before word ``lo``, the end of the
    trigger), or «من قبل» governs it: «في غارة إسرائيلية»، «برصاص الشرطة»، «في هجوم شنه
    X» name who acted.  A nationality adjective right after a trigger that is itself an agent
    cue names its agent too: it agrees with that noun («بغارة تركية»: the raid is
    Turkish)."""
    if am.kind == "nationality" and am.w0 == lo and am.w1 == lo + 1 and lo > 0 \
            and not words[lo].gap and _cue_in("agent", words[lo - 1]):
        return True
    if am.w0 >= lo + 2 and _prep_of(words, am) == "من قبل":
        return True  # «في هجوم من قبل مسلحي التنظيم»
    return any(_cue_in("agent", words[x]) for x in range(max(lo, am.w0 - 2), am.w0))


#: what opens a result clause before its cause verb: one word (ما، مما; «وهو ما» ends in
#: ما) or two («الأمر الذي»)
_RESULT_PRONOUNS = frozenset(key(w) for w in ("ما", "مما", "الأمر الذي"))


def _result_clause(words: list[Word], s0: int, ti: int) -> bool:
    """Whether the word at ``ti`` follows «ما/مما + a cause verb» (ما أسفر عن، مما أدى إلى،
    الأمر الذي أسفر عن) within four words: a clause that gives the result of what the sentence
    reported before it."""
    for x in range(max(s0 + 1, ti - 4), ti):
        if _cue_in("cause", words[x]) and (
                words[x - 1].key in _RESULT_PRONOUNS
                or (x >= 2 and f"{words[x - 2].key} {words[x - 1].key}" in _RESULT_PRONOUNS)):
            return True
    return False


def _cue_in(kind: str, w: Word) -> bool:
    """Whether word ``w`` is a cue of ``kind`` in ``event_cues.tsv``."""
    ex, pre = event_cues().get(kind, (frozenset(), ()))
    return any(c in ex or (pre and c.startswith(pre)) for c in w.cands[:3])


_PERCENT_RE = re.compile(r"%|٪|بالمئة|بالمائة|في المئة|في المائة")


def _opinion_figure(doc: Doc, words: list[Word], s0: int, s1: int, ti: int,
                    nominal: bool) -> bool:
    """Whether the nominal trigger at word ``ti`` reports an opinion poll or a statistic, not an
    act: a poll word (استطلاع، استبيان) before it in the sentence, or a percentage and a change
    verb in the sentence ("دعم المغاربة للتطبيع انخفض من 31% إلى 13%")."""
    if not nominal:
        return False
    if any(_cue_in("poll", words[k]) for k in range(s0, ti)):
        return True
    if not _PERCENT_RE.search(doc.text, words[s0].start, words[s1 - 1].end):
        return False
    return any(_cue_in("stat", words[k]) for k in range(s0, s1) if k != ti)


def _prep_of(words: list[Word], am: ActorMention) -> str | None:
    """The preposition governing an actor phrase: a proclitic ل/ب or a preceding particle."""
    w = words[am.w0]
    base = w.cands[1] if w.clitic[:1] in ("و", "ف") and len(w.cands) > 1 else w.cands[0]
    lex = lexicon().index
    root_initial = base in lex or (base.startswith("ال") and base[2:] in lex) or (
        # «بوتين»، «لافروف»، «بلينكن»: a knowledge-base name matched on the whole word, its
        # mention starting at the word's first letter, so ب/ل are the name's letters, not a
        # preposition («لبوتين» starts after ل); not a weapon system («صواريخ باتريوت»),
        # never an actor by itself, nor a name only a tagger found
        am.kind == "entity" and am.kb_type in ("PER", "ORG", "GPE") and am.start == w.start)
    if not root_initial:  # بريطانيا، لبنان: ب/ل belong to the name
        if w.clitic.endswith("ل") or w.clitic.endswith("لل"):
            return "ل"
        if w.clitic.endswith("ب"):
            return "ب"
    if am.w0 > 0 and not w.gap:
        prev = words[am.w0 - 1]
        for c in prev.cands[:2]:
            if c in _PREPS:
                return c
        if _K_QABL in prev.cands and am.w0 > 1 and _K_MIN in words[am.w0 - 2].cands:
            return "من قبل"
        if am.w0 > 1 and not prev.gap and any(c in _PLACE_HEADS for c in prev.cands) \
                and _K_FI in words[am.w0 - 2].cands:
            return "في"  # «في مدينة غزة»، «في جنوب لبنان»: في governs the place across its head
    return None


#: Words that introduce the source of a report (حسب وكالة الأناضول، نقلا عن رويترز) and
#: reporting verbs whose subject is an outlet (نقلت/ذكرت/أفادت وكالة ...).
_ATTRIBUTION_WORDS = frozenset(key(w) for w in (
    "حسب", "بحسب", "حسبما", "وفق", "وفقا", "طبقا", "نقلا", "عن", "لدى"))
_REPORT_VERBS_OF_OUTLETS = frozenset(key(w) for w in (
    "نقلت", "نقل", "ذكرت", "ذكر", "أفادت", "أفاد", "قالت", "أوردت", "أورد", "بثت", "نشرت",
    "أعلنت", "كشفت", "أكدت", "أشارت", "تقول", "يقول"))


#: Stems of report verbs with an object pronoun (أفادته، ذكرته، نقلته).
_REPORT_STEMS = tuple(key(w) for w in ("افاد", "ذكر", "نقل", "اورد", "اعلن", "قالت", "كشف"))


def _reporting_outlet(words: list[Word], a: ActorMention) -> bool:
    """Whether the actor phrase is a media outlet cited as the source of the report («حسب
    وكالة الأناضول»، «نقلت وكالة الأناضول عن ...»): the attribution, never a participant of
    the events it reports (an outlet that is itself acted on, «أغلقت السلطات مكتب الجزيرة»,
    keeps its role)."""
    if a.sector != "MED" or a.w0 == 0:
        return False
    for x in range(max(0, a.w0 - 2), a.w0):
        w = words[x]
        if any(c in _ATTRIBUTION_WORDS for c in w.cands) and x == a.w0 - 1 or \
                w.key in _ATTRIBUTION_WORDS and x == a.w0 - 2 and words[x + 1].key.startswith("ل"):
            return True
    prev = words[a.w0 - 1]
    if any(c in _REPORT_VERBS_OF_OUTLETS or c.startswith(_REPORT_STEMS) for c in prev.cands):
        return True
    # «بحسب ما أفادته وكالة ...»، «وفق ما نقلت وكالة ...»، «كما ذكرت صحيفة ...»
    back = [words[x].key for x in range(max(0, a.w0 - 3), a.w0 - 1)]
    return any(k in _ATTRIBUTION_WORDS or k in ("كما", "ما", "حسبما") for k in back) and \
        any(c.startswith(_REPORT_STEMS) for c in prev.cands)


#: Words that end an object phrase (prepositions and particles).
_OBJECT_STOPS = frozenset(key(w) for w in (
    "في", "على", "من", "إلى", "الى", "عن", "مع", "بعد", "قبل", "أمام", "خلال", "منذ", "حتى",
    "عند", "لدى", "بين", "ضد", "نحو", "حول", "دون", "إثر", "عقب", "أن", "إن", "الذي", "التي",
    "الذين", "كما", "بينما", "فيما", "لكن", "و"))


def _object_phrase(doc: Doc, words: list[Word], tj: int, s1: int) -> str:
    """Surface of the phrase right after the trigger (words ``[tj, ...)``, at most three, up
    to punctuation, a preposition or the sentence end): the people an event acts on when they
    are named by a common noun («اعتقلت الشرطة 20 شخصا», «قصف الحوثيون سفينة تجارية»); the
    empty string when the trigger ends its clause."""
    end = tj
    while end < s1 and end - tj < 3:
        w = words[end]
        if end > tj and w.gap.strip():
            break
        if w.key in _OBJECT_STOPS or (w.clitic and w.clitic[-1:] in "بلك"):
            break
        end += 1
    if end == tj:
        return ""
    first = words[tj]
    # only a phrase that names people or things acted on: a count («20 شخصا») or a counted
    # noun of the quantity tables («مظاهرة» is not one: «سفينة تجارية»، «مدنيين»); else ''
    if not (first.key[:1].isdigit() or _counted_noun(first) or first.key in _NUMBER_WORDS):
        return ""
    return doc.text[words[tj].start:words[end - 1].end]


@lru_cache(maxsize=1)
def _count_nouns() -> frozenset:
    """Keys of the counted nouns of ``rasd/lang/ar/qty_count_nouns.tsv`` (people, ships,
    schools ...) and the civilian sector heads of ``actor_terms.tsv``, with and without ال."""
    out = {key(r[0].split()[0]) for r in read_tsv("qty_count_nouns.tsv")}
    out |= {key(r[0]).removeprefix("ال") for r in actor_term_rows()
            if len(r) >= 3 and r[1] == "sector" and r[2] == "CVL"}
    extra = ("سفينه", "سفن", "مستشفي", "مدرسه", "منزل", "منازل", "مبني", "مظاهره", "مظاهرات",
             "سياره", "قافله", "مخيم")
    return frozenset(out | set(extra))


def _counted_noun(w: Word) -> bool:
    nouns = _count_nouns()
    return any(c.removeprefix("ال") in nouns for c in w.cands[:3])


_NUMBER_WORDS = frozenset(key(w) for w in (
    "عشرات", "مئات", "آلاف", "الآلاف", "المئات", "العشرات", "عدد", "عددا", "ثلاثة", "أربعة",
    "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"))


@lru_cache(maxsize=4096)
def _conj_wa(k: str) -> bool:
    """Whether the word of key ``k`` starts with the conjunction و by the tokenizer's lexicon
    (وإسرائيل، ووزير), not with a root و (وزير، وزارة، وفد); the key writes ة as ه, so both
    spellings are asked."""
    from rasd.text.tokenizer import analyze_word

    forms = [k] + ([k[:-1] + "ة"] if k.endswith("ه") else [])
    return all(analyze_word(f)[0][:1] == ("و",) for f in forms)


def _conj(words: list[Word], ams: list[ActorMention], k: int) -> list[int]:
    """Indexes of phrases coordinated with ``ams[k]`` by و (المغرب وإسرائيل)."""
    out = [k]
    j = k
    while j + 1 < len(ams):
        a, b = ams[j], ams[j + 1]
        if b.w0 == a.w1 and words[b.w0].clitic.startswith("و") and _conj_wa(words[b.w0].key):
            out.append(j + 1)
            j += 1
        elif b.w0 == a.w0 and b.kind == "pair":  # both countries of البلدين
            out.append(j + 1)
            j += 1
        else:
            break
    return out


def _default_sector(trig_type: str, contexts: tuple[str, ...], flags: frozenset) -> str:
    if "military" in contexts and (trig_type in ("MOBILIZE", "ASSAULT") or "exercise" in flags):
        return "MIL"
    return "GOV"


#: endings of a plural people noun (فلسطينيين، السودانيون، المصريات): with no head before it, the
#: phrase names a country's people
_PEOPLE_ENDINGS = ("يين", "يون", "ييون", "يات")


def _to_actor(doc: Doc, am: ActorMention, default_sector: str,
              words: Sequence[Word] | None = None) -> Actor:
    """The event participant of an actor phrase; a code outside the spec becomes None (the
    surface text is kept). A counted plural people noun («خمسة فلسطينيين»، «آلاف المصريين»;
    ``words`` is the document's word view) is that country's civilians (CVL), whatever the
    event's default sector (it gave PSE-GOV/MIL); after a noun it is an adjective
    («صاروخين إيرانيين») and keeps the default."""
    text = doc.text[am.start:am.end]
    if words is not None and am.kind == "nationality" and am.sector is None \
            and am.w1 - am.w0 == 1 and am.w0 > 0 and key(text).endswith(_PEOPLE_ENDINGS):
        prev = words[am.w0 - 1].key
        if prev.isdigit() or prev in count_words():
            default_sector = "CVL"
    return Actor(valid_code(am.code(default_sector)), am.entity, text)


def _parse_value(v: str | None) -> _date | None:
    """Start date of a TIMEX3 DATE value (``2025``, ``2025-08``, ``2025-08-14``, ``2018-W28``,
    ``2017-SU``, ``2015-H1``); None for durations, references and unparsable values."""
    if not v or not v[:4].isdigit():
        return None
    y = int(v[:4])
    m = re.match(r"^\d{4}-(\d{2})", v)
    if m:
        mo = int(m.group(1))
        d = re.match(r"^\d{4}-\d{2}-(\d{2})", v)
        try:
            return _date(y, mo, int(d.group(1)) if d else 1)
        except ValueError:
            return None
    w = re.match(r"^\d{4}-W(\d{2})", v)
    if w:
        try:
            return _date.fromisocalendar(y, max(1, min(52, int(w.group(1)))), 1)
        except ValueError:
            return None
    q = re.match(r"^\d{4}-(Q[1-4]|H[12]|SP|SU|FA|WI)", v)
    if q:
        return _date(y, {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "SP": 3,
                         "SU": 6, "FA": 9, "WI": 12}[q.group(1)], 1)
    return _date(y, 1, 1)


def _published(doc: Doc) -> _date | None:
    if not doc.published:
        return None
    try:
        return _date.fromisoformat(doc.published[:10])
    except ValueError:
        return None


@dataclass(slots=True)
class _QuoteInfo:
    start: int
    end: int
    speaker: str | None
    speaker_text: str | None
    outlet_entity: str | None
    outlet_text: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None


def _quotes_info(doc: Doc) -> list[_QuoteInfo]:
    """Quote spans with speaker and outlet, from :mod:`rasd.extract.quotes` (or doc.quotes)."""
    try:
        from rasd.extract.quotes import find_quote_records

        return [_QuoteInfo(r.quote.start, r.quote.end, r.quote.speaker, r.quote.speaker_text,
                           r.outlet_entity, r.outlet_text, r.quote.speaker_start,
                           r.quote.speaker_end) for r in find_quote_records(doc)]
    except ImportError:  # pragma: no cover - quotes module missing
        return [_QuoteInfo(q.start, q.end, q.speaker, q.speaker_text, None, None)
                for q in doc.quotes]


#: A definite head noun ("الوفد") refers back at most this many sentences.
COREF_SENTENCES = 2


#: Heads of the domestic security forces (police, security forces): bodies that act inside
#: their own country, so an unqualified one takes the country of the place it acts in.
_SECURITY_HEADS = frozenset(tuple(_slot_key(w) for w in p.split()) for p in (
    "قوات الأمن", "قوات الشرطة", "الشرطة", "رجال الأمن", "عناصر الأمن", "الأجهزة الأمنية",
    "قوات مكافحة الشغب"))


def _security_place(ams: list[ActorMention], am: ActorMention, view: WordView,
                    places: set[str]) -> str | None:
    """The country of the place a bare security-force head acts in, or None.

    A head of :data:`_SECURITY_HEADS` with no country of its own («هاجمت قوات الأمن مقر قناة
    الجزيرة في القاهرة») names the security forces of the place named by «في X» (or «في
    مدينة X») later in its sentence, X a place entity (``places``), a country or a capital:
    police and security forces act at home.  Armies and other heads are left alone (they
    strike abroad).

    Args:
        ams: every actor phrase, sorted by first word; am: the bare head; view: the word view;
            places: ids of the GPE/LOC entities.
    Returns:
        an ISO3 code, or None (not a security head, no place, or an IGO).
    """
    words = view.words
    hit = lexicon().match(words, am.w0)
    if hit is None or hit[1] != am.w1 or hit[0].words not in _SECURITY_HEADS:
        return None
    _, s1 = view.sentence_of(am.w0)
    for b in ams:
        if b.w0 < am.w1 or b.kind == "bare" or not b.country:
            continue
        if b.w0 >= s1:
            break
        if _clause_break(words, am.w1, b.w0):
            break
        prep = _prep_of(words, b)
        if prep is None and b.w0 >= 2 and not words[b.w0].gap and \
                any(c in _PLACE_HEADS for c in words[b.w0 - 1].cands) and \
                _K_FI in words[b.w0 - 2].cands:
            prep = _K_FI  # «في مدينة الإسكندرية»
        if prep == _K_FI and (b.entity in places or b.kind in ("country", "capital")):
            return None if b.country.startswith("IGO") else b.country
    return None


#: Sectors of armed bodies: armies and other forces, rebels and militias.
_ARMED_SECTORS = frozenset({"MIL", "REB"})


def _armed(words: list[Word], am: ActorMention) -> bool:
    """Whether the actor phrase ``am`` names an armed or security body, the only kind of party
    that raids a place (rows flagged ``raid``/``armed`` in ``triggers.tsv``).

    Armed: a phrase of sector MIL or REB (الجيش الإسرائيلي، قوات البيشمركة، مسلحو التنظيم), or
    one headed by a police or security-force noun (:data:`_SECURITY_HEADS`: الشرطة المصرية،
    قوات الأمن، الأجهزة الأمنية), which ``actor_terms.tsv`` codes GOV.  A state, a government,
    a company or a person is not (hackers «اقتحم قراصنة»، states joining a club «اقتحام دول
    النادي النووي», a company entering a market).

    Args:
        words: the document's words; am: an actor phrase.
    Returns:
        True for an armed or security body.
    """
    if am.sector in _ARMED_SECTORS:
        return True
    hit = lexicon().match(words, am.w0)
    return hit is not None and hit[0].words in _SECURITY_HEADS


def _not_a_raid(words: list[Word], ams: list[ActorMention], s0: int, s1: int, ti: int) -> bool:
    """Whether the raid word at ``ti`` (``raid`` rows of ``triggers.tsv``) reports no raid.

    * a purpose or an attempt: the verbal noun carries ل («لاقتحام»، «للاقتحام») or follows a
      ``purpose`` cue of ``event_cues.tsv`` within four words with no punctuation between
      («بهدف اقتحام»، «محاولة الجيش اقتحام»، «استعدادا لاقتحام»): it has not happened;
    * a crowd storming a place: a ``crowd`` cue (protesters, fans, students) as its subject,
      right before the word («محتجين اقتحموا») or within three words after it with no armed
      or security phrase before the cue («اقتحم عشرات العراقيين المحتجين القنصلية»; not
      «اقتحمت الشرطة خيام المحتجين», where the crowd is the object).  Storming by a crowd is
      no force's raid (the gold convention codes raids by armies and police only).

    Args:
        words: the document's words; ams: the actor phrases; s0, s1: the sentence's words;
            ti: the raid word.
    Returns:
        True when no event is to be made.
    """
    w = words[ti]
    lo = ti
    while lo > max(s0, ti - 4) and not words[lo].gap:
        lo -= 1
    if w.clitic[-1:] == "ل" or any(_cue_in("purpose", words[x]) for x in range(lo, ti)):
        return True
    for x in range(max(s0, ti - 2), ti):
        if _cue_in("crowd", words[x]) and not any(words[y].gap for y in range(x + 1, ti + 1)):
            return True
    for x in range(ti + 1, min(s1, ti + 4)):
        if words[x].gap:
            break
        if _cue_in("crowd", words[x]):
            return not any(ti < a.w0 < x and _armed(words, a) for a in ams)
    return False


def _resolve_bare(ams: list[ActorMention], quotes: list[_QuoteInfo],
                  view: WordView | None = None,
                  places: set[str] | None = None) -> list[ActorMention]:
    """Give bare sector heads a country, or drop them.

    Inside a quote ("الجيش يجري محادثات") a head takes the country of the quote's coded speaker
    ("مصدر مغربي" -> MAR).  Elsewhere a definite head ("وزار الوفد") refers back to the latest
    coded phrase with the same head noun at most :data:`COREF_SENTENCES` sentences before
    ("وفد عسكري من الأردن" -> JOR-MIL), taking its country and sector (needs ``view``); else
    a security-force head takes the country of the place it acts in (:func:`_security_place`,
    needs ``view`` and ``places``, the ids of the GPE/LOC entities)."""
    out = []
    last_head: dict[str, ActorMention] = {}  # head stem -> latest coded phrase it opens
    words = view.words if view is not None else []

    def sent_no(w: int) -> int:
        return bisect.bisect_right(view.sentence_starts, w)

    def corefer(am: ActorMention) -> bool:
        if view is None:
            return False
        heads = [c[2:] for c in words[am.w0].cands if c.startswith("ال") and len(c) > 3]
        ante = max((last_head[h] for h in heads if h in last_head), key=lambda a: a.w0,
                   default=None)
        if ante is None or sent_no(am.w0) - sent_no(ante.w0) > COREF_SENTENCES \
                or ante.country.startswith("IGO"):
            return False
        am.country = ante.country
        am.sector = ante.sector or am.sector
        am.kind = "coref"
        return True

    qidx = SpanIndex([(q.start, q.end) for q in quotes])
    coded = [a for a in ams if a.kind != "bare" and a.country]
    cidx = SpanIndex([(a.start, a.start + 1) for a in coded])
    for am in ams:
        if am.kind != "bare":
            out.append(am)
            if view is not None and am.country and am.kind != "pair":
                for c in words[am.w0].cands:
                    last_head[c] = am
            continue
        if not qidx.overlapping(am.start, am.start + 1):
            if corefer(am):
                out.append(am)
            elif view is not None and places is not None:
                home = _security_place(ams, am, view, places)
                if home:
                    am.country = home
                    am.kind = "place"
                    out.append(am)
            continue
        for n in qidx.overlapping(am.start, am.start + 1):
            q = quotes[n]
            if q.speaker_start is not None:
                spk = [coded[i] for i in
                       cidx.starting_in(q.speaker_start, q.speaker_end or q.speaker_start)]
                if spk and not spk[0].country.startswith("IGO"):
                    am.country = spk[0].country
                    out.append(am)
                break
    return out


def _frame(qidx: SpanIndex, offset: int) -> int:
    """Index of the (first) quote whose content contains ``offset``, or -1 outside every
    quote; ``qidx`` indexes the quote spans."""
    hit = qidx.overlapping(offset, offset + 1)
    return hit[0] if hit else -1


class _Mentions:
    """Every entity mention of a document, indexed by span: ``(entity id, surface, start)``."""

    def __init__(self, doc: Doc) -> None:
        self.items = [(e.id, m.text, m.start) for e in doc.entities for m in e.mentions]
        self.index = SpanIndex([(m.start, m.end) for e in doc.entities for m in e.mentions])


def _entity_at(ments: _Mentions, start: int, end: int) -> tuple[str, str] | None:
    """The first entity mention overlapping ``[start, end)``: ``(id, surface)``."""
    best = None
    for n in ments.index.overlapping(start, end):
        it = ments.items[n]
        if best is None or it[2] < best[2]:
            best = it
    return (best[0], best[1]) if best else None


def _attribution(doc: Doc, view: WordView, s0: int, s1: int, ts: int,
                 quotes: list[_QuoteInfo], qidx: SpanIndex, ments: _Mentions) -> dict | None:
    """Source of the claim containing the trigger at character ``ts`` (sentence words s0..s1);
    ``qidx`` indexes the quote spans, ``ments`` the entity mentions."""
    for n in qidx.overlapping(ts, ts + 1):
        q = quotes[n]
        if q.outlet_text:
            return {"source": q.outlet_entity, "text": q.outlet_text}
        if q.speaker_text:
            return {"source": q.speaker, "text": q.speaker_text}
    words = view.words
    for i in range(s0, s1):
        w = words[i]
        for marker in _ATTR_MARKERS:
            if w.cands[-1] != marker[0] and w.key != marker[0] and marker[0] not in w.cands:
                continue
            j = i + 1
            if len(marker) == 2:
                if j < s1 and (words[j].key == marker[1] or words[j].key.startswith(marker[1])):
                    j = j if words[j].key != marker[1] else j + 1
                else:
                    continue
            # the source: an entity in the next 8 words, else the words up to punctuation
            lo = words[min(j, s1 - 1)].start
            k = j
            while k < s1 and k - j < 8 and (k == j or not words[k].gap):
                k += 1
            hi = words[k - 1].end if k > j else lo
            ent = _entity_at(ments, lo, hi)
            if ent:
                return {"source": ent[0], "text": ent[1]}
            if hi > lo:
                return {"source": None, "text": doc.text[lo:hi]}
    # "وذكرت X أن": a report verb opening the sentence
    if s0 < s1 and any(c in _REPORT_VERBS for c in words[s0].cands[:2]):
        lo = words[s0].end
        k = s0 + 1
        while k < s1 and k - s0 < 6 and not words[k].key.startswith(("ان", "بان")):
            k += 1
        if k > s0 + 1:
            hi = words[k - 1].end
            ent = _entity_at(ments, lo, hi)
            src = doc.text[words[s0 + 1].start:hi].strip("\"«»“” ")
            return {"source": ent[0] if ent else None, "text": ent[1] if ent else src}
    return None


#: An event dated more than this many days before publication is never "planned".
PAST_DAYS = 31


def _conditional(words: list[Word], s0: int, ts: int) -> bool:
    """Whether the trigger (word ``ts``) lies in a conditional sentence: a conditional particle
    (إذا، لو، في حال) opens a clause before it in the same sentence ("إذا تأكد ذلك فإن ...")."""
    for k in range(s0, ts):
        c = words[k].cands
        if words[k].key in _COND_OPEN or (len(c) > 1 and c[1] in _COND_OPEN and
                                          words[k].clitic in ("و", "ف")):
            return True
        if words[k].key == _K_HAL and k > s0 and _K_FI in words[k - 1].cands[:1]:
            return True
    return False


@lru_cache(maxsize=1)
def _clause_openers() -> frozenset[str]:
    """Keys that end a denied clause: the reporting verbs and participles of the quote lexicon
    (``reporting_verbs.tsv``), :data:`_REPORT_VERBS` and :data:`_CLAUSE_BREAK`."""
    from rasd.extract.quotes import cues

    c = cues()
    return frozenset(c.verbs) | frozenset(c.participles) | _REPORT_VERBS | _CLAUSE_BREAK


def _denied(words: list[Word], s0: int, ts: int) -> bool:
    """Whether word ``ts`` lies in what a denial verb of its sentence denies: its أن-clause
    ("نفت الوزارة أن يكون الوفد قد زار ...", the clause opening at the first أن after the verb,
    not a temporal بعد/قبل أن; "، أو أن ..." continues it) or the noun right after a light
    verbal noun or «أي» ("نفى وجود مناورات"، "نفت إجراء مناورات"، "نفت أي مفاوضات").  The clause
    closes at clause punctuation (، ؛ : -), except around a relative clause ("أن يكون الملك،
    الذي عاد أمس، قد زار"), at a report verb or participle (وقال، وأضافت أن، مشيرة إلى أن،
    قائلة), a contrast or concession (في حين، بينما، لكن، غير أن، رغم أن، كما أن) or a temporal
    بعد أن.  "لا ينفي"، "لم ينف" are no denial."""
    openers = _clause_openers()
    state = 0  # 0: no denial, 1: a denial verb seen, 2: inside its أن-clause
    aside = False  # inside a relative clause set off by commas within the denied clause
    for k in range(s0, ts + 1):
        w = words[k]
        if state == 2 and any(ch in w.gap for ch in _CLAUSE_PUNCT):
            if aside:
                aside = False  # the comma closing "، الذي عاد أمس،"
            elif w.key in _RELATIVE or w.cands[-1] in _RELATIVE:
                aside = True
            elif w.key in _OR and k + 1 <= ts and (words[k + 1].key in _THAT
                                                    or words[k + 1].cands[0] in _THAT):
                pass  # "، أو أن يكون ...": a second denied clause
            else:
                state = 0
        if k == ts:
            break
        c2 = w.cands[:2]
        nxt_that = k + 1 < ts and (words[k + 1].key in _THAT or words[k + 1].cands[0] in _THAT)
        if any(c in _DENY for c in c2):
            state = 0 if k > s0 and words[k - 1].key in _NOT else 1
        elif state == 1 and (w.key in _EXISTENCE or w.key in _ANY) and k + 1 == ts:
            return True  # "نفى ... وجود مناورات"، "نفت الحكومة أي مفاوضات"
        elif any(c in openers for c in c2) or (w.key in _TEMPORAL or w.cands[-1] in _BREAK_BEFORE_THAT
                                  or w.key in _BREAK_BEFORE_THAT) and nxt_that or (
                w.key == _K_WAQT and k + 1 < ts and words[k + 1].key in _RELATIVE):
            # ... "في الوقت الذي وقعت فيه": a contrast, like في حين
            state = 0  # "نفت X أن ...، وقالت إن ...": the later report is affirmed
            aside = False
        elif state == 1 and (w.key in _THAT or w.cands[0] in _THAT) and not (
                k > s0 and words[k - 1].key in _TEMPORAL):
            state = 2
    return state == 2 and not aside


#: «كان ... قد + verb» is the pluperfect (it had happened), never "may"
_KANA = frozenset(key(w) for w in ("كان", "كانت", "كانوا", "كانا", "كانتا"))


#: goods and aid that "arrive" («وصلت مساعدات»، «وصلت شحنة»): no visit
_GOODS = frozenset(key(w) for w in (
    "مساعدات", "مساعدة", "شحنة", "شحنات", "قافلة", "قوافل", "إمدادات", "امدادات", "معونات",
    "أسلحة", "اسلحه", "ذخائر", "أدوية", "ادويه", "مواد", "سلع", "بضائع", "طرود"))


#: أنْ and بأنْ (keys; إنّ shares the first): a verb right after one is its own clause's
_AN_FORMS = frozenset(key(w) for w in ("أن", "بأن"))
#: places a force leaves, named by a common noun («تنسحب إسرائيل من القطاع»): a retreat
_LEFT_PLACES = frozenset(key(w) for w in (
    "القطاع", "قطاع", "الأراضي", "أراضي", "المواقع", "مواقع", "المدينة", "مدينة", "المنطقة",
    "منطقة", "البلدة", "بلدة", "القرية", "قرية", "الحدود", "المحور", "محور", "الضفة",
    "المحافظة", "محافظة", "الجنوب", "الشمال", "جنوب", "شمال"))
#: «أمام» "in front of": a protest's target stands after it
_IN_FRONT_OF = frozenset(key(w) for w in ("أمام", "امام"))
#: figures that "reach" a level («تصل القيمة إلى»، «وصل عدد القتلى إلى»): no visit
_FIGURES = frozenset(key(w) for w in (
    "القيمة", "قيمة", "الحجم", "حجم", "العدد", "عدد", "النسبة", "نسبة", "الحصيلة", "حصيلة",
    "الخسائر", "خسائر", "الأرباح", "أرباح", "الإيرادات", "إيرادات", "الصادرات", "صادرات",
    "الواردات", "واردات", "الأسعار", "أسعار", "سعر", "السعر", "التكلفة", "تكلفة", "المبلغ",
    "مبلغ", "الاستثمارات", "استثمارات", "الديون", "ديون", "معدل", "المعدل"))
#: receiving verbs: their subject is the recipient of the aid noun after them
_RECEIVE = frozenset(key(w) for w in (
    "تلقى", "تلقت", "يتلقى", "تتلقى", "تلقوا", "حصل", "حصلت", "يحصل", "تحصل", "حصلوا",
    "تسلم", "تسلمت", "يتسلم", "تتسلم", "استلم", "استلمت", "يستلم", "تستلم", "نال", "نالت"))


#: time words before «أنْ» that open a clause of their own («بعد أن»، «قبل أن»، «منذ أن»),
#: and their one-word forms («بعدما»)
_TIME_AN = frozenset(key(w) for w in ("بعد", "قبل", "منذ", "عقب"))
_TIME_MA = frozenset(key(w) for w in ("بعدما", "قبلما", "عندما", "حينما"))
_BEFORE = frozenset(key(w) for w in ("قبل", "قبلما"))
_WHEN = frozenset(key(w) for w in ("عندما", "حينما"))
#: words after a comma that go on with the clause before it (a relative clause, "especially")
_CLAUSE_GOES_ON = frozenset(key(w) for w in ("الذي", "التي", "الذين", "اللذين", "خاصة", "خصوصا",
                                             "لاسيما", "سيما"))


def _time_clauses(words: list[Word], s0: int, s1: int) -> list[tuple[int, int, str]]:
    """Time clauses of sentence ``[s0, s1)`` (words): ``(start, end, kind)`` character spans
    from «بعد/قبل/منذ/عقب أنْ» or «بعدما/قبلما/عندما/حينما» to the next comma, semicolon or the
    sentence end; ``kind`` is "before" for «قبل أنْ/قبلما» (the main clause happened before
    the clause's date), "when" for «عندما/حينما» (the same time), else "other"."""
    out = []
    x = s0
    while x < s1:
        w = words[x]
        opens = (w.key in _TIME_AN or w.cands[-1] in _TIME_AN) and x + 1 < s1 \
            and words[x + 1].key == _K_AN and not words[x + 1].gap.strip()
        if opens or w.key in _TIME_MA or w.cands[-1] in _TIME_MA:
            y = x + 1
            while y < s1 and (not any(ch in words[y].gap for ch in "،,;؛")
                              or words[y].cands[-1] in _CLAUSE_GOES_ON):
                y += 1  # («، الذي كان يزور طهران في 1977»، «، خاصة العام الماضي»: the same clause)
            kind = "before" if w.cands[-1] in _BEFORE or w.key in _BEFORE else \
                "when" if w.cands[-1] in _WHEN or w.key in _WHEN else "other"
            out.append((w.start, words[y - 1].end, kind))
            x = y
            continue
        x += 1
    return out


def _future_verb(w: Word) -> bool:
    """Whether ``w`` is a future verb: سـ + an imperfect prefix (ي ت ن) + a stem whose ي form
    the news lexicon holds at least three times («ستقدم»: يقدم; «سنقدم»), not a word that only
    begins like one («سيارة»، «ستيفن»: no ي form in the lexicon; «السيسي»: the article;
    «سابق»: no imperfect prefix)."""
    stem = w.cands[-1]
    if not w.future or w.key.startswith("ال") or len(stem) < 3 or stem[0] not in "يتن":
        return False
    return load_lexicon().get("ي" + stem[1:], 0) >= 3


def _status(doc: Doc, words: list[Word], s0: int, ts: int, te: int, trig: Trigger,
            ev_date: str | None, pub: _date | None) -> str:
    lo = max(s0, ts - 6)
    for k in range(ts, lo, -1):  # cues of an earlier clause ("تنوي الاستقالة، والتقى") do not count
        if any(ch in words[k].gap for ch in "،,;"):
            lo = k
            break
    before = [c for w in words[lo:ts] for c in w.cands[:2]]
    near = [c for w in words[max(s0, ts - 3):ts] for c in w.cands[:2]]
    tw = words[ts]
    if any(c in _NEG for c in near) and trig.type not in ("REJECT",):
        return "negated"
    if _denied(words, s0, ts):
        return "negated"
    qad = _K_QAD
    for k in range(max(s0, ts - 4), ts + 1):
        w = words[k]
        nxt = words[k + 1].cands[-1] if k + 1 < len(words) else ""
        if (w.key == qad or w.key in ("وقد", "فقد")) and k + 1 < len(words) \
                and (nxt[:1] in "ين" or nxt[:1] == "ت" and imperfect_verb_key(nxt)) \
                and not words[k + 1].future \
                and not any(c in _KANA for x in words[max(s0, k - 4):k] for c in x.cands[:2]):
            # «قد يتوغل» may happen; «كان الجيش قد توغل» and «وقد توغلت» (past tenses of form
            # V, whose ي form the news lexicon lacks) happened
            return "hypothetical"
    if any(c in _COND for c in before) or _conditional(words, s0, ts):
        return "hypothetical"
    d = _parse_value(ev_date)
    # a resolved date well before publication is a past event whatever the wording
    past = bool(d and pub and (pub - d).days > PAST_DAYS)
    # an imperfect verb right after أنْ is a subjunctive: an act demanded, agreed or
    # conditioned, not done («طالبت مصر بأن تنسحب إسرائيل»، «وافقت على أن تنسحب قواتها»)
    first = tw.cands[-1]
    if ts > s0 and words[ts - 1].key in _AN_FORMS and not tw.future and (
            first[:1] in "ين" or first[:1] == "ت" and imperfect_verb_key(first)) and not (
            ts - 1 > s0 and words[ts - 2].cands[-1] in _TIME_AN):
        return "planned"  # (not «منذ / بعد / قبل أن», time clauses told in the past)
    # an event noun's light verb carries the tense: «ستقدم مساعدات»، «ستجري مناورات»
    light_future = "noun" in trig.flags and any(
        _future_verb(w) for w in words[max(lo, ts - 3):ts])
    if not past and (tw.future or light_future or any(c in _PLAN for c in before)):
        return "planned"
    if (d and pub and d > pub) or ev_date == "FUTURE_REF":
        # (FUTURE_REF: «الأسبوع المقبل» in a text without a publication date to resolve it)
        return "planned"
    if trig.type in ("COOPERATE", "AGREE", "SUPPORT") and (
            any(c in _NEGOT for c in before) or
            any(c in _NEGOT for w in words[ts:te] for c in w.cands[:2])):
        return "negotiating"
    if d and pub and (pub - d).days >= 365:
        return "historical"
    return "asserted"


def extract_events(doc: Doc) -> list[Event]:
    """PLOVER 2.0 events of a document, one per distinct event, in text order.

    Args:
        doc: a Doc with ``text`` and ideally ``sentences``, ``tokens``, ``entities``, ``timexes``
            and ``quotes`` (each missing layer degrades gracefully: a regex word split, the
            lexicon actors only, bare years as dates).
    Returns:
        list of :class:`rasd.doc.Event` with ids ``V1``, ``V2`` ... ; trigger and evidence are
        character spans of ``doc.text``.
    """
    view = word_view(doc)
    words = view.words
    if not words:
        return []
    forget_index()
    quotes = _quotes_info(doc)
    qidx = SpanIndex([(q.start, q.end) for q in quotes])
    ments = _Mentions(doc)
    ams = [a for a in _resolve_bare(find_actor_mentions(doc, view), quotes, view,
                                    {e.id for e in doc.entities if e.type in ("GPE", "LOC")})
           if not _reporting_outlet(words, a)]
    # per-trigger lookups stay inside the trigger's sentence: mentions are sorted by first word
    am_w0 = [a.w0 for a in ams]
    am_frame = [_frame(qidx, a.start) for a in ams]
    am_at = SpanIndex([(a.start, a.start + 1) for a in ams])
    pub = _published(doc)
    table = cameo_table()
    timexes = sorted((t for t in doc.timexes if t.value and t.type in ("DATE", "TIME")),
                     key=lambda t: t.start)
    tx_starts = [t.start for t in timexes]
    loc_ids = {e.id for e in doc.entities if e.type in ("GPE", "LOC")}
    # places below a country (cities, provinces, regions): an attack's target there is where
    sub_places = {e.id for e in doc.entities if e.id in loc_ids
                  and not (e.kb or "").startswith("iso3:")}
    ent_type = {e.id: e.type for e in doc.entities}
    events: list[Event] = []
    ev_sent: list[int] = []  # the first word of each event's sentence
    used_words: set[int] = set()
    last_subject: tuple[int, list[int]] | None = None  # (sentence start word, actor indexes)
    exercise_countries: set[str] = set()  # countries of the exercises coded so far
    found = find_triggers(view)
    arms_at = {t0 for t0, _, t, _ in found if "arms" in t.flags}
    coerce_at = {t0 for t0, _, t, _ in found if t.type == "COERCE"}
    # calls for an act (دعا إلى، طالب بـ), and praise or support of one (رحب بـ، أيد: 051)
    request_at = {t0 for t0, _, t, _ in found if t.type == "REQUEST"}
    reject_at = {t0 for t0, _, t, _ in found if t.type == "REJECT"}
    endorse_at = {t0 for t0, _, t, _ in found if t.cameo == "051"}
    assault_at = {t0 for t0, _, t, _ in found if t.type == "ASSAULT"}
    # condemning or denouncing (أدان، استنكر، شجب، ندد، انتقد: 111): its subject is the
    # condemner, never the agent of the act named after it (أدان المغرب اعتقال الصحفي)
    condemn_at = sorted(t0 for t0, _, t, _ in found if t.cameo in CONDEMN_CAMEO)
    patient_at = {t0 for t0, _, t, _ in found if "patient" in t.flags}
    assault_made: set[int] = set()  # trigger words of the ASSAULT events made so far
    clauses_of: dict[tuple[int, int], list[tuple[int, int, str]]] = {}  # per sentence
    for ti, tj, trig, (s0, s1) in found:
        if ti in used_words:
            continue
        if tj - ti >= 2 and trig.cameo == "0871":
            # a ceasefire (وقف ... إطلاق النار) is read whole, even when it makes no event: no
            # shorter trigger starts inside it (إطلاق النار, shooting)
            used_words.update(range(ti + 1, tj))
        sent_start = s0
        if s1 - s0 > MAX_SENTENCE_WORDS:
            half = MAX_SENTENCE_WORDS // 2
            s0, s1 = max(s0, ti - half), min(s1, tj + half)
        if "ignore" in trig.flags:
            used_words.update(range(ti, tj))  # "الحرب التجارية": no shorter trigger inside
            continue
        if trig.type == "ASSAULT" and "verb" not in trig.flags \
                and _result_clause(words, s0, ti) \
                and any(k in assault_made for k in range(s0, ti)):
            # «شنت طائرات غارات على ...، ما أسفر عن مقتل خمسة»: the deaths are the result of
            # the attack just reported, not a second attack (whose actor would be the last
            # name before «ما», a place)
            used_words.update(range(ti, tj))
            continue
        verb_reading = "patient" in trig.flags and _clause_initial_verb(words, s0, s1, ti, tj)
        if trig.type in CUED and not verb_reading and not _cue_ok(words, s0, s1, ti, trig) and not (
                trig.type == "ASSAULT" and (_passive_surface(doc.text, words[ti])
                                            or _agent_after_harm(words, ams, s0, s1, ti, tj))):
            continue
        # "قمعت السلطات حركة احتجاج": the protest is the object of a repression; it is made by
        # the population against the authorities (the repression itself is a COERCE event)
        repressed = trig.type == "PROTEST" and any(k in coerce_at
                                                   for k in range(max(s0, ti - 6), ti))
        if "noun" in trig.flags and trig.type in _REQUESTABLE and any(
                k in request_at or (trig.type == "RETREAT" and k in endorse_at)
                for k in range(max(s0, ti - 8), ti)) and not _clause_break(
                    words, max(s0, ti - 8), ti):
            # "دعا الاتحاد إلى وقف إطلاق النار": what is asked for has not happened (and no
            # shorter trigger inside it, إطلاق النار, stands either)
            used_words.update(range(ti, tj))
            continue
        # "رفضت الحكومة مقترح وقف إطلاق النار": a rejected ceasefire (deal, aid) did not happen
        rejected = "noun" in trig.flags and trig.type in _REQUESTABLE and any(
            k in reject_at for k in range(max(s0, ti - 8), ti)) and not _clause_break(
                words, max(s0, ti - 8), ti)
        if trig.cameo == "046" and any(k in arms_at for k in range(tj, tj + 3)):
            continue  # "يجري محادثات لشراء ...": the talks are the deal's status (negotiating)
        # the trigger: the matched words without a leading conjunction و/ف; for a pattern with a
        # gap ("وقعت ... اتفاقاً") only its first word, so the span names no argument
        ts, te = words[ti].start, words[tj - 1].end
        if any(sl is None or sl == "long" for sl in trig.slots):
            te = words[ti].end
        first_ex, first_pre = trig.slots[0]
        whole = words[ti].key in first_ex or words[ti].key.startswith(first_pre or ("\0",))
        if not whole and words[ti].clitic[:1] in ("و", "ف") and doc.text[ts] in "وف":
            ts += 1  # وانتقدت -> انتقدت, but وقعت keeps its root و
        slot_words = {ti, tj - 1}
        # a phrase on a slot word is the trigger's, unless it runs on past the trigger: the
        # last slot can be the head of a party («استدعت الخارجية السفير السعودي»)
        sent = [k for k in range(bisect.bisect_left(am_w0, s0), bisect.bisect_left(am_w0, s1))
                if ams[k].w1 <= s1 and not any(ams[k].w0 <= w < ams[k].w1 for w in slot_words)
                or ams[k].w0 == tj - 1 > ti and ams[k].w1 > tj and ams[k].w1 <= s1]
        # arguments come from the same speech frame: inside the same quote, or outside quotes
        frame = _frame(qidx, ts)
        sent = [k for k in sent if am_frame[k] == frame]
        pre = [k for k in sent if ams[k].w1 <= ti]
        post = [k for k in sent if ti < ams[k].w0 <= tj + POST_WINDOW]
        flags = trig.flags
        tw0 = words[ti]
        if "arrive" in flags and ti + 1 < s1 and any(
                c in _GOODS or c in _FIGURES for c in words[ti + 1].cands[:3]):
            # «وصلت مساعدات إنسانية إلى غزة»: goods arriving make no visit, nor does a figure
            # reaching a level («أن تصل القيمة الإجمالية إلى 4 مليارات»)
            continue
        if "arrive" in flags and tw0.clitic[-1:] == "ل":
            continue  # "لتصل إلى": purpose (a figure reaching a level), not an arrival
        if "verb" in flags and (tw0.clitic[-1:] in ("ب", "ل") or tw0.key.startswith("ال") or
                                (ti > s0 and not tw0.gap and words[ti - 1].cands[0] in _PREPS)):
            if "bare" in flags:
                continue  # "يهدف إلى اعتراض الصواريخ": a purpose, not a reported act
            flags = (flags - {"verb"}) | {"noun"}  # a verbal noun: "إلى دعم طهران"
        if verb_reading:
            # «وقصف الجيش الإسرائيلي مستشفى»: a bare قصف opening its clause before a definite
            # subject is the past verb (VSO), not the verbal noun «قصفُ الجيش» (its patient)
            flags = (flags - {"noun", "patient"}) | {"verb"}
        if "verb" not in flags and tj - 1 > ti:
            # only a finite verb's subject or object runs on from its pattern's last word
            # («انسحبت القوات الروسية»); an event noun's («باستهداف موقع لحركة حماس») stays out
            post = [k for k in post if ams[k].w0 != tj - 1]
            sent = [k for k in sent if ams[k].w0 != tj - 1]
        if _opinion_figure(doc, words, s0, s1, ti, "noun" in flags or _definite(tw0)):
            continue  # polls and statistics report opinion or figures, not events
        if "wound" in flags and not _people_between(words, ams, ti + 1, tj - 1):
            continue  # «أصاب اللاعب الهدف بجروح»: no people wounded, no attack
        typ, mode, contexts = trig.type, trig.mode, list(trig.contexts)
        protest_people = None  # ISO3 of a protest's people named by its place only
        undergo = False  # the subject undergoes the act: the actor is only an explicit agent
        caused = False  # casualties reported as caused by an attack: the event stands alone
        condemned = False  # the act a condemnation names: its actor never the condemner
        actor_idx: list[int] = []
        recip_idx: list[int] = []
        location = None
        loc_k: int | None = None  # the actor phrase that gave the location

        def free(k: int) -> bool:
            return _prep_of(words, ams[k]) is None

        def take_loc(k: int) -> bool:
            nonlocal location, loc_k
            p = _prep_of(words, ams[k])  # "في العاصمة الرباط"، "في جنوب لبنان": في too
            if p == "في" and ams[k].entity and ams[k].entity in loc_ids:
                if location is None:
                    location, loc_k = ams[k].entity, k
                return True
            return False

        if "passive" in flags:
            subj = [k for k in post if free(k) or _prep_of(words, ams[k]) == "من"]
            if subj:
                actor_idx = _conj(words, ams, subj[0])
                recip_idx = [k for k in post if k not in actor_idx and
                             _prep_of(words, ams[k]) in ("الي", "ل", "من قبل", "مع")]
        else:
            subj_k = None
            near_pre = [k for k in pre if ti - ams[k].w1 <= 6 and free(k)
                        and not _clause_break(words, ams[k].w1, ti)]
            if near_pre and ti > s0 and words[ti - 1].key in _AN_FORMS and "verb" in flags \
                    and any(ams[k].w0 == ti + 1 and free(k) for k in post):
                # «أصرت حماس على أن تنسحب إسرائيل»: a verb right after أنْ/إنّ with its own
                # subject after it; the party before the complementiser is not its actor
                near_pre = []
            if "verb" not in flags and typ not in SPEECH_ACTS:
                judge = _condemners(words, ams, pre, condemn_at, s0, ti)
                if judge:
                    condemned = True
                    near_pre = [k for k in near_pre if k not in judge]
            victims_named: list[int] = []  # the victims named before an attack noun
            victims_at = [x for x in range(max(s0, ti - 6), ti) if typ == "ASSAULT" and (
                _cue_in("victim", words[x]) or x in assault_at and (
                    _victim_side(words, s0, x, assault_at)
                    or _passive_surface(doc.text, words[x])))]
            if victims_at:
                # an attack named after its victims («أعلنت الحكومة مقتل ثلاثة في غارة»، «لقي
                # جنود مصرعهم في هجوم»، «قالت الشرطة إن أربعة أشخاص قتلوا في انفجار») caused
                # them and stands alone; no subject before the victims (who announces or
                # suffers it) and no speaker of the report is its actor
                caused = True
                victims_named = [k for k in pre if ams[k].w1 <= ti and any(
                    0 < ams[k].w0 - v <= 3 for v in victims_at)]
                near_pre = [k for k in near_pre if ams[k].w1 > victims_at[-1]]
                if victims_at[-1] + 1 < len(words) and (
                        _counts_people(words[victims_at[-1] + 1])
                        or victims_at[-1] in assault_at):
                    # «قتل 11 إيرانيا جراء القصف»، «قُتل شرطي تركي في هجوم»: the victims after
                    # the passive verb are not the subject of the attack noun after them
                    near_pre = [k for k in near_pre if ams[k].w0 > victims_at[-1] + 3]
            victim = typ == "ASSAULT" and not verb_reading and _victim_side(words, s0, ti,
                                                                            assault_at)
            # casualties caused by an attack (أسفر عن مقتل، مقتل ثلاثة بتفجير): the event
            # stands even when no party is named
            caused = caused or victim and (
                any(_cue_in("cause", words[x]) for x in range(max(s0, ti - 3), ti))
                or any(_cue_in("agent", words[x]) for x in range(tj, min(s1, tj + 6))))
            if typ == "ASSAULT" and not verb_reading and (
                    "verb" in flags and _passive_surface(doc.text, tw0) or victim):
                # "قُتل الصحفي ... في غارة إسرائيلية", "أعلنت الوزارة مقتل ثلاثة أشخاص في غارة
                # إسرائيلية", "ثلاثة أشخاص قتلوا": the named victim is the recipient; the actor
                # only from an agent phrase (غارة X، برصاص X، على يد X) or a subject linked to
                # the casualty word by a cause word (X وراء مقتل، أسفر X عن مقتل), never the
                # subject of a report verb before it nor the count of victims
                undergo = True
                if post and free(post[0]) and ams[post[0]].w0 - tj <= 3 \
                        and not _agent_cued(words, ams[post[0]], tj):
                    recip_idx = _conj(words, ams, post[0])
                if victim and near_pre and any(_cue_in("cause", words[x])
                                               for x in range(ams[near_pre[-1]].w1, ti)):
                    actor_idx = [k for k in _conj(words, ams, near_pre[-1]) if k not in recip_idx]
                for k in post if not actor_idx else ():
                    if k not in recip_idx and _agent_cued(words, ams[k], tj):
                        actor_idx = _conj(words, ams, k)
                        break
            elif "patient" in flags and post and tj == ti + 1 and ams[post[0]].w0 == tj and \
                    ams[post[0]].kind == "nationality" and ams[post[0]].w1 == tj + 1:
                # «قصف روسي»، «القصف الإسرائيلي»: a nationality adjective agrees with the
                # verbal noun and names its agent, not its patient
                subj_k = post[0]
            elif "patient" in flags and post and free(post[0]) and \
                    _agent_first(words, ams, post[0], ti, tj, s1):
                # «اعتقال السلطات الإيرانية صحفيا»: the genitive is the agent and the
                # indefinite or counted word after it the patient (taken as the object below)
                subj_k = post[0]
            elif "patient" in flags and post and free(post[0]) and ams[post[0]].w0 - ti <= 3:
                recip_idx = _conj(words, ams, post[0])  # اعتقال الصحفي: the arrested
                by = [k for k in post[1:] if _prep_of(words, ams[k]) == "من قبل"
                      and ams[k].w0 - ams[post[0]].w1 <= 4
                      and not _clause_break(words, tj, ams[k].w0)]
                if by:
                    subj_k = by[0]  # «اعتقال الصحفي من قبل السلطات»: the agent named
                elif near_pre:
                    subj_k = near_pre[-1]
            elif "noun" in flags and post and free(post[0]) and ams[post[0]].w0 == ti + 1 \
                    and mode == "visit" and near_pre and ams[post[0]].w1 - ams[post[0]].w0 == 1 \
                    and _is_place(ams[post[0]], loc_ids):
                # "يعتزم الرئيس التركي زيارة مصر": a visit noun's place genitive is where the
                # subject before it goes, not who visits
                subj_k = near_pre[-1]
                recip_idx = _conj(words, ams, post[0])
            elif "noun" in flags and post and free(post[0]) and ams[post[0]].w0 == ti + 1:
                subj_k = post[0]  # a verbal noun's genitive is its agent: دعم طهران لـ...
            elif near_pre:
                # the start of the coordinated subject before the verb
                k = near_pre[-1]
                while k - 1 in pre and (ams[k - 1].w1 == ams[k].w0 or
                                        (ams[k - 1].w0, ams[k - 1].w1) == (ams[k].w0, ams[k].w1)):
                    k -= 1
                subj_k = k
            elif "verb" in flags and mode == "visit" and post and free(post[0]) \
                    and ams[post[0]].w0 == tj and _is_place(ams[post[0]], loc_ids) and (
                        last_subject is not None or len(post) > 1 and free(post[1])
                        and not _is_place(ams[post[1]], loc_ids)
                        and not _clause_break(words, tj, ams[post[1]].w0)):
                # a place right after a visit verb is the place visited: «زار الجزائر وفد
                # تركي» (the visitor follows it), «، بعد أن زار الجزائر» (the visitor is the
                # previous clause's subject)
                recip_idx = [k for k in _conj(words, ams, post[0]) if _is_place(ams[k], loc_ids)]
                later = [k for k in post[1:] if k not in recip_idx]
                if later and not _is_place(ams[later[0]], loc_ids) \
                        and not _clause_break(words, tj, ams[later[0]].w0):
                    subj_k = later[0]
            elif post and free(post[0]) and not _clause_break(words, tj, ams[post[0]].w0) \
                    and not _premises_of(words, ams[post[0]]) and not (
                        ("patient" in flags or typ == "COERCE") and ams[post[0]].w0 > s0
                        and _counts_people(words[ams[post[0]].w0 - 1])):
                # (the counted people after an arrest or a patient noun are its object:
                # «اعتقلت قوات الاحتلال خمسة فلسطينيين», the forces uncoded, is no arrest
                # by the Palestinians)
                subj_k = post[0]
            elif "noun" in flags and post and _prep_of(words, ams[post[0]]) in ("ل", "بين") \
                    and not ("patient" in flags and _counts_people(words[ams[post[0]].w0 - 1])):
                subj_k = post[0]
            if victims_at and subj_k is not None and ams[subj_k].w0 > tj + 1 \
                    and not _agent_cued(words, ams[subj_k], tj):
                # «قتل شرطي ... في هجوم نفذه ملثمون في أحد أحياء ديار بكر»: an attack named
                # after its victims takes as actor only its own genitive or adjective or a
                # phrase named as its maker (شنه، نفذه، من قبل), never a later place
                subj_k = None
            if subj_k is not None and not undergo:
                actor_idx = _conj(words, ams, subj_k)
            if victims_named and not recip_idx and victims_named[0] not in actor_idx:
                # «أصيب أربعة جنود إسرائيليين بتفجير عبوة قرب الحدود مع غزة»: the victims
                # named by the passive verb before the attack are its recipient
                recip_idx = _conj(words, ams, victims_named[0])
            rest = [k for k in post if k not in actor_idx and k not in recip_idx]
            actor_codes = {ams[k].code() for k in actor_idx}
            # a direct object close after the verb is the target before any prepositional phrase
            objs = [k for k in rest if free(k) and ams[k].w0 - tj <= 8
                    and ams[k].code() not in actor_codes and "verb" in flags
                    and "sym" not in flags and not recip_idx
                    and not _clause_break(words, tj, ams[k].w0)]
            if objs:
                recip_idx = _conj(words, ams, objs[0])
            a_countries = {ams[k].country for k in actor_idx}
            # the object follows the trigger, or its subject when that comes after it (VSO)
            obj_from = max([tj] + [ams[k].w1 for k in actor_idx if ams[k].w0 >= tj and (
                "raid" not in flags or _armed(words, ams[k]))])
            for k in rest:
                if take_loc(k):
                    if (typ == "ASSAULT" or "raid" in flags) and not recip_idx \
                            and ams[k].country not in a_countries \
                            and not _clause_break(words, tj, ams[k].w0):
                        # "ارتكبتها إسرائيل في غزة": the place of an attack is its target; so is
                        # the town a raid storms («اقتحمت القوات الإسرائيلية مخيما في نابلس»)
                        recip_idx = [k]
                        break
                    continue
                if ams[k].code() in actor_codes:
                    continue
                p = _prep_of(words, ams[k])
                if recip_idx or _clause_break(words, tj, ams[k].w0):
                    break
                if "raid" in flags and (p not in (None, "ل") or ams[k].w0 - obj_from > 4):
                    continue  # a raid's place or occupants: its object, or «لـ» after a noun
                if p in (None, "مع", "الي", "علي", "ل", "ضد", "بين", "من", "من قبل", "ب", "تجاه",
                         "لدي"):
                    recip_idx = _conj(words, ams, k)
                    break
            if not recip_idx and typ in PAIRED and actor_idx:
                # "وقعت X عقداً مع Y لشراء ...": the counterpart governed by مع between the
                # subject and a purpose trigger
                a_end = max(ams[k].w1 for k in actor_idx)
                for k in pre:
                    if ams[k].w0 >= a_end and ti - ams[k].w1 <= 6 and k not in actor_idx \
                            and ams[k].code() not in actor_codes \
                            and _prep_of(words, ams[k]) == "مع":
                        recip_idx = _conj(words, ams, k)
                        break
            if not recip_idx and typ in PAIRED and actor_idx and "noun" in flags:
                # "هنأ ترمب أردوغان في اتصال هاتفي": the other party of a meeting noun named in
                # the clause just before it
                a_c = {ams[k].country for k in actor_idx}
                for k in reversed(pre):
                    if ti - ams[k].w1 > 8 or _clause_break(words, ams[k].w1, ti):
                        break
                    if k not in actor_idx and ams[k].country not in a_c and \
                            _prep_of(words, ams[k]) in (None, "مع", "ب"):
                        recip_idx = _conj(words, ams, k)
                        break
            if not recip_idx and "visit" == mode:
                for k in rest:
                    if _prep_of(words, ams[k]) == "في":
                        recip_idx = _conj(words, ams, k)
                        break
            if trig.cameo in CONDEMN_CAMEO and recip_idx and _condemned_patient(
                    words, ams[recip_idx[0]], tj, patient_at):
                # «أدان المغرب اعتقال الصحفي الجزائري»: the journalist is the one arrested,
                # not the one condemned; an agent named in the clause is («… من قبل X»)
                by = [k for k in rest if _prep_of(words, ams[k]) in ("من قبل",)
                      and not _clause_break(words, tj, ams[k].w0)]
                recip_idx = _conj(words, ams, by[0]) if by else []
            if "host" in flags:
                actor_idx, recip_idx = recip_idx, actor_idx
            elif any(c in _UNDERGO for w in words[max(s0, ti - 4):ti] for c in w.cands[:2]):
                # "تعرضت تركيا لانتقادات من شركائها": the subject undergoes the event
                # the agent: "من X", or the first phrase within a few words of a من right after
                # the trigger ("من شركائها في حلف شمال الأطلسي")
                undergo = True
                by = []
                mins = [x for x in range(tj, min(tj + 2, s1)) if _K_MIN in words[x].cands[:1]]
                if mins:
                    by = [k for k in post if mins[0] < ams[k].w0 <= mins[0] + 5 and not any(
                        words[x].gap for x in range(mins[0] + 1, ams[k].w0 + 1))][:1]
                if not by:  # "من قبل X" / "من X" close after the trigger, not a later source
                    by = [k for k in post if _prep_of(words, ams[k]) in ("من", "من قبل")
                          and ams[k].w0 - tj <= 3]
                actor_idx, recip_idx = (_conj(words, ams, by[0]) if by else []), actor_idx
        # location from any في-phrase of the sentence
        if location is None:
            for k in post:
                if take_loc(k):
                    break
        occupier = [ams[k] for k in actor_idx if ams[k].kind == "coded"]
        if actor_idx and not recip_idx and typ in DOMESTIC and "sym" not in flags \
                and "materiel" not in flags and "foreign" not in flags and occupier:
            # an occupying body acts on the people it occupies («اعتقلت قوات الاحتلال 5 شبان»:
            # Palestinians, actor_terms.tsv), not on its own civilians
            domestic = occupier[0].acts_on
        elif actor_idx and not recip_idx and typ in DOMESTIC and "sym" not in flags \
                and "materiel" not in flags and "foreign" not in flags:
            # (a downed drone is no civilian of the shooter's, nor is an invaded place's)
            # one country in the sentence: a domestic event (repression, protest, fighting)
            only = {ams[k].country for k in sent} | {ams[k].country for k in actor_idx}
            if len(only) == 1 and not next(iter(only)).startswith("IGO"):
                heads = [k for k in post if ams[k].sector and ams[k].code() not in
                         {ams[a].code() for a in actor_idx}
                         and not (_prep_of(words, ams[k]) == "في"
                                  and ("raid" in flags or _is_place(ams[k], loc_ids)))]
                # (a raid's «في X» is where it happened: the people raided are its object;
                # «اشتبك الجيش السوري مع مسلحين في ريف إدلب»: the place is no party either)
                recip_idx = [heads[0]] if heads else []
                domestic = None if heads else ams[actor_idx[0]].country
            else:
                domestic = None
        else:
            domestic = None
        if (undergo or caused) and typ == "ASSAULT" and actor_idx and all(
                ams[k].kind == "nationality" for k in actor_idx):
            # victims named as such and an attack noun's adjective as the attacker («قتل خمسة
            # مدنيين في غارة تركية»، «مقتل ثلاثة بقصف روسي»): the adjective gives the attack's
            # country, which says nothing of the victims'
            domestic = None
        if typ in SPEECH_ACTS and "noun" in flags and frame >= 0 and not undergo:
            # an evaluative noun inside a quote ("غير مبررة"، "انتقادات") is the speaker's act;
            # the parties named in the quote are its targets
            q = quotes[frame]
            spk = [] if q.speaker_start is None else \
                am_at.starting_in(q.speaker_start, q.speaker_end or q.speaker_start)
            if spk:
                targets = [k for k in actor_idx + recip_idx
                           if ams[k].country != ams[spk[0]].country]
                actor_idx, recip_idx = _conj(words, ams, spk[0]), targets[:1]
        explicit = bool(actor_idx)
        if not actor_idx and "passive" not in flags and not undergo and not caused \
                and not condemned:
            # reported speech: the speaker is the source actor of what it announces
            for n in qidx.overlapping(ts, ts + 1):
                q = quotes[n]
                if q.speaker_start is not None:
                    inside = am_at.starting_in(q.speaker_start, q.speaker_end or q.speaker_start)
                    if inside:
                        actor_idx = _conj(words, ams, inside[0])
                    break
        # «سيقوم (الرئيس) بزيارة»، «أجرى محادثات»: a verbal noun after a light verb (its subject
        # may stand between them) is the clause's verb
        verbal = "verb" in flags
        if not verbal and "noun" in flags:
            lv = [x for x in range(max(s0, ti - 8), ti)
                  if any(c in _LIGHT_VERBS for c in words[x].cands)]
            verbal = bool(lv) and not _clause_break(words, lv[-1] + 1, ti)
        if not actor_idx and verbal and last_subject is not None and not undergo \
                and s0 >= last_subject[0]:
            # a verb with a dropped (pronoun) subject continues the previous subject
            prev_s = last_subject[0]
            if s0 == prev_s or _sentences_apart(view, prev_s, s0) <= 1:
                actor_idx = [k for k in last_subject[1] if k not in recip_idx]
        if explicit and verbal:
            last_subject = (s0, actor_idx)
        if "exercise" in flags:
            parts = list(dict.fromkeys(
                [k for k in actor_idx] +
                [k for k in pre if ti - ams[k].w1 <= 6 and _prep_of(words, ams[k]) != "ل"] +
                [k for k in post if _prep_of(words, ams[k]) != "ل"
                 and not _clause_break(words, tj, ams[k].w0)]))
            countries = {ams[k].country for k in parts if not ams[k].country.startswith("IGO")}
            if exercise_countries and countries <= exercise_countries:
                continue  # another mention of an exercise already coded
            exercise_countries |= countries
            if len(countries) >= 2:
                typ, cameo = "COOPERATE", "062"
                actor_idx, recip_idx = list(parts), []
            else:
                typ, cameo, mode = "MOBILIZE", "154", "troops"
        else:
            cameo = trig.cameo
        if cameo == "195" and any(c in _SHELL_FORMS for c in words[ti].cands) and any(
                c in _ARTILLERY for k in range(ti + 1, min(s1, tj + 9)) for c in words[k].cands):
            cameo, mode = "194", None  # «قصفت المدفعية»: ground shelling, not an air strike
        if cameo == "164" and (any(ams[k].sector in ("MIL", "REB") for k in actor_idx + recip_idx)
                               or any(_prep_of(words, ams[k]) == "من" and _is_place(ams[k], loc_ids)
                                      for k in recip_idx + post)
                               or any(_K_MIN in words[x].cands[:2] and x + 1 < s1
                                      and words[x + 1].cands[-1] in _LEFT_PLACES
                                      for x in range(tj - 1, min(s1, tj + 4)))):
            # «انسحبت القوات الروسية من خيرسون»، «انسحبت روسيا من خيرسون»: armed forces, or
            # anyone leaving a place, retreat militarily (0874); «انسحبت من الاتفاق» stays
            # a diplomatic withdrawal (164)
            typ, cameo, mode, contexts = "RETREAT", "0874", None, ["military"]
        if typ == "ASSAULT":
            # «اندلعت اشتباكات بين الجيش السوداني وقوات الدعم السريع»: the two sides of a
            # clash «بين A و B» are its actor and its recipient
            for k in post:
                w0 = ams[k].w0
                if w0 > 0 and words[w0 - 1].cands[-1] == _K_BAYN and w0 - tj <= 3 \
                        and not words[w0].gap:
                    other = [k2 for k2 in post if ams[k2].w0 == ams[k].w1
                             and words[ams[k2].w0].clitic[:1] == "و"
                             and not words[ams[k2].w0].gap]
                    if other:
                        actor_idx, recip_idx = [k], [other[0]]
                    elif ams[k].w1 < s1 and words[ams[k].w1].clitic[:1] == "و" \
                            and not words[ams[k].w1].gap:
                        actor_idx, recip_idx = [k], []  # «بين الجيش ومسلحين»: one side coded
                    break
        if (typ == "AID" or mode == "phone") and "noun" in flags and recip_idx and any(
                c in _RECEIVE for w in words[max(s0, ti - 4):ti] for c in w.cands[:2]) \
                and not _clause_break(words, max(s0, ti - 4), ti):
            # «تلقت أوكرانيا مساعدات عسكرية ألمانية»، «حصل الأردن على مساعدات من واشنطن»:
            # the subject of a receiving verb is the aid's recipient, the giver the actor;
            # «تلقى الرئيس اتصالا من نظيره»: the caller makes the call
            actor_idx, recip_idx = recip_idx, actor_idx
        if "raid" in flags:
            # a raid is made by an armed or security body: no other party is the raider (the
            # object of the verb before a raid noun «اعتقل الجيش عشرة فلسطينيين خلال اقتحام
            # مخيم», a minister, a gate «باب المغاربة»), and a raid word with no place after
            # it needs one («اقتحم قراصنة 300 موقع»، «اقتحام دول جديدة النادي النووي»)
            actor_idx = [k for k in actor_idx if _armed(words, ams[k])]
            if "armed" in flags and not actor_idx:
                continue
            if _not_a_raid(words, ams, s0, s1, ti):
                continue
        if typ == "COERCE" and not actor_idx and "raid" not in flags:
            # an arrest "in X" is made by X's authorities (not a raid: forces storm towns of
            # another country too)
            for k in sent:
                if _prep_of(words, ams[k]) == "في" and k not in recip_idx:
                    actor_idx = [k]
                    break
        if (typ == "ASSAULT" or "raid" in flags) and not recip_idx:
            # fighting (or a raid) "in X" targets X when X is not the attacker's own country
            own = {ams[k].country for k in actor_idx}
            for k in sent:
                if _prep_of(words, ams[k]) == "في" and ams[k].country not in own:
                    recip_idx = [k]
                    break
        if "sym" in flags and typ in SYMMETRIC and recip_idx:
            # reciprocal (met, agreed, exercised together): every party is an actor, in SVO
            # order too («الملك عبد الله الثاني التقى وفدا أمريكيا»)
            actor_idx, recip_idx = list(dict.fromkeys(actor_idx + recip_idx)), []
        if typ == "PROTEST":
            # «تظاهر المحتجون أمام السفارة الأمريكية»: the body protested in front of is the
            # protest's target, never the protesters
            front = [k for k in actor_idx if ams[k].w0 > 0
                     and words[ams[k].w0 - 1].cands[-1] in _IN_FRONT_OF]
            if front:
                actor_idx = [k for k in actor_idx if k not in front]
                recip_idx = front + [k for k in recip_idx if k not in front]
                if not actor_idx and loc_k is not None and ams[loc_k].country \
                        and not ams[loc_k].country.startswith("IGO"):
                    protest_people = ams[loc_k].country  # the people of the place, below
        if typ == "PROTEST" and not actor_idx and not recip_idx:
            # «تظاهر آلاف المحتجين في وسط بغداد»: protesters with no nationality protest in
            # the place named, against its authorities (as a place party, below)
            placed_at = [loc_k] if loc_k is not None else [
                k for k in post if _prep_of(words, ams[k]) == "في" and _is_place(ams[k], loc_ids)]
            if placed_at and ams[placed_at[0]].country \
                    and not ams[placed_at[0]].country.startswith("IGO"):
                actor_idx = placed_at[:1]
        if ("weak" in flags or "noun" in flags) and not actor_idx and not recip_idx \
                and "strong" not in flags and not caused:
            continue
        if not actor_idx and not recip_idx and "strong" not in flags and not caused:
            continue
        if typ in NEEDS_RECIPIENT and not recip_idx and not domestic and "strong" not in flags:
            continue  # "حذر" / "اتهم" with nobody warned or accused: too weak to keep
        if "arms" in flags and loc_k is not None and actor_idx and \
                len({ams[k].country for k in actor_idx + recip_idx}) == 1 and \
                ams[loc_k].country not in {ams[k].country for k in actor_idx}:
            # arms made or delivered "in X" by parties of one foreign country: X is the recipient
            # ("بناء منشأة إنتاج لطائرات إسرائيلية ... في العاصمة الرباط")
            actor_idx = actor_idx + [k for k in recip_idx if k not in actor_idx]
            recip_idx = [loc_k]
        if typ in PAIRED and len({ams[k].country for k in actor_idx + recip_idx}) < 2:
            continue  # a meeting or deal with one known side only
        dsec = _default_sector(typ, tuple(contexts), flags)
        seen: set[str] = set()
        actors = []
        for k in actor_idx:
            a = _to_actor(doc, ams[k], dsec, words)
            if a.code not in seen:
                seen.add(a.code)
                actors.append(a)
        recips = []
        for k in recip_idx:
            a = _to_actor(doc, ams[k], dsec, words)
            if a.code not in seen:
                seen.add(a.code)
                recips.append(a)
        if protest_people and not actors:
            actors.append(Actor(f"{protest_people}-CVL", None, _object_phrase(doc, words, tj, s1)))
        if mode == "visit" and location is None:
            # «وصل الوزير إلى طهران»، «زار طهران»: the place a visit goes to is where it happens
            for k in recip_idx:
                if ams[k].entity in loc_ids and _prep_of(words, ams[k]) in (_K_ILA, None):
                    location = ams[k].entity
                    break
        elif location is None and (typ == "ASSAULT" or cameo == "0874"):
            # «قصفت القوات الروسية مدينة خاركيف»، «غارات على حلب»: the place attacked is where
            # the attack happened; «انسحب الجيش من مدينة خيرسون»: a retreat, the place left
            for k in recip_idx:
                if ams[k].entity not in (sub_places if typ == "ASSAULT" else loc_ids):
                    continue  # (a country attacked may stand for its government)
                p = _prep_of(words, ams[k])
                w0 = ams[k].w0
                if p in ((None, _K_ALA) if typ == "ASSAULT" else ("من",)) or (
                        typ != "ASSAULT" and w0 > 1 and not words[w0].gap
                        and any(c in _PLACE_HEADS for c in words[w0 - 1].cands)
                        and _K_MIN in words[w0 - 2].cands):  # «من جنوب لبنان»
                    location = ams[k].entity
                    break
        # the verb's object starts after a subject that follows the verb (VSO)
        obj0 = max([tj] + [ams[k].w1 for k in actor_idx if ams[k].w0 >= tj])
        if "wound" in flags:
            # «أصابت القوات 20 محتجا بالرصاص»: the object stands inside the pattern's gap
            obj0 = max([ti + 1] + [ams[k].w1 for k in actor_idx if ams[k].w0 > ti])
        if domestic and not recips and (_armed_object(words, obj0, s1) or any(
                _armed_object(words, ams[k].w1, ti) for k in actor_idx if ams[k].w1 < ti)):
            # «قتلت القوات الأمريكية خمسة مسلحين (في غارة)»: fighters acted on, after the
            # verb or between the subject and an attack noun, are no civilians of the actor's
            # (or the occupied) country; with no country they stay uncoded, and the contract
            # gives a party a code, so none is named
            domestic = None
        if domestic and not recips:
            # the people acted on, named by the verb's object («اعتقلت الشرطة 20 شخصا»); a
            # call or an accusation is addressed to its own people only when it names them
            # («دعت الحكومة المواطنين»): «دعت الحكومة إلى الهدوء» names no one
            obj = _object_phrase(doc, words, obj0, s1)
            if obj or typ not in SPEECH_ACTS:
                recips.append(Actor(f"{domestic}-CVL", None, obj))
        # «تظاهر آلاف المحتجين في شوارع الخرطوم»: a place after the protest verb is where it
        # happened, never the protester: the people protest (against their authorities)
        placed = typ == "PROTEST" and actor_idx and all(
            ams[k].w0 >= tj and _is_place(ams[k], loc_ids) for k in actor_idx)
        # «تظاهر السودانيون»: a people noun with no head (kind nationality, no sector) is the
        # population protesting, not its government, and no civilians of its own are its target
        people = typ == "PROTEST" and actor_idx and all(
            ams[k].kind == "nationality" and ams[k].sector is None for k in actor_idx)
        if people and not repressed and not placed:
            actors = [Actor(f"{a.code.split('-')[0]}-CVL", a.entity, a.text) if a.code else a
                      for a in actors]
            recips = [a for a in recips if not (a.code or "").endswith("-CVL")]
        auth = [a for a in actors + recips if a.code and not a.code.endswith("-CVL")
                and not a.code.startswith("IGO")] if repressed or placed else []
        if auth:
            country = auth[0].code.split("-")[0]
            # the protesters of a placed protest stand between the verb and the place
            who = _object_phrase(doc, words, tj if placed else obj0, s1)
            actors, recips = [Actor(f"{country}-CVL", None, who)], auth[:1]
        # date: the resolved timex nearest the trigger inside the sentence
        ss, se = words[s0].start, words[s1 - 1].end
        ev_date = None
        best = None
        # a date inside a time clause («، بعد أن كانت قد جمدت الصفقة في أغسطس») dates that
        # clause's own act, not an event outside it
        clauses = clauses_of.get((s0, s1))
        if clauses is None:
            clauses = clauses_of[(s0, s1)] = _time_clauses(words, s0, s1)
        other = [(a, b, k) for a, b, k in clauses if not a <= ts < b]
        own = next(((a, b) for a, b, k in clauses if a <= ts < b and k != "when"), None)
        # an act «بعد/قبل/منذ أن ...» is at another time than its main clause: its own date
        # dates it when it has one («... يوم الاثنين بعد أن طردت فرنسا دبلوماسيين في 5 فبراير
        # 2024»); without one it may share the main clause's (news tells acts of the same day
        # so), but never a date after publication («وستعقد القمة الشهر المقبل بعد أن قدمت
        # السعودية مساعدات»: the aid was given); an act «عندما ...» shares the main clause's
        own_dated = own is not None and any(
            own[0] <= timexes[n].start < own[1]
            for n in range(bisect.bisect_left(tx_starts, own[0]), len(timexes))
            if timexes[n].start < own[1])
        before_then = None  # «قبل أن ... في 1990»: the event precedes that date
        for n in range(bisect.bisect_left(tx_starts, ss), len(timexes)):
            t = timexes[n]
            if t.start > se:
                break
            if own is not None and not own[0] <= t.start < own[1]:
                tv = _parse_value(t.value)
                if own_dated or t.value == "FUTURE_REF" or (tv and pub and tv > pub):
                    continue
            clause = next((k for a, b, k in other if a <= t.start < b), None)
            if clause is not None:
                if clause == "before" and before_then is None:
                    before_then = t.value
                continue
            if t.end <= se + 1:
                dist = abs(t.start - ts)
                if best is None or dist < best:
                    best, ev_date = dist, t.value
        if ev_date is None and not doc.timexes:
            ys = [m for m in _YEAR_RE.finditer(doc.text, ss, se)]
            if ys:
                ev_date = min(ys, key=lambda m: abs(m.start() - ts)).group(1)
        status = _status(doc, words, s0, ti, tj, trig, ev_date, pub)
        if rejected:
            status = "negated"
        bound = _parse_value(before_then) if before_then and ev_date is None else None
        if status == "asserted" and bound and pub and (pub - bound).days >= 365:
            status = "historical"  # before a date a year or more back: past too
        if any((a.code or "").endswith("MIL") for a in actors) and "military" not in contexts:
            contexts.append("military")
        row = table.get(cameo)
        conf = 0.45 + (0.25 if actors else 0) + (0.15 if recips else 0) + \
            (0.1 if "strong" in flags else 0)
        if typ == "ASSAULT":
            assault_made.add(ti)
        events.append(Event(
            id="", type=typ, mode=mode, contexts=contexts, cameo=cameo,
            goldstein=row.goldstein if row else None, actors=actors, recipients=recips,
            location=location if location and ent_type.get(location) in ("GPE", "LOC") else None,
            date=ev_date, status=status,
            attribution=_attribution(doc, view, s0, s1, ts, quotes, qidx, ments),
            trigger=(ts, te), evidence=(ss, se), confidence=min(conf, 0.95),
            attrs={"trigger_row": trig.line, "mentions": 1}))
        ev_sent.append(sent_start)
        arms_trigger = "arms" in flags or {"military", "economic"} <= set(trig.contexts)
        if is_arms_candidate(events[-1], arms_trigger, doc, view):
            events[-1].attrs["arms"] = arms_frame(doc, events[-1], view)
        elif "arms" in flags and len(trig.slots) == 1 and any(
                c in _RECEIVE for c in words[ti].cands[:2]):
            # «تسلمت مصر رئاسة القمة»، «تسلمت السلطة مساعدات مالية»: receiving names a
            # delivery of arms only with a weapon in view; else no military cooperation
            events.pop()
            ev_sent.pop()
            continue
        used_words.update(range(ti, tj))
    return _merge(events, ev_sent)


def _sentences_apart(view: WordView, a: int, b: int) -> int:
    """How many sentence boundaries lie between sentence-start words ``a`` and ``b``."""
    starts = view.sentence_starts
    return abs(bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a))


def _countries(actors: list[Actor]) -> frozenset:
    out = set()
    for a in actors:
        c = a.code or ""
        out.add(c if c.startswith("IGO") else c.split("-")[0])
    return frozenset(out)


#: Statuses that never describe one occurrence: a visit that took place and one announced
#: ("زار ماكرون الجزائر ... وسيزورها مجدداً"), or a denied one beside one that happened.
_OTHER_OCCASION = {frozenset(("planned", "asserted")), frozenset(("planned", "historical")),
                   frozenset(("negated", "asserted")), frozenset(("negated", "planned")),
                   frozenset(("negated", "historical"))}


def _same_stage(a: Event, b: Event) -> bool:
    """False when both events carry arms frames of different deal stages (talks vs delivery),
    or when their statuses cannot be one occurrence (:data:`_OTHER_OCCASION`)."""
    if frozenset((a.status, b.status)) in _OTHER_OCCASION:
        return False
    sa = (a.attrs.get("arms") or {}).get("stage")
    sb = (b.attrs.get("arms") or {}).get("stage")
    return sa is None or sb is None or sa == sb


def _merge(events: list[Event], sentence_of: list[int] | None = None) -> list[Event]:
    """Merge mentions of one event and number the events V1, V2 ...

    First, events of one sentence (``sentence_of[i]``: the sentence's first word for
    ``events[i]``) with the same type, the same actor codes and the same recipient codes (their
    union for reciprocal types) and compatible modes (equal, or one unknown) are one event
    ("زار ... والتقى نظيره"): the first trigger is kept and the evidence widened to cover both;
    an air strike and a bombing of one sentence stay two events.
    Two events merge when they have the same type and mode and the same participants
    (actor and recipient countries; their union for reciprocal types) and the same date, or
    when one of them is undated; a reciprocal event repeated with fewer known parties merges into
    the fuller one.  Arms events of different deal stages (``attrs["arms"]["stage"]``) never
    merge, nor do a planned and a past (or a denied and another) mention.  The kept event is
    the first mention; it takes an attribution from a later mention when it has none, and
    counts its mentions in ``attrs["mentions"]``.
    """
    out: list[Event] = []
    index: dict[tuple, Event] = {}
    # the kept events of each (type, mode), in insertion order: a new mention is compared with
    # its own kind only, not with every event of the document
    by_kind: dict[tuple, list[tuple[tuple, Event]]] = {}

    def absorb(kept: Event, ev: Event) -> None:
        kept.attrs["mentions"] = kept.attrs.get("mentions", 1) + 1
        kept.confidence = min(0.98, kept.confidence + 0.05)
        if kept.attribution is None and ev.attribution is not None:
            kept.attribution = ev.attribution
        if "arms" in ev.attrs:
            kept.attrs["arms"] = merge_frames(kept.attrs.get("arms"), ev.attrs["arms"])

    if sentence_of is not None:
        kept_in: dict[tuple, Event] = {}
        first: list[Event] = []
        for ev, s0 in zip(events, sentence_of):
            ac = frozenset(x.code or x.text for x in ev.actors)
            rc = frozenset(x.code or x.text for x in ev.recipients)
            k = (s0, ev.type) + ((ac | rc,) if ev.type in SYMMETRIC else (ac, rc))
            kept = kept_in.get(k)
            if kept is not None and _same_stage(kept, ev) and (
                    kept.mode is None or ev.mode is None or kept.mode == ev.mode):
                absorb(kept, ev)
                kept.mode = kept.mode or ev.mode
                kept.evidence = (min(kept.evidence[0], ev.evidence[0]),
                                 max(kept.evidence[1], ev.evidence[1]))
                if kept.date is None:
                    kept.date = ev.date
                continue
            kept_in.setdefault(k, ev)
            first.append(ev)
        events = first
    for ev in events:
        a, r = _countries(ev.actors), _countries(ev.recipients)
        parts = (a | r,) if ev.type in SYMMETRIC else (a, r)
        k = (ev.type, ev.mode, parts, ev.date) if ev.date else \
            (ev.type, ev.mode, parts, None, ev.attrs["trigger_row"])
        if k in index and _same_stage(index[k], ev):
            absorb(index[k], ev)
            continue
        if k in index:  # another stage of a deal (talks, then a production plant): its own event
            out.append(ev)
            continue
        found = None
        for kk, kept in by_kind.get((ev.type, ev.mode), ()):
            if not _same_stage(kept, ev):
                continue
            dates_ok = ev.date is None or kk[3] is None or kk[3] == ev.date
            if not dates_ok:
                continue
            if len(parts) == 1 and len(kk[2]) == 1 and parts[0] and parts[0] < kk[2][0]:
                found = kept  # a reciprocal event repeated with fewer known parties
                break
            if ev.date is None and kk[2] == parts and (
                    MERGE_UNDATED or kept.attrs.get("trigger_row") == ev.attrs["trigger_row"]):
                found = kept  # an undated repeat
                break
        if found is not None:
            absorb(found, ev)
            continue
        index[k] = ev
        by_kind.setdefault((ev.type, ev.mode), []).append((k, ev))
        out.append(ev)
    for n, ev in enumerate(out, 1):
        ev.id = f"V{n}"
    return out
