"""The one date parser: strings and epoch numbers in, aware datetimes or ISO strings out.

Every date the package reads (an article's `published_at`, a post's `created_at`, `--before`,
a report's times) goes through here, so "which dates are accepted" has one answer: ISO 8601;
epoch seconds or milliseconds (numbers or digit strings); and the dates that exports and
spreadsheets write — CrowdTangle's "2018-09-30 10:00:00 EDT", Excel's "9/30/2018 10:00", RFC 2822
"Sun, 30 Sep 2018 10:00:00 +0000", X's "Wed Mar 06 12:00:00 +0000 2024" — read by python-dateutil;
and, when dateutil reads none, Chinese, Japanese and Korean "2023年11月18日 10:00" and dates with
a month name in another language ("18 de noviembre de 2023", "18 novembre 2023"; the month
names anchors read, lexicon.MONTH_OF). A post's or article's date (`record_datetime`) must also
be plausible: not after a year from now, not before 1900, and an epoch number not before 1990.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from .errors import InputError

# A date string longer than this is not a date (and dateutil's time grows with the length).
MAX_DATE_CHARS = 100
# Epoch numbers at or above this are milliseconds: 1e11 seconds is the year 5138, while 1e11 ms
# is March 1973, before any post.
EPOCH_MS_FROM = 100_000_000_000
# A digit string this long or longer is an epoch number; shorter ones ("20180930") are ISO dates.
# So is an eight-digit number from 19000101 (a trial's `"published_at": 20240101` was read as
# 1970-08-23 and blanked as implausible): as seconds it would fall in 1970-1973, before
# MIN_EPOCH_YEAR, so no plausible epoch number is read otherwise.
_COMPACT_FROM, _COMPACT_TO = 19_000_101, 100_000_000
_EPOCH_DIGITS = re.compile(r"-?\d{9,16}(?:\.\d+)?")

# Zone abbreviations dateutil does not know by itself (it knows UTC, GMT, Z and the machine's
# own). CrowdTangle writes the dashboard's US zone; the others are the zones of the outlets and
# audiences this tool sees. An ambiguous abbreviation takes the reading of this tool's sources:
# "CST" is China Standard Time (UTC+8), as Chinese outlets and their feeds write it, not US
# Central (UTC-6, CrowdTangle's), which a seventh trial saw it read as; `DateOrder` says so once
# per file, since a US export's CST is then 14 hours off. "IST" is India.
# The Portuguese-speaking world's (trial 112, a Brazilian newsroom, whose "BRT" dates were left
# blank): "BRT" Brasília (UTC-3), "BRST" its summer time (UTC-2, until 2019), "WET"/"WEST"
# Portugal, "WAT" West Africa (UTC+1: Angola, Nigeria), "CAT" Central Africa (UTC+2: Mozambique;
# Alaska's "CAT" ended in 1967). Not "AMT": Amazon Time (UTC-4) and Armenia Time (UTC+4) both
# write it today, 8 hours apart, so it is refused with both readings named (`_AMBIGUOUS`).
CST_HOURS = 8
_HOURS = {
    "EST": -5, "EDT": -4, "CST": CST_HOURS, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "UT": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1,
    "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "IST": 5.5, "HKT": 8, "SGT": 8, "AWST": 8,
    "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
    "BRT": -3, "BRST": -2, "WAT": 1, "CAT": 2,
}
_TZINFOS = {name: int(hours * 3600) for name, hours in _HOURS.items()}
# Abbreviations two zones in common use write, with their readings: refused, naming both, rather
# than read one way (a date 8 hours off) or said to be unknown.
_AMBIGUOUS = {"AMT": "Amazon Time (-04:00) or Armenia Time (+04:00)"}
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
    is always day first: no locale writes month.day.year. A zone is an offset, an abbreviation
    of `_HOURS` in any case, "GMT+8"/"UTC+08:00" (+08:00, `_GMT_OFFSET`) or an IANA name
    (zoneinfo); an unknown one raises UnknownZone. Raises InputError for anything else, naming
    the value.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _COMPACT_FROM <= value < _COMPACT_TO and float(value).is_integer():
            value = str(int(value))  # 20240101 is a compact ISO date, not 1970-08-23 (see _COMPACT_FROM)
        else:
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
    zone: tzinfo = timezone.utc
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        worded = day_first_wording(text)
        named, text = _zone_named(_city_time(text))
        zone = named or zone
        text = _at_the_hour(_zone_words(text))
        try:
            parsed = _dateutil(text, dayfirst or worded or bool(_DOTTED.match(text)))
        except InputError:
            rewritten = _with_numeric_date(text)
            if rewritten is None:
                raise
            try:
                parsed = _dateutil(rewritten, False)
            except UnknownZone:
                raise
            except InputError:  # named as written, not as rewritten ("Tue, 31 Nov 2026")
                raise InputError(f"not a date: {value.strip()!r}") from None
    if parsed.tzinfo is None:
        # an IANA name gives the offset of that day (summer time included); no zone is UTC
        parsed = parsed.replace(tzinfo=zone)
    return parsed.isoformat()


# "GMT+8", "UTC+08:00", "GMT+0800 (China Standard Time)" (JavaScript's Date): the offset they
# say, as everyone but POSIX means it. dateutil reads "GMT+8" the POSIX way, as 8 hours *behind*
# (a trial's China times were stored 16 hours off), so they are rewritten as "+08:00" first. IANA
# names "Etc/GMT+8" do invert, and are read by zoneinfo (`_zone_named`) before this sees them.
_GMT_OFFSET = re.compile(r"(?<![\w/])(?:GMT|UTC|UT)\s*([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)(?:\s*\([^()]*\))?",
                         re.IGNORECASE)
# A zone abbreviation written in lower or mixed case ("cst", "Est") where a zone stands: after
# a time, and last or before an offset, a year or a bracket. dateutil reads only capitals as one.
_ZONE_WORD = re.compile(r"(?<=[\d\s])([A-Za-z]{2,5})(?=\s*(?:[+-]\d|\d{4}\s*$|\(|$))")
# "Asia/Shanghai", "America/Argentina/Buenos_Aires", "Etc/GMT+8": an IANA zone name.
_IANA = re.compile(r"(?<![\w/])([A-Z][A-Za-z]+(?:/[A-Za-z0-9_+-]+){1,2})(?![\w/])")


# A city's time written in words, as Brazilian, Portuguese and Chinese outlets write it
# ("16:30 (horário de Brasília)", "11h14 (hora de Pequim)"): that city's IANA zone, summer times
# included (Brazil's until 2019). Trial 112's "(horário de Brasília)" was refused, and after a
# month name ("8 de novembro de 2025, 16h30 (horário de Brasília)") read as UTC, 3 hours off.
_CITY_ZONES = {"brasília": "America/Sao_Paulo", "brasilia": "America/Sao_Paulo", "lisboa": "Europe/Lisbon",
               "pequim": "Asia/Shanghai", "luanda": "Africa/Luanda", "maputo": "Africa/Maputo"}
_CITY_TIME = re.compile(r"\(?\s*(?:hor[áa]rio|hora)\s+(?:oficial\s+)?de\s+("
                        + "|".join(map(re.escape, _CITY_ZONES)) + r")\s*\)?", re.IGNORECASE)
# The word for "at" between a date and its time in Portuguese ("08/11/2025 às 16:30", also
# written "as" or "ás"), Spanish ("a las 16:30", "a la 1:05") and French ("à 16h30"), which
# dateutil knows in English only ("at"): trial 112's 489 Brazilian dates were left blank.
_AT = r"(?<=\d)\s*,?\s+(?:às|ás|as|à|a\s+las|a\s+la)\s+"
_AT_THE_HOUR = re.compile(_AT + r"(?=\d{1,2}\s*[:hH.]?\s*\d{0,2})", re.IGNORECASE)
# "16h30min", "16:30h", "16:30 hs": the hour marks written after a time in Portuguese and Spanish.
_HOUR_MARK = re.compile(r"(?<=\d)\s*min(?!\w)|(?<=:\d\d)\s*hs?(?!\w)", re.IGNORECASE)


# A numeric date whose time is written the Portuguese, Spanish or French way ("08/11/2025 às
# 16:30", "a las 16:30", "à 16h30", "16h30"): day first, as every locale that writes these does
# (as a dotted date is, `_DOTTED`). Trial 112's "08/11/2025 às 16:30" was read as 11 August in a
# file whose numeric dates could all be read either way.
_WORDED_TIME = re.compile(_AT + r"\d{1,2}\s*(?:[:hH.]|$)|(?<!\d)\d{1,2}\s*[hH]\s*\d{2}(?!\d)", re.IGNORECASE)


def day_first_wording(value: Any) -> bool:
    """Whether a numeric date's words say it is day first (`_WORDED_TIME`)."""
    return isinstance(value, str) and bool(_NUMERIC.match(value)) and bool(_WORDED_TIME.search(value))


