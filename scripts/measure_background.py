#!/usr/bin/env python3
"""How far a small index's background (a query's mean cosine to its 10 nearest passages) lies
from a larger index's, with and without the reference passages of background.py.

    python scripts/measure_background.py --index IDX --copies POSTS.jsonl --negatives POSTS.jsonl

IDX is an index of a few hundred passages (the condensed tuning index, 267 passages, is what
candidates.BACKGROUND_MIN_PASSAGES cites; scripts/tune_experiments.py builds it); --copies are
labelled posts whose gold article is in IDX (benchmarks/condensed/tune/posts.jsonl), --negatives
real posts that copy nothing (benchmarks/negatives/tune/posts.jsonl). For each encoder of IDX and
each small size m, m of IDX's passages are drawn at random (a copy's gold article's passages
always among them) and the query's top-10 mean among them, and among them plus the reference
passages, is compared with its top-10 mean among all of IDX's passages. Prints the mean
difference (negative: the small index's background is lower, its scaled scores higher).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sourcetrace import background
from sourcetrace import index as ix

K = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--copies", type=Path, required=True)
    parser.add_argument("--negatives", type=Path, required=True)
    parser.add_argument("--posts", type=int, default=150, help="posts of each kind, drawn at random")
    parser.add_argument("--sizes", default="28,60,120")
    args = parser.parse_args()
    idx = ix.Index.open(args.index)
    n = idx.manifest["counts"]["passages"]
    rnd = random.Random(1)
    rng = np.random.default_rng(0)
    copies = [json.loads(line) for line in args.copies.read_text("utf-8").splitlines() if line.strip()]
    copies = [p for p in copies if (p.get("gold") or {}).get("article_id")
              and idx.store.aid_of(p["gold"]["article_id"]) is not None]
    negatives = [json.loads(line) for line in args.negatives.read_text("utf-8").splitlines() if line.strip()]
    rnd.shuffle(copies)
    rnd.shuffle(negatives)
    kinds = {
        "copies": [(p["text"], [q.pid for q in idx.store.passages_of(idx.store.aid_of(p["gold"]["article_id"]))])
                   for p in copies[: args.posts]],
        "real posts": [(p["text"], []) for p in negatives[: args.posts]],
    }
    print(f"index {args.index} ({n} passages); top-{K} mean among m passages minus among all {n}")
    for name in idx.encoder_names:
        vectors = np.asarray(idx.vectors[name], dtype=np.float32)
        encoder = idx.encoder(name)
        reference = background.reference_vectors(name, encoder)
        for kind, rows in kinds.items():
            queries = encoder.encode([text for text, _ in rows], kind="query")
            sims = queries @ vectors.T
            padded_sims = queries @ reference.T if reference is not None else None
            full = np.sort(sims, axis=1)[:, ::-1][:, :K].mean(axis=1)
            for m in (int(s) for s in args.sizes.split(",")):
                own, padded = [], []
                for i, (_, gold) in enumerate(rows):
                    rest = np.setdiff1d(np.arange(n), gold)
                    drawn = np.concatenate([np.asarray(gold, dtype=int),
                                            rng.choice(rest, max(m - len(gold), 0), replace=False)])
                    s = sims[i, drawn]
                    own.append(np.sort(s)[::-1][:K].mean() - full[i])
                    if padded_sims is not None:
                        padded.append(np.sort(np.concatenate([s, padded_sims[i]]))[::-1][:K].mean() - full[i])
                line = f"  {name:4} {kind:10} m={m:4}: own {np.mean(own):+.4f}"
                if padded:
                    line += f"   with the {len(reference)} reference passages {np.mean(padded):+.4f}"
                print(line)


if __name__ == "__main__":
    main()
