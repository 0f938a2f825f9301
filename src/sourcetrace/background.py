"""Reference passages that pad the background of a query against a small index.

A query's background (local scaling, `candidates`: the mean cosine of its `background_k` nearest
passages, above which the encoders' calibrated thresholds apply) is read from the index. On an
index of a few dozen passages the nearest ten are a third of it, not the near tail of a news
index, so the background comes out low and unrelated posts pass: against a 9-article index (28
passages) a trial saw an English headline reported as a translation of an unrelated Chinese
sentence at confidence 0.93 (USE calibrated 0.61 from a cosine of 0.33, e5 0.05). Below
`candidates.BACKGROUND_MIN_PASSAGES` the nearest passages are therefore taken among the index's
and these reference passages together.

The passages (`data/background_passages.jsonl`, 233 sentences of NTREX-128 news in 12 languages,
one language per document, none from the bundled sample; CC BY-SA 4.0; made by
`scripts/make_background.py`) are embedded once per encoder and kept as a `.npy` in the model
cache (`modelcache.uncompressed`: the user's private cache folder, written under a temporary
name, read without pickle). A kept copy is used only with the right shape, finite rows, and its
first rows within `vectorcheck.MIN_COSINE` of those texts embedded again (an upgraded model gives
other vectors); otherwise the vectors are computed again in memory. Without the packaged file,
or when nothing can be embedded, there is no padding (None) and the index's own background is used.

The same is done for everyday texts (`data/everyday_texts.jsonl`, `everyday_vectors`): short
sentences people write about their own lives (Tatoeba, CC BY 2.0 FR; its SOURCE.md says how they
were drawn), against which `hubness` measures how generic an article's passage is (the
passage-side term of CSLS): "Happy Mother's Day to all mothers" is as close to a birthday post as
to any post about mothers.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from . import modelcache

if TYPE_CHECKING:  # pragma: no cover
    from .encoders import Encoder

log = logging.getLogger(__name__)

PASSAGES_FILE = "background_passages.jsonl"
EVERYDAY_FILE = "everyday_texts.jsonl"
# rows of a kept copy embedded again to confirm it is this model's (cost: two short texts)
CONFIRM_ROWS = 2
MAX_PASSAGES = 10_000  # the packaged files hold 233 and a few thousand; a bound on what is read
MAX_CHARS = 1_000  # per passage

_memo: dict[tuple[str, str], np.ndarray | None] = {}


def passages() -> list[str]:
    """The reference passages' texts, in file order ([] when the packaged file is missing or
    unreadable: no padding)."""
    return _texts(PASSAGES_FILE)


def everyday() -> list[str]:
    """The everyday texts, in file order ([] when the packaged file is missing or unreadable:
    no passage's hubness is known)."""
    return _texts(EVERYDAY_FILE)


def _texts(file: str) -> list[str]:
    try:
        raw = (resources.files("sourcetrace") / "data" / file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        log.debug("no %s (%s)", file, exc)
        return []
    texts = []
    for line in raw.splitlines()[:MAX_PASSAGES]:
        try:
            row = json.loads(line)
        except ValueError:
            continue
        text = row.get("text") if isinstance(row, dict) else None
        if isinstance(text, str) and text.strip():
            texts.append(text[:MAX_CHARS])
    return texts


def reference_vectors(name: str, encoder: Encoder) -> np.ndarray | None:
    """The reference passages embedded by `encoder` as queries are (unit rows, shape
    (passages, the encoder's dimension), float32), kept per process and in the model cache; None when there
    are no passages or they cannot be embedded. `name` is the encoder's name in the index."""
    return _vectors(PASSAGES_FILE, name, encoder)


def everyday_vectors(name: str, encoder: Encoder) -> np.ndarray | None:
    """The everyday texts embedded by `encoder` as queries are (unit rows, shape (texts, the
    encoder's dimension), float32), kept per process and in the model cache as the reference
    passages are; None when there are none or they cannot be embedded."""
    return _vectors(EVERYDAY_FILE, name, encoder)


# How many of a passage's nearest everyday texts its hubness averages: the k of CSLS's r_T
# (Conneau et al. 2018 use 10). Chosen with verdict.HUB_MIN on the tuning dumps (see there).
HUB_K = 10


def hubness(name: str, encoder: Encoder, vector: np.ndarray) -> float | None:
    """How generic a passage is: the mean cosine of its unit `vector` (shape (dimension,), as
    the index stores it) with its HUB_K nearest everyday texts (`everyday_vectors`), the
    passage-side term of CSLS. None when there are no everyday texts, fewer than HUB_K, or
    their dimension is not the vector's."""
    texts = everyday_vectors(name, encoder)
    if texts is None or len(texts) < HUB_K or texts.shape[1] != vector.shape[-1]:
        return None
    sims = texts @ np.asarray(vector, dtype=np.float32)
    return float(np.partition(sims, len(sims) - HUB_K)[-HUB_K:].mean())


def _vectors(file: str, name: str, encoder: Encoder) -> np.ndarray | None:
    if (file, name) not in _memo:
        _memo[(file, name)] = _load(file, name, encoder)
    return _memo[(file, name)]


def _load(file: str, name: str, encoder: Encoder) -> np.ndarray | None:
    texts = _texts(file)
    if not texts:
        return None
    try:
        source = Path(str(resources.files("sourcetrace") / "data" / file))
    except (OSError, TypeError):
        source = None
    tag = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:40] + "-" + hashlib.sha256(name.encode()).hexdigest()[:8]

    def write(_source: Path, out: BinaryIO) -> None:
        log.info("embedding the %d texts of %s with %s (once)", len(texts), file, name)
        np.save(out, _embed(encoder, texts), allow_pickle=False)

    try:
        copy = modelcache.uncompressed(source, f"-{tag}.npy", write) \
            if source is not None and source.is_file() else None
    except Exception as exc:  # noqa: BLE001 - an encoder that cannot embed: no padding
        _cannot(file, name, exc)
        return None
    if copy is not None:
        try:
            vectors = np.load(io.BytesIO(copy.read_bytes()), allow_pickle=False)
            if _confirmed(vectors, encoder, texts):
                return np.ascontiguousarray(vectors, dtype=np.float32)
        except (OSError, ValueError) as exc:
            log.debug("background vectors at %s unreadable (%s)", copy, exc)
        except Exception as exc:  # noqa: BLE001 - the encoder failed while confirming the copy
            _cannot(file, name, exc)
            return None
        modelcache.discard(copy, f"not this encoder's vectors of {file}")
    try:
        return _embed(encoder, texts)
    except Exception as exc:  # noqa: BLE001 - an encoder that cannot embed: no padding
        _cannot(file, name, exc)
        return None


def _cannot(file: str, name: str, exc: Exception) -> None:
    log.warning("cannot embed %s with %s (%s): %s", file, name, exc,
                "a small index's background is its own" if file == PASSAGES_FILE
                else "no passage's hubness is known")


def _embed(encoder: Encoder, texts: list[str]) -> np.ndarray:
    vectors = np.asarray(encoder.encode(texts, kind="query"), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _confirmed(vectors: np.ndarray, encoder: Encoder, texts: list[str]) -> bool:
    from .index.vectorcheck import MIN_COSINE

    if vectors.dtype.kind != "f" or vectors.ndim != 2 or len(vectors) != len(texts) \
            or not np.isfinite(vectors).all():
        return False
    again = _embed(encoder, texts[:CONFIRM_ROWS])
    if again.shape[1] != vectors.shape[1]:
        return False
    cos = np.sum(again * vectors[:CONFIRM_ROWS], axis=1)
    return bool((cos >= MIN_COSINE).all())
