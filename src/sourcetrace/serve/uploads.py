"""Request bodies to posts: a JSONL body, or an uploaded file in any format `check` reads.

The body (already bounded in size by the guard) is written to a private temporary folder under
a name made from the client's file name (only its last part, only safe characters: the format is
told by the name as for `check`), read with `readers.read_posts`, and removed. Problems are the
same one-line problems as on the command line, naming the client's file, and counted as there:
a record skipped, a record kept with a field blanked or repaired, a post without text.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError
from ..readers import NO_TEXT, SKIPPED, WARNING, Problem, read_posts
from ..records import Post

# A body without a file name is named after its content type, so the format is told as for a
# file; anything else is sniffed from its first bytes.
_BY_TYPE = {
    "application/x-ndjson": "posts.jsonl", "application/jsonl": "posts.jsonl",
    "application/json-lines": "posts.jsonl", "application/ndjson": "posts.jsonl",
    "text/csv": "posts.csv", "application/json": "posts.json", "text/plain": "posts.txt",
    "application/gzip": "posts.jsonl.gz",
}
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_PROBLEMS = 100  # problem lines kept per request (all are counted)


def body_name(filename: str | None, content_type: str | None) -> str:
    """A safe local file name for an upload: the client's name (last part, safe characters) or
    one from the content type."""
    if filename:
        name = _UNSAFE_NAME.sub("_", filename.replace("\\", "/").rsplit("/", 1)[-1]).lstrip(".")
        if name:
            return name[-100:]
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return _BY_TYPE.get(media, "posts")


class Upload:
    """The posts of one request body, read in full (the body is bounded), with its problems."""

    def __init__(self, data: bytes, name: str, fmt: str | None = None,
                 columns: Mapping[str, str] | None = None, dayfirst: bool = False,
                 shown: str | None = None) -> None:
        # what problem lines call the posts: the client's file name, or "body" for a raw body
        # that named none (trial 13 read "posts.jsonl:3", a name it never gave)
        self.name = shown or name
        self.problems: list[str] = []
        self.skipped = 0  # records left out
        self.warnings = 0  # records kept with a field blanked or repaired
        self.no_text = 0  # posts without text, not checked (counted, not listed: as `check` without -v)
        with tempfile.TemporaryDirectory(prefix="sourcetrace-upload-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)

            def problem(item: Problem) -> None:
                # counted and worded by kind, as `check` does (cli.common.ProblemCounter)
                if item.kind == NO_TEXT:
                    self.no_text += 1
                    return
                if item.kind == SKIPPED:
                    self.skipped += 1
                elif item.kind == WARNING:
                    self.warnings += 1
                if len(self.problems) < MAX_PROBLEMS:
                    # worded for the API: its option is the query parameter, not check's flag
                    reason = item.reason.replace(str(path), self.name).replace("--dayfirst", "?dayfirst=true")
                    self.problems.append(str(dataclasses.replace(item, path=self.name, reason=reason)))

            try:
                self.posts: list[Post] = list(read_posts([path], problem, fmt=fmt, columns=columns,
                                                         dayfirst=dayfirst))
            except InputError as exc:  # unknown format, no text column...: said of the client's file
                raise InputError(str(exc).replace(str(path), self.name)) from None
