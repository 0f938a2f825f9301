"""An article's anchor key table as an index folder stores it (`stored_keys`), and read back
(`stored_table`): index build stores each article's keys so that query time need not extract
them again. Index folders are shared, so a stored table is trusted for nothing it cannot show:
every span it lists is confirmed by extracting the text there again (`_StoredTable`), and a
table that lies can hide what an article shares with a post, never add to it.
"""

from __future__ import annotations

import json

from .anchorcompare import DateSpans, KeyTable, _group, article_keys, beside_date, is_day, key_table
from .anchors import (
    MAX_ANCHOR_CHARS,
    MAX_ARTICLE_ANCHOR_CHARS,
    Anchor,
    _in_order,
    _numbers,
    _without_windows,
    ascii_digits,
    is_han_window,
    readable,
)

__all__ = ["KEYS_VERSION", "MAX_STORED_KEYS_CHARS", "stored_keys", "stored_table"]

# ---- an article's key table as an index stores it --------------------------------------------------

# The version of `stored_keys`: of its layout and of what `extract` finds (a stored span is
# confirmed by extracting it again, so a table written by other extraction rules would hide
# anchors). Bump it with any change to the extractors; a row of another version is not read.
# 2: Latin names no longer run across line breaks. 3: scale words right after the digits
# ("3.6bn"), no trailing hyphen on a name. 4: 億 and 萬, "bln", "€3.1B" / "20.4M" / "5K".
# 5: titles and sentence adverbs that are no names ("Prime Minister", "However").
# 6: CLDR's scale words and month names (Swahili "milioni 1.05", "1,05 triệu", "5 लाख", "Machi").
# 7: places: CLDR's names of countries, territories and time-zone cities ("@JP", "@Asia/Shanghai").
# 8: exonyms of Chinese places ("Pekín" also "beijing").
# 9: place abbreviations ("EEUU": "@US"), "mil milhões", "8.7m" also 8.7 million. 10: "5 mil 178".
# 11: the outlets' own names ("Xinhua", "CGTN") are no names.
# 12: weekday and month names are no names; "Center", "Easter"... no places; a number the
# article writes outside its dates is stored before the same number as a date's day.
# 13: model designations ("F-35A", "B-1B") are names too. 14: ... and no number or shorter name
# besides. 15: a designation is one anchor of kind "number" keyed "f35a" ("F-16s" too).
# 16: a range's other day beside a date ("18" of "18 y 19 de marzo") is a day, listed after figures.
# 17: no anchor inside a URL or an @mention, a hashtag read without its "#" (anchors.readable);
# "tln", "trn", "tn" are trillions; "千瓦" is kW, not thousands.
# 18: a range's first number also takes the scale its second writes ("de 11 000 à 50 200 milliards").
# 19-24: a glued designation ("#COVID19", "MH370") is the hyphenated one; a long word's glued number
# ("#Shenzhou16") a number; a name starts after a capitalised word that is none ("The", "President");
# a score line ("6-4, 6-3") is one anchor; "Oct.31" a date; "31 2023" no "31 202"; no pair key with a
# title ("japaneseprime"); a camel-case word one word ("SpaceX"); "Oct", "Nov"... no names; a clock
# time ("6:50 a.m.", "6时50分", "20 h 26", "3分35秒") one anchor, on a 12-hour clock; a place in
# traditional characters ("美國") the place; a time keeps a half of the day it writes ("2:35 am");
# a camel-case hashtag may end in a designation ("#LongMarch3B"); a tie-break may be spaced.
# 25: a number in imperial units also carries its metric readings ("85 mph": 136, 137; units.py).
# 26: ... and spans its unit ("85 miles per hour"). 27: decimals and roundings to 50, 5%, two
# significant digits, feet in cm and inches in mm, from the greatest reading only.
# 28: a place inside a longer place is not one (印度 of 印度尼西亚, "Sudan" of "South Sudan").
# 29: a Russian name also without its case ending ("Путина": putina, putin).
# 30: a Korean name also has its Korean key ("ko:I.YONG.HO", korean.py), a Wade-Giles one its
# pinyin ("Lai Ching-te": laiqingde, wadegiles.py).
# 31: a name's keys and span without an English possessive ("Mao Ning's": maoning, "Mao Ning").
# 32: customary Korean spellings "woo", "you" and "wh" ("Kim Jong-woon", "Yoon Seok-youl", "Kyung-wha").
# 33: Russian scale words in every case ("649 миллионам"), "550多万", an Arabic proclitic before a number ("و20").
# 34: Korean vowels in finer classes (ㅗ ㅓ ㅜ ㅡ apart), a hyphened half of a given name no whole one.
# 35: a number in Han numerals with 多/余 before its scale ("五百五十多万": 5.5 million).
# 36: a single Han digit in a designation or after 第 ("天舟九号": 9, "第四次": 4).
# 37: a single Han numeral after 百分之 ("百分之十": 10).
# 38: no lone Han numeral after 第 (an ordinal), nor before 点 after 百分之 (a decimal).
# 39: well-formed Han numerals only (not 千万不要, 千千万万, nor 几十万), Han decimals (三点五), years
#     and dates in Han numerals (一九四九年十月一日), number words before a scale or percent word.
# 40: numbers in words read whole (thirty-two million, treinta y dos, fünfundzwanzig), teens and tens
#     anywhere; a Han number before a kilo-unit (六千万千瓦) and with its last unit dropped (三万五).
# 41: no number word beside a hundreds word, another number word, a decimal point, a half or an
#     ordinal; no Han time of day (十二点) nor saying (十万火急); 三千瓦 is 3 (kW).
# 42: no number word beside a second scale, a half, a vague or decade word, "dos" before a
#     Portuguese scale, another language's scale after an English word; Han 几/来 before a scale,
#     decades and centuries, more sayings and titles; no "inf" key (trial 48).
# 43: an article's anchors are read from all of it (anchors.MAX_ARTICLE_ANCHOR_CHARS), not from
#     its first 10,000 characters (trial 46).
# 44: a comma does not end a number in words ("twenty thousand, five hundred" is no 20,000); a
#     Han 零 holds a place only before a digit ("十零" is no 10).
# 45: Russian number words in the genitive and prepositional ("двадцати пяти процентов").
# 46: numbers of several words with hundreds or thousands read whole ("dois mil e quinhentos" 2,500,
#     "двести сорок восемь" 248, "quinientos millones" 5e8; numberwords.compound_numbers).
# 47: a full-width colon in a clock time ("下午5：30"), a Chinese half of the day before "5:30", a
#     time written with a dot where a word says it is one ("las 5.30 de la tarde", "5.30pm").
# 48: a capitalised word alone at a sentence's start that the text also writes in lower case is no
#     name ("Running ... running"), nor are English adverbs of time ("Today", "Earlier").
# 49: trial 52: such a word is no name only where the text writes it in lower case more often and
#     never capitalised inside a sentence ("Trump ... a trump card" keeps its name), a number word
#     alone is no name ("Seis muertos"); "six cents" is no 600, Portuguese "dos mil milhões" no
#     2e9, a Russian ordinal year ("две тысячи девятнадцатого года") no 2000, "twenty nineteen"
#     no 39, "dois mil e tal" and "one or two hundred" not read; "5.30 h" no time.
# 50: numbers German, Dutch and Italian write as one word ("zweihundertfünfzig", "tweeduizend",
#     "duemila"; numberwords.closed_compounds, text2num), and no number word before one is read alone.
# 51: a Dutch or Italian tens word alone ("negentig"; not "venti", winds), a capitalised Italian
#     number word read unless an article stands before it ("Quattrocento soccorritori", not "il
#     Quattrocento").
# 52: a designation whose capitalised prefix of 4-5 letters ends a name of several words ("Long
#     March-5", "#LongMarch3B") also holds its bare number (长征五号).
# 53: ... only without a letter after its digits ("Long March-2D" is not "Long March-2F").
# 54: the "March" of "Long March" is no month ("a Long March 5 rocket" is no 5 March), nor is a
#     number with a Latin letter glued after it a day ("March 2F"); only English and Korean month
#     names come before the day ("the Mars 3 lander" is no 3 March).
# 55: a hashtag is a name of its own ("OpenAI #XiJinping" is no one name).
# 56: dates in digits ("15.05.2021", "2021-05-15", "12/25/2023"); "may" and "march" in lower
#     case and "Mars" are no months; no digit before a day ("2,317 December 10" is no 17 December).
# 57: a date in digits without its year before a word in lower case ("am 15.05. in").
# 58: dates in digits year first with dots or slashes ("2021.05.15", "2021/5/15"), with hyphens
#     ("15-05-2021"), and only a day the month has ("31/02/2021" is none).
# 59: only decimal digits are digits ("2³" is no 23, "①②③" no 123).
# 60: Chinese and Japanese months and ranges of months without a day ("1至11月", "一至十一月") are
#     one anchor of kind "date" ("month:1-11"), not the numbers 1 and 11.
# 61: a full-width full stop inside a figure is its decimal point ("２．２４０" is 2.240, not 2 and 240);
#     an Arabic place inside a word only after a clitic prefix ("شمالي", northern, holds no "مالي").
# 62: a half of a scale is read whole ("2 millones y medio" is 2.5 million, not 2 million;
#     "medio millón", "half a million", "полмиллиона", "полтора миллиона": numberwords.half_numbers).
# 63: Chinese tenths are a figure ("五成" 50, "七成五" 75; not "三五成群", "一成不变").
# 64: decimals in words ("five point four percent" 5.4, "douze virgule cinq pour cent" 12.5).
# 65: "полумиллиона", "eine halbe Million", "un diecisiete coma tres" (trial 79).
# 66: place names without their accents ("Egypte", "Ethiopie"), "Emiratos"/"Emirats", 沙特 and
#     阿联酋 (trial 83).
# 67: a currency code glued before a figure is no designation ("CNY736.2 billion" is 736.2 billion,
#     not "CNY736"; trial 85).
# 68: a thread's counter at a text's start or end ("(2/5)", "（1/2）") is no number (trial 85), nor a
#     figure cut off by a shortened text's ellipsis ("total trade of 4…", trial 87); "11点半" is 11:30 and
#     "$418.89b" 418.89 billion (trial 87).
# 69: anchors are read as if invisible characters (U+200B, the soft hyphen, bidi controls) were not
#     there (trial 89: "3000万" with zero-width spaces was four figures); "US", "UNGA", "AGNU", "UNSC" are
#     places (trial 89); "mil 400 millones" is 1.4 billion and "billones" also billions (trial 90).
# 70: "2 mil 500 millones" is 2.5 billion only, not 2,500 beside it (trial 90).
# 71: "DPRK", "ROK", "PRC", "RPDC", "КНР", 中华人民共和国, 大韩民国 and the Koreas' official names are
#     places; "US" after "JOIN", "FOLLOW"... in capitals is none (trial 90).
# 72: Serbian (Cyrillic) scale words, months and place names from CLDR (trial 91: "12,7 милиона" was
#     12.7, "Кина" no place, so a true English copy of a Serbian article was "other facts").
# 73: a country whose capital bears its name is a place ("Kuwait", "Bahrain", "Qatar", "Singapore",
#     "Guatemala", 科威特, Алжир): CLDR names both alike, and the table had left the name out (trial 91).
# 74: a weekday's numeral before a word in 成 is no count of tenths ("周二成功": trial 92).
# 75: a figure of power or energy also carries its value in kilowatts (kilowatt-hours): "110万千瓦",
#     "1,100 MW" and "1.1 GW" share it; a place's anchor spans the place's whole name ("Corea del
#     Norte", not "Corea"; trial 92).
#     Trial 92's places and dates: Arabic places after ل with the article ("للصين"), with no
#     letter after them but an adjective's ending ("مصرعهم" is no Egypt), short Arabic names of
#     countries (السعودية); a name of another language that is an English word is no place in
#     English ("the Argentine president", "Hainan Island"); Russian and Serbian case forms of
#     places ("Алжира", "Србије"); Serbian months in the genitive ("25. маја") and alone in the
#     locative ("у мају"); 我国 is China.
#     Trial 93's places: 我国 after 自 (since) is China, before 际 (国际) none; English "Christmas" and
#     "Reunion" are no places; Russian "США", "Южная Корея", "Северная Корея", "Объединённые
#     Арабские Эмираты" and their case forms, "Соединённых Штатов" (ё read as е), Serbian "САД",
#     "Сједињених Америчких Држава".
# 76: a number written in groups of digits and Han or Korean scales is one number, their sum
#     ("36万7000" 367,000, "3兆2000億" 3.2e12, "3만 2천"), not its groups; 兆 (not before a unit),
#     千亿/百亿 and Korean scales glued to a counter ("3만명", "5천억원") are scales; a Han numeral
#     ending in 千 at the text's end is whole ("三千" 3,000, not 3).
# 77: a Cyrillic name also carries its key as Serbian's Latin alphabet writes it, diacritics dropped
#     ("Вучић": "vucic" beside "vuchic", the key of "Vučić" and "Vucic"; trial 93).
# 78: a country's adjective carries its place key ("Swiss", "suizos", "française", "российских":
#     lexicon.demonyms, data/demonyms.json).
# 79: a traditional or Japanese scale of two characters is read whole ("5千億円" 500 billion, "3千萬人"
#     30 million, "1億2千萬" 120 million), not its 千 alone.
# 80: Japanese short forms 米国 (the US) and 豪州 (Australia) are places, in a text with kana and
#     not after a digit (trial 94).
# 81: a designation's variant letter after 号 (长征二号丙 "2c", as "Long March-2C" now keys it beside
#     its full key), and "Cantón"/"Canton" with Guangzhou's key (trial 95).
# 82: a scale word after a hyphen ("the 50-billion-yuan mark"), Arabic تريليون (trial 96).
# 83: an Arabic article before a family name is a word of the name ("Mohamed al-Menfi", "el-Sisi"),
#     the name without it a key as well ("menfi"; trial 99).
# 84: "Cuba" (and "Canarias") is a place: Turkish writes Juba "Cuba", and a name two places
#     share was left out of CLDR's table (trial 102).
# 85: a Han run's syllables are read in context (`anchors.han_syllables`, pypinyin's phrases):
#     "重庆" is "chongqing", "长春" "changchun" (trial 104).
# 86: China's places and the world's large cities in Arabic and Cyrillic letters carry their
#     romanised name as a key ("قانسو": "gansu", "Чунцин": "chongqing"; trial 104).
# 87: ... and in Han characters where the windows' romanisation misses it (长治: "changzhi"; trial 105).
# 88: Chinese names in Russian letters carry their pinyin by the Palladius system ("Си Цзиньпин":
#     "xijinping", "Ли Цяном": "liqiang"; palladius.py).
# 89: "Estado", "Gobierno", "État"... are no names (anchors._NOT_NAMES; trial 106).
# 90: a one-letter Palladius syllable after a Cyrillic name word is part of the name ("Ван И":
#     "wangyi"; trial 107).
# 91: Arabic news spellings of places CLDR writes otherwise (بيلاروسيا and روسيا البيضاء, Belarus,
#     no longer Russia; المجر, الدنمارك, أمريكا...: lexicon._ARABIC_SHORT_PLACES; trial 110), and
#     other languages' ("Britain", "Turkey", "Белоруссия", "ФРГ", 南韩: lexicon._NEWS_NAMES);
#     Brazilian "bi" and "mi" after money or before a quantity ("US$ 157,3 bi", "8,9 mi t":
#     anchors.short_scale); "US$" is no place (trial 112).
# 92: French abbreviations of a scale before a currency and of megatonnes ("850 M$", "1,2 Md$", "3
#     Mds€", "1,42 Mt": anchors._ABBREVIATED_SCALE; trial 115).
# 93: a keycap emoji standing alone ("4️⃣ ") is an item's number, no figure (anchors._KEYCAP; trial 116).
# 94: Arabic's decimal and thousands separators ("٣٨٥٫٨", "٣٬٤٩٦") join their digits (anchors.ascii_digits;
#     trial 117).
# 95: an event's tag glued to a year ("#CIIE2023") is a name, no figure; "100 %" is no figure
#     (trial 119).
# 96: a year inside a hashtag ("#Somalia2024", "#进博会2024") is no year (trial 120).
# 97: Cyrillic model designations ("Су-35С", "МиГ-31БМ") are one figure keyed as Latin writes them
#     (anchors._CYRILLIC_DESIGNATION; trial 122).
# 98: German genitives of places ("Thailands", "Chinas") are the places (lexicon._genitive_places);
#     a designation's suffix may have three capitals and a digit ("MiG-29SMT", "Su-30SM2"; trials 123, 125); a figure
#     after an ASCII comma in Han text ("绿草如茵,450名"); a Portuguese verb with its clitic
#     ("Trata-se") is no name (trial 124).
# 99: countries' adjectives in German, Italian and Dutch ("die chinesische Regierung", "il governo
#     cinese", "de Indiase premier") are their places (data/demonyms.json).
# 100: a hyphenated name's German genitive is the place ("Guinea-Bissaus"; trial 126).
KEYS_VERSION = 100
_GROUPS = ("number", "date", "name")
MAX_STORED_KEYS_CHARS = 8 << 20  # a stored table longer than this is damaged (one of 200,000
# characters of news took 75 kB, of 20,000 decimals in miles per hour, each with its metric
# readings, 1.4 MB: scripts/bench_anchors.py --long)


