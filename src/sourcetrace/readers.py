"""Streaming readers for article and post files, optionally gzipped.

Line formats: JSONL, CSV (with an optional column mapping) and plain text. Export formats, each
one JSON document read item by item: a JSON array of objects, an X/Twitter archive `tweets.js`,
a Mastodon `outbox.json` and a Telegram Desktop `result.json`. The format comes from `fmt`, else
the file name, else the first bytes of the file.

A bad record never stops a read: it is handed to `on_problem` as a `Problem` (printed by the CLI
as `FILE:LINE: reason — skipped`) and reading goes on with the next one. Only a file that cannot
be used at all (missing, an unknown format, a CSV without a `text` column, plain text given as
articles) raises `InputError`, and for files given by name that is found before anything is read.
Files are read as bytes in bounded pieces (one line, or one export item), so neither a huge file
nor a huge record is ever held in memory.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import html
import itertools
import json
import logging
import re
import sys
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from .errors import InputError
from .records import MAX_TEXT_CHARS, Article, Post, parse_datetime

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "txt")
# One JSON document per file, read item by item: an array of objects, and three platform exports.
EXPORT_FORMATS = ("json", "x", "mastodon", "telegram")
POST_FORMATS = FORMATS + EXPORT_FORMATS
ARTICLE_FORMATS = ("jsonl", "csv", "json")
# What --text-col, --id-col, ... may map (a CSV column, or a key or dotted path in JSON objects).
POST_FIELDS = ("text", "id", "author", "platform", "url", "created_at", "lang")

# A line longer than this is not one post or one article record: it is skipped (and reported)
# while being read in chunks, so a file without newlines cannot exhaust memory.
MAX_LINE_BYTES = 1_000_000
# The same bound for one item of an export file (a tweet, an activity, a message).
MAX_RECORD_BYTES = 1_000_000

_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json-lines": "jsonl",
    ".csv": "csv",
    ".txt": "txt",
    ".js": "x",  # X archives name their files data/tweets.js, data/tweets-part1.js, ...
}
_ARTICLE_COLUMNS = ("id", "outlet", "url", "title", "text", "lang", "published_at")
_POST_COLUMNS = ("id", "author", "platform", "url", "text", "created_at", "lang")
_STDIN = "-"
_SKIP_CHUNK = 1 << 16
# Enough of a file to tell its format: a Mastodon outbox names its items after an @context
# of about 2 KB; everything else shows itself in the first line.
_HEAD_BYTES = 1 << 16
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
_FORMAT_NAMES = {
    "x": "an X/Twitter archive",
    "mastodon": "a Mastodon outbox",
    "telegram": "a Telegram export",
}

R = TypeVar("R")


@dataclass(frozen=True)
class Problem:
    """A record that was skipped: where it is and why (line 0: the whole source)."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.reason} — skipped"
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
    fmt: str | None  # from the extension or the first bytes; None: sniff the first line

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
    """Stream articles from JSONL, CSV or JSON-array files ("-" is stdin); bad records go to `on_problem`."""
    sources = [_settle_format(s, None) for s in _check_sources(paths)]
    for source in sources:
        if source.fmt == "txt":
            raise InputError(
                f"articles must be JSONL or CSV: {source.display} is plain text "
                "(one JSON object per line, or a CSV file with a 'text' column)"
            )
        if source.fmt in _FORMAT_NAMES:
            raise InputError(
                f"articles must be JSONL or CSV: {source.display} is {_FORMAT_NAMES[source.fmt]}"
                " (posts: check it with `sourcetrace check`)"
            )
    return _read(sources, None, on_problem, _build_article, _ARTICLE_COLUMNS, articles=True)


