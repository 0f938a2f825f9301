"""Tweets as X's exports and APIs write them, read into posts: v1.1 objects (an X archive's
tweets.js, twarc 1 or any v1.1 API dump) and v2 objects (`twarc2 search` pages with their
`includes`, `twarc2 flatten` lines with the author inline).

What a reader saw is rebuilt: HTML entities decoded, t.co links replaced by their targets and
photo links removed, a retweet's whole text instead of its cut "RT @x: …". What X keeps outside
the text becomes `Credit`s: each link's target (`entities.urls[].expanded_url`, label the text
X showed), and the account a retweet or quote reposts.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ..errors import InputError, NoTextError
from ..records import MAX_CREDITS, MAX_FIELD_CHARS, MAX_TEXT_CHARS, Post
from .problems import Origin
from .values import as_dict, as_list, as_str

_X_DATE = "%a %b %d %H:%M:%S %z %Y"  # "Wed Mar 06 12:00:00 +0000 2024"
# X's codes for "no language": undetermined, no text, media or hashtags only, ...
X_NO_LANG = frozenset({"und", "zxx", "qme", "qht", "qam", "qct", "qst", "art"})
_RETWEET = re.compile(r"^RT @(\w{1,15}):")
_STATUS_URL = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w{1,15})/status(?:es)?/\d+")
# A link as X writes it in a text; a t.co link is matched as a whole, then looked up.
_URL = re.compile(r"https?://\S+")
_TRAILING = ".,;:!?)]}'\"…»”’"
# More entities than this on one tweet are not X's (it allows 10 links and 4 photos).
MAX_ENTITIES = 100
MAX_SHORT_URL = 100
# A page of `twarc2 search` holds at most 500 tweets; its includes a few hundred each.
MAX_PAGE_TWEETS = 1000
MAX_INCLUDES = 5000


@dataclasses.dataclass
class Expanded:
    """A tweet text with its links expanded, the links and the credits they give."""

    text: str
    links: list[str]
    credits: list[dict[str, str]]


def expand_links(text: str, entities: dict[str, Any], media: list[Any], field: str) -> Expanded:
    """Replace each t.co link of `text` by its target (a photo's link by nothing), in one pass.

    Only links that occur in the text as URLs are replaced, each occurrence once, and the result
    is bounded by MAX_TEXT_CHARS: entities cannot amplify the text (S_x_url_bomb). `field` names
    the entities in credits ("entities.urls").
    """
    targets: dict[str, str] = {}
    links: list[str] = []
    credits: list[dict[str, str]] = []
    media_keys = set()
    for entity in [*as_list(entities.get("urls"))[:MAX_ENTITIES], *media[:MAX_ENTITIES]]:
        entity = as_dict(entity)
        short = as_str(entity.get("url"))
        full = as_str(entity.get("expanded_url")) or as_str(entity.get("unwound_url"))
        is_media = entity in media or "media_key" in entity or as_str(entity.get("type")) in (
            "photo", "video", "animated_gif")
        if not short or len(short) > MAX_SHORT_URL or not short.startswith("http"):
            continue
        if is_media:
            media_keys.add(short)
            targets[short] = ""
            continue
        if not full:
            continue
        full = full[:MAX_FIELD_CHARS]
        targets[short] = full
        if full not in links and len(links) < MAX_CREDITS:
            links.append(full)
            label = as_str(entity.get("display_url")) or short
            credits.append({"kind": "link", "value": full, "field": f"{field}.expanded_url",
                            "label": label[:MAX_FIELD_CHARS]})
    if not targets:
        return Expanded(text, links, credits)
    out: list[str] = []
    size = 0
    last = 0
    for match in _URL.finditer(text):
        token = match.group()
        core = token.rstrip(_TRAILING)
        target = targets.get(token, targets.get(core))
        if target is None:
            continue
        replaced = core if token not in targets else token
        piece = text[last : match.start()] + target
        size += len(piece)
        if size + len(text) - match.start() > MAX_TEXT_CHARS:
            break  # expanding further would make the text larger than any post
        out.append(piece)
        last = match.start() + len(replaced)
    out.append(text[last:])
    return Expanded("".join(out), links, credits)


def repost(handle: str | None, field: str, name: str | None = None) -> list[dict[str, str]]:
    """A repost credit for an account handle (without "@"), or nothing; `name`, the account's
    display name where the record gives it, is the credit's label: an account the outlet
    registry lacks ("@XHspanish") is credited by a name that names the outlet ("Xinhua
    Español"; tests/attribution_cases_real.jsonl r13-outside_text-es-09, read unattributed
    because the reader kept the handle only)."""
    if not handle:
        return []
    credit = {"kind": "repost", "value": "@" + handle.lstrip("@")[:MAX_FIELD_CHARS], "field": field}
    if name and name.strip():
        credit["label"] = name.strip()[:MAX_FIELD_CHARS]
    return [credit]


def _mention_name(entities: dict[str, Any], handle: str) -> str | None:
    """The display name a tweet's `user_mentions` give the account `handle` (any case), or None."""
    for mention in as_list(entities.get("user_mentions"))[:MAX_ENTITIES]:
        mention = as_dict(mention)
        if (as_str(mention.get("screen_name")) or "").lower() == handle.lower():
            return as_str(mention.get("name"))
    return None


def _quote_credits(links: list[str]) -> list[dict[str, str]]:
    """A quoted tweet shows as a link to it: a repost of its account."""
    credits: list[dict[str, str]] = []
    for link in links:
        match = _STATUS_URL.match(link)
        if match:
            credits += repost(match.group(1), "entities.urls.expanded_url")
    return credits


def _date(value: Any) -> Any:
    """X's v1.1 date ("Wed Mar 06 12:00:00 +0000 2024") as ISO; other values as they are."""
    if isinstance(value, str) and value and not value[:4].isdigit():
        try:
            return datetime.strptime(value, _X_DATE).isoformat()
        except ValueError:
            return value  # dates.parse_datetime reads the rest, or the post warns
    return value


def _lang(value: Any) -> Any:
    if isinstance(value, str) and value in X_NO_LANG:
        return None
    return value


def _post(fields: dict[str, Any], origin: Origin, extra: dict[str, Any]) -> Post:
    text = fields["text"].strip()
    if not text:
        raise NoTextError("no text (media or markup only)")
    fields["text"] = text
    post = Post.from_dict(
        {**fields, "platform": "x"},
        default_id=origin.default_id,
        warn=origin.warn,
        dayfirst=origin.options.dayfirst,
        on_date=origin.date_seen,
    )
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


def _strings(items: Any, key: str) -> list[str]:
    return [
        s[:MAX_FIELD_CHARS]
        for item in as_list(items)[:MAX_ENTITIES]
        if (s := as_str(as_dict(item).get(key)))
    ]


def _text_of(value: Any, what: str) -> str:
    if value is None:
        raise InputError(f"missing '{what}'")
    if not isinstance(value, str):
        raise InputError(f"'{what}' must be a string, got {type(value).__name__}")
    return value


# -- v1.1 ------------------------------------------------------------------------------------


def v1_post(tweet: dict[str, Any], origin: Origin, username: str | None = None) -> Post:
    """A v1.1 tweet (X archive item, twarc 1, API v1.1) as a post; `username`: the archive's
    owner when the tweet does not name its user. Raises InputError, NoTextError."""
    retweeted = as_dict(tweet.get("retweeted_status"))
    source = retweeted or tweet
    extended = as_dict(source.get("extended_tweet"))
    key = "full_text" if "full_text" in source else "text"
    text = _text_of(extended.get("full_text") or source.get(key), key)
    # The archive keeps the API's HTML escaping (&amp; &lt; &gt;) and t.co links.
    text = html.unescape(text)
    entities = as_dict(extended.get("entities")) or as_dict(source.get("entities"))
    media = as_list(as_dict(extended.get("extended_entities") or source.get("extended_entities")).get("media"))
    media = media or as_list(entities.get("media"))
    expanded = expand_links(text, entities, media, "entities.urls")
    credits = list(expanded.credits)
    user = as_str(as_dict(tweet.get("user")).get("screen_name")) or username
    if retweeted:
        credits += repost(as_str(as_dict(retweeted.get("user")).get("screen_name")),
                          "retweeted_status.user.screen_name", as_str(as_dict(retweeted.get("user")).get("name")))
    else:
        match = _RETWEET.match(expanded.text)
        if match:
            credits += repost(match.group(1), key, _mention_name(entities, match.group(1)))
    quoted = as_dict(tweet.get("quoted_status"))
    permalink = as_str(as_dict(tweet.get("quoted_status_permalink")).get("expanded"))
    quoted_url = _STATUS_URL.match(permalink) if permalink else None
    if quoted:
        credits += repost(as_str(as_dict(quoted.get("user")).get("screen_name")),
                          "quoted_status.user.screen_name", as_str(as_dict(quoted.get("user")).get("name")))
    elif quoted_url:  # the archive names a quoted tweet by its link only
        credits += repost(quoted_url.group(1), "quoted_status_permalink.expanded")
    credits += _quote_credits(expanded.links)
    tweet_id = tweet.get("id_str") or tweet.get("id")
    extra = {
        "mentions": _strings(entities.get("user_mentions"), "screen_name"),
        "hashtags": _strings(entities.get("hashtags"), "text"),
        "urls": expanded.links,
        "retweet_of": next((c["value"].lstrip("@") for c in credits if c["kind"] == "repost"
                            and c["field"] in ("retweeted_status.user.screen_name", key)), None),
        "in_reply_to": as_str(tweet.get("in_reply_to_screen_name")),
    }
    fields = {
        "text": expanded.text,
        "id": tweet_id,
        "author": f"@{user}" if user else None,
        "url": f"https://x.com/{user or 'i'}/status/{tweet_id}" if _plain_id(tweet_id) else None,
        "created_at": _date(tweet.get("created_at")),
        "lang": _lang(tweet.get("lang")),
        "credits": _dedupe(credits),
    }
    return _post(fields, origin, extra)


def _plain_id(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).isdigit()


def _dedupe(credits: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for credit in credits:
        key = (credit["kind"], credit["value"])
        if key not in seen:
            seen.add(key)
            out.append(credit)
    return out[:MAX_CREDITS]


def is_v1(data: dict[str, Any]) -> bool:
    """A v1.1 tweet object: its user inline, or an X archive item."""
    if isinstance(data.get("tweet"), dict):
        return True
    return isinstance(data.get("user"), dict) and ("full_text" in data or "id_str" in data)


# -- v2 --------------------------------------------------------------------------------------


@dataclasses.dataclass
class Includes:
    """A page's `includes`: users and tweets by id (a flattened tweet carries its own inline)."""

    users: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    tweets: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, page: dict[str, Any]) -> Includes:
        includes = as_dict(page.get("includes"))
        found = cls()
        for user in as_list(includes.get("users"))[:MAX_INCLUDES]:
            user = as_dict(user)
            if isinstance(user.get("id"), str):
                found.users[user["id"]] = user
        for tweet in as_list(includes.get("tweets"))[:MAX_INCLUDES]:
            tweet = as_dict(tweet)
            if isinstance(tweet.get("id"), str):
                found.tweets[tweet["id"]] = tweet
        return found

    def author(self, tweet: dict[str, Any]) -> str | None:
        """The username of a tweet's author: inline (flattened), else from the includes."""
        return self._author_field(tweet, "username")

    def author_name(self, tweet: dict[str, Any]) -> str | None:
        """The display name of a tweet's author ("Xinhua Español"), found as `author` is."""
        return self._author_field(tweet, "name")

    def _author_field(self, tweet: dict[str, Any], key: str) -> str | None:
        inline = as_str(as_dict(tweet.get("author")).get(key))
        if inline:
            return inline
        author_id = tweet.get("author_id")
        return as_str(self.users.get(author_id, {}).get(key)) if isinstance(author_id, str) else None

    def referenced(self, tweet: dict[str, Any], kind: str) -> dict[str, Any]:
        """The tweet this one retweets / quotes / replies to (`kind`), or {}."""
        for ref in as_list(tweet.get("referenced_tweets"))[:MAX_ENTITIES]:
            ref = as_dict(ref)
            if ref.get("type") != kind:
                continue
            if "text" in ref or "author" in ref:  # flattened: the tweet is inline
                return ref
            ref_id = ref.get("id")
            return self.tweets.get(ref_id, {}) if isinstance(ref_id, str) else {}
        return {}


def _v2_text(tweet: dict[str, Any]) -> Any:
    note = as_dict(tweet.get("note_tweet"))  # a tweet over 280 characters
    return note.get("text") if isinstance(note.get("text"), str) else tweet.get("text")


def v2_post(tweet: dict[str, Any], includes: Includes, origin: Origin) -> Post:
    """A v2 tweet as a post, its author and referenced tweets from `includes` (or inline, when
    flattened). Raises InputError, NoTextError."""
    retweeted = includes.referenced(tweet, "retweeted")
    source = retweeted if _v2_text(retweeted) else tweet
    text = html.unescape(_text_of(_v2_text(source), "text"))
    entities = as_dict(source.get("entities"))
    note_entities = as_dict(as_dict(source.get("note_tweet")).get("entities"))
    if note_entities and "note_tweet" in source:
        entities = note_entities
    media = as_list(as_dict(source.get("attachments")).get("media"))
    expanded = expand_links(text, entities, media, "entities.urls")
    credits = list(expanded.credits)
    if tweet.get("referenced_tweets") is not None:
        if retweeted or _has_ref(tweet, "retweeted"):
            handle = includes.author(retweeted) if retweeted else None
            name = includes.author_name(retweeted) if retweeted else None
            if handle is None:
                match = _RETWEET.match(as_str(tweet.get("text")) or "")
                handle = match.group(1) if match else None
            credits += repost(handle, "referenced_tweets.retweeted.author.username", name)
        quoted = includes.referenced(tweet, "quoted")
        if quoted:
            credits += repost(includes.author(quoted), "referenced_tweets.quoted.author.username",
                              includes.author_name(quoted))
    credits += _quote_credits(expanded.links)
    user = includes.author(tweet)
    tweet_id = tweet.get("id")
    extra = {
        "mentions": _strings(entities.get("mentions"), "username"),
        "hashtags": _strings(entities.get("hashtags"), "tag"),
        "urls": expanded.links,
        "retweet_of": includes.author(retweeted) if retweeted else None,
        "in_reply_to": includes.author(includes.referenced(tweet, "replied_to")),
    }
    fields = {
        "text": expanded.text,
        "id": tweet_id,
        "author": f"@{user}" if user else None,
        "url": f"https://x.com/{user or 'i'}/status/{tweet_id}" if _plain_id(tweet_id) else None,
        "created_at": tweet.get("created_at"),
        "lang": _lang(tweet.get("lang")),
        "credits": _dedupe(credits),
    }
    return _post(fields, origin, extra)


def _has_ref(tweet: dict[str, Any], kind: str) -> bool:
    return any(as_dict(ref).get("type") == kind for ref in as_list(tweet.get("referenced_tweets")))


def is_page(data: dict[str, Any]) -> bool:
    """A v2 API response page (`twarc2 search`, timeline, ...): tweets in `data`."""
    payload = data.get("data")
    marks = "includes" in data or "meta" in data or "__twarc" in data
    return marks and (isinstance(payload, list) or (isinstance(payload, dict) and "text" in payload))


def is_flat_v2(data: dict[str, Any]) -> bool:
    """A `twarc2 flatten` line: one v2 tweet with its author inline."""
    if "__twarc" in data and "text" in data:
        return True
    return isinstance(data.get("author"), dict) and "author_id" in data and "text" in data


def page_tweets(page: dict[str, Any]) -> Iterator[tuple[int, Any, Includes]]:
    """(number, tweet, includes) for each tweet of a v2 page: at most MAX_PAGE_TWEETS, and one
    more so that the caller can say the rest is left out (never dropped without a line)."""
    includes = Includes.of(page)
    payload = page.get("data")
    tweets = [payload] if isinstance(payload, dict) else as_list(payload)
    for number, tweet in enumerate(tweets[: MAX_PAGE_TWEETS + 1], 1):
        yield number, tweet, includes
