#!/usr/bin/env python3
"""Attribution speed: milliseconds per ordinary post, and seconds per hostile 200,000-character
post (the patterns tests/test_attribution_bounds.py checks grow linearly), measured in one run.

    python scripts/bench_attribution.py [--posts 300]

The tests assert no wall-clock limit (shared, loaded machines); these are the figures. Issue 15's
target: an ordinary post in well under 20 ms; no hostile post near the 196 s the S_attrib_slow
post once took.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry
from sourcetrace.records import MAX_TEXT_CHARS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", type=int, default=300)
    args = ap.parse_args()
    from tests.test_attribution_bounds import UNITS

    reg = Registry.load()
    posts = [f"Post {i}: China y Argentina firman un acuerdo comercial de {i} millones de dólares, "
             f"informó el ministerio. Twitter •mundo_china #China https://example.com/{i}" for i in range(args.posts)]
    analyze(posts[0], "cgtn", reg)
    start = time.perf_counter()
    for post in posts:
        analyze(post, "cgtn", reg)
    print(f"ordinary posts: {(time.perf_counter() - start) / len(posts) * 1000:.2f} ms per post ({len(posts)} posts)")
    for unit in UNITS:
        post = (unit * (MAX_TEXT_CHARS // len(unit) + 1))[:MAX_TEXT_CHARS]
        start = time.perf_counter()
        analyze(post, "xinhua", reg, origin="cns")
        print(f"hostile {unit[:30]!r}: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
