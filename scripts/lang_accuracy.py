"""Accuracy of the language read for untagged posts (`lang.resolve(None, text)`), by language.

    python scripts/lang_accuracy.py [--canis PATH] [--json-out FILE] [--short 80]

Labelled posts: the benchmarks' tuning halves (benchmarks/*/tune/**/posts*.jsonl: `gold.lang`,
else the post's `lang`; never the test halves) and the CANIS tweets
(/work/shared/data/canis-tweets/tweets.jsonl.gz, X's own `lang` tag, mostly right on these;
tags naming no language left out). Texts are deduplicated within each source. Every post is read
as if untagged; a post is right where the base of the language read is its label ("in" is "id",
"iw" is "he", as `lang.normalize_tag` reads them). Reported per source and language, for all
posts and for short ones (under --short characters), with which wrong languages were read.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sourcetrace import lang

ROOT = Path(__file__).resolve().parents[1]
CANIS = Path("/work/shared/data/canis-tweets/tweets.jsonl.gz")
MIN_REPORTED = 20  # languages with fewer labelled posts are pooled as "other"


def _label(tag: object) -> str | None:
    standard = lang.normalize_tag(tag)
    return lang.base(standard) if standard else None


def benchmark_posts() -> dict[str, list[tuple[str, str]]]:
    """{file: [(label, text)]} from the tuning halves, each text once over all files."""
    seen: set[str] = set()
    out: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(ROOT.glob("benchmarks/*/tune/**/posts*.jsonl")):
        rows = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                record = json.loads(line)
                label = _label((record.get("gold") or {}).get("lang") or record.get("lang"))
                text = record.get("text") or ""
                if label and text and text not in seen:
                    seen.add(text)
                    rows.append((label, text))
        out[str(path.relative_to(ROOT))] = rows
    return out


def canis_posts(path: Path) -> dict[str, list[tuple[str, str]]]:
    """{account: [(X's tag, text)]}, each text once."""
    seen: set[str] = set()
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            label, text = _label(record.get("lang")), record.get("text") or ""
            if label and text and text not in seen:
                seen.add(text)
                out[record.get("screen_name") or "?"].append((label, text))
    return dict(out)


def measure(groups: dict[str, list[tuple[str, str]]], short: int) -> dict[str, Any]:
    """Per language: n, right, n_short, right_short, and the wrong languages read."""
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    for rows in groups.values():
        for label, text in rows:
            found = lang.resolve(None, text)[0]
            right = lang.base(found) == label
            stats[label]["n"] += 1
            stats[label]["right"] += right
            if len(text) < short:
                stats[label]["n_short"] += 1
                stats[label]["right_short"] += right
            if not right:
                wrong[label][str(lang.base(found))] += 1
    return {code: {**stats[code], "wrong": dict(wrong[code].most_common(6))} for code in stats}


def table(name: str, result: dict[str, Any]) -> None:
    print(f"\n{name}")
    print(f"{'lang':>6} {'n':>6} {'acc':>7} {'n<short':>8} {'acc':>7}  wrong (most common)")
    pooled: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for code in sorted(result, key=lambda c: -result[c]["n"]):
        row = result[code]
        for key in ("n", "right", "n_short", "right_short"):
            total[key] += row.get(key, 0)
        if row["n"] < MIN_REPORTED:
            for key in ("n", "right", "n_short", "right_short"):
                pooled[key] += row.get(key, 0)
            continue
        _line(code, row, row["wrong"])
    if pooled["n"]:
        _line("other", pooled, {})
    _line("all", total, {})


def _line(code: str, row: Any, wrong: dict[str, int]) -> None:
    acc = row.get("right", 0) / row["n"]
    n_short = row.get("n_short", 0)
    acc_short = f"{row.get('right_short', 0) / n_short:.3f}" if n_short else "-"
    print(f"{code:>6} {row['n']:>6} {acc:7.3f} {n_short:>8} {acc_short:>7}  "
          + " ".join(f"{k}:{v}" for k, v in wrong.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--canis", type=Path, default=CANIS)
    parser.add_argument("--short", type=int, default=80)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    results = {"benchmarks (tune)": measure(benchmark_posts(), args.short)}
    if args.canis.exists():
        results["CANIS (X's tag)"] = measure(canis_posts(args.canis), args.short)
    for name, result in results.items():
        table(name, result)
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
