"""Quotes and speakers (rasd.extract.quotes) on hand-built documents written for these tests."""

from __future__ import annotations

import pytest
from conftest import load_cases, needs_shared

from rasd.doc import Doc, Entity, Mention
from rasd.extract.quotes import extract_quotes, find_quote_records


def ent(eid: str, typ: str, name: str, text: str, surface: str, **kw) -> Entity:
    i = text.index(surface)
    return Entity(eid, typ, name, kw.pop("kb", None), [Mention(i, i + len(surface), surface)], **kw)


def test_direct_quote_after_colon_keeps_inner_periods():
    text = "وقالت الوزيرة: «سنفتح المعبر غداً. القرار لا رجعة فيه.» ثم انصرفت."
    (q,) = extract_quotes(Doc(text=text))
    assert q.direct is True
    assert q.text == "سنفتح المعبر غداً. القرار لا رجعة فيه."
    assert text[q.start:q.end] == q.text
    assert q.speaker_text == "الوزيرة"
    assert q.cue == "قالت"


def test_indirect_speech_with_outlet_and_described_speaker():
    text = "قال مسؤول تونسي لصحيفة الشروق إن الحكومة ستوقع اتفاقاً جديداً مع الجزائر."
    (r,) = find_quote_records(Doc(text=text))
    q = r.quote
    assert q.direct is False
    assert q.speaker_text == "مسؤول تونسي"
    assert q.text.startswith("الحكومة ستوقع")
    assert q.cue == "قال"
    assert r.outlet_text == "الشروق" or "الشروق" in (r.outlet_text or "")


def test_pronoun_subject_resolves_to_previous_speaker_and_entity_id():
    text = ("وقال سامي الحداد، المحلل الأمني: \"المناورات رسالة واضحة\". "
            "وأضاف: \"لن يتغير شيء قريباً\".")
    doc = Doc(text=text, entities=[ent("E1", "PER", "Sami al-Haddad", text, "سامي الحداد")])
    qs = extract_quotes(doc)
    assert [q.text for q in qs] == ["المناورات رسالة واضحة", "لن يتغير شيء قريباً"]
    assert [q.speaker for q in qs] == ["E1", "E1"]
    assert [q.speaker_text for q in qs] == ["سامي الحداد", "سامي الحداد"]
    assert [q.cue for q in qs] == ["قال", "أضاف"]


def test_pronoun_subject_prefers_person_named_since_last_speaker():
    text = ("قال مصدر عسكري إن القوات انسحبت. وطالبت ليلى منصور، المبعوثة الأممية، بوقف القتال. "
            "وقالت: \"يجب حماية المدنيين\".")
    doc = Doc(text=text, entities=[ent("E2", "PER", "Layla Mansour", text, "ليلى منصور")])
    qs = extract_quotes(doc)
    assert qs[0].speaker_text == "مصدر عسكري"
    assert qs[-1].text == "يجب حماية المدنيين"
    assert qs[-1].speaker == "E2"


def test_quoted_name_before_complementiser_is_the_speaker_not_a_quote():
    text = 'وذكرت "رويترز" أن الجيش بدأ تدريبات جديدة قرب الحدود.'
    (q,) = extract_quotes(Doc(text=text))
    assert q.direct is False
    assert q.speaker_text == "رويترز"
    assert q.text.startswith("الجيش بدأ تدريبات")


def test_nominal_attribution_is_not_a_quote():
    text = "وفقاً لوكالة الأنباء، وصل الوفد إلى العاصمة صباح الأحد."
    assert extract_quotes(Doc(text=text)) == []


def test_participle_cue_uses_main_clause_speaker():
    text = "أكد وزير الخارجية أن المحادثات مستمرة، مشيراً إلى أن الاتفاق بات قريباً."
    qs = extract_quotes(Doc(text=text))
    assert [q.cue for q in qs] == ["أكد", "مشيراً"]
    assert qs[1].text.startswith("الاتفاق بات قريباً")
    assert qs[1].speaker_text == "وزير الخارجية"


def test_speaker_stops_before_time_word():
    text = "أعلنت وزارة الدفاع الجمعة أن التمرين انتهى بنجاح."
    (q,) = extract_quotes(Doc(text=text))
    assert q.speaker_text == "وزارة الدفاع"


