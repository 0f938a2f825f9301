"""`sourcetrace export`: a check's JSONL output into a SQLite file for Datasette."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..results import counted
from .common import ProblemCounter, QuietOpt, user_errors
from .display import echo


def export(
    reports: Annotated[
        list[Path],
        typer.Argument(help="JSONL output of `sourcetrace check` (.gz ok).", show_default=False),
    ],
    sqlite: Annotated[
        Path,
        typer.Option("--sqlite", help="SQLite file to add the results to (created if missing);"
                     " appending the same results again adds nothing.", show_default=False),
    ],
    posts: Annotated[
        list[Path] | None,
        typer.Option("--posts", help="The checked post files, to store each post's text (full-text"
                     " search); a report file holds none. Repeatable.", show_default=False),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Write check results to SQLite: posts, matches, spans, evidence, articles and accounts."""
    from .. import accounts as acc
    from ..export import RunInfo, export_results
    from ..readers import read_posts

    problems = ProblemCounter()
    with user_errors():
        texts = None
        if posts:
            texts = {p.id: p.text for p in read_posts(posts, problems)}
        run = export_results(acc.read_results(reports, problems), sqlite,
                             RunInfo("export", [str(r) for r in reports]), texts)
    if quiet:
        return
    if run.added:
        echo(f"run {run.id}: {counted(run.posts, 'post')} ({run.copies:,} copy) added to {sqlite}", err=True)
    else:
        echo(f"run {run.id} ({counted(run.posts, 'post')}) is already in {sqlite}; "
             + (f"{counted(run.texts_added, 'post text')} added" if run.texts_added else "nothing added"), err=True)
    if problems.count:
        echo(f"{counted(problems.count, 'bad record')} skipped (see lines above)", err=True)
