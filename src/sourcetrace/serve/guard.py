"""What every request goes through before a route sees it (one ASGI middleware).

- Size: a body over `max_bytes` is refused with 413, by its Content-Length or, for a chunked
  body, as soon as the bytes read pass the limit.
- Token: with a token, every route but /healthz needs `Authorization: Bearer TOKEN` (compared
  in constant time); 401 otherwise.
- Host: on a loopback address only Host headers naming this machine are answered (a page on
  another site cannot reach the server through DNS rebinding); 421 otherwise.
- Origin: a POST from a page of another site (a form there posting here) is refused with 403,
  unless its origin was allowed with --cors (told by Sec-Fetch-Site, else by Origin).
- Headers: every response says nosniff, no referrer, no framing and no caching; responses other
  than the web page's get a Content-Security-Policy that allows nothing.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .config import ServeConfig, is_local

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

OPEN_PATHS = frozenset({"/healthz"})
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]
LOCKED_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


class TooLarge(Exception):
    """The body passed the size limit while it was being read."""


async def _refuse(send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] = ()) -> None:  # type: ignore[assignment]
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        *SECURITY_HEADERS, (b"content-security-policy", LOCKED_CSP), *headers]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """The middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, config: ServeConfig) -> None:
        self.app = app
        self.config = config
        self.token = config.token.encode() if config.token else None
        self.origins = {o.rstrip("/").lower() for o in config.cors}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _refuse(send, *refusal)
            return
        limit = self.config.max_bytes
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(send, 413, _too_large(limit))
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                sent = {k.lower() for k, _ in message.get("headers", [])}
                extra = [h for h in SECURITY_HEADERS if h[0] not in sent]
                if b"content-security-policy" not in sent:
                    extra.append((b"content-security-policy", LOCKED_CSP))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except TooLarge:
            if not started:
                await _refuse(send, 413, _too_large(limit))

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        if self.config.local:
            host = headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if not is_local(name):
                return 421, f"this server answers requests for 127.0.0.1, not for {host!r}", []
        preflight = scope["method"] == "OPTIONS" and bool(self.origins)  # CORS asks without a token
        if self.token is not None and scope["path"] not in OPEN_PATHS and not preflight:
            given = headers.get("authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), self.token):
                return 401, "missing or wrong token: send 'Authorization: Bearer TOKEN'", [
                    (b"www-authenticate", b'Bearer realm="sourcetrace"')]
        if scope["method"] == "POST":
            origin = headers.get("origin")
            allowed = origin is not None and origin.rstrip("/").lower() in self.origins
            site = headers.get("sec-fetch-site")
            if site is not None:  # browsers say where a request comes from (a no-referrer page's
                # own form posts with Origin: null, so the Origin header alone cannot tell)
                if site not in ("same-origin", "none") and not allowed:
                    return 403, "requests from pages of other sites are not allowed (see --cors)", []
            elif origin is not None:
                own = {f"{proto}://{headers.get('host', '')}".lower() for proto in ("http", "https")}
                if origin.rstrip("/").lower() not in own and not allowed:
                    return 403, f"requests from pages of {origin} are not allowed (see --cors)", []
        return None


def _too_large(limit: int) -> str:
    return f"request body over {limit / 1e6:g} MB; split the file or raise --max-mb"
