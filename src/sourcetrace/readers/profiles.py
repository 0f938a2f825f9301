"""The columns research tools write, for CSV rows (and flat JSON objects) that have no `text`
column of their own or name their fields in their own way. A profile is told by the columns
only that tool writes; its rows are read into posts with the tool's names for each field:

- twarc-csv (`twarc2 csv`): `author.username`; text cells JSON-encoded with
  `--json-encode-text`; `entities.urls` a JSON list whose expanded URLs are credits;
- 4CAT (CSV and NDJSON of mapped items): `thread_id` and `body`; its Telegram source adds
  `author_forwarded_from_name` / `_username` (a forward credit);
- Meta Content Library (CSV of Facebook / Instagram posts): `creation_time` and `post_owner.*`,
  `link_attachment.link` (a link credit);
- CrowdTangle (CSV): `post created` and `message`, `link` (a link credit);
- Meltwater (CSV of a search's mentions): `Hit Sentence` (a social post's whole text),
  `Influencer` (its author), `Tweet Id`, `Date` with a separate `Time` in some exports, `Source`
  (the platform by name), `Language` (by name: "Spanish").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, NoTextError
from ..records import MAX_CREDITS, MAX_FIELD_CHARS, Post
from .jsontext import loads
from .problems import Origin
from .tweets import X_NO_LANG
from .values import as_dict, as_list, as_str

Row = dict[str, Any]  # column name (lower case) -> value


@dataclass(frozen=True)
class Profile:
    """One tool's columns: how its rows are told (`any_of` / `all_of` column names, lower case)
    and which columns give each post field (the first non-empty one)."""

    name: str
    platform: str | None
    fields: dict[str, tuple[str, ...]]
    any_of: frozenset[str] = frozenset()
    all_of: frozenset[str] = frozenset()
    links: tuple[tuple[str, str | None], ...] = ()  # (column of a URL credit, column of its label)
    forwards: tuple[str, ...] = ()  # columns naming the channel a message was forwarded from
    extra: Callable[[Row], dict[str, Any]] | None = field(default=None, compare=False)
    named: tuple[tuple[str, str], ...] = ()  # (field, column) the user named: read as they are

    def overridden(self, mapping: Mapping[str, str]) -> Profile:
        """This profile with the columns the user named (`--text-col` ...) looked at first for
        their fields, so naming one column keeps the tool's reading of the others."""
        fields = dict(self.fields)
        for name, column in mapping.items():
            col = column.strip().lower()
            fields[name] = (col, *(c for c in fields.get(name, ()) if c != col))
        # a column the tool itself reads for that field keeps the tool's reading of it
        # (twarc-csv's JSON-encoded cells decoded); another one is read as it is
        named = tuple((name, column.strip().lower()) for name, column in mapping.items()
                      if column.strip().lower() not in self.fields.get(name, ()))
        return dataclasses.replace(self, fields=fields, named=named)

    def matches(self, names: set[str]) -> bool:
        """Whether a header (or an object's keys, lower case) is this tool's."""
        if self.all_of and not self.all_of <= names:
            return False
        return not self.any_of or bool(self.any_of & names)

    def post(self, data: Row, origin: Origin) -> Post:
        """A post from one row. Raises InputError (no text), ValueError."""
        row = {str(k).lower(): v for k, v in data.items()}
        fields: dict[str, Any] = {"platform": self.platform}
        for name, columns in self.fields.items():
            fields[name] = next((row[c] for c in columns if row.get(c) not in (None, "")), None)
        if fields.get("text") is None:
            if not any(c in row for c in self.fields["text"]):
                raise InputError(f"missing text (columns: {', '.join(self.fields['text'])})")
            raise NoTextError("no text (media or markup only)")
        credits: list[dict[str, str]] = []
        for column in self.forwards:
            value = as_str(row.get(column))
            if value:
                credits.append({"kind": "forward", "value": value[:MAX_FIELD_CHARS], "field": column})
                break
        for column, label in self.links:
            value = as_str(row.get(column))
            if value and value.startswith(("http://", "https://")):
                credit = {"kind": "link", "value": value[:MAX_FIELD_CHARS], "field": column}
                if label and as_str(row.get(label)):
                    credit["label"] = str(row[label])[:MAX_FIELD_CHARS]
                credits.append(credit)
        if self.extra is not None:
            extra = self.extra(row)
            fields.update({k: v for k, v in extra.items() if k != "credits"})
            credits += extra.get("credits", [])
        for name, column in self.named:  # what the user named wins over the tool's reading
            if row.get(column) not in (None, ""):
                fields[name] = row[column]
        fields["credits"] = credits[:MAX_CREDITS]
        return Post.from_dict(
            fields, default_id=origin.default_id, warn=origin.warn, dayfirst=origin.options.dayfirst,
            on_date=origin.date_seen,
        )


