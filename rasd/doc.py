"""The document model shared by every stage: one immutable text, layers of spans.

Every offset in this module is a half-open ``[start, end)`` index in Unicode code
points (Python ``str`` indices) into :attr:`Doc.text`.  Stages only *add* layers;
none of them rewrites ``text`` (normalisation produces match keys, see
:mod:`rasd.normalize`).  :meth:`Doc.to_dict` writes the ``rasd.document/1``
contract (``../shared/spec/document-json.md``) exactly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "rasd.document/1"

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "MISC")
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
QUANTITY_KINDS = ("money", "percent", "count", "measure")
QUALIFIERS = ("eq", "approx", "gt", "ge", "lt", "le", "range")
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STATUSES = ("asserted", "negotiating", "planned", "hypothetical", "negated", "historical")


def content_id(text: str) -> str:
    """Return a stable id for a text: ``"sha1:"`` + the first 16 hex digits of its SHA-1.

    Args:
        text: the document body (str, hashed as UTF-8).
    Returns:
        str such as ``"sha1:3f2a9c0d11e4b7a2"``.
    """
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Token:
    """One whitespace/punctuation-delimited token with its clitic analysis.

    Attributes:
        start, end: character offsets of the whole token in ``Doc.text``.
        text: ``Doc.text[start:end]``.
        key: the normalised match key of the whole token (see ``rasd.normalize.key``).
        stem_start: character offset after the proclitics و ف ب ل ك (and the preposition ل of
            لل); the article ال stays inside ``text[stem_start:end]`` (entity mentions keep it:
            "المغرب"); equals ``start`` when there are no proclitics.
        segments: D3-style segmentation, e.g. ``["ل+", "ال+", "تعاون"]``; proclitics carry a
            trailing ``+``; the elided alef of ال after ل is restored.
        stem_key: normalised key of the stem without proclitics, without the article ال.
        is_latin: True for Latin-script (or digit-led Latin) tokens, kept whole.
    """

    start: int
    end: int
    text: str
    key: str
    stem_start: int
    segments: list[str]
    stem_key: str
    is_latin: bool = False


@dataclass(slots=True)
class Mention:
    """One mention of an entity: ``[start, end)`` without attached proclitics."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Entity:
    """A distinct entity of the document and all its mentions.

    Attributes:
        id: document-local id, ``"E1"``, ``"E2"`` ... in order of first mention.
        type: one of :data:`ENTITY_TYPES`.
        name: English display name when known, else the Arabic surface.
        kb: knowledge-base id (``iso3:MAR``, ``geonames:N``, ``rasd:org/...``) or None.
        mentions: list of :class:`Mention`, sorted by start.
        country: ISO 3166-1 alpha-3 code of the entity's country (a company's home country,
            a city's country), or None; used for actor coding, not part of the contract.
        sector: actor sector hint (GOV, MIL, BUS, MED, IGO ...) or None.
        source: which recogniser produced it ("kb", "pattern", "model").
    """

    id: str
    type: str
    name: str
    kb: str | None
    mentions: list[Mention]
    country: str | None = None
    sector: str | None = None
    source: str = "kb"

    @property
    def start(self) -> int:
        return min(m.start for m in self.mentions)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "type": self.type, "name": self.name, "kb": self.kb,
            "mentions": [m.to_dict() for m in sorted(self.mentions, key=lambda m: m.start)],
        }
        if self.type in ("GPE", "LOC") and self.kb:
            from rasd.link.geo import geo_dict

            geo = geo_dict(self.kb)
            if geo is not None:
                out["geo"] = geo  # extra field: {"lat", "lon"} in degrees (GeoNames)
        return out


@dataclass(slots=True)
class Timex:
    """A TIMEX3 time expression: span, type (DATE|TIME|DURATION|SET) and normalised value.

    ``value`` is a TIMEX3 value string (``2025-08``, ``2025-08-14``, ``2023/2024``, ``P3D``,
    ``PAST_REF`` ...) resolved against the publication date; what no anchor gives stays
    unspecified as TIMEX3 writes it (``XXXX-03-12``, ``XXXX-WXX-2``, ``XXXX-XX-XX``).
    ``attrs`` holds extras (calendar, hijri fields, anchor) that are not in the contract.
    """

    start: int
    end: int
    text: str
    type: str
    value: str | None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "type": self.type, "value": self.value}


@dataclass(slots=True)
class Quantity:
    """A quantity: money (value in units of ``unit``, an ISO 4217 code), percent (the number
    before %), count (number of things, ``unit`` an English plural noun) or measure.

    ``value``/``value_max`` are floats after scale words (مليون = 1e6); ``value_max`` only for
    ranges. ``qualifier`` is one of :data:`QUALIFIERS`.
    """

    start: int
    end: int
    text: str
    kind: str
    value: float
    unit: str | None
    qualifier: str = "eq"
    value_max: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
                "value": float(self.value),
                "value_max": None if self.value_max is None else float(self.value_max),
                "unit": self.unit, "qualifier": self.qualifier}


