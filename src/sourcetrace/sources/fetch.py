"""Polite, bounded HTTP(S) fetching: a descriptive User-Agent, a pause between requests to the same
host, a socket timeout, a deadline for the whole response (a feed that never ends) and a size
limit, also on gzip-decompressed bytes. Conditional requests (ETag/Last-Modified) make an
unchanged feed cost one small request.

`SourceError` is how every part of `sources` says that one feed, page or URL cannot be used.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..errors import InputError

USER_AGENT = (
    f"sourcetrace/{__version__} (research feed reader; one request per feed per run,"
    " conditional with ETag/Last-Modified)"
)
MAX_FEED_BYTES = 20_000_000  # the largest real news feeds are a few MB
MAX_PAGE_BYTES = 5_000_000
TIMEOUT_S = 20.0  # per socket operation
DEADLINE_S = 60.0  # for a whole response: a server that trickles forever is cut off
MIN_INTERVAL_S = 1.0  # between two requests to the same host


class SourceError(Exception):
    """One feed, page or URL cannot be used; the message is the reason."""


@dataclass(frozen=True)
class Response:
    """What a GET returned: the body (decompressed), and the validators for the next request."""

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
                    response.geturl(),
                    response.status,
                    body,
                    response.headers.get("ETag"),
                    response.headers.get("Last-Modified"),
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
                raise SourceError(
                    f"not complete after {self.deadline:g} s (a response that never ends?)"
                )
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
