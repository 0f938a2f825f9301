"""A Mastodon (ActivityStreams) outbox.json: the Create and Announce activities of one account."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ...errors import InputError, NoTextError
from ...records import Post
from ..documents import Item, JsonScanner, Report, key_pattern, walk_array
from ..html_text import parse_html
from ..problems import NotChecked, Origin
from ..registry import Format, Verdict, register
from ..values import as_dict, as_list, as_str

_MARKS = (key_pattern("orderedItems"), re.compile(rb"https://www\.w3\.org/ns/activitystreams"))
_ACTOR_PATH = re.compile(r"/(?:users/|@)([^/]+)/?")
# Said once per outbox, with the count: Mastodon's export writes a boost's "object" as the boosted
# post's URL, without its text (a boost whose export embeds the post is read as that post).
_BOOST_BY_URL = "a boost names the boosted post by its URL only, so there is no text to check"


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
    try:
        parts = urlsplit(actor)
        parts.hostname  # noqa: B018  (raises ValueError for a bad port or IPv6 literal)
    except ValueError:
        return actor
    match = _ACTOR_PATH.fullmatch(parts.path)
    if parts.hostname and match:
        return f"@{match.group(1)}@{parts.hostname}"
    return actor


def _mastodon_post(item: Any, context: dict[str, Any], origin: Origin) -> Post | None:
    if not isinstance(item, dict):
        raise InputError("not an activity object")
    kind = item.get("type")
    note = item.get("object")
    extra: dict[str, Any] = {}
    credits: list[dict[str, str]] = []
    if kind == "Announce":
        if not isinstance(note, dict):
            raise NotChecked("boost", _BOOST_BY_URL)
        extra["boost_of"] = _fediverse_handle(note.get("attributedTo"))
        if extra["boost_of"]:
            credits.append({"kind": "repost", "value": extra["boost_of"], "field": "object.attributedTo"})
    elif kind != "Create":
        return None  # Like, Delete, Follow...: not a post
    if not isinstance(note, dict):
        raise InputError("the Create activity's 'object' is not an object")
    content = note.get("content")
    content_map = as_dict(note.get("contentMap"))
    if content is None and content_map:
        content = next(iter(content_map.values()))
    if content is None:
        raise NoTextError("no text (media or poll only)")
    if not isinstance(content, str):
        raise InputError(f"'content' must be a string, got {type(content).__name__}")
    parsed = parse_html(content)
    text = parsed.text
    summary = as_str(note.get("summary"))
    if summary and summary.strip():  # the content warning is part of the post
        warning = parse_html(summary).text
        text = f"{warning}\n\n{text}" if text else warning
    if not text.strip():
        raise NoTextError("no text (media or markup only)")
    tags = as_list(note.get("tag"))
    extra["mentions"] = _tag_names(tags, "Mention")
    extra["hashtags"] = _tag_names(tags, "Hashtag")
    links: list[str] = []
    for link in parsed.links:
        if link.is_site and link.href not in links:
            links.append(link.href)
            credits.append({"kind": "link", "value": link.href, "field": "a.href", "label": link.label})
    extra["urls"] = links
    url = note.get("url")
    post = Post.from_dict(
        {
            "text": text,
            "id": as_str(note.get("id")),
            "author": _fediverse_handle(note.get("attributedTo") or item.get("actor")),
            "platform": "mastodon",
            "url": url if isinstance(url, str) else as_str(note.get("id")),
            "created_at": note.get("published") or item.get("published"),
            "lang": next(iter(content_map), None),
            "credits": credits,
        },
        default_id=origin.default_id,
        warn=origin.warn,
        dayfirst=origin.options.dayfirst,
        on_date=origin.date_seen,
    )
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


def _tag_names(tags: list[Any], kind: str) -> list[str]:
    return [
        name for tag in tags[:100]
        if as_dict(tag).get("type") == kind and (name := as_str(as_dict(tag).get("name")))
    ]


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
