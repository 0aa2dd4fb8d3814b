"""Brown clustering (rasd.ner.brown): the incremental merge losses against a brute-force
recomputation of the average mutual information, recovery of planted word classes, and the
CRF's use of the paths."""

from __future__ import annotations

import random

import numpy as np
import pytest

from rasd.ner import brown as B
from rasd.ner.crf import FeatureExtractor, WordTable


def _brute_losses(st: B._State) -> dict[tuple[int, int], float]:
    """AMI lost by each merge, recomputed from scratch over the active slots."""
    act = [int(x) for x in np.where(st.active)[0]]
    P, pl, pr = st.P[np.ix_(act, act)], st.pl[act], st.pr[act]
    q = B.ami(P, pl, pr)
    out = {}
    for x in range(len(act)):
        for y in range(x + 1, len(act)):
            keep = [k for k in range(len(act)) if k != y]
            P2 = P.copy()
            P2[x, :] += P2[y, :]
            P2[:, x] += P2[:, y]
            pl2, pr2 = pl.copy(), pr.copy()
            pl2[x] += pl2[y]
            pr2[x] += pr2[y]
            out[(act[x], act[y])] = q - B.ami(P2[np.ix_(keep, keep)], pl2[keep], pr2[keep])
    return out


def test_incremental_losses_equal_brute_force(monkeypatch):
    rng = random.Random(7)
    words = [f"t{i}" for i in range(24)]
    weights = [1 / (i + 1) for i in range(24)]
    paras = [[rng.choices(words, weights)[0] for _ in range(rng.randint(2, 12))] for _ in range(250)]
    worst: list[float] = []
    picked_best: list[bool] = []
    real = B._State.best_pair

    def checked(self):
        L = self.losses()
        brute = _brute_losses(self)
        worst.append(max(abs(v - L[i, j]) for (i, j), v in brute.items()))
        pair = real(self)
        picked_best.append(abs(brute[pair] - min(brute.values())) < 1e-12)
        return pair

    monkeypatch.setattr(B._State, "best_pair", checked)
    res = B.brown_clusters(paras, 4, min_count=1)
    # every merge of both phases was checked: 24 - 4 in the window, 3 to build the tree
    assert len(worst) == 23
    assert max(worst) < 1e-12
    assert all(picked_best)
    assert res["clusters"] == 4 and len(set(res["paths"].values())) == 4
    assert set(res["paths"]) == set(words)


def test_planted_classes_are_recovered():
    # three word classes that only ever occur in the cycle agent -> verb -> place -> agent.
    # (Agent -> verb -> place alone would not do: agents never follow anything and places
    # never precede anything, so one cluster of both loses no mutual information.)
    agents = ["الوزير", "السفير", "الرئيس", "المبعوث", "القائد"]
    verbs = ["زار", "وصل", "غادر", "دخل", "قصد"]
    places = ["عمان", "بغداد", "تونس", "الرباط", "صنعاء"]
    rng = random.Random(1)
    paras = [[rng.choice(g) for _ in range(3) for g in (agents, verbs, places)]
             for _ in range(300)]
    res = B.brown_clusters(paras, 3, min_count=1)
    paths = res["paths"]
    for group in (agents, verbs, places):
        assert len({paths[w] for w in group}) == 1, group
    assert len({paths[agents[0]], paths[verbs[0]], paths[places[0]]}) == 3
    # bit strings: three leaves of a binary tree, one at depth 1 and two at depth 2
    assert sorted(len(p) for p in {paths[agents[0]], paths[verbs[0]], paths[places[0]]}) == [1, 2, 2]


