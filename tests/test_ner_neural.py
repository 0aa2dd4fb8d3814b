"""Tests for the BiLSTM tagger (rasd.ner.neural) and the CRF + BiLSTM ensemble (rasd.ner.tagger)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")

from rasd.ner import neural as N  # noqa: E402
from rasd.ner.crf import MODEL_DIR, WordTable, load_gazetteer  # noqa: E402
from rasd.ner.tagger import NameTagger, sentences_of  # noqa: E402

needs_bilstm = pytest.mark.skipif(not (MODEL_DIR / "ner-bilstm.npz").exists(),
                                  reason="shipped BiLSTM model missing")


def _lp(rows):
    """Log-probabilities from rows of {label: prob}; the rest share what is left."""
    out = []
    for r in rows:
        rest = (1.0 - sum(r.values())) / (len(N.LABELS) - len(r))
        out.append([math.log(r.get(lab, rest)) for lab in N.LABELS])
    return np.array(out)


def test_bio_viterbi_never_starts_with_inside_tag():
    # token-wise argmax would be I-PER I-PER, which is not valid BIO at sentence start
    lp = _lp([{"I-PER": 0.6, "B-PER": 0.3}, {"I-PER": 0.9}])
    assert [N.LABELS[i] for i in N.bio_viterbi(lp)] == ["B-PER", "I-PER"]


def test_bio_viterbi_inside_must_continue_same_type():
    # argmax: B-ORG then I-LOC (invalid); best valid path keeps one type
    lp = _lp([{"B-ORG": 0.8}, {"I-LOC": 0.5, "I-ORG": 0.4}])
    assert [N.LABELS[i] for i in N.bio_viterbi(lp)] == ["B-ORG", "I-ORG"]
    assert N.bio_viterbi(np.zeros((0, len(N.LABELS)))) == []


def test_sentences_of_cuts_after_final_punctuation():
    words = ["قال", "الوزير", ".", "وأضاف", "؟", "ثم"]
    assert sentences_of(words) == [(0, 3), (3, 5), (5, 6)]


def _tiny_setup():
    words = WordTable(MODEL_DIR / "ner-words.tsv")
    gaz = load_gazetteer(MODEL_DIR / "ner-gazetteer.tsv")
    sents = [["زار", "وزير", "الخارجية", "سامح", "شكري", "القاهرة", "."],
             ["وقالت", "شركة", "إلبيت", "إن", "الصفقة", "تتجاوز", "100", "مليون", "دولار"],
             ["Elbit", "Systems", "و", "نادي", "الزمالك"]]
    return words, gaz, sents


def _export_and_run(torch, net, vocab, words, gaz, sents, path, info):
    """Export ``net`` to ``path``; return the NumPy tagger, PyTorch's log-softmax over the
    padded batch and the tagger's per-sentence log-probabilities."""
    N._export(net, vocab, path, info)
    tg = N.NeuralTagger(path, words, gaz)
    ids, gz, ch, lens = N.Featurizer(vocab, words, gaz).batch(sents)
    with torch.no_grad():
        ref = net(torch.from_numpy(ids), torch.from_numpy(gz), torch.from_numpy(ch),
                  torch.from_numpy(lens)).log_softmax(-1).numpy()
    return tg, ref, tg.log_probs(sents)


def test_numpy_inference_matches_pytorch(tmp_path):
    """The NumPy forward pass (shipped inference) equals PyTorch's on the same weights."""
    torch = pytest.importorskip("torch")
    words, gaz, sents = _tiny_setup()
    vocab, _ = N.build_vocab(sents[:2], words, gaz)  # third sentence: unknown words
    vocab["vec"] = ["زار", "القاهرة", "شركة"]
    torch.manual_seed(0)
    vecs = np.random.default_rng(0).standard_normal((5, 6)).astype(np.float32)
    vecs[:2] = 0
    net = N._torch_model(vocab, vecs)
    net.eval()
    tg, ref, got = _export_and_run(torch, net, vocab, words, gaz, sents, tmp_path / "m.npz", {})
    for i, s in enumerate(sents):
        assert got[i].shape == (len(s), len(N.LABELS))
        # embeddings are stored as float16, hence the tolerance
        assert np.abs(got[i] - ref[i, :len(s)]).max() < 2e-3
    # sentence order and batch composition do not change a sentence's scores
    alone = tg.log_probs([sents[1]])[0]
    assert np.abs(alone - got[1]).max() < 1e-4


