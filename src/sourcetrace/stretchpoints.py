"""The points of a post beside the exact stretches it shares with an article, and the article's at
the same place: where another place (`placeswap.place_conflict`) or another figure
(`sharedfacts.figure_conflict`) written in the same words tells another event."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from .results import Span

__all__ = [
    "PLACE_GAP_SLACK",
    "PLACE_NEAR",
    "SENTENCE_END",
    "Gap",
    "at_point",
    "ends_sentence",
    "points",
    "sentence_at",
    "tagged",
    "touches",
]

# A sentence's end: a full stop only before a capital, a digit or a quote, or at the end ("EE.UU. y"
# and "U.S. officials" go on; trial 56 saw a swap after "EE.UU." missed for it).
SENTENCE_END = regex.compile(r"[!?。！？\n]|\.(?=\s+[\p{Lu}\p{Lo}\p{N}\"“«¿¡]|\s*$)")
# How close to an exact stretch a place must stand to be the same point of the text (a space, a
# hyphen: "de Macao", "China-Pakistán"), in characters.
PLACE_NEAR = 2
# How far beyond the length of the post's own unaligned stretch the article's is read for the
# place it writes there (`place_conflict`), in characters.
PLACE_GAP_SLACK = 30


def touches(start: int, end: int, lo: int, hi: int, sides: str) -> bool:
    """Whether [start, end) lies within PLACE_NEAR characters of the gap [lo, hi)'s start (side
    "l": right after the stretch before it) or of its end ("r": right before the stretch after
    it), overlapping the gap or the stretch."""
    return ("l" in sides and lo - (end - start) <= start <= lo + PLACE_NEAR and end >= lo) or \
        ("r" in sides and hi - PLACE_NEAR <= end <= hi + (end - start) and start <= hi)


def sentence_at(text: str, at: int) -> tuple[int, int]:
    """[start, end) of the sentence of `text` holding offset `at` (`SENTENCE_END`)."""
    start = 0
    for m in SENTENCE_END.finditer(text, 0, at):
        start = m.end()
    end = SENTENCE_END.search(text, at)
    return start, end.start() if end is not None else len(text)


def ends_sentence(text: str, at: int) -> bool:
    """Whether the text before `at`, spaces aside, ends a sentence (a full stop only where what
    follows starts one: `SENTENCE_END`); the text's start is one."""
    j = at
    while j > 0 and text[j - 1].isspace():
        if text[j - 1] == "\n":
            return True
        j -= 1
    return j == 0 or SENTENCE_END.match(text, j - 1) is not None


Gap = tuple[int, int, str]


def points(post: str, article_text: str, spans: Sequence[Span],
            condensing: bool = False) -> Iterator[tuple[Gap, Gap, bool]]:
    """The points beside the exact stretches a post shares with the article (`spans`, in the
    post's order): for each unaligned stretch of the post, before, between and after them, the
    post's (lo, hi, sides) and the article's at the same place, sides "l" (right after the
    stretch before it), "r" (right before the one after it) or both, and whether the post is
    condensing there. Between two stretches much further apart in the article than in the post
    (PLACE_GAP_SLACK beyond the post's own gap) it is: no point is given unless `condensing`,
    then the two ends each on their own. No point after a stretch that ends a sentence."""
    ordered = sorted(spans, key=lambda span: span["post"][0])
    length = len(article_text)
    for i in range(len(ordered) + 1):
        before = ordered[i - 1] if i > 0 else None
        after = ordered[i] if i < len(ordered) else None
        post_lo = before["post"][1] if before else 0
        post_hi = after["post"][0] if after else len(post)
        if post_hi < post_lo:
            continue
        reach = post_hi - post_lo + PLACE_GAP_SLACK
        if before and after:
            art_lo, art_hi = before["article"][1], after["article"][0]
            if not 0 <= art_hi - art_lo <= reach:
                if condensing and art_hi > art_lo:
                    if not (ends_sentence(post, post_lo) or ends_sentence(article_text, art_lo)):
                        yield (post_lo, post_hi, "l"), (art_lo, min(art_hi, art_lo + reach), "l"), True
                    yield (post_lo, post_hi, "r"), (max(art_lo, art_hi - reach), art_hi, "r"), True
                continue
            sides = "lr"
        elif before:
            art_lo, art_hi = before["article"][1], min(length, before["article"][1] + reach)
            sides = "l"
            if ends_sentence(post, post_lo) or ends_sentence(article_text, art_lo):
                continue  # what follows a whole sentence is no point of it
        else:
            assert after is not None
            art_lo, art_hi = max(0, after["article"][0] - reach), after["article"][0]
            sides = "r"
        yield (post_lo, post_hi, sides), (art_lo, art_hi, sides), False


_PICTOGRAPH = regex.compile(r"[#＃\p{Extended_Pictographic}\uFE0F]")


# A news agency's dateline at a line's start, where the agency filed rather than where the event
# was: "BEIJING, Nov. 20 (Xinhua) --", "PARÍS, 3 dic (EFE).-", "MOSCOW (Reuters) -", "新华社北京11月20日电",
# "中新网杭州11月20日电". Trial 69's repost of a Hangzhou story under a "BEIJING" dateline was
# blocked as "BEIJING ≠ HANGZHOU".
_DATELINE = regex.compile(
    r"(?m)^[ \t]*(?:\p{Lu}[\p{Lu}\p{M}'’. -]{1,40}?(?:,[ \t]*\p{Lu}[\p{L}\p{M}'’. -]{1,30}?)?"
    r"(?:,[ \t]*[^\n()\d]{0,16}\d{1,2}[^\n()]{0,24}?[ \t]*(?:\([^()\n]{2,40}\)[ \t]*)?|[ \t]*\([^()\n]{2,40}\)[ \t]*)\.?[-–—]{1,2}"
    r"|(?:新华社|中新社|中新网|中国新闻网|人民网|央视网|国际在线)\p{Han}{2,8}?\d{1,2}月\d{1,2}日(?:电|讯))")


def tagged(text: str, start: int) -> bool:
    """Whether the place at `start` is a tag rather than a word of the sentence: a hashtag
    ("#France"), a place after a pictograph ("📍Paris"), a space between allowed, or the place of
    a dateline (`_DATELINE`: "BEIJING, Nov. 20 (Xinhua) --")."""
    before = text[max(0, start - 2):start].rstrip()
    if before and _PICTOGRAPH.match(before[-1]) is not None:
        return True
    return any(m.start() <= start < m.end() for m in _DATELINE.finditer(text, 0, start + 80))


def at_point(text: str, start: int, end: int, lo: int, hi: int, sides: str) -> bool:
    """Whether a place [start, end) of `text` stands at the point of the gap [lo, hi) beside its
    stretches (`touches`), with no sentence ending between it and the stretch."""
    if not touches(start, end, lo, hi, sides):
        return False
    if "l" in sides and start <= lo + PLACE_NEAR:
        between = (min(lo, start), max(lo, start))
    else:
        between = (min(end, hi), max(end, hi))
    return SENTENCE_END.search(text, *between) is None
