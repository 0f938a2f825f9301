"""The index folder: manifest, SQLite store, MinHash signatures and per-encoder vectors.

Every write builds a new *generation* of files beside the current ones and then replaces
`manifest.json` atomically (write, fsync, rename). The manifest names the files of its
generation, so a crash at any instant leaves the previous index loadable, and a reader sees
either the old or the new generation. Nothing is pickled: JSON, SQLite and `.npy` only.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import __version__, encoders
from .errors import EncoderError, EncoderMismatchError, IndexFolderError
from .lexical import LexicalIndex, MinHashParams, shingles, signatures
from .normalize import NORMALIZER_VERSION, clean_for_encoder
from .records import Article
from .segment import passages
from .store import Store

if TYPE_CHECKING:  # pragma: no cover
    import faiss

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
BATCH_ARTICLES = 256
Progress = Callable[[int], None]


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "added": self.added, "duplicates": self.duplicates,
            "passages": self.passages, "seconds": round(self.seconds, 3),
            "encode_seconds": round(self.encode_seconds, 3),
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
    _faiss: dict[str, faiss.Index] = field(default_factory=dict)

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, encoder: str | None = None) -> Index:
        """Load the current generation; `encoder`, if given, must be what the index was built with."""
        for attempt in range(3):
            manifest = read_manifest(path)
            if encoder is not None and encoder != manifest["encoder"]:
                raise EncoderMismatchError(
                    f"{path} was built with encoder {manifest['encoder']!r}, not {encoder!r};"
                    f" query without --encoder, or rebuild with --encoder {encoder}"
                )
            try:
                return cls._load(path, manifest)
            except FileNotFoundError:
                # a writer swapped generations between our manifest read and file open
                if attempt == 2:
                    raise
                time.sleep(0.05)
        raise AssertionError("unreachable")

    @classmethod
    def _load(cls, path: Path, manifest: dict[str, Any]) -> Index:
        files = manifest["files"]
        store_path = path / files["store"]
        if not store_path.is_file():
            raise FileNotFoundError(store_path)
        sigs = np.load(path / files["minhash"], allow_pickle=False, mmap_mode="r")
        vectors = {
            enc["name"]: np.load(path / enc["file"], allow_pickle=False, mmap_mode="r")
            for enc in manifest["encoders"]
        }
        store = Store(store_path, readonly=True)
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
            self._lexical = LexicalIndex(self.params, np.asarray(self.signatures))
        return self._lexical

    def ann(self, name: str) -> faiss.Index:
        """Exact inner-product faiss index over one encoder's passage vectors."""
        if name not in self._faiss:
            import faiss

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


# ---- writing -------------------------------------------------------------------------------

def build(
    path: Path,
    articles: Iterable[Article],
    encoder: str = encoders.DEFAULT_ENCODER,
    params: MinHashParams | None = None,
    progress: Progress | None = None,
    replace: bool = False,
) -> WriteStats:
    """Create a new index at `path` (an existing one is replaced only with `replace=True`)."""
    names = [] if encoder == "none" else encoders.split_spec(encoder)
    models = [encoders.load(name) for name in names]  # fail on a bad encoder before any work
    with _writer_lock(path):
        if (path / MANIFEST).exists() and not replace:
            raise IndexFolderError(
                f"an index already exists at {path}: use `sourcetrace index add`, or --replace"
            )
        return _write(path, None, articles, models, params or MinHashParams(), progress)


def add(path: Path, articles: Iterable[Article], progress: Progress | None = None) -> WriteStats:
    """Add articles to an existing index; ones already stored (id, URL or text) are skipped."""
    with _writer_lock(path):
        manifest = read_manifest(path)
        names = [enc["name"] for enc in manifest["encoders"]]
        models = [encoders.load(name) for name in names]
        for enc, model in zip(manifest["encoders"], models):
            if model.dim != enc["dim"]:
                raise EncoderMismatchError(
                    f"encoder {enc['name']!r} now gives {model.dim}-d vectors, index has {enc['dim']}-d"
                )
        return _write(path, manifest, articles, models, MinHashParams(**manifest["minhash"]), progress)


