"""The issue-12 part of docs/QUALITY.md: condensed copies, every direction, the reliability table,
false copies on real posts, the sample demo, and each issue-12 target measured.

Used by scripts/quality_report.py (which documents how to run it).
"""

from __future__ import annotations

import json
import math
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quality_evals import REPO, Run, _f, build, grouped, run_eval, table

from sourcetrace import encoders, pipeline, recalibration, results
from sourcetrace.results import REPORT_CONFIDENCE

CONDENSED = REPO / "benchmarks" / "condensed" / "test"
DIRECTIONS = REPO / "benchmarks" / "directions" / "test"
DIRECTION_LANGS = ("zh", "es", "ru", "en", "ar")
SAMPLE = REPO / "corpora" / "sample"
TOPICAL = REPO / "benchmarks" / "topical" / "test"
TOPICAL_NEGATIVES = ("negative_personal", "negative_same_event", "negative_template")
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
    state_fp: list[dict[str, Any]] = field(default_factory=list)  # scripts/bench_state_fp.py --json-out
    tweet_fp: list[dict[str, Any]] = field(default_factory=list)  # scripts/bench_tweet_fp.py --json-out
    streams: list[dict[str, Any]] = field(default_factory=list)  # scripts/bench_streams.py --json-out
    topical: Run | None = None  # benchmarks/topical/test

    def reliability(self, unmapped: bool = False, ceilings: bool = True) -> dict[str, Any]:
        """The reliability table pooled over the condensed and the directions evals; with
        `unmapped`, of the confidences before the final recalibration (see `unmapped`); without
        `ceilings`, of the curve's confidences before the evidence classes' ceilings."""
        runs = [self.condensed, *self.directions.values()]
        if unmapped:
            return pipeline.reliability(o for run in runs for o in unmapped_outcomes(run))
        return pipeline.reliability(o for run in runs for o in run.outcomes(ceilings))


def unmapped_outcomes(run: Run) -> list[tuple[float, bool]]:
    """(confidence before recalibration, right) of every top match: the curve's confidence
    (before the ceilings, `Match.ranking`) through the inverse of the curve
    (recalibration.Curve: sigmoid(a + b logit(raw))), so one eval gives the table before and
    after. Raw confidences above the curve's clip (recalibration.RAW_MAX) come back as RAW_MAX."""
    recal = recalibration.load()
    if recal is None:
        return run.outcomes()
    a, b = recal.curve.a, recal.curve.b
    # max(): a combined confidence of exactly REPORT_CONFIDENCE comes back a float's width below it
    return [(max(REPORT_CONFIDENCE, 1 / (1 + math.exp(-(math.log(conf / (1 - conf)) - a) / b))), right)
            for conf, right in run.outcomes(ceilings=False)]


def chance_of_gap(n: int, right: int, confidence: float) -> float:
    """The probability that a bin of `n` matches each right with probability `confidence` has
    a share right at least as far from it as `right` / n (two-sided, exact binomial): how far a
    bin's gap can be noise."""
    far = abs(right - n * confidence) - 1e-9
    return sum(math.comb(n, k) * confidence ** k * (1 - confidence) ** (n - k)
               for k in range(n + 1) if abs(k - n * confidence) >= far)


def _read_runs(option: str, script: str, paths: Sequence[Path]) -> list[dict[str, Any]]:
    """The JSON files `script --json-out` wrote, given as `option`; SystemExit naming the first
    that is missing."""
    out = []
    for path in paths:
        if not path.is_file():
            raise SystemExit(f"{option} {path}: no such file ({script} --json-out writes it)")
        out.append(json.loads(path.read_text("utf-8")))
    return out


def measure12(work: Path, spec: str, fp_paths: list[Path], state_paths: Sequence[Path] = (),
              tweet_paths: Sequence[Path] = (), stream_paths: Sequence[Path] = ()) -> Issue12:
    """Build (once) and evaluate the issue-12 test halves; read the false-copy and stream files
    first, so a wrong path fails before the long evals."""
    fp = _read_runs("--fp-json", "scripts/bench_fp.py", fp_paths)
    state = _read_runs("--state-fp-json", "scripts/bench_state_fp.py", state_paths)
    tweets = _read_runs("--tweet-fp-json", "scripts/bench_tweet_fp.py", tweet_paths)
    streams = _read_runs("--streams-json", "scripts/bench_streams.py", stream_paths)
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
    path, builds["topical"] = build(work, spec, "topical-test", TOPICAL / "articles.jsonl")
    topical = run_eval(path, TOPICAL / "posts.jsonl")
    return Issue12(condensed, directions, sample, builds, fp, fp_paths, state, tweets, streams, topical)


def state_fp_md(x: Issue12) -> str:
    """The section on state-media posts about other events (scripts/bench_state_fp.py)."""
    if not x.state_fp:
        return ("_Not measured in this run_ (pass `--state-fp-json` with the output of"
                " `scripts/bench_state_fp.py --json-out`).")
    out = [("| half | encoder | articles | passages | posts | false copies | per 10,000 | by match type |"
            " article dated after the post |"),
           "|---|---|---:|---:|---:|---:|---:|---|---:|"]
    for run in x.state_fp:
        types = ", ".join(f"{k} {v}" for k, v in sorted(run["by_type"].items())) or "–"
        out.append(f"| {run['half']} | `{run['encoder']}` | {run['articles']} | {run['passages']:,} |"
                   f" {run['posts']:,} | {run['false_copies']} | {run['per_10k']} | {types} |"
                   f" {run.get('article_later', '–')} |")
    return "\n".join(out)


