"""Brown clusters (Brown et al. 1992) with Liang's windowed algorithm (Liang 2005).

A hierarchical word clustering from a class-bigram language model: words are merged greedily
so that the average mutual information (AMI) of adjacent clusters,

    Q = sum over cluster pairs (c, d) of p(c, d) * log(p(c, d) / (p_left(c) * p_right(d))),

drops as little as possible.  Liang's version keeps only ``n_clusters + 1`` active clusters:
the words are taken by decreasing frequency, each enters as its own cluster, and the pair
whose merge loses the least AMI is merged (phase 1).  The ``n_clusters`` clusters left are
then merged down to one (phase 2); the merge tree gives every word a bit string (its path:
``0`` = the cluster that kept its slot, ``1`` = the one merged into it), and prefixes of
the path are coarser clusters.  NER features use prefixes of 4, 6, 10 and 20 bits (Ratinov
and Roth, CoNLL 2009; Turian et al., ACL 2010).

Sources: P. F. Brown, V. J. Della Pietra, P. V. deSouza, J. C. Lai, R. L. Mercer,
"Class-based n-gram models of natural language", Computational Linguistics 18(4), 1992;
P. Liang, "Semi-supervised learning for natural language", MEng thesis, MIT, 2005 (section
3.2: the windowed algorithm and its O(V C^2) bookkeeping).  This implementation is ours
(NumPy); each step costs O(C^2) array work.

Probabilities: ``p(c, d)`` = bigram count of (a word of c, a word of d) in the same
paragraph / total bigram count, over the words already clustered; ``p_left(c)`` and
``p_right(c)`` are the full left and right marginals of c's words (all their bigrams), as in
Liang's ``wcluster``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np


def _f(p, a, b, xp=np):
    """``p * log(p / (a * b))`` elementwise, 0 where ``p`` is 0 (arrays broadcast; ``xp``
    is the array module, NumPy or CuPy)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = p * xp.log(p / (a * b))
    return xp.where(p > 0, out, 0.0)


class _State:
    """The active clusters of the windowed algorithm: bigram probabilities among them and the
    bookkeeping that makes every merge loss an O(1) look-up (``U``, the sums over third
    clusters of the merged pair's terms).  Slots are reused; ``active`` marks live ones."""

    def __init__(self, cap: int, xp=np):
        self.cap = cap
        self.xp = xp
        self.P = xp.zeros((cap, cap))
        self.pl = xp.ones(cap)          # 1.0 on free slots keeps the logs finite
        self.pr = xp.ones(cap)
        self.active = xp.zeros(cap, dtype=bool)
        self.U = xp.zeros((cap, cap))  # U[i, j] = sum over active d of T(i, j, d)
        self.upper = xp.triu(xp.ones((cap, cap), dtype=bool), k=1)

    def _f(self, p, a, b):
        return _f(p, a, b, self.xp)

    # --- the terms -------------------------------------------------------------------
    def T(self, d: int) -> np.ndarray:
        """T(i, j, d) for every pair (i, j): the AMI terms between the merged pair i+j and a
        third cluster d, both directions (cap x cap)."""
        P, pl, pr = self.P, self.pl, self.pr
        col, row = P[:, d], P[d, :]
        pls = pl[:, None] + pl[None, :]
        prs = pr[:, None] + pr[None, :]
        return self._f(col[:, None] + col[None, :], pls, pr[d]) + self._f(row[:, None] + row[None, :], pl[d], prs)

    def U_row(self, s: int) -> np.ndarray:
        """``sum_d T(s, j, d)`` for every j (over active d), a vector of length cap."""
        P, pl, pr, act = self.P, self.pl, self.pr, self.active
        # rows: p(s+j, d) = P[s, d] + P[j, d]; cols: p(d, s+j) = P[d, s] + P[d, j]
        left = self._f(P[s][None, :] + P, (pl[s] + pl)[:, None], pr[None, :])
        right = self._f(P[:, s][None, :] + P.T, pl[None, :], (pr[s] + pr)[:, None])
        return ((left + right) * act[None, :]).sum(axis=1)

    def losses(self) -> np.ndarray:
        """The AMI lost by merging each pair (cap x cap; +inf where either slot is free, on
        the diagonal and below it)."""
        P, pl, pr, act = self.P, self.pl, self.pr, self.active
        q = self._f(P, pl[:, None], pr[None, :])
        R = q.sum(axis=1) + q.sum(axis=0) - self.xp.diag(q)
        removed = R[:, None] + R[None, :] - q - q.T
        pls = pl[:, None] + pl[None, :]
        prs = pr[:, None] + pr[None, :]
        dg = self.xp.diag(P)
        # T(i, j, i): the pair's terms with i itself; T(i, j, j) is its transpose
        Ti = self._f(dg[:, None] + P.T, pls, pr[:, None]) + self._f(dg[:, None] + P, pl[:, None], prs)
        kk = self._f(dg[:, None] + dg[None, :] + P + P.T, pls, prs)
        added = self.U - Ti - Ti.T + kk
        L = removed - added
        ok = act[:, None] & act[None, :] & self.upper
        return self.xp.where(ok, L, np.inf)

    # --- updates ---------------------------------------------------------------------
    def add(self, s: int, row: np.ndarray, col: np.ndarray, self_p: float, pl: float,
            pr: float) -> None:
        """Activate slot ``s`` with bigram probabilities ``row`` (s -> c), ``col`` (c -> s),
        ``self_p`` (s -> s) and full marginals ``pl``, ``pr``."""
        self.P[s, :] = self.xp.asarray(row)
        self.P[:, s] = self.xp.asarray(col)
        self.P[s, s] = self_p
        self.pl[s], self.pr[s] = pl, pr
        self.active[s] = True
        others = self.active.copy()
        others[s] = False
        # existing pairs gain the terms with the new cluster
        self.U += self.T(s) * (others[:, None] & others[None, :])
        u = self.U_row(s)
        self.U[s, :] = u
        self.U[:, s] = u

    def merge(self, a: int, b: int) -> None:
        """Merge slot ``b`` into slot ``a``; ``b`` becomes free."""
        keep = self.active.copy()
        keep[a] = keep[b] = False
        pairs = keep[:, None] & keep[None, :]
        delta = -self.T(a) - self.T(b)
        P = self.P
        P[a, :] += P[b, :]
        P[:, a] += P[:, b]
        P[b, :] = 0.0
        P[:, b] = 0.0
        self.pl[a] += self.pl[b]
        self.pr[a] += self.pr[b]
        self.pl[b] = self.pr[b] = 1.0
        self.active[b] = False
        delta += self.T(a)
        self.U += delta * pairs
        self.U[b, :] = 0.0
        self.U[:, b] = 0.0
        u = self.U_row(a)
        self.U[a, :] = u
        self.U[:, a] = u

    def best_pair(self) -> tuple[int, int]:
        """The active pair ``(i, j)``, ``i < j``, whose merge loses the least AMI (ties: the
        first in row-major order)."""
        L = self.losses()
        k = int(L.argmin())
        return k // self.cap, k % self.cap


