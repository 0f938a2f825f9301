"""Warm latency of `sourcetrace serve`, one request at a time, on one or more source trees.

    python scripts/bench_serve_warm.py --index IDX --tree before=/tmp/old/src --tree after=src \
        [--queries 200] [--copies 20] [--check 256] [--rounds 3] [--json-out serve.json]

Each round starts, for every tree in turn (the order alternating between rounds, so a change of
load on a shared machine hits them alike), `sourcetrace serve --index IDX` on 127.0.0.1 with
PYTHONPATH set to the tree, waits for /healthz, sends 5 warm-up queries, then `--queries` POST
/v1/query requests one after the other on one keep-alive connection (real negatives from
benchmarks/negatives/test, and every tenth post a copy: the start of an indexed article with
a credit, so attribution runs), then one POST /v1/check of `--check` posts (the batched path),
and stops the server. It prints, per tree, the median over rounds of each round's p50 and p95
(milliseconds, end to end: HTTP, JSON, matcher) and of the check's seconds; with two trees, the
second's p50 ÷ the first's, per round. Only 127.0.0.1 is contacted; the load average is printed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEGATIVES = REPO / "benchmarks" / "negatives" / "test" / "posts.jsonl"
CLI = [sys.executable, "-c", "from sourcetrace.cli.main import run; run()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def posts(index: Path, queries: int) -> list[str]:
    """Real negatives, every tenth replaced by a copy of an indexed article with a credit."""
    negatives = [json.loads(line)["text"] for line in NEGATIVES.read_text("utf-8").splitlines()]
    store = next(index.glob("store-*.sqlite"))
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    articles = [t for (t,) in db.execute(
        "SELECT text FROM articles WHERE length(text) > 200 ORDER BY aid LIMIT ?", (queries,))]
    db.close()
    texts = []
    for i in range(queries):
        if i % 10 == 9 and articles:
            texts.append(articles[(i // 10) % len(articles)][:200] + " vía Twitter •mundo_china")
        else:
            texts.append(negatives[i % len(negatives)])
    return texts


def request(conn: http.client.HTTPConnection, path: str, body: bytes, kind: str) -> bytes:
    conn.request("POST", path, body, {"Content-Type": kind})
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}: {data[:300]!r}")
    return data


def one_server(src: str, index: Path, texts: list[str], check: int) -> dict:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": src}
    env.pop("SOURCETRACE_TOKEN", None)
    server = subprocess.Popen([*CLI, "serve", "--index", str(index), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                err = server.stderr.read().decode() if server.stderr else ""
                raise SystemExit("the server did not start: " + err[-2000:])
            time.sleep(0.3)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for text in texts[:5]:
            request(conn, "/v1/query", json.dumps({"text": text}).encode(), "application/json")
        times = []
        statuses: dict[str, int] = {}
        for text in texts:
            started = time.perf_counter()
            data = request(conn, "/v1/query", json.dumps({"text": text}).encode(), "application/json")
            times.append((time.perf_counter() - started) * 1000)
            status = json.loads(data)["status"]
            statuses[status] = statuses.get(status, 0) + 1
        body = "".join(json.dumps({"id": f"p{i}", "text": texts[i % len(texts)]}) + "\n"
                       for i in range(check)).encode()
        started = time.perf_counter()
        lines = request(conn, "/v1/check", body, "application/x-ndjson").count(b"\n")
        check_s = time.perf_counter() - started
        conn.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr is not None:
            server.stderr.close()
    return {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
            "mean_ms": statistics.fmean(times), "check_s": check_s, "check_lines": lines,
            "statuses": statuses, "copy_p50_ms": percentile(times[9::10], 0.5) if len(times) > 9 else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--tree", action="append", default=[],
                    help="NAME=SRC_DIR (repeatable; default: this checkout's src as 'here')")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--check", type=int, default=256, help="posts in the one /v1/check request")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json-out", type=Path)
    a = ap.parse_args()
    trees = [tuple(t.split("=", 1)) for t in a.tree] or [("here", str(REPO / "src"))]
    texts = posts(a.index, a.queries)
    runs: dict[str, list[dict]] = {name: [] for name, _ in trees}
    loads = [os.getloadavg()]
    for r in range(a.rounds):
        for name, src in (trees if r % 2 == 0 else trees[::-1]):
            got = one_server(src, a.index, texts, a.check)
            runs[name].append(got)
            loads.append(os.getloadavg())
            print(f"round {r + 1} {name}: p50 {got['p50_ms']:.1f} ms, p95 {got['p95_ms']:.1f} ms,"
                  f" copies p50 {got['copy_p50_ms']:.1f} ms, check {got['check_s']:.2f} s,"
                  f" load {loads[-1][0]:.2f}", file=sys.stderr, flush=True)
    summary = {}
    for name, got in runs.items():
        summary[name] = {k: round(statistics.median(g[k] for g in got), 2)
                         for k in ("p50_ms", "p95_ms", "mean_ms", "copy_p50_ms", "check_s")}
        summary[name]["statuses"] = got[0]["statuses"]
    if len(trees) == 2:
        first, second = (runs[n] for n, _ in trees)
        summary["ratios"] = {
            k: [round(s[k] / f[k], 2) for f, s in zip(first, second)]
            for k in ("p50_ms", "p95_ms", "copy_p50_ms", "check_s")}
    out = {"index": str(a.index), "queries": a.queries, "check_posts": a.check,
           "trees": dict(trees), "load_avg_1min": [round(x[0], 2) for x in loads],
           "cpus": len(os.sched_getaffinity(0)), "summary": summary}
    print(json.dumps(out, indent=1))
    if a.json_out:
        a.json_out.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
