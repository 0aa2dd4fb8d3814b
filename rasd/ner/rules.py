"""Rule-based entity recognition: knowledge-base aliases plus patterns, over ``doc.tokens``.

:class:`EntityRecognizer` fills ``doc.entities`` (list of :class:`rasd.doc.Entity`, ids ``E1``,
``E2`` ... in order of first mention, with ``country``/``sector`` for actor coding). Candidate
sources, in priority order:

1. **Knowledge base** (:mod:`rasd.kb`): longest match of alias compact keys over token keys,
   the first token tried whole and without its proclitics (``وإسرائيل`` -> ``إسرائيل``,
   ``للأمم المتحدة`` -> ``الأمم المتحدة``, ``الـF- 16`` -> ``F- 16``); a whole-token match
   wins a tie. Weak aliases (``~`` in the tables, e.g. ``المملكة``) are kept only when the
   entity has a strong mention in the same document; Latin acronyms (``IAI``) must match
   case; ``إلبيت``-type aliases do not match ``البيت`` ("the house"). A lone KB surname right
   after another given name (``ميشيل أوباما``) is left to the person patterns.
2. **Patterns** (data in ``rasd/kb/org_patterns.tsv``, ``nationalities.tsv``,
   ``person_cues.tsv`` and the head lists below), filling only spans the KB left free, longest
   first; some may swallow KB places inside them:

   * ministries: ``وزارة`` + field + optional nationality adjective (``وزارة الدفاع
     الإسرائيلية`` -> ORG "Israeli Ministry of Defense", ISR, GOV; the adjective may be a word
     the KB read as a country: ``السعودية``);
   * state bodies + agreeing nationality adjective (``الجيش المصري`` -> ORG "Egyptian Army",
     EGY, MIL; ``الخارجية الأمريكية``; not the title ``وزير الخارجية الأمريكي``);
   * construct-state organisations: indefinite head + definite words (+ adjective)
     (``هيئة الإذاعة البريطانية``، ``حزب العدالة والتنمية``; not ``مجلس الإدارة``);
   * places: ``قرية/بلدة/محافظة/ولاية/قضاء ...`` + name -> GPE, geographic features
     ``جبال/نهر/خليج/بحر/صحراء ...`` + name -> one LOC (``جبال الأطلس``، ``خليج عدن``);
   * Latin-script names: quoted content (``«Kestrel Robotics Inc.»``) or runs after an
     organisation head (``شركة Sentrycs``) or ending in a company word (``Delta Grid SA``) -> ORG;
   * people: a name after a title and its descriptors (``وزير المالية خالد عبد الرحيم``),
     after a reporting verb (``وقال عبد القادر عبد الرحمن،``), or starting with a known given
     name (``فرانشيسكا ألبانيز``). A name is made of units (a word, or a connector and its word:
     ``عبد الرحمن``، ``بن أحمد``); it ends at punctuation, stop words, verbs, titles, nationality
     adjectives, KB places/organisations, a word with the article (``حيدر العبادي``) and at
     common words, judged with the news lexicon (``rasd/lang/ar/stems.tsv``: words that take
     the article or pronoun suffixes are not surnames).

After the KB pass, names with several referents (طرابلس، عمان، الإسكندرية، جورجيا, and any alias
shared by KB places of different countries) are re-linked by the article's context
(:mod:`rasd.link.disambig`, data ``rasd/kb/ambiguous.tsv``). After assembly,
:func:`rasd.link.linker.link_document` links unknown names to KB entities by cross-script
consonant skeleton, merges an Arabic mention with a Latin one of the same name, gives people
named after a nationality title their country and unlinked people a romanised display name.

Mentions of one KB id form one entity, whatever the script (``أفريكا إنتلجنس`` = ``Africa
Intelligence``); a bare ministry (``وزارة الدفاع``) joins the document's only entity that
starts with it; a later surname-only mention (``بوعلام``) joins the person named in full
earlier. Mention offsets exclude attached proclitics (they start at ``Token.stem_start``) and
surrounding quotes. :meth:`EntityRecognizer.add_spans` merges spans of another recogniser
(the CRF model) without duplicating entities.

Cost: a few dict probes per token, no regex per alias (about 250k tokens/s on one core for
this stage, ``tests/test_entities.py::test_speed_is_dictionary_lookups`` guards the order).
"""

from __future__ import annotations

import bisect
import re

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from rasd.doc import Doc, Entity, Mention, Token
from rasd.link.linker import link_document
from rasd.kb import (
    KBEntity, compact_key, compact_of_key, load_kb, nationalities, person_cues,
)
from rasd.normalize import key
from rasd.spans import SpanIndex
from rasd.text.lexicon import accusative_nisba_pair, light
from rasd.text.sentences import SPELLED_LETTERS, abbreviation_kind
from rasd.text.tokenizer import without_joiners

_KB_DIR = Path(__file__).resolve().parent.parent / "kb"

#: Words after which a Latin-script name is an organisation (keys, without proclitics).
ORG_HEADS = frozenset(key(w) for w in (
    "شركة", "شركتي", "شركات", "مجموعة", "مؤسسة", "وكالة", "موقع", "صحيفة", "مجلة", "منظمة",
    "جمعية", "مجموعتي", "الشركة", "المجموعة", "شبكة", "قناة", "بنك", "مصرف", "صندوق", "مختبر",
    "مركز", "معهد", "جامعة", "حزب", "حركة", "تحالف", "منصة", "تطبيق"))
#: Organisation heads that make the name a business (sector BUS).
_BUSINESS_HEADS = frozenset(key(w) for w in ("شركة", "شركتي", "شركات", "الشركة", "مجموعة",
                                            "المجموعة", "مجموعتي"))
#: Indefinite heads that, followed by definite words, name an organisation (construct state).
CONSTRUCT_HEADS = frozenset(key(w) for w in (
    "وكالة", "منظمة", "هيئة", "مؤسسة", "جمعية", "اتحاد", "لجنة", "جامعة", "معهد", "مركز",
    "حزب", "حركة", "جبهة", "صندوق", "بنك", "مصرف", "شركة", "مجموعة", "صحيفة", "قناة",
    "مجلس", "محكمة", "نقابة", "غرفة", "أكاديمية", "مديرية", "إدارة", "دائرة", "مفوضية"))
#: Construct heads that are also ordinary nouns, with the definite words that make the phrase
#: ordinary: حركة "movement, traffic" of people, goods, ships, money (not a political movement).
_GENERIC_CONSTRUCTS = {key("حركة"): frozenset(key(w) for w in (
    "الأشخاص", "الأفراد", "المسافرين", "السلع", "البضائع", "الملاحة", "المرور", "السير",
    "الطيران", "السفن", "الناقلات", "الشاحنات", "القطارات", "التجارة", "الأموال", "الأسواق",
    "الأسهم", "الأسعار", "النزوح", "الهجرة", "التنقل", "العبور", "البيع", "الشراء", "النقل",
    "الركاب", "الحاويات", "الصادرات", "الواردات", "الاستثمار", "الاستثمارات", "السياحة",
    "الاحتجاجات", "التداول", "الإنتاج", "الوافدين", "العمالة", "العمال", "اللاجئين",
    "النازحين", "المهاجرين", "الطلاب", "الزوار", "السياح", "الحجاج", "المعتمرين")),
    key("حزب"): frozenset(key(w) for w in ("الأغلبية", "الأكثرية", "الأقلية", "المعارضة",
                                           "السلطة", "الحكومة", "الرئيس")),
    # محكمة is also the adjective "tight, sealed" (صناديق محكمة الإغلاق)
    key("محكمة"): frozenset(key(w) for w in ("الموضوع", "أول", "الدرجة", "الغلق", "الإغلاق",
                                             "الإقفال", "الصنع", "الشركة"))}
#: Heads that name an organisation after a place (هيئة قناة السويس، شركة طيران الإمارات)
_PLACE_ORG_HEADS = frozenset(key(w) for w in ("هيئة", "شركة", "مؤسسة", "وكالة", "سلطة", "مصلحة",
                                             "جامعة", "بنك", "مصرف", "صندوق", "مجموعة", "شركات"))
#: ... of which these also take a one-word place directly (جامعة القاهرة، بنك مصر، مؤسسة قطر)
_DIRECT_PLACE_ORG_HEADS = frozenset(key(w) for w in ("جامعة", "بنك", "مصرف", "مؤسسة", "هيئة",
                                                    "صندوق", "سلطة"))
#: Construct heads whose one definite word is already a name (حزب الوفد، حركة النهضة، نقابة
#: المحامين، محكمة النقض); other heads need two (مجلس الإدارة is no name)
_ONE_WORD_NAME_HEADS = frozenset(key(w) for w in ("حزب", "حركة", "نقابة", "جمعية", "محكمة",
                                                 "ائتلاف"))
#: ... and heads with the one-word complements that make them an institution's name (مجلس
#: الوزراء، مجلس الشورى), where another one (مجلس الإدارة "board") is a common noun
_ONE_WORD_NAMES = {key("مجلس"): frozenset(key(w) for w in (
    "الوزراء", "الشورى", "النواب", "الأمة", "الشيوخ", "الأعيان", "الشعب", "العموم",
    "اللوردات", "الدوما"))}
#: Definite nouns that start a new phrase after a complete construct name (the object of the
#: verb before it): "اتهم حزب الشعب الجمهوري الحكومة"
_NEW_PHRASE_NOUNS = frozenset(key(w) for w in (
    "الحكومة", "السلطات", "الدولة", "الوزارة", "الجيش", "الشرطة", "البرلمان", "المعارضة",
    "الرئاسة", "الشعب", "المواطنين", "الشركة", "الحزب", "الحركة", "البلاد", "الإدارة"))
#: Glued negation or continuity verbs ("still", "no longer") that end a person's name:
#: "هيلاري لاتزال الأوفر حظا"
_GLUED_VERBS = frozenset(key(w) for w in (
    "لازال", "لازالت", "لايزال", "لاتزال", "لازالوا", "لايزالون", "مازال", "مازالت", "مايزال",
    "ماتزال", "مازالوا", "لاتزالان", "لايمكن", "لاتوجد", "لايوجد", "لاتزل", "لميزل", "لمتزل"))
#: Heads of names given after a person (head -> entity type): institutions are ORG, places and
#: facilities LOC, prizes MISC (مركز الملك سلمان للإغاثة، مطار الملك خالد، جائزة الشيخ زايد).
EPONYM_HEADS = {key(w): typ for typ, ws in (
    ("ORG", ("مؤسسة", "جامعة", "مركز", "مستشفى", "معهد", "أكاديمية", "مكتبة", "صندوق", "كلية",
             "مجمع", "مدينة", "مدرسة", "جمعية", "هيئة")),
    ("LOC", ("مطار", "ميناء", "استاد", "ملعب", "قاعدة", "جسر", "شارع", "مسجد", "قصر")),
    ("MISC", ("جائزة",))) for w in ws}
#: Heads after which a name without an honorific is still the eponym (no "position of" reading).
EPONYM_BARE_HEADS = frozenset(key(w) for w in (
    "مؤسسة", "جامعة", "مستشفى", "معهد", "أكاديمية", "مكتبة", "كلية", "مطار", "ميناء", "استاد",
    "ملعب", "جائزة", "مسجد", "مدرسة"))
#: Adjectives that end such names (مستشفى الملك فهد الجامعي، مطار الملك خالد الدولي); a closed
#: list, so that time words and nouns (العام الماضي) stay outside.
EPONYM_ADJECTIVES = frozenset(key(w) for w in (
    "الجامعي", "الجامعية", "الدولي", "الدولية", "التخصصي", "التخصصية", "الطبي", "الطبية",
    "العسكري", "العسكرية", "الجوي", "الجوية", "البحرية", "البحري", "الوطني", "الوطنية",
    "الإسلامي", "الإسلامية", "العالمي", "العالمية", "الخيرية", "الخيري", "المركزي", "المركزية",
    "الرياضية", "الرياضي", "التعليمي", "التعليمية", "الثقافي", "الثقافية", "الاقتصادية",
    "الصناعية", "التقنية", "للتقنية"))
#: Honorifics that introduce the person an institution is named after.
EPONYM_TITLES = frozenset(key(w) for w in (
    "الملك", "الملكة", "الأمير", "الأميرة", "الشيخ", "الشيخة", "السلطان", "الإمام", "الشهيد"))
#: Geographic features whose name follows them, the whole phrase one LOC (جبال الأطلس).
FEATURE_HEADS = frozenset(key(w) for w in (
    "جبال", "جبل", "نهر", "بحر", "خليج", "مضيق", "صحراء", "جزيرة", "جزر", "بحيرة", "وادي",
    "هضبة", "سهل", "مرتفعات", "شلالات", "برزخ"))
#: Feature heads that are named after a whole country (نهر النيجر، بحيرة تشاد، جبل لبنان);
#: with other heads a country is only a description (صحراء المغرب، مرتفعات إثيوبيا).
FEATURE_COUNTRY_HEADS = frozenset(key(w) for w in ("نهر", "بحيرة", "خليج", "بحر", "جبل",
                                                   "جزيرة"))
#: Place heads that are also common words: their name must come without the article.
AMBIGUOUS_PLACE_HEADS = frozenset(key(w) for w in ("ولاية", "قضاء", "ناحية", "إمارة"))
#: Heads of place names that keep the head in the mention (قرية النصر، محافظة الأنبار).
PLACE_HEADS = frozenset(key(w) for w in (
    "قرية", "بلدة", "محافظة", "ولاية", "قضاء", "ناحية", "مخيم", "إمارة"))
#: Nouns of areas and streets: a name right after them is a place (حي الزمالك، شارع الحمرا).
_AREA_HEADS = PLACE_HEADS | frozenset(key(w) for w in (
    "حي", "منطقة", "شارع", "ميدان", "ساحة", "ضاحية", "مدينة", "جزيرة", "منتجع"))
#: Letters that are one-letter proclitics (و ف ب ل ك).
_PROCLITIC_LETTERS = frozenset("وفبلك")
#: Words that head another name (مدينة، جامعة، شركة ...): they never continue a person's name.
_HEAD_WORDS = frozenset(CONSTRUCT_HEADS | set(EPONYM_HEADS) | PLACE_HEADS | FEATURE_HEADS
                        | {key(w) for w in ("مدينة", "عاصمة", "العاصمة", "منطقة", "إقليم",
                                            "حي", "وزارة")})
#: Last words that make a Latin-script run a company name.
CORP_SUFFIXES = frozenset(w.lower() for w in (
    "SA", "S.A.", "SAS", "AG", "GmbH", "Ltd", "Ltd.", "Limited", "Inc", "Inc.", "Corp", "Corp.",
    "Corporation", "LLC", "PLC", "plc", "Co", "Co.", "Group", "Holding", "Holdings", "Systems",
    "Solutions", "Technologies", "Technology", "Industries", "Aerospace", "Defense", "Defence",
    "Dynamics", "Electronics", "Aero", "Labs", "Networks", "Media", "News", "Bank", "Capital",
    "Partners", "Ventures", "Motors", "Airlines", "Airways", "Energy", "Petroleum", "SpA",
    "S.p.A.", "BV", "NV", "AB", "ASA", "Oy", "KG", "Logistics", "Mining", "Mines", "Rail",
    "Solar", "Cargo", "Robotics", "Shipping", "Trading", "Investments", "Investment",
    "Insurance", "Pharma", "Pharmaceuticals", "Foods", "Telecom", "Steel", "Oil", "Gas",
    "Construction", "Consulting", "Security", "Analytics", "Software", "Data", "Power",
    "Engineering", "Resources", "Airline", "Agency", "Institute", "Foundation", "Fund",
    "International", "Global", "Enterprises", "Ventures", "Studios", "Marine"))
#: Name connectors: the token after them may carry the article (عبد القادر، أبو الغيط).
CONNECTORS = frozenset(key(w) for w in ("عبد", "أبو", "أبي", "أبا", "آل", "بن", "ابن", "بنت",
                                         "ولد", "ذو"))
