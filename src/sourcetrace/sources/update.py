"""`index update`'s side of feeds: fetch every feed of a feeds.toml conditionally (ETag and
Last-Modified of the previous fetch), and the page of each new entry that carries only a summary.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..readers import Problem, ProblemHandler
from ..records import Article
from .feeds import Feed, parse_feed
from .fetch import MAX_PAGE_BYTES, Fetcher, Response, SourceError
from .pages import page_text, url_key

log = logging.getLogger(__name__)


@dataclass
class FeedReport:
    """What one `update` run did with its feeds."""

    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    entries: int = 0
    pages: int = 0
    # pages of summary-only entries asked for and not had (an HTTP error, no article text in
    # them): their entries' summaries are indexed. Trial 106's 60 page requests, all 404, were
    # said nowhere. `page_error` is the first one's URL and reason.
    pages_failed: int = 0
    page_error: str = ""

    def to_dict(self) -> dict[str, int | str]:
        """The counts by name, and the first failed page's URL and reason (for the JSON summary
        of `index update`)."""
        return dataclasses.asdict(self)

    def missed(self, link: str, reason: str) -> None:
        """Count a page not had, keeping the first one's URL and reason."""
        self.pages_failed += 1
        if not self.page_error:
            self.page_error = f"{link}: {reason}"


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# Feeds fetched at once. The Fetcher still makes one request at a time to a host, so this only
# overlaps feeds on different hosts (a slow or dripping feed no longer holds up the others);
# the responses are handed on in the order of the list, at most this many held at a time.
FEED_WORKERS = 4


def _fetched_in_order(feeds: Iterable[Feed], state: dict[str, Any], fetcher: Fetcher) -> Iterator[
    tuple[Feed, dict[str, Any], str, Future[Response]]
]:
    """(feed, its previous state, when it was checked, its response) for every feed, in order,
    up to FEED_WORKERS fetched ahead on threads; a failed fetch's future raises SourceError."""
    waiting: deque[tuple[Feed, dict[str, Any], str, Future[Response]]] = deque()
    listed = iter(feeds)
    pool = ThreadPoolExecutor(max_workers=FEED_WORKERS, thread_name_prefix="sourcetrace-feeds")
    try:
        while True:
            while len(waiting) < FEED_WORKERS and (feed := next(listed, None)) is not None:
                saved = state.get(feed.url)
                previous: dict[str, Any] = saved if isinstance(saved, dict) else {}
                fetched = pool.submit(fetcher.get, feed.url, etag=previous.get("etag"),
                                      last_modified=previous.get("last_modified"))
                waiting.append((feed, previous, _now(), fetched))
            if not waiting:
                return
            yield waiting.popleft()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # an abandoned run waits out what is in flight


def fetch_feeds(
    feeds: Iterable[Feed],
    state: dict[str, Any],
    on_problem: ProblemHandler,
    *,
    fetcher: Fetcher | None = None,
    indexed: Callable[[str], str | None] = lambda url: None,
    pages: bool = True,
    report: FeedReport | None = None,
) -> Iterator[Article]:
    """Articles of every feed, fetched conditionally; `state` (by feed URL) is updated in place.

    A feed's new validators are recorded only after all its entries were handed on, and the
    caller stores `state` with the index generation that holds them: a crash can never make a
    later run skip articles it did not index. Pages are fetched only for entries that carry a
    summary only, and, of those whose URL is `indexed` (which gives the indexed text), only where
    that text no longer holds the entry's title and summary (see `feeds._summary_entry`). A page
    is fetched once a run: an entry in two feeds gets the same text from both.
    """
    fetcher = fetcher or Fetcher()
    report = report if report is not None else FeedReport()
    had: dict[str, str | None] = {}

    def fetch_page(link: str) -> str | None:
        key = url_key(link)
        if not pages:
            return None
        if key in had:
            return had[key]
        had[key] = None
        try:
            response = fetcher.get(link, max_bytes=MAX_PAGE_BYTES, accept="text/html, */*;q=0.8")
            text = page_text(response.body, response.url, response.charset)
        except SourceError as exc:
            reason = str(exc)
            text = None
        else:
            reason = "no article text found in the page"
        if text is None:
            log.info("%s: page not had (%s); the feed's summary is indexed", link, reason)
            report.missed(link, reason)
            return None
        report.pages += 1
        had[key] = text
        return text

    for feed, previous, checked, fetched in _fetched_in_order(feeds, state, fetcher):
        try:
            response = fetched.result()
            if response.status == 304:
                report.not_modified += 1
                state[feed.url] = {**previous, "checked_at": checked, "status": 304}
                state[feed.url].pop("error", None)
                continue
            count = 0
            for article in parse_feed(
                response.body,
                feed.url,
                on_problem,
                outlet=feed.outlet,
                lang=feed.lang,
                base_url=response.url,
                page_text=fetch_page,
                charset=response.charset,
                known_text=indexed,
            ):
                count += 1
                yield article
        except SourceError as exc:
            report.failed += 1
            on_problem(Problem(feed.url, 0, str(exc)))
            # the old validators stay: the next run fetches the whole feed again
            state[feed.url] = {**previous, "checked_at": checked, "error": str(exc)}
            continue
        report.fetched += 1
        report.entries += count
        state[feed.url] = {
            "outlet": feed.outlet,
            "etag": response.etag,
            "last_modified": response.last_modified,
            "checked_at": checked,
            "status": 200,
            "entries": count,
        }
