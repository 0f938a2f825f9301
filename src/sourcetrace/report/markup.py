"""Safe HTML from untrusted text: escaping, visible control characters, http(s)-only links, and
excerpts with highlighted ranges (aligned spans and attribution evidence)."""

from __future__ import annotations

import html
import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import regex

from ..results import Match

# ---- escaping ------------------------------------------------------------------------------

# Characters that must not act on the page: C0/C1 controls (but tab and newline), bidi
# embeddings, overrides and isolates, and invisible characters used to split names. Each is
# replaced by a visible mark naming it.
# Every Bidi_Control character (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) is among
# them, as the terminal and CSV output escape each (safetext), and so are the invisible
# characters Unicode ignores by default (the Khmer inherent vowels, the Hangul fillers, the
# musical beam and phrase controls).
_CONTROL = regex.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a"
    r"\U000e0000-\U000e007f]"
)
_SHORT_NAMES = {
    "\u00ad": "SHY", "\u061c": "ALM", "\u200b": "ZWSP", "\u200c": "ZWNJ", "\u200d": "ZWJ",
    "\u200e": "LRM", "\u200f": "RLM", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF",
    "\u202d": "LRO", "\u202e": "RLO", "\u2060": "WJ", "\u2066": "LRI", "\u2067": "RLI",
    "\u2068": "FSI", "\u2069": "PDI", "\ufeff": "BOM",
}
# Joiners are part of the spelling of Persian and Indic scripts and of emoji sequences; they are
# only marked when they sit inside a Latin, Greek or Cyrillic word, where they serve no purpose
# but to break keyword search. The direction marks (LRM, RLM) are bidi controls, marked wherever
# they are, as README promises: trial 104's Arabic post showed its RLE and PDF as marks and left
# its RLMs raw, acting unseen (the letters around a mark are shown as they are; the paragraph's
# direction comes from its dir="auto").
_CONTEXTUAL = {"\u200c", "\u200d"}
_ALPHABETIC = regex.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}\p{Nd}]")


def _control_mark(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "control character")
    short = _SHORT_NAMES.get(char, code)
    return f'<span class="cc" title="{html.escape(code + " " + name)}">{html.escape(short)}</span>'


def esc(text: str) -> str:
    """HTML-escape text and turn control characters into visible, inert marks."""
    out: list[str] = []
    last = 0
    for m in _CONTROL.finditer(text):
        char = m.group()
        pos = m.start()
        if char in _CONTEXTUAL:
            before = text[pos - 1] if pos else ""
            after = text[pos + 1] if pos + 1 < len(text) else ""
            if not (_ALPHABETIC.match(before) and _ALPHABETIC.match(after)):
                continue  # legitimate use: leave it, the container isolates its direction
        out.append(html.escape(text[last:pos]))
        out.append(_control_mark(char))
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def attr(value: Any) -> str:
    """A value for a double-quoted HTML attribute: escaped, and each character `esc` shows as a
    mark (C0 and C1 controls, bidi and invisible characters) written as a numeric character
    reference, so that none is in the file raw (trial 72: an author's ESC in `data-account` and
    `<option value>` cleared the terminal of `cat report.html`).

    The value in the page is still the one value each attribute written so holds alike: the
    filters compare a card's `data-account` with an `<option>`'s value, both from `attr` (a
    browser reads a reference to a C1 control as its Windows-1252 character, in each alike)."""
    return _CONTROL.sub(_reference, html.escape(str(value), quote=True))


