"""`sourcetrace accounts`: per-account view of a check's JSONL output."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from .. import accounts as acc
from ..readers import read_posts
from ..results import NO_OUTLET, counted
from .common import JsonOpt, ProblemCounter, WideOpt, user_errors
from .display import Col, console, echo, fit, print_json, print_layout, say


def accounts(
    reports: Annotated[
        list[Path],
        typer.Argument(help="JSONL output of `sourcetrace check` (.gz ok; '-' = stdin).", show_default=False),
    ],
    posts: Annotated[
        list[Path] | None,
        typer.Option("--posts", help="The checked post files: compare copies by their text "
                     "(without them, by the article passage they copy). Repeatable."),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Accounts shown in the table.")] = 30,
    as_json: JsonOpt = False,
    wide: WideOpt = False,
) -> None:
    """Per account: posts, copies of state media, their credit, outlets, and copies shared with others.

    For each author of the checked posts: how many posts, the share
    copying state media, the unattributed and evasive shares, the top
    outlets copied, the first and last copy, and the copies shared
    near-identically with other accounts."""
    problems = ProblemCounter()
    with user_errors(), tempfile.TemporaryDirectory(prefix="sourcetrace-accounts-") as spool:
        texts = None
        if posts:  # a first pass finds the posts with a match: only their texts are kept
            reports = acc.spooled(reports, Path(spool))  # stdin or a pipe is read twice
            wanted = {r.post.id for r in acc.read_results(reports, lambda _: None) if r.matches}
            texts = {p.id: p.text for p in read_posts(posts, problems) if p.id in wanted}
        tally = acc.account_report(acc.read_results(reports, problems), texts)
    if as_json:
        data = tally.to_dict()
        data["skipped_records"] = problems.count
        data["no_outlet_state_copies"] = _unnamed(tally)
        print_json(data, indent=2)
        return
    _print_table(tally, top, wide)
    if problems.count:
        echo(f"{counted(problems.count, 'bad record')} skipped (see lines above)", err=True)


def _unnamed(tally: acc.AccountTally) -> int:
    """The copies counted as state media whose article names no outlet (`acc.is_state_media`: an
    index is meant to hold state media, so such a copy counts as one). Said beside the table and
    in the JSON: trial 93 read them, counted without a word, as a miscount."""
    return sum(1 for c in tally.copies if c.state and c.outlet == NO_OUTLET)


def _pct(n: int, of: int) -> str:
    return f"{100 * n / of:.0f}%" if of else "-"


def _print_table(tally: acc.AccountTally, top: int, wide: bool) -> None:
    ranked = tally.accounts()
    shown = ranked[:top]

    def values(fn: Callable[[acc.AccountStats], str]) -> list[str]:
        return [fn(a) for a in shown]

    def shared(a: acc.AccountStats) -> str:
        text = str(a.shared_copies)
        if a.shared_with:
            text += " with " + ", ".join(n for n, _ in a.shared_with.most_common(3))
        return text

    def period(a: acc.AccountStats) -> str:
        if a.first_copy and a.last_copy:
            return f"{a.first_copy:%Y-%m-%d} – {a.last_copy:%Y-%m-%d}"
        return "-"

    columns = [
        Col("account", values(lambda a: a.account), fold=True, min_width=16),
        Col("posts", values(lambda a: str(a.posts)), justify="right"),
        Col("state copies", values(lambda a: f"{a.state_copies} {_pct(a.state_copies, a.posts)}"),
            short="state", legend="state-media copies (share of posts)", justify="right"),
        Col("unattributed", values(lambda a: f"{a.unattributed} {_pct(a.unattributed, a.state_copies)}"),
            short="unattr", legend="unattributed state-media copies (share)", justify="right"),
        Col("evasive", values(lambda a: f"{a.evasive} {_pct(a.evasive, a.state_copies)}"),
            short="evas", legend="evasive credit (share)", justify="right", priority=1),
        Col("top outlets", values(lambda a: ", ".join(f"{o} {n}" for o, n in a.outlets.most_common(3))),
            fold=True, priority=2),
        Col("shared", values(shared), short="shr",
            legend="copies near-identical to another account's (with whom)", fold=True, priority=3),
        Col("first – last copy", values(period), short="period", priority=4),
    ]
    out = console()
    layout = fit(columns, out.width, wide=wide)
    print_layout(out, layout, "accounts, most unattributed state-media copies first")
    unnamed = _unnamed(tally)
    if unnamed:
        say(out, f"{counted(unnamed, 'copy', 'copies')} of articles with {NO_OUTLET} counted as state media, as the index"
                 f" is taken to hold state media (name the outlet: index build --outlet, or an 'outlet' field)")
    if len(ranked) > top:
        more = len(ranked) - top
        say(out, f"{more} more {'account' if more == 1 else 'accounts'} (--top N, or --json for all)")
    pairs = tally.pairs(limit=10)
    if pairs:
        say(out, "accounts posting the same copies:")
        for p in pairs:
            a, b = p["accounts"]
            n = p["shared_copies"]
            say(out, f"  {a} + {b}: {n} near-identical {'copy' if n == 1 else 'copies'}")
