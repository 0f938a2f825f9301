"""Streaming readers for article and post files (JSONL, CSV, plain text; optionally gzipped).

A bad record never stops a read: it is handed to `on_problem` as a `Problem` (printed by the CLI
as `FILE:LINE: reason — skipped`) and reading goes on with the next line. Only a file that cannot
be used at all (missing, a CSV without a `text` column, plain text given as articles) raises
`InputError`. Files are read as bytes one bounded line at a time, so neither a huge file nor a
huge line is ever held in memory.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import json
import logging
import sys
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from .errors import InputError
from .records import MAX_TEXT_CHARS, Article, Post

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "txt")

# A line longer than this is not one post or one article record: it is skipped (and reported)
# while being read in chunks, so a file without newlines cannot exhaust memory.
MAX_LINE_BYTES = 1_000_000

_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json-lines": "jsonl",
    ".csv": "csv",
    ".txt": "txt",
}
_ARTICLE_COLUMNS = ("id", "outlet", "url", "title", "text", "lang", "published_at")
_POST_COLUMNS = ("id", "author", "platform", "url", "text", "created_at", "lang")
_STDIN = "-"
_SKIP_CHUNK = 1 << 16
_CORRUPT_GZIP = "truncated or corrupt gzip stream"
# What gzip raises on a bad header (BadGzipFile is an OSError), a cut-off stream (EOFError)
# or damaged deflate data (zlib.error).
_GZIP_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)
_JSON_TYPES = {
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}

R = TypeVar("R")


@dataclass(frozen=True)
class Problem:
    """A record that was skipped: where it is and why."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason} — skipped"


ProblemHandler = Callable[[Problem], None]
# Turns one mapping (a JSON object or a CSV row) and its line number into a record.
_Builder = Callable[[dict[str, Any], int], R]
# The same, also given the file's stem (posts without an id are named "stem:line").
_Factory = Callable[[dict[str, Any], int, str], R]


@dataclass(frozen=True)
class _Source:
    """One input as given on the command line, with the names derived from it."""

    given: str
    display: str  # "<stdin>" for "-"
    stem: str  # prefix of default post ids
    gzipped: bool
    fmt: str | None  # from the extension; None means sniff the first non-blank character

    @classmethod
    def parse(cls, path: str | Path) -> _Source:
        given = str(path)
        if given == _STDIN:
            return cls(given, "<stdin>", "stdin", gzipped=False, fmt=None)
        name = Path(given).name
        gzipped = name.lower().endswith(".gz")
        inner = Path(name[:-3] if gzipped else name)
        return cls(given, given, inner.stem, gzipped, _EXTENSIONS.get(inner.suffix.lower()))


class _CorruptStream(Exception):
    """The gzip stream broke while reading line `lineno`."""

    def __init__(self, lineno: int) -> None:
        super().__init__(lineno)
        self.lineno = lineno


def read_articles(paths: Iterable[str | Path], on_problem: ProblemHandler) -> Iterator[Article]:
    """Stream articles from JSONL or CSV files ("-" is stdin); bad records go to `on_problem`."""
    sources = _check_sources(paths)
    for source in sources:
        if source.fmt == "txt":
            raise InputError(
                f"articles must be JSONL or CSV: {source.display} is plain text "
                "(one JSON object per line, or a CSV file with a 'text' column)"
            )
    return _read(sources, None, on_problem, _build_article, _ARTICLE_COLUMNS, articles=True)


def read_posts(
    paths: Iterable[str | Path], on_problem: ProblemHandler, fmt: str | None = None
) -> Iterator[Post]:
    """Stream posts from JSONL, CSV or text files ("-" is stdin); bad records go to `on_problem`.

    `fmt` forces one of `FORMATS` for every input; by default it comes from each file's extension.
    """
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    sources = _check_sources(paths)
    return _read(sources, fmt, on_problem, _build_post, _POST_COLUMNS, articles=False)


def read_gold(paths: Iterable[str | Path], on_problem: ProblemHandler) -> Iterator[tuple[Post, dict[str, Any]]]:
    """Stream (post, gold label) pairs from JSONL gold files (post records plus a `gold` object)."""
    sources = _check_sources(paths)
    return _read(sources, "jsonl", on_problem, _build_gold, _POST_COLUMNS, articles=False)


def _build_gold(data: dict[str, Any], lineno: int, stem: str) -> tuple[Post, dict[str, Any]]:
    gold = data.get("gold")
    if not isinstance(gold, dict):
        raise InputError("missing 'gold' object")
    article_id = gold.get("article_id")
    if article_id is not None and not isinstance(article_id, str):
        raise InputError("'gold.article_id' must be a string or null")
    return Post.from_dict(data, default_id=f"{stem}:{lineno}"), gold


