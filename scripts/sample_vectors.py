#!/usr/bin/env python3
"""Write the bundled sample's vector seed (corpora/sample/vectors/) from a build of its index.

    python scripts/sample_vectors.py            # ~1 min on 2 cores: embeds every sample passage
    python scripts/sample_vectors.py --check    # the seed as the demo reads it; exit 1 unless all of it is used

`sourcetrace demo` hands the seed to its first build (sourcetrace.vectorseed), which then embeds
only what the seed lacks. Writing embeds every passage (an old seed is never read, so a damaged
one cannot be carried on) and records the SHA-256 of each array in
src/sourcetrace/data/sample_seed.json, outside the seed's folder: the demo uses no array that
differs from it. Run this again after a change to segmentation, encoder input cleaning, the
sample's articles or the default encoders: the demo stays right without it (unseeded passages
are embedded; a seed a model disagrees with, or one that differs from its digests, is ignored)
but grows slow again, and tests/test_vectorseed.py fails until the seed covers every passage.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sourcetrace import index as ix
from sourcetrace.encoders import DEFAULT_ENCODER
from sourcetrace.readers import read_articles
from sourcetrace.vectorseed import PINNED, VectorSeed, pinned

SAMPLE = REPO / "corpora" / "sample"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="folder with articles.jsonl (default: the bundled sample)")
    parser.add_argument("--check", action="store_true",
                        help="build as the demo does (digests and re-embedded texts checked); exit 1 unless every input is seeded")
    args = parser.parse_args()
    seed_folder = args.sample / "vectors"
    pool = VectorSeed(seed_folder, digests=pinned()) if args.check else VectorSeed(None)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        stats = ix.build(Path(tmp) / "index", read_articles([args.sample / "articles.jsonl"], print),
                         encoder=DEFAULT_ENCODER, pool=pool)
    print(f"built the sample index: {stats.passages} passages in {time.perf_counter() - started:.1f}s;"
          f" {pool.reused} encoder inputs from the seed, {pool.embedded} embedded"
          + (f" ({pool.problem})" if pool.problem else ""))
    if args.check:
        return 0 if pool.embedded == 0 and pool.problem is None else 1
    digests = pool.write(seed_folder)
    PINNED.write_text(json.dumps({"format": 1, "texts": stats.passages, "sha256": digests}, indent=1) + "\n",
                      encoding="utf-8")
    size = sum(p.stat().st_size for p in seed_folder.glob("*.npy"))
    print(f"wrote {len(pool.recorded[next(iter(pool.recorded))])} texts' vectors ({', '.join(sorted(pool.recorded))})"
          f" to {seed_folder}: {size / 1e6:.1f} MB; digests in {PINNED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
