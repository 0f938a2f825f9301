"""The post and article formats, each registered by its own module in `formats/`, and how a file's
format is told: `--format`, else the file's extension, else its first bytes, else its first line.

A format is a line format (one record a line: `parse_lines`), a document format (one JSON
document whose items are records: `walk`, and `convert` for platform exports) or a stream format
(a binary file read by its own `read`, such as a Bluesky repository). Detection runs every
registered sniffer on the first bytes, lowest `order` first; the first verdict wins. Binary
formats are sniffed on the bytes as they are, every other format on the bytes as UTF-8 (a file in
another encoding is recoded first, see `encoding`).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from ..errors import InputError
from . import encoding as encodings
from .binary import ZIP, not_text, refusal
from .documents import Converter, Walker
from .inputs import (
    BOM,
    GZIP_ERRORS,
    HEAD_BYTES,
    Input,
    Job,
    read_head,
    refuse_binary,
    streamed,
)
from .lines import Line

# What a sniffer says about the first bytes of a file (a BOM and leading blanks removed):
# None: no opinion (the next sniffer decides); (name, ""): that format; (None, why): the file is
# unusable, and why (an `Unreadable` why: no --format reads it either); (None, ""): nothing
# conclusive, the first line decides (JSONL or text).
Verdict = tuple[str | None, str]


class Unreadable(str):
    """A sniffer's why for a file that no format reads (said alone, without "pass --format")."""
Sniffer = Callable[[bytes], Verdict | None]
# Reads the records of a line format: (lines, job) -> records.
LineParser = Callable[[Iterator[Line], Job[Any]], Iterator[Any]]
# Reads the records of a stream format: (binary stream, job) -> records.
StreamReader = Callable[[IO[bytes], Job[Any]], Iterator[Any]]


@dataclass(frozen=True)
class Format:
    """One input format: its name, how it is recognised and how its records are read.

    description: the file in messages ("plain text", "a Mastodon outbox").
    extensions: lower-case file extensions that name this format (".jsonl").
    sniffers: (order, sniffer) pairs run on a file's first bytes (see `Verdict`).
    unconfirmed: set when an extension alone does not settle the format (X archives are *.js):
        the first bytes must show it too, else this is why the file is refused.
    articles: whether the format may hold articles (else only posts).
    parse_lines: for a line format, reads its records from the lines.
    first_line: for a line format, whether a first non-blank line (stripped bytes; b"" for an
        empty file) shows this format when the first bytes were inconclusive. One line format
        must claim every line.
    walk, opening, convert, context: for a document format, its walker, the byte the document
        must open with (None: the walker checks), the item converter (None: items are records
        read like JSON lines) and the context shared by all items (`Input` -> dict).
    read, binary: for a stream format, its reader; `binary` when its bytes are not text (they
        are sniffed and read as they are, never recoded).
    export_file: the file of a platform export as its users know it ("outbox.json").
    known_as: how detection names that file when a JSON object is none of the exports.
    keys: top-level keys that mark a JSON object as this export, never as one JSONL record.
    """

    name: str
    description: str
    extensions: tuple[str, ...] = ()
    sniffers: tuple[tuple[int, Sniffer], ...] = ()
    unconfirmed: str | None = None
    articles: bool = True
    parse_lines: LineParser | None = None
    first_line: Callable[[bytes], bool] | None = None
    walk: Walker | None = None
    opening: bytes | None = None
    convert: Converter | None = None
    context: Callable[[Input], dict[str, Any]] | None = None
    export_file: str | None = None
    known_as: str | None = None
    keys: frozenset[str] = frozenset()
    read: StreamReader | None = None
    binary: bool = False

    @property
    def is_document(self) -> bool:
        """True for one JSON document read item by item, False for one record a line."""
        return self.walk is not None

    @property
    def is_stream(self) -> bool:
        """True for a format read by its own stream reader."""
        return self.read is not None


_FORMATS: dict[str, Format] = {}
_EXTENSIONS: dict[str, str] = {}


