"""Nominal coreference within an article: titled forms without a name (``الوزير الأمريكي``,
``الرئيس التركي``) that refer to a person named earlier with that title and nationality.

Gold mentions exclude common nouns (``../shared/eval/GOLD_SCHEMA.md``), so these references
are **not** added to ``Entity.mentions``; :func:`nominal_references` returns them for the stages
that resolve actors and speakers (events, quotes). Full-name/surname coreference
(``مايك بومبيو`` ... ``بومبيو``) is done by the recogniser itself
(:meth:`rasd.ner.rules.EntityRecognizer` links surnames).

Rule (cautious): a nominal ``<title with article> <nationality adjective with article>``
refers to entity E when E is the **only** PER entity of the article that (a) was named before
the nominal, (b) has that nationality as ``country`` and (c) was introduced with a title of the
same head word (``وزير``/``الوزير``, ``رئيس``/``الرئيس``, ``الملك`` ...) in the few words before
its first mention. Any doubt (two American ministers) gives no reference.
"""

from __future__ import annotations

from bisect import bisect_left

from rasd.doc import Doc

#: Words scanned back from a person's first mention for its title.
TITLE_WINDOW = 5


def _bare(k: str) -> str:
    return k[2:] if k.startswith("ال") and len(k) > 3 else k


def _title_heads() -> frozenset[str]:
    from rasd.kb import person_cues

    titles = person_cues().get("title", frozenset())
    return frozenset(_bare(t.split(" ")[0]) for t in titles)


def nominal_references(doc: Doc) -> list[tuple[int, int, str]]:
    """Titled nominal references of ``doc`` (entities and tokens set).

    Returns:
        list of ``(start, end, entity_id)``: character span (half-open, proclitics excluded) of
        the nominal (``الوزير الأمريكي``) and the ``Entity.id`` it refers to, in text order.
    """
    from rasd.kb import nationalities

    toks = doc.tokens
    if not toks or not doc.entities:
        return []
    heads = _title_heads()
    nat = nationalities()
    starts = [t.start for t in toks]
    occupied = sorted((m.start, m.end) for e in doc.entities for m in e.mentions)
    people: list[tuple[int, str, str, str]] = []  # (first start, head, country, id)
    for e in doc.entities:
        if e.type != "PER" or not e.country:
            continue
        first = min(m.start for m in e.mentions)
        k = bisect_left(starts, first) - 1
        for _ in range(TITLE_WINDOW):
            if k < 0:
                break
            h = _bare(toks[k].stem_key or toks[k].key)
            if h in heads:
                people.append((first, h, e.country, e.id))
                break
            if not toks[k].key.isalpha():
                break
            k -= 1
    if not people:
        return []
    out: list[tuple[int, int, str]] = []
    for i in range(len(toks) - 1):
        t, a = toks[i], toks[i + 1]
        if "ال+" not in t.segments or "ال+" not in a.segments:
            continue
        h = _bare(t.stem_key)
        if h not in heads:
            continue
        n = nat.get(a.stem_key)
        if n is None:
            continue
        start, end = t.stem_start, a.end
        j = bisect_left(occupied, (start, -1))
        if (j < len(occupied) and occupied[j][0] < end) or \
                (j > 0 and occupied[j - 1][1] > start):
            continue  # part of a named mention (وزير الخارجية الأمريكي مايك بومبيو)
        cands = {pid for first, ph, pc, pid in people
                 if ph == h and pc == n.iso3 and first < start}
        if len(cands) == 1:
            out.append((start, end, cands.pop()))
    return out


__all__ = ["TITLE_WINDOW", "nominal_references"]
