"""A persistent cache of encoder vectors for the benchmark scripts, so a rerun re-encodes nothing.

On this project's shared 2-core machine e5 embeds a few texts per second, and checking the
~4,700 test posts of docs/QUALITY.md is almost all encoding (the posts, their sentences and
parts). The vectors depend only on the encoder and the text, not on the decision being tuned, so
`install(path)` makes every encoder `sourcetrace` loads look its texts up in an SQLite file
first and encode only the new ones. One model load per encoder serves every index of the run.

Keys are SHA-256 of encoder name, kind (query/passage) and text; values are float32 bytes. A
vector cached from a batch may differ from a lone encoding in the last float bits (padding);
delete the file when an encoder's model or version changes.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sourcetrace import encoders

_CHUNK = 500  # keys per SELECT (SQLite's variable limit is 999 on old builds)
_LOADED: dict[str, CachedEncoder] = {}


class CachedEncoder:
    """An encoder whose vectors are read from, and written to, an SQLite table."""

    def __init__(self, inner: encoders.Encoder, db: sqlite3.Connection) -> None:
        self.inner, self.db = inner, db
        self.name, self.dim = inner.name, inner.dim
        self.hits = self.misses = 0

    def _key(self, text: str, kind: str) -> str:
        return hashlib.sha256(f"{self.name}\0{kind}\0{text}".encode()).hexdigest()

    def encode(self, texts: Sequence[str], kind: Any = "passage") -> np.ndarray:
        keys = [self._key(t, kind) for t in texts]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), _CHUNK):
            chunk = unique[i:i + _CHUNK]
            rows = self.db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(chunk))})",
                                   chunk)
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        todo = {k: t for k, t in zip(keys, texts) if k not in found}
        self.hits += len(keys) - sum(1 for k in keys if k in todo)
        self.misses += len(todo)
        if todo:
            vecs = np.asarray(self.inner.encode(list(todo.values()), kind=kind), dtype=np.float32)
            for k, v in zip(todo, vecs):
                found[k] = v
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                    [(k, found[k].tobytes()) for k in todo])
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.ascontiguousarray(np.stack([found[k] for k in keys]), dtype=np.float32)


def counts() -> tuple[int, int]:
    """(texts read from the cache, texts encoded) so far, over every cached encoder."""
    return sum(e.hits for e in _LOADED.values()), sum(e.misses for e in _LOADED.values())


def install(path: Path) -> dict[str, CachedEncoder]:
    """Make `encoders.load` return cached encoders backed by the SQLite file at `path` (each
    model loaded once per process); returns the encoders loaded so far, by name, for counts."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
    loaded = _LOADED
    original = encoders.load

    @functools.wraps(original)
    def load(name: str, device: str | None = None) -> encoders.Encoder:
        if name not in loaded:
            loaded[name] = CachedEncoder(original(name, device=device), db)
        return loaded[name]

    encoders.load = load  # type: ignore[assignment]
    return loaded