def register(fmt: Format) -> Format:
    """Add a format (done once, by its module); ValueError for a name or extension taken twice."""
    if [fmt.parse_lines, fmt.walk, fmt.read].count(None) != 2:
        raise ValueError(f"format {fmt.name!r} needs exactly one of parse_lines, walk and read")
    if fmt.name in _FORMATS:
        raise ValueError(f"format {fmt.name!r} is registered twice")
    taken = [ext for ext in fmt.extensions if ext in _EXTENSIONS]
    if taken:
        owner = _EXTENSIONS[taken[0]]
        raise ValueError(f"format {fmt.name!r}: extension {taken[0]} belongs to {owner!r}")
    _FORMATS[fmt.name] = fmt
    _EXTENSIONS.update(dict.fromkeys(fmt.extensions, fmt.name))
    return fmt


def get(name: str) -> Format:
    """The format registered as `name` (KeyError if none)."""
    return _FORMATS[name]


def names() -> tuple[str, ...]:
    """Every format, line formats first, each group in registration order."""
    return line_names() + document_names()


def line_names() -> tuple[str, ...]:
    """The line formats (one record a line), in registration order."""
    return tuple(
        name for name, fmt in _FORMATS.items() if not fmt.is_document and not fmt.is_stream
    )


def document_names() -> tuple[str, ...]:
    """The export formats (a JSON document read item by item, or a stream such as a Bluesky
    repository), in registration order."""
    return tuple(name for name, fmt in _FORMATS.items() if fmt.is_document or fmt.is_stream)


def document_keys() -> frozenset[str]:
    """The top-level keys of the export documents: a JSON object holding one is no JSONL record."""
    return frozenset().union(*(fmt.keys for fmt in _FORMATS.values()))


def exports_known_as() -> list[str]:
    """How detection names the files of the exports that are one JSON object."""
    return [fmt.known_as for fmt in _FORMATS.values() if fmt.known_as]


def _export_files() -> str:
    files = [fmt.export_file for fmt in _FORMATS.values() if fmt.export_file]
    return f"{', '.join(files[:-1])} or {files[-1]}" if len(files) > 1 else "".join(files)


def detect(head: bytes, encoding: str | None = None) -> Verdict:
    """The format the first bytes of a file show, or (None, why not) for an unusable file.

    Binary formats are sniffed on `head` as it is; the others on `head` as UTF-8 (`encoding`:
    the encoding the user gave, else detected). (None, "") means "nothing conclusive": the first
    line decides later (JSONL or text).
    """
    for _, sniff, fmt in _sniffers():
        if fmt.binary:
            verdict = sniff(head)
            if verdict is not None:
                return verdict
    choice = encodings.choose(head, encoding)
    found = not_text(head, choice)
    if found is not None:
        return None, f"{found} ({_export_files()})" if found.archive else str(found)
    head = encodings.utf8_head(head, choice)
    text = head.removeprefix(BOM).lstrip()
    if not text:
        return None, ""
    if b"\x00" in head:
        return None, "binary data, not text"
    for _, sniff, fmt in _sniffers():
        if not fmt.binary:
            verdict = sniff(text)
            if verdict is not None:
                return verdict
    return None, ""


def _sniffers() -> list[tuple[int, Sniffer, Format]]:
    return sorted(
        ((order, sniff, fmt) for fmt in _FORMATS.values() for order, sniff in fmt.sniffers),
        key=lambda entry: entry[0],
    )


def _zip_archive(source: Input, head: bytes) -> bool:
    """Whether a named file that starts like a zip archive is one (its central directory read by
    `zipfile.is_zipfile`): a text file whose first line only starts with "PK\\x03\\x04" is not."""
    if not head.startswith(b"PK\x03\x04") or source.gzipped:
        return False
    import zipfile

    try:
        return zipfile.is_zipfile(source.given)
    except OSError:
        return False


