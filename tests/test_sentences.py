"""Tests for rasd.text.sentences.split_sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import load_cases
from rasd.normalize import BIDI_CONTROLS
from rasd.text.sentences import split_sentences

HANDED = [c for c in load_cases("sentences")] + [c for c in load_cases("quote", "Q1")]


def _texts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize("case", HANDED, ids=[c["id"] for c in HANDED])
def test_handed_cases(case):
    assert _texts(case["input"]) == case["expected"]["sentences"]


def test_handed_cases_present():
    if not HANDED:
        pytest.skip("../shared absent")
    assert {c["id"] for c in HANDED} >= {"S2", "S3", "Q1"}


# --- own fixtures: one per kind of input ------------------------------------------------------

def test_question_exclamation_and_arabic_question_mark():
    t = "هل انتهت الأزمة؟! لا أحد يعرف. ربما!"
    assert _texts(t) == ["هل انتهت الأزمة؟!", "لا أحد يعرف.", "ربما!"]


def test_decimals_ascii_and_arabic_indic():
    t = "نما الاقتصاد ٢.٥ في المئة و3.75 نقطة. ثم تباطأ."
    assert _texts(t) == ["نما الاقتصاد ٢.٥ في المئة و3.75 نقطة.", "ثم تباطأ."]
    # the Arabic decimal separator is not a dot at all
    assert _texts("بلغ النمو ٢٫٥ بالمئة. انتهى") == ["بلغ النمو ٢٫٥ بالمئة.", "انتهى"]


def test_title_abbreviations_and_initials():
    t = "التقى أ. خالد منصور بالوفد. وحضر Dr. Brown والسفير J. Smith اللقاء. ثم غادروا."
    assert _texts(t) == ["التقى أ. خالد منصور بالوفد.",
                         "وحضر Dr. Brown والسفير J. Smith اللقاء.", "ثم غادروا."]


def test_us_abbreviation_and_urls():
    t = "قالت وزارة الدفاع U.S. إن الموقع www.example.org تعطل. وعاد لاحقا."
    assert _texts(t) == ["قالت وزارة الدفاع U.S. إن الموقع www.example.org تعطل.", "وعاد لاحقا."]


def test_po_box_and_era_markers():
    t = "العنوان ص.ب. 1234 الرياض. بني القصر عام 1890 م. ورمم عام 1440هـ. وقبله 300 ق.م. انتهى"
    assert _texts(t) == ["العنوان ص.ب. 1234 الرياض.", "بني القصر عام 1890 م.",
                         "ورمم عام 1440هـ.", "وقبله 300 ق.م.", "انتهى"]


def test_engineer_title_without_number():
    assert _texts("وصرح م. سامي عادل بأن المشروع اكتمل. وشكر الفريق.") == [
        "وصرح م. سامي عادل بأن المشروع اكتمل.", "وشكر الفريق."]


def test_semicolon_and_comma_do_not_split():
    t = "ارتفعت الأسعار؛ وتراجع الطلب، ثم استقرت السوق."
    assert _texts(t) == [t]


def test_newline_always_ends_a_sentence():
    t = "عنوان الخبر بلا نقطة\nالفقرة الأولى. الجملة الثانية\n\n  الفقرة الثالثة  "
    assert _texts(t) == ["عنوان الخبر بلا نقطة", "الفقرة الأولى.", "الجملة الثانية",
                         "الفقرة الثالثة"]


def test_ellipsis_ends_a_sentence():
    t = "انتظر الجميع... ولم يصل أحد… ثم بدأ الاجتماع"
    assert _texts(t) == ["انتظر الجميع...", "ولم يصل أحد…", "ثم بدأ الاجتماع"]


def test_quotes_inner_periods_and_reporting_verb_after():
    t = "«لن نتراجع. المعركة طويلة.» قال القائد. وأضاف \"نحن جاهزون. تماما.\" ثم صمت."
    assert _texts(t) == ["«لن نتراجع. المعركة طويلة.» قال القائد.",
                         "وأضاف \"نحن جاهزون. تماما.\"", "ثم صمت."]


def test_unmatched_quote_is_ignored():
    t = "قال «لن نتراجع. ثم انسحب. وانتهى"
    assert _texts(t) == ["قال «لن نتراجع.", "ثم انسحب.", "وانتهى"]


def test_missing_space_after_period():
    assert _texts("انتهى الاجتماع.وبدأ المؤتمر") == ["انتهى الاجتماع.", "وبدأ المؤتمر"]


def test_numbered_list_item_is_not_an_orphan():
    assert _texts("1. البند الأول\n2. البند الثاني") == ["1. البند الأول", "2. البند الثاني"]


def test_bidi_controls_stripped_from_edges():
    t = "\u200fبدأت الجلسة.\u200f انتهت الجلسة.\u202c"
    spans = split_sentences(t)
    assert [t[a:b] for a, b in spans] == ["بدأت الجلسة.", "انتهت الجلسة."]


def test_empty_and_blank():
    assert split_sentences("") == []
    assert split_sentences(" \n\t \u200f ") == []


# --- properties -------------------------------------------------------------------------------

_ALPHA = st.sampled_from(
    list("ابتسلمنوي") + [" ", " ", "\n", ".", ".", "!", "؟", "؛", "،", "«", "»", '"', "…",
                          "2", "٥", "د", "م", "A", "J", "S", "\u200f", "\u202c", "(", ")"])


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHA, max_size=80))
def test_property_spans_cover_visible_text(text):
    spans = split_sentences(text)
    covered = [False] * len(text)
    prev_end = 0
    for a, b in spans:
        assert prev_end <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert text[a] not in BIDI_CONTROLS and text[b - 1] not in BIDI_CONTROLS
        for i in range(a, b):
            covered[i] = True
        prev_end = b
    for i, ch in enumerate(text):
        if not ch.isspace() and ch not in BIDI_CONTROLS:
            assert covered[i], (text, i)
    # no sentence crosses a line break
    for a, b in spans:
        assert "\n" not in text[a:b]


@pytest.mark.parametrize("text,sents", [
    ("أفادت و.ا.س بأن الوفد غادر. وانتهت الزيارة.", ["أفادت و.ا.س بأن الوفد غادر.", "وانتهت الزيارة."]),
    ("نشرت (ر.ت.ب) تقريرا. وعلقت الحكومة.", ["نشرت (ر.ت.ب) تقريرا.", "وعلقت الحكومة."]),
    ("قالت وكالة ك.ن.ا. إن الوفد وصل. ثم عاد.", ["قالت وكالة ك.ن.ا. إن الوفد وصل.", "ثم عاد."]),
    ("الخبر نقلته أ.ش.أ.\nوتابعته الصحف.", ["الخبر نقلته أ.ش.أ.", "وتابعته الصحف."]),
    ("عاد الوفد. ثم غادر.", ["عاد الوفد.", "ثم غادر."]),
])
def test_dotted_letter_acronyms(text, sents):
    assert _texts(text) == sents


@pytest.mark.parametrize("text,n", [
    # Latin initials spelled in Arabic, each with its dot, inside one sentence
    ("وقال جي. دبليو. هاريسون إن المحادثات مثمرة. وأضاف أن الوفد سيعود.", 2),
    ("وصرح جي. دي. فانس للصحفيين بأن الأمر انتهى.", 1),
    # an undotted acronym, or a dotted one before «وقال», still ends the sentence
    ("بثتها قناة بي بي سي. وقال المذيع إن الخبر مؤكد.", 2),
    ("قال مدير إف. بي. آي. وقال آخر إن التحقيق مستمر.", 2),
    # a definite acronym, and a closing bracket after the last letter's dot
    ("وقال مسؤول في الإف. بي. آي. إن التحقيق مستمر.", 1),
    ("وأعلن المكتب الفيدرالي (إف. بي. آي.) اعتقال المشتبه به.", 1),
    # common words that read like a letter with the article still end sentences
    ("ارتفعت عائدات الشركة الأم. لكن الأسهم تراجعت.", 2),
    ("هذه هي الأولوية الآن. بالطبع سنبقى مهتمين.", 2),
])
def test_spelled_initials_do_not_end_a_sentence(text, n):
    assert len(split_sentences(text)) == n, [text[a:b] for a, b in split_sentences(text)]
