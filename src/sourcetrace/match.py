"""Match posts against an index: candidates from both channels, then exact re-scoring.

Stages (each a small function): `prepare` the post, collect `candidates` (MinHash LSH and
faiss), then `verify` each candidate article: `rank_articles`, score it (`containment`,
`score_semantic` per encoder, `score_lexical` with the exact-stretch gate), keep it when a
channel is past its threshold, `classify` it (verbatim, near_verbatim, translation,
paraphrase) and find its spans; the `Matcher` attaches attribution. No LSH or ANN hit is
reported without this verification. Thresholds and curves come from `calibration`; the result
types from `results`.
"""

from __future__ import annotations

import functools
import logging
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import regex

from . import calibration, screen
from . import lang as langid
from .calibration import DEFAULT_SEMANTIC, EXACT_CALIBRATION, Calibration
from .dates import to_datetime
from .index import Index
from .lexical import fast_skeleton, shingles, signatures, strip_noise
from .normalize import Normalized, clean_for_encoder, normalize
from .records import Article, Post
from .results import (
    NEAR_VERBATIM,
    PARAPHRASE,
    REPORT_CONFIDENCE,
    TRANSLATION,
    VERBATIM,
    Attribution,
    Match,
    Result,
    Signals,
    Span,
)
from .segment import Segment, sentences

log = logging.getLogger(__name__)

# (post, copied article) -> attribution object of the contract
Attributor = Callable[[Post, Article], dict[str, Any]]

# The exact-stretch channel (calibration.EXACT_CALIBRATION) is only consulted when containment is
# at least this (the alignment it needs costs more than containment).
EXACT_PREFILTER = 0.25
# A lexical match is verbatim when one unbroken stretch of the article makes up (almost) the
# whole post, whether the whole passage or a cut-down part of it (comments and links around it
# may remain); with edits inside the copied text it is near_verbatim.
VERBATIM_SHARE = 0.85


@dataclass(frozen=True)
class MatchConfig:
    """Matching parameters; the calibrations default to the fitted files (see calibration)."""

    top: int = 3  # matches reported per post
    neighbours: int = 10  # ANN neighbours per query text
    max_candidates: int = 12  # candidate articles verified per post
    min_letters: int = 16  # shorter posts cannot be told apart from chance resemblance
    background_k: int = 10  # nearest passages averaged into a query's background (local scaling)
    semantic: dict[str, Calibration] = field(default_factory=calibration.semantic_defaults)
    lexical: Calibration = field(default_factory=calibration.lexical_default)
    exact: Calibration = EXACT_CALIBRATION  # on the longest exact common stretch, in characters
    # same-language pairs (paraphrase) are closer than translations of different sentences
    # would be, so they get their own, higher threshold when one was fitted
    monolingual: dict[str, Calibration] = field(default_factory=calibration.monolingual_defaults)
    # encoder -> post languages in which its score may decide (None: all); unknown language: all
    languages: dict[str, frozenset[str] | None] = field(default_factory=calibration.language_defaults)
    screen: bool = True  # stop posts the cheap channels rule out (screen.py); False: verify all

    def semantic_for(self, encoder: str, same_language: bool = False) -> Calibration:
        if same_language and encoder in self.monolingual:
            return self.monolingual[encoder]
        return self.semantic.get(encoder, DEFAULT_SEMANTIC)

    def trusts(self, encoder: str, lang: str | None) -> bool:
        """Whether `encoder`'s score may decide for a post in `lang`."""
        allowed = self.languages.get(encoder)
        return allowed is None or lang is None or lang in allowed


# ---- stage 1: prepare the post --------------------------------------------------------------

_LETTER = regex.compile(r"\p{L}")
_MARK = regex.compile(r"\p{M}")
_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


def _letters(text: str) -> int:
    """How much text there is to match, in Latin-letter equivalents.

    A Han, kana or Hangul character carries about as much as a three-letter word piece (an
    NTREX sentence in Chinese has a third of the characters of its English source), and Indic
    vowel signs are marks, not letters, but are written characters all the same.
    """
    return len(_LETTER.findall(text)) + len(_MARK.findall(text)) + 2 * len(_WIDE.findall(text))


_HASH = regex.compile(r"#(?=\w)")


@dataclass
class Prepared:
    post: Post
    core: str  # post text with URLs and @mentions blanked (same length, same offsets)
    queries: list[Segment]  # whole post first, then its sentences when there are several
    lang: str | None
    too_short: bool