def read_posts(
    paths: Iterable[str | Path],
    on_problem: ProblemHandler,
    fmt: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> Iterator[Post]:
    """Stream posts from files of any of `POST_FORMATS` ("-" is stdin); bad records go to `on_problem`.

    `fmt` forces one format for every input; by default it comes from each file's name, else its
    first bytes. `columns` maps post fields (`POST_FIELDS`) to the CSV column, or JSON key or
    dotted path ("user.screen_name"), that holds them.
    """
    if fmt is not None and fmt not in POST_FORMATS:
        raise InputError(
            f"unknown format {fmt!r} (known: {', '.join(FORMATS)})"
            f" (exports: {', '.join(EXPORT_FORMATS)})"
        )
    mapping = _check_columns(columns)
    sources = [_settle_format(s, fmt) for s in _check_sources(paths)]
    return _read(sources, fmt, on_problem, _build_post, _POST_COLUMNS, articles=False, mapping=mapping)


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


def _check_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for field, column in (columns or {}).items():
        if field not in POST_FIELDS:
            raise InputError(f"cannot map a column to {field!r} (fields: {', '.join(POST_FIELDS)})")
        if not isinstance(column, str) or not column.strip():
            raise InputError(f"empty column name for {field!r}")
        mapping[field] = column.strip()
    return mapping


def _build_article(data: dict[str, Any], lineno: int, stem: str) -> Article:
    return Article.from_dict(data)


def _build_post(data: dict[str, Any], lineno: int, stem: str) -> Post:
    return Post.from_dict(data, default_id=f"{stem}:{lineno}")


# ---- format detection -----------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"
_YTD_PREFIX = re.compile(rb"\s*window\.YTD\.(\w+)\.part\d+\s*=\s*")
_TWEET_FILES = {"tweets", "tweet", "deleted_tweets", "community_tweet"}
# Markers of the two JSON exports, outside a string (a quote not preceded by a backslash).
_MASTODON_MARKS = (
    re.compile(rb'(?<!\\)"orderedItems"\s*:'),
    re.compile(rb"https://www\.w3\.org/ns/activitystreams"),
)
_TELEGRAM_MARKS = (
    re.compile(rb'(?<!\\)"personal_information"\s*:'),
    re.compile(rb'(?<!\\)"chats"\s*:\s*\{'),
    re.compile(
        rb'(?<!\\)"type"\s*:\s*"(?:personal_chat|bot_chat|private_group|private_supergroup|'
        rb'public_supergroup|private_channel|public_channel|saved_messages)"'
    ),
)
_DUMP_KEYS = {"orderedItems", "messages", "chats", "personal_information"}


def _detect(head: bytes) -> tuple[str | None, str]:
    """The format the first bytes of a file show, or (None, why not) for an unusable file.

    (None, "") means "nothing conclusive": the first line decides later (JSONL or text).
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "UTF-16 text: convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)"
    if head.startswith(b"PK\x03\x04"):
        return None, (
            "a zip archive: extract it and pass the file inside"
            " (data/tweets.js, outbox.json or result.json)"
        )
    if head.startswith(b"\x1f\x8b"):
        return None, "gzip data in a file not named *.gz: rename it"
    text = head.removeprefix(_BOM).lstrip()
    if not text:
        return None, ""
    if b"\x00" in head:
        return None, "binary data, not text"
    if text.startswith(b"window.YTD."):
        match = _YTD_PREFIX.match(text)
        name = match.group(1).decode() if match else "?"
        if name not in _TWEET_FILES:
            return None, f"window.YTD.{name} is not a tweets file (give data/tweets.js)"
        return "x", ""
    if text.startswith(b"["):
        # an array of objects; anything else keeps the old reading as text lines
        return ("json" if text[1:].lstrip().startswith(b"{") else None), ""
    if not text.startswith(b"{"):
        return None, ""
    first, newline, _ = text.partition(b"\n")
    if newline:
        try:
            record = json.loads(first)
        except (ValueError, RecursionError):
            record = None
        if isinstance(record, dict) and not _DUMP_KEYS & record.keys():
            return "jsonl", ""
    if all(mark.search(text) for mark in _MASTODON_MARKS):
        return "mastodon", ""
    if any(mark.search(text) for mark in _TELEGRAM_MARKS):
        return "telegram", ""
    if first.strip() == b"{":
        return None, "a JSON document that is neither a Mastodon outbox.json nor a Telegram result.json"
    return "jsonl", ""


def _read_head(source: _Source) -> bytes | None:
    """The first bytes of a file (decompressed), or None when they cannot be read."""
    try:
        with ExitStack() as stack:
            return _open(source, stack).read(_HEAD_BYTES)
    except _GZIP_ERRORS:
        return None  # reported where the file is read


def _settle_format(source: _Source, forced: str | None) -> _Source:
    """Look at the first bytes of a named file whose name does not settle its format."""
    if forced is not None or source.given == _STDIN or source.fmt not in (None, "x"):
        return source
    head = _read_head(source)
    if head is None:
        return source
    fmt, why = _detect(head)
    if source.fmt == "x" and fmt != "x":
        why = why or "expected an X archive file starting with 'window.YTD.tweets.part0 = ['"
    elif fmt is None and not why:
        return source
    if why:
        raise InputError(
            f"{source.display}: unknown format ({why}); pass --format"
            f" ({', '.join(POST_FORMATS)})"
        )
    return dataclasses.replace(source, fmt=fmt)


def _peek_format(stream: IO[bytes]) -> str | None:
    """An export format seen in the buffered start of a stream (stdin), without consuming it."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return None
    try:
        head = peek(_HEAD_BYTES)
    except _GZIP_ERRORS:
        return None
    fmt, _ = _detect(head[:_HEAD_BYTES])
    return fmt if fmt in EXPORT_FORMATS else None


# ---- reading --------------------------------------------------------------------------------

def _read(
    sources: list[_Source],
    fmt: str | None,
    on_problem: ProblemHandler,
    build: _Factory[R],
    columns: tuple[str, ...],
    *,
    articles: bool,
    mapping: Mapping[str, str] | None = None,
) -> Iterator[R]:
    for source in sources:
        yield from _read_one(source, fmt, on_problem, build, columns, articles=articles, mapping=mapping)


def _read_one(
    source: _Source,
    fmt: str | None,
    on_problem: ProblemHandler,
    build: _Factory[R],
    columns: tuple[str, ...],
    *,
    articles: bool,
    mapping: Mapping[str, str] | None = None,
) -> Iterator[R]:
    def plain(data: dict[str, Any], lineno: int) -> R:
        return build(data, lineno, source.stem)

    def builder(data: dict[str, Any], lineno: int) -> R:
        # JSON records are remapped here; a CSV's mapping is applied to its header instead
        return build(_remap(data, mapping) if mapping else data, lineno, source.stem)

    with ExitStack() as stack:
        stream = _open(source, stack)
        count = 0
        try:
            chosen = fmt or source.fmt
            if chosen is None:
                chosen = _peek_format(stream)
            if chosen in EXPORT_FORMATS:
                if articles and chosen != "json":
                    raise InputError(
                        f"articles must be JSONL or CSV: {source.display} is {_FORMAT_NAMES[chosen]}"
                    )
                log.debug("reading %s as %s", source.display, chosen)
                records: Iterator[Any] = _parse_export(stream, source, chosen, on_problem, builder)
            else:
                lines = _raw_lines(stream, source.gzipped)
                if chosen is None:
                    chosen, lines = _sniff(lines)
                if articles and chosen == "txt":
                    raise InputError(
                        f"articles must be JSONL or CSV: {source.display} does not start with '{{' "
                        "(name a CSV file *.csv)"
                    )
                log.debug("reading %s as %s", source.display, chosen)
                if chosen == "csv":
                    records = _parse_csv(lines, source.display, on_problem, plain, columns, mapping)
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


def _remap(data: dict[str, Any], mapping: Mapping[str, str]) -> dict[str, Any]:
    """The record with each mapped field taken from its column, key or dotted path."""
    out = dict(data)
    for field, where in mapping.items():
        out[field] = _lookup(data, where)
    return out


def _lookup(data: dict[str, Any], where: str) -> Any:
    if where in data:
        return data[where]
    value: Any = data
    for part in where.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


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
    mapping: Mapping[str, str] | None = None,
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
            header: dict[str, int] = {}
            for position, name in enumerate(row):
                header.setdefault(name.strip().lower(), position)
            index = {name: header[name] for name in columns if name in header}
            for field, column in (mapping or {}).items():
                if column.lower() not in header:
                    raise InputError(
                        f"{display}: no column {column!r} for '{field}' (columns: {', '.join(row)})"
                    )
                index[field] = header[column.lower()]
            if "text" not in index:
                raise InputError(f"{display}: no 'text' column (columns: {', '.join(row)})")
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


# ---- export formats: one JSON document, read one item at a time ----------------------------


class _JsonError(Exception):
    """The document's structure is broken at `line`: nothing after it can be trusted."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _JsonScanner:
    """A forward-only cursor over one JSON document in a byte stream.

    It understands just enough JSON (strings, brackets, commas, colons) to walk objects and
    arrays and to cut out one value at a time; each value is then parsed on its own with
    `json.loads`. Only the value being cut out is buffered, up to a limit past which it is
    skipped, so a file of any size, or one huge item, is read with bounded memory, and a bad
    item loses only itself.
    """

    _CHUNK = 1 << 16
    _WS = re.compile(rb"[ \t\r\n]*")
    _STRUCT = re.compile(rb'["\[\]{}]')
    _IN_STRING = re.compile(rb'["\\]')
    _WHOLE_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
    _SCALAR = re.compile(rb"[^\s,\]}]*")

    def __init__(self, stream: IO[bytes], gzipped: bool) -> None:
        self._stream = stream
        self._errors = _GZIP_ERRORS if gzipped else ()
        self.buf = bytearray()
        self.pos = 0
        self._eof = False
        self._line = 1
        self._counted = 0  # newlines in buf[:_counted] are included in _line
        self._mark: int | None = None  # start of the value being cut out
        self._limit = 0
        self._skipping = False
        self._value_line = 1
        self._more()
        if self.buf.startswith(_BOM):
            self.pos = len(_BOM)

    # -- low level --------------------------------------------------------------------------
    def line(self) -> int:
        """Line number of the cursor."""
        self._line += self.buf.count(b"\n", self._counted, self.pos)
        self._counted = self.pos
        return self._line

    def _more(self) -> bool:
        """Read another chunk, dropping what is no longer needed; False at the end of input."""
        if self._eof:
            return False
        if self._mark is not None and (self._skipping or self.pos - self._mark > self._limit):
            self._skipping = True  # too long: keep scanning, stop keeping
            self._mark = self.pos
        keep = self.pos if self._mark is None else self._mark
        if keep:
            self.line()
            del self.buf[:keep]
            self.pos -= keep
            self._counted -= keep
            if self._mark is not None:
                self._mark -= keep
        try:
            chunk = self._stream.read(self._CHUNK)
        except self._errors:
            raise _CorruptStream(self.line()) from None
        if not chunk:
            self._eof = True
            return False
        self.buf += chunk
        return True

    def ensure(self, size: int) -> None:
        """Buffer at least `size` bytes past the cursor (fewer at the end of input)."""
        while len(self.buf) - self.pos < size and self._more():
            pass

    def error(self, expected: str) -> _JsonError:
        found = self.peek()
        what = "the end of the file" if found is None else repr(chr(found))
        return _JsonError(self.line(), f"malformed JSON: expected {expected}, found {what}")

    def _truncated(self) -> _JsonError:
        return _JsonError(self._value_line, "the file ends inside this item (truncated?)")

    def peek(self) -> int | None:
        """The next non-blank byte, not consumed; None at the end of input."""
        while True:
            self.pos = self._WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return None

    def expect(self, char: bytes) -> None:
        if self.peek() != char[0]:
            raise self.error(repr(char.decode()))
        self.pos += 1

    # -- values -----------------------------------------------------------------------------
    def value(self, limit: int | None = None) -> bytes | None:
        """Consume the next value: its bytes, or None when it is longer than `limit` bytes."""
        if limit is None:
            limit = MAX_RECORD_BYTES
        first = self.peek()
        if first is None:
            raise self.error("a value")
        self._value_line = self.line()
        self._mark, self._limit, self._skipping = self.pos, limit, False
        try:
            if first in b"{[":
                self._scan_nested()
            elif first == ord('"'):
                self.pos += 1
                self._scan_string()
            else:
                self._scan_scalar()
            start = self._mark
            if self._skipping or self.pos - start > limit:
                return None
            return bytes(self.buf[start : self.pos])
        finally:
            self._mark, self._skipping = None, False

    def skip(self) -> None:
        self.value(limit=0)

    def _scan_nested(self) -> None:
        depth = 0
        while True:
            match = self._STRUCT.search(self.buf, self.pos)
            if match is None:
                self.pos = len(self.buf)
                if not self._more():
                    raise self._truncated()
                continue
            self.pos = match.end()
            char = self.buf[match.start()]
            if char == ord('"'):
                whole = self._WHOLE_STRING.match(self.buf, match.start())
                if whole is not None:  # the whole string is in the buffer: one step
                    self.pos = whole.end()
                else:
                    self._scan_string()
            elif char in b"{[":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    return

    def _scan_string(self) -> None:
        """Move past the closing quote of a string whose opening quote is consumed."""
        while True:
            match = self._IN_STRING.search(self.buf, self.pos)
            if match is None:
                self.pos = len(self.buf)
                if not self._more():
                    raise self._truncated()
                continue
            if self.buf[match.start()] == ord('"'):
                self.pos = match.end()
                return
            if match.end() >= len(self.buf):  # a backslash at the end of the buffer
                self.pos = match.start()
                if not self._more():
                    raise self._truncated()
                continue
            self.pos = match.end() + 1  # the escaped character

    def _scan_scalar(self) -> None:
        while True:
            self.pos = self._SCALAR.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf) or not self._more():
                return

    # -- containers -------------------------------------------------------------------------
    def items(self) -> Iterator[int]:
        """Walk the array at the cursor: yields each element's line; the caller consumes it."""
        self.expect(b"[")
        if self.peek() == ord("]"):
            self.pos += 1
            return
        while True:
            self.peek()
            yield self.line()
            following = self.peek()
            if following == ord(","):
                self.pos += 1
            elif following == ord("]"):
                self.pos += 1
                return
            else:
                raise self.error("',' or ']' after an item")

    def members(self) -> Iterator[str]:
        """Walk the object at the cursor: yields each key; the caller consumes its value."""
        self.expect(b"{")
        if self.peek() == ord("}"):
            self.pos += 1
            return
        while True:
            if self.peek() != ord('"'):
                raise self.error("a key")
            raw = self.value(limit=4096)
            try:
                key = json.loads(raw) if raw is not None else ""
            except ValueError:
                key = ""
            self.expect(b":")
            yield key
            following = self.peek()
            if following == ord(","):
                self.pos += 1
            elif following == ord("}"):
                self.pos += 1
                return
            else:
                raise self.error("',' or '}' after a value")

    def small(self) -> Any:
        """Parse a short value (a chat's name or id); None if it is not short valid JSON."""
        raw = self.value(limit=65536)
        try:
            return json.loads(raw) if raw is not None else None
        except (ValueError, RecursionError):
            return None


# One item of an export: its line, its bytes (None: over the size limit), and the context it
# belongs to (the archive's account, the Telegram chat).
_Item = tuple[int, bytes | None, dict[str, Any]]


def _walk_array(scanner: _JsonScanner, context: dict[str, Any]) -> Iterator[_Item]:
    for line in scanner.items():
        yield line, scanner.value(), context


def _walk_x(scanner: _JsonScanner, context: dict[str, Any]) -> Iterator[_Item]:
    scanner.ensure(256)
    match = _YTD_PREFIX.match(scanner.buf, scanner.pos)
    if match is None:
        raise _JsonError(1, "not an X archive file (expected 'window.YTD.tweets.part0 = [')")
    scanner.pos = match.end()
    yield from _walk_array(scanner, context)


def _walk_mastodon(scanner: _JsonScanner, context: dict[str, Any]) -> Iterator[_Item]:
    for key in scanner.members():
        # Mastodon 4.2-4.3 archives may hold "orderedItems" twice, one of them empty
        # (mastodon/mastodon#31091): every occurrence is read.
        if key == "orderedItems":
            yield from _walk_array(scanner, context)
        else:
            scanner.skip()


def _walk_telegram(scanner: _JsonScanner, context: dict[str, Any]) -> Iterator[_Item]:
    """A one-chat export ({name, type, id, messages}) or a full one ({chats: {list: [...]}})."""
    chat = dict(context)
    for key in scanner.members():
        if key in ("name", "type", "id") and scanner.peek() != ord("{"):
            chat[key] = scanner.small()
        elif key == "messages":
            yield from _walk_array(scanner, chat)
        elif key in ("chats", "left_chats") and scanner.peek() == ord("{"):
            for inner in scanner.members():
                if inner == "list" and scanner.peek() == ord("["):
                    for _ in scanner.items():
                        yield from _walk_telegram(scanner, context)
                else:
                    scanner.skip()
        else:
            scanner.skip()


_WALKERS: dict[str, Callable[[_JsonScanner, dict[str, Any]], Iterator[_Item]]] = {
    "json": _walk_array,
    "x": _walk_x,
    "mastodon": _walk_mastodon,
    "telegram": _walk_telegram,
}


def _parse_export(
    stream: IO[bytes],
    source: _Source,
    fmt: str,
    on_problem: ProblemHandler,
    builder: _Builder[R],
) -> Iterator[Any]:
    """Records of one export file, item by item; a broken structure ends the file with a problem."""
    display = source.display
    context: dict[str, Any] = {}
    if fmt == "x":
        context["username"] = _x_username(source)
    convert = _CONVERTERS.get(fmt)
    skipped = number = 0
    try:
        scanner = _JsonScanner(stream, source.gzipped)
        if fmt != "x" and scanner.peek() != (ord("[") if fmt == "json" else ord("{")):
            raise scanner.error("'['" if fmt == "json" else "'{'")
        for number, (line, raw, ctx) in enumerate(_WALKERS[fmt](scanner, context), 1):
            if raw is None:
                reason = f"item {number} is larger than {MAX_RECORD_BYTES:,} bytes"
                on_problem(Problem(display, line, reason))
                continue
            try:
                data = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                on_problem(Problem(display, line, f"item {number}: {_decode_problem(exc)}"))
                continue
            except json.JSONDecodeError as exc:
                reason = f"item {number}: invalid JSON ({exc.msg} at line {line + exc.lineno - 1})"
                on_problem(Problem(display, line, reason))
                continue
            except (ValueError, RecursionError) as exc:
                on_problem(Problem(display, line, f"item {number}: invalid JSON ({exc})"))
                continue
            if convert is None:  # a plain array of records
                if not isinstance(data, dict):
                    got = _JSON_TYPES.get(type(data), "a value")
                    on_problem(Problem(display, line, f"item {number}: not a JSON object (got {got})"))
                    continue
                record = _build(builder, data, line, display, on_problem)
                if record is not None:
                    yield record
                continue
            try:
                post = convert(data, ctx, line, source.stem)
            except InputError as exc:
                on_problem(Problem(display, line, f"item {number}: {exc}"))
                continue
            except (ValueError, OverflowError, OSError) as exc:
                on_problem(Problem(display, line, f"item {number}: bad value ({exc})"))
                continue
            if post is None:
                skipped += 1
                continue
            yield post
        if fmt == "x":
            _trailing(scanner, display, on_problem)
    except _JsonError as exc:
        on_problem(Problem(display, exc.line, f"{exc.message}; the rest of the file is unreadable"))
    if skipped:
        log.info("%s: %d items without text to check (boosts, media, service messages)", display, skipped)


def _trailing(scanner: _JsonScanner, display: str, on_problem: ProblemHandler) -> None:
    """An X archive file may end with ';' after its array; anything else is reported."""
    following = scanner.peek()
    if following == ord(";"):
        scanner.pos += 1
        following = scanner.peek()
    if following is not None:
        on_problem(Problem(display, scanner.line(), "unexpected data after the tweets array"))


# ---- X/Twitter archive ----------------------------------------------------------------------

_X_DATE = "%a %b %d %H:%M:%S %z %Y"  # "Wed Mar 06 12:00:00 +0000 2024"
# X's codes for "no language": undetermined, no text, media or hashtags only, ...
_X_NO_LANG = {"und", "zxx", "qme", "qht", "qam", "qct", "qst", "art"}
_RETWEET = re.compile(r"^RT @(\w{1,15}):")


def _x_username(source: _Source) -> str | None:
    """The archive owner's handle, from data/account.js beside tweets.js (absent: None)."""
    if source.given == _STDIN:
        return None
    account = Path(source.given).with_name("account.js")
    try:
        if not account.is_file() or account.stat().st_size > MAX_RECORD_BYTES:
            return None
        raw = account.read_bytes().removeprefix(_BOM)
        match = _YTD_PREFIX.match(raw)
        data = json.loads(raw[match.end() :] if match else raw)
        name = data[0]["account"]["username"]
    except (OSError, ValueError, LookupError, TypeError):
        log.debug("no usable account.js beside %s", source.display)
        return None
    return name if isinstance(name, str) and name else None


def _strings(items: Any, key: str) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(item[key]) for item in items if isinstance(item, dict) and item.get(key)]


