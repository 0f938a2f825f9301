"""Telegram messages as Telethon serialises them (`Message.to_dict()` dumped as JSON, keys "_"
for the type), and as 4CAT's Telegram data source stores them in its NDJSON (the same objects,
type under "_type", with the chat and sender resolved into "_chat" and "_sender").

A history also holds Telethon's other messages: `MessageService` (a pin, a join, a title change,
a call: `action` says which; no `message`) and `MessageEmpty` (a deleted message's id). They are
no posts: `is_not_post` knows them, and they are counted as a Telegram Desktop export's service
messages are.

Credits kept outside the text: the forward header (`fwd_from`: the channel's name or id) and
text links (`MessageEntityTextUrl`, label the words they cover; Telegram counts entity offsets
in UTF-16 code units).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..errors import InputError, NoTextError
from ..records import MAX_FIELD_CHARS, Post
from .problems import Origin
from .values import as_dict, as_id, as_list, as_str

MAX_ENTITIES = 1000


def _type(obj: dict[str, Any]) -> str | None:
    return as_str(obj.get("_")) or as_str(obj.get("_type"))


def is_message(data: dict[str, Any]) -> bool:
    """A Telethon Message object."""
    return _type(data) == "Message" and "id" in data


# Telethon's messages that are no posts. Known by their type, as they have no text key: left to
# the plain JSONL reader each was "missing 'text'", and as a file's first line its `date` asked
# for --time-col, which, once given, turned off the Telethon reading for the whole file.
NOT_POSTS = frozenset({"MessageService", "MessageEmpty"})


def is_not_post(data: dict[str, Any]) -> bool:
    """A Telethon message that is no post: a service message (a pin, a join...) or an empty one."""
    return _type(data) in NOT_POSTS and "id" in data


def _peer(peer: Any) -> str | None:
    peer = as_dict(peer)
    for key in ("channel_id", "chat_id", "user_id"):
        value = as_id(peer.get(key))
        if value:
            return value
    return None


def _utf16_slice(text: str, offset: Any, length: Any) -> str:
    if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length <= 0:
        return ""
    data = text.encode("utf-16-le", "surrogatepass")
    piece = data[offset * 2 : (offset + length) * 2]
    return piece.decode("utf-16-le", "replace")


def message_post(msg: dict[str, Any], origin: Origin) -> Post:
    """A post from a Telethon message. Raises InputError, NoTextError."""
    text = msg.get("message")
    if text is None or text == "":
        raise NoTextError("no text (a photo, file or sticker without a caption)")
    if not isinstance(text, str):
        raise InputError(f"'message' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise NoTextError("no text (a photo, file or sticker without a caption)")
    chat = as_dict(msg.get("_chat"))
    sender = as_dict(msg.get("_sender"))
    channel = as_str(chat.get("username"))
    credits: list[dict[str, str]] = []
    forward = as_dict(msg.get("fwd_from"))
    if forward:
        origin_id = as_dict(forward.get("from_id"))
        name = as_str(forward.get("from_name"))
        for chat_info in as_list(origin_id.get("chats"))[:10]:  # 4CAT with entities resolved
            name = name or as_str(as_dict(chat_info).get("username")) or as_str(as_dict(chat_info).get("title"))
        name = name or as_str(as_dict(origin_id.get("user")).get("username"))
        peer = _peer(origin_id)
        value = name or (f"channel {peer}" if peer else None)
        if value:
            credits.append({"kind": "forward", "value": value[:MAX_FIELD_CHARS], "field": "fwd_from"})
    links: list[str] = []
    for entity in as_list(msg.get("entities"))[:MAX_ENTITIES]:
        entity = as_dict(entity)
        kind = _type(entity)
        url = as_str(entity.get("url"))
        if kind == "MessageEntityTextUrl" and url:
            links.append(url[:MAX_FIELD_CHARS])
            label = _utf16_slice(text, entity.get("offset"), entity.get("length"))
            credits.append({"kind": "link", "value": url[:MAX_FIELD_CHARS],
                            "field": "entities.MessageEntityTextUrl.url", "label": label})
        elif kind == "MessageEntityUrl":
            visible = _utf16_slice(text, entity.get("offset"), entity.get("length"))
            if visible:
                links.append(visible)
    message_id = as_id(msg.get("id"))
    peer = _peer(msg.get("peer_id")) or _peer(msg.get("to_id"))
    author = (as_str(sender.get("username")) or as_str(msg.get("post_author"))
              or channel or as_str(chat.get("title")))
    post = Post.from_dict(
        {
            "text": text,
            "id": f"{peer or channel}/{message_id}" if (peer or channel) and message_id else message_id,
            "author": author,
            "platform": "telegram",
            "url": f"https://t.me/{channel}/{message_id}" if channel and message_id else None,
            "created_at": msg.get("date"),
            "credits": credits,
        },
        default_id=origin.default_id,
        warn=origin.warn,
        dayfirst=origin.options.dayfirst,
        on_date=origin.date_seen,
    )
    extra = {"urls": links, "forwarded_from": credits[0]["value"] if forward and credits else None}
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})
