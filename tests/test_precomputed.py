"""The precomputed per-word features of the name taggers (``ner-features.npz``): every stored
value equals a fresh computation, a table built from other model files is refused, and the
taggers' spans are the same with and without it."""

from __future__ import annotations

import json
import logging
import shutil

import numpy as np
import pytest

from rasd.ner.crf import MODEL_DIR, CrfTagger
from rasd.ner.neural import NeuralTagger
from rasd.ner.precomputed import FILE_NAME, WordFeatureTable, build, fingerprint

TABLE = MODEL_DIR / FILE_NAME


@pytest.fixture(scope="module")
def table() -> WordFeatureTable:
    t = WordFeatureTable.for_models(MODEL_DIR)
    assert t is not None, "the shipped table must match the shipped models (rasd train features)"
    return t


def test_shipped_table_matches_the_shipped_models(table):
    assert table.meta["fingerprint"] == fingerprint(MODEL_DIR)
    assert len(table) > 40_000 and table.meta["min_df"] >= 2
    # the dev gold articles were left out of the counts
    assert table.meta["excluded_ids"] == 22
    for w in ("الرئيس", "وزير", "السعودية", "قال"):
        assert w in table.index


def test_every_sampled_value_equals_a_fresh_computation(table):
    crf = CrfTagger(MODEL_DIR / "ner-crf.crfsuite", MODEL_DIR / "ner-words.tsv")
    nt = NeuralTagger(MODEL_DIR / "ner-bilstm.npz")
    words = list(table.index)[::40]  # about 1,400 words, frequent to rare
    rows = [table.index[w] for w in words]
    fresh = crf._compute_partials(words).astype(np.float16)
    assert np.array_equal(fresh, table.crf[rows])
    for w, r in zip(words, rows):
        ids, gz, ch = nt.feat.compute(w)
        assert list(table.ids[r]) == ids, w
        assert tuple(float(x) for x in table.gaz[r]) == gz, w
        assert [int(c) for c in table.chars[r] if c] == ch, w


def test_taggers_give_the_same_spans_with_and_without_the_table(table):
    from rasd.ner.tagger import NameTagger

    text = ("أعلن وزير الخارجية المصري سامح شكري أن القاهرة تستضيف اجتماعا لوزراء الخارجية العرب "
            "الأسبوع المقبل. وقال المتحدث باسم الوزارة أحمد أبو زيد إن الاجتماع سيبحث الأزمة "
            "في ليبيا، بحضور الأمين العام للجامعة العربية أحمد أبو الغيط وممثلين عن شركة "
            "كورنثيا للفنادق.")
    from rasd.text.tokenizer import tokenize

    words = [t.text for t in tokenize(text)]
    tg = NameTagger.load()
    members = getattr(tg.neural, "members", [tg.neural])  # the BiLSTM seeds share a featurizer
    crf_t, feat_t = tg.crf.table, tg.neural.feat.table
    assert crf_t is not None and feat_t is not None
    assert all(m.feat is tg.neural.feat for m in members)
    saved = (tg.crf._em_cache, [m._vec_cache for m in members])
    try:
        tg.crf._em_cache = None  # every word computed afresh
        for m in members:
            m._vec_cache = None
        with_table = tg.log_probs_flat([words])
        tg.crf.table = tg.neural.feat.table = None
        tg.crf._em_cache = None
        for m in members:
            m._vec_cache = None
        without = tg.log_probs_flat([words])
    finally:
        tg.crf.table, tg.neural.feat.table = crf_t, feat_t
        tg.crf._em_cache = saved[0]
        for m, c in zip(members, saved[1]):
            m._vec_cache = c
    assert sum(w in table.index for w in words) > len(words) // 2
    # float16 partial scores: the label scores agree to 1e-2 and the best labels are equal
    assert np.abs(with_table - without).max() < 1e-2
    assert (with_table.argmax(1) == without.argmax(1)).all()


