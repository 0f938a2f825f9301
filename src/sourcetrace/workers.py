"""`check --workers N`: posts matched in N processes on this machine, results in input order.

The driver (the `sourcetrace` process) reads the posts, cuts them into chunks and hands each to
a pool of worker processes; it keeps a bounded number in flight and takes the chunks back in
submission order, so the outputs are those of a single-process run. Every worker opens the
index itself (memory-mapped, so the workers share its pages) and loads its own encoders, once;
worker i of N is pinned to every N-th core, so the encoders' and faiss's thread pools (sized
from the process's cores, see `encoders.cpu_count`) never oversubscribe the machine. Posts go
out and results come back as plain dicts (the JSON contract), never pickled custom objects.

Errors: a user error in a worker (a damaged index, an index that changed during the job)
comes back as the same one-line error; a worker process that dies stops the job with one line,
and the caller's outputs (written under temporary names) are never renamed into place.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import encoders
from .errors import IndexFolderError, SourcetraceError
from .records import Credit, Post
from .results import Result

if TYPE_CHECKING:  # pragma: no cover
    from .match import Matcher

# Posts per task: a multiple of Matcher.check_many's batch (64), so every post is embedded in the
# same batch as in a single-process run (identical vectors, hence identical output); small
# enough that a few thousand posts keep every worker busy and the progress bar moving.
CHUNK_POSTS = 256
MAX_WORKERS = 256
PLUGINS_ENV = "SOURCETRACE_PLUGINS"


class WorkerError(SourcetraceError):
    """A worker process died, or `--workers` is out of range."""


# ---- shared with the Dask backend (cluster.py) ------------------------------------------------

def plugin_modules(names: Iterable[str]) -> list[str]:
    """Modules another process must import to know these encoders: $SOURCETRACE_PLUGINS, plus
    the module of each encoder registered from outside sourcetrace (importable there)."""
    modules = [m.strip() for m in os.environ.get(PLUGINS_ENV, "").split(",") if m.strip()]
    for name in names:
        factory = encoders.REGISTRY.get(name)
        module = getattr(factory, "__module__", None) if factory is not None else None
        if module and module != "__main__" and not module.startswith("sourcetrace") \
                and module not in modules:
            modules.append(module)
    return modules


_IMPORTED: set[str] = set()


def import_plugins(modules: Sequence[str]) -> None:
    """Import the encoder plugin modules not imported yet; raises WorkerError for a missing one."""
    for name in modules:
        if name not in _IMPORTED:
            try:
                importlib.import_module(name)
            except ImportError as exc:
                raise WorkerError(f"worker cannot import encoder plugin {name!r}: {exc}") from None
            _IMPORTED.add(name)


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """`items` in lists of `size` (the last one shorter), read lazily."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def post_from_dict(data: dict[str, Any]) -> Post:
    """A post as the driver shipped it (`asdict`), its credits turned back into Credit objects."""
    return Post(**{**data, "credits": tuple(Credit(**c) for c in data.get("credits", ()))})


# ---- worker side ----------------------------------------------------------------------------------

_MATCHER: dict[tuple[str, int, str | None, int, bool], Matcher] = {}


def _start_worker(slots: Any, workers: int) -> None:
    """Pool initializer: take a slot and keep to that slot's share of the cores."""
    slot = slots.get()
    if hasattr(os, "sched_setaffinity") and workers > 1:
        cores = sorted(os.sched_getaffinity(0))
        mine = set(cores[slot::workers]) if len(cores) >= workers else {cores[slot % len(cores)]}
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, mine)


def _matcher(path: str, generation: int, encoder: str | None, top: int,
             plugins: Sequence[str], keep_later: bool = False) -> Matcher:
    """This process's matcher over the index at `path`: opened once, reused by every task."""
    key = (path, generation, encoder, top, keep_later)
    matcher = _MATCHER.get(key)
    if matcher is None:
        from . import pipeline

        import_plugins(plugins)
        matcher = pipeline.open_matcher(Path(path), encoder=encoder, top=top, keep_later=keep_later)
        found = matcher.index.manifest.get("generation")
        if found != generation:
            matcher.index.close()
            raise IndexFolderError(
                f"{path}: the index changed during the check (generation {found}, the check"
                f" started with {generation}); run the check again"
            )
        _MATCHER[key] = matcher
    return matcher


def check_chunk(path: str, generation: int, encoder: str | None, top: int, plugins: Sequence[str],
                posts: list[dict[str, Any]], keep_later: bool = False) -> list[dict[str, Any]]:
    """Task: the JSON result object of every post of one chunk, in order."""
    matcher = _matcher(path, generation, encoder, top, plugins, keep_later)
    return [r.to_dict() for r in matcher.check_many(post_from_dict(p) for p in posts)]


# ---- driver side --------------------------------------------------------------------------------

def check_results(
    index_path: Path, generation: int, posts: Iterable[Post], *, workers: int,
    encoder: str | None, encoder_names: Sequence[str], top: int = 3, chunk: int = CHUNK_POSTS,
    keep_later: bool = False,
) -> Iterator[Result]:
    """Results for every post, in input order, computed by `workers` local processes.

    At most 2 * workers + 1 chunks are out at a time, so memory stays bounded whatever the input
    size. Each result is read back from its JSON object with the driver's post (its text,
    credits and extras are not in the JSON) in the language the worker gave it. Raises
    WorkerError when a worker process dies, and any SourcetraceError a worker raised.
    """
    import multiprocessing

    if not 1 <= workers <= MAX_WORKERS:
        raise WorkerError(f"--workers {workers}: use a number from 1 to {MAX_WORKERS}")
    if chunk % 64:
        raise ValueError(f"chunk must be a multiple of the matcher's batch (64), got {chunk}")
    path = str(Path(index_path).resolve())
    # spawn: the driver may already run threads (faiss, BLAS), which a forked child must not inherit
    ctx = multiprocessing.get_context("spawn")
    slots = ctx.Queue()
    for slot in range(workers):
        slots.put(slot)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start_worker,
                               initargs=(slots, workers))
    plugins = plugin_modules(encoder_names)
    window: deque[tuple[int, list[Post], Future[list[dict[str, Any]]]]] = deque()

    def take() -> Iterator[Result]:
        number, part, future = window.popleft()
        try:
            results = future.result()
        except BrokenProcessPool:
            first = number * chunk
            raise WorkerError(
                f"a worker process died checking posts {first + 1}-{first + len(part)} (out of"
                " memory? try fewer --workers); no output was written"
            ) from None
        for post, data in zip(part, results, strict=True):
            result = Result.from_dict(data)
            yield Result(replace(post, lang=result.post.lang), result.matches, result.held_later,
                         result.held_older)

    try:
        for number, part in enumerate(chunks(posts, chunk)):
            payload = [asdict(p) for p in part]
            window.append((number, part, pool.submit(check_chunk, path, generation, encoder, top,
                                                     plugins, payload, keep_later)))
            while len(window) > 2 * workers:
                yield from take()
        while window:
            yield from take()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        slots.close()