@needs_shared
def test_handed_case_q1():
    for case in load_cases("quote", "Q"):
        qs = extract_quotes(Doc(text=case["input"]))
        for exp in case["expected"]["quotes"]:
            got = [q for q in qs if [q.start, q.end] == exp["quote_span"]]
            assert got, (case["id"], [(q.start, q.end) for q in qs])
            assert got[0].speaker_text == exp["speaker"]
            assert got[0].cue == exp["cue"]
            assert got[0].text == exp["quote"]


def test_direct_quote_without_colon_after_a_long_speaker_phrase():
    text = 'وقالت المتحدثة باسم وزارة الخارجية للصحافيين "المعبر سيفتح غداً أمام المسافرين".'
    (q,) = extract_quotes(Doc(text=text))
    assert q.direct is True
    assert q.text == "المعبر سيفتح غداً أمام المسافرين"
    assert q.speaker_text == "المتحدثة باسم وزارة الخارجية"


def test_root_initial_lam_stays_in_the_speaker_name():
    text = "أعلن الرئيس المكسيكي لويس لوبيز أنه سيزور كندا الشهر المقبل."
    (q,) = extract_quotes(Doc(text=text))
    assert q.speaker_text == "الرئيس المكسيكي لويس لوبيز"
    assert q.text.startswith("سيزور كندا")


def test_quoted_speaker_name_is_not_a_quote():
    text = 'وانتقدت منظمة "أوكسفام" القرار.'
    assert extract_quotes(Doc(text=text)) == []


def test_quotation_after_complementiser_runs_to_its_closing_mark_and_is_direct():
    text = "وأعلن المدير أن «الموسم كان جيداً! لكن الشتاء سيكون قاسياً. وعلينا الاستعداد» ثم غادر."
    (q,) = extract_quotes(Doc(text=text))
    want = "الموسم كان جيداً! لكن الشتاء سيكون قاسياً. وعلينا الاستعداد"
    assert (q.start, q.text, q.direct, q.speaker_text) == (text.index(want), want, True, "المدير")


def test_quoted_outlet_before_complementiser_is_an_addressee():
    text = "وذكر نائب الوزير لـ«صوت المدينة» أن الميناء سيفتح، وقال مصدر لموقع «الأفق» إن الوفد غادر."
    recs = find_quote_records(Doc(text=text))
    got = [(r.quote.text, r.quote.speaker_text, r.quote.direct, r.outlet_text) for r in recs]
    assert got == [("الميناء سيفتح", "نائب الوزير", False, "صوت المدينة"),
                   ("الوفد غادر", "مصدر", False, "الأفق")]


def test_cue_frame_preposition_is_not_in_the_speaker():
    text = ("وشدد السفير على أن العلاقات متينة. ونوه المبعوث إلى أن الهدنة صامدة. "
            "ولفت إلى أن المساعدات وصلت.")
    got = [(q.text, q.speaker_text) for q in extract_quotes(Doc(text=text))]
    assert got == [("العلاقات متينة", "السفير"), ("الهدنة صامدة", "المبعوث"),
                   ("المساعدات وصلت", "المبعوث")]


def test_preposition_inside_a_speaker_title_stays():
    text = "وقال المبعوث الخاص إلى اليمن إن المحادثات ستستأنف."
    (q,) = extract_quotes(Doc(text=text))
    assert q.speaker_text == "المبعوث الخاص إلى اليمن"


def test_quoted_outlet_with_a_dot_or_after_a_phrase_and_before_a_colon():
    text = ("وأكد مصدر أمني لـ«الميدان.نت» أن الطريق أغلق. وقال المحافظ في حديث لـ«إذاعة الوادي» "
            "إن المدارس ستفتح. وقال الوزير لـ«قناة النهار»: «سنعيد البناء».")
    recs = find_quote_records(Doc(text=text))
    got = [(r.quote.text, r.quote.speaker_text, r.quote.direct, r.outlet_text) for r in recs]
    assert got == [("الطريق أغلق", "مصدر أمني", False, "الميدان.نت"),
                   ("المدارس ستفتح", "المحافظ", False, "إذاعة الوادي"),
                   ("سنعيد البناء", "الوزير", True, "قناة النهار")]


