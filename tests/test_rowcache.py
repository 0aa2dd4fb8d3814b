"""RowCache: rows come back right through evictions, and the most used words stay."""

import numpy as np

from rasd.ner.rowcache import RowCache


def _vec(words):
    # a row that identifies its word: its length and first code point
    return np.array([[len(w), ord(w[0])] for w in words], dtype=np.float32)


def test_rows_are_right_and_frequent_words_survive():
    calls = []

    def compute(ws):
        calls.append(list(ws))
        return _vec(ws)

    rc = RowCache((2,), capacity=8)
    frequent = ["قال", "في", "من"]
    for _ in range(5):
        rows = rc.rows(frequent + frequent, compute)
        assert np.array_equal(rc.array[rows], _vec(frequent + frequent))
    # many rare words force evictions; the frequent ones are kept
    for i in range(6):
        batch = [f"نادر{i}{j}" for j in range(3)] + ["في"]
        rows = rc.rows(batch, compute)
        assert np.array_equal(rc.array[rows], _vec(batch))
    assert len(rc) <= 8
    assert all(w in rc.index for w in frequent)
    n_calls = len(calls)
    rc.rows(frequent, compute)
    assert len(calls) == n_calls  # no recomputation


def test_batch_larger_than_capacity_grows():
    rc = RowCache((2,), capacity=4)
    words = [chr(0x0628 + i) * (i + 1) for i in range(10)]
    rows = rc.rows(words, _vec)
    assert rc.capacity >= 10
    assert np.array_equal(rc.array[rows], _vec(words))
