"""Match posts against an index: candidates from both channels, then exact re-scoring.

Stages (each a small function): `prepare` the post, collect `candidates` (MinHash LSH and
faiss), then `verify` each candidate article: `rank_articles`, score it (`containment`,
`score_semantic` per encoder, `lexical_evidence` with the exact-stretch gate), judge it
(`verdict.decide`: verbatim, near_verbatim, translation, paraphrase or nothing) and find its
spans; the `Matcher` attaches attribution. No LSH or ANN hit is
reported without this verification. Thresholds and curves come from `calibration`; the result
types from `results`; candidate retrieval, `rank_articles` and `score_semantic` from
`candidates`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import regex

from . import align, anchorcompare, calibration, recalibration, screen, verdict
from . import lang as langid
from .calibration import DEFAULT_SEMANTIC, EXACT_CALIBRATION, Calibration
from .candidates import (
    Candidates,
    SemanticScore,
    _pair_languages,
    article_lang,
    candidates,
    rank_articles,
    score_semantic,
)
from .dates import lag_days
from .index import Index
from .lexical import article_containment as containment
from .lexical import shingles, strip_noise
from .normalize import folded as _folded
from .placeswap import missing_places
from .prepared import Prepared, letters, prepare
from .records import Article, Post
from .results import (
    LATER_MAX_DAYS,
    LATER_SURE_MAX_DAYS,
    NEAR_VERBATIM,
    OLDER_MAX_DAYS,
    PARAPHRASE,
    REPORT_CONFIDENCE,
    TRANSLATION,
    VERBATIM,
    Attribution,
    Match,
    Result,
    Signals,
    Span,
    merged_spans,
)
from .segment import Segment
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
    # ... and one whose article is dated more than this many days before it (results.OLDER_MAX_DAYS,
    # Result.held_older); None reports it
    older_max_days: float | None = OLDER_MAX_DAYS

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


# ---- stage 3: verify --------------------------------------------------------------------------


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
    # the article's links and @mentions blanked, as the post's are (prepared.core_text): trial 89's
    # retweet X cut short of a CGTN America post full of @mentions was its first 123 characters to
    # the letter, but the post's blanked mentions broke every stretch against the article's written
    # ones, and it was "a shared formula". Its "#" is kept: read as a space too, it joined tags into
    # stretches ("TimesPaletteStudio #ChinaDailyCartoon", a cartoon series' footer, was a verbatim
    # copy at 0.89 of another cartoon on a test stream); a copy broken only at such marks is still
    # verbatim (align.joined_share)
    longest, covered, spans = align.align(prep.core, strip_noise(article_text), prep.normalized)
    size = len(prep.normalized.text.strip())
    ev.aligned = True
    ev.post_chars = size
    ev.longest_chars = round(longest * size)
    ev.exact_chars = round(covered * size)
    if align.WIDE.search(prep.core):  # a CJK character carries about a word piece: 3 units
        ev.post_chars = letters(prep.normalized.text.strip())
        pieces = [prep.core[slice(*sp["post"])] for sp in spans]
        longest_piece = max(pieces, key=len, default="")
        ev.exact_chars = round(ev.exact_chars * _ratio(pieces))
        ev.longest_chars = round(ev.longest_chars * _ratio([longest_piece]))
    ev.exact = config.exact.confidence(ev.longest_chars)
    ev.sentence_share = round(align.sentence_share(article_text, spans), 4)
    ev.inside_sentence = align.inside_sentence(article_text, spans)
    ev.prose_share = round(align.prose_share(prep.core, spans), 4)
    ev.joined_share = round(align.joined_share(prep.core, article_text, spans), 4)
    return spans


# Where the post writes CJK characters, a stretch counts in letters (`prepared.letters`: a Han,
# kana or Hangul character 3, another letter 1, spaces and punctuation none); before, every
# character of such a post counted three. Trial 86: the bilingual greeting "祝贺！ Congratulations!"
# was verbatim at 1.00 of two unrelated posts holding "Congratulations!", its 16 characters
# counted as 48, over verdict.MIN_ALIGNED_CHARS.
def _ratio(pieces: list[str]) -> float:
    """Letters (`prepared.letters`) per character of `pieces`; 3 where they hold none."""
    chars = sum(len(p) for p in pieces)
    return sum(letters(p) for p in pieces) / chars if chars else 3.0


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
    weigh_candidates(index, prep, found, ranked, seen, config)
    matches = []
    for one in seen:
        found_match = report(one, prep)
        if found_match is None:
            continue
        if found_match.match_type in (TRANSLATION, PARAPHRASE):  # decided by the encoders
            lag = lag_days(one.article.published_at, prep.post.created_at)
            unvouched = one.evidence.in_doubt() or _vouched_alone(index, one.evidence)
            if config.later_max_days is not None and lag is not None and lag > config.later_max_days \
                    and (unvouched or lag > LATER_SURE_MAX_DAYS):
                found.held_later.append(found_match)  # a post cannot copy what came after it
                continue
            if config.older_max_days is not None and lag is not None and -lag > config.older_max_days and unvouched \
                    and not one.evidence.shares_facts():
                found.held_older.append(found_match)  # another time the same kind of event came round
                continue
            confirm_evidence(index, one)
        matches.append(found_match)
    matches.sort(key=_order)
    return matches[: config.top if keep is None else keep]


_TYPE_ORDER = {VERBATIM: 0, NEAR_VERBATIM: 1}


def _order(m: Match) -> tuple[float, float, float, int, float, float, str]:
    """A post's matches best first: by confidence; where a class's ceiling ties them, the one
    sharing more nats of numbers, dates and names with the post, then the verdict's own order
    (`Match.ranking`); then the closer copy of two tied at the top (verbatim before
    near_verbatim, more of the post aligned, more of its shingles contained), then by id. Trial
    87: a retweet of one post of a series ("Outstanding Pakistani Staff ... Mr Hamid Khan") named
    first, both at 1.00, another post of the series on another man, a near_verbatim copy of it,
    over the verbatim one. Trial 100: a condensed copy of the news of Li Keqiang's death named
    first, both at 0.85, the three-line daily digest it shares a clause with (8 nats) over the
    story it tells in full (13.5 nats: the date, Shanghai, 0:10). On the tuning dumps
    (`scripts/tune_experiments.py`'s) the shared nats before the verdict's order put the gold
    article first for one post more (a condensed half's lead) and for none fewer, of 19 with two
    or more reported. Tried first and not kept: the match whose post states no figure or place
    the article lacks first; the same on the tuning dumps, but places across scripts are often not
    matched, and on the condensed test half a French post naming "Japon" (the article writes
    美日韩) went to the other article."""
    signals = m.signals
    chance = (m.evidence or {}).get("chance") or {}
    return (-m.confidence, -float(chance.get("anchor_nats", 0.0) or 0.0),
            -(m.confidence if m.ranking is None else m.ranking), _TYPE_ORDER.get(m.match_type, 2),
            -float(signals.get("aligned", 0.0)), -float(signals.get("lexical_containment", 0.0)), m.article.id)


def _vouched_alone(index: Index, ev: verdict.PairEvidence) -> bool:
    """One encoder's verdict where the index holds two but the other may not decide for the
    post's language (USE for Greek): no second encoder vouches for it, as none does for a match
    `in_doubt` (trial 81: a Greek post on the EU's probe of Chinese electric cars, e5 alone, a
    translation at 0.90 of an MFA tweet on it dated 62 days later)."""
    return len(index.encoder_names) > 1 and len(ev.by_encoder) < 2


# Matches whose confidences shown differ by at most this much are near-tied: the same story told
# by two outlets, or an article and its translation, explain a post about equally well.
TIE = 0.05


def _raised_first(matches: list[Match], tie: float, wanted: Callable[[Match], bool]) -> list[Match]:
    """`matches` (best first) with the first of those near-tied with the best (`tie`) that is
    `wanted` raised to the best's confidence and put first, so the order stays by confidence;
    `matches` itself where there is none, or it is the best already."""
    if not matches:
        return matches
    best = matches[0].confidence
    chosen = next((m for m in matches if best - m.confidence <= tie and wanted(m)), None)
    if chosen is None or chosen is matches[0]:
        return matches
    chosen.confidence = best
    return [chosen] + [m for m in matches if m is not chosen]


def credited_first(matches: list[Match], tie: float = TIE) -> list[Match]:
    """`matches` (best first) with the first of those near-tied with the best (`tie`) whose outlet
    the post credits (attribution `attributed`) raised to the best's confidence and put first,
    so the order stays by confidence: a post that credits "@XHNews" copies Xinhua's version of a
    story CNS also ran, and calling its real credit evasive (a trial) would be wrong. A credit
    lifts a match by at most `tie`; otherwise `matches` is unchanged."""
    return _raised_first(matches, tie, lambda m: m.attribution is not None and m.attribution.status == "attributed")


def earlier_first(matches: list[Match], tie: float = TIE) -> list[Match]:
    """`matches` (best first) with the first of those near-tied with the best (`tie`) whose
    article is dated before the post (`source_first` true) raised to the best's confidence and
    put first, where the best's is dated after it: a post cannot copy a version published after
    it, and outlets republish each other's stories within hours (trial 106: People's Daily's
    English version of a CNS dispatch, dated after the post, came first). Otherwise `matches`
    is unchanged."""
    if not matches or matches[0].source_first is not False:
        return matches
    return _raised_first(matches, tie, lambda m: m.source_first is True)


def credit_before_later(match: Match) -> None:
    """A credit to a sibling state outlet (attribution `evasive`, `sibling` true) on a match whose
    article is dated after the post (`source_first` false) made `attributed`, `sibling` kept: the
    post cannot have copied that version, so the credit is no evidence of hiding which outlet it
    took the story from; the outlet it credits may have run it first (trial 106: a post ending
    "Fuente: CNS", translating CNS's dispatch, matched People's Daily's version published hours
    after it and was called evasive). Only a credit written as one (a rule whose status is
    `attributed`, `attribution.cues.RULES`): a sibling named evasively ("Twitter •handle") is
    still evasive."""
    from .attribution.cues import RULES

    a = match.attribution
    if match.source_first is False and a is not None and a.status == "evasive" and a.sibling \
            and any(RULES.get(e.rule, ("evasive", ""))[0] == "attributed" for e in a.evidence):
        match.attribution = replace(a, status="attributed")


def _lexical_part(index: Index, aid: int, prep: Prepared, post_sh: set[str],
                  config: MatchConfig) -> tuple[Article, verdict.PairEvidence, list[Span]]:
    """A candidate article, its evidence with the lexical fields filled (containment, and the
    alignment where it could decide: `lexical_evidence`, from the stored forms when the index
    has them) and the aligned spans: the part of `examine` that needs no encoder."""
    article = index.store.article(aid)
    if article.lang is None:
        # an index built before the writer read articles' languages: the language the pair is
        # judged in (`_pair_languages`) is the one the match shows, not null
        article = replace(article, lang=article_lang(article))
    forms = index.store.forms(aid)  # stored when indexed (None: derived from the text)
    ev = verdict.PairEvidence(letters=prep.letters, differs=False, lexical=0.0,
                              containment=containment(post_sh, article.text, forms, prep.shingle_k), pool=index.articles,
                              han_script=prep.han_script, article_chars=len(article.text))
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
    appended (margin 0: "another story on the same topic"). `PairEvidence.runner_up_ids` names
    that best other article, which `why_not` shows (trial 65: "another story" named none)."""
    same = _Republished(seen)
    for i, one in enumerate(seen):
        ev = one.evidence
        for name, score in ev.scaled.items():
            others = [(o.evidence.scaled[name], o.article.id) for j, o in enumerate(seen)
                      if j != i and name in o.evidence.scaled
                      and not (abs(o.evidence.scaled[name] - score) < REPUBLISHED_GAP and same(i, j))]
            best = max(others, default=None, key=lambda other: other[0])
            ev.runner_up[name] = round(score - (best[0] if best is not None else 0.0), 4)
            if best is not None:
                ev.runner_up_ids[name] = best[1]


# An exact stretch the post shares with an article is a formula or an account's footer, not
# evidence of a copy, where FORMULA_OTHERS or more of the post's other candidate articles write it
# too while telling other stories (`discount_formulas`): what many indexed texts write, no copy of
# one of them is shown by (issue 12: weigh shared text by how common it is in the index). Trial
# 83's stream of 1,000 real state-media posts had 13 false near_verbatim copies of 17, at
# 0.89-1.00: a panda account's footer ("#PandaPic #ChengduPandaBase For more panda information,
# please check out..."), the forum's name ("the third Belt and Road Forum for International
# Cooperation") in posts on the forum's other events, the minister's title ("Member of the
# Political Bureau of the CPC Central Committee and Foreign Minister Wang Yi") in reports of his
# other meetings. Another article is another story where the rest of this one's text (its shared
# stretches left out) holds less than VERSION_SHARE of its character shingles in it: a version
# of the story (a cross-post, a reworded wire copy) writes the rest too, so a post copying a story
# many accounts carried keeps its stretches. Only the post's candidates are asked (up to
# MatchConfig.max_candidates articles, those its shingles and nearest passages bring), so a
# formula counts where it is common among the texts nearest the post.
FORMULA_OTHERS = 2
# One other story suffices where no trusted encoder is sure of the pair (`_unsure`): the reviewed
# tuning streams (scripts/bench_streams.py; trials 78, 79, 81) held 14 false copies on a shared
# formula whose encoders were all in doubt, "the 74th anniversary of the founding of the People's
# Republic of China" of one embassy's reception reported of another's, a press conference's
# header of its other questions, a white paper's title sentence of another paper; most had one
# other candidate writing it. With one: 7 false and 2 borderline matches fewer, 4 true ones lost
# (2 posts: restatements of the San Francisco summit's announcements, whose week's other posts
# write the same lead); the tuning dumps' verdicts unchanged (1,906 true, 28 false). Not where the
# stretches are a sentence restated, most of the post and prose (verdict.quoted_sentence), as
# they are no title: trial 85's restatement of the Xi-Biden readout three accounts posted, each
# with other sentences of it, was lost on the test streams, and two of the tuning streams' four.
FORMULA_OTHERS_IN_DOUBT = 1
VERSION_SHARE = 0.5
# ... and only where such characters are at least FORMULA_SHARE of those the post aligns with the
# article: a post restating an announcement shares some of its phrases with other articles on
# the event (trial 79's "At the invitation of U.S. President Joe Biden, Chinese President Xi
# Jinping will be in San Francisco from Nov. 14 to 17 for a China-U.S. summit meeting...", 26%
# of whose aligned characters other reports hold, was lost without this bound), a formula is
# most of what it shares.
FORMULA_SHARE = 0.5
# A post the article's stretches cover over verdict.LEXICAL_ALONE_SHARE of is a copy of it, however
# many other articles write them, where they are also FORMULA_ARTICLE_SHARE or more of the
# article (a cross-post: trial 81's "Chinese President Xi Jinping on Saturday evening returned to
# Beijing after ... APEC", 93% of the post, nearly all of its article). Where they are less of the
# article, the post is the formula and the article says more: trial 84's "Warmly celebrate the
# 74th anniversary of the founding of the People's Republic of China." was near_verbatim at 1.00
# of each of three articles of the 14 that write it (a Lesotho ambassador's thanks for a
# reception, 25% of it aligned), with no encoder seeing the post and the article alike. A post
# that is the article's opening words is its headline copied (trial 78's "習近平在亞太經合組織第三十次
# 領導人非正式會議上的講話 全文>>", the title of the speech that several accounts posted with other
# parts of its text), and stays a copy.
FORMULA_ARTICLE_SHARE = 0.5


# The encoders' match rests on a formula where at least FORMULA_SEMANTIC_SHARE of the letters of
# every post sentence they pair with the article lie in the formula's characters. Trial 85: "Ten
# years on: Amity, Sincerity, Mutual Benefit and Inclusiveness. The LMC Song of Youth", a series'
# opener and one video's title, was a paraphrase at 1.00 (both encoders at 1.00 on the opener)
# of two posts of the series on other stories; 5 of the 18 false copies of its real stream were
# such openers.
FORMULA_SEMANTIC_SHARE = 0.8


def mark_formula_anchors(index: Index, prep: Prepared, ranked: Sequence[int], seen: list[Examined]) -> None:
    """Set `PairEvidence.formula_anchors` on each candidate whose shared anchors would lift it
    while no encoder is sure of it (`verdict.PairEvidence.anchors_lift`, ENCODER_SURE) and whose
    post names places the article never names (`missing_places`) that no other candidate names
    either, where every one of those anchors (its span in the post) is shared too by another
    candidate article of the post that is not the same text (`republished`) nor another version
    of the same story (one holding every specific figure the pair shares,
    `PairEvidence.specific_spans`: trial 106's "Yakarta-Bandung … 383.000 pasajeros … 98,7 %"
    against CNS's dispatch was held back because People's Daily's copy of it shares both
    figures): the names, dates and places a template series repeats in each item ("Chinese President Xi Jinping met with ...
    in San Francisco on Thursday"), with a country none of its items is about. `ranked`: the
    candidates' article numbers, in `seen`'s order. The other candidates' anchors and places are
    compared with the post's (`anchorcompare.compare`, `placeswap.missing_places`) only for such
    a pair. Trial 95's APEC series items ("... In recent
    years, Peru has accelerated its energy transition") and benchmarks/topical/tune/t98's
    【習近平會見泰國總理賽塔】 against the Fiji item were paraphrases at 0.63-0.87, both encoders
    in doubt; no tuning copy is reported so (scripts/tune_experiments.py's dumps). Without the
    place the article lacks, two streams' cross-posts of one widely covered event ("President Xi
    Jinping had a meeting with U.S. President Joe Biden in Bali") were lost; with it but without
    "no other candidate names it", seven (the Spanish and French posts on Xi and Biden at Filoli
    against the Portuguese one: "San Francisco" is not found as "São Francisco"), for two false
    copies fewer (session of 2026-12-06)."""
    same = _Republished(seen)
    for i, one in enumerate(seen):
        ev = one.evidence
        if not ev.shared or not ev.missing_places or max(ev.by_encoder.values(), default=0.0) >= verdict.ENCODER_SURE \
                or not ev.anchors_lift():
            continue
        covered: list[tuple[int, int]] = []
        named_elsewhere = False  # another candidate names one of the post's places this article lacks
        figures = ev.specific_spans()
        for j, (aid, other) in enumerate(zip(ranked, seen)):
            if j == i or same(i, j):
                continue
            table = index.store.anchor_keys(aid)
            shared, _ = anchorcompare.compare(prep.anchors, table, None, prep.core)
            if figures and figures <= {(s.post.start, s.post.end) for s in shared}:
                continue  # the same story's figures: another outlet's version of it, not another item
            covered.extend((s.post.start, s.post.end) for s in shared)
            if not named_elsewhere:
                lacking = missing_places(prep, other.article.text, table)
                named_elsewhere = any(place not in lacking for place in ev.missing_places)
        ev.formula_anchors = not named_elsewhere and \
            all(any(lo < s.post.end and s.post.start < hi for lo, hi in covered) for s in ev.shared)


def discount_formulas(seen: list[Examined], config: MatchConfig, queries: Sequence[Segment] = ()) -> None:
    """Leave out of each candidate's exact stretches (`PairEvidence.exact_chars`,
    `longest_chars`, `exact`) the post's characters that FORMULA_OTHERS or more other candidates
    on other stories hold too (see FORMULA_OTHERS; FORMULA_OTHERS_IN_DOUBT where no encoder is
    sure of the pair), recording their count in `formula_chars` and
    the number of such articles in `formula_holders` (for `verdict.why_not`). Candidates the
    lexical channels report on stretches covering verdict.LEXICAL_ALONE_SHARE of the post or more
    are left as they are where the stretches are FORMULA_ARTICLE_SHARE of the article or more, or
    its opening words: a post that is the article's text or headline copies it, however many
    accounts carried that text (trial 81's "Chinese President Xi Jinping on Saturday evening
    returned to Beijing after ... the 30th APEC Economic Leaders' Meeting in San Francisco", every
    stretch of which other articles on his trip write). The rest of an article is read without its links and
    mentions (lexical.strip_noise). The spans shown stay as aligned. Where every post sentence
    the encoders pair with the article (`queries`, the post's `Prepared.queries`) lies in those
    characters (FORMULA_SEMANTIC_SHARE), the encoders saw the formula: `formula_semantic`."""
    texts = _CandidateTexts(seen)
    for i, one in enumerate(seen):
        ev = one.evidence
        if not one.spans or ev.lexical_confidence() < REPORT_CONFIDENCE \
                or (ev.aligned_share >= verdict.LEXICAL_ALONE_SHARE
                    and (_article_share(one) >= FORMULA_ARTICLE_SHARE or _opens_article(one))):
            continue
        others = FORMULA_OTHERS_IN_DOUBT if _unsure(ev) and not verdict.quoted_sentence(ev) else FORMULA_OTHERS
        common, holders, longest = _formula_chars(seen, i, texts, others)
        total = sum(sp["post"][1] - sp["post"][0] for sp in one.spans)
        if common and len(common) >= FORMULA_SHARE * total:
            _leave_out(ev, total, len(common), longest, config)
            ev.formula_holders = len(holders)
            ev.formula_semantic = _encoders_on(one, common, queries)


def _encoders_on(one: Examined, common: set[int], queries: Sequence[Segment]) -> bool:
    """Whether each post sentence (of `queries`) the encoders pair with `one`'s article
    (`_matched_units`) has FORMULA_SEMANTIC_SHARE or more of its letters among the post
    characters `common`; False where they pair none."""
    units = _matched_units(one.semantic, len(queries)) if queries else []
    if not units:
        return False
    for i, _, _ in units:
        q = queries[i]
        spots = [c for c in range(q.start, q.end) if q.text[c - q.start].isalnum()]
        if not spots or sum(c in common for c in spots) < FORMULA_SEMANTIC_SHARE * len(spots):
            return False
    return True


def _opens_article(one: Examined) -> bool:
    """Whether `one`'s first aligned stretch is where the article's text begins (no letter
    before it, `prepared.letters`): its headline or first words."""
    first = min((sp["article"][0] for sp in one.spans), default=None)
    return first is not None and letters(strip_noise(one.article.text[:first])) == 0


def _article_share(one: Examined) -> float:
    """The share of the article's text, its links and mentions left out (`lexical.strip_noise`),
    that `one`'s spans align, in letters (`prepared.letters`: a Han character counts 3): 0..1,
    and 1 for an article of no letter."""
    text = strip_noise(one.article.text)
    total = letters(text)
    if total == 0:
        return 1.0
    covered = merged_spans((sp["article"][0], sp["article"][1]) for sp in one.spans)
    return min(1.0, sum(letters(text[a:b]) for a, b in covered) / total)


class _CandidateTexts:
    """The candidates' texts folded (`_folded`) and shingled, each made once per post."""

    def __init__(self, seen: list[Examined]) -> None:
        self.seen = seen
        self._folded: dict[int, str] = {}
        self._shingles: dict[int, set[str]] = {}

    def folded(self, j: int) -> str:
        if j not in self._folded:
            self._folded[j] = _folded(self.seen[j].article.text)
        return self._folded[j]

    def shingles(self, j: int) -> set[str]:
        if j not in self._shingles:
            self._shingles[j] = shingles(self.seen[j].article.text)
        return self._shingles[j]


def _unsure(ev: verdict.PairEvidence) -> bool:
    """Every trusted encoder below verdict.ENCODER_SURE (False without one), or the post screened
    out by the first (`PairEvidence.screened`: every encoder counts as in doubt)."""
    return ev.screened or (bool(ev.by_encoder) and max(ev.by_encoder.values()) < verdict.ENCODER_SURE)


def _formula_chars(seen: list[Examined], i: int, texts: _CandidateTexts,
                   others: int = FORMULA_OTHERS) -> tuple[set[int], set[int], int]:
    """The post's characters (offsets) that `seen[i]`'s spans align and `others` or more
    other candidates on other stories hold too (in their own aligned spans, or writing the span's
    text), those candidates' indices, and the longest run of the span characters left. Lengths
    in the post's original characters."""
    one = seen[i]
    text = one.article.text
    rest, last = [], 0
    for sp in sorted(one.spans, key=lambda sp: sp["article"][0]):
        rest.append(text[last:sp["article"][0]])
        last = max(last, sp["article"][1])
    rest_sh = shingles(strip_noise(" ".join([*rest, text[last:]])))
    if not rest_sh:
        return set(), set(), 0  # all of the article is aligned: any article holding it is a version
    held_by: dict[int, set[int]] = {}  # other story -> the post characters it holds
    count: Counter[int] = Counter()  # post character -> other stories holding it
    mine = {c for sp in one.spans for c in range(*sp["post"])}
    pieces = [text[sp["article"][0]:sp["article"][1]] for sp in one.spans]
    for j, other in enumerate(seen):
        if j == i or len(rest_sh & texts.shingles(j)) >= VERSION_SHARE * len(rest_sh):
            continue  # this one, or a version of its story (which writes the rest of it too)
        held: set[int] = set()
        for sp, piece in zip(one.spans, pieces):
            found = _written_part(piece, texts.folded(j))
            if found is not None:  # its post characters, in proportion (the stretch is exact)
                start, end = sp["post"]
                scale = (end - start) / max(1, len(piece))
                held.update(range(start + round(found[0] * scale), start + round(found[1] * scale)))
        for sp in other.spans:
            held.update(range(*sp["post"]))
        held &= mine
        if not held:
            continue
        held_by[j] = held
        count.update(held)
    common = {c for c, n in count.items() if n >= others}
    if not common:
        return set(), set(), 0
    longest = run = 0
    for sp in one.spans:
        for c in range(*sp["post"]):
            run = 0 if c in common else run + 1
            longest = max(longest, run)
        run = 0
    return common, {j for j, held in held_by.items() if not held.isdisjoint(common)}, longest


# A stretch another article writes but for a word or two at either end is written there too:
# trial 84's panda caption aligned "#CCRCGP For more panda information, please check out:" with
# one other caption, while thirteen wrote the footer after the hashtag, and the formula went
# unseen (near_verbatim at 1.00). Up to TRIM_WORDS words off either end, keeping TRIM_SHARE of it.
TRIM_WORDS = 2
TRIM_SHARE = 0.6
_SPACES = regex.compile(r"\s+")


def _written_part(piece: str, other: str) -> tuple[int, int] | None:
    """The longest part of `piece` (character offsets in it) that `other` (a folded text,
    `_folded`) writes: all of it, or it without up to TRIM_WORDS words at either end, keeping
    TRIM_SHARE of its length; None when none is."""
    if _folded(piece) in other:
        return 0, len(piece)
    gaps = list(_SPACES.finditer(piece))
    starts = [0, *(m.end() for m in gaps[:TRIM_WORDS])]
    ends = [len(piece), *(m.start() for m in reversed(gaps[-TRIM_WORDS:]))]
    best: tuple[int, int] | None = None
    for start in starts:
        for end in ends:
            if end - start < TRIM_SHARE * len(piece) or (best is not None and end - start <= best[1] - best[0]):
                continue
            if _folded(piece[start:end]) in other:
                best = (start, end)
    return best


def _leave_out(ev: verdict.PairEvidence, total: int, common: int, longest: int, config: MatchConfig) -> None:
    """`ev`'s exact stretches (`total` post characters) without `common` of them: those out of
    `exact_chars` (into `formula_chars`), `longest` (the longest run left) as `longest_chars`,
    its confidence as `exact`, and no run joined across gaps (`joined_share`). Lengths are turned
    into the alignment's units (`lexical_evidence`: normalised characters, a CJK character
    counting 3) by the spans' share of `exact_chars`."""
    if total <= 0:
        return
    ev.joined_share = 0.0
    unit = ev.exact_chars / total
    ev.formula_chars = round(unit * common)
    ev.exact_chars = round(unit * (total - common))
    ev.longest_chars = min(ev.longest_chars, round(unit * longest))
    ev.exact = config.exact.confidence(ev.longest_chars)


# Two candidates are one text republished where the shorter holds at least REPUBLISHED_SHARE of
# its character shingles in the longer and has at least that share of its shingles' count: an
# agency credit or a byline added ("(Xinhua)"), not a summary inside a longer story. Only pairs
# scored within REPUBLISHED_GAP by an encoder are compared (a republished text scores the same),
# on their first REPUBLISHED_CHARS characters.
REPUBLISHED_SHARE = 0.9
REPUBLISHED_GAP = 0.05
REPUBLISHED_CHARS = 20_000


class _Republished:
    """Whether two of a post's candidates (`seen`, by position) are one text republished
    (`republished`), each candidate's shingles (of its first REPUBLISHED_CHARS characters) made
    once and only where asked."""

    def __init__(self, seen: Sequence[Examined]) -> None:
        self.seen = seen
        self.sets: dict[int, set[str]] = {}

    def __call__(self, i: int, j: int) -> bool:
        for k in (i, j):
            if k not in self.sets:
                self.sets[k] = shingles(self.seen[k].article.text[:REPUBLISHED_CHARS])
        return republished(self.sets[i], self.sets[j])


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
    if ev.differs and sem.confidence >= verdict.ANCHOR_FLOOR and _passage_in_post_language(prep, article, plist, sem):
        # the post matched a passage in its own language: the same-language calibration, not the
        # looser cross-lingual one (the calibrations' monolingual thresholds), and no translation
        ev.differs = False
        sem = score_semantic(index, prep, found, qvecs, plist, True, config, None)
    # a lexical-only post (screen.py) was not embedded by every encoder: the ones that did embed
    # it may not decide alone, as the encoders' agreement rule (verdict) would not be applied
    ev.semantic = 0.0 if found.lexical_only else sem.confidence
    ev.screened = bool(found.lexical_only) and found.lexical_only != screen.NO_SEMANTIC
    ev.raw, ev.scaled, ev.by_encoder = sem.raw, sem.scaled, sem.by_encoder
    ev.hub_margin = sem.hub_margin
    # the anchors (extracting an article's costs more than the rest of this) only where they
    # can change the verdict or will be shown with it
    if verdict.anchors_matter(ev, prep.anchors):
        anchor_evidence(ev, prep, article.text, index.store.anchor_keys(aid), sem.alike,
                        lag_days(article.published_at, prep.post.created_at), aligned_ranges(sem, plist, spans), spans,
                        article.published_at)
    return Examined(article, plist, ev, sem, spans)


def weigh_candidates(index: Index, prep: Prepared, found: Candidates, ranked: Sequence[int],
                     seen: list[Examined], config: MatchConfig) -> None:
    """What each of a post's examined candidates (`seen`, their article numbers `ranked`) owes to
    the others, before any verdict: a digest's other items (`other_items`), the margins over the
    next best article (`set_runner_up_margins`), the formulas many of them write
    (`discount_formulas`, `mark_formula_anchors`). `verify` and `nearmiss.closest` weigh alike."""
    other_items(index, prep, found, ranked, seen)
    set_runner_up_margins(seen)
    discount_formulas(seen, config, prep.queries)
    mark_formula_anchors(index, prep, ranked, seen)


# In a post that strings several copied items together (a digest: a press review, a thread's
# roundup), a sentence is another item's, not this article's, where another candidate article
# stands above the sentence's background (`Candidates.background`) by every encoder that scored
# both, and this article at most DIGEST_SHARE as far above it: what that sentence tells is the
# other article's, and its figures, days and places tell no other event of this one. Trial 116's
# Spanish press review of four French leads (Xinhua's copper mine, RT on Chad, Sputnik on a tomato
# plant, CGTN on a motorway) found three: the tomato plant's "martes" was "martes ≠ lundi" against
# the motorway's article, as e5 put every item of the review above its background for every
# article on the region; in English, "12,000 tonnes ≠ 437.000 tonnes" lost the copper mine.
DIGEST_SHARE = 0.5


def other_items(index: Index, prep: Prepared, found: Candidates, ranked: Sequence[int], seen: list[Examined]) -> None:
    """Where the post is a digest (DIGEST_SHARE), drop from each candidate's `SemanticScore.alike`
    the sentences another candidate tells (and then its anchor evidence is read again without
    them, `anchor_evidence`), provided the candidate keeps a sentence it tells that no other
    candidate takes from it: a digest's own item. Sentence cosines are `SemanticScore.sentence_cos`;
    a post of one sentence, or scored by no encoder per sentence, is left as it is. `ranked`: the
    candidates' article numbers, in `seen`'s order."""
    sentences = len(prep.queries) - 1
    if len(seen) < 2 or sentences < 2:
        return
    names = [n for n in seen[0].semantic.sentence_cos
             if len(found.background.get(n, ())) == sentences + 1
             and all(len(one.semantic.sentence_cos.get(n, ())) == sentences for one in seen)]
    if not names:
        return
    # candidates x encoders x sentences: each sentence's cosine minus its background
    excess = np.array([[one.semantic.sentence_cos[n] for n in names] for one in seen], dtype=np.float64) \
        - np.array([found.background[n][1:] for n in names], dtype=np.float64)[None]
    alike = np.array([one.semantic.alike if len(one.semantic.alike) == sentences else [False] * sentences
                      for one in seen], dtype=bool)
    # tells[j, i, k]: candidate j tells sentence k, which candidate i resembles at most DIGEST_SHARE as much
    tells = ((excess[:, None] > 0) & (excess[None] <= DIGEST_SHARE * excess[:, None])).all(axis=2) & alike[:, None]
    tells[np.arange(len(seen)), np.arange(len(seen))] = False
    taken: np.ndarray = np.asarray(tells.any(axis=0))  # candidates x sentences

    for i, (aid, one) in enumerate(zip(ranked, seen)):
        sem, ev = one.semantic, one.evidence
        others = np.flatnonzero(taken[i]).tolist()
        mine = [bool(a) and not t for a, t in zip(alike[i], taken[i])]
        if not others or not any(mine):
            continue  # no digest, or none of its items is this article's
        table = index.store.anchor_keys(aid)
        if mine != sem.alike:
            sem.alike = mine
            if verdict.anchors_matter(ev, prep.anchors):
                anchor_evidence(ev, prep, one.article.text, table, mine,
                                lag_days(one.article.published_at, prep.post.created_at),
                                aligned_ranges(sem, one.passages, one.spans), one.spans, one.article.published_at)
        if ev.missing_places:  # the other items' places are their articles'
            ev.missing_places = missing_places(prep, one.article.text, table, ev.shared,
                                               [(prep.queries[k + 1].start, prep.queries[k + 1].end) for k in others])


def _passage_in_post_language(prep: Prepared, article: Article, plist: list[Any], sem: SemanticScore) -> bool:
    """Whether the passage the whole post matched best (`sem.single[0]`) reads as the post's
    language rather than the article's (`lang.reads_as`), for a pair whose tags differ. The
    benchmark of personal posts against 17,693 CANIS state-media posts
    (scripts/bench_tweet_fp.py, test half) reported "Happy mother's day to all the gorgeous mums
    reading this" as a translation, at 0.97, of a tweet tagged French that opens in English
    ("Happy Mother's Day to all mothers !!"), under the cross-lingual calibration."""
    if not sem.single or not 0 <= sem.single[0] < len(plist) or prep.lang is None:
        return False
    passage = plist[sem.single[0]]
    other = langid.base(article.lang)
    return other is not None and langid.reads_as(article.text[passage.start:passage.end], prep.lang, other)


def aligned_ranges(sem: SemanticScore, plist: list[Any], spans: list[Span]) -> list[tuple[int, int]]:
    """The (start, end) article ranges a post is aligned with: each exact stretch of
    verdict.MIN_ALIGNED_CHARS or more, and the passages its queries matched as `_coverage`
    counts them (`_matched_units`). Where an anchor of a long article counts
    (sharedfacts.near_aligned); trial 52 saw the weak best passages of every query let
    scattered figures count."""
    # an exact stretch as long as the verdict's (a short one, "10,000 people", is no alignment)
    out = [(span["article"][0], span["article"][1]) for span in spans
           if span["article"][1] - span["article"][0] >= verdict.MIN_ALIGNED_CHARS]
    return out + [(plist[first].start, plist[last].end) for _, first, last in _matched_units(sem, len(sem.best_passages))
                  if 0 <= first <= last < len(plist)]


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
                 None if lag is None else lag <= 0, evidence=evidence, ranking=judged.ranking)


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
    post_letters, covered = 0, set[int]()
    for i, first, last in _matched_units(sem, len(prep.queries)):
        q = prep.queries[i]
        post_letters += letters(prep.core[q.start:q.end])
        covered.update(range(first, last + 1))
    text = seen.article.text
    return post_letters, sum(letters(text[plist[k].start:plist[k].end]) for k in covered)


