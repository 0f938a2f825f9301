"""Imperial units converted the way translators convert them, so that a figure is the same fact
in both texts.

A translation of an English news story into Spanish, German, Portuguese, Russian or Chinese
usually gives its measures in metric units: "winds of 85 miles per hour, 385 miles south of
Punta Eugenia" becomes "136 Kilometern pro Stunde ... 620 Kilometer südlich" in NTREX-128's
German and "137 km/h ... 619 km" in its Portuguese. Read as written, such a post holds numbers
its article does not, and the missing-figures rule (verdict.py) takes it for the same event with
other figures. The reverse also happens: an English post of a Chinese article that writes "公里".
Measured on the tuning dumps (2026-12-02): 4 of the ntrex tuning half's missed translations and
1 of the directions' found, 1 NTREX negative more matched (a sentence of another article on the
same storm, whose "25 centímetros" are the article's "10 inches").

`conversions` gives, for a number followed by an imperial unit (in the languages of the
benchmarks and in Chinese), the metric value at the roundings translators use (`_roundings`),
each within 5% of the exact value and of two significant digits or more. The anchor of the
number then carries those values as keys beside its own (anchors._numbers), on both sides of a
comparison, so "85 mph" in either text matches "136" or "137" in the other. Metric units are not
converted back: one side writing the imperial unit is enough for the keys to meet.
"""

from __future__ import annotations

import math

import regex

# unit words (lower case) -> factors to the metric units translators use; longer phrases first in
# the pattern, so "nautical miles" and "square miles" are not read as "miles". Words that are
# also common words are left out: "in" (inches), "mi" (Spanish "my"), "mille" (Italian "a
# thousand"), "pie" (Spanish "a pie", on foot), "pounds" (sterling).
_FACTORS: dict[str, tuple[float, ...]] = {}
for _words, _factor in [  # (unit words, factors)
    (("mph", "mi/h", "miles per hour", "miles an hour", "millas por hora", "milles à l'heure",
      "milles par heure", "meilen pro stunde", "миль в час", "英里/小时", "英里每小时"), (1.609344,)),
    (("nautical miles", "nautical mile", "millas náuticas", "milles nautiques", "seemeilen",
      "морских миль", "морские мили", "海里"), (1.852,)),
    (("square miles", "square mile", "millas cuadradas", "milles carrés", "quadratmeilen",
      "平方英里"), (2.589988,)),
    (("miles", "mile", "millas", "milla", "milles", "meilen", "meile", "миль", "мили", "миля",
      "英里"), (1.609344,)),
    # feet in metres or centimetres ("3 feet": "90 cm"), inches in centimetres or millimetres
    (("feet", "foot", "ft", "pies", "pieds", "fuß", "fuss", "футов", "фута", "фут", "英尺"), (0.3048, 30.48)),
    (("inches", "inch", "pulgadas", "pulgada", "pouces", "pouce", "zoll", "дюймов", "дюйма",
      "英寸"), (2.54, 25.4)),
    (("yards", "yard", "yardas", "yarda", "英码"), (0.9144,)),
    (("acres", "acre", "英亩"), (0.4046856,)),
    (("gallons", "gallon", "galones", "galón", "gallonen", "галлонов", "加仑"), (3.785412,)),
    (("lbs", "lb"), (0.4535924,)),
]:
    for _word in _words:
        _FACTORS[_word] = _factor
_FAHRENHEIT = ("°f", "ºf", "° f", "degrees fahrenheit", "fahrenheit", "grados fahrenheit",
               "degrés fahrenheit", "grad fahrenheit", "华氏度")

_UNIT = regex.compile(
    r"[\s\u00a0-]?(?P<unit>" + "|".join(regex.escape(u) for u in sorted([*_FACTORS, *_FAHRENHEIT], key=len, reverse=True))
    + r")(?![\p{Latin}\p{Cyrillic}\p{Greek}\p{N}])", regex.IGNORECASE)  # Han may follow a Han unit
