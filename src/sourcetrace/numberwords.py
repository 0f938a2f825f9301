"""Numbers written in words ("thirty-two million", "treinta y dos", "vingt-cinq pour cent",
"fünfundzwanzig Prozent", "двадцать пять процентов") as numbers: the reading `anchors` gives them
beside numbers in digits and in Han numerals (hannumerals.py). Tables in lexicon.py.
"""

from __future__ import annotations

import regex

from .lexicon import HUNDRED_WORDS, PERCENT_WORDS, SCALE_VALUES, TEEN_WORDS, TENS_WORDS, UNIT_WORDS

# teens and tens that are also words of another language the product reads, or names ("once",
# "seize", "doze", "elf" in English, "quince" the fruit, Portuguese "doce" sweet, Dutch "onze" our,
# Russian "сорока" magpie): numbers only before a scale or percent word, as one to ten are
# (trials 44, 46)
_WORDS_TOO = frozenset({"once", "seize", "doze", "elf", "quince", "doce", "onze", "сорока"})
_GERMAN_UNITS = ("ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
_ENGLISH = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                      "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                      "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})
_HYPHEN = "-\u2010\u2011\u2012\u2013\u00ad"  # the hyphens, an en dash and a soft hyphen

# A number in words (lexicon.py's tables): a tens word and its unit or teen ("thirty-two", "treinta y
# dos", "vingt-deux", "soixante-douze"), a German compound ("fünfundzwanzig"), a teen, or one to ten
# or a hundred, each with a scale or percent word after it or not (`word_numbers` says which need
# one). Nothing joined before it ("quatre-vingt" is read whole, never its "vingt"), no hyphened
# word after ("twenty-first" is an ordinal); `_in_longer` sees the words around it.
_WORD_NUMBER = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}{_HYPHEN}])"
    r"(?:(?P<tens>\L<tens>)(?:(?:-et-|[" + _HYPHEN + r"]|\s+(?:y|e|et|and)\s+|\s+)(?P<tail>\L<teens>|\L<units>))?"
    r"|(?P<gunit>\L<gunits>)und(?P<gtens>\L<tens>)"
    r"|(?P<teen>\L<teens>)|(?P<hundred>\L<hundreds>)|(?P<unit>\L<units>))"
    r"(?:\s+(?:(?P<word>\L<scales>)|(?P<percent>\L<percents>)))?"
    rf"(?![\p{{L}}\p{{N}}]|[{_HYPHEN}]\p{{L}})",
    regex.IGNORECASE, tens=sorted(TENS_WORDS), teens=sorted(TEEN_WORDS), units=sorted(UNIT_WORDS),
    gunits=_GERMAN_UNITS, hundreds=HUNDRED_WORDS, scales=sorted(SCALE_VALUES), percents=PERCENT_WORDS)
# Words that make a number read beside them part of a longer one, or not a count: hundreds and
# thousands ("quinientos treinta", "dois mil e quinhentos", "двести сорок восемь", "eleven hundred":
# trial 46 read 30, 2,000, 48 and 11), another number word ("Nineteen Eighty-Four", "twenty
# twenty-three": years), a decimal point before ("two point five million"), a half after ("dos
# millones y medio"), an ordinal after ("двадцать первый", "vingt et unième").
_LONGER = regex.compile(
    r"hundreds?|thousands?|tausend|hundert|mil|mille|milh\p{L}*|cien|cientos?|cem|cento|centos|cents?|"
    r"(?:dos|tres|cuatro|quin|seis|sete|ocho|nove|duz|trez|quatro|quinh|oito)(?:c|ci|i)?ent[oa]s|"
    r"двест\p{L}*|трист\p{L}*|\p{L}+сот\p{L}*|сто|ста|тысяч\p{L}*|"
    r"point|coma|comma|virgule|v[íi]rgula|komma|запят\p{L}*|medio|media|meio|meia|demie?|half|половин\p{L}*|"
    r"tantos|tantas|poucos|poucas|quelques|лишн\p{L}*|pico|something|odd|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|\p{L}+i[èe]me|перв\p{L}*|втор\p{L}*|"
    r"трет\p{L}*|четв[её]рт\p{L}*|пят[оы]\p{L}*|шест[оы]\p{L}*|седьм\p{L}*|восьм\p{L}*|девят[оы]\p{L}*",
    regex.IGNORECASE)
