"""A Bluesky API response saved as one JSON document: an `app.bsky.feed.getAuthorFeed` (or
getTimeline, getFeed) page with its `feed` items, or an `app.bsky.feed.searchPosts` page with
its `posts`. (One page a line is JSONL, read by `platforms`.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...errors import InputError
from ...records import Post
from ..bluesky import item_post
from ..documents import Item, JsonScanner, Report, key_pattern, walk_array
from ..problems import Origin
from ..registry import Format, Verdict, register

_MARKS = (key_pattern("feed", rb"\s*\["), key_pattern("posts", rb"\s*\["))
_AT_URI = re.compile(rb'"at://did:')


def _sniff(text: bytes) -> Verdict | None:
    if text.startswith(b"{") and any(m.search(text) for m in _MARKS) and _AT_URI.search(text):
        return "bluesky-api", ""
    return None


def _walk(scanner: JsonScanner, context: dict[str, Any], report: Report) -> Iterator[Item]:
    for key in scanner.members():
        if key in ("feed", "posts") and scanner.peek() == ord("["):
            yield from walk_array(scanner, context, report)
        else:
            scanner.skip()


def _post(item: Any, context: dict[str, Any], origin: Origin) -> Post | None:
    if not isinstance(item, dict):
        raise InputError("not a feed item or post view")
    return item_post(item, origin)


register(
    Format(
        name="bluesky-api",
        description="a Bluesky API response",
        sniffers=((42, _sniff),),
        articles=False,
        walk=_walk,
        opening=b"{",
        convert=_post,
        known_as="a Bluesky API response (feed or posts)",
        keys=frozenset({"feed", "posts"}),
    )
)