# a range's connector and second number before the unit: "2 to 4 inches", "de 3 a 6 pulgadas"
_RANGE = regex.compile(r"\s*(?:to|à|a|au|y|e|et|and|und|bis|до|-|–|—|~|至|到)\s*\d+(?:[.,]\d+)?", regex.IGNORECASE)


def read_unit(text: str, end: int, stop: int) -> tuple[str, int] | None:
    """The imperial unit (lower case, as the table spells it) written right after a number that
    ends at `end`, or after a range it starts ("2 to 4 inches"), and where the number's anchor
    ends: after its own unit ("85 miles per hour", so its evidence reads "137 = 85 miles per
    hour"), at `end` where the unit follows the range's second number. None without a unit."""
    m = _UNIT.match(text, end, stop)
    if m is not None:
        return m.group("unit").lower(), m.end()
    r = _RANGE.match(text, end, stop)
    m = None if r is None else _UNIT.match(text, r.end(), stop)
    return None if m is None else (m.group("unit").lower(), end)


def unit_after(text: str, end: int, stop: int) -> str | None:
    """`read_unit`'s unit alone."""
    found = read_unit(text, end, stop)
    return None if found is None else found[0]


# a rounding further than this from the exact value is not one a translator writes ("40 miles"
# is 64.4 km: "64" and "65", not "60"; "35 feet" is 10.7 m: "11" is 3.1% off, trial 17)
ROUNDING_TOLERANCE = 0.05


def _significant(v: float) -> int:
    return len(f"{v:.6g}".split("e")[0].replace(".", "").replace("-", "").strip("0"))


def _roundings(x: float) -> set[float]:
    """`x` rounded as translators round: down, to the nearest unit, to one decimal ("40,6 °C"
    for 105 °F, trial 17), to the nearest 5, 10, 50 or 100 ("4.850 Hektar" for 12,000 acres),
    each within ROUNDING_TOLERANCE of `x`, and of two significant digits or more: a single one
    ("5", "20", "600") turns up anywhere (trial 17's "9 minutes" matched 48 °F, 8.9 °C)."""
    if not math.isfinite(x) or x <= 0:
        return set()
    out = {float(math.floor(x)), float(round(x)), round(x, 1), 5.0 * round(x / 5), 10.0 * round(x / 10),
           50.0 * round(x / 50), 100.0 * round(x / 100)}
    return {v for v in out if v > 0 and abs(v - x) <= ROUNDING_TOLERANCE * x and _significant(v) >= 2}


# Power and energy under another metric prefix (trial 92): a Chinese article's "110万千瓦" is
# "1,100 megawatts" or "1.1 GW" in a translation, and "1.1 GW" in an edited copy of an article
# writing "1,100 megawatts" was "another event: 1.1 ≠ 1,100". A number before one of these units
# also carries its value in kilowatts (kilowatt-hours), on both sides of a comparison, so the keys
# meet whichever prefix each text writes; the number alone is no key of such a figure (trial 93:
# "16 MW" shared "16" with "16 GW"). Symbols are read in their own case only ("mW" is a
# milliwatt, "Mw" a magnitude); "度" (a kilowatt-hour in Chinese, but also a degree) is left out.
_KILO_FACTORS: dict[str, float] = {}
for _kilo_words, _to_kilo in [
    (("kilowatts", "kilowatt", "kilovatios", "kilovatio", "quilowatts", "quilowatt", "quilovates",
      "киловатт", "киловатта", "киловаттов", "киловат", "киловата", "千瓦", "كيلوواط"), 1.0),
    (("megawatts", "megawatt", "megavatios", "megavatio", "mégawatts", "mégawatt",
      "мегаватт", "мегаватта", "мегаваттов", "мегават", "мегавата", "兆瓦", "ميغاواط", "ميجاوات", "ميجاواط"), 1e3),
    (("gigawatts", "gigawatt", "gigavatios", "gigavatio", "гигаватт", "гигаватта",
      "гигаваттов", "гигават", "гигавата", "吉瓦", "جيجاوات", "جيجاواط", "غيغاواط"), 1e6),
    (("terawatts", "terawatt", "teravatios", "térawatts", "тераватт", "тераватта", "太瓦"), 1e9),
    (("kilowatt-hours", "kilowatt hours", "kilowatt-hour", "kilowatt hour", "kilovatios hora",
      "kilovatios-hora", "quilowatts-hora", "quilowatts hora", "kilowattheures", "kilowatt-heures",
      "киловатт-часов", "киловатт-час", "киловатт-часа", "киловат-сати", "киловат-часова", "千瓦时", "千瓦時"), 1.0),
    (("megawatt-hours", "megawatt hours", "megavatios hora", "megavatios-hora", "mégawattheures", "мегаватт-часов",
      "мегаватт-часа", "мегаватт-час", "мегават-сати", "мегават-сата", "兆瓦时"), 1e3),
    (("gigawatt-hours", "gigawatt hours", "gigavatios hora", "gigavatios-hora", "gigawattheures", "гигаватт-часов",
      "гигаватт-часа", "гигаватт-час", "гигават-сати", "гигават-сата", "吉瓦时"), 1e6),
    (("terawatt-hours", "terawatt hours", "teravatios hora", "teravatios-hora", "térawattheures", "тераватт-часов",
      "тераватт-часа", "тераватт-час", "терават-сати", "太瓦时"), 1e9),
]:
    for _word in _kilo_words:
        _KILO_FACTORS[_word] = _to_kilo
