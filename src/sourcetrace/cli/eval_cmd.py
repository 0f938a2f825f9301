"""`sourcetrace eval`: precision and recall on a labelled gold file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .. import pipeline
from ..errors import InputError
from ..readers import read_gold
from ..results import LATER_MAX_DAYS, OLDER_MAX_DAYS, counted
from ..safetext import for_terminal
from .common import IndexOpt, JsonOpt, ProblemCounter, index_dir, user_errors
from .display import cell, console, echo, print_json


def evaluate(
    gold: Annotated[Path, typer.Argument(
        help="Gold JSONL: one post a line (text, id, lang, ...) with a 'gold' object {\"article_id\": ID,"
             " a list of IDs, or null for no copy; \"attribution\": optional}. Not an export, CSV or JSON"
             " array (check reads those).", show_default=False)],
    index: IndexOpt = None,
    as_json: JsonOpt = False,
    errors: Annotated[bool, typer.Option("--errors", help="Also list every misclassified post and wrong attribution.")] = False,
) -> None:
    """Measure precision, recall and F1 of "is a copy of the right article" on labelled posts.

    Reads one JSONL file of labelled posts (GOLD); anything else is refused
    in one line.
    """
    problems = ProblemCounter()
    with user_errors():
        items = list(read_gold([gold], problems))
        if not items:  # as check fails when every record is bad: no figure is a measure of nothing
            raise InputError(f"{gold}: no labelled post could be read"
                             + (f" ({counted(problems.count, 'bad record')} skipped)" if problems.count else ""))
        matcher = pipeline.open_matcher(index_dir(index))
        matcher.index.check_vectors()
        report = pipeline.evaluate(matcher, items)
    gold_missing_warning(index_dir(index), report["gold_not_in_index"])
    if not errors:
        report.pop("errors")
        report.pop("attribution_errors")
    if as_json:
        print_json(report, indent=2)
        return
    _print(report)


def gold_missing_warning(path: Path, missing: dict[str, Any]) -> None:
    """Say on stderr, in one line, how many gold article ids the index at `path` does not hold
    (`pipeline.gold_not_in_index`): their posts count as misses, which reads as a poor recall
    when the cause is most likely the wrong index."""
    if not missing["article_ids"]:
        return
    ids, posts = missing["article_ids"], missing["posts"]
    examples = ", ".join(repr(a) for a in missing["examples"]) + (", ..." if ids > len(missing["examples"]) else "")
    typer.echo(for_terminal(
        f"warning: {counted(ids, 'gold article id')} ({examples}) not in the index at {path}:"
        f" {counted(posts, 'post')} labelled with {'it' if ids == 1 else 'them'}"
        f" {'counts as a miss' if posts == 1 else 'count as misses'} (is this the index the gold"
        " file was made for?)", inline=True), err=True)


def _fmt(x: Any) -> str:
    return "-" if x is None else f"{x:.3f}"


def _print(report: dict[str, Any]) -> None:
    from rich.table import Table

    out = console()
    for title, rows in (
        ("overall", {"all": report["overall"]}),
        ("by copy type", report["by_copy_type"]),
        ("by language", report["by_lang"]),
    ):
        table = Table(title=title)
        for col in ("", "n", "tp", "fp", "fn", "precision", "recall", "f1"):
            table.add_column(col, justify="right" if col else "left")
        negatives = False
        for key, m in rows.items():
            # a row of negatives only (no copy in it): each match there is a false copy, and its
            # precision, 0 of them right, read as a score (trial 119 found "0.000" confusing)
            only_negatives = m["tp"] + m["fn"] == 0
            negatives = negatives or (only_negatives and m["fp"] > 0)
            table.add_row(cell(key), str(m["n"]), str(m["tp"]), str(m["fp"]), str(m["fn"]),
                          "-" if only_negatives else _fmt(m["precision"]), _fmt(m["recall"]), _fmt(m["f1"]))
        out.print(table)
        if negatives:
            out.print("no precision for a row of negatives: each fp there is a false copy")
    _print_reliability(out, report["reliability"])
    _print_attribution(out, report["attribution"])
    t = report["thresholds"]
    out.print(
        f"encoder {report['encoder']}; a match is reported at confidence ≥ {t['report_confidence']}"
        f" (semantic thresholds, on each encoder's cosine minus the post's background: "
        f"{', '.join(f'{k} {v}' for k, v in t['semantic'].items())}; lexical containment {t['lexical_containment']})"
    )
    for err in report.get("errors", []):
        gold = " | ".join(err["gold"]) if isinstance(err["gold"], list) else err["gold"]
        held = _HELD.get(err.get("held") or "", "")
        echo(f"  {err['id']}: gold {gold} got {err['got']} ({err['copy_type']}, {err['lang']}){held}")
    for err in report.get("attribution_errors", []):
        echo(f"  {err['id']}: gold attribution {err['gold']} got {err['got']}"
             f" ({err['article_id']}, {err['copy_type']}, {err['lang']})")


# Why a gold article was not reported though the rules found it (`Result.held_later`, `held_older`)
_HELD = {
    "later": f"; held back: the gold article is dated more than {LATER_MAX_DAYS:.0f} days after the post"
             " (check and query --keep-later report it)",
    "older": f"; held back: the gold article is dated more than {OLDER_MAX_DAYS:.0f} days before the post and an"
             " encoder doubts the translation (check and query --keep-later report it)",
}


def _print_reliability(out: Any, rel: dict[str, Any]) -> None:
    """Of the top matches at confidence >= c, the share that is right; per confidence bin, the
    mean confidence against the share right (an honest confidence has them close)."""
    from rich.table import Table

    table = Table(title="reliability (top matches)")
    for col in ("at least", "matches", "right", "bin", "n", "mean conf.", "right ", "gap"):
        table.add_column(col, justify="right", no_wrap=col == "bin")  # "[0.9, 0.95)" on one line (trial 96)
    for level, row in zip(rel["at_least"], rel["bins"]):
        table.add_row(f">= {level['confidence']}", str(level["n"]), _fmt(level["right"]),
                      f"[{row['low']}, {row['high']}{']' if row['high'] == 1.0 else ')'}", str(row["n"]),
                      _fmt(row["mean_confidence"]), _fmt(row["share_right"]), _fmt(row["gap"]))
    out.print(table)
    if rel["max_gap"] is not None:
        out.print(f"largest |share right - mean confidence| over the bins: {rel['max_gap']:.3f}"
                  f" (weighted by matches: {rel['weighted_gap']:.3f})")


def _print_attribution(out: Any, scores: dict[str, Any]) -> None:
    """The attribution verdicts of the posts matched to their gold article, against the gold's
    `attribution`: gold status by status got, precision and recall per status, the share right."""
    from rich.table import Table

    if not scores["checked"]:
        out.print("attribution: no post matched to its gold article has a gold attribution")
        return
    table = Table(title="attribution (posts matched to their gold article)")
    got_statuses = list(next(iter(scores["confusion"].values())))
    for col in ("gold \\ got", *got_statuses, "prec.", "recall"):  # 80 columns wide
        table.add_column(col, justify="left" if col.startswith("gold") else "right", no_wrap=True)
    for status, row in scores["confusion"].items():
        m = scores["by_status"][status]
        table.add_row(status, *(str(row[g]) for g in got_statuses), _fmt(m["precision"]), _fmt(m["recall"]))
    out.print(table)
    out.print(f"attribution right: {scores['right']} of {scores['checked']} ({_fmt(scores['share_right'])})")
