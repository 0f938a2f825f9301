"""Handles the registry does not list but that plainly name an outlet's account: its handle or
name with a language, region or "official" suffix ("chinadaily_en", "XHNews_es",
"CGTNOfficial_ar", "xinhua_espanol", "ChinaDaily2"), or its handle one edit away ("chinadaly",
"XHNewz").

Outlets run an account per language and region, and new ones appear faster than the registry
learns of them (a user trial: "Twitter •chinadaily_en" on a China Daily story came back
`unattributed` while "Twitter •ChinaDaily" was `evasive`). A variant is built on a *stem* that
names the outlet: one of its names in Latin letters, or one of its handles that carries its
family's brand ("chinadaily", "cgtn", "xinhua") or starts with its abbreviation ("XH", "PD");
a staff member's handle ("chenweihua") is no stem. The stem must open the token ("mychinadaily_en"
and "notxhnews" name someone else) and only the suffixes of `SUFFIXES` may follow it
("chinadaily_fan" is a fan). A misspelling is looked for only among state outlets' handles, as
for names (`altered`), keeps the handle's first two letters and is never valid pinyin of as many
syllables (another Chinese name). When a variant needs a platform label or an "@" to count is
the rules' decision (`rules.handle_variants`).

A state outlet's handle may also be disguised without a suffix (trial 7: "Fuente: mundo-china"
and "fuente: rnundo_china" were unattributed): a separator swapped or dropped ("mundo-china",
"mundo.china") or letters that read as others ("rn" for "m", "vv" for "w", "cl" for "d", "1",
"I" and "l", "0" and "o"). `lookalike` folds a word to one key for all of these, in time linear in
the word and never for a word longer than a handle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .altered import pinyin_syllables
from .tables import Tables
from .text import compact

# fmt: off
# What an outlet appends to its handle for another account: ISO 639-1 languages and country or
# region codes the registry's own accounts use (ChinaDaily_EU, CGTNEurope, cgtnarabic,
# XHespanol, cri_hindi, CRI_Turkish, chinadailyhkedition), the same as words, and "official"; an
# edition's country as its own language writes it ("rt_france", "cgtn_deutschland": trial 126's
# "Telegram •rt_france" was no credit where "Telegram •rt_de_news" was).
SUFFIXES = frozenset([
    "en", "es", "fr", "ar", "ru", "pt", "cn", "zh", "de", "it", "jp", "ja", "kr", "ko", "tr",
    "fa", "hi", "ur", "id", "vi", "th", "sw", "ha", "br", "eu", "us", "uk", "hk", "la", "mx",
    "esp", "eng", "fra", "rus", "ara", "chn", "espanol", "español", "spanish", "english",
    "francais", "français", "french", "arabic", "arabe", "russian", "russe", "portugues",
    "português", "portuguese", "brasil", "brazil", "chinese", "chino", "deutsch", "german",
    "italiano", "italian", "japanese", "turkish", "hindi", "urdu", "swahili", "hausa", "asia",
    "africa", "europe", "america", "americas", "latam", "latino", "global", "world", "intl",
    "international", "official", "oficial", "officiel", "offical", "news", "noticias", "tv",
    "live", "online", "hq", "video", "media", "france", "deutschland", "espana", "españa", "italia",
])
# fmt: on
_SUFFIX_LENGTHS = sorted({len(x) for x in SUFFIXES}, reverse=True)  # longest suffix first
_ENDINGS = frozenset(x[-2:] for x in SUFFIXES)
MAX_DIGITS = 4  # "ChinaDaily2", "CNS1952": a year or a number, not a phone number
MIN_STEM = 4  # letters a stem needs ("cgtn", "xinhua"); "rt", "gt" alone name too much else
MIN_MISSPELT = 6  # letters a handle needs before a one-edit near miss of it can be a dodge
MIN_BRAND_INSIDE = 4  # a brand found inside a handle, not at its start ("GlobalWatchCGTN")
_TRAILING_DIGITS = re.compile(rf"\d{{1,{MAX_DIGITS}}}$")

# Runs of ASCII letters that read as another letter in most fonts ("rnundo_china" for
# "mundo_china", "vv" for "w", "cl" for "d"), and single characters that do ("1", "I" and "l";
# "0" and "o"). Unicode's confusables table (`normalize`, confusable-homoglyphs) maps one
# character to one and keeps ASCII as it is, so these are kept here.
LOOKALIKE_RUNS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
LOOKALIKE_CHARS = str.maketrans({"1": "l", "i": "l", "0": "o"})
# Separators a handle may have one of swapped for another or dropped ("mundo-china",
# "mundo.china", "mundochina" for "mundo_china"); a space splits a word token, so "mundo china"
# is the spaced rule's (`rules.spaced`).
HANDLE_SEPARATORS = re.compile(r"[_.\-]")
MAX_LOOKALIKE = 40  # characters of a token worth folding: no handle is longer (X allows 15)
# A word that may be a handle with swapped separators or look-alike letters: ASCII letters and
# digits, joined by the separators, not inside an address or a longer word.
LOOKALIKE_TOKEN = re.compile(
    r"(?<![\w@#&/.\-])[a-z0-9](?:[a-z0-9_.\-]*[a-z0-9_])?(?![\w@]|[.\-]\w)"
)


def lookalike_key(token: str) -> str:
    """`token` (case-folded) with its separators dropped and look-alike letters made one:
    "rnundo-china" and "mundo_china" have the same key."""
    key = HANDLE_SEPARATORS.sub("", token).translate(LOOKALIKE_CHARS)  # first: "c1" is "cl"
    for run, letter in LOOKALIKE_RUNS:
        key = key.replace(run, letter)
    return key


@dataclass(frozen=True)
class Lookalike:
    """A word that reads as a state outlet's handle: which handle, and how it was disguised."""

    outlet: str
    handle: str  # as the registry writes it
    trick: str  # "spaced": only its separators differ; "homoglyph": look-alike letters


