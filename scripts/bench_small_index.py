#!/usr/bin/env python3
"""False copies and recall against SMALL indexes: a few state-media articles, as a researcher
indexes for one story (trial 24: a 9-article index reported an unrelated headline at 0.93).

    python scripts/bench_small_index.py --work /tmp/smallbench [--half tune] [--articles 3,6,12] [--draws 4]

For each size k and draw, k articles of benchmarks/condensed/<half> are drawn at random (seeded)
and indexed with the default encoders (under --work, reused). Checked against it: the half's
copies whose gold article is among the k (recall: the right article reported), the half's
real CANIS state-media posts of `scripts/bench_state_fp.py` (posts on other events, every
reported match a false copy) and the real personal posts of benchmarks/negatives/<half> (idem).
Prints, per k: passages, copies found / copies, false copies / posts of each kind. No timing
is asserted anywhere; the figures go to docs/QUALITY.md's text by hand when they change.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

from bench_state_fp import canis_posts

from sourcetrace import index as ix
from sourcetrace.match import Matcher
from sourcetrace.records import Article, Post

TWEETS = REPO.parent / "shared" / "data" / "canis-tweets" / "tweets.jsonl.gz"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--half", default="tune", choices=["tune", "test"])
    parser.add_argument("--articles", default="3,6,12")
    parser.add_argument("--draws", type=int, default=4)
    parser.add_argument("--negatives", type=int, default=600, help="real posts of each kind checked per index")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    bench = REPO / "benchmarks" / "condensed" / args.half
    articles = _jsonl(bench / "articles.jsonl")
    copies = [p for p in _jsonl(bench / "posts.jsonl") if (p.get("gold") or {}).get("article_id")]
    rnd = random.Random(12)
    state = canis_posts(TWEETS, args.half)
    rnd.shuffle(state)
    personal = [Post.from_dict(p) for p in _jsonl(REPO / "benchmarks" / "negatives" / args.half / "posts.jsonl")]
    rnd.shuffle(personal)
    state, personal = state[: args.negatives], personal[: args.negatives]
    rows = []
    for k in (int(x) for x in args.articles.split(",")):
        total = {"passages": 0, "copies": 0, "found": 0, "state_fp": 0, "state": 0, "personal_fp": 0, "personal": 0}
        for draw in range(args.draws):
            chosen = random.Random(f"{k}-{draw}").sample(articles, k)
            ids = {a["id"] for a in chosen}
            path = args.work / f"small-{args.half}-{k}-{draw}"
            if not (path / ix.MANIFEST).exists():
                ix.build(path, [Article.from_dict(a) for a in chosen], replace=True)
            index = ix.Index.open(path)
            matcher = Matcher(index)
            mine = [p for p in copies if p["gold"]["article_id"] in ids]
            results = list(matcher.check_many(Post.from_dict(p) for p in mine))
            found = sum(1 for p, r in zip(mine, results) if r.top is not None and r.top.article.id == p["gold"]["article_id"])
            state_fp = sum(1 for r in matcher.check_many(state) if r.top is not None)
            personal_fp = sum(1 for r in matcher.check_many(personal) if r.top is not None)
            total["passages"] += index.manifest["counts"]["passages"]
            total["copies"] += len(mine)
            total["found"] += found
            total["state_fp"] += state_fp
            total["state"] += len(state)
            total["personal_fp"] += personal_fp
            total["personal"] += len(personal)
            print(f"k={k} draw {draw}: {index.manifest['counts']['passages']} passages, copies {found}/{len(mine)},"
                  f" state-media false copies {state_fp}/{len(state)}, personal {personal_fp}/{len(personal)}", flush=True)
        rows.append({"articles": k, **total})
        print(f"k={k}: mean {total['passages'] / args.draws:.0f} passages; recall {total['found']}/{total['copies']};"
              f" false copies: state-media {total['state_fp']}/{total['state']},"
              f" personal {total['personal_fp']}/{total['personal']}", flush=True)
    if args.json_out:
        args.json_out.write_text(json.dumps({"half": args.half, "rows": rows}, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