def _refuse_json_as_text(display: str, head: bytes, encoding: str | None) -> None:
    """Raises InputError for a *.txt file whose first bytes (`head`) are JSON, as the same bytes on
    stdin are read or refused: an array of no records (`[1,2,3]`, trial 33), an array of records
    or an empty one, which read as lines of text became one post "[]" or lost every record (trial
    44), and JSON Lines, whose ids were lost and whose JSON became the posts (trial 46). A first
    line that opens with a brace but is no JSON object ("{thread} ...") is text. `--format txt`
    still reads such a file line by line."""
    fmt, why = detect(head, encoding)
    if isinstance(why, Unreadable):
        raise InputError(f"{display}: {why} (pass --format txt to read it one post a line)")
    if fmt is not None and fmt != "txt" and get(fmt).is_document:
        raise InputError(f"{display}: {get(fmt).description}, not lines of text: pass --format {fmt} to read its"
                         " records, or --format txt to read it one post a line")
    if fmt == "jsonl":
        first = encodings.utf8_head(head, encodings.choose(head, encoding)).removeprefix(BOM).lstrip()
        try:
            record = json.loads(first.split(b"\n", 1)[0])
        except (ValueError, RecursionError):
            return
        if isinstance(record, dict):
            raise InputError(f"{display}: JSON Lines (a JSON object on its first line), not lines of text:"
                             " pass --format jsonl to read its records, or --format txt to read it one post a line")


def settle_format(source: Input, forced: str | None, encoding: str | None = None) -> Input:
    """The input with its format from its name, or from its first bytes when the name does not
    settle it (named files only: stdin is looked at while it is read).

    Raises InputError, before anything is read, for a file whose first bytes show it unusable:
    not text at all (`binary.not_text`; a binary format such as a Bluesky repository is read as
    it is), or of no known format.
    """
    source = dataclasses.replace(source, fmt=_EXTENSIONS.get(source.suffix))
    if streamed(source.given):
        return source
    named = get(source.fmt) if source.fmt is not None else None
    chosen = get(forced) if forced is not None else named
    if chosen is not None and chosen.binary:
        return source
    head = read_head(source)
    if head is None:
        return source
    if _zip_archive(source, head):
        # a zip of stored (uncompressed) members holds lines of text, which the binary rule
        # reads as text: its members' first records were lost and the advice was "--encoding"
        raise InputError(refusal(source.display, ZIP))
    if chosen is not None:
        refuse_binary(source.display, head, encoding)
        if forced is None and chosen.name == "txt":
            _refuse_json_as_text(source.display, head, encoding)
        if forced is not None or chosen.unconfirmed is None:
            return source
    fmt, why = detect(head, encoding)
    if named is not None and fmt != named.name:
        why = why or named.unconfirmed or ""
    elif fmt is None and not why:
        return source
    if isinstance(why, Unreadable):
        raise InputError(f"{source.display}: {why}")
    if why:
        refuse_binary(source.display, head, encoding)  # no --format reads an image or an archive
        raise InputError(
            f"{source.display}: unknown format ({why}); pass --format"
            f" ({', '.join(names())})"
        )
    return dataclasses.replace(source, fmt=fmt)


def peek_format(stream: IO[bytes], display: str) -> str | None:
    """A document format seen in the buffered start of a stream (stdin, a pipe), without consuming
    it. Raises InputError, naming the stream `display`, for a start no format reads (`Unreadable`)."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return None
    try:
        head = peek(HEAD_BYTES)
    except GZIP_ERRORS:
        return None
    fmt, why = detect(head[:HEAD_BYTES])
    if isinstance(why, Unreadable):  # as for a named file (`settle_format`): `[1,2,3]` is no post
        raise InputError(f"{display}: {why}")
    return fmt if fmt is not None and (get(fmt).is_document or get(fmt).is_stream) else None


def sniff_lines(lines: Iterator[Line]) -> tuple[str, Iterator[Line]]:
    """The line format the first non-blank line shows (`Format.first_line`); no line is lost."""
    held: list[Line] = []
    first = b""
    for lineno, line in lines:
        if line is None:
            held.append((lineno, line))
            continue
        stripped = line.lstrip().removeprefix(BOM).lstrip()
        if not stripped:
            continue  # blank lines carry nothing for any line format
        held.append((lineno, line))
        first = stripped
        break
    claims = (fmt.name for fmt in _FORMATS.values() if fmt.first_line and fmt.first_line(first))
    return next(claims), itertools.chain(held, lines)
