"""Helpers shared by commands: options, error handling, progress, problem lines."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from ..errors import SourcetraceError
from ..index import default_index_dir
from ..safetext import for_terminal


class _FlagsShownAsFlags:
    """Help that shows a flag as a flag: typer's rich help gives every option its type, a flag
    too (`--dayfirst <bool>`, `--help <bool>`), which reads as an option taking a true or false
    argument; `--dayfirst true` is refused. A flag is given no type column (an empty metavar),
    as click's plain help and typer before 0.2x show it. Options that take a value keep theirs."""

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:  # --help among them: it is made here, for each command
            if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
                param.metavar = ""
            elif isinstance(param, (TyperOption, TyperArgument)) and param.metavar is None:
                element = _list_element(param)
                if element is None:
                    continue
                if isinstance(param, TyperOption):  # given once per value: `--posts <path>`
                    param.metavar = f"<{element}>"
                else:  # the argument's name keeps its "..." (`posts...`): only its type column
                    param.display_type_rich = lambda ctx, label=f"<{element}>": label  # type: ignore[method-assign,misc]
        return params


def _list_element(param: Any) -> str | None:
    """The element type's name of a list-typed parameter ("path", "str"), None for any other:
    typer's help names a list as Python does (`<list[Path]>`, `<list[str]>`)."""
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if get_origin(annotation) is not list or getattr(descriptor, "is_choice", False):
        return None
    (element,) = get_args(annotation) or (None,)
    return element.__name__.lower() if isinstance(element, type) else None


class Command(_FlagsShownAsFlags, TyperCommand):
    """A command whose help shows flags as flags (`_FlagsShownAsFlags`)."""


class Group(_FlagsShownAsFlags, TyperGroup):
    """A command group whose help shows flags as flags (`_FlagsShownAsFlags`)."""


class App(typer.Typer):
    """typer.Typer whose groups and commands are `Group` and `Command`: every command of the CLI
    is made through one, so its help shows flags as flags wherever the command is added."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,
                **kwargs: Any) -> Any:
        """As typer.Typer.command, made a `Command` unless `cls` says otherwise."""
        return super().command(name, cls=cls or Command, **kwargs)


IndexOpt = Annotated[
    Path | None,
    typer.Option(
        "--index",
        help="Index folder. Default: $SOURCETRACE_INDEX, else ./.sourcetrace/index.",
        show_default=False,
    ),
]
QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress bar, summary or advice (such as a lexical-only index's warning);"
                          " skipped records and errors are still said.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
WideOpt = Annotated[
    bool, typer.Option("--wide", help="Every column, however wide the terminal (else the columns"
                       " that fit, abbreviations explained below the table).")
]


def index_dir(value: Path | None) -> Path:
    return value if value is not None else default_index_dir()


def fail(message: str) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit(1) to raise."""
    typer.echo(f"Error: {for_terminal(message, inline=True)}", err=True)
    return typer.Exit(1)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the process is (cli.main.run): cleaned up as an interrupt is."""


_terminating = False


def on_sigterm(signum: int, frame: object) -> None:
    """The SIGTERM handler (cli.main.run): raise Terminated, and remember it, since a signal
    that lands in a destructor is swallowed there ("Exception ignored in __del__"), and a long
    loop then stops at its next `stop_if_terminating`."""
    global _terminating
    _terminating = True
    raise Terminated


def stop_if_terminating() -> None:
    """Raise Terminated if SIGTERM came and was swallowed (see `on_sigterm`)."""
    if _terminating:
        raise Terminated


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn library errors into one line on stderr and exit code 1 (no traceback); Ctrl-C into
    "interrupted" and 130, SIGTERM into "terminated" and 143."""
    try:
        yield
    except SourcetraceError as exc:
        raise fail(str(exc)) from None
    except Terminated:
        typer.echo("terminated", err=True)
        raise typer.Exit(143) from None
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # output piped into `head`: stop quietly
        with contextlib.suppress(Exception):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        raise typer.Exit(0) from None


