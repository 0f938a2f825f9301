"""Reports people read: a self-contained HTML evidence report and a CSV file, from check results.

Both take the JSON contract of `check` (one object per post) plus the post's text; the HTML report
also needs the matched articles' texts (a lookup such as `Index.store.text_of`) to show the
copied passage next to the post.

Post and article texts are attacker-controlled. In the HTML every piece of text goes through
`html.escape`; invisible and bidi control characters are shown as visible marks instead of acting
(so an RTL override cannot reorder the page, and zero-width tricks are shown as evidence); links
are emitted only for http(s) URLs; and a Content-Security-Policy allows no script but the
report's own (by hash), no network access and no external resources. In the CSV, cells that a
spreadsheet would read as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import itertools
import os
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

import regex

from . import __version__
from .accounts import (
    NO_AUTHOR,
    NOT_ANALYSED,
    AccountTally,
    attribution_status,
    is_state_media,
    parse_time,
)
from .errors import InputError
from .match import MATCH_TYPES

if TYPE_CHECKING:
    from typing_extensions import Self

ArticleText = Callable[[str], str]

ATTRIBUTION_ORDER = ("unattributed", "evasive", "attributed", NOT_ANALYSED)
ATTRIBUTION_LABEL = {
    "unattributed": "unattributed",
    "evasive": "evasive credit",
    "attributed": "attributed",
    NOT_ANALYSED: "not analysed",
}


# ---- escaping ------------------------------------------------------------------------------

# Characters that must not act on the page: C0/C1 controls (but tab and newline), bidi
# embeddings, overrides and isolates, and invisible characters used to split names. Each is
# replaced by a visible mark naming it.
_CONTROL = regex.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_SHORT_NAMES = {
    "\u00ad": "SHY", "\u061c": "ALM", "\u200b": "ZWSP", "\u200c": "ZWNJ", "\u200d": "ZWJ",
    "\u200e": "LRM", "\u200f": "RLM", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF",
    "\u202d": "LRO", "\u202e": "RLO", "\u2060": "WJ", "\u2066": "LRI", "\u2067": "RLI",
    "\u2068": "FSI", "\u2069": "PDI", "\ufeff": "BOM",
}
# Joiners and direction marks are ordinary in Arabic, Persian, Hebrew, Indic scripts and emoji
# sequences; they are only marked when they sit inside a Latin, Greek or Cyrillic word, where
# they serve no purpose but to break keyword search.
_CONTEXTUAL = {"\u200c", "\u200d", "\u200e", "\u200f"}
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
    """A value for a double-quoted HTML attribute."""
    return html.escape(str(value), quote=True)


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


def _int_pair(value: Any) -> tuple[int, int] | None:
    if (isinstance(value, (list, tuple)) and len(value) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in value)):
        return int(value[0]), int(value[1])
    return None


def match_marks(match: Mapping[str, Any]) -> tuple[list[Mark], list[Mark]]:
    """(post marks, article marks): aligned span k gets colour k % 5 on both sides; attribution
    evidence is marked on the post."""
    post: list[Mark] = []
    article: list[Mark] = []
    for k, span in enumerate(match.get("spans") or []):
        if not isinstance(span, dict):
            continue
        kind = f"a{k % 5}"
        p, a = _int_pair(span.get("post")), _int_pair(span.get("article"))
        if p:
            post.append(Mark(p[0], p[1], kind))
        if a:
            article.append(Mark(a[0], a[1], kind))
    attribution = match.get("attribution")
    if isinstance(attribution, dict):
        for ev in attribution.get("evidence") or []:
            span = _int_pair(ev.get("span")) if isinstance(ev, dict) else None
            if span:
                post.append(Mark(span[0], span[1], "ev"))
    return post, article


# ---- CSV -----------------------------------------------------------------------------------

CSV_FIELDS = (
    "post_id", "author", "platform", "post_url", "created_at", "post_lang", "rank",
    "article_id", "outlet", "article_title", "article_url", "published_at", "article_lang",
    "match_type", "confidence", "lexical_containment", "semantic", "source_first",
    "attribution", "credited", "evidence", "post_span", "article_span", "post_text",
    "article_passage",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas (CSV injection): text cells starting with =, +, -, @ ..."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_rows(result: Mapping[str, Any], post_text: str | None = None,
             article_text: ArticleText | None = None) -> Iterator[dict[str, Any]]:
    """One row per (post, match), in rank order; nothing for a post without a match."""
    post = result.get("post") or {}
    for rank, m in enumerate(result.get("matches") or [], 1):
        art = m.get("article") or {}
        signals = m.get("signals") or {}
        attribution = m.get("attribution") if isinstance(m.get("attribution"), dict) else {}
        spans = [s for s in m.get("spans") or [] if isinstance(s, dict)]
        first = spans[0] if spans else {}
        p_span, a_span = _int_pair(first.get("post")), _int_pair(first.get("article"))
        passage = ""
        if article_text is not None and a_span and art.get("id"):
            passage = " ".join(article_text(str(art["id"]))[a_span[0]:a_span[1]].split())[:1000]
        evidence = "; ".join(
            f"{ev.get('rule', '?')}: {ev.get('text', '')}"
            for ev in attribution.get("evidence") or [] if isinstance(ev, dict)
        )
        row = {
            "post_id": post.get("id"), "author": post.get("author"), "platform": post.get("platform"),
            "post_url": post.get("url"), "created_at": post.get("created_at"),
            "post_lang": post.get("lang"), "rank": rank,
            "article_id": art.get("id"), "outlet": art.get("outlet"), "article_title": art.get("title"),
            "article_url": art.get("url"), "published_at": art.get("published_at"),
            "article_lang": art.get("lang"), "match_type": m.get("match_type"),
            "confidence": m.get("confidence"),
            "lexical_containment": signals.get("lexical_containment"),
            "semantic": signals.get("semantic"),
            "source_first": "" if m.get("source_first") is None else str(bool(m.get("source_first"))).lower(),
            "attribution": attribution_status(m) if attribution else "",
            "credited": attribution.get("credited"), "evidence": evidence,
            "post_span": f"{p_span[0]}-{p_span[1]}" if p_span else "",
            "article_span": f"{a_span[0]}-{a_span[1]}" if a_span else "",
            "post_text": post_text if post_text is not None else post.get("text"),
            "article_passage": passage,
        }
        yield {k: _cell("" if v is None else v) for k, v in row.items()}


class CsvReport:
    """Writes CSV rows as results arrive (streaming; nothing is kept in memory)."""

    def __init__(self, fh: IO[str], article_text: ArticleText | None = None) -> None:
        self._writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        self._writer.writeheader()
        self.article_text = article_text
        self.rows = 0

    def add(self, result: Mapping[str, Any], post_text: str | None = None) -> None:
        for row in csv_rows(result, post_text, self.article_text):
            self._writer.writerow(row)
            self.rows += 1


# ---- HTML ----------------------------------------------------------------------------------

@dataclass
class ReportMeta:
    """What was checked against what: shown at the top of the report."""

    inputs: list[str] = field(default_factory=list)
    index: Mapping[str, Any] | None = None  # Index.stats()
    skipped: int = 0
    seconds: float | None = None
    title: str = "sourcetrace evidence report"
    generated_at: str = field(
        default_factory=lambda: datetime.now(timezone.utc).replace(microsecond=0).isoformat())


class _CachedTexts:
    """Article texts by id, looked up once each (many posts copy the same article)."""

    def __init__(self, lookup: ArticleText | None, size: int = 256) -> None:
        self.lookup = lookup
        self.size = size
        self._cache: dict[str, str] = {}

    def __call__(self, article_id: str) -> str:
        if self.lookup is None or not article_id:
            return ""
        text = self._cache.get(article_id)
        if text is None:
            text = self.lookup(article_id) or ""
            if len(self._cache) >= self.size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[article_id] = text
        return text


class HtmlReport:
    """Collects check results and renders one self-contained HTML file.

    Cards are rendered as results arrive (only their HTML is kept); the summary at the top is
    rendered at the end. Past `max_cards` matched posts, the summary still counts every post but
    no more cards are added (the report says so).
    """

    def __init__(self, article_text: ArticleText | None = None, meta: ReportMeta | None = None,
                 max_cards: int = 20_000, state_of: Callable[[str | None], bool] = is_state_media) -> None:
        self.article_text = _CachedTexts(article_text)
        self.meta = meta or ReportMeta()
        self.max_cards = max_cards
        self.state_of = state_of
        self.posts = 0
        self.copies = 0
        self.cards: list[str] = []
        self.by_type_attr: Counter[tuple[str, str]] = Counter()
        self.by_outlet: Counter[str] = Counter()
        self.unattributed_by_outlet: Counter[str] = Counter()
        self.outlet_options: Counter[str] = Counter()
        self.account_options: Counter[str] = Counter()
        self.days: dict[date, Counter[str]] = defaultdict(Counter)
        self.undated = 0
        self.accounts = AccountTally(state_of)

    # ---- collecting ----

    def add(self, result: Mapping[str, Any], post_text: str | None = None) -> None:
        """Count one post object (any status) and render its card if it has matches."""
        self.posts += 1
        self.accounts.add(result, post_text)
        matches = [m for m in result.get("matches") or [] if isinstance(m, dict)]
        if not matches:
            return
        self.copies += 1
        top = matches[0]
        status = attribution_status(top)
        outlet = str((top.get("article") or {}).get("outlet") or "?")
        self.by_type_attr[(str(top.get("match_type") or "?"), status)] += 1
        self.by_outlet[outlet] += 1
        if status == "unattributed":
            self.unattributed_by_outlet[outlet] += 1
        created = parse_time((result.get("post") or {}).get("created_at"))
        if created is None:
            self.undated += 1
        else:
            self.days[created.astimezone(timezone.utc).date()][status] += 1
        for m in matches:
            self.outlet_options[str((m.get("article") or {}).get("outlet") or "?")] += 1
        post = result.get("post") or {}
        self.account_options[str(post.get("author") or NO_AUTHOR)] += 1
        if len(self.cards) < self.max_cards:
            text = post_text if post_text is not None else str(post.get("text") or "")
            self.cards.append(self._card(post, text, matches))

    def _card(self, post: Mapping[str, Any], text: str, matches: list[dict[str, Any]]) -> str:
        author = str(post.get("author") or "")
        head = [f'<b class="pid">{esc(str(post.get("id") or ""))}</b>']
        if author:
            head.append(f'<span class="who">{esc(author)}</span>')
        author = author or NO_AUTHOR
        for key in ("platform", "lang"):
            if post.get(key):
                head.append(f'<span class="tag">{esc(str(post[key]))}</span>')
        if post.get("created_at"):
            head.append(f'<time>{esc(_short_time(post["created_at"]))}</time>')
        if safe_url(post.get("url")):
            head.append(_link(post.get("url"), "post ↗"))
        body = [self._match(m, text, k) for k, m in enumerate(matches)]
        more = ""
        if len(body) > 1:
            more = (f'<details class="more"><summary>{len(body) - 1} more match'
                    f'{"es" if len(body) > 2 else ""}</summary>{"".join(body[1:])}</details>')
        return (f'<article class="card" data-account="{attr(author)}">'
                f'<header>{" ".join(head)}</header>{body[0]}{more}</article>')

    def _match(self, m: Mapping[str, Any], post_text: str, rank: int) -> str:
        art = m.get("article") or {}
        outlet = str(art.get("outlet") or "?")
        mtype = str(m.get("match_type") or "?")
        status = attribution_status(m)
        attribution = m.get("attribution") if isinstance(m.get("attribution"), dict) else None
        post_marks, art_marks = match_marks(m)
        article_id = str(art.get("id") or "")
        article_text = self.article_text(article_id)
        conf = m.get("confidence")
        conf_s = f"{conf:.2f}" if isinstance(conf, (int, float)) else "?"

        badges = [
            f'<span class="b t-{attr(mtype)}">{esc(mtype.replace("_", " "))}</span>',
            f'<span class="b conf" title="calibrated confidence">{esc(conf_s)}</span>',
            f'<span class="b s-{attr(status)}">{esc(ATTRIBUTION_LABEL[status])}</span>',
        ]
        if attribution and attribution.get("credited"):
            badges.append(f'<span class="b">credits {esc(str(attribution["credited"]))}</span>')
        if m.get("source_first") is False:
            badges.append('<span class="b warn" title="the post is dated before the article">'
                          'post predates article</span>')

        title = str(art.get("title") or article_id or "article")
        src = [f'<span class="tag">{esc(outlet)}</span>']
        if self.state_of(art.get("outlet")):
            src.append('<span class="tag state">state media</span>')
        src.append(_link(art.get("url"), title))
        if art.get("published_at"):
            src.append(f'<time>{esc(_short_time(art["published_at"]))}</time>')
        if art.get("lang"):
            src.append(f'<span class="tag">{esc(str(art["lang"]))}</span>')
        src.append(f'<span class="aid">{esc(article_id)}</span>')

        if article_text:
            article_html = highlighted(article_text, art_marks)
        else:
            article_html = '<i class="na">article text not available (not in this index)</i>'
        post_html = highlighted(post_text, post_marks, context=400, whole_below=4000, max_chars=4000)

        evidence = ""
        if attribution:
            items = []
            for ev in attribution.get("evidence") or []:
                if isinstance(ev, dict):
                    items.append(f'<li><code>{esc(str(ev.get("rule") or "?"))}</code> '
                                 f'<mark class="ev">{esc(str(ev.get("text") or ""))}</mark></li>')
            if items:
                evidence = f'<ul class="evidence">{"".join(items)}</ul>'
        return (
            f'<section class="match" data-outlet="{attr(outlet)}" data-type="{attr(mtype)}"'
            f' data-attribution="{attr(status)}">'
            f'<div class="badges">{"".join(badges)}</div>'
            f'<div class="src">{" ".join(src)}</div>'
            f'<div class="pair"><div><h4>Post</h4><p class="txt" dir="auto">{post_html}</p></div>'
            f'<div><h4>Article passage</h4><p class="txt" dir="auto">{article_html}</p></div></div>'
            f'{evidence}<p class="sig">{_signals(m.get("signals"))}</p></section>'
        )

    # ---- rendering ----

    def render(self) -> str:
        """The whole report as one HTML string."""
        script = _SCRIPT
        # only this style sheet and this script may apply (by hash); no network, no plugins
        csp = (f"default-src 'none'; style-src '{_sha256(_CSS)}'; script-src '{_sha256(script)}'; "
               "img-src data:; base-uri 'none'; form-action 'none'")
        omitted = self.copies - len(self.cards)
        note = (f'<p class="warn">{omitted:,} more matched posts are counted above but have no '
                f'card (limit {self.max_cards:,}); see the JSONL or CSV output.</p>') if omitted > 0 else ""
        return "".join([
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{attr(csp)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(self.meta.title)}</title><style>{_CSS}</style></head><body>",
            f'<header class="top"><h1>{esc(self.meta.title)}</h1>{self._overview()}</header>',
            f"<main>{self._summary()}{self._timeline()}{self._accounts()}",
            self._filters(),
            f'<div id="cards">{"".join(self.cards)}</div>{note}',
            '<p id="none" hidden>No card fits these filters.</p></main>',
            f"<script>{script}</script></body></html>",
        ])

    def write(self, path: Path) -> int:
        """Write the report atomically (temporary file, then rename); return its size in bytes."""
        data = self.render().encode("utf-8")
        tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InputError(f"cannot write {path}: {exc.strerror}") from None
        return len(data)

    def _overview(self) -> str:
        meta = self.meta
        rows = [("generated", f"{meta.generated_at} by sourcetrace {__version__}")]
        if meta.inputs:
            rows.append(("posts from", ", ".join(meta.inputs)))
        line = f"{self.posts:,} posts checked: {self.copies:,} copy, {self.posts - self.copies:,} no match"
        if meta.skipped:
            line += f"; {meta.skipped:,} bad records skipped"
        if meta.seconds:
            line += f" ({meta.seconds:.1f}s)"
        rows.append(("result", line))
        info = meta.index
        if info:
            counts = info.get("counts") or {}
            sizes = f"{_num(counts.get('articles'))} articles, {_num(counts.get('passages'))} passages"
            rows.append(("index", f"{info.get('path', '?')}: {sizes}, encoder {info.get('encoder', '?')}"))
            published = info.get("published") or {}
            rows.append(("articles published",
                         f"{_short_time(published.get('first')) or '?'} – {_short_time(published.get('last')) or '?'}"))
            rows.append(("index updated", f"{info.get('updated_at', '?')} (generation {info.get('generation', '?')})"))
            outlets = info.get("outlets") or {}
            if outlets:
                rows.append(("outlets indexed", ", ".join(f"{k} {v:,}" for k, v in list(outlets.items())[:15])))
        return '<dl class="ov">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(str(v))}</dd>" for k, v in rows) + "</dl>"

    def _summary(self) -> str:
        statuses = [s for s in ATTRIBUTION_ORDER if any(k[1] == s for k in self.by_type_attr)]
        types = [t for t in MATCH_TYPES if any(k[0] == t for k in self.by_type_attr)]
        types += sorted({k[0] for k in self.by_type_attr} - set(types))
        head = "".join(f'<th class="s-{attr(s)}">{esc(ATTRIBUTION_LABEL[s])}</th>' for s in statuses)
        rows = []
        for t in types:
            cells = "".join(f"<td>{self.by_type_attr[(t, s)] or ''}</td>" for s in statuses)
            total = sum(self.by_type_attr[(t, s)] for s in statuses)
            rows.append(f"<tr><th>{esc(t.replace('_', ' '))}</th>{cells}<td><b>{total}</b></td></tr>")
        totals = "".join(f"<td><b>{sum(self.by_type_attr[(t, s)] for t in types)}</b></td>" for s in statuses)
        by_type = (f'<table><caption>Matched posts by match type and attribution (top match)</caption>'
                   f'<tr><th></th>{head}<th>total</th></tr>{"".join(rows)}'
                   f'<tr><th>total</th>{totals}<td><b>{self.copies}</b></td></tr></table>')
        outlet_rows = "".join(
            f'<tr><th>{esc(o)}{" <small>(state)</small>" if self.state_of(None if o == "?" else o) else ""}</th>'
            f"<td>{n}</td><td>{self.unattributed_by_outlet[o] or ''}</td></tr>"
            for o, n in self.by_outlet.most_common(15)
        )
        by_outlet = (f'<table><caption>Outlets copied</caption><tr><th>outlet</th><th>posts</th>'
                     f'<th>unattributed</th></tr>{outlet_rows}</table>')
        return (f'<section class="summary"><div class="scroll">{by_type}</div>'
                f'<div class="scroll">{by_outlet}</div></section>') if self.copies else (
            '<p>No post copies an indexed article.</p>')

    def _timeline(self) -> str:
        if not self.days:
            return ""
        first, last = min(self.days), max(self.days)
        span = (last - first).days + 1
        if span <= 120:
            unit, step, start = "day", 1, first
        elif span <= 2 * 366:
            unit, step, start = "week", 7, first - timedelta(days=first.weekday())
        else:
            unit, step, start = "month", 0, first.replace(day=1)
        buckets: dict[date, Counter[str]] = defaultdict(Counter)
        for day, counts in self.days.items():
            if unit == "day":
                key = day
            elif unit == "week":
                key = day - timedelta(days=day.weekday())
            else:
                key = day.replace(day=1)
            buckets[key].update(counts)
        keys: list[date] = []
        cur = start
        while cur <= last:
            keys.append(cur)
            cur = cur + timedelta(days=step) if step else (
                cur.replace(year=cur.year + 1, month=1) if cur.month == 12 else cur.replace(month=cur.month + 1))
        peak = max(sum(c.values()) for c in buckets.values())
        width, height, bar = 8, 100, 6
        rects = []
        for i, key in enumerate(keys):
            counts = buckets.get(key, Counter())
            total = sum(counts.values())
            if not total:
                continue
            y = float(height)
            parts = []
            for status in ATTRIBUTION_ORDER:
                n = counts[status]
                if not n:
                    continue
                h = n / peak * (height - 4)
                y -= h
                parts.append(f'<rect class="s-{status}" x="{i * width}" y="{y:.2f}" width="{bar}" height="{h:.2f}"/>')
            detail = ", ".join(f"{counts[s]} {ATTRIBUTION_LABEL[s]}" for s in ATTRIBUTION_ORDER if counts[s])
            rects.append(f"<g><title>{esc(f'{key.isoformat()}: {total} copies ({detail})')}</title>{''.join(parts)}</g>")
        view_w = max(len(keys) * width, 40)
        legend = "".join(f'<span class="lg s-{s}">{esc(ATTRIBUTION_LABEL[s])}</span>'
                         for s in ATTRIBUTION_ORDER if any(c[s] for c in buckets.values()))
        undated = f"; {self.undated} undated" if self.undated else ""
        return (
            f'<section class="timeline"><h2>Copies per {unit}</h2>'
            f'<svg role="img" aria-label="copies per {unit}" viewBox="0 0 {view_w} {height}" '
            f'preserveAspectRatio="none">{"".join(rects)}</svg>'
            f'<div class="axis"><span>{esc(keys[0].isoformat())}</span><span>peak {peak}/{unit}{esc(undated)}</span>'
            f'<span>{esc(keys[-1].isoformat())}</span></div><div>{legend}</div></section>'
        )

    def _accounts(self, limit: int = 25) -> str:
        ranked = [a for a in self.accounts.accounts() if a.state_copies][:limit]
        if not ranked:
            return ""
        rows = []
        for a in ranked:
            shared = str(a.shared_copies or "")
            if a.shared_with:
                shared += " <small>with " + esc(", ".join(n for n, _ in a.shared_with.most_common(3))) + "</small>"
            name = esc(a.account)
            cell = (f'<button type="button" class="acct" data-account="{attr(a.account)}">'
                    f"{name}</button>")
            rows.append(
                f"<tr><td>{cell}</td><td>{a.posts}</td><td>{a.state_copies}</td>"
                f'<td class="n-unattributed">{a.unattributed or ""}</td><td>{a.evasive or ""}</td>'
                f'<td>{a.attribution["attributed"] or ""}</td><td>{shared}</td></tr>'
            )
        return (
            '<section class="accounts"><h2>Accounts reposting state media without credit</h2>'
            '<div class="scroll"><table><tr><th>account</th><th>posts</th><th>state-media copies</th>'
            '<th>unattributed</th><th>evasive</th><th>attributed</th>'
            '<th title="copies near-identical to another account\'s copy">shared copies</th></tr>'
            f'{"".join(rows)}</table></div><p class="hint">Ranked by unattributed state-media copies; '
            "click an account to filter the cards. Shared copies are near-identical copies of the "
            "same article posted by other accounts too.</p></section>"
        )

    def _filters(self) -> str:
        def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
            opts = "".join(f'<option value="{attr(v)}">{esc(t)}</option>' for v, t in options)
            return (f'<label>{esc(label)} <select data-filter="{attr(name)}">'
                    f'<option value="">all</option>{opts}</select></label>')

        outlets = [(o, f"{o} ({n})") for o, n in self.outlet_options.most_common()]
        accounts = [(a, f"{a} ({n})") for a, n in self.account_options.most_common()]
        types = [(t, t.replace("_", " ")) for t in MATCH_TYPES]
        statuses = [(s, ATTRIBUTION_LABEL[s]) for s in ATTRIBUTION_ORDER
                    if any(k[1] == s for k in self.by_type_attr) or s != NOT_ANALYSED]
        return (
            '<form class="filters" role="search" autocomplete="off">'
            + select("outlet", "outlet", outlets) + select("account", "account", accounts)
            + select("type", "match type", types) + select("attribution", "attribution", statuses)
            + '<label class="q">search <input type="search" id="q" placeholder="text, id, title…"></label>'
            f'<button type="reset" id="reset">reset</button> <output id="shown">{len(self.cards)}</output>'
            f" of {len(self.cards)} cards</form>"
        )


class ReportFiles:
    """The optional CSV and HTML outputs of one check, fed result by result.

    Both are written under temporary names and renamed when the check completes, like the JSONL
    output; a failed or interrupted check leaves no half-written report. Use as a context
    manager; set `skipped` and `seconds` before it closes.
    """

    def __init__(self, csv_path: Path | None, html_path: Path | None,
                 article_text: ArticleText | None, meta: ReportMeta | None = None) -> None:
        for path in (csv_path, html_path):
            if path is not None and not path.parent.is_dir():
                raise InputError(f"cannot write {path}: no folder {path.parent}")
        self.csv_path, self.html_path = csv_path, html_path
        self.meta = meta or ReportMeta()
        self.html = HtmlReport(article_text, self.meta) if html_path else None
        self._csv_fh: IO[str] | None = None
        self.csv: CsvReport | None = None
        self._csv_tmp: Path | None = None
        if csv_path is not None:
            self._csv_tmp = csv_path.with_name(f".{csv_path.name}.partial-{os.getpid()}")
            try:
                # utf-8-sig: spreadsheet programs then read non-Latin text correctly
                self._csv_fh = open(self._csv_tmp, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            except OSError as exc:
                raise InputError(f"cannot write {csv_path}: {exc.strerror}") from None
            self.csv = CsvReport(self._csv_fh, article_text)
        self.skipped = 0
        self.seconds: float | None = None
        self.html_bytes: int | None = None

    def add(self, result: Mapping[str, Any], post_text: str | None = None) -> None:
        if self.csv is not None:
            self.csv.add(result, post_text)
        if self.html is not None:
            self.html.add(result, post_text)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._csv_fh is not None:
            self._csv_fh.close()
        if exc_type is not None:
            if self._csv_tmp is not None:
                self._csv_tmp.unlink(missing_ok=True)
            return
        if self.csv_path is not None and self._csv_tmp is not None:
            try:
                os.replace(self._csv_tmp, self.csv_path)
            except OSError as e:
                self._csv_tmp.unlink(missing_ok=True)
                raise InputError(f"cannot write {self.csv_path}: {e.strerror}") from None
        if self.html is not None and self.html_path is not None:
            self.meta.skipped = self.skipped
            self.meta.seconds = self.seconds
            self.html_bytes = self.html.write(self.html_path)

    def lines(self) -> list[str]:
        """What was written, for the closing summary."""
        out = []
        if self.csv is not None:
            out.append(f"CSV: {self.csv.rows} rows in {self.csv_path}")
        if self.html is not None and self.html_bytes is not None:
            out.append(f"HTML report: {len(self.html.cards)} cards, {self.html_bytes / 1e6:.1f} MB in {self.html_path}")
        return out


def _num(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "?"


def _sha256(source: str) -> str:
    """A CSP hash source for an inline <script> or <style> body."""
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _short_time(value: Any) -> str:
    """"2019-10-27T09:36:50+00:00" -> "2019-10-27 09:36" (UTC); other strings unchanged."""
    if not value:
        return ""
    parsed = parse_time(value)
    if parsed is None:
        return str(value)[:40]
    parsed = parsed.astimezone(timezone.utc)
    return parsed.strftime("%Y-%m-%d %H:%M") if (parsed.hour or parsed.minute) else parsed.strftime("%Y-%m-%d")


_SIGNAL_LABELS = {
    "lexical_containment": "lexical containment",
    "semantic": "semantic",
    "longest_exact": "longest exact",
    "aligned": "aligned",
}


def _signals(signals: Any) -> str:
    if not isinstance(signals, dict):
        return ""
    parts = []
    for key, value in signals.items():
        label = _SIGNAL_LABELS.get(key, str(key).replace("_", " "))
        if isinstance(value, dict):
            shown = ", ".join(f"{k} {v:.2f}" if isinstance(v, (int, float)) else f"{k} {v}" for k, v in value.items())
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            shown = f"{value:.2f}"
        else:
            shown = str(value)
        parts.append(f"{label} {shown}")
    return esc(" · ".join(parts))


_CSS = """
:root{--fg:#1b1f24;--mut:#5b6570;--bg:#fff;--card:#f7f8fa;--line:#d9dee3;
--a0:#ffe08a;--a1:#b5e3ff;--a2:#c9f2c0;--a3:#f7c9f0;--a4:#ffd2b3;--ev:#d0302f;
--un:#c0392b;--evs:#d68910;--at:#1e8449;--na:#8a939c}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
header.top,main{max-width:1200px;margin:0 auto;padding:0 14px}
h1{font-size:1.4rem;margin:14px 0 6px}h2{font-size:1.1rem;margin:18px 0 6px}
h4{margin:0 0 4px;font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--mut)}
dl.ov{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:.9rem}
dl.ov dt{color:var(--mut)}dl.ov dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;font-size:.9rem;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
td{text-align:right}td:first-child{text-align:left}caption{text-align:left;font-weight:600;padding:4px 0}
.summary{display:flex;flex-wrap:wrap;gap:8px 28px;align-items:flex-start}.scroll{overflow-x:auto;max-width:100%}
.timeline svg{width:100%;height:110px;background:var(--card);border:1px solid var(--line)}
.axis{display:flex;justify-content:space-between;font-size:.8rem;color:var(--mut)}
rect.s-unattributed{fill:var(--un)}rect.s-evasive{fill:var(--evs)}rect.s-attributed{fill:var(--at)}rect.s-none{fill:var(--na)}
.lg{display:inline-block;margin-right:12px;font-size:.8rem}.lg::before{content:"";display:inline-block;width:10px;height:10px;margin-right:4px;background:var(--na)}
.lg.s-unattributed::before{background:var(--un)}.lg.s-evasive::before{background:var(--evs)}.lg.s-attributed::before{background:var(--at)}
th.s-unattributed,.n-unattributed{color:var(--un)}th.s-evasive{color:var(--evs)}th.s-attributed{color:var(--at)}
button.acct{font:inherit;background:none;border:0;padding:0;color:#0b57d0;cursor:pointer;text-align:left;overflow-wrap:anywhere}
.hint{font-size:.8rem;color:var(--mut)}
form.filters{position:sticky;top:0;z-index:2;background:var(--bg);border-bottom:1px solid var(--line);padding:8px 0;margin:14px 0 10px;
display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;font-size:.85rem}
form.filters select,form.filters input{font:inherit;max-width:14em;padding:3px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin:0 0 12px}
.card>header{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline;font-size:.9rem;margin-bottom:6px}
.who{font-weight:600}.tag{background:#e8ebef;border-radius:4px;padding:0 5px;font-size:.8rem}
.tag.state{background:#fde2e0;color:#8e1b12}time,.aid{color:var(--mut);font-size:.8rem}
.badges{display:flex;flex-wrap:wrap;gap:4px;margin:4px 0}
.b{border-radius:10px;padding:1px 8px;font-size:.78rem;background:#e8ebef}
.b.s-unattributed{background:var(--un);color:#fff}.b.s-evasive{background:var(--evs);color:#fff}
.b.s-attributed{background:var(--at);color:#fff}.b.warn,p.warn{color:#8e1b12}
.src{font-size:.85rem;margin:2px 0 6px;display:flex;flex-wrap:wrap;gap:4px 8px;align-items:baseline}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.pair>div{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:8px;min-width:0}
.txt{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
mark{border-radius:2px;padding:0 1px;color:inherit}
mark.a0{background:var(--a0)}mark.a1{background:var(--a1)}mark.a2{background:var(--a2)}mark.a3{background:var(--a3)}mark.a4{background:var(--a4)}
mark.ev{background:none;outline:2px solid var(--ev);outline-offset:0}mark.a0.ev,mark.a1.ev,mark.a2.ev,mark.a3.ev,mark.a4.ev{outline:2px solid var(--ev)}
.gap,.na{color:var(--mut)}
.cc{display:inline-block;font:10px/1.2 ui-monospace,monospace;border:1px solid var(--ev);color:var(--ev);border-radius:3px;padding:0 2px;margin:0 1px;vertical-align:middle}
ul.evidence{margin:6px 0 0;padding-left:18px;font-size:.85rem}
.sig{font-size:.78rem;color:var(--mut);margin:6px 0 0}
details.more{margin-top:8px}details.more summary{cursor:pointer;font-size:.85rem;color:var(--mut)}
.match.miss{opacity:.45}
.match+.match,details .match{border-top:1px dashed var(--line);padding-top:8px;margin-top:8px}
[hidden]{display:none!important}
@media (max-width:700px){body{font-size:14px}th,td{padding:3px 5px}.pair{grid-template-columns:1fr}dl.ov{grid-template-columns:1fr}dl.ov dt{margin-top:4px}
form.filters select,form.filters input{max-width:100%}form.filters label{flex:1 1 45%}}
@media print{form.filters{display:none}.card{break-inside:avoid}}
"""

# The only script in the report (allowed by its hash in the CSP). It reads and toggles elements;
# it never writes markup (no innerHTML), so no text from the data can become code.
_SCRIPT = """
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  var q = document.getElementById("q");
  var shown = document.getElementById("shown");
  var none = document.getElementById("none");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var cards = Array.prototype.slice.call(document.querySelectorAll("#cards > .card"));
  var texts = null;
  function apply() {
    var f = {};
    selects.forEach(function (s) { if (s.value !== "") { f[s.dataset.filter] = s.value; } });
    var needle = q.value.trim().toLowerCase();
    if (needle && texts === null) {
      texts = cards.map(function (c) { return c.textContent.toLowerCase(); });
    }
    var n = 0;
    cards.forEach(function (card, i) {
      var ok = !("account" in f) || card.dataset.account === f.account;
      if (ok) {
        var any = false;
        card.querySelectorAll(".match").forEach(function (m) {
          var hit = (!("outlet" in f) || m.dataset.outlet === f.outlet) &&
                    (!("type" in f) || m.dataset.type === f.type) &&
                    (!("attribution" in f) || m.dataset.attribution === f.attribution);
          m.classList.toggle("miss", !hit);
          if (hit) { any = true; }
        });
        ok = any;
      }
      if (ok && needle) { ok = texts[i].indexOf(needle) !== -1; }
      card.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
    none.hidden = n !== 0;
  }
  var timer = null;
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button.acct") : null;
    if (!b) { return; }
    selects.forEach(function (s) {
      if (s.dataset.filter === "account") { s.value = b.dataset.account; }
    });
    apply();
    form.scrollIntoView();
  });
})();
"""
