"""A Threads data download (threads_and_replies.json): {"text_post_app_text_posts": [...]}."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...errors import InputError
from ...records import Post
from ..documents import Item, JsonScanner, Report, key_pattern, walk_array
from ..meta_export import post
from ..problems import Origin
from ..registry import Format, Verdict, register

_KEY = "text_post_app_text_posts"
_MARK = key_pattern(_KEY)


def _sniff(text: bytes) -> Verdict | None:
    if text.startswith(b"{") and _MARK.search(text):
        return "threads", ""
    return None


def _walk(scanner: JsonScanner, context: dict[str, Any], report: Report) -> Iterator[Item]:
    for key in scanner.members():
        if key == _KEY and scanner.peek() == ord("["):
            yield from walk_array(scanner, context, report)
        else:
            scanner.skip()


def _threads_post(item: Any, context: dict[str, Any], origin: Origin) -> Post | None:
    if not isinstance(item, dict):
        raise InputError("not a post object")
    return post(item, origin, "threads")


register(
    Format(
        name="threads",
        description="a Threads data download",
        sniffers=((45, _sniff),),
        articles=False,
        walk=_walk,
        opening=b"{",
        convert=_threads_post,
        export_file="threads_and_replies.json",
        known_as="a Threads threads_and_replies.json",
        keys=frozenset({_KEY}),
    )
)
