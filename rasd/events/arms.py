"""Arms-transfer frames for arms events (beyond PLOVER): supplier, recipient, system, quantity,
value and deal stage.

An event gets a frame (:func:`arms_frame`, stored on ``Event.attrs["arms"]``) when its trigger is
an arms trigger (``arms`` flag or military + economic contexts in ``triggers.tsv``), or when it is
an AGREE / SUPPORT / COOPERATE / AID event whose sentence names both a deal word (صفقة، بيع،
تسليم ...) and a weapon (a weapon-system entity of the knowledge base, ``kb`` id
``rasd:system/...``, or a weapon-category noun such as "طائرات بدون طيار").

The frame (a JSON-ready dict)::

    {"supplier":  {"code": "ISR-GOV", "country": "ISR", "entity": "E4", "text": "إسرائيل"} | None,
     "recipient": {"code": "MAR-MIL", "country": "MAR", "entity": None, "text": "الجيش"} | None,
     "system": "Harop" | None,            # English name of the first system named
     "system_type": "loitering munition" | None,
     "systems": [{"entity": "E17", "name": "Harop", "kb": "rasd:system/harop",
                  "country": "ISR", "system_type": "loitering munition", "text": "هاروب"}],
     "quantity": {"value": 16.0, "unit": "aircraft", "text": "16 طائرة"} | None,
     "value": {"value": 1e8, "unit": "USD", "qualifier": "gt", "text": "100 مليون دولار"} | None,
     "makers": [{"entity": "E7", "name": "Israel Aerospace Industries", "kb": "rasd:org/..."}],
     "stage": "talks" | "selection" | "approval" | "order" | "production" | "delivery"}

Rules (cues in ``rasd/events/arms_cues.tsv``, loaded lazily and cached):

A weapon must be named in the sentence in every case (a system, a weapon-category noun or a
weapon word such as أسلحة، ذخائر، صفقة عسكرية), so purchases of goods, an office "taken over"
(تسلم رئاسة) or a political "deal" get no frame.

* **direction**: a buy verb (شراء، تسلم، اختار) makes the event's actors the recipient of the
  arms and its recipients the supplier; a sell verb (بيع، توريد، سلمت) the reverse.  When a named
  system's country of origin (from the knowledge base) is one of the parties, that party is the
  supplier whatever the verb says.
* **stage**, first cue found in the sentence in this order: approval (وافقت ... على صفقة
  محتملة), production (منشأة إنتاج، تصنيع محلي), delivery (تسلم، تسليم، وصول الدفعة),
  selection (اختار), order (وقع عقدا/صفقة، أبرم، اشترت), talks (محادثات، تعتزم، تسعى); else
  talks for negotiating/planned/hypothetical events and order for asserted ones.
* **makers**: companies (ORG entities with sector BUS) of the supplier's country named in the
  sentence.
* **quantity**: the count quantity of the sentence nearest the trigger; **value**: the money
  quantity of the sentence nearest the trigger (``doc.quantities``).

Offsets are code-point offsets into ``Doc.text``.
"""

from __future__ import annotations

import bisect
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasd.doc import Actor, Doc, Event
from rasd.events.actors import Word, WordView, key

HERE = Path(__file__).resolve().parent

