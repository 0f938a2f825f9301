"""The index folder: manifest, SQLite store, MinHash signatures and per-encoder vectors.

Every write builds a new *generation* of files beside the current ones and then replaces
`manifest.json` atomically (write, fsync, rename). The manifest names the files of its
generation, so a crash at any instant leaves the previous index loadable, and a reader sees
either the old or the new generation. Nothing is pickled: JSON, SQLite and `.npy` only.

Beside the signatures each generation stores its LSH as per-band sorted key arrays
(`minhash-gNNNNNN.lsh-keys.npy`, `.lsh-ids.npy`), memory-mapped and binary-searched by readers,
and, above `ANN_MIN_ROWS` passages, an IVF-SQ8 faiss index per encoder (`vectors-I-gNNNNNN.ivf`,
memory-mapped with IO_FLAG_MMAP) whose hits are re-scored exactly against the memory-mapped
float32 vectors; smaller indexes keep exact search. Indexes written before these files existed
load as before (LSH rebuilt in memory, exact search).

The manifest also records each file's SHA-256 (checked by `verify`) and, after an `update`, the
feeds' ETag/Last-Modified validators in a `feeds-gNNNNNN.json` of the same generation, so the
validators can never run ahead of the articles they describe.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import logging
import mmap
import os
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import __version__, encoders
from .errors import EncoderMismatchError, IndexFolderError, InputError
from .lexical import LexicalIndex, MinHashParams, build_lsh, lsh_shape, shingles, signatures
from .normalize import NORMALIZER_VERSION, clean_for_encoder
from .records import Article, parse_datetime
from .segment import passages
from .store import Store

if TYPE_CHECKING:  # pragma: no cover
    from .encoders import EncodePool  # hook: encode batches on other processes/machines
    from .readers import ProblemHandler
    from .sources import Feed, FeedReport, Fetcher

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
BATCH_ARTICLES = 64  # articles per store commit, encoder call and progress tick
# Above this many passages an encoder's vectors also get an approximate (IVF-SQ8) faiss index,
# written at index-write time and memory-mapped by readers; below it search is exact (flat).
# Chosen by measurement, see docs/BENCHMARKS.md. Tests lower it to exercise the IVF path.
ANN_MIN_ROWS = int(os.environ.get("SOURCETRACE_ANN_MIN_ROWS", "50000"))
ANN_RERANK = 4  # the IVF index returns RERANK x k hits (at least k + 16), re-scored exactly
Progress = Callable[[int], None]


# Test hook for the crash-safety tests: with SOURCETRACE_CRASH_AT=NAME (or NAME:N for its N-th
# occurrence) a writer kills itself with SIGKILL when it reaches that point, as a power cut or
# `kill -9` would. Unset (always, outside tests) it costs one dictionary lookup per point.
CRASH_ENV = "SOURCETRACE_CRASH_AT"
CRASH_POINTS = (
    "store-copied", "batch-committed", "store-closed", "minhash-saved", "vectors-saved",
    "feeds-saved", "manifest-written", "manifest-replaced", "old-files-removed",
)
_crash_counts: dict[str, int] = {}


def _crash_point(name: str) -> None:
    target = os.environ.get(CRASH_ENV)
    if not target:
        return
    point, _, nth = target.partition(":")
    if point != name:
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def default_index_dir() -> Path:
    """`$SOURCETRACE_INDEX`, else ./.sourcetrace/index."""
    return Path(os.environ.get("SOURCETRACE_INDEX") or ".sourcetrace/index")


@dataclass
class WriteStats:
    """What one build/add did."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    passages: int = 0
    seconds: float = 0.0
    encode_seconds: float = 0.0
    index_seconds: float = 0.0  # writing the LSH arrays and the ANN indexes

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "added": self.added, "duplicates": self.duplicates,
            "passages": self.passages, "seconds": round(self.seconds, 3),
            "encode_seconds": round(self.encode_seconds, 3),
            "index_seconds": round(self.index_seconds, 3),
        }


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of an index folder; a clear error if there is none or it is unreadable."""
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise IndexFolderError(
            f"no index at {path} (build one with `sourcetrace index build ARTICLES --index {path}`)"
        )
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexFolderError(f"{manifest_path}: unreadable manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA_VERSION:
        raise IndexFolderError(
            f"{manifest_path}: index schema {manifest.get('schema') if isinstance(manifest, dict) else '?'}"
            f" is not {SCHEMA_VERSION}; rebuild it with this version of sourcetrace"
        )
    if manifest.get("normalizer_version") != NORMALIZER_VERSION:
        raise IndexFolderError(
            f"{path}: built with text normaliser v{manifest.get('normalizer_version')},"
            f" this sourcetrace uses v{NORMALIZER_VERSION}; rebuild the index"
        )
    return manifest


@contextlib.contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    path.mkdir(parents=True, exist_ok=True)
    with open(path / ".lock", "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexFolderError(f"{path}: another process is writing this index") from None
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@dataclass
class Index:
    """A loaded, read-only index generation."""

    path: Path
    manifest: dict[str, Any]
    store: Store
    params: MinHashParams
    signatures: np.ndarray
    vectors: dict[str, np.ndarray]
    _encoders: dict[str, encoders.Encoder] = field(default_factory=dict)
    _lexical: LexicalIndex | None = None
    _faiss: dict[str, Any] = field(default_factory=dict)

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, encoder: str | None = None) -> Index:
        """Load the current generation; `encoder`, if given, must be what the index was built with."""
        attempts = 10
        for attempt in range(attempts):
            manifest = read_manifest(path)
            if encoder is not None and encoder != manifest["encoder"]:
                raise EncoderMismatchError(
                    f"{path} was built with encoder {manifest['encoder']!r}, not {encoder!r};"
                    f" query without --encoder, or rebuild with --encoder {encoder}"
                )
            try:
                return cls._load(path, manifest)
            except (FileNotFoundError, sqlite3.OperationalError) as exc:
                # A writer swapped generations (and removed the old files) between our reading
                # the manifest and opening its files: read the new manifest and try again.
                # Once a file is open, removing it no longer matters (POSIX keeps it alive).
                if _generation(path) == manifest.get("generation") or attempt == attempts - 1:
                    raise IndexFolderError(
                        f"{path}: a file of generation {manifest.get('generation')} cannot be"
                        f" opened ({exc}); run `sourcetrace index verify --index {path}`"
                    ) from None
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    @classmethod
    def _load(cls, path: Path, manifest: dict[str, Any]) -> Index:
        files = manifest["files"]
        store_path = path / files["store"]
        if not store_path.is_file():
            raise FileNotFoundError(store_path)
        store = Store(store_path, readonly=True)
        try:
            store.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchall()  # opens it now
            sigs = np.load(path / files["minhash"], allow_pickle=False, mmap_mode="r")
            vectors = {
                enc["name"]: np.load(path / enc["file"], allow_pickle=False, mmap_mode="r")
                for enc in manifest["encoders"]
            }
        except BaseException:
            store.close()
            raise
        n = manifest["counts"]["passages"]
        for name, rows in vectors.items():
            if rows.shape[0] != n:
                raise IndexFolderError(f"{path}: {name} vectors hold {rows.shape[0]} rows, expected {n}")
        if sigs.shape[0] != n:
            raise IndexFolderError(f"{path}: {sigs.shape[0]} MinHash signatures, expected {n}")
        return cls(path, manifest, store, MinHashParams(**manifest["minhash"]), sigs, vectors)

    @property
    def encoder_names(self) -> list[str]:
        return [enc["name"] for enc in self.manifest["encoders"]]

    def encoder(self, name: str) -> encoders.Encoder:
        """The encoder the index was built with, loaded on first use and checked for its dimension."""
        if name not in self._encoders:
            enc = encoders.load(name)
            expected = next(e["dim"] for e in self.manifest["encoders"] if e["name"] == name)
            if enc.dim != expected:
                raise EncoderMismatchError(
                    f"encoder {name!r} gives {enc.dim}-d vectors but the index holds {expected}-d ones"
                )
            self._encoders[name] = enc
        return self._encoders[name]

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            files = self.manifest["files"]
            lsh = self.manifest.get("lsh")
            if files.get("lsh_keys") and files.get("lsh_ids") and isinstance(lsh, dict):
                self._lexical = LexicalIndex.load(
                    self.params, self.path / files["lsh_keys"], self.path / files["lsh_ids"],
                    shape=(int(lsh["bands"]), int(lsh["rows"])),
                )
            else:  # written before the LSH was stored: build it in memory
                self._lexical = LexicalIndex(self.params, np.asarray(self.signatures))
        return self._lexical

    def ann(self, name: str) -> Any:
        """Inner-product search over one encoder's passage vectors: `.search(queries, k)`.

        The generation's IVF-SQ8 index (memory-mapped; hits re-scored exactly) when it has one,
        else an exact flat index built from the vectors on first use.
        """
        if name not in self._faiss:
            import faiss

            set_faiss_threads()
            entry = next(e for e in self.manifest["encoders"] if e["name"] == name)
            ann_file = entry.get("ann")
            if ann_file:
                self._faiss[name] = RerankedIvf(_read_ivf(self.path / ann_file), self.vectors[name])
            else:
                rows = np.ascontiguousarray(self.vectors[name], dtype=np.float32)
                index = faiss.IndexFlatIP(rows.shape[1])
                if len(rows):
                    index.add(rows)
                self._faiss[name] = index
        return self._faiss[name]

    def close(self) -> None:
        self.store.close()

    def stats(self) -> dict[str, Any]:
        first, last = self.store.date_range()
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return {
            "path": str(self.path),
            "encoder": self.manifest["encoder"],
            "encoders": [{"name": e["name"], "dim": e["dim"]} for e in self.manifest["encoders"]],
            "counts": self.manifest["counts"],
            "outlets": self.store.outlets(),
            "published": {"first": first, "last": last},
            "minhash": self.manifest["minhash"],
            "created_at": self.manifest["created_at"],
            "updated_at": self.manifest["updated_at"],
            "generation": self.manifest["generation"],
            "size_bytes": size,
        }


# ---- approximate nearest neighbours --------------------------------------------------------

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


def _read_ivf(file: Path) -> Any:
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


# ---- writing -------------------------------------------------------------------------------

def build(
    path: Path,
    articles: Iterable[Article],
    encoder: str = encoders.DEFAULT_ENCODER,
    params: MinHashParams | None = None,
    progress: Progress | None = None,
    replace: bool = False,
    pool: EncodePool | None = None,
    device: str | None = None,
) -> WriteStats:
    """Create a new index at `path` (an existing one is replaced only with `replace=True`).

    `device` places sentence-transformers encoders (cpu, cuda, cuda:N; see encoders.load).
    """
    names = [] if encoder == "none" else encoders.split_spec(encoder)
    device = encoders.check_device(device)  # a bad device fails before any work
    # fail on a bad encoder before any work
    models = [(pool.load if pool is not None else functools.partial(encoders.load, device=device))(name)
              for name in names]
    with _writer_lock(path):
        if (path / MANIFEST).exists() and not replace:
            raise IndexFolderError(
                f"an index already exists at {path}: use `sourcetrace index add`, or --replace"
            )
        return _write(path, None, articles, models, params or MinHashParams(), progress, pool=pool)


def add(path: Path, articles: Iterable[Article], progress: Progress | None = None,
        pool: EncodePool | None = None, device: str | None = None) -> WriteStats:
    """Add articles to an existing index; ones already stored (id, URL or text) are skipped."""
    device = encoders.check_device(device)
    with _writer_lock(path):
        manifest = read_manifest(path)
        models = _models_of(manifest, pool, device)
        return _write(path, manifest, articles, models, MinHashParams(**manifest["minhash"]), progress,
                      pool=pool)


def _models_of(
    manifest: dict[str, Any], pool: EncodePool | None = None, device: str | None = None
) -> list[encoders.Encoder]:
    """The index's encoders, loaded and checked for the dimension the index holds."""
    load = pool.load if pool is not None else functools.partial(encoders.load, device=device)
    models = [load(enc["name"]) for enc in manifest["encoders"]]
    for enc, model in zip(manifest["encoders"], models):
        if model.dim != enc["dim"]:
            raise EncoderMismatchError(
                f"encoder {enc['name']!r} now gives {model.dim}-d vectors, index has {enc['dim']}-d"
            )
    return models