def test_a_table_built_from_other_models_is_refused(tmp_path, caplog):
    for p in MODEL_DIR.iterdir():
        if p.is_file():
            shutil.copy(p, tmp_path / p.name)
    assert WordFeatureTable.for_models(tmp_path) is not None
    WordFeatureTable._cache.clear()
    with open(tmp_path / "ner-words.tsv", "a", encoding="utf-8") as fh:
        fh.write("كلمةجديدة\t1\t1\t1\t1\t1\t0\t0\t0\n")  # a retrained word table
    with caplog.at_level(logging.WARNING, logger="rasd.ner.precomputed"):
        assert WordFeatureTable.for_models(tmp_path) is None
    assert "rasd train features" in caplog.text
    WordFeatureTable._cache.clear()


def test_build_writes_a_table_for_the_given_corpus(tmp_path, monkeypatch):
    monkeypatch.delenv("RASD_NO_PRECOMPUTED", raising=False)
    models = tmp_path / "models"
    models.mkdir()
    for p in MODEL_DIR.iterdir():
        if p.is_file() and p.name != FILE_NAME:
            shutil.copy(p, models / p.name)
    corpus = tmp_path / "corpus.jsonl"
    recs = [{"id": "a", "title": "زيارة", "text": "زار الوزير مدينة طنجة وقال إن الزيارة ناجحة."},
            {"id": "b", "text": "قال الوزير إن مدينة طنجة تستقبل الزوار."},
            {"id": "dev1", "text": "قال الوزير كلمة نادرة جدا."}]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    dev = tmp_path / "dev.jsonl"
    dev.write_text(json.dumps({"id": "dev1", "text": "x"}), encoding="utf-8")
    res = build([corpus], models, min_df=2, exclude=[dev])
    assert res["n_docs"] == 2 and res["excluded_ids"] == 1
    WordFeatureTable._cache.clear()
    t = WordFeatureTable.for_models(models)
    assert t is not None
    assert set(t.index) == {"الوزير", "إن", "مدينة", "طنجة", "."}  # "وقال" != "قال"
    WordFeatureTable._cache.clear()


def test_table_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("RASD_NO_PRECOMPUTED", "1")
    assert WordFeatureTable.for_models(MODEL_DIR) is None


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_damaged_table_is_not_used_and_named_in_a_warning(tmp_path, caplog, damage):
    for p in MODEL_DIR.iterdir():
        if p.is_file():
            shutil.copy(p, tmp_path / p.name)
    f = tmp_path / FILE_NAME
    data = f.read_bytes()
    f.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"not a table" * 100,
                   "empty": b""}[damage])
    WordFeatureTable._cache.clear()
    with caplog.at_level(logging.WARNING, logger="rasd.ner.precomputed"):
        assert WordFeatureTable.for_models(tmp_path) is None
    assert FILE_NAME in caplog.text and "damaged" in caplog.text
    WordFeatureTable._cache.clear()


def test_vocabulary_order_is_reproducible(tmp_path):
    from rasd.ner.precomputed import corpus_vocabulary

    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) for i, t in
                                enumerate(["زار الوفد عمان ثم دمشق", "عمان دمشق الوفد زار"])),
                      encoding="utf-8")
    words, n = corpus_vocabulary([corpus], 2)
    assert n == 2 and words == sorted(words)  # all tied at 2: code-point order


def test_table_env_switch_zero_keeps_it(monkeypatch):
    monkeypatch.setenv("RASD_NO_PRECOMPUTED", "0")
    WordFeatureTable._cache.clear()
    assert WordFeatureTable.for_models(MODEL_DIR) is not None
    WordFeatureTable._cache.clear()


def test_a_corpus_too_small_for_min_df_is_a_clear_error(tmp_path, capsys):
    from rasd.cli import main

    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "زار الوزير طنجة."}, ensure_ascii=False),
                      encoding="utf-8")
    out = tmp_path / "models"
    out.mkdir()
    for p in MODEL_DIR.iterdir():
        if p.is_file() and p.name != FILE_NAME:
            shutil.copy(p, out / p.name)
    rc = main(["train", "features", "--corpus", str(corpus), "--out", str(out),
               "--shared", str(tmp_path)])
    assert rc == 2
    assert "no word occurs in 3 or more of the 1 corpus records" in capsys.readouterr().err
    assert not (out / FILE_NAME).exists()
