"""Benchmark of the text layer: tokenisation (with proclitic segmentation), sentence splitting
and match keys, on the dev articles (``../shared/eval/dev/articles.jsonl``).

Usage::

    .venv/bin/python benchmarks/bench_text.py [ARTICLES.jsonl] [--repeat N]

Prints tokens/s and milliseconds per 800-word article for a cold start (empty analysis cache,
lexicon load included in the first pass only where stated) and a warm process.  One core.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasd.normalize import key  # noqa: E402
from rasd.text import tokenizer  # noqa: E402
from rasd.text.lexicon import load_lexicon  # noqa: E402
from rasd.text.sentences import split_sentences  # noqa: E402
from rasd.text.tokenizer import tokenize  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", nargs="?", default=str(ROOT.parent / "shared/eval/dev/articles.jsonl"))
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args(argv)
    path = Path(a.articles)
    if not path.exists():
        print(f"no articles at {path}", file=sys.stderr)
        return 2
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    chars = sum(len(t) for t in texts)

    t0 = time.perf_counter()
    load_lexicon()
    t_lex = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_tok = sum(len(tokenize(t)) for t in texts)
    t_cold = time.perf_counter() - t0
    n_words = sum(1 for t in texts for tok in tokenize(t) if tok.text[0].isalpha())

    def best(fn) -> float:
        """Fastest of ``repeat`` passes over all texts (robust to other load on the machine)."""
        times = []
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            for t in texts:
                fn(t)
            times.append(time.perf_counter() - t0)
        return min(times)

    t_warm = best(tokenize)
    t_sent = best(split_sentences)
    n_sent = sum(len(split_sentences(t)) for t in texts)
    t_key = best(key)

    per800 = lambda sec: 1000 * sec * 800 / n_words  # noqa: E731
    print(f"articles: {len(texts)}  chars: {chars}  tokens: {n_tok}  words: {n_words}  "
          f"sentences: {n_sent}")
    print(f"lexicon load: {t_lex * 1000:.0f} ms ({len(load_lexicon())} types)")
    print(f"tokenize cold (empty word cache): {n_tok / t_cold:,.0f} tokens/s, "
          f"{per800(t_cold):.2f} ms per 800 words")
    print(f"tokenize warm (best of {a.repeat}): {n_tok / t_warm:,.0f} tokens/s, {per800(t_warm):.2f} ms per 800 words")
    print(f"split_sentences: {chars / t_sent / 1e6:.1f} M chars/s, "
          f"{per800(t_sent):.2f} ms per 800 words")
    print(f"key() over whole texts: {chars / t_key / 1e6:.1f} M chars/s")
    print(f"word analyses cached: {tokenizer.analyze_word.cache_info().currsize}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
