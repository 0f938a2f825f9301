"""`sourcetrace accounts`: per-account view of a check's JSONL output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .. import accounts as acc
from ..readers import read_posts
from .common import JsonOpt, ProblemCounter, user_errors


def accounts(
    reports: Annotated[
        list[Path],
        typer.Argument(help="JSONL output of `sourcetrace check` (.gz ok).", show_default=False),
    ],
    posts: Annotated[
        list[Path] | None,
        typer.Option("--posts", help="The checked post files: compare copies by their text "
                     "(without them, by the article passage they copy). Repeatable."),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Accounts shown in the table.")] = 30,
    as_json: JsonOpt = False,
) -> None:
    """Per account: posts, share copying state media, unattributed/evasive share, top outlets,
    first/last copy, and copies shared near-identically with other accounts."""
    problems = ProblemCounter()
    with user_errors():
        texts = None
        if posts:  # a first pass finds the posts with a match: only their texts are kept
            wanted = {r.post.id for r in acc.read_results(reports, lambda _: None) if r.matches}
            texts = {p.id: p.text for p in read_posts(posts, problems) if p.id in wanted}
        tally = acc.account_report(acc.read_results(reports, problems), texts)
    if as_json:
        data = tally.to_dict()
        data["skipped_records"] = problems.count
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_table(tally, top)
    if problems.count:
        typer.echo(f"{problems.count} bad records skipped (see lines above)", err=True)


def _pct(n: int, of: int) -> str:
    return f"{100 * n / of:.0f}%" if of else "-"


def _print_table(tally: acc.AccountTally, top: int) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    ranked = tally.accounts()
    table = Table(title="accounts, most unattributed state-media copies first", title_justify="left")
    table.add_column("account", no_wrap=True)
    table.add_column("posts", justify="right")
    table.add_column("state copies", justify="right")
    table.add_column("unattrib.", justify="right")
    table.add_column("evasive", justify="right")
    table.add_column("top outlets", overflow="fold", ratio=1)
    table.add_column("first – last copy")
    table.add_column("shared", overflow="fold", ratio=1)
    for a in ranked[:top]:
        shared = str(a.shared_copies)
        if a.shared_with:
            shared += " with " + ", ".join(n for n, _ in a.shared_with.most_common(3))
        period = "-"
        if a.first_copy and a.last_copy:
            period = f"{a.first_copy:%Y-%m-%d} – {a.last_copy:%Y-%m-%d}"
        cells = (
            a.account, str(a.posts), f"{a.state_copies} {_pct(a.state_copies, a.posts)}",
            f"{a.unattributed} {_pct(a.unattributed, a.state_copies)}",
            f"{a.evasive} {_pct(a.evasive, a.state_copies)}",
            ", ".join(f"{o} {n}" for o, n in a.outlets.most_common(3)),
            period, shared,
        )
        # account and outlet names come from the data: plain Text, never rich markup
        table.add_row(*(Text(c) for c in cells))
    console = Console()
    console.print(table)
    if len(ranked) > top:
        console.print(f"{len(ranked) - top} more accounts (--top N, or --json for all)", highlight=False)
    pairs = tally.pairs(limit=10)
    if pairs:
        console.print("accounts posting the same copies:", highlight=False)
        for p in pairs:
            a, b = p["accounts"]
            console.print(f"  {a} + {b}: {p['shared_copies']} near-identical copies", markup=False,
                          highlight=False)
