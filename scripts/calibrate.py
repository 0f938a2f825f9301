#!/usr/bin/env python3
"""Fit the decision thresholds and confidence curves on the tuning half of the benchmark.

Stages (the first two cached under --work, so a re-run only redoes what changed):

1. **index**: build the tuning-half index once with every encoder being calibrated
   (``benchmarks/ntrex/tune/articles.jsonl``, encoder ``use+e5``).
2. **collect**: run the real matcher over ``tune/posts.jsonl`` with every threshold opened up,
   so that *every* verified candidate article of every post is kept with its raw signals
   (containment, cosine and locally scaled cosine per encoder). For a negative post the best
   candidate is the best unrelated article of the whole index (candidates come from exact ANN
   search over all passages), so thresholds are fitted on **max-over-index scores of hard
   negatives** (same news cycle, often the same story), not on random pairs.
3. **fit** (replaying the matcher's decision on the collected signals):
   * lexical containment: the smallest threshold at which at most ``--fp`` of the negative
     posts in the article's language (English) have an article above it;
   * each encoder, on its locally scaled cosine (see ``calibration.Calibration``): the pair of
     cross-lingual thresholds (USE, e5) that maximises the worst per-language recall of the
     translations, then the mean, subject to at most ``--fp`` of the cross-lingual negative
     posts being matched; USE decides only in its 16 training languages, e5 in all;
   * a separate *monolingual* threshold per encoder (post in the article's language, i.e. a
     paraphrase) at ``--fp`` of the same-language negatives;
   * each slope by maximum likelihood of "is the gold article" with the 0.5 point held at the
     threshold.
   Writes ``models/<channel>.json`` (and the packaged copy under
   ``src/sourcetrace/data/models/``) with ``--write``.

It also prints the tuning-half numbers of the three choices of encoder (use, e5, use+e5),
each with its own fitted thresholds, replayed on the same candidates.

Usage::

    python scripts/calibrate.py [--work .sourcetrace/bench] [--fp 0.025] [--write]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks" / "ntrex"
sys.path.insert(0, str(REPO / "src"))

from quality_evals import _problem, build, log

from sourcetrace import calibration
from sourcetrace import index as ix
from sourcetrace.calibration import USE_LANGUAGES, Calibration, ChannelModel, write_models
from sourcetrace.lexical import shingles
from sourcetrace.match import MatchConfig, Matcher, prepare
from sourcetrace.readers import read_gold

ENCODERS = ("use", "e5")
TRUSTED: dict[str, frozenset[str] | None] = {"use": USE_LANGUAGES, "e5": None}
OPEN = Calibration(threshold=-10.0, slope=1.0, local_scaling=True)  # confidence ~1 everywhere
ARTICLE_LANG = "en"


# ---- stage 1 and 2 ------------------------------------------------------------------------------

def build_index(half: str, spec: str, work: Path) -> tuple[Path, dict[str, Any]]:
    """Index one half's articles once per encoder spec; returns the path and the build stats."""
    return build(work, spec, half, BENCH / half / "articles.jsonl")


