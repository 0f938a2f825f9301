"""The text encoding of an input file: UTF-8 as it is, or any other encoding recoded to UTF-8.

Every reader downstream works on UTF-8 bytes (lines, JSON items). A file that is not UTF-8 — a
UTF-16 CSV saved by Excel, a GBK or Windows-1251 export without a declaration — is recoded on the
fly with the encoding given (`Options.encoding`, the CLI's --encoding), else the one its first
bytes show (`textenc.detect`: a byte-order mark, else charset-normalizer). The choice is said in a
line (unless the user gave it), and so is text that still reads like mojibake.

A UTF-8 file with a few bad bytes stays UTF-8 (its bad lines are reported one by one): only a
sample whose undecodable sequences outnumber its valid multi-byte characters is another encoding.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from typing import IO

from .. import textenc
from ..errors import InputError

# At least this many undecodable sequences in the sample before the file is taken for another
# encoding: one stray byte in a UTF-8 file is a bad line, not a Windows-1252 file.
MIN_BAD_SEQUENCES = 4
_CHUNK = 1 << 16
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Choice:
    """The encoding to recode from (None: the bytes are UTF-8 already) and how it was chosen:
    "given", "bom", "detected", "fallback" or "utf-8"."""

    codec: str | None
    how: str


def codec_for(name: str) -> str:
    """The codec for an encoding a user names ("GB2312" → "gb18030", see textenc.canonical).

    Raises InputError for an unknown encoding.
    """
    codec = textenc.canonical(name)
    if codec is None:
        raise InputError(f"unknown encoding {name!r} (e.g. utf-8, utf-16, gb18030, cp1251)")
    return codec


def choose(head: bytes, forced: str | None) -> Choice:
    """The encoding of a file that starts with `head` (`forced`: the encoding the user gave)."""
    if forced is not None:
        codec = codec_for(forced)
        utf8 = codec in ("utf-8", "utf_8") or codec.startswith("utf-8")
        return Choice(None if utf8 else codec, "given")
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and _wide_lines(head, 4):
        return Choice("utf-32", "bom")
    if head.startswith(_UTF16_BOMS) and _wide_lines(head, 2):
        return Choice("utf-16", "bom")
    if _looks_utf16(head):
        return Choice("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be", "detected")
    if _mostly_utf8(head):
        return Choice(None, "utf-8")
    found = textenc.detect(head, final=False)
    wide = found.encoding.replace("_", "-").startswith(("utf-16", "utf-32")) and (
        b"\n\x00" in head or b"\x00\n" in head)
    if found.encoding in ("utf-8", "utf-8-sig") or not (wide or _ascii_compatible(found.encoding)):
        # a detector's guess of UTF-16 or EBCDIC for bytes without a mark would turn every ASCII
        # line (JSON, CSV, URLs) into noise: such bytes are read as UTF-8, bad lines reported
        return Choice(None, "utf-8")
    return Choice(found.encoding, found.how)


def _wide_lines(head: bytes, width: int) -> bool:
    """Whether text after a UTF-16/32 byte-order mark has its line breaks as wide characters:
    bytes that only start with FF FE but hold single-byte lines are no UTF-16 file."""
    body = head[width:]
    if b"\n" not in body:
        return True
    wide = b"\n\x00" if width == 2 else b"\n\x00\x00\x00"
    return wide in body or (b"\x00" + b"\n") in body


_ASCII_PROBE = b'{"text": "abc XYZ 0189",;\t|\n'


def _ascii_compatible(codec: str) -> bool:
    try:
        return _ASCII_PROBE.decode(codec) == _ASCII_PROBE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: text with every other byte zero."""
    sample = head[:4096]
    if len(sample) < 8 or sample.count(0) < len(sample) // 3:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > 0.9 * (len(sample) // 2) and min(even, odd) < 0.1 * (len(sample) // 2)


def _mostly_utf8(head: bytes) -> bool:
    """Whether `head` is UTF-8, a few bad bytes aside (reported line by line): it holds no
    undecodable sequence, fewer than MIN_BAD_SEQUENCES, or no more than valid multi-byte
    characters; but not when it holds no valid multi-byte character at all and each of its high
    bytes is a Windows-1252 letter within a word ("A\xf1o", "ordene\xf3"): that is a short
    legacy file (one accented word in Latin-1), which UTF-8 would lose line by line."""
    decoded = codecs.getincrementaldecoder("utf-8")("replace").decode(head, final=False)
    bad = decoded.count("\ufffd")
    if not bad:
        return True
    multibyte = sum(1 for char in decoded if char > "\x7f") - bad
    if multibyte == 0 and _legacy_letters(head):
        return False
    return bad < MIN_BAD_SEQUENCES or bad <= multibyte


