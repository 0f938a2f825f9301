"""Article sources beyond JSONL/CSV: RSS/Atom feeds, saved HTML pages, http(s) URLs.

Feeds are parsed with feedparser, behind two guards: a document that declares XML entities is
refused before any parser sees it (the entity-expansion "billion laughs" and quadratic blow-up
attacks need them, and no real feed does), and the strict parser feedparser uses is defusedxml's.
An article page's main text comes from trafilatura, used when a feed carries only a summary
(`--pages DIR` of saved pages, or pages fetched by `index update`) or for a saved page given
directly. Fetching is polite and bounded: a descriptive User-Agent, a pause between requests to
the same host, a socket timeout, a deadline for the whole response (a feed that never ends) and
a size limit, also on gzip-decompressed bytes. `fetch_feeds` sends the ETag/Last-Modified of the
previous fetch, so an unchanged feed costs one small request.

Nothing here raises for one bad feed, page or entry: each gets one `Problem` line and the others
go on. Only an unusable argument (a missing file) raises `InputError`, before anything is read.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import http.client
import logging
import re
import socket
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (tomli is what became tomllib)
    import tomli as tomllib

from . import __version__
from .errors import InputError
from .readers import Problem, ProblemHandler, html_to_text, read_articles
from .records import Article

log = logging.getLogger(__name__)

USER_AGENT = (
    f"sourcetrace/{__version__} (research feed reader; one request per feed per run,"
    " conditional with ETag/Last-Modified)"
)
MAX_FEED_BYTES = 20_000_000  # the largest real news feeds are a few MB
MAX_PAGE_BYTES = 5_000_000
TIMEOUT_S = 20.0  # per socket operation
DEADLINE_S = 60.0  # for a whole response: a server that trickles forever is cut off
MIN_INTERVAL_S = 1.0  # between two requests to the same host

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json-lines", ".csv", ".json")
_HEAD_BYTES = 4096
# Any entity declaration in the prolog (internal DTD subset), with or without a DOCTYPE around it.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_ENTRY_TAG = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)[\s>/]")
_CANONICAL = (
    re.compile(rb"""<link\b[^>]*\brel=["']?canonical["']?[^>]*>""", re.IGNORECASE),
    re.compile(rb"""<meta\b[^>]*\bproperty=["']?og:url["']?[^>]*>""", re.IGNORECASE),
)
_HREF = re.compile(rb"""\b(?:href|content)=["']([^"']+)["']""", re.IGNORECASE)


class SourceError(Exception):
    """One feed, page or URL cannot be used; the message is the reason."""


# ---- feeds.toml ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Feed:
    """One public feed of an outlet in the registry."""

    outlet: str
    lang: str | None
    url: str
    name: str | None = None


