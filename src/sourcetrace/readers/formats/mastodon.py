"""A Mastodon (ActivityStreams) outbox.json: the Create and Announce activities of one account."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ...errors import InputError
from ...records import Post
from ..documents import Item, JsonScanner, Report, key_pattern, walk_array
from ..html_text import html_to_text
from ..registry import Format, Verdict, register

_MARKS = (key_pattern("orderedItems"), re.compile(rb"https://www\.w3\.org/ns/activitystreams"))
_ACTOR_PATH = re.compile(r"/(?:users/|@)([^/]+)/?")


def _sniff(text: bytes) -> Verdict | None:
    if text.startswith(b"{") and all(mark.search(text) for mark in _MARKS):
        return "mastodon", ""
    return None


def _walk(scanner: JsonScanner, context: dict[str, Any], report: Report) -> Iterator[Item]:
    for key in scanner.members():
        # Mastodon 4.2-4.3 archives may hold "orderedItems" twice, one of them empty
        # (mastodon/mastodon#31091): every occurrence is read.
        if key == "orderedItems":
            yield from walk_array(scanner, context, report)
        else:
            scanner.skip()


def _fediverse_handle(actor: Any) -> str | None:
    """'https://host/users/alice' -> '@alice@host' (other forms are kept as given)."""
    if not isinstance(actor, str) or not actor:
        return None
    parts = urlsplit(actor)
    match = _ACTOR_PATH.fullmatch(parts.path)
    if parts.hostname and match:
        return f"@{match.group(1)}@{parts.hostname}"
    return actor


def _mastodon_post(item: Any, context: dict[str, Any], line: int, stem: str) -> Post | None:
    if not isinstance(item, dict):
        raise InputError("not an activity object")
    kind = item.get("type")
    note = item.get("object")
    extra: dict[str, Any] = {}
    if kind == "Announce":
        if not isinstance(note, dict):
            return None  # a boost names the boosted post by URL only: there is no text to check
        extra["boost_of"] = _fediverse_handle(note.get("attributedTo"))
    elif kind != "Create":
        return None  # Like, Delete, Follow...: not a post
    if not isinstance(note, dict):
        raise InputError("the Create activity's 'object' is not an object")
    content = note.get("content")
    content_map = note.get("contentMap") if isinstance(note.get("contentMap"), dict) else {}
    if content is None and content_map:
        content = next(iter(content_map.values()))
    if content is None:
        return None  # a poll or a media post without text
    if not isinstance(content, str):
        raise InputError(f"'content' must be a string, got {type(content).__name__}")
    text, links = html_to_text(content)
    summary = note.get("summary")
    if isinstance(summary, str) and summary.strip():  # the content warning is part of the post
        text = f"{html_to_text(summary)[0]}\n\n{text}" if text else html_to_text(summary)[0]
    if not text.strip():
        return None
    tags = note.get("tag") if isinstance(note.get("tag"), list) else []
    extra["mentions"] = [t["name"] for t in tags if isinstance(t, dict) and t.get("type") == "Mention" and t.get("name")]
    extra["hashtags"] = [t["name"] for t in tags if isinstance(t, dict) and t.get("type") == "Hashtag" and t.get("name")]
    extra["urls"] = links
    url = note.get("url")
    post = Post.from_dict(
        {
            "text": text,
            "id": note.get("id") if isinstance(note.get("id"), str) else None,
            "author": _fediverse_handle(note.get("attributedTo") or item.get("actor")),
            "platform": "mastodon",
            "url": url if isinstance(url, str) else note.get("id"),
            "created_at": note.get("published") or item.get("published"),
            "lang": next(iter(content_map), None),
        },
        default_id=f"{stem}:{line}",
    )
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


register(
    Format(
        name="mastodon",
        description="a Mastodon outbox",
        sniffers=((40, _sniff),),
        articles=False,
        walk=_walk,
        opening=b"{",
        convert=_mastodon_post,
        export_file="outbox.json",
        known_as="a Mastodon outbox.json",
        keys=frozenset({"orderedItems"}),
    )
)
