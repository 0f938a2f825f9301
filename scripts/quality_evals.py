"""What the quality report's evals share: cached index builds, one eval run, counts and tables.

Used by scripts/quality_report.py and scripts/quality_issue12.py.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks" / "ntrex"
sys.path.insert(0, str(REPO / "src"))

import vector_cache  # scripts/

from sourcetrace import index as ix
from sourcetrace import pipeline
from sourcetrace.readers import read_articles, read_gold
from sourcetrace.records import Post
from sourcetrace.results import Result


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _problem(problem: object) -> None:
    raise SystemExit(f"bad benchmark record: {problem}")


def build(work: Path, spec: str, name: str = "test", source: Path = BENCH / "test" / "articles.jsonl",
          ) -> tuple[Path, dict[str, Any]]:
    """The index of `source` under `work`, built once: rebuilt only when `source` is newer."""
    path = work / f"{name}-{spec}"
    stats_file = work / f"{name}-{spec}.build.json"
    if not stats_file.is_file() or stats_file.stat().st_mtime < source.stat().st_mtime:
        log(f"indexing {source} with {spec} ...")
        stats = ix.build(path, read_articles([source], _problem), encoder=spec, replace=True)
        stats_file.write_text(json.dumps(stats.to_dict()) + "\n", "utf-8")
    return path, json.loads(stats_file.read_text("utf-8"))


@dataclass
class Run:
    """One eval: the gold items, the matcher's results for them, `pipeline.evaluate`'s report."""

    items: list[tuple[Post, dict[str, Any]]]
    results: list[Result]
    report: dict[str, Any]
    seconds: float
    cached: int = 0  # texts whose vectors came from the vector cache
    encoded: int = 0  # texts encoded during the run

    def outcomes(self, ceilings: bool = True) -> list[tuple[float, bool]]:
        """(confidence, right) of every top match, for the pooled reliability table; without
        `ceilings`, the confidence before its evidence class's ceiling (`Match.ranking`: the
        curve's value alone)."""
        return [(r.top.confidence if ceilings or r.top.ranking is None else r.top.ranking,
                 r.top.article.id == gold.get("article_id"))
                for (_, gold), r in zip(self.items, self.results) if r.top is not None]


def run_eval(index_path: Path, posts: Path = BENCH / "test" / "posts.jsonl", hide_lang: bool = False) -> Run:
    items = list(read_gold([posts], _problem))
    if hide_lang:
        items = [(replace(post, lang=None), gold) for post, gold in items]
    matcher = pipeline.open_matcher(index_path)
    log(f"checking {len(items)} posts of {posts.relative_to(REPO)}{' without lang' if hide_lang else ''} ...")
    hits, misses = vector_cache.counts()
    started = time.perf_counter()
    results = list(matcher.check_many(post for post, _ in items))
    seconds = time.perf_counter() - started
    hits2, misses2 = vector_cache.counts()
    return Run(items, results, pipeline.evaluate(matcher, items, results), seconds, hits2 - hits, misses2 - misses)


def tally(pairs: list[tuple[Any, Any]]) -> dict[str, Any]:
    """`pipeline.evaluate`'s counts for (gold article, top article) pairs."""
    tp = sum(1 for want, got in pairs if want is not None and got == want)
    fp = sum(1 for want, got in pairs if got is not None and got != want)
    fn = sum(1 for want, got in pairs if want is not None and got != want)
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r else None
    return {"n": len(pairs), "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1}


def grouped(runs: list[Run], key: Any) -> dict[str, dict[str, Any]]:
    """Counts per `key(post, gold)` over several runs (None: the post is left out)."""
    groups: dict[str, list[tuple[Any, Any]]] = {}
    for run in runs:
        for (post, gold), result in zip(run.items, run.results):
            k = key(post, gold)
            if k is not None:
                top = result.top.article.id if result.top else None
                groups.setdefault(k, []).append((gold.get("article_id"), top))
    return {k: tally(v) for k, v in sorted(groups.items())}


def _f(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}"


def table(rows: dict[str, dict[str, Any]], first: str) -> str:
    out = [f"| {first} | n | tp | fp | fn | precision | recall | F1 |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key, m in rows.items():
        out.append(f"| {key} | {m['n']} | {m['tp']} | {m['fp']} | {m['fn']} | {_f(m['precision'])}"
                   f" | {_f(m['recall'])} | {_f(m['f1'])} |")
    return "\n".join(out)
