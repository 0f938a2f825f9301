"""Language-independent anchors: the numbers, dates and names a copy keeps in any language.

A condensed translation of a China News Service story rewrites every sentence, but keeps "3,000
exhibitors", "10 de diciembre" (12月10日) and "Xi Jinping" (习近平). Anchors are those pieces,
reduced to a key that compares across languages and scripts:

- numbers: digits with thousands separators or decimal commas ("3.000" is 3000 or 3.0: both
  keys), scale words ("1,5 millones", "150万", "2.3亿", "3 млн", Swahili "milioni 1.05" before
  the number, "1,05 triệu", "5 लाख"), Chinese numerals ("三千"), and groups of digits before
  ever smaller Han or Korean scales read as one number, their sum ("36万7000" 367,000, "3兆2000億",
  "3만 2천");
- dates: month and day in English, Spanish, Portuguese, French, German, Italian, Russian,
  Arabic (both month-name systems) and Chinese/Japanese ("12月10日");
  the scale words and month names of the other languages come from the Unicode CLDR
  (data/cldr_anchors.json, written by scripts/make_cldr_tables.py through Babel);
- years (1900-2099) as a weaker kind of their own;
- names: capitalised Latin words and acronyms, Cyrillic/Greek names romanised, and Han runs
  romanised to pinyin (anyascii: 习近平 → "xijinping"), so "Xi Jinping" and 习近平 share a key;
  a foreign name Chinese writes by sound ("Trump" 特朗普, "Malpass" 马尔帕斯) is matched by its
  consonants (translit.py), looked up when the spelling finds nothing.

Each anchor has a `weight`: roughly the negative log of how often an unrelated text would hold
the same key by chance (a round "2" or a year is weak; "2,317" or a long name is strong). The
weights are priors, not fitted: the calibrated models downstream use the summed weight of shared
anchors as one feature among others. Comparing a post's anchors with an article's (`compare`,
`KeyTable`) is anchorcompare.py's.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import regex
from anyascii import anyascii

from .hannumerals import ABOUT, DECIMAL_MARKS, HAN_DIGITS, HAN_NUMBER, VAGUE_BEFORE, han_number
from .korean import KOREAN_WEIGHT, han_korean_key, latin_korean_keys
from .lexical import strip_noise
from .lexicon import (  # the words anchors read: hand tables and CLDR's (lexicon.py)
    COMPOUND_WORDS,
    EXONYMS,
    MONTH_FIRST,
    MONTH_OF,
    PLACE_PREFIX,
    PLACE_WEIGHT,
    PREFIX_VALUES,
    SCALE_VALUES,
    SERBIAN_LOCATIVE_MONTHS,
    TEEN_WORDS,
    TENS_WORDS,
    local_places,
    places,
)
from .normalize import LazyTranslation, simplified_chars, visible
from .numberwords import whole_numbers, word_numbers
from .palladius import palladius_keys
from .records import MAX_TEXT_CHARS
from .translit import russian_stem
from .units import conversions, kilo_unit, read_unit
from .wadegiles import wade_giles_keys

KINDS = ("number", "date", "year", "name")


@dataclass(frozen=True)
class Anchor:
    """One anchor: `kind` (see KINDS), comparable `keys`, [start, end) in the original text, and
    its `weight` in nats (how unlikely an unrelated text shares it by chance)."""

    kind: str
    keys: frozenset[str]
    start: int
    end: int
    weight: float
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text, "span": [self.start, self.end]}


# ---- numbers -------------------------------------------------------------------------------------

_HAN_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "万亿": 1e12,
               "萬": 1e4, "億": 1e8, "百萬": 1e6, "千萬": 1e7, "萬億": 1e12,  # traditional, and Japanese
               "千亿": 1e11, "百亿": 1e10, "千億": 1e11, "百億": 1e10, "兆": 1e12,  # "5千亿", Japanese "5兆円"
               # Korean, glued to its counter or particle as Korean writes it ("3만명", "5천억원", "3조원")
               "만": 1e4, "억": 1e8, "조": 1e12, "천": 1e3, "백만": 1e6, "천만": 1e7, "백억": 1e10, "천억": 1e11}
_KOREAN_SCALES = frozenset(k for k in _HAN_SCALES if "\uac00" <= k[-1] <= "\ud7a3")
# A letter right after the digits: "€3.1B", "20.4M", "$5K", where the number has decimals or
# follows a currency sign ("F-35B" is a plane); a lower-case m or k is read both as the number and
# as millions or thousands ("8.7m people", but "8.7m tall": see _numbers)
_LETTER_SCALES = {"B": 1e9, "M": 1e6, "K": 1e3}  # a lower-case "b" too: "$418.89b" (trial 87)
_CURRENCY = frozenset("$€£¥₽₹")
# ISO 4217 codes news writes glued before a figure ("CNY736.2 billion", "USD5 million", "RMB100"):
# the figure is read after them, and they make no designation ("CNY736"; trial 85 was told
# "figures not in the article: 736.2 billion" against the article's "7362億元"). Not COP
# (Colombia's peso): "COP28" is the conference.
CURRENCY_CODES = ("CNY", "RMB", "USD", "EUR", "GBP", "JPY", "HKD", "TWD", "RUB", "INR", "AUD", "CAD", "CHF",
                  "KRW", "SGD", "BRL", "MXN", "ZAR", "AED", "SAR", "TRY", "NZD", "IDR", "THB", "MYR", "PHP",
                  "VND", "PKR", "EGP", "NGN", "KES", "ARS", "CLP", "PEN")
# a prefix scale word right before a number: the number's match starts where this one ends
# (named lists, \L<...>: one set lookup instead of trying hundreds of alternatives in turn)
_PREFIXED = regex.compile(r"(?<![\p{L}])(?P<word>\L<words>)\s(?=\d)", regex.IGNORECASE,
                          words=sorted(PREFIX_VALUES))
# a number in digits ("3,400", "50 200", "784.1") and a Han scale after it; 千 before a unit is
# its prefix, not a scale: "1500千瓦" is 1,500 kW, as the English writes it
# (a group of three digits ends there: "Oct 31 2023" is 31 and 2023, not "31 202" and 3)
_DIGIT_NUMBER = r"\d{1,3}(?:(?:[,.'\u00a0\u202f ])\d{3}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
# "550多万", "300余万": more than 5.5 million, 3 million (a trial's "5,5 millones" shared nothing
# with 550多万)
_KILO_UNITS = "瓦米克伏帕赫焦卡"  # 千瓦, 千米, 千克...: kilo-units
# (the scales of two characters first: "5千億円" is 500 billion, "3千萬人" 30 million, not 5,000
# and 3,000 and a 億 or 萬 unread)
# 兆 is 10^12 (Japanese and Taiwanese "5兆円", "3兆元"), but mega before a unit ("5兆瓦" is 5 MW:
# units.kilo_unit); 조 is no trillion in an article of a law ("제1조", Article 1); 만큼 is "as much as"
_SCALE_CHARS = (rf"万亿|千亿|百亿|百万|千万|萬億|千億|百億|百萬|千萬|万|亿|千(?![{_KILO_UNITS}])|萬|億"
                r"|兆(?![瓦赫字位比帕焦欧歐伏吨噸电電])|천억|백억|천만|백만|만(?!큼)|억|(?<!제\d{1,4})조|천")
_HAN_SCALE = rf"\s?[多余餘]?(?P<han>{_SCALE_CHARS})"
# "3.6bn", "€3.1billion" too, and a compound adjective's "50-billion-yuan" (trial 96: read as 50,
# "figures not in the article: 50 billion" held back a copy of "the 50-billion-yuan mark")
_SCALE_WORD = r"(?:\s|-)?(?P<word>\L<scales>)(?![\p{L}])"
_NUMBER = regex.compile(
    # no letter of an alphabet or digit just before (but Han may touch: "达784.1亿", "128个"; and an
    # Arabic proclitic, "and", "in", "for", "like", is written joined: "و20 خسارة", 20 losses), nor a
    # full stop or comma, but an ASCII comma that follows no digit or alphabet letter (Chinese
    # scraped or NFKC-normalised writes "，" so: trial 124's "绿草如茵,450名礼兵" held no 450)
    r"(?:(?<![\p{N}\p{Latin}\p{Cyrillic}\p{Greek}\p{Arabic}.,])|(?<=(?<![\p{N}\p{Latin}\p{Cyrillic}\p{Greek}\p{Arabic}.,]),)"
    r"|(?<=(?<![\p{L}\p{N}])[وبلكف])"
    rf"|(?<=(?<![\p{{L}}\p{{N}}])(?:{'|'.join(CURRENCY_CODES)})))"
    rf"(?P<num>{_DIGIT_NUMBER})(?:{_HAN_SCALE}|(?-i:(?P<letter>[BMKbmk]))(?![\p{{L}}\p{{N}}])|{_SCALE_WORD})?",
    regex.IGNORECASE, scales=sorted(SCALE_VALUES),
)
# a range's connector, its second number and that number's scale ("à 50 200 milliards", " to
# 50.2 trillion", "至50.2万亿"): the scale applies to the range's first number too
_RANGE_SCALE = regex.compile(
    rf"\s*(?:to|à|a|au|y|e|et|and|und|до|-|–|—|~|至|到)\s*(?:{_DIGIT_NUMBER})(?:{_HAN_SCALE}|{_SCALE_WORD})",
    regex.IGNORECASE, scales=sorted(SCALE_VALUES))
# A further group of a number written in groups of digits, each before a Han or Korean scale
# smaller than the last ("36万7000", "3兆2000億", "1亿2000万", "2万5千", "3만 2천"), read by `_grouped`
_NEXT_GROUP = regex.compile(rf"(?P<space>[^\S\n]?)(?P<num>(?>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+))(?![.,]\d)"
                            rf"(?P<han>{_SCALE_CHARS})?")
_WHOLE_DIGITS = regex.compile(r"\d+|\d{1,3}(?:,\d{3})+")
_ABOUT_CHARS = regex.compile("[多余餘]")
_MAX_GROUP_DIGITS = 20
# after a last group of digits without a scale: a date, a time or a year, no part of the number
# ("3万2024年", "3만 2월")
_NOT_A_GROUP_AFTER = frozenset("年月日号號时時点點分秒년월일시분초")
_MIL_COMPOUND = regex.compile(r"(?<![\d.,])(\d{1,3})\s+mil\s+(\d{3})(?![\d.,]?\d)", regex.IGNORECASE)


def _values(num: str) -> set[float]:
    """The readings of a digit string: "3.000" → {3000, 3.0}; "1,5" → {1.5, 15?no}."""
    out: set[float] = set()
    compact = regex.sub(r"[\u00a0\u202f' ]", "", num)
    seps = regex.findall(r"[.,]", compact)
    if not seps:
        out.add(float(compact))
        return out
    groups = regex.split(r"[.,]", compact)
    # every separator a thousands separator: 3.000 / 3,000 / 1.234.567
    if all(len(g) == 3 for g in groups[1:]) and len(set(seps)) == 1:
        out.add(float("".join(groups)))
    # last separator a decimal mark, the others thousands separators: 1.234,5 / 1,234.5 / 1,5
    last = max(compact.rfind("."), compact.rfind(","))
    head, tail = compact[:last], compact[last + 1 :]
    head_seps = set(regex.findall(r"[.,]", head))
    if compact[last] not in head_seps and len(head_seps) <= 1:
        out.add(float(regex.sub(r"[.,]", "", head) + "." + tail))
    if not out:  # no reading fits ("1,051,05"): its digits, as a key no other number shares
        out.add(float(regex.sub(r"[.,]", "", compact)))
    return out


def _number_weight(value: float) -> float:
    """How specific a number is: by its significant digits once trailing zeros are dropped.

    A single significant digit ("2", "300", "5 million") turns up anywhere; three or more
    ("2,317", "15.6%") rarely by chance. Roughly -log of the share of unrelated news texts that
    contain the same number, from counting numbers in the NTREX English documents.
    """
    if value <= 0 or not math.isfinite(value):
        return 0.5
    digits = f"{value:.6g}".replace(".", "").replace("-", "").lstrip("0").rstrip("0")
    digits = digits.split("e")[0]
    return {0: 0.5, 1: 1.0, 2: 2.0}.get(len(digits), 3.5)


def _key(value: float) -> str:
    return f"{value:.6g}"


def _numbers(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out: list[Anchor] = []
    stop = len(text) if endpos is None else endpos
    # where a number follows a prefix scale word: its start -> (the word's values, the word's start)
    prefixed = {p.end(): (values, p.start()) for p in _PREFIXED.finditer(text, pos, stop)
                if (values := PREFIX_VALUES.find(p.group("word"))) is not None}
    # "2 millones y medio", "medio millón", "два с половиной миллиона", "five point four percent",
    # "2 mil 500 millones": one number, read whole
    halves = whole_numbers(text, pos, stop)
    # "5 mil 178" (Mexican and Central American Spanish for 5,178): one number, but for the
    # thousands of a count of millions ("2 mil 500 millones" is 2.5 billion, no 2,500 beside it)
    compound = [(c.start(), c.end(), float(c[1]) * 1000 + float(c[2])) for c in _MIL_COMPOUND.finditer(text, pos, stop)
                if not any(lo <= c.start() < hi for lo, hi, _, _ in halves)]
    for start, end, amount in compound:
        out.append(Anchor("number", frozenset({_key(amount)}), start, end, _number_weight(amount), text[start:end]))
    for start, end, values, written in halves:
        out.append(Anchor("number", frozenset(_key(v) for v in values), start, end,
                          min(_number_weight(v) for v in values), written))
    taken = [(start, end) for start, end, _ in compound] + [(start, end) for start, end, _, _ in halves]
    grouped_end = -1  # where the last number written in groups ends ("36万7000": `_grouped`)
    for m in _NUMBER.finditer(text, pos, stop):
        if m.start() < grouped_end or any(start <= m.start() < end for start, end in taken):
            continue
        num, end = m.group("num"), m.end()
        letter = m.group("letter")
        if letter and not ("." in num or "," in num or text[m.start() - 1 : m.start()] in _CURRENCY):
            letter, end = None, m.end("num")  # "F-35B", "A320M": a model's name, not a quantity
        # "36万7000" is 367,000, one number: not 360,000 and 7,000 (nor a year 2000 in "1万2000")
        grouped = _grouped(m, text, stop) if m.group("han") else None
        if grouped is not None:
            end = grouped_end = grouped[1]
        power = kilo_unit(text, end, stop)
        if _is_year(_only_int(num)) and not (m.group("han") or m.group("word") or letter or power):
            out.append(Anchor("year", frozenset({num}), m.start(), end, 1.0, text[m.start() : end]))
            continue
        scales = _scale(m)  # a Han scale, a scale word, and a letter exclude one another
        start = m.start()
        short = None if (scales or letter or power) else short_scale(text, start, end, stop)
        if short is not None:
            scales, end = short
        if letter:
            # "nearly 8.7m people" is 8.7 million, "8.7m tall" metres: a lower-case letter is read
            # both ways (either key matches; the lesser weight counts)
            scales = (_LETTER_SCALES[letter],) if letter.isupper() else (1.0, _LETTER_SCALES[letter.upper()])
        elif scales is None and start in prefixed:
            scales, start = prefixed[start]
        scales = scales or (1.0,)
        values = {v * scale for v in _values(num) for scale in scales if math.isfinite(v * scale)}
        if grouped is not None:
            values = {grouped[0]}
        if not values:
            continue  # thousands of digits: no figure (as a key, "inf" would match any other such run)
        if scales == (1.0,) and not letter:
            # the first number of a range whose scale the second one writes: "de 11 000 à 50 200
            # milliards", "from 11 to 50.2 trillion" (also read as written)
            later = _RANGE_SCALE.match(text, end, stop)
            if later is not None:
                values |= {v * scale for v in _values(num) for scale in _scale(later) or ()}
        unit = read_unit(text, end, stop)
        if unit is not None:
            # "85 miles per hour" is also "136 km/h" and "137 km/h", as translations write it
            # (units.py), from its greatest reading only ("12,000 acres" is not also 12 acres,
            # 4.9 ha, which matched a post's "5", trial 17); the number weighs what its least
            # specific reading weighs, and spans the unit written after it
            values |= conversions(max(values), unit[0])
            end = unit[1]
        elif power is not None:
            # "1,100 MW" is 1.1 million kW, as "110万千瓦" and "1.1 GW" are (units.kilo_unit); its
            # number alone is no key ("16 MW" is no "16 GW", trial 93)
            values = {v * power[0] for v in values}
            end = power[1]
        weight = min(_number_weight(v) for v in values)
        out.append(Anchor("number", frozenset(_key(v) for v in values), start, end,
                          weight, text[start:end]))
    for start, end, values, written in word_numbers(text, pos, stop):
        if any(lo < end and start < hi for lo, hi in taken):
            continue
        out.append(Anchor("number", frozenset(_key(v) for v in values), start, end,
                          min(_number_weight(v) for v in values), written))
    # tenths in Chinese: "五成" is 50 %, "七成五" 75 % ("增长超五成" for the body's 58.9%: trial 78)
    for m in _HAN_TENTHS.finditer(text, pos, stop):
        tenths = 10 * (han_number(m.group(1)) or 0) + (han_number(m.group(2)) or 0 if m.group(2) else 0)
        if tenths and not any(start < m.end() and m.start() < end for start, end in ((a.start, a.end) for a in out)):
            out.append(Anchor("number", frozenset({_key(tenths)}), m.start(), m.end(), _number_weight(tenths), m.group()))
    spans = [(a.start, a.end) for a in out]
    idioms: list[tuple[int, int]] | None = None  # the sayings' spans, found at the first Han numeral
    for m in HAN_NUMBER.finditer(text, pos, stop):
        if idioms is None:
            idioms = [(i.start(), i.end()) for i in _HAN_IDIOM.finditer(text, max(0, pos - 8), stop)]
        if any(start < m.end() and m.start() < end for start, end in spans):
            continue  # the scale of a number in digits ("1200万千瓦", "5千万"), read with it
        if text[m.start() - 1 : m.start()] in VAGUE_BEFORE:
            continue  # "几十万", "数十万": some hundreds of thousands, no figure
        written, end = m.group(), m.end()
        kilo = written.endswith("千") and end < stop and text[end] in _KILO_UNITS  # ("" is in any string)
        if kilo:
            written, end = written[:-1], end - 1  # "六千万千瓦": 60 million kW, not "六千万千" (trial 44)
        numerals = ABOUT.sub("", written)
        if not numerals or _time_or_idiom(text, m.start(), end, idioms):
            continue
        if (year := _han_year(numerals, text[end : end + 1])) is not None:
            out.append(Anchor("year", frozenset({year}), m.start(), end, 1.0, written))
            continue
        value = han_number(numerals)
        # a lone numeral only in a designation or a percentage
        if value and (kilo or any(c in DECIMAL_MARKS for c in numerals) or (
                value >= 10 if len(numerals) >= 2 else _designation(text, m.start(), end, stop))):
            keys = {_key(value)}
            variant = _HAN_VARIANT.match(text, end, stop)
            if variant is not None:  # "长征二号丙": Long March-2C, keyed "2c" as it is (`_designations`)
                letter = variant.group(1)
                keys.add(_variant_key(value, _HEAVENLY_STEMS.get(letter, unicodedata.normalize("NFKC", letter))))
            out.append(Anchor("number", frozenset(keys), m.start(), end, _number_weight(value), written))
    return [a for a in out if not _wholly(a, text, stop)]


# "100 %" before a word is a manner of speaking, no figure: "buque 100 % eléctrico", "100% chinos",
# "一艘100%纯电动", "entièrement". Trial 119: a Spanish copy of People's Daily's report on a fully
# electric container ship ("纯电动") held "100" as a figure the article lacks and was refused as
# other facts. Its key is "100" as a bare hundred's is, so it is left out wherever it is a
# percentage: an article's "增长100%" shares little (one round figure) with a post that writes it.
_WHOLLY = regex.compile(r"[ \u00a0\u202f]?(?:%|％|\p{Zs}?(?:por ciento|por cento|per ?cent|pour ?cent|процентов)\b)",
                        regex.IGNORECASE)


def _wholly(anchor: Anchor, text: str, stop: int) -> bool:
    """Whether `anchor` is a hundred per cent (`_WHOLLY`)."""
    return anchor.kind == "number" and anchor.keys == frozenset({"100"}) \
        and _WHOLLY.match(text, anchor.end, stop) is not None


# A count of tenths ("五成", "七成五", "近六成"): one numeral before 成, not after another ("三五成群", in
# groups) nor in a saying ("一成不变", unchanging; "十成" is written as 十成 and stays unread), nor a
# weekday's numeral before a word in 成 (trial 92: "朝鲜周二成功发射" read "二成", 20 %, a figure the
# article lacked; 成功 success, 成立 founded, 成为 become, 成员 member, 成果 results, 成都 Chengdu).
_HAN_TENTHS = regex.compile(r"(?<![零〇一二两兩三四五六七八九十百千万亿萬億周週期拜\p{N}])([一二三四五六七八九])成"
                            r"(?:([一二三四五六七八九])(?![十百千万亿萬億]))?(?![群不功为為立员員果绩績就本熟长長都])")


# Sayings and names whose numerals are no figure (trial 46): 十万火急 (most urgent), 十万八千里 (far
# off), 三十而立 (at thirty, established), 七十二变 (the 72 transformations), 五十步笑百步, 二百五
# (a fool), 双十一 (Singles' Day), 九九八十一, 三十六计 (the 36 stratagems)
_HAN_IDIOM = regex.compile("(?<![零〇一二两三四五六七八九十百千万亿])(?:十万火急|十万八千里|十万个为什么|三十而立|四十不惑|"
                           "五十而知天命|六十而耳顺|七十而从心所欲|七十二变|五十步笑百步|二百五|双十一|双十二|九九八十一|"
                           "三十六计|一百八十度|十八般武艺|八百里加急|一千零一夜|一百零八将|十三陵|十二生肖|二十四节气)"
                           "(?![零〇一二两三四五六七八九十百千万亿])")
# after a numeral: a decade or century (九十年代, 二十一世纪), or "some" before its scale (二十几万,
# 一百来万: some hundreds of thousands, trial 48), not a figure
_HAN_VAGUE_AFTER = regex.compile("年代|世纪|世紀|[几幾来來][万亿萬億]")
_HAN_TIME_AFTER = frozenset("点點时時")


# Brazilian news and posts abbreviate "bilhões" and "milhões" to "bi" and "mi" ("US$ 157,3 bi",
# "R$ 5,5 bi", "8,9 mi t"; trial 112: read as 157.3, a copy of "1573亿美元" was held back as
# another event on "157,3 ≠ 1573亿美元"). Alone each is something else (Spanish "mi", my; English
# "mi", miles; make_cldr_tables.py leaves both out), so only where the figure is money (a
# currency sign or code just before it) or a quantity of something ("mi de pessoas", "mi t",
# "bi de reais").
_SHORT_SCALES = {"bi": 1e9, "mi": 1e6}
_SHORT_SCALE = regex.compile(r"[ \u00a0]?(?P<w>bi|mi)(?![\p{L}\p{N}])")
_SHORT_SCALE_QUANTITY = regex.compile(r"[ \u00a0]+(?:de|t|ton|toneladas)(?![\p{L}\p{N}])")
_MONEY_BEFORE = regex.compile(r"(?:[$€£¥]|\b(?:BRL|USD|EUR|CNY|RMB))[ \u00a0]?$")


# French abbreviations of a scale before a currency ("850 M$", "1,2 Md$", "3 Mds€", "40 Mrds
# FCFA") and of a million tonnes ("1,42 Mt de fret"): trial 115's condensed copies of Xinhua's
# French service were "figures the article does not hold (1,42)" against "1,42 million de tonnes".
# Capitals only: "m" is metres, "Md" alone Maryland.
_ABBREVIATED_SCALES = {"M": 1e6, "Md": 1e9, "Mds": 1e9, "Mrd": 1e9, "Mrds": 1e9, "Mt": 1e6}
_ABBREVIATED_SCALE = regex.compile(
    r"[ \u00a0\u202f]?(?:(?P<w>M|Mds?|Mrds?)(?=[ \u00a0\u202f]?(?:[$€£¥]|(?:USD|EUR|FCFA|CFA|XOF|XAF)(?![\p{L}])))"
    r"|(?P<t>Mt)(?![\p{L}\p{N}]))")


def short_scale(text: str, start: int, end: int, stop: int) -> tuple[tuple[float, ...], int] | None:
    """(the scale, where it ends) of a Brazilian "bi" or "mi" after the number text[start:end], where
    the number is money or a quantity (`_SHORT_SCALES`), or of a French abbreviation before a
    currency or of megatonnes (`_ABBREVIATED_SCALE`); None elsewhere."""
    short = _ABBREVIATED_SCALE.match(text, end, stop)
    if short is not None:
        return (_ABBREVIATED_SCALES[short.group("w") or short.group("t")],), short.end("w") if short.group("w") else short.end()
    m = _SHORT_SCALE.match(text, end, stop)
    if m is None:
        return None
    if _MONEY_BEFORE.search(text, max(0, start - 6), start) is None and _SHORT_SCALE_QUANTITY.match(text, m.end(), stop) is None:
        return None
    return (_SHORT_SCALES[m.group("w")],), m.end()


def _time_or_idiom(text: str, start: int, end: int, idioms: list[tuple[int, int]]) -> bool:
    """Whether the Han numeral at text[start:end] is a time of day (十二点, 三点五十分: the hour
    before 点 or 时, the minutes between it and 分; trial 46 saw 十二点, 12 o'clock, shared with an
    article's 百分之十二) or inside one of the sayings of `_HAN_IDIOM`."""
    after, before = text[end : end + 1], text[start - 1 : start]
    if after in _HAN_TIME_AFTER or (before in _HAN_TIME_AFTER and after in "分刻"):
        return True
    if _HAN_VAGUE_AFTER.match(text, end) is not None:
        return True
    return any(s < end and start < e for s, e in idioms)


def _han_year(numerals: str, after: str) -> str | None:
    """The year four Han digits write before 年, digit by digit ("一九四九年", "二〇二五年"), as
    digits ("1949"); else None."""
    if after != "年" or len(numerals) != 4 or any(c not in HAN_DIGITS or c in "两兩" for c in numerals):
        return None
    year = "".join(str(HAN_DIGITS[c]) for c in numerals)
    return year if _is_year(int(year)) else None


# A single Han numeral is a number only where it cannot be part of a word (一些, 统一, 三思): in a
# designation, after a name and before 号 ("天舟九号", "长征七号": Tianzhou-9, Long March-7 in a
# translation, which read the 9 and the 7; trial 29 saw "figures not in the article: 9" on a true
# copy), or a whole percentage after 百分之 ("百分之十", 10%: trial 32's copy with "10%" shared no
# number with it; "百分之三点五" is 3.5, read as a decimal). Not an ordinal after 第:
# "第四次" (the fourth time) is in any story of a series, and trial 33 saw a post's 第四次 share "4"
# with another launch's article and lift it to a paraphrase at 0.89; "第一时间" is "at once".
_DESIGNATION_MARK = frozenset("号號")
_PERCENT_MARK = "百分之"
# A designation's variant after 号: a Heavenly Stem (甲乙丙丁 are A, B, C, D in a model's name:
# 长征二号丙 is Long March-2C) or a capital ("长征二号F", "长征五号B"), not before another letter
# of a word. Trial 95: "aboard a Long March-2C rocket" held a figure its Chinese article, writing
# 长征二号丙, lacked ("March-2C"), and the copy was missed; both now share the key "2c".
_HAN_VARIANT = regex.compile(r"[号號]([甲乙丙丁A-ZＡ-Ｚ])(?![\p{Latin}])")
_HEAVENLY_STEMS = {"甲": "a", "乙": "b", "丙": "c", "丁": "d"}


def _variant_key(number: float, letter: str) -> str:
    """The key of a designation's number and variant letter, as both scripts write it: "2c" for
    "Long March-2C" (`_designations`) and 长征二号丙 (`_HAN_VARIANT`)."""
    return _key(number) + letter.lower()


def _designation(text: str, start: int, end: int, stop: int) -> bool:
    """Whether the Han numeral at text[start:end] is a designation's or a whole percentage's number."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < stop else ""
    if text.endswith(_PERCENT_MARK, 0, start):
        return after not in DECIMAL_MARKS
    return after in _DESIGNATION_MARK and HAN_CHAR.fullmatch(before) is not None


def _grouped(m: regex.Match[str], text: str, stop: int) -> tuple[float, int] | None:
    """The value and end of a number `_NUMBER` matched as its first group of digits and Han or
    Korean scale (`m`), where more groups follow it, each with a smaller scale and less than the
    scale before it, the last maybe without one: "36万7000" (367,000), "3兆2000億" (3.2e12),
    "12億3456万", "2万5千", "3만 2천" (Korean spaces its groups). None where no group follows, or
    the first is no whole number ("36.7万", "550多万"). A group without a scale is a last one glued
    to the scale before it (Korean: after a space, from 100), before no date or time ("3万2024年")."""
    num, han = m.group("num"), m.group("han")
    if len(num) > _MAX_GROUP_DIGITS or _WHOLE_DIGITS.fullmatch(num) is None \
            or _ABOUT_CHARS.search(text, m.end("num"), m.start("han")) is not None:
        return None
    last = _HAN_SCALES[han]
    amount = int(num.replace(",", "")) * last
    end, groups = m.end(), 1
    while (g := _NEXT_GROUP.match(text, end, stop)) is not None:
        if g.group("space") and han not in _KOREAN_SCALES:
            break
        if len(g.group("num")) > _MAX_GROUP_DIGITS:
            break  # int() of thousands of digits raises (`_only_int`)
        digits = int(g.group("num").replace(",", ""))
        if g.group("han") is None:
            if g.group("space") and digits < 100:
                break
            if digits >= last or text[g.end() : g.end() + 1] in _NOT_A_GROUP_AFTER:
                break
            amount, end, groups = amount + digits, g.end(), groups + 1
            break
        scale = _HAN_SCALES[g.group("han")]
        if scale >= last or digits * scale >= last or not digits:
            break
        han, last = g.group("han"), scale
        amount, end, groups = amount + digits * scale, g.end(), groups + 1
    return (float(amount), end) if groups > 1 else None


# The characters a number written in groups (`_grouped`) holds after its first digits: without
# one of them a text writes none, and `grouped_numbers` need not look
_GROUP_SCALE_CHARS = frozenset("万萬亿億兆千百천백만억조")


class Grouped(NamedTuple):
    start: int
    end: int
    value: float  # the whole number: 367000.0 for "36万7000"
    first_scale: float  # the scale of its first group: 1e4 ("万"), so that it is 36.7万 too


def grouped_numbers(text: str, pos: int = 0, endpos: int | None = None) -> list[Grouped]:
    """The numbers `text` writes in groups of digits and Han or Korean scales (`_grouped`:
    "7亿7000万", "36万7000", "3兆2000億", "36만 7천"), each whole, as the anchors read them
    (`_numbers` gives each one anchor), in order: the reading the conflict rules
    (`ordinals.figures`, `sharedfacts.year_conflict`) take so that they never compare a piece
    ("7" of 7亿7000万) with another text's number. Digits are read as `ascii_digits` reads them
    (full-width "３６万７０００" too); offsets are `text`'s."""
    stop = len(text) if endpos is None else endpos
    if _GROUP_SCALE_CHARS.isdisjoint(text[pos:stop]):
        return []
    text = ascii_digits(text)
    out: list[Grouped] = []
    for m in _NUMBER.finditer(text, pos, stop):
        if (out and m.start() < out[-1].end) or not m.group("han"):
            continue
        grouped = _grouped(m, text, stop)
        if grouped is not None:
            out.append(Grouped(m.start(), grouped[1], grouped[0], _HAN_SCALES[m.group("han")]))
    return out


def _scale(m: regex.Match[str]) -> tuple[float, ...] | None:
    """The values a match's Han scale or scale word (groups "han", "word") multiply by; None
    without one."""
    if m.group("han"):
        return (_HAN_SCALES[m.group("han")],)
    return SCALE_VALUES.find(m.group("word")) if m.group("word") else None


def _only_int(num: str) -> int:
    """The integer a short digit string writes (a year's four digits at most), else -1: int()
    of a string of over 4,300 digits raises (trial 17's query of a 4,301-digit number)."""
    return int(num) if num.isdigit() and len(num) <= 4 else -1


def _is_year(value: int) -> bool:
    """Whether a bare integer reads as a year of the news (1900-2099)."""
    return 1900 <= value <= 2099


# ---- dates ---------------------------------------------------------------------------------------

_DATE = regex.compile(
    r"(?P<m1>\d{1,2})\s?月\s?(?P<d1>\d{1,2})\s?[日号]"
    # ... in Han numerals ("十月一日", "十二月二十五日"; trial 33: no date was read from them)
    r"|(?<![零〇一二两三四五六七八九十])(?P<m4>[一二三四五六七八九十]{1,3})月(?P<d4>[一二三四五六七八九十]{1,3})[日号號]"
    # no digit before the day: "Galaxy S24 March", "Budget 2024 March" hold no 24 March (trial 61)
    r"|(?<![\p{L}\p{N}])(?P<d2>\d{1,2})(?:st|nd|rd|th|er|º|°|\.)?\s+(?:de\s+|of\s+)?(?P<n2>\L<months>)(?![\p{L}])"
    # "Oct.31" too; not the "March" of "Long March" (长征: the rockets "Long March 5", "Long-March
    # 2F", trials' posts read as 5 March and 2 March), nor a day a Latin letter is glued to ("3월
    # 5일" is a date)
    r"|(?<![\p{L}])(?!(?<=\bLong[\s-]+)March)(?P<n3>\L<first>)(?:\.\s*|\s+)(?P<d3>\d{1,2})(?:st|nd|rd|th)?(?![\p{N}\p{Latin}])",
    regex.IGNORECASE, months=sorted(MONTH_OF), first=MONTH_FIRST,
)
# English writes its months capitalised, and "may" and "march" in lower case are a verb and a
# noun (trial 61: "Up to 15 may have died" was read as 15 May, "1 in 4 may go" as a range of May
# 1 to 4, and a personal post shared it with a May Day article); French writes "mars" in lower
# case, and "Mars" after a number is the planet ("Tianwen-1 Mars", "Chang'e 5 Mars" were 1 and
# 5 March).
_ENGLISH_WORDS = frozenset(("may", "march"))


def _month_word_is_month(word: str) -> bool:
    folded = word.lower()
    if folded in _ENGLISH_WORDS:
        return word[0].isupper()
    return folded != "mars" or not word.istitle()


# Dates in digits: ISO ("2021-05-15"), day first with dots as German, Russian and much of Europe
# write them ("15.05.2021", "5.3.24"), and with slashes ("15/05/2021"), read day first or month
# first where the other cannot be ("12/25/2023"), both ways where either can ("05/03/2021": 5
# March and 3 May, either key matches). Trial 61: "15.05.2021" was the figure 15.05 the article
# lacked, and a German condensed copy was missed for it. A year of two digits is read only in
# such a date; "1.2.3" is none, nor "rose by 15.05." at a sentence's end.
_NUMERIC_DATE = regex.compile(
    r"(?<![\p{L}\p{N}.,/-])(?:"
    r"(?P<iy>(?:19|20)\d\d)-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.(?P<dy>(?:19|20)\d\d|\d\d)"
    # ... or without its year where a word in lower case follows, so that the last dot ends no
    # sentence ("Zhurong landete am 15.05. in Utopia Planitia", trial 61)
    r"|(?P<nd>\d{1,2})\.(?P<nm>\d{1,2})\.(?=[^\S\n]+\p{Ll})"
    r"|(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<sy>(?:19|20)\d\d|\d\d)"
    # ... year first with dots or slashes as Chinese, Japanese and Korean posts write it
    # ("2021.05.15", "2021/5/15"), and with hyphens day or month first ("15-05-2021"; trial 62)
    r"|(?P<ly>(?:19|20)\d\d)(?P<lsep>[./])(?P<lm>\d{1,2})(?P=lsep)(?P<ld>\d{1,2})"
    r"|(?P<ha>\d{1,2})-(?P<hb>\d{1,2})-(?P<hy>(?:19|20)\d\d)"
    r")(?![\p{N}.,/-]\p{N}|[\p{N}\p{L}])"
)


_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _numeric_dates(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    """Dates written in digits (`_NUMERIC_DATE`), each one fact as a designation is (the numbers
    inside it are not read as well): the date, and its year where it has four digits."""
    out = []
    for m in _NUMERIC_DATE.finditer(text, pos, len(text) if endpos is None else endpos):
        if m.group("iy"):
            pairs, year = [(int(m.group("im")), int(m.group("id")))], m.group("iy")
        elif m.group("dd"):
            pairs, year = [(int(m.group("dm")), int(m.group("dd")))], m.group("dy")
        elif m.group("nd"):
            pairs, year = [(int(m.group("nm")), int(m.group("nd")))], ""
        elif m.group("ly"):
            pairs, year = [(int(m.group("lm")), int(m.group("ld")))], m.group("ly")
        else:
            a, b = int(m.group("sa") or m.group("ha")), int(m.group("sb") or m.group("hb"))
            pairs, year = [(b, a), (a, b)], m.group("sy") or m.group("hy")
        # a day the month has ("31/02/2021" is none; trial 62), 29 February in any year
        keys = frozenset(f"{month}-{day}" for month, day in pairs if 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month])
        if not keys:
            continue
        out.append(Anchor("date", keys, m.start(), m.end(), 2.5, m.group()))
        if len(year) == 4:
            start = m.start() if m.group("iy") or m.group("ly") else m.end() - 4
            out.append(Anchor("year", frozenset({year}), start, start + 4, 1.0, year))
    return out


def _dates(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    for m in _DATE.finditer(text, pos, len(text) if endpos is None else endpos):
        if m.group("m1"):
            month, day = int(m.group("m1")), int(m.group("d1"))
        elif m.group("m4"):
            month, day = int(han_number(m.group("m4")) or 0), int(han_number(m.group("d4")) or 0)
        elif m.group("d2"):
            if not _month_word_is_month(m.group("n2")):
                continue
            month, day = MONTH_OF.find(m.group("n2")) or 0, int(m.group("d2"))
        else:
            if not _month_word_is_month(m.group("n3")):
                continue
            month, day = MONTH_OF.find(m.group("n3")) or 0, int(m.group("d3"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            # a date in a news cycle: several stories share it, so less specific than a number
            out.append(Anchor("date", frozenset({f"{month}-{day}"}), m.start(), m.end(), 2.5,
                              m.group()))
    return out


# ---- names ---------------------------------------------------------------------------------------

# Capitalised function words and titles that start sentences or precede names in the Latin-script
# languages the product sees most; they are not names.
_NOT_NAMES = frozenset([
    # English
    "the", "a", "an", "and", "but", "or", "of", "in", "on", "at", "to", "for", "from", "with", "by",
    "as", "is", "are", "was", "were", "be", "this", "that", "these", "those", "it", "its", "he",
    "she", "they", "we", "you", "his", "her", "their", "our", "my", "your", "there", "here", "when",
    "where", "while", "after", "before",
    # Spanish
    "el", "la", "los", "las", "un", "una", "unos", "unas", "y", "o", "de", "del", "en", "con",
    "por", "para", "al", "se", "su", "sus", "es", "son", "fue", "lo", "le", "les", "este", "esta",
    "estos", "estas", "ese", "esa", "hoy", "ayer", "según", "segun", "también", "tambien", "pero",
    "como", "más", "mas",
    # French
    "le", "la", "les", "un", "une", "des", "et", "ou", "du", "au", "aux", "dans", "sur", "pour",
    "par", "avec", "ce", "cette", "ces", "il", "elle", "ils", "elles", "nous", "selon", "aussi",
    "mais", "plus", "est", "sont",
    # Portuguese
    "o", "a", "os", "as", "um", "uma", "e", "em", "no", "na", "nos", "nas", "do", "da", "dos",
    "das", "com", "por", "para", "pelo", "pela", "seu", "sua", "também", "mais",
    # German
    "der", "die", "das", "ein", "eine", "und", "oder", "mit", "von", "zu", "im", "am", "auf", "für",
    "ist", "sind",
    # Italian
    "il", "lo", "gli", "i", "una", "e", "di", "da", "in", "con", "su", "per", "che",
    # titles
    "mr", "mrs", "ms", "dr", "prof", "president", "minister", "premier", "chairman", "secretary",
    "general", "prime", "foreign", "deputy", "vice", "former", "chief", "spokesman", "spokeswoman",
    "spokesperson", "ambassador", "presidente", "ministro", "ministra", "portavoz", "embajador",
    "embajadora", "président", "ministre", "porte-parole", "ambassadeur", "porta-voz", "embaixador",
    "embaixadora",
    # institutions Spanish, Portuguese and French capitalise as common nouns ("jefes de Estado",
    # "el Gobierno", "chefs d'État": trial 106's post on the Xi-Biden summit shared "Estado", 2
    # nats, with a CGTN article on it, its false copy's third name)
    "estado", "état", "etat", "gobierno", "governo", "gouvernement",
    # connectives
    "however", "meanwhile", "moreover", "therefore", "furthermore", "nevertheless",
    # credits and labels
    "source", "fuente", "fonte", "via", "vía", "foto", "photo", "video", "urgente", "breaking",
    "última", "ultima", "hora", "news", "noticias",
    # outlets
    "xinhua", "xinhuanet", "cgtn", "cctv", "chinanews", "globaltimes", "sputnik", "tass", "efe",
    "reuters", "afp",
    # weekdays and months (English, German): dates, not names
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "januar", "februar", "märz", "juni", "juli", "oktober", "dezember",
    # ... and the English months' abbreviations ("Oct" was shown as a shared name, trial 14)
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # English adverbs of time that start sentences ("Today I crossed...", "Earlier this year":
    # shared as names, trial 50)
    "today", "yesterday", "tomorrow", "tonight", "earlier", "later", "now", "then", "recently",
    "currently", "finally", "also", "still", "since", "during", "despite", "although", "because",
    "if", "what", "why", "how", "who", "which", "according",
])
# The news agencies' and outlets' own names in Chinese, as datelines and credits write them
# ("新华网东京3月17日电"): every story of that outlet holds them, so they say who published a
# text, not what it tells (attribution reads them). A Han window overlapping one is no name.
_AGENCY_HAN = regex.compile("新华社|新华网|新華社|新華網|中新社|中新网|中新網|中国新闻网|中國新聞網|环球网|環球網|"
                            "环球时报|環球時報|人民网|人民網|人民日报|人民日報|央视网|央視網|央视新闻|央視新聞|"
                            "中国日报|中國日報|国际在线|國際在線|光明网|光明網|澎湃新闻|澎湃新聞|中央社")
# The Arabic article before a family name as Latin script writes it in lower case, with a hyphen
# ("Mohamed al-Menfi", "Abdel Fattah el-Sisi", "Bashar al-Assad", "as-Sudani"): a word of the
# name, and the name without it a key of its own (`particle_free`). Trial 99: "Mohamed al-Menfi"
# was read as two names, "Mohamed" and "Menfi", so that "Libyan Presidential Council head Mohamed
# al-Menfi" in the words of a condolence message to Greece's Katerina Sakellaropoulou was not
# seen as another person (nameswap's two-word rule) and the post was a near_verbatim copy.
NAME_PARTICLE = r"(?:al|el|ad|ar|as|ash|at|az|an|ud|ul)"
_PARTICLE_WORD = regex.compile(rf"{NAME_PARTICLE}-(?=\p{{Lu}})")


def particle_free(word: str) -> str:
    """`word` without a lower-case Arabic article before its capital ("al-Menfi" is "Menfi");
    any other word as it is."""
    m = _PARTICLE_WORD.match(word)
    return word[m.end():] if m else word


# A name's words are joined by spaces or tabs, never across a line break: a headline's last word and
# the body's first are two names ("Interior Secretary" / "Washington"; a trial saw one anchor of
# both). On the tuning halves no verdict changed (0 of 6,412 posts). A hyphen stays in a word
# only before lower-case letters ("Rheinland-Pfalz" is "Rheinland" and "Pfalz", as its keys
# always were; the anchor no longer ends in the hyphen).
_LATIN_WORD = (r"(?:\p{Lu}[\p{Ll}\p{M}'’]+(?:\p{Lu}[\p{Ll}\p{M}'’]*)*(?:-[\p{Ll}\p{M}'’]+)*|\p{Lu}{2,}\d*"
               rf"|{NAME_PARTICLE}-\p{{Lu}}[\p{{Ll}}\p{{M}}'’]+)")
# ... and, after a Cyrillic name word, a one-letter Palladius syllable, a Chinese given name: "Ван
# И" is Wang Yi (palladius.py reads "wangyi"), whose "И" no word pattern took, so a Russian post
# shared only "Wang" with the foreign minister (trial 107). Only after a word of the name, never
# first: a capital "И" opening a sentence is the conjunction.
_CYRILLIC_SYLLABLE = r"(?<=\p{Cyrillic}[\p{Zs}\t]+)[ИЮЕЯУЭАО](?![\p{L}\p{M}\p{N}])"
# (a word in camel case is one word: "SpaceX" was shown as the name "Space", trial 14)
_LATIN_NAME = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}]){_LATIN_WORD}(?:[\p{{Zs}}\t]+(?:{_LATIN_WORD}|{_CYRILLIC_SYLLABLE}))*"
)
_CYRILLIC_GREEK_NAME = regex.compile(r"(?<![\p{L}])[\p{Lu}&&[\p{Cyrillic}\p{Greek}]][\p{Ll}\p{M}]+")
HAN_RUN = regex.compile(r"\p{Han}{2,}")


