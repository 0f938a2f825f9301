"""The urllib plumbing under `Fetcher`: http(s) only, a bounded number of redirects that may
only lead to http(s) URLs, and a wall-clock deadline that covers the whole request.

A socket timeout bounds each read, not a request: a server that sends one header byte every two
seconds never trips it. So every connection made for one request is registered with a
`Deadline`, whose timer shuts the sockets down when the time is up; whatever read is waiting
(connect, TLS handshake, status line, headers, body) then ends at once. The opener has no
file:, ftp: or data: handler at all, so no URL or redirect can make it read anything local.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5  # real feeds move once or twice (http -> https, an old path)
ALLOWED_SCHEMES = ("http", "https")


class DeadlineExpired(OSError):
    """The request's wall-clock deadline passed (raised by `Deadline.check`)."""


class Deadline:
    """A wall-clock limit for one request and the sockets it opened (shut down when it expires)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:  # noqa: PYI034
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        """Seconds left (0 once expired)."""
        return max(0.0, self.end - time.monotonic())

    def check(self) -> None:
        """Raise DeadlineExpired when the time is up."""
        if self.expired or self.remaining() <= 0:
            self.expired = True
            raise DeadlineExpired

    def watch(self, sock: socket.socket) -> None:
        """Shut `sock` down when the deadline expires (at once if it already has)."""
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # not connected yet, or already closed: the read it would end has ended


def _connection_class(base: type[http.client.HTTPConnection], deadline: Deadline) -> Any:
    """`base` whose sockets are watched by `deadline` and connect within what is left of it."""

    def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        connection = base(host, **kwargs)

        def create_connection(address: Any, timeout: Any = None, source_address: Any = None) -> socket.socket:
            deadline.check()
            limit = deadline.remaining() if timeout is None else min(timeout, deadline.remaining())
            sock = socket.create_connection(address, max(limit, 0.001), source_address)
            deadline.watch(sock)
            return sock

        connection._create_connection = create_connection  # type: ignore[attr-defined]
        return connection

    return make


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_connection_class(http.client.HTTPConnection, self._deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        kwargs = {"context": getattr(self, "_context", None)}
        if hasattr(self, "_check_hostname"):  # Python < 3.12
            kwargs["check_hostname"] = self._check_hostname
        return self.do_open(
            _connection_class(http.client.HTTPSConnection, self._deadline), req, **kwargs
        )


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, and only to http(s) URLs with a host."""

    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                       headers: Any) -> Any:
        location = headers.get("location") or headers.get("uri") or ""
        try:
            target = urlsplit(urljoin(req.full_url, location))
            scheme, host = target.scheme.lower(), target.hostname
        except ValueError:  # "http://[::1" and other malformed URLs
            scheme, host = "", None
        if scheme not in ALLOWED_SCHEMES or not host:
            raise urllib.error.HTTPError(
                req.full_url, code, f"redirect to a {scheme or 'malformed'}: URL refused (http(s) only)",
                headers, fp,
            )
        visited = getattr(req, "redirect_dict", {})
        if sum(visited.values()) >= self.max_redirections:
            raise urllib.error.HTTPError(
                req.full_url, code, f"more than {self.max_redirections} redirects", headers, fp
            )
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except urllib.error.HTTPError as exc:
            # urllib's own words for a redirect back to a URL visited max_repeats times ("...
            # would lead to an infinite loop. The last 30x error message was: Found", trial 106)
            if not str(exc.msg).startswith(self.inf_msg):
                raise
            raise urllib.error.HTTPError(
                req.full_url, code, f"redirect loop (back to a URL already visited {self.max_repeats} times)",
                headers, fp,
            ) from None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302  # type: ignore[assignment]


def opener(deadline: Deadline) -> urllib.request.OpenerDirector:
    """An opener for one request: proxies from the environment, http(s) handlers whose sockets
    `deadline` watches, safe redirects; no file:, ftp: or data: handler."""
    director = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        _HTTPHandler(deadline),
        _HTTPSHandler(deadline),
        urllib.request.HTTPDefaultErrorHandler(),
        _RedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        director.add_handler(handler)
    return director
