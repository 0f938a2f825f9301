"""`scripts/bench.py --stream real`: check throughput on a real stream (issue 16).

    python scripts/bench.py --stream real --size 1k --encoder use
    python scripts/bench.py --stream real --size 10k --encoder use+e5 --json-out stream-10k.json

Posts: real texts that copy nothing (benchmarks/negatives/test) and true copies
(benchmarks/ntrex/test and benchmarks/condensed/test posts with a gold article), mixed 99:1
(a copy every 100th post; copies taken in a fixed spread over both benchmarks).
Index: real news passages, /work/data/fpnews_nontrex/SIZE/articles.jsonl (scripts/make_fpnews.py,
benchmarks/fpnews/README.md), plus the copies' articles (ntrex/test, condensed/test).

Vectors: USE is always real (its build runs ~800 passages/s). e5 embeds only ~6-30 passages/s
on 2 cores, so above --real-e5-max passages the index's e5 vectors are SYNTHETIC (bench.py's
SyntheticEncoder: hashed bag of words through a random matrix) and the report says so; posts
are always embedded by the REAL encoders, so the timings are real, but which passages e5 finds
near is not, and e5 cannot find the copies there.

Measured in one process, one after the other, so the ratios hold on a shared machine:
- `use_embed_s`: embedding every post's text once with USE (batches of 64), the yardstick;
- `check`: the matcher over the whole stream, as `sourcetrace check` runs it (batches of 64,
  attribution on, each result serialised to its JSON line): wall time, posts/s, the share of
  posts stopped at each screen (src/sourcetrace/screen.py), and the copies found;
- with --compare, the same without the screens (MatchConfig(screen=False)).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FPNEWS = Path(os.environ.get("SOURCETRACE_FPNEWS", "/work/data/fpnews_nontrex"))
COPY_EVERY = 100  # one copy in every 100 posts: 99 negatives to 1 copy


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def stream(n: int) -> tuple[list[Any], dict[str, str]]:
    """`n` posts, a copy every COPY_EVERY-th; and post id -> gold article id of the copies."""
    from sourcetrace.records import Post

    negatives = read_jsonl(ROOT / "benchmarks/negatives/test/posts.jsonl")
    copies = [g for b in ("ntrex", "condensed") for g in read_jsonl(ROOT / f"benchmarks/{b}/test/posts.jsonl")
              if g["gold"].get("article_id")]
    n_copies = n // COPY_EVERY
    step = max(1, len(copies) // max(1, n_copies))
    picked = copies[::step][:n_copies]
    rows: list[dict[str, Any]] = []
    neg = iter(negatives * (1 + n // len(negatives)))
    for i in range(n):
        if (i + 1) % COPY_EVERY == 0 and (i + 1) // COPY_EVERY <= len(picked):
            rows.append(picked[(i + 1) // COPY_EVERY - 1])
        else:
            row = dict(next(neg))
            row["id"] = f"{row['id']}#{i}"  # negatives repeat in long streams: ids stay unique
            rows.append(row)
    gold = {r["id"]: r["gold"]["article_id"] for r in rows if r["gold"].get("article_id")}
    return [Post.from_dict({k: v for k, v in r.items() if k != "gold"}) for r in rows], gold


def build_index(work: Path, size: str, encoder: str, real_e5_max: int, keep: bool) -> tuple[Path, str]:
    """The index (built unless kept) and how its vectors were made."""
    from bench import SyntheticEncoder

    from sourcetrace import encoders
    from sourcetrace import index as ix
    from sourcetrace.records import Article

    files = [FPNEWS / size / "articles.jsonl", ROOT / "benchmarks/ntrex/test/articles.jsonl",
             ROOT / "benchmarks/condensed/test/articles.jsonl"]
    fp_passages = {"1k": 1_099, "10k": 10_177, "100k": 100_084}.get(size, 0)  # benchmarks/fpnews/README.md
    synthetic_e5 = "e5" in encoders.split_spec(encoder) and fp_passages > real_e5_max
    vectors = "real" + ("; e5 SYNTHETIC (index side only)" if synthetic_e5 else "")
    path = work / f"stream-{size}-{encoder}{'-synth-e5' if synthetic_e5 else ''}"
    if keep and (path / "manifest.json").exists():
        return path, vectors
    articles = [Article.from_dict(a) for f in files for a in read_jsonl(f)]
    if synthetic_e5:
        synth = SyntheticEncoder("e5", 384)
        encoders.register("e5", lambda: synth)
    try:
        t0 = time.perf_counter()
        stats = ix.build(path, articles, encoder=encoder, replace=True)
        print(f"built {path}: {stats.passages} passages in {time.perf_counter() - t0:.0f}s ({vectors})",
              file=sys.stderr)
    finally:
        encoders.register("e5", encoders.E5Encoder)
    return path, vectors


def run(args: argparse.Namespace) -> dict[str, Any]:
    from sourcetrace import encoders
    from sourcetrace import index as ix
    from sourcetrace.match import MatchConfig, Matcher
    from sourcetrace.normalize import clean_for_encoder
    from sourcetrace.pipeline import default_attributor, warm_up
    from sourcetrace.safetext import json_dumps

    args.work.mkdir(parents=True, exist_ok=True)
    path, vectors = build_index(args.work, args.size, args.encoder, args.real_e5_max, args.keep)
    posts, gold = stream(args.posts)
    index = ix.Index.open(path)
    out: dict[str, Any] = {"mode": "real stream", "size": args.size, "encoder": args.encoder,
                           "vectors": vectors, "passages": index.manifest["counts"]["passages"],
                           "posts": len(posts), "copies": len(gold), "load_start": os.getloadavg()}

    use = encoders.load("use")
    texts = [clean_for_encoder(p.text) for p in posts]
    use.encode(texts[:8])  # weights load on the first call
    t0 = time.perf_counter()
    for i in range(0, len(texts), 64):
        use.encode(texts[i : i + 64])
    out["use_embed_s"] = round(time.perf_counter() - t0, 2)
    del use

    attributor = default_attributor()
    modes = [("check", MatchConfig())] + ([("check_without_screens", MatchConfig(screen=False))]
                                          if args.compare else [])
    for label, config in modes:
        matcher = Matcher(index, config, attributor)
        # load the encoders, ANN and LSH files and the attribution tables before the clock starts,
        # as the yardstick's USE is loaded before its clock (a first post the screens stop loads
        # nothing, so checking one post was not enough: until 2026-12-01 the timed check paid
        # USE's model load and the attribution imports, ~0.5 s)
        t0 = time.perf_counter()
        warm_up(matcher)
        matcher.check(posts[0])
        matcher.screened.clear()
        out[f"{label}_warm_up_s"] = round(time.perf_counter() - t0, 2)
        found = 0
        t0 = time.perf_counter()
        for result in matcher.check_many(posts):
            json_dumps(result.to_dict())
            top = result.matches[0].article.id if result.matches else None
            found += top is not None and gold.get(result.post.id) == top
        secs = time.perf_counter() - t0
        out[label] = {
            "seconds": round(secs, 2), "posts_per_s": round(len(posts) / secs, 1),
            "ratio_to_use_embed": round(secs / out["use_embed_s"], 2),
            "stopped_share": {k: round(v / len(posts), 4) for k, v in sorted(matcher.screened.items())},
            "copies_found": found,
        }
        print(f"{label}: {out[label]}", file=sys.stderr)
    out["load_end"] = os.getloadavg()
    index.close()
    return out


def table_row(r: dict[str, Any]) -> str:
    """One Markdown row: size, encoder, vectors, posts/s, stopped shares, ratio."""
    c = r["check"]
    stops = ", ".join(f"{k} {v:.1%}" for k, v in c["stopped_share"].items())
    without = r.get("check_without_screens")
    ratio = f"{c['ratio_to_use_embed']}×" + (f" (without screens {without['ratio_to_use_embed']}×)" if without else "")
    return (f"| {r['size']} ({r['passages']:,}) | {r['encoder']} | {r['vectors']} | {r['posts']:,} | "
            f"{c['posts_per_s']} | {stops} | {r['use_embed_s']} s | {c['seconds']} s | {ratio} | "
            f"{c['copies_found']}/{r['copies']} |")


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="bench.py --stream real", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", choices=["1k", "10k", "100k"], default="1k")
    ap.add_argument("--encoder", default="use+e5")
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--real-e5-max", type=int, default=2000,
                    help="largest fpnews passage count built with real e5 vectors")
    ap.add_argument("--compare", action="store_true", help="also check without the screens")
    ap.add_argument("--work", type=Path, default=Path("/tmp/sourcetrace-bench"))
    ap.add_argument("--keep", action="store_true", help="reuse an index built before")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args(argv)
    result = run(args)
    print("| index (passages) | encoder | vectors | posts | posts/s | stopped | USE embed | check | ratio | copies found |")
    print(table_row(result))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