def collect(index_path: Path, posts_file: Path, out: Path) -> list[dict[str, Any]]:
    """Every verified candidate of every post with its raw signals (thresholds opened up)."""
    matcher_src = REPO / "src" / "sourcetrace" / "match.py"
    if out.is_file() and out.stat().st_mtime > max(posts_file.stat().st_mtime, matcher_src.stat().st_mtime):
        return [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    index = ix.Index.open(index_path)
    config = MatchConfig(
        top=50, lexical=OPEN, semantic={name: OPEN for name in index.encoder_names},
        monolingual={}, languages={},
    )
    matcher = Matcher(index, config)
    items = list(read_gold([posts_file], _problem))
    rows = []
    started = time.perf_counter()
    for (post, gold), result in zip(items, matcher.check_many(p for p, _ in items)):
        prep = prepare(post, config)
        cands = []
        for m in result.matches:
            sig = m.signals
            raw = sig.get("semantic_by_encoder") or {index.encoder_names[0]: sig.get("semantic", 0.0)}
            cands.append({"article": m.article.id, "cont": sig["lexical_containment"],
                          "raw": raw, "scaled": sig.get("semantic_scaled", {})})
        rows.append({
            "id": post.id, "lang": gold.get("lang") or post.lang, "post_lang": prep.lang,
            "copy_type": gold["copy_type"], "gold": gold.get("article_id"),
            "lexical_usable": len(shingles(prep.core)) >= 8, "too_short": prep.too_short,
            "candidates": cands,
        })
    log(f"collected {len(rows)} posts in {time.perf_counter() - started:.0f}s")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return rows


# ---- stage 3: replay the decision ---------------------------------------------------------------

@dataclass
class Table:
    """Collected signals as arrays: posts x candidate slots (padded)."""

    lang: np.ndarray  # post language (gold)
    post_lang: list[str | None]  # language the matcher used
    copy_type: np.ndarray
    is_gold: np.ndarray  # bool, posts x slots
    valid: np.ndarray  # bool, posts x slots
    negative: np.ndarray  # bool per post
    cont: np.ndarray
    lex_ok: np.ndarray  # bool per post
    scaled: dict[str, np.ndarray]
    raw: dict[str, np.ndarray]

    @classmethod
    def of(cls, rows: list[dict[str, Any]]) -> Table:
        n, k = len(rows), max(1, max(len(r["candidates"]) for r in rows))
        shape = (n, k)
        t = cls(
            lang=np.array([r["lang"] for r in rows]), post_lang=[r["post_lang"] for r in rows],
            copy_type=np.array([r["copy_type"] for r in rows]),
            is_gold=np.zeros(shape, bool), valid=np.zeros(shape, bool),
            negative=np.array([r["gold"] is None for r in rows]),
            cont=np.zeros(shape), lex_ok=np.array([r["lexical_usable"] for r in rows]),
            scaled={e: np.full(shape, -9.0) for e in ENCODERS}, raw={e: np.full(shape, -9.0) for e in ENCODERS},
        )
        for i, r in enumerate(rows):
            for j, c in enumerate(r["candidates"]):
                t.valid[i, j] = True
                t.is_gold[i, j] = c["article"] == r["gold"]
                t.cont[i, j] = c["cont"]
                for e in ENCODERS:
                    t.scaled[e][i, j] = c["scaled"].get(e, -9.0)
                    t.raw[e][i, j] = c["raw"].get(e, -9.0)
        return t

    @property
    def same_language(self) -> np.ndarray:
        return np.array([lang == ARTICLE_LANG for lang in self.post_lang])


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))


def confidences(t: Table, cal: dict[str, ChannelModel]) -> np.ndarray:
    """The matcher's confidence for every (post, candidate): max over the channels allowed."""
    conf = np.zeros(t.cont.shape)
    lex = cal.get("lexical")
    if lex is not None:
        conf = np.where(t.lex_ok[:, None], _logistic(lex.slope * (t.cont - lex.threshold)), 0.0)
    same = t.same_language
    for e in ENCODERS:
        m = cal.get(e)
        if m is None:
            continue
        trusted = np.array([m.trusts(lang) for lang in t.post_lang])
        thr = np.where(same, m.monolingual[0] if m.monolingual else m.threshold, m.threshold)
        slope = np.where(same, m.monolingual[1] if m.monolingual else m.slope, m.slope)
        c = _logistic(slope[:, None] * (t.scaled[e] - thr[:, None]))
        conf = np.maximum(conf, np.where(trusted[:, None], c, 0.0))
    return np.where(t.valid, conf, 0.0)


def outcome(t: Table, cal: dict[str, ChannelModel]) -> tuple[np.ndarray, np.ndarray]:
    """(reported, right) per post: a match is reported; the top match is the gold article."""
    conf = confidences(t, cal)
    top = conf.argmax(axis=1)
    rows = np.arange(len(top))
    return conf[rows, top] >= 0.5, t.is_gold[rows, top]


def metrics(t: Table, cal: dict[str, ChannelModel], mask: np.ndarray | None = None) -> dict[str, Any]:
    reported, right = outcome(t, cal)
    m = np.ones(len(reported), bool) if mask is None else mask
    tp = int((reported & right & m).sum())
    fp = int((reported & ~right & m).sum())
    pos = int((~t.negative & m).sum())
    return {"n": int(m.sum()), "tp": tp, "fp": fp, "fn": pos - tp,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / pos, 4) if pos else None}


def breakdown(t: Table, cal: dict[str, ChannelModel]) -> dict[str, dict[str, Any]]:
    out = {"all": metrics(t, cal)}
    for ct in sorted(set(t.copy_type)):
        out[ct] = metrics(t, cal, t.copy_type == ct)
    for lang in sorted(set(t.lang)):
        out[lang] = metrics(t, cal, t.lang == lang)
    return out


