"""Whether a figure a post writes can be an article's figure rounded ("más de 2.200 millones" for
2.240 millones, "逾5000人" for 5178, "casi un 7 %" for 6.7 %, "1,2 millones" for 1,21): a copy
that rounds its article's figures states no other facts.
"""

from __future__ import annotations

import math

import regex

__all__ = ["APPROXIMATE_AFTER", "APPROXIMATE_BEFORE", "ROUNDING_MAX_SHARE", "approximate", "last_place", "rounds_to",
           "significant_digits"]

# What makes a figure an estimate: a word before it ("more than", "casi", "около", "超过") or a
# Han one after it ("1000多", "十余"), in the languages of the mission's posts.
APPROXIMATE_BEFORE = regex.compile(
    r"(?:more\s+than|over|about|around|nearly|almost|some|approximately|roughly|up\s+to|at\s+least|close\s+to"
    r"|más\s+de|mas\s+de|casi|cerca\s+de|alrededor\s+de|unos|unas|aproximadamente|hasta|al\s+menos|menos\s+de"
    r"|mais\s+de|quase|até|pelo\s+menos|plus\s+de|près\s+de|environ|presque|jusqu'à|moins\s+de|au\s+moins"
    r"|около|более|почти|свыше|до|менее|примерно|约|約|近|超过|超過|逾|大约|大約|将近|將近|至少|不到)"
    r"(?:\s+(?:un|una|uns|umas|el|la|los|las|le|la|les|o|a|os|as|the|a))?\s?[$€£¥₽]?\s?$",
    regex.IGNORECASE)
APPROXIMATE_AFTER = regex.compile(r"\s?[多余餘]")
# A rounding moves a figure by at most this share of the larger: "más de 100" is no rounding of
# 149, "逾5000" is one of 5178 (set by hand on trial 76's copies, not fitted)
ROUNDING_MAX_SHARE = 0.2


def approximate(text: str, start: int, end: int) -> bool:
    """Whether the figure at [start, end) of `text` is written as an estimate (APPROXIMATE_BEFORE
    in the 32 characters before it, APPROXIMATE_AFTER right after it)."""
    return bool(APPROXIMATE_BEFORE.search(text, max(0, start - 32), start) or APPROXIMATE_AFTER.match(text, end))


def last_place(value: float, written: str) -> float:
    """The place of the last significant digit of `value` as `written` (its digits, separators and
    zeros on either side aside): 100 for 4,200 ("4.200", "4200"), 1e8 for 2.2e9 written "2.200
    millones" or "2.2 billion", 0.1 for 0.4, 1 for 278."""
    digits = regex.sub(r"\D", "", written).lstrip("0").rstrip("0")
    if value <= 0 or not digits:
        return 1.0
    return 10.0 ** (math.floor(math.log10(value)) - len(digits) + 1)


def significant_digits(written: str) -> int:
    """How many significant digits `written` has (separators and zeros on either side aside)."""
    return len(regex.sub(r"\D", "", written).strip("0"))


def rounds_to(value: float, written: str, other: float, estimate: bool = False) -> bool:
    """Whether `value`, as `written`, can be `other` rounded: within half the place of its last
    significant digit (`last_place`), or the whole of it for an `estimate` ("más de 5.100" for
    5178), and at most ROUNDING_MAX_SHARE of the larger. A figure of one significant digit
    written flat ("5", "10", "30 millones") rounds to nothing but itself: counts that small are
    other counts as often as rounded ones (the tuning dumps: a Russian post's "5" and "8" read as
    an article's 4.6 and 8.1 lifted a translation of another story)."""
    if value == other:
        return True
    if value <= 0 or other <= 0 or (not estimate and significant_digits(written) < 2):
        return False
    place = last_place(value, written)
    return abs(value - other) <= min(place if estimate else place / 2, ROUNDING_MAX_SHARE * max(value, other)) * (1 + 1e-9)
