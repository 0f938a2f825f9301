#!/usr/bin/env python3
"""Write the bundled sample's vector seed (corpora/sample/vectors/) from a build of its index.

    python scripts/sample_vectors.py            # ~1 min on 2 cores: embeds the sample's passages
    python scripts/sample_vectors.py --check    # how many of the passages the seed holds; exit 1 if not all

`sourcetrace demo` hands the seed to its first build (sourcetrace.vectorseed), which then embeds
only what the seed lacks. Run this again after a change to segmentation, encoder input cleaning,
the sample's articles or the default encoders: the demo stays right without it (unseeded passages
are embedded, a seed a model disagrees with is ignored) but grows slow again, and
tests/test_vectorseed.py fails until the seed covers every passage again.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sourcetrace import index as ix
from sourcetrace.encoders import DEFAULT_ENCODER
from sourcetrace.readers import read_articles
from sourcetrace.vectorseed import VectorSeed

SAMPLE = REPO / "corpora" / "sample"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="folder with articles.jsonl (default: the bundled sample)")
    parser.add_argument("--check", action="store_true", help="only count the passages the seed holds")
    args = parser.parse_args()
    seed_folder = args.sample / "vectors"
    pool = VectorSeed(seed_folder)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        stats = ix.build(Path(tmp) / "index", read_articles([args.sample / "articles.jsonl"], print),
                         encoder=DEFAULT_ENCODER, pool=pool)
    print(f"built the sample index: {stats.passages} passages in {time.perf_counter() - started:.1f}s;"
          f" {pool.reused} encoder inputs from the seed, {pool.embedded} embedded"
          + (f" ({pool.problem})" if pool.problem else ""))
    if args.check:
        return 0 if pool.embedded == 0 and pool.problem is None else 1
    rows = pool.write(seed_folder)
    size = sum(p.stat().st_size for p in seed_folder.glob("*.npy"))
    print(f"wrote {rows} texts' vectors ({', '.join(sorted(pool.recorded))}) to {seed_folder}: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
