"""The readers: posts, articles, gold labels and any JSONL, from files or stdin, gzipped or not.

Each input is opened, its format settled (`registry`), and its records read by that format's
line parser or document walker. A bad record is one `Problem`; a file that cannot be used at all
raises `InputError`, for files given by name before anything is read.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..records import Article, Post
from ..results import ATTRIBUTION_STATUSES
from . import encoding as encodings
from .columns import ARTICLE_COLUMNS, ARTICLE_FIELDS, POST_COLUMNS, check_columns, unmapped_note
from .documents import JsonError, JsonScanner, too_large
from .folders import expand_folders
from .formats.csvfile import check_header, tab_table
from .formats.jsonl import parse as parse_jsonl
from .inputs import (
    BOM,
    GZIP_ERRORS,
    HEAD_BYTES,
    CorruptStream,
    Input,
    Job,
    check_inputs,
    gzip_problem,
    open_read,
    read_head,
    refuse_binary,
    streamed,
    text_stream,
)
from .jsontext import loads, surrogate_warning
from .lines import Line, raw_lines
from .platforms import records_of
from .problems import (
    NOTE,
    WARNING,
    Builder,
    Factory,
    NotChecked,
    Options,
    Origin,
    Problem,
    ProblemHandler,
    R,
    not_an_object,
    skipped_in_folder,
)
from .registry import (
    Format,
    document_names,
    get,
    line_names,
    names,
    peek_format,
    settle_format,
    sniff_lines,
)
from .undecodable import has_bad_bytes, kept, problem_reason, repair_value

log = logging.getLogger(__name__)
# Said of a *.txt file read as a table (`csvfile.tab_table`).
TAB_TABLE = ("a tab-separated table with a header (Excel's \"Unicode Text\"): read as CSV"
             " (pass --format txt to read one post a line)")


def read_articles(
    paths: Iterable[str | Path],
    on_problem: ProblemHandler,
    columns: Mapping[str, str] | None = None,
    *,
    dayfirst: bool = False,
    delimiter: str | None = None,
    encoding: str | None = None,
) -> Iterator[Article]:
    """Stream articles from JSONL, CSV or JSON-array files ("-" is stdin); bad records go to
    `on_problem`.

    `columns` maps article fields (`ARTICLE_FIELDS`: a "headline" column as the title, "content"
    as the text) to the CSV column, or JSON key or dotted path, that holds them. `dayfirst`,
    `delimiter` and `encoding` are as in `read_posts`. Raises InputError, before anything is
    read, for a missing file or one that holds no articles (plain text, a platform export), or
    a bad mapping or option.
    """
    mapping = check_columns(columns, ARTICLE_FIELDS)
    options = _options(dayfirst, delimiter, encoding)
    sources = [settle_format(s, None, encoding) for s in check_inputs(paths)]
    for source in sources:
        fmt = get(source.fmt) if source.fmt is not None else None
        if fmt is not None and not fmt.articles:
            hint = (
                " (posts: check it with `sourcetrace check`)"
                if fmt.is_document or fmt.is_stream
                else " (one JSON object per line, or a CSV file with a 'text' column)"
            )
            raise InputError(
                f"articles must be JSONL or CSV: {source.display} is {fmt.description}{hint}"
            )
    return _read(sources, None, on_problem, _build_article, ARTICLE_COLUMNS, options, articles=True,
                 mapping=mapping)


def read_posts(
    paths: Iterable[str | Path],
    on_problem: ProblemHandler,
    fmt: str | None = None,
    columns: Mapping[str, str] | None = None,
    *,
    dayfirst: bool = False,
    delimiter: str | None = None,
    encoding: str | None = None,
) -> Iterator[Post]:
    """Stream posts from files of any registered format ("-" is stdin), or from folders (an
    unzipped X, Mastodon or Telegram export, or a folder of post files: see `folders`); bad
    records go to `on_problem`, and so do warnings (a field blanked, an encoding guessed), posts
    without text (`Problem.kind`) and the files a folder holds that are not read.

    `fmt` forces one format for every input; by default it comes from each file's name, else its
    first bytes. `columns` maps post fields (`POST_FIELDS`) to the CSV column, or JSON key or
    dotted path ("user.screen_name"), that holds them. `dayfirst` reads an ambiguous numeric
    date "01/02/2018" as 1 February; `delimiter` is the CSV separator (default: sniffed from the
    header line); `encoding` the files' encoding (default: UTF-8, else detected). Raises
    InputError for an unknown format, a bad mapping or option, or a missing or unusable file
    (before anything is read).
    """
    if fmt is not None and fmt not in names():
        raise InputError(
            f"unknown format {fmt!r} (known: {', '.join(line_names())})"
            f" (exports: {', '.join(document_names())})"
        )
    mapping = check_columns(columns)
    options = _options(dayfirst, delimiter, encoding)
    paths = list(paths)
    inputs, skipped = expand_folders(paths, fmt)
    # a file a folder holds is one of many: one that cannot be read is said and skipped
    in_folders = frozenset(inputs) - {str(p) for p in paths}
    sources = _settled(check_inputs(inputs), fmt, encoding, in_folders, on_problem)
    _check_headers(sources, fmt, mapping, options, in_folders)
    for folder, reason in skipped:
        on_problem(Problem(folder, 0, reason, NOTE))
    return _read(
        sources, fmt, on_problem, _build_post, POST_COLUMNS, options,
        articles=False, mapping=mapping, tolerated=in_folders,
    )


def read_gold(
    paths: Iterable[str | Path], on_problem: ProblemHandler
) -> Iterator[tuple[Post, dict[str, Any]]]:
    """Stream (post, gold label) pairs from JSONL gold files (post records plus a `gold` object).

    Raises InputError, in one line and before anything is read, for a file given by name that
    is no gold JSONL (`_check_gold`): a platform export, a CSV file or a JSON array, or JSONL
    whose first record is no object with a `gold`."""
    sources = check_inputs(paths)
    for source in sources:
        _check_gold(source)
    return _read(sources, "jsonl", on_problem, _build_gold, POST_COLUMNS, Options(), articles=False)


# What `eval` reads, said when a file is something else (README: `sourcetrace eval`).
GOLD_NEEDED = ("eval reads JSONL of labelled posts, one JSON object a line with a 'gold' object"
               " (README: `sourcetrace eval`; `sourcetrace check` reads exports)")


def _check_gold(source: Input) -> None:
    """Raise InputError naming what a gold file was read as, and what eval needs (GOLD_NEEDED),
    when its name or first bytes show another format (`registry.settle_format`: a Telegram
    result.json, a CSV file, a JSON array) or its first record is no JSON object with a `gold`.
    Trial 104's Telegram export was read line by line as JSONL: 1,223 lines of "invalid JSON".
    A stream (stdin, a pipe) is read once, and left to the reader; so is a first line longer
    than the head read (HEAD_BYTES)."""
    if streamed(source.given):
        return
    try:
        fmt = settle_format(source, None).fmt
    except InputError:
        fmt = None  # of no known format: its first line says what it is not
    if fmt is not None and fmt != "jsonl":
        raise InputError(f"{source.display}: read as {get(fmt).description}, not gold JSONL: {GOLD_NEEDED}")
    head = read_head(source)
    if not head:
        return  # empty: no labelled post, said by eval
    text = encodings.utf8_head(head, encodings.choose(head, None)).removeprefix(BOM)
    lines = text.split(b"\n")
    at = next((at for at, line in enumerate(lines) if line.strip()), None)
    if at is None or (at == len(lines) - 1 and len(head) >= HEAD_BYTES):
        return  # blank, or a first line cut by the head: the reader says what it holds
    first = lines[at]
    try:
        record = json.loads(first)
    except (ValueError, RecursionError):
        record = None
    if not isinstance(record, dict):
        raise InputError(f"{source.display}: its first line is not a JSON object, not gold JSONL: {GOLD_NEEDED}")
    if "gold" not in record:
        raise InputError(f"{source.display}: its first record has no 'gold' object (posts without labels?):"
                         f" {GOLD_NEEDED}")


def read_jsonl(
    paths: Iterable[str | Path],
    on_problem: ProblemHandler,
    builder: Builder[R],
    *,
    terse: bool = False,
) -> Iterator[R]:
    """Stream `builder(object, line number)` for each JSON object of JSONL files ("-" is stdin;
    *.gz, and stdin or a pipe that starts as gzip, decompressed), one line at a time.

    Each bad line is one problem for `on_problem` and is skipped: longer than MAX_LINE_BYTES, not
    UTF-8, not JSON or not an object (`terse`: said without the detail in brackets), or refused by
    `builder` (InputError: its message; ValueError, OverflowError, OSError: "bad value (...)"). A
    gzip stream that breaks ends its file with one problem. Raises InputError, before anything is
    read, when a file is missing, and when a file's first bytes are no text (`binary.not_text`).
    """
    sources = check_inputs(paths)

    def factory(data: dict[str, Any], origin: Origin) -> R:
        return builder(data, origin.line)

    for given in sources:
        with ExitStack() as stack:
            source, stream = open_read(given, stack)  # gzip on stdin is found as it is opened
            job = Job(source, on_problem, factory)
            refuse_binary(source.display, _peek(stream))
            try:
                yield from parse_jsonl(raw_lines(stream, source.gzipped), job, terse=terse)
            except CorruptStream as exc:
                job.problem(exc.lineno, gzip_problem(job.source))


def _peek(stream: IO[bytes]) -> bytes:
    """The buffered first bytes of a stream, left unread (b"" where it cannot show them)."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return b""
    try:
        return bytes(peek(HEAD_BYTES)[:HEAD_BYTES])
    except GZIP_ERRORS:
        return b""  # the reader meets the same error at line 1 and reports it