def _x_post(item: Any, context: dict[str, Any], line: int, stem: str) -> Post | None:
    tweet = item.get("tweet", item) if isinstance(item, dict) else None
    if not isinstance(tweet, dict):
        raise InputError("not a tweet object")
    text = tweet.get("full_text", tweet.get("text"))
    if text is None:
        raise InputError("missing 'full_text'")
    if not isinstance(text, str):
        raise InputError(f"'full_text' must be a string, got {type(text).__name__}")
    # The archive keeps the API's HTML escaping (&amp; &lt; &gt;) and t.co links; the post as
    # its readers saw it has the characters and the links' real targets.
    text = html.unescape(text)
    entities = tweet.get("entities") if isinstance(tweet.get("entities"), dict) else {}
    extended = tweet.get("extended_entities") if isinstance(tweet.get("extended_entities"), dict) else {}
    links: list[str] = []
    media = extended.get("media") or entities.get("media") or []
    for entity in [*(entities.get("urls") or []), *media]:
        if not isinstance(entity, dict):
            continue
        short, full = entity.get("url"), entity.get("expanded_url")
        if isinstance(short, str) and isinstance(full, str) and short:
            # a photo's link is not shown on X (the photo is): it leaves the text
            text = text.replace(short, "" if entity in media else full)
            if full not in links:
                links.append(full)
    text = text.strip()
    if not text:
        return None  # a photo or video without words
    tweet_id = tweet.get("id_str") or tweet.get("id")
    user = context.get("username")
    created = tweet.get("created_at")
    if isinstance(created, str) and created and not created[:4].isdigit():
        try:
            created = datetime.strptime(created, _X_DATE).isoformat()
        except ValueError:
            raise InputError(f"bad 'created_at' {created!r}") from None
    lang = tweet.get("lang")
    retweet = _RETWEET.match(text)
    extra = {
        "mentions": _strings(entities.get("user_mentions"), "screen_name"),
        "hashtags": _strings(entities.get("hashtags"), "text"),
        "urls": links,
        "retweet_of": retweet.group(1) if retweet else None,
        "in_reply_to": tweet.get("in_reply_to_screen_name"),
    }
    post = Post.from_dict(
        {
            "text": text,
            "id": tweet_id,
            "author": f"@{user}" if user else None,
            "platform": "x",
            "url": f"https://x.com/{user or 'i'}/status/{tweet_id}" if tweet_id else None,
            "created_at": created,
            "lang": None if lang in _X_NO_LANG else lang,
        },
        default_id=f"{stem}:{line}",
    )
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