def _matched_units(sem: SemanticScore, queries: int) -> list[tuple[int, int, int]]:
    """(query, first passage, last passage) of each of a post's `queries` whose match is shown:
    the sentence queries (the whole post where it is one), a digest's other items left out (the
    sentences `alike` says do not resemble the article), each query's best unit, a window only
    where it beats the query's best single passage by WINDOW_TIE (the single passage otherwise).
    Empty where the encoders gave no units."""
    if not sem.best_passages or not sem.units or len(sem.single) != len(sem.best_passages) \
            or queries != len(sem.best_passages):
        return []
    chosen = list(range(1, queries)) if queries > 1 else [0]
    digest = len(chosen) > 1 and any(sem.alike) and not all(sem.alike)
    out = []
    for n, i in enumerate(chosen):
        if digest and not sem.alike[n]:
            continue
        first, last = sem.units[sem.best_passages[i]]
        if first != last and sem.window_gain[i] < WINDOW_TIE:
            first = last = sem.single[i]
        out.append((i, first, last))
    return out


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
            # the language read, too short to match or not (trial 103: "ありがとう" came back null)
            post = prep.post if prep.post.lang == prep.shown_lang else replace(prep.post, lang=prep.shown_lang)
            if prep.too_short or found[i].stopped is not None:
                results.append(Result(post, []))
                continue
            matches = verify(self.index, prep, found[i], {n: v[i] for n, v in qvecs.items()}, self.config,
                             keep=self.config.max_candidates)
            if self.attributor is not None:
                best = matches[0].confidence if matches else 0.0
                for rank, m in enumerate(matches):  # the top ones, and any near-tied with the best
                    if rank < self.config.top or best - m.confidence <= TIE:
                        m.attribution = Attribution.from_dict(self.attributor(prep.post, m.article))
                        credit_before_later(m)
                matches = credited_first(earlier_first(matches))
            held = sorted(found[i].held_later, key=lambda m: (-m.confidence, m.article.id))
            older = sorted(found[i].held_older, key=lambda m: (-m.confidence, m.article.id))
            results.append(Result(post, matches[: self.config.top], held[: self.config.top], older[: self.config.top]))
        return results
