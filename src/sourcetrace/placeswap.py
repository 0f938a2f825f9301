"""Another place in the same words: a post that copies an article's words with another city,
province or country beside them is another event (`place_conflict`), and the places a post
names that the article never does are shown with a match (`missing_places`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import regex
from anyascii import anyascii
from rapidfuzz import fuzz

from . import anchorcompare, anchors
from .lexicon import (
    PLACE_PREFIX,
    PLACE_WEIGHT,
    UNSPACED,
    before_surname,
    han_abbreviation_runs,
    local_places,
    place_countries,
    place_levels,
    places,
)
from .normalize import simplified_chars, visible
from .prepared import Prepared
from .results import Span
from .stretchpoints import SENTENCE_END, at_point, points, sentence_at, tagged

__all__ = ["aligned_swap", "missing_places", "place_conflict", "word_bounds"]

# How far into the stretches beside it the article's places at a point are read: a place whose
# last or first characters are copied words of the post's ("福州" of "在福州开幕" against the post's
# "在杭州开幕", where the stretch starts at "州"; "英国" against "美国"), in characters.
PLACE_STRADDLE = 6
# ... and then out to the ends of the words there: "Нижнем Новгороде", whose "Новгороде" the post
# "В Великом Новгороде …" copies, is no place cut at "Новгор" (trial 70).
_IN_WORD = regex.compile(r"[\p{L}\p{M}\p{N}'’]")


# CLDR places whose names news uses for another place far more often: "Canton" is Guangzhou, not
# Kiribati's Kanton island (trial 68: a copy writing "Canton" for Guangzhou was blocked as
# "Canton ≠ Guangzhou"; "Canton" for Chengdu is still another city), "Туле" is Tula.
_SWAPPED_AS = {PLACE_PREFIX + "Pacific/Kanton": PLACE_PREFIX + "~guangzhou",
               # CLDR's Russian "Туле" (Thule, Greenland) is Тула's prepositional ("в Туле": trial 71's
               # copy "Тула: открылся…" of "В Туле открылся…" was blocked as "Тула ≠ Туле")
               PLACE_PREFIX + "America/Thule": PLACE_PREFIX + "~tula"}


def _visible_spans(scan: Callable[[str], list[tuple[int, int, str]]], text: str) -> list[tuple[int, int, str]]:
    """`scan`'s (start, end, key) of `text` read as if its invisible characters
    (`normalize.visible`) were not there, as anchors are (`anchors.extract`), spans in `text`:
    trial 90's Spanish "Fes\u00adti\u00adval" (soft hyphens) was the Moroccan city of Fes, a place
    not in the article."""
    seen = visible(text)
    if seen is None:
        return scan(text)
    shown, where = seen
    return [(where[s], where[e - 1] + 1, k) for s, e, k in scan(shown) if e > s]


def _places(found: Sequence[anchors.Anchor], text: str) -> list[tuple[anchors.Anchor, frozenset[str]]]:
    """The places of `text`, each with its place keys, in order: the anchors among `found` (the
    text's) that are places (a CLDR country, territory or city key), and the provinces and
    cities CLDR does not name (`lexicon.local_places`: "Changchun" against "Harbin", "浙江"
    against "福建", trials 56 and 67)."""
    local = [(s, e, k) for s, e, k in _visible_spans(local_places, text) if not _inside_kana_word(text, s, e)]
    cldr = [(s, e, _SWAPPED_AS.get(k, k)) for s, e, k in _visible_spans(places, text)]
    # a CLDR place inside a longer local one is part of its name ("Mongolia" of "Inner Mongolia":
    # the test half's condensed copy of an article on 内蒙古 was blocked as another country)
    inner = {k for s, e, k in cldr if any(s2 <= s and e <= e2 and e2 - s2 > e - s for s2, e2, _ in local)}
    # a place's name that is a first name before a surname is a person's ("Santiago Cafiero",
    # "Jordan Bardella": trial 70's true copies blocked as "Santiago Cafiero ≠ Argentina")
    people = {(s, e) for s, e, _ in cldr if before_surname(text, s, e)}
    out: list[tuple[anchors.Anchor, frozenset[str]]] = []
    for a in found:
        keys = frozenset(_SWAPPED_AS.get(k, k) for k in a.keys if k.startswith(PLACE_PREFIX)) - inner
        if a.kind != "name" or not keys or _inside_kana_word(text, a.start, a.end):
            continue
        spans = [(s, e, k) for s, e, k in cldr if a.start <= s and e <= a.end and k in keys]
        if spans and (spans[0][0], spans[0][1]) != (a.start, a.end) and len(spans) == len(keys):
            # a name of several capitalised words that holds the place ("Jordan Trade Delegation
            # Visits Shanghai", "The Jordan Defense Forces": trial 71): the place where it is written,
            # each on its own, not a person's first name
            out.extend((anchors.Anchor("name", frozenset({k}), s, e, a.weight, text[s:e]), frozenset({k}))
                       for s, e, k in spans if (s, e) not in people)
            continue
        if spans and all((s, e) in people for s, e, _ in spans):
            continue
        out.append((a, keys))
    for start, end, key in local:
        if any(s <= start and end <= e and e - s > end - start for s, e, _ in cldr):
            continue  # a local name inside a CLDR one
        # one place, whichever tables name it ("Pjöngjang": CLDR's Asia/Pyongyang and GeoNames'):
        # its keys joined where a CLDR place has the same span (not a longer name holding it,
        # "Russia's Kurgan Region", whose country would stand for the city)
        same = {k for s, e, k in cldr if (s, e) == (start, end)}
        hit = next((i for i, (a, keys) in enumerate(out) if a.start < end and start < a.end and keys & same), None)
        if hit is not None:
            out[hit] = (out[hit][0], out[hit][1] | {key})
        else:
            out.append((anchors.Anchor("name", frozenset({key}), start, end, PLACE_WEIGHT, text[start:end]), frozenset({key})))
    return sorted(out, key=lambda place: (place[0].start, place[0].end))


@functools.lru_cache(maxsize=256)
def _post_places(found: tuple[anchors.Anchor, ...], core: str) -> tuple[tuple[anchors.Anchor, frozenset[str]], ...]:
    """`_places` of a post (its anchors and core text), once per post: `place_conflict` and
    `missing_places` read them for each of its candidate articles."""
    return tuple(_places(found, core))


@functools.lru_cache(maxsize=256)
def _article_places(article_text: str) -> frozenset[str]:
    """The keys of every place of an article (`_places` of its anchors), once per article: a
    condensing point of any post compared with it needs them."""
    return frozenset(k for _, keys in _places(anchors.extract(article_text), article_text) for k in keys)


_KATAKANA = regex.compile(r"[\p{Katakana}ー]")


def _inside_kana_word(text: str, start: int, end: int) -> bool:
    """Whether a place written in katakana runs on into more katakana: part of a longer word
    ("クチン", Kuching, in "ワクチン", vaccine; "スロバキア" in "チェコスロバキア")."""
    return start < end and all(_KATAKANA.match(c) for c in text[start:end]) \
        and ((start > 0 and _KATAKANA.match(text[start - 1]) is not None)
             or (end < len(text) and _KATAKANA.match(text[end]) is not None))


def _within(inner: frozenset[str], outer: frozenset[str]) -> bool:
    """Whether a place with the keys `inner` lies in a country among `outer` ("Beijing", "北京",
    "Moscow" in "China", "中国", "Russia"): a city for its country is the same place, not another
    one ("Beijing firmly opposes..." copied from "China firmly opposes..."; `lexicon.place_countries`)."""
    countries = {k[len(PLACE_PREFIX):] for k in outer if len(k) == len(PLACE_PREFIX) + 2}
    return bool(countries) and any(place_countries(k) & countries for k in inner if len(k) > len(PLACE_PREFIX) + 2)


def _province_and_city(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether one place is a province and the other a city (`lexicon.place_levels`): "southwest
    China's Chengdu" copied from "Chengdu, capital of southwest China's Sichuan Province" puts the
    city where the article has its province (trial 69); a swap is of one city, province or
    country for another."""
    a, b = place_levels(one), place_levels(other)
    return not a & b and (("province" in a and "city" in b) or ("city" in a and "province" in b))


def place_conflict(prep: Prepared, article_text: str, spans: Sequence[Span]) -> str | None:
    """"Macao ≠ Hong Kong" where, right beside an exact stretch the post shares with the article
    (`spans`, original offsets; within PLACE_NEAR characters, in the same sentence), the post
    names a place and the article, at the same point, names another place the post never names
    (the post's may be one the article names elsewhere, the next forum's host: trial 67's
    "Caracas acogió…" in the words of "Moscú acogió…" was a verbatim copy at 1.00): the same
    words with another place (trial 54: "Adoptan decisión para mejorar el sistema electoral de
    Macao" was a verbatim copy at 1.00 of the article on Hong Kong's; "China-Pakistán" for
    "China-Rusia"). A place further off is no swap: trial 56's
    copies cut short and tagged "#France" or "(via Reuters, Paris)" were blocked for the article's
    "London" further along the sentence, and Chinese copies followed by a comment on 中美 for the
    article's next sentence. Between two stretches much further apart in the article than in
    the post, the post is condensing: each end is a point of its own, and only a place the
    article never names is swapped in there (trial 68: "opened in Hefei on Thursday" against
    "opened in Chengdu, capital of southwest China's Sichuan Province, on Thursday"; a post that
    makes two sentences one may take its place from the other). Places are CLDR's and
    `lexicon.local_places`' (China's provinces, large cities); no swap where the article writes
    the post's place at the point as well, where one lies in the other's country (`_within`:
    "Beijing" for "China"), or inside a stretch the two share. None otherwise."""
    if not spans:
        return None
    post_places = _post_places(prep.anchors, prep.core)
    # the places the post names in its words; a tag or a dateline names none ("新华社鹿特丹…电
    # …在巴塞罗那开幕" against the article's "…在鹿特丹开幕": trial 71 saw a dateline with the
    # article's city let the swap in the sentence through)
    everywhere = frozenset(k for a, keys in post_places if not tagged(prep.post.text, a.start) for k in keys)
    # runs of Chinese one-character abbreviations ("美日澳") the article never writes
    runs = [(lo, hi, codes) for lo, hi, codes in han_abbreviation_runs(prep.core)
            if prep.core[lo:hi] not in article_text]
    if not post_places and not runs and not _KIND_ANYWHERE.search(prep.core):
        return None
    named: frozenset[str] | None = None  # the article's place keys (`_article_places`), where a condensing point needs them
    for post_gap, art_gap, condensing in points(prep.core, article_text, spans, condensing=True):
        art_lo, art_hi = art_gap[0], art_gap[1]
        # a place inside a stretch the two share is the article's own words there ("在文昌航天发射场"
        # copied from "在中国文昌航天发射场"), not one swapped in
        mine = [(a, keys) for a, keys in post_places if at_point(prep.core, a.start, a.end, *post_gap)
                and not tagged(prep.post.text, a.start)
                and not any(span["post"][0] <= a.start and a.end <= span["post"][1] for span in spans)]
        if mine and condensing:
            # where the post condenses, its place may come from anywhere in the article (two
            # sentences made one): only a place the article never names is swapped in there
            if named is None:
                named = _article_places(article_text)
            mine = [(a, keys) for a, keys in mine if not keys & named]
        if mine:
            # the article's places at the point, one straddling a stretch's edge too
            lo, hi = word_bounds(article_text, max(0, art_lo - PLACE_STRADDLE),
                                  min(len(article_text), art_hi + PLACE_STRADDLE))
            here = article_text[lo:hi]
            there = [(x, keys) for x, keys in _places(anchors.extract(here), here)
                     if x.end >= art_lo - lo and x.start <= art_hi - lo]
            for a, kept in mine:
                # the article writes this place here as well: the post dropped a neighbour ("在文昌"
                # for "在中国文昌", trial 64's copy of a CNS launch story), no swap
                if any(keys & kept for _, keys in there):
                    continue
                # where the article writes nothing at the point, its place beside it counts only
                # inside the post's own: "审议南苏丹问题" against "审议苏丹问题" (t98: another country,
                # "南" the only letter the post adds), not "Malí y Níger" against "Níger" (a place added)
                inside = a.start < post_gap[0] or a.end > post_gap[1]
                near = [(x, keys) for x, keys in there
                        if (x.end > art_lo - lo and x.start < art_hi - lo) or (art_lo == art_hi and inside)]
                # the article's place on the same side of the point as the post's: "contra
                # Venezuela y Rusia" for "contra Caracas y Moscú" compares Venezuela with Caracas,
                # not with Moscú (trial 69)
                sides = "".join(side for side in post_gap[2] if at_point(prep.core, a.start, a.end, post_gap[0], post_gap[1], side))
                theirs = [x for x, keys in near
                          if not keys & everywhere and not _within(keys, kept) and not _within(kept, keys)
                          and not _province_and_city(keys, kept)
                          and at_point(article_text, lo + x.start, lo + x.end, art_gap[0], art_gap[1], sides)]
                if theirs:
                    return f"{a.text} ≠ {theirs[0].text}"
        slot = None if condensing else _slot_swap(prep, article_text, spans, post_gap, art_gap, post_places, everywhere) \
            or _named_slot(prep, article_text, post_gap, art_gap)
        if slot is not None:
            return slot
        # an abbreviation run at the point, against another run of the article's there (the
        # stretches around it often hold its other characters: "美日" of both)
        wide_lo = max(0, art_lo - 6)
        for lo, hi, codes in runs:
            if not at_point(prep.core, lo, hi, *post_gap) or tagged(prep.post.text, lo):
                continue
            for a_lo, a_hi, a_codes in han_abbreviation_runs(article_text[wide_lo:art_hi + 6]):
                written = article_text[wide_lo + a_lo:wide_lo + a_hi]
                if a_codes != codes and written not in prep.core \
                        and at_point(article_text, wide_lo + a_lo, wide_lo + a_hi, *art_gap):
                    return f"{prep.core[lo:hi]} ≠ {written}"
    return None


# The words that say what kind of place a name is, where the names a post and an article write
# at one point are places no list holds (`_named_slot`): a Chinese suffix, the name's last
# character(s), or a word before or after the name in the scripts of the other languages.
_KIND_HAN = r"(?:自治区|自治州|地区|大区|省|市|县|州|区|岛|山)"
_KIND_AFTER_HAN = regex.compile(_KIND_HAN)
_KIND_END_HAN = regex.compile(_KIND_HAN + r"$")
_KIND_WORDS = regex.compile(r"(?i:province|prefecture|county|oblast|region|provincia|prefectura|condado|región|"
                            r"préfecture|comté|région|região|província|prefeitura|provinz|präfektur|"
                            r"провинци\w*|област\w*|префектур\w*)(?!\p{L})")
_KIND_BEFORE = regex.compile(r"(?i:mount|lake|province of|provincia de|province de|província de|mont|monte)\s*$")
_KIND_ANYWHERE = regex.compile(_KIND_HAN + r"|" + _KIND_WORDS.pattern + r"|(?i:mount|lake|mont|monte)(?!\p{L})")
# A name at the point: Han characters (a foreign name's "-" or "·" between them), or one to three
# capitalised words.
_HAN_NAME = regex.compile(r"\p{Han}[\p{Han}·・\-－]{1,14}")
_NAME_WORDS = regex.compile(r"\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*){0,2}")
# How alike two names in a cased script may be and still be one name written two ways (rapidfuzz's
# ratio of their lower-case ASCII forms, 0-100: "Herat" and "Hirat" 80, "Herat" and "Karnali" 33).
SAME_NAME_RATIO = 60


def spelled_alike(one: str, other: str) -> bool:
    """Whether two names in a cased script can be one name written two ways: rapidfuzz's ratio of
    their lower-case ASCII forms at least SAME_NAME_RATIO ("Herat" and "Hirat", "Mohammed" and
    "Muhammad"; not "Herat" and "Karnali", "Al-Quds" and "Al-Shifa")."""
    return fuzz.ratio(anyascii(one).lower(), anyascii(other).lower()) >= SAME_NAME_RATIO


def _named_slot(prep: Prepared, article_text: str, post_gap: tuple[int, int, str],
                art_gap: tuple[int, int, str]) -> str | None:
    """"巴达赫尚省 ≠ 卡尔纳利省" where, between two exact stretches the post shares with the article (a
    point with both sides, not condensing), the post and the article each write only a name, of
    the same kind of place by the words beside it (both names end in a Chinese suffix such as
    "省", "县", "大区", or the stretch after both begins with one; "Province" after both, "Mount"
    before both), and the two names are not one written two ways (no Han character in common,
    traditional and simplified read alike; in other scripts, SAME_NAME_RATIO) nor a name the other
    text writes anywhere: t98's condolence message on an earthquake in Herat Province in the words
    of the one on Nepal's Karnali Province ("惊悉贵国卡尔纳利省发生强烈地震…") was a near_verbatim copy
    at 1.00, and a check as a new user would make it found the same with Badakhshan, Hatay,
    Ishikawa and Marrakech-Safi, names no list holds. None where what either writes there is no
    name (lower-case words, more than three words) or names no kind of place: "在北京举行" against
    "在人民大会堂举行" is a venue, not another place."""
    lo, hi, sides = post_gap
    if sides != "lr":
        return None
    mine = prep.core[lo:hi].strip(" \u3000")
    theirs = article_text[art_gap[0]:art_gap[1]].strip(" \u3000")
    if not mine or not theirs:
        return None
    after = article_text[art_gap[1]:art_gap[1] + 12]
    if _HAN_NAME.fullmatch(mine) and _HAN_NAME.fullmatch(theirs):
        ends = _KIND_END_HAN.search(mine), _KIND_END_HAN.search(theirs)
        if not (all(ends) or _KIND_AFTER_HAN.match(after)):
            return None
        # the names without their kind, traditional characters read as simplified
        a, b = (simplified_chars(name[:end.start()] if end else name).strip("·・-－") for name, end in zip((mine, theirs), ends))
        if len(a) < 2 or len(b) < 2 or set(regex.findall(r"\p{Han}", a)) & set(regex.findall(r"\p{Han}", b)):
            return None
        post_text, art_text = simplified_chars(prep.core), simplified_chars(article_text)
    elif _NAME_WORDS.fullmatch(mine) and _NAME_WORDS.fullmatch(theirs):
        before = article_text[max(0, art_gap[0] - 16):art_gap[0]]
        if _KIND_WORDS.match(after.lstrip()) is None and _KIND_BEFORE.search(before) is None:
            return None
        a, b = mine, theirs
        if spelled_alike(a, b):
            return None
        post_text, art_text = prep.core, article_text
    else:
        return None
    if a in art_text or b in post_text:
        return None  # the post names the article's place too, or the article the post's
    return f"{mine} ≠ {theirs}"


def _slot_swap(prep: Prepared, article_text: str, spans: Sequence[Span], post_gap: tuple[int, int, str],
               art_gap: tuple[int, int, str], post_places: Sequence[tuple[anchors.Anchor, frozenset[str]]],
               everywhere: frozenset[str]) -> str | None:
    """"古巴 ≠ 澳大利亚" where, in an unaligned stretch of the post beside an exact stretch (not a
    condensing point), in the stretch's sentence, the post names a place the article never names
    anywhere, and the article, in its stretch at the same place (`stretchpoints.points`) and in
    its sentence, names a place of the same level (`lexicon.place_levels`: a country for a
    country, a province for a province) the post never names: the same words on another
    country's or province's event, with words between the stretch and the place. Trial 78:
    "…国家主席习近平在人民大会堂会见古巴总理马雷罗" was a near_verbatim copy at 1.00 of "…会见来华进行正式
    访问的澳大利亚总理阿尔巴尼斯", and "Hainan Free Trade Port … Promotion Conference was held in
    Dublin today" of the Jiangxi conference's. None otherwise."""
    lo, hi, sides = post_gap
    mine = [(a, keys) for a, keys in post_places
            if lo <= a.start and a.end <= hi and not tagged(prep.post.text, a.start)
            and _same_sentence(prep.core, a.start, a.end, lo, hi, sides)
            and not any(span["post"][0] <= a.start and a.end <= span["post"][1] for span in spans)]
    if mine:  # the article's places (its anchors, read once per article) only where the post has one here
        named = _article_places(article_text)
        mine = [(a, keys) for a, keys in mine if not keys & named]
    if not mine:
        return None
    a_lo, a_hi = word_bounds(article_text, art_gap[0], art_gap[1])
    here = article_text[a_lo:a_hi]
    for x, keys in _places(anchors.extract(here), here):
        start, end = a_lo + x.start, a_lo + x.end
        if not (art_gap[0] <= start and end <= art_gap[1]) or keys & everywhere \
                or not _same_sentence(article_text, start, end, *art_gap):
            continue
        for a, kept in mine:
            if place_levels(keys) & place_levels(kept) and not _within(keys, kept) and not _within(kept, keys):
                return f"{a.text} ≠ {x.text}"
    return None


def _same_sentence(text: str, start: int, end: int, lo: int, hi: int, sides: str) -> bool:
    """Whether [start, end) of `text` lies in the sentence of the exact stretch on the gap [lo, hi)'s
    side `sides` ("l": the stretch ending at lo; "r": the one starting at hi; both: either)."""
    return ("l" in sides and SENTENCE_END.search(text, lo, start) is None) or \
        ("r" in sides and SENTENCE_END.search(text, end, hi) is None)


def word_bounds(text: str, lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi) of `text` widened to the ends of the spaced-script words it cuts (`_IN_WORD`);
    a run of Chinese, Japanese or Korean characters (`lexicon.UNSPACED`) is not widened (it may
    be the sentence)."""
    def in_word(at: int) -> bool:
        return _IN_WORD.match(text, at) is not None and UNSPACED.match(text, at) is None

    while lo > 0 and in_word(lo - 1):
        lo -= 1
    while hi < len(text) and in_word(hi):
        hi += 1
    return lo, hi


@functools.lru_cache(maxsize=512)
def _article_local_places(article_text: str) -> frozenset[str]:
    """The keys of an article's `lexicon.local_places`, read once per article (a post is compared
    with a few dozen; ~1 ms for 5,000 characters)."""
    return frozenset(key for *_, key in local_places(article_text[:anchors.MAX_ARTICLE_ANCHOR_CHARS]))


_FLAG = regex.compile(r"[\U0001F1E6-\U0001F1FF]{2}")
# The country adjectives an English article names China and the United States by ("Chinese
# President Xi Jinping", "the US-China talks" aside), read only for `missing_places`.
_DEMONYMS = regex.compile(r"(?<![\p{L}])(?:Chinese|American)(?![\p{L}])")
_DEMONYM_KEYS = {"Chinese": PLACE_PREFIX + "CN", "American": PLACE_PREFIX + "US"}


@functools.lru_cache(maxsize=256)
def _flags_and_demonyms(article_text: str) -> frozenset[str]:
    """The place keys of the countries an article names only by a flag ("🇨🇳") or by an English
    adjective ("Chinese"): trial 90's posts naming "China" listed it among the places not in
    articles writing 🇨🇳 or "Chinese President Xi Jinping". Flags are never anchors (they are
    everywhere in state-media posts): they only keep such a place off `missing_places`. The
    adjectives are anchors now (`lexicon.demonyms`); these two are read here still for the
    article's text past what anchors read of it."""
    keys = {PLACE_PREFIX + "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in m.group())
            for m in _FLAG.finditer(article_text)}
    keys |= {_DEMONYM_KEYS[m.group()] for m in _DEMONYMS.finditer(article_text)}
    return frozenset(keys)