@dataclass(slots=True)
class Quote:
    """A direct (quoted) or indirect (reported) speech act.

    ``start``/``end`` cover the quoted or reported content only; ``speaker`` is an entity id
    (``"E7"``) or None; ``speaker_text`` the speaker's surface (nearest explicit mention, also
    for ``وأضاف``); ``cue`` the reporting verb as written, without proclitics.
    ``speaker_start``/``speaker_end`` locate ``speaker_text`` (not in the contract).
    """

    start: int
    end: int
    text: str
    direct: bool
    speaker: str | None
    speaker_text: str | None
    cue: str
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_en: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "direct": self.direct,
                "speaker": self.speaker, "speaker_text": self.speaker_text, "cue": self.cue}


@dataclass(slots=True)
class Actor:
    """An event participant: actor code (``ISO3`` or ``ISO3-SECTOR`` or ``IGO-XXX``),
    the entity id it was coded from (or None) and its surface text."""

    code: str | None
    entity: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "entity": self.entity, "text": self.text}


@dataclass(slots=True)
class Event:
    """A PLOVER 2.0 event with CAMEO code and Goldstein value, tied to its evidence span.

    Attributes:
        id: ``"V1"``, ``"V2"`` ...
        type: one of :data:`PLOVER_TYPES`; mode: PLOVER mode or None; contexts: list of str.
        cameo: CAMEO code (str of 2-4 digits) or None; goldstein: Goldstein scale (-10..10).
        actors, recipients: lists of :class:`Actor`.
        location: entity id or None; date: TIMEX3 value or None.
        status: one of :data:`STATUSES`.
        attribution: ``{"source": entity id or None, "text": surface}``, or None when no
            one but the article reports it (serialised as ``{"source": null, "text": null}``,
            the contract's object shape).
        trigger: ``(start, end)`` of the trigger words; evidence: ``(start, end)`` of the clause.
        confidence: 0..1.
    """

    id: str
    type: str
    mode: str | None
    contexts: list[str]
    cameo: str | None
    goldstein: float | None
    actors: list[Actor]
    recipients: list[Actor]
    location: str | None
    date: str | None
    status: str
    attribution: dict[str, Any] | None
    trigger: tuple[int, int]
    evidence: tuple[int, int]
    confidence: float
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, text: str) -> dict[str, Any]:
        ts, te = self.trigger
        es, ee = self.evidence
        out = {
            "id": self.id, "type": self.type, "mode": self.mode, "contexts": list(self.contexts),
            "cameo": self.cameo, "goldstein": self.goldstein,
            "actors": [a.to_dict() for a in self.actors],
            "recipients": [a.to_dict() for a in self.recipients],
            "location": self.location, "date": self.date, "status": self.status,
            "attribution": self.attribution or {"source": None, "text": None},
            "trigger": {"start": ts, "end": te, "text": text[ts:te]},
            "evidence": {"start": es, "end": ee},
            "confidence": round(float(self.confidence), 3),
        }
        if self.attrs.get("arms"):
            # arms-transfer frame (supplier, recipient, system, quantity, value, stage): an
            # extra field beyond the contract's binding ones
            out["arms"] = self.attrs["arms"]
        return out


@dataclass
class Doc:
    """An analysed article.

    Attributes:
        text: the body analysed (after boilerplate removal, never normalised or rewritten).
        id: record id, else :func:`content_id` of ``text``.
        url, title: str or None.
        published: ``YYYY-MM-DD`` or ``YYYY-MM-DDThh:mm:ss±hh:mm`` or None (document creation
            time, the anchor for relative dates).
        language: ISO 639-1 code detected from the script (``"ar"`` for Arabic).
        removed: boilerplate cut from the input: list of ``{"text", "reason"}`` dicts.
        sentences: list of ``(start, end)``; tokens: list of :class:`Token`.
        entities, timexes, quantities, quotes, events: the layers, each a list.
        meta: free-form provenance (source path, line, reader, warnings).
    """

    text: str
    id: str = ""
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str = "ar"
    removed: list[dict[str, str]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    def entity(self, eid: str | None) -> Entity | None:
        """Return the entity with document-local id ``eid`` or None."""
        if eid is None:
            return None
        for e in self.entities:
            if e.id == eid:
                return e
        return None

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """Return the ``(start, end)`` sentence containing character ``offset``.

        Falls back to the whole text when sentences have not been split.
        """
        for s, e in self.sentences:
            if s <= offset < e:
                return (s, e)
        return (0, len(self.text))

    def to_dict(self) -> dict[str, Any]:
        """Serialise to the ``rasd.document/1`` contract (a JSON-ready dict)."""
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "sentences": [[s, e] for s, e in self.sentences],
            "entities": [e.to_dict() for e in self.entities],
            "timexes": [t.to_dict() for t in sorted(self.timexes, key=lambda t: t.start)],
            "quantities": [q.to_dict() for q in sorted(self.quantities, key=lambda q: q.start)],
            "quotes": [q.to_dict() for q in sorted(self.quotes, key=lambda q: q.start)],
            "events": [v.to_dict(self.text) for v in self.events],
        }
        geo_of = {e["id"]: e["geo"] for e in out["entities"] if "geo" in e}
        for v in out["events"]:
            if v["location"] in geo_of:
                v["geo"] = geo_of[v["location"]]  # extra field: where the event happened
        if self.removed:
            out["boilerplate_removed"] = list(self.removed)
        return out
