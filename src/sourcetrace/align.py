"""Exact common stretches of a post and an article: where the characters are shared.

`align` finds the aligned exact stretches (the evidence of a verbatim or near-verbatim copy,
shown as `spans` in original offsets); `longest_exact_bound` bounds the longest one cheaply so
the matcher aligns only where the exact channel could decide.
"""

from __future__ import annotations

import functools
from typing import Any

import regex

from .anchors import ascii_digits
from .lexical import fast_skeleton
from .normalize import Normalized, normalize
from .results import REPORT_CONFIDENCE, Span
from .segment import sentences

# Scripts written without spaces between words: a character carries about a word piece.
WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


@functools.lru_cache(maxsize=256)
def _normalized(text: str) -> tuple[Normalized, str]:
    """`text` normalised, and that normalised text with its digits in ASCII (`_aligned_text`).
    Cached: the same few candidate articles come back for many posts of a dump."""
    found = normalize(text)
    return found, _aligned_text(found)


def _aligned_text(found: Normalized) -> str:
    """A normalised text as it is aligned: digits of every script in ASCII, one character for
    one (`anchors.ascii_digits`, so `Normalized.span` still maps it). Trial 117: an Arabic copy of
    CGTN Arabic's "5 نوفمبر 2024" writing "٦ نوفمبر ٢٠٢٤" had its exact stretch begin after the
    year, where the figure beside it, 2024, was the article's: the changed day went unseen, while
    "6 نوفمبر 2024" was "6 ≠ 5". The signatures and `fast_skeleton` keep the digits as written (an
    index's stored forms), so `longest_exact_bound` may fall short of such a stretch by its digits."""
    return ascii_digits(found.text)


_BOUND_K = 8


# Margin added to the bound: the fast skeleton collapses whitespace that `normalize` might keep
# doubled (a compatibility character folding to a space), shortening a stretch by a character or
# two at most.
_BOUND_MARGIN = 8


@functools.lru_cache(maxsize=8192)
def _skeleton(text: str) -> str:
    return fast_skeleton(text)


def longest_exact_bound(post_text: str, article_text: str, skeleton: str | None = None) -> int:
    """An upper bound on the longest exact common stretch of a post and an article (normalised).

    Every common stretch of L characters puts L - k + 1 consecutive k-grams of the post in the
    article, so the longest run of such k-grams, plus k - 1, bounds it. It costs one pass over
    the post instead of an alignment; `has_exact_run` answers whether it reaches a length with
    far fewer lookups, which is what the matcher asks. `skeleton`: the article's stored
    `fast_skeleton` (lexical.ArticleForms; derived from `article_text` when None).
    """
    post_norm = fast_skeleton(post_text)
    if len(post_norm) < _BOUND_K:
        return len(post_norm) + _BOUND_MARGIN
    # a k-gram is one of the article's exactly when it occurs in its skeleton
    article = skeleton if skeleton is not None else _skeleton(article_text)
    best = run = 0
    for i in range(len(post_norm) - _BOUND_K + 1):
        if post_norm[i : i + _BOUND_K] in article:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return (best + _BOUND_K - 1 if best else _BOUND_K - 1) + _BOUND_MARGIN


def has_exact_run(post_text: str, article_text: str, length: int, skeleton: str | None = None) -> bool:
    """Whether `longest_exact_bound(post_text, article_text, skeleton) >= length`, found without
    testing every post k-gram: the bound reaches `length` exactly when some run of
    r = length - k + 1 - margin consecutive post k-grams all occur in the article, and every such
    run holds one of the k-grams at positions r-1, 2r-1, ...; only those are looked up, and
    runs are followed from the ones found. A post of 300 characters is decided with ~6 substring
    searches in the article's skeleton instead of ~290 (or of building the article's k-gram
    set), where no stretch is long enough, the usual case (measured in docs/BENCHMARKS.md)."""
    post_norm = fast_skeleton(post_text)
    if len(post_norm) < _BOUND_K:
        return len(post_norm) + _BOUND_MARGIN >= length
    need = length - _BOUND_MARGIN - _BOUND_K + 1  # consecutive k-grams the bound needs
    if need <= 0:
        return True
    grams = len(post_norm) - _BOUND_K + 1
    if grams < need:
        return False
    norm = skeleton if skeleton is not None else _skeleton(article_text)

    def present(i: int) -> bool:
        return post_norm[i : i + _BOUND_K] in norm

    for probe in range(need - 1, grams, need):
        if not present(probe):
            continue
        left = right = probe
        while left > 0 and right - left + 1 < need and present(left - 1):
            left -= 1
        while right + 1 < grams and right - left + 1 < need and present(right + 1):
            right += 1
        if right - left + 1 >= need:
            return True
    return False


