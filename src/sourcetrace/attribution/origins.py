"""Where an outlet is from, said between a credit cue and its name: "According to North Korea's
KCNA", "Chinese state media Xinhua", "la agencia norcoreana KCNA", "die russische Agentur TASS".

A country's name, its possessive ("Russia's", German "Russlands") or its adjective (a demonym,
in the languages the cue tables read) qualifies the outlet the way "state" or "agency" does;
the cue regexes (`cues.CUE_BEFORE`, `cues.SLOT`) skip it as they skip those descriptors.
`mask` blanks such words out, one character for one, so offsets hold: a run of `MASK`s reads as
one more descriptor. Place names are CLDR's (data/cldr_anchors.json: countries, territories
and time-zone cities in 28 languages) with the metonyms and official abbreviations news writes
("the Kremlin's", "the DPRK's", "Beijing's"); demonyms are data/demonyms.json's (the anchors'
table, from CLDR's currency names) and those written out below.
"""

from __future__ import annotations

import functools
import re

from .text import skel

MASK = "\x00"  # what `mask` writes over a place word; the cue regexes read a run of it as a word
MASK_RUN = "\x00+"

# Names of places and powers CLDR lacks, as news writes them before an outlet's name.
_EXTRA_PLACES = [
    "beijing", "pekín", "pequim", "pékin", "peking", "pechino", "пекин", "kremlin", "the kremlin",
    "kreml", "кремль", "dprk", "d.p.r.k", "prc", "rpdc", "kdvr", "кндр", "кнр", "rpc", "ccp", "cpc",
    "pionyang", "piongiang", "pyongyang", "teherán", "teerã", "téhéran", "teheran", "moscú",
    "moscou", "moskau", "mosca", "москва", "caracas", "la habana", "havana", "hong kong",
    "communist china", "mainland china",
    "eeuu", "ee.uu", "eua", "usa", "u.s", "urss", "ussr", "soviet union",
]

# Who owns or runs an outlet, read in its possessive only: "the regime's KCNA", "the Party's
# People's Daily" (not "the government Xinhua ...").
_POSSESSORS = ["regime", "government", "party", "communist party", "chinese communist party", "state"]

# Demonyms: stems, each with the endings its language inflects it with ("norcorean" + "o", "a",
# "os", "as"). Countries of the registry's outlets, and of the outlets posts credit most.
_ES = ("o", "a", "os", "as")
_IT = ("o", "a", "i", "e")
_FR_EN = ("", "e", "s", "es")  # chinois, chinoise, chinois, chinoises
_FR_IEN = ("ien", "ienne", "iens", "iennes")
_DE = ("", "e", "en", "er", "es", "em")
_RU = ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ое", "ие", "их", "ими")
_DEMONYM_STEMS: list[tuple[str, tuple[str, ...]]] = [
    # en
    *[(w, ("",)) for w in (
        "north korean", "north-korean", "korean", "south korean", "chinese", "russian", "iranian",
        "venezuelan", "cuban", "syrian", "belarusian", "turkish", "american", "british", "spanish",
        "french", "german", "italian", "japanese", "taiwanese", "brazilian", "swedish", "qatari",
        "soviet", "hong kong", "pyongyang", "beijing", "moscow", "tehran", "kremlin",
        "pro-kremlin", "pro-beijing", "pro-pyongyang", "communist", "u.s")],
    # es
    *[(w, _ES) for w in (
        "norcorean", "norcoreano", "coreano", "surcorean", "chin", "rus", "venezolan", "cuban",
        "sir", "bielorrus", "turc", "británic", "italian", "brasileñ", "suec", "soviétic")],
    *[(w, ("",)) for w in (
        "iraní", "iraníes", "estadounidense", "estadounidenses", "español", "española",
        "españoles", "francés", "francesa", "franceses", "alemán", "alemana", "alemanes",
        "japonés", "japonesa", "japoneses", "taiwanés", "taiwanesa", "hongkonés", "hongkonesa",
        "catarí", "qatarí", "norteamericano", "norteamericana", "persa")],
    # pt
    *[(w, _ES) for w in (
        "norte-coreano", "norte-corean", "sul-corean", "russ", "iranian", "venezuelan",
        "síri", "bielorruss", "american", "norte-american", "britânic", "brasileir",
        "soviétic")],
    *[(w, ("",)) for w in (
        "chinês", "chinesa", "chineses", "chinesas", "estadunidense", "espanhol", "espanhola",
        "francês", "francesa", "alemão", "alemã", "japonês", "japonesa", "taiwanês", "taiwanesa",
        "honconguês", "honconguesa", "catariano", "catariana")],
    # fr
    *[(w, _FR_IEN) for w in ("iran", "vénézuél", "syr", "ital", "brésil")],
    *[(w, ("éen", "éenne", "éens", "éennes")) for w in ("nord-cor", "sud-cor", "cor", "nordcor")],
    *[(w, _FR_EN) for w in (
        "chinois", "américain", "cubain", "allemand", "japonais", "taïwanais", "taiwanais",
        "hongkongais", "suédois", "espagnol", "anglais", "français", "qatari")],
    *[(w, ("", "s")) for w in ("russe", "biélorusse", "britannique", "soviétique")],
    *[(w, ("", "s", "que", "ques")) for w in ("turc",)],
    # it
    *[(w, _IT) for w in (
        "nordcorean", "sudcorean", "corean", "russ", "iranian", "venezuelan", "cuban", "sirian",
        "american", "britannic", "spagnol", "tedesc", "italian", "brasilian", "sovietic")],
    *[(w, ("e", "i")) for w in ("cines", "statunitens", "frances", "giappones", "taiwanes")],
    # de
    *[(w + "isch", _DE) for w in (
        "nordkorean", "südkorean", "korean", "chines", "russ", "iran", "venezolan", "kuban",
        "syr", "belaruss", "weißruss", "amerikan", "us-amerikan", "brit", "span", "französ",
        "japan", "taiwan", "brasilian", "schwed", "katar", "sowjet", "ital", "türk")],
    *[(w, _DE) for w in ("italienisch", "deutsch", "türkisch")],
    # ru
    *[(w, _RU) for w in (
        "северокорейск", "южнокорейск", "корейск", "китайск", "российск", "русск", "иранск",
        "венесуэльск", "кубинск", "сирийск", "белорусск", "турецк", "американск", "британск",
        "испанск", "французск", "немецк", "итальянск", "японск", "тайваньск", "бразильск",
        "шведск", "катарск", "советск", "пекинск", "кремлевск", "кремлёвск", "пхеньянск")],
]

