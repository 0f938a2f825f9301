#!/usr/bin/env python3
"""Measure the default settings on the test halves of the benchmarks and write docs/QUALITY.md.

1. Builds the test-half indexes with the default encoder under --work, each once: rebuilt
   only when its articles file is newer than the cached build (timed: the cost of `index build`).
2. Runs `sourcetrace eval` (library: `pipeline.evaluate` with the default, calibrated
   `MatchConfig`) on the test halves:
   - ``benchmarks/ntrex/test`` (English articles), once as given and once with the posts'
     ``lang`` removed, so the matcher must detect the language itself;
   - ``benchmarks/condensed/test`` (condensed, headline, lead and sentence copies of real
     state-media articles, with hard negatives on the same events);
   - ``benchmarks/directions/test/<lang>`` (one index per article language: zh, es, ru, en, ar);
   - ``corpora/sample`` (the sample `sourcetrace demo` checks).
3. Reads the false-copy measure of ``scripts/bench_fp.py --json-out`` (one file per encoder,
   --fp-json, repeatable; the 100k build takes hours, so it is not run here).
4. Writes docs/QUALITY.md: the issue-12 targets, measured; the reliability table pooled over
   the condensed and directions evals; the tables of each benchmark; the calibration in use
   and the tuning-half comparison of the encoder choices (``scripts/calibrate.py``'s output).

Usage::

    python scripts/make_benchmark.py            # once (the benchmark is committed)
    python scripts/calibrate.py --write          # fits models/*.json on the tuning half
    python scripts/bench_fp.py --news /tmp/fpnews --work /tmp/fpbench --json-out /tmp/fp.json
    python scripts/quality_report.py --fp-json /tmp/fp.json      # this script

Nothing here is fitted: thresholds come from models/ exactly as `sourcetrace eval` uses them.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks" / "ntrex"
sys.path.insert(0, str(REPO / "src"))

import vector_cache  # scripts/

from sourcetrace import calibration, encoders, pipeline
from sourcetrace import index as ix
from sourcetrace.readers import read_articles, read_gold
from sourcetrace.records import Post
from sourcetrace.results import Result

TARGETS = {
    "english": ("verbatim", "truncated", "edited"),
    "translation": ("translation", "multi_sentence_translation"),
}


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

    def outcomes(self) -> list[tuple[float, bool]]:
        """(confidence, right) of every top match, for the pooled reliability table."""
        return [(r.top.confidence, r.top.article.id == gold.get("article_id"))
                for (_, gold), r in zip(self.items, self.results) if r.top is not None]


def run_eval(index_path: Path, posts: Path = BENCH / "test" / "posts.jsonl", hide_lang: bool = False) -> Run:
    items = list(read_gold([posts], _problem))
    if hide_lang:
        items = [(replace(post, lang=None), gold) for post, gold in items]
    matcher = pipeline.open_matcher(index_path)
    log(f"checking {len(items)} posts of {posts.relative_to(REPO)}{' without lang' if hide_lang else ''} ...")
    started = time.perf_counter()
    results = list(matcher.check_many(post for post, _ in items))
    seconds = time.perf_counter() - started
    return Run(items, results, pipeline.evaluate(matcher, items, results), seconds)


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


def pooled(report: dict[str, Any], types: tuple[str, ...]) -> dict[str, Any]:
    tp = sum(report["by_copy_type"][t]["tp"] for t in types if t in report["by_copy_type"])
    fn = sum(report["by_copy_type"][t]["fn"] for t in types if t in report["by_copy_type"])
    fp = sum(report["by_copy_type"][t]["fp"] for t in types if t in report["by_copy_type"])
    return {"tp": tp, "fn": fn, "fp": fp, "recall": tp / (tp + fn) if tp + fn else None}


def targets_md(report: dict[str, Any]) -> str:
    """The issue's targets, checked. Precision for a group counts the false positives of the
    negatives in the same language(s), since a negative has no copy type of its own."""
    lines = ["| target | measured | met |", "|---|---|---|"]
    en = pooled(report, TARGETS["english"])
    en_lang = report["by_lang"].get("en", {})
    ok = en["recall"] is not None and en["recall"] >= 0.98 and (en_lang.get("precision") or 0) >= 0.99
    lines.append(f"| English verbatim/truncated/edited: recall ≥ 0.98 at precision ≥ 0.99 |"
                 f" recall {_f(en['recall'])}, precision (all English posts) {_f(en_lang.get('precision'))} |"
                 f" {'yes' if ok else '**no**'} |")
    worst_r, worst_p = [], []
    for lang, m in report["by_lang"].items():
        if lang == "en":
            continue
        worst_r.append((m["recall"] or 0.0, lang))
        worst_p.append((m["precision"] or 0.0, lang))
    r, rl = min(worst_r)
    p, pl = min(worst_p)
    ok = r >= 0.95 and p >= 0.98
    n_ok = sum(1 for lang, m in report["by_lang"].items()
               if lang != "en" and (m["recall"] or 0) >= 0.95 and (m["precision"] or 0) >= 0.98)
    lines.append(f"| Translations: recall ≥ 0.95 at precision ≥ 0.98 in every language |"
                 f" lowest recall {r:.3f} ({rl}), lowest precision {p:.3f} ({pl});"
                 f" {n_ok} of {len(worst_r)} languages meet both | {'yes' if ok else '**no**'} |")
    pa = report["passage"].get("all")
    if pa:
        lines.append(f"| Right passage for ≥ 95% of true copies | {pa['rate']:.3f}"
                     f" ({pa['right']} of {pa['checked']}) | {'yes' if pa['rate'] >= 0.95 else '**no**'} |")
    return "\n".join(lines)


def calibration_md() -> str:
    rows = ["| channel | threshold | slope | monolingual threshold | decides for | fitted |",
            "|---|---:|---:|---:|---|---|"]
    for name in ("lexical", "use", "e5"):
        m = calibration.load(name)
        if m is None:
            continue
        langs = "all languages" if m.languages is None else ", ".join(sorted(m.languages))
        mono = f"{m.monolingual[0]:.4f}" if m.monolingual else "–"
        what = "containment" if name == "lexical" else "cosine − background"
        rows.append(f"| {name} ({what}) | {m.threshold:.4f} | {m.slope:.1f} | {mono} | {langs} |"
                    f" {m.info.get('date', '?')} |")
    return "\n".join(rows)


def tuning_md(work: Path) -> str:
    path = work / "tune-fit.json"
    if not path.is_file():
        return "_(run `scripts/calibrate.py` first to include the tuning-half comparison)_"
    fits = json.loads(path.read_text("utf-8"))
    langs = [k for k in next(iter(fits.values()))["tuning"] if len(k) == 2]
    head = "| encoders | all P | all R | " + " | ".join(f"{lang} R" for lang in langs) + " |"
    out = [head, "|---|" + "---:|" * (2 + len(langs))]
    for name, fit in fits.items():
        t = fit["tuning"]
        out.append(f"| {name} | {_f(t['all']['precision'])} | {_f(t['all']['recall'])} | "
                   + " | ".join(_f(t[lang]["recall"]) for lang in langs) + " |")
    return "\n".join(out)


# ---- issue 12: condensed copies, every direction, reliability, false copies --------------------

CONDENSED = REPO / "benchmarks" / "condensed" / "test"
DIRECTIONS = REPO / "benchmarks" / "directions" / "test"
DIRECTION_LANGS = ("zh", "es", "ru", "en", "ar")
SAMPLE = REPO / "corpora" / "sample"
HARD_NEGATIVES = ("negative_same_event", "negative_same_topic")


@dataclass
class Issue12:
    """The issue-12 measures of one report run."""

    condensed: Run
    directions: dict[str, Run]  # article language -> its eval
    sample: Run
    builds: dict[str, dict[str, Any]]  # index name -> build stats
    fp: list[dict[str, Any]]  # scripts/bench_fp.py --json-out files, as read
    fp_paths: list[Path]

    def reliability(self) -> dict[str, Any]:
        """The reliability table pooled over the condensed and the directions evals."""
        runs = [self.condensed, *self.directions.values()]
        return pipeline.reliability(o for run in runs for o in run.outcomes())


def measure12(work: Path, spec: str, fp_paths: list[Path]) -> Issue12:
    builds: dict[str, dict[str, Any]] = {}
    path, builds["condensed"] = build(work, spec, "condensed-test", CONDENSED / "articles.jsonl")
    condensed = run_eval(path, CONDENSED / "posts.jsonl")
    directions = {}
    for lang in DIRECTION_LANGS:
        folder = DIRECTIONS / lang
        path, builds[f"directions {lang}"] = build(work, spec, f"directions-test-{lang}", folder / "articles.jsonl")
        directions[lang] = run_eval(path, folder / "posts.jsonl")
    path, builds["sample"] = build(work, spec, "sample", SAMPLE / "articles.jsonl")
    sample = run_eval(path, SAMPLE / "posts.jsonl")
    fp = []
    for fp_path in fp_paths:
        if not fp_path.is_file():
            raise SystemExit(f"--fp-json {fp_path}: no such file (scripts/bench_fp.py --json-out writes it)")
        fp.append(json.loads(fp_path.read_text("utf-8")))
    return Issue12(condensed, directions, sample, builds, fp, fp_paths)


def _kind(gold: dict[str, Any]) -> str:
    """A copy in the article's language is a rewording, in another a translation."""
    if gold.get("article_id") is None:
        return str(gold.get("copy_type"))
    same = gold.get("lang") == gold.get("article_lang")
    return f"{gold.get('copy_type')} ({'same language' if same else 'translated'})"


