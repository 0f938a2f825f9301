"""`sourcetrace export`: a check's JSONL output into a SQLite file for Datasette."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from ..anchors import ascii_digits
from ..prepared import core_text
from ..results import Result, counted
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
    missing = unfit = 0
    with user_errors():
        texts = None
        results: Iterable[Result] = acc.read_results(reports, problems)
        if posts:
            texts = {p.id: p.text for p in read_posts(posts, problems)}
            held = list(results)  # the run is held in memory until it is copied in any case
            texts, missing, unfit = fitted_texts(held, texts)
            results = held
        run = export_results(results, sqlite, RunInfo("export", [str(r) for r in reports]), texts)
    if missing:
        echo(f"warning: {counted(missing, 'post')} of the report {'is' if missing == 1 else 'are'} not in"
             " the --posts files: stored without text", err=True)
    if unfit:
        echo(f"warning: {counted(unfit, 'text')} of the --posts files {'does' if unfit == 1 else 'do'} not fit"
             " the report (shorter than a span it gives: another post under the same id?): not stored", err=True)
    if quiet:
        return
    if run.added:
        echo(f"run {run.id}: {counted(run.posts, 'post')} ({run.copies:,} copy) added to {sqlite}", err=True)
    else:
        echo(f"run {run.id} ({counted(run.posts, 'post')}) is already in {sqlite}; "
             + (f"{counted(run.texts_added, 'post text')} added" if run.texts_added else "nothing added"), err=True)
    if problems.count:
        echo(f"{counted(problems.count, 'bad record')} skipped (see lines above)", err=True)


def fitted_texts(results: list[Result], texts: dict[str, str]) -> tuple[dict[str, str], int, int]:
    """The texts of `texts` (post id -> text) that fit their results, and how many results had
    no text and how many texts did not fit: a text shorter than the furthest post offset of its
    result's spans, or without the words of an anchor at the anchor's offsets, belongs to
    another post (a --posts file that is not the one checked)."""
    kept: dict[str, str] = {}
    missing = unfit = 0
    for result in results:
        text = texts.get(result.post.id)
        if text is None:
            missing += 1
            continue
        ends = [span["post"][1] for m in result.matches for span in m.spans]
        shown = [(a["post_span"], a["post"]) for m in result.matches for a in (m.evidence or {}).get("anchors", [])]
        # an anchor's words are where the report says, in the text anchors are read from (its
        # hashtags' "#" blanked: a trial's "#China-#Africa #Cooperation" was refused)
        core = ascii_digits(core_text(text)) if shown else ""
        if (ends and max(ends) > len(text)) or any(
                core[span[0] : span[1]] != words for span, words in shown):
            unfit += 1
            continue
        kept[result.post.id] = text
    return kept, missing, unfit
