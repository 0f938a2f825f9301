#!/usr/bin/env python3
"""Real post streams reviewed by hand: what share of the reported matches is right, by evidence class.

    python scripts/bench_streams.py --work /tmp/streams [--only t85,t83] [--json-out OUT]
    python scripts/bench_streams.py --work /tmp/streams --fit [--write]
    python scripts/bench_streams.py --results t85=OUT.jsonl ...   # score outputs already made

The benchmark halves (docs/QUALITY.md) hold few of the posts that make false copies in real use:
state-media posts on another event of the same story, another edition of a yearly occasion, a
series' formula. Six trials (78, 79, 81, 83, 85, 87; `benchmarks/streams/SOURCE.md`) each checked a
stream of 1,000-2,010 real posts of the accounts on the CANIS list of PRC state media against an
index of 1,100-4,140 other posts of those accounts, and read every reported match by hand: true (a
copy, translation or restatement of that post), false (another event, or a formula only) or
borderline. This script rebuilds those streams and indexes from `../shared/data/canis-tweets` (not
redistributed: read where it lies; `benchmarks/streams/sets.json` says which posts and fields),
checks each stream with `sourcetrace check` as the trials did, and joins the reviews.

It prints, per stream, the posts reported and the matches true, false, borderline and not
reviewed (a match this commit reports that no trial saw); and per half (tune: trials 78, 79 and
81; test: 83, 85 and 87) and evidence class (`recalibration.evidence_class`: lexical or semantic,
none, some or all of the trusted encoders in doubt) the reviewed matches, the share right (a
borderline match counts half) and the mean confidence shown: where they differ, the confidence is
not what it says. `--fit` sets each class's ceiling from the tuning half only (the share right,
with one right and one wrong match added: (right + 1) / (n + 2); never above the class with fewer
encoders in doubt, never under the report threshold) and `--write` stores it in
models/confidence.json (and the packaged copy), keeping the curve
(scripts/calibrate_confidence.py). The reviews were made at the commits of their trials: a match a
later commit reports and no trial read counts as not reviewed, and is left out of every share.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from quality_evals import _problem, log

from sourcetrace import calibration, recalibration
from sourcetrace import index as ix
from sourcetrace.fileio import atomic_write
from sourcetrace.readers import read_articles
from sourcetrace.results import REPORT_CONFIDENCE, encoder_confidences, screened

SETS = REPO / "benchmarks" / "streams" / "sets.json"
VERDICTS = ("true", "false", "borderline")
BINS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def canis_rows(path: Path, wanted: set[str]) -> dict[str, dict[str, Any]]:
    """The CANIS posts whose tweet ids are `wanted`, by id."""
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in wanted:
                out[row["id"]] = row
    return out


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def article_records(spec: dict[str, Any], canis: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """An index's article records as its trial wrote them (sets.json: id prefix, `lang` given or
    not, URL form, the field naming the account)."""
    out = []
    for line in _lines(SETS.parent / spec["articles"])[1:]:
        tid, outlet = line.split("\t")
        c = canis[tid]
        rec: dict[str, Any] = {"id": spec["id_prefix"] + tid, "text": c["text"], "outlet": None if outlet == "-" else outlet}
        if spec["lang"]:
            rec["lang"] = c["lang"]
        rec["published_at"] = c["created_at"]
        rec["url"] = spec["url"].format(screen_name=c["screen_name"], id=tid)
        if spec["handle_field"]:
            rec[spec["handle_field"]] = c["screen_name"]
        out.append(rec)
    return out


def post_records(spec: dict[str, Any], canis: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """A stream's post records as its trial wrote them (sets.json)."""
    out = []
    for tid in _lines(SETS.parent / spec["ids"]):
        c = canis[tid]
        rec: dict[str, Any] = {"id": spec["id_prefix"] + tid, "text": c["text"], "author": c["screen_name"],
                               "created_at": c["created_at"]}
        if spec["lang"]:
            rec["lang"] = c["lang"]
        if spec["platform"]:
            rec["platform"] = "x"
        if spec["url"]:
            rec["url"] = spec["url"].format(screen_name=c["screen_name"], id=tid)
        out.append(rec)
    return out


