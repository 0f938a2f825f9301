"""Fuzz every reader at length: the targets of tests/test_fuzz_readers.py, each with at least
--inputs generated inputs (default 100,000).

Per target, hypothesis first generates --seeds inputs from the structured and byte-level
strategies (each one read); then cheap random mutations of those seeds (values swapped for
hostile strings and wrong types, items spliced between seeds, bytes flipped and cut) make the
rest, because hypothesis's own generation costs ten times the read. Prints, per target: inputs
tried, unexpected exceptions (tracebacks, deduplicated), hangs (an input over 10 s, or killed at
--timeout s), and inputs whose valid record was lost.

    nice -n 10 python scripts/fuzz_readers.py --jobs 2            # ~1 h on 2 idle cores
    nice -n 10 python scripts/fuzz_readers.py --jobs 2 --minutes 55  # what a busy machine allows
    python scripts/fuzz_readers.py --inputs 2000 --targets x,csv  # a quick look
"""

from __future__ import annotations

import argparse
import copy
import multiprocessing
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from hypothesis import HealthCheck, Phase, given, settings
from tests.test_fuzz_readers import (
    BY_NAME,
    HANG_SECONDS,
    HOSTILE_STRINGS,
    TARGETS,
    Outcome,
    Target,
    inputs,
    run,
)

POOL: list[Any] = [*HOSTILE_STRINGS, None, True, False, 0, -1, 2**64, 1e308, float("nan"), [], {}, [[[]]],
                   {"url": "https://t.co/a", "expanded_url": "a" * 100}, "<a " * 500, "\ud83d", "\udfff"]


class Killed(Exception):
    """An input ran past --timeout seconds."""


def _alarm(signum: int, frame: Any) -> None:
    raise Killed


def mutate_value(value: Any, rng: random.Random, depth: int = 0) -> Any:
    """A copy of a JSON-like value with a few parts replaced, duplicated or dropped."""
    if depth > 6 or rng.random() < 0.15:
        return rng.choice(POOL)
    if isinstance(value, dict):
        out = dict(value)
        for key in list(out)[:8]:
            roll = rng.random()
            if roll < 0.2:
                out[key] = mutate_value(out[key], rng, depth + 1)
            elif roll < 0.25:
                del out[key]
        if rng.random() < 0.2:
            out[rng.choice(["text", "entities", "urls", "lang", "id", "content", "media", "facets", "message",
                            "full_text", "created_at", "referenced_tweets", "embed", "fwd_from"])] = rng.choice(POOL)
        return out
    if isinstance(value, list):
        out_list = [mutate_value(v, rng, depth + 1) if rng.random() < 0.3 else v for v in value[:20]]
        if out_list and rng.random() < 0.2:
            out_list += out_list[: rng.randint(1, len(out_list))]
        return out_list
    if isinstance(value, str):
        roll = rng.random()
        if roll < 0.3:
            return value * rng.randint(2, 50)
        if roll < 0.5:
            cut = rng.randint(0, len(value))
            return value[:cut] + rng.choice(HOSTILE_STRINGS) + value[cut:]
    return rng.choice(POOL) if rng.random() < 0.5 else value


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        roll = rng.random()
        at = rng.randint(0, len(buf)) if buf else 0
        if roll < 0.4 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif roll < 0.7:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif buf:
            del buf[at : at + rng.randint(1, 32)]
    return bytes(buf)


def mutate(case: tuple[bool, list[Any]], seeds: list[tuple[bool, list[Any]]], rng: random.Random) -> tuple[bool, list[Any]]:
    raw, items = case
    other_raw, other = rng.choice(seeds)
    if raw:
        pool = [*items, *(other if other_raw else [])] or [b""]
        return True, [mutate_bytes(rng.choice(pool), rng) for _ in range(rng.randint(1, 6))]
    pool = [*items, *([] if other_raw else other)] or [{}]
    return False, [mutate_value(copy.deepcopy(rng.choice(pool)), rng) for _ in range(rng.randint(1, 6))]


