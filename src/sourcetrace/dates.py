"""The one date parser: ISO 8601 strings and epoch seconds in, aware datetimes or ISO strings out.

Every date the package reads (an article's `published_at`, a post's `created_at`, `--before`,
a report's times) goes through here, so "which dates are accepted" has one answer.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .errors import InputError


def parse_datetime(value: Any) -> str | None:
    """Return an ISO 8601 string (UTC if the input had no zone) or None for an empty value.

    Accepts ISO 8601 strings (a trailing "Z" included) and numbers of seconds since the epoch.
    Raises InputError for anything else, naming the value.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc).isoformat()
        except (ValueError, OverflowError, OSError):
            raise InputError(f"timestamp out of range: {value!r}") from None
    if not isinstance(value, str):
        raise InputError(f"date must be an ISO 8601 string, got {type(value).__name__}")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"not an ISO 8601 date: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.isoformat()


def to_datetime(value: Any) -> datetime | None:
    """An ISO 8601 string as an aware datetime (UTC if it names no zone); None if it is not one.

    For dates already stored by this package (records, index, reports): a missing or unreadable
    value is "unknown", never an error.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