@dataclass(frozen=True)
class Variant:
    """An unlisted account named after an outlet: which outlet, from which stem, and how."""

    outlet: str
    stem: str  # the registry's handle or name, as written there
    misspelt: bool  # one edit from the stem (else: the stem with a suffix)
    suffixed: bool  # a suffix or digits follow the stem
    handle: bool  # the stem is a distinctive handle (XHNews), not a name or a plain word
    short: bool = False  # a two- or three-letter name or abbreviation before "_" ("rt_es")


@dataclass(frozen=True)
class _Stem:
    outlet: str
    text: str
    handle: bool


class HandleVariants:
    """One registry's stems (outlet names and brand handles), ready for `match`."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.stems: dict[str, _Stem] = {}  # by compact case-folded text
        short: dict[str, set[tuple[str, str]]] = {}  # "rt" -> {(outlet, as written)}
        for handle in tables.handles.values():
            key = compact(handle.text.casefold())[0]
            brands = tables.brands.get(handle.outlet, ())
            if key.isascii() and key.isalnum() and _branded(key, brands):
                self._add(key, _Stem(handle.outlet, handle.text, handle.distinctive))
        for name in tables.names.values():
            key = compact(name.text.casefold())[0]
            if not (name.latin and key.isascii() and key.isalpha()):
                continue
            if len(key) < MIN_STEM:
                short.setdefault(key, set()).add((name.outlet, name.text))
            elif name.kind != "context":
                self._add(key, _Stem(name.outlet, name.text, False))
        for abbreviation, outlet in tables.abbreviations.items():
            if abbreviation.isascii() and abbreviation.isalpha():
                short.setdefault(abbreviation, set()).add((outlet, abbreviation.upper()))
        # a short name two outlets share ("CNS"?) names neither
        self.short = {
            k: _Stem(*next(iter(v)), False)
            for k, v in short.items()
            if len({o for o, _ in v}) == 1 and len(k) >= 2
        }
        # how a variant opens: a stem's first three letters, or a short stem and its "_"
        self.heads = frozenset(k[:3] for k in self.stems) | {f"{k}_"[:3] for k in self.short}
        # the handles a misspelling may be of, by their first two letters (which it keeps)
        self.misspellable: dict[str, list[str]] = {}
        self.misspelt_lengths: set[tuple[str, int]] = set()  # (first two letters, length)
        for key, stem in self.stems.items():
            if stem.handle and stem.outlet in tables.state_ids and len(key) >= MIN_MISSPELT:
                self.misspellable.setdefault(key[:2], []).append(key)
                self.misspelt_lengths.update((key[:2], len(key) + d) for d in (-1, 0, 1))
        # distinctive handles of state outlets by their look-alike key ("mundochma" for
        # "mundo_china"), as misspellings are: long enough and unlike an ordinary word
        self.lookalikes: dict[str, Lookalike] = {}
        ambiguous: set[str] = set()
        for key, handle in tables.handles.items():
            squeezed = compact(key)[0]
            if not (
                handle.distinctive
                and handle.outlet in tables.state_ids
                and key.isascii()
                and len(squeezed) >= MIN_MISSPELT
            ):
                continue
            folded = lookalike_key(key)
            known = self.lookalikes.setdefault(folded, Lookalike(handle.outlet, handle.text, ""))
            if known.outlet != handle.outlet:
                ambiguous.add(folded)  # two outlets' handles read alike: it names neither
        for folded in ambiguous:
            del self.lookalikes[folded]
        self.lookalike_lengths = (
            min(map(len, self.lookalikes), default=0),
            max(map(len, self.lookalikes), default=0),
        )
        # the words of a post worth a look, found in one pass of the regex engine: those ending
        # as a suffix or in a digit, and those opening as a misspellable handle
        endings = "|".join(sorted(map(re.escape, _ENDINGS)))
        openings = "|".join(sorted(map(re.escape, self.misspellable))) or "(?!)"
        self.words = re.compile(
            rf"(?<![\w@#&/.\-])(?:\w{{2,}}(?:\d|{endings})|(?:{openings})\w{{3,}})"
            rf"(?![\w@]|[.\-]\w)"
        )

    def _add(self, key: str, stem: _Stem) -> None:
        if len(key) < MIN_STEM:
            return
        known = self.stems.get(key)
        if known is None or (stem.handle and not known.handle and known.outlet == stem.outlet):
            self.stems[key] = stem

    def candidate(self, token: str) -> bool:
        """Could `token` be a variant at all: does it end as a suffix or in a digit, or open as a
        misspellable handle? (A cheap test that spares `match` nearly every word.)"""
        if len(token) < MIN_STEM:
            return False
        suffixed = token[-1].isdigit() or token[-2:] in _ENDINGS
        return (suffixed and token[:3] in self.heads) or self.may_be_misspelt(token)

    def may_be_misspelt(self, token: str) -> bool:
        """Could `token` be a misspelt handle (a cheap test before `match` with `misspelt`)?
        It keeps a handle's first two letters and, unless a suffix follows "_", its length
        within one."""
        if token[:2] not in self.misspellable:
            return False
        return "_" in token or (token[:2], len(token)) in self.misspelt_lengths

    def match(self, token: str, original: str, misspelt: bool = True) -> Variant | None:
        """The variant `token` (a word of letters, digits and "_", case-folded as in the
        skeleton) is, or None.

        `original` is the token as written, for its capitals: a two-letter suffix glued to the
        stem counts only after a change of case ("XHNewsES"), never in a lower-case word.
        Misspellings are looked for only when `misspelt` (the costlier search).
        """
        if len(token) < MIN_STEM:
            return None
        if token in self.tables.handles:
            return None  # a listed handle: `bare_handles` judges it
        for base, glued_short, underscored in _splits(token, original):
            key = base.replace("_", "")  # a word token's only separator (`compact`)
            stem = self.stems.get(key)
            if stem is not None and not glued_short:
                return Variant(stem.outlet, stem.text, False, True, stem.handle)
            stem = self.short.get(key)
            if stem is not None and underscored and base == key:
                return Variant(stem.outlet, stem.text, False, True, False, short=True)
        squeezed = token.replace("_", "")
        if not misspelt or squeezed in self.stems or squeezed in self.tables.compact:
            return None  # a listed name or handle, spaced or not: the other rules judge it
        return self._misspelt(squeezed, token, original)

    def lookalike(self, token: str) -> Lookalike | None:
        """The state outlet's handle `token` (case-folded, as in the skeleton) reads as, with
        a separator swapped or dropped ("mundo-china") or look-alike letters ("rnundo_china"),
        or None. A listed handle as written is `bare_handles`' to judge. Costs the token's
        length, and nothing for a token longer than any handle could be."""
        if len(token) > MAX_LOOKALIKE or token in self.tables.handles:
            return None
        key = lookalike_key(token)
        low, high = self.lookalike_lengths
        if not low <= len(key) <= high:
            return None
        found = self.lookalikes.get(key)
        if found is None:
            return None
        letters, _, splits = compact(token)
        handle_letters, _, handle_splits = compact(found.handle.casefold())
        if letters != handle_letters:
            return Lookalike(found.outlet, found.handle, "homoglyph")
        if splits <= handle_splits:  # the handle's own separators swapped or dropped
            return Lookalike(found.outlet, found.handle, "spaced")
        return None  # a separator where the handle has none: the spaced rule judges it

    def _misspelt(self, squeezed: str, token: str, original: str) -> Variant | None:
        """One edit from a state outlet's brand handle, suffix or not ("chinadaly_en")."""
        found: list[tuple[_Stem, bool]] = []
        bases = [b.replace("_", "") for b, glued, _ in _splits(token, original) if not glued]
        for n, base in enumerate((squeezed, *bases)):
            near = self.misspellable.get(base[:2], [])
            for key, distance, _ in process.extract(
                base, near, scorer=OSA.distance, score_cutoff=1, limit=4
            ):
                if distance != 1:
                    continue
                syllables = pinyin_syllables(key)
                if syllables and pinyin_syllables(base) == syllables:
                    continue  # another Chinese name, not a dodge
                found.append((self.stems[key], n > 0))
        if len({stem.outlet for stem, _ in found}) != 1:
            return None  # none, or near two outlets' handles: no telling which
        stem, suffixed = found[0]
        return Variant(stem.outlet, stem.text, True, suffixed, True)