_NOT_KEY = regex.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    return _NOT_KEY.sub("", anyascii(text).lower())


# Cyrillic letters that Serbian's Latin alphabet writes otherwise than anyascii romanises them,
# as that alphabet writes them without diacritics: "Вучић" is "Vučić", "Vucic" in the news
# (anyascii: "Vuchic"); "Ђинпинг" is "Đinping", "Dinping" (anyascii: "Djinping").
_SERBIAN_LATIN = str.maketrans({"ч": "c", "ћ": "c", "ш": "s", "ж": "z", "ђ": "d", "џ": "dz", "х": "h", "ц": "c",
                                "Ч": "C", "Ћ": "C", "Ш": "S", "Ж": "Z", "Ђ": "D", "Џ": "Dz", "Х": "H", "Ц": "C"})
_SERBIAN_DIFFERS = regex.compile(r"[чћшжђџхцЧЋШЖЂЏХЦ]")


def _folded(word: str) -> tuple[str, ...]:
    """`word`'s `_fold` key first, then, for a Cyrillic word that Serbian's Latin alphabet writes
    otherwise, its key as that alphabet writes it (`serbian_latin_key`), each folded once."""
    key = _fold(word)
    if _SERBIAN_DIFFERS.search(word) is None:
        return (key,)
    latin = _fold(word.translate(_SERBIAN_LATIN))
    return (key,) if latin == key else (key, latin)


