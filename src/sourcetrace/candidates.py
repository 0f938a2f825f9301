"""Stage 2 of matching: candidate articles for a batch of posts, and the encoders' scores of them.

`candidates` collects a batch's candidate passages from MinHash LSH and each encoder's nearest
passages (faiss), through screen.py's cascade (`_others_can_decide` scores the candidates found
so far with the first encoder); `rank_articles` picks the articles `match.verify` checks, in
turn from each source's ranking. `score_semantic` is each encoder's calibrated score of one
article (passages and windows of consecutive passages, `_aggregate`), which the cascade and
`match.examine` both use. What these read of `match.MatchConfig` is `_Config`, so this module
needs no import of match (match imports it).
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from . import anchorcompare, background, screen, verdict
from . import lang as langid
from .calibration import Calibration
from .index import Index
from .lexical import shingles, signatures
from .normalize import clean_for_encoder
from .prepared import MAX_ENCODED_CHARS, Prepared
from .records import Article
from .results import Match


class _Config(Protocol):
    """What candidate retrieval and the encoders' scores read of a `match.MatchConfig`."""

    @property
    def neighbours(self) -> int: ...
    @property
    def max_candidates(self) -> int: ...
    @property
    def min_letters(self) -> int: ...
    @property
    def background_k(self) -> int: ...
    @property
    def windows(self) -> int: ...
    @property
    def windowed(self) -> frozenset[str]: ...
    @property
    def screen(self) -> bool: ...

    def semantic_for(self, encoder: str, same_language: bool = False,
                     article_lang: str | None = None, post_lang: str | None = None) -> Calibration: ...

    def trusts(self, encoder: str, lang: str | None) -> bool: ...


# ---- stage 2: candidates ---------------------------------------------------------------------

# Below this many passages a query's background (the mean cosine of its `background_k` nearest
# passages) is taken among the index's passages and the reference passages of background.py
# together: the nearest ten of a few dozen passages are no near tail and the background comes
# out low (a trial: an English headline a 0.93 "translation" of an unrelated Chinese sentence,
# 9-article index). `scripts/measure_background.py` on the condensed tuning index (267 passages),
# 28 of its passages drawn at random (a copy's gold article's among them), against all 267: the
# top-10 mean of 150 real posts of the negatives' tuning half lies 0.072 (USE) and 0.023 (e5)
# lower, of 150 of its copies 0.070 and 0.014 lower; with the 233 reference passages added, the
# real posts' 0.053 and 0.007 higher (the reference is general news, nearer a real post than the
# condensed index's topics), the copies' 0.045 and 0.005 lower (at 120 passages: 0.017 and 0.000
# lower). 250 is under the smallest index the calibrations were fitted on (267 passages), so no
# fitted figure changes.
BACKGROUND_MIN_PASSAGES = 250

# One story carried by several outlets (state media cross-post nearly everything) is several
# articles near a post that copies it, and they all sat in its background: trial 81's Spanish
# translation of Xinhua's satellite launch was found at 0.99 against an index holding one version
# and missed (USE 0.02) against one holding four more (People's Daily in Chinese and English, the
# MFA in Spanish), its background 0.501 instead of 0.442. Versions of a story are no background:
# the background reads the nearest passages of distinct stories, each article after the first of
# its story left out. Two articles are one story where they share STORY_FIGURES specific figures
# ("16 de noviembre", "11:55", "497"; `_Stories.figures`), or one number of three significant
# digits or more (verdict.SPECIFIC_WEIGHT: "826 million", "71.3", not a date, a time or "110"):
# trial 83's seven tweets of "826 million domestic trips" over the National Day holiday (en, fr,
# ar; other figures beside it or none) shared that one, and a faithful French translation of one
# of them came back at confidence 0.12 (USE) and 0.09 (e5) with the six others in its background,
# at 0.98 without them. Two articles among a post's thirty nearest passages that both write such
# a number tell one story; a date is shared by any two reports of one day. Passages alike to the encoders do not
# make one story: greetings of several accounts ("Happy Mother's Day to all mothers", "Happy
# Father's Day...") are alike too, and the background is what keeps a personal greeting from
# being their copy (tests/test_e2e.py; a first form that also joined articles with a passage at
# USE 0.8 let two such greetings through).
STORY_FIGURES = 2
# Tried 2026-12-07, not adopted: one wording carried by several accounts as one story too (the
# shorter's text holding 70% of its character shingles, 80 or more, in the other's), for the
# versions that share no figure: ten English versions of "Xi Jinping and Fumio Kishida on Thursday
# reaffirmed the positioning of comprehensively advancing the strategic and mutually beneficial
# relations..." left a Spanish condensed copy at USE 0.70, e5 0.93 with confidence 0.01 and 0.02.
# On a set of 10 condensed copies of stories told 1-10 times in an index of the 6,044 CANIS posts of
# 14-18 Nov 2023 it found 7 instead of 5 (no false copy of 6 negatives); on the six reviewed real
# streams (scripts/bench_streams.py) 8 more posts reported, 2 more reviewed false copies (t78,
# t83) and 25 matches no trial reviewed, about three in four right as read by hand: below the
# streams' share right, so a false copy more for about three copies found. Condensed halves
# unchanged.
# neighbours read beyond the background's own, to fill it where versions are left out
BACKGROUND_EXTRA = 20


