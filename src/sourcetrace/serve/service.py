"""What the server loads once: the index, its encoders, the outlet registry, and the matcher
thread that uses them."""

from __future__ import annotations

import time
from typing import Any

from .. import encoders, pipeline
from ..match import Matcher
from .config import ServeConfig
from .scheduler import Scheduler


class Service:
    """The loaded index and the scheduler over its matcher (see `scheduler`).

    Loads and warms up everything a first query needs, so that the first request is as fast as
    any other; raises the library's one-line errors (no index, wrong encoder). `matcher`: one
    already open and warm (embedding the server; tests), left open by `close`.

    Its encoders run on one thread (`encoders.one_post_at_a_time`), as `sourcetrace query`'s do:
    a request embeds one post, or a batch of at most 64 (`scheduler`), and on a machine whose
    cores are busy every extra thread waits for a core at each step of the forward pass
    (docs/BENCHMARKS.md, issue 16: warm query p50 and a check's time, one thread vs. all).
    """

    def __init__(self, config: ServeConfig, matcher: Matcher | None = None) -> None:
        started = time.perf_counter()
        self.config = config
        self._owned = matcher is None
        self.matcher = matcher or pipeline.open_matcher(config.index, encoder=config.encoder, top=config.top,
                                                        keep_later=config.keep_later)
        try:
            if self._owned:
                with encoders.one_post_at_a_time():  # warm_up creates every encoder
                    pipeline.warm_up(self.matcher, check_vectors=True)
            self.stats: dict[str, Any] = self.matcher.index.stats()
        except BaseException:
            if self._owned:
                self.matcher.index.close()
            raise
        self.scheduler = Scheduler(self.matcher, max_checks=config.max_checks,
                                   max_queued=config.max_queued)
        self.load_seconds = time.perf_counter() - started

    def start(self) -> None:
        self.scheduler.start()

    def close(self) -> None:
        self.scheduler.close()
        if self._owned:
            self.matcher.index.close()

    def article_text(self, article_id: str) -> str:
        """An indexed article's text (for the web page's cards)."""
        return self.matcher.index.store.text_of(article_id)
