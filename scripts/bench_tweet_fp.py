#!/usr/bin/env python3
"""False copies of real personal posts against an index of real state-media posts (CANIS tweets).

    python scripts/bench_tweet_fp.py --work /tmp/tweetfp [--half test] [--show] [--json-out OUT]

`scripts/bench_fp.py` checks the real posts that copy nothing (`benchmarks/negatives`) against
indexes of news text. Users also index what state media post: short tweets, among them the
greetings, weather and food posts people write about their own lives too ("Happy Mother's Day
to all mothers!!", "Good morning from Beijing!"). A trial (58) wrote personal greetings on
such tweets' themes and saw 10 of 29 reported at 0.90-1.00. This script measures how often
that happens on real posts: every post of `benchmarks/negatives/<half>/posts.jsonl` (personal
posts, 9 languages) is checked against an index of the CANIS posts that
`scripts/bench_state_fp.py` does not sample (`../shared/data/canis-tweets`: not redistributed,
read where it lies; the posts on a listed account's timeline, retweets left out, in the order of
that script's seeded shuffle, after its first 4,000: 17,739 posts). Each post is one article
(outlet: the account). Every reported match is a false copy; the JSON names each (post,
article, type, confidence), without the texts.

The index is built once under --work (embedding 17,739 posts takes about 15 minutes on the
2-core machine) and reused while its manifest is there.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import bench_fp
import bench_state_fp
from quality_evals import _problem, log

from sourcetrace import index as ix
from sourcetrace.readers import read_articles, read_gold

# X's `lang` values that name no language (media only, no text, undetermined...)
NOT_LANGUAGES = frozenset({"und", "zxx", "qme", "qht", "qam", "qct", "art"})


def write_articles(tweets: Path, out: Path) -> int:
    """The CANIS timeline posts bench_state_fp.py does not sample, one article each, as JSONL;
    returns how many."""
    rows = bench_state_fp.timeline_rows(tweets)[bench_state_fp.SAMPLE:]
    with out.open("w", encoding="utf-8") as fh:
        for t in rows:
            lang = t.get("lang")
            fh.write(json.dumps({"id": "tw-" + t["id"], "outlet": t["screen_name"], "text": t["text"],
                                 "lang": None if lang in NOT_LANGUAGES else lang,
                                 "published_at": t["created_at"]}, ensure_ascii=False) + "\n")
    return len(rows)


def main() -> None:
    args = bench_state_fp.arguments(__doc__)
    path = args.work / f"tweets-{args.encoder.replace('+', '_')}"
    if not (path / "manifest.json").is_file():
        args.work.mkdir(parents=True, exist_ok=True)
        articles = args.work / "canis-articles.jsonl"
        log(f"indexing {write_articles(args.tweets, articles):,} CANIS posts with {args.encoder} (once) ...")
        t0 = time.perf_counter()
        ix.build(path, read_articles([articles], _problem), encoder=args.encoder, replace=True)
        log(f"  built in {time.perf_counter() - t0:.0f} s")
    posts = [p for p, _ in read_gold([REPO / "benchmarks" / "negatives" / args.half / "posts.jsonl"], _problem)]
    index = ix.Index.open(path)
    run = bench_state_fp.false_copies(index, posts, lambda _post, m: {"article_lang": m.article.lang},
                                      args.show, show_article=True)
    out = {"half": args.half, "encoder": args.encoder, "commit": bench_fp.commit(), **run}
    print(f"{args.half} half: {out['false_copies']} false copies of {out['posts']} personal posts"
          f" ({out['per_10k']} per 10,000) against {index.articles:,} state-media posts"
          f" ({out['passages']:,} passages): {out['by_type']}")
    if args.json_out:
        args.json_out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