def ami(P: np.ndarray, pl: np.ndarray, pr: np.ndarray) -> float:
    """Q of a cluster bigram matrix ``P`` (k x k) with marginals ``pl``, ``pr`` (length k):
    the reference the incremental bookkeeping is tested against."""
    return float(_f(P, pl[:, None], pr[None, :]).sum())


def count_bigrams(paragraphs: Iterable[Sequence[str]], *, vocab_size: int = 50000,
                  min_count: int = 2, vocab: Sequence[str] | None = None
                  ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The clustering input: the vocabulary and its bigram counts.

    Args:
        paragraphs: token lists (match keys for rasd); bigrams never cross a list's end.
        vocab_size: at most this many of the most frequent tokens (ties by token, so the
            result does not depend on input order beyond counts).
        min_count: tokens seen fewer times are left out, and their bigrams with them.
        vocab: the vocabulary to use instead (in decreasing frequency order, e.g. the word
            table's), overriding ``vocab_size`` and ``min_count``.

    Returns:
        ``(vocab, codes, counts)``: tokens by decreasing frequency; distinct bigrams as
        ``left_index * len(vocab) + right_index`` (int64, sorted) and their counts.
    """
    paras = [list(p) for p in paragraphs]
    if vocab is None:
        freq: Counter[str] = Counter()
        for p in paras:
            freq.update(p)
        vocab = sorted((w for w, c in freq.items() if c >= min_count), key=lambda w: (-freq[w], w))
        vocab = vocab[:vocab_size]
    vocab = list(vocab)
    idx = {w: i for i, w in enumerate(vocab)}
    V = len(vocab)
    chunks = []
    for p in paras:
        ids = np.fromiter((idx.get(w, -1) for w in p), dtype=np.int64, count=len(p))
        if len(ids) > 1:
            x, y = ids[:-1], ids[1:]
            m = (x >= 0) & (y >= 0)
            chunks.append(x[m] * V + y[m])
    if not chunks:
        return vocab, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    uniq, cnt = np.unique(np.concatenate(chunks), return_counts=True)
    return vocab, uniq, cnt


def brown_clusters(paragraphs: Iterable[Sequence[str]], n_clusters: int = 256, *,
                   vocab_size: int = 50000, min_count: int = 2, xp=None, log=None) -> dict:
    """Brown clusters of the tokens of ``paragraphs`` (Liang's windowed algorithm).

    Args:
        paragraphs, vocab_size, min_count: as :func:`count_bigrams`.
        n_clusters: C, the number of leaf clusters (the window is C + 1 active clusters).
        xp: the array module for the O(C^2) steps: NumPy (default) or CuPy (a GPU; the
            same arithmetic in float64, so the same merges up to rounding ties).
        log: optional ``callable(str)`` for progress every 5,000 words.

    Returns:
        ``{"paths": {token: bit string}, "vocab": int, "bigrams": int, "clusters": int,
        "seconds": float}``; the tokens of one leaf cluster share a path, and there are
        ``min(C, vocab)`` distinct paths.

    Raises:
        ValueError: ``n_clusters`` < 2.

    Cost: about 16 C^2 logarithms per word: on one core with NumPy about 29 ms a word at
    C = 256 (a 50,000-word vocabulary: about 25 minutes) and 140 ms at C = 512.
    """
    t0 = time.time()
    vocab, codes, cnt = count_bigrams(paragraphs, vocab_size=vocab_size, min_count=min_count)
    res = cluster_bigrams(vocab, codes, cnt, n_clusters, xp=xp, log=log)
    res["seconds"] = round(time.time() - t0, 1)
    return res


def cluster_bigrams(vocab: Sequence[str], codes: np.ndarray, cnt: np.ndarray, n_clusters: int,
                    *, xp=None, log=None) -> dict:
    """:func:`brown_clusters` from :func:`count_bigrams`' output (the vocabulary must be in
    decreasing frequency order: that is the order words enter the window)."""
    if n_clusters < 2:
        raise ValueError(f"n_clusters must be >= 2, got {n_clusters}")
    xp = np if xp is None else xp
    t0 = time.time()
    V = len(vocab)
    if V == 0 or len(codes) == 0:
        return {"paths": {}, "vocab": V, "bigrams": 0, "clusters": 0,
                "seconds": round(time.time() - t0, 1)}
    N = float(cnt.sum())
    left_w, right_w = codes // V, codes % V
    prob = cnt / N
    pl_w = np.bincount(left_w, weights=prob, minlength=V)
    pr_w = np.bincount(right_w, weights=prob, minlength=V)
    # bigrams by left word and by right word, for the rows of a word entering
    by_left = np.argsort(left_w, kind="stable")
    lstart = np.searchsorted(left_w[by_left], np.arange(V + 1))
    by_right = np.argsort(right_w, kind="stable")
    rstart = np.searchsorted(right_w[by_right], np.arange(V + 1))

    C = min(n_clusters, V)
    cap = C + 1
    st = _State(cap, xp)
    slot_of = np.full(V, -1, dtype=np.int64)
    members: list[list[int]] = [[] for _ in range(cap)]

    def enter(w: int, s: int) -> None:
        slot_of[w] = s
        members[s] = [w]
        row = np.zeros(cap)
        col = np.zeros(cap)
        sel = by_left[lstart[w]:lstart[w + 1]]
        to = slot_of[right_w[sel]]
        self_p = float(prob[sel][right_w[sel] == w].sum())
        m = (to >= 0) & (right_w[sel] != w)
        np.add.at(row, to[m], prob[sel][m])
        sel = by_right[rstart[w]:rstart[w + 1]]
        fr = slot_of[left_w[sel]]
        m = (fr >= 0) & (left_w[sel] != w)
        np.add.at(col, fr[m], prob[sel][m])
        st.add(s, row, col, self_p, float(pl_w[w]), float(pr_w[w]))

    for w in range(C):
        enter(w, w)
    free = C  # the one spare slot
    for w in range(C, V):
        enter(w, free)
        a, b = st.best_pair()
        st.merge(a, b)
        for x in members[b]:
            slot_of[x] = a
        members[a] += members[b]
        members[b] = []
        free = b
        if log and (w + 1) % 5000 == 0:
            log(f"brown: {w + 1}/{V} words, {time.time() - t0:.0f} s")
    # phase 2: the leaf clusters merged down to one; the merge tree gives the paths
    live = [s for s in range(cap) if members[s]]
    bits: dict[int, list[str]] = {s: [] for s in live}
    under: dict[int, list[int]] = {s: [s] for s in live}
    for _ in range(len(live) - 1):
        a, b = st.best_pair()
        for leaf in under[a]:
            bits[leaf].append("0")
        for leaf in under[b]:
            bits[leaf].append("1")
        under[a] += under.pop(b)
        st.merge(a, b)
    paths: dict[str, str] = {}
    for leaf in live:
        path = "".join(reversed(bits[leaf])) or "0"
        for w in members[leaf]:
            paths[vocab[w]] = path
    return {"paths": paths, "vocab": V, "bigrams": int(N), "clusters": len(live),
            "seconds": round(time.time() - t0, 1)}


def write_paths(paths: dict[str, str], out_path: str | Path) -> None:
    """Write ``token<TAB>path`` lines (Liang's ``paths`` file without the count column),
    sorted by path then token."""
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.writelines(f"{w}\t{p}\n" for w, p in sorted(paths.items(), key=lambda kv: (kv[1], kv[0])))


def read_paths(path: str | Path) -> dict[str, str]:
    """Read a file written by :func:`write_paths` (or Liang's ``paths``: path, token[, count])."""
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            a, b = parts[0], parts[1]
            if set(a) <= {"0", "1"} and not set(b) <= {"0", "1"}:
                a, b = b, a  # Liang's column order
            out[a] = b
    return out
