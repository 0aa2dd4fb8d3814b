"""The compiled kernels (rasd/ner/_kernels.c) against the NumPy code they replace: same
BiLSTM states, CRF marginals and BIO Viterbi paths on random inputs, and the same tags from
the shipped taggers with and without them."""

import numpy as np
import pytest

from rasd.ner import crf as C
from rasd.ner import kernels as K
from rasd.ner import neural as N

needs_kernels = pytest.mark.skipif(not K.AVAILABLE, reason="compiled kernels not built (no C compiler at install)")


def _layout(rng, n_sent, lo=1, hi=40):
    lens = rng.integers(lo, hi, size=n_sent).astype(np.int64)
    lens[0] = 0  # an empty sentence is allowed and contributes no rows
    return K.flat_starts(lens), lens, int(lens.sum())


def _lstm_case(seed, H, n_sent, scale):
    """A random flat layout with input projections ``P`` and stacked recurrent weights."""
    rng = np.random.default_rng(seed)
    starts, lens, n = _layout(rng, n_sent)
    P = rng.normal(size=(n, 8 * H)).astype(np.float32)
    rec = (rng.normal(size=(2, H, 4 * H)) * scale).astype(np.float32)
    return starts, lens, n, P, rec


@needs_kernels
def test_lstm_matches_numpy():
    H = 16
    starts, lens, n, P, rec = _lstm_case(1, H, 9, 0.3)
    got = K.lstm_bidir(P, starts, lens, rec)

    # reference: the plain LSTM equations, sentence by sentence, in float64
    def sig(x):
        return 1 / (1 + np.exp(-x))

    ref = np.zeros((n, 2 * H))
    for s0, ln in zip(starts, lens):
        for d in range(2):
            h = np.zeros(H)
            c = np.zeros(H)
            steps = range(s0, s0 + ln) if d == 0 else range(s0 + ln - 1, s0 - 1, -1)
            for t in steps:
                z = P[t, d * 4 * H:(d + 1) * 4 * H] + h @ rec[d]
                # i f o rows are pre-halved: sigmoid(2 * z) of the stored value
                i, f, o, g = sig(2 * z[:H]), sig(2 * z[H:2 * H]), sig(2 * z[2 * H:3 * H]), np.tanh(z[3 * H:])
                c = f * c + i * g
                h = o * np.tanh(c)
                ref[t, d * H:(d + 1) * H] = h
    assert np.abs(got - ref).max() < 1e-5


@needs_kernels
def test_lstm_step_path_matches(monkeypatch):
    """Where the one-call LSTM declines (a CPU without AVX2/FMA answers -3), the BLAS
    products plus per-step gate calls give the same states."""
    starts, lens, n, P, rec = _lstm_case(3, 32, 7, 0.2)
    one_call = K.lstm_bidir(P, starts, lens, rec)
    monkeypatch.setattr(K._LIB, "rasd_lstm_bidir", lambda *args: -3)
    stepped = K.lstm_bidir(P, starts, lens, rec)
    assert np.abs(one_call - stepped).max() < 1e-5


@needs_kernels
def test_crf_marginals_and_viterbi_match_numpy():
    rng = np.random.default_rng(2)
    L = len(N.LABELS)
    starts, lens, n = _layout(rng, 12)
    E = rng.normal(size=(n, L)) * 3
    trans = rng.normal(size=(L, L))
    got = K.crf_marginals(E, starts, lens, trans)
    ref = C._forward_backward_numpy([E[a:a + k] for a, k in zip(starts, lens)], trans)
    assert np.abs(got - np.concatenate(ref)).max() < 1e-5
    assert np.allclose(got.sum(1), 1.0, atol=1e-5)
    best = N.bio_viterbi_flat(E, starts, lens)
    ref_seqs = N._bio_viterbi_numpy([E[a:a + k] for a, k in zip(starts, lens)])
    assert best.tolist() == [j for q in ref_seqs for j in q]
    # BIO validity: no I-X after O or after another type, none first
    for a, k in zip(starts, lens):
        seq = [N.LABELS[j] for j in best[a:a + k]]
        for i, lab in enumerate(seq):
            if lab.startswith("I-"):
                assert i > 0 and seq[i - 1][2:] == lab[2:]


