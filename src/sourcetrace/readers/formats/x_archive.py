"""An X/Twitter archive's tweets file: data/tweets.js ("window.YTD.tweets.part0 = [...]").

The archive owner's handle comes from data/account.js beside it, when present.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...records import Post
from ..documents import MAX_RECORD_BYTES, Item, JsonError, JsonScanner, Report, walk_array
from ..inputs import BOM, STDIN, Input
from ..problems import Origin
from ..registry import Format, Verdict, register
from ..tweets import v1_post

log = logging.getLogger(__name__)

_YTD_PREFIX = re.compile(rb"\s*window\.YTD\.(\w+)\.part\d+\s*=\s*")
_TWEET_FILES = {"tweets", "tweet", "deleted_tweets", "community_tweet"}


def _sniff(text: bytes) -> Verdict | None:
    if not text.startswith(b"window.YTD."):
        return None
    match = _YTD_PREFIX.match(text)
    name = match.group(1).decode() if match else "?"
    if name not in _TWEET_FILES:
        return None, f"window.YTD.{name} is not a tweets file (give data/tweets.js)"
    return "x", ""


def _walk(scanner: JsonScanner, context: dict[str, Any], report: Report) -> Iterator[Item]:
    scanner.ensure(256)
    match = _YTD_PREFIX.match(scanner.buf, scanner.pos)
    if match is None:
        raise JsonError(1, "not an X archive file (expected 'window.YTD.tweets.part0 = [')")
    scanner.pos = match.end()
    yield from walk_array(scanner, context, report)
    # the file may end with ';' after its array; anything else is reported
    following = scanner.peek()
    if following == ord(";"):
        scanner.pos += 1
        following = scanner.peek()
    if following is not None:
        report(scanner.line(), "unexpected data after the tweets array")


def _x_context(source: Input) -> dict[str, Any]:
    return {"username": _x_username(source)}


def _x_username(source: Input) -> str | None:
    """The archive owner's handle, from data/account.js beside tweets.js (absent: None)."""
    if source.given == STDIN:
        return None
    account = Path(source.given).with_name("account.js")
    try:
        if not account.is_file() or account.stat().st_size > MAX_RECORD_BYTES:
            return None
        raw = account.read_bytes().removeprefix(BOM)
        match = _YTD_PREFIX.match(raw)
        data = json.loads(raw[match.end() :] if match else raw)
        name = data[0]["account"]["username"]
    except (OSError, ValueError, LookupError, TypeError):
        log.debug("no usable account.js beside %s", source.display)
        return None
    return name if isinstance(name, str) and name else None


def _x_post(item: Any, context: dict[str, Any], origin: Origin) -> Post | None:
    """A tweet as its readers saw it (see `tweets.v1_post`)."""
    tweet = item.get("tweet", item) if isinstance(item, dict) else None
    if not isinstance(tweet, dict):
        raise InputError("not a tweet object")
    if "full_text" not in tweet and "text" not in tweet:
        raise InputError("missing 'full_text'")
    return v1_post(tweet, origin, context.get("username"))


register(
    Format(
        name="x",
        description="an X/Twitter archive",
        # X archives name their files data/tweets.js, data/tweets-part1.js, ...
        extensions=(".js",),
        sniffers=((10, _sniff),),
        unconfirmed="expected an X archive file starting with 'window.YTD.tweets.part0 = ['",
        articles=False,
        walk=_walk,
        convert=_x_post,
        context=_x_context,
        export_file="data/tweets.js",
    )
)
