"""Stage 1 of matching: a post prepared once for every later stage (`match` re-exports these).

`prepare` cuts a post to what is matched (`MAX_MATCHED_CHARS`), blanks URLs, mentions and
hashtag signs, splits it into the queries the encoders embed (the whole post, then its
sentences), resolves its language and says whether it is too short to match. `Prepared` holds
that, and computes on first use what several candidate articles ask for (anchors, letters,
normalised text).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import regex

from . import align, anchors
from . import lang as langid
from .lexical import CJK_K, shingle_text, strip_noise
from .normalize import INVISIBLE, Normalized, normalize
from .records import Post
from .results import MAX_MATCHED_CHARS
from .segment import STAFF_CREDIT, Segment, sentences, width

__all__ = [
    "MAX_ENCODED_CHARS", "MAX_MATCHED_CHARS", "MAX_SENTENCE_QUERIES", "MAX_SENTENCE_WIDTH", "Prepared", "prepare",
]


class LetterFloor(Protocol):
    """What `prepare` reads of a `match.MatchConfig` (so this module needs no import of match)."""

    @property
    def min_letters(self) -> int: ...


_LETTER = regex.compile(r"\p{L}")
_MARK = regex.compile(r"\p{M}")

def letters(text: str) -> int:
    """How much text there is to match, in Latin-letter equivalents.

    A Han, kana or Hangul character carries about as much as a three-letter word piece (an
    NTREX sentence in Chinese has a third of the characters of its English source), and Indic
    vowel signs are marks, not letters, but are written characters all the same.
    """
    return len(_LETTER.findall(text)) + len(_MARK.findall(text)) + 2 * len(align.WIDE.findall(text))


_HASH = regex.compile(r"#(?=\w)")
_YEAR_DIGITS = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# An account's handle written without "@" ("vía mundo_china", "Twitter •xinhua_espanol": the
# evasive credits this tool exists to read, `attribution`): Latin letters and digits joined by
# underscores, not a hashtag's words. Its words are no names of the post: trial 100's credits gave
# "places not in the article: china, espanol", and "china" was shared with every article on China.
_BARE_HANDLE = regex.compile(r"(?<![\w@#＃])[A-Za-z0-9]+(?:_+[A-Za-z0-9]+)+(?![\w])")
# ... and one right after a platform's name (or X's) and a bullet ("Twitter •Chinamission2un", "IG ●
# cgtnenespanol"), whatever its letters; after a platform's name and a colon where it holds a digit
# or a capital inside ("Telegram: CGTNOfficial") or ends the line ("Telegram: cgtnofficial"); after
# a credit word ("vía", "Fuente:", "Источник:", "来源：", `attribution.cues.CREDIT_WORDS`) where it holds a digit or a
# capital inside ("vía Chinamission2un", "Источник: XHNews"): a verbatim copy of an 18-character
# Chinese headline ending "… Twitter •Chinamission2un" was a paraphrase at 0.85, the credit's
# letters most of its shingles (containment 0.43; the note of 2026-12-06; trial 103 the others).
# The labels' words are `attribution.cues`'.
# A slash between a platform's name and a handle is such a mark ("Twitter/CGTNFrancais", trial 104).
_HANDLE_MARKS = "•·●▪►➡→|»/"


@functools.cache
def _platform_handle() -> regex.Pattern[str]:
    from .attribution.cues import CREDIT_WORDS, PLATFORM_WORDS

    platforms = "|".join(regex.escape(w) for w in sorted(PLATFORM_WORDS, key=len, reverse=True))
    credits = "|".join(regex.escape(w) for w in sorted(CREDIT_WORDS, key=len, reverse=True))
    unlike_a_word = r"[A-Za-z0-9_.]*(?-i:\d|[a-z][A-Z]|[A-Z]{2}[a-z])[A-Za-z0-9_.]*"
    return regex.compile(
        rf"(?<!\w)(?:(?:{platforms}|x)[ \t]*[{_HANDLE_MARKS}]+[ \t]*(?P<h>[A-Za-z0-9_.]*[A-Za-z0-9_])"
        rf"|(?:{platforms})[ \t]*[:：][ \t]*(?:(?P<h>{unlike_a_word})|(?P<h>[A-Za-z0-9_.]*[A-Za-z0-9_])(?=[ \t]*(?:$|[\n)\]])))"
        rf"|(?:{credits})(?:[ \t]*[:：][ \t]*|[ \t]+)(?P<h>{unlike_a_word}))(?![\w@])",
        regex.IGNORECASE | regex.MULTILINE)


# ... and a link to a profile written without its scheme ("t.me/XHNews", "x.com/PuebloEnLnea";
# trial 103; `attribution.cues.PROFILE_HOSTS`), which `lexical.strip_noise` leaves: a credit as well.
@functools.cache
def _profile_link() -> regex.Pattern[str]:
    from .attribution.cues import PROFILE_HOSTS

    hosts = "|".join(regex.escape(h) for h in PROFILE_HOSTS)
    return regex.compile(rf"(?<![\w.@/])(?:www\.|mobile\.)?(?:{hosts})/[@\w.\-/]*[\w]", regex.IGNORECASE)


def _blank_handles(text: str) -> str:
    """`text` with bare handles (`_BARE_HANDLE`), links to a profile (`_profile_link`) and handles
    after a platform label or a credit word (`_platform_handle`) blanked (spaces, same offsets)."""
    text = _profile_link().sub(lambda m: " " * len(m.group()), text)
    text = _BARE_HANDLE.sub(lambda m: " " * len(m.group()), text)
    chars = list(text)
    for m in _platform_handle().finditer(text):
        chars[m.start("h") : m.end("h")] = " " * (m.end("h") - m.start("h"))
    return "".join(chars)


HAN_SHARE = 0.9


@dataclass
class Prepared:
    """A post as every stage of the matcher sees it (built by `prepare`)."""

    post: Post
    core: str  # post text with URLs and @mentions blanked (same length, same offsets)
    queries: list[Segment]  # whole post first, then its sentences when there are several
    lang: str | None
    too_short: bool
    shown_lang: str | None = None  # results' post.lang: its tag, unless the text overrode it
    # what LSH looks up: the whole post and every sentence (MAX_LEXICAL_QUERIES), not only those
    # the encoders embed: a copy late in a long post shares its shingles with the article only
    # sentence by sentence (trial 20: a 3,570-character copy from character 8,001 was not found)
    lexical_queries: list[Segment] = field(default_factory=list)

    @functools.cached_property
    def anchors(self) -> tuple[anchors.Anchor, ...]:
        """The anchors of `core`, but a year inside one of the post's hashtags (`tag_years`)."""
        tagged = self.tag_years
        return tuple(a for a in anchors.extract(self.core)
                     if not (a.kind == "year" and any(lo <= a.start < hi for lo, hi in tagged)))

    @functools.cached_property
    def tag_years(self) -> tuple[tuple[int, int], ...]:
        """(start, end) in `core` of each year written inside a hashtag of the post ("#Somalia2024",
        "#进博会2024"): `core` reads a hashtag's "#" as a space, the post's text says where they
        were (same offsets). A hashtag's year tags the post, no year the story states
        (`anchors.in_hashtag`; trial 120)."""
        if "#" not in self.post.text and "＃" not in self.post.text:
            return ()
        text = self.post.text[:len(self.core)]
        return tuple((m.start(), m.end()) for m in _YEAR_DIGITS.finditer(anchors.ascii_digits(self.core))
                     if anchors.in_hashtag(text, m.start()))

    @functools.cached_property
    def letters(self) -> int:
        return letters(self.core)

    @functools.cached_property
    def shingle_k(self) -> int:
        """The k of the post's character k-grams (lexical.shingle_text: lexical.CJK_K for a post
        mostly in Han, kana or Hangul, lexical.DEFAULT_K otherwise)."""
        return shingle_text(self.core)[1]

    @functools.cached_property
    def han_script(self) -> bool:
        """Whether the post is shingled as CJK (`shingle_k`) and HAN_SHARE or more of its Han,
        kana and Hangul characters are Han: Chinese, not Japanese or Korean, whose kana and Hangul
        endings make common trigrams no Chinese text has (verdict.dense_overlap is measured on
        Chinese only)."""
        if self.shingle_k != CJK_K:
            return False
        cjk = align.WIDE.findall(self.core)
        return bool(cjk) and sum(1 for c in cjk if anchors.HAN_CHAR.match(c)) >= HAN_SHARE * len(cjk)

    @functools.cached_property
    def sentence_letters(self) -> np.ndarray:
        """Informative letters of each sentence query (`queries[1:]`), once per post: every
        candidate article's score (`_aggregate`) asks."""
        return np.array([letters(s.text) for s in self.queries[1:]], dtype=np.int64)

    @functools.cached_property
    def sentence_weights(self) -> np.ndarray:
        """Each sentence query's length in characters, its weight in `_aggregate`'s mean."""
        return np.array([len(s.text) for s in self.queries[1:]], dtype=np.float32)

    @functools.cached_property
    def normalized(self) -> Normalized:
        """`core` normalised, once per post (every candidate article is aligned against it)."""
        return normalize(self.core)


