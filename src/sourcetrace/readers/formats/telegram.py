"""A Telegram Desktop export (result.json): one chat ({name, type, id, messages}) or a full
export ({chats: {list: [...]}}); each message with its chat."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ...errors import InputError, NoTextError
from ...records import Post
from ..documents import Item, JsonScanner, Report, key_pattern, walk_array
from ..problems import Origin
from ..registry import Format, Verdict, register
from ..values import as_dict, as_id, as_list, as_str

# How to read an older export's dates exactly: no option gives the zone of zoneless dates, and
# the file does not say it, but a newer export writes each message's date_unixtime (UTC).
_LOCAL_FIX = ("this Telegram Desktop export has no 'date_unixtime' (older versions write none):"
              " export the chat again with a current Telegram Desktop to have exact dates")

# A message with more entities than this is not one Telegram shows (it allows 100).
MAX_ENTITIES = 10_000

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
            part if isinstance(part, str) else as_str(as_dict(part).get("text")) or ""
            for part in value[:MAX_ENTITIES]
        )
    if value is None:
        return ""
    raise InputError(f"'text' must be a string or a list, got {type(value).__name__}")


def _telegram_post(item: Any, context: dict[str, Any], origin: Origin) -> Post | None:
    if not isinstance(item, dict):
        raise InputError("not a message object")
    if item.get("type", "message") != "message":
        return None  # service messages: joins, pins, calls
    text = _telegram_text(item.get("text"))
    if not text.strip():
        raise NoTextError("no text (a photo, file or sticker without a caption)")
    entities = item.get("text_entities")
    if not isinstance(entities, list):
        entities = [e for e in as_list(item.get("text")) if isinstance(e, dict)]
    mentions, urls, hashtags = [], [], []
    credits: list[dict[str, str]] = []
    for entity in entities[:MAX_ENTITIES]:
        entity = as_dict(entity)
        kind, value, href = entity.get("type"), as_str(entity.get("text")), as_str(entity.get("href"))
        if kind in ("mention", "mention_name") and value:
            mentions.append(value)
        elif kind == "hashtag" and value:
            hashtags.append(value)
        elif kind == "link" and value:
            urls.append(value)
        elif kind == "text_link" and href:
            urls.append(href)
            credits.append({"kind": "link", "value": href, "field": "text_entities.text_link.href",
                            "label": value or ""})
    forwarded = as_str(item.get("forwarded_from"))
    if forwarded:
        credits.insert(0, {"kind": "forward", "value": forwarded, "field": "forwarded_from"})
    chat_id, chat_name = as_id(context.get("id")), as_str(context.get("name"))
    message_id = as_id(item.get("id"))
    # date_unixtime (UTC) exists in exports since 2021; "date" alone is the exporting
    # computer's local time without a zone, read here as UTC (its zone is nowhere in the file)
    # and said once per file (trial 108: an older export's dates were read as UTC in silence).
    stamp = item.get("date_unixtime")
    exact = isinstance(stamp, str) and stamp.isdigit() and len(stamp) < 16
    created = int(stamp) if isinstance(stamp, str) and exact else item.get("date")
    extra = {
        "chat": chat_name,
        "from_id": as_str(item.get("from_id")),
        "forwarded_from": forwarded,
        "mentions": mentions,
        "hashtags": hashtags,
        "urls": urls,
    }
    post = Post.from_dict(
        {
            "text": text,
            "id": f"{chat_id}/{message_id}" if chat_id is not None and message_id is not None else message_id,
            "author": as_str(item.get("from")) or as_str(item.get("author")) or chat_name,
            "platform": "telegram",
            "created_at": created,
            "credits": credits,
        },
        default_id=origin.default_id,
        warn=origin.warn,
        dayfirst=origin.options.dayfirst,
        on_date=origin.date_seen,
    )
    if not exact and post.created_at is not None and _zoneless(created):
        origin.local_time(created, "the exporting computer's", _LOCAL_FIX)
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


def _zoneless(value: Any) -> bool:
    """Whether `value` is an ISO date without a zone, as Telegram Desktop writes "date"."""
    try:
        return isinstance(value, str) and datetime.fromisoformat(value.strip()).tzinfo is None
    except ValueError:
        return False


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
