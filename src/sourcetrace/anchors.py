"""Language-independent anchors: the numbers, dates and names a copy keeps in any language.

A condensed translation of a China News Service story rewrites every sentence, but keeps "3,000
exhibitors", "10 de diciembre" (12月10日) and "Xi Jinping" (习近平). Anchors are those pieces,
reduced to a key that compares across languages and scripts:

- numbers: digits with thousands separators or decimal commas ("3.000" is 3000 or 3.0: both
  keys), scale words ("1,5 millones", "150万", "2.3亿", "3 млн", Swahili "milioni 1.05" before
  the number, "1,05 triệu", "5 लाख"), Chinese numerals ("三千");
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
anchors as one feature among others.
"""

from __future__ import annotations

import bisect
import functools
import io
import itertools
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex
from anyascii import anyascii

from .lexical import strip_noise
from .lexicon import (  # the words anchors read: hand tables and CLDR's (lexicon.py)
    EXONYMS,
    MONTH_FIRST,
    MONTH_OF,
    PLACE_PREFIX,
    PLACE_WEIGHT,
    PREFIX_VALUES,
    SCALE_VALUES,
    places,
)
from .normalize import LazyTranslation, simplified_chars
from .translit import (
    is_pinyin,
    latin_sound_keys,
    russian_stem,
    sound_parts,
    sound_weight,
    translit_runs,
    word_sound_keys,
)
from .units import conversions, read_unit

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
               "萬": 1e4, "億": 1e8, "百萬": 1e6, "千萬": 1e7, "萬億": 1e12}  # traditional, and Japanese
# A letter right after the digits: "€3.1B", "20.4M", "$5K", where the number has decimals or
# follows a currency sign ("F-35B" is a plane); a lower-case m or k is read both as the number and
# as millions or thousands ("8.7m people", but "8.7m tall": see _numbers)
_LETTER_SCALES = {"B": 1e9, "M": 1e6, "K": 1e3}
_CURRENCY = frozenset("$€£¥₽₹")
# a prefix scale word right before a number: the number's match starts where this one ends
# (named lists, \L<...>: one set lookup instead of trying hundreds of alternatives in turn)
_PREFIXED = regex.compile(r"(?<![\p{L}])(?P<word>\L<words>)\s(?=\d)", regex.IGNORECASE,
                          words=sorted(PREFIX_VALUES))
# a number in digits ("3,400", "50 200", "784.1") and a Han scale after it; 千 before a unit is
# its prefix, not a scale: "1500千瓦" is 1,500 kW, as the English writes it
# (a group of three digits ends there: "Oct 31 2023" is 31 and 2023, not "31 202" and 3)
_DIGIT_NUMBER = r"\d{1,3}(?:(?:[,.'\u00a0\u202f ])\d{3}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_HAN_SCALE = r"\s?(?P<han>万亿|百万|千万|万|亿|千(?![瓦米克伏帕赫焦卡])|萬億|百萬|千萬|萬|億)"
_SCALE_WORD = r"\s?(?P<word>\L<scales>)(?![\p{L}])"  # "3.6bn", "€3.1billion" too
_NUMBER = regex.compile(
    # no letter of an alphabet or digit just before (but Han may touch: "达784.1亿", "128个")
    r"(?<![\p{N}\p{Latin}\p{Cyrillic}\p{Greek}\p{Arabic}.,])"
    rf"(?P<num>{_DIGIT_NUMBER})(?:{_HAN_SCALE}|(?-i:(?P<letter>[BMKmk]))(?![\p{{L}}\p{{N}}])|{_SCALE_WORD})?",
    regex.IGNORECASE, scales=sorted(SCALE_VALUES),
)
# a range's connector, its second number and that number's scale ("à 50 200 milliards", " to
# 50.2 trillion", "至50.2万亿"): the scale applies to the range's first number too
_RANGE_SCALE = regex.compile(
    rf"\s*(?:to|à|a|au|y|e|et|and|und|до|-|–|—|~|至|到)\s*(?:{_DIGIT_NUMBER})(?:{_HAN_SCALE}|{_SCALE_WORD})",
    regex.IGNORECASE, scales=sorted(SCALE_VALUES))
_MIL_COMPOUND = regex.compile(r"(?<![\d.,])(\d{1,3})\s+mil\s+(\d{3})(?![\d.,]?\d)", regex.IGNORECASE)
_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000}
_HAN_NUMBER = regex.compile(r"[零〇一二两兩三四五六七八九十百千万亿萬億]{2,}")


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


