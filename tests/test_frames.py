"""Arms-transfer frames (rasd.events.arms) on events of hand-built Docs, their storage and the
``rasd events --arms`` listing.

Sentences are written for these tests; entities are built by hand (as the NER stage would), the
quantities come from rasd.extract.quantities.
"""

from __future__ import annotations

import json

import pytest
from conftest import SHARED, needs_shared

from rasd.doc import Doc, Entity, Mention
from rasd.events.arms import STAGES, cues, merge_frames, system_type
from rasd.events.rules import extract_events
from rasd.extract.quantities import extract_quantities


def ent(eid, typ, name, text, surface, **kw):
    i = text.index(surface)
    return Entity(eid, typ, name, kw.pop("kb", None), [Mention(i, i + len(surface), surface)], **kw)


GPE = {"الهند": ("India", "IND"), "فرنسا": ("France", "FRA"), "الإمارات": ("United Arab Emirates",
       "ARE"), "مصر": ("Egypt", "EGY"), "روسيا": ("Russia", "RUS"), "الجزائر": ("Algeria", "DZA"),
       "أذربيجان": ("Azerbaijan", "AZE"), "إسرائيل": ("Israel", "ISR"), "تركيا": ("Turkey", "TUR")}
SYSTEMS = {"رافال": ("Dassault Rafale", "rasd:system/dassault-rafale", "FRA"),
           "F-35": ("F-35", "rasd:system/f-35", "USA"),
           "إس-400": ("S-400", "rasd:system/s-400", "RUS"),
           "هاروب": ("Harop", "rasd:system/harop", "ISR")}


def doc_of(text: str) -> Doc:
    """A Doc with one sentence, its countries and systems as entities, and its quantities."""
    d = Doc(text=text, published="2025-09-15", sentences=[(0, len(text))])
    n = 0
    for surface, (name, iso) in GPE.items():
        if surface in text:
            n += 1
            d.entities.append(ent(f"E{n}", "GPE", name, text, surface, kb=f"iso3:{iso}",
                                  country=iso))
    for surface, (name, kb, iso) in SYSTEMS.items():
        if surface in text:
            n += 1
            d.entities.append(ent(f"E{n}", "MISC", name, text, surface, kb=kb, country=iso))
    d.quantities = extract_quantities(text)
    return d


def frames(text: str) -> list[dict]:
    return [e.attrs["arms"] for e in extract_events(doc_of(text)) if "arms" in e.attrs]


def test_cue_table_and_kb_system_types_load() -> None:
    kinds = {c.kind for c in cues()}
    assert kinds == {"stage", "direction", "system_type", "deal", "weapon"}
    assert {c.value for c in cues() if c.kind == "stage"} == set(STAGES)
    assert system_type("rasd:system/harop") == "loitering munition"
    assert system_type("rasd:system/f-35") == "combat aircraft"
    assert system_type("iso3:ISR") is None


def test_talks_purchase_with_count_and_supplier_from_system_origin() -> None:
    fs = frames("تجري الهند محادثات مع فرنسا لشراء 26 مقاتلة رافال.")
    assert len(fs) == 1
    f = fs[0]
    assert f["stage"] == "talks"
    assert f["supplier"]["country"] == "FRA" and f["recipient"]["country"] == "IND"
    assert f["system"] == "Dassault Rafale" and f["system_type"] == "combat aircraft"
    assert f["quantity"]["value"] == 26.0 and f["quantity"]["text"] == "26 مقاتلة"
    assert f["value"] is None


def test_delivery_stage_and_direction_of_a_buy_verb() -> None:
    f = frames("تسلمت مصر من فرنسا الدفعة الأولى من 12 طائرة رافال.")[0]
    assert f["stage"] == "delivery"
    assert (f["supplier"]["code"], f["recipient"]["code"]) == ("FRA-GOV", "EGY-GOV")
    assert f["quantity"]["value"] == 12.0


def test_order_stage_from_a_signed_contract() -> None:
    f = frames("وقعت الجزائر عقدا مع روسيا لشراء منظومة إس-400.")[0]
    assert f["stage"] == "order"
    assert (f["supplier"]["country"], f["recipient"]["country"]) == ("RUS", "DZA")
    assert f["system"] == "S-400"


def test_possible_deal_under_discussion_is_talks_not_approval() -> None:
    """"صفقة محتملة" (a possible deal) approves nothing: without an approval verb, talks."""
    fs = frames("بحث وفد عسكري تونسي مع شركة ليوناردو الإيطالية صفقة محتملة لشراء مروحيات.")
    assert fs and all(f["stage"] == "talks" for f in fs)