def serbian_latin_key(word: str) -> str | None:
    """The key of a Cyrillic word as Serbian's Latin alphabet writes it, diacritics dropped
    (`_SERBIAN_LATIN`: "Вучић" → "vucic", the key of "Vučić" and "Vucic"), where that differs
    from its `_fold` key ("vuchic"); None otherwise. Trial 93: a Serbian post in Latin script
    shared no name with the Cyrillic article it copied."""
    keys = _folded(word)
    return keys[1] if len(keys) > 1 else None


@functools.lru_cache(maxsize=65536)
def han_syllable(char: str) -> str:
    """A Han character's romanised syllable, out of context ("国" and "國": "guo"; anyascii's one
    reading: "重" is "zhong" and "长" "zhang" wherever they stand)."""
    return _fold(char)


def _unread(chars: str) -> Any:
    """pypinyin's answer for characters it has no reading of: one empty syllable each (its stub
    types the callback as returning a string; a list is read one item a character)."""
    return [""] * len(chars)


def han_syllables(run: str) -> list[str]:
    """Each character's romanised syllable in a run of Han characters, read in context: the
    windows' keys (`_run_windows`, `anchorcompare._HanRuns`). pypinyin reads the run, simplified
    (`normalize.simplified_chars`: its phrases are written so), with its phrase readings:
    "重庆" is "chong qing", "长春" "chang chun", "长沙" "chang sha", "厦门" "xia men", where each
    character's one reading (`han_syllable`) made them "zhongqing", "zhangchun", "zhangsha",
    "shamen", so a post's "Chongqing" or "Changchun" shared nothing with an article's 重慶 or
    长春 (trial 104). A character pypinyin does not read, or a run it does not read one syllable
    per character, keeps `han_syllable`'s. Returns one string per character of `run`."""
    from pypinyin import Style, lazy_pinyin

    simple = simplified_chars(run)
    read = lazy_pinyin(simple, style=Style.NORMAL, v_to_u=True, errors=_unread) if len(simple) == len(run) else []
    if len(read) != len(run):
        return [han_syllable(c) for c in run]
    return [_fold(r) if r else han_syllable(c) for r, c in zip(read, run)]