# ---- Mastodon outbox (ActivityStreams) --------------------------------------------------------


def _fediverse_handle(actor: Any) -> str | None:
    """'https://host/users/alice' -> '@alice@host' (other forms are kept as given)."""
    if not isinstance(actor, str) or not actor:
        return None
    parts = urlsplit(actor)
    match = re.fullmatch(r"/(?:users/|@)([^/]+)/?", parts.path)
    if parts.hostname and match:
        return f"@{match.group(1)}@{parts.hostname}"
    return actor


def _mastodon_post(item: Any, context: dict[str, Any], line: int, stem: str) -> Post | None:
    if not isinstance(item, dict):
        raise InputError("not an activity object")
    kind = item.get("type")
    note = item.get("object")
    extra: dict[str, Any] = {}
    if kind == "Announce":
        if not isinstance(note, dict):
            return None  # a boost names the boosted post by URL only: there is no text to check
        extra["boost_of"] = _fediverse_handle(note.get("attributedTo"))
    elif kind != "Create":
        return None  # Like, Delete, Follow...: not a post
    if not isinstance(note, dict):
        raise InputError("the Create activity's 'object' is not an object")
    content = note.get("content")
    content_map = note.get("contentMap") if isinstance(note.get("contentMap"), dict) else {}
    if content is None and content_map:
        content = next(iter(content_map.values()))
    if content is None:
        return None  # a poll or a media post without text
    if not isinstance(content, str):
        raise InputError(f"'content' must be a string, got {type(content).__name__}")
    text, links = html_to_text(content)
    summary = note.get("summary")
    if isinstance(summary, str) and summary.strip():  # the content warning is part of the post
        text = f"{html_to_text(summary)[0]}\n\n{text}" if text else html_to_text(summary)[0]
    if not text.strip():
        return None
    tags = note.get("tag") if isinstance(note.get("tag"), list) else []
    extra["mentions"] = [t["name"] for t in tags if isinstance(t, dict) and t.get("type") == "Mention" and t.get("name")]
    extra["hashtags"] = [t["name"] for t in tags if isinstance(t, dict) and t.get("type") == "Hashtag" and t.get("name")]
    extra["urls"] = links
    url = note.get("url")
    post = Post.from_dict(
        {
            "text": text,
            "id": note.get("id") if isinstance(note.get("id"), str) else None,
            "author": _fediverse_handle(note.get("attributedTo") or item.get("actor")),
            "platform": "mastodon",
            "url": url if isinstance(url, str) else note.get("id"),
            "created_at": note.get("published") or item.get("published"),
            "lang": next(iter(content_map), None),
        },
        default_id=f"{stem}:{line}",
    )
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


