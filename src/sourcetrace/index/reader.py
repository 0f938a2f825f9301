"""The read-only `Index`: one generation of an index folder, loaded for queries.

Files are memory-mapped (signatures, vectors, LSH arrays, IVF lists) or opened read-only
(SQLite), so opening is cheap and many processes can share one index.

The folder may come from someone else: the manifest is checked against its schema, and every
file it names is opened inside the folder only, and checked (SQLite header and schema, each
array's dtype and shape against the manifest's counts, the IVF file's structure) before use;
anything wrong is an IndexFolderError (one line), never a traceback or a read elsewhere.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import encoders
from ..errors import EncoderMismatchError, IndexFolderError
from ..lexical import LexicalIndex, MinHashParams
from ..normalize import clean_for_encoder
from .ann import RerankedIvf, exact_index, ivf_layout, read_ivf, set_faiss_threads
from .files import load_rows
from .folder import current_generation, read_manifest
from .manifest import check_local_models
from .store import Store
from .vectorcheck import MIN_COSINE, cosines, stored_vectors_problem


def confirm_encoder(path: Path, manifest: dict[str, Any], encoder: str) -> None:
    """Check the encoder spec a user gave (--encoder) against the index's: EncoderError when it
    names no encoder at all, EncoderMismatchError when the index was built otherwise (the order
    counts: the first encoder screens posts)."""
    encoders.check_spec(encoder)
    if encoder.strip() != manifest["encoder"]:
        raise EncoderMismatchError(
            f"{path} was built with encoder {manifest['encoder']!r}, not {encoder!r};"
            f" leave out --encoder, or rebuild the index with --encoder {encoder.strip()}"
        )


@dataclass
class Index:
    """A loaded, read-only index generation."""

    path: Path
    manifest: dict[str, Any]
    store: Store
    params: MinHashParams
    signatures: np.ndarray
    vectors: dict[str, np.ndarray]
    lsh_arrays: tuple[np.ndarray, np.ndarray] | None = None  # (keys, ids), when the generation stores them
    confirmed: tuple[str, ...] = ()  # encoder specs the user named (--encoder)
    _encoders: dict[str, encoders.Encoder] = field(default_factory=dict)
    _lexical: LexicalIndex | None = None
    _faiss: dict[str, Any] = field(default_factory=dict)
    _identities: dict[str, tuple[int, int]] = field(default_factory=dict)  # vector file: (device, inode)
    _rows_confirmed: dict[str, set[int]] = field(default_factory=dict)  # encoder -> passage ids (confirm_rows)

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, encoder: str | None = None) -> Index:
        """Load the current generation; `encoder`, if given, must be what the index was built with.

        Raises IndexFolderError (one line) if the folder holds no index, or its manifest or any
        file it names is missing, outside the folder, malformed or inconsistent with the rest.
        """
        attempts = 10
        for attempt in range(attempts):
            manifest = read_manifest(path)
            if encoder is not None:
                confirm_encoder(path, manifest, encoder)
            try:
                index = cls._load(path, manifest)
                index.confirmed = (encoder,) if encoder else ()
                return index
            except FileNotFoundError as exc:
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
        """Open the store and map the arrays of a (schema-checked) manifest, checking each.

        Every file is opened here, so a writer removing them later no longer matters (POSIX
        keeps an open file alive); the IVF files are checked here and read by faiss on first use.
        """
        files, n = manifest["files"], manifest["counts"]["passages"]
        params = MinHashParams(**manifest["minhash"])
        store = Store(path / files["store"], readonly=True)
        try:
            store.check_passage_ids(n)
            sigs = load_rows(path, files["minhash"], ("<u8",), (n, params.num_perm), "MinHash signatures")
            vectors, identities = {}, {}
            for enc in manifest["encoders"]:
                vectors[enc["name"]] = load_rows(path, enc["file"], ("<f4",), (n, enc["dim"]), f"{enc['name']} vectors")
                found = os.lstat(path / enc["file"])
                identities[enc["file"]] = (found.st_dev, found.st_ino)
            lsh = None
            if "lsh_keys" in files:
                bands = manifest["lsh"]["bands"]
                keys = load_rows(path, files["lsh_keys"], ("<u8",), (bands, None), "LSH keys")
                ids = load_rows(path, files["lsh_ids"], ("<i4", "<i8"), (bands, keys.shape[1]), "LSH ids")
                if keys.shape[1] > n:
                    raise IndexFolderError(f"{path / files['lsh_keys']}: more LSH entries than passages")
                lsh = (keys, ids)
            for enc in manifest["encoders"]:
                if enc.get("ann"):
                    ivf_layout(path, enc["ann"], n, enc["dim"])
        except BaseException:
            store.close()
            raise
        return cls(path, manifest, store, params, sigs, vectors, lsh, _identities=identities)

    def check_vectors(self) -> None:
        """Refuse vectors the index's writer did not store: each encoder's vector file is hashed
        against the manifest's checksum and its rows checked finite (`vectorcheck.stored_vectors_problem`).

        `check` and `query` call it (query while its models load). Hashing costs ~0.14 s per
        200 MB here, so a file over `checked.QUICK_BYTES` that passed is recorded in the user's
        own cache and not hashed again while its bytes stay the same (`checked`). Raises
        IndexFolderError (one line naming the file and `sourcetrace index verify`) for the
        first file that fails.
        """
        for enc in self.manifest["encoders"]:
            name = enc["file"]
            problem = stored_vectors_problem(self.path, name, self.manifest["checksums"].get(name),
                                             self.vectors[enc["name"]], self._identities[name])
            if problem:
                raise IndexFolderError(problem)

    def confirm_rows(self, name: str, pids: Iterable[int]) -> None:
        """Confirm that the stored `name` vectors of these passages are their text's: each passage
        is embedded again (as `index build` embedded it) and must give a cosine of at least
        `vectorcheck.MIN_COSINE` with its stored row. Passages confirmed once are not embedded
        again while the index is open.

        What it closes: the checksum `check_vectors` compares lives in the same shared folder
        as the vectors, so whoever rewrites rows and checksum alike passes it (a trial reversed
        the rows: confident wrong copies). The matcher confirms the rows behind every semantic
        match it reports (match.confirm_evidence), so no reported copy rests on rows that are
        not their passages' vectors; `index verify` samples the whole index. Raises
        IndexFolderError (one line) for a row that is not its passage's, EncoderError when the
        encoder cannot be loaded.
        """
        done = self._rows_confirmed.setdefault(name, set())
        todo = sorted({int(pid) for pid in pids} - done)
        if not todo:
            return
        found = {p.pid: p for p in self.store.passages(todo)}
        texts = [clean_for_encoder(self.store.article(found[pid].aid).text[found[pid].start:found[pid].end])
                 for pid in todo]
        fresh = np.asarray(self.encoder(name).encode(texts), dtype=np.float64)
        stored = np.asarray(self.vectors[name][todo], dtype=np.float64)
        close = cosines(fresh, stored)
        bad = np.flatnonzero(close < MIN_COSINE)
        if len(bad):
            raise IndexFolderError(
                f"{self.path}: the {name} vectors of passage {todo[int(bad[0])]} are not that passage's"
                f" (cosine {close[bad[0]]:.2f} with its text embedded again, under {MIN_COSINE}): the vectors"
                f" were changed after the index was built, or the {name} model changed; run"
                f" `sourcetrace index verify --index {self.path}`, then rebuild the index or restore a copy")
        done.update(todo)

    @property
    def encoder_names(self) -> list[str]:
        """The encoders whose vectors the index holds, in manifest order."""
        return [enc["name"] for enc in self.manifest["encoders"]]

    def encoder(self, name: str) -> encoders.Encoder:
        """The encoder the index was built with, loaded on first use and checked for its dimension."""
        if name not in self._encoders:
            check_local_models([name], self.confirmed)
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
            if self.lsh_arrays is not None:
                keys, ids = self.lsh_arrays
                lsh = self.manifest["lsh"]
                self._lexical = LexicalIndex(self.params, keys=keys, ids=ids, shape=(lsh["bands"], lsh["rows"]))
            else:  # written before the LSH was stored: build it in memory
                self._lexical = LexicalIndex(self.params, np.asarray(self.signatures))
        return self._lexical

    def ann(self, name: str) -> Any:
        """Inner-product search over one encoder's passage vectors: `.search(queries, k)`.

        The generation's IVF-SQ8 index (memory-mapped; hits re-scored exactly) when it has one,
        else exact search (`ann.ExactSearch`) over the vectors, loaded on first use.
        """
        if name not in self._faiss:
            set_faiss_threads()
            entry = next(e for e in self.manifest["encoders"] if e["name"] == name)
            ann_file = entry.get("ann")
            if ann_file:
                n = self.manifest["counts"]["passages"]
                try:
                    ivf = read_ivf(self.path, ann_file, n, entry["dim"])
                except FileNotFoundError:
                    raise IndexFolderError(
                        f"{self.path / ann_file}: removed since the index was opened (a newer"
                        " generation was written); open it again"
                    ) from None
                self._faiss[name] = RerankedIvf(ivf, self.vectors[name])
            else:
                self._faiss[name] = exact_index(self.vectors[name])
        return self._faiss[name]

    @property
    def articles(self) -> int:
        """How many articles the generation holds (0: nothing can match)."""
        return int(self.manifest["counts"]["articles"])

    def close(self) -> None:
        """Close the SQLite store (memory-mapped arrays are released with the object)."""
        self.store.close()

    def stats(self) -> dict[str, Any]:
        """What `sourcetrace index stats` prints: encoders, counts, outlets, dates, size in bytes.
        Raises IndexFolderError when a passage belongs to no article (the store is damaged)."""
        self.store.check_passages_have_articles()
        first, last = self.store.date_range()
        size = sum(st.st_size for st in map(os.lstat, self.path.iterdir()) if stat.S_ISREG(st.st_mode))
        return {
            "path": str(self.path),
            "encoder": self.manifest["encoder"],
            "encoders": [{"name": e["name"], "dim": e["dim"]} for e in self.manifest["encoders"]],
            "counts": self.manifest["counts"],
            "article_forms": self.store.derived_count("article_forms"),  # verified from stored forms
            "article_anchors": self.store.derived_count("article_anchors"),  # ... and anchor keys
            "outlets": self.store.outlets(),
            "published": {"first": first, "last": last},
            "minhash": self.manifest["minhash"],
            "created_at": self.manifest["created_at"],
            "updated_at": self.manifest["updated_at"],
            "generation": self.manifest["generation"],
            "size_bytes": size,
        }
