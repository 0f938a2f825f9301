"""Records flowing through the pipeline: articles (the indexed corpus) and posts (what is checked)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from .dates import parse_datetime
from .errors import InputError

# A post or article larger than this is not a social-media post or a news article; bounding it
# keeps a crafted record from exhausting memory in the encoders or the aligner.
MAX_TEXT_CHARS = 200_000


def _text(value: Any, what: str) -> str:
    if value is None:
        raise InputError(f"missing '{what}'")
    if not isinstance(value, str):
        raise InputError(f"'{what}' must be a string, got {type(value).__name__}")
    if not value.strip():
        raise InputError(f"empty '{what}'")
    if len(value) > MAX_TEXT_CHARS:
        raise InputError(f"'{what}' is {len(value):,} characters (limit {MAX_TEXT_CHARS:,})")
    return value


def _opt(value: Any, what: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError(f"'{what}' must be a string, got {type(value).__name__}")
    return value[:2000]


def _outlet_id(value: Any, what: str) -> str | None:
    outlet = _opt(value, what)
    return outlet.strip().lower() if outlet and outlet.strip() else None


def _credits(value: Any) -> tuple[Credit, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError(f"'credits' must be an array, got {type(value).__name__}")
    return tuple(Credit.from_dict(item) for item in value[:100])


def content_hash(text: str) -> str:
    """Hash of the whitespace-collapsed text: the same article twice is stored once."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """A known state-media article.

    `outlet` is who published it; `origin`, when its byline says so, the agency behind it (a
    China News Service or Hunan Daily page running a Xinhua dispatch has outlet "chinanews",
    origin "xinhua"). Both are registry outlet ids; credit to either counts.
    """

    text: str
    id: str = ""
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    published_at: str | None = None
    origin: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        if not isinstance(data, dict):
            raise InputError("record is not an object")
        text = _text(data.get("text"), "text")
        ident = _opt(data.get("id"), "id") or content_hash(text)[:16]
        return cls(
            text=text,
            id=ident,
            outlet=_outlet_id(data.get("outlet"), "outlet"),
            url=_opt(data.get("url"), "url"),
            title=_opt(data.get("title"), "title"),
            lang=_opt(data.get("lang"), "lang"),
            published_at=parse_datetime(data.get("published_at")),
            origin=_outlet_id(data.get("origin"), "origin"),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


CREDIT_KINDS = ("link", "forward", "repost")


@dataclass(frozen=True)
class Credit:
    """A credit a platform keeps outside the visible text of a post.

    `kind`: "link" (a URL behind other words: a Telegram text_link, a Mastodon <a href>, the
    expanded URL of an X t.co link), "forward" (forwarded from a channel or account) or
    "repost" (a retweet, boost or quote of an account). `value`: the URL, or the channel or
    account name / handle. `field`: where the reader found it, in the export's own terms
    ("entities.urls.expanded_url", "text_link.href", "a.href", "forwarded_from",
    "retweeted_status.user", ...) so evidence can say which field held the credit. `label`:
    the visible words it sits behind, if any ("Source", "t.co/AbC").
    """

    kind: str
    value: str
    field: str
    label: str | None = None

    @classmethod
    def from_dict(cls, data: Any) -> Credit:
        """Raises InputError for anything but an object with string kind, value and field."""
        if not isinstance(data, dict):
            raise InputError("a credit must be an object")
        kind, value, where = data.get("kind"), data.get("value"), data.get("field")
        if kind not in CREDIT_KINDS:
            raise InputError(f"credit kind must be one of {', '.join(CREDIT_KINDS)}, got {kind!r}")
        if not isinstance(value, str) or not value.strip() or not isinstance(where, str):
            raise InputError("a credit needs string 'value' and 'field'")
        label = data.get("label")
        return cls(kind, value[:2000], where[:200], label[:2000] if isinstance(label, str) else None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Post:
    """A social-media post to check."""

    text: str
    id: str = ""
    author: str | None = None
    platform: str | None = None
    url: str | None = None
    created_at: str | None = None
    lang: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # credits kept outside the visible text (see Credit); readers of platform exports fill it
    credits: tuple[Credit, ...] = field(default=(), compare=False, hash=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any], default_id: str = "") -> Post:
        if not isinstance(data, dict):
            raise InputError("record is not an object")
        text = _text(data.get("text"), "text")
        return cls(
            text=text,
            id=_opt(data.get("id"), "id") or default_id,
            author=_opt(data.get("author"), "author"),
            platform=_opt(data.get("platform"), "platform"),
            url=_opt(data.get("url"), "url"),
            created_at=parse_datetime(data.get("created_at")),
            lang=_opt(data.get("lang"), "lang"),
            credits=_credits(data.get("credits")),
        )

    def header(self) -> dict[str, Any]:
        """The `post` object of the JSON contract (no text: the caller has it)."""
        return {
            "id": self.id,
            "author": self.author,
            "platform": self.platform,
            "url": self.url,
            "created_at": self.created_at,
            "lang": self.lang,
        }
