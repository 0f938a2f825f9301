#!/usr/bin/env python3
"""False copies per 10,000 real posts against indexes of real news text of growing size.

    python scripts/make_fpnews.py /tmp/fpnews --without ntrex --download   # once, ~30 s
    python scripts/bench_fp.py --news /tmp/fpnews --work /tmp/fpbench --encoder use
    python scripts/bench_fp.py --news /tmp/fpnews --work /tmp/fpbench --sizes 1k,10k --json-out fp.json

For each size (benchmarks/fpnews: 1k, 10k, 100k passages of real news, no state-media copies of
the posts) the index is built once under --work (reused when its manifest is there, so the
costly 100k build happens once), then every post of benchmarks/negatives/<half>/posts.jsonl
(real posts that copy nothing, 9 languages) is checked with the default, calibrated matcher.
Every reported match is a false copy. Prints, per size: posts, false copies, false copies per
10,000, by match type and by language, and the slowest-growing figure the issue asks about:
whether false copies grow faster than the index. --show lists the false copies.

Issue 12 target: <= 3 false copies per 10,000 real posts at 100k passages.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from quality_evals import _problem, log

from sourcetrace import index as ix
from sourcetrace.match import Matcher
from sourcetrace.readers import read_articles, read_gold


def commit() -> str | None:
    """The short hash of the checkout's HEAD, "+" where src/ has changes not committed; None
    outside a git checkout."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+" if dirty else "")


def build(news: Path, work: Path, size: str, encoder: str) -> Path:
    path = work / f"fp-{size}-{encoder.replace('+', '_')}"
    if (path / "manifest.json").is_file():
        return path
    log(f"indexing {news / size / 'articles.jsonl'} with {encoder} (once) ...")
    t0 = time.perf_counter()
    ix.build(path, read_articles([news / size / "articles.jsonl"], _problem), encoder=encoder,
             replace=True)
    log(f"  built in {time.perf_counter() - t0:.0f} s")
    return path


def measure(index_dir: Path, posts: list[tuple[Any, dict]], show: bool) -> dict[str, Any]:
    index = ix.Index.open(index_dir)
    matcher = Matcher(index)
    by_type: collections.Counter[str] = collections.Counter()
    by_lang: collections.Counter[str] = collections.Counter()
    n_lang: collections.Counter[str] = collections.Counter()
    false = 0
    t0 = time.perf_counter()
    for (post, _gold), result in zip(posts, matcher.check_many(p for p, _ in posts)):
        lang = post.lang or "?"
        n_lang[lang] += 1
        if result.top is None:
            continue
        false += 1
        by_type[result.top.match_type] += 1
        by_lang[lang] += 1
        if show:
            m = result.top
            log(f"  {post.id} ({lang}) -> {m.article.id} {m.match_type} {m.confidence:.2f}:"
                f" {post.text[:90]!r}")
    seconds = time.perf_counter() - t0
    n = len(posts)
    return {
        "passages": index.manifest["counts"]["passages"],
        "posts": n,
        "false_copies": false,
        "per_10k": round(1e4 * false / n, 1) if n else None,
        "by_type": dict(by_type),
        "by_lang": {k: f"{by_lang[k]}/{n_lang[k]}" for k in sorted(n_lang)},
        "posts_per_s": round(n / seconds, 1) if seconds else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=Path, required=True, help="scripts/make_fpnews.py output")
    parser.add_argument("--work", type=Path, required=True, help="where the indexes are kept")
    parser.add_argument("--sizes", default="1k,10k,100k")
    parser.add_argument("--encoder", default="use+e5")
    parser.add_argument("--half", default="test", choices=["tune", "test"])
    parser.add_argument("--show", action="store_true", help="list every false copy")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    posts = list(read_gold([REPO / "benchmarks" / "negatives" / args.half / "posts.jsonl"], _problem))
    # the commit measured, so that docs/QUALITY.md can tell a figure of an earlier commit from this one's
    out: dict[str, Any] = {"encoder": args.encoder, "half": args.half, "commit": commit(), "sizes": {}}
    for size in args.sizes.split(","):
        path = build(args.news, args.work, size, args.encoder)
        log(f"checking {len(posts)} real posts against {size} ...")
        out["sizes"][size] = row = measure(path, posts, args.show)
        log(f"  {row['false_copies']} false copies ({row['per_10k']} per 10,000): {row['by_type']}")
    print(f"\nfalse copies per 10,000 real posts ({args.half} half, encoder {args.encoder})")
    print(f"{'size':>6} {'passages':>9} {'posts':>6} {'false':>6} {'per 10k':>8}  by type")
    for size, row in out["sizes"].items():
        print(f"{size:>6} {row['passages']:>9,} {row['posts']:>6} {row['false_copies']:>6}"
              f" {row['per_10k']:>8}  {row['by_type']}")
    if args.json_out:
        args.json_out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