def test_lm_pretraining_learns_the_neighbour_clusters_and_leaves_the_label_layer(tmp_path):
    """Class-based language-model pretraining (:func:`rasd.ner.neural.lm_pretrain`): on a
    text where each word's neighbours are fixed, the loss falls epoch by epoch; the encoder
    (LSTM) changes, the label layer does not (it is trained afterwards, on the labels)."""
    torch = pytest.importorskip("torch")
    words, gaz, sents = _tiny_setup()
    vocab, _ = N.build_vocab(sents, words, gaz)
    torch.manual_seed(0)
    net = N._torch_model(vocab)
    feat = N.Featurizer(vocab, words, gaz)
    lstm0 = net.lstm.weight_ih_l0.detach().clone()
    out0 = net.out.weight.detach().clone()
    res = N.lm_pretrain(net, feat, sents[:2] * 40, epochs=3, batch_size=8, lr=3e-3,
                        log=lambda *_: None)
    assert res["sentences"] == 80 and res["tokens"] == 40 * (7 + 9)
    assert res["loss"][2] < res["loss"][0] * 0.8, res["loss"]
    assert not torch.equal(net.lstm.weight_ih_l0, lstm0)
    assert torch.equal(net.out.weight, out0)
    # the CNN tagger has no language-model heads
    data = tmp_path / "t.txt"
    data.write_text("زار O\nسامح B-PER\n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bilstm"):
        N.train([data], tmp_path / "m.npz", arch="cnn", epochs=0, pretrain=[["زار", "سامح"]])


@needs_bilstm
def test_shipped_bilstm_tags_a_person_after_a_title():
    tg = N.NeuralTagger.load()
    tags = tg.tag_tokens(["واستقبل", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "نظيره",
                          "في", "باريس", "."])
    assert tags[3:5] == ["B-PER", "I-PER"]
    assert tags[7] == "B-LOC"


@needs_bilstm
def test_ensemble_spans_over_characters():
    from rasd.text.tokenizer import tokenize

    text = "وقال المتحدث باسم منظمة الصحة العالمية إن الوضع في غزة صعب، وفاز الزمالك على الأهلي."
    tg = NameTagger.load()
    spans = tg.predict_spans(text, tokenize(text))
    got = {(text[s:e], t) for s, e, t in spans}
    assert ("منظمة الصحة العالمية", "ORG") in got
    assert ("غزة", "LOC") in got
    assert ("الزمالك", "ORG") in got and ("الأهلي", "ORG") in got
    scored = tg.predict_spans_scored(text, tokenize(text))
    assert [sp[:3] for sp in scored] == spans
    assert all(0.0 <= sp[3] <= 1.0 for sp in scored)


@needs_bilstm
def test_cascade_runs_the_bilstm_only_where_the_crf_is_unsure():
    """Tokens farther than ``context`` from any unsure CRF token keep the CRF's
    log-probabilities alone; with a context longer than the sentences, an unsure sentence gets
    exactly the full mix (the window is the whole sentence), whatever shares the batch."""
    loaded = NameTagger.load()
    full = NameTagger(loaded.crf, loaded.neural, cascade=None)
    sents = [["وقال", "الرئيس", "عبد", "المجيد", "تبون", "في", "الجزائر", "."],
             ["وكان", "الجو", "حارا", "في", "ذلك", "اليوم", "."],
             [],
             ["والتقى", "الوزير", "أمس", "في", "مدينة", "كبيرة", "من", "المدن", "التي", "زارها",
              "الوفد", "من", "قبل", "،", "وأعلنت", "شركة", "بلوستار", "تكنيكس", "عن", "صفقة",
              "مع", "نادي", "الفجر", "الرياضي", "."]]
    pc = loaded.crf.marginals_flat(sents, N.LABELS)
    crf_lp = np.log(pc + 1e-6)
    lens = [len(s) for s in sents if s]
    starts = np.cumsum([0] + lens[:-1])
    unsure = pc.max(1) < 0.9
    per_sent = [bool(unsure[a:a + n].any()) for a, n in zip(starts, lens)]
    assert True in per_sent and False in per_sent, per_sent  # both paths are tested
    b = full.log_probs_flat(sents)
    wide = NameTagger(loaded.crf, loaded.neural, cascade=0.9, context=100).log_probs_flat(sents)
    for a, n, u in zip(starts, lens, per_sent):
        want = b[a:a + n] if u else crf_lp[a:a + n]
        np.testing.assert_allclose(wide[a:a + n], want, rtol=1e-5, atol=1e-5)
    narrow = NameTagger(loaded.crf, loaded.neural, cascade=0.9, context=1).log_probs_flat(sents)
    near = np.convolve(unsure.astype(int), [1, 1, 1], mode="same") > 0
    np.testing.assert_allclose(narrow[~near], crf_lp[~near], rtol=1e-6)
    assert not np.allclose(narrow[unsure], crf_lp[unsure])  # the BiLSTM did mix in there


