"""How attribution reads text: the folded skeleton, names without separators, and the tests that
tell a name written plainly from one hidden with invisible or look-alike characters.

The skeleton of `normalize` is further folded 1:1 (offsets unchanged): typographic quotes and
hyphens become ASCII so "People’s Daily" and "People's Daily" are one name.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import regex

from ..normalize import INVISIBLE, confusable_map, simplified, skeleton

FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
    }
)

# Accents and primes typed for an apostrophe ("People´s Daily"); NFKC would split "´" in two.
_APOSTROPHES = {ord(c): "'" for c in "\u00b4\u02b9\u2032`"}

# Scripts written without spaces (or, for Hangul and Arabic, with particles and clitics glued to
# names): a name there needs no word boundary.
UNSPACED = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}"
    r"\p{Myanmar}\p{Arabic}]"
)
# Arabic tatweel (kashida): stretches the joining stroke between two letters, no letter itself.
TATWEEL = "\u0640"
# Arabic harakat: the short vowels, tanwin, shadda, sukun and the other marks above or below a
# letter (U+064B-U+065F), and the superscript alef (U+0670). Optional in Arabic spelling: "شِينْخُوا"
# is "شينخوا" written with its vowels, so a name or cue is read without them (trial 117: "نقلا عن
# شِينْخُوا" was no credit while "نقلاً عن شينخوا" was), and they hide nothing (`obfuscation`).
HARAKAT = re.compile("[\u064b-\u065f\u0670]")
LATIN = regex.compile(r"\p{Latin}")
LETTER = regex.compile(r"\p{L}")

# What may break a name or handle apart ("X i n h u a", "Xin.hua", "C-G-T-N"), besides any space.
_COMPACT_SEPARATORS = frozenset(" .-_*·•‧・|/+~'")
SEPARATOR_RUN = regex.compile(
    r"[\s" + re.escape("".join(sorted(_COMPACT_SEPARATORS))) + r"\p{So}]+"  # "新♥华♥社" too
)
_KEPT_RUN = regex.compile(r"[^\s" + re.escape("".join(sorted(_COMPACT_SEPARATORS))) + r"\p{So}]+")


@functools.lru_cache(maxsize=1)
def _capital_lookalikes() -> dict[int, str]:
    """Capital letters of other scripts that look like a Latin capital ("Χ", "Н", "Ι"), mapped to it.

    `normalize` case-folds before it maps look-alikes, and the lower-case forms often look like
    nothing Latin (Greek "ΧΙΝΗ" folds to "χινη"); mapping the capitals first, one character for
    one so offsets hold, lets "ΧΙΝΗUΑ" read as "xinhua".
    """
    table = {}
    for char, target in confusable_map().items():
        if char.isupper() and not char.isascii():
            table[ord(char)] = (
                "i" if target == "l" else target
            )  # a capital that looks like "l" is an "I"
    return table


def premap(text: str) -> str:
    """`text` with look-alike capitals and apostrophe stand-ins mapped 1:1 (offsets unchanged)."""
    return text.translate(_capital_lookalikes()).translate(_APOSTROPHES)


def skel(text: str) -> str:
    """The folded skeleton a name or cue is compared on (see `normalize.skeleton`), without Arabic
    harakat (`HARAKAT`), as the scanner reads a post."""
    return HARAKAT.sub("", skeleton(premap(text)).translate(FOLD))


def bounded(char: str) -> bool:
    """Does a name starting or ending with `char` need a word boundary there?"""
    return bool(re.match(r"\w", char)) and not UNSPACED.match(char)


def trie(keys: Iterable[str]) -> str:
    """A regex matching any of `keys`, longest first, as a trie: far faster than a flat alternation."""
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a key ends here: the longer keys are optional, tried first
            return f"(?:{body})?" if len(branches) == 1 and len(body) > 1 else f"{body}?"
        return body

    return build(root)


def words_pattern(words: Iterable[str]) -> str:
    """An alternation of the skeletons of `words`, longest first (for the cue regexes).

    Each word is taken as written, capitalised and in capitals: a capital that looks like a Latin
    one maps to it while its small letter does not ("Видео" has the skeleton "bидeo", "видео"
    "видeo"), so a cue that opens a line would otherwise be missed."""
    forms = {skel(f) for w in set(words) for f in (w, w[:1].upper() + w[1:], w.upper())}
    return "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))


def compact(text: str) -> tuple[str, list[int], frozenset[int]]:
    """Text without separators (spaces, `_COMPACT_SEPARATORS`, emoji: "新♥华♥社"), the skeleton
    offset of each kept character, and the split points (kept-text offsets after a separator)."""
    kept: list[str] = []
    offsets: list[int] = []
    splits: set[int] = set()
    count = end = 0
    for run in _KEPT_RUN.finditer(text):  # one regex pass: linear, and fast on long posts
        if count and run.start() > end:
            splits.add(count)
        kept.append(run.group())
        offsets.extend(range(run.start(), run.end()))
        count += run.end() - run.start()
        end = run.end()
    return "".join(kept), offsets, frozenset(splits)


def written_in_latin(original: str) -> bool:
    """Does `original` (as written in the post) show a Latin letter once NFKC-folded?"""
    return bool(LATIN.search(unicodedata.normalize("NFKC", original)))


# ---- obfuscation: is a name, handle or address hidden from search? ----


def _light(text: str) -> str:
    """Case-folded NFKC text without invisible characters: what a reader sees, letter by letter.
    Traditional Chinese is read as simplified: a name in the other script hides nothing."""
    folded = simplified(
        HARAKAT.sub("", unicodedata.normalize("NFKC", INVISIBLE.sub("", text.translate(_APOSTROPHES))))
    ).casefold()
    folded = re.sub(r"(?<=[a-z])[\u0300-\u036f]+", "", folded)
    return " ".join(folded.split()).translate(FOLD)


def invisible_count(text: str) -> int:
    """Invisible characters in `text`, not counting joiners that are ordinary spelling, and Arabic
    tatweel (kashida): a stretched stroke between two letters that keyword search does not skip
    ("روسـيـا اليوم"; the scanner drops it from the skeleton as `normalize` drops the others)."""
    count = text.count(TATWEEL)
    for match in INVISIBLE.finditer(text):
        char, i = match.group(), match.start()
        if char in "\u200c\u200d":
            # joiners are ordinary spelling in Arabic, Persian and Indic scripts
            before = text[i - 1] if i else ""
            after = text[i + len(char)] if i + len(char) < len(text) else ""
            if (before and not before.isascii()) or (after and not after.isascii()):
                continue
        count += 1
    return count


def _styled(text: str) -> bool:
    """Letters from a compatibility alphabet (mathematical bold, circled...), not full-width forms."""
    for char in text:
        code = ord(char)
        folded = unicodedata.normalize("NFKC", char)
        if (
            folded != char
            and folded.isalnum()
            and not 0xFF00 <= code <= 0xFFEF
            and not 0xFB50 <= code <= 0xFEFF
            and not 0x3130 <= code <= 0x318F
            and not 0xF900 <= code <= 0xFAFF
        ):
            return True
    return False


def _marks(text: str) -> int:
    """Combining marks that do not compose into a letter ("X̲i̲n̲h̲u̲a̲" has six; "Agência" none)."""
    return sum(
        1 for char in unicodedata.normalize("NFC", text)
        if unicodedata.category(char) == "Mn" and not HARAKAT.match(char)
    )


def obfuscation(original: str, reference: str) -> str | None:
    """'zero-width' or 'homoglyph' when `original` hides `reference` from search, else None."""
    if invisible_count(original) > invisible_count(reference):
        return "zero-width"
    if (
        _styled(original)
        or _light(original) != _light(reference)
        or _marks(original) > _marks(reference)
    ):
        return "homoglyph"
    return None


def case_ok(original: str, name: str) -> bool:
    """Every capital of `name` is a capital in `original` ("People's Daily", not "people's daily")."""
    got = [c for c in original if c.isalpha()]
    want = [c for c in name if c.isalpha()]
    if len(got) != len(want):
        return not any(c.isupper() for c in want) or any(c.isupper() for c in got)
    return all(g.isupper() or not w.isupper() for g, w in zip(got, want))