def reviews(spec: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(post id, article id) -> true, false or borderline, as the trial's reviewer read it."""
    with open(SETS.parent / spec["review"], encoding="utf-8", newline="") as fh:
        return {(r["post_id"], r["article_id"]): r["verdict"] for r in csv.DictReader(fh, delimiter="\t")}


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with atomic_write(path) as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def check(stream: Path, index: Path, out: Path) -> float:
    """`sourcetrace check STREAM --index INDEX -o OUT` with this checkout's code; seconds."""
    cli = "import sys; from sourcetrace.cli.main import app; sys.argv = ['sourcetrace'] + sys.argv[1:]; app()"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", cli, "check", str(stream), "--index", str(index), "-o", str(out), "--quiet"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def match_class(m: dict[str, Any]) -> str:
    """A reported match's evidence class, from its JSON (`recalibration.evidence_class`)."""
    lexical = m.get("match_type") in ("verbatim", "near_verbatim")
    evidence = m.get("evidence") or {}
    return recalibration.evidence_class(lexical, encoder_confidences(evidence), screened(evidence))


def score(results: Path, review: dict[tuple[str, str], str]) -> dict[str, Any]:
    """One stream's results joined with its review: counts, and every match's (class, confidence,
    verdict or None)."""
    posts = reported = 0
    rows = []
    for number, line in enumerate(results.read_text(encoding="utf-8").splitlines(), 1):
        try:
            r = json.loads(line)
            if not isinstance(r, dict) or not isinstance(r.get("post"), dict) or "id" not in r["post"]:
                raise ValueError("no post id")
        except ValueError as exc:
            raise SystemExit(f"{results}: line {number} is no `sourcetrace check` result ({exc})") from None
        posts += 1
        if r.get("matches"):
            reported += 1
        for m in r.get("matches") or []:
            rows.append((match_class(m), float(m["confidence"]), review.get((str(r["post"]["id"]), m["article"]["id"]))))
    counts = collections.Counter(v or "not reviewed" for _, _, v in rows)
    return {"posts": posts, "reported": reported, "matches": len(rows), **{k: counts[k] for k in (*VERDICTS, "not reviewed")},
            "rows": rows}


def _right(verdict: str) -> float:
    return {"true": 1.0, "borderline": 0.5}.get(verdict, 0.0)


def by_class(rows: list[tuple[str, float, str | None]]) -> dict[str, dict[str, float]]:
    """Reviewed matches per evidence class: n, right (a borderline one half), share right, mean
    confidence shown."""
    out: dict[str, dict[str, float]] = {}
    for name in recalibration.EVIDENCE_CLASSES:
        mine = [(c, v) for k, c, v in rows if k == name and v is not None]
        if mine:
            right = sum(_right(v) for _, v in mine)
            out[name] = {"n": len(mine), "right": right, "share_right": round(right / len(mine), 3),
                         "mean_confidence": round(sum(c for c, _ in mine) / len(mine), 3)}
    return out


def reliability(rows: list[tuple[str, float, str | None]]) -> list[dict[str, float]]:
    """Reviewed matches per bin of confidence shown: n, mean confidence, share right."""
    out = []
    for lo, hi in itertools.pairwise(BINS):
        mine = [(c, v) for _, c, v in rows if v is not None and lo <= c < hi]
        if mine:
            out.append({"bin": f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}", "n": len(mine),
                        "mean_confidence": round(sum(c for c, _ in mine) / len(mine), 3),
                        "share_right": round(sum(_right(v) for _, v in mine) / len(mine), 3)})
    return out