_KILO_SYMBOLS = {"kW": 1.0, "MW": 1e3, "GW": 1e6, "TW": 1e9, "кВт": 1.0, "МВт": 1e3, "ГВт": 1e6,
                 "kWh": 1.0, "MWh": 1e3, "GWh": 1e6, "TWh": 1e9, "кВт·ч": 1.0, "МВт·ч": 1e3, "ГВт·ч": 1e6,
                 "ТВт·ч": 1e9, "кВтч": 1.0, "МВтч": 1e3, "ГВтч": 1e6, "ТВтч": 1e9}
# after a scale word, "de" or "of" may come first: "8,8 millones de megavatios hora"
_KILO_UNIT = regex.compile(
    r"[\s\u00a0-]?(?:(?i:de|of|d')\s*)?(?:(?i:(?P<word>" + "|".join(regex.escape(u) for u in sorted(_KILO_FACTORS, key=len, reverse=True))
    + r"))|(?P<symbol>" + "|".join(regex.escape(u) for u in sorted(_KILO_SYMBOLS, key=len, reverse=True))
    + r"))(?![\p{Latin}\p{Cyrillic}\p{Greek}\p{Arabic}\p{N}])")  # Han may follow a Han unit


def kilo_unit(text: str, end: int, stop: int) -> tuple[float, int] | None:
    """The factor to kilowatts (or kilowatt-hours) of a power or energy unit written right after
    a number (or its scale) that ends at `end`: 1.0 for "kW", "千瓦", "kilowatt-hours", 1,000 for
    "MW", "megavatios", "兆瓦", a million for "GW", a billion for "TWh"; and where the unit ends.
    None without such a unit. Read before `stop`."""
    m = _KILO_UNIT.match(text, end, stop)
    if m is None:
        return None
    factor = _KILO_FACTORS[m.group("word").lower()] if m.group("word") else _KILO_SYMBOLS[m.group("symbol")]
    return factor, m.end()


def conversions(value: float, unit: str) -> set[float]:
    """The metric readings of `value` `unit` (a unit `read_unit` returned): kilometres for
    miles, km/h for miles per hour, metres or centimetres for feet, metres for yards,
    centimetres or millimetres for inches, hectares for acres, litres for gallons, kilograms for
    pounds, degrees Celsius for Fahrenheit, each at the roundings of `_roundings`. An empty set
    for a unit outside the table."""
    if unit in _FAHRENHEIT:
        return _roundings((value - 32.0) * 5.0 / 9.0)
    return {v for factor in _FACTORS.get(unit, ()) for v in _roundings(value * factor)}
