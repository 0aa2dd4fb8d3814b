"""The gold scorer (rasd.eval.score): matching rules and exact P/R/F1 on hand-made pairs.

The small gold/prediction pairs below are written for these tests; one test runs the real dev
gold (../shared/eval/dev/gold) against a "prediction" built from the gold itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.eval.score import (
    LAYERS,
    evaluate,
    event_key,
    score_entity_names,
    surface_key,
    surfaces_match,
)


def _gold(gid: str, **layers) -> dict:
    g = {"schema": "rasd.gold/1", "id": gid, "source_path": None, "published": "2025-09-15",
         "title": None, "entities": [], "timexes": [], "quantities": [], "quotes": [],
         "events": []}
    g.update(layers)
    return g


def _write(tmp_path: Path, *golds: dict) -> Path:
    d = tmp_path / "gold"
    d.mkdir()
    for g in golds:
        (d / f"{g['id']}.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    return d


def _pred(did: str, **layers) -> dict:
    d = {"schema": "rasd.document/1", "id": did, "entities": [], "timexes": [],
         "quantities": [], "quotes": [], "events": []}
    d.update(layers)
    return d


def _ent(eid: str, typ: str, *surfaces: str, name: str | None = None, kb: str | None = None):
    return {"id": eid, "type": typ, "name": name or surfaces[0], "kb": kb,
            "mentions": [{"start": 0, "end": len(s), "text": s} for s in surfaces]}


def _ev(typ: str, actors: list[str], recipients: list[str], status: str = "asserted") -> dict:
    return {"type": typ, "actors": [{"code": c, "entity": None, "text": ""} for c in actors],
            "recipients": [{"code": c, "entity": None, "text": ""} for c in recipients],
            "status": status, "trigger": {"start": 0, "end": 0, "text": ""}}


def _gev(typ: str, actors: list[str], recipients: list[str], status: str = "asserted") -> dict:
    return {"type": typ, "mode": None, "contexts": [], "actors": actors,
            "recipients": recipients, "date": None, "status": status, "trigger": "",
            "evidence": ""}


# -- normalisation of surfaces ------------------------------------------------------------------
@pytest.mark.parametrize("a, b, expected", [
    ("وإسرائيل", "إسرائيل", True),            # one proclitic tolerated
    ("إسرائيل", "وإسرائيل", True),            # on either side
    ("للأمم المتحدة", "الأمم المتحدة", True),  # لل is ل + ال
    ("الحكـــومة", "الحكومه", True),           # tatweel, taa marbuta
    ("مُحَمَّد", "محمد", True),                 # diacritics
    ("«الرباط»", "الرباط", True),             # punctuation
    ("مصطفى", "مصطفي", True),                 # alef maqsura
    ("وبإسرائيل", "إسرائيل", False),          # two proclitics are not tolerated
    ("المغرب", "الجزائر", False),
    ("", "المغرب", False),
])
def test_surfaces_match(a: str, b: str, expected: bool) -> None:
    assert surfaces_match(a, b) is expected


def test_surface_key_drops_punctuation_and_spaces() -> None:
    assert surface_key("إف-35") == surface_key("إف 35") == "اف35"


def test_event_key_symmetric_and_directed() -> None:
    a = {"type": "CONSULT", "actors": ["MAR-MIL"], "recipients": ["ISR-GOV"]}
    b = {"type": "CONSULT", "actors": [{"code": "ISR-BUS"}, {"code": "MAR-GOV"}], "recipients": []}
    assert event_key(a) == event_key(b) == ("CONSULT", frozenset({"MAR", "ISR"}))
    c = {"type": "ACCUSE", "actors": ["IGO-UNO"], "recipients": ["MAR-GOV"]}
    d = {"type": "ACCUSE", "actors": [{"code": "MAR-GOV"}], "recipients": [{"code": "IGO-UNO"}]}
    assert event_key(c) == ("ACCUSE", frozenset({"IGO-UNO"}), frozenset({"MAR"}))
    assert event_key(c) != event_key(d)


# -- hand-made pairs with exact scores ----------------------------------------------------------
def test_entities_exact_scores(tmp_path: Path) -> None:
    gold = _gold("g1", entities=[
        {"type": "GPE", "name_en": "Morocco", "kb": "MAR", "mentions": ["المغرب"]},
        {"type": "GPE", "name_en": "Israel", "kb": "ISR", "mentions": ["إسرائيل"]},
        {"type": "ORG", "name_en": "Elbit Systems", "kb": None,
         "mentions": ["إلبيت سيستمز", "Elbit Systems"]},
        {"type": "PER", "name_en": "Ahmed Bennani", "kb": None, "mentions": ["أحمد البناني"]},
        {"type": "LOC", "name_en": "Western Sahara", "kb": "ESH", "mentions": ["الصحراء الغربية"]},
    ])
    pred = _pred("g1", entities=[
        _ent("E1", "GPE", "وإسرائيل", name="Israel", kb="iso3:ISR"),
        _ent("E2", "GPE", "المغرب", name="Morocco", kb="iso3:MAR"),
        _ent("E3", "ORG", "Elbit Systems", name="Elbit Systems"),
        _ent("E4", "GPE", "الصحراء الغربيّة", name="W. Sahara"),   # GPE ~ LOC
        _ent("E5", "PER", "البناني"),                             # not a gold surface
        _ent("E6", "ORG", "الرباط"),                              # spurious
    ])
    r = evaluate([pred], _write(tmp_path, gold))
    s = r.layers["entities"]
    assert (s.tp, s.fp, s.fn) == (4, 2, 1)
    assert s.precision == pytest.approx(4 / 6)
    assert s.recall == pytest.approx(4 / 5)
    assert s.f1 == pytest.approx(16 / 22)
    pt = r.per_type["entities"]
    assert (pt["GPE"].tp, pt["GPE"].fp, pt["GPE"].fn) == (2, 0, 0)
    assert (pt["LOC"].tp, pt["LOC"].fn) == (1, 0)
    assert (pt["ORG"].tp, pt["ORG"].fp) == (1, 1)
    assert (pt["PER"].tp, pt["PER"].fp, pt["PER"].fn) == (0, 1, 1)
    names = score_entity_names([pred], tmp_path / "gold")
    assert (names["gold"], names["matched"], names["name_right"]) == (5, 4, 3)
    assert (names["kb_gold"], names["kb_right"]) == (3, 2)   # W. Sahara has no kb
    assert names["wrong"] == [{"doc": "g1", "gold": "Western Sahara", "pred": "W. Sahara"}]


def test_entity_type_must_match_except_gpe_loc(tmp_path: Path) -> None:
    gold = _gold("g1", entities=[{"type": "GPE", "name_en": "Morocco", "kb": "MAR",
                                  "mentions": ["المغرب"]}])
    r = evaluate([_pred("g1", entities=[_ent("E1", "ORG", "المغرب")])], _write(tmp_path, gold))
    assert (r.layers["entities"].tp, r.layers["entities"].fp, r.layers["entities"].fn) == (0, 1, 1)


def test_entity_matching_is_one_to_one(tmp_path: Path) -> None:
    # two predicted entities for one gold entity: one TP, one FP
    gold = _gold("g1", entities=[{"type": "PER", "name_en": "Ali", "kb": None,
                                  "mentions": ["علي حسن", "حسن"]}])
    pred = _pred("g1", entities=[_ent("E1", "PER", "علي حسن"), _ent("E2", "PER", "حسن")])
    r = evaluate([pred], _write(tmp_path, gold))
    assert (r.layers["entities"].tp, r.layers["entities"].fp, r.layers["entities"].fn) == (1, 1, 0)


def test_timexes_detection_and_values(tmp_path: Path) -> None:
    gold = _gold("g1", timexes=[
        {"text": "أغسطس الماضي", "type": "DATE", "value": "2025-08"},
        {"text": "عام 2020", "type": "DATE", "value": "2020"},
        {"text": "أمس", "type": "DATE", "value": "2025-09-14"},
    ])
    t = lambda text, value: {  # noqa: E731
        "start": 0, "end": len(text), "text": text, "type": "DATE",
        "value": value}
    pred = _pred("g1", timexes=[
        t("في أغسطس الماضي", "2025-08"),   # contains the gold text
        t("2020", "2020"),                 # contained in the gold text
        t("2020", "2020"),                 # a second occurrence: de-duplicated
        t("أمس", "2025-09-13"),            # found, wrong value
        t("غدا", "2025-09-16"),            # spurious
    ])
    r = evaluate([pred], _write(tmp_path, gold))
    d, v = r.layers["timexes"], r.layers["timex_values"]
    assert (d.tp, d.fp, d.fn) == (3, 1, 0)
    assert d.f1 == pytest.approx(6 / 7)
    assert (v.tp, v.fp, v.fn) == (2, 2, 1)
    assert v.f1 == pytest.approx(4 / 7)
    acc = r.accuracies["timex_value"]
    assert (acc.correct, acc.total) == (2, 3)
    wrong = [e for e in r.errors["timexes"] if e["kind"] == "wrong"]
    assert wrong == [{"doc": "g1", "kind": "wrong", "text": "أمس", "gold": "2025-09-14",
                      "pred": "2025-09-13"}]


def test_repeats_of_a_matched_item_are_set_aside(tmp_path: Path) -> None:
    gold = _gold("g1", timexes=[{"text": "يونيو 2017", "type": "DATE", "value": "2017-06"}],
                 quantities=[{"text": "مئة مليون دولار", "kind": "money", "value": 1e8,
                              "unit": "USD", "qualifier": "eq"}])
    t = lambda text, value: {  # noqa: E731
        "start": 0, "end": len(text), "text": text, "type": "DATE",
        "value": value}
    q = lambda text, value: {  # noqa: E731
        "start": 0, "end": len(text), "text": text, "kind": "money",
        "value": value, "value_max": None, "unit": "USD", "qualifier": "eq"}
    pred = _pred("g1",
                 timexes=[t("شهر يونيو/حزيران 2017", "2017-06"),   # no containment: FP
                          t("شهر يونيو 2017", "2017-06"),          # repeat of the matched item
                          t("يونيو 2017", "2017-06"),
                          t("يونيو 2017 نفسه", "2018-06")],        # other value: FP
                 quantities=[q("مئة مليون دولار", 1e8), q("100 مليون دولار", 1e8),
                             q("200 مليون دولار", 2e8)])
    r = evaluate([pred], _write(tmp_path, gold))
    d = r.layers["timexes"]
    assert (d.tp, d.fp, d.fn) == (1, 2, 0)
    qs = r.layers["quantities"]
    assert (qs.tp, qs.fp, qs.fn) == (1, 1, 0)
    assert r.repeats == {"timexes": 1, "quantities": 1}


def test_quantities_kind_unit_and_tolerance(tmp_path: Path) -> None:
    gold = _gold("g1", quantities=[
        {"text": "100 مليون دولار", "kind": "money", "value": 100000000, "unit": "USD",
         "qualifier": "gt"},
        {"text": "31%", "kind": "percent", "value": 31, "unit": "%", "qualifier": "eq"},
        {"text": "16 طائرة", "kind": "count", "value": 16, "unit": "aircraft", "qualifier": "eq"},
        {"text": "5 ملايين يورو", "kind": "money", "value": 5000000, "unit": "EUR",
         "qualifier": "eq"},
    ])
    q = lambda text, kind, value, unit, qual="eq": {  # noqa: E731
        "start": 0, "end": len(text), "text": text, "kind": kind, "value": value,
        "value_max": None, "unit": unit, "qualifier": qual}
    pred = _pred("g1", quantities=[
        q("100.4 مليون دولار", "money", 100.4e6, "USD"),   # within 0.5 %, qualifier wrong
        q("31%", "percent", 31.0, "%"),
        q("16 طائرة", "count", 16, "drones"),             # unit differs
        q("5.03 مليون يورو", "money", 5.03e6, "EUR"),      # 0.6 % off: no match
        q("116.7 مليون دولار", "money", 116.7e6, "USD"),   # spurious
    ])
    r = evaluate([pred], _write(tmp_path, gold))
    s = r.layers["quantities"]
    assert (s.tp, s.fp, s.fn) == (2, 3, 2)
    assert s.precision == pytest.approx(0.4)
    assert s.recall == pytest.approx(0.5)
    acc = r.accuracies["quantity_qualifier"]
    assert (acc.correct, acc.total) == (1, 2)


def test_quotes_detection_and_speakers(tmp_path: Path) -> None:
    gold = _gold("g1", quotes=[
        {"speaker_en": "a security analyst", "speaker_text": "المحلل الأمني",
         "quote_start": "التعاون العسكري بين البلدين يتسارع", "direct": True},
        {"speaker_en": "the minister", "speaker_text": "الوزير",
         "quote_start": "المفاوضات ما زالت جارية", "direct": False},
        {"speaker_en": "Ali Hassan", "speaker_text": "علي حسن",
         "quote_start": "لن نقبل بأي شروط مسبقة", "direct": True},
    ])
    q = lambda text, sp, direct=True, speaker=None: {  # noqa: E731
        "start": 0, "end": len(text), "text": text, "direct": direct, "speaker": speaker,
        "speaker_text": sp, "cue": "قال"}
    pred = _pred("g1", entities=[_ent("E1", "PER", "حسن", name="Ali Hassan")], quotes=[
        q("التعاون العسكري بين البلدين يتسارع بشكل لافت", "المحلل الأمني"),
        q("أن المفاوضات ما زالت جارية", "المتحدث", direct=False),   # wrong speaker
        q("لن نقبل بأي شروط مسبقة", "هو", speaker="E1"),          # right by entity name
        q("الوضع هادئ في المدينة", "الشرطة"),                      # spurious
    ])
    r = evaluate([pred], _write(tmp_path, gold))
    d, s = r.layers["quotes"], r.layers["quote_speakers"]
    assert (d.tp, d.fp, d.fn) == (3, 1, 0)
    assert (s.tp, s.fp, s.fn) == (2, 2, 1)
    assert (r.accuracies["quote_speaker"].correct, r.accuracies["quote_speaker"].total) == (2, 3)
    assert r.accuracies["quote_direct"].correct == 3


def test_events_type_multiset_countries_and_status(tmp_path: Path) -> None:
    gold = _gold("g1", events=[
        _gev("CONSULT", ["MAR-MIL"], ["ISR-GOV"]),
        _gev("COOPERATE", ["MAR-MIL"], ["ISR-BUS"], "negotiating"),
        _gev("SUPPORT", ["MAR-GOV", "ISR-GOV"], [], "historical"),
        _gev("ACCUSE", ["IGO-UNO"], ["MAR-GOV"]),
    ])
    pred = _pred("g1", events=[
        _ev("CONSULT", ["ISR-GOV"], ["MAR-MIL"]),              # symmetric type: same parties
        _ev("COOPERATE", ["MAR-GOV"], ["ISR-BUS"]),            # countries right, status wrong
        _ev("SUPPORT", ["MAR-GOV"], ["USA-GOV"], "historical"),  # wrong parties
        _ev("ACCUSE", ["MAR-GOV"], ["IGO-UNO"]),               # direction reversed
        _ev("ASSAULT", ["ISR-MIL"], []),                       # spurious
    ])
    r = evaluate([pred], _write(tmp_path, gold))
    t, a = r.layers["events"], r.layers["events_actors"]
    assert (t.tp, t.fp, t.fn) == (4, 1, 0)
    assert (a.tp, a.fp, a.fn) == (2, 3, 2)
    assert (r.accuracies["event_status"].correct, r.accuracies["event_status"].total) == (3, 4)
    assert (r.accuracies["event_status_strict"].correct,
            r.accuracies["event_status_strict"].total) == (1, 2)
    assert r.false_events_per_true_event == pytest.approx(0.25)
    assert r.per_type["events"]["ASSAULT"].fp == 1
    assert r.per_type["events_actors"]["ACCUSE"].fn == 1


def test_event_pairs_for_status_follow_triggers(tmp_path: Path) -> None:
    text = "زار الوزير الرباط أمس. وسيلتقي نظيره في القاهرة الشهر المقبل."
    g1 = {**_gev("CONSULT", ["EGY-GOV"], ["MAR-GOV"], "asserted"), "trigger": "زار",
          "evidence": "زار الوزير الرباط أمس"}
    g2 = {**_gev("CONSULT", ["EGY-GOV"], ["MAR-GOV"], "planned"), "trigger": "سيلتقي",
          "evidence": "سيلتقي نظيره في القاهرة الشهر المقبل"}

    def pev(trigger: str, status: str) -> dict:
        s = text.index(trigger)
        sent = text.index(".") if s < text.index(".") else len(text) - 1
        ev = _ev("CONSULT", ["EGY-GOV"], ["MAR-GOV"], status)
        ev["trigger"] = {"start": s, "end": s + len(trigger), "text": trigger}
        ev["evidence"] = {"start": 0 if s < text.index(".") else text.index(".") + 2, "end": sent}
        return ev

    # predicted in the other order: pairing by trigger gives 2/2, by position it would give 0/2
    pred = {**_pred("g1", events=[pev("سيلتقي", "planned"), pev("زار", "asserted")]),
            "text": text}
    r = evaluate([pred], _write(tmp_path, _gold("g1", events=[g1, g2])))
    assert r.layers["events_actors"].tp == 2
    acc = r.accuracies["event_status"]
    assert (acc.correct, acc.total) == (2, 2)


def test_events_multiset_counts_duplicates(tmp_path: Path) -> None:
    gold = _gold("g1", events=[_gev("CONSULT", ["USA-GOV"], ["TUR-GOV"])])
    pred = _pred("g1", events=[_ev("CONSULT", ["USA-GOV"], ["TUR-GOV"])] * 3)
    r = evaluate([pred], _write(tmp_path, gold))
    assert (r.layers["events"].tp, r.layers["events"].fp) == (1, 2)
    assert r.false_events_per_true_event == pytest.approx(2.0)


def test_missing_and_unscored_documents(tmp_path: Path) -> None:
    g1 = _gold("g1", entities=[{"type": "GPE", "name_en": "Egypt", "kb": "EGY",
                                "mentions": ["مصر"]}])
    g2 = _gold("g2", entities=[{"type": "GPE", "name_en": "Qatar", "kb": "QAT",
                                "mentions": ["قطر"]}], title="عنوان تجريبي للمقال")
    # g1 predicted by id, g2 found by its title although the id differs, x has no gold
    preds = [_pred("g1", entities=[_ent("E1", "GPE", "مصر")]),
             {**_pred("sha1:0000", entities=[_ent("E1", "GPE", "قطر")]),
              "title": "عنوان تجريبي للمقال"},
             _pred("x", entities=[_ent("E1", "GPE", "ليبيا")])]
    r = evaluate(preds, _write(tmp_path, g1, g2))
    assert r.layers["entities"].tp == 2 and r.layers["entities"].fp == 0
    assert r.unscored == ["x"] and r.missing == []
    r2 = evaluate(preds[:1], tmp_path / "gold")
    assert r2.missing == ["g2"]
    assert (r2.layers["entities"].tp, r2.layers["entities"].fn) == (1, 1)


def test_report_text_and_dict(tmp_path: Path) -> None:
    gold = _gold("g1", entities=[{"type": "GPE", "name_en": "Egypt", "kb": "EGY",
                                  "mentions": ["مصر"]}])
    r = evaluate([_pred("g1", entities=[_ent("E1", "GPE", "مصر")])], _write(tmp_path, gold))
    text = r.to_text()
    assert "entities             1     0     0  100.0  100.0  100.0" in text
    d = json.loads(json.dumps(r.to_dict(errors=True)))
    assert set(d["layers"]) == set(LAYERS)
    assert d["layers"]["entities"]["f1"] == 1.0
    assert d["layers"]["events"]["f1"] == 0.0
    assert d["n_docs"] == 1
    # the hand-made prediction has no text, sentences ...: reported, scores unchanged
    assert "document: missing field 'text'" in r.invalid["g1"]
    assert "1 documents break the rasd.document/1 contract" in text
    r2 = evaluate([_pred("g1", entities=[_ent("E1", "GPE", "مصر")])], tmp_path / "gold",
                  validate=False)
    assert r2.invalid == {} and r2.layers["entities"].f1 == 1.0


def test_bad_gold_dir(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        evaluate([], tmp_path / "nope")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        evaluate([], tmp_path)


# -- the real dev gold --------------------------------------------------------------------------
def _perfect_prediction(g: dict) -> dict:
    """A rasd.document/1-shaped dict holding exactly the gold's items."""
    ents = [{"id": f"E{i + 1}", "type": e["type"], "name": e["name_en"],
             "kb": f"iso3:{e['kb']}" if e.get("kb") else None,
             "mentions": [{"start": 0, "end": len(m), "text": m} for m in e["mentions"]]}
            for i, e in enumerate(g["entities"])]
    quotes = [{"start": 0, "end": 0, "text": q["quote_start"], "direct": q["direct"],
               "speaker": None, "speaker_text": q["speaker_text"], "cue": "قال"}
              for q in g["quotes"]]
    events = [{**e, "actors": [{"code": c} for c in e["actors"]],
               "recipients": [{"code": c} for c in e["recipients"]]} for e in g["events"]]
    return _pred(g["id"], title=g.get("title"), entities=ents,
                 timexes=[dict(t) for t in g["timexes"]],
                 quantities=[dict(q) for q in g["quantities"]], quotes=quotes, events=events)


def test_dev_gold_perfect_prediction_scores_one(shared: Path) -> None:
    gold_dir = shared / "eval" / "dev" / "gold"
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    r = evaluate([_perfect_prediction(g) for g in golds], gold_dir)
    assert not r.missing and not r.unscored
    assert r.layers["entities"].tp == sum(len(g["entities"]) for g in golds)
    for layer in LAYERS:
        assert r.layers[layer].f1 == 1.0, layer
    names = score_entity_names([_perfect_prediction(g) for g in golds], gold_dir)
    assert names["name_share"] == 1.0 and names["kb_share"] == 1.0
