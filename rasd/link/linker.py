"""Per-document linking after recognition: cross-script merging, KB linking of unknown names,
English display names and the country of people named with a nationality title.

:func:`link_document` runs at the end of :class:`rasd.ner.rules.EntityRecognizer` (and after
:meth:`~rasd.ner.rules.EntityRecognizer.add_spans`). For the entities of one document:

1. **KB linking of unknown names by skeleton** (:mod:`rasd.link.translit`): an entity without a
   kb id (ORG, PER or MISC) whose mention has the same consonant skeleton as exactly one KB
   entity of the same type (skeletons of its Latin and Arabic aliases; at least
   :data:`MIN_SKELETON` consonants; people only full names of two words or more) takes that
   entity's id, English name, country and sector (``ريثيون`` -> Raytheon when the KB lists only
   ``رايثيون``/``Raytheon``).
2. **Cross-script merging**: an unlinked Arabic-script entity and another entity of the same
   type with a Latin-script mention whose skeletons agree (rapidfuzz ratio at least
   :data:`MERGE_RATIO`) are one entity (``رايثيون`` ... ``(Raytheon)``); two entities that now
   carry the same kb id are merged too. An Arabic "person" (the person patterns read
   ``مدير برايتووتر سوليوشنز`` as a name) whose skeleton equals, with six consonants or more, that
   of a Latin-script ORG of the article joins that ORG.
3. **Nationality titles**: a person entity without a country whose first mention follows a
   title with a nationality adjective (``الرئيس التركي X``, ``وزير الخارجية الأمريكي X``) gets that
   country.
4. **Display names**: an unlinked PER entity named by an Arabic surface gets a readable
   romanisation (:func:`rasd.link.translit.romanize`) as ``name``.

Entity ids are renumbered by first mention when entities were merged. Cost: O(entities^2)
skeleton comparisons per document (entities, not tokens: tens per article).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import TYPE_CHECKING

from rasd.doc import Doc, Entity
from rasd.normalize import key

if TYPE_CHECKING:
    from rasd.kb import KBEntity, KnowledgeBase

#: Least number of skeleton consonants for a KB link or a merge by skeleton.
MIN_SKELETON = 4
#: Least rapidfuzz ratio (keys) of an Arabic surface to an Arabic alias of the KB entity that
#: its skeleton matched (ORG/MISC, PER).
ALIAS_RATIO = 80.0
PER_ALIAS_RATIO = 88.0
#: Least rapidfuzz ratio of two skeletons for an in-document cross-script merge.
MERGE_RATIO = 90.0
_LINK_TYPES = ("ORG", "PER", "MISC")


def _arabic(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


def auto_id(type_: str, name: str) -> str:
    """Stable id of an entity that is not in the knowledge base:
    ``rasd:auto/<type lower>/<first 12 hex digits of sha1 of the compact key of name>``
    (the same name in any spelling the match key folds gives the same id)."""
    from rasd.kb import compact_key

    h = hashlib.sha1(compact_key(name).encode("utf-8")).hexdigest()[:12]
    return f"rasd:auto/{type_.lower()}/{h}"


@lru_cache(maxsize=8)
def _skeleton_index(kb: "KnowledgeBase") -> dict[tuple[str, bool, str], tuple[str, ...]]:
    """(type, alias is Arabic, skeleton) -> ids of KB entities with an alias of that skeleton
    (ORG/PER/MISC; weak aliases, acronyms and one-word person aliases are left out)."""
    from rasd.link.translit import ar_skeleton, latin_skeleton

    idx: dict[tuple[str, bool, str], set[str]] = {}
    for e in kb:
        if e.type not in _LINK_TYPES:
            continue
        for alias in e.aliases_ar + e.aliases_latin:
            if alias in e.weak:
                continue
            if e.type == "PER" and len(alias.split()) < 2:
                continue
            ar = _arabic(alias)
            if not ar and alias.replace(".", "").isupper() and len(alias) <= 5:
                continue  # acronyms: IAI, KNDS
            sk = ar_skeleton(alias) if ar else latin_skeleton(alias)
            if len(sk) >= MIN_SKELETON:
                idx.setdefault((e.type, ar, sk), set()).add(e.id)
    return {k: tuple(sorted(v)) for k, v in idx.items()}


@lru_cache(maxsize=8)
def _given_names(kb: "KnowledgeBase") -> dict[str, frozenset[str]]:
    """KB person id -> keys of the first words of its Arabic multiword aliases."""
    out: dict[str, frozenset[str]] = {}
    for e in kb:
        if e.type == "PER":
            out[e.id] = frozenset(key(a.split()[0]) for a in e.aliases_ar if len(a.split()) > 1)
    return out


def prepare(kb: "KnowledgeBase") -> None:
    """Build the look-up tables :func:`kb_by_skeleton` needs for ``kb`` and the romanisation
    table of :func:`link_document` now (about 0.1 s of CPU, once per process and knowledge
    base) instead of on the first linked mention, and import rapidfuzz: called when the name
    taggers load, whose spans are linked this way."""
    import rapidfuzz.fuzz  # noqa: F401

    from rasd.link.translit import name_parts

    _skeleton_index(kb)
    _given_names(kb)
    name_parts()  # the romanisation table of unlinked people's display names


def _nisba_pair(a: str, b: str) -> bool:
    """True when two name keys differ only by a final ي on the last word: a nisba makes
    another family name (أحمد الطيبي, Ahmad Tibi, is not أحمد الطيب, Ahmed al-Tayeb)."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or wa[:-1] != wb[:-1]:
        return False
    x, y = wa[-1], wb[-1]
    return x == y + "ي" or y == x + "ي"


