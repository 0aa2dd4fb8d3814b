"""Benchmark rasd's time expressions and quantities against the dev gold and against dateparser.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_timex.py                 # dev gold + speed on 1,000 articles
    .venv/bin/python benchmarks/bench_timex.py --speed-n 200 --dp-speed-n 100
    .venv/bin/python benchmarks/bench_timex.py --errors        # list misses and wrong values

What it prints:

* rasd on ``../shared/eval/dev/articles.jsonl`` scored with :func:`rasd.eval.score.evaluate`
  (the project scorer, ``../shared/eval/README.md`` rules: timexes match by containment of the
  normalised text, then the value must be equal; quantities by kind, unit and value within
  0.5 %): timex detection P/R/F1, value accuracy over matched timexes, value P/R/F1, quantity
  P/R/F1 and qualifier accuracy;
* the same timex scores for ``dateparser.search.search_dates(text, languages=["ar"],
  settings={"RELATIVE_BASE": published})`` on the same articles (its dates are turned into
  TIMEX3 values at the grain the matched text shows: a lone year -> ``YYYY``, month without day
  -> ``YYYY-MM``, else ``YYYY-MM-DD``);
* speed: articles per second of :func:`extract_timexes` (+ :func:`extract_quantities`) and of
  dateparser's ``search_dates`` on the first N articles of ``../shared/data/news/corpus.jsonl``,
  and the ratio (CPU time of one process, so other jobs on the machine do not skew it;
  dateparser's first call, which loads its language data, is excluded).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("RASD_SHARED", ROOT.parent / "shared"))

from rasd.eval.score import evaluate  # noqa: E402
from rasd.extract.quantities import extract_quantities  # noqa: E402
from rasd.extract.timex import extract_timexes  # noqa: E402
from rasd.normalize import key  # noqa: E402


def load_jsonl(path: Path, n: int | None = None) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
                if n is not None and len(out) >= n:
                    break
    return out


def rasd_doc(rec: dict) -> dict:
    text = rec["text"]
    return {"id": rec["id"], "title": rec.get("title"), "text": text,
            "timexes": [t.to_dict() for t in extract_timexes(text, rec.get("published"))],
            "quantities": [q.to_dict() for q in extract_quantities(text)]}


_YEAR = re.compile(r"^\D*\d{4}\D*$")


def _dp_value(surface: str, dt: datetime) -> str:
    k = key(surface)
    nums = re.findall(r"\d+", k)
    if len(nums) == 1 and len(nums[0]) == 4 and _YEAR.match(k):
        return f"{dt.year:04d}"
    if not any(len(n) <= 2 for n in nums) and re.search(r"[\u0621-\u064a]{3,}", k) and nums:
        return f"{dt.year:04d}-{dt.month:02d}"
    return dt.date().isoformat()


def dateparser_doc(rec: dict) -> dict:
    from dateparser.search import search_dates

    settings = {}
    if rec.get("published"):
        settings["RELATIVE_BASE"] = datetime.fromisoformat(rec["published"][:10])
    try:
        found = search_dates(rec["text"], languages=["ar"], settings=settings) or []
    except Exception:  # dateparser raises on some inputs; count as nothing found
        found = []
    tx = [{"text": s, "type": "DATE", "value": _dp_value(s, dt)} for s, dt in found]
    return {"id": rec["id"], "title": rec.get("title"), "text": rec["text"], "timexes": tx,
            "quantities": []}


def show(name: str, rep, with_q: bool = True) -> None:
    t, v, q = rep.layers["timexes"], rep.layers["timex_values"], rep.layers["quantities"]
    acc = rep.accuracies.get("timex_value")
    print(f"== {name}")
    print(f"  timex detection  P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f}"
          f"   (tp {t.tp} fp {t.fp} fn {t.fn})")
    if acc is not None and acc.value is not None:
        print(f"  timex value accuracy on matched {acc.value:.3f} ({acc.correct}/{acc.total})")
    print(f"  timex value      P {v.precision:.3f}  R {v.recall:.3f}  F1 {v.f1:.3f}")
    if with_q:
        qa = rep.accuracies.get("quantity_qualifier")
        print(f"  quantity         P {q.precision:.3f}  R {q.recall:.3f}  F1 {q.f1:.3f}"
              f"   (tp {q.tp} fp {q.fp} fn {q.fn})")
        if qa is not None and qa.value is not None:
            print(f"  quantity qualifier accuracy on matched {qa.value:.3f} ({qa.correct}/{qa.total})")


def speed(fn, recs: list[dict]) -> float:
    """Articles per CPU second of this process (``time.process_time``: robust to other jobs
    sharing the machine)."""
    t0 = time.process_time()
    for r in recs:
        fn(r)
    dt = time.process_time() - t0
    return len(recs) / dt if dt else float("inf")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=SHARED / "eval" / "dev")
    ap.add_argument("--corpus", type=Path, default=SHARED / "data" / "news" / "corpus.jsonl")
    ap.add_argument("--speed-n", type=int, default=1000, help="corpus articles for rasd's speed")
    ap.add_argument("--dp-speed-n", type=int, default=1000,
                    help="corpus articles for dateparser's speed (same first articles)")
    ap.add_argument("--no-dateparser", action="store_true")
    ap.add_argument("--errors", action="store_true", help="print misses and wrong values")
    a = ap.parse_args(argv)

    recs = load_jsonl(a.dev / "articles.jsonl")
    rep = evaluate([rasd_doc(r) for r in recs], a.dev / "gold")
    show(f"rasd on {len(recs)} dev articles", rep)
    if a.errors:
        for layer in ("timexes", "quantities"):
            for e in rep.errors.get(layer, []):
                print("   ", layer, json.dumps(e, ensure_ascii=False))
    if not a.no_dateparser:
        drep = evaluate([dateparser_doc(r) for r in recs], a.dev / "gold")
        show("dateparser.search_dates on the same articles", drep, with_q=False)

    if a.speed_n > 0 and a.corpus.exists():
        corpus = load_jsonl(a.corpus, max(a.speed_n, a.dp_speed_n))
        mine = corpus[: a.speed_n]
        rs = speed(lambda r: extract_timexes(r.get("text") or "", r.get("published")), mine)
        rq = speed(lambda r: (extract_timexes(r.get("text") or "", r.get("published")),
                              extract_quantities(r.get("text") or "")), mine)
        print(f"== speed on {len(mine)} corpus articles")
        print(f"  rasd timexes             {rs:9.1f} articles/s")
        print(f"  rasd timexes+quantities  {rq:9.1f} articles/s")
        if not a.no_dateparser and a.dp_speed_n > 0:
            dpr = corpus[: a.dp_speed_n]
            dateparser_doc(dpr[0])  # warm-up: language data loading
            ds = speed(dateparser_doc, dpr)
            print(f"  dateparser search_dates  {ds:9.1f} articles/s  (on {len(dpr)} articles)")
            print(f"  ratio rasd timexes / dateparser: {rs / ds:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