def empty_index_warning(path: Path, articles: int) -> None:
    """Say on stderr, in one line, that the index at `path` holds no articles (nothing can match)."""
    if not articles:
        typer.echo(f"warning: the index at {for_terminal(str(path), inline=True)} holds no articles:"
                   " nothing can match (add some with `sourcetrace index add`)", err=True)


def lexical_only_warning(path: Path, encoder_names: Sequence[str], articles: int) -> None:
    """Say on stderr, in one line, that the index at `path` has no encoder vectors (built with
    `--encoder none`): a translation or a paraphrase comes back as no_match from it, which a
    user would otherwise read as "copies nothing"."""
    if articles and not encoder_names:
        typer.echo(f"warning: the index at {for_terminal(str(path), inline=True)} is lexical only"
                   " (--encoder none): translations and paraphrases cannot be found; rebuild it"
                   " with --encoder use+e5", err=True)


class ProblemCounter:
    """Prints each reader problem on stderr (`FILE:LINE: reason — skipped`) and counts them by
    kind: `count` the records skipped, `warnings` the records kept with a field blanked or
    repaired, `no_text` the posts without text (see `readers.Problem.kind`).

    A problem repeated with the same reason in one file (a gold file without gold: every record)
    is printed SHOWN times, then once more as one line saying the rest are counted, not listed.
    """

    SHOWN = 3
    # distinct (file, kind, reason) kept track of: a file of ever-different reasons holds no more
    _TRACKED = 10_000

    def __init__(self) -> None:
        self.count = 0
        self.warnings = 0
        self.no_text = 0
        self._seen: dict[tuple[str, str, str], int] = {}

    def __call__(self, problem: Any) -> None:
        kind = getattr(problem, "kind", "skipped")
        if kind == "note":
            pass  # about a whole input (its encoding, a folder's files): said, not counted
        elif kind == "warning":
            self.warnings += 1
        elif kind == "no_text":
            # one line each would drown the rest for an archive of photos: counted for the
            # summary, and shown with -v
            self.no_text += 1
            logging.getLogger("sourcetrace.readers").info("%s", for_terminal(problem, inline=True))
            return
        else:
            self.count += 1
        line = self._line(problem, kind)
        if line is not None:
            typer.echo(for_terminal(line, inline=True), err=True)

    def _line(self, problem: Any, kind: str) -> Any:
        """The problem itself, the line that says its repeats are counted, or None after it."""
        path, reason = getattr(problem, "path", None), getattr(problem, "reason", None)
        if path is None or reason is None:
            return problem
        key = (path, kind, reason)
        seen = self._seen.get(key, 0) + 1
        if seen == 1 and len(self._seen) >= self._TRACKED:
            return problem
        self._seen[key] = seen
        if seen <= self.SHOWN:
            return problem
        if seen > self.SHOWN + 1:
            return None
        what = {"skipped": "skipped", "warning": "kept"}.get(kind, "said")
        return (f"{path}: more records {what} for the same reason ({reason}): counted, not listed"
                " one by one")


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


class SteadyRate:
    """A progress bar's rate (records a second) and so its ETA, steady and not skewed by the start.

    Results arrive in bursts (posts are matched 64 at a time, then their results come within
    milliseconds), so a windowed speed jumps: the rate is an average. Not since the bar
    started, though: the first burst also waits for the models to load (the second encoder and
    the attribution tables load when the first post that needs them comes), and trial 108's
    20,000 posts were given an ETA of 1 h 29 min in the first minute (3.7 posts/s) against 37 min
    at the rate the run kept (9.0 posts/s). Nor from the first result: that left out the work
    of its burst, and trial 109 saw "719.4/s, eta 0:00:00" after the first 64 of 300 posts (46 s
    more were needed), and a resumed check's kept results, replayed in one burst, count as
    instant. The rate is taken from the end of the first burst (results less than BURST_GAP
    seconds apart) once a later result has come; until then, since the start. `clock` is the
    time in seconds (time.monotonic; a test's own)."""

    BURST_GAP = 0.25  # seconds between two results of one burst (a batch's take well under it)

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.first: tuple[float, float] | None = None  # (time, count) at the first burst's end
        self.settled = False  # whether the first burst has ended
        self.last = 0.0  # the time of the last result

    def seen(self, completed: float) -> None:
        """Note the count after a result arrived."""
        now = self.clock()
        if completed > 0 and not self.settled:
            if self.first is None or now - self.last <= self.BURST_GAP:
                self.first = (now, completed)
            else:
                self.settled = True
        self.last = now

    def rate(self, completed: float, elapsed: float | None) -> float | None:
        """Records a second; None before any (or when no time has passed)."""
        if self.settled and self.first is not None and completed > self.first[1]:
            spent = self.clock() - self.first[0]
            if spent > 0:
                return (completed - self.first[1]) / spent
        return completed / elapsed if elapsed and completed else None