def streams_md(x: Issue12) -> str:
    """The section on real streams reviewed by hand (scripts/bench_streams.py): per stream, and per
    half and evidence class the share right against the confidence shown."""
    if not x.streams:
        return ("_Not measured in this run_ (pass `--streams-json` with the output of"
                " `scripts/bench_streams.py --json-out`).")
    out = []
    for run in x.streams:
        commit = f" (commit {run['commit']})" if run.get("commit") else ""
        out += [f"Streams{commit}:", "",
                "| stream | half | posts | posts reported | matches | true | false | borderline | not reviewed |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name, st in run["streams"].items():
            out.append(f"| `{name}` | {st['half']} | {st['posts']:,} | {st['reported']} | {st['matches']} |"
                       f" {st['true']} | {st['false']} | {st['borderline']} | {st['not reviewed']} |")
        for half in ("tune", "test"):
            if half not in run:
                continue
            out += ["", f"{half.capitalize()} half, reviewed matches by evidence class (a borderline one counts half):", "",
                    "| evidence class | matches | share right | mean confidence shown | gap |", "|---|---:|---:|---:|---:|"]
            for name, c in run[half]["by_class"].items():
                out.append(f"| {name} | {c['n']} | {c['share_right']:.3f} | {c['mean_confidence']:.3f} |"
                           f" {c['mean_confidence'] - c['share_right']:+.3f} |")
            out += ["", f"{half.capitalize()} half, by confidence shown:", "",
                    "| bin | matches | mean confidence | share right | gap |", "|---|---:|---:|---:|---:|"]
            for b in run[half]["reliability"]:
                out.append(f"| {b['bin']} | {b['n']} | {b['mean_confidence']:.3f} | {b['share_right']:.3f} |"
                           f" {b['mean_confidence'] - b['share_right']:+.3f} |")
        out.append("")
    return "\n".join(out)


def tweet_fp_md(x: Issue12) -> str:
    """The section on personal posts against an index of state-media posts (scripts/bench_tweet_fp.py)."""
    if not x.tweet_fp:
        return ("_Not measured in this run_ (pass `--tweet-fp-json` with the output of"
                " `scripts/bench_tweet_fp.py --json-out`).")
    out = [("| half | encoder | commit | state-media posts | passages | personal posts | false copies | per 10,000 |"
            " by match type |"),
           "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for run in x.tweet_fp:
        types = ", ".join(f"{k} {v}" for k, v in sorted(run["by_type"].items())) or "–"
        out.append(f"| {run['half']} | `{run['encoder']}` | {run.get('commit') or '–'} | {run['articles']:,} |"
                   f" {run['passages']:,} | {run['posts']:,} | {run['false_copies']} | {run['per_10k']} | {types} |")
    return "\n".join(out)


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

Overall:

{table({"all": run.report["overall"]}, "")}"""


def topical_md(run: Run | None) -> str:
    """The section on `benchmarks/topical/test`: personal posts, other events and template series
    on the topics of the indexed state-media tweets, beside copies of them."""
    if run is None:
        return "_Not measured in this run._"
    by_type = run.report["by_copy_type"]
    negatives = [k for k in TOPICAL_NEGATIVES if k in by_type]
    rows = "\n".join(f"| {k} | {by_type[k]['n']} | {by_type[k]['fp']} |"
                     f" {_f(by_type[k]['fp'] / by_type[k]['n'] if by_type[k]['n'] else None)} |" for k in negatives)
    copies = {k: v for k, v in by_type.items() if k not in TOPICAL_NEGATIVES}
    return f"""Negatives (a match on one is a false copy):

| kind | posts | false copies | share |
|---|---:|---:|---:|
{rows}

Copies (a wrong article reported counts as a false positive of the copy's type):

{table(copies, "copy type")}

By post language (copies and negatives):

{table(run.report["by_lang"], "post language")}

Overall:

{table({"all": run.report["overall"]}, "")}"""


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


def agreement_kind(match: Any) -> str:
    """What a top match rests on: shared characters, or the encoders, and whether both trusted
    encoders reach their threshold (evidence.chance.encoder_confidence >= 0.5) or one is in doubt
    (what `query` prints as "in doubt: e5 0.21")."""
    if match.match_type in ("verbatim", "near_verbatim"):
        return "shared characters (verbatim, near_verbatim)"
    chance = (match.evidence or {}).get("chance") or {}
    confidences = chance.get("encoder_confidence") or {}
    if len(confidences) < 2:
        return "semantic, one encoder trusted in the post's language"
    if min(confidences.values()) >= 0.5:
        return "semantic, both encoders at 0.5 or more"
    doubters = {name for name, value in confidences.items() if value < 0.5}
    if results.e5_weak_article(match.article.lang) and doubters == {"e5"}:  # what `query` says is usual there (results.doubt_note)
        return "semantic, e5 in doubt (below 0.5), Chinese or Japanese article"
    return "semantic, one encoder in doubt (below 0.5), other articles"


def agreement_md(runs: list[Run]) -> str:
    """Top matches by what they rest on (`agreement_kind`): how many, the share right, the mean
    confidence shown."""
    rows: dict[str, list[tuple[float, bool]]] = {}
    for run in runs:
        for (_, gold), result in zip(run.items, run.results):
            if result.top is not None:
                rows.setdefault(agreement_kind(result.top), []).append(
                    (result.top.confidence, result.top.article.id == gold.get("article_id")))
    out = ["| the match rests on | matches | share right | mean confidence |", "|---|---:|---:|---:|"]
    for kind, pairs in sorted(rows.items()):
        right = sum(r for _, r in pairs) / len(pairs)
        out.append(f"| {kind} | {len(pairs)} | {_f(right)} | {_f(sum(c for c, _ in pairs) / len(pairs))} |")
    return "\n".join(out)


def ceilings_md(recal: recalibration.Recalibration) -> str:
    """The evidence classes' ceilings (`Recalibration.ceilings`) and the streams they came from."""
    if not recal.ceilings:
        return "No evidence class has a ceiling (`models/confidence.json` sets none)."
    fitted = recal.info.get("ceilings_fitted_on", {})
    classes = fitted.get("classes", {})
    rows = "\n".join(f"| {name} | {recal.ceilings[name]:.3f} | "
                      + (f"{classes[name]['n']} | {classes[name]['share_right']:.3f} |" if name in classes else "– | – |")
                      for name in recalibration.EVIDENCE_CLASSES if name in recal.ceilings)
    streams = ", ".join(f"`{n}` ({s['matches']} matches)" for n, s in fitted.get("streams", {}).items())
    return f"""Then each match's confidence is held at its evidence class's ceiling (`recalibration.evidence_class`:
what decided it, shared characters or the encoders, and how many of the trusted encoders doubt it).
The ceilings are the share of such matches that was right on real streams reviewed by hand (the
tuning half of `benchmarks/streams`: {streams}; `scripts/bench_streams.py --fit`, (right + 1) /
(n + 2), a borderline match counting half; see "Real streams reviewed by hand" below). A ceiling
never goes under the report threshold, so what is reported is unchanged; matches a ceiling ties
keep the verdict's own order.

| evidence class | ceiling | tuning matches | share right |
|---|---:|---:|---:|
{rows}"""


def recalibration_md(x: Issue12) -> str:
    """The reliability table after the final recalibration (the confidence shown) and before it."""
    recal = recalibration.load()
    if recal is None:
        return reliability_md(x.reliability()) + "\n\n_No models/confidence.json: confidences shown unmapped._"
    after, curve_only, before = x.reliability(), x.reliability(ceilings=False), x.reliability(unmapped=True)
    c = recal.curve
    fitted = "\n".join(f"| `{name}` | " + ", ".join(f"{k} {v}" for k, v in counts.items()) + " |"
                        for name, counts in recal.info.get("fitted_on", {}).items())
    return f"""The confidence shown is the verdict's combined confidence through a final monotone map
(`recalibration.py`, `models/confidence.json`, fitted by `scripts/calibrate_confidence.py` on
the tuning halves only): shown = sigmoid(a + b · logit(combined)) for every reported match, with
a = {c.a:.3f}, b = {c.b:.3f}, fitted on {c.n} top matches of which {c.wrong} wrong. It is
strictly increasing and never moves a match across the report threshold, so what is reported is
unchanged; one curve serves lexical and semantic verdicts alike (two would reorder a post's
candidates; `recalibration.py` says why).

Fitted on (tuning halves; each dump's posts, top matches and wrong ones), which is the
population the curve is calibrated for:

| dump | posts |
|---|---|
{fitted}

{ceilings_md(recal)}

After the recalibration and the ceilings (the confidence shown):

{reliability_md(after)}

The curve alone, before the ceilings (these halves' matches are nearly all right, so the ceilings
set on real streams make them look under-confident here):

{reliability_md(curve_only)}

Before both (the combined confidence, recovered through the inverse of the curve):

{reliability_md(before)}"""


def fp_md(x: Issue12) -> str:
    if not x.fp:
        return ("_Not measured in this run_ (pass `--fp-json` with the output of"
                " `scripts/bench_fp.py --json-out`).")
    out = []
    for path, fp in zip(x.fp_paths, x.fp):
        out.append(f"Encoder `{fp['encoder']}`, {fp['half']} half of `benchmarks/negatives` (`{path.name}`)"
                   f"{_earlier(fp)}:\n")
        out.append("| index | passages | posts | false copies | per 10,000 | by match type | by language (false/posts) |")
        out.append("|---|---:|---:|---:|---:|---|---|")
        for size, row in fp["sizes"].items():
            types = ", ".join(f"{k} {v}" for k, v in sorted(row["by_type"].items())) or "–"
            langs = ", ".join(f"{k} {v}" for k, v in row["by_lang"].items() if not v.startswith("0/")) or "–"
            out.append(f"| {size} | {row['passages']:,} | {row['posts']} | {row['false_copies']} |"
                       f" {row['per_10k']} | {types} | {langs} |")
        out.append("")
    return "\n".join(out)


def _earlier(fp: dict[str, Any]) -> str:
    """", **measured at commit X**, not this one" for a false-copy file of another commit
    (bench_fp.py writes `commit`); "" for this commit's or one that names none."""
    measured = fp.get("commit")
    if not measured:
        return ""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).resolve().parents[1],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return "" if measured == head else f", **measured at commit {measured}**, not this one"


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _lowest(rows: dict[str, dict[str, Any]], key: str) -> tuple[float, str]:
    """The lowest precision or recall over groups where it is defined (no match: no precision)."""
    return min(((m[key], k) for k, m in rows.items() if m[key] is not None), default=(float("nan"), "–"))


def targets12_md(x: Issue12, ntrex: dict[str, Any]) -> str:
    lines = ["| target | measured | |", "|---|---|---|"]
    # false copies
    rows = [(fp["encoder"], fp["sizes"]["100k"], _earlier(fp)) for fp in x.fp if "100k" in fp["sizes"]]
    default = [(row, earlier) for enc, row, earlier in rows if enc == encoders.DEFAULT_ENCODER]
    measured = "; ".join(f"`{enc}`: {row['per_10k']} ({row['false_copies']} of {row['posts']} posts,"
                         f" {row['passages']:,} passages{earlier})" for enc, row, earlier in rows)
    verdict = (_met(default[0][0]["per_10k"] <= 3) + f" (default `{encoders.DEFAULT_ENCODER}`"
               + (", at an earlier commit: not measured at this one" if default[0][1] else "") + ")"
               if default else f"not measured with the default `{encoders.DEFAULT_ENCODER}`")
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
             f" {_f(worst['mean_confidence'])}, right {_f(worst['share_right'])}; a gap this large arises"
             f" by chance with probability {_f(chance_of_gap(worst['n'], worst['right'], worst['mean_confidence']))}"
             " for a bin of that size were the confidence exact)") if worst else ""
    before, curve_only = x.reliability(unmapped=True), x.reliability(ceilings=False)
    lines.append(f"| Confidence honest within 0.05 (reliability table, condensed + directions) |"
                 f" largest gap {_f(rel['max_gap'])}{where}, weighted {_f(rel['weighted_gap'])};"
                 f" the curve alone, before the ceilings set on real streams, {_f(curve_only['max_gap'])},"
                 f" weighted {_f(curve_only['weighted_gap'])};"
                 f" before the recalibration {_f(before['max_gap'])}, weighted {_f(before['weighted_gap'])} |"
                 f" {_met(rel['max_gap'] is not None and rel['max_gap'] <= 0.05)} |")
    for run in x.streams:
        classes = run.get("test", {}).get("by_class", {})
        if classes:
            name, worst_class = max(classes.items(), key=lambda kv: abs(kv[1]["mean_confidence"] - kv[1]["share_right"]))
            gap = worst_class["mean_confidence"] - worst_class["share_right"]
            halves = ", ".join(f"`{n}`" for n, st in run["streams"].items() if st["half"] == "test")
            lines.append(f"| Confidence honest within 0.05 (real streams reviewed by hand, test half: {halves}) |"
                         f" largest gap {gap:+.3f} ({name}: {worst_class['n']} matches, mean confidence"
                         f" {worst_class['mean_confidence']:.3f}, right {worst_class['share_right']:.3f}; by evidence class,"
                         f" see \"Real streams reviewed by hand\") | {_met(abs(gap) <= 0.05)} |")
    s = x.sample.report["overall"]
    build_s = x.builds["sample"]["seconds"]
    right = (s["precision"] or 0) >= 0.99 and (s["recall"] or 0) >= 0.97
    texts = x.sample.cached + x.sample.encoded
    if x.sample.cached > 0.1 * texts:  # most vectors from an earlier run: the check time is no measure
        timing = f"time not measured in this run ({x.sample.cached} of {texts} texts' vectors cached)"
        ok = "precision and recall met; time not measured" if right else _met(False)
    else:
        timing = (f"index build {build_s:.0f} s (when first built) + check {x.sample.seconds:.0f} s on this"
                  " shared, loaded machine (models loaded once per run)")
        ok = _met(right and build_s + x.sample.seconds < 60)
    lines.append(f"| Sample demo: precision ≥ 0.99, recall ≥ 0.97, under a minute |"
                 f" precision {_f(s['precision'])}, recall {_f(s['recall'])}; {timing} | {ok} |")
    return "\n".join(lines)


# What was tried against the condensed and headline misses and left out: tuning halves only,
# measured on the verdict dumps of 2026-12-01 (`scripts/tune_experiments.py`; its docstring has
# the commands). Static text: rerun the script after a change to the decision.
TRIED_MD = """### Tried on the tuning halves, not adopted (`scripts/tune_experiments.py`)

The tuning halves' verdicts (6,412 posts: ntrex, condensed, the five directions, 3,368 real
posts against 1k news passages) replayed post by post. The hand rules: 1,851 true copies, 26
false (6 of them real posts); of the condensed half's 119 condensed posts and 59 headlines,
36 and 24 missed.

| tried | true copies | false copies | real posts' false copies | condensed + headline found |
|---|---:|---:|---:|---:|
| the rules as they are | 1,851 | 26 | 6 | 118 |
| anchors weighed by the index's document frequency of their key (`anchor-idf`) | 1,848 | 25 | 6 | 115 |
| the same, anchor threshold 7 → 6 nats | 1,854 | 35 | 6 | 119 |
| prior weights, anchor threshold 6 nats (`grid ANCHOR_MIN=6`) | 1,858 | 39 | 6 | 123 |
| a runner-up margin of 0.15 instead of 0.2 (`grid AGREE_MARGIN=0.15`) | 1,858 | 27 | 7 | 119 |
| windows of up to 5, 8 or 20 passages (a whole short article) for USE | 1,852 | 27 | 6 | 119 |
| a learned decision, logistic regression, 5-fold grouped CV, at its 26 false copies | 1,747 of 1,821 semantic | 26 | 9 | 116 |
| the same, gradient boosting at 18 false copies | 1,696 of 1,821 semantic | 18 | 7 | 111 |
| each article scaled by a background without its own passages, thresholds as fitted | 1,946 | 123 | 15 | 140 |
| the same, USE and e5 thresholds raised by 0.05 and 0.01 (the rules' true copies) | 1,852 | 55 | 3 | 122 |

(The learned rows count only posts not decided on shared characters: 1,695 true copies for the
hand rules on the same posts.) The background rows (third session of 2026-12-01, a patch to
`match.candidates` not kept, thresholds shifted on the dumps by `s -> s - shift` in each
calibration): a true copy is near several passages of its own article (3-4 of the 10 nearest on
the condensed half: title, lead, the sentences it condenses), so the post's background rises
with the match it judges; left out, condensed copies gain 0.06 of USE margin and unrelated
posts 0.02. At the rules' true copies it halves the real posts' false copies (6 -> 3) but
doubles the benchmarks' hard negatives (same news cycle, same topic: 20 -> 52), whose best
article also resembles the post in several passages. None of these changes moves the frontier:
each copy gained costs about one false copy, most often on real posts, which matter most.

Adopted since (same dumps, same replay): CLDR's scale words and month names in the anchors
(1,852 true copies, the same false ones: a Swahili "milioni 1.05" no longer reads as 1.05), then
CLDR's names of countries, territories and cities as one key across languages ("Japón", 日本,
Japan: "@JP"), weighing 1 nat each: 1,861 true copies, 27 false (the one more a benchmark
negative on the same event), the real posts' false copies unchanged at 6, and 190 of the
condensed half's 251 copies found (+8). At 2 nats a place, 1,870 and 28 (+14 on the condensed
half), but one shared place then reached the agreement rule's anchor exception alone, and on
the test half's real posts that made 2 more false copies (anchors.PLACE_WEIGHT says which).

Also tried on the same dumps after the trials (not adopted): a post's date the article lacks,
while it holds others, counted as other facts (no verdict changed) or as a conflict like
"Shenzhou-17" (8 true copies lost, 6 of them condensed, no false one removed); an amount of a
million or more missing from the article while it holds amounts of the same order, none within
15% ("$9 billion" against "$7 billion": 3 true copies lost, 1 false one removed; amounts the
article writes in words read as conflicts). What the misses are: 17 of the 60
condensed and headline posts missed are stopped by the cascade because no encoder puts their
article above the floor (the cascade costs nothing here: the dumps without it are the same),
10 of them headlines translated from terse Chinese titles ("美日韩海警机构将首次合练"), 9 on
the US, Japan and South Korea's drills and talks, on which the index holds five articles that
no encoder tells apart; most of the rest have USE above its threshold and e5 below its
agreement floor, the same pattern as
the real posts' false copies (a post about someone's mother against a state-media "Happy
Mother's Day"). Two other signals were looked at and do not separate them either: how rare the
post's words are (word frequencies per language) and how crowded the article's passages are
among the index's passages (the article side of CSLS): the passages of those false copies sit
at the 1st to 92nd percentile.

Adopted 2026-12-03 (tuning dumps re-made at 525e284: 1,901 true and 32 false copies): the
agreement rule's ranked-first way asks its sure encoder for 0.75, not 0.8
(`verdict.RANKED_FIRST_SURE`; 1,903 and 32: a translated headline, an Arabic-article
direction); a Chinese post holding 0.3 or more of its character trigrams in a Chinese article
of news length is its paraphrase where the encoders give 0.05 or more (`verdict.dense_overlap`:
one condensed copy more, no false copy more; Chinese copies of Chinese articles hold 0.27-0.59,
unrelated Chinese posts 0.17 at most); and a place the post writes beside its exact stretches,
where the article writes another, is a conflict (`sharedfacts.place_conflict`: trial 54's
"... el sistema electoral de Macao" was a verbatim copy at 1.00 of the article on Hong Kong's).
Tried the same day and withdrawn: shared anchors lifting a pair the encoders give only 0.01
where it shares 5 nats in 3 or more numbers and dates (3 condensed copies more, no false copy
more on the dumps; trial 54's hand-written posts on other events with an article's figures, a
quake in Chile against the Palu quake article, came back at 0.95-0.99); the anchors' encoder
floor raised from 0.05 to 0.08 against those posts (no copy lost on the tuning dumps, but 5 of
the condensed test half's condensed copies: the test half has seen this constant); a day of the
post's own date range not counted as a figure the article lacks (no copy more, 2 state-media
false copies more). Looked at and not adopted: USE's margin over the post's next candidate as
evidence below USE's threshold (a post whose best article stands 0.3 above the next at USE
0.2-0.4): 2-3 copies more for 0-1 false copies more, on too few posts to choose a threshold.

Adopted 2026-12-04 (tuning dumps re-made: 1,904 true and 32 false copies before): CSLS's
passage-side term as a gate (`verdict.HUB_MIN`, `background.hubness`): a semantic match is not
reported where USE puts the post less than -0.01 above the mean cosine of the 10 everyday texts
nearest the article's best passage (2,896 Tatoeba sentences in 8 languages, packaged). It held
back 3 of the 7 real posts reported against 1k passages (a post on flying home to see a mother
against a state-media tweet "Happy Mother's Day to all mothers") and no copy. The article side
of CSLS measured among the index's own passages (above) does not separate them; measured among
everyday texts it does, since a copy is much closer to its passage than everyday speech is
(the closest tuning copy, a translated quote, at -0.001). And numbers German, Dutch and Italian
write as one word are read ("duemila", text2num): no verdict of the tuning dumps changed.

Adopted 2026-12-05 (tuning dumps re-made: 1,905 true and 28 false copies before), after trial
81: the background counts each story once (`candidates._Stories`: an article sharing two
specific figures with a nearer one is another outlet's version, left out; trial 81's
translations found against one version were missed against five), a time to the minute is a
specific figure for the figures lift, and 第N before any series' counter (第十批) is an ordinal:
1,906 and 28 (a condensed copy of the Kumamoto quake article more). A first form of the
background rule also joined articles with a passage at USE 0.8 or more: it made a personal
"Happy mother's day" greeting a copy of state-media greetings (tests/test_e2e.py) and was
dropped. Tried the same day and taken back: the encoders given a post's text without the spaces
its blanked link or @mention leaves at either end (e5 reads them as tokens: the sample's
Vietnamese translation with its t.co link has e5 0.18 against 0.47 without). It moved e5 both
ways at its threshold: 1,903 and 28 on the dumps, 2 ntrex test copies more and 1 false copy
less, but 3 true copies fewer on the trials' reviewed real streams and 2 doubtful ones more.

Adopted 2026-12-05 (second stop; tuning dumps re-made at each step, 1,906 true and 28 false
copies before and after), after trial 83's real stream (20 of 26 reported copies false): a
translation an encoder doubts, of an article over 100 days older than the post, is held back
(`held_older`: all of the state-media benchmark's drop above, test 3 -> 2 and tune 7 -> 2, is
this rule, the 6 false copies held back being of articles 1 to 6 years older than their posts,
so that benchmark now says less of posts on events of the same weeks); a weekday the article never names where it
names others is another day's event; one shared number of three significant digits joins a
story's versions for the background; exact stretches that two or more of the post's other
candidates on other stories write (footers, slogans) are no evidence where they are half or more
of what the post aligns and the post is aligned under 80%; places without accents and 沙特, 阿联酋
are places; a regional language gives way to its well-known neighbour. None changed a verdict of
the tuning dumps or of these test halves. On the trials' four reviewed real streams (5,010
posts) false copies went from 74 to 61 and true ones stayed 224 (two lost, two found).

Adopted 2026-12-05 (third stop; tuning dumps re-made, 1,906 true and 28 false copies before and
after), after trial 85's index of 2,500 real posts built without `lang` (85 copies reported on
1,000 real posts: 76 true, 18 false, 18 borderline matches): an article's language is read from
its text where the record names none; a province of China weighs a country's 1 nat (its
municipalities keep a name's weight: as provinces, this condensed test half lost the two
copies resting on "Beijing", so it is not blind to that exception), a hashtag of a wall of three
or more a short name's 2; item numbers of a list are no figures and a currency code glued to a
figure leaves the figure; weekdays are read in German compounds, Russian adjectives and "on
Fri." on both sides; a post its stretches cover over 80% of is a formula where they are under
half of the article and not its opening, and the encoders' score is left out where every post
sentence they pair lies in such a formula; a post holding CJK counts its stretches in letters; a
translation sharing two of an older article's facts is no longer held back, and one of an
article over 100 days after the post is held back even where both encoders are sure. On trial
85's stream: 62 copies, 66 true, 7 false and 7 borderline matches; on the four earlier streams
false copies (by each post's first match) 59 -> 58, true ones unchanged; on trial 84's 500 real
posts, 10 -> 7 copies (1 true).

Adopted 2026-12-05 (fourth stop; tuning dumps re-made, 1,906 true and 28 false copies before and
after), after trial 87 (an index of 1,100 real posts of 2022, a stream of 1,000 others: 221
matches reviewed, 194 true, 8 false, 19 borderline; 60 hand-written posts): each evidence class's
confidence is held at its share right on the reviewed tuning streams (see the reliability
section); stretches that are most of the post and mostly words in lower case are a sentence
restated, not a title (trial 85's restatement of the Xi-Biden readout, held back as "titles or a
name" in the summit's crowded week); a thread's counter ("(2/5)", "（1/2）") and a figure a
shortened retweet cuts off ("total trade of 4…") are no figures; "上午11点半" is 11:30 and
"$418.89b" 418.89 billion; a count with a scale word of a million or more is compared with the
article's one count of that scale ("500 millones" of COVID-19 cases against 600 million: a first
form, comparing any counts of a scale, cost a tuning copy against an Arabic article writing 19
and 649 million, and removed one false copy there; the form adopted changes no tuning verdict);
ties at the top go to the closer copy. Trial 87's hand-written posts: precision 0.923 -> 0.950,
recall 0.900 -> 0.950. On the six reviewed real streams (`benchmarks/streams`, 7,010 posts) what
is reported hardly moved (reviewed matches 473 true, 76 false, 47 borderline at 5aea1a9; 473, 76
and 45 now, with 81 matches no trial read against 75), while the confidence shown moved to what
the streams say: on the test half's three streams, the largest gap by evidence class went from
+0.445 (matches every encoder doubts, 48% right, shown at 0.93) to +0.245 (semantic matches one
encoder doubts, 16 matches, 59% right, shown at 0.84), and the matches every encoder doubts are
shown at 0.67-0.73 where 48-76% are right.

Adopted 2026-12-06 (third stop), after trials 95 and 96 (personal posts and other events on the
topics of an index of real state-media tweets: `benchmarks/topical`, its tuning half being the
two trials' posts): the ranked-first way of the agreement rule is not taken for a post stating a
figure the article lacks and sharing none of its numbers and dates (no tuning verdict changed;
streams unchanged); a short post must say more than one name, sharing two stretches or 20
letters of its own besides the one (the cheer "神舟十七号加油！"; a first form asking the letters of
every short post lost two true copies of the test streams that are all names); a scale word after
a hyphen ("50-billion-yuan") and Arabic تريليون are scales. Tried and not adopted: where no
encoder is sure, only anchors outside a formula other stories write lifting the pair (trial 95's
APEC series items, both tuning false copies of `topical-t95` gone; on the streams 2 true matches
lost, t79 and t87, cross-posts whose "formula" is the event's own description, for 1 false, t83);
the agreement rule's anchor exception asking two anchors or a figure, not one name (trial 96's
"Poyang Lake is huge this summer, went fishing there" gone; 2 tuning copies lost, a headline
sharing one 3-nat name and a short Chinese post sharing 特朗普, for that 1 false copy).

Adopted 2026-12-06 (fourth stop), after trial 97 and a tuning set written for template series
(`benchmarks/topical/tune/t97`, `tune/t98`): a post on the same kind of event elsewhere is held
back where an encoder doubts it, names a place the article never names, states a figure it
lacks and shares only rounded figures or nothing (trial 97's Henan tombs against Shaanxi's, an
Indian foil against a Chinese one; no tuning copy, streams unchanged); where no encoder is sure,
a template series' names and dates do not lift another item of it, the post naming places that
neither the article nor any other candidate names while each shared anchor is shared by another
candidate on another story (trial 95's APEC item on Australia, t98's Thai item of the San
Francisco meetings; on the streams 2 false copies of the tuning half gone, none true lost).
Its first form, without "nor any other candidate", lost 7 true stream matches (Spanish and French
cross-posts of Xi and Biden at Filoli, "San Francisco" not found as "São Francisco") for those 2.

Adopted 2026-12-06 (fifth stop), after trial 100 (condensed Spanish translations of Chinese
tweets, `benchmarks/topical/tune/t100`) and a newcomer's check: a place swapped into a series'
formula is read where no list holds either name (both names of the same kind of place by the
words beside them, "省", "Province"; t98's Herat for Karnali Province), where the post's place
holds the article's ("南苏丹" for "苏丹"), and between the Han runs a short Chinese post shares
with the article; containment cuts the article at the post's shingle length (a Chinese tweet
whose links outweigh its Han characters shared no shingle with a verbatim copy of its headline);
a handle written without "@" is blanked as a mention is; "界首" is no place ("世界首个"). Tuning
dumps 2,044 true and 48 false copies -> 2,044 and 45 (without t100's set); on the six streams one
match more, unreviewed (a Chinese speech title against the English full-text tweet of the same
speech). Tried and not adopted: a ceiling of its own for matches whose post states figures or
places the article lacks (tuning streams 33 of 42 right against 0.90 of the others; on the test
streams' bins it made the weighted gap 0.042 -> 0.056 for a Brier score 0.0796 -> 0.0787); a
lift for anchors no other candidate shares (the mirror of the template rule: at best 5 copies
for 21 false ones on the tuning dumps); no cascade (screen.py) at all (1 copy for 1 false copy);
the matches without other facts first among tied ones (a French post naming "Japon" went to the
wrong article on the condensed test half: places across scripts are often not matched).

Adopted 2026-12-06 (sixth stop), after trial 102 (63 posts of the mission's case against 1,489
CANIS tweets of March-June 2023, `benchmarks/topical/tune/t102`) and a newcomer's check of the
fixes (trial 103): "Cuba" is a place (Turkish writes Juba "Cuba", and CLDR's table had left the
name out, so "presidente de Cuba" shared nothing with 古巴); a handle after a platform label or a
credit word is blanked in the text matched ("Twitter •Chinamission2un" had made a verbatim copy
of a short Chinese headline a paraphrase); a compound surname is matched by sound whole
("Díaz-Canel" = 迪亚斯-卡内尔); a short untagged post gets the language its script tells;
attribution reads an outlet id the registry does not know as a handle. Tuning dumps (t102's set
added) 2,098 true and 48 false copies before and after; the six streams and the state-media posts
unchanged. Tried and not adopted: e5's threshold lowered for pairs with a Chinese article, as
USE's is (`scripts/tune_experiments.py article-offset`: 0.01 below, 7 copies for 5 false copies;
0.02, 13 for 18); the versions of a story told without a
figure (two articles within two days sharing two names) left out of a post's background, as
those sharing figures are: trial 102's missed Spanish copy of Xi meeting Blinken had four
versions in its background, but with them gone its background fell only 0.015 (USE) and 0.011
(e5), its other neighbours being other Xi stories; on the topical tuning sets 1 copy more for 1
false copy (a template item).

Adopted 2026-12-06 (seventh stop), after trial 104 (French, Portuguese and Arabic accounts
reposting PRC state media, 147 posts against 1,801 CANIS tweets of July-November 2023) and a
newcomer's check of the fixes (trial 105): a translation or paraphrase whose post tells of a day
more than two days after the article and no later than the post is another event
(`sharedfacts.later_date`: trial 102's mpox post of 12 May "el 11 de mayo" against the COVID-19
tweet of 5 May); Chinese romanised in context with pypinyin (重庆 "chongqing", not "zhongqing");
China's places in Arabic, Cyrillic and Han letters keyed by their pinyin ("قانسو", "Чунцин",
长治); a name of 1-3 words that is all that differs between two exact stretches is another event
("the Khalifa Stadium" against "the Lusail Stadium"). Tuning dumps (now made with the article's
dates and aligned ranges, as the matcher passes them: 2,098 true and 49 false before) 2,099 and
47 with the later-day rule (a lead copy's wrong article held back), unchanged by the romanisation,
the place keys (shared weight added to 122 pairs, 87 of them wrong ones; no verdict changed)
and the name slots; on the six streams
two false copies fewer (the Peking opera series' "Sheng" against "Dan"; an ambassador's visit of
9 August against the meeting of 21 June), one reviewed-true match held back (a November post on
an October announcement against a September tweet) and one false copy more (an Arabic post on
the Kuwaiti crown prince's arrival in Hangzhou against Xi's meeting with him the next day).
Tried and not adopted: a lower floor for the anchors' lift (1 copy for 3 false copies at 0.04).

Adopted 2026-12-06 (eighth stop), after trial 106 (indexes rebuilt from the outlets' RSS and
Atom feeds, and 95 Spanish posts translating and cutting CNS and Xinhua stories against them):
Chinese names in Russian letters read as pinyin by the Palladius system ("Си Цзиньпин",
"с Ли Цяном", "в Шэньчжэне" share Xi Jinping, Li Qiang, Shenzhen); a candidate holding every
specific figure the pair shares is another outlet's version of the same story, not another item
of a template series (the Yakarta-Bandung copy of CNS's dispatch, held back because People's
Daily's copy shares 383.000 and 98,7); a version dated before the post before one dated after it
among near ties, and a sibling credit on a later version attributed; "Estado", "Gobierno",
"État" no names; short Spanish posts no longer read as Portuguese or Extremaduran. Tuning dumps:
2,099 true and 47 false copies before and after each change (shared weight added to 52 pairs by
the Russian names, 40 of them wrong ones, 2 of those now a number conflict, and taken from 6 wrong
ones by "Estado"; the series rule holds back the same 19 pairs); on the six streams the same true and false copies (two
matches more, each reviewed borderline: Russian and Polish reports of an opening against the
announcement, now sharing Си Цзиньпин). 242 real Russian CANIS tweets against 1,647 English and
Chinese ones of their weeks: one true copy more ("Си Цзиньпин призвал взять на себя новую
культурную миссию…"), no false one.

Adopted 2026-12-07 (twelfth session), after trial 115 (a francophone desk: CGTN Français,
Xinhua's French service, RT en français, Sputnik Afrique): thousands grouped by spaces are one
figure ("5 000 hommes" was "another event: 5 ≠ 5.000"; "0.383 million" was 383 million); a
count of one thing the article counts otherwise is another report (`quantities.counted_conflict`:
"27 Ukrainian drones ≠ 20 drones ukrainiens", the tuning half t98's other days of a Defence
Ministry report, translations at 1.00); an amount between two names tells no roles; in a digest
another item's stretches make no conflict, and a stretch's piece shorter than a block past a
full stop is cut; "850 M$", "1,2 Md$", "1,42 Mt" are scales (KEYS_VERSION 92). Tuning dumps:
2,099 true copies before and after, false copies 47 -> 44 (t96 one, t98 two). Tried and not
adopted: e5 alone deciding where the post's language leaves it the only trusted encoder, at 0.2 of
its own confidence with the article 0.05 above the next candidate (`verdict.stands_alone`, a
patch not kept): 5 NTREX tuning copies more (Vietnamese, Swahili, Hindi) and no false copy; at
a margin of 0.03 or 0.04, 7 copies for one false copy, a Greek state-media headline on Iran and
Gaza against the Iranian spokeswoman's article (margin 0.044); on the NTREX test half it found
no copy more (the Vietnamese misses stand 0.025-0.044 above their next candidate), nor on the
sample. Nor: anchors not lifting a pair whose post names a place the article never names while
no encoder is sure (8 copies fewer for 3 false copies fewer).

Adopted 2026-12-07 (thirteenth session), after trials 116 and 117 (an Arabic-language desk: CGTN
Arabic, Xinhua's Arabic service, RT and Sputnik Arabic): a keycap standing alone ("4️⃣") is an
item's number, no figure; in a digest, a sentence another candidate tells (above its background by
every encoder, this article at most half as far: `match.other_items`) is that article's, so a
translated press review no longer loses items to another item's tonnage or weekday; Arabic's
decimal and thousands separators join their digits ("٣٨٥٫٨" is 385.8), digits of every script are
aligned as ASCII ("٦ نوفمبر ٢٠٢٤" against "5 نوفمبر 2024" is another day, no longer a near_verbatim
copy), and the Maghreb's month names are months (KEYS_VERSION 94). Tuning dumps: 2,099 true and 44
false copies before and after each change (no post of the tuning halves is a translated digest or
writes Arabic separators).
"""


def issue12_md(x: Issue12, ntrex: dict[str, Any], spec: str) -> str:
    builds = "\n".join(f"| {name} | {b['added']} | {b['passages']} | {b['seconds']:.0f} |"
                       for name, b in x.builds.items())
    checks = [("condensed", x.condensed), *((f"directions {k}", v) for k, v in x.directions.items()),
              ("sample", x.sample)]
    check_rows = "\n".join(f"| {name} | {len(run.items)} | {run.seconds:.0f} | {run.encoded} | {run.cached} |"
                           for name, run in checks)
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

{recalibration_md(x)}

By what the match rests on (same matches; `query` and the HTML card say "in doubt" where one of
two trusted encoders stays below its own threshold, and the match rests on the other alone):

{agreement_md([x.condensed, *x.directions.values()])}

### Real streams reviewed by hand (trials 78-87)

The halves above hold few of the posts that make false copies in real use: another event of the
same story told by a sibling account in the same words, another edition of a yearly occasion, a
series' formula. Six trials checked streams of real posts of the accounts on the CANIS list of PRC
state media against indexes of other posts of those accounts and read every reported match by
hand (`benchmarks/streams/SOURCE.md`). `scripts/bench_streams.py` rebuilds and checks them and
joins the reviews; the tuning half's three streams set each evidence class's ceiling (above),
the test half's three are for reading it. A match no trial read (the code reporting it came
later) is left out of the shares.