def _branded(key: str, brands: tuple[str, ...]) -> bool:
    """Does a handle carry its outlet's brand: at its start ("xhnews", "rt_russian" as "rtrussian"),
    inside it when the brand is long enough to be no accident ("globalwatchcgtn"), or one edit
    away from a long one ("peopledaily" for People's Daily)?"""
    return any(
        key.startswith(b)
        or (len(b) >= MIN_BRAND_INSIDE and b in key)
        or (len(b) >= MIN_MISSPELT and OSA.distance(key, b, score_cutoff=1) == 1)
        for b in brands
    )


def _splits(token: str, original: str) -> list[tuple[str, bool, bool]]:
    """(base, glued_short, underscored) for each way `token` ends in digits and/or up to two
    suffixes, longest suffix first.

    `glued_short` is true when a two-letter suffix is glued to the base without "_" and without
    a change of case in `original` ("xhnewses"): too easily a word's own ending. `underscored`:
    a "_" stands right after the base ("rt_es").
    """
    found: list[tuple[str, bool, bool]] = []
    if not (token[-1].isdigit() or token[-2:] in _ENDINGS):
        return found  # the common case: an ordinary word
    cased = original if len(original) == len(token) else ""  # capitals only when 1:1
    rest = token
    digits = _TRAILING_DIGITS.search(rest)
    if digits is not None:
        rest = rest[: digits.start()]
        if rest.rstrip("_"):
            found.append((rest.rstrip("_"), False, rest.endswith("_")))
    frontier = [rest]
    for _ in range(2):
        following = []
        for current in frontier:
            for length in _SUFFIX_LENGTHS:
                suffix = current[-length:]
                if len(current) <= length or suffix not in SUFFIXES:
                    continue
                head = current[:-length]
                base = head.rstrip("_")
                if not base:
                    continue
                glued = head == base and len(suffix) <= 2 and not _case_turn(cased, len(base))
                found.append((base, glued, head != base))
                following.append(base)
        frontier = following
    return found


def _case_turn(original: str, at: int) -> bool:
    """Does the case change at `at` of the token as written ("XHNews|ES", "ChinaDaily|EN")?"""
    if not (0 < at < len(original)):
        return False
    return original[at - 1].islower() and original[at : at + 2].isupper()
