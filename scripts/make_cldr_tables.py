#!/usr/bin/env python3
"""Write src/sourcetrace/data/cldr_anchors.json: number scale words and month names from CLDR.

    python scripts/make_cldr_tables.py [--check]

The anchors (numbers, dates) that tie a translation to its article need each language's words
for "thousand", "million", "lakh"... and for the months. A hand-written table covered eight
languages; a Swahili post's "milioni 1.05" (the word before the number) or a Vietnamese
"1,05 triệu" was read as 1.05, so the English article's "1.05 million" counted as a number
the article lacks (`verdict.MISSING_MAX`) and blocked a faithful translation.

The words come from the Unicode CLDR through Babel (`babel.Locale.compact_decimal_formats`,
long forms and short forms of three letters or more, with their position before or after the
number; `babel.dates.get_month_names`, wide names), for the languages in LOCALES; and the
names of countries, territories and time-zone cities in PLACE_LOCALES (`Locale.territories`,
`Locale.time_zones`), which tie "Japón" or "Estados Unidos" in a Spanish post to 日本 and 美国
in a Chinese article. The table is
generated here rather than read from Babel at run time: loading these locales costs ~0.15 s,
which every cold `sourcetrace query` would pay. `--check` exits 1 when the committed file
differs from what this Babel gives (tests/test_anchors_cldr.py runs it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "sourcetrace" / "data" / "cldr_anchors.json"

# The languages posts and articles come in (NTREX-128's, the state-media outlets', the
# languages USE and e5 cover that CLDR has compact forms for); en_IN adds lakh and crore, ar_MA
# and ar_DZ the Maghreb's month names ("غشت", "نونبر"; "جانفي", "أوت": trial 117's Moroccan
# copy writing "6 نونبر 2024" for the article's 5 November was read as naming no month).
LOCALES = ("ar", "ar_DZ", "ar_MA", "bn", "de", "el", "en", "en_IN", "es", "fa", "fr", "he", "hi", "id", "it",
           "ja", "ko", "ms", "nl", "pl", "pt", "ru", "sr", "sw", "th", "tr", "uk", "ur", "vi", "zh")
# Place names (countries, territories, time-zone cities) in the languages copies cross between:
# the mission's (zh, es, en, fr, pt, ru, ar) and NTREX-128's.
PLACE_LOCALES = ("ar", "de", "en", "es", "fr", "hi", "id", "it", "ja", "ko", "pt", "ru", "sr", "sw", "tr",
                 "vi", "zh")
# Short forms shorter than this (letters) are left out: "M", "B" (Turkish "bin"), "mi", "Md"
# are too often something else.
MIN_SHORT_LETTERS = 3


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # Han scales and months: anchors.py's own rules


def _clean(text: str) -> str:
    """A CLDR pattern without quotes, format characters (RLM) and with plain spaces."""
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and ch != "'")
    return re.sub(r"[\u00a0\u202f ]+", " ", text)


def _scale_words(locale: object) -> list[tuple[str, int, bool]]:
    """(word in lower case, power of ten, placed before the number) of one locale."""
    out = []
    formats = locale.compact_decimal_formats  # type: ignore[attr-defined]
    for width in ("long", "short"):
        for table in formats.get(width, {}).values():
            for magnitude, pattern in table.items():
                text = _clean(pattern.pattern if hasattr(pattern, "pattern") else str(pattern))
                text = text.split(";")[0].strip()
                zeros = re.search(r"0+", text)
                if zeros is None:
                    continue
                word = (text[: zeros.start()] + text[zeros.end():]).strip().rstrip(".").lower()
                letters = sum(ch.isalpha() for ch in word)
                if not word or letters == 0 or _HAN.search(word) or \
                        (width == "short" and letters < MIN_SHORT_LETTERS):
                    continue
                value = int(magnitude) // 10 ** (len(zeros.group()) - 1)
                if value >= 1000:
                    out.append((word, value, zeros.start() > 0))
    return out


def _places(locales: list[object]) -> dict[str, str]:
    """name (lower case) -> "@" + code: each locale's names of countries and territories
    (ISO 3166 codes: "@JP" for Japón, 日本, Japan) and of the cities CLDR names time zones by
    ("@Asia/Tokyo" for Tokio, 东京). A name two places share is left out (`place_names`), as are
    names of one or two letters, long forms with parentheses, and Antarctic stations (Troll,
    Casey, Davis). A name that a country and the time-zone cities in it share is the country's
    ("Kuwait", "Bahrain", "Qatar", "Singapore", "Guatemala", 科威特, Катар): trial 91's French
    "Bahreïn" shared no place with the article's "Bahrain", both left out, and no Gulf state
    whose capital bears its name was an anchor. So is a name one country holds and a time-zone
    city of another country shares in some locale's spelling: Turkish writes Juba "Cuba", and
    trial 102's "presidente de Cuba" shared nothing with 古巴 (Cuba was no place at all)."""
    out: dict[str, str] = {}
    for name, codes in place_names(locales).items():
        countries = {code for code in codes if "/" not in code}
        if len(codes) == 1:
            out[name] = next(iter(codes))
        elif len(countries) == 1 and name not in PEOPLE_AND_WORDS:
            out[name] = next(iter(countries))
    return out