def fit_ceilings(classes: dict[str, dict[str, float]]) -> dict[str, float]:
    """Each class's ceiling from the tuning half's reviewed matches: (right + 1) / (n + 2), held
    at or under the class of the same kind with fewer encoders in doubt (none >= some >= all,
    pooled where the data says otherwise) and at or over REPORT_CONFIDENCE."""
    out: dict[str, float] = {}
    for kind in ("lexical", "semantic"):
        blocks = [[classes[n]["right"], classes[n]["n"], [n]] for n in (f"{kind}-none", f"{kind}-some", f"{kind}-all")
                  if n in classes]
        merged: list[list[Any]] = []
        for block in blocks:  # pool adjacent violators: the share right must not rise with doubt
            merged.append(block)
            while len(merged) > 1 and (merged[-1][0] + 1) / (merged[-1][1] + 2) > (merged[-2][0] + 1) / (merged[-2][1] + 2):
                right, n, names = merged.pop()
                merged[-1][0] += right
                merged[-1][1] += n
                merged[-1][2] += names
        for right, n, names in merged:
            for name in names:
                out[name] = round(max(REPORT_CONFIDENCE, min(1.0, (right + 1) / (n + 2))), 3)
    return out


def _table(title: str, classes: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}\n| class | reviewed | share right | mean confidence shown | gap |\n|---|---|---|---|---|")
    for name, c in classes.items():
        print(f"| {name} | {c['n']} | {c['share_right']:.3f} | {c['mean_confidence']:.3f} |"
              f" {c['mean_confidence'] - c['share_right']:+.3f} |")


def _named(ap: argparse.ArgumentParser, option: str, values: list[str], known: dict[str, Any]) -> dict[str, str]:
    """NAME=PATH options as a dict; exits with a one-line error for one without "=" or with a name
    `known` lacks."""
    out = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not path:
            ap.error(f"{option} {value}: give NAME=PATH")
        if name not in known:
            ap.error(f"{option} {name}: no such name (there are {', '.join(known)})")
        out[name] = path
    return out