def load_feeds(path: str | Path, outlets: Iterable[str] | None = None) -> list[Feed]:
    """The feeds listed in a feeds.toml (`[[feed]]` tables), optionally only some outlets'."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML ({exc})") from None
    raw = data.get("feed")
    if not isinstance(raw, list) or not raw:
        raise InputError(f"{path}: no [[feed]] tables (each with outlet, lang and url)")
    feeds = []
    for number, item in enumerate(raw, 1):
        where = f"{path}: feed {number}"
        if not isinstance(item, dict):
            raise InputError(f"{where}: not a table")
        outlet, url, lang = item.get("outlet"), item.get("url"), item.get("lang")
        if not isinstance(outlet, str) or not outlet.strip():
            raise InputError(f"{where}: missing 'outlet' (an outlet id from the registry)")
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            raise InputError(f"{where}: 'url' must be an http(s) URL")
        if lang is not None and not isinstance(lang, str):
            raise InputError(f"{where}: 'lang' must be a language code")
        name = item.get("name")
        feeds.append(Feed(outlet.strip().lower(), lang, url, name if isinstance(name, str) else None))
    if outlets is not None:
        wanted = {o.strip().lower() for o in outlets}
        unknown = wanted - {f.outlet for f in feeds}
        if unknown:
            raise InputError(f"{path}: no feeds for outlet {', '.join(sorted(unknown))}")
        feeds = [f for f in feeds if f.outlet in wanted]
    return feeds


# ---- fetching --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 Not Modified
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


class Fetcher:
    """Polite, bounded HTTP(S) GETs (urllib, so the usual *_proxy variables apply)."""

    def __init__(
        self,
        *,
        timeout: float = TIMEOUT_S,
        deadline: float = DEADLINE_S,
        max_bytes: int = MAX_FEED_BYTES,
        min_interval: float | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        min_interval = MIN_INTERVAL_S if min_interval is None else min_interval
        if timeout <= 0 or deadline <= 0:
            raise InputError("timeouts must be positive")
        if max_bytes <= 0:
            raise InputError("the size limit must be positive")
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.min_interval = min_interval
        self.user_agent = user_agent
        self._last: dict[str, float] = {}
        self._opener = urllib.request.build_opener()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        accept: str = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8",
    ) -> Response:
        """GET `url`; raises SourceError with a one-line reason on any failure."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceError("only http(s) URLs can be fetched")
        limit = max_bytes or self.max_bytes
        self._wait_turn(parts.hostname)
        headers = {"User-Agent": self.user_agent, "Accept": accept, "Accept-Encoding": "gzip"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = self._body(response, limit, started)
                return Response(
                    response.geturl(), response.status, body,
                    response.headers.get("ETag"), response.headers.get("Last-Modified"),
                )
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return Response(url, 304, b"", etag, last_modified)
            raise SourceError(f"HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise SourceError(f"no answer within {self.timeout:g} s") from None
            raise SourceError(f"cannot connect ({reason})") from None
        except TimeoutError:
            raise SourceError(f"no data for {self.timeout:g} s") from None
        except (http.client.HTTPException, OSError) as exc:
            raise SourceError(f"connection failed ({exc.__class__.__name__}: {exc})") from None

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.min_interval - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _body(self, response: Any, limit: int, started: float) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:  # compressed or not
            raise SourceError(f"larger than {limit:,} bytes (Content-Length {int(declared):,})")
        encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        # wbits 47: a gzip or zlib header, detected; output bounded below (a gzip bomb is cut off)
        inflate = zlib.decompressobj(47) if encoding in ("gzip", "x-gzip", "deflate") else None
        out = bytearray()
        while True:
            if time.monotonic() - started > self.deadline:
                raise SourceError(f"not complete after {self.deadline:g} s (a response that never ends?)")
            chunk = response.read1(1 << 16)
            if not chunk:
                break
            if inflate is not None:
                try:
                    chunk = inflate.decompress(chunk, limit + 1 - len(out))
                except zlib.error:
                    raise SourceError("corrupt gzip content") from None
                if inflate.unconsumed_tail:
                    raise SourceError(f"larger than {limit:,} bytes once decompressed")
            out += chunk
            if len(out) > limit:
                raise SourceError(f"larger than {limit:,} bytes")
        return bytes(out)


# ---- XML safety and feed parsing -------------------------------------------------------------

def check_xml(data: bytes) -> None:
    """Refuse a document that declares entities (how every entity-expansion bomb starts)."""
    root = _ROOT_START.search(data)
    prolog = data[: root.start()] if root else data
    found = _ENTITY_DECL.search(prolog)
    if found:
        line = prolog.count(b"\n", 0, found.start()) + 1
        raise SourceError(
            f"line {line}: the document declares XML entities, which feeds never need"
            " (refused: possible entity-expansion bomb)"
        )


@functools.lru_cache(maxsize=1)
def _feedparser() -> Any:
    import feedparser
    import feedparser.api

    # feedparser's strict parser is the SAX parser named first here: defusedxml's refuses
    # entity declarations and external references even if check_xml were bypassed.
    feedparser.api.PREFERRED_XML_PARSERS = ["defusedxml.expatreader"]
    return feedparser


def parse_feed(
    data: bytes,
    where: str,
    on_problem: ProblemHandler,
    *,
    outlet: str | None = None,
    lang: str | None = None,
    base_url: str | None = None,
    page_text: Callable[[str], str | None] | None = None,
) -> Iterator[Article]:
    """Articles of an RSS or Atom document; raises SourceError when it is not a usable feed.

    `page_text(link)` may return the main text of an entry's page; it is asked only for entries
    that carry a summary and no full content.
    """
    check_xml(data)
    feedparser = _feedparser()
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(data, response_headers=headers)
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.entries:
        if error is not None or not parsed.get("version"):
            raise SourceError(f"not an RSS or Atom feed{_why(error)}")
        return
    if error is not None and _is_syntax_error(error):
        # the entries before the damage were read by feedparser's tolerant parser and are kept
        on_problem(Problem(where, _error_line(error), f"malformed XML{_why(error)}; entries read up to here"))
    feed_lang = _lang(parsed.feed.get("language")) or lang
    lines = _entry_lines(data)
    for number, entry in enumerate(parsed.entries, 1):
        line = lines[number - 1] if number <= len(lines) else 0
        try:
            article = _entry_article(entry, outlet, feed_lang, page_text)
        except InputError as exc:
            on_problem(Problem(where, line, f"entry {number}: {exc}"))
            continue
        yield article


def _why(error: Any) -> str:
    if error is None:
        return ""
    message = getattr(error, "getMessage", None)
    text = message() if callable(message) else str(error)
    return f" ({' '.join(str(text).split())[:200]})"


def _is_syntax_error(error: Any) -> bool:
    import xml.sax

    return isinstance(error, xml.sax.SAXException)


def _error_line(error: Any) -> int:
    getter = getattr(error, "getLineNumber", None)
    try:
        return int(getter()) if callable(getter) else 0
    except (TypeError, ValueError):
        return 0


def _entry_lines(data: bytes) -> list[int]:
    """Line of each <item>/<entry> start tag, in order (for problem lines)."""
    lines, line, last = [], 1, 0
    for match in _ENTRY_TAG.finditer(data):
        line += data.count(b"\n", last, match.start())
        last = match.start()
        lines.append(line)
    return lines


def _lang(value: Any) -> str | None:
    """'en-US' -> 'en'; 'zh-cn' -> 'zh'."""
    if not isinstance(value, str) or not value.strip():
        return None
    return re.split(r"[-_]", value.strip())[0].lower() or None


def _struct_time_iso(value: Any) -> str | None:
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=timezone.utc).isoformat()
    except (TypeError, ValueError):
        return None


def _entry_article(
    entry: Mapping[str, Any],
    outlet: str | None,
    lang: str | None,
    page_text: Callable[[str], str | None] | None,
) -> Article:
    link = entry.get("link") or None
    title = html_to_text(entry.get("title") or "")[0] or None
    contents = [c.get("value") or "" for c in entry.get("content") or [] if isinstance(c, Mapping)]
    body = html_to_text(max(contents, key=len))[0] if contents else ""
    summary = html_to_text(entry.get("summary") or "")[0]
    if len(body) <= len(summary):  # the feed carries a summary only
        page = page_text(link) if page_text is not None and link else None
        body = page or summary or body
    text = body
    if title and not body.startswith(title):
        text = f"{title}\n\n{body}" if body else title
    outlet = outlet or _outlet_for(link)
    guid = entry.get("id") or link
    ident = None
    if guid:
        ident = guid if urlsplit(guid).scheme in ("http", "https") else f"{outlet or 'feed'}:{guid}"
    return Article.from_dict(
        {
            "text": text,
            "id": ident,
            "outlet": outlet,
            "url": link,
            "title": title,
            "lang": lang,
            "published_at": _struct_time_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        }
    )


# ---- HTML pages ------------------------------------------------------------------------------

def page_article(
    data: bytes,
    *,
    url: str | None = None,
    outlet: str | None = None,
    lang: str | None = None,
) -> Article:
    """The article in a saved or fetched page: main text, title, date, canonical URL."""
    if len(data) > MAX_PAGE_BYTES:
        raise SourceError(f"page larger than {MAX_PAGE_BYTES:,} bytes")
    doc = _extract(data, url)
    body = (doc.get("text") or "").strip()
    if not body:
        raise SourceError("no article text found in the page")
    title = (doc.get("title") or "").strip() or None
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    page_url = url or doc.get("url") or None
    try:
        return Article.from_dict(
            {
                "text": text,
                "id": page_url,
                "outlet": outlet or _outlet_for(page_url),
                "url": page_url,
                "title": title,
                "lang": lang or _lang(doc.get("language")),
                "published_at": doc.get("date") or None,
            }
        )
    except InputError as exc:
        raise SourceError(str(exc)) from None


def page_text(data: bytes, url: str | None = None) -> str | None:
    """Only the main text of a page (None when none is found)."""
    if len(data) > MAX_PAGE_BYTES:
        return None
    text = (_extract(data, url).get("text") or "").strip()
    return text or None


def _extract(data: bytes, url: str | None) -> dict[str, Any]:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency, but say how to fix a broken install
        raise InputError("reading HTML pages needs trafilatura: pip install trafilatura") from None
    doc = trafilatura.bare_extraction(
        data, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None:
        return {}
    if hasattr(doc, "as_dict"):
        doc = doc.as_dict()
    return dict(doc)


@functools.lru_cache(maxsize=1)
def _registry() -> Any:
    try:
        from .outlets import Registry

        return Registry.load()
    except Exception as exc:  # noqa: BLE001 - the registry is optional here: no outlet, not a failure
        log.debug("outlet registry unavailable (%s): outlets are not guessed from domains", exc)
        return None


def _outlet_for(url: str | None) -> str | None:
    """The registry's outlet for a page's domain, when the source did not name one."""
    if not url:
        return None
    registry = _registry()
    outlet = registry.by_domain(url) if registry is not None else None
    return outlet.id if outlet is not None else None


def _url_key(url: str) -> str:
    """What makes two spellings of an article URL the same page: host without www, path, query."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    key = host + parts.path.rstrip("/")
    return key + ("?" + parts.query if parts.query else "")


def page_index(folder: str | Path) -> dict[str, Path]:
    """Saved pages in a folder by the URL they declare (canonical link or og:url)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or _suffix(path) not in HTML_SUFFIXES:
            continue
        try:
            head = _read_bytes(path, 1 << 18, truncate=True)
        except SourceError:
            continue
        for pattern in _CANONICAL:
            tag = pattern.search(head)
            href = _HREF.search(tag.group(0)) if tag else None
            if href:
                found.setdefault(_url_key(href.group(1).decode("utf-8", "replace")), path)
                break
    return found


# ---- files and URLs as article sources ---------------------------------------------------------

def _suffix(path: Path) -> str:
    name = path.name.lower()
    name = name.removesuffix(".gz")
    return Path(name).suffix


def _read_bytes(path: Path, limit: int, *, truncate: bool = False) -> bytes:
    """A file's bytes (gzip decompressed), at most `limit` of them."""
    try:
        with ExitStack() as stack:
            stream: IO[bytes] = stack.enter_context(open(path, "rb"))
            if path.name.lower().endswith(".gz"):
                stream = stack.enter_context(gzip.GzipFile(fileobj=stream, mode="rb"))
            data = stream.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        raise SourceError("truncated or corrupt gzip stream") from None
    except OSError as exc:
        raise SourceError(f"cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        if truncate:
            return data[:limit]
        raise SourceError(f"larger than {limit:,} bytes")
    return data


def source_kind(head: bytes) -> str:
    """'feed', 'html' or 'records' from the first bytes of a file."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:_HEAD_BYTES].lower()
    if not text.startswith(b"<"):
        return "records"
    if b"<html" in text or b"<!doctype html" in text:
        return "html"
    return "feed"


def _kind(path: Path) -> str:
    suffix = _suffix(path)
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in RECORD_SUFFIXES:
        return "records"
    try:
        return source_kind(_read_bytes(path, _HEAD_BYTES, truncate=True))
    except SourceError:
        return "records"  # the readers report the damage


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def read_sources(
    sources: Iterable[str | Path],
    on_problem: ProblemHandler,
    *,
    outlet: str | None = None,
    lang: str | None = None,
    pages: str | Path | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Article]:
    """Stream articles from JSONL/CSV files, feeds, saved pages, folders of them and URLs.

    `outlet` and `lang` fill in records that do not name theirs. `pages` is a folder of saved
    article pages, used for feed entries that carry only a summary. Missing files raise
    InputError now; everything else is read lazily.
    """
    plan: list[tuple[str, Any]] = []
    for source in sources:
        given = str(source)
        if given != "-" and is_url(given):
            plan.append(("url", given))
            continue
        path = Path(given)
        if given != "-" and path.is_dir():
            files = [p for p in sorted(path.rglob("*")) if p.is_file() and _suffix(p) in
                     FEED_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES]
            if not files:
                raise InputError(f"{path}: no feeds, pages or JSONL/CSV files in this folder")
        else:
            files = [path]
        for file in files:
            if given == "-":
                plan.append(("records", read_articles(["-"], on_problem)))
                continue
            if not file.is_file():
                raise InputError(f"{file}: no such file")
            kind = _kind(file)
            plan.append((kind, read_articles([file], on_problem) if kind == "records" else file))
    index = page_index(pages) if pages is not None else {}

    def saved_page(link: str) -> str | None:
        path = index.get(_url_key(link))
        if path is None:
            return None
        try:
            return page_text(_read_bytes(path, MAX_PAGE_BYTES), link)
        except SourceError as exc:
            on_problem(Problem(str(path), 0, f"saved page unusable ({exc})"))
            return None

    def generate() -> Iterator[Article]:
        for kind, item in plan:
            if kind == "records":
                articles: Iterable[Article] = item
            else:
                articles = _read_one(kind, item, on_problem, outlet, lang, saved_page, fetcher)
            for article in articles:
                yield _fill(article, outlet, lang)

    return generate()


def _fill(article: Article, outlet: str | None, lang: str | None) -> Article:
    if (article.outlet or not outlet) and (article.lang or not lang):
        return article
    return dataclasses.replace(
        article, outlet=article.outlet or (outlet.strip().lower() if outlet else None),
        lang=article.lang or lang,
    )


def _read_one(
    kind: str,
    item: Any,
    on_problem: ProblemHandler,
    outlet: str | None,
    lang: str | None,
    saved_page: Callable[[str], str | None],
    fetcher: Fetcher | None,
) -> Iterator[Article]:
    where = str(item)
    try:
        if kind == "url":
            response = (fetcher or Fetcher()).get(item)
            data, base = response.body, response.url
            kind = source_kind(data[:_HEAD_BYTES])
            if kind == "records":
                raise SourceError("neither a feed nor an HTML page (give JSONL/CSV as a file)")
        else:
            data = _read_bytes(item, MAX_PAGE_BYTES if kind == "html" else MAX_FEED_BYTES)
            base = None
        if kind == "html":
            yield page_article(data, url=base, outlet=outlet, lang=lang)
        else:
            yield from parse_feed(
                data, where, on_problem, outlet=outlet, lang=lang, base_url=base, page_text=saved_page
            )
    except SourceError as exc:
        on_problem(Problem(where, 0, str(exc)))


# ---- index update from feeds.toml --------------------------------------------------------------

@dataclass
class FeedReport:
    """What one `update` run did with its feeds."""

    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    entries: int = 0
    pages: int = 0

    def to_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def fetch_feeds(
    feeds: Iterable[Feed],
    state: dict[str, Any],
    on_problem: ProblemHandler,
    *,
    fetcher: Fetcher | None = None,
    known: Callable[[str], bool] = lambda url: False,
    pages: bool = True,
    report: FeedReport | None = None,
) -> Iterator[Article]:
    """Articles of every feed, fetched conditionally; `state` (by feed URL) is updated in place.

    A feed's new validators are recorded only after all its entries were handed on, and the
    caller stores `state` with the index generation that holds them: a crash can never make a
    later run skip articles it did not index. Pages are fetched only for entries whose URL is not
    `known` (already indexed) and whose feed carries a summary only.
    """
    fetcher = fetcher or Fetcher()
    report = report if report is not None else FeedReport()
    seen: set[str] = set()

    def fetch_page(link: str) -> str | None:
        key = _url_key(link)
        if not pages or key in seen or known(link):
            return None
        seen.add(key)
        try:
            response = fetcher.get(link, max_bytes=MAX_PAGE_BYTES, accept="text/html, */*;q=0.8")
        except SourceError as exc:
            log.info("%s: page not fetched (%s); the feed's summary is indexed", link, exc)
            return None
        report.pages += 1
        return page_text(response.body, response.url)

    for feed in feeds:
        previous = state.get(feed.url) if isinstance(state.get(feed.url), dict) else {}
        checked = _now()
        try:
            response = fetcher.get(
                feed.url, etag=previous.get("etag"), last_modified=previous.get("last_modified")
            )
            if response.status == 304:
                report.not_modified += 1
                state[feed.url] = {**previous, "checked_at": checked, "status": 304}
                state[feed.url].pop("error", None)
                continue
            count = 0
            for article in parse_feed(
                response.body, feed.url, on_problem, outlet=feed.outlet, lang=feed.lang,
                base_url=response.url, page_text=fetch_page,
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
