"""Split texts into sentences and passages with character offsets into the original text.

Works without word segmentation: Chinese and Japanese sentences end at 。！？ with no space after,
Arabic at ؟, Hindi at । — all handled by one boundary rule. A line break always ends a sentence
(news feeds put the headline and each paragraph on their own line).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Sentence end: Latin-style punctuation followed by space (and not after a known abbreviation),
# or a CJK / Indic / Arabic full stop, which needs no space after it.
_BOUNDARY = regex.compile(
    r"(?:(?<=[.!?…][\"'»”’)\]]?)\s+(?=[\p{Lu}\p{Lo}\p{N}\"'«“‘(\[¿¡-]))"
    r"|(?<=[。！？｡।؟۔][\"'»”’)\]）」』]?)"
    r"|\n+"
)
_ABBREVIATIONS = frozenset([
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "rep",
    "sen", "gov", "pres", "inc", "ltd", "co", "corp", "no", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    "u.k", "u.n", "e.g", "i.e", "sra", "srta", "av",
])
# Shorter sentences ("Photo: AFP", "1/3") are merged into their neighbour as passages.
MIN_PASSAGE_CHARS = 25


@dataclass(frozen=True)
class Segment:
    """A piece of a text: [start, end) offsets into the original text, and the text itself."""

    start: int
    end: int
    text: str


def _ends_with_abbreviation(piece: str) -> bool:
    """Whether `piece` ends with an abbreviation's full stop: a known one, a single letter ("J.
    R. R."), or a doubled capital, Spanish's plural abbreviations ("EE. UU.", "FF. AA.", "JJ. OO.":
    a trial saw "EE. UU." cut a headline in two, and a post's hashtags paired with its half)."""
    words = piece.rstrip().split()
    if not words:
        return False
    last = words[-1].rstrip(".").lower()
    tail = _LETTERS_AT_END.search(words[-1].rstrip("."))  # "EE" of "China-EE."
    doubled = tail is not None and len(tail[0]) == 2 and tail[0][0] == tail[0][1] and tail[0].isupper()
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()) or doubled


_LETTERS_AT_END = regex.compile(r"\p{L}+$")


def sentences(text: str) -> list[Segment]:
    """Sentences of `text`, stripped of surrounding whitespace, with original offsets."""
    result: list[Segment] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.end() == 0 or match.start() <= start and not match.group():
            continue
        piece = text[start : match.start()]
        if "\n" not in match.group() and piece.endswith(".") and _ends_with_abbreviation(piece):
            continue
        _append(result, text, start, match.start())
        start = match.end()
    _append(result, text, start, len(text))
    return result


def _append(out: list[Segment], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = start + lead
    out.append(Segment(s, s + len(stripped), stripped))


def passages(text: str, min_chars: int = MIN_PASSAGE_CHARS) -> list[Segment]:
    """Sentences, with fragments shorter than `min_chars` merged into the following sentence."""
    merged: list[Segment] = []
    carry: Segment | None = None
    for sent in sentences(text):
        if carry is not None:
            sent = Segment(carry.start, sent.end, text[carry.start : sent.end])
            carry = None
        if len(sent.text) < min_chars:
            carry = sent
            continue
        merged.append(sent)
    if carry is not None:
        if merged:
            last = merged.pop()
            merged.append(Segment(last.start, carry.end, text[last.start : carry.end]))
        else:
            merged.append(carry)
    return merged
