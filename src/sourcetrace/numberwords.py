"""Numbers written in words ("thirty-two million", "treinta y dos", "vingt-cinq pour cent",
"fünfundzwanzig Prozent", "двадцать пять процентов") as numbers: the reading `anchors` gives them
beside numbers in digits and in Han numerals (hannumerals.py). Tables in lexicon.py.
"""

from __future__ import annotations

import regex

from .lexicon import HUNDRED_WORDS, PERCENT_WORDS, SCALE_VALUES, TEEN_WORDS, TENS_WORDS, UNIT_WORDS

# teens that are also words of another language the product reads ("once", "seize", "doze",
# "elf" in English): numbers only before a scale or percent word, as one to ten are
_WORDS_TOO = frozenset({"once", "seize", "doze", "elf"})
_GERMAN_UNITS = ("ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")

# A number in words (lexicon.py's tables): a tens word and its unit or teen ("thirty-two", "treinta y
# dos", "vingt-deux", "soixante-douze"), a German compound ("fünfundzwanzig"), a teen, or one to ten
# or a hundred, each with a scale or percent word after it or not (`word_numbers` says which need
# one). Not a word of a longer number: nothing joined before it ("quatre-vingt" is read whole,
# never its "vingt"), no hundred or thousand word just before ("one hundred and two million" is
# not 2 million), no hyphened word after ("twenty-first" is an ordinal).
_WORD_NUMBER = regex.compile(
    r"(?<![\p{L}\p{N}\-\u2010])"
    r"(?<!(?:hundred|hundreds|cientos|ciento|cien|cents|cent|centos|cem|hundert|сто|mil|mille|thousand|tausend)"
    r"\s+(?:(?:and|y|e|et|und)\s+)?)"
    r"(?:(?P<tens>\L<tens>)(?:(?:-et-|-|\s+(?:y|e|et|and)\s+|\s+)(?P<tail>\L<teens>|\L<units>))?"
    r"|(?P<gunit>\L<gunits>)und(?P<gtens>\L<tens>)"
    r"|(?P<teen>\L<teens>)|(?P<hundred>\L<hundreds>)|(?P<unit>\L<units>))"
    r"(?:\s+(?:(?P<word>\L<scales>)|(?P<percent>\L<percents>)))?"
    r"(?![\p{L}\p{N}]|[-\u2010]\p{L})",
    regex.IGNORECASE, tens=sorted(TENS_WORDS), teens=sorted(TEEN_WORDS), units=sorted(UNIT_WORDS),
    gunits=_GERMAN_UNITS, hundreds=HUNDRED_WORDS, scales=sorted(SCALE_VALUES), percents=PERCENT_WORDS)


def word_numbers(text: str, pos: int, stop: int) -> list[tuple[int, int, set[float], str]]:
    """The numbers `text[pos:stop]` writes in words (`_WORD_NUMBER`), each as (start, end, its
    values, as written): one to ten only before a scale or percent word, a hundred only before a
    percent word, the others wherever they stand. A scale word two locales read differently gives
    both values. Linear in the length of the text; never raises."""
    out = []
    for m in _WORD_NUMBER.finditer(text, pos, stop):
        if m.group("tens") is not None:
            tail = m.group("tail")
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
