"""Unicode normalisation that defeats cheap evasion, keeping a map back to original offsets.

Operators insert zero-width characters, bidi controls, full-width or "mathematical" letters and
Cyrillic/Greek look-alikes to break keyword search and fingerprinting, and rewrite Chinese
articles in traditional characters for Taiwan and Hong Kong audiences (or the reverse). NFKC folds
full-width and half-width forms; OpenCC's traditional-to-simplified table (the reference
converter, C++, dictionaries in its wheel) folds the two Chinese scripts into one. Everything lexical in
sourcetrace (shingles, containment, alignment, attribution rules) works on the *skeleton*
produced here; every reported span is mapped back to the original text with `Normalized.span`.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import regex

# Bumped whenever the output of `normalize` changes: an index records it in its manifest,
# because signatures built with another normaliser no longer match.
NORMALIZER_VERSION = 3

# Zero-width and bidi controls, the soft hyphen, the word joiner, variation selectors and tag
# characters: all invisible, all used to split words that keyword search would otherwise see.
INVISIBLE = regex.compile(r"[\p{Cf}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0]|[\U000e0000-\U000e0fff]")
_SPACE = regex.compile(r"[\s\p{Zs}]+")
_MARK = regex.compile(r"\p{M}")


# Han ideographs (unified, extension A, and the supplementary planes' extensions B-G).
_HAN = regex.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")


@functools.lru_cache(maxsize=1)
def visible(text: str) -> tuple[str, list[int]] | None:
    """`text` without its invisible characters (INVISIBLE) and, for each character kept, its
    offset in `text` (a span [s, e) of the first is [where[s], where[e - 1] + 1) in `text`); None
    where it holds none. Anchors and places are read so (`anchors.extract`, `placeswap`): U+200B
    between digits or a soft hyphen inside a word splits nothing."""
    if INVISIBLE.search(text) is None:
        return None
    where = [i for i, c in enumerate(text) if INVISIBLE.match(c) is None]
    return "".join(text[i] for i in where), where


def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """`text` with traditional Chinese characters and phrases converted to simplified (OpenCC
    t2s); text without Han characters is returned as it is. The length may change."""
    if not _HAN.search(text):
        return text
    return str(_t2s().convert(text))


@functools.lru_cache(maxsize=1 << 16)
def _simplified_char(char: str) -> str:
    """One Han character in its simplified form (itself when it has none, or when OpenCC maps it
    to more than one character, which would break the offset map)."""
    converted = str(_t2s().convert(char))
    return converted if len(converted) == 1 else char


class LazyTranslation(dict[int, str]):
    """A str.translate table filled as characters are first met, from `char_map` (one character
    to its replacement): a table of every code point would cost a cold query ~0.1 s to build. It
    keeps at most MAX_KEPT entries, so a hostile text of every code point cannot grow it."""

    MAX_KEPT = 1 << 16

    def __init__(self, char_map: Callable[[str], str]) -> None:
        super().__init__()
        self.char_map = char_map

    def __missing__(self, code: int) -> str:
        value = self.char_map(chr(code))
        if len(self) < self.MAX_KEPT:
            self[code] = value
        return value


_SIMPLIFIED = LazyTranslation(lambda char: _simplified_char(char) if _HAN.match(char) else char)


def simplified_chars(text: str) -> str:
    """`text` with each traditional Han character simplified on its own (`_simplified_char`):
    same length, so offsets keep (`simplified` converts phrases and may change the length)."""
    return text if text.isascii() else text.translate(_SIMPLIFIED)


@functools.lru_cache(maxsize=1)
def confusable_map() -> dict[str, str]:
    """Non-ASCII letters that look like an ASCII letter or digit, mapped to it (Unicode TR39 data)."""
    from confusable_homoglyphs import utils

    table: dict[str, str] = {}
    for char, glyphs in utils.load("confusables.json").items():
        if len(char) != 1 or char.isascii():
            continue
        for glyph in glyphs:
            target = glyph["c"]
            if len(target) == 1 and target.isascii() and target.isalnum():
                table[char] = target.lower()
                break
    return table


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, for each of its characters, the index of the source character."""

    text: str
    source: tuple[int, ...]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the normalised text to a range of the original text."""
        if not self.source or end <= start:
            return (0, 0)
        start = min(max(start, 0), len(self.source) - 1)
        end = min(max(end, start + 1), len(self.source))
        return (self.source[start], self.source[end - 1] + 1)


@functools.lru_cache(maxsize=1 << 16)
def _fold_cluster(cluster: str) -> str:
    """One grapheme cluster's skeleton: NFKC, traditional Chinese characters simplified,
    look-alikes mapped, case-folded.

    Look-alikes are mapped before case-folding too, because some capitals have a look-alike that
    their lower case lacks (Cyrillic "Н" looks like "H", "н" like nothing). Cached: text is made of
    few distinct clusters, and this is the hot loop of every lexical comparison.
    """
    table = confusable_map()
    out: list[str] = []
    for upper in unicodedata.normalize("NFKC", cluster):
        if _HAN.match(upper):
            out.append(_simplified_char(upper))
            continue
        mapped = table.get(upper)
        for char in (mapped,) if mapped is not None else upper.casefold():
            mapped = table.get(char, char if char.isascii() else None)
            if mapped is not None:
                out.append(mapped.lower())
            elif _MARK.match(char) and out and out[-1].isascii():
                # a combining mark glued to an ASCII skeleton letter ("е́" -> "e"): drop it
                continue
            else:
                out.append(char)
    return "".join(out)


# Code points that form a grapheme cluster with a neighbour (marks, ZWJ, Hangul jamo, prepended
# and spacing marks, regional indicators) or that are dropped: a text with none of them has one
# cluster per code point, and `_normalize_simple` gives exactly what the cluster loop gives.
CLUSTERING = regex.compile(
    r"[\p{M}\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}\p{GCB=L}\p{GCB=V}"
    r"\p{GCB=T}\p{GCB=Regional_Indicator}]|" + INVISIBLE.pattern
)


class _CharFold(dict):  # type: ignore[type-arg]
    """char -> its skeleton as a one-character cluster (None for whitespace), filled lazily."""

    def __missing__(self, char: str) -> str | None:
        value: str | None = None
        if not _SPACE.fullmatch(char):
            value = "".join(" " if _SPACE.fullmatch(c) else c for c in _fold_cluster(char))
        if len(self) < 1 << 16:
            self[char] = value
        return value


_CHAR_FOLD = _CharFold()


def _normalize_simple(text: str) -> Normalized:
    """`normalize` for a text whose every code point is its own grapheme cluster (fast path)."""
    chars: list[str] = []
    source: list[int] = []
    pending_space = -1
    fold = _CHAR_FOLD
    for i, char in enumerate(text):
        folded = fold[char]
        if folded is None:
            if chars and pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0:
            chars.append(" ")
            source.append(pending_space)
            pending_space = -1
        if not folded:
            continue
        chars.append(folded)
        if len(folded) == 1:
            source.append(i)
        else:
            source.extend([i] * len(folded))
    return Normalized("".join(chars), tuple(source), len(text))


def normalize(text: str) -> Normalized:
    """NFKC, case-fold, simplify traditional Chinese characters, drop invisible characters, map
    look-alikes, collapse whitespace."""
    if not CLUSTERING.search(text):
        return _normalize_simple(text)
    chars: list[str] = []
    source: list[int] = []
    pending_space = -1  # index of the first whitespace character of a run, -1 if none
    # iterate over grapheme clusters so a base letter and its combining marks normalise together
    for match in regex.finditer(r"\X", text):
        cluster = INVISIBLE.sub("", match.group())
        if not cluster:
            continue
        if _SPACE.fullmatch(cluster):
            if chars and pending_space < 0:
                pending_space = match.start()
            continue
        if pending_space >= 0:
            chars.append(" ")
            source.append(pending_space)
            pending_space = -1
        folded = _fold_cluster(cluster)
        for char in folded:
            if _SPACE.fullmatch(char):
                char = " "
            chars.append(char)
            source.append(match.start())
    return Normalized("".join(chars), tuple(source), len(text))


def folded(text: str) -> str:
    """`text` case-folded with its whitespace runs made one space: how a title is looked for in an
    article's opening (index.writer.with_title) and a stretch in another article
    (match.discount_formulas)."""
    return " ".join(text.casefold().split())


def skeleton(text: str) -> str:
    """The normalised text alone, for comparisons that need no offsets."""
    return normalize(text).text


_MIXED_WORD = regex.compile(r"\w+")


def clean_for_encoder(text: str) -> str:
    """Text an encoder can read: invisible characters removed, look-alikes inside words fixed.

    Unlike `skeleton`, the case, script and accents of genuine text are kept (the encoders know
    Cyrillic and Greek); only a word that mixes scripts, such as "Хinhua" with a Cyrillic Х,
    has its foreign look-alikes replaced. Traditional Chinese is converted to simplified, so a
    rewrite for Taiwan or Hong Kong reaches the encoders as the article they indexed.
    """
    text = simplified(INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))
    table = confusable_map()

    def fix(match: regex.Match[str]) -> str:
        word = match.group()
        ascii_letters = sum(1 for c in word if c.isascii() and c.isalpha())
        lookalikes = sum(1 for c in word if c in table)
        if ascii_letters and lookalikes:
            return "".join(
                (table[c].upper() if c.isupper() else table[c]) if c in table else c for c in word
            )
        return word

    return _MIXED_WORD.sub(fix, text)
