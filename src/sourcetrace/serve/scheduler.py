"""One thread runs the matcher for every request: queries batched, checks cut into chunks.

The matcher is not shared between threads (its encoders already use the machine's cores), so a
single worker thread owns it. Queries waiting together are checked as one batch (their posts are
embedded in one call, which is what makes many concurrent queries cheap); a check is cut into
chunks of `CHECK_CHUNK` posts, and waiting queries always go before the next chunk, so a query
waits for at most one chunk of any check. Checks take turns chunk by chunk, and a check whose
reader has not taken its last chunk yet gets no more (the output of a slow client never piles
up). Waiting is bounded: too many queued queries or running checks are refused (`Busy`).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import AsyncGenerator, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field

from ..errors import SourcetraceError
from ..match import Matcher
from ..records import Post
from ..results import Result

log = logging.getLogger(__name__)

# Posts per chunk of a check: a query waits for at most this many posts to be checked (about
# 0.2 s with USE on 2 cores). Queries batched together: up to the encoders' batch of 64.
CHECK_CHUNK = 16
QUERY_BATCH = 64
CHUNKS_AHEAD = 2  # chunks of a check computed before its reader has taken the earlier ones


class Busy(SourcetraceError):
    """The server has as much work queued as it accepts; the client should try again later."""


class TimeLimit(SourcetraceError):
    """A request ran past its time limit."""


@dataclass
class _Check:
    posts: Iterator[Post]
    loop: asyncio.AbstractEventLoop
    out: asyncio.Queue[list[Result] | BaseException | None]
    deadline: float  # time.monotonic() past which the check is dropped
    ahead: int = 0  # chunks handed over and not yet taken by the reader
    cancelled: bool = False
    done: bool = False

    def live(self) -> bool:
        return not self.cancelled and not self.done and time.monotonic() < self.deadline


@dataclass
class _Query:
    post: Post
    future: Future[Result] = field(default_factory=Future)


class Scheduler:
    """Runs `matcher` on one thread; `query` and `check` are called from the event loop."""

    def __init__(self, matcher: Matcher, *, max_checks: int = 2, max_queued: int = 256) -> None:
        self.matcher = matcher
        self.max_checks = max_checks
        self.max_queued = max_queued
        self._queries: deque[_Query] = deque()
        self._checks: deque[_Check] = deque()
        self._wake = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="sourcetrace-matcher", daemon=True)
        self.batches = 0  # query batches run (for /healthz and tests)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stop the thread after the batch or chunk it is running; pending work fails."""
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        if self._thread.is_alive():  # a generation loaded after the server stopped never started it
            self._thread.join(timeout=30)

    # ---- called from the event loop ------------------------------------------------------

    async def query(self, post: Post, timeout: float) -> Result:
        """The result for one post; Busy when too many wait, TimeLimit after `timeout` seconds."""
        item = _Query(post)
        with self._wake:
            if self._closed:
                raise Busy("the server is shutting down")
            if len(self._queries) >= self.max_queued:
                raise Busy(f"{len(self._queries)} queries are waiting; try again in a moment")
            self._queries.append(item)
            self._wake.notify()
        try:
            return await asyncio.wait_for(asyncio.wrap_future(item.future), timeout)
        except asyncio.TimeoutError:
            item.future.cancel()
            raise TimeLimit(f"no answer within the time limit of {timeout:g} s (the server is busy);"
                            " try again") from None

    async def check(self, posts: Iterator[Post], timeout: float) -> AsyncGenerator[Result, None]:
        """Results for `posts` in input order, chunk by chunk; Busy when `max_checks` run already.

        The iteration raises TimeLimit past `timeout` seconds; stopping it (the client went away)
        cancels the rest. A check nobody reads is dropped at its time limit.
        """
        job = _Check(posts, asyncio.get_running_loop(), asyncio.Queue(), time.monotonic() + timeout)
        with self._wake:
            if self._closed:
                raise Busy("the server is shutting down")
            if len(self._checks) >= self.max_checks:
                raise Busy(f"{len(self._checks)} checks are running (the most at once); try again later")
            self._checks.append(job)
            self._wake.notify()
        return self._results(job)

    async def _results(self, job: _Check) -> AsyncGenerator[Result, None]:
        try:
            while True:
                try:
                    item = await asyncio.wait_for(job.out.get(), job.deadline - time.monotonic())
                except asyncio.TimeoutError:
                    raise TimeLimit("the check ran past its time limit") from None
                with self._wake:
                    job.ahead -= 1
                    self._wake.notify()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                for result in item:
                    yield result
        finally:
            with self._wake:
                job.cancelled = True
                if job in self._checks:
                    self._checks.remove(job)
                self._wake.notify()

    # ---- the matcher thread --------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._closed and not self._queries and not self._ready():
                    self._wake.wait(timeout=1.0)
                if self._closed:
                    self._fail_pending()
                    return
                batch = self._take_queries()
                job = None if batch else self._next_check()
            if batch:
                self._answer(batch)
            elif job is not None:
                self._advance(job)

    def _ready(self) -> bool:
        now = time.monotonic()
        for job in [j for j in self._checks if j.cancelled or now >= j.deadline]:
            self._checks.remove(job)  # its reader went away, or it ran past its time limit
        return any(j.live() and j.ahead < CHUNKS_AHEAD for j in self._checks)

    def _take_queries(self) -> list[_Query]:
        batch: list[_Query] = []
        while self._queries and len(batch) < QUERY_BATCH:
            item = self._queries.popleft()
            if item.future.set_running_or_notify_cancel():  # False: timed out while waiting
                batch.append(item)
        return batch

    def _next_check(self) -> _Check | None:
        for _ in range(len(self._checks)):
            job = self._checks[0]
            self._checks.rotate(-1)  # checks take turns
            if job.live() and job.ahead < CHUNKS_AHEAD:
                job.ahead += 1
                return job
        return None

    def _answer(self, batch: list[_Query]) -> None:
        self.batches += 1
        try:
            results = list(self.matcher.check_many([q.post for q in batch], batch_size=QUERY_BATCH))
        except Exception as exc:
            log.exception("query batch failed")
            for q in batch:
                q.future.set_exception(exc)
            return
        for q, result in zip(batch, results):
            q.future.set_result(result)

    def _advance(self, job: _Check) -> None:
        chunk: list[Post] = []
        item: list[Result] | BaseException | None
        try:
            for post in job.posts:
                chunk.append(post)
                if len(chunk) >= CHECK_CHUNK:
                    break
            item = list(self.matcher.check_many(chunk, batch_size=CHECK_CHUNK)) if chunk else None
        except Exception as exc:
            log.exception("check chunk failed")
            item = exc
        if item is None or isinstance(item, BaseException) or len(chunk) < CHECK_CHUNK:
            with self._wake:
                job.done = True
        self._deliver(job, item)
        if job.done and isinstance(item, list):
            self._deliver(job, None)

    @staticmethod
    def _deliver(job: _Check, item: list[Result] | BaseException | None) -> None:
        """Hand a chunk (or the end, or an error) to the check's reader on its event loop."""
        if job.cancelled:
            return
        try:
            job.loop.call_soon_threadsafe(job.out.put_nowait, item)
        except RuntimeError:  # its event loop is closed: nobody reads any more
            job.cancelled = True

    def _fail_pending(self) -> None:
        for q in self._queries:
            if q.future.set_running_or_notify_cancel():
                q.future.set_exception(Busy("the server is shutting down"))
        self._queries.clear()
        for job in self._checks:
            self._deliver(job, Busy("the server is shutting down"))