#: "father of" before a given name (a kunya: أبو مصعب، بأبي مازن)
_KUNYA = frozenset(key(w) for w in ("أبو", "أبي", "أبا"))
#: words before أبو that make «أبو X» a place, not a person: prepositions of place and
#: monument nouns (by key), and the area and feature heads (by stem: مدينة، بلدة، جزيرة)
_KUNYA_PLACE_BEFORE = frozenset(key(w) for w in (
    "في", "وفي", "إلى", "الى", "قرب", "معبد", "معابد", "تمثال", "مطار", "ميناء"))
_KUNYA_PLACE_HEADS = _AREA_HEADS | FEATURE_HEADS
#: Descriptor words that may sit between a title and the name (besides article-words).
TITLE_FILLERS = frozenset(key(w) for w in ("باسم", "خارجية", "دفاع", "داخلية", "مالية", "عام",
                                            "سابق", "سابقا", "شؤون"))
#: naming phrases before a quoted name (:meth:`EntityRecognizer._quoted_given_name`)
_ISM = key("اسم")
_TAHT = key("تحت")
_MUSAMMA = frozenset(key(w) for w in ("مسمى", "مسمي"))
_NAMING_WORDS = frozenset(key(w) for w in ("المسماة", "المسمى", "المسماه", "تسمى", "يسمى",
                                           "سميت", "سمي", "أسميت", "تدعى", "يدعى"))
_NAMING_BEFORE_ISM = frozenset(key(w) for w in ("تحت", "تحمل", "يحمل", "حملت", "حمل", "عليها",
                                                "عليه", "أطلق", "أطلقت", "وتحمل"))
_SPOKESMEN = frozenset(key(w) for w in ("المتحدث", "متحدث", "الناطق", "ناطق", "المتحدثة",
                                        "متحدثة", "الناطقة", "ناطقة", "تحدث", "يتحدث",
                                        "تتحدث", "نيابة", "نطق"))
_QUOTES = frozenset("«»\"'“”‘’„‹›")
#: Opening quote -> the characters that close it.
_QUOTE_PAIRS = {"«": "»", '"': '"', "“": "”\"", "„": "“”", "‹": "›"}
#: Non-Latin tokens allowed inside a quoted Latin name (Kestrel Robotics Inc.; A&B; X-Y).
_LATIN_INNER = frozenset(".,&-'’/+")
_BOUNDARY_AFTER_NAME = frozenset(key(w) for w in ("،", ",", ":", "إن", "أن", "إنه", "أنه",
                                                  "إنها", "أنها", "(", "-", "–"))


#: Keys of definite adjectives that make a one-word weak alias («الاتحاد», «المفوضية») another
#: body of the same kind (rasd's own list, from corpus misses: «المفوضية السامية للاجئين» is
#: UNHCR, not the European Commission; «الاتحاد الجمركي»، «الاتحاد الدولي»; not العام, which is
#: also "the year": «مغادرة الاتحاد العام المقبل»)
_OTHER_BODY_ADJ = frozenset(key(w) for w in (
    "الدولي", "الدولية", "العليا", "الأعلى", "السامية", "العامة", "الوطني", "الوطنية",
    "الجمركي", "العربي", "العربية", "الإسلامي", "الإسلامية", "الخليجي", "الإقليمي", "الإقليمية",
    "المستقلة", "الانتخابية", "القومي", "القومية", "العالمي", "العالمية"))


@dataclass(slots=True)
class _Cand:
    """A candidate span over tokens ``[i, j)`` (character span ``[start, end)``)."""

    i: int
    j: int
    start: int
    end: int
    type: str
    name: str
    kb: KBEntity | None = None
    country: str | None = None
    sector: str | None = None
    source: str = "kb"
    weak: bool = False
    group: tuple = ()
    base: str = ""  # ministry key without adjective, for bare-ministry merging
    absorb: tuple[str, ...] = ()  # KB types this candidate may swallow (السعودية in a ministry)


#: words that extend a rank or title before the name («الفريق أول»، «اللواء طيار»، «العميد
#: ركن»، «المهندس»): never a given name, even before «عبد ال...»
_RANK_QUALIFIERS = frozenset(key(w) for w in (
    "أول", "ثان", "ثاني", "ثالث", "ركن", "طيار", "بحري", "متقاعد", "مهندس", "دكتور", "حقوقي",
    "أركان", "احتياط", "شرف", "قاضي", "محامي", "شيخ", "سمو", "معالي", "فخامة", "سماحة"))


def _with_initials(cands: list[_Cand], toks: Sequence[Token], kb=None) -> list[_Cand]:
    """A KB person mention takes the spelled initials right before it: «جي. دبليو. بوش» is
    one mention of George W. Bush, not «بوش» after two stray letters.  Each initial is a
    letter (:func:`_initial_letter`) with its period attached; none may belong to another
    candidate.  With ``kb`` (a :class:`rasd.kb.KnowledgeBase`), the initials also choose
    between people who share the surname: the mention goes to the person whose aliases hold
    strictly more of them («جي. إتش. دبليو. بوش» is the father, whose alias «جورج إتش دبليو
    بوش» has both إتش and دبليو; a tie keeps the link).  ``cands`` in text order; edited in
    place and returned."""
    taken = {x for c in cands for x in range(c.i, c.j)}
    for c in cands:
        if c.kb is None or c.type != "PER":
            continue
        k = c.i
        while k >= 2 and toks[k - 1].text == "." and toks[k - 1].start == toks[k - 2].end \
                and _initial_letter(toks[k - 2].key) and k - 2 not in taken:
            k -= 2
        if k < c.i:
            initials = [toks[x].key for x in range(k, c.i, 2)]
            c.i, c.start = k, toks[k].stem_start
            if kb is not None:
                other = _person_by_initials(kb, c.kb, initials, toks[c.j - 1].key)
                if other is not None:
                    c.kb, c.name, c.country = other, other.name_en, _kb_country(other)
                    c.sector, c.group = other.sector, ("kb", other.id)
    return cands


def _person_by_initials(kb, current, initials: list[str], surname: str):
    """The KB person other than ``current`` whose Arabic aliases ending in ``surname`` (a
    key) hold strictly more of the ``initials`` (keys) than ``current``'s do, or None."""
    def held(ent) -> int:
        words = {key(w) for a in ent.aliases_ar for w in a.lstrip("~").split()
                 if key(a.lstrip("~").split()[-1]) == surname}
        return sum(1 for k in initials if k in words)

    best, best_n = None, held(current)
    for ent in _people_by_surname(kb).get(surname, ()):
        if ent.id != current.id:
            n = held(ent)
            if n > best_n:
                best, best_n = ent, n
    return best


@lru_cache(maxsize=4)
def _people_by_surname(kb) -> dict[str, tuple]:
    """Surname key (last word of an Arabic alias of several words) -> the KB people with it."""
    out: dict[str, list] = {}
    for ent in kb:
        if ent.type != "PER":
            continue
        for a in ent.aliases_ar:
            words = a.lstrip("~").split()
            if len(words) > 1:
                lst = out.setdefault(key(words[-1]), [])
                if ent not in lst:
                    lst.append(ent)
    return {k: tuple(v) for k, v in out.items()}


def _surname_to_named_person(cands: list[_Cand], ck: Sequence[str]) -> list[_Cand]:
    """A one-word person alias goes to the person the document names in full with it.

    «بوش» is George W. Bush's alias in ``people.tsv``; in an article that names «جورج بوش
    الأب» (his father, another entity) and never the son in full, a bare «بوش» is the
    father.  A one-word KB person mention is re-linked to another KB person of the document
    whose multi-word mention contains the same word, when its own entity has no multi-word
    mention there.  ``cands``: the KB candidates in text order; ``ck``: compact keys of the
    tokens.  Returns the list with those candidates replaced (same spans).
    """
    full: dict[str, set[str]] = {}  # entity id -> keys of its multi-word mentions' words
    ents = {}
    for c in cands:
        if c.kb is not None and c.type == "PER" and c.j - c.i > 1:
            full.setdefault(c.kb.id, set()).update(ck[c.i:c.j])
            ents[c.kb.id] = c
    if not full:
        return cands
    out = []
    for c in cands:
        if c.kb is not None and c.type == "PER" and c.j - c.i == 1 and c.kb.id not in full:
            others = [e for e, keys in full.items() if ck[c.i] in keys]
            if len(others) == 1:
                d = ents[others[0]]
                c = _Cand(c.i, c.j, c.start, c.end, d.type, d.name, d.kb, d.country, d.sector,
                          c.source, c.weak, ("kb", d.kb.id))
        out.append(c)
    return out


