"""Where a reader's bytes come from, and where its records and problems go.

An `Input` is a file given by name (gzip decompressed on the fly when it is named *.gz) or "-"
for stdin (gzip decompressed when its first bytes say it is gzip: a pipe has no name to say it);
a `Job` is one input being read: how a mapping becomes a record and who hears about the records
that cannot be made.
"""

from __future__ import annotations

import dataclasses
import gzip
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Generic, TypeVar, cast

from ..dates import DateOrder, record_datetime
from ..errors import InputError
from ..results import counted
from . import encoding as encodings
from .binary import GZIP_MAGIC, not_text, refusal
from .columns import json_text_advice, lookup, own_fields, remap, unmapped_note, unread_keys
from .problems import (
    NOTE,
    SKIPPED,
    Factory,
    Options,
    Origin,
    Problem,
    ProblemHandler,
    R,
    SameReason,
    Warn,
    build_or_report,
)

T = TypeVar("T")
# The records one input may hold back while its ambiguous dates wait for one that shows their
# order (`Job.dated`): a bound on memory (posts of a few KB each), far more than the rows a
# research export has before its first day over 12 (trial 104's: its second row).
MAX_HELD = 10_000
STDIN = "-"
STDIN_DISPLAY = "<stdin>"  # how stdin is named in messages
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
            return cls(given, STDIN_DISPLAY, "stdin", gzipped=False, suffix="")
        name = Path(given).name
        gzipped = name.lower().endswith(".gz")
        inner = Path(name[:-3] if gzipped else name)
        return cls(given, given, inner.stem, gzipped, inner.suffix.lower())


def streamed(given: str) -> bool:
    """Whether an input can be read only once: stdin ("-"), or a named file that is no regular
    file (a pipe: `<(cat a b)` gives the command /dev/fd/63). Its format is found from the bytes
    as they are read, never from a first look that would consume them."""
    if given == STDIN:
        return True
    try:
        mode = os.stat(given).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_inputs(paths: Iterable[str | Path]) -> list[Input]:
    """The inputs; InputError before anything is read when one is missing ("PATH: no such file")
    or is a folder ("PATH: a folder, not a file": trial 105 read "no such file" of a folder it
    could see). A named pipe counts as a file: `<(cat a b)` gives the command one."""
    sources = [Input.parse(path) for path in paths]
    for source in sources:
        if source.given != STDIN and Path(source.given).is_dir():
            raise InputError(f"{source.given}: a folder, not a file (give the file inside it)")
        if source.given != STDIN and not Path(source.given).exists():
            raise InputError(f"{source.given}: no such file")
    return sources


def open_input(
    source: Input,
    stack: ExitStack,
    *,
    encoding: str | None = None,
    report: Callable[[str], None] | None = None,
) -> IO[bytes]:
    """Open an input as a stream of UTF-8 bytes closed with `stack` (`open_raw`, then
    `text_stream`). Raises InputError when the file is gone or cannot be read."""
    return text_stream(open_raw(source, stack), encoding=encoding, report=report)


def open_raw(source: Input, stack: ExitStack) -> IO[bytes]:
    """Open an input as a binary stream closed with `stack`; gzip is decompressed on the fly
    (see `open_read`).

    Raises InputError when the file is gone or cannot be read.
    """
    return open_read(source, stack)[1]


def open_read(source: Input, stack: ExitStack) -> tuple[Input, IO[bytes]]:
    """The input as it is read, and its bytes as a binary stream closed with `stack`, gzip
    decompressed on the fly: a file named *.gz, or a stream (stdin, a pipe: `streamed`) whose
    first bytes are gzip's. A stream has no name to say it is gzip (`gzip -c posts.jsonl |
    sourcetrace check -` was refused as binary data while posts.jsonl.gz was read); it is then
    read as a *.gz file is, with the same bounds (lines, items and heads cut from the
    decompressed stream one at a time), and the input returned is marked `gzipped`, so that a
    stream cut short is one problem, as for a file.

    Raises InputError when the file is gone or cannot be read.
    """
    stream = open_stored(source, stack)
    if not source.gzipped and streamed(source.given) and starts_as_gzip(stream):
        source = dataclasses.replace(source, gzipped=True)
    if source.gzipped:
        stream = cast(IO[bytes], stack.enter_context(gzip.GzipFile(fileobj=stream, mode="rb")))
    return source, stream