def hard_negatives(run: Run) -> dict[str, dict[str, Any]]:
    """Per hard-negative kind: how many were matched, and the precision of the copies when those
    are the only negatives (copies' true and false positives plus the kind's false copies)."""
    copies = grouped([run], lambda _p, g: "copies" if g.get("article_id") is not None else None)["copies"]
    by_type = run.report["by_copy_type"]
    out = {}
    for kind in HARD_NEGATIVES:
        m = by_type.get(kind)
        if m is None:
            continue
        fp = copies["fp"] + m["fp"]
        out[kind] = {"n": m["n"], "matched": m["fp"], "rejected": 1 - m["fp"] / m["n"] if m["n"] else None,
                     "precision": copies["tp"] / (copies["tp"] + fp) if copies["tp"] + fp else None}
    return out


def condensed_md(run: Run) -> str:
    hard = hard_negatives(run)
    rows = "\n".join(f"| {k} | {v['n']} | {v['matched']} | {_f(v['rejected'])} | {_f(v['precision'])} |"
                     for k, v in hard.items())
    return f"""{table(run.report["by_copy_type"], "copy type")}

Copies in the article's own language (reworded) and in another (translated):

{table(grouped([run], lambda _p, g: _kind(g) if g.get("article_id") else None), "copy type")}

By post language (`gold.lang`; copies and negatives):

{table(run.report["by_lang"], "post language")}

Hard negatives: posts on the same event (other numbers, dates, outcomes) or the same topic.
"Precision" counts the copies' true and false positives plus that kind's false copies.

| kind | posts | matched (false copies) | rejected | precision of copies against them |
|---|---:|---:|---:|---:|
{rows}

Overall: {table({"all": run.report["overall"]}, "")}"""