@dataclass(slots=True)
class _OrgPatterns:
    heads: dict[tuple[str, ...], tuple[str, str, str]] = field(default_factory=dict)
    ministry: dict[str, tuple[str, str]] = field(default_factory=dict)
    fields: dict[tuple[str, ...], str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def org_patterns() -> _OrgPatterns:
    """Load ``rasd/kb/org_patterns.tsv`` (curated): state-body heads, ministry heads, fields."""
    pats = _OrgPatterns()
    with (_KB_DIR / "org_patterns.tsv").open(encoding="utf-8") as f:
        header = None
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            kind, phrase, gender, name_en, sector = (cells + [""] * 5)[:5]
            toks = tuple(key(w) for w in phrase.split())
            if kind == "head":
                pats.heads[toks] = (gender, name_en, sector)
            elif kind == "ministry":
                pats.ministry[toks[0]] = (name_en, sector)
            elif kind == "field":
                pats.fields[toks] = name_en
    return pats


def _kb_country(e: KBEntity) -> str | None:
    """``Entity.country`` of a KB entity: its IGO actor code when it has one (``IGO-EUR`` from
    the ``actor_code`` column of ``igos.tsv``/``people.tsv``: an organisation, or an official
    who acts for it such as the UN Secretary-General), else its ISO3 country, else None."""
    return e.actor_code or e.country


def _stem_text_key(doc_text: str, t: Token) -> str:
    return key(doc_text[t.stem_start:t.end]) if t.stem_start > t.start else t.key


#: given names whose match key equals a function word's only because normalisation writes
#: alef maqsura as ya (علي / على "on"); read as names inside a person's name where the text
#: itself writes the preposition with ى, or where the word ends the clause (محمد علي إن ...:
#: a preposition never stands before إن or a comma)
_YA_NAMES = frozenset({"علي"})
_ALA_RE = re.compile(r"(?<![\u0621-\u064a])على(?![\u0621-\u064a])")


def _quoted_run(toks: Sequence[Token], q: int, closers: str, max_words: int,
                digits: bool) -> int | None:
    """Index of the closing quote when tokens ``q + 1 ..`` up to it are 1 to ``max_words``
    Arabic-script words (hyphens allowed; numbers too with ``digits``), else None; ``q`` is
    the opening quote's index and ``closers`` its closing characters."""
    n = len(toks)
    j = q + 1
    dashes = 0  # a dash between two words («إس إن سي – لافالين») is not a word
    while j < n and j - q - dashes <= max_words + 1 and toks[j].text not in closers:
        w = toks[j].text
        if w in _DASH_TOKENS and j > q + 1 and j + 1 < n and toks[j + 1].text not in closers \
                and toks[j - 1].text not in _DASH_TOKENS:
            dashes += 1
            j += 1
            continue
        if toks[j].is_latin or not (w.replace("-", "").isalpha() or (digits and w.isdigit())):
            return None
        j += 1
    if j >= n or toks[j].text not in closers or j == q + 1 or j - q - dashes > max_words + 1:
        return None
    return j


_DASH_TOKENS = frozenset("-‐‑‒–—")


def _accusative_nisba_after(text: str, toks: Sequence[Token], i: int) -> bool:
    """True when token ``i`` (a country name ending in ا: بريطانيا، روسيا، إيطاليا) follows an
    indefinite accusative noun with no punctuation between: a word with tanween fatha
    (صحفياً) or ending in the accusative nisba -يا (صحفيا، جنديا، دبلوماسيا), so it is the
    agreeing adjective ("a British journalist"), not the country."""
    if i == 0 or toks[i].stem_start > toks[i].start:
        return False
    p = toks[i - 1]
    if text[p.end:toks[i].start].strip() or _has_article(p):
        return False
    return accusative_nisba_pair(p.text, toks[i].text)


def _has_article(t: Token) -> bool:
    return "ال+" in t.segments


def _trim_tatweel(text: str, start: int, end: int) -> int:
    """``end`` moved before trailing tatweel (U+0640, a justification stroke, not part of a
    name: ``القاهرةــ`` -> ``القاهرة``); never past ``start``."""
    while end > start + 1 and text[end - 1] == "\u0640":
        end -= 1
    return end


class EntityRecognizer:
    """Find entities in a :class:`rasd.doc.Doc` with the knowledge base and patterns.

    Args:
        extra_kb: user knowledge-base TSV paths (see :func:`rasd.kb.load_kb`).

    Calling the recogniser sets ``doc.entities`` (and ``doc.tokens`` when empty, with
    :func:`rasd.text.tokenizer.tokenize`). :meth:`add_spans` merges spans from another
    recogniser (the CRF model) afterwards.
    """

    def __init__(self, extra_kb: Iterable[str] = ()):
        from rasd.text.lexicon import load_lexicon

        self.kb = load_kb(tuple(extra_kb))
        self.lex = load_lexicon()
        self.nat = nationalities()
        cues = person_cues()
        self.titles = cues.get("title", frozenset())
        self.title_first = frozenset(t.split(" ")[0] for t in self.titles)
        self.verbs = cues.get("verb", frozenset())
        self.stops = cues.get("stop", frozenset())
        self._ya_names_now: frozenset[str] = frozenset()  # set per document in __call__
        self.first = cues.get("first", frozenset())
        self.first_weak = cues.get("first_weak", frozenset())
        self.first_any = self.first | self.first_weak
        self.orgp = org_patterns()
        self._org_first = frozenset(
            [h[0] for h in self.orgp.heads] + list(self.orgp.ministry) + list(CONSTRUCT_HEADS)
            + list(PLACE_HEADS) + list(FEATURE_HEADS) + list(EPONYM_HEADS))
        #: occupation nouns (الشاعر، الفنان): a title only before a known given name or initials
        self.occupations = cues.get("occupation", frozenset())
        self._person_first = self.title_first | self.titles | self.verbs | self.occupations
        #: first word -> the word tuples of the titles of several words it starts
        self._titles_by_first: dict[str, list[tuple[str, ...]]] = {}
        for t in self.titles:
            if " " in t:
                self._titles_by_first.setdefault(t.split(" ")[0], []).append(tuple(t.split(" ")))

    # ------------------------------------------------------------------ public
    def __call__(self, doc: Doc) -> None:
        """Recognise entities in ``doc``; sets ``doc.entities`` (replacing any)."""
        if not doc.tokens and doc.text:
            from rasd.text.tokenizer import tokenize

            doc.tokens = tokenize(doc.text)
        text = doc.text
        # a hashtag's underscores join its words (#البنك_المركزي_المصري): the patterns read
        # the words as a phrase, and a name's span runs over the underscores
        toks = without_joiners(text, doc.tokens)
        # a text that writes the preposition على with alef maqsura keeps ي for the name علي,
        # so there the name is read inside a person's name even though its match key equals
        # the preposition's (normalisation ى -> ي)
        self._ya_names_now = _YA_NAMES if _ALA_RE.search(text) else frozenset()
        ck = [compact_of_key(t.key) for t in toks]
        kb_cands = self._kb_candidates(text, toks, ck)
        self._disambiguate(text, toks, kb_cands)
        covered: list[_Cand | None] = [None] * len(toks)
        for c in kb_cands:
            for k in range(c.i, c.j):
                covered[k] = c
        extra: list[_Cand] = []
        extra += self._org_candidates(text, toks, covered)
        extra += self._latin_candidates(text, toks, covered, ck)
        extra += self._person_candidates(text, toks, covered)
        chosen = list(kb_cands)
        for c in sorted(extra, key=lambda c: (-(c.end - c.start), c.start)):
            if c.absorb and self._free(covered, c.i, c.j, c.absorb):
                inner = {id(covered[k]) for k in range(c.i, c.j) if covered[k] is not None}
                chosen = [x for x in chosen if id(x) not in inner]
                for k in range(c.i, c.j):
                    covered[k] = c
                chosen.append(c)
            elif all(covered[k] is None for k in range(c.i, c.j)):
                for k in range(c.i, c.j):
                    covered[k] = c
                chosen.append(c)
        self._extend_family(text, toks, chosen, covered)
        doc.entities = self._assemble(text, toks, chosen, covered)
        link_document(doc, self.kb, self.nat)

    def _extend_family(self, text, toks, chosen: list[_Cand], covered) -> None:
        """A person's name goes on over a following «آل» + family name, written with madda
        (محمد بن زايد | آل نهيان، تميم بن حمد | آل ثاني): the knowledge base and the name
        patterns know the given names, the family name is the name's last part."""
        n = len(toks)
        for c in chosen:
            j = c.j
            if c.type != "PER" or j + 1 >= n or toks[j].text != "آل" \
                    or covered[j] is not None or covered[j + 1] is not None \
                    or not self._name_ok(toks[j + 1], True) or _has_article(toks[j + 1]) \
                    or self._wordy(toks[j + 1]):
                continue  # the verb آل "passed" (حافظ الأسد | آل حكم سوريا إلى ابنه): a common noun
            c.j, c.end = j + 2, toks[j + 1].end
            covered[j] = covered[j + 1] = c

    def add_spans(self, doc: Doc, spans: Iterable[tuple[int, int, str]],
                  source: str = "model") -> int:
        """Merge spans found by another recogniser into ``doc.entities``.

        Args:
            doc: a document already processed by this recogniser.
            spans: ``(start, end, type)`` character spans (half-open, proclitics excluded) with
                a type of :data:`rasd.doc.ENTITY_TYPES`.
            source: recorded in ``Entity.source`` of entities created here.
        Returns:
            number of spans added as mentions. Spans overlapping an existing mention are skipped
            (the KB and patterns win); a span whose text is a KB alias joins that KB entity; a
            span equal (by key) to an existing entity's mention, to a known person's surname or
            to the first word of exactly one known person's name joins it. Entity ids are renumbered by first mention afterwards, so call this before
            later stages refer to ids.
        """
        spans = list(spans)
        self._yield_to_longer_names(doc, spans)
        existing = SpanIndex([(m.start, m.end) for e in doc.entities for m in e.mentions])
        # spans added here never overlap each other, so among them the last one starting
        # before ``end`` decides; both look-ups are O(log n), long documents stay linear
        added_starts: list[int] = []
        added_ends: list[int] = []
        touched: set[int] = set()

        def overlaps(start: int, end: int) -> bool:
            if existing.overlapping(start, end):
                return True
            i = bisect.bisect_left(added_starts, end)
            return i > 0 and added_ends[i - 1] > start

        by_kb = {e.kb: e for e in doc.entities if e.kb}
        by_key: dict[tuple[str, str], Entity] = {}
        surnames: dict[str, Entity] = {}
        # a name's first word ("هيلاري" of "هيلاري كلينتون", "كيم" of "كيم جونغ أون") joins the
        # one person of the document whose multi-word name starts with it (or, among several,
        # the only one the knowledge base knows); otherwise (two "محمد") it links nowhere
        first_names: dict[str, list[Entity]] = {}
        for e in doc.entities:
            for m in e.mentions:
                by_key.setdefault((e.type, compact_key(m.text)), e)
            if e.type == "PER":
                for m in e.mentions:
                    parts = m.text.split()
                    if len(parts) >= 2:
                        surnames.setdefault(compact_key(parts[-1]), e)
                        cands = first_names.setdefault(compact_key(parts[0]), [])
                        if e not in cands:
                            cands.append(e)

        def first_name_target(k: str) -> Entity | None:
            cands = first_names.get(k, [])
            known = [e for e in cands if e.kb]
            return cands[0] if len(cands) == 1 else known[0] if len(known) == 1 else None

        added = 0
        for start, end, typ in spans:
            stripped = False
            if end - start > 3 and start > 0 and doc.text[start - 1] in "«“„\"'‹" \
                    and doc.text[start] in _PROCLITIC_LETTERS \
                    and self.kb.lookup_compact(compact_key(doc.text[start + 1:end])):
                start += 1  # a quoted «بحماس» kept its ب (tagger); the name is the known حماس
                stripped = True
            if start >= end or overlaps(start, end):
                continue
            surface = doc.text[start:end]
            ment = Mention(start, end, surface)
            ckey = compact_key(surface)
            all_hits = self.kb.lookup_compact(ckey)
            hits = [h for h in all_hits if not h.weak]
            if not hits:
                # an alias too ambiguous for the KB matcher alone (حماس "enthusiasm") is taken
                # when the tagger saw a name of the same type and only one entity fits
                loc = {"GPE", "LOC"}
                same = {h.entity.id: h for h in all_hits
                        if h.entity.type == typ or {h.entity.type, typ} <= loc}
                hits = list(same.values()) if len(same) == 1 else []
                if stripped and hits and hits[0].entity.id not in by_kb:
                    # one sense per discourse: «بحماس» is Hamas in an article that names
                    # Hamas elsewhere, "with enthusiasm" otherwise (12 of 12 in the corpus)
                    continue
            target: Entity | None = None
            if hits:
                kbe = hits[0].entity
                target = by_kb.get(kbe.id)
                if target is None:
                    target = Entity("", kbe.type, kbe.name_en, kbe.id, [], _kb_country(kbe),
                                    kbe.sector, source)
                    by_kb[kbe.id] = target
                    doc.entities.append(target)
            else:
                target = by_key.get((typ, ckey))
                if target is None and typ == "PER":
                    target = surnames.get(ckey) or first_name_target(ckey)
                if target is None:
                    target = Entity("", typ, surface, None, [], None, None, source)
                    doc.entities.append(target)
                    by_key[(typ, ckey)] = target
            target.mentions.append(ment)
            touched.add(id(target))
            k = bisect.bisect_left(added_starts, start)
            added_starts.insert(k, start)
            added_ends.insert(k, end)
            added += 1
        for e in doc.entities:
            if id(e) in touched:
                e.mentions.sort(key=lambda m: m.start)
        doc.entities.sort(key=lambda e: e.start)
        for n, e in enumerate(doc.entities, 1):
            e.id = f"E{n}"
        if added:
            link_document(doc, self.kb, self.nat)
        return added

    def _yield_to_longer_names(self, doc: Doc, spans: Sequence[tuple[int, int, str]]) -> int:
        """Drop the mentions a tagger's longer person span shows to be cut short.

        A model ``PER`` span (characters, half-open) that covers whole mentions and is longer
        than each of them replaces them when every one is either a person found by a pattern
        that starts where the span starts (a first name and one more word: «خالد شيخ» of
        «خالد شيخ محمد», «خوان بابلو» of «خوان بابلو مونتويا») or a one-word mention of a
        GeoNames city (``geonames:`` id: «باجيو», Baguio, of «روبرتو باجيو»; «تاكوما», Tacoma,
        of «تاكوما ساتو»).  Countries, capitals and the knowledge base's named people and
        organisations are never displaced.  An entity left without mentions is removed.  The
        other way round, a pattern person one word longer than a tagger PER span with the same
        start is cut to the span when that word is a definite common noun (its stem takes
        pronoun suffixes in the news lexicon: القرار -> قراره) or ends in an accusative «ا»
        (a common word, not a surname).  Returns the number of mentions dropped (a cut
        mention is not counted).
        """
        ments = sorted(((m.start, m.end, e, m) for e in doc.entities for m in e.mentions),
                       key=lambda x: x[0])
        if not ments:
            return 0
        starts = [x[0] for x in ments]
        longest = max(x[1] - x[0] for x in ments)
        drop: set[int] = set()
        text = doc.text
        for start, end, typ in spans:
            if typ != "PER":
                continue
            lo = bisect.bisect_left(starts, start - longest)
            hi = bisect.bisect_left(starts, end)
            inner = [x for x in ments[lo:hi] if x[1] > start]
            if len(inner) == 1 and inner[0][0] == start and inner[0][1] > end:
                # the tagger ends the name a word earlier than the pattern: a definite common
                # noun («الرئيس لحود | التدخل»، «شريف | القرار») or an accusative «-ا»
                # («مايكل | متقدما») is not a surname; a definite surname the tagger missed
                # (عائشة المانع، طلعت السادات) does not inflect and stays
                _, m_end, e, m = inner[0]
                tail = text[end:m_end]
                word = tail.strip()
                if e.source == "pattern" and e.type == "PER" and tail[:1].isspace() \
                        and word and not any(c.isspace() for c in word) \
                        and key(word) not in _COMPOUND_ENDS \
                        and (self._common_definite(word) or word.endswith(("ا", "اً"))):
                    if e.kb is None and m is e.mentions[0]:
                        from rasd.link.translit import romanize

                        e.name = romanize(text[start:end])  # as link_document names it
                    m.end, m.text = end, text[start:end]
                continue
            if not inner or any(x[0] < start or x[1] > end or x[1] - x[0] >= end - start
                                for x in inner):
                continue
            # a pattern's person only grows to the right: a tagger span that starts earlier
            # has taken a title in («الكولونيل جنرال الكسندر فومين», «طيار عبد الحكيم شلبي»)
            # (a name the pattern split in two, «لويس» + «لولا دا سيلفا», joins too)
            tail = text[max(x[1] for x in inner):end].split()
            if tail and key(tail[0]) not in _COMPOUND_ENDS and (
                    key(tail[0]) in self.titles or self._common_definite(tail[0])
                    or (key(tail[0]) in self.stops and not tail[0].endswith("\u064a"))):
                continue  # «المختار ولد أجاي | السفير»، «... أحمد | على»: the tagger ran on
                # into a title or a function word
            if all((e.source == "pattern" and e.type == "PER" and (m.start == start or k > 0))
                   or ((e.kb or "").startswith("geonames:") and not any(c.isspace() for c in m.text))
                   for k, (_, _, e, m) in enumerate(inner)):
                drop.update(id(x[3]) for x in inner)
        if not drop:
            return 0
        for e in doc.entities:
            e.mentions = [m for m in e.mentions if id(m) not in drop]
        doc.entities[:] = [e for e in doc.entities if e.mentions]
        return len(drop)

    # ------------------------------------------------------------------ KB
    def _kb_candidates(self, text: str, toks: Sequence[Token], ck: list[str]) -> list[_Cand]:
        out: list[_Cand] = []
        kb = self.kb
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            firsts = [ck[i]]
            if t.stem_start > t.start:
                sk = compact_of_key(_stem_text_key(text, t))
                if sk and sk not in firsts:
                    firsts.append(sk)
                if _has_article(t):
                    ak = "ال" + compact_of_key(t.stem_key)
                    if ak not in firsts:
                        firsts.append(ak)
            if t.is_latin and len(t.segments) > 1:  # الـF-16, وD-Fend: the Latin word itself
                lk = compact_of_key(key(t.segments[-1]))
                if lk and lk not in firsts:
                    firsts.append(lk)
            best: tuple[int, int, object] | None = None  # (end, variant, hit)
            for v, first in enumerate(firsts):
                if not first or not kb.is_prefix(first):
                    continue
                vstart = self._variant_start(t, v)
                for end, hits in kb.longest(first, ck, i + 1):
                    # a function word inside the span (طالب إن) never belongs to a one-word
                    # alias (طالبان): compact keys join tokens, the words stay apart; nor do
                    # a punctuation mark inside it or spelled letters («بي. جي.» is P. J.,
                    # not بيجي, Baiji)
                    split = (end - i > 1 and ck[i] in _LETTER_NAMES) or any(
                        toks[x].key in self.stops or not _has_alnum(toks[x].text)
                        for x in range(i + 1, end))
                    hit = self._valid_hit(text, vstart, toks[end - 1].end, hits, t, split)
                    if hit is not None:
                        if best is None or end > best[0]:
                            best = (end, v, hit)
                        break
            if best is None:
                i += 1
                continue
            end, v, hit = best
            start = self._variant_start(t, v)
            ent = hit.entity  # type: ignore[attr-defined]
            if ent.type == "GPE" and end - i == 1 and v == 0 and _accusative_nisba_after(
                    text, toks, i):
                i += 1  # «صحفيا بريطانيا»، «مستثمرا إيطاليا»: the adjective, not the country
                continue
            named_after = ent.type == "PER" or ent.type == "ORG" and ent.sector == "BUS"
            if named_after and i > 0 and v == 0 and (
                    (end - i == 1 or toks[i].key in _NASAB) and toks[i - 1].key in self.first_any
                    # «أحمد علي عبد الله صالح»: a given name before a person's full name is
                    # his son (Arabic names chain the father's), read by the person patterns
                    or ent.type == "PER" and end - i > 1 and toks[i - 1].key in self.first
                    and toks[i - 1].stem_start == toks[i - 1].start) \
                    and not toks[i - 1].text.endswith("ى") and \
                    toks[i - 1].key not in {key(a.split()[0]) for a in ent.aliases_ar if " " in a}:
                # "ميشيل أوباما" is not Barack Obama, "سالم بن لادن" not Osama bin Laden: another
                # given name before a surname alias (or a بن-alias) is another person, for the
                # person patterns; so is "نيكولا تسلا" before a company named after a person
                # (على written with ى is the preposition, not the name علي: "على تويتر")
                i += 1
                continue
            if ck[i] in ORG_HEADS and end - i >= 2 and kb.is_prefix(ck[i + 1]):
                # «شركة أرامكو | السعودية»: an alias with the head noun ends where the same
                # entity's longer alias without it («أرامكو السعودية») goes on
                for end2, hits2 in kb.longest(ck[i + 1], ck, i + 2):
                    if end2 > end and any(h.entity.id == ent.id for h in hits2):
                        end = end2
                    break
            out.append(_Cand(i, end, start, toks[end - 1].end, ent.type, ent.name_en, ent,
                             _kb_country(ent), ent.sector, "kb", hit.weak,  # type: ignore[attr-defined]
                             ("kb", ent.id)))
            i = end
        # weak aliases need a strong mention of the same entity, and no other body under their
        # head word since the last known one: «الاتحاد الأوروبي ... الاتحاد المغربي لكرة القدم
        # ... وأضاف الاتحاد» - the last «الاتحاد» is the Moroccan federation, not the EU
        strong = {c.kb.id for c in out if not c.weak and c.kb is not None}
        for c in out:
            if c.kb is not None and c.type == "ORG" and not c.weak:
                # «شركة أرامكو السعودية»: a country named inside an organisation's name is a
                # strong mention of it for the weak aliases («المملكة»)
                for x in range(c.i, c.j):
                    strong.update(h.entity.id for h in kb.lookup_compact(ck[x])
                                  if not h.weak and h.entity.id.startswith("iso3:"))
        kept: list[_Cand] = []
        last_head: dict[str, str | None] = {}  # head key -> last KB entity under it, None: another body
        for c in out:
            head = ck[c.i]
            if c.kb is not None and not c.weak:
                last_head[head] = c.kb.id  # a strong mention: its own head is its own again
            if c.weak:
                coordinated = c.kb is not None and c.kb.type == "ORG" and c.j - c.i == 1 \
                    and c.kb.sector in ("REB", "OPP") \
                    and toks[c.i].segments[:1] == ["و+"] and kept \
                    and kept[-1].j == c.i and kept[-1].kb is not None and not kept[-1].weak \
                    and kept[-1].type in ("GPE", "ORG") \
                    and not (c.j < len(toks) and _has_article(toks[c.j])
                             and toks[c.j].key not in self.nat)  # «وفتح الطريق»: a verb
                # «إسرائيل وحماس»، «حزب الله وحماس»: joined by و to a named state or body, the
                # ambiguous one-word alias of an armed group or party («حماس» is also
                # "enthusiasm") is the organisation (not «والهلال النفطي»، «والاتحاد ...»)
                if c.kb is None or (c.kb.id not in strong and not coordinated):
                    continue
                if c.j - c.i == 1:
                    if self._modified_head(toks, c.j, _kb_country(c.kb)):
                        last_head[head] = None  # another body under the same head word
                        continue
                    if head in last_head and last_head[head] is None:
                        continue  # after «الاتحاد المغربي», a bare «الاتحاد» is not the EU
                kept.append(c)
                continue
            kept.append(c)
        return _surname_to_named_person(_with_initials(kept, toks, kb), ck)

    def _modified_head(self, toks: Sequence[Token], j: int, country: str | None = None) -> bool:
        """True when token ``j`` makes the one-word head before it another body of its kind:
        a definite nationality adjective of a country other than ``country`` (the entity's ISO3;
        «الاتحاد *المغربي*» is not the EU, «الأهلي *المصري*» is still the Cairo club), one of the
        institutional adjectives :data:`_OTHER_BODY_ADJ` («المفوضية *السامية*», «الاتحاد
        *الجمركي*»), or «لـ/للـ + noun» («الاتحاد *لكرة* القدم»). Other adjectives describe the
        same body («حماس الإرهابية») or a noun before it («استراتيجية الحلف الثنائية»)."""
        if j >= len(toks):
            return False
        t = toks[j]
        k = t.key
        if _has_article(t):
            nat = self.nat.get(t.stem_key)
            if nat is not None:
                return nat.iso3 != country
            return k in _OTHER_BODY_ADJ
        return k.startswith(("لل", "لكره")) and len(k) > 4

    def _disambiguate(self, text: str, toks: Sequence[Token], cands: list[_Cand]) -> None:
        """Re-link KB candidates whose name has several referents (طرابلس، عمان، جورجيا، رينو
        ...) by the article's context (:mod:`rasd.link.disambig`); changes ``cands`` in place."""
        from rasd.link.disambig import Context, ambiguous_table, choose, choose_generic

        table = ambiguous_table()
        todo = []
        for c in cands:
            if c.kb is None:
                continue
            ckey = compact_key(text[c.start:c.end])
            if ckey in table:  # any type: رينو is Renault or Reno, Nevada
                todo.append((c, ckey, None))
                continue
            if c.type not in ("GPE", "LOC"):
                continue
            hits = self.kb.lookup_compact(ckey)
            if len(hits) > 1:
                alts = [h.entity for h in hits if h.entity.type in ("GPE", "LOC")]
                if len({e.id for e in alts}) > 1 and c.kb in alts:
                    todo.append((c, ckey, alts))
        if not todo:
            return
        amb = {id(c) for c, _, _ in todo}
        countries = {c.kb.iso3 for c in cands
                     if c.kb is not None and c.kb.iso3 and not c.weak and id(c) not in amb}
        for t in toks:
            nat = self.nat.get(t.stem_key) if _has_article(t) else None
            if nat is not None:
                countries.add(nat.iso3)
        ctx = Context(text, toks, countries)
        for c, ckey, alts in todo:
            if alts is None:
                eid = choose(text[c.start:c.end], ckey, c.i, c.j, ctx)
                ent = self.kb.get(eid) if eid else None
            else:
                ent = choose_generic(alts, ctx)
            if ent is None or ent is c.kb:
                continue
            c.kb, c.name, c.type = ent, ent.name_en, ent.type
            c.country, c.sector, c.group = _kb_country(ent), ent.sector, ("kb", ent.id)

    @staticmethod
    def _variant_start(t: Token, variant: int) -> int:
        """Start offset of a mention whose first token was read as variant ``variant``
        (0: whole token; else without proclitics; a Latin word without its glued clitics)."""
        if variant == 0:
            return t.start
        if t.is_latin:
            return t.end - len(t.segments[-1])
        return t.stem_start

    def _valid_hit(self, text: str, start: int, end: int, hits, first: Token,
                   split: bool = False):
        """First hit whose constraints hold for ``text[start:end]``: case for Latin acronyms;
        for aliases such as ``إلبيت``/``آل خليفة`` whose key begins with ``ال`` only by alef
        folding, a surface written with the article whose remainder is a common word
        (``البيت``، ``الخليفة``) is that word, not the alias (``المانيا`` still is Germany);
        with ``split`` (a function word after the first token), only an alias written as
        several words."""
        for h in hits:
            if split and not _SEPARATORS.intersection(h.alias.strip()):
                continue
            if h.case_key is not None:
                if text[start:end].translate(_NOSPACE) != h.case_key:
                    continue
            if h.no_article and text.startswith("ال", start) and \
                    self.lex.get(light(first.segments[-1]), 0) >= 20:
                continue
            return h
        return None

    # ------------------------------------------------------------------ organisations
    def _nat_at(self, toks: Sequence[Token], k: int, gender: str | None = None
                ) -> tuple[int, object] | None:
        """Nationality adjective starting at token ``k`` (with the article): (end, nat).

        ``gender`` ("m"/"f") requires agreement with the head noun (الخارجية الأمريكية, not
        the title وزير الخارجية الأمريكي)."""
        if k >= len(toks) or not _has_article(toks[k]) or toks[k].stem_start > toks[k].start:
            return None
        sk = toks[k].stem_key
        found = None
        if k + 1 < len(toks) and _has_article(toks[k + 1]):
            two = sk + " " + toks[k + 1].stem_key
            if two in self.nat:
                found = (k + 2, self.nat[two])
        if found is None and sk in self.nat:
            found = (k + 1, self.nat[sk])
        if found is None or (gender and found[1].gender != gender):
            return None
        return found

    def _free(self, covered, i: int, j: int, types: tuple[str, ...] = ("GPE", "LOC")) -> bool:
        """True when tokens ``[i, j)`` are free or only hold whole candidates of ``types`` (an
        adjective such as السعودية that the KB read as the country, عدن in خليج عدن)."""
        return all(covered[x] is None or (covered[x].type in types
                                          and covered[x].i >= i and covered[x].j <= j)
                   for x in range(i, j))

    def _org_candidates(self, text, toks, covered) -> list[_Cand]:
        out: list[_Cand] = []
        n = len(toks)
        p = self.orgp
        for i, t in enumerate(toks):
            if covered[i] is not None or t.is_latin:
                continue
            k0 = t.key if t.stem_start == t.start else _stem_text_key(text, t)
            if k0 not in self._org_first:
                continue
            if k0 in p.ministry:
                tmpl, sector = p.ministry[k0]
                j = i + 1
                field_toks: list[str] = []
                while j < n and len(field_toks) < 5 and _has_article(toks[j]) \
                        and covered[j] is None and self._nat_at(toks, j, "f") is None:
                    if toks[j].stem_start > toks[j].start and toks[j].segments[0] != "و+":
                        break  # ب+ال / ل+ال: a complement, not part of the name
                    if field_toks and _definite_masdar(toks[j]):
                        break  # أعلنت وزارة الصحة | التطعيم: the verb's object
                    if toks[j].key in _WEEKDAYS or toks[j].key in _DAY_WORDS:
                        break  # أعلنت وزارة الصحة | الخميس / اليوم: a date, not the body's field
                    field_toks.append(toks[j].key)
                    j += 1
                if not field_toks:
                    continue
                nat_end = self._nat_at(toks, j, "f")
                if nat_end and not self._free(covered, j, nat_end[0]):
                    nat_end = None
                fkey = tuple(field_toks)
                field_en = p.fields.get(fkey)
                base = k0 + " " + " ".join(field_toks)
                if nat_end:
                    j2, nat = nat_end
                    name = (tmpl.format(adj=nat.adj_en, field=field_en) if field_en
                            else text[t.stem_start:toks[j2 - 1].end])
                    out.append(_Cand(i, j2, t.stem_start, toks[j2 - 1].end, "ORG", name,
                                     None, nat.iso3, sector, "pattern", False,
                                     ("org", base, nat.iso3), base, ("GPE", "LOC")))
                else:
                    name = (f"Ministry of {field_en}" if field_en
                            else text[t.stem_start:toks[j - 1].end])
                    out.append(_Cand(i, j, t.stem_start, toks[j - 1].end, "ORG", name, None,
                                     None, sector, "pattern", False, ("org", base, None), base))
                continue
            if k0 in FEATURE_HEADS and i + 1 < n and not _has_article(t):
                c = self._feature(text, toks, covered, i)
                if c is not None:
                    out.append(c)
                    continue
            if k0 in PLACE_HEADS and i + 1 < n and covered[i + 1] is None:
                c = self._place(text, toks, i)
                if c is not None:
                    out.append(c)
                continue
            if k0 in EPONYM_HEADS and not _has_article(t) and i + 1 < n:
                c = self._eponym(text, toks, covered, i, k0)
                if c is not None:
                    out.append(c)
                    continue
            if k0 in _PLACE_ORG_HEADS and not _has_article(t) and i + 2 < n:
                c = self._place_org(text, toks, covered, i, k0)
                if c is not None:
                    out.append(c)
                    continue
            if k0 in CONSTRUCT_HEADS and not _has_article(t):
                c = self._construct_org(text, toks, covered, i, k0)
                if c is not None:
                    out.append(c)
                    continue
            # state bodies: head (1-2 tokens) + nationality adjective
            for hl in (2, 1):
                if i + hl > n:
                    continue
                head = (k0,) + tuple(toks[x].key for x in range(i + 1, i + hl))
                if head not in p.heads:
                    continue
                gender, tmpl, sector = p.heads[head]
                nat_end = self._nat_at(toks, i + hl, gender)
                if nat_end is None or not self._free(covered, i + hl, nat_end[0]):
                    continue
                j2, nat = nat_end
                name = tmpl.format(adj=nat.adj_en, country=nat.country_en)
                out.append(_Cand(i, j2, t.stem_start, toks[j2 - 1].end, "ORG", name, None,
                                 nat.iso3, sector, "pattern", False, ("org", name), "",
                                 ("GPE", "LOC")))
                break
        return out

    def _feature(self, text, toks, covered, i) -> _Cand | None:
        """Geographic feature + name -> one LOC (جبال الأطلس، خليج عدن، نهر الأردن): the name is
        a KB place (swallowed) or one proper-name word (not a common noun: في بحر الأسبوع)."""
        t, j = toks[i], i + 1
        c = covered[j]
        if c is not None:
            if c.i != j or c.type not in ("GPE", "LOC"):
                return None
            if c.kb is not None and c.kb.iso3 and t.key not in FEATURE_COUNTRY_HEADS:
                return None
            end = c.j
            if c.type == "LOC" and c.kb is not None:  # مرتفعات الجولان: still the Golan
                return _Cand(i, end, t.stem_start, toks[end - 1].end, "LOC", c.kb.name_en,
                             c.kb, _kb_country(c.kb), c.kb.sector, "kb", False, ("kb", c.kb.id), "",
                             ("LOC",))
        else:
            w = toks[j]
            if w.stem_start > w.start or w.is_latin or not w.key.isalpha() or len(w.stem_key) < 2:
                return None
            if w.stem_key in self.nat or w.key in self.nat or w.key in self.stops:
                return None
            if _has_article(w):
                stem = light(w.segments[-1])
                if self.lex.get(stem, 0) >= 100 or self._inflects_stem(w):
                    return None
            elif self._wordy(w) or self._verb_like(w):
                return None
            end = j + 1
        surface = text[t.stem_start:toks[end - 1].end]
        return _Cand(i, end, t.stem_start, toks[end - 1].end, "LOC", surface, None, None, None,
                     "pattern", False, ("loc", compact_key(surface)), "", ("GPE", "LOC"))

    def _place(self, text, toks, i) -> _Cand | None:
        """``قرية/بلدة/محافظة ...`` + one name word -> GPE (قرية النصر، قضاء مخمور). The word
        must not be a nationality adjective or a common adjective/noun (مدينة كبيرة). After
        the ambiguous heads ولاية/قضاء/ناحية (also "mandate", "spending", "aspect") the name
        has no article (ولاية الفقيه، قضاء العطلات are not places) and may take a second
        word (ولاية نورث كارولاينا)."""
        t, w = toks[i], toks[i + 1]
        if t.key in AMBIGUOUS_PLACE_HEADS and _has_article(w):
            return None
        if w.stem_start > w.start or w.is_latin or not w.key.isalpha() or len(w.stem_key) < 2:
            return None
        if w.stem_key in self.nat or w.key in self.nat or w.key in self.stops:
            return None
        if w.key in _KUNYA and i + 2 < len(toks) and toks[i + 2].key.isalpha() \
                and toks[i + 2].stem_start == toks[i + 2].start:
            # «قرية أبو الحصم»، «بلدة أبو ديس»: أبو and the next word are the place's name
            last = toks[i + 2]
            surface = text[t.stem_start:last.end]
            return _Cand(i, i + 3, t.stem_start, last.end, "GPE", surface, None, None, None,
                         "pattern", False, ("place", compact_key(surface)))
        if not _has_article(w) and self._wordy(w):
            return None
        if _has_article(w) and self.lex.get(light(text[w.end - len(w.segments[-1]):w.end]),
                                              0) >= 50 and self._inflects_stem(w):
            return None
        end = i + 2
        if not _has_article(w) and end < len(toks):
            w2 = toks[end]
            if (not _has_article(w2) and w2.stem_start == w2.start and w2.key.isalpha()
                    and len(w2.key) >= 2 and w2.key not in self.stops
                    and w2.key not in self.nat and not self._wordy(w2)
                    and not self._verb_like(w2) and w2.key not in self.verbs):
                end += 1
        last = toks[end - 1]
        surface = text[t.stem_start:last.end]
        return _Cand(i, end, t.stem_start, last.end, "GPE", surface, None, None, None,
                     "pattern", False, ("place", compact_key(surface)))

    def _with_pronouns(self, stem: str) -> int:
        """News-lexicon count of a (light) stem with the pronoun suffixes ه، ها، هم; a final
        ة is written ت before them (حملة -> حملته)."""
        if stem.endswith("ة"):
            stem = stem[:-1] + "ت"
        return sum(self.lex.get(stem + suf, 0) for suf in ("ه", "ها", "هم"))

    def _inflects_stem(self, t: Token) -> bool:
        return self._with_pronouns(light(t.segments[-1])) >= 5

    def _eponym(self, text, toks, covered, i, k0) -> _Cand | None:
        """An institution, facility or prize named after a person: head + (honorific) +
        the person's name + complements, one entity (مركز الملك سلمان للإغاثة، مؤسسة حمد بن
        خليفة، مستشفى الملك فهد الجامعي، مطار الملك خالد الدولي، جائزة الشيخ زايد للكتاب).

        The honorific (:data:`EPONYM_TITLES`: الملك، الأمير، الشيخ ...) may be left out only
        after heads that cannot mean "position/share of" (:data:`EPONYM_BARE_HEADS`: مؤسسة،
        جامعة ...) and then the name needs two parts and a known given name first, so
        مركز أحمد حسن (Ahmed Hassan's position) is not an organisation.  A person the knowledge
        base or the patterns found inside is swallowed.  Complements: a ل+ال word and its
        و+ال continuations (للعلوم والتقنية), or up to two ال adjectives (الجامعي، الدولي)."""
        n = len(toks)
        t = toks[i]
        s = i + 1
        first = covered[s]
        if first is not None and first.type == "PER" and first.i == s:
            # a known person right after the head, perhaps with the title in the KB alias
            # (السلطان قابوس)
            titled = toks[s].key in EPONYM_TITLES
            if not titled and k0 not in EPONYM_BARE_HEADS:
                return None
            e = first.j
        else:
            titled = toks[s].stem_start == toks[s].start and toks[s].key in EPONYM_TITLES
            if titled:
                s += 1
            if s >= n:
                return None
            c = covered[s]
            if c is not None:
                if c.type != "PER" or c.i != s:
                    return None
                e = c.j
            else:
                if not titled and (k0 not in EPONYM_BARE_HEADS or toks[s].key not in self.first_any):
                    return None
                if toks[s].stem_start > toks[s].start:
                    return None
                e = self._read_name(toks, s, covered)
                if e <= s or (not titled and e - s < 2):
                    return None
        # complements: ل+ال (+ و+ال ...) or up to two ال adjectives
        if e < n and covered[e] is None and toks[e].segments[:1] == ["ل+"] and _has_article(toks[e]):
            e += 1
            while e < n and e - s < 10 and covered[e] is None and toks[e].segments[:1] == ["و+"] \
                    and _has_article(toks[e]):
                e += 1
        else:
            adj = 0
            while e < n and adj < 2 and covered[e] is None and toks[e].key in EPONYM_ADJECTIVES \
                    and toks[e].stem_start == toks[e].start:
                e += 1
                adj += 1
        if not self._free(covered, i, e, ("PER", "GPE", "LOC")):
            return None
        end = toks[e - 1].end
        if "\n" in text[t.stem_start:end]:
            return None
        surface = text[t.stem_start:end]
        typ = EPONYM_HEADS[k0]
        return _Cand(i, e, t.stem_start, end, typ, surface, None, None, None, "pattern", False,
                     ("eponym", compact_key(surface)), "", ("PER", "GPE", "LOC"))

    def _place_org(self, text, toks, covered, i, k0) -> _Cand | None:
        """An organisation head + a place name, directly (هيئة قناة السويس، جامعة ولاية أوهايو;
        a one-word place only after :data:`_DIRECT_PLACE_ORG_HEADS`: جامعة القاهرة، بنك مصر)
        or after one indefinite noun (شركة طيران الإمارات، وكالة أنباء الإمارات): one ORG that
        swallows the place."""
        n = len(toks)
        j = i + 1
        c = covered[j]
        if c is None:
            w = toks[j]
            if w.stem_start > w.start or _has_article(w) or w.is_latin or not w.key.isalpha() \
                    or len(w.key) < 3 or self._verb_like(w) or w.key in self.stops:
                return None
            j += 1
            c = covered[j] if j < n else None
            if c is None or c.i != j or c.type not in ("GPE", "LOC"):
                return None
        elif c.i != j or c.type not in ("GPE", "LOC") or (
                c.j - c.i < 2 and k0 not in _DIRECT_PLACE_ORG_HEADS):
            return None
        end_tok = c.j
        start, end = toks[i].stem_start, toks[end_tok - 1].end
        if "\n" in text[start:end]:
            return None
        surface = text[start:end]
        country = c.kb.iso3 if c.kb is not None and getattr(c.kb, "iso3", None) else c.country
        return _Cand(i, end_tok, start, end, "ORG", surface, None, country,
                     "BUS" if k0 in _BUSINESS_HEADS else None, "pattern", False,
                     ("porg", compact_key(surface)), "", ("GPE", "LOC"))

    def _construct_org(self, text, toks, covered, i, k0) -> _Cand | None:
        """``head`` (indefinite, construct state) + definite words (+ nationality adjective):
        هيئة الإذاعة البريطانية، حزب العدالة والتنمية. At least two definite words, or one and
        an adjective, so that generic phrases (مجلس الإدارة) are not names."""
        n = len(toks)
        t = toks[i]
        j = i + 1
        if j < n and toks[j].key in _GENERIC_CONSTRUCTS.get(k0, ()):
            return None  # حركة الأشخاص والسلع: the movement of people, not a movement
        defs = 0
        nat = None
        while j < n and defs < 5 and covered[j] is None and _has_article(toks[j]):
            if toks[j].stem_start > toks[j].start and toks[j].segments[0] not in ("و+", "ل+"):
                break
            if toks[j].key in self.title_first or toks[j].stem_key in self.title_first:
                break  # إدارة الرئيس الأمريكي is not an organisation name
            ne = self._nat_at(toks, j)
            if ne is not None:
                if defs:
                    nat = ne
                    j = ne[0]
                break
            if defs == 0 and toks[j].stem_start > toks[j].start:
                break  # شركة للعتاد: a preposition right after the head is no name
            if defs >= 2 and toks[j].key in _NEW_PHRASE_NOUNS:
                break  # اتهم حزب الشعب الجمهوري | الحكومة: the verb's object
            if toks[j].key in _WEEKDAYS or (defs >= 1 and toks[j].key in _DAY_WORDS):
                # وافق مجلس النواب | الخميس / | الأسبوع المقبل: a date, not part of the name
                # (a day word right after the head may be the name: «صحيفة اليوم»)
                break
            if defs >= 1 and _definite_masdar(toks[j]):
                # أعلنت نقابة الصيادلة | الإضراب: a verbal noun after the name's definite word
                # is the verb's object; a head that needs two definite words is then left
                # without a name (وطالبت هيئة الدفاع | الإفراج: no span rather than a wrong one;
                # the trained taggers may still find مجلس النواب)
                break
            defs += 1
            j += 1
        if defs < 1 or (defs < 2 and nat is None and k0 not in _ONE_WORD_NAME_HEADS
                        and toks[i + 1].key not in _ONE_WORD_NAMES.get(k0, ())):
            return None
        end = toks[j - 1].end
        surface = text[t.stem_start:end]
        country = nat[1].iso3 if nat else None
        return _Cand(i, j, t.stem_start, end, "ORG", surface, None, country, None, "pattern",
                     False, ("corg", compact_key(surface)))

    # ------------------------------------------------------------------ Latin names
    def _latin_candidates(self, text, toks, covered, ck) -> list[_Cand]:
        """Latin-script organisation names inside Arabic text.

        * Quoted (``«...»``, ``"..."``, ``“...”``): the whole quoted Latin content is one name
          (``«Kestrel Robotics Inc.»``), an ORG after an organisation head, with a business
          word (:data:`CORP_SUFFIXES`) or of two words or more; KB places inside it
          (``Egypt`` in ``Egypt Air Cargo``) are swallowed.
        * Unquoted: a run of Latin tokens is an ORG after an organisation head (شركة Sentrycs)
          or when it ends with a corporate suffix (Delta Grid SA).
        """
        out: list[_Cand] = []
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            closers = _QUOTE_PAIRS.get(t.text)
            if closers and i + 1 < n and toks[i + 1].is_latin:
                j = i + 1
                while j < n and j - i <= 12 and toks[j].text not in closers and (
                        toks[j].is_latin or toks[j].text in _LATIN_INNER
                        or toks[j].text.isdigit()):
                    j += 1
                if j < n and toks[j].text in closers:
                    c = self._latin_org(text, toks, covered, i + 1, j, quoted=True)
                    if c is not None:
                        out.append(c)
                    i = j + 1
                    continue
            if closers and i + 1 < n and not toks[i + 1].is_latin:
                c = self._quoted_arabic_org(text, toks, covered, i, closers) \
                    or self._quoted_given_name(text, toks, covered, i, closers)
                if c is not None:
                    out.append(c)
                    i = c.j + 1
                    continue
            if not t.is_latin or covered[i] is not None:
                i += 1
                continue
            j = i + 1
            while j < n and covered[j] is None and (
                    toks[j].is_latin or toks[j].text == "&"
                    or (toks[j].text.isdigit() and toks[j - 1].is_latin)):
                j += 1
            c = self._latin_org(text, toks, covered, i, j, quoted=False)
            if c is not None:
                out.append(c)
            i = j
        return out

    def _quoted_arabic_org(self, text, toks, covered, q: int, closers: str) -> _Cand | None:
        """An Arabic-script name in quotes right after an organisation head (شركة «فالكون»،
        وكالة «سبوتنيك»، لشركة «بلو أوشن»): one to five words up to the closing quote, one ORG.
        The span starts at the first word itself: a proclitic never sits inside the quotes,
        so «فالكون» keeps its ف (the segmenter would read ف+الكون)."""
        j = _quoted_run(toks, q, closers, 5, digits=False)
        if j is None:
            return None
        start, end = toks[q + 1].start, toks[j - 1].end
        if "\n" in text[start:end] or not self._free(covered, q + 1, j, ("GPE", "LOC", "MISC")):
            return None
        prev = q - 1
        while prev >= 0 and not toks[prev].stem_key:
            prev -= 1  # a bare proclitic (لـ «...»)
        if prev < 0 or not (toks[prev].stem_key in ORG_HEADS or toks[prev].key in ORG_HEADS):
            return None
        surface = text[start:end]
        # a knowledge-base organisation named here (even by an alias too ambiguous to match in
        # running text, such as حماس) is that organisation
        orgs = {h.entity.id: h.entity for h in self.kb.lookup_compact(compact_key(surface))
                if h.entity.type == "ORG"}
        if len(orgs) == 1:
            ent = next(iter(orgs.values()))
            return _Cand(q + 1, j, start, end, "ORG", ent.name_en, ent, _kb_country(ent),
                         ent.sector, "kb", False, ("kb", ent.id), "", ("GPE", "LOC", "MISC"))
        business = toks[prev].stem_key in _BUSINESS_HEADS or toks[prev].key in _BUSINESS_HEADS
        return _Cand(q + 1, j, start, end, "ORG", surface, None, None,
                     "BUS" if business else None, "pattern", False,
                     ("qorg", compact_key(surface)), "", ("GPE", "LOC", "MISC"))

    def _quoted_given_name(self, text, toks, covered, q: int, closers: str) -> _Cand | None:
        """A quoted name given by a naming phrase: مناورات تحت اسم «درع الخليج 1»، عملية أطلق
        عليها اسم «عاصفة الحزم»، المسماة «...»: one to six words (digits allowed) up to the
        closing quote, one MISC (exercises, operations, programmes, treaties are named this
        way), or one ORG when an organisation head comes just before the phrase (حزبا جديدا
        يحمل اسم «...»).  Not after a spokesman's باسم (المتحدث باسم «...» is the body he
        speaks for)."""
        j = _quoted_run(toks, q, closers, 6, digits=True)
        if j is None or not toks[q + 1].text.isalpha():
            return None
        start, end = toks[q + 1].start, toks[j - 1].end
        if "\n" in text[start:end] or not self._free(covered, q + 1, j, ("GPE", "LOC")):
            return None
        prev = q - 1
        while prev >= 0 and not toks[prev].stem_key:
            prev -= 1
        if prev < 0:
            return None
        t = toks[prev]
        k = t.stem_key
        before = toks[prev - 1].stem_key if prev > 0 else ""
        if k in _NAMING_WORDS:
            pass
        elif k == _ISM:
            if t.stem_start > t.start:  # باسم
                if before in _SPOKESMEN:
                    return None
            elif before not in _NAMING_BEFORE_ISM:
                return None
        elif not (k in _MUSAMMA and before == _TAHT):
            return None
        surface = text[start:end]
        # what is being named: an organisation head just before the phrase (حزبا جديدا يحمل
        # اسم «...»، شركة تحمل اسم «...») makes it an ORG; otherwise an operation, exercise,
        # programme: MISC
        typ = "MISC"
        x = prev - 1
        if x >= 0 and toks[x].key in _NAMING_BEFORE_ISM:
            x -= 1  # the verb of "يحمل اسم"
        # the named noun, or one adjective after it (حزبا جديدا): nothing else in between, so
        # that "حساب بموقع تويتر يحمل اسم" names the account, not the site
        for _ in range(2):
            if x < 0:
                break
            hk = toks[x].stem_key or toks[x].key
            if hk in CONSTRUCT_HEADS or hk in ORG_HEADS or hk.removesuffix("ا") in CONSTRUCT_HEADS:
                typ = "ORG"
                break
            ak = toks[x].key
            if not (toks[x].stem_start == toks[x].start and not _has_article(toks[x]) and (
                    ak.endswith(("ا", "ه", "ة", "ي")) or ak in _COMMON_ADJECTIVES)):
                break  # (a nisba adjective ends with ي: حزب سياسي)
            x -= 1
        return _Cand(q + 1, j, start, end, typ, surface, None, None, None, "pattern", False,
                     ("qname", compact_key(surface)), "", ("GPE", "LOC"))

    def _latin_org(self, text, toks, covered, i, j, quoted: bool) -> _Cand | None:
        latin = [toks[x] for x in range(i, j) if toks[x].is_latin]
        if not latin:
            return None
        start = toks[i].end - len(toks[i].segments[-1])
        first = text[start:toks[i].end]
        if not (first[:1].isupper() or first[:1].isdigit()):
            return None
        end = toks[j - 1].end
        if "\n" in text[start:end]:
            return None
        if quoted:
            c = covered[i]
            if c is not None and c.i == i and c.j == j and c.type in ("ORG", "PER"):
                return None  # the KB already names exactly this («Africa Intelligence»)
            # a known name inside the quotes is part of the quoted full name («Egypt Air
            # Cargo» holds the KB's EgyptAir): the quotes delimit the name
            if not self._free(covered, i, j, ("GPE", "LOC", "MISC", "ORG")):
                return None
        prev = i - 1
        while prev >= 0 and (toks[prev].text in _QUOTES or not toks[prev].stem_key):
            prev -= 1  # skip quotes and a bare proclitic (لـ «...»)
        head = prev >= 0 and (toks[prev].stem_key in ORG_HEADS or toks[prev].key in ORG_HEADS
                              or key(text[toks[prev].stem_start:toks[prev].end]) in ORG_HEADS)
        words = [w.text.lower() for w in latin]
        suffix = len(words) >= 2 and (words[-1].rstrip(".") in CORP_SUFFIXES or (
            quoted and any(w.rstrip(".") in CORP_SUFFIXES for w in words)))
        if not (head or suffix or (quoted and len(words) >= 2)):
            return None
        surface = text[start:end]
        return _Cand(i, j, start, end, "ORG", surface, None, None, "BUS", "pattern", False,
                     ("latin", compact_key(surface)), "",
                     ("GPE", "LOC", "MISC", "ORG") if quoted else ())

    # ------------------------------------------------------------------ people
    def _wordy(self, t: Token) -> bool:
        """True when the word is common with the article in the news lexicon (a noun or an
        adjective such as مساعد/المساعد), so it does not continue a name."""
        k = t.key
        if k in self.first or k in self.first_weak:
            return False
        w = light(t.text)
        if _has_article(t):
            return False
        # an accusative noun keeps its tanween alef in writing (منحا، عقدا): look it up without
        return self.lex.get("ال" + w, 0) >= 5 or self._inflects(t) \
            or (len(w) >= 4 and w.endswith("ا") and self.lex.get("ال" + w[:-1], 0) >= 20) \
            or (len(k) >= 5 and k.endswith(_PRONOUN_SUFFIXES)) \
            or (len(w) >= 5 and w.endswith("ته")) \
            or (len(w) >= 5 and w.endswith("ه") and self.lex.get(w[:-1], 0) >= 50)
        # استقالته، حملته، حديثه، كلامه: a noun + "his" (a frequent noun without the suffix)

    def _kunya_at(self, toks: Sequence[Token], i: int, covered) -> bool:
        """True when token ``i`` is a kunya (أبو/أبي/أبا, perhaps after a proclitic, not
        «آبي», Abiy) before a name part: a given name, علي, a connector, or a rare word (under
        20 in the news lexicon: أبو بصير، أبو الحصم), not a common one (أبي | الأسبوع الماضي)."""
        t = toks[i]
        if t.stem_key not in _KUNYA or covered[i] is not None or i + 1 >= len(toks) \
                or covered[i + 1] is not None:
            return False
        if i > 0 and (toks[i - 1].key in _KUNYA_PLACE_BEFORE
                      or toks[i - 1].stem_key in _KUNYA_PLACE_HEADS):
            return False  # «في أبو ديس»، «مدينة أبو حمد»، «تمثال أبو الهول»: a place
        if t.text[t.stem_start - t.start:].startswith("آ"):
            return False
        w = toks[i + 1]
        if w.stem_start > w.start or w.is_latin:
            return False
        k = w.key
        return k in self.first or k in self.first_weak or k in _YA_NAMES or k in CONNECTORS \
            or self.lex.get(light(w.text), 0) < 20

    def _common_definite(self, word: str, min_count: int = 5) -> bool:
        """True for a definite word whose stem the news lexicon has with pronoun suffixes at
        least ``min_count`` times (القرار: قراره، قرارها, 141): a common noun, not a family
        name (العبادي، السادات: 0).  A stem that is a given name makes a family name
        (الأمين: أمين; أمينه 6 times) and is never common here."""
        w = light(word)
        return w.startswith("ال") and len(w) >= 4 and self._with_pronouns(w[2:]) >= min_count \
            and key(w[2:]) not in self.first_any

    def _inflects(self, t: Token) -> bool:
        """True when the news lexicon has the word with a pronoun suffix (وقفها، كتبه):
        common words inflect, names do not."""
        w = light(t.text)
        lex = self.lex
        return sum(lex.get(w + suf, 0) for suf in ("ه", "ها", "هم", "هما")) >= 5

    def _verb_like(self, t: Token) -> bool:
        """True for a frequent word with an imperfect-verb prefix (يشكل، تجاوز، نقل)."""
        k = t.key
        return (k[:1] in "يتنس" or k in self.verbs) and self.lex.get(light(t.text), 0) >= 20 \
            and k not in self.first_any

    def _nasab_at(self, toks: Sequence[Token], covered, j: int) -> bool:
        """True when token ``j`` is a free nasab word (بن، بنت، ولد) and a free name part
        follows it."""
        return j + 1 < len(toks) and toks[j].key in _NASAB_CHAIN and covered[j] is None \
            and covered[j + 1] is None and self._name_ok(toks[j + 1], True)

    def _title_at(self, toks: Sequence[Token], j: int) -> bool:
        """True when a title of :attr:`titles` (one or more words) is written at token ``j``."""
        k = toks[j].key
        if k in self.titles:
            return True
        for title in self._titles_by_first.get(k, ()):
            if j + len(title) <= len(toks) and all(
                    toks[j + x].key == w for x, w in enumerate(title)):
                return True
        return False

    def _name_ok(self, t: Token, inner: bool = False, title_ok: bool = False) -> bool:
        """Can ``t`` be part of a person name? ``inner``: not the first token of the name,
        where a rare word that the segmenter split after ب/ف/ك/ل (بوعلام) is accepted whole;
        ``title_ok``: the first word of a longer title is not that title here (محمد الأمين,
        not «الأمين العام»)."""
        if t.is_latin or len(t.key) < 2:
            return False
        if t.stem_start > t.start:
            if not inner or t.segments[0] == "و+" or self.lex.get(light(t.text), 0) >= 3:
                return False
            if _has_article(t) and self.lex.get("ال" + light(t.segments[-1]), 0) >= 50:
                # سليم محمد | بالسباق: a preposition before a common definite noun (50+ in
                # the news lexicon; the surname بالحاج, 28, stays)
                return False
        k = t.key
        if k in self.stops and not (inner and k in self._ya_names_now
                                    and t.text.endswith("\u064a")):
            return False
        if not k[0].isalpha() or k in self.verbs or (k in self.title_first and not title_ok):
            return False
        if _has_article(t) and t.stem_key in self.nat:
            return False
        if k in self.nat:
            return False
        if t.stem_start == t.start and _future_verb(t.text):
            return False  # "الأمير فيصل بن فرحان | سيزور واشنطن": a verb ends the name
        if any(ch in _TANWEEN for ch in t.text):
            return False  # "قال الرئيس | مرارًا": a written tanween marks an indefinite word
        if not inner and (k in _SOURCE_NOUNS or k in _DATE_CUES or k in _month_names()):
            # "وزير الخارجية الأردني | نظيره"، "الرئيس السوري ... | مطلع نيسان": a relational
            # noun, a date word or a month never opens a name
            return False
        return all(c.isalpha() for c in k)

    def _read_name(self, toks, i, covered) -> int:
        """Return the end token index of a name starting at ``i`` (``i`` when none).

        A name is made of *units*: a word, or a connector and its word (عبد الرحمن، بن أحمد).
        After two units a third is read only when the previous unit is a given name or a
        connector unit (عادل بن أحمد الجبير); a word with the article ends the name
        (حيدر العبادي); a common noun/adjective (:meth:`_wordy`) ends it too."""
        n = len(toks)
        j = i
        units = 0
        last_extends = True
        while j < n and j - i < 7:
            t = toks[j]
            nxt = toks[j + 1].key if j + 1 < n else ""
            ya_name = t.key in _YA_NAMES and t.text.endswith("\u064a") and covered[j] is None and (
                # inside a name, before a clause boundary (محمد علي إن ...)
                (j > i and (not nxt or nxt in _BOUNDARY_AFTER_NAME or not nxt[:1].isalpha()))
                # first, before a name part, in a text that writes the preposition على with ى
                # (علي عبد الله صالح، علي حسن)
                or (j == i and t.key in self._ya_names_now
                    and (nxt in CONNECTORS or nxt in self.first))
                # first, before بن "son of" and a given name or connector (علي بن أبي طالب،
                # علي بن حمد): بن only stands between two names; before a surname of its own
                # (بن غفير، بن فليس) علي may be the preposition, and the model decides
                or (j == i and nxt == _BIN and j + 2 < n and covered[j + 2] is None
                    and (toks[j + 2].key in CONNECTORS or toks[j + 2].key in self.first
                         or toks[j + 2].key in self.first_weak)))
            # initials spelled as letters, each with its period («بي. جي. كراولي», P. J.
            # Crowley): one unit with the name part that follows them
            k = j
            while k + 2 < n and _initial_letter(toks[k].key) and covered[k] is None \
                    and toks[k + 1].text == "." and toks[k + 1].start == toks[k].end:
                k += 2
            if k > j and covered[k] is None and not _initial_letter(toks[k].key) \
                    and self._name_ok(toks[k], True):
                j = k
                continue
            # a kunya opens a name also after a proclitic (بأبي مازن، وأبو علي)
            kunya = j == i and self._kunya_at(toks, j, covered)
            # the article word that opens a longer title is a surname when the title does
            # not follow: «محمد الأمين» but «محمد | الأمين العام»
            title_ok = j > i and _has_article(t) and not self._title_at(toks, j)
            if not ya_name and not kunya and (covered[j] is not None
                                              or not self._name_ok(t, j > i, title_ok)):
                break
            if units >= 2 and not last_extends:
                break
            if t.stem_key in _KUNYA and not kunya and not self._kunya_at(toks, j, covered):
                break  # «أبي | الأسبوع الماضي» (Abiy, last week): no kunya before a common word
            if kunya or (t.key in CONNECTORS and not (j == i and t.key in _MID_CONNECTORS)):
                # after أبو the preposition على cannot follow: «أبو علي» is a kunya
                # however the text spells the preposition; after a connector a title word
                # with the article is a name part («عبد الأمين»، «بنت الشيخ»، «ولد الشيخ أحمد»)
                if j + 1 >= n or covered[j + 1] is not None \
                        or not (self._name_ok(toks[j + 1], True, _has_article(toks[j + 1]))
                                or (t.stem_key in _KUNYA and toks[j + 1].key in _YA_NAMES
                                    and toks[j + 1].stem_start == toks[j + 1].start)):
                    break
                # a compound father's name (بن عبد الله، بن أبي بكر) is one unit: its article
                # word belongs to it and the chain goes on (محمد بن عبد الله العتيبي)
                if t.key in _NASAB and toks[j + 1].key in CONNECTORS \
                        and toks[j + 1].key not in _NASAB and j + 2 < n \
                        and covered[j + 2] is None and self._name_ok(toks[j + 2], True):
                    j += 3
                    units += 1
                    last_extends = True
                    continue
                j += 2
                units += 1
                last_extends = True
                if toks[j - 1].key in self.title_first and _has_article(toks[j - 1]) and not (
                        j < n and covered[j] is None
                        and (toks[j].key in self.first or toks[j].key in _NASAB_CHAIN)):
                    break  # «آل الشيخ | ترسية»: after a title word only a given name goes on
                    # («ولد الشيخ أحمد»)
                continue
            if t.key in _COMPOUND_ENDS and j > i and toks[j - 1].key in self.first:
                j += 1  # صلاح الدين، ضياء الحق: one compound given name, the name goes on
                last_extends = True
                continue
            if _has_article(t):
                if j == i and t.key not in self.first:
                    # «المختار ولد أجاي»، «الحسن بن طلال»: a given name with the article before
                    # a nasab; the nasab connector reads the rest
                    if not (self._nasab_at(toks, covered, j + 1)
                            and not self._title_at(toks, j) and self._name_ok(t, True)):
                        break
                    j += 1
                    units += 1
                    last_extends = True
                    continue
                if j > i and t.key == _AL_ABD and j + 1 < n and toks[j + 1].key in _GOD \
                        and covered[j + 1] is None:
                    j += 2  # خالد العبد الله: one compound family name, and the name ends
                    break
                if j > i and t.text.endswith("ة") and \
                        self.lex.get(light(t.segments[-1]), 0) >= 20:
                    break  # سارة أحمد | الموظفة في البنك: a feminine common noun in apposition
                j += 1
                units += 1
                if j - 1 > i:
                    if self._nasab_at(toks, covered, j):
                        continue  # «محمد الأمين ولد أحمد»: a nasab goes on after a family name
                    break
                last_extends = False
                continue
            if j > i and (t.key in _HEAD_WORDS or t.key in _GLUED_VERBS):
                break  # سلمان | مدينة جدة: the head of another name ends this one
            if j > i and self._wordy(t) and not (
                    units == 1 and toks[i].key in self.first and not self._verb_like(t)
                    and not self._inflects(t)):
                break  # a common word ends the name, except a surname right after a given name
            j += 1
            units += 1
            last_extends = t.key in self.first or t.key in self.first_weak
        if j == i + 1 and toks[i].key in _LETTER_NAMES:
            return i  # «مدير إف. بي. آي»: a spelled letter alone is an acronym's, not a name
        return j

    def _latin_person(self, text, toks, covered, i: int) -> _Cand | None:
        """A Latin-script name after a reporting verb or a title (token ``i``): two to five
        capitalised Latin words, lowercase particles between them («قال Kemal
        Kılıçdaroğlu»، «Luiz Inácio Lula da Silva»), not an all-capitals acronym."""
        n = len(toks)
        j, last_cap = i + 1, i
        while j < n and j - i <= 7 and toks[j].is_latin and covered[j] is None:
            w = toks[j].text
            if w[:1].isupper() and not w.isupper() and w.isalpha():
                last_cap = j
            elif w not in _LATIN_PARTICLES:
                break
            j += 1
        if last_cap - i < 2:
            return None
        start, end = toks[i + 1].start, toks[last_cap].end
        surface = text[start:end]
        return _Cand(i + 1, last_cap + 1, start, end, "PER", surface, None, None, None,
                     "pattern", False, ("per", compact_key(surface)))

    def _person_candidates(self, text, toks, covered) -> list[_Cand]:
        out: list[_Cand] = []
        n = len(toks)
        taken_until = -1
        for i, t in enumerate(toks):
            if i < taken_until:
                continue
            k = t.key if t.stem_start == t.start else _stem_text_key(text, t)
            if (k in self.verbs or k in self.title_first) and i + 1 < n \
                    and toks[i + 1].is_latin and covered[i + 1] is None:
                c = self._latin_person(text, toks, covered, i)
                if c is not None:
                    out.append(c)
                    taken_until = c.j
                    continue
            if k not in self._person_first and t.key not in self.first_any and t.key != _ABD \
                    and t.stem_key not in _KUNYA:
                continue
            start_name = None
            min_len = 1
            need_boundary = False
            need_known = k in self.occupations and k not in self.titles
            if k in self.title_first or k in self.titles or need_known:
                j = i + 1
                skipped = 0
                while j < n and skipped < 4 and covered[j] is None and (
                        _has_article(toks[j]) or toks[j].key in TITLE_FILLERS):
                    if j + 2 < n and toks[j + 1].key in _NASAB_CHAIN and _has_article(toks[j]) \
                            and self._nat_at(toks, j) is None and self._name_ok(toks[j], True):
                        break  # «رئيس الوزراء المختار ولد أجاي»: a given name before a nasab
                    if self._nat_at(toks, j) is not None:
                        j = self._nat_at(toks, j)[0]  # type: ignore[index]
                    else:
                        j += 1
                    skipped += 1
                # a KB organisation/place inside the descriptor (للأمم المتحدة) is skipped too
                while j < n and covered[j] is not None and covered[j].type != "PER" \
                        and skipped < 6:
                    j = covered[j].j
                    skipped += 1
                start_name = j
            elif k in self.verbs:
                start_name = i + 1
                need_boundary = True
                min_len = 2
            elif self._kunya_at(toks, i, covered) and t.key not in self.first_any:
                start_name = i  # أبو/أبي/أبا + name: the reader takes two parts at least
                min_len = 2
            elif (t.key in self.first or (t.key == _ABD and i + 1 < n
                                          and _has_article(toks[i + 1]))) \
                    and t.stem_start == t.start and covered[i] is None and t.key != _DIN:
                # (الدين only ends a compound given name: صلاح الدين، زين الدين زيدان)
                start_name = i
                min_len = 2
            if start_name is None or start_name >= n:
                continue
            s = start_name
            if covered[s] is not None:
                continue
            e = self._read_name(toks, s, covered)
            if e - s < 1:
                continue
            if s + 1 < n and _hasan_idiom(toks[s].key, toks[s + 1].stem_key or toks[s + 1].key):
                continue  # علاقات حسن الجوار، حسن النية: "good neighbourliness", not Hasan
            if toks[s].stem_start == toks[s].start and _future_verb(toks[s].text):
                continue  # الوزير سيسافر: "the minister will travel"
            first_key = toks[s].key
            known_first = first_key in self.first or first_key in self.first_weak \
                or first_key == _ABD or (first_key in _KUNYA and e - s >= 2) \
                or (_initial_letter(first_key) and e - s >= 3)  # initials: «جي. كاي. رولينغ»
            # a given name that is also a common word («غريب»، «منير») before a theophoric
            # father's name («العقيد غريب عبد الحافظ») is a name: a common word is never
            # followed by «عبد ال...»
            theophoric = e - s >= 3 and toks[s + 1].key == _ABD and _has_article(toks[s + 2]) \
                and toks[s].key not in _RANK_QUALIFIERS
            if not known_first and (need_known or (self._wordy(toks[s]) and not theophoric)
                                    or toks[s].key in self.nat):
                continue  # («تصريحات الشاعر تأتي»: an occupation noun needs a known given name)
            if e - s < min_len and not (known_first and start_name != i and e - s >= 1
                                        and not need_boundary):
                continue
            if need_boundary and not known_first:
                nxt = toks[e].key if e < n else ""
                if nxt not in _BOUNDARY_AFTER_NAME and nxt not in self.title_first:
                    continue
            if start_name == i and s > 0 and e - s >= 2 and toks[s - 1].key in self.first_weak \
                    and covered[s - 1] is None and toks[s - 1].stem_start == toks[s - 1].start \
                    and s - 1 >= taken_until and not (s > 1 and toks[s - 2].key in self.titles):
                # a given name that is also an adjective (كريم، عادل، سعيد، جمال، سالم) right
                # before a full name is its first part: فقد كريم حسين الجبوري ساقه
                s -= 1
            start, end = toks[s].start, toks[e - 1].end
            if toks[s].stem_key in _KUNYA:
                start = toks[s].stem_start  # «بأبي مازن»: the name without the preposition
            if start_name == i and s > 0 and s - 1 >= taken_until and covered[s - 1] is None \
                    and toks[s - 1].stem_key in _KUNYA:
                # a kunya before the given name is part of the name: وقتل أبو مصعب الزرقاوي
                s -= 1
                start = toks[s].stem_start
            surface = text[start:end]
            out.append(_Cand(s, e, start, end, "PER", surface, None, None, None, "pattern",
                             False, ("per", compact_key(surface))))
            taken_until = e
        return out

    # ------------------------------------------------------------------ assembly
    def _assemble(self, text, toks, chosen: list[_Cand], covered) -> list[Entity]:
        chosen.sort(key=lambda c: c.start)
        groups: dict[tuple, Entity] = {}
        bases: dict[str, list[tuple]] = {}
        for c in chosen:
            if c.group and c.group[0] == "org" and c.base and len(c.group) == 3:
                bases.setdefault(c.base, [])
                if c.group[2] is not None and c.group not in bases[c.base]:
                    bases[c.base].append(c.group)
        order: list[Entity] = []
        kb_prefix: dict[str, set[tuple]] = {}
        for c in chosen:
            if c.kb is not None and c.type == "ORG":
                kb_prefix.setdefault(compact_key(text[c.start:c.end]), set()).add(c.group)
        for c in chosen:
            g = c.group
            if g and g[0] == "org" and len(g) == 3 and g[2] is None:
                specific = list(bases.get(c.base, []))
                bk = compact_key(c.base)
                for mk, gs in kb_prefix.items():
                    if mk.startswith(bk) and mk != bk:
                        specific.extend(x for x in gs if x not in specific)
                if len(specific) == 1:
                    g = specific[0]
            ent = groups.get(g)
            if ent is None:
                if c.kb is not None:
                    ent = Entity("", c.type, c.kb.name_en, c.kb.id, [], c.country, c.sector,
                                 "kb")
                else:
                    ent = Entity("", c.type, c.name, None, [], c.country, c.sector, c.source)
                groups[g] = ent
                order.append(ent)
            end = _trim_tatweel(text, c.start, c.end)
            ent.mentions.append(Mention(c.start, end, text[c.start:end]))
        self._link_surnames(text, toks, order, covered)
        order.sort(key=lambda e: e.start)
        for n, e in enumerate(order, 1):
            e.id = f"E{n}"
            e.mentions.sort(key=lambda m: m.start)
        return order

    def _link_surnames(self, text, toks, ents: list[Entity], covered) -> None:
        """Attach later surname-only mentions to the person named in full (same document)."""
        sur: dict[str, Entity | None] = {}
        full: dict[str, list[str]] = {}  # surname -> the keys of the full name's words
        for e in ents:
            if e.type != "PER":
                continue
            for m in e.mentions:
                parts = m.text.split()
                if len(parts) < 2 or key(parts[-2]) in CONNECTORS:
                    continue  # عبد الله, بن لادن: the last word alone is no surname
                sk = key(parts[-1])
                if len(sk) < 3 or sk in self.stops or sk in self.first_any or sk in _GOD:
                    continue
                if self._common_definite(parts[-1], 10):
                    # a name read one word too far («… الاتفاق», 12): no surname to spread;
                    # surnames that are also nouns stay (الصدر 5، الخطيب 8)
                    continue
                if sk in sur and sur[sk] is not e:
                    sur[sk] = None  # ambiguous surname
                else:
                    sur[sk] = e
                    if len(parts) > len(full.get(sk, ())):
                        full[sk] = [key(w) for w in parts]
        if not sur:
            return
        # a GeoNames city named like a person of the article is that person's surname when
        # every mention of it is one word after the full name («جون بولتون ... بولتون»: not
        # Bolton, England); the curated places (capitals, countries) are never moved
        for e in list(ents):
            if e.type not in ("GPE", "LOC") or not (e.kb or "").startswith("geonames:"):
                continue
            owners = [sur.get(key(m.text)) for m in e.mentions]
            if all(p is not None and " " not in m.text and m.start > min(x.start for x in p.mentions)
                   for p, m in zip(owners, e.mentions)):
                for p, m in zip(owners, e.mentions):
                    p.mentions.append(m)  # type: ignore[union-attr]
                ents.remove(e)
        for i, t in enumerate(toks):
            if covered[i] is not None:
                continue
            e, s = sur.get(t.key), t.start
            if e is None:
                e, s = sur.get(_stem_text_key(text, t)), t.stem_start
            if e is None:
                continue
            first_start = min(m.start for m in e.mentions)
            if t.start < first_start:
                continue
            # the full name written again («فكر أمين معلوف»): the mention takes its given
            # names back, not the surname alone
            names = full.get(key(text[s:t.end]), [])
            j, x = i - 1, len(names) - 2
            while j >= 0 and x >= 0 and covered[j] is None \
                    and names[x] in (toks[j].key, toks[j].stem_key) \
                    and not text[toks[j].end:toks[j + 1].start].strip():
                j, x = j - 1, x - 1
            if j < i - 1 and x < 0:  # the whole name, not a part of it
                s = toks[j + 1].stem_start
            end = _trim_tatweel(text, s, t.end)
            e.mentions.append(Mention(s, end, text[s:end]))


#: Tanween marks (fathatan, dammatan, kasratan): written on indefinite nouns, adjectives and
#: adverbs (مرارًا، أيضاً), never on a name in news text.
_TANWEEN = frozenset("\u064b\u064c\u064d")
_ABD = key("عبد")
_DIN = key("الدين")
#: second words of compound given names after a given name (صلاح الدين، ضياء الحق، نور الحق)
_COMPOUND_ENDS = frozenset({_DIN, key("الحق")})
_GOD = frozenset({key("الله")})
_AL_ABD = key("العبد")
#: Nasab connectors (son/daughter of): the father's name after them may itself be compound.
_NASAB = frozenset(key(w) for w in ("بن", "ابن", "بنت"))
_BIN = key("بن")
#: nasab words that go on after a family name with the article (Mauritanian ولد)
_NASAB_CHAIN = _NASAB | {key("ولد")}
#: Connectors only inside a name (بن أبي طالب); first in a name أبي is the given name آبي.
_MID_CONNECTORS = frozenset({key("أبي"), key("أبا")})
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "كم", "هن")
_NOSPACE = str.maketrans("", "", " \t\n-\u2010\u2011._'\u2019")