# Only the start of a very long post is matched: X allows 25,000 characters and Telegram 4,096;
# beyond that a "post" is a document, and the aligner's cost grows with the product of lengths.
MAX_MATCHED_CHARS = 10_000


def prepare(post: Post, config: MatchConfig) -> Prepared:
    core = _HASH.sub(" ", strip_noise(post.text[:MAX_MATCHED_CHARS]))
    whole = Segment(0, len(core), core)
    segs = [s for s in sentences(core) if _letters(s.text) >= config.min_letters // 2]
    queries = [whole] + (segs if len(segs) > 1 else [])
    # the text decides when it confidently disagrees with the tag; a tag never switches a channel off
    lang = langid.base(langid.resolve(post.lang, core)[0])
    too_short = _letters(core) < config.min_letters
    return Prepared(post, core, queries, lang, too_short)


# ---- stage 2: candidates ---------------------------------------------------------------------

@dataclass
class Candidates:
    lexical: set[int] = field(default_factory=set)  # passage ids
    semantic: dict[str, dict[int, float]] = field(default_factory=dict)  # encoder -> pid -> cos
    # encoder -> per query (post order): mean cosine of its `background_k` nearest passages
    background: dict[str, list[float]] = field(default_factory=dict)
    stopped: str | None = None  # the screen that ruled the post out (see screen.py); None: verify it


def candidates(index: Index, batch: Sequence[Prepared], config: MatchConfig) -> tuple[
    list[Candidates], dict[str, list[np.ndarray]]
]:
    """LSH and ANN candidates for a batch of posts; also returns the query embeddings.

    A cascade (screen.py): LSH and the index's first encoder run for every post long enough to
    match; a post without LSH candidates whose best first-encoder score is below
    `screen.screen_floor` (in a language that encoder may decide) is marked `stopped`, and the
    other encoders embed only the posts not stopped (a stopped post's vectors are empty).
    """
    found = [Candidates() for _ in batch]
    texts: list[str] = []
    owners: list[int] = []
    for i, prep in enumerate(batch):
        if prep.too_short:
            found[i].stopped = screen.STOP_SHORT
            continue
        sigs = signatures([shingles(q.text) for q in prep.queries], index.params)
        found[i].lexical = index.lexical.query(list(sigs))
        for q in prep.queries:
            texts.append(clean_for_encoder(q.text))
            owners.append(i)
    query_vectors: dict[str, list[np.ndarray]] = {}
    n_passages = index.manifest["counts"]["passages"]
    for position, name in enumerate(index.encoder_names):
        per_post: list[list[np.ndarray]] = [[] for _ in batch]
        rows_in = [r for r, owner in enumerate(owners) if found[owner].stopped is None]
        if rows_in:
            vecs = index.encoder(name).encode([texts[r] for r in rows_in], kind="query")
            k = min(max(config.neighbours, config.background_k), n_passages)
            best: dict[int, float] = {}  # post -> best screen score over its queries
            if k > 0:
                scores, pids = index.ann(name).search(vecs, k)
                for row, r in enumerate(rows_in):
                    owner = owners[r]
                    hits = found[owner].semantic.setdefault(name, {})
                    for score, pid in zip(scores[row][: config.neighbours], pids[row][: config.neighbours]):
                        if pid >= 0:
                            hits[int(pid)] = max(hits.get(int(pid), -1.0), float(score))
                    near = scores[row][: config.background_k][pids[row][: config.background_k] >= 0]
                    background = float(near.mean()) if len(near) else 0.0
                    found[owner].background.setdefault(name, []).append(background)
                    top = float(scores[row][0]) if pids[row][0] >= 0 else -1.0
                    if screen.scaled(config, name):
                        top -= background
                    best[owner] = max(best.get(owner, -math.inf), top)
            for row, r in enumerate(rows_in):
                per_post[owners[r]].append(vecs[row])
            if position == 0 and config.screen:
                floor = screen.screen_floor(config, name)
                for owner in {owners[r] for r in rows_in}:
                    if not found[owner].lexical and config.trusts(name, batch[owner].lang) \
                            and best.get(owner, -math.inf) < floor:
                        found[owner].stopped = screen.stopped_by(name)
        query_vectors[name] = [np.vstack(v) if v else np.zeros((0, 1), np.float32) for v in per_post]
    return found, query_vectors


# ---- stage 3: verify --------------------------------------------------------------------------

@functools.lru_cache(maxsize=2048)
def _article_shingles(text: str) -> frozenset[str]:
    return frozenset(shingles(text))


@functools.lru_cache(maxsize=256)
def _article_normalized(text: str) -> Normalized:
    # the same few candidate articles come back for many posts of a dump
    return normalize(text)


_BOUND_K = 8


# Margin added to the bound: the fast skeleton collapses whitespace that `normalize` might keep
# doubled (a compatibility character folding to a space), shortening a stretch by a character or
# two at most.
_BOUND_MARGIN = 8


@functools.lru_cache(maxsize=128)
def _article_grams(text: str) -> frozenset[str]:
    norm = fast_skeleton(text)
    return frozenset(norm[i : i + _BOUND_K] for i in range(len(norm) - _BOUND_K + 1))


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
    grams = _article_grams(article_text)
    best = run = 0
    for i in range(len(post_norm) - _BOUND_K + 1):
        if post_norm[i : i + _BOUND_K] in grams:
            run += 1
            if run > best:
                best = run
        else:
            run = 0
    return (best + _BOUND_K - 1 if best else _BOUND_K - 1) + _BOUND_MARGIN


# An exact common stretch shorter than this is chance ("the government said"), not copying.
MIN_BLOCK_CHARS = 12
MIN_BLOCK_CHARS_CJK = 5

Alignment = tuple[float, float, list[Span]]  # (longest exact stretch / post length, aligned share, spans)


def _lexical_spans(core: str, article_text: str) -> Alignment:
    """Align the post with the article on normalised texts.

    Returns (longest exact stretch / post length, aligned share of the post, spans). rapidfuzz
    finds the best-matching window of the article; difflib's matching blocks inside that window
    give the exact stretches, which are mapped back to original offsets.
    """
    from difflib import SequenceMatcher

    from rapidfuzz import fuzz

    post_n = normalize(core)
    art_n = _article_normalized(article_text)
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
    min_block = MIN_BLOCK_CHARS_CJK if _WIDE.search(post_text) else MIN_BLOCK_CHARS
    blocks = [
        b for b in SequenceMatcher(None, post_text, window, autojunk=False).get_matching_blocks()
        if b.size >= min_block
    ]
    if not blocks:
        return 0.0, 0.0, []
    longest = max(b.size for b in blocks) / size
    covered = sum(b.size for b in blocks) / size
    ps = _trim(core, *post_n.span(blocks[0].a, blocks[-1].a + blocks[-1].size))
    as_ = _trim(article_text, *art_n.span(lo + blocks[0].b, lo + blocks[-1].b + blocks[-1].size))
    return longest, covered, [{"post": ps, "article": as_}]


def _trim(text: str, start: int, end: int) -> list[int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [start, end]


def _source_first(article: Article, post: Post) -> bool | None:
    """Whether the article was published no later than the post (None: a date is missing)."""
    published, created = to_datetime(article.published_at), to_datetime(post.created_at)
    if published is None or created is None:
        return None
    return published <= created


def rank_articles(index: Index, found: Candidates, config: MatchConfig) -> list[int]:
    """Candidate article ids, best candidate passage first, at most `config.max_candidates`.

    A passage found by LSH ranks as 1.0, one found by ANN by its cosine.
    """
    pids = set(found.lexical)
    best_by_pid: dict[int, float] = {pid: 1.0 for pid in found.lexical}
    for hits in found.semantic.values():
        pids.update(hits)
        for pid, score in hits.items():
            best_by_pid[pid] = max(best_by_pid.get(pid, -1.0), score)
    if not pids:
        return []
    by_article: dict[int, float] = {}
    for p in index.store.passages(sorted(pids)):
        by_article[p.aid] = max(by_article.get(p.aid, -1.0), best_by_pid[p.pid])
    return sorted(by_article, key=lambda aid: -by_article[aid])[: config.max_candidates]


def containment(post_shingles: set[str], article_text: str) -> float:
    """Share of the post's character shingles found in the article."""
    if not post_shingles:
        return 0.0
    return len(post_shingles & _article_shingles(article_text)) / len(post_shingles)


@dataclass
class SemanticScore:
    """The encoders' verdict on one article."""

    confidence: float = 0.0  # of the best encoder trusted in the post's language
    raw: dict[str, float] = field(default_factory=dict)  # encoder -> article cosine (4 decimals)
    scaled: dict[str, float] = field(default_factory=dict)  # ... minus the background, if scaled
    best_passages: list[int] = field(default_factory=list)  # per query, of the best encoder


def score_semantic(index: Index, prep: Prepared, found: Candidates, qvecs: dict[str, np.ndarray],
                   plist: list[Any], same_language: bool, config: MatchConfig) -> SemanticScore:
    """Each encoder's cosine between the post's queries and the article's passages `plist`,
    calibrated; only encoders trusted in the post's language count towards the confidence."""
    out = SemanticScore()
    for name in index.encoder_names:
        q = qvecs[name]
        if not len(q):
            continue
        rows = np.asarray(index.vectors[name][[p.pid for p in plist]], dtype=np.float32)
        sims = q @ rows.T  # queries x passages
        out.raw[name] = round(_aggregate(sims, prep, config), 4)
        calib = config.semantic_for(name, same_language)
        score = out.raw[name]
        background = found.background.get(name)
        if calib.local_scaling and background is not None and len(background) == len(q):
            score = _aggregate(sims - np.asarray(background, np.float32)[:, None], prep, config)
            out.scaled[name] = round(score, 4)
        if not config.trusts(name, prep.lang):
            continue
        conf = calib.confidence(score)
        if conf >= out.confidence:
            out.confidence = conf
            out.best_passages = [int(np.argmax(sims[i])) for i in range(len(q))]
    return out


def score_lexical(prep: Prepared, article_text: str, cont: float, n_shingles: int,
                  config: MatchConfig) -> tuple[float, Alignment | None]:
    """The lexical confidence: containment, or the longest exact stretch where containment alone
    falls short; also the alignment when it had to be computed for that.

    A verbatim passage wrapped in a long comment has diluted containment, but the long exact
    stretch it shares with the article cannot come by chance. The alignment is skipped whenever
    even `longest_exact_bound` could not make the exact channel decide.
    """
    if n_shingles < 8:  # too little text for containment to mean anything
        return 0.0, None
    conf = config.lexical.confidence(cont)
    if conf >= REPORT_CONFIDENCE or cont < EXACT_PREFILTER:
        return conf, None
    if config.exact.confidence(longest_exact_bound(prep.core, article_text)) < REPORT_CONFIDENCE:
        return conf, None
    aligned = _lexical_spans(prep.core, article_text)
    exact_chars = aligned[0] * len(normalize(prep.core).text.strip())
    return max(conf, config.exact.confidence(exact_chars)), aligned


def lexical_decides(lexical: float, semantic: float) -> bool:
    """Whether a match is typed, and its spans found, by the characters it shares with the article:
    when the lexical channels are past their threshold or at least as sure as the encoders."""
    return lexical >= semantic or lexical >= REPORT_CONFIDENCE


def classify(lexical: float, semantic: float, longest_exact: float,
             post_lang: str | None, article_lang: str | None) -> str:
    """The match type of a reported match, from its channel confidences and signals.

    `lexical` and `semantic` are the two channels' confidences, `longest_exact` the longest
    exact common stretch as a share of the post (looked at only when the lexical channels
    decide), the languages primary subtags or None when unknown. Lexical matches are verbatim
    or near_verbatim (see VERBATIM_SHARE); the others are translations when both languages are
    known and differ, else paraphrases.
    """
    if lexical_decides(lexical, semantic):
        return VERBATIM if longest_exact >= VERBATIM_SHARE else NEAR_VERBATIM
    differs = post_lang is not None and article_lang is not None and post_lang != article_lang
    return TRANSLATION if differs else PARAPHRASE


def verify(
    index: Index,
    prep: Prepared,
    found: Candidates,
    qvecs: dict[str, np.ndarray],
    config: MatchConfig,
) -> list[Match]:
    """Re-score every candidate article and keep the best `config.top` above the report threshold."""
    ranked = rank_articles(index, found, config)
    if not ranked:
        return []
    post_sh = shingles(prep.core)
    matches: list[Match] = []
    for aid in ranked:
        match = verify_article(index, aid, prep, post_sh, found, qvecs, config)
        if match is not None:
            matches.append(match)
    matches.sort(key=lambda m: (-m.confidence, m.article.id))
    return matches[: config.top]


def verify_article(index: Index, aid: int, prep: Prepared, post_sh: set[str], found: Candidates,
                   qvecs: dict[str, np.ndarray], config: MatchConfig) -> Match | None:
    """One candidate article scored, gated, typed and aligned; None below the report threshold."""
    article = index.store.article(aid)
    plist = index.store.passages_of(aid)
    cont = containment(post_sh, article.text)
    art_lang = langid.base(article.lang)
    same_language = prep.lang is not None and prep.lang == art_lang
    sem = score_semantic(index, prep, found, qvecs, plist, same_language, config)
    lex_conf, aligned = score_lexical(prep, article.text, cont, len(post_sh), config)
    confidence = max(lex_conf, sem.confidence)
    if confidence < REPORT_CONFIDENCE:
        return None
    signals: Signals = {"lexical_containment": round(cont, 4)}
    if sem.raw:
        signals["semantic"] = max(sem.raw.values())
        if len(sem.raw) > 1:
            signals["semantic_by_encoder"] = sem.raw
    if sem.scaled:
        # cosine minus the post's background (see Calibration): what the thresholds apply to
        signals["semantic_scaled"] = sem.scaled
    longest = 0.0
    if lexical_decides(lex_conf, sem.confidence):
        longest, covered, spans = aligned or _lexical_spans(prep.core, article.text)
        signals["longest_exact"] = round(longest, 4)
        signals["aligned"] = round(covered, 4)
    else:
        spans = _semantic_spans(prep, plist, sem.best_passages)
    match_type = classify(lex_conf, sem.confidence, longest, prep.lang, art_lang)
    return Match(article, match_type, confidence, signals, spans, _source_first(article, prep.post))


def _aggregate(sims: np.ndarray, prep: Prepared, config: MatchConfig) -> float:
    """One article score from a (queries x passages) similarity matrix.

    The whole post against its best passage, or the length-weighted mean of each sentence's
    best passage when the post has several sentences (a post that strings together sentences
    of one article), whichever is higher.
    """
    score = float(sims[0].max())
    if len(sims) > 1:
        seg_best = sims[1:].max(axis=1)
        weights = np.array([len(s.text) for s in prep.queries[1:]], dtype=np.float32)
        score = max(score, float((seg_best * weights).sum() / weights.sum()))
        # one translated sentence plus a comment or a credit line is still a copy of
        # that sentence: a long enough sentence may carry the match on its own
        long_enough = np.array([_letters(s.text) >= 2 * config.min_letters for s in prep.queries[1:]])
        if long_enough.any():
            score = max(score, float(seg_best[long_enough].max()))
    return score


def _semantic_spans(prep: Prepared, plist: list[Any], best: list[int]) -> list[Span]:
    if not best:
        return []
    if len(prep.queries) == 1:
        pairs = [(prep.queries[0], plist[best[0]])]
    else:
        pairs = [(q, plist[b]) for q, b in zip(prep.queries[1:], best[1:])]
    # prep.core has URLs and mentions blanked, so trimming it drops them from the span ends
    return [
        {"post": _trim(prep.core, seg.start, seg.end), "article": [passage.start, passage.end]}
        for seg, passage in pairs
    ]


# ---- the pipeline ------------------------------------------------------------------------------

VERIFIED = "verified"  # Matcher.screened: posts that went through every stage


class Matcher:
    """Checks posts against one loaded index."""

    def __init__(
        self, index: Index, config: MatchConfig | None = None, attributor: Attributor | None = None
    ) -> None:
        self.index = index
        self.config = config or MatchConfig()
        self.attributor = attributor
        # posts by the stage they stopped at: a screen's name (screen.py), or VERIFIED
        self.screened: Counter[str] = Counter()

    def check(self, post: Post) -> Result:
        return next(iter(self.check_many([post])))

    def check_many(self, posts: Iterable[Post], batch_size: int = 64) -> Iterator[Result]:
        """Results in input order; posts are embedded in batches."""
        batch: list[Post] = []
        for post in posts:
            batch.append(post)
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, posts: list[Post]) -> list[Result]:
        prepared = [prepare(p, self.config) for p in posts]
        found, qvecs = candidates(self.index, prepared, self.config)
        results = []
        for i, prep in enumerate(prepared):
            self.screened[found[i].stopped or VERIFIED] += 1
            if prep.too_short:
                results.append(Result(prep.post, []))
                continue
            post = prep.post if prep.post.lang or not prep.lang else replace(prep.post, lang=prep.lang)
            if found[i].stopped is not None:
                results.append(Result(post, []))
                continue
            matches = verify(
                self.index, prep, found[i], {n: v[i] for n, v in qvecs.items()}, self.config
            )
            if self.attributor is not None:
                for m in matches:
                    m.attribution = Attribution.from_dict(self.attributor(prep.post, m.article))
            results.append(Result(post, matches))
        return results
