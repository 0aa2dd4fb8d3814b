"""Events of the bundled example article (what the README's first command shows) and of
sentences whose object is materiel, end to end through the pipeline."""

from __future__ import annotations

import pytest
from conftest import ROOT

from rasd.pipeline import Pipeline

EXAMPLE = ROOT / "examples" / "example-article.txt"


def test_bundled_example_keeps_its_four_events() -> None:
    """The example's air-defence purchase («اشترت أنظمة دفاع جوي من الولايات المتحدة») was
    lost when «الدفاع الجوي» became an actor head: equipment named after a force is no party."""
    doc = Pipeline()(EXAMPLE.read_text(encoding="utf-8"), published="2026-03-20")
    got = [(v.type, v.cameo, [a.code for a in v.actors], [a.code for a in v.recipients])
           for v in doc.events]
    assert got == [
        ("COOPERATE", "062", ["JOR-MIL"], ["FRA-BUS"]),
        ("CONSULT", "042", ["JOR-MIL"], ["FRA-GOV"]),
        ("COOPERATE", "062", ["JOR-GOV"], ["USA-GOV"]),
        ("CONSULT", "042", ["FRA-GOV"], ["JOR-GOV"]),  # a minister is GOV, as وزير الدفاع
    ]


@pytest.mark.parametrize("text", [
    "أسقطت الدفاعات الجوية السعودية طائرة مسيرة فوق جازان.",
    "اعترضت القوات الإماراتية صاروخين أطلقا باتجاه أبوظبي.",
])
def test_shooting_down_materiel_infers_no_civilian_recipient(text) -> None:
    """A downed drone or an intercepted missile is no civilian of the shooter's country: the
    domestic-event rule (one country in view: its population is the recipient) stays off."""
    doc = Pipeline()(text, published="2025-03-10")
    assert [v.type for v in doc.events] == ["ASSAULT"]
    assert not any(a.code and a.code.endswith("-CVL") for v in doc.events for a in v.recipients)


@pytest.mark.parametrize("text,actor,recipients", [
    # «قوات الاحتلال» names the Israeli forces in the Arab press without the country
    ("اقتحمت قوات الاحتلال بلدة بيت أمر شمال الخليل.", "ISR-MIL", ["PSE-GOV"]),
    ("قصفت طائرات الاحتلال موقعا في غزة.", "ISR-MIL", ["PSE-GOV"]),
    # a nationality adjective after it names another occupier
    ("قصفت قوات الاحتلال الأمريكي مواقع في الفلوجة.", "USA-MIL", ["IRQ-GOV"]),
    # an arrest by them infers no Israeli civilians as the arrested but the occupied people
    ("اعتقلت قوات الاحتلال الإسرائيلي خمسة شبان من مخيم جنين.", "ISR-MIL", ["PSE-GOV"]),
    ("اعتقلت قوات الاحتلال خمسة شبان من المخيم.", "ISR-MIL", ["PSE-CVL"]),
])
def test_occupation_bodies_are_coded(text, actor, recipients) -> None:
    doc = Pipeline()(text, published="2025-03-10")
    assert [(v.actors[0].code, [a.code for a in v.recipients]) for v in doc.events] == [
        (actor, recipients)]


def test_raising_banners_is_no_lifting_of_sanctions() -> None:
    """The lifting-sanctions row listed «بعض» (some) as an alternative of «العقوبات», so
    «ورفع بعض المحتجين لافتات» (raised banners) was a CAMEO 085 event; «بعض» may only stand
    in the gap before the sanctions noun."""
    assert Pipeline()("ورفع بعض المحتجين لافتات كتب عليها شعارات.",
                      published="2025-03-10").events == []
    evs = Pipeline()("رفعت الولايات المتحدة بعض العقوبات عن إيران.", published="2025-03-10").events
    assert [(v.cameo, v.actors[0].code) for v in evs] == [("085", "USA-GOV")]


@pytest.mark.parametrize("text,actor,recipients", [
    # a people noun protesting is the population, not its government, nor its own target
    ("تظاهر السودانيون في الخرطوم ضد الحكومة.", "SDN-CVL", []),
    ("خرج آلاف المصريين في مظاهرات بالقاهرة.", "EGY-CVL", []),
    ("تظاهر الطلاب المصريون أمام السفارة الأمريكية.", "EGY-CVL", ["USA-GOV"]),
])
def test_a_protesting_people_is_civilian(text, actor, recipients) -> None:
    doc = Pipeline()(text, published="2025-03-10")
    assert [(v.type, v.actors[0].code, [a.code for a in v.recipients]) for v in doc.events] == [
        ("PROTEST", actor, recipients)]


@pytest.mark.parametrize("text,recipient", [
    # a counted people noun is that country's civilians
    ("اعتقلت قوات الاحتلال خمسة فلسطينيين في نابلس.", "PSE-CVL"),
    ("قتل الجيش الإسرائيلي ثلاثة فلسطينيين في غزة.", "PSE-CVL"),
    # after a noun it is an adjective: Iranian missiles are no civilians
    ("اعترضت البحرية الفرنسية صاروخين إيرانيين فوق البحر الأحمر.", "IRN-MIL"),
])
def test_counted_people_are_civilians(text, recipient) -> None:
    doc = Pipeline()(text, published="2025-03-10")
    assert [v.recipients[0].code for v in doc.events] == [recipient]


def test_denying_any_talks_negates_them() -> None:
    """«نفت X أي مفاوضات»: the denied event noun after «أي» is negated (it was asserted)."""
    doc = Pipeline()("نفت الحكومة السورية أي مفاوضات مع تركيا حول الحدود.",
                     published="2025-03-10")
    assert [(v.type, v.status) for v in doc.events] == [("CONSULT", "negated")]
