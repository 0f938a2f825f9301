"""Polite, bounded HTTP(S) fetching: a descriptive User-Agent, a pause between requests to the same
host, a socket timeout, a wall-clock deadline for the whole request (connect, headers, redirects
and body: a server that drips its headers or never ends its feed is cut off), at most
MAX_REDIRECTS redirects and only to http(s) URLs, and a size limit, also on gzip-decompressed
bytes. Conditional requests (ETag/Last-Modified) make an unchanged feed cost one small request.

`SourceError` is how every part of `sources` says that one feed, page or URL cannot be used.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..errors import InputError
from .transport import Deadline, DeadlineExpired, opener

USER_AGENT = (
    f"sourcetrace/{__version__} (research feed reader; one request per feed per run,"
    " conditional with ETag/Last-Modified)"
)
MAX_FEED_BYTES = 20_000_000  # the largest real news feeds are a few MB
MAX_PAGE_BYTES = 5_000_000
TIMEOUT_S = 20.0  # per socket operation
# A whole request, connect to last byte, gets this many times the timeout (60 s by default): a
# server that trickles is cut off, sooner when the user lowers the timeout
DEADLINE_RATIO = 3
DEADLINE_S = DEADLINE_RATIO * TIMEOUT_S
MIN_INTERVAL_S = 1.0  # between two requests to the same host


class SourceError(Exception):
    """One feed, page or URL cannot be used; the message is the reason."""


def http_url(value: object) -> bool:
    """Whether `value` is an http(s) URL with a host that urllib can parse ("http://[::1" is not)."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


@dataclass(frozen=True)
class Response:
    """What a GET returned: the body (decompressed), and the validators for the next request."""

    url: str  # after redirects
    status: int  # 200, or 304 Not Modified
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    charset: str | None = None  # from the Content-Type header, as sent


class Fetcher:
    """Polite, bounded HTTP(S) GETs (urllib, so the usual *_proxy variables apply).

    `timeout` bounds each wait for data, `deadline` the whole request including redirects
    (default DEADLINE_RATIO x `timeout`).
    Safe to share between threads: requests to one host are made one at a time, each starting
    `min_interval` after the one before; requests to different hosts run side by side.
    """

    def __init__(
        self,
        *,
        timeout: float = TIMEOUT_S,
        deadline: float | None = None,
        max_bytes: int = MAX_FEED_BYTES,
        min_interval: float | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        min_interval = MIN_INTERVAL_S if min_interval is None else min_interval
        deadline = DEADLINE_RATIO * timeout if deadline is None else deadline
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
        self._hosts: dict[str, threading.Lock] = {}  # host -> held for the length of a request
        self._hosts_lock = threading.Lock()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        accept: str = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8",
    ) -> Response:
        """GET `url`; raises SourceError with a one-line reason on any failure, and when the whole
        request (connect, redirects, headers, body) takes longer than the deadline."""
        if not http_url(url):
            raise SourceError("only http(s) URLs can be fetched")
        url = url.strip()
        parts = urlsplit(url)
        limit = max_bytes or self.max_bytes
        host = parts.hostname or ""
        with self._host(host):
            return self._get(url, host, etag, last_modified, limit, accept)

    def _host(self, host: str) -> threading.Lock:
        """The lock of `host`, which a request holds from its turn to its last byte."""
        with self._hosts_lock:
            return self._hosts.setdefault(host, threading.Lock())

    def _get(self, url: str, host: str, etag: str | None, last_modified: str | None, limit: int,
             accept: str) -> Response:
        self._wait_turn(host)
        headers = {"User-Agent": self.user_agent, "Accept": accept, "Accept-Encoding": "gzip"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)
        with Deadline(self.deadline) as deadline:
            try:
                with opener(deadline).open(request, timeout=self.timeout) as response:
                    body = self._body(response, limit, deadline)
                    return Response(
                        response.geturl(),
                        response.status,
                        body,
                        response.headers.get("ETag"),
                        response.headers.get("Last-Modified"),
                        response.headers.get_content_charset(),
                    )
            except urllib.error.HTTPError as exc:
                exc.close()
                if exc.code == 304:
                    return Response(url, 304, b"", etag, last_modified)
                raise SourceError(_one_line(f"HTTP {exc.code} {exc.reason}")) from None
            except (DeadlineExpired, urllib.error.URLError, http.client.HTTPException, OSError,
                    ValueError) as exc:
                if deadline.expired:
                    raise SourceError(
                        f"not complete after {self.deadline:g} s (a response that never ends?)"
                    ) from None
                raise SourceError(_one_line(self._reason(exc))) from None

    def _reason(self, exc: Exception) -> str:
        if isinstance(exc, urllib.error.URLError):
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                return f"no answer within {self.timeout:g} s"
            if isinstance(reason, str) and reason.startswith("unknown url type"):
                return f"{reason} (http(s) only)"
            return f"cannot connect ({reason})"
        if isinstance(exc, TimeoutError):
            return f"no data for {self.timeout:g} s"
        if isinstance(exc, ValueError):  # a malformed URL in a redirect, a bad chunk size
            return f"bad response ({exc.__class__.__name__}: {exc})"
        return f"connection failed ({exc.__class__.__name__}: {exc})"

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.min_interval - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _body(self, response: Any, limit: int, deadline: Deadline) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:  # compressed or not
            raise SourceError(f"larger than {limit:,} bytes (Content-Length {int(declared):,})")
        encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        # wbits 47: a gzip or zlib header, detected; output bounded below (a gzip bomb is cut off)
        inflate = zlib.decompressobj(47) if encoding in ("gzip", "x-gzip", "deflate") else None
        out = bytearray()
        while True:
            deadline.check()
            chunk = response.read1(1 << 16)
            if not chunk:
                deadline.check()  # the end of the body, or the deadline shut the socket down
                missing = getattr(response, "length", None)
                if missing:  # read1 does not raise IncompleteRead as read does
                    raise SourceError(f"connection closed {missing:,} bytes before the end announced")
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


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
