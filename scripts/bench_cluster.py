"""Throughput of `sourcetrace check` on one process and on a local Dask cluster of 1 and 2 workers.

    python scripts/bench_cluster.py [--posts 3000] [--repeat 1] [--workers 1,2] [--work DIR] [--json]

Uses a USE (`--encoder use`) index of the bundled sample articles (built once under --work) and
the sample posts repeated to --posts posts (ids made unique). Every mode runs the real CLI in a
subprocess on the same input: `single` is the plain command; `cluster-N` starts a LocalCluster
of N worker processes (one core each when N divides the cores; see sourcetrace.cluster) in this
process and then runs `check --cluster tcp://...` against it, as on a cluster that is already
up; the cluster's start-up is timed apart. Each worker loads the index and the encoder once, as
the single process does. The overhead at 1 worker is (time at 1 worker / single time) - 1.
The outputs are compared byte for byte with the single-process output.
Timings on a shared machine are noisy: modes run interleaved, best of --repeat is kept.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sourcetrace import cluster as sc

CLI = [sys.executable, "-c", "from sourcetrace.cli.main import run; run()"]


def sourcetrace(*args: str) -> float:
    """Wall time of one CLI run."""
    started = time.perf_counter()
    subprocess.run([*CLI, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def cpu_seconds() -> float:
    """CPU time of this process (the local scheduler runs here) and of its reaped children (the
    CLI, the nannies and, through them, the worker processes)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@contextlib.contextmanager
def cores(one: bool) -> Iterator[None]:
    """Pin this process (and so every process it starts) to one core: 1 encoder thread each."""
    before = os.sched_getaffinity(0)
    if one:
        os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def run_mode(mode: str, check: list[str], out: Path) -> tuple[float, float | None, float]:
    """(check seconds, cluster start-up seconds or None, CPU seconds of everything) for a mode:
    single, cluster-N, with an optional -1core suffix."""
    one = mode.endswith("-1core")
    cpu = cpu_seconds()
    with cores(one):
        if mode.startswith("single"):
            return sourcetrace(*check, "-o", str(out)), None, cpu_seconds() - cpu
        n = int(mode.split("-")[1])
        started = time.perf_counter()
        with sc.connect(f"local:{n}") as client:
            client.wait_for_workers(n, timeout=60)
            startup = time.perf_counter() - started
            seconds = sourcetrace(*check, "-o", str(out), "--cluster", client.scheduler.address)
    return seconds, startup, cpu_seconds() - cpu


def prepare(work: Path, n_posts: int) -> tuple[Path, Path]:
    work.mkdir(parents=True, exist_ok=True)
    index = work / "index-use"
    if not (index / "manifest.json").exists():
        print(f"building the USE index of the sample in {index} ...", file=sys.stderr)
        sourcetrace("index", "build", str(REPO / "corpora/sample/articles.jsonl"), "--encoder", "use",
                    "--index", str(index), "--quiet")
    posts = work / f"posts-{n_posts}.jsonl"
    if not posts.exists():
        rows = [json.loads(line) for line in (REPO / "corpora/sample/posts.jsonl").open(encoding="utf-8")]
        with posts.open("w", encoding="utf-8") as fh:
            for i in range(n_posts):
                row = dict(rows[i % len(rows)])
                row["id"] = f"{row.get('id')}-{i // len(rows)}"
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return index, posts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--work", type=Path, default=Path("/tmp/sourcetrace-bench-cluster"))
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--one-core", action="store_true",
                    help="also run single and cluster-1 with everything pinned to one core (1 encoder"
                    " thread), the like-for-like overhead on a busy machine")
    args = ap.parse_args()
    counts = [int(n) for n in args.workers.split(",") if n.strip()]
    modes = ["single", *(["single-1core", "cluster-1-1core"] if args.one_core else []),
             *(f"cluster-{n}" for n in counts)]
    index, posts = prepare(args.work, args.posts)
    check = ["check", str(posts), "--index", str(index), "--quiet"]
    times: dict[str, list[float]] = {}
    startup: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    outputs: dict[str, Path] = {}
    for _ in range(args.repeat):
        for mode in modes:  # interleaved, so drifting load hits every mode alike
            outputs[mode] = args.work / f"{mode}.jsonl"
            seconds, start, used = run_mode(mode, check, outputs[mode])
            times.setdefault(mode, []).append(seconds)
            cpu.setdefault(mode, []).append(used)
            if start is not None:
                startup.setdefault(mode, []).append(start)
            print(f"{mode}: {seconds:.1f}s, {used:.1f} CPU-s", file=sys.stderr)
    reference = outputs["single"].read_bytes().splitlines()
    rows = []
    for mode, seconds in times.items():
        best = min(seconds)
        lines = outputs[mode].read_bytes().splitlines()
        rows.append({
            "mode": mode, "seconds": round(best, 2), "posts_per_s": round(args.posts / best, 1),
            "startup_s": round(min(startup[mode]), 2) if mode in startup else None,
            "cpu_s": round(min(cpu[mode]), 2),
            # like for like: a one-core mode against the one-core single process
            "vs_single": round(best / min(times["single-1core" if mode.endswith("-1core") else "single"]) - 1, 4),
            "identical_to_single": lines == reference,
            "lines_differing": sum(a != b for a, b in zip(lines, reference)) + abs(len(lines) - len(reference)),
        })
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    result = {"posts": args.posts, "repeat": args.repeat, "cores": len(os.sched_getaffinity(0)),
              "load_average": [round(x, 2) for x in load] if load else None, "runs": rows}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{args.posts} posts, USE index of the sample, {result['cores']} cores,"
          f" load average {result['load_average']}, best of {args.repeat}")
    print("| mode | seconds | posts/s | vs single (same cores) | CPU-s (all processes) | cluster start-up | output identical |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        vs = "-" if r["mode"].startswith("single") else f"{r['vs_single']:+.1%}"
        start = "-" if r["startup_s"] is None else f"{r['startup_s']:.1f}s"
        same = "yes" if r["identical_to_single"] else f"no ({r['lines_differing']} lines)"
        print(f"| {r['mode']} | {r['seconds']:.1f} | {r['posts_per_s']:.1f} | {vs} | {r['cpu_s']:.1f} | {start}"
              f" | {same} |")


if __name__ == "__main__":
    main()