def directions_md(runs: dict[str, Run]) -> str:
    pooled_runs = list(runs.values())
    direction = grouped(pooled_runs, lambda _p, g: f"{g['article_lang']} → {g['lang']}")
    overall = {f"{lang} articles": run.report["overall"] for lang, run in runs.items()}
    overall["all"] = grouped(pooled_runs, lambda _p, _g: "all")["all"]
    return f"""Per direction (article language → post language; each row has its own negatives, in
the post language):

{table(direction, "direction")}

By copy type (all directions):

{table(grouped(pooled_runs, lambda _p, g: g["copy_type"]), "copy type")}

By post language (all directions):

{table(grouped(pooled_runs, lambda _p, g: g["lang"]), "post language")}

Per index:

{table(overall, "index")}"""


def reliability_md(rel: dict[str, Any]) -> str:
    out = ["| confidence ≥ c | matches | share right | bin | matches | mean confidence | share right | gap |",
           "|---:|---:|---:|---|---:|---:|---:|---:|"]
    for level, b in zip(rel["at_least"], rel["bins"]):
        close = "]" if b["high"] == 1.0 else ")"
        out.append(f"| {level['confidence']} | {level['n']} | {_f(level['right'])} | [{b['low']}, {b['high']}{close}"
                   f" | {b['n']} | {_f(b['mean_confidence'])} | {_f(b['share_right'])} | {_f(b['gap'])} |")
    gap = (f"Largest |share right − mean confidence| over the non-empty bins: **{_f(rel['max_gap'])}**;"
           f" weighted by matches: {_f(rel['weighted_gap'])}." if rel["max_gap"] is not None else "No matches.")
    return "\n".join(out) + "\n\n" + gap


