"""Whether an index's vectors are its passages' vectors: `vector_problems` for `index verify`,
`stored_vectors_problem` for every `check` and `query` (the file is the one the writer stored).

Checksums, dtypes and shapes say that a vector file is the one the manifest names and holds one
finite row per passage; they cannot say that row i is passage i's vector. A file whose rows were
reordered, or taken from another index of the same size, with its checksum recomputed, passes
them all, and a query then reports confident wrong matches (a trial reversed the rows of the use
vectors). So verify embeds a sample of the passages again with each encoder and compares.

The sample is `SAMPLE_PASSAGES` passage ids spread evenly from the first to the last, the same
for the same index, whatever its size: on two shared cores, loading USE and e5 costs ~2 s and
embedding 64 passages of ~120 characters 1-1.5 s (USE) and 1.6-4.5 s (e5), so `index verify`
of the trial's 757-passage use+e5 index took 7 s instead of 0.75 s.

`MIN_COSINE` separates a passage's own vector from any other: on that index, embedding the same
text again, in other batches or alone, gave a cosine of at least 0.9999999 with the stored row
(float noise), while the closest other row to a sampled passage was at 0.78 (use) and 0.94
(e5). Rows swapped between passages closer than 0.99 (the same boilerplate sentence twice) go
unnoticed, and change nothing a query reports.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np

from .. import encoders
from ..errors import EncoderError, IndexFolderError
from ..normalize import clean_for_encoder
from . import checked
from .files import load_rows, open_file
from .manifest import is_local_model
from .store import SQL_ERRORS, Store

SAMPLE_PASSAGES = 64
MIN_COSINE = 0.99


FINITE_CHUNK_ROWS = 65536  # rows checked for NaN at a time: bounded memory on millions of rows


def first_nonfinite_row(rows: np.ndarray) -> int | None:
    """The first row (of an (n, dim) float array, memory-mapped or not) holding a NaN or an
    infinite value; None when every value is finite. Reads the array in bounded chunks."""
    for start in range(0, rows.shape[0], FINITE_CHUNK_ROWS):
        chunk = np.asarray(rows[start : start + FINITE_CHUNK_ROWS])
        bad = np.flatnonzero(~np.isfinite(chunk).all(axis=1))
        if len(bad):
            return start + int(bad[0])
    return None


def stored_vectors_problem(path: Path, name: str, checksum: str | None, rows: np.ndarray,
                           identity: tuple[int, int]) -> str | None:
    """Why the vector file `name` of the index at `path` cannot be used for matching, or None.

    `rows` is the file's (n, dim) array as the index mapped it, `identity` the (device, inode)
    it was mapped from; `checksum` the manifest's (None when it has none). The whole file is
    hashed (SHA-256) against `checksum` and its values checked finite, in one pass over the
    bytes read (the mapped rows are not paged in). Rows shuffled, zeroed or replaced by NaN
    without the manifest being updated (a damaged copy, an editing accident) would otherwise
    report wrong copies at full confidence, or miss true ones, without a word. A file larger
    than `checked.QUICK_BYTES` that passed once is not hashed again while it stays the same file
    (`checked`: a record in the user's own cache). A forger who also rewrites the checksum
    passes; `index verify` embeds a sample of passages again to catch that (`vector_problems`).
    Raises nothing.
    """
    advice = f"run `sourcetrace index verify --index {path}`, then rebuild the index or restore a copy"
    if checksum is None:
        return f"{path / name}: no checksum in the manifest, so the vectors cannot be checked; {advice}"
    try:
        with open_file(path, name) as fh:
            before = os.fstat(fh.fileno())
            if (before.st_dev, before.st_ino) != identity:
                return f"{path / name}: replaced since the index was opened; open it again"
            key = None
            if before.st_size > checked.QUICK_BYTES:
                key = checked.identity((path / name).resolve(), before, checksum)
                if checked.seen(key):
                    return None
            digest, bad_row = _hash_and_first_nonfinite(fh, before.st_size - rows.nbytes, rows.shape[1])
            unchanged = checked.same_file_state(before, os.fstat(fh.fileno()))
    except FileNotFoundError:
        return f"{path / name}: removed since the index was opened (a newer generation was written); open it again"
    except (OSError, IndexFolderError) as exc:
        return f"{path / name}: unreadable ({exc}); {advice}"
    if digest != checksum:
        return (f"{path / name}: vectors changed or damaged since the index was written (checksum"
                f" mismatch); {advice}")
    if bad_row is not None:
        return f"{path / name}: row {bad_row} holds NaN or infinite values; {advice}"
    if key is not None and unchanged:
        checked.remember(key)
    return None


HASH_CHUNK = 1 << 20  # bytes read at a time (a multiple of 4: whole float32 values)


def _hash_and_first_nonfinite(fh: IO[bytes], offset: int, dim: int) -> tuple[str, int | None]:
    """The SHA-256 of a `.npy` file read from its start, and the first row of its float32 data
    (which starts at byte `offset`, `dim` values a row) holding NaN or an infinite value."""
    digest = hashlib.sha256()
    digest.update(fh.read(offset))
    bad_row = None
    values = 0
    for chunk in iter(lambda: fh.read(HASH_CHUNK), b""):
        digest.update(chunk)
        if bad_row is None and dim:
            floats = np.frombuffer(chunk, dtype="<f4", count=len(chunk) // 4)
            bad = np.flatnonzero(~np.isfinite(floats))
            if len(bad):
                bad_row = (values + int(bad[0])) // dim
            values += len(floats)
    return digest.hexdigest(), bad_row


def sample_pids(passages: int, size: int = SAMPLE_PASSAGES) -> np.ndarray:
    """At most `size` passage ids of an index of `passages`, evenly spread from 0 to the last."""
    if passages <= 0:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.linspace(0, passages - 1, min(passages, size)).round().astype(np.int64))


def vector_problems(
    path: Path, manifest: dict[str, Any], entries: list[dict[str, Any]],
    load: Callable[[str], encoders.Encoder] | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """Compare the stored vectors of a sample of passages (`sample_pids`) with their text
    embedded again by each encoder of `entries` (the manifest's encoder entries whose files
    verify already found sound: shape, dtype, finite values).

    Returns (errors, warnings, what was checked). An error names an encoder whose rows do not
    match their passages (cosine below `MIN_COSINE`), or that now gives vectors of another
    dimension. An encoder that cannot be loaded here (not installed, not in the local model
    cache, or a local-path model `st:/path`, which verify never loads: loading runs the folder's
    code) is a warning: its vectors are not compared. Raises nothing for a damaged store or
    vector file (verify reports those). `load`: how an encoder is loaded (`encoders.load`).
    """
    counts = manifest["counts"]["passages"]
    pids = sample_pids(counts)
    errors: list[str] = []
    warnings: list[str] = []
    checked: list[str] = []
    if not len(pids) or not entries:
        return errors, warnings, checked
    texts = _passage_texts(path / manifest["files"]["store"], pids)
    if texts is None:
        return errors, warnings, checked
    for entry in entries:
        name, dim = entry["name"], entry["dim"]
        if is_local_model(name):
            warnings.append(f"{name} vectors not compared with their passages' text: verify does not load"
                            " a model named by a local path")
            continue
        try:
            model = (load or encoders.load)(name)
        except (EncoderError, OSError) as exc:
            warnings.append(f"{name} vectors not compared with their passages' text ({exc})")
            continue
        if model.dim != dim:
            errors.append(f"encoder {name!r} now gives {model.dim}-d vectors, the index holds {dim}-d;"
                          " rebuild the index")
            continue
        try:
            stored = np.asarray(load_rows(path, entry["file"], ("<f4",), (counts, dim), f"{name} vectors")[pids],
                                dtype=np.float64)
        except (OSError, IndexFolderError):
            continue  # verify has said why
        close = cosines(np.asarray(model.encode(texts), dtype=np.float64), stored)
        bad = np.flatnonzero(close < MIN_COSINE)
        if len(bad):
            shown = ", ".join(str(pids[i]) for i in bad[:5]) + (", ..." if len(bad) > 5 else "")
            errors.append(
                f"{name} vectors: {len(bad)} of {len(pids)} sampled passages do not match their text"
                f" (cosine {close[bad].min():.2f} to {close[bad].max():.2f} with the text embedded"
                f" again, under {MIN_COSINE}; passages {shown}): the rows were reordered or replaced"
                f" after the index was built, or the {name} model changed; rebuild the index")
        else:
            checked.append(f"{name} vectors against {len(pids)} passages' text")
    return errors, warnings, checked


def _passage_texts(store_path: Path, pids: np.ndarray) -> list[str] | None:
    """The sampled passages' texts as the writer gave them to the encoders, in `pids` order;
    None when the store cannot give them (verify reports why)."""
    try:
        store = Store(store_path, readonly=True)
    except (OSError, IndexFolderError, *SQL_ERRORS):
        return None
    try:
        found = {p.pid: p for p in store.passages([int(pid) for pid in pids])}
        return [clean_for_encoder(store.article(found[pid].aid).text[found[pid].start : found[pid].end])
                for pid in pids.tolist()]
    except (IndexFolderError, KeyError, *SQL_ERRORS):
        return None
    finally:
        store.close()


def cosines(fresh: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """Row-wise cosine of two (n, dim) arrays; 0 for a row of zeros."""
    norms = np.linalg.norm(fresh, axis=1) * np.linalg.norm(stored, axis=1)
    dots = np.einsum("ij,ij->i", fresh, stored)
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)