def test_ensemble_without_bilstm_is_the_crf(tmp_path):
    """A models folder without the BiLSTM file gives the CRF alone (marginal decoding)."""
    for name in ("ner-crf.crfsuite", "ner-words.tsv", "ner-gazetteer.tsv"):
        (tmp_path / name).symlink_to(MODEL_DIR / name)
    tg = NameTagger.load(tmp_path)
    assert tg.neural is None
    sent = ["وقال", "الرئيس", "عبد", "المجيد", "تبون", "في", "الجزائر", "."]
    tags = tg.tag_tokens(sent)
    assert tags[6] == "B-LOC", tags
    assert tags[4].endswith("-PER"), tags


def test_missing_model_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        N.NeuralTagger.load(tmp_path / "absent.npz")
    with pytest.raises(FileNotFoundError):
        NameTagger.load(Path(tmp_path))


def test_viterbi_batch_equals_one_by_one():
    rng = np.random.default_rng(7)
    lps = [np.log(rng.dirichlet(np.ones(len(N.LABELS)) * 0.3, size=n)) for n in (1, 2, 6, 0, 23, 3)]
    assert N.bio_viterbi_batch(lps) == [N.bio_viterbi(lp) for lp in lps]


def test_numpy_crf_marginals_equal_crfsuite():
    """CrfArrays (NumPy forward-backward over cached per-word scores) = CRFsuite's marginals."""
    from rasd.ner.crf import CrfTagger

    crf = CrfTagger.load()
    sents = [["أعلن", "وزير", "الدفاع", "الأمريكي", "لويد", "أوستن", "في", "واشنطن", "."],
             ["شركة"], ["التقى", "الملك", "محمد", "السادس"]]
    labels = list(N.LABELS)
    fast = crf.marginals_batch(sents, labels)
    for s, m in zip(sents, fast):
        ref = np.array(crf.marginals(s, labels))
        assert m.shape == (len(s), len(labels))
        assert np.abs(m - ref).max() < 1e-4
        assert np.allclose(m.sum(1), 1.0, atol=1e-4)
    # the string path (any domain) gives the same state scores as the cached path, computed
    # (a tagger without the precomputed table) or read from the table (float16: within 1e-2)
    computed = CrfTagger(crf.model_path, crf.words_path)
    assert computed.table is None and crf.table is not None
    arr = crf.arrays
    for s in sents:
        ref = arr.emissions(crf.features.sentence(s))
        assert np.abs(ref - computed._emissions(s)).max() < 1e-4
        assert np.abs(ref - crf._emissions(s)).max() < 1e-2


def test_numpy_cnn_inference_matches_pytorch(tmp_path):
    """The convolutional architecture's NumPy pass (per-word cached first layer, neighbours
    outside the sentence as zeros) equals PyTorch's masked convolutions."""
    torch = pytest.importorskip("torch")
    words, gaz, sents = _tiny_setup()
    vocab, _ = N.build_vocab(sents[:2], words, gaz)
    torch.manual_seed(1)
    net = N._torch_model(vocab, None, 32, False, "cnn")
    net.eval()
    with torch.no_grad():
        for p in net.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    tg, ref, got = _export_and_run(torch, net, vocab, words, gaz, sents, tmp_path / "c.npz",
                                   {"arch": "cnn"})
    for i, s in enumerate(sents):
        assert np.abs(got[i] - ref[i, :len(s)]).max() < 5e-3
    # a sentence alone scores as inside a batch (no leakage across sentence boundaries)
    assert np.abs(tg.log_probs([sents[2]])[0] - got[2]).max() < 1e-4


def test_pipeline_ner_modes():
    from rasd.doc import Doc
    from rasd.pipeline import Pipeline

    text = "واستقبل الرئيس الفرنسي إيمانويل ماكرون نظيره في باريس."
    fast = Pipeline(stages=("sentences", "tokens", "entities"), ner_model="crf")
    doc = fast.annotate(Doc(text=text))
    assert fast._crf.neural is None
    assert any(e.type == "PER" and any("ماكرون" in m.text for m in e.mentions) for e in doc.entities)
    with pytest.raises(ValueError):
        Pipeline(ner_model="bert")


