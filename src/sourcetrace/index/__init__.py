"""The index folder: manifest, SQLite store, MinHash signatures and per-encoder vectors.

Every write builds a new *generation* of files beside the current ones and then replaces
`manifest.json` atomically (write, fsync, rename). The manifest names the files of its
generation, so a crash at any instant leaves the previous index loadable, and a reader sees
either the old or the new generation. Nothing is pickled: JSON, SQLite and `.npy` only.

Beside the signatures each generation stores its LSH as per-band sorted key arrays
(`minhash-gNNNNNN.lsh-keys.npy`, `.lsh-ids.npy`), memory-mapped and binary-searched by readers,
and, above `ann.ANN_MIN_ROWS` passages, an IVF-SQ8 faiss index per encoder
(`vectors-I-gNNNNNN.ivf`, memory-mapped with IO_FLAG_MMAP) whose hits are re-scored exactly
against the memory-mapped float32 vectors; smaller indexes keep exact search. Indexes written
before these files existed load as before (LSH rebuilt in memory, exact search).

The manifest also records each file's SHA-256 (checked by `verify`) and, after an `update`, the
feeds' ETag/Last-Modified validators in a `feeds-gNNNNNN.json` of the same generation, so the
validators can never run ahead of the articles they describe.

Modules: `folder` (manifest, generations, writer lock, commit point, garbage), `store` (SQLite,
all the package's SQL), `reader` (the read-only `Index`), `ann` (IVF index, re-scoring),
`writer` (`build`, `add`), `upkeep` (`update`, `prune`), `verify` (and the check before every
write). An index folder may come from someone else: `manifest` (the manifest's schema) and
`files` (confined, type- and shape-checked reading) treat its contents as untrusted; see
docs/SECURITY.md.
"""

from .ann import RerankedIvf, ann_params, build_ivf, read_ivf, set_faiss_threads
from .folder import (
    CRASH_ENV,
    CRASH_POINTS,
    MANIFEST,
    SCHEMA_VERSION,
    default_index_dir,
    read_manifest,
)
from .reader import Index
from .upkeep import PruneStats, prune, update
from .verify import VerifyReport, verify
from .writer import BATCH_ARTICLES, Progress, WriteStats, add, build

__all__ = [
    "BATCH_ARTICLES", "CRASH_ENV", "CRASH_POINTS", "MANIFEST", "SCHEMA_VERSION", "Index", "Progress",
    "PruneStats", "RerankedIvf", "VerifyReport", "WriteStats", "add", "ann_params", "build",
    "build_ivf", "default_index_dir", "prune", "read_ivf", "read_manifest", "set_faiss_threads",
    "update", "verify",
]