def _options(dayfirst: bool, delimiter: str | None, encoding: str | None) -> Options:
    """The read options, checked (InputError for a bad delimiter or an unknown encoding)."""
    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t", "TAB": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1 or delimiter in "\"\r\n":
            raise InputError(f"a CSV delimiter is one character other than a quote, got {delimiter!r}")
    if encoding is not None:
        encodings.codec_for(encoding)
    return Options(dayfirst=dayfirst, delimiter=delimiter, encoding=encoding)


def _build_article(data: dict[str, Any], origin: Origin) -> Article:
    return Article.from_dict(data, warn=origin.warn, dayfirst=origin.options.dayfirst,
                             on_date=origin.date_seen)


def _build_post(data: dict[str, Any], origin: Origin) -> Post:
    return Post.from_dict(
        data, default_id=origin.default_id, warn=origin.warn, dayfirst=origin.options.dayfirst,
        on_date=origin.date_seen,
    )


MAX_GOLD_IDS = 100  # gold articles one post may have: the versions of one story, not an index


def _check_gold_id(article_id: str) -> None:
    """Raise InputError for a gold article id no index can hold: empty, or with spaces around it
    (trial 79: "" and " tw123" were taken, and could only be misses)."""
    if not article_id.strip():
        raise InputError("'gold.article_id' holds an empty id")
    if article_id != article_id.strip():
        raise InputError(f"'gold.article_id' {article_id[:40]!r} has spaces around it")