{streams_md(x)}
## False copies on real posts (issue 12)

`benchmarks/negatives` (real posts that copy nothing, 9 languages) checked against indexes of
real news text (`benchmarks/fpnews`) of 1k, 10k and 100k passages by `scripts/bench_fp.py`;
every reported match is a false copy.

{fp_md(x)}

### State-media posts on other events (trial 7)

Those real posts are personal: they rarely share a topic with state media. A dump under
investigation is full of posts that do. `scripts/bench_state_fp.py` checks 4,000 real posts of
accounts on the CANIS list of PRC state media (halved by id) against the condensed benchmark's
real state-media articles of the same half, a small index such as a researcher builds for one
story; the posts are on other events (each of the tuning half's matches was read: none is a
copy), so every reported match is a false copy. Where a match's article is dated after its
post (`source_first` false), `check` and `query` flag it (last column):

{state_fp_md(x)}

A small index's background (the mean cosine of a post's 10 nearest passages) is low, so a post
on China's economy, Xinjiang or a minister's meeting stands far above it for some article of
the same kind: of the 26 in the tuning half's verdict dump (`scripts/tune_verdict.py`), 14 pass with both encoders at or above the agreement
floor, 10 through an exception of the agreement rule (2 nats of anchors such as "China" and
"Beijing", or a runner-up margin). Tried on the tuning halves (not adopted): a background taken
over the index and a reference set of 5,639 news passages (People's Daily 1998 and English news
of `benchmarks/fpnews`) cut those 26 to 3, but cost 178 of 1,862 true copies; with thresholds
lowered to win copies back, it traded about one benchmark false copy for each state-media one it
saved. The verdict's constants, replayed on the tuning halves with these 26 added (1,862 true
copies; 21 benchmark, 6 real-post and 26 state-media false copies): `AGREE_ANCHORS` 2 -> 4 nats
1,846 and 20, 6, 22; `AGREE_MIN` 0.05 -> 0.2, 1,807 and 18, 3, 23; `SEMANTIC_MIN` 0.5 -> 0.7,
1,793 and 15, 4, 17; `AGREE_MARGIN_SURE` 0.8 -> 0.9, 1,858 and 21, 6, 25. Each copy given up
removes under one false copy: none moves the frontier, so none was adopted.

