"""Streaming readers for article and post files, optionally gzipped.

Line formats: JSONL, CSV (with an optional column mapping; separator sniffed) and plain text.
Export formats, each one JSON document read item by item: a JSON array of objects, an X/Twitter
archive `tweets.js`, a Mastodon `outbox.json`, a Telegram Desktop `result.json`, a Threads
`threads_and_replies.json`, a Bluesky API response; and a Bluesky repository (CAR, binary). Inside
the generic formats, platform records are read as their platform writes them (`platforms`:
twarc2 pages and flattened tweets, v1.1 tweets, Bluesky post views, Telethon messages, Instagram
posts, and the columns of twarc-csv, 4CAT, Meta Content Library and CrowdTangle). The format
comes from `fmt`, else the file name, else the first bytes of the file. Each format is one module
in `formats/` that registers itself (`registry.Format`). A folder stands for the post files it
holds (`folders`). A file in another encoding than UTF-8 is recoded (`encoding`).

Nothing stops a read: each record skipped, each record kept with a field blanked or repaired,
each post without text, and each remark about a whole input is handed to `on_problem` as a
`Problem` of kind SKIPPED, WARNING, NO_TEXT or NOTE (printed by the CLI as `FILE:LINE: reason —
skipped` / `— kept` / ...). Only a file that cannot be used at all (missing, an unknown format, a
CSV no column of which gives the text, plain text given as articles, a folder without post files) raises
`InputError`, and for files given by name that is found before anything is read. Files are read
as bytes in bounded pieces (one line, one export item or one CAR block), so neither a huge file
nor a huge record is ever held in memory.
"""

from __future__ import annotations

from . import formats  # noqa: F401  (registers every format before the lists below are made)
from .columns import POST_FIELDS
from .documents import MAX_RECORD_BYTES
from .html_text import html_to_text
from .lines import MAX_LINE_BYTES
from .problems import (
    NO_TEXT,
    NOTE,
    PROBLEM_KINDS,
    SKIPPED,
    WARNING,
    Problem,
    ProblemHandler,
    skipped_in_folder,
)
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
    "NOTE",
    "NO_TEXT",
    "POST_FIELDS",
    "POST_FORMATS",
    "PROBLEM_KINDS",
    "SKIPPED",
    "WARNING",
    "Problem",
    "ProblemHandler",
    "html_to_text",
    "read_articles",
    "read_gold",
    "read_jsonl",
    "read_posts",
    "skipped_in_folder",
]
