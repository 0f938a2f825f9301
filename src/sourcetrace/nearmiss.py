"""The closest article a post was not reported against, and why not (`query --closest`).

A researcher who expected a copy and got `no_match`, or a weaker match than the article they
had in mind, needs to see what stood in the way: the encoders' confidences against their
thresholds, one encoder alone, numbers of the post the article lacks, a post too short. That
is what `verdict.why_not` says, for the best candidate article the verdict did not report.

The screen (screen.py) is off here: a stopped post has no candidates to explain, and one post
costs little. So the candidates are every article LSH or an encoder finds for the post, as
the matcher would verify them without its cascade (`MatchConfig.screen` off).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from . import verdict
from .candidates import candidates, rank_articles
from .dates import lag_days
from .errors import InputError
from .index import Index
from .lexical import shingles
from .match import (
    MatchConfig,
    aligned_ranges,
    examine,
    report,
    weigh_candidates,
)
from .prepared import prepare
from .records import Article, Post
from .results import article_header
from .sharedfacts import anchor_evidence, shown_anchors


@dataclass
class NearMiss:
    """The closest unreported candidate article of one post: the `closest` object of `query
    --json`. `reasons` come from verdict.why_not (at least one); `chance` is verdict.chance's
    figures for the pair; `anchors` the numbers, dates and names the pair shares."""

    article: Article
    reasons: list[str]
    chance: dict[str, Any] = field(default_factory=dict)
    semantic: dict[str, float] = field(default_factory=dict)  # encoder -> cosine
    containment: float = 0.0
    anchors: list[dict[str, object]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": article_header(self.article),
            "reasons": self.reasons,
            "signals": {"lexical_containment": round(self.containment, 4),
                        "semantic_by_encoder": self.semantic},
            "evidence": {"anchors": self.anchors, "chance": self.chance},
        }


# The reason for a named article the rules would report (`closest(article=...)`): the caller says why
# the check did not (query --why).
REPORTED_IN_FULL = "the rules report this pair when it is examined alone"


def _untrusted(raw: dict[str, float], trusted: dict[str, float], lang: str | None,
               tagged: bool) -> list[str]:
    """One reason naming the encoders that scored the pair but may not decide for a post in
    `lang` (MatchConfig.languages), and where that language came from: a trial's untagged
    English headline read as Tagalog was told only that e5 found it too far, while USE, at
    0.50, was left out for the language."""
    left = sorted(name for name in raw if name not in trusted)
    if not left or lang is None:
        return []
    source = "the post's tag" if tagged else "read from the text"
    return [(f"{', '.join(left)} may not decide for a post in {lang!r} ({source}; --lang sets the"
             f" language where that is wrong), so only {', '.join(trusted) or 'no encoder'} counted")]


def closest(index: Index, post: Post, config: MatchConfig, reported: set[str],
            article: str | None = None) -> NearMiss | None:
    """The candidate article of `post` that comes closest to being reported without being so,
    or None when the post has no other candidate (or too little text). `reported`: ids of the
    articles reported for it, left out. "Closest" is the highest of the pair's semantic and
    lexical confidences before the rules that held it back (`PairEvidence.semantic`,
    `lexical_confidence`), ties by article id. `article`: the id of the one article to explain
    instead, candidate or not (`query --why`: trial 14's closest was an unrelated article, and
    the copy the user expected could not be named); InputError where the index holds no such
    article. Raises what the matcher raises on a damaged index (IndexFolderError)."""
    config = replace(config, screen=False)
    wanted = None
    if article is not None:
        wanted = index.store.aid_of(article)
        if wanted is None:
            raise InputError(f"--why: the index holds no article {article[:80]!r}")
    prep = prepare(post, config)
    if prep.too_short:
        return None
    found, qvecs = candidates(index, [prep], config)
    ranked = rank_articles(index, found[0], config)
    if wanted is not None and wanted not in ranked:
        ranked = [*ranked, wanted]  # examined as any candidate (margins over the others too)
    if not ranked:
        return None
    post_sh = shingles(prep.core)
    seen = [examine(index, aid, prep, post_sh, found[0], {n: v[0] for n, v in qvecs.items()}, config)
            for aid in ranked]
    weigh_candidates(index, prep, found[0], ranked, seen, config)  # as `match.verify` does
    for aid, one in zip(ranked, seen):
        if not verdict.anchors_matter(one.evidence, prep.anchors):  # the matcher skipped them: shown here
            anchor_evidence(one.evidence, prep, one.article.text, index.store.anchor_keys(aid), one.semantic.alike,
                            lag_days(one.article.published_at, prep.post.created_at),
                            aligned_ranges(one.semantic, one.passages, one.spans), one.spans,
                            one.article.published_at)
    best = None
    for one in seen:
        if article is not None and one.article.id != article:
            continue
        if one.article.id in reported:
            continue
        ev = one.evidence
        reasons = verdict.why_not(ev)
        if not reasons and report(one, prep) is None:
            reasons = ["its evidence cannot be shown: no aligned passage or stretch"]
        if not reasons and article is not None:
            reasons = [REPORTED_IN_FULL]
        if not reasons:
            continue  # reported, though not among the matches the caller was given (top)
        tagged = bool(prep.post.lang) and prep.shown_lang == prep.post.lang
        reasons = [*reasons, *_untrusted(one.semantic.raw, ev.by_encoder, prep.lang, tagged)]
        key = (max(ev.semantic, ev.lexical_confidence()), one.article.id)
        if best is None or key[0] > best[0][0] or (key[0] == best[0][0] and key[1] < best[0][1]):
            best = (key, one, reasons)
    if best is None:
        return None
    _, one, reasons = best
    ev = one.evidence
    return NearMiss(one.article, reasons, verdict.chance(ev), dict(one.semantic.raw), ev.containment,
                    shown_anchors(ev.shared, prep.core, one.article.text))