def fp_md(x: Issue12) -> str:
    if not x.fp:
        return ("_Not measured in this run_ (pass `--fp-json` with the output of"
                " `scripts/bench_fp.py --json-out`).")
    out = []
    for path, fp in zip(x.fp_paths, x.fp):
        out.append(f"Encoder `{fp['encoder']}`, {fp['half']} half of `benchmarks/negatives` (`{path.name}`):\n")
        out.append("| index | passages | posts | false copies | per 10,000 | by match type | by language (false/posts) |")
        out.append("|---|---:|---:|---:|---:|---|---|")
        for size, row in fp["sizes"].items():
            types = ", ".join(f"{k} {v}" for k, v in sorted(row["by_type"].items())) or "–"
            langs = ", ".join(f"{k} {v}" for k, v in row["by_lang"].items() if not v.startswith("0/")) or "–"
            out.append(f"| {size} | {row['passages']:,} | {row['posts']} | {row['false_copies']} |"
                       f" {row['per_10k']} | {types} | {langs} |")
        out.append("")
    return "\n".join(out)


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _lowest(rows: dict[str, dict[str, Any]], key: str) -> tuple[float, str]:
    return min(((m[key] if m[key] is not None else 0.0), k) for k, m in rows.items()
               if key != "recall" or m["tp"] + m["fn"])


def targets12_md(x: Issue12, ntrex: dict[str, Any]) -> str:
    lines = ["| target | measured | |", "|---|---|---|"]
    # false copies
    rows = [(fp["encoder"], fp["sizes"]["100k"]) for fp in x.fp if "100k" in fp["sizes"]]
    default = [row for enc, row in rows if enc == encoders.DEFAULT_ENCODER]
    measured = "; ".join(f"`{enc}`: {row['per_10k']} ({row['false_copies']} of {row['posts']} posts,"
                         f" {row['passages']:,} passages)" for enc, row in rows)
    verdict = (_met(default[0]["per_10k"] <= 3) + f" (default `{encoders.DEFAULT_ENCODER}`)" if default
               else f"not measured with the default `{encoders.DEFAULT_ENCODER}`")
    lines.append(f"| ≤ 3 false copies per 10,000 real posts at 100k passages |"
                 f" {measured or 'not measured in this run'} | {verdict} |")
    # condensed and headlines
    c = x.condensed.report
    p = c["overall"]["precision"] or 0.0
    kinds = grouped([x.condensed], lambda _p, g: _kind(g) if g.get("article_id") else None)
    cond, head = c["by_copy_type"]["condensed"], c["by_copy_type"]["headline"]
    cross = kinds.get("condensed (translated)", {}).get("recall") or 0.0
    lines.append(f"| Condensed translations: recall ≥ 0.85 at precision ≥ 0.98 (condensed test half) |"
                 f" recall {_f(cond['recall'])} (translated only: {_f(cross)}), precision {_f(p)} |"
                 f" {_met((cond['recall'] or 0) >= 0.85 and cross >= 0.85 and p >= 0.98)} |")
    lines.append(f"| Headlines: recall ≥ 0.70 at precision ≥ 0.98 (condensed test half) |"
                 f" recall {_f(head['recall'])}, precision {_f(p)} |"
                 f" {_met((head['recall'] or 0) >= 0.70 and p >= 0.98)} |")
    # every language
    per_lang = {
        "ntrex": {k: v for k, v in ntrex["by_lang"].items()},
        "condensed": c["by_lang"],
        "directions": grouped(list(x.directions.values()), lambda _p, g: g["lang"]),
    }
    for name, rows_ in per_lang.items():
        r, rl = _lowest(rows_, "recall")
        pr, pl = _lowest(rows_, "precision")
        n_ok = sum(1 for m in rows_.values() if (m["recall"] or 0) >= 0.95 and (m["precision"] or 0) >= 0.98)
        lines.append(f"| Every language: recall ≥ 0.95 at precision ≥ 0.98 ({name} test half, by post language) |"
                     f" lowest recall {r:.3f} ({rl}), lowest precision {pr:.3f} ({pl}); {n_ok} of {len(rows_)}"
                     f" languages meet both | {_met(r >= 0.95 and pr >= 0.98)} |")
    # overall
    overall = {
        "ntrex": ntrex["overall"],
        "condensed": c["overall"],
        "directions": grouped(list(x.directions.values()), lambda _p, _g: "all")["all"],
    }
    for name, m in overall.items():
        ok = (m["precision"] or 0) >= 0.99 and (m["recall"] or 0) >= 0.95
        lines.append(f"| Overall precision ≥ 0.99 and recall ≥ 0.95 ({name} test half) |"
                     f" precision {_f(m['precision'])}, recall {_f(m['recall'])} | {_met(ok)} |")
    rel = x.reliability()
    worst = max((b for b in rel["bins"] if b["n"]), key=lambda b: abs(b["gap"]), default=None)
    where = (f" (bin [{worst['low']}, {worst['high']}): {worst['n']} matches, mean confidence"
             f" {_f(worst['mean_confidence'])}, right {_f(worst['share_right'])})") if worst else ""
    lines.append(f"| Confidence honest within 0.05 (reliability table, condensed + directions) |"
                 f" largest gap {_f(rel['max_gap'])}{where} |"
                 f" {_met(rel['max_gap'] is not None and rel['max_gap'] <= 0.05)} |")
    s = x.sample.report["overall"]
    build_s = x.builds["sample"]["seconds"]
    ok = (s["precision"] or 0) >= 0.99 and (s["recall"] or 0) >= 0.97 and build_s + x.sample.seconds < 60
    lines.append(f"| Sample demo: precision ≥ 0.99, recall ≥ 0.97, under a minute |"
                 f" precision {_f(s['precision'])}, recall {_f(s['recall'])}; index build {build_s:.0f} s +"
                 f" check {x.sample.seconds:.0f} s (models loaded; shared, loaded machine) | {_met(ok)} |")
    return "\n".join(lines)