def open_stored(source: Input, stack: ExitStack) -> IO[bytes]:
    """An input's bytes as they are stored (gzip not decompressed), closed with `stack`.

    Raises InputError when the file is gone or cannot be read.
    """
    if source.given == STDIN:
        return sys.stdin.buffer
    try:
        return stack.enter_context(open(source.given, "rb"))
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise InputError(f"{source.given}: no such file") from None
    except OSError as exc:
        raise InputError(f"{source.given}: cannot read ({exc.strerror})") from None


def starts_as_gzip(stream: IO[bytes]) -> bool:
    """Whether a stream starts with gzip's magic number, nothing of it consumed: looked at in
    its buffer (`peek`: stdin, a pipe), else read and sought back; False where neither can be."""
    peek = getattr(stream, "peek", None)
    try:
        if peek is not None:
            return bytes(peek(len(GZIP_MAGIC))[: len(GZIP_MAGIC)]) == GZIP_MAGIC
        if _seekable(stream):
            where = stream.tell()
            start = stream.read(len(GZIP_MAGIC))
            stream.seek(where)
            return start == GZIP_MAGIC
    except (OSError, ValueError):
        pass  # the reader meets the same error and reports it
    return False


NOT_GZIP = "not a gzip file, though its name ends in .gz: rename it without .gz to read it as it is"


def gzip_problem(source: Input) -> str:
    """Why a *.gz input's stream broke: NOT_GZIP when the file does not start as gzip does (a
    trial's plain posts.jsonl.gz read as a "truncated or corrupt gzip stream": its name is what
    is wrong), else CORRUPT_GZIP."""
    if not streamed(source.given):
        try:
            with open(source.given, "rb") as fh:
                start = fh.read(2)
        except OSError:
            return CORRUPT_GZIP
        if start and start != b"\x1f\x8b"[: len(start)]:
            return NOT_GZIP
    return CORRUPT_GZIP


def text_stream(
    stream: IO[bytes],
    *,
    encoding: str | None = None,
    report: Callable[[str], None] | None = None,
    name: str | None = None,
) -> IO[bytes]:
    """A binary stream as UTF-8 bytes: another encoding is recoded on the fly (`encoding`: the
    one the user gave, else detected; see `encoding.choose`). `report` hears the warning lines:
    an encoding guessed, text that reads like mojibake.

    Raises InputError for an unknown `encoding`, and, when the stream has a `name` (for
    messages), for bytes that are not text at all (`binary.not_text`).
    """
    head, broken = _read_head(stream)
    if broken and not head:
        return stream  # the reader meets the same error at line 1 and reports it
    choice = encodings.choose(head, encoding)
    if name is not None:
        _refuse(name, head, choice)
    if report is not None:
        for note in (encodings.note(choice), encodings.mojibake_note(head, choice)):
            if note:
                report(note)
    replay = True
    if not broken and _seekable(stream):
        stream.seek(0)
        replay = False
    return encodings.as_utf8(stream, head, choice, replay=replay)


# The head is read in pieces of at most this size, each with one read of the stream below
# (`read1`): a gzip stream cut short raises on the read that meets its end, and a read that
# loops over several (`read`) loses what the earlier ones had decompressed.
_HEAD_PIECE = 4096


def _read_head(stream: IO[bytes]) -> tuple[bytes, bool]:
    """Up to HEAD_BYTES of `stream`, and whether it broke (a truncated or corrupt gzip stream)
    while they were read: what came before the break is kept, so the reader reports the break at
    the line where it happens, not at line 1 with every complete line before it lost."""
    pieces: list[bytes] = []
    size = 0
    read = getattr(stream, "read1", stream.read)
    try:
        while size < HEAD_BYTES:
            piece = read(min(_HEAD_PIECE, HEAD_BYTES - size))
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
    except GZIP_ERRORS:
        return b"".join(pieces), True
    return b"".join(pieces), False


def refuse_binary(name: str, head: bytes, encoding: str | None = None) -> None:
    """Raise InputError ("NAME: not a text file (a PNG image)") when the input `name` whose first
    bytes are `head` is not text (`binary.not_text`; `encoding`: the one the user gave)."""
    _refuse(name, head, encodings.choose(head, encoding))


def _refuse(name: str, head: bytes, choice: encodings.Choice) -> None:
    found = not_text(head, choice)
    if found is not None:
        raise InputError(refusal(name, found, piped=name == STDIN_DISPLAY or streamed(name)))


def _seekable(stream: IO[bytes]) -> bool:
    # a GzipFile says it is seekable whatever it reads, and seeks back by rewinding the stream
    # it decompresses: stdin or a pipe cannot be
    below = getattr(stream, "fileobj", None)
    try:
        return bool(stream.seekable()) and (below is None or bool(below.seekable()))
    except (OSError, ValueError, AttributeError):
        return False