@functools.lru_cache(maxsize=256)
def _abbreviated_countries(article_text: str) -> frozenset[str]:
    """The place keys of the countries a Chinese article names only in a run of one-character
    abbreviations ("美日韩": the United States, Japan, South Korea; `lexicon.han_abbreviation_runs`):
    a French condensed copy of Xinhua's "朝鲜谴责美日韩举行联合空中演习" naming "Japon" was shown
    "places not in the article: Japon", and a place swap (`aligned_swap`) for it."""
    return frozenset(PLACE_PREFIX + code for *_, codes in han_abbreviation_runs(article_text) for code in codes)


@functools.lru_cache(maxsize=256)
def _credit_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of a post's credits of registry outlets (`attribution.find_credits`: "CGTN
    Français", "vía Xinhua Español"), once per post; offsets in `text`."""
    # imported here: attribution is the matcher's last stage, and placeswap is loaded with the matcher
    from .attribution import find_credits

    return tuple(e.span for e in find_credits(text) if e.span is not None)


def missing_places(prep: Prepared, article_text: str, table: anchorcompare.KeyTable,
                   shared: Sequence[anchorcompare.Shared] = (), away: Sequence[tuple[int, int]] = ()) -> list[str]:
    """The places the post names (`_places`: CLDR's and `lexicon.local_places`') that the article
    never names in any of their names, as the post writes them, each once: "Hefei" for a post on
    the World Games in Hefei against the article on Chengdu's; not a country a place the article
    names lies in ("(China)" after "Chengdu"). Shown with the evidence
    (`verdict.chance`), never a conflict: a place the post adds is as often a tag or a dateline
    (trial 68 asked for a hint where the swap rule sees no point: a translation, a county).
    A place inside an anchor the pair shares (`shared`) is the article's too, under another
    name or key (trial 100: "Foro Xiangshan de Beijing" shares "Xiangshan" with "北京香山論壇", and
    was shown "places not in the article: Xiangshan"). Nor a place inside a credit of an outlet
    (`_credit_spans`: "CGTN Français", "vía Xinhua Español", "Fuente: China Daily"): an outlet's
    name, not the story's place (trial 108: "places not in the article: Français" on three true
    copies crediting CGTN's French edition). Nor a place inside one of the post's (start, end)
    ranges `away`: a digest's other items (`match.other_items`), another article's places."""
    post_places = _story_places(prep, shared, away)
    if not post_places:
        return []
    out: list[str] = []
    for a, _ in _missing(post_places, article_text, table):
        if a.text not in out:
            out.append(a.text)
    return out


