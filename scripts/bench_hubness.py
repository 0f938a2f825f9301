#!/usr/bin/env python3
"""What the everyday-text gate (verdict.HUB_MIN, background.hubness) costs: the once-per-machine
embedding of the packaged everyday texts with USE, reading the kept copy back, and one passage's
hubness (done once per examined candidate article of a post).

    python scripts/bench_hubness.py [--calls 2000] [--index DIR --posts POSTS.jsonl --rounds 2]

Uses a temporary model cache, so the first figure is a cold start. With --index and --posts,
also `check`s those posts with the gate and without it (`background.hubness` giving None),
alternating, in one process (a ratio: the machines are shared), with the posts' vectors
embedded once before (so the encoders' time, the same both ways, is left out).
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
    ap.add_argument("--index", type=Path)
    ap.add_argument("--posts", type=Path)
    ap.add_argument("--rounds", type=int, default=2)
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
    if args.index and args.posts:
        with_and_without(args.index, args.posts, args.rounds)


def with_and_without(index_dir: Path, posts_file: Path, rounds: int) -> None:
    from sourcetrace import background
    from sourcetrace.index import Index
    from sourcetrace.match import Matcher
    from sourcetrace.readers import read_gold

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import vector_cache  # scripts/: the posts' vectors, kept after the first round

    posts = [post for post, _ in read_gold([posts_file], lambda problem: None)]
    cache = Path(tempfile.mkdtemp()) / "vectors.sqlite"
    vector_cache.install(cache)
    matcher = Matcher(Index.open(index_dir))
    list(matcher.check_many(posts))  # warm: models, kept copies, caches
    real = background.hubness
    times: dict[str, list[float]] = {"with the gate": [], "without": []}
    for _ in range(rounds):
        for label, seconds in times.items():
            background.hubness = real if label == "with the gate" else (lambda *_: None)  # type: ignore[assignment]
            start = time.perf_counter()
            list(matcher.check_many(posts))
            seconds.append(time.perf_counter() - start)
    background.hubness = real  # type: ignore[assignment]
    for label, seconds in times.items():
        print(f"check of {len(posts)} posts {label}: " + ", ".join(f"{s:.1f} s" for s in seconds))
    ratio = min(times["with the gate"]) / min(times["without"])
    print(f"ratio (best of {rounds}): {ratio:.3f}")


if __name__ == "__main__":
    main()