@needs_bilstm
def test_word_cache_overflow_keeps_results(monkeypatch):
    """When the per-word projection cache fills up mid-batch, every word of the batch is
    recomputed (a regression: words cached before the reset went missing)."""
    tg = N.NeuralTagger.load()
    sents = [["زار", "الرئيس", "عبد", "الفتاح", "السيسي", "مدينة", "العلمين", "."],
             ["وأكد", "وزير", "المالية", "أن", "الميزانية", "تكفي", "."]]
    ref = tg.log_probs(sents)
    from rasd.ner.rowcache import RowCache

    monkeypatch.setattr(tg, "_vec_cache", RowCache((tg._project(["."]).shape[1],), 10, dtype="float16"))
    tg.log_probs([sents[0]])  # fills the cache with the first sentence's words
    got = tg.log_probs(sents)  # overflows: must recompute all words
    # float16 storage: a projection computed in another batch may round to the next float16
    for a, b in zip(ref, got):
        assert np.abs(a - b).max() < 2e-3


def test_pipe_batches_like_one_at_a_time(monkeypatch):
    """Pipeline.pipe tags groups of records in one model run: same entities as annotate()
    one by one, and a record whose later stage fails becomes a Failure without harming its
    group."""
    import rasd.extract.quantities as q
    from rasd.doc import Doc
    from rasd.pipeline import Failure, Pipeline
    from rasd.record import Record

    texts = ["استقبل الملك عبد الله الثاني في عمان وزير الخارجية الألماني.",
             "وقالت الشركة المصرية إن الأرباح ارتفعت 12 في المئة.",
             "خطأ متعمد في هذا النص.",
             "التقى رئيس الوزراء العراقي بنظيره التركي في أنقرة."]
    pl = Pipeline()
    pl.batch_docs = 3
    one = [pl.annotate(pl.prepare(Record(text=t))) for t in texts]
    real = q.extract_quantities

    def boom(text):
        if "متعمد" in text:
            raise RuntimeError("planted")
        return real(text)

    monkeypatch.setattr(q, "extract_quantities", boom)
    out = list(pl.pipe([Record(id=f"r{i}", text=t) for i, t in enumerate(texts)]))
    assert [type(x).__name__ for x in out] == ["Doc", "Doc", "Failure", "Doc"]
    assert isinstance(out[2], Failure) and "planted" in out[2].reason and out[2].id == "r2"
    for a, b in ((one[0], out[0]), (one[1], out[1]), (one[3], out[3])):
        assert isinstance(b, Doc)
        assert [(e.type, [m.text for m in e.mentions]) for e in a.entities] == \
               [(e.type, [m.text for m in e.mentions]) for e in b.entities]


def test_model_spans_leave_trailing_tatweel_out():
    from rasd.text.tokenizer import tokenize

    text = "وصل الوفد إلى القاهرةــ أمس."
    spans = NameTagger.load().predict_spans(text, tokenize(text))
    assert ("القاهرة", "LOC") in {(text[s:e], t) for s, e, t in spans}


def test_pipeline_mentions_leave_trailing_tatweel_out():
    from rasd.doc import Doc
    from rasd.pipeline import Pipeline

    text = "وصل الوفد إلى القاهرةــ أمس."
    doc = Pipeline(stages=("sentences", "tokens", "entities")).annotate(Doc(text=text))
    assert [(m.text, e.type) for e in doc.entities for m in e.mentions] == [("القاهرة", "GPE")]


def test_build_vectors_fasttext_and_word2vec(tmp_path) -> None:
    """Both vector methods write L2-normalised float16 rows for the most frequent keys; an
    unknown method is an error (the fastText variant was measured, model card)."""
    pytest.importorskip("gensim")
    import numpy as np

    from rasd.ner.neural import build_vectors

    conll = tmp_path / "t.txt"
    sent = ["زار", "الوزير", "باريس", "ثم", "زار", "لندن", "وبرلين", "أمس"]
    conll.write_text("\n\n".join("\n".join(f"{w} O" for w in sent) for _ in range(30)) + "\n",
                     encoding="utf-8")
    for method in ("word2vec", "fasttext"):
        out = tmp_path / f"{method}.npz"
        res = build_vectors([conll], out, dim=8, min_count=2, epochs=1, method=method)
        z = np.load(out)
        keys = str(z["keys"]).split("\n")
        assert res["method"] == method and res["words"] == len(keys) >= 6
        assert z["vectors"].dtype == np.float16 and z["vectors"].shape == (len(keys), 8)
        norms = np.linalg.norm(z["vectors"].astype(np.float32), axis=1)
        assert np.allclose(norms, 1.0, atol=1e-2)
    with pytest.raises(ValueError, match="unknown vector method"):
        build_vectors([conll], tmp_path / "x.npz", method="glove")


