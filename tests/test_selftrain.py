"""Self-training data (rasd.ner.selftrain.pseudo_label): which corpus sentences are kept, with
which labels, with a stand-in tagger whose label scores are set per word."""

from __future__ import annotations

import json

import numpy as np

from rasd.ner.neural import LABELS
from rasd.ner.selftrain import pseudo_label

_SURE = {"سليم": "B-PER", "الحداد": "I-PER", "نقابة": "B-ORG", "البحارة": "I-ORG",
         "أثينا": "B-LOC"}


class _WordTagger:
    """Label scores by word: a few known names confidently, one word uncertain, the rest O."""

    def log_probs_flat(self, sents):
        rows = []
        for s in sents:
            for w in s:
                p = np.full(len(LABELS), 0.01 / (len(LABELS) - 1))
                if w.endswith("ربما"):  # the model hesitates between O and B-MISC
                    p[:] = 1e-6
                    p[LABELS.index("O")] = 0.55
                    p[LABELS.index("B-MISC")] = 0.45
                else:
                    p[LABELS.index(_SURE.get(w, "O"))] = 0.99
                rows.append(np.log(p))
        return np.array(rows, dtype=np.float32)


def _corpus(tmp_path, records):
    p = tmp_path / "corpus.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return p


def test_confident_sentences_with_wanted_names_are_kept(tmp_path):
    corpus = _corpus(tmp_path, [
        {"id": "A1", "text": "قال سليم الحداد إن الموسم كان طويلا جدا. "
                             "وزار الوفد مدينة أثينا في الصيف الماضي. "
                             "وربما تعلن نقابة البحارة الإضراب غدا صباحا."},
        {"id": "SNN1", "text": "قال سليم الحداد إن السفن عادت إلى الميناء أمس."},
        {"id": "DEV1", "text": "أعلنت نقابة البحارة أن العمل سيتوقف اليوم."},
        {"id": "A9", "text": "وقال سليم الحداد إن الرحلة انتهت أمس."},
        {"id": "SK1", "text": "وصل القطار إلى المحطة في الموعد المحدد صباحا."},
    ])
    dev = tmp_path / "dev.jsonl"
    dev.write_text(json.dumps({"id": "DEV1", "text": "أعلنت نقابة البحارة أن العمل سيتوقف اليوم."},
                              ensure_ascii=False) + "\n"
                   + json.dumps({"id": "DEV2", "text": "وقال سليم الحداد إن   الرحلة انتهت أمس."},
                                ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "pseudo.txt"
    res = pseudo_label(_WordTagger(), [corpus], out, exclude=[dev], exclude_prefixes="SNN")
    # the SaudiNewsNet record, the dev article and the dev article stored again under another
    # id (other spacing) are left out, and "SNN" as a string is one prefix (A1 and SK1 stay);
    # of A1's three sentences the place-only one lacks a wanted type and the one with «ربما»
    # is not confident
    assert res["records"] == 2 and res["candidates"] == 4
    assert res["sentences"] == 1 and res["entities"] == 1
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[:3] == ["قال O", "سليم B-PER", "الحداد I-PER"]
    assert lines[-3:] == [". O", "", ""]


def test_same_inputs_give_the_same_file_and_the_cap_holds(tmp_path):
    recs = [{"id": f"A{i}", "text": f"قال سليم الحداد إن الرحلة رقم {i} انتهت بسلام."}
            for i in range(30)]
    corpus = _corpus(tmp_path, recs)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    ra = pseudo_label(_WordTagger(), [corpus], a, max_sentences=10, exclude_prefixes=())
    pseudo_label(_WordTagger(), [corpus], b, max_sentences=10, exclude_prefixes=())
    assert ra["confident"] == 30 and ra["sentences"] == 10
    assert a.read_bytes() == b.read_bytes()


def test_self_training_never_writes_over_the_package_models(capsys):
    from rasd.cli import main

    assert main(["train", "ner", "--self-train"]) == 2
    assert "give --out DIR" in capsys.readouterr().err


def test_a_near_duplicate_of_a_dev_article_is_left_out(tmp_path):
    from rasd.ner.precomputed import corpus_records, excluded_records

    dev = _corpus(tmp_path, [{"id": "D1", "text": "قال الوزير إن المحادثات، التي بدأت أمس، مستمرة."}])
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "X7", "text": "قال الوزير إن المحادثات التي بدأت أمس مستمرة."},  # commas dropped
        {"id": "X8", "text": "قال الوزير إن المحادثات انتهت."}]), encoding="utf-8")
    ids, digests = excluded_records([dev])
    assert [r["id"] for r in corpus_records([corpus], ids, "X8x", digests)] == ["X8"]
