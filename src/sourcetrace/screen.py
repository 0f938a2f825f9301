"""The matcher's cascade: which posts can stop before the expensive work.

Almost every post of a real stream copies nothing. `candidates.candidates` runs the cheap channels
first (MinHash LSH and the first encoder of the index, USE in the default `use+e5`) and stops a
post there when

- it is too short to be told apart from chance resemblance (`STOP_SHORT`, decided by `prepare`), or
- LSH found no passage for it, and none of the first encoder's nearest passages, over the post
  and each of its sentences, scores at or above the floor of the pair it would make
  (`pair_floor`: the post's language and the passage's article's pick the calibration the
  verdict would judge them with, as `candidates.score_semantic` does) (`stopped_by(encoder)`),

provided that encoder may decide in the post's language (`MatchConfig.trusts`): a post in a
language USE does not cover is never stopped by USE. A stopped post gets no second encoder
(e5 embeds ~30x slower than USE), no verification and no attribution: it is `no_match`.

A post too short for any semantic verdict (fewer than `verdict.MIN_LETTERS` letters and too few
anchors to be rescued, `verdict.can_be_semantic`) that the first encoder does not rule out is
verified in the same way, as `NO_SEMANTIC`: its candidates from LSH and the first encoder are
verified on shared characters, and the second encoder does not embed it, as whatever it said the
verdict would give the post no semantic match. Nothing is lost but candidates only the second
encoder would have found for a character match.

A post the first encoder rules out in the same way but for which LSH found passages is
*lexical only* (`lexical_only(encoder)`): its candidates are verified on shared characters
(containment, the aligned exact stretches), the second encoder does not embed it, and no
semantic verdict is reported for it (the first encoder alone would decide without the
encoders' agreement rule, see verdict.py). Shared characters need no encoder, and the second
encoder could only have carried a semantic match the screen gives up for every other post below
the floor. Such posts grow with
the index (LSH finds a passage sharing a phrase more often): measured on 1,500 real negatives,
2.3% of them at 1k passages and 8.5% at 10k (docs/BENCHMARKS.md).

Last, a post the first encoder screens in is scored by it against each candidate article found
so far (`candidates._others_can_decide`). Where two encoders are trusted in the post's language, the
verdict's agreement rule (`verdict.AGREE_MIN`) caps any article the first encoder gives less
than AGREE_MIN, unless it shares AGREE_ANCHORS of anchors with the post: if every candidate is
such an article, the second encoder could not make any of them a semantic match, so the post is
verified without it (`doubted_by(encoder)`). The screen's hits are passages and single
sentences; the verdict scores whole articles from the whole post, which is why many posts pass
the first test and fail this one. Given up: articles only the second encoder would have found,
and the `stands_out` rule with the second encoder the surest (e5's margins over the runner-up,
0.0-0.06 on the tuning halves, never reach AGREE_MARGIN).

Of 3,368 real tuning posts against 1k news passages, 1,263 reached e5 with a single floor and
431 with the three tests above; no reported verdict changed on the tuning halves (6,412 posts)
or on the sample and test halves (3,186), docs/BENCHMARKS.md.

Why this loses (almost) nothing: an encoder's article score (`candidates._aggregate`) is a maximum
or a weighted mean of per-query best-passage scores, minus the query's background when the
calibration uses local scaling, so it can never exceed the best per-query score the screen
looks at; below the encoder's report threshold that encoder alone cannot make a match. What the
screen gives up are copies that only the second encoder, containment against a passage LSH
missed, or a window of consecutive passages (`candidates.score_semantic`: a long post against 2-3
passages summed, which can score above each of them) would have found: `SCREEN_MARGIN` below
the threshold keeps those (measured, see there).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol

from .calibration import Calibration
from .results import REPORT_CONFIDENCE

STOP_SHORT = "short"
# posts the first encoder does not rule out, but too short for any semantic verdict
# (verdict.can_be_semantic): verified on shared characters only, without the second encoder
NO_SEMANTIC = "short-for-semantic"

# Subtracted from the report threshold of the screening encoder: the distance below USE's
# threshold within which e5 or containment still find right matches that USE alone does not.
# Measured with scripts/screen_eval.py on the tuning halves (benchmarks/ntrex/tune and
# benchmarks/condensed/tune, each against an index of its articles, use+e5; docs/BENCHMARKS.md,
# "The cascade"): 0.06 lost 0.29 and 0.40 recall points and stopped 78% of
# benchmarks/negatives/tune at USE; 0.10 loses 0.10 and 0 points and stops 60%. With issue 12's
# verdict (the encoders' agreement rule lets e5 carry a match USE barely sees) 0.06 cost one of
# the sample's 125 copies (a Japanese translation at USE margin 0.10), so 0.10 it is.
SCREEN_MARGIN = 0.10


class _Config(Protocol):  # what the floors need of match.MatchConfig
    def semantic_for(self, encoder: str, same_language: bool = False,
                     article_lang: str | None = None, post_lang: str | None = None) -> Calibration: ...


def reach(calib: Calibration, confidence: float = REPORT_CONFIDENCE) -> float:
    """The score at which `calib` gives `confidence` (its threshold at 0.5)."""
    return calib.threshold + math.log(confidence / (1.0 - confidence)) / calib.slope


def screen_floor(config: _Config, encoder: str, margin: float = SCREEN_MARGIN,
                 confidence: float = REPORT_CONFIDENCE) -> float:
    """The lowest score of `encoder` that does not stop a post: the lowest score at which any of
    its calibrations (cross-lingual or same-language) reaches `confidence` (by default
    `results.REPORT_CONFIDENCE`; `verdict.ANCHOR_FLOOR` for a post whose anchors could lift a
    doubted match), minus `margin`. The score is the raw cosine, or the cosine minus the query's
    background when the encoder's calibration uses local scaling (`scaled(encoder)`; both of an
    encoder's calibrations come from one file and share that choice). The per-article-language
    calibrations (`MatchConfig.by_article_language`) are not asked: the article is not known
    before the screen, and the floor stays the cross-lingual one, so for Chinese articles under
    USE (threshold 0.04 lower) the margin is in effect 0.06 — the verdict dumps that chose that
    threshold were made with this screen in place, so its gains are net of what it stops."""
    calibs = (config.semantic_for(encoder, False), config.semantic_for(encoder, True))
    return min(reach(c, confidence) for c in calibs) - margin


def pair_floor(config: _Config, encoder: str, post_lang: str | None, article_lang: str | None,
               by_article_language: bool, margin: float = SCREEN_MARGIN,
               confidence: float = REPORT_CONFIDENCE) -> float:
    """The floor for one hit: a passage of an article in `article_lang` (base tag or None) near
    a post in `post_lang`. The calibration is the one `candidates.score_semantic` would judge the
    pair with (same-language, the article language's own where `by_article_language`, i.e.
    where a second encoder trusted in the post's language can veto, else cross-lingual), and
    `margin` is kept in that calibration's confidence, not in cosine: it is `margin` on the
    encoder's cross-lingual scale (where SCREEN_MARGIN was measured) and
    `margin * cross.slope / pair.slope` on the pair's. Never below `screen_floor`, so a hit
    that passes here passed the single floor before.

    Why per pair: USE's same-language threshold (0.353, slope 16.4) is far above its
    cross-lingual one (0.187, slope 33.1), so the single floor (the lowest of the two, minus
    the margin: 0.087) kept every post near an article in its own language that no verdict
    could report with USE's agreement: 0.087 is 0.036 of confidence on the cross-lingual
    scale but 0.013 on the same-language one. Measured (docs/BENCHMARKS.md): of 3,368 real
    posts (benchmarks/negatives/tune) against 1k real news passages, 1,211 reached the second
    encoder with the single floor and 909 with the pair floors."""
    same = post_lang is not None and post_lang == article_lang
    differs = post_lang is not None and article_lang is not None and not same
    cross = config.semantic_for(encoder, False)
    calib = config.semantic_for(encoder, same, article_lang if differs and by_article_language else None, post_lang)
    logit = math.log(confidence / (1.0 - confidence)) - margin * cross.slope
    return max(screen_floor(config, encoder, margin, confidence), calib.threshold + logit / calib.slope)


def passes(config: _Config, encoder: str, post_lang: str | None,
           hits: Iterable[tuple[float, str | None]], by_article_language: bool,
           low_confidence: float | None = None, margin: float = SCREEN_MARGIN) -> bool:
    """Whether a post clears the first encoder's screen: some hit (its screen score, the base
    language of its passage's article) at or above its `pair_floor`, or, where
    `low_confidence` is given (a post whose own anchors could lift a doubted match: the lowest
    confidence the verdict still reports from, `verdict.ANCHOR_FLOOR`), at or above the pair
    floor of that confidence."""
    floors: dict[tuple[str | None, float], float] = {}
    wanted = (REPORT_CONFIDENCE,) if low_confidence is None else (REPORT_CONFIDENCE, low_confidence)
    for score, article_lang in hits:
        for conf in wanted:
            key = (article_lang, conf)
            if key not in floors:
                floors[key] = pair_floor(config, encoder, post_lang, article_lang,
                                         by_article_language, margin, conf)
            if score >= floors[key]:
                return True
    return False


def scaled(config: _Config, encoder: str) -> bool:
    """Whether `encoder`'s screen score is its cosine minus the query's background."""
    return config.semantic_for(encoder).local_scaling


def stopped_by(encoder: str) -> str:
    """The name under which a post stopped by `encoder`'s screen is counted."""
    return f"{encoder}<floor"


def lexical_only(encoder: str) -> str:
    """The name under which a post `encoder` rules out but LSH keeps (verified without the
    second encoder) is counted."""
    return f"{encoder}<floor+lsh"


def doubted_by(encoder: str) -> str:
    """The name under which a post `encoder` screens in, but whose every candidate article it
    gives less than the encoders' agreement rule needs (`candidates._others_can_decide`), is counted:
    verified without the second encoder."""
    return f"{encoder}<agree"
