"""Bluesky posts (app.bsky.feed.post records) as the public API returns them (post views in
`app.bsky.feed.getAuthorFeed` and `app.bsky.feed.searchPosts` pages) and as a repository export
holds them (`formats/bluesky_car`).

Credits kept outside the text: link facets (`facets[].features[].uri`, label the words they
cover), an external link card (`embed.external.uri`, label its title), a quoted post's account
(`embed.record`), and a repost's original author (`reason` of a feed item).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from ..errors import InputError, NoTextError
from ..records import MAX_CREDITS, MAX_FIELD_CHARS, Post
from .problems import Origin
from .values import as_dict, as_list, as_str

POST_TYPE = "app.bsky.feed.post"
REPOST_TYPE = "app.bsky.feed.repost"
_LINK = "app.bsky.richtext.facet#link"
_MENTION = "app.bsky.richtext.facet#mention"
_TAG = "app.bsky.richtext.facet#tag"
MAX_FACETS = 200

# What a post without text holds, by its embed's lexicon type (app.bsky.embed.*): the reason once
# said "images or a link card only" of every such post, a quote of another post too.
_EMBEDS = {
    "app.bsky.embed.images": "images",
    "app.bsky.embed.video": "a video",
    "app.bsky.embed.external": "a link card",
    "app.bsky.embed.record": "a quote of another post",
}
# app.bsky.embed.record may hold any record: these are no posts (named by their AT URI).
_QUOTED = {
    "app.bsky.feed.generator": "an embedded feed",
    "app.bsky.graph.list": "an embedded list",
    "app.bsky.graph.starterpack": "an embedded starter pack",
}


def is_page(data: dict[str, Any]) -> bool:
    """A getAuthorFeed / getTimeline page (`feed`) or a searchPosts page (`posts`)."""
    for key in ("feed", "posts"):
        items = data.get(key)
        if isinstance(items, list) and any(
            _is_view(as_dict(as_dict(item).get("post"))) or _is_view(as_dict(item)) for item in items
        ):
            return True
    return False


def is_item(data: dict[str, Any]) -> bool:
    """One feed item ({post, reason}) or one post view ({uri: at://..., record})."""
    return _is_view(as_dict(data.get("post"))) or _is_view(data)


def _is_view(view: dict[str, Any]) -> bool:
    uri = view.get("uri")
    return isinstance(uri, str) and uri.startswith("at://") and isinstance(view.get("record"), dict)


def page_items(data: dict[str, Any]) -> Iterator[tuple[int, Any, None]]:
    """(number, item, None) for the feed items or post views of a page."""
    items = as_list(data.get("feed")) or as_list(data.get("posts"))
    for number, item in enumerate(items, 1):
        yield number, item, None


def item_post(item: dict[str, Any], origin: Origin) -> Post:
    """A post from a feed item ({post, reason}) or a post view. Raises InputError, NoTextError."""
    view = as_dict(item.get("post")) if "post" in item else item
    if not _is_view(view):
        raise InputError("not a Bluesky post view (no 'uri' and 'record')")
    author = as_dict(view.get("author"))
    handle = as_str(author.get("handle")) or as_str(author.get("did"))
    credits: list[dict[str, str]] = []
    poster = handle
    reason = as_dict(item.get("reason"))
    if "repost" in (as_str(reason.get("$type")) or "").lower():
        by = as_dict(reason.get("by"))
        poster = as_str(by.get("handle")) or as_str(by.get("did")) or handle
        if handle:
            credits.append({"kind": "repost", "value": f"@{handle}", "field": "post.author.handle"})
    quoted = as_dict(as_dict(view.get("embed")).get("record"))
    quoted = as_dict(quoted.get("record")) if "record" in quoted and "author" not in quoted else quoted
    quoted_handle = as_str(as_dict(quoted.get("author")).get("handle"))
    if quoted_handle:
        credits.append({"kind": "repost", "value": f"@{quoted_handle}",
                        "field": "embed.record.author.handle"})
    return record_post(as_dict(view.get("record")), origin, uri=as_str(view.get("uri")),
                       author=poster, credits=credits)


def record_post(
    record: dict[str, Any],
    origin: Origin,
    *,
    uri: str | None,
    author: str | None,
    credits: list[dict[str, str]] | None = None,
) -> Post:
    """A post from an app.bsky.feed.post record, its at:// `uri` and its author's handle or DID.

    Raises InputError for a record without text, NoTextError for an empty one (saying what its
    embed holds: images, a link card, a quote of another post).
    """
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise NoTextError(_no_text_reason(as_dict(record.get("embed"))))
    credits = list(credits or [])
    links, mentions, tags = _facets(text, as_list(record.get("facets")), credits)
    embed = as_dict(record.get("embed"))
    external = as_dict(embed.get("external")) or as_dict(as_dict(embed.get("media")).get("external"))
    external_uri = as_str(external.get("uri"))
    if external_uri and external_uri not in links:
        links.append(external_uri[:MAX_FIELD_CHARS])
        credits.append({"kind": "link", "value": external_uri[:MAX_FIELD_CHARS],
                        "field": "embed.external.uri",
                        "label": (as_str(external.get("title")) or "")[:MAX_FIELD_CHARS]})
    langs = as_list(record.get("langs"))
    rkey = uri.rsplit("/", 1)[-1] if uri else None
    did = uri[len("at://"):].split("/", 1)[0] if uri else None
    profile = (author or did or "").lstrip("@")
    post = Post.from_dict(
        {
            "text": text,
            "id": uri,
            "author": f"@{author.lstrip('@')}" if author and not author.startswith("did:") else author,
            "platform": "bluesky",
            "url": f"https://bsky.app/profile/{profile}/post/{rkey}" if profile and rkey else None,
            "created_at": record.get("createdAt"),
            "lang": langs[0] if langs and isinstance(langs[0], str) else None,
            "credits": credits[:MAX_CREDITS],
        },
        default_id=origin.default_id,
        warn=origin.warn,
        dayfirst=origin.options.dayfirst,
        on_date=origin.date_seen,
    )
    extra = {"urls": links, "mentions": mentions, "hashtags": tags}
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


def _no_text_reason(embed: dict[str, Any]) -> str:
    """Why a post without text is not checked, saying what its record's `embed` holds: "no text
    (a quote of another post and images only)"."""
    held = _embedded(embed)
    return f"no text ({' and '.join(held)} only)" if held else "no text and nothing embedded"


def _embedded(embed: dict[str, Any], *, inner: bool = False) -> list[str]:
    """What an embed holds, from its $type, else from its keys (a record written without it)."""
    kind = (as_str(embed.get("$type")) or "").partition("#")[0]
    if not inner and (kind == "app.bsky.embed.recordWithMedia" or not kind and "media" in embed):
        # a quote with images, a video or a link card: {record: {record: ref}, media: {...}}
        return (_embedded(as_dict(embed.get("record")), inner=True)
                + _embedded(as_dict(embed.get("media")), inner=True))
    if not kind:
        kind = next((k for k in _EMBEDS if k.rsplit(".", 1)[1] in embed), "")
    if kind == "app.bsky.embed.images" and len(as_list(embed.get("images"))) == 1:
        return ["an image"]
    if kind == "app.bsky.embed.record":
        uri = as_str(as_dict(embed.get("record")).get("uri")) or ""
        collection = uri[len("at://"):].split("/")[1] if uri.count("/") >= 4 else ""
        return [_QUOTED.get(collection, _EMBEDS[kind])]
    if kind in _EMBEDS:
        return [_EMBEDS[kind]]
    return [f"an embed of type {kind[:80]}"] if kind else []


def _facets(
    text: str, facets: list[Any], credits: list[dict[str, str]]
) -> tuple[list[str], list[str], list[str]]:
    """Links, mentions and tags of the facets; a link becomes a credit labelled by the words its
    byte range covers (facets index the UTF-8 bytes of the text)."""
    data = text.encode("utf-8", "replace")
    links: list[str] = []
    mentions: list[str] = []
    tags: list[str] = []
    for facet in facets[:MAX_FACETS]:
        facet = as_dict(facet)
        index = as_dict(facet.get("index"))
        start, end = index.get("byteStart"), index.get("byteEnd")
        label = ""
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(data):
            label = data[start:end].decode("utf-8", "replace")
        for feature in as_list(facet.get("features"))[:10]:
            feature = as_dict(feature)
            kind = feature.get("$type")
            if kind == _LINK and (uri := as_str(feature.get("uri"))):
                uri = uri[:MAX_FIELD_CHARS]
                if uri not in links:
                    links.append(uri)
                    credits.append({"kind": "link", "value": uri, "field": "facets.features.uri",
                                    "label": label[:MAX_FIELD_CHARS]})
            elif kind == _MENTION and label:
                mentions.append(label[:MAX_FIELD_CHARS])
            elif kind == _TAG and (tag := as_str(feature.get("tag"))):
                tags.append(tag[:MAX_FIELD_CHARS])
    return links, mentions, tags