def test_quotation_right_after_a_complementiser_is_content_not_a_name():
    text = "قال الوزير إن الخطة جاهزة. وأضاف أن «العمل بدأ» وأن التمويل متوفر."
    got = [(q.text, q.speaker_text, q.direct) for q in extract_quotes(Doc(text=text))]
    assert got == [("الخطة جاهزة", "الوزير", False), ("العمل بدأ", "الوزير", True)]


def test_spokesman_of_an_organisation_named_by_name_is_the_person():
    # "the spokesman of <ORG> <PER>": the speaker entity is the person, not the organisation;
    # a name whose word is a stop word in match keys (علي = على) does not end the phrase
    text = "وقال المتحدث باسم الجيش الكيني العقيد علي حسن نور إن الوضع على الحدود هادئ."
    doc = Doc(text=text, entities=[
        ent("E1", "ORG", "Kenya Defence Forces", text, "الجيش الكيني"),
        ent("E2", "PER", "Ali Hassan Nour", text, "علي حسن نور")])
    (q,) = extract_quotes(doc)
    assert q.speaker == "E2"
    assert q.speaker_text == "المتحدث باسم الجيش الكيني العقيد علي حسن نور"
    # without a person, the organisation is still the speaker
    text2 = "وقال المتحدث باسم الجيش الكيني إن الوضع هادئ."
    doc2 = Doc(text=text2, entities=[ent("E1", "ORG", "Kenya Defence Forces", text2, "الجيش الكيني")])
    (q2,) = extract_quotes(doc2)
    assert q2.speaker == "E1"


def test_participle_quote_takes_its_clause_subject_as_speaker():
    """«قائلا/قائلة» quotes whose clause names its subject only by a noun (no person entity,
    no earlier speaker) keep that noun phrase as the speaker's surface."""
    cases = (('وخرج الرئيس الأمريكي من القاعة قائلا: "لن نتراجع".',
              ("لن نتراجع", "الرئيس الأمريكي", "قائلا", True)),
             ('وصرخت المرأة قائلة: "سأرتدي ما أريد".',
              ("سأرتدي ما أريد", "المرأة", "قائلة", True)))
    for text, expected in cases:
        qs = extract_quotes(Doc(id="x", text=text))
        assert [(q.text, q.speaker_text, q.cue, q.direct) for q in qs] == [expected]


def test_reported_speech_ends_before_a_participle_cue():
    """«أكد الوزير أن الاتفاق مهم، مضيفا: "..."»: two reports, the first ending at the comma."""
    text = 'وأكد الوزير أن الاتفاق مهم، مضيفا: "لن نتراجع عنه".'
    assert [(q.text, q.speaker_text, q.cue, q.direct) for q in extract_quotes(Doc(id="x", text=text))] == [
        ("الاتفاق مهم", "الوزير", "أكد", False), ("لن نتراجع عنه", "الوزير", "مضيفا", True)]


def test_addressee_after_the_cue_is_not_the_speaker():
    """«أن تقول لنا إنه»، «أن يقول للنساء»: the one addressed is no speaker; a name that starts
    with ل (لوكهيد مارتن) or a word whose ل is a root letter still is."""
    from rasd.pipeline import Pipeline

    doc = Pipeline()("وتساءلت: هل يمكن لشركة أن تقول لنا إنه ليس ثمة تواطؤ؟")
    assert [q.speaker_text for q in doc.quotes] == []
    doc = Pipeline()("وقالت لوكهيد مارتن التي تصنع الصواريخ إن أحد الخيارات ربما يشمل عرض نظام.")
    assert [(q.speaker_text, q.cue) for q in doc.quotes] == [("لوكهيد مارتن", "قالت")]


def test_wire_form_naql_an_speaker_qawluh():
    """«نقلت X عن Y قوله إن ...» (the commonest wire form): Y is the speaker, the saying noun
    the cue, for indirect and direct content."""
    cases = (("نقلت رويترز عن الرئيس الأمريكي قوله إن بلاده لن تتراجع.",
              [("بلاده لن تتراجع", "الرئيس الأمريكي", "قوله", False)]),
             ("ونقلت وكالة الأنباء الرسمية عن وزير الدفاع قوله: «سنرد بقوة».",
              [("سنرد بقوة", "وزير الدفاع", "قوله", True)]),
             ("ونقل عن الوزير تأكيده أن القرار نهائي.",
              [("القرار نهائي", "الوزير", "تأكيده", False)]))
    for text, expected in cases:
        assert [(q.text, q.speaker_text, q.cue, q.direct)
                for q in extract_quotes(Doc(id="x", text=text))] == expected