What was adopted is narrower: an index of fewer than 250 passages (`candidates.BACKGROUND_MIN_PASSAGES`,
under every index the calibrations were fitted on) takes a post's 10 nearest passages among its
own and 233 packaged reference news passages (`background.py`). A trial's 9-article index had
reported an unrelated English headline as a translation at 0.93; `scripts/measure_background.py`
puts the USE background of 28 passages 0.072 below that of 267. Of the halves measured here, only
the test half's state-media and condensed index (206 passages) is that small: there, 5 -> 4 false
copies of 1,805 posts, and condensed recall 0.688 -> 0.683 (one copy) at the same precision.
On indexes of 3, 6 and 12 articles drawn from the condensed tuning half (3 draws each;
`scripts/bench_small_index.py --draws 3 --negatives 300`, `docs/measurements/small_index_tune_186e6ba.json`;
before: commit 8c56d8a), with 300 CANIS state-media posts and 300 personal posts checked against
each: 3 articles (20 passages) recall 58/61 -> 54/61, false copies 26 -> 5 state-media and 4 -> 0
personal of 900 each; 6 articles (46) 119/125 -> 110/125, 9 -> 2 and 1 -> 0; 12 articles (84)
212/252 -> 202/252, 6 -> 2 and 1 -> 0. In all, 23 copies given up for 38 false copies removed.