def _commit() -> str | None:
    """This checkout's commit (short), or None outside a git checkout."""
    try:
        found = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                               text=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/sourcetrace-streams"),
                    help="where the rebuilt files, indexes (reused) and results are kept")
    ap.add_argument("--tweets", type=Path, default=REPO.parent / "shared" / "data" / "canis-tweets" / "tweets.jsonl.gz",
                    help="the CANIS posts the streams and indexes are rebuilt from")
    ap.add_argument("--only", default="", help="comma-separated streams (default: all)")
    ap.add_argument("--index", action="append", default=[], metavar="NAME=PATH",
                    help="an index folder already built for NAME (t78, t81, t83, t85)")
    ap.add_argument("--results", action="append", default=[], metavar="NAME=PATH",
                    help="score this results file of stream NAME instead of checking it")
    ap.add_argument("--encoder", default="use+e5", help="the encoders of an index built here")
    ap.add_argument("--fit", action="store_true", help="print the ceilings the tuning half's streams give")
    ap.add_argument("--write", action="store_true", help="with --fit: store them in models/confidence.json")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args()
    sets = json.loads(SETS.read_text(encoding="utf-8"))
    only = [n for n in args.only.split(",") if n.strip()]
    if args.only and not only:
        ap.error("--only: give stream names, comma-separated")
    unknown = [n for n in only if n not in sets["streams"]]
    if unknown:
        ap.error(f"--only: no stream {', '.join(unknown)} (there are {', '.join(sets['streams'])})")
    if args.write and not args.fit:
        ap.error("--write stores what --fit sets: give both")
    names = [n for n in sets["streams"] if not only or n in only]
    given_index = _named(ap, "--index", args.index, sets["indexes"])
    given_results = _named(ap, "--results", args.results, sets["streams"])
    for n, path in given_results.items():
        if not Path(path).is_file():
            ap.error(f"--results {n}={path}: no such file (a `sourcetrace check -o` results file)")
        if n not in names:
            ap.error(f"--results {n}: not among the streams checked (--only {args.only})")
    args.work.mkdir(parents=True, exist_ok=True)
    need = [n for n in names if n not in given_results]
    canis: dict[str, dict[str, Any]] = {}
    if need:
        if not args.tweets.is_file():
            raise SystemExit(f"no {args.tweets}: the CANIS posts are read from ../shared/data (see the docstring)")
        wanted = set()
        for n in need:
            spec = sets["streams"][n]
            wanted |= set(_lines(SETS.parent / spec["ids"]))
            if spec["index"] not in given_index:
                wanted |= {line.split("\t")[0] for line in _lines(SETS.parent / sets["indexes"][spec["index"]]["articles"])[1:]}
        canis = canis_rows(args.tweets, wanted)
    streams: dict[str, Any] = {}
    for n in names:
        spec = sets["streams"][n]
        out = Path(given_results[n]) if n in given_results else args.work / f"results_{n}.jsonl"
        seconds = None
        if n not in given_results:
            idx = Path(given_index[spec["index"]]) if spec["index"] in given_index else args.work / f"idx_{spec['index']}"
            if not (idx / "manifest.json").is_file():
                articles = args.work / f"articles_{spec['index']}.jsonl"
                _write_jsonl(articles, article_records(sets["indexes"][spec["index"]], canis))
                log(f"indexing {spec['index']}'s articles with {args.encoder} (once) ...")
                ix.build(idx, read_articles([articles], _problem), encoder=args.encoder, replace=True)
            stream = args.work / f"stream_{n}.jsonl"
            _write_jsonl(stream, post_records(spec, canis))
            log(f"checking {n}'s {stream.name} ...")
            seconds = round(check(stream, idx, out), 1)
        streams[n] = {"half": spec["half"], "seconds": seconds, **score(out, reviews(spec))}
    print("| stream | half | posts | reported | matches | true | false | borderline | not reviewed |\n|---|---|---|---|---|---|---|---|---|")
    for n, s in streams.items():
        print(f"| {n} | {s['half']} | {s['posts']} | {s['reported']} | {s['matches']} | {s['true']} | {s['false']} |"
              f" {s['borderline']} | {s['not reviewed']} |")
    halves = {h: [r for s in streams.values() if s["half"] == h for r in s["rows"]] for h in ("tune", "test")}
    report: dict[str, Any] = {"commit": _commit(),
                              "streams": {n: {k: v for k, v in s.items() if k != "rows"} for n, s in streams.items()}}
    for half, rows in halves.items():
        if rows:
            report[half] = {"by_class": by_class(rows), "reliability": reliability(rows)}
            _table(f"{half} half, by evidence class (reviewed matches; a borderline one counts half)", report[half]["by_class"])
    if args.fit:
        if not halves["tune"]:
            raise SystemExit("--fit needs the tuning half's streams (t78, t79, t81)")
        ceilings = fit_ceilings(by_class(halves["tune"]))
        report["ceilings"] = ceilings
        print("\nceilings (tuning half):", json.dumps(ceilings))
        if args.write:
            folders = [REPO / "models", REPO / "src" / "sourcetrace" / "data" / "models"]
            current = recalibration.read(folders[0] / calibration.CONFIDENCE_FILE)
            tune = {n: report["streams"][n] for n in names if streams[n]["half"] == "tune"}
            info = dict(current.info, ceilings_fitted_on={
                "script": "scripts/bench_streams.py --fit", "date": time.strftime("%Y-%m-%d"),
                "streams": {n: {k: s[k] for k in ("posts", "matches", *VERDICTS, "not reviewed")} for n, s in tune.items()},
                "classes": report["tune"]["by_class"]})
            written = recalibration.write(recalibration.Recalibration(current.curve, info, ceilings), folders)
            print("wrote", ", ".join(str(p) for p in written))
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
