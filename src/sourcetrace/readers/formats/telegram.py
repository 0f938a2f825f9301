"""A Telegram Desktop export (result.json): one chat ({name, type, id, messages}) or a full
export ({chats: {list: [...]}}); each message with its chat."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from ...dates import parse_datetime
from ...errors import InputError
from ...records import Post
from ..documents import Item, JsonScanner, Report, key_pattern, walk_array
from ..registry import Format, Verdict, register

_CHAT_TYPES = (
    rb"personal_chat|bot_chat|private_group|private_supergroup|"
    rb"public_supergroup|private_channel|public_channel|saved_messages"
)
_MARKS = (
    key_pattern("personal_information"),
    key_pattern("chats", rb"\s*\{"),
    key_pattern("type", rb'\s*"(?:' + _CHAT_TYPES + rb')"'),
)


def _sniff(text: bytes) -> Verdict | None:
    if text.startswith(b"{") and any(mark.search(text) for mark in _MARKS):
        return "telegram", ""
    return None


def _walk(scanner: JsonScanner, context: dict[str, Any], report: Report) -> Iterator[Item]:
    """A one-chat export ({name, type, id, messages}) or a full one ({chats: {list: [...]}})."""
    chat = dict(context)
    for key in scanner.members():
        if key in ("name", "type", "id") and scanner.peek() != ord("{"):
            chat[key] = scanner.small()
        elif key == "messages":
            yield from walk_array(scanner, chat, report)
        elif key in ("chats", "left_chats") and scanner.peek() == ord("{"):
            for inner in scanner.members():
                if inner == "list" and scanner.peek() == ord("["):
                    for _ in scanner.items():
                        yield from _walk(scanner, context, report)
                else:
                    scanner.skip()
        else:
            scanner.skip()


def _telegram_text(value: Any) -> str:
    """`text` is a string, or a list of strings and entity objects ({"type", "text", ...})."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, dict) else ""
            for part in value
        )
    if value is None:
        return ""
    raise InputError(f"'text' must be a string or a list, got {type(value).__name__}")


def _telegram_post(item: Any, context: dict[str, Any], line: int, stem: str) -> Post | None:
    if not isinstance(item, dict):
        raise InputError("not a message object")
    if item.get("type", "message") != "message":
        return None  # service messages: joins, pins, calls
    text = _telegram_text(item.get("text"))
    if not text.strip():
        return None  # a photo, sticker or file without a caption
    entities = item.get("text_entities")
    if not isinstance(entities, list):
        entities = [e for e in item.get("text") or [] if isinstance(e, dict)] if isinstance(item.get("text"), list) else []
    mentions, urls, hashtags = [], [], []
    for entity in entities:
        if not isinstance(entity, dict):
            continue
        kind, value = entity.get("type"), entity.get("text")
        if kind in ("mention", "mention_name") and value:
            mentions.append(str(value))
        elif kind == "hashtag" and value:
            hashtags.append(str(value))
        elif kind == "link" and value:
            urls.append(str(value))
        elif kind == "text_link" and entity.get("href"):
            urls.append(str(entity["href"]))
    chat_id, chat_name = context.get("id"), context.get("name")
    message_id = item.get("id")
    # date_unixtime (UTC) exists in exports since 2021; "date" alone is the exporting
    # computer's local time without a zone, read here as UTC.
    stamp = item.get("date_unixtime")
    created = parse_datetime(int(stamp)) if isinstance(stamp, str) and stamp.isdigit() else item.get("date")
    extra = {
        "chat": chat_name,
        "from_id": item.get("from_id"),
        "forwarded_from": item.get("forwarded_from"),
        "mentions": mentions,
        "hashtags": hashtags,
        "urls": urls,
    }
    post = Post.from_dict(
        {
            "text": text,
            "id": f"{chat_id}/{message_id}" if chat_id is not None and message_id is not None else message_id,
            "author": item.get("from") or item.get("author") or chat_name,
            "platform": "telegram",
            "created_at": created,
        },
        default_id=f"{stem}:{line}",
    )
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


register(
    Format(
        name="telegram",
        description="a Telegram export",
        sniffers=((50, _sniff),),
        articles=False,
        walk=_walk,
        opening=b"{",
        convert=_telegram_post,
        export_file="result.json",
        known_as="a Telegram result.json",
        keys=frozenset({"messages", "chats", "personal_information"}),
    )
)
