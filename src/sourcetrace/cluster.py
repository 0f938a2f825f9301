"""Batch checks and index encoding on a Dask distributed cluster (`--cluster ADDRESS`).

The driver (the `sourcetrace` process) reads the inputs, cuts them into partitions and submits
one task per partition; it keeps a bounded number in flight, takes each partition's result in
submission order and writes the same outputs as a single-process run. Workers open the index
read-only once per worker process (cached by path and manifest generation) from a path they
can all see, and send back plain dicts (the JSON contract, read back with
`results.Result.from_dict`) or numpy arrays — never pickled custom objects.

Faults: a worker process that dies is replaced by its nanny and the scheduler re-runs its
tasks elsewhere (Dask's `allowed-failures`); a task that raises is retried `RETRIES` times.
Each partition's result is taken exactly once, so a re-run can neither lose nor duplicate a
post. A partition that keeps killing workers stops the job with one line, and the caller's
outputs (written under temporary names) are never renamed into place.

Custom encoders (e.g. the tests' `hash`) are registered by importing a module: the driver sends
the modules of the non-built-in encoders it uses, plus `$SOURCETRACE_PLUGINS` (comma-separated
module names), and every worker imports them before loading an encoder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import encoders
from .errors import EncoderMismatchError, IndexFolderError, SourcetraceError
from .records import Post
from .results import Result
from .workers import chunks, import_plugins, plugin_modules
from .workers import post_from_dict as _post

try:  # the `cluster` extra; without it only --cluster fails (with a line saying what to install)
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover
    _WorkerPlugin = object  # type: ignore[assignment,misc]

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client, Future

    from .match import Matcher

log = logging.getLogger(__name__)

# Posts per task. A multiple of Matcher.check_many's batch (64), so every post is embedded in the
# same batch as in a single-process run (identical vectors, hence byte-identical output).
PARTITION_POSTS = 2048
ENCODE_TEXTS = 256  # passage texts per encoding task; a multiple of encoders.BATCH_SIZE
RETRIES = 2  # re-runs of a task that raised (a dead worker is handled by allowed-failures)
CONNECT_TIMEOUT_S = 10.0
LOCAL_WORKERS = 2


class ClusterError(SourcetraceError):
    """The cluster cannot be reached, has no workers, or a job failed on it."""


# ---- connecting --------------------------------------------------------------------------------

def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'sourcetrace[cluster]'") from None
    return distributed


def parse_address(address: str) -> tuple[str, int | None]:
    """('local', N) for `local`/`local:N`, else (scheduler address, None)."""
    value = address.strip()
    if value == "local" or value.startswith("local:"):
        count = value.partition(":")[2] or str(LOCAL_WORKERS)
        if not count.isdigit() or not 1 <= int(count) <= 256:
            raise ClusterError(f"--cluster {address!r}: use local or local:N with N from 1 to 256")
        return "local", int(count)
    if "://" not in value:
        value = "tcp://" + value
    scheme, _, rest = value.partition("://")
    host, sep, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls", "ucx", "inproc") or not sep or not host or not port.isdigit():
        raise ClusterError(
            f"--cluster {address!r}: expected a scheduler address like tcp://HOST:8786, or local[:N]"
        )
    return value, None


@contextlib.contextmanager
def connect(address: str, timeout: float | None = None) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a new LocalCluster for `local[:N]`."""
    distributed = _dask()
    target, workers = parse_address(address)
    timeout = timeout or CONNECT_TIMEOUT_S
    cluster = None
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # Dask logs every connection at INFO; our errors are one line
    try:
        if workers is not None:
            import dask

            # no statistical profiler in the workers: it samples the task's stack every 10 ms,
            # taking the GIL from the matcher (a real cluster: DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False)
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
            target = cluster
        else:
            _probe(target, address, timeout)
        try:
            client = distributed.Client(target, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {address} within {timeout:.0f}s"
                f" ({exc.__class__.__name__}); is `dask scheduler` running there?"
            ) from None
        # something answered, but not a Dask scheduler of this version: any error it raises means so
        except Exception as exc:  # noqa: BLE001
            raise ClusterError(
                f"{address} does not answer as a Dask scheduler ({exc.__class__.__name__})"
            ) from None
        try:
            if workers is not None:
                pin_local_workers(client, workers)
            try:
                client.wait_for_workers(1, timeout=timeout)
            except (OSError, TimeoutError):
                raise ClusterError(
                    f"the Dask scheduler at {address} has no workers (waited {timeout:.0f}s);"
                    " start some with `dask worker SCHEDULER_ADDRESS`"
                ) from None
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.close()
    finally:
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()
        quiet.setLevel(level)


