"""Speed and scale benchmark: build, check and query throughput, latency, memory and disk.

    python scripts/bench.py --passages 10000            # quick
    python scripts/bench.py --passages 100000 --json-out bench-100k.json
    python scripts/bench.py --passages 1000000 --json-out bench-1m.json

One run generates a synthetic multilingual corpus (scripts/benchgen.py: en, es, fr, ru, zh, ar;
news-like lengths, ~16 passages per article) and posts (~40% copies: verbatim, cut, edited,
credited or not), then measures:

- raw encoder throughput (sentences/s) of USE and e5: the bound for everything else;
- `index build` with the default encoder (use+e5) on a SAMPLE of articles (--encoder-sample: e5
  embeds ~30-60 passages/s here, a full build is hours) and the share of time outside the encoders;
- `index build --encoder none` (lexical only), a real CLI subprocess, articles/s and passages/s;
- the full-scale index: its LSH, store and vector files are written by the index's own code path
  (`index.build`), but the passage vectors come from SYNTHETIC encoders registered under the
  names "use" and "e5" (hashed bag of words projected to 512/384 dimensions: texts sharing words
  get close vectors). Queries against it use the REAL encoders, so latencies, memory and disk are
  real; only which passages are semantically near is synthetic. Marked "synthetic vectors";
- `check` throughput (posts/s, library, batches of 64) with USE alone and with use+e5, and the
  share of time outside the encoders;
- warm single-query latency p50/p99 (library, one post per call) with USE alone and use+e5;
- cold `sourcetrace query` wall time (subprocess: process start to answer) and its peak RSS;
- ANN recall@10 of the index's IVF search against exact search over the same vectors;
- index size on disk and this process's peak RSS.

With --stream real, a real stream instead (scripts/bench_stream.py: real posts that copy
nothing and true copies mixed 99:1, against real news passages; the cascade's stop shares).

Prints a table and writes everything as JSON (--json-out). Timings on a shared machine are
noisy: compare ratios within one run; the load average is recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchgen

from sourcetrace import encoders
from sourcetrace import index as ix
from sourcetrace.records import Article, Post

CLI = [sys.executable, "-c", "from sourcetrace.cli.main import run; run()"]


def load_articles(file: Path, limit: int | None = None) -> list[Article]:
    out = []
    with open(file, encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(out) >= limit:
                break
            out.append(Article(**json.loads(line)))
    return out


def load_posts(file: Path, limit: int) -> list[Post]:
    out = []
    with open(file, encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= limit:
                break
            out.append(Post(**json.loads(line)))
    return out


# Linux keeps a process's peak RSS across execve, so a child started from this (large) process
# would report this process's peak. A small launcher starts the command and reports its own
# child's wall time and peak RSS (wait4), measured from process start to exit.
LAUNCHER = r"""
import json, os, subprocess, sys, time
t = time.perf_counter()
with open(os.devnull, "wb") as null:
    child = subprocess.Popen(sys.argv[1:], stdout=null, stderr=subprocess.PIPE)
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"seconds": time.perf_counter() - t, "peak_rss_mb": usage.ru_maxrss / 1024,
                  "rc": os.waitstatus_to_exitcode(status), "err": err.decode()[-2000:]}))
