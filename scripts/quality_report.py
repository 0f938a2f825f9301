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
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # this checkout's sourcetrace

import vector_cache  # scripts/
from quality_evals import REPO, _f, build, log, run_eval, table
from quality_issue12 import Issue12, issue12_md, measure12

from sourcetrace import calibration, encoders

TARGETS = {
    "english": ("verbatim", "truncated", "edited"),
    "translation": ("translation", "multi_sentence_translation"),
}


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
    rows = ["| channel | threshold | slope | monolingual threshold | by article language | decides for | fitted |",
            "|---|---:|---:|---:|---|---|---|"]
    for name in ("lexical", "use", "e5"):
        m = calibration.load(name)
        if m is None:
            continue
        langs = "all languages" if m.languages is None else ", ".join(sorted(m.languages))
        mono = f"{m.monolingual[0]:.4f}" if m.monolingual else "–"
        what = "containment" if name == "lexical" else "cosine − background"
        by_lang = ", ".join(f"{lang}: {t:.4f} (slope {k:.0f})"
                            for lang, (t, k) in sorted(m.by_article_language.items())) or "–"
        rows.append(f"| {name} ({what}) | {m.threshold:.4f} | {m.slope:.1f} | {mono} | {by_lang} | {langs} |"
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


def write_doc(out: Path, spec: str, stats: dict[str, Any], report: dict[str, Any],
              hidden: dict[str, Any], eval_seconds: float, work: Path, x: Issue12, cached: int) -> None:
    th = report["thresholds"]
    seconds = max(stats["seconds"], 1e-9)
    n_posts = report["overall"]["n"]
    pa = report["passage"]
    passage_rows = "\n".join(f"| {k} | {v['checked']} | {v['right']} | {_f(v['rate'])} |" for k, v in pa.items())
    types = "\n".join(f"| {k} | " + ", ".join(f"{t} {n}" for t, n in v.items()) + " |"
                      for k, v in report["match_types"].items())
    n_neg = report["by_copy_type"].get("negative", {}).get("n", 0)
    vectors_note = ("" if not cached else f", with {cached} of the texts' vectors read from the vector cache of"
                    " an earlier run: not a measure of speed")
    hidden_fp = report["by_copy_type"].get("negative", {}).get("fp", 0)
    doc = f"""# Quality

Generated by `scripts/quality_report.py` on {date.today().isoformat()} — do not edit by hand.
All numbers below are on the **test halves** of the benchmarks, with default settings (encoder
`{spec}`, thresholds from `models/`), unless marked as tuning half.

## How to reproduce

```
python scripts/make_benchmark.py     # benchmarks/ntrex/{{tune,test}} (committed; deterministic)
python scripts/calibrate.py --write  # fit models/*.json on the tuning half only
python scripts/calibrate_confidence.py EVIDENCE... --write  # models/confidence.json (tuning halves; see its docstring)
python scripts/bench_fp.py --news /tmp/fpnews --work /tmp/fpbench --json-out /tmp/fp.json  # hours (100k)
python scripts/bench_streams.py --work /tmp/streams --json-out /tmp/streams.json  # real streams reviewed by hand (--fit: the ceilings)
python scripts/quality_report.py --fp-json /tmp/fp.json --streams-json /tmp/streams.json  # this page (test halves)
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

Overall:

{table({"all": report["overall"]}, "")}

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
  a higher, separately fitted *monolingual* threshold; a post in another language than a
  Chinese article gets USE's own, lower threshold for Chinese articles (translations of Chinese
  articles score about 0.05 lower on the tuning halves; chosen on the verdict dumps, see
  models/use.json's note), where e5 can veto (not with USE alone).

Each channel maps its score to a confidence with a logistic curve that is 0.5 at its
threshold; the curves were fitted by `scripts/calibrate.py` on the **tuning half only**
(thresholds on max-over-index scores of hard negatives; slopes by maximum likelihood):

{calibration_md()}

The combined confidence then passes through the final recalibration of `models/confidence.json`
(see the reliability section): the number shown changes, not what is reported.

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
{eval_seconds:.0f} s ({n_posts / max(eval_seconds, 1e-9):.1f} posts/s) including verification and attribution{vectors_note}.

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
    ap.add_argument("--state-fp-json", type=Path, action="append", default=[],
                    help="scripts/bench_state_fp.py --json-out file (repeatable: one per half)")
    ap.add_argument("--tweet-fp-json", type=Path, action="append", default=[],
                    help="scripts/bench_tweet_fp.py --json-out file (repeatable: one per half)")
    ap.add_argument("--streams-json", type=Path, action="append", default=[],
                    help="scripts/bench_streams.py --json-out file (real streams reviewed by hand)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    cached = vector_cache.install(args.work / "vectors.sqlite")  # a rerun encodes only new texts
    spec = encoders.DEFAULT_ENCODER
    started = time.perf_counter()
    x = measure12(args.work, spec, args.fp_json, args.state_fp_json, args.tweet_fp_json, args.streams_json)
    path, stats = build(args.work, spec)
    given = run_eval(path)
    hidden = run_eval(path, hide_lang=True)
    report = given.report
    if args.json:
        out = {"ntrex": {"given_lang": report, "detected_lang": hidden.report},
               "condensed": x.condensed.report,
               "directions": {lang: run.report for lang, run in x.directions.items()},
               "sample": x.sample.report, "reliability": x.reliability(), "false_copies": x.fp}
        args.json.write_text(json.dumps(out, indent=1) + "\n", "utf-8")
    write_doc(args.out, spec, stats, report, hidden.report, given.seconds, args.work, x, given.cached)
    o, c = report["overall"], x.condensed.report["overall"]
    log("encoder cache: " + ", ".join(f"{n} {e.hits} hits, {e.misses} encoded" for n, e in cached.items()))
    log(f"ntrex test half: precision {o['precision']} recall {o['recall']}; condensed: precision"
        f" {c['precision']} recall {c['recall']}; wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
