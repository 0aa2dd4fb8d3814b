"""One identity per real-world referent across the documents of a store.

:func:`merge_entities` reads the ``entities`` and ``mentions`` tables of a
:class:`rasd.store.sqlite.Store` (through ``store.conn``) and writes two tables of its own
(created with ``CREATE TABLE IF NOT EXISTS``, rewritten on each run; the store's own tables are
not modified):

``entity_identities(doc_id, eid, identity, type, name, method)``
    one row per document entity: its cross-article ``identity`` (a KB id such as ``iso3:MAR`` /
    ``rasd:per/mike-pompeo``, or a stable ``rasd:auto/<type>/<hash>`` id from
    :func:`rasd.link.linker.auto_id`), the identity's display name and how it was reached
    (``kb``, ``alias`` = a surface that elsewhere belongs to exactly one KB entity,
    ``skeleton`` = cross-script consonant skeleton, ``surface``, ``surname``, ``name``).
``entity_aliases(identity, alias, n)``
    every mention surface of the identity with its count.

Rules (union-find over document entities of the **same type**; precision first):

1. entities with a kb id join that id;
2. the longest mention surface (compact key) of an unlinked entity that, over the store,
   belongs to entities of exactly one kb id links it there (same country when both are known);
   a surface seen with two kb ids (طرابلس for both Tripolis) links nothing; a surface that is
   now a KB alias of exactly one entity (the store may predate a KB update) links to it,
   except the ambiguous names of ``ambiguous.tsv``;
3. unlinked entities sharing a mention surface join (organisations: their longest surface
   only), except one-word person names and short keys (< 3 letters); organisations whose
   country is known also need the same country (a person's country read from a title in one
   article is no reason to split);
   People with the same display name join (the store groups them so too; the recogniser's
   romanisation folds spelling variants of foreign names: أنتونوف / أنطونوف);
4. a one-word person mention (``بومبيو``) is **not** merged with a full name across articles
   (a hand check of such merges found common surnames that name other people: فرنانديز،
   بديع); it joins other one-word mentions of the same surface only;
5. unlinked ORG/PER/MISC identities take a KB entity found by consonant skeleton
   (:func:`rasd.link.linker.kb_by_skeleton`) and unlinked Arabic and Latin ORG identities with the
   same skeleton (at least 5 consonants, unique) join;
6. pattern organisations named by an English template (``Russian Ministry of Defense``) join by
   name and country; without a country (``Ministry of Defense``) they stay one group per name, as
   the store's own grouping does (bare bodies of different states are not merged).
"""

from __future__ import annotations

