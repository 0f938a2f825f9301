"""Bytes that are not valid UTF-8 inside one record of a UTF-8 file: the record is kept.

A file whose bytes are UTF-8 but for a few (a stray Latin-1 "\\xe9" in one post, a broken byte
in an author's name) is read as UTF-8 (`encoding.choose`); each line holding such bytes is
decoded with Python's "surrogateescape" handler, so that every bad byte survives as a lone
surrogate U+DC80-U+DCFF (which strict UTF-8 never gives, and which a JSON "\\udc80" escape cannot
give either: `jsontext.repair` turns those into U+FFFD before parsing). The record's values are
then read, each bad byte is replaced with U+FFFD, and one WARNING line names the fields that held
them ("not valid UTF-8 in 'author' (byte 0x80): replaced with U+FFFD — kept"). Only a record
whose text has nothing readable left (every letter and digit of it was a bad byte) is skipped.

Trial 73: a post whose only bad byte was in its author was skipped whole (its verbatim copy never
checked), and so was one with one Latin-1 "é" in its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .problems import WARNING, Problem, ProblemHandler

T = TypeVar("T")
# A byte "surrogateescape" could not decode: U+DC80-U+DCFF stand for the bytes 0x80-0xFF.
_ESCAPED = re.compile("[\udc80-\udcff]")
# Fields named in one warning line; the rest are counted.
_NAMED_FIELDS = 3


def decode_line(lineno: int, raw: bytes) -> str:
    """One line of a UTF-8 file as text, a byte-order mark at the file's start dropped, each
    byte that is not valid UTF-8 kept as a lone surrogate (see `has_bad_bytes`)."""
    return raw.decode("utf-8-sig" if lineno == 1 else "utf-8", errors="surrogateescape")


def has_bad_bytes(text: str) -> bool:
    """Whether `text` (from `decode_line`) holds bytes that were not valid UTF-8."""
    return _ESCAPED.search(text) is not None


def first_bad_byte(text: str) -> tuple[int, int]:
    """The first bad byte of `text` (from `decode_line`, with one) and its offset in the
    line's bytes."""
    match = _ESCAPED.search(text)
    assert match is not None
    offset = len(text[: match.start()].encode("utf-8", errors="surrogateescape"))
    return ord(match.group()) - 0xDC00, offset


# What a line or record with bad bytes is told, whichever reader found them.
_ADVICE = "another encoding? --encoding"


def bad_byte_reason(byte: int, offset: int | None = None, where: str = "") -> str:
    """"not valid UTF-8[ in WHERE] (byte 0x80[ at offset N]; another encoding? --encoding)":
    the one wording of a bad byte for every reader (`lines.decode_problem` too)."""
    at = "" if offset is None else f" at offset {offset}"
    return f"not valid UTF-8{where} (byte 0x{byte:02x}{at}; {_ADVICE})"


def problem_reason(text: str) -> str:
    """The reason a line with bad bytes is skipped (`bad_byte_reason`)."""
    return bad_byte_reason(*first_bad_byte(text))


def replaced(text: str) -> str:
    """`text` with each bad byte replaced with U+FFFD."""
    return _ESCAPED.sub("\ufffd", text)


@dataclass
class Repair:
    """What was replaced in one record: the fields (dotted paths, or CSV column names) that held
    bad bytes, in order, and the first bad byte."""

    fields: list[str]
    byte: int

    def warning(self) -> str:
        """The WARNING line's reason: the fields named, the first bad byte."""
        named = ", ".join(repr(name) for name in self.fields[:_NAMED_FIELDS])
        more = len(self.fields) - _NAMED_FIELDS
        if more > 0:
            named += f" and {more} more field{'s' if more > 1 else ''}"
        return bad_byte_reason(self.byte, where=f" in {named}") + ": replaced with U+FFFD"


class _Replacer:
    """Replaces the bad bytes of one record's strings, noting the fields that held them and the
    first bad byte (`repair`)."""

    def __init__(self) -> None:
        self.fields: list[str] = []
        self.byte = 0

    def fix(self, text: str, field: str) -> str:
        if not has_bad_bytes(text):
            return text
        if not self.fields:
            self.byte = first_bad_byte(text)[0]
        if field not in self.fields:
            self.fields.append(field)
        return replaced(text)

    def repair(self) -> Repair | None:
        return Repair(self.fields, self.byte) if self.fields else None


def repair_value(value: Any) -> tuple[Any, Repair | None]:
    """A parsed JSON value with each bad byte in its strings (keys too) replaced with U+FFFD,
    and what was replaced (None: nothing)."""
    replacer = _Replacer()

    def walk(item: Any, path: str) -> Any:
        if isinstance(item, str):
            return replacer.fix(item, path or "(record)")
        if isinstance(item, dict):
            out = {}
            for key, inner in item.items():
                name = replacer.fix(key, f"{path}.{replaced(key)}" if path else replaced(key))
                out[name] = walk(inner, f"{path}.{name}" if path else name)
            return out
        if isinstance(item, list):
            return [walk(inner, f"{path}[{at}]") for at, inner in enumerate(item)]
        return item

    fixed = walk(value, "")
    repair = replacer.repair()
    return (fixed, repair) if repair else (value, None)


def repair_cells(cells: Sequence[str], names: Sequence[str]) -> tuple[list[str], Repair | None]:
    """A CSV row with each bad byte replaced with U+FFFD, and what was replaced (columns named
    by `names`, the header's cells; None: nothing)."""
    replacer = _Replacer()
    out = [replacer.fix(cell, replaced(names[at]) if at < len(names) else f"column {at + 1}")
           for at, cell in enumerate(cells)]
    return out, replacer.repair()


def readable(text: str) -> bool:
    """Whether `text` keeps a letter or digit once its bad bytes are U+FFFD."""
    return any(char.isalnum() for char in text)


def kept(
    records: Iterable[T], repair: Repair | None, display: str, lineno: int, on_problem: ProblemHandler,
    prefix: str = "",
) -> Iterator[T]:
    """The records made from one repaired line (`repair`; None: nothing to do), told by one
    WARNING (`prefix`: "item 3: ") when any is kept; one whose text has nothing readable left
    (`readable`) is skipped instead, with the reason a bad line had."""
    if repair is None:
        yield from records
        return
    out: list[T] = []
    for record in records:
        text = getattr(record, "text", None)
        if isinstance(text, str) and "\ufffd" in text and not readable(text):
            on_problem(Problem(display, lineno, f"{prefix}{bad_byte_reason(repair.byte)}: no readable text left"))
            continue
        out.append(record)
    if out:
        on_problem(Problem(display, lineno, prefix + repair.warning(), WARNING))
    yield from out