# Its first sentences are embedded alone, at most 32 of them and 6,000 of width (`segment.width`: a
# Han character counts 4, about one of e5's tokens, a Latin one 1), each query's first 2,000
# characters: a sentence costs each encoder a text, and e5 reads long text window by window (24,000
# Chinese characters took 16 s, 10,000 alone 6 s; a 3,000-word post cut into 32 sentences 20 s
# instead of 4.5 s whole). No benchmark or sample post has more than 13 sentences or 969 characters
# (width 3,876 at most), so each is embedded sentence by sentence as before.
MAX_SENTENCE_QUERIES, MAX_SENTENCE_WIDTH, MAX_ENCODED_CHARS = 32, 6_000, 2_000
# LSH reads every sentence of the matched text (a MinHash signature costs microseconds), up to this
# many: 10,000 characters hold about 100 sentences of news prose.
MAX_LEXICAL_QUERIES = 256


def _sentence_queries(segs: list[Segment]) -> list[Segment]:
    """The first of `segs` that fit MAX_SENTENCE_QUERIES and MAX_SENTENCE_WIDTH together."""
    kept: list[Segment] = []
    total = 0
    for seg in segs[:MAX_SENTENCE_QUERIES]:
        total += width(seg.text[:MAX_ENCODED_CHARS])
        if total > MAX_SENTENCE_WIDTH:
            break
        kept.append(seg)
    return kept


