#!/usr/bin/env python3
"""Dump the evidence on every candidate of labelled posts, to choose verdict.py's thresholds.

    python scripts/tune_verdict.py dump GOLD.jsonl --index IDX --out evidence.jsonl [--vectors V.sqlite]
    python scripts/tune_verdict.py score evidence.jsonl [--set MIN_LETTERS=40 ...]

`dump` runs the matcher's stages (prepare, candidates, examine) on each post of a gold file
(post records with a `gold` object, as `sourcetrace eval` reads them) and writes one line per
(post, candidate article): the evidence fields of verdict.PairEvidence, whether the candidate is
the gold article (ids compared without a ".xx" language suffix, so any language version of an
NTREX document counts), the post's copy type and languages; a post the cascade stops (screen.py)
gets one line without a candidate. `--vectors` reads and writes encoder vectors through
scripts/vector_cache.py's SQLite cache, so a rerun encodes nothing. `score` replays verdict.decide on
a dump, with module constants overridden by --set, and prints precision, recall and false
copies per 10,000 negatives, per copy type. Use tuning halves only: the test halves are for
docs/QUALITY.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sourcetrace import verdict
from sourcetrace.anchorcompare import Shared
from sourcetrace.anchors import Anchor

_SUFFIXES = tuple(f".{c}" for c in ["zh", "es", "ru", "ar", "en", "fr", "pt", "de", "ja", "hi", "vi", "sw"])


def doc(article_id: str | None) -> str | None:
    """An NTREX document id without its language suffix."""
    if article_id is None:
        return None
    for suffix in _SUFFIXES:
        if article_id.endswith(suffix):
            return article_id[: -len(suffix)]
    return article_id


def dump(gold: Path, index_dir: Path, out: Path, limit: int | None, windows: int | None,
         screen: bool = True) -> None:
    from sourcetrace import anchorcompare
    from sourcetrace.candidates import candidates, rank_articles
    from sourcetrace.dates import lag_days
    from sourcetrace.index import Index
    from sourcetrace.lexical import shingles
    from sourcetrace.match import (
        MatchConfig,
        aligned_ranges,
        anchor_evidence,
        examine,
        prepare,
        weigh_candidates,
    )
    from sourcetrace.readers import read_gold

    index = Index.open(index_dir)
    config = MatchConfig(screen=screen) if windows is None else MatchConfig(windows=windows, screen=screen)
    items = list(read_gold([gold], lambda problem: print(problem, file=sys.stderr)))[:limit]
    with out.open("w", encoding="utf-8") as fh:
        for start in range(0, len(items), 64):
            batch = items[start : start + 64]
            preps = [prepare(post, config) for post, _ in batch]
            found, qvecs = candidates(index, preps, config)
            for i, (prep, (post, label)) in enumerate(zip(preps, batch)):
                gold_ids = label.get("article_ids") or label.get("article_id")  # read_gold: a list's ids
                # one story told by several accounts: any of the listed articles is right
                wanted = {doc(g) for g in gold_ids} if isinstance(gold_ids, list) else {doc(gold_ids)}
                want = next(iter(sorted(w for w in wanted if w is not None)), None)
                base = {"post": post.id, "type": label.get("copy_type"), "lang": prep.lang,
                        "gold": want, "letters": prep.letters, "too_short": prep.too_short}
                if prep.too_short or found[i].stopped:
                    fh.write(json.dumps(dict(base, aid=None)) + "\n")
                    continue
                post_sh = shingles(prep.core)
                ranked = rank_articles(index, found[i], config)
                if not ranked:
                    fh.write(json.dumps(dict(base, aid=None)) + "\n")
                examined = [examine(index, aid, prep, post_sh, found[i],
                                    {n: v[i] for n, v in qvecs.items()}, config) for aid in ranked]
                weigh_candidates(index, prep, found[i], ranked, examined, config)  # as `match.verify` does
                for aid, seen in zip(ranked, examined):
                    ev = seen.evidence
                    # the matcher skips the anchors of pairs they cannot change (verdict.
                    # anchors_matter); a dump keeps them, for re-judging with other constants
                    # the matcher's arguments (match.examine), the article's dates among them
                    anchor_evidence(ev, prep, seen.article.text, anchorcompare.article_keys(seen.article.text),
                                    seen.semantic.alike, lag_days(seen.article.published_at, prep.post.created_at),
                                    aligned_ranges(seen.semantic, seen.passages, seen.spans), seen.spans,
                                    seen.article.published_at)
                    row = {k: v for k, v in vars(ev).items() if k != "shared"}
                    row["shared"] = [[s.post.kind, s.weight, s.post.start, s.post.end, s.rounded] for s in ev.shared]
                    row["spans"] = bool(seen.spans)
                    fh.write(json.dumps(dict(base, aid=aid, right=want is not None and doc(seen.article.id) in wanted,
                                             article=seen.article.id, **row)) + "\n")
            print(f"{min(start + 64, len(items))}/{len(items)}", file=sys.stderr, end="\r")
    print(file=sys.stderr)


def _evidence(row: dict) -> verdict.PairEvidence:
    fields = {k: row[k] for k in verdict.PairEvidence.__dataclass_fields__ if k in row and k != "shared"}
    # dumps written before `pool` was a field: every tuning index holds 36 articles or more
    fields.setdefault("pool", verdict.RANKED_FIRST_POOL)
    shared = []
    for i, (kind, weight, *span) in enumerate(row.get("shared", [])):
        # the post's span (dumps before it: apart, so no year is taken for a date's), and
        # whether the number was found rounded (dumps before it: not)
        start, end = span[:2] if span else (100 * i, 100 * i + 1)
        anchor = Anchor(kind=kind, keys=frozenset(), start=start, end=end, text="", weight=weight)
        shared.append(Shared(anchor, anchor, "rounded" if span[2:] and span[2] else ""))
    return verdict.PairEvidence(**fields, shared=shared)


def read_dump(path: Path) -> dict[str, list[dict]]:
    """A dump's rows grouped by post, in file order (a last line still being written is left out)."""
    by_post: dict[str, list[dict]] = collections.defaultdict(list)
    for line in path.open(encoding="utf-8"):
        if not line.endswith("\n"):
            break  # a dump still being written
        row = json.loads(line)
        by_post[row["post"]].append(row)
    return by_post


