"""Approximate nearest neighbours: the IVF-SQ8 faiss index written above `ANN_MIN_ROWS` passages.

Readers memory-map it (IO_FLAG_MMAP) and re-score its hits exactly against the memory-mapped
float32 vectors (`RerankedIvf`); smaller indexes keep exact search (`ExactSearch`, in numpy).

faiss trusts the files it reads (a forged size can make it allocate without bound or read out
of its buffers, and abort the process), so an IVF file from an index folder is parsed here
first (`ivf_layout`): it must be exactly the kind `build_ivf` writes (IVF, scalar quantiser
QT_8bit, inner product, a flat inner-product quantiser, array inverted lists), of the
manifest's dimension and passage count, every length consistent and the file exactly as long
as they add up to; only then does faiss read it.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from .. import encoders
from ..errors import IndexFolderError
from .files import open_file

# Above this many passages an encoder's vectors also get an approximate (IVF-SQ8) faiss index,
# written at index-write time and memory-mapped by readers; below it search is exact
# (`ExactSearch`).
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


@dataclass(frozen=True)
class IvfLayout:
    """Where the parts of a checked IVF file lie: per non-empty list, its ids' offset and length."""

    nlist: int
    code_size: int
    lists: list[tuple[int, int]]  # (byte offset of the list's ids, number of ids)


_INDEX_HEADER = struct.Struct("<iqqqBi")  # d, ntotal, two unused, is_trained, metric type
_METRIC_INNER_PRODUCT = 0
_QT_8BIT = 0
_MAX_LISTS = 1 << 20  # ann_params gives sqrt(n): 1,000 lists at a million passages


class _Parser:
    """Reads a faiss file's fields in order, refusing whatever `build_ivf` would not write."""

    def __init__(self, fh: IO[bytes], size: int, where: str) -> None:
        self.fh, self.size, self.where = fh, size, where

    def fail(self, detail: str) -> IndexFolderError:
        return IndexFolderError(f"{self.where}: {detail}; not an IVF index written by sourcetrace")

    def read(self, n: int) -> bytes:
        data = self.fh.read(n)
        if len(data) != n:
            raise self.fail("truncated")
        return data

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))

    def fourcc(self, expected: bytes) -> None:
        found = self.read(4)
        if found != expected:
            raise self.fail(f"{found!r} where {expected!r} belongs")

    def index_header(self, d: int, ntotal: int, what: str) -> None:
        found_d, found_n, _, _, trained, metric = _INDEX_HEADER.unpack(self.read(_INDEX_HEADER.size))
        if (found_d, found_n) != (d, ntotal):
            raise self.fail(f"{what} is {found_n} x {found_d}, expected {ntotal} x {d}")
        if trained != 1 or metric != _METRIC_INNER_PRODUCT:
            raise self.fail(f"{what} is untrained or not inner-product")

    def skip(self, n: int) -> None:
        if n < 0 or self.fh.tell() + n > self.size:
            raise self.fail("truncated")
        self.fh.seek(n, os.SEEK_CUR)


def ivf_layout(folder: Path, name: str, n: int, d: int) -> IvfLayout:
    """Parse an IVF file's structure without faiss: it must hold n vectors of dimension d.

    Raises FileNotFoundError if it is missing, IndexFolderError if it is not exactly what
    `build_ivf` writes for that shape (see the module docstring).
    """
    with open_file(folder, name) as fh:
        p = _Parser(fh, os.fstat(fh.fileno()).st_size, str(folder / name))
        p.fourcc(b"IwSq")
        p.index_header(d, n, "index")
        nlist, _nprobe = p.unpack("<QQ")
        if not 1 <= nlist <= _MAX_LISTS:
            raise p.fail(f"{nlist} lists")
        p.fourcc(b"IxFI")  # the coarse quantiser: nlist centroids, flat inner product
        p.index_header(d, nlist, "quantiser")
        (floats,) = p.unpack("<Q")
        if floats != nlist * d:
            raise p.fail("quantiser centroids of the wrong size")
        p.skip(floats * 4)
        direct_map, mapped = p.unpack("<BQ")
        if direct_map != 0 or mapped != 0:
            raise p.fail("a direct map")
        qtype, _rangestat, _rangestat_arg, sq_d, sq_code_size, trained = p.unpack("<iifQQQ")
        if qtype != _QT_8BIT or sq_d != d or sq_code_size != d or trained != 2 * d:
            raise p.fail("a scalar quantiser other than QT_8bit of this dimension")
        p.skip(trained * 4)
        code_size, by_residual = p.unpack("<QB")
        if code_size != d or by_residual > 1:
            raise p.fail("codes of the wrong size")
        p.fourcc(b"ilar")
        lists_n, lists_code_size = p.unpack("<QQ")
        if (lists_n, lists_code_size) != (nlist, code_size):
            raise p.fail("inverted lists that do not match the index")
        sizes = _list_sizes(p, nlist)
        if int(sizes.sum()) != n:
            raise p.fail(f"inverted lists holding {int(sizes.sum())} vectors, expected {n}")
        lists = []
        offset = fh.tell()
        for size in sizes[sizes > 0].tolist():
            offset += size * code_size
            lists.append((offset, size))
            offset += size * 8
        if offset != p.size:
            raise p.fail(f"{p.size:,} bytes where its lists need {offset:,}")
    return IvfLayout(nlist, code_size, lists)