@contextlib.contextmanager
def progress_bar(label: str, total: int | None, enabled: bool) -> Iterator[Any]:
    """A rich progress bar on stderr with count, rate and (when `total` is known) ETA.

    A no-op when disabled (`--quiet`, or stderr is not a terminal). A `total` that turns out too
    small (an estimate) is raised as the count passes it, so the bar never claims to be done early.
    """
    if not enabled:
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    steady = SteadyRate()

    def average_rate(task: Task) -> float | None:
        return steady.rate(task.completed, task.elapsed)

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            rate = average_rate(task)
            return Text(f"{rate:,.1f}/s" if rate else "-/s", style="progress.data.speed")

    class EtaColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            rate = average_rate(task)
            if not rate or task.total is None:
                return Text("eta -", style="progress.remaining")
            left = max(0, int((task.total - task.completed) / rate))
            return Text(f"eta {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}", style="progress.remaining")

    columns: list[Any] = [TextColumn("{task.description}"), BarColumn(),
                          MofNCompleteColumn() if total else TextColumn("{task.completed:,}"),
                          RateColumn(), TimeElapsedColumn()]
    if total:
        columns.append(EtaColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(n: int = 1) -> None:
            bar.advance(task, n)
            current = next(t for t in bar.tasks if t.id == task)
            steady.seen(current.completed)
            if current.total is not None and current.completed > current.total:
                bar.update(task, total=current.completed)

        yield advance


_LINE_FORMATS = (".jsonl", ".ndjson", ".csv", ".txt")


def estimate_records(paths: Iterable[Path]) -> int | None:
    """Roughly how many records the files hold (their lines), for a progress bar's ETA.

    None for stdin, compressed input, and formats that are not one record a line (a JSON array,
    an X archive): they cannot be counted without reading them twice.
    """
    total = 0
    for path in paths:
        if str(path) == "-" or path.suffix.lower() not in _LINE_FORMATS or not path.is_file():
            return None
        with open(path, "rb") as fh:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return total or None


class _SafeFormatter(logging.Formatter):
    """Log lines with control and bidi characters shown as escapes (messages may quote data)."""

    def format(self, record: logging.LogRecord) -> str:
        return for_terminal(super().format(record))


class _PlainFormatter(logging.Formatter):
    """Without -v, a log line reads like the CLI's own: "warning: …", no logger name."""

    def format(self, record: logging.LogRecord) -> str:
        return for_terminal(f"{record.levelname.lower()}: {record.getMessage()}")


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_SafeFormatter("%(levelname)s %(name)s: %(message)s") if verbose
                         else _PlainFormatter())
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])


DelimiterOpt = Annotated[
    str | None,
    typer.Option("--delimiter", help="CSV field separator, e.g. ';' or '\\t' (default: sniffed from the"
                 " header line).", show_default=False),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", help="Encoding of the input files, e.g. gbk, utf-16, cp1251 (default:"
                 " UTF-8, else detected and said).", show_default=False),
]
StdinEncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", help="Encoding of the post read from stdin ('-'), e.g. gbk, utf-16"
                 " (default: UTF-8, else detected). A TEXT argument is taken as given.",
                 show_default=False),
]
DayfirstOpt = Annotated[
    bool,
    typer.Option("--dayfirst", help="Read ambiguous numeric dates as day/month (01/02/2018 = 1 February)."
                 " Without it, a file's own dates say (25/03/2018: day first), else month first."
                 " Zone 'CST' is read as China Standard Time (UTC+8)."),
]