def stored_keys(text: str) -> str:
    """An article's key table as an index stores it (JSON): {group: {key: [start, end]}} for
    the first anchor with each key, but the Han-run windows (`article_keys` finds those)."""
    table = article_keys(text)
    out: dict[str, dict[str, list[int]]] = {group: {} for group in _GROUPS}
    for (group, key), a in sorted(table.by_key.items()):
        out[group][key] = [a.start, a.end]
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


# characters after a listed anchor's span in view when it is confirmed: what decides its keys
# there (a unit, a range's second number and scale) is within a few words
CONFIRM_AFTER = 48


class _StoredTable(KeyTable):
    """A key table read from an index folder: anyone may have written it, so an anchor it lists
    is used only once extracting the text at its span gives that anchor again (`_listed`). A
    table that lies can then hide what an article shares with a post, never add to it. Once
    the spans extracted add up to MAX_ANCHOR_CHARS (a post of many names against a table of
    long spans), the table is derived from the text instead, once: no dearer than no table."""

    def __init__(self, spans: dict[tuple[str, str], tuple[int, int]], has_numbers: bool,
                 text: str) -> None:
        super().__init__({}, has_numbers, text)
        self.spans = spans
        # unconfirmed, and only ever used to set a post's number apart from a day (`in_date`):
        # a table that lies here hides a shared number, never adds one
        self.date_spans = DateSpans(span for (group, _), span in spans.items() if group == "date")
        self._confirmed: dict[tuple[str, str], Anchor | None] = {}
        self._extracted = 0  # characters extracted to confirm spans
        self._digits: str | None = None  # the text with ASCII digits, once a span is confirmed
        self._derived: dict[tuple[str, str], Anchor] | None = None

    def date_keys(self) -> frozenset[str]:
        """`KeyTable.date_keys` from the dates the table lists, each confirmed (`_listed`), or
        from the text's once the table is derived from it: a table that lies can hide a date,
        never add one."""
        listed = [key for group, key in self.spans if group == "date" and self._listed(group, key) is not None]
        if self._derived is not None:
            listed = [key for group, key in self._derived if group == "date"]
        return frozenset(listed)

    def in_date(self, anchor: Anchor) -> bool:
        """`KeyTable.in_date` from the dates the table lists and the text: the day numbers
        `key_table` would have found are not stored."""
        return beside_date(anchor, self.date_spans) or is_day(self._text or "", anchor)

    def day_alone(self, anchor: Anchor) -> bool:
        """`KeyTable.day_alone` from the dates the table lists and the text."""
        return is_day(self._text or "", anchor) and not beside_date(anchor, self.date_spans)

    def number_anchors(self) -> list[tuple[str, Anchor]]:
        """`KeyTable.number_anchors` from the numbers the table lists, each confirmed (`_listed`),
        or the text's once the table is derived from it: a table that lies can hide a number,
        never add one."""
        if self._derived is None:
            listed = [(key, self._listed(group, key)) for group, key in sorted(self.spans) if group == "number"]
        if self._derived is None:  # confirming the spans may have derived the table from the text
            return [(key, anchor) for key, anchor in listed if anchor is not None]
        return [(key, anchor) for (group, key), anchor in sorted(self._derived.items()) if group == "number"]

    def name_keys(self) -> list[str]:
        """`KeyTable.name_keys` from the names the table lists (each confirmed when `find` looks
        it up), or the text's once the table is derived from it."""
        if self._derived is not None:
            return [k for (group, k), a in self._derived.items() if group == "name" and not is_han_window(a)]
        return [k for group, k in self.spans if group == "name"]

    def _listed(self, group: str, key: str) -> Anchor | None:
        if self._derived is not None:
            return self._derived.get((group, key))
        span = self.spans.get((group, key))
        if span is None:
            return None
        if (group, key) not in self._confirmed:
            start, end = span
            if self._digits is None:
                self._digits = ascii_digits(self._text or "")
            # extracted where it lies, the text before it in view ("$5K", "الـ14 مايو") and
            # CONFIRM_AFTER characters after it: a number's unit ("85 mph": 136 km/h, units.py)
            # or a range's scale ("from 11 to 50.2 trillion") follows its span (trial 16: no
            # converted figure was ever confirmed from an index)
            after = min(len(self._digits), end + CONFIRM_AFTER)
            self._extracted += after - start
            if self._extracted > MAX_ANCHOR_CHARS:
                self._derived = key_table(_without_windows(self._digits)).by_key
                return self._derived.get((group, key))
            self._confirmed[(group, key)] = next(
                (a for a in _in_order(_without_windows(self._digits, start, after))
                 if a.start == start and a.end == end and _group(a.kind) == group and key in a.keys), None)
        return self._confirmed[(group, key)]