def _city_time(text: str) -> str:
    """`text` with a city's time in words (`_CITY_TIME`) written as its IANA zone name."""
    return _CITY_TIME.sub(lambda found: " " + _CITY_ZONES[found.group(1).lower()] + " ", text).strip()


def _at_the_hour(text: str) -> str:
    """`text` without the word for "at" before its time and the hour marks after it
    (`_AT_THE_HOUR`, `_HOUR_MARK`): "08/11/2025 às 16h30min" → "08/11/2025 16h30"."""
    return _HOUR_MARK.sub("", _AT_THE_HOUR.sub(" ", text))


class UnknownZone(InputError):
    """A date naming a time zone this package does not know ("XYZ", "Mars/Olympus"): refused,
    not read as UTC, which would put it off by that zone's offset without a word."""


def _zone_named(text: str) -> tuple[tzinfo | None, str]:
    """The IANA zone `text` names ("Asia/Shanghai", read by zoneinfo) and `text` without it;
    (None, text) when it names none. InputError for a name zoneinfo does not know."""
    found = _IANA.search(text)
    if found is None:
        return None, text
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(found.group(1))
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownZone(f"not a date (unknown time zone {found.group(1)!r}): {text!r}") from None
    return zone, (text[: found.start()] + text[found.end():]).strip()