def _probe(target: str, address: str, timeout: float) -> None:
    """Fail fast, in one line, when nothing listens at a tcp:// address."""
    scheme, _, rest = target.partition("://")
    if scheme not in ("tcp", "tls"):
        return
    host, _, port = rest.rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address}: {reason};"
            " is `dask scheduler` running there?"
        ) from None


def worker_count(client: Client) -> int:
    return max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))


class _PinCores(_WorkerPlugin):  # type: ignore[misc,valid-type]
    """Worker plugin for local clusters: worker i of n gets every n-th core (and so as many
    encoder threads as cores, see encoders.cpu_count); n workers never oversubscribe the CPU.
    A restarted worker keeps its name, so it gets the same cores again."""

    name = "sourcetrace-pin-cores"

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def setup(self, worker: Any) -> None:
        if not hasattr(os, "sched_setaffinity"):  # pragma: no cover - not Linux
            return
        cores = sorted(os.sched_getaffinity(0))
        if self.workers <= 1 or len(cores) < self.workers:
            return
        try:
            slot = int(worker.name) % self.workers
        except (TypeError, ValueError):
            return
        mine = set(cores[slot :: self.workers])
        tasks = Path("/proc/self/task")
        tids = [int(t.name) for t in tasks.iterdir()] if tasks.is_dir() else [0]
        for tid in tids:  # affinity is per thread; new threads inherit it
            with contextlib.suppress(OSError):
                os.sched_setaffinity(tid, mine)

    def teardown(self, worker: Any) -> None:
        pass


def pin_local_workers(client: Client, workers: int) -> None:
    try:
        client.register_plugin(_PinCores(workers), name=_PinCores.name)
    except Exception as exc:  # noqa: BLE001 - only a performance matter
        log.debug("could not pin local workers to cores: %s", exc)


# ---- worker side -----------------------------------------------------------------------------

_LOCK = threading.Lock()
_MATCHERS: dict[tuple[str, int, str | None, int, bool], Any] = {}
_ENCODERS: dict[tuple[str, str | None], encoders.Encoder] = {}
OPENED: dict[str, int] = {}  # index path -> times this process opened it (tests check it is 1)


def worker_matcher(path: str, generation: int, encoder: str | None, top: int,
                   plugins: Sequence[str] = (), keep_later: bool = False) -> Matcher:
    """This process's matcher over the index at `path`: opened once, reused by every task."""
    key = (path, generation, encoder, top, keep_later)
    with _LOCK:
        matcher = _MATCHERS.get(key)
        if matcher is not None:
            return matcher
        import_plugins(plugins)
        from . import pipeline

        for old in [k for k in _MATCHERS if k[0] == path and k[1] != generation]:
            with contextlib.suppress(Exception):
                _MATCHERS.pop(old).index.close()
        try:
            matcher = pipeline.open_matcher(Path(path), encoder=encoder, top=top, keep_later=keep_later)
        except EncoderMismatchError:
            raise
        except IndexFolderError as exc:
            raise ClusterError(
                f"worker on {socket.gethostname()}: {exc} (every worker must see the index at the"
                " same path: a shared folder, or a copy of the folder on each machine)"
            ) from None
        OPENED[path] = OPENED.get(path, 0) + 1
        found = matcher.index.manifest.get("generation")
        if found != generation:
            matcher.index.close()
            raise ClusterError(
                f"{path}: the index changed during the job (generation {found}, the job started"
                f" with {generation}); run the check again"
            )
        _MATCHERS[key] = matcher
        return matcher