@functools.lru_cache(maxsize=16)
def reported_length(calibration: Any) -> int:
    """The shortest exact stretch, in characters, that `calibration` (the exact channel's:
    logistic, rising with length) gives `results.REPORT_CONFIDENCE`: what `has_exact_run` is
    asked for. A length no post reaches (MAX_LENGTH + 1) if it never does."""
    low, high = 0, MAX_LENGTH + 1
    while low < high:
        mid = (low + high) // 2
        if calibration.confidence(mid) >= REPORT_CONFIDENCE:
            high = mid
        else:
            low = mid + 1
    return low


MAX_LENGTH = 1 << 20  # longer than any post the matcher reads (results.MAX_MATCHED_CHARS)


# An exact common stretch shorter than this is chance ("the government said"), not copying.
MIN_BLOCK_CHARS = 12
MIN_BLOCK_CHARS_CJK = 5

# The exact stretches are looked for within this many characters (at least the post's length)
# of rapidfuzz's best-matching window: a condensed copy that keeps an article's first and fourth
# sentences has them hundreds of characters apart there.
WINDOW_MARGIN_CHARS = 2_000
# The wide search runs only for a post whose stretches within its own length of that window hold
# one of this many characters (a copy): the wide search costs difflib ten times as much (1.6 s
# more at 100k passages on the real stream, docs/BENCHMARKS.md), and most posts it would run for
# copy nothing.
WIDE_AFTER_CHARS = 40

Alignment = tuple[float, float, list[Span]]  # (longest exact stretch / post length, aligned share, spans)


# A post longer than this is aligned piece by piece, each piece of at most this many characters
# against its own best-matching window: rapidfuzz's window search grows faster than the square of
# the post's length (a 10,000-character Chinese post against a 50,000-character article: 120-160 s
# whole; pieces of 1,000: 0.09 s each, docs/BENCHMARKS.md). No benchmark or sample post is this
# long (the longest has 969 characters), so every one is aligned whole, as before.
ALIGN_PIECE_CHARS = 1_000

Block = tuple[int, int, int]  # (post offset, article offset, length), normalised texts


