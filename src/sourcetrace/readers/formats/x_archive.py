"""An X/Twitter archive's tweets file: data/tweets.js ("window.YTD.tweets.part0 = [...]").

The archive owner's handle comes from data/account.js beside it, when present.
"""

from __future__ import annotations

import dataclasses
import html
import json
import logging
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...records import Post
from ..documents import MAX_RECORD_BYTES, Item, JsonError, JsonScanner, Report, walk_array
from ..inputs import BOM, STDIN, Input
from ..registry import Format, Verdict, register

log = logging.getLogger(__name__)

_YTD_PREFIX = re.compile(rb"\s*window\.YTD\.(\w+)\.part\d+\s*=\s*")
_TWEET_FILES = {"tweets", "tweet", "deleted_tweets", "community_tweet"}
_X_DATE = "%a %b %d %H:%M:%S %z %Y"  # "Wed Mar 06 12:00:00 +0000 2024"
# X's codes for "no language": undetermined, no text, media or hashtags only, ...
_X_NO_LANG = {"und", "zxx", "qme", "qht", "qam", "qct", "qst", "art"}
_RETWEET = re.compile(r"^RT @(\w{1,15}):")


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


def _strings(items: Any, key: str) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(item[key]) for item in items if isinstance(item, dict) and item.get(key)]


def _x_post(item: Any, context: dict[str, Any], line: int, stem: str) -> Post | None:
    """A tweet as its readers saw it: HTML entities decoded, t.co links expanded, photos' out."""
    tweet = item.get("tweet", item) if isinstance(item, dict) else None
    if not isinstance(tweet, dict):
        raise InputError("not a tweet object")
    text = tweet.get("full_text", tweet.get("text"))
    if text is None:
        raise InputError("missing 'full_text'")
    if not isinstance(text, str):
        raise InputError(f"'full_text' must be a string, got {type(text).__name__}")
    # The archive keeps the API's HTML escaping (&amp; &lt; &gt;) and t.co links; the post as
    # its readers saw it has the characters and the links' real targets.
    text = html.unescape(text)
    entities = tweet.get("entities") if isinstance(tweet.get("entities"), dict) else {}
    extended = tweet.get("extended_entities") if isinstance(tweet.get("extended_entities"), dict) else {}
    links: list[str] = []
    media = extended.get("media") or entities.get("media") or []
    for entity in [*(entities.get("urls") or []), *media]:
        if not isinstance(entity, dict):
            continue
        short, full = entity.get("url"), entity.get("expanded_url")
        if isinstance(short, str) and isinstance(full, str) and short:
            # a photo's link is not shown on X (the photo is): it leaves the text
            text = text.replace(short, "" if entity in media else full)
            if full not in links:
                links.append(full)
    text = text.strip()
    if not text:
        return None  # a photo or video without words
    tweet_id = tweet.get("id_str") or tweet.get("id")
    user = context.get("username")
    created = tweet.get("created_at")
    if isinstance(created, str) and created and not created[:4].isdigit():
        try:
            created = datetime.strptime(created, _X_DATE).isoformat()
        except ValueError:
            raise InputError(f"bad 'created_at' {created!r}") from None
    lang = tweet.get("lang")
    retweet = _RETWEET.match(text)
    extra = {
        "mentions": _strings(entities.get("user_mentions"), "screen_name"),
        "hashtags": _strings(entities.get("hashtags"), "text"),
        "urls": links,
        "retweet_of": retweet.group(1) if retweet else None,
        "in_reply_to": tweet.get("in_reply_to_screen_name"),
    }
    post = Post.from_dict(
        {
            "text": text,
            "id": tweet_id,
            "author": f"@{user}" if user else None,
            "platform": "x",
            "url": f"https://x.com/{user or 'i'}/status/{tweet_id}" if tweet_id else None,
            "created_at": created,
            "lang": None if lang in _X_NO_LANG else lang,
        },
        default_id=f"{stem}:{line}",
    )
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


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
