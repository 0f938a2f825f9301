"""Cold `sourcetrace query`: a new process, from start to answer, on one or more source trees.

    python scripts/bench_cold.py --index IDX [--index IDX2] [--tree before=/tmp/old/src] \
        [--text "post text"] [--rounds 5] [--json-out cold.json]

Each round runs, for every (index, text, tree), one `sourcetrace query TEXT --index IDX --json`
in a fresh interpreter with PYTHONPATH set to the tree (default: this checkout's `src`), and
`python -c "import numpy"` as the yardstick, alternating trees within the round so a change of
load on a shared machine hits them alike. Per run it records the wall time, the child's CPU time
(user + system: what the process itself spent, much less sensitive to other jobs than the wall
time) and its peak RSS. It prints medians, each tree's wall time ÷ the numpy import's, and, with
two trees, the second ÷ the first measured in the same rounds. With --steps it prints instead,
per (index, text, tree), the query's steps timed one after the other in one process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

# Reports the child's wall time, CPU time and peak RSS (getrusage of its one child) from a small
# launcher: Linux keeps a process's peak RSS across execve, so the child must not be started from
# a large process.
LAUNCHER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
out, err = child.communicate()
seconds = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the one child's, as it has exited
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_rss_mb": usage.ru_maxrss / 1024, "rc": child.returncode,
                  "out": out.decode(), "err": err.decode()[-2000:]}))
"""
# --steps: the query command's steps one after the other in one process, each timed alone (the
# command runs the loading steps side by side); works on trees before and after one_post_at_a_time.
STEPS = r"""
import time, sys, contextlib, resource
T0 = time.perf_counter()
t0 = T0
out = {}
def lap(what):
    global t0
    t = time.perf_counter(); out[what] = out.get(what, 0) + (t - t0); t0 = t
import numpy; lap("python + import numpy")
import sourcetrace.cli.main; lap("import the CLI (all commands)")
from pathlib import Path
from sourcetrace import encoders, lang, pipeline
from sourcetrace.records import Post, Article
text, idx = sys.argv[1], Path(sys.argv[2])
new = hasattr(encoders, "one_post_at_a_time")
ctx = encoders.one_post_at_a_time() if new else contextlib.nullcontext()
with ctx:
    post = Post.from_dict({"text": text, "id": "query", "lang": None})
    matcher = pipeline.open_matcher(idx); lap("open index + matcher (before: + outlet registry)")
    index = matcher.index
    lang.detect("a short sentence to load the language identifier"); lap("language identifier")
    names = index.encoder_names
    for i, name in enumerate(names):
        if new and i > 0: break
        index.encoder(name).encode(["warm up"], kind="query"); lap(f"encoder {name}: load + first encode" if i == 0 else "second encoder (before: always)")
        index.ann(name); lap("ANN (faiss import + index)")
    if not new and matcher.attributor is not None:
        matcher.attributor(Post("warm up"), Article("warm up")); lap("attribution tables (before: always)")
    index.lexical; lap("LSH")
    result = matcher.check(post); lap(f"check the post ({result.to_dict()['status']}; after: + 2nd encoder, attribution if needed)")
total = time.perf_counter() - T0
r = resource.getrusage(resource.RUSAGE_SELF)
for k, v in out.items(): print(f"  {v:6.3f} s  {k}")
print(f"  {total:6.3f} s  total wall (sequential); CPU {r.ru_utime + r.ru_stime:.3f} s")
"""
NO_MATCH = "China y Brasil firmaron un acuerdo de cooperación económica en Beijing"
ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], src: Path | None) -> dict:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *args], capture_output=True, text=True,
                          check=True, env=env)
    got = json.loads(done.stdout)
    if got["rc"] != 0:
        raise SystemExit(f"{' '.join(args[:6])} failed: {got['err']}")
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", action="append", required=True, type=Path)
    ap.add_argument("--tree", action="append", default=[],
                    help="NAME=SRC_DIR (repeatable; default: this checkout's src as 'here')")
    ap.add_argument("--text", action="append", default=[], help=f"post text (default: {NO_MATCH!r})")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json-out", type=Path)
    ap.add_argument("--steps", action="store_true", help="print where the time goes instead (one run each)")
    a = ap.parse_args()
    trees = [tuple(t.split("=", 1)) for t in a.tree] or [("here", str(ROOT / "src"))]
    texts = a.text or [NO_MATCH]
    if a.steps:
        for idx in a.index:
            for text in texts:
                for name, src in trees:
                    print(f"== {idx.name} | {text[:20]} | {name}", flush=True)
                    subprocess.run([sys.executable, "-c", STEPS, text, str(idx)], check=True,
                                   env={**os.environ, "PYTHONPATH": src})
        return
    cli = [sys.executable, "-c", "from sourcetrace.cli.main import run; run()"]
    runs: dict[str, list[dict]] = {}
    status = {}
    for r in range(a.rounds):
        runs.setdefault("import numpy", []).append(run([sys.executable, "-c", "import numpy"], None))
        for idx in a.index:
            for t, text in enumerate(texts):
                order = trees if r % 2 == 0 else trees[::-1]
                for name, src in order:
                    got = run([*cli, "query", text, "--index", str(idx), "--json"], Path(src))
                    key = f"{idx.name} | text {t} | {name}"
                    runs.setdefault(key, []).append(got)
                    status[key] = json.loads(got["out"])["status"]
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
    base = statistics.median(g["seconds"] for g in runs["import numpy"])
    summary = {}
    for key, got in runs.items():
        wall = statistics.median(g["seconds"] for g in got)
        summary[key] = {"wall_s": round(wall, 3), "cpu_s": round(statistics.median(g["cpu"] for g in got), 3),
                        "peak_rss_mb": round(max(g["peak_rss_mb"] for g in got), 1),
                        "wall_over_numpy": round(wall / base, 1), "status": status.get(key),
                        "runs_s": [round(g["seconds"], 2) for g in got]}
    if len(trees) == 2:
        for idx in a.index:
            for t in range(len(texts)):
                first, second = (runs[f"{idx.name} | text {t} | {n}"] for n, _ in trees)
                ratios = [s["seconds"] / f["seconds"] for f, s in zip(first, second)]
                summary[f"{idx.name} | text {t} | {trees[1][0]} ÷ {trees[0][0]}"] = {
                    "wall_ratio_median": round(statistics.median(ratios), 2),
                    "cpu_ratio_median": round(statistics.median(
                        s["cpu"] / f["cpu"] for f, s in zip(first, second)), 2)}
    out = {"load_avg": os.getloadavg(), "cpus": len(os.sched_getaffinity(0)), "texts": texts,
           "trees": dict(trees), "summary": summary}
    print(json.dumps(out, indent=1, ensure_ascii=False))
    if a.json_out:
        a.json_out.write_text(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
