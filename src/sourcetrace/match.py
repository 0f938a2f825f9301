"""Match posts against an index: candidates from both channels, then exact re-scoring.

Stages (each a small function): `prepare` the post, collect `candidates` (MinHash LSH and
faiss), then `verify` each candidate article: `rank_articles`, score it (`containment`,
`score_semantic` per encoder, `lexical_evidence` with the exact-stretch gate), judge it
(`verdict.decide`: verbatim, near_verbatim, translation, paraphrase or nothing) and find its
spans; the `Matcher` attaches attribution. No LSH or ANN hit is
reported without this verification. Thresholds and curves come from `calibration`; the result
types from `results`.
"""

from __future__ import annotations

import collections
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from . import align, anchorcompare, calibration, recalibration, screen, verdict
from . import lang as langid
from .calibration import DEFAULT_SEMANTIC, EXACT_CALIBRATION, Calibration
from .dates import lag_days
from .index import Index
from .lexical import article_containment as containment
from .lexical import shingles, signatures
from .normalize import clean_for_encoder
from .prepared import MAX_ENCODED_CHARS, Prepared, letters, prepare
from .records import Article, Post
from .results import (
    LATER_MAX_DAYS,
    PARAPHRASE,
    REPORT_CONFIDENCE,
    TRANSLATION,
    Attribution,
    Match,
    Result,
    Signals,
    Span,
)
from .sharedfacts import anchor_evidence, shown_anchors

log = logging.getLogger(__name__)

# (post, copied article) -> attribution object of the contract
Attributor = Callable[[Post, Article], dict[str, Any]]



@dataclass(frozen=True)
class MatchConfig:
    """Matching parameters; the calibrations default to the fitted files (see calibration)."""

    top: int = 3  # matches reported per post
    neighbours: int = 10  # ANN neighbours per query text
    max_candidates: int = 12  # candidate articles verified per post
    min_letters: int = 16  # shorter posts cannot be told apart from chance resemblance
    background_k: int = 10  # nearest passages averaged into a query's background (local scaling)
    windows: int = 3  # article units: passages and windows of up to this many consecutive ones
    # encoders whose scores use the windows: e5 maps neighbouring sentences so close together
    # that any window is nearer any long post than its passages (sample negatives in e5-only
    # languages became copies), while USE's windows found condensed posts at no cost in false
    # copies on the tuning half
    windowed: frozenset[str] = frozenset({"use"})
    semantic: dict[str, Calibration] = field(default_factory=calibration.semantic_defaults)
    lexical: Calibration = field(default_factory=calibration.lexical_default)
    exact: Calibration = EXACT_CALIBRATION  # on the longest exact common stretch, in characters
    # same-language pairs (paraphrase) are closer than translations of different sentences
    # would be, so they get their own, higher threshold when one was fitted
    monolingual: dict[str, Calibration] = field(default_factory=calibration.monolingual_defaults)
    # cross-lingual pairs whose article is in a language whose copies score lower (Chinese
    # under USE): that language's own threshold, where one was fitted
    by_article_language: dict[str, dict[str, Calibration]] = field(
        default_factory=calibration.article_language_defaults)
    # encoder -> post languages in which its score may decide (None: all); unknown language: all
    languages: dict[str, frozenset[str] | None] = field(default_factory=calibration.language_defaults)
    screen: bool = True  # stop posts the cheap channels rule out (screen.py); False: verify all
    # a match whose article is dated more than this many days after the post is held back
    # (results.LATER_MAX_DAYS, Result.held_later); None reports it, `source_first` false
    later_max_days: float | None = LATER_MAX_DAYS

    def semantic_for(self, encoder: str, same_language: bool = False,
                     article_lang: str | None = None, post_lang: str | None = None) -> Calibration:
        """`encoder`'s calibration for a pair: the same-language one for a post in its
        article's language; for a cross-lingual pair with an article in `article_lang` (base
        tag), the language pair's own ("en>es", from a post in `post_lang`) or else the article
        language's own, where one was fitted; else the encoder's cross-lingual one. The screen
        (screen.screen_floor) asks without an article language."""
        if same_language and encoder in self.monolingual:
            return self.monolingual[encoder]
        if not same_language and article_lang is not None:
            fitted = self.by_article_language.get(encoder, {})
            own = fitted.get(f"{post_lang}>{article_lang}") if post_lang else None
            own = own if own is not None else fitted.get(article_lang)
            if own is not None:
                return own
        return self.semantic.get(encoder, DEFAULT_SEMANTIC)

    def trusts(self, encoder: str, lang: str | None) -> bool:
        """Whether `encoder`'s score may decide for a post in `lang`."""
        allowed = self.languages.get(encoder)
        return allowed is None or lang is None or lang in allowed


# ---- stage 2: candidates ---------------------------------------------------------------------

