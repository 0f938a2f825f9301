"""A scripted HTTP server on 127.0.0.1 that misbehaves on purpose, for the fetcher's tests and
fuzzing: each path is a function that writes raw bytes to the socket (drip, endless, lies about
its length, redirects anywhere, gzip bombs). Used by tests/test_sources_fetch.py,
tests/test_fuzz_sources.py and scripts/fuzz_sources.py."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Callable

Behaviour = Callable[[socket.socket, threading.Event], None]


class HostileServer:
    """`routes[path] = behaviour`; an unknown path gets a 404. Stop with `close()`."""

    def __init__(self) -> None:
        self.routes: dict[str, Behaviour] = {}
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()

    def __enter__(self) -> HostileServer:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            self.requests.append(request)
            path = request.split(b" ", 2)[1].decode("latin-1") if request.count(b" ") >= 2 else "/"
            self.routes.get(path, respond(b"not found", status="404 Not Found"))(conn, self._stop)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass


# ---- behaviours ---------------------------------------------------------------------------------

def respond(body: bytes, *, status: str = "200 OK", ctype: str = "application/rss+xml",
            headers: dict[str, str] | None = None, length: int | None = None) -> Behaviour:
    """A plain response; `length` overrides the Content-Length sent (a lie)."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        head = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}",
                f"Content-Length: {len(body) if length is None else length}", "Connection: close"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        # raw UTF-8 (or whatever bytes) in a header is what a hostile server may send
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode("utf-8", "surrogatepass") + body)

    return run


def raw(data: bytes) -> Behaviour:
    """Exactly these bytes, whatever they are, then the connection closes."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(data)

    return run


def drip_headers(interval: float) -> Behaviour:
    """A status line, then one header byte every `interval` seconds, forever."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not stop.wait(interval):
            conn.sendall(b"a")

    return run


def drip_body(interval: float, *, length: int | None = None) -> Behaviour:
    """Headers at once, then one body byte every `interval` seconds, forever."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        declared = f"Content-Length: {length}\r\n" if length else ""
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n{declared}\r\n<rss>".encode())
        while not stop.wait(interval):
            conn.sendall(b" ")

    return run


def endless(conn: socket.socket, stop: threading.Event) -> None:
    """A body that never ends, as fast as the client reads it."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<rss><channel>")
    block = b"<item><title>again</title></item>\n" * 200
    while not stop.is_set():
        conn.sendall(block)


def endless_headers(conn: socket.socket, stop: threading.Event) -> None:
    """Header lines that never end."""
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    while not stop.is_set():
        conn.sendall(b"X-More: " + b"m" * 100 + b"\r\n")


def hang(conn: socket.socket, stop: threading.Event) -> None:
    """Accept, read the request, say nothing."""
    stop.wait(30)


def redirect(location: str, code: int = 302) -> Behaviour:
    reasons = {301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect",
               308: "Permanent Redirect"}
    return respond(b"", status=f"{code} {reasons.get(code, 'Redirect')}",
                   headers={"Location": location})


def gzip_bomb(size: int) -> Behaviour:
    """`size` bytes of zeros, gzip-compressed (about 1,000 times smaller)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(size >> 20)]
    payload = b"".join(parts) + compressor.flush()
    return respond(payload, headers={"Content-Encoding": "gzip"})


def gzip_body(body: bytes) -> Behaviour:
    return respond(gzip.compress(body), headers={"Content-Encoding": "gzip"})


def slow_then(delay: float, then: Behaviour) -> Behaviour:
    def run(conn: socket.socket, stop: threading.Event) -> None:
        time.sleep(delay)
        then(conn, stop)

    return run