def _zone_words(text: str) -> str:
    """`text` with "GMT+8"-style offsets written "+08:00" and the zone abbreviations `_HOURS`
    knows in capitals ("cst" → "CST"), for dateutil."""

    def offset(found: re.Match[str]) -> str:
        sign, hours, minutes = found.group(1), int(found.group(2)), found.group(3) or "00"
        return f" {sign}{hours:02d}:{minutes}"

    def word(found: re.Match[str]) -> str:
        upper = found.group(1).upper()
        return upper if upper in _TZINFOS or upper in ("UTC", "GMT") else found.group(1)

    return _ZONE_WORD.sub(word, _GMT_OFFSET.sub(offset, text)).strip()


_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b")

# The latest and earliest dates a post or an article may have (`record_datetime`).
MIN_YEAR, MIN_EPOCH_YEAR = 1900, 1990
FUTURE_SLACK = timedelta(days=366)


def record_datetime(value: Any, *, dayfirst: bool = False) -> str | None:
    """`parse_datetime` for a post's or an article's own date, which must also be plausible:
    not more than a year after now, not before MIN_YEAR, and, for an epoch number, not before
    MIN_EPOCH_YEAR (0 or a small number is a placeholder or an id, not a date). A trial's
    "99999999999999" was read as the year 5138. Raises InputError naming the value otherwise."""
    parsed = parse_datetime(value, dayfirst=dayfirst)
    if parsed is None:
        return None
    when = datetime.fromisoformat(parsed)
    epoch = isinstance(value, (int, float)) or (isinstance(value, str) and bool(_EPOCH_DIGITS.fullmatch(value.strip())))
    latest = datetime.now(timezone.utc) + FUTURE_SLACK
    if when > latest:
        raise InputError(f"implausible date {str(value)[:40]!r} (read as {when:%Y-%m-%d}, after {latest:%Y-%m-%d})")
    earliest = MIN_EPOCH_YEAR if epoch else MIN_YEAR
    if when.year < earliest:
        what = "an epoch number" if epoch else "a date"
        raise InputError(f"implausible date {str(value)[:40]!r} (read as {when:%Y-%m-%d}: {what} before {earliest})")
    return parsed