def han_number(text: str) -> float | None:
    """A Chinese numeral ("三千五百", "十二", "两万") as a number; None if it does not parse."""
    total, section, digit = 0.0, 0.0, None
    for char in text:
        if char in _HAN_DIGITS:
            if digit is not None:  # "一九" reads digit by digit: not a quantity we handle
                return None
            digit = _HAN_DIGITS[char]
        elif char in _HAN_UNITS:
            section += (1 if digit is None else digit) * _HAN_UNITS[char]
            digit = None
        elif char in ("万", "亿", "萬", "億"):
            scale = 1e4 if char in ("万", "萬") else 1e8
            total = (total + section + (digit or 0)) * scale
            section, digit = 0.0, None
    return total + section + (digit or 0)


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
    # "5 mil 178" (Mexican and Central American Spanish for 5,178): one number
    compound = [(c.start(), c.end(), float(c[1]) * 1000 + float(c[2])) for c in _MIL_COMPOUND.finditer(text, pos, stop)]
    for start, end, amount in compound:
        out.append(Anchor("number", frozenset({_key(amount)}), start, end, _number_weight(amount), text[start:end]))
    for m in _NUMBER.finditer(text, pos, stop):
        if any(start <= m.start() < end for start, end, _ in compound):
            continue
        num, end = m.group("num"), m.end()
        letter = m.group("letter")
        if letter and not ("." in num or "," in num or text[m.start() - 1 : m.start()] in _CURRENCY):
            letter, end = None, m.end("num")  # "F-35B", "A320M": a model's name, not a quantity
        if _is_year(_only_int(num)) and not (m.group("han") or m.group("word") or letter):
            out.append(Anchor("year", frozenset({num}), m.start(), end, 1.0, text[m.start() : end]))
            continue
        scales = _scale(m)  # a Han scale, a scale word, and a letter exclude one another
        start = m.start()
        if letter:
            # "nearly 8.7m people" is 8.7 million, "8.7m tall" metres: a lower-case letter is read
            # both ways (either key matches; the lesser weight counts)
            scales = (_LETTER_SCALES[letter],) if letter.isupper() else (1.0, _LETTER_SCALES[letter.upper()])
        elif scales is None and start in prefixed:
            scales, start = prefixed[start]
        scales = scales or (1.0,)
        values = {v * scale for v in _values(num) for scale in scales}
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
        weight = min(_number_weight(v) for v in values)
        out.append(Anchor("number", frozenset(_key(v) for v in values), start, end,
                          weight, text[start:end]))
    spans = [(a.start, a.end) for a in out]
    for m in _HAN_NUMBER.finditer(text, pos, stop):
        if any(start < m.end() and m.start() < end for start, end in spans):
            continue  # the scale of a number in digits ("1200万千瓦", "5千万"), read with it
        value = han_number(m.group())
        if value is not None and value >= 10:
            out.append(Anchor("number", frozenset({_key(value)}), m.start(), m.end(),
                              _number_weight(value), m.group()))
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
    r"|(?<![\p{L}])(?P<d2>\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+|of\s+)?(?P<n2>\L<months>)(?![\p{L}])"
    r"|(?<![\p{L}])(?P<n3>\L<first>)(?:\.\s*|\s+)(?P<d3>\d{1,2})(?:st|nd|rd|th)?(?![\p{N}])",  # "Oct.31" too
    regex.IGNORECASE, months=sorted(MONTH_OF), first=MONTH_FIRST,
)


def _dates(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    for m in _DATE.finditer(text, pos, len(text) if endpos is None else endpos):
        if m.group("m1"):
            month, day = int(m.group("m1")), int(m.group("d1"))
        elif m.group("d2"):
            month, day = MONTH_OF.find(m.group("n2")) or 0, int(m.group("d2"))
        else:
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
])
# The news agencies' and outlets' own names in Chinese, as datelines and credits write them
# ("新华网东京3月17日电"): every story of that outlet holds them, so they say who published a
# text, not what it tells (attribution reads them). A Han window overlapping one is no name.
_AGENCY_HAN = regex.compile("新华社|新华网|新華社|新華網|中新社|中新网|中新網|中国新闻网|中國新聞網|环球网|環球網|"
                            "环球时报|環球時報|人民网|人民網|人民日报|人民日報|央视网|央視網|央视新闻|央視新聞|"
                            "中国日报|中國日報|国际在线|國際在線|光明网|光明網|澎湃新闻|澎湃新聞|中央社")
# A name's words are joined by spaces or tabs, never across a line break: a headline's last word and
# the body's first are two names ("Interior Secretary" / "Washington"; a trial saw one anchor of
# both). On the tuning halves no verdict changed (0 of 6,412 posts). A hyphen stays in a word
# only before lower-case letters ("Rheinland-Pfalz" is "Rheinland" and "Pfalz", as its keys
# always were; the anchor no longer ends in the hyphen).
_LATIN_WORD = r"(?:\p{Lu}[\p{Ll}\p{M}'’]+(?:\p{Lu}[\p{Ll}\p{M}'’]*)*(?:-[\p{Ll}\p{M}'’]+)*|\p{Lu}{2,}\d*)"
# (a word in camel case is one word: "SpaceX" was shown as the name "Space", trial 14)
_LATIN_NAME = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}]){_LATIN_WORD}(?:[\p{{Zs}}\t]+{_LATIN_WORD})*"
)
_CYRILLIC_GREEK_NAME = regex.compile(r"(?<![\p{L}])[\p{Lu}&&[\p{Cyrillic}\p{Greek}]][\p{Ll}\p{M}]+")
HAN_RUN = regex.compile(r"\p{Han}{2,}")


_NOT_KEY = regex.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    return _NOT_KEY.sub("", anyascii(text).lower())


@functools.lru_cache(maxsize=65536)
def han_syllable(char: str) -> str:
    """A Han character's romanised syllable, as the windows' keys spell it ("国" and "國": "guo")."""
    return _fold(char)


HAN_CHAR = regex.compile(r"\p{Han}")


def _name_weight(key: str) -> float:
    return 3.0 if len(key) >= 8 else 2.0 if len(key) >= 5 else 1.0


