"""Chinese numerals written in Han characters ("三千五百", "十二", "两万", "五百五十多万", "三点五")
as numbers: the reading `anchors` gives a number no digit writes, and `sharedfacts` a serial
("神舟十七号").

Only well-formed numerals are read. Idioms built of numeral characters are words: "千万不要"
(never), "千千万万" (countless), "百万雄师" start with a unit no digit counts; trial 33 saw
千万不要 read as 10,000,000 and 千千万万 as 2e11.
"""

from __future__ import annotations

import regex

HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000}
_HAN_SCALES = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_ZEROS = frozenset("零〇")
_FRACTION = "零〇一二三四五六七八九"
DECIMAL_MARKS = frozenset("点點")
# a run of numerals, with decimals after 点 ("三点五", 3.5; "零点五", 0.5; "三点五亿", 350 million;
# not "三点十分" nor "三点零五分", a time of day, nor "三点" alone, 3 o'clock), and 多/余 before its
# scale ("more than": 五百五十多万 is 5.5 million, not 550; trial 24); ABOUT is that 多/余,
# dropped before the run is read
HAN_NUMBER = regex.compile(
    r"[零〇一二两兩三四五六七八九十百千万亿萬億]+"
    rf"(?:[点點][{_FRACTION}]+(?![{_FRACTION}十百千分刻秒钟鐘]))?"
    r"(?:[多余餘]?[万亿萬億]+)?")
ABOUT = regex.compile(r"[多余餘]")
# before a numeral, a word that makes it vague: "几十万" (some hundreds of thousands), "数百万"
# (millions of): no figure an article would write (trial 33 read 几十万 as exactly 100,000)
VAGUE_BEFORE = frozenset("几幾数數")


def han_number(text: str) -> float | None:
    """A Chinese numeral ("三千五百", "十二", "两万", "三亿五千万", "一千零五", "三点五") as a number;
    None if it is not a well-formed numeral: digits in a row ("一九", read digit by digit, as in
    a year: not a quantity), a unit with no digit before it but a leading 十 ("千万", "百万"),
    units out of order ("千千", "十百"), a scale with nothing to multiply ("万", "亿万"), a 零
    with no digit after it ("十零", "一千零零五")."""
    whole, dot, rest = text.partition("点") if "点" in text else text.partition("點")
    if dot:
        digits = "".join(str(HAN_DIGITS[c]) for c in rest if c in _FRACTION)
        integer = han_number(whole) if whole else None
        if integer is None or not digits:
            return None
        value = integer + float("0." + digits)
        for char in rest[len(digits):]:
            value *= _HAN_SCALES.get(char, 1.0)
        return value
    if text in _HAN_UNITS:  # a unit alone: "百分之百" (100%), "千" before 号
        return float(_HAN_UNITS[text])
    # parts already multiplied by a scale, each with that scale: "三亿五千万" is 3e8 (亿) and
    # 5e7 (万); a scale multiplies what precedes it since the last greater one ("三万亿": 3e12)
    parts: list[tuple[float, float]] = []
    section, digit, last_unit = 0.0, None, 1e4
    # the place a last digit stands for: a tenth of the unit or scale just before it, as speech
    # and headlines drop the last unit ("三万五" is 35,000, "一亿二" 1.2e8, "三千五" 3,500; trial
    # 44 saw 三万五 read as 30,005), ones after a 零 ("三万零五": 30,005)
    place = 1.0
    held = False  # a 零 holds a place empty: a digit must follow it ("十零", "一万零" are no numerals)
    for char in text:
        if held and not (char in HAN_DIGITS and char not in _ZEROS):
            return None
        if char in HAN_DIGITS:
            if char in _ZEROS and digit is None and (section or parts):
                place, held = 1.0, True
                continue  # a place held empty: "一千零五", "三万零五百"
            if digit is not None:
                return None
            digit, held = HAN_DIGITS[char], False
        elif char in _HAN_UNITS:
            unit = _HAN_UNITS[char]
            if unit >= last_unit or (digit is None and not (unit == 10 and section == 0)):
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_unit, place = None, unit, unit / 10
        elif char in _HAN_SCALES:
            scale = _HAN_SCALES[char]
            group = section + (digit or 0)
            while parts and parts[-1][1] < scale:
                group += parts.pop()[0]
            if not group:
                return None
            parts.append((group * scale, scale))
            section, digit, last_unit, place = 0.0, None, 1e4, scale / 10
        else:
            return None
    if held:
        return None
    return sum(value for value, _ in parts) + section + (digit or 0) * place
