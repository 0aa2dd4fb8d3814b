"""The rasd.document/1 validator (rasd.eval.schema): a valid document passes, and each kind of
contract violation is reported with where it is."""

from __future__ import annotations

import copy
import json

import pytest

from rasd.doc import Actor, Doc, Entity, Event, Mention, Quantity, Quote, Timex
from rasd.eval.schema import code_country, validate_document

TEXT = ("قال المتحدث باسم الحكومة المغربية إن وفداً عسكرياً زار إسرائيل في أغسطس الماضي. "
        "وبلغت قيمة الصفقة 100 مليون دولار.")


def _span(s: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = TEXT.index(s, i + 1)
    return i, i + len(s)


def make_doc() -> dict:
    """A small valid document written for this test."""
    s1 = TEXT.index(".") + 1
    isr, mar = _span("إسرائيل"), _span("المغربية")
    aug = _span("أغسطس الماضي")
    money = _span("100 مليون دولار")
    quote = (TEXT.index("وفداً"), s1 - 1)
    d = Doc(text=TEXT, id="t1", published="2025-09-15", sentences=[(0, s1), (s1 + 1, len(TEXT))])
    d.entities = [
        Entity("E1", "GPE", "Israel", "iso3:ISR", [Mention(*isr, "إسرائيل")]),
        Entity("E2", "ORG", "Moroccan government", None, [Mention(*_span("الحكومة المغربية"),
                                                                  "الحكومة المغربية")]),
    ]
    d.timexes = [Timex(*aug, "أغسطس الماضي", "DATE", "2025-08")]
    d.quantities = [Quantity(*money, "100 مليون دولار", "money", 1e8, "USD")]
    d.quotes = [Quote(*quote, TEXT[quote[0]:quote[1]], False, "E2", "المتحدث", "قال")]
    trig = _span("زار")
    d.events = [Event("V1", "CONSULT", "visit", ["military"], "042", 1.9,
                      [Actor("MAR-MIL", None, "وفداً عسكرياً")], [Actor("ISR", "E1", "إسرائيل")],
                      "E1", "2025-08", "asserted", {"source": "E2", "text": "المتحدث"},
                      trig, (quote[0], s1 - 1), 0.8)]
    assert mar  # the adjective is not an entity
    return d.to_dict()


def test_valid_document_has_no_problems() -> None:
    d = make_doc()
    assert validate_document(d) == []
    # and survives a JSON round trip
    assert validate_document(json.loads(json.dumps(d, ensure_ascii=False))) == []


def _problems(mutate) -> list[str]:
    d = copy.deepcopy(make_doc())
    mutate(d)
    return validate_document(d)


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d.update(schema="rasd.document/2"), "document: schema"),
    (lambda d: d.pop("text"), "document: missing field 'text'"),
    (lambda d: d.update(published="15/09/2025"), "document: published '15/09/2025'"),
    (lambda d: d.update(published="2025-02-30"), "not a real date"),
    (lambda d: d.update(id=""), "document: id must be a non-empty string"),
    (lambda d: d.update(sentences=[[10, 20], [5, 30]]), "sentences[1]: starts at 5"),
    (lambda d: d.update(sentences=[[0, 10_000]]), "sentences[0]: span [0, 10000) outside"),
    (lambda d: d["entities"][0].update(type="NORP"), "entities[0]: type 'NORP' not one of"),
    (lambda d: d["entities"][1].update(id="E1"), "entities[1]: duplicate entity id 'E1'"),
    (lambda d: d["entities"][0]["mentions"][0].update(start=0),
     "entities[0].mentions[0]: text 'إسرائيل' != text[0:"),
    (lambda d: d["entities"][0].update(mentions=[]), "entities[0]: mentions must be a non-empty"),
    (lambda d: d["timexes"][0].update(type="MONTH"), "timexes[0]: type 'MONTH'"),
    (lambda d: d["timexes"][0].update(end=d["timexes"][0]["end"] - 1), "timexes[0]: text"),
    (lambda d: d["quantities"][0].update(kind="amount"), "quantities[0]: kind 'amount'"),
    (lambda d: d["quantities"][0].update(qualifier="about"), "quantities[0]: qualifier 'about'"),
    (lambda d: d["quantities"][0].update(value="100"), "quantities[0]: value must be a number"),
    (lambda d: d["quantities"][0].update(qualifier="range"), "qualifier 'range' needs value_max"),
    (lambda d: d["quantities"][0].update(value_max=2e8), "value_max is only for qualifier"),
    (lambda d: d["quotes"][0].update(speaker="E9"), "quotes[0]: speaker 'E9' is not an entity"),
    (lambda d: d["quotes"][0].update(direct="yes"), "quotes[0]: direct must be true/false"),
    (lambda d: d["events"][0].update(type="VISIT"), "events[0]: type 'VISIT' not one of"),
    (lambda d: d["events"][0].update(status="done"), "events[0]: status 'done'"),
    (lambda d: d["events"][0]["actors"][0].update(code="morocco"),
     "events[0].actors[0]: code 'morocco'"),
    (lambda d: d["events"][0]["recipients"][0].update(entity="E7"),
     "events[0].recipients[0]: entity 'E7' is not an entity id"),
    (lambda d: d["events"][0].update(location="E5"), "events[0]: location 'E5'"),
    (lambda d: d["events"][0]["attribution"].update(source="E8"),
     "events[0]: attribution source 'E8'"),
    (lambda d: d["events"][0].update(attribution=None), "events[0]: attribution must be an object"),
    (lambda d: d["events"][0]["attribution"].update(text=None),
     "attribution: text must be a string (null only when source is null)"),
    (lambda d: d["timexes"][0].update(value=None), "timexes[0]: value must be a TIMEX3 string"),
    (lambda d: d["timexes"][0].update(value="PXE"), "timexes[0]: value 'PXE' is not a TIMEX3"),
    (lambda d: d["timexes"][0].update(value="August 2025"), "is not a TIMEX3 value"),
    (lambda d: d["timexes"][0].update(value="2024-13-45"), "is not a TIMEX3 value"),
    (lambda d: d["timexes"][0].update(value="2026-03-19T25:99"), "is not a TIMEX3 value"),
    (lambda d: d["timexes"][0].update(value="2024-W60"), "is not a TIMEX3 value"),
    (lambda d: d["events"][0].update(confidence=1.5), "events[0]: confidence must be"),
    (lambda d: d["events"][0].update(goldstein=12), "events[0]: goldstein must be"),
    (lambda d: d["events"][0].update(cameo=42), "events[0]: cameo must be"),
    (lambda d: d["events"][0].update(evidence={"start": 0, "end": 3}),
     "events[0]: trigger [" ),
    (lambda d: d["events"][0]["trigger"].update(text="زارت"), "events[0].trigger: text 'زارت'"),
    (lambda d: d["events"].append(copy.deepcopy(d["events"][0])),
     "events[1]: duplicate event id 'V1'"),
])
def test_each_violation_is_reported(mutate, expected: str) -> None:
    problems = _problems(mutate)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("value", ["2025-08-14", "XXXX-03-12", "197X", "2018-W28", "XXXX-WXX-2",
                                   "2015-Q1", "2017-SU", "2018-07-15TEV", "XXXX-WXX-3TMI",
                                   "2018-07-15T10:30:00+03:00", "P3D", "PXY", "PXDE", "PT11H",
                                   "P1Y6M", "PAST_REF", "2023/2024", "XXXX-06-03/XXXX-06-05"])
