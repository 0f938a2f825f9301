"""`sourcetrace index build|add|stats`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .. import index as ix
from ..encoders import DEFAULT_ENCODER
from ..readers import read_articles
from .common import IndexOpt, JsonOpt, ProblemCounter, QuietOpt, index_dir, progress_bar, show_progress, user_errors

app = typer.Typer(help="Build, extend and inspect an index of known articles.", no_args_is_help=True)

SourcesArg = Annotated[
    list[Path],
    typer.Argument(help="Article files: JSONL or CSV with a 'text' column (.gz ok, '-' = stdin).",
                   show_default=False),
]


def _report(stats: ix.WriteStats, problems: ProblemCounter, quiet: bool, verb: str, path: Path) -> None:
    if quiet:
        return
    seconds = max(stats.seconds, 1e-9)
    typer.echo(
        f"{verb} {stats.added} articles ({stats.passages} passages) in {path} in {stats.seconds:.1f}s"
        f" [{stats.added / seconds:.1f} articles/s, {stats.passages / seconds:.0f} passages/s];"
        f" {stats.duplicates} already indexed, {problems.count} bad records skipped",
        err=True,
    )


@app.command()
def build(
    sources: SourcesArg,
    index: IndexOpt = None,
    encoder: Annotated[
        str, typer.Option(help="Encoder: use, e5, minilm, st:MODEL, 'use+e5' for several, or none.")
    ] = DEFAULT_ENCODER,
    replace: Annotated[bool, typer.Option(help="Replace an existing index at this path.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Create an index from article files."""
    path = index_dir(index)
    problems = ProblemCounter()
    with user_errors():
        articles = read_articles(sources, problems)
        with progress_bar("indexing articles", None, show_progress(quiet)) as advance:
            stats = ix.build(path, articles, encoder=encoder, progress=advance, replace=replace)
    _report(stats, problems, quiet, "indexed", path)


@app.command()
def add(sources: SourcesArg, index: IndexOpt = None, quiet: QuietOpt = False) -> None:
    """Add articles to an existing index (articles already in it are skipped)."""
    path = index_dir(index)
    problems = ProblemCounter()
    with user_errors():
        articles = read_articles(sources, problems)
        with progress_bar("adding articles", None, show_progress(quiet)) as advance:
            stats = ix.add(path, articles, progress=advance)
    _report(stats, problems, quiet, "added", path)


@app.command()
def stats(index: IndexOpt = None, as_json: JsonOpt = False) -> None:
    """Show what an index holds: counts, encoder, outlets, dates, size."""
    with user_errors():
        loaded = ix.Index.open(index_dir(index))
        info = loaded.stats()
        loaded.close()
    if as_json:
        typer.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_row("index", info["path"])
    table.add_row("encoder", info["encoder"] + "  (" + ", ".join(f"{e['name']} {e['dim']}-d" for e in info["encoders"]) + ")")
    table.add_row("articles", f"{info['counts']['articles']:,}")
    table.add_row("passages", f"{info['counts']['passages']:,}")
    table.add_row("outlets", ", ".join(f"{k} {v}" for k, v in list(info["outlets"].items())[:12]) or "-")
    table.add_row("published", f"{info['published']['first'] or '?'} .. {info['published']['last'] or '?'}")
    table.add_row("minhash", ", ".join(f"{k}={v}" for k, v in info["minhash"].items()))
    table.add_row("updated", f"{info['updated_at']} (generation {info['generation']})")
    table.add_row("size", f"{info['size_bytes'] / 1e6:.1f} MB")
    Console().print(table)
