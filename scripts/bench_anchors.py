#!/usr/bin/env python3
"""Time `anchorcompare.compare` per (post, article) pair on cross-script tuning pairs, for one or more
source trees measured in one run (ratios, not absolute times: the machines are shared).

    python scripts/bench_anchors.py [--tree PATH ...] [--articles 40] [--posts 300] [--rounds 2]
    python scripts/bench_anchors.py --long

`--long`: what an article of anchors.MAX_ARTICLE_ANCHOR_CHARS characters costs when indexed
(seconds for `storedkeys.stored_keys`, the stored table's characters, seconds to read it back):
NTREX news in English, Chinese and Spanish run together, and made-up texts dense with anchors
(numbers in miles per hour, each with its metric readings; capitalised names; dates).

Pairs: the first ARTICLES articles of benchmarks/directions/tune/zh (Chinese) against the first
POSTS of its posts (Spanish, French, Portuguese, Russian, English), and the same of
benchmarks/ntrex/tune (English articles, posts in twelve languages, Chinese among them). Each
article's table is read back from its stored keys (`storedkeys.stored_table`), as a query reads
an index's, then compared with every post. Each tree runs in its own process; rounds alternate.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = ("benchmarks/directions/tune/zh", "benchmarks/ntrex/tune")

_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1] + "/src")
from sourcetrace import anchors
try:
    from sourcetrace.anchorcompare import compare
except ImportError:  # a tree from before compare moved out of anchors.py
    from sourcetrace.anchors import compare
from sourcetrace.storedkeys import stored_keys, stored_table
articles_n, posts_n = int(sys.argv[3]), int(sys.argv[4])
total, pairs = 0.0, 0
for folder in json.loads(sys.argv[5]):
    arts = [json.loads(l) for l in open(f"{sys.argv[2]}/{folder}/articles.jsonl", encoding="utf-8")][:articles_n]
    posts = [json.loads(l) for l in open(f"{sys.argv[2]}/{folder}/posts.jsonl", encoding="utf-8")][:posts_n]
    texts = [anchors.readable((a.get("title") or "") + "\n" + a["text"]) for a in arts]
    stored = [(t, stored_keys(t)) for t in texts]
    post_anchors = [(t, anchors.extract(t)) for t in (anchors.readable(p["text"]) for p in posts)]
    start = time.perf_counter()
    for text, keys in stored:
        table = stored_table(text, keys)
        for post_text, found in post_anchors:
            compare(found, table, post_text=post_text)
            pairs += 1
    total += time.perf_counter() - start
print(json.dumps({"pairs": pairs, "seconds": total}))
"""


def long_articles() -> None:
    """Print, per long text, its length, `stored_keys`'s seconds and characters, and the seconds
    `stored_table` takes to read them back."""
    import random
    import string
    import time

    sys.path.insert(0, str(REPO / "src"))
    from sourcetrace.anchorcompare import article_keys
    from sourcetrace.anchors import MAX_ARTICLE_ANCHOR_CHARS as limit
    from sourcetrace.storedkeys import stored_keys, stored_table

    rng = random.Random(1)
    ntrex = REPO.parent / "shared" / "data" / "ntrex128"
    texts = {f"NTREX {name}": (ntrex / f"newstest2019-{name}.txt").read_text(encoding="utf-8")[:limit]
             for name in ("src.eng", "ref.zho-CN", "ref.spa") if (ntrex / f"newstest2019-{name}.txt").is_file()}
    texts["decimals in mph"] = " ".join(f"{rng.randint(1, 99999)}.{rng.randint(1, 99)} mph"
                                        for _ in range(limit // 10))[:limit]
    texts["names"] = " ".join(rng.choice(string.ascii_uppercase) + "".join(rng.choice("aeioulnrst") for _ in range(6))
                              for _ in range(limit // 8))[:limit]
    texts["dates"] = " ".join(f"{rng.randint(1, 28)} {rng.choice(['March', 'April', 'May'])} {rng.randint(1900, 2030)}"
                              for _ in range(limit // 10))[:limit]
    for name, text in texts.items():
        article_keys.cache_clear()
        start = time.perf_counter()
        stored = stored_keys(text)
        middle = time.perf_counter()
        stored_table(text, stored)
        print(f"{name}: {len(text):,} characters, stored_keys {middle - start:.2f} s, {len(stored):,} characters"
              f" stored, read back {time.perf_counter() - middle:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tree", action="append", help="a source tree (default: this one); repeat to compare")
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--posts", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--long", action="store_true", help="time indexing the anchors of long articles instead")
    args = ap.parse_args()
    if args.long:
        long_articles()
        return
    trees = args.tree or [str(REPO)]
    results: dict[str, list[float]] = {t: [] for t in trees}
    for _ in range(args.rounds):
        for tree in trees:
            out = subprocess.run([sys.executable, "-c", _CHILD, tree, str(REPO), str(args.articles), str(args.posts),
                                  json.dumps(SETS)], capture_output=True, text=True, check=True)
            row = json.loads(out.stdout)
            results[tree].append(row["seconds"] / row["pairs"] * 1e6)
    first = min(results[trees[0]])
    for tree in trees:
        best = min(results[tree])
        print(f"{tree}: {best:.1f} us per pair (best of {args.rounds}; rounds {', '.join(f'{v:.1f}' for v in results[tree])})"
              f", {best / first:.2f}x the first tree")


if __name__ == "__main__":
    main()
