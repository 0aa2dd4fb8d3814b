"""The `rasd train ner` recipe end to end on a tiny data folder made here (needs the [train]
extra: gensim and PyTorch; skipped without them)."""

from __future__ import annotations

import json
import shutil

import pytest

pytest.importorskip("torch")
pytest.importorskip("gensim")

from rasd.ner.crf import MODEL_DIR, build_release  # noqa: E402
from rasd.ner.tagger import NameTagger  # noqa: E402

_SENTS = [
    [("قال", "O"), ("الرئيس", "O"), ("سمير", "B-PERS"), ("حداد", "I-PERS"), ("في", "O"), ("عمان", "B-LOC"), (".", "O")],
    [("وزار", "O"), ("وفد", "O"), ("من", "O"), ("شركة", "O"), ("نور", "B-ORG"), ("للطاقة", "I-ORG"), ("دمشق", "B-LOC"), (".", "O")],
    [("وأكدت", "O"), ("منى", "B-PERS"), ("خليل", "I-PERS"), ("أن", "O"), ("بيروت", "B-LOC"), ("مستعدة", "O"), (".", "O")],
]


def _conll(sents):
    return "\n\n".join("\n".join(f"{w} {t}" for w, t in s) for s in sents) + "\n"


def test_release_recipe_builds_loadable_models(tmp_path):
    shared = tmp_path / "shared"
    (shared / "data/news").mkdir(parents=True)
    (shared / "data/ner/anercorp_camel/derived").mkdir(parents=True)
    (shared / "data/ner/aqmar/split_liu2019").mkdir(parents=True)
    lines = [{"id": f"T{i}", "title": "", "text": " ".join(w for s in _SENTS for w, _ in s)}
             for i in range(30)]
    (shared / "data/news/corpus.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    (shared / "data/ner/anercorp_camel/derived/ANERCorp_CamelLab_train.reconstructed.txt").write_text(
        _conll(_SENTS * 4), encoding="utf-8")
    aq = [[(w, t.replace("PERS", "PER")) for w, t in s] for s in _SENTS]
    for name in ("train.txt", "dev.txt"):
        (shared / "data/ner/aqmar/split_liu2019" / name).write_text(_conll(aq), encoding="utf-8")
    out = tmp_path / "models"
    out.mkdir()
    # keep the shipped tables (the word-table build needs a realistic corpus size)
    for f in ("ner-words.tsv", "ner-gazetteer.tsv"):
        shutil.copy(MODEL_DIR / f, out / f)
    res = build_release(shared, out, max_iterations=5, reuse_tables=True, neural_epochs=1,
                        work_dir=tmp_path / "work", self_train=True, log=lambda *_: None)
    assert res["final"]["sentences"] == 12
    assert res["final"]["tokens"] == 4 * sum(len(s) for s in _SENTS) + 2 * sum(len(s) for s in _SENTS)
    assert res["vectors"]["words"] > 10  # word2vec over the tiny corpus
    for f in ("ner-crf.crfsuite", "ner-crf.npz", "ner-bilstm.npz", "ner-bilstm-2.npz"):
        assert (out / f).stat().st_size > 0
    # two BiLSTM-CRFs, seeds 13 and 7, each with its own pretraining pass
    assert res["bilstm_7"]["seed"] == 7 and res["bilstm_7"]["crf"] is True
    assert res["bilstm_7"]["pretrain"]["sentences"] == res["pretrain_text"]["sentences"]
    # the model card's recipe: a BiLSTM-CRF without weight averaging (and the self-training
    # experiment on confident corpus sentences: the tiny models here may find none)
    assert res["bilstm_13"]["crf"] is True and res["bilstm_13"]["ema"] == 0.0
    # ... whose encoder is first pretrained as language models on the corpus sentences
    assert res["pretrain_text"]["sentences"] >= 30
    assert res["bilstm_13"]["pretrain"]["sentences"] == res["pretrain_text"]["sentences"]
    assert res["bilstm_selftrained"]["crf"] is True and res["bilstm_selftrained"]["ema"] == 0.0
    assert res["pseudo_labels"]["records"] == 30
    assert (tmp_path / "work" / "ner-selftrain.conll").exists()
    tg = NameTagger.load(out)
    assert tg.neural is not None and tg.neural.meta["crf"] is True
    assert [m.meta["seed"] for m in tg.neural.members] == [13, 7]
    tags = tg.tag_tokens(["قال", "الرئيس", "سمير", "حداد", "."])
    assert len(tags) == 5 and all(t == "O" or t[2:] in ("PER", "ORG", "LOC", "MISC") for t in tags)
