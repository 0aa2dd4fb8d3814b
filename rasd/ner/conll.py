"""CoNLL reading and entity-level scoring for named-entity recognition.

Format read: UTF-8 text, one ``token TAG`` per line (the token is everything before the last
space-separated field(s); extra tags, as in Wojood's nested layers, are kept), a blank line
between sentences.  This is the format of ANERcorp (CAMeL Lab split), AQMAR and Wojood.

Scoring follows conlleval / seqeval (default, non-strict mode): BIO chunks are read with the
conlleval rules (an ``I-X`` after ``O`` or after a chunk of another type starts a new chunk),
and a predicted entity counts only when its token span *and* its type equal a gold entity.
Micro-averaged precision, recall and F1 are over all entity types together; per-type figures
are given as well.  Figures are percentages (0-100).

Type names are mapped to rasd's inventory with :data:`TYPE_MAP` (``PERS`` -> ``PER``, ``MIS``
-> ``MISC``) before scoring, so the scorer compares like with like across corpora.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

#: Corpus type names -> rasd type names (ANERcorp/Wojood ``PERS``, AQMAR ``MIS``).
TYPE_MAP = {"PERS": "PER", "PER": "PER", "MIS": "MISC", "MISC": "MISC", "ORG": "ORG", "LOC": "LOC"}


def map_tag(tag: str, type_map: dict[str, str] | None = None) -> str:
    """Map a BIO tag's type through ``type_map`` (default :data:`TYPE_MAP`).

    ``"B-PERS"`` -> ``"B-PER"``; unknown types are kept as they are; ``"O"`` stays ``"O"``.
    Malformed prefixes (anything but ``B``/``I``) are read as ``I``, as conlleval does.
    """
    if tag == "O" or not tag:
        return "O"
    tm = TYPE_MAP if type_map is None else type_map
    if len(tag) > 2 and tag[1] == "-":
        prefix, typ = tag[0], tag[2:]
    else:  # bare type, e.g. "PERS"
        prefix, typ = "I", tag
    if prefix not in ("B", "I"):
        prefix = "I"
    return f"{prefix}-{tm.get(typ, typ)}"


def _read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file (a BOM is dropped).

    Raises:
        OSError: the file cannot be read.
        rasd.errors.InputError: the file is not UTF-8 (code ``encoding``).
    """
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.readlines()
    except UnicodeDecodeError as e:
        from rasd.errors import InputError

        raise InputError(f"not UTF-8 text (byte {e.start}); CoNLL files must be UTF-8",
                         str(path), code="encoding") from e


#: a tag field: ASCII starting with a Latin letter: ``O``, ``B-PER``, a bare type (``PERS``, read
#: as ``I-`` as conlleval does) or the odd forms real corpora hold (``B-Population-Center``,
#: ``B-MIS-1`` in AQMAR); an Arabic word (a text file passed as CoNLL) is an error
_TAG_RE = re.compile(r"[A-Za-z][\x21-\x7e]*")