@dataclass
class Candidates:
    lexical: set[int] = field(default_factory=set)  # passage ids
    semantic: dict[str, dict[int, float]] = field(default_factory=dict)  # encoder -> pid -> cos
    # encoder -> per query (post order): mean cosine of its `background_k` nearest passages
    background: dict[str, list[float]] = field(default_factory=dict)
    stopped: str | None = None  # the screen that ruled the post out (see screen.py); None: verify it
    # the first encoder ruled the post out but LSH found passages, or the post is too short for
    # a semantic verdict: its candidates are verified on shared characters, and the other
    # encoders do not embed the post (see screen.py, "lexical only"); the screen's name
    lexical_only: str | None = None
    # matches `verify` held back: their article is dated over `MatchConfig.later_max_days` after the post
    held_later: list[Match] = field(default_factory=list)


def candidates(index: Index, batch: Sequence[Prepared], config: MatchConfig) -> tuple[
    list[Candidates], dict[str, list[np.ndarray]]
]:
    """LSH and ANN candidates for a batch of posts; also returns the query embeddings.

    A cascade (screen.py): LSH and the index's first encoder run for every post long enough to
    match; a post in a language that encoder may decide whose nearest passages all score below
    their pairs' floors (`screen.passes`) is marked `stopped` when LSH found no passage for it,
    `lexical_only` when it did. The other encoders embed only the
    posts neither stopped nor lexical only (for the others a post's vectors are empty).
    """
    found = [Candidates() for _ in batch]
    texts: list[str] = []
    owners: list[int] = []
    for i, prep in enumerate(batch):
        if prep.too_short:
            found[i].stopped = screen.STOP_SHORT
            continue
        for q in prep.queries:
            texts.append(clean_for_encoder(q.text[:MAX_ENCODED_CHARS]))
            owners.append(i)
    # every lexical query's signature in one batch, every post's LSH lookup in one search per band
    # (a post's whole text and each of its sentences, Prepared.lexical_queries)
    lexical = [(i, q) for i in sorted(set(owners)) for q in (batch[i].lexical_queries or batch[i].queries)]
    sigs = signatures([shingles(q.text) for _, q in lexical], index.params) if lexical \
        else np.zeros((0, index.params.num_perm), np.uint64)
    groups: list[list[np.ndarray]] = [[] for _ in batch]
    for row, (owner, _) in enumerate(lexical):
        groups[owner].append(sigs[row])
    for i, lexical_hits in enumerate(index.lexical.query_many(groups)):
        found[i].lexical = lexical_hits
    query_vectors: dict[str, list[np.ndarray]] = {}
    n_passages = index.manifest["counts"]["passages"]
    for position, name in enumerate(index.encoder_names):
        if position == 1 and config.screen:
            first = index.encoder_names[0]
            for i, prep in enumerate(batch):
                if found[i].stopped is None and not found[i].lexical_only and \
                        not _others_can_decide(index, prep, found[i], query_vectors[first][i], config):
                    found[i].lexical_only = screen.doubted_by(first)
        per_post: list[list[np.ndarray]] = [[] for _ in batch]
        rows_in = [r for r, owner in enumerate(owners) if found[owner].stopped is None
                   and (position == 0 or not found[owner].lexical_only)]
        screening = position == 0 and config.screen
        if screening:  # no pair floor is below this one (screen.pair_floor, anchored posts)
            low_floor = screen.screen_floor(config, name, confidence=verdict.ANCHOR_FLOOR)
        if rows_in:
            vecs = index.encoder(name).encode([texts[r] for r in rows_in], kind="query")
            k = min(max(config.neighbours, config.background_k), n_passages)
            # post -> (screen score, pid) of its hits at or above the lowest floor
            hits_of: dict[int, list[tuple[float, int]]] = {owner: [] for owner in {owners[r] for r in rows_in}}
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
                    if screening:
                        shift = background if screen.scaled(config, name) else 0.0
                        hits_of[owner].extend(
                            (float(score) - shift, int(pid)) for score, pid in
                            zip(scores[row][: config.neighbours], pids[row][: config.neighbours])
                            if pid >= 0 and float(score) - shift >= low_floor)
            for row, r in enumerate(rows_in):
                per_post[owners[r]].append(vecs[row])
            if screening:
                languages = index.store.languages(pid for h in hits_of.values() for _, pid in h)
                for owner, post_hits in hits_of.items():
                    prep = batch[owner]
                    if not config.trusts(name, prep.lang):
                        continue
                    # an article language's own calibration needs a second encoder (score_semantic)
                    vetoed = _vetoable(index, config, prep.lang)
                    near = [(s, langid.base(languages[pid])) for s, pid in post_hits]
                    # the post's anchors are extracted only where they could keep it
                    if screen.passes(config, name, prep.lang, near, vetoed) or \
                            (near and verdict.could_lift(prep.anchors) and
                             screen.passes(config, name, prep.lang, near, vetoed, verdict.ANCHOR_FLOOR)):
                        continue
                    if found[owner].lexical:
                        found[owner].lexical_only = screen.lexical_only(name)
                    else:
                        found[owner].stopped = screen.stopped_by(name)
                # whatever the other encoders said, these posts could only match on characters
                for owner, post_hits in hits_of.items():
                    if found[owner].stopped is None and not found[owner].lexical_only and \
                            not verdict.can_be_semantic(batch[owner].letters, batch[owner].anchors,
                                                        _first_sure(index, config, name, batch[owner],
                                                                    post_hits, languages)):
                        found[owner].lexical_only = screen.NO_SEMANTIC
        query_vectors[name] = [np.vstack(v) if v else np.zeros((0, 1), np.float32) for v in per_post]
    return found, query_vectors