def _member_copy(src: Path, dst: Path, scale: float, vocab_edit=None) -> None:
    """Write a second BiLSTM member: ``src``'s weights with the output layer scaled (so its
    label distributions differ) and, optionally, its vocabulary edited."""
    import json

    z = np.load(src, allow_pickle=False)
    arrays = {k: z[k] for k in z.files}
    arrays["out_w"] = arrays["out_w"] * scale
    if vocab_edit is not None:
        meta = json.loads(str(arrays["meta"]))
        vocab_edit(meta["vocab"])
        arrays["meta"] = np.array(json.dumps(meta))
    np.savez(dst, **arrays)


@needs_bilstm
def test_bilstm_members_are_averaged_and_share_one_featurizer(tmp_path):
    """``ner-bilstm-2.npz`` beside ``ner-bilstm.npz`` makes the BiLSTM an ensemble whose
    log-probabilities are the members' mean; members with one vocabulary share the
    featurizer (one feature lookup per word), a member with another vocabulary keeps its own
    and never reads the precomputed table."""
    for name in ("ner-crf.crfsuite", "ner-words.tsv", "ner-gazetteer.tsv", "ner-bilstm.npz"):
        (tmp_path / name).symlink_to(MODEL_DIR / name)
    _member_copy(MODEL_DIR / "ner-bilstm.npz", tmp_path / "ner-bilstm-2.npz", 0.5)
    ens = N.NeuralEnsemble.load(tmp_path)
    assert isinstance(ens, N.NeuralEnsemble) and len(ens.members) == 2
    a, b = ens.members
    assert b.feat is a.feat
    _, _, sents = _tiny_setup()
    sents = [sents[0], [], sents[1]]
    la, lb = a.log_probs_flat(sents), b.log_probs_flat(sents)
    assert not np.allclose(la, lb)  # the members really differ
    np.testing.assert_allclose(ens.log_probs_flat(sents), (la + lb) / 2, rtol=1e-6, atol=1e-6)
    per = ens.log_probs(sents)
    assert [p.shape[0] for p in per] == [len(s) for s in sents]
    assert ens.tag_tokens(sents[0])[5] == "B-LOC"  # القاهرة

    other = tmp_path / "other"
    other.mkdir()
    for name in ("ner-crf.crfsuite", "ner-words.tsv", "ner-gazetteer.tsv", "ner-bilstm.npz"):
        (other / name).symlink_to(MODEL_DIR / name)
    _member_copy(MODEL_DIR / "ner-bilstm.npz", other / "ner-bilstm-2.npz", 1.0,
                 vocab_edit=lambda v: v["key"].reverse())
    c = N.NeuralTagger.load()  # the package's model, with the precomputed table
    d = N.NeuralTagger(other / "ner-bilstm-2.npz")
    d.feat.table = c.feat.table  # as NeuralTagger.load would attach the folder's table
    N.NeuralEnsemble([c, d])
    assert d.feat is not c.feat and d.feat.table is None
    assert c.feat.table is not None or not (MODEL_DIR / "ner-features.npz").exists()
    with pytest.raises(ValueError, match="at least one"):
        N.NeuralEnsemble([])


def test_one_bilstm_file_is_not_an_ensemble(tmp_path):
    """Without ``ner-bilstm-2.npz`` the BiLSTM is the single :class:`NeuralTagger`."""
    if not (MODEL_DIR / "ner-bilstm.npz").exists():
        pytest.skip("shipped BiLSTM model missing")
    for name in ("ner-words.tsv", "ner-gazetteer.tsv", "ner-bilstm.npz"):
        (tmp_path / name).symlink_to(MODEL_DIR / name)
    assert isinstance(N.NeuralEnsemble.load(tmp_path), N.NeuralTagger)
    with pytest.raises(FileNotFoundError):
        N.NeuralEnsemble.load(tmp_path / "missing")