def _legacy_letters(head: bytes) -> bool:
    """Whether every byte >= 0x80 of `head` reads in Windows-1252 as a letter next to an ASCII
    letter: bytes of a legacy Western text, not the remains of a broken UTF-8 sequence."""
    text = head.decode("cp1252", errors="replace")
    for index, char in enumerate(text):
        if char <= "\x7f":
            continue
        around = text[max(index - 1, 0):index] + text[index + 1:index + 2]
        if not char.isalpha() or not any(c.isascii() and c.isalpha() for c in around):
            return False
    return True


def note(choice: Choice) -> str | None:
    """The line that says which encoding a file that is not UTF-8 was read with, when the user
    did not give it: declared by a byte-order mark (UTF-16 or UTF-32, as Excel saves them),
    detected, or none fitting."""
    if choice.codec is None or choice.how == "given":
        return None
    if choice.how == "bom":
        return f"not UTF-8: read as {choice.codec} (its byte-order mark says so)"
    if choice.how == "fallback":
        return "not UTF-8 and no encoding fits: undecodable bytes replaced (pass --encoding)"
    return f"not UTF-8: read as {choice.codec} (detected; pass --encoding if this is wrong)"


# The advice for a UTF-8 file holding double-encoded text (`textenc.double_encoded`): what
# undoes it is a repair of the text, which README.md ("Double-encoded text") gives as one command.
DOUBLE_ENCODED = (
    "the text looks like double-encoded mojibake (UTF-8 once read as Latin-1 or Windows-1252 and saved again as"
    " UTF-8: 'cafÃ©'): its bytes are valid UTF-8, so no --encoding undoes it; repair the file with"
    " ftfy's fix_encoding line by line (the command is in README.md, \"Double-encoded text\") and"
    " check the repaired file"
)
# The same for text beyond ftfy's repair (GBK once read as Latin-1): only the source can help.
MIS_DECODED_UTF8 = (
    "the text looks like mojibake, though its bytes are valid UTF-8 (text once decoded with the"
    " wrong encoding and saved again as UTF-8?): no --encoding undoes it; export it again from"
    " its source"
)
WRONG_ENCODING = "the text looks like mojibake (decoded with the wrong encoding?): pass --encoding"


def mojibake_note(head: bytes, choice: Choice) -> str | None:
    """The warning line for a file whose text as a whole still reads like mojibake once decoded
    (`textenc.looks_mis_decoded`), with the advice that helps: --encoding where the bytes are
    not in the encoding read (WRONG_ENCODING); where they are valid UTF-8 and the text inside is
    mojibake already, no encoding helps: a repair by ftfy (DOUBLE_ENCODED) or a new export
    (MIS_DECODED_UTF8). Lines with undecodable bytes (U+FFFD once decoded) are left out: each is
    reported on its own line, and is no sign of the file's encoding (trial 72)."""
    sample = _clean_lines(head, choice.codec or "utf-8")
    if _mostly_utf8(head):  # whatever --encoding was given: the bytes' own reading says
        as_utf8 = sample if choice.codec is None else _clean_lines(head, "utf-8")
        if textenc.looks_mis_decoded(as_utf8):
            return DOUBLE_ENCODED if textenc.double_encoded(as_utf8) else MIS_DECODED_UTF8
        if choice.codec is None:
            return None  # `sample` is that reading: asked already
    return WRONG_ENCODING if textenc.looks_mis_decoded(sample) else None


def _clean_lines(head: bytes, codec: str) -> str:
    """`head` decoded with `codec`, its lines with undecodable bytes left out (see mojibake_note)."""
    sample = codecs.getincrementaldecoder(codec)("replace").decode(head, final=False)
    return "\n".join(line for line in sample.split("\n") if "\ufffd" not in line)


class _Recoded(io.RawIOBase):
    """A byte stream in `codec` served as UTF-8 (undecodable bytes become U+FFFD)."""

    def __init__(self, stream: IO[bytes], codec: str) -> None:
        super().__init__()
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(codec)("replace")
        self._pending = b""
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._eof:
            chunk = self._stream.read(_CHUNK)
            self._eof = not chunk
            self._pending = self._decoder.decode(chunk, final=self._eof).encode("utf-8")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class _Replayed(io.RawIOBase):
    """`head` (already read from `stream`), then the rest of `stream`."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def as_utf8(
    stream: IO[bytes], head: bytes, choice: Choice, *, replay: bool
) -> IO[bytes]:
    """`stream` as UTF-8 bytes. `head` was read from it already: with `replay` it is served
    again first (a stream that cannot seek back, such as stdin)."""
    source: IO[bytes] = stream
    if replay:
        source = io.BufferedReader(_Replayed(head, stream), buffer_size=_CHUNK)
    if choice.codec is None:
        return source
    return io.BufferedReader(_Recoded(source, choice.codec), buffer_size=_CHUNK)


def utf8_head(head: bytes, choice: Choice) -> bytes:
    """The first bytes of a file as UTF-8, for format detection."""
    if choice.codec is None:
        return head
    return codecs.getincrementaldecoder(choice.codec)("replace").decode(head, final=False).encode()