def kb_by_skeleton(kb: "KnowledgeBase", type_: str, surface: str) -> "KBEntity | None":
    """The only KB entity of ``type_`` with an alias *in the other script* of the same skeleton
    as ``surface`` (an Arabic surface against Latin aliases and vice versa: within one script
    the match key already folds spelling variants, and the Arabic skeleton alone is too coarse:
    محمد and محمود share one). A person needs two words or more and, for an Arabic surface,
    the same given name as one of the entity's Arabic aliases (only the surname's spelling may
    differ: ``سيرغي سكريبل`` -> Sergei Skripal); an Arabic surface must also be close to one of
    the entity's Arabic aliases (rapidfuzz ratio of keys at least :data:`ALIAS_RATIO`, people
    :data:`PER_ALIAS_RATIO` and, for people, at most one letter longer or shorter: ``بولتن`` ~
    ``بولتون``), but not one that only adds a nisba ي (:func:`_nisba_pair`).
    None when no or several entities match."""
    from rasd.link.translit import ar_skeleton, latin_skeleton

    if type_ not in _LINK_TYPES or (type_ == "PER" and len(surface.split()) < 2):
        return None
    ar = _arabic(surface)
    sk = ar_skeleton(surface) if ar else latin_skeleton(surface)
    if len(sk) < MIN_SKELETON:
        return None
    ids = _skeleton_index(kb).get((type_, not ar, sk), ())
    if len(ids) != 1:
        return None
    e = kb.get(ids[0])
    if e is None:
        return None
    if ar and e.aliases_ar:
        if type_ == "PER" and key(surface.split()[0]) not in _given_names(kb).get(e.id, ()):
            return None
        from rapidfuzz.fuzz import ratio

        k = key(surface)
        need = PER_ALIAS_RATIO if type_ == "PER" else ALIAS_RATIO
        slack = 1 if type_ == "PER" else len(k)
        if not any(ratio(k, ka) >= need and abs(len(ka) - len(k)) <= slack
                   and not (type_ == "PER" and _nisba_pair(k, ka))
                   for ka in (key(a) for a in e.aliases_ar)):
            # same skeleton, different Arabic word (محمد بن سعود / محمد بن زايد; حيدر العبد is
            # not حيدر العبادي: two letters more is another name)
            return None
    return e


def _set_kb(ent: Entity, kbe: "KBEntity") -> None:
    ent.kb, ent.name = kbe.id, kbe.name_en
    ent.country = kbe.actor_code or kbe.country
    ent.sector = kbe.sector


def _merge(into: Entity, other: Entity) -> None:
    seen = {(m.start, m.end) for m in into.mentions}
    into.mentions.extend(m for m in other.mentions if (m.start, m.end) not in seen)
    into.mentions.sort(key=lambda m: m.start)
    if into.country is None:
        into.country = other.country
    if into.sector is None:
        into.sector = other.sector