# ---------------------------------------------------------------- vetting model spans
# Source: the error analysis of the trained taggers on the dev gold articles and the news
# corpus (docs/benchmarks.md §1): each list is a closed class of Arabic words that a tagger
# trained on ANERcorp reads as a name in news text.

#: particles that only stand before a verb: "وقد أشرف على الوفد" -- أشرف is a verb there
#: (not فقد, also the verb "lost": فقد زيدان منصبه)
_VERB_PARTICLES = frozenset(key(w) for w in ("قد", "لقد", "وقد", "لم", "ولم", "فلم",
                                             "لن", "ولن", "سوف", "وسوف"))
#: past-tense reporting verbs, never the last word of a name: "وصول آبي كتب وزير الإعلام"
#: (not طالب "demanded", also a name: علي بن أبي طالب)
_REPORT_VERBS = frozenset(key(w) for w in (
    "قال", "قالت", "كتب", "كتبت", "أكد", "أكدت", "أعلن", "أعلنت", "أضاف", "أضافت", "صرح",
    "صرحت", "أوضح", "أوضحت", "أشار", "أشارت", "ذكر", "ذكرت", "اعتبر", "اعتبرت", "أفاد",
    "أفادت", "غرد", "غردت", "نفى", "نفت", "رد", "ردت", "دعا", "دعت"))