def _reference(match: regex.Match[str]) -> str:
    return f"&#x{ord(match.group()):X};"


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) URL without spaces or control characters, else None."""
    if not isinstance(url, str) or not url or len(url) > 2000:
        return None
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _link(url: Any, label: str) -> str:
    """An escaped external link, or the escaped label alone when the URL is not http(s)."""
    safe = safe_url(url)
    if safe is None:
        return esc(label)
    return f'<a href="{attr(safe)}" rel="noopener noreferrer nofollow" target="_blank">{esc(label)}</a>'


# ---- excerpts and highlights ---------------------------------------------------------------

@dataclass(frozen=True)
class Mark:
    """A highlighted range of a text: `kind` is "a0".."a4" for aligned spans, "ev" for evidence."""

    start: int
    end: int
    kind: str


def _clip_marks(marks: Sequence[Mark], length: int) -> list[Mark]:
    out = []
    for m in marks:
        s, e = max(0, m.start), min(length, m.end)
        if e > s:
            out.append(Mark(s, e, m.kind))
    return out


def _snap_left(text: str, pos: int, slack: int = 40) -> int:
    """Move `pos` left to the start of a word (at most `slack` characters)."""
    for i in range(pos, max(0, pos - slack) - 1, -1):
        if i == 0 or text[i - 1].isspace():
            return i
    return pos


def _snap_right(text: str, pos: int, slack: int = 40) -> int:
    for i in range(pos, min(len(text), pos + slack) + 1):
        if i == len(text) or text[i].isspace():
            return i
    return pos


def windows(text: str, marks: Sequence[Mark], context: int, whole_below: int,
            max_chars: int) -> list[tuple[int, int]]:
    """The parts of `text` to show: all of it when short, else the marks with some context.

    Windows closer than a line apart are merged; the total is capped at `max_chars`.
    """
    n = len(text)
    if n <= whole_below:
        return [(0, n)] if n else []
    if not marks:
        return [(0, _snap_right(text, min(n, 2 * context)))]
    spans = sorted(
        (_snap_left(text, max(0, m.start - context)), _snap_right(text, min(n, m.end + context)))
        for m in marks
    )
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1] + 80:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    out: list[tuple[int, int]] = []
    budget = max_chars
    for s, e in merged:
        if budget <= 0:
            break
        e = min(e, s + budget)
        out.append((s, e))
        budget -= e - s
    return out


def highlighted(text: str, marks: Sequence[Mark], context: int = 160, whole_below: int = 1500,
                max_chars: int = 2400) -> str:
    """Escaped text (or excerpts of it joined by "…") with the marks as <mark> elements.

    Marks may overlap: the text is cut at every mark boundary and each piece gets the classes of
    all marks covering it.
    """
    marks = _clip_marks(marks, len(text))
    parts: list[str] = []
    wins = windows(text, marks, context, whole_below, max_chars)
    if wins and wins[0][0] > 0:
        parts.append('<span class="gap">… </span>')
    for w, (ws, we) in enumerate(wins):
        if w:
            parts.append('<span class="gap"> … </span>')
        cuts = {ws, we}
        for m in marks:
            if m.end > ws and m.start < we:
                cuts.add(max(ws, m.start))
                cuts.add(min(we, m.end))
        points = sorted(cuts)
        for a, b in itertools.pairwise(points):
            kinds = sorted({m.kind for m in marks if m.start <= a and m.end >= b})
            piece = esc(text[a:b])
            if kinds:
                aligned = [k for k in kinds if k.startswith("a")]
                classes = ([aligned[0]] if aligned else []) + (["ev"] if "ev" in kinds else [])
                parts.append(f'<mark class="{" ".join(classes)}">{piece}</mark>')
            else:
                parts.append(piece)
    if wins and wins[-1][1] < len(text):
        parts.append('<span class="gap"> …</span>')
    return "".join(parts)


def match_marks(match: Match) -> tuple[list[Mark], list[Mark]]:
    """(post marks, article marks): aligned span k gets colour k % 5 on both sides; attribution
    evidence is marked on the post."""
    post: list[Mark] = []
    article: list[Mark] = []
    for k, span in enumerate(match.spans):
        kind = f"a{k % 5}"
        post.append(Mark(span["post"][0], span["post"][1], kind))
        article.append(Mark(span["article"][0], span["article"][1], kind))
    if match.attribution is not None:
        for ev in match.attribution.evidence:
            if ev.span:
                post.append(Mark(ev.span[0], ev.span[1], "ev"))
    return post, article