def _build_gold(data: dict[str, Any], origin: Origin) -> tuple[Post, dict[str, Any]]:
    gold = data.get("gold")
    if gold is None:
        raise InputError("missing 'gold' object")
    if not isinstance(gold, dict):  # worded as a post's field of the wrong type
        raise InputError(f"'gold' must be an object, got {type(gold).__name__}")
    article_id = gold.get("article_id")
    # a list: the same story in several indexed versions, a match to any of them right (trial 78's
    # lists were refused line by line, and eval scored the negatives alone)
    ids = article_id if isinstance(article_id, list) else [] if article_id is None else [article_id]
    if (isinstance(article_id, list) and not 1 <= len(ids) <= MAX_GOLD_IDS) or not all(isinstance(i, str) for i in ids):
        raise InputError(f"'gold.article_id' must be a string, a list of 1 to {MAX_GOLD_IDS} strings, or null")
    for one in ids:
        _check_gold_id(one)
    gold = {**gold, "article_id": ids[0] if ids else None, "article_ids": list(dict.fromkeys(ids))}
    attribution = gold.get("attribution")
    if attribution is not None and attribution not in ATTRIBUTION_STATUSES:
        # a trial's "hidden" was silently never scored
        origin.warn(f"gold.attribution {str(attribution)[:40]!r} is none of {', '.join(ATTRIBUTION_STATUSES)}:"
                    " its attribution is not scored")
        gold = {**gold, "attribution": None}
    return Post.from_dict(data, default_id=origin.default_id, warn=origin.warn,
                          dayfirst=origin.options.dayfirst, on_date=origin.date_seen), gold


def _settled(
    sources: list[Input], fmt: str | None, encoding: str | None, tolerated: frozenset[str],
    on_problem: ProblemHandler,
) -> list[Input]:
    """The sources with their formats settled (`settle_format`); one in `tolerated` (a file found
    in a folder) that is unusable is reported as skipped instead of ending the read."""
    settled = []
    for source in sources:
        try:
            settled.append(settle_format(source, fmt, encoding))
        except InputError as exc:
            if source.given not in tolerated:
                raise
            _skip_file(source, exc, on_problem)
    return settled