def test_a_complementiser_belongs_to_the_nearer_cue():
    """«أعلن X ...، وقال Y إن ...»: the content is Y's, not X's."""
    text = "أعلن البنك المركزي المصري رفع سعر الفائدة، وقال وزير الخارجية الأمريكي إن واشنطن تدعم القرار."
    assert [(q.text, q.speaker_text, q.cue) for q in extract_quotes(Doc(id="x", text=text))] == [
        ("واشنطن تدعم القرار", "وزير الخارجية الأمريكي", "قال")]


def test_role_in_an_organisation_then_the_person_speaks():
    """«وقال القيادي في حماس أسامة حمدان إن»: the speaker is the person after «في ORG», not the
    bare role; «الوزير في تصريح صحفي» keeps the minister."""
    from rasd.pipeline import Pipeline

    doc = Pipeline()("وقال القيادي في حماس أسامة حمدان إن الحركة مستعدة للحوار.")
    per = next(e.id for e in doc.entities if e.type == "PER")
    assert [(q.speaker_text, q.speaker) for q in doc.quotes] == [("القيادي في حماس أسامة حمدان", per)]
    doc = Pipeline()("وقال الوزير في تصريح صحفي إن الاتفاق قريب.")
    assert [(q.speaker_text, q.speaker) for q in doc.quotes] == [("الوزير", None)]


@pytest.mark.parametrize("text,expected", [
    # a definite noun with a reporting verb's letters (النقل، الكشف) is no cue
    ("وقال وزير النقل التونسي رضوان عيارة إن تونس ستبني مطارا جديدا.",
     [("تونس ستبني مطارا جديدا", "وزير النقل التونسي رضوان عيارة", "قال")]),
    ("وقال رئيس فريق الكشف عن الألغام إن العمل مستمر.",
     [("العمل مستمر", "رئيس فريق الكشف عن الألغام", "قال")]),
    # a participle's speaker is a titled or named subject, never the object
    ('وخاطب الحشود قائلا: "لن نتراجع".', []),
    ('واستقبل الملك الوفد قائلا: "أهلا بكم".', [("أهلا بكم", "الملك", "قائلا")]),
    # a participle inside someone's quotation is no quote of its own
    ("وقال الوزير: «لقد خرج من الاجتماع قائلا إنه غير راض».",
     [("لقد خرج من الاجتماع قائلا إنه غير راض", "الوزير", "قال")]),
    # the saying noun needs نقل before عن; an addressee ends the speaker phrase
    ("وعبر الوزير عن دهشته من تصريحه أن الحرب انتهت.", []),
    ("وقالت المتحدثة باسم الحكومة لنا إن الاتفاق قريب.",
     [("الاتفاق قريب", "المتحدثة باسم الحكومة", "قالت")]),
])
def test_second_review_quote_fixes(text, expected):
    from rasd.pipeline import Pipeline

    assert [(q.text, q.speaker_text, q.cue) for q in Pipeline()(text).quotes] == expected


def test_role_of_an_organisation_then_the_person_speaks():
    """«عضو المكتب السياسي لحركة حماس موسى أبو مرزوق إن»: the person after «لـ ORG» speaks
    (the organisation is no outlet); «قال مصدر لصحيفة الحياة» keeps the outlet reading."""
    from rasd.pipeline import Pipeline

    doc = Pipeline()("وقال عضو المكتب السياسي لحركة حماس موسى أبو مرزوق إن الحركة مستعدة.")
    per = next(e.id for e in doc.entities if e.type == "PER")
    assert [(q.speaker_text, q.speaker) for q in doc.quotes] == [
        ("عضو المكتب السياسي لحركة حماس موسى أبو مرزوق", per)]
    doc = Pipeline()("وقال مصدر لصحيفة الحياة إن الاتفاق قريب.")
    assert [(q.speaker_text, q.speaker) for q in doc.quotes] == [("مصدر", None)]