HAN_CHAR = regex.compile(r"\p{Han}")


def _name_weight(key: str) -> float:
    return 3.0 if len(key) >= 8 else 2.0 if len(key) >= 5 else 1.0


_WORD = regex.compile(r"\S+")


# An English possessive or its apostrophe after a plural ("Mao Ning's", "Reuters'", "Kim Jong Un’s"):
# not part of the name. Folded with it, "Lai Ching-te's" shared nothing with "Lai Ching-te" or 赖清德
# (trial 23). "Chang'e" and "O'Brien" keep theirs.
_POSSESSIVE = regex.compile(r"['’]s?(?![\p{L}\p{M}])")
_POSSESSIVE_END = regex.compile(r"['’]s?$")


def without_possessive(name: str) -> str:
    """`name` without the English possessive of each word ("Mao Ning's" -> "Mao Ning"): the words
    a name's keys are made of."""
    return _POSSESSIVE.sub("", name)


def name_length(name: str) -> int:
    """The length of `name` without its last word's English possessive ("Mao Ning's": 8)."""
    tail = _POSSESSIVE_END.search(name)
    return tail.start() if tail is not None and tail.start() > 0 else len(name)


# Where a sentence starts: the text's start, or after a sentence's end and spaces or quotes.
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;\n…。！？][\s\"'“”‘’«»()\[\]]*)$")


