"""Compiled inner loops of the name taggers: the BiLSTM gates, CRF forward-backward and BIO
Viterbi, over *flat* token arrays (all sentences of a batch one after another).

The loops are C (``rasd/ner/_kernels.c``), built by ``setup.py`` into the package when it is
installed (an optional extension: without a C compiler the package still installs) and
called through :mod:`ctypes`; the recurrent matrix products stay with NumPy's BLAS.  Where the
library is missing (or ``RASD_NO_KERNELS`` is set), :data:`AVAILABLE` is ``False`` and the
callers (:mod:`rasd.ner.neural`, :mod:`rasd.ner.crf`) use their NumPy code, which gives the
same results to float32 rounding (``tests/test_ner_kernels.py`` checks one against the other).

Flat layout: ``X`` is ``(n_tokens, k)``; sentence ``s`` covers rows
``starts[s] : starts[s] + lens[s]``; ``starts``/``lens`` are ``int64`` arrays.  Sentences are
independent: no state crosses a sentence boundary.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import os
from pathlib import Path

import numpy as np

_HERE = Path(__file__).resolve().parent


def _load():
    """The compiled library, or None (not built, or disabled by ``RASD_NO_KERNELS``)."""
    if os.environ.get("RASD_NO_KERNELS"):
        return None
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = _HERE / f"_kernels{suffix}"
        if path.exists():
            try:
                lib = ctypes.CDLL(str(path))
            except OSError:  # pragma: no cover - a broken or foreign build
                return None
            vp, i64 = ctypes.c_void_p, ctypes.c_int64
            lib.rasd_lstm_step.argtypes = [vp, vp, vp, vp, vp, i64, i64, i64, vp, vp, vp, vp, vp]
            lib.rasd_lstm_step.restype = None
            lib.rasd_lstm_bidir.argtypes = [vp, vp, vp, i64, vp, i64, vp]
            lib.rasd_lstm_bidir.restype = ctypes.c_int
            lib.rasd_crf_marginals.argtypes = [vp, vp, vp, i64, i64, vp, vp]
            lib.rasd_crf_marginals.restype = ctypes.c_int
            lib.rasd_viterbi.argtypes = [vp, vp, vp, i64, i64, vp, vp, vp]
            lib.rasd_viterbi.restype = ctypes.c_int
            return lib
    return None


_LIB = _load()
#: whether the compiled kernels are loaded (else the NumPy code runs)
AVAILABLE = _LIB is not None


def _ptr(a) -> int:
    return a.ctypes.data


def _check_layout(n_rows: int, starts, lens) -> None:
    """The C code trusts the layout: refuse one that would read or write outside the arrays.

    Raises:
        ValueError: ``starts``/``lens`` differ in length, hold a negative value, or run past
            ``n_rows``.
    """
    if len(starts) != len(lens):
        raise ValueError(f"starts ({len(starts)}) and lens ({len(lens)}) differ in length")
    if len(lens) and (int(np.min(starts)) < 0 or int(np.min(lens)) < 0
                      or int(np.max(np.asarray(starts) + np.asarray(lens))) > n_rows):
        raise ValueError(f"sentence layout runs outside the {n_rows} token rows")


def _c(a, dtype):
    return np.ascontiguousarray(a, dtype=dtype)


def flat_starts(lens):
    """Row where each sentence starts in the flat layout: ``(n_sentences,)`` int64, the
    exclusive running sum of ``lens`` (token counts)."""
    lens = np.asarray(lens, dtype=np.int64)
    return np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64) if len(lens) \
        else np.zeros(0, dtype=np.int64)


def join_rows(arrays, width: int, dtype=np.float64):
    """Per-sentence ``(n_i, width)`` arrays -> ``(flat (sum n_i, width), starts, lens)`` in the
    flat layout (empty sentences keep a zero length)."""
    lens = np.array([len(a) for a in arrays], dtype=np.int64)
    flat = (np.concatenate([np.asarray(a, dtype=dtype).reshape(-1, width) for a in arrays])
            if lens.sum() else np.zeros((0, width), dtype=dtype))
    return flat, flat_starts(lens), lens


def split_rows(flat, lens) -> list:
    """The flat layout back to one slice per sentence (``lens``: token counts, in order)."""
    out, i = [], 0
    for n in lens:
        n = int(n)
        out.append(flat[i:i + n])
        i += n
    return out


def _flat_input(X, starts, lens):
    """``X`` as contiguous float64 and the layout as int64, checked for the C code.

    Raises:
        RuntimeError: the kernels are not available.
        ValueError: the layout runs outside ``X`` (:func:`_check_layout`).
    """
    if _LIB is None:
        raise RuntimeError("rasd's compiled kernels are not built")
    X = _c(X, np.float64)
    st, ln = _c(starts, np.int64), _c(lens, np.int64)
    _check_layout(X.shape[0], st, ln)
    return X, st, ln


_PANELS: dict[int, tuple] = {}


def _panels(rec):
    """``rec`` ``(2, H, G)`` repacked in column panels of 32, ``(2, G / 32, H, 32)``
    contiguous (the layout of ``rasd_lstm_bidir``); kept for the last few weight arrays."""
    hit = _PANELS.get(id(rec))
    if hit is not None and hit[0] is rec:
        return hit[1]
    H, G = rec.shape[1], rec.shape[2]
    packed = _c(np.asarray(rec, dtype=np.float32).reshape(2, H, G // 32, 32).transpose(0, 2, 1, 3),
                np.float32)
    if len(_PANELS) > 4:
        _PANELS.clear()
    _PANELS[id(rec)] = (rec, packed)
    return packed


def lstm_bidir(P, starts, lens, rec):
    """Both directions of a one-layer bidirectional LSTM over flat input projections, as
    packed sequences: sentences sorted by length, so at step ``t`` the active ones are a
    prefix and no padding is computed.  One compiled call runs everything (register-blocked
    recurrent products, then the gates); for a hidden size that is not a multiple of 8, one
    BLAS product per direction and step, then one compiled call for the gates.

    Args:
        P: ``(n_tokens, 8H)`` float32: per token the input times each direction's input
            weights plus biases (forward ``[:4H]``, backward ``[4H:]``), gate rows in the order
            ``i f o g`` with the ``i f o`` rows halved (see
            :meth:`rasd.ner.neural.NeuralTagger._prepare_lstm`).
        starts, lens: ``(n_sentences,)`` int64, the flat layout (module docstring).
        rec: ``(2, H, 4H)`` float32 recurrent weights (``h @ rec[d]``), same order and scaling.

    Returns:
        ``(n_tokens, 2H)`` float32 hidden states: forward then backward, as PyTorch's
        bidirectional LSTM output.

    Raises:
        RuntimeError: the kernels are not available (check :data:`AVAILABLE`).
        ValueError: the layout or shapes do not fit (the C code never reads outside).
    """
    if _LIB is None:
        raise RuntimeError("rasd's compiled kernels are not built")
    H = rec.shape[1]
    G = 4 * H
    P = _c(P, np.float32)
    out = np.zeros((P.shape[0], 2 * H), dtype=np.float32)
    starts = np.asarray(starts, dtype=np.int64)
    lens = np.asarray(lens, dtype=np.int64)
    _check_layout(P.shape[0], starts, lens)
    if P.shape[1] != 2 * G:
        raise ValueError(f"input projections have {P.shape[1]} columns, expected {2 * G}")
    keep = lens > 0
    starts, lens = starts[keep], lens[keep]
    if not len(lens):
        return out
    order = np.argsort(-lens, kind="stable")
    st = _c(starts[order], np.int64)
    ln = _c(lens[order], np.int64)
    B = len(ln)
    T = int(ln[0])
    # number of sentences still running at each step (ln is descending)
    active = (B - np.searchsorted(ln[::-1], np.arange(T), side="right")).tolist()
    rc = _panels(rec) if G % 32 == 0 else None
    if rc is not None and _LIB.rasd_lstm_bidir(_ptr(P), _ptr(st), _ptr(ln), B, _ptr(rc), H, _ptr(out)) == 0:
        return out
    # H not a multiple of 8 (no shipped model): BLAS products per step, gates in C
    Rf, Rb = _c(rec[0], np.float32), _c(rec[1], np.float32)
    hf, hb, cf, cb = (np.zeros((B, H), dtype=np.float32) for _ in range(4))
    zf = np.empty((B, G), dtype=np.float32)
    zb = np.empty((B, G), dtype=np.float32)
    step = _LIB.rasd_lstm_step
    ptrs = [_ptr(a) for a in (zf, zb, P, st, ln)]
    tail = [H, *(_ptr(a) for a in (cf, cb, hf, hb, out))]
    mm = np.matmul
    for t in range(T):
        n = active[t]
        mm(hf[:n], Rf, out=zf[:n])
        mm(hb[:n], Rb, out=zb[:n])
        step(*ptrs, t, n, *tail)
    return out


def crf_marginals(E, starts, lens, trans):
    """Per-token label marginals of a linear-chain CRF (scaled forward-backward in float64;
    no start/end transitions, as CRFsuite).

    Args:
        E: ``(n_tokens, L)`` state scores (log space), flat layout.
        starts, lens: ``(n_sentences,)`` int64.
        trans: ``(L, L)`` transition scores, ``trans[from, to]``.

    Returns:
        ``(n_tokens, L)`` float32 probabilities (rows sum to 1).

    Raises:
        RuntimeError: the kernels are not available, or out of memory.
        ValueError: the layout or shapes do not fit (the C code never reads outside).
    """
    E, st, ln = _flat_input(E, starts, lens)
    N, L = E.shape
    tr = _c(trans, np.float64)
    if tr.shape != (L, L):
        raise ValueError(f"transitions have shape {tr.shape}, expected {(L, L)}")
    out = np.zeros((N, L), dtype=np.float32)
    if _LIB.rasd_crf_marginals(_ptr(E), _ptr(st), _ptr(ln), len(st), L, _ptr(tr), _ptr(out)):
        raise RuntimeError("crf_marginals: out of memory")
    return out


def viterbi(X, starts, lens, allowed, start_ok):
    """Best label sequence per sentence under hard transition constraints.

    Args:
        X: ``(n_tokens, L)`` per-token label scores (log space), flat layout.
        starts, lens: ``(n_sentences,)`` int64.
        allowed: ``(L, L)`` bool, ``allowed[from, to]``.
        start_ok: ``(L,)`` bool, label allowed first in a sentence.

    Returns:
        ``(n_tokens,)`` int64 label indices.  Ties go to the lowest index, as NumPy's
        ``argmax``.

    Raises:
        RuntimeError: the kernels are not available, or out of memory.
        ValueError: the layout or shapes do not fit (the C code never reads outside).
    """
    X, st, ln = _flat_input(X, starts, lens)
    N, L = X.shape
    al = _c(allowed, np.uint8)
    so = _c(start_ok, np.uint8)
    if al.shape != (L, L) or so.shape != (L,):
        raise ValueError(f"constraints have shapes {al.shape} / {so.shape}, expected {(L, L)} / {(L,)}")
    best = np.zeros(N, dtype=np.int64)
    if _LIB.rasd_viterbi(_ptr(X), _ptr(st), _ptr(ln), len(st), L, _ptr(al), _ptr(so), _ptr(best)):
        raise RuntimeError("viterbi: out of memory")
    return best
