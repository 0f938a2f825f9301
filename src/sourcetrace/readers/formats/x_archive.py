"""An X/Twitter archive's tweets file: data/tweets.js ("window.YTD.tweets.part0 = [...]").

The archive owner's handle comes from data/account.js beside it, when present, and the full
text of long tweets (over 280 characters: tweets.js keeps their first 280, cut with "…" and a
link to the note) from data/note-tweet.js (and its parts) beside it, joined by the tweet id
its `lifecycle` names.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...records import Post
from ..documents import MAX_RECORD_BYTES, Item, JsonError, JsonScanner, Report, walk_array
from ..inputs import BOM, STDIN, Input
from ..problems import Origin
from ..registry import Format, Verdict, register
from ..tweets import v1_post

log = logging.getLogger(__name__)

_YTD_PREFIX = re.compile(rb"\s*window\.YTD\.(\w+)\.part\d+\s*=\s*")
_TWEET_FILES = {"tweets", "tweet", "deleted_tweets", "community_tweet"}


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
    return {"username": _x_username(source), "notes": _x_notes(source)}


# A note-tweet file larger than this is not read (long tweets keep their cut text): an archive's
# notes are the account's long tweets, about 25,000 characters at most each.
MAX_NOTES_BYTES = 256 << 20
_NOTE_FILE = re.compile(r"note-tweet(?:-part\d+)?\.js", re.IGNORECASE)


def _x_notes(source: Input) -> dict[str, dict[str, Any]]:
    """Tweet id -> the `core` of its note (text, urls, hashtags, mentions), from the note-tweet
    files beside tweets.js; {} when there are none or they cannot be read (logged)."""
    if source.given == STDIN:
        return {}
    notes: dict[str, dict[str, Any]] = {}
    folder = Path(source.given).parent
    try:
        files = sorted(p for p in folder.iterdir() if _NOTE_FILE.fullmatch(p.name) and p.is_file())
    except OSError:
        return {}
    for path in files:
        try:
            if path.stat().st_size > MAX_NOTES_BYTES:
                log.warning("%s: over %d MB, not read: long tweets keep their cut text", path, MAX_NOTES_BYTES >> 20)
                continue
            raw = path.read_bytes().removeprefix(BOM)
            match = _YTD_PREFIX.match(raw)
            items = json.loads(raw[match.end() :] if match else raw)
        except (OSError, ValueError) as exc:
            log.warning("%s: unreadable (%s): long tweets keep their cut text", path, exc)
            continue
        for item in items if isinstance(items, list) else []:
            note = item.get("noteTweet") if isinstance(item, dict) else None
            life = note.get("lifecycle") if isinstance(note, dict) else None
            core = note.get("core") if isinstance(note, dict) else None
            if isinstance(life, dict) and life.get("name") == "tweet_id" and isinstance(core, dict) \
                    and isinstance(core.get("text"), str) and isinstance(life.get("value"), str):
                notes[life["value"]] = core
    return notes


def _with_note(tweet: dict[str, Any], core: dict[str, Any]) -> dict[str, Any]:
    """The tweet with its note's full text as its `extended_tweet` (as the API gives long tweets),
    the note's links, hashtags and mentions beside the tweet's own entities."""
    given = tweet.get("entities")
    own: dict[str, Any] = given if isinstance(given, dict) else {}

    def listed(key: str) -> list[Any]:
        value = core.get(key)
        return value if isinstance(value, list) else []

    urls: list[Any] = [{"url": u.get("shortUrl"), "expanded_url": u.get("expandedUrl"),
                        "display_url": u.get("displayUrl")} for u in listed("urls") if isinstance(u, dict)]
    own_urls = own.get("urls")
    entities = {
        **own,
        "urls": urls + (own_urls if isinstance(own_urls, list) else []),
        "hashtags": [{"text": h.get("text")} for h in listed("hashtags") if isinstance(h, dict)] or own.get("hashtags", []),
        "user_mentions": [{"screen_name": m.get("screenName")} for m in listed("mentions") if isinstance(m, dict)]
        or own.get("user_mentions", []),
    }
    return {**tweet, "extended_tweet": {"full_text": core["text"], "entities": entities}}


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


def _x_post(item: Any, context: dict[str, Any], origin: Origin) -> Post | None:
    """A tweet as its readers saw it (see `tweets.v1_post`)."""
    tweet = item.get("tweet", item) if isinstance(item, dict) else None
    if not isinstance(tweet, dict):
        raise InputError("not a tweet object")
    if "full_text" not in tweet and "text" not in tweet:
        raise InputError("missing 'full_text'")
    note = context.get("notes", {}).get(str(tweet.get("id_str") or tweet.get("id")))
    if note is not None and "retweeted_status" not in tweet:
        tweet = _with_note(tweet, note)  # a long tweet: its whole text, not the first 280 characters
    return v1_post(tweet, origin, context.get("username"))


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
