"""Local files as article sources: which kind a file is (feed, HTML page or JSONL/CSV records),
by its name or its first bytes, and its bytes read with a size limit (gzip decompressed)."""

from __future__ import annotations

import gzip
import zlib
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from .. import textenc
from ..readers.binary import GZIP_MAGIC
from ..readers.inputs import NOT_GZIP
from .fetch import SourceError

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json-lines", ".csv", ".json")
HEAD_BYTES = 4096  # enough of a file or response to tell its kind


def suffix(path: Path) -> str:
    """The file's suffix, lower-case, ignoring a final ".gz" ("a.XML.gz" -> ".xml")."""
    name = path.name.lower()
    name = name.removesuffix(".gz")
    return Path(name).suffix


def read_bytes(path: Path, limit: int, *, truncate: bool = False) -> bytes:
    """A file's bytes (gzip decompressed), at most `limit` of them.

    A file is gzip by its first bytes, whatever its name, as post files are (`readers`): trial
    110's gzip saved as feed.rss was read as text, three lines on its encoding, control
    characters and XML misleading the user. Raises SourceError for an unreadable or corrupt
    file, and for one larger than `limit` unless `truncate`, which returns its first `limit`
    bytes instead.
    """
    try:
        with ExitStack() as stack:
            stream: IO[bytes] | gzip.GzipFile = stack.enter_context(open(path, "rb"))
            start = stream.read(len(GZIP_MAGIC))
            stream.seek(0)
            if start == GZIP_MAGIC:
                stream = stack.enter_context(gzip.GzipFile(fileobj=stream, mode="rb"))
            elif path.name.lower().endswith(".gz") and start:
                raise SourceError(NOT_GZIP)
            data = stream.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        raise SourceError("truncated or corrupt gzip stream") from None
    except OSError as exc:
        raise SourceError(f"cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        if truncate:
            return data[:limit]
        raise SourceError(f"larger than {limit:,} bytes")
    return data


def source_kind(head: bytes) -> str:
    """'feed', 'html' or 'records' from the first bytes of a file (UTF-16 and UTF-32 too)."""
    if 0 in head[:4]:  # a UTF-16/32 byte-order mark or markup: its zero bytes hide the "<"
        found = textenc.detect(head[:HEAD_BYTES], final=False)
        head = head[:HEAD_BYTES].decode(found.encoding, errors="replace").encode("utf-8", "replace")
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:HEAD_BYTES].lower()
    if not text.startswith(b"<"):
        return "records"
    if b"<html" in text or b"<!doctype html" in text:
        return "html"
    return "feed"


def file_kind(path: Path) -> str:
    """'feed', 'html' or 'records': by the file's suffix, else by its first bytes."""
    ext = suffix(path)
    if ext in FEED_SUFFIXES:
        return "feed"
    if ext in HTML_SUFFIXES:
        return "html"
    if ext in RECORD_SUFFIXES:
        return "records"
    try:
        return source_kind(read_bytes(path, HEAD_BYTES, truncate=True))
    except SourceError:
        return "records"  # the readers report the damage