#: attribution nouns ("وقال مصدران إن"): sources, officials, witnesses -- never a name alone
_SOURCE_NOUNS = frozenset(key(w) for w in (
    "مصدر", "مصدران", "مصدرين", "مصادر", "مسؤول", "مسؤولان", "مسؤولين", "مسؤولون", "مسئول",
    "مسئولون", "مسئولين", "شهود", "شاهد", "مراقبون", "مراقبين", "محللون", "محللين", "خبراء",
    "دبلوماسي", "دبلوماسيون", "دبلوماسيين", "متحدث", "متحدثة", "ناطق", "ناطقة", "مراسل",
    "مراسلة", "مراسلنا", "ناشطون", "ناشطين", "سكان", "مسعفون",
    # "his counterpart" and kin: a relational noun with a pronoun, never a name alone
    "نظيره", "نظيرها", "نظيرته", "نظيرتها", "نظيريه", "نظراءه", "نظرائه", "نظرائها",
    "نظيرهم", "نظراؤه"))
#: حسن "good" + a verbal noun is an idiom, not the name Hasan: علاقات حسن جوار، حسن النية
_HASAN = key("حسن")
_HASAN_IDIOMS = frozenset(key(w) for w in (
    "جوار", "نية", "ظن", "تعامل", "سير", "أداء", "تنظيم", "ضيافة", "خلق", "إدارة", "استقبال",
    "تدبير", "حظ", "تصرف", "معاملة", "تطبيق", "استخدام", "اختيار", "سلوك", "أخلاق", "نوايا",
    "سيرة", "خاتمة", "عشرة", "صنع"))
