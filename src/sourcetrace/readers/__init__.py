"""Streaming readers for article and post files, optionally gzipped.

Line formats: JSONL, CSV (with an optional column mapping) and plain text. Export formats, each
one JSON document read item by item: a JSON array of objects, an X/Twitter archive `tweets.js`,
a Mastodon `outbox.json` and a Telegram Desktop `result.json`. The format comes from `fmt`, else
the file name, else the first bytes of the file. Each format is one module in `formats/` that
registers itself (`registry.Format`).

A bad record never stops a read: it is handed to `on_problem` as a `Problem` (printed by the CLI
as `FILE:LINE: reason — skipped`) and reading goes on with the next one. Only a file that cannot
be used at all (missing, an unknown format, a CSV without a `text` column, plain text given as
articles) raises `InputError`, and for files given by name that is found before anything is read.
Files are read as bytes in bounded pieces (one line, or one export item), so neither a huge file
nor a huge record is ever held in memory.
"""

from __future__ import annotations

from . import formats  # noqa: F401  (registers every format before the lists below are made)
from .columns import POST_FIELDS
from .documents import MAX_RECORD_BYTES
from .html_text import html_to_text
from .lines import MAX_LINE_BYTES
from .problems import Problem, ProblemHandler
from .reading import read_articles, read_gold, read_jsonl, read_posts
from .registry import document_names, line_names

# The line formats (one record a line) and the export formats (one JSON document read item by
# item: an array of objects, and three platform exports); a post file may be any of them.
FORMATS = line_names()
EXPORT_FORMATS = document_names()
POST_FORMATS = FORMATS + EXPORT_FORMATS

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "MAX_LINE_BYTES",
    "MAX_RECORD_BYTES",
    "POST_FIELDS",
    "POST_FORMATS",
    "Problem",
    "ProblemHandler",
    "html_to_text",
    "read_articles",
    "read_gold",
    "read_jsonl",
    "read_posts",
]
