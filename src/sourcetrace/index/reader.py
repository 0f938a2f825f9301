"""The read-only `Index`: one generation of an index folder, loaded for queries.

Files are memory-mapped (signatures, vectors, LSH arrays, IVF lists) or opened read-only
(SQLite), so opening is cheap and many processes can share one index.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import encoders
from ..errors import EncoderMismatchError, IndexFolderError
from ..lexical import LexicalIndex, MinHashParams
from .ann import RerankedIvf, exact_index, read_ivf, set_faiss_threads
from .folder import current_generation, read_manifest
from .store import Store


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
                if current_generation(path) == manifest.get("generation") or attempt == attempts - 1:
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
            store.ensure_open()
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
        """The encoders whose vectors the index holds, in manifest order."""
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
        """The MinHash LSH over the passages (the stored arrays, memory-mapped), built on first use."""
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
            set_faiss_threads()
            entry = next(e for e in self.manifest["encoders"] if e["name"] == name)
            ann_file = entry.get("ann")
            if ann_file:
                self._faiss[name] = RerankedIvf(read_ivf(self.path / ann_file), self.vectors[name])
            else:
                self._faiss[name] = exact_index(self.vectors[name])
        return self._faiss[name]

    def close(self) -> None:
        """Close the SQLite store (memory-mapped arrays are released with the object)."""
        self.store.close()

    def stats(self) -> dict[str, Any]:
        """What `sourcetrace index stats` prints: encoders, counts, outlets, dates, size in bytes."""
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