#: an indefinite adjective after a one-word place makes it a common noun: "في مشهد آخر"
_INDEF_ADJECTIVES = frozenset(key(w) for w in ("آخر", "أخرى", "آخرين", "آخرون", "جديد",
                                               "جديدة", "واحد", "واحدة"))
#: materials and chemical elements: foreign-looking nouns (-يوم) a tagger reads as MISC
_MATERIAL_NOUNS = frozenset(key(w) for w in (
    "اليورانيوم", "يورانيوم", "البلوتونيوم", "بلوتونيوم", "الألومنيوم", "الألمنيوم",
    "الصوديوم", "البوتاسيوم", "الكالسيوم", "المغنيسيوم", "الليثيوم", "الهيليوم", "التيتانيوم",
    "الكوبالت", "النيكل", "الزنك", "البلاستيك", "الإسمنت", "البنزين", "الديزل", "الكيروسين",
    "الكلور", "السارين", "الفوسفور", "النابالم", "التريتيوم", "الثوريوم", "الراديوم",
    "الكادميوم", "البريليوم", "الفاناديوم", "الكروم", "المنغنيز", "الأمونيا", "النيتروجين",
    "الهيدروجين", "الأكسجين", "الكربون", "الميثان", "الإيثانول", "الأسبستوس"))