_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{Ll}\p{M}]+(?![\p{L}\p{M}])")
_LOWER = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{Ll}\p{M}]+(?![\p{L}\p{M}])")


@functools.lru_cache(maxsize=256)
def _word_cases(text: str) -> tuple[Counter[str], Counter[str], frozenset[str]]:
    """(how often `text` writes each word in lower case, how often capitalised, the capitalised
    words it writes inside a sentence), words lower-cased. Cached: an article's are asked by
    every span its stored keys confirm (`storedkeys._StoredTable`)."""
    lower = Counter(_LOWER.findall(text))
    capitalised: Counter[str] = Counter()
    inside = set()
    for m in _CAPITALISED.finditer(text):
        word = m.group().lower()
        capitalised[word] += 1
        if _SENTENCE_START.search(text, max(0, m.start() - 4), m.start()) is None:
            inside.add(word)
    return lower, capitalised, frozenset(inside)


def _common_word(text: str, start: int, word: str) -> bool:
    """Whether `word`, one capitalised word that starts a sentence at `start`, is a common word
    of the text rather than a name: never capitalised inside a sentence, and written in lower
    case more often than capitalised ("Running ... running ... running"). Trial 50: a
    133,719-character article's sentence-initial "Running" was shared as a name with a post that
    copies nothing; trial 52: "Trump said ... a trump card" keeps its name (once each)."""
    if _SENTENCE_START.search(text, max(0, start - 4), start) is None:
        return False
    lower, capitalised, inside = _word_cases(text)
    key = word.lower()
    return key not in inside and lower[key] > capitalised[key]


def _is_number_word(word: str) -> bool:
    """Whether `word` is a number in words alone ("Seis muertos", "Mil anos": trial 52 saw them
    as names at a post's start)."""
    key = word.lower()
    return any(key in table for _, table in COMPOUND_WORDS.values()) or TENS_WORDS.find(key) is not None \
        or TEEN_WORDS.find(key) is not None


# A Portuguese verb with its clitic pronoun, capitalised where it opens a sentence ("Trata-se da
# 278a missão", "Espera-se que", "Registrou-se"): no name. Trial 124 saw "Trata-se" shared as a
# name (2 nats) between a copy of Xinhua's launch template and another launch's article.
_CLITIC_VERB = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]{2,}(?:[aeiouáéíóúâêôãõ]|[mrs])-(?:se|lhe|lhes|me|te|nos|vos|lo|la|los|las)")