def read_head(source: Input) -> bytes | None:
    """The first HEAD_BYTES of a file as they are (decompressed), or None when they cannot be read."""
    try:
        with ExitStack() as stack:
            return open_raw(source, stack).read(HEAD_BYTES)
    except GZIP_ERRORS:
        return None  # reported where the file is read


@dataclass(frozen=True)
class Job(Generic[R]):
    """One input being read: `factory` makes its records, `on_problem` hears of the bad ones.

    `columns` are the CSV columns the record kind is read from, `mapping` the fields moved to
    other columns or JSON paths (`columns.check_columns`), `options` how values are read.
    `posts` is set when the records are posts: platform records met in line formats (twarc2
    pages, tweets in JSONL) are then read as the platform writes them.
    """

    source: Input
    on_problem: ProblemHandler
    factory: Factory[R]
    columns: tuple[str, ...] = ()
    mapping: Mapping[str, str] = field(default_factory=dict)
    options: Options = field(default_factory=Options)
    posts: bool = False
    # the watch over the input's numeric dates: one line when their order looks misread
    dates: DateOrder = field(init=False, repr=False, compare=False)
    # whether the first JSON record was looked at for a date under a key the reader does not take
    _looked: bool = field(default=False, init=False, repr=False, compare=False)
    # items that are no posts (likes, service messages), said in one log line at the input's end
    _not_posts: int = field(default=0, init=False, repr=False, compare=False)
    # fields read from keys of other names, as the input's first JSON record's keys say
    # (`columns.unread_keys`: "fecha" for created_at)
    _found: Mapping[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    # what to pass where the first JSON record has no 'text' key and several keys may hold the
    # text (`columns.json_text_advice`), said in each record's problem line
    _text_advice: str | None = field(default=None, init=False, repr=False, compare=False)
    # whether the mapping was settled on the input's first JSON object (`settle_mapping`)
    _settled: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "dates", DateOrder(self.options.dayfirst, self._date_note))
        # warnings of one kind quoting each its own value are counted as one reason (trial 112)
        if not isinstance(self.on_problem, SameReason):
            object.__setattr__(self, "on_problem", SameReason(self.on_problem))

    def _date_note(self, reason: str) -> None:
        self.problem(0, reason, NOTE)

    @property
    def display(self) -> str:
        """The input's name in messages."""
        return self.source.display

    def problem(self, line: int, reason: str, kind: str = SKIPPED) -> None:
        """Report one record skipped (line 0: the whole input), kept with a warning, or without
        text (see `Problem`)."""
        self.on_problem(Problem(self.display, line, reason, kind))

    def say_not_checked(self, counts: Mapping[tuple[str, str | None, str], int]) -> None:
        """Say the items left out as `NotChecked`, counted by its `key`: one NOTE per reason with
        the count ("3 boosts skipped: ..."), as an export may hold thousands."""
        for (noun, plural, reason), count in counts.items():
            self.on_problem(Problem(self.display, 0, f"{counted(count, noun, plural)} skipped: {reason}",
                                    NOTE, left_out=(count, noun, plural)))

    def not_a_post(self) -> None:
        """Count one item that is no post (a like, a service message); no problem, as the export
        holds it rightly: `not_posts` is logged once, at info level, when the input is read."""
        object.__setattr__(self, "_not_posts", self._not_posts + 1)

    @property
    def not_posts(self) -> int:
        """The items counted by `not_a_post`."""
        return self._not_posts

    def origin(self, line: int, warn: Warn) -> Origin:
        """Where a record made at `line` comes from, warnings going to `warn`. Its options read
        ambiguous dates in the order the input's dates settled (`dates.DateOrder`), which its
        own dates may have settled day first without --dayfirst."""
        options = self.options
        if options.dayfirst != self.dates.dayfirst:
            options = dataclasses.replace(options, dayfirst=self.dates.dayfirst)
        return Origin(line, self.source.stem, warn, options, self.dates)

    def dated(self, records: Iterable[T]) -> Iterator[T]:
        """`records` (this input's, in order) with their ambiguous numeric dates read in the
        order the input's own dates show (`dates.DateOrder`).

        A record whose ambiguous date ("12/11/2023") was read month first before any date of
        the input settled the order is held back, with those after it, until one does: when it
        is day first ("14/11/2023"), the held records' dates are read again day first
        (`redated`). At most MAX_HELD records are held: beyond them, or at the input's end, the
        order stays month first (`DateOrder.give_up`, `finish`). Trial 104's export was warned
        "pass --dayfirst" while its 12/11/2023 was read as 11 December, and two copies were
        held back as dated after their posts."""
        held: list[tuple[T, Any]] = []
        try:
            for record in records:
                held.append((record, self.dates.provisional(record)))
                if self.dates.waiting:
                    if len(held) < MAX_HELD:
                        continue
                    self.dates.give_up()
                yield from self._released(held)
                held.clear()
        except Exception:
            yield from self._released(held)  # the records read before a break, as unheld ones are
            raise
        yield from self._released(held)

    def _released(self, held: list[tuple[T, Any]]) -> Iterator[T]:
        for record, written in held:
            yield redated(record, written) if written is not None and self.dates.dayfirst else record

    def settle_mapping(self, data: dict[str, Any], *, platform: bool = False) -> None:
        """Settle which column options apply to this input on its first JSON object, as a CSV
        file's header settles them (`columns.header_index`): an option whose key or dotted path
        the object lacks, where it holds the field under its own name ('text', 'id', ...), is
        left out for this input; where the object is a platform's record (`platform`) that lacks
        the text's key, every option is, and the platform's reading applies. Said in one note.

        A CSV file's `--text-col body` made a JSONL file checked beside it lose every record
        (trial 72)."""
        if self._settled or not self.mapping:
            return
        object.__setattr__(self, "_settled", True)
        if platform and "text" in self.mapping and lookup(data, self.mapping["text"]) is None:
            left, own = dict(self.mapping), "read as its platform writes it"
        else:
            left = {name: where for name, where in self.mapping.items()
                    if lookup(data, where) is None and data.get(name) is not None}
            own = own_fields(list(left)) if left else ""
        if left:
            object.__setattr__(self, "mapping", {k: v for k, v in self.mapping.items() if k not in left})
            self.problem(0, unmapped_note(left, own, "in its first record"), NOTE)

    def make(self, data: dict[str, Any], lineno: int, *, row: bool = False) -> R | None:
        """A record from a JSON object (its mapped fields looked up first) or, with `row`, from a
        CSV row whose header the mapping was applied to already; None after reporting why the
        record cannot be made."""
        if not row and not self._looked:
            object.__setattr__(self, "_looked", True)
            found, lines = unread_keys(data, self.columns, self.mapping)
            object.__setattr__(self, "_found", found)
            if "text" not in found and "text" not in self.mapping and data.get("text") is None:
                object.__setattr__(self, "_text_advice", json_text_advice(data))
            for line in lines:
                self.problem(0, line, NOTE)
        mapping = {**self._found, **self.mapping} if not row else self.mapping
        mapped = remap(data, mapping) if mapping and not row else data
        if not row and "text" in self.mapping and mapped.get("text") is None:
            # the record lacks the key the user named, not 'text' (trial 20 was told "missing 'text'")
            self.problem(lineno, f"missing {self.mapping['text']!r} (--text-col)")
            return None
        if not row and self._text_advice and mapped.get("text") is None:
            # several keys may hold the text ("texto" and "body"): none is chosen (trial 109)
            self.problem(lineno, f"missing 'text': {self._text_advice}")
            return None

        def build(warn: Warn) -> R:
            self.dates.begin()
            return cast(R, self.dates.built(self.factory(mapped, self.origin(lineno, warn))))

        return build_or_report(build, lineno, self.display, self.on_problem)

    def run(self, lineno: int, builder: Callable[[Origin], T | None], prefix: str = "") -> T | None:
        """`builder(origin)` for a record at `lineno` (a platform item, say), or None after
        reporting why it cannot be made (see `build_or_report`; `prefix` starts the reasons)."""
        def build(warn: Warn) -> T | None:
            self.dates.begin()
            return cast("T | None", self.dates.built(builder(self.origin(lineno, warn))))

        return build_or_report(build, lineno, self.display, self.on_problem, prefix)


def redated(record: T, written: Any) -> T:
    """`record` (a Post, an Article, or a tuple that starts with one: a gold pair) with its date
    read again, day first, from `written`, the date as its input wrote it (`Job.dated`); as it
    is where that reading fails (a date more than a year ahead, `dates.record_datetime`)."""
    if isinstance(record, tuple) and record:
        return cast(T, (redated(record[0], written), *record[1:]))
    name = next((name for name in ("created_at", "published_at") if hasattr(record, name)), None)
    if name is None or not dataclasses.is_dataclass(record) or isinstance(record, type):
        return record
    try:
        return cast(T, dataclasses.replace(record, **{name: record_datetime(written, dayfirst=True)}))
    except InputError:
        return record