def fuzz(name: str, total: int, seeds_wanted: int, timeout: int, seed: int, stdin: bool,
         minutes: float) -> dict[str, Any]:
    target: Target = BY_NAME[name]
    shm = Path("/dev/shm")  # file creation on the disk costs more than the read itself
    folder = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-", dir=shm if shm.is_dir() else None))
    rng = random.Random(seed)
    tried = 0
    tracebacks: Counter[str] = Counter()
    examples: dict[str, str] = {}
    hangs = lost = 0
    lost_examples: list[str] = []
    slowest = 0.0
    seeds: list[tuple[bool, list[Any]]] = []
    signal.signal(signal.SIGALRM, _alarm)

    def one(case: tuple[bool, list[Any]]) -> None:
        nonlocal tried, hangs, lost, slowest
        tried += 1
        signal.alarm(timeout)
        try:
            outcome = run(target, case, folder, stdin=stdin)
        except Killed:
            outcome = Outcome(float(timeout))
        finally:
            signal.alarm(0)
        slowest = max(slowest, outcome.seconds)
        if outcome.seconds >= HANG_SECONDS:
            hangs += 1
        if outcome.lost:
            lost += 1
            if len(lost_examples) < 3:
                lost_examples.append(repr(target.write(case[1], case[0]))[:600])
        if outcome.traceback:
            key = outcome.traceback.strip().splitlines()[-1][:200]
            tracebacks[key] += 1
            examples.setdefault(key, outcome.traceback)

    @settings(max_examples=seeds_wanted, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(inputs(target))
    def generate(case: tuple[bool, list[Any]]) -> None:
        seeds.append(case)
        one(case)

    started = time.perf_counter()
    stop = started + minutes * 60
    generate()
    while tried < total and time.perf_counter() < stop:
        one(mutate(rng.choice(seeds), seeds, rng))
    return {"target": name, "inputs": tried, "seeds": len(seeds), "tracebacks": sum(tracebacks.values()),
            "distinct": dict(tracebacks), "examples": examples, "hangs": hangs, "lost": lost,
            "slowest": slowest, "seconds": time.perf_counter() - started, "lost_examples": lost_examples}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs per target")
    parser.add_argument("--seeds", type=int, default=1000, help="hypothesis-generated inputs per target")
    parser.add_argument("--targets", default=",".join(t.name for t in TARGETS))
    parser.add_argument("--jobs", type=int, default=1, help="targets fuzzed in parallel")
    parser.add_argument("--timeout", type=int, default=60, help="seconds before one input is killed")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--minutes", type=float, default=0,
                        help="stop all targets within about this many minutes (each gets its share of"
                             " the jobs' time); 0: no limit. The inputs each target reached are printed")
    parser.add_argument("--files", action="store_true",
                        help="read every input from a file (default: post formats from stdin, which is faster)")
    args = parser.parse_args()
    names = [n for n in args.targets.split(",") if n]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown targets: {', '.join(unknown)} (known: {', '.join(BY_NAME)})")
    share = args.minutes * args.jobs / len(names) if args.minutes else float("inf")
    jobs = [(n, args.inputs, min(args.seeds, args.inputs), args.timeout, args.seed + i, not args.files, share)
            for i, n in enumerate(names)]
    with multiprocessing.Pool(args.jobs) as pool:
        results = pool.starmap(fuzz, jobs)
    print(f"{'target':<16}{'inputs':>9}{'tracebacks':>12}{'hangs>10s':>11}{'lost':>6}{'slowest s':>11}{'minutes':>9}")
    for r in results:
        print(f"{r['target']:<16}{r['inputs']:>9,}{r['tracebacks']:>12}{r['hangs']:>11}{r['lost']:>6}"
              f"{r['slowest']:>11.2f}{r['seconds'] / 60:>9.1f}")
    failed = False
    for r in results:
        for key, count in r["distinct"].items():
            failed = True
            print(f"\n== {r['target']}: {count} x {key}\n{r['examples'][key]}")
        for example in r["lost_examples"]:
            print(f"\n== {r['target']}: valid record lost in\n{example}")
        failed = failed or bool(r["hangs"] or r["lost"])
    print(f"\ntotal inputs: {sum(r['inputs'] for r in results):,}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
