"""Arabic quantities: money, percentages, counts of things and measures.

:func:`extract_quantities` finds amounts written with digits (ASCII, Arabic-Indic or Persian; with
``. , ٫ ٬`` separators and bidi controls inside) or with number words (``ثلاثمئة``, ``مئتي ألف``,
``خمسة وعشرين``), applies scale words (``ألف/آلاف/ألفا``, ``مليون/ملايين/مليوني``,
``مليار/مليارات/ملياري``, ``تريليون``), and attaches what follows: a currency (money, ISO 4217), a
percent sign or ``بالمئة/في المائة`` (percent), a measure unit (measure) or a counted noun (count).
Qualifier words before the amount (``نحو``، ``أكثر من``، ``قد تتجاوز``...) set ``qualifier`` and are
left out of the span (gold convention 4); ``بين X و Y``, ``من X إلى Y``, ``X إلى Y`` and
``X-Y`` (X a bare number, scaled like Y when it has no scale word of its own) give ranges, except
``من X إلى Y`` after a change word (``ارتفع الدين من 46 إلى 92 مليار``: a change, see
``qty_change_verbs.tsv``) and a year as X (``عام 2016 إلى 35 مليار``).

A year is not a count: a 4-digit number 1900-2100 right after a month name or a year cue
(``في 2022 اتفاقية``، ``14 أكتوبر 2022 اتفاقية``) gets no counted noun.

Bare numbers (years, ordinals, phone numbers, numbers inside names such as ``إس 400``) are never
emitted: a quantity needs a unit, a currency, a percent sign or a counted noun.

Matching runs on :func:`rasd.normalize.normalize_with_map` keys; every span is mapped back to the
original text (offsets are code points into the original, bidi marks may lie inside).

Language data: ``rasd/lang/ar/numbers.tsv``, ``currencies.tsv``, ``units.tsv``,
``qty_count_nouns.tsv`` and ``qty_change_verbs.tsv`` (loaded lazily, cached).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from rasd.doc import Quantity
from rasd.lang.ar import read_tsv
from rasd.normalize import OffsetMap, key, normalize_with_map

#: An Arabic letter in a key (after normalisation; used for whole-word boundaries).
AL = "\u0621-\u064a"
WORD_END = rf"(?![{AL}])"
WORD_START = rf"(?<![{AL}0-9])"
#: Proclitics that may be glued before a number or a word (و ف ب ل ك and pairs such as وب).
PROCLITIC = r"(?:[وف]?[بلك]?)"
#: Spaces that group thousands ("12 000", "1\u00a0500\u00a0000"): ASCII space, NBSP, narrow NBSP.
GROUP_SPACES = " \u00a0\u202f"
#: A digit string: thousands grouped by spaces (a 1-3 digit head, then groups of exactly 3
#: digits), or digits with . , separators.
DIGITS = ("(?:" + r"\d{1,3}(?:[" + GROUP_SPACES + r"]\d{3})+(?![\d.,]*\d)"
          + r"|\d+(?:[.,]\d+)*)")
_GROUP_SPACE_RE = re.compile(f"[{GROUP_SPACES}]")
#: Start of a number: after a word boundary (with proclitics), or digits glued to a word
#: ("كركوك250/كم"), never inside another number.
NUM_START = rf"(?:(?<![{AL}0-9.,]){PROCLITIC}(?=[^\d])|(?<![0-9.,])(?=\d))"


@lru_cache(maxsize=8)
def fast_map(text: str) -> OffsetMap:
    """Cached :func:`rasd.normalize.normalize_with_map` of ``text`` (timexes and quantities share
    it for one document)."""
    return normalize_with_map(text)


def _alt(forms) -> str:
    """Regex alternation of key forms, longest first; spaces match any whitespace run."""
    uniq = sorted(set(forms), key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in uniq)


@dataclass(frozen=True)
class NumberLexicon:
    """Number words keyed by their normalised form: ``words[key] = (value, class)``."""

    words: dict[str, tuple[float, str]]
    pattern: str  # alternation of all number words (key forms)


@lru_cache(maxsize=1)
def number_lexicon() -> NumberLexicon:
    """Load ``numbers.tsv`` (cached). Returns a :class:`NumberLexicon`."""
    words: dict[str, tuple[float, str]] = {}
    for row in read_tsv("numbers.tsv"):
        words[key(row[0])] = (float(row[1]), row[2])
    return NumberLexicon(words, _alt(words))


def parse_digits(s: str, next_is_scale: bool = False) -> float:
    """Parse a digit string in key form (ASCII digits, ``.`` and ``,`` separators).

    Rules: spaces between 3-digit groups are thousands separators (``12 000``); with both
    separators the last one is the decimal mark; a lone ``,`` is a thousands
    separator only when every group after it has exactly 3 digits (``25,799`` but ``1,12`` = 1.12);
    a lone ``.`` is decimal unless there are several dots in 3-digit groups (``1.250.000``).

    Args:
        s: e.g. ``"25,799.52"``.
        next_is_scale: True when a scale word follows (``1,250 مليون``): a lone comma is then
            read as a decimal mark (1.25 million), as Arabic sources write it.
    Returns:
        float value. Raises ValueError on an empty string.
    """
    s = _GROUP_SPACE_RE.sub("", s)
    if "." in s and "," in s:
        dec = max(s.rfind("."), s.rfind(","))
        whole = re.sub(r"[.,]", "", s[:dec])
        return float(whole + "." + s[dec + 1:])
    if "," in s:
        parts = s.split(",")
        if all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3 and not next_is_scale:
            return float("".join(parts))
        if len(parts) == 2:
            return float(parts[0] + "." + parts[1])
        return float("".join(parts))
    if s.count(".") > 1:
        parts = s.split(".")
        if all(len(p) == 3 for p in parts[1:]):
            return float("".join(parts))
        return float(parts[0] + "." + "".join(parts[1:]))
    return float(s)


_TOKEN_RE_CACHE: dict[str, re.Pattern] = {}


def _token_re() -> re.Pattern:
    if "t" not in _TOKEN_RE_CACHE:
        lex = number_lexicon()
        frac = _alt(k for k, (_, c) in lex.words.items() if c == "fraction")
        _TOKEN_RE_CACHE["t"] = re.compile(
            rf"(?P<d>{DIGITS})|(?P<frac>{frac}){WORD_END}|(?P<w>{lex.pattern})")
    return _TOKEN_RE_CACHE["t"]


def parse_number_phrase(phrase_key: str) -> tuple[float, float] | None:
    """Value of a number phrase in key form: digits and/or number words, scale words applied.

    ``"مئتي الف"`` -> 200000; ``"25,799.52 مليون"`` -> 25799520000; ``"مليار ونصف المليار"``
    -> 1.5e9; ``"خمسه وعشرين"`` -> 25; ``"ربع مليون"`` -> 250000 (fraction words of class
    ``fraction`` in ``numbers.tsv`` multiply the scale word after them).  A phrase that starts with a plural scale word
    (``آلاف`` alone: vague) returns None.

    Returns:
        ``(value, scale)`` where scale is the last scale word's multiplier (1 when none), or None.
    """
    lex = number_lexicon()
    total = 0.0
    cur: float | None = None
    last_scale = 1.0
    first = True
    prev_scale = False  # the previous token was a scale word ...
    prev_end = 0        # ... ending here
    for m in _token_re().finditer(phrase_key):
        is_scale = False
        if m.group("d"):
            rest = phrase_key[m.end():].lstrip()
            cur = (cur or 0.0) + parse_digits(m.group("d"), bool(rest))
        elif m.group("frac"):
            fv = lex.words[re.sub(r"\s+", " ", m.group("frac"))][0]
            if first:
                cur = fv  # "نصف مليار": a multiplicand of the scale word that follows
            elif cur is not None:
                cur += fv
            else:
                total += fv * last_scale  # "مليار ونصف", "مليون وربع"
        else:
            val, cls = lex.words.get(re.sub(r"\s+", " ", m.group("w")), (0.0, ""))
            if cls.startswith("scale"):
                is_scale = True
            if (cls == "unit" and val == 1 and cur is None and prev_scale
                    and not phrase_key[prev_end:m.start()].strip()):
                pass  # "مليار واحد": the adjective "one" right after a scale word (not "وواحد")
            elif cls in ("unit", "teen", "ten", "hundred"):
                cur = (cur or 0.0) + val
            elif cls == "scale":
                if cur is None and not first and last_scale >= val:
                    # "مليار ونصف المليار": the repeated scale word after ونصف
                    continue
                total += (cur if cur is not None else 1.0) * val
                cur = None
                last_scale = val
            elif cls == "scale_pl":
                if cur is None:
                    if first:
                        return None
                    continue
                total += cur * val
                cur = None
                last_scale = val
            elif cls == "scale_dual":
                if cur is not None:
                    total += cur * val / 2
                else:
                    total += val
                cur = None
                last_scale = val / 2
        first = False
        prev_scale, prev_end = is_scale, m.end()
    total += cur or 0.0
    if total == 0 and cur is None and first:
        return None
    # 133.8 x 1e9 is 133800000000.00002 in binary floating point: written numbers carry far
    # fewer than 15 significant digits, so rounding there removes only the artefact
    return float(f"{total:.15g}"), last_scale


@dataclass(frozen=True)
class _Tables:
    num_re: re.Pattern           # a number phrase (digits and/or number words, scale words)
    money_tail: re.Pattern       # what may follow a number: a currency ...
    sym_tail: re.Pattern         # ... a currency symbol
    pct_tail: re.Pattern         # ... % / بالمئة / في المائة
    point_tail: re.Pattern       # ... نقطة مئوية
    measure_tail: re.Pattern     # ... a measure unit
    count_tail: re.Pattern       # ... a counted noun (optionally "من ال")
    tamyiz_tail: re.Pattern      # ... an accusative indefinite noun (11..99)
    pct_pre_re: re.Pattern       # ٪١٣ (sign before the digits)
    point_re: re.Pattern         # نقطة مئوية (واحدة) without a number
    qual_re: re.Pattern
    range_re: re.Pattern
    scale_re: re.Pattern
    currencies: dict[str, str]
    cur_forms: dict[str, dict[str, str]]  # key -> {written form: code} for colliding forms
    units: dict[str, str]
    nouns: dict[str, str]


#: currency words a scale word may be glued to by a typo (ملياردولار، مليونيورو); not ين
#: (yen), which would read the dual مليونين as a glued currency.  In key form (ليرة -> ليره):
#: the number pattern runs over the match key of the text.
_GLUED_CURRENCIES = "(?:" + "|".join(key(w) for w in (
    "دولار", "يورو", "جنيه", "ريال", "درهم", "دينار", "ليرة", "روبل", "روبية", "فرنك")) + ")"


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    lex = number_lexicon()
    scale_forms = [k for k, (_, c) in lex.words.items() if c.startswith("scale")]
    scale_alt = _alt(scale_forms)
    other_alt = _alt([k for k, (_, c) in lex.words.items()
                      if not c.startswith("scale") and c != "fraction"])
    frac_alt = _alt([k for k, (_, c) in lex.words.items() if c == "fraction"])
    scale_end = rf"(?:{scale_alt})(?:{WORD_END}|(?={_GLUED_CURRENCIES}))"
    # a number word; scale words may be glued to a following currency ("ملياردولار")
    word = rf"(?:(?:{other_alt}){WORD_END}|{scale_end})"
    # a fraction only before a scale word ("نصف مليار") or after و ("مليار ونصف (المليار)")
    cont = (rf"(?:\s*(?:و\s*)?{word}"
            rf"|\s*و\s*(?:{frac_alt}){WORD_END}(?:\s+(?:ال)?{scale_end})?)")
    # "مليار و200 مليون", "3 مليارات و400 ألف": after a scale word, و + digits + a smaller
    # scale word adds up (never "3 مليارات و4 مليارات": a list or a range)
    by_val: dict[float, list[str]] = {}
    for k0, (v0, c0) in lex.words.items():
        if c0.startswith("scale"):
            by_val.setdefault(v0 / 2 if c0 == "scale_dual" else v0, []).append(k0)
    adds = []
    for big in sorted(by_val):
        smaller = [f for v0, fs in by_val.items() if v0 < big for f in fs]
        if not smaller:
            continue
        behind = "|".join(f"(?<={re.escape(f)})" for f in sorted(by_val[big], key=len, reverse=True))
        adds.append(rf"(?:{behind})\s*و\s*{DIGITS}\s*(?:{_alt(smaller)}){WORD_END}")
    cont = cont[:-1] + "|" + "|".join(adds) + ")"
    num = (rf"(?:{DIGITS}(?:\s*{scale_end})?|(?:{frac_alt})\s+{scale_end}|{word})(?:{cont})*")
    num_re = re.compile(rf"{NUM_START}(?P<num>{num})")

    currencies: dict[str, str] = {}
    written: dict[str, dict[str, str]] = {}  # key -> {form as written: code}
    for r in read_tsv("currencies.tsv"):
        kf = key(r[0])
        currencies.setdefault(kf, r[1])
        written.setdefault(kf, {})[r[0]] = r[1]
    # forms that share a key but not a code (د.إ AED / د.أ JOD): told apart on the original
    cur_forms = {kf: forms for kf, forms in written.items() if len(set(forms.values())) > 1}
    cur_words = [c for c in currencies if c[0] not in "$€£"] + ["دينار", "دنانير"]
    # plural, dual and accusative endings on every word of a name («فرنكا سويسريا»,
    # «دولارات أمريكية»); dotted abbreviations only as written
    cur_alt = "|".join(
        c if "." in c else r"\s+".join(re.escape(w) + (_CUR_ENDINGS if i else _CUR_NOUN_ENDINGS)
                                       for i, w in enumerate(c.split(" ")))
        for c in sorted(cur_words, key=len, reverse=True))
    money_tail = re.compile(
        rf"\s*(?:من\s+ال)?(?P<cur>{cur_alt}){WORD_END}"
        rf"(?:\s+(?:امريكي|اميركي|الامريكي|الاميركي){WORD_END})?")
    sym_tail = re.compile(r"\s*(?P<sym>[$€£])")
    pct_tail = re.compile(rf"\s*(?:%|(?:بال|في\s+ال)(?:مئه|مائه|ميه){WORD_END})")
    point_tail = re.compile(rf"\s+نقط(?:ه|تين|تان)\s+مئوي(?:ه|تين){WORD_END}")
    units = {key(r[0]): r[1] for r in read_tsv("units.tsv")}
    measure_tail = re.compile(rf"\s*/?\s*(?P<unit>{_alt(units)}){WORD_END}")
    nouns: dict[str, str] = {}
    for r in read_tsv("qty_count_nouns.tsv"):
        k = key(r[0])
        nouns[k] = r[1]
        if not k.endswith(("ا", "ين", "ون", "ات", "ه")):
            nouns.setdefault(k + "ا", r[1])
    count_tail = re.compile(rf"\s+(?P<of>من\s+(?:ال)?)?(?P<noun>{_alt(nouns)}){WORD_END}")
    # tamyiz: 11..99 take an accusative indefinite noun ending in alef ("16 مرشحا", "25 اميركيا")
    tamyiz_tail = re.compile(rf"\s+(?P<noun>[{AL}]{{3,}}ا){WORD_END}")
    # a sign before the digits (٪١٣), unless it closes a preceding number ("12% 15%")
    pct_pre_re = re.compile(rf"(?<![\d\s])(?<!\d\s)%\s*(?P<num>{DIGITS})(?!\s*%)(?![\d.,])"
                            rf"|(?<=\s)(?<!\d\s)%\s*(?P<num2>{DIGITS})(?!\s*%)(?![\d.,])")
    point_re = re.compile(rf"{WORD_START}{PROCLITIC}(?P<p>نقط(?:ه|تين|تان)\s+مئوي(?:ه|تين)(?:\s+واحده)?){WORD_END}")
    qual_re = re.compile(
        r"(?:(?P<le>(?:لا|لن|لم)\s+(?:يتجاوز|تتجاوز|يزيد|تزيد|يتعدي|تتعدي)(?:\s+[\u0621-\u064a]+)?"
        r"(?:\s+(?:علي|عن))?|ما\s+يصل\s+الي|حتي|الي\s+حد)"
        r"|(?P<ge>(?:ما\s+)?لا\s+(?:يقل|تقل)\s+عن)"
        r"|(?P<gt>(?:اكثر|ازيد|اعلي)\s+من|(?:ما\s+)?(?:يزيد|تزيد)(?:\s+[\u0621-\u064a]+)?\s+(?:علي|عن)"
        r"|(?:قد\s+)?(?:يتجاوز|تتجاوز|تجاوز|تجاوزت|يفوق|تفوق|يتخطي|تتخطي)(?:\s+[\u0621-\u064a]+)?|فوق)"
        r"|(?P<lt>(?:اقل|ادني)\s+من|دون)"
        r"|(?P<approx>نحو|حوالي|حوال|قرابه|زهاء|ما\s+يقارب|يقارب|تقارب|ما\s+يقرب\s+من"
        r"|ما\s+يقدر\s+ب|يقدر\s+ب|تقدر\s+ب|ما\s+مجموعه|تقريبا))\s*$")
    # the lower bound of a range, right before the upper one: "بين X و", "من X إلى", "X إلى",
    # "X-"; X is a bare number (with a unit of its own it is a quantity, not a bound)
    range_re = re.compile(
        rf"(?:(?:ما\s+)?بين\s+(?P<num>{num})\s*(?:و|-)"
        rf"|(?<![{AL}0-9.,])(?:(?:[وف]?من)\s+)?(?P<num2>{num})\s*(?:(?:الي|حتي){WORD_END}|[-\u2013])"
        rf")\s*$")
    scale_re = re.compile(r"(?:مليون|مليار|بليون|تريليون|ترليون|ملايين|مليارات)")
    return _Tables(num_re, money_tail, sym_tail, pct_tail, point_tail, measure_tail, count_tail,
                   tamyiz_tail, pct_pre_re, point_re, qual_re, range_re, scale_re,
                   currencies, cur_forms, units, nouns)


#: Accusative adverbs and masdars that follow numbers without being counted nouns.
_NOT_COUNTED = frozenset(key(w) for w in (
    "عندما", "أيضا", "تقريبا", "استنادا", "وفقا", "نظرا", "علما", "سنويا", "يوميا", "شهريا",
    "حاليا", "سابقا", "مؤخرا", "تماما", "جدا", "فقط", "إضافة", "مقارنة", "بينما", "كما", "لما",
    "حيثما", "مثلا", "أساسا", "أولا", "ثانيا", "رسميا", "مجددا", "أيضاً", "خصوصا", "عموما",
    "تحديدا", "ربما", "طالما", "كلما", "إنما", "مما", "عما", "فيما", "بعدما", "قبلما"))
_TIME_UNIT_KEYS = frozenset(key(w) for w in (
    "عاما", "يوما", "شهرا", "أسبوعا", "ساعة", "دقيقة", "عامًا", "سنة", "مرة", "ضعفا", "مرات",
    "قرنا", "عقدا", "ثانية", "دقيقه", "مره", "بندا", "نقطة", "رقما", "مركزا", "درجة", "كيلومترا"))


#: Words after which a 4-digit 19xx/20xx number is a year ("في 2022 اتفاقية"), not a count.
_YEAR_CUES = frozenset(key(w) for w in (
    "في", "عام", "العام", "سنة", "السنة", "منذ", "حتى", "خلال", "مطلع", "بداية", "نهاية",
    "أواخر", "أوائل", "منتصف", "أواسط", "ربيع", "صيف", "خريف", "شتاء"))
_YEAR_RE = re.compile(r"(?:1[0-9]|2[0-2])\d\d")


#: A numeric date (day/month/year or year/month/day, one separator): its numbers are no amounts.
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d.,/\-])(?:\d{1,2}(?P<s1>[/.\-])\d{1,2}(?P=s1)\d{4}|\d{4}(?P<s2>[/.\-])\d{1,2}(?P=s2)\d{1,2})"
    r"(?![\d/\-]|[.,]\d)")


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    """Keys of the month names of ``months.tsv`` (each word of a multi-word name, digits of
    Levantine forms such as ``تشرين2`` left out)."""
    out: set[str] = set()
    for r in read_tsv("months.tsv"):
        for w in key(r[0]).split():
            w = w.rstrip("0123456789")
            if len(w) > 2:
                out.add(w)
    return frozenset(out)


def year_slot(k: str, ns: int, num: str) -> bool:
    """True if the number ``num`` at key offset ``ns`` is a year: 4 digits right after a month
    name (``14 أكتوبر 2022``, any 1000-2299) or a year cue (``في 2022``, ``عام 1990``: 1900-2100).

    Args:
        k: a key (:func:`rasd.normalize.key` form) of the text.
        ns: key offset of the number.
        num: the number as written in the key (``"2022"``).
    Used by quantities (no count for a year) and timexes (a year even before a counted noun)."""
    if len(num) != 4 or not _YEAR_RE.fullmatch(num):
        return False
    before = k[max(0, ns - 25):ns].split()
    if not before:
        return False
    w = before[-1].strip("،,()«»\"")
    if w in _month_words():
        return True
    if w[:1] in "وف" and w[1:] in _YEAR_CUES:
        w = w[1:]
    return w in _YEAR_CUES and 1900 <= int(num) <= 2100


@lru_cache(maxsize=1)
def _change_re() -> re.Pattern:
    """Stems of change verbs and nouns (``qty_change_verbs.tsv``) as one regex."""
    return re.compile(_alt(key(r[0]) for r in read_tsv("qty_change_verbs.tsv")))


def _change_before(k: str, xs: int) -> bool:
    """True if a ``من X إلى Y`` whose X starts at key offset ``xs`` follows a change word
    (ارتفع، انخفض، قفز ...) within the 5 words before ``من`` in the same clause."""
    seg = k[max(0, xs - 70):xs]
    for sep in (".", "؟", "!", "\n", "؛", "،", ","):
        p = seg.rfind(sep)
        if p >= 0:
            seg = seg[p + 1:]
    words = seg.split()
    if not words or words[-1] not in ("من", "ومن", "فمن"):
        return False
    return any(_change_re().search(w) for w in words[-6:-1])


#: endings a currency name's words take: the noun plural ات، accusative ا، dual ان/ين; its
#: adjectives also the feminine ه («دولارات أمريكية»)
_CUR_NOUN_SUFFIXES = ("ات", "ا", "ان", "ين")
_CUR_SUFFIXES = _CUR_NOUN_SUFFIXES + ("ه",)
_CUR_NOUN_ENDINGS = "(?:" + "|".join(_CUR_NOUN_SUFFIXES) + ")?"
_CUR_ENDINGS = "(?:" + "|".join(_CUR_SUFFIXES) + ")?"


def _cur_code(t: _Tables, cur_key: str) -> str | None:
    """ISO 4217 code of a matched currency name (a key, words with or without the endings of
    :data:`_CUR_ENDINGS`), or None."""
    k = re.sub(r"\s+", " ", cur_key)
    if k in t.currencies:
        return t.currencies[k]
    options = [[w] + [w[:-len(suf)] for suf in _CUR_SUFFIXES if w.endswith(suf) and len(w) > len(suf) + 1]
               for w in k.split(" ")]
    for words in itertools.product(*options):
        code = t.currencies.get(" ".join(words))
        if code is not None:
            return code
    return None


#: A bare دينار (no country adjective): the dinar of the country the text names most
#: (key stems), else the Kuwaiti dinar (the commonest bare dinar in Gulf press, as a bare ريال is
#: SAR and a bare درهم AED in ``currencies.tsv``).
_DINAR_COUNTRIES = (("كويت", "KWD"), ("عراق", "IQD"), ("اردن", "JOD"), ("بحرين", "BHD"),
                    ("تونس", "TND"), ("جزائر", "DZD"), ("ليبي", "LYD"))
_BARE_DINAR = frozenset(("دينار", "دينارا", "دنانير", "دينارين", "ديناران"))


def _bare_dinar(k: str) -> str:
    """ISO code of a bare دينار in the document key ``k``."""
    counts = [(k.count(stem), code) for stem, code in _DINAR_COUNTRIES]
    n, code = max(counts, key=lambda c: c[0])
    return code if n else "KWD"


#: currency names the tables know only with their country adjective (keys: ة folded to ه)
_BARE_CURRENCY_NAMES = frozenset(("دينار", "الدينار", "دنانير", "فرنك", "الفرنك", "ليره",
                                  "الليره"))


def is_unit_word(word: str) -> bool:
    """True if ``word`` (one word, any spelling, with or without ال, or with the ل left of
    «للدولار») names a currency or a measure unit of the quantity tables (``دولار``،
    ``الريال``، ``كيلومتر``، ``لتومان``).

    Also true for a currency name the tables know only with its country adjective, alone
    (:data:`_BARE_CURRENCY_NAMES`: دينار، فرنك، ليرة), and for several words that are one
    currency («دينار كويتي»، «فرنك سويسري»).  Used to keep unit words out of statistical name
    spans ("الدولار" is not a MISC entity, «دينار كويتي» no person).
    """
    k = key(word).strip()
    if k in _BARE_CURRENCY_NAMES:
        return True
    if k.startswith("ال") and len(k) > 3:
        k = k[2:]
    t = _tables()
    if _cur_code(t, k) is not None or k in t.units:
        return True
    # the article's ل left after the preposition ل of «للدولار» (a span without proclitics)
    if k.startswith("ل") and len(k) > 3 and (_cur_code(t, k[1:]) is not None or k[1:] in t.units):
        return True
    # a scale word glued to the currency by a typo ("6.62 ملياردولار")
    for scale in _GLUED_SCALES:
        if k.startswith(scale) and len(k) > len(scale) + 2:
            return _cur_code(t, k[len(scale):]) is not None
    return False


#: Latin scale words after digits of an amount of money ("$5 million", "$2.5bn", "$40m");
#: the one-letter forms only glued to the digits.
_LATIN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                 "k": 1e3, "mn": 1e6, "mln": 1e6, "m": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_LATIN_SCALE_RE = re.compile(
    r"(?:\s*(?P<ls>thousand|million|billion|trillion|mln|mn|bn|tn)|(?P<ls1>[kmb]))(?![a-z0-9])")


_GLUED_SCALES = tuple(key(w) for w in ("مليارات", "مليار", "ملايين", "مليون", "بليون",
                                       "تريليون", "ترليون", "آلاف", "ألف"))


def _qualifier(t: _Tables, k: str, start: int) -> tuple[str, int]:
    """Qualifier from the key just before ``start``; returns (qualifier, key start of the phrase)."""
    window = k[max(0, start - 40):start]
    m = t.qual_re.search(window)
    if not m:
        return "eq", start
    for q in ("le", "ge", "gt", "lt", "approx"):
        if m.group(q):
            # the qualifier word must start a word
            s = max(0, start - 40) + m.start()
            if s > 0 and k[s - 1] not in " \n\t،,.(«\"'" and not k[s - 1] in "وفبل":
                return "eq", start
            return q, start
    return "eq", start


def extract_quantities(text: str) -> list[Quantity]:
    """Find money amounts, percentages, counts and measures in Arabic text.

    Args:
        text: the original document text (not normalised).
    Returns:
        list of :class:`rasd.doc.Quantity` sorted by start, non-overlapping. ``value`` is the full
        number after scale words (``116.7 مليون دولار`` -> 116700000.0, unit ``"USD"``); for
        percent ``unit`` is ``"%"`` and value the number before the sign; counts carry an English
        plural unit (``16 طائرة`` -> ``"aircraft"``) or, for an unknown accusative counted noun
        after 11-99, the Arabic noun itself; measures an SI-like symbol (``km``, ``t``, ``MW``).
        Spans leave qualifier words out; ranges set ``qualifier="range"`` and ``value_max``.
    """
    if not text:
        return []
    t = _tables()
    om = fast_map(text)
    k = om.key
    found: list[tuple[int, int, str, float, str | None, int]] = []  # ks, ke, kind, value, unit, numstart

    dates = ([m.span() for m in _NUMERIC_DATE_RE.finditer(k)]
             if any(c in k for c in "/-.") else [])

    def in_date(i: int) -> bool:
        return any(a <= i < b for a, b in dates)

    def add(ks: int, ke: int, kind: str, numtxt: str, unit: str | None, prio: int,
            mult: float = 1.0) -> None:
        if dates and in_date(ks):
            return  # "في 15/01/2024 طائرة": a date, not 2024 aircraft
        parsed = parse_number_phrase(numtxt)
        if parsed is None:
            return
        value = parsed[0] if mult == 1.0 else float(f"{parsed[0] * mult:.15g}")
        found.append((ks, ke, kind, value, unit, prio))

    money: list[tuple[int, int, str, float, str | None, int]] = []
    scaled: list[re.Match] = []
    for m in t.num_re.finditer(k):
        ns, ne = m.start("num"), m.end("num")
        num = m.group("num")
        # a Latin scale word after digits ("$5 million", "5bn دولار"): money only
        mult, num_end = 1.0, ne
        lm = _LATIN_SCALE_RE.match(k, ne) if num[:1].isdigit() and ne < len(k) else None
        if lm and not t.scale_re.search(num):
            mult, ne = _LATIN_SCALES[lm.group("ls") or lm.group("ls1")], lm.end()
        tm = t.money_tail.match(k, ne)
        if tm:
            code = _cur_code(t, tm.group("cur"))
            if code is not None and tm.group("cur") in t.cur_forms:
                s0, e0 = om.to_original(tm.start("cur"), tm.end("cur"))
                code = t.cur_forms[tm.group("cur")].get(text[s0:e0], code)
            if code is None and tm.group("cur") in _BARE_DINAR:
                code = _bare_dinar(k)
            if code is not None:
                n0 = len(found)
                add(ns, tm.end(), "money", num, code, 0, mult)
                if len(found) > n0:
                    money.append(found[-1])
                continue
        tm = t.sym_tail.match(k, ne)
        if tm and num[:1].isdigit():
            add(ns, tm.end(), "money", num, t.currencies.get(tm.group("sym")), 0, mult)
            continue
        pre = k[max(0, ns - 3):ns].rstrip()
        if pre[-1:] in ("$", "€", "£") and num[:1].isdigit():
            add(k.rfind(pre[-1], 0, ns), ne, "money", num, t.currencies.get(pre[-1]), 0, mult)
            continue
        ne = num_end  # no money: a Latin word after the digits is no scale
        tm = t.pct_tail.match(k, ne) or t.point_tail.match(k, ne)
        if tm:
            add(ns, tm.end(), "percent", num, "%", 1)
            continue
        tm = t.measure_tail.match(k, ne)
        if tm:
            add(ns, tm.end(), "measure", num, t.units[re.sub(r"\s+", " ", tm.group("unit"))], 2)
            continue
        tm = t.count_tail.match(k, ne)
        if tm and year_slot(k, ns, num):
            continue  # "في 2022 اتفاقية": a year before a noun, not 2022 agreements
        if tm:
            add(ns, tm.end(), "count", num, t.nouns[re.sub(r"\s+", " ", tm.group("noun"))], 3)
            continue
        if num.isdigit():
            tm = t.tamyiz_tail.match(k, ne)
            if tm:
                n = int(num)
                noun = tm.group("noun")
                if (not 11 <= n % 100 <= 99 or noun in _TIME_UNIT_KEYS or noun.startswith("ال")
                        or noun in _NOT_COUNTED or noun in t.nouns or noun.endswith(("ها", "نا"))
                        or (len(num) == 4 and 1900 <= n <= 2100) or k[max(0, ns - 2):ns] == "ال"):
                    continue
                if noun.endswith("يا"):
                    unit = "people"
                else:
                    # the Arabic noun without its accusative alef ("17 زعيما" -> "زعيم")
                    s0, e0 = om.to_original(tm.start("noun"), tm.end("noun") - 1)
                    unit = text[s0:e0]
                add(ns, tm.end(), "count", num, unit, 4)
                continue
        if num[:1].isdigit() and t.scale_re.search(num):
            scaled.append(m)
    for m in t.pct_pre_re.finditer(k):
        add(m.start(), m.end(), "percent", m.group("num") or m.group("num2"), "%", 1)
    if "مئوي" in k:
        for m in t.point_re.finditer(k):
            s = m.start("p")
            if not any(f[0] <= s < f[1] for f in found if f[2] == "percent"):
                found.append((s, m.end(), "percent", 1.0, "%", 1))
    # a scaled amount without a unit ("41.45 مليون") right after money in the same sentence
    # takes that currency
    for m in scaled:
        ks = m.start("num")
        prev = [f for f in money if f[1] <= ks and ks - f[1] <= 160]
        if not prev:
            continue
        gap = k[prev[-1][1]:ks]
        if any(c in gap for c in ".؟!\n"):
            continue
        n0 = len(found)
        add(ks, m.end("num"), "money", m.group("num"), prev[-1][4], 5)
        if len(found) > n0:
            money.append(found[-1])

    # overlap resolution: priority, then longer span
    found.sort(key=lambda x: (x[5], -(x[1] - x[0]), x[0]))
    taken: list[tuple[int, int]] = []
    out: list[Quantity] = []
    for ks, ke, kind, value, unit, _ in found:
        if any(ks < b and a < ke for a, b in taken):
            continue
        taken.append((ks, ke))
        qual, qs = _qualifier(t, k, ks)
        value_max = None
        rm = t.range_re.search(k[max(0, ks - 60):ks])
        if rm:
            g = "num" if rm.group("num") is not None else "num2"
            p1 = parse_number_phrase(rm.group(g))
            p2 = parse_number_phrase(k[ks:ke])
            xs = max(0, ks - 60) + rm.start(g)
            if (g == "num2" and _change_before(k, xs)) or (dates and in_date(xs)):
                p1 = None  # "ارتفع الدين من 46 إلى 92 مليار دولار": a change, not a range
            if p1 is not None and p2 is not None and not year_slot(k, xs, rm.group(g)):
                v1 = p1[0]
                if p1[1] == 1 and p2[1] > 1:
                    # "2 إلى 3 مليارات": X takes Y's scale; "2018 إلى 5 مليارات" is no range
                    v1 = v1 * p2[1] if v1 < 1000 else value
                if v1 < value:
                    value_max = value
                    value = v1
                    qual = "range"
                    ks = xs
        s, e = om.to_original(ks, ke)
        out.append(Quantity(s, e, text[s:e], kind, value, unit, qual, value_max))
    out.sort(key=lambda q: q.start)
    return out
