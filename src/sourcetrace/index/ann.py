"""Approximate nearest neighbours: the IVF-SQ8 faiss index written above `ANN_MIN_ROWS` passages.

Readers memory-map it (IO_FLAG_MMAP) and re-score its hits exactly against the memory-mapped
float32 vectors (`RerankedIvf`); smaller indexes keep exact (flat) search.
"""

from __future__ import annotations

import contextlib
import mmap
import os
from pathlib import Path
from typing import Any

import numpy as np

from .. import encoders

# Above this many passages an encoder's vectors also get an approximate (IVF-SQ8) faiss index,
# written at index-write time and memory-mapped by readers; below it search is exact (flat).
# Chosen by measurement, see docs/BENCHMARKS.md. Tests lower it to exercise the IVF path.
ANN_MIN_ROWS = int(os.environ.get("SOURCETRACE_ANN_MIN_ROWS", "50000"))
ANN_RERANK = 4  # the IVF index returns RERANK x k hits (at least k + 16), re-scored exactly


def wants_ivf(n: int) -> bool:
    """Whether an encoder's n passage vectors get an IVF index (at least `ANN_MIN_ROWS`)."""
    return n >= max(ANN_MIN_ROWS, 1)


_faiss_threads_set = False


def set_faiss_threads() -> None:
    """faiss's OpenMP pool sized to the cores this process may use (never more: no oversubscribing)."""
    global _faiss_threads_set
    if not _faiss_threads_set:
        import faiss

        faiss.omp_set_num_threads(encoders.cpu_count())
        # a child forked after OpenMP started must not enter a parallel region (libgomp hangs)
        os.register_at_fork(after_in_child=lambda: faiss.omp_set_num_threads(1))
        _faiss_threads_set = True


def read_ivf(file: Path) -> Any:
    """An IVF index written by `build_ivf`, memory-mapped read-only where faiss supports it."""
    import faiss

    try:  # the inverted lists stay on disk, paged in by the lists a query probes
        return faiss.read_index(str(file), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
    except RuntimeError:  # pragma: no cover - a faiss build without mmap support
        return faiss.read_index(str(file))


def _random_access(rows: np.ndarray) -> None:
    """Tell the kernel a memory-mapped array is read row by row at random (no read-ahead).

    Re-scoring reads ~40 scattered rows per query; read-ahead would page in ~32 neighbours of
    each and inflate the resident set by hundreds of MB over a few hundred queries.
    """
    handle = getattr(rows, "_mmap", None)
    if handle is not None and hasattr(handle, "madvise") and hasattr(mmap, "MADV_RANDOM"):
        with contextlib.suppress(OSError, ValueError):
            handle.madvise(mmap.MADV_RANDOM)


class RerankedIvf:
    """An IVF index whose hits are re-scored with the exact float32 vectors.

    The IVF index (scalar-quantised codes) proposes `ANN_RERANK * k` passages per query; their
    exact cosines, from the memory-mapped vectors, decide the order and are the scores returned,
    so calibrated thresholds see the same numbers as with exact search.
    """

    def __init__(self, ivf: Any, vectors: np.ndarray) -> None:
        self.ivf = ivf
        self.vectors = vectors
        _random_access(vectors)
        self.ntotal = int(ivf.ntotal)
        self.d = int(ivf.d)
        # the probe count is a search-time policy: set here, not taken from when it was written
        override = os.environ.get("SOURCETRACE_ANN_NPROBE")
        ivf.nprobe = min(int(ivf.nlist), int(override) if override else ann_params(self.ntotal)[1])

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each (len(queries) x k), best first; missing hits are -inf and -1."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        wide = min(self.ntotal, max(k * ANN_RERANK, k + 16))
        _, ids = self.ivf.search(queries, wide)
        scores_out = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids_out = np.full((len(queries), k), -1, dtype=np.int64)
        found = np.unique(ids[ids >= 0])
        if not len(found):
            return scores_out, ids_out
        rows = np.asarray(self.vectors[found], dtype=np.float32)  # sorted ids: sequential reads
        exact = queries @ rows.T  # queries x found
        where = np.searchsorted(found, np.maximum(ids, 0))
        scores = np.where(ids >= 0, np.take_along_axis(exact, where, axis=1), -np.inf)
        order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        top_scores = np.take_along_axis(scores, order, axis=1)
        top_ids = np.take_along_axis(ids, order, axis=1)
        n = order.shape[1]
        scores_out[:, :n] = top_scores
        ids_out[:, :n] = np.where(np.isfinite(top_scores), top_ids, -1)
        return scores_out, ids_out


def exact_index(rows: np.ndarray) -> Any:
    """An exact inner-product faiss index over `rows` (n x d), held in memory."""
    import faiss

    rows = np.ascontiguousarray(rows, dtype=np.float32)
    index = faiss.IndexFlatIP(rows.shape[1])
    if len(rows):
        index.add(rows)
    return index


def ann_params(n: int) -> tuple[int, int]:
    """(nlist, nprobe) for an IVF index over n vectors: about sqrt(n) lists, probe 1/16 of them.

    Measured at 1M passages (docs/BENCHMARKS.md): probing 1/16 finds the source of a near-copy
    query first every time and keeps recall@10 about 0.93 on hard synthetic data, ~10 ms/query.
    `$SOURCETRACE_ANN_NPROBE` overrides the probe count when an index is opened.
    """
    nlist = max(1, min(int(np.sqrt(n)), n // 39))
    nprobe = min(nlist, max(16, nlist // 16))
    return nlist, nprobe


def build_ivf(
    rows: np.ndarray, out: Path, previous: Path | None = None, first_new: int = 0,
    train_sample: int = 65536, seed: int = 1,
) -> dict[str, Any]:
    """Write an IVF-SQ8 inner-product index over `rows` (n x d float32, unit rows) to `out`.

    With `previous` (the IVF index of the generation this one extends, holding rows[:first_new]),
    its trained quantiser and codes are reused and only the new rows are added, unless the index
    has more than doubled since it was trained (then it is retrained on the whole).
    """
    import faiss

    set_faiss_threads()
    n, d = rows.shape
    index = None
    if previous is not None and previous.is_file() and first_new > 0:
        old = faiss.read_index(str(previous))
        trained_on = int(faiss.extract_index_ivf(old).nlist)
        if old.ntotal == first_new and old.d == d and ann_params(n)[0] < 2 * max(trained_on, 1):
            index = old
    if index is None:
        nlist, nprobe = ann_params(n)
        quantizer = faiss.IndexFlatIP(d)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, d, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        rng = np.random.default_rng(seed)
        sample = np.sort(rng.choice(n, size=min(n, max(train_sample, 39 * nlist)), replace=False))
        index.train(np.ascontiguousarray(rows[sample], dtype=np.float32))
        index.nprobe = nprobe
        first_new = 0
    for start in range(first_new, n, 65536):  # bounded memory on millions of rows
        index.add(np.ascontiguousarray(rows[start : start + 65536], dtype=np.float32))
    faiss.write_index(index, str(out))
    return {"nlist": int(index.nlist), "nprobe": int(index.nprobe), "ntotal": int(index.ntotal)}

