"""Choice between knowledge-base referents that share a name, by the article's context.

Data: ``rasd/kb/ambiguous.tsv`` (curated): for an ambiguous alias (``طرابلس``, ``عمان``,
``الإسكندرية``, ``جورجيا``) one row per referent, the first row the default, with *marked*
surfaces (diacritics that decide alone: ``عمّان`` = Amman, ``عُمان`` = Oman) and *cues* (words,
phrases or ``iso3:XXX`` = that country is mentioned in the article) that are evidence for it.

Decision for one mention (:func:`choose`):

1. a marked surface (exact string, diacritics kept) decides;
2. else each referent scores one point per distinct cue present in the article and one more per
   cue within :data:`WINDOW` tokens of the mention (``ولاية جورجيا``, ``طرابلس اللبنانية``);
3. the best score wins; a tie (including no evidence) keeps the default (first row).

Names not in the table but shared by several KB places (a GeoNames city and a curated place)
are resolved by :func:`choose_generic`: the only candidate whose country is mentioned in the
article, else the first (the tables' priority order, curated before GeoNames, most populous
first).

Cost: a dict lookup per KB candidate; cue sets are built once per document (:class:`Context`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from rasd.normalize import key

_KB_DIR = Path(__file__).resolve().parent.parent / "kb"
#: Tokens on each side of a mention where a cue counts twice.
WINDOW = 8


@dataclass(frozen=True, slots=True)
class Option:
    """One referent of an ambiguous alias: KB ``id``, ``marked`` surfaces (exact strings),
    ``cues`` (normalised keys; multiword cues keep one space; ``iso3:XXX`` kept as is)."""

    id: str
    marked: frozenset[str]
    cues: tuple[str, ...]


@lru_cache(maxsize=1)
def ambiguous_table() -> dict[str, tuple[Option, ...]]:
    """Map the compact key of an ambiguous alias to its options, default first
    (source: ``rasd/kb/ambiguous.tsv``). Raises ValueError naming the line of a malformed row."""
    from rasd.kb import compact_key

    out: dict[str, list[Option]] = {}
    path = _KB_DIR / "ambiguous.tsv"
    header = True
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        cells = line.split("\t")
        if len(cells) < 4:
            raise ValueError(f"{path}:{no}: expected at least 4 columns")
        alias, eid, marked, cues = (c.strip() for c in cells[:4])
        cue_keys = tuple(c if c.startswith("iso3:") else key(c)
                         for c in cues.split("|") if c.strip())
        out.setdefault(compact_key(alias), []).append(
            Option(eid, frozenset(m for m in marked.split("|") if m), cue_keys))
    return {k: tuple(v) for k, v in out.items()}


class Context:
    """Evidence of one article: word keys (whole token, without proclitics, without the
    article), the space-joined key text for phrases, and the ISO3 codes of countries mentioned.

    Args:
        text: the article text; tokens: its :class:`rasd.doc.Token` list;
        countries: ISO3 codes of countries mentioned (entities or nationality adjectives).
    """

    def __init__(self, text: str, tokens: Sequence, countries: Iterable[str] = ()):
        self.tokens = tokens
        forms: list[set[str]] = []
        words: set[str] = set()
        for t in tokens:
            f = {t.key, t.stem_key}
            if t.stem_start > t.start:
                f.add(key(text[t.stem_start:t.end]))
            forms.append(f)
            words |= f
        self.forms = forms
        self.words = words
        self.joined = " " + " ".join(key(text[t.stem_start:t.end]) for t in tokens) + " "
        self.countries = set(countries)

    def _has(self, cue: str, forms: set[str], joined: str) -> bool:
        if cue.startswith("iso3:"):
            return cue[5:] in self.countries
        if " " in cue:
            return f" {cue} " in joined
        if cue in forms:
            return True
        return cue.startswith("ال") and len(cue) > 4 and cue[2:] in forms

    def score(self, opt: Option, i: int, j: int) -> int:
        """Evidence for ``opt`` around the mention over tokens ``[i, j)`` (see module doc)."""
        lo, hi = max(0, i - WINDOW), min(len(self.tokens), j + WINDOW)
        near: set[str] = set()
        for f in self.forms[lo:i] + self.forms[j:hi]:
            near |= f
        s = 0
        for cue in opt.cues:
            if self._has(cue, self.words, self.joined):
                s += 1
                if not cue.startswith("iso3:") and (
                        cue in near or (cue.startswith("ال") and cue[2:] in near)
                        or (" " in cue and self._near_phrase(cue, lo, i, j, hi))):
                    s += 1
        return s

    def _near_phrase(self, cue: str, lo: int, i: int, j: int, hi: int) -> bool:
        parts = cue.split(" ")
        n = len(parts)
        for rng in (range(lo, i - n + 1), range(j, hi - n + 1)):
            for k in rng:
                if all(parts[x] in self.forms[k + x] for x in range(n)):
                    return True
        return False


def choose(surface: str, ckey: str, i: int, j: int, ctx: Context) -> str | None:
    """KB id for a mention of an ambiguous alias, or None when ``ckey`` is not in the table.

    Args:
        surface: the mention as written (diacritics kept); ckey: its compact key
            (:func:`rasd.kb.compact_key`); i, j: its token span; ctx: the article's evidence.
    """
    opts = ambiguous_table().get(ckey)
    if not opts:
        return None
    for o in opts:
        if surface in o.marked:
            return o.id
    best, best_s = opts[0].id, 0
    for o in opts:
        s = ctx.score(o, i, j)
        if s > best_s:
            best, best_s = o.id, s
    return best


def choose_generic(candidates: Sequence, ctx: Context):
    """Among KB entities sharing an alias (``KBEntity`` objects, priority order), the only one
    whose ``country`` is mentioned in the article, else the first."""
    hits = [c for c in candidates if c.country and c.country in ctx.countries]
    return hits[0] if len(hits) == 1 else candidates[0]


__all__ = ["Context", "Option", "WINDOW", "ambiguous_table", "choose", "choose_generic"]