def small_index_reference(index: Index, name: str) -> np.ndarray | None:
    """The reference passages' `name` vectors (background.reference_vectors) that pad the
    background of an index under BACKGROUND_MIN_PASSAGES, None for a larger or empty index."""
    n_passages = index.manifest["counts"]["passages"]
    if not 0 < n_passages < BACKGROUND_MIN_PASSAGES:
        return None
    return background.reference_vectors(name, index.encoder(name))


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
    # ... and those whose article is dated over `MatchConfig.older_max_days` before it
    held_older: list[Match] = field(default_factory=list)


def specific_figures(text: str) -> dict[tuple[str, str], tuple[int, int]]:
    """An article's specific figures by comparison key, each with its anchor's span (one anchor
    may have two keys: "11时55分" is 11:55 am and pm): dates, times, decimals and numbers of three
    significant digits or more ("497"), not years nor bare numbers of one or two digits, which
    any two articles may share."""
    return _specific(anchorcompare.article_keys(text))


def _specific(table: anchorcompare.KeyTable) -> dict[tuple[str, str], tuple[int, int]]:
    return {k: (a.start, a.end) for k, a in table.by_key.items()
            if k[0] in ("number", "date") and a.kind != "year"
            and (a.weight >= 2.5 or (a.weight >= 2.0 and not k[1].isdigit()))}


def _rare(table: anchorcompare.KeyTable) -> frozenset[tuple[str, str]]:
    """The numbers of three significant digits or more of a key table (anchor weight
    verdict.SPECIFIC_WEIGHT; not dates nor times), by comparison key."""
    return frozenset(k for k, a in table.by_key.items()
                     if k[0] == "number" and a.kind == "number" and a.weight >= verdict.SPECIFIC_WEIGHT
                     and not k[1].startswith("t"))  # a time of day is keyed "t11:55a"


def shared_figures(mine: dict[tuple[str, str], tuple[int, int]],
                   theirs: dict[tuple[str, str], tuple[int, int]]) -> int:
    """How many of `mine` (`specific_figures`; anchors, not keys) `theirs` holds too."""
    return len({span for key, span in mine.items() if key in theirs})


