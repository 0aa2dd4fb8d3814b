"""Score ``rasd.document/1`` output against hand annotations in ``rasd.gold/1``.

The matching rules are those of ``../shared/eval/README.md`` and ``GOLD_SCHEMA.md``; gold has no
offsets, so every item is matched by its surface text:

* **entities**: a predicted entity matches a gold entity when one of its mention surfaces equals
  one of the gold mentions after normalisation (:func:`surface_key`: diacritics, tatweel, alef
  forms, ى/ي, ة/ه, Arabic-Indic digits, bidi marks, punctuation and spaces; one leading
  proclitic و ف ب ل ك, or لل for ال, tolerated on either side).  Types must be equal, except
  that GPE and LOC are compatible.  Matching is one-to-one (maximum bipartite matching);
  per-type counts use the gold type for TP/FN and the predicted type for FP.
* **timexes**: match when one normalised text contains the other; pairs with equal values are
  matched first.  Reported: detection P/R/F1 (``timexes``), value accuracy over matched pairs
  and value P/R/F1 (``timex_values``: a TP is a matched pair with the exact gold value).
* **quantities**: match by equal kind, equal unit (case-insensitive) and value within 0.5 % of
  the gold value.  Qualifier accuracy over matched pairs is reported too.
* **quotes**: a predicted quote matches a gold quote when the normalised ``quote_start`` lies
  inside the predicted content (or the content inside it, or the start less its first word
  inside the content).  Reported: detection P/R/F1, speaker accuracy over matched pairs and
  speaker P/R/F1 (``quote_speakers``).  A speaker is right when its surface equals (proclitic
  tolerance) or contains/is contained in the gold ``speaker_text``, or when the speaker
  entity's ``name`` equals ``speaker_en``.
* **events**, per article: by type as a multiset (``events``) and by type + actor countries +
  recipient countries (``events_actors``); the country of a code is its ISO3 part
  (``IGO-xxx`` as is, see :func:`rasd.eval.schema.code_country`).  For the symmetric types
  :data:`SYMMETRIC_TYPES` the union of actor and recipient countries is compared instead.
  Status accuracy is measured over type-matched pairs (pairs that also agree on countries are
  formed first, and among equals those whose trigger/evidence words overlap the gold's);
  ``false_events_per_true_event`` is FP / TP at the type level.

Predicted timexes and quantities are de-duplicated per article by (normalised text, value)
before scoring, as the gold lists each distinct (text, value) once per article (harmonised
convention 4); an unmatched prediction that repeats a matched gold item (same value, text
containing or contained in it, e.g. ``شهر يونيو 2017`` beside ``يونيو 2017``) is set aside,
not counted as a false positive (``Report.repeats``).  Gold files without a predicted document
count as all-missed (``missing``);
predicted documents without gold are ignored (``unscored``).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasd.eval.schema import code_country, validate_document
from rasd.normalize import key

#: Proclitics tolerated once at the start of a surface (GOLD_SCHEMA: و ف ب ل ك and لـ).
PROCLITICS = frozenset("وفبلك")
#: PLOVER types whose participants are compared as one set (actors ∪ recipients): meetings,
#: cooperation, agreements and signings are reported from either side, and reciprocal events
#: put every party in ``actors`` (GOLD_SCHEMA "Reciprocal meetings").
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT"})
#: Relative tolerance of quantity values (README: "value within 0.5%").
VALUE_TOLERANCE = 0.005
_COMPATIBLE = {("GPE", "LOC"), ("LOC", "GPE")}

LAYERS = ("entities", "timexes", "timex_values", "quantities", "quotes", "quote_speakers",
          "events", "events_actors")


# -- normalisation ------------------------------------------------------------------------------
@lru_cache(maxsize=65536)
def surface_key(s: str) -> str:
    """Match key of a surface: :func:`rasd.normalize.key` without punctuation and spaces.

    >>> surface_key("«الأمم المتّحدة»") == surface_key("الامم المتحده")
    True
    """
    return "".join(ch for ch in key(s or "")
                   if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


@lru_cache(maxsize=65536)
def _variants(k: str) -> frozenset[str]:
    """``k`` and ``k`` without one leading proclitic (لل -> ال), stems of 2+ characters."""
    out = {k}
    if len(k) >= 3 and k[0] in PROCLITICS:
        out.add(k[1:])
        if k.startswith("لل"):
            out.add("ا" + k[1:])
    return frozenset(out)


def surfaces_match(a: str, b: str) -> bool:
    """True when surfaces ``a`` and ``b`` are equal after :func:`surface_key`, allowing one
    leading proclitic on either side (``وإسرائيل`` matches ``إسرائيل``)."""
    ka, kb = surface_key(a), surface_key(b)
    if not ka or not kb:
        return False
    return ka == kb or kb in _variants(ka) or ka in _variants(kb)


def _keysets_match(pa: frozenset[str], ga: frozenset[str]) -> bool:
    for a in pa:
        for b in ga:
            if a == b or b in _variants(a) or a in _variants(b):
                return True
    return False


# -- scores -------------------------------------------------------------------------------------
@dataclass
class Score:
    """True/false positives and false negatives of one layer, with P/R/F1 (0..1 floats;
    0.0 when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class Accuracy:
    """``correct`` out of ``total`` (e.g. right timex values among matched timexes)."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        v = self.value
        return {"correct": self.correct, "total": self.total,
                "accuracy": None if v is None else round(v, 4)}


@dataclass
class Report:
    """Scores of one evaluation run.

    Attributes:
        layers: layer name (see :data:`LAYERS`) -> :class:`Score`, summed over documents.
        accuracies: ``timex_value``, ``quantity_qualifier``, ``quote_speaker``,
            ``quote_direct``, ``event_status``, ``event_status_strict`` -> :class:`Accuracy`
            over matched pairs.
        per_type: ``"entities"``, ``"events"``, ``"events_actors"`` -> type -> :class:`Score`.
        per_doc: document id -> layer -> :class:`Score`.
        errors: layer -> list of ``{"doc", "kind": "fn"|"fp"|"wrong", ...}`` (what was missed,
            spurious, or matched with a wrong value), for error analysis.
        docs: ids of documents scored; missing: gold ids with no predicted document (counted
            as all-missed); unscored: predicted ids without a gold file (ignored).
        repeats: layer -> number of predictions set aside as repeats of a matched gold item
            (timexes, quantities; see the module docstring).
        invalid: document id -> problems found by
            :func:`rasd.eval.schema.validate_document` (only documents with problems; empty
            when validation was not asked for).
    """

    layers: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in LAYERS})
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    per_type: dict[str, dict[str, Score]] = field(default_factory=dict)
    per_doc: dict[str, dict[str, Score]] = field(default_factory=dict)
    errors: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    docs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)
    invalid: dict[str, list[str]] = field(default_factory=dict)
    repeats: dict[str, int] = field(default_factory=dict)

    @property
    def false_events_per_true_event(self) -> float | None:
        """Spurious events per correctly found event (type level, FP / TP); None if TP is 0."""
        s = self.layers["events"]
        return s.fp / s.tp if s.tp else None

    def acc(self, name: str) -> Accuracy:
        return self.accuracies.setdefault(name, Accuracy())

    def typed(self, layer: str, typ: str) -> Score:
        return self.per_type.setdefault(layer, {}).setdefault(typ, Score())

    def err(self, layer: str, item: dict[str, Any]) -> None:
        self.errors.setdefault(layer, []).append(item)

    def to_dict(self, *, errors: bool = False) -> dict[str, Any]:
        """JSON-ready dict: ``layers``, ``accuracies``, ``false_events_per_true_event``,
        ``per_type``, ``docs``/``missing``/``unscored`` counts and ids, and ``per_doc``;
        ``errors`` only when asked (it can be long)."""
        fe = self.false_events_per_true_event
        out: dict[str, Any] = {
            "layers": {k: v.to_dict() for k, v in self.layers.items()},
            "accuracies": {k: v.to_dict() for k, v in sorted(self.accuracies.items())},
            "false_events_per_true_event": None if fe is None else round(fe, 4),
            "per_type": {layer: {t: s.to_dict() for t, s in sorted(d.items())}
                         for layer, d in self.per_type.items()},
            "n_docs": len(self.docs), "missing": list(self.missing),
            "unscored": list(self.unscored), "invalid": dict(self.invalid),
            "repeats": dict(self.repeats),
            "per_doc": {d: {k: s.to_dict() for k, s in v.items()}
                        for d, v in self.per_doc.items()},
        }
        if errors:
            out["errors"] = self.errors
        return out

    def to_text(self) -> str:
        """A fixed-width table: one row per layer (TP FP FN P R F1 in %), then accuracies,
        false events per true event and the per-type breakdowns of entities and events."""
        lines = [f"scored {len(self.docs)} documents"
                 + (f"; {len(self.missing)} gold documents without prediction "
                    f"(counted as missed): {', '.join(self.missing)}" if self.missing else "")
                 + (f"; {len(self.unscored)} predicted documents without gold (ignored)"
                    if self.unscored else ""), ""]
        if self.invalid:
            n = sum(len(v) for v in self.invalid.values())
            lines[-1:-1] = [f"{len(self.invalid)} documents break the rasd.document/1 contract "
                            f"({n} problems), e.g. "
                            + "; ".join(f"{d}: {v[0]}" for d, v in list(self.invalid.items())[:3])]
        head = f"{'layer':16} {'TP':>5} {'FP':>5} {'FN':>5} {'P':>6} {'R':>6} {'F1':>6}"
        lines += [head, "-" * len(head)]
        for k, s in self.layers.items():
            lines.append(_row(k, s))
        lines += ["", f"{'accuracy over matched':28} {'right':>6} {'of':>5} {'%':>6}"]
        for k, a in sorted(self.accuracies.items()):
            v = "-" if a.value is None else f"{100 * a.value:.1f}"
            lines.append(f"{k:28} {a.correct:6} {a.total:5} {v:>6}")
        for k, n in sorted(self.repeats.items()):
            lines.append(f"{k + ' repeats set aside':28} {n:6}")
        fe = self.false_events_per_true_event
        lines.append(f"{'false events per true event':28} {'-' if fe is None else f'{fe:.2f}':>19}")
        for layer in ("entities", "events", "events_actors"):
            d = self.per_type.get(layer)
            if not d:
                continue
            lines += ["", f"{layer} by type", head, "-" * len(head)]
            for t, s in sorted(d.items(), key=lambda kv: (-(kv[1].tp + kv[1].fn), kv[0])):
                lines.append(_row(t, s))
        return "\n".join(lines)


def _row(name: str, s: Score) -> str:
    return (f"{name:16} {s.tp:5} {s.fp:5} {s.fn:5} {100 * s.precision:6.1f} "
            f"{100 * s.recall:6.1f} {100 * s.f1:6.1f}")


# -- matching -----------------------------------------------------------------------------------
def _max_matching(n_pred: int, n_gold: int, ok: Callable[[int, int], bool],
                  pred_free: Iterable[int] | None = None,
                  gold_free: set[int] | None = None) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths) over the allowed pairs.

    Args:
        n_pred, n_gold: sizes of the two sides; ok(i, j): whether pred ``i`` may match gold ``j``.
        pred_free / gold_free: restrict to these indices (default: all).
    Returns:
        dict pred index -> gold index.  Sizes are per-article (tens), so O(V·E) is fine.
    """
    preds = list(range(n_pred)) if pred_free is None else list(pred_free)
    golds = set(range(n_gold)) if gold_free is None else gold_free
    adj = {i: [j for j in range(n_gold) if j in golds and ok(i, j)] for i in preds}
    gold_of: dict[int, int] = {}  # gold -> pred

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in gold_of or augment(gold_of[j], seen):
                gold_of[j] = i
                return True
        return False

    for i in preds:
        if adj[i]:
            augment(i, set())
    return {i: j for j, i in gold_of.items()}


def _two_phase(n_pred: int, n_gold: int, strong: Callable[[int, int], bool],
               weak: Callable[[int, int], bool]) -> dict[int, int]:
    """Match on ``strong`` pairs first, then the rest on ``weak`` pairs (strong ⊆ weak)."""
    m = _max_matching(n_pred, n_gold, strong)
    used = set(m.values())
    rest = _max_matching(n_pred, n_gold, weak, pred_free=[i for i in range(n_pred) if i not in m],
                         gold_free={j for j in range(n_gold) if j not in used})
    m.update(rest)
    return m


def _drop_repeats(r: Report, layer: str, pred: list[dict[str, Any]], m: dict[int, int],
                  same: Callable[[int, int], bool]) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """Drop unmatched predictions that repeat an already matched gold item (``same(i, j)``
    with ``j`` matched): a second surface of one (text, value), such as ``شهر يونيو 2017``
    beside ``يونيو 2017``, is not a false positive, as the gold lists each once.  Counted in
    ``Report.repeats[layer]``.  Returns the kept predictions and the matching re-indexed."""
    matched_gold = set(m.values())
    drop = {i for i in range(len(pred)) if i not in m
            and any(same(i, j) for j in matched_gold)}
    if not drop:
        return pred, m
    r.repeats[layer] = r.repeats.get(layer, 0) + len(drop)
    new_index = {}
    kept = []
    for i, p in enumerate(pred):
        if i not in drop:
            new_index[i] = len(kept)
            kept.append(p)
    return kept, {new_index[i]: j for i, j in m.items()}


def _dedupe(items: list[dict[str, Any]],
            keyf: Callable[[dict[str, Any]], Any]) -> list[dict[str, Any]]:
    seen: set[Any] = set()
    out = []
    for it in items:
        k = keyf(it)
        if k not in seen:
            seen.add(k)
            out.append(it)
    return out


def _spaced_key(s: str) -> str:
    """:func:`rasd.normalize.key` with whitespace runs collapsed (de-duplication key: the gold
    keeps ``يونيو2017`` and ``يونيو 2017`` as two distinct texts)."""
    return " ".join(key(s).split())


def _prf(report: Report, doc_id: str, layer: str, tp: int, n_pred: int, n_gold: int) -> None:
    s = Score(tp, n_pred - tp, n_gold - tp)
    report.layers[layer].add(s)
    report.per_doc.setdefault(doc_id, {})[layer] = s


# -- layers -------------------------------------------------------------------------------------
def _entity_matching(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[int, int]:
    pk = [frozenset(k for k in (surface_key(m.get("text") or "") for m in p.get("mentions") or [])
                    if k) for p in pred]
    gk = [frozenset(k for k in (surface_key(m) for m in g.get("mentions") or []) if k)
          for g in gold]

    def ok(i: int, j: int) -> bool:
        tp, tg = pred[i].get("type"), gold[j].get("type")
        return (tp == tg or (tp, tg) in _COMPATIBLE) and _keysets_match(pk[i], gk[j])

    def exact_type(i: int, j: int) -> bool:
        return pred[i].get("type") == gold[j].get("type") and ok(i, j)

    return _two_phase(len(pred), len(gold), exact_type, ok)


def _score_entities(r: Report, doc_id: str, pred: list[dict[str, Any]],
                    gold: list[dict[str, Any]]) -> None:
    m = _entity_matching(pred, gold)
    _prf(r, doc_id, "entities", len(m), len(pred), len(gold))
    matched_gold = set(m.values())
    for j, g in enumerate(gold):
        s = r.typed("entities", g.get("type") or "?")
        if j in matched_gold:
            s.tp += 1
        else:
            s.fn += 1
            r.err("entities", {"doc": doc_id, "kind": "fn", "type": g.get("type"),
                               "mentions": g.get("mentions")})
    for i, p in enumerate(pred):
        if i not in m:
            r.typed("entities", p.get("type") or "?").fp += 1
            surfaces = sorted({x.get("text") for x in p.get("mentions") or []})
            r.err("entities", {"doc": doc_id, "kind": "fp", "type": p.get("type"),
                               "mentions": surfaces})


def _unmatched(r: Report, doc_id: str, layer: str, pred: list[dict[str, Any]],
               gold: list[dict[str, Any]], m: dict[int, int],
               fn_fields: Callable[[dict[str, Any]], dict[str, Any]],
               fp_fields: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Record the items the matching ``m`` (pred index -> gold index) left out as errors of
    ``layer``: each unmatched gold item as ``{"doc", "kind": "fn", **fn_fields(gold)}`` (gold
    order), then each unmatched prediction as ``{"doc", "kind": "fp", **fp_fields(pred)}``."""
    mg = set(m.values())
    for j, g in enumerate(gold):
        if j not in mg:
            r.err(layer, {"doc": doc_id, "kind": "fn", **fn_fields(g)})
    for i, p in enumerate(pred):
        if i not in m:
            r.err(layer, {"doc": doc_id, "kind": "fp", **fp_fields(p)})


def _quantity_err(q: dict[str, Any]) -> dict[str, Any]:
    """Error fields of a quantity (gold or predicted): text, kind (as ``kind_``), value, unit."""
    return {"text": q.get("text"), "kind_": q.get("kind"), "value": q.get("value"),
            "unit": q.get("unit")}


def _contains(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def _score_timexes(r: Report, doc_id: str, pred: list[dict[str, Any]],
                   gold: list[dict[str, Any]]) -> None:
    pred = _dedupe(pred, lambda t: (_spaced_key(t.get("text") or ""), t.get("value")))
    pk = [surface_key(t.get("text") or "") for t in pred]
    gk = [surface_key(t.get("text") or "") for t in gold]

    def weak(i: int, j: int) -> bool:
        return _contains(pk[i], gk[j])

    def strong(i: int, j: int) -> bool:
        return weak(i, j) and pred[i].get("value") == gold[j].get("value")

    m = _two_phase(len(pred), len(gold), strong, weak)
    pred, m = _drop_repeats(r, "timexes", pred, m, strong)
    _prf(r, doc_id, "timexes", len(m), len(pred), len(gold))
    right = 0
    acc = r.acc("timex_value")
    for i, j in m.items():
        acc.total += 1
        if pred[i].get("value") == gold[j].get("value"):
            right += 1
            acc.correct += 1
        else:
            r.err("timexes", {"doc": doc_id, "kind": "wrong", "text": gold[j].get("text"),
                              "gold": gold[j].get("value"), "pred": pred[i].get("value")})
    _prf(r, doc_id, "timex_values", right, len(pred), len(gold))
    _unmatched(r, doc_id, "timexes", pred, gold, m,
               lambda g: {"text": g.get("text"), "gold": g.get("value")},
               lambda p: {"text": p.get("text"), "pred": p.get("value")})


def _unit(u: Any) -> str | None:
    return u.strip().lower() if isinstance(u, str) and u.strip() else None


def _close(a: Any, b: Any) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= VALUE_TOLERANCE * abs(b) if b else a == b


def _score_quantities(r: Report, doc_id: str, pred: list[dict[str, Any]],
                      gold: list[dict[str, Any]]) -> None:
    pred = _dedupe(pred, lambda q: (_spaced_key(q.get("text") or ""), q.get("value")))

    def weak(i: int, j: int) -> bool:
        p, g = pred[i], gold[j]
        return (p.get("kind") == g.get("kind") and _unit(p.get("unit")) == _unit(g.get("unit"))
                and _close(p.get("value"), g.get("value")))

    def strong(i: int, j: int) -> bool:
        return weak(i, j) and surfaces_match(pred[i].get("text") or "", gold[j].get("text") or "")

    m = _two_phase(len(pred), len(gold), strong, weak)
    pred, m = _drop_repeats(r, "quantities", pred, m, weak)
    _prf(r, doc_id, "quantities", len(m), len(pred), len(gold))
    acc = r.acc("quantity_qualifier")
    for i, j in m.items():
        acc.total += 1
        if (pred[i].get("qualifier") or "eq") == (gold[j].get("qualifier") or "eq"):
            acc.correct += 1
        else:
            r.err("quantities", {"doc": doc_id, "kind": "wrong", "text": gold[j].get("text"),
                                 "gold": gold[j].get("qualifier"),
                                 "pred": pred[i].get("qualifier")})
    _unmatched(r, doc_id, "quantities", pred, gold, m, _quantity_err, _quantity_err)


def _words_key(s: str) -> list[str]:
    return [k for k in (surface_key(w) for w in (s or "").split()) if k]


def _quote_detect(content: str, start_words: list[str]) -> bool:
    pk = surface_key(content)
    gq = "".join(start_words)
    if not pk or not gq:
        return False
    if gq in pk or (len(pk) >= 6 and pk in gq):
        return True
    # the prediction may begin one word later (a particle such as أن left out of the gold start)
    return len(start_words) >= 4 and "".join(start_words[1:]) in pk


def _speaker_right(p: dict[str, Any], g: dict[str, Any], names: dict[str, str]) -> bool:
    ps, gs = p.get("speaker_text") or "", g.get("speaker_text") or ""
    if ps and gs:
        if surfaces_match(ps, gs):
            return True
        a, b = surface_key(ps), surface_key(gs)
        if len(a) >= 3 and len(b) >= 3 and (a in b or b in a):
            return True
    name = names.get(p.get("speaker") or "")
    gen = g.get("speaker_en")
    if name and gen:
        return _name_key(name) == _name_key(gen)
    return False


def _score_quotes(r: Report, doc_id: str, doc: dict[str, Any], pred: list[dict[str, Any]],
                  gold: list[dict[str, Any]]) -> None:
    names = {e.get("id"): e.get("name") for e in doc.get("entities") or [] if e.get("id")}
    gw = [_words_key(g.get("quote_start") or "") for g in gold]

    def weak(i: int, j: int) -> bool:
        return _quote_detect(pred[i].get("text") or "", gw[j])

    def strong(i: int, j: int) -> bool:
        return weak(i, j) and _speaker_right(pred[i], gold[j], names)

    m = _two_phase(len(pred), len(gold), strong, weak)
    _prf(r, doc_id, "quotes", len(m), len(pred), len(gold))
    sp, di = r.acc("quote_speaker"), r.acc("quote_direct")
    right = 0
    for i, j in m.items():
        sp.total += 1
        di.total += 1
        if _speaker_right(pred[i], gold[j], names):
            sp.correct += 1
            right += 1
        else:
            r.err("quotes", {"doc": doc_id, "kind": "wrong",
                             "quote_start": gold[j].get("quote_start"),
                             "gold": gold[j].get("speaker_text"),
                             "pred": pred[i].get("speaker_text")})
        if bool(pred[i].get("direct")) == bool(gold[j].get("direct")):
            di.correct += 1
    _prf(r, doc_id, "quote_speakers", right, len(pred), len(gold))
    _unmatched(r, doc_id, "quotes", pred, gold, m,
               lambda g: {"quote_start": g.get("quote_start"), "speaker": g.get("speaker_text")},
               lambda p: {"text": (p.get("text") or "")[:60], "speaker": p.get("speaker_text")})


def _codes(lst: Iterable[Any]) -> frozenset[str]:
    out = set()
    for a in lst or []:
        c = code_country(a.get("code") if isinstance(a, dict) else a)
        if c:
            out.add(c)
    return frozenset(out)


def event_key(ev: dict[str, Any]) -> tuple[Any, ...]:
    """The strict matching key of an event (predicted or gold).

    Args:
        ev: an event dict; ``actors``/``recipients`` are lists of code strings (gold) or of
            ``{"code": ...}`` objects (prediction).
    Returns:
        ``(type, participants)`` for :data:`SYMMETRIC_TYPES` (participants: frozenset of
        countries of actors and recipients) else ``(type, actor countries, recipient
        countries)``.
    """
    t = ev.get("type")
    a, b = _codes(ev.get("actors") or []), _codes(ev.get("recipients") or [])
    if t in SYMMETRIC_TYPES:
        return (t, a | b)
    return (t, a, b)


def _trigger_text(ev: dict[str, Any]) -> str:
    """The trigger surface of an event: ``trigger.text`` (prediction) or ``trigger`` (gold)."""
    t = ev.get("trigger")
    if isinstance(t, dict):
        t = t.get("text")
    return t if isinstance(t, str) else ""


def _anchor_score(text: str, p: dict[str, Any], g: dict[str, Any]) -> int:
    """How well a predicted and a gold event of one type share their words (0..4): the
    triggers contain one another (2), the predicted trigger lies in the gold evidence (1), the
    gold trigger lies in the predicted evidence (1).  Used only to choose which pairs to form,
    never to decide whether events match."""
    ev = p.get("evidence")
    pt = surface_key(_trigger_text(p))
    s, e = (ev.get("start"), ev.get("end")) if isinstance(ev, dict) else (None, None)
    pe = surface_key(text[s:e]) if isinstance(s, int) and isinstance(e, int) else ""
    gt, ge = surface_key(g.get("trigger") or ""), surface_key(g.get("evidence") or "")
    return (2 * _contains(pt, gt) + (bool(pt) and pt in ge) + (bool(gt) and gt in pe))


def _greedy_pairs(pairs: list[tuple[int, int, int]], m: dict[int, int], used: set[int]) -> None:
    """Take (score, i, j) pairs best score first, each prediction and gold item once."""
    for _, i, j in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if i not in m and j not in used:
            m[i] = j
            used.add(j)


def _score_events(r: Report, doc_id: str, pred: list[dict[str, Any]],
                  gold: list[dict[str, Any]], text: str = "") -> None:
    pk = [event_key(e) for e in pred]
    gk = [event_key(e) for e in gold]
    score = {(i, j): _anchor_score(text, pred[i], gold[j])
             for i in range(len(pred)) for j in range(len(gold))
             if pred[i].get("type") == gold[j].get("type")}
    # strict pairs first, then the rest of each type.  Within each phase the allowed pairs
    # form complete bipartite blocks (equal keys, equal types), so any greedy order reaches
    # the maximum count; the anchor score only decides which pairs are formed, which matters
    # for status accuracy.
    m: dict[int, int] = {}
    used: set[int] = set()
    _greedy_pairs([(sc, i, j) for (i, j), sc in score.items() if pk[i] == gk[j]], m, used)
    strict = dict(m)
    _greedy_pairs([(sc, i, j) for (i, j), sc in score.items()], m, used)
    _prf(r, doc_id, "events", len(m), len(pred), len(gold))
    _prf(r, doc_id, "events_actors", len(strict), len(pred), len(gold))
    st, sts = r.acc("event_status"), r.acc("event_status_strict")
    for i, j in m.items():
        same = pred[i].get("status") == gold[j].get("status")
        st.total += 1
        st.correct += same
        if i in strict:
            sts.total += 1
            sts.correct += same
        if not same:
            r.err("events", {"doc": doc_id, "kind": "wrong", "type": gold[j].get("type"),
                             "trigger": gold[j].get("trigger"), "gold": gold[j].get("status"),
                             "pred": pred[i].get("status")})
    for layer, mm in (("events", m), ("events_actors", strict)):
        mg = set(mm.values())
        for j, g in enumerate(gold):
            s = r.typed(layer, g.get("type") or "?")
            if j in mg:
                s.tp += 1
            else:
                s.fn += 1
                if layer == "events_actors":
                    r.err("events", {"doc": doc_id, "kind": "fn", "type": g.get("type"),
                                     "actors": g.get("actors"), "recipients": g.get("recipients"),
                                     "trigger": g.get("trigger"), "type_found": j in m.values()})
        for i, p in enumerate(pred):
            if i not in mm:
                r.typed(layer, p.get("type") or "?").fp += 1
                if layer == "events_actors":
                    r.err("events", {"doc": doc_id, "kind": "fp", "type": p.get("type"),
                                     "actors": [a.get("code") for a in p.get("actors") or []],
                                     "recipients": [a.get("code")
                                                    for a in p.get("recipients") or []],
                                     "trigger": _trigger_text(p),
                                     "type_found": i in m})


# -- entry points -------------------------------------------------------------------------------
def load_gold(gold_dir: Path) -> dict[str, dict[str, Any]]:
    """Read every ``*.json`` in ``gold_dir`` (``rasd.gold/1``) keyed by its ``id`` (else the
    file stem).

    Raises:
        FileNotFoundError: ``gold_dir`` is not a directory or holds no ``*.json`` file.
        ValueError: a file is not valid JSON or not ``rasd.gold/1`` (names the file).
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold directory not found: {gold_dir}")
    out: dict[str, dict[str, Any]] = {}
    for p in sorted(gold_dir.glob("*.json")):
        try:
            g = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ValueError(f"{p}: cannot read gold file: {e}") from e
        if not isinstance(g, dict) or g.get("schema") != "rasd.gold/1":
            schema = g.get("schema") if isinstance(g, dict) else None
            raise ValueError(f"{p}: not a rasd.gold/1 file (schema {schema!r})")
        out[str(g.get("id") or p.stem)] = g
    if not out:
        raise FileNotFoundError(f"no *.json gold files in {gold_dir}")
    return out


def _title_key(t: Any) -> str:
    return surface_key(t) if isinstance(t, str) else ""


def _pair_docs(docs: list[dict[str, Any]], gold: dict[str, dict[str, Any]],
               r: Report) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Pair predicted documents with gold by id, else by normalised title."""
    by_title = {}
    for gid, g in gold.items():
        tk = _title_key(g.get("title"))
        if tk:
            by_title.setdefault(tk, gid)
    pairs: dict[str, dict[str, Any]] = {}
    for d in docs:
        did = str(d.get("id") or "")
        gid = did if did in gold else by_title.get(_title_key(d.get("title")), "")
        if gid and gid not in pairs:
            pairs[gid] = d
        else:
            r.unscored.append(did)
    out = []
    for gid, g in gold.items():
        if gid in pairs:
            out.append((gid, pairs[gid], g))
        else:
            r.missing.append(gid)
            out.append((gid, {"id": gid}, g))
    return out


def evaluate(docs: list[dict[str, Any]], gold_dir: Path, *, validate: bool = True) -> Report:
    """Score predicted documents against the ``rasd.gold/1`` files of ``gold_dir``.

    Args:
        docs: ``rasd.document/1`` dicts (``Doc.to_dict()`` or parsed JSON Lines).  A document is
            paired with the gold file of the same ``id`` (else the same normalised title).
        gold_dir: directory of ``<id>.json`` gold files, e.g. ``../shared/eval/dev/gold``.
        validate: also check every scored document with
            :func:`rasd.eval.schema.validate_document` (problems go to ``Report.invalid``; they
            do not change the scores).
    Returns:
        :class:`Report` with TP/FP/FN and P/R/F1 per layer (:data:`LAYERS`), accuracies over
        matched pairs, per-type breakdowns of entities and events, per-document scores and an
        error list.  Gold files without a predicted document count as all-missed.
    Raises:
        FileNotFoundError / ValueError: from :func:`load_gold`.
    """
    gold = load_gold(Path(gold_dir))
    r = Report()
    for gid, d, g in _pair_docs(docs, gold, r):
        r.docs.append(gid)
        if validate and gid not in r.missing:
            problems = validate_document(d)
            if problems:
                r.invalid[str(d.get("id"))] = problems
        _score_entities(r, gid, d.get("entities") or [], g.get("entities") or [])
        _score_timexes(r, gid, d.get("timexes") or [], g.get("timexes") or [])
        _score_quantities(r, gid, d.get("quantities") or [], g.get("quantities") or [])
        _score_quotes(r, gid, d, d.get("quotes") or [], g.get("quotes") or [])
        _score_events(r, gid, d.get("events") or [], g.get("events") or [],
                      d.get("text") if isinstance(d.get("text"), str) else "")
    return r


def _name_key(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s).casefold()
                   if ch.isalnum())


def _kb_right(pred_kb: Any, gold_kb: Any) -> bool:
    if not isinstance(pred_kb, str) or not isinstance(gold_kb, str):
        return False
    p, g = pred_kb.strip().upper(), gold_kb.strip().upper()
    return p == g or p.rsplit(":", 1)[-1] == g


def score_entity_names(docs: list[dict[str, Any]], gold_dir: Path) -> dict[str, Any]:
    """How often matched entities carry the gold English name and knowledge-base code.

    Entities are matched as in :func:`evaluate`.  A name is right when it equals ``name_en``
    ignoring case, accents, spaces and punctuation; a kb is right when the predicted kb
    (``iso3:MAR``) ends in the gold code (``MAR``).

    Args:
        docs: ``rasd.document/1`` dicts; gold_dir: directory of ``rasd.gold/1`` files.
    Returns:
        dict with ``gold`` (gold entities), ``matched``, ``name_right``, ``kb_gold`` (gold
        entities with a kb), ``kb_right``, and the shares ``name_share`` (name_right / gold),
        ``name_accuracy`` (name_right / matched), ``kb_share`` (kb_right / kb_gold), plus
        ``wrong``: list of ``{"doc", "gold", "pred"}`` name mismatches.
    """
    gold = load_gold(Path(gold_dir))
    r = Report()
    n = {"gold": 0, "matched": 0, "name_right": 0, "kb_gold": 0, "kb_right": 0}
    wrong: list[dict[str, Any]] = []
    for gid, d, g in _pair_docs(docs, gold, r):
        pred, gents = d.get("entities") or [], g.get("entities") or []
        m = {j: i for i, j in _entity_matching(pred, gents).items()}
        for j, ge in enumerate(gents):
            n["gold"] += 1
            if ge.get("kb"):
                n["kb_gold"] += 1
            if j not in m:
                continue
            p = pred[m[j]]
            n["matched"] += 1
            if ge.get("name_en") and _name_key(p.get("name") or "") == _name_key(ge["name_en"]):
                n["name_right"] += 1
            else:
                wrong.append({"doc": gid, "gold": ge.get("name_en"), "pred": p.get("name")})
            if ge.get("kb") and _kb_right(p.get("kb"), ge["kb"]):
                n["kb_right"] += 1

    def share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {**n, "name_share": share(n["name_right"], n["gold"]),
            "name_accuracy": share(n["name_right"], n["matched"]),
            "kb_share": share(n["kb_right"], n["kb_gold"]), "wrong": wrong}