@needs_kernels
def test_tagger_same_spans_with_and_without_kernels(monkeypatch):
    """The shipped ensemble gives the same spans through the compiled path and the NumPy
    fallback (the fallback is what a machine without a C compiler runs)."""
    from rasd.ner.tagger import NameTagger
    from rasd.text.tokenizer import tokenize

    text = ("استقبل الرئيس التونسي قيس سعيد في قصر قرطاج وزير الخارجية الإيطالي أنطونيو تاياني. "
            "وبحث الجانبان التعاون بين تونس وإيطاليا في مجال الهجرة. "
            "وقال تاياني إن روما ستدعم برنامج الاتحاد الأوروبي لتمويل المشاريع الصغيرة.")
    tg = NameTagger.load()
    toks = tokenize(text)
    fast = tg.predict_spans_scored(text, toks)
    monkeypatch.setattr(K, "AVAILABLE", False)
    slow = tg.predict_spans_scored(text, toks)
    assert [s[:3] for s in fast] == [s[:3] for s in slow]
    assert max(abs(a[3] - b[3]) for a, b in zip(fast, slow)) < 1e-4
    names = {text[s:e] for s, e, _ in (x[:3] for x in fast)}
    assert "قيس سعيد" in names and "تونس" in names


def test_fallback_without_library(monkeypatch):
    """Without the library the kernels refuse clearly and the callers use NumPy."""
    monkeypatch.setattr(K, "_LIB", None)
    monkeypatch.setattr(K, "AVAILABLE", False)
    with pytest.raises(RuntimeError, match="not built"):
        K.viterbi(np.zeros((1, 9)), np.array([0]), np.array([1]), np.ones((9, 9), bool), np.ones(9, bool))
    out = N.bio_viterbi_batch([np.log(np.full((3, 9), 1 / 9))])
    assert out == [[0, 0, 0]]


@needs_kernels
def test_bad_layout_is_refused_not_read():
    """The C code trusts its inputs: a layout running past the arrays is refused in Python."""
    E = np.zeros((5, 9))
    with pytest.raises(ValueError, match="outside"):
        K.crf_marginals(E, np.array([3]), np.array([4]), np.zeros((9, 9)))
    with pytest.raises(ValueError, match="outside"):
        K.viterbi(E, np.array([-1]), np.array([2]), np.ones((9, 9), bool), np.ones(9, bool))
    with pytest.raises(ValueError, match="columns"):
        K.lstm_bidir(np.zeros((5, 10), np.float32), np.array([0]), np.array([5]),
                     np.zeros((2, 8, 32), np.float32))


@needs_kernels
def test_chunked_runs_give_the_same_scores(monkeypatch):
    """Long texts run the BiLSTM in chunks of whole sentences (bounded memory): the scores
    equal one run over everything, since no state crosses a sentence."""
    tg = N.NeuralTagger.load()
    sents = [["زار", "الرئيس", "الفرنسي", "مدينة", "وهران", "."],
             ["وقال", "وزير", "الخارجية", "أحمد", "عطاف", "إن", "المحادثات", "مثمرة", "."],
             ["وأضاف", "أن", "شركة", "سوناطراك", "ستوقع", "عقدا", "."]] * 3
    whole = tg.log_probs_flat(sents)
    monkeypatch.setattr(tg, "chunk_tokens", 10)
    chunked = tg.log_probs_flat(sents)
    assert chunked.shape == whole.shape == (sum(map(len, sents)), 9)
    assert np.abs(chunked - whole).max() < 1e-4


def test_sentences_are_capped_for_the_taggers():
    from rasd.ner.tagger import MAX_SENTENCE_TOKENS, sentences_of

    words = ["كلمة"] * (2 * MAX_SENTENCE_TOKENS + 5) + ["."] + ["ثم", "."]
    ranges = sentences_of(words)
    assert max(e - s for s, e in ranges) <= MAX_SENTENCE_TOKENS
    assert ranges[0] == (0, MAX_SENTENCE_TOKENS) and ranges[-1] == (len(words) - 2, len(words))
    assert [s for s, _ in ranges[1:]] == [e for _, e in ranges[:-1]]  # contiguous, complete


@needs_kernels
def test_kernels_agree_with_numpy_on_random_layouts():
    """Property test: any sentence layout (empty sentences, single tokens, long runs) and any
    finite scores give the NumPy reference's marginals and Viterbi paths."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    L = len(N.LABELS)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.integers(min_value=0, max_value=25), min_size=1, max_size=8),
           st.integers(min_value=0, max_value=2**31 - 1), st.floats(min_value=0.1, max_value=30))
    def check(lens, seed, scale):
        rng = np.random.default_rng(seed)
        lens = np.array(lens, dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
        n = int(lens.sum())
        E = rng.normal(size=(n, L)) * scale
        trans = rng.normal(size=(L, L)) * 2
        got = K.crf_marginals(E, starts, lens, trans)
        ref = C._forward_backward_numpy([E[a:a + k] for a, k in zip(starts, lens)], trans)
        ref = np.concatenate(ref) if n else np.zeros((0, L))
        assert np.abs(got - ref).max(initial=0.0) < 1e-4
        best = N.bio_viterbi_flat(E, starts, lens)
        seqs = N._bio_viterbi_numpy([E[a:a + k] for a, k in zip(starts, lens)])
        assert best.tolist() == [j for q in seqs for j in q]

    check()
