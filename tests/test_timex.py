"""Tests of rasd.extract.timex: handed cases, own sentences, the seed article and a property test."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.extract.timex import extract_timexes
from tests.conftest import SHARED, load_cases, needs_shared

HANDED = [c for c in load_cases("date") if c["id"] in {"D1", "D3", "D4", "D6", "D9"}]


def values(text: str, published: str | None = "2018-06-15") -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in extract_timexes(text, published)]


def one(text: str, published: str | None = "2018-06-15"):
    tx = extract_timexes(text, published)
    assert len(tx) == 1, [(t.text, t.value) for t in tx]
    return tx[0]


# --------------------------------------------------------------------------- handed cases
@pytest.mark.parametrize("case", HANDED, ids=[c["id"] for c in HANDED])
def test_handed_date_cases(case):
    got = extract_timexes(case["input"], case.get("reference_date"))
    want = case["expected"]["dates"]
    assert [(t.text, [t.start, t.end], t.value) for t in got] == \
        [(d["text"], d["span"], d["value"]) for d in want]
    for t in got:
        assert case["input"][t.start:t.end] == t.text
    for w in case["expected"].get("must_not_match", []):
        i = case["input"].find(w)
        assert not any(t.start < i + len(w) and i < t.end for t in got), w


def test_hijri_case_carries_calendar():
    t = one("صدر القرار يوم الخميس 25 شوال 1436 هـ", "2015-08-15")
    assert t.value == "2015-08-10" and t.attrs["calendar"] == "hijri"


# --------------------------------------------------------------------------- month systems
@pytest.mark.parametrize("text,value", [
    ("وقعت الاتفاقية في 3 كانون الثاني/يناير 2020", "2020-01-03"),
    ("وصل الوفد في 4 فيفري 2019", "2019-02-04"),
    ("تنطلق الدورة في 12 جوان 2021", "2021-06-12"),
    ("أعلنت الوزارة في 5 يوليوز 2016", "2016-07-05"),
    ("جرى التوقيع يوم 9 غشت 2017", "2017-08-09"),
    ("انعقد المؤتمر في 20 شتنبر 2014", "2014-09-20"),
    ("تم الإعلان في 1 دجنبر 2013", "2013-12-01"),
    ("في 15 أفريل 2012 اجتمع المجلس", "2012-04-15"),
    ("ينعقد الملتقى في 2 جويلية 2011", "2011-07-02"),
    ("عاد السفير في 8 أوت 2010", "2010-08-08"),
    ("بدأت المحادثات في 6 ماي 2022", "2022-05-06"),
    ("سافر الوزير في 11 تشرين الأول 2019", "2019-10-11"),
    ("انتهت الحرب في 30 تشرين 1 2001", "2001-10-30"),
    ("اجتمعوا في 2 ك2 2000", None),  # abbreviation not supported: no false value
])
def test_month_systems(text, value):
    tx = extract_timexes(text, "2024-01-01")
    if value is None:
        assert all(t.value != "2000-01-02" for t in tx)
    else:
        assert [t.value for t in tx] == [value]


def test_pair_is_one_timex():
    assert values("في فبراير/شباط أعلنت الحكومة", "2025-09-15") == [("فبراير/شباط", "DATE", "2025-02")]
    assert values("منذ أغسطس آب الماضي", "2018-03-01") == [("أغسطس آب الماضي", "DATE", "2017-08")]
    assert values("في نوفمبر تشرين الثاني 2016", "2018-03-01") == \
        [("نوفمبر تشرين الثاني 2016", "DATE", "2016-11")]


def test_whole_words_only():
    assert values("احتج الشباب على الذهاب والإياب", "2024-03-10") == []
    assert values("مارس الوزير ضغوطا على النواب", "2024-03-10") == []
    assert values("اشترت شركة نيسان مصنعا جديدا", "2024-03-10") == []
    assert values("قال الأب إن ابنه سافر", "2024-03-10") == []


# --------------------------------------------------------------------------- relative values
def test_month_modifiers_and_bare_months():
    pub = "2025-09-15"
    assert values("في أغسطس الماضي", pub) == [("أغسطس الماضي", "DATE", "2025-08")]
    assert values("في سبتمبر الماضي", pub) == [("سبتمبر الماضي", "DATE", "2024-09")]
    assert values("في مارس المقبل", pub) == [("مارس المقبل", "DATE", "2026-03")]
    assert values("زار الرباط في مايو", pub) == [("مايو", "DATE", "2025-05")]
    assert values("زار الرباط في نوفمبر", pub) == [("نوفمبر", "DATE", "2024-11")]
    assert values("سيزور الرباط في نوفمبر", pub) == [("نوفمبر", "DATE", "2025-11")]
    assert values("مارس من العام المقبل", pub) == [("مارس من العام المقبل", "DATE", "2026-03")]


def test_years_and_year_pairs():
    pub = "2025-09-15"
    assert values("طبع البلدان العلاقات عام 2020", pub) == [("عام 2020", "DATE", "2020")]
    assert values("خلال عامي 2023 و2024", pub) == [("عامي 2023 و2024", "DATE", "2023/2024")]
    assert values("ارتفع الدعم إلى 31% في عام 2022", pub) == [("عام 2022", "DATE", "2022")]
    assert values("بدأ ذلك في 2017 واستمر", pub) == [("2017", "DATE", "2017")]
    assert values("وصل 2000 جندي", pub) == []
    assert values("بلغ العدد 2015 شخصا", pub) == []
    assert values("مناورات فوستوك-2018 الكبرى", pub) == []
    assert values("في العام 2012 وفي العام السابق", pub) == \
        [("العام 2012", "DATE", "2012"), ("العام السابق", "DATE", "2011")]


def test_deictic_weekdays_and_weeks():
    pub = "2018-07-16"  # a Monday
    assert values("قال أمس", pub) == [("أمس", "DATE", "2018-07-15")]
    assert values("وصل أول أمس", pub) == [("أول أمس", "DATE", "2018-07-14")]
    assert values("يصل غداً", pub) == [("غداً", "DATE", "2018-07-17")]
    assert values("أعلن الأسبوع الماضي", pub) == [("الأسبوع الماضي", "DATE", "2018-W28")]
    assert values("يعقد الأسبوع المقبل", pub) == [("الأسبوع المقبل", "DATE", "2018-W30")]
    assert values("زار الوزير بغداد الثلاثاء", pub) == [("الثلاثاء", "DATE", "2018-07-10")]
    assert values("سيزور الوزير بغداد الثلاثاء", pub) == [("الثلاثاء", "DATE", "2018-07-17")]
    assert values("التقى الوزيران الخميس الماضي", pub) == [("الخميس الماضي", "DATE", "2018-07-12")]
    assert values("وصل صباح الأحد", pub) == [("صباح الأحد", "TIME", "2018-07-15TMO")]
    assert values("هذا العام", pub) == [("هذا العام", "DATE", "2018")]
    assert values("الشهر الماضي", "2018-01-10") == [("الشهر الماضي", "DATE", "2017-12")]


def test_unresolved_without_publication_date():
    tx = extract_timexes("قال الوزير أمس إن الاتفاق وقع عام 2020", None)
    assert [(t.text, t.value) for t in tx] == [("أمس", "PAST_REF"), ("عام 2020", "2020")]


@pytest.mark.parametrize(("text", "expected"), [
    # the year is unknown without a reference date: TIMEX3 writes it XXXX, never no value
    ("وصل الوفد في 12 مارس", ("12 مارس", "DATE", "XXXX-03-12")),
    ("وقع الاتفاق في أغسطس الماضي", ("أغسطس الماضي", "DATE", "XXXX-08")),
    ("تستمر الزيارة من 3 إلى 5 يونيو", ("3 إلى 5 يونيو", "DATE", "XXXX-06-03/XXXX-06-05")),
    ("التقى الوزيران يوم الثلاثاء الماضي", ("يوم الثلاثاء الماضي", "DATE", "XXXX-WXX-2")),
    ("وصل مساء الأحد", ("مساء الأحد", "TIME", "XXXX-WXX-7TEV")),
    ("اجتمعوا في 20 من الشهر الجاري", ("20 من الشهر الجاري", "DATE", "XXXX-XX-20")),
    ("ولد في 29 فبراير", ("29 فبراير", "DATE", "XXXX-02-29")),
    ("ارتفعت الأسعار العام الحالي", ("العام الحالي", "DATE", "PRESENT_REF")),
    # quarters, halves, seasons and same-unit references are kept, with the year unknown
    ("ارتفع الإنتاج في الربع الأول من العام الجاري", ("الربع الأول من العام الجاري", "DATE",
                                                      "XXXX-Q1")),
    ("تعقد القمة في الصيف المقبل", ("الصيف المقبل", "DATE", "XXXX-SU")),
    ("وعاد في العام التالي", ("العام التالي", "DATE", "XXXX")),
    # a part of a deictic day keeps its type: TIME with or without a reference date
    ("وصل الوفد صباح اليوم", ("صباح اليوم", "TIME", "XXXX-XX-XXTMO")),
    # an unknown number of decades: TIMEX3's PXDE ("PXE" is no unit)
    ("تراجع الإنتاج خلال العقود الماضية", ("العقود الماضية", "DURATION", "PXDE")),
])
def test_unspecified_year_without_publication_date(text, expected):
    assert values(text, None) == [expected]


def test_durations_sets_decades_quarters():
    pub = "2015-08-01"
    assert values("استمرت المفاوضات ثلاثة أيام", pub) == [("ثلاثة أيام", "DURATION", "P3D")]
    assert values("بعد أسبوعين من الاجتماع", pub) == [("أسبوعين", "DURATION", "P2W")]
    assert values("منذ 20 عاما", pub) == [("20 عاما", "DURATION", "P20Y")]
    assert values("عام ونصف عام", pub) == [("عام ونصف عام", "DURATION", "P18M")]
    assert values("ثم وصلت بعد ذلك بأسابيع", pub) == [("بعد ذلك بأسابيع", "DURATION", "PXW")]
    assert values("تجتمع اللجنة مرتين في العام", pub) == [("مرتين في العام", "SET", "P1Y")]
    assert values("منذ سبعينيات القرن الماضي", pub) == [("سبعينيات القرن الماضي", "DATE", "197X")]
    assert values("في الربع الثاني من عام 2014", pub) == [("الربع الثاني من عام 2014", "DATE", "2014-Q2")]
    assert values("خلال النصف الأول من العام الجاري", pub) == \
        [("النصف الأول من العام الجاري", "DATE", "2015-H1")]
    assert values("خريف العام الماضي", pub) == [("خريف العام الماضي", "DATE", "2014-FA")]
    assert values("قبل أسبوع", pub) == [("قبل أسبوع", "DATE", "2015-07-25")]


def test_clock_times():
    pub = "2018-06-15"  # a Friday
    assert values("يبدأ الاجتماع الساعة 10 صباحا", pub) == [("الساعة 10 صباحا", "TIME", "2018-06-15T10:00")]
    assert values("وقع الانفجار الساعة 8 مساء الأحد", pub) == \
        [("الساعة 8 مساء الأحد", "TIME", "2018-06-10T20:00")]
    assert values("آخر تحديث 17:58", pub) == [("17:58", "TIME", "2018-06-15T17:58")]


def test_ages_prison_terms_and_adjectives_are_not_timexes():
    pub = "2015-08-01"
    assert values("الشاب البالغ من العمر 25 عاما", pub) == []
    assert values("قضت المحكمة بالسجن 10 سنوات", pub) == []
    assert values("قالت الطالبة (21 عاما) إنها", pub) == []
    assert values("صدر التقرير السنوي للوزارة", pub) == []


def test_offsets_with_bidi_and_indic_digits():
    text = "وقع الاتفاق في \u200f١٥ مارس ٢٠١٩\u200f بالرباط"
    t = one(text, "2020-01-01")
    assert t.value == "2019-03-15"
    assert text[t.start:t.end] == t.text and t.text.startswith("١٥")


# --------------------------------------------------------------------------- seed article
@needs_shared
def test_seed_article_dates():
    rec = next(json.loads(line) for line in
               (SHARED / "eval" / "dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip() and json.loads(line)["id"] == "SEED-000")
    tx = extract_timexes(rec["text"], "2025-09-15")
    got = {(t.text, t.value) for t in tx}
    for want in [("أغسطس الماضي", "2025-08"), ("فبراير/شباط", "2025-02"), ("عام 2020", "2020"),
                 ("عامي 2023 و2024", "2023/2024"), ("عام 2022", "2022")]:
        assert want in got
    assert not any(t.value and t.value.startswith("1994") for t in tx)


# --------------------------------------------------------------------------- property test
GREG = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
        "أكتوبر", "نوفمبر", "ديسمبر"]
LEV = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
       "تشرين الأول", "تشرين الثاني", "كانون الأول"]
MAGHREB = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
           "أكتوبر", "نونبر", "دجنبر"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def render(d: date, form: str) -> str:
    g, lv, mg = GREG[d.month - 1], LEV[d.month - 1], MAGHREB[d.month - 1]
    return {
        "greg": f"{d.day} {g} {d.year}",
        "lev": f"{d.day} {lv} {d.year}",
        "maghreb": f"{d.day} {mg} {d.year}",
        "pair": f"{d.day} {g}/{lv} {d.year}",
        "pair_rev": f"{d.day} {lv}/{g} {d.year}",
        "indic": f"{d.day} {g} {d.year}".translate(INDIC),
        "numeric": f"{d.day}/{d.month}/{d.year}",
        "numeric_indic": f"{d.day}/{d.month}/{d.year}".translate(INDIC),
        "ordinal_year": f"{d.day} {g} من عام {d.year}",
    }[form]


FORMS = ["greg", "lev", "maghreb", "pair", "pair_rev", "indic", "numeric", "numeric_indic",
         "ordinal_year"]


@settings(max_examples=300, deadline=None)
@given(d=st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31)),
       form=st.sampled_from(FORMS), lead=st.sampled_from(["في ", "يوم ", "وفي ", ""]))
def test_property_any_written_date_reads_back(d, form, lead):
    surface = render(d, form)
    text = f"أعلنت الحكومة {lead}{surface} عن الاتفاق"
    tx = extract_timexes(text, "2020-06-15")
    assert [t.value for t in tx] == [d.isoformat()], (text, [(t.text, t.value) for t in tx])
    assert tx[0].text == surface


# --------------------------------------------------------------------------- generalisation
REF = "2018-06-15"  # a Friday; 1 Shawwal 1439 (Umm al-Qura)


@pytest.mark.parametrize("text,surface,value", [
    ("انسحب الجيش في 20 تموز", "20 تموز", "2017-07-20"),          # past verb: last July
    ("وصلت البعثة في 2 آب", "2 آب", "2017-08-02"),
    ("ستصل البعثة في 2 آب", "2 آب", "2018-08-02"),                # future verb: next August
    ("من المقرر أن تصل البعثة في 2 آب", "2 آب", "2018-08-02"),
    ("غادر الوفد في 10 حزيران", "10 حزيران", "2018-06-10"),       # already past this year
])
def test_day_month_year_by_tense(text, surface, value):
    t = one(text, REF)
    assert (t.text, t.value) == (surface, value)


@pytest.mark.parametrize("text,surface,value", [
    ("سقطت القذيفة قبل 6 ساعات", "قبل 6 ساعات", "2018-06-15T06:00:00+02:00"),
    ("غادرت السفينة قبل 30 دقيقة", "قبل 30 دقيقة", "2018-06-15T11:30:00+02:00"),
])
def test_ago_hours_minutes_with_clock_reference(text, surface, value):
    t = one(text, "2018-06-15T12:00:00+02:00")
    assert (t.text, t.type, t.value) == (surface, "TIME", value)


@pytest.mark.parametrize("text,surface,value", [
    ("هاجم المسلحون القرية فجر الخميس", "فجر الخميس", "2018-06-14TMO"),
    ("سقطت الأمطار فجر أمس", "فجر أمس", "2018-06-14TMO"),
    ("وصل الوفد ظهيرة اليوم", "ظهيرة اليوم", "2018-06-15TMI"),
])
def test_dawn_and_noon_parts_of_day(text, surface, value):
    t = one(text, REF)
    assert (t.text, t.type, t.value) == (surface, "TIME", value)


def test_dawn_verb_is_not_a_time():
    assert values("فجر مسلح عبوة قرب الجسر", REF) == []


@pytest.mark.parametrize("text,surface,value", [
    ("صدر المرسوم بتاريخ 2017/11/03", "2017/11/03", "2017-11-03"),
    ("صدر المرسوم بتاريخ 2016.2.9 في العاصمة", "2016.2.9", "2016-02-09"),
    ("عقدت الجلسة في الـ12 من أيلول 2016", "الـ12 من أيلول 2016", "2016-09-12"),
    ("عقدت الجلسة في الـ3 من يونيو", "الـ3 من يونيو", "2018-06-03"),
    ("قتل في الـ8 من الشهر الجاري", "الـ8 من الشهر الجاري", "2018-06-08"),
    ("اختفى في 28 من الشهر الماضي", "28 من الشهر الماضي", "2018-05-28"),
    ("تنتهي المهلة في الخامس من الشهر المقبل", "الخامس من الشهر المقبل", "2018-07-05"),
])
def test_numeric_year_first_and_day_forms(text, surface, value):
    t = one(text, REF)
    assert (t.text, t.value) == (surface, value)


@pytest.mark.parametrize("text,surface,value", [
    ("أفرج عنه في 27 رمضان الماضي", "27 رمضان الماضي", "2018-06-11"),  # Ramadan 1439 ended
    ("يبدأ الموسم في 10 ذي الحجة المقبل", "10 ذي الحجة المقبل", "2018-08-21"),
    ("وقع الحادث في 5 شعبان", "5 شعبان", "2018-04-21"),
])
def test_hijri_day_month_without_year(text, surface, value):
    t = one(text, REF)
    assert (t.text, t.value, t.attrs.get("calendar")) == (surface, value, "hijri")


def test_hijri_ambiguous_month_needs_date_context():
    assert values("فاز المنتخب 3 صفر", REF) == []


@pytest.mark.parametrize("text,surface,value", [
    ("اقتحمت القوات البلدة في 4 تموز", "4 تموز", "2017-07-04"),
    ("الهجوم الذي وقع في 9 آب", "9 آب", "2017-08-09"),
    ("دعا إلى عقد قمة في 9 آب", "9 آب", "2018-08-09"),   # a verbal noun, not a past verb
    ("أعلنت اللجنة أن الاقتراع يجري في 9 آب", "9 آب", "2018-08-09"),  # nearest verb imperfect
    # no verb before the date in its clause: the verb right after it decides
    ("وفي 9 آب التقى الوزير نظيره", "9 آب", "2017-08-09"),
    ("وفي 9 آب يلتقي الوزير نظيره", "9 آب", "2018-08-09"),
])
def test_day_month_tense_from_nearest_verb(text, surface, value):
    t = one(text, REF)
    assert (t.text, t.value) == (surface, value)


def test_hours_before_another_event_are_not_a_clock_time():
    t = one("جرى الاتصال قبل 24 ساعة من القمة", "2018-06-15T12:00:00+02:00")
    assert t.text == "قبل 24 ساعة" and not (t.value or "").startswith("2018-06-14T12")


def test_day_of_the_same_month():
    ts = extract_timexes("بدأت الزيارة في 3 آذار 2017 وانتهت في 9 من الشهر نفسه", REF)
    assert [(t.text, t.value) for t in ts] == [("3 آذار 2017", "2017-03-03"),
                                               ("9 من الشهر نفسه", "2017-03-09")]


@pytest.mark.parametrize("text,published,expected", [
    # the day after / before the narrative's last dated day, chained; not today
    (("أعلنت الحكومة في 10 مارس 2024 خطة، وفي اليوم التالي التقى الوزير نظيره، وصباح اليوم "
      "التالي غادر."), "2024-03-20",
     [("10 مارس 2024", "2024-03-10"), ("اليوم التالي", "2024-03-11"),
      ("صباح اليوم التالي", "2024-03-12TMO")]),
    ("وصل الوفد يوم 31 ديسمبر 2023، وكان قد زار عمان في اليوم السابق.", None,
     [("31 ديسمبر 2023", "2023-12-31"), ("اليوم السابق", "2023-12-30")]),
    # no earlier day: unknown, not the publication date
    ("وفي اليوم التالي التقى الوزير نظيره.", "2024-03-20", [("اليوم التالي", "XXXX-XX-XX")]),
])
def test_the_next_day_follows_the_last_dated_day(text, published, expected):
    assert [(t.text, t.value) for t in extract_timexes(text, published)] == expected


@pytest.mark.parametrize("text,published,expected", [
    # 8-14 March 2024 lie in ISO week 11; the second week is not the second day
    ("وسيعقد المؤتمر في الأسبوع الثاني من مارس.", "2024-03-11", ("الأسبوع الثاني من مارس", "2024-W11")),
    ("وسيعقد المؤتمر في الأسبوع الثاني من مارس.", None, ("الأسبوع الثاني من مارس", "XXXX-03")),
    ("وفي الأسبوع الأول من شهر يناير 2025 وصل.", None, ("الأسبوع الأول من شهر يناير 2025", "2025-W01")),
    ("وصل يوم الثاني من مارس.", "2024-03-11", ("يوم الثاني من مارس", "2024-03-02")),
])
def test_nth_week_of_a_month(text, published, expected):
    assert [(t.text, t.value) for t in extract_timexes(text, published)] == [expected]


def test_a_hijri_year_is_its_two_gregorian_years():
    """«عام 1445 هـ» is not the Gregorian year 1445: the Hijri year 1445 ran from 19 July 2023
    to 6 July 2024 (Umm al-Qura), so its value is the range of those years."""
    got = extract_timexes("وفي عام 1445 هـ زار الحجاج مكة، وفي العام 1445هـ الموافق 2024م.",
                          "2024-03-11")
    assert [(t.text, t.value, t.attrs.get("calendar")) for t in got] == [
        ("عام 1445 هـ", "2023/2024", "hijri"), ("العام 1445هـ", "2023/2024", "hijri"),
        ("2024م", "2024", None)]


@pytest.mark.parametrize("text,expected", [
    # a feminine future cue (المقررة) makes a month without a year the coming one, and the
    # «منتصف/مطلع/أواخر» before a month is part of the expression
    ("وهددت بإلغاء القمة المقررة منتصف حزيران/يونيو في سنغافورة.", ("منتصف حزيران/يونيو", "2018-06")),
    ("وصل الوفد مطلع مارس الماضي.", ("مطلع مارس الماضي", "2018-03")),
    ("في أواخر شهر يناير 2019 وقع الاتفاق.", ("أواخر شهر يناير 2019", "2019-01")),
])
def test_future_cue_and_part_of_month(text, expected):
    assert [(t.text, t.value) for t in extract_timexes(text, "2018-05-16")] == [expected]


@pytest.mark.parametrize("text,published,expected", [
    # عقد as "holding" (a session, a meeting), not a decade
    ("وافق المجلس على المشروع بعد عقد جلسة طارئة.", "2015-08-08", []),
    ("بعد عقد من الحرب عادت الحياة.", "2015-08-08", [("عقد", "P10Y")]),
    # Hijri era words other than هـ
    ("عام 1350 هجرية.", "2015-08-08", [("عام 1350 هجرية", "1931/1932")]),
    ("عام 1445 للهجرة.", "2015-08-08", [("عام 1445 للهجرة", "2023/2024")]),
    # a month of the next two in a present or "until" clause is the coming one; since (منذ)
    # and a perfect verb keep the past one
    ("تستمر الاجتماعات حتى نهاية أبريل.", "2026-03-20", [("نهاية أبريل", "2026-04")]),
    ("مؤتمر دولي يعقد في باريس في أبريل/نيسان.", "2018-03-06", [("أبريل/نيسان", "2018-04")]),
    ("وتقود واشنطن منذ آب/أغسطس ائتلافا.", "2015-07-24", [("آب/أغسطس", "2014-08")]),
    ("وكانت الحكومة أعلنت في يوليو/تموز عن خطط.", "2018-05-28", [("يوليو/تموز", "2017-07")]),
])
def test_held_decades_hijri_eras_and_coming_months(text, published, expected):
    assert [(t.text, t.value) for t in extract_timexes(text, published)] == expected


def test_hijri_day_of_the_coming_months_in_a_present_clause():
    """Published 23 Shawwal 1436 (8 August 2015): «تجري الانتخابات في 15 ذي الحجة» is this
    year's 15 Dhu al-Hijja (28 September 2015), not last year's."""
    assert [(t.text, t.value) for t in extract_timexes("تجري الانتخابات في 15 ذي الحجة.", "2015-08-08")] == [
        ("15 ذي الحجة", "2015-09-28")]


@pytest.mark.parametrize("text,value", [
    # perfect verbs, nouns and names before a yearless month keep the past reading
    ("تراجعت الصادرات في أبريل.", "2023-04"),
    ("أصدر البنك تعميما في مايو.", "2023-05"),
    ("فازت نيجيريا بتنظيم البطولة في مايو.", "2023-05"),
    ("وكان الرئيس يزور فرنسا في أبريل من كل عام.", "2023-04"),
    # an imperfect verb makes it the coming month
    ("تجري الانتخابات في مايو.", "2024-05"),
])
def test_coming_month_only_after_an_imperfect_verb(text, value):
    assert next(t.value for t in extract_timexes(text, "2024-03-11")) == value


def test_hijri_day_written_as_an_ordinal():
    """«التاسع من شهر شوال القادم» and «السادس من شهر ذي الحجة المقبل» (published 22 July
    2015 = 6 Shawwal 1436): ordinal days of Hijri months, as digits are."""
    got = extract_timexes("سينطلق الدوري في التاسع من شهر شوال القادم وينتهي في السادس من شهر ذي "
                          "الحجة المقبل.", "2015-07-22")
    assert [(t.text, t.value) for t in got] == [
        ("التاسع من شهر شوال القادم", "2015-07-25"), ("السادس من شهر ذي الحجة المقبل", "2015-09-19")]


@pytest.mark.parametrize("text,value", [
    # «بحلول/اعتبارا من» point ahead at any distance, unless the clause is past
    ("بحلول نهاية سبتمبر سيكتمل المشروع.", "2024-09"),
    ("اعتبارا من ديسمبر تطبق الرسوم.", "2024-12"),
    # «حتى» also closes past periods in statistics: only the next two months
    ("وتراجعت الصادرات حتى يونيو.", "2023-06"),
])
def test_by_and_as_of_point_ahead(text, value):
    assert next(t.value for t in extract_timexes(text, "2024-03-11")) == value


@pytest.mark.parametrize("text,expected", [
    # historical Hijri years have three digits and lie outside Umm al-Qura's range (1343-1500
    # AH): the tabular calendar (656 AH = 15 January 1258 - 4 January 1259, proleptic Gregorian)
    ("سقطت بغداد في يد المغول سنة 656 للهجرة.", [("سنة 656 للهجرة", "1258/1259")]),
    ("توفي المؤرخ 808 هـ في القاهرة.", [("808 هـ", "1405/1406")]),
    ("بني الجامع عام 732 م.", [("عام 732 م", "0732")]),
    # a three-digit number with «م» and no «عام/سنة» is a length, and one with neither an era
    # nor a year word an amount
    ("بلغ طول الجسر 750 م.", []),
    ("اشترت الوزارة 750 دبابة في عام 2024.", [("عام 2024", "2024")]),
    # the last week of a month: its last seven days, as the ISO week of their middle day
    ("ستعقد القمة في الأسبوع الأخير من أبريل.", [("الأسبوع الأخير من أبريل", "2025-W17")]),
    ("وفي الأسبوع الأخير من شهر يناير الماضي زار الوفد الرياض.",
     [("الأسبوع الأخير من شهر يناير الماضي", "2025-W05")]),
])
def test_historical_hijri_years_and_the_last_week_of_a_month(text, expected):
    assert [(t.text, t.value) for t in extract_timexes(text, "2025-03-10")] == expected


def test_defective_past_verbs_make_day_ranges_and_days_past():
    # جرى/انتهى/التقى/أجرى drop their final alif in the feminine (جرت، انتهت، أجرت)
    assert values("جرت الانتخابات بين 10 و12 سبتمبر", "2025-07-10") == [
        ("10 و12 سبتمبر", "DATE", "2024-09-10/2024-09-12")]
    assert values("جرت الانتخابات في 12 سبتمبر", "2025-07-10") == [
        ("12 سبتمبر", "DATE", "2024-09-12")]
    assert values("أجرت الوزارة الفحوص من 20 إلى 22 أغسطس", "2025-07-10") == [
        ("20 إلى 22 أغسطس", "DATE", "2024-08-20/2024-08-22")]
    assert values("انتهت البطولة في 15 سبتمبر", "2025-07-10") == [
        ("15 سبتمبر", "DATE", "2024-09-15")]



def test_ordinal_day_before_a_hijri_month_with_a_year():
    assert values("احتفل المسلمون بالأول من محرم 1447 هـ", "2025-07-10") == [
        ("الأول من محرم 1447 هـ", "DATE", "2025-06-26")]
    assert values("صدر القرار في الخامس عشر من شهر شعبان 1446", "2025-07-10") == [
        ("الخامس عشر من شهر شعبان 1446", "DATE", "2025-02-14")]
    assert values("وصل الوفد في 3 من رمضان 1446هـ", "2025-07-10") == [
        ("3 من رمضان 1446هـ", "DATE", "2025-03-03")]


def test_last_night_is_the_night_before_the_reference():
    assert values("اندلع الحريق الليلة الماضية في المستودع", "2025-07-10") == [
        ("الليلة الماضية", "TIME", "2025-07-09TNI")]
    # the same value as «ليلة أمس»
    assert values("اندلع الحريق ليلة أمس", "2025-07-10") == [
        ("ليلة أمس", "TIME", "2025-07-09TNI")]
    assert values("اندلع الحريق الليلة الماضية", None) == [
        ("الليلة الماضية", "TIME", "XXXX-XX-XXTNI")]

@pytest.mark.parametrize("text,expected", [
    # a season, school or fiscal year and a period of years are one value, as «عامي 2016 و2017»
    ("فاز الفريق بلقب الموسم 2023/2024.", [("2023/2024", "2023/2024")]),
    ("في العام الدراسي 2024/25 ارتفع عدد الطلاب.", [("2024/25", "2024/2025")]),
    ("في الفترة 2010-2015 نما الاقتصاد.", [("2010-2015", "2010/2015")]),
    # written from the later year (a bidi copy), and the same year twice
    ("خلال الحرب (1953-1950) سقط آلاف الجنود.", [("1953-1950", "1950/1953")]),
    # a decree number and a date are no period
    ("صدر القرار رقم 2024/2025.", []),
    ("في 2023/10/05 وقع الحادث.", [("2023/10/05", "2023-10-05")]),
])
def test_year_pairs_are_periods(text, expected):
    assert [(t.text, t.value) for t in extract_timexes(text, "2025-07-10")] == expected


@pytest.mark.parametrize("text,expected", [
    # hours written as ordinal words, and the day named right before the clock time
    ("يبدأ الاجتماع غدا الساعة السادسة مساء.",
     [("غدا", "2026-03-21"), ("الساعة السادسة مساء", "2026-03-21T18:00")]),
    ("يبدأ الاجتماع غدا الساعة 6 مساء.",
     [("غدا", "2026-03-21"), ("الساعة 6 مساء", "2026-03-21T18:00")]),
    ("وصل الوفد الساعة العاشرة صباحا.", [("الساعة العاشرة صباحا", "2026-03-20T10:00")]),
    ("بدأ الاجتماع الساعة الثانية عشرة ظهرا.",
     [("الساعة الثانية عشرة ظهرا", "2026-03-20T12:00")]),
])
def test_clock_times_with_hour_words_and_their_day(text, expected):
    assert [(t.text, t.value) for t in extract_timexes(text, "2026-03-20")] == expected


@pytest.mark.parametrize("phrase", ["أمس الأول", "أول أمس", "أول من أمس"])
def test_the_day_before_yesterday_in_both_word_orders(phrase):
    text = f"قتل ثلاثة مدنيين {phrase} في قصف على القرية."
    (t,) = extract_timexes(text, "2026-03-20")
    assert (t.text, t.value) == (phrase, "2026-03-18")
