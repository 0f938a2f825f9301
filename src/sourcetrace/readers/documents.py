"""Export files: one JSON document, read one item at a time with bounded memory.

A `JsonScanner` walks the document's structure; a format's walker (`Walker`) uses it to find
the items (tweets, activities, messages) and cuts each one out as bytes, at most
MAX_RECORD_BYTES of it, to be parsed on its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

from ..records import Post
from .inputs import BOM, GZIP_ERRORS, CorruptStream
from .problems import Origin

# The bound of MAX_LINE_BYTES for one item of an export file (a tweet, an activity, a message).
MAX_RECORD_BYTES = 1_000_000


def too_large(number: int) -> str:
    """The reason for item `number` of an export when it is over MAX_RECORD_BYTES."""
    return f"item {number} is larger than {MAX_RECORD_BYTES:,} bytes"


class JsonError(Exception):
    """The document's structure is broken at `line`: nothing after it can be trusted."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class JsonScanner:
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
        self._errors = GZIP_ERRORS if gzipped else ()
        self.buf = bytearray()
        self.pos = 0
        self._eof = False
        self._line = 1
        self._counted = 0  # newlines in buf[:_counted] are included in _line
        self._mark: int | None = None  # start of the value being cut out
        self._limit = 0
        self._skipping = False
        self._value_line = 1
        # Top-level keys to look out for, and those met: a forced export format tells from them
        # that a file is none of its kind (a JSONL file read as an outbox yielded nothing, silently).
        self.watched: frozenset[str] = frozenset()
        self.found: set[str] = set()
        self._more()
        if self.buf.startswith(BOM):
            self.pos = len(BOM)

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
            raise CorruptStream(self.line()) from None
        if not chunk:
            self._eof = True
            return False
        self.buf += chunk
        return True

    def ensure(self, size: int) -> None:
        """Buffer at least `size` bytes past the cursor (fewer at the end of input)."""
        while len(self.buf) - self.pos < size and self._more():
            pass

    def error(self, expected: str) -> JsonError:
        """The error (for the caller to raise) for something else than `expected` at the cursor."""
        found = self.peek()
        what = "the end of the file" if found is None else repr(chr(found))
        return JsonError(self.line(), f"malformed JSON: expected {expected}, found {what}")

    def _truncated(self) -> JsonError:
        return JsonError(self._value_line, "the file ends inside this item (truncated?)")

    def peek(self) -> int | None:
        """The next non-blank byte, not consumed; None at the end of input."""
        while True:
            self.pos = self._WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return None

    def expect(self, char: bytes) -> None:
        """Consume `char` (after blanks); JsonError when something else is there."""
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
        """Consume the next value without keeping it."""
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
            if key in self.watched:
                self.found.add(key)
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
Item = tuple[int, bytes | None, dict[str, Any]]
# Reports a problem at a line of the document that does not end the reading.
Report = Callable[[int, str], None]
# Finds the items of one document: (scanner at its start, context, report) -> items. It raises
# JsonError where the structure is broken.
Walker = Callable[[JsonScanner, dict[str, Any], Report], Iterator[Item]]
# Turns one parsed item, its context and where it comes from into a post (None: not a post, e.g.
# a like or a service message); raises NoTextError for a post without text (a photo), NotChecked
# for an item left out that the user hears of in one line per file (a boost named by URL only),
# InputError or ValueError for a bad item.
Converter = Callable[[Any, dict[str, Any], Origin], Post | None]


def key_pattern(key: str, value: bytes = b"") -> re.Pattern[bytes]:
    """A regex for `"key":` outside a string (its quote not escaped), then the regex `value`."""
    return re.compile(rb'(?<!\\)"' + re.escape(key.encode()) + rb'"\s*:' + value)


def walk_array(scanner: JsonScanner, context: dict[str, Any], report: Report) -> Iterator[Item]:
    """The elements of the array at the cursor, each with `context`."""
    for line in scanner.items():
        yield line, scanner.value(), context