class _Stories:
    """Which of a batch's nearest passages tell one story (`STORY_FIGURES`), for
    backgrounds that count each story once (`distinct`); one per batch, for every encoder."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.aid: dict[int, int] = {}  # passage -> article, of the passages read (`read`)
        # article -> its specific figures (`specific_figures`) and rare numbers (`_rare`)
        self._figures: dict[int, tuple[dict[tuple[str, str], tuple[int, int]], frozenset[tuple[str, str]]]] = {}

    def read(self, pids: np.ndarray) -> None:
        """Look up the articles of `pids` (-1 for none) not read yet, in one query."""
        wanted = sorted({int(p) for p in pids.ravel() if p >= 0} - self.aid.keys())
        self.aid.update((p.pid, p.aid) for p in self.index.store.passages(wanted))

    def figures(self, aid: int) -> tuple[dict[tuple[str, str], tuple[int, int]], frozenset[tuple[str, str]]]:
        """An article's specific figures (`specific_figures`) and its numbers of three
        significant digits or more (`_rare`), from one key table, read once per batch."""
        found = self._figures.get(aid)
        if found is None:
            table = anchorcompare.article_keys(self.index.store.article(aid).text)
            found = self._figures[aid] = (_specific(table), _rare(table))
        return found

    def _one_story(self, aid: int, kept: Iterable[int]) -> bool:
        mine, rare = self.figures(aid)
        return any(shared_figures(mine, theirs) >= STORY_FIGURES or not rare.isdisjoint(their_rare)
                   for theirs, their_rare in map(self.figures, kept))

    def distinct(self, scores: np.ndarray, pids: np.ndarray, k: int) -> np.ndarray:
        """The first `k` of a query's neighbour `scores` (best first, their passage ids `pids`,
        -1 for none) once every article after the first of its story is left out."""
        out: list[float] = []
        kept: list[int] = []  # the articles read, in order
        left_out: set[int] = set()
        for score, pid in zip(scores, pids):
            if len(out) == k:
                break
            aid = self.aid.get(int(pid)) if pid >= 0 else None
            if aid is None or aid in left_out:
                continue
            if aid not in kept:
                if self._one_story(aid, kept):
                    left_out.add(aid)
                    continue
                kept.append(aid)
            out.append(float(score))
        return np.asarray(out, dtype=np.float32)


def candidates(index: Index, batch: Sequence[Prepared], config: _Config) -> tuple[
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
    stories = _Stories(index)  # versions of a story, for the backgrounds (every encoder's)
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
            reference = small_index_reference(index, name)
            # a small index: each query's nearest among the reference's passages too
            to_reference = vecs @ reference.T if reference is not None and reference.shape[1] == vecs.shape[1] \
                else None
            # post -> (screen score, pid) of its hits at or above the lowest floor
            hits_of: dict[int, list[tuple[float, int]]] = {owner: [] for owner in {owners[r] for r in rows_in}}
            if k > 0:
                scores, pids = index.ann(name).search(vecs, min(k + BACKGROUND_EXTRA, n_passages))
                stories.read(pids[:, : config.background_k + BACKGROUND_EXTRA])
                for row, r in enumerate(rows_in):
                    owner = owners[r]
                    hits = found[owner].semantic.setdefault(name, {})
                    for score, pid in zip(scores[row][: config.neighbours], pids[row][: config.neighbours]):
                        if pid >= 0:
                            hits[int(pid)] = max(hits.get(int(pid), -1.0), float(score))
                    nearest = stories.distinct(scores[row], pids[row], config.background_k)
                    if to_reference is not None:
                        nearest = np.sort(np.concatenate([nearest, to_reference[row]]))[::-1][: config.background_k]
                    near_mean = float(nearest.mean()) if len(nearest) else 0.0
                    found[owner].background.setdefault(name, []).append(near_mean)
                    if screening:
                        shift = near_mean if screen.scaled(config, name) else 0.0
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


def _vetoable(index: Index, config: _Config, lang: str | None) -> bool:
    """Whether two or more of the index's encoders are trusted in `lang`, so that a second one
    can confirm or veto what the first finds."""
    return sum(config.trusts(n, lang) for n in index.encoder_names) > 1


def _first_sure(index: Index, config: _Config, name: str, prep: Prepared,
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
    """(article's base language tag, post in it, both known and different: cross-lingual). An
    article stored without a language (an index built before the writer read it,
    `lang.article_language`) has it read from its text. Two languages a platform's tag mistakes
    for each other (`lang.one_language`: a Spanish post tagged "ca") are one."""
    art_lang = langid.base(article_lang(article))
    same = langid.one_language(prep.lang, art_lang)
    return art_lang, same, prep.lang is not None and art_lang is not None and not same


def article_lang(article: Article) -> str | None:
    """The article's language tag as stored, or, for one stored without (an index built before
    the writer read it), `lang.article_language` of its text (`_read_language`)."""
    return article.lang or _read_language(article.text[:langid.LANG_READ_CHARS])


@functools.lru_cache(maxsize=4096)
def _read_language(head: str) -> str | None:
    """`lang.article_language` of an article stored without a language (its first
    lang.LANG_READ_CHARS characters, `head`), once per article."""
    return langid.article_language(head)


def _others_can_decide(index: Index, prep: Prepared, found: Candidates, first_vecs: np.ndarray,
                       config: _Config) -> bool:
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


# An article LSH finds through this many of its passages or more is verified whatever the
# `max_candidates` cap (at most MAX_LEXICAL_EXTRA such): a long post that pastes several articles
# (a thread compilation, trial 20's 11 articles in one post) shares passages with each, and the
# cap, shared out among LSH and the encoders, verified 5 of them.
LEXICAL_MULTI, MAX_LEXICAL_EXTRA = 2, 32


def rank_articles(index: Index, found: Candidates, config: _Config) -> list[int]:
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


# ---- the encoders' scores of an article (the cascade's and `match.examine`'s) -------------------

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
    # encoder -> per sentence query (queries[1:]): its cosine with the article's best single passage
    sentence_cos: dict[str, list[float]] = field(default_factory=dict)
    # verdict.HUB_ENCODER's cosine of the whole post with its best passage, minus that passage's
    # hubness (background.hubness); None where that encoder is not trusted or no hubness is known
    hub_margin: float | None = None


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
               config: _Config) -> tuple[np.ndarray, list[tuple[int, int]], np.ndarray]:
    """The cosines (queries x units) of the post's queries `q` with the article's passages
    `plist` and, for a windowed encoder and a long enough post, its windows of consecutive
    passages (`_windows`); each unit's (first, last) passage; the passages' vectors (passages x
    dimension, as the index stores them)."""
    passages = np.asarray(index.vectors[name][[p.pid for p in plist]], dtype=np.float32)
    n_passages = len(passages)
    windowed = name in config.windowed and prep.letters >= WINDOW_LETTERS
    rows, units = _windows(passages, config.windows if windowed else 1)
    sims = q @ rows.T  # queries x units (passages, then windows of consecutive passages)
    sims[1:, n_passages:] = -1.0  # a post's single sentences are compared with passages only
    return sims, units, passages


def score_semantic(index: Index, prep: Prepared, found: Candidates, qvecs: dict[str, np.ndarray],
                   plist: list[Any], same_language: bool, config: _Config,
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
        sims, units, passages = _unit_sims(index, name, prep, q, plist, config)
        n_passages = len(passages)
        out.raw[name] = round(_aggregate(sims, prep, config), 4)
        calib = config.semantic_for(name, same_language, article_lang, prep.lang)
        score = out.raw[name]
        background = found.background.get(name)
        if len(q) > 1:
            best = sims[1:, :n_passages].max(axis=1)  # each sentence's best single passage
            out.sentence_cos[name] = [round(float(c), 4) for c in best]
        if background is not None and len(background) == len(q) and len(q) > 1:
            above = (best >= np.asarray(background[1:], np.float32)).tolist()
            out.alike = [a or b for a, b in zip(out.alike, above)] if out.alike else above
        if calib.local_scaling and background is not None and len(background) == len(q):
            score = _aggregate(sims - np.asarray(background, np.float32)[:, None], prep, config)
            out.scaled[name] = round(score, 4)
        if not config.trusts(name, prep.lang):
            continue
        if name == verdict.HUB_ENCODER:
            out.hub_margin = _hub_margin(index, name, sims, passages)
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


def _hub_margin(index: Index, name: str, sims: np.ndarray, passages: np.ndarray) -> float | None:
    """The whole post's cosine with its best single passage (`sims[0]`; `passages`, their
    vectors, as `_unit_sims` read them) minus that passage's hubness (`background.hubness`:
    CSLS's passage-side term, against everyday texts), 4 decimals; None where the hubness is not
    known."""
    if not len(passages):
        return None
    best = int(np.argmax(sims[0, :len(passages)]))
    hub = background.hubness(name, index.encoder(name), passages[best])
    return None if hub is None else round(float(sims[0, best]) - hub, 4)


def _aggregate(sims: np.ndarray, prep: Prepared, config: _Config) -> float:
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
