"""Cross-article event clusters: the same event reported by several outlets, or repeated later,
becomes one cluster with all its mentions (like GDELT's events and mentions tables, without the
duplicate events).

:func:`merge_events` rebuilds the ``event_clusters`` and ``event_mentions`` tables of a
:class:`rasd.store.sqlite.Store` from its ``events``.  Two event mentions join one cluster when

* they have the same PLOVER type and mode;
* they have the same participant countries: the same actor countries and the same recipient
  countries, or, for reciprocal types (CONSULT, COOPERATE, AGREE, SUPPORT), the same set of
  countries on either side.  Mentions with no coded country at all are never merged;
* their dates are compatible: each date is read as an interval (a day, a whole month, a whole
  year; the document's publication date when the event has none); two day-grain dates may be up
  to ``window_days`` apart, coarser dates must overlap (same month for a month-grain date);
* their evidence is similar enough: the rapidfuzz ``token_set_ratio`` (0..100) of the
  normalised evidence keys (:func:`rasd.normalize.key`) must reach a threshold that grows as the
  dates get vaguer: :data:`SIM_SAME_DAY` for the same day, :data:`SIM_WINDOW` within the window,
  :data:`SIM_MONTH` for month-grain and :data:`SIM_YEAR` for year-grain dates;
* they come from different documents (the extractor already merged the mentions of one article);
* a mention with no coded actor (or, for a directed type, no coded recipient) needs at least
  :data:`SIM_PARTIAL` similarity whatever its date.

Each mention joins the compatible cluster whose mentions are most similar (greedy, in date
order).  The cluster's canonical fields are the most frequent values of its mentions (actor and
recipient code, CAMEO code, status); its date is the most precise date reported by most
mentions; ``first_seen``/``last_seen`` are the earliest and latest publication dates;
``n_sources`` counts distinct outlets (the host of the URL, else the input source, else the
document id).  Cost: one pass over the events sorted by date within blocks of equal
(type, mode, participants), comparing each mention with the clusters still open in its window.
"""

from __future__ import annotations

import calendar
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlparse

from rasd.eval.schema import code_country

#: Minimum evidence similarity (rapidfuzz token_set_ratio, 0..100) by date agreement.
SIM_SAME_DAY = 30.0
SIM_WINDOW = 50.0
SIM_MONTH = 55.0
SIM_YEAR = 70.0
#: Minimum similarity when the mention lacks its actor or (directed types) its recipient.
SIM_PARTIAL = 70.0
#: Reciprocal PLOVER types: participants compared as one set (see rasd.events.rules.SYMMETRIC).
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT"})
#: Most days between two mentions when one of them has no date of its own.
UNDATED_WINDOW = 2
#: At most this many mentions of a cluster are compared with a new mention.
MAX_COMPARED = 6


@dataclass(slots=True)
class _Mention:
    doc_id: str
    vid: str
    type: str
    mode: str | None
    cameo: str | None
    goldstein: float | None
    actor_code: str | None
    recipient_code: str | None
    actors: frozenset
    recipients: frozenset
    date: str | None
    date_key: str | None
    status: str | None
    published: str | None
    url: str | None
    source: str
    lo: date
    hi: date
    grain: int  # 3 day, 2 month, 1 year
    evkey: str
    own_date: bool = True  # False: dated by the article's publication date only


@dataclass(slots=True)
class _Cluster:
    mentions: list[_Mention] = field(default_factory=list)
    sims: list[float] = field(default_factory=list)
    hi: date = date.min
    docs: set[str] = field(default_factory=set)


def interval(value: str | None) -> tuple[date, date, int] | None:
    """The calendar interval of a date key: ``(first day, last day, grain)`` with grain 3 for a
    day, 2 for a month, 1 for a year; None when ``value`` has no year.

    >>> interval("2025-08")
    (datetime.date(2025, 8, 1), datetime.date(2025, 8, 31), 2)
    """
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    try:
        y = int(value[:4])
        if len(value) >= 10:
            d = date(y, int(value[5:7]), int(value[8:10]))
            return d, d, 3
        if len(value) >= 7:
            m = int(value[5:7])
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), 2
        return date(y, 1, 1), date(y, 12, 31), 1
    except ValueError:
        return None


def outlet(url: str | None, source: str | None, doc_id: str) -> str:
    """The outlet of a document: the host of its URL without ``www.``, else its input source,
    else its id."""
    if url:
        host = urlparse(url).netloc.lower()
        if host:
            return host[4:] if host.startswith("www.") else host
    return source or doc_id


def _threshold(a: _Mention, b: _Mention, window: int) -> float | None:
    """Similarity needed for ``a`` and ``b`` to be one event, or None when their dates differ."""
    if not (a.own_date and b.own_date):
        # a publication date only approximates the event's date: a short window and
        # month-grade similarity
        if a.grain == 3 and b.grain == 3:
            if abs((a.lo - b.lo).days) > min(window, UNDATED_WINDOW):
                return None
        elif a.lo > b.hi or b.lo > a.hi:
            return None
        return SIM_MONTH if min(a.grain, b.grain) >= 2 else SIM_YEAR
    if a.grain == 3 and b.grain == 3:
        gap = abs((a.lo - b.lo).days)
        if gap > window:
            return None
        return SIM_SAME_DAY if gap == 0 else SIM_WINDOW
    if a.lo > b.hi or b.lo > a.hi:
        return None
    return SIM_YEAR if min(a.grain, b.grain) == 1 else SIM_MONTH