def _generation(path: Path) -> int | None:
    with contextlib.suppress(IndexFolderError, KeyError, TypeError, ValueError):
        return int(read_manifest(path)["generation"])
    return None


def _copy_store(path: Path, old: dict[str, Any] | None, store_path: Path) -> None:
    """Start a generation's store as a copy of the previous one (SQLite online backup)."""
    _remove_quietly(store_path)
    if old is None:
        return
    src = sqlite3.connect(f"file:{path / old['files']['store']}?mode=ro", uri=True)
    dst = sqlite3.connect(store_path)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def _write(
    path: Path,
    old: dict[str, Any] | None,
    articles: Iterable[Article],
    models: list[encoders.Encoder],
    params: MinHashParams,
    progress: Progress | None,
    feed_state: Callable[[], dict[str, Any]] | None = None,
    pool: EncodePool | None = None,
) -> WriteStats:
    started = time.perf_counter()
    stats = WriteStats()
    generation = (old["generation"] + 1) if old else _next_free_generation(path)
    tag = f"g{generation:06d}"
    files = {"store": f"store-{tag}.sqlite", "minhash": f"minhash-{tag}.npy"}
    store_path = path / files["store"]
    committed = False
    store: Store | None = None
    try:
        _copy_store(path, old, store_path)
        _crash_point("store-copied")
        first_pid = old["counts"]["passages"] if old is not None else 0
        store = Store(store_path)
        new_sigs: list[np.ndarray] = []
        new_vecs: dict[str, list[np.ndarray]] = {m.name: [] for m in models}
        next_pid = first_pid
        batch_texts: list[str] = []
        for batch in _batches(articles, BATCH_ARTICLES):
            kept: list[Article] = []
            batch_sets: list[set[str]] = []
            for article in batch:
                stats.read += 1
                if store.is_duplicate(article):
                    stats.duplicates += 1
                    continue
                spans = [(p.start, p.end) for p in passages(article.text)]
                store.add_article(article, spans, next_pid)
                next_pid += len(spans)
                kept.append(article)
                texts = [article.text[s:e] for s, e in spans]
                batch_sets.extend(shingles(t) for t in texts)
                if models:  # a lexical-only index embeds nothing
                    batch_texts.extend(clean_for_encoder(t) for t in texts)
                stats.passages += len(spans)
            new_sigs.append(signatures(batch_sets, params))  # one vectorised call per batch
            # one encoder call per batch of articles: full batches, less per-call overhead
            for model in models:
                t0 = time.perf_counter()
                # with a pool (sourcetrace.cluster), a handle now and the vectors after the loop
                new_vecs[model.name].append(model.encode(batch_texts) if pool is None
                                            else pool.submit(model, list(batch_texts)))
                stats.encode_seconds += time.perf_counter() - t0
            batch_texts.clear()
            stats.added += len(kept)
            store.commit()
            _crash_point("batch-committed")
            if progress:
                progress(len(batch))
        if pool is not None:  # gather the workers' vectors, in submission order
            new_vecs = {name: [pool.result(h) for h in handles] for name, handles in new_vecs.items()}
        counts = store.counts()
        store.close()
        _fsync_file(store_path)
        _crash_point("store-closed")
        sigs = _concat(path, old, "minhash", new_sigs, (0, params.num_perm), np.uint64)
        np.save(path / files["minhash"], sigs, allow_pickle=False)
        _fsync_file(path / files["minhash"])
        t0 = time.perf_counter()
        lsh = _save_lsh(path, tag, sigs, params, files)
        del sigs
        _crash_point("minhash-saved")
        encoder_entries = []
        for i, model in enumerate(models):
            name = f"vectors-{i}-{tag}.npy"
            old_entry = old["encoders"][i] if old else None
            rows = _concat(path, old_entry, "file", new_vecs[model.name], (0, model.dim), np.float32)
            np.save(path / name, rows, allow_pickle=False)
            _fsync_file(path / name)
            del rows
            entry = {"name": model.name, "dim": model.dim, "file": name}
            previous = old_entry.get("ann") if old_entry else None
            ann = _save_ann(path, tag, i, name, files, path / previous if previous else None, first_pid)
            encoder_entries.append({**entry, "ann": ann} if ann else entry)
        _crash_point("vectors-saved")
        stats.index_seconds = time.perf_counter() - t0
        state = feed_state() if feed_state is not None else _feed_state(path, old)
        manifest = _commit(
            path, old, generation, files, encoder_entries,
            encoder="+".join(m.name for m in models) or "none",
            params=params, counts=counts, feed_state=state, extra={"lsh": lsh},
        )
        committed = True
    except BaseException:
        if not committed:
            if store is not None:
                with contextlib.suppress(Exception):
                    store.close()
            for leftover in path.glob(f"*-{tag}.*"):
                _remove_quietly(leftover)
        raise
    _collect_garbage(path, manifest)
    stats.seconds = time.perf_counter() - started
    return stats