def _write(
    path: Path,
    old: dict[str, Any] | None,
    articles: Iterable[Article],
    models: list[encoders.Encoder],
    params: MinHashParams,
    progress: Progress | None,
) -> WriteStats:
    started = time.perf_counter()
    stats = WriteStats()
    generation = (old["generation"] + 1) if old else _next_free_generation(path)
    tag = f"g{generation:06d}"
    files = {"store": f"store-{tag}.sqlite", "minhash": f"minhash-{tag}.npy"}
    store_path = path / files["store"]
    _remove_quietly(store_path)
    if old is not None:
        src = sqlite3.connect(f"file:{path / old['files']['store']}?mode=ro", uri=True)
        dst = sqlite3.connect(store_path)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        first_pid = old["counts"]["passages"]
    else:
        first_pid = 0
    store = Store(store_path)
    new_sigs: list[np.ndarray] = []
    new_vecs: dict[str, list[np.ndarray]] = {m.name: [] for m in models}
    next_pid = first_pid
    try:
        for batch in _batches(articles, BATCH_ARTICLES):
            kept: list[Article] = []
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
                new_sigs.append(signatures([shingles(t) for t in texts], params))
                for model in models:
                    t0 = time.perf_counter()
                    new_vecs[model.name].append(model.encode([clean_for_encoder(t) for t in texts]))
                    stats.encode_seconds += time.perf_counter() - t0
                stats.passages += len(spans)
            stats.added += len(kept)
            store.commit()
            if progress:
                progress(len(batch))
        counts = store.counts()
        store.close()
        _fsync_file(store_path)
        sigs = _concat(path, old, "minhash", new_sigs, (0, params.num_perm), np.uint64)
        np.save(path / files["minhash"], sigs, allow_pickle=False)
        _fsync_file(path / files["minhash"])
        encoder_entries = []
        for i, model in enumerate(models):
            name = f"vectors-{i}-{tag}.npy"
            old_entry = old["encoders"][i] if old else None
            rows = _concat(path, old_entry, "file", new_vecs[model.name], (0, model.dim), np.float32)
            np.save(path / name, rows, allow_pickle=False)
            _fsync_file(path / name)
            encoder_entries.append({"name": model.name, "dim": model.dim, "file": name})
        manifest = {
            "schema": SCHEMA_VERSION,
            "sourcetrace_version": __version__,
            "generation": generation,
            "encoder": "+".join(m.name for m in models) or "none",
            "encoders": encoder_entries,
            "minhash": params.to_dict(),
            "normalizer_version": NORMALIZER_VERSION,
            "counts": counts,
            "files": files,
            "created_at": old["created_at"] if old else _now(),
            "updated_at": _now(),
        }
        tmp = path / f"{MANIFEST}.{tag}.tmp"
        tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
        _fsync_file(tmp)
        os.replace(tmp, path / MANIFEST)  # the commit point
        _fsync_dir(path)
    except BaseException:
        with contextlib.suppress(Exception):
            store.close()
        for leftover in path.glob(f"*-{tag}.*"):
            _remove_quietly(leftover)
        raise
    _collect_garbage(path, manifest)
    stats.seconds = time.perf_counter() - started
    return stats


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
    keep = {MANIFEST, ".lock", *manifest["files"].values(), *(e["file"] for e in manifest["encoders"])}
    for entry in path.iterdir():
        if entry.name in keep or not entry.is_file():
            continue
        if entry.name.startswith(("store-g", "minhash-g", "vectors-", f"{MANIFEST}.")):
            _remove_quietly(entry)


def remove(path: Path) -> None:
    """Delete an index folder (used by `demo --rebuild`)."""
    if (path / MANIFEST).exists():
        shutil.rmtree(path)