def test_cascade_setting_from_the_environment(monkeypatch, caplog):
    """``RASD_CASCADE``: unset or 0 -> the BiLSTMs on every token (the shipped default);
    a probability -> the cascade at that threshold; anything else is ignored with a warning
    that names it."""
    from rasd.ner import tagger as T

    monkeypatch.delenv("RASD_CASCADE", raising=False)
    assert T._cascade_from_env() is T.CASCADE_CONFIDENCE is None
    monkeypatch.setenv("RASD_CASCADE", "0.95")
    assert T._cascade_from_env() == 0.95
    monkeypatch.setenv("RASD_CASCADE", "0")
    assert T._cascade_from_env() is None
    for bad in ("yes", "1.5", "-0.2", "1"):
        monkeypatch.setenv("RASD_CASCADE", bad)
        caplog.clear()
        assert T._cascade_from_env() is T.CASCADE_CONFIDENCE
        assert f"RASD_CASCADE={bad!r} ignored" in caplog.text


@needs_bilstm
def test_shipped_name_tagger_averages_two_bilstm_seeds():
    """The package ships two BiLSTM-CRFs (seeds 13 and 7) that the entity stage averages."""
    if not (MODEL_DIR / "ner-bilstm-2.npz").exists():
        pytest.skip("second BiLSTM member missing")
    tg = NameTagger.load()
    assert isinstance(tg.neural, N.NeuralEnsemble)
    assert [m.meta["seed"] for m in tg.neural.members] == [13, 7]
    a, b = tg.neural.members
    assert b.feat is a.feat and b.W["emb_vec"] is a.W["emb_vec"]  # one featurizer, one vector table


def test_vectors_load_from_a_vector_file_or_a_model_file(tmp_path):
    """:func:`rasd.ner.neural.load_vectors` reads a build_vectors file and a BiLSTM file's own
    frozen table (so another seed trains on the shipped vectors), and refuses other files."""
    keys = ["زار", "القاهرة", "شركة"]
    vec = np.arange(12, dtype=np.float32).reshape(3, 4) / 10
    np.savez(tmp_path / "v.npz", keys=np.array("\n".join(keys)), vectors=vec.astype(np.float16))
    k, v = N.load_vectors(tmp_path / "v.npz")
    assert k == keys and v.dtype == np.float32 and np.allclose(v, vec, atol=1e-3)
    np.savez(tmp_path / "bad.npz", other=np.zeros(3))
    with pytest.raises(ValueError, match="neither"):
        N.load_vectors(tmp_path / "bad.npz")
    np.savez(tmp_path / "short.npz", keys=np.array("a\nb"), vectors=vec)
    with pytest.raises(ValueError, match="2 keys for 3"):
        N.load_vectors(tmp_path / "short.npz")
    if (MODEL_DIR / "ner-bilstm.npz").exists():
        k, v = N.load_vectors(MODEL_DIR / "ner-bilstm.npz")
        assert len(k) == len(v) == 35895 and v.shape[1] == 100
        z = np.load(MODEL_DIR / "ner-bilstm.npz")
        assert np.array_equal(v, z["emb_vec"][2:].astype(np.float32))


def test_a_person_span_keeps_a_given_name_whose_first_letter_looks_like_a_proclitic():
    """The segmenter reads «فراس» as ف + «راس» (head) and «براين» as ب + «راين»; a person's
    span starts at the known given name («وفراس» -> «فراس»), other spans after the proclitics
    as before («وبغداد» -> «بغداد»)."""
    from rasd.ner.tagger import spans_from_tags
    from rasd.text.tokenizer import tokenize

    text = "قال فراس الهواري إن المبعوث براين هوك التقى وفراس العلي في وبغداد"
    toks = tokenize(text)
    words = [t.text for t in toks]
    tags = ["O"] * len(words)
    for first, n, typ in (("فراس", 2, "PER"), ("براين", 2, "PER"), ("وفراس", 2, "PER"),
                          ("وبغداد", 1, "LOC")):
        i = words.index(first)
        tags[i] = f"B-{typ}"
        for k in range(1, n):
            tags[i + k] = f"I-{typ}"
    got = [(text[s:e], typ) for s, e, typ in spans_from_tags(toks, tags, text)]
    assert got == [("فراس الهواري", "PER"), ("براين هوك", "PER"), ("فراس العلي", "PER"),
                   ("بغداد", "LOC")]
