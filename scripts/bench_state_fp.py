#!/usr/bin/env python3
"""False copies among state-media posts on other events: real CANIS posts against state-media articles.

    python scripts/bench_state_fp.py --work /tmp/statefp [--half test] [--show] [--json-out OUT]

The real-post benchmark (`scripts/bench_fp.py`) checks personal posts, which rarely share a
topic with state media. A dump under investigation is full of posts that do: state-media
formulas ("Xi met ...", "China's economy grew ..."), Beijing, Xinjiang, the GDP. A trial
checked 400 real posts of the accounts on the CANIS list of PRC state media against 25 real
state-media articles and saw 14 reported as copies of articles on other events, at 0.89-0.99.

This script checks a fixed sample of those posts (`../shared/data/canis-tweets`: not
redistributed, read where it lies; the posts on the timeline of a listed account, retweets left
out, 4,000 drawn with seed 7, the even ids the tuning half and the odd ones the test half)
against an index of `benchmarks/condensed/<half>/articles.jsonl` (real Xinhua, CGTN, China News
Service, Global Times, People's Daily and RT articles, zh, es and en, from 1995 to 2025). Every
reported match is counted as a false copy; the JSON lists each (post, article, type,
confidence, both texts' openings), so that one a reader finds to be a real copy can be struck
out by hand: in the tuning half's 26 none was (each was read).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from quality_evals import _problem, log

from sourcetrace import index as ix
from sourcetrace.match import Matcher
from sourcetrace.readers import read_articles
from sourcetrace.records import Post

SAMPLE, SEED = 4000, 7


def timeline_rows(path: Path) -> list[dict[str, Any]]:
    """The CANIS posts on a listed account's timeline with text, retweets left out, in the
    order of the seeded shuffle: the sample is the first SAMPLE (scripts/bench_tweet_fp.py
    indexes the rest)."""
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)
            if not t["is_retweet"] and t["origin"] == "timeline" and t["text"].strip():
                rows.append(t)
    random.Random(SEED).shuffle(rows)
    return rows


def canis_posts(path: Path, half: str) -> list[Post]:
    """The sample's posts of `half` (see the docstring), in the sample's order."""
    rows = timeline_rows(path)
    parity = 0 if half == "tune" else 1
    return [Post(text=t["text"], id="c-" + t["id"], author=t["screen_name"], platform="x",
                 created_at=t["created_at"])
            for t in rows[:SAMPLE] if int(t["id"]) % 2 == parity]


def arguments(doc: str) -> argparse.Namespace:
    """The options this script and scripts/bench_tweet_fp.py share, parsed; SystemExit where the
    CANIS posts are not at --tweets."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--work", type=Path, required=True, help="where the index is kept (reused)")
    ap.add_argument("--half", default="test", choices=["tune", "test"])
    ap.add_argument("--encoder", default="use+e5")
    ap.add_argument("--tweets", type=Path, default=REPO.parent / "shared" / "data" / "canis-tweets" / "tweets.jsonl.gz")
    ap.add_argument("--show", action="store_true", help="list every false copy")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args()
    if not args.tweets.is_file():
        raise SystemExit(f"no {args.tweets}: the CANIS posts are read from ../shared/data (see the docstring)")
    return args


def false_copies(index: ix.Index, posts: list[Post], record: Callable[[Post, Any], dict[str, Any]],
                 show: bool, show_article: bool = False) -> dict[str, Any]:
    """Check `posts` against `index` with the default matcher; every reported match is a false
    copy. Returns the index's passages and articles, the posts, the false copies (and per
    10,000), by match type, the seconds the check took and one row per false copy: post,
    language, article, type, confidence, and what `record(post, match)` adds. `show` logs each
    (with the article's opening too where `show_article`)."""
    by_type: collections.Counter[str] = collections.Counter()
    matches: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for post, result in zip(posts, Matcher(index).check_many(posts)):
        m = result.top
        if m is None:
            continue
        by_type[m.match_type] += 1
        matches.append({"post": post.id, "lang": result.post.lang, "article": m.article.id,
                        "type": m.match_type, "confidence": round(m.confidence, 3), **record(post, m)})
        if show:
            log(f"  {post.id} ({result.post.lang}) -> {m.article.id} {m.match_type} {m.confidence:.2f}: {post.text[:90]!r}"
                + (f" / {m.article.text[:90]!r}" if show_article else ""))
    n = len(posts)
    return {"passages": index.manifest["counts"]["passages"], "articles": index.articles, "posts": n,
            "false_copies": len(matches), "per_10k": round(1e4 * len(matches) / n, 1) if n else None,
            "by_type": dict(by_type), "seconds": round(time.perf_counter() - t0, 1), "matches": matches}


def main() -> None:
    args = arguments(__doc__)
    posts = canis_posts(args.tweets, args.half)
    path = args.work / f"state-{args.half}-{args.encoder.replace('+', '_')}"
    if not (path / "manifest.json").is_file():
        log(f"indexing the condensed {args.half} half's articles with {args.encoder} (once) ...")
        ix.build(path, read_articles([REPO / "benchmarks" / "condensed" / args.half / "articles.jsonl"], _problem),
                 encoder=args.encoder, replace=True)
    index = ix.Index.open(path)
    arts = {json.loads(line)["id"]: json.loads(line) for line in
            (REPO / "benchmarks" / "condensed" / args.half / "articles.jsonl").read_text(encoding="utf-8").splitlines()}

    def record(post: Post, m: Any) -> dict[str, Any]:
        art = arts.get(m.article.id, {})
        return {"source_first": m.source_first, "post_text": post.text[:160],
                "article_text": (art.get("title") or art.get("text", ""))[:160]}

    run = false_copies(index, posts, record, args.show)
    out = {"half": args.half, "encoder": args.encoder, **run,
           "article_later": sum(m["source_first"] is False for m in run["matches"])}
    print(f"{args.half} half: {out['false_copies']} false copies of {out['posts']} state-media posts"
          f" ({out['per_10k']} per 10,000) against {out['passages']} passages: {out['by_type']}")
    if args.json_out:
        args.json_out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
