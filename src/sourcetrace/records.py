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


def content_hash(text: str) -> str:
    """Hash of the whitespace-collapsed text: the same article twice is stored once."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """A known state-media article."""

    text: str
    id: str = ""
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    published_at: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        if not isinstance(data, dict):
            raise InputError("record is not an object")
        text = _text(data.get("text"), "text")
        ident = _opt(data.get("id"), "id") or content_hash(text)[:16]
        outlet = _opt(data.get("outlet"), "outlet")
        return cls(
            text=text,
            id=ident,
            outlet=outlet.strip().lower() if outlet else None,
            url=_opt(data.get("url"), "url"),
            title=_opt(data.get("title"), "title"),
            lang=_opt(data.get("lang"), "lang"),
            published_at=parse_datetime(data.get("published_at")),
        )

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
