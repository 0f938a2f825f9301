#!/usr/bin/env python3
"""Fit the final recalibration of a match's confidence (models/confidence.json) on tuning halves.

The verdict's combined confidence (verdict.judge) decides whether a match is reported; this
fits the monotone map from it to the share of such matches that is right (recalibration.py):

    shown = sigmoid(a + b * logit(raw))        raw = the top match's combined confidence

Inputs are evidence dumps of `scripts/tune_verdict.py dump` (one line per post and candidate
article) made on **tuning halves only**; each post's top match is replayed with the current
verdict.judge (before the recalibration) and labelled right when its article is the gold one.
A dump holding any post id of a test half is refused. The dumps behind the committed file
(encoder use+e5, the default)::

    python scripts/tune_verdict.py dump benchmarks/directions/tune/LANG/posts.jsonl \
        --index IDX_LANG --out ev_directions-tune-LANG.jsonl --vectors V.sqlite
        # IDX_LANG: benchmarks/directions/tune/LANG/articles.jsonl; LANG in zh es ru en ar
    python scripts/tune_verdict.py dump benchmarks/negatives/tune/posts.jsonl \
        --index IDX_FP1K --out ev_negatives-tune-fp1k.jsonl --vectors V.sqlite
        # IDX_FP1K: 1k passages of real news (scripts/make_fpnews.py OUT --without ntrex, 1k/)
    python scripts/tune_verdict.py dump benchmarks/BENCH/tune/posts.jsonl \
        --index IDX_TUNE --out ev_BENCH-tune.jsonl --vectors V.sqlite
        # BENCH in ntrex condensed; IDX_TUNE: one index of both halves' tuning articles plus
        # 423 distractors (other-language versions of the NTREX tuning documents, a few real
        # state-media posts): 501 articles, 4.6k passages

then ``python scripts/calibrate_confidence.py ev_*.jsonl [--write]``.

The fit is logistic regression of "right" on logit(raw) (Platt scaling) with a Gaussian prior
that pulls (a, b) towards (0, 1), the identity (``--prior``: the prior's precision; it keeps a
fit with few wrong matches from running to certainty), pooled over lexical and semantic
verdicts (recalibration.py says why one curve). The curve is then held to the recalibration's
checks (b > 0, a >= 0: monotone and never below the report threshold). Prints the per-kind fits
for comparison, how many posts two per-kind curves would reorder, and the in-sample reliability
table before and after; the honest figure is docs/QUALITY.md's on the test halves
(scripts/quality_report.py).
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import tune_verdict  # scripts/

from sourcetrace import pipeline, recalibration, verdict
from sourcetrace.recalibration import RAW_MAX, Curve, Recalibration
from sourcetrace.results import REPORT_CONFIDENCE

FOLDERS = [REPO / "models", REPO / "src" / "sourcetrace" / "data" / "models"]


def test_ids() -> set[str]:
    """Every post id of the benchmarks' test halves (never to be fitted on)."""
    ids = set()
    for path in (REPO / "benchmarks").glob("*/test/**/posts.jsonl"):
        for line in path.open(encoding="utf-8"):
            ids.add(json.loads(line)["id"])
    return ids


def top_matches(by_post: dict[str, list[dict[str, Any]]], source: Path,
                forbidden: set[str]) -> list[dict[str, Any]]:
    """Each post's top reported match in one dump (`tune_verdict.read_dump`), replayed with
    verdict.judge (no recalibration): {"post", "type", "raw", "lexical", "right"}. Raises
    SystemExit on a test-half post."""
    out = []
    for post, rows in by_post.items():
        if post in forbidden:
            raise SystemExit(f"{source}: post {post} is in a test half; fit on tuning halves only")
        found = tune_verdict.reported(rows, verdict.judge)
        if found:
            best = max(found, key=lambda jr: jr[0].confidence)
            out.append({"post": post, "type": rows[0]["type"], "raw": best[0].confidence,
                        "lexical": best[0].lexical, "right": bool(best[1]["right"]),
                        "candidates": [(j.confidence, j.lexical, r["aid"]) for j, r in found],
                        "aid": best[1]["aid"]})
    return out


def reordered(rows: list[dict[str, Any]], curves: dict[str, Curve]) -> int:
    """Posts whose top article would change if lexical and semantic verdicts were mapped by
    their own `curves` (a lexical and a semantic match on different articles)."""
    def shown(cand: tuple[float, bool, int]) -> float:
        return curves["lexical" if cand[1] else "semantic"](cand[0])
    return sum(max(r["candidates"], key=shown)[2] != r["aid"] for r in rows)


