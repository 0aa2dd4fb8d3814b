"""Build the generated knowledge-base table ``countries.tsv`` from maintained sources.

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

Run with ``python -m rasd.kb.build [OUT_DIR]`` (default: this package folder). The output is
deterministic (sorted by ISO3) so a rebuild with the same babel/pycountry versions gives the same
file. The other tables (capitals.tsv, places.tsv, igos.tsv, orgs.tsv, people.tsv, misc.tsv) are
curated by hand; see README.md.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from rasd.kb import COLUMNS

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


def build_kb(out_dir: str | Path = HERE) -> list[Path]:
    """Write the generated tables into ``out_dir`` and return their paths.

    Args:
        out_dir: destination folder (created if needed); default the package folder.
    Returns:
        list of written paths (currently ``[out_dir / "countries.tsv"]``).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "countries.tsv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in country_rows():
            f.write("\t".join(r.get(c, "").replace("\t", " ") for c in COLUMNS) + "\n")
    return [path]


if __name__ == "__main__":  # pragma: no cover
    for p in build_kb(sys.argv[1] if len(sys.argv) > 1 else HERE):
        print(p)