def _json_cell(value: Any) -> Any:
    """A cell JSON-encoded by twarc-csv ('"text"', '[...]'), decoded; else as it is."""
    if not isinstance(value, str) or len(value) < 2 or value[0] not in "\"[{":
        return value
    try:
        decoded, _ = loads(value)
    except (ValueError, RecursionError):
        return value
    return decoded


def _twarc_extra(row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {}
    text = _json_cell(row.get("text"))
    out["text"] = text if isinstance(text, str) else row.get("text")
    lang = row.get("lang")
    out["lang"] = None if lang in X_NO_LANG else lang
    user, tweet_id = as_str(row.get("author.username")), as_str(row.get("id"))
    if tweet_id and tweet_id.isdigit():
        out["url"] = f"https://x.com/{user or 'i'}/status/{tweet_id}"
    if user:
        out["author"] = f"@{user}"
    credits = []
    for entity in as_list(_json_cell(row.get("entities.urls")))[:100]:
        entity = as_dict(entity)
        full, short = as_str(entity.get("expanded_url")), as_str(entity.get("url"))
        if full and "media_key" not in entity:
            credits.append({"kind": "link", "value": full[:MAX_FIELD_CHARS],
                            "field": "entities.urls.expanded_url",
                            "label": (as_str(entity.get("display_url")) or short or "")[:MAX_FIELD_CHARS]})
            if short and isinstance(out["text"], str):
                out["text"] = out["text"].replace(short, full, 1)
    out["credits"] = credits
    return out


# Meltwater's `Source` cell for a social post: the platform by name
_MELTWATER_PLATFORMS = {
    "twitter": "x", "x": "x", "facebook": "facebook", "instagram": "instagram", "reddit": "reddit",
    "youtube": "youtube", "tiktok": "tiktok", "telegram": "telegram", "threads": "threads",
    "bluesky": "bluesky", "mastodon": "mastodon", "weibo": "weibo", "vk": "vk",
}


def _meltwater_extra(row: Row) -> dict[str, Any]:
    """Meltwater's platform by name, and a `Date` without a time of day joined to its `Time`
    ("22-Nov-2023" and "10:30 AM"): a post's date kept to the day only would misjudge which of
    a post and an article came first."""
    out: dict[str, Any] = {}
    platform = as_str(row.get("source"))
    if platform and platform.strip().lower() in _MELTWATER_PLATFORMS:
        out["platform"] = _MELTWATER_PLATFORMS[platform.strip().lower()]
    date, time = as_str(row.get("date")), as_str(row.get("time"))
    if date and time and ":" not in date and ":" in time:
        out["created_at"] = f"{date.strip()} {time.strip()}"
    return out


PROFILES = (
    Profile(
        "twarc-csv", "x",
        fields={"text": ("text",), "id": ("id",), "created_at": ("created_at",)},
        any_of=frozenset({"author.username", "referenced_tweets.retweeted.id", "__twarc.retrieved_at",
                          "public_metrics.retweet_count"}),
        extra=_twarc_extra,
    ),
    Profile(
        "4cat", None,
        fields={"text": ("body",), "id": ("id",), "author": ("author_username", "author"),
                "created_at": ("unix_timestamp", "timestamp"), "url": ("url", "link")},
        all_of=frozenset({"thread_id", "body"}),
        forwards=("author_forwarded_from_username", "author_forwarded_from_name"),
    ),
    Profile(
        "meta-content-library", None,
        fields={"text": ("text",), "id": ("id",), "author": ("post_owner.username", "post_owner.name"),
                "created_at": ("creation_time",), "url": ("url", "post_url", "mcl_url"),
                "lang": ("lang",)},
        all_of=frozenset({"creation_time"}),
        any_of=frozenset({"post_owner.name", "post_owner.username", "post_owner.id"}),
        links=(("link_attachment.link", "link_attachment.name"),),
    ),
    Profile(
        "crowdtangle", "facebook",
        fields={"text": ("message", "description"), "author": ("user name", "page name"),
                "created_at": ("post created",), "url": ("url",)},
        all_of=frozenset({"post created", "message"}),
        links=(("link", "link text"),),
    ),
    Profile(
        "meltwater", None,
        fields={"text": ("hit sentence", "opening text", "headline"), "id": ("tweet id", "document id"),
                "author": ("influencer", "twitter screen name", "author"),
                "created_at": ("date", "alternate date format"), "url": ("url",), "lang": ("language",)},
        all_of=frozenset({"hit sentence"}),
        any_of=frozenset({"influencer", "opening text", "input name"}),
        extra=_meltwater_extra,
    ),
)


def profile_for(names: Iterable[Any]) -> Profile | None:
    """The profile whose columns `names` are, or None (names compared in lower case)."""
    lowered = {str(name).strip().lower() for name in names}
    return next((profile for profile in PROFILES if profile.matches(lowered)), None)

