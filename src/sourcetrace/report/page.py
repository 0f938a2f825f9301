"""The HTML evidence report: one self-contained page with a summary, a timeline, the accounts
that repost without credit, filters, and a card per matched post showing post and article side
by side with the copied passages highlighted."""

from __future__ import annotations

import base64
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .. import __version__
from ..accounts import AccountTally, is_state_media
from ..dates import to_datetime
from ..fileio import atomic_write
from ..records import Post
from ..results import (
    LATER_MAX_DAYS,
    MATCH_TYPES,
    NO_OUTLET,
    NOT_ANALYSED,
    OLDER_MAX_DAYS,
    Match,
    Result,
    as_result,
    counted,
    credit_note,
    doubt_note,
    is_number,
    outlet_label,
)
from .assets import CSS, SCRIPT
from .csvfile import ArticleText
from .markup import _link, attr, esc, highlighted, match_marks, safe_url

ATTRIBUTION_ORDER = ("unattributed", "evasive", "attributed", NOT_ANALYSED)
ATTRIBUTION_LABEL = {
    "unattributed": "unattributed",
    "evasive": "evasive credit",
    "attributed": "attributed",
    NOT_ANALYSED: "not analysed",
}


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

    # What a page built on the report may change (sourcetrace.serve's web page): where its forms
    # may post, style rules added to the report's (allowed by hash with it), and HTML put at the
    # top of <main> (already escaped).
    form_action = "'none'"
    extra_css = ""

    def lead(self) -> str:
        """HTML put before the summary (nothing in a report file)."""
        return ""

    def __init__(self, article_text: ArticleText | None = None, meta: ReportMeta | None = None,
                 max_cards: int = 20_000, state_of: Callable[[str | None], bool] = is_state_media) -> None:
        self.article_text = _CachedTexts(article_text)
        self.meta = meta or ReportMeta()
        self.max_cards = max_cards
        self.state_of = state_of
        self.posts = 0
        self.copies = 0
        self.held_later = 0  # posts whose only matches were held back (Result.held_later)
        self.held_older = 0  # ... held back for an article months older (Result.held_older), none later
        self.cards: list[str] = []
        self.by_type_attr: Counter[tuple[str, str]] = Counter()
        self.by_outlet: Counter[str] = Counter()
        self.unattributed_by_outlet: Counter[str] = Counter()
        self.account_options: Counter[str] = Counter()
        self.days: dict[date, Counter[str]] = defaultdict(Counter)
        self.undated = 0
        self.accounts = AccountTally(state_of)

    # ---- collecting ----

    def add(self, result: Result | Mapping[str, Any], post_text: str | None = None) -> None:
        """Count one result (any status; a JSON object is read with Result.from_dict) and render
        its card if it has matches; `post_text` defaults to the result's post text."""
        result = as_result(result)
        self.posts += 1
        self.accounts.add(result, post_text)
        top = result.top
        if top is None:
            self.held_later += bool(result.held_later)
            self.held_older += bool(result.held_older) and not result.held_later
            return
        self.copies += 1
        status = top.attribution_status
        outlet = outlet_label(top.article.outlet)
        self.by_type_attr[(top.match_type or "?", status)] += 1
        self.by_outlet[outlet] += 1
        if status == "unattributed":
            self.unattributed_by_outlet[outlet] += 1
        created = to_datetime(result.post.created_at)
        if created is None:
            self.undated += 1
        else:
            self.days[created.astimezone(timezone.utc).date()][status] += 1
        post = result.post
        # one account by its accounts.account_key, named as the ranking names it: trial 108's
        # "@economia_oriente" and "economia_oriente" were two options, and a click on the one
        # in the ranking hid the other's cards
        account = self.accounts.shown(post.author)
        self.account_options[account] += 1
        if len(self.cards) < self.max_cards:
            text = post_text if post_text is not None else post.text
            self.cards.append(self._card(post, text, result.matches, account))

    def _card(self, post: Post, text: str, matches: list[Match], account: str) -> str:
        """A card; `account` is the name of its author's account (`AccountTally.shown`), which the
        account filter compares; the post's author is shown as written."""
        author = post.author or ""
        head = [f'<b class="pid">{esc(post.id)}</b>']
        if author:
            head.append(f'<span class="who">{esc(author)}</span>')
        for value in (post.platform, post.lang):
            if value:
                head.append(f'<span class="tag">{esc(value)}</span>')
        if post.created_at:
            head.append(f'<time>{esc(_short_time(post.created_at))}</time>')
        if safe_url(post.url):
            head.append(_link(post.url, "post ↗"))
        body = [self._match(m, text, k) for k, m in enumerate(matches)]
        more = ""
        if len(body) > 1:
            more = (f'<details class="more"><summary>{len(body) - 1} more match'
                    f'{"es" if len(body) > 2 else ""}</summary>{"".join(body[1:])}</details>')
        # the filters read the top match (what the tables count as the copy), not any match: trial
        # 108's outlet filter counted every match (xinhua 18, mfa 1) beside a table of top matches
        # (xinhua 15, no mfa), and picking mfa showed cards whose copy was of another outlet
        top = matches[0]
        return (f'<article class="card" data-account="{attr(account)}"'
                f' data-outlet="{attr(outlet_label(top.article.outlet))}" data-type="{attr(top.match_type or "?")}"'
                f' data-attribution="{attr(top.attribution_status)}">'
                f'<header>{" ".join(head)}</header>{body[0]}{more}</article>')

    def _match(self, m: Match, post_text: str, rank: int) -> str:
        art = m.article
        outlet = outlet_label(art.outlet)
        mtype = m.match_type or "?"
        status = m.attribution_status
        attribution = m.attribution
        post_marks, art_marks = match_marks(m)
        article_text = self.article_text(art.id)
        conf_s = "?" if math.isnan(m.confidence) else f"{m.reported_confidence:.2f}"

        badges = [
            f'<span class="b t-{attr(mtype)}">{esc(mtype.replace("_", " "))}</span>',
            f'<span class="b conf" title="calibrated confidence">{esc(conf_s)}</span>',
            f'<span class="b s-{attr(status)}">{esc(ATTRIBUTION_LABEL[status])}</span>',
        ]
        if attribution and attribution.credited:
            badges.append(f'<span class="b">{esc(credit_note(attribution, art.outlet, art.origin))}</span>')
        if m.source_first is False:
            badges.append('<span class="b warn" title="the post is dated before the article">'
                          'post predates article</span>')

        title = art.title or art.id or "article"
        src = [f'<span class="tag">{esc(outlet)}</span>']
        if self.state_of(art.outlet):
            src.append('<span class="tag state">state media</span>')
        src.append(_link(art.url, title))
        if art.published_at:
            src.append(f'<time>{esc(_short_time(art.published_at))}</time>')
        if art.lang:
            src.append(f'<span class="tag">{esc(art.lang)}</span>')
        src.append(f'<span class="aid">{esc(art.id)}</span>')

        if article_text:
            article_html = highlighted(article_text, art_marks)
        else:
            article_html = '<i class="na">article text not available (not in this index)</i>'
        post_html = highlighted(post_text, post_marks, context=400, whole_below=4000, max_chars=4000)

        evidence = ""
        if attribution:
            items = [f'<li><code>{esc(ev.rule or "?")}</code> <mark class="ev">{esc(ev.text)}</mark></li>'
                     for ev in attribution.evidence]
            if items:
                evidence = f'<ul class="evidence">{"".join(items)}</ul>'
        return (
            f'<section class="match" data-outlet="{attr(outlet)}" data-type="{attr(mtype)}"'
            f' data-attribution="{attr(status)}">'
            f'<div class="badges">{"".join(badges)}</div>'
            f'<div class="src">{" ".join(src)}</div>'
            f'<div class="pair"><div><h4>Post</h4><p class="txt" dir="auto">{post_html}</p></div>'
            f'<div><h4>Article passage</h4><p class="txt" dir="auto">{article_html}</p></div></div>'
            f'{evidence}{_match_evidence(m.evidence, m.article.lang)}<p class="sig">{_signals(m.signals)}</p></section>'
        )

    # ---- rendering ----

    def render(self) -> str:
        """The whole report as one HTML string."""
        script, css = SCRIPT, CSS + self.extra_css
        # only this style sheet and this script may apply (by hash); no network, no plugins
        csp = (f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(script)}'; "
               f"img-src data:; base-uri 'none'; form-action {self.form_action}")
        omitted = self.copies - len(self.cards)
        note = (f'<p class="warn">{omitted:,} more matched posts are counted above but have no '
                f'card (limit {self.max_cards:,}); see the JSONL or CSV output.</p>') if omitted > 0 else ""
        return "".join([
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{attr(csp)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(self.meta.title)}</title><style>{css}</style></head><body>",
            f'<header class="top"><h1>{esc(self.meta.title)}</h1>{self._overview()}</header>',
            f"<main>{self.lead()}{self._summary()}{self._timeline()}{self._accounts()}",
            self._filters(),
            f'<div id="cards">{"".join(self.cards)}</div>{note}',
            '<p id="none" hidden>No card fits these filters.</p></main>',
            f"<script>{script}</script></body></html>",
        ])

    def write(self, path: Path) -> int:
        """Write the report atomically (temporary file, then rename); return its size in bytes."""
        data = self.render().encode("utf-8")
        with atomic_write(path, "wb", through=True) as fh:
            fh.write(data)
        return len(data)

    def _overview(self) -> str:
        meta = self.meta
        rows = [("generated", f"{meta.generated_at} by sourcetrace {__version__}")]
        if meta.inputs:
            rows.append(("posts from", ", ".join(meta.inputs)))
        line = f"{counted(self.posts, 'post')} checked: {self.copies:,} copy, {self.posts - self.copies:,} no match"
        if meta.skipped:
            line += f"; {counted(meta.skipped, 'bad record')} skipped"
        if self.held_later:  # trial 12: the page never said so, while check's summary did
            line += (f"; {counted(self.held_later, 'post')} held back: a translation or paraphrase, which an"
                     f" encoder doubts, of an article dated more than {LATER_MAX_DAYS:.0f} days after the post"
                     " (held_later in the JSON results; --keep-later reports them)")
        if self.held_older:
            line += (f"; {counted(self.held_older, 'post')} held back: a translation or paraphrase, which an"
                     f" encoder doubts, of an article dated more than {OLDER_MAX_DAYS:.0f} days before the post"
                     " (held_older in the JSON results; --keep-later reports them)")
        if meta.seconds:
            line += f" ({meta.seconds:.1f}s)"
        rows.append(("result", line))
        info = meta.index
        if info:
            counts = info.get("counts") or {}
            sizes = f"{_num(counts.get('articles'), 'article')}, {_num(counts.get('passages'), 'passage')}"
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
            f'<tr><th>{esc(o)}{" <small>(state)</small>" if self.state_of(None if o == NO_OUTLET else o) else ""}</th>'
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
            label = f"{key.isoformat()}: {counted(total, 'copy', 'copies')} ({detail})"  # not "1 copies"
            rects.append(f"<g><title>{esc(label)}</title>{''.join(parts)}</g>")
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
            title = "" if name == "account" else ' title="of each card\'s top match, as the tables count"'
            return (f'<label{title}>{esc(label)} <select data-filter="{attr(name)}">'
                    f'<option value="">all</option>{opts}</select></label>')

        # counted as the "Outlets copied" table counts: each matched post once, by its top match
        outlets = [(o, f"{o} ({n})") for o, n in self.by_outlet.most_common()]
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
            f" of {counted(len(self.cards), 'card')}</form>"
        )


