"""Exact common stretches of a post and an article: where the characters are shared.

`align` finds the aligned exact stretches (the evidence of a verbatim or near-verbatim copy,
shown as `spans` in original offsets); `longest_exact_bound` bounds the longest one cheaply so
the matcher aligns only where the exact channel could decide.
"""

from __future__ import annotations

import functools

import regex

from .lexical import RepeatCache, fast_skeleton
from .normalize import Normalized, normalize
from .results import Span

# Scripts written without spaces between words: a character carries about a word piece.
WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


@functools.lru_cache(maxsize=256)
def _normalized(text: str) -> Normalized:
    # the same few candidate articles come back for many posts of a dump
    return normalize(text)


_BOUND_K = 8


# Margin added to the bound: the fast skeleton collapses whitespace that `normalize` might keep
# doubled (a compatibility character folding to a space), shortening a stretch by a character or
# two at most.
_BOUND_MARGIN = 8


@functools.lru_cache(maxsize=8192)
def _skeleton(text: str) -> str:
    return fast_skeleton(text)


def _grams(text: str) -> frozenset[str]:
    norm = _skeleton(text)
    return frozenset(norm[i : i + _BOUND_K] for i in range(len(norm) - _BOUND_K + 1))


_ARTICLE_GRAMS = RepeatCache(256)  # k-gram sets of candidate articles that come back


def longest_exact_bound(post_text: str, article_text: str) -> int:
    """An upper bound on the longest exact common stretch of a post and an article (normalised).

    Every common stretch of L characters puts L - k + 1 consecutive k-grams of the post in the
    article, so the longest run of such k-grams, plus k - 1, bounds it. It costs one pass over
    the post instead of an alignment, and lets `verify` skip the alignment whenever even the
    bound could not make the exact channel decide.
    """
    post_norm = fast_skeleton(post_text)
    if len(post_norm) < _BOUND_K:
        return len(post_norm) + _BOUND_MARGIN
    # a k-gram is one of the article's exactly when it occurs in its skeleton: a set for articles
    # that come back, the string itself for the others
    article: frozenset[str] | str = _ARTICLE_GRAMS.value(article_text, _grams) or _skeleton(article_text)
    best = run = 0
    for i in range(len(post_norm) - _BOUND_K + 1):
        if post_norm[i : i + _BOUND_K] in article:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return (best + _BOUND_K - 1 if best else _BOUND_K - 1) + _BOUND_MARGIN


# An exact common stretch shorter than this is chance ("the government said"), not copying.
MIN_BLOCK_CHARS = 12
MIN_BLOCK_CHARS_CJK = 5

Alignment = tuple[float, float, list[Span]]  # (longest exact stretch / post length, aligned share, spans)


def align(core: str, article_text: str, post_n: Normalized | None = None) -> Alignment:
    """Align the post with the article on normalised texts (`post_n`: `core` normalised, when
    the caller has it already).

    Returns (longest exact stretch / post length, aligned share of the post, spans). rapidfuzz
    finds the best-matching window of the article; difflib's matching blocks inside that window
    give the exact stretches, which are mapped back to original offsets.
    """
    from difflib import SequenceMatcher

    from rapidfuzz import fuzz

    post_n = post_n or normalize(core)
    art_n = _normalized(article_text)
    post_text = post_n.text
    size = len(post_text.strip())
    if not size or not art_n.text:
        return 0.0, 0.0, []
    al = fuzz.partial_ratio_alignment(post_text, art_n.text)
    if al is None:  # only below a score cutoff, and none is given
        return 0.0, 0.0, []
    lo = max(0, al.dest_start - len(post_text))
    hi = min(len(art_n.text), al.dest_end + len(post_text))
    window = art_n.text[lo:hi]
    min_block = MIN_BLOCK_CHARS_CJK if WIDE.search(post_text) else MIN_BLOCK_CHARS
    blocks = [
        b for b in SequenceMatcher(None, post_text, window, autojunk=False).get_matching_blocks()
        if b.size >= min_block
    ]
    if not blocks:
        return 0.0, 0.0, []
    longest = max(b.size for b in blocks) / size
    covered = sum(b.size for b in blocks) / size
    head = _into_word(post_text, window, blocks[0].a, blocks[0].b, blocks[0].size, 1)
    tail = _into_word(post_text, window, blocks[-1].a + blocks[-1].size,
                      blocks[-1].b + blocks[-1].size, blocks[-1].size, -1)
    ps = trim(core, *post_n.span(blocks[0].a + head, blocks[-1].a + blocks[-1].size - tail))
    as_ = trim(article_text, *art_n.span(lo + blocks[0].b + head,
                                          lo + blocks[-1].b + blocks[-1].size - tail))
    return longest, covered, [{"post": ps, "article": as_}]


_WORD_CHAR = regex.compile(r"[\p{L}\p{N}]")


def _into_word(post: str, window: str, a: int, b: int, size: int, step: int) -> int:
    """How many characters an exact stretch's edge reaches into a word it shares only in part.

    The edge is at `a` in `post` and `b` in `window` (the first character of the stretch for
    `step` 1, one past its last for -1). Where a word character on the outer side in either
    text continues the stretch's edge character ("day. The" matched inside "Friday. The", or
    "percent" inside "percentages"), the partial word is chance, not copying: the count runs
    to the first non-word character inside the stretch (at most `size`). Scripts written
    without spaces (Chinese, Japanese, Thai) have no words to cut. A stretch's first characters
    that are no letter or digit (the space or full stop before a copied sentence) count too.
    Returns 0 when the whole stretch would go."""
    def word(text: str, i: int) -> bool:
        return 0 <= i < len(text) and bool(_WORD_CHAR.match(text[i])) and not WIDE.match(text[i])

    inner = a if step == 1 else a - 1
    outer_p, outer_w = (a - 1, b - 1) if step == 1 else (a, b)
    n = 0
    if word(post, inner) and (word(post, outer_p) or word(window, outer_w)):
        while n < size and word(post, inner + step * n):
            n += 1
    if step == 1:
        while n < size and not _WORD_CHAR.match(post[inner + n]):
            n += 1
    return n if n < size else 0


def trim(text: str, start: int, end: int) -> list[int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [start, end]