#: Stage names, in the order a deal usually moves through them.
STAGES = ("talks", "selection", "approval", "order", "production", "delivery")
#: Order in which stage cues are tried (the first found wins).
_STAGE_PRIORITY = ("approval", "production", "delivery", "selection", "order", "talks")
#: Event types that may carry a frame when their sentence names a deal and a weapon.
_FRAME_TYPES = frozenset({"AGREE", "SUPPORT", "COOPERATE", "AID"})
#: Words allowed between two consecutive slots of a cue pattern.
_SLOT_GAP = 2


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of ``arms_cues.tsv``: ``kind``, ``value`` and ``slots`` (tuples of
    ``(exact keys, prefixes)``)."""

    kind: str
    value: str
    slots: tuple[tuple[frozenset, tuple[str, ...]], ...]


def _k(w: str) -> str:
    k = key(w)
    return k[2:] if k.startswith("ال") and len(k) >= 4 else k


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    """The cue table of ``rasd/events/arms_cues.tsv`` (cached).

    Raises:
        ValueError: a row has fewer than three columns.
    """
    out = []
    path = HERE / "arms_cues.tsv"
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise ValueError(f"{path}:{ln}: expected kind, value, pattern")
        slots = []
        for tok in cols[2].split():
            if tok == "…":
                continue
            ex, pre = set(), []
            for alt in tok.split("|"):
                if alt.endswith("*"):
                    pre += [_k(alt[:-1]), key(alt[:-1])]
                else:
                    ex |= {_k(alt), key(alt)}
            slots.append((frozenset(ex), tuple(dict.fromkeys(pre))))
        out.append(Cue(cols[0], cols[1], tuple(slots)))
    return tuple(out)


def _ok(slot: tuple[frozenset, tuple[str, ...]], w: Word) -> bool:
    ex, pre = slot
    return any(c in ex or (pre and c.startswith(pre)) for c in w.cands)


def _find(cue: Cue, words: list[Word], lo: int, hi: int) -> int | None:
    """Word index where ``cue`` matches inside ``[lo, hi)`` (its first slot), or None."""
    first = cue.slots[0]
    for i in range(lo, hi):
        if not _ok(first, words[i]):
            continue
        j = i + 1
        for slot in cue.slots[1:]:
            for g in range(j, min(hi, j + _SLOT_GAP + 1)):
                if _ok(slot, words[g]):
                    j = g + 1
                    break
            else:
                break
        else:
            return i
    return None


def _kind(words: list[Word], lo: int, hi: int, kind: str, near: int) -> tuple[str, int] | None:
    """The ``kind`` cue matching nearest word ``near`` in ``[lo, hi)``: ``(value, word)``."""
    best = None
    for c in cues():
        if c.kind != kind:
            continue
        i = _find(c, words, lo, hi)
        if i is not None and (best is None or abs(i - near) < abs(best[1] - near)):
            best = (c.value, i)
    return best


@lru_cache(maxsize=1)
def _kb_systems() -> dict[str, tuple[str | None, str | None]]:
    """``kb id -> (country, system_type)`` of the knowledge base's weapon systems (MISC rows
    whose notes read ``system: <type> (maker)``)."""
    from rasd.kb import load_kb

    out = {}
    for e in load_kb():
        if e.type != "MISC" or not e.id.startswith("rasd:system/"):
            continue
        st = None
        notes = (e.notes or "").strip()
        if notes.startswith("system:"):
            st = notes[7:].split("(")[0].strip() or None
        out[e.id] = (e.country, st)
    return out


def system_type(kb_id: str | None) -> str | None:
    """Weapon category of a knowledge-base system (``"rasd:system/harop"`` -> ``"loitering
    munition"``), or None for other ids."""
    if not kb_id:
        return None
    hit = _kb_systems().get(kb_id)
    return hit[1] if hit else None


class _DocIndex:
    """Entity mentions and quantities of one document sorted by start character, so that a
    sentence's systems, makers and figures are found by bisection (O(log n + hits) per event)
    instead of a scan of the whole document."""

    def __init__(self, doc: Doc) -> None:
        ms = sorted((m.start, n, j) for n, e in enumerate(doc.entities)
                    for j, m in enumerate(e.mentions))
        self.m_starts = [x[0] for x in ms]
        self.m_refs = [(n, j) for _, n, j in ms]
        qs = sorted((q.start, n) for n, q in enumerate(doc.quantities))
        self.q_starts = [x[0] for x in qs]
        self.q_refs = [n for _, n in qs]

    def entities_in(self, doc: Doc, ss: int, se: int) -> list[tuple[Any, list[Any]]]:
        """``(entity, its mentions starting in [ss, se) in mention order)`` in entity order."""
        a, b = bisect.bisect_left(self.m_starts, ss), bisect.bisect_left(self.m_starts, se)
        hits: dict[int, list[int]] = {}
        for n, j in self.m_refs[a:b]:
            hits.setdefault(n, []).append(j)
        return [(doc.entities[n], [doc.entities[n].mentions[j] for j in sorted(js)])
                for n, js in sorted(hits.items())]

    def quantities_in(self, doc: Doc, ss: int, se: int) -> list[Any]:
        """Quantities starting in ``[ss, se)``, in document order."""
        a, b = bisect.bisect_left(self.q_starts, ss), bisect.bisect_left(self.q_starts, se)
        return [doc.quantities[n] for n in sorted(self.q_refs[a:b])]


_INDEX: list[tuple[Any, int, int, _DocIndex]] = []


def _doc_index(doc: Doc) -> _DocIndex:
    """The :class:`_DocIndex` of ``doc``, cached for the latest document while its entity and
    quantity lists and its text keep their length (:func:`rasd.events.rules.extract_events`
    starts each document with :func:`forget_index`)."""
    key_ = (len(doc.entities), len(doc.quantities), len(doc.text))
    if _INDEX and _INDEX[0][0]() is doc and _INDEX[0][1] == key_:
        return _INDEX[0][3]
    idx = _DocIndex(doc)
    _INDEX[:] = [(weakref.ref(doc), key_, 0, idx)]
    return idx


def forget_index() -> None:
    """Drop the cached document index (call before analysing a document afresh)."""
    _INDEX.clear()


def _systems(doc: Doc, ss: int, se: int) -> list[dict[str, Any]]:
    """Weapon-system entities mentioned inside ``[ss, se)``, in text order."""
    out = []
    table = None
    for e, ms in _doc_index(doc).entities_in(doc, ss, se):
        if e.type != "MISC" or not (e.kb or "").startswith("rasd:system/"):
            continue
        if not ms:
            continue
        if table is None:
            table = _kb_systems()
        country, st = table.get(e.kb or "", (e.country, None))
        out.append({"entity": e.id, "name": e.name, "kb": e.kb,
                    "country": e.country or country, "system_type": st,
                    "text": ms[0].text, "_at": ms[0].start})
    out.sort(key=lambda s: s["_at"])
    for s in out:
        del s["_at"]
    return out


def _party(a: Actor | None) -> dict[str, Any] | None:
    if a is None:
        return None
    country = None
    if a.code:
        country = a.code if a.code.startswith("IGO") else a.code.split("-")[0]
    return {"code": a.code, "country": country, "entity": a.entity, "text": a.text}


def _quantity(doc: Doc, ss: int, se: int, ts: int, kind: str) -> dict[str, Any] | None:
    best = None
    for q in _doc_index(doc).quantities_in(doc, ss, se):
        if q.kind != kind:
            continue
        if kind == "count" and q.unit in ("years", "days", "months", "weeks", "hours", "times"):
            continue
        d = abs(q.start - ts)
        if best is None or d < best[0]:
            best = (d, q)
    if best is None:
        return None
    q = best[1]
    out: dict[str, Any] = {"value": float(q.value), "unit": q.unit, "text": q.text}
    if kind == "money":
        out["qualifier"] = q.qualifier
        if q.value_max is not None:
            out["value_max"] = float(q.value_max)
    return out


def is_arms_candidate(ev: Event, arms_trigger: bool, doc: Doc, view: WordView) -> bool:
    """True when ``ev`` should carry an arms frame (see the module docstring).

    Args:
        ev: the event; arms_trigger: its trigger row has the ``arms`` flag or military +
            economic contexts; doc, view: the document and its word view.
    """
    if not arms_trigger and ev.type not in _FRAME_TYPES:
        return False
    ss, se = ev.evidence
    lo, hi = view.index_at(ss), view.index_at(se)
    words = view.words
    if not arms_trigger and _kind(words, lo, hi, "deal", lo) is None:
        return False
    # a weapon must be named: a system, a weapon category or a weapon word (not a purchase of
    # goods, an office "taken over" or a political "deal")
    return bool(_systems(doc, ss, se)) or _kind(words, lo, hi, "system_type", lo) is not None \
        or _kind(words, lo, hi, "weapon", lo) is not None


def arms_frame(doc: Doc, ev: Event, view: WordView) -> dict[str, Any]:
    """The arms-transfer frame of an arms event (layout in the module docstring).

    Args:
        doc: the analysed document (entities, quantities); ev: the event (actors, recipients,
            trigger and evidence spans, status); view: the document's word view.
    Returns:
        A JSON-ready dict with supplier, recipient, system, system_type, systems, quantity,
        value and stage.
    """
    ss, se = ev.evidence
    ts, _te = ev.trigger
    words = view.words
    lo, hi = view.index_at(ss), view.index_at(se)
    ti = view.word_at(ts)
    systems = _systems(doc, ss, se)
    sys_type = next((s["system_type"] for s in systems if s["system_type"]), None)
    if sys_type is None:
        hit = _kind(words, lo, hi, "system_type", ti)
        sys_type = hit[0] if hit else None
    # direction: the trigger word's own direction, else the nearest direction cue
    direction = None
    for c in cues():
        if c.kind == "direction" and len(c.slots) == 1 and ti < len(words) \
                and _ok(c.slots[0], words[ti]):
            direction = c.value
            break
    if direction is None:
        hit = _kind(words, lo, hi, "direction", ti)
        direction = hit[0] if hit else None
    parties = list(ev.actors) + list(ev.recipients)
    supplier: Actor | None = None
    recipient: Actor | None = None
    origins = {s["country"] for s in systems if s["country"]}
    if not origins:
        origins = _adjective_origin(doc, words, lo, hi, ti, parties)
    by_origin = [a for a in parties if a.code and a.code.split("-")[0] in origins]
    if by_origin and len({a.code.split("-")[0] for a in parties if a.code}) >= 2:
        supplier = by_origin[0]
        others = [a for a in parties if a.code and a.code.split("-")[0] not in origins]
        recipient = others[0] if others else None
    else:
        first_a = ev.actors[0] if ev.actors else None
        first_r = ev.recipients[0] if ev.recipients else None
        if first_r is None and len(ev.actors) >= 2:
            first_r = ev.actors[1]
        if direction == "buy":
            recipient, supplier = first_a, first_r
        else:
            supplier, recipient = first_a, first_r
    stage = None
    for name in _STAGE_PRIORITY:
        if any(c.kind == "stage" and c.value == name and _find(c, words, lo, hi) is not None
               for c in cues()):
            stage = name
            break
    tentative = ev.status in ("negotiating", "planned", "hypothetical")
    if stage == "order" and tentative and _has_stage(words, lo, hi, "talks"):
        stage = "talks"  # "تجري محادثات لإبرام صفقة": the order is not placed yet
    if stage is None:
        stage = "talks" if tentative else "order"
    sys_ids = {s["entity"] for s in systems}
    supplier = _not_a_system(doc, supplier, sys_ids, ss, se)
    recipient = _not_a_system(doc, recipient, sys_ids, ss, se)
    sup_country = (_party(supplier) or {}).get("country")
    return {
        "supplier": _party(supplier), "recipient": _party(recipient),
        "makers": _makers(doc, ss, se, sup_country),
        "system": systems[0]["name"] if systems else None,
        "system_type": sys_type,
        "systems": systems,
        "quantity": _quantity(doc, ss, se, ts, "count"),
        "value": _quantity(doc, ss, se, ts, "money"),
        "stage": stage,
    }


def _not_a_system(doc: Doc, party: Actor | None, sys_ids: set[str], ss: int,
                  se: int) -> Actor | None:
    """``party``, or when it is a weapon-system entity (the event took «رافال» as a party and
    coded it by its maker's country) the country itself or, failing that, a company of that
    country named in ``[ss, se)`` (characters), with its own entity and text; None when the
    sentence names neither: then the party keeps its code and text («طائرات رافال الفرنسية»:
    France, by the system's origin) but no entity, which would be the aircraft."""
    if party is None or party.entity is None or party.entity not in sys_ids or not party.code:
        return party
    country = party.code.split("-")[0]
    found: dict[str, tuple[str, str]] = {}
    for e, ms in _doc_index(doc).entities_in(doc, ss, se):
        if ms and e.country == country and e.type in ("GPE", "ORG") and e.type not in found:
            found[e.type] = (e.id, ms[0].text)
    for typ, code in (("GPE", party.code), ("ORG", f"{country}-BUS")):
        if typ in found:
            return Actor(code, found[typ][0], found[typ][1])
    return Actor(party.code, None, party.text)


def _adjective_origin(doc: Doc, words: list[Word], lo: int, hi: int, ti: int,
                      parties: list[Actor]) -> set[str]:
    """Countries named right after the weapon noun: "منظومات دفاع جوية صينية" (a nationality
    adjective within 4 words after a weapon-category cue) -> ``{"CHN"}``; the weapon's origin."""
    hit = _kind(words, lo, hi, "system_type", ti)
    if hit is None:
        return set()
    i = hit[1]
    window = {c for w in words[i + 1:min(hi, i + 6)] for c in w.cands}
    out = set()
    for a in parties:
        if not a.code or a.code.startswith("IGO") or not a.text:
            continue
        k = key(a.text)
        if k in window or (k.startswith("ال") and k[2:] in window):
            out.add(a.code.split("-")[0])
    return out if len(out) == 1 else set()


def _makers(doc: Doc, ss: int, se: int, country: str | None) -> list[dict[str, Any]]:
    """Companies of the supplier's country named in the sentence (the makers or sellers of the
    system: "التي تصنعها شركة IAI"), as ``{"entity", "name", "kb"}`` in text order."""
    if not country:
        return []
    out = []
    for e, found in _doc_index(doc).entities_in(doc, ss, se):
        if e.type != "ORG" or e.sector != "BUS" or e.country != country:
            continue
        ms = [m.start for m in found]
        if ms:
            out.append((ms[0], {"entity": e.id, "name": e.name, "kb": e.kb}))
    return [x for _, x in sorted(out, key=lambda t: t[0])]


def _has_stage(words: list[Word], lo: int, hi: int, name: str) -> bool:
    return any(c.kind == "stage" and c.value == name and _find(c, words, lo, hi) is not None
               for c in cues())


def merge_frames(kept: dict[str, Any] | None, other: dict[str, Any] | None) -> dict[str, Any] | None:
    """Fill the empty fields of ``kept`` from ``other`` (two mentions of one deal); the later
    stage wins (:data:`STAGES` order), so a deal seen in talks and delivered reads "delivery"."""
    if not other:
        return kept
    if not kept:
        return dict(other)
    out = dict(kept)
    for k, v in other.items():
        if out.get(k) in (None, [], "") and v not in (None, [], ""):
            out[k] = v
    if other.get("stage") in STAGES and out.get("stage") in STAGES and \
            STAGES.index(other["stage"]) > STAGES.index(out["stage"]):
        out["stage"] = other["stage"]
    return out