# Chinese and Japanese "2023年11月18日", Korean "2023년 11월 18일", and a time after them:
# "10:00", "10时30分", "下午3点" (afternoon: +12 hours), "10시 30분". "北京时间" is UTC+8.
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号號일]?")
_CJK_TIME = re.compile(r"(上午|早上|凌晨|下午|晚上|午前|午後|오전|오후)?\s*(\d{1,2})\s*(?::|[时時点點시])\s*(\d{1,2})?"
                       r"\s*(?:分|분)?(?:\s*:?\s*(\d{1,2})\s*(?:秒|초)?)?")
_AFTERNOON = ("下午", "晚上", "午後", "오후")
_BEIJING = ("北京时间", "北京時間")
# A time and zone after a date written with a month name: "10:00", "10h30", "à 10 h 30", "3:05 pm UTC".
_TIME = re.compile(r"(\d{1,2})\s*[:h.]\s*(\d{2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?", re.IGNORECASE)
_ZONE = re.compile(r"(?<![\w+-])(?:UTC|GMT)?\s*([+-]\d{1,2}(?::?\d{2})?)(?!\w)|(?<!\w)([A-Z]{2,5})(?!\w)")


def _with_numeric_date(text: str) -> str | None:
    """`text` with a CJK or month-name date rewritten as ISO ("2023-11-18 10:00 +08:00") for
    dateutil, or None when it holds neither (the caller's error stands)."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)  # full-width digits and colons
    found = _CJK_DATE.search(text)
    if found is not None and not text[: found.start()].strip():
        year, month, day = (int(g) for g in found.groups())
        rest = text[found.end():]
        out = f"{year:04d}-{month:02d}-{day:02d}"
        clock = _CJK_TIME.search(rest)
        if clock is not None and clock.group(2):
            hour = int(clock.group(2)) + (12 if clock.group(1) in _AFTERNOON and int(clock.group(2)) < 12 else 0)
            out += f" {hour:02d}:{int(clock.group(3) or 0):02d}:{int(clock.group(4) or 0):02d}"
        if any(name in text for name in _BEIJING):
            out += " +08:00"
        elif clock is not None and clock.group(2):
            zone = _ZONE.search(rest, clock.end())  # "10:00 +08:00", "10:00 CST"
            if zone is not None:
                out += f" {zone.group(1) or zone.group(2)}"
        return out
    return _month_name_date(text) or _russian_rfc822(text)


# Russian feeds' RFC 822 dates, day and month abbreviated in Russian ("Вт, 24 ноя 2026 12:40:00
# +0300", as RT, RIA and TASS feeds write them), which neither dateutil nor feedparser reads:
# trial 110's were left blank. The month abbreviations as Russian writes them (CLDR's, with and
# without their dot, and the forms "сент", "нояб", "мая"); the day's, to be dropped.
_RU_MONTHS = {
    "янв": "Jan", "фев": "Feb", "февр": "Feb", "мар": "Mar", "апр": "Apr", "май": "May", "мая": "May",
    "июн": "Jun", "июл": "Jul", "авг": "Aug", "сен": "Sep", "сент": "Sep", "окт": "Oct", "ноя": "Nov",
    "нояб": "Nov", "дек": "Dec",
}
_RU_RFC822 = re.compile(
    r"\s*(?:(?:пн|вт|ср|чт|пт|сб|вс)\.?,?\s*)?(\d{1,2})\s+(" + "|".join(sorted(_RU_MONTHS, key=len, reverse=True))
    + r")\.?\s+(\d{4})(?!\d)", re.IGNORECASE)


def _russian_rfc822(text: str) -> str | None:
    """A Russian RFC 822 date (`_RU_RFC822`) in English ("24 Nov 2026 12:40:00 +0300"), or None."""
    found = _RU_RFC822.match(text)
    if found is None:
        return None
    day, month, year = found.groups()
    return f"{day} {_RU_MONTHS[month.lower()]} {year}{text[found.end():]}"


def _month_name_date(text: str) -> str | None:
    day_first, month_first = _month_patterns()
    found = day_first.search(text)
    if found is not None:
        day, name, year = found.group(1), found.group(2), found.group(3)
    else:
        found = month_first.search(text)
        if found is None:
            return None
        name, day, year = found.group(1), found.group(2), found.group(3)
    if any(c.isdigit() for c in text[: found.start()]):
        return None  # digits before the date: not a date this reading understands
    from .lexicon import MONTH_OF

    month = MONTH_OF.find(name)
    if not isinstance(month, int):
        return None
    out = f"{int(year):04d}-{month:02d}-{int(day):02d}"
    rest = text[found.end():]
    clock = _TIME.search(rest)
    if clock is not None:
        hour = int(clock.group(1))
        if clock.group(4) and clock.group(4).lower().startswith("p") and hour < 12:
            hour += 12
        elif clock.group(4) and hour == 12:
            hour = 0
        out += f" {hour:02d}:{clock.group(2)}:{clock.group(3) or '00'}"
        zone = _ZONE.search(rest, clock.end())
        if zone is not None:
            out += f" {zone.group(1) or zone.group(2)}"
    return out


@functools.lru_cache(maxsize=1)
def _month_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(day first: "18 de noviembre de 2023", "18. November 2023", "18 ноября 2023 г.";
    month first: "noviembre 18, 2023") over every month name anchors know (lexicon.MONTH_OF,
    CLDR's wide names and the hand-written table's), built on first use."""
    from .lexicon import MONTH_OF

    names = "|".join(re.escape(name) for name in sorted(MONTH_OF, key=len, reverse=True))
    month = rf"(?<!\w)({names})(?!\w)\.?"
    day_first = re.compile(rf"(?<!\d)(\d{{1,2}})(?:\.|º|°|er|st|nd|rd|th)?,?\s+(?:de\s+|of\s+)?{month},?\s+"
                           rf"(?:de\s+|del\s+)?(\d{{4}})(?!\d)", re.IGNORECASE)
    month_first = re.compile(rf"{month}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
    return day_first, month_first


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


_YEAR_FIRST = re.compile(r"\s*\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d)")


def _dateutil(text: str, dayfirst: bool) -> datetime:
    """`text` read by dateutil; InputError unless it names a year, month and day."""
    from dateutil.parser import UnknownTimezoneWarning

    results = []
    # a date that starts with its year ("2025-11-08 16:30 BRT", "2025/11/08") is year, month, day
    # whatever the file's other dates say: dateutil's dayfirst read it as 11 August
    dayfirst = dayfirst and not _YEAR_FIRST.match(text)
    with warnings.catch_warnings(record=True) as caught:
        # an unknown zone name ("XYZ") gives dateutil's warning and a naive time: refused below,
        # not read as UTC (its hours would be off by the zone's offset, silently)
        warnings.simplefilter("always")
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
    unknown = next((w for w in caught if issubclass(w.category, UnknownTimezoneWarning)), None)
    if unknown is not None:
        name = re.search(r"tzname (\S+)", str(unknown.message))
        zone = name.group(1) if name else "?"
        if zone.upper() in _AMBIGUOUS:
            raise UnknownZone(f"not a date (time zone {zone!r} is {_AMBIGUOUS[zone.upper()]}; write its offset,"
                              f" such as -04:00): {text!r}")
        raise UnknownZone(f"not a date (unknown time zone {zone!r}; write its offset, such as +08:00): {text!r}")
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
    """The order a numeric date shows: "day" when only day first reads ("25/03/2025") or its time
    is written as day-first locales write it ("08/11/2025 às 16:30", `day_first_wording`), "month"
    when only month first does ("3/25/2025"), "either" when both do and differ ("12/03/2025"),
    None for any other value ("05/05/2025", "2025-03-12", "12.03.2025")."""
    found = _NUMERIC.match(value) if isinstance(value, str) else None
    if found is None:
        return None
    first, second = int(found[1]), int(found[3])
    if first > 12 >= second or (first <= 12 and second <= 12 and first != second and first and second
                                and day_first_wording(value)):
        return "day"
    if second > 12 >= first:
        return "month"
    return "either" if first != second and first and second else None


_CST = re.compile(r"(?<![A-Za-z])CST(?![A-Za-z])", re.IGNORECASE)


class DateOrder:
    """Watches the dates of one file as they are read, decides the order its ambiguous numeric
    dates are read in, and says, in one line each to `say`:

    - without `dayfirst` (the user said nothing), the file's own dates decide: its first
      unambiguous numeric date settles the order (`dayfirst` becomes True when it is day first,
      "25/03/2025"), and once, when ambiguous dates ("12/03/2025") are then read day first, one
      line says so. Until that date comes, an ambiguous date is read month first for now
      (`provisional`): the reader holds those records back and reads them again day first if
      the file shows day first (`readers.inputs.Job.dated`). A trial (104) was warned "pass
      --dayfirst" and had its 12/11/2023 read as 11 December anyway: two copies were held back
      as dated after their posts. With no such date before the reader's bound (`give_up`), they
      stay month first, as before;
    - once, when the file then shows the other order: with --dayfirst ("leave out --dayfirst"),
      after `give_up` ("pass --dayfirst"), or against the order its first dates showed (written
      both ways): the ambiguous dates are then likely wrong (as soon as both kinds have been
      seen, in either order);
    - at the end (`finish`), when every numeric date of the file was ambiguous and read month
      first: nothing in the file says which order it uses (a trial's 02/12/2023 and 03/12/2023);
    - once, when a date names "CST", read as China Standard Time (`CST_HOURS`);
    - once, when the reader knows the file's dates are a computer's local time written without
      a zone (`local_time`: an older Telegram Desktop export), read as UTC.
    """

    def __init__(self, dayfirst: bool, say: Callable[[str], None]) -> None:
        self.dayfirst = dayfirst
        self._say = say
        # what settled the order: "given" (--dayfirst), "shown" (the file's first unambiguous
        # date, `_shown`), "default" (`give_up`: month first); None while nothing has
        self._basis: str | None = "given" if dayfirst else None
        self._shown: tuple[str, int] | None = None
        self._ambiguous: tuple[str, int] | None = None
        self._ambiguous_count = 0
        self._ordered = False  # an unambiguous numeric date was seen (either order)
        self._against: tuple[str, int] | None = None
        self._said = False
        self._day_said = False
        self._cst_said = False
        self._local_said = False
        # the ambiguous date read month first for now by the record being made (`begin`, `built`),
        # and those of the records made, by id, until the reader claims them
        self._current: Any = None
        self._provisional: dict[int, Any] = {}

    @property
    def waiting(self) -> bool:
        """Whether ambiguous dates were read month first for now, the order still unsettled:
        their records wait for a date that settles it (`provisional`)."""
        return self._basis is None and self._ambiguous is not None

    def give_up(self) -> None:
        """Settle the order as month first without the file having shown one (the reader holds
        no more records): a day-first date later is then said, naming --dayfirst."""
        if self._basis is None:
            self._basis = "default"

    def begin(self) -> None:
        """A record is about to be made: the dates it reads are its own (`built`)."""
        self._current = None

    def built(self, record: Any) -> Any:
        """Note that `record` was made (returned as it is), with the ambiguous date it read month
        first for now, if any (`provisional`)."""
        if self._current is None:
            self._provisional.pop(id(record), None)  # an id freed and reused: not this record's
        else:
            self._provisional[id(record)] = self._current
        self._current = None
        return record

    def provisional(self, record: Any) -> Any:
        """The date (as written) that `record` read month first while the order was unsettled,
        or None: to be read again day first when the file shows day first. Claimed once."""
        return self._provisional.pop(id(record), None)

    def seen(self, value: Any, line: int) -> None:
        """Note a date read (the text as written) at `line`."""
        if not self._cst_said and isinstance(value, str) and _CST.search(value):
            self._cst_said = True
            self._say(f"dates in CST such as {value.strip()!r} (line {line}) were read as China Standard"
                      f" Time (UTC+{CST_HOURS}); if they are US Central Time (as CrowdTangle writes"
                      " it), they are 14 hours off: write the offset instead (-06:00)")
        order = numeric_order(value)
        if order is None:
            return
        if order == "either":
            self._ambiguous = self._ambiguous or (value.strip(), line)
            self._ambiguous_count += 1
            if self._basis is None:
                self._current = value
        else:
            self._ordered = True
            if self._basis is None:
                self._basis, self._shown = "shown", (value.strip(), line)
                self.dayfirst = order == "day"
            elif (order == "day") != self.dayfirst:
                self._against = self._against or (value.strip(), line)
        if self._basis == "shown" and self.dayfirst and self._ambiguous is not None and not self._day_said:
            self._day_said = True
            (shown, at), (ambiguous, where) = self._shown or ("", 0), self._ambiguous
            self._say(f"dates are written day first ({shown!r}, line {at}): ambiguous ones such as"
                      f" {ambiguous!r} (line {where}) were read day first too")
        if self._said or self._ambiguous is None or self._against is None:
            return
        self._said = True
        (against, at), (ambiguous, where) = self._against, self._ambiguous
        shown, read = ("day", "month") if not self.dayfirst else ("month", "day")
        if self._basis == "shown":
            first = self._shown or ("", 0)
            (day, day_at), (month, month_at) = (first, (against, at)) if self.dayfirst else ((against, at), first)
            self._say(f"dates are written both day first ({day!r}, line {day_at}) and month first ({month!r},"
                      f" line {month_at}): ambiguous ones such as {ambiguous!r} (line {where}) were read"
                      f" {read} first, as the file's first such dates are written: check them")
            return
        fix = "pass --dayfirst" if not self.dayfirst else "leave out --dayfirst"
        self._say(f"dates are written {shown} first ({against!r}, line {at}), but ambiguous ones"
                  f" such as {ambiguous!r} (line {where}) were read {read} first: {fix}")

    def local_time(self, value: Any, line: int, whose: str, fix: str) -> None:
        """Say once that the file's dates, such as `value` (at `line`), are `whose` local time
        written without a zone, so read as UTC (as any zoneless date is) and off by that clock's
        offset; `fix` says how to read them exactly. The reader calls it where the format, not
        the date, shows this (trial 108: an older Telegram Desktop export's "date", read as UTC
        in silence)."""
        if self._local_said:
            return
        self._local_said = True
        self._say(f"dates such as {str(value).strip()!r} (line {line}) are {whose} local time, with no"
                  f" zone: read as UTC, off by that clock's offset from UTC; {fix}")

    def finish(self) -> None:
        """The file is read: say whether every numeric date it held could be read either way
        and was read month first (with --dayfirst the user chose, and nothing is said)."""
        if self._said or self._ordered or self.dayfirst or self._ambiguous is None:
            return
        self._said = True
        value, line = self._ambiguous
        dates = "1 date" if self._ambiguous_count == 1 else f"{self._ambiguous_count:,} dates"
        self._say(f"{dates} such as {value!r} (line {line}) could be day first or month first, and"
                  " nothing in the file says which: read month first (pass --dayfirst if they are"
                  " day first)")


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


def _day_only(moment: datetime) -> bool:
    """Whether a moment is a date given without its time: midnight UTC to the microsecond, as
    `record_datetime` writes "13/11/2023" (a real timestamp at exactly 00:00:00.000000 UTC is
    rare)."""
    return moment.utcoffset() in (None, timedelta(0)) and \
        (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)


def lag_days(published_at: str | None, created_at: str | None) -> float | None:
    """Days from a post's creation to an article's publication (negative: the article came
    first), or None when a date is missing or unreadable: what `source_first` is read from.
    None too within the day a date given without its time covers: a post dated "13/11/2023"
    and an article of 13 November 16:57 say nothing of which came first (trial 14's post was
    labelled as predating the article)."""
    published, created = to_datetime(published_at), to_datetime(created_at)
    if published is None or created is None:
        return None
    lag = (published - created).total_seconds() / 86400
    if (_day_only(created) and 0 < lag < 1) or (_day_only(published) and -1 < lag < 0):
        return None
    return lag


