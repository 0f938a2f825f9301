"""Whether an input is text at all: a file of binary data (an archive, compressed data, an image,
random bytes) is refused in one line instead of being read into a screen of "not valid UTF-8"
lines, one per "line" of noise.

The rule, on a file's first block (its first 8,000 bytes, git's FIRST_FEW_BYTES in
buffer_is_binary; decompressed when the file is named *.gz), decoded in the encoding it is read
with: not one line of the block reads as text, and either

1. the file starts with the signature of a common binary format (the formats' published magic
   numbers, as file(1)'s magic database lists them), which also names what it is; or
2. Perl's -B test (perlfunc, "-T/-B") holds: more than a third of the block's characters are odd
   (undecodable, or control characters other than whitespace and ESC, NUL included).

Unlike Perl's, the rule never refuses a block that holds a line of text: a damaged text file
keeps its lines, each bad one reported on its own. A valid record among garbage bytes must survive
(tests/test_fuzz_readers.py, whose generator also tries the signatures below), and so must a first
line that only starts like a UTF-16 mark or a zip archive.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .encoding import Choice

# git's FIRST_FEW_BYTES: how much of a file xdiff looks at to call it binary.
FIRST_BLOCK = 8000
# Perl's -B: more than a third of odd characters.
ODD_SHARE = 1 / 3
# A line of text is at least this many characters, none odd: a run of 8 clean bytes between two
# newlines is rare in random bytes (about 0.37**8 per line), common in anything written as text.
MIN_TEXT_LINE = 8
# Control characters that text holds: tab, newline, vertical tab, form feed, carriage return,
# backspace and ESC (Perl's -T counts the same as text, plus \v).
_TEXT_CONTROLS = frozenset("\t\n\v\f\r\b\x1b")


@dataclass(frozen=True)
class Binary:
    """What a file that is not text holds (`what`: "a PNG image"), what to do (`advice`), and
    whether it is an archive whose files are to be given instead (`archive`)."""

    what: str
    advice: str = ""
    archive: bool = False

    def __str__(self) -> str:
        return f"{self.what}: {self.advice}" if self.advice else self.what


_UNPACK = "unpack it first and pass the file inside"
# gzip's magic number and its one compression method, deflate (RFC 1952)
GZIP_MAGIC = b"\x1f\x8b\x08"
ZIP = Binary("a zip archive", "extract it and pass the file inside", archive=True)
GZIP = Binary("gzip data", "unpack it with gunzip, or name the file *.gz")
# gzip data in a file named *.gz: its own gzip was unpacked, and it held gzip again
_GZIP_TWICE = Binary("gzip data inside the gzip", "unpack both (gunzip -c FILE | gunzip -c > posts.jsonl)")
# gzip data on stdin: a pipe has no name to give it
_GZIP_PIPED = Binary("gzip data", "unpack it first (gunzip -c FILE | sourcetrace ...)")
_SIGNATURES: tuple[tuple[bytes, Binary], ...] = (
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", Binary("an empty zip archive")),
    (GZIP_MAGIC, GZIP),
    (b"\xfd7zXZ\x00", Binary("xz data", _UNPACK)),
    (b"(\xb5/\xfd", Binary("zstd data", _UNPACK)),
    (b"7z\xbc\xaf\x27\x1c", Binary("a 7-Zip archive", _UNPACK, archive=True)),
    (b"Rar!\x1a\x07", Binary("a RAR archive", _UNPACK, archive=True)),
    (b"\x89PNG\r\n\x1a\n", Binary("a PNG image")),
    (b"\xff\xd8\xff", Binary("a JPEG image")),
    (b"GIF87a", Binary("a GIF image")),
    (b"GIF89a", Binary("a GIF image")),
    (b"%PDF-", Binary("a PDF document")),
    (b"SQLite format 3\x00", Binary("an SQLite database")),
    (b"\x7fELF", Binary("an executable")),
)


def not_text(head: bytes, choice: Choice) -> Binary | None:
    """What the file starting with `head` holds when it is not text (see the module's rule), else
    None. `choice` is the encoding it is read with (`encoding.choose`): UTF-16 text is full of
    NUL bytes, Windows-1251 text of bytes that are no UTF-8."""
    block = codecs.getincrementaldecoder(choice.codec or "utf-8")("replace").decode(
        head[:FIRST_BLOCK], final=False)
    if not block or any(len(line.strip()) >= MIN_TEXT_LINE and not any(_odd(c) for c in line)
                        for line in block.split("\n")):
        return None
    for signature, found in _SIGNATURES:
        if head.startswith(signature):
            return found
    if head.startswith(b"BZh") and head[4:10] == b"1AY&SY":  # bzip2: level digit, block magic
        return Binary("bzip2 data", _UNPACK)
    if sum(1 for char in block if _odd(char)) > ODD_SHARE * len(block):
        return Binary("binary data")
    return None


def _odd(char: str) -> bool:
    """Undecodable (U+FFFD) or a control character text does not hold (C0, DEL, C1)."""
    if char == "\ufffd":
        return True
    return (char < " " or "\x7f" <= char <= "\x9f") and char not in _TEXT_CONTROLS


def refusal(name: str, found: Binary, *, piped: bool = False) -> str:
    """The one line that refuses input `name` holding `found` ("posts.jsonl: not a text file (a
    PNG image)"); `piped`: it came on stdin, where renaming is no advice."""
    if piped and found is GZIP:
        found = _GZIP_PIPED
    elif found is GZIP and name.lower().endswith(".gz"):  # "name the file *.gz" is no advice
        found = _GZIP_TWICE
    advice = f": {found.advice}" if found.advice else ""
    return f"{name}: not a text file ({found.what}){advice}"
