"""How a text writes the place of an event in its series and the figures it sets beside copied
words: the readings `sharedfacts`' conflict rules compare. `ordinals` reads editions,
anniversaries, sessions and congresses ("the 496th flight", "第七届", "XXI Congreso", "el
septuagésimo sexto aniversario"); `figures` reads every figure of a text with its kind (a count
with its scale, an ordinal, a year, a month) for `sharedfacts.figure_conflict`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

import regex
from text_to_num import alpha2digit

from . import anchors
from .hannumerals import han_number
from .lexicon import MONTH_OF, SCALE_VALUES
from .numberwords import whole_numbers
from .units import kilo_unit

__all__ = ["EDITION_MIN", "MONTH", "NUMBER", "ORDINAL", "ORDINAL_MIN", "ROMAN_LETTER", "YEAR",
           "Figure", "figures", "ordinals", "roman", "values_written"]


# An ordinal of 10 or more: the place of an event in its series ("the 496th flight", "第496次飞行",
# "la 20ª edición", "le 20e congrès", "20-й съезд"): launches, congresses, sessions, anniversaries.
# An anniversary is one written as a count too ("el 80 aniversario", "80-летие Победы", "成立75周年",
# "七十五周年"): trial 61's post on the 80th Victory Day parade, in the template of the 79th's
# article, came back near_verbatim at 1.00. Trial 62 wrote the next event in more ways: German
# "80. Jahrestag", Russian "80-ю годовщину", "80 летию", English words ("eightieth",
# "seventy-sixth"), Chinese "党的二十一大", "二十届", and a Chinese edition under 10 ("第七届进博会"
# against "第六届").
_ORDINAL_WORDS = {word: value for value, word in enumerate(
    ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
     "eighteenth", "nineteenth"), start=10)}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINAL_WORDS |= {word[:-1] + "ieth": value for word, value in _TENS.items()}
_UNIT_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9}
_ORDINAL_WORDS |= {f"{tens}-{unit}": value + add for tens, value in _TENS.items() for unit, add in _UNIT_ORDINALS.items()}
_HAN_NUMERALS = "零〇一二两三四五六七八九十百千"
# Words that name an edition of a series, after an ordinal under ORDINAL_MIN in lower case.
_EDITION_NOUNS = sorted((
    "edition", "edición", "edicion", "edição", "edicao", "édition", "session", "sesión", "sesion", "sessão",
    "sessao", "summit", "cumbre", "sommet", "cúpula", "cupula", "forum", "foro", "fórum", "congress",
    "congreso", "congrès", "congresso", "conference", "conferencia", "conférence", "conferência", "plenary",
    "plenum", "pleno", "plenaria", "plénière", "meeting", "reunión", "réunion", "reunião", "expo",
    "exposición", "exposition", "exposição", "fair", "feria", "foire", "feira", "games", "juegos", "jeux",
    "jogos", "anniversary", "aniversario", "anniversaire", "aniversário",
    # a batch of a series (第二批: trial 82's "The 3rd batch of ... relief supplies" was a copy at
    # 0.91 of the article on the second)
    "batch", "batches", "lote", "remesa", "tanda", "remessa", "lot", "contingent", "contingente"),
    key=len, reverse=True)
# Stems of ordinal words in Spanish, Portuguese and French: a text holding one is read with its
# ordinal words in digits (text2num's alpha2digit: "septuagésimo sexto" -> "76º", "sétima" ->
# "7ª", "soixante-seizième" -> "76ème"; trial 63's "el septuagésimo sexto aniversario").
_SPELLED_ORDINAL = regex.compile(
    r"(?:ésim|esim|ième|ieme|segund|tercer|cuart|quart|quint|sext|s[ée]p?tim|octav|oitav|noven|nono|d[ée]cim"
    r"|deuxi|troisi|quatri|cinqui|sixi|septi|huiti|neuvi|dixi)", regex.IGNORECASE)
# What 第N次 counts when it is an edition: sessions and summits ("第三次会议", "第二次峰会").
_SESSION = regex.compile(r"(?:全体)?(?:会议|会議|全会|峰会|峰會|大会|大會|会晤|會晤|论坛|論壇)")
# Spanish, Portuguese and Italian typed without the superscript: "Trata-se da 278a missão", "la
# 5a edición", "il 3o posto", "da 301.a missão" (trial 125): a plain "a" or "o" after the digits, read as the ordinal only after
# an article and before a word in lower case ("Article 20a of", "Room 12a" stay no figure).
# Trial 124: Xinhua's "Trata-se da 278a missão da série Longa Marcha" against a copy of its
# template on another launch, "… 421ª missão …", was no figure, so no "421ª ≠ 278a".
_PLAIN_ORDINAL = (r"(?<=(?<![\p{L}])(?:da|do|das|dos|la|las|el|los|del|al|na|no|nas|nos|pela|pelo|a|o"
                  r"|della|dello|alla|nella|il|lo)\s\d{1,4})\.?[ao]s?(?=\s+(?-i:\p{Ll}))")
_ORDINAL = regex.compile(
    r"(?<![\p{N}.,])(?P<n>\d{2,4})(?:st|nd|rd|th|\.?[ºª°]s?|es?|èmes?|emes?|er|re|" + _PLAIN_ORDINAL +
    r"|-(?:й|я|е|го|му|м|ю|ой|ая|ое|ую|ых|ым|ми|х))(?![\p{L}\p{N}])"
    r"|(?<![\p{N}.,])(?P<a>\d{1,4})(?:\s?(?:aniversario|aniversário|anniversario)(?![\p{L}])|[\s-]?лети[еяюи]\p{L}*|\s?[周週]年)"
    r"|(?<![\p{N}.,])(?P<g>\d{2,4})\.\s(?:Jahrestag|Jahrestages|Jubiläum|Jubiläums|Parteitag|Parteitages|Gipfel|Gipfels"
    r"|Sitzung|Tagung|Geburtstag)(?![\p{L}])"
    rf"|(?<![{_HAN_NUMERALS}第])(?P<h>[{_HAN_NUMERALS}]{{2,8}})大(?![小])"
    # an anniversary or a congress's term in Chinese numerals, under 10 too ("六周年" against
    # "五周年"; trial 65), and the first one (首届: "第二届中国－中亚峰会" against "首届")
    rf"|(?<![{_HAN_NUMERALS}第])(?P<k>[{_HAN_NUMERALS}]{{1,8}})(?:[周週]年|[届屆])"
    r"|(?P<f>首)(?:[届屆]|(?=次(?:全体)?会议|次峰会))"
    # an ordinal of any series: 第十批 (the 10th batch), 第三波 (wave), 第五场 (round), 第二季
    # (season), 第五代 (generation), 第三站 (leg); trial 81's "the 10th batch" against 第十批 was
    # "figures not in the article: 10"
    rf"|第\s?(?P<d>\d{{1,4}}|[{_HAN_NUMERALS}]{{1,8}})\s?(?P<unit>[次届屆个個期号號轮輪批波场場季代站集])"
    r"|(?<![\p{L}-])(?P<w>\L<words>)(?![\p{L}])"
    # an edition before its name ("the 7th CIIE", "6th Plenary Session"; trial 62), and Roman
    # numerals before a name, as Spanish, French and Italian number congresses ("XX Congreso
    # Nacional", "XIX Comité Central")
    # or before a word that names an edition ("la 7ª edición", "la 3ème édition", "the third
    # session"; trial 64)
    r"|(?<![\p{N}.,])(?P<e>\d)(?:st|nd|rd|th|\.?[ºª°]|e|ème|eme|er|re)\s+(?:(?-i:(?=\p{Lu}))|(?=\L<nouns>(?![\p{L}])))"
    # and in words ("the fourth Belt and Road Forum", "The seventh CIIE"; trial 63)
    r"|(?<![\p{L}-])(?P<u>second|third|fourth|fifth|sixth|seventh|eighth|ninth)\s+(?:(?-i:(?=\p{Lu}))|(?=\L<nouns>(?![\p{L}])))"
    r"|(?<![\p{L}])(?-i:(?P<r>[XVI]{2,7}))(?:e|ème|er)?\s+(?:(?-i:(?=\p{Lu}\p{Ll}))|(?=\L<nouns>(?![\p{L}])))"
    # a one-letter Roman number only before a word that names an edition ("X Juegos", "V Cumbre";
    # trial 63: "los X Juegos" against "the 9th Games"), "I" never (a pronoun)
    r"|(?<![\p{L}])(?-i:(?P<r1>[XV]))(?:e|ème|er)?\s+(?=\L<nouns>(?![\p{L}]))"
    # a session of a numbered congress ("十四届全国人大三次会议", "二十届三中全会"; trial 64)
    rf"|(?<=[届屆][^，。；,;\s]{{0,12}})(?P<s>[一二三四五六七八九十]{{1,3}})(?:次(?:全体)?会议|中全会)",
    regex.IGNORECASE, words=sorted(_ORDINAL_WORDS, key=len, reverse=True), nouns=_EDITION_NOUNS)
_ROMAN = {"I": 1, "V": 5, "X": 10}


def roman(numeral: str) -> int | None:
    """The value of an upper-case Roman numeral of I, V and X ("XIX": 19), or None where it is
    not well formed ("IIX", "VV")."""
    if not numeral.isupper():
        return None
    value = 0
    for i, ch in enumerate(numeral):
        here = _ROMAN[ch]
        value += -here if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > here else here
    return value if _to_roman(value) == numeral else None


def _to_roman(value: int) -> str:
    out = ""
    for number, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out, value = out + numeral, value - number
    return out
# The least ordinal a post's conflict rests on: 10, as "the 2nd time" or "a 3rd day" tell no
# series; an edition (第七届, "the 7th CIIE") from 2. An article's ordinals are read from 2: "the
# 6th China International Import Expo" against a post's 第七届.
ORDINAL_MIN = 10
EDITION_MIN = 2


@functools.lru_cache(maxsize=512)
def ordinals(text: str) -> Mapping[int, tuple[str, bool]]:
    """The ordinals of EDITION_MIN or more, and first sessions and terms ("一次会议", "首届", "第一届"), in `text` (bounded: its first
    anchors.MAX_ARTICLE_ANCHOR_CHARS characters, an article's whole text): value -> (the first
    way it is written, whether it tells a series: ORDINAL_MIN or more, or an edition). Cached
    (read-only): a post is compared with each of its candidates, and an article with each post it
    is a candidate of."""
    out: dict[int, tuple[str, bool]] = {}
    text = original = anchors.ascii_digits(text[:anchors.MAX_ARTICLE_ANCHOR_CHARS])
    if _SPELLED_ORDINAL.search(text):
        try:
            for lang in ("es", "pt", "fr"):
                text = alpha2digit(text, lang, threshold=1)
        except (UnicodeError, ValueError):
            pass  # a lone surrogate (text2num encodes to UTF-8): the words stay words
    days: list[tuple[int, int]] | None = None  # the text's dates, read once a day's ordinal may be one
    for m in _ORDINAL.finditer(text):
        session = bool(m.group("s") or m.group("f")) or m.group("unit") in ("届", "屆", "批") \
            or (m.group("unit") == "次" and _SESSION.match(text, m.end()) is not None)
        edition = session or bool(m.group("e") or m.group("u") or m.group("r") or m.group("r1") or m.group("a")
                                  or m.group("k"))
        if m.group("n") or m.group("e"):
            days = [(a.start, a.end) for a in anchors._dates(text)] if days is None else days
            if any(lo <= m.start() < hi for lo, hi in days):
                continue  # "October 16th", "the 23rd of September": a date (trial 63)
        if m.group("w"):
            value: float | None = _ORDINAL_WORDS[m.group("w").lower()]
        elif m.group("u"):
            value = _UNIT_ORDINALS[m.group("u").lower()]
        elif m.group("r") or m.group("r1"):
            value = roman(m.group("r") or m.group("r1"))
        elif m.group("f"):
            value = 1
        else:
            raw = m.group("n") or m.group("a") or m.group("g") or m.group("h") or m.group("d") or m.group("e") \
                or m.group("s") or m.group("k")
            value = int(raw) if raw.isascii() and raw.isdigit() else han_number(raw)
        if value is not None and (value >= EDITION_MIN or (value == 1 and session)):
            series = edition or value >= ORDINAL_MIN
            written, before = out.get(int(value), (_as_written(original, text, m.start(), m.end()), False))
            out[int(value)] = (written, before or series)
    return MappingProxyType(out)


def _as_written(original: str, converted: str, start: int, end: int) -> str:
    """The words of `original` that `converted` (alpha2digit's reading of it) writes in digits
    at [start, end): "troisième" for "3ème" (trial 66 was shown "3ème ≠ Fourth" for its
    "troisième"), found between the unchanged words on either side (at least 4 characters of
    them); the converted text where they are not found."""
    shown = converted[start:end].strip()
    if converted is original or shown in original:
        return shown
    before = regex.split(r"\d", converted[max(0, start - 16):start])[-1]
    after = regex.split(r"\d", converted[end:end + 16])[0]
    if len(before) + len(after) < 4:
        return shown
    m = regex.search(regex.escape(before) + r"(.{1,60}?)" + regex.escape(after), original, flags=regex.DOTALL)
    return m.group(1).strip() if m is not None and m.group(1).strip() else shown


# A figure as it stands beside an exact stretch (`sharedfacts.figure_conflict`): digits ("17", "5.2", "16,000",
# "12th", "7ª"), a Roman number ("XII"; one letter, "X Foro", only against another Roman number:
# ROMAN_LETTER), English number and ordinal words
# ("five", "second", "twenty-first") and Spanish, Portuguese and French ordinals under ten
# ("segunda", "troisième"), Han numerals after 第 or before a counter ("第二", "六周年", "17日" is
# digits) and 首 before 届 (the first). A Han numeral with neither is a word ("统一", "一带一路").
_HAN_FIGURE_NUMERALS = _HAN_NUMERALS + "兩万萬"
_FIGURE = regex.compile(
    r"(?<![\p{N}.,])(?P<d>\d{1,3}(?:[\u00a0\u202f ]\d{3}(?![\p{N}]))+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)(?![.,]?\d)"
    r"(?:st|nd|rd|th|\.?[ºª°]|e|er|re|ème|eme|" + _PLAIN_ORDINAL + ")?"
    r"(?=(?:\L<scales>|k)?(?![\p{Latin}\p{N}]))"
    r"|(?<![\p{L}\p{N}])(?-i:(?P<r>[XVI]{1,7}))(?:e|er|ème)?(?![\p{L}\p{N}])"
    r"|(?<![\p{L}\p{N}])(?P<w>\p{Latin}+(?:-\p{Latin}+)?)(?![\p{L}\p{N}])"
    rf"|(?P<h>第\s?[{_HAN_FIGURE_NUMERALS}]+[届屆次号號]?|[{_HAN_FIGURE_NUMERALS}]+(?:[届屆次号號]|周年|週年)"
    rf"|[{_HAN_FIGURE_NUMERALS}]+(?=[年月日名人个個天艘架枚辆輛亿億岁歲位国國])|首[届屆])", regex.IGNORECASE,
    scales=sorted(SCALE_VALUES))
_ENGLISH_NUMBER_WORDS = {word: value for value, word in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"), start=1)}
_ROMANCE_ORDINALS = {
    **{f"{stem}{end}": value for value, stem in enumerate(
        ("primer", "segund", "tercer", "cuart", "quint", "sext", "séptim", "octav", "noven"), start=1)
       for end in ("", "o", "a")},
    **{f"{stem}{end}": value for value, stem in enumerate(
        ("primeir", "segund", "terceir", "quart", "quint", "sext", "sétim", "oitav", "non"), start=1)
       for end in ("o", "a")},
    **{word: value for value, word in enumerate(
        ("premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième", "huitième",
         "neuvième"), start=1)},
    "première": 1, "second": 2, "seconde": 2,
}
_WORD_FIGURES = {**_ROMANCE_ORDINALS, **_UNIT_ORDINALS, **_ORDINAL_WORDS, **_ENGLISH_NUMBER_WORDS}
# A run of digits grouped in thousands ("16,000", "16.000"): one integer, whatever the separator;
# not after a lone 0 ("0.383 million" is 383,000, not 383 million: trial 95's copy of "383,000
# passenger trips"). Spaces group too ("76 000 hectares", French and NTREX's translators; read
# as two figures, 76 and 0, before), as the anchors read them (anchors._DIGIT_NUMBER).
_GROUPED = regex.compile(r"(?!0[.,])\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_GROUP_SPACE = regex.compile(r"[\u00a0\u202f ]")


# The kinds of figure (`Figure.kind`), compared only with their own: a count, an ordinal (an
# edition: a suffix, 第N, N届, a Roman number, an ordinal word), a year, a month. Trial 67 saw "VI
# ≠ 24", an edition against the day of "24 de abril". A one-letter Roman number ("X", "V", "I": a
# pronoun, a model, a grade as often) stands only against another Roman number at the same point
# ("X Foro" where the article writes "IX Foro", trial 64).
NUMBER, ORDINAL, YEAR, MONTH, ROMAN_LETTER = "number", "ordinal", "year", "month", "roman letter"


class Figure(NamedTuple):
    start: int
    end: int
    values: frozenset[float]  # the number, and the number times its scale where one follows
    kind: str  # NUMBER, ORDINAL, YEAR, MONTH or ROMAN_LETTER
    roman: bool = False  # written in Roman numerals ("XII", "X")
    grouped: bool = False  # a count in groups of digits and scales ("36万7000": `anchors.grouped_numbers`)


# A scale after a number in digits ("765 million", "4.08 bn", "1500万"): the scale words `anchors`
# reads (lexicon.SCALE_VALUES), and the few it reads otherwise (a Han scale, a letter) or not.
# Both the number and its product stand for the figure (`Figure.values`): a scale not listed
# ("518.470 mill.") leaves the number itself to compare (trial 67 saw "4.08 ≠ 4.08" for "4.08 bn"
# against "4.08 billion" when the product alone stood for it).
# A Han or Korean scale is read as the anchors read it (anchors._SCALE_CHARS, its values
# anchors._HAN_SCALES): "5千億" is 500 billion and "3千萬" 30 million (not 5,000 and a 1,000 of 千
# beside it), "5兆円" 5 trillion, but "1500千瓦" is 1,500 kW and "5兆瓦" 5 MW.
_MORE_SCALES = {"hundred": 1e2, "k": 1e3, "mill": 1e6, **anchors._HAN_SCALES}
SCALE_AFTER = regex.compile(rf"\s?((?:{anchors._SCALE_CHARS})|\L<scales>)(?![\p{{Latin}}\p{{Cyrillic}}])",
                            regex.IGNORECASE, scales=sorted({*SCALE_VALUES, "hundred", "k", "mill"}, key=len, reverse=True))
# A number word that goes on: a scale or "and" after it ("three thousand", "one hundred and fifty")
_WORDS_GO_ON = regex.compile(r"[\s-]+(?:and\s+)?(?:hundred|thousand|million|billion|trillion|and)(?![\p{L}])",
                             regex.IGNORECASE)
# What makes four digits of 1900-2099 a count rather than a year: "2000多名代表", "2000 millones"
_COUNTED = regex.compile(r"\s?[多余餘名人个個万萬亿億]")


def _in_kilowatts(values: frozenset[float], text: str, end: int) -> frozenset[float]:
    """`values`, or where a power or energy unit follows at `end` (`units.kilo_unit`), each of
    them in kilowatts only: "1.1 GW" and "1,100 MW" are one figure (trial 92: "1.1 ≠ 1,100"),
    "16 MW" and "16 GW" two (trial 93)."""
    kilo = kilo_unit(text, end, min(len(text), end + 40))
    return values if kilo is None else frozenset(v * kilo[0] for v in values)


def _figure_read(m: regex.Match[str]) -> tuple[frozenset[float], str] | None:
    """The values and kind (`Figure`) of a `_FIGURE` match; None for a word that is no number
    or month. "3 thousand" is 3 and 3000."""
    if m.group("d"):
        written = anchors.ascii_digits(m.group("d"))
        digits = _GROUP_SPACE.sub("", written)  # "2 000 tonnes" is 2,000, no year
        if not digits.replace(".", "").replace(",", "").isdigit():
            return None
        grouped = _GROUPED.fullmatch(digits)
        number = float(digits.replace(",", "").replace(".", "")) if grouped else \
            float(digits.replace(",", ".")) if digits.count(",") + digits.count(".") <= 1 else None
        if number is None:
            return None
        scale = SCALE_AFTER.match(m.string, m.end())
        if m.end() > m.end("d") or m.string[max(0, m.start() - 2):m.start()].strip().endswith("第"):
            return frozenset({number}), ORDINAL
        if scale is None and number.is_integer() and 1900 <= number <= 2099 and len(written) == 4 \
                and not _COUNTED.match(m.string, m.end()) \
                and kilo_unit(m.string, m.end(), min(len(m.string), m.end() + 40)) is None:
            return frozenset({number}), YEAR
        short = anchors.short_scale(m.string, m.start("d"), m.end("d"), len(m.string)) if scale is None else None
        if short is not None:  # "US$ 157,3 bi" is 157.3 billion, as the anchors read it
            return frozenset({number, number * short[0][0]}), NUMBER
        if scale is None:
            return _in_kilowatts(frozenset({number}), m.string, m.end()), NUMBER
        word = scale.group(1).lower()
        times = (_MORE_SCALES[word],) if word in _MORE_SCALES else SCALE_VALUES.find(word) or ()
        return _in_kilowatts(frozenset({number, *(number * t for t in times)}), m.string, scale.end()), NUMBER
    if m.group("r"):
        value = roman(m.group("r"))
        return None if value is None else (frozenset({float(value)}), ORDINAL if len(m.group("r")) > 1 else ROMAN_LETTER)
    if m.group("w"):
        word = m.group("w").lower()
        value = _WORD_FIGURES.get(word)
        if value is None:
            month = MONTH_OF.find(m.group("w")) if len(word) >= 4 else None
            # "march" and "may" are verbs in lower case (`anchors` reads them so too)
            if not isinstance(month, int) or (word == "march" and not m.group("w")[0].isupper()):
                return None
            return frozenset({float(month)}), MONTH
        if word in _ENGLISH_NUMBER_WORDS and _WORDS_GO_ON.match(m.string, m.end()):
            return None  # "three thousand", "one hundred and fifty": a number in words `anchors` reads whole
        return frozenset({float(value)}), NUMBER if word in _ENGLISH_NUMBER_WORDS else ORDINAL
    han = m.group("h")
    if han[0] == "首":
        return frozenset({1.0}), ORDINAL
    numerals = han.lstrip("第").strip().rstrip("届屆次号號").removesuffix("周年").removesuffix("週年")
    number = han_number(numerals)
    # "一次", "三次" are counts (once, three times); 第三次, 三届, 六周年, 十七号 tell which one
    return None if number is None else (frozenset({number}), ORDINAL if han[0] == "第" or han[-1] in "届屆号號年" else NUMBER)


@functools.lru_cache(maxsize=512)
def figures(text: str) -> tuple[Figure, ...]:
    """The figures `text` writes (`_FIGURE`, `_figure_read`; its first
    anchors.MAX_ARTICLE_ANCHOR_CHARS characters), its digits read as `anchors.ascii_digits`
    reads them, a number in groups of digits and scales whole (`anchors.grouped_numbers`:
    "7亿7000万"). Cached (read-only)."""
    out: list[Figure] = []
    head = anchors.blank_non_figures(text[:anchors.MAX_ARTICLE_ANCHOR_CHARS])  # "(2/5)", "of 4…": no figures
    head = anchors.ascii_digits(head)  # "７．７億" is 7.7億 (same length: offsets hold)
    # "2 millones y medio" is 2.5 million, not 2, and "seven point seven percent" 7.7, not 7
    # (numberwords.whole_numbers; trial 79 saw "seven ≠ 7.7" block a copy): read whole
    halves = whole_numbers(head, 0, len(head))
    # "7亿7000万" is 770 million (and 7.7亿), "36万7000" 367,000: one count, as the anchors read
    # it, not 7亿 and 7000万 (a copy's "7.7亿" was "7.7 ≠ 7", another event)
    grouped = [g for g in anchors.grouped_numbers(head) if not any(h[0] <= g.start < h[1] for h in halves)]
    scaled_end = -1  # where the Han scale after the last count in digits ends ("5千億": no 千 after 5)
    for m in _FIGURE.finditer(head):
        if m.start() < scaled_end:
            continue
        group = next((g for g in grouped if g.start <= m.start() < g.end), None)
        if group is not None:
            if not any(f.start == group.start for f in out):
                values = frozenset({group.value, group.value / group.first_scale})
                out.append(Figure(group.start, group.end, _in_kilowatts(values, head, group.end), NUMBER, grouped=True))
            continue
        half = next((h for h in halves if h[0] <= m.start() < h[1]), None)
        if half is not None:
            if m.start() == half[0]:
                out.append(Figure(half[0], half[1], frozenset(half[2]), NUMBER))
            continue
        read = _figure_read(m)
        if read is not None:
            out.append(Figure(m.start(), m.end(), *read, roman=bool(m.group("r"))))
            if m.group("d") and (scale := SCALE_AFTER.match(head, m.end())) is not None:
                scaled_end = scale.end()
    return tuple(out)


def values_written(found: Sequence[Figure], kind: str) -> frozenset[float]:
    """The values the figures `found` write as a figure of `kind` would be written: a count as any count,
    ordinal or year ("9" in "9 %" and "the 9th"), an ordinal, year or month as one of its own
    kind (a one-letter Roman number as an ordinal)."""
    kinds = {NUMBER, ORDINAL, YEAR} if kind == NUMBER else {ORDINAL, ROMAN_LETTER} if kind in (ORDINAL, ROMAN_LETTER) \
        else {kind}
    return frozenset(v for f in found if f.kind in kinds for v in f.values)