Two later changes move these figures (`docs/measurements/small_index_tune_50c17ff.json`, the same
draws): a Chinese sentence of seven characters or more is a passage of its own
(`segment.MIN_PASSAGE_WIDTH`: Chinese headlines had been one passage with their lead), and the
agreement rule lets through a pair every encoder ranks first among the post's candidates
(`verdict.RANKED_FIRST_POOL`: not in an index of under 24 articles, so none of these). 3 articles
(21 passages) recall 54/61, false copies 5 state-media and 1 personal of 900 (a reply USE puts
close to a 13-character Chinese sentence, "据我了解,该报道没有根据。", now a passage of its own); 6
articles (49) 112/125, 2 and 0; 12 articles (95) 211/252, 4 and 0. In all, 11 copies more for 3
false copies more. Without the 24-article bound the ranked-first exception found 6 copies more
on the 12-article indexes and reported 2 unrelated posts more.

### Personal posts against an index of state-media posts (trial 58)

Users also index what state media post: short tweets, among them greetings, weather and food
posts such as people write about their own lives. `scripts/bench_tweet_fp.py` checks the real
personal posts of `benchmarks/negatives` against an index of the CANIS posts the state-media
sample above leaves out (one article per post); every reported match is a false copy:

{tweet_fp_md(x)}

