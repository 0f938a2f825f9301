#!/usr/bin/env python3
"""Time the work one long post costs: `align.align` against a long article, and the sentence
queries `prepare` hands the encoders, for one or more source trees in one run (ratios, not
absolute times: the machines are shared).

    python scripts/bench_long_posts.py [--tree PATH ...] [--sizes 1000,3000,10000] [--rounds 1]

Texts (trial 19's hostile inputs, rebuilt deterministically): the Chinese posts of
../shared/data/canis-tweets with URLs, spaces and sentence ends removed, shuffled with a fixed
seed and run together; the article is 50,000 such characters, each post the first SIZE of
another shuffle (related text: it shares many short stretches with the article, the aligner's
worst case), or of a reshuffle of the article's own 30-character pieces. For each size and tree
the script prints the seconds `align.align` takes per (post, article) pair, and the number and
width (`segment.width`) of the sentence queries of an English post of 32 long sentences (about
4,900 words, cut to 10,000 characters). Each tree runs in its own process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
TWEETS = REPO.parent / "shared" / "data" / "canis-tweets" / "tweets.jsonl.gz"

_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1] + "/src")
from sourcetrace import align
from sourcetrace.match import MatchConfig
from sourcetrace.prepared import core_text, prepare
from sourcetrace.records import Post
from sourcetrace.segment import width
texts = json.loads(open(sys.argv[2], encoding="utf-8").read())
out = {}
for name, post in texts["posts"].items():
    core = core_text(post)
    start = time.perf_counter()
    align.align(core, texts["article"])
    out[name] = time.perf_counter() - start
prep = prepare(Post(texts["long_english"], id="long"), MatchConfig())
out["sentence_queries"] = len(prep.queries) - 1
out["sentence_width"] = sum(width(q.text) for q in prep.queries[1:])
print(json.dumps(out))
"""


def hostile_texts(sizes: list[int]) -> dict[str, object]:
    """The article, the posts by name ("related-SIZE", "pieces-SIZE") and the long English post."""
    drop = regex.compile(r"https?://\S+|[。！？!?.\s#@]")
    zh = []
    with gzip.open(TWEETS, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("lang") == "zh" and not row.get("is_retweet"):
                zh.append(drop.sub("", row.get("text") or ""))
    rng = random.Random(19)
    rng.shuffle(zh)
    article = "".join(zh)[:50_000]
    rng.shuffle(zh)
    related = "".join(zh)
    pieces = [article[i : i + 30] for i in range(0, len(article), 30)]
    rng.shuffle(pieces)
    reordered = "".join(pieces)
    posts = {}
    for size in sizes:
        posts[f"related-{size}"] = related[:size]
        posts[f"pieces-{size}"] = reordered[:size]
    sentence = "The delegation visited the new port facilities and met local officials in the province " * 11
    long_english = " ".join(sentence.strip() + f" on day {i}." for i in range(32))
    return {"article": article, "posts": posts, "long_english": long_english}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tree", action="append", help="a source tree (default: this one); repeat to compare")
    ap.add_argument("--sizes", default="1000,3000,10000", help="post lengths in characters")
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    trees = args.tree or [str(REPO)]
    sizes = [int(s) for s in args.sizes.split(",")]
    texts_file = Path("/tmp") / f"bench_long_posts_{'_'.join(map(str, sizes))}.json"
    texts_file.write_text(json.dumps(hostile_texts(sizes), ensure_ascii=False), encoding="utf-8")
    results: dict[str, dict[str, float]] = {t: {} for t in trees}
    for _ in range(args.rounds):
        for tree in trees:
            out = subprocess.run([sys.executable, "-c", _CHILD, tree, str(texts_file)],
                                 capture_output=True, text=True, check=True)
            for key, value in json.loads(out.stdout).items():
                results[tree][key] = min(results[tree].get(key, value), value)
    first = results[trees[0]]
    for tree in trees:
        row = results[tree]
        print(f"{tree}: sentence queries of a 32-sentence post of 4,900 words: {row['sentence_queries']:.0f}"
              f" (width {row['sentence_width']:.0f})")
        for size in sizes:
            for kind in ("related", "pieces"):
                key = f"{kind}-{size}"
                print(f"  align, {kind} Chinese post of {size:,} characters vs a 50,000-character article:"
                      f" {row[key]:.2f} s ({row[key] / first[key]:.2f}x the first tree)")


if __name__ == "__main__":
    main()