def fit_curve(raw: np.ndarray, right: np.ndarray, prior: float) -> Curve:
    """MAP logistic regression of `right` on logit(raw) with prior N((0, 1), 1/prior) on (a, b),
    by Newton's method (two parameters, a concave objective); then clipped to the checks."""
    x = np.log(np.clip(raw, REPORT_CONFIDENCE, RAW_MAX) / (1 - np.clip(raw, REPORT_CONFIDENCE, RAW_MAX)))
    X = np.stack([np.ones_like(x), x], axis=1)
    y = right.astype(float)
    w = np.array([0.0, 1.0])  # the identity
    center = w.copy()
    for _ in range(100):
        p = 1 / (1 + np.exp(-(X @ w)))
        grad = X.T @ (y - p) - prior * (w - center)
        hess = -(X.T * (p * (1 - p))) @ X - prior * np.eye(2)
        step = np.linalg.solve(hess, grad)
        w = w - step
        if np.abs(step).max() < 1e-10:
            break
    a, b = float(w[0]), max(float(w[1]), 0.05)
    low = math.log(REPORT_CONFIDENCE / (1 - REPORT_CONFIDENCE))
    a = max(a, low * (1 - b)) + 0.0  # curve(REPORT_CONFIDENCE) >= REPORT_CONFIDENCE (+ 0.0: no -0.0)
    return Curve(a, b, n=len(y), wrong=int(len(y) - y.sum()))


def table(rows: list[dict[str, Any]], conf: str) -> str:
    rel = pipeline.reliability((r[conf], r["right"]) for r in rows)
    out = [f"  {b['low']:.2f}-{b['high']:.2f}: n={b['n']:4d} mean={b['mean_confidence']} right={b['share_right']}"
           f" gap={b['gap']}" for b in rel["bins"] if b["n"]]
    return "\n".join(out) + f"\n  max gap {rel['max_gap']}, weighted gap {rel['weighted_gap']}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("evidence", type=Path, nargs="+", help="scripts/tune_verdict.py dump files (tuning halves)")
    ap.add_argument("--prior", type=float, default=2.0,
                    help="precision of the Gaussian prior on (a, b) around the identity map (0, 1)")
    ap.add_argument("--write", action="store_true", help="write models/confidence.json and the packaged copy")
    args = ap.parse_args(argv)
    forbidden = test_ids()
    rows: list[dict[str, Any]] = []
    population: dict[str, dict[str, int]] = {}
    for path in args.evidence:
        by_post = tune_verdict.read_dump(path)
        found = top_matches(by_post, path, forbidden)
        posts = {post: rows[0]["type"] for post, rows in by_post.items()}
        kinds = collections.Counter("copy" if not str(t).startswith("negative") else t for t in posts.values())
        population[path.name] = {"posts": len(posts), **dict(sorted(kinds.items())),
                                 "matches": len(found), "wrong": sum(not r["right"] for r in found)}
        rows.extend(found)
        print(f"{path.name}: {population[path.name]}", file=sys.stderr)
    raw, right = np.array([r["raw"] for r in rows]), np.array([r["right"] for r in rows])
    curve = fit_curve(raw, right, args.prior)
    print(f"pooled: {curve}", file=sys.stderr)
    apart = {}
    for kind in ("lexical", "semantic"):
        chosen = np.array([r["lexical"] == (kind == "lexical") for r in rows])
        apart[kind] = fit_curve(raw[chosen], right[chosen], args.prior)
        print(f"{kind} alone (for comparison): {apart[kind]}", file=sys.stderr)
    print(f"posts whose top article two per-kind curves would change: {reordered(rows, apart)}", file=sys.stderr)
    recal = Recalibration(curve, {
        "method": "Platt scaling on logit(raw), lexical and semantic verdicts pooled; Gaussian prior"
                  f" around the identity, precision {args.prior}",
        "population": "top matches of the tuning halves' posts: copies, benchmark negatives (held-out"
                      " NTREX sentences, posts on the same event or topic) and real posts that copy nothing"
                      " against real news; the confidence is calibrated for that mix (see fitted_on)",
        "fitted_on": population,
        "script": "scripts/calibrate_confidence.py",
        "date": date.today().isoformat(),
    })
    for r in rows:
        r["shown"] = recal.apply(r["raw"])
    print("tuning halves, before (in sample):\n" + table(rows, "raw"), file=sys.stderr)
    print("tuning halves, after (in sample):\n" + table(rows, "shown"), file=sys.stderr)
    if args.write:
        for path in recalibration.write(recal, FOLDERS):
            print(f"wrote {path.relative_to(REPO)}", file=sys.stderr)
    else:
        print(json.dumps(recal.to_dict(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
