"""Benchmark of rasd.ingest.html.extract_html against plain trafilatura on real Arabic pages.

Data: ``../shared/data/html`` (see each folder's PROVENANCE.md; pages are evaluation fixtures
and are never copied into the repository).  Measures:

* main text, CNN Arabic 2013 and LBCI 2026: token-level precision / recall / F1 of the
  extracted text against the gold body (bags of whitespace tokens with punctuation stripped,
  multiset overlap);
* assabah.com.tn: how many of the "with" snippets are present and "without" snippets absent;
* titles: exact match (whitespace-normalised) against the gold title where one is given;
* publication date: accuracy (exact ``YYYY-MM-DD``) on the 8 htmldate gold pages, with the
  page URL given and without it, plus the CNN and LBCI pages.

The peer is ``trafilatura.extract(html)`` with default settings for text and
``trafilatura.bare_extraction(html, with_metadata=True)`` for title and date.

Run: ``.venv/bin/python benchmarks/bench_html.py [--json]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASD_SHARED", ROOT.parent / "shared"))
HTML = SHARED / "data" / "html"

_PUNCT = re.compile(r"[^\w%]+")


def tokens(text: str) -> Counter[str]:
    """Bag of tokens: whitespace split, punctuation stripped, empty tokens dropped."""
    out: Counter[str] = Counter()
    for t in text.split():
        t = _PUNCT.sub("", t)
        if t:
            out[t] += 1
    return out


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Token-level (precision, recall, F1) of ``pred`` against ``gold``."""
    p, g = tokens(pred), tokens(gold)
    tp = sum((p & g).values())
    prec = tp / max(1, sum(p.values()))
    rec = tp / max(1, sum(g.values()))
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def _ws(s: str | None) -> str:
    return " ".join((s or "").split())


def pages() -> list[dict]:
    """The main-text pages with their gold: name, html, url, gold text/title/date or snippets."""
    out = []
    cnn = HTML / "html_cnn_arabic_2013" / "newspaper4k"
    meta = json.loads((cnn / "arabic_article.json").read_text("utf-8"))
    out.append({"name": "cnn-arabic-2013",
                "html": (cnn / "arabic_article.html").read_bytes().decode("utf-8", "replace"),
                "url": meta.get("url"), "gold": (cnn / "arabic_article.txt").read_text("utf-8"),
                "title": meta.get("title"), "date": "2013-08-03"})
    lb = HTML / "html_fundus_lbcgroup"
    gold = json.loads((lb / "LBCGroup.json").read_text("utf-8"))["V1"]
    paras = [p for s in gold["body"]["sections"] for p in s["paragraphs"]]
    info = json.loads((lb / "meta.info").read_text("utf-8"))["LBCGroup_2026_01_08.html.gz"]
    out.append({"name": "lbci-2026",
                "html": gzip.decompress((lb / "LBCGroup_2026_01_08.html.gz").read_bytes())
                .decode("utf-8", "replace"),
                "url": info["url"], "gold": "\n".join(paras), "title": gold.get("title"),
                "date": (gold.get("publishing_date") or "")[:10] or None})
    asb = HTML / "html_trafilatura_assabah"
    entry = next(iter(json.loads((asb / "evaldata_entry.json").read_text("utf-8")).items()))
    out.append({"name": "assabah", "html": (asb / entry[1]["file"]).read_bytes()
                .decode("utf-8", "replace"), "url": entry[0], "with": entry[1]["with"],
                "without": entry[1]["without"], "title": entry[1]["title"]})
    return out


def run(peer: bool = True) -> dict:
    """Compute every number; returns a dict (printed as a table by :func:`main`).

    With ``peer=False`` trafilatura's own numbers are not computed (faster; used by tests).
    """
    import trafilatura

    from rasd.ingest.html import extract_html

    res: dict = {"text": [], "dates": []}
    warm = ("<html><body><article><p>" + "نص للتسخين قبل القياس. " * 20
            + "</p></article></body></html>")
    extract_html(warm)   # load lazy imports once, so the timings below are per page
    if peer:
        trafilatura.extract(warm)
    for pg in pages():
        t0 = time.perf_counter()
        ours = extract_html(pg["html"], url=pg["url"], source=pg["name"])
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        peer_text = (trafilatura.extract(pg["html"]) or "") if peer else ""
        t_peer = time.perf_counter() - t0
        peer_meta = trafilatura.bare_extraction(pg["html"], with_metadata=True) if peer else None
        row = {"page": pg["name"], "ms_ours": round(t_ours * 1000), "ms_peer": round(t_peer * 1000)}
        if "gold" in pg:
            row["ours"] = [round(x, 3) for x in prf(ours.text, pg["gold"])]
            row["peer"] = [round(x, 3) for x in prf(peer_text, pg["gold"])]
        else:
            def snip(txt: str) -> str:
                ok = sum(s in txt for s in pg["with"]) + sum(s not in txt for s in pg["without"])
                return f"{ok}/{len(pg['with']) + len(pg['without'])}"
            row["ours"] = snip(ours.text)
            row["peer"] = snip(peer_text)
        if pg.get("title"):
            row["title_ours"] = _ws(ours.title) == _ws(pg["title"])
            row["title_peer"] = _ws(peer_meta.title if peer_meta else None) == _ws(pg["title"])
        res["text"].append(row)
        if pg.get("date"):
            res["dates"].append({"page": pg["name"], "gold": pg["date"], "ours": ours.published,
                                 "peer": peer_meta.date if peer_meta else None})
    hd = HTML / "html_htmldate_arabic"
    gold_dates = json.loads((hd / "gold_dates.json").read_text("utf-8"))
    for url, g in gold_dates.items():
        html = (hd / "pages" / g["file"]).read_bytes().decode("utf-8", "replace")
        ours = extract_html(html, url=url, source=g["file"])
        ours_nourl = extract_html(html, source=g["file"])
        pm = trafilatura.bare_extraction(html, url=url, with_metadata=True) if peer else None
        pm_nourl = trafilatura.bare_extraction(html, with_metadata=True) if peer else None
        res["dates"].append({"page": g["file"], "gold": g["date"], "ours": ours.published,
                             "peer": pm.date if pm else None,
                             "ours_nourl": ours_nourl.published,
                             "peer_nourl": pm_nourl.date if pm_nourl else None})
    d = res["dates"]
    res["date_accuracy"] = {k: f"{sum(r.get(k) == r['gold'] for r in d if k in r)}/"
                               f"{sum(1 for r in d if k in r)}"
                            for k in ("ours", "peer", "ours_nourl", "peer_nourl")}
    return res


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark (``--json``: machine-readable); returns 0, or 2 without data."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not HTML.exists():
        print(f"no data at {HTML} (set RASD_SHARED)", file=sys.stderr)
        return 2
    res = run()
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print("main text (P/R/F1 tokens, or snippets ok)   rasd.extract_html        "
          "trafilatura.extract")
    for r in res["text"]:
        print(f"  {r['page']:<18} {str(r['ours']):<28} {str(r['peer']):<28} "
              f"title ours={r.get('title_ours')} peer={r.get('title_peer')}  "
              f"ms {r['ms_ours']}/{r['ms_peer']}")
    print("publication dates (gold / ours / trafilatura "
          "[/ ours without URL / trafilatura without URL])")
    for r in res["dates"]:
        print(f"  {r['page']:<18} {r['gold']}  {r['ours']}  {r['peer']}  "
              f"{r.get('ours_nourl', '')}  {r.get('peer_nourl', '')}")
    print("date accuracy:", res["date_accuracy"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
