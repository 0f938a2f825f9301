"""The one date parser: strings and epoch numbers in, aware datetimes or ISO strings out.

Every date the package reads (an article's `published_at`, a post's `created_at`, `--before`,
a report's times) goes through here, so "which dates are accepted" has one answer: ISO 8601;
epoch seconds or milliseconds (numbers or digit strings); and the dates that exports and
spreadsheets write — CrowdTangle's "2018-09-30 10:00:00 EDT", Excel's "9/30/2018 10:00", RFC 2822
"Sun, 30 Sep 2018 10:00:00 +0000", X's "Wed Mar 06 12:00:00 +0000 2024" — read by python-dateutil.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from .errors import InputError

# A date string longer than this is not a date (and dateutil's time grows with the length).
MAX_DATE_CHARS = 100
# Epoch numbers at or above this are milliseconds: 1e11 seconds is the year 5138, while 1e11 ms
# is March 1973, before any post.
EPOCH_MS_FROM = 100_000_000_000
# A digit string this long or longer is an epoch number; shorter ones ("20180930") are ISO dates.
_EPOCH_DIGITS = re.compile(r"-?\d{9,16}(?:\.\d+)?")

# Zone abbreviations dateutil does not know by itself (it knows UTC, GMT, Z and the machine's
# own). CrowdTangle writes the dashboard's US zone; the others are the zones of the outlets and
# audiences this tool sees. An ambiguous abbreviation takes its most common reading in exports
# ("CST": US Central, as CrowdTangle writes it; "IST": India).
_HOURS = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "UT": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1,
    "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "IST": 5.5, "HKT": 8, "SGT": 8, "AWST": 8,
    "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}
_TZINFOS = {name: int(hours * 3600) for name, hours in _HOURS.items()}
# Two defaults for the fields a string leaves out: a date that comes out differently under them
# lacked a year, month or day ("March", "5"), and is refused rather than completed with today's.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def parse_datetime(value: Any, *, dayfirst: bool = False) -> str | None:
    """Return an ISO 8601 string (UTC if the input had no zone) or None for an empty value.

    Accepts ISO 8601 strings (a trailing "Z" included), numbers or digit strings of seconds or
    milliseconds since the epoch (see EPOCH_MS_FROM), and any date python-dateutil reads that
    names a year, month and day. `dayfirst` reads an ambiguous numeric date "01/02/2018" as 1
    February (default: 2 January, as US exports write it); an unambiguous one ("30/9/2018") is
    read either way. A date written with dots ("01.10.2018", the German, Russian and Nordic way)
    is always day first: no locale writes month.day.year. Raises InputError for anything else,
    naming the value.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(value)
    if not isinstance(value, str):
        raise InputError(f"a date must be a string or a number, got {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    if len(text) > MAX_DATE_CHARS:
        raise InputError(f"not a date: a {len(text):,}-character string")
    if _EPOCH_DIGITS.fullmatch(text):
        return _from_epoch(float(text))
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        parsed = _dateutil(text, dayfirst or bool(_DOTTED.match(text)))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.isoformat()


_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b")


def _from_epoch(value: float) -> str:
    seconds = value / 1000 if abs(value) >= EPOCH_MS_FROM else value
    try:
        return datetime.fromtimestamp(float(seconds), tz=timezone.utc).isoformat()
    except (ValueError, OverflowError, OSError):
        raise InputError(f"timestamp out of range: {value!r}") from None


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from dateutil import parser

    return parser.parser()


def _dateutil(text: str, dayfirst: bool) -> datetime:
    """`text` read by dateutil; InputError unless it names a year, month and day."""
    results = []
    with warnings.catch_warnings():
        # an unknown zone name ("XYZ") gives a naive time, read as UTC like other naive times
        warnings.simplefilter("ignore")
        for default in _DEFAULTS:
            try:
                results.append(
                    _parser().parse(text, default=default, dayfirst=dayfirst, tzinfos=_TZINFOS)
                )
            except (ValueError, OverflowError, TypeError, LookupError):
                # dateutil's documented failures: ParserError (a ValueError) for an unknown
                # format, OverflowError for numbers beyond a C int; TypeError/LookupError cover
                # inputs its tokenizer mishandles.
                raise InputError(f"not a date: {text!r}") from None
    first, second = results
    if first.date() != second.date():
        raise InputError(f"not a complete date (year, month and day): {text!r}")
    try:
        first.utcoffset()
    except (ValueError, OverflowError):
        raise InputError(f"not a date (bad zone offset): {text!r}") from None
    if first.tzinfo is not None and abs(first.utcoffset() or timedelta(0)) >= timedelta(hours=24):
        raise InputError(f"not a date (bad zone offset): {text!r}")
    return first


# A numeric date with slashes or dashes, day and month in either order: "25/03/2025",
# "3-25-2025 14:00" (dots are always day first, see parse_datetime; ISO starts with the year).
_NUMERIC = re.compile(r"\s*(\d{1,2})([/-])(\d{1,2})\2\d{2,4}(?!\d)")


def numeric_order(value: Any) -> str | None:
    """The order a numeric date shows: "day" when only day first reads ("25/03/2025"), "month"
    when only month first does ("3/25/2025"), "either" when both do and differ ("12/03/2025"),
    None for any other value ("05/05/2025", "2025-03-12", "12.03.2025")."""
    found = _NUMERIC.match(value) if isinstance(value, str) else None
    if found is None:
        return None
    first, second = int(found[1]), int(found[3])
    if first > 12 >= second:
        return "day"
    if second > 12 >= first:
        return "month"
    return "either" if first != second and first and second else None


class DateOrder:
    """Watches the numeric dates of one file as they are read, and says once, in one line to
    `say`, when the file shows day first ("25/03/2025") while its ambiguous dates ("12/03/2025")
    were read month first, or shows month first while `dayfirst` read them day first: the
    ambiguous ones are then likely wrong, and rereading with(out) --dayfirst mends them. A
    single pass: the line comes as soon as both kinds have been seen, in either order."""

    def __init__(self, dayfirst: bool, say: Callable[[str], None]) -> None:
        self.dayfirst = dayfirst
        self._say = say
        self._ambiguous: tuple[str, int] | None = None
        self._against: tuple[str, int] | None = None
        self._said = False

    def seen(self, value: Any, line: int) -> None:
        """Note a date read (the text as written) at `line`."""
        if self._said:
            return
        order = numeric_order(value)
        if order is None:
            return
        if order == "either":
            self._ambiguous = self._ambiguous or (value.strip(), line)
        elif (order == "day") != self.dayfirst:
            self._against = self._against or (value.strip(), line)
        if self._ambiguous is None or self._against is None:
            return
        self._said = True
        (against, at), (ambiguous, where) = self._against, self._ambiguous
        shown, read = ("day", "month") if not self.dayfirst else ("month", "day")
        fix = "pass --dayfirst" if not self.dayfirst else "leave out --dayfirst"
        self._say(f"dates are written {shown} first ({against!r}, line {at}), but ambiguous ones"
                  f" such as {ambiguous!r} (line {where}) were read {read} first: {fix}")


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


def lag_days(published_at: str | None, created_at: str | None) -> float | None:
    """Days from a post's creation to an article's publication (negative: the article came
    first), or None when a date is missing or unreadable: what `source_first` is read from."""
    published, created = to_datetime(published_at), to_datetime(created_at)
    if published is None or created is None:
        return None
    return (published - created).total_seconds() / 86400