"""


def run_child_rss(args: list[str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *args], capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    if got["rc"] != 0:
        raise SystemExit(f"{' '.join(args[3:])} failed: {got['err']}")
    return {"seconds": got["seconds"], "peak_rss_mb": got["peak_rss_mb"]}


class SyntheticEncoder:
    """Hashed bag of words (CJK: characters) times a fixed random matrix, unit rows. Fast."""

    def __init__(self, name: str, dim: int, buckets: int = 1 << 15) -> None:
        self.name, self.dim, self.buckets = name, dim, buckets
        rng = np.random.default_rng(1 if name == "use" else 2)
        self.table = rng.standard_normal((buckets, dim)).astype(np.float32)

    def encode(self, texts, kind="passage"):  # type: ignore[no-untyped-def]
        import scipy.sparse as sp

        rows, cols = [], []
        for r, text in enumerate(texts):
            tokens = text.lower().split()
            if len(tokens) <= 2:  # CJK: characters are the words
                tokens = list(text)
            for t in tokens:
                rows.append(r)
                cols.append(hash(t) % self.buckets)
        m = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(texts), self.buckets))
        out = np.asarray(m @ self.table, dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return out / norms


class Timed:
    """Wraps an encoder and adds up the seconds spent in it."""

    def __init__(self, inner: encoders.Encoder) -> None:
        self.inner, self.name, self.dim, self.seconds = inner, inner.name, inner.dim, 0.0

    def encode(self, texts, kind="passage"):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return self.inner.encode(texts, kind)
        finally:
            self.seconds += time.perf_counter() - t0


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--stream", choices=["synthetic", "real"], default="synthetic")
    known, rest = pre.parse_known_args()
    if known.stream == "real":
        import bench_stream

        bench_stream.main(rest)
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stream", choices=["synthetic", "real"], default="synthetic",
                    help="real: real posts against real news passages (scripts/bench_stream.py; its"
                    " own options, see --stream real --help)")
    ap.add_argument("--passages", type=int, default=10000)
    ap.add_argument("--posts", type=int, default=2000, help="posts generated")
    ap.add_argument("--work", type=Path, default=Path("/tmp/sourcetrace-bench"))
    ap.add_argument("--encoder-sample", type=int, default=40,
                    help="articles built with the real default encoder (use+e5)")
    ap.add_argument("--lexical-sample", type=int, default=3000,
                    help="articles built by the lexical-only CLI run (all if fewer)")
    ap.add_argument("--check-posts", type=int, default=256, help="posts for the check throughput runs")
    ap.add_argument("--queries", type=int, default=200, help="single queries for warm latency")
    ap.add_argument("--encode-sentences", type=int, default=256)
    ap.add_argument("--json-out", type=Path)
    ap.add_argument("--keep", action="store_true", help="reuse an existing full-scale index")
    args = ap.parse_args()

    t_start = time.perf_counter()
    result: dict = {"passages_target": args.passages, "machine": {
        "python": platform.python_version(), "cpus": encoders.cpu_count(),
        "load_start": os.getloadavg()}, "notes": []}
    data = args.work / f"corpus-{args.passages}"
    if not (data / "posts.jsonl").exists() or not (data / "counts.json").exists():
        t0 = time.perf_counter()
        counts = benchgen.write(data, args.passages, args.posts)
        (data / "counts.json").write_text(json.dumps(counts))
        print(f"generated {counts} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    result["corpus"] = json.loads((data / "counts.json").read_text())
    posts = load_posts(data / "posts.jsonl", max(args.check_posts, args.queries))
    sample = load_articles(data / "articles.jsonl", max(args.encoder_sample, 50))

    # 1. raw encoder throughput
    sentences = [s.text for a in sample for s in __import__("sourcetrace.segment", fromlist=["x"]).passages(a.text)]
    sentences = sentences[: args.encode_sentences]
    raw: dict[str, dict] = {}
    real: dict[str, encoders.Encoder] = {}
    for name in ("use", "e5"):
        t0 = time.perf_counter()
        real[name] = encoders.load(name)
        load_s = time.perf_counter() - t0
        real[name].encode(sentences[:8])  # warm
        t0 = time.perf_counter()
        real[name].encode(sentences)
        secs = time.perf_counter() - t0
        # load_s: construction only (USE and e5 load their weights lazily, on the first call)
        raw[name] = {"load_s": round(load_s, 3), "sentences": len(sentences),
                     "sentences_per_s": round(len(sentences) / secs, 1)}
        print(f"encoder {name}: {raw[name]}", file=sys.stderr)
    result["encoders"] = raw

    # 2. index build, default encoder (real), on a sample
    small = args.work / "idx-default-sample"
    timed = {n: Timed(real[n]) for n in ("use", "e5")}
    for n, t in timed.items():
        encoders.register(n, lambda t=t: t)
    stats = ix.build(small, sample[: args.encoder_sample], encoder="use+e5", replace=True)
    enc_s = sum(t.seconds for t in timed.values())
    result["build_default_sample"] = {
        "articles": stats.added, "passages": stats.passages, "seconds": round(stats.seconds, 2),
        "articles_per_s": round(stats.added / stats.seconds, 2),
        "passages_per_s": round(stats.passages / stats.seconds, 1),
        "encoder_seconds": round(enc_s, 2), "outside_encoder_share": round(1 - enc_s / stats.seconds, 3),
        "encoder_seconds_by_name": {n: round(t.seconds, 2) for n, t in timed.items()},
    }
    print(f"build default (sample): {result['build_default_sample']}", file=sys.stderr)

    # 3. index build, lexical only (CLI subprocess)
    lex_dir = args.work / f"idx-lexical-{args.passages}"
    lex_articles = args.work / f"lexical-sample-{args.passages}.jsonl"
    with open(data / "articles.jsonl", encoding="utf-8") as src, open(lex_articles, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= args.lexical_sample:
                break
            dst.write(line)
    run = run_child_rss([*CLI, "index", "build", str(lex_articles), "--index", str(lex_dir),
                         "--encoder", "none", "--replace", "--quiet"])
    lex_store = ix.Index.open(lex_dir)
    n_art, n_pass = lex_store.manifest["counts"]["articles"], lex_store.manifest["counts"]["passages"]
    lex_store.close()
    result["build_lexical_cli"] = {
        "articles": n_art, "passages": n_pass, "seconds": round(run["seconds"], 2),
        "articles_per_s": round(n_art / run["seconds"], 1), "passages_per_s": round(n_pass / run["seconds"], 1),
        "peak_rss_mb": round(run["peak_rss_mb"], 1), "note": "process start to exit, CLI",
    }
    print(f"build lexical (CLI): {result['build_lexical_cli']}", file=sys.stderr)

    # 4. full-scale index with synthetic vectors, through ix.build
    big = args.work / f"idx-full-{args.passages}"
    synth = {"use": SyntheticEncoder("use", 512), "e5": SyntheticEncoder("e5", 384)}
    for n, enc in synth.items():
        encoders.register(n, lambda enc=enc: enc)
    if not (args.keep and (big / "manifest.json").exists()):
        stats = ix.build(big, (a for a in _iter_articles(data / "articles.jsonl")), encoder="use+e5", replace=True)
        result["build_full_synthetic"] = {**stats.to_dict(), "passages_per_s": round(stats.passages / stats.seconds, 1),
                                          "articles_per_s": round(stats.added / stats.seconds, 1),
                                          "note": "synthetic vectors; LSH/IVF written by index code"}
        print(f"build full (synthetic vectors): {result['build_full_synthetic']}", file=sys.stderr)
    for n in ("use", "e5"):
        encoders.register(n, {"use": encoders.UseEncoder, "e5": encoders.E5Encoder}[n])
    result["index_size_mb"] = round(dir_size(big) / 1e6, 1)
    manifest = json.loads((big / "manifest.json").read_text())
    result["index_files_mb"] = {name: round((big / name).stat().st_size / 1e6, 1)
                                for name in sorted(set(manifest["files"].values()) | {e["file"] for e in manifest["encoders"]})}
    result["index_counts"] = manifest["counts"]

    # 5. ANN recall@10 vs exact over the same vectors
    index = ix.Index.open(big)
    result["ann"] = {}
    for name in index.encoder_names:
        searcher = index.ann(name)
        vecs = index.vectors[name]
        rng = np.random.default_rng(3)
        q_ids = rng.choice(vecs.shape[0], size=min(200, vecs.shape[0]), replace=False)
        noise = rng.standard_normal((len(q_ids), vecs.shape[1])).astype(np.float32) * 0.02
        queries = np.asarray(vecs[np.sort(q_ids)], np.float32) + noise
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        exact = np.full((len(queries), 10), -np.inf, np.float32)
        exact_ids = np.zeros((len(queries), 10), np.int64)
        for s in range(0, vecs.shape[0], 65536):
            block = np.asarray(vecs[s : s + 65536], np.float32)
            sc = queries @ block.T
            both = np.concatenate([exact, sc], axis=1)
            ids_both = np.concatenate([exact_ids, np.arange(s, s + len(block))[None, :].repeat(len(queries), 0)], axis=1)
            top = np.argsort(-both, axis=1)[:, :10]
            exact = np.take_along_axis(both, top, 1)
            exact_ids = np.take_along_axis(ids_both, top, 1)
        _, got = searcher.search(queries, 10)
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got.tolist(), exact_ids.tolist())])
        kind = type(searcher).__name__
        result["ann"][name] = {"search": kind, "recall_at_10": round(float(recall), 4),
                               "queries": len(queries), "query": "indexed vector + small noise"}
    index.close()
    print(f"ann: {result['ann']}", file=sys.stderr)

    # 6. check throughput + warm latency (library, real encoders), USE alone and use+e5
    from sourcetrace.match import MatchConfig, Matcher
    from sourcetrace.pipeline import default_attributor

    attributor = default_attributor()
    for label, keep in (("use", ["use"]), ("use+e5", ["use", "e5"])):
        index = ix.Index.open(big)
        index.manifest = {**index.manifest, "encoders": [e for e in index.manifest["encoders"] if e["name"] in keep]}
        for n in keep:
            index._encoders[n] = Timed(real[n])
        matcher = Matcher(index, MatchConfig(top=3), attributor)
        matcher.check(posts[0])  # warm: ANN files opened, caches
        for t in index._encoders.values():
            t.seconds = 0.0
        batch = posts[: args.check_posts]
        t0 = time.perf_counter()
        found = sum(1 for r in matcher.check_many(batch) if r.matches)
        secs = time.perf_counter() - t0
        enc_s = sum(t.seconds for t in index._encoders.values())
        by_encoder = {n: round(t.seconds, 2) for n, t in index._encoders.items()}
        lat = []
        for post in posts[: args.queries]:
            t0 = time.perf_counter()
            matcher.check(post)
            lat.append((time.perf_counter() - t0) * 1000)
        result[f"check_{label}"] = {
            "posts": len(batch), "copies": found, "seconds": round(secs, 2),
            "posts_per_s": round(len(batch) / secs, 1), "encoder_seconds": round(enc_s, 2),
            "outside_encoder_share": round(1 - enc_s / secs, 3),
            "by_encoder_s": by_encoder,
        }
        result[f"query_warm_{label}"] = {"queries": len(lat), "p50_ms": round(percentile(lat, 50), 1),
                                         "p99_ms": round(percentile(lat, 99), 1)}
        print(f"check {label}: {result[f'check_{label}']}; warm {result[f'query_warm_{label}']}", file=sys.stderr)
        index.close()

    # 7. cold query (CLI subprocess, default encoders), 3 runs
    colds = []
    text = next(p.text for p in posts if len(p.text) > 60)
    for _ in range(3):
        colds.append(run_child_rss([*CLI, "query", text, "--index", str(big), "--json"]))
    result["query_cold_cli"] = {"runs_s": [round(c["seconds"], 2) for c in colds],
                                "median_s": round(statistics.median(c["seconds"] for c in colds), 2),
                                "peak_rss_mb": round(max(c["peak_rss_mb"] for c in colds), 1)}
    t0 = time.perf_counter()
    run_child_rss([sys.executable, "-c", "import sourcetrace.cli.main"])
    result["python_import_cli_s"] = round(time.perf_counter() - t0, 2)
    print(f"cold: {result['query_cold_cli']}", file=sys.stderr)

    result["peak_rss_mb_bench_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["machine"]["load_end"] = os.getloadavg()
    result["total_s"] = round(time.perf_counter() - t_start, 1)
    print_table(result)
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")


def _iter_articles(file: Path):  # type: ignore[no-untyped-def]
    with open(file, encoding="utf-8") as fh:
        for line in fh:
            yield Article(**json.loads(line))


def print_table(r: dict) -> None:
    rows = [
        ("corpus", f"{r['corpus']['articles']:,} articles, {r['index_counts']['passages']:,} passages, {r['corpus']['posts']:,} posts"),
    ]
    for n, e in r["encoders"].items():
        rows.append((f"encoder {n} raw", f"{e['sentences_per_s']} sentences/s (load {e['load_s']} s)"))
    b = r["build_default_sample"]
    rows.append(("build use+e5 (sample)", (
        f"{b['articles_per_s']} articles/s, {b['passages_per_s']} passages/s; "
        f"outside encoders {b['outside_encoder_share']:.1%} ({b['articles']} articles)")))
    b = r["build_lexical_cli"]
    rows.append(("build --encoder none (CLI)", (
        f"{b['articles_per_s']} articles/s, {b['passages_per_s']} passages/s "
        f"({b['articles']} articles, peak RSS {b['peak_rss_mb']} MB)")))
    if "build_full_synthetic" in r:
        b = r["build_full_synthetic"]
        rows.append(("build full, synthetic vectors", (
            f"{b['articles_per_s']} articles/s, {b['passages_per_s']} passages/s "
            f"({b['seconds']} s; LSH+ANN write {b['index_seconds']} s)")))
    for label in ("use", "use+e5"):
        c, q = r[f"check_{label}"], r[f"query_warm_{label}"]
        rows.append((f"check {label}", f"{c['posts_per_s']} posts/s; outside encoders {c['outside_encoder_share']:.1%}"))
        rows.append((f"warm query {label}", f"p50 {q['p50_ms']} ms, p99 {q['p99_ms']} ms"))
    c = r["query_cold_cli"]
    rows.append(("cold `sourcetrace query`", f"{c['median_s']} s median {c['runs_s']}, peak RSS {c['peak_rss_mb']} MB"))
    for n, a in r["ann"].items():
        rows.append((f"ANN {n}", f"{a['search']}, recall@10 {a['recall_at_10']}"))
    rows.append(("index size on disk", f"{r['index_size_mb']} MB"))
    rows.append(("load (start -> end)", f"{r['machine']['load_start'][0]:.2f} -> {r['machine']['load_end'][0]:.2f}"))
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