def _check_sources(paths: Iterable[str | Path]) -> list[_Source]:
    """Fail before anything is read when one of the inputs does not exist."""
    sources = [_Source.parse(path) for path in paths]
    for source in sources:
        if source.given != _STDIN and not Path(source.given).is_file():
            raise InputError(f"{source.given}: no such file")
    return sources


def _build_article(data: dict[str, Any], lineno: int, stem: str) -> Article:
    return Article.from_dict(data)


def _build_post(data: dict[str, Any], lineno: int, stem: str) -> Post:
    return Post.from_dict(data, default_id=f"{stem}:{lineno}")


def _read(
    sources: list[_Source],
    fmt: str | None,
    on_problem: ProblemHandler,
    build: _Factory[R],
    columns: tuple[str, ...],
    *,
    articles: bool,
) -> Iterator[R]:
    for source in sources:
        yield from _read_one(source, fmt, on_problem, build, columns, articles=articles)


def _read_one(
    source: _Source,
    fmt: str | None,
    on_problem: ProblemHandler,
    build: _Factory[R],
    columns: tuple[str, ...],
    *,
    articles: bool,
) -> Iterator[R]:
    def builder(data: dict[str, Any], lineno: int) -> R:
        return build(data, lineno, source.stem)

    with ExitStack() as stack:
        stream = _open(source, stack)
        lines = _raw_lines(stream, source.gzipped)
        count = 0
        try:
            chosen = fmt or source.fmt
            if chosen is None:
                chosen, lines = _sniff(lines)
            if articles and chosen == "txt":
                raise InputError(
                    f"articles must be JSONL or CSV: {source.display} does not start with '{{' "
                    "(name a CSV file *.csv)"
                )
            log.debug("reading %s as %s", source.display, chosen)
            if chosen == "csv":
                records = _parse_csv(lines, source.display, on_problem, builder, columns)
            elif chosen == "jsonl":
                records = _parse_jsonl(lines, source.display, on_problem, builder)
            else:
                records = _parse_txt(lines, source.display, on_problem, builder)
            for record in records:
                count += 1
                yield record
        except _CorruptStream as exc:
            on_problem(Problem(source.display, exc.lineno, _CORRUPT_GZIP))
        log.debug("read %d records from %s", count, source.display)


def _open(source: _Source, stack: ExitStack) -> IO[bytes]:
    """Open a source as a binary stream; gzip is decompressed on the fly."""
    if source.given == _STDIN:
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