def core_text(text: str) -> str:
    """A post's text as the matcher and the anchors read it (`Prepared.core`): its first
    MAX_MATCHED_CHARS characters, URLs, @mentions, handles without "@" (`_blank_handles`) and staff credits ("(实习编译：杨晋琳 审稿：王欢)",
    `segment.STAFF_CREDIT`) blanked, a hashtag's "#" a space; same offsets. A report's anchor words
    are this text at their span ("#China-#Africa" gives "China- Africa"), not the post's own
    characters."""
    core = _HASH.sub(" ", _blank_handles(strip_noise(text[:MAX_MATCHED_CHARS])))
    return STAFF_CREDIT.sub(lambda m: " " * len(m.group()), core)


def prepare(post: Post, config: LetterFloor) -> Prepared:
    """`post` made ready for matching under `config` (its `min_letters`); never raises on text."""
    core = core_text(post.text)
    whole = Segment(0, len(core), core)
    every = [s for s in sentences(core) if letters(s.text) >= config.min_letters // 2]
    segs = _sentence_queries(every)
    queries = [whole] + (segs if len(segs) > 1 else [])
    lexical = [whole] + (every[:MAX_LEXICAL_QUERIES] if len(every) > 1 else [])
    # the text decides when it confidently disagrees with the tag; a tag never switches a channel off
    resolved, how = langid.resolve(post.lang, INVISIBLE.sub("", core))  # U+200B throughout read as Khmer
    lang = langid.base(resolved)
    too_short = letters(core) < config.min_letters
    return Prepared(post, core, queries, lang, too_short, post.lang if how == "tag" else lang, lexical)
