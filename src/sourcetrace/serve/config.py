"""The server's options, validated once, and the rule for which addresses it may listen on."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
MIN_TOKEN_CHARS = 16


@dataclass(frozen=True)
class ServeConfig:
    """Everything `sourcetrace serve` was asked for.

    Limits: `max_bytes` per request body; `query_seconds` for one query (queueing included);
    `check_seconds` for one check; `max_checks` checks at once (more are refused with 503, so
    queries always get the matcher between two chunks of a check); `max_queued` queries waiting.
`reload_seconds`: how often the manifest is stat'ed for a newer generation to load (`service`).
    """

    index: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    cors: tuple[str, ...] = ()
    encoder: str | None = None
    top: int = 3
    keep_later: bool = False  # report translations of later articles (match.MatchConfig.later_max_days)
    max_bytes: int = 20_000_000
    query_seconds: float = 30.0
    check_seconds: float = 600.0
    max_checks: int = 2
    max_queued: int = 256
    reload_seconds: float = 2.0  # how often the index folder is checked for a newer generation (0: never)

    @property
    def local(self) -> bool:
        return is_local(self.host)


def is_local(host: str) -> bool:
    """True for a loopback address or name (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]").lower()
    if name in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token, and refuse a short token.

    Raises InputError with what to do.
    """
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise InputError(f"the token is too short: use at least {MIN_TOKEN_CHARS} random characters"
                         " (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    if not is_local(host) and not token:
        raise InputError(f"refusing to listen on {host} without a token: pass --token or set"
                         " SOURCETRACE_TOKEN (clients then send 'Authorization: Bearer TOKEN'),"
                         " or listen on 127.0.0.1")
