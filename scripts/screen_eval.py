"""Recall and stop share of the matcher's cascade (src/sourcetrace/screen.py), and its margin.

    python scripts/screen_eval.py --half tune --json-out screen-tune.json
    python scripts/screen_eval.py --half test

For each benchmark with gold copies (benchmarks/ntrex/HALF, benchmarks/condensed/HALF) it builds
(or reuses, --work) an index of that half's articles with the default encoder, checks every post
once WITHOUT the screens (MatchConfig(screen=False)) and records, per post, what each screen
sees: whether LSH found a passage, the first encoder's nearest passages with their screen
scores and their articles' languages (each is held to its pair's floor, screen.pair_floor) and
whether that encoder may decide in the post's language.
The real negatives (benchmarks/negatives/HALF) go through the cheap stages only.

Reported for a range of margins below the first encoder's report threshold:
- per benchmark, the copies right without the screens (top match = gold article) that the screen
  would stop (recall lost, in points), and the share of copies stopped;
- the share of real negatives stopped at each screen (short, first encoder, none);
- which posts are lost at the chosen margin (screen.SCREEN_MARGIN).
Then it checks every post again WITH the screens and counts verdicts that differ (top article or
no match) from the run without: the cascade may change nothing but the stopped posts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sourcetrace import index as ix
from sourcetrace import lang as langid
from sourcetrace import screen
from sourcetrace.lexical import shingles, signatures
from sourcetrace.match import MatchConfig, Matcher, prepare
from sourcetrace.normalize import clean_for_encoder
from sourcetrace.pipeline import default_attributor
from sourcetrace.records import Article, Post

ROOT = Path(__file__).resolve().parents[1]
MARGINS = (0.0, 0.02, 0.04, 0.05, 0.06, 0.08, 0.10, 0.15)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def open_index(work: Path, name: str, articles: Path, encoder: str) -> ix.Index:
    path = work / name
    if not (path / "manifest.json").exists():
        print(f"building {path} ({encoder}) from {articles}", file=sys.stderr)
        ix.build(path, [Article.from_dict(a) for a in read_jsonl(articles)], encoder=encoder)
    return ix.Index.open(path)


def screen_scores(index: ix.Index, posts: list[Post], config: MatchConfig) -> list[dict[str, Any]]:
    """Per post: what the screens see (short, LSH, trusted, the first encoder's best score)."""
    first = index.encoder_names[0]
    scaled = screen.scaled(config, first)
    k = min(max(config.neighbours, config.background_k), index.manifest["counts"]["passages"])
    rows: list[dict[str, Any]] = []
    for start in range(0, len(posts), 64):
        batch = [prepare(p, config) for p in posts[start : start + 64]]
        texts, owners = [], []
        for i, prep in enumerate(batch):
            rows.append({"short": prep.too_short, "lang": prep.lang,
                         "trusted": config.trusts(first, prep.lang), "lsh": False, "score": None,
                         "hits": [], "vetoed": sum(config.trusts(n, prep.lang) for n in index.encoder_names) > 1})
            if prep.too_short:
                continue
            sigs = signatures([shingles(q.text) for q in prep.queries], index.params)
            rows[start + i]["lsh"] = bool(index.lexical.query(list(sigs)))
            for q in prep.queries:
                texts.append(clean_for_encoder(q.text))
                owners.append(start + i)
        if not texts:
            continue
        vecs = index.encoder(first).encode(texts, kind="query")
        scores, pids = index.ann(first).search(vecs, k)
        for row, owner in enumerate(owners):
            near = scores[row][: config.background_k][pids[row][: config.background_k] >= 0]
            top = float(scores[row][0]) if pids[row][0] >= 0 else -1.0
            if scaled:
                top -= float(near.mean()) if len(near) else 0.0
            old = rows[owner]["score"]
            rows[owner]["score"] = top if old is None else max(old, top)
            shift = float(near.mean()) if scaled and len(near) else 0.0
            found = [(float(s) - shift, int(p)) for s, p in
                     zip(scores[row][: config.neighbours], pids[row][: config.neighbours]) if p >= 0]
            langs = index.store.languages(p for _, p in found)
            rows[owner]["hits"].extend((s, langid.base(langs[p])) for s, p in found)
    return rows


def stopped(row: dict[str, Any], config: MatchConfig, encoder: str, margin: float) -> str | None:
    """The screen that stops the post at `margin` (its anchors' lower floor left out), or None."""
    if row["short"]:
        return screen.STOP_SHORT
    if not row["lsh"] and row["trusted"] and \
            not screen.passes(config, encoder, row["lang"], row["hits"], row["vetoed"], margin=margin):
        return "first-encoder"
    return None


def verdicts(matcher: Matcher, posts: list[Post]) -> list[str | None]:
    return [r.matches[0].article.id if r.matches else None for r in matcher.check_many(posts)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--half", choices=["tune", "test"], default="tune")
    ap.add_argument("--work", type=Path, default=Path("/tmp/sourcetrace-screen"))
    ap.add_argument("--encoder", default="use+e5")
    ap.add_argument("--negatives", type=int, default=None, help="use only the first N negatives")
    ap.add_argument("--no-rerun", action="store_true",
                    help="skip the second check with the screens on; take its verdicts as the run"
                    " without screens' for posts not stopped (what the cascade guarantees, measured"
                    " on the tuning half: only stopped posts changed)")
    ap.add_argument("--benchmarks", default="ntrex,condensed", help="comma-separated, of ntrex, condensed")
    ap.add_argument("--copies-only", action="store_true",
                    help="check only the benchmarks' copies (recall), not their gold negatives")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args()

    config_full = MatchConfig(screen=False)
    report: dict[str, Any] = {"half": args.half, "encoder": args.encoder, "margins": {}, "benchmarks": {}}
    floors: dict[float, float] = {}
    neg_index = None
    for bench in args.benchmarks.split(","):
        folder = ROOT / "benchmarks" / bench / args.half
        index = open_index(args.work, f"{bench}-{args.half}-{args.encoder}", folder / "articles.jsonl",
                           args.encoder)
        neg_index = neg_index or index
        gold = [g for g in read_jsonl(folder / "posts.jsonl")
                if not args.copies_only or g["gold"].get("article_id")]
        posts = [Post.from_dict({k: v for k, v in g.items() if k != "gold"}) for g in gold]
        want = [g["gold"].get("article_id") for g in gold]
        first = index.encoder_names[0]
        for m in MARGINS:
            floors[m] = screen.screen_floor(config_full, first, m)
        rows = screen_scores(index, posts, config_full)
        full = verdicts(Matcher(index, config_full, default_attributor()), posts)
        def stops(row: dict[str, Any], m: float = screen.SCREEN_MARGIN) -> str | None:
            return stopped(row, config_full, first, m)  # noqa: B023 (used within this loop turn)

        if args.no_rerun:
            cascade = [None if stops(r) else f for r, f in zip(rows, full)]
            screened = dict(Counter(stops(r) or "verified" for r in rows))
        else:
            cascade_matcher = Matcher(index, MatchConfig(), default_attributor())
            cascade = verdicts(cascade_matcher, posts)
            screened = dict(cascade_matcher.screened)
        copies = [w is not None for w in want]
        right = [c and f == w for c, f, w in zip(copies, full, want)]
        n_copies = sum(copies)
        entry: dict[str, Any] = {"posts": len(posts), "copies": n_copies,
                                 "recall_without_screen": round(sum(right) / n_copies, 4),
                                 "by_margin": {}}
        for m in MARGINS:
            lost = [i for i, r in enumerate(rows) if right[i] and stops(r, m)]
            stop_copies = sum(1 for i, r in enumerate(rows) if copies[i] and stops(r, m))
            entry["by_margin"][str(m)] = {
                "floor": round(floors[m], 4),
                "recall_lost_points": round(100 * len(lost) / n_copies, 2),
                "copies_stopped": round(stop_copies / n_copies, 4),
                "lost": [{"id": posts[i].id, "lang": rows[i]["lang"], "score": rows[i]["score"],
                          "copy_type": gold[i]["gold"].get("copy_type")} for i in lost],
            }
        changed = [{"id": posts[i].id, "without": full[i], "with": cascade[i],
                    "stopped": stops(rows[i])}
                   for i in range(len(posts)) if full[i] != cascade[i]]
        right_cascade = sum(c and v == w for c, v, w in zip(copies, cascade, want))
        entry["cascade"] = {"margin": screen.SCREEN_MARGIN,
                            "recall_with_screen": round(right_cascade / n_copies, 4),
                            "screened": screened, "rerun": not args.no_rerun,
                            "verdicts_changed": changed}
        report["benchmarks"][bench] = entry

    assert neg_index is not None
    negatives = read_jsonl(ROOT / "benchmarks" / "negatives" / args.half / "posts.jsonl")[: args.negatives]
    neg_posts = [Post.from_dict({k: v for k, v in g.items() if k != "gold"}) for g in negatives]
    report["negatives"] = {"posts": len(neg_posts), "index": args.benchmarks.split(",")[0] + " " + args.half, "by_margin": {}}
    neg_rows = screen_scores(neg_index, neg_posts, config_full)
    neg_first = neg_index.encoder_names[0]
    for m in MARGINS:
        counts = Counter(stopped(r, config_full, neg_first, m) or "not stopped" for r in neg_rows)
        report["negatives"]["by_margin"][str(m)] = {k: round(v / len(neg_rows), 4) for k, v in counts.items()}
    by_lang: dict[str, Counter[bool]] = {}
    for r in neg_rows:
        by_lang.setdefault(str(r["lang"]), Counter())[
            stopped(r, config_full, neg_first, screen.SCREEN_MARGIN) is not None] += 1
    report["negatives"]["stopped_by_lang"] = {
        lang: round(c[True] / (c[True] + c[False]), 3) for lang, c in sorted(by_lang.items())
    }
    print(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