def issue12_md(x: Issue12, ntrex: dict[str, Any], spec: str) -> str:
    builds = "\n".join(f"| {name} | {b['added']} | {b['passages']} | {b['seconds']:.0f} |"
                       for name, b in x.builds.items())
    checks = [("condensed", x.condensed), *((f"directions {k}", v) for k, v in x.directions.items()),
              ("sample", x.sample)]
    check_rows = "\n".join(f"| {name} | {len(run.items)} | {run.seconds:.0f} |" for name, run in checks)
    return f"""## Issue 12 targets

Encoder `{spec}`, thresholds and decision of this commit, test halves only. A true positive is
a post whose top match is its gold article; any other reported match is a false positive.

{targets12_md(x, ntrex)}

## Reliability (issue 12)

Of the top matches reported at confidence ≥ c, the share whose article is the gold one
(a match on a negative is wrong); and per confidence bin, the mean confidence against the
share right. Pooled over the condensed and the directions test halves
({sum(len(r.outcomes()) for r in [x.condensed, *x.directions.values()])} matches). A confidence is
honest within 0.05 where every bin's |gap| ≤ 0.05 (a bin of a few matches is noisy: read `matches`).

{reliability_md(x.reliability())}

## False copies on real posts (issue 12)

`benchmarks/negatives` (real posts that copy nothing, 9 languages) checked against indexes of
real news text (`benchmarks/fpnews`) of 1k, 10k and 100k passages by `scripts/bench_fp.py`;
every reported match is a false copy.

{fp_md(x)}

## Condensed, headline and lead copies (issue 12)

`benchmarks/condensed/test` (see its README): real Chinese, Spanish and English state-media
articles; posts written the way copying accounts write, in es, pt, fr, en, zh, ru; hard
negatives on the same events. {len(x.condensed.items)} posts.

{condensed_md(x.condensed)}

## Every direction (issue 12)

`benchmarks/directions/test` (see its README): NTREX-128 documents with a zh, es, ru, en or ar
article side, one index per article language; posts are human translations (one sentence,
2–3 sentences, the first part of a sentence, 4 sentences with middle ones dropped) and
held-out sentences as negatives.

{directions_md(x.directions)}

## Sample (`sourcetrace demo`)

`corpora/sample`: {table({"all": x.sample.report["overall"]}, "")}

### Cost of these runs

| index | articles | passages | build s |
|---|---:|---:|---:|
{builds}

| eval | posts | check s |
|---|---:|---:|
{check_rows}

"""