def _check_headers(sources: list[Input], fmt: str | None, mapping: Mapping[str, str], options: Options,
                   tolerated: frozenset[str]) -> None:
    """Read the header of each CSV file of posts given by name (`csvfile.check_header`): one
    whose text no column gives raises InputError before any post is read or a model loaded,
    not after the files before it were checked. A stream (stdin, a pipe) is read once, so it is
    left to the reader; so is a file in a folder, skipped by itself when unusable."""
    for source in sources:
        if (fmt or source.fmt) != "csv" or source.given in tolerated or streamed(source.given):
            continue
        job = Job(source, lambda _: None, _build_post, POST_COLUMNS, mapping, options, posts=True)
        with ExitStack() as stack:
            opened, raw = open_read(source, stack)
            try:
                check_header(raw_lines(text_stream(raw, encoding=options.encoding), opened.gzipped), job)
            except CorruptStream:
                continue  # said where the file is read


def _skip_file(source: Input, exc: InputError, on_problem: ProblemHandler) -> None:
    on_problem(skipped_in_folder(source.display, str(exc)))


def _read(
    sources: list[Input],
    fmt: str | None,
    on_problem: ProblemHandler,
    factory: Factory[R],
    columns: tuple[str, ...],
    options: Options,
    *,
    articles: bool,
    mapping: Mapping[str, str] | None = None,
    tolerated: frozenset[str] = frozenset(),
) -> Iterator[R]:
    """The records of each source in turn; a source in `tolerated` (a file found in a folder)
    that cannot be read at all is reported as skipped instead of ending the read."""
    for source in sources:
        job = Job(source, on_problem, factory, columns, mapping or {}, options, posts=not articles)
        if source.given not in tolerated:
            yield from _read_one(job, fmt, articles=articles)
            continue
        try:
            yield from _read_one(job, fmt, articles=articles)
        except InputError as exc:
            _skip_file(source, exc, on_problem)


def _read_one(job: Job[R], forced: str | None, *, articles: bool) -> Iterator[R]:
    with ExitStack() as stack:
        source, raw = open_read(job.source, stack)
        if source != job.source:  # gzip on stdin or a pipe, found as it is opened
            job = dataclasses.replace(job, source=source)
        count = 0
        try:
            chosen = forced or source.fmt
            if chosen is None:
                chosen = peek_format(raw, source.display)
            fmt = get(chosen) if chosen is not None else None
            if fmt is not None and (articles and not fmt.articles):
                raise InputError(
                    f"articles must be JSONL or CSV: {source.display} is {fmt.description}"
                )
            records: Iterator[Any]
            if fmt is not None and job.mapping and (fmt.is_stream or (fmt.is_document and fmt.convert is not None)):
                # an export is read as its platform writes it: said, as for a twarc2 file in
                # JSONL (trial 73: a Mastodon outbox beside a CSV's --text-col body was silent)
                job.problem(0, unmapped_note(job.mapping, "read as its platform writes it", f"in {fmt.description}"),
                            NOTE)
            if fmt is not None and fmt.is_stream:
                log.debug("reading %s as %s", source.display, fmt.name)
                assert fmt.read is not None
                stream = raw if fmt.binary else _text(raw, job)
                records = fmt.read(stream, job)
            elif fmt is not None and fmt.is_document:
                log.debug("reading %s as %s", source.display, fmt.name)
                records = _read_document(_text(raw, job), job, fmt)
            else:
                lines = raw_lines(_text(raw, job), source.gzipped)
                if chosen is None:
                    chosen, lines = sniff_lines(lines)
                    first = next(lines, None)
                    if first is None:  # nothing but blank lines (/dev/null): no records, no format
                        return
                    lines = itertools.chain([first], lines)
                if chosen == "txt" and forced is None:
                    chosen, lines = _table_or_text(lines, job)
                fmt = get(chosen)
                if articles and not fmt.articles:
                    raise InputError(
                        f"articles must be JSONL or CSV: {source.display} does not start with '{{' "
                        "(name a CSV file *.csv)"
                    )
                log.debug("reading %s as %s", source.display, chosen)
                assert fmt.parse_lines is not None
                records = fmt.parse_lines(lines, job)
            for record in job.dated(records):  # ambiguous dates read as the file's own show
                count += 1
                yield record
        except CorruptStream as exc:
            job.problem(exc.lineno, gzip_problem(job.source))
        job.dates.finish()  # a file whose numeric dates all read either way: said once, at its end
        if job.not_posts:  # one line for every format (Telegram Desktop and Telethon alike)
            log.info("%s: %d items that are no posts (likes, service messages) or bad",
                     source.display, job.not_posts)
        log.debug("read %d records from %s", count, source.display)


