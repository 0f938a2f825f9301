#!/usr/bin/env python3
"""What the everyday-text gate (verdict.HUB_MIN, background.hubness) costs: the once-per-machine
embedding of the packaged everyday texts with USE, reading the kept copy back, and one passage's
hubness (done once per examined candidate article of a post).

    python scripts/bench_hubness.py [--calls 2000]

Uses a temporary model cache, so the first figure is a cold start.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        os.environ["SOURCETRACE_MODEL_CACHE"] = cache
        from sourcetrace import background, encoders

        use = encoders.load("use")
        start = time.perf_counter()
        vectors = background.everyday_vectors("use", use)
        first = time.perf_counter() - start
        if vectors is None:
            raise SystemExit("no everyday texts could be embedded")
        background._memo.clear()
        start = time.perf_counter()
        background.everyday_vectors("use", use)
        kept = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(args.calls):
            background.hubness("use", use, vectors[i % len(vectors)])
        per_call = (time.perf_counter() - start) / args.calls
    print(f"everyday texts: {len(vectors)} x {vectors.shape[1]}")
    print(f"first embedding (once per machine, kept in the model cache): {first:.2f} s")
    print(f"reading the kept copy (once per process): {kept:.3f} s")
    print(f"one passage's hubness: {per_call * 1000:.3f} ms")


if __name__ == "__main__":
    main()
