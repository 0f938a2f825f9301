#!/usr/bin/env python3
"""Choose a language pair's own threshold for one encoder (models/<encoder>.json's
`by_article_language`, key "post>article"), on dumps of the tuning halves.

    python scripts/tune_pair_threshold.py DUMP.jsonl[:INDEX] ... [--encoder use] [--pair en>es]
        [--offsets 0.02,0.04,0.06,0.08]

Each DUMP is a `scripts/tune_verdict.py dump` file; INDEX the index folder it was dumped against
(the articles' languages are read from its store; default: the folder named in the dump's
file name is not guessed, so give it). The first table is, per (post language, article
language) cross-lingual pair, the encoder's cosine minus background of the gold articles and of
each post's best wrong article: a pair whose wrong tail stands above the others' is where
unrelated posts score high (English posts against Spanish articles under USE). Then, with
--pair, the verdicts replayed with that pair's threshold raised by each offset (the encoder's
confidence recomputed with its cross-lingual slope): copies found and false copies, per dump.

How the "en>es" entry of models/use.json was chosen (tuning halves of benchmarks/ntrex,
condensed, directions and negatives against 1k news passages, plus scripts/bench_state_fp.py's
real state-media posts against the condensed tuning half's articles). A replay approximates the
matcher: the screen's per-pair floor (screen.pair_floor) follows the pair's threshold and can
stop a post the replay still counts; dump again with the entry in place to confirm.
"""

from __future__ import annotations

import argparse
import collections
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

import numpy as np
import tune_verdict

from sourcetrace import calibration
from sourcetrace.index import Index


def _languages(index_dir: Path) -> dict[str, str]:
    """Article id -> base language tag ("" when unknown), from an index folder's store."""
    store = Index.open(index_dir).store
    articles = (store.article(aid) for aid, _ in store.published_dates())
    return {a.id: _base(a.lang) for a in articles}


def _base(lang: str | None) -> str:
    return (lang or "").split("-")[0].lower()


def distributions(dumps: list[tuple[Path, dict[str, str]]], encoder: str) -> None:
    right: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    wrong: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    for path, langs in dumps:
        for rows in tune_verdict.read_dump(path).values():
            best: dict[tuple[str, str], float] = {}
            for row in rows:
                if row.get("aid") is None or encoder not in row.get("scaled", {}):
                    continue
                pair = (_base(row["lang"]), langs.get(row["article"], ""))
                if not pair[0] or not pair[1] or pair[0] == pair[1]:
                    continue
                if row["right"]:
                    right[pair].append(row["scaled"][encoder])
                else:
                    best[pair] = max(best.get(pair, -1.0), row["scaled"][encoder])
            for pair, value in best.items():
                wrong[pair].append(value)
    print(f"{'pair':>8} {'gold n':>7} {'gold p10':>9} {'gold p50':>9} {'wrong n':>8} {'wrong p99':>10} {'wrong max':>10}")
    for pair in sorted(set(right) | set(wrong), key=lambda p: -len(wrong.get(p, []))):
        r, w = np.array(right.get(pair, [])), np.array(wrong.get(pair, []))
        if len(w) < 50:
            continue  # too few wrong candidates for a tail
        print(f"{'>'.join(pair):>8} {len(r):>7} "
              f"{np.percentile(r, 10) if len(r) else math.nan:>9.3f} {np.percentile(r, 50) if len(r) else math.nan:>9.3f} "
              f"{len(w):>8} {np.percentile(w, 99):>10.3f} {w.max():>10.3f}")


def replay(dumps: list[tuple[Path, dict[str, str]]], encoder: str, pair: tuple[str, str],
           offsets: list[float]) -> None:
    model = calibration.load(encoder)
    if model is None:
        raise SystemExit(f"no calibration file for {encoder}")
    base_threshold, slope = model.threshold, model.slope
    for offset in [0.0, *offsets]:
        threshold = base_threshold + offset
        totals = collections.Counter()
        for path, langs in dumps:
            for rows in tune_verdict.read_dump(path).values():
                changed = []
                for row in rows:
                    post_lang, article_lang = _base(row["lang"]), langs.get(row.get("article") or "", "")
                    if row.get("aid") is not None and encoder in row.get("by_encoder", {}) \
                            and ((post_lang, article_lang) == pair or pair[0] == "*" and article_lang == pair[1]
                                 and post_lang and post_lang != article_lang):
                        row = dict(row, by_encoder=dict(row["by_encoder"]))
                        row["by_encoder"][encoder] = 1 / (1 + math.exp(-slope * (row["scaled"][encoder] - threshold)))
                        row["semantic"] = max(row["by_encoder"].values())
                    changed.append(row)
                reported = tune_verdict.reported(changed)
                if not reported:
                    continue
                _, top = max(reported, key=lambda x: x[0].confidence)
                gold = rows[0]["gold"] is not None
                totals[f"{path.stem} {'copies' if gold and top['right'] else 'false'}"] += 1
        shown = ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))
        print(f"{'>'.join(pair)} threshold {threshold:.4f} ({offset:+.3f}): {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dumps", nargs="+", help="DUMP.jsonl:INDEX_DIR")
    parser.add_argument("--encoder", default="use")
    parser.add_argument("--pair", help="post>article, e.g. en>es, or *>zh for every other post language against "
                                       "an article language: replay offsets of its threshold")
    parser.add_argument("--offsets", default="0.02,0.04,0.06,0.08")
    args = parser.parse_args()
    dumps = []
    for item in args.dumps:
        dump, _, index = item.partition(":")
        if not index:
            raise SystemExit(f"{item}: give the index folder the dump was made against (DUMP:INDEX)")
        dumps.append((Path(dump), _languages(Path(index))))
    distributions(dumps, args.encoder)
    if args.pair:
        post, _, article = args.pair.partition(">")
        replay(dumps, args.encoder, (post, article), [float(x) for x in args.offsets.split(",")])


if __name__ == "__main__":
    main()
