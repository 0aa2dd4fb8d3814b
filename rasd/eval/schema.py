"""Validator of ``rasd.document/1`` dicts (the contract in ``../shared/spec/document-json.md``).

:func:`validate_document` checks every field the spec names, its JSON type, the enumerations
of :mod:`rasd.doc` (entity types, TIMEX3 types, quantity kinds and qualifiers, PLOVER types,
statuses), that every span lies inside ``text`` and that ``text[start:end]`` equals the span's
``text`` where the spec gives one, that sentences are ordered and do not overlap, that entity
and event ids are unique and that every reference (quote speaker, actor/recipient entity, event
location, attribution source) names an entity of the document.  Extra fields are allowed (the
spec says more fields may be added).

:func:`code_country` (the country part of a PLOVER/CAMEO actor code) lives here too, because
both the store's dyad queries and the scorer need the same reading of actor codes.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rasd.doc import (
    ENTITY_TYPES,
    PLOVER_TYPES,
    QUALIFIERS,
    QUANTITY_KINDS,
    SCHEMA,
    STATUSES,
    TIMEX_TYPES,
)

_PUBLISHED_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d+)?[+-](?:[01]\d|2[0-3]):[0-5]\d)?$"
)
#: ``ISO3``, ``ISO3-SECTOR`` (2-6 capital letters) or ``IGO-XXX``; ``NGO`` and similar bare
#: three-letter codes pass as ``ISO3``.
_CODE_RE = re.compile(r"^(?:IGO-[A-Z]{2,8}|[A-Z]{3}(?:-[A-Z]{2,6})?)$")
_CAMEO_RE = re.compile(r"^\d{2,4}$")
# TIMEX3 values (TimeML 1.2.1 / ISO-TimeML): a date with X for unknown digits (2025-08-14,
# XXXX-03-12, 197X, 2018-W28, XXXX-WXX-2, 2015-Q1, 2017-SU) and an optional time or part of
# day (T14:30, TEV, TMI); a duration (P3D, PXY, PXDE, PT11H); a reference (PAST_REF); or two
# of them as a range "a/b" (the spec's 2023/2024)
_TX_MM, _TX_DD = r"(?:0[1-9]|1[0-2]|XX)", r"(?:0[1-9]|[12]\d|3[01]|XX)"
_TX_WW, _TX_HH, _TX_MI = r"(?:0[1-9]|[1-4]\d|5[0-3]|XX)", r"(?:[01]\d|2[0-3]|XX)", r"(?:[0-5]\d|XX)"
_TX_DATE = (rf"[0-9X]{{2,4}}(?:-(?:{_TX_MM}(?:-{_TX_DD})?|W{_TX_WW}(?:-[1-7X])?|Q[1-4X]|H[12X]"
            r"|SP|SU|FA|WI))?")
_TX_TIME = (rf"(?:T(?:{_TX_HH}(?::{_TX_MI}(?::{_TX_MI}(?:\.\d+)?)?)?|MO|MI|AF|EV|NI|DT)"
            r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?")
_TX_DUR = r"P(?:[0-9.X]+(?:DE|CE|ML|[YMWD]))*(?:T(?:[0-9.X]+[HMS])+)?"
_TX_ONE = rf"(?:{_TX_DATE}{_TX_TIME}|{_TX_DUR}|(?:PAST|PRESENT|FUTURE)_REF)"
_TIMEX3_RE = re.compile(rf"^{_TX_ONE}(?:/{_TX_ONE})?$")


def code_country(code: str | None) -> str | None:
    """Country part of an actor code: ``"MAR-MIL"`` -> ``"MAR"``, ``"IGO-NATO"`` stays whole.

    Args:
        code: a PLOVER/CAMEO actor code (``ISO3``, ``ISO3-SECTOR``, ``IGO-XXX``) or None.
    Returns:
        The upper-cased country (or IGO) part, or None for None/empty input.
    """
    if not code:
        return None
    c = code.strip().upper()
    if c.startswith("IGO-"):
        return c
    return c.split("-", 1)[0] or None


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _opt_str(v: Any) -> bool:
    return v is None or isinstance(v, str)


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


class _Checker:
    """Collects problems while walking one document."""

    def __init__(self, d: dict[str, Any]) -> None:
        self.d = d
        self.problems: list[str] = []
        t = d.get("text")
        self.text: str | None = t if isinstance(t, str) else None
        self.eids: set[str] = set()

    def add(self, where: str, msg: str) -> None:
        self.problems.append(f"{where}: {msg}")

    def field(self, obj: dict[str, Any], name: str, where: str) -> tuple[bool, Any]:
        if name not in obj:
            self.add(where, f"missing field {name!r}")
            return False, None
        return True, obj[name]

    def span(self, obj: Any, where: str, *, has_text: bool = True) -> tuple[int, int] | None:
        """Check ``start``/``end`` (and ``text``) of a span object; return the span if sane."""
        if not isinstance(obj, dict):
            self.add(where, f"expected an object, got {type(obj).__name__}")
            return None
        ok_s, s = self.field(obj, "start", where)
        ok_e, e = self.field(obj, "end", where)
        if not (ok_s and ok_e):
            return None
        if not (_is_int(s) and _is_int(e)):
            self.add(where, f"start/end must be integers, got {s!r}, {e!r}")
            return None
        n = len(self.text) if self.text is not None else None
        if s < 0 or e < s or (n is not None and e > n):
            self.add(where, f"span [{s}, {e}) outside text of length {n} or reversed")
            return None
        if has_text:
            ok_t, t = self.field(obj, "text", where)
            if ok_t:
                if not isinstance(t, str):
                    self.add(where, f"text must be a string, got {type(t).__name__}")
                elif self.text is not None and self.text[s:e] != t:
                    self.add(where, f"text {_short(t)!r} != text[{s}:{e}] "
                                    f"{_short(self.text[s:e])!r}")
        return (s, e)

    def enum(self, obj: dict[str, Any], name: str, allowed: tuple[str, ...], where: str,
             *, nullable: bool = False) -> None:
        ok, v = self.field(obj, name, where)
        if not ok or (nullable and v is None):
            return
        if v not in allowed:
            self.add(where, f"{name} {v!r} not one of {', '.join(allowed)}")

    def ref(self, v: Any, where: str, what: str) -> None:
        if v is None:
            return
        if not isinstance(v, str):
            self.add(where, f"{what} must be an entity id string or null, got {v!r}")
        elif v not in self.eids:
            self.add(where, f"{what} {v!r} is not an entity id of this document")

    def list_of(self, name: str) -> list[Any]:
        ok, v = self.field(self.d, name, "document")
        if not ok:
            return []
        if not isinstance(v, list):
            self.add("document", f"{name} must be a list, got {type(v).__name__}")
            return []
        return v

    # -- sections ----------------------------------------------------------------------------
    def header(self) -> None:
        d = self.d
        ok, v = self.field(d, "schema", "document")
        if ok and v != SCHEMA:
            self.add("document", f"schema {v!r} != {SCHEMA!r}")
        ok, v = self.field(d, "id", "document")
        if ok and (not isinstance(v, str) or not v):
            self.add("document", f"id must be a non-empty string, got {v!r}")
        for name in ("url", "title"):
            ok, v = self.field(d, name, "document")
            if ok and not _opt_str(v):
                self.add("document", f"{name} must be a string or null, got {type(v).__name__}")
        ok, v = self.field(d, "published", "document")
        if ok and v is not None:
            m = _PUBLISHED_RE.match(v) if isinstance(v, str) else None
            if m is None:
                self.add("document", f"published {v!r} is not YYYY-MM-DD or "
                                     "YYYY-MM-DDThh:mm:ss±hh:mm")
            else:
                try:
                    date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    self.add("document", f"published {v!r} is not a real date")
        ok, v = self.field(d, "language", "document")
        if ok and (not isinstance(v, str) or not v):
            self.add("document", f"language must be a non-empty string, got {v!r}")
        ok, v = self.field(d, "text", "document")
        if ok and not isinstance(v, str):
            self.add("document", f"text must be a string, got {type(v).__name__}")
        if "boilerplate_removed" in d:
            br = d["boilerplate_removed"]
            if not isinstance(br, list):
                self.add("document", "boilerplate_removed must be a list")
            else:
                for i, r in enumerate(br):
                    if not (isinstance(r, dict) and isinstance(r.get("text"), str)
                            and isinstance(r.get("reason"), str)):
                        self.add(f"boilerplate_removed[{i}]",
                                 "expected {\"text\": str, \"reason\": str}")

    def sentences(self) -> None:
        prev_end = 0
        for i, s in enumerate(self.list_of("sentences")):
            w = f"sentences[{i}]"
            if not (isinstance(s, list) and len(s) == 2 and _is_int(s[0]) and _is_int(s[1])):
                self.add(w, f"expected [start, end] integers, got {s!r}")
                continue
            a, b = s
            n = len(self.text) if self.text is not None else None
            if a < 0 or b < a or (n is not None and b > n):
                self.add(w, f"span [{a}, {b}) outside text of length {n} or reversed")
                continue
            if a < prev_end:
                self.add(w, f"starts at {a}, before the previous sentence ends ({prev_end}): "
                            "sentences must be ordered and not overlap")
            prev_end = max(prev_end, b)

    def entities(self) -> None:
        ents = self.list_of("entities")
        # collect ids first so references elsewhere can be checked
        for i, e in enumerate(ents):
            if isinstance(e, dict) and isinstance(e.get("id"), str):
                if e["id"] in self.eids:
                    self.add(f"entities[{i}]", f"duplicate entity id {e['id']!r}")
                self.eids.add(e["id"])
        for i, e in enumerate(ents):
            w = f"entities[{i}]"
            if not isinstance(e, dict):
                self.add(w, "expected an object")
                continue
            ok, v = self.field(e, "id", w)
            if ok and (not isinstance(v, str) or not v):
                self.add(w, f"id must be a non-empty string, got {v!r}")
            self.enum(e, "type", ENTITY_TYPES, w)
            ok, v = self.field(e, "name", w)
            if ok and (not isinstance(v, str) or not v):
                self.add(w, f"name must be a non-empty string, got {v!r}")
            ok, v = self.field(e, "kb", w)
            if ok and not _opt_str(v):
                self.add(w, f"kb must be a string or null, got {v!r}")
            ok, ms = self.field(e, "mentions", w)
            if not ok:
                continue
            if not isinstance(ms, list) or not ms:
                self.add(w, "mentions must be a non-empty list")
                continue
            for j, m in enumerate(ms):
                self.span(m, f"{w}.mentions[{j}]")

    def timexes(self) -> None:
        for i, t in enumerate(self.list_of("timexes")):
            w = f"timexes[{i}]"
            if self.span(t, w) is None and not isinstance(t, dict):
                continue
            self.enum(t, "type", TIMEX_TYPES, w)
            ok, v = self.field(t, "value", w)
            if ok and not (isinstance(v, str) and v):
                # the spec gives no null here: an unresolvable part is written X (XXXX-03-12)
                self.add(w, f"value must be a TIMEX3 string, got {v!r}")
            elif ok and (v == "P" or not _TIMEX3_RE.match(v)):
                self.add(w, f"value {v!r} is not a TIMEX3 value")

    def quantities(self) -> None:
        for i, q in enumerate(self.list_of("quantities")):
            w = f"quantities[{i}]"
            if self.span(q, w) is None and not isinstance(q, dict):
                continue
            self.enum(q, "kind", QUANTITY_KINDS, w)
            self.enum(q, "qualifier", QUALIFIERS, w)
            ok, v = self.field(q, "value", w)
            if ok and not _is_num(v):
                self.add(w, f"value must be a number, got {v!r}")
            ok2, vm = self.field(q, "value_max", w)
            if ok2 and vm is not None and not _is_num(vm):
                self.add(w, f"value_max must be a number or null, got {vm!r}")
            ok3, u = self.field(q, "unit", w)
            if ok3 and not _opt_str(u):
                self.add(w, f"unit must be a string or null, got {u!r}")
            qual = q.get("qualifier")
            if ok2 and qual == "range" and vm is None:
                self.add(w, "qualifier 'range' needs value_max")
            if ok2 and vm is not None and qual in QUALIFIERS and qual != "range":
                self.add(w, f"value_max is only for qualifier 'range', not {qual!r}")
            if ok and ok2 and _is_num(v) and _is_num(vm) and vm < v:
                self.add(w, f"value_max {vm} < value {v}")
            if q.get("kind") == "percent" and ok3 and u not in ("%", None):
                self.add(w, f"percent unit must be '%', got {u!r}")

    def quotes(self) -> None:
        for i, q in enumerate(self.list_of("quotes")):
            w = f"quotes[{i}]"
            if self.span(q, w) is None and not isinstance(q, dict):
                continue
            ok, v = self.field(q, "direct", w)
            if ok and not isinstance(v, bool):
                self.add(w, f"direct must be true/false, got {v!r}")
            ok, v = self.field(q, "speaker", w)
            if ok:
                self.ref(v, w, "speaker")
            ok, v = self.field(q, "speaker_text", w)
            if ok and not _opt_str(v):
                self.add(w, f"speaker_text must be a string or null, got {v!r}")
            ok, v = self.field(q, "cue", w)
            if ok and not isinstance(v, str):
                self.add(w, f"cue must be a string, got {v!r}")

    def _actors(self, ev: dict[str, Any], name: str, w: str) -> None:
        ok, lst = self.field(ev, name, w)
        if not ok:
            return
        if not isinstance(lst, list):
            self.add(w, f"{name} must be a list")
            return
        for j, a in enumerate(lst):
            wa = f"{w}.{name}[{j}]"
            if not isinstance(a, dict):
                self.add(wa, "expected {\"code\", \"entity\", \"text\"}")
                continue
            okc, c = self.field(a, "code", wa)
            if okc and c is not None and (not isinstance(c, str) or not _CODE_RE.match(c)):
                self.add(wa, f"code {c!r} is not ISO3, ISO3-SECTOR or IGO-XXX")
            oke, e = self.field(a, "entity", wa)
            if oke:
                self.ref(e, wa, "entity")
            okt, t = self.field(a, "text", wa)
            if okt and not isinstance(t, str):
                self.add(wa, f"text must be a string, got {t!r}")

    def events(self) -> None:
        seen: set[str] = set()
        for i, ev in enumerate(self.list_of("events")):
            w = f"events[{i}]"
            if not isinstance(ev, dict):
                self.add(w, "expected an object")
                continue
            ok, v = self.field(ev, "id", w)
            if ok:
                if not isinstance(v, str) or not v:
                    self.add(w, f"id must be a non-empty string, got {v!r}")
                elif v in seen:
                    self.add(w, f"duplicate event id {v!r}")
                else:
                    seen.add(v)
            self.enum(ev, "type", PLOVER_TYPES, w)
            self.enum(ev, "status", STATUSES, w)
            ok, v = self.field(ev, "mode", w)
            if ok and not _opt_str(v):
                self.add(w, f"mode must be a string or null, got {v!r}")
            ok, v = self.field(ev, "contexts", w)
            if ok and not (isinstance(v, list) and all(isinstance(c, str) for c in v)):
                self.add(w, f"contexts must be a list of strings, got {v!r}")
            ok, v = self.field(ev, "cameo", w)
            if ok and v is not None and not (isinstance(v, str) and _CAMEO_RE.match(v)):
                self.add(w, f"cameo must be a 2-4 digit string or null, got {v!r}")
            ok, v = self.field(ev, "goldstein", w)
            if ok and v is not None and not (_is_num(v) and -10 <= v <= 10):
                self.add(w, f"goldstein must be a number in [-10, 10] or null, got {v!r}")
            self._actors(ev, "actors", w)
            self._actors(ev, "recipients", w)
            ok, v = self.field(ev, "location", w)
            if ok:
                self.ref(v, w, "location")
            ok, v = self.field(ev, "date", w)
            if ok and not _opt_str(v):
                self.add(w, f"date must be a TIMEX3 string or null, got {v!r}")
            ok, att = self.field(ev, "attribution", w)
            if ok:
                # the spec shows an object: {"source": null, "text": null} when no one but
                # the article reports the event
                if not isinstance(att, dict):
                    self.add(w, f"attribution must be an object, got {att!r}")
                else:
                    if "source" not in att:
                        self.add(w, "attribution: missing field 'source'")
                    else:
                        self.ref(att["source"], w, "attribution source")
                    text = att.get("text")
                    if not (isinstance(text, str) or text is None and att.get("source") is None):
                        self.add(w, "attribution: text must be a string (null only when "
                                    "source is null)")
            tr = ev_span = None
            ok, t = self.field(ev, "trigger", w)
            if ok:
                tr = self.span(t, f"{w}.trigger")
            ok, e = self.field(ev, "evidence", w)
            if ok:
                ev_span = self.span(e, f"{w}.evidence", has_text=False)
            if tr and ev_span and not (ev_span[0] <= tr[0] and tr[1] <= ev_span[1]):
                self.add(w, f"trigger {list(tr)} is not inside evidence {list(ev_span)}")
            ok, v = self.field(ev, "confidence", w)
            if ok and not (_is_num(v) and 0 <= v <= 1):
                self.add(w, f"confidence must be a number in [0, 1], got {v!r}")


def validate_document(d: dict[str, Any]) -> list[str]:
    """Check one ``rasd.document/1`` dict against the spec.

    Args:
        d: a parsed ``rasd.document/1`` object (e.g. ``Doc.to_dict()`` or one JSON Lines line).
    Returns:
        A list of human-readable problems, each ``"<where>: <what>"`` (``where`` such as
        ``"entities[2].mentions[0]"``); empty when the document is valid.  Never raises for bad
        input: a non-dict gives one problem.
    """
    if not isinstance(d, dict):
        return [f"document: expected a JSON object, got {type(d).__name__}"]
    c = _Checker(d)
    c.header()
    c.sentences()
    c.entities()
    c.timexes()
    c.quantities()
    c.quotes()
    c.events()
    return c.problems
