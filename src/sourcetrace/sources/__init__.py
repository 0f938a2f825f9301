"""Article sources beyond JSONL/CSV: RSS/Atom feeds, saved HTML pages, http(s) URLs.

Feeds are parsed with feedparser behind an entity-declaration guard and defusedxml; an article
page's main text comes from trafilatura, used when a feed carries only a summary or for a page
given directly. Fetching is polite and bounded, and conditional for `index update`.

Nothing here raises for one bad feed, page or entry: each gets one `Problem` line and the others
go on. Only an unusable argument (a missing file) raises `InputError`, before anything is read.

Modules, lowest first:

- `transport`: urllib with a wall-clock deadline per request and http(s)-only redirects;
- `fetch`: `Fetcher` (HTTP GETs with limits), `Response`, `SourceError`, the limits;
- `files`: a local file's kind (feed, page, records) and its bytes, bounded;
- `fill`: the outlet from a URL's domain, the language from a tag, the caller's defaults;
- `xmldoc`: a feed document decoded, checked for entity declarations and cleaned (`check_xml`);
- `clean`: an article's fields made safe to store (surrogates, control characters, mojibake);
- `feeds`: feeds.toml (`Feed`, `load_feeds`), a feed's entries (`parse_feed`);
- `pages`: a page's article (`page_article`, `page_text`), a folder of saved pages;
- `read`: `read_sources`, every kind of source given on the command line;
- `update`: `fetch_feeds` and `FeedReport`, for `index update`;
- `versions`: `latest_versions`, the latest version of an item read twice in one build or add.
"""

from .feeds import Feed, load_feeds, parse_feed
from .fetch import (
    DEADLINE_S,
    MAX_FEED_BYTES,
    MAX_PAGE_BYTES,
    MIN_INTERVAL_S,
    TIMEOUT_S,
    USER_AGENT,
    Fetcher,
    Response,
    SourceError,
)
from .files import FEED_SUFFIXES, HTML_SUFFIXES, RECORD_SUFFIXES, source_kind
from .pages import page_article, page_index, page_text
from .read import is_url, read_sources
from .transport import MAX_REDIRECTS
from .update import FeedReport, fetch_feeds
from .xmldoc import check_xml

__all__ = [
    "DEADLINE_S",
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "MAX_FEED_BYTES",
    "MAX_PAGE_BYTES",
    "MAX_REDIRECTS",
    "MIN_INTERVAL_S",
    "RECORD_SUFFIXES",
    "TIMEOUT_S",
    "USER_AGENT",
    "Feed",
    "FeedReport",
    "Fetcher",
    "Response",
    "SourceError",
    "check_xml",
    "fetch_feeds",
    "is_url",
    "load_feeds",
    "page_article",
    "page_index",
    "page_text",
    "parse_feed",
    "read_sources",
    "source_kind",
]