#: peoples and religious communities (NORP, not an entity type of rasd.document/1): a tagger
#: trained on ANERcorp reads "الأكراد" as ORG
_PEOPLES = frozenset(key(w) for w in (
    "الأكراد", "الاكراد", "أكراد", "الكرد", "العرب", "الشيعة", "السنة", "الدروز", "الأقباط",
    "الأمازيغ", "التركمان", "الإيزيديين", "الإيزيديون", "الأيزيديين", "المسيحيين", "المسيحيون",
    "المسلمين", "المسلمون", "اليهود", "البشتون", "الطاجيك", "الأرمن", "الآشوريين", "الروهينغا",
    "الهوتو", "التوتسي", "البدو", "الحوثيين"))
_AL_FAMILY = key("آل")
#: prepositions as written (على with ى is never the name علي) that cannot start a name
_SPAN_PREPOSITIONS = frozenset(("على", "إلى", "الى", "في", "من", "عن"))
#: adjectives that may stand between a named noun and its naming phrase (حزب جديد يحمل اسم)
_COMMON_ADJECTIVES = frozenset(key(w) for w in ("جديد", "جديدة", "جديدا", "كبير", "كبيرة",
                                                "صغير", "صغيرة", "آخر", "أخرى", "ناشئة", "ناشئ"))
#: characters that make an alias several written words (بي.ايه.إي، إف-35، نيو يورك)
_SEPARATORS = frozenset(" .-_/\u2010\u2011\u2013")
_NEXT_WORD_RE = re.compile(r"[ \t\u00a0]+(\S+)")


_EDGE_PUNCT = "،,.:;!?؟؛»«\"'()[]“”"


def _definite_masdar(t: Token) -> bool:
    """True when token ``t`` is a definite verbal noun of a derived verb form: إفعال
    (الإضراب، الإفراج: written with hamza below, since in match-key spelling it has the shape
    of the plural أفعال, الأحرار، الأكراد), مفاعلة (الموافقة، المصادقة), افتعال (الاعتصام، الاحتجاج), انفعال (الانسحاب),
    استفعال (الاستفتاء) or تفعيل (التصعيد، التطبيع).  After a construct name that already has
    its definite word (نقابة الصيادلة) such a word starts the verb's object, not the name's
    next part: names go on with adjectives (الإسلامية، الأحمر) and genitives, which these
    patterns leave out.  Source: the Arabic verb-form (أوزان) masdar patterns."""
    k = t.key
    if not k.startswith("ال") or t.stem_start > t.start:
        return False
    s = k[2:]
    n = len(s)
    return (n == 6 and s[0] == "م" and s[2] == "ا" and s[5] == "ه") \
        or (n == 5 and s[0] == "ا" and s[3] == "ا" and t.text.startswith("الإ")) \
        or (n == 6 and s[0] == "ا" and s[2] == "ت" and s[4] == "ا") \
        or (n == 6 and s[:2] == "ان" and s[4] == "ا") \
        or (n == 7 and s[:3] == "است" and s[5] == "ا") \
        or (n == 5 and s[0] == "ت" and s[3] == "ي")


def _word_before(text: str, start: int) -> tuple[str, int]:
    """The whitespace-separated word ending right before ``start`` (after spaces only, on the
    same line) and its start offset; ``("", start)`` if punctuation or a line break intervenes."""
    i = start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    if i == start and start > 0 and not text[start - 1].isspace():
        # the span starts inside a word (after a proclitic): that word's prefix is not a word
        return "", start
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    word = text[j:i]
    stripped = word.lstrip(_EDGE_PUNCT)
    return stripped, j + len(word) - len(stripped)


#: lowercase particles inside Latin-script names (Lula da Silva, von der Leyen)
_LATIN_PARTICLES = frozenset(("da", "de", "do", "dos", "das", "del", "della", "di", "du", "van",
                              "von", "der", "den", "la", "le", "bin", "ibn", "al", "el"))
#: one more capitalised Latin word right after a span (a space between, no punctuation),
#: perhaps after up to two particles
_LATIN_NAME_WORD = re.compile(
    r" (?:(?:" + "|".join(sorted(_LATIN_PARTICLES, key=lambda p: (-len(p), p))) + r") ){0,2}"
    r"(?:[A-Z\u00C0-\u00DE][a-z\u00DF-\u024F'\-]+)")


def _word_after(text: str, end: int) -> str:
    """The whitespace-separated word starting after the spaces that follow ``end`` (without
    its edge punctuation); ``""`` when no space or a line break comes first."""
    m = _NEXT_WORD_RE.match(text, end)
    return m.group(1).strip(_EDGE_PUNCT) if m else ""


#: words after a month name that make it a date ("نيسان الماضي")
_DATE_MODS = frozenset(key(w) for w in ("الماضي", "المقبل", "القادم", "الجاري", "الحالي",
                                         "المنصرم", "المنقضي"))
#: words before a month name that make it a date ("في شهر نيسان")
_DATE_CUES = frozenset(key(w) for w in ("شهر", "منذ", "مطلع", "أواخر", "أوائل", "منتصف",
                                         "نهاية", "بداية", "خلال"))
#: the days of the week with the article (يوم الخميس، مجلس النواب الخميس)
_WEEKDAYS = frozenset(key(w) for w in ("الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء",
                                       "الخميس", "الجمعة", "السبت"))
#: definite time words that end a ministry's field or a construct organisation's name
#: («أطلقت وزارة الصحة اليوم حملة»، «يصوت مجلس النواب الأسبوع المقبل»; not «العام», also
#: "public": «وزارة الأمن العام»)
_DAY_WORDS = frozenset(key(w) for w in ("اليوم", "الليلة", "الغد", "البارحة", "الآن", "الأسبوع",
                                        "الشهر", "السنة", "الصباح", "المساء"))


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    """Keys of the one-word Gregorian month names of ``rasd/lang/ar/months.tsv`` (all systems:
    نيسان، تموز، شباط ... are also a car maker, a name, a verb)."""
    from rasd.lang.ar import read_tsv

    return frozenset(key(r[0]) for r in read_tsv("months.tsv")
                     if len(r) >= 3 and r[1] == "g" and " " not in r[0])


def _month_in_date(text: str, start: int, end: int) -> bool:
    """Whether the span ``text[start:end]`` is a month name written as part of a date:
    "أبريل (نيسان) الماضي", "أبريل/نيسان"، "12 نيسان"، "نيسان 2025"، "في شهر نيسان", or a
    date word with one ("مطلع نيسان"، "أواخر تموز")."""
    months = _month_names()
    words = text[start:end].split()
    if len(words) == 2 and key(words[0]) in _DATE_CUES and key(words[1]) in months:
        return True
    if len(words) != 1 or key(words[0]) not in months:
        return False
    before = text[max(0, start - 3):start].rstrip()
    after = text[end:end + 3].lstrip()
    if before[-1:] in ("(", "/") or before[-1:].isdigit() or after[:1] in (")", "/") \
            or after[:1].isdigit():
        return True
    prev, _ = _word_before(text, start)
    nxt = _word_after(text, end)
    return (key(prev) in months or key(prev) in _DATE_CUES or prev.isdigit()
            or key(nxt) in _DATE_MODS or nxt.isdigit())