def _save_lsh(
    path: Path, tag: str, sigs: np.ndarray, params: MinHashParams, files: dict[str, str]
) -> dict[str, int]:
    """Write the generation's LSH arrays (listed in `files`); returns its shape for the manifest."""
    bands, rows = lsh_shape(params.threshold, params.num_perm)
    keys, ids = build_lsh(sigs, params, (bands, rows))
    for key, array in (("lsh_keys", keys), ("lsh_ids", ids)):
        name = f"minhash-{tag}.{key.replace('_', '-')}.npy"
        np.save(path / name, array, allow_pickle=False)
        _fsync_file(path / name)
        files[key] = name
    return {"bands": bands, "rows": rows}


def _save_ann(
    path: Path, tag: str, i: int, vectors_name: str, files: dict[str, str],
    previous: Path | None, first_new: int,
) -> str | None:
    """Above ANN_MIN_ROWS passages, write encoder i's IVF index; returns its file name.

    The name goes into the encoder's manifest entry ("ann") and into `files` as "ann-i", so
    that it is checksummed, and kept by the garbage collection of older sourcetrace versions.
    """
    rows = np.load(path / vectors_name, allow_pickle=False, mmap_mode="r")
    if rows.shape[0] < max(ANN_MIN_ROWS, 1):
        return None
    name = f"vectors-{i}-{tag}.ivf"
    build_ivf(rows, path / name, previous, first_new)
    _fsync_file(path / name)
    files[f"ann-{i}"] = name
    return name