def _vetoable(index: Index, config: MatchConfig, lang: str | None) -> bool:
    """Whether two or more of the index's encoders are trusted in `lang`, so that a second one
    can confirm or veto what the first finds."""
    return sum(config.trusts(n, lang) for n in index.encoder_names) > 1


def _first_sure(index: Index, config: MatchConfig, name: str, prep: Prepared,
                hits: list[tuple[float, int]], languages: dict[int, str | None]) -> bool:
    """Whether the first encoder `name` gives a short post (verdict.SHORT_MIN_LETTERS to
    MIN_LETTERS letters) a passage at verdict.SHORT_SURE, less the screen's margin, where a second
    encoder trusted in its language could confirm it (`PairEvidence.sure_short`): only then is
    such a post worth the second encoder."""
    if not verdict.SHORT_MIN_LETTERS <= prep.letters < verdict.MIN_LETTERS or not config.trusts(name, prep.lang) \
            or not _vetoable(index, config, prep.lang):
        return False
    return any(score >= screen.pair_floor(config, name, prep.lang, langid.base(languages[pid]), True,
                                          confidence=verdict.SHORT_SURE) for score, pid in hits)


def _pair_languages(prep: Prepared, article: Article) -> tuple[str | None, bool, bool]:
    """(article's base language tag, post in it, both known and different: cross-lingual)."""
    art_lang = langid.base(article.lang)
    same = prep.lang is not None and prep.lang == art_lang
    return art_lang, same, prep.lang is not None and art_lang is not None and not same


def _others_can_decide(index: Index, prep: Prepared, found: Candidates, first_vecs: np.ndarray,
                       config: MatchConfig) -> bool:
    """Whether the index's other encoders could change the verdict on a post the first encoder
    screened in: False when two encoders are trusted in the post's language (so the encoders'
    agreement rule, verdict.AGREE_MIN, applies) and every candidate article found so far (LSH
    and the first encoder) gets less than AGREE_MIN from the first encoder while sharing less
    than AGREE_ANCHORS of anchors with the post. Whatever the others said, none of those
    articles could then be a semantic match (the agreement rule caps the confidence; the
    anchors' lift needs ANCHOR_MIN > AGREE_ANCHORS), and the shared characters do not depend
    on them. What is given up (measured on the tuning halves, docs/BENCHMARKS.md): articles only
    the other encoders would have found, and `stands_out` with another encoder the surest
    (e5's margins over the runner-up stay far below AGREE_MARGIN)."""
    names = index.encoder_names
    if sum(config.trusts(n, prep.lang) for n in names) < 2 or not config.trusts(names[0], prep.lang):
        return True
    ranked = rank_articles(index, found, config)
    if not ranked:
        return False
    qvecs = {name: (first_vecs if name == names[0] else np.zeros((0, 1), np.float32)) for name in names}
    anchored = verdict.anchor_bound(prep.anchors) >= verdict.AGREE_ANCHORS
    for aid in ranked:
        article = index.store.article(aid)
        art_lang, same_language, differs = _pair_languages(prep, article)
        sem = score_semantic(index, prep, found, qvecs, index.store.passages_of(aid), same_language,
                             config, art_lang if differs else None)
        if sem.by_encoder.get(names[0], 0.0) >= verdict.AGREE_MIN:
            return True
        if anchored:
            shared, _ = anchorcompare.compare(prep.anchors, index.store.anchor_keys(aid), post_text=prep.core)
            if anchorcompare.shared_weight(shared) >= verdict.AGREE_ANCHORS:
                return True
    return False


# ---- stage 3: verify --------------------------------------------------------------------------


# An article LSH finds through this many of its passages or more is verified whatever the
# `max_candidates` cap (at most MAX_LEXICAL_EXTRA such): a long post that pastes several articles
# (a thread compilation, trial 20's 11 articles in one post) shares passages with each, and the
# cap, shared out among LSH and the encoders, verified 5 of them.
LEXICAL_MULTI, MAX_LEXICAL_EXTRA = 2, 32