def _story_places(prep: Prepared, shared: Sequence[anchorcompare.Shared],
                  away: Sequence[tuple[int, int]]) -> list[tuple[anchors.Anchor, frozenset[str]]]:
    """The post's places (`_post_places`) but those inside an anchor the pair shares (`shared`),
    inside one of the (start, end) ranges `away` or inside a credit of an outlet (`_credit_spans`,
    read only for a post that names a place): what `missing_places` and `aligned_swap` compare."""
    out = [(a, keys) for a, keys in _post_places(prep.anchors, prep.core)
           if not any(s.post.start <= a.start and a.end <= s.post.end for s in shared)
           and not any(start <= a.start and a.end <= end for start, end in away)]
    if out:
        credits = _credit_spans(prep.post.text[: len(prep.core)])
        out = [(a, keys) for a, keys in out if not any(start <= a.start and a.end <= end for start, end in credits)]
    return out


def _missing(post_places: Sequence[tuple[anchors.Anchor, frozenset[str]]], article_text: str,
             table: anchorcompare.KeyTable) -> list[tuple[anchors.Anchor, frozenset[str]]]:
    """Those of `post_places` (anchor, place keys) the article (its text and key `table`) never
    names in any of their names, nor holds a place of (`_within`), each place once."""
    named = _article_local_places(article_text) | {k for k in table.name_keys() if k.startswith(PLACE_PREFIX)} \
        | _flags_and_demonyms(article_text) | _abbreviated_countries(article_text)
    out: list[tuple[anchors.Anchor, frozenset[str]]] = []
    seen: set[str] = set()
    for a, keys in post_places:
        if keys & seen:
            continue
        seen |= keys
        if keys & named:  # the article's name keys hold its CLDR places
            continue
        if _within(named, keys):
            continue  # "China" for an article on 成都: its country, no other place
        out.append((a, keys))
    return out