def _commit(
    path: Path,
    old: dict[str, Any] | None,
    generation: int,
    files: dict[str, str],
    encoder_entries: list[dict[str, Any]],
    *,
    encoder: str,
    params: MinHashParams,
    counts: dict[str, int],
    feed_state: dict[str, Any] | None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the feed state and the manifest of a finished generation, then swap it in."""
    tag = f"g{generation:06d}"
    if feed_state is not None:
        files = {**files, "feeds": f"feeds-{tag}.json"}
        feeds_path = path / files["feeds"]
        feeds_path.write_text(
            json.dumps({"version": 1, "feeds": feed_state}, indent=1, sort_keys=True) + "\n", "utf-8"
        )
        _fsync_file(feeds_path)
        _crash_point("feeds-saved")
    names = [*files.values(), *(e["file"] for e in encoder_entries)]
    manifest = {
        "schema": SCHEMA_VERSION,
        "sourcetrace_version": __version__,
        "generation": generation,
        "encoder": encoder,
        "encoders": encoder_entries,
        "minhash": params.to_dict(),
        "normalizer_version": NORMALIZER_VERSION,
        "counts": counts,
        "files": files,
        "checksums": {name: _sha256(path / name) for name in names},
        "created_at": old["created_at"] if old else _now(),
        "updated_at": _now(),
    }
    if old is not None and old.get("pruned_before"):
        manifest["pruned_before"] = old["pruned_before"]
    manifest.update(extra or {})
    tmp = path / f"{MANIFEST}.{tag}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    _fsync_file(tmp)
    _crash_point("manifest-written")
    os.replace(tmp, path / MANIFEST)  # the commit point
    _crash_point("manifest-replaced")
    with contextlib.suppress(OSError):  # the rename is done; a failed directory sync must not undo it
        _fsync_dir(path)
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _feed_state(path: Path, manifest: dict[str, Any] | None) -> dict[str, Any] | None:
    """The feeds' validators recorded with a generation (None if it has none)."""
    name = (manifest or {}).get("files", {}).get("feeds")
    if not name:
        return None
    try:
        data = json.loads((path / name).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexFolderError(f"{path / name}: unreadable feed state ({exc})") from None
    feeds = data.get("feeds") if isinstance(data, dict) else None
    return dict(feeds) if isinstance(feeds, dict) else {}


def _concat(
    path: Path, entry: dict[str, Any] | None, key: str, new: list[np.ndarray],
    empty_shape: tuple[int, int], dtype: type,
) -> np.ndarray:
    parts: list[np.ndarray] = []
    if entry is not None:
        name = entry["files"][key] if key == "minhash" else entry[key]
        parts.append(np.load(path / name, allow_pickle=False))
    parts.extend(new)
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros(empty_shape, dtype=dtype)
    return np.ascontiguousarray(np.vstack(parts), dtype=dtype)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _next_free_generation(path: Path) -> int:
    """A fresh build (or --replace) continues numbering so no file name is ever reused."""
    with contextlib.suppress(IndexFolderError, KeyError, TypeError):
        return int(read_manifest(path)["generation"]) + 1
    return 1


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _collect_garbage(path: Path, manifest: dict[str, Any]) -> None:
    """Remove files of older generations (readers that opened them keep their handles)."""
    for entry in _stray_files(path, manifest):
        _remove_quietly(entry)
        _crash_point("old-files-removed")


_GENERATION_PREFIXES = ("store-g", "minhash-g", "vectors-", "feeds-g", f"{MANIFEST}.")


def _stray_files(path: Path, manifest: dict[str, Any]) -> list[Path]:
    """Files of other generations: older ones, or those of a write that was interrupted."""
    keep = {MANIFEST, ".lock", *manifest["files"].values(), *(e["file"] for e in manifest["encoders"])}
    return sorted(
        entry for entry in path.iterdir()
        if entry.name not in keep and entry.is_file() and entry.name.startswith(_GENERATION_PREFIXES)
    )


def remove(path: Path) -> None:
    """Delete an index folder (used by `demo --rebuild`)."""
    if (path / MANIFEST).exists():
        shutil.rmtree(path)


# ---- upkeep: update from feeds, prune, verify -----------------------------------------------

def update(
    path: Path,
    feeds: Iterable[Feed],
    on_problem: ProblemHandler,
    *,
    fetcher: Fetcher | None = None,
    pages: bool = True,
    progress: Progress | None = None,
) -> tuple[WriteStats, FeedReport]:
    """Fetch feeds (conditionally) and add their new articles, in one new generation.

    The validators (ETag, Last-Modified) are stored with that generation: if the write does not
    complete, the next update fetches the same feeds in full again and nothing is missed.
    """
    from .sources import FeedReport, fetch_feeds

    with _writer_lock(path):
        manifest = read_manifest(path)
        models = _models_of(manifest)
        state = _feed_state(path, manifest) or {}
        report = FeedReport()
        current = Store(path / manifest["files"]["store"], readonly=True)

        def known(url: str) -> bool:
            row = current.conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone()
            return row is not None

        try:
            articles = fetch_feeds(
                feeds, state, on_problem, fetcher=fetcher, known=known, pages=pages, report=report
            )
            stats = _write(
                path, manifest, articles, models, MinHashParams(**manifest["minhash"]), progress,
                feed_state=lambda: state,
            )
        finally:
            current.close()
    return stats, report


@dataclass
class PruneStats:
    """What one prune did."""

    removed: int = 0
    removed_passages: int = 0
    kept: int = 0
    undated: int = 0
    before: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "removed": self.removed, "removed_passages": self.removed_passages, "kept": self.kept,
            "undated": self.undated, "before": self.before, "seconds": round(self.seconds, 3),
        }


def _cutoff(before: str | datetime) -> datetime:
    if isinstance(before, datetime):
        value = before if before.tzinfo else before.replace(tzinfo=timezone.utc)
        return value
    try:
        iso = parse_datetime(before)
    except InputError:
        raise InputError(f"--before: not a date: {before!r} (use YYYY-MM-DD or ISO 8601)") from None
    if iso is None:
        raise InputError("--before: a date is required")
    return datetime.fromisoformat(iso)


def prune(
    path: Path, before: str | datetime, progress: Progress | None = None, dry_run: bool = False
) -> PruneStats:
    """Remove articles published before `before` (undated ones stay), in one new generation.

    Passage ids stay dense: the survivors are renumbered in order and the MinHash and vector rows
    are compacted to match, so row i of every file is still passage i.
    """
    started = time.perf_counter()
    cutoff = _cutoff(before)
    stats = PruneStats(before=cutoff.isoformat())
    with _writer_lock(path):
        old = read_manifest(path)
        current = sqlite3.connect(f"file:{path / old['files']['store']}?mode=ro", uri=True)
        try:
            doomed = []
            for aid, published in current.execute("SELECT aid, published_at FROM articles"):
                if not published:
                    stats.undated += 1
                elif _published(published) < cutoff:
                    doomed.append(aid)
        finally:
            current.close()
        stats.removed = len(doomed)
        stats.kept = old["counts"]["articles"] - stats.removed
        if dry_run or not doomed:
            stats.seconds = time.perf_counter() - started
            return stats
        generation = old["generation"] + 1
        tag = f"g{generation:06d}"
        files = {"store": f"store-{tag}.sqlite", "minhash": f"minhash-{tag}.npy"}
        store_path = path / files["store"]
        committed = False
        try:
            _copy_store(path, old, store_path)
            _crash_point("store-copied")
            keep, counts = _prune_store(store_path, doomed)
            stats.removed_passages = old["counts"]["passages"] - len(keep)
            _fsync_file(store_path)
            _crash_point("store-closed")
            old_sigs = np.load(path / old["files"]["minhash"], allow_pickle=False, mmap_mode="r")
            kept_sigs = np.ascontiguousarray(old_sigs[keep])
            np.save(path / files["minhash"], kept_sigs, allow_pickle=False)
            _fsync_file(path / files["minhash"])
            del old_sigs
            params = MinHashParams(**old["minhash"])
            lsh = _save_lsh(path, tag, kept_sigs, params, files)
            del kept_sigs
            _crash_point("minhash-saved")
            entries = []
            for i, enc in enumerate(old["encoders"]):
                name = f"vectors-{i}-{tag}.npy"
                rows = np.load(path / enc["file"], allow_pickle=False, mmap_mode="r")
                np.save(path / name, np.ascontiguousarray(rows[keep]), allow_pickle=False)
                _fsync_file(path / name)
                del rows
                ann = _save_ann(path, tag, i, name, files, None, 0)  # ids renumbered: a fresh index
                entry = {k: v for k, v in enc.items() if k != "ann"}
                entries.append({**entry, "file": name, **({"ann": ann} if ann else {})})
            _crash_point("vectors-saved")
            previous = old.get("pruned_before")
            manifest = _commit(
                path, old, generation, files, entries, encoder=old["encoder"],
                params=params, counts=counts,
                feed_state=_feed_state(path, old),
                extra={"pruned_before": max(previous, stats.before) if previous else stats.before,
                       "lsh": lsh},
            )
            committed = True
        except BaseException:
            if not committed:
                for leftover in path.glob(f"*-{tag}.*"):
                    _remove_quietly(leftover)
            raise
        _collect_garbage(path, manifest)
        if progress:
            progress(stats.removed)
    stats.seconds = time.perf_counter() - started
    return stats


def _published(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _prune_store(store_path: Path, doomed: list[int]) -> tuple[np.ndarray, dict[str, int]]:
    """Delete articles and their passages; renumber the rest densely. Returns old pids kept."""
    conn = sqlite3.connect(store_path)
    try:
        with conn:
            conn.execute("CREATE TEMP TABLE doomed (aid INTEGER PRIMARY KEY)")
            conn.executemany("INSERT INTO doomed VALUES (?)", ((aid,) for aid in doomed))
            conn.execute("DELETE FROM passages WHERE aid IN (SELECT aid FROM doomed)")
            conn.execute("DELETE FROM articles WHERE aid IN (SELECT aid FROM doomed)")
            keep = np.fromiter(
                (pid for (pid,) in conn.execute("SELECT pid FROM passages ORDER BY pid")), dtype=np.int64
            )
            # Ascending order never collides: the k-th survivor's old pid is >= k, and every
            # smaller pid has already moved below k or was deleted.
            conn.executemany(
                "UPDATE passages SET pid = ? WHERE pid = ?",
                ((new, int(old)) for new, old in enumerate(keep) if new != old),
            )
        conn.execute("VACUUM")  # give the deleted texts' pages back
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        passages_n = conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    finally:
        conn.close()
    return keep, {"articles": int(articles), "passages": int(passages_n)}


@dataclass
class VerifyReport:
    """What `verify` checked and found: errors make an index unusable, warnings do not."""

    path: str
    generation: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "ok": self.ok, "generation": self.generation, "counts": self.counts,
            "checked": self.checked, "errors": self.errors, "warnings": self.warnings,
        }


def verify(path: Path) -> VerifyReport:
    """Check the current generation: manifest, files, checksums, counts and internal links.

    Read-only and safe while a writer runs (it checks the generation the manifest named when it
    started). An unreadable manifest raises IndexFolderError like every other command.
    """
    manifest = read_manifest(path)
    report = VerifyReport(str(path), manifest.get("generation"))
    try:
        files = dict(manifest["files"])
        entries = list(manifest["encoders"])
        counts = {k: int(v) for k, v in manifest["counts"].items()}
        params = MinHashParams(**manifest["minhash"])
        names = [files["store"], files["minhash"], *(e["file"] for e in entries)]
        names += [name for key, name in files.items() if key not in ("store", "minhash") and name]
    except (KeyError, TypeError, ValueError) as exc:
        report.errors.append(f"manifest is incomplete ({exc.__class__.__name__}: {exc})")
        return report
    report.counts = counts
    report.checked.append("manifest")
    missing = [name for name in names if not (path / name).is_file()]
    for name in missing:
        report.errors.append(f"{name}: missing")
    if missing:
        return report
    checksums = manifest.get("checksums")
    if not isinstance(checksums, dict):
        report.warnings.append(
            "no checksums recorded (written by an older sourcetrace; the next write records them)"
        )
    else:
        for name in names:
            if name not in checksums:
                report.errors.append(f"{name}: no checksum in the manifest")
            elif _sha256(path / name) != checksums[name]:
                report.errors.append(f"{name}: checksum mismatch (changed or damaged since written)")
        report.checked.append("checksums")
    _verify_store(path / files["store"], counts, report)
    n = counts.get("passages", 0)
    _verify_rows(path / files["minhash"], (n, params.num_perm), np.uint64, "MinHash signatures", report)
    for enc in entries:
        _verify_rows(path / enc["file"], (n, int(enc["dim"])), np.float32, f"{enc['name']} vectors", report)
    if files.get("lsh_keys") and files.get("lsh_ids"):
        _verify_lsh(path, files, manifest.get("lsh"), n, report)
    for enc in entries:
        if enc.get("ann"):
            _verify_ann(path / enc["ann"], n, int(enc["dim"]), f"{enc['name']} ANN index", report)
    if files.get("feeds"):
        try:
            _feed_state(path, manifest)
            report.checked.append("feed state")
        except IndexFolderError as exc:
            report.errors.append(str(exc))
    strays = [p.name for p in _stray_files(path, manifest)]
    if strays and _generation(path) == report.generation:
        report.warnings.append(
            f"{len(strays)} file(s) left by an interrupted write ({', '.join(strays[:4])}"
            f"{', ...' if len(strays) > 4 else ''}); the next write removes them"
        )
    return report


def _verify_lsh(
    path: Path, files: dict[str, str], shape: Any, n: int, report: VerifyReport
) -> None:
    try:
        keys = np.load(path / files["lsh_keys"], allow_pickle=False, mmap_mode="r")
        ids = np.load(path / files["lsh_ids"], allow_pickle=False, mmap_mode="r")
    except (OSError, ValueError) as exc:
        report.errors.append(f"LSH arrays unreadable ({exc})")
        return
    bands = shape.get("bands") if isinstance(shape, dict) else None
    if keys.ndim != 2 or keys.shape != ids.shape or keys.shape[0] != bands or keys.shape[1] > n:
        report.errors.append(f"LSH arrays {keys.shape}/{ids.shape} do not fit {bands} bands, {n} passages")
        return
    for j in range(keys.shape[0]):
        band_keys, band_ids = np.asarray(keys[j]), np.asarray(ids[j])
        if len(band_keys) and (np.any(band_keys[1:] < band_keys[:-1])
                               or band_ids.min() < 0 or band_ids.max() >= n):
            report.errors.append(f"LSH band {j} is not sorted or names passages outside 0..{n - 1}")
            return
    report.checked.append("LSH")


def _verify_ann(file: Path, n: int, dim: int, what: str, report: VerifyReport) -> None:
    try:
        index = _read_ivf(file)
    except RuntimeError as exc:
        report.errors.append(f"{file.name}: unreadable ({str(exc).splitlines()[0]})")
        return
    if index.ntotal != n or index.d != dim:
        report.errors.append(f"{what}: {index.ntotal} x {index.d}, expected {n} x {dim}")
        return
    report.checked.append(what)


def _verify_store(store_path: Path, counts: dict[str, int], report: VerifyReport) -> None:
    try:
        conn = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        report.errors.append(f"{store_path.name}: cannot open ({exc})")
        return
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            report.errors.append(f"{store_path.name}: SQLite integrity check failed ({result})")
            return
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        found = conn.execute("SELECT COUNT(*), MIN(pid), MAX(pid) FROM passages").fetchone()
        if articles != counts.get("articles"):
            report.errors.append(f"store holds {articles} articles, the manifest says {counts.get('articles')}")
        if found[0] != counts.get("passages"):
            report.errors.append(f"store holds {found[0]} passages, the manifest says {counts.get('passages')}")
        if found[0] and (found[1] != 0 or found[2] != found[0] - 1):
            report.errors.append(f"passage ids are not 0..{found[0] - 1} (found {found[1]}..{found[2]})")
        orphans = conn.execute(
            "SELECT COUNT(*) FROM passages p LEFT JOIN articles a USING (aid) WHERE a.aid IS NULL"
        ).fetchone()[0]
        if orphans:
            report.errors.append(f"{orphans} passages belong to no article")
        bad_spans = conn.execute(
            "SELECT COUNT(*) FROM passages p JOIN articles a USING (aid)"
            " WHERE p.start < 0 OR p.end <= p.start OR p.end > length(a.text)"
        ).fetchone()[0]
        if bad_spans:
            report.errors.append(f"{bad_spans} passages point outside their article's text")
        report.checked.append("store")
    except sqlite3.DatabaseError as exc:
        report.errors.append(f"{store_path.name}: unreadable ({exc})")
    finally:
        conn.close()


def _verify_rows(
    file: Path, shape: tuple[int, int], dtype: type, what: str, report: VerifyReport
) -> None:
    try:
        rows = np.load(file, allow_pickle=False, mmap_mode="r")
    except (OSError, ValueError) as exc:
        report.errors.append(f"{file.name}: unreadable ({exc})")
        return
    if rows.shape != shape or rows.dtype != np.dtype(dtype):
        report.errors.append(f"{what}: {rows.shape} {rows.dtype}, expected {shape} {np.dtype(dtype)}")
        return
    if np.dtype(dtype).kind == "f":
        for start in range(0, shape[0], 65536):  # bounded memory on millions of rows
            block = np.asarray(rows[start : start + 65536], dtype=np.float32)
            if not np.isfinite(block).all():
                report.errors.append(f"{what}: rows from {start} hold NaN or infinite values")
                return
    report.checked.append(what)