def _load(conn: Any) -> list[_Mention]:
    from rasd.normalize import key
    from rasd.store.sqlite import date_key

    parts: dict[tuple[str, str], tuple[set, set]] = defaultdict(lambda: (set(), set()))
    for r in conn.execute("SELECT doc_id, vid, role, country FROM event_actors "
                          "WHERE country IS NOT NULL"):
        parts[(r[0], r[1])][0 if r[2] == "actor" else 1].add(r[3])
    out = []
    sql = ("SELECT e.doc_id, e.vid, e.type, e.mode, e.cameo, e.goldstein, e.actor_code, "
           "e.recipient_code, e.date, e.date_key, e.status, d.published, d.url, d.source, "
           "substr(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start) "
           "FROM events e JOIN documents d ON d.id = e.doc_id")
    for r in conn.execute(sql):
        a, b = parts.get((r[0], r[1]), (set(), set()))
        dk = r[9] or (r[11] or "")[:10] or None
        own = interval(date_key(r[8])) is not None
        iv = interval(dk)
        if iv is None:
            iv = (date.min, date.min, 0)
        out.append(_Mention(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], frozenset(a),
                            frozenset(b), r[8], r[9], r[10], r[11], r[12],
                            outlet(r[12], r[13], r[0]), iv[0], iv[1], iv[2], key(r[14] or ""),
                            own))
    return out


def build_clusters(mentions: list[Any], window_days: int = 7) -> list[_Cluster]:
    """Group mentions into clusters (rules in the module docstring); returns the clusters in
    order of their first mention's date."""
    from rapidfuzz.fuzz import token_set_ratio

    blocks: dict[tuple, list[_Mention]] = defaultdict(list)
    singles: list[_Cluster] = []
    for m in mentions:
        if (not m.actors and not m.recipients) or m.grain == 0:
            singles.append(_Cluster([m], [100.0], m.hi, {m.doc_id}))
            continue
        parts = (m.actors | m.recipients,) if m.type in SYMMETRIC else (m.actors, m.recipients)
        blocks[(m.type, m.mode, parts)].append(m)
    out: list[_Cluster] = []
    pad = timedelta(days=window_days)
    for ms in blocks.values():
        ms.sort(key=lambda m: (m.lo, -m.grain, m.published or "", m.doc_id, m.vid))
        open_: list[_Cluster] = []
        for m in ms:
            open_ = [c for c in open_ if c.hi + pad >= m.lo]
            # one side unknown ("حذر ... الشركات الأمريكية" with no coded speaker): the
            # participants say little, the wording must say more
            partial = not m.actors or (m.type not in SYMMETRIC and not m.recipients)
            best, best_sim = None, -1.0
            for c in open_:
                if m.doc_id in c.docs:
                    continue
                need = None
                sim = -1.0
                for o in c.mentions[:MAX_COMPARED]:
                    t = _threshold(m, o, window_days)
                    if t is None:
                        continue
                    if partial:
                        t = max(t, SIM_PARTIAL)
                    s = token_set_ratio(m.evkey, o.evkey)
                    if s >= t and s > sim:
                        sim, need = s, t
                if need is not None and sim > best_sim:
                    best, best_sim = c, sim
            if best is None:
                c = _Cluster([m], [100.0], m.hi, {m.doc_id})
                open_.append(c)
                out.append(c)
            else:
                best.mentions.append(m)
                best.sims.append(best_sim)
                best.docs.add(m.doc_id)
                best.hi = max(best.hi, m.hi)
    out.extend(singles)
    out.sort(key=lambda c: (c.mentions[0].lo, c.mentions[0].doc_id, c.mentions[0].vid))
    return out


def _most(values: list[Any]) -> Any:
    vals = [v for v in values if v not in (None, "")]
    if not vals:
        return None
    return Counter(vals).most_common(1)[0][0]


def merge_events(conn: Any, window_days: int = 7) -> int:
    """Rebuild ``event_clusters`` and ``event_mentions`` from ``events`` in one transaction.

    Args:
        conn: the store's sqlite3 connection (autocommit mode).
        window_days: most days between two day-grain dates of one event.
    Returns:
        The number of clusters written (every event is in exactly one cluster).
    """
    mentions = _load(conn)
    clusters = build_clusters(mentions, window_days)
    crow, mrow = [], []
    for n, c in enumerate(clusters, 1):
        ms = c.mentions
        grain = max(m.grain for m in ms)
        precise = [m for m in ms if m.grain == grain]
        date_v = _most([m.date for m in precise]) or _most([m.date for m in ms])
        rep = next((m for m in precise if m.date == date_v), precise[0])
        pubs = sorted(p for p in (m.published for m in ms) if p)
        ac = _most([m.actor_code for m in ms])
        rc = _most([m.recipient_code for m in ms])
        crow.append((n, rep.type, rep.mode, _most([m.cameo for m in ms]), rep.goldstein,
                     ac, code_country(ac), rc, code_country(rc), date_v,
                     _most([m.date_key for m in precise]) or rep.date_key,
                     _most([m.status for m in ms]), pubs[0] if pubs else None,
                     pubs[-1] if pubs else None, len(ms), len({m.source for m in ms}),
                     rep.doc_id, rep.vid))
        for m, s in zip(ms, c.sims):
            mrow.append((n, m.doc_id, m.vid, m.source, m.url, m.published, round(s, 1)))
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM event_mentions")
        conn.execute("DELETE FROM event_clusters")
        conn.executemany(f"INSERT INTO event_clusters VALUES ({','.join('?' * 18)})", crow)
        conn.executemany("INSERT INTO event_mentions VALUES (?,?,?,?,?,?,?)", mrow)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(crow)


def _json_or(v: str | None, default: Any) -> Any:
    return json.loads(v) if v else default