def aligned_swap(prep: Prepared, article_text: str, table: anchorcompare.KeyTable,
                 aligned: Sequence[tuple[int, int]], shared: Sequence[anchorcompare.Shared] = (),
                 away: Sequence[tuple[int, int]] = ()) -> str | None:
    """"Indonesia ≠ Singapore" where the post names a place the article never names (as
    `missing_places` reads them) and the article's passages the post is aligned with (`aligned`,
    (start, end) in `article_text`: its best passages by the encoders) name a place of the same
    kind (a country, a province, a city: `lexicon.place_levels`) that the post never names, the
    one not lying in the other (`_within`): the article's sentence told of another place. The
    cross-lingual form of `place_conflict`, which reads only beside exact stretches. Trial 122:
    "Indonesia autoriza el uso de emergencia de la vacuna china Sinovac" and "Malasia autoriza la
    vacuna china Sinovac mediante su procedimiento de acceso especial, después de que la OMS la
    incluyera en su lista de uso de emergencia" were translations at 0.85 of RT's report that
    Singapore had cleared the vaccine under its special access route after the WHO listing.
    The sentences where the article states a figure the post shares are read as aligned too
    (`_figure_sentences`: the same figures told of another country).
    A country the post names where the passage names a province or city of another country, of
    which the post names no place, is another place too (trial 125: the Philippines' ministry
    sending tents "a la provincia de Bohol" against Xinhua's relief for Guizhou; not a union
    of countries, "UE"). A country the post names makes the article's places in it the post's,
    but against a city or province of the post's in that country: "Chinas … in Yunnan" against
    "Guizhou Province" is "Yunnan ≠ Guizhou" (trial 125); "Washington" against "Teherán" in a
    post naming Iran is not (the tuning dumps' Arabic condensed copy: a capital for its government).
    Cities only where neither the post nor the article's passage is in Han or kana (a city
    across those scripts is often not matched: tuning copies naming "Kumamoto", "Sendai",
    "Incheon" for 熊本, 仙台, 仁川 were lost with them; CLDR names countries in every language,
    `lexicon.local_places` China's provinces in every script: "云南省", "Yunnan"),
    neither a dateline's place nor two names spelled alike (`spelled_alike`).
    A tag or a credit names no place of the story; None otherwise."""
    if not aligned:
        return None
    post_places = [(a, keys) for a, keys in _story_places(prep, shared, away) if not tagged(prep.post.text, a.start)]
    lacking = _missing(post_places, article_text, table) if post_places else []
    if not lacking:
        return None
    everywhere = frozenset(k for _, keys in _post_places(prep.anchors, prep.core) for k in keys)
    post_countries = _countries(everywhere)
    for lo, hi in [*aligned, *_figure_sentences(article_text, shared)]:
        lo, hi = word_bounds(article_text, max(0, lo), min(len(article_text), hi))
        here = article_text[lo:hi]
        # a Han or kana text's cities are not matched across scripts often enough (the tuning
        # dumps' "纽约市 ≠ Nueva York": GeoNames' New York City against CLDR's); China's provinces
        # are, by one table in every script ("云南省" and "Yunnan": lexicon.local_places)
        cities = _HAN_OR_KANA.search(here) is None and _HAN_OR_KANA.search(prep.core) is None
        for x, keys in _places(anchors.extract(here), here):
            levels = place_levels(keys)
            if (not cities and not levels <= _COUNTRY | _PROVINCE) or keys & everywhere \
                    or tagged(here, x.start) or _within(everywhere, keys):
                continue
            countries = _countries(keys)
            for a, mine in lacking:
                mine_levels = place_levels(mine)
                if (not cities and not mine_levels <= _COUNTRY | _PROVINCE) or spelled_alike(a.text, x.text):
                    continue  # "سانت مارتن" (CLDR's Sint Maarten) for "St. Martin"
                if _within(keys, everywhere) and not countries & _countries(mine):
                    continue  # "Washington" against "Teherán" in a post naming Iran: the country's capital is its government
                if levels & mine_levels and not _within(keys, mine) and not _within(mine, keys) \
                        and not _province_and_city(keys, mine):
                    return f"{a.text} ≠ {x.text}"
                # another country than the one the article's province or city lies in, where the
                # post names no place of that one (trial 125: "El Ministerio de Asuntos Civiles de
                # Filipinas envió 1.000 tiendas… a la provincia de Bohol" against Xinhua's relief
                # for Jianhe County, Guizhou)
                if mine_levels == _COUNTRY and levels and levels <= _PROVINCE | _CITY and not mine & _UNIONS \
                        and countries and not countries & post_countries and not _within(keys, mine):
                    return f"{a.text} ≠ {x.text}"
    return None