def _latin_names(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    for m in _LATIN_NAME.finditer(text, pos, len(text) if endpos is None else endpos):
        # a capitalised word that is no name ("The", "On", "President") before it is not part of
        # it (trial 13's evidence read "shares: The Shenzhou")
        first = next((w.start() for w in _WORD.finditer(m.group()) if w.group().lower() not in _NOT_NAMES), None)
        if first is None:
            continue
        start, end = m.start() + first, m.end()
        words = text[start:end].split()
        keys = set()
        for i, word in enumerate(words):
            if word.lower() in _NOT_NAMES:
                continue
            key = _fold(word)
            if len(key) >= 3:
                keys.add(key)
                if key in EXONYMS:
                    keys.add(EXONYMS[key])
                stem = russian_stem(word)  # "Путина" is also "putin", as "Putin" folds
                if stem != word:
                    keys.add(_fold(stem))
            # "Xi Jinping" → "xijinping", as a Han run romanises; not with a title or function
            # word ("Japanese Prime" was shown as a name shared by two texts, trial 14)
            if i + 1 < len(words) and words[i + 1].lower() not in _NOT_NAMES:
                pair = _fold(word + words[i + 1])
                if len(pair) >= 5:
                    keys.add(pair)
        if keys:
            out.append(Anchor("name", frozenset(keys), start, end, max(_name_weight(k) for k in keys),
                              text[start:end]))
    return out


# A model designation: a short Latin prefix, a hyphen, digits and an optional suffix ("F-35A",
# "B-1B", "MiG-29", "Su-35", "DF-41", "COVID-19"; "F-16s" in the plural), written the same in every
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
    r"(?<![\p{Latin}\p{N}-])(\p{Lu}[\p{Latin}]{0,4})(-?)(\d{1,4})(\p{Lu}{0,2})(?:s|'s)?(?![\p{Latin}\p{N}])")
_GLUED_NUMBER = regex.compile(
    r"(?<=(?<![\p{Latin}\p{N}])\p{Lu}\p{Ll}{5,})\d{1,4}(?=\p{Lu}{0,2}(?![\p{Latin}\p{N}]))")
# ... and a hashtag in camel case ends in one: "#LongMarch7A" is "Long March-7A" (trial 15 read
# the article's "#LongMarch3B" as lacking the post's "Long March-3B")
_CAMEL_DESIGNATION = regex.compile(
    r"(?<=(?<![\p{L}\p{N}])\p{Lu}\p{L}*\p{Ll})(\p{Lu}[\p{Ll}]{0,4})()(\d{1,4})(\p{Lu}{0,2})(?:s|'s)?(?![\p{Latin}\p{N}])")
DESIGNATION_WEIGHT = 2.0


