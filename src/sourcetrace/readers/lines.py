"""Bounded line reading: a file is read one line at a time, never more than MAX_LINE_BYTES of it.

A longer line is skipped while being read in chunks (and reported by whoever decodes the lines),
so a file without newlines cannot exhaust memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from .inputs import GZIP_ERRORS, CorruptStream
from .problems import Problem, ProblemHandler
from .undecodable import bad_byte_reason, decode_line

# A line longer than this is not one post or one article record.
MAX_LINE_BYTES = 1_000_000
_SKIP_CHUNK = 1 << 16

# (line number, the line's bytes with its terminator, or None for a line over MAX_LINE_BYTES)
Line = tuple[int, bytes | None]


def raw_lines(stream: IO[bytes], gzipped: bool) -> Iterator[Line]:
    """Yield (line number, line bytes with terminator), or None for a line over MAX_LINE_BYTES.

    Raises CorruptStream (with the line number) when a gzip stream breaks.
    """
    errors = GZIP_ERRORS if gzipped else ()
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
            raise CorruptStream(lineno) from None
        content = line[:-1] if line.endswith(b"\n") else line
        if content.endswith(b"\r"):
            content = content[:-1]
        yield lineno, (None if len(content) > MAX_LINE_BYTES else line)


def decode(lineno: int, line: bytes) -> str:
    """Decode one line as UTF-8, dropping a byte-order mark at the start of the file."""
    return line.decode("utf-8-sig" if lineno == 1 else "utf-8")


def decode_problem(exc: UnicodeDecodeError) -> str:
    """The reason for a line or item that is not UTF-8: the first bad byte and its offset, and
    the way out when the whole file is in another encoding (detection reads a file's start: a
    Windows-1252 file whose first accent comes after it is read as UTF-8, as a trial found)."""
    return bad_byte_reason(exc.object[exc.start], exc.start)


def too_long() -> str:
    """The reason for a line over MAX_LINE_BYTES."""
    return f"line longer than {MAX_LINE_BYTES:,} bytes"


def decoded_lines(
    lines: Iterator[Line], display: str, on_problem: ProblemHandler, *, lenient: bool = False
) -> Iterator[tuple[int, str]]:
    """Decoded non-blank lines; over-long lines are reported and skipped, and so are undecodable
    ones unless `lenient`: then their bad bytes are kept as lone surrogates for the caller to
    replace and name (`undecodable`), so that one bad byte does not lose a whole record."""
    for lineno, raw in lines:
        if raw is None:
            on_problem(Problem(display, lineno, too_long()))
            continue
        if lenient:
            text = decode_line(lineno, raw)
            if text.strip():
                yield lineno, text
            continue
        try:
            text = decode(lineno, raw)
        except UnicodeDecodeError as exc:
            on_problem(Problem(display, lineno, decode_problem(exc)))
            continue
        if text.strip():
            yield lineno, text
