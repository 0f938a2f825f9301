"""Chinese numerals written in Han characters ("三千五百", "十二", "两万", "五百五十多万") as numbers:
the reading `anchors` gives a number no digit writes, and `sharedfacts` a serial ("神舟十七号").
"""

from __future__ import annotations

import regex

HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000}
# a run of numerals (with 多/余 before its scale, "more than": 五百五十多万 is 5.5 million, not
# 550; trial 24); ABOUT is that 多/余, dropped before the run is read
HAN_NUMBER = regex.compile(r"[零〇一二两兩三四五六七八九十百千万亿萬億]+(?:[多余餘][万亿萬億]+)?")
ABOUT = regex.compile(r"[多余餘]")


def han_number(text: str) -> float | None:
    """A Chinese numeral ("三千五百", "十二", "两万") as a number; None if it does not parse."""
    total, section, digit = 0.0, 0.0, None
    for char in text:
        if char in HAN_DIGITS:
            if digit is not None:  # "一九" reads digit by digit: not a quantity we handle
                return None
            digit = HAN_DIGITS[char]
        elif char in _HAN_UNITS:
            section += (1 if digit is None else digit) * _HAN_UNITS[char]
            digit = None
        elif char in ("万", "亿", "萬", "億"):
            scale = 1e4 if char in ("万", "萬") else 1e8
            total = (total + section + (digit or 0)) * scale
            section, digit = 0.0, None
    return total + section + (digit or 0)
