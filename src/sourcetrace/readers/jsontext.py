"""JSON text to values, with lone surrogates repaired before they exist.

JSON may escape a lone UTF-16 surrogate ("\\ud800"); Python's json turns it into a str that no
UTF-8 writer or SQLite accepts, so one such escape in a hostile post used to lose a whole run.
Every JSON value a reader parses goes through `loads`, which replaces each lone surrogate escape
with U+FFFD first and says how many it replaced, for a warning line.
"""

from __future__ import annotations

import json
import re
from typing import Any

# A cheap test first: most JSON holds no surrogate escape at all.
_ANY_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
# Left to right: an escaped backslash (skipped, so "\\\\ud800" stays text), a valid pair (kept),
# or a lone surrogate escape (replaced).
_ESCAPES = re.compile(
    r"(\\\\)|(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
)
REPLACEMENT = "\\ufffd"


def repair(text: str) -> tuple[str, int]:
    """JSON text with each lone surrogate escape replaced by an escaped U+FFFD, and the count."""
    if not _ANY_SURROGATE.search(text):
        return text, 0
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(1) or match.group(2):
            return match.group()
        count += 1
        return REPLACEMENT

    return _ESCAPES.sub(fix, text), count


def loads(data: str | bytes) -> tuple[Any, int]:
    """The JSON value of `data` (bytes must be UTF-8) and how many lone surrogates were replaced.

    Raises what json.loads raises: UnicodeDecodeError, json.JSONDecodeError (a ValueError),
    ValueError for an over-long integer, RecursionError for deep nesting.
    """
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    text, count = repair(text)
    try:
        return json.loads(text), count
    except json.JSONDecodeError as exc:
        if not exc.msg.startswith("Invalid control character"):
            raise
        # a raw tab, ESC or NUL inside a string (JSON wants them escaped): the record is kept,
        # read as written; the text's own checks (NULs removed, terminal escapes shown) follow
        return json.loads(text, strict=False), count


def surrogate_warning(count: int) -> str:
    """The warning for a record whose JSON held `count` lone surrogates."""
    return (
        f"{count} invalid character{'s' if count > 1 else ''} (lone surrogate escapes)"
        " replaced with U+FFFD"
    )