def _num(value: Any, noun: str) -> str:
    return counted(value, noun) if isinstance(value, int) else f"? {noun}s"


def _sha256(source: str) -> str:
    """A CSP hash source for an inline <script> or <style> body."""
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _short_time(value: Any) -> str:
    """"2019-10-27T09:36:50+00:00" -> "2019-10-27 09:36" (UTC); other strings unchanged."""
    if not value:
        return ""
    parsed = to_datetime(value)
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


def _match_evidence(evidence: Any, article_lang: str | None = None) -> str:
    """The evidence a match verdict rests on (verdict.decide): aligned pairs with their kind and
    score, shared anchors (numbers, dates, names) and the chance figures. Everything escaped:
    the values come from posts and articles, or from a results file someone else wrote."""
    if not isinstance(evidence, dict):
        return ""
    items = []
    given_pairs = evidence.get("pairs")
    pairs = given_pairs if isinstance(given_pairs, list) else []
    for pair in pairs[:12]:
        if not isinstance(pair, dict):
            continue
        score = pair.get("score")
        what = "exact stretch" if pair.get("kind") == "exact" else f"{pair.get('encoder') or 'encoder'} pair"
        shown = f" cosine {score:.2f}" if is_number(score) else ""
        items.append(f"{what}{shown}: post {pair.get('post')} ↔ article {pair.get('article')}")
    given_anchors = evidence.get("anchors")
    anchors = given_anchors if isinstance(given_anchors, list) else []
    shared = [f"{a.get('post')} = {a.get('article')}" for a in anchors[:12] if isinstance(a, dict)]
    if shared:
        items.append("shared anchors: " + "; ".join(str(x) for x in shared))
    chance = evidence.get("chance")
    if isinstance(chance, dict) and chance:
        items.append("chance: " + "; ".join(f"{k} {_figures(v)}" for k, v in chance.items()))
        note = doubt_note(evidence, article_lang)
        if note:
            items.append(note)
    if not items:
        return ""
    return '<ul class="evidence match-evidence">' + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def _figures(value: Any) -> str:
    """A chance figure as text: a number to 2 places, {encoder: number} as "use 0.99, e5 0.21", a
    list of figures as written ("missing_numbers": "tres millones, 35") (trial 50 saw "?")."""
    if is_number(value):
        return f"{value:.2f}"
    if isinstance(value, dict):  # one level: a results file from elsewhere may nest anything
        return ", ".join(f"{k} {v:.2f}" if is_number(v) else f"{k} ?" for k, v in list(value.items())[:12])
    if isinstance(value, list):
        return ", ".join(str(v)[:80] if isinstance(v, (str, int, float)) else "?" for v in value[:12])
    return str(value)[:80] if isinstance(value, (str, int, float, bool)) or value is None else "?"


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


