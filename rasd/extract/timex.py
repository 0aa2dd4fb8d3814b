"""Arabic time expressions (TIMEX3): spans, types and values resolved against the publication date.

:func:`extract_timexes` finds, on :func:`rasd.normalize.normalize_with_map` keys (whole words
only, proclitics و ف ب ل ك outside the span):

* calendar dates in every month system of the Arabic press: Gregorian (يناير ... ديسمبر),
  Levantine/Syriac (كانون الثاني ... كانون الأول, abbreviated تشرين2 / كانون 1), Maghrebi (ماي،
  يوليوز، غشت، فيفري، جوان، جويلية، أوت ...), paired forms written as one timex ("فبراير/شباط",
  "أغسطس آب"), with an optional weekday, day number or ordinal day ("العاشر من حزيران"), day ranges
  ("11 إلى 15 سبتمبر"; day numbers may be glued to the article: "الـ5 من مارس"), year ("من عام
  2014م", "من العام نفسه/الماضي") or modifier ("الماضي/المقبل/الجاري"); a day and month without
  a year take the nearest such date (about two months ahead at most) unless the nearest verb is
  a perfect event verb ("عاد الوفد في 5 أيار" -> the last 5 May) or a future cue is near
  (سـ، سوف، من المقرر -> the next one);
* days of a relative month ("20 من الشهر الماضي", "العشرين من الشهر الجاري");
* Hijri dates ("10 رمضان 1445هـ", Umm al-Qura through ``hijridate``; without a year, "17 رمضان
  الماضي", the year comes from the reference's Hijri date), numeric dates read day/month/year
  ("7/3/2024") or year first ("2024/01/15", "2023.12.05"), ISO dates;
* years ("عام 2020", "العام 2012", bare 1900-2100 when not an amount; "في 2022 اتفاقية" is a
  year, "2000 جندي" an amount), year pairs ("عامي 2023
  و2024" -> ``2023/2024``), decades ("سبعينيات القرن الماضي" -> ``197X``), quarters, halves and
  seasons ("الربع الثاني" -> ``YYYY-Q2``, "النصف الأول من العام الجاري", "خريف العام الماضي");
* deictic and relative expressions (أمس، اليوم، غداً، أول أمس، الأسبوع/الشهر/العام الماضي/المقبل،
  هذا العام، العام السابق (anaphoric), قبل أسبوع، منذ/قبل 11 ساعة: a clock time when the
  reference has one), weekdays (nearest past day unless
  the verb is future: سـ، سوف، من المقرر ... or الماضي/المقبل after it), parts of day
  ("صباح الأحد" / "فجر الاثنين" -> ``...TMO``), clock times (17:58);
* durations ("ثلاثة أيام" ``P3D``, "أسبوعين" ``P2W``, "عام ونصف" ``P18M``, "السنوات الأخيرة"
  ``PXY``, "بعد ذلك بأسابيع" ``PXW``), frequencies ("مرتين في العام" SET ``P1Y``) and vague
  references (الآن ``PRESENT_REF``, سابقاً ``PAST_REF``).

Ages and prison terms are not timexes; adjectives such as السنوي are not timexes.

Language data: ``rasd/lang/ar/months.tsv`` and ``rasd/lang/ar/time_words.tsv`` (lazy, cached);
number words come from :mod:`rasd.extract.quantities`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Callable

from rasd.doc import Timex
from rasd.extract.quantities import fast_map, number_lexicon, parse_number_phrase, year_slot
from rasd.lang.ar import read_tsv
from rasd.normalize import OffsetMap, key

AL = "\u0621-\u064a"
WE = rf"(?![{AL}])"           # word end
WS = rf"(?<![{AL}0-9])"       # word start
PRO = r"(?P<pro>[وف]?[بلك]?)"  # proclitics kept outside the span (group "pro")

PAST_MODS = ("الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته")
FUT_MODS = ("المقبل", "المقبله", "القادم", "القادمه")
PRES_MODS = ("الجاري", "الجاريه", "الحالي", "الحاليه")
SAME_MODS = ("نفسه", "نفسها", "ذاته", "ذاتها")
PREV_MODS = ("السابق", "السابقه")
NEXT_MODS = ("التالي", "التاليه")
ALL_MODS = PAST_MODS + FUT_MODS + PRES_MODS + SAME_MODS + PREV_MODS + NEXT_MODS
#: Words before a bare ambiguous month name that make it a month ("في مارس", "شهر ماي").
MONTH_CUES = frozenset(key(w) for w in (
    "في", "منذ", "حتى", "خلال", "مطلع", "أواخر", "أوائل", "بداية", "نهاية", "منتصف", "أواسط", "شهر",
    "إلى", "الى", "قبل", "بعد", "وفي", "ومنذ", "وحتى", "وخلال", "شهري"))
#: Words that make a following number an age or a prison term, not a duration.
AGE_CUES = frozenset(key(w) for w in (
    "عمر", "العمر", "عمره", "عمرها", "عمرهم", "البالغ", "البالغة", "يبلغ", "تبلغ", "سن", "بالسجن",
    "السجن", "سجن", "بسجن", "الحبس", "بالحبس", "حبس", "عاما،"))
#: Common words that start with س + ي/ت/ن but are not future verbs.
NOT_FUTURE = ("سيا", "سيط", "سيد", "سيار", "سين", "سيف", "سير", "سنو", "سنه", "سنت", "سنا", "ستين",
              "سته", "ستو", "ستر", "سيو", "سيم", "سيل", "سنغ", "سند", "سنن", "ستا", "سيب", "سيك")
#: A date in a past clause may lie this many days after the reference (a late publication date).
PAST_TOLERANCE_DAYS = 2
FUTURE_WORDS = frozenset(key(w) for w in (
    "سوف", "المقرر", "المنتظر", "المرتقب", "المزمع", "يعتزم", "تعتزم", "ستكون", "المتوقع",
    "المقبل", "المقبلة", "القادم", "القادمة", "يرتقب", "يتوقع",
    # the feminine forms ("القمة المقررة منتصف حزيران"), and تُرتقب/يُنتظر
    "المقررة", "المنتظرة", "المرتقبة", "المزمعة", "المتوقعة", "ترتقب", "تتوقع", "ينتظر",
    "تنتظر"))


def _alt(forms) -> str:
    """Alternation of key forms, longest first; a space before a digit may be absent."""
    out = []
    for f in sorted(set(forms), key=len, reverse=True):
        e = re.escape(f)
        e = re.sub(r"\\ (?=\d)", r"\\s*", e)
        out.append(e.replace(r"\ ", r"\s+"))
    return "|".join(out)


@dataclass(frozen=True)
class _Lex:
    greg: dict[str, tuple[int, frozenset]]   # key form -> (month, flags)
    hijri: dict[str, int]
    weekdays: dict[str, tuple[int, bool]]
    units: dict[str, tuple[str, str]]       # key -> (letter, class)
    deictic: dict[str, int]
    refs: dict[str, str]
    parts: dict[str, str]
    seasons: dict[str, str]
    decades: dict[str, int]
    patterns: list[tuple[str, re.Pattern, tuple[str, ...] | re.Pattern | None,
                         tuple[re.Pattern, int, int] | None]]
    hijri_amb: frozenset = frozenset()   # Hijri month names with another meaning (صفر "zero")


def _norm_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _month_key(s: str) -> str:
    return re.sub(r"\s+", "", s)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    greg: dict[str, tuple[int, frozenset]] = {}
    hijri: dict[str, int] = {}
    hijri_amb: set[str] = set()
    for r in read_tsv("months.tsv"):
        flags = frozenset(r[3].split(",")) if len(r) > 3 and r[3] else frozenset()
        k = key(r[0])
        if r[1] == "g":
            greg[k] = (int(r[2]), flags)
        else:
            hijri[k] = int(r[2])
            if "amb" in flags:
                hijri_amb.add(k)
    weekdays: dict[str, tuple[int, bool]] = {}
    units: dict[str, tuple[str, str]] = {}
    deictic: dict[str, int] = {}
    refs: dict[str, str] = {}
    parts: dict[str, str] = {}
    seasons: dict[str, str] = {}
    decades: dict[str, int] = {}
    for r in read_tsv("time_words.tsv"):
        k, cls = key(r[0]), r[1]
        val = r[2] if len(r) > 2 else ""
        flags = r[3] if len(r) > 3 else ""
        if cls == "weekday":
            weekdays[k] = (int(val), "amb" in flags)
        elif cls.startswith("unit"):
            units[k] = (val, cls)
        elif cls == "deictic":
            deictic[k] = int(val)
        elif cls == "ref":
            refs[k] = val
        elif cls == "part":
            parts[k] = val
        elif cls == "season":
            seasons[k] = val
        elif cls == "decade":
            decades[k[2:] if k.startswith("ال") else k] = int(val)

    nl = number_lexicon()
    small_num = _alt([w for w, (v, c) in nl.words.items() if c in ("unit", "teen", "ten")])
    numw = rf"(?:\d+(?:[.,]\d+)?|(?:{small_num}){WE}(?:\s+و\s*(?:{small_num}){WE})?)"
    gm = _alt(greg)
    hm = _alt(hijri)
    wd = _alt(weekdays)
    month = (rf"(?P<m1>{gm}){WE}(?:\s*[/\\]\s*(?P<m2>{gm}){WE}|\s*\(\s*(?P<m4>{gm}){WE}\s*\)"
             rf"|\s+(?P<m3>{gm}){WE})?")
    ords = ("الاول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر|الحادي عشر|"
            "الثاني عشر|الثالث عشر|الرابع عشر|الخامس عشر|السادس عشر|السابع عشر|الثامن عشر|"
            "التاسع عشر|العشرين|الحادي والعشرين|الثاني والعشرين|الثالث والعشرين|الرابع والعشرين|"
            "الخامس والعشرين|السادس والعشرين|السابع والعشرين|الثامن والعشرين|التاسع والعشرين|"
            "الثلاثين|الحادي والثلاثين")
    ordw = "|".join(o.replace(" ", r"\s+") for o in sorted(ords.split("|"), key=len, reverse=True))
    mods = "|".join(ALL_MODS)
    yrel = rf"(?:العام|السنه)\s+(?P<yrel>{mods}){WE}"
    year_tail = (rf"(?:\s*[,،]?\s*(?:من\s+)?(?:(?:عام|العام|سنه|السنه)\s+)?(?P<year>\d{{4}})(?!\d)"
                 rf"(?:\s*(?P<era>م|ه){WE})?|\s+(?:من\s+)?{yrel}|\s+(?P<mod>{mods}){WE})?")
    day = r"(?P<al>ال ?)?(?P<d1>[0-3]?\d)(?!\d)(?:\s*(?:الي|-|حتي|و)\s*(?:ال)?(?P<d2>[0-3]?\d)(?!\d))?"
    dayo = (rf"(?:(?:(?:يومي|يوم)\s+|(?P<wk>الاسبوع)\s+)?(?P<o1>{ordw}){WE}(?:\s+و\s*(?P<o2>{ordw}){WE})?"
            rf"|(?P<wkl>الاسبوع\s+الاخير){WE})\s+من\s+(?:شهر\s+)?")
    wdpre = rf"(?:(?P<wd0>{wd}){WE}\s+(?:الموافق\s+)?)?"
    parts_alt = _alt(parts)
    deic = _alt(deictic)
    units_sg = _alt([u for u, (_, c) in units.items() if c == "unit"])
    units_pl = _alt([u for u, (_, c) in units.items() if c == "unit_pl"])
    units_du = _alt([u for u, (_, c) in units.items() if c == "unit_dual"])
    units_all = _alt(units)
    pre = r"(?:(?:مطلع|اوائل|بدايه|منتصف|اواخر|نهايه|اواسط)\s+)?"
    dec = _alt(decades)
    pats: list[tuple[str, str]] = [
        ("hijri", rf"{WS}{PRO}{wdpre}(?:(?:(?P<d1>[0-3]?\d)(?!\d)\s*|(?P<o1>{ordw}){WE}\s+)(?:من\s+)?(?:شهر\s+)?)?"
                  rf"(?P<hm>{hm}){WE}\s*(?P<year>\d{{4}})"
                  rf"(?:\s*(?P<era>ه){WE})?"),
        ("date", rf"{WS}{PRO}{wdpre}(?:{day}\s*(?:من\s+)?(?:شهر\s+)?|{dayo})?(?P<pre>(?:(?:مطلع|اوائل|بدايه|منتصف|اواخر|نهايه|اواسط)\s+)?(?:شهر\s+)?){month}{year_tail}"),
        ("numeric", r"(?<![\d/.])(?P<d>[0-3]?\d)\s*(?P<sep>[/.\-])\s*(?P<m>[01]?\d)\s*(?P=sep)\s*(?P<y>\d{4})(?![\d/])"),
        ("iso", r"(?<![\d/.])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
        ("ymd", r"(?<![\d/.\-])(?P<y>\d{4})\s*(?P<sep>[/.])\s*(?P<m>[01]?\d)\s*(?P=sep)\s*(?P<d>[0-3]?\d)(?!\d)(?![/.]\d)"),
        ("hijri_noyear", rf"{WS}{PRO}{wdpre}(?:(?P<al>ال ?)?(?P<d1>[0-3]?\d)(?!\d)|(?P<o1>{ordw}){WE})\s*(?:من\s+)?(?P<shahr>شهر\s+)?(?P<hm>{hm}){WE}"
                         rf"(?:\s+(?P<mod>{mods}){WE})?(?!\s*\d)"),
        ("dayrel", rf"{WS}{PRO}(?:(?P<yom>يوم)\s+)?(?:(?P<al>ال ?)?(?P<d1>[0-3]?\d)(?!\d)|(?P<o1>{ordw}){WE})"
                   rf"\s+من\s+(?P<u>الشهر)\s+(?P<mod>{mods}){WE}"),
        # a season, school or fiscal year written as two years: «الموسم 2023/2024», «2017-2018»
        ("yearpair", r"(?<![\d/.\-])(?P<y1>(?:19|20)\d\d)[ \t]*[/\-][ \t]*(?P<y2>(?:19|20)\d\d|\d\d)(?!\d|[/.\-]\d)"),
        ("years", rf"{WS}{PRO}(?:بين\s+)?(?:عامي|العامين|سنتي|السنتين)\s+(?P<y1>\d{{4}})\s*(?:و|الي|-)\s*(?:عام\s+)?(?P<y2>\d{{4}})(?!\d)"),
        ("year", rf"{WS}{PRO}(?P<kw>{pre}(?:عام|العام|سنه|السنه)\s+)?(?P<y1>\d{{4}}|\d{{3}}(?=\s*(?:م|ه|للهجره|هجريه|هجري|الهجري|الهجريه|ميلاديه|ميلادي|للميلاد){WE}))(?!\d)(?:\s*(?P<era>م|ه|للهجره|هجريه|هجري|الهجري|الهجريه|ميلاديه|ميلادي|للميلاد){WE})?"),
        ("decade", rf"{WS}{PRO}(?:ال)?(?P<dec>{dec}){WE}(?:\s+(?:من\s+)?(?P<cent>القرن\s+(?:الماضي|العشرين|الحالي|الحادي\s+والعشرين|الجاري)))?"),
        ("relunit", rf"{WS}{PRO}{pre}(?P<u>الاسبوع|الشهر|العام|السنه)\s+(?P<mod>{mods}){WE}"),
        ("thisunit", rf"{WS}{PRO}(?:هذا|هذه)\s+(?P<u>الاسبوع|الشهر|العام|السنه){WE}"),
        ("samemonth", rf"{WS}{PRO}(?:(?:نفس|ذات)\s+الشهر|الشهر\s+(?:نفسه|ذاته))\s+(?:من\s+)?{yrel}"),
        ("qh", rf"{WS}{PRO}(?P<q>الربع|النصف)\s+(?P<o>الاول|الثاني|الثالث|الرابع|الاخير){WE}"
               rf"(?:\s+(?:من\s+)?(?:(?:عام|العام|سنه)\s+)?(?P<year>\d{{4}})(?!\d)|\s+(?:من\s+)?{yrel})?"),
        ("season", rf"{WS}{PRO}(?P<s>{_alt(seasons)}){WE}\s*(?:(?:من\s+)?(?:عام\s+)?(?P<year>\d{{4}})(?!\d)|(?:من\s+)?{yrel}|(?P<mod>{mods}){WE})"),
        ("lastnight", rf"{WS}{PRO}(?P<ln>الليله\s+(?:الماضيه|المنصرمه|الفائته)){WE}"),
        ("deictic", rf"{WS}{PRO}(?:(?P<part>{parts_alt}){WE}\s+)?(?P<deic>{deic}){WE}(?:\s+(?P<wd>{wd}){WE})?"),
        # "اليوم التالي": the day after the narrative's last dated day, not today
        ("dayafter", (rf"{WS}{PRO}(?:(?P<part>{parts_alt}){WE}\s+)?(?P<d>اليوم)\s+"
                      rf"(?P<mod>التالي|اللاحق|السابق|الذي\s+تلاه|الذي\s+سبقه){WE}")),
        ("weekday", rf"{WS}{PRO}(?:(?P<part>{parts_alt}){WE}\s+)?(?:(?P<yom>يوم|يومي|نهار){WE}\s+)?(?P<wd>{wd}){WE}"
                    rf"(?:\s+و\s*(?P<wd2>{wd}){WE})?(?:\s+(?P<mod>{mods}){WE})?"),
        ("ago", rf"{WS}{PRO}(?P<kw>منذ|قبل|بعد)\s+(?:(?P<n>{numw})\s+(?P<u>{units_all})|(?P<du>{units_du})|(?P<pl>{units_pl})|(?P<u1>{units_sg})){WE}"),
        ("thenafter", rf"{WS}{PRO}(?P<kw>بعد|قبل)\s+(?:ذلك|ذالك|هذا)\s+ب\s*(?:(?P<n>{numw})\s+)?(?P<u>{units_all}){WE}"),
        ("dur", rf"{WS}{PRO}(?P<n>{numw})\s+(?P<u>{units_all}){WE}(?P<half>\s+ونصف(?:\s+(?:{units_sg}))?{WE})?"),
        ("dur1", rf"{WS}{PRO}(?P<u>{units_sg}){WE}\s+(?:(?P<full>كامل|كامله)|(?P<half>ونصف(?:\s+(?:{units_sg}))?)){WE}"),
        ("dual", rf"{WS}{PRO}(?P<u>{units_du}){WE}"),
        ("durpl", rf"{WS}{PRO}(?:(?P<few>عده|بضعه|بضع)\s+)?ال?(?P<u>{units_pl}){WE}(?:\s+ال(?P<nw>{small_num}){WE})?(?:\s+(?:القليله|الطويله))?(?:\s+(?P<mod>الاخيره|الماضيه|المقبله|القادمه|الاخير|الماضي|المقبل)){WE}"),
        ("vague_pl", rf"(?<=منذ\s)(?P<u>{units_pl}){WE}|{WS}ل(?P<u2>سنوات|اعوام|عقود|شهور|اسابيع){WE}"),
        ("set", rf"{WS}{PRO}(?:(?P<cnt>مره|مرتين|مرات|{small_num}\s+مرات)\s+(?:في|كل)\s+(?:ال)?|كل\s+)(?P<u>يوم|اسبوع|شهر|عام|سنه){WE}"),
        ("ref", rf"{WS}{PRO}(?P<r>{_alt(refs)}){WE}"),
        ("later", rf"{WS}(?<=في\s)(?P<r>وقت\s+لاحق|الماضي|السابق|المستقبل){WE}"),
        ("ana", rf"{WS}{PRO}(?P<a>ذلك\s+الوقت|تلك\s+الفتره|ذات\s+الفتره|الفتره\s+نفسها|ذلك\s+الحين|نفس\s+الفتره){WE}"),
        ("longtime", rf"{WS}{PRO}(?P<a>زمن\s+طويل|وقت\s+طويل|فتره\s+طويله){WE}"),
        ("clock", r"(?<![\d:])(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?![\d:])"
                  rf"(?:\s+(?P<ap>صباحا|مساء|مساءا|ظهرا|فجرا|ليلا){WE})?"),
        ("hour", rf"{WS}{PRO}(?P<kw>الساعه)\s+(?:(?P<h>[0-2]?\d)(?![\d:])|(?P<hw>{_alt(_HOUR_WORDS)}){WE})(?:\s+(?:و\s*)?(?P<half>نصف|ربع))?"
                 rf"\s+(?:من\s+)?(?P<ap>صباحا|مساء|مساءا|ظهرا|فجرا|ليلا|بعد\s+الظهر|صباح|مساء){WE}"
                 rf"(?:\s+(?:يوم\s+)?(?P<wd>{wd}){WE}|\s+(?P<deic>{deic}){WE})?"),
        ("yearsame", rf"{WS}{PRO}(?:في\s+)?(?:العام|السنه)\s+(?P<yrel>{'|'.join(SAME_MODS)}){WE}"),
    ]
    # needles: a pattern runs only when one of its literal words occurs in the key (speed)
    stems = lambda ws: tuple(sorted({w.split(" ")[0][:4] for w in ws}))  # noqa: E731
    needles: dict[str, tuple[str, ...] | re.Pattern | None] = {
        "hijri": stems(hijri), "date": stems(greg),
        "numeric": re.compile(r"\d\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"),
        "iso": re.compile(r"\d{4}-\d\d-\d"),
        "ymd": re.compile(r"\d{4}\s*[/.]\s*\d{1,2}\s*[/.]\s*\d"),
        "hijri_noyear": stems(hijri), "dayrel": ("الشهر",),
        "years": ("عامي", "العامين", "سنتي", "السنتين"), "year": re.compile(r"\d{3}"),
        "yearpair": re.compile(r"\d{4}\s*[/\-]\s*\d\d"),
        "decade": ("ينيات", "ينات"), "relunit": ("الاسبوع", "الشهر", "العام", "السنه"),
        "thisunit": ("هذا", "هذه"), "samemonth": ("الشهر",), "qh": ("الربع", "النصف"),
        "season": stems(seasons), "deictic": stems(deictic), "lastnight": ("الليله",), "dayafter": ("اليوم",),
        "weekday": stems(weekdays),
        "ago": ("منذ", "قبل", "بعد"), "thenafter": ("ذلك", "ذالك", "هذا"), "dur": stems(units),
        "dur1": ("كامل", "ونصف"), "dual": stems(u for u, (_, c) in units.items() if c == "unit_dual"),
        "durpl": stems(u for u, (_, c) in units.items() if c == "unit_pl"),
        "vague_pl": ("منذ", "لسنوات", "لاعوام", "لعقود", "لاشهر", "لشهور", "لاسابيع"),
        "set": ("مره", "مرتين", "مرات", "كل "), "ref": stems(refs),
        "later": ("لاحق", "الماضي", "السابق", "المستقبل"),
        "ana": ("الوقت", "الفتره", "الحين"), "longtime": ("طويل",), "clock": re.compile(r"\d:\d\d"), "hour": ("الساعه",),
        "yearsame": ("نفس", "ذات"),
    }
    # anchors: a pattern with an anchor is only run in windows (chars before, after) around the
    # anchor's occurrences; anchors are plain alternations, which the regex engine scans fast
    needles["hijri"] = re.compile(rf"(?:{hm})\s*\d{{4}}")
    anchors: dict[str, tuple[re.Pattern, int, int]] = {
        "date": (re.compile(gm), 80, 80), "dur": (re.compile(units_all), 45, 45),
        "year": (re.compile(r"[12]\d\d\d|\d{3}\s*(?:م|ه|لله|هجر|الهجر|ميلاد|للميلاد)"), 30, 20), "weekday": (re.compile(wd), 30, 40),
        "deictic": (re.compile(deic), 20, 30), "relunit": (re.compile("الاسبوع|الشهر|العام|السنه"), 25, 25),
        "set": (re.compile("مره|مرتين|مرات|كل"), 25, 30), "thenafter": (re.compile("ذلك|ذالك|هذا"), 10, 45),
        "hijri": (re.compile(hm), 45, 30), "hijri_noyear": (re.compile(hm), 45, 30),
        "dayrel": (re.compile("الشهر"), 45, 25), "durpl": (re.compile(units_pl), 20, 60),
        "thisunit": (re.compile("هذا|هذه"), 5, 20), "dual": (re.compile(units_du), 5, 20),
        "ref": (re.compile(_alt(refs)), 5, 30), "ago": (re.compile("منذ|قبل|بعد"), 5, 50),
    }
    return _Lex(greg, hijri, weekdays, units, deictic, refs, parts, seasons, decades,
                [(n, re.compile(p), needles[n], anchors.get(n)) for n, p in pats],
                frozenset(hijri_amb))


# --------------------------------------------------------------------------- resolution helpers

@dataclass
class _Ctx:
    pub: date | None
    pub_dt: datetime | None
    k: str
    om: OffsetMap
    text: str
    last_year: int | None = None
    last_value: str | None = None
    #: key offset where the previous timex ended when it was a single day («غدا»), for a clock
    #: time right after it («غدا الساعة السادسة مساء»: that day's 18:00)
    last_day_end: int | None = None
    last_month: tuple[int, int] | None = None
    last_fine: str | None = None


def _parse_pub(published: str | None) -> tuple[date | None, datetime | None]:
    if not published:
        return None, None
    s = published.strip()
    try:
        if len(s) > 10:
            dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
            return dt.date(), dt
        return date.fromisoformat(s[:10]), None
    except ValueError:
        return None, None


def _is_future(ctx: _Ctx, ks: int, ke: int) -> bool:
    """Tense cue: a future verb (سـ/سوف/من المقرر ...) in the clause around ``[ks, ke)``."""
    k = ctx.k
    lo = max(0, ks - 70)
    seg = k[lo:ks]
    for sep in (".", "؟", "!", "\n", "؛", "بعد ان ", "بعدما "):
        # (a «بعد أن» clause tells what happened before: «سيزور المغرب، بعد أن زار الجزائر في
        # أغسطس» does not make August a future one)
        p = seg.rfind(sep)
        if p >= 0:
            seg = seg[p + len(sep):]
    after = k[ke:ke + 25]
    for sep in (".", "؟", "!", "\n", "،", ","):
        p = after.find(sep)
        if p >= 0:
            after = after[:p]
    for w in (seg + " " + after).split():
        w = w.strip("،,:\"'«»()")
        if w in FUTURE_WORDS:
            return True
        b = w[1:] if w[:1] in ("و", "ف") and len(w) > 4 else w
        if (len(b) >= 4 and b[0] == "س" and b[1] in "يتن" and not b.startswith(NOT_FUTURE)
                and not b.endswith(("ه", "ات", "يه"))):
            return True
    return False


@lru_cache(maxsize=1)
def _not_imperfect() -> frozenset:
    """Keys of words starting with ي/ت/ن that are not imperfect verbs: class ``nonverb`` of
    ``time_words.tsv`` (يوم، تاريخ، نهاية ...) and every word of the month names."""
    out = {key(r[0]) for r in read_tsv("time_words.tsv") if len(r) > 1 and r[1] == "nonverb"}
    for r in read_tsv("months.tsv"):
        out.update(key(r[0]).split())
    return frozenset(out)


@lru_cache(maxsize=1)
def _past_verbs() -> frozenset:
    """Keys of perfect event verbs (class ``past_verb`` of ``time_words.tsv``) with their
    suffixed forms (+ت، +وا، +تا، +ا)."""
    out: set[str] = set()
    for r in read_tsv("time_words.tsv"):
        if len(r) > 1 and r[1] == "past_verb":
            k = key(r[0])
            out.update((k + "ت", k + "وا", k + "تا"))
            if r[0].endswith("ى"):
                # a defective verb drops its final alif: جرى -> جرت، جروا; أجرى -> أجرت
                out.update((k[:-1] + "ت", k[:-1] + "وا", k[:-1] + "تا"))
            if len(k) >= 4 or (len(r) > 3 and "bare" in r[3]):
                out.update((k, k + "ا"))
    return frozenset(out)


#: Words before a date that point ahead at any distance (by, as of, starting from).
_AHEAD_FAR = frozenset(key(w) for w in ("بحلول", "اعتبارا", "اعتباراً", "ابتداء", "ابتداءً"))
#: Words right before a date that point ahead (until, by, as of, from ... on).
_AHEAD = _AHEAD_FAR | frozenset(key(w) for w in ("حتى", "مطلع", "منتصف", "نهاية", "أواخر",
                                                 "اواخر"))


def _clause_before(ctx: _Ctx, ks: int) -> str:
    """The key text of the clause before key offset ``ks``: back to sentence punctuation, a
    comma or a line break, at most 60 characters."""
    seg = ctx.k[max(0, ks - 60):ks]
    for sep in (".", "؟", "!", "\n", "؛", "،", ","):
        p = seg.rfind(sep)
        if p >= 0:
            seg = seg[p + 1:]
    return seg


def _bare(w: str) -> str:
    """A key word without a leading conjunction و/ف (words of more than three letters)."""
    return w[1:] if w[:1] in ("و", "ف") and len(w) > 3 else w


def _perfect_in_t(b: str) -> bool:
    """A bare word that reads as a perfect verb ending in ت (أعلنت، تراجعت): not a plural in
    ات nor a definite noun."""
    return b[:2] != "ال" and b.endswith("ت") and not b.endswith("ات") and len(b) >= 4


def _clause_words(ctx: _Ctx, ks: int, skip: tuple[str, ...]) -> list[str]:
    """The words of the clause before key offset ``ks`` (:func:`_clause_before`), quotes and
    brackets stripped, without the words of ``skip``."""
    ws = [w.strip("\"'«»()") for w in _clause_before(ctx, ks).split()]
    return [w for w in ws if w and w not in skip]


def _clause_has_perfect(ctx: _Ctx, ks: int) -> bool:
    """Whether the clause before key offset ``ks`` holds a perfect (past) verb: one of
    ``time_words.tsv``'s, or a word ending in ت that is no plural or definite noun
    («وتراجعت الصادرات حتى يونيو»)."""
    past = _past_verbs()
    for w in _clause_words(ctx, ks, ()):
        b = _bare(w)
        if w in past or b in past or _perfect_in_t(b):
            return True
    return False


def _word_before_in(ctx: _Ctx, ks: int, words: frozenset) -> bool:
    """Whether the word before key offset ``ks`` (skipping في/من/شهر) is one of ``words``."""
    ws = _clause_words(ctx, ks, ("في", "من", "شهر"))
    return bool(ws) and ws[-1] in words


def _clause_is_nonpast(ctx: _Ctx, ks: int) -> bool:
    """True when the clause before key offset ``ks`` speaks of now or later: the word before
    the date points ahead (حتى، بحلول، اعتبارا من ...), or the nearest verb before it is an
    imperfect (يـ/تـ/نـ, «يعقد في باريس في أبريل») with no لم/كان/قد before it; a perfect verb,
    «منذ» (since) or no verb at all leave it undecided (False)."""
    ws = _clause_words(ctx, ks, ("في", "من", "شهر", "خلال"))
    if not ws or ws[-1] in _SINCE:
        return False
    if ws[-1] in _AHEAD:
        return True
    past = _past_verbs()
    nonverbs = _not_imperfect()
    if any(w in _WAS for w in ws):
        return False  # «كان الرئيس يزور فرنسا في أبريل»: a past habit
    from rasd.text.tokenizer import load_lexicon

    lex = load_lexicon()
    for w in reversed(ws):
        b = _bare(w)
        if w in _SINCE or w in past or b in past or b in ("لم", "قد", "لا"):
            return False
        if _perfect_in_t(b) or b[:2] != "ال" and b.startswith("ا") and len(b) >= 5:
            return False  # a perfect verb (أعلنت، تراجعت، اجتمع): the past
        if 4 <= len(b) <= 7 and b[0] in "يت" and b not in nonverbs \
                and not b.endswith(("ا", "ه", "ات", "يا", "ين", "ون")) \
                and lex.get("ال" + b, 0) < 3:
            # an imperfect verb (يعقد، تستمر، تجري): not a noun that takes the article
            # (تعميم، تقرير), an accusative (تعميما) or a name (نيجيريا)
            return True
    return False


def _clause_is_past(ctx: _Ctx, ks: int, ke: int | None = None) -> bool:
    """True if the nearest verb before key offset ``ks`` in its clause (back to sentence
    punctuation, a comma or a line break, at most 60 characters) is a perfect event verb of
    ``time_words.tsv`` ("عاد الوفد في 5 أيار", "الهجوم الذي وقع في 20 نيسان").  An imperfect
    verb nearer to the date (يـ/تـ/نـ + 3 letters: "أعلن أن الامتحانات تبدأ في 20 نيسان"), a
    negation or قد/كان, or no verb at all leave the tense undecided (False).  Future cues are
    checked by the caller (:func:`_is_future`).  With ``ke`` (the date's end), a clause with
    no verb before the date reads the word right after it ("وفي 3 أيار التقى الوزير")."""
    k = ctx.k
    seg = _clause_before(ctx, ks)
    past = _past_verbs()
    nonverbs = _not_imperfect()
    for w in reversed(seg.split()):
        w = w.strip("\"'«»()")
        b = _bare(w)
        if w in past or b in past:
            return True
        if len(b) >= 4 and b[0] in "يتن" and b not in nonverbs:
            return False
        if b in ("لا", "لم", "لن", "قد", "كان", "كانت"):
            return False
    if ke is not None:
        after = k[ke:ke + 30].split()
        if after and after[0][:1].isalpha():
            w = after[0].strip("\"'«»()،,.")
            return w in past or _bare(w) in past
    return False


def _month_value(ctx: _Ctx, month: int, mod: str | None, future: bool) -> tuple[int, int] | None:
    """Year of a month named without a year, from the publication date and a modifier."""
    if ctx.pub is None:
        return None
    py, pm = ctx.pub.year, ctx.pub.month
    if mod in PAST_MODS or mod in PREV_MODS:
        return (py if month < pm else py - 1, month)
    if mod in FUT_MODS or mod in NEXT_MODS:
        return (py if month > pm else py + 1, month)
    if mod in PRES_MODS:
        return (py, month)
    if mod in SAME_MODS:
        return ((ctx.last_year or py), month)
    if future:
        return (py if month >= pm else py + 1, month)
    return (py if month <= pm else py - 1, month)


def _rel_year(ctx: _Ctx, mod: str) -> int | None:
    if ctx.pub is None and mod not in SAME_MODS:
        return None
    py = ctx.pub.year if ctx.pub else None
    if mod in PAST_MODS:
        return py - 1
    if mod in FUT_MODS:
        return py + 1
    if mod in PRES_MODS:
        return py
    if mod in SAME_MODS:
        return ctx.last_year or py
    if mod in PREV_MODS:
        return (ctx.last_year or py) - 1 if (ctx.last_year or py) else None
    if mod in NEXT_MODS:
        return (ctx.last_year or py) + 1 if (ctx.last_year or py) else None
    return None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def _ordinal_day(o: str) -> int | None:
    o = _norm_ws(o)
    base = {"الاول": 1, "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5,
            "السادس": 6, "السابع": 7, "الثامن": 8, "التاسع": 9, "العاشر": 10}
    if o == "العشرين":
        return 20
    if o == "الثلاثين":
        return 30
    parts = o.split(" ")
    if len(parts) == 1:
        return base.get(o)
    first = base.get(parts[0])
    if first is None:
        return None
    if parts[1] == "عشر":
        return 10 + first
    if parts[1] == "والعشرين":
        return 20 + first
    if parts[1] == "والثلاثين":
        return 30 + first
    return None


def _month_num(lex: _Lex, m: str | None) -> int | None:
    if not m:
        return None
    m = _norm_ws(m)
    if m in lex.greg:
        return lex.greg[m][0]
    m2 = re.sub(r"\s*(\d)", r" \1", m)
    for cand in (m2, m.replace(" ", "")):
        if cand in lex.greg:
            return lex.greg[cand][0]
    for f, (n, _) in lex.greg.items():
        if _month_key(f) == _month_key(m):
            return n
    return None


def _month_flags(lex: _Lex, m: str) -> frozenset:
    m = _norm_ws(m)
    for f, (_, fl) in lex.greg.items():
        if _month_key(f) == _month_key(m):
            return fl
    return frozenset()


def _prev_word(k: str, pos: int) -> str:
    seg = k[max(0, pos - 20):pos].split()
    return seg[-1] if seg else ""


# --------------------------------------------------------------------------- handlers
# Each handler gets (match, ctx, span_start_key) and returns (type, value, key_start, key_end)
# or None to drop the candidate.

def _h_date(m: re.Match, ctx: _Ctx, lex: _Lex):
    n1 = _month_num(lex, m.group("m1"))
    if n1 is None:
        return None
    start, end = m.start("m1"), m.end()
    for g in ("wd0", "al", "d1", "o1", "wk", "wkl"):
        if m.group(g) is not None:
            start = min(start, m.start(g))
    if m.group("o1") is not None:
        s_yom = ctx.k.rfind("يوم", 0, m.start("o1"))
        if s_yom >= m.start() and s_yom >= 0:
            start = min(start, s_yom)
    if m.group("pre"):
        start = min(start, m.start("pre"))
    paired = False
    m2 = m.group("m2") or m.group("m3") or m.group("m4")
    if m2 is not None:
        n2 = _month_num(lex, m2)
        if n2 != n1:
            # not a pair: keep only the first month
            if m.group("m3") is not None or n2 is None:
                end = m.end("m1")
                return _finish_month(m, ctx, lex, n1, start, end, paired=False, tail=False)
            return None
        paired = True
    return _finish_month(m, ctx, lex, n1, start, end, paired=paired, tail=True)


def _finish_month(m, ctx: _Ctx, lex: _Lex, n1: int, start: int, end: int, paired: bool, tail: bool):
    k = ctx.k
    d1 = m.group("d1")
    d2 = m.group("d2")
    week = None  # «الأسبوع الثاني من مارس»: the n-th week of the month, not its n-th day
    if m.group("wkl"):
        week = -1  # «الأسبوع الأخير من أبريل»: the month's last seven days
    elif m.group("wk") and m.group("o1") and not m.group("o2"):
        week = _ordinal_day(m.group("o1"))
        if week is None or week > 5:
            return None
    elif d1 is None and m.group("o1"):
        d1 = _ordinal_day(m.group("o1"))
        d2 = _ordinal_day(m.group("o2")) if m.group("o2") else None
    d1 = int(d1) if d1 is not None else None
    d2 = int(d2) if d2 is not None else None
    year = m.group("year") if tail else None
    yrel = m.group("yrel") if tail else None
    mod = m.group("mod") if tail else None
    if not tail:
        year = yrel = mod = None
    # ambiguous month names need date context
    flags = _month_flags(lex, m.group("m1"))
    if "madda" in flags:
        s0, e0 = ctx.om.to_original(m.start("m1"), m.end("m1"))
        if "آ" not in ctx.text[s0:e0]:
            return None
    if "amb" in flags and not (d1 or week or year or yrel or mod or paired or m.group("pre")):
        pw = _prev_word(k, m.start("m1"))
        if pw not in MONTH_CUES:
            return None
    if year is not None:
        y = int(year)
        if m.group("era") == "ه":
            return None
        if not 1000 <= y <= 2200:
            return None
        ym: tuple[int, int] | None = (y, n1)
    elif yrel is not None:
        ry = _rel_year(ctx, yrel)
        ym = (ry, n1) if ry else None
    else:
        fut = mod in FUT_MODS or (mod is None and _is_future(ctx, start, end))
        if d1 is not None and mod is None and ctx.pub is not None:
            # a day and month: same year as publication unless far in the future/past
            py = ctx.pub.year
            best = None
            # a past clause ("عاد الوفد في 5 أيار"): the last such date, not a future one
            past = not fut and _clause_is_past(ctx, start, end)
            for y in (py - 1, py, py + 1):
                if not _valid(y, n1, d1):
                    continue
                delta = (date(y, n1, d1) - ctx.pub).days
                score = abs(delta) if (delta <= 0 or fut or delta < 62) else abs(delta) * 4
                if past:
                    # the most recent occurrence not after the reference (+ tolerance)
                    score = abs(delta) if delta <= PAST_TOLERANCE_DAYS else 10_000 + delta
                if fut and delta < -7:
                    score = abs(delta) * 4
                if best is None or score < best[0]:
                    best = (score, y)
            ym = (best[1], n1) if best else None
        else:
            # a month of the next two, in a clause with no past verb («تستمر الاجتماعات حتى
            # نهاية أبريل» in March): the coming one, as a day and month within 62 days
            ahead = (n1 - ctx.pub.month) % 12 if ctx.pub is not None else 0
            # «بحلول/اعتبارا من/ابتداء من + month» points ahead whatever the distance; an
            # imperfect verb or حتى (also "up to" a past month in statistics: «الأشهر الثلاثة
            # حتى مارس») only for the next two months
            soon = mod is None and not fut and ctx.pub is not None and ahead >= 1 and (
                ahead <= 2 and _clause_is_nonpast(ctx, start)
                or _word_before_in(ctx, start, _AHEAD_FAR) and not _clause_has_perfect(ctx, start))
            ym = _month_value(ctx, n1, mod, fut or soon)
    if ym is None or ym[0] is None:
        if ctx.pub is not None:
            return "DATE", None, start, end
        # no reference date: the year stays unspecified, as TIMEX3 writes it (XXXX-03-12)
        if d1 is None:
            return "DATE", f"XXXX-{n1:02d}", start, end
        if not _valid(2000, n1, d1):  # 2000 is a leap year: 29 February stays possible
            return None
        v = f"XXXX-{n1:02d}-{d1:02d}"
        if d2 is not None and _valid(2000, n1, d2) and d2 > d1:
            v = f"{v}/XXXX-{n1:02d}-{d2:02d}"
        return "DATE", v, start, end
    y, mo = ym
    ctx.last_year = y
    ctx.last_month = (y, mo)
    if week is not None:
        # days 7(n-1)+1 .. 7n (the last week: the last seven days); TIMEX3 has no
        # week-of-month, so the ISO week holding the block's middle day (the second week of
        # March 2024, 8-14 March: 2024-W11; the last week of April 2025, 24-30: 2025-W17)
        last = calendar.monthrange(y, mo)[1]
        mid = last - 3 if week == -1 else min(7 * (week - 1) + 4, last)
        return "DATE", _iso_week(date(y, mo, mid)), start, end
    if d1 is not None:
        if not _valid(y, mo, d1):
            return None
        v = f"{y:04d}-{mo:02d}-{d1:02d}"
        if d2 is not None and _valid(y, mo, d2) and d2 > d1:
            v = f"{v}/{y:04d}-{mo:02d}-{d2:02d}"
        return "DATE", v, start, end
    return "DATE", f"{y:04d}-{mo:02d}", start, end


def _h_hijri(m, ctx: _Ctx, lex: _Lex):
    from hijridate import Hijri

    hm = lex.hijri.get(_norm_ws(m.group("hm")))
    if hm is None:
        return None
    y = int(m.group("year"))
    if not 1300 <= y <= 1500:
        return None
    start = m.start("hm")
    for g in ("wd0", "d1", "o1"):
        if m.group(g) is not None:
            start = min(start, m.start(g))
    day = int(m.group("d1")) if m.group("d1") else (
        _ordinal_day(m.group("o1")) if m.group("o1") else None)
    try:
        if day:
            g = Hijri(y, hm, day).to_gregorian()
            v = f"{g.year:04d}-{g.month:02d}-{g.day:02d}"
        else:
            g = Hijri(y, hm, 1).to_gregorian()
            v = f"{g.year:04d}-{g.month:02d}"
    except (ValueError, OverflowError):
        return None
    ctx.last_year = g.year
    return "DATE", v, start, m.end()


def _hijri_today(ctx: _Ctx) -> tuple[int, int, int] | None:
    """The reference date in the Umm al-Qura calendar, ``(year, month, day)``, or None."""
    if ctx.pub is None:
        return None
    from hijridate import Gregorian

    try:
        h = Gregorian(ctx.pub.year, ctx.pub.month, ctx.pub.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def _h_hijri_noyear(m, ctx: _Ctx, lex: _Lex):
    """A Hijri day and month without a year ("17 رمضان الماضي", "10 محرم المقبل"): the year
    comes from the reference's Hijri date, by modifier or tense (as for Gregorian months)."""
    from hijridate import Hijri

    hm = lex.hijri.get(_norm_ws(m.group("hm")))
    # a digit day, or an ordinal one («الأول من ذي القعدة»)
    d = int(m.group("d1")) if m.group("d1") else _ordinal_day(m.group("o1"))
    if hm is None or d is None or not 1 <= d <= 30:
        return None
    start = m.start("al") if m.group("al") else m.start("d1") if m.group("d1") else m.start("o1")
    if m.group("wd0") is not None:
        start = m.start("wd0")
    if (_norm_ws(m.group("hm")) in lex.hijri_amb and not m.group("mod") and not m.group("shahr")
            and _prev_word(ctx.k, start) not in MONTH_CUES):
        return None  # "فاز 3 صفر" (a score), not 3 Safar
    today = _hijri_today(ctx)
    if today is None:
        return "DATE", None, start, m.end()
    hy, hmo, hd = today
    mod = m.group("mod")
    later = (hm, d) > (hmo, hd)
    if mod in PAST_MODS or mod in PREV_MODS:
        y = hy - 1 if later or (hm, d) == (hmo, hd) else hy
    elif mod in FUT_MODS or mod in NEXT_MODS:
        y = hy if later else hy + 1
    elif mod in PRES_MODS:
        y = hy
    elif mod in SAME_MODS:
        return None
    elif _is_future(ctx, start, m.end()) or (
            later and (hm - hmo) % 12 <= 2 and _clause_is_nonpast(ctx, start)):
        # a future cue, or a day of the next two months in a clause about now or later
        # («تجري الانتخابات في 15 ذي الحجة»)
        y = hy if later or (hm, d) == (hmo, hd) else hy + 1
    else:
        y = hy - 1 if later else hy
    try:
        g = Hijri(y, hm, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return "DATE", f"{g.year:04d}-{g.month:02d}-{g.day:02d}", start, m.end()


def _h_dayrel(m, ctx: _Ctx, lex: _Lex):
    """A day of a relative month: "20 من الشهر الماضي", "العشرين من الشهر الجاري"."""
    d = int(m.group("d1")) if m.group("d1") else _ordinal_day(m.group("o1"))
    # as for month dates: "يوم" stays with an ordinal day, not with a day number
    start = _span_start(m, ctx)
    if m.group("d1"):
        start = m.start("al") if m.group("al") else m.start("d1")
    mod = m.group("mod")
    if d is None or mod in PREV_MODS or mod in NEXT_MODS:
        return None
    if mod in SAME_MODS:  # "25 من الشهر نفسه": the month named last
        if ctx.last_month is None:
            return ("DATE", f"XXXX-XX-{d:02d}", start, m.end()) if ctx.pub is None else None
        y, mo = ctx.last_month
    elif ctx.pub is None:
        return "DATE", f"XXXX-XX-{d:02d}", start, m.end()
    else:
        off = -1 if mod in PAST_MODS else 1 if mod in FUT_MODS else 0
        y, mo = divmod(ctx.pub.year * 12 + ctx.pub.month - 1 + off, 12)
        mo += 1
    if not _valid(y, mo, d):
        return None
    ctx.last_month = (y, mo)
    ctx.last_year = y
    return "DATE", f"{y:04d}-{mo:02d}-{d:02d}", start, m.end()


def _h_numeric(m, ctx, lex):
    d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    if not (1 <= mo <= 12) or not _valid(y, mo, d) or not 1800 <= y <= 2200:
        return None
    ctx.last_year = y
    return "DATE", f"{y:04d}-{mo:02d}-{d:02d}", m.start(), m.end()


def _h_years(m, ctx, lex):
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if not (1800 <= y1 <= 2200 and 1800 <= y2 <= 2200 and y1 < y2):
        return None
    ctx.last_year = y2
    s = ctx.k.find("عام", m.start(), m.start("y1"))
    s = m.start("y1") if s < 0 else s
    s2 = ctx.k.find("سنت", m.start(), m.start("y1"))
    if s2 >= 0:
        s = min(s, s2)
    return "DATE", f"{y1}/{y2}", s, m.end()


_NEXT_WORD = re.compile(rf"\s*(%|[{AL}]+|\d)")


_NUMBER_WORDS = frozenset(key(w) for w in ("رقم", "الرقم", "برقم", "العدد", "بالعدد"))


def _h_yearpair(m, ctx, lex):
    """«2023/2024», «2017-2018», «2024/25», «الفترة 2010-2015»: a season, a school or fiscal
    year, or a period of years -> ``2023/2024`` (as «بين عامي 2016 و2017»); a pair written from
    the later year («1953-1950», bidi copy) is the same period, the same year twice one year; a
    pair spanning more than 50 years is no period."""
    y1 = int(m.group("y1"))
    t2 = m.group("y2")
    y2 = int(t2) if len(t2) == 4 else y1 // 100 * 100 + int(t2)
    lo, hi = min(y1, y2), max(y1, y2)  # «(1953-1950)»: written in the other direction
    if not (1800 <= lo and hi <= 2200 and hi - lo <= 50):
        return None
    if _prev_word(ctx.k, m.start()) in _NUMBER_WORDS:
        return None  # «القرار رقم 2024/2025»: a number, not a period
    ctx.last_year = hi
    return "DATE", f"{lo}" if lo == hi else f"{lo}/{hi}", m.start(), m.end()


def _h_year(m, ctx, lex):
    y = int(m.group("y1"))
    kw = m.group("kw")
    if not 1900 <= y <= 2100:
        # a year far from now needs «عام/سنة» or a Hijri era word; only an era word makes a
        # three-digit number a year («سنة 656 للهجرة», «عام 732 م», «808 هـ»; a bare «750 م»
        # is 750 metres)
        era = m.group("era")
        if not ((kw or era in _HIJRI_ERAS) and (100 if era else 1000) <= y <= 2200):
            return None
    if not kw:
        # a bare number is a year only when it is not an amount or part of a number
        k = ctx.k
        s = m.start("y1")
        if s > 0 and k[s - 1] in ".,":
            return None
        nx = _NEXT_WORD.match(k, m.end())
        if nx:
            w = nx.group(1)
            if w == "%" or w.isdigit():
                return None
            if _is_quantity_word(w) and not (_is_counted_noun(w) and year_slot(k, s, m.group("y1"))):
                return None  # "2000 جندي" is an amount; "في 2022 اتفاقية" a year
        pw = _prev_word(k, s)
        if pw in _QUAL_WORDS or (s > 0 and k[s - 1] in "-/_"):
            return None
    start = m.start("kw") if kw else m.start("y1")
    if m.group("era") in _HIJRI_ERAS:
        # «عام 1445 هـ»: a Hijri (Umm al-Qura) year, which spans parts of two Gregorian
        # years (1445 AH = 19 July 2023 - 6 July 2024): their range, as «عامي 2023 و2024»
        g = _hijri_year_span(y)
        if g is None:
            return None
        y0, y1 = g
        ctx.last_year = y1
        return "DATE", f"{y0:04d}" if y0 == y1 else f"{y0:04d}/{y1:04d}", start, m.end()
    ctx.last_year = y
    return "DATE", f"{y:04d}", start, m.end()


_SINCE = frozenset({"منذ", "ومنذ"})
_WAS = frozenset({"كان", "كانت", "وكان", "وكانت", "فكان", "فكانت", "كانوا", "وكانوا"})
#: Keys of the era words after a year that make it Hijri (هـ، هجرية، للهجرة ...).
_HIJRI_ERAS = frozenset({"ه", "للهجره", "هجريه", "هجري", "الهجري", "الهجريه"})


def _hijri_year_span(hy: int) -> tuple[int, int] | None:
    """Gregorian years of the first and last day of Hijri year ``hy``: the Umm al-Qura
    calendar (through ``hijridate``) within its range (1343-1500 AH), else the tabular
    (arithmetical) Islamic calendar, which the historical years of news copy use («سقطت بغداد
    سنة 656 للهجرة» = 1258); None for years before 1 AH or after 2200 CE."""
    from hijridate import Hijri

    try:
        first = Hijri(hy, 1, 1).to_gregorian()
        last = Hijri(hy, 12, Hijri(hy, 12, 1).month_length()).to_gregorian()
        return first.year, last.year
    except (ValueError, OverflowError):
        pass
    if not 1 <= hy <= 1620:
        return None
    y0 = _tabular_hijri_new_year(hy).year
    y1 = (_tabular_hijri_new_year(hy + 1) - timedelta(days=1)).year
    return y0, y1


def _tabular_hijri_new_year(hy: int) -> date:
    """1 Muharram of Hijri year ``hy`` in the tabular Islamic calendar (30-year cycle with leap
    years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29; civil epoch 16 July 622 Julian = Julian day
    1948439.5; Reingold & Dershowitz, *Calendrical Calculations*), as a proleptic Gregorian
    date, as ISO 8601 and TIMEX3 write dates."""
    jd = 1948439.5 + (hy - 1) * 354 + (3 + 11 * hy) // 30
    return date.fromordinal(int(jd - 1721424.5))


_QUAL_WORDS = frozenset(key(w) for w in ("نحو", "حوالي", "قرابة", "زهاء", "من", "رقم", "بين",
                                         "الرقم", "أكثر", "أقل", "إلى", "الى", "و"))


@lru_cache(maxsize=1)
def _quantity_words() -> frozenset:
    from rasd.extract import quantities as q

    t = q._tables()
    ws = set(t.currencies) | set(t.units) | set(t.nouns) | set(number_lexicon().words)
    out = set()
    for w in ws:
        out.add(w.split(" ")[0])
    return frozenset(out)


@lru_cache(maxsize=1)
def _counted_nouns() -> frozenset:
    """First words of the counted nouns of ``qty_count_nouns.tsv`` that are not also currencies,
    units or number words (a year may precede them: "في 2022 اتفاقية")."""
    from rasd.extract import quantities as q

    t = q._tables()
    other = {w.split(" ")[0] for w in set(t.currencies) | set(t.units) | set(number_lexicon().words)}
    return frozenset(w.split(" ")[0] for w in t.nouns) - other


def _is_counted_noun(w: str) -> bool:
    cn = _counted_nouns()
    return w in cn or (w.endswith("ا") and w[:-1] in cn)


def _is_quantity_word(w: str) -> bool:
    qw = _quantity_words()
    if w in qw:
        return True
    for p in ("و", "ف", "ب", "ل"):
        if w.startswith(p) and w[1:] in qw:
            return False
    for suf in ("ا", "ات"):
        if w.endswith(suf) and w[: -len(suf)] in qw:
            return True
    return False


def _h_decade(m, ctx, lex):
    d = lex.decades.get(m.group("dec"))
    if d is None:
        return None
    cent = m.group("cent")
    c = "20" if cent and ("الحالي" in cent or "الحادي" in cent or "الجاري" in cent) else "19"
    s = m.start("dec")
    if ctx.k[s - 2:s] == "ال":
        s -= 2
    return "DATE", f"{c}{d}X", s, m.end()


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _h_relunit(m, ctx: _Ctx, lex):
    u, mod = m.group("u"), m.group("mod")
    start = _span_start(m, ctx)
    if ctx.pub is None:
        if mod in SAME_MODS and u not in ("الاسبوع", "الشهر") and ctx.last_year:
            return "DATE", f"{ctx.last_year:04d}", start, m.end()  # "العام نفسه"
        ref = ("PAST_REF" if mod in PAST_MODS else "FUTURE_REF" if mod in FUT_MODS
               else "PRESENT_REF" if mod in PRES_MODS else None)
        if ref is None:  # "العام التالي"، "الشهر ذاته": the unit's own unknown value
            ref = {"الاسبوع": "XXXX-WXX", "الشهر": "XXXX-XX"}.get(u, "XXXX")
        return "DATE", ref, start, m.end()
    p = ctx.pub
    if u == "الاسبوع":
        if mod in SAME_MODS or mod in PREV_MODS or mod in NEXT_MODS:
            return None
        off = -7 if mod in PAST_MODS else 7 if mod in FUT_MODS else 0
        return "DATE", _iso_week(p + timedelta(days=off)), start, m.end()
    if u == "الشهر":
        if mod in SAME_MODS or mod in PREV_MODS or mod in NEXT_MODS:
            if ctx.last_month and mod in SAME_MODS:
                y, mo = ctx.last_month
                return "DATE", f"{y:04d}-{mo:02d}", start, m.end()
            return None
        off = -1 if mod in PAST_MODS else 1 if mod in FUT_MODS else 0
        y, mo = p.year, p.month + off
        if mo == 0:
            y, mo = y - 1, 12
        elif mo == 13:
            y, mo = y + 1, 1
        ctx.last_month = (y, mo)
        return "DATE", f"{y:04d}-{mo:02d}", start, m.end()
    y = _rel_year(ctx, mod)
    if y is None:
        return None
    ctx.last_year = y
    return "DATE", f"{y:04d}", start, m.end()


def _span_start(m: re.Match, ctx: _Ctx) -> int:
    """Key start of a match without the proclitics consumed by :data:`PRO` (group ``pro``)."""
    try:
        e = m.end("pro")
    except IndexError:
        return m.start()
    return e if e >= 0 else m.start()


def _h_thisunit(m, ctx, lex):
    if ctx.pub is None:
        return "DATE", "PRESENT_REF", _span_start(m, ctx), m.end()
    u, p = m.group("u"), ctx.pub
    s = _span_start(m, ctx)
    if u == "الاسبوع":
        return "DATE", _iso_week(p), s, m.end()
    if u == "الشهر":
        return "DATE", f"{p.year:04d}-{p.month:02d}", s, m.end()
    ctx.last_year = p.year
    return "DATE", f"{p.year:04d}", s, m.end()


def _h_samemonth(m, ctx, lex):
    y = _rel_year(ctx, m.group("yrel"))
    if y is None or ctx.last_month is None:
        return None
    return "DATE", f"{y:04d}-{ctx.last_month[1]:02d}", _span_start(m, ctx), m.end()


def _h_qh(m, ctx, lex):
    q = m.group("q")
    o = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4}.get(m.group("o"))
    if m.group("o") == "الاخير":
        o = 4 if q == "الربع" else 2
    if o is None or (q == "النصف" and o > 2):
        return None
    if m.group("year"):
        y = int(m.group("year"))
    elif m.group("yrel"):
        y = _rel_year(ctx, m.group("yrel"))
    else:
        # bare "الربع الثاني": only when it talks about time (a year context is usual)
        nxt = ctx.k[m.end():m.end() + 12]
        if not re.match(r"\s+(?:من\s+)?(?:العام|السنه|عام|\d)", nxt) and q == "النصف":
            return None
        y = ctx.pub.year if ctx.pub is not None else None
    return _year_part(m, ctx, y, f"{'Q' if q == 'الربع' else 'H'}{o}")


def _year_part(m, ctx: _Ctx, y: int | None, part: str):
    """DATE ``YYYY-part`` (``2015-Q1``, ``2017-SU``) over the match; the year written XXXX when
    there is no reference date to give it; None when there is one and still no year."""
    if y is None:
        return ("DATE", f"XXXX-{part}", _span_start(m, ctx), m.end()) if ctx.pub is None \
            else None
    return "DATE", f"{y:04d}-{part}", _span_start(m, ctx), m.end()


def _h_season(m, ctx, lex):
    s = lex.seasons[m.group("s")]
    if m.group("year"):
        y = int(m.group("year"))
    elif m.group("yrel"):
        y = _rel_year(ctx, m.group("yrel"))
    elif ctx.pub is None:
        y = None
    else:
        mod = m.group("mod")
        end_month = {"SP": 5, "SU": 8, "FA": 11, "WI": 2}[s]
        py, pm = ctx.pub.year, ctx.pub.month
        if mod in PAST_MODS or mod in PREV_MODS:
            y = py if pm > end_month and s != "WI" else py - 1
        elif mod in FUT_MODS or mod in NEXT_MODS:
            y = py if pm < end_month - 2 else py + 1
        else:
            y = py
    return _year_part(m, ctx, y, s)


def _h_deictic(m, ctx: _Ctx, lex):
    off = lex.deictic[_norm_ws(m.group("deic"))]
    s = m.start("part") if m.group("part") else m.start("deic")
    if ctx.pub is None:
        if m.group("part"):  # "صباح اليوم": a part of an unknown day, as with a date (TIME)
            return "TIME", f"XXXX-XX-XXT{lex.parts[m.group('part')]}", s, m.end()
        return "DATE", ("PAST_REF" if off < 0 else "PRESENT_REF" if off == 0 else "FUTURE_REF"), s, m.end()
    d = ctx.pub + timedelta(days=off)
    v = d.isoformat()
    if m.group("part"):
        return "TIME", f"{v}T{lex.parts[m.group('part')]}", s, m.end()
    return "DATE", v, s, m.end()


_DAY_RE = re.compile(r"^\d{4}-\d\d-\d\d$")
#: Keys of the ordinal hour words after «الساعة» (الساعة السادسة مساء = 18:00)
_HOUR_WORDS = {key(w): n for n, w in enumerate((
    "الواحدة", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة",
    "التاسعة", "العاشرة", "الحادية عشرة", "الثانية عشرة"), 1)}


def _h_lastnight(m, ctx: _Ctx, lex):
    """«الليلة الماضية» (last night): the night of the day before the reference, as «ليلة
    أمس» (TIME ``YYYY-MM-DDTNI``)."""
    if ctx.pub is None:
        return "TIME", "XXXX-XX-XXTNI", m.start("ln"), m.end()
    return "TIME", f"{(ctx.pub - timedelta(days=1)).isoformat()}TNI", m.start("ln"), m.end()


def _h_dayafter(m, ctx: _Ctx, lex):
    """«اليوم التالي / السابق» (the day after / before): relative to the last day-precise date
    written before it in the text (TimeML anchors such narrative expressions to the previous
    reference time, not to the publication date); with none, TIMEX3's unspecified day."""
    s = m.start("part") if m.group("part") else m.start("d")
    back = m.group("mod") == "السابق" or "سبق" in m.group("mod")  # (الذي سبقه)
    last = ctx.last_fine
    if last and _DAY_RE.match(last):
        d = date.fromisoformat(last) + timedelta(days=-1 if back else 1)
        v = d.isoformat()
    else:
        v = "XXXX-XX-XX"
    if m.group("part"):
        return "TIME", f"{v}T{lex.parts[m.group('part')]}", s, m.end()
    return "DATE", v, s, m.end()


def _h_weekday(m, ctx: _Ctx, lex):
    wd, amb = lex.weekdays[m.group("wd")]
    mod = m.group("mod")
    if amb and not (m.group("yom") or m.group("part") or mod or m.group("wd2")):
        pw = _prev_word(ctx.k, m.start("wd"))
        if pw not in ("في", "وفي", "منذ", "حتي", "مساء", "صباح", "،") or pw in ("صلاه", "خطبه"):
            return None
    if _prev_word(ctx.k, m.start()) in ("صلاه", "خطبه", "صلاة", "جمعه"):
        return None
    s = _span_start(m, ctx)
    if m.group("part"):
        s = m.start("part")
    elif m.group("yom"):
        s = m.start("yom")
    else:
        s = m.start("wd")
    if ctx.pub is None:  # no reference date: TIMEX3's unspecified week, ISO weekday 1-7
        v = f"XXXX-WXX-{wd + 1}"
        if m.group("part"):
            return "TIME", f"{v}T{lex.parts[m.group('part')]}", s, m.end()
        return "DATE", v, s, m.end()
    p = ctx.pub
    fut = mod in FUT_MODS or (mod is None and _is_future(ctx, s, m.end()))
    if mod in PAST_MODS:
        delta = -(((p.weekday() - wd) % 7) or 7)
    elif fut:
        delta = (wd - p.weekday()) % 7
        if mod in FUT_MODS and delta == 0:
            delta = 7
    else:
        delta = -((p.weekday() - wd) % 7)
    d = p + timedelta(days=delta)
    v = d.isoformat()
    if m.group("wd2"):
        wd2 = lex.weekdays[m.group("wd2")][0]
        d2 = d + timedelta(days=(wd2 - wd) % 7)
        v = f"{v}/{d2.isoformat()}"
    if m.group("part"):
        return "TIME", f"{v}T{lex.parts[m.group('part')]}", s, m.end()
    return "DATE", v, s, m.end()


def _num_value(s: str | None) -> float | None:
    if s is None:
        return None
    p = parse_number_phrase(s)
    return None if p is None else p[0]


def _dur_value(n: float | None, letter: str) -> str:
    nn = "X" if n is None else (str(int(n)) if float(n).is_integer() else f"{n:g}")
    if letter.startswith("T"):
        return f"PT{nn}{letter[1:]}"
    if letter == "DE":
        # TIMEX3 writes an unknown number of decades PXDE ("E" alone is no unit)
        return f"P{nn}0Y" if n is not None and float(n).is_integer() else "PXDE"
    return f"P{nn}{letter}"


def _unit(lex, u: str) -> tuple[str, str]:
    return lex.units[_norm_ws(u)]


def _shift(p: date, n: int, letter: str) -> tuple[str, str]:
    """Date ``n`` units before ``p`` (negative n: after) at the unit's grain."""
    if letter == "D":
        return "DATE", (p - timedelta(days=n)).isoformat()
    if letter == "W":
        d = p - timedelta(days=7 * n)
        return "DATE", d.isoformat() if abs(n) == 1 else _iso_week(d)
    if letter == "M":
        y, mo = divmod(p.year * 12 + p.month - 1 - n, 12)
        return "DATE", f"{y:04d}-{mo + 1:02d}"
    if letter == "Y":
        return "DATE", f"{p.year - n:04d}"
    if letter == "DE":
        return "DATE", f"{p.year - 10 * n:04d}"
    return "DATE", p.isoformat()


#: After "قبل N ساعة": "من" + an event ("قبل 24 ساعة من القمة") makes it relative to that event.
_OF_EVENT = re.compile(r"\s+(?:\S+\s+)?من\s")


#: What is "held" or "concluded" (عقد as the verbal noun of عقد يعقد, "holding"), not a
#: decade: «بعد عقد جلسة/اجتماع/الجمعية العمومية/صفقة».
_HELD_THINGS = frozenset(key(w) for w in (
    "جلسة", "الجلسة", "جلسات", "اجتماع", "الاجتماع", "اجتماعات", "مؤتمر", "المؤتمر", "قمة",
    "القمة", "لقاء", "اللقاء", "لقاءات", "صفقة", "الصفقة", "صفقات", "اتفاق", "الاتفاق",
    "اتفاقية", "الاتفاقية", "الجمعية", "جمعية", "انتخابات", "الانتخابات", "مباحثات",
    "محادثات", "المحادثات", "مفاوضات", "المفاوضات", "ندوة", "الندوة", "دورة", "الدورة",
    "جولة", "الجولة", "هدنة", "الهدنة", "منتدى", "المنتدى", "ورشة", "مصالحة", "المصالحة",
    "قران", "القران", "شراكة", "الشراكة", "تحالف", "التحالف", "صلح", "الصلح"))


def _next_key(k: str, pos: int) -> str:
    """The next word of key text ``k`` after offset ``pos`` ('' at the end)."""
    m = _NEXT_WORD.match(k, pos)
    return m.group(1) if m else ""


def _h_ago(m, ctx: _Ctx, lex):
    kw = m.group("kw")
    s = m.start("kw")
    if m.group("n"):
        n = _num_value(m.group("n"))
        letter, _ = _unit(lex, m.group("u"))
    elif m.group("du"):
        n, letter = 2.0, _unit(lex, m.group("du"))[0]
    elif m.group("u1"):
        n, letter = 1.0, _unit(lex, m.group("u1"))[0]
        if letter in ("D",) and kw != "قبل":
            return None
        if letter == "DE" and _next_key(ctx.k, m.end()) in _HELD_THINGS:
            return None  # "بعد عقد جلسة طارئة": after holding a session, not after a decade
    else:
        letter = _unit(lex, m.group("pl"))[0]
        if kw == "منذ":
            return "DURATION", _dur_value(None, letter), m.start("pl"), m.end()
        return "DATE", "PAST_REF" if kw == "قبل" else "FUTURE_REF", s, m.end()
    if n is None:
        return None
    if _age_context(ctx, m.start()):
        return None
    if (kw == "منذ" or (kw == "قبل" and not _OF_EVENT.match(ctx.k, m.end()))) \
            and letter in ("TH", "TM"):
        # "منذ 3 ساعات" / "قبل 20 ساعة": a clock time before the reference
        if ctx.pub_dt is not None:
            delta = timedelta(hours=n) if letter == "TH" else timedelta(minutes=n)
            return "TIME", (ctx.pub_dt - delta).isoformat(), s, m.end()
        if ctx.pub is not None:
            return "TIME", ctx.pub.isoformat(), s, m.end()
        return "TIME", "PAST_REF", s, m.end()
    if kw == "منذ" or (kw == "بعد" and not _is_future(ctx, m.start(), m.end())):
        # "منذ 20 عاما" / "بعد عشرة أيام من القمة": a length of time, without the preposition
        st = m.start("n") if m.group("n") else (m.start("du") if m.group("du") else m.start("u1"))
        return "DURATION", _dur_value(n, letter), st, m.end()
    if ctx.pub is None or letter.startswith("T"):
        return "DATE", "PAST_REF" if kw == "قبل" else "FUTURE_REF", s, m.end()
    sign = 1 if kw == "قبل" else -1
    t, v = _shift(ctx.pub, int(n) * sign, letter)
    return t, v, s, m.end()


def _age_context(ctx: _Ctx, ks: int) -> bool:
    before = ctx.k[max(0, ks - 30):ks].split()[-3:]
    return any(w in AGE_CUES or w[1:] in AGE_CUES for w in before)


def _h_thenafter(m, ctx, lex):
    letter = _unit(lex, m.group("u"))[0]
    n = _num_value(m.group("n")) if m.group("n") else None
    if n is None and _unit(lex, m.group("u"))[1] == "unit_dual":
        n = 2.0
    elif n is None and _unit(lex, m.group("u"))[1] == "unit":
        n = 1.0
    return "DURATION", _dur_value(n, letter), m.start("kw"), m.end()


def _h_dur(m, ctx: _Ctx, lex):
    letter, cls = _unit(lex, m.group("u"))
    n = _num_value(m.group("n"))
    if n is None or n <= 0:
        return None
    if cls == "unit_dual":
        return None
    if _age_context(ctx, m.start()) or ctx.k.startswith(" من العمر", m.end()):
        return None
    if n >= 1000 and letter == "Y":
        return None
    if ctx.k[max(0, m.start() - 2):m.start()].rstrip().endswith("(") and \
            ctx.k[m.end():m.end() + 2].lstrip().startswith(")"):
        return None  # "(21 عاما)" after a name: an age
    if m.group("half"):
        n += 0.5
    if letter == "Y" and not float(n).is_integer():
        return "DURATION", f"P{int(n * 12)}M", m.start("n"), m.end()
    return "DURATION", _dur_value(n, letter), m.start("n"), m.end()


def _h_dur1(m, ctx, lex):
    letter, _ = _unit(lex, m.group("u"))
    s = _span_start(m, ctx)
    if m.group("full"):
        return "DURATION", _dur_value(1, letter), s, m.end()
    if letter == "Y":
        return "DURATION", "P18M", s, m.end()
    return "DURATION", _dur_value(1.5, letter), s, m.end()


def _h_dual(m, ctx, lex):
    letter, _ = _unit(lex, m.group("u"))
    if _age_context(ctx, m.start()):
        return None
    return "DURATION", _dur_value(2, letter), _span_start(m, ctx), m.end()


def _h_durpl(m, ctx, lex):
    letter, _ = _unit(lex, m.group("u"))
    n = _num_value(m.group("nw")) if m.group("nw") else None
    s = m.start("few") if m.group("few") else m.start("u")
    if ctx.k[s - 2:s] == "ال":
        s -= 2
    return "DURATION", _dur_value(n, letter), s, m.end()


def _h_vague_pl(m, ctx, lex):
    g = "u" if m.group("u") else "u2"
    letter, _ = _unit(lex, m.group(g))
    return "DURATION", _dur_value(None, letter), m.start(g), m.end(g)


def _h_set(m, ctx, lex):
    u = m.group("u")
    letter = {"يوم": "D", "اسبوع": "W", "شهر": "M", "عام": "Y", "سنه": "Y"}[u]
    return "SET", f"P1{letter}", _span_start(m, ctx), m.end()


def _h_ref(m, ctx, lex):
    return "DATE", lex.refs[_norm_ws(m.group("r"))], _span_start(m, ctx), m.end()


def _h_later(m, ctx, lex):
    r = _norm_ws(m.group("r"))
    if r == "المستقبل":
        v = "FUTURE_REF"
    elif r == "وقت لاحق":
        v = "FUTURE_REF" if _is_future(ctx, m.start(), m.end()) else "PAST_REF"
    else:
        v = "PAST_REF"
    return "DATE", v, m.start("r"), m.end()


def _h_ana(m, ctx, lex):
    # "ذلك الوقت" points back to the time of an event: the last date finer than a year
    v = ctx.last_fine or ctx.last_value or "PAST_REF"
    return "DATE", v, m.start("a"), m.end()


def _h_longtime(m, ctx, lex):
    return "DURATION", "PXY", m.start("a"), m.end()


def _h_clock(m, ctx: _Ctx, lex):
    h = int(m.group("h")) if m.group("h") else _HOUR_WORDS[_norm_ws(m.group("hw"))]
    mi = int(m.group("mi")) if m.groupdict().get("mi") else (30 if m.groupdict().get("half") == "نصف"
                                                          else 15 if m.groupdict().get("half") else 0)
    ap = m.group("ap") or ""
    if h < 12 and (ap.startswith("مساء") or (ap.startswith("ليل") and h >= 6) or "الظهر" in ap
                   or (ap == "ظهرا" and h < 6)):
        h += 12
    if h > 23:
        return None
    d = ctx.pub.isoformat() if ctx.pub else "XXXX-XX-XX"
    gd = m.groupdict()
    if ctx.last_day_end is not None and ctx.last_value and _DAY_RE.match(ctx.last_value) \
            and not ctx.k[ctx.last_day_end:m.start()].strip(" \t،,وفي"):
        d = ctx.last_value  # «غدا الساعة 6 مساء», «الأحد الساعة العاشرة»: that day
    if ctx.pub is not None and gd.get("deic"):
        d = (ctx.pub + timedelta(days=lex.deictic[_norm_ws(gd["deic"])])).isoformat()
    elif ctx.pub is not None and gd.get("wd"):
        wd = lex.weekdays[gd["wd"]][0]
        if _is_future(ctx, m.start(), m.end()):
            delta = (wd - ctx.pub.weekday()) % 7
        else:
            delta = -((ctx.pub.weekday() - wd) % 7)
        d = (ctx.pub + timedelta(days=delta)).isoformat()
    return "TIME", f"{d}T{h:02d}:{mi:02d}", m.start(), m.end()


def _h_yearsame(m, ctx, lex):
    y = _rel_year(ctx, m.group("yrel"))
    if y is None:
        return None
    s = m.start() + m.group(0).find("ال")
    return "DATE", f"{y:04d}", s, m.end()


_HANDLERS: dict[str, Callable] = {
    "hijri": _h_hijri, "date": _h_date, "numeric": _h_numeric, "iso": _h_numeric,
    "ymd": _h_numeric, "hijri_noyear": _h_hijri_noyear, "dayrel": _h_dayrel,
    "years": _h_years, "yearpair": _h_yearpair, "year": _h_year, "decade": _h_decade, "relunit": _h_relunit,
    "thisunit": _h_thisunit, "samemonth": _h_samemonth, "qh": _h_qh, "season": _h_season,
    "deictic": _h_deictic, "lastnight": _h_lastnight, "dayafter": _h_dayafter, "weekday": _h_weekday, "ago": _h_ago, "thenafter": _h_thenafter,
    "dur": _h_dur, "dur1": _h_dur1, "dual": _h_dual, "durpl": _h_durpl, "vague_pl": _h_vague_pl,
    "set": _h_set, "ref": _h_ref, "later": _h_later, "ana": _h_ana, "longtime": _h_longtime,
    "clock": _h_clock, "yearsame": _h_yearsame, "hour": _h_clock,
}
#: Rank of each pattern when two candidates have the same length (lower wins).
_RANK = {n: i for i, n in enumerate(_HANDLERS)}


#: TIMEX3 values for an expression recognised but not resolvable (no anchor date).
_UNSPECIFIED = {"DATE": "XXXX-XX-XX", "TIME": "XXXX-XX-XXTXX:XX"}


def extract_timexes(text: str, published: str | None,
                    sentences: list[tuple[int, int]] | None = None) -> list[Timex]:
    """Find and normalise the time expressions of an Arabic text.

    Args:
        text: the original document text (never modified; bidi marks may lie inside spans).
        published: the publication date, ``YYYY-MM-DD`` or an ISO datetime
            (``2024-03-10T18:00:00+03:00``), the anchor of relative expressions; None leaves
            relative values vague (``PAST_REF``/``PRESENT_REF``/``FUTURE_REF``) and the year
            unspecified (``XXXX-03-12``, ``XXXX-08``, ``XXXX-WXX-2`` for a Tuesday,
            ``XXXX-XX-XX`` when nothing is known): every timex has a TIMEX3 value.
        sentences: optional sentence spans (unused for now: tense cues stop at sentence
            punctuation found in the text itself).
    Returns:
        list of :class:`rasd.doc.Timex` sorted by start, non-overlapping, with code-point offsets
        into ``text``. ``value`` is TIMEX3 (``2025-08``, ``2024-03-20``, ``2023/2024``, ``197X``,
        ``2018-W28``, ``2015-H1``, ``P3D``, ``PXW``, ``PT11H`` ...); Hijri dates carry their
        Gregorian value and ``attrs["calendar"] = "hijri"``.
    """
    if not text:
        return []
    lex = _lex()
    om = fast_map(text)
    k = om.key
    pub, pub_dt = _parse_pub(published)
    cands: list[tuple[int, int, str, re.Match]] = []
    n = len(k)
    for name, rx, needles, anchor in lex.patterns:
        if needles is not None:
            if isinstance(needles, re.Pattern):
                if needles.search(k) is None:
                    continue
            elif not any(nd in k for nd in needles):
                continue
        if anchor is None:
            for m in rx.finditer(k):
                if m.end() > m.start():
                    cands.append((m.start(), m.end(), name, m))
            continue
        arx, before, after = anchor
        windows: list[list[int]] = []
        for a in arx.finditer(k):
            lo, hi = max(0, a.start() - before), min(n, a.end() + after)
            while hi < n and k[hi] not in " \n\t":  # never cut a word at the window's end
                hi += 1
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
        best: dict[int, re.Match] = {}
        for lo, hi in windows:
            for m in rx.finditer(k, lo, hi):
                if m.end() > m.start():
                    old = best.get(m.start())
                    if old is None or m.end() > old.end():
                        best[m.start()] = m
        for m in best.values():
            cands.append((m.start(), m.end(), name, m))
    # longest first, then pattern rank; keep non-overlapping
    cands.sort(key=lambda c: (-(c[1] - c[0]), _RANK[c[2]], c[0]))
    kept: list[tuple[int, int, str, re.Match]] = []
    occupied = bytearray(len(k) + 1)
    for c in cands:
        s, e = c[0], c[1]
        if any(occupied[s:e]):
            continue
        kept.append(c)
        occupied[s:e] = b"\x01" * (e - s)
    kept.sort(key=lambda c: c[0])
    ctx = _Ctx(pub, pub_dt, k, om, text)
    out: list[Timex] = []
    for s, e, name, m in kept:
        res = _HANDLERS[name](m, ctx, lex)
        if res is None:
            continue
        typ, value, ks, ke = res
        if value is None:
            # a date whose anchor is missing (no publication date, no earlier date to refer
            # to): TIMEX3's fully unspecified value rather than none at all
            value = _UNSPECIFIED.get(typ)
        while ke > ks and k[ke - 1] in " \t\n":
            ke -= 1
        os_, oe = om.to_original(ks, ke)
        attrs: dict[str, Any] = {"rule": name}
        if name in ("hijri", "hijri_noyear") or name == "year" and m.group("era") in _HIJRI_ERAS:
            attrs["calendar"] = "hijri"
        out.append(Timex(os_, oe, text[os_:oe], typ, value, attrs))
        ctx.last_day_end = ke if typ == "DATE" and value and _DAY_RE.match(value) else None
        if typ == "DATE" and value and value[:1].isdigit():
            ctx.last_value = value
            if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
                ctx.last_fine = value
    return out