@pytest.mark.parametrize("text,expected", [
    # the clause's subject speaks, not the person named last (the verb's object)
    ("وخاطب الرئيس الفرنسي ماكرون المستشارة الألمانية أنغيلا ميركل قائلا إن أوروبا يجب أن تتحد.",
     "الرئيس الفرنسي ماكرون"),
    # a title with «باسم ...» before its holder's name: the holder
    (("ردت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا على الوزير الأمريكي، قائلة إن "
      "الاتهامات باطلة."), "المتحدثة باسم الخارجية الروسية ماريا زاخاروفا"),
])
def test_participle_speaker_is_the_clause_subject_not_the_last_person(text, expected):
    from rasd.pipeline import Pipeline

    doc = Pipeline()(text, published="2025-03-10")
    assert [q.speaker_text for q in doc.quotes] == [expected]
    assert all(q.speaker for q in doc.quotes)  # linked to the person entity


@pytest.mark.parametrize("text,expected", [
    # writing and tweeting introduce direct quotes
    ('وكتب الرئيس الأمريكي على منصته: «سنفرض رسوما جديدة».', ("الرئيس الأمريكي", "كتب")),
    ("وغردت الوزيرة: «الاتفاق قريب».", ("الوزيرة", "غردت")),
    # an adverb after the speaker ends it
    ("وأكدت الحكومة مراراً أن علاقاتها مع إيران محدودة.", ("الحكومة", "أكدت")),
])
def test_writing_and_tweeting_are_reporting_cues(text, expected):
    qs = extract_quotes(Doc(id="x", text=text))
    assert [(q.speaker_text, q.cue) for q in qs] == [expected]


def test_reported_speech_ends_before_the_narrators_contrast_clause():
    """«، بينما دعا مجلس الأمن ...»: a contrast clause with a call or report verb is the
    narrator's next report; a contrast inside the speech (a figure against another) goes on."""
    text = ("وأعلن الجيش صباح اليوم أنه اعترض صاروخا، بينما دعا مجلس الأمن الجمعة إلى وقف "
            "إطلاق النار.")
    (r,) = find_quote_records(Doc(text=text))
    assert r.quote.text == "اعترض صاروخا"
    text = "وقال الوزير إن الصادرات بلغت مليار دولار، بينما بلغت الواردات نصف ذلك."
    (r,) = find_quote_records(Doc(text=text))
    assert r.quote.text.endswith("بلغت الواردات نصف ذلك")


def test_a_speaker_described_by_title_is_the_person_named_with_that_title_before():
    text = ("التقى الرئيس الفرنسي جان دوبوا نظيره في روما. وأضاف الرئيس الفرنسي: «نحن ملتزمون "
            "بالحل». وقال وزير الخارجية الإيطالي: «سنتابع».")
    doc = Doc(text=text, entities=[ent("E1", "PER", "Jean Dubois", text, "جان دوبوا")])
    recs = find_quote_records(doc)
    assert [(r.quote.speaker_text, r.quote.speaker) for r in recs] == [
        ("الرئيس الفرنسي", "E1"), ("وزير الخارجية الإيطالي", None)]


@pytest.mark.parametrize("text,quoted", [
    # «على أنْ» + an imperfect verb after an announcement is a condition, not speech
    ("أعلنت الشركة توقيع عقد لبناء المصفاة على أن يبدأ العمل في الربيع.", []),
    ("قالت الوزارة إنها خفضت الرسوم على أن تتحول إلى ضريبة ثابتة.",
     ["خفضت الرسوم على أن تتحول إلى ضريبة ثابتة"]),
    # «على أنّ» + a noun, and «شدد على أن» + a verb, are reports
    ("وأشار المدير، لافتا على أن الخطة جاهزة.", ["الخطة جاهزة"]),
    ("وشدد الوزير على أن يتم الإفراج عن المعتقلين.", ["يتم الإفراج عن المعتقلين"]),
])
def test_ala_an_with_a_verb_is_a_condition(text, quoted):
    doc = Doc(text)
    assert [text[q.start:q.end] for q in extract_quotes(doc)] == quoted