def _countries(keys: frozenset[str]) -> frozenset[str]:
    """The ISO 3166 codes of the countries the places with `keys` are or lie in (`lexicon.place_countries`)."""
    return frozenset(c for k in keys for c in place_countries(k))


def _figure_sentences(article_text: str, shared: Sequence[anchorcompare.Shared]) -> list[tuple[int, int]]:
    """[start, end) in `article_text` of each sentence (`SENTENCE_END`) where the article states a
    figure the post shares with it (`shared`: a number of weight FIGURE_WEIGHT or more, not a
    hashtag's; `stretchpoints.sentence_at`), each once, in the article's order: what the post's figures are told of there.
    Trial 123: "Внешняя торговля Индии в апреле выросла на 14,2%… достигла 4,38 трлн… Экспорт
    вырос на 9,8%, импорт увеличился на 20,6%" was a translation at 0.85 of Xinhua's report
    that China's foreign trade had grown 14.2 percent to 4.38 trillion yuan: the encoders aligned
    the post with the article's later sentences, which name no country, while the sentence that
    states those figures names China."""
    return sorted({sentence_at(article_text, s.article.start) for s in shared
                   if s.post.kind == "number" and not s.tag and s.weight >= FIGURE_WEIGHT})


# The least weight of a shared number (`anchorcompare.Shared.weight`) whose article sentence
# `aligned_swap` reads: two significant digits or more ("9.8", "14.2", "4.38 trillion":
# `anchors._number_weight`), not a count of one digit or a round number any story states.
FIGURE_WEIGHT = 2.0
_COUNTRY = frozenset({"country"})
_PROVINCE = frozenset({"province"})
# Unions of countries CLDR names as territories ("UE", "ONU"): no country a city lies in or not
# (the tuning dumps' "UE ≠ Питер", a Spanish translator's "EU" for the article's St Petersburg)
_UNIONS = frozenset({PLACE_PREFIX + "EU", PLACE_PREFIX + "UN", PLACE_PREFIX + "EZ", PLACE_PREFIX + "QO"})
_CITY = frozenset({"city"})
_HAN_OR_KANA = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