def check_partition(path: str, generation: int, encoder: str | None, top: int,
                    plugins: Sequence[str], posts: list[dict[str, Any]],
                    keep_later: bool = False) -> list[dict[str, Any]]:
    """Task: the JSON result object of every post of one partition, in order."""
    matcher = worker_matcher(path, generation, encoder, top, plugins, keep_later)
    with _LOCK:  # one matcher per process; a worker with several threads takes turns on it
        return [r.to_dict() for r in matcher.check_many(_post(p) for p in posts)]


def worker_encoder(name: str, plugins: Sequence[str] = (), device: str | None = None) -> encoders.Encoder:
    """This process's instance of an encoder, loaded once."""
    key = (name, device)
    with _LOCK:
        model = _ENCODERS.get(key)
        if model is None:
            import_plugins(plugins)
            if device is None and name.startswith("st:"):
                # a GPU worker uses its GPU unless the job or the worker's environment names one
                device = os.environ.get(encoders.DEVICE_ENV) or _auto_device()
            model = encoders.load(name, device=device)
            _ENCODERS[key] = model
        return model


def _auto_device() -> str:
    try:
        import torch
    except ImportError:
        return "cpu"
    return "cuda" if torch.cuda.is_available() else "cpu"


def encoder_dim(name: str, plugins: Sequence[str], device: str | None) -> int:
    """Task: load an encoder on a worker (fails early on a bad name) and return its dimension."""
    return int(worker_encoder(name, plugins, device).dim)


def encode_texts(name: str, plugins: Sequence[str], device: str | None, texts: list[str]) -> np.ndarray:
    """Task: passage vectors (float32 unit rows) of a batch of texts."""
    model = worker_encoder(name, plugins, device)
    with _LOCK:
        return np.ascontiguousarray(model.encode(texts), dtype=np.float32)


# ---- driver side: plugins, check ----------------------------------------------------------------

def _take(future: Future, what: str) -> Any:
    """A task's result; a dead-worker verdict becomes one clear line."""
    distributed = _dask()
    try:
        return future.result()
    except distributed.KilledWorker as exc:
        raise ClusterError(
            f"{what} failed: workers died running it too often ({exc.__class__.__name__});"
            " the job stopped and no output was written"
        ) from None
    except distributed.client.FutureCancelledError:
        raise ClusterError(f"{what} was cancelled (scheduler or workers gone?)") from None
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"{what}: lost the Dask scheduler ({exc.__class__.__name__})") from None


def check_posts(
    client: Client, index_path: Path, generation: int, posts: Iterable[Post], *,
    encoder: str | None, encoder_names: Sequence[str], top: int = 3,
    partition: int | None = None, in_flight: int | None = None, retries: int = RETRIES,
    keep_later: bool = False,
) -> Iterator[tuple[Post, dict[str, Any]]]:
    """(post, result dict) for every post, in input order, computed on the cluster's workers.

    At most `in_flight` partitions are submitted and not yet taken, so memory stays bounded
    whatever the input size.
    """
    path = str(Path(index_path).resolve())
    plugins = plugin_modules(encoder_names)
    partition = partition or PARTITION_POSTS
    limit = in_flight or 2 * worker_count(client) + 1
    job = uuid.uuid4().hex[:8]
    window: deque[tuple[int, list[Post], Future]] = deque()

    def take() -> Iterator[tuple[Post, dict[str, Any]]]:
        number, part, future = window.popleft()
        first = number * partition
        results = _take(future, f"partition {number} (posts {first + 1}-{first + len(part)})")
        future.release()
        if not isinstance(results, list) or len(results) != len(part):
            raise ClusterError(f"partition {number}: a worker returned {len(results)} results"
                               f" for {len(part)} posts")
        yield from zip(part, results)

    try:
        for number, part in enumerate(chunks(posts, partition)):
            payload = [asdict(p) for p in part]
            future = client.submit(
                check_partition, path, generation, encoder, top, plugins, payload, keep_later,
                key=f"sourcetrace-check-{job}-{number}", pure=False, retries=retries,
            )
            window.append((number, part, future))
            while len(window) >= limit:
                yield from take()
        while window:
            yield from take()
    finally:
        for _, _, future in window:
            with contextlib.suppress(Exception):
                future.cancel()


