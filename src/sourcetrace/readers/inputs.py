"""Where a reader's bytes come from, and where its records and problems go.

An `Input` is a file given by name (gzip decompressed on the fly when it is named *.gz) or "-"
for stdin; a `Job` is one input being read: how a mapping becomes a record and who hears about
the records that cannot be made.
"""

from __future__ import annotations

import gzip
import sys
import zlib
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Generic

from ..errors import InputError
from .columns import remap
from .problems import Factory, Problem, ProblemHandler, R, build_or_report

STDIN = "-"
BOM = b"\xef\xbb\xbf"
# Enough of a file to tell its format: a Mastodon outbox names its items after an @context
# of about 2 KB; everything else shows itself in the first line.
HEAD_BYTES = 1 << 16
CORRUPT_GZIP = "truncated or corrupt gzip stream"
# What gzip raises on a bad header (BadGzipFile is an OSError), a cut-off stream (EOFError)
# or damaged deflate data (zlib.error).
GZIP_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)


class CorruptStream(Exception):
    """The gzip stream broke while reading line `lineno`."""

    def __init__(self, lineno: int) -> None:
        super().__init__(lineno)
        self.lineno = lineno


@dataclass(frozen=True)
class Input:
    """One input as given on the command line, with the names derived from it."""

    given: str
    display: str  # "<stdin>" for "-"
    stem: str  # prefix of default post ids
    gzipped: bool
    suffix: str  # lower-case extension inside any .gz ("" for stdin)
    fmt: str | None = None  # settled by the format registry; None: sniff the first bytes

    @classmethod
    def parse(cls, path: str | Path) -> Input:
        """The names of one input ("-" is stdin)."""
        given = str(path)
        if given == STDIN:
            return cls(given, "<stdin>", "stdin", gzipped=False, suffix="")
        name = Path(given).name
        gzipped = name.lower().endswith(".gz")
        inner = Path(name[:-3] if gzipped else name)
        return cls(given, given, inner.stem, gzipped, inner.suffix.lower())


def check_inputs(paths: Iterable[str | Path]) -> list[Input]:
    """The inputs; InputError ("PATH: no such file") before anything is read when one is missing."""
    sources = [Input.parse(path) for path in paths]
    for source in sources:
        if source.given != STDIN and not Path(source.given).is_file():
            raise InputError(f"{source.given}: no such file")
    return sources


def open_input(source: Input, stack: ExitStack) -> IO[bytes]:
    """Open an input as a binary stream closed with `stack`; gzip is decompressed on the fly.

    Raises InputError when the file is gone or cannot be read.
    """
    if source.given == STDIN:
        return sys.stdin.buffer
    try:
        raw: IO[bytes] = stack.enter_context(open(source.given, "rb"))  # noqa: SIM115
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise InputError(f"{source.given}: no such file") from None
    except OSError as exc:
        raise InputError(f"{source.given}: cannot read ({exc.strerror})") from None
    if source.gzipped:
        return stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


def read_head(source: Input) -> bytes | None:
    """The first HEAD_BYTES of a file (decompressed), or None when they cannot be read."""
    try:
        with ExitStack() as stack:
            return open_input(source, stack).read(HEAD_BYTES)
    except GZIP_ERRORS:
        return None  # reported where the file is read


@dataclass(frozen=True)
class Job(Generic[R]):
    """One input being read: `factory` makes its records, `on_problem` hears of the bad ones.

    `columns` are the CSV columns the record kind is read from, `mapping` the fields moved to
    other columns or JSON paths (`columns.check_columns`).
    """

    source: Input
    on_problem: ProblemHandler
    factory: Factory[R]
    columns: tuple[str, ...] = ()
    mapping: Mapping[str, str] = field(default_factory=dict)

    @property
    def display(self) -> str:
        """The input's name in messages."""
        return self.source.display

    def problem(self, line: int, reason: str) -> None:
        """Report one skipped record (line 0: the whole input)."""
        self.on_problem(Problem(self.display, line, reason))

    def build(self, data: dict[str, Any], lineno: int) -> R:
        """A record from a JSON object, its mapped fields looked up first (raises as `factory`)."""
        mapped = remap(data, self.mapping) if self.mapping else data
        return self.factory(mapped, lineno, self.source.stem)

    def build_row(self, data: dict[str, Any], lineno: int) -> R:
        """A record from a CSV row whose header the mapping was applied to already."""
        return self.factory(data, lineno, self.source.stem)

    def make(self, data: dict[str, Any], lineno: int, *, row: bool = False) -> R | None:
        """`build` (or `build_row`), or None after reporting why the record cannot be made."""
        builder = self.build_row if row else self.build
        return build_or_report(builder, data, lineno, self.display, self.on_problem)