_BEFORE = regex.compile(r"(\p{L}+)[\s" + _HYPHEN + r"]+(?:(?:and|y|e|et|und|и)\s+)?$")
# after it, a comma allowed: up to two joining words ("and a half", "с половиной", "to thirty million",
# "ou vinte", "twenty thousand, five hundred": not 20,000)
_AFTER = regex.compile(r",?[\s" + _HYPHEN + r"]+(?:(?:and|y|e|et|und|и|a|с|to|or|ou|o|à|до)\s+){0,2}(\p{L}+)")
# a decade, not a count: "los años sesenta", "les années soixante" (trial 48)
_DECADE = regex.compile(r"(?:años|anos|années|annees|décadas?|decadas?)\s+$", regex.IGNORECASE)
# the scale words an English number word takes ("twenty bin bags" took Turkish "bin", a thousand)
_ENGLISH_SCALES = frozenset({"thousand", "thousands", "million", "millions", "billion", "billions", "trillion",
                             "trillions", "bn", "mn", "tn"})
# Portuguese "dos" is "of the": "dos milhões de refugiados" is no 2 million (trial 48)
_PORTUGUESE_SCALES = frozenset({"milhão", "milhões", "bilhão", "bilhões", "trilhão", "trilhões", "mil milhões",
                                "mil milhão"})
_AROUND = 40  # characters looked at on each side of a number


def _in_longer(text: str, start: int, end: int, stop: int) -> bool:
    """Whether the number in words at text[start:end] stands beside a word that makes it part of a
    longer number, a decimal, a half, an approximate amount or an ordinal (`_LONGER`), beside
    another number word, before a second scale word ("deux mille milliards"), or after a decade's
    word ("los años sesenta"). Looks at `_AROUND` characters on each side."""
    before = _BEFORE.search(text, max(0, start - _AROUND), start)
    after = _AFTER.match(text, end, min(stop, end + _AROUND))
    for m in (before, after):
        if m is not None:
            word = m.group(1)
            if _LONGER.fullmatch(word) or any(table.find(word) is not None
                                              for table in (UNIT_WORDS, TEEN_WORDS, TENS_WORDS)):
                return True
    if after is not None and SCALE_VALUES.find(after.group(1)) is not None:
        return True  # a second scale: "deux mille milliards" is 2e12, not 2,000 (trial 48)
    return _DECADE.search(text, max(0, start - _AROUND), start) is not None


def word_numbers(text: str, pos: int, stop: int) -> list[tuple[int, int, set[float], str]]:
    """The numbers `text[pos:stop]` writes in words (`_WORD_NUMBER`), each as (start, end, its
    values, as written): one to ten only before a scale or percent word, a hundred only before a
    percent word, the others wherever they stand. A scale word two locales read differently gives
    both values. Linear in the length of the text; never raises."""
    out = []
    for m in _WORD_NUMBER.finditer(text, pos, stop):
        if _in_longer(text, m.start(), m.end(), stop):
            continue  # not read rather than misread: "dois mil e quinhentos" is no 2,000
        first, scale = regex.split(r"[\s" + _HYPHEN + r"]", m.group().lower())[0], (m.group("word") or "").lower()
        if scale and first in _ENGLISH and scale not in _ENGLISH_SCALES:
            continue  # "ten mil", "twenty bin bags": another language's scale after an English word
        if first == "dos" and scale in _PORTUGUESE_SCALES:
            continue
        if m.group("tens") is not None:
            tail = m.group("tail")
            if tail is None and m.group("tens").lower() in _WORDS_TOO and m.group("word") is None \
                    and m.group("percent") is None:
                continue  # "сорока" alone is a magpie
            value = TENS_WORDS.find(m.group("tens")) + (
                0 if tail is None else TEEN_WORDS.find(tail) or UNIT_WORDS.find(tail))
        elif m.group("gtens") is not None:
            value = TENS_WORDS.find(m.group("gtens")) + _GERMAN_UNITS.index(m.group("gunit").lower()) + 1
        elif m.group("teen") is not None:
            if m.group("teen").lower() in _WORDS_TOO and m.group("word") is None and m.group("percent") is None:
                continue  # "once upon a time", "seize power"
            value = TEEN_WORDS.find(m.group("teen"))
        elif m.group("hundred") is not None:
            if m.group("percent") is None:
                continue
            value = 100
        else:
            if m.group("word") is None and m.group("percent") is None:
                continue
            value = UNIT_WORDS.find(m.group("unit"))
        scales = SCALE_VALUES.find(m.group("word")) if m.group("word") else (1.0,)
        out.append((m.start(), m.end(), {value * scale for scale in scales}, m.group()))
    return out
