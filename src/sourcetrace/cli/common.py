"""Helpers shared by commands: options, error handling, progress, problem lines."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import SourcetraceError
from ..index import default_index_dir

IndexOpt = Annotated[
    Path | None,
    typer.Option(
        "--index",
        help="Index folder. Default: $SOURCETRACE_INDEX, else ./.sourcetrace/index.",
        show_default=False,
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def index_dir(value: Path | None) -> Path:
    return value if value is not None else default_index_dir()


def fail(message: str) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit(1) to raise."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(1)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn library errors into one line on stderr and exit code 1 (no traceback)."""
    try:
        yield
    except SourcetraceError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # output piped into `head`: stop quietly
        with contextlib.suppress(Exception):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        raise typer.Exit(0) from None


class ProblemCounter:
    """Prints `FILE:LINE: reason — skipped` on stderr and counts the lines."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, problem: Any) -> None:
        self.count += 1
        typer.echo(str(problem), err=True)


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(label: str, total: int | None, enabled: bool) -> Iterator[Any]:
    """A rich progress bar on stderr with count, rate and ETA; a no-op when disabled."""
    if not enabled:
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.speed:>6.0f}/s" if False else ""), TimeElapsedColumn()]
    if total:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