def _list_sizes(p: _Parser, nlist: int) -> np.ndarray:
    """The inverted lists' lengths, stored in full ("full") or as (list, length) pairs ("sprs")."""
    kind = p.read(4)
    (count,) = p.unpack("<Q")
    if kind == b"full" and count == nlist:
        return np.frombuffer(p.read(8 * nlist), dtype="<u8").astype(np.int64)
    if kind == b"sprs" and count % 2 == 0 and count <= 2 * nlist:
        pairs = np.frombuffer(p.read(8 * count), dtype="<u8").reshape(-1, 2)
        if np.any(pairs[:, 0] >= nlist) or len(np.unique(pairs[:, 0])) != len(pairs):
            raise p.fail("list sizes naming lists that do not exist")
        sizes = np.zeros(nlist, dtype=np.int64)
        sizes[pairs[:, 0].astype(np.int64)] = np.minimum(pairs[:, 1], 1 << 48).astype(np.int64)
        return sizes
    raise p.fail("list sizes in an unknown layout")


def ivf_ids_problem(folder: Path, name: str, layout: IvfLayout, n: int) -> str | None:
    """Whether the IVF lists hold each passage id 0..n-1 exactly once (a full read; for verify)."""
    seen = np.zeros(n, dtype=bool)
    with open_file(folder, name) as fh:
        data = np.memmap(fh, dtype=np.uint8, mode="r") if layout.lists else np.zeros(0, np.uint8)
        for offset, size in layout.lists:
            ids = data[offset : offset + 8 * size].view("<i8")
            if ids.min() < 0 or ids.max() >= n or seen[ids].any() or len(np.unique(ids)) != size:
                return f"{name}: its lists name passage ids outside 0..{n - 1} or twice"
            seen[ids] = True
    return None if seen.all() else f"{name}: its lists leave out passages"