def link_document(doc: Doc, kb: "KnowledgeBase", nat: dict | None = None) -> None:
    """Link and merge ``doc.entities`` in place (see the module doc for the steps).

    Args:
        doc: a document whose ``entities`` (and ``tokens``) are set.
        kb: the :class:`rasd.kb.KnowledgeBase` used by the recogniser.
        nat: nationality adjective table (:func:`rasd.kb.nationalities`), loaded when None.
    """
    from rasd.link.translit import latin_skeleton, romanize, skeleton, skeleton_similarity

    ents = doc.entities
    if not ents:
        return
    changed = False
    # 1. unknown names -> KB by skeleton
    for e in ents:
        if e.kb is not None or e.type not in _LINK_TYPES:
            continue
        for m in sorted(e.mentions, key=lambda m: -len(m.text)):
            kbe = kb_by_skeleton(kb, e.type, m.text)
            if kbe is not None:
                _set_kb(e, kbe)
                break
    # 2. merges: same kb id, then Arabic unlinked <-> Latin mention by skeleton
    by_kb: dict[str, Entity] = {}
    keep: list[Entity] = []
    for e in ents:
        if e.kb is not None and e.kb in by_kb:
            _merge(by_kb[e.kb], e)
            changed = True
            continue
        if e.kb is not None:
            by_kb[e.kb] = e
        keep.append(e)
    ents = keep
    latin: list[tuple[Entity, str]] = []
    for e in ents:
        for m in e.mentions:
            if not _arabic(m.text):
                sk = latin_skeleton(m.text)
                if len(sk) >= 3:
                    latin.append((e, sk))
    if latin:
        drop: set[int] = set()
        for e in ents:
            if e.kb is not None or e.type not in _LINK_TYPES or not _arabic(e.mentions[0].text):
                continue
            sks = {skeleton(m.text) for m in e.mentions if _arabic(m.text)}
            best, best_r = None, 0.0
            for other, lsk in latin:
                if other is e or id(other) in drop:
                    continue
                cross = other.type != e.type
                if cross and not (e.type == "PER" and other.type == "ORG"):
                    continue
                for sk in sks:
                    if len(sk) < 3 or min(len(sk), len(lsk)) < 0.7 * max(len(sk), len(lsk)):
                        continue
                    if cross and (sk != lsk or len(sk) < 6):
                        continue  # a "person" spelling a Latin company name letter for letter
                    r = skeleton_similarity(sk, lsk)
                    if r > best_r:
                        best, best_r = other, r
            if best is not None and best_r >= MERGE_RATIO:
                _merge(best, e)
                drop.add(id(e))
                changed = True
        if drop:
            ents = [e for e in ents if id(e) not in drop]
    # 3. country of people from a nationality title; 4. romanised display names
    if nat is None:
        from rasd.kb import nationalities

        nat = nationalities()
    toks = doc.tokens
    starts = [t.start for t in toks]
    for e in ents:
        if e.type != "PER":
            continue
        if e.country is None and toks:
            e.country = _title_country(doc.text, toks, starts, e.mentions[0].start, nat)
        if e.kb is None and _arabic(e.name):
            e.name = romanize(e.name)
    if changed:
        ents.sort(key=lambda e: e.start)
        for n, e in enumerate(ents, 1):
            e.id = f"E{n}"
    doc.entities = ents


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Keys of the words of person titles without the article (وزير، رئيس، ملك ...), from
    ``rasd/kb/person_cues.tsv``, plus the title fillers of the recogniser (باسم، شؤون ...)."""
    from rasd.kb import person_cues

    out: set[str] = set()
    for t in person_cues().get("title", frozenset()):
        for w in t.split(" "):
            out.add(w[2:] if w.startswith("ال") and len(w) > 3 else w)
    out.update(key(w) for w in ("باسم", "خارجية", "دفاع", "داخلية", "مالية", "عام", "شؤون",
                                "نائب", "مساعد", "وكيل", "سفير", "مبعوث"))
    return frozenset(out)


def _title_country(text: str, toks, starts: list[int], start: int, nat: dict) -> str | None:
    """ISO3 of a nationality adjective among the (at most 5) title words right before offset
    ``start`` (``الرئيس التركي رجب``, ``وزير الخارجية الأمريكي مايك``), or None. Only words with
    the article and title words may lie between (``قال الرئيس التركي إن وزير الخارجية X``
    gives X no country)."""
    from bisect import bisect_left

    k = bisect_left(starts, start) - 1
    steps = 0
    while k >= 0 and steps < 5:
        t = toks[k]
        if not t.key.isalpha():
            return None
        if "ال+" in t.segments:
            n = nat.get(t.stem_key)
            if n is not None:
                return n.iso3
        elif t.stem_key not in _title_words():
            return None  # only title words (وزير، رئيس) and article words (الخارجية) between
        steps += 1
        k -= 1
    return None


__all__ = ["MERGE_RATIO", "MIN_SKELETON", "auto_id", "kb_by_skeleton", "link_document"]