def test_timex3_values_pass(value) -> None:
    d = make_doc()
    d["timexes"][0]["value"] = value
    assert validate_document(d) == []


def test_unattributed_event_serialises_as_the_contract_object() -> None:
    d = make_doc()
    d["events"][0]["attribution"] = {"source": None, "text": None}
    assert validate_document(d) == []
    doc = Doc(text=TEXT, id="t2")
    doc.events = [Event("V1", "CONSULT", None, [], "040", 1.0, [], [], None, None, "asserted",
                        None, _span("زار"), (0, 20), 0.5)]
    assert doc.to_dict()["events"][0]["attribution"] == {"source": None, "text": None}


def test_non_dict_and_extra_fields() -> None:
    assert validate_document([]) == ["document: expected a JSON object, got list"]
    d = make_doc()
    d["pipeline_version"] = "0.1"      # more fields may be added
    d["entities"][0]["score"] = 0.9
    assert validate_document(d) == []


def test_published_datetime_with_offset() -> None:
    d = make_doc()
    d["published"] = "2025-09-15T10:30:00+01:00"
    assert validate_document(d) == []
    d["published"] = "2025-09-15T10:30:00"   # the spec requires the offset
    assert validate_document(d)


@pytest.mark.parametrize("code, country", [
    ("MAR-MIL", "MAR"), ("ISR", "ISR"), ("IGO-NATO", "IGO-NATO"), ("igo-uno", "IGO-UNO"),
    (None, None), ("", None),
])
def test_code_country(code, country) -> None:
    assert code_country(code) == country
