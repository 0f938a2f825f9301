"""`vector_problems`: whether an index's vectors are its passages' vectors, for `index verify`.

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

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .. import encoders
from ..errors import EncoderError, IndexFolderError
from ..normalize import clean_for_encoder
from .files import load_rows
from .manifest import is_local_model
from .store import SQL_ERRORS, Store

SAMPLE_PASSAGES = 64
MIN_COSINE = 0.99


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
        cosines = _cosines(np.asarray(model.encode(texts), dtype=np.float64), stored)
        bad = np.flatnonzero(cosines < MIN_COSINE)
        if len(bad):
            shown = ", ".join(str(pids[i]) for i in bad[:5]) + (", ..." if len(bad) > 5 else "")
            errors.append(
                f"{name} vectors: {len(bad)} of {len(pids)} sampled passages do not match their text"
                f" (cosine {cosines[bad].min():.2f} to {cosines[bad].max():.2f} with the text embedded"
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


def _cosines(fresh: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """Row-wise cosine of two (n, dim) arrays; 0 for a row of zeros."""
    norms = np.linalg.norm(fresh, axis=1) * np.linalg.norm(stored, axis=1)
    dots = np.einsum("ij,ij->i", fresh, stored)
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)