def _table_or_text(lines: Iterator[Line], job: Job[Any]) -> tuple[str, Iterator[Line]]:
    """"csv" or "txt" for lines that read as plain text (by a *.txt name or by their first line),
    and the lines, none lost. A table when --delimiter or a column option (--text-col, ...) was
    given (which only a table can use: plain text read with --text-col lost every line as
    'missing text'), or when the lines are a tab-separated table with a header
    (`csvfile.tab_table`); each said in a note."""
    if job.options.delimiter is not None or job.mapping:
        given = "--delimiter" if job.options.delimiter is not None else "a column option (--text-col, ...)"
        job.problem(0, f"read as a table with a header, as {given} says (pass --format txt to read"
                    " one post a line)", NOTE)
        return "csv", lines
    table, lines = tab_table(lines)
    if table is True:
        job.problem(0, TAB_TABLE, NOTE)
        return "csv", lines
    if table:  # a table's shape, but no column named as text: read as lines, and said (trial 8)
        shown = ", ".join(str(cell)[:40] for cell in table[:8])
        job.problem(0, f"looks like a tab-separated table (columns: {shown}) but no column is named as"
                    " the text: read one post a line; pass --text-col COLUMN to read it as a table", NOTE)
    return "txt", lines


def _text(raw: IO[bytes], job: Job[Any]) -> IO[bytes]:
    return text_stream(
        raw, encoding=job.options.encoding, report=lambda note: job.problem(0, note, NOTE),
        name=job.display,
    )


def _read_document(stream: IO[bytes], job: Job[R], fmt: Format) -> Iterator[Any]:
    """Records of one export file, item by item; a broken structure ends the file with a problem."""
    context = fmt.context(job.source) if fmt.context is not None else {}
    assert fmt.walk is not None
    not_checked: Counter[tuple[str, str | None, str]] = Counter()  # said once per reason, at the end
    try:
        scanner = JsonScanner(stream, job.source.gzipped)
        if fmt.opening is not None and scanner.peek() != fmt.opening[0]:
            raise scanner.error(repr(fmt.opening.decode()))
        scanner.watched = fmt.keys
        number = 0
        for number, (line, raw, ctx) in enumerate(fmt.walk(scanner, context, job.problem), 1):
            if raw is None:
                job.problem(line, too_large(number))
                continue
            # bad bytes in an item's strings are replaced and named, the item kept (trial 73)
            text = raw.decode("utf-8", errors="surrogateescape")
            bad = has_bad_bytes(text)
            try:
                data, repaired = loads(text)
            except json.JSONDecodeError as exc:
                at = line + exc.lineno - 1
                why = problem_reason(text) if bad else f"invalid JSON ({exc.msg} at line {at})"
                job.problem(line, f"item {number}: {why}")
                continue
            except (ValueError, RecursionError) as exc:
                job.problem(line, f"item {number}: {problem_reason(text) if bad else f'invalid JSON ({exc})'}")
                continue
            if repaired:
                job.problem(line, f"item {number}: {surrogate_warning(repaired)}", WARNING)
            data, repair = repair_value(data) if bad else (data, None)
            prefix = f"item {number}: "
            if fmt.convert is None:  # a plain array of records
                if not isinstance(data, dict):
                    job.problem(line, f"item {number}: {not_an_object(data)}")
                    continue
                yield from kept(records_of(job, data, line), repair, job.display, line, job.on_problem, prefix)
                continue
            try:
                post = job.run(line, partial(fmt.convert, data, ctx), prefix=prefix)
            except NotChecked as exc:
                not_checked[exc.key] += 1
                continue
            if post is None:
                job.not_a_post()
                continue
            yield from kept([post], repair, job.display, line, job.on_problem, prefix)
        if not number and fmt.convert is None:  # `[]`, which the summary called "an empty file?"
            job.problem(0, "an empty JSON array: no records", NOTE)
        if fmt.keys and not scanner.found:
            # none of the export's keys: another kind of file (a JSONL file forced as an outbox
            # was read as one object of unknown keys and lost every post without a word)
            keys = [repr(key) for key in sorted(fmt.keys)]
            listed = f"{', '.join(keys[:-1])} or {keys[-1]}" if len(keys) > 1 else keys[0]
            raise InputError(
                f"{job.display}: not {fmt.description} (--format {fmt.name} expects"
                f" {fmt.known_as or fmt.description} with a top-level {listed}; this file has none)"
            )
    except JsonError as exc:
        job.problem(exc.line, f"{exc.message}; the rest of the file is unreadable")
    job.say_not_checked(not_checked)  # those read before a break too
