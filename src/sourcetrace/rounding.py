"""Whether a figure a post writes can be an article's figure rounded ("más de 2.200 millones" for
2.240 millones, "逾5000人" for 5178, "casi un 7 %" for 6.7 %, "1,2 millones" for 1,21): a copy
that rounds its article's figures states no other facts.
"""

from __future__ import annotations

import math

import regex

__all__ = ["ABOUT", "ABOVE", "BELOW", "ROUNDING_MAX_SHARE", "approximate", "estimate", "last_place", "rounds_to",
           "significant_digits"]

# Which side of its figure an estimate puts the true one: above ("more than", "más de", "超过",
# "1000多"), below ("nearly", "casi", "近", "up to") or either side ("about", "unos", "约").
ABOVE, BELOW, ABOUT = "above", "below", "about"
_ESTIMATE_WORDS = {
    ABOVE: r"more\s+than|over|at\s+least|más\s+de|mas\s+de|al\s+menos|mais\s+de|pelo\s+menos|plus\s+de|au\s+moins"
           r"|более|свыше|超过|超過|逾|至少|超",
    BELOW: r"nearly|almost|up\s+to|close\s+to|less\s+than|under|casi|hasta|menos\s+de|quase|até|près\s+de|presque"
           r"|jusqu'à|moins\s+de|почти|до|менее|近|将近|將近|不到",
    ABOUT: r"about|around|some|approximately|roughly|cerca\s+de|alrededor\s+de|unos|unas|aproximadamente|environ"
           r"|около|примерно|约|約|大约|大約",
}
_ESTIMATE_BEFORE = regex.compile(
    "(?:" + "|".join(f"(?P<{side}>{words})" for side, words in _ESTIMATE_WORDS.items()) + ")"
    r"(?:\s+(?:un|una|uns|umas|el|la|los|las|le|les|o|a|os|as|the))?\s?[$€£¥₽]?\s?$",
    regex.IGNORECASE)
_ESTIMATE_AFTER = regex.compile(r"\s?(?:[多余餘]|以上)")
# A count of tenths ("九成", "七成五": anchors._HAN_TENTHS) is an estimate by its nature: 92.3 % is
# "九成" (trial 79 saw "超九成" read as a figure the article lacks, which held a copy back)
_TENTHS = regex.compile(r"成[一二三四五六七八九]?$")
# A rounding moves a figure by at most this share of the larger: "más de 100" is no rounding of
# 149, "逾5000" is one of 5178 (set by hand on trial 76's copies, not fitted)
ROUNDING_MAX_SHARE = 0.2


def estimate(text: str, start: int, end: int) -> str | None:
    """Which side of the figure at [start, end) of `text` an estimate word puts the true one
    (ABOVE, BELOW or ABOUT: `_ESTIMATE_WORDS` in the 32 characters before it, "多", "余", "以上" right
    after it: above; a Chinese count of tenths, "九成": about), or None for a figure written flat."""
    before = _ESTIMATE_BEFORE.search(text, max(0, start - 32), start)
    if before is not None:
        return next(side for side in (ABOVE, BELOW, ABOUT) if before.group(side))
    if _ESTIMATE_AFTER.match(text, end):
        return ABOVE
    return ABOUT if _TENTHS.search(text, start, end) else None


def approximate(text: str, start: int, end: int) -> bool:
    """Whether the figure at [start, end) of `text` is written as an estimate (`estimate`)."""
    return estimate(text, start, end) is not None


def significant_digits(written: str, value: float | None = None) -> str:
    """The significant digits of a figure as `written` (separators and zeros on either side
    aside); for one written in words ("cuatro mil seiscientos"), those of its `value`."""
    digits = regex.sub(r"\D", "", written)
    if not digits and value is not None:
        digits = f"{value:.6f}".replace(".", "")
    return digits.strip("0")


def last_place(value: float, written: str) -> float:
    """The place of the last significant digit of `value` as `written` (`significant_digits`):
    100 for 4,200 ("4.200", "4200", "cuatro mil doscientos"), 1e8 for 2.2e9 written "2.200
    millones" or "2.2 billion", 0.1 for 0.4, 1 for 278."""
    digits = significant_digits(written, value)
    if value <= 0 or not digits:
        return 1.0
    return 10.0 ** (math.floor(math.log10(value)) - len(digits) + 1)


def rounds_to(value: float, written: str, other: float, side: str | None = None) -> bool:
    """Whether `value`, as `written`, can be `other` rounded, at most ROUNDING_MAX_SHARE of the
    larger away: within half the place of its last significant digit (`last_place`) for a figure
    written flat or ABOUT (under half for ABOUT: "around 600,000" is no 550,000), and up to the
    whole place on the `side` an estimate says, short of the next figure of that place, which a
    writer would have written (ABOVE: "más de 5.100" and "逾5000" for 5178, not "超过5亿" for 600
    million, trial 90's false copy; BELOW: "casi un 7 %" for 6.7). A figure of one significant digit written flat ("5", "10", "30
    millones") rounds to nothing but itself: counts that small are other counts as often as
    rounded ones (the tuning dumps: a Russian post's "5" and "8" read as an article's 4.6 and 8.1
    lifted a translation of another story); and "around 40 %" is no 50 % (trial 77)."""
    if value == other:
        return True
    if value <= 0 or other <= 0 or (side is None and len(significant_digits(written, value)) < 2):
        return False
    place = last_place(value, written)
    bound = ROUNDING_MAX_SHARE * max(value, other) * (1 + 1e-9)
    off = other - value
    if abs(off) > bound:
        return False
    if side == ABOVE:
        return 0 <= off < place * (1 - 1e-9)
    if side == BELOW:
        return -place * (1 - 1e-9) < off <= 0
    if side == ABOUT:
        return abs(off) < place / 2
    return abs(off) <= place / 2 * (1 + 1e-9)
