#!/usr/bin/env python3
"""Write src/sourcetrace/data/demonyms.json: countries' adjectives ("Swiss", "suizo", "française",
"российский", "chinesische", "cinese", "Chinese") in English, Spanish, Portuguese, French, Russian, German,
Italian and Dutch, each with its country's place key.

    python scripts/make_demonyms.py [--check]

A post writing "Swiss authorities", "autoridades mexicanas" or "le président français" names a
country as surely as "Switzerland", "México" or "France" do, and news writes the adjective more
often than the name. Read as nothing (or, in English, as the bare name "swiss"), such a post
shared no place with an article on 瑞士, and one naming "Switzerland" against an article that
says "Swiss" listed it as a place not in the article.

CLDR has no demonyms, but it names each national currency by its country's adjective ("franco
suizo", "franc suisse", "Swiss Franc", "швейцарский франк"), the retired ones too ("franco
francés", "marco alemán", "peseta española"). The adjectives here are those words: for each
currency whose ISO 4217 code starts with a country code CLDR names as a place (supranational
"X.." codes and shared currencies have none), the words of its name in LANGUAGES that are not
the currency's own noun (`_adjective`), through Babel (Unicode License v3). Then each is
inflected: Spanish, Portuguese, French and Italian by their regular gender and number endings,
German by its case endings on the stem ("chinesische", "-en", "-er", "-es", "-em"; "Schweizer" as it
is), Dutch in its attributive form only ("Chinese", as CLDR writes it: the bare "Chinees" is the
language as often) (`_inflect`), Russian by pymorphy3's OpenCorpora dictionary (MIT; the dictionary CC-BY-SA),
English with its plural noun where it has one ("Americans"). HAND adds the adjectives news uses
that no currency's name holds ("American" for "US Dollar", "británico" for "libra esterlina"),
and LEFT_OUT drops those that are common words or another thing as well: a language's name
("inglés", "in English"), Spanish "indio" (an indigenous person), an adjective two countries
share. Generated here rather than read from Babel at run time, as data/cldr_anchors.json is;
`--check` exits 1 when the committed file differs from what this Babel and pymorphy3 give
(tests/test_demonyms.py runs it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "sourcetrace" / "data" / "demonyms.json"
CLDR = REPO / "src" / "sourcetrace" / "data" / "cldr_anchors.json"

LANGUAGES = ("en", "es", "pt", "fr", "ru", "de", "it", "nl")

# Words of a currency's name that are no adjective of its country ("Israeli New Shekel", "libra
# esterlina", "yuan renminbi", "nouveau shekel israélien", "новый израильский шекель").
_NOT_ADJECTIVES = frozenset({"new", "old", "convertible", "nuevo", "novo", "nouveau", "nouvelle", "esterlina",
                             "sterling", "renminbi", "estrangeiro", "ouro", "or", "oro", "gold", "новый", "новая",
                             "стерлингов", "конвертируемая", "золотой", "reajustado", "reajustada", "conversível",
                             "réajusté", "ajustado", "cruzado", "nuovo", "vecchio", "convertibile", "offshore",
                             "account", "neuer", "alter", "nieuwe", "oude", "konvertible"})
# Words that put the country's name after the currency's ("dollar des États-Unis", "rupia dello Sri
# Lanka", "leone della Sierra Leone"): such a name holds no adjective.
_OF = frozenset({"de", "des", "du", "do", "da", "dos", "das", "of", "di", "del", "della", "delle", "dei", "dello",
                 "degli", "von", "der", "van"})
# Feminine currency nouns: their adjective is written feminine ("rupia pakistaní" is not, "libra
# egipcia" is) and its masculine is worked out (`_masculine`).
_FEMININE = {"es": frozenset({"libra", "rupia", "lira", "corona", "peseta", "grivna", "marca", "dracma"}),
             "pt": frozenset({"libra", "rupia", "lira", "coroa", "peseta", "marca", "naira", "dracma", "rúpia"}),
             "fr": frozenset({"livre", "roupie", "couronne", "lire", "peseta", "drachme", "hryvnia", "marque"}),
             "it": frozenset({"sterlina", "rupia", "lira", "corona", "peseta", "grivnia", "dracma", "marca"})}

# Adjectives news writes that no currency's name in CLDR holds (hand-written; checked in
# tests/test_demonyms.py): the United States' ("dólar estadounidense" gives Spanish its own,
# "US Dollar", "dollar des États-Unis" and "доллар США" give none), the United Kingdom's
# ("British Pound" gives English's, "libra esterlina", "livre sterling" no other), China's in
# Spanish ("yuan renminbi"), the United Arab Emirates' and the Palestinian territories' (named
# by no adjective), Taiwan's and the Philippines' people ("Taiwanese", "Filipino"), Myanmar's and
# Singapore's (their currencies are "Myanmar Kyat", "dollar de Singapour"), Afghanistan's in
# Russian (its currency is "афгани").
HAND = {
    "en": {"American": "US", "Emirati": "AE", "Palestinian": "PS", "Taiwanese": "TW", "Filipino": "PH",
           "Singaporean": "SG", "Burmese": "MM"},
    "es": {"americano": "US", "norteamericano": "US", "británico": "GB", "chino": "CN", "emiratí": "AE",
           "palestino": "PS", "taiwanés": "TW", "birmano": "MM"},
    "pt": {"norte-americano": "US", "estadunidense": "US", "britânico": "GB", "emiratense": "AE",
           "palestino": "PS", "taiwanês": "TW"},
    "fr": {"américain": "US", "britannique": "GB", "émirati": "AE", "palestinien": "PS", "taïwanais": "TW",
           "singapourien": "SG", "birman": "MM"},
    "ru": {"американский": "US", "британский": "GB", "эмиратский": "AE", "палестинский": "PS",
           "тайваньский": "TW", "афганский": "AF"},
    # German: the stem an ending is put on ("chinesisch": chinesische, chinesischen...); CLDR
    # names China's currency "Renminbi Yuan" and the United States' "US-Dollar"
    "de": {"chinesisch": "CN", "amerikanisch": "US", "us-amerikanisch": "US", "emiratisch": "AE",
           "palästinensisch": "PS", "taiwanisch": "TW", "singapurisch": "SG", "myanmarisch": "MM",
           "saudi-arabisch": "SA", "bangladeschisch": "BD", "sri-lankisch": "LK", "kenianisch": "KE",
           "jemenitisch": "YE", "katarisch": "QA", "neuseeländisch": "NZ"},
    "it": {"americano": "US", "emiratino": "AE", "palestinese": "PS", "singaporiano": "SG", "birmano": "MM",
           "afghano": "AF", "srilankese": "LK"},
    # Dutch: the attributive form ("de Chinese regering"), as CLDR writes it ("Chinese yuan")
    "nl": {"emiraatse": "AE", "palestijnse": "PS", "singaporese": "SG", "birmese": "MM", "sri-lankaanse": "LK",
           "libanese": "LB", "ierse": "IE"},
}
# Adjectives (masculine singular, as `_adjective` and HAND give them) that are left out: a
# language's name more than a country's ("inglés": English is no one country's language),
# Spanish "indio" (the older word for an indigenous person of the Americas; news on India writes
# it too, but a post on the Andes that says "indios" names no India).
# Spanish, Portuguese and French "mongol" (a slur as often as Mongolia's adjective).
LEFT_OUT = {"en": frozenset({"English"}), "es": frozenset({"inglés", "indio", "mongol"}),
            "pt": frozenset({"inglês", "mongol"}), "fr": frozenset({"anglais", "mongol"}),
            "ru": frozenset({"английский"}), "de": frozenset({"englisch", "mongolisch"}),
            "it": frozenset({"inglese", "mongolo"}), "nl": frozenset({"engelse", "mongoolse"})}
# Single forms left out: French "malaise" (unease, and an English word) of "malais"; Dutch "Finse"
# (Finnish), which is Italian "finse" (pretended).
FORMS_LEFT_OUT = frozenset({"malaise", "malaises", "finse"})
# Forms that are English names or words as well, read only in lower case unless written with
# their accents ("Indiana", the state; "Frances", "Georgiana", given names; "Francés" is
# Spanish): found by reading the Spanish, Portuguese and French forms through wordfreq's English
# frequencies (Zipf 2.5 and over), as lexicon.WORDS_IN_ENGLISH was; the others it found are
# the place's own name ("Argentina", "Serbia") or its people ("Danes", "Filipinos"). The German,
# Italian and Dutch forms read through the other languages' frequencies the same way: "Giordano"
# and "Greco" (names), "Britannica" (the encyclopaedia), "Uruguaiana" (a Brazilian city).
LOWER_ONLY = ("frances", "georgiana", "indiana", "giordano", "giordana", "greco", "britannica", "uruguaiana")


# English names whose first word is not the whole adjective ("South Korean Won", "Sri Lankan
# Rupee", "New Zealand Dollar", the last a place's name and no adjective).
_FIRST_OF_TWO = frozenset({"South", "North", "Costa", "Sri", "Sierra", "Cape", "Equatorial", "Papua", "New", "Hong", "El", "Trinidad", "Solomon", "Cayman"})
# How an English adjective of a country ends ("Afghan", "Swiss", "British", "Chinese", "Czech",
# "Greek", "Icelandic", "Kyrgyz", "Malagasy", "Monegasque", "Seychellois", "Slovak", "Thai",
# "Cypriot", "Argentine"): "United Arab Emirates Dirham", "Falkland Islands Pound", "Bolívar
# Soberano" hold none.
_ENGLISH_ADJECTIVE = re.compile(r"(?:an|ss|sh|ese|ch|ek|ic|yz|sy|que|ois|ak|i|ot|ine)$")
_RUSSIAN_ADJECTIVE = re.compile(r"(?:ск|цк)(?:ий|ой|ая|ое)$")


def _adjective(lang: str, name: str) -> str | None:
    """The words of currency name `name` that are its country's adjective ("Swiss" of "Swiss
    Franc", "suizo" of "franco suizo", "южнокорейская" of "южнокорейская вона"), or None where
    the name holds none ("dollar des États-Unis", "afgani", "WIR Franc")."""
    name = re.sub(r"\s*\(.*?\)", "", name).strip()
    words = name.split()
    if len(words) < 2 or any(w.lower() in _OF for w in words):
        return None
    if lang == "en":
        size = 2 if words[0] in _FIRST_OF_TWO else 1
        found = " ".join(words[:size])
        if len(words) <= size or words[0].isupper() or not _ENGLISH_ADJECTIVE.search(found):
            return None
        return found
    if lang == "ru":
        kept = [w.lower() for w in words if _RUSSIAN_ADJECTIVE.search(w.lower())]
        return kept[0] if len(kept) == 1 else None
    if lang in ("de", "nl"):
        # the adjective before the noun ("Schweizer Franken", "Indische Rupie", "Zwitserse frank"),
        # after a word of age ("Neuer Taiwan-Dollar": none, "Nieuwe Taiwanese dollar")
        words = [w for w in words if w.lower() not in _NOT_ADJECTIVES]
        first = words[0].lower() if len(words) == 2 else ""  # "Verenigde Arabische Emiraten dirham": none
        if lang == "de" and first.endswith(("er", "es", "e")):
            return first
        if lang == "nl" and first.endswith(("e", "isch")):
            return first
        return None
    # Romance: the last word ("antiguo leu rumano", "yuan renminbi chinois") before a phrase
    # that qualifies the currency ("peso uruguayo en unidades indexadas")
    for i, word in enumerate(words):
        if word in ("en", "em", "in"):
            words = words[:i]
            break
    if len(words) < 2 or words[-1].isupper() or words[-1].lower() in _NOT_ADJECTIVES or "’" in words[-1]:
        return None
    return words[-1].lower()


def _noun(name: str) -> str:
    """The currency's noun of a Romance currency name ("libra" of "libra egipcia", "sol" of
    "Novo sol peruano")."""
    return next((w.lower() for w in name.split() if w.lower() not in _NOT_ADJECTIVES), "")


def _masculine(lang: str, form: str) -> str:
    """The masculine singular of a Romance adjective written feminine after a feminine noun
    ("egipcia" -> "egipcio", "danesa" -> "danés", "espanhola" -> "espanhol", "indienne" -> "indien")."""
    if lang == "es":
        for fem, masc in (("esa", "és"), ("ola", "ol"), ("ana", "ano")):
            if form.endswith(fem):
                return form[: -len(fem)] + masc
        return form[:-1] + "o" if form.endswith("a") and not form.endswith(("ita", "ota")) else form
    if lang == "pt":
        for fem, masc in (("esa", "ês"), ("ola", "ol"), ("ã", "ão")):
            if form.endswith(fem):
                return form[: -len(fem)] + masc
        return form[:-1] + "o" if form.endswith("a") and not form.endswith(("ita", "ota")) else form
    if lang == "it":  # "greca" -> "greco", "britannica" -> "britannico"
        return form[:-1] + "o" if form.endswith("a") and not form.endswith(("ita", "ota")) else form
    for fem, masc in (("enne", "en"), ("oise", "ois"), ("aise", "ais"), ("ole", "ol"), ("cque", "c"), ("rque", "rc"),
                      ("aine", "ain"), ("ine", "in"), ("ande", "and")):
        if form.endswith(fem):
            return form[: -len(fem)] + masc
    return form


_ACUTE = str.maketrans("áéíóú", "aeiou")


def _german_stem(form: str, places: dict[str, str]) -> str:
    """The stem of a German adjective as a currency's name inflects it ("brasilianisch" of
    "Brasilianischer", "deutsch" of "Deutsche"); one made of a place's name with "-er" is
    written so in every case ("Schweizer Franken", "Schweizer Banken")."""
    for ending in ("es", "er", "e"):
        if form.endswith(ending):
            stem = form[: -len(ending)]
            return form if ending == "er" and stem in places else stem
    return form


def _inflect(lang: str, masc: str) -> set[str]:
    """Every gender and number of a masculine singular adjective ("suizo": suiza, suizos, suizas;
    "français": française, françaises; "alemão": alemã, alemães...), regular endings only."""
    if lang == "de":
        # the attributive forms only: the bare stem is the language's name as often ("auf
        # Chinesisch", "spricht Russisch"); "Schweizer" is written so in every case
        return {masc + e for e in ("e", "en", "er", "es", "em")} if masc.endswith("sch") else {masc}
    if lang == "nl":
        # the attributive form only ("de Chinese regering"; "Chinees" is the language and its
        # people as often), written with its -e where CLDR writes a neuter noun's ("Israëlisch pond")
        return {masc + "e"} if masc.endswith("isch") else {masc}
    if lang == "it":
        if masc.endswith("o"):
            stem = masc[:-1]
            if masc.endswith("co"):  # tedeschi, turchi; britannici, austriaci; greci
                plural = stem + ("i" if masc.endswith(("ico", "iaco")) or masc == "greco" else "hi")
                return {masc, stem + "a", plural, stem + "he"}
            return {masc, stem + "a", stem + "i", stem + "e"}
        if masc.endswith("e"):  # cinese, cinesi
            return {masc, masc[:-1] + "i"}
        if masc.endswith("a"):  # vietnamita, vietnamiti, vietnamite
            return {masc, masc[:-1] + "i", masc[:-1] + "e"}
        return {masc}
    if lang == "en":
        # the plural noun where English has one: "Americans", "Israelis", "Greeks", "Czechs";
        # "Swiss", "Chinese", "French" have none
        return {masc, masc + "s"} if masc.endswith(("an", "i", "ek", "ech")) else {masc}
    if lang in ("es", "pt"):
        if masc.endswith("ão"):  # alemão, afegão: alemã, alemães, afegãos
            stem = masc[:-2]
            return {masc, stem + "ã", stem + "ãs", stem + "ães", stem + "ãos"}
        if masc.endswith("o"):
            return {masc, masc[:-1] + "a", masc + "s", masc[:-1] + "as"}
        if masc.endswith(("és", "ês")):
            stem = masc[:-2] + "es"
            return {masc, stem + "a", stem + "es", stem + "as"}
        if masc.endswith(("án", "ín", "ón")):  # alemán: alemana, alemanes
            stem = masc[:-2] + masc[-2].translate(_ACUTE) + "n"
            return {masc, stem + "a", stem + "es", stem + "as"}
        if masc.endswith("ol"):  # español, espanhol
            return {masc, masc + "a", masc + "as"} | ({masc + "es"} if lang == "es" else {masc[:-2] + "óis"})
        if masc.endswith(("í", "ú")):  # iraní: iraníes, iranís
            return {masc, masc + "es", masc + "s"}
        if masc.endswith(("e", "a", "i")):  # canadiense, belga, vietnamita, bengali
            return {masc, masc + "s"}
        return {masc, masc + "es"}
    # French
    if masc.endswith("e"):  # suisse, russe, belge
        return {masc, masc + "s"}
    if masc.endswith(("s", "x")):  # français, suédois
        return {masc, masc + "e", masc + "es"}
    if masc.endswith("en"):  # indien
        return {masc, masc + "ne", masc + "s", masc + "nes"}
    if masc.endswith("c"):  # turc, grec
        fem = "grecque" if masc == "grec" else masc[:-1] + "que"
        return {masc, fem, masc + "s", fem + "s"}
    return {masc, masc + "e", masc + "s", masc + "es"}


def _russian(lemma_form: str, morph: object) -> set[str]:
    """Every case, gender and number of a Russian adjective (pymorphy3's lexeme of its full form)."""
    parses = [p for p in morph.parse(lemma_form) if p.tag.POS == "ADJF"]  # type: ignore[attr-defined]
    if not parses:
        return {lemma_form}
    return {f.word for f in parses[0].lexeme if f.tag.POS == "ADJF"}


def build() -> dict[str, object]:
    """The table: {"source", "cldr", "demonyms": {language: {form in lower case: "@" + code}}}."""
    import babel
    import pymorphy3
    from babel import Locale

    places = json.loads(CLDR.read_text("utf-8"))["places"]
    countries = {key[1:] for key in places.values() if "/" not in key and not key.startswith("@~")}
    morph = pymorphy3.MorphAnalyzer()
    out: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        locale = Locale.parse(lang)
        found: dict[str, dict[str, int]] = {}  # masculine singular -> {country code: fewest words}
        for code, name in sorted(locale.currencies.items()):
            country = code[:2]
            if country not in countries or country in ("EU", "UN") or code.startswith("X"):
                continue
            adjective = _adjective(lang, name)
            if adjective is None or places.get(adjective.lower(), "@" + country) != "@" + country \
                    or (" " in adjective and adjective.split()[-1].lower() in places):
                continue  # another place's name; "New Taiwan Dollar": the place itself
            if lang == "ru":
                parses = [p for p in morph.parse(adjective) if p.tag.POS == "ADJF"]
                if not parses:
                    continue
                adjective = parses[0].normal_form
            elif lang == "de":
                adjective = _german_stem(adjective, places)
            if lang in ("de", "it", "nl") and adjective in places:
                continue  # "Ghana-Cedi"; Italian "argentina" is Argentina's name too, "argentino" the adjective
            elif lang in _FEMININE:
                adjective = _masculine(lang, adjective) if _noun(name) in _FEMININE[lang] else adjective
            words = len(re.sub(r"\s*\(.*?\)", "", name).split())
            seen = found.setdefault(adjective, {})
            seen[country] = min(words, seen.get(country, words))
        for adjective, country in HAND[lang].items():
            found.setdefault(adjective, {})[country] = 0
        forms: dict[str, set[str]] = {}
        for adjective, by_country in found.items():
            # an adjective of two countries' currencies is the one's whose name is the adjective
            # and the noun alone ("Portuguese Escudo", not "Portuguese Guinea Escudo"), or none
            fewest = min(by_country.values())
            codes = {code for code, words in by_country.items() if words == fewest}
            if adjective in LEFT_OUT[lang] or len(codes) != 1:
                continue
            inflected = _russian(adjective, morph) if lang == "ru" else _inflect(lang, adjective)
            for form in inflected:
                if form.lower() not in FORMS_LEFT_OUT:
                    forms.setdefault(form.lower(), set()).add(next(iter(codes)))
        out[lang] = {form: "@" + next(iter(codes)) for form, codes in sorted(forms.items()) if len(codes) == 1}
    return {"source": "Unicode CLDR's currency names through Babel (Unicode License v3), inflected by rule and, "
                      "in Russian, by pymorphy3 (MIT) with its OpenCorpora dictionary (CC-BY-SA); HAND's "
                      "additions written by hand (scripts/make_demonyms.py)",
            "cldr": babel.__version__, "lower_only": list(LOWER_ONLY), "demonyms": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args()
    table = build()
    if args.check:
        stored = json.loads(OUT.read_text(encoding="utf-8"))
        stored.pop("cldr", None)
        table.pop("cldr", None)
        if stored != table:
            print(f"{OUT} differs from what its sources give: run scripts/make_demonyms.py", file=sys.stderr)
            sys.exit(1)
        print("up to date")
        return
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = {lang: len(forms) for lang, forms in table["demonyms"].items()}  # type: ignore[attr-defined]
    print(f"wrote {OUT}: {counts}")


if __name__ == "__main__":
    main()