# Names of such countries that are people's names or another place as often ("Mauricio Macri",
# "Dominique", Spain's Granada, New Jersey, Ecuador's Santa Elena): left out, as
# scripts/make_local_places.py's GIVEN_NAMES leaves them out of the place-swap table.
PEOPLE_AND_WORDS = frozenset({"mauricio", "maurício", "maurice", "dominique", "dominika", "dominica", "montserrat",
                              "guadalupe", "granada", "grenade", "jersey", "santa elena", "santa helena", "guiana"})


def place_names(locales: list[object]) -> dict[str, set[str]]:
    """name (lower case) -> the "@" + codes of every place of `_places`' kinds that has it, in
    name order: "guatemala" -> {"@GT", "@America/Guatemala"}, a country named as its capital is
    (scripts/make_local_places.py reads those)."""
    found: dict[str, set[str]] = {}

    def add(name: str | None, code: str) -> None:
        if not name:
            return
        name = _clean(name).strip().lower()
        if "(" in name or (len(name) < 3 and not _HAN.search(name)) or len(name) < 2:
            return
        found.setdefault(name, set()).add(code)

    for locale in locales:
        for code, name in locale.territories.items():  # type: ignore[attr-defined]
            if len(code) == 2 and code.isalpha() and code not in ("ZZ", "XA", "XB", "QO"):
                add(name, "@" + code)
        for zone, names in locale.time_zones.items():  # type: ignore[attr-defined]
            if zone.split("/")[0] in ("Antarctica", "Arctic", "Etc"):
                continue
            add(names.get("city"), "@" + zone)
            add(zone.split("/")[-1].replace("_", " "), "@" + zone)  # the English name, where none is given
    return dict(sorted(found.items()))


def build() -> dict[str, object]:
    """The table: {"cldr": Babel's version, "locales", "scales": {word: {"values": [powers of
    ten: several where locales differ, French "billion" is 10^12], "before": [positions seen:
    false after the number, true before it, Swahili "milioni 3"]}}, "months": {name in lower
    case: month}}, "places": {name in lower case: "@" + code}, "zone_countries": {"@" + zone:
    the territory CLDR puts it in}; a month name two locales give different months is left out.
    Raises ImportError without Babel."""
    import babel
    from babel import Locale
    from babel.core import get_global
    from babel.dates import get_month_names

    scales: dict[str, dict[str, list]] = {}
    months: dict[str, set[int]] = {}
    for code in LOCALES:
        locale = Locale.parse(code)
        for word, value, before in _scale_words(locale):
            entry = scales.setdefault(word, {"values": [], "before": []})
            if value not in entry["values"]:
                entry["values"].append(value)
            if before not in entry["before"]:
                entry["before"].append(before)
        for context in ("format", "stand-alone"):
            for month, name in get_month_names("wide", context, locale).items():
                name = _clean(name).strip().lower()
                if not _HAN.search(name):
                    months.setdefault(name, set()).add(int(month))
    places = _places([Locale.parse(code) for code in PLACE_LOCALES])
    # the country of each time-zone city ("@Asia/Shanghai" is in CN): a city and its own country
    # are one place to the place-swap rule ("Moscow" for "Russia" is no swap)
    territories = get_global("zone_territories")
    zone_countries = {key: territories[key[1:]] for key in sorted(set(places.values()))
                      if "/" in key and key[1:] in territories}
    for entry in scales.values():
        entry["values"].sort()
        entry["before"].sort()
    return {"source": "Unicode CLDR through Babel (scripts/make_cldr_tables.py); Unicode License v3",
            "cldr": babel.__version__, "locales": list(LOCALES),
            "scales": dict(sorted(scales.items())),
            "months": {name: next(iter(m)) for name, m in sorted(months.items()) if len(m) == 1},
            "places": places,
            "zone_countries": zone_countries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args()
    table = build()
    text = json.dumps(table, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    if args.check:
        stored = json.loads(OUT.read_text(encoding="utf-8"))
        stored.pop("cldr", None)
        table.pop("cldr", None)
        if stored != table:
            print(f"{OUT} differs from what Babel's CLDR gives: run scripts/make_cldr_tables.py",
                  file=sys.stderr)
            sys.exit(1)
        print("up to date")
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}: {len(table['scales'])} scale words, {len(table['months'])} month names")


if __name__ == "__main__":
    main()