def write_doc(out: Path, spec: str, stats: dict[str, Any], report: dict[str, Any],
              hidden: dict[str, Any], eval_seconds: float, work: Path, x: Issue12) -> None:
    th = report["thresholds"]
    seconds = max(stats["seconds"], 1e-9)
    n_posts = report["overall"]["n"]
    pa = report["passage"]
    passage_rows = "\n".join(f"| {k} | {v['checked']} | {v['right']} | {_f(v['rate'])} |" for k, v in pa.items())
    types = "\n".join(f"| {k} | " + ", ".join(f"{t} {n}" for t, n in v.items()) + " |"
                      for k, v in report["match_types"].items())
    n_neg = report["by_copy_type"].get("negative", {}).get("n", 0)
    hidden_fp = report["by_copy_type"].get("negative", {}).get("fp", 0)
    doc = f"""# Quality

Generated by `scripts/quality_report.py` on {date.today().isoformat()} — do not edit by hand.
All numbers below are on the **test halves** of the benchmarks, with default settings (encoder
`{spec}`, thresholds from `models/`), unless marked as tuning half.

## How to reproduce

```
python scripts/make_benchmark.py     # benchmarks/ntrex/{{tune,test}} (committed; deterministic)
python scripts/calibrate.py --write  # fit models/*.json on the tuning half only
python scripts/bench_fp.py --news /tmp/fpnews --work /tmp/fpbench --json-out /tmp/fp.json  # hours (100k)
python scripts/quality_report.py --fp-json /tmp/fp.json   # this page (test halves)
```

or by hand, with the CLI:

```
sourcetrace index build benchmarks/ntrex/test/articles.jsonl --index /tmp/bench-test
sourcetrace eval benchmarks/ntrex/test/posts.jsonl --index /tmp/bench-test [--json]
```

{issue12_md(x, report, spec)}## The NTREX benchmark (English articles)

`benchmarks/ntrex/` (see its README.md and `scripts/make_benchmark.py`): NTREX-128's 123
English news documents split into a tuning and a test half by document id (stories kept
together). Per half about two thirds of the lines are indexed as English articles; posts are
real human translations of indexed sentences in 11 languages (es zh fr ru ar de pt ja hi vi
sw; one sentence, or 2–3 consecutive ones), English verbatim/truncated/edited copies, and
negatives: sentences of the held-out third in all 12 languages — same news cycle, often the
same story told by another outlet, so the best unrelated passage of the index is close. Every
post carries social-media noise (hashtags, emoji, links, line breaks, "vía @handle").
Test half: {n_posts} posts.

A true positive is a post whose top match is the gold article. Every reported match on a
negative, and a top match on the wrong article, is a false positive.

## Targets (issue 3, NTREX test half)

{targets_md(report)}

## Test half, by copy type

{table(report["by_copy_type"], "copy type")}

## Test half, by language

{table(report["by_lang"], "language")}

Overall: {table({"all": report["overall"]}, "")}

### Without the posts' `lang` (language detected by the matcher)

The benchmark posts carry `lang`; platforms often do not. Same posts, `lang` removed:

{table({"all": hidden["overall"], **{k: v for k, v in hidden["by_lang"].items()}}, "language")}

## Right passage

For true positives, the reported article span(s) must lie on the copied sentence(s): at least
half of the reported characters inside the gold `article_span`.

| copy type | checked | right | rate |
|---|---:|---:|---:|
{passage_rows}

Match types given to true positives:

| copy type | match types |
|---|---|
{types}

## Decision and calibration in use

A match is reported at confidence ≥ {th["report_confidence"]}. Confidence is the maximum over
the channels allowed to decide for the post:

- **lexical**: containment of the post's character shingles in the article, and the longest
  exact stretch shared with it (≥ 60 normalised characters is a copy however much comment
  surrounds it; the best unrelated article shares at most 39 on the tuning half);
- **each encoder**: its cosine between the post (and each of its sentences) and the article's
  passages, *minus the post's background* — the mean cosine of the post with its 10 nearest
  passages in the index (the post-side term of CSLS). A language pair, a short text or a
  crowded topic lifts every cosine of a post; the background moves with it, and it grows with
  the index as the best unrelated cosine does;
- USE decides only for posts in its 16 training languages (or of unknown language); e5
  decides for every language; a post in the article's own language (a paraphrase) is held to
  a higher, separately fitted *monolingual* threshold.

Each channel maps its score to a confidence with a logistic curve that is 0.5 at its
threshold; the curves were fitted by `scripts/calibrate.py` on the **tuning half only**
(thresholds on max-over-index scores of hard negatives; slopes by maximum likelihood):

{calibration_md()}

### Choice of encoders (tuning half, replayed on the same candidates)

Each row has its own thresholds, fitted as above (≤ 2.5% of negative posts matched); R = recall
of all copies in that language, P/R over all posts:

{tuning_md(work)}

USE alone misses Hindi, Vietnamese and Swahili; e5 alone is weak on Chinese and Japanese;
together, each deciding where it is trusted, they cover every language of the benchmark.
The default encoder is therefore `use+e5`.

## Cost

Index build on this machine ({platform.machine()}, {encoders.cpu_count()} cores), test half with
`{spec}`: {stats["added"]} articles, {stats["passages"]} passages in {stats["seconds"]:.1f} s —
**{stats["added"] / seconds:.2f} articles/s, {stats["passages"] / seconds:.0f} passages/s**
(encoding {stats["encode_seconds"]:.1f} s of it; e5 is ~20x slower than USE per sentence, so
an index with both costs about what e5 alone costs). Checking the {n_posts} test posts took
{eval_seconds:.0f} s ({n_posts / max(eval_seconds, 1e-9):.1f} posts/s) including verification and attribution.

## Limits

- The false positives are sentences of held-out documents that state the same fact as a
  sentence of an indexed article on the same story, in another outlet's words ("Sims, 20, was
  shot and killed near Southern University's campus" against CBS's "Wayde Sims, a 20-year-old
  basketball player at LSU"; Ivanov not voting in the Macedonian referendum, told by Reuters
  and by another outlet). Sentence encoders place them as close as a translation; the labels
  call them negatives because the document differs. Thresholds are set so that at most one
  negative in 40 per language passes on the tuning half; on the test half it was
  {hidden_fp} of {n_neg}.
- Recall is lowest where only e5 can decide (Vietnamese, Swahili) and where e5 is weak and USE
  carries the decision alone (Chinese, Japanese). e5 embeds both sides with its `query: `
  prefix (the e5 authors' advice for symmetric tasks such as bitext mining): on the tuning half
  that lifted use+e5 recall from 0.937 to 0.952 at the same precision against `passage: ` on
  both sides (sw 0.79 → 0.86, ja 0.84 → 0.89).
- Per-language figures rest on 80 copies and 40 negatives per language and half: one error
  moves recall by 0.0125 and precision by about 0.013.
- The benchmark has human translations only; machine-translated copies, other outlets and
  other languages were not measured here. The index has a few hundred passages; a production
  index has many more, and the best unrelated passage gets closer as it grows. The background
  subtraction moves with it, but expect somewhat lower recall at the same precision there.
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(doc, "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=REPO / ".sourcetrace" / "bench",
                    help="where the indexes are kept (each built once, rebuilt when its articles are newer)")
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "QUALITY.md")
    ap.add_argument("--json", type=Path, help="also write every eval report here")
    ap.add_argument("--fp-json", type=Path, action="append", default=[],
                    help="scripts/bench_fp.py --json-out file (repeatable: one per encoder)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    cached = vector_cache.install(args.work / "vectors.sqlite")  # a rerun encodes only new texts
    spec = encoders.DEFAULT_ENCODER
    started = time.perf_counter()
    path, stats = build(args.work, spec)
    x = measure12(args.work, spec, args.fp_json)
    given = run_eval(path)
    hidden = run_eval(path, hide_lang=True)
    report = given.report
    if args.json:
        out = {"ntrex": {"given_lang": report, "detected_lang": hidden.report},
               "condensed": x.condensed.report,
               "directions": {lang: run.report for lang, run in x.directions.items()},
               "sample": x.sample.report, "reliability": x.reliability(), "false_copies": x.fp}
        args.json.write_text(json.dumps(out, indent=1) + "\n", "utf-8")
    write_doc(args.out, spec, stats, report, hidden.report, given.seconds, args.work, x)
    o, c = report["overall"], x.condensed.report["overall"]
    log("encoder cache: " + ", ".join(f"{n} {e.hits} hits, {e.misses} encoded" for n, e in cached.items()))
    log(f"ntrex test half: precision {o['precision']} recall {o['recall']}; condensed: precision"
        f" {c['precision']} recall {c['recall']}; wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