def test_sale_verb_makes_the_subject_the_supplier() -> None:
    f = frames("باعت إسرائيل طائرات هاروب إلى أذربيجان.")[0]
    assert (f["supplier"]["country"], f["recipient"]["country"]) == ("ISR", "AZE")
    assert f["system_type"] == "loitering munition"


def test_approval_of_a_possible_sale_with_value() -> None:
    fs = frames("وافقت الولايات المتحدة على صفقة محتملة لبيع 16 طائرة F-35 إلى الإمارات "
                "بقيمة 3 مليارات دولار.")
    assert fs and all(f["stage"] == "approval" for f in fs)
    f = fs[0]
    assert f["value"]["value"] == 3e9 and f["value"]["unit"] == "USD"
    assert f["quantity"]["value"] == 16.0
    assert f["recipient"]["country"] == "ARE"


def test_selection_and_weapon_category_without_a_named_system() -> None:
    f = frames("اختارت الهند شركة فرنسية لتزويد جيشها بغواصات جديدة.")
    assert f and f[0]["stage"] == "selection" and f[0]["system_type"] == "submarine"


def test_no_frame_for_a_visit_or_a_joint_exercise() -> None:
    assert frames("زار وزير الدفاع الهندي فرنسا الأسبوع الماضي.") == []
    assert frames("شاركت الهند وفرنسا في مناورات بحرية مشتركة.") == []


def test_no_frame_without_a_weapon() -> None:
    # an arms trigger about goods, or an office taken over: the event may stand, no frame
    text = "اشترت الهند من فرنسا منتجات زراعية بقيمة ملياري دولار."
    evs = extract_events(doc_of(text))
    assert evs and all("arms" not in e.attrs for e in evs)
    assert frames("تسلمت مصر رئاسة الدورة الجديدة من فرنسا.") == []
    # the same purchase of arms gets one
    assert frames("اشترت الهند من فرنسا أسلحة بقيمة ملياري دولار.")[0]["value"]["value"] == 2e9


def test_merge_frames_keeps_the_later_stage_and_fills_gaps() -> None:
    a = {"stage": "talks", "system": None, "quantity": None, "supplier": {"code": "FRA"}}
    b = {"stage": "delivery", "system": "Dassault Rafale", "quantity": {"value": 12.0},
         "supplier": {"code": "FRA-BUS"}}
    m = merge_frames(a, b)
    assert m["stage"] == "delivery" and m["system"] == "Dassault Rafale"
    assert m["supplier"] == {"code": "FRA"} and m["quantity"] == {"value": 12.0}
    assert merge_frames(None, b) == b and merge_frames(a, None) is a


def test_frames_are_stored_and_listed(tmp_path, capsys) -> None:
    from rasd.cli import main
    from rasd.store.sqlite import Store

    texts = ["تجري الهند محادثات مع فرنسا لشراء 26 مقاتلة رافال.",
             "تسلمت مصر من فرنسا الدفعة الأولى من 12 طائرة رافال."]
    db = tmp_path / "a.db"
    with Store(db) as s:
        for n, t in enumerate(texts):
            d = doc_of(t)
            d.id = f"doc{n}"
            d.events = extract_events(d)
            assert s.save(d) is True
            assert s.save(d) is False      # the same analysis again writes nothing
        rows = s.arms(country="FRA")
        assert [(r["doc_id"], r["arms"]["stage"]) for r in rows] == \
            [("doc1", "delivery"), ("doc0", "talks")]    # by recipient country: EGY, IND
        assert [r["doc_id"] for r in s.arms(stage="talks")] == ["doc0"]
        assert [r["doc_id"] for r in s.arms(system="rafale")] == ["doc1", "doc0"]
        assert tuple(s.conn.execute("SELECT system_type, quantity FROM event_arms "
                                    "WHERE doc_id = 'doc1'").fetchone()) == ("combat aircraft", 12.0)
    assert main(["events", "--db", str(db), "--arms", "--format", "jsonl",
                 "--stage", "delivery"]) == 0
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(r["doc_id"], r["arms"]["recipient"]["country"]) for r in out] == [("doc1", "EGY")]


@needs_shared
def test_seed_article_drone_talks_frame() -> None:
    pytest.importorskip("rasd.pipeline")
    from rasd.pipeline import Pipeline

    text = (SHARED / "examples/seed-article.txt").read_text(encoding="utf-8")
    doc = Pipeline()(text, published="2025-09-15")
    fs = [e.attrs["arms"] for e in doc.events if "arms" in e.attrs]
    talks = [f for f in fs if f["stage"] == "talks"]
    assert talks, fs
    f = talks[0]
    assert {s["name"] for s in f["systems"]} >= {"Harop"}
    assert f["supplier"]["country"] == "ISR" and f["recipient"]["country"] == "MAR"
    assert f["value"]["value"] == 1e8 and f["value"]["qualifier"] == "gt"
    assert any(f["stage"] == "selection" and f["supplier"]["country"] == "ISR" for f in fs)
    assert "Israel Aerospace Industries" in [m["name"] for m in f["makers"]]


