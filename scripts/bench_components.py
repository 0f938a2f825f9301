"""The query-side index components alone at a large scale (default 1M passages), synthetic data.

    python scripts/bench_components.py --passages 1000000 --json-out bench-1m-components.json

What `scripts/bench.py` cannot afford at 1M on 2 cores (real text through the whole build is
about 1,000 passages/s): this writes, with the index's own functions, the files a 1M-passage
generation holds for one 512-d encoder and the LSH — random MinHash signatures
(`lexical.build_lsh`) and SYNTHETIC clustered unit vectors (`index.build_ivf`: IVF-SQ8) — then, in
a fresh child process, opens them the way `Index` does (np.load mmap, faiss IO_FLAG_MMAP) and
measures open time, single-query latency of LSH lookup and of ANN search + exact re-scoring,
peak RSS, and recall@10 of the ANN search against exact search over the same vectors.
No encoder is involved: add the encoders' per-query time (bench.py) to get a query's latency.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from sourcetrace import index as ix
from sourcetrace.lexical import MinHashParams, build_lsh, lsh_shape

CHILD = r'''
import json, resource, sys, time
from pathlib import Path
import numpy as np
t0 = time.perf_counter()
from sourcetrace import index as ix
from sourcetrace.lexical import LexicalIndex, MinHashParams
work = Path(sys.argv[1]); shape = tuple(json.loads(sys.argv[2]))
t1 = time.perf_counter()
lsh = LexicalIndex.load(MinHashParams(), work / "lsh-keys.npy", work / "lsh-ids.npy", shape=shape)
vectors = np.load(work / "vectors.npy", mmap_mode="r")
ann = ix.RerankedIvf(ix.read_ivf(work, "vectors.ivf", *vectors.shape), vectors)
t2 = time.perf_counter()
q = np.load(work / "queries.npy"); qs = np.load(work / "query-sigs.npy")
lat_ann, lat_lsh, got = [], [], []
for i in range(len(q)):
    s = time.perf_counter(); _, ids = ann.search(q[i:i+1], 10); lat_ann.append(time.perf_counter() - s)
    got.append(ids[0].tolist())
    s = time.perf_counter(); lsh.query([qs[i], qs[(i + 1) % len(qs)]]); lat_lsh.append(time.perf_counter() - s)
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1,
  "ann_ms": [float(np.percentile(lat_ann, p) * 1000) for p in (50, 99)],
  "lsh_ms": [float(np.percentile(lat_lsh, p) * 1000) for p in (50, 99)],
  "first_query_ms": (lat_ann[0] + lat_lsh[0]) * 1000,
  "peak_rss_mb": int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) / 1024,
  "got": got}))
'''


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passages", type=int, default=1_000_000)
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--clusters", type=int, default=20000, help="topics the synthetic vectors gather around")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--work", type=Path, default=Path("/tmp/sourcetrace-bench/components"))
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args()
    work = args.work / str(args.passages)
    work.mkdir(parents=True, exist_ok=True)
    n, d = args.passages, args.dim
    rng = np.random.default_rng(11)
    out: dict = {"passages": n, "dim": d, "load_start": os.getloadavg()}

    params = MinHashParams()
    t0 = time.perf_counter()
    sigs = rng.integers(0, 2**32 - 1, size=(n, params.num_perm), dtype=np.uint64)
    keys, ids = build_lsh(sigs, params)
    np.save(work / "lsh-keys.npy", keys)
    np.save(work / "lsh-ids.npy", ids)
    query_sigs = sigs[rng.choice(n, args.queries, replace=False)].copy()
    query_sigs[:, ::2] = rng.integers(0, 2**32 - 1, size=query_sigs[:, ::2].shape)  # half the values changed
    np.save(work / "query-sigs.npy", query_sigs)
    out["lsh_build_s"] = round(time.perf_counter() - t0, 1)
    del sigs, keys, ids

    t0 = time.perf_counter()
    centers = rng.standard_normal((args.clusters, d)).astype(np.float32)
    vectors = np.lib.format.open_memmap(work / "vectors.npy", mode="w+", dtype=np.float32, shape=(n, d))
    for s in range(0, n, 65536):
        m = min(65536, n - s)
        block = centers[rng.integers(0, args.clusters, m)] + rng.standard_normal((m, d)).astype(np.float32) * 0.7
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        vectors[s : s + m] = block
    vectors.flush()
    out["vectors_write_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    info = ix.build_ivf(np.load(work / "vectors.npy", mmap_mode="r"), work / "vectors.ivf")
    out["ivf_build_s"] = round(time.perf_counter() - t0, 1)
    out["ivf"] = info
    q_ids = rng.choice(n, args.queries, replace=False)
    queries = np.asarray(vectors[np.sort(q_ids)]) + rng.standard_normal((args.queries, d)).astype(np.float32) * 0.05
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    np.save(work / "queries.npy", queries.astype(np.float32))
    exact_s, exact_i = np.full((args.queries, 10), -np.inf, np.float32), np.zeros((args.queries, 10), np.int64)
    for s in range(0, n, 65536):
        sc = queries @ np.asarray(vectors[s : s + 65536]).T
        both = np.concatenate([exact_s, sc], 1)
        bid = np.concatenate([exact_i, np.broadcast_to(np.arange(s, s + sc.shape[1]), sc.shape)], 1)
        top = np.argsort(-both, 1)[:, :10]
        exact_s, exact_i = np.take_along_axis(both, top, 1), np.take_along_axis(bid, top, 1)
    del vectors

    bands, rows = lsh_shape(params.threshold, params.num_perm)
    child = subprocess.run([sys.executable, "-c", CHILD, str(work), json.dumps([bands, rows])],
                           capture_output=True, text=True, check=True)
    got = json.loads(child.stdout)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got.pop("got"), exact_i.tolist())])
    out["query_process"] = {k: (round(v, 3) if isinstance(v, float) else [round(x, 2) for x in v] if isinstance(v, list) else v)
                            for k, v in got.items()}
    out["ann_recall_at_10"] = round(float(recall), 4)
    out["files_mb"] = {f.name: round(f.stat().st_size / 1e6, 1) for f in sorted(work.iterdir())}
    out["load_end"] = os.getloadavg()
    print(json.dumps(out, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