def best_other(t: Table, score: np.ndarray) -> np.ndarray:
    """Per post, the best score of a candidate that is not the gold article."""
    return np.where(t.valid & ~t.is_gold, score, -9.0).max(axis=1)


def threshold_at(values: np.ndarray, fp: float) -> float:
    """Smallest threshold leaving at most a share `fp` of `values` above it (strictly)."""
    v = np.sort(values)[::-1]
    allowed = math.floor(fp * len(v))
    return float(v[allowed]) + 1e-4 if allowed < len(v) else float(v[-1])


def fit_slope(score: np.ndarray, label: np.ndarray, threshold: float) -> float:
    """Maximum-likelihood slope of P(label) = logistic(slope * (score - threshold)).

    Capped so that confidence needs at least 5% of the channel's score range (1st to 99th
    percentile) to climb from 0.5 to 0.99: perfectly separated tuning data (containment of
    copies vs. negatives) would otherwise make the curve a step.
    """
    x = score - threshold
    spread = float(np.quantile(score, 0.99) - np.quantile(score, 0.01)) or 1.0
    cap = math.log(99.0) / (0.05 * spread)
    best, best_ll = 1.0, -np.inf
    for slope in np.geomspace(1.0, max(cap, 1.0), 200):
        p = np.clip(_logistic(slope * x), 1e-9, 1 - 1e-9)
        ll = float(np.sum(label * np.log(p) + (1 - label) * np.log(1 - p)))
        if ll > best_ll:
            best, best_ll = float(slope), ll
    return best