class _TextExtractor(HTMLParser):
    """Visible text of an HTML fragment, paragraphs and line breaks kept; links collected."""

    _BREAKS: ClassVar[frozenset[str]] = frozenset({"br"})
    _BLOCKS: ClassVar[frozenset[str]] = frozenset({"p", "div", "li", "blockquote", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "ul", "ol", "table", "section", "article", "header", "footer", "figcaption"})
    _HIDDEN: ClassVar[frozenset[str]] = frozenset({"script", "style", "template", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            values = dict(attrs)
            classes = (values.get("class") or "").split()
            href = values.get("href")
            # mentions and hashtags are links too, but to profiles and tag pages
            if href and not {"mention", "hashtag", "u-url"} & set(classes) and href not in self.links:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(fragment: str) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment (a toot, a feed summary) and the links it holds.

    Mastodon shortens long links on screen with `invisible` spans; their text is kept, so the
    whole URL (and the domain it credits) is in the result.
    """
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, parser.links


# ---- Telegram Desktop export ----------------------------------------------------------------


def _telegram_text(value: Any) -> str:
    """`text` is a string, or a list of strings and entity objects ({"type", "text", ...})."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, dict) else ""
            for part in value
        )
    if value is None:
        return ""
    raise InputError(f"'text' must be a string or a list, got {type(value).__name__}")


def _telegram_post(item: Any, context: dict[str, Any], line: int, stem: str) -> Post | None:
    if not isinstance(item, dict):
        raise InputError("not a message object")
    if item.get("type", "message") != "message":
        return None  # service messages: joins, pins, calls
    text = _telegram_text(item.get("text"))
    if not text.strip():
        return None  # a photo, sticker or file without a caption
    entities = item.get("text_entities")
    if not isinstance(entities, list):
        entities = [e for e in item.get("text") or [] if isinstance(e, dict)] if isinstance(item.get("text"), list) else []
    mentions, urls, hashtags = [], [], []
    for entity in entities:
        if not isinstance(entity, dict):
            continue
        kind, value = entity.get("type"), entity.get("text")
        if kind in ("mention", "mention_name") and value:
            mentions.append(str(value))
        elif kind == "hashtag" and value:
            hashtags.append(str(value))
        elif kind == "link" and value:
            urls.append(str(value))
        elif kind == "text_link" and entity.get("href"):
            urls.append(str(entity["href"]))
    chat_id, chat_name = context.get("id"), context.get("name")
    message_id = item.get("id")
    # date_unixtime (UTC) exists in exports since 2021; "date" alone is the exporting
    # computer's local time without a zone, read here as UTC.
    stamp = item.get("date_unixtime")
    created = parse_datetime(int(stamp)) if isinstance(stamp, str) and stamp.isdigit() else item.get("date")
    extra = {
        "chat": chat_name,
        "from_id": item.get("from_id"),
        "forwarded_from": item.get("forwarded_from"),
        "mentions": mentions,
        "hashtags": hashtags,
        "urls": urls,
    }
    post = Post.from_dict(
        {
            "text": text,
            "id": f"{chat_id}/{message_id}" if chat_id is not None and message_id is not None else message_id,
            "author": item.get("from") or item.get("author") or chat_name,
            "platform": "telegram",
            "created_at": created,
        },
        default_id=f"{stem}:{line}",
    )
    return dataclasses.replace(post, extra={k: v for k, v in extra.items() if v})


_CONVERTERS: dict[str, Callable[[Any, dict[str, Any], int, str], Post | None]] = {
    "x": _x_post,
    "mastodon": _mastodon_post,
    "telegram": _telegram_post,
}