import random as _random
from collections import Counter, defaultdict
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entity_identities (
    doc_id TEXT NOT NULL, eid TEXT NOT NULL,
    identity TEXT NOT NULL, type TEXT NOT NULL, name TEXT, method TEXT,
    PRIMARY KEY (doc_id, eid)
);
CREATE INDEX IF NOT EXISTS entity_identities_identity ON entity_identities(identity);
CREATE TABLE IF NOT EXISTS entity_aliases (
    identity TEXT NOT NULL, alias TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (identity, alias)
);
"""


_HAMZA_SEAT = str.maketrans({"ئ": "ي", "ؤ": "و", "ء": None})


def _mkey(surface: str) -> str:
    """Merge key of a surface: :func:`rasd.kb.compact_key` with hamza seats folded as the
    press varies them (عائض / عايض), and the family word ``آل`` kept apart from the article."""
    from rasd.kb import compact_key

    k = compact_key(surface).translate(_HAMZA_SEAT)
    # the family word آل (آل فاضل) folds to the article (الفاضل): keep the two apart
    return "@" + k if ("آل " in surface or surface.startswith("آل")) else k


class _UF:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, a: int) -> int:
        p = self.p
        while p[a] != a:
            p[a] = p[p[a]]
            a = p[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.p[rb] = ra
            else:
                self.p[ra] = rb


def _arabic(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


def _before_key(r: dict) -> tuple:
    return (r["kb"] or "name:" + (r["name"] or ""), r["type"])


def merge_entities(store: Any, kb: Any = None) -> dict[str, Any]:
    """Assign cross-article identities to the entities of ``store`` (see the module doc).

    Args:
        store: a :class:`rasd.store.sqlite.Store` (its ``conn`` is used; WAL, autocommit).
        kb: the :class:`rasd.kb.KnowledgeBase` (default :func:`rasd.kb.load_kb`).
    Returns:
        dict with ``entities`` (document entities), ``before`` (distinct entities as the store
        groups them: kb id, else name, per type), ``after`` (distinct identities),
        ``linked_before``/``linked_after`` (document entities with a KB identity), ``merges``
        (identities made of two or more store groups) and ``by_method`` counts.
    """
    from rasd.kb import compact_key, load_kb
    from rasd.link.linker import auto_id, kb_by_skeleton
    from rasd.link.translit import skeleton

    kb = kb or load_kb()
    conn = store.conn
    rows = [dict(r) for r in conn.execute(
        "SELECT doc_id, eid, type, name, kb, country FROM entities ORDER BY doc_id, eid")]
    idx = {(r["doc_id"], r["eid"]): i for i, r in enumerate(rows)}
    ments: list[list[str]] = [[] for _ in rows]
    for d, e, t in conn.execute("SELECT doc_id, eid, text FROM mentions"):
        i = idx.get((d, e))
        if i is not None:
            ments[i].append(t)
    n = len(rows)
    uf = _UF(n)
    method = ["name"] * n

    # 1. kb ids
    kb_rep: dict[tuple[str, str], int] = {}
    for i, r in enumerate(rows):
        if r["kb"]:
            method[i] = "kb"
            k = (r["type"], r["kb"])
            if k in kb_rep:
                uf.union(kb_rep[k], i)
            else:
                kb_rep[k] = i
    # surfaces
    keys: list[set[str]] = []
    for i, r in enumerate(rows):
        ks = set()
        for t in ments[i]:
            ck = compact_key(t)
            if len(ck) >= 3:
                ks.add(ck)
        keys.append(ks)
    surf_kbs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i, r in enumerate(rows):
        if r["kb"]:
            for ck in keys[i]:
                surf_kbs[(r["type"], ck)].add(r["kb"])
    from rasd.link.disambig import ambiguous_table

    ambiguous = ambiguous_table()
    link_kb: dict[int, str] = {}  # unlinked rows linked to a KB entity by their surface
    # 2. unlinked surfaces that belong to one kb id (the entity's longest surface; the same
    #    country when both have one; not for template-named pattern organisations)
    for i, r in enumerate(rows):
        if r["kb"] or not ments[i]:
            continue
        name = r["name"] or ""
        if r["type"] == "ORG" and not _arabic(name) and name not in ments[i]:
            continue
        m = max(ments[i], key=len)
        if r["type"] == "PER" and len(m.split()) < 2:
            continue
        ck = compact_key(m)
        ids = surf_kbs.get((r["type"], ck))
        if not ids and ck not in ambiguous:
            hits = {h.entity.id for h in kb.lookup_compact(ck)
                    if not h.weak and h.case_key is None and h.entity.type == r["type"]}
            if len(hits) == 1:
                ids = hits
                kb_rep.setdefault((r["type"], next(iter(hits))), i)
                link_kb[i] = next(iter(hits))
        if ids and len(ids) == 1:
            kid = next(iter(ids))
            kbe = kb.get(kid)
            kc = (kbe.actor_code or kbe.country) if kbe else None
            if r["country"] and kc and r["country"] != kc:
                continue
            uf.union(kb_rep[(r["type"], kid)], i)
            method[i] = "alias"
    # 3. unlinked entities sharing a surface (+ country when known); 6. template names
    rep: dict[tuple, int] = {}

    def join(k: tuple, i: int, surface: bool) -> None:
        """Union row ``i`` with the first row that had key ``k`` (or make ``i`` that row); with
        ``surface``, a row matched by name only is marked matched by surface when ``k`` joins
        it to another identity."""
        if k in rep:
            if surface and uf.find(rep[k]) != uf.find(i) and method[i] == "name":
                method[i] = "surface"
            uf.union(rep[k], i)
        else:
            rep[k] = i

    for i, r in enumerate(rows):
        if r["kb"]:
            continue
        name = r["name"] or ""
        template = r["type"] == "ORG" and not _arabic(name) and name not in ments[i]
        if template:
            join(("tmpl", r["type"], name, r["country"]), i, False)
            continue
        # organisations by their full name only (a bare وزارة التعليم العالي inside a
        # Palestinian ministry's mentions says nothing about other articles' bare ministries)
        surf = [max(ments[i], key=len)] if r["type"] == "ORG" and ments[i] else ments[i]
        for m in surf:
            if r["type"] == "PER" and len(m.split()) < 2:
                continue
            ck = _mkey(m)
            if len(ck) < 3 or surf_kbs.get((r["type"], compact_key(m))):
                continue
            join(("surf", r["type"], ck, r["country"] if r["type"] == "ORG" else None), i, True)
        # people: the same display name (the recogniser's romanisation folds the press's
        # spelling variants: أنتونوف / أنطونوف, ديفيد / دافيد) is the same identity, as in the
        # store's own grouping
        if r["type"] == "PER" and name:
            join(("pname", name.lower()), i, True)
        # one-word names: same compact surface only (عبدالعزيز = عبد العزيز, never a surname
        # with a full name: their compact keys differ)
        if r["type"] == "PER" and all(len(m.split()) < 2 for m in ments[i]) and ments[i]:
            join(("surf", r["type"], _mkey(ments[i][0]), None), i, False)
    # 5. skeletons: KB link of unlinked identities, cross-script ORG merge
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    ident_kb: dict[int, str] = {}
    for root, mem in groups.items():
        k = next((rows[i]["kb"] for i in mem if rows[i]["kb"]), None)
        if k:
            ident_kb[root] = k
    sk_groups: dict[str, set[int]] = defaultdict(set)
    for root, mem in list(groups.items()):
        if root in ident_kb:
            continue
        typ = rows[root]["type"]
        if typ not in ("ORG", "PER", "MISC"):
            continue
        surfaces = Counter(m for i in mem for m in ments[i])
        best = [s for s, _ in surfaces.most_common(3)]
        hit = None
        for s in best:
            hit = kb_by_skeleton(kb, typ, s)
            if hit is not None:
                break
        if hit is not None:
            k = (typ, hit.id)
            if k in kb_rep:
                uf.union(kb_rep[k], root)
            else:
                kb_rep[k] = root
            for i in mem:
                method[i] = "skeleton"
            ident_kb[uf.find(root)] = hit.id
            continue
        name = rows[root]["name"] or ""
        if typ == "ORG" and best and (_arabic(name) or name in surfaces):  # not a template
            sk = skeleton(best[0])
            if len(sk) >= 6:
                sk_groups[sk].add(root)
    for sk, roots in sk_groups.items():
        scripts = {_arabic(Counter(m for i in groups[r] for m in ments[i]).most_common(1)[0][0])
                   for r in roots}
        if len(roots) == 2 and len(scripts) == 2:
            a, b = sorted(roots)
            uf.union(a, b)
            for i in groups[b] + groups[a]:
                if method[i] == "name":
                    method[i] = "skeleton"
    # identities
    groups = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    out_rows, alias_rows = [], []
    merges = 0
    linked_after = 0
    used: set[str] = set()
    for root, mem in sorted(groups.items()):
        typ = rows[root]["type"]
        kbid = next((rows[i]["kb"] for i in mem if rows[i]["kb"]), None)
        if kbid is None:
            kbid = next((link_kb[i] for i in mem if i in link_kb), None) or ident_kb.get(root)
        surfaces = Counter(m for i in mem for m in ments[i])
        if kbid:
            ident = kbid
            kbe = kb.get(kbid)
            name = kbe.name_en if kbe else next(rows[i]["name"] for i in mem if rows[i]["kb"])
            linked_after += len(mem)
        else:
            names = Counter(rows[i]["name"] or "" for i in mem)
            tmpl = [nm for nm in names if nm and not _arabic(nm) and typ == "ORG"
                    and nm not in surfaces]
            if tmpl:
                base = tmpl[0]
            elif typ == "ORG":
                base = max(surfaces, key=lambda x: (len(x), surfaces[x], x)) if surfaces \
                    else names.most_common(1)[0][0]
            else:
                multi = [x for x, _ in surfaces.most_common() if len(x.split()) >= 2]
                base = multi[0] if multi else names.most_common(1)[0][0]
            country = rows[root]["country"]
            ident = auto_id(typ, base + ("|" + country if country else ""))
            if ident in used:  # two groups with one base name: keep them apart
                k = 2
                while f"{ident}~{k}" in used:
                    k += 1
                ident = f"{ident}~{k}"
            name = names.most_common(1)[0][0]
        used.add(ident)
        if len({_before_key(rows[i]) for i in mem}) >= 2:
            merges += 1
        for i in mem:
            out_rows.append((rows[i]["doc_id"], rows[i]["eid"], ident, typ, name, method[i]))
        for s, c in surfaces.items():
            alias_rows.append((ident, s, c))
    conn.executescript(_SCHEMA)
    conn.execute("BEGIN")
    conn.execute("DELETE FROM entity_identities")
    conn.execute("DELETE FROM entity_aliases")
    conn.executemany("INSERT OR REPLACE INTO entity_identities VALUES (?,?,?,?,?,?)", out_rows)
    agg: dict[tuple[str, str], int] = defaultdict(int)
    for ident, s, c in alias_rows:
        agg[(ident, s)] += c
    conn.executemany("INSERT INTO entity_aliases VALUES (?,?,?)",
                     [(a, s, c) for (a, s), c in agg.items()])
    conn.execute("COMMIT")
    before = len({_before_key(r) for r in rows})
    after = len({(ident, typ) for _, _, ident, typ, _, _ in out_rows})
    return {"entities": n, "before": before, "after": after,
            "linked_before": sum(1 for r in rows if r["kb"]), "linked_after": linked_after,
            "merges": merges, "by_method": dict(Counter(method))}


def sample_merges(store: Any, k: int = 50, rng: _random.Random | None = None
                  ) -> list[dict[str, Any]]:
    """``k`` random identities (after :func:`merge_entities`) that joined two or more of the
    store's own groups, for a hand check: ``{"identity", "type", "name", "groups": [[name, kb,
    documents, example mention], ...], "methods"}``."""
    rng = rng or _random.Random(0)
    conn = store.conn
    rows = conn.execute(
        "SELECT i.identity, i.type, i.name AS iname, e.name, e.kb, i.method, i.doc_id, i.eid "
        "FROM entity_identities i JOIN entities e ON e.doc_id = i.doc_id AND e.eid = i.eid"
    ).fetchall()
    by: dict[tuple[str, str], dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    meta: dict[tuple[str, str], tuple[str, set]] = {}
    for r in rows:
        ik = (r["identity"], r["type"])
        by[ik][(r["kb"] or "name:" + (r["name"] or ""))].append((r["doc_id"], r["eid"], r["name"],
                                                                r["kb"]))
        meta.setdefault(ik, (r["iname"], set()))[1].add(r["method"])
    merged = sorted(k for k, g in by.items() if len(g) >= 2)
    pick = rng.sample(merged, min(k, len(merged)))
    out = []
    for key_ in pick:
        groups = []
        for gk, mem in sorted(by[key_].items(), key=lambda kv: -len(kv[1])):
            d, e, nm, kbid = mem[0]
            ex = conn.execute("SELECT text FROM mentions WHERE doc_id=? AND eid=? LIMIT 3",
                              (d, e)).fetchall()
            groups.append([nm, kbid, len(mem), " / ".join(x[0] for x in ex)])
        out.append({"identity": key_[0], "type": key_[1], "name": meta[key_][0],
                    "groups": groups[:6], "n_groups": len(groups),
                    "methods": sorted(meta[key_][1])})
    return out


__all__ = ["merge_entities", "sample_merges"]