def test_vocabulary_and_bigram_counts():
    vocab, codes, cnt = B.count_bigrams([["ا", "ب", "ا"], ["ب", "ا"], ["ج"]], min_count=2)
    assert vocab == ["ا", "ب"]          # ج seen once: out
    V = len(vocab)
    pairs = {(int(c) // V, int(c) % V): int(n) for c, n in zip(codes, cnt)}
    assert pairs == {(0, 1): 1, (1, 0): 2}  # no bigram across the paragraphs


def test_errors_and_empty_input(tmp_path):
    with pytest.raises(ValueError, match="n_clusters"):
        B.brown_clusters([["ا", "ب"]], 1)
    assert B.brown_clusters([], 8)["paths"] == {}
    # a vocabulary smaller than C: every word its own leaf
    res = B.brown_clusters([["ا", "ب", "ج", "ا", "ب", "ج"]], 10, min_count=1)
    assert res["clusters"] == 3 and len(set(res["paths"].values())) == 3


def test_paths_file_round_trip_and_liang_order(tmp_path):
    p = tmp_path / "paths.tsv"
    B.write_paths({"بغداد": "0110", "عمان": "0111"}, p)
    assert B.read_paths(p) == {"بغداد": "0110", "عمان": "0111"}
    liang = tmp_path / "liang.txt"
    liang.write_text("0110\tبغداد\t42\n", encoding="utf-8")
    assert B.read_paths(liang) == {"بغداد": "0110"}


def _table(tmp_path, brown: bool) -> WordTable:
    head = "#key\tc64\tc256\tc1024\tfreq_log2\tal_rate\tper_trig\torg_trig\tloc_trig"
    row = "بغداد\t1\t2\t3\t9\t0\t0\t0\t5"
    if brown:
        head += "\tbrown"
        row += "\t011010011101"
    p = tmp_path / ("w_b.tsv" if brown else "w.tsv")
    p.write_text(head + "\n" + row + "\n", encoding="utf-8")
    return WordTable(p)


def test_crf_features_use_brown_prefixes(tmp_path):
    fx = FeatureExtractor(_table(tmp_path, brown=True))
    own, ctx, _, _ = fx.compute_word_feats("بغداد")
    assert {"b4=0110", "b6=011010", "b10=0110100111", "b20=011010011101"} <= set(own)
    assert {"b6=011010", "b10=0110100111"} <= set(ctx)
    # a table without the column: no Brown features, the rest unchanged
    fx0 = FeatureExtractor(_table(tmp_path, brown=False))
    own0 = fx0.compute_word_feats("بغداد")[0]
    assert not any(f.startswith("b4=") for f in own0)
    assert [f for f in own if not f.startswith(("b4=", "b6=", "b10=", "b20="))] == own0


def test_word_table_gets_a_brown_column(tmp_path):
    import json

    from rasd.ner.crf import build_word_table

    agents = ["الوزير", "السفير", "الرئيس"]
    verbs = ["زار", "وصل", "غادر"]
    places = ["عمان", "بغداد", "تونس"]
    rng = random.Random(2)
    corpus = tmp_path / "c.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for i in range(200):
            text = " ".join(rng.choice(g) for _ in range(3) for g in (agents, verbs, places))
            fh.write(json.dumps({"id": f"X{i}", "title": "", "text": text}, ensure_ascii=False) + "\n")
    out = tmp_path / "ner-words.tsv"
    res = build_word_table([corpus], out, dim=4, ks=(2, 3, 4), brown=3)
    assert res["vocab"] == 9 and "brown_seconds" in res
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0][-1] == "brown" and all(len(r) == 10 for r in rows)
    path = {r[0]: r[9] for r in rows[1:]}
    for group in (agents, verbs, places):
        assert len({path[w] for w in group}) == 1
    # the CRF reads the column
    fx = FeatureExtractor(WordTable(out))
    assert f"b4={path['بغداد'][:4]}" in fx.compute_word_feats("بغداد")[0]
    # without ``brown``: the eight columns as before
    build_word_table([corpus], out, dim=4, ks=(2, 3, 4))
    assert out.read_text(encoding="utf-8").splitlines()[0].split("\t")[-1] == "loc_trig"


def test_train_cli_refuses_brown_with_reused_tables(capsys):
    from rasd.cli import main

    assert main(["train", "ner", "--reuse-tables", "--brown", "256"]) == 2
    assert "--reuse-tables" in capsys.readouterr().err