def reported(rows: list[dict], judge=verdict.decide) -> list[tuple[verdict.Verdict, dict]]:  # type: ignore[no-untyped-def]
    """One post's candidate rows that `judge` (verdict.decide, or verdict.judge without the
    recalibration) reports, with their verdicts."""
    out = []
    for row in rows:
        if row.get("aid") is None:
            continue
        judged = judge(_evidence(row))
        if judged is None or (judged.lexical and not row["spans"]):
            continue  # a lexical verdict without aligned spans is not reported
        out.append((judged, row))
    return out


def score(path: Path, overrides: list[str], show: int) -> dict:
    for item in overrides:
        name, value = item.split("=", 1)
        setattr(verdict, name, float(value))
    stats: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    wrong = []
    for post, rows in read_dump(path).items():
        kind = rows[0]["type"] or "?"
        best = None
        for judged, row in reported(rows):
            if best is None or judged.confidence > best[0].confidence:
                best = (judged, row)
        positive = rows[0]["gold"] is not None
        for key in (kind, "all"):
            s = stats[key]
            s["n"] += 1
            if best is None:
                s["fn" if positive else "tn"] += 1
            elif positive and best[1]["right"]:
                s["tp"] += 1
            else:
                s["fp"] += 1
                if positive:
                    s["fn"] += 1
                wrong.append((kind, post, best[0], best[1]))
    out = {}
    for key, s in sorted(stats.items()):
        tp, fp, fn = s["tp"], s["fp"], s["fn"]
        out[key] = {"n": s["n"], "tp": tp, "fp": fp, "fn": fn,
                    "precision": round(tp / (tp + fp), 4) if tp + fp else None,
                    "recall": round(tp / (tp + fn), 4) if tp + fn else None}
        if key.startswith("negative") or key == "negative":
            out[key]["fp_per_10k"] = round(1e4 * fp / s["n"], 1)
    for kind, post, judged, row in wrong[:show]:
        print(f"  {kind} {post} -> {row.get('article')} {judged.match_type} {judged.confidence:.2f}"
              f" letters={row['letters']} sem={row['semantic']:.2f} lex={row['lexical']:.2f}"
              f" exact={row['exact_chars']}/{row['post_chars']} anchors={row['shared']}"
              f" missing={row['missing_weight']:.1f}", file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("gold", type=Path)
    d.add_argument("--index", type=Path, required=True)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--limit", type=int)
    d.add_argument("--vectors", type=Path, help="scripts/vector_cache.py's SQLite file (read and written)")
    d.add_argument("--windows", type=int, help="MatchConfig.windows (default: the default)")
    d.add_argument("--no-screen", action="store_true", help="MatchConfig(screen=False): no post stops at the cascade")
    s = sub.add_parser("score")
    s.add_argument("evidence", type=Path)
    s.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    s.add_argument("--show", type=int, default=0, help="print this many wrong verdicts")
    args = parser.parse_args()
    if args.cmd == "dump":
        if args.vectors:
            import vector_cache  # scripts/

            vector_cache.install(args.vectors)
        dump(args.gold, args.index, args.out, args.limit, args.windows, screen=not args.no_screen)
    else:
        print(json.dumps(score(args.evidence, args.set, args.show), indent=1))


if __name__ == "__main__":
    main()