def read_ivf(folder: Path, name: str, n: int, d: int, mmap_lists: bool = True) -> Any:
    """An IVF index written by `build_ivf`, checked by `ivf_layout` first, then read by faiss.

    Memory-mapped read-only where faiss supports it (unless `mmap_lists` is False: an index to
    add to). Raises FileNotFoundError if it is missing, IndexFolderError if it is not an IVF
    index of n vectors of dimension d.
    """
    import faiss

    ivf_layout(folder, name, n, d)
    file = str(folder / name)
    try:
        if mmap_lists:
            with contextlib.suppress(RuntimeError):  # a faiss build without mmap support reads it whole
                # the inverted lists stay on disk, paged in by the lists a query probes
                return faiss.read_index(file, faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        return faiss.read_index(file)
    except RuntimeError as exc:
        raise IndexFolderError(f"{file}: faiss cannot read it ({str(exc).splitlines()[0][:200]})") from None


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
        ids = np.where(ids < len(self.vectors), ids, -1)  # a forged list names no row outside
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


# Exact scores are computed for at most QUERY_BLOCK queries by PASSAGE_BLOCK passages at a time
# (8 MB of float32): memory stays bounded whatever the batch.
QUERY_BLOCK = 32
PASSAGE_BLOCK = 65_536


class ExactSearch:
    """Exact inner-product search over `rows` (n x d float32, unit rows), held in memory, in numpy.

    Not faiss's flat index: the encoders run on numpy's BLAS threads, and faiss's own OpenMP and
    BLAS pools, woken right after them on the same cores, wait for those threads to stop spinning.
    Measured in `check` on 2 cores, 2,000 posts (docs/BENCHMARKS.md, "Exact search in numpy"):
    faiss's flat search took 0.43 s at 1,846 passages and 2.06 s at 10,825 on its SIMD loop
    (1.08 and 0.96 s on its BLAS), this search 0.12 and 0.77 s with a partial sort (0.45 s of
    it argpartition's; `best` takes a third of that), the same hits. Ties are ordered
    by passage id. As with faiss (and the encoders), a score's last bit may depend on the batch
    the query comes in (BLAS picks its kernel by the matrix's shape): `check --workers` keeps a
    single process's batches.
    """

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = np.ascontiguousarray(rows, dtype=np.float32)
        self.ntotal = len(self.rows)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each (len(queries) x k), best first; missing hits are -inf and -1."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        scores_out = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids_out = np.full((len(queries), k), -1, dtype=np.int64)
        if min(k, self.ntotal) <= 0 or not len(queries):
            return scores_out, ids_out
        for start in range(0, len(queries), QUERY_BLOCK):
            block = queries[start : start + QUERY_BLOCK]
            rows = len(block)
            sims = np.hstack([block @ self.rows[first : first + PASSAGE_BLOCK].T
                              for first in range(0, self.ntotal, PASSAGE_BLOCK)])
            best(sims, scores_out[start : start + rows], ids_out[start : start + rows])
        return scores_out, ids_out


# Columns per block whose maximum `best` takes first (see there).
_MAXIMA_BLOCK = 64
# Scores this close are a tie, ordered by passage id (`best`): BLAS's last bit depends on the
# batch a query comes in and on where a column falls in its kernel's tiles, so two identical
# passages (a republished article) scored 5.96e-08 apart in one batch and equal in another (a
# trial's numpy 2.4.6 on AMD EPYC), and which came first depended on the batch. Float32 cosines
# carry about 7 digits; 1e-6 is some 16 times the differences seen.
TIE_EPS = 1e-6


def best(sims: np.ndarray, scores_out: np.ndarray, ids_out: np.ndarray) -> None:
    """Write each row's k best columns of `sims` (rows x n) into `scores_out` and `ids_out`
    (rows x k, k = their width), best first, ties by column; a row with fewer than k comparable
    scores (NaN) leaves the rest of its slots as they were. Scores within TIE_EPS of the next
    higher one in their row are tied with it (chained), so that near-equal scores are ordered by
    column whatever the batch.

    Not a partial sort of every score: the k best scores of a row are each at least the k-th
    best of its blocks' maxima (those are k distinct scores of the row), so only the scores at
    or above that floor, ties included, are sorted: 1.1 ms against argpartition's 3.8 ms for 32
    rows of 10,825 passages.
    """
    rows, n = sims.shape
    k = scores_out.shape[1]
    blocks = n // _MAXIMA_BLOCK
    if blocks >= k:
        # fmax passes over NaN (a vector `index verify` would call damaged must not hide the rest)
        maxima = np.fmax.reduce(sims[:, : blocks * _MAXIMA_BLOCK].reshape(rows, blocks, _MAXIMA_BLOCK), axis=2)
        if blocks * _MAXIMA_BLOCK < n:
            maxima = np.hstack([maxima, np.fmax.reduce(sims[:, blocks * _MAXIMA_BLOCK :], axis=1, keepdims=True)])
        maxima[np.isnan(maxima)] = -np.inf
        floor = np.partition(maxima, maxima.shape[1] - k, axis=1)[:, maxima.shape[1] - k]
        row, col = np.nonzero(sims >= floor[:, None] - TIE_EPS)
    else:
        row, col = np.nonzero(~np.isnan(sims))
    score = sims[row, col]
    order = np.lexsort((-score, row))  # by row, then best first
    row, col, score = row[order], col[order], score[order]
    # near-ties: a new group where the row changes or the score drops by more than TIE_EPS
    starts = np.ones(len(row), dtype=bool)
    starts[1:] = (row[1:] != row[:-1]) | (score[:-1] - score[1:] > TIE_EPS)
    group = np.cumsum(starts)
    order = np.lexsort((col, group))  # groups in order, a group by column
    row, col, score = row[order], col[order], score[order]
    rank = np.arange(len(row)) - np.searchsorted(row, np.arange(rows))[row]
    keep = rank < k
    scores_out[row[keep], rank[keep]] = score[keep]
    ids_out[row[keep], rank[keep]] = col[keep]


def exact_index(rows: np.ndarray) -> ExactSearch:
    """Exact inner-product search over `rows` (n x d), held in memory (`ExactSearch`)."""
    return ExactSearch(rows)


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
        old = read_ivf(previous.parent, previous.name, first_new, d, mmap_lists=False)
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