def _pairs(t: Table, score: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(score, label) for the gold article of positives and the best other article of every post."""
    rows = np.where(mask)[0]
    gold = np.where(t.valid & t.is_gold, score, np.nan)[rows]
    pos = gold[~np.isnan(gold)]
    neg = best_other(t, score)[rows]
    neg = neg[neg > -9.0]
    return np.concatenate([pos, neg]), np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])


def fit(t: Table, encoders: Iterable[str], fp: float, fitted_on: dict[str, Any]) -> dict[str, ChannelModel]:
    encoders = list(encoders)
    info = {"fitted_on": fitted_on, "date": date.today().isoformat()}
    same = t.same_language
    cal: dict[str, ChannelModel] = {}

    # lexical: same-language negatives (the containment of a translation is ~0 anyway)
    neg_cont = np.where(t.lex_ok, best_other(t, np.where(t.lex_ok[:, None], t.cont, 0.0)), 0.0)
    lex_t = max(threshold_at(neg_cont[t.negative & same], fp / 2), 0.2)
    s, y = _pairs(t, np.where(t.lex_ok[:, None], t.cont, 0.0), same)
    cal["lexical"] = ChannelModel("lexical", lex_t, fit_slope(s, y, lex_t), info={
        **info, "rule": f"containment above which at most {fp / 2:.1%} of same-language negative posts"
                        " have an article (max over the index)"})

    # monolingual thresholds per encoder (paraphrase in the article's language)
    mono: dict[str, tuple[float, float]] = {}
    for e in encoders:
        mt = threshold_at(best_other(t, t.scaled[e])[t.negative & same], fp / 2)
        s, y = _pairs(t, t.scaled[e], same)
        mono[e] = (mt, fit_slope(s, y, mt))

    # cross-lingual: joint grid over the encoders' thresholds
    cross = ~same
    grids = {}
    for e in encoders:
        trusted = np.array([TRUSTED[e] is None or lang in TRUSTED[e] for lang in t.lang])
        vals = best_other(t, t.scaled[e])[t.negative & cross & trusted]
        grids[e] = np.unique(np.round(np.quantile(vals, np.linspace(0.90, 1.0, 41)), 4))
    langs = sorted(set(t.lang[cross]))
    best_key, best_cal = None, None
    for combo in np.array(np.meshgrid(*grids.values(), indexing="ij")).reshape(len(encoders), -1).T:
        trial = {e: ChannelModel(e, float(th), 50.0, TRUSTED[e], True, mono[e]) for e, th in zip(encoders, combo)}
        reported, right = outcome(t, trial)
        fp_share = (reported & t.negative & cross).sum() / max(1, (t.negative & cross).sum())
        if fp_share > fp:
            continue
        recalls = [(reported & right)[(t.lang == lang) & ~t.negative].mean() for lang in langs]
        key = (round(min(recalls), 4), round(float(np.mean(recalls)), 4), -float(np.sum(combo)))
        if best_key is None or key > best_key:
            best_key, best_cal = key, trial
    assert best_cal is not None, "no threshold meets the false-positive constraint"
    for e, model in best_cal.items():
        trusted = np.array([model.trusts(lang) for lang in t.post_lang]) & cross
        s, y = _pairs(t, t.scaled[e], trusted)
        # the per-article-language thresholds are chosen on the verdict dumps
        # (scripts/tune_verdict.py), not here: the current file's are kept, with their note
        kept = calibration.load(e)
        cal[e] = ChannelModel(
            e, model.threshold, fit_slope(s, y, model.threshold), TRUSTED[e], True, mono[e],
            by_article_language=kept.by_article_language if kept else {}, info={
                **info,
                **({"by_article_language_note": kept.info["by_article_language_note"]}
                   if kept and "by_article_language_note" in kept.info else {}),
                "rule": (f"threshold on cosine minus the post's background, chosen with the other"
                         f" encoders' ({'+'.join(encoders)}) to maximise the worst per-language recall"
                         f" of translations with at most {fp:.1%} of cross-lingual negative posts"
                         f" matched; monolingual: at most {fp / 2:.1%} of same-language negatives"),
                "languages_note": ("the languages USE multilingual v3 was trained on" if TRUSTED[e]
                                   else "all: e5 decides in every language"),
            })
    return cal


def describe(rows: list[dict[str, Any]], index_stats: dict[str, Any], spec: str) -> dict[str, Any]:
    kinds = Counter(r["copy_type"] for r in rows)
    return {
        "benchmark": "benchmarks/ntrex/tune (scripts/make_benchmark.py; NTREX-128, tuning half)",
        "index": {"encoder": spec, "articles": index_stats["added"], "passages": index_stats["passages"]},
        "posts": len(rows), "negatives": kinds.get("negative", 0),
        "by_copy_type": dict(sorted(kinds.items())),
        "languages": sorted({r["lang"] for r in rows}),
    }


def show(name: str, result: dict[str, dict[str, Any]]) -> None:
    cells = " ".join(f"{k}:{v['recall'] if v['recall'] is not None else '-'}/{v['precision'] if v['precision'] is not None else '-'}"
                     for k, v in result.items())
    print(f"{name:8} recall/precision  {cells}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=REPO / ".sourcetrace" / "bench",
                    help="cache folder for indexes and collected signals")
    # 2.5%: one negative in 40 per language, which with 80 copies per language keeps precision
    # near 0.99 (the target is 0.98); 2% costs 4 points of mean recall (ja, zh), 3% buys 1.
    ap.add_argument("--fp", type=float, default=0.025,
                    help="share of negative posts allowed a match on the tuning half (default 0.025)")
    ap.add_argument("--write", action="store_true", help="store the use+e5 fit under models/")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    spec = "+".join(ENCODERS)
    path, stats = build_index("tune", spec, args.work)
    rows = collect(path, BENCH / "tune" / "posts.jsonl", args.work / f"tune-{spec}-signals.jsonl")
    t = Table.of(rows)
    fitted_on = describe(rows, stats, spec)
    results = {}
    for encoders in (("use",), ("e5",), ENCODERS):
        cal = fit(t, encoders, args.fp, fitted_on)
        results["+".join(encoders)] = (cal, breakdown(t, cal))
        show("+".join(encoders), results["+".join(encoders)][1])
        for name, model in cal.items():
            print(f"    {name}: threshold {model.threshold:.4f} slope {model.slope:.1f}"
                  + (f" monolingual {model.monolingual[0]:.4f}/{model.monolingual[1]:.1f}" if model.monolingual else ""))
    (args.work / "tune-fit.json").write_text(json.dumps(
        {k: {"calibration": {n: m.to_dict() for n, m in c.items()}, "tuning": r} for k, (c, r) in results.items()},
        indent=1) + "\n", "utf-8")
    if args.write:
        cal = results[spec][0]
        for model in cal.values():
            model.info["tuning_half"] = {k: v for k, v in results[spec][1].items()}
        paths = write_models(cal.values(), [REPO / "models", REPO / "src" / "sourcetrace" / "data" / "models"])
        log("wrote " + ", ".join(str(p.relative_to(REPO)) for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
