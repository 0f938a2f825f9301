"""Load test of `sourcetrace serve` on 127.0.0.1: latency, errors and server memory under load.

Starts the server as a subprocess over an index (by default the bundled sample built with
`--encoder use`, built on first use), measures the warm in-process query time in this process
(the same posts, one at a time, while the server is idle), then sends `--queries` POST /v1/query
requests from `--clients` concurrent keep-alive clients (bounded in count and in time), and
reports p50/p99 latency, errors, throughput and the server's RSS at start, middle and end. Also
times one client alone over HTTP (what HTTP and JSON add, without queueing).

    python scripts/bench_serve.py                      # 1,000 queries from 16 clients
    python scripts/bench_serve.py --queries 2000 --json-out serve.json

Only 127.0.0.1 is ever contacted. The machine's load average is printed with the results:
compare ratios, not absolute times, on a shared machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "sample"
CLI = [sys.executable, "-c", "from sourcetrace.cli.main import run; run()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def ensure_index(path: Path, env: dict[str, str]) -> None:
    """Build the sample index with USE at `path`, unless one this sourcetrace can open is there
    (an index from an older text normaliser is rebuilt)."""
    from sourcetrace.normalize import NORMALIZER_VERSION

    manifest = path / "manifest.json"
    if manifest.exists():
        try:
            if json.loads(manifest.read_text("utf-8")).get("normalizer_version") == NORMALIZER_VERSION:
                return
        except (OSError, ValueError):
            pass
    print(f"building {path} (--encoder use) ...", file=sys.stderr)
    subprocess.run([*CLI, "index", "build", str(SAMPLE / "articles.jsonl"), "--index", str(path),
                    "--encoder", "use", "--replace", "-q"], env=env, check=True)


def post_texts() -> list[str]:
    return [json.loads(line)["text"] for line in (SAMPLE / "posts.jsonl").read_text("utf-8").splitlines()]


def in_process_ms(index: Path, texts: list[str], n: int) -> list[float]:
    """Warm single-query times (ms) of the library in this process, as `sourcetrace query` does."""
    sys.path.insert(0, str(REPO / "src"))
    from sourcetrace import pipeline
    from sourcetrace.records import Post

    matcher = pipeline.open_matcher(index)
    pipeline.warm_up(matcher)
    for text in texts[:10]:  # first calls fill caches
        matcher.check(Post.from_dict({"text": text, "id": "query"}))
    times = []
    for i in range(n):
        post = Post.from_dict({"text": texts[i % len(texts)], "id": "query"})
        started = time.perf_counter()
        matcher.check(post)
        times.append((time.perf_counter() - started) * 1000)
    matcher.index.close()
    return times


class Client(threading.Thread):
    """One keep-alive client taking query numbers from a shared counter until none are left."""

    def __init__(self, port: int, texts: list[str], state: dict[str, Any]) -> None:
        super().__init__(daemon=True)
        self.port, self.texts, self.state = port, texts, state
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while True:
            with self.state["lock"]:
                i = self.state["next"]
                if i >= self.state["total"] or time.monotonic() > self.state["deadline"]:
                    break
                self.state["next"] = i + 1
            body = json.dumps({"text": self.texts[i % len(self.texts)]}).encode()
            started = time.perf_counter()
            try:
                conn.request("POST", "/v1/query", body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                data = response.read()
                if response.status != 200 or b'"status"' not in data:
                    self.errors.append(f"HTTP {response.status}: {data[:200]!r}")
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                continue
            self.latencies.append((time.perf_counter() - started) * 1000)
            with self.state["lock"]:
                self.state["done"] += 1
                if self.state["done"] == self.state["total"] // 2:
                    self.state["rss_middle"] = rss_mb(self.state["pid"])
        conn.close()


def run_clients(port: int, texts: list[str], total: int, clients: int, seconds: float,
                pid: int) -> tuple[list[float], list[str], float, dict[str, Any]]:
    state: dict[str, Any] = {"lock": threading.Lock(), "next": 0, "done": 0, "total": total,
                             "deadline": time.monotonic() + seconds, "pid": pid, "rss_middle": None}
    workers = [Client(port, texts, state) for _ in range(clients)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - started
    latencies = [x for w in workers for x in w.latencies]
    errors = [e for w in workers for e in w.errors]
    return latencies, errors, wall, state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("/tmp/sourcetrace-bench-serve-use"),
                        help="index folder (built from the sample with --encoder use if missing)")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--max-seconds", type=float, default=600, help="stop sending after this")
    parser.add_argument("--in-process", type=int, default=200, help="warm in-process queries timed")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("SOURCETRACE_TOKEN", None)
    ensure_index(args.index, env)
    texts = post_texts()
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--index", str(args.index), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start: " + server.stderr.read().decode())  # type: ignore[union-attr]
            time.sleep(0.3)
        rss_start = rss_mb(server.pid)
        load_before = load_average()
        local = in_process_ms(args.index, texts, args.in_process)
        serial, serial_errors, _, _ = run_clients(port, texts, 100, 1, args.max_seconds, server.pid)
        rss_warm = rss_mb(server.pid)  # after the first 100 queries (buffers of a batch allocated)
        latencies, errors, wall, state = run_clients(port, texts, args.queries, args.clients,
                                                     args.max_seconds, server.pid)
        rss_end = rss_mb(server.pid)
        load_after = load_average()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr is not None:
            server.stderr.close()

    p50_local = statistics.median(local)
    report = {
        "index": str(args.index), "queries": len(latencies), "clients": args.clients,
        "errors": len(errors) + len(serial_errors), "error_examples": (errors + serial_errors)[:5],
        "wall_s": round(wall, 2), "queries_per_s": round(len(latencies) / wall, 1) if wall else None,
        "p50_ms": round(percentile(latencies, 0.5), 1), "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "in_process_p50_ms": round(p50_local, 1), "in_process_p99_ms": round(percentile(local, 0.99), 1),
        "one_client_http_p50_ms": round(percentile(serial, 0.5), 1),
        "ratio_p50_to_in_process": round(percentile(latencies, 0.5) / p50_local, 2),
        "ratio_one_client_to_in_process": round(percentile(serial, 0.5) / p50_local, 2),
        "server_rss_mb": {"start": round(rss_start, 1), "after_one_client": round(rss_warm, 1),
                          "middle": round(state["rss_middle"] or float("nan"), 1),
                          "end": round(rss_end, 1)},
        "load_average": {"before": load_before, "after": load_after}, "cpus": os.cpu_count(),
    }
    print(f"{report['queries']} queries from {args.clients} clients in {wall:.1f}s"
          f" ({report['queries_per_s']}/s), {report['errors']} errors")
    print(f"latency p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms; warm in-process query"
          f" p50 {report['in_process_p50_ms']} ms -> ratio {report['ratio_p50_to_in_process']}")
    print(f"one client alone over HTTP: p50 {report['one_client_http_p50_ms']} ms"
          f" (ratio {report['ratio_one_client_to_in_process']})")
    print(f"server RSS MB: start {report['server_rss_mb']['start']}, after one client"
          f" {report['server_rss_mb']['after_one_client']}, middle"
          f" {report['server_rss_mb']['middle']}, end {report['server_rss_mb']['end']}")
    print(f"load average before {load_before}, after {load_after} ({os.cpu_count()} CPUs)")
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