def test_nationality_after_the_weapon_names_the_supplier() -> None:
    # "صينية" qualifies the systems: China supplies, whatever the verb's subject
    text = "قررت تركيا شراء منظومات دفاع جوي صينية بدلا من الأمريكية."
    d = doc_of(text)
    fs = [e.attrs["arms"] for e in extract_events(d) if "arms" in e.attrs]
    assert fs and fs[0]["supplier"]["country"] == "CHN"
    assert fs[0]["recipient"]["country"] == "TUR" and fs[0]["system_type"] == "air defence"


def test_a_deal_followed_from_talks_to_delivery_across_articles(tmp_path, capsys) -> None:
    from rasd.cli import main
    from rasd.store.sqlite import Store

    articles = [("t1", "2024-03-01", "تجري الهند محادثات مع فرنسا لشراء 26 مقاتلة رافال."),
                ("t2", "2025-06-10", "تسلمت الهند من فرنسا أول خمس طائرات رافال."),
                ("t3", "2025-06-11", "تسلمت مصر من فرنسا الدفعة الأولى من 12 طائرة رافال.")]
    db = tmp_path / "d.db"
    with Store(db) as s:
        for doc_id, pub, text in articles:
            d = doc_of(text)
            d.id, d.published = doc_id, pub
            d.events = extract_events(d)
            s.save(d)
        deals = s.deals(country="IND")
        assert len(deals) == 1
        g = deals[0]
        assert (g["supplier"], g["recipient"], g["system"]) == ("FRA", "IND", "Dassault Rafale")
        assert g["stages"] == ["talks", "delivery"] and g["latest_stage"] == "delivery"
        assert [m["doc_id"] for m in g["mentions"]] == ["t1", "t2"]
        assert g["n_documents"] == 2
        assert {(x["recipient"], tuple(x["stages"])) for x in s.deals(system="rafale")} == \
            {("IND", ("talks", "delivery")), ("EGY", ("delivery",))}
    assert main(["events", "--db", str(db), "--arms", "--deals", "--format", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rows[0]["recipient"] == "IND" and rows[0]["n_mentions"] == 2


def _frame_with_system_as_party(text: str, trigger: str) -> tuple[dict, Doc]:
    """The arms frame of an event whose recipient is the Rafale entity coded FRA-GOV (what
    the event stage made of «مصر» and «رافال» as the only named parties)."""
    from rasd.doc import Actor, Event
    from rasd.events.actors import WordView
    from rasd.events.arms import arms_frame

    d = doc_of(text)
    rafale = next(e for e in d.entities if e.kb == "rasd:system/dassault-rafale")
    ts = text.index(trigger)
    ev = Event("V1", "COOPERATE", None, ["military"], "062", 6.4,
               [Actor("EGY-GOV", "E1", "مصر")], [Actor("FRA-GOV", rafale.id, "رافال")],
               None, None, "asserted", None, (ts, ts + len(trigger)), (0, len(text)), 0.8)
    return arms_frame(d, ev, WordView(d)), d


def test_supplier_is_never_the_weapon_system_itself() -> None:
    """The frame's supplier pointed to the Rafale entity when the event took the aircraft as
    a party. The supplier is now France: its own mention when named, else the code with no
    entity."""
    f, d = _frame_with_system_as_party("وقعت مصر عقدا مع فرنسا لشراء 30 طائرة رافال.", "وقعت")
    france = next(e for e in d.entities if e.kb == "iso3:FRA")
    assert f["supplier"] == {"code": "FRA-GOV", "country": "FRA", "entity": france.id,
                             "text": "فرنسا"}
    f2, _ = _frame_with_system_as_party("تسلمت مصر الدفعة الأولى من طائرات رافال الفرنسية.",
                                        "تسلمت")
    assert f2["supplier"]["country"] == "FRA" and f2["supplier"]["entity"] is None


def test_a_denied_purchase_gives_the_deal_no_stage(tmp_path) -> None:
    """«نفت الجزائر أنها اشترت ...» is listed under its deal but is no order."""
    from rasd.store.sqlite import Store

    with Store(tmp_path / "n.db") as s:
        d = doc_of("نفت الجزائر أنها اشترت طائرات مقاتلة من روسيا.")
        d.id = "n1"
        d.events = extract_events(d)
        assert [(e.status, "arms" in e.attrs) for e in d.events] == [("negated", True)]
        s.save(d)
        (g,) = s.deals(country="DZA")
        assert g["stages"] == [] and g["latest_stage"] is None and g["n_mentions"] == 1