def check_results(
    client: Client, index_path: Path, generation: int, posts: Iterable[Post], *,
    encoder: str | None, encoder_names: Sequence[str], top: int = 3, keep_later: bool = False,
) -> Iterator[Result]:
    """`check_posts` as typed results, the same as a single-process run gives: each JSON object
    read back, with the driver's post (its text, credits and extras are not in the JSON) in the
    language the worker gave it (detected when the input named none)."""
    for post, data in check_posts(client, index_path, generation, posts, encoder=encoder,
                                  encoder_names=encoder_names, top=top, keep_later=keep_later):
        result = Result.from_dict(data)
        yield Result(replace(post, lang=result.post.lang), result.matches, result.held_later,
                         result.held_older)


# ---- driver side: index encoding ------------------------------------------------------------------

class RemoteEncoder:
    """Name and dimension of an encoder that lives on the workers; encode() runs there too."""

    def __init__(self, pool: DaskEncodePool, name: str, dim: int) -> None:
        self._pool, self.name, self.dim = pool, name, dim

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        return self._pool.result(self._pool.submit(self, list(texts)))


class DaskEncodePool:
    """`index.build/add(pool=...)`: encoding batches become tasks; vectors come back as arrays.

    The driver never loads a model (GPU workers may hold one the driver cannot); `load` asks a
    worker for the encoder's dimension, which also fails early on an unknown or missing model.
    """

    def __init__(self, client: Client, device: str | None = None, retries: int = RETRIES,
                 texts_per_task: int = ENCODE_TEXTS) -> None:
        self.client, self.device, self.retries = client, device, retries
        self.texts_per_task = max(encoders.BATCH_SIZE,
                                  texts_per_task // encoders.BATCH_SIZE * encoders.BATCH_SIZE)
        self.job = uuid.uuid4().hex[:8]
        self._n = 0
        self._plugins: list[str] = []

    def _key(self, what: str) -> str:
        self._n += 1
        return f"sourcetrace-{what}-{self.job}-{self._n}"

    def load(self, name: str) -> encoders.Encoder:
        if not name.startswith("st:"):
            encoders.split_spec(name)
        self._plugins += [m for m in plugin_modules([name]) if m not in self._plugins]
        future = self.client.submit(encoder_dim, name, self._plugins, self.device,
                                    key=self._key("load"), pure=False, retries=self.retries)
        return RemoteEncoder(self, name, int(_take(future, f"loading encoder {name!r}")))

    def submit(self, model: encoders.Encoder, texts: list[str]) -> list[Future]:
        """Futures of the batch's vectors, split at multiples of the encoders' batch size (so
        every text is embedded in the same 64-text batch as on one machine)."""
        return [
            self.client.submit(encode_texts, model.name, self._plugins, self.device,
                               texts[i : i + self.texts_per_task], key=self._key("encode"),
                               pure=False, retries=self.retries)
            for i in range(0, len(texts), self.texts_per_task)
        ]

    def result(self, handle: list[Future]) -> np.ndarray:
        parts = []
        for future in handle:
            parts.append(_take(future, "encoding passages"))
            future.release()
        if not parts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)