def read_conll(path: str | Path, *, layer: int = 0, map_types: bool = True,
               keep_types: Iterable[str] | None = None) -> list[tuple[list[str], list[str]]]:
    """Read a CoNLL file into sentences.

    Args:
        path: the file (UTF-8).
        layer: which tag column to keep when a line has several (Wojood nesting); a line with
            fewer tags than ``layer + 1`` gets ``O``.
        map_types: map type names through :data:`TYPE_MAP`.
        keep_types: if given, tags of other types become ``O`` (after mapping), e.g.
            ``{"PER", "ORG", "LOC", "GPE"}`` for Wojood.

    Returns:
        list of ``(tokens, tags)`` pairs, one per sentence, equal lengths.

    Fields are separated by spaces or tabs (``word TAG`` or ``word<TAB>TAG``).

    Raises:
        OSError: the file cannot be read.
        rasd.errors.InputError: the file is not UTF-8 (code ``encoding``), or a line's tag field
            is not a tag (code ``conll``, with the line number).
    """
    keep = set(keep_types) if keep_types is not None else None
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    for no, raw in enumerate(_read_lines(path), 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            if toks:
                sents.append((toks, tags))
                toks, tags = [], []
            continue
        parts = line.split()
        # token is the first field; tags are the remaining fields that look like tags
        tok = parts[0]
        tag_fields = [p for p in parts[1:] if p]
        if not tag_fields:
            tok, tag_fields = line, ["O"]
        tag = tag_fields[layer] if layer < len(tag_fields) else "O"
        if not _TAG_RE.fullmatch(tag):
            from rasd.errors import InputError

            raise InputError(f"line {no}: {tag!r} is not a BIO tag (expected 'word TAG' lines "
                             "such as 'بغداد B-LOC', a blank line between sentences)",
                             str(path), code="conll")
        if map_types:
            tag = map_tag(tag)
        if keep is not None and tag != "O" and tag[2:] not in keep:
            tag = "O"
        toks.append(tok)
        tags.append(tag)
    if toks:
        sents.append((toks, tags))
    return sents


def read_conll_multi(path: str | Path, keep_types: Iterable[str]) -> list[tuple[list[str], list[list[str]]]]:
    """Read a nested (multi-column) CoNLL file: every tag column is kept.

    Returns ``(tokens, layers)`` per sentence where ``layers[k]`` is the k-th tag column
    (``O``-padded), with types mapped through :data:`TYPE_MAP` and other types set to ``O``.
    Used to score a flat tagger against nested gold: a predicted entity is correct when it
    equals a gold entity of *any* layer (see :func:`entities_multi`).
    """
    keep = set(keep_types)
    out: list[tuple[list[str], list[list[str]]]] = []
    toks: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if toks:
            depth = max(len(r) for r in rows)
            layers = [[(r[k] if k < len(r) else "O") for r in rows] for k in range(depth)]
            out.append((list(toks), layers))
            toks.clear()
            rows.clear()

    for raw in _read_lines(path):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            flush()
            continue
        parts = line.split()
        toks.append(parts[0])
        tags = []
        for t in parts[1:] or ["O"]:
            t = map_tag(t)
            tags.append(t if t == "O" or t[2:] in keep else "O")
        rows.append(tags)
    flush()
    return out


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """BIO tags -> entity chunks ``(start, end, type)`` over token indices, end exclusive.

    conlleval rules: a chunk starts at ``B-X``, or at ``I-X`` when the previous tag is ``O``
    or of another type; it ends before ``O``, ``B-*`` or a tag of another type.
    """
    out: list[tuple[int, int, str]] = []
    start = -1
    cur = ""
    for i, tag in enumerate(tags):
        if tag == "O" or not tag:
            if cur:
                out.append((start, i, cur))
            cur = ""
            continue
        prefix, typ = tag[0], tag[2:]
        if prefix == "B" or typ != cur:
            if cur:
                out.append((start, i, cur))
            start, cur = i, typ
    if cur:
        out.append((start, len(tags), cur))
    return out


def score(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """Entity-level micro P/R/F1 (percent), overall and per type.

    Args:
        gold, pred: per sentence, the BIO tag sequences (same lengths sentence by sentence).

    Returns:
        ``{"precision", "recall", "f1", "gold", "pred", "correct", "per_type": {TYPE: {...}}}``.

    Raises:
        ValueError: a sentence's gold and predicted lengths differ.
    """
    g_by: Counter[str] = Counter()
    p_by: Counter[str] = Counter()
    c_by: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError(f"length mismatch: gold {len(g)} vs pred {len(p)}")
        gc = set(chunks(g))
        pc = set(chunks(p))
        _tally(gc, pc, g_by, p_by, c_by)
    return _prf_table(g_by, p_by, c_by)


def score_multi(gold_layers: Sequence[Sequence[Sequence[str]]], pred: Sequence[Sequence[str]],
                types: Iterable[str]) -> dict:
    """Score flat predictions against nested gold (several tag layers per sentence).

    Gold entities are the union of the chunks of all layers, restricted to ``types``; a
    predicted entity is correct when it equals one of them (span and type).  Output as
    :func:`score`.
    """
    keep = set(types)
    g_by: Counter[str] = Counter()
    p_by: Counter[str] = Counter()
    c_by: Counter[str] = Counter()
    for layers, p in zip(gold_layers, pred, strict=True):
        gc = {c for lay in layers for c in chunks(lay) if c[2] in keep}
        pc = {c for c in chunks(p) if c[2] in keep}
        _tally(gc, pc, g_by, p_by, c_by)
    return _prf_table(g_by, p_by, c_by)


def _tally(gc: set[tuple[int, int, str]], pc: set[tuple[int, int, str]], g_by: Counter[str],
           p_by: Counter[str], c_by: Counter[str]) -> None:
    """Add one sentence's gold chunks ``gc`` and predicted chunks ``pc`` (``(start, end, type)``
    in tokens, as :func:`chunks` gives) to the per-type gold, predicted and correct counters."""
    for c in gc:
        g_by[c[2]] += 1
    for c in pc:
        p_by[c[2]] += 1
    for c in gc & pc:
        c_by[c[2]] += 1


def _prf(g: int, p: int, c: int) -> dict:
    pr = 100.0 * c / p if p else 0.0
    rc = 100.0 * c / g if g else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return {"precision": round(pr, 2), "recall": round(rc, 2), "f1": round(f1, 2),
            "gold": g, "pred": p, "correct": c}


def _prf_table(g_by: Counter, p_by: Counter, c_by: Counter) -> dict:
    res = _prf(sum(g_by.values()), sum(p_by.values()), sum(c_by.values()))
    res["per_type"] = {t: _prf(g_by[t], p_by[t], c_by[t]) for t in sorted(set(g_by) | set(p_by))}
    return res
