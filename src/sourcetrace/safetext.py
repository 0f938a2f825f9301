"""Untrusted text made safe to print: on a terminal, in JSON, in a spreadsheet cell.

Article text and outlet names come from shared index folders; post text, authors and ids from
the accounts under study; report files from anyone. Printed raw, an ESC starts a CSI or OSC
sequence (clear the screen, set the window title, make a hidden hyperlink), a C1 control does the
same on terminals that read 8-bit controls, a carriage return overwrites what was printed, and a
bidi override reorders the line. So:

- `for_terminal` shows every such character as a visible escape (`\\x1b`, `\\u202e`): no
  sequence can act, and what the data held stays visible as evidence. rich's `Text` (markup off)
  is not enough on its own: it drops BEL, BS, VT, FF and CR but passes ESC, C1 and bidi controls.
- `json_dumps` is `json.dumps(..., ensure_ascii=False)` with the characters JSON leaves raw
  (DEL, C1, bidi controls, line and paragraph separators) written as `\\uXXXX` escapes: the same
  data once parsed, and no raw control character in the bytes.
- `formula_risk` tells a spreadsheet cell that would be read as a formula (CSV injection), also
  when whitespace, a line break or a full-width sign comes before the `=`.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import regex

# Characters that act on a terminal or reorder its line: C0 controls but tab and newline, DEL, C1
# controls, the bidi embeddings, overrides, isolates and marks, and the line/paragraph separators.
_UNSAFE = regex.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# In a one-line value (a table cell, a name) tab and newline are escaped too.
_UNSAFE_INLINE = regex.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# What json.dumps(ensure_ascii=False) leaves raw that a terminal may act on (it escapes < 0x20).
_JSON_RAW = regex.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: regex.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(value: Any, *, inline: bool = False) -> str:
    """`value` as a string with every control, C1 and bidi character shown as a visible escape.

    `inline`: also tab and newline (a table cell or a one-line field). None gives "".
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return (_UNSAFE_INLINE if inline else _UNSAFE).sub(_escape, text)


def json_dumps(data: Any, **kwargs: Any) -> str:
    """JSON text (non-ASCII kept readable) holding no raw control, C1 or bidi character.

    Accepts `json.dumps`'s keyword arguments (ensure_ascii is always False).
    """
    kwargs["ensure_ascii"] = False
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, **kwargs))


# ---- spreadsheet cells -----------------------------------------------------------------------

# A cell a spreadsheet reads as a formula starts with one of these (OWASP "CSV Injection"); the
# full-width and small forms (＝ ﹦ ＋ ﹢ － ﹣ ＠ ﹫) become them under NFKC, and some spreadsheet
# programs trim leading blanks and line breaks before reading a cell, so they are looked past.
_FORMULA = frozenset("=+-@")
_MINUS_SIGNS = frozenset("\u2212\u2796")  # MINUS SIGN, HEAVY MINUS SIGN (not mapped by NFKC)


def formula_risk(value: str) -> bool:
    """True when a spreadsheet could read the text cell as a formula.

    That is: it starts with a tab or carriage return (OWASP), or its first character that is not
    whitespace, a control or an invisible format character is = + - @ in any width.
    """
    if value[:1] in ("\t", "\r"):
        return True
    for char in value:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            continue
        return char in _MINUS_SIGNS or unicodedata.normalize("NFKC", char)[:1] in _FORMULA
    return False
