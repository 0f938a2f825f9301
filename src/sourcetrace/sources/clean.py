"""The fields of an article from a feed or a page, made safe to store before it becomes an
`Article`: lone surrogates (a "\\ud800" JSON escape in a page's metadata, a "&#xD800;" reference
the tolerant feed parser let through) become U+FFFD and control characters are removed, so that
neither SQLite nor an output writer ever fails on them; text that reads like mojibake is repaired
when ftfy can, and otherwise stored with a warning line. Every change is said on a warning line
(`warn`: the `sourcetrace.sources` logger, which the CLI prints on stderr).
"""

from __future__ import annotations

import logging
from typing import Any

from .. import textenc

log = logging.getLogger("sourcetrace.sources")


def warn(where: str, line: int, message: str) -> None:
    """One warning line about a source that is still read: "FILE:LINE: message" (line 0: the
    whole source)."""
    log.warning("%s: %s", f"{where}:{line}" if line > 0 else where, message)


class TextCheck:
    """Checks the articles of one source (a feed, a page) and says what it changed."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.mojibake = 0
        self.checked = 0

    def fields(self, fields: dict[str, Any], line: int = 0, what: str = "article") -> dict[str, Any]:
        """`fields` (an Article's, by name) with mojibake repaired where possible and unsafe
        characters replaced (see `textenc.scrub`); a warning line for each kind of change."""
        self.checked += 1
        out = dict(fields)
        repaired = False
        for key in ("title", "text"):
            value = out.get(key)
            if isinstance(value, str) and textenc.looks_like_mojibake(value):
                fixed = textenc.repair(value)
                if fixed is not None:
                    out[key], repaired = fixed, True
                elif key == "text":
                    self.mojibake += 1
                    if self.mojibake == 1:
                        warn(self.where, line, f"{what} text reads like mojibake (decoded with the"
                             " wrong encoding at its source, or by a wrong guess here); stored as it is")
        if repaired:
            warn(self.where, line, f"{what} text was mojibake (UTF-8 read as another encoding); repaired")
        replaced = 0
        for key, value in out.items():
            if isinstance(value, str):
                out[key], count = textenc.scrub(value)
                replaced += count
        if replaced:
            warn(self.where, line, f"{replaced} invalid characters in the {what} (lone surrogates"
                 " or control characters) replaced")
        return out

    def close(self) -> None:
        """One closing line when more than one article read like mojibake."""
        if self.mojibake > 1:
            warn(self.where, 0, f"{self.mojibake} of {self.checked} articles read like mojibake"
                 " (stored with this warning)")
