"""What the server loads: the index, its encoders, the outlet registry, and the matcher thread
that uses them; and the watch that loads a newer generation of the index when one is written.

`sourcetrace index add/update/prune` publish a new generation of the folder by replacing its
`manifest.json` atomically (`index.folder`) while a server may be running over the old one
(trial 110: the server kept answering `no_match` for an article `index add` had added, and said
generation 2 while the disk held 3). So the service stats the manifest every
`ServeConfig.reload_seconds` (one `lstat`, no file read) and, when it changed, loads the new
generation on a background thread through the same checks as the first load (`_open`): the
manifest's schema, every file confined and shape-checked, the vectors hashed, a local-path
model refused unless the user named it. Only when all of that passed is the new generation
swapped in: requests already running finish on the generation they started on (each holds a
lease on it, `Loaded`), new ones get the new one, and the old one is closed when its last
request ends. A reload that fails (a damaged folder, a write half done, another encoder) keeps
the old generation served and says why in the log, in /healthz and /v1/index and in a header
of every response (`stale_note`); it is tried again when the manifest changes again, or after
`RETRY_SECONDS`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import encoders, pipeline
from ..errors import IndexFolderError, SourcetraceError
from ..index import MANIFEST
from ..index.folder import current_generation
from ..match import Matcher
from .config import ServeConfig
from .scheduler import Scheduler

log = logging.getLogger(__name__)

# a reload that failed is tried again this long after, the manifest unchanged (a retry loads the
# encoders and hashes the vectors again: not every few seconds)
RETRY_SECONDS = 120.0
Signature = tuple[int, ...]


def manifest_signature(index: Path) -> Signature:
    """What changes when a writer commits a generation: the manifest's inode, size and mtime
    (it is replaced by a rename). One `lstat`; (-1, errno) when it cannot be read."""
    try:
        found = os.lstat(index / MANIFEST)
    except OSError as exc:
        return (-1, exc.errno or 0)
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


class Loaded:
    """One generation of the index, loaded and warm: its matcher, the scheduler (matcher thread)
    over it and its stats; leased by the requests that use it (`Service.lease`).

    A retired generation (a newer one was swapped in) is closed when its last lease ends, or
    `grace` seconds after it was retired, whichever comes first (a lease a client's disconnect
    never gave back must not keep it open for ever).
    """

    def __init__(self, matcher: Matcher, config: ServeConfig, *, owned: bool, signature: Signature) -> None:
        self.matcher = matcher
        self.owned = owned  # close the index with the generation (not a matcher handed in)
        self.signature = signature
        self.stats: dict[str, Any] = matcher.index.stats()
        self.generation = int(self.stats["generation"])
        self.scheduler = Scheduler(matcher, max_checks=config.max_checks, max_queued=config.max_queued)
        self._lock = threading.Lock()
        self._leases = 0
        self._retired = False
        self._closed = False
        self._timer: threading.Timer | None = None
        self.on_close: Callable[[Loaded], None] | None = None  # told once it is closed

    def acquire(self) -> None:
        with self._lock:
            self._leases += 1

    def release(self) -> None:
        with self._lock:
            self._leases -= 1
            last = self._retired and self._leases <= 0
        if last:
            self._close_later()

    def retire(self, grace: float) -> None:
        """A newer generation serves new requests: close this one once its requests end."""
        with self._lock:
            self._retired = True
            idle = self._leases <= 0
        if idle:
            self._close_later()
        else:
            with self._lock:
                self._timer = threading.Timer(grace, self.close)
                self._timer.daemon = True
                self._timer.start()

    def _close_later(self) -> None:
        # off the caller's thread: the last lease may end on the event loop, and closing joins
        # the matcher thread (a batch a timed-out query left running)
        threading.Thread(target=self.close, name="sourcetrace-retire", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            timer, self._timer = self._timer, None
        if timer is not None:  # its thread holds this generation (its models) until it ends
            timer.cancel()
        self.scheduler.close()
        if self.owned:
            self.matcher.index.close()
        if self.on_close is not None:
            self.on_close(self)

    @property
    def closed(self) -> bool:
        return self._closed

    def article_text(self, article_id: str) -> str:
        """An indexed article's text (for the web page's cards)."""
        return self.matcher.index.store.text_of(article_id)


class Service:
    """The generation of the index being served (`Loaded`), and the watch for a newer one.

    Loads and warms up everything a first query needs, so that the first request is as fast as
    any other; raises the library's one-line errors (no index, wrong encoder). `matcher`: one
    already open and warm (embedding the server; tests), left open by `close`; a generation
    reloaded later is the service's own.

    Its encoders run on one thread (`encoders.one_post_at_a_time`), as `sourcetrace query`'s do:
    a request embeds one post, or a batch of at most 64 (`scheduler`), and on a machine whose
    cores are busy every extra thread waits for a core at each step of the forward pass
    (docs/BENCHMARKS.md, issue 16: warm query p50 and a check's time, one thread vs. all).
    """

    def __init__(self, config: ServeConfig, matcher: Matcher | None = None) -> None:
        started = time.perf_counter()
        self.config = config
        self._lock = threading.Lock()  # guards _current, _retiring and the reload state
        self._current = self._open(manifest_signature(config.index), matcher)
        self._retiring: list[Loaded] = []
        self.load_seconds = time.perf_counter() - started
        self.reload_error: str | None = None  # why the generation on disk is not served
        self.disk_generation: int | None = None  # the generation on disk, where it is not served
        self.reloads = 0
        self._failed: tuple[Signature, float] | None = None
        self._reloading = threading.Lock()  # one reload at a time
        self._started = False
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None

    # ---- what requests use ---------------------------------------------------------------

    @property
    def current(self) -> Loaded:
        return self._current

    @property
    def matcher(self) -> Matcher:
        return self._current.matcher

    @property
    def scheduler(self) -> Scheduler:
        return self._current.scheduler

    @property
    def stats(self) -> dict[str, Any]:
        """The served generation's `index stats`."""
        return self._current.stats

    def acquire(self) -> Loaded:
        """The generation serving new requests, leased: call its `release` when done with it."""
        with self._lock:
            loaded = self._current
            loaded.acquire()
        return loaded

    @contextlib.contextmanager
    def lease(self) -> Iterator[Loaded]:
        """The generation serving new requests, for the length of the block."""
        loaded = self.acquire()
        try:
            yield loaded
        finally:
            loaded.release()

    def article_text(self, article_id: str) -> str:
        """An indexed article's text (for the web page's cards)."""
        return self._current.article_text(article_id)

    def stale_note(self, why: bool = True) -> str | None:
        """One line where the index on disk is not the generation served (a reload failed);
        `why`: with the reason (which names files of the folder)."""
        if self.reload_error is None:
            return None
        disk = f"generation {self.disk_generation}" if self.disk_generation is not None else "the index"
        note = f"{disk} on disk could not be loaded, serving generation {self._current.generation}"
        return f"{note}: {self.reload_error}" if why else f"{note} (the server's log says why)"

    def health(self, why: bool = True) -> dict[str, Any]:
        """What /healthz says of the index: the generation served, and one on disk not served
        (`why`: and the reason; not to a client without the token, as /healthz needs none)."""
        return {"generation": self._current.generation,
                "generation_on_disk": self.disk_generation if self.reload_error else self._current.generation,
                "reload_error": self.stale_note(why)}

    # ---- life ----------------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            self._started = True
            self._current.scheduler.start()
        if self.config.reload_seconds > 0:
            self._stopping.clear()
            self._watcher = threading.Thread(target=self._watch, name="sourcetrace-index-watch", daemon=True)
            self._watcher.start()

    def close(self) -> None:
        self._stopping.set()
        if self._watcher is not None:
            self._watcher.join(timeout=30)
        with self._lock:
            self._started = False
            closing = [self._current, *self._retiring]
            self._retiring = []
        for loaded in closing:
            loaded.close()

    # ---- reloading -----------------------------------------------------------------------

    def _watch(self) -> None:
        while not self._stopping.wait(self.config.reload_seconds):
            try:
                self.poll()
            except Exception:  # never let the watch die: the next change is tried again
                log.exception("checking the index folder for a newer generation failed")

    def poll(self, force: bool = False) -> bool:
        """Load the generation on disk if the manifest changed since the served one was loaded
        (`force`: even so, and even if the same change failed less than RETRY_SECONDS ago).
        True when a new generation was swapped in."""
        signature = manifest_signature(self.config.index)
        with self._lock:
            if signature == self._current.signature and not force:
                self.reload_error = self.disk_generation = None
                return False
            failed = self._failed
        if not force and failed and failed[0] == signature and time.monotonic() - failed[1] < RETRY_SECONDS:
            return False
        with self._reloading:
            return self._reload(signature)

    def _reload(self, signature: Signature) -> bool:
        old = self._current
        started = time.perf_counter()
        try:
            loaded = self._open(signature, None, encoder=old.stats["encoder"])
        except Exception as exc:  # noqa: BLE001 - whatever failed, the served generation goes on
            self._fail(signature, exc)
            return False
        with self._lock:
            if self._stopping.is_set():  # the server is shutting down: nothing to swap into
                swap = False
            else:
                swap = True
                old = self._current
                if self._started:
                    loaded.scheduler.start()
                self._current = loaded
                self._retiring.append(old)
                old.on_close = self._forget  # then nothing holds its models any more
                self.reload_error = self.disk_generation = None
                self._failed = None
                self.reloads += 1
        if not swap:
            loaded.close()
            return False
        grace = self.config.check_seconds + self.config.query_seconds + 30
        old.retire(grace)
        log.info("index on disk changed: serving generation %s (%s articles; loaded in %.1fs);"
                 " generation %s answers the requests it had begun", loaded.generation,
                 f"{loaded.stats['counts']['articles']:,}", time.perf_counter() - started, old.generation)
        return True

    def _forget(self, loaded: Loaded) -> None:
        with self._lock:
            if loaded in self._retiring:
                self._retiring.remove(loaded)

    def _fail(self, signature: Signature, exc: Exception) -> None:
        why = str(exc) if isinstance(exc, (SourcetraceError, OSError)) else f"{type(exc).__name__}: {exc}"
        why = " ".join(why.split())[:500]
        disk = current_generation(self.config.index)  # the manifest changed: read it once to say which
        with self._lock:
            before = (self.reload_error, self.disk_generation)
            self.reload_error, self.disk_generation = why, disk
            self._failed = (signature, time.monotonic())
            note = self.stale_note()
        if before != (why, disk):  # said once per failure, not at every retry
            log.warning("%s (loaded when the manifest changes again, or at a restart)", note)

    def _open(self, signature: Signature, matcher: Matcher | None, encoder: str | None = None) -> Loaded:
        """Open and warm one generation, with every check of a first load (`encoder`: the one the
        served generation uses, which a reloaded one must also use). Raises the library's
        one-line errors; closes what it opened when it fails."""
        owned = matcher is None
        if matcher is None:
            matcher = pipeline.open_matcher(self.config.index, encoder=self.config.encoder, top=self.config.top,
                                            keep_later=self.config.keep_later)
        try:
            if encoder is not None and matcher.index.manifest["encoder"] != encoder:
                raise IndexFolderError(
                    f"{self.config.index} is now built with encoder {matcher.index.manifest['encoder']!r},"
                    f" the server runs {encoder!r}: restart the server to load it")
            if owned:
                with encoders.one_post_at_a_time():  # warm_up creates every encoder
                    pipeline.warm_up(matcher, check_vectors=True)
            return Loaded(matcher, self.config, owned=owned, signature=signature)
        except BaseException:
            if owned:
                matcher.index.close()
            raise