def _raw_lines(stream: IO[bytes], gzipped: bool) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, line bytes with terminator), or None for a line over MAX_LINE_BYTES."""
    errors = _GZIP_ERRORS if gzipped else ()
    lineno = 0
    while True:
        lineno += 1
        try:
            # Two spare bytes hold a "\r\n" after a line of exactly MAX_LINE_BYTES.
            line = stream.readline(MAX_LINE_BYTES + 2)
            if not line:
                return
            if len(line) == MAX_LINE_BYTES + 2 and not line.endswith(b"\n"):
                while True:
                    rest = stream.readline(_SKIP_CHUNK)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield lineno, None
                continue
        except errors:
            raise _CorruptStream(lineno) from None
        content = line[:-1] if line.endswith(b"\n") else line
        if content.endswith(b"\r"):
            content = content[:-1]
        yield lineno, (None if len(content) > MAX_LINE_BYTES else line)


def _sniff(
    lines: Iterator[tuple[int, bytes | None]],
) -> tuple[str, Iterator[tuple[int, bytes | None]]]:
    """Pick jsonl when the first non-blank character is '{', else txt; no line is lost."""
    held: list[tuple[int, bytes | None]] = []
    fmt = "txt"
    for lineno, line in lines:
        if line is None:
            held.append((lineno, line))
            continue
        stripped = line.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
        if not stripped:
            continue  # blank lines carry nothing for jsonl or txt
        held.append((lineno, line))
        fmt = "jsonl" if stripped.startswith(b"{") else "txt"
        break
    return fmt, itertools.chain(held, lines)


def _decode(lineno: int, line: bytes) -> str:
    """Decode one line as UTF-8, dropping a byte-order mark at the start of the file."""
    return line.decode("utf-8-sig" if lineno == 1 else "utf-8")


def _decode_problem(exc: UnicodeDecodeError) -> str:
    bad = exc.object[exc.start]
    return f"not valid UTF-8 (byte 0x{bad:02x} at offset {exc.start})"


def _too_long() -> str:
    return f"line longer than {MAX_LINE_BYTES:,} bytes"


def _decoded_lines(
    lines: Iterator[tuple[int, bytes | None]], display: str, on_problem: ProblemHandler
) -> Iterator[tuple[int, str]]:
    """Decoded non-blank lines; over-long and undecodable lines are reported and skipped."""
    for lineno, raw in lines:
        if raw is None:
            on_problem(Problem(display, lineno, _too_long()))
            continue
        try:
            text = _decode(lineno, raw)
        except UnicodeDecodeError as exc:
            on_problem(Problem(display, lineno, _decode_problem(exc)))
            continue
        if text.strip():
            yield lineno, text


def _build(
    builder: _Builder[R],
    data: dict[str, Any],
    lineno: int,
    display: str,
    on_problem: ProblemHandler,
) -> R | None:
    """Make one record, or report why it cannot be made."""
    try:
        return builder(data, lineno)
    except InputError as exc:
        reason = str(exc)
    except (ValueError, OverflowError, OSError) as exc:
        # e.g. a numeric timestamp far outside what datetime can represent
        reason = f"bad value ({exc})"
    on_problem(Problem(display, lineno, reason))
    return None


def _parse_jsonl(
    lines: Iterator[tuple[int, bytes | None]],
    display: str,
    on_problem: ProblemHandler,
    builder: _Builder[R],
) -> Iterator[R]:
    for lineno, text in _decoded_lines(lines, display, on_problem):
        try:
            data = json.loads(text.rstrip("\r\n"))  # keeps error columns on this line
        except json.JSONDecodeError as exc:
            reason = f"invalid JSON ({exc.msg} at column {exc.colno})"
        except ValueError as exc:  # e.g. an integer with more digits than Python converts
            reason = f"invalid JSON ({exc})"
        except RecursionError:
            reason = "invalid JSON (nested too deeply)"
        else:
            if isinstance(data, dict):
                record = _build(builder, data, lineno, display, on_problem)
                if record is not None:
                    yield record
                continue
            reason = f"not a JSON object (got {_JSON_TYPES.get(type(data), 'a value')})"
        on_problem(Problem(display, lineno, reason))


def _parse_txt(
    lines: Iterator[tuple[int, bytes | None]],
    display: str,
    on_problem: ProblemHandler,
    builder: _Builder[R],
) -> Iterator[R]:
    for lineno, text in _decoded_lines(lines, display, on_problem):
        record = _build(builder, {"text": text.strip()}, lineno, display, on_problem)
        if record is not None:
            yield record


def _parse_csv(
    lines: Iterator[tuple[int, bytes | None]],
    display: str,
    on_problem: ProblemHandler,
    builder: _Builder[R],
    columns: tuple[str, ...],
) -> Iterator[R]:
    # Fields are bounded by records.MAX_TEXT_CHARS: one character more lets Post/Article report the
    # exact length; anything longer is a csv.Error for that row. Never lowered if already higher.
    if csv.field_size_limit() < MAX_TEXT_CHARS + 1:
        csv.field_size_limit(MAX_TEXT_CHARS + 1)
    # csv needs text, and a quoted field may span lines, so a bad line cannot simply be dropped:
    # it is replaced (so the parser keeps its place) and the row holding it is reported instead.
    bad: deque[tuple[int, str]] = deque()
    reader = csv.reader(_csv_text(lines, bad))

    def row_problem(error: str | None) -> tuple[int, str] | None:
        """The first bad line inside the row just read, else the csv error, else None."""
        found = None
        while bad and bad[0][0] <= reader.line_num:
            item = bad.popleft()
            found = found or item
        if found is None and error is not None:
            found = (reader.line_num, error)
        return found

    index: dict[str, int] = {}
    width = 0
    while True:
        try:
            row = next(reader)
            problem = row_problem(None)
        except StopIteration:
            return
        except csv.Error as exc:
            row, problem = None, row_problem(f"malformed CSV ({exc})")
        if not width:  # still looking for the header row
            if problem is not None:
                raise InputError(f"{display}:{problem[0]}: unreadable CSV header: {problem[1]}")
            if row is None or _blank(row):
                continue
            width = len(row)
            for position, name in enumerate(row):
                index.setdefault(name.strip().lower(), position)
            if "text" not in index:
                raise InputError(f"{display}: no 'text' column (columns: {', '.join(row)})")
            index = {name: index[name] for name in columns if name in index}
            continue
        if problem is not None:
            on_problem(Problem(display, *problem))
            continue
        assert row is not None
        if _blank(row):
            continue
        if len(row) != width:
            on_problem(
                Problem(display, reader.line_num, f"expected {width} fields, got {len(row)}")
            )
            continue
        data = {name: row[position] for name, position in index.items()}
        record = _build(builder, data, reader.line_num, display, on_problem)
        if record is not None:
            yield record


def _blank(row: list[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


def _csv_text(
    lines: Iterator[tuple[int, bytes | None]], bad: deque[tuple[int, str]]
) -> Iterator[str]:
    """Decoded lines for csv.reader; bad lines are noted in `bad` and replaced by stand-ins."""
    for lineno, raw in lines:
        if raw is None:
            bad.append((lineno, _too_long()))
            yield "\n"
            continue
        try:
            yield _decode(lineno, raw)
        except UnicodeDecodeError as exc:
            bad.append((lineno, _decode_problem(exc)))
            yield raw.decode("utf-8", errors="replace")