def _latin_names(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    for m in _LATIN_NAME.finditer(text, pos, len(text) if endpos is None else endpos):
        # a capitalised word that is no name ("The", "On", "President") before it is not part of
        # it (trial 13's evidence read "shares: The Shenzhou")
        first = next((w.start() for w in _WORD.finditer(m.group()) if w.group().lower() not in _NOT_NAMES
                      and _CLITIC_VERB.fullmatch(w.group()) is None), None)
        if first is None:
            continue
        start, end = m.start() + first, m.end()
        end = start + name_length(text[start:end])  # the name ends before its last word's possessive
        words = without_possessive(text[start:end]).split()
        if len(words) == 1 and (_common_word(text, start, words[0]) or _is_number_word(words[0])):
            continue
        keys: set[str] = set()
        for i, word in enumerate(words):
            if word.lower() in _NOT_NAMES:
                continue
            word_keys = _folded(word)  # with a Cyrillic word's Serbian Latin key ("Вучић": vucic)
            key = word_keys[0]
            if len(key) >= 3:
                keys.update(word_keys)
                bare = particle_free(word)
                if bare != word:  # "al-Menfi" is "Menfi" as well
                    keys.update(_folded(bare))
                if key in EXONYMS:
                    keys.add(EXONYMS[key])
                stem = russian_stem(word)  # "Путина" is also "putin", as "Putin" folds
                if stem != word:
                    keys.update(_folded(stem))
            # "Xi Jinping" → "xijinping", as a Han run romanises; not with a title or function
            # word ("Japanese Prime" was shown as a name shared by two texts, trial 14)
            if i + 1 < len(words) and words[i + 1].lower() not in _NOT_NAMES:
                pair_keys = _folded(word + words[i + 1])
                if len(pair_keys[0]) >= 5:
                    keys.update(pair_keys)
        # across scripts: a Korean name as its Han characters read in Korean ("Ri Yong Ho" =
        # 李勇浩, korean.py), a Taiwanese one in Wade-Giles as pinyin ("Lai Ching-te" =
        # "laiqingde" = 赖清德, wadegiles.py), a Chinese one in Russian letters as pinyin ("Ли
        # Цяном" = "liqiang" = 李强, palladius.py)
        keys |= cross_script_keys(" ".join(words))
        if keys:
            out.append(Anchor("name", frozenset(keys), start, end, max(_name_weight(k) for k in keys),
                              text[start:end]))
    return out


# A model designation: a short Latin prefix, a hyphen, digits and an optional suffix of up to
# three capitals and a digit after them ("F-35A", "B-1B", "MiG-29", "MiG-29SMT", "Su-30SM2",
# "Su-35", "DF-41", "COVID-19"; "F-16s" in the plural; trials 123 and 125: "two MiG-29SMT jets"
# and "Su-30SM2 multirole fighters" were no models, so no other ones than RIA's МиГ-31БМ and
# Су-35С), written the same in every
# language and script ("F-35A战机"). It is one fact, as specific as a figure: an anchor of kind
# "number" keyed by the whole designation ("f35a"), weighing DESIGNATION_WEIGHT, and neither its
# bare number nor a shorter name as well. Trial 11: "B-1B" matched its Chinese article only as
# the number 1 (1 nat); "F-35A" shared 35 with any "35"; counted as the name "COVID", the name
# "COVID-19" and the number 19, a negative on the same event weighed 6 nats more. A prefix of
# more than 5 letters is a word ("Shenzhou-17"): a name and a number, as the conflict rule reads
# them. Hashtags and headlines also write it glued ("#F35A", "MH370", "#COVID19", "COP28"): the
# same key, where the prefix and digits are 3 characters or more ("Q3", "G7", "A1" are too
# common); a glued word of more than 5 letters ("#Shenzhou16") is a name and a number as
# "Shenzhou-16" is (`_GLUED_NUMBER`): trial 13's "#Shenzhou16" shared nothing with "Shenzhou-16".
_DESIGNATION = regex.compile(
    rf"(?<![\p{{Latin}}\p{{N}}-])(?!(?:{'|'.join(CURRENCY_CODES)})\d)"
    r"(\p{Lu}[\p{Latin}]{0,4})(-?)(\d{1,4})(\p{Lu}{0,3}(?:(?<=\p{Lu})\d)?)(?:s|'s)?(?![\p{Latin}\p{N}])")
_GLUED_NUMBER = regex.compile(
    r"(?<=(?<![\p{Latin}\p{N}])\p{Lu}\p{Ll}{5,})\d{1,4}(?=\p{Lu}{0,2}(?![\p{Latin}\p{N}]))")
# ... and a hashtag in camel case ends in one: "#LongMarch7A" is "Long March-7A" (trial 15 read
# the article's "#LongMarch3B" as lacking the post's "Long March-3B")
_CAMEL_DESIGNATION = regex.compile(
    r"(?<=(?<![\p{L}\p{N}])\p{Lu}\p{L}*\p{Ll})(\p{Lu}[\p{Ll}]{0,4})()(\d{1,4})(\p{Lu}{0,2})(?:s|'s)?(?![\p{Latin}\p{N}])")
# ... and in Cyrillic, as Russian writes aircraft, rockets and vaccines ("Су-35С", "МиГ-31БМ",
# "Ту-160", "Ан-124", "Ил-76"), hyphen required (a Cyrillic word glued to digits is no model
# name Russian writes): keyed as Latin writes it (`_fold`: "su35s", "mig31bm", as "Su-35S"
# and "MiG-31BM" are). Trial 122: "Су-35С" was the bare number 35, "МиГ-31БМ" the name "МиГ" and a
# number cut inside it ("Г-31БМ"), so RIA's video of a duel of two MiG-31BM was a near-verbatim
# copy, at 0.89, of a post on a duel of two Su-35S in its words.
_CYRILLIC_DESIGNATION = regex.compile(
    r"(?<![\p{L}\p{N}-])(\p{Lu}[\p{Cyrillic}]{0,4})(-)(\d{1,4})([\p{Lu}&&\p{Cyrillic}]{0,3}(?:(?<=\p{Lu})\d)?)(?![\p{L}\p{N}])",
    regex.V1)
DESIGNATION_WEIGHT = 2.0


# ... and, where its prefix is a capitalised word of 4 or 5 letters ending a name of several
# words, also its bare number: "Long March-5" is the rocket Long March 5, and Chinese writes its
# number (长征五号). Trial 59: read as the designation "March-5" alone, the English copy of a
# Chinese launch article held a figure the article lacked and was missed. "COVID-19", "MiG-29"
# and a lone "Covid-19" are no bare number, nor is a designation with a letter after its digits:
# "Long March-2D" would share 2 with "Long March-2F" (trial 60), and 长征二号F's F is not read.
_NAME_WORD_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])(\p{Lu}[\p{Ll}\p{M}]+)[ \u00a0]?$")


def _ends_a_name(text: str, m: regex.Match[str], glued: bool) -> bool:
    """Whether designation match `m` is the last word of a name of several words and a number
    ("Long March-5", "#LongMarch3B"): a capitalised prefix of 4 letters or more after a
    capitalised word (with a space between, unless `glued`) that is no function word or title
    (`_NOT_NAMES`)."""
    prefix = m.group(1)
    if len(prefix) < 4 or not prefix[1:].islower():
        return False
    before = _NAME_WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
    if before is None or glued == before.group().endswith((" ", "\u00a0")):
        return False
    return before.group(1).lower() not in _NOT_NAMES


_CYRILLIC_LATIN_ALIKE = frozenset("АВСЕКМНОРТХ")


@functools.lru_cache(maxsize=256)
def designations(text: str) -> tuple[Anchor, ...]:
    """The model designations of `text` ("F-35A", "MiG-29", "Су-35С", "#LongMarch7A"): anchors
    of kind "number" keyed by the whole designation, digits read as ASCII; an event's tag glued
    to its year ("#CIIE2023") is a name and not among them. Cached: a post and an article are
    read for each of the post's candidates (`sharedfacts.designation_conflict`)."""
    digits = ascii_digits(text)
    return tuple(a for a in _designations(digits) if a.kind == "number")