def rank_articles(index: Index, found: Candidates, config: MatchConfig) -> list[int]:
    """Candidate article ids, at most `config.max_candidates`, taken in turn from each source's
    ranking (LSH first, by how many of the article's passages it found, then each encoder's,
    best passage cosine first) so that every source's best articles are verified; then every
    other article LSH found through LEXICAL_MULTI passages or more (MAX_LEXICAL_EXTRA at most).

    Cosines of different encoders are not comparable (e5's unrelated pairs score 0.80-0.90,
    USE's right ones 0.5-0.7): one list sorted by raw cosine let e5's near-ties push USE's
    best article out of the candidates (issue 12: condensed posts whose right article was
    never verified).
    """
    semantic = [found.semantic[name] for name in index.encoder_names if name in found.semantic]
    pids = sorted(set(found.lexical).union(*semantic))
    if not pids:
        return []
    aid_of = {p.pid: p.aid for p in index.store.passages(pids)}
    lexical = collections.Counter(aid_of[pid] for pid in found.lexical if pid in aid_of)
    rankings: list[list[int]] = [sorted(lexical, key=lambda aid: (-lexical[aid], aid))]
    for hits in semantic:
        by_article: dict[int, float] = {}
        for pid, score in hits.items():
            aid = aid_of.get(pid)
            if aid is not None:
                by_article[aid] = max(by_article.get(aid, -1.0), score)
        rankings.append(sorted(by_article, key=lambda aid: (-by_article[aid], aid)))
    out: list[int] = []
    seen: set[int] = set()
    turns = (ranking[rank] for rank in range(max(len(r) for r in rankings)) for ranking in rankings
             if rank < len(ranking))
    for aid in turns:
        if len(out) == config.max_candidates:
            break
        if aid not in seen:
            seen.add(aid)
            out.append(aid)
    extra = [aid for aid in rankings[0] if lexical[aid] >= LEXICAL_MULTI and aid not in seen]
    return out + extra[:MAX_LEXICAL_EXTRA]


@dataclass
class SemanticScore:
    """The encoders' verdict on one article."""

    confidence: float = 0.0  # of the best encoder trusted in the post's language
    raw: dict[str, float] = field(default_factory=dict)  # encoder -> article cosine (4 decimals)
    scaled: dict[str, float] = field(default_factory=dict)  # ... minus the background, if scaled
    best_passages: list[int] = field(default_factory=list)  # per query, of the best encoder
    best_scores: list[float] = field(default_factory=list)  # their cosines
    encoder: str | None = None  # the best trusted encoder
    units: list[tuple[int, int]] = field(default_factory=list)  # unit -> (first, last) passage
    by_encoder: dict[str, float] = field(default_factory=dict)  # trusted encoder -> confidence
    # per query: how far its best unit's cosine stands above its best single passage's (0 for a
    # passage; a window of consecutive passages can only tie or beat its own passages)
    window_gain: list[float] = field(default_factory=list)
    single: list[int] = field(default_factory=list)  # per query: its best single passage
    # per sentence query (queries[1:]): whether some encoder puts one of the article's passages
    # at or above that sentence's background (its mean cosine to its nearest passages)
    alike: list[bool] = field(default_factory=list)


# Posts with at least this many letters (Latin-equivalent) are also compared, as a whole, with
# windows of consecutive passages: condensed posts of several clauses (the condensed benchmark's
# tuning half: 100-190). A window's vector is closer to any text than either passage's (e5 maps
# neighbouring sentences close together), so short posts, whose best passage says enough, are not.
WINDOW_LETTERS = 120