Before the pair's languages were read from the passage a post matched
(`match._passage_in_post_language`, `lang.reads_as`), the test half had 2 (5.7 per 10,000):
"Happy mother's day to all the gorgeous mums reading this" and a reply wishing a happy Mother's
Day, both translations (0.94, 0.97) of a tweet tagged French whose first line is English
("🍀Happy Mother's Day to all mothers !!"). Its tag made the pair cross-lingual, and the
cross-lingual calibration (USE's threshold 0.187 above the post's background, against 0.353 for
the same language) let the same greeting through. The tuning half had none; its dumps
(`scripts/tune_experiments.py`) lost one false copy for it (the same tweet, among the 1k news
passages) and no copy.

## Condensed, headline and lead copies (issue 12)

`benchmarks/condensed/test` (see its README): real Chinese, Spanish and English state-media
articles; posts written the way copying accounts write, in es, pt, fr, en, zh, ru; hard
negatives on the same events. {len(x.condensed.items)} posts.

{condensed_md(x.condensed)}

{TRIED_MD}
## Topical posts: personal posts, other events, template series (issue 12)

`benchmarks/topical/test` (see its README): 80 real state-media tweets (CANIS) as the index;
{len(x.topical.items) if x.topical else 0} posts written blind the way private people and copying accounts write about
them, in es, pt, fr, en, zh, ru, ar: personal posts on the tweets' topics (cheers, complaints,
replies naming the same mission or city), posts on another event of the same kind, items of a
template series with another country or person, and condensed, headline and sentence copies.
Its tuning half (`tune/t95`-`t97`, three trials' posts, and `tune/t98`, written for template
series) is replayed by `scripts/tune_experiments.py`.

{topical_md(x.topical)}

## Every direction (issue 12)

`benchmarks/directions/test` (see its README): NTREX-128 documents with a zh, es, ru, en or ar
article side, one index per article language; posts are human translations (one sentence,
2–3 sentences, the first part of a sentence, 4 sentences with middle ones dropped) and
held-out sentences as negatives.

{directions_md(x.directions)}

## Sample (`sourcetrace demo`)

`corpora/sample` (45 articles, 179 posts), as `sourcetrace demo` checks it:

{table({"all": x.sample.report["overall"]}, "")}

### Cost of these runs

| index | articles | passages | build s |
|---|---:|---:|---:|
{builds}

| eval | posts | check s | texts encoded | vectors from the cache |
|---|---:|---:|---:|---:|
{check_rows}

Encoder vectors are cached under `--work` (`scripts/vector_cache.py`): where most came from
the cache, the check times say nothing about speed.

"""