def align(core: str, article_text: str, post_n: Normalized | None = None) -> Alignment:
    """Align the post with the article on normalised texts (`post_n`: `core` normalised, when
    the caller has it already).

    Returns (longest exact stretch / post length, aligned share of the post, spans). rapidfuzz
    finds the best-matching window of the article; difflib's matching blocks within the post's
    length of it, or WINDOW_MARGIN_CHARS once one of them reaches WIDE_AFTER_CHARS, give the
    exact stretches, which are mapped back to original offsets: one span per stretch (a span's
    kind is "exact": a changed, inserted or dropped word ends one), in the post's order. A post
    longer than ALIGN_PIECE_CHARS is aligned in pieces of at most that many characters, each
    against its own window, and stretches that run on from one piece into the next are joined:
    the work per (post, article) grows linearly with the post's length.
    """
    post_n = post_n or normalize(core)
    art_n, art_text = _normalized(article_text)
    post_text = _aligned_text(post_n)
    size = len(post_text.strip())
    if not size or not art_text:
        return 0.0, 0.0, []
    min_block = MIN_BLOCK_CHARS_CJK if WIDE.search(post_text) else MIN_BLOCK_CHARS
    pieces = -(-len(post_text) // ALIGN_PIECE_CHARS)
    if pieces <= 1:
        lo, window, found = _piece_blocks(post_text, art_text, min_block)
        blocks = [(a, b, n) for a, b, n in found]
    else:
        step = -(-len(post_text) // pieces)
        blocks = []
        for start in range(0, len(post_text), step):
            piece_lo, _, found = _piece_blocks(post_text[start : start + step], art_text, min_block)
            blocks += [(start + a, piece_lo + b, n) for a, b, n in found]
        blocks = _joined(blocks)
        lo, window = 0, art_text
    if not blocks:
        return 0.0, 0.0, []
    longest = max(n for _, _, n in blocks) / size
    covered = sum(n for _, _, n in blocks) / size
    spans: list[Span] = []
    for a, b, n in blocks:  # apart from each other (difflib merges touching blocks; so does _joined)
        head = _into_word(post_text, window, a, b, n, 1)
        tail = _into_word(post_text, window, a + n, b + n, n, -1)
        head, tail = _past_sentence_ends(post_text[a : a + n], head, tail, min_block)
        ps = trim(core, *post_n.span(a + head, a + n - tail))
        as_ = trim(article_text, *art_n.span(lo + b + head, lo + b + n - tail))
        if ps[0] < ps[1] and as_[0] < as_[1]:
            spans.append({"post": ps, "article": as_})
    return longest, covered, spans


def _piece_blocks(piece: str, article: str, min_block: int) -> tuple[int, str, list[Block]]:
    """(window start in `article`, the window, difflib's blocks of `piece` in it of at least
    `min_block` characters, offsets in `piece` and in the window), the window found as `align`
    says."""
    from difflib import SequenceMatcher

    from rapidfuzz import fuzz

    al = fuzz.partial_ratio_alignment(piece, article)
    if al is None:  # only below a score cutoff, and none is given
        return 0, "", []

    def stretches(margin: int) -> tuple[int, str, list[Block]]:
        lo = max(0, al.dest_start - margin)
        window = article[lo : min(len(article), al.dest_end + margin)]
        matcher = SequenceMatcher(None, piece, window, autojunk=False)
        return lo, window, [(m.a, m.b, m.size) for m in matcher.get_matching_blocks() if m.size >= min_block]

    lo, window, blocks = stretches(len(piece))
    if blocks and max(n for _, _, n in blocks) >= WIDE_AFTER_CHARS and WINDOW_MARGIN_CHARS > len(piece):
        lo, window, blocks = stretches(WINDOW_MARGIN_CHARS)
    return lo, window, blocks


def _joined(blocks: list[Block]) -> list[Block]:
    """Blocks (in post order) with each one that continues the one before it in both texts (a
    stretch cut where one piece of the post ends) joined to it."""
    out: list[Block] = []
    for a, b, n in sorted(blocks):
        if out and out[-1][0] + out[-1][2] == a and out[-1][1] + out[-1][2] == b:
            pa, pb, pn = out.pop()
            out.append((pa, pb, pn + n))
        else:
            out.append((a, b, n))
    return out


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


# A sentence's end inside a stretch (the normalised text keeps the full stop, not the line break).
_SENTENCE_END = regex.compile(r"[.!?。！？](?:\s|$)|[。！？]")


def _past_sentence_ends(stretch: str, head: int, tail: int, min_block: int) -> tuple[int, int]:
    """`head` and `tail` grown past a sentence end that leaves less than `min_block` characters
    of the stretch on its far side: a word or two that only happen to follow or precede the same
    full stop ("Ivanhoe Mines. Le" of a digest's first item, matched into the article's "Mines.
    Le ...", put the next item's "France" beside the stretch: trial 115's press review was "France
    ≠ chinois", another event). Never the whole stretch."""
    inner = stretch[head : len(stretch) - tail]
    ends = [m.end() for m in _SENTENCE_END.finditer(inner)]
    if not ends:
        return head, tail
    first, last = ends[0], ends[-1]
    if last < len(inner) and len(inner[last:].strip()) < min_block and last > 0:
        tail += len(inner) - last
        inner = inner[:last]
    if first < len(inner) and len(inner[:first].strip()) < min_block:
        head += first
    return head, tail


def trim(text: str, start: int, end: int) -> list[int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [start, end]


def sentence_share(article_text: str, spans: list[Span]) -> float:
    """The share of one article sentence (`segment.sentences`) that the aligned stretches cover,
    where they all lie in that one sentence (each by its middle), in [0, 1]; 1.0 where they lie
    in several sentences, or without spans. A quoted sentence covers most of its sentence, a
    shared title or formula ("miembro del Buró Político del Comité Central ... y director de la
    Oficina de la Comisión de Asuntos Exteriores") only part of one; a condensed copy takes
    stretches from several (verdict.one_phrase)."""
    if not spans:
        return 1.0
    found = sentences(article_text)
    held = set()
    covered = 0
    for span in spans:
        start, end = span["article"]
        middle = (start + end) // 2
        index = next((i for i, seg in enumerate(found) if seg.start <= middle < seg.end), None)
        if index is None:
            return 1.0
        held.add(index)
        covered += end - start
    if len(held) > 1:
        return 1.0
    sentence = found[held.pop()]
    return min(1.0, covered / (sentence.end - sentence.start))


def inside_sentence(article_text: str, spans: list[Span]) -> bool:
    """Whether the aligned stretches all lie in one article sentence (`segment.sentences`) with
    a word of it before the first and after the last: a phrase from its middle ("the vision of
    building a community with a shared future for mankind will become true"), neither its start
    (a truncated copy) nor its end. False without spans."""
    if not spans:
        return False
    found = sentences(article_text)
    first, last = min(s["article"][0] for s in spans), max(s["article"][1] for s in spans)
    sentence = next((seg for seg in found if seg.start <= first and last <= seg.end), None)
    if sentence is None:
        return False
    return _WORD_CHAR.search(article_text, sentence.start, first) is not None and \
        _WORD_CHAR.search(article_text, last, sentence.end) is not None


_GAP_MARKS = regex.compile(r"[#\s\p{Zs}]+")
MAX_SAME_GAP_CHARS = 40


def _same_gap(post_gap: str, article_gap: str) -> bool:
    """Whether two gaps between aligned stretches are one text but for hashtag signs, spaces and
    case, and short (MAX_SAME_GAP_CHARS): trial 91's retweet "...establishment of #China-#EU
    comprehensive..." had "#China-#" unaligned on both sides (the post's "#" read as a space,
    too short a stretch of its own between them), and was near_verbatim."""
    if len(post_gap) > MAX_SAME_GAP_CHARS or len(article_gap) > MAX_SAME_GAP_CHARS:
        return False
    post_words = _bare(post_gap)
    return bool(post_words) and post_words == _bare(article_gap)


def _bare(text: str) -> str:
    """`text` without hashtag signs and spaces, case-folded: what `_same_gap` and `_shared_edge`
    compare."""
    return _GAP_MARKS.sub("", text).casefold()


def joined_share(post_text: str, article_text: str, spans: list[Span]) -> float:
    """The share of the post's letters and digits in its longest run of aligned stretches, where
    stretches next to each other in both texts join across gaps that hold no letter or digit on
    either side (a hashtag's "#" the post's text blanks, a line break, a dash for a comma), or
    the same words on both sides with only hashtag signs and spaces apart (`_same_gap`), and
    to the same words at the run's two edges (`_shared_edge`: a retweet's cut word), in
    [0, 1]; 0 without spans or letters. Trial 88: a post that was its article's text to the byte,
    hashtags and link included, was near_verbatim, its stretches broken at each "#"
    (verdict.VERBATIM_SHARE)."""
    total = len(_WORD_CHAR.findall(post_text))
    if not spans or not total:
        return 0.0
    best = run = 0
    last: Span | None = None
    for span in sorted(spans, key=lambda sp: sp["post"][0]):
        words = len(_WORD_CHAR.findall(post_text, *span["post"]))
        joins = last is not None and span["article"][0] >= last["article"][1] and (
            (not _WORD_CHAR.search(post_text, last["post"][1], span["post"][0])
             and not _WORD_CHAR.search(article_text, last["article"][1], span["article"][0]))
            or _same_gap(post_text[last["post"][1]:span["post"][0]], article_text[last["article"][1]:span["article"][0]]))
        if not joins:
            # the words before the run's first stretch that are the article's words before it,
            # hashtag signs and spaces aside (trial 92: "RT @MFA_China: #China and #EU are..." left
            # "#China and #" unaligned before the first stretch)
            run = _shared_edge(post_text[max(0, span["post"][0] - MAX_SAME_GAP_CHARS):span["post"][0]],
                               article_text[max(0, span["article"][0] - MAX_SAME_GAP_CHARS):span["article"][0]],
                               backwards=True)
        run += words
        # ... and after its last, up to a word X cut short ("China-Eur…" of "China-Europe")
        after = _shared_edge(post_text[span["post"][1]:span["post"][1] + MAX_SAME_GAP_CHARS],
                             article_text[span["article"][1]:span["article"][1] + MAX_SAME_GAP_CHARS])
        best = max(best, run + after)
        last = span
    return min(1.0, best / total)


def _shared_edge(post_side: str, article_side: str, backwards: bool = False) -> int:
    """How many letters and digits `post_side` and `article_side` have in common from their
    starts (from their ends where `backwards`), hashtag signs, spaces and case aside: the words a
    run of stretches is joined to at its edges."""
    post_words, article_words = _bare(post_side), _bare(article_side)
    if backwards:
        post_words, article_words = post_words[::-1], article_words[::-1]
    same = 0
    for a, b in zip(post_words, article_words):
        if a != b:
            break
        same += 1
    return len(_WORD_CHAR.findall(post_words[:same]))


_CASED_WORD = regex.compile(r"[\p{Lu}\p{Ll}\p{Lt}][\p{L}\p{M}'’-]*")


def prose_share(post_text: str, spans: list[Span]) -> float:
    """The share of the letters of the post's aligned stretches (`spans`' post offsets into
    `post_text`) that lie in words beginning in lower case, in [0, 1]: a restated sentence is
    mostly such words ("had a candid and in-depth exchange of views on strategic ... issues"), an
    official title or an event's name mostly capitalised ones ("the third Belt and Road Forum
    for International Cooperation": 0.22). 0.0 where the stretches hold no word of a script with
    case (Chinese, Japanese, Arabic: verdict.quoted_sentence then never applies)."""
    lower = total = 0
    for span in spans:
        start, end = span["post"]
        for m in _CASED_WORD.finditer(post_text, start, end):
            n = sum(c.isalpha() for c in m.group())
            total += n
            if m.group()[0].islower():
                lower += n
    return lower / total if total else 0.0