def _designations(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    stop = len(text) if endpos is None else endpos
    found = [(m, False) for m in _DESIGNATION.finditer(text, pos, stop)] + \
        [(m, True) for m in _CAMEL_DESIGNATION.finditer(text, pos, stop)]
    for m in _CYRILLIC_DESIGNATION.finditer(text, pos, stop):
        if m.group(1)[0] in _CYRILLIC_LATIN_ALIKE and len(m.group(1)) == 1 and not m.group(4):
            continue  # "А-1", "В-3": a list's item or a road, not a model
        out.append(Anchor("number", frozenset({_fold(m.group(1) + m.group(3) + m.group(4))}),
                          m.start(), m.end(), DESIGNATION_WEIGHT, m.group()))
    cyrillic = [(a.start, a.end) for a in out]
    for m, glued in found:
        if any(s < m.end() and m.start() < e for s, e in cyrillic):
            continue  # "Г-31БМ" of "МиГ-31БМ" (the pattern reads any capital as a prefix's first letter)
        prefix, hyphen, digits, suffix = m.groups()
        if not hyphen and len(prefix) + len(digits) < 3:
            continue
        keys = {_fold(prefix + digits + suffix)}
        if _ends_a_name(text, m, glued):
            # "Long March-5": the rocket 长征五号's 5; "Long March-2C": its 2c (长征二号丙, `_HAN_VARIANT`)
            keys.add(_variant_key(int(digits), suffix))  # no suffix: the bare number
        end = m.end(4)  # "F-16" of "F-16s"
        # an event's tag glued to its year ("#CIIE2023", "#APEC2023") names the event, no figure:
        # trial 119's Spanish copy of Xinhua's expo report ending "#CIIE2023" was held back for
        # it as a figure the article lacks (a name the article lacks is no evidence either way)
        tag = not hyphen and not suffix and len(digits) == 4 and _is_year(int(digits))
        out.append(Anchor("name" if tag else "number", frozenset(keys), m.start(), end,
                          DESIGNATION_WEIGHT, text[m.start():end]))
    return out


# A match's score line: two or more set or game scores in a row ("6-4, 6-3", "7-6(5) 6-4",
# "6–4、6–3"). Its small numbers are no facts one by one: trial 13's tennis post shared 6, 4 and 3
# with another match's article and the shared "figures" lifted it. The line is one anchor of
# kind "number" keyed by the whole line ("6-4 6-3"), weighing DESIGNATION_WEIGHT, the same in
# every language; a single "2-1" stays two numbers (a score or a range).
_SCORE_PAIR = r"\d{1,2}\s?[-–]\s?\d{1,2}(?:\s?\(\d{1,2}\))?"
_SCORE_LINE = regex.compile(
    rf"(?<![\p{{N}}\p{{Latin}}\p{{Cyrillic}}\p{{Greek}}\p{{Arabic}}\-–.,/:]){_SCORE_PAIR}"
    rf"(?:(?:\s*[,;、，]\s*|\s+)(?:(?:and|y|et|e|und|и)\s+)?{_SCORE_PAIR})+(?![\p{{N}}\-–/:]|[.,]\d)")
_SCORE_SEP = regex.compile(r"\s*[-–]\s*")


# A month, or a range of months, without a day, as Chinese and Japanese write it ("1至11月",
# "1-11月", "一至十一月", "11月份"): a period, not a figure. Trial 73: a condensed Chinese translation
# of a trade report ("1至11月中俄贸易额同比增长32%", the article "с января по ноябрь") showed "figures
# not in the article: 1, 11" and was held back as another story with other figures. It is one
# anchor of kind "date", keyed "month:" and the months ("month:1-11"), weighing MONTH_WEIGHT.
_HAN_MONTH_NUMERAL = r"(?:十[一二]?|[一二三四五六七八九])"
_MONTHS = regex.compile(
    r"(?<![\p{N}.,:])(?:(?P<a>\d{1,2})\s?(?:至|到|[-–—～~])\s?)?(?P<b>\d{1,2})\s?月(?!\s?\d{1,2}\s?[日号號])"
    rf"|(?<![零〇一二两三四五六七八九十百千])(?:(?P<ha>{_HAN_MONTH_NUMERAL})(?:至|到|[-–—～~]))?"
    rf"(?P<hb>{_HAN_MONTH_NUMERAL})月(?![零〇一二三四五六七八九十]|\d)")
MONTH_WEIGHT = 1.0


def _han_month(numeral: str) -> int | None:
    value = han_number(numeral)
    return None if value is None else int(value)


def _months(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    """Chinese and Japanese months and ranges of months without a day (`_MONTHS`), each one
    anchor of kind "date" keyed "month:" and its months; a month past 12 is none."""
    out = []
    for m in _MONTHS.finditer(text, pos, len(text) if endpos is None else endpos):
        first: int | None
        last: int | None
        if m["b"] is not None:
            first, last = (int(m["a"]) if m["a"] else None), int(m["b"])
        else:
            first, last = (_han_month(m["ha"]) if m["ha"] else None), _han_month(m["hb"])
        if last is None or not 1 <= last <= 12 or (first is not None and not (1 <= first <= 12 and first != last)):
            continue
        key = f"month:{first}-{last}" if first is not None else f"month:{last}"
        out.append(Anchor("date", frozenset({key}), m.start(), m.end(), MONTH_WEIGHT, m.group()))
    return out


# ... and a month Serbian names alone, "in May": "у" and the locative ("у мају", "у октобру",
# Latin "u maju"), as Chinese writes "5月": trial 92's Serbian article "… саопштило је
# Министарство привреде у мају" dated nothing, so a post dating its story in another month was
# not told so (anchorcompare's month rule).
_SERBIAN_MONTH = regex.compile(r"(?<![\p{L}\p{N}])[уu][ \u00a0]+(?P<m>\L<months>)(?![\p{L}\p{M}])",
                               regex.IGNORECASE, months=sorted(SERBIAN_LOCATIVE_MONTHS))


def _serbian_months(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    """Serbian months without a day (`_SERBIAN_MONTH`), as `_months` reads Chinese ones: kind
    "date", keyed "month:" and the month, the month's word its span."""
    out = []
    for m in _SERBIAN_MONTH.finditer(text, pos, len(text) if endpos is None else endpos):
        month = SERBIAN_LOCATIVE_MONTHS[m["m"].lower()]
        out.append(Anchor("date", frozenset({f"month:{month}"}), m.start("m"), m.end("m"), MONTH_WEIGHT, m["m"]))
    return out


def _scores(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    for m in _SCORE_LINE.finditer(text, pos, len(text) if endpos is None else endpos):
        pairs = regex.findall(_SCORE_PAIR, m.group())
        key = " ".join(_SCORE_SEP.sub("-", p).replace(" ", "") for p in pairs)
        out.append(Anchor("number", frozenset({key}), m.start(), m.end(), DESIGNATION_WEIGHT, m.group()))
    return out


# A clock time ("6:50 a.m.", "18h30", "6时50分") is one anchor keyed by its time on a 12-hour clock
# ("t6:50"), not the numbers 6 and 50: trial 14 saw the "6" of "Zhongxing-6E" shown as the same
# number as the "6" of an article's "6:50 a.m.". Twelve hours: the half of the day is written in
# as many ways as there are languages ("20 h 26" is a tuning-half article's "晚8點26分").
_TIME = regex.compile(
    r"(?<![\p{N}.,:])(?P<h>[01]?\d|2[0-3])(?::|\s?h\s?(?=\d\d))(?P<m>[0-5]\d)(?![\p{N}:])"
    r"(?:\s?(?P<half>[ap])\.?m\.?(?![\p{L}]))?"
    r"|(?P<h2>[01]?\d|2[0-3])\s?[时時点點]\s?(?P<m2>[0-5]?\d)\s?分"
    # the half hour in a word: "上午11点半", "11時半" (trial 87: "11:30" of a Spanish post against
    # its Chinese article's "11点半" was a figure not in the article)
    r"|(?P<h4>[01]?\d|2[0-3])\s?[时時点點]半"
    # a game clock or duration read the same way: "3分35秒" is the English "3:35"
    r"|(?<!\d)(?P<h3>[01]?\d|2[0-3])\s?分\s?(?P<m3>[0-5]?\d)\s?秒",
    regex.IGNORECASE)


# Chinese words for the half of the day written before a time ("下午3时", "晚8點26分")
_HAN_AM = ("上午", "早上", "凌晨", "清晨", "早晨")
_HAN_PM = ("下午", "晚上", "傍晚", "晚", "夜间", "夜間", "夜")


def _halves(text: str, m: regex.Match[str], hour: int) -> tuple[str, ...]:
    """The halves of the day a time may be in: the one written ("a.m.", "下午"), or given by a
    24-hour hour (0, 13-23), else both: "2:35 am" and "2:35pm" share nothing (trial 15 saw them
    shown as one time), while "6时50分" still matches "6:50 a.m."."""
    half = (m["half"] or "").lower() if m["h"] is not None else ""
    if not half and (m["h2"] is not None or m["h"] is not None or m["h4"] is not None):  # "下午3时", "下午5：30"
        before = text[max(0, m.start() - 2):m.start()]
        half = "a" if before.endswith(_HAN_AM) else "p" if before.endswith(_HAN_PM) else ""
    return _day_halves(half, hour)


def _day_halves(half: str, hour: int) -> tuple[str, ...]:
    """`half` ("a", "p") where the text writes one, else what a 24-hour `hour` says (0: "a",
    13-23: "p"), else both."""
    if half:
        return (half,)
    if hour == 0 or hour >= 13:
        return ("a",) if hour == 0 else ("p",)
    return ("a", "p")


def _time_anchor(m: regex.Match[str], hour: int, minute: int, halves: tuple[str, ...]) -> Anchor:
    """A clock time's anchor: keyed on a 12-hour clock with each half of the day it may be in."""
    return Anchor("number", frozenset(f"t{hour % 12}:{minute:02d}{half}" for half in halves), m.start(), m.end(),
                  1.0 if minute == 0 else DESIGNATION_WEIGHT, m.group())


# A time written with a dot ("las 5.30 de la tarde", "5.30pm", "17.30 Uhr") is a time only where a
# word says so, before it (Spanish and Portuguese "las", "às") or after it (a half of the day,
# "Uhr"; not "h", which may be a duration: "the race took 5.30 h", trial 52); elsewhere "5.30"
# is a decimal. Trial 50: "las 5.30 de la tarde" read as 5.3 was shown
# as a figure not in an article that writes 下午5：30.
_DOTTED_TIME = regex.compile(r"(?<![\p{N}.,:])(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)(?!\p{N}|[.,]\d)")
_TIME_WORD_BEFORE = regex.compile(r"(?<![\p{L}])(?:las|às)\s+$", regex.IGNORECASE)
_TIME_WORD_AFTER = regex.compile(
    r"\s?(?:(?P<a>a\.?m\.?(?![\p{L}])|de la mañana|da manhã|du matin)|(?P<p>p\.?m\.?(?![\p{L}])|de la tarde"
    r"|de la noche|da tarde|da noite|du soir)|uhr(?![\p{L}]))",
    regex.IGNORECASE)


def _times(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    stop = len(text) if endpos is None else endpos
    for m in _TIME.finditer(text, pos, stop):
        if m["h4"] is not None:
            hour = int(m["h4"])
            out.append(_time_anchor(m, hour, 30, _halves(text, m, hour)))
            continue
        first, second = ("h", "m") if m["h"] is not None else ("h2", "m2") if m["h2"] is not None else ("h3", "m3")
        hour, minute = int(m[first]), int(m[second])
        halves = ("a", "p") if first == "h3" else _halves(text, m, hour)  # minutes and seconds: either
        out.append(_time_anchor(m, hour, minute, halves))
    for m in _DOTTED_TIME.finditer(text, pos, stop):
        after = _TIME_WORD_AFTER.match(text, m.end())
        if after is None and _TIME_WORD_BEFORE.search(text, max(0, m.start() - 8), m.start()) is None:
            continue
        hour, minute = int(m["h"]), int(m["m"])
        half = "" if after is None else "a" if after["a"] else "p" if after["p"] else ""
        out.append(_time_anchor(m, hour, minute, _day_halves(half, hour)))
    return out


def _glued_numbers(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    """The number a long word carries glued ("Shenzhou16" of "#Shenzhou16"), read as the number of
    "Shenzhou-16" is (a year as a year: "Expo2020")."""
    out = []
    for m in _GLUED_NUMBER.finditer(text, pos, len(text) if endpos is None else endpos):
        value = int(m.group())
        kind = "year" if _is_year(value) else "number"
        keys = frozenset({m.group() if kind == "year" else _key(value)})
        out.append(Anchor(kind, keys, m.start(), m.end(), 1.0 if kind == "year" else _number_weight(value),
                          m.group()))
    return out


def _cyrillic_greek_names(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    for m in _CYRILLIC_GREEK_NAME.finditer(text, pos, len(text) if endpos is None else endpos):
        keys = _folded(m.group())
        if len(keys[0]) >= 4:
            out.append(Anchor("name", frozenset(keys), m.start(), m.end(), _name_weight(keys[0]), m.group()))
    return out


def _with_places(names: list[Anchor], text: str, pos: int, endpos: int | None) -> list[Anchor]:
    """`names` with each place's key added to the first name anchor it overlaps ("Estados Unidos"
    and "South Korea" keep their own keys and gain "@US", "@KR": one anchor, counted once, spanning
    the place's name where that is longer: "Corea del Norte", not its "Corea"), and
    the places no name anchor overlaps (Han, Arabic, Devanagari...) as anchors of their own."""
    out = list(names)
    for start, end, key in places(text, pos, endpos):
        # the anchor spans the place's whole name where that is longer: "Corea del Norte" and
        # "Corea del Sur" were both shown as "Corea", "République populaire démocratique de
        # Corée" as "République" (trial 92)
        _keyed(out, text, start, end, key, PLACE_WEIGHT, widen=True)
    return out


def _keyed(out: list[Anchor], text: str, start: int, end: int, key: str, weight: float, widen: bool) -> None:
    """Add `key` to the first name anchor of `out` that overlaps text[start:end] (spanning both
    where `widen`), or append a name anchor of its own there, of `weight`."""
    hit = next((i for i, a in enumerate(out) if a.kind == "name" and a.start < end and start < a.end), None)
    if hit is None:
        out.append(Anchor("name", frozenset({key}), start, end, weight, text[start:end]))
        return
    a = out[hit]
    if widen:
        lo, hi = min(a.start, start), max(a.end, end)
        out[hit] = Anchor(a.kind, a.keys | {key}, lo, hi, a.weight, text[lo:hi])
    else:
        out[hit] = replace(a, keys=a.keys | {key})


# Arabic, Cyrillic and Han characters: the scripts whose names of China's places and the world's
# large cities (lexicon.local_places) no other key spells as Latin texts do (in Han, the
# romanised windows miss a reading pypinyin lacks: 长治 read "zhangzhi", not Changzhi).
_LOCAL_SCRIPT = regex.compile(r"[\p{Arabic}\p{Cyrillic}\p{Han}]")
# lexicon.local_places' keys start so: "@~" and the romanised name ("@~beijing").
LOCAL_PREFIX = PLACE_PREFIX + "~"


def _with_local_places(found: list[Anchor], text: str, pos: int, endpos: int | None) -> list[Anchor]:
    """`found` with the romanised name of each place `lexicon.local_places` reads in Arabic,
    Cyrillic or Han characters as a key: added to the name anchor it overlaps, else an anchor of
    its own (Arabic has no capitals to find names by; Han runs' windows are `_han_windows`').
    "قانسو" and "بكين" gave no anchor, and "Чунцин" only "chuntsin", so an Arabic or Russian post
    shared neither Gansu, Beijing nor Chongqing with a Latin or Chinese article (trial 104);
    their keys are now "gansu", "beijing" and "chongqing", as "Gansu" and 甘肃 romanised are;
    长治 is "changzhi" (trial 105). Weighed as a Latin name of that key."""
    if not _LOCAL_SCRIPT.search(text, pos, len(text) if endpos is None else endpos):
        return found
    out = list(found)
    for start, end, key in local_places(text, pos, endpos):
        if not key.startswith(LOCAL_PREFIX) or not _LOCAL_SCRIPT.search(text, start, end):
            continue
        roman = _fold(key[len(LOCAL_PREFIX):])
        if len(roman) >= 4:
            _keyed(out, text, start, end, roman, _name_weight(roman), widen=False)
    return out


def _han_windows(text: str) -> list[Anchor]:
    agencies = [(m.start(), m.end()) for m in _AGENCY_HAN.finditer(text)]  # in order
    out = []
    for m in HAN_RUN.finditer(text):
        out.extend(_windows_outside(m.group(), m.start(), agencies))
    return out


def _run_windows(run: str, base: int) -> list[Anchor]:
    """Every 2-4 character window of a Han run at `base`: the name's boundaries are unknown
    without a segmenter, and only windows whose romanisation a Latin name shares (or, between
    two Han texts, whose characters the other holds: `compare`) will ever match."""
    out = []
    syllables = han_syllables(run)
    for size in (2, 3, 4):
        for i in range(len(run) - size + 1):
            key = "".join(syllables[i : i + size])
            if len(key) >= 5:
                out.append(Anchor("name", frozenset({key}), base + i, base + i + size,
                                  _name_weight(key), run[i : i + size]))
    return out


def _windows_outside(run: str, base: int, spans: list[tuple[int, int]]) -> list[Anchor]:
    """The windows (`_run_windows`) of the pieces of a Han run at `base` outside `spans` (in
    order): the run without the outlets' names."""
    out, start, end = [], base, base + len(run)
    for s, e in spans:
        if e <= start or s >= end:
            continue
        if s > start:
            out.extend(_run_windows(run[start - base : s - base], start))
        start = max(start, e)
    if start < end:
        out.extend(_run_windows(run[start - base :], start))
    return out


# ---- extraction and comparison --------------------------------------------------------------------

# Anchors are looked for in this much of a post: a bound keeps hostile posts linear.
MAX_ANCHOR_CHARS = 10_000
# ... and in this much of an article: all of it (records.MAX_TEXT_CHARS), read once when indexed.
# A trial saw a translation of a sentence 12,400 characters into an article missed, and a verbatim
# copy of it shown with "figures not in the article", under the posts' bound.
MAX_ARTICLE_ANCHOR_CHARS = MAX_TEXT_CHARS


_REGEX_DIGIT = regex.compile(r"\d")


def _ascii_digit(c: str) -> str:
    if c == "\uff1a":  # the full-width colon of a Chinese clock time ("下午5：30", trial 50)
        return ":"
    if c == "\uff0e":  # the full-width full stop of a full-width figure ("２．２４０", trial 74)
        return "."
    # Arabic's decimal and thousands separators ("٣٨٥٫٨" is 385.8, "٣٬٤٩٦" 3,496): read as two
    # figures, trial 117's Arabic copies were "figures not in the article: 385" and "3 ≠ 3496"
    if c == "\u066b":
        return "."
    if c == "\u066c":
        return ","
    if c.isascii():
        return c
    # a decimal digit of any script ("٣", "১"), not a superscript or a circled number ("2³" is no
    # 23, "①②③" no 123; trial 62)
    digit = unicodedata.decimal(c, None) if c.isdigit() else None
    if digit is None and c.isdigit():
        return "\ufffd"
    if digit is None and _REGEX_DIGIT.match(c):
        # a digit of a Unicode version newer than Python's (U+16130, Gurung Khema, Unicode 16):
        # `regex` reads it as one, float() cannot (hypothesis found it): no digit, same length
        return "\ufffd"
    return c if digit is None else str(digit)


_DIGITS = LazyTranslation(_ascii_digit)  # str.translate's table for `ascii_digits`


def ascii_digits(text: str) -> str:
    """Arabic-Indic, full-width and other decimal digits as ASCII, the full-width colon and
    full stop as ":" and ".", and Arabic's decimal and thousands separators (U+066B, U+066C) as
    "." and ",", same length (offsets kept)."""
    return text if text.isascii() else text.translate(_DIGITS)


_HASH = regex.compile(r"#(?=\w)")


# A thread's counter at a post's end or start ("... Here are the highlights. (2/5)", "[1/3]",
# "（1/2）", "1/4 🧵"): the post's place in its thread, no figure. Trial 85's thread of Xi's quotes, the same
# words over "(2/5)" and "(4/5)", was "another event: 2 ≠ 4".
_THREAD_COUNTER = regex.compile(
    r"(?:^\s*|(?<=\s))[(\[（【]?(\d{1,2})\s?[/／]\s?(\d{1,2})[)\]）】]?"
    r"(?=(?>\s*(?:https?://\S+|[\p{So}\p{Sk}\uFE0F\u200D]++))*+\s*$)"
    r"|^\s*[(\[（【]?(\d{1,2})\s?[/／]\s?(\d{1,2})[)\]）】]?(?=[\s:.])")


# A figure cut off where the text is ("... w/ total trade of 4…"): X cuts a long retweet short
# with an ellipsis, mid-word and mid-figure. Trial 87's retweet of "… total trade of 458.5 billion"
# was "another event: 4 ≠ 458.5".
_CUT_FIGURE = regex.compile(r"(?<![\p{L}\p{N}])[\p{N}][\p{N}.,]*(?=(?:…|\.\.\.)(?>\s*https?://\S+)*+\s*$)")


# A keycap emoji standing alone ("1️⃣ La Chine octroie…", "2⃣"): a digest's item number, no figure.
# Trial 116's press review of three leads numbered "1️⃣ 2️⃣ 3️⃣" was "figures the article does not
# hold (4)" against the fourth item's article. A run of keycaps ("2️⃣0️⃣2️⃣5️⃣") stays: a number
# written in keycaps.
_KEYCAP = regex.compile(r"(?<![0-9#*]\uFE0F?\u20E3)[0-9#*]\uFE0F?\u20E3(?![0-9#*]\uFE0F?\u20E3)")


def blank_non_figures(text: str) -> str:
    """`text` with what reads as a figure but is none blanked to spaces, same length: a thread
    counter (`_THREAD_COUNTER`: n/m, 1 <= n <= m <= 30, at the text's start or end), a figure
    cut off by the ellipsis that ends a shortened text (`_CUT_FIGURE`) and a keycap emoji that
    stands alone (`_KEYCAP`: an item's number)."""
    if "\u20e3" in text:
        text = _KEYCAP.sub(lambda m: " " * len(m.group(0)), text)
    def blank(m: regex.Match[str]) -> str:
        n, total = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
        return " " * len(m.group(0)) if 1 <= int(n) <= int(total) <= 30 else m.group(0)
    if "/" in text or "／" in text:
        text = _THREAD_COUNTER.sub(blank, text)
    if "…" in text or "..." in text:
        text = _CUT_FIGURE.sub(lambda m: " " * len(m.group(0)), text)
    return text


def readable(text: str, limit: int = MAX_ANCHOR_CHARS) -> str:
    """The part of `text` anchors are read from, same offsets: its first `limit` characters
    (MAX_ANCHOR_CHARS for a post, MAX_ARTICLE_ANCHOR_CHARS for an article), URLs and @mentions
    blanked (`lexical.strip_noise`), a hashtag's "#" a "|" (a hashtag is a name of its own: as a
    space, "OpenAI #XiJinping" was the one name "OpenAI XiJinping", trial 59), digits in ASCII. An article indexed from social posts is read as a post is
    (`prepared.core_text`): the "1" of a handle "@CarlosAlcaraz_1" is no number, and a trial saw it
    shared with a post's tennis score."""
    return ascii_digits(blank_non_figures(_HASH.sub("|", strip_noise(text[:limit]))))


def extract(text: str) -> list[Anchor]:
    """The anchors of a text, in order of position (`readable`'s text: none inside a URL or an
    @mention, nor in a thread's counter "(2/5)"), read as if its invisible characters
    (`normalize.visible`: zero-width spaces and joiners, the soft hyphen, bidi controls) were not
    there, their spans and texts in the text as given. Trial 89: a Chinese copy with U+200B
    between every character read "3000万" as the figures 3, 0, 0 and 0, none in the article, and
    was missed. Linear in len(text) (bounded by MAX_ANCHOR_CHARS); never raises."""
    text = readable(text)
    seen = visible(text)
    if seen is None:
        return _in_order(_without_windows(text) + _han_windows(text) + korean_windows(text))
    shown, where = seen
    found = _in_order(_without_windows(shown) + _han_windows(shown) + korean_windows(shown))
    return [replace(a, start=where[a.start], end=where[a.end - 1] + 1) for a in found if a.end > a.start]


def cross_script_keys(name: str) -> frozenset[str]:
    """The keys a name has beyond its spelling: as a Korean name (`korean.latin_korean_keys`:
    "Ri Yong Ho"), in Wade-Giles as pinyin (`wadegiles.wade_giles_keys`: "Lai Ching-te") and, in
    Cyrillic letters, by the Palladius system as pinyin (`palladius.palladius_keys`: "Си
    Цзиньпин" is "xijinping", as "Xi Jinping" and 习近平 romanised are)."""
    return latin_korean_keys(name) | wade_giles_keys(name) | palladius_keys(name)


def korean_windows(text: str) -> list[Anchor]:
    """The windows of a text's Han runs that read as a Korean full name (`korean.han_korean_key`:
    three characters, a Korean surname first), in order: name anchors keyed by their Korean key
    (a post's 金正恩 is an article's "Kim Jong Un"), weighing `korean.KOREAN_WEIGHT`. After the
    Han-run window of the same span in `extract`, so that two Han texts share it by its
    characters, as they share any window."""
    out = []
    for m in HAN_RUN.finditer(text):
        run = simplified_chars(m.group())
        for i in range(len(run) - 2):
            key = han_korean_key(run[i : i + 3])
            if key is not None:
                out.append(Anchor("name", frozenset({key}), m.start() + i, m.start() + i + 3, KOREAN_WEIGHT,
                                  m.group()[i : i + 3]))
    return out


def _without_windows(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    """`extract`'s anchors of a bounded, ASCII-digit text but the Han-run windows (an article's
    `KeyTable` looks those up in `_HanRuns` instead of making them all); with `pos` and
    `endpos`, those in text[pos:endpos], found as in the whole text (the extractors' look-behinds
    see what precedes `pos`)."""
    designations = _designations(text, pos, endpos) + _scores(text, pos, endpos) + _times(text, pos, endpos) \
        + _numeric_dates(text, pos, endpos) + _months(text, pos, endpos) + _serbian_months(text, pos, endpos)
    names = _latin_names(text, pos, endpos) + _cyrillic_greek_names(text, pos, endpos)
    found = _numbers(text, pos, endpos) + _glued_numbers(text, pos, endpos) + _dates(text, pos, endpos) \
        + _with_local_places(_with_places(names, text, pos, endpos), text, pos, endpos)
    found = [a for a in found if not (a.kind == "year" and in_hashtag(text, a.start))]
    if not designations:
        return found
    # a designation is one fact: "COVID-19" is not also the name "COVID" and the number 19 (nor
    # a score line "6-4, 6-3" the numbers 6, 4 and 3)
    inside = [(d.start, d.end) for d in designations]
    return [a for a in found if not any(s <= a.start and a.end <= e for s, e in inside)] + designations


# A year inside a hashtag ("#Somalia2024", "#进博会2024", "#2024", read after `readable` turned its
# "#" into "|") tags the post, as an account tags its year's posts or an event's edition: no year
# the story states. Trial 120: a verbatim copy of Xinhua's report on floods in Somalia ending
# "#Somalia2024" was thrown out as "another year: 2024 ≠ 2023 (published)".
_HASHTAG_BEFORE = regex.compile(r"[|#＃][\p{L}\p{M}\p{N}_]*$")


def in_hashtag(text: str, start: int) -> bool:
    """Whether text[start] is inside a hashtag: a "#" (or the "|" `readable` writes for it) begins
    the word it is in (`_HASHTAG_BEFORE`, looking back 40 characters)."""
    return _HASHTAG_BEFORE.search(text, max(0, start - 40), start) is not None


def _in_order(found: list[Anchor]) -> list[Anchor]:
    # a place of its own ("日本": "@JP") after the Han window of its span ("riben"): `compare`
    # counts a name's span once, by the first of its anchors the article holds
    return sorted(found, key=lambda a: (a.start, a.end, a.kind, _is_place(a)))


def is_han_window(a: Anchor) -> bool:
    """Whether `a` is a window of a Han run (`_han_windows`), not a place of its own."""
    return a.kind == "name" and not _is_place(a) and HAN_RUN.fullmatch(a.text) is not None


def _is_place(a: Anchor) -> bool:
    return a.kind == "name" and all(k.startswith(PLACE_PREFIX) for k in a.keys)