def _designations(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    stop = len(text) if endpos is None else endpos
    for m in [*_DESIGNATION.finditer(text, pos, stop), *_CAMEL_DESIGNATION.finditer(text, pos, stop)]:
        prefix, hyphen, digits, suffix = m.groups()
        if not hyphen and len(prefix) + len(digits) < 3:
            continue
        end = m.end(4)  # "F-16" of "F-16s"
        out.append(Anchor("number", frozenset({_fold(prefix + digits + suffix)}), m.start(), end,
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
    if not half and m["h2"] is not None:
        before = text[max(0, m.start() - 2):m.start()]
        half = "a" if before.endswith(_HAN_AM) else "p" if before.endswith(_HAN_PM) else ""
    if half:
        return (half,)
    if hour == 0 or hour >= 13:
        return ("a",) if hour == 0 else ("p",)
    return ("a", "p")


def _times(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    out = []
    for m in _TIME.finditer(text, pos, len(text) if endpos is None else endpos):
        first, second = ("h", "m") if m["h"] is not None else ("h2", "m2") if m["h2"] is not None else ("h3", "m3")
        hour, minute = int(m[first]), int(m[second])
        halves = ("a", "p") if first == "h3" else _halves(text, m, hour)  # minutes and seconds: either
        keys = frozenset(f"t{hour % 12}:{minute:02d}{half}" for half in halves)
        out.append(Anchor("number", keys, m.start(), m.end(),
                          1.0 if minute == 0 else DESIGNATION_WEIGHT, m.group()))
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
        key = _fold(m.group())
        if len(key) >= 4:
            out.append(Anchor("name", frozenset({key}), m.start(), m.end(), _name_weight(key),
                              m.group()))
    return out


def _with_places(names: list[Anchor], text: str, pos: int, endpos: int | None) -> list[Anchor]:
    """`names` with each place's key added to the first name anchor it overlaps ("Estados Unidos"
    and "South Korea" keep their own keys and gain "@US", "@KR": one anchor, counted once), and
    the places no name anchor overlaps (Han, Arabic, Devanagari...) as anchors of their own."""
    out = list(names)
    for start, end, key in places(text, pos, endpos):
        hit = next((i for i, a in enumerate(out) if a.start < end and start < a.end), None)
        if hit is None:
            out.append(Anchor("name", frozenset({key}), start, end, PLACE_WEIGHT, text[start:end]))
        else:
            a = out[hit]
            out[hit] = Anchor(a.kind, a.keys | {key}, a.start, a.end, a.weight, a.text)
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
    syllables = [han_syllable(c) for c in run]
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

# Anchors are looked for in this much of a text; an article's later paragraphs rarely hold what
# a post keeps, and a bound keeps hostile posts linear.
MAX_ANCHOR_CHARS = 10_000


def _ascii_digit(c: str) -> str:
    digit = unicodedata.digit(c, None) if c.isdigit() and not c.isascii() else None
    return c if digit is None else str(digit)


_DIGITS = LazyTranslation(_ascii_digit)  # str.translate's table for `ascii_digits`


def ascii_digits(text: str) -> str:
    """Arabic-Indic, full-width and other decimal digits as ASCII, same length (offsets kept)."""
    return text if text.isascii() else text.translate(_DIGITS)


_HASH = regex.compile(r"#(?=\w)")


def readable(text: str) -> str:
    """The part of `text` anchors are read from, same offsets: its first MAX_ANCHOR_CHARS
    characters, URLs and @mentions blanked (`lexical.strip_noise`), a hashtag's "#" a space,
    digits in ASCII. An article indexed from social posts is read as a post is
    (`prepared.core_text`): the "1" of a handle "@CarlosAlcaraz_1" is no number, and a trial saw it
    shared with a post's tennis score."""
    return ascii_digits(_HASH.sub(" ", strip_noise(text[:MAX_ANCHOR_CHARS])))


def extract(text: str) -> list[Anchor]:
    """The anchors of a text, in order of position (`readable`'s text: none inside a URL or an
    @mention). Linear in len(text) (bounded by MAX_ANCHOR_CHARS); never raises."""
    text = readable(text)
    return _in_order(_without_windows(text) + _han_windows(text))


def _without_windows(text: str, pos: int = 0, endpos: int | None = None) -> list[Anchor]:
    """`extract`'s anchors of a bounded, ASCII-digit text but the Han-run windows (an article's
    `KeyTable` looks those up in `_HanRuns` instead of making them all); with `pos` and
    `endpos`, those in text[pos:endpos], found as in the whole text (the extractors' look-behinds
    see what precedes `pos`)."""
    designations = _designations(text, pos, endpos) + _scores(text, pos, endpos) + _times(text, pos, endpos)
    names = _latin_names(text, pos, endpos) + _cyrillic_greek_names(text, pos, endpos)
    found = _numbers(text, pos, endpos) + _glued_numbers(text, pos, endpos) + _dates(text, pos, endpos) \
        + _with_places(names, text, pos, endpos)
    if not designations:
        return found
    # a designation is one fact: "COVID-19" is not also the name "COVID" and the number 19 (nor
    # a score line "6-4, 6-3" the numbers 6, 4 and 3)
    inside = [(d.start, d.end) for d in designations]
    return [a for a in found if not any(s <= a.start and a.end <= e for s, e in inside)] + designations


def _in_order(found: list[Anchor]) -> list[Anchor]:
    # a place of its own ("日本": "@JP") after the Han window of its span ("riben"): `compare`
    # counts a name's span once, by the first of its anchors the article holds
    return sorted(found, key=lambda a: (a.start, a.end, a.kind, _is_place(a)))


def is_han_window(a: Anchor) -> bool:
    """Whether `a` is a window of a Han run (`_han_windows`), not a place of its own."""
    return a.kind == "name" and not _is_place(a) and HAN_RUN.fullmatch(a.text) is not None


def _is_place(a: Anchor) -> bool:
    return a.kind == "name" and all(k.startswith(PLACE_PREFIX) for k in a.keys)


class KeyTable:
    """An article's anchors by comparison key (`compare`'s lookup side), built once per article.

    `find(group, key)` gives the first anchor (by position) holding `key` in its group ("number"
    for numbers and years, "date", "name"), or None. Built by `key_table` from anchors, by
    `article_keys` from a text, by `stored_table` from what an index stored.
    """

    def __init__(self, by_key: dict[tuple[str, str], Anchor], has_numbers: bool,
                 text: str | None = None, day_spans: Iterable[tuple[int, int]] = (),
                 sound_text: str | None = None) -> None:
        self.by_key = by_key
        self.has_numbers = has_numbers  # the article holds a number (its absence is no evidence)
        self._text = text  # the article's text, whose Han-run windows `find` looks up, if any
        # the text names are looked for by sound in (`sound_window`, `latin_by_sound`)
        self._sound_text = sound_text if sound_text is not None else text
        self._han: _HanRuns | None = None
        self._simplified: str | None = None  # the text simplified character by character
        self._sounds: dict[str, tuple[int, int]] | None = None  # `sound_window`'s table
        self._has_han: bool | None = None  # `writes_han`, once asked
        self._latin_sounds: dict[str, list[str]] | None = None  # `latin_by_sound`'s: sound key -> name keys
        self.day_spans = frozenset(day_spans)  # the article's numbers that are days (`key_table`)

    def in_date(self, anchor: Anchor) -> bool:
        """Whether `anchor` (one of the article's) is a day: inside one of its dates ("10" in "10
        feb") or written as a day alone ("17日说")."""
        return (anchor.start, anchor.end) in self.day_spans

    def _listed(self, group: str, key: str) -> Anchor | None:
        return self.by_key.get((group, key))

    def date_months(self) -> frozenset[str]:
        """The months of the article's dates ("6" of "6-27"): what a day of the post is checked
        against (`compare`)."""
        return frozenset(k.split("-")[0] for group, k in self.by_key if group == "date")

    def han_window(self, chars: str) -> Anchor | None:
        """The first window of the article's Han runs that is `chars` once both are simplified
        character by character (`normalize.simplified_chars`), weighing `han_window_weight`;
        None if there is none."""
        if self._text is None:  # a table of anchors (`key_table`): its windows are listed
            listed = self.by_key.get(("name", _fold(chars)))
            if listed is None or not is_han_window(listed) or simplified_chars(listed.text) != chars:
                return None
            start = listed.start
        else:
            if self._simplified is None:
                self._simplified = simplified_chars(self._text)
            start = self._simplified.find(chars)
            if start < 0:
                return None
        end = start + len(chars)
        return Anchor("name", frozenset({_fold(chars)}), start, end, han_window_weight(chars),
                      (self._text or "")[start:end] or chars)

    def sound_window(self, word: str) -> tuple[str, Anchor] | None:
        """The first window of the article's runs of transliteration characters that writes the
        Latin `word` by sound ("特朗普" for "Trump": `translit.latin_sound_keys`), as
        (SOUND_PREFIX + sound key, anchor weighing `translit.sound_weight`); None if none does or
        the table has no text."""
        text = self._sound_text
        if text is None:
            return None
        keys = latin_sound_keys(word)
        if not keys:
            return None
        if self._sounds is None:
            self._sounds = translit_runs(simplified_chars(text[:MAX_ANCHOR_CHARS]))  # whole, for `serve`'s threads
        found = min(((span, key) for key in keys if (span := self._sounds.get(key)) is not None), default=None)
        if found is None:
            return None
        (start, end), key = found
        return SOUND_PREFIX + key, Anchor("name", frozenset({SOUND_PREFIX + key}), start, end,
                                          sound_weight(key), text[start:end])

    def writes_han(self) -> bool:
        """Whether the article's text (the part anchors are looked for in) holds a Han character:
        where a post's Latin names may be written by sound (`sound_window`)."""
        if self._has_han is None:
            self._has_han = self._sound_text is not None and HAN_CHAR.search(self._sound_text, 0, MAX_ANCHOR_CHARS) is not None
        return self._has_han

    def name_keys(self) -> list[str]:
        """The keys of the article's names, but its Han-run windows' (`latin_by_sound`)."""
        return [k for (group, k), a in self.by_key.items() if group == "name" and not is_han_window(a)]

    def latin_by_sound(self, key: str) -> Anchor | None:
        """The first word of the article's Latin, Cyrillic or Greek names (`name_keys`, each
        found with `find`) that has the sound key `key` (`translit.latin_sound_keys`: a Chinese
        post's "特朗普" is the article's "Trump"), as an anchor weighing `translit.sound_weight`;
        None if none has."""
        if self._latin_sounds is None:
            table: dict[str, list[str]] = {}
            for name_key in sorted(self.name_keys()):
                if name_key.startswith(PLACE_PREFIX) or is_pinyin(name_key):
                    continue
                # a key folds "Trump's" to "trumps": its sound without the s as well
                for k in latin_sound_keys(name_key) | (latin_sound_keys(name_key[:-1]) if name_key.endswith("s") else set()):
                    table.setdefault(k, []).append(name_key)
            self._latin_sounds = table  # whole, for `serve`'s threads
        best: Anchor | None = None
        for name_key in self._latin_sounds.get(key, ()):
            name = self.find("name", name_key, windows=False)
            if name is None or is_han_window(name):
                continue
            # the word that has the key ("Macron" of "Emmanuel Macron"), not a pair key's two words
            span = next(((w.start() + a, w.start() + b) for w in _WORD.finditer(name.text)
                         for a, b in sound_parts(w.group()) if key in word_sound_keys(w.group()[a:b])), None)
            if span is not None and (best is None or name.start + span[0] < best.start):
                best = Anchor("name", frozenset({SOUND_PREFIX + key}), name.start + span[0],
                              name.start + span[1], sound_weight(key), name.text[span[0]:span[1]])
        return best

    def find(self, group: str, key: str, windows: bool = True) -> Anchor | None:
        """The first anchor of the article in `group` that has `key`, or None; with `windows`
        False, none of the article's Han-run windows (`compare` looks a post's own Han windows
        up among the article's other names only)."""
        found = self._listed(group, key)
        if not windows:
            return None if found is not None and is_han_window(found) else found
        if group == "name" and self._text is not None and len(key) >= _WINDOW_KEY_MIN:
            if self._han is None:
                self._han = _HanRuns(self._text)
            window = self._han.first(key)
            if window is not None and (found is None or (window.start, window.end) < (found.start, found.end)):
                found = window
        return found


# What follows a number that is a day of the month written alone ("17日", "6日"): Chinese and
# Japanese news date their events so, without the month.
DAY_MARK = "日"


def beside_date(number: Anchor, dates: Iterable[tuple[int, int]]) -> bool:
    """Whether the number is inside one of the (start, end) date spans, or a day of the month
    (1-31) within DATE_RANGE_GAP characters of one: a range's other day ("18" of "18 y 19 de
    marzo", "19" of "March 18-19")."""
    for s, e in dates:
        if s <= number.start and number.end <= e:
            return True
    if not (number.text.isdigit() and len(number.text) <= 2 and 1 <= int(number.text) <= 31):
        return False
    return any(s - DATE_RANGE_GAP <= number.start and number.end <= e + DATE_RANGE_GAP for s, e in dates)


def is_day(text: str, anchor: Anchor) -> bool:
    """Whether the number `anchor` of `text` (same offsets) is a day written alone: "17" in "17日说"."""
    return anchor.kind == "number" and text.startswith(DAY_MARK, anchor.end)


# How posts that render Chinese wire copy write a day alone: "le 6", "el día 13", "no dia 13",
# "am 6.", "on the 6th" ("6日"); unless what follows makes the number a count ("el 10 aniversario").
_DAY_BEFORE = regex.compile(r"(?<![\p{L}])(?:le|el|del|al|día|dia|du|am|il|on the|the)\s+$", regex.IGNORECASE)
_DAY_AFTER = regex.compile(r"(?:st|nd|rd|th)?(?![\p{L}\p{N}])", regex.IGNORECASE)
_COUNT_AFTER = regex.compile(r"(?:st|nd|rd|th|º|ª|°|er|e|ème)?\s*(?:aniversario|aniversário|anniversaire|anniversario|"
                             r"anniversary|años|anos|ans|anni|years|jahre|周年)", regex.IGNORECASE)


def is_post_day(text: str, anchor: Anchor) -> bool:
    """Whether the number `anchor` of a post's `text` is a day written alone: as `is_day`, or after
    a day word ("le 6 que", "no dia 13", "on the 6th"), not before a count's noun ("el 10
    aniversario", "the 17th anniversary"). What lets "le 6" match an article's "6日"."""
    if anchor.kind != "number":
        return False
    if is_day(text, anchor):
        return True
    return _DAY_BEFORE.search(text, max(0, anchor.start - 12), anchor.start) is not None and \
        _DAY_AFTER.match(text, anchor.end) is not None and _COUNT_AFTER.match(text, anchor.end) is None


def key_table(article: Iterable[Anchor], text: str | None = None) -> KeyTable:
    """The lookup `compare` makes of an article's anchors: (group, key) -> the first anchor with
    that key; a year also counts as a number. `text`, the text the anchors were found in, tells
    a day written alone ("17日") from a figure."""
    anchors = list(article)
    dates = [(a.start, a.end) for a in anchors if a.kind == "date"]
    # the numbers that are days: inside one of the article's dates, a range's other day beside
    # one ("18" of "El 18 y 19 de marzo"), or written as a day alone ("17日")
    days = {(a.start, a.end) for a in anchors if a.kind == "number" and (
        beside_date(a, dates) or (text is not None and is_day(text, a)))}
    by_key: dict[tuple[str, str], Anchor] = {}
    # a number the article writes outside its dates before the same number as a day of one
    # ("17日说" after "3月17日电"): `compare` tells a post's figures from days (`KeyTable.in_date`)
    for a in sorted(anchors, key=lambda a: (a.start, a.end) in days):
        kind = "number" if a.kind == "year" else a.kind
        for key in a.keys:
            by_key.setdefault((kind, key), a)
    return KeyTable(by_key, any(k[0] == "number" for k in by_key), day_spans=days, sound_text=text)


_WINDOW_KEY_MIN = 5  # a Han-run window is a name anchor when its romanised key is this long


class _HanRuns:
    """A text's Han runs romanised, to find the first 2-4 character window whose key is a given
    one: the anchor `_han_windows` would make first, without making them all (a long Chinese
    article has thousands, and a post's few names are all that is looked up). After
    _LOOKUPS_BEFORE_TABLE lookups every window is tabled once, so that a post of a thousand
    names costs what tabling costs (searching each name: 0.29 s for one article of 11k
    characters)."""

    def __init__(self, text: str) -> None:
        # (offset of the run, its romanisation, where each character's syllable starts in it
        # and, last, its length)
        self.runs: list[tuple[int, str, list[int]]] = []
        for m in HAN_RUN.finditer(text):
            syllables = [han_syllable(c) for c in m.group()]
            self.runs.append((m.start(), "".join(syllables),
                              list(itertools.accumulate(map(len, syllables), initial=0))))
        self.text = text
        self.lookups = 0
        self.table: dict[str, tuple[int, int]] | None = None  # key -> first window's span

    def first(self, key: str) -> Anchor | None:
        self.lookups += 1
        if self.table is None and self.lookups > _LOOKUPS_BEFORE_TABLE:
            table: dict[str, tuple[int, int]] = {}
            for a in _in_order(_han_windows(self.text)):  # in extract's order: the first of a key wins
                table.setdefault(next(iter(a.keys)), (a.start, a.end))
            self.table = table  # whole, for `serve`'s threads, which share cached tables
        if self.table is not None:
            span = self.table.get(key)
            return None if span is None else self._window(key, *span)
        for base, roman, starts in self.runs:
            at = roman.find(key)
            while at >= 0:
                i = bisect.bisect_left(starts, at)
                # several characters start at `at` only after one romanised to nothing
                while i < len(starts) - 1 and starts[i] == at:
                    for size in (2, 3, 4):
                        if i + size < len(starts) and starts[i + size] == at + len(key):
                            return self._window(key, base + i, base + i + size)
                    i += 1
                at = roman.find(key, at + 1)
        return None

    def _window(self, key: str, start: int, end: int) -> Anchor:
        return Anchor("name", frozenset({key}), start, end, _name_weight(key), self.text[start:end])


_LOOKUPS_BEFORE_TABLE = 32


def _group(kind: str) -> str:
    return "number" if kind == "year" else kind


@functools.lru_cache(maxsize=512)
def article_keys(text: str) -> KeyTable:
    """The `KeyTable` of an article's text: `key_table(extract(text))`, with the Han-run windows
    looked up on demand. Cached: the candidate articles of a dump are seen again and again."""
    text = readable(text)
    table = key_table(_in_order(_without_windows(text)), text)
    return KeyTable(table.by_key, table.has_numbers, text, table.day_spans)


@dataclass(frozen=True)
class Shared:
    """An anchor of the post found in the article, through the comparison key `key` they share
    ("" where unknown)."""

    post: Anchor
    article: Anchor
    key: str = ""

    @property
    def weight(self) -> float:
        """The lesser anchor's weight; for a name, no more than the shared key's own
        (`_name_weight`): "Gary Holt" found as "Holt" weighs what "Holt" weighs."""
        weight = min(self.post.weight, self.article.weight)
        if self.post.kind == "name" and self.key:
            weight = min(weight, PLACE_WEIGHT if self.key.startswith(PLACE_PREFIX)
                         else sound_weight(self.key[len(SOUND_PREFIX):]) if self.key.startswith(SOUND_PREFIX)
                         else _name_weight(self.key))
        return weight

    def to_dict(self) -> dict[str, object]:
        """The evidence as shown: for a name, the words of each side that make the shared key
        ("Macedonian" in "Macedonian President Gjorge Ivanov" and in "... Sergei Lavrov", not the
        two runs, which read as one name matched to another)."""
        post, article = _key_words(self.post, self.key), _key_words(self.article, self.key)
        return {"kind": self.post.kind, "post": post[2], "article": article[2],
                "post_span": [post[0], post[1]], "article_span": [article[0], article[1]],
                "weight": round(self.weight, 2)}


_WORD = regex.compile(r"\S+")


def _key_words(anchor: Anchor, key: str) -> tuple[int, int, str]:
    """(start, end, text) of the word, or the two adjacent words, of a multi-word name anchor
    whose fold is `key` (`_latin_names` makes keys of both), or of the place inside it whose key
    is a place key (`_with_places`: "China" in "China's GDP", a trial saw "China's GDP = China");
    the whole anchor otherwise."""
    if anchor.kind == "name" and key.startswith(PLACE_PREFIX):
        found = next(((a, b) for a, b, k in places(anchor.text) if k == key), None)
        if found is not None:
            return anchor.start + found[0], anchor.start + found[1], anchor.text[found[0]:found[1]]
        return anchor.start, anchor.end, anchor.text
    if anchor.kind == "name" and key and " " in anchor.text.strip():
        words = list(_WORD.finditer(anchor.text))
        for i, word in enumerate(words):
            for last in words[i : i + 2]:
                if _fold(anchor.text[word.start() : last.end()]) == key:
                    start, end = word.start(), last.end()
                    return anchor.start + start, anchor.start + end, anchor.text[start:end]
    return anchor.start, anchor.end, anchor.text


# A window of 2-4 Han characters is in nearly every Chinese text when news documents hold it
# (data/han_common.txt.gz, scripts/make_han_background.py says how it was drawn): shared by two
# Han texts it is no evidence of a name. MAX_HAN_COMMON_BYTES bounds what is read of the file.
MAX_HAN_COMMON_BYTES = 8 << 20


@functools.lru_cache(maxsize=1)
def _han_common() -> frozenset[str]:
    """The windows of data/han_common.txt.gz (read once, when two Han texts are first compared:
    ~80 ms)."""
    import gzip
    from importlib import resources

    raw = (resources.files("sourcetrace") / "data" / "han_common.txt.gz").read_bytes()
    with gzip.GzipFile(fileobj=io.BytesIO(raw)) as fh:
        text = fh.read(MAX_HAN_COMMON_BYTES).decode("utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


def han_window_weight(chars: str) -> float:
    """The weight in nats of a Han window (2-4 characters, simplified character by character)
    that two Han texts share: 0 where Chinese news documents commonly hold it (`_han_common`:
    "记者", "日电", "当地时间"), its name weight otherwise (`_name_weight` of its romanisation:
    "熊本" 3, "姜瑜" 2)."""
    return 0.0 if chars in _han_common() else _name_weight(_fold(chars))


# How far from one of the post's dates a number may stand and still be a day of a range ("27 a
# 29 de junho", "June 27 to 29"): the width of " al ", " to ", "-", "至" with spaces around.
DATE_RANGE_GAP = 6


def compare(post: Sequence[Anchor], article: Iterable[Anchor] | KeyTable,
            missed: list[Anchor] | None = None, post_text: str | None = None) -> tuple[list[Shared], float]:
    """Shared anchors (each post anchor at most once, each key counted once, a name's span once)
    and the weight of the post's specific numbers the article does not hold (evidence of other
    facts).

    `article`: the article's anchors, or their `key_table` (`article_keys`). Dates and numbers
    compare within their kind (a year also matches a number); names match names. Returns
    (shared, missing_weight: the post's numbers of 2 nats or more the article lacks; a round
    number such as 50 or 100 is too common to count). `missed`, when given, receives every
    number of the post the article lacks, round ones too (what a reader checks for an altered
    figure: "40 ships" made "60"). `post_text`, the text the post's
    anchors were found in, tells its days written alone ("17日") from its figures.
    """
    table = article if isinstance(article, KeyTable) else key_table(article)
    shared: list[Shared] = []
    seen: set[tuple[str, str]] = set()
    named: set[tuple[int, int]] = set()  # spans of the post's names already shared
    # a date the article holds is one fact: its day and month are not shared numbers of their
    # own as well ("3月17日" shared as a date, and "3" and "17" again as numbers, counted it three
    # times); where the article writes only the day ("6日"), the day still matches as a number
    dates = [(a.start, a.end) for a in post if a.kind == "date"
             and any(table.find("date", k) is not None for k in sorted(a.keys))]
    # a number of the post matches a day inside one of the article's dates only from a date of
    # its own or a range that ends or starts at one ("del 22 al 24 de mayo", "27 a 29 de junho"
    # against "5月22日至24日", "6月27日至29日"): a trial's "10周年" (tenth anniversary) shared "10"
    # with "BEIJING, 10 feb" and lifted a state-media post on another event
    own = [a for a in post if a.kind == "date"]
    own_dates = [(a.start, a.end) for a in own]
    missing = 0.0
    for a in post:
        if a.kind == "number" and any(s <= a.start and a.end <= e for s, e in dates):
            continue
        if a.kind == "name" and (a.start, a.end) in named:
            continue  # a Han window and the place of its span ("riben", "@JP"): one name
        kind = "number" if a.kind == "year" else a.kind
        # A window of the post's Han runs is matched to the article's Latin, Cyrillic or Greek
        # names by its romanisation ("莫迪" to "Modi"). Romanised, two Chinese texts would
        # share windows by the dozen ("报道", "记者", "日电"; homophones: "北京" and "背景"), so
        # to the article's own Han windows it is matched by its characters, and only where
        # Chinese news rarely holds it (`han_window_weight`).
        han = is_han_window(a)
        # the most specific key the article holds; ties by the key itself, never by set order
        # (a frozenset's order follows the process's hash seed)
        hit, found = next((((kind, k), f) for k in sorted(a.keys, key=lambda k: (-len(k), k))
                           if (f := table.find(kind, k, not han)) is not None), (None, None))
        if found is None and han:
            found = table.han_window(simplified_chars(a.text))
            if found is not None and found.weight > 0:
                hit = ("name", next(iter(a.keys)))
            else:
                found = None
        if found is None and a.kind == "name" and not han and table.writes_han():
            by_sound = _by_sound(a, table)
            if by_sound is not None:
                a, hit, found = by_sound
        if hit is None or found is None:
            if a.kind == "number" and table.has_numbers:
                if a.weight >= 2.0:
                    missing += a.weight
                if missed is not None:
                    missed.append(a)
            continue
        if a.kind == "number" and table.in_date(found) and not (post_text is not None and is_post_day(post_text, a)) \
                and not any(s - DATE_RANGE_GAP <= a.start and a.end <= e + DATE_RANGE_GAP for s, e in own_dates):
            continue  # a figure of the post ("10周年", a tenth anniversary) is no day ("10 feb", "10日")
        month = _own_month(a, own)
        if a.kind == "number" and month is not None and table.find("date", f"{month}-{a.text}") is None \
                and not (table.in_date(found) and _same_month(month, table.date_months())):
            continue  # nor is a day of the post ("18 y 19 de junio") a figure or a day of another month ("18 y 19 de marzo")
        if hit in seen:
            continue
        seen.add(hit)
        if a.kind == "name":
            named.add((a.start, a.end))
        shared.append(Shared(a, found, hit[1]))
    if post_text is not None and HAN_CHAR.search(post_text):
        shared.extend(_han_by_sound(post_text, table, seen, named, shared))
    return shared, missing


@functools.lru_cache(maxsize=1024)
def _translit_windows(text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """`translit.translit_runs` of a post's text, in order of position: a post is compared with
    each of its candidate articles."""
    runs = translit_runs(simplified_chars(text[:MAX_ANCHOR_CHARS]))
    return tuple(sorted(runs.items(), key=lambda item: item[1]))


def _han_by_sound(post_text: str, table: KeyTable, seen: set[tuple[str, str]],
                  named: set[tuple[int, int]], shared: list[Shared]) -> list[Shared]:
    """The post's windows of transliteration characters ("特朗普") whose sound key one of the
    article's Latin, Cyrillic or Greek names has (`KeyTable.latin_by_sound`), in order, none
    overlapping a name of the post already shared (`compare`'s `named`, added to) or an article
    name already `shared`, nor a key already shared (`seen`, added to)."""
    out: list[Shared] = []
    for key, (start, end) in _translit_windows(post_text):
        hit = ("name", SOUND_PREFIX + key)
        if hit in seen or any(start < e and s < end for s, e in named):
            continue
        found = table.latin_by_sound(key)
        if found is None or any(found.start < s.article.end and s.article.start < found.end
                                for s in [*shared, *out] if s.post.kind == "name"):
            continue  # a word of a name already shared ("Jinping" of "Xi Jinping" = 习近平)
        seen.add(hit)
        named.add((start, end))
        out.append(Shared(Anchor("name", frozenset({hit[1]}), start, end, found.weight, post_text[start:end]),
                          found, hit[1]))
    return out


# The key prefix of a name shared by sound (`KeyTable.sound_window`): "~TLNP" ("Trump" = 特朗普).
SOUND_PREFIX = "~"


def _by_sound(name: Anchor, table: KeyTable) -> tuple[Anchor, tuple[str, str], Anchor] | None:
    """The first word of the post's Latin `name` (in order) that the article writes by sound in
    Han characters (`KeyTable.sound_window`), as (the word as an anchor of its own, its hit key,
    the article's window); None if none is. Cyrillic and Greek names are romanised first."""
    for w in _WORD.finditer(name.text):
        if w.group().lower() in _NOT_NAMES:
            continue
        for a, b in sound_parts(w.group()):  # "Blinken-led", "Trump's": the name part
            part = w.group()[a:b]
            if part.lower() in _NOT_NAMES or is_pinyin(part):
                continue
            found = table.sound_window(part)
            if found is not None:
                key, window = found
                start = name.start + w.start() + a
                return (Anchor("name", frozenset({key}), start, start + len(part), window.weight, part),
                        ("name", key), window)
    return None


def _same_month(month: str, months: frozenset[str]) -> bool:
    """Whether a day of the post's `month` can be a day of the article: the article's dates have
    that month, or it has none ("6日" alone: its month is not written)."""
    return not months or month in months


def _own_month(number: Anchor, dates: Sequence[Anchor]) -> str | None:
    """The month of the post's own date that `number` is the day of, or that it stands beside
    (within DATE_RANGE_GAP: "18" of "18 y 19 de junio"), from the date's key ("6-19"); None when
    it is no such day."""
    near = [d for d in dates if d.start - DATE_RANGE_GAP <= number.start and number.end <= d.end + DATE_RANGE_GAP]
    if not near:
        return None
    closest = min(near, key=lambda d: 0 if d.start <= number.start < d.end else min(abs(d.start - number.end),
                                                                                     abs(number.start - d.end)))
    keys = sorted(k for k in closest.keys if "-" in k)
    return keys[0].split("-")[0] if keys else None


# Names count at most this many nats together: one long name run matched window by window
# counts about once.
NAME_CAP = 6.0


def capped_weight(weighted: Iterable[tuple[str, float]]) -> float:
    """The summed weight of (kind, weight) anchors, names capped at NAME_CAP."""
    total, names = 0.0, 0.0
    for kind, weight in weighted:
        if kind == "name":
            names += weight
        else:
            total += weight
    return total + min(names, NAME_CAP)


def shared_weight(shared: Iterable[Shared]) -> float:
    """The summed weight of shared anchors (`capped_weight`)."""
    return capped_weight((s.post.kind, s.weight) for s in shared)
