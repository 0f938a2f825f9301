"""Records flowing through the pipeline: articles (the indexed corpus) and posts (what is checked)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from .dates import record_datetime
from .errors import InputError, NoTextError
from .lang import normalize_tag

# A post or article larger than this is not a social-media post or a news article; bounding it
# keeps a crafted record from exhausting memory in the encoders or the aligner.
MAX_TEXT_CHARS = 200_000
# Optional string fields (ids, names, URLs) are cut to this many characters.
MAX_FIELD_CHARS = 2000

# Tags that say themselves that they name no language, left blank without a warning: ISO 639's
# undetermined, no linguistic content, multiple, uncoded; and X's documented pseudo-codes, which a
# tweet carries in any export of it ("qme" media links only, "qht" hashtags only, "qam" mentions
# only, "qct" cashtags only, "qst" very short text, "art" emoji or art only).
_NO_LANGUAGE_TAGS = frozenset({"und", "zxx", "mul", "mis", "qme", "qht", "qam", "qct", "qst", "art",
                               # a tool's Language column naming none (Meltwater's "Other", trial 111)
                               "other", "unknown", "undetermined", "none", "n/a", "-"})
# Told why an optional field was blanked or repaired while the record was kept (see from_dict).
Warn = Callable[[str], None]
# A lone UTF-16 surrogate ("\ud800" escaped in JSON, or undecodable command-line bytes) is no
# character: SQLite and every UTF-8 writer refuse it, so it is replaced wherever a record is made.
# A NUL ("\u0000" in JSON) is stored, but SQLite's text functions stop at it (length(), substr(),
# and so Datasette and the sqlite3 shell show the text cut there): it is removed, as feeds and
# pages remove it (textenc.scrub). Other control characters round-trip and are kept.
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def scrub(value: str) -> tuple[str, int]:
    """`value` with each lone surrogate replaced by U+FFFD and each NUL removed, and how many
    characters were changed."""
    if not _UNSTORABLE.search(value):
        return value, 0
    value, nuls = value.replace("\x00", ""), value.count("\x00")
    value, surrogates = _SURROGATE.subn("\ufffd", value)
    return value, nuls + surrogates


def _clean(value: str, what: str, warn: Warn | None) -> str:
    cleaned, count = scrub(value)
    if count and warn is not None:
        nuls = value.count("\x00")
        said = []
        if nuls:
            said.append(f"{nuls} NUL character{'s' if nuls > 1 else ''} removed")
        if count > nuls:
            said.append(f"{count - nuls} invalid character{'s' if count - nuls > 1 else ''}"
                        " (lone surrogates) replaced with U+FFFD")
        warn(f"'{what}' held characters that cannot be stored: {', '.join(said)}")
    return cleaned


def _text(value: Any, what: str, warn: Warn | None = None, empty: type[InputError] = InputError) -> str:
    """`value` as a text field named `what`, cleaned (`_clean`). Raises InputError where it is
    missing, no string, too long or only NULs, and `empty` where it is blank."""
    if value is None:
        raise InputError(f"missing '{what}'")
    if not isinstance(value, str):
        raise InputError(f"'{what}' must be a string, got {type(value).__name__}")
    if not value.strip():
        raise empty(f"empty '{what}'")
    if len(value) > MAX_TEXT_CHARS:
        raise InputError(f"'{what}' is {len(value):,} characters (limit {MAX_TEXT_CHARS:,})")
    value = _clean(value, what, warn)
    if not value.strip():
        raise InputError(f"empty '{what}' once its NUL characters are removed")
    return value


def _article_text(value: Any, warn: Warn | None) -> str:
    """An article's text as `_text` reads it, but one over MAX_TEXT_CHARS is cut there (at the
    last whitespace in its final 1,000 characters, if any) with a warning, where `warn` is given:
    a long report or transcript is indexed in part rather than dropped (trial 50)."""
    if warn is not None and isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        cut = max(value.rfind(" ", MAX_TEXT_CHARS - 1_000, MAX_TEXT_CHARS + 1),
                  value.rfind("\n", MAX_TEXT_CHARS - 1_000, MAX_TEXT_CHARS + 1))
        cut = cut if cut > 0 else MAX_TEXT_CHARS
        warn(f"'text' is {len(value):,} characters (limit {MAX_TEXT_CHARS:,}): its first {cut:,} are indexed")
        value = value[:cut]
    return _text(value, "text", warn)


def _opt(value: Any, what: str, warn: Warn | None = None, numbers: bool = True) -> str | None:
    """An optional string field: numbers become strings (with `numbers`: a field that may hold
    one, such as an id); another type is an InputError, or, given `warn`, a warning and None
    (the record is kept without the field)."""
    if value is None or value == "":
        return None
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        reason = f"'{what}' must be a string, got {type(value).__name__}"
        if warn is None:
            raise InputError(reason)
        warn(f"{reason}: left blank")
        return None
    return _clean(value[:MAX_FIELD_CHARS], what, warn) or None


def _date(value: Any, what: str, warn: Warn | None, dayfirst: bool,
          on_date: Callable[[Any], None] | None = None) -> str | None:
    """An optional date: an InputError when unreadable or implausible (`dates.record_datetime`),
    or, given `warn`, a warning and None. `on_date` hears the value of a date read (see
    dates.DateOrder)."""
    try:
        parsed = record_datetime(value, dayfirst=dayfirst)
    except InputError as exc:
        if warn is None:  # named, as a warning names it (/v1/query and the web page said only "not a date")
            raise InputError(f"'{what}': {_clean(str(exc), what, None)}") from None
        warn(f"'{what}': {_clean(str(exc), what, None)}: left blank")
        return None
    if on_date is not None and parsed is not None:
        on_date(value)
    return parsed


def _lang(value: Any, warn: Warn | None, numbers: bool = True) -> str | None:
    """A language tag as BCP 47 (`lang.normalize_tag`); one that names no language is left
    blank (with a warning unless it says so itself: "und", "zxx"), so the text decides.
    `numbers`: see `_opt`."""
    tag = _opt(value, "lang", warn, numbers)
    if tag is None:
        return None
    standard = normalize_tag(tag)
    if standard is None and warn is not None and tag.strip().lower() not in _NO_LANGUAGE_TAGS:
        warn(f"'lang' {tag[:40]!r} is no language tag: left blank")
    return standard


def _outlet_id(value: Any, what: str, warn: Warn | None = None) -> str | None:
    outlet = _opt(value, what, warn, numbers=False)  # a registry id ("xinhua"), never a number
    return outlet.strip().lower() if outlet and outlet.strip() else None


def _credits(value: Any, warn: Warn | None = None) -> tuple[Credit, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        reason = f"'credits' must be an array, got {type(value).__name__}"
        if warn is None:
            raise InputError(reason)
        warn(f"{reason}: left out")
        return ()
    credits = []
    for item in value[:MAX_CREDITS]:
        try:
            credits.append(Credit.from_dict(item))
        except InputError as exc:
            if warn is None:
                raise
            warn(f"{exc}: credit left out")
    return tuple(credits)


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
    def from_dict(
        cls, data: dict[str, Any], *, warn: Warn | None = None, dayfirst: bool = False,
        on_date: Callable[[Any], None] | None = None,
    ) -> Article:
        """An article from a JSON object or CSV row. Raises InputError without a usable `text`.

        An unusable optional field (a wrong type, an unreadable date) raises InputError too,
        unless `warn` is given: then the field is left blank and `warn` hears why, and a text over
        MAX_TEXT_CHARS is cut there (`_article_text`). A number is a
        wrong type for every field but `id` (read as its digits) and `published_at` (an epoch
        time): `"outlet": 7` was indexed as the outlet "7" without a word. Lone surrogates are
        replaced with U+FFFD and NULs removed (`warn` told; see `scrub`). `dayfirst`: see
        parse_datetime; `on_date` hears the date read (dates.DateOrder).
        """
        if not isinstance(data, dict):
            raise InputError("record is not an object")
        text = _article_text(data.get("text"), warn)
        ident = _opt(data.get("id"), "id", warn) or content_hash(text)[:16]
        return cls(
            text=text,
            id=ident,
            outlet=_outlet_id(data.get("outlet"), "outlet", warn),
            url=_opt(data.get("url"), "url", warn, numbers=False),
            title=_opt(data.get("title"), "title", warn, numbers=False),
            lang=_lang(data.get("lang"), warn, numbers=False),
            published_at=_date(data.get("published_at"), "published_at", warn, dayfirst, on_date),
            origin=_outlet_id(data.get("origin"), "origin", warn),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


CREDIT_KINDS = ("link", "forward", "repost")
# A post carrying more credits than this is not a post as a platform shows it; the rest are dropped.
MAX_CREDITS = 100


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
        return cls(
            kind,
            scrub(value[:MAX_FIELD_CHARS])[0],
            scrub(where[:200])[0],
            scrub(label[:MAX_FIELD_CHARS])[0] if isinstance(label, str) else None,
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
    # credits kept outside the visible text (see Credit); readers of platform exports fill it
    credits: tuple[Credit, ...] = field(default=(), compare=False, hash=False)

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        default_id: str = "",
        *,
        warn: Warn | None = None,
        dayfirst: bool = False,
        on_date: Callable[[Any], None] | None = None,
    ) -> Post:
        """A post from a JSON object or CSV row. Raises InputError without a usable `text`
        (NoTextError where it is empty: a post without text, not a bad record).

        `credits` is a list of Credit dicts. An unusable optional field (a wrong
        type, an unreadable date, a bad credit) raises InputError too, unless `warn` is given:
        then the field is left blank and `warn` hears why, so no post is lost for an optional
        field. Lone surrogates are replaced with U+FFFD and NULs removed (`warn` told; see
        `scrub`). `dayfirst`: see parse_datetime; `on_date` hears the date read (dates.DateOrder).
        """
        if not isinstance(data, dict):
            raise InputError("record is not an object")
        # an empty text is a post without text, as a media-only post is (trial 65: counted as a
        # bad record, an input of them failed where check's help says it exits 0)
        text = _text(data.get("text"), "text", warn, empty=NoTextError)
        return cls(
            text=text,
            id=_opt(data.get("id"), "id", warn) or default_id,
            author=_opt(data.get("author"), "author", warn),
            platform=_opt(data.get("platform"), "platform", warn),
            url=_opt(data.get("url"), "url", warn),
            created_at=_date(data.get("created_at"), "created_at", warn, dayfirst, on_date),
            lang=_lang(data.get("lang"), warn),
            credits=_credits(data.get("credits"), warn),
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