# Polish, Czech and Ukrainian adjectives, in the cases a cue governs ("według rosyjskiej agencji
# TASS", "podle ruské agentury", "за даними російського агентства")
_PL = ("i", "a", "ie", "iej", "iego", "iemu", "im", "ą", "ich", "imi")
_CS = ("ý", "á", "é", "ého", "ému", "ém", "ou", "ých", "ými", "í")
_UK = ("ий", "ого", "ому", "им", "ім", "а", "ої", "ій", "у", "е", "і", "их", "ими")
_DEMONYM_STEMS += [
    *[(w, _PL) for w in (
        "rosyjsk", "chińsk", "północnokoreańsk", "koreańsk", "irańsk", "kubańsk", "wenezuelsk",
        "białorusk", "syryjsk", "amerykańsk", "radzieck", "sowieck")],
    *[(w, _CS) for w in (
        "rusk", "čínsk", "severokorejsk", "korejsk", "íránsk", "kubánsk", "venezuelsk",
        "belorusk", "syrsk", "americk", "sovětsk")],
    *[(w, _UK) for w in (
        "російськ", "китайськ", "північнокорейськ", "корейськ", "іранськ", "кубинськ",
        "венесуельськ", "білоруськ", "сирійськ", "американськ", "радянськ")],
]

# Possessive and genitive endings after a place: "Russia's", "the Kremlin's", "Russlands".
_POSSESSIVE = ("'s", "'", "s")

_WORD = re.compile(r"[^\W\d_](?:[\w.'-]*[^\W_])?'?")
_MAX_WORDS = 4  # the longest place or demonym read ("république populaire démocratique de corée" is not)


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(places, demonyms, possessors, heads), as skeletons: the words `mask` blanks out, and the
    first word of each (a phrase is looked up only where one starts)."""
    from ..lexicon import cldr_place_names, demonym_forms
    from .cues import CUE_PHRASE_WORDS

    places = {skel(name) for name in (*cldr_place_names(), *_EXTRA_PLACES)}
    demonyms = {skel(stem + ending) for stem, endings in _DEMONYM_STEMS for ending in endings}
    # every country's adjective the anchors read too (data/demonyms.json, from CLDR's currency
    # names: en, es, pt, fr, ru): "la agencia siria SANA", "the Swiss SRF"; the list above adds
    # Italian, German, cities and metonyms
    demonyms |= {skel(form) for form in demonym_forms()}
    # a word of a cue is never blanked out ("per", "via", "segundo"), nor a place name too short
    # to tell from a word
    cue_words = {skel(w) for w in CUE_PHRASE_WORDS}
    places = {p for p in places if len(p) >= 3 and p not in cue_words}
    demonyms = {d for d in demonyms if d not in cue_words}
    possessors = {skel(w) for w in _POSSESSORS} | places
    heads = {phrase.split(" ")[0] for phrase in (*places, *demonyms, *possessors)}
    return frozenset(places), frozenset(demonyms), frozenset(possessors), frozenset(heads)


def _origin(phrase: str) -> bool:
    """Is `phrase` (a skeleton of one to `_MAX_WORDS` words) a place, a demonym, or the
    possessive of a place or of who runs an outlet ("the regime's")?"""
    places, demonyms, possessors, _ = _tables()
    if phrase in demonyms or phrase in places:
        return True
    return any(phrase.endswith(end) and phrase[: -len(end)] in possessors for end in _POSSESSIVE)


def mask(window: str) -> str:
    """`window` (a skeleton) with every place, place's possessive and demonym in it written over
    with `MASK`, one character for one: "according to north korea's kcna" -> "according to
    \\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0 kcna". Longest phrase first, left to right."""
    if not window:
        return window
    heads = _tables()[3]
    words = list(_WORD.finditer(window))
    out = list(window)
    i = 0
    while i < len(words):
        head = words[i].group()
        if head not in heads and not any(
            head.endswith(end) and head[: -len(end)] in heads for end in _POSSESSIVE
        ):
            i += 1
            continue
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            start, end = words[i].start(), words[i + n - 1].end()
            if any(window[words[k].end() : words[k + 1].start()] != " " for k in range(i, i + n - 1)):
                continue  # words split by a line, a comma or more than one space
            phrase = window[start:end]
            if _origin(phrase):
                out[start:end] = MASK * (end - start)
                i += n
                break
        else:
            i += 1
    return "".join(out)