def _windows(rows: np.ndarray, size: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The article's passage vectors (n x d, unit rows) followed by those of its windows of 2..`size`
    consecutive passages (normalised sums), and each unit's (first, last) passage.

    A condensed post often merges two or three article sentences into one; its vector is
    closer to their sum than to either (issue 12: match at the granularities posts copy).
    """
    n = len(rows)
    units = [(i, i) for i in range(n)]
    if size < 2 or n < 2:
        return rows, units
    parts = [rows]
    for w in range(2, min(size, n) + 1):
        summed = sum(rows[k : n - w + 1 + k] for k in range(w))
        norms = np.linalg.norm(summed, axis=1, keepdims=True)
        parts.append(summed / np.maximum(norms, 1e-12))
        units.extend((i, i + w - 1) for i in range(n - w + 1))
    return np.vstack(parts).astype(np.float32, copy=False), units


def _unit_sims(index: Index, name: str, prep: Prepared, q: np.ndarray, plist: list[Any],
               config: MatchConfig) -> tuple[np.ndarray, list[tuple[int, int]], int]:
    """The cosines (queries x units) of the post's queries `q` with the article's passages
    `plist` and, for a windowed encoder and a long enough post, its windows of consecutive
    passages (`_windows`); each unit's (first, last) passage; the number of passages."""
    rows = np.asarray(index.vectors[name][[p.pid for p in plist]], dtype=np.float32)
    n_passages = len(rows)
    windowed = name in config.windowed and prep.letters >= WINDOW_LETTERS
    rows, units = _windows(rows, config.windows if windowed else 1)
    sims = q @ rows.T  # queries x units (passages, then windows of consecutive passages)
    sims[1:, n_passages:] = -1.0  # a post's single sentences are compared with passages only
    return sims, units, n_passages


def confirm_evidence(index: Index, seen: Examined) -> None:
    """Confirm the stored vectors a semantic match's confidence rests on (`Index.confirm_rows`):
    the deciding encoder's (`SemanticScore.encoder`) passages of the unit each of the post's
    queries is closest to, whose cosines `score_semantic` aggregated. Raises IndexFolderError
    where a row is not its passage's vector: a copy must not be reported on vectors someone
    rewrote, checksum and all.

    Only the deciding encoder's rows are embedded again (e5 embeds ~30x slower than USE; all
    encoders' took the sample demo's check from 8-10 s to 15-16 s): another encoder's forged rows
    could at most satisfy the agreement rule (verdict.AGREE_MIN) for a pair the deciding one
    genuinely finds close, or make that encoder the deciding one, whose rows are then confirmed."""
    sem = seen.semantic
    if sem.encoder is None or not sem.units:
        return
    pids = {seen.passages[k].pid for unit in sem.best_passages
            for k in range(sem.units[unit][0], sem.units[unit][1] + 1)}
    index.confirm_rows(sem.encoder, pids)


def score_semantic(index: Index, prep: Prepared, found: Candidates, qvecs: dict[str, np.ndarray],
                   plist: list[Any], same_language: bool, config: MatchConfig,
                   article_lang: str | None = None) -> SemanticScore:
    """Each encoder's cosine between the post's queries and the article's passages `plist`,
    calibrated; only encoders trusted in the post's language count towards the confidence.
    `article_lang`: the article's base language tag for a cross-lingual pair (None otherwise),
    which picks that language's (or the language pair's: "en>es") own calibration where one
    was fitted, provided another encoder
    trusted in the post's language can veto (verdict.AGREE_MIN): the Chinese-article threshold
    was chosen with that rule in force. USE alone lets the unrelated posts it admits through:
    on the tuning halves it found 61 more copies but matched 5 more of 3,368 real posts (16 ->
    21) and 4 more benchmark negatives, so an index of one encoder keeps the cross-lingual one."""
    trusted = sum(config.trusts(name, prep.lang) for name in index.encoder_names)
    article_lang = article_lang if trusted > 1 else None
    out = SemanticScore()
    for name in index.encoder_names:
        q = qvecs[name]
        if not len(q):
            continue
        sims, units, n_passages = _unit_sims(index, name, prep, q, plist, config)
        out.raw[name] = round(_aggregate(sims, prep, config), 4)
        calib = config.semantic_for(name, same_language, article_lang, prep.lang)
        score = out.raw[name]
        background = found.background.get(name)
        if background is not None and len(background) == len(q) and len(q) > 1:
            above = (sims[1:, :n_passages].max(axis=1) >= np.asarray(background[1:], np.float32)).tolist()
            out.alike = [a or b for a, b in zip(out.alike, above)] if out.alike else above
        if calib.local_scaling and background is not None and len(background) == len(q):
            score = _aggregate(sims - np.asarray(background, np.float32)[:, None], prep, config)
            out.scaled[name] = round(score, 4)
        if not config.trusts(name, prep.lang):
            continue
        conf = calib.confidence(score)
        out.by_encoder[name] = round(conf, 4)
        if conf >= out.confidence:
            out.confidence = conf
            out.best_passages = [int(np.argmax(sims[i])) for i in range(len(q))]
            out.units = units
            out.best_scores = [round(float(sims[i].max()), 4) for i in range(len(q))]
            out.single = [int(np.argmax(sims[i, :n_passages])) for i in range(len(q))]
            out.window_gain = [float(sims[i].max() - sims[i, :n_passages].max()) for i in range(len(q))]
            out.encoder = name
    return out


def lexical_evidence(prep: Prepared, article_text: str, ev: verdict.PairEvidence,
                     n_shingles: int, config: MatchConfig, skeleton: str | None = None) -> list[Span]:
    """Fill `ev`'s lexical fields (calibrated containment; the alignment when the lexical
    channels could decide) and return the aligned spans (empty when not aligned). `skeleton`:
    the article's stored skeleton (lexical.ArticleForms), if any.

    The alignment is skipped whenever neither containment nor `align.has_exact_run` could make
    the lexical channels decide (it costs more than everything else per candidate).
    """
    if n_shingles < 8:  # too little text for containment to mean anything
        return []
    ev.lexical = config.lexical.confidence(ev.containment)
    # an excerpt in a long post has little containment but one long stretch
    if ev.lexical < REPORT_CONFIDENCE and not align.has_exact_run(
            prep.core, article_text, align.reported_length(config.exact), skeleton):
        return []
    longest, covered, spans = align.align(prep.core, article_text, prep.normalized)
    size = len(prep.normalized.text.strip())
    ev.aligned = True
    ev.post_chars = size
    ev.longest_chars = round(longest * size)
    ev.exact_chars = round(covered * size)
    wide = 3 if align.WIDE.search(prep.core) else 1  # a CJK character carries about a word piece
    ev.exact = config.exact.confidence(ev.longest_chars * wide)
    ev.sentence_share = round(align.sentence_share(article_text, spans), 4)
    ev.exact_chars *= wide
    ev.post_chars *= wide
    ev.longest_chars *= wide
    return spans


def verify(
    index: Index,
    prep: Prepared,
    found: Candidates,
    qvecs: dict[str, np.ndarray],
    config: MatchConfig,
    keep: int | None = None,
) -> list[Match]:
    """Re-score every candidate article and keep the best `keep` (default `config.top`) above the
    report threshold, best first."""
    ranked = rank_articles(index, found, config)
    if not ranked:
        return []
    post_sh = shingles(prep.core)
    parts = {aid: _lexical_part(index, aid, prep, post_sh, config) for aid in ranked} if found.lexical_only else {}
    if parts and not any(spans and ev.lexical_confidence() >= REPORT_CONFIDENCE for _, ev, spans in parts.values()):
        return []  # reported on shared characters or not at all (screen.py): no encoder scores needed
    seen = [examine(index, aid, prep, post_sh, found, qvecs, config, parts.get(aid)) for aid in ranked]
    set_runner_up_margins(seen)
    matches = []
    for one in seen:
        found_match = report(one, prep)
        if found_match is None:
            continue
        if found_match.match_type in (TRANSLATION, PARAPHRASE):  # decided by the encoders
            lag = lag_days(one.article.published_at, prep.post.created_at)
            if config.later_max_days is not None and lag is not None and lag > config.later_max_days \
                    and one.evidence.in_doubt():
                found.held_later.append(found_match)  # a post cannot copy what came after it
                continue
            confirm_evidence(index, one)
        matches.append(found_match)
    matches.sort(key=lambda m: (-m.confidence, m.article.id))
    return matches[: config.top if keep is None else keep]


# Matches whose confidences shown differ by at most this much are near-tied: the same story told
# by two outlets, or an article and its translation, explain a post about equally well.
TIE = 0.05


def credited_first(matches: list[Match], tie: float = TIE) -> list[Match]:
    """`matches` (best first) with the first of those near-tied with the best (`tie`) whose outlet
    the post credits (attribution `attributed`) raised to the best's confidence and put first,
    so the order stays by confidence: a post that credits "@XHNews" copies Xinhua's version of a
    story CNS also ran, and calling its real credit evasive (a trial) would be wrong. A credit
    lifts a match by at most `tie`; otherwise `matches` is unchanged."""
    if not matches:
        return matches
    best = matches[0].confidence
    credited = next((m for m in matches if best - m.confidence <= tie
                     and m.attribution is not None and m.attribution.status == "attributed"), None)
    if credited is None or credited is matches[0]:
        return matches
    credited.confidence = best
    return [credited] + [m for m in matches if m is not credited]


def _lexical_part(index: Index, aid: int, prep: Prepared, post_sh: set[str],
                  config: MatchConfig) -> tuple[Article, verdict.PairEvidence, list[Span]]:
    """A candidate article, its evidence with the lexical fields filled (containment, and the
    alignment where it could decide: `lexical_evidence`, from the stored forms when the index
    has them) and the aligned spans: the part of `examine` that needs no encoder."""
    article = index.store.article(aid)
    forms = index.store.forms(aid)  # stored when indexed (None: derived from the text)
    ev = verdict.PairEvidence(letters=prep.letters, differs=False, lexical=0.0,
                              containment=containment(post_sh, article.text, forms))
    spans = lexical_evidence(prep, article.text, ev, len(post_sh), config, forms.skeleton if forms else None)
    return article, ev, spans


def set_runner_up_margins(seen: list[Examined]) -> None:
    """Fill each candidate's `PairEvidence.runner_up`: per encoder with a background-scaled
    score, its score minus the best one among the post's other candidate articles (the
    post's background, 0, when it has no other). How far the article stands out from the
    next best one is the retrieval evidence a condensed copy has when its wording is gone
    (issue 12); verdict.AGREE_MARGIN uses it. Cosines are those of `score_semantic`. A candidate
    scored within REPUBLISHED_GAP of this one that is the same text (`republished`: one story
    republished by a second outlet, or indexed twice) is no other article: trial 13 saw a copy
    found at 0.99 lost once its article was also indexed under another outlet with "(Xinhua)"
    appended (margin 0: "another story on the same topic")."""
    sets: dict[int, set[str]] = {}

    def same(i: int, j: int) -> bool:
        for k in (i, j):
            if k not in sets:
                sets[k] = shingles(seen[k].article.text[:REPUBLISHED_CHARS])
        return republished(sets[i], sets[j])

    for i, one in enumerate(seen):
        ev = one.evidence
        for name, score in ev.scaled.items():
            others = [o.evidence.scaled[name] for j, o in enumerate(seen)
                      if j != i and name in o.evidence.scaled
                      and not (abs(o.evidence.scaled[name] - score) < REPUBLISHED_GAP and same(i, j))]
            ev.runner_up[name] = round(score - max(others, default=0.0), 4)


# Two candidates are one text republished where the shorter holds at least REPUBLISHED_SHARE of
# its character shingles in the longer and has at least that share of its shingles' count: an
# agency credit or a byline added ("(Xinhua)"), not a summary inside a longer story. Only pairs
# scored within REPUBLISHED_GAP by an encoder are compared (a republished text scores the same),
# on their first REPUBLISHED_CHARS characters.
REPUBLISHED_SHARE = 0.9
REPUBLISHED_GAP = 0.05
REPUBLISHED_CHARS = 20_000


def republished(a: set[str], b: set[str]) -> bool:
    """Whether two articles' shingle sets (`lexical.shingles`) are one text republished
    (REPUBLISHED_SHARE)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not small or len(small) < REPUBLISHED_SHARE * len(large):
        return False
    return len(small & large) >= REPUBLISHED_SHARE * len(small)


@dataclass
class Examined:
    """One candidate article with its evidence, before the verdict."""

    article: Article
    passages: list[Any]
    evidence: verdict.PairEvidence
    semantic: SemanticScore
    spans: list[Span]  # aligned exact stretches, when the alignment was computed


def examine(index: Index, aid: int, prep: Prepared, post_sh: set[str], found: Candidates,
            qvecs: dict[str, np.ndarray], config: MatchConfig,
            lexical: tuple[Article, verdict.PairEvidence, list[Span]] | None = None) -> Examined:
    """Gather the evidence on one candidate article: containment and alignment (`_lexical_part`,
    or `lexical` when already computed), each encoder's score, the anchors it shares with the
    post."""
    article, ev, spans = lexical or _lexical_part(index, aid, prep, post_sh, config)
    plist = index.store.passages_of(aid)
    art_lang, same_language, ev.differs = _pair_languages(prep, article)
    sem = score_semantic(index, prep, found, qvecs, plist, same_language, config,
                         art_lang if ev.differs else None)
    # a lexical-only post (screen.py) was not embedded by every encoder: the ones that did embed
    # it may not decide alone, as the encoders' agreement rule (verdict) would not be applied
    ev.semantic = 0.0 if found.lexical_only else sem.confidence
    ev.raw, ev.scaled, ev.by_encoder = sem.raw, sem.scaled, sem.by_encoder
    # the anchors (extracting an article's costs more than the rest of this) only where they
    # can change the verdict or will be shown with it
    if verdict.anchors_matter(ev):
        anchor_evidence(ev, prep, article.text, index.store.anchor_keys(aid), sem.alike,
                        lag_days(article.published_at, prep.post.created_at))
    return Examined(article, plist, ev, sem, spans)


def report(seen: Examined, prep: Prepared) -> Match | None:
    """One examined candidate judged (verdict.decide) and, when reported, the Match with the
    evidence it shows; None when not reported or when its evidence cannot be shown. Raises
    CalibrationError for a confidence file that fails its checks."""
    ev, sem = seen.evidence, seen.semantic
    judged = verdict.decide(ev)
    lag = lag_days(seen.article.published_at, prep.post.created_at)
    if judged is None:
        return None
    # An article dated after the post is reported with `source_first` false (DESIGN's contract):
    # feeds date articles by their last update, outlets republish wire stories, a file's dates
    # may be misread (day-first read month-first). Shared exact stretches are reported whatever
    # the dates (the texts are copies of each other; the reader judges which came first); a
    # translation or paraphrase whose article is dated over `MatchConfig.later_max_days` after the
    # post is held back by `verify` (Result.held_later: shown apart, counted in check's summary,
    # reported with --keep-later): the encoders' resemblance is what same-topic posts share.
    signals: Signals = {"lexical_containment": round(ev.containment, 4)}
    if sem.raw:
        signals["semantic"] = max(sem.raw.values())
        if len(sem.raw) > 1:
            signals["semantic_by_encoder"] = sem.raw
    if sem.scaled:
        # cosine minus the post's background (see Calibration): what the thresholds apply to
        signals["semantic_scaled"] = sem.scaled
    pairs: list[dict[str, object]]  # exact stretches or encoder pairs, for the evidence
    if judged.lexical:
        spans = seen.spans
        signals["longest_exact"] = round(ev.longest_chars / ev.post_chars, 4) if ev.post_chars else 0.0
        signals["aligned"] = round(ev.aligned_share, 4)
        pairs = [{"post": sp["post"], "article": sp["article"], "kind": "exact"} for sp in spans]
    else:
        spans = _semantic_spans(prep, seen.passages, sem.best_passages, sem.units)
        scores = sem.best_scores if len(prep.queries) == 1 else sem.best_scores[1:]
        pairs = [dict(sp, kind="semantic", score=sc, encoder=sem.encoder)
                 for sp, sc in zip(spans, scores)]
        if len(spans) > 1 and any(sem.alike) and not all(sem.alike):  # a digest: this item's part
            spans = [sp for sp, alike in zip(spans, sem.alike) if alike]
            pairs = [pair for pair, alike in zip(pairs, sem.alike) if alike]
    if not spans:
        return None  # evidence that cannot be shown is no evidence
    match_type = judged.match_type
    if not judged.lexical:  # a condensed rendering is a paraphrase, not a faithful translation
        match_type = verdict.retyped(match_type, *_coverage(seen, prep))
    evidence = {
        "pairs": pairs,
        "anchors": shown_anchors(ev.shared, prep.core, seen.article.text),
        "chance": verdict.chance(ev),
    }
    return Match(seen.article, match_type, judged.confidence, signals, spans,
                 None if lag is None else lag <= 0, evidence=evidence)


# A window counts as what a query matched when it beats the query's best single passage by at
# least this much cosine; closer, the passage alone (a faithful one-sentence translation whose
# window edges ahead by chance is no condensation of three sentences). See verdict.CONDENSED_RATIO.
WINDOW_TIE = 0.02


def _coverage(seen: Examined, prep: Prepared) -> tuple[int, int]:
    """(letters of the post's matched queries, letters of the article passages they matched), in
    prepared.letters: the queries whose spans are shown (a digest's other items left out), each
    query's best unit, a window only where it beats the query's best single passage by
    WINDOW_TIE (the single passage otherwise), each passage counted once."""
    sem, plist = seen.semantic, seen.passages
    if not sem.best_passages or not sem.units or len(sem.single) != len(sem.best_passages):
        return 0, 0
    queries = list(range(1, len(prep.queries))) if len(prep.queries) > 1 else [0]
    digest = len(queries) > 1 and any(sem.alike) and not all(sem.alike)
    post_letters, covered = 0, set[int]()
    for n, i in enumerate(queries):
        if digest and not sem.alike[n]:
            continue
        first, last = sem.units[sem.best_passages[i]]
        if first != last and sem.window_gain[i] < WINDOW_TIE:
            first = last = sem.single[i]
        q = prep.queries[i]
        post_letters += letters(prep.core[q.start:q.end])
        covered.update(range(first, last + 1))
    text = seen.article.text
    return post_letters, sum(letters(text[plist[k].start:plist[k].end]) for k in covered)


def _aggregate(sims: np.ndarray, prep: Prepared, config: MatchConfig) -> float:
    """One article score from a (queries x passages) similarity matrix.

    The whole post against its best passage, or the length-weighted mean of each sentence's
    best passage when the post has several sentences (a post that strings together sentences
    of one article), whichever is higher.
    """
    score = float(sims[0].max())
    if len(sims) > 1:
        seg_best = sims[1:].max(axis=1)
        weights = prep.sentence_weights
        score = max(score, float((seg_best * weights).sum() / weights.sum()))
        # one translated sentence plus a comment or a credit line is still a copy of
        # that sentence: a long enough sentence may carry the match on its own
        long_enough = prep.sentence_letters >= 2 * config.min_letters
        if long_enough.any():
            score = max(score, float(seg_best[long_enough].max()))
    return score


def _semantic_spans(prep: Prepared, plist: list[Any], best: list[int],
                    units: list[tuple[int, int]]) -> list[Span]:
    if not best:
        return []
    if len(prep.queries) == 1:
        pairs = [(prep.queries[0], units[best[0]])]
    else:
        pairs = [(q, units[b]) for q, b in zip(prep.queries[1:], best[1:])]
    # prep.core has URLs and mentions blanked, so trimming it drops them from the span ends
    return [
        {"post": align.trim(prep.core, seg.start, seg.end),
         "article": [plist[first].start, plist[last].end]}
        for seg, (first, last) in pairs
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
        recalibration.load()  # a bad models/confidence.json fails here, not at the first match
        # posts by the stage they stopped at: a screen's name (screen.py), or VERIFIED
        # (screen.lexical_only: verified against LSH's candidates without the second encoder)
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
            stage = found[i].lexical_only or found[i].stopped or VERIFIED
            self.screened[stage] += 1
            if prep.too_short:
                results.append(Result(prep.post, []))
                continue
            post = prep.post if prep.post.lang == prep.shown_lang else replace(prep.post, lang=prep.shown_lang)
            if found[i].stopped is not None:
                results.append(Result(post, []))
                continue
            matches = verify(self.index, prep, found[i], {n: v[i] for n, v in qvecs.items()}, self.config,
                             keep=self.config.max_candidates)
            if self.attributor is not None:
                best = matches[0].confidence if matches else 0.0
                for rank, m in enumerate(matches):  # the top ones, and any near-tied with the best
                    if rank < self.config.top or best - m.confidence <= TIE:
                        m.attribution = Attribution.from_dict(self.attributor(prep.post, m.article))
                matches = credited_first(matches)
            held = sorted(found[i].held_later, key=lambda m: (-m.confidence, m.article.id))
            results.append(Result(post, matches[: self.config.top], held[: self.config.top]))
        return results