def test_speaker_with_spelled_initials_and_a_dotted_channel_acronym(pipeline):
    """The dots of «جي. دبليو.» do not end the sentence, so the report is found; the letters
    of «سي.إن. إن» are no complementiser (the first «إن» is CNN's last letter)."""
    text = "وقال جي. دبليو. هاريسون إن المحادثات مثمرة."
    doc = Doc(text)
    pipeline.annotate(doc)
    (q,) = doc.quotes
    assert (text[q.start:q.end], q.speaker_text) == ("المحادثات مثمرة", "جي. دبليو. هاريسون")
    text = "قال الوزير لقناة سي.إن. إن التلفزيونية إن المفاوضات ستستأنف."
    doc = Doc(text)
    pipeline.annotate(doc)
    assert [text[q.start:q.end] for q in doc.quotes] == ["المفاوضات ستستأنف"]


@pytest.mark.parametrize("text,content,speaker", [
    # the acronym is an organisation of the knowledge base: its letters are no complementiser,
    # the إن right after it is one, and the speaker phrase keeps the whole acronym
    ("وقال مصدر لشبكة سي. إن. إن. إن الاجتماع ألغي.", "الاجتماع ألغي", "مصدر لشبكة سي. إن. إن"),
    ("وقال الوزير لشبكة سي إن إن إن المفاوضات مستمرة.", "المفاوضات مستمرة", "الوزير لشبكة سي إن إن"),
])
def test_an_acronym_ending_in_in_before_the_complementiser(pipeline, text, content, speaker):
    doc = Doc(text)
    pipeline.annotate(doc)
    assert [(text[q.start:q.end], q.speaker_text) for q in doc.quotes] == [(content, speaker)]


@pytest.mark.parametrize("text, speaker, direct", [
    # «فيها» / «فيه» after the cue says where it was said, never who said it: the subject of
    # the clause's verb speaks (the word before the cue is that verb's object)
    ("وأصدرت الوزارة بيانا قالت فيه إن الهجوم مدان.", "الوزارة", False),
    ('وأصدرت الوزارة بيانا قالت فيه: "الهجوم مدان".', "الوزارة", True),
    ("وأجرى الرئيس التركي مقابلة مع قناة محلية وقال فيها إن بلاده لن تتراجع.",
     "الرئيس التركي", False),
    # the body named before the statement noun speaks; a place there is only the topic
    ("وجاء القرار بعد نشر وزارة الخزانة الأميركية تقريرا قالت فيه إن العقوبات أثرت.",
     "وزارة الخزانة الأميركية", False),
    # a speaker phrase after «فيه» is the speaker
    ("وعقد مؤتمرا صحفيا قال فيه الوزير إن الحكومة ستواصل الإصلاحات.", "الوزير", False),
])
def test_a_pronoun_after_the_cue_is_never_the_speaker(pipeline, text, speaker, direct):
    doc = Doc(text=text)
    pipeline.annotate(doc)
    (q,) = doc.quotes
    assert (q.speaker_text, q.direct) == (speaker, direct)


@pytest.mark.parametrize("text, quotes", [
    # «بعد أن» opens a time clause, not what was announced
    ("وأعلنت واشنطن موافقتها على بيع 12 مقاتلة لمصر، بعد أن كانت قد جمدت الصفقة في أغسطس.", []),
    # the report's own complementiser comes after the time clause
    ("وقال الوزير بعد أن التقى نظيره إن المحادثات مثمرة.", [("الوزير", "المحادثات مثمرة")]),
    # «أشار إلى أن» stays a report
    ("وأشار الوزير إلى أن المحادثات مثمرة.", [("الوزير", "المحادثات مثمرة")]),
])
def test_a_time_clause_after_the_cue_is_not_reported_speech(text, quotes):
    assert [(q.speaker_text, q.text) for q in extract_quotes(Doc(text=text))] == quotes


def test_a_quoted_latin_name_is_no_quote():
    """Handed case E4's text: «أعلنت شركة «Nova-Tech Holding» استحواذها على حصة في «Delta
    Grid SA»» made «Delta Grid SA» a quote of «شركة «Nova-Tech Holding» استحواذها». A short
    Latin-script phrase in quotation marks without a colon is a name; after a colon it is
    words said."""
    assert extract_quotes(Doc(text="أعلنت شركة «Nova-Tech Holding» استحواذها على حصة في «Delta "
                                   "Grid SA» المغربية.")) == []
    (q,) = extract_quotes(Doc(text='وقال الوزير: "We will not give up".'))
    assert (q.speaker_text, q.text) == ("الوزير", "We will not give up")
