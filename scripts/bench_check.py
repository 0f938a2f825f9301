"""Measure `sourcetrace check` on a generated X archive: posts/s and peak memory (RSS).

Builds an index of the bundled sample articles with each encoder asked for (cached in --work),
generates the archive if it is missing (scripts/gen_x_archive.py), then runs the real CLI in a
child process per encoder and reads that child's peak RSS from wait4(). Prints a Markdown table
(for docs/BENCHMARKS.md) and writes the numbers as JSON.

    python scripts/bench_check.py --posts 100000 --encoders none,use
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "corpora" / "sample" / "articles.jsonl"


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from sourcetrace.cli.main import run; run()", *args]


def measure(command: list[str], stdout: Path | None = None) -> dict[str, float]:
    """Wall time and the child's own peak RSS (not this process's)."""
    started = time.perf_counter()
    with open(stdout or os.devnull, "wb") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        assert child.stderr is not None
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{err.decode()[-2000:]}")
    return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024, "stderr": err.decode()[-600:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--encoders", default="none,use", help="comma-separated: none, use, e5, ...")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sourcetrace-bench"))
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    archive = args.work / f"x_archive_{args.posts}"
    tweets = archive / "data" / "tweets.js"
    if not tweets.is_file():
        subprocess.run([sys.executable, str(REPO / "scripts" / "gen_x_archive.py"), "--posts",
                        str(args.posts), "--out", str(archive)], check=True)
    results = []
    # reading alone: the export parser's own speed and memory on the same file
    count = "import sys; from sourcetrace.readers import read_posts; print(sum(1 for _ in read_posts([sys.argv[1]], print)))"
    read = measure([sys.executable, "-c", count, str(tweets)])
    results.append({
        "encoder": "(read tweets.js only)", "posts": args.posts, "copies": 0,
        "seconds": round(read["seconds"], 1), "posts_per_s": round(args.posts / read["seconds"], 1),
        "peak_rss_mb": round(read["peak_rss_mb"]), "archive_mb": round(tweets.stat().st_size / 1e6, 1),
    })
    for encoder in filter(None, args.encoders.split(",")):
        index = args.work / f"index-{encoder}"
        if not (index / "manifest.json").is_file():
            subprocess.run(cli("index", "build", str(ARTICLES), "--index", str(index), "--encoder",
                               encoder, "--quiet"), check=True)
        out = args.work / f"results-{encoder}.jsonl"
        run = measure(cli("check", str(tweets), "--index", str(index), "-o", str(out), "--quiet"))
        with open(out, encoding="utf-8") as fh:
            checked = copies = 0
            for line in fh:
                checked += 1
                copies += '"status": "copy"' in line
        results.append({
            "encoder": encoder, "posts": checked, "copies": copies,
            "seconds": round(run["seconds"], 1), "posts_per_s": round(checked / run["seconds"], 1),
            "peak_rss_mb": round(run["peak_rss_mb"]), "archive_mb": round(tweets.stat().st_size / 1e6, 1),
        })
        print(f"{encoder}: {results[-1]}", file=sys.stderr)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(f"\n{args.posts:,}-post X archive ({results[0]['archive_mb']} MB tweets.js); {machine}\n")
    print("| index encoder | posts checked | copies found | wall time | posts/s | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['encoder']} | {r['posts']:,} | {r['copies'] or '-'} | {r['seconds']:.0f} s"
              f" | {r['posts_per_s']:,.0f} | {r['peak_rss_mb']} MB |")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
