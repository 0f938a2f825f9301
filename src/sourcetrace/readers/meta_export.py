"""Posts of Meta's "Download your information" exports: Instagram's
`your_instagram_activity/content/posts_1.json` (a JSON array of posts) and Threads'
`your_instagram_activity/threads/threads_and_replies.json` (`text_post_app_text_posts`).

A post is {"media": [{"uri", "creation_timestamp", "title", ...}], "title"?, "creation_timestamp"?}:
the caption is the post's `title`, or its first medium's when it has one medium. Meta writes
every non-ASCII character as the \\u00XX escapes of its UTF-8 bytes ("caf\\u00c3\\u00a9"), which
is undone here.
"""

from __future__ import annotations

from typing import Any

from ..errors import NoTextError
from ..records import Post
from .problems import Origin
from .values import as_dict, as_list, as_str


def is_post(data: dict[str, Any]) -> bool:
    """An item of posts_1.json or threads_and_replies.json."""
    media = data.get("media")
    if not isinstance(media, list) or "text" in data:
        return False
    first = as_dict(media[0]) if media else {}
    return "creation_timestamp" in data or "uri" in first


def fix_text(text: str) -> str:
    """Meta's UTF-8-bytes-as-Latin-1 text decoded ("caf\\u00c3\\u00a9" → "café"); other text as
    it is."""
    if text.isascii() or any(ord(char) > 0xFF for char in text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return text


def post(data: dict[str, Any], origin: Origin, platform: str) -> Post:
    """A post from one export item. Raises NoTextError for a photo without a caption."""
    media = [as_dict(m) for m in as_list(data.get("media"))[:100]]
    first = media[0] if media else {}
    caption = as_str(data.get("title")) or as_str(first.get("title")) or ""
    text = fix_text(caption)
    if not text.strip():
        raise NoTextError("no text (a photo or video without a caption)")
    created = data.get("creation_timestamp") or first.get("creation_timestamp")
    return Post.from_dict(
        {"text": text, "platform": platform, "created_at": created},
        default_id=origin.default_id,
        warn=origin.warn,
        dayfirst=origin.options.dayfirst,
        on_date=origin.date_seen,
    )