def _adjective_after_definite_noun(word: str, prev: str) -> bool:
    """A definite nisba adjective (الأهلي، الأهلية، الوطني) right after a definite noun with
    no preposition (المستشفى الأهلي، البنك الوطني): it describes that noun; one word alone it
    is no name (a tagger trained on sports pages reads الأهلي as the club)."""
    k, pk, pl = key(word), key(prev), light(prev)
    # the noun before is not itself a nisba adjective (الوطني الديمقراطي): written ي/ية, not ى
    return (k.startswith("ال") and len(k) > 4 and k.endswith(("ي", "يه"))
            and pk.startswith("ال") and len(pk) > 3 and pk not in ORG_HEADS
            and not pl.endswith(("ي", "ية")))


def _hasan_idiom(first_key: str, next_key: str) -> bool:
    """True for حسن "good" before a verbal noun (keys; the next one with or without ال):
    علاقات حسن الجوار، حسن النية -- an idiom, not the name Hasan."""
    if first_key != _HASAN:
        return False
    k = next_key.removeprefix("ال")
    if k in _HASAN_IDIOMS:
        return True
    # with a possessive suffix: حسن نواياها، حسن نيته (the key writes ة as ه; before a
    # suffix it is ت)
    for suf in ("هما", "هم", "هن", "ها", "ه", "نا", "كم"):
        if k.endswith(suf) and len(k) > len(suf) + 1:
            base = k[:-len(suf)]
            if base in _HASAN_IDIOMS or base.endswith("ت") and base[:-1] + "ه" in _HASAN_IDIOMS:
                return True
    return False


def _future_verb(word: str) -> bool:
    """True for a future-tense verb, س + an imperfect verb the corpus knows (سيسافر، ستعقد،
    سنواصل): five letters or more, the rest found at least 5 times in the word lexicon
    (rasd/lang/ar/stems.tsv); names such as سيف، سيرغي، ستيفن have no such rest.  Four letters
    (سيصل، ستصل، سيظل) when the rest is at least 50 times and more frequent than the word itself
    (سيدي: يدي 21, سيدي 31)."""
    from rasd.text.tokenizer import load_lexicon

    w = light(word)
    if len(w) < 4 or w[0] != "س" or w[1] not in "يتنأ":
        return False
    rest = load_lexicon().get(w[1:], 0)
    if len(w) == 4:
        return rest >= 50 and rest > load_lexicon().get(w, 0)
    return rest >= 5


#: common nouns for groups and bodies that taggers take for a name when they stand alone
#: (in names they come with their complement: تنظيم الدولة، جبهة النصرة; not الاتحاد, also
#: a football club)
_GENERIC_ORG_NOUNS = frozenset(key(w) for w in (
    "تنظيم", "التنظيم", "ميليشيا", "ميليشيات", "الميليشيا", "الميليشيات", "مليشيات", "جماعة",
    "الجماعة", "جبهة", "الجبهة", "هيئة", "الهيئة", "الاتفاق", "اتفاق", "الاتفاقية", "الائتلاف",
    "التحالف", "المجلس", "الوزارة", "الحكومة", "الفصائل", "فصائل"))
#: a team named after its club or team noun: «نادي الاتفاق»، «فريق الجيش»
_CLUB_RE = re.compile(r"(?:نادي|فريق|منتخب)\s+(ال[\u0621-\u064A]+)")
#: religions (not an entity type of rasd.gold/1, like peoples) and common nouns a tagger
#: trained on ANERcorp marks MISC (الفيتو "the veto")
_RELIGIONS_AND_COMMON = frozenset(key(w) for w in (
    "الإسلام", "الاسلام", "المسيحية", "اليهودية", "البوذية", "الهندوسية", "الإسلامية",
    "الفيتو", "فيتو"))


def _has_alnum(s: str) -> bool:
    """True when ``s`` holds a letter or digit (a token that is not punctuation alone)."""
    return any(ch.isalnum() for ch in s)


#: Latin letters spelled in Arabic: one alone is a fragment of an acronym, not a name
_LETTER_NAMES = SPELLED_LETTERS


def _initial_letter(k: str) -> bool:
    """True for a key that can be an initial before a period: a Latin letter spelled in
    Arabic (جي، دبليو) or one Arabic letter (ت. س. إليوت), not a title abbreviation (د. =
    doctor, أ. = professor, م. = engineer: ``rasd/lang/ar/abbreviations.tsv``)."""
    return (k in SPELLED_LETTERS or (len(k) == 1 and k.isalpha())) and not abbreviation_kind(k)


#: religious and honorific titles and formulas a tagger may take for a name («خادم الحرمين
#: الشريفين حفظه الله»، «معاليه»)
_TITLE_PHRASES = frozenset(key(w) for w in (
    "آية الله", "آيه الله", "حجة الإسلام", "حجة الاسلام", "سماحة الشيخ", "صاحب السمو",
    "حفظه الله", "حفظها الله", "يحفظه الله", "أيده الله", "رحمه الله", "رحمها الله",
    "رعاه الله", "رضي الله", "رضي الله عنه", "رضي الله عنها", "رضي الله عنهم", "عليه السلام",
    "عليها السلام", "معاليه", "سموه", "سماحته", "فخامته", "جلالته", "معالي", "سمو",
    "شيخ الأزهر", "مفتي الجمهورية"))

#: military ranks that precede a name («العماد آصف شوكت»، «اللواء ...»): alone, no name
_RANK_WORDS = frozenset(key(w) for w in (
    "العماد", "اللواء", "المقدم", "الرائد", "النقيب", "الملازم", "العريف", "المساعد"))

#: kinship nouns (with or without a pronoun suffix: «ابن عمه»، «والد الشهيد»): a relative
#: named by kinship is no name
_KIN_NOUNS = frozenset(key(w) for w in (
    "ابن", "ابنة", "بنت", "نجل", "نجلة", "والد", "والدة", "أب", "أم", "أخ", "أخت", "شقيق",
    "شقيقة", "عم", "عمة", "خال", "خالة", "زوج", "زوجة", "جد", "جدة", "حفيد", "حفيدة",
    "أبناء", "أشقاء", "أقارب"))
_KIN_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "نا", "كم", "ك")  # not ي: «أبي» is Abiy


def _kin_word(k: str) -> bool:
    """True for a kinship noun key (:data:`_KIN_NOUNS`), bare or with a possessive pronoun
    suffix (عمه، والدها، أشقائهم: a hamza carrier before the suffix is read as its bare
    form)."""
    if k in _KIN_NOUNS:
        return True
    for suf in _KIN_SUFFIXES:
        if k.endswith(suf) and len(k) > len(suf) + 1:
            stem = k[:-len(suf)]
            if stem in _KIN_NOUNS or stem.replace("ئ", "ء") in _KIN_NOUNS:
                return True
    return False


#: first words of religious formulas with الله / لله that a tagger may take for a person
#: («الحمد لله»، «بسم الله الرحمن الرحيم», also cut after a proclitic: «سم الله»); the
#: theophoric names («نصر الله»، «فتح الله»، «عبد الله») are not among them
_FORMULA_FIRST = frozenset(key(w) for w in (
    "الحمد", "بسم", "سم", "سبحان", "استغفر", "أستغفر", "حسبنا", "حسبي", "توكلت", "إن", "شاء"))
_GOD_FORMS = _GOD | frozenset(key(w) for w in ("لله", "بالله"))


def _religious_formula(words: Sequence[str]) -> bool:
    """True for a tagger span that opens with a formula's first word followed by الله
    («الحمد لله»، «سم الله الرحمن»): no person."""
    return len(words) >= 2 and key(words[0]) in _FORMULA_FIRST and key(words[1]) in _GOD_FORMS


def _title_or_kin_only(words: Sequence[str]) -> bool:
    """True when every word of a tagger PER span is a title (``person_cues.tsv``: «الشيخ»,
    «ولي» of «ولي العهد»), a military rank (:data:`_RANK_WORDS`) or a kinship noun
    (:func:`_kin_word`): someone described, not named («الشيخ»، «العماد»، «ابن عمه»)."""
    from rasd.kb import person_cues

    titles = person_cues().get("title", frozenset())
    if key(" ".join(words)) in titles:
        return True  # «ولي العهد»، «رئيس الوزراء»
    return all(k in titles or k in _title_first_words(titles) or k in _RANK_WORDS or _kin_word(k)
               for k in map(key, words))


@lru_cache(maxsize=1)
def _title_first_words(titles: frozenset[str]) -> frozenset[str]:
    """First words of the titles of several words (ولي of ولي العهد, رئيس of رئيس الوزراء)."""
    return frozenset(t.split(" ")[0] for t in titles if " " in t)


def _lone_word_no_name(word: str, typ: str, nat: frozenset[str] | dict,
                       clubs: set[str]) -> bool:
    """True when a one-word tagger span of type ``typ`` is a word of a closed class that is
    no entity of rasd.gold/1 alone: an attribution noun (مصدران), a material (اليورانيوم), a
    future verb, a people (الأكراد), الله (a formula such as «حفظه الله»), the preposition
    على (not علي), a nationality adjective whose country the knowledge base names
    («السورية»; a person may be called المصري), a head noun without its name («المنظمة»،
    «الحزب»), one spelled letter of an acronym («بي»), a group noun (unless the article
    names a club by it: ``clubs``, keys), a religion, or a name connector («أبو» alone is
    half a kunya; «أبي» alone may be Abiy Ahmed)."""
    k = key(word)
    return (k in _SOURCE_NOUNS or k in _MATERIAL_NOUNS or _future_verb(word)
            or _people_word(word, nat) or k in _GOD or word in _SPAN_PREPOSITIONS
            or (typ != "PER" and _nationality_word(word, nat))
            or k in ORG_HEADS or k.removeprefix("ال") in ORG_HEADS or k in _LETTER_NAMES
            or (k in _GENERIC_ORG_NOUNS and k not in clubs) or k in _RELIGIONS_AND_COMMON
            or (k in CONNECTORS and k != "ابي"))


def _nationality_word(word: str, nat: frozenset[str] | dict) -> bool:
    """True for a singular nationality adjective, with or without ال (السورية، سعودية،
    الأمريكي): ``nat`` holds their keys."""
    k = key(word)
    return k in nat or (k.startswith("ال") and k[2:] in nat)


def _people_word(word: str, nat: frozenset[str] | dict) -> bool:
    """True for a people or community in the plural (الأكراد، الأمريكيون، السوريين): a closed
    list, or a nationality adjective of ``nat`` (keys) + ون/ين with or without ال."""
    k = key(word)
    if k in _PEOPLES:
        return True
    b = k.removeprefix("ال")
    return b.endswith(("ون", "ين")) and len(b) > 4 and b[:-2] in nat


def _indefinite_nationality(word: str, nat: frozenset[str] | dict) -> bool:
    """True for a nationality adjective without the article in the dual or plural
    (أمريكيان، أمريكيين، أمريكيون، سوريتان: ``nat`` holds the singulars).  The singular is
    left out: it is also a family or given name (حسن مغربي، فرحان إيراني، تركي، كيني)."""
    k = key(word)
    if k.startswith("ال") or not k.isalpha():
        return False
    for suf in ("ان", "ين", "ون", "تان", "تين", "ات"):
        if k.endswith(suf) and len(k) > len(suf) + 2:
            stem = k[:-len(suf)]
            if stem in nat or stem + "ه" in nat:
                return True
    return False


def vet_model_spans(text: str, spans: Iterable[tuple[int, int, str]],
                    nat: frozenset[str] | dict = frozenset()) -> list[tuple[int, int, str]]:
    """Correct the trained taggers' spans with closed Arabic word classes before merging.

    Args:
        text: the document text the spans index.
        spans: ``(start, end, type)`` character spans (half-open) from the taggers.
        nat: nationality adjective keys (:func:`rasd.kb.nationalities`), for plural peoples.
    Returns:
        the kept spans, in input order, some with moved boundaries:

        * dropped: a span right after a verb-only particle (قد، لم، لن، سوف: "وقد أشرف");
          a one-word span that is an attribution noun (مصدران، مسؤولون), a material
          (اليورانيوم), a future-tense verb (سيسافر), a people (الأكراد، الأمريكيون,
          not an entity type here), الله alone («حفظه الله») or a month name written in a
          date ("أبريل (نيسان)"،
          "12 تموز": the Levantine months are also a car maker and names); a PER starting
          with حسن before an idiom noun (حسن جوار، حسن النية); a PER made only of titles,
          ranks and kinship nouns («الشيخ»، «العماد»، «ابن عمه»); a PER or ORG of several words
          that opens with an attribution noun or ends with a dual or plural nationality
          adjective without the article («مصدران مطلعان»، «جنديان أمريكيان»); a one-word
          GPE/LOC followed
          by an indefinite adjective ("في مشهد آخر").
        * trimmed: a PER span's last word when it is a past-tense reporting verb
          ("آبي كتب" -> "آبي").
        * extended: a PER span right after the family word آل takes it in ("آل جور"); a PER
          span ending in a capitalised Latin word takes the next (up to three, each perhaps
          after a lowercase particle: da, de, van, bin ...) in.
    """
    out: list[tuple[int, int, str]] = []
    # one sense per article: a common word the article also names as a club («نادي الاتفاق»)
    # is the club wherever the taggers find it alone
    clubs = {key(m.group(1)) for m in _CLUB_RE.finditer(text)}
    for start, end, typ in spans:
        surface = text[start:end]
        words = surface.split()
        if not words:
            continue
        prev, prev_start = _word_before(text, start)
        pk = key(prev)
        if pk in _VERB_PARTICLES:
            continue
        if len(words) == 1 and _adjective_after_definite_noun(words[0], prev):
            continue  # المستشفى الأهلي، المجتمع الأهلي: an adjective, not the club
        if typ in ("ORG", "PER") and pk in _AREA_HEADS:
            typ = "LOC"  # «حي الزمالك»، «منطقة المزة»: a place after an area noun
        if (len(words) == 1 and _lone_word_no_name(words[0], typ, nat, clubs)) \
                or key(surface) in _TITLE_PHRASES or _month_in_date(text, start, end):
            continue
        if typ == "ORG" and len(words) >= 2 and key(words[0]) in ORG_HEADS \
                and not key(words[-1]).startswith("ال"):
            # an indefinite noun in construct state cannot end the name: its genitive and
            # adjectives follow ("منظمة برامج | الطاقة النووية" -> the whole name)
            for _ in range(3):
                nxt = _word_after(text, end)
                if not nxt.startswith("ال") or not nxt.isalpha():
                    break
                end = text.index(nxt, end) + len(nxt)
        if typ in ("GPE", "LOC") and len(words) == 1 and prev and accusative_nisba_pair(prev, words[0]):
            continue  # «صحفيا بريطانيا»: the adjective of the noun before, not the country
        if typ in ("PER", "ORG") and len(words) > 1 and (
                key(words[0]) in _SOURCE_NOUNS or _indefinite_nationality(words[-1], nat)):
            continue  # «مصدران مطلعان»، «جنديان أمريكيان»: a noun described, not a name
        if typ == "PER":
            if len(words) > 1 and words[0] in _SPAN_PREPOSITIONS:
                # "على حسن": the preposition على (written with ى), not the name علي
                cut = surface.index(words[1], len(words[0]))
                start += cut
                surface = surface[cut:]
                words = words[1:]
            if _hasan_idiom(key(words[0]),
                            key(words[1] if len(words) > 1 else _word_after(text, end))):
                continue
            if _title_or_kin_only(words) or _religious_formula(words):
                continue  # «الشيخ»، «ابن عمه»، «الحمد لله»: a title, a relative, a formula
            if len(words) > 1 and key(words[-1]) in _REPORT_VERBS:
                cut = surface.rstrip().rfind(" ")
                end = start + len(surface[:cut].rstrip())
                words = words[:-1]
            if pk == _AL_FAMILY and prev == "آل":
                start = prev_start
            if words[-1][:1].isupper() and words[-1].isalpha():
                # a Latin name runs on over its capitalised words («José Luis Rodríguez
                # Zapatero»): the tagger's window often stops one short
                for _ in range(3):
                    m = _LATIN_NAME_WORD.match(text, end)
                    if m is None:
                        break
                    end = m.end()
        elif typ in ("GPE", "LOC") and len(words) == 1 \
                and key(_word_after(text, end)) in _INDEF_ADJECTIVES:
            continue
        out.append((start, end, typ))
    return out


__all__ = ["EntityRecognizer", "org_patterns", "vet_model_spans"]