def stored_table(text: str, stored: str) -> KeyTable:
    """The `KeyTable` of an article from its text and `stored_keys(text)` as an index holds it.

    Raises ValueError when `stored` is not of that shape: not JSON, longer than
    MAX_STORED_KEYS_CHARS, a group other than `_GROUPS`, or a span that is not two integers
    inside the text's first MAX_ARTICLE_ANCHOR_CHARS characters. Whether each listed anchor is there is
    checked when it is looked up (`_StoredTable`); that the article holds no number is checked
    on its text, since it drops the penalty for numbers a post has and the article lacks.
    """
    if len(stored) > MAX_STORED_KEYS_CHARS:
        raise ValueError(f"longer than {MAX_STORED_KEYS_CHARS:,} characters")
    try:
        data = json.loads(stored)
    except (ValueError, RecursionError):
        raise ValueError("not JSON") from None
    if not isinstance(data, dict) or not set(data) <= set(_GROUPS) or \
            not all(isinstance(table, dict) for table in data.values()):
        raise ValueError("not a table of number, date and name keys")
    text = text[:MAX_ARTICLE_ANCHOR_CHARS]
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    for group, table in data.items():
        for key, span in table.items():
            if not (isinstance(span, list) and len(span) == 2 and all(type(v) is int for v in span)
                    and 0 <= span[0] < span[1] <= len(text)):
                raise ValueError("a span is not two integers inside the text")
            spans[(group, key)] = (span[0], span[1])
    # read as the anchors read the text (`anchors.readable`: no digit of a URL or @mention counts),
    # as a table derived from the text says it (`article_keys`): an article ending in
    # "https://t.co/4Bf5iBTFtL" held a number from its stored keys and none from its text, so a
    # post's "22カ所目" was a figure it lacked in one and not the other (stream t81)
    has_numbers = bool(data.get("number")) or bool(_numbers(readable(text, MAX_ARTICLE_ANCHOR_CHARS)))
    return _StoredTable(spans, has_numbers, text)
